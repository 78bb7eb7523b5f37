//! [`Node`] tree → model types: the one place that knows FHIR's conformance resources.
//!
//! Every problem is recorded with the file, the canonical URL (once known) and the element
//! id, and reading goes on, so that one run reports all problems of a file:
//!
//! * input that cannot mean anything (a `min` that is not a number, an unknown `kind`, a
//!   missing `url` or `path`, a single-valued element given twice) is an [`Error::Input`];
//! * input that is understood after a repair is a [`Diagnostic`]: surrounding whitespace in
//!   URLs and references ([`DiagnosticKind::UntrimmedUrl`]) or in codes and paths
//!   ([`DiagnosticKind::UnexpectedContent`]) is trimmed.
//!
//! Prose (`definition`, `comment`, `short`, `requirements`, `description`, narrative text)
//! is never read (of the narrative the readers keep only its links to type definitions), so stray characters in it (the non-breaking spaces of several Care Connect
//! profiles) cannot matter. Elements the model does not keep (mappings, examples,
//! `defaultValue[x]`, ...) are ignored without a diagnostic.

use super::Resource;
use super::model::{
    Binding, CodeSystem, Compose, Concept, ConceptRef, ConceptSet, Constraint, Derivation,
    Discriminator, ElementBase, ElementDefinition, ExpansionContains, Filter, Slicing, Source,
    StructureDefinition, StructureKind, TypeRef, TypedValue, ValueSet,
};
use super::tree::{self, Node};
use crate::diag::{Diagnostic, DiagnosticKind, Error, Location};

const JSON_TYPE: &str = "http://hl7.org/fhir/StructureDefinition/structuredefinition-json-type";
const XML_TYPE: &str = "http://hl7.org/fhir/StructureDefinition/structuredefinition-xml-type";
const BINDING_NAME: &str = "http://hl7.org/fhir/StructureDefinition/elementdefinition-bindingName";

/// The primitive types of FHIR STU3, as spelled in type codes (for `fixed[x]` suffixes).
const PRIMITIVES: &[&str] = &[
    "base64Binary",
    "boolean",
    "code",
    "date",
    "dateTime",
    "decimal",
    "id",
    "instant",
    "integer",
    "markdown",
    "oid",
    "positiveInt",
    "string",
    "time",
    "unsignedInt",
    "uri",
    "uuid",
    "xhtml",
];

/// The page of the specification that the narrative links the definition's root element
/// to (`datatypes-definitions.html` for `#HumanName`), by the type's or the definition's
/// name.
fn spec_page(root: &Node<'_>, type_name: Option<&str>, name: Option<&str>) -> Option<String> {
    let links = root.first(tree::NARRATIVE)?.all(tree::NARRATIVE_LINK);
    links.filter_map(|l| l.value.as_deref()).find_map(|href| {
        let (page, fragment) = href.split_once('#')?;
        (Some(fragment) == type_name || Some(fragment) == name).then(|| page.to_owned())
    })
}

/// Converts the tree of one file. `Ok(None)` means the resource type is not one the
/// generator reads (a [`DiagnosticKind::SkippedResource`] note says so).
pub(crate) fn resource(
    root: &Node<'_>,
    source: &Source,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Option<Resource>, Vec<Error>> {
    let mut reader = Reader {
        source,
        url: None,
        errors: Vec::new(),
        diagnostics,
    };
    let resource = match &*root.name {
        "StructureDefinition" => reader
            .structure_definition(root)
            .map(Resource::StructureDefinition),
        "ValueSet" => reader.value_set(root).map(Resource::ValueSet),
        "CodeSystem" => reader.code_system(root).map(Resource::CodeSystem),
        other => {
            let mut location = Location::file(&source.file);
            if let Some(url) = root.value_of("url") {
                location = location.with_url(url.trim());
            }
            if let Some(line) = root.line {
                location = location.with_line(line);
            }
            reader.diagnostics.push(Diagnostic::note(
                DiagnosticKind::SkippedResource,
                location,
                format!("{other} resources are not used by the generator; skipped"),
            ));
            return Ok(None);
        }
    };
    match resource {
        Some(resource) if reader.errors.is_empty() => Ok(Some(resource)),
        // Every path that yields no resource reports why; this is a safety net.
        None if reader.errors.is_empty() => {
            let location = reader.location(At::resource(root));
            Err(vec![Error::input(
                location,
                format!("could not read this {}", root.name),
            )])
        }
        _ => Err(reader.errors),
    }
}

/// Where a finding is inside the resource: an element id or path (or none for the resource
/// itself) and a line.
#[derive(Clone, Copy)]
struct At<'x> {
    element: Option<&'x str>,
    line: Option<u32>,
}

impl<'x> At<'x> {
    fn resource(node: &Node<'_>) -> Self {
        At {
            element: None,
            line: node.line,
        }
    }

    fn element(element: &'x str, node: &Node<'_>) -> Self {
        At {
            element: Some(element),
            line: node.line,
        }
    }

    /// This place, narrowed to the line of `parent`'s child `name` (when it has one).
    fn child(self, parent: &Node<'_>, name: &str) -> Self {
        At {
            line: parent.first(name).and_then(|n| n.line).or(self.line),
            ..self
        }
    }
}

struct Reader<'s> {
    source: &'s Source,
    url: Option<String>,
    errors: Vec<Error>,
    diagnostics: &'s mut Vec<Diagnostic>,
}

impl Reader<'_> {
    fn location(&self, at: At<'_>) -> Location {
        let mut location = Location::file(&self.source.file);
        if let Some(url) = &self.url {
            location = location.with_url(url.clone());
        }
        if let Some(element) = at.element {
            location = location.with_element(element);
        }
        if let Some(line) = at.line {
            location = location.with_line(line);
        }
        location
    }

    fn error(&mut self, at: At<'_>, message: impl Into<String>) {
        self.errors.push(Error::input(self.location(at), message));
    }

    fn warn(&mut self, kind: DiagnosticKind, at: At<'_>, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::warning(kind, self.location(at), message));
    }

    // --- primitives -------------------------------------------------------------------

    /// The child `name`, which may appear at most once.
    fn one<'n, 'a>(
        &mut self,
        parent: &'n Node<'a>,
        name: &str,
        at: At<'_>,
    ) -> Option<&'n Node<'a>> {
        let mut all = parent.all(name);
        let first = all.next()?;
        let more = all.count();
        if more > 0 {
            let at = At {
                line: first.line.or(at.line),
                ..at
            };
            self.error(
                at,
                format!("`{name}` appears {} times; expected at most once", more + 1),
            );
        }
        Some(first)
    }

    /// The value of a primitive node; an error if the node is complex.
    fn value_of<'n>(&mut self, node: &'n Node<'_>, at: At<'_>) -> Option<&'n str> {
        if node.value.is_none() && !node.has_only_primitive_children() {
            let at = At {
                line: node.line.or(at.line),
                ..at
            };
            self.error(
                at,
                format!(
                    "expected `{}` to be a primitive value, found a complex element",
                    node.name
                ),
            );
        }
        node.value.as_deref()
    }

    /// The value of the primitive child `name`, as written.
    fn text<'n>(&mut self, parent: &'n Node<'_>, name: &str, at: At<'_>) -> Option<&'n str> {
        let node = self.one(parent, name, at)?;
        self.value_of(node, at)
    }

    fn string(&mut self, parent: &Node<'_>, name: &str, at: At<'_>) -> Option<String> {
        self.text(parent, name, at).map(str::to_owned)
    }

    /// A code, id or path: surrounding whitespace is trimmed with a warning, an empty value
    /// counts as absent.
    fn token(&mut self, parent: &Node<'_>, name: &str, at: At<'_>) -> Option<String> {
        let node = self.one(parent, name, at)?;
        self.token_value(node, at)
    }

    fn token_value(&mut self, node: &Node<'_>, at: At<'_>) -> Option<String> {
        let at = At {
            line: node.line.or(at.line),
            ..at
        };
        let raw = self.value_of(node, at)?;
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            let message = format!("`{}` is blank ({raw:?}); ignored", node.name);
            self.warn(DiagnosticKind::UnexpectedContent, at, message);
            return None;
        }
        if trimmed.len() != raw.len() {
            let message = format!(
                "`{}` {raw:?} has surrounding whitespace; trimmed",
                node.name
            );
            self.warn(DiagnosticKind::UnexpectedContent, at, message);
        }
        Some(trimmed.to_owned())
    }

    fn tokens(&mut self, parent: &Node<'_>, name: &str, at: At<'_>) -> Vec<String> {
        parent
            .all(name)
            .filter_map(|n| self.token_value(n, at))
            .collect()
    }

    /// A canonical URL or reference: surrounding whitespace is trimmed with an
    /// [`DiagnosticKind::UntrimmedUrl`] warning.
    fn reference(
        &mut self,
        parent: &Node<'_>,
        name: &str,
        what: &str,
        at: At<'_>,
    ) -> Option<String> {
        let node = self.one(parent, name, at)?;
        self.reference_value(node, what, at)
    }

    fn reference_value(&mut self, node: &Node<'_>, what: &str, at: At<'_>) -> Option<String> {
        let at = At {
            line: node.line.or(at.line),
            ..at
        };
        let raw = self.value_of(node, at)?;
        let trimmed = raw.trim();
        if trimmed.len() != raw.len() {
            let message =
                format!("{what} {raw:?} has surrounding whitespace; trimmed to {trimmed:?}");
            self.warn(DiagnosticKind::UntrimmedUrl, at, message);
        }
        if trimmed.is_empty() {
            self.warn(
                DiagnosticKind::UnexpectedContent,
                at,
                format!("{what} is empty; ignored"),
            );
            return None;
        }
        Some(trimmed.to_owned())
    }

    fn unsigned(&mut self, parent: &Node<'_>, name: &str, at: At<'_>) -> Option<u32> {
        let text = self.text(parent, name, at)?;
        match text.trim().parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                self.error(
                    at.child(parent, name),
                    format!("`{name}` is {text:?}; expected a non-negative integer"),
                );
                None
            }
        }
    }

    fn boolean(&mut self, parent: &Node<'_>, name: &str, at: At<'_>) -> Option<bool> {
        let text = self.text(parent, name, at)?;
        match text.trim() {
            "true" => Some(true),
            "false" => Some(false),
            _ => {
                self.error(
                    at.child(parent, name),
                    format!("`{name}` is {text:?}; expected true or false"),
                );
                None
            }
        }
    }

    /// `max`: `*` or a non-negative integer, kept as written.
    fn max(&mut self, parent: &Node<'_>, name: &str, at: At<'_>) -> Option<String> {
        let text = self.token(parent, name, at)?;
        if text == "*" || text.parse::<u32>().is_ok() {
            Some(text)
        } else {
            self.error(
                at.child(parent, name),
                format!("`{name}` is {text:?}; expected `*` or a non-negative integer"),
            );
            None
        }
    }

    /// Reads a field that must be there: if `read` yields nothing without reporting why
    /// (absent or empty), that is reported as missing.
    fn required<T>(
        &mut self,
        name: &str,
        at: At<'_>,
        read: impl FnOnce(&mut Self) -> Option<T>,
    ) -> Option<T> {
        let before = self.errors.len();
        let value = read(self);
        if value.is_none() && self.errors.len() == before {
            self.error(at, format!("missing `{name}`"));
        }
        value
    }

    /// The resource's canonical URL, which every location from now on names.
    fn canonical(&mut self, root: &Node<'_>) -> Option<String> {
        let at = At::resource(root);
        let url = self.required("url", at, |r| r.reference(root, "url", "canonical URL", at));
        // Diagnostics about the URL itself were made before the URL was known.
        if let Some(url) = &url {
            self.url = Some(url.clone());
            for d in self.diagnostics.iter_mut().rev() {
                if d.location.file != self.source.file || d.location.url.is_some() {
                    break;
                }
                d.location.url = Some(url.clone());
            }
        }
        url
    }

    /// A concept's code: missing is an error, blank (one v2 table has a code that is a lone
    /// non-breaking space) a warning, and the concept is left out.
    fn concept_code(&mut self, concept: &Node<'_>, at: At<'_>) -> Option<String> {
        if concept.first("code").is_none() {
            self.error(at, "missing `concept.code`");
            return None;
        }
        self.token(concept, "code", at)
    }

    // --- StructureDefinition ----------------------------------------------------------

    fn structure_definition(&mut self, root: &Node<'_>) -> Option<StructureDefinition> {
        let at = At::resource(root);
        let url = self.canonical(root);
        let id = self.token(root, "id", at);
        let name = self.required("name", at, |r| r.string(root, "name", at));
        let version = self.string(root, "version", at);
        let kind = match self.token(root, "kind", at).as_deref() {
            Some("primitive-type") => Some(StructureKind::PrimitiveType),
            Some("complex-type") => Some(StructureKind::ComplexType),
            Some("resource") => Some(StructureKind::Resource),
            Some("logical") => Some(StructureKind::Logical),
            Some(other) => {
                self.error(
                    at.child(root, "kind"),
                    format!("unknown `kind` {other:?}; expected primitive-type, complex-type, resource or logical"),
                );
                None
            }
            None => {
                self.error(at, "missing `kind`");
                None
            }
        };
        let is_abstract = self.required("abstract", at, |r| r.boolean(root, "abstract", at));
        let type_name = self.required("type", at, |r| r.token(root, "type", at));
        let base_definition = self.reference(root, "baseDefinition", "baseDefinition", at);
        let derivation = match self.token(root, "derivation", at).as_deref() {
            Some("specialization") => Some(Derivation::Specialization),
            Some("constraint") => Some(Derivation::Constraint),
            Some(other) => {
                self.error(
                    at.child(root, "derivation"),
                    format!(
                        "unknown `derivation` {other:?}; expected specialization or constraint"
                    ),
                );
                None
            }
            None => None,
        };
        let context_type = self.token(root, "contextType", at);
        let context = self.tokens(root, "context", at);
        let snapshot = self.one(root, "snapshot", at).map(|s| self.elements(s));
        let differential = self.one(root, "differential", at).map(|d| self.elements(d));
        let spec_page = spec_page(root, type_name.as_deref(), name.as_deref());
        Some(StructureDefinition {
            source: self.source.clone(),
            id,
            url: url?,
            name: name?,
            version,
            kind: kind?,
            is_abstract: is_abstract?,
            type_name: type_name?,
            base_definition,
            derivation,
            context_type,
            context,
            snapshot,
            differential,
            spec_page,
        })
    }

    fn elements(&mut self, container: &Node<'_>) -> Vec<ElementDefinition> {
        container
            .all("element")
            .enumerate()
            .filter_map(|(i, e)| self.element(e, i))
            .collect()
    }

    fn element(&mut self, node: &Node<'_>, index: usize) -> Option<ElementDefinition> {
        let fallback = At {
            element: None,
            line: node.line,
        };
        let id = self.token(node, "id", fallback);
        let path = self.token(node, "path", fallback);
        let label = id
            .clone()
            .or_else(|| path.clone())
            .unwrap_or_else(|| format!("element[{index}]"));
        let at = At::element(&label, node);
        if path.is_none() {
            self.error(at, "missing `path`");
        }
        let slice_name = self.token(node, "sliceName", at);
        let representation = self.tokens(node, "representation", at);
        let min = self.unsigned(node, "min", at);
        let max = self.max(node, "max", at);
        let base = self
            .one(node, "base", at)
            .and_then(|b| self.element_base(b, &label));
        let content_reference = self.token(node, "contentReference", at);
        let types = node
            .all("type")
            .filter_map(|t| self.type_ref(t, &label))
            .collect();
        let slicing = self
            .one(node, "slicing", at)
            .and_then(|s| self.slicing(s, &label));
        let binding = self
            .one(node, "binding", at)
            .and_then(|b| self.binding(b, &label));
        let fixed = self.typed_value(node, "fixed", at);
        let pattern = self.typed_value(node, "pattern", at);
        let max_length = self.unsigned(node, "maxLength", at);
        let must_support = self.boolean(node, "mustSupport", at);
        let is_modifier = self.boolean(node, "isModifier", at);
        let is_summary = self.boolean(node, "isSummary", at);
        let constraints = node
            .all("constraint")
            .filter_map(|c| self.constraint(c, &label))
            .collect();
        Some(ElementDefinition {
            id,
            path: path?,
            slice_name,
            representation,
            min,
            max,
            base,
            content_reference,
            types,
            slicing,
            binding,
            fixed,
            pattern,
            max_length,
            must_support,
            is_modifier,
            is_summary,
            constraints,
            line: node.line,
        })
    }

    fn element_base(&mut self, node: &Node<'_>, label: &str) -> Option<ElementBase> {
        let at = At::element(label, node);
        let path = self.required("base.path", at, |r| r.token(node, "path", at));
        let min = self.required("base.min", at, |r| r.unsigned(node, "min", at));
        let max = self.required("base.max", at, |r| r.max(node, "max", at));
        Some(ElementBase {
            path: path?,
            min: min?,
            max: max?,
        })
    }

    fn type_ref(&mut self, node: &Node<'_>, label: &str) -> Option<TypeRef> {
        let at = At::element(label, node);
        let code_node = self.one(node, "code", at);
        let code = code_node.and_then(|c| self.token_value(c, at));
        let json_type = code_node
            .and_then(|c| c.extension_value(JSON_TYPE))
            .map(str::to_owned);
        let xml_type = code_node
            .and_then(|c| c.extension_value(XML_TYPE))
            .map(str::to_owned);
        if code.is_none() && json_type.is_none() && xml_type.is_none() {
            self.error(
                at,
                "`type` has no `code` (and no structuredefinition-json-type extension on it)",
            );
            return None;
        }
        let profile = self.reference(node, "profile", "type.profile", at);
        let target_profile = self.reference(node, "targetProfile", "type.targetProfile", at);
        let aggregation = self.tokens(node, "aggregation", at);
        let versioning = self.token(node, "versioning", at);
        Some(TypeRef {
            code,
            json_type,
            xml_type,
            profile,
            target_profile,
            aggregation,
            versioning,
        })
    }

    fn slicing(&mut self, node: &Node<'_>, label: &str) -> Option<Slicing> {
        let at = At::element(label, node);
        let mut discriminators = Vec::new();
        for d in node.all("discriminator") {
            let at = At::element(label, d);
            if d.value.is_some() {
                self.error(
                    at,
                    "`slicing.discriminator` is a string (DSTU2 style); expected `type` and `path`",
                );
                continue;
            }
            let kind = self.required("slicing.discriminator.type", at, |r| r.token(d, "type", at));
            let path = self.required("slicing.discriminator.path", at, |r| r.token(d, "path", at));
            if let (Some(kind), Some(path)) = (kind, path) {
                discriminators.push(Discriminator { kind, path });
            }
        }
        let ordered = self.boolean(node, "ordered", at);
        let rules = self.token(node, "rules", at);
        Some(Slicing {
            discriminators,
            ordered,
            rules,
        })
    }

    fn binding(&mut self, node: &Node<'_>, label: &str) -> Option<Binding> {
        let at = At::element(label, node);
        let strength = self.required("binding.strength", at, |r| r.token(node, "strength", at));
        let by_reference = self
            .one(node, "valueSetReference", at)
            .and_then(|r| self.reference(r, "reference", "binding value set", at));
        let by_uri = self.reference(node, "valueSetUri", "binding value set", at);
        if let (Some(reference), Some(uri)) = (&by_reference, &by_uri) {
            let message = format!(
                "binding has both valueSetReference {reference:?} and valueSetUri {uri:?}; using the reference"
            );
            self.warn(DiagnosticKind::UnexpectedContent, at, message);
        }
        let name = node
            .extension_value(BINDING_NAME)
            .map(|n| n.trim().to_owned());
        Some(Binding {
            strength: strength?,
            value_set: by_reference.or(by_uri),
            name,
        })
    }

    /// `fixed[x]` or `pattern[x]` (`prefix` is `fixed` or `pattern`).
    fn typed_value(&mut self, node: &Node<'_>, prefix: &str, at: At<'_>) -> Option<TypedValue> {
        let mut found = node.children.iter().filter_map(|c| {
            let suffix = c.name.strip_prefix(prefix)?;
            suffix
                .starts_with(|ch: char| ch.is_ascii_uppercase())
                .then_some((suffix, c))
        });
        let (suffix, value) = found.next()?;
        if let Some((other, _)) = found.next() {
            self.error(
                at,
                format!(
                    "both `{prefix}{suffix}` and `{prefix}{other}`; expected one `{prefix}[x]`"
                ),
            );
        }
        let mut lower = suffix.to_owned();
        if let Some(first) = lower.get_mut(..1) {
            first.make_ascii_lowercase();
        }
        let type_name = if PRIMITIVES.contains(&lower.as_str()) {
            lower
        } else {
            suffix.to_owned()
        };
        Some(TypedValue {
            type_name,
            value: value.to_value(),
        })
    }

    fn constraint(&mut self, node: &Node<'_>, label: &str) -> Option<Constraint> {
        let at = At::element(label, node);
        let key = self.required("constraint.key", at, |r| r.token(node, "key", at));
        let severity = self.token(node, "severity", at);
        let expression = self.string(node, "expression", at);
        let xpath = self.string(node, "xpath", at);
        Some(Constraint {
            key: key?,
            severity,
            expression,
            xpath,
        })
    }

    // --- ValueSet ---------------------------------------------------------------------

    fn value_set(&mut self, root: &Node<'_>) -> Option<ValueSet> {
        let at = At::resource(root);
        let url = self.canonical(root);
        let id = self.token(root, "id", at);
        let name = self.string(root, "name", at);
        let version = self.string(root, "version", at);
        let status = self.token(root, "status", at);
        let compose = self.one(root, "compose", at).map(|c| {
            let include = c
                .all("include")
                .enumerate()
                .map(|(i, s)| self.concept_set(s, "include", i))
                .collect();
            let exclude = c
                .all("exclude")
                .enumerate()
                .map(|(i, s)| self.concept_set(s, "exclude", i))
                .collect();
            Compose { include, exclude }
        });
        let expansion = self.one(root, "expansion", at).map(|e| {
            let mut contains = Vec::new();
            self.expansion_contains(e, &mut contains);
            contains
        });
        Some(ValueSet {
            source: self.source.clone(),
            id,
            url: url?,
            name,
            version,
            status,
            compose,
            expansion,
        })
    }

    fn concept_set(&mut self, node: &Node<'_>, which: &str, index: usize) -> ConceptSet {
        let label = format!("ValueSet.compose.{which}[{index}]");
        let at = At::element(&label, node);
        let system = self.reference(node, "system", &format!("{which}.system"), at);
        let version = self.string(node, "version", at);
        let mut concepts = Vec::new();
        for c in node.all("concept") {
            let at = At::element(&label, c);
            let code = self.concept_code(c, at);
            let display = self.string(c, "display", at);
            if let Some(code) = code {
                concepts.push(ConceptRef { code, display });
            }
        }
        let mut filters = Vec::new();
        for f in node.all("filter") {
            let at = At::element(&label, f);
            let property = self.required("filter.property", at, |r| r.token(f, "property", at));
            let op = self.required("filter.op", at, |r| r.token(f, "op", at));
            let value = self.required("filter.value", at, |r| r.string(f, "value", at));
            if let (Some(property), Some(op), Some(value)) = (property, op, value) {
                filters.push(Filter {
                    property,
                    op,
                    value,
                });
            }
        }
        let what = format!("{which}.valueSet");
        let value_sets = node
            .all("valueSet")
            .filter_map(|v| self.reference_value(v, &what, at))
            .collect();
        ConceptSet {
            system,
            version,
            concepts,
            filters,
            value_sets,
        }
    }

    fn expansion_contains(&mut self, node: &Node<'_>, out: &mut Vec<ExpansionContains>) {
        for c in node.all("contains") {
            let at = At::element("ValueSet.expansion.contains", c);
            let system = self.reference(c, "system", "expansion.contains.system", at);
            let code = self.token(c, "code", at);
            let display = self.string(c, "display", at);
            out.push(ExpansionContains {
                system,
                code,
                display,
            });
            self.expansion_contains(c, out);
        }
    }

    // --- CodeSystem -------------------------------------------------------------------

    fn code_system(&mut self, root: &Node<'_>) -> Option<CodeSystem> {
        let at = At::resource(root);
        let url = self.canonical(root);
        let id = self.token(root, "id", at);
        let name = self.string(root, "name", at);
        let version = self.string(root, "version", at);
        let content = self.token(root, "content", at);
        let case_sensitive = self.boolean(root, "caseSensitive", at);
        let value_set = self.reference(root, "valueSet", "CodeSystem.valueSet", at);
        let concepts = self.concepts(root, "CodeSystem.concept");
        Some(CodeSystem {
            source: self.source.clone(),
            id,
            url: url?,
            name,
            version,
            content,
            case_sensitive,
            value_set,
            concepts,
        })
    }

    fn concepts(&mut self, parent: &Node<'_>, label: &str) -> Vec<Concept> {
        let mut out = Vec::new();
        for c in parent.all("concept") {
            let at = At::element(label, c);
            let code = self.concept_code(c, at);
            let display = self.string(c, "display", at);
            let children = match &code {
                Some(code) => self.concepts(c, &format!("{label}:{code}.concept")),
                None => self.concepts(c, label),
            };
            if let Some(code) = code {
                out.push(Concept {
                    code,
                    display,
                    children,
                });
            }
        }
        out
    }
}
