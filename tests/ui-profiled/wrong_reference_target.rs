// A reference to a target the element does not allow.
use careconnect_derive::Profiled;

use careconnect_models::careconnect::targets::Practitioner;
use careconnect_models::rt::profile::Ref;

#[derive(Profiled)]
#[careconnect(profile = careconnect_models::careconnect::CareConnectPatient)]
struct PatientRow {
    #[fhir(path = "name:official.family")]
    family: String,
    #[fhir(path = "managingOrganization")]
    organization: Option<Ref<Practitioner>>,
}

fn main() {}
