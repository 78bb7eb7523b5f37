// A profile type is a reference target where its base type is: a Care Connect patient is no
// organization, so `Ref<Organization>` built from one does not compile.
use careconnect_models::careconnect::CareConnectPatient;
use careconnect_models::careconnect::targets::Organization;
use careconnect_models::rt::profile::Ref;

fn check(patient: &CareConnectPatient) {
    let _reference = Ref::<Organization>::to(patient);
}

fn main() {}
