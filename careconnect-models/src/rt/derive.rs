//! What `#[derive(Profiled)]` (careconnect-derive) builds on: the facts of each profile,
//! one trait impl per element, and the conversions of user values.
//!
//! ## How the derive knows the profile
//!
//! A proc macro cannot see the generated types of another crate. Of the two ways (facts
//! the generator writes for the macro to read, or generated code that lets rustc decide)
//! the derive takes both, inside rustc:
//!
//! - **Facts, checked by const evaluation.** [`ProfileSchema::SCHEMA`] refers to a
//!   `static` [`Schema`] of each profile type: every element by its path in the profile's
//!   own terms (`name:official.family`, `extension:ethnicCategory.value`), its
//!   cardinality, whether the profile fixes or removes it, and its place in the tree. The
//!   derive emits one `const` per user struct that finds each field's element ([`find`],
//!   one probe of a key table) and calls [`field`] for each field and [`require`] for the
//!   struct, each call spanned on what it checks: an unknown path, a fixed or removed
//!   element, a container that cannot hold, a path through a repeating element, a required
//!   element no field fills are compile errors that name the profile, the path and the
//!   fix. A profile type the macro is pointed at that has no schema is an error naming
//!   it ([`ProfileSchema`]'s `on_unimplemented`), never silent acceptance.
//! - **Types, checked by rustc.** [`Element<KEY>`] is implemented by each profile struct
//!   for each of its elements, `KEY` being the key of the element's name
//!   (`careconnect_expand::element_key`: 64-bit FNV-1a, which the generator and the derive
//!   both call). The conversion walks a path by its segments' keys ([`Node`] into single
//!   elements), so rustc resolves every step, and converts the field with [`IntoValue`] /
//!   [`FromValue`]: a type that does not convert (a `String` into a closed code, a
//!   reference to a target the element does not allow) is a type error on the field.
//!
//! Neither works for a type generated outside this repository unless its generator wrote
//! the same; the build-time generator does. These items are generated under the `derive`
//! feature of `careconnect-models`: crates that do not use the derive do not compile them.
//!
//! What the const evaluator costs decides how the facts are laid out: it takes some
//! thousands of instructions per MIR statement, and validates the value of every constant
//! it evaluates, following references. So the schema is a `static` (user crates read the
//! value the models crate computed instead of evaluating its construction again, and no
//! constant refers to it), elements are found by key instead of by comparing paths, each
//! fact carries its links (`parent`, `end`, `next` required sibling, `anchor`) so that
//! [`check_required`] visits only the elements that are there, messages are built only
//! when a check fails, the checks of a struct are one item, and no const fn is generic.
//!
//! Cost, measured (BENCHMARKS.md, "Profiled derive: compile and run cost"): see there for
//! the figures of the user crate of 30 structs onto 10 profiles against the same crate
//! written by hand, and of this crate with and without the `derive` feature.

use crate::rt::profile::{Conformance, NonEmpty, Violation, ViolationKind};

/// The facts of one profile: its name and every element a user type may map.
#[derive(Debug)]
pub struct Schema {
    /// The profile's name (the last segment of its canonical URL: `CareConnect-Patient-1`).
    pub name: &'static str,
    pub url: &'static str,
    /// Every element in tree order: each element followed by the elements inside it, a
    /// choice's typed names after the choice's own subtree.
    pub elements: &'static [Fact],
    /// The elements by key: a table of `(key, index)` whose length is a power of two,
    /// at most half full, each element at the first free slot from `key & (len - 1)`
    /// (`(0, NONE)` is free). The key is `careconnect_expand::element_key` of the path; the
    /// generator makes sure that no two elements of a schema share one.
    pub index: &'static [(u64, u16)],
}

/// The index of no element: the parent of a top-level element, the choice of an element
/// that is not a typed name, what [`find`] gives for a path the profile does not have.
pub const NONE: u16 = u16::MAX;

/// One element of a profile, and where it stands in the tree of elements (indices into
/// [`Schema::elements`], [`NONE`] for none).
#[derive(Debug)]
pub struct Fact {
    /// The path in the profile's terms, from the profile's root: element names, slices
    /// after a `:` (`identifier:nhsNumber.value`).
    pub path: &'static str,
    pub min: u32,
    /// `u32::MAX` for `*`.
    pub max: u32,
    pub kind: FactKind,
    /// The element this one is inside.
    pub parent: u16,
    /// One past the last element inside this one.
    pub end: u16,
    /// The first element after this one's insides that has the same parent and is
    /// required, or the parent's `end` (the schema's length at the top): where a check
    /// goes on from an optional element that no field maps into.
    pub next: u16,
    /// The nearest element this one is inside that repeats.
    pub anchor: u16,
    /// For a typed name (`valueQuantity`), its choice element (`value`).
    pub choice: u16,
}

/// The generated schemas build their facts with these, to stay short. `links` are
/// `[parent, end, next, anchor]`.
impl Fact {
    const fn new(path: &'static str, kind: FactKind, min: u32, max: u32, links: [u16; 4]) -> Fact {
        let [parent, end, next, anchor] = links;
        Fact {
            path,
            min,
            max,
            kind,
            parent,
            end,
            next,
            anchor,
            choice: NONE,
        }
    }

    /// A settable element.
    pub const fn field(path: &'static str, min: u32, max: u32, links: [u16; 4]) -> Fact {
        Fact::new(path, FactKind::Field, min, max, links)
    }

    /// A choice element (`value`): settable as a whole (its enum) or by the typed name of
    /// one of its types (`valueQuantity`, a fact of its own).
    pub const fn choice(path: &'static str, min: u32, max: u32, links: [u16; 4]) -> Fact {
        Fact::new(path, FactKind::Choice, min, max, links)
    }

    /// The typed name of one type of choice element `choice` (`valueQuantity`): optional
    /// and single, like the choice's one value.
    pub const fn typed(path: &'static str, links: [u16; 4], choice: u16) -> Fact {
        Fact {
            choice,
            ..Fact::new(path, FactKind::Field, 0, 1, links)
        }
    }

    /// An element whose value the profile fixes.
    pub const fn fixed(path: &'static str, min: u32, max: u32, links: [u16; 4]) -> Fact {
        Fact::new(path, FactKind::Fixed, min, max, links)
    }

    /// An element the profile removes.
    pub const fn removed(path: &'static str, links: [u16; 4]) -> Fact {
        Fact::new(path, FactKind::Removed, 0, 0, links)
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

/// A profile struct a conversion into it starts from: its placeholder, which the
/// conversion fills field by field (the derive's checks make sure it fills every required
/// one). A function of the generated crate, so the user's crate evaluates no constant.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a profile struct generated by careconnect: a conversion cannot start from it",
    label = "not a profile struct"
)]
pub trait Start {
    fn start() -> Self;
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
    /// Sets a repeating element to `items` (adds them to any it has).
    fn put_all(&mut self, items: Vec<Self::Item>) {
        for item in items {
            self.put(item);
        }
    }
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
///
/// The methods are `inline` only where debug assertions are off (an optimised build of
/// this crate): there the derived conversions inline them like field accesses, while a
/// debug build of the user's crate does not generate a copy of each one it calls.
#[doc(hidden)]
#[macro_export]
macro_rules! __careconnect_elements {
    ($ty:ty { $($key:literal => $field:ident: $kind:ident $item:ty $(, $node:ident)?;)* }) => {
        impl $crate::rt::derive::Model for $ty {}
        impl $crate::rt::derive::Start for $ty {
            #[cfg_attr(not(debug_assertions), inline)]
            fn start() -> Self {
                <Self as $crate::rt::plumbing::Placeholder>::PLACEHOLDER
            }
        }
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
            #[cfg_attr(not(debug_assertions), inline)]
            fn put(&mut self, item: $item) {
                use $enum as E;
                self.$field = E::$variant($crate::__careconnect_choice_element!(@wrap $boxed, item));
            }
            #[cfg_attr(not(debug_assertions), inline)]
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
            #[cfg_attr(not(debug_assertions), inline)]
            fn put(&mut self, item: $item) {
                use $enum as E;
                self.$field = ::core::option::Option::Some(E::$variant(
                    $crate::__careconnect_choice_element!(@wrap $boxed, item),
                ));
            }
            #[cfg_attr(not(debug_assertions), inline)]
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
            #[cfg_attr(not(debug_assertions), inline)]
            fn put(&mut self, item: $item) {
                self.$field = item;
            }
            #[cfg_attr(not(debug_assertions), inline)]
            fn items(&self) -> &[$item] {
                ::core::slice::from_ref(&self.$field)
            }
        }
    };
    ($ty:ty, $key:literal, $field:ident, opt, $item:ty) => {
        impl $crate::rt::derive::Element<$key> for $ty {
            type Item = $item;
            #[cfg_attr(not(debug_assertions), inline)]
            fn put(&mut self, item: $item) {
                self.$field = ::core::option::Option::Some(item);
            }
            #[cfg_attr(not(debug_assertions), inline)]
            fn items(&self) -> &[$item] {
                self.$field.as_slice()
            }
        }
    };
    ($ty:ty, $key:literal, $field:ident, opt_box, $item:ty) => {
        impl $crate::rt::derive::Element<$key> for $ty {
            type Item = $item;
            #[cfg_attr(not(debug_assertions), inline)]
            fn put(&mut self, item: $item) {
                self.$field = ::core::option::Option::Some(::std::boxed::Box::new(item));
            }
            #[cfg_attr(not(debug_assertions), inline)]
            fn items(&self) -> &[$item] {
                self.$field.as_deref().map_or(&[], ::core::slice::from_ref)
            }
        }
    };
    ($ty:ty, $key:literal, $field:ident, vec, $item:ty) => {
        impl $crate::rt::derive::Element<$key> for $ty {
            type Item = $item;
            #[cfg_attr(not(debug_assertions), inline)]
            fn put_all(&mut self, items: ::std::vec::Vec<$item>) {
                if self.$field.is_empty() {
                    self.$field = items;
                } else {
                    self.$field.extend(items);
                }
            }
            #[cfg_attr(not(debug_assertions), inline)]
            fn put(&mut self, item: $item) {
                self.$field.push(item);
            }
            #[cfg_attr(not(debug_assertions), inline)]
            fn items(&self) -> &[$item] {
                &self.$field
            }
        }
    };
    ($ty:ty, $key:literal, $field:ident, non_empty, $item:ty) => {
        impl $crate::rt::derive::Element<$key> for $ty {
            type Item = $item;
            #[cfg_attr(not(debug_assertions), inline)]
            fn put_all(&mut self, items: ::std::vec::Vec<$item>) {
                self.$field.append(items);
            }
            #[cfg_attr(not(debug_assertions), inline)]
            fn put(&mut self, item: $item) {
                self.$field.push(item);
            }
            #[cfg_attr(not(debug_assertions), inline)]
            fn items(&self) -> &[$item] {
                self.$field.as_slice()
            }
        }
    };
    (node $ty:ty, $key:literal, $field:ident, one, $item:ty) => {
        impl $crate::rt::derive::Node<$key> for $ty {
            #[cfg_attr(not(debug_assertions), inline)]
            fn enter(&mut self) -> &mut $item {
                &mut self.$field
            }
        }
    };
    (node $ty:ty, $key:literal, $field:ident, opt, $item:ty) => {
        impl $crate::rt::derive::Node<$key> for $ty {
            #[cfg_attr(not(debug_assertions), inline)]
            fn enter(&mut self) -> &mut $item {
                self.$field.get_or_insert_with(|| {
                    <$item as $crate::rt::plumbing::Placeholder>::PLACEHOLDER
                })
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

/// The items of element `KEY` of the first of `nodes`, none if there is none: a step of
/// the reverse conversion's walk along a path, into a single element.
pub fn items_in<const KEY: u64, N: Element<KEY>>(nodes: &[N]) -> &[N::Item] {
    match nodes.first() {
        Some(node) => node.items(),
        None => &[],
    }
}

/// The element items of user values `values` (what the derive's conversion puts into a
/// repeating element at once).
///
/// A plain loop: no iterator adaptors for the user's crate to instantiate for each type.
pub fn to_values<T: IntoValue<I>, I>(values: &[T]) -> Vec<I> {
    let mut items = Vec::with_capacity(values.len());
    let mut i = 0;
    while i < values.len() {
        items.push(values[i].to_value());
        i += 1;
    }
    items
}

/// A field's value from the one item of its element; `None`, noted in `missing`, if
/// there is none or it does not convert.
pub fn one<T, V: FromValue<T>>(items: &[T], missing: &mut Missing, path: &str) -> Option<V> {
    let value = match items.first() {
        Some(item) => V::from_value(item),
        None => None,
    };
    if value.is_none() {
        missing.note(path);
    }
    value
}

/// An optional field's value: `Some(None)` when the element is absent; `None`, noted in
/// `missing`, when it has an item that does not convert.
pub fn opt<T, V: FromValue<T>>(
    items: &[T],
    missing: &mut Missing,
    path: &str,
) -> Option<Option<V>> {
    match items.first() {
        None => Some(None),
        Some(item) => match V::from_value(item) {
            Some(value) => Some(Some(value)),
            None => {
                missing.note(path);
                None
            }
        },
    }
}

/// A `Vec` field's values: every item that converts; one that does not is noted.
pub fn all<T, V: FromValue<T>>(items: &[T], missing: &mut Missing, path: &str) -> Option<Vec<V>> {
    // Plain loops in these helpers, like `to_values`.
    let mut values = Vec::with_capacity(items.len());
    let mut i = 0;
    while i < items.len() {
        match V::from_value(&items[i]) {
            Some(value) => values.push(value),
            None => missing.note(path),
        }
        i += 1;
    }
    Some(values)
}

/// A `NonEmpty` field's values, as [`all`]; none at all is noted too.
pub fn non_empty<T, V: FromValue<T>>(
    items: &[T],
    missing: &mut Missing,
    path: &str,
) -> Option<NonEmpty<V>> {
    let values = NonEmpty::from_vec(all(items, missing, path).unwrap_or_default());
    if values.is_none() {
        missing.note(path);
    }
    values
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

/// What the checks of one user struct read besides the schema, written by the derive as
/// one `const` per struct: where the struct is rooted and the elements of its fields.
///
/// It holds no reference to the schema: rustc validates the value of every constant, and
/// follows references, so a reference here would have the whole schema validated again
/// for each field.
#[derive(Debug, Clone, Copy)]
pub struct Mapping<'a> {
    /// The profile type as the user wrote it (`CareConnectPatient`), for messages.
    pub profile: &'static str,
    /// The element the struct maps (`#[careconnect(element = ...)]`; `""`: the whole
    /// profile) and its index ([`NONE`]).
    pub root_path: &'static str,
    pub root: u16,
    /// The element ([`find`]) of each field, in the fields' order, and the same sorted.
    pub fields: &'a [u16],
    pub sorted: &'a [u16],
}

/// Checks field `field` of the struct `map` describes (its Rust name `name`, the path of
/// its `#[fhir(path = ...)]`) with [`check_field`], evaluated in a `const` the derive
/// emits with the field's span: a fault is a compile error that names the field, the
/// profile and the path, and says what to do.
pub const fn field(
    schema: &Schema,
    map: Mapping<'_>,
    field: usize,
    wrapper: Wrapper,
    name: &str,
    path: &str,
) {
    let fault = check_field(schema, map.root, map.fields, field, wrapper);
    if !matches!(fault, Fault::None) {
        let message = fault_message(schema, &map, fault, field, wrapper, name, path);
        panic!("{}", message.as_str());
    }
}

/// Checks with [`check_required`] that the struct `map` describes fills every required
/// element, evaluated in a `const` the derive emits with the struct's span: the first
/// element left unfilled is a compile error that says which field attribute to add.
pub const fn require(schema: &Schema, map: Mapping<'_>) {
    let at = check_required(schema, map.root, map.fields, map.sorted);
    if at != NONE {
        let message = missing_message(schema, &map, at);
        panic!("{}", message.as_str());
    }
}

/// The message of `fault` in field `field` (see [`field`]).
const fn fault_message(
    schema: &Schema,
    map: &Mapping<'_>,
    fault: Fault,
    field: usize,
    wrapper: Wrapper,
    name: &str,
    path: &str,
) -> Text {
    let mut t = Text::new();
    // The profile (and the element the struct maps) as the messages name it.
    let mut at = Text::new();
    at.push("`");
    at.push(map.profile);
    at.push("`");
    if !map.root_path.is_empty() {
        at.push(" (in `");
        at.push(map.root_path);
        at.push("`)");
    }
    let at = at.as_str();
    match fault {
        Fault::None => {}
        Fault::Unknown => t.push_all(&[at, " has no element `", path, "` (field `", name, "`)"]),
        Fault::Fixed => t.push_all(&[
            "`",
            path,
            "` of ",
            at,
            " has a value the profile fixes: no field can set it (field `",
            name,
            "`)",
        ]),
        Fault::Removed => t.push_all(&[
            "`",
            path,
            "` is not allowed by ",
            at,
            " (max 0): no field can fill it (field `",
            name,
            "`)",
        ]),
        Fault::ThroughRepeating => {
            let repeating = schema.elements[map.fields[field] as usize].anchor;
            t.push_all(&[
                "`", path, "` goes through `", relative(schema, map, repeating), "` of ", at,
                ", which repeats: map `",
                relative(schema, map, repeating),
                "` with a field of its own, a `Vec` of a struct deriving Profiled with `element = \"",
                schema.elements[repeating as usize].path,
                "\"` (field `", name, "`)",
            ]);
        }
        Fault::OptionOnRequired => t.push_all(&[
            "`",
            path,
            "` is required by ",
            at,
            ": `",
            name,
            "` cannot be an `Option`",
        ]),
        Fault::VecOnSingle => t.push_all(&[
            "`",
            path,
            "` of ",
            at,
            " holds one value: `",
            name,
            "` cannot be a `",
            if matches!(wrapper, Wrapper::NonEmpty) {
                "NonEmpty"
            } else {
                "Vec"
            },
            "`",
        ]),
        Fault::VecOnRequired => t.push_all(&[
            "`",
            path,
            "` of ",
            at,
            " requires at least one value: `",
            name,
            "` cannot be a `Vec`, which may be empty (use `NonEmpty`)",
        ]),
        Fault::OneOnRepeating => t.push_all(&[
            "`",
            path,
            "` of ",
            at,
            " repeats: make `",
            name,
            "` a `Vec`",
        ]),
    }
    t
}

/// The message for required element `at` that no field of the struct `map` describes
/// fills: the profile, the element and its cardinality, and the attribute to add.
const fn missing_message(schema: &Schema, map: &Mapping<'_>, at: u16) -> Text {
    let fact = &schema.elements[at as usize];
    let mut t = Text::new();
    t.push_all(&[schema.name, " requires `", fact.path, "` ("]);
    t.push_u32(fact.min);
    t.push("..");
    if fact.max == u32::MAX {
        t.push("*");
    } else {
        t.push_u32(fact.max);
    }
    t.push(")");
    if map.root == NONE {
        t.push_all(&[": add `#[fhir(path = \"", fact.path, "\")]` to a field"]);
    } else {
        let root = &schema.elements[map.root as usize];
        t.push(if root.max > 1 { " in each `" } else { " in `" });
        t.push_all(&[
            root.path,
            "`: add `#[fhir(path = \"",
            relative(schema, map, at),
            "\")]` to a field of the struct mapped to `",
            root.path,
            "`",
        ]);
    }
    t
}

/// The path of element `at` relative to the struct `map` describes.
const fn relative(schema: &Schema, map: &Mapping<'_>, at: u16) -> &'static str {
    let path = schema.elements[at as usize].path;
    if map.root == NONE {
        return path;
    }
    let skip = map.root_path.len() + 1;
    match path.split_at_checked(skip) {
        Some((_, rest)) => rest,
        None => path,
    }
}

/// A message built while compiling (a const fn cannot allocate): text in a fixed buffer,
/// cut at the last whole character if it runs over.
struct Text {
    bytes: [u8; 1024],
    len: usize,
}

impl Text {
    const fn new() -> Text {
        Text {
            bytes: [0; 1024],
            len: 0,
        }
    }

    const fn push(&mut self, text: &str) {
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() && self.len < self.bytes.len() {
            self.bytes[self.len] = b[i];
            self.len += 1;
            i += 1;
        }
    }

    const fn push_all(&mut self, texts: &[&str]) {
        let mut i = 0;
        while i < texts.len() {
            self.push(texts[i]);
            i += 1;
        }
    }

    const fn push_u32(&mut self, n: u32) {
        let mut digits = [0u8; 10];
        let (mut n, mut i) = (n, digits.len());
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let (_, digits) = digits.split_at(i);
        if let Ok(text) = core::str::from_utf8(digits) {
            self.push(text);
        }
    }

    const fn as_str(&self) -> &str {
        let (head, _) = self.bytes.split_at(self.len);
        match core::str::from_utf8(head) {
            Ok(text) => text,
            Err(e) => match core::str::from_utf8(head.split_at(e.valid_up_to()).0) {
                Ok(text) => text,
                Err(_) => "",
            },
        }
    }
}

/// The index of the element at `path` (with key `key`) that a struct maps
/// (`#[careconnect(element = ...)]`); `message` if the profile has none.
pub const fn root(schema: &Schema, key: u64, path: &str, message: &str) -> u16 {
    let at = find(schema, key, path);
    if at == NONE {
        panic!("{}", message);
    }
    at
}

/// The index of the element at `path` (with key `key`, `careconnect_expand::element_key`
/// of the path, which the derive computes), or [`NONE`]: a probe of the schema's table,
/// few steps (the const evaluator takes thousands of instructions for each; so too no
/// generic const fns, whose every step it would instantiate). The derive calls it once
/// per field; [`check_field`] and [`check_required`] take the results. The key decides; the path's length guards against a path of another length
/// whose key happens to be an element's (a path of the same length would have the same
/// chance as two random 64-bit numbers agreeing, and the conversion's typed walk along
/// the path's names would still have to hold).
pub const fn find(schema: &Schema, key: u64, path: &str) -> u16 {
    let index = schema.index;
    if index.is_empty() {
        return NONE;
    }
    let mask = index.len() - 1;
    let mut slot = key as usize & mask;
    loop {
        let (k, at) = index[slot];
        if at == NONE {
            return NONE;
        }
        if k == key {
            return if schema.elements[at as usize].path.len() == path.len() {
                at
            } else {
                NONE
            };
        }
        slot = (slot + 1) & mask;
    }
}

/// The first and one past the last index of the elements a struct rooted at `root` (an
/// element's index, [`NONE`] for the whole profile) may map.
const fn range(schema: &Schema, root: u16) -> (usize, usize) {
    if root == NONE {
        (0, schema.elements.len())
    } else {
        (
            root as usize + 1,
            schema.elements[root as usize].end as usize,
        )
    }
}

/// The runtime's check that field `field` of a user struct maps an element that exists
/// and that its container fits, evaluated in a `const` the derive emits with the field's
/// span, which panics with the derive's message for the [`Fault`]. `root` is the element
/// the struct maps ([`NONE`]: the whole profile), `fields` the [`find`] elements of
/// all its fields, `wrapper` how the field holds its value.
///
/// An `Option` (or a `Vec`, which may be empty) may fill a required element where the
/// element stands in an optional one that no other field maps into: the optional element
/// is there when the field has a value (`extension:ethnicCategory.value`).
pub const fn check_field(
    schema: &Schema,
    root: u16,
    fields: &[u16],
    field: usize,
    wrapper: Wrapper,
) -> Fault {
    let at = fields[field];
    let (first, end) = range(schema, root);
    if at == NONE || (at as usize) < first || at as usize >= end {
        return Fault::Unknown;
    }
    let fact = &schema.elements[at as usize];
    match fact.kind {
        FactKind::Fixed => return Fault::Fixed,
        FactKind::Removed => return Fault::Removed,
        FactKind::Field | FactKind::Choice => {}
    }
    // Tree order puts an element inside `root` after it.
    if fact.anchor != NONE && (root == NONE || fact.anchor > root) {
        return Fault::ThroughRepeating;
    }
    let may_be_absent = fact.min == 0 || optional_alone(schema, root, fields, at);
    match wrapper {
        Wrapper::Option if !may_be_absent => Fault::OptionOnRequired,
        Wrapper::Vec | Wrapper::NonEmpty if fact.max <= 1 => Fault::VecOnSingle,
        Wrapper::Vec if !may_be_absent => Fault::VecOnRequired,
        Wrapper::One if fact.max > 1 => Fault::OneOnRepeating,
        _ => Fault::None,
    }
}

/// What [`check_field`] found wrong with a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    /// The profile has no element at the path.
    Unknown,
    /// The profile fixes the element's value.
    Fixed,
    /// The profile removes the element (max 0).
    Removed,
    /// The path goes through a repeating element.
    ThroughRepeating,
    /// An `Option` field on a required element.
    OptionOnRequired,
    /// A `Vec` or `NonEmpty` field on a single element.
    VecOnSingle,
    /// A `Vec` field (which may be empty) on a required element.
    VecOnRequired,
    /// A single value on a repeating element.
    OneOnRepeating,
}

/// Whether the nearest ancestor of element `at` (below `root`) that is not required holds
/// no other field's element: then it is absent when the field has no value.
const fn optional_alone(schema: &Schema, root: u16, fields: &[u16], at: u16) -> bool {
    let mut up = schema.elements[at as usize].parent;
    while up != root && up != NONE {
        let ancestor = &schema.elements[up as usize];
        if ancestor.min == 0 {
            return count_inside(fields, up as usize, ancestor.end as usize) == 1;
        }
        up = ancestor.parent;
    }
    false
}

/// How many of `fields` map an element in `first..end`.
const fn count_inside(fields: &[u16], first: usize, end: usize) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < fields.len() {
        let at = fields[i] as usize;
        if fields[i] != NONE && at >= first && at < end {
            n += 1;
        }
        i += 1;
    }
    n
}

/// Checks that every required element whose parent is there is filled: by a field
/// (`fields` are the [`find`] elements of the struct's fields, `sorted` the same in
/// ascending order), by a field inside it, or by the profile (fixed). `root` is [`NONE`]
/// for a struct that maps the whole profile, the element's index for one that maps a
/// backbone or repeating element.
///
/// Gives the index of the first required element left unfilled ([`NONE`] if none): the
/// derive's compile error names it.
///
/// One walk over the elements below `root` in tree order that visits only what is there:
/// from an optional element no field maps into it goes on to its next required sibling
/// (or the sibling holding the next field); it skips what a field fills whole and the
/// items of repeating elements (the business of the struct that maps them). The sorted
/// fields are passed by a cursor along the way.
pub const fn check_required(schema: &Schema, root: u16, fields: &[u16], sorted: &[u16]) -> u16 {
    let elements = schema.elements;
    let mut next = 0;
    let (mut i, end) = range(schema, root);
    while i < end {
        let fact = &elements[i];
        while next < sorted.len() && (sorted[next] as usize) < i {
            next += 1;
        }
        // The next field's element at or after this one (`NONE`, past every element, if
        // none).
        let field = if next < sorted.len() {
            sorted[next] as usize
        } else {
            NONE as usize
        };
        let inside = field < fact.end as usize;
        if fact.min == 0 && !inside {
            i = if field < fact.next as usize {
                sibling_holding(elements, field, fact.parent)
            } else {
                fact.next as usize
            };
            continue;
        }
        // A field holds the whole element (by its name, or a choice by a typed name),
        // and with it what is inside.
        let whole = field == i
            || (matches!(fact.kind, FactKind::Choice) && typed_filled(schema, fields, i));
        if !inside
            && !whole
            && matches!(fact.kind, FactKind::Field | FactKind::Choice)
            // A required element with a required child is filled with the child: the
            // message names the child, which says what to write.
            && !has_required_child(schema, i)
        {
            return i as u16;
        }
        // Into the element, unless a field or the profile (a fixed value) gives it whole
        // or it repeats.
        let settable = matches!(fact.kind, FactKind::Field | FactKind::Choice);
        i = if settable && !whole && fact.max <= 1 {
            i + 1
        } else {
            fact.end as usize
        };
    }
    NONE
}

/// The element with parent `parent` that element `at` is (or is inside).
const fn sibling_holding(elements: &[Fact], at: usize, parent: u16) -> usize {
    let mut at = at;
    while elements[at].parent != parent {
        at = elements[at].parent as usize;
    }
    at
}

/// Sorts `fields` in ascending order ([`NONE`], a path the profile lacks, last): what
/// [`check_required`] walks along.
pub const fn sort(fields: &mut [u16]) {
    let mut i = 1;
    while i < fields.len() {
        let mut j = i;
        while j > 0 && fields[j - 1] > fields[j] {
            let t = fields[j];
            fields[j] = fields[j - 1];
            fields[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
}

/// Whether a field fills choice element `choice` by a typed name (`value` by
/// `valueQuantity`).
const fn typed_filled(schema: &Schema, fields: &[u16], choice: usize) -> bool {
    let mut i = 0;
    while i < fields.len() {
        if fields[i] != NONE && schema.elements[fields[i] as usize].choice as usize == choice {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether a settable element directly inside element `at` is required.
const fn has_required_child(schema: &Schema, at: usize) -> bool {
    // The first child, then from sibling to required sibling.
    let mut i = at + 1;
    while i < schema.elements[at].end as usize {
        let child = &schema.elements[i];
        if child.min > 0 && matches!(child.kind, FactKind::Field | FactKind::Choice) {
            return true;
        }
        i = child.next as usize;
    }
    false
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
    pub fn note(&mut self, path: &str) {
        self.violations.push(Violation {
            path: path.to_string(),
            kind: ViolationKind::Missing,
        });
    }

    /// Whether nothing was noted.
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    /// Every note, as a conformance error of `profile` (a field had no value to take).
    pub fn into_error(self, profile: &'static str) -> Conformance {
        Conformance {
            profile,
            violations: self.violations,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 64-bit FNV-1a, as `careconnect_expand::element_key` (which this crate does not
    /// depend on).
    const fn key(path: &str) -> u64 {
        let bytes = path.as_bytes();
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut i = 0;
        while i < bytes.len() {
            hash ^= bytes[i] as u64;
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            i += 1;
        }
        hash
    }

    const N: u16 = NONE;

    /// `[parent, end, next, anchor]` written out by hand.
    const ELEMENTS: &[Fact] = &[
        Fact::field("name:official", 1, 1, [N, 3, 14, N]),
        Fact::field("name:official.family", 1, 1, [0, 2, 3, N]),
        Fact::field("name:official.given", 0, u32::MAX, [0, 3, 3, N]),
        Fact::field("identifier:nhs", 0, 1, [N, 7, 14, N]),
        Fact::fixed("identifier:nhs.system", 1, 1, [3, 5, 5, N]),
        Fact::field("identifier:nhs.value", 1, 1, [3, 6, 7, N]),
        Fact::field("identifier:nhs.period", 0, 1, [3, 7, 7, N]),
        Fact::field("contact", 0, u32::MAX, [N, 9, 14, N]),
        Fact::field("contact.name", 1, 1, [7, 9, 9, 7]),
        Fact::removed("animal", [N, 10, 14, N]),
        Fact::field("extension:x", 0, 1, [N, 14, 14, N]),
        Fact::choice("extension:x.value", 1, 1, [10, 13, 14, N]),
        Fact::field("extension:x.value.id", 0, 1, [11, 13, 13, N]),
        Fact::typed("extension:x.valueString", [10, 14, 14, N], 11),
    ];

    /// The schema of `ELEMENTS`, with its table of keys as the generator lays it out.
    fn schema() -> &'static Schema {
        let len = (ELEMENTS.len() * 2).next_power_of_two();
        let mut index = vec![(0, NONE); len];
        for (i, f) in ELEMENTS.iter().enumerate() {
            let mut slot = key(f.path) as usize & (len - 1);
            while index[slot].1 != NONE {
                slot = (slot + 1) & (len - 1);
            }
            index[slot] = (key(f.path), i as u16);
        }
        Box::leak(Box::new(Schema {
            name: "P-1",
            url: "https://example.org/P-1",
            elements: ELEMENTS,
            index: Vec::leak(index),
        }))
    }

    fn indices(schema: &Schema, paths: &[&str]) -> Vec<u16> {
        paths.iter().map(|p| find(schema, key(p), p)).collect()
    }

    /// What the derive writes for a struct rooted at `root` whose fields map `paths`
    /// (relative to the root).
    fn mapping(root: &'static str, paths: &[&str]) -> Mapping<'static> {
        let schema = schema();
        let root_index = if root.is_empty() {
            NONE
        } else {
            find(schema, key(root), root)
        };
        let abs: Vec<String> = paths
            .iter()
            .map(|p| match root {
                "" => p.to_string(),
                r => format!("{r}.{p}"),
            })
            .collect();
        let fields = indices(schema, &abs.iter().map(String::as_str).collect::<Vec<_>>());
        let mut sorted = fields.clone();
        sorted.sort();
        Mapping {
            profile: "P",
            root_path: root,
            root: root_index,
            fields: Vec::leak(fields),
            sorted: Vec::leak(sorted),
        }
    }

    /// The path of the first required element left unfilled.
    fn required(root: &'static str, paths: &[&str]) -> Result<(), &'static str> {
        let map = mapping(root, paths);
        match check_required(schema(), map.root, map.fields, map.sorted) {
            NONE => Ok(()),
            at => Err(ELEMENTS[at as usize].path),
        }
    }

    #[test]
    fn paths_are_found_by_key_and_text() {
        let schema = schema();
        for (i, f) in ELEMENTS.iter().enumerate() {
            assert_eq!(find(schema, key(f.path), f.path), i as u16);
        }
        assert_eq!(find(schema, key("name"), "name"), NONE);
        // A key of the schema with a path of another length is not that element.
        assert_eq!(find(schema, key("contact"), "contacts"), NONE);
        let mut fields = [
            find(schema, 1, "x"),
            find(schema, key("contact.name"), "contact.name"),
        ];
        assert_eq!(fields, [NONE, 8]);
        sort(&mut fields);
        assert_eq!(fields, [8, NONE]);
    }

    #[test]
    fn required_elements_are_needed_where_their_parent_is_there() {
        assert_eq!(required("", &["name:official.family"]), Ok(()));
        assert_eq!(required("", &[]), Err("name:official.family"));
        assert_eq!(
            required("", &["name:official.given"]),
            Err("name:official.family")
        );
        // Mapping into the optional NHS number makes its required value needed; its
        // fixed system is the profile's. A field mapping the whole identifier fills what
        // is inside.
        assert_eq!(
            required("", &["name:official.family", "identifier:nhs.period"]),
            Err("identifier:nhs.value")
        );
        assert_eq!(
            required("", &["name:official.family", "identifier:nhs"]),
            Ok(())
        );
        assert_eq!(
            required("", &["name:official.family", "identifier:nhs.value"]),
            Ok(())
        );
        // A struct for `contact` items needs their name.
        assert_eq!(required("contact", &[]), Err("contact.name"));
        assert_eq!(required("contact", &["name"]), Ok(()));
        // The profile's root does not reach into repeating `contact`.
        assert_eq!(required("", &["name:official.family", "contact"]), Ok(()));
        // A required choice is filled by a typed name, or by going into it.
        assert_eq!(
            required("", &["name:official.family", "extension:x.valueString"]),
            Ok(())
        );
        assert_eq!(
            required("", &["name:official.family", "extension:x.value.id"]),
            Ok(())
        );
        assert_eq!(required("extension:x", &[]), Err("extension:x.value"));
    }

    fn field(paths: &[&str], field: usize, wrapper: Wrapper) -> Fault {
        let map = mapping("", paths);
        check_field(schema(), NONE, map.fields, field, wrapper)
    }

    #[test]
    fn each_field_is_checked_against_its_element() {
        assert_eq!(field(&["nope"], 0, Wrapper::One), Fault::Unknown);
        assert_eq!(
            field(&["identifier:nhs.system"], 0, Wrapper::One),
            Fault::Fixed
        );
        assert_eq!(field(&["animal"], 0, Wrapper::One), Fault::Removed);
        assert_eq!(
            field(&["contact.name"], 0, Wrapper::One),
            Fault::ThroughRepeating
        );
        assert_eq!(
            field(&["name:official.family"], 0, Wrapper::Option),
            Fault::OptionOnRequired
        );
        assert_eq!(
            field(&["name:official.family"], 0, Wrapper::Vec),
            Fault::VecOnSingle
        );
        assert_eq!(
            field(&["name:official.given"], 0, Wrapper::One),
            Fault::OneOnRepeating
        );
        assert_eq!(
            field(&["name:official.given"], 0, Wrapper::Vec),
            Fault::None
        );
        // Alone in optional `identifier:nhs`, its required value may be absent (and the
        // identifier with it); with another field in the identifier, it may not.
        assert_eq!(
            field(&["identifier:nhs.value"], 0, Wrapper::Option),
            Fault::None
        );
        assert_eq!(
            field(
                &["identifier:nhs.value", "identifier:nhs.period"],
                0,
                Wrapper::Option
            ),
            Fault::OptionOnRequired
        );
        assert_eq!(
            field(&["extension:x.valueString"], 0, Wrapper::Option),
            Fault::None
        );
    }

    #[test]
    fn messages_name_the_profile_the_path_and_the_fix() {
        let map = mapping("", &["name:official.given", "contact.name"]);
        let message = |fault, field, wrapper, name, path| {
            fault_message(schema(), &map, fault, field, wrapper, name, path)
                .as_str()
                .to_string()
        };
        assert_eq!(
            message(
                Fault::OneOnRepeating,
                0,
                Wrapper::One,
                "given",
                "name:official.given"
            ),
            "`name:official.given` of `P` repeats: make `given` a `Vec`"
        );
        assert_eq!(
            message(
                Fault::ThroughRepeating,
                1,
                Wrapper::One,
                "contact_name",
                "contact.name"
            ),
            "`contact.name` goes through `contact` of `P`, which repeats: map `contact` with a field of its own, a `Vec` of a struct deriving Profiled with `element = \"contact\"` (field `contact_name`)"
        );
        assert_eq!(
            missing_message(schema(), &map, 1).as_str(),
            "P-1 requires `name:official.family` (1..1): add `#[fhir(path = \"name:official.family\")]` to a field"
        );
        let contact = mapping("contact", &[]);
        assert_eq!(
            missing_message(schema(), &contact, 8).as_str(),
            "P-1 requires `contact.name` (1..1) in each `contact`: add `#[fhir(path = \"name\")]` to a field of the struct mapped to `contact`"
        );
        // Numbers of several digits, and text past the buffer cut at a character.
        let mut t = Text::new();
        t.push_u32(4_294_967_295);
        t.push_u32(0);
        assert_eq!(t.as_str(), "42949672950");
        let mut t = Text::new();
        t.push(&"a".repeat(1023));
        t.push("é");
        assert_eq!(t.as_str().len(), 1023);
    }
}
