#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seeds: the hand-written ones in fuzz/seeds/, and, read at
# run time, the shared examples and definitions (never committed: fuzz/corpus/ is ignored).
#
#   fuzz/seed-corpus.sh            # from ../shared beside the checkout
#   CARECONNECT_EXAMPLES=... CARECONNECT_DEFINITIONS=... fuzz/seed-corpus.sh
#
# Files larger than SEED_MAX_BYTES (default 65536, the -max_len the README's commands use)
# are left out: libFuzzer would truncate them to invalid prefixes.
set -euo pipefail

fuzz=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$fuzz")
examples=${CARECONNECT_EXAMPLES:-$root/../shared/examples}
definitions=${CARECONNECT_DEFINITIONS:-$root/../shared/definitions}
max=${SEED_MAX_BYTES:-65536}

for dir in "$examples" "$definitions"; do
    if [ ! -d "$dir" ]; then
        echo "seed-corpus.sh: $dir is missing: put the shared folder beside the repository," \
            "or set CARECONNECT_EXAMPLES and CARECONNECT_DEFINITIONS" >&2
        exit 1
    fi
done

corpus=$fuzz/corpus
mkdir -p "$corpus/json_resource" "$corpus/xml_resource" "$corpus/definitions"

# Copies each file to DIR under the sha1 of its contents (as libFuzzer names its corpus
# files), so files with the same name in different folders are all kept.
copy_seeds() {
    local dir=$1 file
    shift
    for file in "$@"; do
        cp "$file" "$dir/$(sha1sum <"$file" | cut -c1-40)"
    done
}

small() { # small DIR PATTERN: the files under DIR matching PATTERN, at most $max bytes
    find "$1" -type f -name "$2" -size "-$((max + 1))c" -print0 | sort -z
}

cp "$fuzz"/seeds/json_resource/* "$corpus/json_resource/"
cp "$fuzz"/seeds/xml_resource/* "$corpus/xml_resource/"
cp "$fuzz"/seeds/definitions/* "$corpus/definitions/"

mapfile -d '' json < <(small "$examples" '*.json')
copy_seeds "$corpus/json_resource" "${json[@]}"
mapfile -d '' xml < <(small "$examples" '*.xml')
copy_seeds "$corpus/xml_resource" "${xml[@]}"
# The spec examples are JSON only: their XML comes from the models' own writer.
(cd "$fuzz" && cargo run --quiet --example xml_seeds -- \
    "$corpus/xml_resource" "$max" "${json[@]}")
mapfile -d '' defs < <(small "$definitions" '*.json'; small "$definitions" '*.xml')
copy_seeds "$corpus/definitions" "${defs[@]}"

for target in json_resource xml_resource definitions; do
    echo "$target: $(find "$corpus/$target" -type f | wc -l) seeds"
done
