//! `careconnect-codegen explain URL[#element-id]`: what the generator made of one
//! definition or element, and why.
//!
//! In: a [`Lowered`] workspace (the registry with its snapshots, the profile layer, every
//! diagnostic) and a query. Out: an [`Explanation`], printed as text or JSON.
//!
//! The profile layer is walked from a module's main struct through its nested and shared
//! structs, each member giving one [`ElementLine`] under the element id it has in *this*
//! profile (a shared struct's element ids are those of the first place it was made for, so
//! they are moved under the element that uses it). Each line says which rule produced the
//! field's type ([`RuleKind`]); where a binding did not become an enum, the snapshot
//! element's binding and the diagnostics at the element say why.
//!
//! Facts only: ids, types, cardinalities, URLs, fixed values and diagnostics; never the
//! definitions' prose.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::Lowered;
use crate::diag::{Diagnostic, DiagnosticKind};
use crate::ir::profile::{
    Member, PField, PStruct, PType, ProfileKind, ProfileModule, Rest, StructRef, TargetType,
};
use crate::ir::{BindingStrength, Cardinality, Field, FieldType, StructDef};
use crate::load::model::{ElementDefinition, StructureDefinition, TypedValue, Value};

/// The module the profile layer's items live in, as a user of `careconnect-models` names
/// it (`crate::careconnect::X` in generated code).
const MODULE: &str = "careconnect";

/// What the generator made of one definition or element.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// Canonical URL of the definition.
    pub url: String,
    /// The element id explained; `None` for the whole definition.
    pub element: Option<String>,
    pub definition: DefinitionFacts,
    pub subject: Subject,
    /// Every diagnostic about the definition (whole definition), or about the element and
    /// the elements inside it.
    pub diagnostics: Vec<Diagnostic>,
}

/// The definition and the type generated for it.
#[derive(Debug, Clone, Serialize)]
pub struct DefinitionFacts {
    /// The main type's path (`careconnect::CareConnectPatient`).
    pub item: String,
    /// `resource profile`, `datatype profile` or `extension`.
    pub kind: String,
    /// The `stu3` type the main type narrows (`stu3::Patient`).
    pub base: String,
    pub version: Option<String>,
    pub package: String,
    /// The file, relative to the definitions root.
    pub file: String,
    /// The generated file (`careconnect/care_connect_patient.rs`).
    pub generated_file: String,
}

/// What was asked about.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "subject", rename_all = "kebab-case")]
pub enum Subject {
    /// The whole definition: the main struct's members, and the constrained members of the
    /// structs below it.
    Definition {
        elements: Vec<ElementLine>,
        /// Members of nested and shared structs left as their base has them (not listed).
        unchanged_nested: usize,
        /// Required bindings that could not become types, kept as constants.
        binding_consts: Vec<BindingConstLine>,
    },
    /// One element of the definition.
    Element {
        /// What the profile layer made of it; for an element inside a field that holds a
        /// base struct unchanged, the base field it is; `None` when there is neither (a
        /// slice that got no field, say: the diagnostics tell why).
        line: Option<ElementLine>,
        /// The field that holds the element, when it is no member of the profile layer.
        held_by: Option<Box<ElementLine>>,
        /// The snapshot element's own facts; `None` when the snapshot has no such element
        /// (a base field the profile does not mention).
        snapshot: Option<Box<SnapshotFacts>>,
    },
}

/// What the profile layer made of one element.
#[derive(Debug, Clone, Serialize)]
pub struct ElementLine {
    /// The element id in this profile (`Patient.identifier:nhsNumber`).
    pub element: String,
    /// The field's path (`careconnect::CareConnectPatient::nhs_number`); `None` when the
    /// element is no field (fixed, removed, a forbidden slice, closed slicing's remainder).
    pub item: Option<String>,
    /// The field's type as the generated code writes it, without `crate::`.
    pub rust_type: Option<String>,
    /// `min..max` of the field.
    pub bounds: Option<String>,
    /// The rules that made the member, outermost first.
    pub rules: Vec<Rule>,
    /// Whether the member differs from the base field.
    pub constrained: bool,
}

/// One rule of the profile layer applied to an element, with its facts in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub kind: RuleKind,
    pub text: String,
}

/// Which rule of lowering produced (part of) a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// The base field's type, unchanged.
    BaseType,
    /// Narrower bounds than the base field's.
    Cardinality,
    /// A slice field of a sliced element.
    Slice,
    /// A slice the profile forbids (max 0): no field.
    ForbiddenSlice,
    /// The items of a sliced element that no slice matches.
    Remainder,
    /// A struct of this module for an element the profile constrains inside.
    NestedStruct,
    /// A struct shared by places constrained alike.
    SharedStruct,
    /// Another module's type: a type profile or an extension definition.
    ProfileType,
    /// A code enum of a required value set.
    ClosedEnum,
    /// A binding that did not become an enum, and why.
    BindingFallback,
    /// The base's own required binding, already an enum of the base layer.
    BaseBinding,
    /// A reference typed by its target profiles.
    TypedReference,
    /// A choice narrowed to fewer types (an enum of this module).
    NarrowedChoice,
    /// A choice left with one type.
    SingleChoice,
    /// A fixed value.
    Fixed,
    /// An element removed (max 0).
    Removed,
    /// A string length limit.
    MaxLength,
}

/// A binding kept as an associated constant.
#[derive(Debug, Clone, Serialize)]
pub struct BindingConstLine {
    /// `careconnect::CareConnectPatient::LANGUAGE_BINDING`.
    pub item: String,
    pub element: String,
    pub value_set: String,
}

/// An element of the snapshot, as the definition states it (no prose).
#[derive(Debug, Clone, Serialize)]
pub struct SnapshotFacts {
    pub path: String,
    pub slice_name: Option<String>,
    pub min: Option<u32>,
    pub max: Option<String>,
    /// Type codes, with `profile` and `targetProfile` (`Reference(https://…)`).
    pub types: Vec<String>,
    /// `strength value-set`.
    pub binding: Option<String>,
    /// `type value`.
    pub fixed: Option<String>,
    pub pattern: Option<String>,
    pub max_length: Option<u32>,
    /// `discriminators (rules)`.
    pub slicing: Option<String>,
    pub content_reference: Option<String>,
}

impl Explanation {
    /// The explanation for a terminal.
    pub fn text(&self) -> String {
        let mut out = String::new();
        match &self.element {
            Some(e) => out.push_str(&format!("{}#{e}\n", self.url)),
            None => out.push_str(&format!("{}\n", self.url)),
        }
        let d = &self.definition;
        let mut head = vec![
            ("type", d.item.clone()),
            ("kind", format!("{} of {}", d.kind, d.base)),
        ];
        if let Some(v) = &d.version {
            head.push(("version", v.clone()));
        }
        head.push(("package", format!("{} ({})", d.package, d.file)));
        head.push(("file", d.generated_file.clone()));
        if self.element.is_some() {
            // The element is the point; the definition is context.
            head.retain(|(k, _)| matches!(*k, "type" | "kind"));
        }
        pairs(&mut out, &head);
        match &self.subject {
            Subject::Definition {
                elements,
                unchanged_nested,
                binding_consts,
            } => {
                out.push_str(&format!("\nelements ({})\n", elements.len()));
                table(&mut out, elements);
                if *unchanged_nested > 0 {
                    out.push_str(&format!(
                        "  ({unchanged_nested} members of nested and shared structs as their base has them, not listed)\n"
                    ));
                }
                if !binding_consts.is_empty() {
                    out.push_str("\nbinding constants (required bindings that cannot be types)\n");
                    for c in binding_consts {
                        out.push_str(&format!("  {}  {}  {}\n", c.item, c.element, c.value_set));
                    }
                }
            }
            Subject::Element {
                line,
                held_by,
                snapshot,
            } => {
                out.push_str("\ngenerated\n");
                match line {
                    Some(line) => element_block(&mut out, line),
                    None => out.push_str("  no member of its own\n"),
                }
                if let Some(h) = held_by {
                    out.push_str(&format!("\nheld by `{}`\n", h.element));
                    element_block(&mut out, h);
                }
                out.push_str("\nsnapshot\n");
                match snapshot {
                    Some(s) => snapshot_block(&mut out, s),
                    None => out.push_str(
                        "  not in the snapshot (a base element the profile does not mention)\n",
                    ),
                }
            }
        }
        out.push_str(&format!("\ndiagnostics ({})\n", self.diagnostics.len()));
        for diag in &self.diagnostics {
            out.push_str(&format!("  {diag}\n"));
        }
        out
    }
}

/// `key  value` lines, the values aligned.
fn pairs(out: &mut String, pairs: &[(&str, String)]) {
    let width = pairs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (k, v) in pairs {
        let _ = writeln!(out, "  {k:width$}  {v}");
    }
}

fn element_block(out: &mut String, line: &ElementLine) {
    let mut p = vec![(
        "item",
        line.item
            .clone()
            .unwrap_or_else(|| "none (no field)".to_string()),
    )];
    if let Some(t) = &line.rust_type {
        p.push(("type", t.clone()));
    }
    if let Some(b) = &line.bounds {
        p.push(("bounds", b.clone()));
    }
    for r in &line.rules {
        p.push(("rule", format!("{}: {}", kind_word(r.kind), r.text)));
    }
    pairs(out, &p);
}

fn snapshot_block(out: &mut String, s: &SnapshotFacts) {
    let mut p = vec![("path", s.path.clone())];
    if let Some(n) = &s.slice_name {
        p.push(("slice", n.clone()));
    }
    p.push((
        "card.",
        format!(
            "{}..{}",
            s.min.map_or("?".to_string(), |m| m.to_string()),
            s.max.as_deref().unwrap_or("?")
        ),
    ));
    if !s.types.is_empty() {
        p.push(("types", s.types.join(", ")));
    }
    let optional = [
        ("binding", &s.binding),
        ("fixed", &s.fixed),
        ("pattern", &s.pattern),
        ("slicing", &s.slicing),
        ("content", &s.content_reference),
    ];
    for (k, v) in optional {
        if let Some(v) = v {
            p.push((k, v.clone()));
        }
    }
    if let Some(n) = s.max_length {
        p.push(("maxLength", n.to_string()));
    }
    pairs(out, &p);
}

/// One line per element: id, field, type, rules.
fn table(out: &mut String, lines: &[ElementLine]) {
    let w_el = lines.iter().map(|l| l.element.len()).max().unwrap_or(0);
    let field = |l: &ElementLine| {
        l.item
            .as_deref()
            .map(|i| i.rsplit("::").next().unwrap_or(i).to_string())
            .unwrap_or_else(|| "-".to_string())
    };
    let w_f = lines.iter().map(|l| field(l).len()).max().unwrap_or(0);
    for l in lines {
        let rules = l
            .rules
            .iter()
            .map(|r| kind_word(r.kind))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "  {:w_el$}  {:w_f$}  {}  [{rules}]",
            l.element,
            field(l),
            l.rust_type.as_deref().unwrap_or("(no field)"),
        );
    }
}

fn kind_word(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::BaseType => "base type",
        RuleKind::Cardinality => "cardinality",
        RuleKind::Slice => "slice",
        RuleKind::ForbiddenSlice => "forbidden slice",
        RuleKind::Remainder => "remainder",
        RuleKind::NestedStruct => "nested struct",
        RuleKind::SharedStruct => "shared struct",
        RuleKind::ProfileType => "profile type",
        RuleKind::ClosedEnum => "closed enum",
        RuleKind::BindingFallback => "binding fallback",
        RuleKind::BaseBinding => "base binding",
        RuleKind::TypedReference => "typed reference",
        RuleKind::NarrowedChoice => "narrowed choice",
        RuleKind::SingleChoice => "single-type choice",
        RuleKind::Fixed => "fixed value",
        RuleKind::Removed => "removed",
        RuleKind::MaxLength => "max length",
    }
}

/// Explains `query` (`URL`, `URL#element-id`, or a generated type name).
pub fn explain(lowered: &Lowered, query: &str) -> Result<Explanation, String> {
    let query = query.trim();
    let (target, element) = match query.split_once('#') {
        Some((u, e)) => (u, Some(e.trim()).filter(|e| !e.is_empty())),
        None => (query, None),
    };
    let (module, implied) = find_module(lowered, target)?;
    let element = element.map(str::to_string).or(implied);
    let Some(sd) = lowered.registry.structure_definitions.get(&module.url) else {
        return Err(format!(
            "{}: the profile layer has a module for it but the registry has no definition",
            module.url
        ));
    };
    let index = Index::build(lowered, module, sd);
    let definition = definition_facts(module, sd);
    let Some(element) = element else {
        let (elements, unchanged_nested): (Vec<_>, Vec<_>) = index
            .entries
            .iter()
            .partition(|e| e.main || e.line.constrained);
        let binding_consts = module
            .binding_consts
            .iter()
            .map(|c| BindingConstLine {
                item: format!("{MODULE}::{}::{}", module.name, c.name),
                element: c.element.clone(),
                value_set: c.value_set.clone(),
            })
            .collect();
        return Ok(Explanation {
            url: module.url.clone(),
            element: None,
            definition,
            subject: Subject::Definition {
                elements: elements.into_iter().map(|e| e.line.clone()).collect(),
                unchanged_nested: unchanged_nested.len(),
                binding_consts,
            },
            diagnostics: diagnostics_at(lowered, &module.url, None),
        });
    };
    let id = index.resolve(&element)?;
    let snapshot = index.snapshot_for(&id);
    let mut diagnostics = diagnostics_at(lowered, &module.url, Some(&id));
    if let Some(other) = snapshot
        .and_then(|e| e.id.as_deref())
        .filter(|other| !is_within(other, &id))
    {
        diagnostics.extend(diagnostics_at(lowered, &module.url, Some(other)));
    }
    diagnostics.sort();
    diagnostics.dedup();
    let (line, held_by) = match (index.line_or_choice(&id), index.base_line(&id)) {
        (Some(line), _) => (Some(line.clone()), None),
        (None, Some((line, holder))) => (Some(line), Some(Box::new(holder.clone()))),
        (None, None) => (None, index.enclosing(&id).cloned().map(Box::new)),
    };
    Ok(Explanation {
        url: module.url.clone(),
        element: Some(id.clone()),
        definition,
        subject: Subject::Element {
            line,
            held_by,
            snapshot: snapshot.map(|e| Box::new(snapshot_facts(e))),
        },
        diagnostics,
    })
}

/// The module a URL or type name names, and the element a nested or shared struct's name
/// implies.
fn find_module<'l>(
    lowered: &'l Lowered,
    target: &str,
) -> Result<(&'l ProfileModule, Option<String>), String> {
    let layer = &lowered.profiles;
    let url = target.split_once('|').map_or(target, |(u, _)| u);
    if let Some(m) = layer.modules().find(|m| m.url == url) {
        return Ok((m, None));
    }
    if !url.contains('/') {
        if let Some(m) = layer.modules().find(|m| m.name == url) {
            return Ok((m, None));
        }
        for m in layer.modules() {
            if let Some(s) = m.structs.iter().find(|s| s.name == url) {
                return Ok((m, Some(s.element.clone())));
            }
        }
        if let Some(s) = layer.shared.iter().find(|s| s.def.name == url)
            && let Some(u) = s.used_by.first()
            && let Some(m) = layer.modules().find(|m| m.url == u.profile)
        {
            return Ok((m, Some(u.element.clone())));
        }
    }
    let why = match lowered.registry.structure_definitions.get(url) {
        Some(sd) if sd.snapshot.is_none() => {
            " (the registry has it, but without a snapshot: no type was generated)".to_string()
        }
        Some(sd) => format!(
            " (the registry has it, a {} definition of the base layer or not a constraint: see `stu3::{}`)",
            sd.type_name,
            crate::names::type_name(&sd.type_name)
        ),
        None => String::new(),
    };
    let candidates = layer
        .modules()
        .flat_map(|m| [m.url.as_str(), m.name.as_str()])
        .chain(layer.shared.iter().map(|s| s.def.name.as_str()));
    let close = close_matches(url, candidates, |c| {
        c.rsplit('/').next().unwrap_or(c).to_string()
    });
    Err(format!(
        "no profile or extension module for '{target}'{why}{}",
        suggestion(&close)
    ))
}

fn definition_facts(m: &ProfileModule, sd: &StructureDefinition) -> DefinitionFacts {
    let kind = match m.kind {
        ProfileKind::Resource { .. } => "resource profile",
        ProfileKind::Datatype { .. } => "datatype profile",
        ProfileKind::Extension => "extension",
    };
    DefinitionFacts {
        item: format!("{MODULE}::{}", m.name),
        kind: kind.to_string(),
        base: format!("stu3::{}", m.kind.base()),
        version: m.version.clone(),
        package: m.package.clone(),
        file: sd.source.file.display().to_string(),
        generated_file: format!("{MODULE}/{}.rs", m.file),
    }
}

/// The diagnostics about definition `url`: all of them, or those at `element` and the
/// elements inside it.
fn diagnostics_at(lowered: &Lowered, url: &str, element: Option<&str>) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = lowered
        .diagnostics
        .iter()
        .filter(|d| d.location.url.as_deref() == Some(url))
        .filter(|d| match (element, d.location.element.as_deref()) {
            (None, _) => true,
            (Some(e), Some(at)) => is_within(at, e),
            (Some(_), None) => false,
        })
        .cloned()
        .collect();
    found.sort();
    found.dedup();
    found
}

/// Whether element id `id` is `ancestor` or an element inside it (or a slice of it).
fn is_within(id: &str, ancestor: &str) -> bool {
    id.strip_prefix(ancestor)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', ':']))
}

/// Whether `id` is an element of choice `stem` (`Observation.value`) for one type:
/// `Observation.valueQuantity` or its slice `Observation.valueQuantity:valueQuantity`.
fn is_type_slice(id: &str, stem: &str) -> bool {
    id.strip_prefix(stem).is_some_and(|rest| {
        rest.starts_with(|c: char| c.is_ascii_uppercase()) && !rest.contains('.')
    })
}

/// `id` with its prefix `from` replaced by `to` (a shared struct's ids moved under the
/// element that uses it).
fn rebase(id: &str, from: &str, to: &str) -> String {
    match id.strip_prefix(from) {
        Some(rest) if from != to && (rest.is_empty() || rest.starts_with(['.', ':'])) => {
            format!("{to}{rest}")
        }
        _ => id.to_string(),
    }
}

/// The element that contains `id`: without its last slice name, or its last segment.
fn parent_id(id: &str) -> Option<&str> {
    let last_dot = id.rfind('.');
    let last_colon = id.rfind(':');
    match (last_dot, last_colon) {
        (Some(d), Some(c)) if c > d => Some(&id[..c]),
        (Some(d), _) => Some(&id[..d]),
        (None, Some(c)) => Some(&id[..c]),
        (None, None) => None,
    }
}

fn snapshot_element<'s>(sd: &'s StructureDefinition, id: &str) -> Option<&'s ElementDefinition> {
    sd.snapshot
        .as_deref()?
        .iter()
        .find(|e| e.id.as_deref().unwrap_or(&e.path) == id)
}

fn snapshot_facts(e: &ElementDefinition) -> SnapshotFacts {
    let types = e
        .types
        .iter()
        .map(|t| {
            let code = t.code.as_deref().unwrap_or("?");
            let mut s = code.to_string();
            if let Some(p) = &t.profile {
                s.push_str(&format!(" profile {p}"));
            }
            if let Some(p) = &t.target_profile {
                s.push_str(&format!("({p})"));
            }
            s
        })
        .collect();
    SnapshotFacts {
        path: e.path.clone(),
        slice_name: e.slice_name.clone(),
        min: e.min,
        max: e.max.clone(),
        types,
        binding: e.binding.as_ref().map(|b| {
            format!(
                "{} {}",
                b.strength,
                b.value_set.as_deref().unwrap_or("(no value set)")
            )
        }),
        fixed: e.fixed.as_ref().map(typed_value),
        pattern: e.pattern.as_ref().map(typed_value),
        max_length: e.max_length,
        slicing: e.slicing.as_ref().map(|s| {
            let d = s
                .discriminators
                .iter()
                .map(|d| format!("{}:{}", d.kind, d.path))
                .collect::<Vec<_>>()
                .join(", ");
            format!("{d} ({})", s.rules.as_deref().unwrap_or("open"))
        }),
        content_reference: e.content_reference.clone(),
    }
}

/// A fixed or pattern value as `type value` (complex values as `{name: value, ...}`).
fn typed_value(v: &TypedValue) -> String {
    fn value(v: &Value) -> String {
        match v {
            Value::Primitive { value: Some(s), .. } => format!("'{s}'"),
            Value::Primitive { value: None, .. } => "(extensions only)".to_string(),
            Value::Complex(children) => format!(
                "{{{}}}",
                children
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", value(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
    format!("{} {}", v.type_name, value(&v.value))
}

/// One element of a module, walked.
struct Entry {
    line: ElementLine,
    /// A member of the main struct.
    main: bool,
    /// The `stu3` struct the field holds as the base has it, if it does: the elements
    /// inside are its fields, unconstrained.
    base_struct: Option<String>,
}

impl Entry {
    fn new(line: ElementLine, main: bool) -> Entry {
        Entry {
            line,
            main,
            base_struct: None,
        }
    }

    /// An entry for a field: with the base struct its type holds.
    fn field(line: ElementLine, main: bool, ty: &PType) -> Entry {
        let base_struct = match ty.walk().last() {
            Some(PType::Base {
                ty: FieldType::Complex(t) | FieldType::Backbone(t),
                ..
            }) => Some(t.clone()),
            _ => None,
        };
        Entry {
            line,
            main,
            base_struct,
        }
    }
}

/// Every member of one module, under the element ids of its profile.
struct Index<'l> {
    lowered: &'l Lowered,
    module: &'l ProfileModule,
    sd: &'l StructureDefinition,
    base_structs: BTreeMap<&'l str, &'l StructDef>,
    entries: Vec<Entry>,
}

impl<'l> Index<'l> {
    fn build(lowered: &'l Lowered, module: &'l ProfileModule, sd: &'l StructureDefinition) -> Self {
        let base_structs = lowered
            .model
            .datatypes
            .iter()
            .chain(&lowered.model.resources)
            .flat_map(|m| &m.structs)
            .map(|s| (s.name.as_str(), s))
            .collect();
        let mut index = Index {
            lowered,
            module,
            sd,
            base_structs,
            entries: Vec::new(),
        };
        if let Some(main) = module.structs.first() {
            let mut open = vec![main.name.clone()];
            index.walk(main, &main.element, true, &mut open);
        }
        index
    }

    /// The snapshot element of `id`; for a choice without a `[x]` element, the element of
    /// its one type (Forge writes `Observation.valueQuantity` alone).
    fn snapshot_for(&self, id: &str) -> Option<&'l ElementDefinition> {
        snapshot_element(self.sd, id).or_else(|| {
            let stem = id.strip_suffix("[x]")?;
            self.sd
                .snapshot
                .as_deref()?
                .iter()
                .find(|e| e.id.as_deref().is_some_and(|i| is_type_slice(i, stem)))
        })
    }

    /// The line of `id`, or of the choice field `id` is a type of.
    fn line_or_choice(&self, id: &str) -> Option<&ElementLine> {
        self.line(id).or_else(|| {
            self.entries.iter().map(|e| &e.line).find(|l| {
                l.element
                    .strip_suffix("[x]")
                    .is_some_and(|stem| is_type_slice(id, stem))
            })
        })
    }

    fn line(&self, id: &str) -> Option<&ElementLine> {
        self.entries
            .iter()
            .map(|e| &e.line)
            .find(|l| l.element == id)
    }

    /// The nearest element around `id` that has a line.
    fn enclosing(&self, id: &str) -> Option<&ElementLine> {
        std::iter::successors(parent_id(id), |p| parent_id(p)).find_map(|p| self.line(p))
    }

    /// An element inside a field that holds a `stu3` struct as the base has it
    /// (`Patient.identifier.system` below the remainder `identifier`): the base field it
    /// is, found through the base structs, and the field that holds it.
    fn base_line(&self, id: &str) -> Option<(ElementLine, &ElementLine)> {
        let holder = std::iter::successors(parent_id(id), |p| parent_id(p))
            .find_map(|p| self.entries.iter().find(|e| e.line.element == p))?;
        let mut struct_name = holder.base_struct.as_deref()?;
        let rest = id.strip_prefix(&holder.line.element)?.strip_prefix('.')?;
        if rest.contains(':') {
            return None;
        }
        let mut field = None;
        for segment in rest.split('.') {
            if field.is_some() {
                // Step into the previous field's struct.
                struct_name = match field.map(|f: &Field| &f.ty) {
                    Some(FieldType::Complex(t) | FieldType::Backbone(t)) => t.as_str(),
                    _ => return None,
                };
            }
            let segment = segment.trim_end_matches("[x]");
            let base = self.base_structs.get(struct_name)?;
            field = Some(base.fields.iter().find(|f| f.fhir_name == segment)?);
        }
        let bf = field?;
        let mut ty = base_type(&bf.ty);
        if bf.boxed {
            ty = format!("Box<{ty}>");
        }
        let mut rules = vec![Rule {
            kind: RuleKind::BaseType,
            text: format!(
                "inside `stu3::{}`, which `{}` holds as the base has it: the profile does not constrain it",
                holder.base_struct.as_deref().unwrap_or("?"),
                holder.line.item.as_deref().unwrap_or(&holder.line.element)
            ),
        }];
        if let Some(b) = &bf.binding {
            let (kind, text) = match &bf.ty {
                FieldType::Code { enum_name } => (
                    RuleKind::BaseBinding,
                    format!(
                        "{} binding to {} in the base: the enum `stu3::codes::{enum_name}`",
                        b.strength.code(),
                        b.value_set
                    ),
                ),
                _ => (
                    RuleKind::BindingFallback,
                    format!(
                        "{} binding to {} in the base, not an enum there",
                        b.strength.code(),
                        b.value_set
                    ),
                ),
            };
            rules.push(Rule { kind, text });
        }
        let line = ElementLine {
            element: id.to_string(),
            item: Some(format!("stu3::{struct_name}::{}", bf.name)),
            rust_type: Some(container(bf.cardinality(), &ty)),
            bounds: Some(bf.bounds.to_string()),
            rules,
            constrained: false,
        };
        Some((line, &holder.line))
    }

    /// The element id `query` names: itself, or with the root element's name before it
    /// (`identifier:nhsNumber`) when that is an element; otherwise an error with the
    /// element ids that look alike.
    fn resolve(&self, query: &str) -> Result<String, String> {
        let known = |id: &str| {
            self.line(id).is_some()
                || self.snapshot_for(id).is_some()
                || self.base_line(id).is_some()
        };
        if known(query) {
            return Ok(query.to_string());
        }
        let root = self
            .module
            .structs
            .first()
            .map_or("", |s| s.element.as_str());
        let prefixed = format!("{root}.{query}");
        if !query.starts_with(&format!("{root}.")) && known(&prefixed) {
            return Ok(prefixed);
        }
        let mut ids: BTreeSet<&str> = self
            .entries
            .iter()
            .map(|e| e.line.element.as_str())
            .collect();
        if let Some(snapshot) = &self.sd.snapshot {
            ids.extend(snapshot.iter().map(|e| e.id.as_deref().unwrap_or(&e.path)));
        }
        let close = close_matches(query, ids, |id| {
            id.rsplit('.').next().unwrap_or(id).to_string()
        });
        Err(format!(
            "no element '{query}' in {} ({}){}",
            self.module.url,
            self.module.name,
            suggestion(&close)
        ))
    }

    /// Adds a line for every member of `s`, standing for element `at` of this profile,
    /// and for the members of the structs its fields hold.
    fn walk(&mut self, s: &'l PStruct, at: &str, main: bool, open: &mut Vec<String>) {
        let owner = s.name.as_str();
        for member in &s.members {
            match member {
                Member::Field(f) => {
                    let element = rebase(&f.element, &s.element, at);
                    let line = self.field_line(s, f, &element, Vec::new());
                    self.entries.push(Entry::field(line, main, &f.ty));
                    self.descend(&f.ty, &element, open);
                }
                Member::Sliced(sl) => {
                    let sliced = rebase(&sl.element, &s.element, at);
                    for slice in &sl.slices {
                        let matched = format!(
                            "slice `{}` of `{sliced}`, matched by {}",
                            slice.name,
                            slice.matcher.describe()
                        );
                        match &slice.field {
                            Some(f) => {
                                let element = rebase(&f.element, &s.element, at);
                                let rule = Rule {
                                    kind: RuleKind::Slice,
                                    text: matched,
                                };
                                let line = self.field_line(s, f, &element, vec![rule]);
                                self.entries.push(Entry::field(line, main, &f.ty));
                                self.descend(&f.ty, &element, open);
                            }
                            None => {
                                let line = ElementLine {
                                    element: format!("{sliced}:{}", slice.name),
                                    item: None,
                                    rust_type: None,
                                    bounds: Some("0..0".to_string()),
                                    rules: vec![Rule {
                                        kind: RuleKind::ForbiddenSlice,
                                        text: format!(
                                            "{matched}; max 0: no field, an item that matches is a violation"
                                        ),
                                    }],
                                    constrained: true,
                                };
                                self.entries.push(Entry::new(line, main));
                            }
                        }
                    }
                    let names: Vec<String> =
                        sl.slices.iter().map(|x| format!("`{}`", x.name)).collect();
                    match &sl.rest {
                        Rest::Open(f) => {
                            let rule = Rule {
                                kind: RuleKind::Remainder,
                                text: format!(
                                    "the items of `{sliced}` that no slice ({}) matches (open slicing, {} in all)",
                                    names.join(", "),
                                    sl.bounds
                                ),
                            };
                            let line = self.field_line(s, f, &sliced, vec![rule]);
                            self.entries.push(Entry::field(line, main, &f.ty));
                        }
                        Rest::Closed => {
                            let line = ElementLine {
                                element: sliced.clone(),
                                item: None,
                                rust_type: None,
                                bounds: Some(sl.bounds.to_string()),
                                rules: vec![Rule {
                                    kind: RuleKind::Remainder,
                                    text: format!(
                                        "closed slicing: an item that no slice ({}) matches is a violation; no remainder field",
                                        names.join(", ")
                                    ),
                                }],
                                constrained: true,
                            };
                            self.entries.push(Entry::new(line, main));
                        }
                    }
                }
                Member::Fixed(fe) => {
                    let line = ElementLine {
                        element: rebase(&fe.element, &s.element, at),
                        item: None,
                        rust_type: None,
                        bounds: None,
                        rules: vec![Rule {
                            kind: RuleKind::Fixed,
                            text: format!(
                                "fixed to '{}': no field; written on output, checked on input (constant `{MODULE}::{owner}::{}`)",
                                fe.value.literal.text(),
                                fe.value.constant
                            ),
                        }],
                        constrained: true,
                    };
                    self.entries.push(Entry::new(line, main));
                }
                Member::Removed(r) => {
                    let line = ElementLine {
                        element: rebase(&r.element, &s.element, at),
                        item: None,
                        rust_type: None,
                        bounds: Some("0..0".to_string()),
                        rules: vec![Rule {
                            kind: RuleKind::Removed,
                            text: format!(
                                "removed (max 0): no field; base field `stu3::{}::{}` must be absent",
                                s.base, r.base_field
                            ),
                        }],
                        constrained: true,
                    };
                    self.entries.push(Entry::new(line, main));
                }
            }
        }
    }

    /// Walks the structs type `ty` of the field at `element` holds.
    fn descend(&mut self, ty: &'l PType, element: &str, open: &mut Vec<String>) {
        for t in ty.walk() {
            match t {
                PType::Struct(StructRef::Nested(n)) => {
                    if let Some(s) = self.module.structs.iter().find(|s| &s.name == n) {
                        self.walk_struct(s, element, open);
                    }
                }
                PType::Struct(StructRef::Shared(n)) => {
                    if let Some(s) = self
                        .lowered
                        .profiles
                        .shared
                        .iter()
                        .find(|s| &s.def.name == n)
                    {
                        // The place it stands for here: the element itself, or, for a
                        // choice, its type slice (`Observation.valueQuantity:valueQuantity`).
                        let stem = element.trim_end_matches("[x]");
                        let at = s
                            .used_by
                            .iter()
                            .filter(|u| u.profile == self.module.url)
                            .map(|u| u.element.as_str())
                            .find(|u| *u == element || (stem != element && is_type_slice(u, stem)))
                            .unwrap_or(element)
                            .to_string();
                        self.walk_struct(&s.def, &at, open);
                    }
                }
                PType::Choice(n) => {
                    let Some(c) = self.module.choices.iter().find(|c| &c.name == n) else {
                        continue;
                    };
                    for v in &c.variants {
                        self.descend(&v.ty, element, open);
                    }
                }
                _ => {}
            }
        }
    }

    /// A struct of this module stands for its own element (a choice's type slice, say,
    /// below the choice); a shared struct for the element that uses it.
    fn walk_struct(&mut self, s: &'l PStruct, element: &str, open: &mut Vec<String>) {
        if open.contains(&s.name) {
            return;
        }
        let at = if self.module.structs.iter().any(|m| std::ptr::eq(m, s)) {
            s.element.clone()
        } else {
            element.to_string()
        };
        open.push(s.name.clone());
        self.walk(s, &at, false, open);
        open.pop();
    }

    fn field_line(
        &self,
        s: &PStruct,
        f: &'l PField,
        element: &str,
        mut rules: Vec<Rule>,
    ) -> ElementLine {
        let base_field = self
            .base_structs
            .get(s.base.as_str())
            .and_then(|b| b.fields.iter().find(|bf| bf.name == f.base_field));
        if let Some(bf) = base_field
            && bf.bounds != f.bounds
        {
            rules.push(Rule {
                kind: RuleKind::Cardinality,
                text: format!("{} narrowed from the base's {}", f.bounds, bf.bounds),
            });
        }
        rules.extend(self.type_rules(f, element, base_field));
        let constrained = match base_field {
            Some(bf) => {
                f.bounds != bf.bounds
                    || f.ty
                        != (PType::Base {
                            ty: bf.ty.clone(),
                            boxed: bf.boxed,
                        })
            }
            None => true,
        };
        ElementLine {
            element: element.to_string(),
            item: Some(format!("{MODULE}::{}::{}", s.name, f.name)),
            // As the emitter writes it; an IR the emitter would reject says so.
            rust_type: Some(
                crate::emit::profile::field_type_text(&self.lowered.profiles, f)
                    .unwrap_or_else(|e| e.to_string()),
            ),
            bounds: Some(f.bounds.to_string()),
            rules,
            constrained,
        }
    }

    /// What each layer of the field's type says, outermost first, and why a binding did
    /// not become an enum.
    fn type_rules(&self, f: &PField, element: &str, base_field: Option<&Field>) -> Vec<Rule> {
        let layer = &self.lowered.profiles;
        let mut rules = Vec::new();
        let mut typed_by_value_set = false;
        for t in f.ty.walk() {
            let (kind, text) = match t {
                PType::Base { ty, boxed } => {
                    let mut ty = base_type(ty);
                    if *boxed {
                        ty = format!("Box<{ty}>");
                    }
                    (RuleKind::BaseType, format!("the base type `{ty}` is kept"))
                }
                PType::Struct(StructRef::Nested(n)) => (
                    RuleKind::NestedStruct,
                    format!(
                        "struct `{MODULE}::{n}` of this module: the profile constrains elements inside `{element}`"
                    ),
                ),
                PType::Struct(StructRef::Shared(n)) => {
                    let uses = layer
                        .shared
                        .iter()
                        .find(|s| &s.def.name == n)
                        .map_or(0, |s| s.used_by.len());
                    (
                        RuleKind::SharedStruct,
                        format!(
                            "shared struct `{MODULE}::{n}`: {uses} places of the profiles constrain their element alike"
                        ),
                    )
                }
                PType::Struct(StructRef::Module(n)) => {
                    let m = layer.modules().find(|m| &m.name == n);
                    let url = m.map_or("?", |m| m.url.as_str());
                    let what = match m.map(|m| &m.kind) {
                        Some(ProfileKind::Extension) => "extension definition",
                        _ => "type profile",
                    };
                    (
                        RuleKind::ProfileType,
                        format!("the {what} {url}: its module's type `{MODULE}::{n}`"),
                    )
                }
                PType::Code { value_set, .. }
                | PType::Concept(value_set)
                | PType::Coding(value_set) => {
                    typed_by_value_set = true;
                    let held = match t {
                        PType::Concept(_) => "a CodeableConcept with a coding of",
                        PType::Coding(_) => "a Coding of",
                        _ => "a code of",
                    };
                    let e = layer.code_enum(value_set);
                    (
                        RuleKind::ClosedEnum,
                        format!(
                            "closed enum `{MODULE}::codes::{}` ({} codes) of required value set {value_set}: {held} the value set",
                            e.map_or("?", |e| e.name.as_str()),
                            e.map_or(0, |e| e.variants.len())
                        ),
                    )
                }
                PType::Ref { targets, .. } => {
                    let set = layer.targets.iter().find(|s| &s.name == targets);
                    let implementors = set
                        .map(|s| {
                            s.implementors
                                .iter()
                                .map(|i| match &i.ty {
                                    TargetType::Profile(p) => format!("{MODULE}::{p}"),
                                    TargetType::Base(b) => format!("stu3::{b}"),
                                })
                                .collect::<Vec<_>>()
                                .join(", ")
                        })
                        .unwrap_or_default();
                    let types = set.map(|s| s.types.join(", ")).unwrap_or_default();
                    (
                        RuleKind::TypedReference,
                        format!(
                            "typed reference to targets marker `{MODULE}::targets::{targets}`: {types} (implemented by {implementors})"
                        ),
                    )
                }
                PType::Choice(n) => {
                    let c = self.module.choices.iter().find(|c| &c.name == n);
                    let variants = c
                        .map(|c| {
                            c.variants
                                .iter()
                                .map(|v| v.name.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        })
                        .unwrap_or_default();
                    let base = c.map_or("?", |c| c.base.as_str());
                    (
                        RuleKind::NarrowedChoice,
                        format!(
                            "narrowed choice `{MODULE}::{n}` with variants {variants} (of `stu3::{base}`)"
                        ),
                    )
                }
                PType::ChoiceOnly {
                    base_enum, variant, ..
                } => (
                    RuleKind::SingleChoice,
                    format!(
                        "one type left of the choice: variant `{variant}` of `stu3::{base_enum}`, held as its type"
                    ),
                ),
                PType::Fixed(v) => (
                    RuleKind::Fixed,
                    format!(
                        "optional, fixed to '{}': present or absent, never another value (constant `{}`)",
                        v.literal.text(),
                        v.constant
                    ),
                ),
                PType::MaxLength { max, .. } => (
                    RuleKind::MaxLength,
                    format!("at most {max} characters (maxLength)"),
                ),
                PType::Unboxed(_) => continue,
            };
            rules.push(Rule { kind, text });
        }
        if !typed_by_value_set && let Some(rule) = self.binding_fallback(f, element, base_field) {
            rules.push(rule);
        }
        rules
    }

    /// Why the binding of the element (as its snapshot states it) did not make the field
    /// an enum; `None` when it has no binding.
    fn binding_fallback(
        &self,
        f: &PField,
        element: &str,
        base_field: Option<&Field>,
    ) -> Option<Rule> {
        let def = self.snapshot_for(element)?;
        let element = def.id.as_deref().unwrap_or(element);
        let b = def.binding.as_ref()?;
        let rule = |text: String| {
            Some(Rule {
                kind: RuleKind::BindingFallback,
                text,
            })
        };
        let Some(vs) = b.value_set.as_deref() else {
            return rule(format!(
                "{} binding that names no value set: nothing to type",
                b.strength
            ));
        };
        match BindingStrength::from_code(&b.strength) {
            Some(BindingStrength::Required) => {}
            Some(BindingStrength::Extensible) => {
                return rule(format!(
                    "extensible binding to {vs}: codes outside the value set are allowed, so the field keeps the base type"
                ));
            }
            Some(s @ (BindingStrength::Preferred | BindingStrength::Example)) => {
                return rule(format!(
                    "{} binding to {vs}: the value set is only a suggestion, so the field keeps the base type",
                    s.code()
                ));
            }
            None => {
                return rule(format!(
                    "binding strength '{}' to {vs} is not one the generator knows: the field keeps the base type",
                    b.strength
                ));
            }
        }
        let at_element: Vec<&Diagnostic> = self
            .lowered
            .diagnostics
            .iter()
            .filter(|d| {
                d.location.url.as_deref() == Some(self.module.url.as_str())
                    && d.location.element.as_deref() == Some(element)
            })
            .collect();
        let diag = |kind: DiagnosticKind| at_element.iter().find(|d| d.kind == kind);
        if let Some(d) = diag(DiagnosticKind::UnenumerableValueSet) {
            let constant = self
                .module
                .binding_consts
                .iter()
                .find(|c| c.element == element)
                .map(|c| {
                    format!(
                        "; its URL is the constant `{MODULE}::{}::{}`",
                        self.module.name, c.name
                    )
                })
                .unwrap_or_default();
            return rule(format!(
                "required binding to {vs}, which cannot be enumerated ({}): base type kept{constant}",
                d.message
                    .split_once("cannot be listed (")
                    .and_then(|(_, r)| r.rsplit_once("); "))
                    .map_or(d.message.as_str(), |(why, _)| why)
            ));
        }
        if diag(DiagnosticKind::UnresolvedBinding).is_some() {
            return rule(format!(
                "required binding to {vs}, which no package contains (unresolved-binding): base type kept"
            ));
        }
        if let Some(d) = diag(DiagnosticKind::UnsupportedConstraint) {
            return rule(format!(
                "required binding to {vs} not typed (unsupported-constraint: {})",
                d.message
            ));
        }
        let base_ty = base_field.map(|bf| &bf.ty);
        let same_as_base = base_field
            .and_then(|bf| bf.binding.as_ref())
            .is_some_and(|bb| {
                bb.strength == BindingStrength::Required
                    && crate::lower::unversioned(&bb.value_set) == crate::lower::unversioned(vs)
            });
        let bindable = match base_ty {
            Some(FieldType::Code { .. } | FieldType::Primitive(crate::ir::Primitive::Code)) => true,
            Some(FieldType::Complex(t)) => t == "CodeableConcept" || t == "Coding",
            _ => false,
        };
        if same_as_base {
            let held = match base_ty {
                Some(FieldType::Code { enum_name }) => {
                    format!("the base type's enum `stu3::codes::{enum_name}` already holds it")
                }
                _ => "the base layer types it as it does".to_string(),
            };
            return Some(Rule {
                kind: RuleKind::BaseBinding,
                text: format!("required binding to {vs}, the base's own: {held}"),
            });
        }
        if !bindable {
            let ty = base_ty.map_or("?".to_string(), base_type);
            return rule(format!(
                "required binding to {vs} on an element of type `{ty}`: only code, Coding and CodeableConcept elements are typed by their value set"
            ));
        }
        if matches!(f.ty, PType::Struct(_)) {
            return rule(format!(
                "required binding to {vs}: the element is a struct of its own, which checks the elements inside, not the binding"
            ));
        }
        rule(format!("required binding to {vs}: base type kept"))
    }
}

/// A base layer type as generated code writes it, without `crate::`.
fn base_type(ty: &FieldType) -> String {
    tidy(&crate::emit::value_type(ty).to_string())
}

/// The field's container around its item type.
fn container(c: Cardinality, item: &str) -> String {
    match c {
        Cardinality::Required => item.to_string(),
        Cardinality::Optional => format!("Option<{item}>"),
        Cardinality::Many => format!("Vec<{item}>"),
        Cardinality::NonEmpty => format!("rt::profile::NonEmpty<{item}>"),
    }
}

/// A token stream's text as code is written: `crate :: rt :: Primitive < String >` →
/// `rt::Primitive<String>`.
fn tidy(tokens: &str) -> String {
    crate::emit::profile::tokens_text(tokens)
}

/// Candidates that look like `query`: the same last segment (by `key`), one containing the
/// other, or a few edits apart; at most ten, sorted.
fn close_matches<'c>(
    query: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    key: impl Fn(&str) -> String,
) -> Vec<String> {
    let q = key(query).to_lowercase();
    let q_name = q.split(':').next().unwrap_or(&q).to_string();
    let q_slice = q.split_once(':').map(|(_, s)| s.to_string());
    let mut found: BTreeSet<String> = BTreeSet::new();
    for c in candidates {
        let k = key(c).to_lowercase();
        let name = k.split(':').next().unwrap_or(&k);
        let slice = k.split_once(':').map(|(_, s)| s);
        let alike = k == q
            || (!q_name.is_empty() && name == q_name)
            || (q_slice.is_some() && slice == q_slice.as_deref())
            || (q.len() >= 4 && (k.contains(&q) || q.contains(&k) && k.len() >= 4))
            || edits(&k, &q) <= 2.max(q.len() / 5);
        if alike {
            found.insert(c.to_string());
        }
    }
    found.into_iter().take(10).collect()
}

fn suggestion(close: &[String]) -> String {
    match close {
        [] => String::new(),
        c => format!("; did you mean: {}", c.join(", ")),
    }
}

/// Levenshtein distance.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_writes_paths_as_code_does() {
        assert_eq!(
            tidy("crate :: rt :: Primitive < crate :: stu3 :: codes :: AdministrativeGender >"),
            "rt::Primitive<stu3::codes::AdministrativeGender>"
        );
        assert_eq!(
            tidy("crate :: rt :: Primitive < :: core :: num :: NonZeroU32 >"),
            "rt::Primitive<::core::num::NonZeroU32>"
        );
    }

    #[test]
    fn ids_nest_by_slice_then_segment() {
        assert_eq!(
            parent_id("Patient.identifier:nhsNumber.system"),
            Some("Patient.identifier:nhsNumber")
        );
        assert_eq!(
            parent_id("Patient.identifier:nhsNumber"),
            Some("Patient.identifier")
        );
        assert_eq!(parent_id("Patient"), None);
        assert!(is_within(
            "Patient.identifier:nhsNumber",
            "Patient.identifier"
        ));
        assert!(!is_within("Patient.identifierX", "Patient.identifier"));
    }

    #[test]
    fn shared_ids_move_under_their_use() {
        assert_eq!(
            rebase(
                "Observation.code.coding:snomed.code",
                "Observation.code.coding:snomed",
                "Condition.code.coding:snomed"
            ),
            "Condition.code.coding:snomed.code"
        );
        assert_eq!(rebase("A.bc", "A.b", "X"), "A.bc");
    }
}
