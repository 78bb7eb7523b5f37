// Each resource variant holds its resource in a `Box`.
use careconnect_models::rt::FhirJson;
use careconnect_models::stu3;

#[derive(Clone, PartialEq, careconnect_derive::FhirResource)]
enum AnyResource {
    Patient(Box<stu3::Patient>),
    Observation(stu3::Observation),
}

fn main() {
    let any = AnyResource::from_json(r#"{"resourceType":"Patient"}"#);
    if let Ok(any) = any {
        println!("{} {any:?}", any.resource_type());
    }
    let _ = AnyResource::from(stu3::Patient::default());
}
