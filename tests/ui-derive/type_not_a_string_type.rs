// `type` on a field names the lexical rule of a string value: `dateTime` is not one.
use careconnect_models::rt::{FhirJson, FhirXml, Primitive};

#[derive(Clone, PartialEq, careconnect_derive::FhirType)]
#[fhir(name = "Tag")]
struct Tag {
    #[fhir(name = "code", primitive, type = "dateTime")]
    code: Option<Primitive<String>>,
}

fn main() {
    let tag = Tag::from_json("{}").unwrap_or_default();
    println!("{tag:?} {} {}", tag.to_json(), tag.to_xml());
}
