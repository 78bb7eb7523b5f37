//! Writing a profile value as FHIR JSON by reference: the bytes its base value writes
//! (`Narrow::into_base`, then the base writer), without building that base value. The
//! generated `Narrow::write_base_json` of each profile struct writes the base type's
//! fields in the base order through these helpers. Items are handed over as a
//! [`Bucket`] (a slice and the function that writes one item), so the helpers are not
//! generic and only the bucket is compiled once per item type.
//!
//! Re-exported by [`plumbing`](crate::rt::plumbing); not an API to program against.

use crate::rt::JsonWriter;
use crate::rt::plumbing::Narrow;
use crate::rt::profile::{BoundCoding, BoundConcept, Ref};
use crate::rt::value::FhirValue;

/// Writes one item alone: an array item, or an object field's value after its key.
pub type ItemJson<P> = fn(&P, &mut JsonWriter);

/// A single element whose item writes its own key (a base value, a primitive with its
/// `_name` partner, a profile code): what the base field holding it writes.
pub fn same<T: FhirValue>(v: Option<&T>, name: &str, suffix: &str, w: &mut JsonWriter) {
    if let Some(v) = v {
        v.write_json_field(name, suffix, w);
    }
}

/// A repeating element of such items (the `_name` array too, for primitives).
pub fn same_items<T: FhirValue>(items: &[T], name: &str, w: &mut JsonWriter) {
    if !items.is_empty() {
        T::write_json_items(items, name, w);
    }
}

/// A single element: the item of `item` (a slice of at most one: a profile struct, a
/// typed reference, a bound concept or coding), if any.
pub fn one(item: &dyn Bucket, name: &str, suffix: &str, w: &mut JsonWriter) {
    if item.count() > 0 {
        w.key(false, name, suffix);
        item.write(0, w);
    }
}

/// A repeating element: the items of `items`, if any.
pub fn many(items: &dyn Bucket, name: &str, w: &mut JsonWriter) {
    let n = items.count();
    if n == 0 {
        return;
    }
    w.key(false, name, "");
    w.begin_array();
    for i in 0..n {
        w.item();
        items.write(i, w);
    }
    w.end_array();
}

/// A narrowed choice element: its key carries the chosen type (`valueQuantity`).
pub fn choice<P: Narrow>(v: Option<&P>, name: &str, w: &mut JsonWriter) {
    if let Some(v) = v {
        v.write_base_field(name, w);
    }
}

/// The items of one slice (or of the remainder) of a sliced element.
pub trait Bucket {
    /// How many items it holds.
    fn count(&self) -> usize;
    /// Writes item `i` alone.
    fn write(&self, i: usize, w: &mut JsonWriter);
}

/// A slice the profile forbids: never any items.
pub struct Empty;

impl Bucket for Empty {
    fn count(&self) -> usize {
        0
    }
    fn write(&self, _: usize, _: &mut JsonWriter) {}
}

/// A slice's items and the function that writes one.
pub struct Items<'a, P>(pub &'a [P], pub ItemJson<P>);

impl<P> Bucket for Items<'_, P> {
    fn count(&self) -> usize {
        self.0.len()
    }
    fn write(&self, i: usize, w: &mut JsonWriter) {
        (self.1)(&self.0[i], w);
    }
}

/// A sliced element written back in its read `order`, as
/// [`merge`](crate::rt::plumbing::merge) puts it together: each entry of `order` takes the
/// next item of its bucket; items the order does not account for follow in bucket order.
pub fn merged(name: &str, buckets: &[&dyn Bucket], order: &[u8], w: &mut JsonWriter) {
    let total: usize = buckets.iter().map(|b| b.count()).sum();
    if total == 0 {
        return;
    }
    w.key(false, name, "");
    w.begin_array();
    let mut next = vec![0usize; buckets.len()];
    for &b in order {
        let b = usize::from(b);
        if let (Some(bucket), Some(at)) = (buckets.get(b), next.get_mut(b))
            && *at < bucket.count()
        {
            w.item();
            bucket.write(*at, w);
            *at += 1;
        }
    }
    for (bucket, at) in buckets.iter().zip(next) {
        for i in at..bucket.count() {
            w.item();
            bucket.write(i, w);
        }
    }
    w.end_array();
}

/// A base item alone (an item of a slice of a complex element).
pub fn bare<T: FhirValue>(v: &T, w: &mut JsonWriter) {
    v.write_json_bare(w);
}

/// A typed reference alone.
pub fn reference<T>(v: &Ref<T>, w: &mut JsonWriter) {
    v.reference().write_json_bare(w);
}

/// A bound CodeableConcept alone.
pub fn concept<C>(v: &BoundConcept<C>, w: &mut JsonWriter) {
    v.concept().write_json_bare(w);
}

/// A bound Coding alone.
pub fn coding<C>(v: &BoundCoding<C>, w: &mut JsonWriter) {
    v.coding().write_json_bare(w);
}

/// Whether a narrative `div` holds no text: the base writer leaves it out (see
/// `write_struct`), and so does this one.
pub fn empty_div(v: &dyn std::any::Any) -> bool {
    v.downcast_ref::<String>().is_some_and(String::is_empty)
}

/// A profile value as compact (or, with `indent`, indented) FHIR JSON.
pub fn to_json<P: Narrow>(v: &P, indent: Option<usize>) -> String {
    let mut w = match indent {
        Some(n) => JsonWriter::pretty(n),
        None => JsonWriter::compact(),
    };
    v.write_base_json(&mut w);
    w.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(buckets: &[&dyn Bucket], order: &[u8]) -> String {
        let mut w = JsonWriter::compact();
        w.begin_object();
        merged("x", buckets, order, &mut w);
        w.end_object();
        w.into_string()
    }

    fn num(v: &i64, w: &mut JsonWriter) {
        w.i64(*v);
    }

    #[test]
    fn merged_follows_the_order_then_the_buckets() {
        let a = Items(&[1i64, 2][..], num);
        let b = Items(&[10i64, 20, 30][..], num);
        assert_eq!(write(&[&a, &b], &[1, 0, 1]), r#"{"x":[10,1,20,2,30]}"#);
        // An order naming more items than a bucket holds, or no bucket, skips them.
        assert_eq!(
            write(&[&a, &b], &[0, 0, 0, 7, 1]),
            r#"{"x":[1,2,10,20,30]}"#
        );
        assert_eq!(write(&[&a, &b], &[]), r#"{"x":[1,2,10,20,30]}"#);
    }

    #[test]
    fn merged_writes_nothing_for_no_items() {
        let a = Items(&[][..], num);
        assert_eq!(write(&[&a], &[0, 0]), "{}");
    }
}
