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
//! * [`mod@write`]: tokens → formatted files with the `@generated` header, written on change.
//!
//! Names go through [`names`]; findings through [`diag`].
//!
//! [`Config::compile`] is the one entry point: the `careconnect-codegen` commands call it,
//! and so does a user's `build.rs` generating its own profile packages on top of
//! `careconnect-models` ([`facts`] → [`mod@include`], paths moved by [`relocate`]).

// docs.rs documents every feature and marks the items that need one.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod diag;
pub mod diff;
pub mod emit;
pub mod expand;
#[cfg(feature = "workspace")]
pub mod explain;
pub mod facts;
pub mod fixups;
pub mod include;
pub mod ir;
pub mod load;
pub mod lower;
pub mod names;
mod par;
pub mod relocate;
pub mod report;
pub mod snapshot;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::Duration;

use std::collections::BTreeMap;

use diag::{Diagnostic, Error, Result, Severity};

/// The workspace root this crate was built in (for [`Config::workspace`]).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// What one generator run reads and where it writes: the one entry point of the
/// generator, for this workspace's `careconnect-codegen generate` and for a user's
/// `build.rs` alike (in the manner of prost-build's `Config`).
///
/// - [`Config::workspace`] generates `careconnect-stu3` and `careconnect-models` from the
///   packages `sources.toml` names (the lock checked), and writes the models' facts file
///   ([`facts`]).
/// - [`Config::new`] (in a build script) generates types for the user's own profile
///   packages ([`Config::package`]) on top of `careconnect-models`: everything the models
///   already have is referred to by path, the rest is written to one file in `OUT_DIR` for
///   `include!`.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     careconnect_codegen::Config::new()
///         .package("fhir/my-trust-profiles")
///         .compile()?;
///     Ok(())
/// }
/// ```
///
/// The library reads the environment only in [`Config::new`] (Cargo's `OUT_DIR` and the
/// facts path `careconnect-models` passes to dependent build scripts, [`facts::FACTS_ENV`]).
#[derive(Debug, Clone)]
pub struct Config {
    /// `sources.toml`: the packages to read ([`Output::Models`]).
    pub sources: PathBuf,
    /// Replaces the definitions root that `sources.toml` names.
    pub definitions_root: Option<PathBuf>,
    /// The user's profile packages ([`Output::Include`]): folders of definitions, NPM
    /// package folders (with `package.json`) or `.tgz` NPM packages.
    pub packages: Vec<PathBuf>,
    /// The facts file of `careconnect-models` ([`Output::Include`]).
    pub facts: Option<PathBuf>,
    /// The output root the paths of [`Config::output`] are relative to.
    pub out_dir: PathBuf,
    pub output: Output,
    /// Prefix of the generated names that are not a definition's own (shared structs),
    /// also stripped from extension names after `Extension-` (`CareConnect`). For a build
    /// on top of the models it is the models' prefix.
    pub prefix: String,
    /// Generate only these profiles (canonical URLs or the generated type names) and what
    /// they use; empty: every definition of the packages.
    pub profiles: Vec<String>,
    /// Type names chosen for definitions: canonical URL → Rust type name.
    pub renames: BTreeMap<String, String>,
    /// Fail when any warning is reported.
    pub deny_warnings: bool,
    /// Also generate what `#[derive(Profiled)]` needs of the types ([`Output::Include`];
    /// the crate must then enable the `derive` feature of `careconnect-models`).
    pub derive_support: bool,
    /// Also generate the FHIR XML support of the types ([`Output::Include`]; the crate
    /// must then enable the `xml` feature of `careconnect-models`).
    pub xml_support: bool,
    /// Also generate the serde impls of the profile types ([`Output::Include`]; the crate
    /// must then enable the `serde` feature of `careconnect-models`).
    pub serde_support: bool,
    /// The path the user's crate names `careconnect-models` by.
    pub models_crate: String,
    /// Print `cargo:rerun-if-changed=` for every input and `cargo:warning=` for every
    /// warning (set by [`Config::new`]).
    pub cargo_output: bool,
}

/// What the generator writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// The model crates: the base layer's and the profile layer's folders, the facts
    /// file and the folder of careconnect-arrow's generated columns (empty: none),
    /// relative to [`Config::out_dir`].
    Models {
        base_dir: String,
        profile_dir: String,
        facts_file: String,
        arrow_dir: String,
    },
    /// One file in [`Config::out_dir`] for `include!`, with the user's profile types.
    Include { file: String },
}

/// The include file's default name.
pub const INCLUDE_FILE: &str = "careconnect_profiles.rs";

impl Config {
    /// This repository's own generation: `definitions/sources.toml`, written into the
    /// workspace's two model crates.
    pub fn workspace() -> Config {
        let root = workspace_root();
        Config {
            sources: root.join("definitions").join("sources.toml"),
            definitions_root: None,
            packages: Vec::new(),
            facts: None,
            out_dir: root,
            output: Output::Models {
                base_dir: "careconnect-stu3/src/stu3".into(),
                profile_dir: "careconnect-models/src/careconnect".into(),
                facts_file: facts::FACTS_FILE.into(),
                arrow_dir: "careconnect-arrow/src/generated".into(),
            },
            prefix: "CareConnect".into(),
            profiles: Vec::new(),
            renames: BTreeMap::new(),
            deny_warnings: false,
            derive_support: false,
            xml_support: false,
            serde_support: false,
            models_crate: "careconnect_models".into(),
            cargo_output: false,
        }
    }

    /// A build script's configuration: output into `OUT_DIR` as [`INCLUDE_FILE`], on top
    /// of the `careconnect-models` the crate depends on (its facts file, from
    /// [`facts::FACTS_ENV`]), with Cargo instructions printed. Add packages with
    /// [`Config::package`].
    pub fn new() -> Config {
        Config {
            sources: PathBuf::new(),
            packages: Vec::new(),
            facts: std::env::var_os(facts::FACTS_ENV).map(PathBuf::from),
            out_dir: std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .unwrap_or_default(),
            output: Output::Include {
                file: INCLUDE_FILE.into(),
            },
            // What the models were built with (their build script says), so that the
            // generated code uses exactly the features the models have.
            derive_support: std::env::var_os(facts::DERIVE_ENV).is_some_and(|v| v == "1"),
            xml_support: std::env::var_os(facts::XML_ENV).is_some_and(|v| v == "1"),
            serde_support: std::env::var_os(facts::SERDE_ENV).is_some_and(|v| v == "1"),
            cargo_output: true,
            ..Config::workspace()
        }
    }

    /// Adds a profile package: a folder of definitions, an NPM package folder or a `.tgz`.
    pub fn package(&mut self, path: impl Into<PathBuf>) -> &mut Config {
        self.packages.push(path.into());
        self
    }

    /// Where the files go (default: `OUT_DIR`).
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Config {
        self.out_dir = dir.into();
        self
    }

    /// The include file's name in the output folder (default [`INCLUDE_FILE`]).
    pub fn include_file(&mut self, name: impl Into<String>) -> &mut Config {
        self.output = Output::Include { file: name.into() };
        self
    }

    /// The facts file of `careconnect-models` (default: from [`facts::FACTS_ENV`]).
    pub fn models_facts(&mut self, file: impl Into<PathBuf>) -> &mut Config {
        self.facts = Some(file.into());
        self
    }

    /// Generates only this profile (canonical URL or type name) and what it uses; may be
    /// called several times. Without it every definition of the packages is generated.
    pub fn profile(&mut self, url_or_name: impl Into<String>) -> &mut Config {
        self.profiles.push(url_or_name.into());
        self
    }

    /// Names the type of the definition at `url` (instead of the name derived from it).
    pub fn rename(&mut self, url: impl Into<String>, name: impl Into<String>) -> &mut Config {
        self.renames.insert(url.into(), name.into());
        self
    }

    /// Fails the build when a warning is reported.
    pub fn deny_warnings(&mut self, deny: bool) -> &mut Config {
        self.deny_warnings = deny;
        self
    }

    /// Generates what `#[derive(Profiled)]` needs too (default: when the models have their
    /// `derive` feature).
    pub fn derive_support(&mut self, on: bool) -> &mut Config {
        self.derive_support = on;
        self
    }

    /// Generates the FHIR XML support too (default: when the models have their `xml`
    /// feature).
    pub fn xml_support(&mut self, on: bool) -> &mut Config {
        self.xml_support = on;
        self
    }

    /// Generates the serde impls of the profile types too (default: when the models have
    /// their `serde` feature).
    pub fn serde_support(&mut self, on: bool) -> &mut Config {
        self.serde_support = on;
        self
    }

    /// The path the crate names `careconnect-models` by (default `careconnect_models`; set
    /// it when the dependency is renamed).
    pub fn models_crate(&mut self, path: impl Into<String>) -> &mut Config {
        self.models_crate = path.into();
        self
    }

    /// Whether to print Cargo instructions (on in [`Config::new`]).
    pub fn cargo_output(&mut self, on: bool) -> &mut Config {
        self.cargo_output = on;
        self
    }

    /// This configuration with its definitions root replaced (when `root` is `Some` and
    /// not empty: callers pass the value of `CARECONNECT_DEFINITIONS` as they read it).
    pub fn with_definitions_root(mut self, root: Option<std::ffi::OsString>) -> Config {
        if let Some(root) = root.filter(|r| !r.is_empty()) {
            self.definitions_root = Some(root.into());
        }
        self
    }

    /// The profile layer's folder ([`Output::Models`]; empty otherwise).
    pub fn profile_dir(&self) -> &str {
        match &self.output {
            Output::Models { profile_dir, .. } => profile_dir,
            Output::Include { .. } => "",
        }
    }

    /// The base layer's folder ([`Output::Models`]; empty otherwise).
    pub fn base_dir(&self) -> &str {
        match &self.output {
            Output::Models { base_dir, .. } => base_dir,
            Output::Include { .. } => "",
        }
    }

    /// The folders (relative to [`Config::out_dir`]) the generator owns entirely: files
    /// in them that it did not write are removed.
    pub fn owned_dirs(&self) -> Vec<&str> {
        match &self.output {
            Output::Models {
                base_dir,
                profile_dir,
                arrow_dir,
                ..
            } => [base_dir, profile_dir, arrow_dir]
                .into_iter()
                .filter(|d| !d.is_empty())
                .map(String::as_str)
                .collect(),
            Output::Include { .. } => Vec::new(),
        }
    }

    /// The packages `sources.toml` names, with the root override applied.
    #[cfg(feature = "workspace")]
    pub fn read_sources(&self) -> Result<load::model::Sources> {
        load::read_sources(&self.sources, self.definitions_root.as_deref())
    }

    /// Generates and writes everything this configuration asks for; returns what was
    /// generated and found. Warnings are errors when [`Config::deny_warnings`] is set.
    pub fn compile(&self) -> Result<Compiled> {
        self.check_renames()?;
        let generated = match &self.output {
            #[cfg(feature = "workspace")]
            Output::Models { .. } => run(self)?,
            #[cfg(not(feature = "workspace"))]
            Output::Models { .. } => {
                return Err(Error::input(
                    diag::Location::default(),
                    "generating the models needs the `workspace` feature of careconnect-codegen",
                ));
            }
            Output::Include { .. } => include::run(self)?,
        };
        if self.cargo_output {
            for line in generated.cargo_instructions() {
                println!("{line}");
            }
        }
        if self.deny_warnings {
            let warnings: Vec<Diagnostic> = generated
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .cloned()
                .collect();
            if !warnings.is_empty() {
                return Err(Error::Denied { warnings });
            }
        }
        let summary = write::write_all(&self.out_dir, &generated.files, &self.owned_dirs())?;
        Ok(Compiled { generated, summary })
    }
}

impl Config {
    /// Every name of [`Config::renames`] must be a Rust type name.
    fn check_renames(&self) -> Result<()> {
        let bad: Vec<Error> = self
            .renames
            .iter()
            .filter(|(_, name)| {
                syn::parse_str::<syn::Ident>(name).is_err()
                    || !name.starts_with(|c: char| c.is_ascii_uppercase())
            })
            .map(|(url, name)| {
                Error::input(
                    diag::Location::default().with_url(url.clone()),
                    format!("rename: `{name}` is not a Rust type name (UpperCamelCase identifier)"),
                )
            })
            .collect();
        match bad.len() {
            0 => Ok(()),
            _ => Err(Error::Many(bad)),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config::new()
    }
}

/// What [`Config::compile`] generated, found and wrote.
pub struct Compiled {
    pub generated: Generated,
    pub summary: write::WriteSummary,
}

impl Compiled {
    /// The generation report (counts, per-definition counts, diagnostics).
    pub fn report(&self) -> report::Report {
        self.generated.report()
    }
}

/// The formatted files and findings of one generator run, before anything is written.
pub struct Generated {
    pub files: Vec<write::FormattedFile>,
    /// Every file and folder read (for `cargo:rerun-if-changed`).
    pub inputs: Vec<PathBuf>,
    /// Per-definition counts when they are not those of [`Generated::profiles`] alone (a
    /// build on top of the models counts the models' shared structs its types use).
    pub module_counts: Option<Vec<report::ModuleCounts>>,
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
#[cfg(feature = "workspace")]
pub fn run(config: &Config) -> Result<Generated> {
    let started = std::time::Instant::now();
    let sources = config.read_sources()?;
    let mut registry = load::load(&sources)?;
    let snapshot_diagnostics = snapshot::generate_snapshots(&mut registry);
    let fixups = fixups::apply(&mut registry)?;
    let load_time = started.elapsed();
    let started = std::time::Instant::now();
    let mut built = build(&registry, config)?;
    if let Output::Models { facts_file, .. } = &config.output {
        built.files.push(write::FormattedFile {
            path: facts_file.clone(),
            contents: facts::write(&registry, &built.model, &built.profiles, &config.prefix)?,
        });
    }
    let mut diagnostics = registry.diagnostics;
    diagnostics.extend(snapshot_diagnostics);
    diagnostics.extend(built.diagnostics);
    Ok(Generated {
        files: built.files,
        inputs: vec![config.sources.clone(), sources.root.clone()],
        module_counts: None,
        fixups,
        model: built.model,
        profiles: built.profiles,
        diagnostics,
        load_time,
        generate_time: started.elapsed(),
    })
}

impl Generated {
    /// What a build script tells Cargo: `cargo:rerun-if-changed=` for every input (so that
    /// only a change to the definitions runs the generator again, not an edit of the
    /// crate's code) and one `cargo:warning=` per warning, with its file, URL and element.
    pub fn cargo_instructions(&self) -> Vec<String> {
        let rerun = self
            .inputs
            .iter()
            .map(|path| format!("cargo:rerun-if-changed={}", path.display()));
        let warnings = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            // One line each: Cargo shows a `cargo:warning` line as it is.
            .map(|d| format!("cargo:warning={}", d.to_string().replace(['\n', '\r'], " ")));
        rerun.chain(warnings).collect()
    }

    /// The generation report (counts, per-definition counts, diagnostics).
    pub fn report(&self) -> report::Report {
        let mut report =
            report::Report::new(&self.model, &self.profiles, &self.diagnostics, &self.fixups);
        if let Some(modules) = &self.module_counts {
            report.modules = modules.clone();
        }
        report
    }
}

/// The definitions `config` names, lowered but not emitted: what [`diff`] compares and
/// [`explain`] explains.
pub struct Lowered {
    /// The definitions as read, snapshots generated and fixups applied.
    pub registry: load::model::Registry,
    pub model: ir::Model,
    pub profiles: ir::profile::ProfileLayer,
    /// Every finding: loading, snapshots, lowering.
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads and lowers the definitions `config` names (its `sources.toml`), without emitting.
#[cfg(feature = "workspace")]
pub fn lower_only(config: &Config) -> Result<Lowered> {
    lower_sources(config, true)
}

/// [`lower_only`], checking the lock or not (`diff` reads files not yet locked).
#[cfg(feature = "workspace")]
fn lower_sources(config: &Config, locked: bool) -> Result<Lowered> {
    let sources = config.read_sources()?;
    let mut registry = if locked {
        load::load(&sources)?
    } else {
        load::load_unlocked(&sources)?
    };
    let snapshot_diagnostics = snapshot::generate_snapshots(&mut registry);
    fixups::apply(&mut registry)?;
    let (model, mut diagnostics) = lower::lower_base(&registry)?;
    let options = lower::profile::ProfileOptions {
        prefix: config.prefix.clone(),
        renames: config.renames.clone(),
    };
    let (profiles, profile_diagnostics) =
        lower::profile::lower_profiles(&registry, &model, &options)?;
    let mut all = std::mem::take(&mut registry.diagnostics);
    all.extend(snapshot_diagnostics);
    all.append(&mut diagnostics);
    all.extend(profile_diagnostics);
    Ok(Lowered {
        registry,
        model,
        profiles,
        diagnostics: all,
    })
}

/// One side of a `diff`, lowered, with the names of its packages that are not in
/// `careconnect-models`. `spec` is a `sources.toml` (the definitions it names, as the
/// workspace generates them, read as they are on disk: the lock is not checked), a facts file (the definitions the models were generated
/// from: the lock's recorded state), or a profile package (folder, NPM package folder or
/// `.tgz`) on top of the models whose facts file `config.facts` names.
#[cfg(feature = "workspace")]
pub fn lower_side(
    config: &Config,
    spec: &std::path::Path,
) -> Result<(Lowered, std::collections::BTreeSet<String>)> {
    let mut config = config.clone();
    match spec.extension().and_then(|e| e.to_str()) {
        Some("toml") => {
            config.sources = spec.to_path_buf();
            Ok((lower_sources(&config, false)?, Default::default()))
        }
        Some("jsonl") => {
            config.packages.clear();
            let on = include::lower_on_models(&config, spec)?;
            Ok((on.lowered, on.user_packages))
        }
        _ => {
            let facts = config
                .facts
                .clone()
                .unwrap_or_else(|| workspace_root().join(facts::FACTS_FILE));
            config.packages = vec![spec.to_path_buf()];
            let on = include::lower_on_models(&config, &facts)?;
            Ok((on.lowered, on.user_packages))
        }
    }
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
        renames: config.renames.clone(),
    };
    let (profiles, profile_diagnostics) =
        lower::profile::lower_profiles(registry, &model, &options)?;
    diagnostics.extend(profile_diagnostics);
    let base = emit::base_layer(&model, config.base_dir())?;
    let profile = emit::profile::profile_layer(&profiles, config.profile_dir())?;
    let columns = match &config.output {
        Output::Models { arrow_dir, .. } if !arrow_dir.is_empty() => {
            let layers = [
                emit::columns::Layer {
                    files: &base,
                    dir: config.base_dir(),
                    module: "stu3",
                },
                emit::columns::Layer {
                    files: &profile,
                    dir: config.profile_dir(),
                    module: "careconnect",
                },
            ];
            emit::columns::arrow_files(&layers, arrow_dir)?
        }
        _ => Vec::new(),
    };
    let files = base
        .into_iter()
        .chain(profile)
        .chain(columns)
        .map(write::format)
        .collect::<Result<Vec<_>>>()?;
    Ok(Built {
        model,
        profiles,
        files,
        diagnostics,
    })
}

/// Runs the generator and writes its output under [`Config::out_dir`]: [`Config::compile`].
pub fn generate(config: &Config) -> Result<Compiled> {
    config.compile()
}
