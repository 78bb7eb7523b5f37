// Reading a base type as if it were a profile type: `Profile` is implemented by profile and
// extension types only.
use careconnect_models::rt::profile::Profile;
use careconnect_models::stu3::Patient;

fn read<P: Profile>(json: &str) -> Option<P> {
    P::from_json(json).ok()
}

fn main() {
    let _ = read::<Patient>("{}");
}
