//! `definitions/sources.lock`: the sha256 of every input file.
//!
//! The definitions live outside the repository, so the lock is what ties a commit of the
//! generated code to the exact inputs it was generated from: a changed, missing or new
//! input file stops the generator until someone has reviewed the change and re-run
//! [`LOCK_COMMAND`].
//!
//! Input files are all `*.json` and `*.xml` files under each package folder, recursively;
//! anything else (`SHA256SUMS`, READMEs) is not an input. The lock has one line per file,
//! `<sha256 hex>  <path relative to the definitions root>` with `/` separators, sorted by
//! path, under a `#` comment header.
//!
//! [`check_lock`] reads every input file once and hands the bytes on, so the loader parses
//! exactly the bytes that were verified.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::InputFile;
use super::model::Sources;
use crate::diag::{Error, Location, Result};

/// The command that (re)writes the lock; error messages tell the user to run it.
pub const LOCK_COMMAND: &str = "cargo run -p careconnect-codegen --release -- lock";

/// Hashes every input file and rewrites the lock file (only if its content changed).
/// Returns the number of files recorded.
pub fn write_lock(sources: &Sources) -> Result<usize> {
    let files = read_inputs(sources)?;
    let mut entries: Vec<(String, String)> = files
        .iter()
        .map(|f| Ok((lock_path(&f.path)?, sha256_hex(&f.bytes))))
        .collect::<Result<_>>()?;
    entries.sort();
    let mut text = String::from(
        "# sha256 of every input file (*.json, *.xml) of the packages in sources.toml, by path\n\
         # relative to the definitions root. Generated: after reviewing a change to the\n\
         # definitions, regenerate with\n",
    );
    let _ = writeln!(text, "#   {LOCK_COMMAND}");
    for (path, hash) in &entries {
        let _ = writeln!(text, "{hash}  {path}");
    }
    let unchanged = fs::read(&sources.lock_file).is_ok_and(|old| old == text.as_bytes());
    if !unchanged {
        fs::write(&sources.lock_file, text).map_err(|e| Error::io(&sources.lock_file, e))?;
    }
    Ok(entries.len())
}

/// Reads every input file, verifies it against the lock and returns the files with their
/// bytes, in package order (as in `sources.toml`), then by path.
///
/// Every changed file, every file in the lock but not on disk and every input file not in
/// the lock is named in one [`Error::Lock`].
pub fn check_lock(sources: &Sources) -> Result<Vec<InputFile>> {
    let lock_text = match fs::read_to_string(&sources.lock_file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Lock {
                message: format!(
                    "{}: no lock file. Review the input files under {}, then run `{LOCK_COMMAND}` to create it.",
                    sources.lock_file.display(),
                    sources.root.display()
                ),
            });
        }
        Err(e) => return Err(Error::io(&sources.lock_file, e)),
    };
    let mut locked = parse_lock(&lock_text, &sources.lock_file)?;
    let files = read_inputs(sources)?;

    let mut changed = Vec::new();
    let mut unlocked = Vec::new();
    for file in &files {
        let path = lock_path(&file.path)?;
        match locked.remove(&path) {
            Some(hash) if hash == sha256_hex(&file.bytes) => {}
            Some(_) => changed.push(path),
            None => unlocked.push(path),
        }
    }
    let missing: Vec<String> = locked.into_keys().collect();
    if changed.is_empty() && missing.is_empty() && unlocked.is_empty() {
        return Ok(files);
    }
    let mut message = format!(
        "{}: the input files under {} do not match the lock:",
        sources.lock_file.display(),
        sources.root.display()
    );
    for (label, paths) in [
        ("changed", &changed),
        ("in the lock but not an input file (missing?)", &missing),
        ("not in the lock", &unlocked),
    ] {
        for path in paths {
            let _ = write!(message, "\n  {label}: {path}");
        }
    }
    let _ = write!(
        message,
        "\nReview the change to the definitions, then run `{LOCK_COMMAND}` to record it."
    );
    Err(Error::Lock { message })
}

/// Lowercase hex sha256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// `path → hash` from the lock file text.
fn parse_lock(text: &str, lock_file: &Path) -> Result<BTreeMap<String, String>> {
    let mut entries = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parsed = line.split_once("  ").filter(|(hash, path)| {
            hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) && !path.is_empty()
        });
        match parsed {
            Some((hash, path)) => {
                if entries.insert(path.to_owned(), hash.to_ascii_lowercase()).is_some() {
                    errors.push(Error::input(
                        Location::file(lock_file).with_line(line_no),
                        format!("{path} is listed twice; run `{LOCK_COMMAND}` to rewrite the lock"),
                    ));
                }
            }
            None => errors.push(Error::input(
                Location::file(lock_file).with_line(line_no),
                format!("expected `<sha256 hex>  <path>`, found {line:?}; run `{LOCK_COMMAND}` to rewrite the lock"),
            )),
        }
    }
    match errors.len() {
        0 => Ok(entries),
        1 => Err(errors.remove(0)),
        _ => Err(Error::Many(errors)),
    }
}

/// Lists and reads the input files of every package.
pub(crate) fn read_inputs(sources: &Sources) -> Result<Vec<InputFile>> {
    let mut files = Vec::new();
    let mut seen = BTreeSet::new();
    for package in &sources.packages {
        let dir = sources.root.join(&package.path);
        if !dir.is_dir() {
            return Err(Error::MissingDefinitions {
                root: dir,
                hint: format!(
                    "package `{}` of sources.toml has no folder there; check its `path` or the definitions root",
                    package.name
                ),
            });
        }
        let mut paths = Vec::new();
        collect(&dir, &package.path, &mut paths)?;
        paths.sort();
        for path in paths {
            if !seen.insert(path.clone()) {
                return Err(Error::input(
                    Location::file(&path),
                    "this file belongs to two packages of sources.toml; package folders must not overlap",
                ));
            }
            let full = sources.root.join(&path);
            let bytes = fs::read(&full).map_err(|e| Error::io(&full, e))?;
            files.push(InputFile {
                package: package.name.clone(),
                path,
                bytes,
            });
        }
    }
    Ok(files)
}

/// Input files under `dir`, as paths starting with `relative`.
fn collect(dir: &Path, relative: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let name = entry.file_name();
        // Follows symbolic links, as reading the file would.
        let metadata = fs::metadata(&path).map_err(|e| Error::io(&path, e))?;
        if metadata.is_dir() {
            collect(&path, &relative.join(&name), out)?;
        } else if is_input(&path) {
            out.push(relative.join(&name));
        }
    }
    Ok(())
}

/// `*.json` and `*.xml` are inputs; nothing else is.
pub(crate) fn is_input(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("json" | "xml")
    )
}

/// The path as written in the lock: `/`-separated, whatever the platform.
fn lock_path(path: &Path) -> Result<String> {
    let mut out = String::new();
    for component in path.components() {
        let Some(part) = component.as_os_str().to_str() else {
            return Err(Error::input(
                Location::file(path),
                "file name is not valid UTF-8",
            ));
        };
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(part);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_empty_input_is_the_known_digest() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn malformed_lock_line_names_its_line() {
        let text = "# header\nabc  x.json\n";
        let err = parse_lock(text, Path::new("sources.lock")).expect_err("error");
        let message = err.to_string();
        assert!(message.contains("sources.lock:2"), "{message}");
    }

    #[test]
    fn only_json_and_xml_are_inputs() {
        assert!(is_input(Path::new("a/b.json")));
        assert!(is_input(Path::new("a/b.xml")));
        assert!(!is_input(Path::new("a/SHA256SUMS")));
        assert!(!is_input(Path::new("a/README.md")));
    }
}
