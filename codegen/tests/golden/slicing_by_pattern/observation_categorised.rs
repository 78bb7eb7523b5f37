/// `ObservationCategorised`: profile <https://example.org/fhir/StructureDefinition/ObservationCategorised> on [`Observation`](crate::stu3::Observation).
#[derive(Clone, PartialEq, Debug)]
pub struct ObservationCategorised {
    /// [`Observation.id`](https://example.org/fhir/StructureDefinition/ObservationCategorised) · 0..1 · base [`Observation::id`](crate::stu3::Observation::id)
    pub id: Option<crate::rt::Primitive<String>>,
    /// [`Observation.extension`](https://example.org/fhir/StructureDefinition/ObservationCategorised) · 0..* · base [`Observation::extension`](crate::stu3::Observation::extension)
    pub extension: Vec<crate::stu3::Extension>,
    /// [`Observation.identifier`](https://example.org/fhir/StructureDefinition/ObservationCategorised) · 0..* · base [`Observation::identifier`](crate::stu3::Observation::identifier)
    pub identifier: Vec<crate::stu3::Identifier>,
    /// [`Observation.status`](https://example.org/fhir/StructureDefinition/ObservationCategorised) · 1..1 · base [`Observation::status`](crate::stu3::Observation::status)
    ///
    /// - binding: required <http://hl7.org/fhir/ValueSet/observation-status>, [`ObservationStatus`](crate::stu3::codes::ObservationStatus)
    pub status: crate::rt::Primitive<crate::stu3::codes::ObservationStatus>,
    /// [`Observation.category`](https://example.org/fhir/StructureDefinition/ObservationCategorised) · 0..* · base [`Observation::category`](crate::stu3::Observation::category)
    pub category: Vec<crate::stu3::CodeableConcept>,
    /// [`Observation.code`](https://example.org/fhir/StructureDefinition/ObservationCategorised) · 1..1 · base [`Observation::code`](crate::stu3::Observation::code)
    ///
    /// - binding: example <http://hl7.org/fhir/ValueSet/observation-codes>
    pub code: crate::stu3::CodeableConcept,
    /// [`Observation.subject`](https://example.org/fhir/StructureDefinition/ObservationCategorised) · 0..1 · base [`Observation::subject`](crate::stu3::Observation::subject)
    ///
    /// - targets: [`Patient`](crate::stu3::Patient), [`Organization`](crate::stu3::Organization)
    pub subject: Option<Box<crate::stu3::Reference>>,
    /// [`Observation.value[x]`](https://example.org/fhir/StructureDefinition/ObservationCategorised) · 0..1 · base [`Observation::value`](crate::stu3::Observation::value)
    ///
    /// - types: Quantity | CodeableConcept | string | boolean | Period
    pub value: Option<crate::stu3::ObservationValue>,
    /// [`Observation.interpretation`](https://example.org/fhir/StructureDefinition/ObservationCategorised) · 0..1 · base [`Observation::interpretation`](crate::stu3::Observation::interpretation)
    ///
    /// - binding: extensible <http://hl7.org/fhir/ValueSet/observation-interpretation>
    pub interpretation: Option<Box<crate::stu3::CodeableConcept>>,
    /// [`Observation.comment`](https://example.org/fhir/StructureDefinition/ObservationCategorised) · 0..1 · base [`Observation::comment`](crate::stu3::Observation::comment)
    pub comment: Option<crate::rt::Primitive<String>>,
    /// [`Observation.referenceRange`](https://example.org/fhir/StructureDefinition/ObservationCategorised) · 0..* · base [`Observation::reference_range`](crate::stu3::Observation::reference_range)
    pub reference_range: Vec<crate::stu3::ObservationReferenceRange>,
    /// [`Observation.component:pulse`](https://example.org/fhir/StructureDefinition/ObservationCategorised) · 0..1 · base [`Observation::component`](crate::stu3::Observation::component)
    ///
    /// - slice `pulse` of `component`, by value `code`
    pub pulse: Option<crate::careconnect::ObservationCategorisedPulse>,
    /// [`Observation.component`](https://example.org/fhir/StructureDefinition/ObservationCategorised) · 0..* · base [`Observation::component`](crate::stu3::Observation::component)
    ///
    /// - the items of `component` no slice matches, by value `code`; open
    pub component: Vec<crate::stu3::ObservationComponent>,
    #[doc(hidden)]
    pub order: crate::rt::plumbing::SliceOrder,
}
impl ObservationCategorised {
    /// A value with the elements the profile requires (`status`, `code`); set the others on the fields.
    pub fn new(
        status: crate::rt::Primitive<crate::stu3::codes::ObservationStatus>,
        code: crate::stu3::CodeableConcept,
    ) -> Self {
        ObservationCategorised {
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
            pulse: None,
            component: Vec::new(),
            order: crate::rt::plumbing::SliceOrder::EMPTY,
        }
    }
}
impl crate::rt::plumbing::Placeholder for ObservationCategorised {
    const PLACEHOLDER: Self = ObservationCategorised {
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
        pulse: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        component: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        order: crate::rt::plumbing::SliceOrder::EMPTY,
    };
}
impl crate::rt::plumbing::Narrow for ObservationCategorised {
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
        out.reference_range = crate::rt::plumbing::take(&mut v.reference_range);
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
            10usize => Some(&self.reference_range),
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
            10usize => Some(&mut self.reference_range),
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
        let (mut buckets_0, order_k) = crate::rt::plumbing::split(
            std::mem::take(&mut v.component),
            &[
                &|x: &crate::stu3::ObservationComponent| {
                    let y = &x.code;
                    y.coding
                        .iter()
                        .any(|y| {
                            crate::rt::plumbing::has_value(
                                y.system.as_ref(),
                                "https://example.org/CodeSystem/pressure",
                            ) && crate::rt::plumbing::has_value(y.code.as_ref(), "pulse")
                        })
                },
            ],
        );
        out.order.set(0usize, order_k);
        out.pulse = {
            let v = std::mem::take(&mut buckets_0[0usize]);
            cx.check_count(v.len(), 0u32, Some(1u32), "component:pulse");
            crate::rt::plumbing::first_indexed(
                cx,
                v,
                "component",
                <crate::careconnect::ObservationCategorisedPulse as crate::rt::plumbing::Narrow>::from_base,
            )
        };
        out.component = crate::rt::plumbing::rest(
            std::mem::take(&mut buckets_0[1usize]),
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
            reference_range: self.reference_range,
            component: crate::rt::plumbing::merge(
                ::std::vec::Vec::from([
                    crate::rt::plumbing::opt_vec(
                        self.pulse,
                        crate::rt::plumbing::Narrow::into_base,
                    ),
                    self.component,
                ]),
                self.order.get(0usize),
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
        crate::rt::value::Slot::write_json(&self.reference_range, "referenceRange", w);
        crate::rt::write_base::merged(
            "component",
            &[
                &crate::rt::write_base::Items(
                    self.pulse.as_slice(),
                    crate::rt::plumbing::Narrow::write_base_json,
                ),
                &crate::rt::write_base::Items(
                    self.component.as_slice(),
                    crate::rt::write_base::bare,
                ),
            ],
            self.order.get(0usize),
            w,
        );
        w.end_object();
    }
}
#[cfg(feature = "derive")]
crate::__careconnect_elements! {
    ObservationCategorised { 628021283683842752u64 => id : opt crate ::rt::Primitive <
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
    ::stu3::ObservationReferenceRange; 18242137584119779887u64 => pulse : opt crate
    ::careconnect::ObservationCategorisedPulse, node; 12323128565475947808u64 =>
    component : vec crate ::stu3::ObservationComponent; }
}
#[cfg(feature = "derive")]
crate::__careconnect_choice_elements! {
    ObservationCategorised { 6024413520112747267u64 => value : opt crate
    ::stu3::ObservationValue, Quantity, crate ::stu3::Quantity, boxed;
    12380412433739756981u64 => value : opt crate ::stu3::ObservationValue,
    CodeableConcept, crate ::stu3::CodeableConcept, boxed; 2794740175022524003u64 =>
    value : opt crate ::stu3::ObservationValue, String, crate ::rt::Primitive < String >,
    plain; 9365870666098211474u64 => value : opt crate ::stu3::ObservationValue, Boolean,
    crate ::rt::Primitive < bool >, plain; 11801285146331450315u64 => value : opt crate
    ::stu3::ObservationValue, Period, crate ::stu3::Period, boxed; }
}
/// `Observation.component:pulse` in profile <https://example.org/fhir/StructureDefinition/ObservationCategorised>, narrowing [`ObservationComponent`](crate::stu3::ObservationComponent).
#[derive(Clone, PartialEq, Debug)]
pub struct ObservationCategorisedPulse {
    /// [`Observation.component:pulse.code`](https://example.org/fhir/StructureDefinition/ObservationCategorised) · 1..1 · base [`ObservationComponent::code`](crate::stu3::ObservationComponent::code)
    pub code: crate::stu3::CodeableConcept,
    /// [`Observation.component:pulse.value[x]`](https://example.org/fhir/StructureDefinition/ObservationCategorised) · 0..1 · base [`ObservationComponent::value`](crate::stu3::ObservationComponent::value)
    ///
    /// - types: Quantity | string
    pub value: Option<crate::stu3::ObservationComponentValue>,
    /// [`Observation.component:pulse.referenceRange`](https://example.org/fhir/StructureDefinition/ObservationCategorised) · 0..* · base [`ObservationComponent::reference_range`](crate::stu3::ObservationComponent::reference_range)
    pub reference_range: Vec<crate::stu3::ObservationReferenceRange>,
}
impl ObservationCategorisedPulse {
    /// A value with the elements the profile requires (`code`); set the others on the fields.
    pub fn new(code: crate::stu3::CodeableConcept) -> Self {
        ObservationCategorisedPulse {
            code,
            value: None,
            reference_range: Vec::new(),
        }
    }
}
impl crate::rt::plumbing::Placeholder for ObservationCategorisedPulse {
    const PLACEHOLDER: Self = ObservationCategorisedPulse {
        code: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        value: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        reference_range: crate::rt::plumbing::Placeholder::PLACEHOLDER,
    };
}
impl crate::rt::plumbing::Narrow for ObservationCategorisedPulse {
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
        out.reference_range = v.reference_range;
        cx.count() == before
    }
    fn into_base(self) -> crate::stu3::ObservationComponent {
        crate::stu3::ObservationComponent {
            code: self.code,
            value: self.value,
            reference_range: self.reference_range,
            ..<crate::stu3::ObservationComponent as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
    fn write_base_json(&self, w: &mut crate::rt::JsonWriter) {
        w.begin_object();
        crate::rt::value::Slot::write_json(&self.code, "code", w);
        crate::rt::value::Slot::write_json(&self.value, "value", w);
        crate::rt::value::Slot::write_json(&self.reference_range, "referenceRange", w);
        w.end_object();
    }
}
#[cfg(feature = "derive")]
crate::__careconnect_elements! {
    ObservationCategorisedPulse { 843606417163895828u64 => code : one crate
    ::stu3::CodeableConcept; 8999596768310594794u64 => value : opt crate
    ::stu3::ObservationComponentValue; 14668923772383337639u64 => reference_range : vec
    crate ::stu3::ObservationReferenceRange; }
}
#[cfg(feature = "derive")]
crate::__careconnect_choice_elements! {
    ObservationCategorisedPulse { 6024413520112747267u64 => value : opt crate
    ::stu3::ObservationComponentValue, Quantity, crate ::stu3::Quantity, boxed;
    2794740175022524003u64 => value : opt crate ::stu3::ObservationComponentValue,
    String, crate ::rt::Primitive < String >, plain; }
}
impl crate::rt::profile::Profile for ObservationCategorised {
    const URL: &'static str = "https://example.org/fhir/StructureDefinition/ObservationCategorised";
    const ROOT: &'static str = "Observation";
}
impl ::core::convert::TryFrom<crate::stu3::Observation> for ObservationCategorised {
    type Error = crate::rt::profile::Conformance;
    fn try_from(v: crate::stu3::Observation) -> Result<Self, Self::Error> {
        <Self as crate::rt::profile::Profile>::try_from_base(v)
    }
}
impl ::core::convert::From<ObservationCategorised> for crate::stu3::Observation {
    fn from(v: ObservationCategorised) -> Self {
        crate::rt::plumbing::Narrow::into_base(v)
    }
}
#[cfg(feature = "serde")]
impl crate::rt::serde::Serialize for ObservationCategorised {
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
impl<'de> crate::rt::serde::Deserialize<'de> for ObservationCategorised {
    fn deserialize<D: crate::rt::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::core::result::Result<Self, D::Error> {
        crate::rt::serde::deserialize_json_text(
            deserializer,
            |json| { <Self as crate::rt::profile::Profile>::from_json(json) },
        )
    }
}
impl crate::rt::plumbing::ResourceId for ObservationCategorised {
    fn resource_id(&self) -> Option<&str> {
        self.id.as_ref().and_then(|p| p.value.as_deref())
    }
}
#[cfg(feature = "derive")]
static SCHEMA: crate::rt::derive::Schema = crate::rt::derive::Schema {
    name: "ObservationCategorised",
    url: "https://example.org/fhir/StructureDefinition/ObservationCategorised",
    elements: &[
        crate::rt::derive::Fact::field("id", 0, 1, [65535, 1, 3, 65535]),
        crate::rt::derive::Fact::field("extension", 0, u32::MAX, [65535, 2, 3, 65535]),
        crate::rt::derive::Fact::field("identifier", 0, u32::MAX, [65535, 3, 3, 65535]),
        crate::rt::derive::Fact::field("status", 1, 1, [65535, 4, 5, 65535]),
        crate::rt::derive::Fact::field("category", 0, u32::MAX, [65535, 5, 5, 65535]),
        crate::rt::derive::Fact::field("code", 1, 1, [65535, 6, 23, 65535]),
        crate::rt::derive::Fact::field("subject", 0, 1, [65535, 7, 23, 65535]),
        crate::rt::derive::Fact::choice("value", 0, 1, [65535, 8, 23, 65535]),
        crate::rt::derive::Fact::typed("valueQuantity", [65535, 9, 23, 65535], 7),
        crate::rt::derive::Fact::typed(
            "valueCodeableConcept",
            [65535, 10, 23, 65535],
            7,
        ),
        crate::rt::derive::Fact::typed("valueString", [65535, 11, 23, 65535], 7),
        crate::rt::derive::Fact::typed("valueBoolean", [65535, 12, 23, 65535], 7),
        crate::rt::derive::Fact::typed("valuePeriod", [65535, 13, 23, 65535], 7),
        crate::rt::derive::Fact::field("interpretation", 0, 1, [65535, 14, 23, 65535]),
        crate::rt::derive::Fact::field("comment", 0, 1, [65535, 15, 23, 65535]),
        crate::rt::derive::Fact::field(
            "referenceRange",
            0,
            u32::MAX,
            [65535, 16, 23, 65535],
        ),
        crate::rt::derive::Fact::field("component:pulse", 0, 1, [65535, 22, 23, 65535]),
        crate::rt::derive::Fact::field(
            "component:pulse.code",
            1,
            1,
            [16, 18, 22, 65535],
        ),
        crate::rt::derive::Fact::choice(
            "component:pulse.value",
            0,
            1,
            [16, 19, 22, 65535],
        ),
        crate::rt::derive::Fact::typed(
            "component:pulse.valueQuantity",
            [16, 20, 22, 65535],
            18,
        ),
        crate::rt::derive::Fact::typed(
            "component:pulse.valueString",
            [16, 21, 22, 65535],
            18,
        ),
        crate::rt::derive::Fact::field(
            "component:pulse.referenceRange",
            0,
            u32::MAX,
            [16, 22, 22, 65535],
        ),
        crate::rt::derive::Fact::field("component", 0, u32::MAX, [65535, 23, 23, 65535]),
    ],
    index: &[
        (628021283683842752u64, 0),
        (0u64, 65535),
        (0u64, 65535),
        (6024413520112747267u64, 8),
        (0u64, 65535),
        (9587067043733034245u64, 19),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (11801285146331450315u64, 12),
        (14540575625175140619u64, 13),
        (4942799049846835277u64, 21),
        (0u64, 65535),
        (10826780302402718735u64, 6),
        (16786636995829742608u64, 18),
        (6616605887935172241u64, 4),
        (9365870666098211474u64, 11),
        (0u64, 65535),
        (843606417163895828u64, 5),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (17613566004399444633u64, 20),
        (2270616358835251226u64, 1),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (17390221882768296350u64, 2),
        (0u64, 65535),
        (12323128565475947808u64, 22),
        (0u64, 65535),
        (0u64, 65535),
        (2794740175022524003u64, 10),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (14668923772383337639u64, 15),
        (0u64, 65535),
        (0u64, 65535),
        (8999596768310594794u64, 7),
        (9446627421914900842u64, 17),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (14183358520170196015u64, 3),
        (18242137584119779887u64, 16),
        (0u64, 65535),
        (0u64, 65535),
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
impl crate::rt::derive::ProfileSchema for ObservationCategorised {
    const SCHEMA: &'static crate::rt::derive::Schema = &SCHEMA;
}
