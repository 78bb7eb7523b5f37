// A code is nothing but its text: its variant holds no data.
use careconnect_models::rt::FhirJson;
use careconnect_models::rt::Primitive;

#[derive(Clone, Copy, PartialEq, Eq, careconnect_derive::FhirCode)]
#[fhir(value_set = "http://example.org/ValueSet/colour")]
enum Colour {
    #[fhir(code = "red")]
    Red(u8),
    #[fhir(code = "green")]
    Green,
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
