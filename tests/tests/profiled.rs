//! `#[derive(Profiled)]`: user structs mapped onto Care Connect profile types, converted
//! into them and back: user struct → profile → JSON → profile → user struct gives the user
//! struct again, for a Patient, an Encounter, an Observation with components and a Bundle
//! of them.

use careconnect_derive::Profiled;
use careconnect_models::careconnect::codes::{
    AdministrativeGender, CareConnectEthnicCategory, CareConnectNhsNumberVerificationStatus,
};
use careconnect_models::careconnect::{
    CareConnectEncounter, CareConnectObservation, CareConnectPatient, targets,
};
use careconnect_models::rt::profile::{Profile, Ref};
use careconnect_models::rt::{Date, DateTime, FhirJson};
use careconnect_models::stu3::codes::{EncounterStatus, NameUse, ObservationStatus};
use careconnect_models::stu3::{Bundle, BundleEntry, Coding, Quantity, Resource};

/// A row of a patient table: the NHS number and its verification status, the official
/// name, an optional ethnic category (an extension), contacts as rows of their own.
#[derive(Debug, Clone, PartialEq, Profiled)]
#[careconnect(profile = careconnect_models::careconnect::CareConnectPatient, reverse)]
struct PatientRow {
    #[fhir(path = "identifier:nhsNumber.value")]
    nhs_number: String,
    #[fhir(path = "identifier:nhsNumber.extension:nhsNumberVerificationStatus.value")]
    verification: CareConnectNhsNumberVerificationStatus,
    #[fhir(path = "name:official.family")]
    family: String,
    #[fhir(path = "name:official.given")]
    given: Vec<String>,
    #[fhir(path = "gender")]
    gender: Option<AdministrativeGender>,
    #[fhir(path = "birthDate")]
    birth_date: Option<Date>,
    #[fhir(path = "extension:ethnicCategory.value")]
    ethnic_category: Option<CareConnectEthnicCategory>,
    #[fhir(path = "managingOrganization")]
    practice: Option<Ref<targets::Organization>>,
    #[fhir(path = "contact")]
    contacts: Vec<ContactRow>,
    #[fhir(skip)]
    row_id: i64,
}

/// One `contact` of a patient.
#[derive(Debug, Clone, PartialEq, Profiled)]
#[careconnect(
    profile = careconnect_models::careconnect::CareConnectPatient,
    element = "contact",
    reverse
)]
struct ContactRow {
    #[fhir(path = "name.use")]
    name_use: NameUse,
    #[fhir(path = "name.family")]
    family: Option<String>,
    #[fhir(path = "gender")]
    gender: Option<AdministrativeGender>,
}

fn patient_row() -> PatientRow {
    PatientRow {
        nhs_number: "9000000009".into(),
        verification: CareConnectNhsNumberVerificationStatus::NumberPresentAndVerified,
        family: "Smith".into(),
        given: vec!["Ann".into(), "Marie".into()],
        gender: Some(AdministrativeGender::Female),
        birth_date: Some("1970-02-03".parse().expect("a date")),
        ethnic_category: Some(CareConnectEthnicCategory::A),
        practice: Some(Ref::new("Organization/practice-1").expect("an Organization")),
        contacts: vec![
            ContactRow {
                name_use: NameUse::Usual,
                family: Some("Jones".into()),
                gender: None,
            },
            ContactRow {
                name_use: NameUse::Official,
                family: None,
                gender: Some(AdministrativeGender::Male),
            },
        ],
        row_id: 0,
    }
}

#[test]
fn a_patient_row_becomes_a_care_connect_patient_and_back() {
    let row = PatientRow {
        row_id: 7,
        ..patient_row()
    };
    let patient = CareConnectPatient::from(&row);
    // Fixed values come from the profile: the NHS number's system, the extension URLs,
    // the official name's use.
    let json = patient.to_json();
    for expected in [
        r#""system":"https://fhir.nhs.uk/Id/nhs-number","value":"9000000009""#,
        r#""url":"https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-EthnicCategory-1""#,
        r#"{"use":"official","family":"Smith","given":["Ann","Marie"]}"#,
        r#""managingOrganization":{"reference":"Organization/practice-1"}"#,
        r#""contact":[{"name":{"use":"usual","family":"Jones"}},{"name":{"use":"official"},"gender":"male"}]"#,
    ] {
        assert!(json.contains(expected), "{expected}\nnot in\n{json}");
    }
    // The JSON is a conforming Care Connect Patient.
    let read = CareConnectPatient::from_json(&json).expect("conforms");
    assert_eq!(read, patient);
    let back = PatientRow::try_from(&read).expect("every field finds its element");
    assert_eq!(back, PatientRow { row_id: 0, ..row });
}

#[test]
fn the_reverse_conversion_names_every_element_it_misses() {
    let mut patient = CareConnectPatient::from(&patient_row());
    patient.nhs_number = None;
    let e = PatientRow::try_from(&patient).expect_err("no NHS number");
    let paths: Vec<_> = e.violations.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "identifier:nhsNumber.value",
            "identifier:nhsNumber.extension:nhsNumberVerificationStatus.value"
        ]
    );
    assert_eq!(e.profile, CareConnectPatient::URL);
}

#[derive(Debug, Clone, PartialEq, Profiled)]
#[careconnect(profile = careconnect_models::careconnect::CareConnectEncounter, reverse)]
struct VisitRow {
    #[fhir(path = "status")]
    status: EncounterStatus,
    #[fhir(path = "class")]
    class: Option<Coding>,
    #[fhir(path = "subject")]
    patient: Option<Ref<targets::GroupOrPatient>>,
}

#[test]
fn a_visit_row_becomes_a_care_connect_encounter_and_back() {
    let row = VisitRow {
        status: EncounterStatus::Finished,
        class: Some(Coding {
            system: Some("http://hl7.org/fhir/v3/ActCode".into()),
            code: Some("AMB".into()),
            ..Coding::default()
        }),
        patient: Some(Ref::new("Patient/p1").expect("a Patient")),
    };
    let encounter = CareConnectEncounter::from(&row);
    let json = encounter.to_json();
    assert_eq!(
        json,
        r#"{"resourceType":"Encounter","status":"finished","class":{"system":"http://hl7.org/fhir/v3/ActCode","code":"AMB"},"subject":{"reference":"Patient/p1"}}"#
    );
    let back = VisitRow::try_from(&CareConnectEncounter::from_json(&json).expect("conforms"));
    assert_eq!(back.expect("complete"), row);
}

/// An observation with components, each a row of its own.
#[derive(Debug, Clone, PartialEq, Profiled)]
#[careconnect(profile = careconnect_models::careconnect::CareConnectObservation, reverse)]
struct ReadingRow {
    #[fhir(path = "status")]
    status: ObservationStatus,
    #[fhir(path = "code.text")]
    what: String,
    #[fhir(path = "effectiveDateTime")]
    taken: Option<DateTime>,
    #[fhir(path = "subject")]
    patient: Option<Ref<targets::DeviceOrGroupOrLocationOrPatient>>,
    #[fhir(path = "component")]
    parts: Vec<PartRow>,
}

#[derive(Debug, Clone, PartialEq, Profiled)]
#[careconnect(
    profile = careconnect_models::careconnect::CareConnectObservation,
    element = "component",
    reverse
)]
struct PartRow {
    #[fhir(path = "code.coding")]
    code: Vec<Coding>,
    #[fhir(path = "valueQuantity")]
    value: Option<Quantity>,
}

fn reading_row() -> ReadingRow {
    let mm_hg = |v: &str| Quantity {
        value: Some(
            v.parse::<careconnect_models::rt::Decimal>()
                .expect("a decimal")
                .into(),
        ),
        unit: Some("mmHg".into()),
        ..Quantity::default()
    };
    let loinc = |code: &str| Coding {
        system: Some("http://loinc.org".into()),
        code: Some(code.into()),
        ..Coding::default()
    };
    ReadingRow {
        status: ObservationStatus::Final,
        what: "Blood pressure".into(),
        taken: Some("2018-11-08T13:07:00Z".parse().expect("a dateTime")),
        patient: Some(Ref::new("Patient/p1").expect("a Patient")),
        parts: vec![
            PartRow {
                code: vec![loinc("8480-6")],
                value: Some(mm_hg("120")),
            },
            PartRow {
                code: vec![loinc("8462-4")],
                value: Some(mm_hg("80.0")),
            },
        ],
    }
}

#[test]
fn a_reading_with_components_becomes_a_care_connect_observation_and_back() {
    let row = reading_row();
    let observation = CareConnectObservation::from(&row);
    let json = observation.to_json();
    assert!(
        json.contains(r#""component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":120,"unit":"mmHg"}}"#),
        "{json}"
    );
    let read = CareConnectObservation::from_json(&json).expect("conforms");
    let back = ReadingRow::try_from(&read).expect("complete");
    assert_eq!(back, row);
}

#[test]
fn a_bundle_of_converted_rows_round_trips() {
    let patient = CareConnectPatient::from(&patient_row());
    let visit = VisitRow {
        status: EncounterStatus::InProgress,
        class: None,
        patient: None,
    };
    let encounter = CareConnectEncounter::from(&visit);
    let observation = CareConnectObservation::from(&reading_row());
    let entry = |r: Resource| BundleEntry {
        resource: Some(r),
        ..BundleEntry::default()
    };
    let bundle = Bundle {
        type_: careconnect_models::stu3::codes::BundleType::Collection.into(),
        entry: vec![
            entry(Resource::Patient(Box::new(patient.into()))),
            entry(Resource::Encounter(Box::new(encounter.into()))),
            entry(Resource::Observation(Box::new(observation.into()))),
        ],
        ..Bundle::default()
    };
    let json = bundle.to_json();
    let read = Bundle::from_json(&json).expect("a Bundle");
    let resource = |i: usize| read.entry[i].resource.clone().expect("a resource");
    let Resource::Patient(p) = resource(0) else {
        panic!("a Patient first");
    };
    let Resource::Encounter(e) = resource(1) else {
        panic!("an Encounter second");
    };
    let Resource::Observation(o) = resource(2) else {
        panic!("an Observation third");
    };
    let p = CareConnectPatient::try_from(*p).expect("conforms");
    let e = CareConnectEncounter::try_from(*e).expect("conforms");
    let o = CareConnectObservation::try_from(*o).expect("conforms");
    assert_eq!(PatientRow::try_from(&p).expect("complete"), patient_row());
    assert_eq!(VisitRow::try_from(&e).expect("complete"), visit);
    assert_eq!(ReadingRow::try_from(&o).expect("complete"), reading_row());
}

/// A row holding `chrono` and `time` values (the models' `chrono` and `time` features).
#[derive(Debug, Clone, PartialEq, Profiled)]
#[careconnect(profile = careconnect_models::careconnect::CareConnectObservation, reverse)]
struct ChronoReading {
    #[fhir(path = "status")]
    status: ObservationStatus,
    #[fhir(path = "code.text")]
    what: String,
    #[fhir(path = "effectiveDateTime")]
    taken: chrono::DateTime<chrono::FixedOffset>,
    #[fhir(path = "issued")]
    issued: Option<time::OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq, Profiled)]
#[careconnect(profile = careconnect_models::careconnect::CareConnectPatient, reverse)]
struct ChronoPatient {
    #[fhir(path = "name:official.family")]
    family: String,
    #[fhir(path = "birthDate")]
    born: Option<chrono::NaiveDate>,
}

#[test]
fn chrono_and_time_values_convert_both_ways() {
    let taken = chrono::DateTime::parse_from_rfc3339("2018-11-08T13:07:00.25+01:00")
        .expect("an RFC 3339 time");
    let issued = time::OffsetDateTime::from_unix_timestamp(1_541_682_420).expect("a time");
    let row = ChronoReading {
        status: ObservationStatus::Final,
        what: "Heart rate".into(),
        taken,
        issued: Some(issued),
    };
    let observation = CareConnectObservation::from(&row);
    let json = observation.to_json();
    assert!(
        json.contains(r#""effectiveDateTime":"2018-11-08T13:07:00.25+01:00""#),
        "{json}"
    );
    assert!(
        json.contains(r#""issued":"2018-11-08T13:07:00Z""#),
        "{json}"
    );
    let read = CareConnectObservation::from_json(&json).expect("conforms");
    assert_eq!(ChronoReading::try_from(&read).expect("complete"), row);

    let born = chrono::NaiveDate::from_ymd_opt(1970, 2, 3).expect("a date");
    let patient = CareConnectPatient::from(&ChronoPatient {
        family: "Smith".into(),
        born: Some(born),
    });
    assert!(patient.to_json().contains(r#""birthDate":"1970-02-03""#));
}

/// A date FHIR cannot hold (a year past 9999) is kept as text the accessor calls invalid,
/// neither dropped nor made up; reading it back strictly refuses it.
#[test]
fn a_date_fhir_cannot_hold_is_kept_as_invalid_text() {
    let born = chrono::NaiveDate::from_ymd_opt(12_000, 1, 1).expect("a chrono date");
    let patient = CareConnectPatient::from(&ChronoPatient {
        family: "Smith".into(),
        born: Some(born),
    });
    let birth = patient.birth_date.as_ref().expect("birthDate is there");
    assert_eq!(birth.try_get().map_err(|t| t.as_str()), Err("12000-01-01"));
    let json = patient.to_json();
    assert!(json.contains(r#""birthDate":"12000-01-01""#), "{json}");
    assert!(CareConnectPatient::from_json(&json).is_err());
}

/// `NonEmpty` fields: at least one item each way; a profile value without one is refused
/// by the reverse conversion, naming the element.
#[derive(Debug, Clone, PartialEq, Profiled)]
#[careconnect(profile = careconnect_models::careconnect::CareConnectPatient, reverse)]
struct NamedPatient {
    #[fhir(path = "name:official.family")]
    family: String,
    #[fhir(path = "name:official.given")]
    given: careconnect_models::rt::profile::NonEmpty<String>,
}

#[test]
fn non_empty_fields_need_an_item_both_ways() {
    let mut given = careconnect_models::rt::profile::NonEmpty::new("Ann".to_string());
    given.push("Marie".into());
    let row = NamedPatient {
        family: "Smith".into(),
        given,
    };
    let mut patient = CareConnectPatient::from(&row);
    assert_eq!(NamedPatient::try_from(&patient).expect("complete"), row);
    patient.official.given.clear();
    let e = NamedPatient::try_from(&patient).expect_err("no given name");
    assert_eq!(e.violations[0].path, "name:official.given");
}

mod renamed {
    //! The models under another name (`crate = ...`), as a crate that renames the
    //! dependency or re-exports it would have them.
    use careconnect_derive::Profiled;
    use careconnect_models as models;

    #[derive(Debug, Clone, PartialEq, Profiled)]
    #[careconnect(crate = models, profile = models::careconnect::CareConnectPatient, reverse)]
    pub struct Row {
        #[fhir(path = "name:official.family")]
        pub family: String,
    }
}

#[test]
fn the_models_may_go_by_another_name() {
    let row = renamed::Row {
        family: "Smith".into(),
    };
    let patient = CareConnectPatient::from(&row);
    assert_eq!(renamed::Row::try_from(&patient).expect("complete"), row);
}
