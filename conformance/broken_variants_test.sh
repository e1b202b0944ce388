#!/usr/bin/env bash
# The suite catches wrong implementations. make_broken_variants.py writes
# copies of CPython's asynchat.py with one deliberate bug each (find_prefix_at_end
# off by one, the integer countdown off by one, close_when_done closing before
# the queue drains, ...). Each must be reported as failing cases that the
# unmodified CPython passes, grouped by root cause, one minimal counterexample
# per root cause that still fails on the variant the same way (its replay has
# the group's root cause) and passes on CPython; the console's summary and
# root causes fit in 40 lines however many cases fail. The unmodified
# CPython must pass everything but conformance/implementations/cpython/expected.txt,
# properties included. These are CPython ports, judged at --level cpython;
# at --level documented (conformance/run/level.h) the one whose bug is in
# what only CPython decides (collect_empty: chat.collect.never-empty) passes
# with its failures reported as differences, and every other still fails.
set -euo pipefail

R="$TEST_SRCDIR/asynchat_conformance"
CONF="$R/conformance/conformance"
EXPECTED="$R/conformance/implementations/cpython/expected.txt"
T="$TEST_TMPDIR"
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3

"$PY" "$R/conformance/adapters/python/make_broken_variants.py" "$T/variants" > "$T/variants.txt"
cat "$T/variants.txt"
count=$(ls "$T"/variants/asynchat_*.py | wc -l)
[[ $count -ge 3 ]] || { echo "FAIL: only $count variants written"; exit 1; }

for f in "$T"/variants/asynchat_*.py; do
  name=$(basename "$f" .py)
  set +e
  "$CONF" --level cpython --impl "python:$f" --no-properties --expected-failures "$EXPECTED" \
    --counterexamples "$T/ce" --max-counterexamples 12 --json "$T/$name.json" -q > "$T/$name.out" 2>&1
  rc=$?
  set -e
  if [[ $rc -ne 1 ]]; then
    echo "FAIL: $name: the conformance command exited $rc; a broken implementation must exit 1"
    cat "$T/$name.out"
    exit 1
  fi
  # Summary and root causes: what comes before the failures in full.
  summary=$(sed -n '/^unexpected failures/q;p' "$T/$name.out" | wc -l)
  if [[ $summary -gt 40 ]]; then
    echo "FAIL: $name: $summary lines of summary and root causes (at most 40)"; cat "$T/$name.out"; exit 1
  fi
  # The smallest counterexample of an unexpected failure: few inputs, and it
  # tells the variant from CPython when replayed on its own.
  smallest=$("$PY" - "$T/$name.json" <<'PYEOF'
import json, os, sys
run = json.load(open(sys.argv[1]))["runs"][0]
failed = [c for c in run["cases"] if c["outcome"] == "failed"]
assert failed, "no unexpected failure reported"
groups = run["groups"]
assert all("group" in c for c in failed), "a failure without a group"
shrunk = [c for c in failed if "counterexample" in c]
assert shrunk, "no counterexample written for the failures: %s" % [c["id"] for c in failed]
# One counterexample per root cause, not per case.
here = [c for c in run["cases"] if c.get("counterexample", "").startswith(run["counterexample_dir"] + "/")]
assert len({c["group"] for c in here}) == len(here), "two counterexamples for one root cause"
written = os.listdir(run["counterexample_dir"])
assert len(written) == len(here), "%d files for %d counterexamples" % (len(written), len(here))
for c in shrunk:
    assert c["replay"].startswith("tools/bazel run //tools:trace -- replay "), c["replay"]
    assert groups[c["group"]]["counterexample"] == c["counterexample"]
    text = open(c["counterexample"]).read()
    assert "origin counterexample " + c["id"] in text, text
best = min(shrunk, key=lambda c: c["counterexample_inputs"])
assert best["counterexample_inputs"] <= 6, "smallest counterexample has %d inputs" % best["counterexample_inputs"]
print(best["counterexample"])
print(best["root_cause"])
print("%d unexpected failures, %d root causes, smallest counterexample %s (%d inputs)" % (len(failed), len(groups), best["id"], best["counterexample_inputs"]), file=sys.stderr)
PYEOF
)
  cause=$(sed -n 2p <<< "$smallest")
  smallest=$(sed -n 1p <<< "$smallest")
  echo "$name: $(grep -c '^>' "$smallest") inputs in $smallest"
  # Replayed on the variant, it fails with the root cause it was shrunk for.
  set +e
  "$CONF" --level cpython --impl "python:$f" --trace "$smallest" --json "$T/replay.json" -q > "$T/replay.out" 2>&1
  set -e
  replayed=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["runs"][0]["cases"][0].get("root_cause", "(passed)"))' "$T/replay.json")
  if [[ "$replayed" != "$cause" ]]; then
    echo "FAIL: $name: $smallest was shrunk for '$cause' but fails with '$replayed'"; cat "$T/replay.out"; exit 1
  fi
  if "$CONF" --level cpython --impl "python:$f" --trace "$smallest" -q > "$T/replay.out" 2>&1; then
    echo "FAIL: $name: its counterexample $smallest passes when replayed on the variant"; cat "$T/replay.out"; exit 1
  fi
  if ! "$CONF" --level cpython --impl cpython --trace "$smallest" -q > "$T/replay.out" 2>&1; then
    echo "FAIL: $name: its counterexample $smallest fails on the unmodified CPython"; cat "$T/replay.out"; exit 1
  fi
done

# --level documented: collect_empty only differs from CPython; the others
# break what the documents say and still fail.
for f in "$T"/variants/asynchat_*.py; do
  name=$(basename "$f" .py)
  want=1
  [[ $name == asynchat_collect_empty ]] && want=0
  set +e
  "$CONF" --impl "python:$f" --no-properties --expected-failures "$EXPECTED" -q > "$T/$name.documented.out" 2>&1
  rc=$?
  set -e
  if [[ $rc -ne $want ]]; then
    echo "FAIL: $name at --level documented: exit $rc, expected $want"; cat "$T/$name.documented.out"; exit 1
  fi
done
grep -q "^differs from CPython in .* behaviour" "$T/asynchat_collect_empty.documented.out" ||
  { echo "FAIL: collect_empty's differences are not reported"; cat "$T/asynchat_collect_empty.documented.out"; exit 1; }

# The unmodified CPython: no unexpected failure, with the properties (quick).
if ! "$CONF" --level cpython --impl cpython --expected-failures "$EXPECTED" --effort quick --seed 1 -q > "$T/cpython.out" 2>&1; then
  echo "FAIL: the unmodified CPython fails cases not in conformance/implementations/cpython/expected.txt"
  cat "$T/cpython.out"
  exit 1
fi
grep '^result for cpython' "$T/cpython.out"
echo "PASS: $count broken variants caught, grouped by root cause, a minimal counterexample each that fails the same way; CPython passes"
