//! What a profile update changes, at the level of the generated model: two versions of
//! the definitions are lowered to the profile layer's IR and compared definition by
//! definition, element by element (by element id, which survives a renamed field), and
//! every change is classified three times:
//!
//! - **Rust API**, by Cargo's semver rules as they apply to the generated code: a field
//!   removed, renamed or retyped, a constructor that takes other arguments, a variant
//!   added to or removed from an exhaustive enum, a new public field on a struct users
//!   can build with a literal: breaking; a new type, a new field on a struct that keeps a
//!   private field (those with slices cannot be built with literals): compatible;
//! - **reading** (`TryFrom` from the base resource): whether instances that conformed
//!   before may be rejected now (tightening), instances rejected before may conform now
//!   (loosening), both or neither;
//! - **building** (constructors, fields): whether values the old API could build can no
//!   longer be built (tightening), whether values it could not build can be built now
//!   (loosening). It differs from reading where the generated code does the work: a
//!   changed fixed value or slice discriminator is written by the constructor itself, and
//!   so is a required element the profile decides entirely ([`ProfileLayer::filled`]).
//!
//! The changes give a [`Severity`] each (overridable per [`Kind`]) and a suggested
//! version bump for the crate that holds the generated code.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::ir::profile::{
    Link, Member, PField, PStruct, PType, ProfileLayer, ProfileModule, Rest, StructRef,
};
use crate::ir::{Bounds, Cardinality, Max};

/// What a change does to users of the generated Rust API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Api {
    /// Some code that compiled before does not now.
    Breaking,
    /// Code that compiled before still does; there are new items.
    Compatible,
    /// The generated API is the same (a constant's value may differ).
    Unchanged,
}

/// What a change does to the instances that conform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Wire {
    /// Some accepted (or buildable) before are not now.
    Tightening,
    /// Some rejected (or not buildable) before are accepted now.
    Loosening,
    /// Both at once.
    Both,
    /// No difference.
    Neither,
}

impl Wire {
    /// Both effects of two parts of one change.
    fn and(self, other: Wire) -> Wire {
        match (self, other) {
            (Wire::Neither, w) | (w, Wire::Neither) => w,
            (a, b) if a == b => a,
            _ => Wire::Both,
        }
    }

    /// Whether instances that were fine before may not be now.
    pub fn tightens(self) -> bool {
        matches!(self, Wire::Tightening | Wire::Both)
    }

    /// From how a new set of allowed things compares with the old one.
    fn of_sets<T: Ord>(old: &BTreeSet<T>, new: &BTreeSet<T>) -> Wire {
        match (new.is_subset(old), old.is_subset(new)) {
            (true, true) => Wire::Neither,
            (true, false) => Wire::Tightening,
            (false, true) => Wire::Loosening,
            (false, false) => Wire::Both,
        }
    }
}

/// How much a change matters, for gating (`--fail-on`); by default from its
/// classification, overridable per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// API-breaking.
    Breaking,
    /// API-compatible, but instances that conformed (or could be built) may not now.
    Warning,
    /// Anything else.
    Info,
}

impl Severity {
    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "breaking" => Some(Severity::Breaking),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// The kind of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    DefinitionAdded,
    DefinitionRemoved,
    /// The definition's canonical URL changed; its type keeps its name.
    DefinitionMoved,
    /// The definition's type has another name.
    TypeRenamed,
    /// The definition now narrows another base type.
    BaseChanged,
    FieldAdded,
    FieldRemoved,
    /// The same element, another field name.
    FieldRenamed,
    /// The field's container changed (`Option<T>` → `T`, `Vec<T>` → `NonEmpty<T>`, ...).
    ContainerChanged,
    /// The bounds changed within the same container (`0..3` → `0..2`).
    BoundsChanged,
    /// What the field holds changed: a narrower or wider type, a value set, targets, ...
    FieldTypeChanged,
    /// The constructor takes other arguments, or the struct can no longer be built with a
    /// literal.
    ConstructorChanged,
    /// A field's element is removed now (max 0).
    ElementRemoved,
    /// A removed element is allowed again.
    ElementAllowed,
    /// A field's element is fixed now.
    ElementFixed,
    /// A fixed element is free again.
    ElementUnfixed,
    FixedValueChanged,
    /// How items are recognised as belonging to a slice changed.
    SliceMatchChanged,
    /// A sliced element's remainder is closed now: items no slice matches are rejected.
    SlicingClosed,
    /// A sliced element's remainder is open now.
    SlicingOpened,
    /// A narrowed choice allows a new type.
    ChoiceTypeAdded,
    /// A narrowed choice no longer allows a type.
    ChoiceTypeRemoved,
    /// A set of reference targets accepts a new type.
    TargetAdded,
    /// A set of reference targets no longer accepts a type.
    TargetRemoved,
    /// A binding the generated code keeps as a constant changed (value set or strength).
    BindingChanged,
    BindingAdded,
    BindingRemoved,
    CodeAdded,
    CodeRemoved,
}

impl Kind {
    /// Every kind, for messages and `--severity` checks.
    pub const ALL: [Kind; 29] = [
        Kind::DefinitionAdded,
        Kind::DefinitionRemoved,
        Kind::DefinitionMoved,
        Kind::TypeRenamed,
        Kind::BaseChanged,
        Kind::FieldAdded,
        Kind::FieldRemoved,
        Kind::FieldRenamed,
        Kind::ContainerChanged,
        Kind::BoundsChanged,
        Kind::FieldTypeChanged,
        Kind::ConstructorChanged,
        Kind::ElementRemoved,
        Kind::ElementAllowed,
        Kind::ElementFixed,
        Kind::ElementUnfixed,
        Kind::FixedValueChanged,
        Kind::SliceMatchChanged,
        Kind::SlicingClosed,
        Kind::SlicingOpened,
        Kind::ChoiceTypeAdded,
        Kind::ChoiceTypeRemoved,
        Kind::TargetAdded,
        Kind::TargetRemoved,
        Kind::BindingChanged,
        Kind::BindingAdded,
        Kind::BindingRemoved,
        Kind::CodeAdded,
        Kind::CodeRemoved,
    ];

    /// The kebab-case name (`field-removed`), as in JSON and `--severity`.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == text)
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: Kind,
    /// The definition's canonical URL (the value set's, for codes; empty for a set of
    /// reference targets).
    pub url: String,
    /// The element id, when the change is about one element.
    pub element: Option<String>,
    /// The Rust item affected (`careconnect::CareConnectPatient::nhs_number`).
    pub item: String,
    pub api: Api,
    /// For instances read with `TryFrom`.
    pub read: Wire,
    /// For instances built with the constructors and fields.
    pub build: Wire,
    pub severity: Severity,
    /// The Rust type before and after, where the change is about a field's type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_type: Option<String>,
    /// What it was and what it is, in words.
    pub detail: String,
    /// For an API-breaking change of the models: a use of the old API that the change
    /// breaks (what [`usage_crate`] writes, to check the classification with the compiler).
    #[serde(skip)]
    pub usage: Option<Usage>,
}

/// A use of the old generated API, written against `careconnect-models`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Usage {
    /// Reads a field through the path from the definition's main type; `ty` is the field's
    /// old Rust type, checked when given.
    Access {
        root: String,
        steps: Vec<Step>,
        ty: Option<String>,
    },
    /// Builds a struct with a literal naming every field the old struct had.
    Literal { ty: String, fields: Vec<String> },
    /// Takes the old constructor as a function of the old argument types.
    Constructor { ty: String, args: Vec<String> },
    /// Names a type.
    Type { path: String },
    /// Matches a variant of an enum.
    Variant { path: String, variant: String },
    /// Matches every old variant of an enum, without a wildcard.
    Exhaustive { path: String, variants: Vec<String> },
    /// Needs `ty` to be a reference target of `marker`.
    Target { marker: String, ty: String },
    /// Names an associated constant.
    Constant { path: String },
    /// Converts the profile type into its old base type.
    Into { ty: String, base: String },
}

/// One field on the way from a definition's main type to an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub field: String,
    pub container: Cardinality,
}

/// One side of a comparison: the profile layer, and where its items live.
pub struct Side<'l> {
    pub layer: &'l ProfileLayer,
    /// The packages whose items are not in `careconnect-models` (a build's own packages:
    /// their items are named without the `careconnect::` path).
    pub own_packages: BTreeSet<String>,
    /// The value sets of those packages (their code enums are the build's own too).
    pub own_value_sets: BTreeSet<String>,
}

impl<'l> Side<'l> {
    /// A side whose items are all in `careconnect-models`.
    pub fn models(layer: &'l ProfileLayer) -> Side<'l> {
        Side {
            layer,
            own_packages: BTreeSet::new(),
            own_value_sets: BTreeSet::new(),
        }
    }

    /// A side as [`crate::lower_side`] gives it: its items in `own_packages` are a build's
    /// own, the rest the models'.
    pub fn of(lowered: &'l crate::Lowered, own_packages: BTreeSet<String>) -> Side<'l> {
        let own_value_sets = lowered
            .registry
            .value_sets
            .iter()
            .filter(|(_, vs)| own_packages.contains(&vs.source.package))
            .map(|(url, _)| url.clone())
            .collect();
        Side {
            layer: &lowered.profiles,
            own_packages,
            own_value_sets,
        }
    }

    fn path(&self, package: &str) -> &'static str {
        if self.own_packages.contains(package) {
            ""
        } else {
            "careconnect::"
        }
    }
}

/// Every change from `old` to `new`, by definition URL, then element id.
pub fn compare(old: &Side<'_>, new: &Side<'_>) -> Vec<Change> {
    let mut out = Vec::new();
    let olds: BTreeMap<&str, &ProfileModule> =
        old.layer.modules().map(|m| (m.url.as_str(), m)).collect();
    let news: BTreeMap<&str, &ProfileModule> =
        new.layer.modules().map(|m| (m.url.as_str(), m)).collect();
    // A definition under a new URL whose type keeps its name (the URL moved to another
    // host): compared with the old one as one definition.
    let moved: BTreeMap<&str, &ProfileModule> = olds
        .iter()
        .filter(|(url, _)| !news.contains_key(*url))
        .filter_map(|(url, m)| {
            let n = new
                .layer
                .modules()
                .find(|n| n.name == m.name && !olds.contains_key(n.url.as_str()))?;
            Some((*url, n))
        })
        .collect();
    for (url, m) in &olds {
        let path = old.path(&m.package);
        if let Some(n) = moved.get(url) {
            out.push(Change::new(
                Kind::DefinitionMoved,
                url,
                None,
                format!("{}{}", new.path(&n.package), n.name),
                Api::Unchanged,
                (Wire::Both, Wire::Neither),
                format!(
                    "now {} (version {}), was version {}: the type keeps its name; instances \
                     naming the old URL no longer match",
                    n.url,
                    shown(&n.version),
                    shown(&m.version)
                ),
            ));
            Module::compare(old, m, new, n, &mut out);
            continue;
        }
        match news.get(url) {
            None => out.push(
                Change::new(
                    Kind::DefinitionRemoved,
                    url,
                    None,
                    format!("{path}{}", m.name),
                    Api::Breaking,
                    (Wire::Neither, Wire::Neither),
                    format!(
                        "the definition (version {}) is gone, and its type with it",
                        shown(&m.version)
                    ),
                )
                .with_usage((path == "careconnect::").then(|| Usage::Type {
                    path: format!("careconnect::{}", m.name),
                })),
            ),
            Some(n) => Module::compare(old, m, new, n, &mut out),
        }
    }
    let moved_to: BTreeSet<&str> = moved.values().map(|n| n.url.as_str()).collect();
    for (url, n) in &news {
        if !olds.contains_key(url) && !moved_to.contains(url) {
            out.push(Change::new(
                Kind::DefinitionAdded,
                url,
                None,
                format!("{}{}", new.path(&n.package), n.name),
                Api::Compatible,
                (Wire::Neither, Wire::Neither),
                format!(
                    "a new definition (version {}), a new type",
                    shown(&n.version)
                ),
            ));
        }
    }
    compare_codes(old, new, &mut out);
    compare_targets(old, new, &mut out);
    // A shared struct reached from several places has one constructor.
    let mut seen = BTreeSet::new();
    out.retain(|c| c.kind != Kind::ConstructorChanged || seen.insert(c.item.clone()));
    out
}

fn shown(version: &Option<String>) -> &str {
    version.as_deref().unwrap_or("none")
}

/// What one element of a definition became.
#[derive(Debug, Clone)]
enum Shape<'l> {
    Field {
        owner: &'l PStruct,
        field: &'l PField,
    },
    /// Fixed: no field; the value as FHIR writes it.
    Fixed(String),
    Removed,
    /// A sliced element whose remainder is closed.
    Closed,
}

/// The structs of a definition as reached from its main struct, keyed by element id
/// (re-rooted: a shared struct's ids as they are at this place).
struct Structs<'l> {
    shapes: BTreeMap<String, Shape<'l>>,
    structs: BTreeMap<String, &'l PStruct>,
    /// Slice matchers by slice element id, described.
    matchers: BTreeMap<String, String>,
    /// The fields from the main type to each field, by the field's element id.
    routes: BTreeMap<String, Vec<Step>>,
    /// The main type's name.
    main: &'l str,
}

/// How deep structs may hold structs (a content reference could loop).
const MAX_DEPTH: usize = 16;

impl<'l> Structs<'l> {
    fn of(m: &'l ProfileModule, layer: &'l ProfileLayer) -> Structs<'l> {
        let mut s = Structs {
            shapes: BTreeMap::new(),
            structs: BTreeMap::new(),
            matchers: BTreeMap::new(),
            routes: BTreeMap::new(),
            main: &m.name,
        };
        if let Some(main) = m.structs.first() {
            s.walk(m, layer, main, &main.element, &[]);
        }
        s
    }

    fn walk(
        &mut self,
        m: &'l ProfileModule,
        layer: &'l ProfileLayer,
        s: &'l PStruct,
        at: &str,
        route: &[Step],
    ) {
        if route.len() > MAX_DEPTH {
            return;
        }
        self.structs.insert(at.to_owned(), s);
        // The struct's own element ids start with `s.element`; here they start with `at`.
        let here = |element: &str| match element.strip_prefix(s.element.as_str()) {
            Some(rest) => format!("{at}{rest}"),
            None => element.to_owned(),
        };
        let field = |this: &mut Self, f: &'l PField| {
            let id = here(&f.element);
            let mut to = route.to_vec();
            to.push(Step {
                field: f.name.clone(),
                container: f.cardinality(),
            });
            if let Some(inner) = inner_struct(m, layer, &f.ty) {
                this.walk(m, layer, inner, &id, &to);
            }
            this.routes.insert(id.clone(), to);
            this.shapes.insert(id, Shape::Field { owner: s, field: f });
        };
        for member in &s.members {
            match member {
                Member::Field(f) => field(self, f),
                Member::Sliced(sl) => {
                    for slice in &sl.slices {
                        let id = here(&format!("{}:{}", sl.element, slice.name));
                        self.matchers.insert(id.clone(), slice.matcher.describe());
                        match &slice.field {
                            Some(f) => field(self, f),
                            None => {
                                self.shapes.insert(id, Shape::Removed);
                            }
                        }
                    }
                    match &sl.rest {
                        Rest::Open(f) => field(self, f),
                        Rest::Closed => {
                            self.shapes.insert(here(&sl.element), Shape::Closed);
                        }
                    }
                }
                Member::Fixed(x) => {
                    self.shapes
                        .insert(here(&x.element), Shape::Fixed(x.value.literal.text()));
                }
                Member::Removed(x) => {
                    self.shapes.insert(here(&x.element), Shape::Removed);
                }
            }
        }
    }

    /// Whether an ancestor of `element` is a field here that the other side does not have
    /// as a field holding a struct as well: then `element`'s presence or absence follows
    /// from that field's change, which says it.
    fn under_changed_field(&self, element: &str, other: &Structs<'_>) -> bool {
        let mut at = element;
        while let Some((parent, _)) = at.rsplit_once('.') {
            if let Some(Shape::Field { field, .. }) = self.shapes.get(parent) {
                let both_structs = holds_struct(&field.ty)
                    && matches!(other.shapes.get(parent),
                        Some(Shape::Field { field: f, .. }) if holds_struct(&f.ty));
                if !both_structs {
                    return true;
                }
            }
            at = parent;
        }
        false
    }
}

fn inner_struct<'l>(
    m: &'l ProfileModule,
    layer: &'l ProfileLayer,
    ty: &'l PType,
) -> Option<&'l PStruct> {
    ty.walk().find_map(|t| match t.link() {
        Some(Link::Struct(StructRef::Nested(name))) => m.structs.iter().find(|x| &x.name == name),
        Some(Link::Struct(StructRef::Shared(name))) => layer
            .shared
            .iter()
            .find(|x| &x.def.name == name)
            .map(|x| &x.def),
        _ => None,
    })
}

fn holds_struct(ty: &PType) -> bool {
    ty.walk().any(|t| {
        matches!(
            t.link(),
            Some(Link::Struct(StructRef::Nested(_) | StructRef::Shared(_)))
        )
    })
}

/// One definition on both sides.
struct Module<'a, 'l> {
    old: &'a Side<'l>,
    new: &'a Side<'l>,
    old_module: &'l ProfileModule,
    new_module: &'l ProfileModule,
    url: &'l str,
    path: &'static str,
}

impl<'a, 'l> Module<'a, 'l> {
    fn compare(
        old: &'a Side<'l>,
        old_module: &'l ProfileModule,
        new: &'a Side<'l>,
        new_module: &'l ProfileModule,
        out: &mut Vec<Change>,
    ) {
        let cx = Module {
            old,
            new,
            old_module,
            new_module,
            url: &old_module.url,
            path: new.path(&new_module.package),
        };
        cx.run(out);
    }

    fn change(
        &self,
        kind: Kind,
        element: Option<&str>,
        item: String,
        api: Api,
        wire: (Wire, Wire),
        detail: String,
    ) -> Change {
        Change::new(
            kind,
            self.url,
            element,
            format!("{}{item}", self.path),
            api,
            wire,
            detail,
        )
    }

    fn run(&self, out: &mut Vec<Change>) {
        let (om, nm) = (self.old_module, self.new_module);
        if om.name != nm.name {
            out.push(
                self.change(
                    Kind::TypeRenamed,
                    None,
                    nm.name.clone(),
                    Api::Breaking,
                    (Wire::Neither, Wire::Neither),
                    format!("`{}` is now `{}`", om.name, nm.name),
                )
                .with_usage(Some(Usage::Type {
                    path: format!("careconnect::{}", om.name),
                })),
            );
        }
        if om.kind.base() != nm.kind.base() {
            out.push(
                self.change(
                    Kind::BaseChanged,
                    None,
                    nm.name.clone(),
                    Api::Breaking,
                    (Wire::Both, Wire::Both),
                    format!(
                        "narrows `stu3::{}`, was `stu3::{}`",
                        nm.kind.base(),
                        om.kind.base()
                    ),
                )
                .with_usage(Some(Usage::Into {
                    ty: format!("careconnect::{}", om.name),
                    base: format!("stu3::{}", om.kind.base()),
                })),
            );
        }
        let a = Structs::of(om, self.old.layer);
        let b = Structs::of(nm, self.new.layer);
        self.compare_shapes(&a, &b, out);
        self.compare_constructors(&a, &b, out);
        self.compare_matchers(&a, &b, out);
        self.compare_choices(out);
        self.compare_bindings(out);
    }

    fn compare_shapes(&self, a: &Structs<'l>, b: &Structs<'l>, out: &mut Vec<Change>) {
        let both = (Wire::Tightening, Wire::Tightening);
        let loose = (Wire::Loosening, Wire::Loosening);
        for (id, was) in &a.shapes {
            let now = b.shapes.get(id);
            if now.is_none() && a.under_changed_field(id, b) {
                continue;
            }
            let element = Some(id.as_str());
            let main = &self.new_module.name;
            let gone = || self.access(a, id, false);
            match (was, now) {
                (Shape::Field { owner, field }, None) => out.push(
                    self.change(
                        Kind::FieldRemoved,
                        element,
                        item(owner, field),
                        Api::Breaking,
                        (Wire::Neither, Wire::Neither),
                        "the element is no longer a field of its own (its element id is gone)"
                            .into(),
                    )
                    .with_usage(gone()),
                ),
                (Shape::Field { owner, field }, Some(Shape::Removed)) => out.push(
                    self.change(
                        Kind::ElementRemoved,
                        element,
                        item(owner, field),
                        Api::Breaking,
                        both,
                        "the profile now removes the element (max 0): the field is gone".into(),
                    )
                    .with_usage(gone()),
                ),
                (Shape::Field { owner, field }, Some(Shape::Fixed(v))) => out.push(
                    self.change(
                        Kind::ElementFixed,
                        element,
                        item(owner, field),
                        Api::Breaking,
                        both,
                        format!("the profile now fixes the element to '{v}': the field is gone"),
                    )
                    .with_usage(gone()),
                ),
                (Shape::Field { owner, field }, Some(Shape::Closed)) => out.push(
                    self.change(
                        Kind::SlicingClosed,
                        element,
                        item(owner, field),
                        Api::Breaking,
                        both,
                        "items no slice matches are rejected now: the remainder field is gone"
                            .into(),
                    )
                    .with_usage(gone()),
                ),
                (
                    Shape::Field { owner, field },
                    Some(Shape::Field {
                        owner: o2,
                        field: f2,
                    }),
                ) => {
                    self.compare_field(id, a, (owner, field), (o2, f2), out);
                }
                (
                    Shape::Removed | Shape::Fixed(_) | Shape::Closed,
                    Some(Shape::Field { owner, field }),
                ) => {
                    let (kind, what) = match was {
                        Shape::Removed => (
                            Kind::ElementAllowed,
                            "an element the profile removed is allowed again",
                        ),
                        Shape::Fixed(_) => (Kind::ElementUnfixed, "a fixed element is free again"),
                        _ => (
                            Kind::SlicingOpened,
                            "items no slice matches are kept now, not rejected",
                        ),
                    };
                    out.push(self.new_field(kind, id, a, owner, field, loose, what));
                }
                (Shape::Fixed(x), Some(Shape::Fixed(y))) if x != y => out.push(self.change(
                    Kind::FixedValueChanged,
                    element,
                    main.clone(),
                    Api::Unchanged,
                    (Wire::Both, Wire::Neither),
                    format!("fixed to '{y}', was '{x}' (the generated code writes the new value)"),
                )),
                (Shape::Removed | Shape::Closed, Some(Shape::Fixed(v))) => out.push(self.change(
                    Kind::ElementUnfixed,
                    element,
                    main.clone(),
                    Api::Unchanged,
                    (Wire::Loosening, Wire::Neither),
                    format!("a removed element is now fixed to '{v}'"),
                )),
                (Shape::Fixed(v), Some(Shape::Removed | Shape::Closed)) => out.push(self.change(
                    Kind::ElementRemoved,
                    element,
                    main.clone(),
                    Api::Unchanged,
                    (Wire::Tightening, Wire::Neither),
                    format!("an element fixed to '{v}' is now removed"),
                )),
                (Shape::Fixed(_) | Shape::Removed | Shape::Closed, None) => {}
                (Shape::Fixed(_), Some(Shape::Fixed(_)))
                | (Shape::Removed | Shape::Closed, Some(Shape::Removed | Shape::Closed)) => {}
            }
        }
        for (id, now) in &b.shapes {
            if a.shapes.contains_key(id) || b.under_changed_field(id, a) {
                continue;
            }
            if let Shape::Field { owner, field } = now {
                // A new slice or a newly constrained element: items of it were read before
                // (into the remainder, or as the base type) and must now meet its
                // constraints; a required one must now be there.
                let read = Wire::Tightening;
                let build = if field.bounds.min > 0 {
                    Wire::Tightening
                } else {
                    Wire::Neither
                };
                out.push(self.new_field(
                    Kind::FieldAdded,
                    id,
                    a,
                    owner,
                    field,
                    (read, build),
                    "a new field",
                ));
            }
        }
    }

    /// A field that is new: breaking where users may build the struct with a literal
    /// (every public field to fill) or its constructor takes it.
    #[allow(clippy::too_many_arguments)]
    fn new_field(
        &self,
        kind: Kind,
        id: &str,
        a: &Structs<'l>,
        owner: &PStruct,
        field: &PField,
        wire: (Wire, Wire),
        what: &str,
    ) -> Change {
        let filled = self.new.layer.filled(field).is_some();
        let required = field.cardinality().is_required() && !filled;
        let api = if required || literal_buildable(owner) {
            Api::Breaking
        } else {
            Api::Compatible
        };
        // The constructor builds a field the profile decides, as it writes a fixed value:
        // code that built the struct before builds a value with it now.
        let wire = if filled {
            (wire.0, Wire::Neither)
        } else {
            wire
        };
        let why = if required {
            "required: the constructor takes it"
        } else if filled {
            "required, and the constructor builds it as the profile fixes it"
        } else if literal_buildable(owner) {
            "struct literals must now fill it"
        } else {
            "the struct keeps a private field, so no literal built it"
        };
        let mut c = self.change(
            kind,
            Some(id),
            item(owner, field),
            api,
            wire,
            format!("{what} ({}; {why})", bounds(field.bounds)),
        );
        c.new_type = self.type_text(self.new.layer, field);
        // The struct as it was: its constructor or a literal of it.
        let old = id
            .rsplit_once('.')
            .and_then(|(parent, _)| a.structs.get(parent));
        if api == Api::Breaking {
            c.usage = old.and_then(|old| {
                if required {
                    Some(self.constructor(old))
                } else {
                    self.literal(old)
                }
            });
        }
        c
    }

    /// Reading the old field at `id` (with its old type, when `typed`).
    fn access(&self, a: &Structs<'l>, id: &str, typed: bool) -> Option<Usage> {
        let steps = a.routes.get(id)?.clone();
        let ty = match (typed, a.shapes.get(id)) {
            (true, Some(Shape::Field { field, .. })) => {
                Some(self.type_text(self.old.layer, field)?)
            }
            _ => None,
        };
        Some(Usage::Access {
            root: format!("careconnect::{}", a.main),
            steps,
            ty,
        })
    }

    /// Calling the old struct's constructor with its old argument types.
    fn constructor(&self, old: &PStruct) -> Usage {
        Usage::Constructor {
            ty: format!("careconnect::{}", old.name),
            args: self
                .old
                .layer
                .arguments(old)
                .map(|f| self.type_text(self.old.layer, f).unwrap_or_default())
                .collect(),
        }
    }

    /// A literal of the old struct, when it could be built with one.
    fn literal(&self, old: &PStruct) -> Option<Usage> {
        literal_buildable(old).then(|| Usage::Literal {
            ty: format!("careconnect::{}", old.name),
            fields: old.fields().map(|f| f.name.clone()).collect(),
        })
    }

    fn type_text(&self, layer: &ProfileLayer, field: &PField) -> Option<String> {
        crate::emit::profile::field_type_text(layer, field).ok()
    }

    fn compare_field(
        &self,
        id: &str,
        a_structs: &Structs<'l>,
        (owner, old): (&PStruct, &PField),
        (new_owner, new): (&PStruct, &PField),
        out: &mut Vec<Change>,
    ) {
        let at = item(new_owner, new);
        let element = Some(id);
        if old.name != new.name {
            out.push(
                self.change(
                    Kind::FieldRenamed,
                    element,
                    at.clone(),
                    Api::Breaking,
                    (Wire::Neither, Wire::Neither),
                    format!("was `{}`", item(owner, old)),
                )
                .with_usage(self.access(a_structs, id, false)),
            );
        }
        let (ta, tb) = (
            self.type_text(self.old.layer, old),
            self.type_text(self.new.layer, new),
        );
        let (a, b) = (old.bounds, new.bounds);
        let same_container = a.cardinality() == b.cardinality();
        if a != b {
            let wire = bounds_wire(a, b);
            let (kind, api) = if same_container {
                (Kind::BoundsChanged, Api::Unchanged)
            } else {
                (Kind::ContainerChanged, Api::Breaking)
            };
            let mut c = self.change(
                kind,
                element,
                at.clone(),
                api,
                (wire, wire),
                format!(
                    "{} ({}), was {} ({})",
                    bounds(b),
                    container(b.cardinality()),
                    bounds(a),
                    container(a.cardinality())
                ),
            );
            if !same_container {
                c.old_type.clone_from(&ta);
                c.new_type.clone_from(&tb);
                c.usage = self.access(a_structs, id, true);
            }
            out.push(c);
        }
        if old.ty != new.ty {
            let wire = self.type_wire(&old.ty, &new.ty);
            // The type item inside the container, as the generated code writes it.
            let inner = |layer: &ProfileLayer, f: &PField| {
                crate::emit::profile::item_type_text(layer, f).ok()
            };
            let (ia, ib) = (inner(self.old.layer, old), inner(self.new.layer, new));
            let api = if ia.is_some() && ia == ib {
                Api::Unchanged
            } else {
                Api::Breaking
            };
            if api == Api::Unchanged && wire == Wire::Neither {
                return;
            }
            let mut c = self.change(
                Kind::FieldTypeChanged,
                element,
                at,
                api,
                (wire, wire),
                format!("{}, was {}", describe(&new.ty), describe(&old.ty)),
            );
            c.old_type = ta;
            c.new_type = tb;
            if api == Api::Breaking {
                c.usage = self.access(a_structs, id, true);
            }
            out.push(c);
        }
    }

    /// What a change of a field's item type does to the instances that conform.
    fn type_wire(&self, old: &PType, new: &PType) -> Wire {
        let (old, new) = (unboxed(old), unboxed(new));
        if old == new {
            return Wire::Neither;
        }
        match (old, new) {
            (PType::MaxLength { max: x, ty: a }, PType::MaxLength { max: y, ty: b }) => {
                let length = match y.cmp(x) {
                    std::cmp::Ordering::Less => Wire::Tightening,
                    std::cmp::Ordering::Greater => Wire::Loosening,
                    std::cmp::Ordering::Equal => Wire::Neither,
                };
                length.and(self.type_wire(a, b))
            }
            (PType::MaxLength { ty: a, .. }, b) => Wire::Loosening.and(self.type_wire(a, b)),
            (a, PType::MaxLength { ty: b, .. }) => Wire::Tightening.and(self.type_wire(a, b)),
            (PType::Fixed(_), PType::Fixed(_)) => Wire::Both,
            (PType::Fixed(_), _) => Wire::Loosening,
            (_, PType::Fixed(_)) => Wire::Tightening,
            (PType::Base { .. }, PType::Base { .. }) => Wire::Both,
            (PType::Base { .. }, _) => Wire::Tightening,
            (_, PType::Base { .. }) => Wire::Loosening,
            // The elements inside are compared one by one.
            (PType::Struct(_), PType::Struct(_)) => Wire::Neither,
            (PType::Ref { targets: x, .. }, PType::Ref { targets: y, .. }) => Wire::of_sets(
                &self.target_types(self.old.layer, x),
                &self.target_types(self.new.layer, y),
            ),
            (PType::Code { value_set: x, .. }, PType::Code { value_set: y, .. })
            | (PType::Concept(x), PType::Concept(y))
            | (PType::Coding(x), PType::Coding(y)) => {
                Wire::of_sets(&codes_of(self.old.layer, x), &codes_of(self.new.layer, y))
            }
            (PType::Choice(x), PType::Choice(y)) => Wire::of_sets(
                &choice_types(self.old_module, x),
                &choice_types(self.new_module, y),
            ),
            (
                PType::ChoiceOnly {
                    variant: x, ty: a, ..
                },
                PType::ChoiceOnly {
                    variant: y, ty: b, ..
                },
            ) => {
                if x == y {
                    self.type_wire(a, b)
                } else {
                    Wire::Both
                }
            }
            (PType::Choice(x), PType::ChoiceOnly { variant, .. }) => {
                if choice_variants(self.old_module, x).contains(variant) {
                    Wire::Tightening
                } else {
                    Wire::Both
                }
            }
            (PType::ChoiceOnly { variant, .. }, PType::Choice(y)) => {
                if choice_variants(self.new_module, y).contains(variant) {
                    Wire::Loosening
                } else {
                    Wire::Both
                }
            }
            _ => Wire::Both,
        }
    }

    fn target_types(&self, layer: &ProfileLayer, name: &str) -> BTreeSet<String> {
        layer
            .targets
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.types.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The constructor of each struct (the required fields it takes, not those it builds
    /// itself: [`ProfileLayer::arguments`]) and whether a literal can build it.
    fn compare_constructors(&self, a: &Structs<'l>, b: &Structs<'l>, out: &mut Vec<Change>) {
        for (at, s) in &a.structs {
            // Another struct at this place: the field's type change says it.
            let Some(t) = b.structs.get(at).filter(|t| t.name == s.name) else {
                continue;
            };
            let args = |layer: &ProfileLayer, s: &PStruct| -> Vec<String> {
                layer
                    .arguments(s)
                    .map(|f| {
                        let ty = self.type_text(layer, f).unwrap_or_else(|| "?".into());
                        format!("{}: {ty}", f.name)
                    })
                    .collect()
            };
            let (x, y) = (args(self.old.layer, s), args(self.new.layer, t));
            if x != y {
                out.push(
                    self.change(
                        Kind::ConstructorChanged,
                        Some(at),
                        format!("{}::new", t.name),
                        Api::Breaking,
                        (Wire::Neither, Wire::Neither),
                        format!("new({}), was new({})", y.join(", "), x.join(", ")),
                    )
                    .with_usage(Some(self.constructor(s))),
                );
            }
            if literal_buildable(s) && !literal_buildable(t) {
                out.push(self.change(
                    Kind::ConstructorChanged,
                    Some(at),
                    t.name.clone(),
                    Api::Breaking,
                    (Wire::Neither, Wire::Neither),
                    "slices keep their order in a private field now: no struct literal builds it"
                        .into(),
                )
                .with_usage(self.literal(s)));
            }
        }
    }

    fn compare_matchers(&self, a: &Structs<'l>, b: &Structs<'l>, out: &mut Vec<Change>) {
        for (id, x) in &a.matchers {
            let Some(y) = b.matchers.get(id) else {
                continue;
            };
            if x != y {
                out.push(self.change(
                    Kind::SliceMatchChanged,
                    Some(id),
                    self.new_module.name.clone(),
                    Api::Unchanged,
                    (Wire::Both, Wire::Neither),
                    format!("matched by {y}, was {x}"),
                ));
            }
        }
    }

    fn compare_choices(&self, out: &mut Vec<Change>) {
        for x in &self.old_module.choices {
            let Some(y) = self.new_module.choices.iter().find(|c| c.name == x.name) else {
                continue;
            };
            let (va, vb) = (
                choice_variants(self.old_module, &x.name),
                choice_variants(self.new_module, &y.name),
            );
            for v in va.difference(&vb) {
                out.push(
                    self.change(
                        Kind::ChoiceTypeRemoved,
                        Some(&y.element),
                        format!("{}::{v}", y.name),
                        Api::Breaking,
                        (Wire::Tightening, Wire::Tightening),
                        format!("type {v} is no longer allowed"),
                    )
                    .with_usage(Some(Usage::Variant {
                        path: format!("careconnect::{}", x.name),
                        variant: v.clone(),
                    })),
                );
            }
            for v in vb.difference(&va) {
                out.push(
                    self.change(
                        Kind::ChoiceTypeAdded,
                        Some(&y.element),
                        format!("{}::{v}", y.name),
                        Api::Breaking,
                        (Wire::Loosening, Wire::Loosening),
                        format!("type {v} is allowed now (a new variant of an exhaustive enum)"),
                    )
                    .with_usage(Some(Usage::Exhaustive {
                        path: format!("careconnect::{}", x.name),
                        variants: va.iter().cloned().collect(),
                    })),
                );
            }
        }
    }

    fn compare_bindings(&self, out: &mut Vec<Change>) {
        let main = &self.new_module.name;
        let olds: BTreeMap<&str, _> = self
            .old_module
            .binding_consts
            .iter()
            .map(|b| (b.element.as_str(), b))
            .collect();
        let news: BTreeMap<&str, _> = self
            .new_module
            .binding_consts
            .iter()
            .map(|b| (b.element.as_str(), b))
            .collect();
        let none = (Wire::Neither, Wire::Neither);
        for (element, x) in &olds {
            match news.get(element) {
                None => out.push(
                    self.change(
                        Kind::BindingRemoved,
                        Some(element),
                        format!("{main}::{}", x.name),
                        Api::Breaking,
                        none,
                        format!("no constant for the binding to {} now", x.value_set),
                    )
                    .with_usage(Some(Usage::Constant {
                        path: format!("careconnect::{}::{}", self.old_module.name, x.name),
                    })),
                ),
                Some(y)
                    if (&x.value_set, x.strength) != (&y.value_set, y.strength)
                        || x.name != y.name =>
                {
                    let api = if x.name == y.name {
                        Api::Unchanged
                    } else {
                        Api::Breaking
                    };
                    let usage = (api == Api::Breaking).then(|| Usage::Constant {
                        path: format!("careconnect::{}::{}", self.old_module.name, x.name),
                    });
                    out.push(
                        self.change(
                            Kind::BindingChanged,
                            Some(element),
                            format!("{main}::{}", y.name),
                            api,
                            none,
                            format!(
                                "{:?} binding to {}, was {:?} binding to {}",
                                y.strength, y.value_set, x.strength, x.value_set
                            ),
                        )
                        .with_usage(usage),
                    );
                }
                Some(_) => {}
            }
        }
        for (element, y) in &news {
            if !olds.contains_key(element) {
                out.push(self.change(
                    Kind::BindingAdded,
                    Some(element),
                    format!("{main}::{}", y.name),
                    Api::Compatible,
                    none,
                    format!("{:?} binding to {}", y.strength, y.value_set),
                ));
            }
        }
    }
}

/// Whether code outside the crate can build the struct with a literal (every field
/// public: structs with slices keep their order in a private field).
fn literal_buildable(s: &PStruct) -> bool {
    !s.has_slicing()
}

fn unboxed(ty: &PType) -> &PType {
    match ty {
        PType::Unboxed(inner) => unboxed(inner),
        other => other,
    }
}

fn codes_of(layer: &ProfileLayer, value_set: &str) -> BTreeSet<String> {
    layer
        .code_enum(value_set)
        .map(|e| {
            e.variants
                .iter()
                .map(|v| format!("{}#{}", v.system.as_deref().unwrap_or(""), v.code))
                .collect()
        })
        .unwrap_or_default()
}

fn choice_variants(m: &ProfileModule, name: &str) -> BTreeSet<String> {
    m.choices
        .iter()
        .find(|c| c.name == name)
        .map(|c| c.variants.iter().map(|v| v.name.clone()).collect())
        .unwrap_or_default()
}

fn choice_types(m: &ProfileModule, name: &str) -> BTreeSet<String> {
    m.choices
        .iter()
        .find(|c| c.name == name)
        .map(|c| c.variants.iter().map(|v| v.type_code.clone()).collect())
        .unwrap_or_default()
}

/// A lowered type in a few words (`code of ValueSet X`, `reference to Patient`).
fn describe(ty: &PType) -> String {
    match ty {
        PType::Base { ty, .. } => format!("the base type ({ty:?})"),
        PType::Struct(r) => format!("struct `{}`", r.name()),
        PType::Code { value_set, .. } => format!("a code of {value_set}"),
        PType::Concept(vs) => format!("a concept bound to {vs}"),
        PType::Coding(vs) => format!("a coding bound to {vs}"),
        PType::Ref { targets, .. } => format!("a reference to `{targets}`"),
        PType::Choice(name) => format!("choice `{name}`"),
        PType::Fixed(v) => format!("fixed '{}'", v.literal.text()),
        PType::Unboxed(inner) => describe(inner),
        PType::ChoiceOnly { variant, ty, .. } => format!("only {variant}: {}", describe(ty)),
        PType::MaxLength { max, ty } => format!("{} of at most {max} characters", describe(ty)),
    }
}

/// What new bounds do to the instances that conform.
fn bounds_wire(old: Bounds, new: Bounds) -> Wire {
    let min = match new.min.cmp(&old.min) {
        std::cmp::Ordering::Greater => Wire::Tightening,
        std::cmp::Ordering::Less => Wire::Loosening,
        std::cmp::Ordering::Equal => Wire::Neither,
    };
    let max = match (old.max, new.max) {
        (a, b) if a == b => Wire::Neither,
        (Max::Unbounded, _) => Wire::Tightening,
        (_, Max::Unbounded) => Wire::Loosening,
        (Max::Bounded(a), Max::Bounded(b)) if b < a => Wire::Tightening,
        _ => Wire::Loosening,
    };
    min.and(max)
}

fn compare_codes(old: &Side<'_>, new: &Side<'_>, out: &mut Vec<Change>) {
    for o in &old.layer.code_enums {
        let Some(n) = new.layer.code_enum(&o.value_set) else {
            continue;
        };
        let path = if new.own_value_sets.contains(&n.value_set) {
            "codes::"
        } else {
            "careconnect::codes::"
        };
        if o.name != n.name {
            out.push(
                Change::new(
                    Kind::TypeRenamed,
                    &o.value_set,
                    None,
                    format!("{path}{}", n.name),
                    Api::Breaking,
                    (Wire::Neither, Wire::Neither),
                    format!("`codes::{}` is now `codes::{}`", o.name, n.name),
                )
                .with_usage(Some(Usage::Type {
                    path: format!("{path}{}", o.name),
                })),
            );
        }
        let codes = |e: &crate::ir::CodeEnum| -> BTreeMap<String, String> {
            e.variants
                .iter()
                .map(|v| {
                    (
                        format!("{}#{}", v.system.as_deref().unwrap_or(""), v.code),
                        v.name.clone(),
                    )
                })
                .collect()
        };
        let (a, b) = (codes(o), codes(n));
        for (code, variant) in &a {
            if !b.contains_key(code) {
                out.push(
                    Change::new(
                        Kind::CodeRemoved,
                        &o.value_set,
                        None,
                        format!("{path}{}::{variant}", o.name),
                        Api::Breaking,
                        (Wire::Tightening, Wire::Tightening),
                        format!("code {code} left the value set"),
                    )
                    .with_usage(Some(Usage::Variant {
                        path: format!("{path}{}", o.name),
                        variant: variant.clone(),
                    })),
                );
            }
        }
        for (code, variant) in &b {
            if !a.contains_key(code) {
                out.push(
                    Change::new(
                        Kind::CodeAdded,
                        &o.value_set,
                        None,
                        format!("{path}{}::{variant}", n.name),
                        Api::Breaking,
                        (Wire::Loosening, Wire::Loosening),
                        format!(
                            "code {code} joined the value set (a new variant of an exhaustive enum)"
                        ),
                    )
                    .with_usage(Some(Usage::Exhaustive {
                        path: format!("{path}{}", o.name),
                        variants: a.values().cloned().collect(),
                    })),
                );
            }
        }
    }
}

/// The types each set of reference targets accepts: a profile type that no longer
/// implements a marker breaks code that passes it.
fn compare_targets(old: &Side<'_>, new: &Side<'_>, out: &mut Vec<Change>) {
    let implementors = |t: &crate::ir::profile::TargetSet| -> BTreeSet<String> {
        t.implementors
            .iter()
            .map(|i| match &i.ty {
                crate::ir::profile::TargetType::Profile(name) => name.clone(),
                crate::ir::profile::TargetType::Base(name) => format!("stu3::{name}"),
            })
            .collect()
    };
    for o in &old.layer.targets {
        let Some(n) = new.layer.targets.iter().find(|t| t.name == o.name) else {
            continue;
        };
        let (a, b) = (implementors(o), implementors(n));
        let item = format!("careconnect::targets::{}", n.name);
        for gone in a.difference(&b) {
            out.push(
                Change::new(
                    Kind::TargetRemoved,
                    "",
                    None,
                    item.clone(),
                    Api::Breaking,
                    (Wire::Neither, Wire::Tightening),
                    format!("`{gone}` can no longer be referenced through it"),
                )
                .with_usage(Some(Usage::Target {
                    marker: item.clone(),
                    ty: if gone.starts_with("stu3::") {
                        gone.clone()
                    } else {
                        format!("careconnect::{gone}")
                    },
                })),
            );
        }
        for added in b.difference(&a) {
            out.push(Change::new(
                Kind::TargetAdded,
                "",
                None,
                item.clone(),
                Api::Compatible,
                (Wire::Neither, Wire::Loosening),
                format!("`{added}` can be referenced through it"),
            ));
        }
    }
}

fn item(owner: &PStruct, field: &PField) -> String {
    format!("{}::{}", owner.name, field.name)
}

fn bounds(b: Bounds) -> String {
    match b.max {
        Max::Unbounded => format!("{}..*", b.min),
        Max::Bounded(n) => format!("{}..{n}", b.min),
    }
}

fn container(c: Cardinality) -> &'static str {
    match c {
        Cardinality::Required => "T",
        Cardinality::Optional => "Option<T>",
        Cardinality::Many => "Vec<T>",
        Cardinality::NonEmpty => "NonEmpty<T>",
    }
}

impl Change {
    fn with_usage(mut self, usage: Option<Usage>) -> Change {
        self.usage = usage;
        self
    }

    fn new(
        kind: Kind,
        url: &str,
        element: Option<&str>,
        item: String,
        api: Api,
        (read, build): (Wire, Wire),
        detail: String,
    ) -> Change {
        let severity = if api == Api::Breaking {
            Severity::Breaking
        } else if read.tightens() || build.tightens() {
            Severity::Warning
        } else {
            Severity::Info
        };
        Change {
            kind,
            url: url.to_owned(),
            element: element.map(str::to_owned),
            item,
            api,
            read,
            build,
            severity,
            old_type: None,
            new_type: None,
            detail,
            usage: None,
        }
    }
}

/// The version bump a set of changes calls for, by Cargo's rules (before 1.0.0 the minor
/// number plays the major's part).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

/// The bump for `changes`: breaking API → major; new API → minor; the same API but other
/// instances accepted or built → patch.
pub fn bump(changes: &[Change]) -> Bump {
    changes
        .iter()
        .map(|c| match c.api {
            Api::Breaking => Bump::Major,
            Api::Compatible => Bump::Minor,
            Api::Unchanged if c.read != Wire::Neither || c.build != Wire::Neither => Bump::Patch,
            Api::Unchanged => Bump::None,
        })
        .max()
        .unwrap_or(Bump::None)
}

/// `version` bumped by `bump` (`0.1.0` + major → `0.2.0`: before 1.0.0, Cargo treats the
/// minor number as the major).
pub fn bumped(version: &str, bump: Bump) -> Option<String> {
    let mut parts = version.split('.').map(|p| p.parse::<u64>().ok());
    let (major, minor, patch) = (parts.next()??, parts.next()??, parts.next()??);
    let bump = if major == 0 {
        match bump {
            Bump::Major => Bump::Minor,
            Bump::Minor => Bump::Patch,
            other => other,
        }
    } else {
        bump
    };
    Some(match bump {
        Bump::None => version.to_owned(),
        Bump::Patch => format!("{major}.{minor}.{}", patch + 1),
        Bump::Minor => format!("{major}.{}.0", minor + 1),
        Bump::Major => format!("{}.0.0", major + 1),
    })
}

/// Sets each change's severity from `overrides` (by kind), where one is given.
pub fn override_severities(changes: &mut [Change], overrides: &BTreeMap<Kind, Severity>) {
    for c in changes {
        if let Some(s) = overrides.get(&c.kind) {
            c.severity = *s;
        }
    }
}

/// A comparison's result, as printed (`text`, `markdown`) or written as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// What was compared, as given.
    pub old: String,
    pub new: String,
    pub summary: Summary,
    pub bump: Bump,
    /// The crate version the bump applies to, when known, and the suggested one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggested_version: Option<String>,
    pub changes: Vec<Change>,
}

/// Counts of a report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub changes: usize,
    /// Definitions (by URL) with at least one change, added and removed ones included.
    pub definitions_changed: usize,
    pub api_breaking: usize,
    pub api_compatible: usize,
    pub read_tightening: usize,
    pub read_loosening: usize,
    pub build_tightening: usize,
    pub build_loosening: usize,
    pub by_kind: BTreeMap<String, usize>,
    pub by_severity: BTreeMap<String, usize>,
}

impl Report {
    pub fn new(old: String, new: String, changes: Vec<Change>, version: Option<String>) -> Report {
        let count = |f: &dyn Fn(&Change) -> bool| changes.iter().filter(|c| f(c)).count();
        let mut summary = Summary {
            changes: changes.len(),
            definitions_changed: changes
                .iter()
                .filter(|c| !c.url.is_empty())
                .map(|c| c.url.as_str())
                .collect::<BTreeSet<_>>()
                .len(),
            api_breaking: count(&|c| c.api == Api::Breaking),
            api_compatible: count(&|c| c.api == Api::Compatible),
            read_tightening: count(&|c| c.read.tightens()),
            read_loosening: count(&|c| matches!(c.read, Wire::Loosening | Wire::Both)),
            build_tightening: count(&|c| c.build.tightens()),
            build_loosening: count(&|c| matches!(c.build, Wire::Loosening | Wire::Both)),
            ..Summary::default()
        };
        for c in &changes {
            *summary.by_kind.entry(c.kind.name()).or_default() += 1;
            *summary
                .by_severity
                .entry(severity_name(c.severity))
                .or_default() += 1;
        }
        let bump = bump(&changes);
        let suggested_version = version.as_deref().and_then(|v| bumped(v, bump));
        Report {
            old,
            new,
            summary,
            bump,
            version,
            suggested_version,
            changes,
        }
    }

    /// How many changes are at `severity` or above.
    pub fn at_least(&self, severity: Severity) -> usize {
        self.changes
            .iter()
            .filter(|c| c.severity <= severity)
            .count()
    }

    fn headline(&self) -> Vec<String> {
        let s = &self.summary;
        let mut lines = vec![
            format!(
                "{} changes in {} definitions: {} API-breaking, {} API-compatible",
                s.changes, s.definitions_changed, s.api_breaking, s.api_compatible
            ),
            format!(
                "reading (TryFrom): {} may reject instances accepted before, {} may accept \
                 instances rejected before",
                s.read_tightening, s.read_loosening
            ),
            format!(
                "building (constructors, fields): {} may not build what they built before, {} \
                 build what they could not",
                s.build_tightening, s.build_loosening
            ),
        ];
        lines.push(match (&self.version, &self.suggested_version) {
            (Some(v), Some(n)) if v != n => format!(
                "suggested version bump: {} (careconnect-models {v} -> {n})",
                bump_name(self.bump)
            ),
            _ => format!("suggested version bump: {}", bump_name(self.bump)),
        });
        lines
    }

    /// The summary and every change, grouped by definition, for a terminal.
    pub fn text(&self, verbose: bool) -> String {
        let mut out = format!("diff {} -> {}\n", self.old, self.new);
        for line in self.headline() {
            out.push_str(&line);
            out.push('\n');
        }
        out.push_str("by kind:\n");
        for (kind, n) in &self.summary.by_kind {
            out.push_str(&format!("  {n:>5} {kind}\n"));
        }
        for (url, changes) in self.grouped() {
            out.push_str(&format!(
                "\n{}\n",
                if url.is_empty() {
                    "(reference targets)"
                } else {
                    url
                }
            ));
            for c in changes {
                out.push_str(&format!(
                    "  {:<8} {} {}{}: {} [read: {}, build: {}]\n",
                    severity_name(c.severity),
                    c.kind.name(),
                    c.item,
                    c.element
                        .as_deref()
                        .map(|e| format!(" ({e})"))
                        .unwrap_or_default(),
                    c.detail,
                    wire_name(c.read),
                    wire_name(c.build),
                ));
                if verbose {
                    if let (Some(a), Some(b)) = (&c.old_type, &c.new_type) {
                        out.push_str(&format!("           type: {a} -> {b}\n"));
                    } else if let Some(b) = &c.new_type {
                        out.push_str(&format!("           type: {b}\n"));
                    }
                }
            }
        }
        out
    }

    /// The same as Markdown (for a pull request).
    pub fn markdown(&self) -> String {
        let mut out = format!("# Profile changes: `{}` → `{}`\n\n", self.old, self.new);
        for line in self.headline() {
            out.push_str(&format!("- {line}\n"));
        }
        out.push_str("\n| Kind | Changes |\n|---|---:|\n");
        for (kind, n) in &self.summary.by_kind {
            out.push_str(&format!("| `{kind}` | {n} |\n"));
        }
        for (url, changes) in self.grouped() {
            out.push_str(&format!(
                "\n## {}\n\n| Severity | Kind | Rust item | Element | Read | Build | Detail |\n|---|---|---|---|---|---|---|\n",
                if url.is_empty() { "Reference targets" } else { url }
            ));
            for c in changes {
                out.push_str(&format!(
                    "| {} | `{}` | `{}` | {} | {} | {} | {} |\n",
                    severity_name(c.severity),
                    c.kind.name(),
                    c.item,
                    c.element
                        .as_deref()
                        .map(|e| format!("`{e}`"))
                        .unwrap_or_default(),
                    wire_name(c.read),
                    wire_name(c.build),
                    c.detail.replace('|', "\\|"),
                ));
            }
        }
        out
    }

    fn grouped(&self) -> BTreeMap<&str, Vec<&Change>> {
        let mut groups: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
        for c in &self.changes {
            groups.entry(c.url.as_str()).or_default().push(c);
        }
        groups
    }
}

fn severity_name(s: Severity) -> String {
    match s {
        Severity::Breaking => "breaking",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
    .to_owned()
}

fn wire_name(w: Wire) -> &'static str {
    match w {
        Wire::Tightening => "tightening",
        Wire::Loosening => "loosening",
        Wire::Both => "both",
        Wire::Neither => "neither",
    }
}

fn bump_name(b: Bump) -> &'static str {
    match b {
        Bump::None => "none",
        Bump::Patch => "patch",
        Bump::Minor => "minor",
        Bump::Major => "major",
    }
}

/// The source of a crate that uses the old generated API the way each API-breaking change
/// of `changes` breaks (`change_N` for `changes[N]`): it compiles against the old
/// `careconnect-models` and, if the classification is right, every function fails to
/// against the new one. Returns the source and, for each function, its change's index and
/// its first and last line.
pub fn usage_crate(changes: &[Change]) -> (String, Vec<(usize, usize, usize)>) {
    let mut out = String::from(
        "// Uses of the old careconnect-models API, one function per API-breaking change.\n\
         #![allow(unused, unreachable_code, clippy::all)]\n\
         use careconnect_models as m;\n\
         fn target<T: m::rt::profile::RefTarget<M>, M: m::rt::profile::RefTargets>() {}\n",
    );
    let mut spans = Vec::new();
    for (i, c) in changes.iter().enumerate() {
        let Some(usage) = &c.usage else { continue };
        let body = usage_fn(i, usage);
        let first = out.lines().count() + 1;
        out.push_str(&format!("// {} {}\n{body}\n", c.kind.name(), c.item));
        spans.push((i, first, out.lines().count()));
    }
    (out, spans)
}

fn usage_fn(i: usize, usage: &Usage) -> String {
    let p = |path: &str| models_paths(path);
    match usage {
        Usage::Access { root, steps, ty } => {
            let mut body = String::from("    let v = x;\n");
            for (n, step) in steps.iter().enumerate() {
                body.push_str(&format!("    let v = &v.{};\n", step.field));
                if n + 1 < steps.len() {
                    body.push_str(match step.container {
                        Cardinality::Required => "",
                        Cardinality::Optional => "    let v = v.as_ref().unwrap();\n",
                        Cardinality::Many | Cardinality::NonEmpty => "    let v = &v[0];\n",
                    });
                }
            }
            if let Some(ty) = ty {
                body.push_str(&format!("    let _: &{} = v;\n", p(ty)));
            }
            format!("pub fn change_{i}(x: &{}) {{\n{body}}}", p(root))
        }
        Usage::Literal { ty, fields } => {
            let fields: Vec<String> = fields.iter().map(|f| format!("{f}: todo!()")).collect();
            format!(
                "pub fn change_{i}() -> {0} {{\n    {0} {{ {1} }}\n}}",
                p(ty),
                fields.join(", ")
            )
        }
        Usage::Constructor { ty, args } => {
            let args: Vec<String> = args.iter().map(|a| p(a)).collect();
            format!(
                "pub fn change_{i}() {{\n    let _: fn({}) -> {1} = {1}::new;\n}}",
                args.join(", "),
                p(ty)
            )
        }
        Usage::Type { path } => format!("pub fn change_{i}(_: Option<{}>) {{}}", p(path)),
        Usage::Variant { path, variant } => format!(
            "pub fn change_{i}(x: &{0}) -> bool {{\n    matches!(x, {0}::{variant} {{ .. }})\n}}",
            p(path)
        ),
        Usage::Exhaustive { path, variants } => {
            let arms: Vec<String> = variants
                .iter()
                .map(|v| format!("        {}::{v} {{ .. }} => {{}}\n", p(path)))
                .collect();
            format!(
                "pub fn change_{i}(x: &{}) {{\n    match x {{\n{}    }}\n}}",
                p(path),
                arms.concat()
            )
        }
        Usage::Target { marker, ty } => format!(
            "pub fn change_{i}() {{\n    target::<{}, {}>();\n}}",
            p(ty),
            p(marker)
        ),
        Usage::Constant { path } => {
            format!("pub fn change_{i}() {{\n    let _ = &{};\n}}", p(path))
        }
        Usage::Into { ty, base } => format!(
            "pub fn change_{i}(x: {}) -> {} {{\n    x.into()\n}}",
            p(ty),
            p(base)
        ),
    }
}

/// A type or path of the models (`careconnect::X`, `rt::Primitive<String>`,
/// `stu3::Meta`), as a crate that names the models `m` writes it.
fn models_paths(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while !rest.is_empty() {
        let at_start = out
            .chars()
            .last()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':'));
        if at_start
            && ["careconnect::", "rt::", "stu3::"]
                .iter()
                .any(|root| rest.starts_with(root))
        {
            out.push_str("m::");
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out
}
