#!/usr/bin/env bash
# Run one fuzz target with its seeds and dictionary:
#   crates/tilmash-fuzz/fuzz.sh TARGET [SECONDS]      (from anywhere; default 600 s)
# TARGET: decode html segment langid extract analyze. Needs a nightly toolchain and
# cargo-fuzz (`cargo install cargo-fuzz`). New inputs go to crates/tilmash-fuzz/corpus/
# TARGET, crashes to crates/tilmash-fuzz/artifacts/TARGET/ (both git-ignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
target=${1:?usage: fuzz.sh TARGET [SECONDS]}
seconds=${2:-600}
dir=crates/tilmash-fuzz
case $target in
  decode | analyze) seeds=(corpus/seeds tests/fixtures "$dir/seeds/html"); dict=text.dict ;;
  html) seeds=("$dir/seeds/html" tests/fixtures/encodings); dict=html.dict ;;
  segment | langid | extract)
    seeds=(corpus/seeds tests/fixtures/targets tests/fixtures/align tests/fixtures/boilerplate)
    dict=text.dict ;;
  *) echo "unknown target $target" >&2; exit 1 ;;
esac
# Language identification runs per paragraph and sentence: long inputs only slow it down
# (each quoted stretch and word is guessed on its own).
extra=()
[ "$target" = langid ] && extra=(-max_len=8192)
mkdir -p "$dir/corpus/$target" "$dir/artifacts/$target"
exec cargo +nightly fuzz run --fuzz-dir "$dir" "$target" "$dir/corpus/$target" "${seeds[@]}" -- \
  -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 "${extra[@]}" -dict="$dir/dict/$dict" -print_final_stats=1
