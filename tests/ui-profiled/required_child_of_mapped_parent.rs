// Mapping into the optional NHS number slice makes its required children needed.
use careconnect_derive::Profiled;

#[derive(Profiled)]
#[careconnect(profile = careconnect_models::careconnect::CareConnectPatient)]
struct PatientRow {
    #[fhir(path = "name:official.family")]
    family: String,
    #[fhir(path = "identifier:nhsNumber.value")]
    nhs_number: String,
}

fn main() {}
