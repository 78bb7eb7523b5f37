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
    LinkMut, Member, PChoice, PField, PStruct, PType, ProfileLayer, Rest, SharedStruct, StructRef,
    Use,
};
use crate::load::model::Registry;
use crate::names::{self, Qualifier};

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
        // Earlier packages' shared structs: a struct alike one of them has its key.
        for s in &layer.shared {
            structs_by_name.insert(s.def.name.as_str(), &s.def);
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
        ty.walk_mut(&mut |t| {
            // A struct of the layer (nested or shared) stands in the key by its own key.
            if let Some(LinkMut::Struct(r)) = t.link_mut()
                && !matches!(r, StructRef::Module(_))
            {
                let n = r.name().to_string();
                *r = StructRef::Nested(match self.struct_name(&n) {
                    Some(name) if self.in_progress.contains(name) => format!("@{name}"),
                    Some(name) => format!("#{}", self.key(name)),
                    None => n,
                });
            }
            if let Some(LinkMut::Choice(n)) = t.link_mut()
                && let Some(c) = self.choices_by_name.get(n.as_str()).copied()
            {
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
        });
    }

    /// The layer's own name for `n` (so that the key can borrow it for `'l`).
    fn struct_name(&self, n: &str) -> Option<&'l str> {
        self.structs_by_name.get_key_value(n).map(|(k, _)| *k)
    }
}

/// Shares the alike structs of the package of rank `rank` (see the module docs): they
/// reuse an earlier package's shared struct when one is alike, else become a shared struct
/// of this package when there are two or more; the shared ones are named from what they
/// constrain, claiming the names in `taken`. Modules of other packages are not touched.
pub(super) fn share_package(
    layer: &mut ProfileLayer,
    rank: usize,
    registry: &Registry,
    prefix: &str,
    taken: &mut BTreeSet<String>,
) -> Result<()> {
    let in_package = |package: &str| registry.package_rank(package) == rank;
    // The package's nested structs, in module order, with their keys and where they stand;
    // the keys of the shared structs there are.
    struct Nested {
        name: String,
        key: Key,
        used: Use,
    }
    let mut nested = Vec::new();
    let mut existing: BTreeMap<Key, String> = BTreeMap::new();
    {
        let mut keys = Keys::new(layer);
        for s in &layer.shared {
            existing.insert(keys.key(&s.def.name), s.def.name.clone());
        }
        for m in layer.modules().filter(|m| in_package(&m.package)) {
            for s in m.structs.iter().skip(1) {
                nested.push(Nested {
                    name: s.name.clone(),
                    key: keys.key(&s.name),
                    used: Use {
                        profile: m.url.clone(),
                        element: s.element.clone(),
                    },
                });
            }
        }
    }
    // Groups of alike structs, in order of first appearance.
    let mut groups: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
    let mut order: Vec<Key> = Vec::new();
    for (i, n) in nested.iter().enumerate() {
        let g = groups.entry(n.key).or_default();
        if g.is_empty() {
            order.push(n.key);
        }
        g.push(i);
    }
    let by_name: BTreeMap<&str, &PStruct> = layer
        .modules()
        .flat_map(|m| m.structs.iter())
        .chain(layer.shared.iter().map(|s| &s.def))
        .map(|s| (s.name.as_str(), s))
        .collect();
    let mut rename: BTreeMap<String, String> = BTreeMap::new();
    let mut new = Vec::new();
    for key in &order {
        let members = &groups[key];
        if let Some(shared) = existing.get(key) {
            // An earlier package has one alike; the nested structs give their names back.
            for &i in members {
                rename.insert(nested[i].name.clone(), shared.clone());
                taken.remove(&nested[i].name);
            }
            continue;
        }
        if members.len() < 2 {
            continue;
        }
        let Some(&first) = by_name.get(nested[members[0]].name.as_str()) else {
            continue;
        };
        new.push((members, first));
    }
    // The structs a shared one replaces give their names back.
    for (members, _) in &new {
        for &i in *members {
            taken.remove(&nested[i].name);
        }
    }
    let defs: Vec<(&PStruct, &Use)> = new
        .iter()
        .map(|(members, first)| (*first, &nested[members[0]].used))
        .collect();
    let names = shared_names(prefix, &defs, &by_name, taken)?;
    let package = registry.packages.get(rank).cloned().unwrap_or_default();
    let mut shared = Vec::new();
    for ((members, first), name) in new.into_iter().zip(names) {
        let mut def = first.clone();
        def.name.clone_from(&name);
        for &i in members {
            rename.insert(nested[i].name.clone(), name.clone());
        }
        let used_by = members.iter().map(|&i| nested[i].used.clone()).collect();
        shared.push(SharedStruct {
            def,
            package: package.clone(),
            used_by,
        });
    }
    for m in layer
        .profiles
        .iter_mut()
        .chain(layer.extensions.iter_mut())
        .filter(|m| in_package(&m.package))
    {
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
    layer.shared.extend(shared);
    layer.shared.sort_by(|a, b| a.def.name.cmp(&b.def.name));
    Ok(())
}

fn rewrite_struct(s: &mut PStruct, rename: &BTreeMap<String, String>) {
    for f in s.fields_mut() {
        rewrite(&mut f.ty, rename);
    }
}

/// Points every reference to a struct that is now shared at the shared struct.
fn rewrite(ty: &mut PType, rename: &BTreeMap<String, String>) {
    ty.walk_mut(&mut |t| {
        if let Some(LinkMut::Struct(r @ StructRef::Nested(_))) = t.link_mut()
            && let Some(shared) = rename.get(r.name())
        {
            *r = StructRef::Shared(shared.clone());
        }
    });
}

/// What a struct constrains, in words: its *stem* and the further constraints (`extras`)
/// that tell it apart from another struct with the same stem.
///
/// The stem is the first of these that says anything: the slices the struct types and
/// the values it fixes (a fixed code or name rather than the URL of its system when it
/// fixes both); else the types its choices are narrowed to (`valueQuantity`); else its
/// nested structs' stems. Extras: cardinalities (a slice's is said with its name), the
/// elements made required (in one phrase), removed elements, typed references, bound value
/// sets, nested structs' extras (and stems, when they are not in the stem).
#[derive(Default)]
struct Terms {
    stem: Vec<String>,
    extras: Vec<Qualifier>,
}

/// A struct's words before the stem is chosen.
#[derive(Default)]
struct Words {
    slices: Vec<String>,
    fixed_urls: Vec<String>,
    fixed_values: Vec<String>,
    choices: Vec<String>,
    nested: Vec<Terms>,
    required: Vec<String>,
    extras: Vec<Qualifier>,
}

/// The names of a package's new shared structs, in the order of `defs`: each is the prefix,
/// the words of what it constrains and its base type: its stem, or its first extra when it
/// has no stem. Structs whose names would read alike each add the extras that not all of
/// them have; a name then depends on the other shared structs only through such a tie.
/// Names are claimed in `taken`.
fn shared_names(
    prefix: &str,
    defs: &[(&PStruct, &Use)],
    by_name: &BTreeMap<&str, &PStruct>,
    taken: &mut BTreeSet<String>,
) -> Result<Vec<String>> {
    let terms: Vec<Terms> = defs
        .iter()
        .map(|(s, _)| terms_of(s, by_name, &mut BTreeSet::new()))
        .collect();
    // Without a stem, the first extra says what the struct is.
    let short: Vec<String> = defs
        .iter()
        .zip(&terms)
        .map(|((s, _), t)| {
            let first: Vec<Qualifier> = t.extras.iter().take(1).cloned().collect();
            let extras = if t.stem.is_empty() { &first[..] } else { &[] };
            names::shared_struct(prefix, &t.stem, extras, &s.base)
        })
        .collect();
    let mut out = Vec::with_capacity(defs.len());
    let mut errors = Vec::new();
    for (i, (s, used)) in defs.iter().enumerate() {
        let tied: Vec<usize> = (0..defs.len()).filter(|&j| short[j] == short[i]).collect();
        let mut candidates = Vec::new();
        if tied.len() == 1 {
            candidates.push(short[i].clone());
        } else {
            let common: Vec<&Qualifier> = terms[i]
                .extras
                .iter()
                .filter(|e| tied.iter().all(|&j| terms[j].extras.contains(e)))
                .collect();
            let own: Vec<Qualifier> = terms[i]
                .extras
                .iter()
                .filter(|e| !common.contains(e))
                .cloned()
                .collect();
            candidates.push(names::shared_struct(prefix, &terms[i].stem, &own, &s.base));
        }
        let full = names::shared_struct(prefix, &terms[i].stem, &terms[i].extras, &s.base);
        if !candidates.contains(&full) {
            candidates.push(full);
        }
        match names::first_free(candidates.clone(), taken) {
            Some(name) => out.push(name),
            None => errors.push(Error::input(
                Location::default()
                    .with_url(used.profile.clone())
                    .with_element(used.element.clone()),
                format!(
                    "a shared struct has no name of its own: {} are taken by types that constrain otherwise",
                    candidates.join(", ")
                ),
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Error::Many(errors))
    }
}

/// The [`Terms`] of struct `s`; `visiting` guards against a struct that contains itself.
fn terms_of(
    s: &PStruct,
    by_name: &BTreeMap<&str, &PStruct>,
    visiting: &mut BTreeSet<String>,
) -> Terms {
    if !visiting.insert(s.name.clone()) {
        return Terms::default();
    }
    let mut w = Words::default();
    for m in &s.members {
        match m {
            Member::Fixed(f) => w.fixed(&f.value.literal.text()),
            Member::Removed(r) => w.extras.push((format!("no {}", r.base_field), None)),
            Member::Sliced(sl) => {
                for slice in &sl.slices {
                    match &slice.field {
                        Some(f) => {
                            w.slices.push(slice.name.clone());
                            w.extras.push((
                                shape(f.cardinality()).to_string(),
                                Some(slice.name.clone()),
                            ));
                            w.field(f, by_name, visiting, false);
                        }
                        None => w.extras.push((format!("no {}", slice.name), None)),
                    }
                }
                if sl.bounds != crate::ir::Bounds::ANY {
                    w.extras.push((
                        format!("{} {}", sl.base_field, shape(sl.bounds.cardinality())),
                        None,
                    ));
                }
                match &sl.rest {
                    Rest::Open(f) => w.field(f, by_name, visiting, false),
                    Rest::Closed => w.extras.push((format!("closed {}", sl.base_field), None)),
                }
            }
            Member::Field(f) => w.field(f, by_name, visiting, true),
        }
    }
    visiting.remove(&s.name);
    w.into_terms()
}

impl Words {
    fn fixed(&mut self, value: &str) {
        let words = names::value_words(value);
        if value.contains("://") || value.starts_with("urn:") {
            self.fixed_urls.push(words);
        } else {
            self.fixed_values.push(words);
        }
    }

    /// The words one field adds: made required or otherwise narrowed (element fields
    /// only), and what its type constrains.
    fn field(
        &mut self,
        f: &PField,
        by_name: &BTreeMap<&str, &PStruct>,
        visiting: &mut BTreeSet<String>,
        element: bool,
    ) {
        if element && f.cardinality() != f.base {
            if f.cardinality().is_required() && !f.base.is_required() {
                self.required.push(f.base_field.clone());
            } else {
                self.extras
                    .push((format!("{} {}", f.base_field, shape(f.cardinality())), None));
            }
        }
        self.ty(&f.base_field, &f.ty, by_name, visiting);
    }

    fn ty(
        &mut self,
        field: &str,
        ty: &PType,
        by_name: &BTreeMap<&str, &PStruct>,
        visiting: &mut BTreeSet<String>,
    ) {
        // The kinds of type whose content the name reads; every other kind says what it
        // says through `PType::words`, where its variant is listed.
        match ty {
            PType::Struct(StructRef::Nested(n) | StructRef::Shared(n)) => {
                if let Some(s) = by_name.get(n.as_str()) {
                    self.nested.push(terms_of(s, by_name, visiting));
                }
            }
            PType::Fixed(v) => self.fixed(&v.literal.text()),
            PType::ChoiceOnly { variant, .. } => self.choices.push(format!("{field} {variant}")),
            PType::Base { .. }
            | PType::Struct(StructRef::Module(_))
            | PType::Code { .. }
            | PType::Concept(_)
            | PType::Coding(_)
            | PType::Ref { .. }
            | PType::Choice(_)
            | PType::Unboxed(_)
            | PType::MaxLength { .. } => {}
        }
        if let Some(words) = ty.words(field) {
            self.extras.push((words, None));
        }
        if let Some(inner) = ty.inner() {
            self.ty(field, inner, by_name, visiting);
        }
    }

    fn into_terms(self) -> Terms {
        let own: Vec<String> = if self.fixed_values.is_empty() {
            self.slices
                .iter()
                .chain(&self.fixed_urls)
                .cloned()
                .collect()
        } else {
            self.slices
                .iter()
                .chain(&self.fixed_values)
                .cloned()
                .collect()
        };
        let mut extras = Vec::new();
        if !self.required.is_empty() {
            extras.push((format!("{} required", self.required.join(" ")), None));
        }
        extras.extend(self.extras);
        let nested_stems: Vec<String> = self.nested.iter().flat_map(|t| t.stem.clone()).collect();
        let stem = if !own.is_empty() {
            extras.extend(self.choices.into_iter().map(|c| (c, None)));
            extras.extend(nested_stems.into_iter().map(|s| (s, None)));
            own
        } else if !self.choices.is_empty() {
            extras.extend(nested_stems.into_iter().map(|s| (s, None)));
            self.choices
        } else {
            nested_stems
        };
        for t in self.nested {
            extras.extend(t.extras);
        }
        Terms { stem, extras }
    }
}

/// A container in a word.
fn shape(c: crate::ir::Cardinality) -> &'static str {
    match c {
        crate::ir::Cardinality::Required => "required",
        crate::ir::Cardinality::Optional => "optional",
        crate::ir::Cardinality::Many => "list",
        crate::ir::Cardinality::NonEmpty => "non empty",
    }
}
