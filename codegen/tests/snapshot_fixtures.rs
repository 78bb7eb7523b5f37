//! Snapshot generation on the small hand-written definitions in
//! `definitions/fixtures/snapshot/`: a miniature core (`core-*.json`: Observation, Identifier,
//! CodeableConcept, Coding, Extension, with snapshots, at the core URLs) and differential-only
//! profiles and an extension definition on it. Needs nothing outside the repository.

use std::path::{Path, PathBuf};

use careconnect_codegen::diag::{Diagnostic, DiagnosticKind, Severity};
use careconnect_codegen::load::model::{ElementDefinition, Registry, StructureDefinition};
use careconnect_codegen::load::{Resource, load_file};
use careconnect_codegen::snapshot::{generate_snapshots, snapshot_of};

const EXAMPLE: &str = "https://example.org/fhir/StructureDefinition/";

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../definitions/fixtures/snapshot")
}

/// Every fixture, loaded into one registry (no snapshots generated yet).
fn registry() -> Registry {
    let mut registry = Registry::default();
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .unwrap_or_else(|e| panic!("{}: {e}", fixtures_dir().display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    files.sort();
    for path in files {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = Path::new("fixtures").join(path.file_name().unwrap_or_default());
        match load_file(&name, &bytes, "fixtures") {
            Ok((Some(Resource::StructureDefinition(sd)), _)) => {
                registry.structure_definitions.insert(sd.url.clone(), sd);
            }
            Ok(_) => panic!("{}: not a StructureDefinition", path.display()),
            Err(e) => panic!("{e}"),
        }
    }
    registry
}

/// The fixtures with every snapshot generated, and the diagnostics of that run.
fn generated() -> (Registry, Vec<Diagnostic>) {
    let mut registry = registry();
    let diagnostics = generate_snapshots(&mut registry);
    (registry, diagnostics)
}

fn snapshot<'r>(registry: &'r Registry, name: &str) -> &'r [ElementDefinition] {
    registry.structure_definitions[&format!("{EXAMPLE}{name}")]
        .snapshot
        .as_deref()
        .unwrap_or_else(|| panic!("{name}: no snapshot"))
}

fn about<'d>(diagnostics: &'d [Diagnostic], name: &str) -> Vec<&'d Diagnostic> {
    let url = format!("{EXAMPLE}{name}");
    diagnostics
        .iter()
        .filter(|d| d.location.url.as_deref() == Some(url.as_str()))
        .collect()
}

/// One line per element: `id min..max types [slicing] = fixed`.
fn outline(elements: &[ElementDefinition]) -> Vec<String> {
    elements
        .iter()
        .map(|e| {
            let mut line = format!(
                "{} {}..{}",
                e.id.as_deref().unwrap_or("?"),
                e.min.map_or("?".into(), |m| m.to_string()),
                e.max.as_deref().unwrap_or("?")
            );
            let types: Vec<String> = e
                .types
                .iter()
                .map(|t| {
                    let code = t.code.clone().unwrap_or_default();
                    match &t.profile {
                        Some(p) => format!("{code}({})", p.rsplit('/').next().unwrap_or(p)),
                        None => code,
                    }
                })
                .collect();
            if !types.is_empty() {
                line.push(' ');
                line.push_str(&types.join("|"));
            }
            if let Some(slicing) = &e.slicing {
                let discriminators: Vec<String> = slicing
                    .discriminators
                    .iter()
                    .map(|d| format!("{}:{}", d.kind, d.path))
                    .collect();
                line.push_str(&format!(
                    " [sliced {} {}]",
                    discriminators.join(","),
                    slicing.rules.as_deref().unwrap_or("?")
                ));
            }
            if let Some(fixed) = &e.fixed
                && let careconnect_codegen::load::model::Value::Primitive {
                    value: Some(value), ..
                } = &fixed.value
            {
                line.push_str(&format!(" = {value}"));
            }
            line
        })
        .collect()
}

/// The outline lines whose id starts with `prefix`.
fn outline_of(elements: &[ElementDefinition], prefix: &str) -> Vec<String> {
    outline(elements)
        .into_iter()
        .filter(|line| line.starts_with(prefix))
        .collect()
}

#[test]
fn constraint_on_a_datatype_child_expands_codeable_concept_then_coding() {
    let (registry, diagnostics) = generated();
    assert_eq!(
        about(&diagnostics, "CodingSystemFixed"),
        Vec::<&Diagnostic>::new()
    );
    let elements = snapshot(&registry, "CodingSystemFixed");
    assert_eq!(
        outline(elements),
        [
            "Observation 0..*",
            "Observation.extension 0..* Extension",
            "Observation.identifier 0..* Identifier",
            "Observation.code 1..1 CodeableConcept",
            "Observation.code.extension 0..* Extension [sliced value:url open]",
            "Observation.code.coding 0..* Coding",
            "Observation.code.coding.id 0..1 string",
            "Observation.code.coding.extension 0..* Extension [sliced value:url open]",
            "Observation.code.coding.system 1..1 uri = http://snomed.info/sct",
            "Observation.code.coding.code 0..1 code",
            "Observation.code.text 0..1 string",
            "Observation.value[x] 0..1 Quantity|CodeableConcept|string",
            "Observation.referenceRange 0..* BackboneElement",
            "Observation.referenceRange.text 0..1 string",
            "Observation.component 0..* BackboneElement",
            "Observation.component.code 1..1 CodeableConcept",
            "Observation.component.referenceRange 0..*",
        ]
    );
    let system = &elements[8];
    assert_eq!(system.path, "Observation.code.coding.system");
    let base = system.base.as_ref().expect("base recorded");
    assert_eq!(
        (base.path.as_str(), base.min, base.max.as_str()),
        ("Coding.system", 0, "1")
    );
    // The base's binding stays on the element the datatype was expanded under.
    assert!(elements[3].binding.is_some());
}

#[test]
fn identifier_slice_follows_the_sliced_element_with_its_own_children() {
    let (registry, diagnostics) = generated();
    assert_eq!(
        about(&diagnostics, "IdentifierSlice"),
        Vec::<&Diagnostic>::new()
    );
    let elements = snapshot(&registry, "IdentifierSlice");
    assert_eq!(
        outline_of(elements, "Observation.identifier"),
        [
            "Observation.identifier 0..* Identifier [sliced value:system open]",
            "Observation.identifier:nhsNumber 0..1 Identifier",
            "Observation.identifier:nhsNumber.system 1..1 uri = https://fhir.nhs.uk/Id/nhs-number",
            "Observation.identifier:nhsNumber.value 0..1 string",
        ]
    );
    let slice = &elements[3];
    assert_eq!(
        (slice.path.as_str(), slice.slice_name.as_deref()),
        ("Observation.identifier", Some("nhsNumber"))
    );
    assert_eq!(elements[4].path, "Observation.identifier.system");
}

#[test]
fn profile_on_a_differential_only_profile_refines_its_slices_and_appends_new_ones() {
    let (registry, diagnostics) = generated();
    assert_eq!(
        about(&diagnostics, "IdentifierSliceDerived"),
        Vec::<&Diagnostic>::new()
    );
    assert_eq!(
        outline_of(
            snapshot(&registry, "IdentifierSliceDerived"),
            "Observation.identifier"
        ),
        [
            "Observation.identifier 0..* Identifier [sliced value:system closed]",
            "Observation.identifier:nhsNumber 1..1 Identifier",
            "Observation.identifier:nhsNumber.system 1..1 uri = https://fhir.nhs.uk/Id/nhs-number",
            "Observation.identifier:nhsNumber.value 0..1 string",
            "Observation.identifier:local 0..* Identifier",
            "Observation.identifier:local.system 0..1 uri = https://example.org/local",
            "Observation.identifier:local.value 0..1 string",
        ]
    );
}

#[test]
fn extension_slice_takes_its_definition_and_is_inlined_inside_a_datatype() {
    let (registry, diagnostics) = generated();
    assert_eq!(
        about(&diagnostics, "ExtensionSlice"),
        Vec::<&Diagnostic>::new()
    );
    // The extension definition ships only a differential: its snapshot is generated first.
    assert_eq!(
        outline(snapshot(&registry, "Extension-Weight")),
        [
            "Extension 0..1",
            "Extension.id 0..1 string",
            "Extension.extension 0..* Extension [sliced value:url open]",
            "Extension.url 1..1 uri = https://example.org/fhir/StructureDefinition/Extension-Weight",
            "Extension.valueString 1..1 string",
        ]
    );
    let elements = snapshot(&registry, "ExtensionSlice");
    // On the resource, the slice is implicitly sliced by url and not walked into.
    assert_eq!(
        outline_of(elements, "Observation.extension"),
        [
            "Observation.extension 0..* Extension [sliced value:url open]",
            "Observation.extension:weight 0..1 Extension(Extension-Weight)",
        ]
    );
    // Inside Coding (whose extension is sliced already) the definition's internals are
    // copied under the new slice, as the IG Publisher does; the slice's cardinality is the
    // definition root's (0..1), not Coding.extension's (0..*).
    assert_eq!(
        outline_of(elements, "Observation.code.coding.extension"),
        [
            "Observation.code.coding.extension 0..* Extension [sliced value:url open]",
            "Observation.code.coding.extension:weight 0..1 Extension(Extension-Weight)",
            "Observation.code.coding.extension:weight.id 0..1 string",
            "Observation.code.coding.extension:weight.extension 0..* Extension [sliced value:url open]",
            "Observation.code.coding.extension:weight.url 1..1 uri = https://example.org/fhir/StructureDefinition/Extension-Weight",
            "Observation.code.coding.extension:weight.valueString 1..1 string",
        ]
    );
    assert_eq!(
        outline_of(elements, "Observation.code.coding.code"),
        ["Observation.code.coding.code 1..1 code"]
    );
}

#[test]
fn renamed_choice_slice_narrows_value_x_and_expands_its_type() {
    let (registry, diagnostics) = generated();
    assert_eq!(
        about(&diagnostics, "ChoiceSlice"),
        Vec::<&Diagnostic>::new()
    );
    let elements = snapshot(&registry, "ChoiceSlice");
    assert_eq!(
        outline_of(elements, "Observation.value"),
        [
            "Observation.valueCodeableConcept:valueCodeableConcept 0..1 CodeableConcept",
            "Observation.valueCodeableConcept:valueCodeableConcept.extension 0..* Extension [sliced value:url open]",
            "Observation.valueCodeableConcept:valueCodeableConcept.coding 1..1 Coding",
            "Observation.valueCodeableConcept:valueCodeableConcept.text 0..1 string",
        ]
    );
    let choice = elements
        .iter()
        .find(|e| e.slice_name.as_deref() == Some("valueCodeableConcept"))
        .expect("the renamed choice");
    assert_eq!(choice.path, "Observation.valueCodeableConcept");
    assert_eq!(
        choice.base.as_ref().map(|b| b.path.as_str()),
        Some("Observation.value[x]")
    );
}

#[test]
fn content_reference_is_expanded_from_the_referenced_element() {
    let (registry, diagnostics) = generated();
    assert_eq!(
        about(&diagnostics, "ContentReference"),
        Vec::<&Diagnostic>::new()
    );
    let elements = snapshot(&registry, "ContentReference");
    assert_eq!(
        outline_of(elements, "Observation.component.referenceRange"),
        [
            "Observation.component.referenceRange 0..* BackboneElement",
            "Observation.component.referenceRange.text 1..1 string",
        ]
    );
    assert_eq!(elements[elements.len() - 2].content_reference, None);
}

#[test]
fn unresolvable_profile_is_a_diagnostic_and_the_base_extension_is_used() {
    let (registry, diagnostics) = generated();
    let found: Vec<(DiagnosticKind, Severity, Option<&str>)> =
        about(&diagnostics, "UnresolvableProfile")
            .iter()
            .map(|d| (d.kind, d.severity, d.location.element.as_deref()))
            .collect();
    assert_eq!(
        found,
        [
            (
                DiagnosticKind::UnresolvedProfile,
                Severity::Warning,
                Some("Observation.extension:lost")
            ),
            (
                DiagnosticKind::UnmatchedDifferential,
                Severity::Warning,
                Some("Observation.status")
            ),
        ],
        "{diagnostics:#?}"
    );
    assert!(
        about(&diagnostics, "UnresolvableProfile")[0]
            .message
            .contains("https://example.org/fhir/StructureDefinition/Nowhere")
    );
    assert_eq!(
        outline_of(
            snapshot(&registry, "UnresolvableProfile"),
            "Observation.extension:lost"
        ),
        [
            "Observation.extension:lost 0..* Extension(Nowhere)",
            "Observation.extension:lost.id 0..1 string",
            "Observation.extension:lost.extension 0..* Extension [sliced value:url open]",
            "Observation.extension:lost.url 1..1 uri = https://example.org/fhir/StructureDefinition/Nowhere",
            "Observation.extension:lost.value[x] 0..1 string|Coding|CodeableConcept",
        ]
    );
}

#[test]
fn unresolvable_base_leaves_no_snapshot_and_says_why() {
    let (registry, diagnostics) = generated();
    let found = about(&diagnostics, "MissingBase");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].kind, DiagnosticKind::UnresolvedBase);
    assert!(found[0].message.contains("NotLoaded"), "{}", found[0]);
    assert!(
        registry.structure_definitions[&format!("{EXAMPLE}MissingBase")]
            .snapshot
            .is_none()
    );

    let sd: &StructureDefinition =
        &registry.structure_definitions[&format!("{EXAMPLE}MissingBase")];
    let error = snapshot_of(&registry, sd).expect_err("no base, no snapshot");
    assert!(error.to_string().contains("NotLoaded"), "{error}");
}

#[test]
fn a_definition_based_on_itself_is_a_diagnostic() {
    let (registry, diagnostics) = generated();
    let found = about(&diagnostics, "BaseCycle");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].kind, DiagnosticKind::UnresolvedBase);
    assert!(
        found[0].message.contains("leads back to itself"),
        "{}",
        found[0]
    );
    assert!(
        registry.structure_definitions[&format!("{EXAMPLE}BaseCycle")]
            .snapshot
            .is_none()
    );
}

#[test]
fn published_snapshots_are_left_untouched() {
    let before = registry();
    let (after, _) = generated();
    for (url, sd) in &before.structure_definitions {
        if sd.snapshot.is_some() {
            assert_eq!(sd, &after.structure_definitions[url], "{url}");
        }
    }
}

#[test]
fn snapshot_of_one_definition_equals_the_batch_result() {
    let plain = registry();
    let (batch, _) = generated();
    for name in ["IdentifierSliceDerived", "ExtensionSlice", "ChoiceSlice"] {
        let sd = &plain.structure_definitions[&format!("{EXAMPLE}{name}")];
        let (elements, diagnostics) = snapshot_of(&plain, sd).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(diagnostics, Vec::new(), "{name}");
        assert_eq!(elements, snapshot(&batch, name), "{name}");
    }
}
