// The trust makes `telecom.system` required.
use careconnect_tests::trust::TrustPatientTelecom;

fn clear(telecom: &mut TrustPatientTelecom) {
    telecom.system = None;
}

fn main() {}
