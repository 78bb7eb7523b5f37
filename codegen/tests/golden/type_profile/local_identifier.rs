/// `LocalIdentifier`: profile <https://example.org/fhir/StructureDefinition/LocalIdentifier> on [`Identifier`](crate::stu3::Identifier).
///
/// Not fields:
/// - `system` is fixed to `https://example.org/Id/local-number` ([`SYSTEM`](crate::careconnect::LocalIdentifier::SYSTEM); written on output, checked on input).
#[derive(Clone, PartialEq, Debug)]
pub struct LocalIdentifier {
    /// [`Identifier.use`](https://example.org/fhir/StructureDefinition/LocalIdentifier) · 0..1 · base [`Identifier::use_`](crate::stu3::Identifier::use_)
    ///
    /// - binding: required <http://hl7.org/fhir/ValueSet/identifier-use>, [`IdentifierUse`](crate::stu3::codes::IdentifierUse)
    pub use_: Option<crate::rt::Primitive<crate::stu3::codes::IdentifierUse>>,
    /// [`Identifier.value`](https://example.org/fhir/StructureDefinition/LocalIdentifier) · 1..1 · base [`Identifier::value`](crate::stu3::Identifier::value)
    pub value: crate::rt::Primitive<String>,
}
impl LocalIdentifier {
    /// `system` is fixed to this value (written on output, checked on input).
    pub const SYSTEM: &'static str = "https://example.org/Id/local-number";
    /// A value with the elements the profile requires (`value`); set the others on the fields.
    pub fn new(value: crate::rt::Primitive<String>) -> Self {
        LocalIdentifier {
            use_: None,
            value,
        }
    }
}
impl crate::rt::plumbing::Placeholder for LocalIdentifier {
    const PLACEHOLDER: Self = LocalIdentifier {
        use_: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        value: crate::rt::plumbing::Placeholder::PLACEHOLDER,
    };
}
impl crate::rt::plumbing::Narrow for LocalIdentifier {
    type Base = crate::stu3::Identifier;
    fn from_base(
        cx: &mut crate::rt::plumbing::Checker,
        v: crate::stu3::Identifier,
    ) -> Option<Self> {
        crate::rt::plumbing::narrow_new(cx, v)
    }
    #[allow(unused_variables, unused_mut)]
    fn narrow_rest(
        cx: &mut crate::rt::plumbing::Checker,
        out: &mut Self,
        v: crate::stu3::Identifier,
    ) -> bool {
        let mut v = v;
        let before = cx.count();
        cx.fixed(v.system.as_ref(), Self::SYSTEM, Self::SYSTEM, "system");
        out.use_ = v.use_;
        if let Some(x) = cx.required(v.value, "value") {
            out.value = x;
        }
        cx.count() == before
    }
    fn into_base(self) -> crate::stu3::Identifier {
        crate::stu3::Identifier {
            use_: self.use_,
            value: Some((::core::convert::identity)(self.value)),
            system: Some(
                crate::rt::Primitive::from(::std::string::String::from(Self::SYSTEM)),
            ),
            ..<crate::stu3::Identifier as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
    fn write_base_json(&self, w: &mut crate::rt::JsonWriter) {
        w.begin_object();
        crate::rt::value::Slot::write_json(&self.use_, "use", w);
        crate::rt::write_base::same(
            ::core::option::Option::Some(
                &crate::rt::Primitive::from(::std::string::String::from(Self::SYSTEM)),
            ),
            "system",
            "",
            w,
        );
        crate::rt::write_base::same(
            ::core::option::Option::Some(&self.value),
            "value",
            "",
            w,
        );
        w.end_object();
    }
}
#[cfg(feature = "derive")]
crate::__careconnect_elements! {
    LocalIdentifier { 5499651717430306356u64 => use_ : opt crate ::rt::Primitive < crate
    ::stu3::codes::IdentifierUse >; 8999596768310594794u64 => value : one crate
    ::rt::Primitive < String >; }
}
impl crate::rt::profile::Profile for LocalIdentifier {
    const URL: &'static str = "https://example.org/fhir/StructureDefinition/LocalIdentifier";
    const ROOT: &'static str = "Identifier";
}
impl ::core::convert::TryFrom<crate::stu3::Identifier> for LocalIdentifier {
    type Error = crate::rt::profile::Conformance;
    fn try_from(v: crate::stu3::Identifier) -> Result<Self, Self::Error> {
        <Self as crate::rt::profile::Profile>::try_from_base(v)
    }
}
impl ::core::convert::From<LocalIdentifier> for crate::stu3::Identifier {
    fn from(v: LocalIdentifier) -> Self {
        crate::rt::plumbing::Narrow::into_base(v)
    }
}
#[cfg(feature = "serde")]
impl crate::rt::serde::Serialize for LocalIdentifier {
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
impl<'de> crate::rt::serde::Deserialize<'de> for LocalIdentifier {
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
    name: "LocalIdentifier",
    url: "https://example.org/fhir/StructureDefinition/LocalIdentifier",
    elements: &[
        crate::rt::derive::Fact::field("use", 0, 1, [65535, 1, 2, 65535]),
        crate::rt::derive::Fact::fixed("system", 0, 1, [65535, 2, 2, 65535]),
        crate::rt::derive::Fact::field("value", 1, 1, [65535, 3, 3, 65535]),
    ],
    index: &[
        (0u64, 65535),
        (0u64, 65535),
        (8999596768310594794u64, 2),
        (0u64, 65535),
        (5499651717430306356u64, 0),
        (13814046143737672956u64, 1),
        (0u64, 65535),
        (0u64, 65535),
    ],
};
#[cfg(feature = "derive")]
impl crate::rt::derive::ProfileSchema for LocalIdentifier {
    const SCHEMA: &'static crate::rt::derive::Schema = &SCHEMA;
}
