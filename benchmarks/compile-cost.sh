#!/usr/bin/env bash
# Clean builds of careconnect-models and of fhir-model (feature stu3), alternating, in one
# script on this machine; also careconnect-stu3 alone (the base layer that
# careconnect-models re-exports as `careconnect_models::stu3`). Prints, for each, the
# median over the rounds of wall time, CPU
# time (user + sys) and peak RSS (the largest single process, from /usr/bin/time -v), and
# the ratios ours / fhir-model of those medians.
#
# Usage: benchmarks/compile-cost.sh [debug|release] [rounds]   (defaults: debug 3)
#
# The machine is shared and noisy, so the builds alternate and the medians are compared:
# a slow moment hits both rather than one.
#
# Like fhir-model, careconnect-models is built as users get it, as a dependency from a
# registry: cargo never builds those incrementally, so CARGO_INCREMENTAL=0. For reference
# the script also times the same build as a workspace member (incremental by default),
# which is what `cargo build` in this repository does. The peer crate is built in a scratch
# crate under target/compile-cost (never committed); cargo downloads it the first time,
# outside the timed builds.
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-debug}"
rounds="${2:-3}"
flag=""
[ "$profile" = release ] && flag="--release"
root="$PWD/target/compile-cost"
mkdir -p "$root/peer/src"

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
(cd "$root/peer" && cargo fetch -q)
cargo fetch -q

# measure NAME CMD...: prints "wall cpu rss_kib" of a clean build.
measure() {
  local name=$1; shift
  local log="$root/$name.time"
  if ! /usr/bin/time -v "$@" > "$root/$name.out" 2> "$log"; then
    cat "$root/$name.out" "$log" >&2
    exit 1
  fi
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = (n == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
    /User time/ { user = $2 }
    /System time/ { sys = $2 }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.2f %.2f %d\n", wall, user + sys, rss }' "$log"
}

ours_rows=()
base_rows=()
incr_rows=()
peer_rows=()
for round in $(seq "$rounds"); do
  echo "round $round/$rounds: careconnect-models" >&2
  rm -rf "$root/target-ours"
  ours_rows+=("$(measure careconnect-models env CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$root/target-ours" \
    cargo build -q --offline $flag -p careconnect-models)")
  echo "round $round/$rounds: careconnect-stu3" >&2
  rm -rf "$root/target-ours"
  base_rows+=("$(measure careconnect-stu3 env CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$root/target-ours" \
    cargo build -q --offline $flag -p careconnect-stu3)")
  echo "round $round/$rounds: careconnect-models, incremental" >&2
  rm -rf "$root/target-ours"
  incr_rows+=("$(measure careconnect-models-incremental env CARGO_INCREMENTAL=1 CARGO_TARGET_DIR="$root/target-ours" \
    cargo build -q --offline $flag -p careconnect-models)")
  echo "round $round/$rounds: fhir-model" >&2
  rm -rf "$root/peer/target"
  peer_rows+=("$(cd "$root/peer" && measure fhir-model cargo build -q --offline $flag)")
done

# median COLUMN ROWS...: the median of one column over the rounds.
median() {
  local col=$1; shift
  printf '%s\n' "$@" | awk -v c="$col" '{ print $c }' | sort -n |
    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ow=$(median 1 "${ours_rows[@]}"); oc=$(median 2 "${ours_rows[@]}"); orss=$(median 3 "${ours_rows[@]}")
bw=$(median 1 "${base_rows[@]}"); bc=$(median 2 "${base_rows[@]}"); brss=$(median 3 "${base_rows[@]}")
iw=$(median 1 "${incr_rows[@]}"); ic=$(median 2 "${incr_rows[@]}"); irss=$(median 3 "${incr_rows[@]}")
pw=$(median 1 "${peer_rows[@]}"); pc=$(median 2 "${peer_rows[@]}"); prss=$(median 3 "${peer_rows[@]}")

echo
echo "clean $profile builds on $(nproc) cores, median of $rounds alternating rounds"
echo
echo "| $profile build | wall s | CPU s | peak RSS MiB |"
echo "|---|---|---|---|"
awk -v n=careconnect-models -v w="$ow" -v c="$oc" -v r="$orss" 'BEGIN { printf "| %s | %.1f | %.1f | %.0f |\n", n, w, c, r / 1024 }'
awk -v n="careconnect-stu3 (base layer alone)" -v w="$bw" -v c="$bc" -v r="$brss" 'BEGIN { printf "| %s | %.1f | %.1f | %.0f |\n", n, w, c, r / 1024 }'
awk -v n="careconnect-models, incremental (workspace member)" -v w="$iw" -v c="$ic" -v r="$irss" 'BEGIN { printf "| %s | %.1f | %.1f | %.0f |\n", n, w, c, r / 1024 }'
awk -v n="fhir-model 0.13 (stu3)" -v w="$pw" -v c="$pc" -v r="$prss" 'BEGIN { printf "| %s | %.1f | %.1f | %.0f |\n", n, w, c, r / 1024 }'
awk -v a="$ow" -v b="$pw" -v c="$oc" -v d="$pc" -v e="$orss" -v f="$prss" \
  'BEGIN { printf "| ratio careconnect-models / fhir-model | %.2f | %.2f | %.2f |\n", a / b, c / d, e / f }'
awk -v a="$bw" -v b="$pw" -v c="$bc" -v d="$pc" -v e="$brss" -v f="$prss" \
  'BEGIN { printf "| ratio careconnect-stu3 / fhir-model | %.2f | %.2f | %.2f |\n", a / b, c / d, e / f }'
echo
echo "all rounds (wall s, CPU s, peak RSS KiB):"
printf '  careconnect-models: %s\n' "${ours_rows[@]}"
printf '  careconnect-stu3:   %s\n' "${base_rows[@]}"
printf '  incremental:        %s\n' "${incr_rows[@]}"
printf '  fhir-model:         %s\n' "${peer_rows[@]}"
