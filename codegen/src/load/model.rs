//! The conformance resources the generator reads, as typed Rust values.
//!
//! Only what generation needs is kept: structure (paths, cardinality, types, slicing,
//! bindings, fixed and pattern values, invariants' keys and expressions) but none of the
//! human-readable prose (definitions, comments, descriptions), which must never reach the
//! generated code.
//!
//! Values are format-neutral: the same profile read from JSON or XML gives equal values.
//! Canonical URLs are trimmed of surrounding whitespace when read (a diagnostic records it).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Location};

/// Everything loaded from the package folders, keyed by canonical URL.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Registry {
    /// The package names, in `sources.toml` order (earlier packages are the ones later
    /// packages build on).
    pub packages: Vec<String>,
    pub structure_definitions: BTreeMap<String, StructureDefinition>,
    pub value_sets: BTreeMap<String, ValueSet>,
    pub code_systems: BTreeMap<String, CodeSystem>,
    /// Findings made while loading (BOMs, untrimmed URLs, duplicates, skipped files,
    /// dangling references), sorted by location.
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
}

impl Registry {
    /// The position of a package in [`Registry::packages`] (unknown packages last).
    pub fn package_rank(&self, package: &str) -> usize {
        self.packages
            .iter()
            .position(|p| p == package)
            .unwrap_or(self.packages.len())
    }
}

/// Where a resource was read from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Source {
    /// The package name from `definitions/sources.toml`.
    pub package: String,
    /// The file, relative to the definitions root (`careconnect-stu3/profiles/X.xml`).
    pub file: std::path::PathBuf,
}

impl Source {
    /// A diagnostic location for this file and resource URL.
    pub fn location(&self, url: &str) -> Location {
        Location::file(self.file.clone()).with_url(url)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StructureKind {
    PrimitiveType,
    ComplexType,
    Resource,
    Logical,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Derivation {
    Specialization,
    Constraint,
}

/// A StructureDefinition (datatype, resource, profile or extension definition).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StructureDefinition {
    pub source: Source,
    /// `StructureDefinition.id`; absent in Forge-authored profiles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub url: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    pub kind: StructureKind,
    pub is_abstract: bool,
    /// The type constrained or defined (`Patient`, `Extension`, `Quantity`).
    pub type_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_definition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derivation: Option<Derivation>,
    /// STU3 `contextType` (resource | datatype | extension), for extension definitions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_type: Option<String>,
    /// STU3 `context` (element paths an extension may appear on).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<Vec<ElementDefinition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub differential: Option<Vec<ElementDefinition>>,
    /// The page of the FHIR specification that defines the type's elements
    /// (`datatypes-definitions.html`), where the definition's narrative links its root
    /// element to one: a link, read from the narrative's markup; its text is never read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec_page: Option<String>,
}

/// One ElementDefinition from a snapshot or differential.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ElementDefinition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slice_name: Option<String>,
    /// `representation` codes (`xmlAttr`, `xmlText`, `typeAttr`, `cdaText`, `xhtml`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub representation: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// `"*"` or a number, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<ElementBase>,
    /// `#Questionnaire.item` style reference to another element's definition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_reference: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<TypeRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slicing: Option<Slicing>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binding: Option<Binding>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<TypedValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<TypedValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub must_support: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_modifier: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_summary: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<Constraint>,
    /// 1-based line of the element in its file, when the format gives one (XML).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElementBase {
    pub path: String,
    pub min: u32,
    pub max: String,
}

/// `ElementDefinition.type` (STU3: profile and targetProfile are single URIs).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeRef {
    /// The type code. Absent for the `value` element of primitive types, whose type is
    /// only given by the `structuredefinition-json-type` extension on `_code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// From the `structuredefinition-json-type` extension on the code, if present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_type: Option<String>,
    /// From the `structuredefinition-xml-type` extension on the code, if present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xml_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_profile: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aggregation: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versioning: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slicing {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub discriminators: Vec<Discriminator>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordered: Option<bool>,
    /// `closed` | `open` | `openAtEnd`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discriminator {
    /// `value` | `exists` | `pattern` | `type` | `profile`.
    pub kind: String,
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    /// `required` | `extensible` | `preferred` | `example`.
    pub strength: String,
    /// `valueSetReference.reference` or `valueSetUri`, trimmed. `None` when the binding
    /// names no value set (description only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_set: Option<String>,
    /// The `elementdefinition-bindingName` extension, if present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A `fixed[x]` or `pattern[x]` value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypedValue {
    /// The FHIR type from the element name suffix, with a lower-case first letter for
    /// primitives as FHIR spells them: `fixedUri` → `uri`, `patternCodeableConcept` →
    /// `CodeableConcept`, `fixedDateTime` → `dateTime`.
    pub type_name: String,
    pub value: Value,
}

/// A format-neutral FHIR value: the same content read from JSON or XML is equal.
///
/// Primitives keep their lexical form (`"1.50"`, `"true"`); complex values list their
/// children in document order, a repeating element appearing once per repetition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    Primitive {
        value: Option<String>,
        /// Extensions on the primitive (`_field` in JSON, child elements in XML).
        extensions: Vec<(String, Value)>,
    },
    Complex(Vec<(String, Value)>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constraint {
    pub key: String,
    /// `error` | `warning`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xpath: Option<String>,
}

/// A ValueSet (STU3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueSet {
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compose: Option<Compose>,
    /// `expansion.contains`, flattened, when the resource carries an expansion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expansion: Option<Vec<ExpansionContains>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Compose {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<ConceptSet>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<ConceptSet>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConceptSet {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub concepts: Vec<ConceptRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub value_sets: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConceptRef {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    pub property: String,
    pub op: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpansionContains {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}

/// A CodeSystem (STU3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodeSystem {
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `not-present` | `example` | `fragment` | `complete`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_sensitive: Option<bool>,
    /// The value set of the whole code system (`CodeSystem.valueSet`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_set: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub concepts: Vec<Concept>,
}

/// A concept of a code system, with its nested (is-a) children.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Concept {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Concept>,
}

/// `definitions/sources.toml`: where the package folders are and which to read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sources {
    /// The definitions root (already resolved against the environment variable and the
    /// directory of `sources.toml`).
    pub root: std::path::PathBuf,
    /// Packages in priority order: when two packages declare the same canonical URL, the
    /// one listed *later* wins (Care Connect re-publications of core extensions override
    /// the core copies), with a diagnostic.
    pub packages: Vec<Package>,
    /// Where the lock file is (`definitions/sources.lock`).
    pub lock_file: std::path::PathBuf,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Package {
    pub name: String,
    /// Folder relative to the root.
    pub path: std::path::PathBuf,
}
