//! The blood-pressure components of CareConnect-BloodPressure-Observation-1 are typed
//! slices, although the profile fixes no value on their discriminator (`code`): the
//! generator matches them by what their required codings fix (LOINC and SNOMED CT codes).

use careconnect_models::careconnect::{
    CareConnectBloodPressureObservation, CareConnectBloodPressureObservationCode,
    CareConnectBloodPressureObservationDiastolicComponent,
    CareConnectBloodPressureObservationEffective,
    CareConnectBloodPressureObservationSystolicComponent, CareConnectMmHgQuantity,
    CareConnectVitalSignsCodeableConcept,
};
use careconnect_models::rt::profile::{NonEmpty, Profile, Ref};
use careconnect_models::rt::{Decimal, Primitive};
use careconnect_models::stu3;

fn mm_hg(value: &str) -> CareConnectMmHgQuantity {
    let value: Decimal = value.parse().expect("a decimal");
    CareConnectMmHgQuantity::new(value.into(), "mmHg".into())
}

/// A blood pressure with one systolic and one diastolic component, built from the types:
/// what the profile fixes (the category, the panel's and the components' codes) the
/// constructors build, so only the subject, the time and the values are given.
fn blood_pressure() -> CareConnectBloodPressureObservation {
    let mut bp = CareConnectBloodPressureObservation::new(
        Ref::new("Patient/1").unwrap_or_else(|e| panic!("{e}")),
        CareConnectBloodPressureObservationEffective::DateTime(
            "2026-12-06T10:00:00Z"
                .parse::<careconnect_models::rt::DateTime>()
                .unwrap_or_else(|e| panic!("{e}"))
                .into(),
        ),
    );
    let mut systolic = CareConnectBloodPressureObservationSystolicComponent::new();
    systolic.value = Some(mm_hg("120"));
    let mut diastolic = CareConnectBloodPressureObservationDiastolicComponent::new();
    diastolic.value = Some(mm_hg("80"));
    bp.systolic_component.push(systolic);
    bp.diastolic_component.push(diastolic);
    bp
}

#[test]
fn components_built_from_their_types_carry_the_fixed_codes_and_read_back_as_slices() {
    let bp = blood_pressure();
    let json = bp.to_json();
    // The codes the profile fixes are written without the user saying them.
    for fixed in [
        "\"8480-6\"",
        "\"8462-4\"",
        "\"72313002\"",
        "\"mm[Hg]\"",
        "\"85354-9\"",
    ] {
        assert!(json.contains(fixed), "{fixed} missing from {json}");
    }
    let back = CareConnectBloodPressureObservation::from_json(&json).expect("conforms");
    assert_eq!(back, bp);
    assert_eq!(back.systolic_component.len(), 1);
    assert_eq!(back.diastolic_component.len(), 1);
    assert!(back.component.is_empty());
    let systolic = back.systolic_component[0]
        .value
        .as_ref()
        .and_then(|q| q.value.value.as_ref())
        .map(Decimal::as_str);
    assert_eq!(systolic, Some("120"));
}

#[test]
fn the_constructor_builds_the_category_and_code_the_profile_fixes() {
    let bp = blood_pressure();
    assert_eq!(
        bp.category,
        NonEmpty::new(CareConnectVitalSignsCodeableConcept::new())
    );
    assert_eq!(bp.code, CareConnectBloodPressureObservationCode::default());
    let json = bp.to_json();
    for fixed in [
        r#""system":"http://hl7.org/fhir/observation-category","code":"vital-signs""#,
        r#""system":"http://loinc.org","code":"85354-9""#,
        r#""system":"http://snomed.info/sct","code":"75367002""#,
    ] {
        assert!(json.contains(fixed), "{fixed} missing from {json}");
    }
}

#[test]
fn a_component_with_other_codes_stays_in_the_remainder() {
    let mut base: stu3::Observation = blood_pressure().into();
    base.component.push(stu3::ObservationComponent {
        code: stu3::CodeableConcept {
            coding: vec![stu3::Coding {
                system: Some(Primitive::from("http://loinc.org")),
                code: Some(Primitive::from("8867-4")),
                ..Default::default()
            }],
            ..Default::default()
        },
        ..Default::default()
    });
    let bp = CareConnectBloodPressureObservation::try_from(base.clone()).expect("conforms");
    assert_eq!(
        (
            bp.systolic_component.len(),
            bp.diastolic_component.len(),
            bp.component.len()
        ),
        (1, 1, 1)
    );
    // Written back in the order the components were read.
    assert_eq!(stu3::Observation::from(bp), base);
}

#[test]
fn a_systolic_component_without_its_snomed_coding_is_not_matched_as_one() {
    // Matched on every coding the slice requires: LOINC alone leaves it in `component`.
    let mut base: stu3::Observation = blood_pressure().into();
    base.component[0]
        .code
        .coding
        .retain(|c| c.system.as_ref().and_then(|s| s.value.as_deref()) == Some("http://loinc.org"));
    let bp = CareConnectBloodPressureObservation::try_from(base).expect("conforms");
    assert_eq!(bp.systolic_component.len(), 0);
    assert_eq!(bp.component.len(), 1);
}
