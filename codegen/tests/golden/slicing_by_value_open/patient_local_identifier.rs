/// `PatientLocalIdentifier`: profile <https://example.org/fhir/StructureDefinition/PatientLocalIdentifier> on [`Patient`](crate::stu3::Patient).
#[derive(Clone, PartialEq, Debug)]
pub struct PatientLocalIdentifier {
    /// [`Patient.id`](https://example.org/fhir/StructureDefinition/PatientLocalIdentifier) · 0..1 · base [`Patient::id`](crate::stu3::Patient::id)
    pub id: Option<crate::rt::Primitive<String>>,
    /// [`Patient.extension`](https://example.org/fhir/StructureDefinition/PatientLocalIdentifier) · 0..* · base [`Patient::extension`](crate::stu3::Patient::extension)
    pub extension: Vec<crate::stu3::Extension>,
    /// [`Patient.identifier:localNumber`](https://example.org/fhir/StructureDefinition/PatientLocalIdentifier) · 0..1 · base [`Patient::identifier`](crate::stu3::Patient::identifier)
    ///
    /// - slice `localNumber` of `identifier`, by value `system`
    pub local_number: Option<crate::careconnect::PatientLocalIdentifierLocalNumber>,
    /// [`Patient.identifier`](https://example.org/fhir/StructureDefinition/PatientLocalIdentifier) · 0..* · base [`Patient::identifier`](crate::stu3::Patient::identifier)
    ///
    /// - the items of `identifier` no slice matches, by value `system`; open
    pub identifier: Vec<crate::stu3::Identifier>,
    /// [`Patient.active`](https://example.org/fhir/StructureDefinition/PatientLocalIdentifier) · 0..1 · base [`Patient::active`](crate::stu3::Patient::active)
    pub active: Option<crate::rt::Primitive<bool>>,
    /// [`Patient.gender`](https://example.org/fhir/StructureDefinition/PatientLocalIdentifier) · 0..1 · base [`Patient::gender`](crate::stu3::Patient::gender)
    ///
    /// - binding: required <http://hl7.org/fhir/ValueSet/administrative-gender>, [`AdministrativeGender`](crate::stu3::codes::AdministrativeGender)
    pub gender: Option<crate::rt::Primitive<crate::stu3::codes::AdministrativeGender>>,
    /// [`Patient.birthDate`](https://example.org/fhir/StructureDefinition/PatientLocalIdentifier) · 0..1 · base [`Patient::birth_date`](crate::stu3::Patient::birth_date)
    pub birth_date: Option<crate::rt::Primitive<crate::rt::Date>>,
    /// [`Patient.managingOrganization`](https://example.org/fhir/StructureDefinition/PatientLocalIdentifier) · 0..1 · base [`Patient::managing_organization`](crate::stu3::Patient::managing_organization)
    ///
    /// - targets: [`Organization`](crate::stu3::Organization)
    pub managing_organization: Option<Box<crate::stu3::Reference>>,
    #[doc(hidden)]
    pub order: crate::rt::plumbing::SliceOrder,
}
impl PatientLocalIdentifier {
    /// A value with nothing set.
    pub fn new() -> Self {
        PatientLocalIdentifier {
            id: None,
            extension: Vec::new(),
            local_number: None,
            identifier: Vec::new(),
            active: None,
            gender: None,
            birth_date: None,
            managing_organization: None,
            order: crate::rt::plumbing::SliceOrder::EMPTY,
        }
    }
}
impl ::core::default::Default for PatientLocalIdentifier {
    fn default() -> Self {
        Self::new()
    }
}
impl crate::rt::plumbing::Placeholder for PatientLocalIdentifier {
    const PLACEHOLDER: Self = PatientLocalIdentifier {
        id: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        extension: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        local_number: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        identifier: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        active: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        gender: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        birth_date: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        managing_organization: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        order: crate::rt::plumbing::SliceOrder::EMPTY,
    };
}
impl crate::rt::plumbing::Narrow for PatientLocalIdentifier {
    type Base = crate::stu3::Patient;
    fn from_base(
        cx: &mut crate::rt::plumbing::Checker,
        v: crate::stu3::Patient,
    ) -> Option<Self> {
        Self::from_base_boxed(cx, v).map(|b| *b)
    }
    fn from_base_boxed(
        cx: &mut crate::rt::plumbing::Checker,
        v: crate::stu3::Patient,
    ) -> Option<Box<Self>> {
        let mut v = v;
        let mut out = Box::new(<Self as crate::rt::plumbing::Placeholder>::PLACEHOLDER);
        out.id = crate::rt::plumbing::take(&mut v.id);
        out.extension = crate::rt::plumbing::take(&mut v.extension);
        out.active = crate::rt::plumbing::take(&mut v.active);
        out.gender = crate::rt::plumbing::take(&mut v.gender);
        out.birth_date = crate::rt::plumbing::take(&mut v.birth_date);
        out.managing_organization = crate::rt::plumbing::take(
            &mut v.managing_organization,
        );
        Self::narrow_rest(cx, &mut out, v).then_some(out)
    }
    fn direct(&self, i: usize) -> Option<&dyn crate::rt::plumbing::Slot> {
        match i {
            0usize => Some(&self.id),
            1usize => Some(&self.extension),
            3usize => Some(&self.active),
            4usize => Some(&self.gender),
            5usize => Some(&self.birth_date),
            6usize => Some(&self.managing_organization),
            _ => None,
        }
    }
    fn direct_mut(&mut self, i: usize) -> Option<&mut dyn crate::rt::plumbing::Slot> {
        match i {
            0usize => Some(&mut self.id),
            1usize => Some(&mut self.extension),
            3usize => Some(&mut self.active),
            4usize => Some(&mut self.gender),
            5usize => Some(&mut self.birth_date),
            6usize => Some(&mut self.managing_organization),
            _ => None,
        }
    }
    #[allow(unused_variables, unused_mut)]
    fn narrow_rest(
        cx: &mut crate::rt::plumbing::Checker,
        out: &mut Self,
        v: crate::stu3::Patient,
    ) -> bool {
        let mut v = v;
        let before = cx.count();
        let (mut buckets_0, order_k) = crate::rt::plumbing::split(
            std::mem::take(&mut v.identifier),
            &[
                &|x: &crate::stu3::Identifier| crate::rt::plumbing::has_value(
                    x.system.as_ref(),
                    "https://example.org/Id/local-number",
                ),
            ],
        );
        out.order.set(0usize, order_k);
        out.local_number = {
            let v = std::mem::take(&mut buckets_0[0usize]);
            cx.check_count(v.len(), 0u32, Some(1u32), "identifier:localNumber");
            crate::rt::plumbing::first_indexed(
                cx,
                v,
                "identifier",
                <crate::careconnect::PatientLocalIdentifierLocalNumber as crate::rt::plumbing::Narrow>::from_base,
            )
        };
        out.identifier = crate::rt::plumbing::rest(
            std::mem::take(&mut buckets_0[1usize]),
        );
        cx.count() == before
    }
    fn into_base(self) -> crate::stu3::Patient {
        crate::stu3::Patient {
            id: self.id,
            extension: self.extension,
            active: self.active,
            gender: self.gender,
            birth_date: self.birth_date,
            managing_organization: self.managing_organization,
            identifier: crate::rt::plumbing::merge(
                ::std::vec::Vec::from([
                    crate::rt::plumbing::opt_vec(
                        self.local_number,
                        crate::rt::plumbing::Narrow::into_base,
                    ),
                    self.identifier,
                ]),
                self.order.get(0usize),
            ),
            ..<crate::stu3::Patient as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
    fn write_base_json(&self, w: &mut crate::rt::JsonWriter) {
        w.begin_object();
        w.key(false, "resourceType", "");
        w.string("Patient");
        crate::rt::value::Slot::write_json(&self.id, "id", w);
        crate::rt::value::Slot::write_json(&self.extension, "extension", w);
        crate::rt::write_base::merged(
            "identifier",
            &[
                &crate::rt::write_base::Items(
                    self.local_number.as_slice(),
                    crate::rt::plumbing::Narrow::write_base_json,
                ),
                &crate::rt::write_base::Items(
                    self.identifier.as_slice(),
                    crate::rt::write_base::bare,
                ),
            ],
            self.order.get(0usize),
            w,
        );
        crate::rt::value::Slot::write_json(&self.active, "active", w);
        crate::rt::value::Slot::write_json(&self.gender, "gender", w);
        crate::rt::value::Slot::write_json(&self.birth_date, "birthDate", w);
        crate::rt::value::Slot::write_json(
            &self.managing_organization,
            "managingOrganization",
            w,
        );
        w.end_object();
    }
}
#[cfg(feature = "derive")]
crate::__careconnect_elements! {
    PatientLocalIdentifier { 628021283683842752u64 => id : opt crate ::rt::Primitive <
    String >; 2270616358835251226u64 => extension : vec crate ::stu3::Extension;
    14081775453199959158u64 => local_number : opt crate
    ::careconnect::PatientLocalIdentifierLocalNumber, node; 17390221882768296350u64 =>
    identifier : vec crate ::stu3::Identifier; 7313978883058895983u64 => active : opt
    crate ::rt::Primitive < bool >; 11674224626475531968u64 => gender : opt crate
    ::rt::Primitive < crate ::stu3::codes::AdministrativeGender >;
    17860709856691333002u64 => birth_date : opt crate ::rt::Primitive < crate ::rt::Date
    >; 7310015363556506742u64 => managing_organization : opt_box crate ::stu3::Reference;
    }
}
/// `Patient.identifier:localNumber` in profile <https://example.org/fhir/StructureDefinition/PatientLocalIdentifier>, narrowing [`Identifier`](crate::stu3::Identifier).
///
/// Not fields:
/// - `system` is fixed to `https://example.org/Id/local-number` ([`SYSTEM`](crate::careconnect::PatientLocalIdentifierLocalNumber::SYSTEM); written on output, checked on input).
#[derive(Clone, PartialEq, Debug)]
pub struct PatientLocalIdentifierLocalNumber {
    /// [`Patient.identifier:localNumber.use`](https://example.org/fhir/StructureDefinition/PatientLocalIdentifier) · 0..1 · base [`Identifier::use_`](crate::stu3::Identifier::use_)
    ///
    /// - binding: required <http://hl7.org/fhir/ValueSet/identifier-use>, [`IdentifierUse`](crate::stu3::codes::IdentifierUse)
    pub use_: Option<crate::rt::Primitive<crate::stu3::codes::IdentifierUse>>,
    /// [`Patient.identifier:localNumber.value`](https://example.org/fhir/StructureDefinition/PatientLocalIdentifier) · 0..1 · base [`Identifier::value`](crate::stu3::Identifier::value)
    pub value: Option<crate::rt::Primitive<String>>,
}
impl PatientLocalIdentifierLocalNumber {
    /// `system` is fixed to this value (written on output, checked on input).
    pub const SYSTEM: &'static str = "https://example.org/Id/local-number";
    /// A value with nothing set.
    pub fn new() -> Self {
        PatientLocalIdentifierLocalNumber {
            use_: None,
            value: None,
        }
    }
}
impl ::core::default::Default for PatientLocalIdentifierLocalNumber {
    fn default() -> Self {
        Self::new()
    }
}
impl crate::rt::plumbing::Placeholder for PatientLocalIdentifierLocalNumber {
    const PLACEHOLDER: Self = PatientLocalIdentifierLocalNumber {
        use_: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        value: crate::rt::plumbing::Placeholder::PLACEHOLDER,
    };
}
impl crate::rt::plumbing::Narrow for PatientLocalIdentifierLocalNumber {
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
        out.value = v.value;
        cx.count() == before
    }
    fn into_base(self) -> crate::stu3::Identifier {
        crate::stu3::Identifier {
            use_: self.use_,
            value: self.value,
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
        crate::rt::value::Slot::write_json(&self.value, "value", w);
        w.end_object();
    }
}
#[cfg(feature = "derive")]
crate::__careconnect_elements! {
    PatientLocalIdentifierLocalNumber { 5499651717430306356u64 => use_ : opt crate
    ::rt::Primitive < crate ::stu3::codes::IdentifierUse >; 8999596768310594794u64 =>
    value : opt crate ::rt::Primitive < String >; }
}
impl crate::rt::profile::Profile for PatientLocalIdentifier {
    const URL: &'static str = "https://example.org/fhir/StructureDefinition/PatientLocalIdentifier";
    const ROOT: &'static str = "Patient";
}
impl ::core::convert::TryFrom<crate::stu3::Patient> for PatientLocalIdentifier {
    type Error = crate::rt::profile::Conformance;
    fn try_from(v: crate::stu3::Patient) -> Result<Self, Self::Error> {
        <Self as crate::rt::profile::Profile>::try_from_base(v)
    }
}
impl ::core::convert::From<PatientLocalIdentifier> for crate::stu3::Patient {
    fn from(v: PatientLocalIdentifier) -> Self {
        crate::rt::plumbing::Narrow::into_base(v)
    }
}
#[cfg(feature = "serde")]
impl crate::rt::serde::Serialize for PatientLocalIdentifier {
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
impl<'de> crate::rt::serde::Deserialize<'de> for PatientLocalIdentifier {
    fn deserialize<D: crate::rt::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::core::result::Result<Self, D::Error> {
        crate::rt::serde::deserialize_json_text(
            deserializer,
            |json| { <Self as crate::rt::profile::Profile>::from_json(json) },
        )
    }
}
impl crate::rt::plumbing::ResourceId for PatientLocalIdentifier {
    fn resource_id(&self) -> Option<&str> {
        self.id.as_ref().and_then(|p| p.value.as_deref())
    }
}
#[cfg(feature = "derive")]
static SCHEMA: crate::rt::derive::Schema = crate::rt::derive::Schema {
    name: "PatientLocalIdentifier",
    url: "https://example.org/fhir/StructureDefinition/PatientLocalIdentifier",
    elements: &[
        crate::rt::derive::Fact::field("id", 0, 1, [65535, 1, 11, 65535]),
        crate::rt::derive::Fact::field("extension", 0, u32::MAX, [65535, 2, 11, 65535]),
        crate::rt::derive::Fact::field(
            "identifier:localNumber",
            0,
            1,
            [65535, 6, 11, 65535],
        ),
        crate::rt::derive::Fact::field(
            "identifier:localNumber.use",
            0,
            1,
            [2, 4, 6, 65535],
        ),
        crate::rt::derive::Fact::fixed(
            "identifier:localNumber.system",
            0,
            1,
            [2, 5, 6, 65535],
        ),
        crate::rt::derive::Fact::field(
            "identifier:localNumber.value",
            0,
            1,
            [2, 6, 6, 65535],
        ),
        crate::rt::derive::Fact::field("identifier", 0, u32::MAX, [65535, 7, 11, 65535]),
        crate::rt::derive::Fact::field("active", 0, 1, [65535, 8, 11, 65535]),
        crate::rt::derive::Fact::field("gender", 0, 1, [65535, 9, 11, 65535]),
        crate::rt::derive::Fact::field("birthDate", 0, 1, [65535, 10, 11, 65535]),
        crate::rt::derive::Fact::field(
            "managingOrganization",
            0,
            1,
            [65535, 11, 11, 65535],
        ),
    ],
    index: &[
        (628021283683842752u64, 0),
        (11674224626475531968u64, 8),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (4541934695576284553u64, 4),
        (17860709856691333002u64, 9),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (7313978883058895983u64, 7),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (14081775453199959158u64, 2),
        (7310015363556506742u64, 10),
        (0u64, 65535),
        (6131543048312875097u64, 5),
        (2270616358835251226u64, 1),
        (14116645767474490235u64, 3),
        (0u64, 65535),
        (0u64, 65535),
        (17390221882768296350u64, 6),
        (0u64, 65535),
    ],
};
#[cfg(feature = "derive")]
impl crate::rt::derive::ProfileSchema for PatientLocalIdentifier {
    const SCHEMA: &'static crate::rt::derive::Schema = &SCHEMA;
}
