//! dom-3: a contained resource SHALL be referred to from elsewhere in the resource that
//! contains it. STU3 states it as
//! `contained.where(('#'+id in %resource.descendants().reference).not()).empty()`: every
//! contained resource with an id is the target of a `#id` in some element named
//! `reference` anywhere in the container (its contained resources included); one without
//! an id gives no `'#'+id` and passes.
//!
//! The rule needs the whole container, and a reference may stand before or after
//! `contained` (JSON has no element order to rely on). So both struct readers note, while
//! they read, the `#id` values of primitive elements named `reference`
//! ([`FIELD_REFERENCE`](crate::rt::value::FIELD_REFERENCE) marks them in the key tables)
//! and the ids of contained resources, and decide the rule when the container's object or
//! element ends. Outside a resource nothing is noted.

use crate::rt::error::{ErrorKind, PathSegment, Result};
use crate::rt::primitive::{Findings, Primitive};
use crate::rt::value::{FhirStruct, TypeInfo};

/// What one read has noted for dom-3 in the resources it is inside of.
#[derive(Debug, Default)]
pub(crate) struct LocalRefs {
    /// How many resources the reader is inside of.
    depth: u32,
    /// The targets of the `#id` references noted, without the `#`.
    refs: Vec<Box<str>>,
    /// The contained resources read, in order.
    contained: Vec<Contained>,
}

#[derive(Debug)]
struct Contained {
    id: Option<Box<str>>,
    /// Byte offset of the contained resource.
    at: usize,
}

/// Where a resource's notes start: see [`LocalRefs::enter`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    refs: usize,
    contained: usize,
}

/// A contained resource no reference in its container points to.
#[derive(Debug)]
pub(crate) struct Unreferenced {
    /// Its index in `contained`.
    pub index: usize,
    /// Byte offset of the resource.
    pub at: usize,
    pub kind: ErrorKind,
}

impl LocalRefs {
    /// A resource starts: what it notes from here on is its own.
    pub fn enter(&mut self) -> Frame {
        self.depth += 1;
        Frame {
            refs: self.refs.len(),
            contained: self.contained.len(),
        }
    }

    /// Notes the `reference` element just read into field `field` of `v`, if it is a
    /// `#id` inside a resource.
    pub fn note_reference(&mut self, v: &dyn FhirStruct, field: usize) {
        if self.depth == 0 {
            return;
        }
        if let Some(target) = string_value(v, field).and_then(|r| r.strip_prefix('#')) {
            self.refs.push(target.into());
        }
    }

    /// A contained resource `v`, read from byte `at`, ends: its id is noted for its
    /// container, and so are the references it holds (they count for the container).
    pub fn leave_contained(&mut self, v: &dyn FhirStruct, at: usize) {
        self.depth = self.depth.saturating_sub(1);
        let id = id_field(v.type_info()).and_then(|i| string_value(v, i));
        self.contained.push(Contained {
            id: id.map(Into::into),
            at,
        });
    }

    /// A resource that is not contained ends: the contained resources it holds that none
    /// of its references point to, in order. Its notes are dropped.
    pub fn leave(&mut self, frame: Frame) -> Vec<Unreferenced> {
        self.depth = self.depth.saturating_sub(1);
        let refs = self.refs.get(frame.refs..).unwrap_or(&[]);
        let contained = self.contained.get(frame.contained..).unwrap_or(&[]);
        let unreferenced = contained
            .iter()
            .enumerate()
            .filter_map(|(index, c)| {
                let id = c.id.as_deref()?;
                (!refs.iter().any(|r| &**r == id)).then(|| Unreferenced {
                    index,
                    at: c.at,
                    kind: ErrorKind::Constraint {
                        key: "dom-3",
                        message: format!(
                            "the contained resource '{id}' is not referred to from elsewhere in the resource (no reference '#{id}')"
                        ),
                    },
                })
            })
            .collect();
        self.refs.truncate(frame.refs);
        self.contained.truncate(frame.contained);
        unreferenced
    }
}

/// A resource that is not contained ends: each contained resource nothing refers to
/// breaks dom-3, an error at the contained resource or (lenient) an issue.
#[inline(never)]
pub(crate) fn end_container(r: &mut dyn Findings, frame: Frame) -> Result<()> {
    for u in r.local_refs().leave(frame) {
        let tracks = r.tracks_path();
        if tracks {
            r.push_path(PathSegment::Field("contained".into()));
            r.push_path(PathSegment::Index(u.index));
        }
        let res = r.invalid(u.kind, u.at, "kept as written");
        if tracks {
            r.pop_path();
            r.pop_path();
        }
        res.map_err(|e| e.at_index(u.index).in_field("contained"))?;
    }
    Ok(())
}

/// The field of a resource's `id`.
fn id_field(info: &TypeInfo) -> Option<usize> {
    info.lookup(b"id").map(|k| usize::from(k.field))
}

/// The value of field `field` of `v` if it is a string primitive that has one.
fn string_value(v: &dyn FhirStruct, field: usize) -> Option<&str> {
    let slot: &dyn std::any::Any = v.field(field);
    slot.downcast_ref::<Option<Primitive<String>>>()?
        .as_ref()?
        .get()
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stu3::{Patient, Reference};

    fn patient(id: &str) -> Patient {
        Patient {
            id: Some(id.to_string().into()),
            ..Patient::default()
        }
    }

    fn reference(to: &str) -> Reference {
        Reference {
            reference: Some(to.to_string().into()),
            ..Reference::default()
        }
    }

    fn reference_field() -> usize {
        let info = reference("#a").type_info();
        usize::from(
            info.lookup(b"reference")
                .map(|k| k.field)
                .unwrap_or(u16::MAX),
        )
    }

    #[test]
    fn a_contained_resource_needs_a_reference_to_its_id_anywhere_in_the_container() {
        let mut notes = LocalRefs::default();
        let frame = notes.enter();
        // A reference before `contained`, one inside a contained resource, one after.
        notes.note_reference(&reference("#b"), reference_field());
        for (id, at) in [("a", 10), ("b", 20), ("c", 30)] {
            let inner = notes.enter();
            let _ = inner;
            if id == "c" {
                notes.note_reference(&reference("#a"), reference_field());
            }
            notes.leave_contained(&patient(id), at);
        }
        notes.note_reference(&reference("Patient/c"), reference_field());
        let left = notes.leave(frame);
        let left: Vec<_> = left.iter().map(|u| (u.index, u.at)).collect();
        assert_eq!(left, [(2, 30)], "c is referred to only as Patient/c");
        assert!(notes.refs.is_empty() && notes.contained.is_empty());
    }

    #[test]
    fn without_an_id_or_outside_a_resource_nothing_is_decided() {
        let mut notes = LocalRefs::default();
        notes.note_reference(&reference("#a"), reference_field());
        assert!(notes.refs.is_empty(), "no resource is being read");
        let frame = notes.enter();
        let inner = notes.enter();
        let _ = inner;
        notes.leave_contained(&Patient::default(), 5);
        assert!(notes.leave(frame).is_empty());
    }
}
