//! `careconnect check`: read errors and profile violations with file and FHIR path, and
//! the exit codes.

mod common;

use common::{careconnect, scratch, write};

const PATIENT_1: &str = "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1";

#[test]
fn a_conforming_careconnect_instance_is_clean() {
    let dir = scratch("check-clean");
    let example = careconnect_tests::examples_dir()
        .join("careconnect/fhir-stu3-core-ig/Patient-CareConnect-Patient-Example-1.json");
    let bytes = std::fs::read(&example)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", example.display()));
    write(&dir, "patient.json", bytes);
    let run = careconnect(&dir, &["check", "patient.json"]);
    assert_eq!(
        run.stdout,
        "patient.json: ok: Patient, conforms to 1 declared Care Connect profile\n\
         checked 1 file: 0 errors, 0 warnings\n"
    );
    assert_eq!((run.code, run.stderr.as_str()), (Some(0), ""));
}

#[test]
fn profile_violations_and_read_errors_name_file_and_path_and_exit_one() {
    let dir = scratch("check-errors");
    write(
        &dir,
        "unnamed.json",
        format!(
            r#"{{"resourceType":"Patient","meta":{{"profile":["{PATIENT_1}"]}},"gender":"male"}}"#
        ),
    );
    write(
        &dir,
        "order.xml",
        "<Patient xmlns=\"http://hl7.org/fhir\">\n  <birthDate value=\"1974-12-25\"/>\n  <gender value=\"male\"/>\n</Patient>\n",
    );
    // No extension: JSON by its first character.
    write(
        &dir,
        "plain",
        "  {\"resourceType\":\"Patient\",\"birthDate\":\"1974-13-01\"}",
    );
    write(
        &dir,
        "fine.txt",
        "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"x\"/></Patient>",
    );
    write(&dir, "data.bin", "hello");
    let run = careconnect(
        &dir,
        &[
            "check",
            "unnamed.json",
            "order.xml",
            "plain",
            "fine.txt",
            "data.bin",
            "missing.json",
        ],
    );
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            format!(
                "unnamed.json: error: Patient.name:official: required by the profile but absent \
                 (profile {PATIENT_1})"
            )
            .as_str(),
            "order.xml: error: Patient: element 'gender' comes after 'birthDate'; FHIR XML \
             requires definition order (line 3, column 3)",
            "plain: error: Patient.birthDate: invalid date: month 13 is out of range (01-12) \
             at byte 5 (line 1, column 41)",
            "fine.txt: ok: Patient, no Care Connect profile declared",
            "data.bin: error: cannot tell JSON from XML: the name does not end in .json or .xml \
             and the content starts with neither '{' nor '<'",
            lines[5],
            "checked 6 files: 5 errors, 0 warnings",
        ]
    );
    assert!(
        lines[5].starts_with("missing.json: error: cannot read: "),
        "{}",
        lines[5]
    );
    assert_eq!(run.code, Some(1));
}

#[test]
fn bundle_entries_are_checked_against_the_profiles_they_declare() {
    let dir = scratch("check-bundle");
    let bundle = format!(
        r#"{{"resourceType":"Bundle","type":"collection","entry":[
            {{"resource":{{"resourceType":"Patient","meta":{{"profile":["{PATIENT_1}"]}},
              "name":[{{"use":"official","family":"Smith"}}]}}}},
            {{"resource":{{"resourceType":"Organization","meta":{{"profile":["{PATIENT_1}"]}}}}}},
            {{"resource":{{"resourceType":"Patient","meta":{{"profile":["{PATIENT_1}"]}}}}}}]}}"#
    );
    write(&dir, "bundle.json", bundle);
    let run = careconnect(&dir, &["check", "bundle.json"]);
    assert_eq!(
        run.stdout,
        format!(
            "bundle.json: error: Bundle.entry[1].resource: Organization declares {PATIENT_1}, a \
             profile of another resource type\n\
             bundle.json: error: Bundle.entry[2].resource: Patient.name:official: required by the \
             profile but absent (profile {PATIENT_1})\n\
             checked 1 file: 2 errors, 0 warnings\n"
        )
    );
    assert_eq!(run.code, Some(1));
}

#[test]
fn lenient_turns_unknown_elements_into_warnings() {
    let dir = scratch("check-lenient");
    write(
        &dir,
        "p.json",
        r#"{"resourceType":"Patient","colour":"blue"}"#,
    );
    let strict = careconnect(&dir, &["check", "p.json"]);
    assert_eq!(
        strict.stdout,
        "p.json: error: Patient: unknown element 'colour' (line 1, column 27)\n\
         checked 1 file: 1 error, 0 warnings\n"
    );
    assert_eq!(strict.code, Some(1));
    let lenient = careconnect(&dir, &["check", "--lenient", "p.json"]);
    assert_eq!(
        lenient.stdout,
        "p.json: warning: Patient: unknown element 'colour'; skipped (line 1, column 27)\n\
         p.json: ok: Patient, no Care Connect profile declared\n\
         checked 1 file: 0 errors, 1 warning\n"
    );
    assert_eq!(lenient.code, Some(0));
}

#[test]
fn profiles_that_are_not_careconnect_are_noted_once_and_not_checked() {
    let dir = scratch("check-other-profiles");
    write(
        &dir,
        "b.json",
        r#"{"resourceType":"Bundle","type":"collection","meta":{"profile":["http://example.org/b"]},
           "entry":[{"resource":{"resourceType":"Patient","meta":{"profile":["http://example.org/p"]}}},
                    {"resource":{"resourceType":"Patient","meta":{"profile":["http://example.org/p"]}}}]}"#,
    );
    let run = careconnect(&dir, &["check", "b.json"]);
    assert_eq!(
        run.stdout,
        "b.json: note: http://example.org/b (declared by one resource) is not an HL7 UK Care \
         Connect profile; not checked\n\
         b.json: note: http://example.org/p (declared by 2 resources) is not an HL7 UK Care \
         Connect profile; not checked\n\
         b.json: ok: Bundle of 2 entries, no Care Connect profile declared\n\
         checked 1 file: 0 errors, 0 warnings\n"
    );
    assert_eq!(run.code, Some(0));
}

#[test]
fn usage_errors_exit_two() {
    let dir = scratch("check-usage");
    let run = careconnect(&dir, &["check"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stderr,
        "careconnect: check: expected at least one FILE\n\
         Usage: careconnect check [--lenient] FILE...\n\
         Run 'careconnect check --help' for more.\n"
    );
    let run = careconnect(&dir, &["check", "--strict", "x.json"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .starts_with("careconnect: check: unknown option '--strict'\n"),
        "{}",
        run.stderr
    );
}
