/// `ObservationLowRangeOnly`: profile <https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly> on [`Observation`](crate::stu3::Observation).
#[derive(Clone, PartialEq, Debug)]
pub struct ObservationLowRangeOnly {
    /// [`Observation.id`](https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly) · 0..1 · base [`Observation::id`](crate::stu3::Observation::id)
    pub id: Option<crate::rt::Primitive<String>>,
    /// [`Observation.extension`](https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly) · 0..* · base [`Observation::extension`](crate::stu3::Observation::extension)
    pub extension: Vec<crate::stu3::Extension>,
    /// [`Observation.identifier`](https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly) · 0..* · base [`Observation::identifier`](crate::stu3::Observation::identifier)
    pub identifier: Vec<crate::stu3::Identifier>,
    /// [`Observation.status`](https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly) · 1..1 · base [`Observation::status`](crate::stu3::Observation::status)
    ///
    /// - binding: required <http://hl7.org/fhir/ValueSet/observation-status>, [`ObservationStatus`](crate::stu3::codes::ObservationStatus)
    pub status: crate::rt::Primitive<crate::stu3::codes::ObservationStatus>,
    /// [`Observation.category`](https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly) · 0..* · base [`Observation::category`](crate::stu3::Observation::category)
    pub category: Vec<crate::stu3::CodeableConcept>,
    /// [`Observation.code`](https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly) · 1..1 · base [`Observation::code`](crate::stu3::Observation::code)
    ///
    /// - binding: example <http://hl7.org/fhir/ValueSet/observation-codes>
    pub code: crate::stu3::CodeableConcept,
    /// [`Observation.subject`](https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly) · 0..1 · base [`Observation::subject`](crate::stu3::Observation::subject)
    ///
    /// - targets: [`Patient`](crate::stu3::Patient), [`Organization`](crate::stu3::Organization)
    pub subject: Option<Box<crate::stu3::Reference>>,
    /// [`Observation.value[x]`](https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly) · 0..1 · base [`Observation::value`](crate::stu3::Observation::value)
    ///
    /// - types: Quantity | CodeableConcept | string | boolean | Period
    pub value: Option<crate::stu3::ObservationValue>,
    /// [`Observation.interpretation`](https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly) · 0..1 · base [`Observation::interpretation`](crate::stu3::Observation::interpretation)
    ///
    /// - binding: extensible <http://hl7.org/fhir/ValueSet/observation-interpretation>
    pub interpretation: Option<Box<crate::stu3::CodeableConcept>>,
    /// [`Observation.comment`](https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly) · 0..1 · base [`Observation::comment`](crate::stu3::Observation::comment)
    pub comment: Option<crate::rt::Primitive<String>>,
    /// [`Observation.referenceRange`](https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly) · 0..* · base [`Observation::reference_range`](crate::stu3::Observation::reference_range)
    pub reference_range: Vec<crate::careconnect::ObservationLowRangeOnlyReferenceRange>,
    /// [`Observation.component`](https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly) · 0..* · base [`Observation::component`](crate::stu3::Observation::component)
    pub component: Vec<crate::careconnect::ObservationLowRangeOnlyComponent>,
}
impl ObservationLowRangeOnly {
    /// A value with the elements the profile requires (`status`, `code`); set the others on the fields.
    pub fn new(
        status: crate::rt::Primitive<crate::stu3::codes::ObservationStatus>,
        code: crate::stu3::CodeableConcept,
    ) -> Self {
        ObservationLowRangeOnly {
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
impl crate::rt::plumbing::Placeholder for ObservationLowRangeOnly {
    const PLACEHOLDER: Self = ObservationLowRangeOnly {
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
impl crate::rt::plumbing::Narrow for ObservationLowRangeOnly {
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
        out.identifier = crate::rt::plumbing::take(&mut v.identifier);
        out.status = crate::rt::plumbing::take(&mut v.status);
        out.category = crate::rt::plumbing::take(&mut v.category);
        out.code = crate::rt::plumbing::take(&mut v.code);
        out.subject = crate::rt::plumbing::take(&mut v.subject);
        out.value = crate::rt::plumbing::take(&mut v.value);
        out.interpretation = crate::rt::plumbing::take(&mut v.interpretation);
        out.comment = crate::rt::plumbing::take(&mut v.comment);
        Self::narrow_rest(cx, &mut out, v).then_some(out)
    }
    fn direct(&self, i: usize) -> Option<&dyn crate::rt::plumbing::Slot> {
        match i {
            0usize => Some(&self.id),
            1usize => Some(&self.extension),
            2usize => Some(&self.identifier),
            3usize => Some(&self.status),
            4usize => Some(&self.category),
            5usize => Some(&self.code),
            6usize => Some(&self.subject),
            7usize => Some(&self.value),
            8usize => Some(&self.interpretation),
            9usize => Some(&self.comment),
            _ => None,
        }
    }
    fn direct_mut(&mut self, i: usize) -> Option<&mut dyn crate::rt::plumbing::Slot> {
        match i {
            0usize => Some(&mut self.id),
            1usize => Some(&mut self.extension),
            2usize => Some(&mut self.identifier),
            3usize => Some(&mut self.status),
            4usize => Some(&mut self.category),
            5usize => Some(&mut self.code),
            6usize => Some(&mut self.subject),
            7usize => Some(&mut self.value),
            8usize => Some(&mut self.interpretation),
            9usize => Some(&mut self.comment),
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
            &mut out.reference_range,
            v.reference_range,
            "referenceRange",
        );
        crate::rt::plumbing::narrow_each(
            cx,
            &mut out.component,
            v.component,
            "component",
        );
        cx.count() == before
    }
    fn into_base(self) -> crate::stu3::Observation {
        crate::stu3::Observation {
            id: self.id,
            extension: self.extension,
            identifier: self.identifier,
            status: self.status,
            category: self.category,
            code: self.code,
            subject: self.subject,
            value: self.value,
            interpretation: self.interpretation,
            comment: self.comment,
            reference_range: crate::rt::plumbing::out_vec(
                self.reference_range,
                crate::rt::plumbing::Narrow::into_base,
            ),
            component: crate::rt::plumbing::out_vec(
                self.component,
                crate::rt::plumbing::Narrow::into_base,
            ),
            ..<crate::stu3::Observation as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
    fn write_base_json(&self, w: &mut crate::rt::JsonWriter) {
        w.begin_object();
        w.key(false, "resourceType", "");
        w.string("Observation");
        crate::rt::value::Slot::write_json(&self.id, "id", w);
        crate::rt::value::Slot::write_json(&self.extension, "extension", w);
        crate::rt::value::Slot::write_json(&self.identifier, "identifier", w);
        crate::rt::value::Slot::write_json(&self.status, "status", w);
        crate::rt::value::Slot::write_json(&self.category, "category", w);
        crate::rt::value::Slot::write_json(&self.code, "code", w);
        crate::rt::value::Slot::write_json(&self.subject, "subject", w);
        crate::rt::value::Slot::write_json(&self.value, "value", w);
        crate::rt::value::Slot::write_json(&self.interpretation, "interpretation", w);
        crate::rt::value::Slot::write_json(&self.comment, "comment", w);
        crate::rt::write_base::many(
            &crate::rt::write_base::Items(
                self.reference_range.as_slice(),
                crate::rt::plumbing::Narrow::write_base_json,
            ),
            "referenceRange",
            w,
        );
        crate::rt::write_base::many(
            &crate::rt::write_base::Items(
                self.component.as_slice(),
                crate::rt::plumbing::Narrow::write_base_json,
            ),
            "component",
            w,
        );
        w.end_object();
    }
}
#[cfg(feature = "derive")]
crate::__careconnect_elements! {
    ObservationLowRangeOnly { 628021283683842752u64 => id : opt crate ::rt::Primitive <
    String >; 2270616358835251226u64 => extension : vec crate ::stu3::Extension;
    17390221882768296350u64 => identifier : vec crate ::stu3::Identifier;
    14183358520170196015u64 => status : one crate ::rt::Primitive < crate
    ::stu3::codes::ObservationStatus >; 6616605887935172241u64 => category : vec crate
    ::stu3::CodeableConcept; 843606417163895828u64 => code : one crate
    ::stu3::CodeableConcept; 10826780302402718735u64 => subject : opt_box crate
    ::stu3::Reference; 8999596768310594794u64 => value : opt crate
    ::stu3::ObservationValue; 14540575625175140619u64 => interpretation : opt_box crate
    ::stu3::CodeableConcept; 9943985129786354750u64 => comment : opt crate
    ::rt::Primitive < String >; 14668923772383337639u64 => reference_range : vec crate
    ::careconnect::ObservationLowRangeOnlyReferenceRange; 12323128565475947808u64 =>
    component : vec crate ::careconnect::ObservationLowRangeOnlyComponent; }
}
#[cfg(feature = "derive")]
crate::__careconnect_choice_elements! {
    ObservationLowRangeOnly { 6024413520112747267u64 => value : opt crate
    ::stu3::ObservationValue, Quantity, crate ::stu3::Quantity, boxed;
    12380412433739756981u64 => value : opt crate ::stu3::ObservationValue,
    CodeableConcept, crate ::stu3::CodeableConcept, boxed; 2794740175022524003u64 =>
    value : opt crate ::stu3::ObservationValue, String, crate ::rt::Primitive < String >,
    plain; 9365870666098211474u64 => value : opt crate ::stu3::ObservationValue, Boolean,
    crate ::rt::Primitive < bool >, plain; 11801285146331450315u64 => value : opt crate
    ::stu3::ObservationValue, Period, crate ::stu3::Period, boxed; }
}
/// `Observation.referenceRange` in profile <https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly>, narrowing [`ObservationReferenceRange`](crate::stu3::ObservationReferenceRange).
#[derive(Clone, PartialEq, Debug)]
pub struct ObservationLowRangeOnlyReferenceRange {
    /// [`Observation.referenceRange.low`](https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly) · 1..1 · base [`ObservationReferenceRange::low`](crate::stu3::ObservationReferenceRange::low)
    pub low: crate::stu3::Quantity,
    /// [`Observation.referenceRange.high`](https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly) · 0..1 · base [`ObservationReferenceRange::high`](crate::stu3::ObservationReferenceRange::high)
    pub high: Option<Box<crate::stu3::Quantity>>,
    /// [`Observation.referenceRange.text`](https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly) · 0..1 · base [`ObservationReferenceRange::text`](crate::stu3::ObservationReferenceRange::text)
    pub text: Option<crate::rt::Primitive<String>>,
}
impl ObservationLowRangeOnlyReferenceRange {
    /// A value with the elements the profile requires (`low`); set the others on the fields.
    pub fn new(low: crate::stu3::Quantity) -> Self {
        ObservationLowRangeOnlyReferenceRange {
            low,
            high: None,
            text: None,
        }
    }
}
impl crate::rt::plumbing::Placeholder for ObservationLowRangeOnlyReferenceRange {
    const PLACEHOLDER: Self = ObservationLowRangeOnlyReferenceRange {
        low: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        high: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        text: crate::rt::plumbing::Placeholder::PLACEHOLDER,
    };
}
impl crate::rt::plumbing::Narrow for ObservationLowRangeOnlyReferenceRange {
    type Base = crate::stu3::ObservationReferenceRange;
    fn from_base(
        cx: &mut crate::rt::plumbing::Checker,
        v: crate::stu3::ObservationReferenceRange,
    ) -> Option<Self> {
        crate::rt::plumbing::narrow_new(cx, v)
    }
    #[allow(unused_variables, unused_mut)]
    fn narrow_rest(
        cx: &mut crate::rt::plumbing::Checker,
        out: &mut Self,
        v: crate::stu3::ObservationReferenceRange,
    ) -> bool {
        let mut v = v;
        let before = cx.count();
        if let Some(x) = crate::rt::plumbing::req(
            cx,
            v.low,
            "low",
            |cx, x| (crate::rt::plumbing::keep)(cx, *x),
        ) {
            out.low = x;
        }
        out.high = v.high;
        out.text = v.text;
        cx.count() == before
    }
    fn into_base(self) -> crate::stu3::ObservationReferenceRange {
        crate::stu3::ObservationReferenceRange {
            low: Some((|p| Box::new((::core::convert::identity)(p)))(self.low)),
            high: self.high,
            text: self.text,
            ..<crate::stu3::ObservationReferenceRange as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
    fn write_base_json(&self, w: &mut crate::rt::JsonWriter) {
        w.begin_object();
        crate::rt::write_base::same(
            ::core::option::Option::Some(&self.low),
            "low",
            "",
            w,
        );
        crate::rt::value::Slot::write_json(&self.high, "high", w);
        crate::rt::value::Slot::write_json(&self.text, "text", w);
        w.end_object();
    }
}
#[cfg(feature = "derive")]
crate::__careconnect_elements! {
    ObservationLowRangeOnlyReferenceRange { 1319698834715012961u64 => low : one crate
    ::stu3::Quantity; 8313907474670826557u64 => high : opt_box crate ::stu3::Quantity;
    18015793717152399486u64 => text : opt crate ::rt::Primitive < String >; }
}
/// `Observation.component` in profile <https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly>, narrowing [`ObservationComponent`](crate::stu3::ObservationComponent).
#[derive(Clone, PartialEq, Debug)]
pub struct ObservationLowRangeOnlyComponent {
    /// [`Observation.component.code`](https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly) · 1..1 · base [`ObservationComponent::code`](crate::stu3::ObservationComponent::code)
    pub code: crate::stu3::CodeableConcept,
    /// [`Observation.component.value[x]`](https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly) · 0..1 · base [`ObservationComponent::value`](crate::stu3::ObservationComponent::value)
    ///
    /// - types: Quantity | string
    pub value: Option<crate::stu3::ObservationComponentValue>,
    /// [`Observation.component.referenceRange`](https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly) · 0..* · base [`ObservationComponent::reference_range`](crate::stu3::ObservationComponent::reference_range)
    pub reference_range: Vec<crate::careconnect::ObservationLowRangeOnlyReferenceRange>,
}
impl ObservationLowRangeOnlyComponent {
    /// A value with the elements the profile requires (`code`); set the others on the fields.
    pub fn new(code: crate::stu3::CodeableConcept) -> Self {
        ObservationLowRangeOnlyComponent {
            code,
            value: None,
            reference_range: Vec::new(),
        }
    }
}
impl crate::rt::plumbing::Placeholder for ObservationLowRangeOnlyComponent {
    const PLACEHOLDER: Self = ObservationLowRangeOnlyComponent {
        code: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        value: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        reference_range: crate::rt::plumbing::Placeholder::PLACEHOLDER,
    };
}
impl crate::rt::plumbing::Narrow for ObservationLowRangeOnlyComponent {
    type Base = crate::stu3::ObservationComponent;
    fn from_base(
        cx: &mut crate::rt::plumbing::Checker,
        v: crate::stu3::ObservationComponent,
    ) -> Option<Self> {
        crate::rt::plumbing::narrow_new(cx, v)
    }
    #[allow(unused_variables, unused_mut)]
    fn narrow_rest(
        cx: &mut crate::rt::plumbing::Checker,
        out: &mut Self,
        v: crate::stu3::ObservationComponent,
    ) -> bool {
        let mut v = v;
        let before = cx.count();
        out.code = v.code;
        out.value = v.value;
        crate::rt::plumbing::narrow_each(
            cx,
            &mut out.reference_range,
            v.reference_range,
            "referenceRange",
        );
        cx.count() == before
    }
    fn into_base(self) -> crate::stu3::ObservationComponent {
        crate::stu3::ObservationComponent {
            code: self.code,
            value: self.value,
            reference_range: crate::rt::plumbing::out_vec(
                self.reference_range,
                crate::rt::plumbing::Narrow::into_base,
            ),
            ..<crate::stu3::ObservationComponent as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
    fn write_base_json(&self, w: &mut crate::rt::JsonWriter) {
        w.begin_object();
        crate::rt::value::Slot::write_json(&self.code, "code", w);
        crate::rt::value::Slot::write_json(&self.value, "value", w);
        crate::rt::write_base::many(
            &crate::rt::write_base::Items(
                self.reference_range.as_slice(),
                crate::rt::plumbing::Narrow::write_base_json,
            ),
            "referenceRange",
            w,
        );
        w.end_object();
    }
}
#[cfg(feature = "derive")]
crate::__careconnect_elements! {
    ObservationLowRangeOnlyComponent { 843606417163895828u64 => code : one crate
    ::stu3::CodeableConcept; 8999596768310594794u64 => value : opt crate
    ::stu3::ObservationComponentValue; 14668923772383337639u64 => reference_range : vec
    crate ::careconnect::ObservationLowRangeOnlyReferenceRange; }
}
#[cfg(feature = "derive")]
crate::__careconnect_choice_elements! {
    ObservationLowRangeOnlyComponent { 6024413520112747267u64 => value : opt crate
    ::stu3::ObservationComponentValue, Quantity, crate ::stu3::Quantity, boxed;
    2794740175022524003u64 => value : opt crate ::stu3::ObservationComponentValue,
    String, crate ::rt::Primitive < String >, plain; }
}
impl crate::rt::profile::Profile for ObservationLowRangeOnly {
    const URL: &'static str = "https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly";
    const ROOT: &'static str = "Observation";
}
impl ::core::convert::TryFrom<crate::stu3::Observation> for ObservationLowRangeOnly {
    type Error = crate::rt::profile::Conformance;
    fn try_from(v: crate::stu3::Observation) -> Result<Self, Self::Error> {
        <Self as crate::rt::profile::Profile>::try_from_base(v)
    }
}
impl ::core::convert::From<ObservationLowRangeOnly> for crate::stu3::Observation {
    fn from(v: ObservationLowRangeOnly) -> Self {
        crate::rt::plumbing::Narrow::into_base(v)
    }
}
#[cfg(feature = "serde")]
impl crate::rt::serde::Serialize for ObservationLowRangeOnly {
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
impl<'de> crate::rt::serde::Deserialize<'de> for ObservationLowRangeOnly {
    fn deserialize<D: crate::rt::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::core::result::Result<Self, D::Error> {
        crate::rt::serde::deserialize_json_text(
            deserializer,
            |json| { <Self as crate::rt::profile::Profile>::from_json(json) },
        )
    }
}
impl crate::rt::plumbing::ResourceId for ObservationLowRangeOnly {
    fn resource_id(&self) -> Option<&str> {
        self.id.as_ref().and_then(|p| p.value.as_deref())
    }
}
#[cfg(feature = "derive")]
static SCHEMA: crate::rt::derive::Schema = crate::rt::derive::Schema {
    name: "ObservationLowRangeOnly",
    url: "https://example.org/fhir/StructureDefinition/ObservationLowRangeOnly",
    elements: &[
        crate::rt::derive::Fact::field("id", 0, 1, [65535, 1, 3, 65535]),
        crate::rt::derive::Fact::field("extension", 0, u32::MAX, [65535, 2, 3, 65535]),
        crate::rt::derive::Fact::field("identifier", 0, u32::MAX, [65535, 3, 3, 65535]),
        crate::rt::derive::Fact::field("status", 1, 1, [65535, 4, 5, 65535]),
        crate::rt::derive::Fact::field("category", 0, u32::MAX, [65535, 5, 5, 65535]),
        crate::rt::derive::Fact::field("code", 1, 1, [65535, 6, 28, 65535]),
        crate::rt::derive::Fact::field("subject", 0, 1, [65535, 7, 28, 65535]),
        crate::rt::derive::Fact::choice("value", 0, 1, [65535, 8, 28, 65535]),
        crate::rt::derive::Fact::typed("valueQuantity", [65535, 9, 28, 65535], 7),
        crate::rt::derive::Fact::typed(
            "valueCodeableConcept",
            [65535, 10, 28, 65535],
            7,
        ),
        crate::rt::derive::Fact::typed("valueString", [65535, 11, 28, 65535], 7),
        crate::rt::derive::Fact::typed("valueBoolean", [65535, 12, 28, 65535], 7),
        crate::rt::derive::Fact::typed("valuePeriod", [65535, 13, 28, 65535], 7),
        crate::rt::derive::Fact::field("interpretation", 0, 1, [65535, 14, 28, 65535]),
        crate::rt::derive::Fact::field("comment", 0, 1, [65535, 15, 28, 65535]),
        crate::rt::derive::Fact::field(
            "referenceRange",
            0,
            u32::MAX,
            [65535, 19, 28, 65535],
        ),
        crate::rt::derive::Fact::field("referenceRange.low", 1, 1, [15, 17, 19, 15]),
        crate::rt::derive::Fact::field("referenceRange.high", 0, 1, [15, 18, 19, 15]),
        crate::rt::derive::Fact::field("referenceRange.text", 0, 1, [15, 19, 19, 15]),
        crate::rt::derive::Fact::field("component", 0, u32::MAX, [65535, 28, 28, 65535]),
        crate::rt::derive::Fact::field("component.code", 1, 1, [19, 21, 28, 19]),
        crate::rt::derive::Fact::choice("component.value", 0, 1, [19, 22, 28, 19]),
        crate::rt::derive::Fact::typed("component.valueQuantity", [19, 23, 28, 19], 21),
        crate::rt::derive::Fact::typed("component.valueString", [19, 24, 28, 19], 21),
        crate::rt::derive::Fact::field(
            "component.referenceRange",
            0,
            u32::MAX,
            [19, 28, 28, 19],
        ),
        crate::rt::derive::Fact::field(
            "component.referenceRange.low",
            1,
            1,
            [24, 26, 28, 24],
        ),
        crate::rt::derive::Fact::field(
            "component.referenceRange.high",
            0,
            1,
            [24, 27, 28, 24],
        ),
        crate::rt::derive::Fact::field(
            "component.referenceRange.text",
            0,
            1,
            [24, 28, 28, 24],
        ),
    ],
    index: &[
        (628021283683842752u64, 0),
        (0u64, 65535),
        (0u64, 65535),
        (6024413520112747267u64, 8),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (14074089802394714631u64, 20),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (11801285146331450315u64, 12),
        (14540575625175140619u64, 13),
        (0u64, 65535),
        (665391697321414158u64, 26),
        (10826780302402718735u64, 6),
        (0u64, 65535),
        (6616605887935172241u64, 4),
        (9365870666098211474u64, 11),
        (1511460180843631763u64, 21),
        (843606417163895828u64, 5),
        (10815299038329728340u64, 24),
        (7737525999249804054u64, 23),
        (13391364146133888084u64, 25),
        (0u64, 65535),
        (0u64, 65535),
        (2270616358835251226u64, 1),
        (0u64, 65535),
        (14781658464071415772u64, 18),
        (0u64, 65535),
        (17390221882768296350u64, 2),
        (0u64, 65535),
        (12323128565475947808u64, 19),
        (0u64, 65535),
        (0u64, 65535),
        (2794740175022524003u64, 10),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (14668923772383337639u64, 15),
        (12420735500677630631u64, 17),
        (0u64, 65535),
        (8999596768310594794u64, 7),
        (5411120733083706923u64, 16),
        (0u64, 65535),
        (2233993084009610477u64, 27),
        (0u64, 65535),
        (14183358520170196015u64, 3),
        (0u64, 65535),
        (0u64, 65535),
        (14142076101831314482u64, 22),
        (0u64, 65535),
        (0u64, 65535),
        (12380412433739756981u64, 9),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (9943985129786354750u64, 14),
        (0u64, 65535),
    ],
};
#[cfg(feature = "derive")]
impl crate::rt::derive::ProfileSchema for ObservationLowRangeOnly {
    const SCHEMA: &'static crate::rt::derive::Schema = &SCHEMA;
}
