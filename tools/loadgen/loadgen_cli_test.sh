#!/usr/bin/env bash
# loadgen's command-line contract: --help, exit 2 for bad options, exit 0
# for a correct server, exit 1 (with the reason) for a server that corrupts,
# drops or stalls. The servers are testdata/bad_echo_server.py on 127.0.0.1.
set -uo pipefail

LOADGEN="$TEST_SRCDIR/$TEST_WORKSPACE/tools/loadgen/loadgen"
SERVER="$TEST_SRCDIR/$TEST_WORKSPACE/tools/loadgen/testdata/bad_echo_server.py"
PY=python3
[[ -x /usr/bin/python3 ]] && PY=/usr/bin/python3
OUT="${TEST_TMPDIR:-/tmp}/out"
ERR="${TEST_TMPDIR:-/tmp}/err"
failures=0

expect() {  # expect STATUS TEXT_IN_OUTPUT ARGS...
  local want="$1" text="$2"
  shift 2
  "$LOADGEN" "$@" >"$OUT" 2>"$ERR"
  local got=$?
  if [[ $got -ne $want ]]; then
    echo "FAIL: loadgen $* exited $got, expected $want"; cat "$OUT" "$ERR"; failures=$((failures + 1)); return
  fi
  if [[ -n "$text" ]] && ! grep -qF -- "$text" "$OUT" "$ERR"; then
    echo "FAIL: loadgen $*: no \"$text\" in its output"; cat "$OUT" "$ERR"; failures=$((failures + 1)); return
  fi
  echo "ok: loadgen $* -> $got"
}

expect 0 "--connections" --help
expect 2 "port is required"
expect 2 "--connections" --port 1 --connections 0
expect 2 "--connections" --port 1 --connections 10001
expect 2 "outside" --port 1 --size 4M
expect 2 "loopback" --port 1 --host 10.0.0.1
expect 2 "loopback" --port 1 --host localhost
expect 2 "" --port 1 --no-such-option
expect 2 "excludes" --server-pid 1 --server-cmd true

short=(--duration 0.5 --warmup 0.1 --drain-timeout 2 --server-start-timeout 10)
expect 0 "errors          0" "${short[@]}" -c 4 --size 64-5000 --server-cmd "$PY $SERVER good" \
  --json "$TEST_TMPDIR/good.json"
if ! grep -q '"ok": true' "$TEST_TMPDIR/good.json" || ! grep -q '"server_cpu_us_per_message": [0-9]' "$TEST_TMPDIR/good.json"; then
  echo "FAIL: good.json"; cat "$TEST_TMPDIR/good.json"; failures=$((failures + 1))
fi
expect 0 "2 threads" "${short[@]}" -c 5 -t 2 --server-cmd "$PY $SERVER good"
expect 1 "differs" "${short[@]}" -c 2 --server-cmd "$PY $SERVER flip"
expect 1 "connection lost" "${short[@]}" -c 2 --server-cmd "$PY $SERVER close"
expect 1 "still not echoed" "${short[@]}" -c 2 --server-cmd "$PY $SERVER stall"
# A server slower than the whole measurement still gets a rate: the run
# measures on until its first message (at most --drain-timeout).
expect 0 "errors          0" --duration 0.05 --warmup 0 --drain-timeout 5 --server-start-timeout 10 -c 1 \
  --server-cmd "$PY $SERVER slow"
expect 1 "exited with status 3" "${short[@]}" --server-cmd "sh -c 'exit 3'"
expect 1 "did not accept" --duration 0.5 --port 1 --server-cmd "sleep 5" --server-start-timeout 0.3

if ((failures)); then echo "$failures failed"; exit 1; fi
echo "all passed"
