//! The `diff` classification checked by the compiler, on the 2018-10 → current pair.
//!
//! The models are generated from the 2018-10 release into a copy of the two model crates;
//! `diff::usage_crate` writes one function per API-breaking change that uses the old API
//! the way the change breaks it. That crate must compile against the old models, and each
//! of its functions must fail against the new ones (the real workspace crates): a function
//! that compiles is a change reported as breaking that breaks nothing.
//!
//! Errors are attributed to functions by line; functions with errors are removed and the
//! crate checked again until it compiles, so that an error hiding another cannot make a
//! function look broken or whole.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use careconnect_codegen::diff::{self, Api, Side};
use careconnect_codegen::{Config, workspace_root};

fn config() -> Config {
    Config::workspace()
        .with_definitions_root(std::env::var_os(careconnect_codegen::load::DEFINITIONS_ENV))
}

fn old_sources() -> PathBuf {
    workspace_root().join("definitions/versions/careconnect-2018-10/sources.toml")
}

/// Copies a crate folder (without `target`).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{e}")) {
        let entry = entry.unwrap_or_else(|e| panic!("{e}"));
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

/// Writes a workspace at `root` holding the two model crates (generated from the old
/// release) and the usage crate.
fn old_workspace(root: &Path) {
    let ws = workspace_root();
    if root.exists() {
        std::fs::remove_dir_all(root).unwrap_or_else(|e| panic!("{e}"));
    }
    for krate in ["careconnect-stu3", "careconnect-models"] {
        copy_dir(&ws.join(krate), &root.join(krate));
    }
    // The models' tests use the derive crate; the copy needs neither.
    let manifest = root.join("careconnect-models/Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap_or_else(|e| panic!("{e}"));
    let mut kept = String::new();
    let mut skipping = false;
    for line in text.lines() {
        if line.starts_with('[') {
            skipping = line == "[dev-dependencies]";
        }
        if !skipping {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    std::fs::write(&manifest, kept).unwrap_or_else(|e| panic!("{e}"));
    let cargo = std::fs::read_to_string(ws.join("Cargo.toml")).unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::new();
    for line in cargo.lines() {
        if line.starts_with("members") {
            out.push_str("members = [\"careconnect-stu3\", \"careconnect-models\", \"usage\"]\n");
        } else if !line.starts_with("default-members") {
            out.push_str(line);
            out.push('\n');
        }
    }
    std::fs::write(root.join("Cargo.toml"), out).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(ws.join("Cargo.lock"), root.join("Cargo.lock")).unwrap_or_else(|e| panic!("{e}"));
    let mut config = config();
    config.sources = old_sources();
    config.out_dir = root.to_path_buf();
    config
        .compile()
        .unwrap_or_else(|e| panic!("generating the 2018-10 models: {e}"));
}

fn usage_manifest(models: &Path, own_workspace: bool) -> String {
    format!(
        "[package]\nname = \"usage\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\ncareconnect-models = {{ path = {:?} }}\n{}",
        models.display().to_string(),
        if own_workspace { "\n[workspace]\n" } else { "" }
    )
}

/// `cargo check` of the crate at `dir`; the lines of `src/lib.rs` with an error.
fn error_lines(dir: &Path, target: &Path) -> BTreeSet<usize> {
    let output = Command::new(env!("CARGO"))
        .args([
            "check",
            "--quiet",
            "--message-format=json",
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let mut lines = BTreeSet::new();
    let mut errors = 0;
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let m = &message["message"];
        if message["reason"] != "compiler-message" || m["level"] != "error" {
            continue;
        }
        errors += 1;
        for span in m["spans"].as_array().into_iter().flatten() {
            let ours = span["file_name"]
                .as_str()
                .is_some_and(|f| f.ends_with("lib.rs"));
            if let (true, Some(n)) = (ours, span["line_start"].as_u64()) {
                lines.insert(usize::try_from(n).unwrap_or(usize::MAX));
            }
        }
    }
    assert!(
        output.status.success() || errors > 0,
        "cargo check failed without compiler errors:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    lines
}

#[test]
fn every_api_breaking_change_breaks_a_use_of_the_old_api() {
    let mut old_config = config();
    old_config.sources = old_sources();
    let old_layer = careconnect_codegen::lower_only(&old_config).unwrap_or_else(|e| panic!("{e}"));
    let new_layer = careconnect_codegen::lower_only(&config()).unwrap_or_else(|e| panic!("{e}"));
    let changes = diff::compare(
        &Side::models(&old_layer.profiles),
        &Side::models(&new_layer.profiles),
    );
    let breaking: Vec<usize> = (0..changes.len())
        .filter(|&i| changes[i].api == Api::Breaking)
        .collect();
    let without_use: Vec<String> = breaking
        .iter()
        .filter(|&&i| changes[i].usage.is_none())
        .map(|&i| format!("{:?} {}", changes[i].kind, changes[i].item))
        .collect();
    assert!(
        without_use.is_empty(),
        "API-breaking changes with no use to check: {without_use:#?}"
    );

    let root = workspace_root().join("target/diff-check");
    let target = root.join("target");
    let old = root.join("old");
    old_workspace(&old);
    let (mut source, spans) = diff::usage_crate(&changes);
    let write = |dir: &Path, manifest: String, source: &str| {
        std::fs::create_dir_all(dir.join("src")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.join("Cargo.toml"), manifest).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.join("src/lib.rs"), source).unwrap_or_else(|e| panic!("{e}"));
    };
    let old_usage = old.join("usage");
    write(
        &old_usage,
        usage_manifest(&old.join("careconnect-models"), false),
        &source,
    );
    let on_old = error_lines(&old_usage, &target);
    assert!(
        on_old.is_empty(),
        "the uses of the old API do not compile against the old models (lines {on_old:?}); \
         see {}",
        old_usage.join("src/lib.rs").display()
    );

    let new_usage = root.join("new-usage");
    let models = workspace_root().join("careconnect-models");
    let mut broken = BTreeSet::new();
    loop {
        write(&new_usage, usage_manifest(&models, true), &source);
        let lines = error_lines(&new_usage, &target);
        let now: BTreeSet<usize> = spans
            .iter()
            .filter(|(i, first, last)| {
                !broken.contains(i) && lines.iter().any(|l| (first..=last).contains(&l))
            })
            .map(|(i, _, _)| *i)
            .collect();
        if now.is_empty() {
            assert!(
                lines.is_empty(),
                "errors outside the change functions: lines {lines:?}"
            );
            break;
        }
        broken.extend(now);
        // Drop the broken functions (their lines become blank, so the spans stay right).
        source = source
            .lines()
            .enumerate()
            .map(|(n, line)| {
                let inside = spans.iter().any(|(i, first, last)| {
                    broken.contains(i) && (*first..=*last).contains(&(n + 1))
                });
                if inside { "" } else { line }
            })
            .collect::<Vec<_>>()
            .join("\n");
    }
    let unbroken: Vec<String> = spans
        .iter()
        .filter(|(i, _, _)| !broken.contains(i))
        .map(|(i, _, _)| {
            format!(
                "{:?} {} {:?}",
                changes[*i].kind, changes[*i].item, changes[*i].element
            )
        })
        .collect();
    eprintln!(
        "compiler cross-check: {} API-breaking changes, {} uses written, {} break against the new \
         models",
        breaking.len(),
        spans.len(),
        broken.len()
    );
    assert!(
        unbroken.is_empty(),
        "changes reported as API-breaking whose use still compiles: {unbroken:#?}"
    );
}
