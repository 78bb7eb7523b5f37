//! Running the built `careconnect` binary on files in a scratch folder.

#![allow(dead_code)] // each test file uses its own part of this module

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The outcome of one run: exit code, stdout, stderr.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Runs `careconnect` with `args` in `dir`; stdin is empty, stdout and stderr are pipes
/// (so never a terminal).
pub fn careconnect(dir: &Path, args: &[&str]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_careconnect"))
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run careconnect {args:?}: {e}"))
        .into()
}

/// A fresh, empty scratch folder for one test, under cargo's temporary folder for
/// integration tests (inside `target/`).
pub fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("careconnect-cli")
        .join(test);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot clear {}: {e}", dir.display()));
    }
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

pub fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) {
    let path = dir.join(name);
    std::fs::write(&path, content)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

pub fn read(dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The official STU3 JSON examples, sorted by name, each compacted to one line with the
/// reader that keeps number text (keys come out sorted; `resourceType` may stand
/// anywhere).
pub fn spec_examples_as_lines() -> Vec<(String, String)> {
    let dir = careconnect_tests::examples_dir().join("fhir-stu3-spec");
    let files = careconnect_tests::json_files(&dir);
    assert_eq!(files.len(), 653, "653 JSON examples in {}", dir.display());
    files
        .into_iter()
        .map(|(name, bytes)| {
            let json = careconnect_tests::parse_json(&bytes)
                .unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
            (name, json.to_json_text())
        })
        .collect()
}
