#!/usr/bin/env bash
# The bounded fuzzing step of CI (.ci/run calls it): builds every libFuzzer
# target with --config=fuzz and fuzzes each for ${FUZZ_SECONDS:-60} seconds
# from its checked-in corpus and regressions. Exits non-zero, printing the
# reproducer's path (minimized) and the command that reproduces it, if any
# target crashes, leaks or times out. The source tree is not modified:
# findings and new inputs stay in ${FUZZ_WORK_DIR:-a new /tmp directory}.
# Seven targets at 60 s: about 8 minutes plus the build. Then
# planted_bug_test: each scenario target must still find a planted bug
# within a bounded number of executions (fuzz/BUILD; about 10 s).
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
tools/fuzz_all --ci "${FUZZ_SECONDS:-60}" || status=$?
tools/bazel test --config=fuzz //fuzz:planted_bug_test --color=no --curses=no || status=1
exit "$status"
