//! What `careconnect-models` provides, for builds of other profile packages on top of it.
//!
//! When the generator writes the models it also writes [`FACTS_FILE`]: one JSON line of
//! [`Header`] (the table of every Rust item the models define, keyed by canonical URL and
//! version), then one line per conformance resource the models were generated from, after
//! snapshot generation and fixups, with only what generation reads (no prose, no
//! differentials, no line numbers, no invariants). A user's build script reads it instead
//! of the FHIR core and Care Connect packages:
//!
//! - the base of every user profile (a core resource or a Care Connect profile) is there
//!   with its snapshot, so the user's snapshots are generated on top of exactly what the
//!   models were generated from;
//! - lowering the models' own definitions again gives the same names as the committed
//!   types, and [`Provides`] says which of them to refer to by path instead of generating;
//!   a mismatch (a generator and models of different versions) is an error.
//!
//! `careconnect-models` hands the file's path to the build scripts of the crates that
//! depend on it through Cargo's `links` metadata ([`FACTS_ENV`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::{Error, Location, Result};
use crate::ir::Model;
use crate::ir::profile::{ProfileKind, ProfileLayer};
use crate::load::model::{CodeSystem, Registry, StructureDefinition, ValueSet};

/// Where the facts file is written, relative to the workspace root.
pub const FACTS_FILE: &str = "careconnect-models/facts.jsonl";

/// The environment variable a dependent build script finds the facts file in (set by
/// Cargo from `careconnect-models`' `links = "careconnect_models"` metadata).
pub const FACTS_ENV: &str = "DEP_CARECONNECT_MODELS_FACTS";

/// Set to `1` for dependent build scripts when the models have their `derive` feature.
pub const DERIVE_ENV: &str = "DEP_CARECONNECT_MODELS_DERIVE";

/// Set to `1` for dependent build scripts when the models have their `xml` feature.
pub const XML_ENV: &str = "DEP_CARECONNECT_MODELS_XML";

/// Set to `1` for dependent build scripts when the models have their `serde` feature.
pub const SERDE_ENV: &str = "DEP_CARECONNECT_MODELS_SERDE";

/// The version of the file's layout; a reader refuses any other.
pub const FORMAT: u32 = 1;

/// The first line of the facts file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    /// The version of the generator that wrote the file.
    pub generator: String,
    /// The packages the models were generated from, in order.
    pub packages: Vec<String>,
    /// The naming prefix the models were generated with.
    pub prefix: String,
    pub provides: Provides,
}

/// Every Rust item of the models that a definition stands for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Provides {
    /// `careconnect_models::stu3::{name}`: core datatypes and resources.
    pub base: Vec<Provided>,
    /// `careconnect_models::careconnect::{name}`: profiles and extension definitions.
    pub modules: Vec<Provided>,
    /// `careconnect_models::careconnect::codes::{name}`, keyed by value set URL.
    pub codes: Vec<Provided>,
    /// `careconnect_models::careconnect::{name}`: shared structs (no URL of their own).
    pub shared: Vec<String>,
    /// `careconnect_models::careconnect::targets::{name}`: reference target markers.
    pub targets: Vec<String>,
}

/// One definition and the item generated for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provided {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The Rust type's name.
    pub name: String,
}

impl Provides {
    /// The table for a generated model.
    pub fn of(registry: &Registry, model: &Model, layer: &ProfileLayer) -> Provides {
        let version = |url: &str| {
            registry
                .structure_definitions
                .get(url)
                .and_then(|sd| sd.version.clone())
        };
        let base = model
            .datatypes
            .iter()
            .chain(&model.resources)
            .filter_map(|m| m.structs.first())
            .map(|s| Provided {
                version: version(&s.url),
                url: s.url.clone(),
                name: s.name.clone(),
            })
            .collect();
        Provides {
            base,
            modules: layer
                .modules()
                .map(|m| Provided {
                    url: m.url.clone(),
                    version: m.version.clone(),
                    name: m.name.clone(),
                })
                .collect(),
            codes: layer
                .code_enums
                .iter()
                .map(|c| Provided {
                    url: c.value_set.clone(),
                    version: registry
                        .value_sets
                        .get(&c.value_set)
                        .and_then(|vs| vs.version.clone()),
                    name: c.name.clone(),
                })
                .collect(),
            shared: layer.shared.iter().map(|s| s.def.name.clone()).collect(),
            targets: layer.targets.iter().map(|t| t.name.clone()).collect(),
        }
    }

    /// Checks that lowering the facts again gave the items the models have: a generator of
    /// another version than the models would name or shape them differently.
    pub fn check_same(&self, again: &Provides, file: &Path) -> Result<()> {
        let mut message = String::new();
        let lists: [(&str, &[Provided], &[Provided]); 3] = [
            ("type", &self.base, &again.base),
            ("profile or extension", &self.modules, &again.modules),
            ("code enum", &self.codes, &again.codes),
        ];
        for (what, had, now) in lists {
            let now: BTreeMap<&str, &Provided> = now.iter().map(|p| (p.url.as_str(), p)).collect();
            for p in had {
                match now.get(p.url.as_str()) {
                    Some(q) if q.name == p.name => {}
                    Some(q) => {
                        let _ = write!(
                            message,
                            "\n  {what} {}: `{}` in careconnect-models, `{}` now",
                            p.url, p.name, q.name
                        );
                    }
                    None => {
                        let _ = write!(message, "\n  {what} {}: not generated now", p.url);
                    }
                }
            }
        }
        for (what, had, now) in [
            ("shared struct", &self.shared, &again.shared),
            ("target marker", &self.targets, &again.targets),
        ] {
            for name in had.iter().filter(|n| !now.contains(n)) {
                let _ = write!(message, "\n  {what} `{name}`: not generated now");
            }
        }
        if message.is_empty() {
            return Ok(());
        }
        Err(Error::input(
            Location::file(file),
            format!(
                "careconnect-models was generated by another version of careconnect-codegen: \
                 lowering its definitions again does not give its types (use the \
                 careconnect-codegen of the same release as careconnect-models):{message}"
            ),
        ))
    }
}

/// One resource line of the facts file.
#[derive(Serialize, Deserialize)]
enum Entry {
    StructureDefinition(StructureDefinition),
    ValueSet(ValueSet),
    CodeSystem(CodeSystem),
}

/// The facts file's text for a registry (snapshots generated, fixups applied) and what was
/// generated from it.
pub fn write(
    registry: &Registry,
    model: &Model,
    layer: &ProfileLayer,
    prefix: &str,
) -> Result<String> {
    let header = Header {
        format: FORMAT,
        generator: env!("CARGO_PKG_VERSION").to_owned(),
        packages: registry.packages.clone(),
        prefix: prefix.to_owned(),
        provides: Provides::of(registry, model, layer),
    };
    let json_error = |e: serde_json::Error| Error::Emit {
        file: PathBuf::from(FACTS_FILE),
        message: e.to_string(),
    };
    let mut text = serde_json::to_string(&header).map_err(json_error)?;
    text.push('\n');
    for sd in registry.structure_definitions.values() {
        let mut sd = sd.clone();
        if sd.snapshot.is_some() {
            sd.differential = None;
        }
        for list in [sd.snapshot.as_mut(), sd.differential.as_mut()]
            .into_iter()
            .flatten()
        {
            for e in list {
                e.line = None;
                e.constraints.clear();
            }
        }
        text.push_str(&serde_json::to_string(&Entry::StructureDefinition(sd)).map_err(json_error)?);
        text.push('\n');
    }
    for vs in registry.value_sets.values() {
        text.push_str(&serde_json::to_string(&Entry::ValueSet(vs.clone())).map_err(json_error)?);
        text.push('\n');
    }
    for cs in registry.code_systems.values() {
        text.push_str(&serde_json::to_string(&Entry::CodeSystem(cs.clone())).map_err(json_error)?);
        text.push('\n');
    }
    Ok(text)
}

/// The models' definitions and their table, read back from a facts file.
pub struct Facts {
    pub file: PathBuf,
    pub header: Header,
    /// The registry the models were generated from (no diagnostics: they were reported
    /// when the models were generated).
    pub registry: Registry,
}

/// Reads a facts file.
pub fn read(file: &Path) -> Result<Facts> {
    let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
    parse(&text, file)
}

/// [`read`] on given text (`file` names it in messages).
pub fn parse(text: &str, file: &Path) -> Result<Facts> {
    let error = |line: usize, message: String| {
        Error::input(
            Location::file(file).with_line(u32::try_from(line).unwrap_or(u32::MAX)),
            message,
        )
    };
    let mut lines = text.lines().enumerate();
    let header: Header = match lines.next() {
        Some((_, line)) => serde_json::from_str(line)
            .map_err(|e| error(1, format!("not a careconnect-models facts header: {e}")))?,
        None => return Err(error(1, "empty facts file".into())),
    };
    if header.format != FORMAT {
        return Err(error(
            1,
            format!(
                "facts format {} written by careconnect-codegen {}; this careconnect-codegen \
                 ({}) reads format {FORMAT}: use the careconnect-codegen of the same release \
                 as careconnect-models",
                header.format,
                header.generator,
                env!("CARGO_PKG_VERSION")
            ),
        ));
    }
    let mut registry = Registry {
        packages: header.packages.clone(),
        ..Registry::default()
    };
    // One resource per line: parsed on every core, added in file order.
    let rest: Vec<(usize, &str)> = lines.filter(|(_, line)| !line.is_empty()).collect();
    let entries = crate::par::map(&rest, |(i, line)| {
        serde_json::from_str::<Entry>(line)
            .map_err(|e| error(i + 1, format!("not a facts entry: {e}")))
    });
    for entry in entries {
        match entry? {
            Entry::StructureDefinition(sd) => {
                registry.structure_definitions.insert(sd.url.clone(), sd);
            }
            Entry::ValueSet(vs) => {
                registry.value_sets.insert(vs.url.clone(), vs);
            }
            Entry::CodeSystem(cs) => {
                registry.code_systems.insert(cs.url.clone(), cs);
            }
        }
    }
    Ok(Facts {
        file: file.to_path_buf(),
        header,
        registry,
    })
}

/// Whether a module of the profile layer is one the models provide.
pub fn provides_module(provides: &Provides, url: &str) -> bool {
    provides.modules.iter().any(|p| p.url == url)
}

/// The kind of a module, for messages.
pub fn kind_name(kind: &ProfileKind) -> &'static str {
    match kind {
        ProfileKind::Resource { .. } | ProfileKind::Datatype { .. } => "profile",
        ProfileKind::Extension => "extension",
    }
}
