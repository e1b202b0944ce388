#!/usr/bin/env bash
# check_oss_fuzz_build.sh: CI's offline stand-in for ClusterFuzzLite's
# build_fuzzers step. Runs .clusterfuzzlite/build.sh in an OSS-Fuzz-like
# environment (this machine's clang and libFuzzer instead of the base-builder
# image: $CC, $CXX, $CFLAGS, $CXXFLAGS, $LIB_FUZZING_ENGINE, $OUT, $SRC, $WORK
# set the way the image sets them for the address sanitizer), then checks
# what ClusterFuzzLite's run step needs: every target of fuzz/BUILD was built,
# and each one runs over its whole seed corpus (unzipped from $OUT, as the
# runner does) without a crash. Usage: fuzz/check_oss_fuzz_build.sh [--help]
set -uo pipefail
if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
[[ $# -eq 0 ]] || { echo "check_oss_fuzz_build: no arguments expected (see --help)" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)

scratch=$(mktemp -d /tmp/oss_fuzz_check.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/src" "$scratch/out" "$scratch/work"
# $SRC/asynchat-conformance, as the Dockerfile copies it (a link is enough here).
ln -s "$repo" "$scratch/src/asynchat-conformance"

export SRC=$scratch/src OUT=$scratch/out WORK=$scratch/work
export CC=clang CXX=clang++
export CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link"
export CXXFLAGS="$CFLAGS"
export LIB_FUZZING_ENGINE=-fsanitize=fuzzer

echo "check_oss_fuzz_build: building with .clusterfuzzlite/build.sh into $OUT"
if ! bash "$repo/.clusterfuzzlite/build.sh" >"$scratch/build.log" 2>&1; then
  echo "check_oss_fuzz_build: build.sh failed:"; tail -30 "$scratch/build.log"; exit 1
fi

targets=$(awk '/^asynchat_fuzz_target\(/ { in_t = 1 } in_t && /^ *name = "/ { split($0, a, "\""); print a[2]; in_t = 0 }' \
  "$repo/fuzz/BUILD")
fails=0
for t in $targets; do
  if [[ ! -x "$OUT/$t" ]]; then echo "FAIL: $t was not built"; fails=$((fails + 1)); continue; fi
  seeds="$WORK/seeds_$t"
  mkdir -p "$seeds"
  [[ -f "$OUT/${t}_seed_corpus.zip" ]] && unzip -q -o "$OUT/${t}_seed_corpus.zip" -d "$seeds"
  n=$(find "$seeds" -type f | wc -l)
  dict=()
  [[ -f "$OUT/$t.dict" ]] && dict=(-dict="$OUT/$t.dict")
  # -runs=0: execute every seed once and stop (what the runner does first).
  if "$OUT/$t" "${dict[@]}" -runs=0 "$seeds" >"$scratch/$t.log" 2>&1; then
    echo "ok: $t ($n seeds)"
  else
    echo "FAIL: $t on its seed corpus:"; tail -20 "$scratch/$t.log"; fails=$((fails + 1))
  fi
done
[[ $fails -eq 0 ]] && echo "check_oss_fuzz_build: every target builds the OSS-Fuzz way and runs its seed corpus"
exit $((fails > 0))
