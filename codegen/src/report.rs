//! The generation report: what was generated, and every finding about the inputs with its
//! file, canonical URL and element id. `generate` prints the summary; `--report FILE`
//! writes the whole report as Markdown (`.md`) or JSON (`.json`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::diag::{Diagnostic, Severity};
use crate::ir::Model;
use crate::ir::profile::{
    Link, Member, PStruct, PType, ProfileKind, ProfileLayer, ProfileModule, StructRef,
};

/// Counts of what was generated.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub datatypes: usize,
    pub resources: usize,
    pub base_code_enums: usize,
    pub profiles: usize,
    pub extensions: usize,
    /// Profile structs, nested and shared ones included.
    pub profile_structs: usize,
    pub shared_structs: usize,
    /// Non-extension slices that became fields.
    pub slice_fields: usize,
    /// Extension slices that became fields typed by their extension.
    pub extension_slice_fields: usize,
    /// Required bindings that became closed enums (`careconnect::codes`).
    pub profile_code_enums: usize,
    /// Required bindings that kept the base type (value set not listable or not found).
    pub bindings_fallen_back: usize,
    pub typed_reference_fields: usize,
    pub reference_target_sets: usize,
    pub fixed_values: usize,
    pub removed_elements: usize,
    pub fixups: Vec<String>,
}

/// What one profile or extension became, its shared structs included.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ModuleCounts {
    /// The Rust type.
    pub name: String,
    pub url: String,
    /// `profile` or `extension`.
    pub kind: &'static str,
    /// Non-extension slices that became fields.
    pub slices: usize,
    /// Extension slices that became fields typed by their extension.
    pub typed_extensions: usize,
    /// Fields (and choice variants) whose codes are a closed enum of a required binding.
    pub closed_enums: usize,
    pub typed_references: usize,
    pub fixed_values: usize,
    pub removed_elements: usize,
}

impl ModuleCounts {
    /// Counts what `m` became, following its links to shared structs (each once).
    pub fn of(m: &ProfileModule, layer: &ProfileLayer) -> ModuleCounts {
        let mut c = ModuleCounts {
            name: m.name.clone(),
            url: m.url.clone(),
            kind: match m.kind {
                ProfileKind::Extension => "extension",
                ProfileKind::Resource { .. } | ProfileKind::Datatype { .. } => "profile",
            },
            ..ModuleCounts::default()
        };
        let mut seen = std::collections::BTreeSet::new();
        let mut queue: Vec<&PStruct> = m.structs.iter().collect();
        let mut types: Vec<&PType> = m
            .choices
            .iter()
            .flat_map(|ch| ch.variants.iter().map(|v| &v.ty))
            .collect();
        while let Some(s) = queue.pop() {
            for f in s.fields() {
                types.push(&f.ty);
            }
            let members = MemberCounts::of(s);
            c.slices += members.slices;
            c.typed_extensions += members.typed_extensions;
            c.fixed_values += members.fixed;
            c.removed_elements += members.removed;
            for t in std::mem::take(&mut types) {
                for t in t.walk() {
                    match t.link() {
                        Some(Link::ValueSet(_)) => c.closed_enums += 1,
                        Some(Link::Targets(_)) => c.typed_references += 1,
                        Some(Link::Struct(StructRef::Shared(name)))
                            if seen.insert(name.clone()) =>
                        {
                            queue.extend(
                                layer
                                    .shared
                                    .iter()
                                    .filter(|x| &x.def.name == name)
                                    .map(|x| &x.def),
                            );
                        }
                        _ => {}
                    }
                }
            }
        }
        c
    }
}

/// What one struct's members are: slice fields (extension slices typed by their
/// extension counted apart), fixed and removed elements.
#[derive(Default)]
struct MemberCounts {
    slices: usize,
    typed_extensions: usize,
    fixed: usize,
    removed: usize,
}

impl MemberCounts {
    fn of(s: &PStruct) -> MemberCounts {
        let mut c = MemberCounts::default();
        for member in &s.members {
            match member {
                Member::Sliced(sl) => {
                    for f in sl.slices.iter().filter_map(|x| x.field.as_ref()) {
                        let extension = f.base_field.ends_with("extension")
                            && matches!(f.ty, PType::Struct(StructRef::Module(_)));
                        if extension {
                            c.typed_extensions += 1;
                        } else {
                            c.slices += 1;
                        }
                    }
                }
                Member::Fixed(_) => c.fixed += 1,
                Member::Removed(_) => c.removed += 1,
                Member::Field(_) => {}
            }
        }
        c
    }
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub counts: Counts,
    /// Per profile and extension definition, in name order.
    pub modules: Vec<ModuleCounts>,
    /// Diagnostics by kind (`kebab-case` names) and severity.
    pub by_kind: BTreeMap<String, usize>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn new(
        model: &Model,
        layer: &ProfileLayer,
        diagnostics: &[Diagnostic],
        fixups: &[String],
    ) -> Report {
        let mut c = Counts {
            datatypes: model.datatypes.len(),
            resources: model.resources.len(),
            base_code_enums: model.code_enums.len(),
            profiles: layer.profiles.len(),
            extensions: layer.extensions.len(),
            shared_structs: layer.shared.len(),
            profile_code_enums: layer.code_enums.len(),
            reference_target_sets: layer.targets.len(),
            fixups: fixups.to_vec(),
            ..Counts::default()
        };
        let structs = layer
            .modules()
            .flat_map(|m| m.structs.iter())
            .chain(layer.shared.iter().map(|s| &s.def));
        for s in structs {
            c.profile_structs += 1;
            for f in s.fields() {
                if matches!(f.ty, PType::Ref { .. }) {
                    c.typed_reference_fields += 1;
                }
            }
            let members = MemberCounts::of(s);
            c.slice_fields += members.slices;
            c.extension_slice_fields += members.typed_extensions;
            c.fixed_values += members.fixed;
            c.removed_elements += members.removed;
        }
        // Bindings of the profile layer's definitions (the base layer reports its own).
        let profile_urls: std::collections::BTreeSet<&str> =
            layer.modules().map(|m| m.url.as_str()).collect();
        c.bindings_fallen_back = diagnostics
            .iter()
            .filter(|d| {
                matches!(
                    d.kind,
                    crate::diag::DiagnosticKind::UnenumerableValueSet
                        | crate::diag::DiagnosticKind::UnresolvedBinding
                ) && d
                    .location
                    .url
                    .as_deref()
                    .is_some_and(|u| profile_urls.contains(u))
            })
            .count();
        let mut by_kind = BTreeMap::new();
        for d in diagnostics {
            *by_kind
                .entry(format!("{} {}", severity(d.severity), kind_name(d)))
                .or_default() += 1;
        }
        let mut modules: Vec<ModuleCounts> = layer
            .modules()
            .map(|m| ModuleCounts::of(m, layer))
            .collect();
        modules.sort_by(|a, b| a.name.cmp(&b.name));
        Report {
            counts: c,
            modules,
            by_kind,
            diagnostics: diagnostics.to_vec(),
        }
    }

    /// The summary `generate` prints.
    pub fn summary(&self) -> String {
        let c = &self.counts;
        let mut s = format!(
            "base: {} datatypes, {} resources, {} code enums\n\
             profiles: {} profiles, {} extensions, {} structs ({} shared); {} slice fields, \
             {} extension slice fields, {} typed references, {} fixed values, {} removed elements; \
             {} code enums, {} bindings kept their base type\n",
            c.datatypes,
            c.resources,
            c.base_code_enums,
            c.profiles,
            c.extensions,
            c.profile_structs,
            c.shared_structs,
            c.slice_fields,
            c.extension_slice_fields,
            c.typed_reference_fields,
            c.fixed_values,
            c.removed_elements,
            c.profile_code_enums,
            c.bindings_fallen_back,
        );
        let warnings = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        let _ = writeln!(
            s,
            "diagnostics: {} ({warnings} warnings)",
            self.diagnostics.len()
        );
        for (kind, n) in &self.by_kind {
            let _ = writeln!(s, "  {n:>5} {kind}");
        }
        s
    }

    /// The whole report as Markdown.
    pub fn markdown(&self) -> String {
        let mut s = String::from("# careconnect-codegen report\n\n## Generated\n\n");
        s.push_str("```text\n");
        s.push_str(&self.summary());
        s.push_str("```\n");
        s.push_str(
            "\n## Per definition\n\n| type | kind | URL | slices | typed extensions | closed enums | typed references | fixed values | removed elements |\n|---|---|---|---:|---:|---:|---:|---:|---:|\n",
        );
        for m in &self.modules {
            let _ = writeln!(
                s,
                "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} |",
                m.name,
                m.kind,
                m.url,
                m.slices,
                m.typed_extensions,
                m.closed_enums,
                m.typed_references,
                m.fixed_values,
                m.removed_elements
            );
        }
        if !self.counts.fixups.is_empty() {
            s.push_str("\n## Fixups applied\n\n");
            for f in &self.counts.fixups {
                let _ = writeln!(s, "- `{f}`");
            }
        }
        let mut by_kind: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
        for d in &self.diagnostics {
            by_kind.entry(kind_name(d)).or_default().push(d);
        }
        s.push_str("\n## Diagnostics\n");
        for (kind, list) in by_kind {
            let _ = writeln!(
                s,
                "\n### {kind} ({})\n\n| severity | file | URL | element | message |\n|---|---|---|---|---|",
                list.len()
            );
            for d in list {
                let l = &d.location;
                let _ = writeln!(
                    s,
                    "| {} | {}{} | {} | {} | {} |",
                    severity(d.severity),
                    l.file.display(),
                    l.line.map(|n| format!(":{n}")).unwrap_or_default(),
                    l.url.as_deref().unwrap_or(""),
                    l.element.as_deref().unwrap_or(""),
                    d.message.replace('|', "\\|"),
                );
            }
        }
        s
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Note => "note",
        Severity::Warning => "warning",
    }
}

fn kind_name(d: &Diagnostic) -> String {
    serde_json::to_value(d.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
