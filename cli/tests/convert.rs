//! `careconnect convert`: JSON → XML → JSON gives back the input as FHIR content.

mod common;

use common::{careconnect, read, scratch, write};

#[test]
fn spec_examples_convert_to_xml_and_back_unchanged() {
    let dir = scratch("convert-round-trip");
    let examples =
        careconnect_tests::json_files(&careconnect_tests::examples_dir().join("fhir-stu3-spec"));
    assert_eq!(examples.len(), 653);
    // Every tenth example (66 of them, two runs each): this tests the command's plumbing;
    // the XML writer and reader are tested on the whole corpus in the tests crate.
    let mut converted = 0;
    for (name, bytes) in examples.iter().step_by(10) {
        if careconnect_tests::SPEC_NOT_VALID_STU3
            .iter()
            .any(|(file, _, _)| file == name)
        {
            continue;
        }
        write(&dir, name, bytes);
        let xml = name.replace(".json", ".xml");
        let back = name.replace(".json", ".back.json");
        let run = careconnect(&dir, &["convert", name, &xml]);
        assert_eq!(
            (run.code, run.stderr.as_str()),
            (Some(0), ""),
            "{name} to XML"
        );
        assert!(read(&dir, &xml).starts_with(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<"));
        let run = careconnect(&dir, &["convert", &xml, &back, "--pretty"]);
        assert_eq!(
            (run.code, run.stderr.as_str()),
            (Some(0), ""),
            "{xml} to JSON"
        );
        if let Err(e) = careconnect_tests::json_equal(bytes, &read(&dir, &back)) {
            panic!("{name}: JSON → XML → JSON changed it: {e}");
        }
        converted += 1;
    }
    assert_eq!(converted, 66);
}

#[test]
fn to_writes_to_stdout_compact_or_pretty() {
    let dir = scratch("convert-stdout");
    write(
        &dir,
        "p.xml",
        "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"x\"/><active value=\"true\"/></Patient>",
    );
    let run = careconnect(&dir, &["convert", "p.xml", "--to", "json"]);
    assert_eq!(
        run.stdout,
        "{\"resourceType\":\"Patient\",\"id\":\"x\",\"active\":true}\n"
    );
    assert_eq!(run.code, Some(0));
    let run = careconnect(&dir, &["convert", "p.xml", "--to=json", "--pretty"]);
    assert_eq!(
        run.stdout,
        "{\n  \"resourceType\": \"Patient\",\n  \"id\": \"x\",\n  \"active\": true\n}\n"
    );
    let run = careconnect(&dir, &["convert", "p.xml", "--to", "xml"]);
    assert_eq!(
        run.stdout,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <Patient xmlns=\"http://hl7.org/fhir\"><id value=\"x\"/><active value=\"true\"/></Patient>\n"
    );
    // --to wins over an extension it cannot read.
    let run = careconnect(&dir, &["convert", "p.xml", "p.out", "--to", "json"]);
    assert_eq!(run.code, Some(0));
    assert_eq!(
        read(&dir, "p.out"),
        b"{\"resourceType\":\"Patient\",\"id\":\"x\",\"active\":true}\n"
    );
}

#[test]
fn bad_input_and_usage_errors() {
    let dir = scratch("convert-errors");
    write(
        &dir,
        "bad.json",
        r#"{"resourceType":"Patient","active":"yes"}"#,
    );
    let run = careconnect(&dir, &["convert", "bad.json", "out.xml"]);
    assert_eq!(
        run.stderr,
        "bad.json: error: Patient.active: expected a boolean, found a string (line 1, column 36)\n"
    );
    assert_eq!(run.code, Some(1));
    assert!(
        !dir.join("out.xml").exists(),
        "nothing is written for bad input"
    );

    for (args, message) in [
        (
            &["convert"][..],
            "error: the following required arguments were not provided:\n  <IN>\n",
        ),
        (
            &["convert", "bad.json"],
            "error: give OUT or --to json|xml\n",
        ),
        (
            &["convert", "bad.json", "out.txt"],
            "error: cannot tell the output format from 'out.txt': give --to json or --to xml\n",
        ),
        (
            &["convert", "bad.json", "--to", "yaml"],
            "error: invalid value 'yaml' for '--to <FORMAT>'\n  [possible values: json, xml]\n",
        ),
        (
            &["convert", "a", "b", "c"],
            "error: unexpected argument 'c' found\n",
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
    }
}

#[test]
fn an_existing_output_is_replaced_only_with_force() {
    let dir = scratch("convert-force");
    write(
        &dir,
        "p.xml",
        "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"x\"/></Patient>",
    );
    write(&dir, "p.json", "keep me");
    let run = careconnect(&dir, &["convert", "p.xml", "p.json"]);
    assert_eq!(
        (run.code, run.stderr.as_str(), run.stdout.as_str()),
        (
            Some(1),
            "careconnect: convert: p.json exists; give --force to replace it\n",
            ""
        )
    );
    assert_eq!(
        read(&dir, "p.json"),
        b"keep me",
        "the file is left as it was"
    );
    let run = careconnect(&dir, &["convert", "p.xml", "p.json", "--force"]);
    assert_eq!((run.code, run.stderr.as_str()), (Some(0), ""));
    assert_eq!(
        read(&dir, "p.json"),
        b"{\"resourceType\":\"Patient\",\"id\":\"x\"}\n"
    );
    // A new file needs no --force, and --force with no file to replace is fine.
    let run = careconnect(&dir, &["convert", "p.json", "new.xml"]);
    assert_eq!((run.code, run.stderr.as_str()), (Some(0), ""));
    let run = careconnect(&dir, &["convert", "p.json", "newer.xml", "--force"]);
    assert_eq!((run.code, run.stderr.as_str()), (Some(0), ""));
    assert_eq!(read(&dir, "new.xml"), read(&dir, "newer.xml"));
    // Converting a file onto itself is replacing it.
    let run = careconnect(&dir, &["convert", "p.json", "p.json"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("give --force"), "{}", run.stderr);
}
