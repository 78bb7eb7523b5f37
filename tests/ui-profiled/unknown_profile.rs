// A type that is not a generated profile type.
use careconnect_derive::Profiled;
use careconnect_models::rt::Date;

#[derive(Profiled)]
#[careconnect(profile = careconnect_models::stu3::Patient)]
struct PatientRow {
    #[fhir(path = "birthDate")]
    born: Option<Date>,
}

fn main() {}
