// The trust closes `telecom.system` to phone and email: `fax` is not a variant.
use careconnect_tests::trust::codes::TrustContactPointSystem1;

fn main() {
    let _system = TrustContactPointSystem1::Fax;
}
