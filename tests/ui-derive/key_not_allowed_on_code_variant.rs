// `type` belongs on a choice variant, not on a code variant.
use careconnect_models::rt::FhirJson;
use careconnect_models::rt::Primitive;

#[derive(Clone, Copy, PartialEq, Eq, careconnect_derive::FhirCode)]
#[fhir(value_set = "http://example.org/ValueSet/colour")]
enum Colour {
    #[fhir(code = "red", type = "code")]
    Red,
}

/// Holds the broken code: its impls are still found.
#[derive(Clone, PartialEq, careconnect_derive::FhirType)]
#[fhir(name = "Tag")]
struct Tag {
    #[fhir(name = "colour", primitive, required)]
    colour: Primitive<Colour>,
}

fn main() {
    let tag = Tag::from_json("{}").unwrap_or_default();
    let colour: Result<Colour, _> = "red".parse();
    println!("{tag:?} {} {colour:?} {}", tag.to_json(), Colour::default());
}
