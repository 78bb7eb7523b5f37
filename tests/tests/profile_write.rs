//! Profile values write FHIR JSON by reference (`Profile::to_json`, generated per struct)
//! exactly as their base value writes it (`into_base`, then the base writer): on every
//! resource of the examples (top level, Bundle entries and contained) that conforms to a
//! Care Connect resource profile, on values changed after reading, and on values built by
//! their constructors.

use careconnect_models::careconnect::{
    CareConnectBloodPressureObservation, CareConnectBloodPressureObservationEffective,
    CareConnectBloodPressureObservationSystolicComponent, CareConnectMmHgQuantity,
    CareConnectPatient, ProfiledResource,
};
use careconnect_models::rt::FhirJson;
use careconnect_models::rt::bundle::{FromResourceRefError, from_resource_ref};
use careconnect_models::rt::profile::{Profile, Ref};
use careconnect_models::stu3::{self, Resource};

/// Every resource of the examples: each file's, its Bundle entries' and the contained ones.
fn resources() -> Vec<(String, Resource)> {
    let mut top = careconnect_tests::example_resources();
    let mut out = Vec::new();
    while let Some((name, r)) = top.pop() {
        if let Resource::Bundle(b) = &r {
            for (i, e) in b.entry.iter().enumerate() {
                if let Some(inner) = &e.resource {
                    top.push((format!("{name} entry {i}"), inner.clone()));
                }
            }
        }
        for (i, c) in contained_of(&r).into_iter().enumerate() {
            top.push((format!("{name} contained {i}"), c));
        }
        out.push((name, r));
    }
    out
}

/// The contained resources of a resource, read back from its JSON.
fn contained_of(r: &Resource) -> Vec<Resource> {
    let Ok(careconnect_tests::Json::Object(o)) =
        careconnect_tests::parse_json(r.to_json().as_bytes())
    else {
        return Vec::new();
    };
    let Some(careconnect_tests::Json::Array(items)) = o.get("contained") else {
        return Vec::new();
    };
    items
        .iter()
        .map(|c| Resource::from_json(c.to_json_text()).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

#[test]
fn every_conforming_resource_writes_by_reference_what_its_base_writes() {
    let resources = resources();
    assert!(resources.len() > 1000, "{} resources", resources.len());
    let mut written = 0;
    let mut profiles = std::collections::BTreeSet::new();
    for (name, r) in &resources {
        for url in ProfiledResource::URLS {
            let Some(Ok(p)) = ProfiledResource::from_resource(url, r.clone()) else {
                continue;
            };
            let by_reference = p.to_json();
            let through_base = p.clone().into_resource().to_json();
            assert_eq!(by_reference, through_base, "{name} as {url}");
            written += 1;
            profiles.insert(*url);
        }
    }
    // The examples conform to most resource profiles (1671 values of 49 profiles when
    // written), so most of the generated writers ran.
    assert!(
        written >= 1000 && profiles.len() >= 40,
        "{written} values of {} profiles: {profiles:?}",
        profiles.len()
    );
}

#[test]
fn pretty_and_appended_json_match_the_base_writer_too() {
    let mut written = 0;
    for (name, r) in resources() {
        let Ok(p) = from_resource_ref::<CareConnectPatient>(&r) else {
            continue;
        };
        let base = stu3::Patient::from(p.clone());
        assert_eq!(p.to_json_pretty(), base.to_json_pretty(), "{name}");
        let mut out = b"[".to_vec();
        Profile::write_json(&p, &mut out);
        let mut expected = b"[".to_vec();
        FhirJson::write_json(&base, &mut expected);
        assert_eq!(out, expected, "{name}");
        written += 1;
    }
    assert!(written > 0);
}

#[test]
fn values_changed_after_reading_write_their_new_items_after_the_read_ones() {
    let mut changed = 0;
    for (name, r) in resources() {
        let Ok(mut p) = from_resource_ref::<CareConnectPatient>(&r) else {
            continue;
        };
        // Items the recorded read order does not account for, in a sliced element
        // (identifier: the nhsNumber slice and the rest) and in a plain one.
        p.identifier.push(stu3::Identifier {
            value: Some(String::from("added").into()),
            ..Default::default()
        });
        p.name.push(stu3::HumanName {
            family: Some(String::from("Added").into()),
            ..Default::default()
        });
        assert_eq!(p.to_json(), p.clone().into_json(), "{name}");
        changed += 1;
    }
    assert!(changed > 0);
}

#[test]
fn values_built_by_their_constructors_write_their_fixed_values() {
    let mut bp = CareConnectBloodPressureObservation::new(
        Ref::new("Patient/1").unwrap_or_else(|e| panic!("{e}")),
        CareConnectBloodPressureObservationEffective::DateTime(
            "2026-12-07T10:00:00Z"
                .parse::<careconnect_models::rt::DateTime>()
                .unwrap_or_else(|e| panic!("{e}"))
                .into(),
        ),
    );
    let mut systolic = CareConnectBloodPressureObservationSystolicComponent::new();
    let value: careconnect_models::rt::Decimal = "120".parse().unwrap_or_else(|e| panic!("{e}"));
    systolic.value = Some(CareConnectMmHgQuantity::new(value.into(), "mmHg".into()));
    bp.systolic_component.push(systolic);
    let json = bp.to_json();
    assert_eq!(json, bp.clone().into_json());
    // The fixed LOINC code and category the constructor filled in are written.
    assert!(json.contains("\"85354-9\""), "{json}");
    assert!(json.contains("vital-signs"), "{json}");
    assert!(json.contains("\"8480-6\""), "{json}");
}

#[test]
fn a_borrowed_resource_converts_by_copying_it_alone() {
    let patient = Resource::from_json(
        r#"{"resourceType":"Patient","name":[{"use":"official","family":"Smith"}]}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let p = from_resource_ref::<CareConnectPatient>(&patient).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.to_json(), patient.to_json());

    let basic = Resource::from_json(r#"{"resourceType":"Basic","code":{"text":"x"}}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        from_resource_ref::<CareConnectPatient>(&basic),
        Err(FromResourceRefError::OtherType("Basic"))
    );
    let unnamed =
        Resource::from_json(r#"{"resourceType":"Patient"}"#).unwrap_or_else(|e| panic!("{e}"));
    match from_resource_ref::<CareConnectPatient>(&unnamed) {
        Err(FromResourceRefError::Conformance(c)) => {
            assert!(c.to_string().contains("Patient.name:official"), "{c}")
        }
        other => panic!("{other:?}"),
    }
}
