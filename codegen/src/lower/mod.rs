//! Stage 4: snapshots → IR for the base layer (every FHIR STU3 datatype and resource).
//!
//! Each datatype or resource becomes one [`Module`]: its struct, one struct per backbone
//! element (an element with children in the snapshot, or a `contentReference` to one),
//! and one enum per choice element. Codes with a required binding to a value set that can
//! be listed become enums in [`Model::code_enums`]; the others stay strings, with a
//! diagnostic. Fields whose types would contain themselves are boxed.
//!
//! [`profile`] lowers the Care Connect profiles and extensions onto this base IR.

pub mod profile;

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, DiagnosticKind, Error, Location, Result};
use crate::ir::{
    BindingInfo, BindingStrength, Bounds, Cardinality, ChoiceEnum, ChoiceVariant, CodeEnum,
    CodeVariant, Field, FieldType, Max, Model, Module, Primitive, StructDef, StructKind,
};
use crate::load::model::{
    Concept, ConceptSet, Derivation, ElementDefinition, Registry, StructureDefinition,
    StructureKind,
};
use crate::names;

/// Canonical URL prefix of the definitions that make up the base layer.
pub const CORE_PREFIX: &str = "http://hl7.org/fhir/StructureDefinition/";

/// Where the FHIR STU3 specification is published: an element's entry is at
/// `{SPEC_BASE}{page}#{path}` ([`spec_link`]).
pub const SPEC_BASE: &str = "https://hl7.org/fhir/STU3/";

/// The entry of element `path` (`Patient.deceased[x]`) in the FHIR specification: on the page
/// of the core definition its path starts with (`spec_page`), anchored at the path with
/// `[x]` written `_x_` (as the specification's own links write it). `None` where the page is
/// not known.
pub fn spec_link(registry: &Registry, path: &str) -> Option<String> {
    let type_name = path.split('.').next()?;
    let sd = registry
        .structure_definitions
        .get(&format!("{CORE_PREFIX}{type_name}"))?;
    let page = spec_page(sd)?;
    Some(format!("{SPEC_BASE}{page}#{}", path.replace("[x]", "_x_")))
}

/// The page of the specification that defines the elements of core definition `sd`: the
/// one its narrative links its root element to ([`StructureDefinition::spec_page`]: a
/// datatype's); for a resource, whose narrative links no such page, the page FHIR names
/// after the resource in lower case (`patient-definitions.html`,
/// `domainresource-definitions.html`): the one rule of page names not read from the
/// definitions.
fn spec_page(sd: &StructureDefinition) -> Option<String> {
    match (&sd.spec_page, sd.kind) {
        (Some(page), _) => Some(page.clone()),
        (None, StructureKind::Resource) if sd.derivation != Some(Derivation::Constraint) => Some(
            format!("{}-definitions.html", sd.type_name.to_ascii_lowercase()),
        ),
        (None, _) => None,
    }
}

/// Where an element is defined: its `base.path` (`Resource.id` for `Patient.id`), or its own
/// path where the snapshot gives none.
fn defining_path(element: &ElementDefinition) -> &str {
    element.base.as_ref().map_or(&element.path, |b| &b.path)
}

/// Names the generated code relies on from the prelude; no generated type may take one.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option", "Some", "None", "Vec", "Box", "String", "Result", "Ok", "Err", "Default",
];

/// The base layer's IR, and the findings made while building it.
pub fn lower_base(registry: &Registry) -> Result<(Model, Vec<Diagnostic>)> {
    let open_types = open_type_codes(registry)?;
    let mut cx = Lowering {
        registry,
        diagnostics: Vec::new(),
        codes: Codes::default(),
        open_types,
        any_value: None,
    };
    let mut datatypes = Vec::new();
    let mut resources = Vec::new();
    let mut errors = Vec::new();
    for sd in registry.structure_definitions.values() {
        if !is_base_type(sd) {
            continue;
        }
        match cx.lower_definition(sd) {
            Ok(module) => match sd.kind {
                StructureKind::Resource => resources.push(module),
                _ => datatypes.push(module),
            },
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Many(errors));
    }
    datatypes.sort_by(|a, b| a.file.cmp(&b.file));
    resources.sort_by(|a, b| a.file.cmp(&b.file));
    let mut model = Model {
        datatypes,
        resources,
        code_enums: cx.codes.finish(),
        shared_choices: cx.any_value.take().into_iter().collect(),
    };
    check_names(&model)?;
    box_recursive_fields(&mut model);
    let mut diagnostics = cx.diagnostics;
    diagnostics.sort();
    diagnostics.dedup();
    Ok((model, diagnostics))
}

/// Whether a definition is one of the base layer's datatypes or resources: a core
/// specialization that can be instantiated, or a core datatype constraint such as
/// `SimpleQuantity` (extension definitions are constraints on `Extension` and belong to
/// the profile layer).
pub fn is_base_type(sd: &StructureDefinition) -> bool {
    sd.url.starts_with(CORE_PREFIX)
        && matches!(
            sd.kind,
            StructureKind::ComplexType | StructureKind::Resource
        )
        && !sd.is_abstract
        && match sd.derivation {
            Some(Derivation::Specialization) => true,
            Some(Derivation::Constraint) => sd.type_name != "Extension",
            None => false,
        }
}

struct Lowering<'a> {
    registry: &'a Registry,
    diagnostics: Vec<Diagnostic>,
    codes: Codes,
    /// The type codes of FHIR's open type `*` (those of `Extension.value[x]`).
    open_types: Vec<String>,
    /// The one enum every open-type choice element shares, once the first is met.
    any_value: Option<ChoiceEnum>,
}

/// Name of the enum shared by every choice element that takes any datatype
/// (`Extension.value[x]`, `ElementDefinition.fixed[x]`, ...).
pub const ANY_VALUE: &str = "AnyValue";

/// The type codes of `Extension.value[x]`: FHIR's open type.
fn open_type_codes(registry: &Registry) -> Result<Vec<String>> {
    let url = format!("{CORE_PREFIX}Extension");
    let element = registry
        .structure_definitions
        .get(&url)
        .and_then(|sd| sd.snapshot.as_ref())
        .and_then(|elements| elements.iter().find(|e| e.path == "Extension.value[x]"));
    match element {
        Some(e) => Ok(type_codes(e)),
        None => Err(Error::input(
            Location::default()
                .with_url(url)
                .with_element("Extension.value[x]"),
            "the core Extension definition (with value[x]) is needed to know the open type",
        )),
    }
}

/// One struct being built: the definition it comes from and where its elements are.
struct StructScope<'s> {
    sd: &'s StructureDefinition,
    elements: &'s [ElementDefinition],
}

impl<'a> Lowering<'a> {
    fn lower_definition(&mut self, sd: &'a StructureDefinition) -> Result<Module> {
        let location = sd.source.location(&sd.url);
        let Some(elements) = sd.snapshot.as_deref() else {
            return Err(Error::input(
                location,
                "a base definition must have a snapshot",
            ));
        };
        let Some(root) = elements.first() else {
            return Err(Error::input(location, "the snapshot has no elements"));
        };
        let kind = match sd.kind {
            StructureKind::Resource => StructKind::Resource,
            _ => StructKind::Datatype,
        };
        // Constraints (SimpleQuantity) are named after themselves, not the type they
        // constrain; their element paths still start with the constrained type.
        let name = if sd.derivation == Some(Derivation::Constraint) {
            &sd.name
        } else {
            &sd.type_name
        };
        let mut module = Module {
            file: names::module(name),
            structs: Vec::new(),
            choices: Vec::new(),
        };
        let scope = StructScope { sd, elements };
        self.lower_struct(&scope, &root.path, name, kind, &mut module)?;
        Ok(module)
    }

    /// Builds the struct for the element at `path` and, recursively, its backbones.
    fn lower_struct(
        &mut self,
        scope: &StructScope<'a>,
        path: &str,
        fhir_name: &str,
        kind: StructKind,
        module: &mut Module,
    ) -> Result<()> {
        let rust_name = names::type_name(fhir_name);
        let index = module.structs.len();
        let spec = match kind {
            StructKind::Backbone => scope
                .elements
                .iter()
                .find(|e| e.path == path)
                .and_then(|e| spec_link(self.registry, defining_path(e))),
            // A constraint (SimpleQuantity) has no entry of its own; its root path is the
            // constrained type's.
            StructKind::Resource | StructKind::Datatype
                if scope.sd.derivation == Some(Derivation::Constraint) =>
            {
                None
            }
            StructKind::Resource | StructKind::Datatype => spec_link(self.registry, path),
        };
        module.structs.push(StructDef {
            name: rust_name.clone(),
            fhir_name: fhir_name.to_string(),
            kind,
            url: scope.sd.url.clone(),
            spec,
            fields: Vec::new(),
        });
        let mut fields = Vec::new();
        let mut taken = BTreeSet::new();
        for element in children(scope.elements, path) {
            if element.slice_name.is_some() {
                self.diagnostics.push(Diagnostic::warning(
                    DiagnosticKind::UnexpectedContent,
                    self.location(scope.sd, element),
                    "a slice in a base definition; ignored by the base layer",
                ));
                continue;
            }
            if let Some(field) = self.lower_field(scope, element, fhir_name, module, &mut taken)? {
                fields.push(field);
            }
        }
        module.structs[index].fields = fields;
        Ok(())
    }

    fn location(&self, sd: &StructureDefinition, element: &ElementDefinition) -> Location {
        let mut loc = sd
            .source
            .location(&sd.url)
            .with_element(element.id.clone().unwrap_or_else(|| element.path.clone()));
        loc.line = element.line;
        loc
    }

    fn lower_field(
        &mut self,
        scope: &StructScope<'a>,
        element: &ElementDefinition,
        owner: &str,
        module: &mut Module,
        taken: &mut BTreeSet<String>,
    ) -> Result<Option<Field>> {
        let location = self.location(scope.sd, element);
        let element_name = element.path.rsplit('.').next().unwrap_or(&element.path);
        let max = match element.max.as_deref() {
            None => Max::Unbounded,
            Some(text) => Max::parse(text).ok_or_else(|| {
                Error::input(
                    location.clone(),
                    format!("max '{text}' is neither a number nor '*'"),
                )
            })?,
        };
        if max == Max::Bounded(0) {
            return Ok(None);
        }
        let min = element.min.unwrap_or(0);
        let fhir_name = names::strip_choice(element_name).to_string();
        let is_choice = element_name.ends_with("[x]");
        let sub_path = format!("{owner}.{fhir_name}");
        let binding = self.binding(element);

        let ty = if let Some(reference) = &element.content_reference {
            let target = reference.trim_start_matches('#');
            // A content reference names an element of the same definition by path; its
            // struct is named after that path.
            if !scope.elements.iter().any(|e| e.path == target) {
                return Err(Error::input(
                    location,
                    format!("contentReference '{reference}' names no element of this definition"),
                ));
            }
            FieldType::Backbone(names::type_name(target))
        } else if has_children(scope.elements, &element.path) {
            self.lower_struct(
                scope,
                &element.path,
                &sub_path,
                StructKind::Backbone,
                module,
            )?;
            FieldType::Backbone(names::type_name(&sub_path))
        } else if is_choice && type_codes(element) == self.open_types {
            if self.any_value.is_none() {
                let mut any = self.lower_choice(scope, element, ANY_VALUE, false, &location)?;
                any.name = ANY_VALUE.to_string();
                any.path = "*".to_string();
                any.spec = None;
                self.any_value = Some(any);
            }
            FieldType::Choice(ANY_VALUE.to_string())
        } else if is_choice {
            let required = Bounds::new(min, max).cardinality().is_required();
            let choice = self.lower_choice(scope, element, &sub_path, required, &location)?;
            let name = choice.name.clone();
            module.choices.push(choice);
            FieldType::Choice(name)
        } else {
            let codes = type_codes(element);
            match codes.as_slice() {
                [code] => self.single_type(scope, element, code, &location)?,
                [] => return Err(Error::input(location, "an element without a type")),
                _ => {
                    return Err(Error::input(
                        location,
                        format!(
                            "several types ({}) on an element whose name does not end in [x]",
                            codes.join(", ")
                        ),
                    ));
                }
            }
        };

        let name = names::field(&fhir_name);
        if !taken.insert(name.clone()) {
            return Err(Error::input(
                location,
                format!("two elements map to the field `{name}`"),
            ));
        }
        let bounds = Bounds::new(min, max);
        Ok(Some(Field {
            fhir_name,
            name,
            path: element.path.clone(),
            spec: spec_link(self.registry, defining_path(element)),
            bounds,
            boxed: boxed_when_optional(&ty) && bounds.cardinality() == Cardinality::Optional,
            ty,
            binding,
            targets: element
                .types
                .iter()
                .filter_map(|t| t.target_profile.clone())
                .collect(),
            is_modifier: element.is_modifier.unwrap_or(false),
            is_summary: element.is_summary.unwrap_or(false),
        }))
    }

    fn single_type(
        &mut self,
        scope: &StructScope<'a>,
        element: &ElementDefinition,
        code: &str,
        location: &Location,
    ) -> Result<FieldType> {
        if element.representation.iter().any(|r| r == "xmlAttr") {
            return Ok(FieldType::Attribute);
        }
        if code == "xhtml" {
            return Ok(FieldType::Xhtml);
        }
        self.value_type(scope, element, code, location)
    }

    /// The type of a value of FHIR type `code` on `element` (a field or choice variant).
    fn value_type(
        &mut self,
        scope: &StructScope<'a>,
        element: &ElementDefinition,
        code: &str,
        location: &Location,
    ) -> Result<FieldType> {
        if let Some(p) = Primitive::from_code(code) {
            if p == Primitive::Code
                && let Some(enum_name) = self.required_code_enum(scope.sd, element)
            {
                return Ok(FieldType::Code { enum_name });
            }
            return Ok(FieldType::Primitive(p));
        }
        if code == "Resource" {
            return Ok(FieldType::Resource);
        }
        let url = format!("{CORE_PREFIX}{code}");
        match self.registry.structure_definitions.get(&url) {
            Some(target) if is_base_type(target) => Ok(FieldType::Complex(names::type_name(
                if target.derivation == Some(Derivation::Constraint) {
                    &target.name
                } else {
                    &target.type_name
                },
            ))),
            _ => Err(Error::input(
                location.clone(),
                format!("type '{code}' is not a datatype of the base layer"),
            )),
        }
    }

    fn lower_choice(
        &mut self,
        scope: &StructScope<'a>,
        element: &ElementDefinition,
        sub_path: &str,
        required: bool,
        location: &Location,
    ) -> Result<ChoiceEnum> {
        let mut variants = Vec::new();
        for code in type_codes(element) {
            let ty = self.value_type(scope, element, &code, location)?;
            let boxed = !required && matches!(ty, FieldType::Complex(_) | FieldType::Backbone(_));
            variants.push(ChoiceVariant {
                name: names::choice_variant(&code),
                type_code: code,
                ty,
                boxed,
            });
        }
        if variants.is_empty() {
            return Err(Error::input(
                location.clone(),
                "a choice element without types",
            ));
        }
        Ok(ChoiceEnum {
            name: names::type_name(sub_path),
            path: element.path.clone(),
            spec: spec_link(self.registry, defining_path(element)),
            variants,
        })
    }

    fn binding(&self, element: &ElementDefinition) -> Option<BindingInfo> {
        let b = element.binding.as_ref()?;
        Some(BindingInfo {
            strength: BindingStrength::from_code(&b.strength)?,
            value_set: b.value_set.clone()?,
        })
    }

    /// The code enum for a `code` element with a required binding, if its value set can
    /// be listed; a diagnostic otherwise.
    fn required_code_enum(
        &mut self,
        sd: &StructureDefinition,
        element: &ElementDefinition,
    ) -> Option<String> {
        let b = element.binding.as_ref()?;
        if BindingStrength::from_code(&b.strength) != Some(BindingStrength::Required) {
            return None;
        }
        let location = self.location(sd, element);
        let Some(url) = b.value_set.as_deref() else {
            self.diagnostics.push(Diagnostic::warning(
                DiagnosticKind::UnenumerableValueSet,
                location,
                "a required binding that names no value set; the code stays a string",
            ));
            return None;
        };
        match self.codes.enum_for(self.registry, url) {
            Ok(name) => Some(name),
            Err(reason) => {
                self.diagnostics.push(Diagnostic::note(
                    DiagnosticKind::UnenumerableValueSet,
                    location,
                    format!("required value set {url} cannot be listed ({reason}); the code stays a string"),
                ));
                None
            }
        }
    }
}

/// The distinct type codes of an element, in order (`Reference` appears once per target
/// in STU3 snapshots).
fn type_codes(element: &ElementDefinition) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for t in &element.types {
        if let Some(code) = &t.code
            && !codes.contains(code)
        {
            codes.push(code.clone());
        }
    }
    codes
}

/// Direct children of `path`, in snapshot order.
fn children<'e>(
    elements: &'e [ElementDefinition],
    path: &'e str,
) -> impl Iterator<Item = &'e ElementDefinition> {
    elements.iter().filter(move |e| {
        e.path
            .strip_prefix(path)
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(|rest| !rest.contains('.'))
    })
}

fn has_children(elements: &[ElementDefinition], path: &str) -> bool {
    children(elements, path).next().is_some()
}

/// Code enums, one per value set URL (without a version), named after the value set.
///
/// [`Codes::listed`] builds (once) the enum of a value set, or says why it cannot be
/// listed; a name is given when it is asked for ([`Codes::enum_for`]) or, for the profile
/// layer, once for every enum in use ([`Codes::finish_named`]), so that which enums exist
/// and what they are called depends only on what the generated types use.
#[derive(Default)]
pub(crate) struct Codes {
    by_url: BTreeMap<String, std::result::Result<CodeEnum, String>>,
    names: BTreeSet<String>,
    /// Value set URLs in the order their enums were named.
    named: Vec<String>,
}

impl Codes {
    /// The enum of value set `url` (a version suffix such as `|3.0.1` is ignored): built
    /// the first time, without a name yet (see [`Codes::enum_for`]), or the reason it
    /// cannot be listed.
    pub(crate) fn listed(
        &mut self,
        registry: &Registry,
        url: &str,
    ) -> std::result::Result<&CodeEnum, String> {
        let url = unversioned(url);
        if !self.by_url.contains_key(url) {
            let built = build_enum(registry, url);
            self.by_url.insert(url.to_string(), built);
        }
        match self.by_url.get(url) {
            Some(Ok(e)) => Ok(e),
            Some(Err(reason)) => Err(reason.clone()),
            None => Err("not built".into()),
        }
    }

    /// The name of value set `url`'s enum, named now if it was not yet.
    pub(crate) fn enum_for(
        &mut self,
        registry: &Registry,
        url: &str,
    ) -> std::result::Result<String, String> {
        self.listed(registry, url)?;
        self.name(registry, unversioned(url))
    }

    fn name(&mut self, registry: &Registry, url: &str) -> std::result::Result<String, String> {
        let Some(Ok(e)) = self.by_url.get_mut(url) else {
            return Err(format!("value set {url} was not listed"));
        };
        if !e.name.is_empty() {
            return Ok(e.name.clone());
        }
        let candidates = enum_name_candidates(registry, url);
        let Some(name) = names::first_free(candidates.clone(), &mut self.names) else {
            return Err(format!(
                "every name for its enum ({}) is taken by another value set",
                candidates.join(", ")
            ));
        };
        e.file = names::module(&name);
        e.name.clone_from(&name);
        self.named.push(url.to_string());
        Ok(name)
    }

    /// The enums of the value sets in `used`, named in that order (the caller puts the
    /// ones that should keep the plain name first), sorted by name.
    pub(crate) fn finish_named(
        mut self,
        registry: &Registry,
        used: &[String],
    ) -> Result<Vec<CodeEnum>> {
        let mut errors = Vec::new();
        for url in used {
            if let Err(reason) = self.name(registry, unversioned(url)) {
                errors.push(Error::input(
                    Location::default().with_url(url.clone()),
                    format!("no enum for the value set: {reason}"),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(Error::Many(errors));
        }
        let keep: BTreeSet<&str> = used.iter().map(|u| unversioned(u)).collect();
        let mut enums: Vec<CodeEnum> = self
            .by_url
            .into_iter()
            .filter(|(url, _)| keep.contains(url.as_str()))
            .filter_map(|(_, e)| e.ok())
            .collect();
        enums.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(enums)
    }

    /// The enums named so far, sorted by name.
    pub(crate) fn finish(self) -> Vec<CodeEnum> {
        let named: BTreeSet<String> = self.named.into_iter().collect();
        let mut enums: Vec<CodeEnum> = self
            .by_url
            .into_iter()
            .filter(|(url, _)| named.contains(url))
            .filter_map(|(_, e)| e.ok())
            .collect();
        enums.sort_by(|a, b| a.name.cmp(&b.name));
        enums
    }
}

/// A value set URL without its `|version` suffix.
pub(crate) fn unversioned(url: &str) -> &str {
    url.split('|').next().unwrap_or(url)
}

/// Candidate names of a value set's enum: its `name`, its `id`, the last segment of its URL.
fn enum_name_candidates(registry: &Registry, url: &str) -> Vec<String> {
    let vs = registry.value_sets.get(url);
    let mut out = Vec::new();
    for c in [
        vs.and_then(|v| v.name.as_deref()),
        vs.and_then(|v| v.id.as_deref()),
        Some(url.rsplit('/').next().unwrap_or(url)),
    ]
    .into_iter()
    .flatten()
    {
        let n = names::type_name(c);
        if !n.is_empty() && !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// The codes of value set `url` as an (unnamed) enum, or why they cannot be listed.
fn build_enum(registry: &Registry, url: &str) -> std::result::Result<CodeEnum, String> {
    if !registry.value_sets.contains_key(url) {
        return Err("no package contains it".into());
    }
    let mut codes = Vec::new();
    expand(registry, url, &mut codes, &mut Vec::new())?;
    if codes.is_empty() {
        return Err("it lists no codes".into());
    }
    let mut variant_names = BTreeSet::new();
    let mut seen_codes = BTreeSet::new();
    let mut variants = Vec::new();
    for (system, code, display) in codes {
        // The same code from two systems cannot be told apart on the wire; keep one.
        if !seen_codes.insert(code.clone()) {
            continue;
        }
        let candidates = names::code_variant_candidates(&code, display.as_deref());
        let Some(variant) = names::first_free(candidates, &mut variant_names) else {
            return Err(format!("code '{code}' has no variant name of its own"));
        };
        variants.push(CodeVariant {
            code,
            name: variant,
            system,
            display,
        });
    }
    Ok(CodeEnum {
        name: String::new(),
        file: String::new(),
        value_set: url.to_string(),
        variants,
    })
}

type ExpandedCode = (Option<String>, String, Option<String>);

/// Lists the codes of a value set: explicit concepts, whole code systems and other value
/// sets. Fails (with the reason) on filters, unknown or incomplete code systems.
fn expand(
    registry: &Registry,
    url: &str,
    out: &mut Vec<ExpandedCode>,
    visiting: &mut Vec<String>,
) -> std::result::Result<(), String> {
    if visiting.iter().any(|v| v == url) {
        return Err(format!("value set {url} includes itself"));
    }
    let vs = registry
        .value_sets
        .get(url)
        .ok_or_else(|| format!("value set {url} not found"))?;
    let compose = vs
        .compose
        .as_ref()
        .ok_or_else(|| format!("value set {url} has no compose"))?;
    visiting.push(url.to_string());
    for include in &compose.include {
        include_codes(registry, include, out, visiting)?;
    }
    if !compose.exclude.is_empty() {
        let mut excluded = Vec::new();
        for exclude in &compose.exclude {
            include_codes(registry, exclude, &mut excluded, visiting)?;
        }
        out.retain(|(s, c, _)| !excluded.iter().any(|(xs, xc, _)| xs == s && xc == c));
    }
    visiting.pop();
    Ok(())
}

fn include_codes(
    registry: &Registry,
    set: &ConceptSet,
    out: &mut Vec<ExpandedCode>,
    visiting: &mut Vec<String>,
) -> std::result::Result<(), String> {
    if !set.filters.is_empty() {
        return Err("it is defined by a filter".into());
    }
    let mut from_value_sets = Vec::new();
    for vs in &set.value_sets {
        expand(registry, vs, &mut from_value_sets, visiting)?;
    }
    let mut from_system = Vec::new();
    if let Some(system) = &set.system {
        let cs = registry.code_systems.get(system);
        if set.concepts.is_empty() {
            let cs = cs.ok_or_else(|| format!("code system {system} is in no package"))?;
            if cs.content.as_deref().is_some_and(|c| c != "complete") {
                return Err(format!(
                    "code system {system} is not complete (content = {})",
                    cs.content.as_deref().unwrap_or_default()
                ));
            }
            flatten(system, &cs.concepts, &mut from_system);
        } else {
            for c in &set.concepts {
                let display = c.display.clone().or_else(|| {
                    cs.and_then(|cs| find_concept(&cs.concepts, &c.code))
                        .and_then(|d| d.display.clone())
                });
                from_system.push((Some(system.clone()), c.code.clone(), display));
            }
        }
    }
    // Both given: the codes of the system that are also in the value sets.
    match (set.system.is_some(), set.value_sets.is_empty()) {
        (true, false) => {
            from_system.retain(|(_, c, _)| from_value_sets.iter().any(|(_, vc, _)| vc == c));
            out.extend(from_system);
        }
        (true, true) => out.extend(from_system),
        (false, _) => out.extend(from_value_sets),
    }
    Ok(())
}

fn flatten(system: &str, concepts: &[Concept], out: &mut Vec<ExpandedCode>) {
    for c in concepts {
        out.push((Some(system.to_string()), c.code.clone(), c.display.clone()));
        flatten(system, &c.children, out);
    }
}

fn find_concept<'c>(concepts: &'c [Concept], code: &str) -> Option<&'c Concept> {
    concepts.iter().find_map(|c| {
        if c.code == code {
            Some(c)
        } else {
            find_concept(&c.children, code)
        }
    })
}

/// Generated names must be unique within their namespace and must not shadow the prelude.
fn check_names(model: &Model) -> Result<()> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    let mut errors = Vec::new();
    for module in model.datatypes.iter().chain(&model.resources) {
        let names = module
            .structs
            .iter()
            .map(|s| (s.name.as_str(), s.fhir_name.as_str()))
            .chain(
                module
                    .choices
                    .iter()
                    .map(|c| (c.name.as_str(), c.path.as_str())),
            );
        for (name, origin) in names {
            if RESERVED_TYPE_NAMES.contains(&name) || name == "Resource" {
                errors.push(Error::input(
                    Location::default().with_element(origin),
                    format!("generated type name `{name}` is reserved"),
                ));
            }
            if let Some(previous) = seen.insert(name, origin) {
                errors.push(Error::input(
                    Location::default().with_element(origin),
                    format!("generated type name `{name}` is also used for {previous}"),
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Many(errors))
    }
}

/// Whether an optional field of type `ty` holds its value in a `Box`: complex types and
/// backbone elements do, since most of them are absent from most instances and a `Box`
/// costs 8 bytes where the struct inline costs 100 to 700 (measured on a 105 MB Bundle of
/// the spec examples: peak RSS 331 → 282 MB, and the parse faster for moving less). The
/// exception is `Narrative`, which nearly every resource carries: boxing it would add an
/// allocation to each.
fn boxed_when_optional(ty: &FieldType) -> bool {
    match ty {
        FieldType::Complex(t) => t != "Narrative",
        FieldType::Backbone(_) => true,
        _ => false,
    }
}

/// Boxes each non-repeating field whose type can contain, through non-repeating fields,
/// the struct that holds the field (`Identifier.assigner` → `Reference.identifier` →
/// `Identifier`). Choice enums box their complex variants already, and `Vec` and the
/// `Resource` enum allocate, so only plain struct-to-struct edges can recurse.
fn box_recursive_fields(model: &mut Model) {
    // Edges: struct → the struct types it holds inline (non-repeating fields, and the
    // unboxed variants of its choices).
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for module in model.datatypes.iter().chain(&model.resources) {
        for s in &module.structs {
            let mut targets = Vec::new();
            for f in s.fields.iter().filter(|f| !f.cardinality().repeats()) {
                match &f.ty {
                    FieldType::Complex(t) | FieldType::Backbone(t) => targets.push(t.clone()),
                    FieldType::Choice(c) => {
                        let choice = module.choices.iter().find(|e| &e.name == c);
                        for v in choice
                            .into_iter()
                            .flat_map(|e| &e.variants)
                            .filter(|v| !v.boxed)
                        {
                            if let FieldType::Complex(t) | FieldType::Backbone(t) = &v.ty {
                                targets.push(t.clone());
                            }
                        }
                    }
                    _ => {}
                }
            }
            edges.insert(s.name.clone(), targets);
        }
    }
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_string()];
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n.clone())
                && let Some(next) = edges.get(&n)
            {
                stack.extend(next.iter().cloned());
            }
        }
        false
    };
    for module in model.datatypes.iter_mut().chain(model.resources.iter_mut()) {
        let mut recursive_choices = Vec::new();
        for s in &mut module.structs {
            let owner = s.name.clone();
            for f in &mut s.fields {
                if f.cardinality().repeats() {
                    continue;
                }
                match &f.ty {
                    FieldType::Complex(t) | FieldType::Backbone(t) if reaches(t, &owner) => {
                        f.boxed = true;
                    }
                    FieldType::Choice(c) => recursive_choices.push((c.clone(), owner.clone())),
                    _ => {}
                }
            }
        }
        for (choice, owner) in recursive_choices {
            for c in module.choices.iter_mut().filter(|e| e.name == choice) {
                for v in c.variants.iter_mut().filter(|v| !v.boxed) {
                    if let FieldType::Complex(t) | FieldType::Backbone(t) = &v.ty
                        && reaches(t, &owner)
                    {
                        v.boxed = true;
                    }
                }
            }
        }
    }
}
