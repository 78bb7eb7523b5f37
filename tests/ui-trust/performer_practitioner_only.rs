// The trust's heart-rate Observation allows only a Care Connect Practitioner as performer:
// an Organization is not a target of the field's references.
use careconnect_models::careconnect::CareConnectOrganization;
use careconnect_models::rt::profile::Ref;
use careconnect_tests::trust::TrustHeartRateObservation;

fn add(observation: &mut TrustHeartRateObservation, organization: &CareConnectOrganization) {
    if let Some(performer) = Ref::to(organization) {
        observation.performer.push(performer);
    }
}

fn main() {}
