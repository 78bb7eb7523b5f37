//! Every Care Connect JSON instance that declares a Care Connect profile parses into that
//! profile's type and writes back equal to the input as FHIR content.

use careconnect_models::careconnect::ProfiledResource;
use careconnect_models::rt::FhirJson;
use careconnect_models::stu3::Resource;
use careconnect_tests::{examples_dir, json_equal, json_files};

/// The Care Connect profile URLs a resource declares in `meta.profile`.
fn declared_profiles(r: &Resource) -> Vec<String> {
    let json = r.to_json();
    let Ok(careconnect_tests::Json::Object(o)) = careconnect_tests::parse_json(json.as_bytes())
    else {
        return Vec::new();
    };
    let Some(careconnect_tests::Json::Object(meta)) = o.get("meta") else {
        return Vec::new();
    };
    let Some(careconnect_tests::Json::Array(profiles)) = meta.get("profile") else {
        return Vec::new();
    };
    profiles
        .iter()
        .filter_map(|p| match p {
            careconnect_tests::Json::String(s) if s.contains("CareConnect") => Some(s.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn declared_profile_instances_round_trip_through_their_profile_types() {
    let dir = examples_dir().join("careconnect").join("fhir-stu3-core-ig");
    let files = json_files(&dir);
    assert_eq!(files.len(), 31, "31 JSON instances in fhir-stu3-core-ig");
    let mut checked = Vec::new();
    let mut failures = Vec::new();
    for (name, bytes) in &files {
        let resource = Resource::from_json(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let urls = declared_profiles(&resource);
        assert!(!urls.is_empty(), "{name} declares no Care Connect profile");
        for url in urls {
            match ProfiledResource::from_resource(&url, resource.clone()) {
                None => failures.push(format!("{name}: no profile type for {url}")),
                Some(Err(e)) => failures.push(format!("{name}: {e}")),
                Some(Ok(p)) => {
                    let out = p.into_resource().to_json();
                    match json_equal(bytes, out.as_bytes()) {
                        Ok(()) => checked.push(name.clone()),
                        Err(e) => failures.push(format!("{name}: round trip: {e}")),
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} passed; failures:\n{}",
        checked.len(),
        failures.join("\n")
    );
}
