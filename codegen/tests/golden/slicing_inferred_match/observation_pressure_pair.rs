/// `ObservationPressurePair`: profile <https://example.org/fhir/StructureDefinition/ObservationPressurePair> on [`Observation`](crate::stu3::Observation).
#[derive(Clone, PartialEq, Debug)]
pub struct ObservationPressurePair {
    /// [`Observation.id`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..1 · base [`Observation::id`](crate::stu3::Observation::id)
    pub id: Option<crate::rt::Primitive<String>>,
    /// [`Observation.extension`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..* · base [`Observation::extension`](crate::stu3::Observation::extension)
    pub extension: Vec<crate::stu3::Extension>,
    /// [`Observation.identifier`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..* · base [`Observation::identifier`](crate::stu3::Observation::identifier)
    pub identifier: Vec<crate::stu3::Identifier>,
    /// [`Observation.status`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 1..1 · base [`Observation::status`](crate::stu3::Observation::status)
    ///
    /// - binding: required <http://hl7.org/fhir/ValueSet/observation-status>, [`ObservationStatus`](crate::stu3::codes::ObservationStatus)
    pub status: crate::rt::Primitive<crate::stu3::codes::ObservationStatus>,
    /// [`Observation.category`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..* · base [`Observation::category`](crate::stu3::Observation::category)
    pub category: Vec<crate::stu3::CodeableConcept>,
    /// [`Observation.code`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 1..1 · base [`Observation::code`](crate::stu3::Observation::code)
    ///
    /// - binding: example <http://hl7.org/fhir/ValueSet/observation-codes>
    pub code: crate::stu3::CodeableConcept,
    /// [`Observation.subject`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..1 · base [`Observation::subject`](crate::stu3::Observation::subject)
    ///
    /// - targets: [`Patient`](crate::stu3::Patient), [`Organization`](crate::stu3::Organization)
    pub subject: Option<Box<crate::stu3::Reference>>,
    /// [`Observation.value[x]`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..1 · base [`Observation::value`](crate::stu3::Observation::value)
    ///
    /// - types: Quantity | CodeableConcept | string | boolean | Period
    pub value: Option<crate::stu3::ObservationValue>,
    /// [`Observation.interpretation`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..1 · base [`Observation::interpretation`](crate::stu3::Observation::interpretation)
    ///
    /// - binding: extensible <http://hl7.org/fhir/ValueSet/observation-interpretation>
    pub interpretation: Option<Box<crate::stu3::CodeableConcept>>,
    /// [`Observation.comment`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..1 · base [`Observation::comment`](crate::stu3::Observation::comment)
    pub comment: Option<crate::rt::Primitive<String>>,
    /// [`Observation.referenceRange`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..* · base [`Observation::reference_range`](crate::stu3::Observation::reference_range)
    pub reference_range: Vec<crate::stu3::ObservationReferenceRange>,
    /// [`Observation.component:upper`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 1..1 · base [`Observation::component`](crate::stu3::Observation::component)
    ///
    /// - slice `upper` of `component`, by value `code`
    pub upper: crate::careconnect::ObservationPressurePairUpper,
    /// [`Observation.component:lower`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..1 · base [`Observation::component`](crate::stu3::Observation::component)
    ///
    /// - slice `lower` of `component`, by value `code`
    pub lower: Option<crate::careconnect::ObservationPressurePairLower>,
    /// [`Observation.component`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..* · base [`Observation::component`](crate::stu3::Observation::component)
    ///
    /// - the items of `component` no slice matches, by value `code`; open
    pub component: Vec<crate::stu3::ObservationComponent>,
    #[doc(hidden)]
    pub order: crate::rt::plumbing::SliceOrder,
}
impl ObservationPressurePair {
    /// A value with the elements the profile requires (`status`, `code`) and those it fixes (`upper`); set the others on the fields.
    pub fn new(
        status: crate::rt::Primitive<crate::stu3::codes::ObservationStatus>,
        code: crate::stu3::CodeableConcept,
    ) -> Self {
        ObservationPressurePair {
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
            upper: crate::careconnect::ObservationPressurePairUpper::new(),
            lower: None,
            component: Vec::new(),
            order: crate::rt::plumbing::SliceOrder::EMPTY,
        }
    }
}
impl crate::rt::plumbing::Placeholder for ObservationPressurePair {
    const PLACEHOLDER: Self = ObservationPressurePair {
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
        upper: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        lower: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        component: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        order: crate::rt::plumbing::SliceOrder::EMPTY,
    };
}
impl crate::rt::plumbing::Narrow for ObservationPressurePair {
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
                            ) && crate::rt::plumbing::has_value(y.code.as_ref(), "upper")
                        })
                },
                &|x: &crate::stu3::ObservationComponent| {
                    let y = &x.code;
                    y.coding
                        .iter()
                        .any(|y| {
                            crate::rt::plumbing::has_value(
                                y.system.as_ref(),
                                "https://example.org/CodeSystem/pressure",
                            ) && crate::rt::plumbing::has_value(y.code.as_ref(), "lower")
                        })
                },
            ],
        );
        out.order.set(0usize, order_k);
        if let Some(x) = {
            let v = std::mem::take(&mut buckets_0[0usize]);
            cx.check_count(v.len(), 1u32, Some(1u32), "component:upper");
            crate::rt::plumbing::first_indexed(
                cx,
                v,
                "component",
                <crate::careconnect::ObservationPressurePairUpper as crate::rt::plumbing::Narrow>::from_base,
            )
        } {
            out.upper = x;
        }
        out.lower = {
            let v = std::mem::take(&mut buckets_0[1usize]);
            cx.check_count(v.len(), 0u32, Some(1u32), "component:lower");
            crate::rt::plumbing::first_indexed(
                cx,
                v,
                "component",
                <crate::careconnect::ObservationPressurePairLower as crate::rt::plumbing::Narrow>::from_base,
            )
        };
        out.component = crate::rt::plumbing::rest(
            std::mem::take(&mut buckets_0[2usize]),
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
                    vec![(crate ::rt::plumbing::Narrow::into_base) (self.upper)],
                    crate::rt::plumbing::opt_vec(
                        self.lower,
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
                    ::core::slice::from_ref(&self.upper),
                    crate::rt::plumbing::Narrow::write_base_json,
                ),
                &crate::rt::write_base::Items(
                    self.lower.as_slice(),
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
    ObservationPressurePair { 628021283683842752u64 => id : opt crate ::rt::Primitive <
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
    ::stu3::ObservationReferenceRange; 12235813846442104834u64 => upper : one crate
    ::careconnect::ObservationPressurePairUpper, node; 9158491282159303075u64 => lower :
    opt crate ::careconnect::ObservationPressurePairLower, node; 12323128565475947808u64
    => component : vec crate ::stu3::ObservationComponent; }
}
#[cfg(feature = "derive")]
crate::__careconnect_choice_elements! {
    ObservationPressurePair { 6024413520112747267u64 => value : opt crate
    ::stu3::ObservationValue, Quantity, crate ::stu3::Quantity, boxed;
    12380412433739756981u64 => value : opt crate ::stu3::ObservationValue,
    CodeableConcept, crate ::stu3::CodeableConcept, boxed; 2794740175022524003u64 =>
    value : opt crate ::stu3::ObservationValue, String, crate ::rt::Primitive < String >,
    plain; 9365870666098211474u64 => value : opt crate ::stu3::ObservationValue, Boolean,
    crate ::rt::Primitive < bool >, plain; 11801285146331450315u64 => value : opt crate
    ::stu3::ObservationValue, Period, crate ::stu3::Period, boxed; }
}
/// `Observation.component:upper` in profile <https://example.org/fhir/StructureDefinition/ObservationPressurePair>, narrowing [`ObservationComponent`](crate::stu3::ObservationComponent).
#[derive(Clone, PartialEq, Debug)]
pub struct ObservationPressurePairUpper {
    /// [`Observation.component:upper.code`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 1..1 · base [`ObservationComponent::code`](crate::stu3::ObservationComponent::code)
    pub code: crate::careconnect::ObservationPressurePairUpperCode,
    /// [`Observation.component:upper.value[x]`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..1 · base [`ObservationComponent::value`](crate::stu3::ObservationComponent::value)
    ///
    /// - types: Quantity | string
    pub value: Option<crate::stu3::ObservationComponentValue>,
    /// [`Observation.component:upper.referenceRange`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..* · base [`ObservationComponent::reference_range`](crate::stu3::ObservationComponent::reference_range)
    pub reference_range: Vec<crate::stu3::ObservationReferenceRange>,
}
impl ObservationPressurePairUpper {
    /// A value with the elements the profile fixes (`code`); set the others on the fields.
    pub fn new() -> Self {
        ObservationPressurePairUpper {
            code: crate::careconnect::ObservationPressurePairUpperCode::new(),
            value: None,
            reference_range: Vec::new(),
        }
    }
}
impl ::core::default::Default for ObservationPressurePairUpper {
    fn default() -> Self {
        Self::new()
    }
}
impl crate::rt::plumbing::Placeholder for ObservationPressurePairUpper {
    const PLACEHOLDER: Self = ObservationPressurePairUpper {
        code: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        value: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        reference_range: crate::rt::plumbing::Placeholder::PLACEHOLDER,
    };
}
impl crate::rt::plumbing::Narrow for ObservationPressurePairUpper {
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
        crate::rt::plumbing::narrow_one(cx, &mut out.code, v.code, "code");
        out.value = v.value;
        out.reference_range = v.reference_range;
        cx.count() == before
    }
    fn into_base(self) -> crate::stu3::ObservationComponent {
        crate::stu3::ObservationComponent {
            code: (crate::rt::plumbing::Narrow::into_base)(self.code),
            value: self.value,
            reference_range: self.reference_range,
            ..<crate::stu3::ObservationComponent as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
    fn write_base_json(&self, w: &mut crate::rt::JsonWriter) {
        w.begin_object();
        crate::rt::write_base::one(
            &crate::rt::write_base::Items(
                ::core::slice::from_ref(&self.code),
                crate::rt::plumbing::Narrow::write_base_json,
            ),
            "code",
            "",
            w,
        );
        crate::rt::value::Slot::write_json(&self.value, "value", w);
        crate::rt::value::Slot::write_json(&self.reference_range, "referenceRange", w);
        w.end_object();
    }
}
#[cfg(feature = "derive")]
crate::__careconnect_elements! {
    ObservationPressurePairUpper { 843606417163895828u64 => code : one crate
    ::careconnect::ObservationPressurePairUpperCode, node; 8999596768310594794u64 =>
    value : opt crate ::stu3::ObservationComponentValue; 14668923772383337639u64 =>
    reference_range : vec crate ::stu3::ObservationReferenceRange; }
}
#[cfg(feature = "derive")]
crate::__careconnect_choice_elements! {
    ObservationPressurePairUpper { 6024413520112747267u64 => value : opt crate
    ::stu3::ObservationComponentValue, Quantity, crate ::stu3::Quantity, boxed;
    2794740175022524003u64 => value : opt crate ::stu3::ObservationComponentValue,
    String, crate ::rt::Primitive < String >, plain; }
}
/// `Observation.component:upper.code` in profile <https://example.org/fhir/StructureDefinition/ObservationPressurePair>, narrowing [`CodeableConcept`](crate::stu3::CodeableConcept).
#[derive(Clone, PartialEq, Debug)]
pub struct ObservationPressurePairUpperCode {
    /// [`Observation.component:upper.code.coding:local`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 1..1 · base [`CodeableConcept::coding`](crate::stu3::CodeableConcept::coding)
    ///
    /// - slice `local` of `coding`, by value `system`
    pub local: crate::careconnect::ObservationPressurePairUpperCodeLocal,
    /// [`Observation.component:upper.code.coding`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..* · base [`CodeableConcept::coding`](crate::stu3::CodeableConcept::coding)
    ///
    /// - the items of `coding` no slice matches, by value `system`; open
    pub coding: Vec<crate::stu3::Coding>,
    /// [`Observation.component:upper.code.text`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..1 · base [`CodeableConcept::text`](crate::stu3::CodeableConcept::text)
    pub text: Option<crate::rt::Primitive<String>>,
    #[doc(hidden)]
    pub order: crate::rt::plumbing::SliceOrder,
}
impl ObservationPressurePairUpperCode {
    /// A value with the elements the profile fixes (`local`); set the others on the fields.
    pub fn new() -> Self {
        ObservationPressurePairUpperCode {
            local: crate::careconnect::ObservationPressurePairUpperCodeLocal::new(),
            coding: Vec::new(),
            text: None,
            order: crate::rt::plumbing::SliceOrder::EMPTY,
        }
    }
}
impl ::core::default::Default for ObservationPressurePairUpperCode {
    fn default() -> Self {
        Self::new()
    }
}
impl crate::rt::plumbing::Placeholder for ObservationPressurePairUpperCode {
    const PLACEHOLDER: Self = ObservationPressurePairUpperCode {
        local: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        coding: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        text: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        order: crate::rt::plumbing::SliceOrder::EMPTY,
    };
}
impl crate::rt::plumbing::Narrow for ObservationPressurePairUpperCode {
    type Base = crate::stu3::CodeableConcept;
    fn from_base(
        cx: &mut crate::rt::plumbing::Checker,
        v: crate::stu3::CodeableConcept,
    ) -> Option<Self> {
        crate::rt::plumbing::narrow_new(cx, v)
    }
    #[allow(unused_variables, unused_mut)]
    fn narrow_rest(
        cx: &mut crate::rt::plumbing::Checker,
        out: &mut Self,
        v: crate::stu3::CodeableConcept,
    ) -> bool {
        let mut v = v;
        let before = cx.count();
        let (mut buckets_0, order_k) = crate::rt::plumbing::split(
            std::mem::take(&mut v.coding),
            &[
                &|x: &crate::stu3::Coding| crate::rt::plumbing::has_value(
                    x.system.as_ref(),
                    "https://example.org/CodeSystem/pressure",
                ),
            ],
        );
        out.order.set(0usize, order_k);
        if let Some(x) = {
            let v = std::mem::take(&mut buckets_0[0usize]);
            cx.check_count(v.len(), 1u32, Some(1u32), "coding:local");
            crate::rt::plumbing::first_indexed(
                cx,
                v,
                "coding",
                <crate::careconnect::ObservationPressurePairUpperCodeLocal as crate::rt::plumbing::Narrow>::from_base,
            )
        } {
            out.local = x;
        }
        out.coding = crate::rt::plumbing::rest(std::mem::take(&mut buckets_0[1usize]));
        out.text = v.text;
        cx.count() == before
    }
    fn into_base(self) -> crate::stu3::CodeableConcept {
        crate::stu3::CodeableConcept {
            text: self.text,
            coding: crate::rt::plumbing::merge(
                ::std::vec::Vec::from([
                    vec![(crate ::rt::plumbing::Narrow::into_base) (self.local)],
                    self.coding,
                ]),
                self.order.get(0usize),
            ),
            ..<crate::stu3::CodeableConcept as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
    fn write_base_json(&self, w: &mut crate::rt::JsonWriter) {
        w.begin_object();
        crate::rt::write_base::merged(
            "coding",
            &[
                &crate::rt::write_base::Items(
                    ::core::slice::from_ref(&self.local),
                    crate::rt::plumbing::Narrow::write_base_json,
                ),
                &crate::rt::write_base::Items(
                    self.coding.as_slice(),
                    crate::rt::write_base::bare,
                ),
            ],
            self.order.get(0usize),
            w,
        );
        crate::rt::value::Slot::write_json(&self.text, "text", w);
        w.end_object();
    }
}
#[cfg(feature = "derive")]
crate::__careconnect_elements! {
    ObservationPressurePairUpperCode { 9987085999718424358u64 => local : one crate
    ::careconnect::ObservationPressurePairUpperCodeLocal, node; 364595036814884871u64 =>
    coding : vec crate ::stu3::Coding; 18015793717152399486u64 => text : opt crate
    ::rt::Primitive < String >; }
}
/// `Observation.component:upper.code.coding:local` in profile <https://example.org/fhir/StructureDefinition/ObservationPressurePair>, narrowing [`Coding`](crate::stu3::Coding).
///
/// Not fields:
/// - `system` is fixed to `https://example.org/CodeSystem/pressure` ([`SYSTEM`](crate::careconnect::ObservationPressurePairUpperCodeLocal::SYSTEM); written on output, checked on input).
/// - `code` is fixed to `upper` ([`CODE`](crate::careconnect::ObservationPressurePairUpperCodeLocal::CODE); written on output, checked on input).
#[derive(Clone, PartialEq, Debug)]
pub struct ObservationPressurePairUpperCodeLocal {
    /// [`Observation.component:upper.code.coding:local.display`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..1 · base [`Coding::display`](crate::stu3::Coding::display)
    pub display: Option<crate::rt::Primitive<String>>,
}
impl ObservationPressurePairUpperCodeLocal {
    /// `system` is fixed to this value (written on output, checked on input).
    pub const SYSTEM: &'static str = "https://example.org/CodeSystem/pressure";
    /// `code` is fixed to this value (written on output, checked on input).
    pub const CODE: &'static str = "upper";
    /// A value with nothing set.
    pub fn new() -> Self {
        ObservationPressurePairUpperCodeLocal {
            display: None,
        }
    }
}
impl ::core::default::Default for ObservationPressurePairUpperCodeLocal {
    fn default() -> Self {
        Self::new()
    }
}
impl crate::rt::plumbing::Placeholder for ObservationPressurePairUpperCodeLocal {
    const PLACEHOLDER: Self = ObservationPressurePairUpperCodeLocal {
        display: crate::rt::plumbing::Placeholder::PLACEHOLDER,
    };
}
impl crate::rt::plumbing::Narrow for ObservationPressurePairUpperCodeLocal {
    type Base = crate::stu3::Coding;
    fn from_base(
        cx: &mut crate::rt::plumbing::Checker,
        v: crate::stu3::Coding,
    ) -> Option<Self> {
        crate::rt::plumbing::narrow_new(cx, v)
    }
    #[allow(unused_variables, unused_mut)]
    fn narrow_rest(
        cx: &mut crate::rt::plumbing::Checker,
        out: &mut Self,
        v: crate::stu3::Coding,
    ) -> bool {
        let mut v = v;
        let before = cx.count();
        cx.fixed(v.system.as_ref(), Self::SYSTEM, Self::SYSTEM, "system");
        cx.fixed(v.code.as_ref(), Self::CODE, Self::CODE, "code");
        out.display = v.display;
        cx.count() == before
    }
    fn into_base(self) -> crate::stu3::Coding {
        crate::stu3::Coding {
            display: self.display,
            system: Some(
                crate::rt::Primitive::from(::std::string::String::from(Self::SYSTEM)),
            ),
            code: Some(
                crate::rt::Primitive::from(::std::string::String::from(Self::CODE)),
            ),
            ..<crate::stu3::Coding as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
    fn write_base_json(&self, w: &mut crate::rt::JsonWriter) {
        w.begin_object();
        crate::rt::write_base::same(
            ::core::option::Option::Some(
                &crate::rt::Primitive::from(::std::string::String::from(Self::SYSTEM)),
            ),
            "system",
            "",
            w,
        );
        crate::rt::write_base::same(
            ::core::option::Option::Some(
                &crate::rt::Primitive::from(::std::string::String::from(Self::CODE)),
            ),
            "code",
            "",
            w,
        );
        crate::rt::value::Slot::write_json(&self.display, "display", w);
        w.end_object();
    }
}
#[cfg(feature = "derive")]
crate::__careconnect_elements! {
    ObservationPressurePairUpperCodeLocal { 16594936644586722965u64 => display : opt
    crate ::rt::Primitive < String >; }
}
/// `Observation.component:lower` in profile <https://example.org/fhir/StructureDefinition/ObservationPressurePair>, narrowing [`ObservationComponent`](crate::stu3::ObservationComponent).
#[derive(Clone, PartialEq, Debug)]
pub struct ObservationPressurePairLower {
    /// [`Observation.component:lower.code`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 1..1 · base [`ObservationComponent::code`](crate::stu3::ObservationComponent::code)
    pub code: crate::careconnect::ObservationPressurePairLowerCode,
    /// [`Observation.component:lower.value[x]`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..1 · base [`ObservationComponent::value`](crate::stu3::ObservationComponent::value)
    ///
    /// - types: Quantity | string
    pub value: Option<crate::stu3::ObservationComponentValue>,
    /// [`Observation.component:lower.referenceRange`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..* · base [`ObservationComponent::reference_range`](crate::stu3::ObservationComponent::reference_range)
    pub reference_range: Vec<crate::stu3::ObservationReferenceRange>,
}
impl ObservationPressurePairLower {
    /// A value with the elements the profile fixes (`code`); set the others on the fields.
    pub fn new() -> Self {
        ObservationPressurePairLower {
            code: crate::careconnect::ObservationPressurePairLowerCode::new(),
            value: None,
            reference_range: Vec::new(),
        }
    }
}
impl ::core::default::Default for ObservationPressurePairLower {
    fn default() -> Self {
        Self::new()
    }
}
impl crate::rt::plumbing::Placeholder for ObservationPressurePairLower {
    const PLACEHOLDER: Self = ObservationPressurePairLower {
        code: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        value: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        reference_range: crate::rt::plumbing::Placeholder::PLACEHOLDER,
    };
}
impl crate::rt::plumbing::Narrow for ObservationPressurePairLower {
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
        crate::rt::plumbing::narrow_one(cx, &mut out.code, v.code, "code");
        out.value = v.value;
        out.reference_range = v.reference_range;
        cx.count() == before
    }
    fn into_base(self) -> crate::stu3::ObservationComponent {
        crate::stu3::ObservationComponent {
            code: (crate::rt::plumbing::Narrow::into_base)(self.code),
            value: self.value,
            reference_range: self.reference_range,
            ..<crate::stu3::ObservationComponent as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
    fn write_base_json(&self, w: &mut crate::rt::JsonWriter) {
        w.begin_object();
        crate::rt::write_base::one(
            &crate::rt::write_base::Items(
                ::core::slice::from_ref(&self.code),
                crate::rt::plumbing::Narrow::write_base_json,
            ),
            "code",
            "",
            w,
        );
        crate::rt::value::Slot::write_json(&self.value, "value", w);
        crate::rt::value::Slot::write_json(&self.reference_range, "referenceRange", w);
        w.end_object();
    }
}
#[cfg(feature = "derive")]
crate::__careconnect_elements! {
    ObservationPressurePairLower { 843606417163895828u64 => code : one crate
    ::careconnect::ObservationPressurePairLowerCode, node; 8999596768310594794u64 =>
    value : opt crate ::stu3::ObservationComponentValue; 14668923772383337639u64 =>
    reference_range : vec crate ::stu3::ObservationReferenceRange; }
}
#[cfg(feature = "derive")]
crate::__careconnect_choice_elements! {
    ObservationPressurePairLower { 6024413520112747267u64 => value : opt crate
    ::stu3::ObservationComponentValue, Quantity, crate ::stu3::Quantity, boxed;
    2794740175022524003u64 => value : opt crate ::stu3::ObservationComponentValue,
    String, crate ::rt::Primitive < String >, plain; }
}
/// `Observation.component:lower.code` in profile <https://example.org/fhir/StructureDefinition/ObservationPressurePair>, narrowing [`CodeableConcept`](crate::stu3::CodeableConcept).
#[derive(Clone, PartialEq, Debug)]
pub struct ObservationPressurePairLowerCode {
    /// [`Observation.component:lower.code.coding:local`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 1..1 · base [`CodeableConcept::coding`](crate::stu3::CodeableConcept::coding)
    ///
    /// - slice `local` of `coding`, by value `system`
    pub local: crate::careconnect::ObservationPressurePairLowerCodeLocal,
    /// [`Observation.component:lower.code.coding`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..* · base [`CodeableConcept::coding`](crate::stu3::CodeableConcept::coding)
    ///
    /// - the items of `coding` no slice matches, by value `system`; open
    pub coding: Vec<crate::stu3::Coding>,
    /// [`Observation.component:lower.code.text`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..1 · base [`CodeableConcept::text`](crate::stu3::CodeableConcept::text)
    pub text: Option<crate::rt::Primitive<String>>,
    #[doc(hidden)]
    pub order: crate::rt::plumbing::SliceOrder,
}
impl ObservationPressurePairLowerCode {
    /// A value with the elements the profile fixes (`local`); set the others on the fields.
    pub fn new() -> Self {
        ObservationPressurePairLowerCode {
            local: crate::careconnect::ObservationPressurePairLowerCodeLocal::new(),
            coding: Vec::new(),
            text: None,
            order: crate::rt::plumbing::SliceOrder::EMPTY,
        }
    }
}
impl ::core::default::Default for ObservationPressurePairLowerCode {
    fn default() -> Self {
        Self::new()
    }
}
impl crate::rt::plumbing::Placeholder for ObservationPressurePairLowerCode {
    const PLACEHOLDER: Self = ObservationPressurePairLowerCode {
        local: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        coding: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        text: crate::rt::plumbing::Placeholder::PLACEHOLDER,
        order: crate::rt::plumbing::SliceOrder::EMPTY,
    };
}
impl crate::rt::plumbing::Narrow for ObservationPressurePairLowerCode {
    type Base = crate::stu3::CodeableConcept;
    fn from_base(
        cx: &mut crate::rt::plumbing::Checker,
        v: crate::stu3::CodeableConcept,
    ) -> Option<Self> {
        crate::rt::plumbing::narrow_new(cx, v)
    }
    #[allow(unused_variables, unused_mut)]
    fn narrow_rest(
        cx: &mut crate::rt::plumbing::Checker,
        out: &mut Self,
        v: crate::stu3::CodeableConcept,
    ) -> bool {
        let mut v = v;
        let before = cx.count();
        let (mut buckets_0, order_k) = crate::rt::plumbing::split(
            std::mem::take(&mut v.coding),
            &[
                &|x: &crate::stu3::Coding| crate::rt::plumbing::has_value(
                    x.system.as_ref(),
                    "https://example.org/CodeSystem/pressure",
                ),
            ],
        );
        out.order.set(0usize, order_k);
        if let Some(x) = {
            let v = std::mem::take(&mut buckets_0[0usize]);
            cx.check_count(v.len(), 1u32, Some(1u32), "coding:local");
            crate::rt::plumbing::first_indexed(
                cx,
                v,
                "coding",
                <crate::careconnect::ObservationPressurePairLowerCodeLocal as crate::rt::plumbing::Narrow>::from_base,
            )
        } {
            out.local = x;
        }
        out.coding = crate::rt::plumbing::rest(std::mem::take(&mut buckets_0[1usize]));
        out.text = v.text;
        cx.count() == before
    }
    fn into_base(self) -> crate::stu3::CodeableConcept {
        crate::stu3::CodeableConcept {
            text: self.text,
            coding: crate::rt::plumbing::merge(
                ::std::vec::Vec::from([
                    vec![(crate ::rt::plumbing::Narrow::into_base) (self.local)],
                    self.coding,
                ]),
                self.order.get(0usize),
            ),
            ..<crate::stu3::CodeableConcept as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
    fn write_base_json(&self, w: &mut crate::rt::JsonWriter) {
        w.begin_object();
        crate::rt::write_base::merged(
            "coding",
            &[
                &crate::rt::write_base::Items(
                    ::core::slice::from_ref(&self.local),
                    crate::rt::plumbing::Narrow::write_base_json,
                ),
                &crate::rt::write_base::Items(
                    self.coding.as_slice(),
                    crate::rt::write_base::bare,
                ),
            ],
            self.order.get(0usize),
            w,
        );
        crate::rt::value::Slot::write_json(&self.text, "text", w);
        w.end_object();
    }
}
#[cfg(feature = "derive")]
crate::__careconnect_elements! {
    ObservationPressurePairLowerCode { 9987085999718424358u64 => local : one crate
    ::careconnect::ObservationPressurePairLowerCodeLocal, node; 364595036814884871u64 =>
    coding : vec crate ::stu3::Coding; 18015793717152399486u64 => text : opt crate
    ::rt::Primitive < String >; }
}
/// `Observation.component:lower.code.coding:local` in profile <https://example.org/fhir/StructureDefinition/ObservationPressurePair>, narrowing [`Coding`](crate::stu3::Coding).
///
/// Not fields:
/// - `system` is fixed to `https://example.org/CodeSystem/pressure` ([`SYSTEM`](crate::careconnect::ObservationPressurePairLowerCodeLocal::SYSTEM); written on output, checked on input).
/// - `code` is fixed to `lower` ([`CODE`](crate::careconnect::ObservationPressurePairLowerCodeLocal::CODE); written on output, checked on input).
#[derive(Clone, PartialEq, Debug)]
pub struct ObservationPressurePairLowerCodeLocal {
    /// [`Observation.component:lower.code.coding:local.display`](https://example.org/fhir/StructureDefinition/ObservationPressurePair) · 0..1 · base [`Coding::display`](crate::stu3::Coding::display)
    ///
    /// - fixed: `optional, so not part of the match`, [`DISPLAY`](crate::careconnect::ObservationPressurePairLowerCodeLocal::DISPLAY)
    pub display: Option<crate::rt::profile::Fixed>,
}
impl ObservationPressurePairLowerCodeLocal {
    /// `system` is fixed to this value (written on output, checked on input).
    pub const SYSTEM: &'static str = "https://example.org/CodeSystem/pressure";
    /// `code` is fixed to this value (written on output, checked on input).
    pub const CODE: &'static str = "lower";
    /// `display` is fixed to this value (written on output, checked on input).
    pub const DISPLAY: &'static str = "optional, so not part of the match";
    /// A value with nothing set.
    pub fn new() -> Self {
        ObservationPressurePairLowerCodeLocal {
            display: None,
        }
    }
}
impl ::core::default::Default for ObservationPressurePairLowerCodeLocal {
    fn default() -> Self {
        Self::new()
    }
}
impl crate::rt::plumbing::Placeholder for ObservationPressurePairLowerCodeLocal {
    const PLACEHOLDER: Self = ObservationPressurePairLowerCodeLocal {
        display: crate::rt::plumbing::Placeholder::PLACEHOLDER,
    };
}
impl crate::rt::plumbing::Narrow for ObservationPressurePairLowerCodeLocal {
    type Base = crate::stu3::Coding;
    fn from_base(
        cx: &mut crate::rt::plumbing::Checker,
        v: crate::stu3::Coding,
    ) -> Option<Self> {
        crate::rt::plumbing::narrow_new(cx, v)
    }
    #[allow(unused_variables, unused_mut)]
    fn narrow_rest(
        cx: &mut crate::rt::plumbing::Checker,
        out: &mut Self,
        v: crate::stu3::Coding,
    ) -> bool {
        let mut v = v;
        let before = cx.count();
        cx.fixed(v.system.as_ref(), Self::SYSTEM, Self::SYSTEM, "system");
        cx.fixed(v.code.as_ref(), Self::CODE, Self::CODE, "code");
        out.display = crate::rt::plumbing::opt(
            cx,
            v.display,
            "display",
            |cx, x| cx.fixed_item(x, Self::DISPLAY, Self::DISPLAY, ""),
        );
        cx.count() == before
    }
    fn into_base(self) -> crate::stu3::Coding {
        crate::stu3::Coding {
            display: self
                .display
                .map(|_| crate::rt::Primitive::from(
                    ::std::string::String::from(Self::DISPLAY),
                )),
            system: Some(
                crate::rt::Primitive::from(::std::string::String::from(Self::SYSTEM)),
            ),
            code: Some(
                crate::rt::Primitive::from(::std::string::String::from(Self::CODE)),
            ),
            ..<crate::stu3::Coding as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
    fn write_base_json(&self, w: &mut crate::rt::JsonWriter) {
        w.begin_object();
        crate::rt::write_base::same(
            ::core::option::Option::Some(
                &crate::rt::Primitive::from(::std::string::String::from(Self::SYSTEM)),
            ),
            "system",
            "",
            w,
        );
        crate::rt::write_base::same(
            ::core::option::Option::Some(
                &crate::rt::Primitive::from(::std::string::String::from(Self::CODE)),
            ),
            "code",
            "",
            w,
        );
        crate::rt::write_base::one(
            &crate::rt::write_base::Items(
                self.display.as_slice(),
                |_: &crate::rt::profile::Fixed, w: &mut crate::rt::JsonWriter| crate::rt::write_base::bare(
                    &crate::rt::Primitive::from(
                        ::std::string::String::from(Self::DISPLAY),
                    ),
                    w,
                ),
            ),
            "display",
            "",
            w,
        );
        w.end_object();
    }
}
#[cfg(feature = "derive")]
crate::__careconnect_elements! {
    ObservationPressurePairLowerCodeLocal {}
}
impl crate::rt::profile::Profile for ObservationPressurePair {
    const URL: &'static str = "https://example.org/fhir/StructureDefinition/ObservationPressurePair";
    const ROOT: &'static str = "Observation";
}
impl ::core::convert::TryFrom<crate::stu3::Observation> for ObservationPressurePair {
    type Error = crate::rt::profile::Conformance;
    fn try_from(v: crate::stu3::Observation) -> Result<Self, Self::Error> {
        <Self as crate::rt::profile::Profile>::try_from_base(v)
    }
}
impl ::core::convert::From<ObservationPressurePair> for crate::stu3::Observation {
    fn from(v: ObservationPressurePair) -> Self {
        crate::rt::plumbing::Narrow::into_base(v)
    }
}
#[cfg(feature = "serde")]
impl crate::rt::serde::Serialize for ObservationPressurePair {
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
impl<'de> crate::rt::serde::Deserialize<'de> for ObservationPressurePair {
    fn deserialize<D: crate::rt::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::core::result::Result<Self, D::Error> {
        crate::rt::serde::deserialize_json_text(
            deserializer,
            |json| { <Self as crate::rt::profile::Profile>::from_json(json) },
        )
    }
}
impl crate::rt::plumbing::ResourceId for ObservationPressurePair {
    fn resource_id(&self) -> Option<&str> {
        self.id.as_ref().and_then(|p| p.value.as_deref())
    }
}
#[cfg(feature = "derive")]
static SCHEMA: crate::rt::derive::Schema = crate::rt::derive::Schema {
    name: "ObservationPressurePair",
    url: "https://example.org/fhir/StructureDefinition/ObservationPressurePair",
    elements: &[
        crate::rt::derive::Fact::field("id", 0, 1, [65535, 1, 3, 65535]),
        crate::rt::derive::Fact::field("extension", 0, u32::MAX, [65535, 2, 3, 65535]),
        crate::rt::derive::Fact::field("identifier", 0, u32::MAX, [65535, 3, 3, 65535]),
        crate::rt::derive::Fact::field("status", 1, 1, [65535, 4, 5, 65535]),
        crate::rt::derive::Fact::field("category", 0, u32::MAX, [65535, 5, 5, 65535]),
        crate::rt::derive::Fact::field("code", 1, 1, [65535, 6, 16, 65535]),
        crate::rt::derive::Fact::field("subject", 0, 1, [65535, 7, 16, 65535]),
        crate::rt::derive::Fact::choice("value", 0, 1, [65535, 8, 16, 65535]),
        crate::rt::derive::Fact::typed("valueQuantity", [65535, 9, 16, 65535], 7),
        crate::rt::derive::Fact::typed(
            "valueCodeableConcept",
            [65535, 10, 16, 65535],
            7,
        ),
        crate::rt::derive::Fact::typed("valueString", [65535, 11, 16, 65535], 7),
        crate::rt::derive::Fact::typed("valueBoolean", [65535, 12, 16, 65535], 7),
        crate::rt::derive::Fact::typed("valuePeriod", [65535, 13, 16, 65535], 7),
        crate::rt::derive::Fact::field("interpretation", 0, 1, [65535, 14, 16, 65535]),
        crate::rt::derive::Fact::field("comment", 0, 1, [65535, 15, 16, 65535]),
        crate::rt::derive::Fact::field(
            "referenceRange",
            0,
            u32::MAX,
            [65535, 16, 16, 65535],
        ),
        crate::rt::derive::Fact::field("component:upper", 1, 1, [65535, 28, 41, 65535]),
        crate::rt::derive::Fact::field(
            "component:upper.code",
            1,
            1,
            [16, 24, 28, 65535],
        ),
        crate::rt::derive::Fact::field(
            "component:upper.code.coding:local",
            1,
            1,
            [17, 22, 24, 65535],
        ),
        crate::rt::derive::Fact::fixed(
            "component:upper.code.coding:local.system",
            0,
            1,
            [18, 20, 22, 65535],
        ),
        crate::rt::derive::Fact::fixed(
            "component:upper.code.coding:local.code",
            0,
            1,
            [18, 21, 22, 65535],
        ),
        crate::rt::derive::Fact::field(
            "component:upper.code.coding:local.display",
            0,
            1,
            [18, 22, 22, 65535],
        ),
        crate::rt::derive::Fact::field(
            "component:upper.code.coding",
            0,
            u32::MAX,
            [17, 23, 24, 65535],
        ),
        crate::rt::derive::Fact::field(
            "component:upper.code.text",
            0,
            1,
            [17, 24, 24, 65535],
        ),
        crate::rt::derive::Fact::choice(
            "component:upper.value",
            0,
            1,
            [16, 25, 28, 65535],
        ),
        crate::rt::derive::Fact::typed(
            "component:upper.valueQuantity",
            [16, 26, 28, 65535],
            24,
        ),
        crate::rt::derive::Fact::typed(
            "component:upper.valueString",
            [16, 27, 28, 65535],
            24,
        ),
        crate::rt::derive::Fact::field(
            "component:upper.referenceRange",
            0,
            u32::MAX,
            [16, 28, 28, 65535],
        ),
        crate::rt::derive::Fact::field("component:lower", 0, 1, [65535, 40, 41, 65535]),
        crate::rt::derive::Fact::field(
            "component:lower.code",
            1,
            1,
            [28, 36, 40, 65535],
        ),
        crate::rt::derive::Fact::field(
            "component:lower.code.coding:local",
            1,
            1,
            [29, 34, 36, 65535],
        ),
        crate::rt::derive::Fact::fixed(
            "component:lower.code.coding:local.system",
            0,
            1,
            [30, 32, 34, 65535],
        ),
        crate::rt::derive::Fact::fixed(
            "component:lower.code.coding:local.code",
            0,
            1,
            [30, 33, 34, 65535],
        ),
        crate::rt::derive::Fact::fixed(
            "component:lower.code.coding:local.display",
            0,
            1,
            [30, 34, 34, 65535],
        ),
        crate::rt::derive::Fact::field(
            "component:lower.code.coding",
            0,
            u32::MAX,
            [29, 35, 36, 65535],
        ),
        crate::rt::derive::Fact::field(
            "component:lower.code.text",
            0,
            1,
            [29, 36, 36, 65535],
        ),
        crate::rt::derive::Fact::choice(
            "component:lower.value",
            0,
            1,
            [28, 37, 40, 65535],
        ),
        crate::rt::derive::Fact::typed(
            "component:lower.valueQuantity",
            [28, 38, 40, 65535],
            36,
        ),
        crate::rt::derive::Fact::typed(
            "component:lower.valueString",
            [28, 39, 40, 65535],
            36,
        ),
        crate::rt::derive::Fact::field(
            "component:lower.referenceRange",
            0,
            u32::MAX,
            [28, 40, 40, 65535],
        ),
        crate::rt::derive::Fact::field("component", 0, u32::MAX, [65535, 41, 41, 65535]),
    ],
    index: &[
        (0u64, 65535),
        (0u64, 65535),
        (12235813846442104834u64, 16),
        (6024413520112747267u64, 8),
        (0u64, 65535),
        (0u64, 65535),
        (12433351404722984454u64, 27),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (12223479009485224970u64, 31),
        (14540575625175140619u64, 13),
        (10012460625677431948u64, 36),
        (0u64, 65535),
        (0u64, 65535),
        (10826780302402718735u64, 6),
        (0u64, 65535),
        (6616605887935172241u64, 4),
        (9365870666098211474u64, 11),
        (0u64, 65535),
        (843606417163895828u64, 5),
        (0u64, 65535),
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
        (12323128565475947808u64, 40),
        (0u64, 65535),
        (0u64, 65535),
        (9158491282159303075u64, 28),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (14668923772383337639u64, 15),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (10796639611366268717u64, 38),
        (0u64, 65535),
        (14183358520170196015u64, 3),
        (7411080903645768880u64, 26),
        (7419924161496414639u64, 35),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (12380412433739756981u64, 9),
        (13112682542836934710u64, 29),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (16346632230045630522u64, 32),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (9943985129786354750u64, 14),
        (6847593056307121470u64, 18),
        (628021283683842752u64, 0),
        (12266318629742514240u64, 25),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (8357371867006694085u64, 20),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (15599078827248449225u64, 39),
        (0u64, 65535),
        (11801285146331450315u64, 12),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (6691329896534787281u64, 17),
        (13419281839193806033u64, 37),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (17948751649040244062u64, 21),
        (15816794295142742751u64, 22),
        (6695519188855693791u64, 30),
        (0u64, 65535),
        (0u64, 65535),
        (2794740175022524003u64, 10),
        (0u64, 65535),
        (0u64, 65535),
        (7412945680414451814u64, 34),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (8999596768310594794u64, 7),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (17214502695807999857u64, 19),
        (0u64, 65535),
        (2795691013415435507u64, 33),
        (0u64, 65535),
        (0u64, 65535),
        (7013840366557781238u64, 23),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (0u64, 65535),
        (6454463341282868093u64, 24),
        (0u64, 65535),
        (0u64, 65535),
    ],
};
#[cfg(feature = "derive")]
impl crate::rt::derive::ProfileSchema for ObservationPressurePair {
    const SCHEMA: &'static crate::rt::derive::Schema = &SCHEMA;
}
