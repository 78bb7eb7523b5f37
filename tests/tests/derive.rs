//! The derives of `careconnect-derive` on types written by hand. The generated models get
//! the same expansions written out by the generator; these tests keep the derive path
//! itself working for users' own types.

use careconnect_models::rt::{FhirJson, FhirXml, Primitive, ReadOptions};
use careconnect_models::stu3;

/// A hand-written element: an attribute, extensions, primitives (one of them a code from
/// a value set), a choice and a required element.
#[derive(Clone, PartialEq, careconnect_derive::FhirType)]
#[fhir(name = "Tag")]
struct Tag {
    #[fhir(name = "id", attribute)]
    id: Option<String>,
    #[fhir(name = "extension")]
    extension: Vec<stu3::Extension>,
    #[fhir(name = "system", primitive)]
    system: Option<Primitive<String>>,
    #[fhir(name = "code", primitive, required)]
    code: Primitive<Colour>,
    #[fhir(name = "value", choice = "string boolean")]
    value: Option<TagValue>,
    #[fhir(name = "note", primitive)]
    note: Vec<Primitive<String>>,
    #[fhir(name = "uid", primitive, type = "uuid")]
    uid: Option<Primitive<String>>,
}

#[derive(Clone, PartialEq, careconnect_derive::FhirChoice)]
enum TagValue {
    #[fhir(type = "string")]
    String(Primitive<String>),
    #[fhir(type = "boolean")]
    Boolean(Primitive<bool>),
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, careconnect_derive::FhirCode)]
#[fhir(
    value_set = "http://example.org/ValueSet/colour",
    system = "http://example.org/colour"
)]
enum Colour {
    #[fhir(code = "red")]
    Red,
    #[fhir(code = "green")]
    Green,
}

const JSON: &str = r#"{"id":"t1","system":"http://example.org","code":"green","_code":{"extension":[{"url":"http://example.org/x","valueBoolean":true}]},"valueBoolean":false,"note":["a",null],"_note":[null,{"id":"n2","extension":[{"url":"http://example.org/n","valueString":"n"}]}]}"#;

#[test]
fn derived_type_reads_and_writes_json() {
    let tag = Tag::from_json(JSON).expect("the JSON is valid");
    assert_eq!(tag.id.as_deref(), Some("t1"));
    assert_eq!(tag.code.value, Some(Colour::Green));
    assert_eq!(tag.code.extras.as_ref().map(|e| e.extension.len()), Some(1));
    assert!(matches!(tag.value, Some(TagValue::Boolean(ref b)) if b.value == Some(false)));
    assert_eq!(tag.note.len(), 2);
    assert_eq!(tag.to_json(), JSON);
}

#[test]
fn derived_type_reads_and_writes_xml() {
    let tag = Tag::from_json(JSON).expect("the JSON is valid");
    let xml = tag.to_xml();
    assert!(
        xml.starts_with(r#"<Tag xmlns="http://hl7.org/fhir" id="t1"><system value="http://example.org"/><code value="green"><extension url="http://example.org/x">"#),
        "{xml}"
    );
    let back = Tag::from_xml(&xml).expect("our own XML reads back");
    assert!(back == tag, "XML round trip changed the value: {xml}");
}

#[test]
fn derived_type_reports_errors_with_paths() {
    let err = Tag::from_json(r#"{"code":"blue"}"#)
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some(
            "Tag.code: code 'blue' is not in the required value set http://example.org/ValueSet/colour (line 1, column 9)"
        )
    );
    let err = Tag::from_json(r#"{"system":"x"}"#)
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some("Tag: missing required element 'code' (line 1, column 1)")
    );
    let err = Tag::from_json(r#"{"code":"red","valueInteger":1}"#)
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some(
            "Tag: 'valueInteger': the choice element value[x] does not take the type integer (it takes boolean, string) (line 1, column 15)"
        )
    );
    let err = Tag::from_json(r#"{"code":"red","valueDecimals":1}"#)
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some("Tag: unknown element 'valueDecimals' (line 1, column 15)")
    );
    // A primitive with an id and nothing else breaks ele-1.
    let err = Tag::from_json(r#"{"code":"red","note":[null],"_note":[{"id":"n"}]}"#)
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some(
            "Tag.note[0]: ele-1: a primitive element with an id but no value and no extensions (every element must have a @value or children) (line 1, column 29)"
        )
    );
}

/// `#[fhir(type = "uuid")]` gives a string element the lexical rule of `uuid` (no element
/// of STU3 itself is one): strictly an error with path and position, leniently an issue
/// with the value kept as written.
#[test]
fn derived_string_element_follows_the_rule_of_its_type() {
    let valid = r#"{"code":"red","uid":"urn:uuid:c757873d-ec9a-4326-a141-556f43239520"}"#;
    let tag = Tag::from_json(valid).expect("a lower-case uuid");
    assert_eq!(tag.to_json(), valid);
    for (json, message) in [
        (
            r#"{"code":"red","uid":"urn:uuid:C757873D-EC9A-4326-A141-556F43239520"}"#,
            "invalid uuid: not of the form urn:uuid: followed by a lower-case UUID (8-4-4-4-12 hex digits)",
        ),
        (
            r#"{"code":"red","uid":"c757873d-ec9a-4326-a141-556f43239520"}"#,
            "invalid uuid: not of the form urn:uuid:",
        ),
        (
            r#"{"code":"red","uid":"urn:uuid:c757873d-ec9a-4326-a141-556f4323952"}"#,
            "invalid uuid: not of the form urn:uuid:",
        ),
        (
            r#"{"code":"red","uid":"urn:uuid: "}"#,
            "invalid uuid: not of the form",
        ),
        (
            r#"{"code":"red","uid":""}"#,
            "invalid uuid: the value is empty",
        ),
    ] {
        let e = Tag::from_json(json).err().map(|e| e.to_string());
        let expected = format!("Tag.uid: {message}");
        assert!(
            e.as_deref()
                .is_some_and(|e| e.starts_with(&expected) && e.ends_with("(line 1, column 21)")),
            "{json}: {e:?}"
        );
        let (tag, issues) = Tag::from_json_with(json, ReadOptions::lenient()).expect("lenient");
        assert_eq!(issues.len(), 1, "{json}: {issues:?}");
        assert_eq!(issues[0].path, "Tag.uid");
        assert!(issues[0].message.starts_with(message), "{}", issues[0]);
        assert_eq!(tag.to_json(), json);
    }
}
