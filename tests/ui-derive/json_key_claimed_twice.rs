// `valueString` is the key of the choice's string type and of the field `valueString`.
use careconnect_models::rt::Primitive;
use careconnect_models::rt::{FhirJson, FhirXml};

#[derive(Clone, PartialEq, careconnect_derive::FhirType)]
#[fhir(name = "Tag")]
struct Tag {
    #[fhir(name = "value", choice = "string")]
    value: Option<TagValue>,
    #[fhir(name = "valueString", primitive)]
    value_string: Option<Primitive<String>>,
}

#[derive(Clone, PartialEq, careconnect_derive::FhirChoice)]
enum TagValue {
    #[fhir(type = "string")]
    String(Primitive<String>),
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
