// A Vec cannot fill an element that holds one value.
use careconnect_derive::Profiled;
use careconnect_models::rt::Date;

#[derive(Profiled)]
#[careconnect(profile = careconnect_models::careconnect::CareConnectPatient)]
struct PatientRow {
    #[fhir(path = "name:official.family")]
    family: String,
    #[fhir(path = "birthDate")]
    born: Vec<Date>,
}

fn main() {}
