#!/usr/bin/env bash
# The library peers of the echo comparison (libuv_echo_server,
# asio_echo_server, node_echo_server.js) echo correctly over 127.0.0.1:
# tools/loadgen on 3 connections with sizes drawn from 1 B..100 KiB, read 4 KiB
# at a time (so most messages take several reads), every echoed byte checked;
# echo_server_check.py's pipelined messages (partial writes, flow control) and
# bad input; and a bad option refused with exit 2 naming it. Node.js is
# checked when `node` is installed and reported as skipped otherwise. Checks
# behaviour, never a speed.
set -uo pipefail

R="$TEST_SRCDIR/$TEST_WORKSPACE"
B="$R/tools/bench"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

peers=("libuv|$B/libuv_echo_server --buffer-size 4096" "asio|$B/asio_echo_server --buffer-size 4096")
if node=$(command -v node); then
  peers+=("node|$node $B/node_echo_server.js")
else
  echo "SKIP node: \`node\` is not on PATH (Debian: apt-get install nodejs)"
fi

for peer in "${peers[@]}"; do
  name=${peer%%|*}
  cmd=${peer#*|}
  json="$TEST_TMPDIR/$name.json"
  "$R/tools/loadgen/loadgen" --server-cmd "$cmd" --connections 3 --size 1-100K --duration 0.3 --warmup 0.05 \
    --connect-timeout 20 --drain-timeout 10 --quiet --json "$json" >"$TEST_TMPDIR/$name.out" 2>&1
  status=$?
  [[ $status -eq 0 ]] || { fail "$name: loadgen exited $status"; cat "$TEST_TMPDIR/$name.out"; }
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['ok'] and d['messages'] > 0, d" "$json" \
    || fail "$name: loadgen's report is not clean"

  # shellcheck disable=SC2086
  python3 "$B/echo_server_check.py" $cmd || fail "$name: echo_server_check.py"

  # shellcheck disable=SC2086
  ${cmd%% --buffer-size*} --port abc >/dev/null 2>"$TEST_TMPDIR/$name.err"
  status=$?
  [[ $status -eq 2 ]] && grep -q -- "--port abc" "$TEST_TMPDIR/$name.err" \
    || fail "$name: --port abc gave exit $status and \"$(cat "$TEST_TMPDIR/$name.err")\""
done

if ((failures)); then echo "$failures failed"; exit 1; fi
echo "all passed"
