#!/usr/bin/env bash
# The listener.* cases (format 2) catch wrong listeners: two foreign
# fixtures (conformance/testdata/foreign/), each handwritten_chat.py with one
# wrong listening dispatcher, fail the cases of their difference and pass
# the rest, while CPython 3.11, the model and the reference pass them all:
#   accept_error_escapes   accept() lets ECONNABORTED reach handle_error,
#                          closing the listener: fails the two
#                          listener.*.econnaborted cases;
#   accept_ignores_socket  the default handle_accept() drops the accepted
#                          socket without calling handle_accepted(): fails
#                          listener.handle_accepted.* cases that use an
#                          accepted channel, passes every
#                          listener.handle_accept.* case.
set -euo pipefail

source "$TEST_SRCDIR/asynchat_conformance/conformance/fixture_runs.sh"

# run NAME IMPL WANT_RC: the listener cases on IMPL; the exit status must be
# WANT_RC and every case judged (pass or fail).
run() {
  suite_run "$1" "$3" --impl "$2" --filter 'listener.*'
  all_judged "$1" 16
}

run model model 0
run reference reference 0
run cpython cpython 0
run handwritten_chat "python:$F/handwritten_chat.py" 0

run accept_error_escapes "python:$F/accept_error_escapes.py" 1
want=$'listener.handle_accept.econnaborted\nlistener.handle_accepted.econnaborted'
got=$(failed_ids accept_error_escapes)
[[ "$got" == "$want" ]] || { echo "FAIL: accept_error_escapes fails:"; echo "$got"; echo "expected exactly:"; echo "$want"; exit 1; }

run accept_ignores_socket "python:$F/accept_ignores_socket.py" 1
got=$(failed_ids accept_ignores_socket)
for id in listener.handle_accepted.exchange listener.handle_accepted.close_keeps_channels \
          listener.handle_accepted.error_spares_channels; do
  grep -qx "$id" <<< "$got" || { echo "FAIL: accept_ignores_socket passes $id"; echo "$got"; exit 1; }
done
if grep -q '^listener\.handle_accept\.' <<< "$got"; then
  echo "FAIL: accept_ignores_socket fails a handle_accept-style case:"; echo "$got"; exit 1
fi
echo "PASS"
