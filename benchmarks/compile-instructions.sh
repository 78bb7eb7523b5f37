#!/usr/bin/env bash
# Compile cost as instruction counts, which do not depend on what else the machine is
# doing: rustc compiling careconnect-stu3 and careconnect-models (debug, as a dependency
# is built) at a base revision and in the working tree, each under
# `valgrind --tool=callgrind`. The two sides run at once (valgrind runs a program on one
# core); each takes 10-20 minutes.
#
# Usage: benchmarks/compile-instructions.sh BASE_REV
set -euo pipefail
cd "$(dirname "$0")/.."
base_rev="${1:?usage: $0 BASE_REV}"
workspace="$PWD"
root="$workspace/target/compile-instructions"
mkdir -p "$root"
command -v valgrind > /dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 1; }

git worktree remove --force "$root/base" 2>/dev/null || true
git worktree add --detach -q "$root/base" "$base_rev"
trap 'git worktree remove --force "$root/base" 2>/dev/null || true' EXIT

# A rustc wrapper that runs the two crates of the models under callgrind.
cat > "$root/wrapper.sh" <<'SH'
#!/usr/bin/env bash
rustc=$1; shift
crate=""
prev=""
for a in "$@"; do
  [ "$prev" = "--crate-name" ] && crate=$a
  prev=$a
done
case "$crate" in
  careconnect_stu3|careconnect_models)
    exec valgrind --tool=callgrind --callgrind-out-file="$CALLGRIND_DIR/$crate.out" \
      "$rustc" "$@" 2> "$CALLGRIND_DIR/$crate.log" ;;
  *) exec "$rustc" "$@" ;;
esac
SH
chmod +x "$root/wrapper.sh"

# build SIDE DIR: dependencies first (plain), then the two crates under callgrind.
build() {
  local side=$1 dir=$2
  local target="$root/target-$side" out="$root/$side"
  rm -rf "$target" "$out"
  mkdir -p "$out"
  (cd "$dir" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$target" cargo build -q --offline -p memchr -p quick-xml)
  (cd "$dir" && CALLGRIND_DIR="$out" RUSTC_WRAPPER="$root/wrapper.sh" CARGO_INCREMENTAL=0 \
    CARGO_TARGET_DIR="$target" cargo build -q --offline -p careconnect-models)
}

(cd "$root/base" && cargo fetch -q)
cargo fetch -q
echo "building both sides under callgrind (base $base_rev and the working tree)..." >&2
build base "$root/base" &
base_pid=$!
build ours "$workspace"
wait "$base_pid"

# instructions SIDE CRATE: the total instruction count callgrind recorded.
instructions() {
  awk '/^summary:/ { print $2 }' "$root/$1/$2.out"
}
echo
echo "rustc instructions, debug build ($(uname -m)); ratio working tree / base"
echo
echo "| crate | base $base_rev | working tree $(git rev-parse --short HEAD) | ratio |"
echo "|---|---:|---:|---:|"
for crate in careconnect_stu3 careconnect_models; do
  a=$(instructions base "$crate"); b=$(instructions ours "$crate")
  awk -v c="$crate" -v a="$a" -v b="$b" 'BEGIN { printf "| %s | %.3e | %.3e | %.3f |\n", c, a, b, b / a }'
done
a=$(( $(instructions base careconnect_stu3) + $(instructions base careconnect_models) ))
b=$(( $(instructions ours careconnect_stu3) + $(instructions ours careconnect_models) ))
awk -v a="$a" -v b="$b" 'BEGIN { printf "| **both** | %.3e | %.3e | **%.3f** |\n", a, b, b / a }'
