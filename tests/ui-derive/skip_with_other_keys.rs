// A skipped field is not an element: a key that says how to read it would be ignored.
use careconnect_models::rt::{FhirJson, FhirXml};

#[derive(Clone, PartialEq, careconnect_derive::FhirType)]
#[fhir(name = "Tag")]
struct Tag {
    #[fhir(name = "code", primitive)]
    code: Option<careconnect_models::rt::Primitive<String>>,
    #[fhir(skip, name = "cache")]
    cache: Option<String>,
}

fn main() {
    let tag = Tag::from_json("{}").unwrap_or_default();
    println!("{tag:?} {} {}", tag.to_json(), tag.to_xml());
}
