//! Primitive values that break the rule of their type (issue 12, part 2): a strict read
//! refuses each with its FHIR path and position; a lenient read keeps the text exactly as
//! written, records one issue for it, writes it back unchanged in JSON and in XML, and
//! the typed accessor says the value is invalid instead of giving one.

use careconnect_models::rt::{FhirJson, FhirXml, Issue, Primitive, ReadOptions};
use careconnect_models::stu3::codes::AdministrativeGender;
use careconnect_models::stu3::{
    Bundle, Observation, Patient, PatientMultipleBirth, ReferralRequest, Resource,
};
use careconnect_tests::json_equal;

const BUNDLE: &str = include_str!("../fixtures/lenient/referral-bundle.json");

/// The fixture's invalid values: the issue's path, the line of the value in the fixture,
/// and the start of the issue's message.
const BUNDLE_ISSUES: [(&str, usize, &str); 6] = [
    (
        "Bundle.entry[0].resource.ofType(ReferralRequest).authoredOn",
        16,
        "invalid dateTime:",
    ),
    (
        "Bundle.entry[1].resource.ofType(Patient).active",
        28,
        "expected a boolean, found a string",
    ),
    (
        "Bundle.entry[1].resource.ofType(Patient).gender",
        29,
        "code 'M' is not in",
    ),
    (
        "Bundle.entry[1].resource.ofType(Patient).birthDate",
        30,
        "invalid date:",
    ),
    (
        "Bundle.entry[1].resource.ofType(Patient).multipleBirthInteger",
        31,
        "invalid integer: '1.0' is not an integer",
    ),
    (
        "Bundle.entry[2].resource.ofType(Observation).issued",
        51,
        "invalid instant:",
    ),
];

fn lenient_bundle(json: &[u8]) -> (Bundle, Vec<Issue>) {
    Bundle::from_json_with(json, ReadOptions::lenient())
        .unwrap_or_else(|e| panic!("a lenient read takes the bundle: {e}"))
}

fn assert_issues(issues: &[Issue], expected: &[(&str, usize, &str)], side: &str) {
    let found: Vec<_> = issues.iter().map(|i| i.to_string()).collect();
    assert_eq!(issues.len(), expected.len(), "{side}: {found:#?}");
    for (issue, (path, line, message)) in issues.iter().zip(expected) {
        assert_eq!(issue.path, *path, "{side}: {issue}");
        assert!(issue.message.contains(message), "{side}: {issue}");
        assert!(
            issue.message.ends_with("; kept as written"),
            "{side}: {issue}"
        );
        if *line > 0 {
            assert_eq!(issue.position.line, *line, "{side}: {issue}");
        }
    }
}

#[test]
fn a_strict_read_refuses_the_first_invalid_value_with_its_path_and_position() {
    let e = Bundle::from_json(BUNDLE).expect_err("a zone-less dateTime is not valid STU3");
    let text = e.to_string();
    assert!(
        text.starts_with(
            "Bundle.entry[0].resource.ofType(ReferralRequest).authoredOn: invalid dateTime:"
        ),
        "{text}"
    );
    let position = e.position().expect("the error has a position");
    assert_eq!((position.line, position.column), (16, 23), "{text}");
}

#[test]
fn a_lenient_read_keeps_each_invalid_value_and_writes_the_bundle_back_unchanged() {
    let (bundle, issues) = lenient_bundle(BUNDLE.as_bytes());
    assert_issues(&issues, &BUNDLE_ISSUES, "JSON");
    let out = bundle.to_json();
    json_equal(BUNDLE.as_bytes(), out.as_bytes()).unwrap_or_else(|d| panic!("JSON: {d}"));
    // The output is as invalid as the input: the defect is reported again, not repaired.
    let again = Bundle::from_json(&out).expect_err("the output still breaks the rules");
    assert!(again.to_string().contains("authoredOn"), "{again}");
    let (reread, issues) = lenient_bundle(out.as_bytes());
    assert_eq!(reread, bundle);
    // The output is on one line.
    let expected: Vec<_> = BUNDLE_ISSUES.iter().map(|(p, _, m)| (*p, 1, *m)).collect();
    assert_issues(&issues, &expected, "JSON, read again");
}

#[test]
fn the_kept_text_goes_through_xml_and_back_unchanged() {
    let (bundle, _) = lenient_bundle(BUNDLE.as_bytes());
    let xml = bundle.to_xml();
    assert!(
        xml.contains(r#"<authoredOn id="a1" value="2018-11-08T13:07:00"/>"#),
        "{xml}"
    );
    assert!(
        Bundle::from_xml(&xml).is_err(),
        "a strict XML read refuses it too"
    );
    let (from_xml, issues) =
        Bundle::from_xml_with(&xml, ReadOptions::lenient()).expect("a lenient XML read");
    // The same values at the same paths, found in XML's element order (`priority` before
    // `authoredOn`), with XML's messages: `'yes' is not true or false` where JSON says the
    // type is wrong.
    let mut paths: Vec<_> = issues.iter().map(|i| i.path.as_str()).collect();
    paths.sort_unstable();
    let mut expected: Vec<_> = BUNDLE_ISSUES.iter().map(|(p, ..)| *p).collect();
    expected.sort_unstable();
    assert_eq!(paths, expected, "XML: {issues:#?}");
    assert!(
        issues
            .iter()
            .all(|i| i.message.ends_with("; kept as written")),
        "{issues:#?}"
    );
    assert_eq!(from_xml, bundle);
    json_equal(BUNDLE.as_bytes(), from_xml.to_json().as_bytes())
        .unwrap_or_else(|d| panic!("JSON through XML: {d}"));
}

fn entry<T: 'static>(bundle: &Bundle, index: usize) -> &T {
    let resource = bundle.entry[index]
        .resource
        .as_ref()
        .expect("the entry has a resource");
    let any: &dyn std::any::Any = match resource {
        Resource::ReferralRequest(r) => &**r,
        Resource::Patient(p) => &**p,
        Resource::Observation(o) => &**o,
        other => panic!("unexpected {other:?}"),
    };
    any.downcast_ref().expect("the entry's type")
}

#[test]
fn the_typed_accessors_say_the_value_is_invalid() {
    let (bundle, _) = lenient_bundle(BUNDLE.as_bytes());

    let referral: &ReferralRequest = entry(&bundle, 0);
    let authored = referral.authored_on.as_ref().expect("authoredOn is there");
    assert_eq!(authored.get(), None, "no dateTime is made up for it");
    let text = authored
        .try_get()
        .expect_err("the accessor says it is invalid");
    assert_eq!(text.as_str(), "2018-11-08T13:07:00");
    assert!(text.is_json_string());
    assert_eq!(authored.id(), Some("a1"), "the element's id stays");

    let patient: &Patient = entry(&bundle, 1);
    let active = patient.active.as_ref().expect("active is there");
    assert_eq!(
        active
            .try_get()
            .map_err(|t| (t.as_str(), t.is_json_string())),
        Err(("yes", true))
    );
    let gender: &Primitive<AdministrativeGender> = patient.gender.as_ref().expect("gender");
    assert_eq!(gender.try_get().map_err(|t| t.as_str()), Err("M"));
    let Some(PatientMultipleBirth::Integer(birth)) = &patient.multiple_birth else {
        panic!(
            "multipleBirthInteger is read as an integer: {:?}",
            patient.multiple_birth
        );
    };
    assert_eq!(
        birth
            .try_get()
            .map_err(|t| (t.as_str(), t.is_json_string())),
        Err(("1.0", false))
    );

    let observation: &Observation = entry(&bundle, 2);
    let issued = observation.issued.as_ref().expect("issued");
    assert_eq!(issued.try_get().map_err(|t| t.as_str()), Err("2018-11-08"));

    // A value set in its place is what is written.
    let mut fixed = authored.clone();
    fixed.value = Some("2018-11-08T13:07:00Z".parse().expect("a dateTime"));
    assert!(fixed.try_get().is_ok_and(|v| v.is_some()));
    let mut r = referral.clone();
    r.authored_on = Some(fixed);
    assert!(
        r.to_json()
            .contains(r#""authoredOn":"2018-11-08T13:07:00Z""#),
        "{}",
        r.to_json()
    );
}

/// One invalid value of every primitive type STU3 elements have (no element is a
/// `uuid`), each where a Patient or an extension on it holds that type: (what, JSON of
/// the Patient's elements, path of the issue, start of the JSON reader's message, what
/// XML makes of it).
const EVERY_TYPE: &[(&str, &str, &str, &str, Xml)] = &[
    (
        "boolean",
        r#""active":"yes""#,
        "Patient.active",
        "expected a boolean, found a string",
        Xml::Same,
    ),
    (
        "boolean (valid text as a string)",
        r#""active":"true""#,
        "Patient.active",
        "expected a boolean, found a string",
        Xml::Valid,
    ),
    (
        "boolean (number)",
        r#""active":1"#,
        "Patient.active",
        "expected a boolean, found a number",
        Xml::AsString,
    ),
    (
        "integer",
        r#""multipleBirthInteger":-0.5"#,
        "Patient.multipleBirthInteger",
        "invalid integer:",
        Xml::Same,
    ),
    (
        "integer (range)",
        r#""multipleBirthInteger":2147483648"#,
        "Patient.multipleBirthInteger",
        "invalid integer:",
        Xml::Same,
    ),
    (
        "integer (string)",
        r#""multipleBirthInteger":"01""#,
        "Patient.multipleBirthInteger",
        "expected an integer, found a string",
        Xml::Same,
    ),
    (
        "unsignedInt",
        r#""photo":[{"size":-1}]"#,
        "Patient.photo[0].size",
        "invalid unsignedInt:",
        Xml::Same,
    ),
    (
        "positiveInt",
        r#""telecom":[{"system":"phone","value":"1","rank":0}]"#,
        "Patient.telecom[0].rank",
        "invalid positiveInt:",
        Xml::Same,
    ),
    (
        "decimal",
        r#""extension":[{"url":"http://example.org/d","valueDecimal":"1.5 kg"}]"#,
        "Patient.extension[0].valueDecimal",
        "expected a number, found a string",
        Xml::Same,
    ),
    (
        "decimal (valid text as a string)",
        r#""extension":[{"url":"http://example.org/d","valueDecimal":"1.5"}]"#,
        "Patient.extension[0].valueDecimal",
        "expected a number, found a string",
        Xml::Valid,
    ),
    (
        "string",
        r#""name":[{"family":"  "}]"#,
        "Patient.name[0].family",
        "invalid string: the value is whitespace only",
        Xml::Same,
    ),
    (
        "code (required binding)",
        r#""gender":"F""#,
        "Patient.gender",
        "code 'F' is not in",
        Xml::Same,
    ),
    (
        "code",
        r#""extension":[{"url":"http://example.org/c","valueCode":"a  b"}]"#,
        "Patient.extension[0].valueCode",
        "invalid code:",
        Xml::Same,
    ),
    (
        "id",
        r#""id":"a_b""#,
        "Patient.id",
        "invalid id:",
        Xml::Same,
    ),
    (
        "uri",
        r#""identifier":[{"system":"http://example.org/a b","value":"1"}]"#,
        "Patient.identifier[0].system",
        "invalid uri:",
        Xml::Same,
    ),
    (
        "oid",
        r#""extension":[{"url":"http://example.org/o","valueOid":"1.2.3"}]"#,
        "Patient.extension[0].valueOid",
        "invalid oid:",
        Xml::Same,
    ),
    (
        "markdown",
        r#""extension":[{"url":"http://example.org/m","valueMarkdown":""}]"#,
        "Patient.extension[0].valueMarkdown",
        "invalid markdown: the value is empty",
        Xml::Same,
    ),
    (
        "base64Binary",
        r#""photo":[{"data":"not*base64"}]"#,
        "Patient.photo[0].data",
        "invalid base64Binary:",
        Xml::Same,
    ),
    (
        "date",
        r#""birthDate":"1970-02-30""#,
        "Patient.birthDate",
        "invalid date:",
        Xml::Same,
    ),
    (
        "dateTime",
        r#""deceasedDateTime":"2018-11-08T13:07""#,
        "Patient.deceasedDateTime",
        "invalid dateTime:",
        Xml::Same,
    ),
    (
        "instant",
        r#""meta":{"lastUpdated":"2018-11-08T13:07:00"}"#,
        "Patient.meta.lastUpdated",
        "invalid instant:",
        Xml::Same,
    ),
    (
        "time",
        r#""extension":[{"url":"http://example.org/t","valueTime":"24:00:00"}]"#,
        "Patient.extension[0].valueTime",
        "invalid time:",
        Xml::Same,
    ),
    (
        "repeating",
        r#""name":[{"given":["Ann",""]}]"#,
        "Patient.name[0].given[1]",
        "invalid string: the value is empty",
        Xml::Same,
    ),
];

/// What becomes of a value kept as written when it goes through XML, which has no JSON
/// types.
#[derive(Clone, Copy, PartialEq)]
enum Xml {
    /// The same defect, and the same JSON back.
    Same,
    /// Valid: a `"true"` string for a boolean is `value="true"`.
    Valid,
    /// The same defect, but JSON back has the text as a string: `value="1"` for a boolean
    /// does not say it was a number.
    AsString,
}

#[test]
fn every_primitive_type_keeps_an_invalid_value_as_written() {
    let mut failures = Vec::new();
    for (what, elements, path, message, xml_side) in EVERY_TYPE {
        let json = format!(r#"{{"resourceType":"Patient",{elements}}}"#);
        let check = || -> Result<(), String> {
            let strict = Patient::from_json(&json)
                .err()
                .ok_or("a strict read takes it")?
                .to_string();
            if !strict.starts_with(&format!("{path}: {message}")) {
                return Err(format!("strict: {strict}"));
            }
            let (patient, issues) = Patient::from_json_with(&json, ReadOptions::lenient())
                .map_err(|e| format!("lenient: {e}"))?;
            match issues.as_slice() {
                [issue] if issue.path == *path && issue.message.starts_with(message) => {}
                _ => return Err(format!("lenient JSON issues: {issues:?}")),
            }
            let out = patient.to_json();
            json_equal(json.as_bytes(), out.as_bytes()).map_err(|d| format!("JSON: {d}"))?;
            let xml = patient.to_xml();
            let (back, issues) = Patient::from_xml_with(&xml, ReadOptions::lenient())
                .map_err(|e| format!("lenient XML: {e}\n{xml}"))?;
            if *xml_side == Xml::Valid {
                return match issues.as_slice() {
                    [] if Patient::from_xml(&xml).is_ok() => Ok(()),
                    _ => Err(format!("XML carries no JSON type, yet: {issues:?}")),
                };
            }
            match issues.as_slice() {
                [issue] if issue.path == *path && issue.message.ends_with("; kept as written") => {}
                _ => return Err(format!("lenient XML issues: {issues:?}\n{xml}")),
            }
            if *xml_side == Xml::AsString {
                let quoted = back.to_json();
                let kept = back.active.as_ref().and_then(|a| a.try_get().err());
                return match kept {
                    Some(text) if text.is_json_string() && quoted.contains(r#""active":"1""#) => {
                        Ok(())
                    }
                    _ => Err(format!("through XML: {quoted}")),
                };
            }
            if back != patient {
                return Err(format!("through XML: {back:?} != {patient:?}"));
            }
            json_equal(json.as_bytes(), back.to_json().as_bytes())
                .map_err(|d| format!("JSON through XML: {d}"))
        };
        if let Err(e) = check() {
            failures.push(format!("{what}: {json}\n  {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_value_of_the_wrong_json_shape_is_still_refused_when_read_leniently() {
    // Kept are scalars that break a rule; an object or array where a primitive's value
    // stands is no value at all, and null outside an array is not FHIR JSON.
    for elements in [
        r#""active":{}"#,
        r#""active":[true]"#,
        r#""birthDate":null"#,
    ] {
        let json = format!(r#"{{"resourceType":"Patient",{elements}}}"#);
        let e = Patient::from_json_with(&json, ReadOptions::lenient()).expect_err("not a scalar");
        assert!(e.to_string().starts_with("Patient."), "{json}: {e}");
    }
}

/// A kept text travels through a profile conversion and back: the profile type holds the
/// same primitive, whose accessor says it is invalid (the read reported it), and the
/// lossless way back gives the input.
#[test]
fn a_profile_conversion_carries_the_kept_text_both_ways() {
    use careconnect_models::careconnect::CareConnectPatient;
    let json = r#"{"resourceType":"Patient","identifier":[{"extension":[{"url":"https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-NHSNumberVerificationStatus-1","valueCodeableConcept":{"coding":[{"system":"https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1","code":"01"}]}}],"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9000000009"}],"name":[{"use":"official","family":"Smith"}],"gender":"F","birthDate":"1970-02-30"}"#;
    let (patient, issues) =
        Patient::from_json_with(json, ReadOptions::lenient()).expect("a lenient read");
    let paths: Vec<_> = issues.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["Patient.gender", "Patient.birthDate"]);
    let cc = CareConnectPatient::try_from(patient.clone()).expect("conforms otherwise");
    let birth = cc.birth_date.as_ref().expect("birthDate");
    assert_eq!(birth.try_get().map_err(|t| t.as_str()), Err("1970-02-30"));
    let back = Patient::from(cc);
    assert_eq!(back, patient);
    json_equal(json.as_bytes(), back.to_json().as_bytes()).unwrap_or_else(|d| panic!("{d}"));
}
