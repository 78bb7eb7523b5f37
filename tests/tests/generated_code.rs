//! The committed generated code equals what the generator produces from the definitions.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use careconnect_codegen::run;
use careconnect_codegen::write::{Difference, compare_trees, write_all};
use careconnect_tests::codegen_config;

const FIX: &str = "cargo run -p careconnect-codegen --release -- generate";

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "careconnect-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Regenerates everything into a temporary directory.
fn regenerate() -> TempDir {
    let config = codegen_config();
    let generated = run(&config).unwrap_or_else(|e| panic!("generator failed: {e}"));
    let out = TempDir::new("generated");
    write_all(&out.0, &generated.files, &config.owned_dirs()).expect("write generated files");
    out
}

#[test]
fn committed_facts_file_is_up_to_date() {
    let config = codegen_config();
    let generated = run(&config).unwrap_or_else(|e| panic!("generator failed: {e}"));
    let owned = config.owned_dirs();
    let outside: Vec<_> = generated
        .files
        .iter()
        .filter(|f| !owned.iter().any(|d| f.path.starts_with(&format!("{d}/"))))
        .collect();
    // The facts file of careconnect-models, which build scripts read.
    assert_eq!(
        outside.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
        vec![careconnect_codegen::facts::FACTS_FILE]
    );
    for f in outside {
        let committed = std::fs::read_to_string(config.out_dir.join(&f.path)).unwrap_or_default();
        assert!(
            committed == f.contents,
            "{} is stale; run `{FIX}` and commit the result",
            f.path
        );
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read dir") {
        let path = entry.expect("dir entry").path();
        let target = to.join(path.file_name().expect("file name"));
        if path.is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

#[test]
fn committed_generated_code_is_up_to_date() {
    let fresh = regenerate();
    let config = codegen_config();
    let differences =
        compare_trees(&fresh.0, &config.out_dir, &config.owned_dirs()).expect("compare");
    assert!(
        differences.is_empty(),
        "the committed generated code is stale; run `{FIX}` and commit the result:\n{}",
        differences
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn staleness_check_catches_hand_edits_and_stray_files() {
    let fresh = regenerate();
    let config = codegen_config();
    let owned = config.owned_dirs();
    let edited = TempDir::new("edited");
    for dir in &owned {
        std::fs::create_dir_all(edited.0.join(dir)).expect("mkdir");
        copy_tree(&fresh.0.join(dir), &edited.0.join(dir));
    }
    assert_eq!(
        compare_trees(&fresh.0, &edited.0, &owned).expect("compare"),
        vec![]
    );

    let patient = edited.0.join("careconnect-stu3/src/stu3/patient.rs");
    let text = std::fs::read_to_string(&patient).expect("read patient.rs");
    std::fs::write(&patient, text.replacen("pub active", "pub is_active", 1)).expect("edit");
    std::fs::remove_file(edited.0.join("careconnect-stu3/src/stu3/account.rs")).expect("remove");
    std::fs::write(
        edited.0.join("careconnect-stu3/src/stu3/stray.rs"),
        "// not generated\n",
    )
    .expect("add");

    let differences = compare_trees(&fresh.0, &edited.0, &owned).expect("compare");
    assert_eq!(
        differences,
        vec![
            Difference::Missing("careconnect-stu3/src/stu3/account.rs".into()),
            Difference::Changed("careconnect-stu3/src/stu3/patient.rs".into()),
            Difference::Extra("careconnect-stu3/src/stu3/stray.rs".into()),
        ]
    );
}

#[test]
fn generating_twice_writes_nothing_the_second_time() {
    let config = codegen_config();
    let generated = run(&config).expect("generator");
    let out = TempDir::new("twice");
    let first = write_all(&out.0, &generated.files, &config.owned_dirs()).expect("first write");
    assert_eq!(first.written, generated.files.len());
    let second = write_all(&out.0, &generated.files, &config.owned_dirs()).expect("second write");
    assert_eq!((second.written, second.removed), (0, 0));
    assert_eq!(second.unchanged, generated.files.len());
}
