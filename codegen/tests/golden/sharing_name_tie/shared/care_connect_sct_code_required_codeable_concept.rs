/// [`CodeableConcept`](crate::stu3::CodeableConcept) as several profiles constrain it; stands for:
/// - `Observation.code` in <https://example.org/fhir/StructureDefinition/ObservationSnomedCodeAndCategory>
/// - `Observation.code` in <https://example.org/fhir/StructureDefinition/ObservationSnomedCodeAndCategoryToo>
#[derive(Clone, PartialEq, Debug)]
pub struct CareConnectSctCodeRequiredCodeableConcept {
    /// `coding` · 0..* · base [`CodeableConcept::coding`](crate::stu3::CodeableConcept::coding)
    pub coding: Vec<crate::careconnect::CareConnectSctCodeRequiredCoding>,
    /// `text` · 0..1 · base [`CodeableConcept::text`](crate::stu3::CodeableConcept::text)
    pub text: Option<crate::rt::Primitive<String>>,
}
impl CareConnectSctCodeRequiredCodeableConcept {
    /// A value with nothing set.
    pub fn new() -> Self {
        CareConnectSctCodeRequiredCodeableConcept {
            coding: Vec::new(),
            text: None,
        }
    }
}
impl ::core::default::Default for CareConnectSctCodeRequiredCodeableConcept {
    fn default() -> Self {
        Self::new()
    }
}
impl crate::rt::plumbing::Placeholder for CareConnectSctCodeRequiredCodeableConcept {
    const PLACEHOLDER: Self = CareConnectSctCodeRequiredCodeableConcept {
        coding: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        text: crate::rt::plumbing::Placeholder::PLACEHOLDER,
    };
}
impl crate::rt::plumbing::Narrow for CareConnectSctCodeRequiredCodeableConcept {
    type Base = crate::stu3::CodeableConcept;
    fn from_base(
        cx: &mut crate::rt::plumbing::Checker,
        v: crate::stu3::CodeableConcept,
    ) -> Option<Self> {
        crate::rt::plumbing::narrow_new(cx, v)
    }
    #[allow(unused_variables, unused_mut)]
    fn narrow_rest(
        cx: &mut crate::rt::plumbing::Checker,
        out: &mut Self,
        v: crate::stu3::CodeableConcept,
    ) -> bool {
        let mut v = v;
        let before = cx.count();
        crate::rt::plumbing::narrow_each(cx, &mut out.coding, v.coding, "coding");
        out.text = v.text;
        cx.count() == before
    }
    fn into_base(self) -> crate::stu3::CodeableConcept {
        crate::stu3::CodeableConcept {
            coding: crate::rt::plumbing::out_vec(
                self.coding,
                crate::rt::plumbing::Narrow::into_base,
            ),
            text: self.text,
            ..<crate::stu3::CodeableConcept as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
    fn write_base_json(&self, w: &mut crate::rt::JsonWriter) {
        w.begin_object();
        crate::rt::write_base::many(
            &crate::rt::write_base::Items(
                self.coding.as_slice(),
                crate::rt::plumbing::Narrow::write_base_json,
            ),
            "coding",
            w,
        );
        crate::rt::value::Slot::write_json(&self.text, "text", w);
        w.end_object();
    }
}
#[cfg(feature = "derive")]
crate::__careconnect_elements! {
    CareConnectSctCodeRequiredCodeableConcept { 364595036814884871u64 => coding : vec
    crate ::careconnect::CareConnectSctCodeRequiredCoding; 18015793717152399486u64 =>
    text : opt crate ::rt::Primitive < String >; }
}
