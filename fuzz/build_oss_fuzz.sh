#!/usr/bin/env bash
# Builds every fuzz target without Bazel, following the OSS-Fuzz /
# ClusterFuzzLite build.sh conventions, so the same targets can be fuzzed
# continuously there (fuzz/README.md says how):
#
#   $CC $CXX $CFLAGS $CXXFLAGS   compilers and flags (sanitizer and coverage
#                                flags included, e.g. -fsanitize=address,fuzzer-no-link)
#   $LIB_FUZZING_ENGINE          what links the engine (e.g. -fsanitize=fuzzer)
#   $OUT                         where the fuzzers go, each with
#                                <target>_seed_corpus.zip and <target>.dict
#   $WORK                        scratch space for objects (default: a new /tmp directory)
#
# The targets and their dictionaries are read from fuzz/BUILD; the library
# sources are every non-test .cc of reference/asynchat, reference/asyncore,
# reference/examples (the http_request_handler and its helpers),
# reference/harness (the reference session the differential targets replay
# on), traces, spec/clauses.cc, conformance/model and fuzz's shared code,
# archived once so each fuzzer links only what it uses. When $CXXFLAGS ask
# for coverage instrumentation (fuzzer-no-link or -fsanitize-coverage), the
# library code of fuzz/coverage_ignorelist.txt is left out of it, as in
# Bazel's --config=fuzz (that file says why). CI runs this the way
# ClusterFuzzLite does (fuzz/check_oss_fuzz_build.sh). Locally:
#
#   CC=clang CXX=clang++ CFLAGS="-O1 -g -fsanitize=address,undefined,fuzzer-no-link" \
#   CXXFLAGS="$CFLAGS" LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/out fuzz/build_oss_fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."

: "${CXX:?set CXX}" "${OUT:?set OUT}" "${LIB_FUZZING_ENGINE:?set LIB_FUZZING_ENGINE}"
CXXFLAGS=${CXXFLAGS:-}
WORK=${WORK:-$(mktemp -d /tmp/build_oss_fuzz.XXXXXX)}
obj_dir=$WORK/asynchat_objs
mkdir -p "$OUT" "$obj_dir"

# Target name<TAB>dictionary, as tools/fuzz_all reads them.
targets=$(awk '/^asynchat_fuzz_target\(/ { in_t = 1; name = ""; dict = "" }
               in_t && /^ *name = "/ { split($0, a, "\""); name = a[2] }
               in_t && /^ *dict = "/ { split($0, a, "\""); dict = a[2] }
               in_t && /^\)/ { print name "\t" dict; in_t = 0 }' fuzz/BUILD)

sources=()
for dir in reference/asynchat reference/asyncore reference/examples reference/harness traces conformance/model fuzz; do
  for f in "$dir"/*.cc; do
    case $f in
      *_test.cc | *_main.cc | *benchmark*.cc | fuzz/*_fuzzer.cc | fuzz/replay_main.cc | fuzz/make_corpora.cc | \
        fuzz/scenario_to_trace.cc | reference/harness/*_registration.cc | reference/harness/reference_implementation.cc | \
        reference/harness/checked_in_traces.cc | reference/harness/live_*.cc) continue ;;
    esac
    sources+=("$f")
  done
done
sources+=(spec/clauses.cc)  # spec/checked_in.cc embeds SPEC.md through a Bazel genrule; no target needs it

coverage_flags=()
if [[ $CXXFLAGS == *fuzzer-no-link* || $CXXFLAGS == *-fsanitize-coverage=* ]]; then
  coverage_flags=("-fsanitize-coverage-ignorelist=$PWD/fuzz/coverage_ignorelist.txt")
fi

objects=()
for f in "${sources[@]}"; do
  o=$obj_dir/${f//\//_}.o
  # shellcheck disable=SC2086
  $CXX $CXXFLAGS "${coverage_flags[@]}" -std=c++20 -I. -c "$f" -o "$o"
  objects+=("$o")
done
rm -f "$obj_dir/libasynchat.a"
ar rcs "$obj_dir/libasynchat.a" "${objects[@]}"

while IFS=$'\t' read -r name dict; do
  # shellcheck disable=SC2086
  $CXX $CXXFLAGS "${coverage_flags[@]}" -std=c++20 -I. "fuzz/$name.cc" "$obj_dir/libasynchat.a" $LIB_FUZZING_ENGINE -o "$OUT/$name"
  [[ -n $dict ]] && cp "fuzz/$dict" "$OUT/$name.dict"
  if [[ -d fuzz/corpus/$name ]]; then
    rm -f "$OUT/${name}_seed_corpus.zip"
    (cd "fuzz/corpus/$name" && zip -q -r "$OUT/${name}_seed_corpus.zip" .)
  fi
  echo "build_oss_fuzz: $OUT/$name"
done <<<"$targets"
