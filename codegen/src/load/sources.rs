//! `definitions/sources.toml`: where the package folders are and which to read.
//!
//! ```toml
//! # Package folders, relative to `root`. Later packages win URL collisions.
//! root = "../../shared/definitions"     # relative to this file's directory
//! [[package]]
//! name = "fhir-stu3-core"
//! path = "fhir-stu3-core"
//! [[package]]
//! name = "careconnect-stu3"
//! path = "careconnect-stu3"
//! ```
//!
//! The caller may override `root` (absolute, or relative to the current directory); the
//! `careconnect-codegen` command takes the override from the environment variable
//! [`DEFINITIONS_ENV`]. The library itself never reads the environment. The lock file is
//! `sources.lock` beside `sources.toml`.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use super::model::{Package, Sources};
use crate::diag::{Error, Location, Result};

/// The environment variable the command line (and the tests) take a definitions root
/// override from.
pub const DEFINITIONS_ENV: &str = "CARECONNECT_DEFINITIONS";

/// The lock file's name, beside `sources.toml`.
pub const LOCK_FILE_NAME: &str = "sources.lock";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSources {
    root: PathBuf,
    #[serde(default)]
    package: Vec<RawPackage>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPackage {
    name: String,
    path: PathBuf,
}

/// Reads `sources.toml`; `root_override`, when given, replaces its `root` (a relative
/// override is taken relative to the current directory).
///
/// Fails with [`Error::MissingDefinitions`] when the root folder does not exist.
pub fn read_sources(sources_toml: &Path, root_override: Option<&Path>) -> Result<Sources> {
    let text = std::fs::read_to_string(sources_toml).map_err(|e| Error::io(sources_toml, e))?;
    parse_sources(&text, sources_toml, root_override)
}

/// [`read_sources`] on given text.
pub fn parse_sources(
    text: &str,
    sources_toml: &Path,
    root_override: Option<&Path>,
) -> Result<Sources> {
    let raw: RawSources = toml::from_str(text).map_err(|e| {
        Error::input(
            Location::file(sources_toml),
            format!("invalid sources.toml: {e}"),
        )
    })?;
    let base = sources_toml.parent().unwrap_or(Path::new(""));

    let mut errors = Vec::new();
    let mut names = BTreeSet::new();
    for package in &raw.package {
        let location =
            Location::file(sources_toml).with_element(format!("package `{}`", package.name));
        if !names.insert(package.name.as_str()) {
            errors.push(Error::input(location.clone(), "package name is used twice"));
        }
        let is_plain_relative = package
            .path
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
            && package.path.components().next().is_some();
        if !is_plain_relative {
            errors.push(Error::input(
                location,
                format!(
                    "`path` {:?} must be a folder relative to the root, without `..`",
                    package.path
                ),
            ));
        }
    }
    if raw.package.is_empty() {
        errors.push(Error::input(
            Location::file(sources_toml),
            "no [[package]] entries",
        ));
    }
    match errors.len() {
        0 => {}
        1 => return Err(errors.remove(0)),
        _ => return Err(Error::Many(errors)),
    }

    let (root, from_env) = match root_override {
        Some(root) => (root.to_path_buf(), true),
        None => (base.join(&raw.root), false),
    };
    if !root.is_dir() {
        let how = if from_env {
            format!("the definitions root given ({DEFINITIONS_ENV} for the command) points there")
        } else {
            format!("`root` in {} points there", sources_toml.display())
        };
        return Err(Error::MissingDefinitions {
            root,
            hint: format!(
                "{how}. The definitions are not part of the repository: put the `shared` folder beside \
                 the repository checkout (the default root is `<checkout>/../shared/definitions`), or \
                 set {DEFINITIONS_ENV} to the folder that holds the package folders"
            ),
        });
    }
    // Canonical form for readable messages; the folder exists, so this only fails on odd
    // permissions, and then the joined path is as good.
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    Ok(Sources {
        root,
        packages: raw
            .package
            .into_iter()
            .map(|p| Package {
                name: p.name,
                path: p.path,
            })
            .collect(),
        lock_file: base.join(LOCK_FILE_NAME),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"
root = "."
[[package]]
name = "a"
path = "a"
"#;

    #[test]
    fn root_is_relative_to_the_sources_file_and_lock_sits_beside_it() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let sources =
            parse_sources(EXAMPLE, &dir.join("sources.toml"), None).map_err(|e| e.to_string());
        let sources = sources.expect("parses");
        assert_eq!(sources.root, std::fs::canonicalize(dir).expect("exists"));
        assert_eq!(sources.lock_file, dir.join("sources.lock"));
        assert_eq!(
            sources.packages,
            [Package {
                name: "a".into(),
                path: "a".into()
            }]
        );
    }

    #[test]
    fn override_replaces_root() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = EXAMPLE.replace("root = \".\"", "root = \"does-not-exist\"");
        let sources = parse_sources(&text, &dir.join("sources.toml"), Some(&dir.join("src")));
        let sources = sources.map_err(|e| e.to_string()).expect("parses");
        assert_eq!(
            sources.root,
            std::fs::canonicalize(dir.join("src")).expect("exists")
        );
    }

    #[test]
    fn missing_root_says_where_to_put_the_definitions() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = EXAMPLE.replace("root = \".\"", "root = \"does-not-exist\"");
        let err = parse_sources(&text, &dir.join("sources.toml"), None).expect_err("error");
        assert!(matches!(err, Error::MissingDefinitions { .. }));
        let message = err.to_string();
        assert!(
            message.contains("shared") && message.contains(DEFINITIONS_ENV),
            "{message}"
        );
    }

    #[test]
    fn package_path_must_stay_under_the_root() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = EXAMPLE.replace("path = \"a\"", "path = \"../a\"");
        let err = parse_sources(&text, &dir.join("sources.toml"), None).expect_err("error");
        assert!(err.to_string().contains("relative to the root"), "{err}");
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = format!("{EXAMPLE}colour = \"red\"\n");
        let err = parse_sources(&text, &dir.join("sources.toml"), None).expect_err("error");
        assert!(err.to_string().contains("colour"), "{err}");
    }
}
