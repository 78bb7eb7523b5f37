/// `ObservationLocalIdentifier`: profile <https://example.org/fhir/StructureDefinition/ObservationLocalIdentifier> on [`Observation`](crate::stu3::Observation).
#[derive(Clone, PartialEq, Debug)]
pub struct ObservationLocalIdentifier {
    /// [`Observation.id`](https://example.org/fhir/StructureDefinition/ObservationLocalIdentifier) · 0..1 · base [`Observation::id`](crate::stu3::Observation::id)
    pub id: Option<crate::rt::Primitive<String>>,
    /// [`Observation.extension`](https://example.org/fhir/StructureDefinition/ObservationLocalIdentifier) · 0..* · base [`Observation::extension`](crate::stu3::Observation::extension)
    pub extension: Vec<crate::stu3::Extension>,
    /// [`Observation.identifier`](https://example.org/fhir/StructureDefinition/ObservationLocalIdentifier) · 0..* · base [`Observation::identifier`](crate::stu3::Observation::identifier)
    pub identifier: Vec<crate::careconnect::LocalIdentifier>,
    /// [`Observation.status`](https://example.org/fhir/StructureDefinition/ObservationLocalIdentifier) · 1..1 · base [`Observation::status`](crate::stu3::Observation::status)
    ///
    /// - binding: required <http://hl7.org/fhir/ValueSet/observation-status>, [`ObservationStatus`](crate::stu3::codes::ObservationStatus)
    pub status: crate::rt::Primitive<crate::stu3::codes::ObservationStatus>,
    /// [`Observation.category`](https://example.org/fhir/StructureDefinition/ObservationLocalIdentifier) · 0..* · base [`Observation::category`](crate::stu3::Observation::category)
    pub category: Vec<crate::stu3::CodeableConcept>,
    /// [`Observation.code`](https://example.org/fhir/StructureDefinition/ObservationLocalIdentifier) · 1..1 · base [`Observation::code`](crate::stu3::Observation::code)
    ///
    /// - binding: example <http://hl7.org/fhir/ValueSet/observation-codes>
    pub code: crate::stu3::CodeableConcept,
    /// [`Observation.subject`](https://example.org/fhir/StructureDefinition/ObservationLocalIdentifier) · 0..1 · base [`Observation::subject`](crate::stu3::Observation::subject)
    ///
    /// - targets: [`Patient`](crate::stu3::Patient), [`Organization`](crate::stu3::Organization)
    pub subject: Option<Box<crate::stu3::Reference>>,
    /// [`Observation.value[x]`](https://example.org/fhir/StructureDefinition/ObservationLocalIdentifier) · 0..1 · base [`Observation::value`](crate::stu3::Observation::value)
    ///
    /// - types: Quantity | CodeableConcept | string | boolean | Period
    pub value: Option<crate::stu3::ObservationValue>,
    /// [`Observation.interpretation`](https://example.org/fhir/StructureDefinition/ObservationLocalIdentifier) · 0..1 · base [`Observation::interpretation`](crate::stu3::Observation::interpretation)
    ///
    /// - binding: extensible <http://hl7.org/fhir/ValueSet/observation-interpretation>
    pub interpretation: Option<Box<crate::stu3::CodeableConcept>>,
    /// [`Observation.comment`](https://example.org/fhir/StructureDefinition/ObservationLocalIdentifier) · 0..1 · base [`Observation::comment`](crate::stu3::Observation::comment)
    pub comment: Option<crate::rt::Primitive<String>>,
    /// [`Observation.referenceRange`](https://example.org/fhir/StructureDefinition/ObservationLocalIdentifier) · 0..* · base [`Observation::reference_range`](crate::stu3::Observation::reference_range)
    pub reference_range: Vec<crate::stu3::ObservationReferenceRange>,
    /// [`Observation.component`](https://example.org/fhir/StructureDefinition/ObservationLocalIdentifier) · 0..* · base [`Observation::component`](crate::stu3::Observation::component)
    pub component: Vec<crate::stu3::ObservationComponent>,
}
impl ObservationLocalIdentifier {
    /// A value with the elements the profile requires (`status`, `code`); set the others on the fields.
    pub fn new(
        status: crate::rt::Primitive<crate::stu3::codes::ObservationStatus>,
        code: crate::stu3::CodeableConcept,
    ) -> Self {
        ObservationLocalIdentifier {
            id: None,
            extension: Vec::new(),
            identifier: Vec::new(),
            status,
            category: Vec::new(),
            code,
            subject: None,
            value: None,
            interpretation: None,
            comment: None,
            reference_range: Vec::new(),
            component: Vec::new(),
        }
    }
}
impl crate::rt::plumbing::Placeholder for ObservationLocalIdentifier {
    const PLACEHOLDER: Self = ObservationLocalIdentifier {
        id: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        extension: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        identifier: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        status: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        category: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        code: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        subject: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        value: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        interpretation: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        comment: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        reference_range: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        component: crate::rt::plumbing::Placeholder::PLACEHOLDER,
    };
}
impl crate::rt::plumbing::Narrow for ObservationLocalIdentifier {
    type Base = crate::stu3::Observation;
    fn from_base(
        cx: &mut crate::rt::plumbing::Checker,
        v: crate::stu3::Observation,
    ) -> Option<Self> {
        Self::from_base_boxed(cx, v).map(|b| *b)
    }
    fn from_base_boxed(
        cx: &mut crate::rt::plumbing::Checker,
        v: crate::stu3::Observation,
    ) -> Option<Box<Self>> {
        let mut v = v;
        let mut out = Box::new(<Self as crate::rt::plumbing::Placeholder>::PLACEHOLDER);
        out.id = crate::rt::plumbing::take(&mut v.id);
        out.extension = crate::rt::plumbing::take(&mut v.extension);
        out.status = crate::rt::plumbing::take(&mut v.status);
        out.category = crate::rt::plumbing::take(&mut v.category);
        out.code = crate::rt::plumbing::take(&mut v.code);
        out.subject = crate::rt::plumbing::take(&mut v.subject);
        out.value = crate::rt::plumbing::take(&mut v.value);
        out.interpretation = crate::rt::plumbing::take(&mut v.interpretation);
        out.comment = crate::rt::plumbing::take(&mut v.comment);
        out.reference_range = crate::rt::plumbing::take(&mut v.reference_range);
        out.component = crate::rt::plumbing::take(&mut v.component);
        Self::narrow_rest(cx, &mut out, v).then_some(out)
    }
    fn direct(&self, i: usize) -> Option<&dyn crate::rt::plumbing::Slot> {
        match i {
            0usize => Some(&self.id),
            1usize => Some(&self.extension),
            3usize => Some(&self.status),
            4usize => Some(&self.category),
            5usize => Some(&self.code),
            6usize => Some(&self.subject),
            7usize => Some(&self.value),
            8usize => Some(&self.interpretation),
            9usize => Some(&self.comment),
            10usize => Some(&self.reference_range),
            11usize => Some(&self.component),
            _ => None,
        }
    }
    fn direct_mut(&mut self, i: usize) -> Option<&mut dyn crate::rt::plumbing::Slot> {
        match i {
            0usize => Some(&mut self.id),
            1usize => Some(&mut self.extension),
            3usize => Some(&mut self.status),
            4usize => Some(&mut self.category),
            5usize => Some(&mut self.code),
            6usize => Some(&mut self.subject),
            7usize => Some(&mut self.value),
            8usize => Some(&mut self.interpretation),
            9usize => Some(&mut self.comment),
            10usize => Some(&mut self.reference_range),
            11usize => Some(&mut self.component),
            _ => None,
        }
    }
    #[allow(unused_variables, unused_mut)]
    fn narrow_rest(
        cx: &mut crate::rt::plumbing::Checker,
        out: &mut Self,
        v: crate::stu3::Observation,
    ) -> bool {
        let mut v = v;
        let before = cx.count();
        crate::rt::plumbing::narrow_each(
            cx,
            &mut out.identifier,
            v.identifier,
            "identifier",
        );
        cx.count() == before
    }
    fn into_base(self) -> crate::stu3::Observation {
        crate::stu3::Observation {
            id: self.id,
            extension: self.extension,
            identifier: crate::rt::plumbing::out_vec(
                self.identifier,
                crate::rt::plumbing::Narrow::into_base,
            ),
            status: self.status,
            category: self.category,
            code: self.code,
            subject: self.subject,
            value: self.value,
            interpretation: self.interpretation,
            comment: self.comment,
            reference_range: self.reference_range,
            component: self.component,
            ..<crate::stu3::Observation as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
    fn write_base_json(&self, w: &mut crate::rt::JsonWriter) {
        w.begin_object();
        w.key(false, "resourceType", "");
        w.string("Observation");
        crate::rt::value::Slot::write_json(&self.id, "id", w);
        crate::rt::value::Slot::write_json(&self.extension, "extension", w);
        crate::rt::write_base::many(
            &crate::rt::write_base::Items(
                self.identifier.as_slice(),
                crate::rt::plumbing::Narrow::write_base_json,
            ),
            "identifier",
            w,
        );
        crate::rt::value::Slot::write_json(&self.status, "status", w);
        crate::rt::value::Slot::write_json(&self.category, "category", w);
        crate::rt::value::Slot::write_json(&self.code, "code", w);
        crate::rt::value::Slot::write_json(&self.subject, "subject", w);
        crate::rt::value::Slot::write_json(&self.value, "value", w);
        crate::rt::value::Slot::write_json(&self.interpretation, "interpretation", w);
        crate::rt::value::Slot::write_json(&self.comment, "comment", w);
        crate::rt::value::Slot::write_json(&self.reference_range, "referenceRange", w);
        crate::rt::value::Slot::write_json(&self.component, "component", w);
        w.end_object();
    }
}
#[cfg(feature = "derive")]
crate::__careconnect_elements! {
    ObservationLocalIdentifier { 628021283683842752u64 => id : opt crate ::rt::Primitive
    < String >; 2270616358835251226u64 => extension : vec crate ::stu3::Extension;
    17390221882768296350u64 => identifier : vec crate ::careconnect::LocalIdentifier;
    14183358520170196015u64 => status : one crate ::rt::Primitive < crate
    ::stu3::codes::ObservationStatus >; 6616605887935172241u64 => category : vec crate
    ::stu3::CodeableConcept; 843606417163895828u64 => code : one crate
    ::stu3::CodeableConcept; 10826780302402718735u64 => subject : opt_box crate
    ::stu3::Reference; 8999596768310594794u64 => value : opt crate
    ::stu3::ObservationValue; 14540575625175140619u64 => interpretation : opt_box crate
    ::stu3::CodeableConcept; 9943985129786354750u64 => comment : opt crate
    ::rt::Primitive < String >; 14668923772383337639u64 => reference_range : vec crate
    ::stu3::ObservationReferenceRange; 12323128565475947808u64 => component : vec crate
    ::stu3::ObservationComponent; }
}
#[cfg(feature = "derive")]
crate::__careconnect_choice_elements! {
    ObservationLocalIdentifier { 6024413520112747267u64 => value : opt crate
    ::stu3::ObservationValue, Quantity, crate ::stu3::Quantity, boxed;
    12380412433739756981u64 => value : opt crate ::stu3::ObservationValue,
    CodeableConcept, crate ::stu3::CodeableConcept, boxed; 2794740175022524003u64 =>
    value : opt crate ::stu3::ObservationValue, String, crate ::rt::Primitive < String >,
    plain; 9365870666098211474u64 => value : opt crate ::stu3::ObservationValue, Boolean,
    crate ::rt::Primitive < bool >, plain; 11801285146331450315u64 => value : opt crate
    ::stu3::ObservationValue, Period, crate ::stu3::Period, boxed; }
}
impl crate::rt::profile::Profile for ObservationLocalIdentifier {
    const URL: &'static str = "https://example.org/fhir/StructureDefinition/ObservationLocalIdentifier";
    const ROOT: &'static str = "Observation";
}
impl ::core::convert::TryFrom<crate::stu3::Observation> for ObservationLocalIdentifier {
    type Error = crate::rt::profile::Conformance;
    fn try_from(v: crate::stu3::Observation) -> Result<Self, Self::Error> {
        <Self as crate::rt::profile::Profile>::try_from_base(v)
    }
}
impl ::core::convert::From<ObservationLocalIdentifier> for crate::stu3::Observation {
    fn from(v: ObservationLocalIdentifier) -> Self {
        crate::rt::plumbing::Narrow::into_base(v)
    }
}
#[cfg(feature = "serde")]
impl crate::rt::serde::Serialize for ObservationLocalIdentifier {
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
impl<'de> crate::rt::serde::Deserialize<'de> for ObservationLocalIdentifier {
    fn deserialize<D: crate::rt::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::core::result::Result<Self, D::Error> {
        crate::rt::serde::deserialize_json_text(
            deserializer,
            |json| { <Self as crate::rt::profile::Profile>::from_json(json) },
        )
    }
}
impl crate::rt::plumbing::ResourceId for ObservationLocalIdentifier {
    fn resource_id(&self) -> Option<&str> {
        self.id.as_ref().and_then(|p| p.value.as_deref())
    }
}
#[cfg(feature = "derive")]
static SCHEMA: crate::rt::derive::Schema = crate::rt::derive::Schema {
    name: "ObservationLocalIdentifier",
    url: "https://example.org/fhir/StructureDefinition/ObservationLocalIdentifier",
    elements: &[
        crate::rt::derive::Fact::field("id", 0, 1, [65535, 1, 6, 65535]),
        crate::rt::derive::Fact::field("extension", 0, u32::MAX, [65535, 2, 6, 65535]),
        crate::rt::derive::Fact::field("identifier", 0, u32::MAX, [65535, 6, 6, 65535]),
        crate::rt::derive::Fact::field("identifier.use", 0, 1, [2, 4, 5, 2]),
        crate::rt::derive::Fact::fixed("identifier.system", 0, 1, [2, 5, 5, 2]),
        crate::rt::derive::Fact::field("identifier.value", 1, 1, [2, 6, 6, 2]),
        crate::rt::derive::Fact::field("status", 1, 1, [65535, 7, 8, 65535]),
        crate::rt::derive::Fact::field("category", 0, u32::MAX, [65535, 8, 8, 65535]),
        crate::rt::derive::Fact::field("code", 1, 1, [65535, 9, 20, 65535]),
        crate::rt::derive::Fact::field("subject", 0, 1, [65535, 10, 20, 65535]),
        crate::rt::derive::Fact::choice("value", 0, 1, [65535, 11, 20, 65535]),
        crate::rt::derive::Fact::typed("valueQuantity", [65535, 12, 20, 65535], 10),
        crate::rt::derive::Fact::typed(
            "valueCodeableConcept",
            [65535, 13, 20, 65535],
            10,
        ),
        crate::rt::derive::Fact::typed("valueString", [65535, 14, 20, 65535], 10),
        crate::rt::derive::Fact::typed("valueBoolean", [65535, 15, 20, 65535], 10),
        crate::rt::derive::Fact::typed("valuePeriod", [65535, 16, 20, 65535], 10),
        crate::rt::derive::Fact::field("interpretation", 0, 1, [65535, 17, 20, 65535]),
        crate::rt::derive::Fact::field("comment", 0, 1, [65535, 18, 20, 65535]),
        crate::rt::derive::Fact::field(
            "referenceRange",
            0,
            u32::MAX,
            [65535, 19, 20, 65535],
        ),
        crate::rt::derive::Fact::field("component", 0, u32::MAX, [65535, 20, 20, 65535]),
    ],
    index: &[
        (628021283683842752u64, 0),
        (0u64, 65535),
        (0u64, 65535),
        (6024413520112747267u64, 11),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (11801285146331450315u64, 15),
        (14540575625175140619u64, 16),
        (0u64, 65535),
        (0u64, 65535),
        (10826780302402718735u64, 9),
        (0u64, 65535),
        (1610142159632165201u64, 4),
        (6616605887935172241u64, 7),
        (11630042745106218195u64, 3),
        (843606417163895828u64, 8),
        (9365870666098211474u64, 14),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (2270616358835251226u64, 1),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (17390221882768296350u64, 2),
        (0u64, 65535),
        (12323128565475947808u64, 19),
        (14897921126430998177u64, 5),
        (0u64, 65535),
        (2794740175022524003u64, 13),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (14668923772383337639u64, 18),
        (0u64, 65535),
        (0u64, 65535),
        (8999596768310594794u64, 10),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (14183358520170196015u64, 6),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (12380412433739756981u64, 12),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (9943985129786354750u64, 17),
        (0u64, 65535),
    ],
};
#[cfg(feature = "derive")]
impl crate::rt::derive::ProfileSchema for ObservationLocalIdentifier {
    const SCHEMA: &'static crate::rt::derive::Schema = &SCHEMA;
}
