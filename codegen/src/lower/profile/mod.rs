//! Stage 4b: profile and extension snapshots → the profile layer's IR, on top of the
//! base layer's IR.
//!
//! A snapshot becomes an element `tree`. Each struct of a profile walks the fields of the
//! base struct it narrows and lowers each one into a [`Member`](crate::ir::profile::Member):
//! what the profile made of it. One module per concern, and each rule decided in one
//! place:
//!
//! | module | decides |
//! |---|---|
//! | `tree` | which snapshot element stands for which base field |
//! | `fields` | cardinality, removed elements, which type an element gets, nested structs |
//! | `fixed` | fixed and pattern values (checked against the element's type here) |
//! | `binding` | required bindings → code enums, or a constant where they cannot be |
//! | `reference` | target profiles → typed references |
//! | `slicing` | slices, their matchers and the remainder |
//! | `choice` | choice elements narrowed to fewer types |
//! | `sharing` | an IR pass: structs constrained alike become one shared struct |
//! | `decided` | an IR pass: the structs the profiles decide entirely, which constructors fill |
//! | `docs` | nothing of the types: what each field's element says besides, for its docs |
//!
//! Whether an element gets a struct of its own is not a second walk over the snapshot: the
//! element is lowered, and its struct is kept when the lowered form differs from the base
//! struct's (any member that is not the base field unchanged); otherwise everything
//! lowered for it is rolled back and the base type is used.
//!
//! Policies for what the profiles contain, each named in the README:
//! - a slice whose discriminator has no fixed value in the slice cannot be matched: no
//!   field, its items stay in the remainder, a `SliceWithoutDiscriminatorValue` diagnostic;
//! - a required binding to a value set that can be listed becomes an enum (`codes`); one
//!   that cannot (SNOMED CT expression filters, external code systems) keeps the base type,
//!   gets a `…_BINDING` constant and a diagnostic; one to a value set found nowhere keeps
//!   the base type with an `UnresolvedBinding` diagnostic;
//! - a `targetProfile` narrower than the base becomes a typed reference; targets that no
//!   package defines are dropped from the set with an `UnresolvedProfile` diagnostic;
//! - a slice name used twice: the second is ignored (`DuplicateSliceName`);
//! - a constraint the types cannot express is reported (`UnsupportedConstraint`), never
//!   dropped without a word.

mod binding;
mod choice;
mod decided;
mod docs;
mod fields;
mod fixed;
mod reference;
mod sharing;
mod slicing;
mod tree;

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, DiagnosticKind, Error, Result};
use crate::ir::profile::{
    BindingConst, Link, PChoice, PStruct, PType, ProfileKind, ProfileLayer, ProfileModule,
    TargetSet, Wire, WireField, WireStruct,
};
use crate::ir::{ChoiceEnum, CodeEnum, FieldType, Model, StructDef};
use crate::load::model::{
    Derivation, ElementDefinition, Registry, StructureDefinition, StructureKind,
};
use crate::lower::{CORE_PREFIX, Codes};
use crate::names;
use tree::{NodeId, Tree};

/// What the profile layer is lowered with, besides the definitions.
#[derive(Debug, Clone)]
pub struct ProfileOptions {
    /// The prefix of generated names that are not a definition's own (shared structs), and
    /// the publisher prefix stripped from extension names (`CareConnect`).
    pub prefix: String,
    /// Names chosen by the user for definitions (canonical URL → Rust type name), used
    /// instead of the names derived from the URL.
    pub renames: BTreeMap<String, String>,
}

/// The profile layer's IR and the findings made while building it.
pub fn lower_profiles(
    registry: &Registry,
    base: &Model,
    options: &ProfileOptions,
) -> Result<(ProfileLayer, Vec<Diagnostic>)> {
    let core_package = registry
        .structure_definitions
        .get(&format!("{CORE_PREFIX}Extension"))
        .map(|sd| sd.source.package.clone());
    let definitions: Vec<&StructureDefinition> = registry
        .structure_definitions
        .values()
        .filter(|sd| is_profile(sd, core_package.as_deref()))
        .collect();
    let mut derivation_notes: Vec<Diagnostic> = definitions
        .iter()
        .filter(|sd| missing_derivation(sd))
        .map(|sd| {
            Diagnostic::note(
                DiagnosticKind::UnexpectedContent,
                sd.source.location(&sd.url),
                "no `derivation`; taken as a constraint on its baseDefinition (same type)",
            )
        })
        .collect();
    let mut cx = ProfileLowering {
        registry,
        base: BaseIndex::new(base),
        module_names: BTreeMap::new(),
        codes: Codes::default(),
        targets: BTreeMap::new(),
        diagnostics: Vec::new(),
        taken: BTreeSet::new(),
        options,
    };
    // Package by package, in `sources.toml` order: a package's modules, nested structs and
    // shared structs are named before any later package's, so adding a package can never
    // take a name from an earlier one.
    let mut ranks: Vec<usize> = definitions
        .iter()
        .map(|sd| registry.package_rank(&sd.source.package))
        .collect();
    ranks.sort_unstable();
    ranks.dedup();
    let mut layer = ProfileLayer::default();
    for rank in ranks {
        let package: Vec<&StructureDefinition> = definitions
            .iter()
            .copied()
            .filter(|sd| registry.package_rank(&sd.source.package) == rank)
            .collect();
        cx.name_modules(&package)?;
        let mut errors = Vec::new();
        for sd in package {
            match cx.lower_definition(sd) {
                Ok(Some(module)) => match module.kind {
                    ProfileKind::Extension => layer.extensions.push(module),
                    ProfileKind::Resource { .. } | ProfileKind::Datatype { .. } => {
                        layer.profiles.push(module)
                    }
                },
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(Error::Many(errors));
        }
        layer.profiles.sort_by(|a, b| a.name.cmp(&b.name));
        layer.extensions.sort_by(|a, b| a.name.cmp(&b.name));
        sharing::share_package(&mut layer, rank, registry, &options.prefix, &mut cx.taken)?;
    }
    layer.code_enums = cx
        .codes
        .finish_named(registry, &used_value_sets(&layer, registry))?;
    let used_targets = used_targets(&layer);
    layer.targets = cx
        .targets
        .into_values()
        .filter(|t| used_targets.contains(&t.name))
        .collect();
    layer.targets.sort_by(|a, b| a.name.cmp(&b.name));
    layer.base_choices = used_base_choices(&layer, base);
    layer.wire = wire(&layer, base);
    decided::decide(&mut layer);
    let mut diagnostics = cx.diagnostics;
    diagnostics.append(&mut derivation_notes);
    diagnostics.sort();
    diagnostics.dedup();
    Ok((layer, diagnostics))
}

/// The base choice enums that profile fields hold as they are or narrow to one variant
/// (whose FHIR type codes the docs name), in name order.
fn used_base_choices(layer: &ProfileLayer, base: &Model) -> Vec<ChoiceEnum> {
    let mut names = BTreeSet::new();
    let structs = layer
        .modules()
        .flat_map(|m| &m.structs)
        .chain(layer.shared.iter().map(|s| &s.def));
    for s in structs {
        for f in s.fields() {
            for t in f.ty.walk() {
                match t {
                    PType::Base {
                        ty: FieldType::Choice(name),
                        ..
                    }
                    | PType::ChoiceOnly {
                        base_enum: name, ..
                    } => {
                        names.insert(name.clone());
                    }
                    _ => {}
                }
            }
        }
    }
    let all = base
        .datatypes
        .iter()
        .chain(&base.resources)
        .flat_map(|m| &m.choices)
        .chain(&base.shared_choices);
    let mut found: Vec<ChoiceEnum> = all.filter(|c| names.contains(&c.name)).cloned().collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found.dedup_by(|a, b| a.name == b.name);
    found
}

/// The wire facts of the base structs and choice enums the layer's structs and choices
/// narrow ([`ProfileLayer::wire`]).
fn wire(layer: &ProfileLayer, base: &Model) -> Wire {
    let mut wanted = BTreeSet::new();
    let mut choices = BTreeSet::new();
    let structs = layer
        .modules()
        .flat_map(|m| &m.structs)
        .chain(layer.shared.iter().map(|s| &s.def));
    for s in structs {
        wanted.insert(s.base.as_str());
        for f in s.fields() {
            for t in f.ty.walk() {
                if let PType::ChoiceOnly { base_enum, .. } = t {
                    choices.insert(base_enum.as_str());
                }
            }
        }
    }
    for c in layer.modules().flat_map(|m| &m.choices) {
        choices.insert(c.base.as_str());
    }
    let modules = || base.datatypes.iter().chain(&base.resources);
    let mut wire = Wire::default();
    for s in modules().flat_map(|m| &m.structs) {
        if !wanted.contains(s.name.as_str()) {
            continue;
        }
        let fields = s
            .fields
            .iter()
            .map(|f| WireField {
                name: f.name.clone(),
                json: f.fhir_name.clone(),
                xhtml: f.ty == FieldType::Xhtml,
            })
            .collect();
        let resource = (s.kind == crate::ir::StructKind::Resource).then(|| s.fhir_name.clone());
        wire.structs
            .insert(s.name.clone(), WireStruct { resource, fields });
    }
    let all = modules()
        .flat_map(|m| &m.choices)
        .chain(&base.shared_choices);
    for c in all.filter(|c| choices.contains(c.name.as_str())) {
        let suffixes = c
            .variants
            .iter()
            .map(|v| (v.name.clone(), key_suffix(&v.type_code)))
            .collect();
        wire.suffixes.insert(c.name.clone(), suffixes);
    }
    wire
}

/// The suffix a choice's JSON key takes for type code `code`: its first letter upper
/// case (`dateTime` → `valueDateTime`), the rule of the base layer's derive expansion.
fn key_suffix(code: &str) -> String {
    let mut chars = code.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Whether a definition belongs to the profile layer: a resource or datatype constraint
/// that is not part of the base layer's own package (profiles and extensions, including a
/// later package's re-publications of core extensions).
pub fn is_profile(sd: &StructureDefinition, core_package: Option<&str>) -> bool {
    is_constraint(sd)
        && matches!(
            sd.kind,
            StructureKind::Resource | StructureKind::ComplexType
        )
        && !(sd.url.starts_with(CORE_PREFIX) && Some(sd.source.package.as_str()) == core_package)
}

/// A constraint on its base: said by `derivation`, or, where a definition outside the
/// core omits it (STU3 makes it optional), by a `baseDefinition` of the same type. The
/// definitions that omit it get an [`DiagnosticKind::UnexpectedContent`] note.
fn is_constraint(sd: &StructureDefinition) -> bool {
    match sd.derivation {
        Some(d) => d == Derivation::Constraint,
        None => missing_derivation(sd),
    }
}

/// A definition outside the core with a `baseDefinition` and no `derivation`.
fn missing_derivation(sd: &StructureDefinition) -> bool {
    sd.derivation.is_none()
        && !sd.url.starts_with(CORE_PREFIX)
        && sd.base_definition.as_deref().is_some_and(|base| {
            let base = base.split_once('|').map_or(base, |(url, _)| url);
            base.rsplit('/').next() == Some(sd.type_name.as_str()) || !base.starts_with(CORE_PREFIX)
        })
}

/// The value sets the layer's types are bound to, the earlier packages' first (their
/// enums keep the plain names when two value sets would be named alike).
fn used_value_sets(layer: &ProfileLayer, registry: &Registry) -> Vec<String> {
    let mut used: BTreeMap<(usize, String), ()> = BTreeMap::new();
    for m in layer.modules() {
        let rank = registry.package_rank(&m.package);
        let mut visit = |ty: &PType| {
            each_value_set(ty, &mut |url| {
                used.insert((rank, crate::lower::unversioned(url).to_string()), ());
            });
        };
        for s in &m.structs {
            s.fields().for_each(|f| visit(&f.ty));
        }
        for c in &m.choices {
            c.variants.iter().for_each(|v| visit(&v.ty));
        }
    }
    for s in &layer.shared {
        let rank = registry.package_rank(&s.package);
        for f in s.def.fields() {
            each_value_set(&f.ty, &mut |url| {
                used.insert((rank, crate::lower::unversioned(url).to_string()), ());
            });
        }
    }
    let mut seen = BTreeSet::new();
    used.into_keys()
        .filter_map(|(_, url)| seen.insert(url.clone()).then_some(url))
        .collect()
}

fn each_value_set(ty: &PType, f: &mut dyn FnMut(&str)) {
    for t in ty.walk() {
        if let Some(Link::ValueSet(value_set)) = t.link() {
            f(value_set);
        }
    }
}

/// The target markers the layer's types use.
fn used_targets(layer: &ProfileLayer) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut visit = |ty: &PType| {
        for t in ty.walk() {
            if let Some(Link::Targets(targets)) = t.link() {
                out.insert(targets.to_string());
            }
        }
    };
    let structs = layer
        .modules()
        .flat_map(|m| m.structs.iter())
        .chain(layer.shared.iter().map(|s| &s.def));
    for s in structs {
        s.fields().for_each(|f| visit(&f.ty));
    }
    for c in layer.modules().flat_map(|m| m.choices.iter()) {
        c.variants.iter().for_each(|v| visit(&v.ty));
    }
    out
}

/// The base layer's structs, choice enums and code enums by Rust name.
struct BaseIndex<'m> {
    structs: BTreeMap<&'m str, &'m StructDef>,
    choices: BTreeMap<&'m str, &'m ChoiceEnum>,
    code_enums: BTreeMap<&'m str, &'m CodeEnum>,
}

impl<'m> BaseIndex<'m> {
    fn new(model: &'m Model) -> Self {
        let mut structs = BTreeMap::new();
        let mut choices = BTreeMap::new();
        for m in model.datatypes.iter().chain(&model.resources) {
            for s in &m.structs {
                structs.insert(s.name.as_str(), s);
            }
            for c in &m.choices {
                choices.insert(c.name.as_str(), c);
            }
        }
        for c in &model.shared_choices {
            choices.insert(c.name.as_str(), c);
        }
        let code_enums = model
            .code_enums
            .iter()
            .map(|e| (e.name.as_str(), e))
            .collect();
        BaseIndex {
            structs,
            choices,
            code_enums,
        }
    }
}

/// A warning about one element of a definition.
fn located(
    sd: &StructureDefinition,
    def: &ElementDefinition,
    kind: DiagnosticKind,
    msg: impl Into<String>,
) -> Diagnostic {
    let mut loc = sd
        .source
        .location(&sd.url)
        .with_element(def.id.clone().unwrap_or_else(|| def.path.clone()));
    loc.line = def.line;
    Diagnostic::warning(kind, loc, msg)
}

struct ProfileLowering<'a> {
    registry: &'a Registry,
    base: BaseIndex<'a>,
    /// Main type name of every profile and extension module, by canonical URL.
    module_names: BTreeMap<String, String>,
    codes: Codes,
    targets: BTreeMap<Vec<String>, TargetSet>,
    diagnostics: Vec<Diagnostic>,
    /// Type names given so far (modules, nested structs, choice enums, shared structs).
    taken: BTreeSet<String>,
    options: &'a ProfileOptions,
}

/// The definition being lowered and its element tree.
struct Scope<'s, 'a> {
    sd: &'s StructureDefinition,
    tree: &'s Tree<'a>,
    /// The module's main type name.
    module: &'s str,
}

/// A module while it is lowered: what its structs produced so far. A nested struct that
/// turns out not to constrain anything is rolled back to a [`Mark`].
#[derive(Default)]
struct ModuleBuilder {
    structs: Vec<PStruct>,
    choices: Vec<PChoice>,
    binding_consts: Vec<BindingConst>,
    /// Type names claimed for this module, in order.
    names: Vec<String>,
    /// The structs being lowered, outermost first.
    open: Vec<String>,
}

#[derive(Clone, Copy)]
struct Mark {
    structs: usize,
    choices: usize,
    binding_consts: usize,
    names: usize,
}

impl ModuleBuilder {
    fn mark(&self) -> Mark {
        Mark {
            structs: self.structs.len(),
            choices: self.choices.len(),
            binding_consts: self.binding_consts.len(),
            names: self.names.len(),
        }
    }

    /// Forgets everything produced since `mark`, and gives its names back.
    fn rollback(&mut self, mark: Mark, taken: &mut BTreeSet<String>) {
        self.structs.truncate(mark.structs);
        self.choices.truncate(mark.choices);
        self.binding_consts.truncate(mark.binding_consts);
        for name in self.names.drain(mark.names..) {
            taken.remove(&name);
        }
    }

    /// The struct standing for element `element`, if one was made.
    fn struct_for(&self, element: &str) -> Option<&PStruct> {
        self.structs.iter().find(|s| s.element == element)
    }
}

impl<'a> ProfileLowering<'a> {
    /// Names every module of one package that will be generated (definitions with a
    /// snapshot), in URL order.
    fn name_modules(&mut self, definitions: &[&StructureDefinition]) -> Result<()> {
        let mut ordered: Vec<&StructureDefinition> = definitions
            .iter()
            .copied()
            .filter(|sd| sd.snapshot.is_some())
            .collect();
        ordered.sort_by_key(|sd| &sd.url);
        let mut errors = Vec::new();
        for sd in ordered {
            let candidates = match self.options.renames.get(&sd.url) {
                Some(name) => vec![name.clone()],
                None => names::profile_module(
                    &sd.url,
                    sd.type_name == "Extension",
                    &self.options.prefix,
                ),
            };
            match names::first_free(candidates.clone(), &mut self.taken) {
                Some(name) => {
                    self.module_names.insert(sd.url.clone(), name);
                }
                None => errors.push(Error::input(
                    sd.source.location(&sd.url),
                    format!(
                        "every name for its type ({}) is taken by another definition",
                        candidates.join(", ")
                    ),
                )),
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Many(errors))
        }
    }

    fn lower_definition(&mut self, sd: &'a StructureDefinition) -> Result<Option<ProfileModule>> {
        let location = sd.source.location(&sd.url);
        let Some(elements) = sd.snapshot.as_deref() else {
            self.diagnostics.push(Diagnostic::warning(
                DiagnosticKind::UnsupportedConstraint,
                location,
                "no snapshot (none published and none generated); no type generated",
            ));
            return Ok(None);
        };
        let mut diags = Vec::new();
        let tree = Tree::build(sd, elements, &mut diags);
        self.diagnostics.extend(diags);
        let Some(tree) = tree else {
            return Err(Error::input(location, "the snapshot has no elements"));
        };
        let base_name = names::type_name(&sd.type_name);
        if !self.base.structs.contains_key(base_name.as_str()) {
            return Err(Error::input(
                location,
                format!(
                    "the constrained type {} is not in the base layer",
                    sd.type_name
                ),
            ));
        }
        let Some(name) = self.module_names.get(&sd.url).cloned() else {
            return Err(Error::input(location, "the definition was given no name"));
        };
        let kind = match (sd.kind, sd.type_name.as_str()) {
            (_, "Extension") => ProfileKind::Extension,
            (StructureKind::Resource, _) => ProfileKind::Resource {
                base: base_name.clone(),
            },
            _ => ProfileKind::Datatype {
                base: base_name.clone(),
            },
        };
        let scope = Scope {
            sd,
            tree: &tree,
            module: &name,
        };
        let mut builder = ModuleBuilder::default();
        // The main struct is generated whatever it constrains: the profile is a type.
        self.lower_struct(&scope, 0, &base_name, name.clone(), &mut builder)?;
        let element_facts = docs::element_facts(&tree, &builder.structs);
        Ok(Some(ProfileModule {
            file: names::module(&name),
            name,
            url: sd.url.clone(),
            version: sd.version.clone(),
            package: sd.source.package.clone(),
            kind,
            structs: builder.structs,
            choices: builder.choices,
            binding_consts: builder.binding_consts,
            element_facts,
        }))
    }

    /// The package that defines `url`, when it is listed after the package of the definition
    /// being lowered: its types do not exist yet (packages are lowered in the order of
    /// `sources.toml`, each building on the ones before).
    fn later_package(&self, scope: &Scope<'_, 'a>, url: &str) -> Option<&'a str> {
        let target = self.registry.structure_definitions.get(url)?;
        (self.registry.package_rank(&target.source.package)
            > self.registry.package_rank(&scope.sd.source.package))
        .then_some(target.source.package.as_str())
    }

    /// Claims a type name for `module` from `candidates`.
    fn claim(
        &mut self,
        scope: &Scope<'_, 'a>,
        node: NodeId,
        candidates: Vec<String>,
        module: &mut ModuleBuilder,
    ) -> Result<String> {
        match names::first_free(candidates.clone(), &mut self.taken) {
            Some(name) => {
                module.names.push(name.clone());
                Ok(name)
            }
            None => Err(Error::input(
                scope
                    .sd
                    .source
                    .location(&scope.sd.url)
                    .with_element(scope.tree.node(node).id.clone()),
                format!(
                    "every name for the element's type ({}) is taken by another type",
                    candidates.join(", ")
                ),
            )),
        }
    }
}
