#!/usr/bin/env bash
# Throughput and memory of `careconnect ndjson` on bulk NDJSON.
#
# Builds (under target/ndjson-bench/, never committed) an NDJSON file of at least 1 GB by
# repeating the 653 official STU3 JSON examples, each on one line, and a file 4x smaller;
# then runs the release binary under /usr/bin/time -v:
#
#   big file,   --threads 1      big file,   --threads 2      small file, --threads 2
#
# and prints MB/s for each (1 MB = 1,000,000 bytes), the ratio 2 threads / 1 thread
# (goal: at least 1.7) and the peak RSS on the small and the big file (goal: the same;
# memory must not grow with the file). Each run also shows the CPU time it used and the
# share of a core it got: on a shared machine, a run that got less than its threads'
# worth of cores is slowed by the others, not by itself. Questionnaire-qs1.json is not valid STU3, so every
# copy of it is an error line: the runs also show error reporting at scale, and the
# script checks that exactly one error per copy was reported.
#
# Usage: benchmarks/ndjson.sh [SIZE_MB [ROUNDS]]
#   SIZE_MB  size of the big file in MB (default 1000, i.e. 1 GB; at least 4)
#   ROUNDS   runs of each case, alternating; the median is reported (default 1)
#
# Reads the examples from ../shared/examples/fhir-stu3-spec, or from
# $CARECONNECT_EXAMPLES/fhir-stu3-spec.
set -euo pipefail
cd "$(dirname "$0")/.."

size_mb="${1:-1000}"
rounds="${2:-1}"
examples="${CARECONNECT_EXAMPLES:-../shared/examples}/fhir-stu3-spec"
work=target/ndjson-bench
bin=target/release/careconnect

fail() { echo "error: $*" >&2; exit 1; }
[[ "$size_mb" =~ ^[0-9]+$ && "$size_mb" -ge 4 ]] || fail "SIZE_MB must be a whole number >= 4"
[[ "$rounds" =~ ^[0-9]+$ && "$rounds" -ge 1 ]] || fail "ROUNDS must be a whole number >= 1"
[ -d "$examples" ] || fail "the spec examples are missing at $examples; put the 'shared' folder \
beside the repository or set CARECONNECT_EXAMPLES to its 'examples' folder"
[ -x /usr/bin/time ] || fail "/usr/bin/time (GNU time, for -v) is needed"

echo "== building the release binary"
cargo build --release -p careconnect-cli --quiet

mkdir -p "$work"

# One line per example: the leading whitespace of each line is dropped and the line breaks
# removed. JSON strings cannot hold a raw line break, so this never changes a value.
lines="$work/examples.ndjson"
count=0
: >"$lines"
for f in "$examples"/*.json; do
  sed 's/^[[:space:]]*//' "$f" | tr -d '\r\n' >>"$lines"
  echo >>"$lines"
  count=$((count + 1))
done
[ "$count" -eq 653 ] || fail "expected 653 examples in $examples, found $count"
# The examples that are not valid STU3 (see SPEC_NOT_VALID_STU3 in tests/src/lib.rs).
invalid_examples=(Questionnaire-qs1.json)
for f in "${invalid_examples[@]}"; do
  [ -f "$examples/$f" ] || fail "$examples/$f is missing"
done
invalid=${#invalid_examples[@]}
unit=$(wc -c <"$lines")

# Copies of the example lines: the big file reaches SIZE_MB, the small one a quarter of
# the copies.
big_copies=$(( (size_mb * 1000000 + unit - 1) / unit ))
small_copies=$(( (big_copies + 3) / 4 ))
build() { # file copies
  local file=$1 copies=$2 want=$(( $2 * unit ))
  if [ -f "$file" ] && [ "$(wc -c <"$file")" -eq "$want" ]; then
    return
  fi
  echo "== writing $file ($copies copies, $want bytes)"
  : >"$file"
  for ((i = 0; i < copies; i++)); do cat "$lines"; done >>"$file"
}
big="$work/big.ndjson"
small="$work/small.ndjson"
build "$big" "$big_copies"
build "$small" "$small_copies"

# Reads a file once so that every run finds it in the page cache alike.
warm() { cat "$1" >/dev/null; }

# Runs one case; prints "MB/s peak_rss_kib errors_reported cpu_seconds cpu_percent".
run() { # file threads label
  local file=$1 threads=$2 label=$3
  local out="$work/$label.out" err="$work/$label.err" time="$work/$label.time"
  local status=0
  /usr/bin/time -v -o "$time" "$bin" ndjson "$file" --threads "$threads" >"$out" 2>"$err" || status=$?
  # Exit status 1 is expected: the invalid example is an error line.
  [ "$status" -le 1 ] || fail "$label: careconnect exited with $status; see $err"
  local mbps rss errors cpu percent
  mbps=$(sed -n 's/.*, MB\/s \([0-9.]*\).*/\1/p' "$out")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$time")
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$time")
  percent=$(sed -n 's/.*Percent of CPU this job got: \([0-9]*\)%.*/\1/p' "$time")
  errors=$(grep -c "^$file:[0-9]*: " "$err" || true)
  [ -n "$mbps" ] && [ -n "$rss" ] || fail "$label: no summary; see $out and $time"
  echo "$mbps $rss $errors $cpu $percent"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -r /proc/pressure/cpu ]; then
  # The share of the last minute in which some runnable task waited for a core.
  echo "== CPU pressure over the last minute: $(sed -n 's/^some .*avg60=\([0-9.]*\).*/\1/p' /proc/pressure/cpu)%"
fi
echo "== big file: $(wc -c <"$big") bytes, $((big_copies * 653)) lines; small file: $(wc -c <"$small") bytes"
declare -A mbps rss errors
for ((r = 1; r <= rounds; r++)); do
  for case in big-1 big-2 small-2; do
    file=$big; [ "${case%%-*}" = small ] && file=$small
    threads=${case##*-}
    warm "$file"
    result=$(run "$file" "$threads" "$case")
    read -r m k e c p <<<"$result"
    echo "round $r: $case: $m MB/s, peak RSS $((k / 1024)) MiB, $e error lines, CPU $c s ($p% of a core)"
    mbps[$case]+="$m "
    rss[$case]+="$k "
    errors[$case]=$e
  done
done

for case in big-1 big-2 small-2; do
  copies=$big_copies; [ "${case%%-*}" = small ] && copies=$small_copies
  want=$((copies * invalid))
  [ "${errors[$case]}" -eq "$want" ] || fail "$case: ${errors[$case]} error lines, expected $want (one per copy of the invalid example)"
done

med() { tr ' ' '\n' <<<"$1" | grep . | median; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
m1=$(med "${mbps[big-1]}"); m2=$(med "${mbps[big-2]}"); ms=$(med "${mbps[small-2]}")
r1=$(med "${rss[big-1]}"); rb=$(med "${rss[big-2]}"); rs=$(med "${rss[small-2]}")
big_mb=$(($(wc -c <"$big") / 1000000)); small_mb=$(($(wc -c <"$small") / 1000000))
echo
echo "| case | file MB | MB/s | peak RSS MiB |"
echo "|---|---|---|---|"
echo "| big file, 1 thread | $big_mb | $m1 | $(mib "$r1") |"
echo "| big file, 2 threads | $big_mb | $m2 | $(mib "$rb") |"
echo "| small file, 2 threads | $small_mb | $ms | $(mib "$rs") |"
echo
awk -v a="$m2" -v b="$m1" 'BEGIN { printf "speed-up, 2 threads / 1 thread: %.2f (goal >= 1.7)\n", a / b }'
awk -v a="$rb" -v b="$rs" 'BEGIN { printf "peak RSS, big / small file (4x the size): %.2f (goal: about 1)\n", a / b }'
echo "error lines reported: ${errors[big-2]} in the big file, ${errors[small-2]} in the small one (one per copy of Questionnaire-qs1.json)"
