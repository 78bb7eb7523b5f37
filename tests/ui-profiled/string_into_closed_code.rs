// A String does not convert into a code of a closed enum.
use careconnect_derive::Profiled;

#[derive(Profiled)]
#[careconnect(profile = careconnect_models::careconnect::CareConnectPatient)]
struct PatientRow {
    #[fhir(path = "name:official.family")]
    family: String,
    #[fhir(path = "gender")]
    gender: Option<String>,
}

fn main() {}
