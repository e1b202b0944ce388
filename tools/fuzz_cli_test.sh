#!/usr/bin/env bash
# Usage errors of the fuzzing commands exit 2 before anything is built or
# run: tools/fuzz_all (an unknown option, which would otherwise be taken for
# a target; SECONDS or FUZZ_SECONDS of 0, which libFuzzer reads as no time
# limit, or not a number; an unknown target) and fuzz/run_fuzzer.sh, the X_run
# targets' wrapper (run without its rule's arguments; a flag with two dashes,
# which libFuzzer would warn about and then fuzz anyway), scenario_to_trace
# and make_corpora. --help exits 0.
set -uo pipefail

R="$TEST_SRCDIR/asynchat_conformance"
T="$TEST_TMPDIR"
fails=0

expect() {  # want-status, what-stderr-names, label, command...
  local want=$1 what=$2 label=$3
  shift 3
  # A usage error must come at once: nothing is built or fuzzed.
  timeout 20 "$@" >"$T/out" 2>"$T/err" </dev/null
  local rc=$?
  if [[ $rc -ne $want ]]; then
    echo "FAIL: $label: exit $rc, wanted $want"; head -c 2000 "$T/out" "$T/err"; fails=$((fails + 1))
  fi
  grep -qF -- "$what" "$T/err" "$T/out" || { echo "FAIL: $label: no '$what' in its output"; fails=$((fails + 1)); }
}

FUZZ_ALL="$R/tools/fuzz_all"
expect 0 "tools/fuzz_all [SECONDS] [TARGET...]" "fuzz_all --help" "$FUZZ_ALL" --help
expect 2 "unknown option '--bogus'" "fuzz_all --bogus" "$FUZZ_ALL" --bogus
expect 2 "unknown option '--bogus'" "fuzz_all 10 --bogus" "$FUZZ_ALL" 10 --bogus
expect 2 "unknown option '--ci'" "fuzz_all 10 --ci" "$FUZZ_ALL" 10 --ci
expect 2 "SECONDS must be at least 1" "fuzz_all 0" "$FUZZ_ALL" 0
expect 2 "SECONDS must be at least 1" "fuzz_all --ci 0" "$FUZZ_ALL" --ci 0
expect 2 "FUZZ_SECONDS must be a whole number" "FUZZ_SECONDS=x" env FUZZ_SECONDS=x "$FUZZ_ALL"
expect 2 "no target nosuch_fuzzer in fuzz/BUILD" "fuzz_all of an unknown target" "$FUZZ_ALL" 1 nosuch_fuzzer

RUN="$R/fuzz/run_fuzzer.sh"
expect 2 "tools/bazel run --config=fuzz //fuzz:<target>_run" "run_fuzzer.sh without its rule's arguments" "$RUN"
expect 2 "libFuzzer flags take one dash" "run_fuzzer.sh --max_total_time=5" \
    "$RUN" fuzz/framing_core_fuzzer - fuzz/corpus/framing_core_fuzzer --max_total_time=5

S2T="$R/fuzz/scenario_to_trace"
expect 2 "--target is required" "scenario_to_trace without --target" "$S2T" /dev/null
expect 2 "unknown --target nope" "scenario_to_trace --target=nope" "$S2T" --target=nope /dev/null
expect 2 "INPUT is required" "scenario_to_trace without INPUT" "$S2T" --target=framing_core_fuzzer
expect 2 "unknown option --bogus" "scenario_to_trace --bogus" "$S2T" --target=framing_core_fuzzer --bogus /dev/null
expect 2 "unexpected argument c" "scenario_to_trace with three arguments" \
    "$S2T" --target=framing_core_fuzzer /dev/null "$T/b.trace" c
expect 1 "cannot read $T/none" "scenario_to_trace of a missing input" "$S2T" --target=framing_core_fuzzer "$T/none"
mkdir -p "$T/dir.trace"
expect 1 "cannot write $T/dir.trace" "scenario_to_trace to an unwritable output" \
    "$S2T" --target=framing_core_fuzzer /dev/null "$T/dir.trace"

MC="$R/fuzz/make_corpora"
expect 2 "usage: make_corpora" "make_corpora --bogus" "$MC" --bogus
expect 2 "usage: make_corpora" "make_corpora extra" "$MC" extra
expect 2 "is not the workspace" "make_corpora --workspace of another directory" "$MC" --workspace="$T"

[[ $fails -eq 0 ]] && echo "PASS" || { echo "$fails failure(s)"; exit 1; }
