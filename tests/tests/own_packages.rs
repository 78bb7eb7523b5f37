//! The generator as a build-time library (`careconnect_codegen::Config`, as a user's
//! `build.rs` calls it): a user's profile package generated on top of careconnect-models.
//!
//! - `nhs-derived-dev` (a real NHS package, from the definitions root): every profile and
//!   extension becomes a type, with per-definition counts in the report;
//! - the trust fixture (`definitions/fixtures/trust-package`) as a folder and as an NPM
//!   tarball gives the same code; a profile asked for brings only what it uses;
//! - broken packages (dangling reference, duplicate URL, malformed file, a Care Connect
//!   definition in another version) fail or warn naming the file, URL and element.
//!
//! That the generated code compiles in a fresh crate with a real build script is
//! `packages_compile.rs`; the fixture's strictness is `trust_profiles.rs` and
//! `trust_misuse.rs`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use careconnect_codegen::diag::{Error, Severity};
use careconnect_codegen::{Compiled, Config, Output, facts};
use careconnect_tests::{codegen_config, workspace_root};

const NHS_DERIVED: &str = "nhs-derived-dev";
const TRUST_PATIENT: &str = "https://fhir.example-trust.nhs.uk/StructureDefinition/Trust-Patient-1";
const TRUST_HEART_RATE: &str =
    "https://fhir.example-trust.nhs.uk/StructureDefinition/Trust-HeartRate-Observation-1";
const CARE_CONNECT_PATIENT: &str =
    "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1";

/// A fresh folder under the target directory.
fn scratch(tag: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = workspace_root()
        .join("target")
        .join("own-packages")
        .join(format!(
            "{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// A build of `packages` on top of this workspace's models, into a fresh folder.
fn config(packages: &[&Path]) -> Config {
    let mut config = Config::workspace();
    config.output = Output::Include {
        file: careconnect_codegen::INCLUDE_FILE.into(),
    };
    config.facts = Some(workspace_root().join(facts::FACTS_FILE));
    config.out_dir = scratch("out");
    for p in packages {
        config.package(*p);
    }
    config
}

fn compile(config: &Config) -> Compiled {
    config
        .compile()
        .unwrap_or_else(|e| panic!("the build fails: {e}"))
}

fn trust_fixture() -> PathBuf {
    workspace_root()
        .join("definitions")
        .join("fixtures")
        .join("trust-package")
}

fn nhs_package() -> PathBuf {
    codegen_config()
        .read_sources()
        .unwrap_or_else(|e| panic!("{e}"))
        .root
        .join(NHS_DERIVED)
}

/// The canonical URLs of the StructureDefinitions in `dir` (XML or JSON), read by hand.
fn definition_urls(dir: &Path) -> BTreeSet<String> {
    let mut urls = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let url = text
            .split("<url value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .map(str::trim)
            .map(str::to_owned);
        urls.extend(url);
    }
    urls
}

fn include_text(compiled: &Compiled) -> &str {
    compiled
        .generated
        .files
        .first()
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("no include file"))
}

#[test]
fn every_nhs_profile_and_extension_becomes_a_type_with_its_counts() {
    let nhs = nhs_package();
    let config = config(&[&nhs]);
    let compiled = compile(&config);
    let report = compiled.report();

    let profiles = definition_urls(&nhs.join("profiles"));
    let extensions = definition_urls(&nhs.join("dependencies").join("extensions"));
    assert_eq!(profiles.len(), 31, "the package's profiles");
    let generated: BTreeSet<String> = report
        .modules
        .iter()
        .filter(|m| m.kind == "profile")
        .map(|m| m.url.clone())
        .collect();
    assert_eq!(generated, profiles, "every profile is a type");
    let generated: BTreeSet<String> = report
        .modules
        .iter()
        .filter(|m| m.kind == "extension")
        .map(|m| m.url.clone())
        .collect();
    assert_eq!(generated, extensions, "every extension is a type");

    // The per-definition counts add up to the build's totals, and the report has them.
    let counts = &report.counts;
    let sum = |f: fn(&careconnect_codegen::report::ModuleCounts) -> usize| {
        report.modules.iter().map(f).sum::<usize>()
    };
    assert!(
        sum(|m| m.slices) > 0 && sum(|m| m.typed_extensions) > 0 && sum(|m| m.closed_enums) > 0
    );
    assert!(sum(|m| m.typed_extensions) >= counts.extension_slice_fields);
    let markdown = report.markdown();
    for m in &report.modules {
        let row = format!(
            "| `{}` | {} | {} | {} | {} | {} |",
            m.name, m.kind, m.url, m.slices, m.typed_extensions, m.closed_enums
        );
        assert!(markdown.contains(&row), "no report row {row}");
    }
    println!("{markdown}");
    // The build writes the same report beside the include file.
    let written = std::fs::read_to_string(config.out_dir.join("careconnect_profiles.report.md"))
        .unwrap_or_else(|e| panic!("no report beside the include file: {e}"));
    assert_eq!(written, markdown);

    // What the models have is referred to, never generated again.
    let text = include_text(&compiled);
    assert!(text.contains("::careconnect_models::careconnect::NhsCommunication"));
    assert!(!text.contains("pub struct CareConnectPatient "));
    assert!(
        !text.contains("crate::careconnect"),
        "a models path was not relocated"
    );
    syn::parse_file(text).unwrap_or_else(|e| panic!("the include file does not parse: {e}"));
}

#[test]
fn diagnostics_reach_cargo_with_file_url_and_element() {
    let nhs = nhs_package();
    let compiled = compile(&config(&[&nhs]));
    let lines = compiled.generated.cargo_instructions();
    assert!(
        lines
            .iter()
            .any(|l| l == &format!("cargo:rerun-if-changed={}", nhs.display())),
        "the package folder is watched"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("cargo:rerun-if-changed=") && l.ends_with("facts.jsonl")),
        "the models' facts are watched"
    );
    let warnings: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("cargo:warning="))
        .collect();
    let expected = compiled
        .generated
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    assert_eq!(warnings.len(), expected);
    // One of the package's known dangling target profiles, with its file and element.
    assert!(
        warnings.iter().any(|l| l.contains("EOL-ADRT-Flag-1.xml")
            && l.contains("https://fhir.nhs.uk/STU3/StructureDefinition/EOL-ADRT-Flag-1")
            && l.contains("Flag.extension:conditionList")),
        "{warnings:#?}"
    );
    assert!(warnings.iter().all(|l| !l.contains('\n')));
}

#[test]
fn the_trust_package_reads_the_same_as_a_folder_and_as_a_tarball() {
    let folder = compile(&config(&[&trust_fixture()]));
    let tarball = scratch("tgz").join("example.trust.profiles-1.0.0.tgz");
    pack(&trust_fixture(), &tarball);
    let packed = compile(&config(&[&tarball]));
    // The first line names the package's path; the code is the same.
    let body = |c: &Compiled| {
        include_text(c)
            .split_once('\n')
            .map(|(_, rest)| rest.to_owned())
            .unwrap_or_default()
    };
    assert_eq!(body(&folder), body(&packed));
    let report = packed.report();
    let names: Vec<&str> = report.modules.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "TrustHeartRateObservation",
            "TrustPatient",
            "TrustPreferredContactTime"
        ]
    );
}

/// An NPM package: the files under `package/`, with examples that are not definitions.
fn pack(dir: &Path, tarball: &Path) {
    let file = std::fs::File::create(tarball).unwrap_or_else(|e| panic!("{e}"));
    let gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    tar.append_dir_all("package", dir)
        .unwrap_or_else(|e| panic!("{e}"));
    let example = br#"{"resourceType":"Patient","id":"not-a-definition"}"#;
    let mut header = tar::Header::new_gnu();
    header.set_size(example.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    tar.append_data(
        &mut header,
        "package/example/Patient-example.json",
        &example[..],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    tar.into_inner()
        .and_then(|gz| gz.finish())
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_profile_asked_for_brings_what_it_uses_and_nothing_else() {
    let mut config = config(&[&trust_fixture()]);
    config.profile(TRUST_HEART_RATE);
    let compiled = compile(&config);
    let text = include_text(&compiled);
    assert!(text.contains("pub struct TrustHeartRateObservation "));
    assert!(!text.contains("pub struct TrustPatient "));
    assert!(!text.contains("TrustPreferredContactTime"));

    // The Patient uses the trust's extension and its code enum: they come with it.
    let mut config = Config {
        out_dir: scratch("out"),
        ..config
    };
    config.profiles = vec!["TrustPatient".into()];
    let compiled = compile(&config);
    let text = include_text(&compiled);
    assert!(text.contains("pub struct TrustPatient "));
    assert!(text.contains("pub struct TrustPreferredContactTime "));
    assert!(text.contains("pub enum TrustContactTime1 "));
    assert!(!text.contains("pub struct TrustHeartRateObservation "));

    config.profiles = vec!["https://example.org/no-such-profile".into()];
    let error = config
        .compile()
        .err()
        .expect("an unknown profile is an error");
    assert!(
        error
            .to_string()
            .contains("https://example.org/no-such-profile")
            && error.to_string().contains(TRUST_PATIENT),
        "{error}"
    );
}

#[test]
fn a_definition_can_be_given_its_own_name() {
    let mut config = config(&[&trust_fixture()]);
    config.rename(TRUST_PATIENT, "LocalPatient");
    let compiled = compile(&config);
    let text = include_text(&compiled);
    assert!(text.contains("pub struct LocalPatient "));
    assert!(!text.contains("pub struct TrustPatient "));

    config.rename(TRUST_PATIENT, "local patient");
    let text = config.compile().err().expect("an error").to_string();
    assert!(
        text.contains("local patient") && text.contains(TRUST_PATIENT),
        "{text}"
    );
}

/// A copy of the trust fixture with `edit` applied to its files (name → text).
fn broken_package(edit: impl FnOnce(&Path)) -> PathBuf {
    let dir = scratch("broken").join("package");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir(trust_fixture()).unwrap_or_else(|e| panic!("{e}")) {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name");
        std::fs::copy(&path, dir.join(name)).unwrap_or_else(|e| panic!("{e}"));
    }
    edit(&dir);
    dir
}

fn replace_in(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains(from), "{} has no {from:?}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_dangling_reference_is_a_warning_naming_file_url_and_element_and_denied_on_request() {
    let package = broken_package(|dir| {
        replace_in(
            &dir.join("StructureDefinition-Trust-HeartRate-Observation-1.json"),
            "StructureDefinition/CareConnect-Practitioner-1",
            "StructureDefinition/Trust-Missing-Practitioner-1",
        );
    });
    let compiled = compile(&config(&[&package]));
    let warning = compiled
        .generated
        .diagnostics
        .iter()
        .find(|d| {
            d.severity == Severity::Warning && d.message.contains("Trust-Missing-Practitioner-1")
        })
        .unwrap_or_else(|| panic!("no warning: {:#?}", compiled.generated.diagnostics));
    assert!(
        warning
            .location
            .file
            .ends_with("StructureDefinition-Trust-HeartRate-Observation-1.json")
    );
    assert_eq!(warning.location.url.as_deref(), Some(TRUST_HEART_RATE));
    assert_eq!(
        warning.location.element.as_deref(),
        Some("Observation.performer")
    );

    let mut deny = config(&[&package]);
    deny.deny_warnings(true);
    match deny.compile() {
        Err(Error::Denied { warnings }) => {
            assert!(
                warnings
                    .iter()
                    .any(|w| w.message.contains("Trust-Missing-Practitioner-1"))
            );
            assert!(
                !deny
                    .out_dir
                    .join(careconnect_codegen::INCLUDE_FILE)
                    .exists()
            );
        }
        other => panic!("expected the warnings to be denied, got {:?}", other.err()),
    }
}

#[test]
fn a_definition_that_gets_no_type_is_said_so() {
    let url = "https://fhir.example-trust.nhs.uk/StructureDefinition/Trust-Referral-Model";
    let package = broken_package(|dir| {
        let model = format!(
            r#"{{"resourceType":"StructureDefinition","url":"{url}","name":"TrustReferralModel",
              "status":"draft","kind":"logical","abstract":false,"type":"TrustReferralModel",
              "baseDefinition":"http://hl7.org/fhir/StructureDefinition/Element","derivation":"specialization",
              "differential":{{"element":[{{"id":"TrustReferralModel","path":"TrustReferralModel"}}]}}}}"#
        );
        std::fs::write(
            dir.join("StructureDefinition-Trust-Referral-Model.json"),
            model,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    });
    let compiled = compile(&config(&[&package]));
    let note = compiled
        .generated
        .diagnostics
        .iter()
        .find(|d| d.location.url.as_deref() == Some(url))
        .unwrap_or_else(|| panic!("nothing said of the logical model"));
    assert!(
        note.location
            .file
            .ends_with("StructureDefinition-Trust-Referral-Model.json")
            && note.message.contains("no type"),
        "{note}"
    );
}

#[test]
fn a_duplicate_url_in_the_package_is_an_error_naming_both_files() {
    let package = broken_package(|dir| {
        std::fs::copy(
            dir.join("ValueSet-Trust-ContactTime-1.json"),
            dir.join("ValueSet-Trust-ContactTime-1-copy.json"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    });
    let error = config(&[&package]).compile().err().expect("an error");
    let text = error.to_string();
    assert!(
        text.contains("ValueSet-Trust-ContactTime-1-copy.json")
            && text.contains("ValueSet-Trust-ContactTime-1.json")
            && text.contains("https://fhir.example-trust.nhs.uk/ValueSet/Trust-ContactTime-1"),
        "{text}"
    );
}

#[test]
fn a_malformed_file_is_an_error_naming_file_and_line() {
    let package = broken_package(|dir| {
        replace_in(
            &dir.join("StructureDefinition-Trust-Patient-1.json"),
            "\"min\": 1,",
            "\"min\": 1,,",
        );
    });
    let error = config(&[&package]).compile().err().expect("an error");
    let text = error.to_string();
    assert!(
        text.contains("StructureDefinition-Trust-Patient-1.json:"),
        "the file and line: {text}"
    );
}

/// The trust fixture with its own copy of CareConnect-Patient-1, of `version`.
fn with_care_connect_patient_copy(version: &str) -> PathBuf {
    broken_package(|dir| {
        let copy = format!(
            r#"{{"resourceType":"StructureDefinition","id":"CareConnect-Patient-1","url":"{CARE_CONNECT_PATIENT}",
              "version":"{version}","name":"CareConnect-Patient-1","status":"draft","kind":"resource","abstract":false,
              "type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint",
              "differential":{{"element":[{{"id":"Patient","path":"Patient"}}]}}}}"#
        );
        std::fs::write(
            dir.join("StructureDefinition-CareConnect-Patient-1.json"),
            copy,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    })
}

#[test]
fn a_care_connect_definition_in_another_version_is_an_error_naming_both_versions() {
    // The package ships its own copy of CareConnect-Patient-1, in another version.
    let package = with_care_connect_patient_copy("9.9.9");
    let error = config(&[&package]).compile().err().expect("an error");
    let text = error.to_string();
    let models_version = facts::read(&workspace_root().join(facts::FACTS_FILE))
        .unwrap_or_else(|e| panic!("{e}"))
        .header
        .provides
        .modules
        .iter()
        .find(|p| p.url == CARE_CONNECT_PATIENT)
        .and_then(|p| p.version.clone())
        .expect("the models provide CareConnect-Patient-1 with a version");
    assert!(
        text.contains("StructureDefinition-CareConnect-Patient-1.json")
            && text.contains(CARE_CONNECT_PATIENT)
            && text.contains("9.9.9")
            && text.contains(&models_version),
        "{text}"
    );

    // A versioned reference to another version than the models have is refused too.
    let package = broken_package(|dir| {
        replace_in(
            &dir.join("StructureDefinition-Trust-Patient-1.json"),
            "StructureDefinition/CareConnect-Patient-1\"",
            "StructureDefinition/CareConnect-Patient-1|0.0.1\"",
        );
    });
    let text = config(&[&package])
        .compile()
        .err()
        .expect("an error")
        .to_string();
    assert!(
        text.contains("0.0.1") && text.contains(&models_version),
        "{text}"
    );

    // The same version as the models': the copy is not read, the models' type is used.
    let package = with_care_connect_patient_copy(&models_version);
    let compiled = compile(&config(&[&package]));
    assert!(
        compiled.generated.diagnostics.iter().any(|d| {
            d.severity == Severity::Note && d.location.url.as_deref() == Some(CARE_CONNECT_PATIENT)
        }),
        "a note says the copy is not read"
    );
    assert!(!include_text(&compiled).contains("pub struct CareConnectPatient "));
}

#[test]
fn a_build_without_the_models_facts_or_packages_says_what_is_missing() {
    let mut no_facts = config(&[&trust_fixture()]);
    no_facts.facts = None;
    let text = no_facts.compile().err().expect("an error").to_string();
    assert!(text.contains(facts::FACTS_ENV), "{text}");

    let text = config(&[]).compile().err().expect("an error").to_string();
    assert!(text.contains("Config::package"), "{text}");

    let missing = workspace_root().join("definitions").join("no-such-package");
    let text = config(&[&missing])
        .compile()
        .err()
        .expect("an error")
        .to_string();
    assert!(text.contains("no-such-package"), "{text}");
}
