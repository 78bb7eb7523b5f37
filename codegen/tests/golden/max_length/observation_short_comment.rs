/// `ObservationShortComment`: profile <https://example.org/fhir/StructureDefinition/ObservationShortComment> on `Observation`.
#[derive(Clone, PartialEq, Debug)]
pub struct ObservationShortComment {
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
    /// `comment` · 0..1 · at most 20 characters
    pub comment: Option<crate::rt::Primitive<String>>,
    /// `referenceRange` · 0..*
    pub reference_range: Vec<crate::stu3::ObservationReferenceRange>,
    /// `component` · 0..*
    pub component: Vec<crate::stu3::ObservationComponent>,
}
impl ObservationShortComment {
    /// A value with the elements the profile requires (`status`, `code`); set the others on the fields.
    pub fn new(
        status: crate::rt::Primitive<crate::stu3::codes::ObservationStatus>,
        code: crate::stu3::CodeableConcept,
    ) -> Self {
        ObservationShortComment {
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
impl crate::rt::plumbing::Placeholder for ObservationShortComment {
    const PLACEHOLDER: Self = ObservationShortComment {
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
impl crate::rt::plumbing::Narrow for ObservationShortComment {
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
        out.identifier = v.identifier;
        out.status = v.status;
        out.category = v.category;
        out.code = v.code;
        out.subject = v.subject;
        out.value = v.value;
        out.interpretation = v.interpretation;
        out.comment = crate::rt::plumbing::opt(
            cx,
            v.comment,
            "comment",
            |cx, x| (crate::rt::plumbing::keep)(
                cx,
                crate::rt::plumbing::max_length(cx, x, 20u32),
            ),
        );
        out.reference_range = v.reference_range;
        out.component = v.component;
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
            comment: self.comment.map(::core::convert::identity),
            reference_range: self.reference_range,
            component: self.component,
            ..<crate::stu3::Observation as crate::rt::value::ConstDefault>::DEFAULT
        }
    }
}
impl crate::rt::profile::Profile for ObservationShortComment {
    const URL: &'static str = "https://example.org/fhir/StructureDefinition/ObservationShortComment";
    const ROOT: &'static str = "Observation";
}
impl ::core::convert::TryFrom<crate::stu3::Observation> for ObservationShortComment {
    type Error = crate::rt::profile::Conformance;
    fn try_from(v: crate::stu3::Observation) -> Result<Self, Self::Error> {
        <Self as crate::rt::profile::Profile>::try_from_base(v)
    }
}
impl ::core::convert::From<ObservationShortComment> for crate::stu3::Observation {
    fn from(v: ObservationShortComment) -> Self {
        crate::rt::plumbing::Narrow::into_base(v)
    }
}
impl crate::rt::plumbing::ResourceId for ObservationShortComment {
    fn resource_id(&self) -> Option<&str> {
        self.id.as_ref().and_then(|p| p.value.as_deref())
    }
}
