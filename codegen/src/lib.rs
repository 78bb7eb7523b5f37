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
//! can call [`generate`] the same way, with its own [`Config`].

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

/// The workspace root this crate was built in (for [`Config::workspace`]).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// What one generator run reads and where it writes. The library takes everything from
/// here and never from the environment; the `careconnect-codegen` command fills it from
/// its arguments and `CARECONNECT_DEFINITIONS` ([`load::DEFINITIONS_ENV`]).
#[derive(Debug, Clone)]
pub struct Config {
    /// `sources.toml`: the packages to read.
    pub sources: PathBuf,
    /// Replaces the definitions root that `sources.toml` names.
    pub definitions_root: Option<PathBuf>,
    /// The output root the folders below are relative to.
    pub out_dir: PathBuf,
    /// Folder of the base layer's files (`careconnect-stu3/src/stu3`).
    pub base_dir: String,
    /// Folder of the profile layer's files (`careconnect-models/src/careconnect`).
    pub profile_dir: String,
    /// Prefix of the generated names that are not a definition's own (shared structs),
    /// also stripped from extension names after `Extension-` (`CareConnect`).
    pub prefix: String,
}

impl Config {
    /// This repository's own generation: `definitions/sources.toml`, written into the
    /// workspace's two model crates.
    pub fn workspace() -> Config {
        let root = workspace_root();
        Config {
            sources: root.join("definitions").join("sources.toml"),
            definitions_root: None,
            out_dir: root,
            base_dir: "careconnect-stu3/src/stu3".into(),
            profile_dir: "careconnect-models/src/careconnect".into(),
            prefix: "CareConnect".into(),
        }
    }

    /// This configuration with its definitions root replaced (when `root` is `Some` and
    /// not empty: callers pass the value of `CARECONNECT_DEFINITIONS` as they read it).
    pub fn with_definitions_root(mut self, root: Option<std::ffi::OsString>) -> Config {
        if let Some(root) = root.filter(|r| !r.is_empty()) {
            self.definitions_root = Some(root.into());
        }
        self
    }

    /// The folders (relative to [`Config::out_dir`]) the generator owns entirely: files
    /// in them that it did not write are removed.
    pub fn owned_dirs(&self) -> [&str; 2] {
        [&self.base_dir, &self.profile_dir]
    }

    /// The packages `sources.toml` names, with the root override applied.
    pub fn read_sources(&self) -> Result<load::model::Sources> {
        load::read_sources(&self.sources, self.definitions_root.as_deref())
    }
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

/// Loads the definitions `config` names and produces every generated file.
pub fn run(config: &Config) -> Result<Generated> {
    let started = Instant::now();
    let sources = config.read_sources()?;
    let mut registry = load::load(&sources)?;
    let snapshot_diagnostics = snapshot::generate_snapshots(&mut registry);
    let fixups = fixups::apply(&mut registry)?;
    let load_time = started.elapsed();
    let started = Instant::now();
    let built = build(&registry, config)?;
    let mut diagnostics = registry.diagnostics;
    diagnostics.extend(snapshot_diagnostics);
    diagnostics.extend(built.diagnostics);
    Ok(Generated {
        files: built.files,
        fixups,
        model: built.model,
        profiles: built.profiles,
        diagnostics,
        load_time,
        generate_time: started.elapsed(),
    })
}

/// What [`build`] makes of a registry.
pub struct Built {
    pub model: ir::Model,
    pub profiles: ir::profile::ProfileLayer,
    pub files: Vec<write::FormattedFile>,
    /// The findings of lowering (the registry's own are not repeated).
    pub diagnostics: Vec<Diagnostic>,
}

/// Lowers a loaded registry (snapshots generated, fixups applied) and emits and formats
/// every file: the stages after loading, for callers that assemble a registry themselves
/// (tests on fixture packages).
pub fn build(registry: &load::model::Registry, config: &Config) -> Result<Built> {
    let (model, mut diagnostics) = lower::lower_base(registry)?;
    let options = lower::profile::ProfileOptions {
        prefix: config.prefix.clone(),
    };
    let (profiles, profile_diagnostics) =
        lower::profile::lower_profiles(registry, &model, &options)?;
    diagnostics.extend(profile_diagnostics);
    let files = emit::base_layer(&model, &config.base_dir)?
        .into_iter()
        .chain(emit::profile::profile_layer(
            &profiles,
            &config.profile_dir,
        )?)
        .map(write::format)
        .collect::<Result<Vec<_>>>()?;
    Ok(Built {
        model,
        profiles,
        files,
        diagnostics,
    })
}

/// Runs the generator and writes its output under [`Config::out_dir`].
pub fn generate(config: &Config) -> Result<(Generated, write::WriteSummary)> {
    let generated = run(config)?;
    let summary = write::write_all(&config.out_dir, &generated.files, &config.owned_dirs())?;
    Ok((generated, summary))
}
