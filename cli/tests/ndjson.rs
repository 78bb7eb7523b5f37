//! `careconnect ndjson`: per-line errors with exact line numbers, reading on after them,
//! output in input order whatever the number of threads, profile checks, the summary.

mod common;

use careconnect_models::rt::FhirJson;
use careconnect_models::stu3::Resource;
use common::{careconnect, read, scratch, spec_examples_as_lines, write};

/// Hand-written lines, one per case; the line number of each is in its comment.
fn bad_file() -> String {
    let long = format!(r#"{{"resourceType":"Patient","id":"{}"}}"#, "x".repeat(300));
    [
        // 1: fine, after a byte order mark, ended by CRLF
        "\u{feff}{\"resourceType\":\"Patient\",\"id\":\"a\"}\r",
        // 2: blank
        "",
        // 3: a code outside the required value set
        r#"{"resourceType":"Patient","id":"b","gender":"nope"}"#,
        // 4: no such resource type
        r#"{"resourceType":"Nope"}"#,
        // 5: fine
        r#"{"resourceType":"Patient","id":"c"}"#,
        // 6: cut short
        r#"{"resourceType":"Patient","#,
        // 7: whitespace only
        "   \t",
        // 8: fine, resourceType last
        r#"{"status":"final","code":{"text":"x"},"id":"d","resourceType":"Observation"}"#,
        // 9: longer than --max-line-bytes 200
        &long,
        // 10: an element STU3 does not define
        r#"{"resourceType":"Patient","id":"e","colour":"blue"}"#,
    ]
    .join("\n")
        // 11: fine, no final line ending
        + "\n{\"resourceType\":\"Patient\",\"id\":\"f\"}"
}

#[test]
fn bad_lines_are_reported_with_their_line_numbers_and_reading_carries_on() {
    let dir = scratch("ndjson-bad-lines");
    let input = bad_file();
    write(&dir, "bad.ndjson", &input);
    for threads in ["1", "2"] {
        let run = careconnect(
            &dir,
            &[
                "ndjson",
                "bad.ndjson",
                "--threads",
                threads,
                "--max-line-bytes",
                "200",
                "--out",
                &format!("out-{threads}.ndjson"),
            ],
        );
        assert_eq!(
            run.stderr,
            "bad.ndjson:3: Patient.gender: code 'nope' is not in the required value set \
             http://hl7.org/fhir/ValueSet/administrative-gender (column 45)\n\
             bad.ndjson:4: 'Nope' is not a FHIR STU3 resource type (column 2)\n\
             bad.ndjson:6: Patient: unexpected end of input (column 27)\n\
             bad.ndjson:9: line of 334 bytes exceeds the limit of 200 bytes\n\
             bad.ndjson:10: Patient: unknown element 'colour' (column 36)\n",
            "{threads} threads; stderr has only the error lines (not a terminal: no progress)"
        );
        let summary = run.stdout.trim_end();
        assert!(
            summary.starts_with(&format!(
                "lines 11, resources ok 4, errors 5, bytes {}, seconds ",
                input.len()
            )),
            "{summary}"
        );
        assert!(
            summary.contains(", MB/s ") && summary.ends_with(", written 4"),
            "{summary}"
        );
        assert_eq!(run.code, Some(1));
        assert_eq!(
            String::from_utf8_lossy(&read(&dir, &format!("out-{threads}.ndjson"))),
            "{\"resourceType\":\"Patient\",\"id\":\"a\"}\n\
             {\"resourceType\":\"Patient\",\"id\":\"c\"}\n\
             {\"resourceType\":\"Observation\",\"id\":\"d\",\"status\":\"final\",\"code\":{\"text\":\"x\"}}\n\
             {\"resourceType\":\"Patient\",\"id\":\"f\"}\n"
        );
    }
}

#[test]
fn lenient_reports_unknown_elements_as_warnings() {
    let dir = scratch("ndjson-lenient");
    write(&dir, "bad.ndjson", bad_file());
    let run = careconnect(
        &dir,
        &[
            "ndjson",
            "bad.ndjson",
            "--lenient",
            "--max-line-bytes",
            "200",
        ],
    );
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 5, "{}", run.stderr);
    assert_eq!(
        lines[4],
        "bad.ndjson:10: warning: Patient: unknown element 'colour'; skipped (column 36)"
    );
    assert!(
        run.stdout
            .starts_with("lines 11, resources ok 5, errors 4, warnings 1, bytes "),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, Some(1));
}

#[test]
fn lenient_reads_resources_without_their_required_elements() {
    let dir = scratch("ndjson-lenient-required");
    write(
        &dir,
        "obs.ndjson",
        "{\"resourceType\":\"Observation\",\"status\":\"final\"}\n",
    );
    let strict = careconnect(&dir, &["ndjson", "obs.ndjson", "--out", "strict.ndjson"]);
    assert_eq!(
        strict.stderr,
        "obs.ndjson:1: Observation: missing required element 'code' (column 1)\n"
    );
    assert_eq!(strict.code, Some(1));
    assert_eq!(read(&dir, "strict.ndjson"), b"");
    let lenient = careconnect(
        &dir,
        &[
            "ndjson",
            "obs.ndjson",
            "--lenient",
            "--out",
            "lenient.ndjson",
        ],
    );
    assert_eq!(
        lenient.stderr,
        "obs.ndjson:1: warning: Observation: missing required element 'code'; left empty \
         (column 1)\n"
    );
    assert_eq!(lenient.code, Some(0));
    assert!(
        lenient
            .stdout
            .starts_with("lines 1, resources ok 1, errors 0, warnings 1, "),
        "{}",
        lenient.stdout
    );
    assert_eq!(
        read(&dir, "lenient.ndjson"),
        b"{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{}}\n"
    );
}

#[test]
fn a_clean_file_exits_zero_and_standard_input_is_read_with_a_dash() {
    let dir = scratch("ndjson-clean");
    let input = "{\"resourceType\":\"Patient\",\"id\":\"a\"}\n\n{\"resourceType\":\"Patient\",\"id\":\"b\"}\n";
    write(&dir, "ok.ndjson", input);
    let run = careconnect(&dir, &["ndjson", "ok.ndjson"]);
    assert_eq!((run.code, run.stderr.as_str()), (Some(0), ""));
    assert!(
        run.stdout
            .starts_with("lines 3, resources ok 2, errors 0, bytes 73, "),
        "{}",
        run.stdout
    );

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_careconnect"))
        .args(["ndjson", "-", "--threads", "2"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("careconnect runs");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin is piped");
        stdin
            .write_all(format!("{input}{{\"resourceType\":\"Patient\",\"active\":1}}\n").as_bytes())
            .expect("write to the child");
    }
    let run = common::Run::from(child.wait_with_output().expect("careconnect ends"));
    assert_eq!(
        run.stderr,
        "-:4: Patient.active: expected a boolean, found a number (column 36)\n"
    );
    assert!(
        run.stdout
            .starts_with("lines 4, resources ok 2, errors 1, bytes 111, "),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, Some(1));
}

const PATIENT_1: &str = "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1";
const ORGANIZATION_1: &str =
    "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Organization-1";

#[test]
fn check_profiles_reports_violations_of_declared_profiles_per_line() {
    let dir = scratch("ndjson-profiles");
    let lines = [
        // 1: declares CareConnect-Patient-1 but has no official name
        format!(r#"{{"resourceType":"Patient","meta":{{"profile":["{PATIENT_1}"]}},"gender":"male"}}"#),
        // 2: declares nothing
        r#"{"resourceType":"Patient","gender":"male"}"#.to_string(),
        // 3: a Bundle whose second entry violates the profile it declares
        format!(
            r#"{{"resourceType":"Bundle","type":"collection","entry":[
                {{"resource":{{"resourceType":"Organization","meta":{{"profile":["{ORGANIZATION_1}"]}},"name":"A"}}}},
                {{"resource":{{"resourceType":"Patient","meta":{{"profile":["{PATIENT_1}"]}}}}}}]}}"#
        )
        .replace('\n', ""),
        // 4: declares a profile that is not Care Connect's
        r#"{"resourceType":"Patient","meta":{"profile":["http://example.org/p"]}}"#.to_string(),
    ];
    write(&dir, "p.ndjson", lines.join("\n"));
    let run = careconnect(&dir, &["ndjson", "p.ndjson", "--check-profiles"]);
    assert_eq!(
        run.stderr,
        format!(
            "p.ndjson:1: Patient.name:official: required by the profile but absent (profile {PATIENT_1})\n\
             p.ndjson:3: Bundle.entry[1].resource: Patient.name:official: required by the profile but absent (profile {PATIENT_1})\n"
        )
    );
    assert!(
        run.stdout.starts_with(
            "lines 4, resources ok 2, errors 2 (read 0, profile 2), other profiles not checked 1, bytes "
        ),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, Some(1));
    // Without the option, the same file is clean.
    let run = careconnect(&dir, &["ndjson", "p.ndjson"]);
    assert_eq!((run.code, run.stderr.as_str()), (Some(0), ""));
}

#[test]
fn spec_examples_come_out_in_input_order_with_one_and_two_threads() {
    let dir = scratch("ndjson-order");
    let examples = spec_examples_as_lines();
    // Twice over: about 8 MB, several chunks per thread.
    let copies = 2;
    let mut input = String::new();
    let mut expected_out = String::new();
    let mut expected_err = Vec::new();
    let mut line = 0;
    for _ in 0..copies {
        for (name, json) in &examples {
            line += 1;
            input.push_str(json);
            input.push('\n');
            match Resource::from_json(json) {
                Ok(r) => {
                    expected_out.push_str(&r.to_json());
                    expected_out.push('\n');
                }
                Err(e) => {
                    let known = careconnect_tests::SPEC_NOT_VALID_STU3
                        .iter()
                        .find(|(file, _, _)| file == name)
                        .unwrap_or_else(|| panic!("{name} fails unexpectedly: {e}"));
                    let start = known.2.strip_prefix("parse: ").unwrap_or(known.2);
                    expected_err.push((line, start));
                }
            }
        }
    }
    assert_eq!(
        expected_err.len(),
        copies * careconnect_tests::SPEC_NOT_VALID_STU3.len()
    );
    write(&dir, "spec.ndjson", &input);
    for threads in ["1", "2", "3"] {
        let out = format!("out-{threads}.ndjson");
        let run = careconnect(
            &dir,
            &["ndjson", "spec.ndjson", "--threads", threads, "--out", &out],
        );
        let errors: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(errors.len(), expected_err.len(), "{}", run.stderr);
        for (got, (line, start)) in errors.iter().zip(&expected_err) {
            assert!(
                got.starts_with(&format!("spec.ndjson:{line}: {start}")),
                "{got} (expected line {line}: {start})"
            );
        }
        let ok = line - expected_err.len();
        assert!(
            run.stdout.starts_with(&format!(
                "lines {line}, resources ok {ok}, errors {}, bytes {}, ",
                expected_err.len(),
                input.len()
            )),
            "{}",
            run.stdout
        );
        assert_eq!(run.code, Some(1));
        let written = read(&dir, &out);
        assert!(
            written == expected_out.as_bytes(),
            "{threads} threads: {out} differs from the input's resources in input order"
        );
    }
}

#[test]
fn usage_errors_exit_two() {
    let dir = scratch("ndjson-usage");
    for (args, message) in [
        (
            &["ndjson"][..],
            "error: the following required arguments were not provided:\n  <FILE>\n",
        ),
        (
            &["ndjson", "a", "b"],
            "error: unexpected argument 'b' found\n",
        ),
        (
            &["ndjson", "a", "--threads", "0"],
            "error: invalid value '0' for '--threads <N>': expected a whole number from 1 up\n",
        ),
        (
            &["ndjson", "a", "--max-line-bytes", "many"],
            "error: invalid value 'many' for '--max-line-bytes <N>': expected a whole number \
             from 1 up\n",
        ),
        (
            &["ndjson", "a", "--threads"],
            "error: a value is required for '--threads <N>' but none was supplied\n",
        ),
        (
            &["ndjson", "a", "--fast"],
            "error: unexpected argument '--fast' found\n",
        ),
    ] {
        let run = careconnect(&dir, args);
        assert_eq!(run.code, Some(2), "{args:?}");
        assert!(run.stderr.starts_with(message), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr
                .ends_with("\nFor more information, try '--help'.\n"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(run.stdout, "");
    }
    write(&dir, "in.ndjson", "{\"resourceType\":\"Patient\"}\n");
    let run = careconnect(&dir, &["ndjson", "in.ndjson", "--out", "./in.ndjson"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.starts_with(
            "error: --out ./in.ndjson is the input file; write the output elsewhere\n\n\
             Usage: careconnect ndjson "
        ),
        "{}",
        run.stderr
    );
    assert_eq!(read(&dir, "in.ndjson"), b"{\"resourceType\":\"Patient\"}\n");
    // An existing output is replaced only with --force.
    write(&dir, "kept.ndjson", "old\n");
    let run = careconnect(&dir, &["ndjson", "in.ndjson", "--out", "kept.ndjson"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stderr,
        "careconnect: ndjson: kept.ndjson exists; give --force to replace it\n"
    );
    assert_eq!(read(&dir, "kept.ndjson"), b"old\n");
    let run = careconnect(
        &dir,
        &["ndjson", "in.ndjson", "--out", "kept.ndjson", "--force"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        read(&dir, "kept.ndjson"),
        b"{\"resourceType\":\"Patient\"}\n"
    );
    let run = careconnect(&dir, &["ndjson", "missing.ndjson"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .starts_with("careconnect: cannot open missing.ndjson: "),
        "{}",
        run.stderr
    );
}
