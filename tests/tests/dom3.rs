//! dom-3: a contained resource with an id is referred to (`#id`) from elsewhere in its
//! container, wherever the reference stands: before or after `contained`, inside another
//! contained resource, in any element named `reference`. Decided by both readers when the
//! container ends; strict: an error at the contained resource, lenient: an issue with the
//! resource kept.

use careconnect_models::rt::{FhirJson, FhirXml, ReadOptions};
use careconnect_models::stu3::{Bundle, Patient, Resource};
use careconnect_tests::json_equal;

const ORG: &str = r#"{"resourceType":"Organization","id":"org","name":"A"}"#;

fn patient(elements: &str) -> String {
    format!(r#"{{"resourceType":"Patient",{elements}}}"#)
}

/// Containers that satisfy dom-3, each for another reason.
#[test]
fn a_reference_anywhere_in_the_container_satisfies_it() {
    let cases = [
        (
            "reference after contained",
            patient(&format!(
                r##""contained":[{ORG}],"managingOrganization":{{"reference":"#org"}}"##
            )),
        ),
        (
            "reference before contained",
            patient(&format!(
                r##""managingOrganization":{{"reference":"#org"}},"contained":[{ORG}]"##
            )),
        ),
        (
            "reference in an extension",
            patient(&format!(
                r##""extension":[{{"url":"http://example.org/e","valueReference":{{"reference":"#org"}}}}],"contained":[{ORG}]"##
            )),
        ),
        (
            "reference from another contained resource",
            patient(&format!(
                r##""contained":[{ORG},{{"resourceType":"Practitioner","id":"p","name":[{{"family":"B"}}],"extension":[{{"url":"http://example.org/e","valueReference":{{"reference":"#org"}}}}]}}],"generalPractitioner":[{{"reference":"#p"}}]"##
            )),
        ),
        (
            "contained resource without an id",
            patient(r#""contained":[{"resourceType":"Organization","name":"A"}]"#),
        ),
    ];
    for (what, json) in cases {
        let p = Patient::from_json(&json).unwrap_or_else(|e| panic!("{what}: {e}\n{json}"));
        Patient::from_xml(p.to_xml()).unwrap_or_else(|e| panic!("{what}, XML: {e}"));
    }
}

#[test]
fn an_unreferenced_contained_resource_is_refused_with_its_path_and_position() {
    let json = patient(&format!(
        r##""contained":[{{"resourceType":"Practitioner","id":"p","name":[{{"family":"B"}}]}},{ORG}],"generalPractitioner":[{{"reference":"#p"}}],"managingOrganization":{{"reference":"Organization/org"}}"##
    ));
    let e = Patient::from_json(&json).expect_err("nothing refers to #org");
    let text = e.to_string();
    assert!(
        text.starts_with(
            "Patient.contained[1]: dom-3: the contained resource 'org' is not referred to"
        ),
        "{text}"
    );
    let at = e.position().expect("a position").offset;
    assert!(
        json[at..].starts_with(ORG),
        "points at the contained resource: {text}"
    );

    // The XML reader decides it the same way.
    let (lenient, issues) =
        Patient::from_json_with(&json, ReadOptions::lenient()).expect("a lenient read");
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].path, "Patient.contained[1]");
    assert!(issues[0].message.starts_with("dom-3: "), "{}", issues[0]);
    assert!(
        issues[0].message.ends_with("; kept as written"),
        "{}",
        issues[0]
    );
    json_equal(json.as_bytes(), lenient.to_json().as_bytes()).unwrap_or_else(|d| panic!("{d}"));
    let xml = lenient.to_xml();
    let e = Patient::from_xml(&xml).expect_err("the same in XML");
    assert!(
        e.to_string().starts_with("Patient.contained[1]: dom-3:"),
        "{e}"
    );
    let (from_xml, issues) =
        Patient::from_xml_with(&xml, ReadOptions::lenient()).expect("a lenient XML read");
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].path, "Patient.contained[1]");
    assert_eq!(from_xml, lenient);
}

/// Each resource is its own container: a reference in one Bundle entry does not count for
/// another, and the rule holds in a resource inside a Bundle.
#[test]
fn the_container_is_the_resource_not_the_bundle() {
    let referencing = patient(r##""managingOrganization":{"reference":"#org"}"##);
    let containing = patient(&format!(r#""contained":[{ORG}]"#));
    let json = format!(
        r#"{{"resourceType":"Bundle","type":"collection","entry":[{{"resource":{referencing}}},{{"resource":{containing}}}]}}"#
    );
    let e = Bundle::from_json(&json).expect_err("entry 1 does not refer to its own #org");
    assert!(
        e.to_string()
            .starts_with("Bundle.entry[1].resource.ofType(Patient).contained[0]: dom-3:"),
        "{e}"
    );
    let ok = format!(
        r#"{{"resourceType":"Bundle","type":"collection","entry":[{{"resource":{}}}]}}"#,
        patient(&format!(
            r##""contained":[{ORG}],"managingOrganization":{{"reference":"#org"}}"##
        ))
    );
    let b = Resource::from_json(&ok).expect("referred to in its own resource");
    Resource::from_xml(b.to_xml()).expect("and in XML");
}
