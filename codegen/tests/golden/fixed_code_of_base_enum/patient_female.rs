/// `PatientFemale`: profile <https://example.org/fhir/StructureDefinition/PatientFemale> on [`Patient`](crate::stu3::Patient).
#[derive(Clone, PartialEq, Debug)]
pub struct PatientFemale {
    /// [`Patient.id`](https://example.org/fhir/StructureDefinition/PatientFemale) · 0..1 · base [`Patient::id`](crate::stu3::Patient::id)
    pub id: Option<crate::rt::Primitive<String>>,
    /// [`Patient.extension`](https://example.org/fhir/StructureDefinition/PatientFemale) · 0..* · base [`Patient::extension`](crate::stu3::Patient::extension)
    pub extension: Vec<crate::stu3::Extension>,
    /// [`Patient.identifier`](https://example.org/fhir/StructureDefinition/PatientFemale) · 0..* · base [`Patient::identifier`](crate::stu3::Patient::identifier)
    pub identifier: Vec<crate::stu3::Identifier>,
    /// [`Patient.active`](https://example.org/fhir/StructureDefinition/PatientFemale) · 0..1 · base [`Patient::active`](crate::stu3::Patient::active)
    pub active: Option<crate::rt::Primitive<bool>>,
    /// [`Patient.gender`](https://example.org/fhir/StructureDefinition/PatientFemale) · 0..1 · base [`Patient::gender`](crate::stu3::Patient::gender)
    ///
    /// - binding: required <http://hl7.org/fhir/ValueSet/administrative-gender>
    /// - fixed: `female`, [`GENDER`](crate::careconnect::PatientFemale::GENDER)
    pub gender: Option<crate::rt::profile::Fixed>,
    /// [`Patient.birthDate`](https://example.org/fhir/StructureDefinition/PatientFemale) · 0..1 · base [`Patient::birth_date`](crate::stu3::Patient::birth_date)
    pub birth_date: Option<crate::rt::Primitive<crate::rt::Date>>,
    /// [`Patient.managingOrganization`](https://example.org/fhir/StructureDefinition/PatientFemale) · 0..1 · base [`Patient::managing_organization`](crate::stu3::Patient::managing_organization)
    ///
    /// - targets: [`Organization`](crate::stu3::Organization)
    pub managing_organization: Option<Box<crate::stu3::Reference>>,
}
impl PatientFemale {
    /// `gender` is fixed to this value (written on output, checked on input).
    pub const GENDER: crate::stu3::codes::AdministrativeGender = crate::stu3::codes::AdministrativeGender::Female;
    /// A value with nothing set.
    pub fn new() -> Self {
        PatientFemale {
            id: None,
            extension: Vec::new(),
            identifier: Vec::new(),
            active: None,
            gender: None,
            birth_date: None,
            managing_organization: None,
        }
    }
}
impl ::core::default::Default for PatientFemale {
    fn default() -> Self {
        Self::new()
    }
}
impl crate::rt::plumbing::Placeholder for PatientFemale {
    const PLACEHOLDER: Self = PatientFemale {
        id: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        extension: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        identifier: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        active: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        gender: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        birth_date: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        managing_organization: crate::rt::plumbing::Placeholder::PLACEHOLDER,
    };
}
impl crate::rt::plumbing::Narrow for PatientFemale {
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
        out.identifier = crate::rt::plumbing::take(&mut v.identifier);
        out.active = crate::rt::plumbing::take(&mut v.active);
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
            2usize => Some(&self.identifier),
            3usize => Some(&self.active),
            5usize => Some(&self.birth_date),
            6usize => Some(&self.managing_organization),
            _ => None,
        }
    }
    fn direct_mut(&mut self, i: usize) -> Option<&mut dyn crate::rt::plumbing::Slot> {
        match i {
            0usize => Some(&mut self.id),
            1usize => Some(&mut self.extension),
            2usize => Some(&mut self.identifier),
            3usize => Some(&mut self.active),
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
        out.gender = crate::rt::plumbing::opt(
            cx,
            v.gender,
            "gender",
            |cx, x| cx.fixed_item(x, Self::GENDER, "female", ""),
        );
        cx.count() == before
    }
    fn into_base(self) -> crate::stu3::Patient {
        crate::stu3::Patient {
            id: self.id,
            extension: self.extension,
            identifier: self.identifier,
            active: self.active,
            gender: self.gender.map(|_| crate::rt::Primitive::from(Self::GENDER)),
            birth_date: self.birth_date,
            managing_organization: self.managing_organization,
            ..<crate::stu3::Patient as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
    fn write_base_json(&self, w: &mut crate::rt::JsonWriter) {
        w.begin_object();
        w.key(false, "resourceType", "");
        w.string("Patient");
        crate::rt::value::Slot::write_json(&self.id, "id", w);
        crate::rt::value::Slot::write_json(&self.extension, "extension", w);
        crate::rt::value::Slot::write_json(&self.identifier, "identifier", w);
        crate::rt::value::Slot::write_json(&self.active, "active", w);
        crate::rt::write_base::one(
            &crate::rt::write_base::Items(
                self.gender.as_slice(),
                |_: &crate::rt::profile::Fixed, w: &mut crate::rt::JsonWriter| crate::rt::write_base::bare(
                    &crate::rt::Primitive::from(Self::GENDER),
                    w,
                ),
            ),
            "gender",
            "",
            w,
        );
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
    PatientFemale { 628021283683842752u64 => id : opt crate ::rt::Primitive < String >;
    2270616358835251226u64 => extension : vec crate ::stu3::Extension;
    17390221882768296350u64 => identifier : vec crate ::stu3::Identifier;
    7313978883058895983u64 => active : opt crate ::rt::Primitive < bool >;
    17860709856691333002u64 => birth_date : opt crate ::rt::Primitive < crate ::rt::Date
    >; 7310015363556506742u64 => managing_organization : opt_box crate ::stu3::Reference;
    }
}
impl crate::rt::profile::Profile for PatientFemale {
    const URL: &'static str = "https://example.org/fhir/StructureDefinition/PatientFemale";
    const ROOT: &'static str = "Patient";
}
impl ::core::convert::TryFrom<crate::stu3::Patient> for PatientFemale {
    type Error = crate::rt::profile::Conformance;
    fn try_from(v: crate::stu3::Patient) -> Result<Self, Self::Error> {
        <Self as crate::rt::profile::Profile>::try_from_base(v)
    }
}
impl ::core::convert::From<PatientFemale> for crate::stu3::Patient {
    fn from(v: PatientFemale) -> Self {
        crate::rt::plumbing::Narrow::into_base(v)
    }
}
#[cfg(feature = "serde")]
impl crate::rt::serde::Serialize for PatientFemale {
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
impl<'de> crate::rt::serde::Deserialize<'de> for PatientFemale {
    fn deserialize<D: crate::rt::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::core::result::Result<Self, D::Error> {
        crate::rt::serde::deserialize_json_text(
            deserializer,
            |json| { <Self as crate::rt::profile::Profile>::from_json(json) },
        )
    }
}
impl crate::rt::plumbing::ResourceId for PatientFemale {
    fn resource_id(&self) -> Option<&str> {
        self.id.as_ref().and_then(|p| p.value.as_deref())
    }
}
#[cfg(feature = "derive")]
static SCHEMA: crate::rt::derive::Schema = crate::rt::derive::Schema {
    name: "PatientFemale",
    url: "https://example.org/fhir/StructureDefinition/PatientFemale",
    elements: &[
        crate::rt::derive::Fact::field("id", 0, 1, [65535, 1, 7, 65535]),
        crate::rt::derive::Fact::field("extension", 0, u32::MAX, [65535, 2, 7, 65535]),
        crate::rt::derive::Fact::field("identifier", 0, u32::MAX, [65535, 3, 7, 65535]),
        crate::rt::derive::Fact::field("active", 0, 1, [65535, 4, 7, 65535]),
        crate::rt::derive::Fact::fixed("gender", 0, 1, [65535, 5, 7, 65535]),
        crate::rt::derive::Fact::field("birthDate", 0, 1, [65535, 6, 7, 65535]),
        crate::rt::derive::Fact::field(
            "managingOrganization",
            0,
            1,
            [65535, 7, 7, 65535],
        ),
    ],
    index: &[
        (628021283683842752u64, 0),
        (11674224626475531968u64, 4),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (7310015363556506742u64, 6),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (2270616358835251226u64, 1),
        (17860709856691333002u64, 5),
        (0u64, 65535),
        (0u64, 65535),
        (17390221882768296350u64, 2),
        (7313978883058895983u64, 3),
    ],
};
#[cfg(feature = "derive")]
impl crate::rt::derive::ProfileSchema for PatientFemale {
    const SCHEMA: &'static crate::rt::derive::Schema = &SCHEMA;
}
