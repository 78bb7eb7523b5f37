//! A build on top of `careconnect-models`: a user's profile packages → one file for
//! `include!`.
//!
//! ```text
//! facts file ──▶ registry (core + Care Connect, as the models were generated from it)
//! packages   ──▶ + the user's definitions (a copy of a provided one: same version is
//!                  dropped, another version is an error naming both)
//!            ──▶ snapshots of the user's differentials, on the models' snapshots
//!            ──▶ lower everything (names as in the models; checked against the facts)
//!            ──▶ emit the user's items, and what they use, paths relocated
//!            ──▶ one formatted file
//! ```
//!
//! Lowering the models' definitions again is what makes a user's profile on a Care
//! Connect profile a real derivation: the same snapshot, the same shared structs and
//! extension types, reused by path ([`crate::relocate`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Instant;

use quote::{format_ident, quote};

use crate::diag::{Diagnostic, DiagnosticKind, Error, Location, Result};
use crate::emit::profile::{module_tokens, profiled_file, shared_tokens, targets_items};
use crate::facts::{self, Facts};
use crate::ir::profile::{
    Implementor, ProfileKind, ProfileLayer, ProfileModule, SharedStruct, TargetSet, TargetType,
};
use crate::load::model::{Package, Registry, Sources, StructureDefinition};
use crate::load::{self, resolve};
use crate::relocate::{ItemRef, Local, Relocation, item_refs};
use crate::{Config, Generated, Output, lower, snapshot, write};

/// Runs a build of [`Output::Include`].
pub fn run(config: &Config) -> Result<Generated> {
    let started = Instant::now();
    let Output::Include { file } = &config.output else {
        return Err(Error::input(
            Location::default(),
            "include::run needs Output::Include",
        ));
    };
    let facts_path = config.facts.clone().ok_or_else(|| {
        Error::input(
            Location::default(),
            format!(
                "no careconnect-models facts file: the crate must depend on careconnect-models \
                 (which passes its facts file to build scripts as {}), or the build script \
                 must name the file with Config::models_facts",
                facts::FACTS_ENV
            ),
        )
    })?;
    if config.packages.is_empty() {
        return Err(Error::input(
            Location::default(),
            "no profile package: add one with Config::package (a folder of definitions, an \
             NPM package folder or a .tgz)",
        ));
    }
    if config.out_dir.as_os_str().is_empty() {
        return Err(Error::input(
            Location::default(),
            "no output folder: OUT_DIR is not set (not in a build script?); set one with \
             Config::out_dir",
        ));
    }
    let OnModels {
        lowered:
            crate::Lowered {
                registry: _,
                model,
                profiles: layer,
                diagnostics,
            },
        header,
        user_packages,
        inputs,
    } = lower_on_models(config, &facts_path)?;
    let load_time = started.elapsed();
    let started = Instant::now();
    let (text, selection) = emit(config, &header.provides, &layer, &user_packages)?;
    let formatted = write::FormattedFile {
        path: file.clone(),
        contents: include_header(config) + &text,
    };
    // What this build generated: its modules, counted with the shared structs they use
    // (the models' included), and the code enums, shared structs and markers it wrote.
    let emitted: BTreeSet<String> = selection.modules.iter().map(|m| m.url.clone()).collect();
    let module_counts = selection
        .modules
        .iter()
        .map(|m| crate::report::ModuleCounts::of(m, &layer))
        .collect();
    let local = selection.local;
    let mut profiles = layer;
    profiles.profiles.retain(|m| emitted.contains(&m.url));
    profiles.extensions.retain(|m| emitted.contains(&m.url));
    profiles
        .code_enums
        .retain(|c| local.codes.contains(&c.name));
    profiles.shared.retain(|s| {
        local.root.contains(&s.def.name) && !header.provides.shared.contains(&s.def.name)
    });
    profiles.targets.retain(|t| local.targets.contains(&t.name));
    let mut generated = Generated {
        files: vec![formatted],
        inputs,
        module_counts: Some(module_counts),
        fixups: Vec::new(),
        model,
        profiles,
        diagnostics,
        load_time,
        generate_time: started.elapsed(),
    };
    // The report beside the include file (`careconnect_profiles.report.md`): what each
    // definition became and every finding.
    let stem = file.strip_suffix(".rs").unwrap_or(file);
    generated.files.push(write::FormattedFile {
        path: format!("{stem}.report.md"),
        contents: generated.report().markdown(),
    });
    Ok(generated)
}

/// A build's definitions lowered on top of the models: the models' registry read back
/// from their facts file, the user's packages merged in, everything lowered (the
/// diagnostics only those about the user's definitions).
pub struct OnModels {
    pub lowered: crate::Lowered,
    pub header: facts::Header,
    /// The names of the user's packages.
    pub user_packages: BTreeSet<String>,
    /// Every file and folder read.
    pub inputs: Vec<PathBuf>,
}

/// Reads the facts file and `config`'s packages (none: the models' definitions alone) and
/// lowers them, checking that the models' types come out as they were generated.
pub fn lower_on_models(config: &Config, facts_path: &std::path::Path) -> Result<OnModels> {
    let facts = facts::read(facts_path)?;
    let (sources, files, watched) = read_packages(config, &facts.header.packages)?;
    let mut inputs = vec![facts_path.to_path_buf()];
    inputs.extend(watched);
    let user_packages: BTreeSet<String> = sources.packages.iter().map(|p| p.name.clone()).collect();
    let user = load::load_unresolved(&sources, &files)?;
    let Facts {
        header,
        mut registry,
        file: facts_file,
    } = facts;
    // Findings about the user's files (all kept: a copy of a provided definition that was
    // not read is the user's file too).
    let mut loading = Vec::new();
    merge(&mut registry, user, &facts_file, &mut loading)?;
    let is_user = |registry: &Registry, url: &str| {
        let package = registry
            .structure_definitions
            .get(url)
            .map(|r| &r.source.package)
            .or_else(|| registry.value_sets.get(url).map(|r| &r.source.package))
            .or_else(|| registry.code_systems.get(url).map(|r| &r.source.package));
        package.is_some_and(|p| user_packages.contains(p))
    };
    loading.extend(
        resolve::dangling_references(&registry)
            .iter()
            .filter(|d| {
                d.location
                    .url
                    .as_deref()
                    .is_some_and(|u| is_user(&registry, u))
            })
            .map(|d| d.to_diagnostic()),
    );
    // A definition of the packages that is not a profile or an extension (a logical model,
    // a new type) gets no type: said, not dropped in silence.
    let core_package = registry
        .structure_definitions
        .get(&format!("{}Extension", lower::CORE_PREFIX))
        .map(|sd| sd.source.package.clone());
    loading.extend(
        registry
            .structure_definitions
            .values()
            .filter(|sd| user_packages.contains(&sd.source.package))
            .filter(|sd| !lower::profile::is_profile(sd, core_package.as_deref()))
            .map(|sd| {
                Diagnostic::note(
                    DiagnosticKind::SkippedResource,
                    sd.source.location(&sd.url),
                    "not a profile of a resource or datatype, nor an extension (a logical \
                     model or a specialization): no type is generated for it",
                )
            }),
    );
    let mut diagnostics = snapshot::generate_snapshots(&mut registry);
    let (model, base_diagnostics) = lower::lower_base(&registry)?;
    diagnostics.extend(base_diagnostics);
    let options = lower::profile::ProfileOptions {
        prefix: header.prefix.clone(),
        renames: config.renames.clone(),
    };
    let (layer, profile_diagnostics) = lower::profile::lower_profiles(&registry, &model, &options)?;
    diagnostics.extend(profile_diagnostics);
    header
        .provides
        .check_same(&facts::Provides::of(&registry, &model, &layer), &facts_file)?;
    // Only what is about the user's definitions: the models' own findings were reported
    // when the models were generated.
    diagnostics.retain(|d| {
        d.location
            .url
            .as_deref()
            .is_some_and(|u| is_user(&registry, u))
    });
    diagnostics.append(&mut loading);
    load::sort_diagnostics(&mut diagnostics);
    Ok(OnModels {
        lowered: crate::Lowered {
            registry,
            model,
            profiles: layer,
            diagnostics,
        },
        header,
        user_packages,
        inputs,
    })
}

/// The user's packages, read: their `sources` (names in order), their files and what
/// Cargo should watch. A package named like another, or like one the models were
/// generated from, is an error.
fn read_packages(
    config: &Config,
    models_packages: &[String],
) -> Result<(Sources, Vec<load::InputFile>, Vec<PathBuf>)> {
    let mut packages: Vec<Package> = Vec::new();
    let mut files = Vec::new();
    let mut watched = Vec::new();
    for path in &config.packages {
        let read = load::package::read_package(path)?;
        if models_packages.contains(&read.name) || packages.iter().any(|p| p.name == read.name) {
            return Err(Error::input(
                Location::file(path),
                format!(
                    "package `{}` is given twice (or is one careconnect-models was generated \
                     from)",
                    read.name
                ),
            ));
        }
        watched.push(read.watch);
        packages.push(Package {
            name: read.name,
            path: path.clone(),
        });
        files.extend(read.files);
    }
    let sources = Sources {
        root: PathBuf::new(),
        packages,
        lock_file: PathBuf::new(),
    };
    Ok((sources, files, watched))
}

fn include_header(config: &Config) -> String {
    let packages: Vec<String> = config
        .packages
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    format!(
        "// @generated by careconnect-codegen {} from {}, on top of careconnect-models. Do not edit.\n\n",
        env!("CARGO_PKG_VERSION"),
        packages.join(", ")
    )
}

/// Adds the user's definitions to the models' registry. A definition the models were
/// generated from is never added a second time: the same version is dropped (with a
/// note), another version is an error naming both. A versioned reference
/// (`url|version`) to a provided definition must name the models' version.
fn merge(
    registry: &mut Registry,
    user: Registry,
    facts_file: &std::path::Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<()> {
    let mut errors = Vec::new();
    let mut check = |url: &str,
                     source: &crate::load::model::Source,
                     version: &Option<String>,
                     provided: Option<&Option<String>>,
                     what: &str|
     -> bool {
        let Some(provided) = provided else {
            return true;
        };
        if provided == version {
            diagnostics.push(Diagnostic::note(
                DiagnosticKind::DuplicateUrl,
                source.location(url),
                format!(
                    "this {what} (version {}) is one careconnect-models was generated from; \
                     the models' type is used, this copy is not read",
                    shown(version)
                ),
            ));
        } else {
            errors.push(Error::input(
                source.location(url),
                format!(
                    "this package has {what} version {}, but careconnect-models was generated \
                     from version {} ({}): one canonical URL cannot have two versions in one \
                     build; use the models' version or regenerate the models",
                    shown(version),
                    shown(provided),
                    facts_file.display()
                ),
            ));
        }
        false
    };
    for (url, sd) in user.structure_definitions {
        let provided = registry.structure_definitions.get(&url).map(|p| &p.version);
        if check(
            &url,
            &sd.source,
            &sd.version,
            provided,
            "StructureDefinition",
        ) {
            registry.structure_definitions.insert(url, sd);
        }
    }
    for (url, vs) in user.value_sets {
        let provided = registry.value_sets.get(&url).map(|p| &p.version);
        if check(&url, &vs.source, &vs.version, provided, "ValueSet") {
            registry.value_sets.insert(url, vs);
        }
    }
    for (url, cs) in user.code_systems {
        let provided = registry.code_systems.get(&url).map(|p| &p.version);
        if check(&url, &cs.source, &cs.version, provided, "CodeSystem") {
            registry.code_systems.insert(url, cs);
        }
    }
    let user_packages: BTreeSet<&str> = user.packages.iter().map(String::as_str).collect();
    for sd in registry
        .structure_definitions
        .values()
        .filter(|sd| user_packages.contains(sd.source.package.as_str()))
    {
        versioned_references(registry, sd, &user_packages, facts_file, &mut errors);
    }
    registry.packages.extend(user.packages);
    diagnostics.extend(user.diagnostics);
    match errors.len() {
        0 => Ok(()),
        1 => Err(errors.remove(0)),
        _ => Err(Error::Many(errors)),
    }
}

fn shown(version: &Option<String>) -> &str {
    version.as_deref().unwrap_or("(none)")
}

/// `url|version` references from a user's definition to a provided one of another version.
fn versioned_references(
    registry: &Registry,
    sd: &StructureDefinition,
    user_packages: &BTreeSet<&str>,
    facts_file: &std::path::Path,
    errors: &mut Vec<Error>,
) {
    let mut refs: Vec<(Option<&str>, &str)> = Vec::new();
    if let Some(base) = &sd.base_definition {
        refs.push((None, base));
    }
    for e in sd.snapshot.iter().chain(&sd.differential).flatten() {
        let id = e.id.as_deref().or(Some(e.path.as_str()));
        for t in &e.types {
            refs.extend(t.profile.as_deref().map(|p| (id, p)));
            refs.extend(t.target_profile.as_deref().map(|p| (id, p)));
        }
        if let Some(vs) = e.binding.as_ref().and_then(|b| b.value_set.as_deref()) {
            refs.push((id, vs));
        }
    }
    let mut seen = BTreeSet::new();
    for (element, reference) in refs {
        let Some((url, version)) = reference.split_once('|') else {
            continue;
        };
        let provided = registry
            .structure_definitions
            .get(url)
            .map(|p| (&p.version, &p.source.package))
            .or_else(|| {
                registry
                    .value_sets
                    .get(url)
                    .map(|p| (&p.version, &p.source.package))
            });
        let Some((provided, package)) = provided else {
            continue;
        };
        if user_packages.contains(package.as_str())
            || provided.as_deref() == Some(version)
            || !seen.insert((element, reference))
        {
            continue;
        }
        let mut location = sd.source.location(&sd.url);
        location.element = element.map(str::to_owned);
        errors.push(Error::input(
            location,
            format!(
                "needs {url} version {version}, but careconnect-models was generated from \
                 version {} ({})",
                shown(provided),
                facts_file.display()
            ),
        ));
    }
}

/// Which items of the layer the build writes, from the modules asked for and everything
/// their code uses.
struct Selection<'l> {
    modules: Vec<&'l ProfileModule>,
    local: Local,
}

fn select<'l>(
    config: &Config,
    provides: &facts::Provides,
    layer: &'l ProfileLayer,
    user_packages: &BTreeSet<String>,
) -> Result<Selection<'l>> {
    let user_modules: Vec<&ProfileModule> = layer
        .modules()
        .filter(|m| user_packages.contains(&m.package))
        .collect();
    // Every type name at the layer's root → the module or shared struct it lives in.
    let mut owner: BTreeMap<&str, Owner<'l>> = BTreeMap::new();
    for &m in &user_modules {
        for s in &m.structs {
            owner.insert(&s.name, Owner::Module(m));
        }
        for c in &m.choices {
            owner.insert(&c.name, Owner::Module(m));
        }
    }
    let provided_shared: BTreeSet<&str> = provides.shared.iter().map(String::as_str).collect();
    for s in &layer.shared {
        if !provided_shared.contains(s.def.name.as_str()) {
            owner.insert(&s.def.name, Owner::Shared);
        }
    }
    let provided_codes: BTreeSet<&str> = provides.codes.iter().map(|c| c.name.as_str()).collect();
    let provided_targets: BTreeSet<&str> = provides.targets.iter().map(String::as_str).collect();

    if config.profiles.is_empty() {
        // Everything: what is the user's follows from the IR, no need to read the code.
        let mut local = Local::default();
        for m in &user_modules {
            local.root.extend(m.structs.iter().map(|s| s.name.clone()));
            local.root.extend(m.choices.iter().map(|c| c.name.clone()));
        }
        local.root.extend(
            owner
                .iter()
                .filter(|(_, o)| matches!(o, Owner::Shared))
                .map(|(name, _)| (*name).to_owned()),
        );
        local.codes.extend(
            layer
                .code_enums
                .iter()
                .filter(|c| !provided_codes.contains(c.name.as_str()))
                .map(|c| c.name.clone()),
        );
        local.targets.extend(
            layer
                .targets
                .iter()
                .filter(|t| !provided_targets.contains(t.name.as_str()))
                .map(|t| t.name.clone()),
        );
        let mut modules = user_modules;
        modules.sort_by(|a, b| a.name.cmp(&b.name));
        return Ok(Selection { modules, local });
    }
    let mut wanted: Vec<&ProfileModule> = Vec::new();
    {
        let mut unknown = Vec::new();
        for asked in &config.profiles {
            match user_modules
                .iter()
                .find(|m| &m.url == asked || &m.name == asked)
            {
                Some(m) => wanted.push(m),
                None => unknown.push(asked.as_str()),
            }
        }
        if !unknown.is_empty() {
            let known: Vec<&str> = user_modules.iter().map(|m| m.url.as_str()).collect();
            return Err(Error::input(
                Location::default(),
                format!(
                    "profiles asked for that no package defines: {}; the packages define {}",
                    unknown.join(", "),
                    known.join(", ")
                ),
            ));
        }
    }
    let mut local = Local::default();
    let mut modules: Vec<&ProfileModule> = Vec::new();
    let mut queue: Vec<Owner<'l>> = wanted.into_iter().map(Owner::Module).collect();
    let mut shared_queue: Vec<&str> = Vec::new();
    while !queue.is_empty() || !shared_queue.is_empty() {
        let mut batch: Vec<&ProfileModule> = Vec::new();
        for item in std::mem::take(&mut queue) {
            let Owner::Module(m) = item else { continue };
            if modules.iter().chain(&batch).any(|x| x.url == m.url) {
                continue;
            }
            batch.push(m);
            for s in &m.structs {
                local.root.insert(s.name.clone());
            }
            for c in &m.choices {
                local.root.insert(c.name.clone());
            }
        }
        let shared: Vec<&SharedStruct> = std::mem::take(&mut shared_queue)
            .into_iter()
            .filter_map(|name| layer.shared.iter().find(|s| s.def.name == name))
            .collect();
        // What the new items' code names, found on every core.
        let found = crate::par::map(&batch, |m| -> Result<BTreeSet<ItemRef>> {
            let mut refs = BTreeSet::new();
            item_refs(&module_tokens(layer, m, &m.file)?, &mut refs);
            Ok(refs)
        });
        let mut refs = BTreeSet::new();
        for r in found {
            refs.extend(r?);
        }
        for s in shared {
            item_refs(&shared_tokens(layer, s, &s.def.name)?, &mut refs);
        }
        modules.extend(batch);
        for r in refs {
            match r {
                ItemRef::Root(name) => match owner.get(name.as_str()) {
                    Some(Owner::Module(m)) => queue.push(Owner::Module(m)),
                    Some(Owner::Shared) if local.root.insert(name.clone()) => {
                        shared_queue.push(owner_key(&owner, &name));
                    }
                    Some(Owner::Shared) | None => {}
                },
                ItemRef::Code(name) => {
                    if !provided_codes.contains(name.as_str()) {
                        local.codes.insert(name);
                    }
                }
                ItemRef::Target(name) => {
                    if !provided_targets.contains(name.as_str()) {
                        local.targets.insert(name);
                    }
                }
            }
        }
    }
    modules.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Selection { modules, local })
}

#[derive(Clone, Copy)]
enum Owner<'l> {
    Module(&'l ProfileModule),
    Shared,
}

/// The key `owner` stores `name` under (borrowed from the layer, so it outlives `name`).
fn owner_key<'l>(owner: &BTreeMap<&'l str, Owner<'l>>, name: &str) -> &'l str {
    owner
        .get_key_value(name)
        .map(|(k, _)| *k)
        .unwrap_or_default()
}

/// One module of the include file, emitted, moved and formatted on its own.
enum Piece<'l> {
    Codes(Vec<&'l crate::ir::CodeEnum>),
    Targets(Vec<(&'l TargetSet, bool, Vec<&'l Implementor>)>),
    Profiled(Vec<&'l ProfileModule>),
    Shared(&'l SharedStruct),
    Module(&'l ProfileModule),
}

/// The include file's text (after its header) and what was selected.
fn emit<'l>(
    config: &Config,
    provides: &facts::Provides,
    layer: &'l ProfileLayer,
    user_packages: &BTreeSet<String>,
) -> Result<(String, Selection<'l>)> {
    let selection = select(config, provides, layer, user_packages)?;
    if selection.modules.is_empty() {
        return Err(Error::input(
            Location::default(),
            "the packages define no profile or extension to generate",
        ));
    }
    let mut pieces = Vec::new();
    let codes: Vec<_> = layer
        .code_enums
        .iter()
        .filter(|c| selection.local.codes.contains(&c.name))
        .collect();
    if !codes.is_empty() {
        pieces.push(Piece::Codes(codes));
    }
    let emitted: BTreeSet<&str> = selection.modules.iter().map(|m| m.name.as_str()).collect();
    let mut sets = Vec::new();
    for t in &layer.targets {
        let declare = selection.local.targets.contains(&t.name);
        let implementors: Vec<&Implementor> = t
            .implementors
            .iter()
            .filter(|i| match &i.ty {
                TargetType::Profile(name) => {
                    emitted.contains(name.as_str())
                        || (declare && provides.modules.iter().any(|p| &p.name == name))
                }
                TargetType::Base(_) => declare,
            })
            .collect();
        if declare || !implementors.is_empty() {
            sets.push((t, declare, implementors));
        }
    }
    if !sets.is_empty() {
        pieces.push(Piece::Targets(sets));
    }
    let resources: Vec<&ProfileModule> = selection
        .modules
        .iter()
        .copied()
        .filter(|m| matches!(m.kind, ProfileKind::Resource { .. }))
        .collect();
    if !resources.is_empty() {
        pieces.push(Piece::Profiled(resources));
    }
    for s in &layer.shared {
        if selection.local.root.contains(&s.def.name) && !provides.shared.contains(&s.def.name) {
            pieces.push(Piece::Shared(s));
        }
    }
    pieces.extend(selection.modules.iter().map(|m| Piece::Module(m)));

    let features = [
        ("derive", config.derive_support),
        ("xml", config.xml_support),
        ("serde", config.serde_support),
    ];
    let relocation = Relocation {
        models: &config.models_crate,
        local: &selection.local,
        features: &features,
    };
    // Tokens cannot cross threads: each piece is emitted where it is formatted.
    let texts = crate::par::map(&pieces, |piece| render(layer, piece, &relocation));
    let mut text = String::new();
    for t in texts {
        text.push_str(&t?);
    }
    Ok((text, selection))
}

/// A piece as the models would have it (derives expanded), moved into the user's crate,
/// wrapped in its module and formatted.
fn render(layer: &ProfileLayer, piece: &Piece<'_>, relocation: &Relocation<'_>) -> Result<String> {
    let (name, public, tokens) = match piece {
        Piece::Codes(codes) => {
            let names = codes.iter().map(|c| format_ident!("{}", c.name));
            let enums = codes.iter().map(|c| crate::emit::code_enum(c));
            let tokens = quote! {
                #![doc = " Codes of the required value sets the profiles bind, one enum per value set."]
                #(#enums)*
                #(
                    #[cfg(feature = "derive")]
                    crate::__careconnect_bound_codes!(#names);
                )*
            };
            ("codes".to_owned(), true, tokens)
        }
        Piece::Targets(sets) => (
            "targets".to_owned(),
            true,
            targets_items(sets.iter().cloned()),
        ),
        Piece::Profiled(resources) => (
            "profiled".to_owned(),
            false,
            profiled_file(resources.iter().copied()),
        ),
        Piece::Shared(s) => (
            crate::names::module(&s.def.name),
            false,
            shared_tokens(layer, s, &s.def.name)?,
        ),
        Piece::Module(m) => (m.file.clone(), false, module_tokens(layer, m, &m.file)?),
    };
    let emit_error = |e: syn::Error| Error::Emit {
        file: PathBuf::from(&name),
        message: e.to_string(),
    };
    let mut file: syn::File = syn::parse2(relocation.apply(tokens)).map_err(emit_error)?;
    crate::expand::expand_derives(&mut file).map_err(emit_error)?;
    // What the expansions added: their feature gates and their path to the models.
    relocation.visit_file(&mut file);
    let ident = format_ident!("{}", name);
    let mut module: syn::ItemMod = syn::parse_quote! {
        #[allow(
            clippy::needless_update,
            clippy::redundant_closure,
            clippy::redundant_closure_call,
            clippy::unnecessary_map_on_constructor
        )]
        mod #ident {}
    };
    if public {
        module.vis = syn::parse_quote!(pub);
    }
    module.attrs.append(&mut file.attrs);
    module.content = Some((Default::default(), std::mem::take(&mut file.items)));
    let mut items = vec![syn::Item::Mod(module)];
    if !public {
        // The profiled module gives only its enum; the others all their types.
        let reexport: syn::Item = match piece {
            Piece::Profiled(_) => syn::parse_quote!(
                pub use profiled::ProfiledResource;
            ),
            _ => syn::parse_quote!(pub use #ident::*;),
        };
        items.push(reexport);
    }
    file.attrs = Vec::new();
    file.items = items;
    Ok(prettyplease::unparse(&file))
}
