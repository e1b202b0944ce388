# fixture_runs.sh: what the fixture tests (*_fixtures_test.sh) share, sourced
# by them: where the suite and the fixtures are in the test's runfiles, one
# run of the conformance command with its exit status checked, and the
# verdicts of that run read from its JSON report. A test states only which
# implementations it runs and which cases each must fail.
#
#   R CONF F T PY      runfiles root, the conformance command, the fixtures
#                      folder (conformance/testdata/foreign), scratch, python3
#   suite_run LABEL WANT_RC ARGS...
#                      runs CONF ARGS... --no-properties --json $T/LABEL.json -q;
#                      the exit status must be WANT_RC, else the output is
#                      shown and the test fails
#   verdicts LABEL     "id verdict" for every case of that run that did not
#                      pass, sorted by id
#   failed_ids LABEL   the ids the run failed, one a line, sorted
#   all_judged LABEL MIN
#                      the run judged at least MIN cases and every one passed
#                      or failed (none unsupported, no adapter failure)

R="$TEST_SRCDIR/asynchat_conformance"
CONF="$R/conformance/conformance"
F="$R/conformance/testdata/foreign"
T="$TEST_TMPDIR"
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3

suite_run() {
  local label=$1 want=$2 rc
  shift 2
  set +e
  "$CONF" "$@" --no-properties --json "$T/$label.json" -q > "$T/$label.out" 2>&1
  rc=$?
  set -e
  if [[ $rc -ne $want ]]; then
    echo "FAIL: $label: the conformance command exited $rc, expected $want"
    cat "$T/$label.out"
    exit 1
  fi
}

verdicts() {
  "$PY" -c '
import json, sys
for c in sorted(json.load(open(sys.argv[1]))["runs"][0]["cases"], key=lambda c: c["id"]):
    if c["verdict"] != "pass":
        print(c["id"], c["verdict"])' "$T/$1.json"
}

failed_ids() {
  "$PY" -c '
import json, sys
print("\n".join(sorted(c["id"] for c in json.load(open(sys.argv[1]))["runs"][0]["cases"] if c["verdict"] == "fail")))
' "$T/$1.json" | sed '/^$/d'
}

all_judged() {
  "$PY" - "$T/$1.json" "$1" "$2" <<'PYEOF'
import json, sys
cases = json.load(open(sys.argv[1]))["runs"][0]["cases"]
label, least = sys.argv[2], int(sys.argv[3])
assert len(cases) >= least, "%s: only %d cases ran, expected at least %d" % (label, len(cases), least)
odd = [(c["id"], c["verdict"]) for c in cases if c["verdict"] not in ("pass", "fail")]
assert not odd, "%s: cases not judged: %s" % (label, odd)
print("%s: %d of %d cases fail" % (label, sum(c["verdict"] == "fail" for c in cases), len(cases)))
PYEOF
}
