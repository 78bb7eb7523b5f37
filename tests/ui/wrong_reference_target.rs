// `Patient.managingOrganization` may only reference an Organization: a reference built from
// a practitioner does not compile.
use careconnect_models::careconnect::targets::Organization;
use careconnect_models::rt::profile::Ref;
use careconnect_models::stu3::Practitioner;

fn main() {
    let practitioner = Practitioner::default();
    let _reference = Ref::<Organization>::to(&practitioner);
}
