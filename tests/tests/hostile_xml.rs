//! Hostile and malformed FHIR XML: every case is an `Err` of the exact kind, with a FHIR
//! path where one applies and a position, never a panic, an abort, a stack overflow or an
//! expanded entity. The positive edge cases at the end pin what the reader must accept
//! (comments, a BOM, prefixes, entities, primitives with only an id and extensions) and
//! that the writer escapes what it writes.

use careconnect_models::rt::{Error, ErrorKind, FhirXml, ReadOptions};
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
