#!/usr/bin/env bash
# The format-2 cases of polling and of the connect/close reactions (poll.*,
# reaction.connect.*, reaction.handle_close.*) tell right from wrong: the
# model, the reference, CPython 3 and handwritten_chat.py (written from the
# documents) pass every one of them at --level cpython, and each fixture of
# conformance/testdata/foreign/ that is wrong in one of their observables
# fails the cases of that observable, and none elsewhere:
#   writable_forgets_connecting          writable() is only "queue not empty";
#   readable_stalls                      readable() false while input is held;
#   connect_sends_inside_handle_connect  connected before handle_connect runs;
#   handle_close_not_overridable         its own close paths bypass handle_close:
#                                        every version-2 transcript records
#                                        handle_close, so it fails exactly the
#                                        cases whose expected transcript has a
#                                        handle_close record, each there.
set -euo pipefail

source "$TEST_SRCDIR/asynchat_conformance/conformance/fixture_runs.sh"

FAMILIES=(--filter 'poll.*' --filter 'reaction.connect.*' --filter 'reaction.handle_close.*'
          --filter 'documented.echo.client_setup_in_handle_connect')

# run LABEL WANT_RC --impl ...: the new families on one implementation.
run() {
  local label=$1 want=$2
  shift 2
  suite_run "$label" "$want" --level cpython "$@" "${FAMILIES[@]}"
}

# check LABEL MUST_FAIL ALLOWED: every case judged; the ids in MUST_FAIL
# (space-separated) fail; every failing id matches a glob of ALLOWED.
check() {
  "$PY" - "$T/$1.json" "$1" "$2" "$3" <<'PYEOF'
import fnmatch, json, sys
path, label, must, allowed = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4].split()
cases = {c["id"]: c for c in json.load(open(path))["runs"][0]["cases"]}
assert len(cases) >= 40, "%s: only %d cases ran" % (label, len(cases))
odd = sorted(i for i, c in cases.items() if c["verdict"] not in ("pass", "fail"))
assert not odd, "%s: cases not judged: %s" % (label, odd)
failed = sorted(i for i, c in cases.items() if c["verdict"] == "fail")
missed = [i for i in must if i not in failed]
assert not missed, "%s passes %s" % (label, missed)
stray = [i for i in failed if not any(fnmatch.fnmatchcase(i, g) for g in allowed)]
assert not stray, "%s fails cases its difference does not concern: %s" % (label, stray)
print("%s: fails %d of %d: %s" % (label, len(failed), len(cases), " ".join(failed)))
PYEOF
}

for impl in model reference cpython; do
  run "$impl" 0 --impl "$impl"
  check "$impl" "" ""
done
run handwritten_chat 0 --impl "python:$F/handwritten_chat.py"
check handwritten_chat "" ""

run writable_forgets_connecting 1 --impl "python:$F/writable_forgets_connecting.py"
check writable_forgets_connecting "poll.connecting.empty poll.connecting.then_connected" "poll.connecting.*"

run readable_stalls 1 --impl "python:$F/readable_stalls.py"
check readable_stalls "poll.readable.held_prefix poll.readable.held_beyond_in_buffer" "poll.readable.*"

run connect_sends_inside_handle_connect 1 --impl "python:$F/connect_sends_inside_handle_connect.py"
check connect_sends_inside_handle_connect \
  "reaction.connect.push.read_first reaction.connect.push_with_producer.read_first reaction.connect.close.queued
   reaction.connect.push.behind_queued" \
  "reaction.connect.*"

run handle_close_not_overridable 1 --impl "python:$F/handle_close_not_overridable.py"
# Which other cases it fails is decided below, from the expected transcripts.
check handle_close_not_overridable \
  "reaction.handle_close.eof.push reaction.handle_close.eof.keep_open reaction.handle_close.disconnect.recv.push
   reaction.handle_close.disconnect.send.keep_open reaction.handle_close.close_when_done.push
   reaction.handle_close.close_when_done.keep_open reaction.handle_close.error.push
   reaction.handle_close.error.keep_open poll.kept_open.after_eof" \
  "*"
"$PY" - "$T/handle_close_not_overridable.json" "$CONF" <<'PYEOF'
import json, re, subprocess, sys
cases = json.load(open(sys.argv[1]))["runs"][0]["cases"]
failed = sorted(c["id"] for c in cases if c["verdict"] == "fail")
closing = sorted(c["id"] for c in cases
                 if re.search(r"^< \S+ handle_close$", subprocess.run([sys.argv[2], "--show", c["id"]], check=True,
                                                                     capture_output=True, text=True).stdout, re.M))
assert failed == closing, "handle_close_not_overridable fails\n  %s\nnot exactly the cases with a handle_close " \
    "record\n  %s" % (failed, closing)
for c in cases:
    if c["verdict"] == "fail":
        assert re.search(r"\n  expected: < \S+ handle_close\n", c["detail"]), (c["id"], c["detail"])
print("handle_close_not_overridable fails the %d of %d cases whose transcript has handle_close, each there"
      % (len(failed), len(cases)))
PYEOF
