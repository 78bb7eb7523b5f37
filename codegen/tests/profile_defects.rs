//! Profile defects are diagnosed, not crashed on: a profile written to hold one of each
//! (`definitions/fixtures/profile-defects/`) is generated on top of the real core package,
//! and each defect must come out as a diagnostic naming the file, the profile's URL and the
//! element id, in the printed summary and in both report formats.
//!
//! Needs the core definitions under `../shared` (or `CARECONNECT_SHARED`).

use std::path::{Path, PathBuf};

use careconnect_codegen::diag::{Diagnostic, DiagnosticKind, Severity};
use careconnect_codegen::load::{self, Resource, load_file};
use careconnect_codegen::report::Report;
use careconnect_codegen::{Config, emit, lower, snapshot};

const URL: &str = "https://example.org/fhir/StructureDefinition/Defects";
const FILE: &str = "fixtures/defects.json";

/// The real definitions plus the defective profile, generated as far as the profile layer
/// and its emitted files; returns the report and the diagnostics about the fixture.
fn generate() -> (Report, Vec<Diagnostic>) {
    let config = Config::workspace().with_definitions_root(std::env::var_os(load::DEFINITIONS_ENV));
    let sources = config.read_sources().unwrap_or_else(|e| panic!("{e}"));
    let mut registry = load::load(&sources).unwrap_or_else(|e| panic!("{e}"));
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../definitions/fixtures/profile-defects/defects.json");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match load_file(Path::new(FILE), &bytes, "fixtures") {
        Ok((Some(Resource::StructureDefinition(sd)), _)) => {
            registry.structure_definitions.insert(sd.url.clone(), sd);
        }
        other => panic!("{FILE}: expected a StructureDefinition, got {other:?}"),
    }
    let mut all = snapshot::generate_snapshots(&mut registry);
    let (model, base) = lower::lower_base(&registry).unwrap_or_else(|e| panic!("{e}"));
    let (profiles, profile) = lower::profile::lower_profiles(
        &registry,
        &model,
        &lower::profile::ProfileOptions {
            prefix: config.prefix.clone(),
            renames: Default::default(),
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // The defective profile still becomes a type that the emitter can write.
    let emitted = emit::profile::profile_layer(&profiles, config.profile_dir())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        emitted.iter().any(|f| f.path.ends_with("/defects.rs")),
        "no file emitted for the defective profile"
    );
    all.extend(base);
    all.extend(profile);
    all.retain(|d| d.location.url.as_deref() == Some(URL));
    (Report::new(&model, &profiles, &all, &[]), all)
}

/// `(kind, element id)` of every diagnostic, each checked to name the fixture file.
fn found(diagnostics: &[Diagnostic]) -> Vec<(DiagnosticKind, String)> {
    let mut found: Vec<(DiagnosticKind, String)> = diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.location.file, Path::new(FILE), "{d}");
            assert_eq!(d.severity, Severity::Warning, "{d}");
            (d.kind, d.location.element.clone().unwrap_or_default())
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn each_profile_defect_is_a_located_diagnostic() {
    let (_, diagnostics) = generate();
    let found = found(&diagnostics);
    let expected = [
        (
            DiagnosticKind::DuplicateSliceName,
            "Observation.identifier:local",
        ),
        (
            DiagnosticKind::SliceWithoutDiscriminatorValue,
            "Observation.identifier:loose",
        ),
        (DiagnosticKind::UnresolvedBinding, "Observation.category"),
        (
            DiagnosticKind::UnresolvedProfile,
            "Observation.extension:missing",
        ),
        (DiagnosticKind::UnresolvedProfile, "Observation.subject"),
    ];
    for (kind, element) in expected {
        assert!(
            found.iter().any(|(k, e)| *k == kind && e == element),
            "no {kind:?} diagnostic at {element}; found:\n{}",
            diagnostics
                .iter()
                .map(|d| format!("  {d}\n"))
                .collect::<String>()
        );
    }
}

#[test]
fn the_report_names_file_url_and_element_of_each_defect() {
    let (report, diagnostics) = generate();
    let markdown = report.markdown();
    let json = serde_json::to_string(&report).unwrap_or_else(|e| panic!("{e}"));
    for d in &diagnostics {
        let element = d.location.element.as_deref().unwrap_or_default();
        for (format, text) in [("Markdown", &markdown), ("JSON", &json)] {
            for part in [FILE, URL, element] {
                assert!(text.contains(part), "{format} report lacks {part:?} of {d}");
            }
        }
    }
    assert!(
        report.summary().contains("duplicate-slice-name"),
        "summary lacks the duplicate slice name:\n{}",
        report.summary()
    );
}
