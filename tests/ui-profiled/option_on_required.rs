// An Option cannot fill a required element.
use careconnect_derive::Profiled;

#[derive(Profiled)]
#[careconnect(profile = careconnect_models::careconnect::CareConnectPatient)]
struct PatientRow {
    #[fhir(path = "name:official.family")]
    family: Option<String>,
}

fn main() {}
