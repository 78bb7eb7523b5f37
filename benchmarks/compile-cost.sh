#!/usr/bin/env bash
# Clean debug build of careconnect-models against a clean debug build of fhir-model
# (feature stu3), one after the other in this script, on this machine. Prints wall time,
# CPU time (user + sys) and peak RSS (the largest single process, from /usr/bin/time -v)
# of each, and the ratios ours / fhir-model.
#
# Usage: benchmarks/compile-cost.sh [debug|release]
# The peer crate is built in a scratch crate under target/compile-cost (never committed);
# cargo downloads it from the registry the first time (not part of the timed build).
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-debug}"
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

measure() { # name, then the command
  local name=$1; shift
  local log="$root/$name.time"
  /usr/bin/time -v "$@" > "$root/$name.out" 2> "$log" || { cat "$root/$name.out" "$log"; exit 1; }
  local wall user sys rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  user=$(awk -F': ' '/User time/ {print $2}' "$log")
  sys=$(awk -F': ' '/System time/ {print $2}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  echo "$name $wall $(awk "BEGIN {print $user + $sys}") $rss"
}

echo "clean $profile builds, $(nproc) cores" >&2
rm -rf "$root/target-ours"
ours=$(measure careconnect-models env CARGO_TARGET_DIR="$root/target-ours" cargo build -q $flag -p careconnect-models)
rm -rf "$root/peer/target"
peer=$(cd "$root/peer" && measure fhir-model cargo build -q $flag --offline)

printf '\n| %s build | wall s | CPU s | peak RSS MiB |\n|---|---|---|---|\n' "$profile"
for row in "$ours" "$peer"; do
  read -r name wall cpu rss <<< "$row"
  printf '| %s | %.1f | %.1f | %.0f |\n' "$name" "$wall" "$cpu" "$(awk "BEGIN {print $rss / 1024}")"
done
read -r _ w1 c1 r1 <<< "$ours"
read -r _ w2 c2 r2 <<< "$peer"
printf '| ratio ours / fhir-model | %.2f | %.2f | %.2f |\n' \
  "$(awk "BEGIN {print $w1 / $w2}")" "$(awk "BEGIN {print $c1 / $c2}")" "$(awk "BEGIN {print $r1 / $r2}")"
