#!/usr/bin/env bash
# The trace command's contract: replay exits 0 on agreement, 1 with the first
# differing line on a mismatch, 3 when the implementation cannot run the
# trace, 2 for bad usage or a malformed trace; record writes a trace that
# replays; minimize shrinks a trace CPython fails to one it still fails and
# the reference passes; an interrupted replay ends its adapter processes.
set -uo pipefail

R="$TEST_SRCDIR/asynchat_conformance"
TRACE="$R/tools/trace"
T="$TEST_TMPDIR"
fails=0

expect_rc() {  # want, label, command...
  local want=$1 label=$2; shift 2
  "$@" > "$T/out" 2> "$T/err"
  local rc=$?
  if [[ $rc -ne $want ]]; then
    echo "FAIL: $label: exit $rc, wanted $want"; cat "$T/out" "$T/err"; fails=$((fails + 1))
  fi
}
expect_in() {  # file, text, label
  grep -qF -- "$2" "$1" || { echo "FAIL: $3: no '$2' in:"; cat "$1"; fails=$((fails + 1)); }
}

DOC="$R/traces/echo/documented.trace"
expect_rc 0 "replay on the reference" "$TRACE" replay "$DOC"
expect_in "$T/out" "ok " "replay on the reference"
expect_rc 0 "replay on the model" "$TRACE" replay "$DOC" --impl model

# One collected byte altered: a mismatch naming the line.
line=$(grep -n '^< h collect "ECHO 166"' "$DOC" | cut -d: -f1)
sed 's/^< h collect "ECHO 166"/< h collect "ECHO 167"/' "$DOC" > "$T/tampered.trace"
expect_rc 1 "replay of a tampered trace" "$TRACE" replay "$T/tampered.trace"
expect_in "$T/out" "tampered.trace:$line: records differ" "replay of a tampered trace"

expect_rc 3 "a text push on the reference" "$TRACE" replay "$R/conformance/implementations/medusa/counterexamples/output.push_typed.str.trace"
expect_in "$T/out" "typed_push" "a text push on the reference"

printf 'asynchat-trace 1\nchannel c\n> c bogus 1\n' > "$T/bad.trace"
expect_rc 2 "a malformed trace" "$TRACE" replay "$T/bad.trace"
expect_in "$T/err" "bad.trace:3" "a malformed trace"
expect_rc 2 "an unknown implementation" "$TRACE" replay "$DOC" --impl nosuch
expect_rc 2 "an unknown option" "$TRACE" replay "$DOC" --no-such-option
# An empty adapter command (an unset CI variable) must not replay on the
# built-in reference instead.
expect_rc 2 "replay --impl-cmd ''" "$TRACE" replay "$DOC" --impl-cmd ''
expect_in "$T/err" "--impl-cmd: the adapter command is empty" "replay --impl-cmd ''"
expect_rc 2 "minimize --impl-cmd of spaces" "$TRACE" minimize "$DOC" --impl-cmd '  '
expect_in "$T/err" "--impl-cmd: the adapter command is empty" "minimize --impl-cmd of spaces"
# Usage errors of every command: status 2, a message naming the problem and
# the --help hint on stderr.
usage_error() {  # what-stderr-names, label, args...
  local what=$1 label=$2; shift 2
  expect_rc 2 "$label" "$TRACE" "$@"
  expect_in "$T/err" "$what" "$label"
  expect_in "$T/err" "--help" "$label"
}
usage_error "A subcommand is required" "no command"
usage_error "unknown command 'frobnicate'" "an unknown command" frobnicate
usage_error "file is required" "replay without a file" replay
usage_error "extra" "replay with an extra argument" replay "$DOC" extra
usage_error "bogus" "replay --profile bogus" replay "$DOC" --profile bogus
usage_error "--impl" "replay --impl without a value" replay "$DOC" --impl
usage_error "scenario is required" "record without a scenario" record
usage_error "--bogus" "record --bogus" record "$DOC" --bogus
usage_error "b is required" "diff of one trace" diff "$DOC"
usage_error "-3" "minimize --max-attempts -3" minimize "$DOC" --max-attempts -3
usage_error "--output" "minimize -o without a value" minimize "$DOC" -o
usage_error "nosuch" "record-live of an unknown example" record-live nosuch
usage_error "-1" "record-live --max-passes -1" record-live echo --max-passes -1
usage_error "0" "record-live --pass-timeout 0" record-live echo --pass-timeout 0
usage_error "-1" "replay --memory-limit -1" replay "$DOC" --memory-limit -1
usage_error "1048577" "minimize --memory-limit 1048577" minimize "$DOC" --memory-limit 1048577
expect_rc 2 "an unreadable trace" "$TRACE" replay "$T/no-such.trace"
expect_in "$T/err" "no-such.trace: cannot open trace file" "an unreadable trace"
expect_rc 2 "record of an unknown implementation" "$TRACE" record "$DOC" --impl nosuch
expect_in "$T/err" "unknown implementation 'nosuch'" "record of an unknown implementation"
# -o is checked before anything runs: a missing folder is named, not made.
for command in record minimize; do
  expect_rc 2 "$command -o in a missing folder" "$TRACE" "$command" "$DOC" -o "$T/no/such/dir/out.trace"
  expect_in "$T/err" "-o $T/no/such/dir/out.trace: cannot write there: its folder $T/no/such/dir does not exist" \
      "$command -o in a missing folder"
done
expect_rc 2 "record-live -o of a folder" "$TRACE" record-live echo -o "$T"
expect_in "$T/err" "-o $T: cannot write there: it is a directory" "record-live -o of a folder"
[[ ! -e $T/no ]] || { echo "FAIL: -o made a folder:"; find "$T/no"; fails=$((fails + 1)); }
# --python: an interpreter that cannot run, or one that would be ignored.
printf 'x = 1\n' >"$T/chat.py"
expect_rc 2 "replay --python missing" "$TRACE" replay "$DOC" --impl "python:$T/chat.py" --python "$T/no-python"
expect_in "$T/err" "--python $T/no-python: no such file" "replay --python missing"
expect_rc 2 "replay --python ''" "$TRACE" replay "$DOC" --impl "python:$T/chat.py" --python ''
expect_in "$T/err" "--python: the interpreter is empty" "replay --python ''"
expect_rc 2 "replay --python without python:FILE" "$TRACE" replay "$DOC" --impl cpython --python /bin/sh
expect_in "$T/err" "--python /bin/sh: the implementation is not a python:FILE" "replay --python without python:FILE"
# --python runs python:FILE on the interpreter named: this one says so.
printf '#!/bin/sh\nread line\necho "fatal \\"fake interpreter ran $*\\""\n' >"$T/fake-python"
chmod +x "$T/fake-python"
expect_rc 3 "replay --python fake" "$TRACE" replay "$DOC" --impl "python:$T/chat.py" --python "$T/fake-python"
expect_in "$T/err" "fake interpreter ran " "replay --python fake"
expect_in "$T/err" "--impl file:$T/chat.py" "replay --python fake"
# --memory-limit reaches the adapter (fake_adapter.sh memory-hog: 1 GiB at
# the first input of the case it takes for "bad").
# The pipeline starts after the handshake line arrives, when the limit is
# set: children the command forks at once may escape it.
hog="read -r hello; { printf '%s\n' \"\$hello\"; cat; } | sed -u 's/^case .*/case \"bad\"/' | sh '$R/conformance/driver/testdata/fake_adapter.sh' memory-hog"
expect_rc 3 "replay --memory-limit 256" "$TRACE" replay "$DOC" --impl-cmd "$hog" --memory-limit 256
expect_in "$T/out" "limits an adapter to 256 MiB (--memory-limit)" "replay --memory-limit 256"
expect_rc 3 "replay --memory-limit 0" "$TRACE" replay "$DOC" --impl-cmd "$hog" --memory-limit 0
if grep -q "ran out of memory" "$T/out"; then
  echo "FAIL: replay --memory-limit 0 still limits:"; cat "$T/out"; fails=$((fails + 1))
fi
expect_rc 0 "--help" "$TRACE" --help
expect_in "$T/out" "minimize" "--help"

# record: the scenario's inputs run on the model give a trace the reference replays.
expect_rc 0 "record on the model" "$TRACE" record "$DOC" --impl model -o "$T/recorded.trace"
expect_rc 0 "replay of the recorded trace" "$TRACE" replay "$T/recorded.trace"
expect_rc 0 "diff of recorded and documented" "$TRACE" diff "$T/recorded.trace" "$DOC"
expect_rc 1 "diff of tampered and documented" "$TRACE" diff "$T/tampered.trace" "$DOC"

# minimize of an asyncore application trace: the model is of async_chat, so
# nothing is shrunk, and the message says why.
sed '0,/^< s send "h" 1/s//< s send "H" 1/' "$R/traces/asyncore/echo_1byte_reads.trace" > "$T/app_tampered.trace"
expect_rc 1 "replay of a tampered app trace" "$TRACE" replay "$T/app_tampered.trace"
expect_rc 0 "minimize of a tampered app trace" "$TRACE" minimize "$T/app_tampered.trace" -o "$T/app_min.trace"
expect_in "$T/err" "not shrunk: the model cannot run this scenario" "minimize of an app trace says why"

# minimize: CPython's 65536-byte default out buffer against the documents' 4096.
if command -v python3 > /dev/null; then
  SRC="$R/conformance/implementations/cpython/counterexamples/defaults.out_buffer.push.9000.trace"
  expect_rc 1 "cpython fails the regression" "$TRACE" replay "$SRC" --impl cpython
  expect_rc 0 "minimize on cpython" "$TRACE" minimize "$SRC" --impl cpython -o "$T/min.trace"
  expect_rc 1 "the minimized trace still fails on cpython" "$TRACE" replay "$T/min.trace" --impl cpython
  expect_rc 0 "the minimized trace passes on the reference" "$TRACE" replay "$T/min.trace"
  expect_rc 1 "minimize of a trace that passes" "$TRACE" minimize "$DOC" --impl cpython
else
  echo "python3 absent: minimize against cpython not checked"
fi

# Interrupting a replay (issue 16, bug 5) ends the adapter processes it started.
# shellcheck source=conformance/driver/testdata/interrupt_check.sh
source "$R/conformance/driver/testdata/interrupt_check.sh"
check_interrupt "interrupted replay" " on cmd:$HANG_ADAPTER_CMD; adapter processes ended" \
    "$TRACE" replay "$DOC" --impl-cmd "$HANG_ADAPTER_CMD" --timeout-ms 120000
expect_in "$T/interrupt.err" "trace: interrupted while running case " "interrupted replay"

[[ $fails -eq 0 ]] && echo "PASS" || { echo "$fails failure(s)"; exit 1; }
