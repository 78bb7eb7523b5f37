//! Hostile and malformed FHIR XML: every case is an `Err` of the exact kind, with a FHIR
//! path where one applies and a position, never a panic, an abort, a stack overflow or an
//! expanded entity. The positive edge cases pin what the reader must accept (comments, a
//! BOM, prefixes, entities, primitives with only an id and extensions) and that the writer
//! escapes what it writes. The values that break a rule of FHIR 3.0.1 the reader checks
//! (at the end, one table row each) are read leniently too: one issue with the same path
//! and position, the value kept where it can be written back.

use careconnect_models::rt::{Error, ErrorKind, FhirJson, FhirXml, ReadOptions};
use careconnect_models::stu3::{Observation, Patient, Resource};
use careconnect_tests::xml_equal;

const FHIR: &str = "http://hl7.org/fhir";

fn patient_err(xml: impl AsRef<[u8]>) -> Error {
    match Patient::from_xml(xml) {
        Ok(p) => panic!("expected an error, parsed {p:?}"),
        Err(e) => e,
    }
}

fn resource_err(xml: impl AsRef<[u8]>) -> Error {
    match Resource::from_xml(xml) {
        Ok(r) => panic!("expected an error, parsed {}", r.resource_type()),
        Err(e) => e,
    }
}

/// The error's path is `path` and it is on `line` (with some column).
fn assert_at(e: &Error, path: &str, line: usize) {
    assert_eq!(e.path_string(), path, "path of: {e}");
    assert_line(e, line);
}

/// The error is on `line` (with some column) and names a path in the resource read.
fn assert_in(e: &Error, root: &str, line: usize) {
    assert!(e.path_string().starts_with(root), "path of: {e}");
    assert_line(e, line);
}

fn assert_line(e: &Error, line: usize) {
    let p = e
        .position()
        .unwrap_or_else(|| panic!("no position in: {e}"));
    assert_eq!(p.line, line, "line of: {e}");
    assert!(p.column >= 1, "column of: {e}");
}

const PATIENT: &str = r#"<Patient xmlns="http://hl7.org/fhir">
  <id value="example"/>
  <active value="true"/>
  <name>
    <use value="official"/>
    <family value="Chalmers"/>
    <given value="Peter"/>
    <given value="James"/>
  </name>
  <gender value="male"/>
  <birthDate value="1974-12-25"/>
</Patient>"#;

#[test]
fn the_reference_patient_parses() {
    let p = Patient::from_xml(PATIENT).expect("valid patient");
    assert_eq!(p.name[0].given.len(), 2);
    assert_eq!(
        p.birth_date.and_then(|d| d.value).map(|d| d.to_string()),
        Some("1974-12-25".into())
    );
}

#[test]
fn truncated_document_is_an_unexpected_end() {
    let end = PATIENT.find("</name>").expect("name") + "</name>".len();
    let e = patient_err(&PATIENT[..end]);
    assert!(matches!(e.kind(), ErrorKind::UnexpectedEnd), "{e}");
    assert_in(&e, "Patient", 9);

    let e = resource_err("");
    assert!(matches!(e.kind(), ErrorKind::UnexpectedEnd), "{e}");
    assert!(e.position().is_some(), "{e}");
}

#[test]
fn every_truncation_is_an_error_with_a_position() {
    for end in 0..PATIENT.len() {
        let e = patient_err(&PATIENT[..end]);
        assert!(
            matches!(e.kind(), ErrorKind::UnexpectedEnd | ErrorKind::Syntax(_)),
            "truncation at {end}: {e}"
        );
        assert!(
            e.position().is_some(),
            "no position for truncation at {end}: {e}"
        );
    }
}

#[test]
fn mismatched_end_tag_is_a_syntax_error() {
    let e = patient_err(
        r#"<Patient xmlns="http://hl7.org/fhir">
  <name>
    <family value="Chalmers"/>
  </given>
</Patient>"#,
    );
    assert!(matches!(e.kind(), ErrorKind::Syntax(_)), "{e}");
    assert_at(&e, "Patient.name[0]", 4);
}

#[test]
fn doctype_with_an_internal_entity_is_refused_not_expanded() {
    let xml = r#"<?xml version="1.0"?>
<!DOCTYPE Patient [<!ENTITY e "boom">]>
<Patient xmlns="http://hl7.org/fhir">
  <name><family value="&e;"/></name>
</Patient>"#;
    let e = patient_err(xml);
    assert!(matches!(e.kind(), ErrorKind::Syntax(_)), "{e}");
    assert_line(&e, 2);
    // Lenient reading skips unknown elements, never a DOCTYPE.
    let e = Patient::from_xml_with(xml, ReadOptions::lenient()).expect_err("DOCTYPE");
    assert!(matches!(e.kind(), ErrorKind::Syntax(_)), "{e}");
    assert_line(&e, 2);
}

#[test]
fn external_entity_is_refused_not_fetched() {
    let e = patient_err(
        r#"<?xml version="1.0"?>
<!DOCTYPE Patient [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Patient xmlns="http://hl7.org/fhir">
  <name><family value="&xxe;"/></name>
</Patient>"#,
    );
    assert!(matches!(e.kind(), ErrorKind::Syntax(_)), "{e}");
    assert_line(&e, 2);
    assert!(
        !e.to_string().contains("root:"),
        "file contents leaked: {e}"
    );
}

#[test]
fn billion_laughs_fails_fast() {
    let mut xml = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE Patient [\n");
    xml.push_str("  <!ENTITY lol \"lol\">\n");
    for i in 1..=9 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        xml.push_str(&format!(
            "  <!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    xml.push_str("]>\n<Patient xmlns=\"http://hl7.org/fhir\">\n");
    xml.push_str("  <name><family value=\"&lol9;\"/></name>\n</Patient>");
    // Returning at all is the point (10^9 expansions would not); no timing assertion.
    let e = patient_err(&xml);
    assert!(matches!(e.kind(), ErrorKind::Syntax(_)), "{e}");
    assert_line(&e, 2);
}

#[test]
fn undefined_entity_in_an_attribute_is_a_syntax_error() {
    let xml = r#"<Patient xmlns="http://hl7.org/fhir">
  <name>
    <family value="a&nbsp;b"/>
  </name>
</Patient>"#;
    let e = patient_err(xml);
    assert!(matches!(e.kind(), ErrorKind::Syntax(_)), "{e}");
    assert_at(&e, "Patient.name[0].family", 3);

    // Declared nowhere (no DOCTYPE), used in an attribute: the same.
    let e = patient_err(xml.replace("&nbsp;", "&e;"));
    assert!(matches!(e.kind(), ErrorKind::Syntax(_)), "{e}");
    assert_at(&e, "Patient.name[0].family", 3);
}

#[test]
fn wrong_or_missing_namespace_on_the_root_is_refused() {
    let xml = "<Patient xmlns=\"http://example.org\">\n  <active value=\"true\"/>\n</Patient>";
    let e = patient_err(xml);
    assert!(
        matches!(
            e.kind(),
            ErrorKind::WrongNamespace { expected: FHIR, found } if found == "http://example.org"
        ),
        "{e}"
    );
    assert_line(&e, 1);
    let e = resource_err(xml);
    assert!(
        matches!(e.kind(), ErrorKind::WrongNamespace { expected: FHIR, .. }),
        "{e}"
    );

    let e = patient_err("<Patient>\n  <active value=\"true\"/>\n</Patient>");
    assert!(
        matches!(
            e.kind(),
            ErrorKind::WrongNamespace { expected: FHIR, found } if found == "no namespace"
        ),
        "{e}"
    );
    assert_line(&e, 1);

    // A FHIR element in another namespace below a FHIR root is not FHIR content either.
    let e = patient_err(
        "<Patient xmlns=\"http://hl7.org/fhir\">\n  <active xmlns=\"http://example.org\" value=\"true\"/>\n</Patient>",
    );
    assert!(
        matches!(
            e.kind(),
            ErrorKind::WrongNamespace { expected: FHIR, found } if found == "http://example.org"
        ),
        "{e}"
    );
    assert_at(&e, "Patient", 2);
}

#[test]
fn unknown_element_is_an_error_or_a_reported_issue() {
    let xml = r#"<Patient xmlns="http://hl7.org/fhir">
  <name>
    <family value="x"/>
    <nickname value="y"><extension url="http://example.org/u"/></nickname>
    <given value="z"/>
  </name>
</Patient>"#;
    let e = patient_err(xml);
    assert_eq!(
        e.kind(),
        &ErrorKind::UnknownElement {
            name: "nickname".into(),
            did_you_mean: None
        }
    );
    assert_at(&e, "Patient.name[0]", 4);

    let (p, issues) = Patient::from_xml_with(xml, ReadOptions::lenient()).expect("lenient");
    assert_eq!(
        p.name[0].family.as_ref().and_then(|f| f.value.as_deref()),
        Some("x")
    );
    assert_eq!(
        p.name[0].given.first().and_then(|g| g.value.as_deref()),
        Some("z"),
        "the element after the skipped one is read"
    );
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].path, "Patient.name[0]");
    assert!(issues[0].message.contains("'nickname'"), "{}", issues[0]);
    assert_eq!(issues[0].position.line, 4);
}

#[test]
fn wrong_case_element_name_is_unknown_with_a_suggestion() {
    let e = patient_err(
        "<Patient xmlns=\"http://hl7.org/fhir\">\n  <birthdate value=\"1970\"/>\n</Patient>",
    );
    assert_eq!(
        e.kind(),
        &ErrorKind::UnknownElement {
            name: "birthdate".into(),
            did_you_mean: Some("birthDate")
        }
    );
    assert_at(&e, "Patient", 2);
}

#[test]
fn out_of_order_elements_are_refused() {
    let e = patient_err(
        r#"<Patient xmlns="http://hl7.org/fhir">
  <gender value="male"/>
  <name><family value="x"/></name>
</Patient>"#,
    );
    assert_eq!(
        e.kind(),
        &ErrorKind::OutOfOrder {
            name: "name".into(),
            after: "gender".into()
        }
    );
    assert_at(&e, "Patient", 3);

    // The items of a repeating element must be together.
    let e = patient_err(
        r#"<Patient xmlns="http://hl7.org/fhir">
  <name><family value="x"/></name>
  <gender value="male"/>
  <name><family value="y"/></name>
</Patient>"#,
    );
    assert_eq!(
        e.kind(),
        &ErrorKind::OutOfOrder {
            name: "name".into(),
            after: "gender".into()
        }
    );
    assert_at(&e, "Patient", 4);
}

#[test]
fn non_repeating_element_twice_is_a_duplicate() {
    let e = patient_err(
        r#"<Patient xmlns="http://hl7.org/fhir">
  <birthDate value="1970-01-01"/>
  <birthDate value="1971-01-01"/>
</Patient>"#,
    );
    assert_eq!(e.kind(), &ErrorKind::DuplicateElement("birthDate".into()));
    assert_at(&e, "Patient", 3);

    // A choice element with two types is the same element twice.
    let e = patient_err(
        r#"<Patient xmlns="http://hl7.org/fhir">
  <deceasedBoolean value="true"/>
  <deceasedDateTime value="2015"/>
</Patient>"#,
    );
    assert!(
        matches!(
            e.kind(),
            ErrorKind::DuplicateElement(_) | ErrorKind::ChoiceConflict { .. }
        ),
        "{e}"
    );
    assert_at(&e, "Patient", 3);
}

#[test]
fn value_attribute_on_a_complex_element_is_refused() {
    let e = match Observation::from_xml(
        r#"<Observation xmlns="http://hl7.org/fhir">
  <status value="final"/>
  <code value="x">
    <text value="t"/>
  </code>
</Observation>"#,
    ) {
        Ok(o) => panic!("expected an error, parsed {o:?}"),
        Err(e) => e,
    };
    assert_eq!(
        e.kind(),
        &ErrorKind::UnexpectedAttribute {
            name: "value".into()
        }
    );
    assert_at(&e, "Observation.code", 3);
}

#[test]
fn unknown_attribute_is_refused() {
    let e = patient_err(
        "<Patient xmlns=\"http://hl7.org/fhir\">\n  <birthDate value=\"1970-01-01\" foo=\"bar\"/>\n</Patient>",
    );
    assert_eq!(
        e.kind(),
        &ErrorKind::UnexpectedAttribute { name: "foo".into() }
    );
    assert_at(&e, "Patient.birthDate", 2);

    let e = patient_err(
        "<Patient xmlns=\"http://hl7.org/fhir\">\n  <name foo=\"bar\"><family value=\"x\"/></name>\n</Patient>",
    );
    assert_eq!(
        e.kind(),
        &ErrorKind::UnexpectedAttribute { name: "foo".into() }
    );
    assert_at(&e, "Patient.name[0]", 2);

    // `xsi:schemaLocation` is accepted on the root only.
    let e = patient_err(
        r#"<Patient xmlns="http://hl7.org/fhir" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <active xsi:schemaLocation="http://hl7.org/fhir patient.xsd" value="true"/>
</Patient>"#,
    );
    assert!(
        matches!(e.kind(), ErrorKind::UnexpectedAttribute { name } if name.contains("schemaLocation")),
        "{e}"
    );
    assert_at(&e, "Patient.active", 2);
}

#[test]
fn text_inside_a_fhir_element_is_refused() {
    let e = patient_err(
        "<Patient xmlns=\"http://hl7.org/fhir\">\n  <name>hello<family value=\"x\"/></name>\n</Patient>",
    );
    assert_eq!(e.kind(), &ErrorKind::UnexpectedText);
    assert_at(&e, "Patient.name[0]", 2);

    let e = patient_err(
        "<Patient xmlns=\"http://hl7.org/fhir\">\n  <birthDate value=\"1970-01-01\">1970</birthDate>\n</Patient>",
    );
    assert_eq!(e.kind(), &ErrorKind::UnexpectedText);
    assert_at(&e, "Patient.birthDate", 2);

    let e = patient_err("<Patient xmlns=\"http://hl7.org/fhir\">\n  text\n</Patient>");
    assert_eq!(e.kind(), &ErrorKind::UnexpectedText);
    assert_at(&e, "Patient", 2);
}

#[test]
fn id_element_in_a_datatype_is_refused() {
    // Element.id is an attribute in FHIR XML: an `id` element in a datatype is unknown.
    let e = patient_err(
        r#"<Patient xmlns="http://hl7.org/fhir">
  <name>
    <id value="n1"/>
    <family value="x"/>
  </name>
</Patient>"#,
    );
    assert!(
        matches!(e.kind(), ErrorKind::UnknownElement { name, .. } if name == "id"),
        "{e}"
    );
    assert_at(&e, "Patient.name[0]", 3);
}

#[test]
fn id_attribute_on_a_resource_is_refused() {
    // Resource.id is an element in FHIR XML: an `id` attribute on a resource is unexpected.
    let e = patient_err(
        "<Patient xmlns=\"http://hl7.org/fhir\" id=\"p1\">\n  <active value=\"true\"/>\n</Patient>",
    );
    assert_eq!(
        e.kind(),
        &ErrorKind::UnexpectedAttribute { name: "id".into() }
    );
    assert_at(&e, "Patient", 1);
}

/// Runs `f` on a thread with a 512 KiB stack (a quarter of Rust's default for spawned
/// threads): a reader that recursed per nesting level without a limit would need about
/// 230 MiB for the 100,000 levels below, so it would overflow long before the end. The
/// reader recurses once per element, and stops at `max_depth` (128) levels counted as the
/// element's JSON form would count them (an array and an object per extension level); in
/// a debug build that takes about 300 KiB. `f` only reads; the caller asserts.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("the reader must not overflow the stack")
}

const DEPTH: usize = 100_000;

#[test]
fn deep_extension_nesting_is_refused_without_overflowing_the_stack() {
    let mut nested = String::from("<Patient xmlns=\"http://hl7.org/fhir\">");
    nested.push_str(&"<extension url=\"http://example.org/u\">".repeat(DEPTH));
    nested.push_str(&"</extension>".repeat(DEPTH));
    nested.push_str("</Patient>");
    let result = on_small_stack(move || Patient::from_xml(nested).map(|_| ()));
    let e = result.expect_err("too deep");
    assert!(matches!(e.kind(), ErrorKind::TooDeep { limit: 128 }), "{e}");
    assert!(
        e.path_string()
            .starts_with("Patient.extension[0].extension[0]"),
        "{e}"
    );
    assert!(e.position().is_some(), "{e}");
}

#[test]
fn deep_unknown_elements_are_refused_when_skipped_too() {
    // Lenient reading skips unknown elements; ReadOptions::max_depth still bounds the
    // nesting of the document, as it does for JSON (see hostile_json.rs).
    let mut unknown = String::from("<Patient xmlns=\"http://hl7.org/fhir\">");
    unknown.push_str(&"<x>".repeat(DEPTH));
    unknown.push_str(&"</x>".repeat(DEPTH));
    unknown.push_str("</Patient>");
    let result = on_small_stack(move || {
        Patient::from_xml_with(unknown, ReadOptions::lenient()).map(|(_, issues)| issues)
    });
    let e = result.expect_err("too deep");
    assert!(matches!(e.kind(), ErrorKind::TooDeep { limit: 128 }), "{e}");
    assert!(e.position().is_some(), "{e}");
}

#[test]
fn invalid_utf8_in_an_attribute_is_an_error_at_its_line() {
    let mut xml =
        b"<Patient xmlns=\"http://hl7.org/fhir\">\n  <name>\n    <family value=\"ab".to_vec();
    xml.extend_from_slice(&[0xFF, 0xFE]);
    xml.extend_from_slice(b"\"/>\n  </name>\n</Patient>");
    let e = patient_err(&xml);
    assert_eq!(e.kind(), &ErrorKind::InvalidUtf8);
    assert_in(&e, "Patient", 3);
}

#[test]
fn overlong_string_is_refused() {
    let big = "A".repeat(2 * 1024 * 1024);
    let xml = format!(
        "<Patient xmlns=\"http://hl7.org/fhir\">\n  <name><family value=\"{big}\"/></name>\n</Patient>"
    );
    let e = patient_err(&xml);
    assert!(
        matches!(
            e.kind(),
            ErrorKind::TooLong {
                limit: 1_048_576,
                found: 2_097_152
            }
        ),
        "{e}"
    );
    assert_at(&e, "Patient.name[0].family", 2);
}

#[test]
fn invalid_values_name_the_element() {
    let e = patient_err(
        "<Patient xmlns=\"http://hl7.org/fhir\">\n  <birthDate value=\"1970-13-01\"/>\n</Patient>",
    );
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
    assert_at(&e, "Patient.birthDate", 2);

    let e = patient_err(
        "<Patient xmlns=\"http://hl7.org/fhir\">\n  <active value=\"yes\"/>\n</Patient>",
    );
    assert!(
        matches!(
            e.kind(),
            ErrorKind::InvalidValue {
                type_name: "boolean",
                ..
            }
        ),
        "{e}"
    );
    assert_at(&e, "Patient.active", 2);
}

#[test]
fn code_outside_a_required_binding_is_unknown() {
    let e = patient_err(
        "<Patient xmlns=\"http://hl7.org/fhir\">\n  <gender value=\"robot\"/>\n</Patient>",
    );
    assert!(
        matches!(e.kind(), ErrorKind::UnknownCode { code, .. } if code == "robot"),
        "{e}"
    );
    assert_at(&e, "Patient.gender", 2);
}

#[test]
fn empty_primitive_is_refused() {
    for xml in [
        "<Patient xmlns=\"http://hl7.org/fhir\">\n  <birthDate/>\n</Patient>",
        "<Patient xmlns=\"http://hl7.org/fhir\">\n  <birthDate></birthDate>\n</Patient>",
    ] {
        let e = patient_err(xml);
        assert_eq!(e.kind(), &ErrorKind::EmptyPrimitive, "{xml}");
        assert_at(&e, "Patient.birthDate", 2);
    }
    // `value=""` is not a date.
    let e = patient_err(
        "<Patient xmlns=\"http://hl7.org/fhir\">\n  <birthDate value=\"\"/>\n</Patient>",
    );
    assert!(
        matches!(
            e.kind(),
            ErrorKind::EmptyPrimitive | ErrorKind::InvalidValue { .. }
        ),
        "{e}"
    );
    assert_at(&e, "Patient.birthDate", 2);
}

#[test]
fn missing_required_element_is_refused() {
    let e = match Observation::from_xml(
        "<Observation xmlns=\"http://hl7.org/fhir\">\n  <code><text value=\"t\"/></code>\n</Observation>",
    ) {
        Ok(o) => panic!("expected an error, parsed {o:?}"),
        Err(e) => e,
    };
    assert_eq!(e.kind(), &ErrorKind::MissingElement("status"));
    assert_at(&e, "Observation", 1);
}

#[test]
fn content_after_the_root_element_is_refused() {
    let e = patient_err(
        "<Patient xmlns=\"http://hl7.org/fhir\"/>\n<Patient xmlns=\"http://hl7.org/fhir\"/>",
    );
    assert_eq!(e.kind(), &ErrorKind::TrailingContent);
    assert_at(&e, "Patient", 2);
}

#[test]
fn unknown_resource_type_is_refused() {
    let e = resource_err("<Foo xmlns=\"http://hl7.org/fhir\"/>");
    assert_eq!(e.kind(), &ErrorKind::UnknownResourceType("Foo".into()));
    assert!(e.position().is_some(), "{e}");

    let e = patient_err(
        r#"<Patient xmlns="http://hl7.org/fhir">
  <contained>
    <Foo/>
  </contained>
</Patient>"#,
    );
    assert_eq!(e.kind(), &ErrorKind::UnknownResourceType("Foo".into()));
    assert_at(&e, "Patient.contained[0]", 3);
}

#[test]
fn reading_another_resource_type_is_a_mismatch() {
    let e = patient_err(
        "<Observation xmlns=\"http://hl7.org/fhir\">\n  <status value=\"final\"/>\n</Observation>",
    );
    assert!(
        matches!(
            e.kind(),
            ErrorKind::ResourceTypeMismatch { expected: "Patient", found } if found == "Observation"
        ),
        "{e}"
    );
    assert_at(&e, "Patient", 1);
}

// Positive edge cases: what the reader must accept, and what the writer must escape.

#[test]
fn comments_and_processing_instructions_are_ignored() {
    let decorated = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- before the root -->
<?xml-stylesheet type="text/xsl" href="fhir.xsl"?>
<Patient xmlns="http://hl7.org/fhir">
  <!-- a comment -->
  <id value="example"/>
  <?pi between elements?>
  <active value="true"><!-- inside a primitive --></active>
  <name>
    <use value="official"/>
    <!-- <family value="commented out"/> -->
    <family value="Chalmers"/>
    <given value="Peter"/>
    <given value="James"/>
  </name>
  <gender value="male"/>
  <birthDate value="1974-12-25"/>
</Patient>
<!-- after the root -->
"#;
    let p = Patient::from_xml(decorated).expect("comments and PIs are not content");
    assert_eq!(p, Patient::from_xml(PATIENT).expect("valid patient"));
}

#[test]
fn byte_order_mark_and_xml_declaration_are_accepted() {
    let mut xml = vec![0xEF, 0xBB, 0xBF];
    xml.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.extend_from_slice(PATIENT.as_bytes());
    let p = Patient::from_xml(&xml).expect("BOM and declaration");
    assert_eq!(p, Patient::from_xml(PATIENT).expect("valid patient"));
}

#[test]
fn primitive_with_only_an_id_and_extensions_round_trips() {
    let xml = r#"<Patient xmlns="http://hl7.org/fhir"><birthDate id="b1"><extension url="http://example.org/x"><valueString value="x"/></extension></birthDate></Patient>"#;
    let p = Patient::from_xml(xml).expect("a primitive without a value");
    let birth_date = p.birth_date.as_ref().expect("birthDate");
    assert_eq!(birth_date.value, None);
    assert_eq!(birth_date.id(), Some("b1"));
    assert_eq!(birth_date.extension().len(), 1);
    assert_eq!(birth_date.extension()[0].url, "http://example.org/x");
    let out = p.to_xml();
    assert_eq!(xml_equal(xml.as_bytes(), out.as_bytes()), Ok(()), "{out}");
    assert_eq!(Patient::from_xml(&out).expect("reads back"), p);
}

#[test]
fn datatype_id_attribute_and_resource_id_element_are_read() {
    let xml = r#"<Patient xmlns="http://hl7.org/fhir"><id value="p1"/><name id="n1"><family value="x"/></name></Patient>"#;
    let p = Patient::from_xml(xml).expect("ids where FHIR XML puts them");
    assert_eq!(p.id.as_ref().and_then(|i| i.value.as_deref()), Some("p1"));
    assert_eq!(p.name[0].id.as_deref(), Some("n1"));
    assert_eq!(xml_equal(xml.as_bytes(), p.to_xml().as_bytes()), Ok(()));
}

#[test]
fn entities_and_character_references_in_attributes_are_read() {
    let p = Patient::from_xml(
        r#"<Patient xmlns="http://hl7.org/fhir"><name><family value="a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;&#10;g&#x41;&#233;"/></name></Patient>"#,
    )
    .expect("predefined entities and character references");
    assert_eq!(
        p.name[0].family.as_ref().and_then(|f| f.value.as_deref()),
        Some("a & b < c > d \"e\" 'f'\ngAé")
    );
}

#[test]
fn special_characters_write_and_read_back_identical() {
    let tricky = "line 1\nline 2 < & > \" ' \t tab\r\ncrlf ]]> é 😀";
    let mut p = Patient::from_xml(PATIENT).expect("valid patient");
    p.name[0].family = Some(tricky.to_string().into());
    for xml in [p.to_xml(), p.to_xml_pretty()] {
        // An independent XML parser sees the same value (attribute-value normalisation
        // would turn an unescaped newline or tab into a space).
        let doc = roxmltree::Document::parse(&xml).expect("well-formed output");
        let family = doc
            .descendants()
            .find(|n| n.has_tag_name((FHIR, "family")))
            .and_then(|n| n.attribute("value"));
        assert_eq!(family, Some(tricky), "{xml}");
        assert_eq!(Patient::from_xml(&xml).expect("reads back"), p, "{xml}");
    }
}

#[test]
fn prefixed_fhir_namespace_is_read() {
    let xml = r#"<f:Patient xmlns:f="http://hl7.org/fhir">
  <f:id value="example"/>
  <f:active value="true"/>
  <f:name>
    <f:use value="official"/>
    <f:family value="Chalmers"/>
    <f:given value="Peter"/>
    <f:given value="James"/>
  </f:name>
  <f:gender value="male"/>
  <f:birthDate value="1974-12-25"/>
</f:Patient>"#;
    let p = Patient::from_xml(xml).expect("prefixed namespace");
    assert_eq!(p, Patient::from_xml(PATIENT).expect("valid patient"));
}

#[test]
fn schema_location_is_accepted_on_the_root_and_reported() {
    let xml = r#"<Patient xmlns="http://hl7.org/fhir" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://hl7.org/fhir patient.xsd">
  <active value="true"/>
</Patient>"#;
    let p = Patient::from_xml(xml).expect("accepted in strict mode");
    let (q, issues) = Patient::from_xml_with(xml, ReadOptions::default()).expect("accepted");
    assert_eq!(p, q);
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].path, "Patient");
    assert!(
        issues[0].message.contains("schemaLocation"),
        "{}",
        issues[0]
    );
    assert!(!p.to_xml().contains("schemaLocation"));
}

#[test]
fn narrative_div_is_kept_verbatim_with_its_namespace() {
    let xml = r#"<Patient xmlns="http://hl7.org/fhir"><text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml"><p>a &amp; b <b>bold</b><br/>&#160;</p></div></text></Patient>"#;
    let p = Patient::from_xml(xml).expect("narrative");
    let div = &p.text.as_ref().expect("text").div;
    assert!(
        div.starts_with(r#"<div xmlns="http://www.w3.org/1999/xhtml">"#),
        "{div}"
    );
    assert!(div.contains("<b>bold</b>"), "{div}");
    assert_eq!(xml_equal(xml.as_bytes(), p.to_xml().as_bytes()), Ok(()));
    assert_eq!(
        xml_equal(xml.as_bytes(), p.to_xml_pretty().as_bytes()),
        Ok(())
    );
}

#[test]
fn written_xml_has_the_fhir_namespace_and_no_declaration() {
    let p = Patient::from_xml(PATIENT).expect("valid patient");
    let compact = p.to_xml();
    assert!(
        compact.starts_with(r#"<Patient xmlns="http://hl7.org/fhir"><id value="example""#),
        "{compact}"
    );
    assert!(!compact.starts_with("<?xml"), "{compact}");
    assert!(!compact.contains('\n'), "{compact}");
    assert_eq!(xml_equal(PATIENT.as_bytes(), compact.as_bytes()), Ok(()));
    let pretty = p.to_xml_pretty();
    assert!(
        pretty.starts_with(r#"<Patient xmlns="http://hl7.org/fhir">"#),
        "{pretty}"
    );
    assert_eq!(xml_equal(PATIENT.as_bytes(), pretty.as_bytes()), Ok(()));
    assert_eq!(Patient::from_xml(&pretty).expect("reads back"), p);
}

// ---------------------------------------------------------------------------------------
// Values that break a rule FHIR 3.0.1 sets for them, which the reader checks alone: the
// narrative's XHTML subset (txt-1, txt-2), control characters, empty values (ele-1), the
// lexical rules of id, code, uri and oid, the dom rules on contained resources and a
// choice element named with a type it does not take. One row per case, as in
// `hostile_json.rs`: read strictly, an error naming the problem, the FHIR path and the
// position; read leniently, the value with exactly one issue saying the same, kept where
// it can be written back.

/// Where the error must point: at the start of `On`'s text in the input, or just after
/// `After`'s (an attribute's value).
#[derive(Clone, Copy)]
enum At {
    On(&'static str),
    After(&'static str),
}

/// What a lenient read keeps of the value that breaks the rule.
#[derive(Clone, Copy)]
enum Kept {
    /// The value as written: the lenient result writes back the input (as an XML
    /// infoset), and reading that again gives the same issue.
    AsWritten,
    /// Not the value as written (a control character replaced by U+FFFD, a choice element
    /// of a type it does not take skipped): the lenient result writes back this XML, which
    /// reads strictly.
    As(&'static str),
}

struct Rule {
    name: &'static str,
    xml: &'static str,
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
    let (line, column) = expected_position(rule.name, rule.xml, rule.at);
    let e = match Resource::from_xml(rule.xml) {
        Ok(r) => return Err(format!("read strictly: accepted as {}", r.to_xml())),
        Err(e) => e,
    };
    let text = e.to_string();
    if !text.contains(rule.message) {
        return Err(format!("strict error without {:?}: {text}", rule.message));
    }
    if e.path_string() != rule.path {
        return Err(format!("strict error not at path {}: {text}", rule.path));
    }
    if e.position().map(|p| (p.line, p.column)) != Some((line, column)) {
        return Err(format!(
            "strict error not at line {line}, column {column}: {text}"
        ));
    }

    let (value, issues) = Resource::from_xml_with(rule.xml, ReadOptions::lenient())
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
    let written = value.to_xml();
    let expected = match rule.kept {
        Kept::AsWritten => rule.xml,
        Kept::As(xml) => xml,
    };
    xml_equal(expected.as_bytes(), written.as_bytes())
        .map_err(|d| format!("written back: {d}\n  written: {written}"))?;
    // What was written reads back to the same value, with the same issue if the value
    // was kept as written; through FHIR JSON too.
    let (back, again) = Resource::from_xml_with(&written, ReadOptions::lenient())
        .map_err(|e| format!("the XML written does not read back leniently: {e}"))?;
    let (json_back, json_again) = Resource::from_json_with(value.to_json(), ReadOptions::lenient())
        .map_err(|e| format!("the JSON written does not read back leniently: {e}"))?;
    if back != value || json_back != value {
        return Err(format!(
            "the lenient value does not round-trip: {written}\n  {}",
            value.to_json()
        ));
    }
    for (format, again) in [("XML", &again), ("JSON", &json_again)] {
        // The JSON reader checks dom-2 once, on the `contained` key, so its path has no
        // index.
        let same_path = |path: &str| {
            path == rule.path || (format == "JSON" && rule.path.strip_suffix("[0]") == Some(path))
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

/// A narrative row: a Patient whose `div` holds `body`; the error points at `at`.
macro_rules! narrative {
    ($name:literal, $body:literal, $message:literal, $at:expr) => {
        Rule {
            name: $name,
            xml: concat!(
                r#"<Patient xmlns="http://hl7.org/fhir"><text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml">"#,
                $body,
                r#"</div></text><active value="true"/></Patient>"#
            ),
            message: $message,
            path: "Patient.text.div",
            at: $at,
            kept: Kept::AsWritten,
        }
    };
}

/// The `div` itself.
const DIV: At = At::On("<div");

/// txt-1: only the elements and attributes of the spec's list, and no script.
#[test]
fn narrative_with_active_content_breaks_txt_1() {
    check_rules(&[
        narrative!(
            "script",
            "<p>x</p><script>alert(1)</script>",
            "txt-1: the narrative holds a <script> element",
            At::On("<script")
        ),
        narrative!(
            "script in a paragraph",
            r#"<p>x<script src="http://example.org/a.js"/></p>"#,
            "<script>",
            At::On("<script")
        ),
        narrative!(
            "prefixed script",
            r#"<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>x"#,
            "<script>",
            At::On("<h:script")
        ),
        narrative!(
            "onclick",
            r#"<p onclick="alert(1)">x</p>"#,
            "txt-1: the narrative holds a 'onclick' attribute on <p>",
            At::On("<p")
        ),
        narrative!(
            "onload",
            r#"<img src="a.png" onload="alert(1)"/>"#,
            "'onload' attribute on <img>",
            At::On("<img")
        ),
        narrative!(
            "onerror",
            r#"<img src="a.png" onerror="alert(1)"/>"#,
            "'onerror' attribute on <img>",
            At::On("<img")
        ),
        narrative!(
            "onmouseover",
            r##"<a href="#x" onmouseover="alert(1)">x</a>"##,
            "'onmouseover' attribute on <a>",
            At::On("<a ")
        ),
        narrative!(
            "onfocus",
            r#"<span tabindex="1" onfocus="alert(1)">x</span>"#,
            "'onfocus' attribute on <span>",
            At::On("<span")
        ),
        Rule {
            name: "onclick on the div itself",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml" onclick="alert(1)">x</div></text></Patient>"#,
            message: "'onclick' attribute on <div>",
            path: "Patient.text.div",
            at: DIV,
            kept: Kept::AsWritten,
        },
        narrative!(
            "form",
            r#"<form action="http://example.org">x</form>"#,
            "<form>",
            At::On("<form")
        ),
        narrative!(
            "input",
            r#"x<input name="q"/>"#,
            "<input>",
            At::On("<input")
        ),
        narrative!(
            "button",
            "<button>x</button>",
            "<button>",
            At::On("<button")
        ),
        narrative!(
            "textarea",
            "<textarea>x</textarea>",
            "<textarea>",
            At::On("<textarea")
        ),
        narrative!(
            "select",
            "<select><option>x</option></select>",
            "<select>",
            At::On("<select")
        ),
        narrative!(
            "iframe",
            r#"x<iframe src="http://example.org"/>"#,
            "<iframe>",
            At::On("<iframe")
        ),
        narrative!(
            "frameset",
            r#"x<frameset><frame src="a"/></frameset>"#,
            "<frameset>",
            At::On("<frameset")
        ),
        narrative!(
            "object",
            r#"x<object data="a.swf"/>"#,
            "<object>",
            At::On("<object")
        ),
        narrative!(
            "embed",
            r#"x<embed src="a.swf"/>"#,
            "<embed>",
            At::On("<embed")
        ),
        narrative!(
            "applet",
            r#"x<applet code="a"/>"#,
            "<applet>",
            At::On("<applet")
        ),
        narrative!(
            "base",
            r#"x<base href="http://example.org"/>"#,
            "<base>",
            At::On("<base")
        ),
        narrative!(
            "link",
            r#"x<link rel="stylesheet" href="a.css"/>"#,
            "<link>",
            At::On("<link")
        ),
        narrative!(
            "style element",
            "x<style>p {}</style>",
            "<style>",
            At::On("<style")
        ),
        narrative!(
            "meta",
            r#"x<meta http-equiv="refresh" content="0"/>"#,
            "<meta>",
            At::On("<meta")
        ),
        narrative!("body", "<body>x</body>", "<body>", At::On("<body")),
        narrative!(
            "svg",
            r#"x<svg xmlns="http://www.w3.org/2000/svg"/>"#,
            "<svg>",
            At::On("<svg")
        ),
        narrative!(
            "xml:lang, not in the spec's list",
            r#"<p xml:lang="en">x</p>"#,
            "'xml:lang' attribute on <p>",
            At::On("<p")
        ),
        narrative!(
            "javascript: href",
            r#"<a href="javascript:alert(1)">x</a>"#,
            "txt-1: the narrative holds a javascript: URL in 'href' on <a>",
            At::On("<a ")
        ),
        narrative!(
            "javascript: src",
            r#"<img src="javascript:alert(1)"/>x"#,
            "javascript: URL in 'src' on <img>",
            At::On("<img")
        ),
        narrative!(
            "javascript: href in capitals after spaces",
            r#"<a href=" JavaScript:alert(1)">x</a>"#,
            "javascript: URL in 'href'",
            At::On("<a ")
        ),
        narrative!(
            "javascript: href escaped",
            r#"<a href="&#106;avascript:alert(1)">x</a>"#,
            "javascript: URL in 'href'",
            At::On("<a ")
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
            "txt-2: the narrative has no text other than whitespace",
            DIV
        ),
        narrative!("whitespace only", " \n\t \r\n ", "txt-2", DIV),
        narrative!(
            "whitespace references only",
            "&#32;&#x9;&#10;",
            "txt-2",
            DIV
        ),
        narrative!(
            "empty markup only",
            "<p> </p><br/><table><tr><td/></tr></table>",
            "txt-2",
            DIV
        ),
        narrative!(
            "an image without a source",
            r#"<img alt="x"/>"#,
            "txt-2",
            DIV
        ),
        narrative!("a comment is no content", "<!-- x -->", "txt-2", DIV),
        narrative!("an empty CDATA section", "<![CDATA[ ]]>", "txt-2", DIV),
        Rule {
            name: "self-closing div",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml"/></text></Patient>"#,
            message: "txt-2",
            path: "Patient.text.div",
            at: DIV,
            kept: Kept::AsWritten,
        },
    ]);
    for body in [
        r#"<img src="a.png"/>"#,
        "&#160;",
        "&amp;",
        "<p>.</p>",
        "<![CDATA[x]]>",
    ] {
        let xml = format!(
            r#"<Patient xmlns="http://hl7.org/fhir"><text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml">{body}</div></text></Patient>"#
        );
        Resource::from_xml(&xml).unwrap_or_else(|e| panic!("{body}: {e}"));
    }
}

/// No control character but tab, LF and CR in a value: as a character reference, or raw
/// in an attribute. Read leniently, it is replaced by U+FFFD, as XML 1.0 cannot carry
/// it. In the narrative, where the XML itself must be well-formed, it is an error in both
/// modes.
#[test]
fn control_characters_are_refused_or_replaced() {
    check_rules(&[
        Rule {
            name: "&#1; in a value",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><name><family value="a&#1;b"/></name></Patient>"#,
            message: "invalid string: control character U+0001 at index 1",
            path: "Patient.name[0].family",
            at: At::After(r#"<family value=""#),
            kept: Kept::As(
                "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"a\u{fffd}b\"/></name></Patient>",
            ),
        },
        Rule {
            name: "&#x0; in a value",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><name><given value="ok"/><given value="&#x0;"/></name></Patient>"#,
            message: "control character U+0000",
            path: "Patient.name[0].given[1]",
            at: At::After(r#"<given value="ok"/><given value=""#),
            kept: Kept::As(
                "<Patient xmlns=\"http://hl7.org/fhir\"><name><given value=\"ok\"/><given value=\"\u{fffd}\"/></name></Patient>",
            ),
        },
        Rule {
            name: "&#x1F; in a code",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><maritalStatus><coding><code value="M&#x1F;"/></coding></maritalStatus></Patient>"#,
            message: "control character U+001F",
            path: "Patient.maritalStatus.coding[0].code",
            at: At::After(r#"<code value=""#),
            kept: Kept::As(
                "<Patient xmlns=\"http://hl7.org/fhir\"><maritalStatus><coding><code value=\"M\u{fffd}\"/></coding></maritalStatus></Patient>",
            ),
        },
        Rule {
            name: "raw U+0001 in a value",
            xml: "<Patient xmlns=\"http://hl7.org/fhir\"><name><text value=\"a\u{1}b\"/></name></Patient>",
            message: "control character U+0001",
            path: "Patient.name[0].text",
            at: At::After(r#"<text value=""#),
            kept: Kept::As(
                "<Patient xmlns=\"http://hl7.org/fhir\"><name><text value=\"a\u{fffd}b\"/></name></Patient>",
            ),
        },
        Rule {
            name: "raw U+0008 in an element id",
            xml: "<Patient xmlns=\"http://hl7.org/fhir\"><name id=\"n\u{8}\"><family value=\"x\"/></name></Patient>",
            message: "control character U+0008",
            path: "Patient.name[0].id",
            at: At::After(r#"<name id=""#),
            kept: Kept::As(
                "<Patient xmlns=\"http://hl7.org/fhir\"><name id=\"n\u{fffd}\"><family value=\"x\"/></name></Patient>",
            ),
        },
        Rule {
            name: "&#3; in an extension url",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><extension url="http://example.org/&#3;"><valueBoolean value="true"/></extension></Patient>"#,
            message: "control character U+0003",
            path: "Patient.extension[0].url",
            at: At::After(r#"<extension url=""#),
            kept: Kept::As(
                "<Patient xmlns=\"http://hl7.org/fhir\"><extension url=\"http://example.org/\u{fffd}\"><valueBoolean value=\"true\"/></extension></Patient>",
            ),
        },
        Rule {
            name: "&#4; in a primitive's id",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><active id="a&#4;" value="true"/></Patient>"#,
            message: "control character U+0004",
            // The primitive's own path: its `id` attribute is read with its value (JSON
            // names it `Patient._active.id`).
            path: "Patient.active",
            at: At::After(r#"<active id=""#),
            kept: Kept::As(
                "<Patient xmlns=\"http://hl7.org/fhir\"><active id=\"a\u{fffd}\" value=\"true\"/></Patient>",
            ),
        },
    ]);
    // In the narrative, raw or as a reference, in text or in an attribute: not XML.
    for body in [
        "a\u{1}b",
        "a&#1;b",
        "<p title=\"&#2;\">x</p>",
        "<p title=\"\u{2}\">x</p>",
    ] {
        let xml = format!(
            r#"<Patient xmlns="http://hl7.org/fhir"><text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml">{body}</div></text></Patient>"#
        );
        for result in [
            Resource::from_xml(&xml).map(|_| ()),
            Resource::from_xml_with(&xml, ReadOptions::lenient()).map(|_| ()),
        ] {
            let e = result.expect_err(body);
            assert!(e.to_string().contains("U+000"), "{body:?}: {e}");
            assert_at(&e, "Patient.text.div", 1);
        }
    }
}

/// Every string holds something other than whitespace (ele-1 for a primitive: `@value`
/// present means a value with content); every element a value or children (ele-1).
#[test]
fn empty_values_and_elements_break_ele_1() {
    check_rules(&[
        Rule {
            name: "value=\"\"",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><name><family value=""/></name></Patient>"#,
            message: "invalid string: the value is empty",
            path: "Patient.name[0].family",
            at: At::After(r#"<family value=""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "whitespace-only value",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><name><family value=" &#9;&#10; "/></name></Patient>"#,
            message: "invalid string: the value is whitespace only",
            path: "Patient.name[0].family",
            at: At::After(r#"<family value=""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "value=\"\" in a repeating element",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><name><given value="a"/><given value=""/></name></Patient>"#,
            message: "the value is empty",
            path: "Patient.name[0].given[1]",
            at: At::After(r#"<given value="a"/><given value=""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "empty resource id",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><id value=""/><active value="true"/></Patient>"#,
            message: "invalid id: the value is empty",
            path: "Patient.id",
            at: At::After(r#"<id value=""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "empty element id",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><name id=""><family value="x"/></name></Patient>"#,
            message: "invalid string: the value is empty",
            path: "Patient.name[0].id",
            at: At::After(r#"<name id=""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "whitespace-only extension url",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><extension url="  "><valueBoolean value="true"/></extension></Patient>"#,
            message: "invalid uri: the value is whitespace only",
            path: "Patient.extension[0].url",
            at: At::After(r#"<extension url=""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "empty element",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><maritalStatus/></Patient>"#,
            message: "ele-1: CodeableConcept has no value and no child elements",
            path: "Patient.maritalStatus",
            at: At::On("<maritalStatus"),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "empty element with an end tag",
            xml: "<Patient xmlns=\"http://hl7.org/fhir\"><maritalStatus>\n  <!-- nothing -->\n</maritalStatus></Patient>",
            message: "ele-1: CodeableConcept has no value and no child elements",
            path: "Patient.maritalStatus",
            at: At::On("<maritalStatus"),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "empty repeating element",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><name/></Patient>"#,
            message: "ele-1: HumanName has no value and no child elements",
            path: "Patient.name[0]",
            at: At::On("<name"),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "empty meta",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><meta/><active value="true"/></Patient>"#,
            message: "ele-1: Meta has no value and no child elements",
            path: "Patient.meta",
            at: At::On("<meta"),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "empty backbone element",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><contact/></Patient>"#,
            message: "ele-1: Patient.contact has no value and no child elements",
            path: "Patient.contact[0]",
            at: At::On("<contact"),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "an element with only an id",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><name id="n1"/></Patient>"#,
            message: "ele-1: HumanName has no value and no child elements",
            path: "Patient.name[0]",
            at: At::On("<name"),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "an extension with only a url",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><extension url="http://example.org/x"/></Patient>"#,
            message: "ele-1: Extension has no value and no child elements",
            path: "Patient.extension[0]",
            at: At::On("<extension"),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "a primitive with only an id",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><active id="a1"/></Patient>"#,
            message: "ele-1: a primitive element with an id but no value and no extensions",
            path: "Patient.active",
            at: At::On("<active"),
            kept: Kept::AsWritten,
        },
    ]);
}

/// The lexical rules of `id`, `code`, `uri` and `oid` (no element of STU3 is a `uuid`).
#[test]
fn primitive_formats_are_checked() {
    check_rules(&[
        Rule {
            name: "id of 65 characters",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><id value="a123456789b123456789c123456789d123456789e123456789f123456789g1234"/></Patient>"#,
            message: "invalid id: 65 characters (an id has at most 64)",
            path: "Patient.id",
            at: At::After(r#"<id value=""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "id with an underscore",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><id value="a_b"/></Patient>"#,
            message: "invalid id: '_' at index 1",
            path: "Patient.id",
            at: At::After(r#"<id value=""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "id with a space",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><id value="a b"/></Patient>"#,
            message: "invalid id: ' ' at index 1",
            path: "Patient.id",
            at: At::After(r#"<id value=""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "contained resource id with a slash",
            xml: r##"<Patient xmlns="http://hl7.org/fhir"><contained><Organization><id value="o/1"/><name value="x"/></Organization></contained><managingOrganization><reference value="#o/1"/></managingOrganization></Patient>"##,
            message: "invalid id: '/' at index 1",
            path: "Patient.contained[0].ofType(Organization).id",
            at: At::After(r#"<id value=""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "code with a double space",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><maritalStatus><coding><code value="a  b"/></coding></maritalStatus></Patient>"#,
            message: "invalid code: whitespace at index 2 that is not a single space",
            path: "Patient.maritalStatus.coding[0].code",
            at: At::After(r#"<code value=""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "code with a leading space",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><maritalStatus><coding><code value=" M"/></coding></maritalStatus></Patient>"#,
            message: "invalid code: leading whitespace",
            path: "Patient.maritalStatus.coding[0].code",
            at: At::After(r#"<code value=""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "code with a trailing space",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><maritalStatus><coding><code value="M "/></coding></maritalStatus></Patient>"#,
            message: "invalid code: trailing whitespace",
            path: "Patient.maritalStatus.coding[0].code",
            at: At::After(r#"<code value=""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "code with a tab",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><maritalStatus><coding><code value="a&#9;b"/></coding></maritalStatus></Patient>"#,
            message: "invalid code: whitespace at index 1",
            path: "Patient.maritalStatus.coding[0].code",
            at: At::After(r#"<code value=""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "uri with a space",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><maritalStatus><coding><system value="http://example.org/a b"/><code value="M"/></coding></maritalStatus></Patient>"#,
            message: "invalid uri: whitespace at index 20 (a uri has none)",
            path: "Patient.maritalStatus.coding[0].system",
            at: At::After(r#"<system value=""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "extension url with a space",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><extension url="http://example.org/ x"><valueBoolean value="true"/></extension></Patient>"#,
            message: "invalid uri: whitespace at index 19",
            path: "Patient.extension[0].url",
            at: At::After(r#"<extension url=""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "oid without urn:oid:",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><extension url="http://example.org/x"><valueOid value="1.2.3"/></extension></Patient>"#,
            message: "invalid oid: not of the form urn:oid:",
            path: "Patient.extension[0].valueOid",
            at: At::After(r#"<valueOid value=""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "oid with a leading zero",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><extension url="http://example.org/x"><valueOid value="urn:oid:1.02"/></extension></Patient>"#,
            message: "invalid oid",
            path: "Patient.extension[0].valueOid",
            at: At::After(r#"<valueOid value=""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "oid element with a letter",
            xml: r#"<ImagingStudy xmlns="http://hl7.org/fhir"><uid value="urn:oid:1.2.840.x"/><patient><reference value="Patient/p"/></patient></ImagingStudy>"#,
            message: "invalid oid: not of the form urn:oid:",
            path: "ImagingStudy.uid",
            at: At::After(r#"<uid value=""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "id in a choice",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><extension url="http://example.org/x"><valueId value="a#b"/></extension></Patient>"#,
            message: "invalid id: '#' at index 1",
            path: "Patient.extension[0].valueId",
            at: At::After(r#"<valueId value=""#),
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
            xml: r##"<Patient xmlns="http://hl7.org/fhir"><contained><Organization><id value="o"/><text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml">o</div></text><name value="x"/></Organization></contained><managingOrganization><reference value="#o"/></managingOrganization></Patient>"##,
            message: "dom-1: a contained resource has a narrative (text)",
            path: "Patient.contained[0].ofType(Organization).text",
            at: At::On("<text"),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "dom-2",
            xml: r##"<Patient xmlns="http://hl7.org/fhir"><contained><Organization><id value="o"/><contained><Organization><id value="p"/><name value="y"/></Organization></contained><name value="x"/><partOf><reference value="#p"/></partOf></Organization></contained><managingOrganization><reference value="#o"/></managingOrganization></Patient>"##,
            message: "dom-2: a contained resource has contained resources of its own",
            path: "Patient.contained[0].ofType(Organization).contained[0]",
            at: At::On(r#"<contained><Organization><id value="p""#),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "dom-4 versionId",
            xml: r##"<Patient xmlns="http://hl7.org/fhir"><contained><Organization><id value="o"/><meta><versionId value="1"/></meta><name value="x"/></Organization></contained><managingOrganization><reference value="#o"/></managingOrganization></Patient>"##,
            message: "dom-4: a contained resource has meta.versionId",
            path: "Patient.contained[0].ofType(Organization).meta",
            at: At::On("<meta"),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "dom-4 lastUpdated",
            xml: r##"<Patient xmlns="http://hl7.org/fhir"><contained><Organization><id value="o"/><meta><lastUpdated value="2017-01-01T00:00:00Z"/></meta><name value="x"/></Organization></contained><managingOrganization><reference value="#o"/></managingOrganization></Patient>"##,
            message: "dom-4: a contained resource has meta.lastUpdated",
            path: "Patient.contained[0].ofType(Organization).meta",
            at: At::On("<meta"),
            kept: Kept::AsWritten,
        },
        Rule {
            name: "dom-4 both",
            xml: r##"<Patient xmlns="http://hl7.org/fhir"><contained><Organization><id value="o"/><meta><versionId value="1"/><lastUpdated value="2017-01-01T00:00:00Z"/></meta><name value="x"/></Organization></contained><managingOrganization><reference value="#o"/></managingOrganization></Patient>"##,
            message: "dom-4: a contained resource has meta.versionId and meta.lastUpdated",
            path: "Patient.contained[0].ofType(Organization).meta",
            at: At::On("<meta"),
            kept: Kept::AsWritten,
        },
    ]);
    // The container itself may have all three.
    let xml = r##"<Patient xmlns="http://hl7.org/fhir"><meta><versionId value="1"/><lastUpdated value="2017-01-01T00:00:00Z"/></meta><text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml">p</div></text><contained><Organization><id value="o"/><meta><profile value="http://example.org/p"/></meta><name value="x"/></Organization></contained><managingOrganization><reference value="#o"/></managingOrganization></Patient>"##;
    Resource::from_xml(xml).unwrap_or_else(|e| panic!("{e}"));
}

/// A choice element named with a type it does not take says so, rather than calling the
/// element unknown; read leniently, it is skipped.
#[test]
fn choice_element_of_a_type_it_does_not_take_is_named() {
    check_rules(&[
        Rule {
            name: "valueInteger on Observation",
            xml: r#"<Observation xmlns="http://hl7.org/fhir"><status value="final"/><code><text value="t"/></code><valueInteger value="1"/></Observation>"#,
            message: "'valueInteger': the choice element value[x] does not take the type integer (it takes ",
            path: "Observation",
            at: At::On("<valueInteger"),
            kept: Kept::As(
                r#"<Observation xmlns="http://hl7.org/fhir"><status value="final"/><code><text value="t"/></code></Observation>"#,
            ),
        },
        Rule {
            name: "deceasedInteger on Patient",
            xml: r#"<Patient xmlns="http://hl7.org/fhir"><active value="true"/><deceasedInteger value="1"/></Patient>"#,
            message: "'deceasedInteger': the choice element deceased[x] does not take the type integer (it takes boolean, dateTime)",
            path: "Patient",
            at: At::On("<deceasedInteger"),
            kept: Kept::As(
                r#"<Patient xmlns="http://hl7.org/fhir"><active value="true"/></Patient>"#,
            ),
        },
    ]);
    let e = patient_err(
        r#"<Patient xmlns="http://hl7.org/fhir"><deceasedBanana value="true"/></Patient>"#,
    );
    assert!(matches!(e.kind(), ErrorKind::UnknownElement { .. }), "{e}");
}
