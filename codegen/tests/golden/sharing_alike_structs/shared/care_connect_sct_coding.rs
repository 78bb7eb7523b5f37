/// `Coding` as several profiles constrain it; stands for:
/// - `Observation.category.coding` in <https://example.org/fhir/StructureDefinition/ObservationSnomedCategory>
/// - `Observation.code.coding` in <https://example.org/fhir/StructureDefinition/ObservationSnomedCode>
///
/// Not fields:
/// - `Observation.category.coding.system` is fixed to `http://snomed.info/sct` (written on output, checked on input).
#[derive(Clone, PartialEq, Debug)]
pub struct CareConnectSctCoding {
    /// `Coding.code` · 0..1
    pub code: Option<crate::rt::Primitive<String>>,
    /// `Coding.display` · 0..1
    pub display: Option<crate::rt::Primitive<String>>,
    order: crate::rt::profile::SliceOrder,
}
impl CareConnectSctCoding {
    /// A value with nothing set.
    pub fn new() -> Self {
        CareConnectSctCoding {
            code: None,
            display: None,
            order: crate::rt::profile::SliceOrder::default(),
        }
    }
}
impl ::core::default::Default for CareConnectSctCoding {
    fn default() -> Self {
        Self::new()
    }
}
impl crate::rt::profile::Placeholder for CareConnectSctCoding {
    const PLACEHOLDER: Self = CareConnectSctCoding {
        code: crate::rt::profile::Placeholder::PLACEHOLDER,
        display: crate::rt::profile::Placeholder::PLACEHOLDER,
        order: crate::rt::profile::SliceOrder::EMPTY,
    };
}
impl crate::rt::profile::Narrow for CareConnectSctCoding {
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
        out.display = v.display;
        (cx.count() == before).then_some(out)
    }
    fn into_base(self) -> crate::stu3::Coding {
        crate::stu3::Coding {
            code: self.code,
            display: self.display,
            system: crate::rt::profile::fixed_value("http://snomed.info/sct"),
            ..<crate::stu3::Coding as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
}
