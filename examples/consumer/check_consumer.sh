#!/usr/bin/env bash
# check_consumer.sh: CI's check of asynchat_conformance_test from another
# workspace. In examples/consumer (its own WORKSPACE, which uses this
# repository as @asynchat_conformance): the conforming adapter's test passes,
# and the broken adapter's test fails, naming a failing case.
set -uo pipefail
if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
cd "$(dirname "$0")"
bazel=../../tools/bazel
fails=0

echo "check_consumer: bazel test //:tiny_chat_conformance_test (a conforming adapter)"
if $bazel test --color=no --curses=no //:tiny_chat_conformance_test >/tmp/consumer_good.log 2>&1; then
  echo "ok: the conforming adapter passes"
else
  echo "FAIL: the conforming adapter's test failed:"; tail -30 /tmp/consumer_good.log; fails=$((fails + 1))
fi

echo "check_consumer: bazel test //:broken_chat_conformance_test (a broken adapter; must fail)"
$bazel test --color=no --curses=no --test_output=all //:broken_chat_conformance_test >/tmp/consumer_bad.log 2>&1
rc=$?
if [[ $rc -eq 3 ]] && grep -q "^result for .*: FAIL" /tmp/consumer_bad.log; then
  echo "ok: the broken adapter fails: $(grep -m1 "^result for .*: FAIL" /tmp/consumer_bad.log)"
else
  echo "FAIL: the broken adapter's test should fail its cases (bazel exit 3), got exit $rc:"
  tail -30 /tmp/consumer_bad.log; fails=$((fails + 1))
fi
$bazel shutdown >/dev/null 2>&1 || true  # its own server: don't keep it running after CI
exit $((fails > 0))
