//! What `#[derive(Profiled)]` (careconnect-derive) builds on: the facts of each profile as
//! `const` data, one marker trait impl per element, and the conversions of user values.
//!
//! A proc macro cannot see the generated types of another crate, so the generated code
//! exposes what the derive needs and the derive's output lets rustc do the checks:
//!
//! - [`ProfileSchema::SCHEMA`] lists every element of a profile type by its path in the
//!   profile's own terms (`name:official.family`, `extension:ethnicCategory.value`) with
//!   its cardinality and whether it is fixed or removed. The derive emits `const`
//!   assertions ([`check_field`], [`check_required`]) that evaluate against it, spanned on
//!   the user's field or struct: an unknown path, a fixed or removed element, a container
//!   that cannot hold, a required element no field fills are compile errors that name the
//!   profile, the path and the fix.
//! - [`Element<KEY>`] is implemented by each profile struct for each of its elements, `KEY`
//!   being the key of the element's name in the profile (`name:official`: 64-bit FNV-1a
//!   of its bytes, `careconnect_expand::element_key`, which the generator and the derive
//!   both call). The
//!   derive reaches a path by its segments' keys, so rustc resolves and type-checks each
//!   step; a user field type that does not convert into the element's fails on
//!   [`IntoValue`] / [`FromValue`].
//!
//! These impls are generated under the `derive` feature of `careconnect-models`: crates
//! that do not use the derive do not compile them.
//!
//! Cost, measured (BENCHMARKS.md, "Profiled derive: compile and run cost";
//! `bash benchmarks/compile-cost.sh derive 7 instructions`, 2-core AMD EPYC, rustc 1.95.0):
//! the `derive` feature (112 schemas, 2,672 `Element` impls) makes the clean debug build of
//! this crate cost 1.30× the CPU of the default features (the crate alone 1.59×, 1.36×
//! rustc instructions). Each target dir pays that once. A user crate of 30 structs mapped
//! onto 10 profiles builds in 2.05× the CPU (2.87× the instructions) of the same crate with
//! the conversions written by hand, above the bound of 1.20×. About 2 s of its
//! 2.6 s extra is the const evaluation of [`check_field`] and [`check_required`], which
//! search the schemas linearly; the rest is codegen of the per-field `put`/`get` steps. At
//! run time the derived conversions take 1.13–1.19× the time of the hand-written ones.

use crate::rt::profile::{Conformance, Violation, ViolationKind};

/// The facts of one profile: its name and every element a user type may map.
#[derive(Debug)]
pub struct Schema {
    /// The profile's name (the last segment of its canonical URL: `CareConnect-Patient-1`).
    pub name: &'static str,
    pub url: &'static str,
    /// Every element, parents before children, by path.
    pub elements: &'static [Fact],
}

/// One element of a profile.
#[derive(Debug)]
pub struct Fact {
    /// The path in the profile's terms, from the profile's root: element names, slices
    /// after a `:` (`identifier:nhsNumber.value`).
    pub path: &'static str,
    pub min: u32,
    /// `u32::MAX` for `*`.
    pub max: u32,
    pub kind: FactKind,
    /// What a compile error says when the element is required and no field fills it.
    pub missing: &'static str,
}

/// The generated schemas build their facts with these, to stay short.
impl Fact {
    /// A settable element.
    pub const fn field(path: &'static str, min: u32, max: u32, missing: &'static str) -> Fact {
        Fact {
            path,
            min,
            max,
            kind: FactKind::Field,
            missing,
        }
    }

    /// An element whose value the profile fixes.
    pub const fn fixed(path: &'static str, min: u32, max: u32) -> Fact {
        Fact {
            path,
            min,
            max,
            kind: FactKind::Fixed,
            missing: "",
        }
    }

    /// A choice element (`value`): settable as a whole (its enum) or by the typed name of
    /// one of its types (`valueQuantity`, a fact of its own).
    pub const fn choice(path: &'static str, min: u32, max: u32, missing: &'static str) -> Fact {
        Fact {
            path,
            min,
            max,
            kind: FactKind::Choice,
            missing,
        }
    }

    /// An element the profile removes.
    pub const fn removed(path: &'static str) -> Fact {
        Fact {
            path,
            min: 0,
            max: 0,
            kind: FactKind::Removed,
            missing: "",
        }
    }
}

/// What a profile made of an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactKind {
    /// A field: settable.
    Field,
    /// A choice element: settable as a whole or by a typed name.
    Choice,
    /// A fixed value: set by the profile type, not by a user field.
    Fixed,
    /// Removed (max 0): there is nothing to set.
    Removed,
}

/// A generated profile type the derive can map a user type onto.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a profile type generated by careconnect (it has no schema)",
    label = "not a profile type",
    note = "name a profile type of a generated crate, e.g. `careconnect_models::careconnect::CareConnectPatient`, and enable the `derive` feature of careconnect-models"
)]
pub trait ProfileSchema {
    const SCHEMA: &'static Schema;
}

/// Element `KEY` (the key of its name) of a profile struct: how a value is put into it and
/// read from it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no element of the name in this path, or it cannot be set",
    label = "no such element in `{Self}`"
)]
pub trait Element<const KEY: u64> {
    /// One item of the element (`Primitive<Date>`, `CareConnectPatientOfficial`).
    type Item;
    /// Sets the element to `item` (a repeating element gets one more item).
    fn put(&mut self, item: Self::Item);
    /// The element's items: none, one or (repeating) several.
    fn items(&self) -> &[Self::Item];
}

/// An element of a profile struct whose items are profile structs: a longer path goes on
/// into it.
#[diagnostic::on_unimplemented(
    message = "a path cannot go on into this element of `{Self}`",
    label = "its type has no elements of its own to map"
)]
pub trait Node<const KEY: u64>: Element<KEY> {
    /// The item a longer path goes on into, made (from the type's placeholder) if absent.
    fn enter(&mut self) -> &mut Self::Item;
}

/// Implements [`Element`] (and [`Node`] for the rows marked `node`) for the fields of a
/// generated profile struct; the container of each field (`one`, `opt`, `opt_box`, `vec`,
/// `non_empty`) decides how items go in.
#[doc(hidden)]
#[macro_export]
macro_rules! __careconnect_elements {
    ($ty:ty { $($key:literal => $field:ident: $kind:ident $item:ty $(, $node:ident)?;)* }) => {
        impl $crate::rt::derive::Model for $ty {}
        $(
            $crate::__careconnect_element!($ty, $key, $field, $kind, $item);
            $($crate::__careconnect_element!($node $ty, $key, $field, $kind, $item);)?
        )*
    };
}

/// Implements [`Element`] for the typed names of a choice field (`valueQuantity`): the
/// item is the variant's value (unboxed), putting it sets the field to that variant, and
/// the field has an item under the name only when it holds that variant.
#[doc(hidden)]
#[macro_export]
macro_rules! __careconnect_choice_elements {
    ($ty:ty { $($key:literal => $field:ident: $kind:ident $enum:path, $variant:ident, $item:ty, $boxed:ident;)* }) => {
        $($crate::__careconnect_choice_element!($ty, $key, $field, $kind, $enum, $variant, $item, $boxed);)*
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __careconnect_choice_element {
    (@wrap boxed, $item:expr) => { ::std::boxed::Box::new($item) };
    (@wrap plain, $item:expr) => { $item };
    (@ref boxed, $x:expr) => { &**$x };
    (@ref plain, $x:expr) => { $x };
    ($ty:ty, $key:literal, $field:ident, one, $enum:path, $variant:ident, $item:ty, $boxed:ident) => {
        impl $crate::rt::derive::Element<$key> for $ty {
            type Item = $item;
            fn put(&mut self, item: $item) {
                use $enum as E;
                self.$field = E::$variant($crate::__careconnect_choice_element!(@wrap $boxed, item));
            }
            fn items(&self) -> &[$item] {
                use $enum as E;
                #[allow(unreachable_patterns)]
                match &self.$field {
                    E::$variant(x) => ::core::slice::from_ref($crate::__careconnect_choice_element!(@ref $boxed, x)),
                    _ => &[],
                }
            }
        }
    };
    ($ty:ty, $key:literal, $field:ident, opt, $enum:path, $variant:ident, $item:ty, $boxed:ident) => {
        impl $crate::rt::derive::Element<$key> for $ty {
            type Item = $item;
            fn put(&mut self, item: $item) {
                use $enum as E;
                self.$field = ::core::option::Option::Some(E::$variant(
                    $crate::__careconnect_choice_element!(@wrap $boxed, item),
                ));
            }
            fn items(&self) -> &[$item] {
                use $enum as E;
                #[allow(unreachable_patterns)]
                match &self.$field {
                    ::core::option::Option::Some(E::$variant(x)) => ::core::slice::from_ref($crate::__careconnect_choice_element!(@ref $boxed, x)),
                    _ => &[],
                }
            }
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __careconnect_element {
    ($ty:ty, $key:literal, $field:ident, one, $item:ty) => {
        impl $crate::rt::derive::Element<$key> for $ty {
            type Item = $item;
            fn put(&mut self, item: $item) {
                self.$field = item;
            }
            fn items(&self) -> &[$item] {
                ::core::slice::from_ref(&self.$field)
            }
        }
    };
    ($ty:ty, $key:literal, $field:ident, opt, $item:ty) => {
        impl $crate::rt::derive::Element<$key> for $ty {
            type Item = $item;
            fn put(&mut self, item: $item) {
                self.$field = ::core::option::Option::Some(item);
            }
            fn items(&self) -> &[$item] {
                self.$field.as_slice()
            }
        }
    };
    ($ty:ty, $key:literal, $field:ident, opt_box, $item:ty) => {
        impl $crate::rt::derive::Element<$key> for $ty {
            type Item = $item;
            fn put(&mut self, item: $item) {
                self.$field = ::core::option::Option::Some(::std::boxed::Box::new(item));
            }
            fn items(&self) -> &[$item] {
                self.$field.as_deref().map_or(&[], ::core::slice::from_ref)
            }
        }
    };
    ($ty:ty, $key:literal, $field:ident, vec, $item:ty) => {
        impl $crate::rt::derive::Element<$key> for $ty {
            type Item = $item;
            fn put(&mut self, item: $item) {
                self.$field.push(item);
            }
            fn items(&self) -> &[$item] {
                &self.$field
            }
        }
    };
    ($ty:ty, $key:literal, $field:ident, non_empty, $item:ty) => {
        impl $crate::rt::derive::Element<$key> for $ty {
            type Item = $item;
            fn put(&mut self, item: $item) {
                self.$field.push(item);
            }
            fn items(&self) -> &[$item] {
                self.$field.as_slice()
            }
        }
    };
    (node $ty:ty, $key:literal, $field:ident, one, $item:ty) => {
        impl $crate::rt::derive::Node<$key> for $ty {
            fn enter(&mut self) -> &mut $item {
                &mut self.$field
            }
        }
    };
    (node $ty:ty, $key:literal, $field:ident, opt, $item:ty) => {
        impl $crate::rt::derive::Node<$key> for $ty {
            fn enter(&mut self) -> &mut $item {
                self.$field
                    .get_or_insert(<$item as $crate::rt::plumbing::Placeholder>::PLACEHOLDER)
            }
        }
    };
    (node $ty:ty, $key:literal, $field:ident, $kind:ident, $item:ty) => {
        // A path does not go on into a repeating element (`check_field` says so): a
        // struct mapped to the element fills each item.
    };
}

pub use crate::rt::convert::{FromValue, IntoValue, Model};

impl<T> Model for crate::rt::profile::Ref<T> {}
impl<C> Model for crate::rt::profile::BoundConcept<C> {}
impl<C> Model for crate::rt::profile::BoundCoding<C> {}

/// Puts user value `value` into element `KEY` of `node` (what the derive's conversion
/// calls: the element's type is known here, so a value that does not convert fails on
/// [`IntoValue`], naming both types).
pub fn put<const KEY: u64, N, V>(node: &mut N, value: &V)
where
    N: Element<KEY>,
    V: IntoValue<N::Item> + ?Sized,
{
    node.put(value.to_value());
}

/// User value of an item of an element (the reverse conversion's call, like [`put`]).
pub fn get<T, V: FromValue<T>>(item: &T) -> Option<V> {
    V::from_value(item)
}

/// A code enum of the profiles converts into the CodeableConcept and Coding bound to its
/// value set (`BoundConcept`, `BoundCoding`), and back from them when they hold one of its
/// codes. Written per enum: the orphan rules allow no impl for every `C: CodeValue` here.
#[doc(hidden)]
#[macro_export]
macro_rules! __careconnect_bound_codes {
    ($($code:ident),* $(,)?) => {$(
        impl $crate::rt::derive::IntoValue<$crate::rt::profile::BoundConcept<$code>> for $code {
            fn to_value(&self) -> $crate::rt::profile::BoundConcept<$code> {
                $crate::rt::profile::BoundConcept::new(*self)
            }
        }
        impl $crate::rt::derive::FromValue<$crate::rt::profile::BoundConcept<$code>> for $code {
            fn from_value(value: &$crate::rt::profile::BoundConcept<$code>) -> Option<Self> {
                value.code()
            }
        }
        impl $crate::rt::derive::IntoValue<$crate::rt::profile::BoundCoding<$code>> for $code {
            fn to_value(&self) -> $crate::rt::profile::BoundCoding<$code> {
                $crate::rt::profile::BoundCoding::new(*self)
            }
        }
        impl $crate::rt::derive::FromValue<$crate::rt::profile::BoundCoding<$code>> for $code {
            fn from_value(value: &$crate::rt::profile::BoundCoding<$code>) -> Option<Self> {
                value.code()
            }
        }
    )*};
}

/// The runtime's check that a field's path exists and its container fits, evaluated in a
/// `const` the derive emits with the field's span. `path` is from the profile's root,
/// `root` the element the user struct maps (`""`: the whole profile), `wrapper` how the
/// user field holds its value; each message is the one the derive wrote for the failure,
/// naming the field, the profile and the path.
///
/// An `Option` (or a `Vec`, which may be empty) may fill a required element where the
/// element stands in an optional one that no other field maps into: the optional element
/// is there when the field has a value (`extension:ethnicCategory.value`). `mapped` are
/// the paths of all the struct's fields, relative to `root`.
pub const fn check_field(
    schema: &Schema,
    root: &str,
    path: &str,
    mapped: &[&str],
    wrapper: Wrapper,
    messages: &Messages,
) {
    let Some(fact) = find(schema, path) else {
        panic!("{}", messages.unknown);
    };
    match fact.kind {
        FactKind::Fixed => panic!("{}", messages.fixed),
        FactKind::Removed => panic!("{}", messages.removed),
        FactKind::Field | FactKind::Choice => {}
    }
    if repeating_ancestor(schema, path, root.len()).is_some() {
        panic!("{}", messages.through_repeating);
    }
    let may_be_absent = fact.min == 0 || optional_alone(schema, root, path, mapped);
    match wrapper {
        Wrapper::Option if !may_be_absent => panic!("{}", messages.option_on_required),
        Wrapper::Vec | Wrapper::NonEmpty if fact.max <= 1 => panic!("{}", messages.vec_on_single),
        Wrapper::Vec if !may_be_absent => panic!("{}", messages.vec_on_required),
        Wrapper::One if fact.max > 1 => panic!("{}", messages.one_on_repeating),
        _ => {}
    }
}

/// Whether the nearest ancestor of `path` (below `root`) that is not required is single
/// and holds no other mapped path: then it is absent when the field has no value.
const fn optional_alone(schema: &Schema, root: &str, path: &str, mapped: &[&str]) -> bool {
    let bytes = path.as_bytes();
    let mut end = bytes.len();
    while let Some(dot) = last_dot(bytes.split_at(end).0) {
        end = dot;
        if end <= root.len() {
            return false;
        }
        let (ancestor, _) = bytes.split_at(end);
        let Some(fact) = find_bytes(schema, ancestor) else {
            return false;
        };
        if fact.max > 1 {
            return false;
        }
        if fact.min == 0 {
            // Only this field maps into it.
            let skip = if root.is_empty() { 0 } else { root.len() + 1 };
            let (_, relative) = ancestor.split_at(skip);
            let mut inside = 0;
            let mut i = 0;
            while i < mapped.len() {
                if filled(relative, &[mapped[i]]) {
                    inside += 1;
                }
                i += 1;
            }
            return inside == 1;
        }
    }
    false
}

/// Checks that every required element whose parent is there is filled: by a field
/// (`mapped` holds the paths of the user type's fields, relative to `root`), by a field
/// inside it, or by the profile (fixed). `root` is `""` for a struct that maps the whole
/// profile, the element path for one that maps a backbone or repeating element.
pub const fn check_required(schema: &Schema, root: &str, mapped: &[&str]) {
    let mut i = 0;
    while i < schema.elements.len() {
        let fact = &schema.elements[i];
        i += 1;
        if fact.min == 0 || !matches!(fact.kind, FactKind::Field | FactKind::Choice) {
            continue;
        }
        let Some(relative) = strip_root(fact.path, root) else {
            continue;
        };
        // Items of a repeating element are the business of the struct that maps them.
        if repeating_ancestor(schema, fact.path, root.len()).is_some() {
            continue;
        }
        // A required element with a required child is filled with the child: the
        // message names the child, which says what to write.
        let typed = matches!(fact.kind, FactKind::Choice) && typed_filled(relative, mapped);
        if parent_present(schema, root, relative, mapped)
            && !filled(relative, mapped)
            && !typed
            && !has_required_child(schema, fact.path)
        {
            panic!("{}", fact.missing);
        }
    }
}

/// How a user field holds its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrapper {
    One,
    Option,
    Vec,
    /// `NonEmpty<T>`: at least one item, so it may fill a required repeating element.
    NonEmpty,
}

/// The messages of [`check_field`], written by the derive for one field.
#[derive(Debug)]
pub struct Messages {
    pub unknown: &'static str,
    pub fixed: &'static str,
    pub removed: &'static str,
    pub through_repeating: &'static str,
    pub option_on_required: &'static str,
    pub vec_on_single: &'static str,
    pub vec_on_required: &'static str,
    pub one_on_repeating: &'static str,
}

/// Whether an element is required inside the element at `path`.
const fn has_required_child(schema: &Schema, path: &str) -> bool {
    let p = path.as_bytes();
    let mut i = 0;
    while i < schema.elements.len() {
        let f = &schema.elements[i];
        i += 1;
        let c = f.path.as_bytes();
        if f.min > 0
            && matches!(f.kind, FactKind::Field)
            && c.len() > p.len()
            && c[p.len()] == b'.'
            && matches!(last_dot(c), Some(d) if d == p.len())
        {
            let (head, _) = c.split_at(p.len());
            if eq(head, p) {
                return true;
            }
        }
    }
    false
}

const fn find<'s>(schema: &'s Schema, path: &str) -> Option<&'s Fact> {
    find_bytes(schema, path.as_bytes())
}

const fn find_bytes<'s>(schema: &'s Schema, path: &[u8]) -> Option<&'s Fact> {
    let mut i = 0;
    while i < schema.elements.len() {
        if eq(schema.elements[i].path.as_bytes(), path) {
            return Some(&schema.elements[i]);
        }
        i += 1;
    }
    None
}

/// The first proper ancestor of `path` longer than `skip` bytes that repeats, if any.
const fn repeating_ancestor<'s>(schema: &'s Schema, path: &str, skip: usize) -> Option<&'s Fact> {
    let bytes = path.as_bytes();
    let mut i = skip + 1;
    while i < bytes.len() {
        if bytes[i] == b'.' {
            let (head, _) = bytes.split_at(i);
            let mut j = 0;
            while j < schema.elements.len() {
                let f = &schema.elements[j];
                if f.max > 1 && eq(f.path.as_bytes(), head) {
                    return Some(f);
                }
                j += 1;
            }
        }
        i += 1;
    }
    None
}

/// `path` relative to `root` (`""`: the profile's root), if it is below it.
const fn strip_root<'p>(path: &'p str, root: &str) -> Option<&'p [u8]> {
    let (p, r) = (path.as_bytes(), root.as_bytes());
    if r.is_empty() {
        return Some(p);
    }
    if p.len() <= r.len() + 1 || p[r.len()] != b'.' {
        return None;
    }
    let (head, tail) = p.split_at(r.len());
    if !eq(head, r) {
        return None;
    }
    let (_, rest) = tail.split_at(1);
    Some(rest)
}

/// Whether the parent of `relative` is there: the root, or an element that is required
/// and whose parent is there, or one a field fills or goes into.
const fn parent_present(schema: &Schema, root: &str, relative: &[u8], mapped: &[&str]) -> bool {
    let Some(dot) = last_dot(relative) else {
        return true;
    };
    let (parent, _) = relative.split_at(dot);
    if filled(parent, mapped) {
        return true;
    }
    let mut i = 0;
    while i < schema.elements.len() {
        let f = &schema.elements[i];
        i += 1;
        if f.min == 0 {
            continue;
        }
        if let Some(rel) = strip_root(f.path, root)
            && eq(rel, parent)
        {
            return parent_present(schema, root, parent, mapped);
        }
    }
    false
}

/// Whether a field fills `relative` or an element inside it.
const fn filled(relative: &[u8], mapped: &[&str]) -> bool {
    let mut i = 0;
    while i < mapped.len() {
        let m = mapped[i].as_bytes();
        if eq(m, relative)
            || (m.len() > relative.len() && m[relative.len()] == b'.' && {
                let (head, _) = m.split_at(relative.len());
                eq(head, relative)
            })
        {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether a field fills choice element `relative` by a typed name (`value` by
/// `valueQuantity`): the element's name, then an upper-case letter, to the segment's end.
const fn typed_filled(relative: &[u8], mapped: &[&str]) -> bool {
    let mut i = 0;
    while i < mapped.len() {
        let m = mapped[i].as_bytes();
        i += 1;
        if m.len() <= relative.len() || !m[relative.len()].is_ascii_uppercase() {
            continue;
        }
        let (head, tail) = m.split_at(relative.len());
        let mut j = 0;
        let mut one_segment = true;
        while j < tail.len() {
            if tail[j] == b'.' {
                one_segment = false;
            }
            j += 1;
        }
        if one_segment && eq(head, relative) {
            return true;
        }
    }
    false
}

const fn last_dot(bytes: &[u8]) -> Option<usize> {
    let mut i = bytes.len();
    while i > 0 {
        i -= 1;
        if bytes[i] == b'.' {
            return Some(i);
        }
    }
    None
}

const fn eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A user struct mapped onto an element of a profile (`#[careconnect(element = ...)]`)
/// made from one item of it, with every element a field needs and does not find.
pub trait FromElement<T>: Sized {
    fn from_element(value: &T) -> Result<Self, Conformance>;
}

/// Collects what a conversion from a profile value into a user type finds missing.
#[derive(Debug, Default)]
pub struct Missing {
    violations: Vec<Violation>,
}

impl Missing {
    /// Notes that the element at `path` has no value a field can take.
    pub fn note(&mut self, path: String) {
        self.violations.push(Violation {
            path,
            kind: ViolationKind::Missing,
        });
    }

    /// Every note, as a conformance error of `profile` (a field had no value to take).
    pub fn finish_err<T>(self, profile: &'static str) -> Result<T, Conformance> {
        Err(Conformance {
            profile,
            violations: self.violations,
        })
    }

    /// `value` if nothing was noted, else every note, as a conformance error of `profile`.
    pub fn finish<T>(
        self,
        profile: &'static str,
        value: impl FnOnce() -> T,
    ) -> Result<T, Conformance> {
        if self.violations.is_empty() {
            Ok(value())
        } else {
            Err(Conformance {
                profile,
                violations: self.violations,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: Schema = Schema {
        name: "P-1",
        url: "https://example.org/P-1",
        elements: &[
            Fact {
                path: "name:official",
                min: 1,
                max: 1,
                kind: FactKind::Field,
                missing: "name:official",
            },
            Fact {
                path: "name:official.family",
                min: 1,
                max: 1,
                kind: FactKind::Field,
                missing: "family",
            },
            Fact {
                path: "name:official.given",
                min: 0,
                max: u32::MAX,
                kind: FactKind::Field,
                missing: "",
            },
            Fact {
                path: "identifier:nhs",
                min: 0,
                max: 1,
                kind: FactKind::Field,
                missing: "",
            },
            Fact {
                path: "identifier:nhs.system",
                min: 1,
                max: 1,
                kind: FactKind::Fixed,
                missing: "",
            },
            Fact {
                path: "identifier:nhs.value",
                min: 1,
                max: 1,
                kind: FactKind::Field,
                missing: "nhs value",
            },
            Fact {
                path: "contact",
                min: 0,
                max: u32::MAX,
                kind: FactKind::Field,
                missing: "",
            },
            Fact {
                path: "contact.name",
                min: 1,
                max: 1,
                kind: FactKind::Field,
                missing: "contact name",
            },
            Fact {
                path: "animal",
                min: 0,
                max: 0,
                kind: FactKind::Removed,
                missing: "",
            },
        ],
    };

    fn required(root: &str, mapped: &[&str]) -> Result<(), String> {
        // The const fn panics with the message; run it as a plain fn here.
        std::panic::catch_unwind(|| check_required(&SCHEMA, root, mapped))
            .map_err(|e| e.downcast_ref::<String>().cloned().unwrap_or_default())
    }

    #[test]
    fn required_elements_are_needed_where_their_parent_is_there() {
        assert_eq!(required("", &["name:official.family"]), Ok(()));
        assert_eq!(required("", &[]), Err("family".into()));
        assert_eq!(required("", &["name:official.given"]), Err("family".into()));
        // Mapping into the optional NHS number makes its required value needed; its
        // fixed system is the profile's.
        assert_eq!(
            required("", &["name:official.family", "identifier:nhs.value"]),
            Ok(())
        );
        // A struct for `contact` items needs their name.
        assert_eq!(required("contact", &[]), Err("contact name".into()));
        assert_eq!(required("contact", &["name"]), Ok(()));
        // The profile's root does not reach into repeating `contact`.
        assert_eq!(required("", &["name:official.family", "contact"]), Ok(()));
    }
}
