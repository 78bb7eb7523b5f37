//! FHIR XML against the example corpora:
//!
//! - every official FHIR 3.0.1 JSON example survives JSON → XML → JSON unchanged as FHIR
//!   content (so the XML writer and reader agree on every element the spec uses);
//! - every Care Connect XML instance reads and writes back as the same XML infoset;
//! - the core IG's 31 XML originals read to the same models as their JSON renderings;
//! - every instance read from XML conforms to the Care Connect profiles it declares, and
//!   its profile type gives back the same XML; the ones that do not are pinned with the
//!   exact violations and why.

use careconnect_models::careconnect::{CareConnectPatient, ProfiledResource};
use careconnect_models::rt::profile::{Profile, ProfileError};
use careconnect_models::rt::{FhirJson, FhirXml, ReadOptions};
use careconnect_models::stu3::Resource;
use careconnect_tests::{
    Json, SPEC_NOT_VALID_STU3, XmlName, examples_dir, json_equal, json_files, parse_json,
    xml_equal, xml_equal_except, xml_files,
};

/// `xsi:schemaLocation` on the root element: a hint for schema validators, not FHIR
/// content. By policy the reader accepts it on the root only and does not keep it (it
/// reports it as an issue), so the written XML cannot have it.
const SCHEMA_LOCATION: XmlName<'static> = (
    Some("http://www.w3.org/2001/XMLSchema-instance"),
    "schemaLocation",
);

/// The one Care Connect XML file with `xsi:schemaLocation` on its root (checked, so the
/// exception cannot go stale or spread unnoticed).
const WITH_SCHEMA_LOCATION: &[&str] =
    &["fhir-stu3-core-ig/CareConnect-OxygenSaturation-Observation-Example-1.xml"];

/// Care Connect resource profiles live under this base; ITK and ODS profiles
/// (`https://fhir.nhs.uk/STU3/...`) have no types here.
const CARECONNECT_BASE: &str = "https://fhir.hl7.org.uk/STU3/StructureDefinition/";

/// A snippet of `text` around byte `offset`, for error messages about compact XML (one
/// line, so the line number alone does not help).
fn around(text: &str, offset: usize) -> String {
    let mut start = offset.saturating_sub(60);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (offset + 60).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    text[start..end].to_string()
}

/// Reads XML that the writer produced, with the written text around the error position.
fn read_back(xml: &str) -> Result<Resource, String> {
    Resource::from_xml(xml).map_err(|e| match e.position() {
        Some(p) => format!("{e}; written XML there: `{}`", around(xml, p.offset)),
        None => e.to_string(),
    })
}

#[test]
fn every_spec_example_round_trips_through_xml() {
    let files = json_files(&examples_dir().join("fhir-stu3-spec"));
    assert_eq!(files.len(), 653, "the spec corpus should hold 653 examples");
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, bytes) in &files {
        if let Some((_, why, expected)) = SPEC_NOT_VALID_STU3.iter().find(|(n, ..)| n == name) {
            // Not valid STU3 (see spec_corpus.rs): it must still fail to read as JSON, so
            // the exclusion cannot outlive its reason.
            match Resource::from_json(bytes) {
                Ok(_) => failures.push(format!("{name}: listed as invalid ({why}) but parses")),
                Err(e) if format!("parse: {e}").starts_with(expected) => {}
                Err(e) => failures.push(format!(
                    "{name}: listed as invalid ({why}) with error `{expected}`, but fails with `{e}`"
                )),
            }
            continue;
        }
        let result = Resource::from_json(bytes)
            .map_err(|e| format!("JSON read: {e}"))
            .and_then(|r| {
                let xml = r.to_xml();
                // An independent parser must accept what the writer wrote.
                roxmltree::Document::parse(&xml)
                    .map_err(|e| format!("written XML is not well-formed: {e}"))?;
                let back = read_back(&xml).map_err(|e| format!("XML read: {e}"))?;
                json_equal(bytes, back.to_json().as_bytes())
                    .map_err(|e| format!("JSON → XML → JSON: {e}"))
            });
        match result {
            Ok(()) => checked += 1,
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{checked}/{} round-trip through XML; failures:\n{}",
        files.len(),
        failures.join("\n")
    );
    assert_eq!(
        checked,
        653 - SPEC_NOT_VALID_STU3.len(),
        "every example but the invalid ones"
    );
}

/// Every `.xml` file of both Care Connect folders, named `folder/file.xml`.
fn careconnect_xml_files() -> Vec<(String, Vec<u8>)> {
    let root = examples_dir().join("careconnect");
    let mut files = Vec::new();
    for (folder, count) in [("careconnect-examples", 11), ("fhir-stu3-core-ig", 31)] {
        let found = xml_files(&root.join(folder));
        assert_eq!(found.len(), count, "{count} XML files in {folder}");
        files.extend(
            found
                .into_iter()
                .map(|(name, bytes)| (format!("{folder}/{name}"), bytes)),
        );
    }
    assert_eq!(files.len(), 42, "42 Care Connect XML files");
    files
}

/// Whether the root element of `xml` carries `xsi:schemaLocation` (read independently of
/// the models' reader).
fn has_schema_location(xml: &[u8]) -> bool {
    let text = std::str::from_utf8(xml).unwrap_or_default();
    roxmltree::Document::parse(text).is_ok_and(|d| {
        d.root_element()
            .attributes()
            .any(|a| (a.namespace(), a.name()) == SCHEMA_LOCATION)
    })
}

#[test]
fn every_careconnect_xml_instance_writes_back_the_same_infoset() {
    let files = careconnect_xml_files();
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut schema_located = Vec::new();
    for (name, bytes) in &files {
        let skip: &[XmlName<'_>] = if has_schema_location(bytes) {
            schema_located.push(name.as_str());
            &[SCHEMA_LOCATION]
        } else {
            &[]
        };
        let resource = match Resource::from_xml(bytes) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{name}: read: {e}"));
                continue;
            }
        };
        let compact = resource.to_xml();
        let pretty = resource.to_xml_pretty();
        let result = xml_equal_except(bytes, compact.as_bytes(), skip)
            .map_err(|e| format!("to_xml: {e}"))
            .and_then(|()| {
                xml_equal_except(bytes, pretty.as_bytes(), skip)
                    .map_err(|e| format!("to_xml_pretty: {e}"))
            });
        match result {
            Ok(()) => checked += 1,
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{checked}/{} write back the same infoset; failures:\n{}",
        files.len(),
        failures.join("\n")
    );
    assert_eq!(checked, 42);
    assert_eq!(schema_located, WITH_SCHEMA_LOCATION);
}

#[test]
fn schema_location_on_the_root_is_reported_not_kept() {
    let files = careconnect_xml_files();
    for name in WITH_SCHEMA_LOCATION {
        let (_, bytes) = files
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name} is missing"));
        let (resource, issues) =
            Resource::from_xml_with(bytes, ReadOptions::default()).expect("reads");
        assert_eq!(issues.len(), 1, "{name}: {issues:?}");
        assert!(
            issues[0].message.contains("schemaLocation"),
            "{}",
            issues[0]
        );
        assert_eq!(issues[0].position.line, 2, "{}", issues[0]);
        assert!(!resource.to_xml().contains("schemaLocation"));
    }
}

/// A resource as a JSON object (to look at its elements generically).
fn json_object(r: &Resource) -> std::collections::BTreeMap<String, Json> {
    match parse_json(r.to_json().as_bytes()) {
        Ok(Json::Object(o)) => o,
        other => panic!("a resource writes a JSON object, got {other:?}"),
    }
}

#[test]
fn core_ig_xml_originals_read_to_the_same_models_as_their_json_renderings() {
    let dir = examples_dir().join("careconnect").join("fhir-stu3-core-ig");
    let xml = xml_files(&dir);
    let json = json_files(&dir);
    assert_eq!((xml.len(), json.len()), (31, 31), "31 XML/JSON twins");
    let mut failures = Vec::new();
    let mut pairs = Vec::new();
    for (name, bytes) in &xml {
        let from_xml = match Resource::from_xml(bytes) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{name}: read: {e}"));
                continue;
            }
        };
        // `CareConnect-X-Example-1.xml` ↔ `<ResourceType>-CareConnect-X-Example-1.json`.
        let stem = name.strip_suffix(".xml").unwrap_or(name);
        let twin = format!("{}-{stem}.json", from_xml.resource_type());
        let Some((_, json_bytes)) = json.iter().find(|(n, _)| *n == twin) else {
            failures.push(format!("{name}: no JSON twin {twin}"));
            continue;
        };
        let mut from_json =
            Resource::from_json(json_bytes).unwrap_or_else(|e| panic!("{twin} reads as JSON: {e}"));
        // The IG publisher adds a generated narrative to the JSON rendering; the XML
        // originals have none. Remove it on the JSON side only, and only that.
        if !json_object(&from_xml).contains_key("text") {
            let mut object = json_object(&from_json);
            match object.remove("text") {
                Some(Json::Object(text))
                    if text.get("status") == Some(&Json::String("generated".into())) => {}
                other => {
                    failures.push(format!(
                        "{twin}: expected a generated `text` the XML lacks, found {other:?}"
                    ));
                    continue;
                }
            }
            from_json = Resource::from_json(Json::Object(object).to_json_text())
                .unwrap_or_else(|e| panic!("{twin} without text reads: {e}"));
        }
        if from_xml == from_json {
            pairs.push(twin);
        } else {
            let why = json_equal(
                from_json.to_json().as_bytes(),
                from_xml.to_json().as_bytes(),
            )
            .err()
            .unwrap_or_else(|| "models differ, JSON is equal".into());
            failures.push(format!("{name} vs {twin} (JSON as input): {why}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} pairs equal; failures:\n{}",
        pairs.len(),
        failures.join("\n")
    );
    pairs.sort();
    pairs.dedup();
    assert_eq!(pairs.len(), 31, "31 distinct pairs");
}

/// The Care Connect profile URLs a resource declares in `meta.profile`.
fn declared_careconnect_profiles(r: &Resource) -> Vec<String> {
    let Some(Json::Object(meta)) = json_object(r).remove("meta") else {
        return Vec::new();
    };
    let Some(Json::Array(profiles)) = meta.get("profile") else {
        return Vec::new();
    };
    profiles
        .iter()
        .filter_map(|p| match p {
            Json::String(s) if s.starts_with(CARECONNECT_BASE) && s.contains("CareConnect") => {
                Some(s.clone())
            }
            _ => None,
        })
        .collect()
}

/// An instance read from XML that does not conform to a Care Connect profile it declares.
struct NotConforming {
    /// `folder/file.xml`.
    file: &'static str,
    /// The index in `Bundle.entry`, or `None` for the file's own resource.
    entry: Option<usize>,
    profile: &'static str,
    /// Every violation as displayed, in order.
    violations: &'static [&'static str],
    why: &'static str,
}

/// Real NHS instances that do not conform to a profile they declare (pinned: each must
/// still fail with exactly these violations).
const NOT_CONFORMING: &[NotConforming] = &[
    NotConforming {
        file: "careconnect-examples/ITK-EDIS-TEST-038.xml",
        entry: Some(2),
        profile: "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1",
        violations: &["Patient.name:official: required by the profile but absent"],
        why: "the patient's only name has use 'usual'; the profile requires one with use 'official'",
    },
    NotConforming {
        file: "careconnect-examples/edischarge_full_payload_example-01.xml",
        entry: Some(17),
        profile: "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-AllergyIntolerance-1",
        violations: &["AllergyIntolerance.assertedDate: required by the profile but absent"],
        why: "the allergy has no assertedDate, which the profile makes 1..1",
    },
    NotConforming {
        file: "careconnect-examples/edischarge_full_payload_example-01.xml",
        entry: Some(25),
        profile: "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1",
        violations: &[
            "Patient.extension[0].valueCodeableConcept: no coding from the required value set https://fhir.hl7.org.uk/STU3/ValueSet/CareConnect-EthnicCategory-1; found 'https://fhir.hl7.org.uk/STU3/CareConnect-EthnicCategory-1|A' (the value set has 'A' under system https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-EthnicCategory-1)",
            "Patient.extension[3].valueCodeableConcept: no coding from the required value set https://fhir.hl7.org.uk/STU3/ValueSet/CareConnect-ResidentialStatus-1; found 'https://fhir.hl7.org.uk/STU3/CareConnect-ResidentialStatus-1|H' (the value set has 'H' under system https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-ResidentialStatus-1)",
            "Patient.extension[4].valueCodeableConcept: no coding from the required value set https://fhir.hl7.org.uk/STU3/ValueSet/CareConnect-TreatmentCategory-1; found 'https://fhir.hl7.org.uk/STU3/CareConnect-TreatmentCategory-1|8' (the value set has '8' under system https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-TreatmentCategory-1)",
            "Patient.extension[5].extension[0].valueCodeableConcept: no coding from the required value set https://fhir.hl7.org.uk/STU3/ValueSet/CareConnect-HumanLanguage-1; found 'https://fhir.hl7.org.uk/STU3/CareConnect-HumanLanguage-1|en' (the value set has 'en' under system https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-HumanLanguage-1)",
            "Patient.extension[5].extension[2].valueCodeableConcept: no coding from the required value set https://fhir.hl7.org.uk/STU3/ValueSet/CareConnect-LanguageAbilityMode-1; found 'https://fhir.hl7.org.uk/STU3/CareConnect-LanguageAbilityMode-1|ESP' (the value set has 'ESP' under system https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-LanguageAbilityMode-1)",
            "Patient.extension[5].extension[3].valueCodeableConcept: no coding from the required value set https://fhir.hl7.org.uk/STU3/ValueSet/CareConnect-LanguageAbilityMode-1; found 'https://fhir.hl7.org.uk/STU3/CareConnect-LanguageAbilityMode-1|RWR' (the value set has 'RWR' under system https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-LanguageAbilityMode-1)",
            "Patient.extension[5].extension[4].valueCodeableConcept: no coding from the required value set https://fhir.hl7.org.uk/STU3/ValueSet/CareConnect-LanguageAbilityProficiency-1; found 'https://fhir.hl7.org.uk/STU3/CareConnect-LanguageAbilityProficiency-1|E' (the value set has 'E' under system https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-LanguageAbilityProficiency-1)",
            "Patient.identifier[0].extension[0].valueCodeableConcept: no coding from the required value set https://fhir.hl7.org.uk/STU3/ValueSet/CareConnect-NHSNumberVerificationStatus-1; found 'https://fhir.hl7.org.uk/STU3/CareConnect-NHSNumberVerificationStatus-1|01' (the value set has '01' under system https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1)",
        ],
        why: "its Care Connect codings name their systems without the /CodeSystem/ segment \
              (https://fhir.hl7.org.uk/STU3/CareConnect-EthnicCategory-1), which the value sets do not include",
    },
];

/// Declarations of a Care Connect profile in the XML corpus (`meta.profile` on the
/// instances and on every Bundle entry resource), counted independently with an XML
/// parser when this list was written.
const DECLARATIONS: usize = 128;

#[test]
fn xml_instances_conform_to_their_declared_careconnect_profiles() {
    let files = careconnect_xml_files();
    let mut failures = Vec::new();
    let mut conforming = 0;
    let mut pinned_seen = vec![false; NOT_CONFORMING.len()];
    for (name, bytes) in &files {
        let resource = match Resource::from_xml(bytes) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{name}: read: {e}"));
                continue;
            }
        };
        let mut instances: Vec<(Option<usize>, Resource)> = Vec::new();
        if let Resource::Bundle(bundle) = &resource {
            for (i, entry) in bundle.entry.iter().enumerate() {
                if let Some(r) = &entry.resource {
                    instances.push((Some(i), r.clone()));
                }
            }
        }
        instances.push((None, resource));
        for (entry, r) in instances {
            let at = match entry {
                Some(i) => format!("{name} entry[{i}]"),
                None => name.clone(),
            };
            for url in declared_careconnect_profiles(&r) {
                let pinned = NOT_CONFORMING
                    .iter()
                    .position(|p| p.file == name && p.entry == entry && p.profile == url);
                if let Some(i) = pinned {
                    pinned_seen[i] = true;
                }
                match (ProfiledResource::from_resource(&url, r.clone()), pinned) {
                    (None, _) => failures.push(format!(
                        "{at}: no profile type for {url} and a {}",
                        r.resource_type()
                    )),
                    (Some(Ok(p)), None) => {
                        match xml_equal(
                            r.to_xml().as_bytes(),
                            p.into_resource().to_xml().as_bytes(),
                        ) {
                            Ok(()) => conforming += 1,
                            Err(e) => {
                                failures.push(format!("{at}: {url} round trip loses: {e}"));
                            }
                        }
                    }
                    (Some(Ok(_)), Some(i)) => failures.push(format!(
                        "{at}: pinned as not conforming to {url} ({}), but conforms",
                        NOT_CONFORMING[i].why
                    )),
                    (Some(Err(c)), pinned) => {
                        let found: Vec<String> =
                            c.violations.iter().map(ToString::to_string).collect();
                        match pinned {
                            Some(i) if found == NOT_CONFORMING[i].violations => {}
                            _ => failures.push(format!(
                                "{at}: {url}: violations {found:#?}{}",
                                pinned
                                    .map(|i| format!(
                                        ", pinned as {:#?}",
                                        NOT_CONFORMING[i].violations
                                    ))
                                    .unwrap_or_default()
                            )),
                        }
                    }
                }
            }
        }
    }
    for (seen, p) in pinned_seen.iter().zip(NOT_CONFORMING) {
        if !seen {
            failures.push(format!(
                "pinned {} entry {:?} {} was not found in the corpus",
                p.file, p.entry, p.profile
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{conforming} conform; failures:\n{}",
        failures.join("\n")
    );
    assert_eq!(
        conforming + NOT_CONFORMING.len(),
        DECLARATIONS,
        "every declaration checked"
    );
}

#[test]
fn profile_types_read_and_write_xml() {
    let path = examples_dir()
        .join("careconnect")
        .join("fhir-stu3-core-ig")
        .join("CareConnect-Patient-Example-1.xml");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let patient = CareConnectPatient::from_xml(&bytes).expect("conforms");
    assert_eq!(xml_equal(&bytes, patient.to_xml().as_bytes()), Ok(()));

    // A patient without the required official name: the same conformance error as JSON.
    let from_xml = CareConnectPatient::from_xml(r#"<Patient xmlns="http://hl7.org/fhir"/>"#);
    let from_json = CareConnectPatient::from_json(r#"{"resourceType":"Patient"}"#);
    assert!(
        matches!(&from_xml, Err(ProfileError::Conformance(c)) if !c.violations.is_empty()),
        "{from_xml:?}"
    );
    assert_eq!(from_xml, from_json);

    // XML that is not FHIR is a read error, not a conformance error.
    let e = CareConnectPatient::from_xml(r#"<Patient xmlns="http://hl7.org/fhir"><active"#);
    assert!(matches!(e, Err(ProfileError::Read(_))), "{e:?}");
}
