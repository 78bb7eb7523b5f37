// A repeating element takes a Vec.
use careconnect_derive::Profiled;

#[derive(Profiled)]
#[careconnect(profile = careconnect_models::careconnect::CareConnectPatient)]
struct PatientRow {
    #[fhir(path = "name:official.family")]
    family: String,
    #[fhir(path = "name:official.given")]
    given: String,
}

fn main() {}
