#!/usr/bin/env bash
# The X_run targets of fuzz_target.bzl:
#
#   tools/bazel run --config=fuzz //fuzz:X_run -- [libFuzzer flags] [INPUT...]
#
# With no INPUT: fuzzes X with its dictionary, reading the seed corpus from
# the source tree (fuzz/corpus/X, via BUILD_WORKSPACE_DIRECTORY) and writing
# new inputs and crash reproducers to a scratch directory
# ($FUZZ_WORK_DIR, default /tmp/asynchat-fuzz/X): the source corpus only grows
# through `tools/fuzz_all`, which merges (-merge=1) so that only inputs with
# new coverage are kept. With INPUTs (files or directories, relative to where
# `bazel run` was started): runs just those, e.g. to reproduce a crash.
# Defaults added unless given: -dict, -artifact_prefix, -timeout=10,
# -print_final_stats=1.
#
# Arguments before the user's (from the BUILD rule): the fuzzer binary, the
# dictionary ("-" for none) and the corpus path, all runfiles-relative.
set -euo pipefail

if (($# < 3)); then
  # Run directly, the rule's own arguments are missing.
  echo "run_fuzzer: run it as: tools/bazel run --config=fuzz //fuzz:<target>_run -- [libFuzzer flags] [INPUT...]" >&2
  exit 2
fi
fuzzer=$1 dict=$2 corpus=$3
shift 3
name=$(basename "$fuzzer")
for a in "$@"; do
  # libFuzzer warns about a flag it does not know and fuzzes anyway; its
  # flags take one dash, so "--help" or "--max_total_time=60" is a mistake.
  if [[ $a == --* ]]; then
    echo "run_fuzzer: libFuzzer flags take one dash (-max_total_time=60, -help=1), got '$a'" >&2
    exit 2
  fi
done

if [[ -z ${BUILD_WORKSPACE_DIRECTORY:-} ]]; then
  # Not under `bazel run`: paths are relative to our runfiles tree.
  runfiles=${RUNFILES_DIR:-$0.runfiles}
  cd "$runfiles/asynchat_conformance"
fi
fuzzer=$PWD/$fuzzer
[[ $dict == - ]] || dict=$PWD/$dict
src_corpus=${BUILD_WORKSPACE_DIRECTORY:+$BUILD_WORKSPACE_DIRECTORY/}$corpus
[[ -d $src_corpus ]] || src_corpus=$PWD/$corpus

if ! grep -qa max_total_time "$fuzzer"; then
  echo "run_fuzzer: $fuzzer is not a libFuzzer binary; build with --config=fuzz:" >&2
  echo "  tools/bazel run --config=fuzz //fuzz:${name}_run -- $*" >&2
  exit 2
fi

work=${FUZZ_WORK_DIR:-/tmp/asynchat-fuzz/$name}
mkdir -p "$work/corpus"

flags=() inputs=()
have() { local f; for f in "${flags[@]}"; do [[ $f == "$1"* ]] && return 0; done; return 1; }
for a in "$@"; do
  if [[ $a == -* ]]; then
    flags+=("$a")
  else
    [[ $a == /* ]] || a=${BUILD_WORKING_DIRECTORY:-$PWD}/$a
    inputs+=("$a")
  fi
done
[[ $dict == - ]] || have -dict= || flags+=("-dict=$dict")
have -artifact_prefix= || flags+=("-artifact_prefix=$work/")
have -timeout= || flags+=("-timeout=10")
have -print_final_stats= || flags+=("-print_final_stats=1")

if ((${#inputs[@]} == 0)); then
  inputs=("$work/corpus" "$src_corpus")
  echo "run_fuzzer: $name: new inputs -> $work/corpus, crashes -> $work/, seeds from $src_corpus" >&2
fi
exec "$fuzzer" "${flags[@]}" "${inputs[@]}"
