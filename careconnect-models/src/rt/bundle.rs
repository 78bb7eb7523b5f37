//! Taking profile types out of resources and Bundles without copying them: the resource is
//! moved into the profile type (or handed back untouched when it is of another type), and a
//! resource that does not conform gives its violations.
//!
//! From a borrowed resource, [`from_resource_ref`] copies that one resource (when it is of
//! the profile's type), never the Bundle around it; from a borrowed base value,
//! `P::try_from_base(base.clone())`. Writing a profile value (`Profile::to_json`, serde)
//! works by reference and copies nothing.
//!
//! These are generic functions rather than a `TryFrom<&Resource>` impl per profile type:
//! a copy of a resource brings in the code that copies every element it can hold, which
//! a build then compiles only where a program converts borrowed resources.

use std::marker::PhantomData;

use crate::rt::profile::{Conformance, Profile};
use crate::stu3::{Bundle, BundleEntry, Resource};

/// Why a [`Resource`] did not become a profile type.
#[derive(Debug, Clone, PartialEq)]
pub enum FromResourceError {
    /// It is another type of resource than the profile's; here it is, untouched.
    OtherType(Resource),
    /// It is of the profile's type but breaks its rules.
    Conformance(Conformance),
}

impl std::fmt::Display for FromResourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FromResourceError::OtherType(r) => {
                write!(
                    f,
                    "a {} is not of the profile's resource type",
                    r.resource_type()
                )
            }
            FromResourceError::Conformance(c) => c.fmt(f),
        }
    }
}

impl std::error::Error for FromResourceError {}

/// Why a borrowed [`Resource`] did not become a profile type ([`from_resource_ref`]).
#[derive(Debug, Clone, PartialEq)]
pub enum FromResourceRefError {
    /// It is another type of resource than the profile's: the type it is.
    OtherType(&'static str),
    /// It is of the profile's type but breaks its rules.
    Conformance(Conformance),
}

impl std::fmt::Display for FromResourceRefError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FromResourceRefError::OtherType(t) => {
                write!(f, "a {t} is not of the profile's resource type")
            }
            FromResourceRefError::Conformance(c) => c.fmt(f),
        }
    }
}

impl std::error::Error for FromResourceRefError {}

/// Checks a borrowed `resource` against the resource profile type `P`, copying it only
/// when it is of `P`'s type: `P`, its violations, or the type it is instead.
pub fn from_resource_ref<P>(resource: &Resource) -> Result<P, FromResourceRefError>
where
    P: Profile,
    P::Base: TryFrom<Resource, Error = Resource>,
{
    let found = resource.resource_type();
    if found != P::ROOT {
        return Err(FromResourceRefError::OtherType(found));
    }
    match P::Base::try_from(resource.clone()) {
        Ok(base) => P::try_from_base(base).map_err(FromResourceRefError::Conformance),
        Err(other) => Err(FromResourceRefError::OtherType(other.resource_type())),
    }
}

/// Moves `resource` into the resource profile type `P` (no copy): `P`, its violations, or
/// the resource itself when it is of another type.
pub fn from_resource<P>(resource: Resource) -> Result<P, FromResourceError>
where
    P: Profile,
    P::Base: TryFrom<Resource, Error = Resource>,
{
    match P::Base::try_from(resource) {
        Ok(base) => P::try_from_base(base).map_err(FromResourceError::Conformance),
        Err(other) => Err(FromResourceError::OtherType(other)),
    }
}

/// One entry of a Bundle read as a profile type (see [`entries_as`]).
#[derive(Debug, Clone, PartialEq)]
pub enum EntryAs<P> {
    /// The entry's resource, as `P`.
    Conforms(P),
    /// The entry's resource is of `P`'s type and breaks its rules.
    Violates(Conformance),
    /// The entry holds another type of resource, or none: the entry, untouched.
    Other(BundleEntry),
}

/// A Bundle's entries as the resource profile type `P`, each with its index in
/// `Bundle.entry` and its `fullUrl`; see [`entries_as`].
#[derive(Debug)]
pub struct EntriesAs<P> {
    entries: std::iter::Enumerate<std::vec::IntoIter<BundleEntry>>,
    _profile: PhantomData<fn() -> P>,
}

/// Iterates `bundle`'s entries as the resource profile type `P`, moving each resource out
/// of its entry (nothing is cloned): the ones that conform as `P`, the violations of the
/// others of `P`'s resource type, and every other entry as it was.
pub fn entries_as<P>(bundle: Bundle) -> EntriesAs<P>
where
    P: Profile,
    P::Base: TryFrom<Resource, Error = Resource>,
{
    EntriesAs {
        entries: bundle.entry.into_iter().enumerate(),
        _profile: PhantomData,
    }
}

impl<P> Iterator for EntriesAs<P>
where
    P: Profile,
    P::Base: TryFrom<Resource, Error = Resource>,
{
    /// The index in `Bundle.entry`, the entry's `fullUrl`, and what the entry is as `P`.
    type Item = (usize, Option<String>, EntryAs<P>);

    fn next(&mut self) -> Option<Self::Item> {
        let (index, mut entry) = self.entries.next()?;
        let full_url = entry.full_url.as_ref().and_then(|u| u.value.clone());
        let Some(resource) = entry.resource.take() else {
            return Some((index, full_url, EntryAs::Other(entry)));
        };
        let outcome = match from_resource::<P>(resource) {
            Ok(p) => EntryAs::Conforms(p),
            Err(FromResourceError::Conformance(c)) => EntryAs::Violates(c),
            Err(FromResourceError::OtherType(r)) => {
                entry.resource = Some(r);
                EntryAs::Other(entry)
            }
        };
        Some((index, full_url, outcome))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.entries.size_hint()
    }
}

impl<P> ExactSizeIterator for EntriesAs<P>
where
    P: Profile,
    P::Base: TryFrom<Resource, Error = Resource>,
{
}
