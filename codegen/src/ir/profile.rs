//! The profile layer's IR: one module per profile or extension definition.
//!
//! A profile struct *narrows* a base struct of the `stu3` layer: every base field is
//! accounted for exactly once, by one [`Member`]: a field (maybe with a narrower type or
//! cardinality), the slices and remainder of a sliced element, a fixed value (no field;
//! written on output, checked on input) or a removed element (no field; must be absent).
//! The emitters turn that into the struct and its conversions to and from the base.
//!
//! Links inside the IR are typed: a field's type says whether it is a base type, a struct
//! of this module, a shared struct or another module's type ([`StructRef`]); bound codes
//! name their value set by canonical URL, resolved to an enum of [`ProfileLayer::code_enums`]
//! when emitting; fixed values are parsed into typed literals when lowering.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::ir::{BindingInfo, Bounds, Cardinality, CodeEnum, FieldType};

/// Everything generated for the profiles.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProfileLayer {
    /// Resource and datatype profiles, in name order.
    pub profiles: Vec<ProfileModule>,
    /// Extension definitions, in name order.
    pub extensions: Vec<ProfileModule>,
    /// Enums of the required value sets the profiles bind (`codes`), in name order.
    pub code_enums: Vec<CodeEnum>,
    /// Marker types of typed references (`targets`), in name order.
    pub targets: Vec<TargetSet>,
    /// Structs that several places constrain the same way, in name order.
    pub shared: Vec<SharedStruct>,
    /// The base layer's choice enums that profile fields hold unchanged, in name order:
    /// their variants give the typed names (`valueQuantity`) the derive support maps.
    pub base_choices: Vec<crate::ir::ChoiceEnum>,
    /// The structs the profiles decide entirely, by name: everything the profile requires
    /// of one is a fixed value or a struct decided in turn, and there is at least one such
    /// element (an element with nothing in it would not be valid FHIR). Their constructor
    /// takes nothing, and a constructor whose struct requires one of them builds it itself
    /// instead of taking it ([`ProfileLayer::filled`]). Decided by the lowering's
    /// `decided` pass, the one place the rule lives.
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub decided: BTreeSet<String>,
    /// How the base structs and choice enums the layer narrows are written, for the
    /// writer that writes a profile value by reference: facts of the base layer, kept
    /// here so that the emitter does not need it. Not part of the IR dump (the base
    /// layer's own dump has them).
    #[serde(skip)]
    pub wire: Wire,
}

/// The wire facts of the base types a layer narrows ([`ProfileLayer::wire`]).
#[derive(Debug, Clone, Default)]
pub struct Wire {
    /// Base struct (Rust name) → how it is written.
    pub structs: BTreeMap<String, WireStruct>,
    /// Base choice enum → variant (Rust name) → the suffix its JSON key takes
    /// (`Quantity` in `valueQuantity`).
    pub suffixes: BTreeMap<String, BTreeMap<String, String>>,
}

/// How a base struct is written as JSON.
#[derive(Debug, Clone, Default)]
pub struct WireStruct {
    /// The FHIR type name when the struct is a resource (its `resourceType`).
    pub resource: Option<String>,
    /// The fields in the order they are written.
    pub fields: Vec<WireField>,
}

/// One field of a base struct on the wire.
#[derive(Debug, Clone)]
pub struct WireField {
    /// Rust name (`implicit_rules`).
    pub name: String,
    /// JSON name, without a choice's type (`implicitRules`, `value`).
    pub json: String,
    /// Narrative XHTML: an empty one is not written.
    pub xhtml: bool,
}

impl ProfileLayer {
    /// Every module: profiles, then extensions.
    pub fn modules(&self) -> impl Iterator<Item = &ProfileModule> {
        self.profiles.iter().chain(&self.extensions)
    }

    /// The struct that `field`'s constructor builds itself, with the struct's own `new()`
    /// (one item, for a non-empty list): a required field whose type the profile decides
    /// entirely ([`ProfileLayer::decided`]). `None` for every other field.
    pub fn filled<'f>(&self, field: &'f PField) -> Option<&'f StructRef> {
        let fills = match field.cardinality() {
            Cardinality::Required => true,
            // One item is all that is required only where the minimum is one.
            Cardinality::NonEmpty => field.bounds.min == 1,
            Cardinality::Optional | Cardinality::Many => false,
        };
        let r = field.ty.walk().find_map(|t| match t {
            PType::Struct(r) => Some(r),
            _ => None,
        })?;
        (fills && self.decided.contains(r.name())).then_some(r)
    }

    /// The fields `s`'s constructor takes, in declaration order: the required ones it does
    /// not fill itself.
    pub fn arguments<'s>(&self, s: &'s PStruct) -> impl Iterator<Item = &'s PField> {
        s.fields()
            .filter(|f| f.cardinality().is_required() && self.filled(f).is_none())
    }

    /// The code enum of a value set (by canonical URL, without a version).
    pub fn code_enum(&self, value_set: &str) -> Option<&CodeEnum> {
        self.code_enums.iter().find(|e| e.value_set == value_set)
    }
}

/// What a module's definition is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ProfileKind {
    /// A profile of a resource; `base` is the `stu3` struct.
    Resource { base: String },
    /// A profile of a datatype.
    Datatype { base: String },
    /// An extension definition (its main struct narrows `stu3::Extension`).
    Extension,
}

impl ProfileKind {
    /// The `stu3` type the module's main struct narrows.
    pub fn base(&self) -> &str {
        match self {
            ProfileKind::Resource { base } | ProfileKind::Datatype { base } => base,
            ProfileKind::Extension => "Extension",
        }
    }
}

/// One generated file.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileModule {
    pub file: String,
    /// The main type (`CareConnectPatient`, `EthnicCategory`).
    pub name: String,
    pub url: String,
    pub version: Option<String>,
    /// The package (`sources.toml` name) the definition comes from.
    pub package: String,
    pub kind: ProfileKind,
    /// The main struct first, then the structs of its constrained elements.
    pub structs: Vec<PStruct>,
    pub choices: Vec<PChoice>,
    /// Associated constants of the main type: bindings that could not become types.
    pub binding_consts: Vec<BindingConst>,
    /// What the definition says of the elements of the module's fields and sliced
    /// elements besides their types, by element id, for their docs (elements with nothing
    /// to say are left out).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub element_facts: BTreeMap<String, ElementFacts>,
}

/// What an element's definition says that its field's type does not: facts for the
/// field's docs. Kept beside the structs, by element id ([`ProfileModule::element_facts`]),
/// not in them: two places constrained alike stay one shared struct whatever these say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ElementFacts {
    /// `mustSupport`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub must_support: bool,
    /// The element's binding, of any strength.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub binding: Option<BindingInfo>,
    /// The `targetProfile`s of a Reference element (canonical URLs), in definition order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
    /// How the element is sliced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slicing: Option<SlicingRule>,
}

impl ElementFacts {
    /// Whether there is nothing to say.
    pub fn is_empty(&self) -> bool {
        *self == ElementFacts::default()
    }

    /// What `self` and `other` both say (for a struct that stands for several places).
    pub fn common(&self, other: &ElementFacts) -> ElementFacts {
        ElementFacts {
            must_support: self.must_support && other.must_support,
            binding: self
                .binding
                .clone()
                .filter(|b| other.binding.as_ref() == Some(b)),
            targets: if self.targets == other.targets {
                self.targets.clone()
            } else {
                Vec::new()
            },
            slicing: self
                .slicing
                .clone()
                .filter(|s| other.slicing.as_ref() == Some(s)),
        }
    }
}

/// `ElementDefinition.slicing`: how the items of a sliced element are told apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlicingRule {
    pub discriminators: Vec<Discriminator>,
    pub ordered: bool,
    pub rules: SlicingRules,
}

/// Whether items that match no slice are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SlicingRules {
    Closed,
    Open,
    /// Allowed after the items of the slices only.
    OpenAtEnd,
}

impl SlicingRules {
    pub fn from_code(code: &str) -> Option<SlicingRules> {
        Some(match code {
            "closed" => SlicingRules::Closed,
            "open" => SlicingRules::Open,
            "openAtEnd" => SlicingRules::OpenAtEnd,
            _ => return None,
        })
    }

    pub fn code(self) -> &'static str {
        match self {
            SlicingRules::Closed => "closed",
            SlicingRules::Open => "open",
            SlicingRules::OpenAtEnd => "openAtEnd",
        }
    }
}

/// One discriminator of a slicing: its type and path (`value` at `system`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Discriminator {
    pub kind: DiscriminatorKind,
    pub path: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DiscriminatorKind {
    Value,
    Exists,
    Pattern,
    Type,
    Profile,
}

impl DiscriminatorKind {
    pub fn from_code(code: &str) -> Option<DiscriminatorKind> {
        Some(match code {
            "value" => DiscriminatorKind::Value,
            "exists" => DiscriminatorKind::Exists,
            "pattern" => DiscriminatorKind::Pattern,
            "type" => DiscriminatorKind::Type,
            "profile" => DiscriminatorKind::Profile,
            _ => return None,
        })
    }

    pub fn code(self) -> &'static str {
        match self {
            DiscriminatorKind::Value => "value",
            DiscriminatorKind::Exists => "exists",
            DiscriminatorKind::Pattern => "pattern",
            DiscriminatorKind::Type => "type",
            DiscriminatorKind::Profile => "profile",
        }
    }
}

/// A struct that stands for several places of the profiles that constrain their element
/// in exactly the same way.
#[derive(Debug, Clone, Serialize)]
pub struct SharedStruct {
    pub def: PStruct,
    /// The package whose profiles it was made for (a later package may reuse it).
    pub package: String,
    /// Every place it stands for, in (profile URL, element id) order.
    pub used_by: Vec<Use>,
}

/// One place a shared struct stands for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Use {
    /// The canonical URL of the profile or extension definition.
    pub profile: String,
    /// The element id (`Observation.bodySite`).
    pub element: String,
}

/// A struct narrowing a base struct.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct PStruct {
    pub name: String,
    /// The element id it stands for (`Patient`, `Patient.identifier:nhsNumber`).
    pub element: String,
    /// The `stu3` struct it narrows (`Patient`, `Identifier`, `PatientContact`).
    pub base: String,
    /// What the profile made of each base field, in the base struct's order.
    pub members: Vec<Member>,
}

impl PStruct {
    /// The struct's fields in declaration order: element fields, and for a sliced element
    /// its slice fields then its remainder.
    pub fn fields(&self) -> impl Iterator<Item = &PField> {
        self.members
            .iter()
            .flat_map(|m| -> Box<dyn Iterator<Item = &PField> + '_> {
                match m {
                    Member::Field(f) => Box::new(std::iter::once(f)),
                    Member::Sliced(s) => Box::new(s.fields()),
                    Member::Fixed(_) | Member::Removed(_) => Box::new(std::iter::empty()),
                }
            })
    }

    pub fn fields_mut(&mut self) -> impl Iterator<Item = &mut PField> {
        self.members
            .iter_mut()
            .flat_map(|m| -> Box<dyn Iterator<Item = &mut PField> + '_> {
                match m {
                    Member::Field(f) => Box::new(std::iter::once(f)),
                    Member::Sliced(s) => {
                        Box::new(s.slices.iter_mut().filter_map(|s| s.field.as_mut()).chain(
                            match &mut s.rest {
                                Rest::Open(f) => Some(f),
                                Rest::Closed => None,
                            },
                        ))
                    }
                    Member::Fixed(_) | Member::Removed(_) => Box::new(std::iter::empty()),
                }
            })
    }

    /// The sliced elements, in order.
    pub fn slicings(&self) -> impl Iterator<Item = &Slicing> {
        self.members.iter().filter_map(|m| match m {
            Member::Sliced(s) => Some(s),
            Member::Field(_) | Member::Fixed(_) | Member::Removed(_) => None,
        })
    }

    /// Whether any element is sliced (the struct then keeps the order items were read in).
    pub fn has_slicing(&self) -> bool {
        self.slicings().next().is_some()
    }
}

/// What a profile made of one base field.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum Member {
    /// The element as a field, maybe narrowed.
    Field(PField),
    /// The element split into slices and the items no slice matches.
    Sliced(Slicing),
    /// A required element with a fixed value: no field; written on output, checked on input.
    Fixed(FixedElement),
    /// An element the profile removes (max 0): no field; must be absent.
    Removed(RemovedElement),
}

/// A field of a profile struct.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct PField {
    /// Rust name.
    pub name: String,
    /// Element id (`Patient.identifier:nhsNumber`).
    pub element: String,
    /// The base field it comes from.
    pub base_field: String,
    /// The profile's bounds: the field's container is derived from them.
    pub bounds: Bounds,
    /// The base field's container (what the conversion starts from).
    pub base: Cardinality,
    pub ty: PType,
}

impl PField {
    /// The field's container.
    pub fn cardinality(&self) -> Cardinality {
        self.bounds.cardinality()
    }

    /// A field the profile leaves as the base has it: same type, same container.
    pub fn is_unchanged(&self) -> bool {
        matches!(self.ty, PType::Base { .. })
            && self.cardinality() == self.base
            && self.base != Cardinality::NonEmpty
    }
}

/// A type of the profile layer that narrows a base struct, by where it is defined.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum StructRef {
    /// A struct of the same module, for one of its constrained elements.
    Nested(String),
    /// A struct of [`ProfileLayer::shared`].
    Shared(String),
    /// The main type of another module: a datatype profile or an extension.
    Module(String),
}

impl StructRef {
    pub fn name(&self) -> &str {
        match self {
            StructRef::Nested(n) | StructRef::Shared(n) | StructRef::Module(n) => n,
        }
    }
}

/// What a profile field holds (inside its container).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum PType {
    /// The base field's type, unchanged.
    Base { ty: FieldType, boxed: bool },
    /// A struct narrowing the base type.
    Struct(StructRef),
    /// A code from a required value set (canonical URL): a profile code enum; `base` is the
    /// base field's type (`String` or a `stu3::codes` enum).
    Code { value_set: String, base: FieldType },
    /// A CodeableConcept bound to a required value set (canonical URL).
    Concept(String),
    /// A Coding bound to a required value set (canonical URL).
    Coding(String),
    /// A reference whose targets are the marker of [`ProfileLayer::targets`] so named.
    Ref { targets: String, boxed: bool },
    /// A narrowed choice enum of this module.
    Choice(String),
    /// An optional element with a fixed value: present or absent, never another value
    /// (`Option<Fixed>`).
    Fixed(FixedValue),
    /// The base field holds its item in a `Box` (optional complex elements do, to keep
    /// the base structs small); the profile field holds this type, unboxed.
    Unboxed(Box<PType>),
    /// One type left of a base choice: the base enum and variant, and the type held.
    ChoiceOnly {
        base_enum: String,
        variant: String,
        boxed: bool,
        ty: Box<PType>,
    },
    /// A string element whose values may be at most `max` characters long (`maxLength`).
    MaxLength { max: u32, ty: Box<PType> },
}

impl PType {
    /// The type this one wraps (`Unboxed`, `ChoiceOnly`), if any.
    pub fn inner(&self) -> Option<&PType> {
        match self {
            PType::Unboxed(inner)
            | PType::ChoiceOnly { ty: inner, .. }
            | PType::MaxLength { ty: inner, .. } => Some(inner),
            PType::Base { .. }
            | PType::Struct(_)
            | PType::Code { .. }
            | PType::Concept(_)
            | PType::Coding(_)
            | PType::Ref { .. }
            | PType::Choice(_)
            | PType::Fixed(_) => None,
        }
    }

    /// What this type itself (not a type it wraps) names elsewhere in the layer.
    pub fn link(&self) -> Option<Link<'_>> {
        match self {
            PType::Struct(r) => Some(Link::Struct(r)),
            PType::Choice(name) => Some(Link::Choice(name)),
            PType::Code { value_set, .. }
            | PType::Concept(value_set)
            | PType::Coding(value_set) => Some(Link::ValueSet(value_set)),
            PType::Ref { targets, .. } => Some(Link::Targets(targets)),
            PType::Base { .. }
            | PType::Fixed(_)
            | PType::Unboxed(_)
            | PType::ChoiceOnly { .. }
            | PType::MaxLength { .. } => None,
        }
    }

    /// What this type itself names, for rewriting the link.
    pub fn link_mut(&mut self) -> Option<LinkMut<'_>> {
        match self {
            PType::Struct(r) => Some(LinkMut::Struct(r)),
            PType::Choice(name) => Some(LinkMut::Choice(name)),
            PType::Code { value_set, .. }
            | PType::Concept(value_set)
            | PType::Coding(value_set) => Some(LinkMut::ValueSet(value_set)),
            PType::Ref { targets, .. } => Some(LinkMut::Targets(targets)),
            PType::Base { .. }
            | PType::Fixed(_)
            | PType::Unboxed(_)
            | PType::ChoiceOnly { .. }
            | PType::MaxLength { .. } => None,
        }
    }

    /// The type this one wraps, for changing it.
    pub fn inner_mut(&mut self) -> Option<&mut PType> {
        match self {
            PType::Unboxed(inner)
            | PType::ChoiceOnly { ty: inner, .. }
            | PType::MaxLength { ty: inner, .. } => Some(inner),
            PType::Base { .. }
            | PType::Struct(_)
            | PType::Code { .. }
            | PType::Concept(_)
            | PType::Coding(_)
            | PType::Ref { .. }
            | PType::Choice(_)
            | PType::Fixed(_) => None,
        }
    }

    /// What this type itself says of field `field` in words, for the names of shared structs
    /// (`assigner Organization`); `None` where the type says nothing of its own or where the
    /// naming reads the type's content (structs, fixed values, single-type choices).
    pub fn words(&self, field: &str) -> Option<String> {
        match self {
            PType::Struct(StructRef::Module(m)) => Some(format!("{field} {m}")),
            PType::Code { value_set, .. }
            | PType::Concept(value_set)
            | PType::Coding(value_set) => {
                Some(format!("{field} {}", crate::names::value_words(value_set)))
            }
            PType::Ref { targets, .. } => Some(format!("{field} {targets}")),
            PType::Choice(name) => Some(format!("{field} {name}")),
            PType::MaxLength { max, .. } => Some(format!("{field} max {max}")),
            PType::Base { .. }
            | PType::Struct(StructRef::Nested(_) | StructRef::Shared(_))
            | PType::Fixed(_)
            | PType::Unboxed(_)
            | PType::ChoiceOnly { .. } => None,
        }
    }

    /// This type and each type it wraps, outermost first.
    pub fn walk(&self) -> impl Iterator<Item = &PType> {
        std::iter::successors(Some(self), |t| t.inner())
    }

    /// Calls `f` on this type and each type it wraps, outermost first.
    pub fn walk_mut(&mut self, f: &mut dyn FnMut(&mut PType)) {
        f(self);
        if let Some(inner) = self.inner_mut() {
            inner.walk_mut(f);
        }
    }
}

/// Something of the layer a type names: the passes that follow links (sharing, the
/// collection of code enums and target markers) go through [`PType::link`], so a new kind
/// of type is taught to them in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link<'a> {
    Struct(&'a StructRef),
    Choice(&'a str),
    /// A value set by canonical URL (its enum in [`ProfileLayer::code_enums`]).
    ValueSet(&'a str),
    /// A marker of [`ProfileLayer::targets`].
    Targets(&'a str),
}

/// [`Link`], for rewriting it.
#[derive(Debug, PartialEq, Eq)]
pub enum LinkMut<'a> {
    Struct(&'a mut StructRef),
    Choice(&'a mut String),
    ValueSet(&'a mut String),
    Targets(&'a mut String),
}

/// A required element whose value the profile fixes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct FixedElement {
    pub base_field: String,
    pub element: String,
    /// The base field's container (`Required` or `Optional`: fixed values are single).
    pub base: Cardinality,
    pub value: FixedValue,
}

/// A fixed value, checked against its element's type when generating.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct FixedValue {
    /// The associated constant that holds it (`SYSTEM`).
    pub constant: String,
    pub literal: Literal,
}

/// A fixed value as the Rust value its element holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum Literal {
    /// A plain `String` held as an XML attribute (`Extension.url`).
    Attribute(String),
    /// A string-like primitive (`string`, `uri`, `code`, `id`, ...): `Primitive<String>`.
    Text(String),
    /// A code of the base field's `stu3::codes` enum.
    Code {
        enum_name: String,
        variant: String,
        code: String,
    },
    Boolean(bool),
    Integer(i32),
    UnsignedInt(u32),
    PositiveInt(u32),
}

impl Literal {
    /// The value as FHIR writes it.
    pub fn text(&self) -> String {
        match self {
            Literal::Attribute(s) | Literal::Text(s) => s.clone(),
            Literal::Code { code, .. } => code.clone(),
            Literal::Boolean(b) => b.to_string(),
            Literal::Integer(n) => n.to_string(),
            Literal::UnsignedInt(n) | Literal::PositiveInt(n) => n.to_string(),
        }
    }
}

/// An element the profile removes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct RemovedElement {
    pub base_field: String,
    pub element: String,
    /// The base field's container (`Optional`, `Many` or `NonEmpty`; a required base
    /// element cannot be removed).
    pub base: Cardinality,
}

/// A base field split into slices.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Slicing {
    pub base_field: String,
    pub element: String,
    /// The base item type (`Identifier`, `Extension`).
    pub item: FieldType,
    /// The bounds of the whole element.
    pub bounds: Bounds,
    pub slices: Vec<Slice>,
    /// What becomes of the items no slice matches.
    pub rest: Rest,
}

impl Slicing {
    /// The slice fields, then the remainder field.
    pub fn fields(&self) -> impl Iterator<Item = &PField> {
        self.slices
            .iter()
            .filter_map(|s| s.field.as_ref())
            .chain(match &self.rest {
                Rest::Open(f) => Some(f),
                Rest::Closed => None,
            })
    }
}

/// One slice of a sliced element.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Slice {
    pub name: String,
    pub matcher: Matcher,
    /// The slice's field; `None` when the profile forbids the slice (max 0): its items are
    /// violations.
    pub field: Option<PField>,
}

/// The items of a sliced element that match no slice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum Rest {
    /// Closed slicing: they are violations.
    Closed,
    /// Open slicing: they are kept in this field.
    Open(PField),
}

/// How an item is recognised as belonging to a slice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum Matcher {
    /// The primitive reached through `path` equals `value` (any item, where the path
    /// crosses a repeating element).
    Value { path: Vec<PathStep>, value: String },
    /// Some value reached through `path` (complex elements; any item where a step repeats)
    /// satisfies `inner`: every part of `inner` on that same value (the `system` and the
    /// `code` of one coding, not of two).
    Within {
        path: Vec<PathStep>,
        inner: Box<Matcher>,
    },
    /// Every matcher holds.
    All(Vec<Matcher>),
}

impl Matcher {
    /// The matcher as a FHIRPath-like condition, for messages
    /// (`code.coding.where(system = 'http://loinc.org' and code = '8480-6')`).
    pub fn describe(&self) -> String {
        fn path(steps: &[PathStep]) -> String {
            steps
                .iter()
                .map(|s| s.field.trim_end_matches('_'))
                .collect::<Vec<_>>()
                .join(".")
        }
        match self {
            Matcher::Value { path: p, value } => format!("{} = '{value}'", path(p)),
            Matcher::Within { path: p, inner } => {
                format!("{}.where({})", path(p), inner.describe())
            }
            Matcher::All(ms) => ms
                .iter()
                .map(Matcher::describe)
                .collect::<Vec<_>>()
                .join(" and "),
        }
    }
}

/// One step of a matcher path through base fields.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct PathStep {
    pub field: String,
    pub cardinality: Cardinality,
    /// How the value at this step is held.
    pub kind: StepKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum StepKind {
    /// A complex value to step into.
    Complex,
    /// A `Primitive<_>`.
    Primitive,
    /// A plain `String` (`Extension.url`).
    Attribute,
}

/// A narrowed choice enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct PChoice {
    pub name: String,
    pub element: String,
    /// The base enum (`ObservationValue`, `AnyValue`).
    pub base: String,
    /// At least one (lowering removes a choice left with none).
    pub variants: Vec<PVariant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct PVariant {
    /// Variant name in the base enum and here.
    pub name: String,
    pub type_code: String,
    /// Whether the base variant is boxed.
    pub base_boxed: bool,
    pub ty: PType,
}

/// A marker type for a set of reference targets.
#[derive(Debug, Clone, Serialize)]
pub struct TargetSet {
    pub name: String,
    /// Resource type names, sorted.
    pub types: Vec<String>,
    /// The types that may be referenced, sorted.
    pub implementors: Vec<Implementor>,
}

/// A type a typed reference may point at.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Implementor {
    pub ty: TargetType,
    /// Its resource type (`Patient`).
    pub resource_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum TargetType {
    /// A resource profile's main type (`CareConnectPatient`).
    Profile(String),
    /// A resource of the base layer (`stu3::Patient`).
    Base(String),
}

/// A binding kept as a constant because its value set cannot be listed.
#[derive(Debug, Clone, Serialize)]
pub struct BindingConst {
    pub name: String,
    pub element: String,
    pub value_set: String,
    pub strength: crate::ir::BindingStrength,
}
