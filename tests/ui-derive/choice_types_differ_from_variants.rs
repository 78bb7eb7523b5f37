// The field lists `boolean string`, the enum's variants are `string boolean`: checked when the crate is compiled.
use careconnect_models::rt::Primitive;
use careconnect_models::rt::{FhirJson, FhirXml};

#[derive(Clone, PartialEq, careconnect_derive::FhirType)]
#[fhir(name = "Tag")]
struct Tag {
    #[fhir(name = "value", choice = "boolean string")]
    value: Option<TagValue>,
}

#[derive(Clone, PartialEq, careconnect_derive::FhirChoice)]
enum TagValue {
    #[fhir(type = "string")]
    String(Primitive<String>),
    #[fhir(type = "boolean")]
    Boolean(Primitive<bool>),
}

/// Holds the broken type: its impls are still found.
#[derive(Clone, PartialEq, careconnect_derive::FhirType)]
#[fhir(name = "Holder")]
struct Holder {
    #[fhir(name = "tag", required)]
    tag: Tag,
}

fn main() {
    let holder = Holder::from_json("{}").unwrap_or_default();
    println!("{holder:?} {} {}", holder.to_json(), holder.to_xml());
}
