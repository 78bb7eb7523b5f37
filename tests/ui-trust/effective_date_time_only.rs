// The trust narrows Care Connect's `effective[x]` (dateTime or Period) to dateTime.
use careconnect_models::stu3::Period;
use careconnect_tests::trust::TrustHeartRateObservation;

fn set(observation: &mut TrustHeartRateObservation) {
    observation.effective = Period::default();
}

fn main() {}
