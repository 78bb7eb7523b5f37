/// `ObservationCardinality`: profile <https://example.org/fhir/StructureDefinition/ObservationCardinality> on `Observation`.
#[derive(Clone, PartialEq, Debug)]
pub struct ObservationCardinality {
    /// `id` · 0..1
    pub id: Option<crate::rt::Primitive<String>>,
    /// `extension` · 0..*
    pub extension: Vec<crate::stu3::Extension>,
    /// `identifier` · 0..1
    pub identifier: Option<crate::stu3::Identifier>,
    /// `status` · 1..1
    pub status: crate::rt::Primitive<crate::stu3::codes::ObservationStatus>,
    /// `category` · 1..*
    pub category: crate::rt::profile::NonEmpty<crate::stu3::CodeableConcept>,
    /// `code` · 1..1
    pub code: crate::stu3::CodeableConcept,
    /// `subject` · 0..1
    pub subject: Option<Box<crate::stu3::Reference>>,
    /// `value[x]` · 0..1
    pub value: Option<crate::stu3::ObservationValue>,
    /// `interpretation` · 0..1
    pub interpretation: Option<Box<crate::stu3::CodeableConcept>>,
    /// `comment` · 1..1
    pub comment: crate::rt::Primitive<String>,
    /// `referenceRange` · 0..*
    pub reference_range: Vec<crate::stu3::ObservationReferenceRange>,
    /// `component` · 0..*
    pub component: Vec<crate::stu3::ObservationComponent>,
}
impl ObservationCardinality {
    /// A value with the elements the profile requires (`status`, `category`, `code`, `comment`); set the others on the fields.
    pub fn new(
        status: crate::rt::Primitive<crate::stu3::codes::ObservationStatus>,
        category: crate::rt::profile::NonEmpty<crate::stu3::CodeableConcept>,
        code: crate::stu3::CodeableConcept,
        comment: crate::rt::Primitive<String>,
    ) -> Self {
        ObservationCardinality {
            id: None,
            extension: Vec::new(),
            identifier: None,
            status,
            category,
            code,
            subject: None,
            value: None,
            interpretation: None,
            comment,
            reference_range: Vec::new(),
            component: Vec::new(),
        }
    }
}
impl crate::rt::plumbing::Placeholder for ObservationCardinality {
    const PLACEHOLDER: Self = ObservationCardinality {
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
impl crate::rt::plumbing::Narrow for ObservationCardinality {
    type Base = crate::stu3::Observation;
    #[allow(unused_variables, unused_mut)]
    fn from_base(
        cx: &mut crate::rt::plumbing::Checker,
        v: crate::stu3::Observation,
    ) -> Option<Self> {
        let mut v = v;
        let before = cx.count();
        let mut out = <Self as crate::rt::plumbing::Placeholder>::PLACEHOLDER;
        out.id = v.id;
        out.extension = v.extension;
        out.identifier = {
            let v = v.identifier;
            cx.check_count(v.len(), 0u32, Some(1u32), "identifier");
            crate::rt::plumbing::first(v)
        };
        out.status = v.status;
        if let Some(x) = {
            let v = v.category;
            cx.check_count(v.len(), 1u32, None, "category");
            crate::rt::profile::NonEmpty::from_vec(v)
        } {
            out.category = x;
        }
        out.code = v.code;
        out.subject = v.subject;
        out.value = v.value;
        out.interpretation = v.interpretation;
        if let Some(x) = cx.required(v.comment, "comment") {
            out.comment = x;
        }
        out.reference_range = v.reference_range;
        out.component = v.component;
        (cx.count() == before).then_some(out)
    }
    fn into_base(self) -> crate::stu3::Observation {
        crate::stu3::Observation {
            id: self.id,
            extension: self.extension,
            identifier: crate::rt::plumbing::opt_vec(
                self.identifier,
                ::core::convert::identity,
            ),
            status: self.status,
            category: self.category.into_vec(),
            code: self.code,
            subject: self.subject,
            value: self.value,
            interpretation: self.interpretation,
            comment: Some((::core::convert::identity)(self.comment)),
            reference_range: self.reference_range,
            component: self.component,
            ..<crate::stu3::Observation as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
}
impl crate::rt::profile::Profile for ObservationCardinality {
    const URL: &'static str = "https://example.org/fhir/StructureDefinition/ObservationCardinality";
    const ROOT: &'static str = "Observation";
}
impl ::core::convert::TryFrom<crate::stu3::Observation> for ObservationCardinality {
    type Error = crate::rt::profile::Conformance;
    fn try_from(v: crate::stu3::Observation) -> Result<Self, Self::Error> {
        <Self as crate::rt::profile::Profile>::try_from_base(v)
    }
}
impl ::core::convert::From<ObservationCardinality> for crate::stu3::Observation {
    fn from(v: ObservationCardinality) -> Self {
        crate::rt::plumbing::Narrow::into_base(v)
    }
}
impl crate::rt::plumbing::ResourceId for ObservationCardinality {
    fn resource_id(&self) -> Option<&str> {
        self.id.as_ref().and_then(|p| p.value.as_deref())
    }
}
