//! Runtime support for profile types (`careconnect_models::careconnect`): conformance
//! errors with FHIR paths, the checker the generated `TryFrom` impls report into,
//! non-empty vectors, typed references, bound codes, and slicing.
//!
//! A profile type is a base type with the profile's rules made structural. Converting a
//! base value into it (`TryFrom<stu3::X>`) checks every rule and returns *all* violations;
//! converting back (`From<Profile> for stu3::X`) cannot fail and loses nothing: fixed
//! values are written back, slices are merged in the order they were read.

use std::fmt;
use std::marker::PhantomData;

use crate::rt::Primitive;
use crate::rt::value::CodeValue;
use crate::stu3;

/// What a conformance violation is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ViolationKind {
    /// A required element (min ≥ 1) is absent.
    Missing,
    /// More repetitions than the profile allows.
    TooMany { max: u32, found: usize },
    /// Fewer repetitions than the profile requires.
    TooFew { min: u32, found: usize },
    /// An element the profile removes (max 0) is present.
    NotAllowed,
    /// An element with a fixed value has another value.
    FixedValue {
        expected: &'static str,
        found: String,
    },
    /// A fixed-value element carries an id or extensions, which the profile type does
    /// not keep.
    ExtrasOnFixedValue,
    /// A code outside the profile's required value set.
    CodeNotInValueSet {
        code: String,
        value_set: &'static str,
    },
    /// A coded element with no coding from the profile's required value set.
    NoCodingInValueSet { value_set: &'static str },
    /// A reference to a resource type the profile does not allow here.
    WrongReferenceTarget {
        found: String,
        allowed: &'static [&'static str],
    },
    /// A choice element with a type the profile does not allow here.
    WrongChoiceType {
        found: &'static str,
        allowed: &'static [&'static str],
    },
    /// An item of a closed slicing that matches none of its slices.
    UnmatchedSlice,
}

impl fmt::Display for ViolationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ViolationKind::Missing => write!(f, "required by the profile but absent"),
            ViolationKind::TooMany { max, found } => {
                write!(
                    f,
                    "{found} repetitions where the profile allows at most {max}"
                )
            }
            ViolationKind::TooFew { min, found } => {
                write!(
                    f,
                    "{found} repetitions where the profile requires at least {min}"
                )
            }
            ViolationKind::NotAllowed => write!(f, "not allowed by the profile (max 0)"),
            ViolationKind::FixedValue { expected, found } => {
                write!(
                    f,
                    "must be '{expected}' (fixed by the profile), found '{found}'"
                )
            }
            ViolationKind::ExtrasOnFixedValue => {
                write!(
                    f,
                    "a fixed-value element with an id or extensions is not supported"
                )
            }
            ViolationKind::CodeNotInValueSet { code, value_set } => {
                write!(
                    f,
                    "code '{code}' is not in the required value set {value_set}"
                )
            }
            ViolationKind::NoCodingInValueSet { value_set } => {
                write!(f, "no coding from the required value set {value_set}")
            }
            ViolationKind::WrongReferenceTarget { found, allowed } => write!(
                f,
                "reference to a {found}, where the profile allows {}",
                allowed.join(" | ")
            ),
            ViolationKind::WrongChoiceType { found, allowed } => {
                write!(
                    f,
                    "type {found} is not allowed here; allowed: {}",
                    allowed.join(" | ")
                )
            }
            ViolationKind::UnmatchedSlice => {
                write!(f, "matches none of the slices of a closed slicing")
            }
        }
    }
}

/// One conformance violation: the FHIR path of the element and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// `Patient.identifier[0].system`, indexes as in the base value.
    pub path: String,
    pub kind: ViolationKind,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind)
    }
}

/// All the ways a value fails a profile (the error of the generated `TryFrom` impls).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conformance {
    /// The profile's canonical URL.
    pub profile: &'static str,
    pub violations: Vec<Violation>,
}

impl fmt::Display for Conformance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} violation(s) of {}",
            self.violations.len(),
            self.profile
        )?;
        for v in &self.violations {
            write!(f, "\n  {v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Conformance {}

/// Collects violations while a base value is converted into a profile type. Generated
/// code keeps the current FHIR path in it with [`Checker::enter`] / [`Checker::leave`].
#[derive(Debug)]
pub struct Checker {
    path: Vec<String>,
    violations: Vec<Violation>,
}

impl Checker {
    pub fn new(root: &str) -> Checker {
        Checker {
            path: vec![root.to_string()],
            violations: Vec::new(),
        }
    }

    /// Steps into element `name` (or a slice name like `identifier:nhsNumber`).
    pub fn enter(&mut self, name: &str) {
        self.path.push(format!(".{name}"));
    }

    /// Steps into item `index` of the current repeating element.
    pub fn enter_index(&mut self, index: usize) {
        self.path.push(format!("[{index}]"));
    }

    pub fn leave(&mut self) {
        if self.path.len() > 1 {
            self.path.pop();
        }
    }

    /// The current path.
    pub fn path(&self) -> String {
        self.path.concat()
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

    pub fn is_clean(&self) -> bool {
        self.violations.is_empty()
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

    /// A 1..* element: at least one item.
    pub fn non_empty<T>(&mut self, v: Vec<T>, name: &str) -> Option<NonEmpty<T>> {
        match NonEmpty::from_vec(v) {
            Some(n) => Some(n),
            None => {
                self.report(name, ViolationKind::Missing);
                None
            }
        }
    }

    /// A 0..1 element that the base holds as a `Vec`.
    pub fn at_most_one<T>(&mut self, mut v: Vec<T>, name: &str) -> Option<T> {
        if v.len() > 1 {
            self.report(
                name,
                ViolationKind::TooMany {
                    max: 1,
                    found: v.len(),
                },
            );
        }
        if v.is_empty() {
            None
        } else {
            Some(v.swap_remove(0))
        }
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

    /// A primitive with a fixed value: checks it (absent is fine unless `required`).
    pub fn fixed<T: PrimitiveText>(
        &mut self,
        v: Option<&Primitive<T>>,
        expected: &'static str,
        required: bool,
        name: &str,
    ) {
        match v {
            None if required => self.report(name, ViolationKind::Missing),
            None => {}
            Some(p) => {
                if p.extras.is_some() {
                    self.report(name, ViolationKind::ExtrasOnFixedValue);
                }
                match &p.value {
                    Some(value) if value.text() == expected => {}
                    Some(value) => self.report(
                        name,
                        ViolationKind::FixedValue {
                            expected,
                            found: value.text().to_string(),
                        },
                    ),
                    None => self.report(name, ViolationKind::Missing),
                }
            }
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
                        code: a.text().to_string(),
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
            self.report(
                name,
                ViolationKind::WrongReferenceTarget {
                    found: found.to_string(),
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
        let bound = BoundConcept::<C>::find(&c);
        if bound.is_none() {
            self.report(
                name,
                ViolationKind::NoCodingInValueSet {
                    value_set: C::VALUE_SET,
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
                ViolationKind::NoCodingInValueSet {
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

/// An element present with the value its profile fixes (an optional fixed element is an
/// `Option<Fixed>`: there or not, never another value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Fixed;

impl Checker {
    /// An optional fixed-value primitive that is present: checks its value.
    pub fn fixed_item<T: PrimitiveText>(
        &mut self,
        p: Primitive<T>,
        expected: &'static str,
        name: &str,
    ) -> Option<Fixed> {
        let before = self.count();
        self.fixed(Some(&p), expected, true, name);
        (self.count() == before).then_some(Fixed)
    }

    /// An optional fixed-value attribute that is present: checks its value.
    pub fn fixed_attribute(
        &mut self,
        s: String,
        expected: &'static str,
        name: &str,
    ) -> Option<Fixed> {
        let before = self.count();
        self.fixed_str(Some(&s), expected, true, name);
        (self.count() == before).then_some(Fixed)
    }
}

pub use crate::rt::value::{FromText, PrimitiveText};

/// A repeating element with at least one item (min ≥ 1).
#[derive(Clone, PartialEq)]
pub struct NonEmpty<T>(Vec<T>);

impl<T> NonEmpty<T> {
    /// One item.
    pub fn new(first: T) -> Self {
        NonEmpty(vec![first])
    }

    /// `None` for an empty vector.
    pub fn from_vec(v: Vec<T>) -> Option<Self> {
        if v.is_empty() {
            None
        } else {
            Some(NonEmpty(v))
        }
    }

    pub fn first(&self) -> &T {
        // Never empty: every constructor checks.
        &self.0[0]
    }

    pub fn push(&mut self, item: T) {
        self.0.push(item);
    }

    pub fn as_slice(&self) -> &[T] {
        &self.0
    }

    pub fn into_vec(self) -> Vec<T> {
        self.0
    }

    /// Changes the items in place; the result must stay non-empty (it is if `f` does not
    /// remove them all; if it does, the vector keeps its last item).
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        &mut self.0
    }
}

impl<T> std::ops::Deref for NonEmpty<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T: fmt::Debug> fmt::Debug for NonEmpty<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T> From<NonEmpty<T>> for Vec<T> {
    fn from(v: NonEmpty<T>) -> Vec<T> {
        v.0
    }
}

/// The resource types a typed reference may point at. Implemented by the generated marker
/// types in `careconnect::targets`.
pub trait RefTargets {
    /// Resource type names (`Patient`, `Organization`).
    const TYPES: &'static [&'static str];
}

/// Implemented by the types a reference marker `M` allows: `Ref::<M>::to(&x)` compiles
/// only for them.
pub trait RefTarget<M: RefTargets> {
    /// The resource type name.
    const TYPE: &'static str;
    /// The resource id, if it has one.
    fn ref_id(&self) -> Option<&str>;
}

/// A reference whose allowed target types are `T` (a marker from
/// `careconnect::targets`). Build one with [`Ref::to`] from a target value, or
/// [`Ref::new`] from a `Type/id` string, which is checked.
pub struct Ref<T> {
    reference: stu3::Reference,
    _targets: PhantomData<fn() -> T>,
}

impl<T: RefTargets> Ref<T> {
    /// A reference to `target` by its resource type and id (`Organization/123`); `None`
    /// if the target has no id.
    pub fn to<R: RefTarget<T>>(target: &R) -> Option<Self> {
        let id = target.ref_id()?;
        Some(Ref::from_reference_unchecked(stu3::Reference {
            reference: Some(Primitive::from(format!("{}/{id}", R::TYPE))),
            ..Default::default()
        }))
    }

    /// A reference from its `reference` text (`Patient/1`, an absolute URL or `#contained`);
    /// fails if the text names a resource type that `T` does not allow.
    pub fn new(reference: &str) -> Result<Self, Violation> {
        let r = stu3::Reference {
            reference: Some(Primitive::from(reference.to_string())),
            ..Default::default()
        };
        match reference_type(&r) {
            Some(found) if !T::TYPES.contains(&found) => Err(Violation {
                path: "Reference.reference".into(),
                kind: ViolationKind::WrongReferenceTarget {
                    found: found.to_string(),
                    allowed: T::TYPES,
                },
            }),
            _ => Ok(Ref::from_reference_unchecked(r)),
        }
    }
}

impl<T> Ref<T> {
    #[doc(hidden)]
    pub fn from_reference_unchecked(reference: stu3::Reference) -> Self {
        Ref {
            reference,
            _targets: PhantomData,
        }
    }

    /// The base reference.
    pub fn reference(&self) -> &stu3::Reference {
        &self.reference
    }

    /// The base reference, for changing display or identifier (the target is checked
    /// again when the containing profile value is converted from its base).
    pub fn reference_mut(&mut self) -> &mut stu3::Reference {
        &mut self.reference
    }

    pub fn into_reference(self) -> stu3::Reference {
        self.reference
    }
}

impl<T> Clone for Ref<T> {
    fn clone(&self) -> Self {
        Ref::from_reference_unchecked(self.reference.clone())
    }
}

impl<T> PartialEq for Ref<T> {
    fn eq(&self, other: &Self) -> bool {
        self.reference == other.reference
    }
}

impl<T> fmt::Debug for Ref<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.reference.fmt(f)
    }
}

/// The resource type a reference names, when its text says (`Patient/1`,
/// `http://x/fhir/Patient/1`, `Patient/1/_history/2`); `None` for contained (`#x`),
/// identifier-only and unparseable references.
pub fn reference_type(r: &stu3::Reference) -> Option<&str> {
    let text = r.reference.as_ref()?.value.as_deref()?;
    if text.starts_with('#') || text.starts_with("urn:") {
        return None;
    }
    let parts: Vec<&str> = text.split('/').collect();
    // Type/id or …/Type/id/_history/v: the type is the segment before the id.
    let n = parts.len();
    let type_at = if n >= 4 && parts[n - 2] == "_history" {
        n.checked_sub(4)?
    } else {
        n.checked_sub(2)?
    };
    let ty = parts[type_at];
    if ty.starts_with(|c: char| c.is_ascii_uppercase())
        && ty.chars().all(|c| c.is_ascii_alphabetic())
    {
        Some(ty)
    } else {
        None
    }
}

/// A CodeableConcept bound to a required value set: at least one of its codings is one of
/// `C`'s codes. Built with [`BoundConcept::new`] from a code, or checked on conversion.
pub struct BoundConcept<C> {
    concept: stu3::CodeableConcept,
    _code: PhantomData<fn() -> C>,
}

impl<C: CodeValue> BoundConcept<C> {
    /// A concept with one coding: `code` with its system and display.
    pub fn new(code: C) -> Self {
        BoundConcept {
            concept: stu3::CodeableConcept {
                coding: vec![coding_of(code)],
                ..Default::default()
            },
            _code: PhantomData,
        }
    }

    /// The first coding's code that is in the value set.
    pub fn code(&self) -> Option<C> {
        Self::find(&self.concept)
    }

    fn find(c: &stu3::CodeableConcept) -> Option<C> {
        c.coding.iter().find_map(BoundCoding::<C>::code_of)
    }
}

impl<C> BoundConcept<C> {
    pub fn concept(&self) -> &stu3::CodeableConcept {
        &self.concept
    }

    /// The concept, for adding text or further codings.
    pub fn concept_mut(&mut self) -> &mut stu3::CodeableConcept {
        &mut self.concept
    }

    pub fn into_concept(self) -> stu3::CodeableConcept {
        self.concept
    }
}

/// A Coding bound to a required value set.
pub struct BoundCoding<C> {
    coding: stu3::Coding,
    _code: PhantomData<fn() -> C>,
}

impl<C: CodeValue> BoundCoding<C> {
    pub fn new(code: C) -> Self {
        BoundCoding {
            coding: coding_of(code),
            _code: PhantomData,
        }
    }

    pub fn code(&self) -> Option<C> {
        Self::code_of(&self.coding)
    }

    /// The code of a coding whose system (when the value set names one) and code are in
    /// the value set.
    fn code_of(c: &stu3::Coding) -> Option<C> {
        let code = C::from_code(c.code.as_ref()?.value.as_deref()?)?;
        let system = c.system.as_ref().and_then(|s| s.value.as_deref());
        match (code.system(), system) {
            (Some(expected), Some(found)) if expected != found => None,
            _ => Some(code),
        }
    }
}

impl<C> BoundCoding<C> {
    pub fn coding(&self) -> &stu3::Coding {
        &self.coding
    }

    pub fn coding_mut(&mut self) -> &mut stu3::Coding {
        &mut self.coding
    }

    pub fn into_coding(self) -> stu3::Coding {
        self.coding
    }
}

fn coding_of<C: CodeValue>(code: C) -> stu3::Coding {
    stu3::Coding {
        system: code.system().map(|s| Primitive::from(s.to_string())),
        code: Some(Primitive::from(code.code().to_string())),
        display: code.display().map(|d| Primitive::from(d.to_string())),
        ..Default::default()
    }
}

macro_rules! wrapper_impls {
    ($ty:ident, $field:ident) => {
        impl<C> Clone for $ty<C> {
            fn clone(&self) -> Self {
                $ty {
                    $field: self.$field.clone(),
                    _code: PhantomData,
                }
            }
        }
        impl<C> PartialEq for $ty<C> {
            fn eq(&self, other: &Self) -> bool {
                self.$field == other.$field
            }
        }
        impl<C> fmt::Debug for $ty<C> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.$field.fmt(f)
            }
        }
    };
}

wrapper_impls!(BoundConcept, concept);
wrapper_impls!(BoundCoding, coding);

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
    /// The base layer's type.
    type Base;
    /// Converts, reporting every violation into `cx`; `None` if there was any.
    fn from_base(cx: &mut Checker, base: Self::Base) -> Option<Self>;
    /// Converts back; cannot fail and loses nothing.
    fn into_base(self) -> Self::Base;
}

/// A profile or extension definition as a type.
pub trait Profile: Narrow
where
    Self::Base: crate::rt::value::FhirValue,
{
    /// The profile's canonical URL.
    const URL: &'static str;
    /// The root of FHIR paths in violations (`Patient`, `Extension`).
    const ROOT: &'static str;

    /// Checks a base value against the profile: the profile value, or every violation.
    fn try_from_base(base: Self::Base) -> Result<Self, Conformance> {
        let mut cx = Checker::new(Self::ROOT);
        let v = Self::from_base(&mut cx, base);
        cx.finish(Self::URL, v)
    }

    /// Reads FHIR JSON into the base type, then checks it against the profile.
    fn from_json(json: impl AsRef<[u8]>) -> Result<Self, ProfileError> {
        let base =
            <Self::Base as crate::rt::FhirJson>::from_json(json).map_err(ProfileError::Read)?;
        Self::try_from_base(base).map_err(ProfileError::Conformance)
    }

    /// Writes compact FHIR JSON.
    fn to_json(&self) -> String
    where
        Self: Clone,
    {
        crate::rt::FhirJson::to_json(&self.clone().into_base())
    }

    /// Writes FHIR JSON indented by two spaces.
    fn to_json_pretty(&self) -> String
    where
        Self: Clone,
    {
        crate::rt::FhirJson::to_json_pretty(&self.clone().into_base())
    }

    /// Reads FHIR XML into the base type, then checks it against the profile.
    #[cfg(feature = "xml")]
    fn from_xml(xml: impl AsRef<[u8]>) -> Result<Self, ProfileError> {
        let base = <Self::Base as crate::rt::FhirXml>::from_xml(xml).map_err(ProfileError::Read)?;
        Self::try_from_base(base).map_err(ProfileError::Conformance)
    }

    /// Writes compact FHIR XML.
    #[cfg(feature = "xml")]
    fn to_xml(&self) -> String
    where
        Self: Clone,
    {
        crate::rt::FhirXml::to_xml(&self.clone().into_base())
    }

    /// Writes FHIR XML, one element a line.
    #[cfg(feature = "xml")]
    fn to_xml_pretty(&self) -> String
    where
        Self: Clone,
    {
        crate::rt::FhirXml::to_xml_pretty(&self.clone().into_base())
    }
}

/// Reading a profile type from JSON or XML: the input was not valid FHIR, or it did not
/// conform.
#[derive(Debug, Clone, PartialEq)]
pub enum ProfileError {
    Read(crate::rt::Error),
    Conformance(Conformance),
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileError::Read(e) => e.fmt(f),
            ProfileError::Conformance(c) => c.fmt(f),
        }
    }
}

impl std::error::Error for ProfileError {}

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

/// A profile code back into its base type (`String` or the base enum; the generator checks
/// that every profile code is a base code).
pub fn uncode<A: CodeValue, B: FromText>(p: Primitive<A>) -> Primitive<B> {
    Primitive {
        value: p.value.and_then(|a| B::from_text(a.code())),
        extras: p.extras,
    }
}

/// A fixed value as a base primitive.
pub fn fixed_value<T: FromText>(text: &str) -> Option<Primitive<T>> {
    T::from_text(text).map(Primitive::from)
}

impl Checker {
    /// A plain string (XML attribute, e.g. `Extension.url`) with a fixed value.
    pub fn fixed_str(
        &mut self,
        v: Option<&str>,
        expected: &'static str,
        required: bool,
        name: &str,
    ) {
        match v {
            None if required => self.report(name, ViolationKind::Missing),
            None => {}
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
/// (an empty `NonEmpty`, say) are never seen. Crate-private: outside code builds profile
/// values through their constructors, which take every required element.
pub(crate) trait Placeholder {
    const PLACEHOLDER: Self;
}

impl<T: crate::rt::value::ConstDefault> Placeholder for T {
    const PLACEHOLDER: Self = T::DEFAULT;
}

impl<T> Placeholder for NonEmpty<T> {
    const PLACEHOLDER: Self = NonEmpty(Vec::new());
}

impl<T> Placeholder for Ref<T> {
    const PLACEHOLDER: Self = Ref {
        reference: <stu3::Reference as crate::rt::value::ConstDefault>::DEFAULT,
        _targets: PhantomData,
    };
}

impl<C> Placeholder for BoundConcept<C> {
    const PLACEHOLDER: Self = BoundConcept {
        concept: <stu3::CodeableConcept as crate::rt::value::ConstDefault>::DEFAULT,
        _code: PhantomData,
    };
}

impl<C> Placeholder for BoundCoding<C> {
    const PLACEHOLDER: Self = BoundCoding {
        coding: <stu3::Coding as crate::rt::value::ConstDefault>::DEFAULT,
        _code: PhantomData,
    };
}

impl Placeholder for Fixed {
    const PLACEHOLDER: Self = Fixed;
}
