// `name` belongs on a struct or a field, not on a choice enum.
use careconnect_models::rt::Primitive;
use careconnect_models::rt::{FhirJson, FhirXml};

#[derive(Clone, PartialEq, careconnect_derive::FhirChoice)]
#[fhir(name = "value")]
enum TagValue {
    #[fhir(type = "string")]
    String(Primitive<String>),
    #[fhir(type = "boolean")]
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
