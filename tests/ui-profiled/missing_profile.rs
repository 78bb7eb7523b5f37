// The struct names the profile it maps onto.
use careconnect_derive::Profiled;

#[derive(Profiled)]
struct PatientRow {
    #[fhir(path = "name:official.family")]
    family: String,
}

fn main() {}
