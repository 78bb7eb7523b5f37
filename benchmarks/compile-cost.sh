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
#        benchmarks/compile-cost.sh derive [rounds] [instructions]   (default: 5)
#
# `derive` measures what `#[derive(Profiled)]` costs instead: benchmarks/derive-cost/gen.py
# writes a user crate of 30 structs mapped onto 10 profiles with the derive and the same
# crate with the conversions written by hand (scratch, under target/derive-cost); a test
# first checks that both give equal profile values; then clean debug builds of each user
# crate alone on its built dependencies (`cargo clean -p` + `cargo build`, incremental as
# cargo's dev profile has it), and clean builds of careconnect-models with and without the
# `derive` feature, the whole build and the crate alone on its built careconnect-stu3.
# With `instructions` it also counts rustc's instructions compiling each user crate and
# careconnect-models with and without `derive` (valgrind's callgrind, as
# compile-instructions.sh does; independent of the machine's load; ≈ 20 more minutes).
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
  derive) rounds="${2:-5}" ;;
  *) echo "usage: $0 [debug|release|all] [rounds] | derive [rounds] [instructions]" >&2; exit 2 ;;
esac
workspace="$PWD"

# derive_instructions: rustc's instruction counts for the `derive` mode: the two user
# crates at once (valgrind runs a program on one core), then careconnect-models with and
# without the feature.
derive_instructions() {
  command -v valgrind > /dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
  cat > "$root/callgrind-wrapper.sh" <<'SH'
#!/usr/bin/env bash
rustc=$1; shift
crate=""
prev=""
for a in "$@"; do
  [ "$prev" = "--crate-name" ] && crate=$a
  prev=$a
done
if [ "$crate" = "$CALLGRIND_CRATE" ]; then
  exec valgrind --tool=callgrind --callgrind-out-file="$CALLGRIND_DIR/$crate.out" \
    "$rustc" "$@" 2> "$CALLGRIND_DIR/$crate.log"
fi
exec "$rustc" "$@"
SH
  chmod +x "$root/callgrind-wrapper.sh"
  # counted DIR CRATE CMD...: runs CMD (a cargo build) with crate CRATE under callgrind.
  counted() {
    local dir=$1 crate=$2; shift 2
    rm -rf "$dir"; mkdir -p "$dir"
    CALLGRIND_DIR="$dir" CALLGRIND_CRATE="$crate" RUSTC_WRAPPER="$root/callgrind-wrapper.sh" "$@"
  }
  echo "derive: the user crates under callgrind" >&2
  local side pids=()
  for side in derived by_hand; do
    (cd "$root/$side" && cargo build -q --offline 2> /dev/null &&
      cargo clean -q -p "derive-cost-${side//_/-}" &&
      counted "$root/instructions-$side" "derive_cost_${side}" cargo build -q --offline) &
    pids+=($!)
  done
  wait "${pids[@]}"
  # One after the other in one target dir (one build of careconnect-stu3 on the disk).
  echo "derive: careconnect-models with and without derive under callgrind" >&2
  for side in with without; do
    local feature=()
    [ "$side" = with ] && feature=(--features derive)
    (export CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$root/target-models"
      cargo build -q --offline -p careconnect-stu3 2> /dev/null
      cargo clean -q -p careconnect-models
      counted "$root/instructions-models-$side" careconnect_models \
        cargo build -q --offline -p careconnect-models "${feature[@]}")
  done
  count() { awk '/^summary:/ { print $2 }' "$root/instructions-$1/$2.out"; }
  instructions_report=("" "rustc instructions (callgrind), debug build" ""
    "| crate | with the derive | without | ratio |" "|---|---:|---:|---:|"
    "$(awk -v a="$(count derived derive_cost_derived)" -v b="$(count by_hand derive_cost_by_hand)" \
      'BEGIN { printf "| user crate: derived / by hand | %.3e | %.3e | **%.2f** |", a, b, a / b }')"
    "$(awk -v a="$(count models-with careconnect_models)" -v b="$(count models-without careconnect_models)" \
      'BEGIN { printf "| careconnect_models: features derive / default | %.3e | %.3e | **%.2f** |", a, b, a / b }')")
}

# derive_cost: the `derive` mode (see the header).
derive_cost() {
  root="$workspace/target/derive-cost"
  python3 "$workspace/benchmarks/derive-cost/gen.py" "$root" > /dev/null
  echo "derive: the two user crates give equal profile values (cargo test)" >&2
  # In the derived crate's target dir: the dependencies are the same build.
  (cd "$root/compare" && CARGO_TARGET_DIR="$root/derived/target" \
    cargo test -q --offline > "$root/test.out" 2>&1) ||
    { cat "$root/test.out" >&2; exit 1; }
  echo "derive: first builds of the user crates' dependencies (not timed)" >&2
  (cd "$root/derived" && cargo build -q --offline)
  (cd "$root/by_hand" && cargo build -q --offline)
  local derived=() by_hand=() order
  for round in $(seq "$rounds"); do
    # The sides take turns at going first.
    if [ $((round % 2)) = 1 ]; then order="derived by_hand"; else order="by_hand derived"; fi
    for side in $order; do
      echo "derive round $round/$rounds: user crate, $side" >&2
      local package="derive-cost-${side//_/-}"
      # Brings the dependencies up to date first (the working tree is shared: an edit to
      # the models would otherwise be rebuilt inside the timed build).
      (cd "$root/$side" && cargo build -q --offline 2> /dev/null && cargo clean -q -p "$package")
      local m
      m="$(cd "$root/$side" && measure "user-$side" cargo build -q --offline)"
      if [ "$side" = derived ]; then derived+=("$m"); else by_hand+=("$m"); fi
    done
  done
  local with=() without=() with_alone=() without_alone=() feature
  local target="$root/target-models"
  for round in $(seq "$rounds"); do
    if [ $((round % 2)) = 1 ]; then order="with without"; else order="without with"; fi
    for side in $order; do
      echo "derive round $round/$rounds: careconnect-models $side the derive feature" >&2
      feature=()
      [ "$side" = with ] && feature=(--features derive)
      rm -rf "$target"
      local all alone
      all="$(measure "models-$side" env CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$target" \
        cargo build -q --offline -p careconnect-models "${feature[@]}")"
      env CARGO_TARGET_DIR="$target" cargo clean -q -p careconnect-models
      alone="$(measure "models-$side-alone" env CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$target" \
        cargo build -q --offline -p careconnect-models "${feature[@]}")"
      if [ "$side" = with ]; then with+=("$all"); with_alone+=("$alone")
      else without+=("$all"); without_alone+=("$alone"); fi
    done
  done
  instructions_report=()
  [ "${3:-}" = instructions ] && derive_instructions
  rm -rf "$target"
  echo
  echo "derive cost on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(rustc --version), $(git rev-parse --short HEAD)"
  printf '%s\n' "" "clean debug build of the user crate alone (dependencies built), median of $rounds alternating rounds" "" \
    "| user crate: 30 structs onto 10 profiles | wall s | CPU s | peak RSS MiB |" "|---|---|---|---|" \
    "$(row "#[derive(Profiled)] with reverse" "${derived[@]}")" \
    "$(row "conversions written by hand" "${by_hand[@]}")" \
    "$(ratio "derived / by hand" "${derived[@]}" -- "${by_hand[@]}")" \
    "" "clean debug build of careconnect-models (CARGO_INCREMENTAL=0), median of $rounds alternating rounds" "" \
    "| careconnect-models | wall s | CPU s | peak RSS MiB |" "|---|---|---|---|" \
    "$(row "whole build, features = [\"derive\"]" "${with[@]}")" \
    "$(row "whole build, default features" "${without[@]}")" \
    "$(ratio "whole build: derive / default" "${with[@]}" -- "${without[@]}")" \
    "$(row "the crate alone, features = [\"derive\"]" "${with_alone[@]}")" \
    "$(row "the crate alone, default features" "${without_alone[@]}")" \
    "$(ratio "the crate alone: derive / default" "${with_alone[@]}" -- "${without_alone[@]}")" \
    "" "all rounds (wall s, CPU s, peak RSS KiB):" \
    "$(printf '    user crate, derived:  %s\n' "${derived[@]}")" \
    "$(printf '    user crate, by hand:  %s\n' "${by_hand[@]}")" \
    "$(printf '    models with derive:   %s\n' "${with[@]}")" \
    "$(printf '    models without:       %s\n' "${without[@]}")" \
    "$(printf '    alone with derive:    %s\n' "${with_alone[@]}")" \
    "$(printf '    alone without:        %s\n' "${without_alone[@]}")" \
    "${instructions_report[@]}"
}

if [ "$what" = derive ]; then
  # shellcheck source=lib/measure.sh
  source "$workspace/benchmarks/lib/measure.sh"
  derive_cost "$@"
  exit
fi
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
echo "compile cost on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(rustc --version)"
printf '%s\n' "${report[@]}"
