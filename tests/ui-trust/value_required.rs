// The trust makes the heart rate's `valueQuantity` required.
use careconnect_tests::trust::TrustHeartRateObservation;

fn clear(observation: &mut TrustHeartRateObservation) {
    observation.value = None;
}

fn main() {}
