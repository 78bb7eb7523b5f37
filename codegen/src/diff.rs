//! What a profile update changes, at the level of the generated model (issue 15, first
//! part): two versions of the definitions are lowered to the profile layer's IR and
//! compared definition by definition, element by element (by element id, which survives a
//! renamed field), and every change is classified twice:
//!
//! - for the Rust API, by Cargo's semver rules as they apply to the generated code (a
//!   field removed, renamed or retyped, a new public field on a struct users build with
//!   literals, a variant added to or removed from an exhaustive enum: breaking; a new type:
//!   compatible);
//! - on the wire, for reading (`TryFrom`): whether instances that conformed before may be
//!   rejected now (tightening), instances rejected before may conform now (loosening), both
//!   or neither.
//!
//! Work in progress on this branch: the comparison and its classification; the command,
//! its output formats, the compiler cross-check and `explain` are to come.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ir::profile::{
    Link, Member, PField, PStruct, ProfileLayer, ProfileModule, Rest, StructRef,
};
use crate::ir::{Bounds, Cardinality, Max};

/// What a change does to users of the generated Rust API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Api {
    /// Some code that compiled before does not now.
    Breaking,
    /// Code that compiled before still does (new items).
    Compatible,
    /// The generated API is unchanged.
    Unchanged,
}

/// What a change does to instances read with `TryFrom`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Wire {
    /// Instances that conformed before may be rejected now.
    Tightening,
    /// Instances rejected before may conform now.
    Loosening,
    /// Both: some accepted before are rejected now, and the other way round.
    Both,
    /// Which instances conform is unchanged.
    Neither,
}

/// The kind of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    DefinitionAdded,
    DefinitionRemoved,
    TypeRenamed,
    FieldAdded,
    FieldRemoved,
    FieldRenamed,
    /// The field's container changed (`Option<T>` → `T`, `Vec<T>` → `NonEmpty<T>`, ...).
    ContainerChanged,
    /// The bounds changed within the same container (`0..3` → `0..2`).
    BoundsChanged,
    FieldTypeChanged,
    ElementRemoved,
    ElementAllowed,
    ElementFixed,
    ElementUnfixed,
    FixedValueChanged,
    CodeAdded,
    CodeRemoved,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: Kind,
    /// The definition's canonical URL (or the value set's, for codes).
    pub url: String,
    /// The element id, when the change is about one element.
    pub element: Option<String>,
    /// The Rust item affected (`careconnect::CareConnectPatient::nhs_number`).
    pub item: String,
    pub api: Api,
    pub read: Wire,
    /// What it was and what it is, in words.
    pub detail: String,
}

/// What one element of a definition became, keyed by element id.
#[derive(Debug, Clone, PartialEq)]
enum Shape<'l> {
    Field { owner: &'l str, field: &'l PField },
    Fixed(String),
    Removed,
}

/// Every element of a definition, from its main struct down through the structs its
/// fields hold (nested structs of the module and shared structs alike, so that an element
/// moving from one to the other is not a change of its own), keyed by element id as it is
/// at this place in the definition. Extension and datatype profiles a field holds are
/// definitions of their own, compared on their own.
fn shapes<'l>(m: &'l ProfileModule, layer: &'l ProfileLayer) -> BTreeMap<String, Shape<'l>> {
    let mut out = BTreeMap::new();
    if let Some(main) = m.structs.first() {
        walk(m, layer, main, &main.element, &mut out, 0);
    }
    out
}

/// How deep structs may hold structs (a content reference could loop).
const MAX_DEPTH: usize = 16;

fn walk<'l>(
    m: &'l ProfileModule,
    layer: &'l ProfileLayer,
    s: &'l PStruct,
    at: &str,
    out: &mut BTreeMap<String, Shape<'l>>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    // The struct's own element ids start with `s.element`; here they start with `at`.
    let here = |element: &str| match element.strip_prefix(s.element.as_str()) {
        Some(rest) => format!("{at}{rest}"),
        None => element.to_owned(),
    };
    let field = |f: &'l PField, out: &mut BTreeMap<String, Shape<'l>>| {
        let id = here(&f.element);
        for t in f.ty.walk() {
            let inner = match t.link() {
                Some(Link::Struct(StructRef::Nested(name))) => {
                    m.structs.iter().find(|x| &x.name == name)
                }
                Some(Link::Struct(StructRef::Shared(name))) => {
                    layer.shared.iter().find(|x| &x.def.name == name).map(|x| &x.def)
                }
                _ => None,
            };
            if let Some(inner) = inner {
                walk(m, layer, inner, &id, out, depth + 1);
            }
        }
        out.insert(id, Shape::Field { owner: &s.name, field: f });
    };
    for member in &s.members {
        match member {
            Member::Field(f) => field(f, out),
            Member::Sliced(sl) => {
                for f in sl.slices.iter().filter_map(|x| x.field.as_ref()) {
                    field(f, out);
                }
                if let Rest::Open(f) = &sl.rest {
                    field(f, out);
                }
            }
            Member::Fixed(x) => {
                out.insert(here(&x.element), Shape::Fixed(format!("{:?}", x.value)));
            }
            Member::Removed(x) => {
                out.insert(here(&x.element), Shape::Removed);
            }
        }
    }
}

/// Every change from `old` to `new`, by definition URL, then element id.
pub fn compare(old: &ProfileLayer, new: &ProfileLayer) -> Vec<Change> {
    let mut out = Vec::new();
    let olds: BTreeMap<&str, &ProfileModule> = old.modules().map(|m| (m.url.as_str(), m)).collect();
    let news: BTreeMap<&str, &ProfileModule> = new.modules().map(|m| (m.url.as_str(), m)).collect();
    for (url, m) in &olds {
        match news.get(url) {
            None => out.push(change(
                Kind::DefinitionRemoved,
                url,
                None,
                &m.name,
                Api::Breaking,
                Wire::Neither,
                "the definition is gone, and its type with it".into(),
            )),
            Some(n) => compare_module(m, old, n, new, &mut out),
        }
    }
    for (url, n) in &news {
        if !olds.contains_key(url) {
            out.push(change(
                Kind::DefinitionAdded,
                url,
                None,
                &n.name,
                Api::Compatible,
                Wire::Neither,
                "a new definition, a new type".into(),
            ));
        }
    }
    compare_codes(old, new, &mut out);
    out
}

fn compare_module(
    old: &ProfileModule,
    old_layer: &ProfileLayer,
    new: &ProfileModule,
    new_layer: &ProfileLayer,
    out: &mut Vec<Change>,
) {
    let url = &old.url;
    if old.name != new.name {
        out.push(change(
            Kind::TypeRenamed,
            url,
            None,
            &new.name,
            Api::Breaking,
            Wire::Neither,
            format!("`{}` is now `{}`", old.name, new.name),
        ));
    }
    let (a, b) = (shapes(old, old_layer), shapes(new, new_layer));
    for (element, was) in &a {
        let now = b.get(element);
        let element = Some(element.as_str());
        match (was, now) {
            // Inside a field whose type changed (a narrowed struct is the base type now, or
            // the other way round): that field's change says it.
            (Shape::Field { .. }, None) if under_field(element.unwrap_or(""), &b) => {}
            (Shape::Field { owner, field }, None) => out.push(change(
                Kind::FieldRemoved,
                url,
                element,
                &item(owner, &field.name),
                Api::Breaking,
                Wire::Neither,
                "the element is no longer a field of its own".into(),
            )),
            (Shape::Field { owner, field }, Some(Shape::Removed)) => out.push(change(
                Kind::ElementRemoved,
                url,
                element,
                &item(owner, &field.name),
                Api::Breaking,
                Wire::Tightening,
                "the profile now removes the element (max 0)".into(),
            )),
            (Shape::Field { owner, field }, Some(Shape::Fixed(v))) => out.push(change(
                Kind::ElementFixed,
                url,
                element,
                &item(owner, &field.name),
                Api::Breaking,
                Wire::Tightening,
                format!("the profile now fixes the element to {v}"),
            )),
            (
                Shape::Field { owner, field },
                Some(Shape::Field {
                    owner: o2,
                    field: f2,
                }),
            ) => compare_field(url, element, owner, field, o2, f2, out),
            (Shape::Removed, Some(Shape::Field { owner, field })) => out.push(change(
                Kind::ElementAllowed,
                url,
                element,
                &item(owner, &field.name),
                Api::Breaking,
                Wire::Loosening,
                "an element the profile removed is allowed again: a new field".into(),
            )),
            (Shape::Fixed(_), Some(Shape::Field { owner, field })) => out.push(change(
                Kind::ElementUnfixed,
                url,
                element,
                &item(owner, &field.name),
                Api::Breaking,
                Wire::Loosening,
                "a fixed element is free again: a new field".into(),
            )),
            (Shape::Fixed(a), Some(Shape::Fixed(b))) if a != b => out.push(change(
                Kind::FixedValueChanged,
                url,
                element,
                &new.name,
                Api::Compatible,
                Wire::Both,
                format!("fixed to {b}, was {a}"),
            )),
            (Shape::Removed, Some(Shape::Fixed(v))) => out.push(change(
                Kind::ElementFixed,
                url,
                element,
                &new.name,
                Api::Unchanged,
                Wire::Loosening,
                format!("a removed element is now fixed to {v}"),
            )),
            (Shape::Fixed(v), Some(Shape::Removed)) => out.push(change(
                Kind::ElementRemoved,
                url,
                element,
                &new.name,
                Api::Unchanged,
                Wire::Tightening,
                format!("an element fixed to {v} is now removed"),
            )),
            _ => {}
        }
    }
    for (element, now) in &b {
        if a.contains_key(element) || under_field(element, &a) {
            continue;
        }
        if let Shape::Field { owner, field } = now {
            let read = if field.bounds.min > 0 {
                Wire::Tightening
            } else {
                Wire::Neither
            };
            out.push(change(
                Kind::FieldAdded,
                url,
                Some(element.as_str()),
                &item(owner, &field.name),
                Api::Breaking,
                read,
                format!(
                    "a new field ({}), which struct literals must now fill",
                    bounds(field.bounds)
                ),
            ));
        }
    }
}

/// Whether an element lies below one that `shapes` has as a field (so its own presence or
/// absence follows from that field's type).
fn under_field(element: &str, shapes: &BTreeMap<String, Shape<'_>>) -> bool {
    let mut at = element;
    while let Some((parent, _)) = at.rsplit_once('.') {
        if matches!(shapes.get(parent), Some(Shape::Field { .. })) {
            return true;
        }
        at = parent;
    }
    false
}

#[allow(clippy::too_many_arguments)]
fn compare_field(
    url: &str,
    element: Option<&str>,
    owner: &str,
    old: &PField,
    new_owner: &str,
    new: &PField,
    out: &mut Vec<Change>,
) {
    let at = item(new_owner, &new.name);
    // A field that moved to another struct (a nested one became shared) is reached the
    // same way; the change is the type of the field above it.
    if old.name != new.name {
        out.push(change(
            Kind::FieldRenamed,
            url,
            element,
            &at,
            Api::Breaking,
            Wire::Neither,
            format!("was `{}`", item(owner, &old.name)),
        ));
    }
    let (a, b) = (old.bounds, new.bounds);
    if a != b {
        let read = match (b.min.cmp(&a.min), narrower_max(b.max, a.max)) {
            (std::cmp::Ordering::Less, Some(true)) | (std::cmp::Ordering::Greater, Some(false)) => {
                Wire::Both
            }
            (std::cmp::Ordering::Greater, _) | (_, Some(true)) => Wire::Tightening,
            (std::cmp::Ordering::Less, _) | (_, Some(false)) => Wire::Loosening,
            (std::cmp::Ordering::Equal, None) => Wire::Neither,
        };
        let (kind, api) = if a.cardinality() == b.cardinality() {
            (Kind::BoundsChanged, Api::Unchanged)
        } else {
            (Kind::ContainerChanged, Api::Breaking)
        };
        out.push(change(
            kind,
            url,
            element,
            &at,
            api,
            read,
            format!(
                "{} ({}), was {} ({})",
                bounds(b),
                container(b.cardinality()),
                bounds(a),
                container(a.cardinality())
            ),
        ));
    }
    if old.ty != new.ty {
        out.push(change(
            Kind::FieldTypeChanged,
            url,
            element,
            &at,
            Api::Breaking,
            Wire::Both,
            "the field's type changed".into(),
        ));
    }
}

/// Whether `new` allows fewer occurrences than `old` (`None`: the same).
fn narrower_max(new: Max, old: Max) -> Option<bool> {
    match (new, old) {
        (a, b) if a == b => None,
        (Max::Unbounded, _) => Some(false),
        (_, Max::Unbounded) => Some(true),
        (Max::Bounded(a), Max::Bounded(b)) => Some(a < b),
    }
}

fn compare_codes(old: &ProfileLayer, new: &ProfileLayer, out: &mut Vec<Change>) {
    for o in &old.code_enums {
        let Some(n) = new.code_enum(&o.value_set) else {
            continue;
        };
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
                out.push(change(
                    Kind::CodeRemoved,
                    &o.value_set,
                    None,
                    &format!("careconnect::codes::{}::{variant}", n.name),
                    Api::Breaking,
                    Wire::Tightening,
                    format!("code {code} left the value set"),
                ));
            }
        }
        for (code, variant) in &b {
            if !a.contains_key(code) {
                out.push(change(
                    Kind::CodeAdded,
                    &o.value_set,
                    None,
                    &format!("careconnect::codes::{}::{variant}", n.name),
                    Api::Breaking,
                    Wire::Loosening,
                    format!(
                        "code {code} joined the value set (a new variant of an exhaustive enum)"
                    ),
                ));
            }
        }
    }
}

fn item(owner: &str, field: &str) -> String {
    format!("careconnect::{owner}::{field}")
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

#[allow(clippy::too_many_arguments)]
fn change(
    kind: Kind,
    url: &str,
    element: Option<&str>,
    item: &str,
    api: Api,
    read: Wire,
    detail: String,
) -> Change {
    let item = if item.starts_with("careconnect::") {
        item.to_owned()
    } else {
        format!("careconnect::{item}")
    };
    Change {
        kind,
        url: url.to_owned(),
        element: element.map(str::to_owned),
        item,
        api,
        read,
        detail,
    }
}
