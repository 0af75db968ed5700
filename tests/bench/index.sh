#!/usr/bin/env bash
# Whole-pipeline benchmark of `tilmash index`: grows a corpus of about MB megabytes from
# real documents (default: the bundled corpus/seeds, kk/ru/zh news and reports), each copy
# with a distinct first line so no two files share a hash, then indexes it once per
# configuration and prints wall time, MB/s, CPU time and peak RSS.
#
#   tests/bench/index.sh [MB] [SOURCE_DIR]        (default: 200 corpus/seeds)
#
# Configurations, all without plugins (--no-default-plugins) so the numbers are the
# pipeline's own: -j1 without entities, -j1 dates and counts only, -j1 all entity types,
# -j2 all entity types. Ratios between lines of one run are what to quote: the machine
# may be shared. Needs a release build (cargo build --release) and GNU time.
set -euo pipefail
mb=${1:-200}
src=${2:-corpus/seeds}
repo=$(cd "$(dirname "$0")/../.." && pwd)
bin=${TILMASH_BIN:-$repo/target/release/tilmash}
[ -x "$bin" ] || { echo "no $bin: run cargo build --release first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
mapfile -t files < <(find "$src" -type f | sort)
[ ${#files[@]} -gt 0 ] || { echo "no files under $src" >&2; exit 1; }
total=0 i=0
while [ "$total" -lt $((mb * 1000000)) ]; do
  f=${files[$((i % ${#files[@]}))]}
  dir="$work/corpus/$(printf %04d $((i / 1000)))"
  mkdir -p "$dir"
  out="$dir/$(printf doc%07d $i).txt"
  { printf 'copy %d\n' "$i"; cat "$f"; } > "$out"
  total=$((total + $(stat -c %s "$out")))
  i=$((i + 1))
done
echo "corpus: $i documents, $((total / 1000000)) MB from $src"
run() {
  local label=$1; shift
  rm -rf "$work/index"
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$bin" index "$work/corpus" -o "$work/index" \
    --quiet --no-default-plugins "$@" || [ $? -eq 2 ]
  read -r wall user sys rss < "$work/time"
  awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v b="$total" \
    'BEGIN { printf "%-28s %7.2f s  %6.1f MB/s  cpu %7.2f s  peak RSS %4d MiB\n", l, w, b / 1e6 / w, u + s, r / 1024 }'
}
run "-j1 no entities" -j1 --no-entities
run "-j1 dates, counts" -j1 --types date,count
run "-j1 all entity types" -j1
run "-j2 all entity types" -j2
