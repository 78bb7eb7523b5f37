// The trust's Patient makes `birthDate` required: the field is not an `Option`.
use careconnect_tests::trust::TrustPatient;

fn clear(patient: &mut TrustPatient) {
    patient.birth_date = None;
}

fn main() {}
