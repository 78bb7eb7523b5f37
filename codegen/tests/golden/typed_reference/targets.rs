//! Markers for typed references: `Ref<targets::Organization>` may only point at an Organization.
/// References to [`Patient`](crate::stu3::Patient).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Patient;
impl crate::rt::profile::RefTargets for Patient {
    const TYPES: &'static [&'static str] = &["Patient"];
}
impl crate::rt::profile::RefTarget<crate::careconnect::targets::Patient>
for crate::stu3::Patient {
    const TYPE: &'static str = "Patient";
    fn ref_id(&self) -> Option<&str> {
        self.id.as_ref().and_then(|p| p.value.as_deref())
    }
}
