#!/usr/bin/env bash
# planted_bug_test (fuzz/BUILD), under --config=fuzz only:
#
#   tools/bazel test --config=fuzz //fuzz:planted_bug_test
#
# Each scenario target, linked with a planted bug (fuzz/planted_bugs/), must
# report it within a bounded number of executions, starting from an empty
# corpus with no dictionary (the seeds alone already show every planted bug:
# this checks the search, not just the oracle). It is what keeps a speed
# change (less instrumentation, a cheaper oracle, smaller inputs) from
# costing a target the ability to find what it exists to find. Bounded by
# executions (-runs) with a fixed -seed, never by time, so the result does
# not depend on how busy the machine is.
#
# Arguments, three per target: BINARY RUNS FINDING, where FINDING is text the
# target's report contains. BINARY is runfiles-relative.
set -euo pipefail

if (($# == 0 || $# % 3 != 0)); then
  echo "planted_bug_test: arguments come in threes: BINARY RUNS FINDING" >&2
  exit 2
fi
tmp=${TEST_TMPDIR:-$(mktemp -d)}
failed=0
while (($#)); do
  binary=$1 runs=$2 finding=$3
  shift 3
  name=$(basename "$binary")
  if ! grep -qa max_total_time "$binary"; then
    echo "planted_bug_test: $binary is not a libFuzzer binary; run it with --config=fuzz" >&2
    exit 2
  fi
  work=$tmp/$name
  mkdir -p "$work/new"
  log=$work/log
  status=0
  "$binary" -seed=1 -runs="$runs" -artifact_prefix="$work/" "$work/new" >"$log" 2>&1 || status=$?
  if ((status == 0)); then
    echo "FAIL $name: no finding in $runs executions (the planted bug went unnoticed)"
    tail -5 "$log" | sed 's/^/    /'
    failed=1
  elif ! grep -qF -- "$finding" "$log"; then
    echo "FAIL $name: exit $status without the expected report \"$finding\""
    tail -20 "$log" | sed 's/^/    /'
    failed=1
  else
    execs=$(grep -o '^#[0-9]*' "$log" | tail -1 || true)
    echo "ok   $name: found at execution ${execs#\#} (of at most $runs): $finding"
  fi
done
exit "$failed"
