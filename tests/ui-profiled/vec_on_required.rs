// A Vec, which may be empty, cannot fill a required repeating element: NonEmpty can.
use careconnect_derive::Profiled;

#[derive(Profiled)]
#[careconnect(profile = careconnect_models::careconnect::CareConnectComposition)]
struct DischargeSummary {
    #[fhir(path = "title")]
    title: String,
    #[fhir(path = "author")]
    authors: Vec<
        careconnect_models::rt::profile::Ref<
            careconnect_models::careconnect::targets::DeviceOrPatientOrPractitionerOrRelatedPerson,
        >,
    >,
}

fn main() {}
