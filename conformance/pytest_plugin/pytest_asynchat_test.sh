#!/usr/bin/env bash
# The pytest plugin (pytest_asynchat.py) on real runs of the suite:
# - CPython's asynchat at --level cpython with its expected failures: every
#   item passes or xfails, pytest exits 0, one item per id `conformance
#   --list` prints;
# - a broken copy (find_prefix_at_end off by one): pytest exits 1 with one
#   failed item per case the suite itself reports failed in its own --json,
#   each message holding the first mismatch and the replay command;
# - -k and -m select items and the suite runs only those (--filter);
# - an unexpected pass is XPASS, and a failure under xfail_strict;
# - --level documented: a difference from CPython only passes, with a note
#   (collect_empty, whose bug is in what only CPython decides);
# - never green by mistake: no conformance binary is a usage error, and an
#   implementation that cannot start fails every item.
# Properties are left out (--asynchat-no-properties) but for one, to keep the
# runs short (about 15 s in all; nothing here depends on speed).
set -uo pipefail

R="$TEST_SRCDIR/asynchat_conformance"
CONF="$R/conformance/conformance"
EXPECTED="$R/conformance/implementations/cpython/expected.txt"
T="$TEST_TMPDIR"
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3
export PYTHONPATH="$R/conformance/pytest_plugin"
# Nothing from a user's pytest setup; no cache written in the runfiles.
export PYTEST_ADDOPTS="-p no:cacheprovider"
unset PYTEST_PLUGINS
fails=0
mkdir -p "$T/empty"
cd "$T/empty" || exit 1

run_pytest() {  # want-rc, label, out-file, args...
  local want=$1 label=$2 out=$3
  shift 3
  timeout 300 "$PY" -m pytest -p pytest_asynchat --asynchat-conformance="$CONF" -rA "$@" >"$out" 2>&1 </dev/null
  local rc=$?
  if [[ $rc -ne $want ]]; then
    echo "FAIL: $label: pytest exited $rc, wanted $want"; tail -c 3000 "$out"; fails=$((fails + 1))
  fi
}
expect_in() {  # file, text, label
  grep -qF -- "$2" "$1" || { echo "FAIL: $3: no '$2' in:"; tail -c 3000 "$1"; fails=$((fails + 1)); }
}
expect_not_in() {  # file, text, label
  ! grep -qF -- "$2" "$1" || { echo "FAIL: $3: '$2' in:"; grep -F -- "$2" "$1" | head -5; fails=$((fails + 1)); }
}
# "N word" from pytest's last line ("== 3 failed, 5 passed in 1.2s =="), 0 if absent.
count() {  # file, word
  tail -1 "$1" | grep -oE "[0-9]+ $2" | grep -oE '^[0-9]+' || echo 0
}

# CPython at its own level: all pass or xfail; one item per listed id.
listed=$("$CONF" --list --no-properties | tail -1 | grep -oE '^[0-9]+')
run_pytest 0 "cpython" "$T/cpython.out" --asynchat-impl=cpython --asynchat-level=cpython \
    --asynchat-expected="$EXPECTED" --asynchat-no-properties
items=$(( $(count "$T/cpython.out" passed) + $(count "$T/cpython.out" xfailed) + $(count "$T/cpython.out" skipped) ))
[[ $items -eq $listed ]] || { echo "FAIL: cpython: $items items reported, conformance --list has $listed"; fails=$((fails + 1)); }
[[ $(count "$T/cpython.out" xfailed) -gt 0 ]] || { echo "FAIL: cpython: no xfail"; fails=$((fails + 1)); }
expect_in "$T/cpython.out" "XFAIL asynchat::defaults.out_buffer.push.4097" "cpython"
expect_in "$T/cpython.out" "PASSED asynchat::fault.eof.string.after.1" "cpython"
expect_not_in "$T/cpython.out" "FAILED" "cpython"

# A broken copy: exactly the cases the suite reports failed fail, with the
# mismatch and the replay command in their message.
"$PY" "$R/conformance/adapters/python/make_broken_variants.py" "$T/variants" >/dev/null || exit 1
BROKEN="$T/variants/asynchat_fpae_off_by_one.py"
"$CONF" --impl "python:$BROKEN" --level cpython --expected-failures "$EXPECTED" --no-properties \
    --json "$T/broken.json" -q >/dev/null 2>&1
suite_failed=$("$PY" -c 'import json,sys; r=json.load(open(sys.argv[1]))["runs"][0]
print("\n".join(sorted(c["id"] for c in r["cases"] if c["outcome"] in ("failed","adapter-failure"))))' "$T/broken.json")
[[ -n $suite_failed ]] || { echo "FAIL: the suite reports no failure of $BROKEN"; fails=$((fails + 1)); }
run_pytest 1 "broken" "$T/broken.out" --asynchat-impl="python:$BROKEN" --asynchat-level=cpython \
    --asynchat-expected="$EXPECTED" --asynchat-no-properties
plugin_failed=$(grep -oE '^FAILED asynchat::[^ ]+' "$T/broken.out" | sed 's/^FAILED asynchat:://' | sort)
if [[ "$plugin_failed" != "$suite_failed" ]]; then
  echo "FAIL: broken: failed items differ from the suite's failed cases:"
  diff <(echo "$suite_failed") <(echo "$plugin_failed"); fails=$((fails + 1))
fi
expect_in "$T/broken.out" "first mismatch" "broken"
expect_in "$T/broken.out" "replay: " "broken"
expect_in "$T/broken.out" "counterexample: " "broken"
expect_in "$T/broken.out" "asynchat: ran " "broken"

# --level documented: collect_empty's bug is in what only CPython decides, so
# its failures are differences: passed items, each with a note.
EMPTY="$T/variants/asynchat_collect_empty.py"
"$CONF" --impl "python:$EMPTY" --level documented --expected-failures "$EXPECTED" --no-properties \
    --json "$T/empty.json" -q >/dev/null 2>&1
differs=$("$PY" -c 'import json,sys; r=json.load(open(sys.argv[1]))["runs"][0]
print(sum(c["outcome"] == "differs" for c in r["cases"]))' "$T/empty.json")
run_pytest 0 "differs" "$T/differs.out" --asynchat-impl="python:$EMPTY" --asynchat-level=documented \
    --asynchat-expected="$EXPECTED" --asynchat-no-properties
notes=$(grep -c "Captured asynchat note" "$T/differs.out")
[[ $differs -gt 0 && $notes -eq $differs ]] ||
  { echo "FAIL: differs: $notes notes for the suite's $differs differences"; fails=$((fails + 1)); }
expect_in "$T/differs.out" "differs from CPython only" "differs"

# -k: one failing case only; the suite is asked for it alone.
one=$(echo "$suite_failed" | head -1)
run_pytest 1 "-k" "$T/k.out" --asynchat-impl="python:$BROKEN" --asynchat-level=cpython \
    --asynchat-expected="$EXPECTED" --asynchat-no-properties -k "$one"
[[ $(count "$T/k.out" failed) -eq 1 ]] || { echo "FAIL: -k $one: not exactly one failure"; tail -3 "$T/k.out"; fails=$((fails + 1)); }
expect_in "$T/k.out" "--filter $one: exit 1" "-k"
expect_in "$T/k.out" "deselected" "-k"

# -m: a tag is a marker; one property by -k runs too.
run_pytest 0 "-m" "$T/m.out" --asynchat-impl=cpython --asynchat-level=cpython \
    --asynchat-expected="$EXPECTED" -m "asynchat_property" -k "producer_fifo" --asynchat-arg=--effort=quick
[[ $(count "$T/m.out" passed) -eq 1 ]] || { echo "FAIL: -m asynchat_property -k: not one passed"; tail -3 "$T/m.out"; fails=$((fails + 1)); }
expect_in "$T/m.out" "PASSED asynchat::property.producer_fifo" "-m"
# Tags are markers: origin:counterexample is origin_counterexample, nul-bytes
# nul_bytes; the items are those conformance --tag selects for either, each
# reported as the suite judged it: a skip is only the suite's unsupported (a
# counterexample of a defaults.* case relies on the documented 4096 without
# giving it, which CPython's declared 65536 replaces: run/buffer_fit.h).
run_pytest 0 "-m tag" "$T/tag.out" --asynchat-impl=cpython --asynchat-level=cpython \
    --asynchat-expected="$EXPECTED" --asynchat-no-properties -m "origin_counterexample or nul_bytes" -v
tagged=$( ("$CONF" --list --no-properties --tag origin:counterexample; "$CONF" --list --no-properties --tag nul-bytes) |
  grep -vE '^ |^[0-9]+ cases' | sed 's/ .*//' | sort -u)
items=$(grep -oE '^asynchat::[^ ]+ (PASSED|XFAIL|SKIPPED|FAILED|XPASS|ERROR)' "$T/tag.out" | sed 's/^asynchat:://; s/ .*//' | sort -u)
[[ $(wc -l <<< "$tagged") -gt 4 && "$items" == "$tagged" ]] ||
  { echo "FAIL: -m tag: not the $(wc -l <<< "$tagged") cases conformance --tag selects:"; diff <(echo "$tagged") <(echo "$items") | head
    tail -3 "$T/tag.out"; fails=$((fails + 1)); }
# -rA's summary: "SKIPPED [N] FILE:LINE: REASON" per reason.
unsupported=$(awk '/^SKIPPED \[[0-9]+\] [^ ]+: unsupported: / { n += substr($2, 2) + 0 } END { print n + 0 }' "$T/tag.out")
[[ $unsupported -eq $(count "$T/tag.out" skipped) ]] ||
  { echo "FAIL: -m tag: an item skipped for another reason than the suite's unsupported verdict"
    grep -E '^SKIPPED' "$T/tag.out" | head; fails=$((fails + 1)); }

# An unexpected pass: XPASS, a failure under xfail_strict.
printf 'fault.eof.string.after.1\n' > "$T/wrong_expected.txt"
run_pytest 0 "xpass" "$T/xpass.out" --asynchat-impl=cpython --asynchat-level=cpython \
    --asynchat-expected="$T/wrong_expected.txt" --asynchat-no-properties -k fault.eof.string.after.1
expect_in "$T/xpass.out" "XPASS asynchat::fault.eof.string.after.1" "xpass"
run_pytest 1 "xpass strict" "$T/xstrict.out" --asynchat-impl=cpython --asynchat-level=cpython \
    --asynchat-expected="$T/wrong_expected.txt" --asynchat-no-properties -k fault.eof.string.after.1 \
    -o xfail_strict=true
expect_in "$T/xstrict.out" "XPASS(strict)" "xpass strict"

# Never green by mistake.
PATH=/usr/bin:/bin timeout 60 "$PY" -m pytest -p pytest_asynchat --asynchat-impl=cpython >"$T/nobin.out" 2>&1 </dev/null
rc=$?
[[ $rc -eq 4 ]] || { echo "FAIL: no binary: pytest exited $rc, wanted 4 (usage error)"; fails=$((fails + 1)); }
expect_in "$T/nobin.out" "--asynchat-conformance" "no binary"
run_pytest 4 "bad binary" "$T/badbin.out" --asynchat-impl=cpython --asynchat-conformance="$T/no_such_conformance"
expect_in "$T/badbin.out" "--asynchat-conformance=$T/no_such_conformance: no executable file there" "bad binary"
printf 'raise SystemExit("this implementation cannot even be imported")\n' > "$T/cannot_start.py"
run_pytest 1 "cannot start" "$T/nostart.out" --asynchat-impl="python:$T/cannot_start.py" \
    --asynchat-no-properties -k "fault.eof"
[[ $(count "$T/nostart.out" passed) -eq 0 && $(count "$T/nostart.out" failed) -gt 0 ]] ||
  { echo "FAIL: cannot start: not every item failed"; tail -3 "$T/nostart.out"; fails=$((fails + 1)); }
expect_in "$T/nostart.out" "nothing was judged" "cannot start"

if [[ $fails -ne 0 ]]; then echo "$fails check(s) failed"; exit 1; fi
echo "pytest_asynchat: all checks passed"
