/// `LocalIdentifier`: profile <https://example.org/fhir/StructureDefinition/LocalIdentifier> on `Identifier`.
///
/// Not fields:
/// - `Identifier.system` is fixed to `https://example.org/Id/local-number` (written on output, checked on input).
#[derive(Clone, PartialEq, Debug)]
pub struct LocalIdentifier {
    /// `use` · 0..1
    pub use_: Option<crate::rt::Primitive<crate::stu3::codes::IdentifierUse>>,
    /// `value` · 1..1
    pub value: crate::rt::Primitive<String>,
    order: crate::rt::profile::SliceOrder,
}
impl LocalIdentifier {
    /// A value with the elements the profile requires (`value`); set the others on the fields.
    pub fn new(value: crate::rt::Primitive<String>) -> Self {
        LocalIdentifier {
            use_: None,
            value,
            order: crate::rt::profile::SliceOrder::default(),
        }
    }
}
impl crate::rt::profile::Placeholder for LocalIdentifier {
    const PLACEHOLDER: Self = LocalIdentifier {
        use_: crate::rt::profile::Placeholder::PLACEHOLDER,
        value: crate::rt::profile::Placeholder::PLACEHOLDER,
        order: crate::rt::profile::SliceOrder::EMPTY,
    };
}
impl crate::rt::profile::Narrow for LocalIdentifier {
    type Base = crate::stu3::Identifier;
    #[allow(unused_variables, unused_mut)]
    fn from_base(
        cx: &mut crate::rt::profile::Checker,
        v: crate::stu3::Identifier,
    ) -> Option<Self> {
        let mut v = v;
        let before = cx.count();
        let mut out = <Self as crate::rt::profile::Placeholder>::PLACEHOLDER;
        cx.fixed(
            v.system.as_ref(),
            "https://example.org/Id/local-number",
            true,
            "system",
        );
        out.use_ = v.use_;
        if let Some(x) = cx.required(v.value, "value") {
            out.value = x;
        }
        (cx.count() == before).then_some(out)
    }
    fn into_base(self) -> crate::stu3::Identifier {
        crate::stu3::Identifier {
            use_: self.use_,
            value: Some((::core::convert::identity)(self.value)),
            system: crate::rt::profile::fixed_value(
                "https://example.org/Id/local-number",
            ),
            ..<crate::stu3::Identifier as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
}
impl LocalIdentifier {}
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
        crate::rt::profile::Narrow::into_base(v)
    }
}
