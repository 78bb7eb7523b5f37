//! Profile conformance: the Yorkshire & Humber templates read as the Care Connect profile
//! of their resource type, and one negative test per kind of violation, each asserting the
//! exact FHIR path.

use careconnect_models::careconnect::{
    CareConnectEncounter, CareConnectObservation, CareConnectPatient,
};
use careconnect_models::rt::FhirJson;
use careconnect_models::rt::profile::{
    FoundCoding, Profile, ProfileError, Violation, ViolationKind,
};
use careconnect_models::stu3::Resource;
use careconnect_tests::examples_dir;

/// Reads a template as the Care Connect profile of its resource type; the violations (or
/// the read error) as text.
fn check_template(bytes: &[u8]) -> Result<(), Vec<String>> {
    let resource = Resource::from_json(bytes).map_err(|e| vec![format!("read: {e}")])?;
    let result = match resource {
        Resource::Encounter(e) => CareConnectEncounter::try_from_base(*e).map(drop),
        Resource::Observation(o) => CareConnectObservation::try_from_base(*o).map(drop),
        other => return Err(vec![format!("unexpected {}", other.resource_type())]),
    };
    result.map_err(|c| c.violations.iter().map(ToString::to_string).collect())
}

#[test]
fn yorkshire_templates_are_checked_against_their_care_connect_profiles() {
    let dir = examples_dir()
        .join("careconnect")
        .join("careconnect-examples");
    let expected: &[(&str, Result<(), Vec<&str>>)] = &[
        // `Reference.identifier` is one Identifier, not an array: not FHIR at all.
        (
            "encounter-1.json",
            Err(vec![
                "read: Encounter.participant[1].individual.identifier: expected an object, found an array (line 71, column 19)",
            ]),
        ),
        ("encounter-2.json", Ok(())),
        ("encounter-3.json", Ok(())),
        ("encounter-4.json", Ok(())),
        ("observation-1.json", Ok(())),
        ("observation-3.json", Ok(())),
        ("observation-6.json", Ok(())),
        ("observation-7.json", Ok(())),
        ("observation-8.json", Ok(())),
    ];
    let mut found = careconnect_tests::json_files(&dir);
    assert_eq!(
        found.len(),
        expected.len(),
        "the templates are the JSON files of careconnect-examples"
    );
    found.sort();
    for ((name, bytes), (expected_name, expected)) in found.iter().zip(expected) {
        assert_eq!(name, expected_name);
        let got = check_template(bytes);
        let expected = expected
            .clone()
            .map_err(|v| v.into_iter().map(String::from).collect::<Vec<_>>());
        assert_eq!(got, expected, "{name}");
    }
}

const PATIENT: &str = r#"{
  "resourceType": "Patient",
  "identifier": [
    {"extension": [{"url": "https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-NHSNumberVerificationStatus-1",
       "valueCodeableConcept": {"coding": [{"system": "https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1", "code": "01"}]}}],
     "system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9000000009"}
  ],
  "name": [{"use": "official", "family": "Smith"}],
  "gender": "female"
}"#;

/// The violations of a Patient read as CareConnect-Patient-1.
fn patient_violations(json: &str) -> Vec<Violation> {
    match CareConnectPatient::from_json(json) {
        Ok(_) => Vec::new(),
        Err(ProfileError::Conformance(c)) => c.violations,
        Err(ProfileError::Read(e)) => panic!("not FHIR: {e}"),
    }
}

fn with(json: &str, from: &str, to: &str) -> String {
    assert!(json.contains(from), "test input lacks {from}");
    json.replacen(from, to, 1)
}

#[test]
fn the_reference_patient_conforms() {
    assert_eq!(patient_violations(PATIENT), vec![]);
    let p = CareConnectPatient::from_json(PATIENT).expect("conforms");
    assert_eq!(
        p.nhs_number.as_ref().map(|n| n.value.value.as_deref()),
        Some(Some("9000000009"))
    );
}

#[test]
fn missing_required_element_names_its_path() {
    let json = with(PATIENT, r#", "value": "9000000009""#, "");
    assert_eq!(
        patient_violations(&json),
        vec![Violation {
            path: "Patient.identifier[0].value".into(),
            kind: ViolationKind::Missing
        }]
    );
}

#[test]
fn wrong_fixed_value_in_a_slice_names_its_path() {
    let json = with(PATIENT, r#""use": "official""#, r#""use": "usual""#);
    // `name:official` is discriminated by `use`: a `usual` name is not that slice, so the
    // required official name is missing.
    assert_eq!(
        patient_violations(&json),
        vec![Violation {
            path: "Patient.name:official".into(),
            kind: ViolationKind::Missing
        }]
    );
}

const NHS_NUMBER_STATUS_VS: &str =
    "https://fhir.hl7.org.uk/STU3/ValueSet/CareConnect-NHSNumberVerificationStatus-1";
const NHS_NUMBER_STATUS_CS: &str =
    "https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1";

#[test]
fn code_outside_a_required_binding_names_its_path_and_the_coding_found() {
    let json = with(PATIENT, r#""code": "01""#, r#""code": "99""#);
    let violations = patient_violations(&json);
    assert_eq!(
        violations,
        vec![Violation {
            path: "Patient.identifier[0].extension[0].valueCodeableConcept".into(),
            kind: ViolationKind::NoCodingInValueSet {
                value_set: NHS_NUMBER_STATUS_VS,
                found: vec![FoundCoding {
                    system: Some(NHS_NUMBER_STATUS_CS.into()),
                    code: Some("99".into()),
                    listed_under: None,
                }],
            },
        }]
    );
    assert_eq!(
        violations[0].to_string(),
        format!(
            "Patient.identifier[0].extension[0].valueCodeableConcept: no coding from the \
             required value set {NHS_NUMBER_STATUS_VS}; found '{NHS_NUMBER_STATUS_CS}|99'"
        )
    );
}

/// The cause in one of the NHS examples (edischarge_full_payload_example-01.xml): the
/// system URL lacks `/CodeSystem/`, so the right code does not count.
#[test]
fn a_code_under_a_misspelt_system_names_the_system_the_value_set_has_it_under() {
    let wrong = "https://fhir.hl7.org.uk/STU3/CareConnect-NHSNumberVerificationStatus-1";
    let json = with(
        PATIENT,
        &format!(r#""system": "{NHS_NUMBER_STATUS_CS}""#),
        &format!(r#""system": "{wrong}""#),
    );
    let violations = patient_violations(&json);
    assert_eq!(
        violations.iter().map(|v| &v.kind).collect::<Vec<_>>(),
        [&ViolationKind::NoCodingInValueSet {
            value_set: NHS_NUMBER_STATUS_VS,
            found: vec![FoundCoding {
                system: Some(wrong.into()),
                code: Some("01".into()),
                listed_under: Some(NHS_NUMBER_STATUS_CS),
            }],
        }]
    );
    assert_eq!(
        violations[0].kind.to_string(),
        format!(
            "no coding from the required value set {NHS_NUMBER_STATUS_VS}; found \
             '{wrong}|01' (the value set has '01' under system {NHS_NUMBER_STATUS_CS})"
        )
    );
}

#[test]
fn a_concept_without_codings_says_it_found_none() {
    let kind = ViolationKind::NoCodingInValueSet {
        value_set: NHS_NUMBER_STATUS_VS,
        found: Vec::new(),
    };
    assert_eq!(
        kind.to_string(),
        format!("no coding from the required value set {NHS_NUMBER_STATUS_VS}; found no coding")
    );
}

/// A bound Coding (not a CodeableConcept): its code and the system it names.
#[test]
fn a_coding_outside_a_required_binding_shows_its_system_and_code() {
    use careconnect_models::careconnect::codes::CareConnectNhsNumberVerificationStatus as Status;
    use careconnect_models::rt::Primitive;
    use careconnect_models::rt::plumbing::Checker;
    use careconnect_models::stu3::Coding;
    let coding = |system: &str, code: Option<&str>| Coding {
        system: Some(Primitive::from(system.to_string())),
        code: code.map(|c| Primitive::from(c.to_string())),
        ..Default::default()
    };
    let mut cx = Checker::new("Extension");
    cx.coding::<Status>(coding(NHS_NUMBER_STATUS_CS, Some("01")), "valueCoding");
    assert_eq!(cx.count(), 0, "a code of the value set under its system");
    cx.coding::<Status>(coding(NHS_NUMBER_STATUS_CS, Some("99")), "valueCoding");
    cx.coding::<Status>(coding("http://example.org/cs", Some("02")), "valueCoding");
    cx.coding::<Status>(coding(NHS_NUMBER_STATUS_CS, None), "valueCoding");
    let violations = match cx.finish::<()>("http://example.org/P", Some(())) {
        Err(c) => c.violations,
        Ok(()) => panic!("three codings outside the value set passed"),
    };
    let texts: Vec<String> = violations.iter().map(|v| v.kind.to_string()).collect();
    assert_eq!(
        texts,
        [
            format!(
                "code '{NHS_NUMBER_STATUS_CS}|99' is not in the required value set \
                 {NHS_NUMBER_STATUS_VS}"
            ),
            format!(
                "code 'http://example.org/cs|02' is not in the required value set \
                 {NHS_NUMBER_STATUS_VS} (the value set has '02' under system \
                 {NHS_NUMBER_STATUS_CS})"
            ),
            format!(
                "coding '{NHS_NUMBER_STATUS_CS}|' (no code) has no code from the required \
                 value set {NHS_NUMBER_STATUS_VS}"
            ),
        ]
    );
}

#[test]
fn forbidden_element_names_its_path() {
    let json = with(
        PATIENT,
        r#""gender": "female""#,
        r#""gender": "female", "animal": {"species": {"text": "dog"}}"#,
    );
    assert_eq!(
        patient_violations(&json),
        vec![Violation {
            path: "Patient.animal".into(),
            kind: ViolationKind::NotAllowed
        }]
    );
}

#[test]
fn wrong_reference_target_names_its_path() {
    let json = with(
        PATIENT,
        r#""gender": "female""#,
        r#""gender": "female", "managingOrganization": {"reference": "Practitioner/1"}"#,
    );
    assert_eq!(
        patient_violations(&json),
        vec![Violation {
            path: "Patient.managingOrganization".into(),
            kind: ViolationKind::WrongReferenceTarget {
                found: "Practitioner".into(),
                reference: "Practitioner/1".into(),
                allowed: &["Organization"]
            },
        }]
    );
    assert_eq!(
        patient_violations(&json)[0].to_string(),
        "Patient.managingOrganization: reference to Practitioner ('Practitioner/1'), where the \
         profile allows Organization"
    );
}

#[test]
fn too_many_repetitions_of_a_slice_names_its_path() {
    let second = r#"{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9000000017", "extension": [{"url": "https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-NHSNumberVerificationStatus-1",
       "valueCodeableConcept": {"coding": [{"system": "https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1", "code": "01"}]}}]}"#;
    let json = with(
        PATIENT,
        r#""value": "9000000009"}"#,
        &format!(r#""value": "9000000009"}}, {second}"#),
    );
    assert_eq!(
        patient_violations(&json),
        vec![Violation {
            path: "Patient.identifier:nhsNumber".into(),
            kind: ViolationKind::TooMany { max: 1, found: 2 },
        }]
    );
}

#[test]
fn every_violation_is_reported_not_only_the_first() {
    let json = with(
        PATIENT,
        r#""gender": "female""#,
        r#""gender": "female", "animal": {"species": {"text": "dog"}}, "managingOrganization": {"reference": "Patient/2"}"#,
    );
    let json = with(&json, r#", "value": "9000000009""#, "");
    let paths: Vec<String> = patient_violations(&json)
        .into_iter()
        .map(|v| v.path)
        .collect();
    assert_eq!(
        paths,
        [
            "Patient.animal",
            "Patient.identifier[0].value",
            "Patient.managingOrganization"
        ]
    );
}

#[test]
fn slices_and_remainder_keep_their_order_on_the_way_back() {
    let json = r#"{"resourceType":"Patient","identifier":[{"system":"urn:local","value":"A"},{"extension":[{"url":"https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-NHSNumberVerificationStatus-1","valueCodeableConcept":{"coding":[{"system":"https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1","code":"01"}]}}],"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9000000009"},{"system":"urn:local","value":"B"}],"name":[{"use":"official","family":"Smith"}]}"#;
    let p = CareConnectPatient::from_json(json).expect("conforms");
    assert_eq!(
        p.identifier.len(),
        2,
        "the two local identifiers are the remainder"
    );
    let out = p.to_json();
    careconnect_tests::json_equal(json.as_bytes(), out.as_bytes()).expect("same order");
}

#[test]
fn wrong_fixed_system_in_a_code_discriminated_slice_names_its_path() {
    use careconnect_models::careconnect::CareConnectHeartRateObservation;
    let json = r#"{"resourceType":"Observation","status":"final",
      "category":[{"coding":[{"system":"http://hl7.org/fhir/observation-category","code":"vital-signs","display":"Vital Signs"}]}],
      "code":{"coding":[
        {"system":"http://example.org/not-loinc","code":"8867-4"},
        {"system":"http://snomed.info/sct","code":"364075005","display":"Heart rate"}]},
      "basedOn":[{"reference":"CarePlan/1"}],
      "subject":{"reference":"Patient/1"},
      "effectiveDateTime":"2019-06-01T10:00:00Z",
      "valueQuantity":{"value":72,"unit":"beats/minute","system":"http://unitsofmeasure.org","code":"/min"}}"#;
    let violations = match CareConnectHeartRateObservation::from_json(json) {
        Err(ProfileError::Conformance(c)) => c.violations,
        other => panic!("expected violations, got {other:?}"),
    };
    assert_eq!(
        violations,
        vec![Violation {
            path: "Observation.code.coding[0].system".into(),
            kind: ViolationKind::FixedValue {
                expected: "http://loinc.org",
                found: "http://example.org/not-loinc".into()
            },
        }]
    );
    assert_eq!(
        violations[0].kind.to_string(),
        "must be 'http://loinc.org' (fixed by the profile), found 'http://example.org/not-loinc'"
    );
}
