//! Reading straight into a profile type (`Profile::from_json`, `ProfiledResource::from_json`
//! and their XML twins, one pass) gives what reading the base resource and converting it
//! gives: the same value written the same way, the same violations, a read error where
//! the base read fails. Every example of both corpora is read as every resource profile.

use careconnect_models::careconnect::{
    CareConnectBloodPressureObservation, CareConnectMedicationStatement, CareConnectPatient,
    ProfiledResource,
};
use careconnect_models::rt::profile::{Profile, ProfileError};
use careconnect_models::rt::{ErrorKind, FhirJson, FhirXml};
use careconnect_models::stu3::Resource;
use careconnect_tests::{Json, examples_dir, json_files, xml_files};

/// The Care Connect examples' folders.
const CARECONNECT: [&str; 2] = ["careconnect-examples", "fhir-stu3-core-ig"];

/// Every JSON document of both example corpora.
fn json_documents() -> Vec<(String, Vec<u8>)> {
    let root = examples_dir();
    let mut all = json_files(&root.join("fhir-stu3-spec"));
    for dir in CARECONNECT {
        all.extend(json_files(&root.join("careconnect").join(dir)));
    }
    all
}

/// The `resourceType` of a JSON document, if it has one.
fn resource_type(bytes: &[u8]) -> Option<String> {
    match careconnect_tests::parse_json(bytes) {
        Ok(Json::Object(o)) => match o.get("resourceType") {
            Some(Json::String(t)) => Some(t.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// What the one-pass read gave against what the base read and conversion gave, for one
/// document (of type `doc_type`) and the profile `at` of [`ProfiledResource::URLS`];
/// `Err` describes a difference.
fn agree(
    direct: Option<Result<ProfiledResource, ProfileError>>,
    base: &Result<Resource, careconnect_models::rt::Error>,
    doc_type: Option<&str>,
    at: usize,
) -> Result<Outcome, String> {
    let url = ProfiledResource::URLS[at];
    let Some(direct) = direct else {
        return Err(format!("no resource profile for {url}"));
    };
    let resource = match base {
        Ok(r) => r.clone(),
        Err(e) => {
            return match direct {
                Err(ProfileError::Read(d)) if d.kind() == e.kind() => Ok(Outcome::ReadError),
                // A document of another type: the profile's type reader fails on it its
                // own way (at `resourceType`, or at an element its type does not have).
                Err(ProfileError::Read(_))
                    if doc_type != Some(ProfiledResource::RESOURCE_TYPES[at]) =>
                {
                    Ok(Outcome::OtherType)
                }
                other => Err(format!(
                    "the base read failed ({e}), one pass gave {other:?}"
                )),
            };
        }
    };
    match (ProfiledResource::from_resource(url, resource), direct) {
        (None, Err(ProfileError::Read(e)))
            if matches!(e.kind(), ErrorKind::ResourceTypeMismatch { .. }) =>
        {
            Ok(Outcome::OtherType)
        }
        (Some(Ok(a)), Ok(b)) => {
            if a != b {
                return Err("the values differ".into());
            }
            if a.to_json() != b.to_json() {
                return Err(format!(
                    "the values write differently:\n{}\n{}",
                    a.to_json(),
                    b.to_json()
                ));
            }
            Ok(Outcome::Conforms)
        }
        (Some(Err(a)), Err(ProfileError::Conformance(b))) if a == b => Ok(Outcome::Violates),
        (a, b) => Err(format!("conversion gave {a:?}, one pass gave {b:?}")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Conforms,
    Violates,
    OtherType,
    ReadError,
}

fn tally(outcomes: &[Outcome], which: Outcome) -> usize {
    outcomes.iter().filter(|o| **o == which).count()
}

#[test]
fn one_pass_json_reads_agree_with_base_read_and_conversion() {
    let docs = json_documents();
    assert!(docs.len() > 650, "both corpora: {} documents", docs.len());
    let mut outcomes = Vec::new();
    let mut failures = Vec::new();
    for (name, bytes) in &docs {
        let base = Resource::from_json(bytes);
        let doc_type = resource_type(bytes);
        for (at, url) in ProfiledResource::URLS.iter().enumerate() {
            let direct = ProfiledResource::from_json(url, bytes);
            match agree(direct, &base, doc_type.as_deref(), at) {
                Ok(o) => outcomes.push(o),
                Err(e) => failures.push(format!("{name} as {url}: {e}")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Every path is taken: values that conform, violations, documents of other types
    // (refused at `resourceType`), and documents the base reader refuses too.
    for which in [
        Outcome::Conforms,
        Outcome::Violates,
        Outcome::OtherType,
        Outcome::ReadError,
    ] {
        assert!(
            tally(&outcomes, which) > 0,
            "no {which:?} among {outcomes:?}"
        );
    }
    assert!(tally(&outcomes, Outcome::Conforms) >= 31);
}

#[test]
fn one_pass_xml_reads_agree_with_base_read_and_conversion() {
    let root = examples_dir().join("careconnect");
    let docs: Vec<_> = CARECONNECT
        .iter()
        .flat_map(|dir| xml_files(&root.join(dir)))
        .collect();
    assert!(
        docs.len() >= 40,
        "the Care Connect XML examples: {}",
        docs.len()
    );
    let mut outcomes = Vec::new();
    let mut failures = Vec::new();
    for (name, bytes) in &docs {
        let base = Resource::from_xml(bytes);
        // The document's type, from its root element's name.
        let doc_type = roxmltree::Document::parse(&String::from_utf8_lossy(bytes))
            .ok()
            .map(|d| d.root_element().tag_name().name().to_string());
        for (at, url) in ProfiledResource::URLS.iter().enumerate() {
            let direct = ProfiledResource::from_xml(url, bytes);
            match agree(direct, &base, doc_type.as_deref(), at) {
                Ok(o) => outcomes.push(o),
                Err(e) => failures.push(format!("{name} as {url}: {e}")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(tally(&outcomes, Outcome::Conforms) > 0, "{outcomes:?}");
    assert!(tally(&outcomes, Outcome::OtherType) > 0, "{outcomes:?}");
}

/// For profile type `P`: the one-pass read of `bytes` equals `P::Base::from_json` and
/// `try_from_base`, errors included (message, path and position).
fn same_as_detour<P: Profile + PartialEq + std::fmt::Debug>(bytes: &[u8]) -> Result<(), String> {
    let direct = P::from_json(bytes);
    let detour = <P::Base as FhirJson>::from_json(bytes)
        .map_err(ProfileError::Read)
        .and_then(|b| P::try_from_base(b).map_err(ProfileError::Conformance));
    match (&direct, &detour) {
        (Ok(a), Ok(b)) if a == b && a.to_json() == b.to_json() => Ok(()),
        (Err(ProfileError::Read(a)), Err(ProfileError::Read(b)))
            if a == b && a.to_string() == b.to_string() =>
        {
            Ok(())
        }
        (Err(a), Err(b)) if a == b => Ok(()),
        _ => Err(format!(
            "one pass: {direct:?}\nbase and conversion: {detour:?}"
        )),
    }
}

/// Each example of the base type, and every prefix of it cut at a line end (errors at
/// every depth: an object, array or string left open), read as `P` both ways.
fn check_type<P: Profile + PartialEq + std::fmt::Debug>(resource_type: &str) -> usize {
    let marker = format!("\"resourceType\": \"{resource_type}\"");
    let mut checked = 0;
    let mut failures = Vec::new();
    for (name, bytes) in json_documents() {
        let text = String::from_utf8_lossy(&bytes);
        if !text.contains(&marker) || text.contains("\"entry\"") {
            continue;
        }
        let mut cuts: Vec<usize> = bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i)
            .collect();
        cuts.push(bytes.len());
        for cut in cuts {
            checked += 1;
            if let Err(e) = same_as_detour::<P>(&bytes[..cut]) {
                failures.push(format!("{name} cut at byte {cut}: {e}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    checked
}

#[test]
fn one_pass_errors_equal_the_base_readers_at_every_cut() {
    assert!(check_type::<CareConnectPatient>("Patient") > 100);
    assert!(check_type::<CareConnectBloodPressureObservation>("Observation") > 100);
    assert!(check_type::<CareConnectMedicationStatement>("MedicationStatement") > 20);
}
