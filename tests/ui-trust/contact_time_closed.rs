// The trust's own extension binds its value to a value set of three codes.
use careconnect_tests::trust::codes::TrustContactTime1;

fn main() {
    let _time = TrustContactTime1::Night;
}
