# Sourced by the command-line tests of `conformance` and `trace`: interrupting
# a command ends the adapter processes it started, even a hung one's
# children, says what was running and exits 128 + SIGINT.
#
#   check_interrupt LABEL EXPECTED_STDERR_TEXT COMMAND...
#
# COMMAND runs in the background with $HANG_ADAPTER_CMD as its adapter
# command (an adapter that handshakes, then hangs at its first input in a
# sleep of its own, as an interpreter's child would); once the sleep exists
# the command gets SIGINT. Uses the caller's $T (a scratch directory) and
# increments the caller's $fails.

HANG_MARKER="$((RANDOM + 1000))$$"
cat >"$T/hang_adapter.sh" <<'ADAPTER'
while IFS= read -r line; do
  case $line in
    'asynchat-driver '*) echo 'hello 1 "hanging adapter" string_terminator int_terminator none_terminator buffer_sizes producers reactions close_when_done discard_buffers recv_errors send_control connect typed_push' ;;
    '>'*) sleep "$1" ;;
    *) echo ok ;;
  esac
done
ADAPTER
HANG_ADAPTER_CMD="sh $T/hang_adapter.sh $HANG_MARKER"

check_interrupt() {
  local label=$1 expected=$2 run rc left
  shift 2
  set -m  # job control: the background command gets SIGINT, as a foreground command's Ctrl-C
  timeout 60 "$@" >"$T/interrupt.out" 2>"$T/interrupt.err" </dev/null &
  run=$!
  set +m
  for _ in $(seq 300); do pgrep -f "sleep $HANG_MARKER" >/dev/null && break; sleep 0.1; done
  if ! pgrep -f "sleep $HANG_MARKER" >/dev/null; then
    echo "FAIL: $label: the hanging adapter never started its sleep"; cat "$T/interrupt.err"; fails=$((fails + 1))
    kill -KILL "$run"
    wait "$run"
    return
  fi
  kill -INT "$run"
  wait "$run"
  rc=$?
  [[ $rc -eq 130 ]] || { echo "FAIL: $label: exit $rc, wanted 130"; cat "$T/interrupt.err"; fails=$((fails + 1)); }
  grep -qF -- "$expected" "$T/interrupt.err" ||
    { echo "FAIL: $label: no '$expected' in:"; cat "$T/interrupt.err"; fails=$((fails + 1)); }
  for _ in $(seq 50); do pgrep -f "sleep $HANG_MARKER" >/dev/null || break; sleep 0.1; done
  if left=$(pgrep -f "sleep $HANG_MARKER"); then
    echo "FAIL: $label: the adapter's sleep survived:"; ps -o pid,ppid,pgid,args -p "$left"; fails=$((fails + 1))
    # shellcheck disable=SC2086
    kill -KILL $left
  fi
}
