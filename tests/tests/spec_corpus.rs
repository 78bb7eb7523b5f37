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
