#!/usr/bin/env bash
# End-to-end checks of the four example binaries, over 127.0.0.1 only:
# --help and bad arguments, echo_pymotw with every backend, the asyncore echo
# server and the HTTP server (both started with --max-connections so they
# exit by themselves) queried through bash's /dev/tcp and the http_client.
# Nothing sleeps: each step blocks on a pipe or socket, under `timeout`.
set -euo pipefail

bin=reference/examples  # the test runs from the runfiles root of the workspace
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
checks=0
pass() { checks=$((checks + 1)); }

# --- --help and argument errors ---------------------------------------------------
# A usage error exits 2 with CLI11's message naming what is wrong and the hint
# "Run with --help" on stderr, writes nothing on stdout, and starts nothing
# (`timeout` would end a server that did start: status 124).
usage_error() {  # WHAT-THE-MESSAGE-NAMES BINARY ARGS...
  local what=$1 b=$2 rc=0
  shift 2
  timeout 10 "$bin/$b" "$@" >"$TEST_TMPDIR/usage.out" 2>"$TEST_TMPDIR/usage.err" </dev/null || rc=$?
  [[ $rc == 2 ]] || fail "$b $*: exit status $rc, expected 2; stderr: $(head -c 300 "$TEST_TMPDIR/usage.err")"
  grep -qF -- "$what" "$TEST_TMPDIR/usage.err" || fail "$b $*: stderr does not name '$what': $(cat "$TEST_TMPDIR/usage.err")"
  grep -qF -- "--help" "$TEST_TMPDIR/usage.err" || fail "$b $*: no usage hint on stderr"
  [[ ! -s $TEST_TMPDIR/usage.out ]] || fail "$b $*: wrote to stdout: $(head -c 300 "$TEST_TMPDIR/usage.out")"
  pass
}
for b in echo_pymotw asyncore_echo_server http_client http_server; do
  "$bin/$b" --help | grep -q -- "--backend" || fail "$b --help does not list --backend"
  pass
  usage_error bogus "$b" --backend bogus
  usage_error --no-such-option "$b" --no-such-option
  usage_error --backend "$b" --backend
done
usage_error extra echo_pymotw extra
usage_error abc echo_pymotw --timeout abc
usage_error --timeout echo_pymotw --timeout 0
usage_error 99999 asyncore_echo_server --port 99999
usage_error bogus asyncore_echo_server --host bogus
usage_error -1 asyncore_echo_server --max-connections -1
usage_error 1.2.3 http_server --host 1.2.3
usage_error -5 http_server --max-body -5
usage_error 99999999999999999999 http_server --max-body 99999999999999999999
usage_error x http_server --max-header x
usage_error 0 http_client 127.0.0.1 0
usage_error notahost http_client notahost 80
usage_error extra http_client 127.0.0.1 80 / extra

# --- echo_pymotw -------------------------------------------------------------------
for backend in select poll epoll; do
  out=$(timeout 30 "$bin/echo_pymotw" --backend "$backend") || fail "echo_pymotw --backend $backend exited $?"
  [[ $(head -n 1 <<<"$out") =~ ^EchoClient:\ connecting\ to\ \(\'127\.0\.0\.1\',\ [0-9]+\)$ ]] ||
    fail "echo_pymotw: unexpected first line: $(head -n 1 <<<"$out")"
  [[ $(tail -n 1 <<<"$out") == "EchoClient: RECEIVED COPY OF MESSAGE" ]] || fail "echo_pymotw ($backend): no copy"
  [[ $(wc -l <<<"$out") -ge 15 ]] || fail "echo_pymotw ($backend): too few log lines"
  pass
done

# --- asyncore_echo_server ----------------------------------------------------------
coproc ECHO_SERVER { exec timeout 30 "$bin/asyncore_echo_server" --port 0 --max-connections 1; }
echo_pid=$ECHO_SERVER_PID
# bash unsets ECHO_SERVER once the coprocess exits (it does, after its one
# connection), so read its output through a descriptor of our own.
exec {echo_out}<&"${ECHO_SERVER[0]}"
trap 'kill "$echo_pid" 2>/dev/null || true' EXIT
read -r -t 20 listening <&"$echo_out" || fail "echo server: no 'listening on' line"
read -r -t 20 port_line <&"$echo_out" || fail "echo server: no port line"
[[ $listening =~ ^listening\ on\ 127\.0\.0\.1:[0-9]+$ && $port_line =~ ^port\ [0-9]+$ ]] ||
  fail "echo server printed '$listening' / '$port_line'"
port=${port_line#port }
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'hello, echo\n' >&3
read -r -t 20 reply <&3 || fail "echo server: no reply"
printf 'second line\n' >&3
read -r -t 20 reply2 <&3 || fail "echo server: no second reply"
exec 3>&-
[[ $reply == "hello, echo" && $reply2 == "second line" ]] || fail "echo server replied '$reply' / '$reply2'"
read -r -t 20 incoming <&"$echo_out" || fail "echo server: no 'Incoming connection' line"
[[ $incoming =~ ^Incoming\ connection\ from\ \(\'127\.0\.0\.1\',\ [0-9]+\)$ ]] || fail "echo server logged '$incoming'"
wait "$echo_pid" || fail "echo server exited $?"
pass

# --- http_server and http_client ---------------------------------------------------
coproc HTTP_SERVER { exec timeout 30 "$bin/http_server" --port 0 --max-connections 2 --backend epoll; }
http_pid=$HTTP_SERVER_PID
trap 'kill "$http_pid" 2>/dev/null || true' EXIT
read -r -t 20 _ <&"${HTTP_SERVER[0]}" || fail "http server: no 'listening on' line"
read -r -t 20 port_line <&"${HTTP_SERVER[0]}" || fail "http server: no port line"
port=${port_line#port }

response=$(timeout 30 "$bin/http_client" 127.0.0.1 "$port" /from-shell) || fail "http_client exited $?"
[[ $(head -n 1 <<<"$response") == $'HTTP/1.0 200 OK\r' ]] || fail "http_client: status line $(head -n 1 <<<"$response")"
grep -qx "path: /from-shell" <<<"$response" || fail "http_client: no 'path: /from-shell' in the response"
pass

exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'POST /form HTTP/1.0\r\nContent-Length: 5\r\n\r\nhelloEXTRA' >&3
post_response=$(timeout 20 cat <&3) || fail "http server: no POST response"
exec 3>&-
[[ $(head -n 1 <<<"$post_response") == $'HTTP/1.0 200 OK\r' ]] || fail "POST: $(head -n 1 <<<"$post_response")"
grep -qx "body-length: 5" <<<"$post_response" || fail "POST: body length not 5"
wait "$http_pid" || fail "http server exited $?"
pass

# The server has exited: its port refuses connections now.
if timeout 30 "$bin/http_client" 127.0.0.1 "$port" / >/dev/null 2>&1; then fail "http_client succeeded against a closed port"; fi
pass
if "$bin/http_client" localhost 80 / >/dev/null 2>&1; then fail "http_client accepted a host name"; fi
pass

echo "binaries_test: $checks checks passed"
