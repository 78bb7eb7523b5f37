#!/usr/bin/env bash
# Peak memory of parsing one big FHIR JSON Bundle: ours (careconnect-models, as a typed
# Bundle) against serde_json::Value and against fhir-model 0.13 (as its Bundle type).
#
# Usage: benchmarks/memory.sh [min-MB]   (default 100)
#
# Builds the runtime benchmark harness (benchmarks/runtime, release), has it write a
# collection Bundle of at least min-MB out of the spec examples (every example all three
# readers read, as it is, as one entry's resource, repeated until the size is reached) to
# target/bench-memory/ (never committed), then parses that file with each reader, one
# after the other, each in a process of its own under /usr/bin/time -v. Each process reads
# the whole file into memory, parses it, prints the parse time and exits; its peak RSS
# therefore holds the input bytes as well as the parsed model. Prints a Markdown table:
# peak RSS, RSS ÷ file size, parse time, and the ratios ours ÷ Value and
# ours ÷ fhir-model (goal for ours ÷ Value: ≤ 0.5).
set -euo pipefail
cd "$(dirname "$0")/.."
min_mb="${1:-100}"
case "$min_mb" in
  '' | *[!0-9]*) echo "usage: $0 [min-MB]" >&2; exit 2 ;;
esac
if [ ! -x /usr/bin/time ]; then
  echo "error: /usr/bin/time (GNU time) is needed for the peak RSS; install the 'time' package" >&2
  exit 1
fi

out="$PWD/target/bench-memory"
mkdir -p "$out"
echo "building the harness (benchmarks/runtime, release)" >&2
(cd benchmarks/runtime && cargo build --release --locked -q)
bin="${CARGO_TARGET_DIR:-$PWD/benchmarks/runtime/target}/release/bench-runtime"

bundle="$out/spec-bundle-${min_mb}mb.json"
"$bin" make-bundle "$bundle" --min-mb "$min_mb"
size=$(stat -c %s "$bundle")

# run READER: parses the bundle in its own process; leaves "rss_kib|seconds|status" in $result.
run() {
  local reader=$1
  echo "parsing with $reader" >&2
  if /usr/bin/time -v "$bin" parse-file "$reader" "$bundle" > "$out/$reader.out" 2> "$out/$reader.time"; then
    local rss secs
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$out/$reader.time")
    secs=$(sed -n 's/.* in \([0-9.]*\) s .*/\1/p' "$out/$reader.out")
    result="$rss|$secs|ok"
  else
    # The reader refused the file (or failed): say why, keep going with the others.
    local why
    why=$(grep -m1 '^error:' "$out/$reader.time" || tail -n1 "$out/$reader.time")
    result="||${why//|/ }"
  fi
}

declare -A rss secs status
for reader in ours value fhir-model; do
  run "$reader"
  IFS='|' read -r rss[$reader] secs[$reader] status[$reader] <<< "$result"
done

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
per_byte() { awk -v k="$1" -v s="$size" 'BEGIN { printf "%.2f", k * 1024 / s }'; }
model_per_byte() { awk -v k="$1" -v s="$size" 'BEGIN { printf "%.2f", (k * 1024 - s) / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo
echo "Parsing one $(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }') MB Bundle ($size bytes, $(basename "$bundle")), each reader in a process of its own."
echo "Peak RSS includes the file itself, read into memory before parsing; the next column takes it out."
echo
echo "| reader | peak RSS MiB | RSS ÷ file size | (RSS − file) ÷ file size | parse s |"
echo "|---|---:|---:|---:|---:|"
for reader in ours value fhir-model; do
  case $reader in
    ours) name="ours (Bundle)" ;;
    value) name="serde_json::Value" ;;
    fhir-model) name="fhir-model (Bundle)" ;;
  esac
  if [ "${status[$reader]}" = ok ]; then
    echo "| $name | $(mib "${rss[$reader]}") | $(per_byte "${rss[$reader]}")× | $(model_per_byte "${rss[$reader]}")× | ${secs[$reader]} |"
  else
    echo "| $name | refused: ${status[$reader]} | | | |"
  fi
done
echo
if [ "${status[ours]}" = ok ] && [ "${status[value]}" = ok ]; then
  echo "- peak RSS ours ÷ Value: $(ratio "${rss[ours]}" "${rss[value]}")× (goal ≤ 0.5)"
fi
if [ "${status[ours]}" = ok ] && [ "${status[fhir-model]}" = ok ]; then
  echo "- peak RSS ours ÷ fhir-model: $(ratio "${rss[ours]}" "${rss[fhir-model]}")×"
fi
echo "- Parse times come from separate processes, one run each: indicative only (the runtime"
echo "  harness's interleaved report is the one to compare speeds with)."
