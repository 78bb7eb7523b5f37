//! Profile types taken out of Bundles and resources by move (`rt::bundle`): every entry of
//! every example Bundle comes out as the profile type, as its violations, or untouched,
//! exactly as the by-copy conversion (`ProfiledResource::from_resource`) decides.

use careconnect_models::careconnect::{
    CareConnectOrganization, CareConnectPatient, CareConnectPractitioner, ProfiledResource,
};
use careconnect_models::rt::FhirJson;
use careconnect_models::rt::bundle::{EntryAs, FromResourceError, entries_as, from_resource};
use careconnect_models::rt::profile::Profile;
use careconnect_models::stu3::{Bundle, Resource};

/// Every Bundle among the spec and Care Connect examples, JSON and XML.
fn bundles() -> Vec<(String, Bundle)> {
    careconnect_tests::example_resources()
        .into_iter()
        .filter_map(|(name, r)| match r {
            Resource::Bundle(b) => Some((name, *b)),
            _ => None,
        })
        .collect()
}

/// Checks `entries_as::<P>` on `bundle` against the by-copy conversion; returns how many
/// entries conformed and how many violated.
fn check<P>(name: &str, bundle: &Bundle) -> (usize, usize)
where
    P: Profile + PartialEq + std::fmt::Debug,
    P::Base: TryFrom<Resource, Error = Resource>,
{
    let (mut conforms, mut violates) = (0, 0);
    let entries: Vec<_> = entries_as::<P>(bundle.clone()).collect();
    assert_eq!(entries.len(), bundle.entry.len(), "{name}");
    for ((index, full_url, outcome), entry) in entries.into_iter().zip(&bundle.entry) {
        assert_eq!(
            full_url,
            entry.full_url.as_ref().and_then(|u| u.value.clone()),
            "{name} entry {index}"
        );
        let expected = entry
            .resource
            .clone()
            .and_then(|r| ProfiledResource::from_resource(P::URL, r));
        match (outcome, expected) {
            (EntryAs::Conforms(p), Some(Ok(e))) => {
                assert_eq!(
                    p.into_json(),
                    e.into_resource().to_json(),
                    "{name} entry {index}"
                );
                conforms += 1;
            }
            (EntryAs::Violates(c), Some(Err(e))) => {
                assert_eq!(c, e, "{name} entry {index}");
                violates += 1;
            }
            (EntryAs::Other(back), None) => assert_eq!(&back, entry, "{name} entry {index}"),
            (got, expected) => panic!("{name} entry {index}: {got:?} where {expected:?}"),
        }
    }
    (conforms, violates)
}

#[test]
fn bundle_entries_come_out_as_profile_types_by_move() {
    let bundles = bundles();
    assert!(bundles.len() >= 20, "{} example Bundles", bundles.len());
    let mut totals = [0usize; 2];
    for (name, bundle) in &bundles {
        for (c, v) in [
            check::<CareConnectPatient>(name, bundle),
            check::<CareConnectOrganization>(name, bundle),
            check::<CareConnectPractitioner>(name, bundle),
        ] {
            totals[0] += c;
            totals[1] += v;
        }
    }
    // Both outcomes occur among the examples, so both paths were compared.
    assert!(
        totals[0] > 0 && totals[1] > 0,
        "conforming {}, violating {}",
        totals[0],
        totals[1]
    );
}

#[test]
fn a_resource_of_another_type_comes_back_untouched() {
    let json = r#"{"resourceType":"Basic","id":"b","code":{"text":"x"}}"#;
    let r = Resource::from_json(json).unwrap_or_else(|e| panic!("{e}"));
    match from_resource::<CareConnectPatient>(r.clone()) {
        Err(FromResourceError::OtherType(back)) => assert_eq!(back, r),
        other => panic!("{other:?}"),
    }
    let patient = Resource::from_json(r#"{"resourceType":"Patient","gender":"female"}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    let e = from_resource::<CareConnectPatient>(patient)
        .err()
        .unwrap_or_else(|| panic!("a patient without a name conformed"));
    assert!(e.to_string().contains("Patient.name:official"), "{e}");
}

#[test]
fn into_json_writes_what_to_json_writes() {
    let bundles = bundles();
    let mut written = 0;
    for (name, bundle) in bundles {
        for (_, _, outcome) in entries_as::<CareConnectPatient>(bundle) {
            if let EntryAs::Conforms(p) = outcome {
                assert_eq!(p.to_json(), p.clone().into_json(), "{name}");
                written += 1;
            }
        }
    }
    assert!(written > 0);
}
