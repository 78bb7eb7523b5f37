//! Stage 2: snapshots for definitions that ship only a differential.
//!
//! A StructureDefinition with a `differential` and no `snapshot` gets one by merging the
//! differential onto its base's snapshot, following FHIR STU3's snapshot generation rules as
//! the HL7 IG Publisher applies them (its output for the 30 differential-only Care Connect
//! definitions is the oracle of `tests/snapshot_agreement.rs`). Published snapshots are used as
//! they are.
//!
//! # How the merge works
//!
//! The base snapshot is walked in order, one level of the element tree at a time. For each
//! base element the differential elements that *match* it are looked up by path (a choice
//! element `value[x]` is also matched by its renamed forms, `valueQuantity`), in the scope of
//! the differential element being processed:
//!
//! * **no match**: the base element is copied. If the differential constrains something below
//!   it that the base snapshot does not list (e.g. `Observation.code.coding.system`), the
//!   element's type (`CodeableConcept`, then `Coding`) — or, for `contentReference`, the
//!   referenced element — is expanded under it, ids and paths rewritten;
//! * **one match** (or a slice entry): the base element with the differential merged onto it
//!   (cardinality, types, binding, fixed/pattern, mustSupport, constraints, …). A choice
//!   element narrowed to one type is renamed (`value[x]` → `valueQuantity`, the STU3 "renamed
//!   choice" slices `Observation.valueQuantity:valueQuantity`). Children come from the base
//!   snapshot when it has them, else from the type's definition when the differential walks
//!   into them: the extension definition for `Extension(url)`, the profile for
//!   `Quantity(profile)`, the core type otherwise;
//! * **slicing** (several matches, or a `slicing` on the first): the sliced element carries the
//!   differential's `slicing`; each slice entry follows, with its own (expanded) children;
//! * **base already sliced** (every `extension` of a datatype is sliced by `url` in the core
//!   snapshots): the base's slicing is refined, the base's slices are merged by name, new
//!   slices are appended. A new extension slice that the differential does not walk into gets
//!   the internals of its extension definition copied under it (the IG Publisher does this "so
//!   that the URL appears"; it is how the `coding.extension:snomedCTDescriptionID` slices carry
//!   the `descriptionId`/`descriptionDisplay` sub-extensions).
//!
//! An extension slice takes its cardinality from the root of its extension definition (the
//! extension's own cardinality; Forge's snapshots of the published Care Connect profiles do
//! the same), narrowed by the differential. Ids are computed at the end
//! from paths and slice names, in STU3 form (`Patient.identifier:nhsNumber.system`,
//! `Observation.valueQuantity:valueQuantity`).
//!
//! Where the result differs from the IG Publisher's snapshots of the Care Connect
//! definitions, ours follows the definitions in the packages and the rules above; each
//! difference and its reason is a named rule in `tests/snapshot_agreement.rs` (the
//! publisher's lookup of some extension definitions failed, it inlined another version of
//! one, round-tripped types through R4, resolved core URLs to core's extensions rather than
//! Care Connect's copies, and kept the sliced element's cardinality on extension slices).
//!
//! Bases and type profiles that lack a snapshot themselves (a profile on a profile, an
//! extension definition that ships only a differential, `Quantity(CareConnect-Quantity-1)`)
//! get theirs first, once; cycles are detected. Nothing here panics on input: what cannot be
//! resolved or does not fit the base is a [`Diagnostic`] and generation goes on with the
//! closest sensible result (the base type for an unknown profile, the element ignored for an
//! unmatched differential element). Only a definition whose base cannot be found (or is part
//! of a cycle) gets no snapshot.
//!
//! Generating the 30 Care Connect snapshots takes a few milliseconds in a release build.

use std::collections::BTreeMap;
use std::ops::Deref;
use std::rc::Rc;

use crate::diag::{Diagnostic, DiagnosticKind, Error, Location, Result};
use crate::load::model::{
    Discriminator, ElementBase, ElementDefinition, Registry, Slicing, StructureDefinition,
    StructureKind, TypeRef,
};

/// Canonical URL prefix of the core FHIR types and resources.
const CORE: &str = "http://hl7.org/fhir/StructureDefinition/";

/// Fills `snapshot` for every StructureDefinition that has a differential but no snapshot.
///
/// Published snapshots are left untouched. Each definition is generated once, bases and
/// referenced profiles first. A definition whose base cannot be resolved keeps `snapshot:
/// None` (with a [`DiagnosticKind::UnresolvedBase`] warning). The diagnostics are returned
/// sorted, without repeats; they are not added to `registry.diagnostics`.
pub fn generate_snapshots(registry: &mut Registry) -> Vec<Diagnostic> {
    let wanted: Vec<String> = registry
        .structure_definitions
        .values()
        .filter(|sd| sd.snapshot.is_none() && sd.differential.is_some())
        .map(|sd| sd.url.clone())
        .collect();
    let mut generator = Generator::new(registry);
    for url in &wanted {
        generator.snapshot(url);
    }
    let Generator {
        generated,
        mut diagnostics,
        ..
    } = generator;
    let generated: BTreeMap<String, Vec<ElementDefinition>> = generated
        .into_iter()
        .filter_map(|(url, elements)| Some((url, elements?.to_vec())))
        .collect();
    for (url, elements) in generated {
        if let Some(sd) = registry.structure_definitions.get_mut(&url) {
            sd.snapshot = Some(elements);
        }
    }
    sort_diagnostics(&mut diagnostics);
    diagnostics
}

/// The snapshot of one definition, generated from its differential and its base (which
/// `registry` must hold; bases and profiles lacking a snapshot are generated on the way, and
/// their diagnostics are included).
///
/// A definition that already has a snapshot gets a copy of it. Fails (with an
/// [`Error::Input`]) only when there is nothing to merge: no differential, or a base that
/// cannot be resolved.
pub fn snapshot_of(
    registry: &Registry,
    sd: &StructureDefinition,
) -> Result<(Vec<ElementDefinition>, Vec<Diagnostic>)> {
    if let Some(snapshot) = &sd.snapshot {
        return Ok((snapshot.clone(), Vec::new()));
    }
    let mut generator = Generator::new(registry);
    generator.in_progress.push(sd.url.clone());
    let result = generator.generate(sd);
    let mut diagnostics = generator.diagnostics;
    sort_diagnostics(&mut diagnostics);
    match result {
        Ok(elements) => Ok((elements, diagnostics)),
        Err(failure) => Err(Error::input(failure.location, failure.message)),
    }
}

fn sort_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort();
    diagnostics.dedup();
}

/// A snapshot to read from: one published in the registry, or one generated in this run.
#[derive(Clone)]
enum Elements<'r> {
    Published(&'r [ElementDefinition]),
    Generated(Rc<[ElementDefinition]>),
}

impl Deref for Elements<'_> {
    type Target = [ElementDefinition];

    fn deref(&self) -> &[ElementDefinition] {
        match self {
            Elements::Published(elements) => elements,
            Elements::Generated(elements) => elements,
        }
    }
}

/// Why a definition got no snapshot (becomes an [`DiagnosticKind::UnresolvedBase`] warning).
struct Failure {
    location: Location,
    message: String,
}

/// Generates snapshots on demand, each once, and remembers the results.
struct Generator<'r> {
    registry: &'r Registry,
    /// Generated snapshots by URL; `None` when generation failed.
    generated: BTreeMap<String, Option<Rc<[ElementDefinition]>>>,
    /// URLs being generated (the chain of bases and profiles), to detect cycles.
    in_progress: Vec<String>,
    diagnostics: Vec<Diagnostic>,
}

impl<'r> Generator<'r> {
    fn new(registry: &'r Registry) -> Self {
        Generator {
            registry,
            generated: BTreeMap::new(),
            in_progress: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// The snapshot of the definition at `url`: published, generated earlier, or generated
    /// now. `None` when there is no such definition or no snapshot can be made (the caller
    /// reports what it needed it for; a failed generation has reported why).
    fn snapshot(&mut self, url: &str) -> Option<Elements<'r>> {
        // One version per URL is loaded; a `|version` suffix does not select another.
        let url = url.split_once('|').map_or(url, |(url, _)| url);
        let sd = self.registry.structure_definitions.get(url)?;
        if let Some(snapshot) = &sd.snapshot {
            return Some(Elements::Published(snapshot));
        }
        if let Some(done) = self.generated.get(url) {
            return done.clone().map(Elements::Generated);
        }
        if self.in_progress.iter().any(|u| u == url) {
            // A cycle: the definition that needs it reports the failure.
            return None;
        }
        self.in_progress.push(url.to_owned());
        let result = self.generate(sd);
        self.in_progress.pop();
        let result = match result {
            Ok(elements) => Some(Rc::<[ElementDefinition]>::from(elements)),
            Err(failure) => {
                self.diagnostics.push(Diagnostic::warning(
                    DiagnosticKind::UnresolvedBase,
                    failure.location,
                    failure.message,
                ));
                None
            }
        };
        self.generated.insert(url.to_owned(), result.clone());
        result.map(Elements::Generated)
    }

    /// Merges `sd`'s differential onto its base's snapshot.
    fn generate(&mut self, sd: &'r StructureDefinition) -> Result<Vec<ElementDefinition>, Failure> {
        let location = sd.source.location(&sd.url);
        let Some(differential) = &sd.differential else {
            return Err(Failure {
                location,
                message: "neither a snapshot nor a differential; no snapshot".into(),
            });
        };
        let Some(base_url) = &sd.base_definition else {
            return Err(Failure {
                location,
                message: "no baseDefinition to generate the snapshot from; no snapshot".into(),
            });
        };
        let Some(base) = self.snapshot(base_url) else {
            let why = if self.in_progress.iter().any(|u| u == base_url) {
                let chain = self.in_progress.join(" → ");
                format!("leads back to itself ({chain} → {base_url})")
            } else if self.registry.structure_definitions.contains_key(base_url) {
                "has no snapshot".to_owned()
            } else {
                "is not in any package".to_owned()
            };
            return Err(Failure {
                location,
                message: format!("baseDefinition {base_url} {why}; no snapshot"),
            });
        };
        if base.is_empty() {
            return Err(Failure {
                location,
                message: format!("the snapshot of baseDefinition {base_url} is empty"),
            });
        }
        let tree = DiffNode::forest(differential);
        let mut merge = Merge {
            generator: self,
            sd,
            diff: differential,
            used: vec![false; differential.len()],
            out: Vec::with_capacity(base.len() + differential.len()),
        };
        let top: Vec<&DiffNode> = tree.iter().collect();
        merge.level(&base, 0, base.len(), &PathMap::identity(), &top);
        let Merge { used, mut out, .. } = merge;
        for (element, used) in differential.iter().zip(used) {
            if !used {
                self.diagnostics.push(Diagnostic::warning(
                    DiagnosticKind::UnmatchedDifferential,
                    element_location(sd, element),
                    format!(
                        "differential element {} matches no element of the base {base_url}; ignored",
                        element.path
                    ),
                ));
            }
        }
        assign_ids(&mut out);
        Ok(out)
    }

    /// The definition whose snapshot describes the children of an element of type `t`: the
    /// profile (extension definition, constrained datatype) if it names one and it can be
    /// resolved, else the core type.
    fn type_definition(&mut self, t: &TypeRef, location: &Location) -> Option<Elements<'r>> {
        if let Some(profile) = &t.profile
            && let Some(elements) = self.profile(profile, t, location)
        {
            return Some(elements);
        }
        let code = t.code.as_deref()?;
        self.core_type(code, location)
    }

    /// The snapshot of a type's profile; a warning when it cannot be had (the same one for
    /// every use at one element, so it is reported once).
    fn profile(&mut self, profile: &str, t: &TypeRef, location: &Location) -> Option<Elements<'r>> {
        let found = self.snapshot(profile);
        if found.is_none() {
            let code = t.code.as_deref().unwrap_or("Element");
            self.diagnostics.push(Diagnostic::warning(
                DiagnosticKind::UnresolvedProfile,
                location.clone(),
                format!(
                    "type profile {profile} cannot be resolved (or has no snapshot); the core type {code} is used in its place"
                ),
            ));
        }
        found
    }

    fn core_type(&mut self, code: &str, location: &Location) -> Option<Elements<'r>> {
        let url = format!("{CORE}{code}");
        let found = self.snapshot(&url);
        if found.is_none() {
            self.diagnostics.push(Diagnostic::warning(
                DiagnosticKind::UnresolvedProfile,
                location.clone(),
                format!("the definition of type {code} ({url}) is not in any package; its children cannot be expanded"),
            ));
        }
        found
    }

    /// Whether every type is a core datatype (primitive or complex), i.e. has children that a
    /// differential may constrain through the type's definition.
    fn is_data_type(&self, types: &[TypeRef]) -> bool {
        !types.is_empty()
            && types.iter().all(|t| {
                t.code.as_deref().is_some_and(|code| {
                    self.registry
                        .structure_definitions
                        .get(&format!("{CORE}{code}"))
                        .is_some_and(|sd| {
                            matches!(
                                sd.kind,
                                StructureKind::ComplexType | StructureKind::PrimitiveType
                            )
                        })
                })
            })
    }
}

fn element_location(sd: &StructureDefinition, element: &ElementDefinition) -> Location {
    let mut location = sd
        .source
        .location(&sd.url)
        .with_element(element.id.as_deref().unwrap_or(&element.path));
    location.line = element.line;
    location
}

/// A differential element with the differential elements nested under it (by path: the
/// elements that follow it and whose paths extend its path). A slice entry
/// (`Patient.identifier:nhsNumber`) therefore owns the constraints on the slice's children.
struct DiffNode {
    index: usize,
    children: Vec<DiffNode>,
}

impl DiffNode {
    fn forest(diff: &[ElementDefinition]) -> Vec<DiffNode> {
        fn build(
            diff: &[ElementDefinition],
            next: &mut usize,
            parent: Option<&str>,
        ) -> Vec<DiffNode> {
            let mut nodes = Vec::new();
            while let Some(element) = diff.get(*next) {
                if let Some(parent) = parent
                    && !is_below(&element.path, parent)
                {
                    break;
                }
                let index = *next;
                *next += 1;
                let children = build(diff, next, Some(&element.path));
                nodes.push(DiffNode { index, children });
            }
            nodes
        }
        let mut next = 0;
        build(diff, &mut next, None)
    }
}

/// `path` is strictly below `ancestor` (`Patient.identifier.system` below `Patient.identifier`).
fn is_below(path: &str, ancestor: &str) -> bool {
    path.len() > ancestor.len() + 1
        && path.starts_with(ancestor)
        && path.as_bytes()[ancestor.len()] == b'.'
}

/// Whether a differential path names the base element at `path`: the same path, or for a
/// choice element (`value[x]`) one of its renamed forms (`valueQuantity`).
fn path_matches(diff_path: &str, path: &str) -> bool {
    if diff_path == path {
        return true;
    }
    match path.strip_suffix("[x]") {
        Some(stem) => diff_path
            .strip_prefix(stem)
            .is_some_and(|suffix| is_type_suffix(suffix) && !suffix.contains('.')),
        None => false,
    }
}

/// Whether a differential path lies below the base element at `path` (also through a
/// renamed choice: `Observation.valueQuantity.code` below `Observation.value[x]`).
fn path_is_below(diff_path: &str, path: &str) -> bool {
    if is_below(diff_path, path) {
        return true;
    }
    match path.strip_suffix("[x]") {
        Some(stem) => diff_path.strip_prefix(stem).is_some_and(|suffix| {
            suffix
                .split_once('.')
                .is_some_and(|(name, rest)| is_type_suffix(name) && !rest.is_empty())
        }),
        None => false,
    }
}

/// A type name as it appears after a choice element's stem: `Quantity`, `Boolean`, `DateTime`.
fn is_type_suffix(suffix: &str) -> bool {
    suffix
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_uppercase())
}

/// `Extension`, `….extension`, `….modifierExtension`.
fn is_extension_path(path: &str) -> bool {
    path == "Extension" || path.ends_with(".extension") || path.ends_with(".modifierExtension")
}

/// How base paths map to the paths the differential uses (`src`, for matching) and to the
/// output paths (`dst`): when a datatype is expanded under `Observation.code`, the base path
/// `CodeableConcept.coding` becomes `Observation.code.coding`.
#[derive(Clone)]
struct PathMap {
    base: String,
    src: String,
    dst: String,
}

impl PathMap {
    fn identity() -> Self {
        PathMap {
            base: String::new(),
            src: String::new(),
            dst: String::new(),
        }
    }

    /// Base elements under `base` (a type's root `Coding`, or a contentReference target
    /// `Observation.referenceRange`) become elements under `src`/`dst`.
    fn under(base: &str, src: &str, dst: &str) -> Self {
        PathMap {
            base: base.to_owned(),
            src: src.to_owned(),
            dst: dst.to_owned(),
        }
    }

    fn rest<'p>(&self, path: &'p str) -> &'p str {
        path.get(self.base.len()..).unwrap_or_default()
    }

    fn src(&self, path: &str) -> String {
        if self.base.is_empty() {
            path.to_owned()
        } else {
            format!("{}{}", self.src, self.rest(path))
        }
    }

    fn dst(&self, path: &str) -> String {
        if self.base.is_empty() {
            path.to_owned()
        } else {
            format!("{}{}", self.dst, self.rest(path))
        }
    }
}

/// The index after the last descendant of the element at `index`.
fn end_of(elements: &[ElementDefinition], index: usize) -> usize {
    let path = &elements[index].path;
    let mut end = index + 1;
    while end < elements.len() && is_below(&elements[end].path, path) {
        end += 1;
    }
    end
}

/// One snapshot generation in progress.
struct Merge<'g, 'r> {
    generator: &'g mut Generator<'r>,
    sd: &'r StructureDefinition,
    diff: &'r [ElementDefinition],
    used: Vec<bool>,
    out: Vec<ElementDefinition>,
}

impl<'r> Merge<'_, 'r> {
    fn d(&self, node: &DiffNode) -> &'r ElementDefinition {
        &self.diff[node.index]
    }

    fn location_of(&self, node: &DiffNode) -> Location {
        element_location(self.sd, self.d(node))
    }

    fn warn(&mut self, kind: DiagnosticKind, location: Location, message: String) {
        self.generator
            .diagnostics
            .push(Diagnostic::warning(kind, location, message));
    }

    /// Processes the base elements `start..end` (one level: siblings with their descendants)
    /// against the differential nodes in scope.
    fn level(
        &mut self,
        base: &Elements<'r>,
        start: usize,
        end: usize,
        map: &PathMap,
        diff: &[&DiffNode],
    ) {
        let mut cursor = start;
        while cursor < end {
            let element = cursor;
            let mut next = end_of(base, element).min(end);
            let mut slices = Vec::new();
            while next < end && base[next].path == base[element].path {
                slices.push(next);
                next = end_of(base, next).min(end);
            }
            let cpath = map.src(&base[element].path);
            let matches: Vec<&DiffNode> = diff
                .iter()
                .copied()
                .filter(|n| !self.used[n.index] && path_matches(&self.d(n).path, &cpath))
                .collect();
            let inner: Vec<&DiffNode> = diff
                .iter()
                .copied()
                .filter(|n| !self.used[n.index] && path_is_below(&self.d(n).path, &cpath))
                .collect();
            if base[element].slicing.is_some() || !slices.is_empty() {
                self.sliced_base(base, element, &slices, map, &matches, &inner);
            } else if matches.is_empty() {
                self.copy(base, element, map, &inner);
            } else if matches.len() == 1 && !self.starts_slicing(&base[element], matches[0]) {
                self.single(base, element, map, matches[0], &inner);
            } else if constrains_types(matches.iter().map(|n| &self.d(n).path)) {
                for node in &matches {
                    self.single(base, element, map, node, &[]);
                }
            } else {
                self.slice(base, element, map, &matches);
            }
            cursor = next;
        }
    }

    /// Whether a lone differential match starts slicing: it has a `slicing`, or it is an
    /// extension slice entry without one (extensions are implicitly sliced by url).
    fn starts_slicing(&self, base: &ElementDefinition, node: &DiffNode) -> bool {
        let d = self.d(node);
        d.slicing.is_some() || (is_extension_path(&base.path) && d.slice_name.is_some())
    }

    /// The base element as it is in the output: path mapped, `base` recorded.
    fn outcome(&self, base: &ElementDefinition, map: &PathMap) -> ElementDefinition {
        let mut outcome = base.clone();
        outcome.path = map.dst(&base.path);
        outcome.id = None;
        outcome.line = None;
        outcome.base = Some(base.base.clone().unwrap_or_else(|| ElementBase {
            path: base.path.clone(),
            min: base.min.unwrap_or(0),
            max: base.max.clone().unwrap_or_else(|| "*".into()),
        }));
        outcome
    }

    /// No differential element names this base element: copy it, and expand below it what
    /// the differential constrains there.
    fn copy(&mut self, base: &Elements<'r>, element: usize, map: &PathMap, inner: &[&DiffNode]) {
        let outcome = self.outcome(&base[element], map);
        let src = map.src(&base[element].path);
        self.out.push(outcome);
        self.children(base, element, map, &src, inner, None);
    }

    /// Emits the children of the element just pushed (`self.out.last()`), which came from
    /// `base[element]`: from the base snapshot if it lists any, else from the element's type
    /// (or contentReference target) when the differential constrains something below it.
    /// `src` is the differential path of the element; `named` the differential element it
    /// was merged with (for the choice narrowing and the messages).
    fn children(
        &mut self,
        base: &Elements<'r>,
        element: usize,
        map: &PathMap,
        src: &str,
        diff: &[&DiffNode],
        named: Option<&DiffNode>,
    ) {
        let end = end_of(base, element);
        if end > element + 1 {
            self.level(base, element + 1, end, map, diff);
            return;
        }
        if diff.is_empty() {
            return;
        }
        let location = match named {
            Some(node) => self.location_of(node),
            None => self.location_of(diff[0]),
        };
        let Some(outcome) = self.out.last() else {
            return;
        };
        let dst = outcome.path.clone();
        if let Some(reference) = outcome.content_reference.clone() {
            let Some(target) = content_target(base, &reference) else {
                self.warn(
                    DiagnosticKind::UnexpectedContent,
                    location,
                    format!("contentReference {reference} names no element of the base; the constraints below it are ignored"),
                );
                return;
            };
            if let Some(last) = self.out.last_mut() {
                last.content_reference = None;
                last.types = base[target].types.clone();
            }
            let target_path = base[target].path.clone();
            let inner = PathMap::under(&target_path, src, &dst);
            self.level(base, target + 1, end_of(base, target), &inner, diff);
            return;
        }
        let types = outcome.types.clone();
        if !self.generator.is_data_type(&types) {
            self.warn(
                DiagnosticKind::UnexpectedContent,
                location,
                format!(
                    "the differential constrains children of {dst}, whose type ({}) has no children to constrain; ignored",
                    type_codes(&types)
                ),
            );
            return;
        }
        let mut types = types;
        if types.len() > 1
            && let Some(node) = named
            && let Some(stem) = dst.strip_suffix("[x]")
            && let Some(suffix) = self.d(node).path.strip_prefix(stem)
        {
            // `value[x]` constrained through its renamed form: only that type has children.
            let wanted: Vec<TypeRef> = types
                .iter()
                .filter(|t| {
                    t.code
                        .as_deref()
                        .is_some_and(|c| c.eq_ignore_ascii_case(suffix))
                })
                .cloned()
                .collect();
            if !wanted.is_empty() {
                types = wanted;
            }
        }
        let definition = if types.len() == 1
            || types.iter().all(|t| t.code.as_deref() == Some("Reference"))
        {
            self.generator.type_definition(&types[0], &location)
        } else {
            self.warn(
                DiagnosticKind::InvalidConstraint,
                location.clone(),
                format!(
                    "the differential constrains children of {dst}, which has several types ({}); only the children common to all types (Element) are available",
                    type_codes(&types)
                ),
            );
            self.generator.core_type("Element", &location)
        };
        let Some(definition) = definition else {
            return;
        };
        let root = definition[0].path.clone();
        let inner = PathMap::under(&root, src, &dst);
        self.level(&definition, 1, definition.len(), &inner, diff);
    }

    /// An extension slice (`Extension(url)`) takes its cardinality from the extension
    /// definition's root, within the base's, before the differential's own: the root states
    /// the extension's cardinality. (Forge's snapshots of the published Care Connect profiles
    /// do the same; the IG Publisher of the oracle keeps the base's.)
    fn extension_root(&mut self, outcome: &mut ElementDefinition, node: &DiffNode) {
        let d = self.d(node);
        let [t] = d.types.as_slice() else {
            return;
        };
        let (Some("Extension"), Some(profile)) = (t.code.as_deref(), t.profile.as_deref()) else {
            return;
        };
        let location = self.location_of(node);
        let Some(root) = self
            .generator
            .profile(profile, t, &location)
            .and_then(|definition| definition.first().cloned())
        else {
            return;
        };
        if root.min.is_some() {
            outcome.min = root.min;
        }
        if let Some(max) = &root.max
            && narrower_max(max, outcome.max.as_deref())
        {
            outcome.max = Some(max.clone());
        }
    }

    /// The base element merged with its one differential element (also used for each slice
    /// entry); returns the index of the emitted element.
    fn single(
        &mut self,
        base: &Elements<'r>,
        element: usize,
        map: &PathMap,
        node: &DiffNode,
        inner: &[&DiffNode],
    ) -> usize {
        let mut outcome = self.outcome(&base[element], map);
        outcome.slicing.clone_from(&self.d(node).slicing);
        self.extension_root(&mut outcome, node);
        self.merge(&mut outcome, node);
        rename_choice(&mut outcome);
        let index = self.out.len();
        self.out.push(outcome);
        let mut diff: Vec<&DiffNode> = node.children.iter().collect();
        diff.extend_from_slice(inner);
        let src = self.d(node).path.clone();
        self.children(base, element, map, &src, &diff, Some(node));
        index
    }

    /// The differential slices a base element that is not sliced in the base: the sliced
    /// element, then each slice entry with its children.
    fn slice(&mut self, base: &Elements<'r>, element: usize, map: &PathMap, matches: &[&DiffNode]) {
        let first = matches[0];
        let d0 = self.d(first);
        let b = &base[element];
        let location = self.location_of(first);
        let limited_to_one = d0.slicing.is_some() && d0.max.as_deref() == Some("1");
        if !(repeats(b) || limited_to_one) {
            self.warn(
                DiagnosticKind::InvalidConstraint,
                location.clone(),
                format!(
                    "{} is sliced but does not repeat (max {}) and the slicing does not limit it to one; sliced anyway",
                    map.dst(&b.path),
                    b.max.as_deref().unwrap_or("?")
                ),
            );
        }
        if d0.slicing.is_none() && !is_extension_path(&b.path) {
            self.warn(
                DiagnosticKind::InvalidConstraint,
                location,
                format!(
                    "{} has several differential entries but no slicing; they are treated as slices",
                    map.dst(&b.path)
                ),
            );
        }
        let has_children = end_of(base, element) > element + 1 || !first.children.is_empty();
        let start = if d0.slice_name.is_none() {
            // The differential's first entry is the sliced element itself.
            if has_children {
                let index = self.single(base, element, map, first, &[]);
                if self.out[index].slicing.is_none() {
                    self.out[index].slicing = Some(extension_slicing());
                }
            } else {
                let mut outcome = self.outcome(b, map);
                outcome.slicing = Some(d0.slicing.clone().unwrap_or_else(extension_slicing));
                self.merge(&mut outcome, first);
                self.out.push(outcome);
            }
            1
        } else {
            // Slice entries without a sliced element (extensions are sliced by url).
            let mut outcome = self.outcome(b, map);
            outcome.slicing = Some(extension_slicing());
            let src = map.src(&b.path);
            self.out.push(outcome);
            self.children(base, element, map, &src, &[], None);
            0
        };
        for node in &matches[start..] {
            self.single(base, element, map, node, &[]);
        }
    }

    /// The base element is sliced already (in a base profile, or the `url` slicing every
    /// datatype's `extension` carries): refine the slicing, merge the base's slices by name,
    /// append the new ones.
    fn sliced_base(
        &mut self,
        base: &Elements<'r>,
        element: usize,
        slices: &[usize],
        map: &PathMap,
        matches: &[&DiffNode],
        inner: &[&DiffNode],
    ) {
        let b = &base[element];
        if matches.is_empty() {
            self.copy(base, element, map, inner);
            for &slice in slices {
                self.copy(base, slice, map, &[]);
            }
            return;
        }
        let first = matches[0];
        let d0 = self.d(first);
        let closed = b
            .slicing
            .as_ref()
            .is_some_and(|s| s.rules.as_deref() == Some("closed"));
        let mut outcome = self.outcome(b, map);
        let mut next = 0;
        if d0.slicing.is_some() || d0.slice_name.is_none() {
            match (&mut outcome.slicing, &d0.slicing) {
                (Some(slicing), Some(refined)) => refine_slicing(slicing, refined),
                (slicing @ None, Some(refined)) => *slicing = Some(refined.clone()),
                (_, None) => {}
            }
            self.merge(&mut outcome, first);
            if d0.slice_name.is_none() {
                next = 1;
            }
        }
        self.out.push(outcome);
        let mut own: Vec<&DiffNode> = if next == 1 {
            first.children.iter().collect()
        } else {
            Vec::new()
        };
        own.extend_from_slice(inner);
        let src = self.d(first).path.clone();
        self.children(base, element, map, &src, &own, Some(first));

        let mut remaining: Vec<&DiffNode> = matches[next..].to_vec();
        for &slice in slices {
            let name = base[slice].slice_name.as_deref();
            let position = remaining
                .iter()
                .position(|n| name.is_some() && self.d(n).slice_name.as_deref() == name);
            match position {
                Some(position) => {
                    let node = remaining.remove(position);
                    self.single(base, slice, map, node, &[]);
                }
                None => self.copy(base, slice, map, &[]),
            }
        }
        if closed && !remaining.is_empty() {
            self.warn(
                DiagnosticKind::InvalidConstraint,
                self.location_of(remaining[0]),
                format!(
                    "the base closes the slicing of {}, but the differential adds slices; added anyway",
                    map.dst(&b.path)
                ),
            );
        }
        for node in remaining {
            let mut outcome = self.outcome(b, map);
            outcome.slicing = None;
            self.extension_root(&mut outcome, node);
            self.merge(&mut outcome, node);
            rename_choice(&mut outcome);
            let has_base_children = end_of(base, element) > element + 1;
            let inline = !has_base_children
                && node.children.is_empty()
                && node.index + 1 < self.diff.len()
                && outcome.path.contains('.')
                && outcome.types.first().and_then(|t| t.code.as_deref()) == Some("Extension")
                && self.generator.is_data_type(&outcome.types);
            let first_type = outcome.types.first().cloned();
            let path = outcome.path.clone();
            self.out.push(outcome);
            if inline && let Some(t) = first_type {
                self.inline_extension(&t, &path, node);
            } else {
                let diff: Vec<&DiffNode> = node.children.iter().collect();
                let src = self.d(node).path.clone();
                self.children(base, element, map, &src, &diff, Some(node));
            }
        }
    }

    /// Copies the internals of an extension definition (everything but its root) under a new
    /// extension slice at `path`, as the IG Publisher does for slices added to an
    /// already-sliced `extension` (the slice's `url` then shows its fixed value).
    fn inline_extension(&mut self, t: &TypeRef, path: &str, node: &DiffNode) {
        let location = self.location_of(node);
        let Some(definition) = self.generator.type_definition(t, &location) else {
            return;
        };
        let root = definition[0].path.clone();
        let map = PathMap::under(&root, path, path);
        for element in definition.iter().skip(1) {
            let mut copy = element.clone();
            copy.path = map.dst(&element.path);
            copy.id = None;
            copy.line = None;
            self.out.push(copy);
        }
    }

    /// Merges the differential element onto `dest` (FHIR's rules: what the differential says
    /// replaces what the base says; constraints accumulate; only extensions may change
    /// isModifier).
    fn merge(&mut self, dest: &mut ElementDefinition, node: &DiffNode) {
        self.used[node.index] = true;
        let d = self.d(node);
        if d.slice_name.is_some() {
            dest.slice_name.clone_from(&d.slice_name);
        }
        if d.min.is_some() {
            dest.min = d.min;
        }
        if d.max.is_some() {
            dest.max.clone_from(&d.max);
        }
        if d.fixed.is_some() {
            dest.fixed.clone_from(&d.fixed);
        }
        if d.pattern.is_some() {
            dest.pattern.clone_from(&d.pattern);
        }
        if d.max_length.is_some() {
            dest.max_length = d.max_length;
        }
        if d.must_support.is_some() {
            dest.must_support = d.must_support;
        }
        if d.is_summary.is_some() {
            dest.is_summary = d.is_summary;
        }
        if d.is_modifier.is_some() && d.is_modifier != dest.is_modifier {
            if is_extension_path(&dest.path) {
                dest.is_modifier = d.is_modifier;
            } else {
                self.warn(
                    DiagnosticKind::InvalidConstraint,
                    self.location_of(node),
                    format!(
                        "a profile cannot change isModifier of {} (only extensions can); kept the base's",
                        dest.path
                    ),
                );
            }
        }
        if d.binding.is_some() {
            dest.binding.clone_from(&d.binding);
        }
        if !d.types.is_empty() {
            if !dest.types.is_empty() {
                for t in &d.types {
                    if !type_allowed(t, &dest.types) {
                        self.warn(
                            DiagnosticKind::InvalidConstraint,
                            self.location_of(node),
                            format!(
                                "type {} is not one of the base's types ({}); used anyway",
                                t.code.as_deref().unwrap_or("?"),
                                type_codes(&dest.types)
                            ),
                        );
                    }
                }
            }
            dest.types.clone_from(&d.types);
        }
        if dest.binding.is_some() && !dest.types.is_empty() && !dest.types.iter().any(is_bindable) {
            // e.g. `medication[x]` (CodeableConcept | Reference) narrowed to Reference: the
            // base's binding has nothing left to apply to.
            dest.binding = None;
        }
        for constraint in &d.constraints {
            if !dest.constraints.iter().any(|c| c.key == constraint.key) {
                dest.constraints.push(constraint.clone());
            }
        }
        if d.line.is_some() {
            dest.line = d.line;
        }
    }
}

/// Whether a differential's type may replace the base's types: the same code, or a base that
/// allows anything of its kind.
fn type_allowed(t: &TypeRef, base: &[TypeRef]) -> bool {
    let Some(code) = t.code.as_deref() else {
        return true;
    };
    base.iter().any(|b| match b.code.as_deref() {
        None => true,
        Some(b) => {
            b == code
                || matches!(
                    b,
                    "Extension" | "Element" | "*" | "Resource" | "DomainResource"
                )
        }
    })
}

/// Whether a binding can apply to an element of this type (it carries a code).
fn is_bindable(t: &TypeRef) -> bool {
    matches!(
        t.code.as_deref(),
        Some("code" | "Coding" | "CodeableConcept" | "Quantity" | "string" | "uri")
    )
}

fn type_codes(types: &[TypeRef]) -> String {
    let codes: Vec<&str> = types
        .iter()
        .map(|t| t.code.as_deref().unwrap_or("?"))
        .collect();
    codes.join("|")
}

/// The element a `#Path` contentReference names, by id or path.
fn content_target(base: &[ElementDefinition], reference: &str) -> Option<usize> {
    let name = reference.strip_prefix('#').unwrap_or(reference);
    let name = name.rsplit_once('#').map_or(name, |(_, fragment)| fragment);
    base.iter()
        .position(|e| e.id.as_deref() == Some(name))
        .or_else(|| {
            base.iter()
                .position(|e| e.path == name && e.slice_name.is_none())
        })
}

/// Several differential entries for one choice element that each constrain a type
/// (`value[x]` followed by `valueQuantity`, `valueString`).
fn constrains_types<'p>(mut paths: impl Iterator<Item = &'p String>) -> bool {
    let Some(first) = paths.next() else {
        return false;
    };
    let Some(stem) = first.strip_suffix("[x]") else {
        return false;
    };
    let mut count = 1;
    for path in paths {
        if !path.starts_with(stem) {
            return false;
        }
        count += 1;
    }
    count > 1
}

/// Whether `max` allows fewer repetitions than `than` (`None`: unbounded).
fn narrower_max(max: &str, than: Option<&str>) -> bool {
    let limit = |m: &str| m.parse::<u64>().ok();
    match (limit(max), than.and_then(limit)) {
        (Some(max), Some(than)) => max < than,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// Whether the element may repeat (max above 1).
fn repeats(element: &ElementDefinition) -> bool {
    !matches!(element.max.as_deref(), Some("0" | "1") | None)
}

/// The slicing FHIR implies for extensions sliced without one.
fn extension_slicing() -> Slicing {
    Slicing {
        discriminators: vec![Discriminator {
            kind: "value".into(),
            path: "url".into(),
        }],
        ordered: Some(false),
        rules: Some("open".into()),
    }
}

/// The differential's slicing over the base's: ordered and rules replaced, discriminators
/// added.
fn refine_slicing(slicing: &mut Slicing, refined: &Slicing) {
    if refined.ordered.is_some() {
        slicing.ordered = refined.ordered;
    }
    for d in &refined.discriminators {
        if !slicing.discriminators.contains(d) {
            slicing.discriminators.push(d.clone());
        }
    }
    if refined.rules.is_some() {
        slicing.rules.clone_from(&refined.rules);
    }
}

/// A choice element narrowed to one type takes that type's name: `value[x]` → `valueQuantity`
/// (also when the one type is listed once per profile: `Reference(A)`, `Reference(B)`).
fn rename_choice(element: &mut ElementDefinition) {
    let Some(first) = element.types.first() else {
        return;
    };
    if let Some(code) = first.code.as_deref()
        && code != "*"
        && element
            .types
            .iter()
            .all(|t| t.code.as_deref() == Some(code))
        && let Some(stem) = element.path.strip_suffix("[x]")
    {
        let mut chars = code.chars();
        if let Some(first) = chars.next() {
            element.path = format!("{stem}{}{}", first.to_ascii_uppercase(), chars.as_str());
        }
    }
}

/// Ids in STU3 form: the path, each segment followed by `:sliceName` where that ancestor (or
/// the element itself) is a slice entry.
fn assign_ids(elements: &mut [ElementDefinition]) {
    // ids of the last element seen at each depth
    let mut stack: Vec<String> = Vec::new();
    for element in elements {
        let depth = element.path.split('.').count();
        let last = element.path.rsplit('.').next().unwrap_or(&element.path);
        stack.truncate(depth.saturating_sub(1));
        let mut id = match stack.last() {
            Some(parent) if depth > 1 => format!("{parent}.{last}"),
            _ => element.path.clone(),
        };
        if let Some(name) = &element.slice_name {
            id.push(':');
            id.push_str(name);
        }
        element.id = Some(id.clone());
        stack.push(id);
    }
}
