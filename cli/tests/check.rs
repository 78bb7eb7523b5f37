//! `careconnect check`: read errors and profile violations with file and FHIR path, what
//! each file was checked against, the summary, `--profile`, `--quiet` and `--verbose`, and
//! the exit codes.

mod common;

use common::{careconnect, scratch, write};

const PATIENT_1: &str = "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1";

/// Copies a Care Connect example into `dir` under its own name.
fn example(dir: &std::path::Path, folder: &str, name: &str) {
    let path = careconnect_tests::examples_dir()
        .join("careconnect")
        .join(folder)
        .join(name);
    let bytes =
        std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    write(dir, name, bytes);
}

#[test]
fn a_conforming_careconnect_instance_is_clean() {
    let dir = scratch("check-clean");
    let name = "Patient-CareConnect-Patient-Example-1.json";
    example(&dir, "fhir-stu3-core-ig", name);
    let run = careconnect(&dir, &["check", name]);
    assert_eq!(
        run.stdout,
        format!(
            "{name}: ok: Patient conforms to CareConnect-Patient-1\n\
             1 file, 0 with errors; 1 resource read, 1 checked against a Care Connect profile; \
             0 errors, 0 warnings\n"
        )
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
            "fine.txt: unchecked: Patient declares no Care Connect profile (--profile URL \
             checks one)",
            "data.bin: error: cannot tell JSON from XML: the name does not end in .json or .xml \
             and the content starts with neither '{' nor '<'",
            lines[5],
            "6 files, 5 with errors; 2 resources read, 1 checked against a Care Connect profile \
             (1 does not conform); 5 errors, 0 warnings",
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
             1 file, 1 with errors; 4 resources read, 2 checked against a Care Connect profile \
             (1 does not conform); 2 errors, 0 warnings\n"
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
         1 file, 1 with errors; 0 resources read, 0 checked against a Care Connect profile; \
         1 error, 0 warnings\n"
    );
    assert_eq!(strict.code, Some(1));
    let lenient = careconnect(&dir, &["check", "--lenient", "p.json"]);
    assert_eq!(
        lenient.stdout,
        "p.json: warning: Patient: unknown element 'colour'; skipped (line 1, column 27)\n\
         p.json: unchecked: Patient declares no Care Connect profile (--profile URL checks one)\n\
         1 file, 0 with errors; 1 resource read, 0 checked against a Care Connect profile; \
         0 errors, 1 warning\n"
    );
    assert_eq!(lenient.code, Some(0));
}

#[test]
fn profiles_that_are_not_careconnect_are_counted_and_listed_only_when_verbose() {
    let dir = scratch("check-other-profiles");
    write(
        &dir,
        "b.json",
        r#"{"resourceType":"Bundle","type":"collection","meta":{"profile":["http://example.org/b"]},
           "entry":[{"resource":{"resourceType":"Patient","meta":{"profile":["http://example.org/p"]}}},
                    {"resource":{"resourceType":"Patient","meta":{"profile":["http://example.org/p"]}}}]}"#,
    );
    let unchecked = "b.json: unchecked: Bundle of 2 entries: none of its 3 resources declares a \
                     Care Connect profile (--profile URL checks one)\n";
    let summary = "1 file, 0 with errors; 3 resources read, 0 checked against a Care Connect \
                   profile; 0 errors, 0 warnings\n";
    let run = careconnect(&dir, &["check", "b.json"]);
    assert_eq!(
        run.stdout,
        format!(
            "{unchecked}{summary}not checked: 3 declarations of 2 profiles that are not Care \
             Connect (--verbose lists them)\n"
        )
    );
    assert_eq!(run.code, Some(0));
    let run = careconnect(&dir, &["check", "--verbose", "b.json"]);
    assert_eq!(
        run.stdout,
        format!(
            "b.json: note: http://example.org/b (declared by one resource) is not an HL7 UK Care \
             Connect profile; not checked\n\
             b.json: note: http://example.org/p (declared by 2 resources) is not an HL7 UK Care \
             Connect profile; not checked\n\
             {unchecked}{summary}"
        )
    );
    let run = careconnect(&dir, &["check", "-q", "b.json"]);
    assert_eq!((run.stdout.as_str(), run.code), (summary, Some(0)));
}

#[test]
fn quiet_prints_only_errors_and_the_summary() {
    let dir = scratch("check-quiet");
    example(&dir, "careconnect-examples", "ITK-EDIS-TEST-038.xml");
    example(&dir, "careconnect-examples", "ITK-EDIS-Example-1.xml");
    write(
        &dir,
        "p.json",
        r#"{"resourceType":"Patient","colour":"blue"}"#,
    );
    let run = careconnect(
        &dir,
        &[
            "check",
            "--quiet",
            "--lenient",
            "ITK-EDIS-TEST-038.xml",
            "ITK-EDIS-Example-1.xml",
            "p.json",
        ],
    );
    assert_eq!(
        run.stdout,
        format!(
            "ITK-EDIS-TEST-038.xml: error: Bundle.entry[2].resource: Patient.name:official: \
             required by the profile but absent (profile {PATIENT_1})\n\
             3 files, 1 with errors; 53 resources read, 24 checked against a Care Connect \
             profile (1 does not conform); 1 error, 1 warning\n"
        )
    );
    assert_eq!((run.code, run.stderr.as_str()), (Some(1), ""));
    let run = careconnect(&dir, &["check", "--quiet", "--verbose", "p.json"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
}

/// The NHS example whose codings name their systems without `/CodeSystem/`: each
/// violation shows the coding found and the system the value set has the code under.
#[test]
fn value_set_violations_show_the_coding_found() {
    let dir = scratch("check-value-set");
    let name = "edischarge_full_payload_example-01.xml";
    example(&dir, "careconnect-examples", name);
    let run = careconnect(&dir, &["check", name]);
    let ethnic = "CareConnect-EthnicCategory-1";
    let expected = format!(
        "{name}: error: Bundle.entry[25].resource: Patient.extension[0].valueCodeableConcept: \
         no coding from the required value set https://fhir.hl7.org.uk/STU3/ValueSet/{ethnic}; \
         found 'https://fhir.hl7.org.uk/STU3/{ethnic}|A' (the value set has 'A' under system \
         https://fhir.hl7.org.uk/STU3/CodeSystem/{ethnic}) (profile {PATIENT_1})"
    );
    assert!(run.stdout.lines().any(|l| l == expected), "{}", run.stdout);
    assert_eq!(
        run.stdout
            .lines()
            .filter(|l| l.contains("(the value set has '"))
            .count(),
        8
    );
    assert_eq!(run.code, Some(1));
}

#[test]
fn a_profile_given_is_checked_on_every_resource_of_its_type() {
    let dir = scratch("check-profile");
    let named = r#"{"resourceType":"Patient","name":[{"use":"official","family":"Smith"}]}"#;
    write(&dir, "named.json", named);
    write(&dir, "unnamed.json", r#"{"resourceType":"Patient"}"#);
    write(
        &dir,
        "org.json",
        r#"{"resourceType":"Organization","name":"A"}"#,
    );
    write(
        &dir,
        "bundle.json",
        format!(
            r#"{{"resourceType":"Bundle","type":"collection","entry":[
              {{"resource":{named}}},{{"resource":{{"resourceType":"Organization"}}}}]}}"#
        ),
    );
    // By canonical URL (with a version) and by name.
    for profile in [format!("{PATIENT_1}|1.0.0"), "careconnect-patient-1".into()] {
        let run = careconnect(
            &dir,
            &[
                "check",
                "--profile",
                &profile,
                "named.json",
                "unnamed.json",
                "org.json",
                "bundle.json",
            ],
        );
        assert_eq!(
            run.stdout,
            format!(
                "named.json: ok: Patient conforms to CareConnect-Patient-1\n\
                 unnamed.json: error: Patient.name:official: required by the profile but absent \
                 (profile {PATIENT_1})\n\
                 org.json: error: --profile {PATIENT_1} fits none of the 1 resource read \
                 (Organization): none is of the type it profiles\n\
                 bundle.json: ok: Bundle of 2 entries: 1 of its 3 resources checked against Care \
                 Connect profiles (CareConnect-Patient-1), all conform\n\
                 4 files, 2 with errors; 6 resources read, 3 checked against a Care Connect \
                 profile (1 does not conform); 2 errors, 0 warnings\n"
            ),
            "--profile {profile}"
        );
        assert_eq!(run.code, Some(1));
    }
}

#[test]
fn an_unknown_profile_is_a_usage_error_with_close_matches() {
    let dir = scratch("check-profile-unknown");
    let wrong = "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Organisation-1";
    let run = careconnect(&dir, &["check", "--profile", wrong, "x.json"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.starts_with(&format!(
            "error: invalid value '{wrong}' for '--profile <URL>': not a Care Connect resource \
             profile this tool knows (it knows "
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "; close matches:\n  \
             https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Organization-1\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn usage_errors_exit_two() {
    let dir = scratch("check-usage");
    let run = careconnect(&dir, &["check"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stderr,
        "error: the following required arguments were not provided:\n  <FILE>...\n\n\
         Usage: careconnect check <FILE>...\n\n\
         For more information, try '--help'.\n"
    );
    let run = careconnect(&dir, &["check", "--strict", "x.json"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .starts_with("error: unexpected argument '--strict' found\n"),
        "{}",
        run.stderr
    );
}
