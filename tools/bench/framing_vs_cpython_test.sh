#!/usr/bin/env bash
# //tools/bench:framing_vs_cpython in its smallest form: --quick with the
# first 8 KiB of each stream, reads of 1, 7 and 65536 bytes, one pass per
# sample. Checks that every cell is in the table, the agreement check passed
# and every target line is there; then that a CPython side reporting other
# counts makes it fail naming the stream and read size. Never a speed.
set -uo pipefail

R="$TEST_SRCDIR/$TEST_WORKSPACE"
BIN="$R/tools/bench/framing_vs_cpython"
PYTHON=/usr/bin/python3
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

run() { "$BIN" --quick --markdown --bytes 8192 --read-sizes 1,7,65536 --min-time 0 --python "$@"; }

run "$PYTHON" --json "$TEST_TMPDIR/out.json" >"$TEST_TMPDIR/stdout" 2>"$TEST_TMPDIR/stderr"
status=$?
cat "$TEST_TMPDIR/stdout"
[[ $status -eq 0 ]] || { fail "exited $status"; cat "$TEST_TMPDIR/stderr"; }
for stream in lf64 dot1k count100 http; do
  for read in 1 7 65536; do
    grep -qE "^\| $stream \| $read \|( [^|]+ \|){8}\$" "$TEST_TMPDIR/stdout" || fail "no full row for $stream/$read"
  done
done
grep -q "MISMATCH\|not run" "$TEST_TMPDIR/stdout" && fail "a cell is marked MISMATCH or not run"
grep -q "^- Agreement: passed. In all 12 cells" "$TEST_TMPDIR/stdout" || fail "no passed agreement line"
grep -q "^- Target: at least 50x CPython" "$TEST_TMPDIR/stdout" || fail "no 50x target line"
grep -q "^- Target: at least 0.5x the memchr/memmem baseline with 64 KiB reads: .*lf64" "$TEST_TMPDIR/stdout" ||
  fail "no baseline target line"
grep -q "^- Target: linear .*: reference " "$TEST_TMPDIR/stdout" || fail "no linearity target line"
grep -q "machine: nproc [0-9]" "$TEST_TMPDIR/stdout" || fail "no machine"
"$PYTHON" -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d['cells']) == 12 and all(c['agree'] for c in d['cells'])" \
  "$TEST_TMPDIR/out.json" || fail "out.json"

# A CPython side that finds one more terminator than it did: exit 1, naming the cell.
fake="$TEST_TMPDIR/lying_python"
cat >"$fake" <<FAKE
#!/usr/bin/env bash
$PYTHON "\$@" || exit \$?
out="\${@: -1}"
$PYTHON - "\$out" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
for c in lines:
    if c['stream'] == 'dot1k' and c['read_size'] == 7:
        c['found'] += 1
open(sys.argv[1], 'w').write(''.join(json.dumps(c) + '\n' for c in lines))
PY
FAKE
chmod +x "$fake"
run "$fake" >"$TEST_TMPDIR/stdout2" 2>"$TEST_TMPDIR/stderr2"
status=$?
[[ $status -eq 1 ]] || fail "a disagreeing CPython side exited $status, not 1"
grep -q "dot1k read 7: the reference and CPython disagree" "$TEST_TMPDIR/stderr2" || fail "the disagreeing cell is not named"
grep -q "^- Agreement: FAILED in dot1k/7 " "$TEST_TMPDIR/stdout2" || fail "the table does not say the agreement failed"

# A CPython side whose counts change from one round to the next (the second
# run for lf64 finds one more terminator): exit 1, naming the cell and counts.
drifting="$TEST_TMPDIR/drifting_python"
cat >"$drifting" <<FAKE
#!/usr/bin/env bash
$PYTHON "\$@" || exit \$?
out="\${@: -1}"
$PYTHON - "\$out" "$TEST_TMPDIR/lf64_runs" <<'PY'
import json, os, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
if lines and lines[0]['stream'] == 'lf64':
    runs = int(open(sys.argv[2]).read()) + 1 if os.path.exists(sys.argv[2]) else 1
    open(sys.argv[2], 'w').write(str(runs))
    if runs == 2:
        for c in lines:
            c['found'] += 1
open(sys.argv[1], 'w').write(''.join(json.dumps(c) + '\n' for c in lines))
PY
FAKE
chmod +x "$drifting"
run "$drifting" --samples 2 >"$TEST_TMPDIR/stdout3" 2>"$TEST_TMPDIR/stderr3"
status=$?
[[ $status -eq 1 ]] || fail "a CPython side with counts changing between rounds exited $status, not 1"
grep -q "framing_cpython.py's counts for lf64 read 1 changed between rounds" "$TEST_TMPDIR/stderr3" ||
  fail "counts changing between rounds are not reported naming the cell"

# Bad usage: exit 2.
"$BIN" --read-sizes 0 >/dev/null 2>&1
[[ $? -eq 2 ]] || fail "--read-sizes 0 did not exit 2"
"$BIN" --bytes -1 >/dev/null 2>"$TEST_TMPDIR/bytes.err"
[[ $? -eq 2 ]] || fail "--bytes -1 did not exit 2"
grep -q "'-1' is not a byte count" "$TEST_TMPDIR/bytes.err" || fail "--bytes -1: message does not name the value"

[[ $failures -eq 0 ]] && echo PASS
exit $((failures > 0))
