#!/bin/sh
# fake_adapter.sh MODE [pipelining]: a driver-protocol adapter (conformance/PROTOCOL.md)
# for process_adapter_test. Its "implementation" does nothing: every request
# is answered `ok` with no outputs. In a case named "bad" it misbehaves at the
# first input as MODE says, so a test can check that the failure is reported
# and that the next case (on a restarted adapter) still runs:
#   crash         writes an output and a note to stderr, then dies of SIGSEGV
#   exit          writes a note to stderr, exits with status 3
#   hang          never answers: waits for a background sleep (whose pid it
#                 writes to stderr) that only a process-group kill ends
#   garbage       answers a line outside the protocol
#   echo          echoes the input line back
#   fatal         answers fatal "..."
#   unsupported   answers unsupported "..." (and goes on serving)
#   flood         writes output lines forever
#   long-line     writes 1 MiB without a newline, then sleeps
#   close-stdin   closes its stdin, answers ok and sleeps (the suite's next
#                 write fails with EPIPE)
#   stderr-flood  writes 1 MiB to stderr at start and 64 KiB per request; in
#                 case "bad" writes END-OF-STDERR and exits with status 3
#   memory-hog    allocates 1 GiB (python3), which fails under the suite's
#                 memory limit with MemoryError on stderr and status 1
#   earlier-traceback  in a case named "noisy" writes a traceback (with
#                 EARLIER-CASE-TRACEBACK) to stderr at the first input and
#                 answers ok; in case "bad" behaves as exit
#   deferred      answers nothing until a case's `end`, then `ok` for each of
#                 its lines (only a suite that pipelines gets an answer)
# With a second argument `pipelining` its hello declares that capability
# (PROTOCOL.md "Pipelining"); a shell's `read` takes one line at a time, so
# it may.
# and at the handshake:
#   hello3        answers `hello 3 ...` (a protocol version this suite does not speak)
#   no-hello      answers the handshake with ok
#   few-caps      declares string_terminator only, and exits with status 3 at
#                 any case line (so a test sees whether one was sent)
#   cannot-load   as an adapter whose implementation cannot be loaded
#                 (PROTOCOL.md): a note on stderr, fatal "..." answering the
#                 handshake, then exits with status 2 a little later (as an
#                 interpreter takes a moment to end)
mode=$1
extra_caps=${2:+ $2}
pending=0
bad=0
noisy=0

note() { printf '%s\n' "$*" >&2; }
stderr_bytes() { head -c "$1" /dev/zero | tr '\0' e >&2; }

misbehave() {
  case $mode in
    crash) echo '< c collect "partial"'; note "fake adapter: crashing now"; kill -SEGV $$ ;;
    exit) note "fake adapter: exiting with status 3"; exit 3 ;;
    hang) sleep 1000 & note "fake adapter: sleeper $!"; wait ;;
    garbage) echo 'this is not a protocol line' ;;
    echo) printf '%s\n' "$1" ;;
    fatal) echo 'fatal "fake adapter cannot go on"' ;;
    unsupported) echo 'unsupported "fake adapter refuses this input"' ;;
    flood) exec yes '< c collect "flood flood flood flood flood flood"' ;;
    long-line) head -c 1048576 /dev/zero | tr '\0' x; sleep 1000 ;;
    close-stdin) exec 0<&-; echo ok; sleep 1000 ;;
    stderr-flood) note END-OF-STDERR; exit 3 ;;
    memory-hog) exec python3 -c 'hog = bytearray(1 << 30); print(len(hog))' ;;
    earlier-traceback) note "fake adapter: exiting with status 3"; exit 3 ;;
    *) echo ok ;;
  esac
}

[ "$mode" = stderr-flood ] && stderr_bytes 1048576
while IFS= read -r line; do
  [ "$mode" = stderr-flood ] && stderr_bytes 65536
  if [ "$mode" = deferred ]; then
    case $line in
      'case '*|channel*|'>'*) pending=$((pending + 1)); continue ;;
      end) while [ $pending -gt 0 ]; do echo ok; pending=$((pending - 1)); done; echo ok; continue ;;
    esac
  fi
  case $line in
    'asynchat-driver '*)
      case $mode in
        hello3) echo 'hello 3 "fake adapter from the future" string_terminator' ;;
        no-hello) echo ok ;;
        few-caps) echo 'hello 1 "fake adapter (few-caps)" string_terminator' ;;
        cannot-load) note "fake adapter: cannot load the implementation"
          echo 'fatal "fake implementation cannot be loaded"'; sleep 0.3; exit 2 ;;
        *) echo "hello 1 \"fake adapter ($mode)\" string_terminator int_terminator none_terminator buffer_sizes producers reactions close_when_done discard_buffers recv_errors send_control connect typed_push$extra_caps" ;;
      esac ;;
    'case '*)
      [ "$mode" = few-caps ] && exit 3
      if [ "$line" = 'case "bad"' ]; then bad=1; else bad=0; fi
      if [ "$line" = 'case "noisy"' ]; then noisy=1; else noisy=0; fi
      echo ok ;;
    '>'*)
      if [ "$mode" = earlier-traceback ] && [ $noisy = 1 ]; then
        noisy=0
        note 'Traceback (most recent call last):'
        note '  File "adapter.py", line 1, in <module>'
        note 'ValueError: EARLIER-CASE-TRACEBACK'
        echo ok
      elif [ $bad = 1 ]; then
        bad=0
        misbehave "$line"
      else
        echo ok
      fi ;;
    quit) echo ok; exit 0 ;;
    *) echo ok ;;
  esac
done
