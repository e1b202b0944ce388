#!/usr/bin/env bash
# PROTOCOL.md "Handshake": an adapter that speaks only driver protocol 1
# keeps working. The whole default suite (cases, traces and properties) runs
# through --impl-cmd on the frozen version-1 Python adapter
# (conformance/testdata/v1_adapter/) with CPython 3.11: nothing fails beyond
# CPython's expected failures, every case written in trace format 2 (the
# observe.* cases at least) is reported unsupported because the adapter
# speaks protocol 1, never failed, and every checked-in version-1 trace
# (trace.*) is judged as before.
set -euo pipefail

R="$TEST_SRCDIR/asynchat_conformance"
CONF="$R/conformance/conformance"
T="$TEST_TMPDIR"
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3

set +e
"$CONF" --impl-cmd "$PY $R/conformance/testdata/v1_adapter/asynchat_adapter.py" --seed 1 \
  --expected-failures "$R/conformance/implementations/cpython/expected.txt" --json "$T/run.json" > "$T/out" 2>&1
rc=$?
set -e
tail -3 "$T/out"
[[ $rc -eq 0 ]] || { cat "$T/out"; echo "FAIL: the suite on the version-1 adapter exited $rc"; exit 1; }
"$PY" - "$T/run.json" <<'PYEOF'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
cases = run["cases"]
by_verdict = {}
for c in cases:
    by_verdict.setdefault(c["verdict"], []).append(c)
failed = [c["id"] for c in cases if c["outcome"] == "failed"]
assert not failed, "failed on the version-1 adapter: %s" % failed[:20]
broken = [(c["id"], c["verdict"]) for c in cases if c["verdict"] not in ("pass", "fail", "unsupported")]
assert not broken, "adapter failures or case errors: %s" % broken[:20]
unsupported = by_verdict.get("unsupported", [])
reason = "the adapter speaks driver protocol 1"
wrong = [(c["id"], c.get("detail", "")) for c in unsupported
         if "trace of format 2" not in c.get("detail", "") or reason not in c.get("detail", "")]
assert not wrong, "unsupported for another reason than protocol 1: %s" % wrong[:5]
observe = [c for c in cases if c["id"].startswith("observe.")]
assert len(observe) >= 30, "only %d observe.* cases" % len(observe)
ran = [c["id"] for c in observe if c["verdict"] != "unsupported"]
assert not ran, "format-2 cases run on a protocol-1 adapter: %s" % ran
traces = [c for c in cases if c["id"].startswith("trace.")]
judged = [c for c in traces if c["verdict"] in ("pass", "fail")]
assert len(judged) >= 90, "only %d version-1 traces were judged" % len(judged)
wrong = [(c["id"], c["outcome"]) for c in judged if c["outcome"] not in ("passed", "expected-fail")]
assert not wrong, "traces that no longer pass on the version-1 adapter: %s" % wrong
props = run.get("properties", [])
bad = [(p["id"], p["outcome"]) for p in props if p["outcome"] not in ("passed", "expected-fail")]
assert not bad, "properties failing on the version-1 adapter: %s" % bad
print("version-1 adapter: %d cases pass, %d expected failures, %d format-2 cases unsupported (%d observe.*), "
      "%d traces judged, %d properties" % (
          sum(c["outcome"] == "passed" for c in cases), sum(c["outcome"] == "expected-fail" for c in cases),
          len(unsupported), len(observe), len(judged), len(props)))
PYEOF
echo PASS
