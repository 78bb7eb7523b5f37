#!/usr/bin/env bash
# Did a change make the models slower to build? Clean debug builds of careconnect-models at
# a base revision and in the working tree, one after the other in each round on this
# machine, compared by the medians over the rounds (the machine is shared and noisy: a slow
# moment hits both sides rather than one). Ratios are working tree / base (lower is better).
# Each round also rebuilds the careconnect-models crate alone on top of its built
# dependencies (`cargo clean -p careconnect-models`, then build): most of a clean build is
# the base layer, careconnect-stu3, which a change to the profile layer leaves as it was.
#
# Usage: benchmarks/compile-compare.sh BASE_REV [rounds] [cargo build args...]
#   e.g. benchmarks/compile-compare.sh ef33007 5
#        benchmarks/compile-compare.sh ef33007 5 --features xml
#
# The base is checked out with `git worktree` under target/compile-compare/base (removed at
# the end); both sides build with CARGO_INCREMENTAL=0 into target folders of their own,
# emptied before every build, as a dependency is built for a user.
set -euo pipefail
cd "$(dirname "$0")/.."
base_rev="${1:?usage: $0 BASE_REV [rounds] [cargo build args...]}"
rounds="${2:-3}"
shift $(( $# < 2 ? $# : 2 ))
extra=("$@")
workspace="$PWD"
root="$workspace/target/compile-compare"
mkdir -p "$root"
# shellcheck source=lib/measure.sh
source "$workspace/benchmarks/lib/measure.sh"

git worktree remove --force "$root/base" 2>/dev/null || true
git worktree add --detach -q "$root/base" "$base_rev"
trap 'git worktree remove --force "$root/base" 2>/dev/null || true' EXIT
cargo fetch -q
(cd "$root/base" && cargo fetch -q)

# build SIDE DIR: a clean build, then the crate alone; prints the two measurements.
build() {
  local side=$1 dir=$2 target="$root/target-$1"
  rm -rf "$target"
  (cd "$dir" && measure "$side" env CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$target" \
    cargo build -q --offline -p careconnect-models "${extra[@]}")
  (cd "$dir" && CARGO_TARGET_DIR="$target" cargo clean -q -p careconnect-models)
  (cd "$dir" && measure "$side-crate" env CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$target" \
    cargo build -q --offline -p careconnect-models "${extra[@]}")
}

# The side built second in a round measured 4-6% slower in an A/A run (the same code on
# both sides): the two take turns at going first.
base=(); ours=(); base_crate=(); ours_crate=()
run_base() {
  echo "round $round/$rounds: base ($base_rev)" >&2
  mapfile -t m < <(build base "$root/base")
  base+=("${m[0]}"); base_crate+=("${m[1]}")
}
run_ours() {
  echo "round $round/$rounds: working tree" >&2
  mapfile -t m < <(build ours "$workspace")
  ours+=("${m[0]}"); ours_crate+=("${m[1]}")
}
for round in $(seq "$rounds"); do
  if (( round % 2 )); then run_base; run_ours; else run_ours; run_base; fi
done

# paired LABEL OURS_ROWS -- BASE_ROWS: the median of the per-round ratios (CPU), a
# measure a slow moment moves less than the ratio of the medians.
paired() {
  local label=$1; shift
  local a=() b=()
  while [ "$1" != -- ]; do a+=("$1"); shift; done
  shift
  b=("$@")
  local ratios=()
  for i in "${!a[@]}"; do
    ratios+=("$(awk -v x="${a[$i]}" -v y="${b[$i]}" 'BEGIN { split(x, p, " "); split(y, q, " "); printf "%.4f", p[2] / q[2] }')")
  done
  printf '%s: median of the per-round CPU ratios %s\n' "$label" "$(median 1 "${ratios[@]}")"
}

echo
echo "clean debug build of careconnect-models ${extra[*]}, median of $rounds alternating rounds ($(uname -m), $(nproc) cores)"
echo
echo "| build | wall s | CPU s | peak RSS MiB |"
echo "|---|---|---|---|"
tree="working tree $(git rev-parse --short HEAD)$(git diff --quiet || echo +changes)"
row "base $base_rev" "${base[@]}"
row "$tree" "${ours[@]}"
ratio "working tree / base" "${ours[@]}" -- "${base[@]}"
row "careconnect-models alone, base" "${base_crate[@]}"
row "careconnect-models alone, $tree" "${ours_crate[@]}"
ratio "careconnect-models alone: working tree / base" "${ours_crate[@]}" -- "${base_crate[@]}"
echo
paired "clean build, working tree / base" "${ours[@]}" -- "${base[@]}"
paired "careconnect-models alone, working tree / base" "${ours_crate[@]}" -- "${base_crate[@]}"
echo
echo "all rounds (wall s, CPU s, peak RSS KiB):"
printf '    base:               %s\n' "${base[@]}"
printf '    working tree:       %s\n' "${ours[@]}"
printf '    base, crate:        %s\n' "${base_crate[@]}"
printf '    working tree, crate: %s\n' "${ours_crate[@]}"
