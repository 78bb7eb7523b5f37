// CareConnect-Patient-1 requires an official name (`name:official` 1..1): the constructor
// takes it, so leaving it out does not compile.
use careconnect_models::careconnect::CareConnectPatient;

fn main() {
    let _patient = CareConnectPatient::new();
}
