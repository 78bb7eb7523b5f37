// A required element that no field fills.
use careconnect_derive::Profiled;
use careconnect_models::rt::Date;

#[derive(Profiled)]
#[careconnect(profile = careconnect_models::careconnect::CareConnectPatient)]
struct PatientRow {
    #[fhir(path = "birthDate")]
    born: Option<Date>,
}

fn main() {}
