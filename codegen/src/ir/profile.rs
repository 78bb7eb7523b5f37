//! The profile layer's IR: one module per Care Connect profile or extension definition.
//!
//! A profile struct *narrows* a base struct of the `stu3` layer: every base field is
//! accounted for exactly once, as a field (maybe with a narrower type or cardinality), as
//! the slices and remainder of a sliced element, as a fixed value (no field; written on
//! output, checked on input) or as a removed element (no field; must be absent). The
//! emitters turn that into the struct and its conversions to and from the base.

use serde::Serialize;

use crate::ir::{Cardinality, CodeEnum, FieldType, Max};

/// Everything generated for the profiles.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProfileLayer {
    /// Resource and datatype profiles, in name order.
    pub profiles: Vec<ProfileModule>,
    /// Extension definitions, in name order.
    pub extensions: Vec<ProfileModule>,
    /// Enums of the required value sets the profiles bind (`careconnect::codes`).
    pub code_enums: Vec<CodeEnum>,
    /// Marker types of typed references (`careconnect::targets`).
    pub targets: Vec<TargetSet>,
    /// Structs that several profiles constrain the same way (`careconnect::shared`).
    pub shared: Vec<PStruct>,
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

/// One generated file.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileModule {
    pub file: String,
    /// The main type (`CareConnectPatient`, `EthnicCategory`).
    pub name: String,
    pub url: String,
    pub version: Option<String>,
    pub kind: ProfileKind,
    /// The main struct first, then the structs of its constrained elements.
    pub structs: Vec<PStruct>,
    pub choices: Vec<PChoice>,
    /// Associated constants: bindings that could not become types.
    pub binding_consts: Vec<BindingConst>,
}

/// A struct narrowing a base struct.
#[derive(Debug, Clone, Serialize)]
pub struct PStruct {
    pub name: String,
    /// The element id it stands for (`Patient`, `Patient.identifier:nhsNumber`).
    pub element: String,
    /// The `stu3` struct it narrows (`Patient`, `Identifier`, `PatientContact`).
    pub base: String,
    pub fields: Vec<PField>,
    /// Base fields with no field here.
    pub rules: Vec<Rule>,
    /// Base fields split into slices.
    pub slicings: Vec<SlicingDef>,
    /// For a shared struct: every `(profile URL, element id)` it stands for.
    pub used_by: Vec<(String, String)>,
}

/// Where a profile field's values come from in the base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum FieldSource {
    /// The base field of the same element.
    Element,
    /// Slice `slice` of slicing `slicing` (indexes into [`PStruct::slicings`]).
    Slice { slicing: usize, slice: usize },
    /// The items of slicing `slicing` that match no slice (open slicing).
    Remainder { slicing: usize },
}

/// A field of a profile struct.
#[derive(Debug, Clone, Serialize)]
pub struct PField {
    /// Rust name.
    pub name: String,
    /// Element id (`Patient.identifier:nhsNumber`).
    pub element: String,
    /// The base field it comes from.
    pub base_field: String,
    pub min: u32,
    pub max: Max,
    pub cardinality: Cardinality,
    /// The base field's cardinality (the container the conversion starts from).
    pub base_cardinality: Cardinality,
    pub ty: PType,
    pub source: FieldSource,
}

/// What a profile field holds (inside its cardinality).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PType {
    /// The base field's type, unchanged.
    Base { ty: FieldType, boxed: bool },
    /// A struct of this module narrowing the base type.
    Struct(String),
    /// The main struct of another module (a datatype profile or an extension).
    Module(String),
    /// A code from a required value set: an enum in `careconnect::codes`; `base` is the
    /// base field's type (`String` or a `stu3::codes` enum).
    Code { enum_name: String, base: FieldType },
    /// A CodeableConcept bound to a required value set.
    Concept(String),
    /// A Coding bound to a required value set.
    Coding(String),
    /// A reference whose targets are the marker `careconnect::targets::<name>`.
    Ref { targets: String, boxed: bool },
    /// A narrowed choice enum of this module.
    Choice(String),
    /// An optional element with a fixed value: present or absent, never another value
    /// (`Option<Fixed>`). `attribute` when the base holds a plain `String`.
    Fixed { value: String, attribute: bool },
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
}

/// A base field with no field of its own.
#[derive(Debug, Clone, Serialize)]
pub enum Rule {
    /// Max 0: must be absent.
    Removed {
        base_field: String,
        element: String,
        repeats: bool,
    },
    /// A fixed primitive value, written on output and checked on input.
    Fixed {
        base_field: String,
        element: String,
        value: String,
        required: bool,
        /// The base field is a plain `T` rather than an `Option`.
        base_required: bool,
        primitive: FieldType,
    },
}

/// A base field split into slices.
#[derive(Debug, Clone, Serialize)]
pub struct SlicingDef {
    pub base_field: String,
    pub element: String,
    /// Closed slicing: items matching no slice are violations (no remainder field).
    pub closed: bool,
    /// The base item type (`Identifier`, `Extension`).
    pub item: FieldType,
    pub slices: Vec<SliceDef>,
    /// Min and max of the whole element.
    pub min: u32,
    pub max: Max,
}

#[derive(Debug, Clone, Serialize)]
pub struct SliceDef {
    pub name: String,
    pub matcher: Matcher,
}

/// How an item is recognised as belonging to a slice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Matcher {
    /// The primitive reached through `path` equals `value` (any item, where the path
    /// crosses a repeating element).
    Value { path: Vec<PathStep>, value: String },
    /// Every matcher holds.
    All(Vec<Matcher>),
}

/// One step of a matcher path through base fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathStep {
    pub field: String,
    pub cardinality: Cardinality,
    /// The last step: how the value is held.
    pub kind: StepKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum StepKind {
    /// A complex value to step into.
    Complex,
    /// A `Primitive<_>`.
    Primitive,
    /// A plain `String` (`Extension.url`).
    Attribute,
}

/// A narrowed choice enum.
#[derive(Debug, Clone, Serialize)]
pub struct PChoice {
    pub name: String,
    pub element: String,
    /// The base enum (`ObservationValue`, `AnyValue`).
    pub base: String,
    pub variants: Vec<PVariant>,
}

#[derive(Debug, Clone, Serialize)]
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
    /// Rust types that may be referenced (paths relative to the crate: `stu3::Group`,
    /// `careconnect::CareConnectPatient`), each with its resource type.
    pub implementors: Vec<(String, String)>,
}

/// A binding kept as a constant because its value set cannot be listed.
#[derive(Debug, Clone, Serialize)]
pub struct BindingConst {
    pub name: String,
    pub element: String,
    pub value_set: String,
    pub strength: String,
}
