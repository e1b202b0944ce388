#!/usr/bin/env bash
# An implementation with fixed 512-byte buffers (fixed_buffers.py, declared to
# the Python adapter, which declares in_buffer=512 out_buffer=512 in its
# handshake) runs at least 90% of the cases that need no integer terminator,
# with no adapter failure (a read longer than its recv(512) would abort the
# adapter); and with its buffers fixed at 16 (FIXED_BUFFERS_SIZE), a case
# reading more than 16 bytes at once is reported unsupported with the reason,
# never run.
set -euo pipefail

R="$TEST_SRCDIR/asynchat_conformance"
CONF="$R/conformance/conformance"
FIXTURE="$R/conformance/testdata/foreign/fixed_buffers.py"
ADAPTER="$R/conformance/adapters/python/asynchat_adapter.py"
T="$TEST_TMPDIR"
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3

# What a run would do with an oversized read, shown first: the adapter aborts
# the case, so a case the suite should have refused cannot pass unnoticed.
printf '%s\n' 'asynchat-driver 1' 'case "oversized"' 'channel c' '> c set_terminator str:"\n"' \
  "> c read \"$(printf 'r%.0s' $(seq 64))\"" 'quit' |
  FIXED_BUFFERS_SIZE=16 "$PY" "$ADAPTER" --impl "file:$FIXTURE" > "$T/direct.out" 2> "$T/direct.err" || true
grep -q '^hello 1 .* in_buffer=16 out_buffer=16$' "$T/direct.out" || { echo "FAIL: no in_buffer=16 in the handshake"; cat "$T/direct.out"; exit 1; }
if grep -q ' buffer_sizes\| int_terminator' <(head -1 "$T/direct.out"); then
  echo "FAIL: the handshake declares what the fixture lacks"; head -1 "$T/direct.out"; exit 1
fi
grep -q 'exceeds the recv(16)' "$T/direct.out" || { echo "FAIL: the adapter ran a 64-byte read on recv(16)"; cat "$T/direct.out"; exit 1; }

# A module declaring sizes that are not two whole numbers cannot start: exit 2,
# naming the attribute.
cp "$(dirname "$FIXTURE")/handwritten_chat.py" "$T/"  # what the fixture builds on
{ cat "$FIXTURE"; echo 'CONFORMANCE_FIXED_BUFFER_SIZES = (512, 0)'; } > "$T/bad_sizes.py"
status=0
"$CONF" --impl "python:$T/bad_sizes.py" --no-properties -q > "$T/bad.out" 2>&1 || status=$?
[[ $status -eq 2 ]] || { echo "FAIL: a bad CONFORMANCE_FIXED_BUFFER_SIZES exits $status, not 2"; cat "$T/bad.out"; exit 1; }
grep -q 'CONFORMANCE_FIXED_BUFFER_SIZES must be (in_buffer, out_buffer)' "$T/bad.out" ||
  { echo "FAIL: the error does not name CONFORMANCE_FIXED_BUFFER_SIZES"; cat "$T/bad.out"; exit 1; }

"$CONF" --list > "$T/list.txt" 2>/dev/null
"$CONF" --impl "python:$FIXTURE" --no-properties --json "$T/fixed512.json" -q > "$T/fixed512.out" 2>&1 || true
FIXED_BUFFERS_SIZE=16 "$CONF" --impl "python:$FIXTURE" --no-properties --json "$T/fixed16.json" -q > "$T/fixed16.out" 2>&1 || true

"$PY" - "$T/list.txt" "$T/fixed512.json" "$T/fixed16.json" <<'PYEOF'
import json, sys

# --list: an id at the start of a line, then indented lines, one "needs ...;".
needs, current = {}, None
for line in open(sys.argv[1]):
    if line and not line[0].isspace():
        current = line.strip()
    elif line.strip().startswith("needs ") and current:
        needs[current] = line.strip()[len("needs "):].split(";")[0].split(",")
integer = {i for i, caps in needs.items() if "int_terminator" in caps}
assert len(needs) > 700 and 50 < len(integer) < 300, (len(needs), len(integer))

def load(path):
    runs = json.load(open(path))["runs"]
    assert len(runs) == 1, path
    return runs[0]

run = load(sys.argv[2])
assert "buffer_sizes" not in run["capabilities"], run["capabilities"]
cases = {c["id"]: c for c in run["cases"]}
assert set(cases) == set(needs), "the run and --list disagree on the cases"
failures = [(i, c.get("detail", "")[:300]) for i, c in cases.items() if c["verdict"] in ("adapter-failure", "case-error")]
assert not failures, "adapter failures or case errors: %s" % failures
others = [i for i in cases if i not in integer]
ran = [i for i in others if cases[i]["verdict"] != "unsupported"]
share = len(ran) / len(others)
print("fixed 512: %d of the %d cases needing no integer terminator run (%.1f%%); %d need one"
      % (len(ran), len(others), 100 * share, len(integer)))
assert share >= 0.90, "only %.1f%% run" % (100 * share)
for i in integer:
    assert cases[i]["verdict"] == "unsupported" and "int_terminator" in cases[i].get("detail", ""), (i, cases[i].get("detail", ""))

# A case whose expected transcript is the model's runs at 512 though it gives
# in_buffer=64 (hand-derived: 30 bytes, one read).
assert cases["terminator.string.cpython_lines.lf.whole"]["verdict"] == "pass", cases["terminator.string.cpython_lines.lf.whole"]

run16 = {c["id"]: c for c in load(sys.argv[3])["cases"]}
failures = [(i, c.get("detail", "")[:300]) for i, c in run16.items() if c["verdict"] == "adapter-failure"]
assert not failures, "fixed 16: cases ran that read more than recv(16) returns: %s" % failures[:5]
# "hello world\nI'm not dead yet!\n" is 30 bytes, read at once.
whole = run16["terminator.string.cpython_lines.lf.whole"]
want = "reads 30 bytes at once on channel c; the implementation's in_buffer is 16"
assert whole["verdict"] == "unsupported" and whole["detail"] == want, whole
oversized = [i for i, c in run16.items() if c.get("detail", "").startswith("reads ")]
print("fixed 16: %d cases refused for a read longer than 16 bytes, e.g. %s: %s" % (len(oversized), whole["id"], want))
PYEOF
