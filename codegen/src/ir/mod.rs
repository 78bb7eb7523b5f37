//! The intermediate representation: the Rust-shaped model the emitters turn into code.
//!
//! Lowering ([`crate::lower`]) builds it from snapshots; emitting ([`crate::emit`]) reads
//! it and never looks at a definition again. It is plain data built from enums, so it can
//! be dumped as JSON (`careconnect-codegen ir`) and diffed when definitions change.
//!
//! Facts only: paths, cardinalities, types, bindings, URLs. No prose from the definitions.

use serde::Serialize;

/// Everything generated for one FHIR version's base layer.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Model {
    /// Complex datatypes, one module each, in name order.
    pub datatypes: Vec<Module>,
    /// Resources, one module each, in name order.
    pub resources: Vec<Module>,
    /// Code enums for required bindings, in name order.
    pub code_enums: Vec<CodeEnum>,
    /// Choice enums shared by many elements: `AnyValue`, for every element of FHIR's open
    /// type `*` (its complex variants boxed; its first variant is a primitive, so it has a
    /// constant default even where the element is required).
    pub shared_choices: Vec<ChoiceEnum>,
}

/// One generated file: a datatype or resource with its backbone elements and choice enums.
#[derive(Debug, Clone, Serialize)]
pub struct Module {
    /// File stem and module name (`patient`, `human_name`).
    pub file: String,
    /// The main struct first, then backbone elements in definition order.
    pub structs: Vec<StructDef>,
    pub choices: Vec<ChoiceEnum>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum StructKind {
    Resource,
    Datatype,
    /// A backbone element (`Patient.contact`).
    Backbone,
}

/// A generated struct.
#[derive(Debug, Clone, Serialize)]
pub struct StructDef {
    /// Rust type name (`Patient`, `PatientContact`).
    pub name: String,
    /// FHIR type name or, for backbone elements, element path (`Patient.contact`).
    pub fhir_name: String,
    pub kind: StructKind,
    /// Canonical URL of the definition the struct comes from.
    pub url: String,
    /// The element's entry in the FHIR specification
    /// (`https://hl7.org/fhir/STU3/patient-definitions.html#Patient.contact`), where its
    /// page is known ([`crate::lower::spec_link`]).
    pub spec: Option<String>,
    pub fields: Vec<Field>,
}

/// The Rust container an element takes from how many times it may occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Cardinality {
    /// 1..1: a plain field.
    Required,
    /// 0..1: `Option<T>`.
    Optional,
    /// 0..n: `Vec<T>`.
    Many,
    /// 1..n: a vector that must not be empty.
    NonEmpty,
}

impl Cardinality {
    pub fn is_required(self) -> bool {
        matches!(self, Cardinality::Required | Cardinality::NonEmpty)
    }

    pub fn repeats(self) -> bool {
        matches!(self, Cardinality::Many | Cardinality::NonEmpty)
    }
}

/// How many times an element may occur, as its definition says: `min..max`. The one
/// record of an element's cardinality; its Rust container is derived from it
/// ([`Bounds::cardinality`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Bounds {
    pub min: u32,
    pub max: Max,
}

impl Bounds {
    /// Any number of occurrences: `0..*`.
    pub const ANY: Bounds = Bounds {
        min: 0,
        max: Max::Unbounded,
    };

    pub fn new(min: u32, max: Max) -> Bounds {
        Bounds { min, max }
    }

    /// The container of `min..max`.
    pub fn cardinality(self) -> Cardinality {
        match (self.min, self.max) {
            (0, Max::Bounded(0 | 1)) => Cardinality::Optional,
            (_, Max::Bounded(1)) => Cardinality::Required,
            (0, _) => Cardinality::Many,
            _ => Cardinality::NonEmpty,
        }
    }

    /// Max 0: the element may not occur.
    pub fn is_removed(self) -> bool {
        self.max == Max::Bounded(0)
    }

    /// These bounds as a profile may narrow them: never wider than `self` (a profile
    /// cannot loosen its base; a definition that tries keeps the base's bound).
    pub fn narrowed(self, min: Option<u32>, max: Option<Max>) -> Bounds {
        let min = min.map_or(self.min, |m| m.max(self.min));
        let max = match (max, self.max) {
            (None, base) => base,
            (Some(Max::Bounded(n)), Max::Bounded(b)) => Max::Bounded(n.min(b)),
            (Some(m), Max::Unbounded) => m,
            (Some(Max::Unbounded), base) => base,
        };
        Bounds { min, max }
    }

    /// Whether a profile's `min`/`max` would loosen these bounds.
    pub fn loosened_by(self, min: Option<u32>, max: Option<Max>) -> bool {
        min.is_some_and(|m| m < self.min)
            || match (max, self.max) {
                (Some(Max::Bounded(n)), Max::Bounded(b)) => n > b,
                (Some(Max::Unbounded), Max::Bounded(_)) => true,
                _ => false,
            }
    }
}

impl std::fmt::Display for Bounds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..{}", self.min, self.max)
    }
}

/// The upper bound of an element's cardinality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Max {
    Bounded(u32),
    Unbounded,
}

impl Max {
    /// `max` as a definition writes it: a number or `*`.
    pub fn parse(text: &str) -> Option<Max> {
        match text {
            "*" => Some(Max::Unbounded),
            n => n.parse().ok().map(Max::Bounded),
        }
    }
}

impl std::fmt::Display for Max {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Max::Bounded(n) => write!(f, "{n}"),
            Max::Unbounded => write!(f, "*"),
        }
    }
}

/// One element of a struct.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// Element name on the wire, without `[x]` (`birthDate`, `deceased`).
    pub fhir_name: String,
    /// Rust field name (`birth_date`, `type_`).
    pub name: String,
    /// Element path in the definition (`Patient.deceased[x]`).
    pub path: String,
    /// The entry in the FHIR specification of the element that defines it (inherited
    /// elements are defined by their ancestor: `Resource.id`), where its page is known.
    pub spec: Option<String>,
    pub bounds: Bounds,
    pub ty: FieldType,
    /// Stored behind a `Box` because the types are recursive.
    pub boxed: bool,
    /// The binding, when the element has one naming a value set.
    pub binding: Option<BindingInfo>,
    /// `targetProfile`s of a Reference (canonical URLs), in definition order.
    pub targets: Vec<String>,
    pub is_modifier: bool,
    pub is_summary: bool,
}

impl Field {
    /// The field's container.
    pub fn cardinality(&self) -> Cardinality {
        self.bounds.cardinality()
    }
}

/// The FHIR primitive types and the Rust types that hold their values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Primitive {
    Boolean,
    Integer,
    UnsignedInt,
    PositiveInt,
    Decimal,
    String,
    Uri,
    Code,
    Id,
    Markdown,
    Oid,
    Uuid,
    Base64Binary,
    Date,
    DateTime,
    Instant,
    Time,
}

impl Primitive {
    /// The primitive named by a FHIR type code.
    pub fn from_code(code: &str) -> Option<Primitive> {
        Some(match code {
            "boolean" => Primitive::Boolean,
            "integer" => Primitive::Integer,
            "unsignedInt" => Primitive::UnsignedInt,
            "positiveInt" => Primitive::PositiveInt,
            "decimal" => Primitive::Decimal,
            "string" => Primitive::String,
            "uri" => Primitive::Uri,
            "code" => Primitive::Code,
            "id" => Primitive::Id,
            "markdown" => Primitive::Markdown,
            "oid" => Primitive::Oid,
            "uuid" => Primitive::Uuid,
            "base64Binary" => Primitive::Base64Binary,
            "date" => Primitive::Date,
            "dateTime" => Primitive::DateTime,
            "instant" => Primitive::Instant,
            "time" => Primitive::Time,
            _ => return None,
        })
    }

    /// Whether its values are text (`String` in Rust): `string`, `uri`, `code`, `id`,
    /// `markdown`, `oid`, `uuid`.
    pub fn holds_text(self) -> bool {
        match self {
            Primitive::String
            | Primitive::Uri
            | Primitive::Code
            | Primitive::Id
            | Primitive::Markdown
            | Primitive::Oid
            | Primitive::Uuid => true,
            Primitive::Boolean
            | Primitive::Integer
            | Primitive::UnsignedInt
            | Primitive::PositiveInt
            | Primitive::Decimal
            | Primitive::Base64Binary
            | Primitive::Date
            | Primitive::DateTime
            | Primitive::Instant
            | Primitive::Time => false,
        }
    }

    /// The FHIR type code.
    pub fn code(self) -> &'static str {
        match self {
            Primitive::Boolean => "boolean",
            Primitive::Integer => "integer",
            Primitive::UnsignedInt => "unsignedInt",
            Primitive::PositiveInt => "positiveInt",
            Primitive::Decimal => "decimal",
            Primitive::String => "string",
            Primitive::Uri => "uri",
            Primitive::Code => "code",
            Primitive::Id => "id",
            Primitive::Markdown => "markdown",
            Primitive::Oid => "oid",
            Primitive::Uuid => "uuid",
            Primitive::Base64Binary => "base64Binary",
            Primitive::Date => "date",
            Primitive::DateTime => "dateTime",
            Primitive::Instant => "instant",
            Primitive::Time => "time",
        }
    }
}

/// What a field holds (inside its cardinality wrapper).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum FieldType {
    /// A primitive element.
    Primitive(Primitive),
    /// A `code` with a required binding to an enumerable value set: the named code enum.
    Code { enum_name: String },
    /// A complex datatype, by Rust name (`HumanName`).
    Complex(String),
    /// A backbone element struct, by Rust name (`PatientContact`).
    Backbone(String),
    /// Any resource: the `Resource` enum.
    Resource,
    /// A choice element: the enum, by Rust name (`PatientDeceased`).
    Choice(String),
    /// A plain string carried as an XML attribute (`Element.id`, `Extension.url`).
    Attribute,
    /// XHTML (`Narrative.div`).
    Xhtml,
}

/// The enum of a choice element (`Observation.value[x]`).
#[derive(Debug, Clone, Serialize)]
pub struct ChoiceEnum {
    pub name: String,
    /// Element path (`Observation.value[x]`).
    pub path: String,
    /// The element's entry in the FHIR specification, where its page is known.
    pub spec: Option<String>,
    pub variants: Vec<ChoiceVariant>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChoiceVariant {
    /// FHIR type code (`Quantity`, `dateTime`).
    pub type_code: String,
    /// Rust variant name (`Quantity`, `DateTime`).
    pub name: String,
    /// `Primitive`, `Code`, `Complex` or `Resource`.
    pub ty: FieldType,
    /// Stored behind a `Box`: complex types of optional choices are, so the enum stays
    /// small; those of required choices are not, so the enum has a constant default (and
    /// are boxed only to break a recursion).
    pub boxed: bool,
}

/// A binding of an element to a value set.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct BindingInfo {
    pub strength: BindingStrength,
    pub value_set: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum BindingStrength {
    Required,
    Extensible,
    Preferred,
    Example,
}

impl BindingStrength {
    pub fn from_code(code: &str) -> Option<BindingStrength> {
        Some(match code {
            "required" => BindingStrength::Required,
            "extensible" => BindingStrength::Extensible,
            "preferred" => BindingStrength::Preferred,
            "example" => BindingStrength::Example,
            _ => return None,
        })
    }

    pub fn code(self) -> &'static str {
        match self {
            BindingStrength::Required => "required",
            BindingStrength::Extensible => "extensible",
            BindingStrength::Preferred => "preferred",
            BindingStrength::Example => "example",
        }
    }
}

/// The codes of a required value set, as an enum.
#[derive(Debug, Clone, Serialize)]
pub struct CodeEnum {
    pub name: String,
    /// File stem and module name.
    pub file: String,
    pub value_set: String,
    pub variants: Vec<CodeVariant>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CodeVariant {
    pub code: String,
    pub name: String,
    pub system: Option<String>,
    /// Display text of the code in its code system (a label, not prose).
    pub display: Option<String>,
}

pub mod profile;
