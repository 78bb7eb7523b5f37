/// `Coding` as several profiles constrain it; stands for:
/// - `Observation.category.coding` in <https://example.org/fhir/StructureDefinition/ObservationSnomedCodeAndCategory>
/// - `Observation.category.coding` in <https://example.org/fhir/StructureDefinition/ObservationSnomedCodeAndCategoryToo>
///
/// Not fields:
/// - `Observation.category.coding.system` is fixed to `http://snomed.info/sct` (written on output, checked on input).
#[derive(Clone, PartialEq, Debug)]
pub struct CareConnectSctDisplayRequiredCoding {
    /// `Coding.code` · 0..1
    pub code: Option<crate::rt::Primitive<String>>,
    /// `Coding.display` · 1..1
    pub display: crate::rt::Primitive<String>,
    order: crate::rt::profile::SliceOrder,
}
impl CareConnectSctDisplayRequiredCoding {
    /// A value with the elements the profile requires (`display`); set the others on the fields.
    pub fn new(display: crate::rt::Primitive<String>) -> Self {
        CareConnectSctDisplayRequiredCoding {
            code: None,
            display,
            order: crate::rt::profile::SliceOrder::default(),
        }
    }
}
impl crate::rt::profile::Placeholder for CareConnectSctDisplayRequiredCoding {
    const PLACEHOLDER: Self = CareConnectSctDisplayRequiredCoding {
        code: crate::rt::profile::Placeholder::PLACEHOLDER,
        display: crate::rt::profile::Placeholder::PLACEHOLDER,
        order: crate::rt::profile::SliceOrder::EMPTY,
    };
}
impl crate::rt::profile::Narrow for CareConnectSctDisplayRequiredCoding {
    type Base = crate::stu3::Coding;
    #[allow(unused_variables, unused_mut)]
    fn from_base(
        cx: &mut crate::rt::profile::Checker,
        v: crate::stu3::Coding,
    ) -> Option<Self> {
        let mut v = v;
        let before = cx.count();
        let mut out = <Self as crate::rt::profile::Placeholder>::PLACEHOLDER;
        cx.fixed(v.system.as_ref(), "http://snomed.info/sct", true, "system");
        out.code = v.code;
        if let Some(x) = cx.required(v.display, "display") {
            out.display = x;
        }
        (cx.count() == before).then_some(out)
    }
    fn into_base(self) -> crate::stu3::Coding {
        crate::stu3::Coding {
            code: self.code,
            display: Some((::core::convert::identity)(self.display)),
            system: crate::rt::profile::fixed_value("http://snomed.info/sct"),
            ..<crate::stu3::Coding as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
}
