//! The loader on the real packages named by `definitions/sources.toml` (FHIR STU3 core and
//! Care Connect STU3; see `shared/definitions/MANIFEST.md` for what they contain).
//!
//! These tests need the definitions folder. When it is missing they fail, with the message
//! that says where to put it: silently skipping would hide a broken setup.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use careconnect_codegen::diag::{DiagnosticKind, Severity};
use careconnect_codegen::load::model::{Registry, StructureDefinition};
use careconnect_codegen::load::resolve::{ReferenceKind, dangling_references};
use careconnect_codegen::load::{Resource, load, load_file};

const CORE: &str = "fhir-stu3-core";
const CARECONNECT: &str = "careconnect-stu3";
const UK: &str = "https://fhir.hl7.org.uk/STU3/StructureDefinition/";

/// This repository's generator configuration, with the definitions root the environment
/// gives (as the command does).
fn config() -> careconnect_codegen::Config {
    careconnect_codegen::Config::workspace()
        .with_definitions_root(std::env::var_os(careconnect_codegen::load::DEFINITIONS_ENV))
}

fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let sources = config().read_sources().unwrap_or_else(|e| panic!("{e}"));
        let start = std::time::Instant::now();
        let registry = load(&sources).unwrap_or_else(|e| panic!("{e}"));
        eprintln!(
            "loaded in {:?} (a debug build; see examples/load.rs for release timing)",
            start.elapsed()
        );
        registry
    })
}

/// Structure definitions in the registry read from files under `folder`.
fn structure_definitions_in(folder: &str) -> Vec<&'static StructureDefinition> {
    registry()
        .structure_definitions
        .values()
        .filter(|sd| sd.source.file.starts_with(folder))
        .collect()
}

/// The last path segment of a canonical URL.
fn tail(url: &str) -> &str {
    url.rsplit('/').next().unwrap_or(url)
}

#[test]
fn core_package_has_54_types_119_resources_376_extensions() {
    assert_eq!(structure_definitions_in("fhir-stu3-core/types").len(), 54);
    assert_eq!(
        structure_definitions_in("fhir-stu3-core/resources").len(),
        119
    );
    // Five of the 376 core extensions are replaced by Care Connect's copies of the same URL
    // (one DuplicateUrl warning each, naming the core file).
    let kept = structure_definitions_in("fhir-stu3-core/extensions").len();
    let replaced = registry()
        .diagnostics
        .iter()
        .filter(|d| {
            d.kind == DiagnosticKind::DuplicateUrl
                && d.message.contains("fhir-stu3-core/extensions/")
        })
        .count();
    assert_eq!((kept, replaced), (371, 5));
}

#[test]
fn careconnect_package_has_51_profiles_56_extensions_and_5_core_extension_copies() {
    assert_eq!(
        structure_definitions_in("careconnect-stu3/profiles").len(),
        51
    );
    assert_eq!(
        structure_definitions_in("careconnect-stu3/extensions").len(),
        56
    );
    let copies = structure_definitions_in("careconnect-stu3/core-extension-copies");
    let urls: BTreeSet<String> = copies.iter().map(|sd| sd.url.clone()).collect();
    let expected: BTreeSet<String> = [
        "birthPlace",
        "encounter-associatedEncounter",
        "organization-period",
        "patient-birthTime",
        "patient-cadavericDonor",
    ]
    .iter()
    .map(|id| format!("http://hl7.org/fhir/StructureDefinition/{id}"))
    .collect();
    assert_eq!(urls, expected);
    assert_eq!(
        registry().structure_definitions.len(),
        54 + 119 + 371 + 51 + 56 + 5
    );
}

#[test]
fn careconnect_copies_override_core_extensions_with_one_warning_each() {
    let duplicates: Vec<_> = registry()
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::DuplicateUrl)
        .collect();
    assert_eq!(duplicates.len(), 5, "{duplicates:#?}");
    for d in duplicates {
        assert_eq!(d.severity, Severity::Warning);
        assert!(
            d.location
                .file
                .starts_with("careconnect-stu3/core-extension-copies"),
            "{d}"
        );
        let url = d.location.url.as_deref().expect("duplicate names its URL");
        let core_file = format!(
            "fhir-stu3-core/extensions/StructureDefinition-{}.json",
            tail(url)
        );
        assert!(d.message.contains(&core_file), "{d}");
        assert_eq!(
            registry().structure_definitions[url].source.package,
            CARECONNECT
        );
    }
    // Care Connect's encounter-associatedEncounter has a different context than core's.
    let associated = &registry().structure_definitions["http://hl7.org/fhir/StructureDefinition/encounter-associatedEncounter"];
    assert!(
        !associated.context.iter().any(|c| c == "Encounter"),
        "{:?}",
        associated.context
    );
}

/// Value sets and code systems: no URL is declared twice, so the registry holds all of them.
#[test]
fn value_sets_are_1154_plus_75_and_code_systems_941_plus_36() {
    let count = |package: &str, sources: Vec<&careconnect_codegen::load::model::Source>| {
        sources.into_iter().filter(|s| s.package == package).count()
    };
    let value_sets: Vec<_> = registry().value_sets.values().map(|v| &v.source).collect();
    let code_systems: Vec<_> = registry()
        .code_systems
        .values()
        .map(|c| &c.source)
        .collect();
    assert_eq!(
        (
            count(CORE, value_sets.clone()),
            count(CARECONNECT, value_sets)
        ),
        (1154, 75)
    );
    assert_eq!(
        (
            count(CORE, code_systems.clone()),
            count(CARECONNECT, code_systems)
        ),
        (941, 36)
    );
    assert_eq!(
        (registry().value_sets.len(), registry().code_systems.len()),
        (1229, 977)
    );
}

/// Exactly the unresolved references of MANIFEST §1.5 (Care Connect) and §3 (the four
/// non-canonical binding targets in core) are warnings, each at the resources the manifest
/// names. References that only had stray whitespace resolve once trimmed (BodySite-1,
/// ReferralRequest-1) and are not here; external terminologies (bcp13.txt, SNOMED CT) are
/// not reported at all.
#[test]
fn dangling_reference_warnings_are_exactly_those_of_the_manifest() {
    let vital_signs = [
        "BloodPressure",
        "BodyTemperature",
        "HeartRate",
        "OxygenSaturation",
        "RespiratoryRate",
        "VitalSigns",
    ]
    .map(|p| format!("CareConnect-{p}-Observation-1"));
    let mut expected: BTreeMap<(ReferenceKind, &str), BTreeSet<String>> = BTreeMap::new();
    let mut add = |kind, target, users: &[&str]| {
        expected.insert(
            (kind, target),
            users.iter().map(|u| (*u).to_owned()).collect(),
        );
    };
    let vital_signs: Vec<&str> = vital_signs.iter().map(String::as_str).collect();
    add(
        ReferenceKind::Binding,
        "http://hl7.org/fhir/stu3/valueset-observation-vitalsignresult.html",
        &vital_signs,
    );
    add(
        ReferenceKind::Binding,
        "http://hl7.org/fhir/stu3/valueset-ucum-vitals-common.html",
        &["CareConnect-BloodPressure-Observation-1"],
    );
    add(
        ReferenceKind::TargetProfile,
        "https://fhir.hl7.org.uk/StructureDefinition/CareConnect-Observation-1",
        &["CareConnect-BloodPressure-Observation-1"],
    );
    add(
        ReferenceKind::Binding,
        "http://terminology.hl7.org/ValueSet/v2-0916",
        &["Extension-CareConnect-FastingStatus-1"],
    );
    add(
        ReferenceKind::Binding,
        "https://fhir.nhs.uk/STU3/ValueSet/CareConnect-PrescribedElsewhere-1",
        &["Extension-CareConnect-PrescribedElsewhere-1"],
    );
    add(
        ReferenceKind::IncludeSystem,
        "https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-ClinicalDisciplines-1",
        &["CareConnect-ClinicalDisciplines-1"],
    );
    add(
        ReferenceKind::IncludeSystem,
        "https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-ExtendedInterpretationCode-1",
        &["CareConnect-InterpretationCode-1"],
    );
    add(
        ReferenceKind::Binding,
        "http://build.fhir.org/valueset-request-intent.html",
        &["DeviceRequest"],
    );
    add(
        ReferenceKind::Binding,
        "http://www.ebi.ac.uk/",
        &["observation-geneticsAlleleName"],
    );
    add(
        ReferenceKind::Binding,
        "http://www.genenames.org",
        &["observation-geneticsGene"],
    );
    add(
        ReferenceKind::Binding,
        "http://www.ncbi.nlm.nih.gov/clinvar/variation",
        &[
            "observation-geneticsAminoAcidChangeName",
            "observation-geneticsDNASequenceVariantName",
        ],
    );

    let mut found: BTreeMap<(ReferenceKind, &str), BTreeSet<String>> = BTreeMap::new();
    let dangling = dangling_references(registry());
    for d in dangling.iter().filter(|d| d.severity == Severity::Warning) {
        let user = tail(d.location.url.as_deref().unwrap_or_default()).to_owned();
        found
            .entry((d.kind, d.target.as_str()))
            .or_default()
            .insert(user);
    }
    assert_eq!(found, expected);

    // The registry's diagnostics carry the same findings, one per referring element.
    let warnings = registry()
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::DanglingReference && d.severity == Severity::Warning)
        .count();
    assert_eq!(
        warnings,
        dangling
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    );
    assert_eq!(warnings, 21);
    for excluded in [
        "bcp13.txt",
        "snomed.info",
        "loinc.org",
        "unitsofmeasure.org",
        "urn:ietf:bcp",
        "iso:3166",
    ] {
        assert!(
            !registry().diagnostics.iter().any(
                |d| d.kind == DiagnosticKind::DanglingReference && d.message.contains(excluded)
            ),
            "{excluded} is external by design"
        );
    }
}

/// Code systems that are not FHIR resources (RxNorm, CPT, OIDs, ICD-10 and CVX under
/// `http://hl7.org/fhir/sid/`, ...) are notes, not warnings.
#[test]
fn external_code_systems_are_notes() {
    let notes: BTreeSet<String> = dangling_references(registry())
        .iter()
        .filter(|d| d.severity == Severity::Note)
        .map(|d| {
            assert_eq!(d.kind, ReferenceKind::IncludeSystem);
            assert!(
                d.location.file.starts_with("fhir-stu3-core/valuesets"),
                "{:?}",
                d.location
            );
            d.target.clone()
        })
        .collect();
    let expected: BTreeSet<String> = [
        "http://example.com",
        "http://hl7.org/fhir/sid/cvx",
        "http://hl7.org/fhir/sid/icd-10",
        "http://nucc.org/provider-taxonomy",
        "http://unstats.un.org/unsd/methods/m49/m49.htm",
        "http://www.ama-assn.org/go/cpt",
        "http://www.ensembl.org",
        "http://www.ncbi.nlm.nih.gov/nuccore",
        "http://www.nlm.nih.gov/research/umls/rxnorm",
        "https://precision.fda.gov/apps/",
        "https://precision.fda.gov/files/",
        "https://precision.fda.gov/jobs/",
        "https://www.census.gov/geo/reference/",
        "https://www.usps.com/",
        "urn:ietf:rfc:3986",
        "urn:iso:std:iso:11073:10101",
        "urn:oid:1.2.36.1.2001.1005.17",
        "urn:oid:1.3.6.1.4.1.19376.1.2.3",
        "urn:oid:2.16.840.1.113883.3.1937.98.5.8",
        "urn:oid:2.16.840.1.113883.3.26.1.1",
    ]
    .map(String::from)
    .into();
    assert_eq!(notes, expected);
}

/// Whitespace around references (MANIFEST §1.5): trimmed, one warning per element.
#[test]
fn untrimmed_references_are_trimmed_with_warnings() {
    let mut found: BTreeMap<String, usize> = BTreeMap::new();
    for d in registry()
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::UntrimmedUrl)
    {
        assert_eq!(d.severity, Severity::Warning);
        let reference = [
            "CareConnect-BodySite-1 ",
            "CareConnect-ReferralRequest-1 ",
            "vitalsignresult.html ",
        ]
        .into_iter()
        .find(|r| d.message.contains(&format!("{r}\"")))
        .unwrap_or_else(|| panic!("unexpected: {d}"));
        *found.entry(reference.to_owned()).or_default() += 1;
    }
    let expected: BTreeMap<String, usize> = [
        ("CareConnect-BodySite-1 ".to_owned(), 9),
        ("CareConnect-ReferralRequest-1 ".to_owned(), 1),
        ("vitalsignresult.html ".to_owned(), 1),
    ]
    .into();
    assert_eq!(found, expected);
    let referral = &registry().structure_definitions
        [&format!("{UK}CareConnect-BodyTemperature-Observation-1")];
    let targets: Vec<&str> = referral
        .differential
        .iter()
        .flatten()
        .flat_map(|e| &e.types)
        .filter_map(|t| t.target_profile.as_deref())
        .filter(|t| t.contains("ReferralRequest"))
        .collect();
    assert_eq!(targets, [format!("{UK}CareConnect-ReferralRequest-1")]);
}

#[test]
fn the_seven_byte_order_marks_are_noted() {
    let files: BTreeSet<String> = registry()
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::ByteOrderMark)
        .map(|d| {
            assert_eq!(d.severity, Severity::Note);
            d.location.file.to_string_lossy().into_owned()
        })
        .collect();
    let expected: BTreeSet<String> = [
        "profiles/CareConnect-ACVPU-Observation-1.xml",
        "extensions/Extension-CareConnect-AllergyCertainty-1.xml",
        "extensions/Extension-CareConnect-AllergyIntoleranceEndDate-1.xml",
        "extensions/Extension-CareConnect-AllergySeverity-1.xml",
        "extensions/Extension-CareConnect-ConditionRelationship-1.xml",
        "extensions/Extension-CareConnect-ProbabilityOfRecurrence-1.xml",
        "extensions/Extension-coding-sctdescid.xml",
    ]
    .iter()
    .map(|f| format!("{CARECONNECT}/{f}"))
    .collect();
    assert_eq!(files, expected);
}

#[test]
fn the_six_concept_maps_are_skipped() {
    let skipped: Vec<_> = registry()
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::SkippedResource)
        .collect();
    assert_eq!(skipped.len(), 6);
    assert!(
        skipped
            .iter()
            .all(|d| d.location.file.starts_with("careconnect-stu3/conceptmaps"))
    );
}

/// Every diagnostic of the full load, counted by kind and severity. A change here means the
/// inputs or the loader changed: review the new diagnostics (`cargo run --release --example
/// load -- -v`) before updating the numbers.
#[test]
fn diagnostics_by_kind_are_as_reviewed() {
    let mut counts: BTreeMap<(DiagnosticKind, Severity), usize> = BTreeMap::new();
    for d in &registry().diagnostics {
        *counts.entry((d.kind, d.severity)).or_default() += 1;
    }
    let expected: BTreeMap<(DiagnosticKind, Severity), usize> = [
        ((DiagnosticKind::ByteOrderMark, Severity::Note), 7),
        ((DiagnosticKind::UntrimmedUrl, Severity::Warning), 11),
        ((DiagnosticKind::DuplicateUrl, Severity::Warning), 5),
        ((DiagnosticKind::DanglingReference, Severity::Note), 24),
        ((DiagnosticKind::DanglingReference, Severity::Warning), 21),
        ((DiagnosticKind::SkippedResource, Severity::Note), 6),
        // Codes with stray whitespace: "child " and "sibling " in Care Connect's
        // ConditionRelationship-1 code system, and four codes of core's v2 table 0550 that
        // end in a (mis-encoded) non-breaking space, one of which is nothing else.
        ((DiagnosticKind::UnexpectedContent, Severity::Warning), 6),
    ]
    .into();
    assert_eq!(counts, expected);
    let mut sorted = registry().diagnostics.clone();
    sorted.sort_by(|a, b| a.location.cmp(&b.location));
    assert!(
        sorted
            .iter()
            .map(|d| &d.location)
            .eq(registry().diagnostics.iter().map(|d| &d.location)),
        "diagnostics are sorted by location"
    );
}

#[test]
fn careconnect_patient_has_a_differential_and_no_snapshot() {
    let patient = &registry().structure_definitions[&format!("{UK}CareConnect-Patient-1")];
    assert!(patient.snapshot.is_none());
    let differential = patient.differential.as_ref().expect("differential");
    assert!(
        differential
            .iter()
            .any(|e| e.id.as_deref() == Some("Patient.identifier:nhsNumber"))
    );
    assert_eq!(
        patient.base_definition.as_deref(),
        Some("http://hl7.org/fhir/StructureDefinition/Patient")
    );
}

#[test]
fn core_patient_identifier_repeats() {
    let patient =
        &registry().structure_definitions["http://hl7.org/fhir/StructureDefinition/Patient"];
    let snapshot = patient
        .snapshot
        .as_ref()
        .expect("core resources have snapshots");
    let identifier = snapshot
        .iter()
        .find(|e| e.id.as_deref() == Some("Patient.identifier"))
        .expect("Patient.identifier");
    assert_eq!(
        (identifier.min, identifier.max.as_deref()),
        (Some(0), Some("*"))
    );
    assert_eq!(identifier.types[0].code.as_deref(), Some("Identifier"));
}

#[test]
fn every_core_complex_datatype_but_a_constraint_has_its_specification_page() {
    let mut pages: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for sd in structure_definitions_in("fhir-stu3-core/types") {
        if sd.kind == careconnect_codegen::load::model::StructureKind::ComplexType {
            let page = sd.spec_page.as_deref().unwrap_or("-");
            pages.entry(page).or_default().push(&sd.name);
        }
    }
    // SimpleQuantity, a constraint on Quantity, has no narrative of its own.
    assert_eq!(pages["-"], ["SimpleQuantity"]);
    assert_eq!(pages["datatypes-definitions.html"].len(), 20);
    assert!(pages["datatypes-definitions.html"].contains(&"HumanName"));
    assert_eq!(pages["metadatatypes-definitions.html"].len(), 7);
    assert_eq!(pages["resource-definitions.html"], ["Meta"]);
    assert_eq!(pages["references-definitions.html"], ["Reference"]);
    // Resources' narratives link no page of definitions (their page follows their name).
    assert!(
        structure_definitions_in("fhir-stu3-core/resources")
            .iter()
            .all(|sd| sd.spec_page.is_none())
    );
}

#[test]
fn primitive_value_elements_carry_their_json_type() {
    let string =
        &registry().structure_definitions["http://hl7.org/fhir/StructureDefinition/string"];
    let value = string
        .snapshot
        .iter()
        .flatten()
        .find(|e| e.path == "string.value")
        .expect("string.value");
    assert_eq!(
        (
            value.types[0].code.as_deref(),
            value.types[0].json_type.as_deref()
        ),
        (None, Some("string"))
    );
    assert_eq!(value.types[0].xml_type.as_deref(), Some("xsd:string"));
}

/// The IG snapshot renderings are not a package: they are readable one by one (as test
/// oracles for snapshot generation) but never part of the registry.
#[test]
fn ig_snapshot_oracle_reads_alone_and_is_not_in_the_registry() {
    let sources = config().read_sources().unwrap_or_else(|e| panic!("{e}"));
    let relative =
        Path::new("careconnect-stu3-ig-snapshots/StructureDefinition-CareConnect-Patient-1.xml");
    let bytes = std::fs::read(sources.root.join(relative))
        .unwrap_or_else(|e| panic!("{}: {e}", relative.display()));
    let (resource, _) =
        load_file(relative, &bytes, "ig-snapshots").unwrap_or_else(|e| panic!("{e}"));
    let Some(Resource::StructureDefinition(oracle)) = resource else {
        panic!("expected a StructureDefinition")
    };
    assert!(oracle.snapshot.as_ref().is_some_and(|s| s.len() > 100));
    let loaded = &registry().structure_definitions[&oracle.url];
    assert_eq!(
        loaded.source.file,
        Path::new("careconnect-stu3/profiles/CareConnect-Patient-1.xml")
    );
    assert!(
        registry()
            .structure_definitions
            .values()
            .all(|sd| !sd.source.file.starts_with("careconnect-stu3-ig-snapshots"))
    );
}
