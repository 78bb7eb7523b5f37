// CareConnect-Patient-1 removes `Patient.animal` (max 0): the profile type has no such field.
use careconnect_models::careconnect::{CareConnectPatient, CareConnectPatientOfficial};

fn main() {
    let mut patient = CareConnectPatient::new(CareConnectPatientOfficial::new("Smith".into()));
    patient.animal = None;
}
