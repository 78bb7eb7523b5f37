// FhirResource derives on the enum of all resource types, not on a struct.
use careconnect_models::rt::FhirJson;
use careconnect_models::stu3;

#[derive(Clone, PartialEq, careconnect_derive::FhirResource)]
struct AnyResource {
    patient: Box<stu3::Patient>,
}

fn main() {
    let any = AnyResource::from_json(r#"{"resourceType":"Patient"}"#);
    if let Ok(any) = any {
        println!("{} {any:?}", any.resource_type());
    }
}
