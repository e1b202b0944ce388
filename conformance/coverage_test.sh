#!/usr/bin/env bash
# spec/COVERAGE.md is what `conformance --coverage-md spec/COVERAGE.md`
# generates from the checked-in SPEC.md, cases, traces, counterexamples and
# properties (so it is never stale), and that command passes: every citation
# names a clause SPEC.md defines and every testable clause is cited. A trace
# citing an unknown clause is refused naming its file and line.
set -euo pipefail

R="$TEST_SRCDIR/asynchat_conformance"
CONF="$R/conformance/conformance"
T="$TEST_TMPDIR"

mkdir -p "$T/work/spec"
cd "$T/work"
if ! "$CONF" --coverage-md spec/COVERAGE.md > "$T/coverage.out" 2>&1; then
  echo "FAIL: conformance --coverage reports problems:"
  grep '^problem: ' "$T/coverage.out" || tail -5 "$T/coverage.out"
  exit 1
fi
grep -q ' testable clauses cited; ' "$T/coverage.out"
if ! diff -u "$R/spec/COVERAGE.md" spec/COVERAGE.md; then
  echo "FAIL: spec/COVERAGE.md is stale; regenerate it with"
  echo "  tools/bazel run //conformance -- --coverage-md spec/COVERAGE.md"
  exit 1
fi

# A trace whose clauses line names no clause of SPEC.md: an error naming the
# file and line, exit 2, nothing judged.
mkdir -p "$T/bad"
printf 'asynchat-trace 1\ndescription "d"\nclauses chat.push.split chat.no-such-rule\nchannel c\n> c read eof\n' \
  > "$T/bad/x.trace"
rc=0
"$CONF" --traces-dir "$T/bad" --no-properties --coverage > "$T/bad.out" 2>&1 || rc=$?
[[ $rc == 2 ]] || { echo "FAIL: exit $rc for an unknown clause id"; cat "$T/bad.out"; exit 1; }
grep -q "x.trace:3: unknown clause id chat.no-such-rule: spec/SPEC.md defines no such clause" "$T/bad.out" ||
  { echo "FAIL: the error does not name file and line:"; cat "$T/bad.out"; exit 1; }
echo "PASS"
