// The trust's Patient makes Care Connect's optional `identifier:nhsNumber` slice required:
// the field is not an `Option`.
use careconnect_tests::trust::TrustPatient;

fn clear(patient: &mut TrustPatient) {
    patient.nhs_number = None;
}

fn main() {}
