//! Reading FHIR JSON and XML straight into a profile type, in one pass.
//!
//! A profile keeps most elements of its base as the base has them (`Patient.address`,
//! `Observation.effective[x]`); the generated profile struct hands those fields out by the
//! base field's index ([`Narrow::direct_mut`]). The base struct's own reader runs over a
//! view (`Routed`) that sends each element either to that field of the profile value
//! or, for the elements the profile converts (sliced, narrowed, fixed, removed), to an
//! otherwise empty base value. Once the object is read, [`Narrow::narrow_rest`] converts
//! and checks that remainder: the same generated code as [`Narrow::from_base`], which is
//! the moves of the direct fields followed by `narrow_rest`. So the reader reports exactly
//! the read errors of the base type and exactly the violations of `from_base`, without a
//! whole base value built and then taken apart.

use crate::rt::plumbing::{Checker, Narrow, Slot};
use crate::rt::profile::{Profile, ProfileError};
use crate::rt::value::{ConstDefault, FhirStruct, FhirValue, Part, TypeInfo};
use crate::rt::{Issue, ReadOptions};

/// The base struct's view of a profile value being read: field `i` is the profile value's
/// own field where the profile keeps it, else the remainder's.
struct Routed<'a, P: Narrow> {
    out: &'a mut P,
    rest: &'a mut P::Base,
}

impl<P> FhirStruct for Routed<'_, P>
where
    P: Narrow,
    P::Base: FhirStruct,
{
    fn type_info(&self) -> &'static TypeInfo {
        self.rest.type_info()
    }

    fn field(&self, index: usize) -> &dyn Slot {
        match self.out.direct(index) {
            Some(slot) => slot,
            None => self.rest.field(index),
        }
    }

    fn field_mut(&mut self, index: usize) -> &mut dyn Slot {
        #[cfg(debug_assertions)]
        same_type(self.out.direct(index), self.rest.field(index), index);
        match self.out.direct_mut(index) {
            Some(slot) => slot,
            None => self.rest.field_mut(index),
        }
    }
}

/// A direct field has the type of the base field it stands for (the generator numbers
/// them in the base struct's order; this catches a drift in debug builds).
#[cfg(debug_assertions)]
fn same_type(direct: Option<&dyn Slot>, base: &dyn Slot, index: usize) {
    if let Some(direct) = direct {
        let (d, b): (&dyn std::any::Any, &dyn std::any::Any) = (direct, base);
        assert_eq!(
            d.type_id(),
            b.type_id(),
            "direct field {index} has another type than the base field"
        );
    }
}

/// A profile value that starts as its placeholder, its remainder as an empty base value.
fn start<P: Profile>() -> (Box<P>, P::Base) {
    (Box::new(P::PLACEHOLDER), <P::Base as ConstDefault>::DEFAULT)
}

/// Converts the remainder once the document is read (with `issues`, those of the read).
fn finish<P: Profile>(
    mut out: Box<P>,
    rest: P::Base,
    issues: Vec<Issue>,
) -> Result<(Box<P>, Vec<Issue>), ProfileError> {
    let mut cx = Checker::new(P::ROOT);
    let ok = P::narrow_rest(&mut cx, &mut out, rest);
    match cx.finish(P::URL, ok.then_some(out)) {
        Ok(v) => Ok((v, issues)),
        Err(c) => Err(ProfileError::Conformance(c)),
    }
}

/// Reads FHIR JSON into profile type `P` in one pass (see the module documentation).
pub fn from_json<P: Profile>(
    json: &[u8],
    options: ReadOptions,
) -> Result<(Box<P>, Vec<Issue>), ProfileError> {
    let (mut out, mut rest) = start::<P>();
    let ((), issues) = crate::rt::json::read_root(json, options, P::Base::type_name(), |r| {
        let mut view = Routed {
            out: &mut *out,
            rest: &mut rest,
        };
        crate::rt::value::read_struct(&mut view, r, Part::Value)
    })
    .map_err(ProfileError::Read)?;
    finish(out, rest, issues)
}

/// Reads FHIR XML into profile type `P` in one pass (see the module documentation).
#[cfg(feature = "xml")]
pub fn from_xml<P: Profile>(
    xml: &[u8],
    options: ReadOptions,
) -> Result<(Box<P>, Vec<Issue>), ProfileError> {
    let (mut out, mut rest) = start::<P>();
    let ((), issues) = crate::rt::xml::read_root::<P::Base, ()>(xml, options, |r, el| {
        let mut view = Routed {
            out: &mut *out,
            rest: &mut rest,
        };
        crate::rt::xml::read_struct(&mut view, r, el, Part::Value)
    })
    .map_err(ProfileError::Read)?;
    finish(out, rest, issues)
}
