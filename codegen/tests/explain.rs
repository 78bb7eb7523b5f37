//! `explain` on the real packages named by `definitions/sources.toml`: each rule of the
//! profile layer is explained for an element known to come out of it (see the generated
//! `careconnect-models/src/careconnect/`), and unknown queries fail with close matches.
//!
//! These tests need the definitions folder (`CARECONNECT_DEFINITIONS`, or the root that
//! `sources.toml` names). When it is missing they fail with the message that says where to
//! put it: silently skipping would hide a broken setup.

use std::sync::OnceLock;

use careconnect_codegen::explain::{ElementLine, Explanation, RuleKind, Subject, explain};
use careconnect_codegen::{Config, Lowered, load, lower_only};

const UK: &str = "https://fhir.hl7.org.uk/STU3/StructureDefinition/";
const PATIENT: &str = "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1";

/// The workspace's definitions, lowered once for every test of this binary.
fn lowered() -> &'static Lowered {
    static LOWERED: OnceLock<Lowered> = OnceLock::new();
    LOWERED.get_or_init(|| {
        let config =
            Config::workspace().with_definitions_root(std::env::var_os(load::DEFINITIONS_ENV));
        lower_only(&config).unwrap_or_else(|e| panic!("{e}"))
    })
}

fn ok(query: &str) -> Explanation {
    explain(lowered(), query).unwrap_or_else(|e| panic!("{query}: {e}"))
}

/// The line of an element query, and the line of the field holding it.
fn element(query: &str) -> (Explanation, ElementLine, Option<ElementLine>) {
    let explanation = ok(query);
    let Subject::Element { line, held_by, .. } = &explanation.subject else {
        panic!("{query}: explained as a definition");
    };
    let line = line
        .clone()
        .unwrap_or_else(|| panic!("{query}: no line:\n{}", explanation.text()));
    let held_by = held_by.as_deref().cloned();
    (explanation, line, held_by)
}

/// The text of the rule of kind `kind`.
fn rule(line: &ElementLine, kind: RuleKind) -> &str {
    line.rules
        .iter()
        .find(|r| r.kind == kind)
        .map(|r| r.text.as_str())
        .unwrap_or_else(|| panic!("{}: no {kind:?} rule in {:?}", line.element, line.rules))
}

#[test]
fn nhs_number_slice_is_a_typed_field_matched_by_its_system() {
    let (e, line, _) = element(&format!("{PATIENT}#Patient.identifier:nhsNumber"));
    assert_eq!(e.element.as_deref(), Some("Patient.identifier:nhsNumber"));
    assert_eq!(
        line.item.as_deref(),
        Some("careconnect::CareConnectPatient::nhs_number")
    );
    assert_eq!(
        line.rust_type.as_deref(),
        Some("Option<careconnect::CareConnectPatientNhsNumber>")
    );
    assert_eq!(line.bounds.as_deref(), Some("0..1"));
    let slice = rule(&line, RuleKind::Slice);
    assert!(
        slice.contains("`nhsNumber` of `Patient.identifier`")
            && slice.contains("system = 'https://fhir.nhs.uk/Id/nhs-number'"),
        "{slice}"
    );
    assert!(rule(&line, RuleKind::NestedStruct).contains("CareConnectPatientNhsNumber"));
    let text = e.text();
    assert!(
        text.contains("careconnect::CareConnectPatient::nhs_number"),
        "{text}"
    );
    assert!(text.contains("slice  nhsNumber"), "{text}");
}

#[test]
fn required_binding_to_a_listed_value_set_is_a_closed_enum() {
    let (_, line, _) = element(&format!("{PATIENT}#Patient.gender"));
    assert_eq!(
        line.rust_type.as_deref(),
        Some("Option<rt::Primitive<careconnect::codes::AdministrativeGender>>")
    );
    let text = rule(&line, RuleKind::ClosedEnum);
    assert!(
        text.contains("`careconnect::codes::AdministrativeGender`")
            && text.contains("ValueSet/CareConnect-AdministrativeGender-1"),
        "{text}"
    );
    assert!(
        !line
            .rules
            .iter()
            .any(|r| r.kind == RuleKind::BindingFallback)
    );
}

#[test]
fn extensible_binding_keeps_the_base_type_and_says_why() {
    let (e, line, _) = element(&format!("{PATIENT}#Patient.language"));
    assert_eq!(
        line.rust_type.as_deref(),
        Some("Option<rt::Primitive<String>>")
    );
    let why = rule(&line, RuleKind::BindingFallback);
    assert!(
        why.starts_with("extensible binding to http://hl7.org/fhir/ValueSet/languages")
            && why.contains("codes outside the value set are allowed"),
        "{why}"
    );
    let Subject::Element {
        snapshot: Some(snapshot),
        ..
    } = &e.subject
    else {
        panic!("no snapshot facts");
    };
    assert_eq!(
        snapshot.binding.as_deref(),
        Some("extensible http://hl7.org/fhir/ValueSet/languages")
    );
}

#[test]
fn unenumerable_required_binding_names_its_diagnostic_and_constant() {
    // ACVPU's value is a CodeableConcept (a type slice of `value[x]`) bound to a value set
    // defined by a filter.
    let (e, line, _) = element(&format!(
        "{UK}CareConnect-ACVPU-Observation-1#Observation.value[x]"
    ));
    let why = rule(&line, RuleKind::BindingFallback);
    assert!(
        why.contains("CareConnect-ACVPU-1, which cannot be enumerated (it is defined by a filter)")
            && why.contains(
                "CareConnectAcvpuObservation::VALUECODEABLECONCEPT_VALUECODEABLECONCEPT_BINDING"
            ),
        "{why}"
    );
    rule(&line, RuleKind::SingleChoice);
    assert!(
        e.diagnostics.iter().any(|d| d.kind
            == careconnect_codegen::diag::DiagnosticKind::UnenumerableValueSet
            && d.location.element.as_deref()
                == Some("Observation.valueCodeableConcept:valueCodeableConcept")),
        "{:?}",
        e.diagnostics
    );
}

#[test]
fn fixed_system_is_no_field_but_a_constant() {
    let (_, line, _) = element(&format!("{PATIENT}#Patient.identifier:nhsNumber.system"));
    assert_eq!(line.item, None);
    assert_eq!(line.rust_type, None);
    let fixed = rule(&line, RuleKind::Fixed);
    assert!(
        fixed.contains("'https://fhir.nhs.uk/Id/nhs-number'")
            && fixed.contains("`careconnect::CareConnectPatientNhsNumber::SYSTEM`"),
        "{fixed}"
    );
}

#[test]
fn removed_element_is_no_field() {
    let (_, line, _) = element(&format!("{PATIENT}#Patient.animal"));
    assert_eq!(line.item, None);
    assert_eq!(line.bounds.as_deref(), Some("0..0"));
    assert!(rule(&line, RuleKind::Removed).contains("`stu3::Patient::animal`"));
}

#[test]
fn narrowed_target_profiles_are_a_typed_reference() {
    let (_, line, _) = element(&format!("{PATIENT}#Patient.link.other"));
    assert_eq!(
        line.item.as_deref(),
        Some("careconnect::CareConnectPatientLink::other")
    );
    assert_eq!(
        line.rust_type.as_deref(),
        Some("rt::profile::Ref<careconnect::targets::PatientOrRelatedPerson>")
    );
    let text = rule(&line, RuleKind::TypedReference);
    assert!(
        text.contains("Patient, RelatedPerson") && text.contains("careconnect::CareConnectPatient"),
        "{text}"
    );
}

#[test]
fn choice_narrowed_to_two_types_is_an_enum_of_the_module() {
    let (_, line, _) = element(&format!(
        "{UK}CareConnect-VitalSigns-Observation-1#Observation.effective[x]"
    ));
    assert_eq!(line.bounds.as_deref(), Some("1..1"));
    let text = rule(&line, RuleKind::NarrowedChoice);
    assert!(
        text.contains("`careconnect::CareConnectVitalSignsObservationEffective`")
            && text.contains("variants DateTime, Period"),
        "{text}"
    );
    assert!(rule(&line, RuleKind::Cardinality).contains("from the base's 0..1"));
}

#[test]
fn element_inside_an_unconstrained_base_field_is_that_base_field() {
    let (_, line, held_by) = element(&format!("{PATIENT}#Patient.identifier.system"));
    assert_eq!(line.item.as_deref(), Some("stu3::Identifier::system"));
    assert_eq!(
        line.rust_type.as_deref(),
        Some("Option<rt::Primitive<String>>")
    );
    let held_by = held_by.expect("the field holding it");
    assert_eq!(
        held_by.item.as_deref(),
        Some("careconnect::CareConnectPatient::identifier")
    );
    assert!(rule(&held_by, RuleKind::Remainder).contains("`nhsNumber`"));
}

#[test]
fn type_names_and_ids_without_the_root_are_accepted() {
    let by_name = ok("CareConnectPatient");
    assert_eq!(by_name.url, PATIENT);
    assert_eq!(by_name.element, None);
    let nested = ok("CareConnectPatientNhsNumber");
    assert_eq!(
        nested.element.as_deref(),
        Some("Patient.identifier:nhsNumber")
    );
    let short = ok(&format!("{PATIENT}#identifier:nhsNumber"));
    assert_eq!(
        short.element.as_deref(),
        Some("Patient.identifier:nhsNumber")
    );
}

#[test]
fn whole_definition_lists_members_rules_and_its_diagnostics() {
    let e = ok(PATIENT);
    assert_eq!(e.definition.item, "careconnect::CareConnectPatient");
    assert_eq!(e.definition.base, "stu3::Patient");
    let Subject::Definition { elements, .. } = &e.subject else {
        panic!("explained as an element");
    };
    let find = |id: &str| {
        elements
            .iter()
            .find(|l| l.element == id)
            .unwrap_or_else(|| panic!("no line for {id}"))
    };
    assert!(
        find("Patient.animal")
            .rules
            .iter()
            .any(|r| r.kind == RuleKind::Removed)
    );
    assert!(
        find("Patient.identifier:nhsNumber.system")
            .rules
            .iter()
            .any(|r| r.kind == RuleKind::Fixed)
    );
    assert_eq!(
        find("Patient.gender").rust_type.as_deref(),
        Some("Option<rt::Primitive<careconnect::codes::AdministrativeGender>>")
    );
    assert!(!e.diagnostics.is_empty());
    assert!(
        e.diagnostics
            .iter()
            .all(|d| d.location.url.as_deref() == Some(PATIENT))
    );
    let text = e.text();
    assert!(text.contains("version  "), "{text}");
    assert!(text.contains("Patient.animal"), "{text}");
}

#[test]
fn unknown_element_suggests_ids_alike() {
    let err = explain(lowered(), &format!("{PATIENT}#Patient.identifer:nhsNumber"))
        .expect_err("a misspelt element id");
    assert!(
        err.contains("'Patient.identifer:nhsNumber'")
            && err.contains("did you mean")
            && err.contains("Patient.identifier:nhsNumber"),
        "{err}"
    );
}

#[test]
fn unknown_url_suggests_profiles_alike() {
    let err =
        explain(lowered(), &format!("{UK}CareConnect-Patiant-1")).expect_err("a misspelt URL");
    assert!(
        err.contains("CareConnect-Patiant-1") && err.contains(PATIENT),
        "{err}"
    );
}

#[test]
fn json_form_tags_the_subject_and_rule_kinds() {
    let e = ok(&format!("{PATIENT}#Patient.identifier:nhsNumber"));
    let json = serde_json::to_value(&e).expect("serializable");
    assert_eq!(json["element"], "Patient.identifier:nhsNumber");
    assert_eq!(json["subject"]["subject"], "element");
    assert_eq!(
        json["subject"]["line"]["item"],
        "careconnect::CareConnectPatient::nhs_number"
    );
    assert_eq!(json["subject"]["line"]["rules"][0]["kind"], "slice");
    assert_eq!(json["subject"]["snapshot"]["slice_name"], "nhsNumber");
    assert_eq!(json["definition"]["package"], "careconnect-stu3");
}
