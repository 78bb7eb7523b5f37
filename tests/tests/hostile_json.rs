//! Hostile and malformed JSON: every case is an `Err` with a FHIR path and a position,
//! never a panic, an abort or a stack overflow.

use careconnect_models::rt::{Error, ErrorKind, FhirJson, ReadOptions};
use careconnect_models::stu3::{Patient, Resource};

fn patient_err(json: &[u8]) -> Error {
    match Patient::from_json(json) {
        Ok(p) => panic!("expected an error, parsed {p:?}"),
        Err(e) => e,
    }
}

fn resource_err(json: &[u8]) -> Error {
    match Resource::from_json(json) {
        Ok(r) => panic!("expected an error, parsed {}", r.resource_type()),
        Err(e) => e,
    }
}

fn assert_at(e: &Error, path: &str, line: usize, column: usize) {
    assert_eq!(e.path_string(), path, "path of: {e}");
    let p = e
        .position()
        .unwrap_or_else(|| panic!("no position in: {e}"));
    assert_eq!((p.line, p.column), (line, column), "position of: {e}");
}

const PATIENT: &str = r#"{
  "resourceType": "Patient",
  "id": "example",
  "active": true,
  "name": [{"use": "official", "family": "Chalmers", "given": ["Peter", "James"]}],
  "gender": "male",
  "birthDate": "1974-12-25",
  "deceasedBoolean": false
}"#;

#[test]
fn the_reference_patient_parses() {
    let p = Patient::from_json(PATIENT).expect("valid patient");
    assert_eq!(p.name[0].given.len(), 2);
}

#[test]
fn every_truncation_is_an_error_with_a_position() {
    for end in 0..PATIENT.len() - 1 {
        let e = patient_err(&PATIENT.as_bytes()[..end]);
        assert!(
            e.position().is_some(),
            "no position for truncation at {end}: {e}"
        );
    }
}

#[test]
fn wrong_json_type_names_the_element() {
    let e = patient_err(br#"{"resourceType":"Patient","active":"yes"}"#);
    assert!(matches!(
        e.kind(),
        ErrorKind::WrongType {
            expected: "a boolean",
            found: "a string"
        }
    ));
    assert_at(&e, "Patient.active", 1, 36);

    let e = patient_err(br#"{"resourceType":"Patient","name":{"family":"x"}}"#);
    assert!(
        matches!(
            e.kind(),
            ErrorKind::WrongType {
                found: "an object",
                ..
            }
        ),
        "{e}"
    );
    assert_at(&e, "Patient.name", 1, 34);
}

#[test]
fn unknown_element_is_an_error_or_a_reported_issue() {
    let json = br#"{"resourceType":"Patient","name":[{"family":"x","nickname":"y"}]}"#;
    let e = patient_err(json);
    assert!(matches!(e.kind(), ErrorKind::UnknownElement { .. }), "{e}");
    assert_at(&e, "Patient.name[0]", 1, 49);

    let (p, issues) = Patient::from_json_with(json, ReadOptions::lenient()).expect("lenient");
    assert_eq!(
        p.name[0].family.as_ref().and_then(|f| f.value.as_deref()),
        Some("x")
    );
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].path, "Patient.name[0]");
    assert!(issues[0].message.contains("'nickname'"), "{}", issues[0]);
    assert_eq!(
        (issues[0].position.line, issues[0].position.column),
        (1, 49)
    );
}

#[test]
fn unknown_resource_type_is_an_error() {
    let e = resource_err(br#"{"resourceType":"Banana","id":"1"}"#);
    assert_eq!(e.kind(), &ErrorKind::UnknownResourceType("Banana".into()));
    assert!(e.position().is_some());

    let e = resource_err(br#"{"id":"1"}"#);
    assert_eq!(e.kind(), &ErrorKind::MissingResourceType);
}

#[test]
fn wrong_case_element_name_is_unknown_with_a_suggestion() {
    let e = patient_err(br#"{"resourceType":"Patient","birthdate":"1970"}"#);
    assert_eq!(
        e.kind(),
        &ErrorKind::UnknownElement {
            name: "birthdate".into(),
            did_you_mean: Some("birthDate")
        }
    );
    assert_at(&e, "Patient", 1, 27);
}

#[test]
fn invalid_date_names_the_element() {
    let e = patient_err(br#"{"resourceType":"Patient","birthDate":"1970-13-01"}"#);
    assert!(
        matches!(
            e.kind(),
            ErrorKind::InvalidValue {
                type_name: "date",
                ..
            }
        ),
        "{e}"
    );
    assert_at(&e, "Patient.birthDate", 1, 39);

    let e = patient_err(br#"{"resourceType":"Patient","deceasedDateTime":"2015-02-30T10:00:00Z"}"#);
    assert!(
        matches!(
            e.kind(),
            ErrorKind::InvalidValue {
                type_name: "dateTime",
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(e.path_string(), "Patient.deceasedDateTime");
}

/// Runs `f` on a thread with a 256 KiB stack: a reader that recursed per nesting level
/// would overflow long before the nesting limit stops it.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("the reader must not overflow the stack")
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    const DEPTH: usize = 100_000;
    // Arrays, under an unknown element that lenient mode would skip.
    let mut arrays = String::from(r#"{"resourceType":"Patient","x":"#);
    arrays.push_str(&"[".repeat(DEPTH));
    arrays.push_str(&"]".repeat(DEPTH));
    arrays.push('}');
    let e = on_small_stack(move || {
        Patient::from_json_with(arrays, ReadOptions::lenient()).expect_err("too deep")
    });
    assert!(matches!(e.kind(), ErrorKind::TooDeep { limit: 128 }), "{e}");
    assert!(e.position().is_some());

    // Objects through a recursive type: extensions of extensions.
    let mut nested = String::from(r#"{"resourceType":"Patient","extension":"#);
    for _ in 0..DEPTH {
        nested.push_str(r#"[{"url":"u","extension":"#);
    }
    nested.push_str(r#"[{"url":"u"}]"#);
    for _ in 0..DEPTH {
        nested.push_str("}]");
    }
    nested.push('}');
    let e = on_small_stack(move || Patient::from_json(nested).expect_err("too deep"));
    assert!(matches!(e.kind(), ErrorKind::TooDeep { .. }), "{e}");
    assert!(
        e.path_string()
            .starts_with("Patient.extension[0].extension[0]"),
        "{e}"
    );

    // And a bare nested array at the top level.
    let bare = "[".repeat(DEPTH);
    let e = on_small_stack(move || Resource::from_json(bare).expect_err("not a resource"));
    assert!(matches!(e.kind(), ErrorKind::WrongType { .. }), "{e}");
}

#[test]
fn invalid_utf8_is_an_error_at_its_byte() {
    let mut json = br#"{"resourceType":"Patient","id":"ab"#.to_vec();
    json.extend_from_slice(&[0xFF, 0xFE]);
    json.extend_from_slice(br#""}"#);
    let e = patient_err(&json);
    assert_eq!(e.kind(), &ErrorKind::InvalidUtf8);
    assert_at(&e, "Patient.id", 1, 35);
}

#[test]
fn invalid_utf8_in_skipped_content_is_an_error_at_its_byte() {
    // Lenient reading skips the unknown element, but the input is still not UTF-8: the
    // error names the bad byte, whether text follows it or not.
    for tail in [&br#","gender":"male"}"#[..], b"}"] {
        let mut json = br#"{"resourceType":"Patient","unknown":"ab"#.to_vec();
        json.extend_from_slice(&[0xC3, 0x28]);
        json.extend_from_slice(b"\"");
        json.extend_from_slice(tail);
        let e = Patient::from_json_with(&json, ReadOptions::lenient()).expect_err("not UTF-8");
        assert_eq!(e.kind(), &ErrorKind::InvalidUtf8, "{e}");
        assert_eq!(e.position().map(|p| p.offset), Some(39), "{e}");
    }
}

#[test]
fn leading_byte_order_mark_is_an_error() {
    let mut json = vec![0xEF, 0xBB, 0xBF];
    json.extend_from_slice(PATIENT.as_bytes());
    let e = patient_err(&json);
    assert!(
        matches!(e.kind(), ErrorKind::Syntax(m) if m.contains("byte order mark")),
        "{e}"
    );
    assert_at(&e, "Patient", 1, 1);
}

#[test]
fn hundred_megabyte_string_is_refused_for_strings_but_kept_for_base64() {
    let big = "A".repeat(100 * 1024 * 1024);
    let json = format!(r#"{{"resourceType":"Patient","name":[{{"family":"{big}"}}]}}"#);
    let e = patient_err(json.as_bytes());
    assert!(
        matches!(
            e.kind(),
            ErrorKind::TooLong {
                limit: 1_048_576,
                found: 104_857_600
            }
        ),
        "{e}"
    );
    assert_at(&e, "Patient.name[0].family", 1, 45);

    // Attachment data (base64Binary) has no such limit.
    let json = format!(r#"{{"resourceType":"Patient","photo":[{{"data":"{big}"}}]}}"#);
    let p = Patient::from_json(json.as_bytes()).expect("large attachment");
    let data = p.photo[0]
        .data
        .as_ref()
        .and_then(|d| d.value.as_ref())
        .expect("data");
    assert_eq!(data.0.len(), big.len());
}

#[test]
fn assorted_syntax_errors_have_positions() {
    let cases: &[&[u8]] = &[
        b"",
        b"   ",
        b"{",
        b"{\"resourceType\":\"Patient\",}",
        b"{\"resourceType\":\"Patient\" \"id\":\"x\"}",
        b"{\"resourceType\":\"Patient\",\"active\":tru}",
        b"{\"resourceType\":\"Patient\",\"multipleBirthInteger\":01}",
        b"{\"resourceType\":\"Patient\",\"multipleBirthInteger\":1.5}",
        b"{\"resourceType\":\"Patient\",\"id\":\"a\\qb\"}",
        b"{\"resourceType\":\"Patient\",\"id\":\"\\ud800\"}",
        b"{\"resourceType\":\"Patient\",\"id\":\"a\nb\"}",
        b"{\"resourceType\":\"Patient\"} trailing",
        b"{\"resourceType\":\"Patient\",\"name\":[]}",
        b"{\"resourceType\":\"Patient\",\"id\":\"a\",\"id\":\"b\"}",
        b"{\"resourceType\":\"Patient\",\"deceasedBoolean\":true,\"deceasedDateTime\":\"2015\"}",
        b"{\"resourceType\":\"Observation\"}",
        b"{\"resourceType\":\"Patient\",\"name\":[{\"given\":[null]}]}",
        b"{\"resourceType\":\"Patient\",\"name\":[{\"given\":[\"a\"],\"_given\":[null,{}]}]}",
        b"{\"resourceType\":\"Patient\",\"gender\":\"robot\"}",
        b"{\"resourceType\":\"Patient\",\"_active\":true}",
        b"{\"resourceType\":\"Patient\",\"active\":null}",
        b"[1,2,3]",
        b"\"Patient\"",
    ];
    for case in cases {
        let e = resource_err(case);
        assert!(
            e.position().is_some(),
            "no position for {:?}: {e}",
            String::from_utf8_lossy(case)
        );
    }
}
