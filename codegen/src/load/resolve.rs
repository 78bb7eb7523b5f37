//! Checks that every reference between the loaded resources resolves.
//!
//! References checked: `StructureDefinition.baseDefinition`, `type.profile` and
//! `type.targetProfile` (against StructureDefinitions), binding value sets and
//! `ValueSet.compose.include/exclude.valueSet` (against ValueSets) and
//! `include/exclude.system` (against CodeSystems). A `|version` suffix is ignored: the
//! registry holds one version per URL.
//!
//! What does not resolve is reported, not repaired (repairs belong in `fixups`):
//!
//! * references to terminologies that are external by design ([`EXTERNAL`]: SNOMED CT,
//!   LOINC, UCUM, BCP 13/47, ISO 3166, also with a query or sub-path such as SNOMED's implicit
//!   `?fhir_vs=` value sets) are not reported at all;
//! * a missing StructureDefinition or ValueSet is a warning: the generator has to fall back
//!   to something weaker (a base type, an unbound code);
//! * a missing code system is a warning when it lives in a namespace whose code systems are
//!   FHIR resources we should have (`hl7.org.uk`, `fhir.nhs.uk`, `http://hl7.org/fhir/`), and
//!   a note otherwise (RxNorm, CPT, `urn:oid:` systems ... are not published as FHIR
//!   CodeSystems). `http://hl7.org/fhir/sid/...` URLs name *external* code systems (ICD-10,
//!   CVX, NDC) and count as external namespaces, hence notes.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use super::model::{ConceptSet, Registry, StructureDefinition};
use crate::diag::{Diagnostic, DiagnosticKind, Location, Severity};

/// Terminologies referenced by URL that are not FHIR resources and never will be in a
/// package.
pub const EXTERNAL: &[&str] = &[
    "http://snomed.info/sct",
    "http://loinc.org",
    "http://unitsofmeasure.org",
    "urn:ietf:bcp:13",
    "urn:ietf:bcp:47",
    "http://www.rfc-editor.org/bcp/bcp13.txt",
    "urn:iso:std:iso:3166",
];

/// What kind of reference a [`DanglingReference`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReferenceKind {
    BaseDefinition,
    Profile,
    TargetProfile,
    /// An element binding's value set.
    Binding,
    /// `ValueSet.compose.include.system` (or `exclude`).
    IncludeSystem,
    /// `ValueSet.compose.include.valueSet` (or `exclude`).
    IncludeValueSet,
}

impl fmt::Display for ReferenceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ReferenceKind::BaseDefinition => "baseDefinition",
            ReferenceKind::Profile => "type.profile",
            ReferenceKind::TargetProfile => "type.targetProfile",
            ReferenceKind::Binding => "binding value set",
            ReferenceKind::IncludeSystem => "compose include.system",
            ReferenceKind::IncludeValueSet => "compose include.valueSet",
        })
    }
}

/// A reference that names no loaded resource.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DanglingReference {
    /// Where the reference is written (file, URL of the referring resource, element id).
    pub location: Location,
    pub kind: ReferenceKind,
    /// The reference as stored (trimmed).
    pub target: String,
    pub severity: Severity,
}

impl DanglingReference {
    pub fn to_diagnostic(&self) -> Diagnostic {
        let (what, fallback) = match self.kind {
            ReferenceKind::BaseDefinition
            | ReferenceKind::Profile
            | ReferenceKind::TargetProfile => ("StructureDefinition", ""),
            ReferenceKind::Binding | ReferenceKind::IncludeValueSet => ("ValueSet", ""),
            ReferenceKind::IncludeSystem if self.severity == Severity::Note => (
                "CodeSystem",
                " (an external terminology; its codes cannot be checked)",
            ),
            ReferenceKind::IncludeSystem => ("CodeSystem", ""),
        };
        Diagnostic {
            severity: self.severity,
            kind: DiagnosticKind::DanglingReference,
            location: self.location.clone(),
            message: format!(
                "{} {:?}: no {what} with this URL in any package{fallback}",
                self.kind, self.target
            ),
        }
    }
}

/// Every reference in the registry that does not resolve, sorted, one per place it is
/// written (an element's snapshot and differential entries count once).
pub fn dangling_references(registry: &Registry) -> Vec<DanglingReference> {
    let mut out = Found::new();
    for sd in registry.structure_definitions.values() {
        structure_definition(registry, sd, &mut out);
    }
    for vs in registry.value_sets.values() {
        let location = vs.source.location(&vs.url);
        if let Some(compose) = &vs.compose {
            let sets = compose
                .include
                .iter()
                .map(|s| ("include", s))
                .chain(compose.exclude.iter().map(|s| ("exclude", s)));
            for (i, (which, set)) in sets.enumerate() {
                let index = if which == "include" {
                    i
                } else {
                    i - compose.include.len()
                };
                let at = location
                    .clone()
                    .with_element(format!("ValueSet.compose.{which}[{index}]"));
                concept_set(registry, set, &at, &mut out);
            }
        }
    }
    let mut out: Vec<DanglingReference> = out.into_values().collect();
    out.sort();
    out
}

/// Findings keyed by where they are written, ignoring the line: the first one found for a
/// place is kept.
type Found = BTreeMap<
    (
        PathBuf,
        Option<String>,
        Option<String>,
        ReferenceKind,
        String,
    ),
    DanglingReference,
>;

fn push(
    out: &mut Found,
    location: Location,
    kind: ReferenceKind,
    target: &str,
    severity: Severity,
) {
    let key = (
        location.file.clone(),
        location.url.clone(),
        location.element.clone(),
        kind,
        target.to_owned(),
    );
    out.entry(key).or_insert_with(|| DanglingReference {
        location,
        kind,
        target: target.to_owned(),
        severity,
    });
}

fn structure_definition(registry: &Registry, sd: &StructureDefinition, out: &mut Found) {
    let location = sd.source.location(&sd.url);
    let has_sd = |target: &str| {
        registry
            .structure_definitions
            .contains_key(without_version(target))
    };
    let has_vs = |target: &str| registry.value_sets.contains_key(without_version(target));
    if let Some(base) = &sd.base_definition
        && !has_sd(base)
        && !is_external(base)
    {
        push(
            out,
            location.clone(),
            ReferenceKind::BaseDefinition,
            base,
            Severity::Warning,
        );
    }
    // Differential first, so that the line reported is the one the author wrote.
    let elements = sd
        .differential
        .iter()
        .flatten()
        .chain(sd.snapshot.iter().flatten());
    for element in elements {
        let mut at = location
            .clone()
            .with_element(element.id.clone().unwrap_or_else(|| element.path.clone()));
        at.line = element.line;
        for t in &element.types {
            for (kind, target) in [
                (ReferenceKind::Profile, &t.profile),
                (ReferenceKind::TargetProfile, &t.target_profile),
            ] {
                if let Some(target) = target
                    && !has_sd(target)
                    && !is_external(target)
                {
                    push(out, at.clone(), kind, target, Severity::Warning);
                }
            }
        }
        if let Some(target) = element.binding.as_ref().and_then(|b| b.value_set.as_ref())
            && !has_vs(target)
            && !is_external(target)
        {
            push(
                out,
                at.clone(),
                ReferenceKind::Binding,
                target,
                Severity::Warning,
            );
        }
    }
}

fn concept_set(registry: &Registry, set: &ConceptSet, at: &Location, out: &mut Found) {
    if let Some(system) = &set.system
        && !registry.code_systems.contains_key(without_version(system))
        && !is_external(system)
    {
        let severity = if is_fhir_namespace(system) {
            Severity::Warning
        } else {
            Severity::Note
        };
        push(
            out,
            at.clone(),
            ReferenceKind::IncludeSystem,
            system,
            severity,
        );
    }
    for target in &set.value_sets {
        if !registry.value_sets.contains_key(without_version(target)) && !is_external(target) {
            push(
                out,
                at.clone(),
                ReferenceKind::IncludeValueSet,
                target,
                Severity::Warning,
            );
        }
    }
}

/// `url|version` → `url`.
fn without_version(reference: &str) -> &str {
    reference.split_once('|').map_or(reference, |(url, _)| url)
}

/// Whether `reference` names an external-by-design terminology (exactly, or with a query
/// or a sub-path, e.g. `http://snomed.info/sct?fhir_vs=ecl/...`).
pub fn is_external(reference: &str) -> bool {
    let reference = without_version(reference);
    EXTERNAL.iter().any(|e| {
        reference
            .strip_prefix(e)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['?', '/']))
    })
}

/// Whether a code system URL is in a namespace whose code systems are published as FHIR
/// resources (so a missing one is a defect, not an external terminology).
pub fn is_fhir_namespace(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split('/').next().unwrap_or("");
    if host == "hl7.org.uk"
        || host.ends_with(".hl7.org.uk")
        || host == "fhir.nhs.uk"
        || host.ends_with(".fhir.nhs.uk")
    {
        return true;
    }
    rest.starts_with("hl7.org/fhir/") && !rest.starts_with("hl7.org/fhir/sid/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_terminologies_match_with_query_or_subpath_only() {
        assert!(is_external("http://snomed.info/sct"));
        assert!(is_external("http://snomed.info/sct?fhir_vs=ecl/<<123"));
        assert!(is_external("http://loinc.org|2.60"));
        assert!(!is_external("http://snomed.info/sctx"));
        assert!(!is_external("http://hl7.org/fhir/ValueSet/x"));
    }

    #[test]
    fn fhir_namespaces_are_hl7_uk_nhs_and_core_but_not_sid() {
        assert!(is_fhir_namespace(
            "https://fhir.hl7.org.uk/STU3/CodeSystem/X"
        ));
        assert!(is_fhir_namespace("https://fhir.nhs.uk/STU3/CodeSystem/X"));
        assert!(is_fhir_namespace("http://hl7.org/fhir/v2/0203"));
        assert!(!is_fhir_namespace("http://hl7.org/fhir/sid/icd-10"));
        assert!(!is_fhir_namespace(
            "http://www.nlm.nih.gov/research/umls/rxnorm"
        ));
        assert!(!is_fhir_namespace("urn:oid:1.2.3"));
    }
}
