#!/usr/bin/env bash
# Lenient reading at scale: the time to read a Patient leniently with N issues in it (unknown
# elements, missing required ones), JSON and XML, for N doubling, and the ratios of those
# times measured in one process (see benchmarks/lenient-scaling/src/main.rs). Goal: twice
# the issues in at most 2.2 times the time. The report (Markdown) goes to stdout: the CPU
# and rustc, a table of medians and ratios, and the page faults per read.
#
# Usage: benchmarks/lenient-scaling.sh [--base REV] [ROUNDS [SIZES]]
#   ROUNDS      rounds, the median of each case is reported (default 5)
#   SIZES       the values of N, comma-separated, each twice the one before
#               (default 20000,40000,80000,160000)
#   --base REV  measures REV's runtime instead of the working tree's: REV is checked out
#               with `git worktree` under target/lenient-scaling/base (removed at the end)
#               and this benchmark copied into it, built without the `max-issues` runs if
#               REV has no `ReadOptions::max_issues`.
#
# Takes, on the shared 2-core machine of BENCHMARKS.md: `--base 9e9844c 31
# 20000,40000,80000,160000,320000,640000` (after the fix) 9 minutes; `--base 9e9844c^ 3
# 5000,10000,20000,40000` (before it, when a read of 40000 issues took 15 to 90 s) 12 to 18.
set -euo pipefail
cd "$(dirname "$0")/.."
workspace="$PWD"
root="$workspace/target/lenient-scaling"

base_rev=""
if [ "${1:-}" = --base ]; then
  base_rev="${2:?usage: $0 [--base REV] [ROUNDS [SIZES]]}"
  shift 2
fi
rounds="${1:-5}"
sizes="${2:-20000,40000,80000,160000}"

dir="$workspace"
if [ -n "$base_rev" ]; then
  # What an interrupted run left: its worktree removed, or its folder if git lost track of
  # it (`add -f` then reuses a registration whose folder is gone).
  git worktree remove --force "$root/base" 2>/dev/null || rm -rf "$root/base"
  mkdir -p "$root"
  git worktree add -f --detach -q "$root/base" "$base_rev"
  trap 'git worktree remove --force "$root/base" 2>/dev/null || true' EXIT
  rm -rf "$root/base/benchmarks/lenient-scaling"
  mkdir -p "$root/base/benchmarks/lenient-scaling"
  cp -r "$workspace/benchmarks/lenient-scaling/Cargo.toml" \
    "$workspace/benchmarks/lenient-scaling/Cargo.lock" \
    "$workspace/benchmarks/lenient-scaling/build.rs" \
    "$workspace/benchmarks/lenient-scaling/src" "$root/base/benchmarks/lenient-scaling/"
  dir="$root/base"
fi

features=()
if grep -q 'pub max_issues' "$dir/careconnect-stu3/src/rt/json/read.rs"; then
  features=(--features max-issues)
fi
side="${base_rev:-working tree}"
echo "== building against the runtime of: $side" >&2
(cd "$dir/benchmarks/lenient-scaling" &&
  CARGO_TARGET_DIR="$root/target" cargo build --release --locked -q "${features[@]}")
echo "== runtime of: $side ($(git -C "$dir" rev-parse --short HEAD)$([ -z "$base_rev" ] &&
  [ -n "$(git status --porcelain -- careconnect-stu3)" ] && echo ', with changes'))"
"$root/target/release/bench-lenient" --rounds "$rounds" --sizes "$sizes"
