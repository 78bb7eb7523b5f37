// An element path the profile does not have.
use careconnect_derive::Profiled;

#[derive(Profiled)]
#[careconnect(profile = careconnect_models::careconnect::CareConnectPatient)]
struct PatientRow {
    #[fhir(path = "name:offical.family")]
    family: String,
}

fn main() {}
