//! Stage 4b: profile and extension snapshots → the profile layer's IR, on top of the
//! base layer's IR.
//!
//! A snapshot becomes an element tree (children by path, slices under the element they
//! slice, STU3 renamed-choice slices such as `valueQuantity:valueQuantity` under their
//! `value[x]`). Each struct of the profile walks the fields of the base struct it narrows
//! and decides, per field, what the profile made of it (see [`crate::ir::profile`]).
//! Nested structs are generated only where the profile constrains something inside an
//! element; elsewhere the base type is used as is.
//!
//! Policies for what the profiles contain, each named in the README:
//! - a slice whose discriminator has no fixed value in the slice cannot be matched: no
//!   field, its items stay in the remainder, a `SliceWithoutDiscriminatorValue` diagnostic;
//! - a required binding to a value set that can be listed becomes an enum
//!   (`careconnect::codes`); one that cannot (SNOMED CT expression filters, external code
//!   systems) keeps the base type, gets a `…_BINDING` constant and a diagnostic; one to a
//!   value set found nowhere keeps the base type with an `UnresolvedBinding` diagnostic;
//! - a `targetProfile` narrower than the base becomes a typed reference; targets that no
//!   package defines are dropped from the set with an `UnresolvedProfile` diagnostic;
//! - a slice name used twice: the second is ignored (`DuplicateSliceName`).

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, DiagnosticKind, Error, Result};
use crate::ir::profile::{
    BindingConst, FieldSource, Matcher, PChoice, PField, PStruct, PType, PVariant, PathStep,
    ProfileKind, ProfileLayer, ProfileModule, Rule, SliceDef, SlicingDef, StepKind, TargetSet,
};
use crate::ir::{
    Cardinality, ChoiceEnum, CodeEnum, Field, FieldType, Max, Model, Primitive, StructDef,
};
use crate::load::model::{
    Derivation, ElementDefinition, Registry, StructureDefinition, StructureKind,
};
use crate::lower::{CORE_PREFIX, Codes};
use crate::names;

/// The profile layer's IR and the findings made while building it.
pub fn lower_profiles(
    registry: &Registry,
    base: &Model,
) -> Result<(ProfileLayer, Vec<Diagnostic>)> {
    let definitions: Vec<&StructureDefinition> = registry
        .structure_definitions
        .values()
        .filter(|sd| is_profile(sd))
        .collect();
    let mut module_names = BTreeMap::new();
    let mut taken = BTreeSet::new();
    // Only definitions with a snapshot become types; references to the others fall back
    // to base types (with a diagnostic where they are used).
    for sd in definitions.iter().filter(|sd| sd.snapshot.is_some()) {
        module_names.insert(sd.url.clone(), names::unique(module_name(sd), &mut taken));
    }
    let mut cx = ProfileLowering {
        registry,
        base: BaseIndex::new(base),
        module_names,
        codes: Codes::default(),
        targets: BTreeMap::new(),
        diagnostics: Vec::new(),
        taken_struct_names: taken,
    };
    let mut layer = ProfileLayer::default();
    let mut errors = Vec::new();
    for sd in definitions {
        match cx.lower_definition(sd) {
            Ok(Some(module)) => match module.kind {
                ProfileKind::Extension => layer.extensions.push(module),
                _ => layer.profiles.push(module),
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
    layer.code_enums = cx.codes.finish();
    layer.targets = cx.targets.into_values().collect();
    share_structs(&mut layer, &mut cx.taken_struct_names);
    let mut diagnostics = cx.diagnostics;
    diagnostics.sort();
    diagnostics.dedup();
    Ok((layer, diagnostics))
}

/// Whether a definition belongs to the profile layer: a constraint published outside the
/// core package (Care Connect profiles and extensions, including Care Connect's own copies
/// of core extensions).
pub fn is_profile(sd: &StructureDefinition) -> bool {
    sd.derivation == Some(Derivation::Constraint)
        && matches!(
            sd.kind,
            StructureKind::Resource | StructureKind::ComplexType
        )
        && !(sd.url.starts_with(CORE_PREFIX) && sd.source.package == "fhir-stu3-core")
}

/// Rust name of a profile's or extension's main type: `CareConnect-Patient-1` →
/// `CareConnectPatient`, `Extension-CareConnect-EthnicCategory-1` → `EthnicCategory`,
/// `patient-birthTime` → `PatientBirthTime`.
pub fn module_name(sd: &StructureDefinition) -> String {
    let last = sd.url.rsplit('/').next().unwrap_or(&sd.url);
    let mut stem = last.trim();
    if let Some((head, tail)) = stem.rsplit_once('-')
        && !tail.is_empty()
        && tail.chars().all(|c| c.is_ascii_digit())
    {
        stem = head;
    }
    if sd.type_name == "Extension" {
        stem = stem.strip_prefix("Extension-").unwrap_or(stem);
        stem = stem.strip_prefix("CareConnect-").unwrap_or(stem);
    }
    names::type_name(&stem.replace('-', " "))
}

/// The base layer's structs and choice enums by Rust name.
struct BaseIndex<'m> {
    structs: BTreeMap<&'m str, &'m StructDef>,
    choices: BTreeMap<&'m str, &'m ChoiceEnum>,
    /// Base code enums by value set URL.
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
            .map(|e| (e.value_set.as_str(), e))
            .collect();
        BaseIndex {
            structs,
            choices,
            code_enums,
        }
    }
}

/// One element of a snapshot, with its children and slices.
struct Node<'a> {
    def: &'a ElementDefinition,
    id: String,
    /// The last path segment (`identifier`, `value[x]`, `valueQuantity`).
    name: String,
    slice_name: Option<String>,
    children: Vec<usize>,
    slices: Vec<usize>,
}

struct Tree<'a> {
    nodes: Vec<Node<'a>>,
}

impl<'a> Tree<'a> {
    fn build(
        sd: &StructureDefinition,
        elements: &'a [ElementDefinition],
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Tree<'a>> {
        let mut nodes: Vec<Node<'a>> = Vec::new();
        let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
        for def in elements {
            let id = match (&def.id, &def.slice_name) {
                (Some(id), _) => id.clone(),
                (None, Some(s)) => format!("{}:{s}", def.path),
                (None, None) => def.path.clone(),
            };
            // Forge writes a renamed-choice slice both as `value[x]:valueQuantity` and as
            // `valueQuantity:valueQuantity` (even within one file): one form for lookups.
            let id = canonical_id(&id);
            let segments: Vec<&str> = id.split('.').collect();
            let index = nodes.len();
            let last = segments.last().copied().unwrap_or_default();
            let (name, slice) = match last.split_once(':') {
                Some((n, s)) => (n.to_string(), Some(s.to_string())),
                None => (last.to_string(), None),
            };
            nodes.push(Node {
                def,
                id: id.clone(),
                name,
                slice_name: slice.clone(),
                children: Vec::new(),
                slices: Vec::new(),
            });
            by_id.insert(id.clone(), index);
            if segments.len() == 1 {
                if index != 0 {
                    diags.push(located(
                        sd,
                        def,
                        DiagnosticKind::UnexpectedContent,
                        "a second root element; ignored",
                    ));
                }
                continue;
            }
            let parent_id = segments[..segments.len() - 1].join(".");
            let Some(&parent) = by_id.get(&parent_id) else {
                diags.push(located(
                    sd,
                    def,
                    DiagnosticKind::UnexpectedContent,
                    "an element whose parent is not in the snapshot; ignored",
                ));
                continue;
            };
            match slice {
                None => nodes[parent].children.push(index),
                Some(_) => {
                    let sliced = format!("{parent_id}.{}", nodes[index].name);
                    match by_id.get(&sliced) {
                        Some(&s) if s != index => nodes[s].slices.push(index),
                        // A renamed-choice slice without its `[x]` element (`valueQuantity`
                        // with no `value[x]`): kept as a child; lowering finds it by name.
                        _ => nodes[parent].children.push(index),
                    }
                }
            }
        }
        if nodes.is_empty() {
            None
        } else {
            Some(Tree { nodes })
        }
    }

    fn node(&self, i: usize) -> &Node<'a> {
        &self.nodes[i]
    }

    /// The child of `parent` for base field `fhir_name` (`value` matches `value[x]`).
    fn child(&self, parent: usize, fhir_name: &str) -> Option<usize> {
        self.nodes[parent].children.iter().copied().find(|&c| {
            let n = &self.nodes[c];
            n.slice_name.is_none() && names::strip_choice(&n.name) == fhir_name
        })
    }

    /// Renamed-choice slices of choice field `fhir_name` (`valueQuantity:valueQuantity`),
    /// wherever the snapshot put them.
    fn type_slices(&self, parent: usize, fhir_name: &str) -> Vec<usize> {
        let mut out = Vec::new();
        if let Some(choice) = self.child(parent, fhir_name) {
            out.extend(self.nodes[choice].slices.iter().copied());
        }
        // Renamed choice elements: `valueQuantity:valueQuantity`, or just `valueBoolean`
        // (Forge writes both); the caller keeps those whose suffix is a type of the choice.
        for &c in &self.nodes[parent].children {
            let n = &self.nodes[c];
            let suffix = n.name.strip_prefix(fhir_name).unwrap_or_default();
            if suffix.starts_with(|ch: char| ch.is_ascii_uppercase()) && !n.name.ends_with("[x]") {
                out.push(c);
            }
        }
        out
    }
}

/// `Extension.value[x]:valueCodeableConcept.coding` → `Extension.valueCodeableConcept:valueCodeableConcept.coding`.
fn canonical_id(id: &str) -> String {
    id.split('.')
        .map(|seg| match seg.split_once(':') {
            Some((name, slice))
                if name.ends_with("[x]") && slice.starts_with(names::strip_choice(name)) =>
            {
                format!("{slice}:{slice}")
            }
            _ => seg.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

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
    taken_struct_names: BTreeSet<String>,
}

/// The definition being lowered and its element tree.
struct Scope<'s, 'a> {
    sd: &'s StructureDefinition,
    tree: &'s Tree<'a>,
    module: &'s str,
}

/// The result of lowering one base field.
enum Lowered {
    Field(PField),
    Rule(Rule),
    Sliced(SlicingDef, Vec<PField>),
}

impl<'a> ProfileLowering<'a> {
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
        let name = self
            .module_names
            .get(&sd.url)
            .cloned()
            .unwrap_or_else(|| module_name(sd));
        let kind = match (sd.kind, sd.type_name.as_str()) {
            (_, "Extension") => ProfileKind::Extension,
            (StructureKind::Resource, _) => ProfileKind::Resource {
                base: base_name.clone(),
            },
            _ => ProfileKind::Datatype {
                base: base_name.clone(),
            },
        };
        let mut module = ProfileModule {
            file: names::module(&name),
            name: name.clone(),
            url: sd.url.clone(),
            version: sd.version.clone(),
            kind,
            structs: Vec::new(),
            choices: Vec::new(),
            binding_consts: Vec::new(),
        };
        let scope = Scope {
            sd,
            tree: &tree,
            module: &name,
        };
        self.lower_struct(&scope, 0, &base_name, name.clone(), &mut module)?;
        Ok(Some(module))
    }

    /// Lowers node `node` as a struct named `name` narrowing base struct `base`.
    fn lower_struct(
        &mut self,
        scope: &Scope<'_, 'a>,
        node: usize,
        base: &str,
        name: String,
        module: &mut ProfileModule,
    ) -> Result<String> {
        let Some(&base_struct) = self.base.structs.get(base) else {
            return Err(Error::input(
                scope.sd.source.location(&scope.sd.url),
                format!("base struct {base} not found"),
            ));
        };
        let index = module.structs.len();
        module.structs.push(PStruct {
            name: name.clone(),
            element: scope.tree.node(node).id.clone(),
            base: base.to_string(),
            fields: Vec::new(),
            rules: Vec::new(),
            slicings: Vec::new(),
            used_by: Vec::new(),
        });
        let mut fields = Vec::new();
        let mut rules = Vec::new();
        let mut slicings = Vec::new();
        let mut field_names = BTreeSet::new();
        for bf in &base_struct.fields {
            match self.lower_field(scope, node, bf, module, slicings.len())? {
                Lowered::Field(f) => {
                    field_names.insert(f.name.clone());
                    fields.push(f);
                }
                Lowered::Rule(r) => rules.push(r),
                Lowered::Sliced(s, fs) => {
                    slicings.push(s);
                    fields.extend(fs);
                }
            }
        }
        // Slice fields may collide with element fields (`extension` slices named like an
        // element): rename the slice field.
        let mut seen = BTreeSet::new();
        for f in &mut fields {
            if !seen.insert(f.name.clone()) {
                let renamed = names::unique(format!("{}_slice", f.name), &mut seen);
                f.name = renamed;
            }
        }
        let s = &mut module.structs[index];
        s.fields = fields;
        s.rules = rules;
        s.slicings = slicings;
        Ok(name)
    }

    fn nested_name(&mut self, scope: &Scope<'_, 'a>, node: usize) -> String {
        let id = &scope.tree.node(node).id;
        let parts: Vec<String> = id
            .split('.')
            .skip(1)
            .map(|seg| match seg.split_once(':') {
                Some((_, slice)) => slice.to_string(),
                None => names::strip_choice(seg).to_string(),
            })
            .collect();
        let suffix = names::type_name(&parts.join(".").replace('-', " "));
        names::unique(
            format!("{}{suffix}", scope.module),
            &mut self.taken_struct_names,
        )
    }

    fn lower_field(
        &mut self,
        scope: &Scope<'_, 'a>,
        parent: usize,
        bf: &Field,
        module: &mut ProfileModule,
        slicing_index: usize,
    ) -> Result<Lowered> {
        let tree = scope.tree;
        let unchanged = || PField {
            name: bf.name.clone(),
            element: bf.path.clone(),
            base_field: bf.name.clone(),
            min: bf.min,
            max: bf.max,
            cardinality: bf.cardinality,
            base_cardinality: bf.cardinality,
            ty: PType::Base {
                ty: bf.ty.clone(),
                boxed: bf.boxed,
            },
            source: FieldSource::Element,
        };
        if let FieldType::Choice(enum_name) = &bf.ty {
            return self.lower_choice(scope, parent, bf, enum_name, module);
        }
        let Some(node) = tree.child(parent, &bf.fhir_name) else {
            return Ok(Lowered::Field(unchanged()));
        };
        let n = tree.node(node);
        let def = n.def;
        let min = def.min.unwrap_or(bf.min);
        let max = parse_max(def.max.as_deref()).unwrap_or(bf.max);
        if max == Max::Bounded(0) {
            return Ok(Lowered::Rule(Rule::Removed {
                base_field: bf.name.clone(),
                element: n.id.clone(),
                repeats: bf.cardinality.repeats(),
            }));
        }
        if let Some(value) = def.fixed.as_ref().or(def.pattern.as_ref()) {
            if let (
                FieldType::Primitive(_) | FieldType::Code { .. } | FieldType::Attribute,
                false,
                crate::load::model::Value::Primitive { value: Some(v), .. },
            ) = (&bf.ty, bf.cardinality.repeats(), &value.value)
            {
                if min == 0 {
                    // Optional: the field says whether the fixed value is there.
                    return Ok(Lowered::Field(PField {
                        min,
                        max,
                        cardinality: Cardinality::Optional,
                        element: n.id.clone(),
                        ty: PType::Fixed {
                            value: v.clone(),
                            attribute: bf.ty == FieldType::Attribute,
                        },
                        ..unchanged()
                    }));
                }
                return Ok(Lowered::Rule(Rule::Fixed {
                    base_field: bf.name.clone(),
                    element: n.id.clone(),
                    value: v.clone(),
                    required: min >= 1,
                    base_required: bf.cardinality == Cardinality::Required,
                    primitive: bf.ty.clone(),
                }));
            }
            self.diagnostics.push(located(scope.sd, def, DiagnosticKind::UnsupportedConstraint, "a fixed or pattern value on a repeating or complex element is checked by the base type only"));
        }
        let cardinality = narrowed(bf.cardinality, min, max);
        if !n.slices.is_empty() && bf.cardinality.repeats() {
            return self.lower_slicing(scope, node, bf, module, slicing_index, min, max);
        }
        if matches!(bf.ty, FieldType::Primitive(_) | FieldType::Code { .. })
            && tree.node(node).children.iter().any(|&c| {
                let child = tree.node(c);
                !child.slices.is_empty() || child.slice_name.is_some()
            })
        {
            self.diagnostics.push(located(
                scope.sd,
                def,
                DiagnosticKind::UnsupportedConstraint,
                "extension slices on a primitive element are not typed: its extensions stay in the primitive's `extension_mut()`",
            ));
        }
        let ty = match self.element_type(scope, node, bf, &bf.ty, bf.boxed, module)? {
            // These two convert the boxed base item themselves.
            ty @ (PType::Base { .. } | PType::Ref { .. }) => ty,
            ty if bf.boxed => PType::Unboxed(Box::new(ty)),
            ty => ty,
        };
        Ok(Lowered::Field(PField {
            min,
            max,
            cardinality,
            ty,
            ..unchanged()
        }))
    }

    /// The type of element `node` whose base type is `base_ty`: the base type, a nested
    /// struct, another module's type, a bound code, or a typed reference.
    fn element_type(
        &mut self,
        scope: &Scope<'_, 'a>,
        node: usize,
        bf: &Field,
        base_ty: &FieldType,
        boxed: bool,
        module: &mut ProfileModule,
    ) -> Result<PType> {
        let tree = scope.tree;
        let def = tree.node(node).def;
        // A content reference (`Observation.component.referenceRange` →
        // `#Observation.referenceRange`) has the referenced element's definition, profile
        // constraints included: its struct, if the profile constrained it.
        if let Some(target) = def
            .content_reference
            .as_deref()
            .map(|r| r.trim_start_matches('#'))
            && let Some(s) = module.structs.iter().find(|s| s.element == target)
        {
            return Ok(PType::Struct(s.name.clone()));
        }
        let base_ptype = PType::Base {
            ty: base_ty.clone(),
            boxed,
        };
        // A type profile (CareConnect-Quantity-1 on Observation.valueQuantity).
        let type_profile = def.types.iter().find_map(|t| t.profile.clone());
        if let Some(url) = &type_profile
            && !matches!(base_ty, FieldType::Complex(t) if t == "Extension")
        {
            if let Some(module_name) = self.module_names.get(url).cloned() {
                if tree.node(node).children.is_empty()
                    || !self.subtree_constrained(scope, node, base_ty)
                {
                    return Ok(PType::Module(module_name));
                }
            } else if !self.registry.structure_definitions.contains_key(url) {
                self.diagnostics.push(located(
                    scope.sd,
                    def,
                    DiagnosticKind::UnresolvedProfile,
                    format!("type profile {url} is in no package; the base type is used"),
                ));
            }
        }
        match base_ty {
            FieldType::Complex(t) if t == "Reference" => {
                if let Some(targets) = self.typed_targets(scope, node, bf) {
                    return Ok(PType::Ref { targets, boxed });
                }
                if self.subtree_constrained(scope, node, base_ty) {
                    let name = self.nested_name(scope, node);
                    self.lower_struct(scope, node, t, name.clone(), module)?;
                    return Ok(PType::Struct(name));
                }
                Ok(base_ptype)
            }
            FieldType::Complex(t) | FieldType::Backbone(t) => {
                if (t == "CodeableConcept" || t == "Coding")
                    && let Some(bound) = self.bound_code(scope, node, bf, module)
                    && !self.subtree_constrained(scope, node, base_ty)
                {
                    return Ok(if t == "Coding" {
                        PType::Coding(bound)
                    } else {
                        PType::Concept(bound)
                    });
                }
                if self.subtree_constrained(scope, node, base_ty) {
                    let name = self.nested_name(scope, node);
                    self.lower_struct(scope, node, t, name.clone(), module)?;
                    return Ok(PType::Struct(name));
                }
                Ok(base_ptype)
            }
            FieldType::Primitive(Primitive::Code) | FieldType::Code { .. } => {
                match self.bound_code(scope, node, bf, module) {
                    Some(enum_name) => Ok(PType::Code {
                        enum_name,
                        base: base_ty.clone(),
                    }),
                    None => Ok(base_ptype),
                }
            }
            _ => Ok(base_ptype),
        }
    }

    /// The marker type for a Reference element's targets, when the profile narrows them.
    fn typed_targets(&mut self, scope: &Scope<'_, 'a>, node: usize, bf: &Field) -> Option<String> {
        let def = scope.tree.node(node).def;
        let urls: Vec<&str> = def
            .types
            .iter()
            .filter_map(|t| t.target_profile.as_deref())
            .collect();
        if urls.is_empty()
            || urls
                .iter()
                .copied()
                .eq(bf.targets.iter().map(String::as_str))
        {
            return None;
        }
        let mut types = BTreeSet::new();
        let mut implementors = BTreeSet::new();
        for url in urls {
            match self.registry.structure_definitions.get(url) {
                Some(target)
                    if target.url.starts_with(CORE_PREFIX)
                        && target.derivation != Some(Derivation::Constraint) =>
                {
                    if target.type_name == "Resource" || target.type_name == "DomainResource" {
                        return None;
                    }
                    types.insert(target.type_name.clone());
                    implementors.insert((
                        format!("stu3::{}", names::type_name(&target.type_name)),
                        target.type_name.clone(),
                    ));
                }
                Some(target) => {
                    types.insert(target.type_name.clone());
                    if let Some(m) = self.module_names.get(url) {
                        implementors
                            .insert((format!("careconnect::{m}"), target.type_name.clone()));
                    }
                    // The base type may be referenced too: a profile is checked on
                    // conversion, not on the reference.
                    implementors.insert((
                        format!("stu3::{}", names::type_name(&target.type_name)),
                        target.type_name.clone(),
                    ));
                }
                None => self.diagnostics.push(located(
                    scope.sd,
                    def,
                    DiagnosticKind::UnresolvedProfile,
                    format!(
                        "targetProfile {url} is in no package; dropped from the allowed targets"
                    ),
                )),
            }
        }
        if types.is_empty() {
            return None;
        }
        let types: Vec<String> = types.into_iter().collect();
        let name = types.join("Or");
        let set = self
            .targets
            .entry(types.clone())
            .or_insert_with(|| TargetSet {
                name,
                types,
                implementors: Vec::new(),
            });
        for i in implementors {
            if !set.implementors.contains(&i) {
                set.implementors.push(i);
            }
        }
        set.implementors.sort();
        Some(set.name.clone())
    }

    /// The enum for a required binding the profile sets (or changes), if its value set can
    /// be listed; otherwise a constant and a diagnostic.
    fn bound_code(
        &mut self,
        scope: &Scope<'_, 'a>,
        node: usize,
        bf: &Field,
        module: &mut ProfileModule,
    ) -> Option<String> {
        let def = scope.tree.node(node).def;
        let b = def.binding.as_ref()?;
        if b.strength != "required" {
            return None;
        }
        let url = b.value_set.as_deref()?;
        let unchanged = bf
            .binding
            .as_ref()
            .is_some_and(|base| base.strength.code() == "required" && base.value_set == url);
        if unchanged {
            return None;
        }
        if !self
            .registry
            .value_sets
            .contains_key(url.split('|').next().unwrap_or(url))
        {
            self.diagnostics.push(located(scope.sd, def, DiagnosticKind::UnresolvedBinding, format!("required binding to {url}, which no package contains; the element keeps its base type")));
            self.binding_const(scope, node, url, module);
            return None;
        }
        match self.codes.enum_for(self.registry, url) {
            Ok(name) => {
                // A code element whose base is a closed enum: every profile code must be one
                // of the base codes, or the value could not be written back.
                if let FieldType::Code { enum_name } = &bf.ty
                    && let (Some(base_enum), Some(profile_enum)) =
                        (self.base_enum(enum_name), self.codes.get(url))
                    && let Some(missing) = profile_enum
                        .variants
                        .iter()
                        .find(|v| !base_enum.variants.iter().any(|b| b.code == v.code))
                {
                    self.diagnostics.push(located(scope.sd, def, DiagnosticKind::UnsupportedConstraint, format!("value set {url} has code '{}', which the base value set lacks; the element keeps its base type", missing.code)));
                    return None;
                }
                Some(name)
            }
            Err(reason) => {
                let mut d = located(
                    scope.sd,
                    def,
                    DiagnosticKind::UnenumerableValueSet,
                    format!(
                        "required value set {url} cannot be listed ({reason}); the element keeps its base type"
                    ),
                );
                d.severity = crate::diag::Severity::Note;
                self.diagnostics.push(d);
                self.binding_const(scope, node, url, module);
                None
            }
        }
    }

    fn base_enum(&self, name: &str) -> Option<&CodeEnum> {
        self.base
            .code_enums
            .values()
            .copied()
            .find(|e| e.name == name)
    }

    fn binding_const(
        &mut self,
        scope: &Scope<'_, 'a>,
        node: usize,
        url: &str,
        module: &mut ProfileModule,
    ) {
        let n = scope.tree.node(node);
        let parts: Vec<String> =
            n.id.split('.')
                .skip(1)
                .map(|s| s.replace([':', '-', '[', ']'], "_"))
                .collect();
        let name = format!("{}_BINDING", parts.join("_")).to_uppercase();
        if module.binding_consts.iter().any(|c| c.name == name) {
            return;
        }
        module.binding_consts.push(BindingConst {
            name,
            element: n.id.clone(),
            value_set: url.to_string(),
            strength: n
                .def
                .binding
                .as_ref()
                .map(|b| b.strength.clone())
                .unwrap_or_default(),
        });
    }

    /// Whether the profile constrains `node` or anything under it, compared with the base
    /// element (`bf`-like data comes from the base struct of `base_ty`).
    fn subtree_constrained(&self, scope: &Scope<'_, 'a>, node: usize, base_ty: &FieldType) -> bool {
        let tree = scope.tree;
        let n = tree.node(node);
        if !n.slices.is_empty() {
            return true;
        }
        let child_struct = match base_ty {
            FieldType::Complex(t) | FieldType::Backbone(t) => {
                self.base.structs.get(t.as_str()).copied()
            }
            _ => None,
        };
        let Some(child_struct) = child_struct else {
            return false;
        };
        for &c in &n.children {
            let cn = tree.node(c);
            if cn.slice_name.is_some() {
                return true;
            }
            let Some(bf) = child_struct
                .fields
                .iter()
                .find(|f| f.fhir_name == names::strip_choice(&cn.name))
            else {
                continue;
            };
            if self.element_differs(cn, bf) || self.subtree_constrained(scope, c, &bf.ty) {
                return true;
            }
        }
        false
    }

    /// Whether one element differs from its base field in a way the types show.
    fn element_differs(&self, n: &Node<'_>, bf: &Field) -> bool {
        let def = n.def;
        let min = def.min.unwrap_or(bf.min);
        let max = parse_max(def.max.as_deref()).unwrap_or(bf.max);
        if min != bf.min
            || max != bf.max
            || def.fixed.is_some()
            || def.pattern.is_some()
            || !n.slices.is_empty()
        {
            return true;
        }
        if def.types.iter().any(|t| t.profile.is_some()) {
            return true;
        }
        let targets: Vec<&str> = def
            .types
            .iter()
            .filter_map(|t| t.target_profile.as_deref())
            .collect();
        if !targets.is_empty()
            && !targets
                .iter()
                .copied()
                .eq(bf.targets.iter().map(String::as_str))
        {
            return true;
        }
        if let Some(b) = &def.binding
            && b.strength == "required"
            && !bf.binding.as_ref().is_some_and(|base| {
                base.strength.code() == "required"
                    && Some(base.value_set.as_str()) == b.value_set.as_deref()
            })
        {
            return true;
        }
        if let FieldType::Choice(_) = bf.ty {
            let codes: BTreeSet<&str> =
                def.types.iter().filter_map(|t| t.code.as_deref()).collect();
            return !codes.is_empty() && codes.len() < self.choice_variant_count(bf);
        }
        false
    }

    fn choice_variant_count(&self, bf: &Field) -> usize {
        match &bf.ty {
            FieldType::Choice(e) => self
                .base
                .choices
                .get(e.as_str())
                .map_or(0, |c| c.variants.len()),
            _ => 0,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_slicing(
        &mut self,
        scope: &Scope<'_, 'a>,
        node: usize,
        bf: &Field,
        module: &mut ProfileModule,
        slicing_index: usize,
        min: u32,
        max: Max,
    ) -> Result<Lowered> {
        let tree = scope.tree;
        let n = tree.node(node);
        let def = n.def;
        let closed = def.slicing.as_ref().and_then(|s| s.rules.as_deref()) == Some("closed");
        let item_type = match &bf.ty {
            FieldType::Complex(t) | FieldType::Backbone(t) => t.clone(),
            other => {
                self.diagnostics.push(located(
                    scope.sd,
                    def,
                    DiagnosticKind::UnsupportedConstraint,
                    format!("slicing of a {other:?} element is checked by the base type only"),
                ));
                return Ok(Lowered::Field(PField {
                    name: bf.name.clone(),
                    element: n.id.clone(),
                    base_field: bf.name.clone(),
                    min,
                    max,
                    cardinality: narrowed(bf.cardinality, min, max),
                    base_cardinality: bf.cardinality,
                    ty: PType::Base {
                        ty: bf.ty.clone(),
                        boxed: bf.boxed,
                    },
                    source: FieldSource::Element,
                }));
            }
        };
        let is_extension = item_type == "Extension";
        let discriminators: Vec<String> = def
            .slicing
            .as_ref()
            .map(|s| s.discriminators.iter().map(|d| d.path.clone()).collect())
            .unwrap_or_default();
        let mut slices = Vec::new();
        let mut fields = Vec::new();
        let mut slice_names = BTreeSet::new();
        for &s in &n.slices {
            let sn = tree.node(s);
            let Some(slice_name) = sn.slice_name.clone() else {
                continue;
            };
            if !slice_names.insert(slice_name.clone()) {
                self.diagnostics.push(located(
                    scope.sd,
                    sn.def,
                    DiagnosticKind::DuplicateSliceName,
                    format!("slice name '{slice_name}' is used twice; the second is ignored"),
                ));
                continue;
            }
            let ext_profile = if is_extension {
                sn.def.types.iter().find_map(|t| t.profile.clone())
            } else {
                None
            };
            let (matcher, ty) = if let Some(url) = ext_profile {
                let Some(ext_module) = self.module_names.get(&url).cloned() else {
                    self.diagnostics.push(located(
                        scope.sd,
                        sn.def,
                        DiagnosticKind::UnresolvedProfile,
                        format!(
                            "extension {url} is in no package; its items stay in `{}`",
                            bf.name
                        ),
                    ));
                    continue;
                };
                (url_matcher(&url), PType::Module(ext_module))
            } else {
                let Some(matcher) = self.slice_matcher(scope, s, &item_type, &discriminators)
                else {
                    self.diagnostics.push(located(scope.sd, sn.def, DiagnosticKind::SliceWithoutDiscriminatorValue, format!("discriminator {} has no fixed value in slice '{slice_name}': its items cannot be told apart and stay in `{}`", discriminators.join(", "), bf.name)));
                    continue;
                };
                let name = self.nested_name(scope, s);
                self.lower_struct(scope, s, &item_type, name.clone(), module)?;
                (matcher, PType::Struct(name))
            };
            let smin = sn.def.min.unwrap_or(0);
            let smax = parse_max(sn.def.max.as_deref()).unwrap_or(Max::Unbounded);
            let slice_index = slices.len();
            slices.push(SliceDef {
                name: slice_name.clone(),
                matcher,
            });
            if smax != Max::Bounded(0) {
                fields.push(PField {
                    name: names::field(&slice_name.replace('-', "_")),
                    element: sn.id.clone(),
                    base_field: bf.name.clone(),
                    min: smin,
                    max: smax,
                    cardinality: Cardinality::from_bounds(smin, smax),
                    base_cardinality: Cardinality::Many,
                    ty,
                    source: FieldSource::Slice {
                        slicing: slicing_index,
                        slice: slice_index,
                    },
                });
            }
        }
        if slices.len() > 255 {
            return Err(Error::input(
                scope
                    .sd
                    .source
                    .location(&scope.sd.url)
                    .with_element(n.id.clone()),
                "more than 255 slices on one element",
            ));
        }
        if !closed {
            let ty = if self.subtree_constrained_without_slices(scope, node, &bf.ty) {
                let name = self.nested_name(scope, node);
                self.lower_struct_without_slices(scope, node, &item_type, name.clone(), module)?;
                PType::Struct(name)
            } else {
                PType::Base {
                    ty: bf.ty.clone(),
                    boxed: bf.boxed,
                }
            };
            fields.push(PField {
                name: bf.name.clone(),
                element: n.id.clone(),
                base_field: bf.name.clone(),
                min: 0,
                max: Max::Unbounded,
                cardinality: Cardinality::Many,
                base_cardinality: Cardinality::Many,
                ty,
                source: FieldSource::Remainder {
                    slicing: slicing_index,
                },
            });
        }
        Ok(Lowered::Sliced(
            SlicingDef {
                base_field: bf.name.clone(),
                element: n.id.clone(),
                closed,
                item: bf.ty.clone(),
                slices,
                min,
                max,
            },
            fields,
        ))
    }

    /// Whether the children of a sliced element (not its slices) are constrained: then the
    /// remainder items get a struct too.
    fn subtree_constrained_without_slices(
        &self,
        scope: &Scope<'_, 'a>,
        node: usize,
        base_ty: &FieldType,
    ) -> bool {
        let tree = scope.tree;
        let n = tree.node(node);
        let child_struct = match base_ty {
            FieldType::Complex(t) | FieldType::Backbone(t) => {
                self.base.structs.get(t.as_str()).copied()
            }
            _ => None,
        };
        let Some(child_struct) = child_struct else {
            return false;
        };
        n.children.iter().any(|&c| {
            let cn = tree.node(c);
            child_struct
                .fields
                .iter()
                .find(|f| f.fhir_name == names::strip_choice(&cn.name))
                .is_some_and(|bf| {
                    self.element_differs(cn, bf) || self.subtree_constrained(scope, c, &bf.ty)
                })
        })
    }

    fn lower_struct_without_slices(
        &mut self,
        scope: &Scope<'_, 'a>,
        node: usize,
        base: &str,
        name: String,
        module: &mut ProfileModule,
    ) -> Result<String> {
        // The node's own slices are handled by the caller; its children are what this
        // struct narrows.
        self.lower_struct(scope, node, base, name, module)
    }

    /// A matcher for slice `slice` from the discriminator paths: the fixed value found at
    /// each path inside the slice.
    fn slice_matcher(
        &self,
        scope: &Scope<'_, 'a>,
        slice: usize,
        item_type: &str,
        discriminators: &[String],
    ) -> Option<Matcher> {
        if discriminators.is_empty() {
            return None;
        }
        let mut all = Vec::new();
        for path in discriminators {
            all.push(self.value_at(scope, slice, item_type, path)?);
        }
        if all.len() == 1 {
            all.pop()
        } else {
            Some(Matcher::All(all))
        }
    }

    fn value_at(
        &self,
        scope: &Scope<'_, 'a>,
        node: usize,
        struct_name: &str,
        path: &str,
    ) -> Option<Matcher> {
        let tree = scope.tree;
        let mut steps = Vec::new();
        let mut current = node;
        let mut current_struct = self.base.structs.get(struct_name).copied()?;
        let segments: Vec<&str> = path.split('.').collect();
        for (i, seg) in segments.iter().enumerate() {
            let bf = current_struct.fields.iter().find(|f| f.fhir_name == *seg)?;
            let child = tree.child(current, seg)?;
            let last = i + 1 == segments.len();
            let kind = match &bf.ty {
                FieldType::Primitive(_) | FieldType::Code { .. } => StepKind::Primitive,
                FieldType::Attribute => StepKind::Attribute,
                FieldType::Complex(t) | FieldType::Backbone(t) if !last => {
                    current_struct = self.base.structs.get(t.as_str()).copied()?;
                    StepKind::Complex
                }
                _ => return None,
            };
            steps.push(PathStep {
                field: bf.name.clone(),
                cardinality: bf.cardinality,
                kind,
            });
            if last {
                let def = tree.node(child).def;
                let value = def.fixed.as_ref().or(def.pattern.as_ref())?;
                return match &value.value {
                    crate::load::model::Value::Primitive { value: Some(v), .. } => {
                        Some(Matcher::Value {
                            path: steps,
                            value: v.clone(),
                        })
                    }
                    _ => None,
                };
            }
            current = child;
        }
        None
    }

    fn lower_choice(
        &mut self,
        scope: &Scope<'_, 'a>,
        parent: usize,
        bf: &Field,
        enum_name: &str,
        module: &mut ProfileModule,
    ) -> Result<Lowered> {
        let tree = scope.tree;
        let Some(&base_enum) = self.base.choices.get(enum_name) else {
            return Err(Error::input(
                scope.sd.source.location(&scope.sd.url),
                format!("choice enum {enum_name} not in the base layer"),
            ));
        };
        let choice_node = tree.child(parent, &bf.fhir_name);
        let type_slices = tree.type_slices(parent, &bf.fhir_name);
        let (mut min, mut max) = (bf.min, bf.max);
        let mut allowed: Vec<&crate::ir::ChoiceVariant> = base_enum.variants.iter().collect();
        if let Some(c) = choice_node {
            let def = tree.node(c).def;
            min = def.min.unwrap_or(min);
            max = parse_max(def.max.as_deref()).unwrap_or(max);
            let codes: BTreeSet<&str> =
                def.types.iter().filter_map(|t| t.code.as_deref()).collect();
            if !codes.is_empty() {
                allowed.retain(|v| codes.contains(v.type_code.as_str()));
            }
        }
        if max == Max::Bounded(0) {
            return Ok(Lowered::Rule(Rule::Removed {
                base_field: bf.name.clone(),
                element: bf.path.clone(),
                repeats: false,
            }));
        }
        // Per variant: the type-slice constraining it, if any.
        let mut slice_of: BTreeMap<String, usize> = BTreeMap::new();
        for s in type_slices {
            let sn = tree.node(s);
            let suffix = sn.name.strip_prefix(&bf.fhir_name).unwrap_or(&sn.name);
            if let Some(v) = base_enum
                .variants
                .iter()
                .find(|v| v.name == suffix || names::choice_variant(&v.type_code) == suffix)
            {
                let smax = parse_max(sn.def.max.as_deref()).unwrap_or(Max::Bounded(1));
                let smin = sn.def.min.unwrap_or(0);
                if smax == Max::Bounded(0) {
                    allowed.retain(|a| a.name != v.name);
                    continue;
                }
                if smin >= 1 {
                    allowed.retain(|a| a.name == v.name);
                    min = min.max(smin);
                }
                slice_of.insert(v.name.clone(), s);
            }
        }
        // Without a `[x]` element, the renamed elements are all there is of the choice
        // (Forge writes a one-type choice as `valuePeriod` alone): only their types remain.
        if choice_node.is_none() && !slice_of.is_empty() {
            allowed.retain(|a| slice_of.contains_key(&a.name));
        }
        let element = choice_node.map_or_else(|| bf.path.clone(), |c| tree.node(c).id.clone());
        if allowed.is_empty() {
            return Ok(Lowered::Rule(Rule::Removed {
                base_field: bf.name.clone(),
                element,
                repeats: false,
            }));
        }
        let mut variants = Vec::new();
        for v in &allowed {
            let ty = match slice_of.get(&v.name) {
                Some(&s) => self.element_type(scope, s, bf, &v.ty, false, module)?,
                None => PType::Base {
                    ty: v.ty.clone(),
                    boxed: false,
                },
            };
            variants.push(PVariant {
                name: v.name.clone(),
                type_code: v.type_code.clone(),
                base_boxed: v.boxed,
                ty,
            });
        }
        let cardinality = narrowed(bf.cardinality, min, max);
        // A choice made required keeps its types in a profile enum of its own: that one holds
        // its variants unboxed (the base enum of an optional choice boxes them).
        let unchanged = variants.len() == base_enum.variants.len()
            && variants.iter().all(|v| matches!(v.ty, PType::Base { .. }))
            && cardinality == bf.cardinality;
        let ty = if unchanged {
            PType::Base {
                ty: bf.ty.clone(),
                boxed: bf.boxed,
            }
        } else if variants.len() == 1 {
            let v = variants.remove(0);
            PType::ChoiceOnly {
                base_enum: enum_name.to_string(),
                variant: v.name,
                boxed: v.base_boxed,
                ty: Box::new(v.ty),
            }
        } else {
            let name = names::unique(
                format!(
                    "{}{}",
                    scope.module,
                    names::type_name(
                        &element
                            .split('.')
                            .skip(1)
                            .map(|s| s.split(':').next().unwrap_or(s))
                            .collect::<Vec<_>>()
                            .join(".")
                    )
                ),
                &mut self.taken_struct_names,
            );
            module.choices.push(PChoice {
                name: name.clone(),
                element: element.clone(),
                base: enum_name.to_string(),
                variants,
            });
            PType::Choice(name)
        };
        Ok(Lowered::Field(PField {
            name: bf.name.clone(),
            element,
            base_field: bf.name.clone(),
            min,
            max,
            cardinality,
            base_cardinality: bf.cardinality,
            ty,
            source: FieldSource::Element,
        }))
    }
}

/// Nested structs that narrow their base in exactly the same way in several places (the
/// same SNOMED CT coding slice in thirty profiles) become one struct in
/// `careconnect::shared`, named after what they stand for; the places that used them refer
/// to it. Error paths come from the values being converted, so they are unchanged.
fn share_structs(layer: &mut ProfileLayer, taken: &mut BTreeSet<String>) {
    // Signatures, bottom-up through the structs a struct refers to.
    let mut all: BTreeMap<String, PStruct> = BTreeMap::new();
    let mut owner: BTreeMap<String, String> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for m in layer.profiles.iter().chain(&layer.extensions) {
        for s in m.structs.iter().skip(1) {
            all.insert(s.name.clone(), s.clone());
            owner.insert(s.name.clone(), m.url.clone());
            order.push(s.name.clone());
        }
    }
    let choices: BTreeMap<String, PChoice> = layer
        .profiles
        .iter()
        .chain(&layer.extensions)
        .flat_map(|m| m.choices.iter().map(|c| (c.name.clone(), c.clone())))
        .collect();
    let mut memo: BTreeMap<String, String> = BTreeMap::new();
    fn ty_sig(
        t: &PType,
        all: &BTreeMap<String, PStruct>,
        choices: &BTreeMap<String, PChoice>,
        memo: &mut BTreeMap<String, String>,
    ) -> String {
        match t {
            PType::Struct(n) => format!("S({})", struct_sig(n, all, choices, memo)),
            PType::Choice(n) => match choices.get(n) {
                Some(c) => format!(
                    "C({};{})",
                    c.base,
                    c.variants
                        .iter()
                        .map(|v| format!("{}={}", v.name, ty_sig(&v.ty, all, choices, memo)))
                        .collect::<Vec<_>>()
                        .join(",")
                ),
                None => format!("C({n})"),
            },
            PType::Unboxed(ty) => format!("U({})", ty_sig(ty, all, choices, memo)),
            PType::ChoiceOnly {
                base_enum,
                variant,
                boxed,
                ty,
            } => {
                format!(
                    "O({base_enum},{variant},{boxed},{})",
                    ty_sig(ty, all, choices, memo)
                )
            }
            other => serde_json::to_string(other).unwrap_or_default(),
        }
    }
    fn struct_sig(
        name: &str,
        all: &BTreeMap<String, PStruct>,
        choices: &BTreeMap<String, PChoice>,
        memo: &mut BTreeMap<String, String>,
    ) -> String {
        if let Some(s) = memo.get(name) {
            return s.clone();
        }
        let Some(s) = all.get(name) else {
            return name.to_string();
        };
        // A struct that contains itself (a content reference such as
        // `Composition.section.section`) stands for itself inside its own signature.
        memo.insert(name.to_string(), format!("self:{name}"));
        let mut sig = format!("{}|", s.base);
        for f in &s.fields {
            sig.push_str(&format!(
                "{}:{}:{}:{}:{:?}:{:?}:{}:{:?};",
                f.name,
                f.base_field,
                f.min,
                f.max,
                f.cardinality,
                f.base_cardinality,
                ty_sig(&f.ty, all, choices, memo),
                f.source
            ));
        }
        for r in &s.rules {
            let r = match r {
                Rule::Removed {
                    base_field,
                    repeats,
                    ..
                } => format!("R{base_field}{repeats}"),
                Rule::Fixed {
                    base_field,
                    value,
                    required,
                    base_required,
                    primitive,
                    ..
                } => {
                    format!("F{base_field}={value}{required}{base_required}{primitive:?}")
                }
            };
            sig.push_str(&r);
        }
        for sl in &s.slicings {
            sig.push_str(&format!(
                "L{}{}{:?}{}{}",
                sl.base_field, sl.closed, sl.item, sl.min, sl.max
            ));
            for slice in &sl.slices {
                sig.push_str(&format!(
                    "[{}:{}]",
                    slice.name,
                    serde_json::to_string(&slice.matcher).unwrap_or_default()
                ));
            }
        }
        memo.insert(name.to_string(), sig.clone());
        sig
    }
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut group_order: Vec<String> = Vec::new();
    for name in &order {
        let sig = struct_sig(name, &all, &choices, &mut memo);
        let g = groups.entry(sig.clone()).or_default();
        if g.is_empty() {
            group_order.push(sig);
        }
        g.push(name.clone());
    }
    // New names for the shared groups.
    let mut rename: BTreeMap<String, String> = BTreeMap::new();
    let mut shared = Vec::new();
    for sig in &group_order {
        let members = &groups[sig];
        if members.len() < 2 {
            continue;
        }
        let first = &all[&members[0]];
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for m in members {
            let seg = all[m]
                .element
                .rsplit('.')
                .next()
                .unwrap_or_default()
                .to_string();
            let seg = seg
                .split_once(':')
                .map_or(seg.clone(), |(_, slice)| slice.to_string());
            *counts
                .entry(names::strip_choice(&seg).replace('-', " "))
                .or_default() += 1;
        }
        let segment = counts
            .iter()
            .max_by_key(|(seg, n)| (**n, std::cmp::Reverse((*seg).clone())))
            .map(|(s, _)| s.clone())
            .unwrap_or_default();
        let stem = names::type_name(&segment);
        let base = &first.base;
        let name = if base.ends_with(&stem) {
            format!("CareConnect{base}")
        } else {
            format!("CareConnect{stem}{base}")
        };
        let name = names::unique(name, taken);
        let mut s = first.clone();
        s.name = name.clone();
        s.used_by = members
            .iter()
            .map(|m| (owner[m].clone(), all[m].element.clone()))
            .collect();
        for m in members {
            rename.insert(m.clone(), name.clone());
        }
        shared.push(s);
    }
    fn rewrite(t: &mut PType, rename: &BTreeMap<String, String>) {
        match t {
            PType::Struct(n) => {
                if let Some(r) = rename.get(n) {
                    *n = r.clone();
                }
            }
            PType::ChoiceOnly { ty, .. } | PType::Unboxed(ty) => rewrite(ty, rename),
            _ => {}
        }
    }
    let rewrite_struct = |s: &mut PStruct| {
        for f in &mut s.fields {
            rewrite(&mut f.ty, &rename);
        }
    };
    for m in layer.profiles.iter_mut().chain(layer.extensions.iter_mut()) {
        m.structs
            .retain(|s| !rename.contains_key(&s.name) || s.used_by.len() > 1);
        for s in &mut m.structs {
            rewrite_struct(s);
        }
        for c in &mut m.choices {
            for v in &mut c.variants {
                rewrite(&mut v.ty, &rename);
            }
        }
    }
    for s in &mut shared {
        rewrite_struct(s);
    }
    shared.sort_by(|a, b| a.name.cmp(&b.name));
    layer.shared = shared;
}

/// A matcher on `Extension.url`.
fn url_matcher(url: &str) -> Matcher {
    Matcher::Value {
        path: vec![PathStep {
            field: "url".into(),
            cardinality: Cardinality::Required,
            kind: StepKind::Attribute,
        }],
        value: url.to_string(),
    }
}

/// The cardinality of an element narrowed from `base` to `min..max`; the container
/// (`Option` / `Vec`) follows the narrowed bounds, except that a base `T` stays `T`.
fn narrowed(base: Cardinality, min: u32, max: Max) -> Cardinality {
    match base {
        Cardinality::Required => Cardinality::Required,
        _ => Cardinality::from_bounds(min, max),
    }
}

fn parse_max(max: Option<&str>) -> Option<Max> {
    match max? {
        "*" => Some(Max::Unbounded),
        n => n.parse().ok().map(Max::Bounded),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sd(url: &str, type_name: &str) -> StructureDefinition {
        StructureDefinition {
            source: crate::load::model::Source {
                package: "careconnect-stu3".into(),
                file: "x.xml".into(),
            },
            id: None,
            url: url.into(),
            name: String::new(),
            version: None,
            kind: StructureKind::Resource,
            is_abstract: false,
            type_name: type_name.into(),
            base_definition: None,
            derivation: Some(Derivation::Constraint),
            context_type: None,
            context: Vec::new(),
            snapshot: None,
            differential: None,
        }
    }

    #[test]
    fn module_names_drop_version_and_extension_prefixes() {
        let cases = [
            (
                "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1",
                "Patient",
                "CareConnectPatient",
            ),
            (
                "https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-BloodPressure-Observation-1",
                "Observation",
                "CareConnectBloodPressureObservation",
            ),
            (
                "https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-EthnicCategory-1",
                "Extension",
                "EthnicCategory",
            ),
            (
                "http://hl7.org/fhir/StructureDefinition/patient-birthTime",
                "Extension",
                "PatientBirthTime",
            ),
            (
                "https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-coding-sctdescid",
                "Extension",
                "CodingSctdescid",
            ),
        ];
        for (url, ty, expected) in cases {
            assert_eq!(module_name(&sd(url, ty)), expected, "{url}");
        }
    }

    #[test]
    fn narrowed_cardinality_follows_the_profile_bounds() {
        assert_eq!(
            narrowed(Cardinality::Optional, 1, Max::Bounded(1)),
            Cardinality::Required
        );
        assert_eq!(
            narrowed(Cardinality::Many, 1, Max::Unbounded),
            Cardinality::NonEmpty
        );
        assert_eq!(
            narrowed(Cardinality::Many, 0, Max::Bounded(1)),
            Cardinality::Optional
        );
        assert_eq!(
            narrowed(Cardinality::Many, 1, Max::Bounded(1)),
            Cardinality::Required
        );
        assert_eq!(
            narrowed(Cardinality::Required, 1, Max::Bounded(1)),
            Cardinality::Required
        );
    }
}
