/// `PatientEyeColour`: profile <https://example.org/fhir/StructureDefinition/PatientEyeColour> on [`Patient`](crate::stu3::Patient).
#[derive(Clone, PartialEq, Debug)]
pub struct PatientEyeColour {
    /// [`Patient.id`](https://example.org/fhir/StructureDefinition/PatientEyeColour) · 0..1 · base [`Patient::id`](crate::stu3::Patient::id)
    pub id: Option<crate::rt::Primitive<String>>,
    /// [`Patient.extension:eyeColour`](https://example.org/fhir/StructureDefinition/PatientEyeColour) · 0..1 · base [`Patient::extension`](crate::stu3::Patient::extension)
    ///
    /// - slice `eyeColour` of `extension`, by value `url`
    pub eye_colour: Option<crate::careconnect::EyeColour>,
    /// [`Patient.extension`](https://example.org/fhir/StructureDefinition/PatientEyeColour) · 0..* · base [`Patient::extension`](crate::stu3::Patient::extension)
    ///
    /// - the items of `extension` no slice matches, by value `url`; open
    pub extension: Vec<crate::stu3::Extension>,
    /// [`Patient.identifier`](https://example.org/fhir/StructureDefinition/PatientEyeColour) · 0..* · base [`Patient::identifier`](crate::stu3::Patient::identifier)
    pub identifier: Vec<crate::stu3::Identifier>,
    /// [`Patient.active`](https://example.org/fhir/StructureDefinition/PatientEyeColour) · 0..1 · base [`Patient::active`](crate::stu3::Patient::active)
    pub active: Option<crate::rt::Primitive<bool>>,
    /// [`Patient.gender`](https://example.org/fhir/StructureDefinition/PatientEyeColour) · 0..1 · base [`Patient::gender`](crate::stu3::Patient::gender)
    ///
    /// - binding: required <http://hl7.org/fhir/ValueSet/administrative-gender>, [`AdministrativeGender`](crate::stu3::codes::AdministrativeGender)
    pub gender: Option<crate::rt::Primitive<crate::stu3::codes::AdministrativeGender>>,
    /// [`Patient.birthDate`](https://example.org/fhir/StructureDefinition/PatientEyeColour) · 0..1 · base [`Patient::birth_date`](crate::stu3::Patient::birth_date)
    pub birth_date: Option<crate::rt::Primitive<crate::rt::Date>>,
    /// [`Patient.managingOrganization`](https://example.org/fhir/StructureDefinition/PatientEyeColour) · 0..1 · base [`Patient::managing_organization`](crate::stu3::Patient::managing_organization)
    ///
    /// - targets: [`Organization`](crate::stu3::Organization)
    pub managing_organization: Option<Box<crate::stu3::Reference>>,
    #[doc(hidden)]
    pub order: crate::rt::plumbing::SliceOrder,
}
impl PatientEyeColour {
    /// A value with nothing set.
    pub fn new() -> Self {
        PatientEyeColour {
            id: None,
            eye_colour: None,
            extension: Vec::new(),
            identifier: Vec::new(),
            active: None,
            gender: None,
            birth_date: None,
            managing_organization: None,
            order: crate::rt::plumbing::SliceOrder::EMPTY,
        }
    }
}
impl ::core::default::Default for PatientEyeColour {
    fn default() -> Self {
        Self::new()
    }
}
impl crate::rt::plumbing::Placeholder for PatientEyeColour {
    const PLACEHOLDER: Self = PatientEyeColour {
        id: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        eye_colour: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        extension: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        identifier: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        active: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        gender: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        birth_date: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        managing_organization: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        order: crate::rt::plumbing::SliceOrder::EMPTY,
    };
}
impl crate::rt::plumbing::Narrow for PatientEyeColour {
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
        out.identifier = crate::rt::plumbing::take(&mut v.identifier);
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
            2usize => Some(&self.identifier),
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
            2usize => Some(&mut self.identifier),
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
            std::mem::take(&mut v.extension),
            &[
                &|x: &crate::stu3::Extension| {
                    x.url
                        == "https://example.org/fhir/StructureDefinition/Extension-EyeColour"
                },
            ],
        );
        out.order.set(0usize, order_k);
        out.eye_colour = {
            let v = std::mem::take(&mut buckets_0[0usize]);
            cx.check_count(v.len(), 0u32, Some(1u32), "extension:eyeColour");
            crate::rt::plumbing::first_indexed(
                cx,
                v,
                "extension",
                <crate::careconnect::EyeColour as crate::rt::plumbing::Narrow>::from_base,
            )
        };
        out.extension = crate::rt::plumbing::rest(
            std::mem::take(&mut buckets_0[1usize]),
        );
        cx.count() == before
    }
    fn into_base(self) -> crate::stu3::Patient {
        crate::stu3::Patient {
            id: self.id,
            identifier: self.identifier,
            active: self.active,
            gender: self.gender,
            birth_date: self.birth_date,
            managing_organization: self.managing_organization,
            extension: crate::rt::plumbing::merge(
                ::std::vec::Vec::from([
                    crate::rt::plumbing::opt_vec(
                        self.eye_colour,
                        crate::rt::plumbing::Narrow::into_base,
                    ),
                    self.extension,
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
        crate::rt::write_base::merged(
            "extension",
            &[
                &crate::rt::write_base::Items(
                    self.eye_colour.as_slice(),
                    crate::rt::plumbing::Narrow::write_base_json,
                ),
                &crate::rt::write_base::Items(
                    self.extension.as_slice(),
                    crate::rt::write_base::bare,
                ),
            ],
            self.order.get(0usize),
            w,
        );
        crate::rt::value::Slot::write_json(&self.identifier, "identifier", w);
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
    PatientEyeColour { 628021283683842752u64 => id : opt crate ::rt::Primitive < String
    >; 10206111530502794477u64 => eye_colour : opt crate ::careconnect::EyeColour, node;
    2270616358835251226u64 => extension : vec crate ::stu3::Extension;
    17390221882768296350u64 => identifier : vec crate ::stu3::Identifier;
    7313978883058895983u64 => active : opt crate ::rt::Primitive < bool >;
    11674224626475531968u64 => gender : opt crate ::rt::Primitive < crate
    ::stu3::codes::AdministrativeGender >; 17860709856691333002u64 => birth_date : opt
    crate ::rt::Primitive < crate ::rt::Date >; 7310015363556506742u64 =>
    managing_organization : opt_box crate ::stu3::Reference; }
}
impl crate::rt::profile::Profile for PatientEyeColour {
    const URL: &'static str = "https://example.org/fhir/StructureDefinition/PatientEyeColour";
    const ROOT: &'static str = "Patient";
}
impl ::core::convert::TryFrom<crate::stu3::Patient> for PatientEyeColour {
    type Error = crate::rt::profile::Conformance;
    fn try_from(v: crate::stu3::Patient) -> Result<Self, Self::Error> {
        <Self as crate::rt::profile::Profile>::try_from_base(v)
    }
}
impl ::core::convert::From<PatientEyeColour> for crate::stu3::Patient {
    fn from(v: PatientEyeColour) -> Self {
        crate::rt::plumbing::Narrow::into_base(v)
    }
}
#[cfg(feature = "serde")]
impl crate::rt::serde::Serialize for PatientEyeColour {
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
impl<'de> crate::rt::serde::Deserialize<'de> for PatientEyeColour {
    fn deserialize<D: crate::rt::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::core::result::Result<Self, D::Error> {
        crate::rt::serde::deserialize_json_text(
            deserializer,
            |json| { <Self as crate::rt::profile::Profile>::from_json(json) },
        )
    }
}
impl crate::rt::plumbing::ResourceId for PatientEyeColour {
    fn resource_id(&self) -> Option<&str> {
        self.id.as_ref().and_then(|p| p.value.as_deref())
    }
}
#[cfg(feature = "derive")]
static SCHEMA: crate::rt::derive::Schema = crate::rt::derive::Schema {
    name: "PatientEyeColour",
    url: "https://example.org/fhir/StructureDefinition/PatientEyeColour",
    elements: &[
        crate::rt::derive::Fact::field("id", 0, 1, [65535, 1, 12, 65535]),
        crate::rt::derive::Fact::field(
            "extension:eyeColour",
            0,
            1,
            [65535, 6, 12, 65535],
        ),
        crate::rt::derive::Fact::field(
            "extension:eyeColour.extension",
            0,
            u32::MAX,
            [1, 3, 3, 65535],
        ),
        crate::rt::derive::Fact::fixed(
            "extension:eyeColour.url",
            1,
            1,
            [1, 4, 4, 65535],
        ),
        crate::rt::derive::Fact::choice(
            "extension:eyeColour.value",
            1,
            1,
            [1, 5, 6, 65535],
        ),
        crate::rt::derive::Fact::typed(
            "extension:eyeColour.valueCodeableConcept",
            [1, 6, 6, 65535],
            4,
        ),
        crate::rt::derive::Fact::field("extension", 0, u32::MAX, [65535, 7, 12, 65535]),
        crate::rt::derive::Fact::field("identifier", 0, u32::MAX, [65535, 8, 12, 65535]),
        crate::rt::derive::Fact::field("active", 0, 1, [65535, 9, 12, 65535]),
        crate::rt::derive::Fact::field("gender", 0, 1, [65535, 10, 12, 65535]),
        crate::rt::derive::Fact::field("birthDate", 0, 1, [65535, 11, 12, 65535]),
        crate::rt::derive::Fact::field(
            "managingOrganization",
            0,
            1,
            [65535, 12, 12, 65535],
        ),
    ],
    index: &[
        (628021283683842752u64, 0),
        (3321535244993791233u64, 5),
        (11674224626475531968u64, 9),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (7934191826613952262u64, 2),
        (10841317789110823974u64, 4),
        (0u64, 65535),
        (0u64, 65535),
        (17020804297161063466u64, 3),
        (17860709856691333002u64, 10),
        (0u64, 65535),
        (10206111530502794477u64, 1),
        (0u64, 65535),
        (7313978883058895983u64, 8),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (7310015363556506742u64, 11),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (2270616358835251226u64, 6),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (17390221882768296350u64, 7),
        (0u64, 65535),
    ],
};
#[cfg(feature = "derive")]
impl crate::rt::derive::ProfileSchema for PatientEyeColour {
    const SCHEMA: &'static crate::rt::derive::Schema = &SCHEMA;
}
