//! Profile types as users see them (`careconnect_models::careconnect`): conformance
//! errors with FHIR paths, the [`Profile`] trait, non-empty vectors, typed references,
//! bound codes and fixed values.
//!
//! A profile type is a base type with the profile's rules made structural. Converting a
//! base value into it (`TryFrom<stu3::X>`) checks every rule and returns *all* violations;
//! converting back (`From<Profile> for stu3::X`) cannot fail and loses nothing: fixed
//! values are written back, slices are merged in the order they were read. What the
//! generated conversions call to do that is in [`crate::rt::plumbing`], hidden from the
//! docs.

use std::fmt;
use std::marker::PhantomData;

use crate::rt::Primitive;
use crate::rt::plumbing::{Checker, Narrow, Placeholder};
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
    /// A code outside the profile's required value set: a `code` element's value, or a
    /// Coding's code with the system it names.
    CodeNotInValueSet {
        found: FoundCoding,
        value_set: &'static str,
    },
    /// A CodeableConcept with no coding from the profile's required value set; `found` has
    /// each of its codings (none for a concept with only text).
    NoCodingInValueSet {
        value_set: &'static str,
        found: Vec<FoundCoding>,
    },
    /// A reference to a resource type the profile does not allow here; `reference` is
    /// its text (`Organization/1`).
    WrongReferenceTarget {
        found: String,
        reference: String,
        allowed: &'static [&'static str],
    },
    /// A choice element with a type the profile does not allow here.
    WrongChoiceType {
        found: &'static str,
        allowed: &'static [&'static str],
    },
    /// An item of a closed slicing that matches none of its slices.
    UnmatchedSlice,
    /// A string longer than the profile's `maxLength` (in characters).
    TooLong { max: u32, found: usize },
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
            ViolationKind::CodeNotInValueSet { found, value_set } => {
                match &found.code {
                    Some(_) => write!(
                        f,
                        "code {found} is not in the required value set {value_set}"
                    )?,
                    None => write!(
                        f,
                        "coding {found} has no code from the required value set {value_set}"
                    )?,
                }
                found.hint(f)
            }
            ViolationKind::NoCodingInValueSet { value_set, found } => {
                write!(
                    f,
                    "no coding from the required value set {value_set}; found "
                )?;
                if found.is_empty() {
                    return write!(f, "no coding");
                }
                for (i, c) in found.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{c}")?;
                    c.hint(f)?;
                }
                Ok(())
            }
            ViolationKind::WrongReferenceTarget {
                found,
                reference,
                allowed,
            } => write!(
                f,
                "reference to {found} ('{reference}'), where the profile allows {}",
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
            ViolationKind::TooLong { max, found } => write!(
                f,
                "{found} characters where the profile allows at most {max}"
            ),
        }
    }
}

/// A code or coding as an instance has it, for violation messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundCoding {
    /// The system the coding names (`None` for a `code` element, which has none).
    pub system: Option<String>,
    pub code: Option<String>,
    /// When the value set has this code under another system than `system`: that system.
    /// A system URL written slightly wrong is the usual cause.
    pub listed_under: Option<&'static str>,
}

impl FoundCoding {
    /// The coding `c` as found, with the system `C`'s value set has its code under, if
    /// that is another.
    pub fn of<C: CodeValue>(c: &stu3::Coding) -> FoundCoding {
        FoundCoding::with(c, system_of::<C>)
    }

    /// The codings of a concept, as [`FoundCoding::of`] has each.
    pub fn all_of<C: CodeValue>(c: &stu3::CodeableConcept) -> Vec<FoundCoding> {
        let mut out = Vec::with_capacity(c.coding.len());
        for coding in &c.coding {
            out.push(FoundCoding::with(coding, system_of::<C>));
        }
        out
    }

    /// Not generic, so compiled once: `listed` is the value set's system of a code.
    fn with(c: &stu3::Coding, listed: fn(&str) -> Option<&'static str>) -> FoundCoding {
        let system = c.system.as_ref().and_then(|s| s.value.clone());
        let code = c.code.as_ref().and_then(|c| c.value.clone());
        let listed_under = code
            .as_deref()
            .and_then(listed)
            .filter(|known| system.as_deref() != Some(*known));
        FoundCoding {
            system,
            code,
            listed_under,
        }
    }

    /// The value of a `code` element (no system).
    pub fn code(code: &str) -> FoundCoding {
        FoundCoding {
            system: None,
            code: Some(code.to_string()),
            listed_under: None,
        }
    }

    /// ` (the value set has 'A' under system S)`, when it does.
    fn hint(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.listed_under, &self.code) {
            (Some(system), Some(code)) => {
                write!(f, " (the value set has '{code}' under system {system})")
            }
            _ => Ok(()),
        }
    }
}

/// The system `C`'s value set has `code` under, if it has the code and names a system.
fn system_of<C: CodeValue>(code: &str) -> Option<&'static str> {
    C::from_code(code)?.system()
}

/// `'system|code'` as FHIR search writes a token; `'code'` without a system, `'system|'`
/// without a code; `(empty)` when it has neither.
impl fmt::Display for FoundCoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.system, &self.code) {
            (Some(s), Some(c)) => write!(f, "'{s}|{c}'"),
            (None, Some(c)) => write!(f, "'{c}'"),
            (Some(s), None) => write!(f, "'{s}|' (no code)"),
            (None, None) => write!(f, "(neither system nor code)"),
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

/// An element present with the value its profile fixes (an optional fixed element is an
/// `Option<Fixed>`: there or not, never another value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Fixed;

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

    /// Adds `items` (takes their vector over when there are none yet, which only a
    /// conversion's placeholder has).
    pub fn append(&mut self, items: Vec<T>) {
        if self.0.is_empty() {
            self.0 = items;
        } else {
            self.0.extend(items);
        }
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
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a reference target marker",
    label = "expected a marker from `careconnect::targets`",
    note = "a typed reference is `Ref<M>` with `M` a marker of the generated `targets` module, named after the resource types it allows (`targets::PatientOrGroup`)"
)]
pub trait RefTargets {
    /// Resource type names (`Patient`, `Organization`).
    const TYPES: &'static [&'static str];
}

/// Implemented by the types a reference marker `M` allows: `Ref::<M>::to(&x)` compiles
/// only for them.
#[diagnostic::on_unimplemented(
    message = "a `Ref<{M}>` cannot point at a `{Self}`",
    label = "the profile does not allow a reference to this type here",
    note = "the allowed resource types are the ones the marker's name lists: `{M}` (`Or` between them); a reference is built from a value of one of them, as its base type or as a profile type of it",
    note = "`Ref::new(\"Type/id\")` builds one from a reference string and checks the type"
)]
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
                    reference: reference.to_string(),
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
    pub(crate) concept: stu3::CodeableConcept,
    pub(crate) _code: PhantomData<fn() -> C>,
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

    pub(crate) fn find(c: &stu3::CodeableConcept) -> Option<C> {
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
    pub(crate) coding: stu3::Coding,
    pub(crate) _code: PhantomData<fn() -> C>,
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
    pub(crate) fn code_of(c: &stu3::Coding) -> Option<C> {
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

/// A profile or extension definition as a type.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a profile type",
    label = "expected a generated profile or extension type",
    note = "profile types are generated from profile definitions: `careconnect_models::careconnect::CareConnectPatient`, or the types a build script of yours generates; base types (`stu3::Patient`) read and write with `FhirJson`"
)]
pub trait Profile:
    Narrow<Base: crate::rt::value::FhirStruct + crate::rt::value::ConstDefault> + Placeholder
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

    /// [`Profile::try_from_base`] into a box (what [`ProfiledResource`] holds), without
    /// moving the profile value out of the stack.
    ///
    /// [`ProfiledResource`]: crate::careconnect::ProfiledResource
    fn try_from_base_boxed(base: Self::Base) -> Result<Box<Self>, Conformance> {
        let mut cx = Checker::new(Self::ROOT);
        let v = Self::from_base_boxed(&mut cx, base);
        cx.finish(Self::URL, v)
    }

    /// Reads FHIR JSON and checks it against the profile, in one pass: the elements the
    /// profile keeps as they are go straight into the profile value (see
    /// [`crate::rt::direct`]). The same errors and violations as reading the base type
    /// and [`Profile::try_from_base`].
    fn from_json(json: impl AsRef<[u8]>) -> Result<Self, ProfileError> {
        Self::from_json_boxed(json).map(|v| *v)
    }

    /// [`Profile::from_json`] into a box (what [`ProfiledResource`] holds).
    ///
    /// [`ProfiledResource`]: crate::careconnect::ProfiledResource
    fn from_json_boxed(json: impl AsRef<[u8]>) -> Result<Box<Self>, ProfileError> {
        crate::rt::direct::from_json(json.as_ref(), crate::rt::ReadOptions::default())
            .map(|(v, _)| v)
    }

    /// Writes compact FHIR JSON, consuming the value: the same bytes as
    /// [`Profile::to_json`].
    fn into_json(self) -> String {
        crate::rt::FhirJson::to_json(&self.into_base())
    }

    /// Writes compact FHIR JSON: the bytes the base value writes, written from the profile
    /// value by reference (nothing is copied).
    fn to_json(&self) -> String {
        crate::rt::write_base::to_json(self, None)
    }

    /// Writes FHIR JSON indented by two spaces.
    fn to_json_pretty(&self) -> String {
        crate::rt::write_base::to_json(self, Some(2))
    }

    /// Appends compact FHIR JSON to `out`.
    fn write_json(&self, out: &mut Vec<u8>) {
        let mut w = crate::rt::JsonWriter::with_buffer(std::mem::take(out));
        self.write_base_json(&mut w);
        *out = w.into_bytes();
    }

    /// Reads FHIR XML and checks it against the profile, in one pass as
    /// [`Profile::from_json`].
    #[cfg(feature = "xml")]
    fn from_xml(xml: impl AsRef<[u8]>) -> Result<Self, ProfileError> {
        crate::rt::direct::from_xml(xml.as_ref(), crate::rt::ReadOptions::default())
            .map(|(v, _)| *v)
    }

    /// Writes compact FHIR XML (from a copy of the value in its base type; JSON is written
    /// by reference).
    #[cfg(feature = "xml")]
    fn to_xml(&self) -> String
    where
        Self: Clone,
    {
        crate::rt::FhirXml::to_xml(&self.clone().into_base())
    }

    /// Writes FHIR XML, one element a line (from a copy, as [`Profile::to_xml`]).
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

// The placeholders the generated conversions start from (see `Placeholder`).
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
