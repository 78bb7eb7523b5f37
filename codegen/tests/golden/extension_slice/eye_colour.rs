/// `EyeColour`: profile <https://example.org/fhir/StructureDefinition/Extension-EyeColour> on [`Extension`](crate::stu3::Extension).
///
/// Not fields:
/// - `url` is fixed to `https://example.org/fhir/StructureDefinition/Extension-EyeColour` ([`URL`](crate::careconnect::EyeColour::URL); written on output, checked on input).
#[derive(Clone, PartialEq, Debug)]
pub struct EyeColour {
    /// [`Extension.extension`](https://example.org/fhir/StructureDefinition/Extension-EyeColour) · 0..* · base [`Extension::extension`](crate::stu3::Extension::extension)
    pub extension: Vec<crate::stu3::Extension>,
    /// [`Extension.value[x]`](https://example.org/fhir/StructureDefinition/Extension-EyeColour) · 1..1 · base [`Extension::value`](crate::stu3::Extension::value)
    ///
    /// - types: CodeableConcept
    pub value: crate::stu3::CodeableConcept,
}
impl EyeColour {
    /// `url` is fixed to this value (written on output, checked on input).
    pub const URL: &'static str = "https://example.org/fhir/StructureDefinition/Extension-EyeColour";
    /// A value with the elements the profile requires (`value`); set the others on the fields.
    pub fn new(value: crate::stu3::CodeableConcept) -> Self {
        EyeColour {
            extension: Vec::new(),
            value,
        }
    }
}
impl crate::rt::plumbing::Placeholder for EyeColour {
    const PLACEHOLDER: Self = EyeColour {
        extension: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        value: crate::rt::plumbing::Placeholder::PLACEHOLDER,
    };
}
impl crate::rt::plumbing::Narrow for EyeColour {
    type Base = crate::stu3::Extension;
    fn from_base(
        cx: &mut crate::rt::plumbing::Checker,
        v: crate::stu3::Extension,
    ) -> Option<Self> {
        crate::rt::plumbing::narrow_new(cx, v)
    }
    #[allow(unused_variables, unused_mut)]
    fn narrow_rest(
        cx: &mut crate::rt::plumbing::Checker,
        out: &mut Self,
        v: crate::stu3::Extension,
    ) -> bool {
        let mut v = v;
        let before = cx.count();
        cx.fixed_attribute(Some(v.url.as_str()), Self::URL, "url");
        out.extension = v.extension;
        if let Some(x) = crate::rt::plumbing::req(
            cx,
            v.value,
            "valueCodeableConcept",
            |cx, x| match x {
                crate::stu3::AnyValue::CodeableConcept(y) => {
                    (crate::rt::plumbing::keep)(cx, *y)
                }
                other => {
                    crate::rt::plumbing::wrong_choice(cx, &other, &["CodeableConcept"]);
                    None
                }
            },
        ) {
            out.value = x;
        }
        cx.count() == before
    }
    fn into_base(self) -> crate::stu3::Extension {
        crate::stu3::Extension {
            extension: self.extension,
            value: Some(
                (|p| crate::stu3::AnyValue::CodeableConcept(
                    Box::new((::core::convert::identity)(p)),
                ))(self.value),
            ),
            url: ::std::string::String::from(Self::URL),
            ..<crate::stu3::Extension as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
    fn write_base_json(&self, w: &mut crate::rt::JsonWriter) {
        w.begin_object();
        crate::rt::value::Slot::write_json(&self.extension, "extension", w);
        crate::rt::write_base::same(
            ::core::option::Option::Some(&::std::string::String::from(Self::URL)),
            "url",
            "",
            w,
        );
        crate::rt::write_base::same(
            ::core::option::Option::Some(&self.value),
            "value",
            "CodeableConcept",
            w,
        );
        w.end_object();
    }
}
#[cfg(feature = "derive")]
crate::__careconnect_elements! {
    EyeColour { 2270616358835251226u64 => extension : vec crate ::stu3::Extension;
    8999596768310594794u64 => value : one crate ::stu3::CodeableConcept;
    12380412433739756981u64 => value : one crate ::stu3::CodeableConcept; }
}
impl crate::rt::profile::Profile for EyeColour {
    const URL: &'static str = "https://example.org/fhir/StructureDefinition/Extension-EyeColour";
    const ROOT: &'static str = "Extension";
}
impl ::core::convert::TryFrom<crate::stu3::Extension> for EyeColour {
    type Error = crate::rt::profile::Conformance;
    fn try_from(v: crate::stu3::Extension) -> Result<Self, Self::Error> {
        <Self as crate::rt::profile::Profile>::try_from_base(v)
    }
}
impl ::core::convert::From<EyeColour> for crate::stu3::Extension {
    fn from(v: EyeColour) -> Self {
        crate::rt::plumbing::Narrow::into_base(v)
    }
}
#[cfg(feature = "serde")]
impl crate::rt::serde::Serialize for EyeColour {
    fn serialize<S: crate::rt::serde::Serializer>(
        &self,
        serializer: S,
    ) -> ::core::result::Result<S::Ok, S::Error> {
        crate::rt::serde::serialize_json_text(
            &<Self as crate::rt::profile::Profile>::to_json(self),
            serializer,
        )
    }
}
#[cfg(feature = "serde")]
impl<'de> crate::rt::serde::Deserialize<'de> for EyeColour {
    fn deserialize<D: crate::rt::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::core::result::Result<Self, D::Error> {
        crate::rt::serde::deserialize_json_text(
            deserializer,
            |json| { <Self as crate::rt::profile::Profile>::from_json(json) },
        )
    }
}
#[cfg(feature = "derive")]
static SCHEMA: crate::rt::derive::Schema = crate::rt::derive::Schema {
    name: "Extension-EyeColour",
    url: "https://example.org/fhir/StructureDefinition/Extension-EyeColour",
    elements: &[
        crate::rt::derive::Fact::field("extension", 0, u32::MAX, [65535, 1, 1, 65535]),
        crate::rt::derive::Fact::fixed("url", 1, 1, [65535, 2, 2, 65535]),
        crate::rt::derive::Fact::choice("value", 1, 1, [65535, 3, 4, 65535]),
        crate::rt::derive::Fact::typed("valueCodeableConcept", [65535, 4, 4, 65535], 2),
    ],
    index: &[
        (0u64, 65535),
        (0u64, 65535),
        (2270616358835251226u64, 0),
        (8999596768310594794u64, 2),
        (0u64, 65535),
        (12380412433739756981u64, 3),
        (5498485135592963710u64, 1),
        (0u64, 65535),
    ],
};
#[cfg(feature = "derive")]
impl crate::rt::derive::ProfileSchema for EyeColour {
    const SCHEMA: &'static crate::rt::derive::Schema = &SCHEMA;
}
