// The impls are written for the type's bare name; a generic parameter has no place in them.
use careconnect_models::rt::Primitive;
use careconnect_models::rt::{FhirJson, FhirXml};

#[derive(Clone, PartialEq, careconnect_derive::FhirType)]
#[fhir(name = "Tag")]
struct Tag<T: careconnect_models::rt::PrimitiveValue> {
    #[fhir(name = "code", primitive)]
    code: Option<Primitive<T>>,
}

/// Holds the broken type: its impls are still found.
#[derive(Clone, PartialEq, careconnect_derive::FhirType)]
#[fhir(name = "Holder")]
struct Holder {
    #[fhir(name = "tag", required)]
    tag: Tag<String>,
}

fn main() {
    let holder = Holder::from_json("{}").unwrap_or_default();
    println!("{holder:?} {} {}", holder.to_json(), holder.to_xml());
}
