/// `PatientNoOldIdentifier`: profile <https://example.org/fhir/StructureDefinition/PatientNoOldIdentifier> on `Patient`.
#[derive(Clone, PartialEq, Debug)]
pub struct PatientNoOldIdentifier {
    /// `id` · 0..1
    pub id: Option<crate::rt::Primitive<String>>,
    /// `extension` · 0..*
    pub extension: Vec<crate::stu3::Extension>,
    /// `identifier` · 0..* · the items no slice matches
    pub identifier: Vec<crate::stu3::Identifier>,
    /// `active` · 0..1
    pub active: Option<crate::rt::Primitive<bool>>,
    /// `gender` · 0..1
    pub gender: Option<crate::rt::Primitive<crate::stu3::codes::AdministrativeGender>>,
    /// `birthDate` · 0..1
    pub birth_date: Option<crate::rt::Primitive<crate::rt::Date>>,
    /// `managingOrganization` · 0..1
    pub managing_organization: Option<Box<crate::stu3::Reference>>,
    order: crate::rt::profile::SliceOrder,
}
impl PatientNoOldIdentifier {
    /// A value with nothing set.
    pub fn new() -> Self {
        PatientNoOldIdentifier {
            id: None,
            extension: Vec::new(),
            identifier: Vec::new(),
            active: None,
            gender: None,
            birth_date: None,
            managing_organization: None,
            order: crate::rt::profile::SliceOrder::default(),
        }
    }
}
impl ::core::default::Default for PatientNoOldIdentifier {
    fn default() -> Self {
        Self::new()
    }
}
impl crate::rt::profile::Placeholder for PatientNoOldIdentifier {
    const PLACEHOLDER: Self = PatientNoOldIdentifier {
        id: crate::rt::profile::Placeholder::PLACEHOLDER,
        extension: crate::rt::profile::Placeholder::PLACEHOLDER,
        identifier: crate::rt::profile::Placeholder::PLACEHOLDER,
        active: crate::rt::profile::Placeholder::PLACEHOLDER,
        gender: crate::rt::profile::Placeholder::PLACEHOLDER,
        birth_date: crate::rt::profile::Placeholder::PLACEHOLDER,
        managing_organization: crate::rt::profile::Placeholder::PLACEHOLDER,
        order: crate::rt::profile::SliceOrder::EMPTY,
    };
}
impl crate::rt::profile::Narrow for PatientNoOldIdentifier {
    type Base = crate::stu3::Patient;
    #[allow(unused_variables, unused_mut)]
    fn from_base(
        cx: &mut crate::rt::profile::Checker,
        v: crate::stu3::Patient,
    ) -> Option<Self> {
        let mut v = v;
        let before = cx.count();
        let mut out = <Self as crate::rt::profile::Placeholder>::PLACEHOLDER;
        let (mut buckets_0, order_k) = crate::rt::profile::split(
            std::mem::take(&mut v.identifier),
            &[
                &|x: &crate::stu3::Identifier| crate::rt::profile::has_value(
                    x.system.as_ref(),
                    "https://example.org/Id/old-number",
                ),
            ],
        );
        out.order.set(0usize, order_k);
        for (i, _) in &buckets_0[0usize] {
            cx.enter("identifier");
            cx.enter_index(*i);
            cx.report("", crate::rt::profile::ViolationKind::NotAllowed);
            cx.leave();
            cx.leave();
        }
        out.identifier = crate::rt::profile::each_indexed(
            cx,
            std::mem::take(&mut buckets_0[1usize]),
            "identifier",
            crate::rt::profile::keep,
        );
        out.id = v.id;
        out.extension = v.extension;
        out.active = v.active;
        out.gender = v.gender;
        out.birth_date = v.birth_date;
        out.managing_organization = v.managing_organization;
        (cx.count() == before).then_some(out)
    }
    fn into_base(self) -> crate::stu3::Patient {
        crate::stu3::Patient {
            id: self.id,
            extension: self.extension,
            active: self.active,
            gender: self.gender,
            birth_date: self.birth_date,
            managing_organization: self.managing_organization,
            identifier: crate::rt::profile::merge(
                vec![Vec::new(), { let v : Vec < _ > = self.identifier; v }],
                self.order.get(0usize),
            ),
            ..<crate::stu3::Patient as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
}
/// `Patient.identifier:oldNumber` in profile <https://example.org/fhir/StructureDefinition/PatientNoOldIdentifier>, narrowing `Identifier`.
///
/// Not fields:
/// - `Patient.identifier:oldNumber.system` is fixed to `https://example.org/Id/old-number` (written on output, checked on input).
#[derive(Clone, PartialEq, Debug)]
pub struct PatientNoOldIdentifierOldNumber {
    /// `Identifier.use` · 0..1
    pub use_: Option<crate::rt::Primitive<crate::stu3::codes::IdentifierUse>>,
    /// `Identifier.value` · 0..1
    pub value: Option<crate::rt::Primitive<String>>,
    order: crate::rt::profile::SliceOrder,
}
impl PatientNoOldIdentifierOldNumber {
    /// A value with nothing set.
    pub fn new() -> Self {
        PatientNoOldIdentifierOldNumber {
            use_: None,
            value: None,
            order: crate::rt::profile::SliceOrder::default(),
        }
    }
}
impl ::core::default::Default for PatientNoOldIdentifierOldNumber {
    fn default() -> Self {
        Self::new()
    }
}
impl crate::rt::profile::Placeholder for PatientNoOldIdentifierOldNumber {
    const PLACEHOLDER: Self = PatientNoOldIdentifierOldNumber {
        use_: crate::rt::profile::Placeholder::PLACEHOLDER,
        value: crate::rt::profile::Placeholder::PLACEHOLDER,
        order: crate::rt::profile::SliceOrder::EMPTY,
    };
}
impl crate::rt::profile::Narrow for PatientNoOldIdentifierOldNumber {
    type Base = crate::stu3::Identifier;
    #[allow(unused_variables, unused_mut)]
    fn from_base(
        cx: &mut crate::rt::profile::Checker,
        v: crate::stu3::Identifier,
    ) -> Option<Self> {
        let mut v = v;
        let before = cx.count();
        let mut out = <Self as crate::rt::profile::Placeholder>::PLACEHOLDER;
        cx.fixed(v.system.as_ref(), "https://example.org/Id/old-number", true, "system");
        out.use_ = v.use_;
        out.value = v.value;
        (cx.count() == before).then_some(out)
    }
    fn into_base(self) -> crate::stu3::Identifier {
        crate::stu3::Identifier {
            use_: self.use_,
            value: self.value,
            system: crate::rt::profile::fixed_value("https://example.org/Id/old-number"),
            ..<crate::stu3::Identifier as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
}
impl PatientNoOldIdentifier {}
impl crate::rt::profile::Profile for PatientNoOldIdentifier {
    const URL: &'static str = "https://example.org/fhir/StructureDefinition/PatientNoOldIdentifier";
    const ROOT: &'static str = "Patient";
}
impl ::core::convert::TryFrom<crate::stu3::Patient> for PatientNoOldIdentifier {
    type Error = crate::rt::profile::Conformance;
    fn try_from(v: crate::stu3::Patient) -> Result<Self, Self::Error> {
        <Self as crate::rt::profile::Profile>::try_from_base(v)
    }
}
impl ::core::convert::From<PatientNoOldIdentifier> for crate::stu3::Patient {
    fn from(v: PatientNoOldIdentifier) -> Self {
        crate::rt::profile::Narrow::into_base(v)
    }
}
impl crate::rt::profile::ResourceId for PatientNoOldIdentifier {
    fn resource_id(&self) -> Option<&str> {
        self.id.as_ref().and_then(|p| p.value.as_deref())
    }
}
