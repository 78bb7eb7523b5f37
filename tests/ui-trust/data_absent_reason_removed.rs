// The trust's heart-rate Observation removes `dataAbsentReason` (max 0): no field.
use careconnect_tests::trust::TrustHeartRateObservation;

fn absent(observation: &TrustHeartRateObservation) -> bool {
    observation.data_absent_reason.is_none()
}

fn main() {}
