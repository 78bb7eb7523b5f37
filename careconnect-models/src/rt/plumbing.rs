//! What the generated profile conversions call: the [`Checker`] that collects
//! violations with their FHIR paths, the conversion helpers for single, optional and
//! repeating elements, slicing (split and merge in read order), fixed values and bound
//! codes. Public because the generated code of other crates calls it too; not an API to
//! program against (hidden from the docs, it changes with the generator).
//!
//! The helpers are small and generic over the item types and take function pointers for
//! the per-item conversion, so each is compiled once per item type rather than once per
//! field.

use std::marker::PhantomData;

use crate::rt::Primitive;
use crate::rt::profile::{
    BoundCoding, BoundConcept, Conformance, Fixed, FoundCoding, Ref, RefTargets, Violation,
    ViolationKind, reference_type,
};
use crate::rt::value::CodeValue;
use crate::stu3;

pub use crate::rt::value::{FromText, PrimitiveText, Slot, ValueText};

/// Collects violations while a base value is converted into a profile type. Generated
/// code keeps the current FHIR path in it with [`Checker::enter`] / [`Checker::leave`].
#[derive(Debug)]
pub struct Checker {
    /// The current FHIR path, written out (`Patient.identifier[0]`).
    path: String,
    /// Where each step entered after the root begins in `path`, so that leaving one is a
    /// truncation: stepping in and out costs no allocation once the buffer has grown.
    steps: Vec<usize>,
    violations: Vec<Violation>,
}

/// Appends `n` in decimal (without the formatting machinery: paths are entered for every
/// item of every list a conversion walks).
fn push_decimal(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

impl Checker {
    pub fn new(root: &str) -> Checker {
        // Room for the paths of most elements, so that stepping in and out allocates once.
        let mut path = String::with_capacity(root.len() + 64);
        path.push_str(root);
        Checker {
            path,
            steps: Vec::with_capacity(8),
            violations: Vec::new(),
        }
    }

    /// Steps into element `name` (or a slice name like `identifier:nhsNumber`).
    pub fn enter(&mut self, name: &str) {
        self.steps.push(self.path.len());
        self.path.push('.');
        self.path.push_str(name);
    }

    /// Steps into item `index` of the current repeating element.
    pub fn enter_index(&mut self, index: usize) {
        self.steps.push(self.path.len());
        self.path.push('[');
        push_decimal(&mut self.path, index);
        self.path.push(']');
    }

    pub fn leave(&mut self) {
        if let Some(at) = self.steps.pop() {
            self.path.truncate(at);
        }
    }

    /// The current path.
    pub fn path(&self) -> String {
        self.path.clone()
    }

    /// Records a violation at the current path (plus `name`, if not empty).
    pub fn report(&mut self, name: &str, kind: ViolationKind) {
        let mut path = self.path();
        if !name.is_empty() {
            path.push('.');
            path.push_str(name);
        }
        self.violations.push(Violation { path, kind });
    }

    /// Number of violations so far (to tell whether a nested conversion added any).
    pub fn count(&self) -> usize {
        self.violations.len()
    }

    /// The result of a whole conversion: the value if nothing was violated.
    pub fn finish<T>(self, profile: &'static str, value: Option<T>) -> Result<T, Conformance> {
        match value {
            Some(v) if self.violations.is_empty() => Ok(v),
            _ => Err(self.into_conformance(profile)),
        }
    }

    /// The violations found, for [`Checker::finish`] (not generic, so compiled once).
    fn into_conformance(self, profile: &'static str) -> Conformance {
        Conformance {
            profile,
            violations: self.violations,
        }
    }

    /// A 1..1 element that the base holds as `Option`.
    pub fn required<T>(&mut self, v: Option<T>, name: &str) -> Option<T> {
        if v.is_none() {
            self.report(name, ViolationKind::Missing);
        }
        v
    }

    /// Checks `min..=max` repetitions (for bounds other than 0, 1 and `*`).
    pub fn count_between(&mut self, found: usize, min: u32, max: Option<u32>, name: &str) {
        if found < min as usize {
            self.report(name, ViolationKind::TooFew { min, found });
        }
        if let Some(max) = max
            && found > max as usize
        {
            self.report(name, ViolationKind::TooMany { max, found });
        }
    }

    /// Checks the number of items of a repeating element against `min..=max`: none where
    /// one is required is `Missing`, otherwise `TooFew` / `TooMany`.
    pub fn check_count(&mut self, found: usize, min: u32, max: Option<u32>, name: &str) {
        if found == 0 && min > 0 {
            self.report(name, ViolationKind::Missing);
        } else {
            self.count_between(found, min, max, name);
        }
    }

    /// An element the profile removes: records a violation if `present`.
    pub fn absent(&mut self, present: bool, name: &str) {
        if present {
            self.report(name, ViolationKind::NotAllowed);
        }
    }

    /// Re-types a code into a profile's closed enum (`gender` bound to a Care Connect
    /// value set).
    pub fn recode<A: PrimitiveText, B: CodeValue>(
        &mut self,
        p: Primitive<A>,
        name: &str,
    ) -> Primitive<B> {
        let value = p.value.and_then(|a| match B::from_code(a.text()) {
            Some(b) => Some(b),
            None => {
                self.report(
                    name,
                    ViolationKind::CodeNotInValueSet {
                        found: FoundCoding::code(a.text()),
                        value_set: B::VALUE_SET,
                    },
                );
                None
            }
        });
        Primitive {
            value,
            extras: p.extras,
        }
    }

    /// Checks a reference's target type against the allowed ones.
    pub fn reference<T: RefTargets>(&mut self, r: stu3::Reference, name: &str) -> Ref<T> {
        if let Some(found) = reference_type(&r)
            && !T::TYPES.contains(&found)
        {
            let reference = r
                .reference
                .as_ref()
                .and_then(|p| p.value.clone())
                .unwrap_or_default();
            self.report(
                name,
                ViolationKind::WrongReferenceTarget {
                    found: found.to_string(),
                    reference,
                    allowed: T::TYPES,
                },
            );
        }
        Ref::from_reference_unchecked(r)
    }

    /// Checks a CodeableConcept against a required value set.
    pub fn concept<C: CodeValue>(
        &mut self,
        c: stu3::CodeableConcept,
        name: &str,
    ) -> BoundConcept<C> {
        if BoundConcept::<C>::find(&c).is_none() {
            self.report(
                name,
                ViolationKind::NoCodingInValueSet {
                    value_set: C::VALUE_SET,
                    found: FoundCoding::all_of::<C>(&c),
                },
            );
        }
        BoundConcept {
            concept: c,
            _code: PhantomData,
        }
    }

    /// Checks a Coding against a required value set.
    pub fn coding<C: CodeValue>(&mut self, c: stu3::Coding, name: &str) -> BoundCoding<C> {
        if BoundCoding::<C>::code_of(&c).is_none() {
            self.report(
                name,
                ViolationKind::CodeNotInValueSet {
                    found: FoundCoding::of::<C>(&c),
                    value_set: C::VALUE_SET,
                },
            );
        }
        BoundCoding {
            coding: c,
            _code: PhantomData,
        }
    }
}

impl Checker {
    /// A required element whose value the profile fixes: present, with that value
    /// (`shown` as FHIR writes it), and without an id or extensions.
    pub fn fixed<T: PartialEq<E> + ValueText, E>(
        &mut self,
        v: Option<&Primitive<T>>,
        expected: E,
        shown: &'static str,
        name: &str,
    ) {
        let Some(p) = v else {
            self.report(name, ViolationKind::Missing);
            return;
        };
        if p.extras.is_some() {
            self.report(name, ViolationKind::ExtrasOnFixedValue);
        }
        match &p.value {
            Some(value) if *value == expected => {}
            Some(value) => self.report(
                name,
                ViolationKind::FixedValue {
                    expected: shown,
                    found: value.value_text(),
                },
            ),
            None => self.report(name, ViolationKind::Missing),
        }
    }

    /// A required plain string (an XML attribute: `Extension.url`) with a fixed value.
    pub fn fixed_attribute(&mut self, v: Option<&str>, expected: &'static str, name: &str) {
        match v {
            None => self.report(name, ViolationKind::Missing),
            Some(found) if found == expected => {}
            Some(found) => self.report(
                name,
                ViolationKind::FixedValue {
                    expected,
                    found: found.to_string(),
                },
            ),
        }
    }

    /// An optional fixed-value primitive that is present: checks its value.
    pub fn fixed_item<T: PartialEq<E> + ValueText, E>(
        &mut self,
        p: Primitive<T>,
        expected: E,
        shown: &'static str,
        name: &str,
    ) -> Option<Fixed> {
        let before = self.count();
        self.fixed(Some(&p), expected, shown, name);
        (self.count() == before).then_some(Fixed)
    }

    /// An optional fixed-value attribute that is present: checks its value.
    pub fn fixed_attribute_item(
        &mut self,
        s: String,
        expected: &'static str,
        name: &str,
    ) -> Option<Fixed> {
        let before = self.count();
        self.fixed_attribute(Some(&s), expected, name);
        (self.count() == before).then_some(Fixed)
    }
}

/// The order in which the items of each sliced element were read, so that writing a
/// profile value back puts slices and remainder where they were. One list per sliced
/// element of a struct; each entry is the bucket (slice index, or the number of slices for
/// the remainder) of the next item.
///
/// The order is how a value is written, not part of what it is: two values that differ
/// only in it are equal.
#[derive(Clone, Default, Debug)]
pub struct SliceOrder(Vec<Box<[u8]>>);

impl PartialEq for SliceOrder {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for SliceOrder {}

impl SliceOrder {
    #[doc(hidden)]
    pub const EMPTY: SliceOrder = SliceOrder(Vec::new());

    /// The order of every sliced element kept (none when built by hand).
    pub fn orders(&self) -> &[Box<[u8]>] {
        &self.0
    }

    /// The order of sliced element `i` (empty when built by hand: canonical order).
    pub fn get(&self, i: usize) -> &[u8] {
        self.0.get(i).map_or(&[], |b| b)
    }

    pub fn set(&mut self, i: usize, order: Box<[u8]>) {
        if self.0.len() <= i {
            self.0.resize(i + 1, Box::default());
        }
        self.0[i] = order;
    }
}

/// Splits the items of a sliced element into buckets: one per slice (first matching
/// slice wins), then the remainder. Returns the buckets (items with their original
/// index) and the order to merge them back in.
#[allow(clippy::type_complexity)]
// A counter, not `enumerate()`: the adapter would be instantiated per item type.
#[allow(clippy::explicit_counter_loop)]
pub fn split<T>(
    items: Vec<T>,
    slices: &[&dyn Fn(&T) -> bool],
) -> (Vec<Vec<(usize, T)>>, Box<[u8]>) {
    let mut buckets: Vec<Vec<(usize, T)>> = Vec::with_capacity(slices.len() + 1);
    for _ in 0..=slices.len() {
        buckets.push(Vec::new());
    }
    let mut order = Vec::with_capacity(items.len());
    let mut i = 0;
    for item in items {
        let mut b = 0;
        while b < slices.len() && !slices[b](&item) {
            b += 1;
        }
        // At most 255 slices per element (checked by the generator).
        order.push(b as u8);
        buckets[b].push((i, item));
        i += 1;
    }
    (buckets, order.into_boxed_slice())
}

/// Merges converted buckets back into one list in the recorded `order`; items the order
/// does not account for (added after reading, or all of them for a value built by hand)
/// follow in bucket order.
pub fn merge<T>(buckets: Vec<Vec<T>>, order: &[u8]) -> Vec<T> {
    let mut iters: Vec<std::vec::IntoIter<T>> = Vec::with_capacity(buckets.len());
    let mut total = 0;
    for b in buckets {
        total += b.len();
        iters.push(b.into_iter());
    }
    let mut out = Vec::with_capacity(total);
    for &b in order {
        if let Some(it) = iters.get_mut(usize::from(b))
            && let Some(item) = it.next()
        {
            out.push(item);
        }
    }
    for it in iters {
        for item in it {
            out.push(item);
        }
    }
    out
}

/// Whether a primitive holds exactly `value` (slice discriminators).
pub fn has_value<T: PrimitiveText>(p: Option<&Primitive<T>>, value: &str) -> bool {
    p.and_then(|p| p.value.as_ref())
        .is_some_and(|v| v.text() == value)
}

/// A type that narrows a base type: profile structs, extension types, narrowed choices.
/// Implemented by generated code.
pub trait Narrow: Sized {
    /// The base layer's type (a bound here, not on `Profile`, so that generic code over
    /// profile types does not have to repeat it).
    type Base: crate::rt::value::FhirValue;
    /// Converts, reporting every violation into `cx`; `None` if there was any.
    fn from_base(cx: &mut Checker, base: Self::Base) -> Option<Self>;
    /// [`Narrow::from_base`] into a box. The generator fills a resource profile's main
    /// struct (kilobytes, every extension slice inline) in place in its box, rather than
    /// moving it out of the stack at every return.
    fn from_base_boxed(cx: &mut Checker, base: Self::Base) -> Option<Box<Self>> {
        Self::from_base(cx, base).map(Box::new)
    }
    /// Base field `i` (in the order of the base struct's [`FhirStruct`] view), when the
    /// type keeps it as the base has it: a reader fills it straight from the wire (see
    /// [`crate::rt::direct`]). `None` for a field the type converts.
    ///
    /// [`FhirStruct`]: crate::rt::value::FhirStruct
    fn direct(&self, i: usize) -> Option<&dyn Slot> {
        let _ = i;
        None
    }
    /// [`Narrow::direct`], to fill.
    fn direct_mut(&mut self, i: usize) -> Option<&mut dyn Slot> {
        let _ = i;
        None
    }
    /// The part of [`Narrow::from_base`] that converts: checks the fields of `rest` that
    /// [`Narrow::direct`] does not hand out and puts them into `out`, whose direct fields
    /// are already in place. `false` if there was a violation. The default suits a type
    /// without direct fields: all of `rest` goes through `from_base`.
    fn narrow_rest(cx: &mut Checker, out: &mut Self, rest: Self::Base) -> bool {
        match Self::from_base(cx, rest) {
            Some(v) => {
                *out = v;
                true
            }
            None => false,
        }
    }
    /// Converts back; cannot fail and loses nothing.
    fn into_base(self) -> Self::Base;
    /// Writes the value as FHIR JSON by reference: the bytes [`Narrow::into_base`] and the
    /// base writer give, without building the base value.
    fn write_base_json(&self, w: &mut crate::rt::JsonWriter);
    /// Writes `"name": value`; a narrowed choice puts its type in the key (`valueQuantity`).
    fn write_base_field(&self, name: &str, w: &mut crate::rt::JsonWriter) {
        w.key(false, name, "");
        self.write_base_json(w);
    }
}

/// The logical id of a resource profile value (for typed references).
pub trait ResourceId {
    fn resource_id(&self) -> Option<&str>;
}

/// Converts the items of a repeating element, with `[i]` in the path.
///
/// `f` is a function pointer (the generated closures capture nothing), so this is
/// instantiated once per item type pair rather than once per field.
// A counter, not `enumerate()`: the adapter would be instantiated per item type.
#[allow(clippy::explicit_counter_loop)]
pub fn each<T, U>(
    cx: &mut Checker,
    items: Vec<T>,
    name: &str,
    f: fn(&mut Checker, T) -> Option<U>,
) -> Vec<U> {
    let mut out = Vec::with_capacity(items.len());
    cx.enter(name);
    let mut i = 0;
    for item in items {
        cx.enter_index(i);
        if let Some(v) = f(cx, item) {
            out.push(v);
        }
        cx.leave();
        i += 1;
    }
    cx.leave();
    out
}

/// Like [`each`] for the items of one slice, which keep their index in the whole element.
pub fn each_indexed<T, U>(
    cx: &mut Checker,
    items: Vec<(usize, T)>,
    name: &str,
    f: fn(&mut Checker, T) -> Option<U>,
) -> Vec<U> {
    let mut out = Vec::with_capacity(items.len());
    cx.enter(name);
    for (i, item) in items {
        cx.enter_index(i);
        if let Some(v) = f(cx, item) {
            out.push(v);
        }
        cx.leave();
    }
    cx.leave();
    out
}

/// Moves a field out of a value, leaving its placeholder (a base value's field a profile
/// value keeps as it is, taken before the rest is converted).
#[inline]
pub fn take<T: Placeholder>(field: &mut T) -> T {
    std::mem::replace(field, T::PLACEHOLDER)
}

/// [`Narrow::from_base`] of a generated struct without direct fields: its
/// [`Narrow::narrow_rest`] converts everything into a placeholder.
pub fn narrow_new<N: Narrow + Placeholder>(cx: &mut Checker, base: N::Base) -> Option<N> {
    let mut out = N::PLACEHOLDER;
    N::narrow_rest(cx, &mut out, base).then_some(out)
}

/// Converts a required element narrowed to struct `N` in place (`out` is a placeholder),
/// at `name` in the path. What it leaves on a violation does not matter: the conversion
/// as a whole fails.
pub fn narrow_one<N: Narrow>(cx: &mut Checker, out: &mut N, base: N::Base, name: &str) {
    cx.enter(name);
    N::narrow_rest(cx, out, base);
    cx.leave();
}

/// [`narrow_one`] for an optional element.
pub fn narrow_opt<N: Narrow + Placeholder>(
    cx: &mut Checker,
    out: &mut Option<N>,
    base: Option<N::Base>,
    name: &str,
) {
    if let Some(base) = base {
        narrow_one(cx, out.insert(N::PLACEHOLDER), base, name);
    }
}

/// [`narrow_opt`] for a base element held in a box.
pub fn narrow_opt_boxed<N: Narrow + Placeholder>(
    cx: &mut Checker,
    out: &mut Option<N>,
    base: Option<Box<N::Base>>,
    name: &str,
) {
    if let Some(base) = base {
        narrow_one(cx, out.insert(N::PLACEHOLDER), *base, name);
    }
}

/// [`narrow_one`] for each item of a repeating element, with `[i]` in the path.
// A counter, not `enumerate()`: the adapter would be instantiated per item type.
#[allow(clippy::explicit_counter_loop)]
pub fn narrow_each<N: Narrow + Placeholder>(
    cx: &mut Checker,
    out: &mut Vec<N>,
    base: Vec<N::Base>,
    name: &str,
) {
    out.reserve_exact(base.len());
    cx.enter(name);
    let mut i = 0;
    for item in base {
        cx.enter_index(i);
        let at = out.len();
        out.push(N::PLACEHOLDER);
        N::narrow_rest(cx, &mut out[at], item);
        cx.leave();
        i += 1;
    }
    cx.leave();
}

/// [`each_indexed`] for a slice of at most one item: every item is converted (and its
/// violations reported), the first converted one kept.
pub fn first_indexed<T, U>(
    cx: &mut Checker,
    items: Vec<(usize, T)>,
    name: &str,
    f: fn(&mut Checker, T) -> Option<U>,
) -> Option<U> {
    let mut out = None;
    cx.enter(name);
    for (i, item) in items {
        cx.enter_index(i);
        let v = f(cx, item);
        if out.is_none() {
            out = v;
        }
        cx.leave();
    }
    cx.leave();
    out
}

/// The items no slice matched, kept as they are: only their indexes are dropped.
pub fn rest<T>(items: Vec<(usize, T)>) -> Vec<T> {
    // A plain loop, as in `out_vec`.
    let mut out = Vec::with_capacity(items.len());
    for (_, item) in items {
        out.push(item);
    }
    out
}

/// A profile code back into its base type (`String` or the base enum; the generator checks
/// that every profile code is a base code).
pub fn uncode<A: CodeValue, B: FromText>(p: Primitive<A>) -> Primitive<B> {
    Primitive {
        value: p.value.and_then(|a| B::from_text(a.code())),
        extras: p.extras,
    }
}

/// A string element the profile limits to `max` characters (`maxLength`): a longer value
/// is reported; the value goes on either way (the conversion fails on any report).
pub fn max_length<T: PrimitiveText>(cx: &mut Checker, p: Primitive<T>, max: u32) -> Primitive<T> {
    if let Some(v) = &p.value {
        let found = v.text().chars().count();
        if found > max as usize {
            cx.report("", ViolationKind::TooLong { max, found });
        }
    }
    p
}

/// Reports a choice element whose type the profile does not allow.
pub fn wrong_choice<C: crate::rt::value::ChoiceValue>(
    cx: &mut Checker,
    value: &C,
    allowed: &'static [&'static str],
) {
    cx.report(
        "",
        ViolationKind::WrongChoiceType {
            found: value.type_code(),
            allowed,
        },
    );
}

/// Keeps a base item as it is (the conversion of an unchanged element).
pub fn keep<T>(_: &mut Checker, x: T) -> Option<T> {
    Some(x)
}

/// Converts a required base element (`T`), with its name in the path.
pub fn one<T, U>(
    cx: &mut Checker,
    x: T,
    name: &str,
    f: fn(&mut Checker, T) -> Option<U>,
) -> Option<U> {
    cx.enter(name);
    let r = f(cx, x);
    cx.leave();
    r
}

/// Converts an optional base element that stays optional.
pub fn opt<T, U>(
    cx: &mut Checker,
    x: Option<T>,
    name: &str,
    f: fn(&mut Checker, T) -> Option<U>,
) -> Option<U> {
    match x {
        Some(x) => one(cx, x, name, f),
        None => None,
    }
}

/// Converts an optional base element the profile requires: absent is a violation.
pub fn req<T, U>(
    cx: &mut Checker,
    x: Option<T>,
    name: &str,
    f: fn(&mut Checker, T) -> Option<U>,
) -> Option<U> {
    match x {
        Some(x) => one(cx, x, name, f),
        None => {
            cx.report(name, ViolationKind::Missing);
            None
        }
    }
}

/// Re-types one code (see [`Checker::recode`]).
pub fn recode_item<A: PrimitiveText, B: CodeValue>(
    cx: &mut Checker,
    p: Primitive<A>,
) -> Option<Primitive<B>> {
    Some(cx.recode(p, ""))
}

/// Checks one CodeableConcept against a required value set.
pub fn concept_item<C: CodeValue>(
    cx: &mut Checker,
    c: stu3::CodeableConcept,
) -> Option<BoundConcept<C>> {
    Some(cx.concept(c, ""))
}

/// Checks one Coding against a required value set.
pub fn coding_item<C: CodeValue>(cx: &mut Checker, c: stu3::Coding) -> Option<BoundCoding<C>> {
    Some(cx.coding(c, ""))
}

/// Checks one reference's target.
pub fn ref_item<T: RefTargets>(cx: &mut Checker, r: stu3::Reference) -> Option<Ref<T>> {
    Some(cx.reference(r, ""))
}

/// Checks one boxed reference's target (a base field boxed to break a type cycle).
// The signature a conversion of a boxed base field needs.
#[allow(clippy::boxed_local)]
pub fn ref_item_boxed<T: RefTargets>(cx: &mut Checker, r: Box<stu3::Reference>) -> Option<Ref<T>> {
    Some(cx.reference(*r, ""))
}

/// A typed reference back into a boxed base reference.
pub fn ref_out_boxed<T>(r: Ref<T>) -> Box<stu3::Reference> {
    Box::new(r.into_reference())
}

/// The first item of a slice that allows at most one (the count was checked, and any
/// further item reported, before converting). Not `into_iter().next()`, which brings the
/// whole `vec::IntoIter` into every instantiation.
pub fn first<T>(mut items: Vec<T>) -> Option<T> {
    items.truncate(1);
    items.pop()
}

/// Converts profile items back into base items.
pub fn out_vec<P, T>(items: Vec<P>, f: fn(P) -> T) -> Vec<T> {
    // A plain loop: `into_iter().map(f).collect()` brings in-place collection machinery
    // into every instantiation.
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(f(item));
    }
    out
}

/// An optional profile item back into a repeating base element.
pub fn opt_vec<P, T>(item: Option<P>, f: fn(P) -> T) -> Vec<T> {
    match item {
        Some(p) => vec![f(p)],
        None => Vec::new(),
    }
}

/// A value to start a profile value from while converting from the base: it is filled
/// field by field and only returned if nothing was violated, so its placeholder contents
/// (an empty `NonEmpty`, say) are never seen. Users build profile values through their
/// constructors, which take every required element the profile does not fix entirely and
/// build the others.
pub trait Placeholder {
    const PLACEHOLDER: Self;
}

impl<T: crate::rt::value::ConstDefault> Placeholder for T {
    const PLACEHOLDER: Self = T::DEFAULT;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_steps_in_and_out() {
        let mut cx = Checker::new("Patient");
        cx.enter("identifier");
        cx.enter_index(0);
        assert_eq!(cx.path(), "Patient.identifier[0]");
        cx.leave();
        cx.enter_index(12_345_678_901);
        cx.enter("system");
        assert_eq!(cx.path(), "Patient.identifier[12345678901].system");
        cx.leave();
        cx.leave();
        cx.leave();
        // Leaving the root is a no-op, as before.
        cx.leave();
        assert_eq!(cx.path(), "Patient");
        cx.enter("extension:nhsCommunication");
        cx.enter_index(10);
        cx.report("language", ViolationKind::Missing);
        let violations = cx
            .finish::<()>("https://example.org/P", Some(()))
            .map_err(|c| c.violations);
        assert_eq!(
            violations,
            Err(vec![Violation {
                path: "Patient.extension:nhsCommunication[10].language".into(),
                kind: ViolationKind::Missing,
            }])
        );
    }

    #[test]
    fn max_length_counts_characters_and_reports_longer_values() {
        let mut cx = Checker::new("Observation");
        // Five characters, ten bytes: within a maxLength of 5.
        let ok = max_length(&mut cx, Primitive::from("ééééé".to_string()), 5);
        assert_eq!(ok.value.as_deref(), Some("ééééé"));
        assert_eq!(cx.count(), 0);
        max_length(&mut cx, Primitive::from("abcdef".to_string()), 5);
        let conformance = cx.finish::<()>("https://example.org/P", Some(()));
        assert_eq!(
            conformance.map_err(|c| c.violations),
            Err(vec![Violation {
                path: "Observation".into(),
                kind: ViolationKind::TooLong { max: 5, found: 6 },
            }])
        );
    }

    #[test]
    fn fixed_compares_typed_values_and_shows_the_text() {
        let mut cx = Checker::new("Coding");
        cx.fixed(
            Some(&Primitive::from("http://snomed.info/sct".to_string())),
            "http://snomed.info/sct",
            "http://snomed.info/sct",
            "system",
        );
        assert_eq!(cx.count(), 0);
        cx.fixed(Some(&Primitive::from(false)), true, "true", "flag");
        cx.fixed::<String, &str>(None, "x", "x", "code");
        let violations = cx
            .finish::<()>("https://example.org/P", Some(()))
            .map_err(|c| c.violations);
        assert_eq!(
            violations,
            Err(vec![
                Violation {
                    path: "Coding.flag".into(),
                    kind: ViolationKind::FixedValue {
                        expected: "true",
                        found: "false".into(),
                    },
                },
                Violation {
                    path: "Coding.code".into(),
                    kind: ViolationKind::Missing,
                },
            ])
        );
    }
}
