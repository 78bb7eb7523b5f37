// A choice enum has at least one variant: its default is the first.
use careconnect_models::rt::Primitive;
use careconnect_models::rt::{FhirJson, FhirXml};

#[derive(Clone, PartialEq, careconnect_derive::FhirChoice)]
enum TagValue {}

/// Holds the broken choice: its impls are still found.
#[derive(Clone, PartialEq, careconnect_derive::FhirType)]
#[fhir(name = "Tag")]
struct Tag {
    #[fhir(name = "code", primitive)]
    code: Option<Primitive<String>>,
    #[fhir(name = "other")]
    other: Vec<Box<TagValue>>,
}

fn main() {
    let tag = Tag::from_json("{}").unwrap_or_default();
    println!("{tag:?} {} {}", tag.to_json(), tag.to_xml());
}
