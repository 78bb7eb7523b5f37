// A resource variant takes no #[fhir(...)] keys: the variant name is the resource type.
use careconnect_models::rt::FhirJson;
use careconnect_models::stu3;

#[derive(Clone, PartialEq, careconnect_derive::FhirResource)]
enum AnyResource {
    #[fhir(name = "Patient")]
    Patient(Box<stu3::Patient>),
}

fn main() {
    let any = AnyResource::from_json(r#"{"resourceType":"Patient"}"#);
    if let Ok(any) = any {
        println!("{} {any:?}", any.resource_type());
    }
    let _ = AnyResource::from(stu3::Patient::default());
}
