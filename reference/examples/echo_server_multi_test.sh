#!/usr/bin/env bash
# echo_server_multi end to end on 127.0.0.1: with each backend, tools/loadgen
# runs 4 connections of random-size messages (1 B to 70 kB, so messages span
# many reads and sends) for a fraction of a second and checks every echoed
# byte; then --help, a bad --backend, and --max-connections ending the server.
# Bounded: every run is under a few seconds; no timing is asserted.
set -uo pipefail

R="$TEST_SRCDIR/$TEST_WORKSPACE"
SERVER="$R/reference/examples/echo_server_multi"
LOADGEN="$R/tools/loadgen/loadgen"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

for backend in select poll epoll; do
  if "$LOADGEN" --server-cmd "$SERVER --backend $backend" -c 4 --size 1-70000 --duration 0.4 --warmup 0.1 \
      --drain-timeout 5 --json "$TEST_TMPDIR/$backend.json" >"$TEST_TMPDIR/out" 2>&1; then
    echo "ok: $backend"
  else
    fail "loadgen against --backend $backend"; cat "$TEST_TMPDIR/out"
  fi
  grep -q '"ok": true' "$TEST_TMPDIR/$backend.json" || fail "$backend.json not ok"
done

"$SERVER" --help | grep -q -- "--max-connections" || fail "--help"
# Usage errors: status 2, the offending value and the --help hint on stderr,
# nothing started (timeout would end a server that did: status 124).
for args in "--backend kqueue" "--no-such-option" "--port 70000" "--host nope" "--buffer-size 0" \
    "--random-chunks -1" "--random-chunks 1e3" "--backlog 0" "--max-message -1" "--max-connections -1" "extra"; do
  rc=0
  timeout 10 "$SERVER" $args >"$TEST_TMPDIR/usage.out" 2>"$TEST_TMPDIR/usage.err" </dev/null || rc=$?
  [[ $rc == 2 ]] || fail "$args: exit status $rc, expected 2"
  grep -qF -- "${args##* }" "$TEST_TMPDIR/usage.err" || fail "$args: stderr does not name ${args##* }"
  grep -qF -- "--help" "$TEST_TMPDIR/usage.err" || fail "$args: no --help hint"
  [[ ! -s $TEST_TMPDIR/usage.out ]] || fail "$args: wrote to stdout"
done

# --max-connections 2: the server exits 0 by itself after two clients closed.
out="$TEST_TMPDIR/server.out"
"$SERVER" --max-connections 2 >"$out" &
pid=$!
for _ in $(seq 100); do grep -q '^port ' "$out" && break; sleep 0.05; done
port=$(sed -n 's/^port //p' "$out")
for i in 1 2; do
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'ECHO 5\nhello' >&3
  read -r -N 5 -t 5 reply <&3
  [[ "$reply" == hello ]] || fail "connection $i got \"$reply\""
  exec 3>&-
done
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
if kill -0 "$pid" 2>/dev/null; then
  fail "server still running after --max-connections 2"; kill "$pid"
else
  wait "$pid" || fail "server exit status $?"
fi

if ((failures)); then echo "$failures failed"; exit 1; fi
echo "all passed"
