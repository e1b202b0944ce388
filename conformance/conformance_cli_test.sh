#!/usr/bin/env bash
# The conformance command's and the reference adapter binary's usage errors:
# exit status 2 (conformance/README.md "Exit status"), a message on stderr
# naming what is wrong (CLI11's, with the "Run with --help" hint, or the
# command's own for a value only it can judge), nothing on stdout. And what
# is not an error: --help, and a run that selects one case. And an
# interrupted run: it ends its adapter processes and exits 130. And the
# options that shape a run and its console: --exclude-tag, --max-failures,
# --verbose.
set -uo pipefail

R="$TEST_SRCDIR/asynchat_conformance"
CONF="$R/conformance/conformance"
ADAPTER="$R/reference/harness/reference_adapter"
T="$TEST_TMPDIR"
fails=0

expect_rc() {  # want, label, command...
  local want=$1 label=$2
  shift 2
  timeout 60 "$@" >"$T/out" 2>"$T/err" </dev/null
  local rc=$?
  if [[ $rc -ne $want ]]; then
    echo "FAIL: $label: exit $rc, wanted $want"; head -c 2000 "$T/out" "$T/err"; fails=$((fails + 1))
  fi
}
expect_in() {  # file, text, label
  grep -qF -- "$2" "$1" || { echo "FAIL: $3: no '$2' in:"; head -c 2000 "$1"; fails=$((fails + 1)); }
}
usage_error() {  # what-stderr-names, label, args...
  local what=$1 label=$2
  shift 2
  expect_rc 2 "$label" "$CONF" "$@"
  expect_in "$T/err" "$what" "$label"
  [[ ! -s $T/out ]] || { echo "FAIL: $label: wrote to stdout"; fails=$((fails + 1)); }
}

# CLI11's own: an unknown option, a missing or bad value, an extra argument.
for args in "--no-such-option" "--profile bogus" "--effort bogus" "--seed abc" "--seed -1" "--seed 99999999999999999999" \
    "--seed 1.5" "--seed +3" "--timeout-ms 0" \
    "--timeout-ms -5" "--max-counterexamples -1" "--shrink-attempts 0" "--max-failures 0" "--memory-limit -1" \
    "--memory-limit 1.5" "--memory-limit 1048577" "--memory-limit 99999999999999999999999" "extra"; do
  # shellcheck disable=SC2086
  usage_error "${args##* }" "$args" $args
  expect_in "$T/err" "--help" "$args"
  # A range, if the message gives one, in numbers a reader can take in (not
  # a double's 309-digit maximum).
  if grep -qE '[0-9]{21}' <(sed "s/${args##* }//" "$T/err"); then
    echo "FAIL: $args: an absurd number in:"; cut -c1-300 "$T/err"; fails=$((fails + 1))
  fi
done
# The largest seed is still one.
expect_rc 0 "--seed 18446744073709551615" "$CONF" --seed 18446744073709551615 --filter 'fault.eof.string.after.1' -q
expect_in "$T/out" "seed 18446744073709551615" "--seed 18446744073709551615"
# The command's own judgement of a value.
usage_error "unknown implementation 'nosuch'" "--impl nosuch" --impl nosuch
# An empty adapter command (an unset CI variable) must not test the built-in
# reference instead.
usage_error "--impl-cmd: the adapter command is empty" "--impl-cmd ''" --impl-cmd '' \
    --filter 'fault.eof.string.after.1' --no-properties
usage_error "--impl-cmd: the adapter command is empty" "--impl-cmd of spaces" --impl-cmd '   ' \
    --filter 'fault.eof.string.after.1' --no-properties
usage_error "nothing selected" "a filter selecting nothing" --filter 'no.such.*'
usage_error "nothing selected" "a tag no case has" --tag no-such-tag
usage_error "--show no.such.case: no selected case or property has this id" "--show of an unknown case" \
    --show no.such.case
usage_error "cannot read expected-failures file $T/none.txt" "an unreadable expected-failures file" \
    --expected-failures "$T/none.txt"
usage_error "$T/none.trace: cannot open trace file" "an unreadable --trace" --trace "$T/none.trace"
printf 'asynchat-trace 1\nchannel c\n> c set_terminator int:99999999999999999999\n' >"$T/absurd.trace"
usage_error "absurd.trace:3: integer 99999999999999999999 is out of range" "a trace with an absurd integer" \
    --trace "$T/absurd.trace"
# A report that cannot be written is bad usage before anything runs (no
# console summary), naming the option, the path and why; no folder is made
# for it. --counterexamples DIR may be made, not its parent.
mkdir -p "$T/dir.json"
usage_error "--json $T/dir.json: cannot write there: it is a directory" "--json of a directory" \
    --filter 'fault.eof.string.after.1' --no-properties -q --json "$T/dir.json"
for option in --json --junit --results-md --coverage-md; do
  usage_error "$option $T/no/such/dir/report: cannot write there: its folder $T/no/such/dir does not exist" \
      "$option in a missing folder" --filter 'fault.eof.string.after.1' --no-properties -q "$option" "$T/no/such/dir/report"
done
usage_error "--counterexamples $T/no/ce: cannot write there: its parent folder $T/no does not exist" \
    "--counterexamples in a missing folder" --filter 'fault.eof.string.after.1' --no-properties -q --counterexamples "$T/no/ce"
: >"$T/a_file"
usage_error "--counterexamples $T/a_file: cannot write there: it is not a directory" "--counterexamples of a file" \
    --filter 'fault.eof.string.after.1' --no-properties -q --counterexamples "$T/a_file" --results-md "$T/ok.md"
[[ ! -e $T/no && ! -e $T/ok.md ]] || { echo "FAIL: a report folder or file was made:"; ls "$T"; fails=$((fails + 1)); }
expect_rc 0 "--counterexamples of a new folder" "$CONF" --filter 'fault.eof.string.after.1' --no-properties -q \
    --counterexamples "$T/new_ce" --json "$T/new.json"
[[ -s $T/new.json ]] || { echo "FAIL: --counterexamples of a new folder: no report"; fails=$((fails + 1)); }

# --memory-limit reaches the adapter process: fake_adapter.sh's memory-hog
# (1 GiB, at the first input of a case it takes for "bad") runs out under
# 256 MiB and the failure says so; with 0 (no limit) it does not.
FAKE="$R/conformance/driver/testdata/fake_adapter.sh"
# The pipeline starts after the handshake line arrives, when the limit is
# set: children the command forks at once may escape it.
hog="read -r hello; { printf '%s\n' \"\$hello\"; cat; } | sed -u 's/^case .*/case \"bad\"/' | sh '$FAKE' memory-hog"
expect_rc 1 "--memory-limit 256" "$CONF" --impl-cmd "$hog" --filter 'fault.eof.string.after.1' --no-properties -q \
    --memory-limit 256
expect_in "$T/out" "the adapter ran out of memory: the suite limits an adapter to 256 MiB (--memory-limit)" \
    "--memory-limit 256"
expect_rc 1 "--memory-limit 0" "$CONF" --impl-cmd "$hog" --filter 'fault.eof.string.after.1' --no-properties -q \
    --memory-limit 0
if grep -q "ran out of memory" "$T/out"; then
  echo "FAIL: --memory-limit 0 still limits:"; head -c 2000 "$T/out"; fails=$((fails + 1))
fi

# --show of a property: what it checks and how to run it (it has no transcript).
expect_rc 0 "--show of a property" "$CONF" --show property.chunking_invariance
expect_in "$T/out" "property.chunking_invariance" "--show of a property"
expect_in "$T/out" "checks chat." "--show of a property"
expect_in "$T/out" "--filter property.chunking_invariance" "--show of a property"
usage_error "no selected case or property has this id" "--show of a property left out" \
    --show property.chunking_invariance --no-properties

# An implementation that cannot even start is not judged at all: one message
# naming it and the adapter's own error, exit 2, whatever is selected (even
# only the properties, which must not read as merely unsupported), and an
# adapter that exited by itself is not said to have been killed.
cannot_start() {  # what-stderr-names, label, args...
  local what=$1 label=$2
  shift 2
  usage_error "could not be started: " "$label" "$@"
  expect_in "$T/err" "$what" "$label"
  local lines
  lines=$(wc -l <"$T/err")
  [[ $lines -lt 40 ]] || { echo "FAIL: $label: $lines lines on stderr, wanted one error"; fails=$((fails + 1)); }
  if grep -q "killed by the suite" "$T/err"; then
    echo "FAIL: $label: an adapter that exited by itself is said to be killed:"; cat "$T/err"; fails=$((fails + 1))
  fi
}
cannot_start "implementation cmd:false could not be started" "--impl-cmd false, only properties" \
    --impl-cmd false --filter 'property.*' --effort quick -q
cannot_start "implementation cmd:false could not be started" "--impl-cmd false" --impl-cmd false -q
if [[ -x /usr/bin/python3 ]]; then
  # --python: an interpreter that cannot run, or one no python:FILE would
  # run on, is bad usage naming it.
  printf 'from asynchat import async_chat\n' >"$T/chat.py"
  usage_error "--python $T/no-python: no such file" "--python missing" --python "$T/no-python" --impl "python:$T/chat.py"
  usage_error "--python $T: not a file" "--python of a folder" --python "$T" --impl "python:$T/chat.py"
  usage_error "--python: the interpreter is empty" "--python ''" --python '' --impl "python:$T/chat.py"
  usage_error "--python /usr/bin/python3: no --impl python:FILE to run on it" "--python without python:FILE" \
      --python /usr/bin/python3 --impl cpython
  # A port for Python 3.12+ (no asyncore or asynchat there) brings its own
  # asyncore beside FILE: run on its interpreter, it imports it.
  mkdir -p "$T/port"
  # (3.11's copies, without the deprecation call that refuses to run on 3.12)
  grep -v '^warnings._deprecated(' /usr/lib/python3*/asyncore.py >"$T/port/port_asyncore.py"
  sed 's/^import asyncore$/import port_asyncore as asyncore/; /^_deprecated(/d' /usr/lib/python3*/asynchat.py \
      >"$T/port/chat.py"
  pyenv_root=${PYENV_ROOT:-$(getent passwd "$(id -u)" | cut -d: -f6)/.pyenv}
  ported=0
  for py in "$pyenv_root"/versions/3.1[2-9]*/bin/python3; do
    [[ -x $py ]] || continue
    expect_rc 0 "--python $py" "$CONF" --python "$py" --impl "python:$T/port/chat.py" --filter 'terminator.string.*' \
        --no-properties -q --json "$T/port.json"
    version=$("$py" -c 'import platform; print(platform.python_version())')
    expect_in "$T/port.json" "on CPython $version" "--python $py"
    ported=$((ported + 1))
  done
  [[ $ported -gt 0 ]] || echo "no pyenv Python 3.12+: --python on a port not checked"

  printf 'def broken(:\n' >"$T/syntax_error.py"
  cannot_start "SyntaxError" "python:FILE with a syntax error, only properties" --impl "python:$T/syntax_error.py" \
      --filter 'property.*' --effort quick -q
  cannot_start "exited with status 2" "python:FILE with a syntax error" --impl "python:$T/syntax_error.py" -q
  printf 'x = 1\n' >"$T/no_chat.py"
  cannot_start "has no async_chat class" "python:FILE without async_chat" --impl "python:$T/no_chat.py" -q
  mkdir -p "$T/a_directory"
  cannot_start "is not a file" "python:DIRECTORY" --impl "python:$T/a_directory" -q
  # Next to an implementation that starts: still not judged, nothing run.
  cannot_start "implementation python:$T/no_chat.py could not be started" "a good and a broken --impl" \
      --impl reference --impl "python:$T/no_chat.py" -q

  # Two implementations with the same file name: labels, counterexample
  # directories and JUnit suites stay apart (each copy of CPython's asynchat
  # fails defaults.out_buffer.push.5000, see implementations/cpython).
  mkdir -p "$T/a" "$T/b"
  cp /usr/lib/python3*/asynchat.py "$T/a/x.py"
  cp /usr/lib/python3*/asynchat.py "$T/b/x.py"
  same_name=(--level cpython --impl "python:$T/a/x.py" --impl "python:$T/b/x.py" --filter 'defaults.out_buffer.push.5000'
             --no-properties -q)
  expect_rc 1 "two python:x.py" "$CONF" "${same_name[@]}" --counterexamples "$T/ce" --json "$T/two.json" \
      --junit "$T/two.xml" --results-md "$T/two.md"
  expect_in "$T/two.json" '"label": "python:a/x.py"' "two python:x.py: labels"
  expect_in "$T/two.json" '"label": "python:b/x.py"' "two python:x.py: labels"
  expect_in "$T/two.md" "| python:a/x.py |" "two python:x.py: RESULTS.md columns"
  expect_in "$T/two.md" "| python:b/x.py |" "two python:x.py: RESULTS.md columns"
  for d in python-a-x python-b-x; do
    [[ -f $T/ce/$d/counterexamples/defaults.out_buffer.push.5000.trace ]] ||
        { echo "FAIL: two python:x.py: no counterexample under $T/ce/$d:"; find "$T/ce"; fails=$((fails + 1)); }
  done
  suites=$(grep -o '<testsuite name="[^"]*"' "$T/two.xml" | sort)
  [[ -z $(uniq -d <<<"$suites") ]] || { echo "FAIL: two python:x.py: repeated JUnit suites:"; echo "$suites"; fails=$((fails + 1)); }
  # --label names them, one per implementation in order.
  expect_rc 1 "--label" "$CONF" "${same_name[@]}" --label fork-a --label "fork b" --counterexamples "$T/ce2" \
      --json "$T/labels.json"
  expect_in "$T/labels.json" '"label": "fork-a"' "--label"
  expect_in "$T/labels.json" '"label": "fork b"' "--label"
  for d in fork-a fork-b; do
    [[ -f $T/ce2/$d/counterexamples/defaults.out_buffer.push.5000.trace ]] ||
        { echo "FAIL: --label: no counterexample under $T/ce2/$d:"; find "$T/ce2"; fails=$((fails + 1)); }
  done
fi
usage_error "--label: 1 label for 2 implementations" "one --label for two implementations" \
    --impl reference --impl model --label only-one
usage_error "--label: 'x' is given twice" "a repeated --label" --impl reference --impl model --label x --label x

# The line a mismatch names is the line of --show's output that holds the
# expected record it is about: for a case the model judges (through the
# reference adapter with one output altered) and for a trace file.
mismatch_line_in_show() {  # label, case id, run args... -- show args...
  local label=$1 id=$2
  shift 2
  local run=() show=()
  while [[ $1 != -- ]]; do run+=("$1"); shift; done
  shift
  show=("$@")
  expect_rc 1 "$label: the run" "$CONF" "${run[@]}" --no-properties -q
  local at expected n
  at=$(grep -m1 -o '[^ ]*:[0-9]*: records differ' "$T/out")
  expected=$(grep -m1 '^ *expected: ' "$T/out" | sed 's/^ *expected: //')
  n=${at%: records differ}
  n=${n##*:}
  [[ -n $n && -n $expected ]] || { echo "FAIL: $label: no mismatch line in:"; cat "$T/out"; fails=$((fails + 1)); return; }
  expect_rc 0 "$label: --show" "$CONF" --show "$id" "${show[@]}"
  local shown
  shown=$(sed -n "${n}p" "$T/out")
  [[ $shown == "$expected" ]] || {
    echo "FAIL: $label: the mismatch is at line $n ('$expected'), --show's line $n is '$shown':"; cat -n "$T/out"
    fails=$((fails + 1))
  }
}
altered="$ADAPTER | sed -u 's/^< c collect \"a\"\$/< c collect \"z\"/'"
mismatch_line_in_show "a model case" terminator.string.straddle.crlf.1 \
    --impl-cmd "$altered" --filter terminator.string.straddle.crlf.1 -- --filter terminator.string.straddle.crlf.1
sed 's/^< h collect "ECHO 166"/< h collect "ECHO 167"/' "$R/traces/echo/documented.trace" >"$T/tampered.trace"
mismatch_line_in_show "a trace file" trace.file.tampered --trace "$T/tampered.trace" -- --trace "$T/tampered.trace"

# --exclude-tag leaves out exactly the cases --tag selects.
count_cases() { tail -n1 "$T/out" | cut -d' ' -f1; }
expect_rc 0 "--list" "$CONF" --list
all=$(count_cases)
expect_rc 0 "--list --tag documented" "$CONF" --list --tag documented
tagged=$(count_cases)
expect_rc 0 "--list --exclude-tag documented" "$CONF" --list --exclude-tag documented
untagged=$(count_cases)
if [[ $tagged -eq 0 || $((tagged + untagged)) -ne $all ]]; then
  echo "FAIL: --exclude-tag: $untagged cases without the tag, $tagged with it, $all in all"; fails=$((fails + 1))
fi
if grep -A1 '^[a-z]' "$T/out" | grep -q '; tags .*documented'; then
  echo "FAIL: --exclude-tag documented lists a documented case"; fails=$((fails + 1))
fi

# An adapter that never calls found_terminator fails many cases for one
# reason: one root cause (strict cases; the semantic ones say it another
# way), the first 3 failures in full (all with --verbose);
# --max-failures stops the run early, still failing.
no_found="$ADAPTER | sed -u 's/^< \([a-z]*\) found_terminator\$/< \1 collect \"\"/'"
expect_rc 1 "a broken adapter" "$CONF" --impl-cmd "$no_found" --filter 'terminator.string.*' --profile strict --no-properties -q
expect_in "$T/out" "unexpected failures (" "a broken adapter"
expect_in "$T/out" "), 3 in full: the first of each root cause" "a broken adapter: 3 in full"
expect_in "$T/out" "(--verbose shows every one; --json keeps them all)" "a broken adapter: the rest counted"
expect_in "$T/out" "1 root cause (grouped by the first mismatch):" "a broken adapter: one root cause"
quiet_lines=$(wc -l <"$T/out")
expect_rc 1 "a broken adapter, --verbose" "$CONF" --impl-cmd "$no_found" --filter 'terminator.string.*' \
    --no-properties -q --verbose
if grep -q "3 in full: the first of each root cause" "$T/out" || [[ $(wc -l <"$T/out") -le $quiet_lines ]]; then
  echo "FAIL: --verbose shows no more than the default ($quiet_lines lines):"; head -c 2000 "$T/out"; fails=$((fails + 1))
fi
expect_rc 1 "--max-failures 2" "$CONF" --impl-cmd "$no_found" --filter 'terminator.string.*' -q --max-failures 2
expect_in "$T/out" "stopped early (--max-failures)" "--max-failures 2"
expect_in "$T/out" " 2 failed," "--max-failures 2"
expect_in "$T/out" "not run (--max-failures)" "--max-failures 2"

# Replay commands name absolute paths, so they work from any directory: here
# those of the checked-in counterexamples the broken adapter fails.
expect_rc 1 "replay commands" "$CONF" --impl-cmd "$no_found" --filter 'trace.regressions.*' --no-properties -q --verbose
replays=$(grep -o 'replay: .*' "$T/out" | sed 's/^replay: tools\/bazel run \/\/tools:trace -- replay //; s/ --impl-cmd .*//')
[[ -n $replays ]] || { echo "FAIL: replay commands: none in:"; head -c 2000 "$T/out"; fails=$((fails + 1)); }
while read -r path; do
  [[ $path == /* && -f $path ]] || { echo "FAIL: replay command of a path that is not absolute: $path"; fails=$((fails + 1)); }
done <<<"$replays"

# Interrupting a run (issue 16, bug 5) ends the adapter processes it started.
# shellcheck source=conformance/driver/testdata/interrupt_check.sh
source "$R/conformance/driver/testdata/interrupt_check.sh"
interrupted_case=fault.eof.string.after.1
check_interrupt "interrupted run" \
    "conformance: interrupted while running case $interrupted_case on cmd:$HANG_ADAPTER_CMD; adapter processes ended" \
    "$CONF" --impl-cmd "$HANG_ADAPTER_CMD" --filter "$interrupted_case" --no-properties -q --timeout-ms 120000

# Not errors.
expect_rc 0 "--help" "$CONF" --help
expect_in "$T/out" "--impl" "--help"
expect_rc 0 "one case" "$CONF" --filter 'fault.eof.string.after.1' --no-properties -q
expect_in "$T/out" "1 passed" "one case"

# The reference adapter binary (conformance/PROTOCOL.md: 2 on bad usage).
expect_rc 2 "reference_adapter --no-such-option" "$ADAPTER" --no-such-option
expect_in "$T/err" "--no-such-option" "reference_adapter --no-such-option"
expect_rc 2 "reference_adapter --impl cpython" "$ADAPTER" --impl cpython
expect_in "$T/err" "cpython" "reference_adapter --impl cpython"

# --version: the suite's version, the protocol's and the trace format's, and
# as many case ids as --list gives; trace --version says the same versions.
expect_rc 0 "--version" "$CONF" --version
version_line=$(cat "$T/out")
[[ $version_line =~ ^asynchat-conformance\ [0-9]+\.[0-9]+\.[0-9]+\ \(driver\ protocol\ 2,\ trace\ format\ 2\;\ ([0-9]+)\ case\ ids\)$ ]] ||
  { echo "FAIL: --version: '$version_line'"; fails=$((fails + 1)); }
listed=$("$CONF" --list | tail -1 | awk '{print $1 + $3}')
[[ ${BASH_REMATCH[1]:-} == "$listed" ]] ||
  { echo "FAIL: --version counts ${BASH_REMATCH[1]:-none}, --list $listed"; fails=$((fails + 1)); }
expect_rc 0 "trace --version" "$R/tools/trace" --version
[[ "$(cat "$T/out")" == "${version_line%; *})" ]] ||
  { echo "FAIL: trace --version '$(cat "$T/out")' is not '${version_line%; *})'"; fails=$((fails + 1)); }

[[ $fails -eq 0 ]] && echo "PASS" || { echo "$fails failure(s)"; exit 1; }
