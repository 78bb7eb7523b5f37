/// `ObservationCategorised`: profile <https://example.org/fhir/StructureDefinition/ObservationCategorised> on `Observation`.
#[derive(Clone, PartialEq, Debug)]
pub struct ObservationCategorised {
    /// `id` · 0..1
    pub id: Option<crate::rt::Primitive<String>>,
    /// `extension` · 0..*
    pub extension: Vec<crate::stu3::Extension>,
    /// `identifier` · 0..*
    pub identifier: Vec<crate::stu3::Identifier>,
    /// `status` · 1..1
    pub status: crate::rt::Primitive<crate::stu3::codes::ObservationStatus>,
    /// `category` · 0..*
    pub category: Vec<crate::stu3::CodeableConcept>,
    /// `code` · 1..1
    pub code: crate::stu3::CodeableConcept,
    /// `subject` · 0..1
    pub subject: Option<Box<crate::stu3::Reference>>,
    /// `value[x]` · 0..1
    pub value: Option<crate::stu3::ObservationValue>,
    /// `interpretation` · 0..1
    pub interpretation: Option<Box<crate::stu3::CodeableConcept>>,
    /// `comment` · 0..1
    pub comment: Option<crate::rt::Primitive<String>>,
    /// `referenceRange` · 0..*
    pub reference_range: Vec<crate::stu3::ObservationReferenceRange>,
    /// `component:pulse` · 0..1 · slice
    pub pulse: Option<crate::careconnect::ObservationCategorisedPulse>,
    /// `component` · 0..* · the items no slice matches
    pub component: Vec<crate::stu3::ObservationComponent>,
    order: crate::rt::plumbing::SliceOrder,
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
    #[allow(unused_variables, unused_mut)]
    fn from_base(
        cx: &mut crate::rt::plumbing::Checker,
        v: crate::stu3::Observation,
    ) -> Option<Self> {
        let mut v = v;
        let before = cx.count();
        let mut out = <Self as crate::rt::plumbing::Placeholder>::PLACEHOLDER;
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
            crate::rt::plumbing::first(
                crate::rt::plumbing::each_indexed(
                    cx,
                    v,
                    "component",
                    <crate::careconnect::ObservationCategorisedPulse as crate::rt::plumbing::Narrow>::from_base,
                ),
            )
        };
        out.component = crate::rt::plumbing::each_indexed(
            cx,
            std::mem::take(&mut buckets_0[1usize]),
            "component",
            crate::rt::plumbing::keep,
        );
        out.id = v.id;
        out.extension = v.extension;
        out.identifier = v.identifier;
        out.status = v.status;
        out.category = v.category;
        out.code = v.code;
        out.subject = v.subject;
        out.value = v.value;
        out.interpretation = v.interpretation;
        out.comment = v.comment;
        out.reference_range = v.reference_range;
        (cx.count() == before).then_some(out)
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
}
/// `Observation.component:pulse` in profile <https://example.org/fhir/StructureDefinition/ObservationCategorised>, narrowing `ObservationComponent`.
#[derive(Clone, PartialEq, Debug)]
pub struct ObservationCategorisedPulse {
    /// `code` · 1..1
    pub code: crate::stu3::CodeableConcept,
    /// `value[x]` · 0..1
    pub value: Option<crate::stu3::ObservationComponentValue>,
    /// `referenceRange` · 0..*
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
    #[allow(unused_variables, unused_mut)]
    fn from_base(
        cx: &mut crate::rt::plumbing::Checker,
        v: crate::stu3::ObservationComponent,
    ) -> Option<Self> {
        let mut v = v;
        let before = cx.count();
        let mut out = <Self as crate::rt::plumbing::Placeholder>::PLACEHOLDER;
        out.code = v.code;
        out.value = v.value;
        out.reference_range = v.reference_range;
        (cx.count() == before).then_some(out)
    }
    fn into_base(self) -> crate::stu3::ObservationComponent {
        crate::stu3::ObservationComponent {
            code: self.code,
            value: self.value,
            reference_range: self.reference_range,
            ..<crate::stu3::ObservationComponent as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
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
impl crate::rt::plumbing::ResourceId for ObservationCategorised {
    fn resource_id(&self) -> Option<&str> {
        self.id.as_ref().and_then(|p| p.value.as_deref())
    }
}
