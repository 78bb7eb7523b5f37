//! careconnect-codegen: reads FHIR STU3 and Care Connect definitions and generates the
//! `careconnect-models` crate.
//!
//! The pipeline runs one way, one stage per module, and no stage reaches back:
//!
//! ```text
//! load ─▶ snapshot ─▶ fixups ─▶ lower ─▶ ir ─▶ emit ─▶ write
//! ```
//!
//! * [`load`]: package folders (JSON and XML) → [`load::model::Registry`], lock checked.
//! * [`snapshot`]: snapshots for definitions that ship only a differential.
//! * [`fixups`]: named corrections for defects in published definitions.
//! * [`lower`]: snapshots → [`ir::Model`] (base) and [`ir::profile::ProfileLayer`].
//! * [`emit`]: IR → tokens (`quote!` only, no I/O).
//! * [`write`]: tokens → formatted files with the `@generated` header, written on change.
//!
//! Names go through [`names`]; findings through [`diag`].
//!
//! The library is what the `careconnect-codegen` binary runs; a downstream `build.rs`
//! can call [`generate`] the same way.

pub mod diag;
pub mod emit;
pub mod expand;
pub mod fixups;
pub mod ir;
pub mod load;
pub mod lower;
pub mod names;
pub mod report;
pub mod snapshot;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use diag::{Diagnostic, Result};

/// Directories, relative to the workspace root, that the generator owns entirely.
pub const OWNED_DIRS: &[&str] = &[emit::BASE_DIR, emit::PROFILE_DIR];

/// The workspace root this crate was built in (for default paths).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Default location of `definitions/sources.toml`.
pub fn default_sources() -> PathBuf {
    workspace_root().join("definitions").join("sources.toml")
}

/// Default output: the workspace root (the generated directories are [`OWNED_DIRS`]).
pub fn default_output() -> PathBuf {
    workspace_root()
}

/// The formatted files and findings of one generator run, before anything is written.
pub struct Generated {
    pub files: Vec<write::FormattedFile>,
    /// Names of the fixups applied.
    pub fixups: Vec<String>,
    pub model: ir::Model,
    pub profiles: ir::profile::ProfileLayer,
    pub diagnostics: Vec<Diagnostic>,
    /// Time spent loading (lock check included) and generating.
    pub load_time: Duration,
    pub generate_time: Duration,
}

/// Loads the definitions named by `sources_toml` and produces every generated file.
pub fn run(sources_toml: &Path) -> Result<Generated> {
    let started = Instant::now();
    let sources = load::read_sources(sources_toml)?;
    let mut registry = load::load(&sources)?;
    let snapshot_diagnostics = snapshot::generate_snapshots(&mut registry);
    let fixups = fixups::apply(&mut registry)?;
    let load_time = started.elapsed();
    let started = Instant::now();
    let (model, lower_diagnostics) = lower::lower_base(&registry)?;
    let (profiles, profile_diagnostics) = lower::profile::lower_profiles(&registry, &model)?;
    let files = emit::base_layer(&model)
        .into_iter()
        .chain(emit::profile::profile_layer(&profiles))
        .map(write::format)
        .collect::<Result<Vec<_>>>()?;
    let mut diagnostics = registry.diagnostics;
    diagnostics.extend(snapshot_diagnostics);
    diagnostics.extend(lower_diagnostics);
    diagnostics.extend(profile_diagnostics);
    Ok(Generated {
        files,
        fixups,
        model,
        profiles,
        diagnostics,
        load_time,
        generate_time: started.elapsed(),
    })
}

/// Runs the generator and writes its output under `out_dir` (the workspace root).
pub fn generate(sources_toml: &Path, out_dir: &Path) -> Result<(Generated, write::WriteSummary)> {
    let generated = run(sources_toml)?;
    let summary = write::write_all(out_dir, &generated.files, OWNED_DIRS)?;
    Ok((generated, summary))
}
