//! An IR pass: nested structs that narrow their base in exactly the same way in several
//! places (the same SNOMED CT coding slice in thirty profiles) become one struct of
//! [`ProfileLayer::shared`], and the places that used them refer to it. Error paths come
//! from the values being converted, so they are unchanged.
//!
//! "The same way" is structural: a struct's [`Key`] is the struct itself with its name and
//! element ids left out and the structs and choices it refers to replaced by their own
//! keys, so two structs are alike exactly when everything generated from them is.
//!
//! Structs are shared within a package. A later package (one that builds on the earlier
//! ones) reuses an earlier package's shared struct when it has one alike, and otherwise
//! shares among its own; it never changes what an earlier package generates.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diag::{Error, Location, Result};
use crate::ir::profile::{
    Member, PChoice, PField, PStruct, PType, ProfileLayer, Rest, SharedStruct, StructRef, Use,
};
use crate::load::model::Registry;
use crate::names;

/// A struct's structural identity: an index into [`Keys::structs`].
type Key = usize;

/// The structural forms of the layer's structs and choice enums, interned.
struct Keys<'l> {
    structs_by_name: BTreeMap<&'l str, &'l PStruct>,
    choices_by_name: BTreeMap<&'l str, &'l PChoice>,
    interned: HashMap<PStruct, Key>,
    choices: HashMap<PChoice, usize>,
    memo: HashMap<&'l str, Key>,
    /// Structs whose key is being computed (a struct that contains itself through a
    /// content reference stands for itself inside its own key).
    in_progress: BTreeSet<&'l str>,
}

impl<'l> Keys<'l> {
    fn new(layer: &'l ProfileLayer) -> Self {
        let mut structs_by_name = BTreeMap::new();
        let mut choices_by_name = BTreeMap::new();
        for m in layer.modules() {
            for s in &m.structs {
                structs_by_name.insert(s.name.as_str(), s);
            }
            for c in &m.choices {
                choices_by_name.insert(c.name.as_str(), c);
            }
        }
        Keys {
            structs_by_name,
            choices_by_name,
            interned: HashMap::new(),
            choices: HashMap::new(),
            memo: HashMap::new(),
            in_progress: BTreeSet::new(),
        }
    }

    fn key(&mut self, name: &'l str) -> Key {
        if let Some(&k) = self.memo.get(name) {
            return k;
        }
        let Some(s) = self.structs_by_name.get(name).copied() else {
            // Not a nested struct of this layer: its name is its identity.
            return self.intern(PStruct {
                name: name.to_string(),
                element: String::new(),
                base: String::new(),
                members: Vec::new(),
            });
        };
        self.in_progress.insert(name);
        let mut form = s.clone();
        form.name.clear();
        form.element.clear();
        for m in &mut form.members {
            self.normalize_member(m);
        }
        self.in_progress.remove(name);
        let k = self.intern(form);
        self.memo.insert(name, k);
        k
    }

    fn intern(&mut self, form: PStruct) -> Key {
        let next = self.interned.len();
        *self.interned.entry(form).or_insert(next)
    }

    fn normalize_member(&mut self, m: &mut Member) {
        match m {
            Member::Field(f) => self.normalize_field(f),
            Member::Sliced(s) => {
                s.element.clear();
                for slice in &mut s.slices {
                    if let Some(f) = &mut slice.field {
                        self.normalize_field(f);
                    }
                }
                match &mut s.rest {
                    Rest::Open(f) => self.normalize_field(f),
                    Rest::Closed => {}
                }
            }
            Member::Fixed(f) => f.element.clear(),
            Member::Removed(r) => r.element.clear(),
        }
    }

    fn normalize_field(&mut self, f: &mut PField) {
        f.element.clear();
        self.normalize_type(&mut f.ty);
    }

    fn normalize_type(&mut self, ty: &mut PType) {
        match ty {
            PType::Struct(StructRef::Nested(n)) => {
                let name = self.struct_name(n);
                *n = match name {
                    Some(name) if self.in_progress.contains(name) => format!("@{name}"),
                    Some(name) => format!("#{}", self.key(name)),
                    None => n.clone(),
                };
            }
            PType::Choice(n) => {
                if let Some(c) = self.choices_by_name.get(n.as_str()).copied() {
                    let mut form = c.clone();
                    form.name.clear();
                    form.element.clear();
                    for v in &mut form.variants {
                        self.normalize_type(&mut v.ty);
                    }
                    let next = self.choices.len();
                    let id = *self.choices.entry(form).or_insert(next);
                    *n = format!("#{id}");
                }
            }
            PType::Unboxed(inner) | PType::ChoiceOnly { ty: inner, .. } => {
                self.normalize_type(inner);
            }
            PType::Struct(StructRef::Shared(_) | StructRef::Module(_))
            | PType::Base { .. }
            | PType::Code { .. }
            | PType::Concept(_)
            | PType::Coding(_)
            | PType::Ref { .. }
            | PType::Fixed(_) => {}
        }
    }

    /// The layer's own name for `n` (so that the key can borrow it for `'l`).
    fn struct_name(&self, n: &str) -> Option<&'l str> {
        self.structs_by_name.get_key_value(n).map(|(k, _)| *k)
    }
}

/// Shares alike structs (see the module docs); names the shared ones from what they
/// constrain, claiming the names in `taken`.
pub(super) fn share_structs(
    layer: &mut ProfileLayer,
    registry: &Registry,
    prefix: &str,
    taken: &mut BTreeSet<String>,
) -> Result<()> {
    // Every nested struct, in module order, with its key, package rank and where it stands.
    struct Nested {
        name: String,
        key: Key,
        rank: usize,
        used: Use,
    }
    let mut nested = Vec::new();
    {
        let mut keys = Keys::new(layer);
        for m in layer.modules() {
            let rank = registry.package_rank(&m.package);
            for s in m.structs.iter().skip(1) {
                nested.push(Nested {
                    name: s.name.clone(),
                    key: keys.key(&s.name),
                    rank,
                    used: Use {
                        profile: m.url.clone(),
                        element: s.element.clone(),
                    },
                });
            }
        }
    }
    // Groups of alike structs per package, in order of first appearance.
    let mut groups: BTreeMap<(usize, Key), Vec<usize>> = BTreeMap::new();
    let mut order: Vec<(usize, Key)> = Vec::new();
    for (i, n) in nested.iter().enumerate() {
        let g = groups.entry((n.rank, n.key)).or_default();
        if g.is_empty() {
            order.push((n.rank, n.key));
        }
        g.push(i);
    }
    order.sort_by_key(|(rank, _)| *rank);
    let by_name: BTreeMap<&str, &PStruct> = layer
        .modules()
        .flat_map(|m| m.structs.iter())
        .map(|s| (s.name.as_str(), s))
        .collect();
    let mut shared_by_key: BTreeMap<Key, String> = BTreeMap::new();
    let mut rename: BTreeMap<String, String> = BTreeMap::new();
    let mut shared = Vec::new();
    let mut errors = Vec::new();
    for group in &order {
        let members = &groups[group];
        let key = group.1;
        if let Some(existing) = shared_by_key.get(&key) {
            // An earlier package has one alike.
            for &i in members {
                rename.insert(nested[i].name.clone(), existing.clone());
            }
            continue;
        }
        if members.len() < 2 {
            continue;
        }
        let Some(&first) = by_name.get(nested[members[0]].name.as_str()) else {
            continue;
        };
        let used_by: Vec<Use> = members.iter().map(|&i| nested[i].used.clone()).collect();
        let candidates = shared_name(prefix, first, &used_by);
        let Some(name) = names::first_free(candidates.clone(), taken) else {
            errors.push(Error::input(
                Location::default().with_element(first.element.clone()),
                format!(
                    "every name for a shared struct ({}) is taken",
                    candidates.join(", ")
                ),
            ));
            continue;
        };
        let mut def = first.clone();
        def.name.clone_from(&name);
        for &i in members {
            rename.insert(nested[i].name.clone(), name.clone());
        }
        shared_by_key.insert(key, name);
        shared.push(SharedStruct { def, used_by });
    }
    if !errors.is_empty() {
        return Err(Error::Many(errors));
    }
    for m in layer.profiles.iter_mut().chain(layer.extensions.iter_mut()) {
        m.structs.retain(|s| !rename.contains_key(&s.name));
        for s in &mut m.structs {
            rewrite_struct(s, &rename);
        }
        for c in &mut m.choices {
            for v in &mut c.variants {
                rewrite(&mut v.ty, &rename);
            }
        }
    }
    for s in &mut shared {
        rewrite_struct(&mut s.def, &rename);
    }
    shared.sort_by(|a, b| a.def.name.cmp(&b.def.name));
    layer.shared = shared;
    Ok(())
}

fn rewrite_struct(s: &mut PStruct, rename: &BTreeMap<String, String>) {
    for f in s.fields_mut() {
        rewrite(&mut f.ty, rename);
    }
}

/// Points every reference to a struct that is now shared at the shared struct.
fn rewrite(ty: &mut PType, rename: &BTreeMap<String, String>) {
    match ty {
        PType::Struct(r @ StructRef::Nested(_)) => {
            if let Some(shared) = rename.get(r.name()) {
                *r = StructRef::Shared(shared.clone());
            }
        }
        PType::Unboxed(inner) | PType::ChoiceOnly { ty: inner, .. } => rewrite(inner, rename),
        PType::Struct(StructRef::Shared(_) | StructRef::Module(_))
        | PType::Base { .. }
        | PType::Code { .. }
        | PType::Concept(_)
        | PType::Coding(_)
        | PType::Ref { .. }
        | PType::Choice(_)
        | PType::Fixed(_) => {}
    }
}

/// Candidate names of a shared struct (interim: the most common last element segment).
fn shared_name(prefix: &str, first: &PStruct, used_by: &[Use]) -> Vec<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for u in used_by {
        let seg = u.element.rsplit('.').next().unwrap_or_default().to_string();
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
        format!("{prefix}{base}")
    } else {
        format!("{prefix}{stem}{base}")
    };
    let mut out = vec![name.clone()];
    out.extend((2..100).map(|n| format!("{name}{n}")));
    out
}
