// FhirChoice derives on the enum of a choice element, not on a struct.
use careconnect_models::rt::{FhirJson, Primitive};

#[derive(Clone, PartialEq, careconnect_derive::FhirChoice)]
struct TagValue {
    value: Primitive<String>,
}

fn main() {
    let value = TagValue::from_json("{}").unwrap_or_default();
    println!("{value:?} {}", value.to_json());
}
