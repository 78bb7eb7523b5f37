// An element the profile removes (max 0).
use careconnect_derive::Profiled;

#[derive(Profiled)]
#[careconnect(profile = careconnect_models::careconnect::CareConnectPatient)]
struct PatientRow {
    #[fhir(path = "name:official.family")]
    family: String,
    #[fhir(path = "animal")]
    animal: Option<String>,
}

fn main() {}
