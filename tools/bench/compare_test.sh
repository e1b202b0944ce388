#!/usr/bin/env bash
# tools/bench/compare end to end in its smallest form: the echo servers
# (reference, CPython asynchat, asyncio, floor, libuv, Asio, and Node.js when
# `node` is installed) under tools/loadgen on
# 127.0.0.1, 1 and 4 connections, 64 B and 4 KiB, one round of 0.2 s; the
# table, BENCHMARKS.md, the JSON and (when gnuplot or matplotlib is there)
# the plot are written to TEST_TMPDIR. Checks what is written, never a speed.
set -uo pipefail

R="$TEST_SRCDIR/$TEST_WORKSPACE"
OUT="$TEST_TMPDIR/compare"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$R/tools/bench/compare" --quick --duration 0.2 --warmup 0.05 --no-build --no-helpers --output-dir "$OUT" \
  --loadgen "$R/tools/loadgen/loadgen" --reference-server "$R/reference/examples/echo_server_multi" \
  --floor-server "$R/tools/bench/minimal_epoll_echo_server" --libuv-server "$R/tools/bench/libuv_echo_server" \
  --asio-server "$R/tools/bench/asio_echo_server" >"$TEST_TMPDIR/stdout" 2>"$TEST_TMPDIR/stderr"
status=$?
cat "$TEST_TMPDIR/stdout"
[[ $status -eq 0 ]] || { fail "compare exited $status"; cat "$TEST_TMPDIR/stderr"; }

servers=(reference cpython-asynchat asyncio floor libuv asio)
if command -v node >/dev/null; then
  servers+=(node)
else
  grep -q "^- \*\*node\*\* .*skipped: no Node.js" "$OUT/BENCHMARKS.md" || fail "BENCHMARKS.md does not say node was skipped"
fi
for server in "${servers[@]}"; do
  for cell in "| 1 | 64 B | $server |" "| 4 | 4 KiB | $server |"; do
    grep -qF -- "$cell" "$OUT/BENCHMARKS.md" || fail "no row \"$cell\" in BENCHMARKS.md"
  done
done
grep -q "^Machine: .*nproc [0-9]" "$OUT/BENCHMARKS.md" || fail "BENCHMARKS.md names no machine"
grep -q "| error |" "$OUT/BENCHMARKS.md" && fail "a cell failed"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d['cells']) == 4 * int(sys.argv[2]) and not d['failures']" \
  "$OUT/benchmarks/echo_compare.json" "${#servers[@]}" || fail "echo_compare.json"
# Issue 19's table: the reference against libuv and Asio in every cell, each a
# ratio and the rounds won (one round in quick mode) with a verdict.
grep -q "^### Targets of issue 19" "$OUT/BENCHMARKS.md" || fail "no issue 19 table"
verdict='[0-9.]+x, [01]/1 rounds (met|\*\*not met\*\*)'
for cell in "| 1 | 64 B |" "| 1 | 4 KiB |" "| 4 | 64 B |" "| 4 | 4 KiB |"; do
  grep -E -q -- "^$(sed 's/[|]/[|]/g' <<<"$cell") $verdict \| $verdict \|$" \
    "$OUT/BENCHMARKS.md" || fail "no issue 19 row \"$cell\" with two verdicts"
done
if command -v gnuplot >/dev/null || python3 -c "import matplotlib" 2>/dev/null; then
  [[ -s "$OUT/benchmarks/echo_messages_per_s.png" ]] || fail "no plot"
else
  grep -q "gnuplot-nox" "$OUT/BENCHMARKS.md" || fail "the missing plotting package is not named"
fi

# Without Node.js the node server is skipped with a message, and the rest runs.
"$R/tools/bench/compare" --quick --duration 0.1 --warmup 0 --no-build --no-helpers --servers reference,node \
  --node "$TEST_TMPDIR/no-such-node" --output-dir "$OUT/no-node" --loadgen "$R/tools/loadgen/loadgen" \
  --reference-server "$R/reference/examples/echo_server_multi" >/dev/null 2>"$TEST_TMPDIR/no-node.err"
status=$?
[[ $status -eq 0 ]] || { fail "compare without node exited $status"; cat "$TEST_TMPDIR/no-node.err"; }
grep -q "node skipped: no Node.js: .*no-such-node is not executable" "$TEST_TMPDIR/no-node.err" \
  || fail "no message that node was skipped"
grep -qF "| 4 | 4 KiB | reference |" "$OUT/no-node/BENCHMARKS.md" || fail "the reference did not run without node"

# Bad options: exit 2.
"$R/tools/bench/compare" --connections 0 >/dev/null 2>&1
[[ $? -eq 2 ]] || fail "--connections 0 did not exit 2"
"$R/tools/bench/compare" --no-build >/dev/null 2>&1
[[ $? -eq 2 ]] || fail "--no-build without binaries did not exit 2"

"$R/tools/bench/minimal_epoll_echo_server" --port abc >/dev/null 2>"$TEST_TMPDIR/floor_err"
[[ $? -eq 2 ]] && grep -q -- "--port abc" "$TEST_TMPDIR/floor_err" || fail "the floor server took --port abc"

if ((failures)); then echo "$failures failed"; exit 1; fi
echo "all passed"
