// `type` on a field goes with `primitive` or `attribute`: a complex element has no
// string value.
use careconnect_models::rt::{FhirJson, FhirXml};

#[derive(Clone, PartialEq, careconnect_derive::FhirType)]
#[fhir(name = "Tag")]
struct Tag {
    #[fhir(name = "part", type = "id")]
    part: Option<Box<Tag>>,
}

fn main() {
    let tag = Tag::from_json("{}").unwrap_or_default();
    println!("{tag:?} {} {}", tag.to_json(), tag.to_xml());
}
