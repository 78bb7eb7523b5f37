/// [`Coding`](crate::stu3::Coding) as several profiles constrain it; stands for:
/// - `Observation.category.coding` in <https://example.org/fhir/StructureDefinition/ObservationSnomedCategory>
/// - `Observation.code.coding` in <https://example.org/fhir/StructureDefinition/ObservationSnomedCode>
///
/// Not fields:
/// - `system` is fixed to `http://snomed.info/sct` ([`SYSTEM`](crate::careconnect::CareConnectSctCoding::SYSTEM); written on output, checked on input).
#[derive(Clone, PartialEq, Debug)]
pub struct CareConnectSctCoding {
    /// `code` · 0..1 · base [`Coding::code`](crate::stu3::Coding::code)
    pub code: Option<crate::rt::Primitive<String>>,
    /// `display` · 0..1 · base [`Coding::display`](crate::stu3::Coding::display)
    pub display: Option<crate::rt::Primitive<String>>,
}
impl CareConnectSctCoding {
    /// `system` is fixed to this value (written on output, checked on input).
    pub const SYSTEM: &'static str = "http://snomed.info/sct";
    /// A value with nothing set.
    pub fn new() -> Self {
        CareConnectSctCoding {
            code: None,
            display: None,
        }
    }
}
impl ::core::default::Default for CareConnectSctCoding {
    fn default() -> Self {
        Self::new()
    }
}
impl crate::rt::plumbing::Placeholder for CareConnectSctCoding {
    const PLACEHOLDER: Self = CareConnectSctCoding {
        code: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        display: crate::rt::plumbing::Placeholder::PLACEHOLDER,
    };
}
impl crate::rt::plumbing::Narrow for CareConnectSctCoding {
    type Base = crate::stu3::Coding;
    fn from_base(
        cx: &mut crate::rt::plumbing::Checker,
        v: crate::stu3::Coding,
    ) -> Option<Self> {
        crate::rt::plumbing::narrow_new(cx, v)
    }
    #[allow(unused_variables, unused_mut)]
    fn narrow_rest(
        cx: &mut crate::rt::plumbing::Checker,
        out: &mut Self,
        v: crate::stu3::Coding,
    ) -> bool {
        let mut v = v;
        let before = cx.count();
        cx.fixed(v.system.as_ref(), Self::SYSTEM, Self::SYSTEM, "system");
        out.code = v.code;
        out.display = v.display;
        cx.count() == before
    }
    fn into_base(self) -> crate::stu3::Coding {
        crate::stu3::Coding {
            code: self.code,
            display: self.display,
            system: Some(
                crate::rt::Primitive::from(::std::string::String::from(Self::SYSTEM)),
            ),
            ..<crate::stu3::Coding as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
    fn write_base_json(&self, w: &mut crate::rt::JsonWriter) {
        w.begin_object();
        crate::rt::write_base::same(
            ::core::option::Option::Some(
                &crate::rt::Primitive::from(::std::string::String::from(Self::SYSTEM)),
            ),
            "system",
            "",
            w,
        );
        crate::rt::value::Slot::write_json(&self.code, "code", w);
        crate::rt::value::Slot::write_json(&self.display, "display", w);
        w.end_object();
    }
}
#[cfg(feature = "derive")]
crate::__careconnect_elements! {
    CareConnectSctCoding { 843606417163895828u64 => code : opt crate ::rt::Primitive <
    String >; 16594936644586722965u64 => display : opt crate ::rt::Primitive < String >;
    }
}
