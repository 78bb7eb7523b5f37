//! Any package must generate code that compiles.
//!
//! The real packages are generated together with
//! - `definitions/fixtures/tightening/`: profiles that tighten every kind of element (a
//!   boxed optional complex element made required, a backbone element made single and
//!   required, a choice made required and narrowed, a primitive with extension slices made
//!   required, a content reference limited, repeating elements made single, references
//!   made required and typed, a resource profile given as a Reference's `profile`);
//! - `nhs-derived-dev` from the definitions root: a user's package of NHS programme
//!   profiles built on Care Connect;
//!
//! and the profile layer they produce is compiled, in a scratch copy of `careconnect-models`
//! (its runtime, and the generated profile layer in place of the committed one) under
//! `target/package-compile`, against this workspace's `careconnect-stu3`.

use std::path::{Path, PathBuf};
use std::process::Command;

use careconnect_codegen::build;
use careconnect_tests::{
    add_package, changed_files, codegen_config, real_packages, workspace_root,
};

const TIGHTENING: &str = "tightening";
const NHS_DERIVED: &str = "nhs-derived-dev";

/// Writes `contents` to `path`, creating its folder, unless it holds them already (so that
/// cargo does not rebuild what did not change).
fn write(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return;
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    }
    std::fs::write(path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn copy(from: &Path, to: &Path) {
    let text = std::fs::read_to_string(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    write(to, &text);
}

/// A crate with `careconnect-models`' runtime and the profile layer in `files` (path and
/// contents, relative to the profile folder); returns its folder.
fn scratch_models(files: &[(String, &str)]) -> PathBuf {
    let root = workspace_root();
    let dir = root.join("target").join("package-compile").join("models");
    let src = dir.join("src");
    // The generated folder is rewritten whole: a file of an earlier run must not linger.
    let generated = src.join("careconnect");
    let _ = std::fs::remove_dir_all(&generated);
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"careconnect-models-scratch\"\nversion = \"0.0.0\"\n\
             edition = \"2024\"\npublish = false\n\n[features]\nderive = []\n\n[dependencies]\n\
             careconnect-stu3 = {{ path = {:?} }}\n\n[workspace]\n",
            root.join("careconnect-stu3")
        ),
    );
    let models = root.join("careconnect-models").join("src");
    copy(&models.join("lib.rs"), &src.join("lib.rs"));
    copy(
        &models.join("rt").join("plumbing.rs"),
        &src.join("rt").join("plumbing.rs"),
    );
    copy(
        &models.join("rt").join("profile.rs"),
        &src.join("rt").join("profile.rs"),
    );
    copy(
        &models.join("rt").join("derive.rs"),
        &src.join("rt").join("derive.rs"),
    );
    for (path, contents) in files {
        write(&generated.join(path), contents);
    }
    dir
}

#[test]
fn tightening_profiles_and_an_nhs_package_generate_code_that_compiles() {
    let config = codegen_config();
    let mut registry = real_packages();
    let fixture = workspace_root()
        .join("definitions")
        .join("fixtures")
        .join(TIGHTENING);
    let findings = add_package(&mut registry, TIGHTENING, &fixture);
    let own: Vec<String> = findings
        .iter()
        .filter(|d| d.location.file.starts_with(TIGHTENING))
        .map(ToString::to_string)
        .collect();
    assert!(
        own.is_empty(),
        "the fixtures have findings:\n{}",
        own.join("\n")
    );
    let root = config.read_sources().unwrap_or_else(|e| panic!("{e}")).root;
    add_package(&mut registry, NHS_DERIVED, &root.join(NHS_DERIVED));

    let built = build(&registry, &config).unwrap_or_else(|e| panic!("the generator fails: {e}"));
    let tightened: Vec<&str> = built
        .profiles
        .modules()
        .filter(|m| m.package == TIGHTENING)
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(
        tightened.len(),
        5,
        "each tightening profile is a type: {tightened:?}"
    );
    let derived = built
        .profiles
        .modules()
        .filter(|m| m.package == NHS_DERIVED)
        .count();
    assert!(derived >= 20, "only {derived} modules of {NHS_DERIVED}");

    let prefix = format!("{}/", config.profile_dir());
    let files: Vec<(String, &str)> = built
        .files
        .iter()
        .filter_map(|f| {
            f.path
                .strip_prefix(&prefix)
                .map(|p| (p.to_string(), f.contents.as_str()))
        })
        .collect();
    let dir = scratch_models(&files);
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        // With the support of `#[derive(Profiled)]`, which every package gets too.
        .args([
            "build",
            "--offline",
            "--quiet",
            "--message-format",
            "short",
            "--features",
            "derive",
        ])
        .current_dir(&dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace_root()
                .join("target")
                .join("package-compile")
                .join("target"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error")).collect();
    assert!(
        output.status.success(),
        "the generated profile layer of the real packages, {TIGHTENING} and {NHS_DERIVED} does \
         not compile ({} in {}):\n{}",
        errors.len(),
        dir.display(),
        errors.join("\n")
    );
}

#[test]
fn adding_the_nhs_package_leaves_every_care_connect_file_as_it_was() {
    let config = codegen_config();
    let alone = build(&real_packages(), &config).unwrap_or_else(|e| panic!("{e}"));
    let mut registry = real_packages();
    let root = config.read_sources().unwrap_or_else(|e| panic!("{e}")).root;
    add_package(&mut registry, NHS_DERIVED, &root.join(NHS_DERIVED));
    let with = build(&registry, &config).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        with.files.len() > alone.files.len() + 20,
        "{NHS_DERIVED} added only {} files",
        with.files.len() - alone.files.len()
    );
    let changed = changed_files(&alone.files, &with.files);
    assert!(
        changed.is_empty(),
        "adding {NHS_DERIVED} changed files of the earlier packages:\n{}",
        changed.join("\n")
    );
}
