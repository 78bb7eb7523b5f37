//! Stage 1: read the package folders into a [`model::Registry`].
//!
//! ```text
//! sources.toml ──read_sources──▶ Sources ──check_lock──▶ [InputFile] ──load_inputs──▶ Registry
//!                                            (sha256)        │ per file: bytes → json|xml → tree
//!                                                            │           → convert → Resource
//!                                                            └ registry by URL, duplicates, resolve
//! ```
//!
//! * [`sources`]: `definitions/sources.toml` (package folders, root, env override).
//! * [`lock`]: `definitions/sources.lock`, the sha256 of every input file; the bytes read
//!   to check it are the bytes parsed.
//! * `json`, `xml`: each format into one format-neutral element tree (`tree`); `convert`
//!   turns that tree into the [`model`] types, so JSON and XML cannot drift apart.
//! * [`resolve`]: references that name nothing loaded.
//!
//! Nothing here panics on input: malformed files are [`Error::Input`]s (all of them,
//! collected into [`Error::Many`]); repairable oddities (BOMs, whitespace around URLs,
//! duplicates across packages, dangling references, skipped resource types) are
//! [`Diagnostic`]s in [`Registry::diagnostics`].
//!
//! Loading is sequential; the full STU3 core + Care Connect run (~2,900 files, 64 MB) takes
//! well under a second in a release build, sha256 included (see `examples/load.rs`).

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::path::Path;

use crate::diag::{Diagnostic, DiagnosticKind, Error, Location, Result};

mod convert;
mod json;
#[cfg(feature = "workspace")]
pub mod lock;
pub mod model;
pub mod package;
pub mod resolve;
#[cfg(feature = "workspace")]
pub mod sources;
mod tree;
mod xml;

#[cfg(feature = "workspace")]
pub use lock::{LOCK_COMMAND, check_lock, write_lock};
#[cfg(feature = "workspace")]
pub use sources::{DEFINITIONS_ENV, parse_sources, read_sources};

/// One input file, read once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// The package it belongs to (name from `sources.toml`).
    pub package: String,
    /// Relative to the definitions root (`careconnect-stu3/profiles/X.xml`), or as the
    /// user gave the package.
    pub path: std::path::PathBuf,
    pub bytes: Vec<u8>,
}

use model::{CodeSystem, Registry, Source, Sources, StructureDefinition, ValueSet};

/// One conformance resource the generator reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Resource {
    StructureDefinition(StructureDefinition),
    ValueSet(ValueSet),
    CodeSystem(CodeSystem),
}

impl Resource {
    /// The canonical URL (trimmed).
    pub fn url(&self) -> &str {
        match self {
            Resource::StructureDefinition(r) => &r.url,
            Resource::ValueSet(r) => &r.url,
            Resource::CodeSystem(r) => &r.url,
        }
    }

    /// Where it was read from.
    pub fn source(&self) -> &Source {
        match self {
            Resource::StructureDefinition(r) => &r.source,
            Resource::ValueSet(r) => &r.source,
            Resource::CodeSystem(r) => &r.source,
        }
    }
}

/// Checks the lock, then reads every input file of every package into a registry.
#[cfg(feature = "workspace")]
pub fn load(sources: &Sources) -> Result<Registry> {
    let files = check_lock(sources)?;
    load_inputs(sources, &files)
}

/// Reads every input file of every package into a registry without checking the lock: for
/// `diff`, which shows what files not yet locked would change.
#[cfg(feature = "workspace")]
pub fn load_unlocked(sources: &Sources) -> Result<Registry> {
    let files = lock::read_inputs(sources)?;
    load_inputs(sources, &files)
}

/// Builds the registry from files already read (and verified) by [`check_lock`].
///
/// Files are taken in package order (as in `sources.toml`), then by path. When two packages
/// declare the same canonical URL, the later package wins and a
/// [`DiagnosticKind::DuplicateUrl`] warning names both files; the same URL twice in one
/// package is an error. All errors of all files are returned together.
pub fn load_inputs(sources: &Sources, files: &[InputFile]) -> Result<Registry> {
    let mut registry = load_unresolved(sources, files)?;
    registry.diagnostics.extend(
        resolve::dangling_references(&registry)
            .iter()
            .map(|d| d.to_diagnostic()),
    );
    sort_diagnostics(&mut registry.diagnostics);
    Ok(registry)
}

/// [`load_inputs`] without looking for dangling references: for a registry that is
/// completed by other definitions before it is used (a user's package on top of the
/// models' facts).
pub fn load_unresolved(sources: &Sources, files: &[InputFile]) -> Result<Registry> {
    let order = |package: &str| sources.packages.iter().position(|p| p.name == package);
    let mut sorted: Vec<&InputFile> = files.iter().collect();
    sorted.sort_by(|a, b| {
        order(&a.package)
            .cmp(&order(&b.package))
            .then_with(|| a.path.cmp(&b.path))
    });

    let mut registry = Registry {
        packages: sources.packages.iter().map(|p| p.name.clone()).collect(),
        ..Registry::default()
    };
    let mut errors = Vec::new();
    // Parsed on every core; inserted in order, so duplicates resolve as in one thread.
    let parsed = crate::par::map(&sorted, |file| {
        load_file(&file.path, &file.bytes, &file.package)
    });
    for (file, parsed) in sorted.into_iter().zip(parsed) {
        let Some(rank) = order(&file.package) else {
            errors.push(Error::input(
                Location::file(&file.path),
                format!("package `{}` is not in sources.toml", file.package),
            ));
            continue;
        };
        let resource = match parsed {
            Ok((resource, diagnostics)) => {
                registry.diagnostics.extend(diagnostics);
                resource
            }
            Err(Error::Many(many)) => {
                errors.extend(many);
                None
            }
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let mut dup = Duplicates {
            rank: &order,
            diagnostics: &mut registry.diagnostics,
            errors: &mut errors,
        };
        match resource {
            Some(Resource::StructureDefinition(r)) => {
                dup.insert(&mut registry.structure_definitions, r, rank, |r| {
                    (&r.url, &r.source)
                });
            }
            Some(Resource::ValueSet(r)) => {
                dup.insert(&mut registry.value_sets, r, rank, |r| (&r.url, &r.source))
            }
            Some(Resource::CodeSystem(r)) => {
                dup.insert(&mut registry.code_systems, r, rank, |r| (&r.url, &r.source))
            }
            None => {}
        }
    }
    if !errors.is_empty() {
        return Err(many(errors));
    }
    Ok(registry)
}

/// Reads one file that is not (necessarily) part of a package, e.g. an IG snapshot used as
/// a test oracle. `file` is used in messages and as [`Source::file`]; the format comes from
/// its extension (`.json`, `.xml`), or else from the first byte.
///
/// Returns `Ok((None, _))` for resource types the generator does not read (with a
/// [`DiagnosticKind::SkippedResource`] note), and the diagnostics made while reading.
pub fn load_file(
    file: &Path,
    bytes: &[u8],
    package: &str,
) -> Result<(Option<Resource>, Vec<Diagnostic>)> {
    let mut diagnostics = Vec::new();
    let (bytes, had_bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        Error::input(
            Location::file(file).with_line(u32::try_from(line).unwrap_or(u32::MAX)),
            format!("not valid UTF-8: {e}"),
        )
    })?;
    let source = Source {
        package: package.to_owned(),
        file: file.to_path_buf(),
    };
    let is_json = match file.extension().and_then(|e| e.to_str()) {
        Some("json") => true,
        Some("xml") => false,
        _ => text.trim_start().starts_with('{'),
    };
    let converted = if is_json {
        let tree = json::parse(text).map_err(|e| parse_error(file, e.line, e.message))?;
        convert::resource(&tree, &source, &mut diagnostics)
    } else {
        xml::with_tree(text, |tree| {
            convert::resource(&tree, &source, &mut diagnostics)
        })
        .map_err(|e| parse_error(file, e.line, e.message))?
    };
    let resource = converted.map_err(many)?;
    if had_bom {
        let mut location = Location::file(file);
        if let Some(r) = &resource {
            location = location.with_url(r.url());
        }
        diagnostics.push(Diagnostic::note(
            DiagnosticKind::ByteOrderMark,
            location,
            "file starts with a UTF-8 byte order mark; ignored",
        ));
    }
    Ok((resource, diagnostics))
}

fn parse_error(file: &Path, line: Option<u32>, message: String) -> Error {
    let mut location = Location::file(file);
    location.line = line;
    Error::input(location, message)
}

/// One error as itself, several as [`Error::Many`].
fn many(mut errors: Vec<Error>) -> Error {
    if errors.len() == 1 {
        errors.remove(0)
    } else {
        Error::Many(errors)
    }
}

/// Sorted by location, then kind and text; exact repeats removed.
pub(crate) fn sort_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (&a.location, a.kind, &a.message, a.severity).cmp(&(
            &b.location,
            b.kind,
            &b.message,
            b.severity,
        ))
    });
    diagnostics.dedup();
}

/// Registry insertion with the duplicate-URL rules.
struct Duplicates<'a, F> {
    rank: &'a F,
    diagnostics: &'a mut Vec<Diagnostic>,
    errors: &'a mut Vec<Error>,
}

impl<F: Fn(&str) -> Option<usize>> Duplicates<'_, F> {
    fn insert<T>(
        &mut self,
        map: &mut BTreeMap<String, T>,
        resource: T,
        rank: usize,
        key: impl Fn(&T) -> (&String, &Source),
    ) {
        let (url, source) = key(&resource);
        match map.entry(url.clone()) {
            Entry::Vacant(slot) => {
                slot.insert(resource);
            }
            Entry::Occupied(mut slot) => {
                let (_, old) = key(slot.get());
                let old_rank = (self.rank)(&old.package);
                if old.package == source.package {
                    self.errors.push(Error::input(
                        source.location(url),
                        format!(
                            "canonical URL is also declared by {} in the same package `{}`; a package may declare a URL only once",
                            old.file.display(),
                            source.package
                        ),
                    ));
                } else if old_rank < Some(rank) {
                    self.diagnostics.push(Diagnostic::warning(
                        DiagnosticKind::DuplicateUrl,
                        source.location(url),
                        format!(
                            "canonical URL is also declared by {} (package `{}`); using this file, from `{}`, which comes later in sources.toml",
                            old.file.display(),
                            old.package,
                            source.package
                        ),
                    ));
                    slot.insert(resource);
                } else {
                    self.diagnostics.push(Diagnostic::warning(
                        DiagnosticKind::DuplicateUrl,
                        old.location(url),
                        format!(
                            "canonical URL is also declared by {} (package `{}`); using this file, whose package comes later in sources.toml",
                            source.file.display(),
                            source.package
                        ),
                    ));
                }
            }
        }
    }
}
