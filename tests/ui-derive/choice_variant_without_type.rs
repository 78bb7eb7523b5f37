// A choice variant says its FHIR type code.
use careconnect_models::rt::Primitive;
use careconnect_models::rt::{FhirJson, FhirXml};

#[derive(Clone, PartialEq, careconnect_derive::FhirChoice)]
enum TagValue {
    #[fhir(type = "string")]
    String(Primitive<String>),
    Boolean(Primitive<bool>),
}

/// Holds the broken choice: its impls are still found.
#[derive(Clone, PartialEq, careconnect_derive::FhirType)]
#[fhir(name = "Tag")]
struct Tag {
    #[fhir(name = "value", choice = "string boolean", required)]
    value: TagValue,
}

fn main() {
    let tag = Tag::from_json("{}").unwrap_or_default();
    println!("{tag:?} {} {}", tag.to_json(), tag.to_xml());
}
