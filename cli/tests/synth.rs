//! `careconnect synth`: the files it writes hold the counts asked for, every line conforms
//! to its Care Connect profile, references and NHS numbers hold together, and the same
//! seed gives the same bytes.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use careconnect_models::careconnect::{CareConnectEncounter, CareConnectPatient, ProfiledResource};
use careconnect_models::rt::FhirJson;
use careconnect_models::rt::profile::Profile;
use careconnect_models::stu3::{ObservationEffective, Resource};
use common::{Run, careconnect};

/// A fresh folder under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(test: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "careconnect-synth-test-{}-{test}",
            std::process::id()
        ));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .unwrap_or_else(|e| panic!("cannot clear {}: {e}", dir.display()));
        }
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `careconnect synth --out DIR` with `options` and checks that it succeeded.
fn synth(dir: &Path, out: &str, options: &[&str]) -> Run {
    let mut args = vec!["synth", "--out", out];
    args.extend_from_slice(options);
    let run = careconnect(dir, &args);
    assert_eq!(run.code, Some(0), "careconnect {args:?}: {}", run.stderr);
    run
}

fn lines(dir: &Path, name: &str) -> Vec<String> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "{name} ends with a newline"
    );
    text.lines().map(str::to_string).collect()
}

fn file_bytes(dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

const FILES: [&str; 3] = ["Patient.ndjson", "Encounter.ndjson", "Observation.ndjson"];

const BLOOD_PRESSURE: &str =
    "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-BloodPressure-Observation-1";
const HEART_RATE: &str =
    "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-HeartRate-Observation-1";
const RESPIRATORY_RATE: &str =
    "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-RespiratoryRate-Observation-1";
const BODY_TEMPERATURE: &str =
    "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-BodyTemperature-Observation-1";
const OXYGEN_SATURATION: &str =
    "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-OxygenSaturation-Observation-1";

#[test]
fn writes_the_number_of_resources_asked_for() {
    let tmp = TempDir::new("counts");
    let run = synth(
        tmp.path(),
        "out",
        &[
            "--patients",
            "7",
            "--observations-per-patient",
            "12",
            "--encounters-per-patient",
            "3",
        ],
    );
    let out = tmp.path().join("out");
    let counts: Vec<usize> = FILES.iter().map(|f| lines(&out, f).len()).collect();
    assert_eq!(counts, [7, 7 * 3, 7 * 12]);
    let bytes: usize = FILES.iter().map(|f| file_bytes(&out, f).len()).sum();
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with(&format!(
            "careconnect: synth: wrote 7 patients, 21 encounters, 84 observations ({bytes} bytes) to out in "
        )) && run.stderr.ends_with(" s\n")
            && run.stderr.lines().count() == 1,
        "{}",
        run.stderr
    );

    // No encounters and no observations: empty files, still written.
    let run = synth(
        tmp.path(),
        "bare",
        &[
            "--patients",
            "2",
            "--observations-per-patient",
            "0",
            "--encounters-per-patient",
            "0",
        ],
    );
    let bare = tmp.path().join("bare");
    let counts: Vec<usize> = FILES.iter().map(|f| lines(&bare, f).len()).collect();
    assert_eq!(counts, [2, 0, 0], "{}", run.stderr);

    // Counts outside the allowed ranges are usage errors.
    for (option, value) in [
        ("--patients", "0"),
        ("--patients", "900001"),
        ("--observations-per-patient", "10001"),
        ("--encounters-per-patient", "1001"),
        ("--seed", "x"),
    ] {
        let run = careconnect(tmp.path(), &["synth", "--out", "bad", option, value]);
        assert_eq!(run.code, Some(2), "{option} {value}: {}", run.stderr);
        assert!(run.stderr.contains(option), "{}", run.stderr);
    }
    assert!(!tmp.path().join("bad").exists());

    // The command's help, listed in the tool's.
    let run = careconnect(tmp.path(), &["synth", "--help"]);
    assert_eq!(run.code, Some(0));
    assert!(
        run.stdout
            .contains("\nUsage: careconnect synth [OPTIONS] --out <DIR>\n")
            && run.stdout.contains("[default: 1000]")
            && run.stdout.contains("Exit status: 0 "),
        "{}",
        run.stdout
    );
    let run = careconnect(tmp.path(), &["--help"]);
    assert!(run.stdout.contains("\n  synth "), "{}", run.stdout);
}

#[test]
fn every_line_conforms_to_its_care_connect_profile() {
    let tmp = TempDir::new("conformance");
    let (patients, encounters_each, observations_each) = (12, 2, 23);
    synth(
        tmp.path(),
        "out",
        &[
            "--patients",
            &patients.to_string(),
            "--observations-per-patient",
            &observations_each.to_string(),
            "--encounters-per-patient",
            &encounters_each.to_string(),
            "--seed",
            "42",
        ],
    );
    let out = tmp.path().join("out");
    let mut total = 0;
    let mut conforming = 0;

    let mut patient_ids = HashSet::new();
    for line in lines(&out, "Patient.ndjson") {
        total += 1;
        let patient = CareConnectPatient::from_json(&line)
            .unwrap_or_else(|e| panic!("a Patient line does not conform: {e}\n{line}"));
        conforming += 1;
        let id = patient.id.as_ref().and_then(|p| p.value.clone());
        let id = id.unwrap_or_else(|| panic!("a patient without id: {line}"));
        assert!(patient_ids.insert(id), "patient ids are distinct");
        assert!(
            !patient
                .official
                .family
                .value
                .as_deref()
                .unwrap_or("")
                .is_empty()
        );
        assert!(!patient.official.given.is_empty());
        assert!(patient.gender.is_some() && patient.birth_date.is_some());
        assert_eq!(declared_profile(&line), CareConnectPatient::URL);
    }

    let mut encounter_ids = HashSet::new();
    for line in lines(&out, "Encounter.ndjson") {
        total += 1;
        let encounter = CareConnectEncounter::from_json(&line)
            .unwrap_or_else(|e| panic!("an Encounter line does not conform: {e}\n{line}"));
        conforming += 1;
        let subject = encounter
            .subject
            .as_ref()
            .map(|s| reference_text(s.reference()));
        assert_patient_reference(subject.as_deref(), &patient_ids, &line);
        let period = encounter.period.as_deref();
        let (start, end) = (
            period.and_then(|p| p.start.as_ref()?.value),
            period.and_then(|p| p.end.as_ref()?.value),
        );
        match (start, end) {
            (Some(start), Some(end)) => {
                assert!(start.year() == 2025 && start.offset().is_some(), "{line}");
                assert!(start.to_string() < end.to_string(), "{line}");
            }
            _ => panic!("an encounter without a period: {line}"),
        }
        encounter_ids.insert(format!(
            "Encounter/{}",
            encounter.id.and_then(|p| p.value).unwrap_or_default()
        ));
        assert_eq!(declared_profile(&line), CareConnectEncounter::URL);
    }
    assert_eq!(encounter_ids.len(), patients * encounters_each);

    let mut per_profile = BTreeMap::new();
    let mut with_context = 0;
    for line in lines(&out, "Observation.ndjson") {
        total += 1;
        let url = declared_profile(&line);
        let observation = ProfiledResource::from_json(&url, &line)
            .unwrap_or_else(|| panic!("{url} is not a Care Connect resource profile"))
            .unwrap_or_else(|e| {
                panic!("an Observation line does not conform to {url}: {e}\n{line}")
            });
        conforming += 1;
        *per_profile.entry(url).or_insert(0) += 1;
        // Through the base type: what every observation has, whatever its profile.
        let Resource::Observation(base) = observation.into_resource() else {
            panic!("not an Observation: {line}");
        };
        assert_eq!(
            base.status.value.map(|s| s.to_string()).as_deref(),
            Some("final")
        );
        assert_patient_reference(
            base.subject.as_deref().map(reference_text).as_deref(),
            &patient_ids,
            &line,
        );
        if let Some(context) = base.context.as_deref() {
            assert!(
                encounter_ids.contains(&reference_text(context)),
                "the context is one of the encounters: {line}"
            );
            with_context += 1;
        }
        let Some(ObservationEffective::DateTime(effective)) = &base.effective else {
            panic!("effective is not a dateTime: {line}");
        };
        let effective = effective.value.unwrap_or_else(|| panic!("{line}"));
        let offset = effective.offset().map(|o| o.minutes());
        assert!(
            effective.year() == 2025 && effective.time().is_some(),
            "{line}"
        );
        assert!(matches!(offset, Some(0 | 60)), "a UK offset: {line}");
        check_values(&base, &line);
    }
    // 23 a patient: the five vital signs in turn, blood pressure first.
    let expected: BTreeMap<String, usize> = [
        (BLOOD_PRESSURE, 5),
        (HEART_RATE, 5),
        (RESPIRATORY_RATE, 5),
        (BODY_TEMPERATURE, 4),
        (OXYGEN_SATURATION, 4),
    ]
    .into_iter()
    .map(|(url, n)| (url.to_string(), n * patients))
    .collect();
    assert_eq!(per_profile, expected);
    // Two sets of five during the two encounters of each patient.
    assert_eq!(with_context, patients * encounters_each * 5);

    assert_eq!(total, patients * (1 + encounters_each + observations_each));
    assert_eq!(conforming, total);
}

/// Values in their ranges and units: blood pressure from its components, the others from
/// valueQuantity.
fn check_values(base: &careconnect_models::stu3::Observation, line: &str) {
    use careconnect_models::stu3::{ObservationComponentValue, ObservationValue, Quantity};
    let number = |q: &Quantity| {
        q.value
            .as_ref()
            .and_then(|v| v.value.as_ref())
            .map(|d| d.to_f64())
            .unwrap_or_else(|| panic!("a quantity without a value: {line}"))
    };
    let code = |q: &Quantity| {
        q.code
            .as_ref()
            .and_then(|c| c.value.clone())
            .unwrap_or_default()
    };
    let loinc = base
        .code
        .coding
        .iter()
        .find_map(|c| c.code.as_ref()?.value.clone())
        .unwrap_or_default();
    if loinc == "85354-9" {
        let values: Vec<(f64, String)> = base
            .component
            .iter()
            .map(|c| match &c.value {
                Some(ObservationComponentValue::Quantity(q)) => (number(q), code(q)),
                _ => panic!("a component without a quantity: {line}"),
            })
            .collect();
        let [(systolic, u1), (diastolic, u2)] = values.as_slice() else {
            panic!("not two components: {line}");
        };
        assert!((90.0..=180.0).contains(systolic), "{line}");
        assert!((50.0..=110.0).contains(diastolic), "{line}");
        assert!(diastolic < systolic, "{line}");
        assert_eq!((u1.as_str(), u2.as_str()), ("mm[Hg]", "mm[Hg]"));
        return;
    }
    let Some(ObservationValue::Quantity(q)) = &base.value else {
        panic!("no valueQuantity: {line}");
    };
    let (low, high, unit) = match loinc.as_str() {
        "8867-4" => (40.0, 140.0, "/min"),
        "9279-1" => (8.0, 30.0, "/min"),
        "8310-5" => (35.0, 40.5, "Cel"),
        "59408-5" => (85.0, 100.0, "%"),
        other => panic!("unexpected code {other}: {line}"),
    };
    assert!((low..=high).contains(&number(q)), "{line}");
    assert_eq!(code(q), unit, "{line}");
}

/// The one profile a line declares in meta.profile (read through the base reader).
fn declared_profile(line: &str) -> String {
    let meta = match Resource::from_json(line).unwrap_or_else(|e| panic!("{e}: {line}")) {
        Resource::Patient(r) => r.meta,
        Resource::Encounter(r) => r.meta,
        Resource::Observation(r) => r.meta,
        other => panic!("unexpected {}: {line}", other.resource_type()),
    };
    let profiles: Vec<String> = meta
        .map(|m| m.profile.into_iter().filter_map(|p| p.value).collect())
        .unwrap_or_default();
    match <[String; 1]>::try_from(profiles) {
        Ok([url]) => url,
        Err(found) => panic!("not one profile ({found:?}): {line}"),
    }
}

fn reference_text(r: &careconnect_models::stu3::Reference) -> String {
    r.reference
        .as_ref()
        .and_then(|p| p.value.clone())
        .unwrap_or_default()
}

fn assert_patient_reference(reference: Option<&str>, patients: &HashSet<String>, line: &str) {
    let id = reference.and_then(|r| r.strip_prefix("Patient/"));
    assert!(
        id.is_some_and(|id| patients.contains(id)),
        "the subject is one of the patients: {line}"
    );
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes() {
    let tmp = TempDir::new("determinism");
    let options = |seed: &'static str| {
        [
            "--patients",
            "150",
            "--observations-per-patient",
            "40",
            "--encounters-per-patient",
            "3",
            "--seed",
            seed,
        ]
    };
    synth(tmp.path(), "a", &options("7"));
    synth(tmp.path(), "b", &options("7"));
    synth(tmp.path(), "c", &options("8"));
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    for name in FILES {
        let first = file_bytes(&a, name);
        assert!(!first.is_empty());
        assert!(
            first == file_bytes(&b, name),
            "{name}: same seed, same bytes"
        );
        assert!(
            first != file_bytes(&c, name),
            "{name}: another seed, other bytes"
        );
    }
    // Written again into the same folder: the files are replaced, not appended to.
    synth(tmp.path(), "a", &options("7"));
    for name in FILES {
        assert!(file_bytes(&a, name) == file_bytes(&b, name), "{name}");
    }
    // The default seed is 1.
    synth(tmp.path(), "d", &["--patients", "3"]);
    synth(tmp.path(), "e", &["--patients", "3", "--seed", "1"]);
    let (d, e) = (tmp.path().join("d"), tmp.path().join("e"));
    assert_eq!(lines(&d, "Observation.ndjson").len(), 60);
    assert_eq!(lines(&d, "Encounter.ndjson").len(), 6);
    for name in FILES {
        assert!(file_bytes(&d, name) == file_bytes(&e, name), "{name}");
    }
}

/// The modulus-11 check of a 10-digit NHS number, written out independently of the
/// generator's.
fn nhs_number_is_valid(number: &str) -> bool {
    let digits: Vec<u32> = number.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 10 || number.len() != 10 {
        return false;
    }
    let sum: u32 = digits[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(d, w)| d * w)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == digits[9]
}

#[test]
fn nhs_numbers_pass_the_modulus_11_check_and_are_distinct() {
    // The check itself: known valid and invalid numbers.
    assert!(nhs_number_is_valid("9434765919"));
    assert!(nhs_number_is_valid("9000000009"));
    assert!(!nhs_number_is_valid("9434765918"));
    assert!(!nhs_number_is_valid("943476591"));

    let tmp = TempDir::new("nhs-numbers");
    let patients = 2500;
    for seed in ["1", "2"] {
        let out = format!("seed-{seed}");
        synth(
            tmp.path(),
            &out,
            &[
                "--patients",
                &patients.to_string(),
                "--observations-per-patient",
                "0",
                "--encounters-per-patient",
                "0",
                "--seed",
                seed,
            ],
        );
        let mut numbers = HashSet::new();
        for line in lines(&tmp.path().join(&out), "Patient.ndjson") {
            let patient = CareConnectPatient::from_json(&line).unwrap_or_else(|e| panic!("{e}"));
            let number = patient
                .nhs_number
                .and_then(|n| n.value.value)
                .unwrap_or_else(|| panic!("a patient without an NHS number: {line}"));
            assert!(nhs_number_is_valid(&number), "{number}");
            assert!(number.starts_with("999"), "{number} is in the test range");
            assert!(numbers.insert(number.clone()), "{number} is given twice");
        }
        assert_eq!(numbers.len(), patients);
    }
}

#[test]
fn a_folder_that_cannot_be_created_is_an_error_naming_it() {
    let tmp = TempDir::new("bad-folder");
    // A folder inside a file cannot be created, whoever runs the test.
    let blocker = tmp.path().join("blocker");
    std::fs::write(&blocker, "not a folder").unwrap_or_else(|e| panic!("{e}"));
    let out = Path::new("blocker").join("data");
    let out = out.to_str().unwrap_or_else(|| panic!("a UTF-8 path"));
    let run = careconnect(tmp.path(), &["synth", "--out", out, "--patients", "2"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.starts_with(&format!(
            "careconnect: synth: cannot create the folder {out}: "
        )),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
    assert_eq!(
        std::fs::read_to_string(&blocker).unwrap_or_else(|e| panic!("{e}")),
        "not a folder"
    );

    // A file that cannot be created: a folder already has its name.
    std::fs::create_dir_all(tmp.path().join("taken").join("Encounter.ndjson"))
        .unwrap_or_else(|e| panic!("{e}"));
    let run = careconnect(tmp.path(), &["synth", "--out", "taken", "--patients", "2"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let named = Path::new("taken").join("Encounter.ndjson");
    assert!(
        run.stderr.starts_with(&format!(
            "careconnect: synth: cannot create {}: ",
            named.display()
        )),
        "{}",
        run.stderr
    );

    // A file that cannot be written: the device that is always full.
    #[cfg(target_os = "linux")]
    if Path::new("/dev/full").exists() {
        let full = tmp.path().join("full");
        std::fs::create_dir_all(&full).unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink("/dev/full", full.join("Observation.ndjson"))
            .unwrap_or_else(|e| panic!("{e}"));
        let run = careconnect(tmp.path(), &["synth", "--out", "full", "--patients", "500"]);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        let named = Path::new("full").join("Observation.ndjson");
        assert!(
            run.stderr.starts_with(&format!(
                "careconnect: synth: cannot write {}: ",
                named.display()
            )),
            "{}",
            run.stderr
        );
    }
}
