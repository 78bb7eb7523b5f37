/// `Coding` as several profiles constrain it; stands for:
/// - `Observation.code.coding` in <https://example.org/fhir/StructureDefinition/ObservationSnomedCodeAndCategory>
/// - `Observation.code.coding` in <https://example.org/fhir/StructureDefinition/ObservationSnomedCodeAndCategoryToo>
///
/// Not fields:
/// - `Observation.code.coding.system` is fixed to `http://snomed.info/sct` (written on output, checked on input).
#[derive(Clone, PartialEq, Debug)]
pub struct CareConnectSctCodeRequiredCoding {
    /// `Coding.code` · 1..1
    pub code: crate::rt::Primitive<String>,
    /// `Coding.display` · 0..1
    pub display: Option<crate::rt::Primitive<String>>,
    order: crate::rt::profile::SliceOrder,
}
impl CareConnectSctCodeRequiredCoding {
    /// A value with the elements the profile requires (`code`); set the others on the fields.
    pub fn new(code: crate::rt::Primitive<String>) -> Self {
        CareConnectSctCodeRequiredCoding {
            code,
            display: None,
            order: crate::rt::profile::SliceOrder::default(),
        }
    }
}
impl crate::rt::profile::Placeholder for CareConnectSctCodeRequiredCoding {
    const PLACEHOLDER: Self = CareConnectSctCodeRequiredCoding {
        code: crate::rt::profile::Placeholder::PLACEHOLDER,
        display: crate::rt::profile::Placeholder::PLACEHOLDER,
        order: crate::rt::profile::SliceOrder::EMPTY,
    };
}
impl crate::rt::profile::Narrow for CareConnectSctCodeRequiredCoding {
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
        if let Some(x) = cx.required(v.code, "code") {
            out.code = x;
        }
        out.display = v.display;
        (cx.count() == before).then_some(out)
    }
    fn into_base(self) -> crate::stu3::Coding {
        crate::stu3::Coding {
            code: Some((::core::convert::identity)(self.code)),
            display: self.display,
            system: crate::rt::profile::fixed_value("http://snomed.info/sct"),
            ..<crate::stu3::Coding as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
}
