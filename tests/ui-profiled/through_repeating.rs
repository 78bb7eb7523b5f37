// A path does not go on into a repeating element: map a struct to it.
use careconnect_derive::Profiled;

#[derive(Profiled)]
#[careconnect(profile = careconnect_models::careconnect::CareConnectPatient)]
struct PatientRow {
    #[fhir(path = "name:official.family")]
    family: String,
    #[fhir(path = "contact.gender")]
    contact_gender: Option<String>,
}

fn main() {}
