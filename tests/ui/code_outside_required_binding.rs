// The ethnic-category extension binds its value to CareConnect-EthnicCategory-1 (required):
// a code outside that value set is not a variant of its enum.
use careconnect_models::careconnect::codes::CareConnectEthnicCategory;

fn main() {
    let _code = CareConnectEthnicCategory::Martian;
}
