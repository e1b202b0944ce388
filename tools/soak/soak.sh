#!/usr/bin/env bash
# soak: thousands of connections through tools/loadgen against the reference
# echo server (reference/examples echo_server_multi), with random message
# sizes and, through --random-chunks, every server read and send cut to a
# random size (1 B to 64 KiB: arbitrary read chunking and partial sends).
# loadgen checks every echoed byte. Per backend, one server process serves
# round after round of loadgen runs (each round opens and closes
# --connections connections); at the end the server must be back where it
# started: the same descriptors (/proc/PID/fd), no channel but the listener
# in its socket map, its heap back near the starting level (no growth from
# round to round) and its RSS near it. Prints the figures; exit 1 on any
# error or leak, 2 on bad options.
#
#   tools/bazel test //tools/soak:soak_test          # the short version CI runs
#   tools/bazel run -c opt //tools/soak -- --duration 600 --connections 5000
set -uo pipefail

usage() {
  cat <<'USAGE'
usage: soak [options]
  --duration S         seconds of load per backend (default 6)
  --round S            seconds per loadgen run; each run opens and closes all connections (default 3)
  --connections N      concurrent connections per run (default 1000)
  --size SIZE          loadgen message sizes (default 1-64K)
  --backends LIST      comma-separated backend:buffer-size pairs (default epoll:65536,poll:4096)
  --seed N             --random-chunks seed for the server; 0 disables the chunking (default 1)
  --server PATH        echo_server_multi binary (default: from the runfiles)
  --loadgen PATH       loadgen binary (default: from the runfiles)
  -h, --help
USAGE
}

duration=6 round=3 connections=1000 size=1-64K backends=epoll:65536,poll:4096 seed=1
if [[ -n "${TEST_SRCDIR:-}" ]]; then
  R="$TEST_SRCDIR/$TEST_WORKSPACE"
elif [[ -n "${RUNFILES_DIR:-}" ]]; then
  R="$RUNFILES_DIR/asynchat_conformance"
elif [[ -d "$0.runfiles/asynchat_conformance" ]]; then
  R="$0.runfiles/asynchat_conformance"
else
  R="$PWD"
fi
server="$R/reference/examples/echo_server_multi"
loadgen="$R/tools/loadgen/loadgen"

bad() { echo "soak: $*" >&2; usage >&2; exit 2; }
number() { [[ "$2" =~ ^[0-9]+([.][0-9]+)?$ ]] || bad "$1 needs a number, got \"$2\""; }
while (($#)); do
  case "$1" in
    --duration) number "$1" "${2:-}"; duration=$2; shift 2 ;;
    --round) number "$1" "${2:-}"; round=$2; shift 2 ;;
    --connections) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || bad "--connections needs a positive integer, got \"${2:-}\""
      connections=$2; shift 2 ;;
    --size) [[ -n "${2:-}" ]] || bad "--size needs a value"; size=$2; shift 2 ;;
    --backends) [[ "${2:-}" =~ ^[a-z]+:[0-9]+(,[a-z]+:[0-9]+)*$ ]] || bad "--backends needs backend:buffer-size[,...], got \"${2:-}\""
      backends=$2; shift 2 ;;
    --seed) [[ "${2:-}" =~ ^[0-9]+$ ]] || bad "--seed needs a number, got \"${2:-}\""; seed=$2; shift 2 ;;
    --server) server=${2:-}; shift 2 ;;
    --loadgen) loadgen=${2:-}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) bad "unknown option \"$1\"" ;;
  esac
done
[[ -x "$server" ]] || bad "no server binary at $server"
[[ -x "$loadgen" ]] || bad "no loadgen binary at $loadgen"
# Both sides need a descriptor per connection; the server raises its own
# limit too, loadgen its own.
ulimit -n "$(ulimit -Hn)" 2>/dev/null

tmp="${TEST_TMPDIR:-}"
[[ -n "$tmp" ]] || { tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT; }
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
now() { date +%s.%N; }
elapsed_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { print b - a }'; }
fd_count() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
field() { sed -n "s/.* $1=\\([0-9]*\\).*/\\1/p" <<<"$2"; }
json_number() { sed -n "s/^ *\"$1\": *\\([0-9.e+-]*\\),\\?$/\\1/p" "$2" | head -1; }

# Asks the server for a stats line (SIGUSR1) and prints the newest one.
stats() {
  local pid=$1 out=$2 before
  before=$(grep -c '^stats ' "$out")
  kill -USR1 "$pid" 2>/dev/null || return 1
  for _ in $(seq 200); do
    (( $(grep -c '^stats ' "$out") > before )) && break
    sleep 0.05
  done
  grep '^stats ' "$out" | tail -1
}

total_connections=0 total_messages=0 total_bytes=0 start_all=$(now)
for pair in ${backends//,/ }; do
  backend=${pair%%:*} buffer=${pair##*:}
  out="$tmp/server.$backend.out" err="$tmp/server.$backend.err"
  : >"$out"
  "$server" --port 0 --backend "$backend" --buffer-size "$buffer" --random-chunks "$seed" --quiet >"$out" 2>"$err" &
  pid=$!
  for _ in $(seq 200); do grep -q '^port ' "$out" && break; sleep 0.05; done
  port=$(sed -n 's/^port //p' "$out")
  [[ -n "$port" ]] || { fail "$backend: the server did not start"; cat "$err"; kill "$pid" 2>/dev/null; continue; }

  before=$(stats "$pid" "$out")
  fds_before=$(fd_count "$pid")
  rounds=0 messages=0 bytes=0 heap_first=""
  start=$(now)
  while awk -v e="$(elapsed_since "$start")" -v d="$duration" 'BEGIN { exit !(e < d) }'; do
    json="$tmp/loadgen.$backend.$rounds.json"
    if ! "$loadgen" --port "$port" --server-pid "$pid" -c "$connections" --size "$size" --duration "$round" \
        --warmup 0 --drain-timeout 60 --connect-timeout 60 --quiet --json "$json" >"$tmp/loadgen.out" 2>&1; then
      fail "$backend: loadgen round $rounds"; tail -20 "$tmp/loadgen.out"; head -c 2000 "$json" 2>/dev/null
      break
    fi
    rounds=$((rounds + 1))
    messages=$((messages + $(json_number messages "$json")))
    bytes=$((bytes + $(json_number payload_bytes "$json")))
    if [[ -z "$heap_first" ]]; then
      # The server closes the connections after loadgen has gone: wait for it.
      for _ in $(seq 300); do s=$(stats "$pid" "$out"); [[ "$(field channels "$s")" == 1 ]] && break; sleep 0.1; done
      heap_first=$(field heap "$s")
    fi
  done
  load_seconds=$(elapsed_since "$start")

  # Wait (bounded) until every connection of the last round has closed.
  after=""
  for _ in $(seq 300); do
    after=$(stats "$pid" "$out")
    [[ "$(field channels "$after")" == 1 ]] && break
    sleep 0.1
  done
  fds_after=$(fd_count "$pid")
  kill -TERM "$pid"
  wait "$pid"
  rc=$?

  channels=$(field channels "$after") listening=$(field listening "$after")
  heap_before=$(field heap "$before") heap_after=$(field heap "$after")
  rss_before=$(field rss_kib "$before") rss_after=$(field rss_kib "$after")
  sanitized=$(field sanitized "$after")
  conns=$((rounds * connections))
  printf 'soak %s (buffer %s, seed %s): %d rounds, %d connections, %d messages, %d bytes checked each way, %.1f s\n' \
    "$backend" "$buffer" "$seed" "$rounds" "$conns" "$messages" "$bytes" "$load_seconds"
  if [[ "$sanitized" == 1 ]]; then
    memory="heap and RSS not judged under AddressSanitizer (RSS $rss_before -> $rss_after KiB; LeakSanitizer checks leaks at exit)"
  else
    memory="heap $heap_before -> $heap_after B (after round 1: ${heap_first:--}), RSS $rss_before -> $rss_after KiB"
  fi
  printf '  descriptors %s -> %s, channels left %s (listener %s), %s\n' \
    "$fds_before" "$fds_after" "$((channels - listening))" "$listening" "$memory"
  ((rounds > 0)) || fail "$backend: no round completed"
  [[ "$rc" == 0 ]] || { fail "$backend: server exit status $rc"; tail -20 "$err"; }
  [[ "$fds_after" == "$fds_before" ]] || fail "$backend: descriptors $fds_before before, $fds_after after"
  [[ "$channels" == 1 && "$listening" == 1 ]] || fail "$backend: $after (expected only the listener)"
  if [[ "$sanitized" != 1 && -n "$heap_before" && -n "$heap_after" ]]; then
    # Container capacity grows with the peak number of connections, once;
    # a leak grows with every round.
    ((heap_after <= heap_before + 512 * connections + 1048576)) || fail "$backend: heap $heap_before -> $heap_after B"
    [[ -z "$heap_first" ]] || ((heap_after <= heap_first + 262144)) ||
      fail "$backend: heap grew from $heap_first B after round 1 to $heap_after B"
  fi
  if [[ "$sanitized" != 1 && -n "$rss_before" && -n "$rss_after" ]]; then
    ((rss_after <= rss_before + 32768)) || fail "$backend: RSS $rss_before -> $rss_after KiB"
  fi
  total_connections=$((total_connections + conns))
  total_messages=$((total_messages + messages))
  total_bytes=$((total_bytes + bytes))
done
printf 'soak total: %d connections, %d messages, %d bytes checked each way, %.1f s\n' \
  "$total_connections" "$total_messages" "$total_bytes" "$(elapsed_since "$start_all")"
if ((failures)); then echo "soak: $failures failure(s)"; exit 1; fi
echo "soak: no errors, nothing leaked"
