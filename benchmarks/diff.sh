#!/usr/bin/env bash
# What `careconnect-codegen diff` costs, against the command a maintainer runs anyway:
# `generate` (load, snapshots, lowering, emitting and formatting every file; nothing is
# written when the models are current). Alternating over ROUNDS rounds, medians of wall
# time, CPU time (user + sys) and peak RSS, and their ratios:
#
#   - `diff` of the October 2018 release against the current one (two sources.toml:
#     both releases read, snapshots generated, lowered and compared; JSON output);
#   - `diff` with no sides (the committed facts file against the files on disk);
#   - `generate`, the baseline.
#
# Usage: benchmarks/diff.sh [rounds]   (default: 9)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-9}"
root="$PWD/target/diff-cost"
mkdir -p "$root"
# shellcheck source=lib/measure.sh
source benchmarks/lib/measure.sh
cargo build -q --release -p careconnect-codegen
bin="$PWD/target/release/careconnect-codegen"
old=definitions/versions/careconnect-2018-10/sources.toml
releases=() default=() generate=()
for _ in $(seq "$rounds"); do
  releases+=("$(measure releases "$bin" diff --old "$old" --new definitions/sources.toml --format json)")
  default+=("$(measure default "$bin" diff)")
  generate+=("$(measure generate "$bin" generate)")
done
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(rustc --version), $rounds rounds"
echo
echo "| command | wall s | CPU s | peak RSS MiB |"
echo "|---|---:|---:|---:|"
row "diff 2018-10 -> current" "${releases[@]}"
row "diff (facts -> disk)" "${default[@]}"
row "generate (baseline)" "${generate[@]}"
ratio "diff 2018-10 -> current / generate" "${releases[@]}" -- "${generate[@]}"
ratio "diff (facts -> disk) / generate" "${default[@]}" -- "${generate[@]}"
