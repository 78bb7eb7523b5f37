//! The oracles behind the fuzz targets: each takes the fuzzer's bytes, runs them through
//! a reader, and panics (which libFuzzer records as a crash) when a property fails.
//!
//! "No panic" alone is not the bar. For every input a reader accepts, writing the value
//! and reading it back must give an equal value and byte-identical output, in both wire
//! formats; for every input it refuses, the error must carry a position inside the input.
//! Strict and lenient reading must agree: lenient mode differs only in skipping unknown
//! elements, taking absent required elements and keeping values that break a rule, each
//! reported as an issue. And a value read without an issue keeps every rule of FHIR 3.0.1
//! the readers check (see [`rules`]), whichever way the input got it past them.

pub mod rules;

use std::fmt::Display;
use std::path::Path;

use careconnect_codegen::diag::Error as LoadError;
use careconnect_codegen::load::load_file;
use careconnect_stu3::rt::{Error, FhirJson, FhirXml, Issue, ReadOptions};
use careconnect_stu3::stu3::Resource;

/// Bytes → `Resource::from_json`, strict and lenient, then the rules and round-trip
/// oracles.
pub fn json_resource(data: &[u8]) {
    let strict = Resource::from_json(data);
    let lenient = Resource::from_json_with(data, ReadOptions::lenient());
    check_modes(data, &strict, &lenient, Mode::Json);
    check_accepted(&strict, &lenient);
}

/// Bytes → `Resource::from_xml`, strict and lenient, then the round-trip oracle (which
/// includes XML → model → JSON → model).
pub fn xml_resource(data: &[u8]) {
    let strict = Resource::from_xml(data);
    let lenient = Resource::from_xml_with(data, ReadOptions::lenient());
    check_modes(data, &strict, &lenient, Mode::Xml);
    check_accepted(&strict, &lenient);
}

/// What a reader accepted: the rules (a strict read, or a lenient one without an issue)
/// and the round trips.
fn check_accepted(
    strict: &Result<Resource, Error>,
    lenient: &Result<(Resource, Vec<Issue>), Error>,
) {
    if let Ok(value) = strict {
        check_rules(value);
        round_trip(value, ReadOptions::default());
    }
    if let Ok((value, issues)) = lenient {
        if issues.is_empty() {
            check_rules(value);
        }
        round_trip(value, ReadOptions::lenient());
    }
}

/// A value read without an issue breaks none of the rules the readers check.
pub fn check_rules(value: &Resource) {
    let json = value.to_json();
    let broken = rules::broken_rules(&json);
    assert!(
        broken.is_empty(),
        "a value read without an issue breaks a rule:\n{}\n{json}",
        broken.join("\n")
    );
}

/// Bytes → the definitions loader, as a `.json` and as a `.xml` file. An error must name
/// the file; loading the same bytes twice must give the same result.
pub fn definitions(data: &[u8]) {
    for name in ["fuzz.json", "fuzz.xml"] {
        let path = Path::new(name);
        let first = load_file(path, data, "fuzz");
        if let Err(e) = &first {
            check_load_error(e, name);
        }
        let second = load_file(path, data, "fuzz");
        match (&first, &second) {
            (Ok((a, da)), Ok((b, db))) => {
                assert!(a == b, "{name}: loading twice gave two resources");
                assert_eq!(
                    da.len(),
                    db.len(),
                    "{name}: loading twice, diagnostics differ"
                );
            }
            (Err(a), Err(b)) => {
                assert_eq!(a.to_string(), b.to_string(), "{name}: loading twice");
            }
            _ => panic!("{name}: loading twice gave one success and one error"),
        }
    }
}

fn check_load_error(e: &LoadError, name: &str) {
    match e {
        LoadError::Many(errors) => {
            assert!(!errors.is_empty(), "{name}: an empty list of errors");
            for e in errors {
                check_load_error(e, name);
            }
        }
        e => {
            let text = e.to_string();
            assert!(
                text.starts_with(name),
                "an error that does not start with the file name {name}: {text}"
            );
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Json,
    Xml,
}

/// Strict and lenient reading agree, and every error points into the input.
fn check_modes(
    data: &[u8],
    strict: &Result<Resource, Error>,
    lenient: &Result<(Resource, Vec<Issue>), Error>,
    mode: Mode,
) {
    for e in [strict.as_ref().err(), lenient.as_ref().err()]
        .into_iter()
        .flatten()
    {
        check_error(data, e);
    }
    match (strict, lenient) {
        (Ok(s), Ok((l, issues))) => {
            // FHIR XML's `xsi:schemaLocation` is accepted in both modes and reported as
            // an issue; JSON has nothing the strict reader accepts and reports.
            assert!(
                mode == Mode::Xml || issues.is_empty(),
                "the strict read succeeded, the lenient one reported {}",
                list(issues)
            );
            assert!(s == l, "strict and lenient reads differ:\n{s:?}\n{l:?}");
        }
        (Ok(_), Err(e)) => panic!("the strict read succeeded, the lenient one failed: {e}"),
        (Err(e), Ok((_, issues))) => assert!(
            !issues.is_empty(),
            "the strict read failed ({e}), the lenient one succeeded with no issue"
        ),
        (Err(_), Err(_)) => {}
    }
    if let Ok((_, issues)) = lenient {
        for issue in issues {
            assert!(
                issue.position.offset <= data.len(),
                "an issue past the end of the input: {issue}"
            );
        }
    }
}

fn check_error(data: &[u8], e: &Error) {
    let text = e.to_string();
    match e.position() {
        Some(p) => assert!(
            p.offset <= data.len() && p.line >= 1 && p.column >= 1,
            "an error outside the input ({} bytes): {text}",
            data.len()
        ),
        None => panic!("an error without a position: {text}"),
    }
}

/// Model → JSON → model and model → XML → model give the value back, and each writer's
/// output is the same when written again from the value read back. `options` are those
/// the value was read with: a value read leniently may lack required elements (each
/// reported as an issue), so it is read back leniently too.
pub fn round_trip(value: &Resource, options: ReadOptions) {
    let json = value.to_json();
    let mut buffer = Vec::new();
    value.write_json(&mut buffer);
    assert!(
        buffer == json.as_bytes(),
        "to_json and write_json differ:\n{json}\n{}",
        String::from_utf8_lossy(&buffer)
    );
    let (back, _) = Resource::from_json_with(&json, options)
        .unwrap_or_else(|e| fail("the JSON written does not read back", &e, &json));
    assert!(
        back == *value,
        "JSON round trip changed the value:\nwritten: {json}\nread back: {}",
        back.to_json()
    );
    let again = back.to_json();
    assert!(
        again == json,
        "JSON written twice differs:\n{json}\n{again}"
    );

    let xml = value.to_xml();
    let (back, _) = Resource::from_xml_with(&xml, options)
        .unwrap_or_else(|e| fail("the XML written does not read back", &e, &xml));
    assert!(
        back == *value,
        "XML round trip changed the value:\nwritten: {xml}\nread back as JSON: {}\noriginal as JSON: {json}",
        back.to_json()
    );
    let again = back.to_xml();
    assert!(again == xml, "XML written twice differs:\n{xml}\n{again}");
}

fn fail(what: &str, e: &dyn Display, text: &str) -> ! {
    panic!("{what}: {e}\n{text}")
}

fn list(issues: &[Issue]) -> String {
    issues
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATIENT_JSON: &str = r#"{"resourceType":"Patient","id":"p","birthDate":"1974-12","_birthDate":{"id":"b"},"name":[{"given":["A",null],"_given":[null,{"id":"g","extension":[{"url":"http://example.org/g","valueBoolean":true}]}]}]}"#;
    const PATIENT_XML: &str = r#"<Patient xmlns="http://hl7.org/fhir"><id value="p"/><name><given value="A"/></name></Patient>"#;

    #[test]
    fn accepted_json_passes_every_oracle() {
        assert!(Resource::from_json(PATIENT_JSON).is_ok());
        json_resource(PATIENT_JSON.as_bytes());
    }

    #[test]
    fn accepted_xml_passes_every_oracle() {
        assert!(Resource::from_xml(PATIENT_XML).is_ok());
        xml_resource(PATIENT_XML.as_bytes());
    }

    #[test]
    fn refused_input_passes_when_the_error_has_a_position() {
        let bad = br#"{"resourceType":"Patient","birthDate":"1974-13"}"#;
        assert!(Resource::from_json(bad).is_err());
        json_resource(bad);
        xml_resource(b"<Patient xmlns=\"http://hl7.org/fhir\"><nope/></Patient>");
    }

    #[test]
    fn lenient_value_without_a_required_element_round_trips_leniently() {
        let bundle = br#"{"resourceType":"Bundle","id":"b"}"#;
        assert!(Resource::from_json(bundle).is_err());
        assert!(Resource::from_json_with(bundle, ReadOptions::lenient()).is_ok());
        json_resource(bundle);
    }

    #[test]
    fn unknown_element_is_an_issue_in_lenient_mode() {
        let unknown = br#"{"resourceType":"Patient","nope":1}"#;
        assert!(Resource::from_json(unknown).is_err());
        json_resource(unknown);
    }

    #[test]
    #[should_panic(expected = "an error without a position")]
    fn an_error_without_a_position_fails_the_oracle() {
        let e = Error::new(careconnect_stu3::rt::ErrorKind::UnexpectedEnd, None);
        check_error(b"{", &e);
    }

    /// The hand-written seeds in `fuzz/seeds/<target>/`.
    fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("seeds")
            .join(target);
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| {
                let path = entry.expect("directory entry").path();
                let bytes = std::fs::read(&path).expect("seed file");
                (path.display().to_string(), bytes)
            })
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no seeds in {}", dir.display());
        files
    }

    #[test]
    fn hand_written_seeds_are_valid_and_pass_the_oracles() {
        for (name, bytes) in seeds("json_resource") {
            if let Err(e) = Resource::from_json(&bytes) {
                panic!("{name}: {e}");
            }
            json_resource(&bytes);
        }
        for (name, bytes) in seeds("xml_resource") {
            if let Err(e) = Resource::from_xml(&bytes) {
                panic!("{name}: {e}");
            }
            xml_resource(&bytes);
        }
        for (name, bytes) in seeds("definitions") {
            match load_file(Path::new(&name), &bytes, "fuzz") {
                Ok((Some(_), _)) => {}
                Ok((None, _)) => panic!("{name}: not a definition the loader reads"),
                Err(e) => panic!("{name}: {e}"),
            }
            definitions(&bytes);
        }
    }

    #[test]
    fn definitions_oracle_accepts_errors_that_name_the_file() {
        definitions(b"{");
        definitions(b"<StructureDefinition xmlns=\"http://hl7.org/fhir\"/>");
        definitions(br#"{"resourceType":"ValueSet","url":"http://example.org/vs"}"#);
    }
}
