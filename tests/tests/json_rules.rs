//! The FHIR JSON rules, one per test: `_field` alignment, number and date text kept as
//! written, `resourceType` anywhere, choices, contained resources, element order.

use careconnect_models::rt::{Decimal, ErrorKind, FhirJson, Primitive};
use careconnect_models::stu3::{
    Observation, ObservationValue, Patient, PatientDeceased, Resource, codes::AdministrativeGender,
};
use careconnect_tests::json_equal;

fn round_trip<T: FhirJson>(json: &str) -> T {
    let v = T::from_json(json).unwrap_or_else(|e| panic!("parse: {e}"));
    let out = v.to_json();
    json_equal(json.as_bytes(), out.as_bytes())
        .unwrap_or_else(|e| panic!("{e}\n  in: {json}\n out: {out}"));
    let pretty = v.to_json_pretty();
    json_equal(json.as_bytes(), pretty.as_bytes()).unwrap_or_else(|e| panic!("pretty: {e}"));
    v
}

#[test]
fn primitive_arrays_align_values_and_extensions_with_nulls() {
    let json = r#"{"resourceType":"Patient","name":[{
        "given":["Peter",null,"James"],
        "_given":[null,{"extension":[{"url":"http://example.org/absent","valueCode":"unknown"}]},{"id":"g3"}]
    }]}"#;
    let p: Patient = round_trip(json);
    let given = &p.name[0].given;
    assert_eq!(given.len(), 3);
    assert_eq!(given[0].value.as_deref(), Some("Peter"));
    assert_eq!(given[1].value, None);
    assert_eq!(given[1].extension().len(), 1);
    assert_eq!(given[2].id(), Some("g3"));
}

#[test]
fn extension_array_may_come_before_the_values() {
    let json =
        r#"{"resourceType":"Patient","name":[{"_given":[{"id":"a"},null],"given":["A","B"]}]}"#;
    let p: Patient = round_trip(json);
    assert_eq!(p.name[0].given[0].id(), Some("a"));
    assert_eq!(p.name[0].given[1].value.as_deref(), Some("B"));
}

#[test]
fn misaligned_primitive_arrays_are_an_error() {
    let json = r#"{"resourceType":"Patient","name":[{"given":["A","B"],"_given":[{"id":"a"}]}]}"#;
    let e = Patient::from_json(json).expect_err("misaligned");
    assert_eq!(
        e.kind(),
        &ErrorKind::MisalignedArrays {
            values: 2,
            extensions: 1
        }
    );
    assert_eq!(e.path_string(), "Patient.name[0]._given");
}

#[test]
fn single_primitive_extension_without_value_is_kept() {
    let json = r#"{"resourceType":"Patient","_birthDate":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"unknown"}]}}"#;
    let p: Patient = round_trip(json);
    let birth = p.birth_date.as_ref().expect("birthDate");
    assert!(birth.value.is_none());
    assert_eq!(
        birth.extension()[0].url,
        "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
    );
}

#[test]
fn decimals_keep_their_text() {
    for text in [
        "1.50",
        "1",
        "1.0",
        "0.000",
        "-0.0",
        "105.00",
        "1e3",
        "3.14159265358979323846264338327950288",
    ] {
        let json = format!(
            r#"{{"resourceType":"Observation","status":"final","code":{{"text":"x"}},"valueQuantity":{{"value":{text}}}}}"#
        );
        let o: Observation = round_trip(&json);
        let Some(ObservationValue::Quantity(q)) = &o.value else {
            panic!("valueQuantity")
        };
        let value = q
            .value
            .as_ref()
            .and_then(Primitive::get)
            .map(Decimal::as_str);
        assert_eq!(value, Some(text));
    }
}

#[test]
fn integers_are_not_decimals() {
    let json = r#"{"resourceType":"Patient","multipleBirthInteger":2}"#;
    let p: Patient = round_trip(json);
    assert!(
        matches!(&p.multiple_birth, Some(careconnect_models::stu3::PatientMultipleBirth::Integer(i)) if i.value == Some(2))
    );
    let e = Patient::from_json(r#"{"resourceType":"Patient","multipleBirthInteger":2.0}"#)
        .expect_err("2.0");
    assert!(
        matches!(
            e.kind(),
            ErrorKind::InvalidValue {
                type_name: "integer",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn dates_keep_their_precision() {
    for (birth, deceased) in [
        ("1974", "2015"),
        ("1974-12", "2015-02"),
        ("1974-12-25", "2015-02-07"),
        ("2000-02-29", "2015-02-07T13:28:17-05:00"),
        ("1974-12-25", "2015-02-07T13:28:17.1230+00:00"),
        ("1974-12-25", "2015-02-07T13:28:17Z"),
    ] {
        let json = format!(
            r#"{{"resourceType":"Patient","birthDate":"{birth}","deceasedDateTime":"{deceased}"}}"#
        );
        let p: Patient = round_trip(&json);
        let Some(PatientDeceased::DateTime(d)) = &p.deceased else {
            panic!("deceasedDateTime")
        };
        assert_eq!(
            d.value.as_ref().map(ToString::to_string).as_deref(),
            Some(deceased)
        );
    }
}

#[test]
fn instants_and_times_are_validated() {
    let bad_instant = r#"{"resourceType":"Patient","meta":{"lastUpdated":"2015-02-07"}}"#;
    let e = Patient::from_json(bad_instant).expect_err("instant needs a time");
    assert!(
        matches!(
            e.kind(),
            ErrorKind::InvalidValue {
                type_name: "instant",
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(e.path_string(), "Patient.meta.lastUpdated");

    let ok = r#"{"resourceType":"Patient","meta":{"lastUpdated":"2015-02-07T13:28:17.239+02:00"}}"#;
    round_trip::<Patient>(ok);

    let bad_time = r#"{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueTime":"25:00:00"}"#;
    let e = Observation::from_json(bad_time).expect_err("hour 25");
    assert!(
        matches!(
            e.kind(),
            ErrorKind::InvalidValue {
                type_name: "time",
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(e.path_string(), "Observation.valueTime");
}

#[test]
fn resource_type_may_come_anywhere_in_the_object() {
    let json = r#"{"id":"x","active":true,"resourceType":"Patient","gender":"female"}"#;
    let r: Resource = round_trip(json);
    let Resource::Patient(p) = &r else {
        panic!("a Patient, got {}", r.resource_type())
    };
    assert_eq!(
        p.gender.as_ref().and_then(|g| g.value),
        Some(AdministrativeGender::Female)
    );
}

#[test]
fn concrete_type_checks_resource_type() {
    let e = Patient::from_json(r#"{"resourceType":"Observation"}"#).expect_err("not a patient");
    assert_eq!(
        e.kind(),
        &ErrorKind::ResourceTypeMismatch {
            expected: "Patient",
            found: "Observation".into()
        }
    );
    let e = Patient::from_json(r#"{"id":"x"}"#).expect_err("no resourceType");
    assert_eq!(e.kind(), &ErrorKind::MissingResourceType);
}

#[test]
fn contained_resources_are_typed() {
    let json = r##"{"resourceType":"Observation","status":"final","code":{"text":"x"},
        "contained":[{"resourceType":"Patient","id":"p1","gender":"other"},
                     {"id":"o1","resourceType":"Organization","name":"Acme"}],
        "subject":{"reference":"#p1"},"performer":[{"reference":"#o1"}]}"##;
    let o: Observation = round_trip(json);
    assert_eq!(o.contained.len(), 2);
    assert!(matches!(&o.contained[0], Resource::Patient(_)));
    assert!(matches!(&o.contained[1], Resource::Organization(_)));

    let bad = r#"{"resourceType":"Observation","status":"final","code":{"text":"x"},
        "contained":[{"resourceType":"Patient","gender":"robot"}]}"#;
    let e = Observation::from_json(bad).expect_err("bad code in contained");
    assert_eq!(
        e.path_string(),
        "Observation.contained[0].ofType(Patient).gender"
    );
}

#[test]
fn choice_elements_take_one_type() {
    let json = r#"{"resourceType":"Patient","deceasedBoolean":true,"_deceasedBoolean":{"id":"d"}}"#;
    let p: Patient = round_trip(json);
    assert!(
        matches!(&p.deceased, Some(PatientDeceased::Boolean(b)) if b.value == Some(true) && b.id() == Some("d"))
    );

    let e = Patient::from_json(
        r#"{"resourceType":"Patient","deceasedBoolean":true,"deceasedDateTime":"2015"}"#,
    )
    .expect_err("two types");
    assert!(matches!(e.kind(), ErrorKind::ChoiceConflict { .. }), "{e}");
}

#[test]
fn required_codes_are_enums_and_unknown_codes_are_errors() {
    let e =
        Patient::from_json(r#"{"resourceType":"Patient","gender":"robot"}"#).expect_err("robot");
    assert_eq!(
        e.kind(),
        &ErrorKind::UnknownCode {
            code: "robot".into(),
            value_set: "http://hl7.org/fhir/ValueSet/administrative-gender"
        }
    );
    assert_eq!(
        "female".parse::<AdministrativeGender>(),
        Ok(AdministrativeGender::Female)
    );
    assert_eq!(AdministrativeGender::Unknown.to_string(), "unknown");
}

#[test]
fn missing_required_element_is_an_error() {
    let e = Observation::from_json(r#"{"resourceType":"Observation","code":{"text":"x"}}"#)
        .expect_err("no status");
    assert_eq!(e.kind(), &ErrorKind::MissingElement("status"));
    assert_eq!(e.path_string(), "Observation");
}

#[test]
fn output_follows_definition_order() {
    let json = r#"{"gender":"male","id":"x","resourceType":"Patient","active":true}"#;
    let p = Patient::from_json(json).expect("parse");
    assert_eq!(
        p.to_json(),
        r#"{"resourceType":"Patient","id":"x","active":true,"gender":"male"}"#
    );
}

#[test]
fn strings_are_escaped_and_unescaped() {
    let json = r#"{"resourceType":"Patient","id":"x","name":[{"text":"quote \" backslash \\ slash \/ tab \t nl \n cr \r \u0009\u000A\u000d \u00e9 \ud83d\ude00 \u007f \u2028"}]}"#;
    let p: Patient = round_trip(json);
    assert_eq!(
        p.name[0].text.as_ref().and_then(|t| t.value.as_deref()),
        Some("quote \" backslash \\ slash / tab \t nl \n cr \r \t\n\r é 😀 \u{7f} \u{2028}")
    );
}

/// A control character other than tab, LF and CR is not a FHIR string character, whichever
/// escape writes it: refused, at the string.
#[test]
fn escapes_of_other_control_characters_are_refused() {
    for escape in [r"\u0001", r"\u0000", r"\u001F", r"\b", r"\f"] {
        let json = format!(r#"{{"resourceType":"Patient","name":[{{"text":"a{escape}"}}]}}"#);
        let e = Patient::from_json(&json).expect_err(escape);
        assert!(
            matches!(e.kind(), ErrorKind::InvalidValue { type_name: "string", message } if message.starts_with("control character U+00")),
            "{escape}: {e}"
        );
        assert_eq!(e.path_string(), "Patient.name[0].text", "{escape}");
        assert_eq!(e.position().map(|p| p.column), Some(43), "{escape}: {e}");
    }
}

/// Strict reading refuses an absent required element; lenient reading reports each one as
/// an issue and leaves it empty: a primitive is written back absent, as it came, a complex
/// element as an empty object.
#[test]
fn lenient_reading_reports_absent_required_elements() {
    use careconnect_models::rt::{FhirJson, ReadOptions};
    use careconnect_models::stu3::Resource;

    let bundle = r#"{"resourceType":"Bundle","id":"b"}"#;
    let err = Resource::from_json(bundle).err().map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some("Bundle: missing required element 'type' (line 1, column 1)")
    );
    let (read, issues) =
        Resource::from_json_with(bundle, ReadOptions::lenient()).expect("lenient read");
    let issues: Vec<String> = issues.iter().map(|i| i.to_string()).collect();
    assert_eq!(
        issues,
        ["Bundle: missing required element 'type'; left empty (line 1, column 1)"]
    );
    assert_eq!(read.to_json(), bundle);

    let basic = r#"{"resourceType":"Basic","id":"x"}"#;
    let (read, issues) =
        Resource::from_json_with(basic, ReadOptions::lenient()).expect("lenient read");
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(
        read.to_json(),
        r#"{"resourceType":"Basic","id":"x","code":{}}"#
    );
}
