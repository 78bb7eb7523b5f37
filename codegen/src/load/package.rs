//! A user's profile package as the build-time library reads it: a folder of `*.json` /
//! `*.xml` conformance resources, a FHIR NPM package folder (with `package.json`), or an
//! NPM package tarball (`.tgz`, as `~/.fhir/packages` caches hold them or `npm pack`
//! writes them). Read from disk only; nothing is ever downloaded.
//!
//! In an NPM package the resources are the files of `package/` (or of the folder with
//! `package.json`); its `example/`, `other/` and `openapi/` folders and its index files
//! hold no definitions and are not read.

use std::path::{Path, PathBuf};

use super::InputFile;
use crate::diag::{Error, Location, Result};

/// What one package input gave.
#[derive(Debug)]
pub struct PackageFiles {
    /// `name#version` from `package.json`, else the folder or file name.
    pub name: String,
    pub files: Vec<InputFile>,
    /// What Cargo should watch: the folder or the tarball.
    pub watch: PathBuf,
}

/// Folders of an NPM package that hold no definitions.
const NOT_DEFINITIONS: [&str; 3] = ["example", "other", "openapi"];

/// Reads a package folder or tarball.
pub fn read_package(path: &Path) -> Result<PackageFiles> {
    let metadata = std::fs::metadata(path).map_err(|e| {
        Error::input(
            Location::file(path),
            format!(
                "profile package not found ({e}): expected a folder of FHIR definitions, an \
                 NPM package folder with package.json, or a .tgz package"
            ),
        )
    })?;
    if metadata.is_dir() {
        read_folder(path)
    } else if is_tarball(path) {
        read_tarball(path)
    } else {
        Err(Error::input(
            Location::file(path),
            "not a profile package: expected a folder of FHIR definitions, an NPM package \
             folder with package.json, or a .tgz package",
        ))
    }
}

fn is_tarball(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with(".tgz") || name.ends_with(".tar.gz")
}

fn read_folder(dir: &Path) -> Result<PackageFiles> {
    // An NPM package unpacked: `package/package.json` or `package.json`.
    let root = if dir.join("package").join("package.json").is_file() {
        dir.join("package")
    } else {
        dir.to_path_buf()
    };
    let manifest = root.join("package.json");
    let npm = manifest.is_file();
    let name = if npm {
        let text = std::fs::read_to_string(&manifest).map_err(|e| Error::io(&manifest, e))?;
        npm_name(&text, &manifest)?
    } else {
        folder_name(dir)
    };
    let mut paths = Vec::new();
    collect(&root, npm, &mut paths)?;
    paths.sort();
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        files.push(InputFile {
            package: name.clone(),
            path,
            bytes,
        });
    }
    Ok(PackageFiles {
        name,
        files,
        watch: dir.to_path_buf(),
    })
}

fn collect(dir: &Path, npm: bool, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let metadata = std::fs::metadata(&path).map_err(|e| Error::io(&path, e))?;
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if metadata.is_dir() {
            if !(npm && NOT_DEFINITIONS.contains(&file_name.as_ref())) {
                collect(&path, npm, out)?;
            }
        } else if is_definition_file(&file_name, npm) {
            out.push(path);
        }
    }
    Ok(())
}

/// `*.json` / `*.xml`, except an NPM package's own index files.
fn is_definition_file(name: &str, npm: bool) -> bool {
    let input = name.ends_with(".json") || name.ends_with(".xml");
    let index = npm && (name == "package.json" || name.starts_with('.'));
    input && !index
}

fn folder_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| dir.display().to_string())
}

/// `name#version` of an NPM `package.json`.
fn npm_name(text: &str, file: &Path) -> Result<String> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Error::input(
            Location::file(file).with_line(u32::try_from(e.line()).unwrap_or(u32::MAX)),
            format!("package.json is not JSON: {e}"),
        )
    })?;
    let Some(name) = json.get("name").and_then(|n| n.as_str()) else {
        return Err(Error::input(
            Location::file(file),
            "package.json has no \"name\" string",
        ));
    };
    Ok(match json.get("version").and_then(|v| v.as_str()) {
        Some(version) => format!("{name}#{version}"),
        None => name.to_owned(),
    })
}

#[cfg(not(feature = "tgz"))]
fn read_tarball(path: &Path) -> Result<PackageFiles> {
    Err(Error::input(
        Location::file(path),
        "reading a .tgz package needs the `tgz` feature of careconnect-codegen (or unpack it \
         and give the folder)",
    ))
}

#[cfg(feature = "tgz")]
fn read_tarball(path: &Path) -> Result<PackageFiles> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let io = |e: std::io::Error| {
        Error::input(
            Location::file(path),
            format!("not a readable .tgz package: {e}"),
        )
    };
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(bytes.as_slice()));
    let mut manifest = None;
    let mut files = Vec::new();
    for entry in archive.entries().map_err(io)? {
        let mut entry = entry.map_err(io)?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let inner = entry.path().map_err(io)?.into_owned();
        // Entries are `package/...`; anything outside it is not part of the package.
        let Ok(relative) = inner.strip_prefix("package") else {
            continue;
        };
        let mut components = relative.components();
        let first = components
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let nested = components.next().is_some();
        if nested
            && first
                .as_deref()
                .is_some_and(|f| NOT_DEFINITIONS.contains(&f))
        {
            continue;
        }
        let file_name = relative
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut content).map_err(io)?;
        if relative == Path::new("package.json") {
            manifest = Some(content);
        } else if is_definition_file(&file_name, true) {
            files.push((path.join(&inner), content));
        }
    }
    let Some(manifest) = manifest else {
        return Err(Error::input(
            Location::file(path),
            "not an NPM package: no package/package.json in the tarball",
        ));
    };
    let manifest_path = path.join("package/package.json");
    let text = String::from_utf8(manifest)
        .map_err(|_| Error::input(Location::file(&manifest_path), "package.json is not UTF-8"))?;
    let name = npm_name(&text, &manifest_path)?;
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(PackageFiles {
        files: files
            .into_iter()
            .map(|(path, bytes)| InputFile {
                package: name.clone(),
                path,
                bytes,
            })
            .collect(),
        name,
        watch: path.to_path_buf(),
    })
}
