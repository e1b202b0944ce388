#!/usr/bin/env bash
# The version-2 observables of async_chat channels (traces/FORMAT.md
# "Version 2": `recv N M` and `handle_close`) catch what version 1 cannot
# see. Every observe.* case passes on the model, the reference and CPython
# 3.11 (its default in_buffer of 65536 aside: expected.txt), and on
# handwritten_chat.py, the foreign control; each deliberately wrong fixture
# of conformance/testdata/foreign/ fails exactly the cases of its mistake:
#   recv_ignores_in_buffer    reads with recv(4096) whatever in_buffer says:
#                             fails every observe.recv case on a declared
#                             size, passes those on the default size;
#   close_skips_handle_close  closes at the close_when_done marker without
#                             handle_close: fails the close_when_done cases,
#                             passes every other handle_close occasion.
set -euo pipefail

source "$TEST_SRCDIR/asynchat_conformance/conformance/fixture_runs.sh"

# run LABEL WANT ARGS...: the observe.* cases on one implementation; checks
# the exit status and that every case ran (none unsupported, no adapter
# failure or case error).
run() {
  local label=$1 want=$2
  shift 2
  suite_run "$label" "$want" "$@" --filter 'observe.*'
  all_judged "$label" 30
}

run model 0 --impl model
run reference 0 --impl reference
run cpython 0 --level cpython --impl cpython --expected-failures "$R/conformance/implementations/cpython/expected.txt"
run handwritten_chat 0 --level cpython --impl "python:$F/handwritten_chat.py"

# fails LABEL GLOB...: the failing cases are exactly those matching a GLOB,
# and each fails at a version-2 record.
fails() {
  "$PY" - "$T/$1.json" "$@" <<'PYEOF'
import fnmatch, json, re, sys
label, globs = sys.argv[2], sys.argv[3:]
cases = json.load(open(sys.argv[1]))["runs"][0]["cases"]
failed = sorted(c["id"] for c in cases if c["verdict"] == "fail")
wanted = sorted(c["id"] for c in cases if any(fnmatch.fnmatchcase(c["id"], g) for g in globs))
assert wanted, "%s: no case matches %s" % (label, globs)
assert failed == wanted, "%s fails\n  %s\nexpected\n  %s" % (label, failed, wanted)
for c in cases:
    if c["verdict"] == "fail":
        assert re.search(r"< \S+ (recv|handle_close|close)\b", c["detail"]), (c["id"], c["detail"])
print("%s fails the %d cases of its mistake: %s" % (label, len(failed), " ".join(failed)))
PYEOF
}

run recv_ignores_in_buffer 1 --level cpython --impl "python:$F/recv_ignores_in_buffer.py"
fails recv_ignores_in_buffer 'observe.recv.*.declared' 'observe.recv.string.held_back' \
  'observe.recv.integer.remaining_smaller' 'observe.recv.in_buffer_1' 'observe.recv.wouldblock' \
  'observe.recv.other_error' 'observe.recv.connecting' 'observe.handle_close.eof' \
  'observe.handle_close.recv_disconnect.*' 'observe.handle_close.close_when_done.reaction' \
  'observe.handle_close.handle_error.recv' 'observe.handle_close.handle_error.reaction' \
  'observe.handle_close.explicit_close.reaction' 'observe.cpython_test.*'

run close_skips_handle_close 1 --level cpython --impl "python:$F/close_skips_handle_close.py"
fails close_skips_handle_close 'observe.handle_close.close_when_done*' 'observe.cpython_test.close_when_done'

# At the default level too: a wrong recv size or a missing handle_close is
# a failure, never a mere difference from CPython.
set +e
"$CONF" --impl "python:$F/recv_ignores_in_buffer.py" --filter 'observe.recv.string.declared' -q > "$T/doc.out" 2>&1
rc=$?
set -e
[[ $rc -eq 1 ]] || { echo "FAIL: recv_ignores_in_buffer at --level documented exited $rc"; cat "$T/doc.out"; exit 1; }
echo PASS
