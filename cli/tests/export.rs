//! `careconnect export`: NDJSON into Parquet per Care Connect profile and per resource type,
//! every resource read back from the files equal to its line, failures written beside.

mod common;

use std::collections::BTreeMap;

use careconnect_models::careconnect::ProfiledResource;
use careconnect_models::rt::FhirJson;
use careconnect_models::stu3::Resource;
use common::{careconnect, read, scratch, spec_examples_as_lines, write};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

/// The batches of a Parquet file.
fn batches(path: &std::path::Path) -> Vec<arrow_array::RecordBatch> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .build()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .map(|b| b.unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .collect()
}

/// The Care Connect examples (JSON), one line each.
fn careconnect_lines() -> Vec<String> {
    let root = careconnect_tests::examples_dir().join("careconnect");
    let mut lines = Vec::new();
    for folder in ["careconnect-examples", "fhir-stu3-core-ig"] {
        for (name, bytes) in careconnect_tests::json_files(&root.join(folder)) {
            let json = careconnect_tests::parse_json(&bytes)
                .unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
            lines.push(json.to_json_text());
        }
    }
    lines
}

#[test]
fn every_resource_lands_in_one_table_per_profile_or_its_type_and_reads_back_equal() {
    let dir = scratch("export-all");
    let mut lines: Vec<String> = careconnect_lines();
    lines.extend(spec_examples_as_lines().into_iter().map(|(_, l)| l));
    write(&dir, "in.ndjson", lines.join("\n") + "\n");
    let run = careconnect(
        &dir,
        &["export", "in.ndjson", "--out", "out", "--batch-rows", "7"],
    );
    assert!(
        run.stdout.starts_with(&format!("lines {}", lines.len())),
        "{}",
        run.stdout
    );

    // What each line should give: the resource, and the profile tables it goes to.
    let mut expected_base: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut expected_profiles: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut read_errors = 0;
    let mut broken = 0;
    for line in &lines {
        let Ok(r) = Resource::from_json(line) else {
            read_errors += 1;
            continue;
        };
        let json = r.to_json();
        let declared: Vec<&str> = r
            .meta()
            .map(|m| {
                m.profile
                    .iter()
                    .filter_map(|p| p.value.as_deref())
                    .collect()
            })
            .unwrap_or_default();
        let mut conforms = false;
        for (i, url) in ProfiledResource::URLS.iter().enumerate() {
            if !declared.contains(url) {
                continue;
            }
            match ProfiledResource::from_resource(url, r.clone()) {
                Some(Ok(_)) => {
                    conforms = true;
                    let name = careconnect_arrow::careconnect::TYPES[i].to_string();
                    expected_profiles
                        .entry(name)
                        .or_default()
                        .push(json.clone());
                }
                Some(Err(_)) | None => broken += 1,
            }
        }
        if !conforms {
            expected_base
                .entry(r.resource_type().to_string())
                .or_default()
                .push(json);
        }
    }
    assert!(read_errors > 0 && !expected_profiles.is_empty() && !expected_base.is_empty());

    // The failures file has one line per read error and per broken profile.
    let failures = String::from_utf8(read(&dir.join("out"), "failures.ndjson"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(failures.lines().count(), read_errors + broken, "{failures}");
    for f in failures.lines() {
        assert!(f.starts_with(r#"{"file":"in.ndjson","line":"#), "{f}");
    }
    assert_eq!(run.code, Some(if read_errors + broken > 0 { 1 } else { 0 }));

    // Every table's file reads back as the resources that went to it, in line order.
    let out = dir.join("out");
    let mut files = 0;
    for (name, jsons) in &expected_base {
        let table = careconnect_arrow::stu3::table(name).unwrap_or_else(|| panic!("{name}"));
        let mut got = Vec::new();
        for b in batches(&out.join(format!("{name}.parquet"))) {
            got.extend(table.read(&b).unwrap_or_else(|e| panic!("{name}: {e}")));
        }
        let got: Vec<String> = got.iter().map(FhirJson::to_json).collect();
        assert_eq!(&got, jsons, "{name}");
        files += 1;
    }
    for (name, jsons) in &expected_profiles {
        let table = careconnect_arrow::careconnect::table(name).unwrap_or_else(|| panic!("{name}"));
        let mut got = Vec::new();
        for b in batches(&out.join(format!("{name}.parquet"))) {
            got.extend(table.read(&b).unwrap_or_else(|e| panic!("{name}: {e}")));
        }
        let got: Vec<String> = got
            .into_iter()
            .map(|p| p.into_resource().to_json())
            .collect();
        assert_eq!(&got, jsons, "{name}");
        files += 1;
    }
    let parquet = std::fs::read_dir(&out)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "parquet"))
        })
        .count();
    assert_eq!(parquet, files, "no file beyond the tables that got rows");
}

#[test]
fn a_broken_profile_is_written_down_and_the_resource_kept_in_its_type_table() {
    let dir = scratch("export-broken");
    // A Patient that declares Care Connect Patient but has no name: the profile requires
    // an official one.
    let line = r#"{"resourceType":"Patient","id":"p1","meta":{"profile":["https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1"]},"gender":"female"}"#;
    write(&dir, "in.ndjson", format!("{line}\n"));
    let run = careconnect(&dir, &["export", "in.ndjson", "--out", "out"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    let failures = String::from_utf8(read(&dir.join("out"), "failures.ndjson"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        failures.starts_with(r#"{"file":"in.ndjson","line":1,"resourceType":"Patient","profile":"https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1","violations":[{"path":"#),
        "{failures}"
    );
    let table = careconnect_arrow::stu3::table("Patient").unwrap_or_else(|| panic!("Patient"));
    let got: Vec<String> = batches(&dir.join("out").join("Patient.parquet"))
        .iter()
        .flat_map(|b| table.read(b).unwrap_or_else(|e| panic!("{e}")))
        .map(|r| r.to_json())
        .collect();
    assert_eq!(got, vec![line.to_string()]);
}

#[test]
fn existing_output_is_kept_unless_forced_and_bad_inputs_are_named() {
    let dir = scratch("export-force");
    write(
        &dir,
        "in.ndjson",
        "{\"resourceType\":\"Basic\",\"code\":{\"text\":\"x\"}}\n",
    );
    let first = careconnect(&dir, &["export", "in.ndjson", "--out", "out"]);
    assert_eq!(first.code, Some(0), "{first:?}");
    let again = careconnect(&dir, &["export", "in.ndjson", "--out", "out"]);
    assert_eq!(again.code, Some(1));
    assert!(
        again.stderr.contains("exists; give --force"),
        "{}",
        again.stderr
    );
    let forced = careconnect(&dir, &["export", "in.ndjson", "--out", "out", "--force"]);
    assert_eq!(forced.code, Some(0), "{forced:?}");
    let missing = careconnect(&dir, &["export", "nothing.ndjson", "--out", "out2"]);
    assert_eq!(missing.code, Some(1));
    assert!(
        missing.stderr.contains("nothing.ndjson"),
        "{}",
        missing.stderr
    );
    // A folder is read file by file.
    std::fs::create_dir_all(dir.join("folder")).unwrap_or_else(|e| panic!("{e}"));
    write(
        &dir.join("folder"),
        "a.ndjson",
        "{\"resourceType\":\"Basic\",\"code\":{\"text\":\"a\"}}\n",
    );
    write(
        &dir.join("folder"),
        "b.ndjson",
        "{\"resourceType\":\"Basic\",\"code\":{\"text\":\"b\"}}\n",
    );
    write(&dir.join("folder"), "notes.txt", "not read");
    let folder = careconnect(&dir, &["export", "folder", "--out", "out3"]);
    assert_eq!(folder.code, Some(0), "{folder:?}");
    assert!(
        folder
            .stdout
            .starts_with("lines 2, resources 2, failures 0"),
        "{}",
        folder.stdout
    );
}
