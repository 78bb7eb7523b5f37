//! Hostile and malformed JSON: every case is an `Err` with a FHIR path and a position,
//! never a panic, an abort or a stack overflow. The values that break a rule of FHIR 3.0.1
//! the reader checks (at the end, one table row each) are read leniently too: one issue
//! with the same path and position, the value kept where it can be written back.

use careconnect_models::rt::{Error, ErrorKind, FhirJson, FhirXml, ReadOptions};
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

// ---------------------------------------------------------------------------------------
// Values that break a rule FHIR 3.0.1 sets for them, which the reader checks alone: the
// narrative's XHTML subset (txt-1, txt-2), control characters, empty values (ele-1), the
// lexical rules of id, code, uri, oid and uuid, the dom rules on contained resources and
// a choice element named with a type it does not take. One row per case: read strictly,
// an error naming the problem, the FHIR path and the position; read leniently, the value
// with exactly one issue saying the same, kept where it can be written back.

/// Where the error must point: at the start of `On`'s text in the input, or just after
/// `After`'s (the value of a key).
#[derive(Clone, Copy)]
enum At {
    On(&'static str),
    After(&'static str),
}

/// What a lenient read keeps of the value that breaks the rule.
#[derive(Clone, Copy)]
enum Kept {
    /// The value as written: the lenient result writes back the input, and reading that
    /// again gives the same issue.
    AsWritten,
    /// Not the value as written (a control character replaced by U+FFFD, a choice element
    /// of a type it does not take skipped): the lenient result writes back this JSON,
    /// which reads strictly.
    As(&'static str),
}

struct Rule {
    name: &'static str,
    json: &'static str,
    /// A fragment of the message: the rule's key or what is wrong.
    message: &'static str,
    path: &'static str,
    at: At,
    kept: Kept,
}

/// The `(line, column)` of `at` in `input`, counted here independently of the reader
/// (columns in characters).
fn expected_position(name: &str, input: &str, at: At) -> (usize, usize) {
    let (text, after) = match at {
        At::On(t) => (t, false),
        At::After(t) => (t, true),
    };
    let start = input
        .find(text)
        .unwrap_or_else(|| panic!("{name}: {text:?} is not in the input"));
    assert_eq!(
        input.matches(text).count(),
        1,
        "{name}: {text:?} is in the input more than once"
    );
    let offset = if after { start + text.len() } else { start };
    let before = &input[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Checks one row; returns what is wrong with it, if anything.
fn check_rule(rule: &Rule) -> Result<(), String> {
    let name = rule.name;
    let (line, column) = expected_position(name, rule.json, rule.at);
    let e = match Resource::from_json(rule.json) {
        Ok(r) => return Err(format!("read strictly: accepted as {}", r.to_json())),
        Err(e) => e,
    };
    let text = e.to_string();
    if !text.contains(rule.message) {
        return Err(format!("strict error without {:?}: {text}", rule.message));
    }
    if e.path_string() != rule.path {
        return Err(format!("strict error not at path {}: {text}", rule.path));
    }
    let position = e.position().map(|p| (p.line, p.column));
    if position != Some((line, column)) {
        return Err(format!(
            "strict error not at line {line}, column {column}: {text}"
        ));
    }

    let (value, issues) = Resource::from_json_with(rule.json, ReadOptions::lenient())
        .map_err(|e| format!("read leniently: {e}"))?;
    let [issue] = issues.as_slice() else {
        return Err(format!("read leniently: not one issue but {issues:?}"));
    };
    if issue.path != rule.path
        || !issue.message.contains(rule.message)
        || (issue.position.line, issue.position.column) != (line, column)
    {
        return Err(format!(
            "the lenient issue is not the strict error: {issue} (strict: {text})"
        ));
    }
    let written = value.to_json();
    let expected = match rule.kept {
        Kept::AsWritten => rule.json,
        Kept::As(json) => json,
    };
    careconnect_tests::json_equal(expected.as_bytes(), written.as_bytes())
        .map_err(|d| format!("written back: {d}\n  written: {written}"))?;
    // What was written reads back to the same value, with the same issue if the value
    // was kept as written; through FHIR XML too.
    let (back, again) = Resource::from_json_with(&written, ReadOptions::lenient())
        .map_err(|e| format!("the JSON written does not read back leniently: {e}"))?;
    let (xml_back, xml_again) = Resource::from_xml_with(value.to_xml(), ReadOptions::lenient())
        .map_err(|e| format!("the XML written does not read back leniently: {e}"))?;
    if back != value || xml_back != value {
        return Err(format!(
            "the lenient value does not round-trip: {written}\n  {}",
            value.to_xml()
        ));
    }
    for (format, again) in [("JSON", &again), ("XML", &xml_again)] {
        // The XML reader checks dom-2 on each `contained` element, so its path has the
        // element's index.
        let same_path = |path: &str| {
            path == rule.path || (format == "XML" && path.starts_with(&format!("{}[", rule.path)))
        };
        let same = match rule.kept {
            Kept::AsWritten => {
                matches!(again.as_slice(), [i] if same_path(&i.path) && i.message.contains(rule.message))
            }
            Kept::As(_) => again.is_empty(),
        };
        if !same {
            return Err(format!("read back from {format}: issues {again:?}"));
        }
    }
    Ok(())
}

/// Runs every row and fails naming each row that does not hold.
fn check_rules(rules: &[Rule]) {
    let failures: Vec<String> = rules
        .iter()
        .filter_map(|rule| {
            check_rule(rule)
                .err()
                .map(|e| format!("{}: {e}", rule.name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} rows fail:\n{}",
        failures.len(),
        rules.len(),
        failures.join("\n")
    );
}

const DIV_AT: At = At::After(r#""div":"#);

/// A narrative row: a Patient whose `div` holds `body`.
macro_rules! narrative {
    ($name:literal, $body:literal, $message:literal) => {
        Rule {
            name: $name,
            json: concat!(
                r#"{"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">"#,
                $body,
                r#"</div>"},"active":true}"#
            ),
            message: $message,
            path: "Patient.text.div",
            at: DIV_AT,
            kept: Kept::AsWritten,
        }
    };
}

/// txt-1: only the elements and attributes of the spec's list, and no script.
#[test]
fn narrative_with_active_content_breaks_txt_1() {
    check_rules(&[
        narrative!(
            "script",
            r#"<p>x</p><script>alert(1)</script>"#,
            "txt-1: the narrative holds a <script> element"
        ),
        narrative!(
            "script in a paragraph",
            r#"<p>x<script src=\"http://example.org/a.js\"/></p>"#,
            "<script>"
        ),
        narrative!(
            "onclick",
            r#"<p onclick=\"alert(1)\">x</p>"#,
            "txt-1: the narrative holds a 'onclick' attribute on <p>"
        ),
        narrative!(
            "onload",
            r#"<img src=\"a.png\" onload=\"alert(1)\"/>"#,
            "'onload' attribute on <img>"
        ),
        narrative!(
            "onerror",
            r#"<img src=\"a.png\" onerror=\"alert(1)\"/>"#,
            "'onerror' attribute on <img>"
        ),
        narrative!(
            "onmouseover",
            r##"<a href=\"#x\" onmouseover=\"alert(1)\">x</a>"##,
            "'onmouseover' attribute on <a>"
        ),
        narrative!(
            "onfocus",
            r#"<span tabindex=\"1\" onfocus=\"alert(1)\">x</span>"#,
            "'onfocus' attribute on <span>"
        ),
        Rule {
            name: "onclick on the div itself",
            json: r#"{"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\" onclick=\"alert(1)\">x</div>"}}"#,
            message: "'onclick' attribute on <div>",
            path: "Patient.text.div",
            at: DIV_AT,
            kept: Kept::AsWritten,
        },
        narrative!(
            "form",
            r#"<form action=\"http://example.org\">x</form>"#,
            "<form>"
        ),
        narrative!("input", r#"x<input name=\"q\"/>"#, "<input>"),
        narrative!("button", r#"<button>x</button>"#, "<button>"),
        narrative!("textarea", r#"<textarea>x</textarea>"#, "<textarea>"),
        narrative!(
            "select",
            r#"<select><option>x</option></select>"#,
            "<select>"
        ),
        narrative!(
            "iframe",
            r#"x<iframe src=\"http://example.org\"/>"#,
            "<iframe>"
        ),
        narrative!(
            "frameset",
            r#"x<frameset><frame src=\"a\"/></frameset>"#,
            "<frameset>"
        ),
        narrative!("object", r#"x<object data=\"a.swf\"/>"#, "<object>"),
        narrative!("embed", r#"x<embed src=\"a.swf\"/>"#, "<embed>"),
        narrative!("applet", r#"x<applet code=\"a\"/>"#, "<applet>"),
        narrative!("base", r#"x<base href=\"http://example.org\"/>"#, "<base>"),
        narrative!(
            "link",
            r#"x<link rel=\"stylesheet\" href=\"a.css\"/>"#,
            "<link>"
        ),
        narrative!("style element", r#"x<style>p {}</style>"#, "<style>"),
        narrative!(
            "meta",
            r#"x<meta http-equiv=\"refresh\" content=\"0\"/>"#,
            "<meta>"
        ),
        narrative!("body", r#"<body>x</body>"#, "<body>"),
        narrative!(
            "svg",
            r#"x<svg xmlns=\"http://www.w3.org/2000/svg\"/>"#,
            "<svg>"
        ),
        narrative!(
            "xml:lang, not in the spec's list",
            r#"<p xml:lang=\"en\">x</p>"#,
            "'xml:lang' attribute on <p>"
        ),
        narrative!(
            "javascript: href",
            r#"<a href=\"javascript:alert(1)\">x</a>"#,
            "txt-1: the narrative holds a javascript: URL in 'href' on <a>"
        ),
        narrative!(
            "javascript: src",
            r#"<img src=\"javascript:alert(1)\"/>x"#,
            "javascript: URL in 'src' on <img>"
        ),
        narrative!(
            "javascript: href in capitals after spaces",
            r#"<a href=\" JavaScript:alert(1)\">x</a>"#,
            "javascript: URL in 'href'"
        ),
        narrative!(
            "javascript: href escaped",
            r#"<a href=\"&#106;avascript:alert(1)\">x</a>"#,
            "javascript: URL in 'href'"
        ),
    ]);
}

/// txt-2: some text other than whitespace, or an image with a source.
#[test]
fn narrative_without_content_breaks_txt_2() {
    check_rules(&[
        narrative!(
            "empty div",
            "",
            "txt-2: the narrative has no text other than whitespace"
        ),
        narrative!("whitespace only", r#" \n\t \r\n "#, "txt-2"),
        narrative!("whitespace references only", "&#32;&#x9;&#10;", "txt-2"),
        narrative!(
            "empty markup only",
            r#"<p> </p><br/><table><tr><td/></tr></table>"#,
            "txt-2"
        ),
        narrative!("an image without a source", r#"<img alt=\"x\"/>"#, "txt-2"),
        narrative!("a comment is no content", "<!-- x -->", "txt-2"),
        Rule {
            name: "self-closing div",
            json: r#"{"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\"/>"}}"#,
            message: "txt-2",
            path: "Patient.text.div",
            at: DIV_AT,
            kept: Kept::AsWritten,
        },
    ]);
    // An image with a source is content, and so is a single non-whitespace reference.
    for body in [r#"<img src=\"a.png\"/>"#, "&#160;", "&amp;", "<p>.</p>"] {
        let json = format!(
            r#"{{"resourceType":"Patient","text":{{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">{body}</div>"}}}}"#
        );
        Resource::from_json(&json).unwrap_or_else(|e| panic!("{body}: {e}"));
    }
}

/// No control character but tab, LF and CR: written as a JSON escape (the only way JSON
/// lets one in). Read leniently, it is replaced by U+FFFD, as XML 1.0 cannot carry it.
#[test]
fn control_characters_are_refused_or_replaced() {
    check_rules(&[
        Rule {
            name: r"\u0001 in a string",
            json: r#"{"resourceType":"Patient","name":[{"family":"a\u0001b"}]}"#,
            message: "invalid string: control character U+0001 at index 1",
            path: "Patient.name[0].family",
            at: At::After(r#""family":"#),
            kept: Kept::As(r#"{"resourceType":"Patient","name":[{"family":"a\ufffdb"}]}"#),
        },
        Rule {
            name: r"\u0000 in a string",
            json: r#"{"resourceType":"Patient","name":[{"given":["ok","\u0000"]}]}"#,
            message: "control character U+0000",
            path: "Patient.name[0].given[1]",
            at: At::On(r#""\u0000""#),
            kept: Kept::As(r#"{"resourceType":"Patient","name":[{"given":["ok","\ufffd"]}]}"#),
        },
        Rule {
            name: r"\u001f in a code",
            json: r#"{"resourceType":"Patient","maritalStatus":{"coding":[{"code":"M\u001f"}]}}"#,
            message: "control character U+001F",
            path: "Patient.maritalStatus.coding[0].code",
            at: At::After(r#""code":"#),
            kept: Kept::As(
                r#"{"resourceType":"Patient","maritalStatus":{"coding":[{"code":"M\ufffd"}]}}"#,
            ),
        },
        Rule {
            name: r"\b in a string",
            json: r#"{"resourceType":"Patient","name":[{"text":"back\bspace"}]}"#,
            message: "control character U+0008",
            path: "Patient.name[0].text",
            at: At::After(r#""text":"#),
            kept: Kept::As(r#"{"resourceType":"Patient","name":[{"text":"back\ufffdspace"}]}"#),
        },
        Rule {
            name: r"\f in a string",
            json: r#"{"resourceType":"Patient","name":[{"text":"form\ffeed"}]}"#,
            message: "control character U+000C",
            path: "Patient.name[0].text",
            at: At::After(r#""text":"#),
            kept: Kept::As(r#"{"resourceType":"Patient","name":[{"text":"form\ufffdfeed"}]}"#),
        },
        Rule {
            name: r"\u0002 in an element id",
            json: r#"{"resourceType":"Patient","name":[{"id":"n\u0002","family":"x"}]}"#,
            message: "control character U+0002",
            path: "Patient.name[0].id",
            at: At::After(r#""id":"#),
            kept: Kept::As(r#"{"resourceType":"Patient","name":[{"id":"n\ufffd","family":"x"}]}"#),
        },
        Rule {
            name: r"\u0003 in an extension url",
            json: r#"{"resourceType":"Patient","extension":[{"url":"http://example.org/\u0003","valueBoolean":true}]}"#,
            message: "control character U+0003",
            path: "Patient.extension[0].url",
            at: At::After(r#""url":"#),
            kept: Kept::As(
                r#"{"resourceType":"Patient","extension":[{"url":"http://example.org/\ufffd","valueBoolean":true}]}"#,
            ),
        },
        Rule {
            name: r"\u0004 in a primitive's id",
            json: r#"{"resourceType":"Patient","active":true,"_active":{"id":"a\u0004"}}"#,
            message: "control character U+0004",
            path: "Patient._active.id",
            at: At::After(r#""id":"#),
            kept: Kept::As(
                r#"{"resourceType":"Patient","active":true,"_active":{"id":"a\ufffd"}}"#,
            ),
        },
    ]);
}

/// Tab, LF and CR are the control characters a string may hold, escaped or not; every
/// other escape is a character like any other.
#[test]
fn tab_and_line_breaks_are_the_control_characters_allowed() {
    let json = r#"{"resourceType":"Patient","name":[{"text":"\t\n\r\u0009\u000a\u000D \/ \u007f \u0080"}]}"#;
    let p = Patient::from_json(json).expect("allowed characters");
    assert_eq!(
        p.name[0].text.as_ref().and_then(|t| t.value.as_deref()),
        Some("\t\n\r\t\n\r / \u{7f} \u{80}")
    );
}

/// Every string holds something other than whitespace (ele-1 for a primitive: `@value`
/// present means a value with content); every element a value or children (ele-1).
#[test]
fn empty_values_and_elements_break_ele_1() {
    check_rules(&[
        Rule {
            name: "empty string",
            json: r#"{"resourceType":"Patient","name":[{"family":""}]}"#,
            message: "invalid string: the value is empty",
            path: "Patient.name[0].family",
            at: At::After(r#""family":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "whitespace-only string",
            json: r#"{"resourceType":"Patient","name":[{"family":" \t\n "}]}"#,
            message: "invalid string: the value is whitespace only",
            path: "Patient.name[0].family",
            at: At::After(r#""family":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "empty string in an array",
            json: r#"{"resourceType":"Patient","name":[{"given":["a",""]}]}"#,
            message: "the value is empty",
            path: "Patient.name[0].given[1]",
            at: At::On(r#"""]"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "empty resource id",
            json: r#"{"resourceType":"Patient","id":"","active":true}"#,
            message: "invalid id: the value is empty",
            path: "Patient.id",
            at: At::After(r#""id":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "empty element id",
            json: r#"{"resourceType":"Patient","name":[{"id":"","family":"x"}]}"#,
            message: "invalid string: the value is empty",
            path: "Patient.name[0].id",
            at: At::After(r#""id":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "whitespace-only extension url",
            json: r#"{"resourceType":"Patient","extension":[{"url":"  ","valueBoolean":true}]}"#,
            message: "invalid uri: the value is whitespace only",
            path: "Patient.extension[0].url",
            at: At::After(r#""url":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "empty object",
            json: r#"{"resourceType":"Patient","maritalStatus":{}}"#,
            message: "ele-1: CodeableConcept has no value and no child elements",
            path: "Patient.maritalStatus",
            at: At::After(r#""maritalStatus":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "empty object in an array",
            json: r#"{"resourceType":"Patient","name":[{}]}"#,
            message: "ele-1: HumanName has no value and no child elements",
            path: "Patient.name[0]",
            at: At::On("{}"),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "empty meta",
            json: r#"{"resourceType":"Patient","meta":{},"active":true}"#,
            message: "ele-1: Meta has no value and no child elements",
            path: "Patient.meta",
            at: At::On("{}"),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "empty backbone element",
            json: r#"{"resourceType":"Patient","contact":[{}]}"#,
            message: "ele-1: Patient.contact has no value and no child elements",
            path: "Patient.contact[0]",
            at: At::On("{}"),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "an element with only an id",
            json: r#"{"resourceType":"Patient","name":[{"id":"n1"}]}"#,
            message: "ele-1: HumanName has no value and no child elements",
            path: "Patient.name[0]",
            at: At::On(r#"{"id""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "an extension with only a url",
            json: r#"{"resourceType":"Patient","extension":[{"url":"http://example.org/x"}]}"#,
            message: "ele-1: Extension has no value and no child elements",
            path: "Patient.extension[0]",
            at: At::On(r#"{"url""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "a primitive with only an id",
            json: r#"{"resourceType":"Patient","_active":{"id":"a1"}}"#,
            message: "ele-1: a primitive element with an id but no value and no extensions",
            path: "Patient.active",
            at: At::On(r#""_active""#),
            kept: Kept::AsWritten,
        },
    ]);
}

/// The lexical rules of `id`, `code`, `uri` and `oid`. (No element of STU3 is a `uuid`,
/// not even a choice: `tests/derive.rs` checks that rule on a type of its own.)
#[test]
fn primitive_formats_are_checked() {
    check_rules(&[
        Rule {
            name: "id of 65 characters",
            json: r#"{"resourceType":"Patient","id":"a123456789b123456789c123456789d123456789e123456789f123456789g1234"}"#,
            message: "invalid id: 65 characters (an id has at most 64)",
            path: "Patient.id",
            at: At::After(r#""id":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "id with an underscore",
            json: r#"{"resourceType":"Patient","id":"a_b"}"#,
            message: "invalid id: '_' at index 1",
            path: "Patient.id",
            at: At::After(r#""id":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "id with a space",
            json: r#"{"resourceType":"Patient","id":"a b"}"#,
            message: "invalid id: ' ' at index 1",
            path: "Patient.id",
            at: At::After(r#""id":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "contained resource id with a slash",
            json: r##"{"resourceType":"Patient","contained":[{"resourceType":"Organization","id":"o/1","name":"x"}],"managingOrganization":{"reference":"#o/1"}}"##,
            message: "invalid id: '/' at index 1",
            path: "Patient.contained[0].ofType(Organization).id",
            at: At::After(r#""id":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "code with a double space",
            json: r#"{"resourceType":"Patient","maritalStatus":{"coding":[{"code":"a  b"}]}}"#,
            message: "invalid code: whitespace at index 2 that is not a single space",
            path: "Patient.maritalStatus.coding[0].code",
            at: At::After(r#""code":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "code with a leading space",
            json: r#"{"resourceType":"Patient","maritalStatus":{"coding":[{"code":" M"}]}}"#,
            message: "invalid code: leading whitespace",
            path: "Patient.maritalStatus.coding[0].code",
            at: At::After(r#""code":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "code with a trailing space",
            json: r#"{"resourceType":"Patient","maritalStatus":{"coding":[{"code":"M "}]}}"#,
            message: "invalid code: trailing whitespace",
            path: "Patient.maritalStatus.coding[0].code",
            at: At::After(r#""code":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "code with a tab",
            json: r#"{"resourceType":"Patient","maritalStatus":{"coding":[{"code":"a\tb"}]}}"#,
            message: "invalid code: whitespace at index 1",
            path: "Patient.maritalStatus.coding[0].code",
            at: At::After(r#""code":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "uri with a space",
            json: r#"{"resourceType":"Patient","maritalStatus":{"coding":[{"system":"http://example.org/a b","code":"M"}]}}"#,
            message: "invalid uri: whitespace at index 20 (a uri has none)",
            path: "Patient.maritalStatus.coding[0].system",
            at: At::After(r#""system":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "extension url with a space",
            json: r#"{"resourceType":"Patient","extension":[{"url":"http://example.org/ x","valueBoolean":true}]}"#,
            message: "invalid uri: whitespace at index 19",
            path: "Patient.extension[0].url",
            at: At::After(r#""url":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "oid without urn:oid:",
            json: r#"{"resourceType":"Patient","extension":[{"url":"http://example.org/x","valueOid":"1.2.3"}]}"#,
            message: "invalid oid: not of the form urn:oid:",
            path: "Patient.extension[0].valueOid",
            at: At::After(r#""valueOid":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "oid with a leading zero",
            json: r#"{"resourceType":"Patient","extension":[{"url":"http://example.org/x","valueOid":"urn:oid:1.02"}]}"#,
            message: "invalid oid",
            path: "Patient.extension[0].valueOid",
            at: At::After(r#""valueOid":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "oid element with a letter",
            json: r#"{"resourceType":"ImagingStudy","uid":"urn:oid:1.2.840.x","patient":{"reference":"Patient/p"}}"#,
            message: "invalid oid: not of the form urn:oid:",
            path: "ImagingStudy.uid",
            at: At::After(r#""uid":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "id in a choice",
            json: r#"{"resourceType":"Patient","extension":[{"url":"http://example.org/x","valueId":"a#b"}]}"#,
            message: "invalid id: '#' at index 1",
            path: "Patient.extension[0].valueId",
            at: At::After(r#""valueId":"#),
            kept: Kept::AsWritten,
        },
    ]);
}

/// dom-1, dom-2 and dom-4: a contained resource has no narrative, no contained resources
/// of its own and no version metadata.
#[test]
fn contained_resources_break_the_dom_rules() {
    check_rules(&[
        Rule {
            name: "dom-1",
            json: r##"{"resourceType":"Patient","contained":[{"resourceType":"Organization","id":"o","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">o</div>"},"name":"x"}],"managingOrganization":{"reference":"#o"}}"##,
            message: "dom-1: a contained resource has a narrative (text)",
            path: "Patient.contained[0].ofType(Organization).text",
            at: At::On(r#""text""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "dom-2",
            json: r##"{"resourceType":"Patient","contained":[{"resourceType":"Organization","id":"o","contained":[{"resourceType":"Organization","id":"p","name":"y"}],"name":"x","partOf":{"reference":"#p"}}],"managingOrganization":{"reference":"#o"}}"##,
            message: "dom-2: a contained resource has contained resources of its own",
            path: "Patient.contained[0].ofType(Organization).contained",
            at: At::On(r#""contained":[{"resourceType":"Organization","id":"p""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "dom-4 versionId",
            json: r##"{"resourceType":"Patient","contained":[{"resourceType":"Organization","id":"o","meta":{"versionId":"1"},"name":"x"}],"managingOrganization":{"reference":"#o"}}"##,
            message: "dom-4: a contained resource has meta.versionId",
            path: "Patient.contained[0].ofType(Organization).meta",
            at: At::After(r#""meta":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "dom-4 lastUpdated",
            json: r##"{"resourceType":"Patient","contained":[{"resourceType":"Organization","id":"o","meta":{"lastUpdated":"2017-01-01T00:00:00Z"},"name":"x"}],"managingOrganization":{"reference":"#o"}}"##,
            message: "dom-4: a contained resource has meta.lastUpdated",
            path: "Patient.contained[0].ofType(Organization).meta",
            at: At::After(r#""meta":"#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "dom-4 both",
            json: r##"{"resourceType":"Patient","contained":[{"resourceType":"Organization","id":"o","meta":{"versionId":"1","lastUpdated":"2017-01-01T00:00:00Z"},"name":"x"}],"managingOrganization":{"reference":"#o"}}"##,
            message: "dom-4: a contained resource has meta.versionId and meta.lastUpdated",
            path: "Patient.contained[0].ofType(Organization).meta",
            at: At::After(r#""meta":"#),
            kept: Kept::AsWritten,
        },
    ]);
    // The container itself may have all three.
    let json = r##"{"resourceType":"Patient","meta":{"versionId":"1","lastUpdated":"2017-01-01T00:00:00Z"},"text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">p</div>"},"contained":[{"resourceType":"Organization","id":"o","meta":{"profile":["http://example.org/p"]},"name":"x"}],"managingOrganization":{"reference":"#o"}}"##;
    Resource::from_json(json).unwrap_or_else(|e| panic!("{e}"));
}

/// A choice element named with a type it does not take says so, rather than calling the
/// element unknown; read leniently, it is skipped.
#[test]
fn choice_element_of_a_type_it_does_not_take_is_named() {
    check_rules(&[
        Rule {
            name: "valueInteger on Observation",
            json: r#"{"resourceType":"Observation","status":"final","code":{"text":"t"},"valueInteger":1}"#,
            message: "'valueInteger': the choice element value[x] does not take the type integer (it takes ",
            path: "Observation",
            at: At::On(r#""valueInteger""#),
            kept: Kept::As(
                r#"{"resourceType":"Observation","status":"final","code":{"text":"t"}}"#,
            ),
        },
        Rule {
            name: "_valueInteger on Observation",
            json: r#"{"resourceType":"Observation","status":"final","code":{"text":"t"},"_valueInteger":{"id":"v"}}"#,
            message: "'_valueInteger': the choice element value[x] does not take the type integer",
            path: "Observation",
            at: At::On(r#""_valueInteger""#),
            kept: Kept::As(
                r#"{"resourceType":"Observation","status":"final","code":{"text":"t"}}"#,
            ),
        },
        Rule {
            name: "deceasedInteger on Patient",
            json: r#"{"resourceType":"Patient","active":true,"deceasedInteger":1}"#,
            message: "'deceasedInteger': the choice element deceased[x] does not take the type integer (it takes boolean, dateTime)",
            path: "Patient",
            at: At::On(r#""deceasedInteger""#),
            kept: Kept::As(r#"{"resourceType":"Patient","active":true}"#),
        },
    ]);
    // A name that is no type at all is still an unknown element.
    let e = patient_err(br#"{"resourceType":"Patient","deceasedBanana":true}"#);
    assert!(matches!(e.kind(), ErrorKind::UnknownElement { .. }), "{e}");
}

/// Written raw in a JSON string, a control character is not JSON at all: refused in both
/// modes, at the character.
#[test]
fn raw_control_character_in_a_string_is_a_syntax_error() {
    let json = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"a\u{1}b\"}]}";
    for e in [
        Patient::from_json(json).expect_err("strict"),
        Patient::from_json_with(json, ReadOptions::lenient()).expect_err("lenient"),
    ] {
        assert!(matches!(e.kind(), ErrorKind::Syntax(_)), "{e}");
        assert_at(&e, "Patient.name[0].family", 1, 47);
    }
}
