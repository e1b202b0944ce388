#!/usr/bin/env bash
# Every checked-in trace replays against CPython 3.11's own asynchat, except
# those conformance/implementations/cpython/expected.txt lists (each with the document CPython
# departs from, and the trace's notes say so too). A trace recorded on the
# reference therefore replays identically on CPython, and the CPython traces
# replay on the reference (traces:replay_test).
set -euo pipefail

R="$TEST_SRCDIR/asynchat_conformance"
CONF="$R/conformance/conformance"
T="$TEST_TMPDIR"

if ! command -v python3 > /dev/null; then
  echo "python3 is not installed: nothing to replay against (tools/bazel installs it)"
  exit 1
fi
set +e
"$CONF" --level cpython --impl cpython --filter 'trace.*' --no-properties --expected-failures "$R/conformance/implementations/cpython/expected.txt" \
  --json "$T/run.json" > "$T/out" 2>&1
rc=$?
set -e
tail -3 "$T/out"
[[ $rc -eq 0 ]] || { cat "$T/out"; echo "FAIL: traces CPython does not replay (exit $rc)"; exit 1; }
python3 - "$T/run.json" <<'PYEOF'
import json, sys
cases = json.load(open(sys.argv[1]))["runs"][0]["cases"]
ran = [c for c in cases if c["verdict"] in ("pass", "fail")]
assert len(ran) >= 90, "only %d traces ran on CPython" % len(ran)
print("%d traces replayed on CPython" % len(ran))
PYEOF
