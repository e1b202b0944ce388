#!/usr/bin/env bash
# `trace record-python` on a real application: records a fresh stdlib smtpd
# session (traces/apps/smtpd_app.py: smtpd server, smtplib client, over
# 127.0.0.1, stops by itself), checks the trace holds the session's records,
# and replays it on the reference and on CPython 3.11. A program that cannot
# be started and a missing command are bad usage (exit 2).
set -uo pipefail

R="$TEST_SRCDIR/asynchat_conformance"
TRACE="$R/tools/trace"
T="$TEST_TMPDIR"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$TRACE" record-python -o "$T/rec" -- /usr/bin/python3 "$R/traces/apps/smtpd_app.py" multi_recipient \
  > "$T/out" 2> "$T/err" || { fail "record-python exited $?"; cat "$T/out" "$T/err"; }
grep -q "1 new trace in" "$T/err" || { fail "record-python did not report one trace"; cat "$T/err"; }
tr="$T/rec/001-SMTPChannel.trace"
if [[ ! -f "$tr" ]]; then
  fail "no trace written"; ls -l "$T/rec"
else
  for want in 'origin recording record-python asynchat smtpd.SMTPChannel' \
              '> c read "rcpt TO:<carol@example.org>\r\n"' \
              '> c on found_terminator 6 set_terminator str:"\r\n.\r\n"' \
              '< c send "221 Bye\r\n" 9' '< c close'; do
    grep -qF -- "$want" "$tr" || { fail "trace lacks: $want"; cat "$tr"; }
  done
  for impl in reference cpython; do
    "$TRACE" replay "$tr" --impl "$impl" > "$T/replay" 2>&1 || { fail "replay on $impl"; cat "$T/replay"; }
  done
fi

"$TRACE" record-python -o "$T/rec2" -- /no/such/python > "$T/out" 2> "$T/err"
[[ $? -eq 2 ]] || fail "a command that cannot start: wanted exit 2"
grep -q "cannot run /no/such/python" "$T/err" || { fail "no message naming the command"; cat "$T/err"; }
"$TRACE" record-python -o "$T/rec3" > "$T/out" 2> "$T/err"
[[ $? -eq 2 ]] || fail "no command: wanted exit 2"

[[ $fails -eq 0 ]] && echo PASS
exit $((fails > 0))
