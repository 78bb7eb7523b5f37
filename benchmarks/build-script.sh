#!/usr/bin/env bash
# What generating a user's profile package in a build script costs, measured in one script
# on this machine (scratch crates under target/build-script-cost, never committed):
#
#   1. generation inside the build script: the build script of a fresh crate (as cargo
#      compiles it with the default dev profile: build dependencies unoptimised) run
#      directly, as cargo runs it, RUNS times: all of nhs-derived-dev (31 profiles and
#      their extensions), and one profile asked for (eRS-ReferralRequest-1 and what it
#      uses); medians of wall and CPU time, and their ratio; then the same crate with the
#      README's profile settings (the parsers and the formatter the generator uses
#      optimised: `tuned`);
#   2. the clean debug build of those fresh crates against the same crate depending on
#      careconnect-models alone (no build script, no generated types), the four
#      alternating over ROUNDS rounds, medians of wall, CPU (user + sys of every process)
#      and peak RSS;
#   3. whether an edit of the crate's main.rs runs the generator again (it must not), and
#      whether an edit of the package does (it must).
#
# Usage: benchmarks/build-script.sh [rounds] [runs]   (defaults: 3, 7)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
runs="${2:-7}"
workspace="$PWD"
root="$workspace/target/build-script-cost"
# shellcheck source=lib/measure.sh
source "$workspace/benchmarks/lib/measure.sh"
definitions="${CARECONNECT_DEFINITIONS:-$workspace/../shared/definitions}"
# A copy, so that step 3 can touch it without changing the shared folder.
rm -rf "$root/nhs-derived-dev"
mkdir -p "$root"
cp -r "$definitions/nhs-derived-dev" "$root/nhs-derived-dev"
nhs="$root/nhs-derived-dev"
referral="https://fhir.nhs.uk/STU3/StructureDefinition/eRS-ReferralRequest-1"
mkdir -p "$root"

# crate NAME KIND: a fresh crate; KIND is `plain` (careconnect-models only), `all` (a build
# script generating nhs-derived-dev), `one` (the same asking for one profile) or `tuned`
# (`all` with the README's profile settings).
crate() {
  local dir="$root/$1" kind=$2
  rm -rf "$dir"
  mkdir -p "$dir/src"
  cp "$workspace/Cargo.lock" "$dir/Cargo.lock"
  {
    printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n' "bs-$1"
    printf '[dependencies]\ncareconnect-models = { path = "%s" }\n\n' "$workspace/careconnect-models"
    if [ "$kind" != plain ]; then
      printf '[build-dependencies]\ncareconnect-codegen = { path = "%s", default-features = false }\n\n' "$workspace/codegen"
    fi
    printf '[workspace]\n'
    if [ "$kind" = tuned ]; then
      for p in roxmltree serde_json syn proc-macro2 prettyplease; do
        printf '\n[profile.dev.package.%s]\nopt-level = 3\n' "$p"
      done
    fi
  } > "$dir/Cargo.toml"
  local profile=""
  [ "$kind" = one ] && profile=".profile(\"$referral\")"
  if [ "$kind" != plain ]; then
    cat > "$dir/build.rs" <<RS
fn main() -> Result<(), Box<dyn std::error::Error>> {
    careconnect_codegen::Config::new()
        .package("$nhs")
        $profile
        .compile()?;
    Ok(())
}
RS
  fi
  # The same program on both sides: a Care Connect Patient to JSON; with the generated
  # types, an eRS ReferralRequest referencing it too.
  {
    [ "$kind" != plain ] && printf 'mod nhs {\n    include!(concat!(env!("OUT_DIR"), "/careconnect_profiles.rs"));\n}\n\n'
    printf 'use careconnect_models::careconnect::{CareConnectPatient, CareConnectPatientOfficial};\n'
    printf 'use careconnect_models::rt::profile::Profile;\n\nfn main() {\n'
    printf '    let mut patient = CareConnectPatient::new(CareConnectPatientOfficial::new("Smith".into()));\n'
    printf '    patient.id = Some("p1".into());\n    println!("{}", patient.to_json());\n'
    if [ "$kind" != plain ]; then
      printf '    let subject = careconnect_models::rt::profile::Ref::<careconnect_models::careconnect::targets::Patient>::to(&patient).map(|r| r.into_reference()).unwrap_or_default();\n'
      printf '    let referral = nhs::ERsReferralRequest::new(nhs::codes::ERsReferralStatus::Active.into(), careconnect_models::stu3::codes::RequestIntent::Order.into(), subject);\n'
      printf '    println!("{}", referral.to_json());\n'
    fi
    printf '}\n'
  } > "$dir/src/main.rs"
}

crate plain plain
crate all all
crate one one
crate tuned tuned

echo "first builds (not timed)" >&2
for side in plain all one tuned; do
  (cd "$root/$side" && cargo build -q --offline 2> /dev/null)
done

# 1. The build script, run as cargo runs it.
script() { ls "$root/$1"/target/debug/build/bs-"$1"-*/build-script-build | head -1; }
# generate SIDE: RUNS runs of the build script of crate SIDE.
generate() {
  local bin out
  bin="$(script "$1")"
  out="$root/out-$1"
  for _ in $(seq "$runs"); do
    rm -rf "$out"; mkdir -p "$out"
    measure "gen-$1" env OUT_DIR="$out" CARGO_MANIFEST_DIR="$root/$1" \
      DEP_CARECONNECT_MODELS_FACTS="$workspace/careconnect-models/facts.jsonl" "$bin"
  done
}
mapfile -t gen_all < <(generate all)
mapfile -t gen_one < <(generate one)
mapfile -t gen_tuned < <(generate tuned)

# 2. Clean debug builds, alternating (the order rotates every round).
plain=(); all=(); one=(); tuned=()
sides=(plain all one tuned)
for round in $(seq "$rounds"); do
  for k in 0 1 2 3; do
    side="${sides[$(((round + k) % 4))]}"
    echo "round $round/$rounds: clean debug build, $side" >&2
    rm -rf "$root/$side/target"
    m="$(cd "$root/$side" && measure "build-$side" cargo build -q --offline)"
    case "$side" in
      plain) plain+=("$m") ;;
      all) all+=("$m") ;;
      one) one+=("$m") ;;
      tuned) tuned+=("$m") ;;
    esac
  done
done

# 3. What runs again after an edit.
ran() { (cd "$root/all" && cargo build -v --offline 2>&1 | grep -c 'Running `.*build-script-build`' || true); }
touch "$root/all/src/main.rs"
after_main="$(ran)"
touch "$nhs/profiles"
after_package="$(ran)"

cpu_model="$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
echo
echo "Machine: $cpu_model, $(nproc) cores; $(rustc --version)"
echo
echo "Generation inside the build script (default dev profile), median of $runs runs"
echo
echo "| build script | wall s | CPU s | peak RSS MiB |"
echo "|---|---:|---:|---:|"
row "all 31 profiles" "${gen_all[@]}"
row "one profile (eRS-ReferralRequest-1)" "${gen_one[@]}"
row "all 31, README profile settings" "${gen_tuned[@]}"
ratio "one profile / all 31" "${gen_one[@]}" -- "${gen_all[@]}"
echo
echo "Clean debug build of a fresh crate, median of $rounds rounds (goal: ≤ 1.5× wall)"
echo
echo "| crate | wall s | CPU s | peak RSS MiB |"
echo "|---|---:|---:|---:|"
row "careconnect-models alone" "${plain[@]}"
row "with the build script (31 profiles)" "${all[@]}"
row "with the build script asking for one profile" "${one[@]}"
row "31 profiles, README profile settings" "${tuned[@]}"
ratio "with the build script / alone" "${all[@]}" -- "${plain[@]}"
ratio "one profile / alone" "${one[@]}" -- "${plain[@]}"
ratio "README profile settings / alone" "${tuned[@]}" -- "${plain[@]}"
echo
echo "Build script runs after editing src/main.rs: $after_main (goal 0); after touching the package: $after_package (goal 1)"
