//! Every official FHIR 3.0.1 JSON example parses into the typed model and writes back
//! equal to the input as FHIR content.

use careconnect_models::rt::FhirJson;
use careconnect_models::stu3::Resource;
use careconnect_tests::SPEC_NOT_VALID_STU3 as NOT_VALID_STU3;
use careconnect_tests::{examples_dir, json_equal, json_files};

#[test]
fn every_spec_example_round_trips() {
    let files = json_files(&examples_dir().join("fhir-stu3-spec"));
    assert_eq!(files.len(), 653, "the spec corpus should hold 653 examples");
    let mut failures = Vec::new();
    let mut passed = 0;
    for (name, bytes) in &files {
        let result = Resource::from_json(bytes)
            .map_err(|e| format!("parse: {e}"))
            .and_then(|r| {
                json_equal(bytes, r.to_json().as_bytes()).map_err(|e| format!("round trip: {e}"))
            });
        let expected_failure = NOT_VALID_STU3.iter().find(|(n, _, _)| n == name);
        match (result, expected_failure) {
            (Ok(()), None) => passed += 1,
            (Ok(()), Some(_)) => failures.push(format!("{name}: listed as invalid but now passes")),
            (Err(e), Some((_, _, expected))) if e.starts_with(expected) => {}
            (Err(e), Some((_, why, expected))) => failures.push(format!(
                "{name}: listed as invalid ({why}) with error `{expected}`, but fails with `{e}`"
            )),
            (Err(e), None) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{passed}/{} round-trip; failures:\n{}",
        files.len(),
        failures.join("\n")
    );
    assert_eq!(passed + NOT_VALID_STU3.len(), files.len());
}

/// Read leniently, all 653 examples round-trip exactly, the invalid ones included: a
/// required element that is absent is reported as an issue and stays absent on output, a
/// value that breaks a rule (txt-2, dom-1) is reported and kept as written, in JSON and
/// through XML. Valid examples give no issue at all; each invalid one gives the issue its
/// strict error names, at the same path and position, and no other.
#[test]
fn every_spec_example_round_trips_when_read_leniently() {
    use careconnect_models::rt::{FhirXml, ReadOptions};

    let files = json_files(&examples_dir().join("fhir-stu3-spec"));
    assert_eq!(files.len(), 653, "the spec corpus should hold 653 examples");
    let mut failures = Vec::new();
    let mut with_issues = Vec::new();
    for (name, bytes) in &files {
        let (r, issues) = match Resource::from_json_with(bytes, ReadOptions::lenient()) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{name}: lenient read failed: {e}"));
                continue;
            }
        };
        if let Err(e) = json_equal(bytes, r.to_json().as_bytes()) {
            failures.push(format!("{name}: round trip: {e}"));
        }
        if !issues.is_empty() {
            let (back, xml_issues) = Resource::from_xml_with(r.to_xml(), ReadOptions::lenient())
                .unwrap_or_else(|e| panic!("{name}: our XML does not read back leniently: {e}"));
            assert!(back == r, "{name}: the XML round trip changed the value");
            assert_eq!(
                xml_issues.len(),
                issues.len(),
                "{name}: XML and JSON report different issues"
            );
            with_issues.push((name.as_str(), bytes, issues));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Exactly the examples listed as invalid, each with the issue its error names.
    let names: Vec<&str> = with_issues.iter().map(|(name, ..)| *name).collect();
    let listed: Vec<&str> = NOT_VALID_STU3.iter().map(|(name, ..)| *name).collect();
    assert_eq!(names, listed, "the examples read leniently with issues");
    for (name, bytes, issues) in with_issues {
        let strict = Resource::from_json(bytes).expect_err(name);
        let first = &issues[0];
        assert_eq!(first.path, strict.path_string(), "{name}: {first}");
        assert!(
            first.message.starts_with(&strict.kind().to_string()),
            "{name}: the issue {first} is not the strict error {strict}"
        );
        assert_eq!(Some(first.position), strict.position(), "{name}: {first}");
        if name == "Questionnaire-qs1.json" {
            // Every display item of the questionnaire lacks its linkId: 33 of them.
            assert_eq!(issues.len(), 33, "{name}: {issues:?}");
            assert_eq!(
                first.to_string(),
                "Questionnaire.item[0].item[0]: missing required element 'linkId'; left empty (line 1, column 1520)",
                "{name}"
            );
        } else {
            assert_eq!(issues.len(), 1, "{name}: {issues:?}");
            assert!(
                first.message.ends_with("; kept as written"),
                "{name}: {first}"
            );
        }
    }
}
