//! `diff` on fixture pairs written for the purpose (one change kind per pair, in
//! `definitions/fixtures/diff/<case>/{old,new}`, each a package on top of the models), on
//! the 2018-10 → current pair of Care Connect releases (counts pinned), and the command's
//! output and exit status.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use careconnect_codegen::diff::{self, Api, Bump, Kind, Report, Severity, Side, Wire};
use careconnect_codegen::{Config, workspace_root};

fn config() -> Config {
    Config::workspace()
        .with_definitions_root(std::env::var_os(careconnect_codegen::load::DEFINITIONS_ENV))
}

fn fixture(case: &str, side: &str) -> PathBuf {
    workspace_root()
        .join("definitions/fixtures/diff")
        .join(case)
        .join(side)
}

/// The changes from a case's old package to its new one.
fn changes(case: &str) -> Vec<diff::Change> {
    let (a, own_a) = careconnect_codegen::lower_side(&config(), &fixture(case, "old"))
        .unwrap_or_else(|e| panic!("{case} old: {e}"));
    let (b, own_b) = careconnect_codegen::lower_side(&config(), &fixture(case, "new"))
        .unwrap_or_else(|e| panic!("{case} new: {e}"));
    diff::compare(&Side::of(&a, own_a), &Side::of(&b, own_b))
}

type Class = (Kind, Api, Wire, Wire);

/// Each case's changes, classified: (kind, API, reading, building).
fn expect(case: &str, expected: &[Class]) {
    let got: BTreeSet<Class> = changes(case)
        .iter()
        .map(|c| (c.kind, c.api, c.read, c.build))
        .collect();
    let expected: BTreeSet<Class> = expected.iter().copied().collect();
    assert_eq!(got, expected, "case {case}");
}

use Wire::{Both, Loosening, Neither, Tightening};

#[test]
fn min_raised_changes_the_container_and_the_constructor() {
    expect(
        "min-raised",
        &[
            (
                Kind::ContainerChanged,
                Api::Breaking,
                Tightening,
                Tightening,
            ),
            (Kind::ConstructorChanged, Api::Breaking, Neither, Neither),
        ],
    );
}

#[test]
fn max_lowered_within_the_container_keeps_the_api() {
    expect(
        "max-lowered",
        &[(Kind::BoundsChanged, Api::Unchanged, Tightening, Tightening)],
    );
}

#[test]
fn max_lowered_to_one_changes_the_container() {
    expect(
        "max-to-one",
        &[(
            Kind::ContainerChanged,
            Api::Breaking,
            Tightening,
            Tightening,
        )],
    );
}

#[test]
fn an_element_removed_takes_its_field() {
    expect(
        "element-removed",
        &[(Kind::ElementRemoved, Api::Breaking, Tightening, Tightening)],
    );
}

#[test]
fn an_element_allowed_again_is_a_field_literals_must_fill() {
    expect(
        "element-allowed",
        &[(Kind::ElementAllowed, Api::Breaking, Loosening, Loosening)],
    );
}

#[test]
fn a_new_required_binding_narrows_the_type() {
    expect(
        "required-binding",
        &[(
            Kind::FieldTypeChanged,
            Api::Breaking,
            Tightening,
            Tightening,
        )],
    );
}

#[test]
fn a_code_added_is_a_variant_of_an_exhaustive_enum() {
    expect(
        "code-added",
        &[(Kind::CodeAdded, Api::Breaking, Loosening, Loosening)],
    );
}

#[test]
fn a_changed_fixed_value_changes_reading_not_building() {
    expect(
        "fixed-value-changed",
        &[(Kind::FixedValueChanged, Api::Unchanged, Both, Neither)],
    );
}

#[test]
fn a_struct_the_profile_now_decides_is_no_longer_a_constructor_argument() {
    expect(
        "element-decided",
        &[
            (Kind::ElementFixed, Api::Breaking, Tightening, Tightening),
            (Kind::ConstructorChanged, Api::Breaking, Neither, Neither),
        ],
    );
    // The coding's last free required element is fixed now: its constructor, and those of
    // the structs that require it in turn, take nothing.
    let mut constructors: Vec<(String, String)> = changes("element-decided")
        .into_iter()
        .filter(|c| c.kind == Kind::ConstructorChanged)
        .map(|c| (c.item, c.detail))
        .collect();
    constructors.sort();
    assert_eq!(
        constructors,
        [
            (
                "DiffPatient::new".to_string(),
                "new(), was new(marital_status: careconnect::DiffPatientMaritalStatus)".to_string()
            ),
            (
                "DiffPatientMaritalStatus::new".to_string(),
                "new(), was new(coding: careconnect::DiffPatientMaritalStatusCoding)".to_string()
            ),
            (
                "DiffPatientMaritalStatusCoding::new".to_string(),
                "new(), was new(code: rt::Primitive<String>)".to_string()
            ),
        ]
    );
}

#[test]
fn a_slice_added_beside_another_is_compatible() {
    // The struct already keeps slice order in a private field: no literal built it.
    expect(
        "slice-added",
        &[(Kind::FieldAdded, Api::Compatible, Tightening, Neither)],
    );
}

#[test]
fn fewer_reference_targets_narrow_the_type() {
    expect(
        "target-narrowed",
        &[(
            Kind::FieldTypeChanged,
            Api::Breaking,
            Tightening,
            Tightening,
        )],
    );
}

#[test]
fn a_new_definition_is_compatible() {
    expect(
        "definition-added",
        &[(Kind::DefinitionAdded, Api::Compatible, Neither, Neither)],
    );
}

#[test]
fn a_choice_narrowed_to_one_type_narrows_the_field() {
    expect(
        "choice-narrowed",
        &[(
            Kind::FieldTypeChanged,
            Api::Breaking,
            Tightening,
            Tightening,
        )],
    );
}

#[test]
fn a_package_against_itself_has_no_changes() {
    for case in ["min-raised", "slice-added", "code-added"] {
        let side = fixture(case, "new");
        let (a, own) =
            careconnect_codegen::lower_side(&config(), &side).unwrap_or_else(|e| panic!("{e}"));
        let s = Side::of(&a, own);
        assert_eq!(diff::compare(&s, &s), Vec::new(), "{case}");
    }
}

#[test]
fn items_of_a_users_package_are_named_without_the_models_path() {
    let codes = changes("code-added");
    assert_eq!(codes[0].item, "codes::DiffMarital1::Widowed");
    let c = changes("element-removed");
    assert_eq!(c[0].item, "DiffPatient::photo");
    assert_eq!(c[0].element.as_deref(), Some("Patient.photo"));
    assert_eq!(
        c[0].url,
        "https://fhir.example.org/diff/StructureDefinition/Diff-Patient-1"
    );
}

/// The 2018-10 → current comparison, lowered once.
fn releases() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        let old = workspace_root().join("definitions/versions/careconnect-2018-10/sources.toml");
        let new = workspace_root().join("definitions/sources.toml");
        let (a, _) =
            careconnect_codegen::lower_side(&config(), &old).unwrap_or_else(|e| panic!("{e}"));
        let (b, _) =
            careconnect_codegen::lower_side(&config(), &new).unwrap_or_else(|e| panic!("{e}"));
        let changes = diff::compare(&Side::models(&a.profiles), &Side::models(&b.profiles));
        Report::new(
            "2018-10".into(),
            "current".into(),
            changes,
            Some("0.1.0".into()),
        )
    })
}

#[test]
fn the_2018_10_release_to_the_current_one() {
    let r = releases();
    let s = &r.summary;
    // Pinned: a change to these counts is a change to the comparison, to be explained.
    assert_eq!(s.changes, 200);
    assert_eq!(s.definitions_changed, 68);
    assert_eq!(s.api_breaking, 112);
    assert_eq!(s.read_tightening, 27);
    assert_eq!(s.build_tightening, 15);
    assert_eq!(s.by_kind.get("definition-added"), Some(&36));
    assert_eq!(s.by_kind.get("definition-moved"), Some(&1));
    assert_eq!(r.bump, Bump::Major);
    assert_eq!(r.suggested_version.as_deref(), Some("0.2.0"));
}

#[test]
fn the_2018_10_patient_changes_name_their_rust_items() {
    let r = releases();
    let patient = |kind: Kind, item: &str| {
        r.changes
            .iter()
            .find(|c| c.kind == kind && c.item == item)
            .unwrap_or_else(|| panic!("no {kind:?} of {item}"))
    };
    // The local identifier slice is gone from Care Connect Patient 1.3.0.
    let gone = patient(
        Kind::FieldRemoved,
        "careconnect::CareConnectPatient::local_identifier",
    );
    assert_eq!(
        gone.element.as_deref(),
        Some("Patient.identifier:localIdentifier")
    );
    assert_eq!(gone.api, Api::Breaking);
    // The address is no longer the no-state address.
    let address = patient(
        Kind::FieldTypeChanged,
        "careconnect::CareConnectPatient::address",
    );
    assert_eq!(address.read, Loosening);
    assert_eq!(
        address.old_type.as_deref(),
        Some("Vec<careconnect::CareConnectNoStateAddress>")
    );
    assert_eq!(address.new_type.as_deref(), Some("Vec<stu3::Address>"));
}

#[test]
fn severities_follow_the_classification_and_can_be_overridden() {
    let mut changes = releases().changes.clone();
    for c in &changes {
        let expected = match (c.api, c.read.tightens() || c.build.tightens()) {
            (Api::Breaking, _) => Severity::Breaking,
            (_, true) => Severity::Warning,
            (_, false) => Severity::Info,
        };
        assert_eq!(c.severity, expected, "{c:?}");
    }
    let overrides = [(Kind::CodeAdded, Severity::Info)].into_iter().collect();
    diff::override_severities(&mut changes, &overrides);
    assert!(
        changes
            .iter()
            .filter(|c| c.kind == Kind::CodeAdded)
            .all(|c| c.severity == Severity::Info)
    );
    assert_eq!(Kind::parse("code-added"), Some(Kind::CodeAdded));
    assert_eq!(Kind::parse("no-such-kind"), None);
    assert_eq!(
        Kind::ALL.len(),
        Kind::ALL.iter().collect::<BTreeSet<_>>().len()
    );
}

#[test]
fn version_bumps_follow_cargo_rules() {
    assert_eq!(diff::bumped("0.1.0", Bump::Major).as_deref(), Some("0.2.0"));
    assert_eq!(diff::bumped("0.1.3", Bump::Minor).as_deref(), Some("0.1.4"));
    assert_eq!(diff::bumped("1.4.2", Bump::Major).as_deref(), Some("2.0.0"));
    assert_eq!(diff::bumped("1.4.2", Bump::Minor).as_deref(), Some("1.5.0"));
    assert_eq!(diff::bumped("1.4.2", Bump::Patch).as_deref(), Some("1.4.3"));
    assert_eq!(diff::bumped("1.4.2", Bump::None).as_deref(), Some("1.4.2"));
    assert_eq!(diff::bumped("not a version", Bump::Patch), None);
    assert_eq!(diff::bump(&[]), Bump::None);
}

#[test]
fn markdown_and_json_carry_every_change() {
    let r = releases();
    let md = r.markdown();
    assert!(md.contains("| `field-removed` | "));
    assert!(md.contains("`careconnect::CareConnectPatient::local_identifier`"));
    let json: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(r).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["changes"].as_array().map(Vec::len), Some(200));
    assert_eq!(json["summary"]["api_breaking"], 112);
    assert_eq!(json["bump"], "major");
}

fn codegen(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_careconnect-codegen"))
        .args(args)
        .current_dir(workspace_root())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

fn side(case: &str, s: &str) -> String {
    fixture(case, s).display().to_string()
}

#[test]
fn the_exit_status_gates_on_the_severity_asked_for() {
    let (old, new) = (side("max-lowered", "old"), side("max-lowered", "new"));
    // A bounds change within the container: a warning, not breaking.
    let (code, _) = codegen(&[
        "diff",
        "--old",
        &old,
        "--new",
        &new,
        "--fail-on",
        "breaking",
    ]);
    assert_eq!(code, Some(0));
    let (code, text) = codegen(&["diff", "--old", &old, "--new", &new, "--fail-on", "warning"]);
    assert_eq!(code, Some(1), "{text}");
    let (code, _) = codegen(&[
        "diff",
        "--old",
        &old,
        "--new",
        &new,
        "--fail-on",
        "warning",
        "--severity",
        "bounds-changed=info",
    ]);
    assert_eq!(code, Some(0));
    let (code, text) = codegen(&[
        "diff",
        "--old",
        &old,
        "--new",
        &new,
        "--severity",
        "nope=info",
    ]);
    assert_eq!(code, Some(2));
    assert!(text.contains("bounds-changed"), "{text}");
    let (code, text) = codegen(&["diff", "--old", "/no/such/package", "--new", &new]);
    assert_eq!(code, Some(2));
    assert!(text.contains("/no/such/package"), "{text}");
}

#[test]
fn the_command_prints_json_and_markdown() {
    let (old, new) = (side("min-raised", "old"), side("min-raised", "new"));
    let (code, text) = codegen(&["diff", "--old", &old, "--new", &new, "--format", "json"]);
    assert_eq!(code, Some(0));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["summary"]["api_breaking"], 2);
    assert_eq!(
        json["changes"][0]["new_type"], "rt::Primitive<rt::Date>",
        "{text}"
    );
    let (_, text) = codegen(&["diff", "--old", &old, "--new", &new, "--format", "markdown"]);
    assert!(text.starts_with("# Profile changes"), "{text}");
    assert!(text.contains("| breaking | `container-changed` | `DiffPatient::birth_date` |"));
}

#[test]
fn the_committed_models_against_the_files_on_disk_have_no_changes() {
    // The default sides: what the models were generated from, and the files now.
    let (code, text) = codegen(&["diff", "--fail-on", "info"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("0 changes"), "{text}");
}
