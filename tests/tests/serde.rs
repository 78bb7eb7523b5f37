//! The `serde` feature: base types, the `Resource` enum and the profile types read and
//! write exactly FHIR JSON through serde_json's entry points (the same bytes as `to_json`,
//! the same values and errors as `from_json`), and round-trip through a binary and a
//! non-JSON text format.

use careconnect_models::careconnect::{CareConnectPatient, ProfiledResource};
use careconnect_models::rt::FhirJson;
use careconnect_models::rt::profile::Profile;
use careconnect_models::stu3::{self, Resource};
use careconnect_tests::SPEC_NOT_VALID_STU3;
use careconnect_tests::{examples_dir, json_files};

/// Every way serde_json reads and writes a `T`, checked against the native reader and
/// writer on `bytes`: `Ok(())`, or what differed.
fn check_serde_json<T>(bytes: &[u8]) -> Result<(), String>
where
    T: FhirJson + serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let native = T::from_json(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    let from_str = serde_json::from_str::<T>(text);
    let from_slice = serde_json::from_slice::<T>(bytes);
    let from_reader = serde_json::from_reader::<_, T>(bytes);
    let value = match native {
        Err(e) => {
            // The same error, with its FHIR path (serde_json adds where its input ends).
            let expected = e.to_string();
            for (how, result) in [
                ("from_str", from_str),
                ("from_slice", from_slice),
                ("from_reader", from_reader),
            ] {
                match result {
                    Ok(_) => return Err(format!("{how} accepted what from_json refuses: {e}")),
                    Err(se) if se.to_string().starts_with(&expected) => {}
                    Err(se) => return Err(format!("{how}: error `{se}`, expected `{expected}`")),
                }
            }
            return Ok(());
        }
        Ok(v) => v,
    };
    for (how, result) in [
        ("from_str", from_str),
        ("from_slice", from_slice),
        ("from_reader", from_reader),
    ] {
        match result {
            Ok(v) if v == value => {}
            Ok(_) => return Err(format!("{how} read another value than from_json")),
            Err(e) => return Err(format!("{how} failed where from_json succeeds: {e}")),
        }
    }
    let expected = value.to_json();
    let to_string = serde_json::to_string(&value).map_err(|e| format!("to_string: {e}"))?;
    if to_string != expected {
        return Err("to_string wrote other bytes than to_json".into());
    }
    let mut written = Vec::new();
    serde_json::to_writer(&mut written, &value).map_err(|e| format!("to_writer: {e}"))?;
    if written != expected.as_bytes() {
        return Err("to_writer wrote other bytes than to_json".into());
    }
    // Through `serde_json::Value` the structure survives (numbers as serde_json holds them).
    let v = serde_json::to_value(&value).map_err(|e| format!("to_value: {e}"))?;
    let parsed: serde_json::Value =
        serde_json::from_str(&expected).map_err(|e| format!("serde_json parse: {e}"))?;
    if v != parsed {
        return Err("to_value gave another structure than the JSON text".into());
    }
    Ok(())
}

#[test]
fn spec_examples_read_and_write_through_serde_json_as_natively() {
    let files = json_files(&examples_dir().join("fhir-stu3-spec"));
    assert_eq!(files.len(), 653, "the spec corpus should hold 653 examples");
    let mut failures = Vec::new();
    let mut refused = 0;
    for (name, bytes) in &files {
        if let Err(e) = check_serde_json::<Resource>(bytes) {
            failures.push(format!("{name}: {e}"));
        }
        if Resource::from_json(bytes).is_err() {
            refused += 1;
        }
    }
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
    // The invalid examples went through the error path, with the same messages.
    assert_eq!(refused, SPEC_NOT_VALID_STU3.len());
}

/// A concrete resource type, not just the enum: the `Patient` examples as `stu3::Patient`.
#[test]
fn concrete_resource_types_read_and_write_through_serde_json() {
    let files = json_files(&examples_dir().join("fhir-stu3-spec"));
    let patients: Vec<_> = files
        .iter()
        .filter(|(name, _)| name.to_ascii_lowercase().starts_with("patient-"))
        .collect();
    assert!(patients.len() >= 10, "{} Patient examples", patients.len());
    for (name, bytes) in patients {
        check_serde_json::<stu3::Patient>(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    // Another resource type is refused, as by from_json.
    let (name, observation) = files
        .iter()
        .find(|(name, _)| name.to_ascii_lowercase().starts_with("observation-"))
        .unwrap_or_else(|| panic!("no Observation example"));
    let e = serde_json::from_slice::<stu3::Patient>(observation)
        .err()
        .unwrap_or_else(|| panic!("{name} read as a Patient"));
    assert!(
        e.to_string().contains("resourceType is 'Observation'"),
        "{e}"
    );
}

/// Every Care Connect JSON instance through serde as `Resource`, and as the profile type of
/// each Care Connect profile it declares (`ProfiledResource::deserialize_as`), which must
/// agree with the native conversion and write the same bytes.
#[test]
fn care_connect_examples_read_and_write_through_serde_json() {
    let dir = examples_dir().join("careconnect");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.is_dir() {
            files.extend(json_files(&path));
        }
    }
    assert!(
        files.len() >= 31,
        "{} Care Connect JSON instances",
        files.len()
    );
    let mut failures = Vec::new();
    let mut profiled = 0;
    for (name, bytes) in &files {
        if let Err(e) = check_serde_json::<Resource>(bytes) {
            failures.push(format!("{name}: {e}"));
        }
        let Ok(resource) = Resource::from_json(bytes) else {
            continue;
        };
        for url in declared_profiles(&resource) {
            let Some(native) = ProfiledResource::from_resource(&url, resource.clone()) else {
                continue;
            };
            let mut de = serde_json::Deserializer::from_slice(bytes);
            let through_serde = ProfiledResource::deserialize_as(&url, &mut de);
            match (native, through_serde) {
                (Ok(n), Ok(s)) => {
                    if n != s {
                        failures.push(format!("{name}: {url}: serde read another value"));
                    }
                    let json = serde_json::to_string(&s).unwrap_or_else(|e| panic!("{e}"));
                    if json != s.clone().into_resource().to_json() {
                        failures.push(format!("{name}: {url}: serde wrote other bytes"));
                    }
                    profiled += 1;
                }
                (Err(c), Err(e)) if e.to_string().starts_with(&c.to_string()) => profiled += 1,
                (n, s) => failures.push(format!(
                    "{name}: {url}: native {:?}, serde {:?}",
                    n.err().map(|c| c.to_string()),
                    s.err().map(|e| e.to_string())
                )),
            }
        }
    }
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
    assert!(profiled >= 31, "{profiled} profile conversions compared");
}

/// The Care Connect profile URLs a resource declares in `meta.profile`.
fn declared_profiles(r: &Resource) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap_or_default();
    value["meta"]["profile"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

const PATIENT: &str = r#"{"resourceType":"Patient","meta":{"profile":["https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1"]},"identifier":[{"extension":[{"url":"https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-NHSNumberVerificationStatus-1","valueCodeableConcept":{"coding":[{"system":"https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1","code":"01"}]}}],"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9000000009"}],"name":[{"use":"official","family":"Smith"}],"gender":"female"}"#;

#[test]
fn a_profile_type_reads_checked_and_writes_its_base_json() {
    let p: CareConnectPatient = serde_json::from_str(PATIENT).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        p,
        CareConnectPatient::from_json(PATIENT).unwrap_or_else(|e| panic!("{e}"))
    );
    assert_eq!(
        serde_json::to_string(&p).unwrap_or_else(|e| panic!("{e}")),
        PATIENT
    );

    // A violation of the profile is an error of serde, with the profile's message.
    let bad = PATIENT.replace(r#""gender":"female""#, r#""gender":"woman""#);
    let e = serde_json::from_str::<CareConnectPatient>(&bad)
        .err()
        .unwrap_or_else(|| panic!("an invalid gender was accepted"));
    assert!(e.to_string().starts_with("Patient.gender"), "{e}");
    assert!(e.to_string().contains("'woman'"), "{e}");

    // An unknown profile URL.
    let mut de = serde_json::Deserializer::from_str(PATIENT);
    let e = ProfiledResource::deserialize_as("http://example.org/none", &mut de)
        .err()
        .unwrap_or_else(|| panic!("an unknown URL was accepted"));
    assert!(e.to_string().contains("http://example.org/none"), "{e}");
}

/// Resources as parts of a larger serde value: a field, a `Vec`, an `Option`.
#[test]
fn resources_nest_in_other_serde_types() {
    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Envelope {
        id: u32,
        patient: CareConnectPatient,
        others: Vec<Resource>,
        missing: Option<stu3::Observation>,
    }
    let text = format!(
        r#"{{"id":7,"patient":{PATIENT},"others":[{PATIENT},{{"resourceType":"Basic","code":{{"text":"x"}}}}],"missing":null}}"#
    );
    let envelope: Envelope = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(envelope.others.len(), 2);
    assert_eq!(envelope.others[1].resource_type(), "Basic");
    assert_eq!(
        serde_json::to_string(&envelope).unwrap_or_else(|e| panic!("{e}")),
        text
    );

    // An error inside a nested resource names its FHIR path.
    let bad = text.replace(r#""text":"x""#, r#""txt":"x""#);
    let e = serde_json::from_str::<Envelope>(&bad)
        .err()
        .unwrap_or_else(|| panic!("an unknown element was accepted"));
    assert!(
        e.to_string().contains("Basic.code: unknown element 'txt'"),
        "{e}"
    );
}

/// Decimals keep their text on the way through serde_json.
#[test]
fn decimals_keep_their_text() {
    let json = r#"{"resourceType":"Observation","status":"final","code":{"text":"w"},"valueQuantity":{"value":1.50,"unit":"kg"}}"#;
    let o: stu3::Observation = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        serde_json::to_string(&o).unwrap_or_else(|e| panic!("{e}")),
        json
    );
    let mut out = Vec::new();
    serde_json::to_writer_pretty(&mut out, &o).unwrap_or_else(|e| panic!("{e}"));
    assert!(String::from_utf8_lossy(&out).contains("1.50"));
}

/// A binary format (postcard: not human-readable) carries the FHIR JSON text; a non-JSON
/// text format (TOML) carries it in serde_json's raw-value marker. Both round-trip.
#[test]
fn non_json_formats_round_trip() {
    let files = json_files(&examples_dir().join("fhir-stu3-spec"));
    let mut checked = 0;
    let patients = files
        .iter()
        .filter(|(n, _)| n.to_ascii_lowercase().starts_with("patient-"));
    for (name, bytes) in patients {
        // The one invalid Patient example (SPEC_NOT_VALID_STU3) has nothing to carry.
        let Ok(r) = Resource::from_json(bytes) else {
            continue;
        };
        let packed = postcard::to_allocvec(&r).unwrap_or_else(|e| panic!("{name}: {e}"));
        let back: Resource =
            postcard::from_bytes(&packed).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back, r, "{name} through postcard");

        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Doc {
            resource: Resource,
        }
        let doc = Doc { resource: r };
        let text = toml::to_string(&doc).unwrap_or_else(|e| panic!("{name}: {e}"));
        let back: Doc = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
        assert_eq!(back, doc, "{name} through TOML");
        checked += 1;
    }
    assert!(checked >= 10);

    // A binary format reports the native reader's error.
    let packed = postcard::to_allocvec(r#"{"resourceType":"Patient","gender":"x"}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    let e = postcard::from_bytes::<stu3::Patient>(&packed)
        .err()
        .unwrap_or_else(|| panic!("an invalid code was accepted"));
    // postcard keeps no message; the error kind says the value was refused.
    assert!(!e.to_string().is_empty());
}
