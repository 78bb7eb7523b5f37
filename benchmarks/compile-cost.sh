#!/usr/bin/env bash
# What it costs to build the models, against fhir-model 0.13 (feature stu3), the nearest
# Rust peer, measured one after the other in one script on this machine:
#
#   - clean builds of careconnect-models (default features: JSON), careconnect-models with
#     the xml feature, careconnect-stu3 alone (the base layer) and fhir-model, in debug and
#     in release;
#   - the incremental rebuild of a small user crate (parse a Patient, write it back) after
#     editing one line of it, once on careconnect-models and once on fhir-model.
#
# Each build reports wall time, CPU time (user + sys of all processes) and peak RSS (the
# largest single process, from /usr/bin/time -v). The machine is shared and noisy, so the
# builds alternate within a round and the medians over the rounds are compared: a slow
# moment hits both sides rather than one. Ratios are ours / fhir-model (lower is better).
#
# Usage: benchmarks/compile-cost.sh [debug|release|all] [rounds]   (defaults: all 3)
#
# careconnect-models is built as users get it, as a dependency: cargo never builds
# dependencies incrementally, so clean builds set CARGO_INCREMENTAL=0 for both sides. The
# peer and the user crates are scratch crates under target/compile-cost (never committed);
# cargo downloads fhir-model the first time, outside the timed builds.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
rounds="${2:-3}"
case "$what" in
  debug) profiles=(debug) ;;
  release) profiles=(release) ;;
  all) profiles=(debug release) ;;
  *) echo "usage: $0 [debug|release|all] [rounds]" >&2; exit 2 ;;
esac
workspace="$PWD"
root="$workspace/target/compile-cost"
mkdir -p "$root/peer/src" "$root/user-ours/src" "$root/user-peer/src"

cat > "$root/peer/Cargo.toml" <<'TOML'
[package]
name = "fhir-model-scratch"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
fhir-model = { version = "=0.13.0", default-features = false, features = ["stu3"] }
[workspace]
TOML
echo 'pub use fhir_model::stu3;' > "$root/peer/src/lib.rs"

cat > "$root/user-ours/Cargo.toml" <<TOML
[package]
name = "user-ours"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
careconnect-models = { path = "$workspace/careconnect-models" }
[workspace]
TOML
cat > "$root/user-peer/Cargo.toml" <<'TOML'
[package]
name = "user-peer"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
fhir-model = { version = "=0.13.0", default-features = false, features = ["stu3"] }
serde_json = "1"
[workspace]
TOML

# user_main SIDE EDIT: the user crate's main.rs; EDIT is the one line that changes.
user_main() {
  local side=$1 edit=$2
  if [ "$side" = ours ]; then
    cat <<RUST
use careconnect_models::rt::FhirJson;
use careconnect_models::stu3::Patient;

fn main() {
    let json = r#"{"resourceType":"Patient","id":"p1","active":true}"#;
    let patient = Patient::from_json(json).expect("a valid Patient");
    println!("{} {}", patient.to_json(), "$edit");
}
RUST
  else
    cat <<RUST
use fhir_model::stu3::resources::Patient;

fn main() {
    let json = r#"{"resourceType":"Patient","id":"p1","active":true}"#;
    let patient: Patient = serde_json::from_str(json).expect("a valid Patient");
    println!("{} {}", serde_json::to_string(&patient).expect("writes"), "$edit");
}
RUST
  fi
}
user_main ours edit-0 > "$root/user-ours/src/main.rs"
user_main peer edit-0 > "$root/user-peer/src/main.rs"
(cd "$root/peer" && cargo fetch -q)
(cd "$root/user-ours" && cargo fetch -q)
(cd "$root/user-peer" && cargo fetch -q)
cargo fetch -q

# measure, median, row, ratio: shared with compile-compare.sh.
# shellcheck source=lib/measure.sh
source "$workspace/benchmarks/lib/measure.sh"

report=()
for profile in "${profiles[@]}"; do
  flag=""
  [ "$profile" = release ] && flag="--release"
  models=(); xml=(); base=(); peer=()
  for round in $(seq "$rounds"); do
    echo "$profile round $round/$rounds: careconnect-models" >&2
    rm -rf "$root/target-ours"
    models+=("$(measure models env CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$root/target-ours" \
      cargo build -q --offline $flag -p careconnect-models)")
    echo "$profile round $round/$rounds: careconnect-models --features xml" >&2
    rm -rf "$root/target-ours"
    xml+=("$(measure models-xml env CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$root/target-ours" \
      cargo build -q --offline $flag -p careconnect-models --features xml)")
    echo "$profile round $round/$rounds: careconnect-stu3" >&2
    rm -rf "$root/target-ours"
    base+=("$(measure stu3 env CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$root/target-ours" \
      cargo build -q --offline $flag -p careconnect-stu3)")
    echo "$profile round $round/$rounds: fhir-model" >&2
    rm -rf "$root/peer/target"
    peer+=("$(cd "$root/peer" && measure fhir-model env CARGO_INCREMENTAL=0 cargo build -q --offline $flag)")
  done
  report+=("" "clean $profile builds, median of $rounds alternating rounds" ""
    "| clean $profile build | wall s | CPU s | peak RSS MiB |" "|---|---|---|---|"
    "$(row "careconnect-models (JSON; the default features)" "${models[@]}")"
    "$(row "careconnect-models, features = [\"xml\"]" "${xml[@]}")"
    "$(row "careconnect-stu3 alone (the base layer)" "${base[@]}")"
    "$(row "fhir-model 0.13 (stu3)" "${peer[@]}")"
    "$(ratio "careconnect-models / fhir-model" "${models[@]}" -- "${peer[@]}")"
    "$(ratio "careconnect-models with xml / fhir-model" "${xml[@]}" -- "${peer[@]}")"
    "" "all rounds (wall s, CPU s, peak RSS KiB):"
    "$(printf '    careconnect-models: %s\n' "${models[@]}")"
    "$(printf '    with xml:           %s\n' "${xml[@]}")"
    "$(printf '    careconnect-stu3:   %s\n' "${base[@]}")"
    "$(printf '    fhir-model:         %s\n' "${peer[@]}")")
done

# The user crates: one untimed debug build each, then edit-and-rebuild rounds.
echo "user crates: first builds (not timed)" >&2
(cd "$root/user-ours" && cargo build -q --offline)
(cd "$root/user-peer" && cargo build -q --offline)
ours_edit=(); peer_edit=()
for round in $(seq "$rounds"); do
  echo "incremental round $round/$rounds" >&2
  user_main ours "edit-$round" > "$root/user-ours/src/main.rs"
  ours_edit+=("$(cd "$root/user-ours" && measure user-ours cargo build -q --offline)")
  user_main peer "edit-$round" > "$root/user-peer/src/main.rs"
  peer_edit+=("$(cd "$root/user-peer" && measure user-peer cargo build -q --offline)")
done
report+=("" "incremental debug rebuild of a user crate after editing one line, median of $rounds" ""
  "| rebuild | wall s | CPU s | peak RSS MiB |" "|---|---|---|---|"
  "$(row "user crate on careconnect-models" "${ours_edit[@]}")"
  "$(row "user crate on fhir-model" "${peer_edit[@]}")"
  "$(ratio "ours / fhir-model" "${ours_edit[@]}" -- "${peer_edit[@]}")")

echo
echo "compile cost on $(nproc) cores, $(rustc --version)"
printf '%s\n' "${report[@]}"
