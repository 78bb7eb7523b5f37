# Shell functions for timing builds, sourced by compile-cost.sh and compile-compare.sh.
# The caller sets `root` (a scratch folder for logs) before calling `measure`.

# measure NAME CMD...: prints "wall cpu rss_kib" of one build.
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

# median COLUMN ROWS...: the median of one column over the rounds.
median() {
  local col=$1; shift
  printf '%s\n' "$@" | awk -v c="$col" '{ print $c }' | sort -n |
    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# row LABEL ROWS...: a table row of the medians.
row() {
  local label=$1; shift
  awk -v n="$label" -v w="$(median 1 "$@")" -v c="$(median 2 "$@")" -v r="$(median 3 "$@")" \
    'BEGIN { printf "| %s | %.1f | %.1f | %.0f |\n", n, w, c, r / 1024 }'
}

# ratio LABEL OURS_ROWS -- PEER_ROWS: a table row of the ratios of the medians.
ratio() {
  local label=$1; shift
  local ours=() peer=()
  while [ "$1" != -- ]; do ours+=("$1"); shift; done
  shift
  peer=("$@")
  awk -v n="$label" \
    -v a="$(median 1 "${ours[@]}")" -v b="$(median 1 "${peer[@]}")" \
    -v c="$(median 2 "${ours[@]}")" -v d="$(median 2 "${peer[@]}")" \
    -v e="$(median 3 "${ours[@]}")" -v f="$(median 3 "${peer[@]}")" \
    'BEGIN { printf "| **%s** | **%.2f** | **%.2f** | **%.2f** |\n", n, a / b, c / d, e / f }'
}

