#!/usr/bin/python3
"""Self-test of asynchat_adapter.py, through the driver protocol only.

Starts the adapter as a subprocess (for the stdlib asynchat, medusa's
asynchat_25 and the broken file: variants of make_broken_variants.py), does the
handshake, runs scenarios and asserts the exact answers, including
medusa's known differences from CPython 3. Run by Bazel as an sh_test
(adapter_selftest.sh); also runs directly: /usr/bin/python3 adapter_selftest.py
The python27_* tests run the adapter under the python2.7 named by
$ASYNCHAT_SELFTEST_PYTHON27 (adapter_selftest.sh finds one) and say SKIP
without it.
"""

import importlib.metadata
import os
import platform
import re
import selectors
import subprocess
import sys
import sysconfig
import tempfile
import traceback

from trace_text import (  # beside this file
    LineError, errno_from_name, errno_name, escape_bytes, exception_kind, quote, read_inputs, read_inputs_at,
    terminator_text, tokenize, unescape_bytes)
import trace_text  # noqa: E402  (its checked tokenizer, which tokenize's fast path must agree with)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
ADAPTER = os.path.join(HERE, "asynchat_adapter.py")
MAKE_VARIANTS = os.path.join(HERE, "make_broken_variants.py")
PYTHON = "/usr/bin/python3"
ANSWER_TIMEOUT = 30.0  # a guard against a hung adapter, not a wait for events
CAPABILITIES = ("pipelining string_terminator int_terminator none_terminator buffer_sizes producers reactions "
                "close_when_done discard_buffers recv_errors send_control connect typed_push asyncore_apps")
# Declared in a version-2 session only.
V2_CAPABILITIES = "push_objects bytes_producer chat_poll connect_reactions close_reactions listeners logging"
# The default ac_in_buffer_size and ac_out_buffer_size of CPython 3's
# async_chat; CPython 2.7's and medusa's are the documents' 4096.
CPYTHON3_BUFFER = 65536
DOCUMENTED_BUFFER = 4096
MEDUSA_FILE = "/usr/lib/python3/dist-packages/supervisor/medusa/asynchat_25.py"


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


class Adapter:
    """One adapter process, spoken to in lock-step."""

    def __init__(self, *args, python=PYTHON):
        self.args = args
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([python, ADAPTER, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr)
        self.pending = b""
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.proc.stdout, selectors.EVENT_READ)

    def stderr_text(self):
        self.stderr.seek(0)
        return self.stderr.read().decode("utf-8", "replace")

    def readline(self):
        while b"\n" not in self.pending:
            if not self.selector.select(ANSWER_TIMEOUT):
                raise Failure("adapter %s gave no answer within %ss; stderr:\n%s"
                              % (self.args, ANSWER_TIMEOUT, self.stderr_text()))
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                raise Failure("adapter %s closed stdout (exit %s); stderr:\n%s"
                              % (self.args, self.proc.wait(), self.stderr_text()))
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return line.decode("ascii")

    def send(self, line):
        self.proc.stdin.write(line.encode("ascii") + b"\n")
        self.proc.stdin.flush()

    def request(self, line):
        """Sends one line; returns its answer lines (the last is final)."""
        self.send(line)
        answer = []
        while True:
            answer.append(self.readline())
            last = answer[-1]
            if last == "ok" or last.split(" ", 1)[0] in ("fatal", "unsupported", "hello"):
                return answer

    def handshake(self, version=1):
        answer = self.request("asynchat-driver %d" % version)
        check(len(answer) == 1, "handshake answered %r" % answer)
        return answer[0]

    def quit(self):
        check(self.request("quit") == ["ok"], "quit not acknowledged")
        self.proc.stdin.close()
        rc = self.proc.wait(ANSWER_TIMEOUT)
        rest = self.proc.stdout.read()
        check(rest == b"" and self.pending == b"", "output after quit: %r" % (self.pending + rest))
        check(rc == 0, "adapter %s exited %s after quit" % (self.args, rc))
        self.proc.stdout.close()


def check_fatal(answer, reason, line):
    """The answer is one fatal line: the reason, then the line (PROTOCOL.md)."""
    expected = ["fatal " + quote("%s: %s" % (reason, line))]
    check(answer == expected, "%s answered %r, expected %r" % (line, answer, expected))


def handshake_v2(adapter, buffer_size):
    """A version-2 handshake: the hello declares every capability, then the
    class's default buffer sizes (PROTOCOL.md "Handshake"), both buffer_size."""
    answer = adapter.request("asynchat-driver 2")
    check(len(answer) == 1 and answer[0].startswith("hello 2 "), "handshake 2 answered %r" % answer)
    tail = " %s %s in_buffer=%d out_buffer=%d" % (CAPABILITIES, V2_CAPABILITIES, buffer_size, buffer_size)
    check(answer[0].endswith('"' + tail), "%s: version-2 hello\n  %s\nexpected it to end\n  %s"
          % (adapter.args, answer[0], tail))
    return answer[0]


def script_lines(script):
    return [l.strip() for l in script.strip().splitlines() if l.strip() and not l.strip().startswith("#")]


def run_case(adapter, case_id, script):
    """Sends a scenario's requests (channel and '>' lines); compares the
    transcript (each request, then its outputs; a final answer other than ok
    is kept) with the script, whose '<', 'fatal' and 'unsupported' lines are
    the expected answers."""
    expected = script_lines(script)
    check(adapter.request("case " + quote(case_id)) == ["ok"], "case not acknowledged")
    actual = []
    for line in expected:
        if line.split(" ", 1)[0] in ("<", "fatal", "unsupported"):
            continue
        actual.append(line)
        answer = adapter.request(line)
        actual.extend(answer[:-1] if answer[-1] == "ok" else answer)
    check(adapter.request("end") == ["ok"], "end not acknowledged")
    if actual != expected:
        diff = []
        for i in range(max(len(actual), len(expected))):
            a = actual[i] if i < len(actual) else "(nothing)"
            e = expected[i] if i < len(expected) else "(nothing)"
            diff.append(("   " if a == e else "!! ") + "expected: %s\n     actual: %s" % (e, a))
        raise Failure("case %s (%s): transcript differs:\n%s\nstderr:\n%s"
                      % (case_id, " ".join(adapter.args) or "stdlib", "\n".join(diff), adapter.stderr_text()))


# ---------------------------------------------------------------------------
# Scenarios. Behaviour CPython 3 and medusa share (the documented algorithm).

COMMON = {
    "terminator.string.straddle": """
        channel c in_buffer=4 out_buffer=4
        > c set_terminator str:"\\r\\n"
        > c read "ab\\r"
        < c collect "ab"
        > c read "\\ncd"
        < c found_terminator
        < c collect "cd"
    """,
    "terminator.string.several_in_one_read": """
        channel c
        > c set_terminator str:"\\n"
        > c read "one\\ntwo\\nthr"
        < c collect "one"
        < c found_terminator
        < c collect "two"
        < c found_terminator
        < c collect "thr"
    """,
    "terminator.int.countdown": """
        channel c
        > c set_terminator int:5
        > c read "abc"
        < c collect "abc"
        > c read "defg"
        < c collect "de"
        < c found_terminator
        < c collect "fg"
    """,
    "terminator.none": """
        channel c
        > c set_terminator none
        > c read "a\\x00\\xffb"
        < c collect "a\\x00\\xffb"
    """,
    "reactions.terminator_change_and_echo": """
        channel h
        > h set_terminator str:"\\n"
        > h on found_terminator 1 set_terminator int:3
        > h on found_terminator 2 push "reply"
        > h on found_terminator 2 close_when_done
        > h read "LEN\\nxyz"
        < h collect "LEN"
        < h found_terminator
        < h collect "xyz"
        < h found_terminator
        < h send "reply" 5
        > h write
        < h close
        > h read "late"
        > h write
    """,
    "producer.more_sequence": """
        channel c
        > c producer p "ab" "cd"
        > c push_with_producer p
        < c more p "ab"
        < c send "ab" 2
        > c write
        < c more p "cd"
        < c send "cd" 2
        > c write
        < c more p ""
        > c write
    """,
    "send.budgets": """
        channel c
        > c send_budget 2
        > c send_budget 0
        > c push "hello"
        < c send "hello" 2
        > c write
        < c send "llo" 0
        > c write
        < c send "llo" 3
    """,
    "send.cap": """
        channel c send_cap=2
        > c push "abcde"
        < c send "abcde" 2
        > c write
        < c send "cde" 2
        > c write
        < c send "e" 1
    """,
    "send.wouldblock": """
        channel c
        > c send_error EAGAIN
        > c push "xy"
        < c send "xy" error EAGAIN
        > c write
        < c send "xy" 2
    """,
    "close_when_done.after_partial_send": """
        channel c
        > c send_budget 1
        > c push "abc"
        < c send "abc" 1
        > c close_when_done
        > c write
        < c send "bc" 2
        > c write
        < c close
        > c write
    """,
    "connect.on_first_write": """
        channel c connected=0
        > c push "hi"
        > c write
        < c connect
        < c send "hi" 2
    """,
    "connect.on_first_read": """
        channel c connected=0
        > c set_terminator str:"\\n"
        > c read "x\\n"
        < c connect
        < c collect "x"
        < c found_terminator
    """,
    "read.eof_closes": """
        channel c
        > c set_terminator str:"\\n"
        > c read eof
        < c close
        > c read "dropped"
    """,
    "read.reset_closes": """
        channel c
        > c set_terminator str:"\\n"
        > c read error ECONNRESET
        < c close
    """,
    "discard_buffers.drops_output": """
        channel c
        > c send_budget 0
        > c push "ab"
        < c send "ab" 0
        > c discard_buffers
        > c write
    """,
    "close.application": """
        channel c
        > c close
        < c close
        > c close
    """,
    "reactions.producer_declared_after_on": """
        channel c
        > c set_terminator str:"\\n"
        > c on found_terminator 1 push_with_producer q
        > c producer q "z"
        > c read "a\\n"
        < c collect "a"
        < c found_terminator
        < c more q "z"
        < c send "z" 1
    """,
    "several_channels": """
        channel a out_buffer=3
        channel b send_cap=1
        > a push "12345"
        < a send "123" 3
        > b push "xy"
        < b send "xy" 1
        > a write
        < a send "45" 2
        > b write
        < b send "y" 1
    """,
}

# CPython 3's own behaviour (where medusa differs, see MEDUSA_DIFFERENCES).
STDLIB = {
    "terminator.int.negative_refused": """
        channel c
        > c set_terminator int:-1
        < c raise ValueError
    """,
    "push_typed": """
        channel c
        > c push_typed str "abc"
        < c raise TypeError
        > c push_typed bytearray "ba"
        < c send "ba" 2
        > c push_typed memoryview "mv"
        < c send "mv" 2
        > c push_typed bytes "by"
        < c send "by" 2
    """,
    "push.split_by_out_buffer": """
        channel c out_buffer=4
        > c push "abcdefghij"
        < c send "abcd" 4
        > c write
        < c send "efgh" 4
        > c write
        < c send "ij" 2
    """,
    "push.queued_items_sent_separately": """
        channel c
        > c send_budget 1
        > c push "abc"
        < c send "abc" 1
        > c push "de"
        < c send "bc" 2
        > c write
        < c send "de" 2
    """,
    "read.wouldblock_ignored": """
        channel c
        > c set_terminator str:"\\n"
        > c read wouldblock
        > c read "a\\n"
        < c collect "a"
        < c found_terminator
    """,
    "read.econnaborted_closes": """
        channel c
        > c set_terminator str:"\\n"
        > c read error ECONNABORTED
        < c close
    """,
    "send.epipe_closes": """
        channel c
        > c send_error EPIPE
        > c push "x"
        < c send "x" error EPIPE
        < c close
    """,
    "send.eio_is_an_error": """
        channel c
        > c send_error EIO
        > c push "x"
        < c send "x" error EIO
        < c error OSError:EIO
        < c close
    """,
    "push_after_close_is_queued": """
        channel c
        > c close
        < c close
        > c push "x"
    """,
    "producer.not_asked_before_connect": """
        channel c connected=0
        > c producer p "ab"
        > c push_with_producer p
        > c write
        < c connect
        < c more p "ab"
        < c send "ab" 2
    """,
    "error.reaction_raises": """
        channel c
        > c set_terminator str:"\\n"
        > c on found_terminator 1 set_terminator int:-1
        > c read "a\\nb"
        < c collect "a"
        < c found_terminator
        < c error ValueError
        < c close
    """,
    "error.no_terminator_set": """
        channel c
        > c read "abc"
        < c error AttributeError
        < c close
    """,
    "close_when_done.waits_for_queue": """
        channel c
        > c send_budget 0
        > c push "ab"
        < c send "ab" 0
        > c close_when_done
        > c write
        < c send "ab" 2
        > c write
        < c close
    """,
    "terminator.empty_string_collects_all": """
        channel c
        > c set_terminator str:""
        > c read "abc"
        < c collect "abc"
    """,
}

# medusa's asynchat_25/asyncore_25 where they differ from CPython 3 (the
# CPython outcome of each is in STDLIB or COMMON under the name given).
MEDUSA_DIFFERENCES = {
    # STDLIB terminator.int.negative_refused
    "terminator.int.negative_accepted": """
        channel c
        > c set_terminator int:-1
        > c read "abc"
        < c collect "ab"
        < c found_terminator
        < c collect "c"
    """,
    # STDLIB push_typed
    "push_typed": """
        channel c
        > c push_typed str "\\xe9"
        < c send "\\xc3\\xa9" 2
        > c push_typed bytearray "ba"
        < c raise AttributeError
        > c push_typed memoryview "mv"
        < c raise AttributeError
    """,
    # STDLIB push.split_by_out_buffer: medusa splits pushes in 512-byte
    # simple_producer pieces whatever ac_out_buffer_size is
    "push.512_byte_pieces": """
        channel c
        > c push "%s"
        < c send "%s" 512
        > c write
        < c send "%s" 88
    """ % ("a" * 600, "a" * 512, "a" * 88),
    # STDLIB push.queued_items_sent_separately
    "push.queued_items_coalesce": """
        channel c
        > c send_budget 1
        > c push "abc"
        < c send "abc" 1
        > c push "de"
        < c send "bcde" 4
    """,
    # STDLIB read.wouldblock_ignored
    "read.wouldblock_is_an_error": """
        channel c
        > c set_terminator str:"\\n"
        > c read wouldblock
        < c error BlockingIOError
        < c close
        > c read "a\\n"
    """,
    # STDLIB read.econnaborted_closes
    "read.econnaborted_is_an_error": """
        channel c
        > c set_terminator str:"\\n"
        > c read error ECONNABORTED
        < c error OSError:ECONNABORTED
        < c close
    """,
    # STDLIB send.epipe_closes
    "send.epipe_is_an_error": """
        channel c
        > c send_error EPIPE
        > c push "x"
        < c send "x" error EPIPE
        < c error OSError:EPIPE
        < c close
    """,
    # STDLIB push_after_close_is_queued: close() leaves connected true
    "push_after_close_sends": """
        channel c
        > c close
        < c close
        > c push "x"
        < c send "x" error EBADF
        < c error OSError:EBADF
    """,
    # STDLIB producer.not_asked_before_connect
    "producer.asked_before_connect": """
        channel c connected=0
        > c producer p "ab"
        > c push_with_producer p
        < c more p "ab"
        > c write
        < c connect
        < c more p ""
        < c send "ab" 2
    """,
}

# Scenarios each broken variant must fail: (scenario, CPython's answer, the
# variant's answer).
# CPython 2.7's stdlib asynchat (--impl cpython2.7), each scenario answered
# otherwise by CPython 3 (conformance/implementations/cpython2.7/notes.md).
PY27_DIFFERENCES = {
    # STDLIB terminator.int.negative_refused: set_terminator stores anything
    "terminator.int.negative_accepted": """
        channel c
        > c set_terminator int:-1
        > c read "abc"
        < c collect "ab"
        < c found_terminator
        < c collect "c"
    """,
    # STDLIB push_typed: initiate_send slices with buffer(), which shows a
    # unicode string's UCS-4 bytes and refuses a memoryview
    "push_typed": """
        channel c
        > c push_typed str "ab"
        < c send "a\\x00\\x00\\x00b\\x00\\x00\\x00" 8
        > c push_typed bytearray "ba"
        < c send "ba" 2
        > c push_typed memoryview "mv"
        < c raise AttributeError
    """,
    # The documented default ac_out_buffer_size, 4096 (CPython 3: 65536)
    "push.default_out_buffer_4096": """
        channel c
        > c push "%s"
        < c send "%s" 4096
        > c write
        < c send "%s" 904
    """ % ("a" * 5000, "a" * 4096, "a" * 904),
    # [py2-asyncore-ja]'s echo handler: dispatcher_with_send offers 512 bytes per send
    # (CPython 3: up to 65536)
    "echo_handler.512_byte_sends": """
        channel s app=asyncore_echo_handler
        > s read "%s"
        < s recv 8192 600
        < s send "%s" 512
        > s write
        < s send "%s" 88
    """ % ("x" * 600, "x" * 512, "x" * 88),
}

VARIANTS = {
    "fpae_off_by_one": ("""
        channel c in_buffer=4
        > c set_terminator str:"\\r\\n"
        > c read "ab\\r"
        > c read "\\ncd"
    """, """
        < c collect "ab"
        < c found_terminator
        < c collect "cd"
    """, """
        < c collect "ab\\r"
        < c collect "\\ncd"
    """),
    "int_countdown_off_by_one": ("""
        channel c
        > c set_terminator int:5
        > c read "abc"
        > c read "defg"
    """, """
        < c collect "abc"
        < c collect "de"
        < c found_terminator
        < c collect "fg"
    """, """
        < c collect "abc"
        < c collect "def"
        < c found_terminator
        < c collect "g"
    """),
    "close_when_done_early": ("""
        channel c
        > c send_budget 1
        > c push "abc"
        > c close_when_done
        > c write
    """, """
        < c send "abc" 1
        < c send "bc" 2
    """, """
        < c send "abc" 1
        < c close
    """),
    "collect_empty": ("""
        channel c
        > c set_terminator str:"\\n"
        > c read "\\nx"
    """, """
        < c found_terminator
        < c collect "x"
    """, """
        < c collect ""
        < c found_terminator
        < c collect "x"
    """),
    "partial_send_drops": ("""
        channel c
        > c send_budget 2
        > c push "hello"
        > c write
    """, """
        < c send "hello" 2
        < c send "llo" 3
    """, """
        < c send "hello" 2
    """),
    "discard_keeps_output": ("""
        channel c
        > c send_budget 0
        > c push "ab"
        > c discard_buffers
        > c write
    """, """
        < c send "ab" 0
    """, """
        < c send "ab" 0
        < c send "ab" 2
    """),
}


def run_outputs(adapter, case_id, scenario):
    """Runs a scenario; returns only its output lines, in order."""
    check(adapter.request("case " + quote(case_id)) == ["ok"], "case not acknowledged")
    outputs = []
    for line in script_lines(scenario):
        answer = adapter.request(line)
        check(answer[-1] == "ok", "case %s: %s answered %r" % (case_id, line, answer))
        outputs.extend(answer[:-1])
    check(adapter.request("end") == ["ok"], "end not acknowledged")
    return outputs


# ---------------------------------------------------------------------------
# Tests.

TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def trace_version(path):
    """The format version a trace file's first line gives."""
    with open(path, encoding="ascii") as f:
        words = f.readline().split()
    check(len(words) == 2 and words[0] == "asynchat-trace" and words[1].isdigit(), "%s: no version line" % path)
    return int(words[1])


def trace_scenario(path):
    """A trace file's channel, input and output lines (its header dropped)."""
    lines = []
    with open(path, encoding="ascii") as f:
        for raw in f:
            line = raw.rstrip("\n").rstrip("\r")
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            if s.split(" ", 1)[0] in ("channel", ">", "<"):
                lines.append(s)
    return "\n".join(lines)


@test
def stdlib_handshake_and_scenarios():
    a = Adapter()
    stdlib_file = os.path.join(sysconfig.get_paths()["stdlib"], "asynchat.py")
    expected = 'hello 1 "%s %s asynchat (%s)" %s' % (
        platform.python_implementation(), platform.python_version(), stdlib_file, CAPABILITIES)
    hello = a.handshake()
    check(hello == expected, "stdlib hello:\n  %s\nexpected\n  %s" % (hello, expected))
    for name, script in {**COMMON, **STDLIB}.items():
        run_case(a, name, script)
    # handle_error printed its report: to stderr, never into the protocol.
    check("uncaptured python exception" in a.stderr_text(), "handle_error's report is not on stderr")
    a.quit()
    return "%d stdlib scenarios" % (len(COMMON) + len(STDLIB))


@test
def pipelined_session_answers_as_lock_step():
    """PROTOCOL.md "Pipelining": every request of a session written at once
    gets, in one stream, exactly the answers it gets line by line."""
    requests = ["asynchat-driver 2"]
    for name, script in sorted({**COMMON, **STDLIB}.items()):
        requests.append("case " + quote(name))
        requests += [l for l in script_lines(script) if l.split(" ", 1)[0] not in ("<", "fatal", "unsupported")]
        requests.append("end")
    requests += ["> c read \"outside a case\"", "quit"]
    a = Adapter()
    lock_step = []
    for line in requests[:-1]:
        lock_step += a.request(line)
    a.quit()
    lock_step.append("ok")
    done = subprocess.run([PYTHON, ADAPTER], input="".join(l + "\n" for l in requests).encode("ascii"),
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=ANSWER_TIMEOUT)
    pipelined = done.stdout.decode("ascii").splitlines()
    check(done.returncode == 0, "the pipelined session exited %s" % done.returncode)
    check(any(l.startswith("fatal ") for l in lock_step), "no fatal answer among %d" % len(lock_step))
    for i, (x, y) in enumerate(zip(lock_step, pipelined)):
        check(x == y, "answer %d: lock-step %r, pipelined %r" % (i + 1, x, y))
    check(len(lock_step) == len(pipelined), "%d answers lock-step, %d pipelined" % (len(lock_step), len(pipelined)))
    return "%d requests, %d answers" % (len(requests), len(pipelined))


@test
def stdlib_replays_echo_traces():
    a = Adapter("--impl", "stdlib")
    a.handshake()
    traces_dir = os.path.join(ROOT, "traces", "echo")
    names = sorted(n for n in os.listdir(traces_dir) if n.endswith(".trace"))
    check(names, "no traces in %s" % traces_dir)
    for n in names:
        run_case(a, "echo/" + n, trace_scenario(os.path.join(traces_dir, n)))
    a.quit()
    return "%d echo traces replayed exactly" % len(names)


@test
def asyncore_app_channels():
    """app= channels (traces/FORMAT.md "Application channels"): [py2-asyncore-ja]'s
    EchoHandler and HTTPClient on the implementation's own asyncore."""
    traces_dir = os.path.join(ROOT, "traces", "asyncore")
    names = sorted(n for n in os.listdir(traces_dir) if n.endswith(".trace"))
    check(len(names) >= 10, "traces in %s: %s" % (traces_dir, names))
    # Each trace in a session of its own format version: a format-2 trace
    # (the echo server's listener) needs version-2 capabilities.
    by_version = {}
    for n in names:
        by_version.setdefault(trace_version(os.path.join(traces_dir, n)), []).append(n)
    check(sorted(by_version) == [1, 2], "trace versions in %s: %s" % (traces_dir, sorted(by_version)))
    v2 = Adapter("--impl", "stdlib")
    handshake_v2(v2, CPYTHON3_BUFFER)
    for n in by_version[2]:
        run_case(v2, "asyncore/" + n, trace_scenario(os.path.join(traces_dir, n)))
    v2.quit()
    a = Adapter("--impl", "stdlib")
    a.handshake()
    for n in by_version[1]:
        run_case(a, "asyncore/" + n, trace_scenario(os.path.join(traces_dir, n)))
    # Both applications side by side, with what a closed channel drops.
    run_case(a, "apps", """
        channel s app=asyncore_echo_handler send_cap=2
        channel c app=asyncore_http_client connected=0
        > s poll
        < s poll readable=1 writable=0
        > s read "abc"
        < s recv 8192 3
        < s send "abc" 2
        > c read "early"
        < c connect
        < c recv 8192 5
        < c print "early"
        > c poll
        < c poll readable=1 writable=1
        > s read eof
        < s recv 8192 0
        < s close
        > s poll
        > s write
        > c send_error ECONNRESET
        > c write
        < c send "GET / HTTP/1.0\\r\\n\\r\\n" error ECONNRESET
        < c close
    """)
    # Lines an app channel cannot take are fatal, naming the line.
    for channel, line, reason in [
        ("channel s app=asyncore_echo_handler", '> s push "x"',
         "push is not an input of an app=asyncore_echo_handler channel (its inputs are read, write, poll, "
         "send_budget, send_error)"),
        ("channel s app=asyncore_echo_handler", "> s close", "close is not an input of an app=asyncore_echo_handler"
         " channel (its inputs are read, write, poll, send_budget, send_error)"),
        ("channel c", "> c poll", "poll is an input of app= channels only (channel c is an async_chat)"),
        ("channel s app=asyncore_echo_handler", "> s read \"%s\"" % ("x" * 8193),
         "read of 8193 bytes exceeds the recv(8192) the implementation requested on channel s"),
    ]:
        check(a.request('case "bad"') == ["ok"], "case")
        check(a.request(channel) == ["ok"], channel)
        check_fatal(a.request(line), reason, line)
    for line, reason in [
        ("channel s app=asyncore_chat", "unknown app asyncore_chat (known: asyncore_echo_handler, asyncore_http_client)"),
        ("channel s app=asyncore_echo_handler in_buffer=64", "in_buffer does not apply to app=asyncore_echo_handler "
         "(it is an async_chat setting; the application reads with recv(8192))"),
        ("channel c app=asyncore_http_client", "app=asyncore_http_client connects in its constructor: declare it "
         "connected=0"),
        ("channel s app=asyncore_echo_handler connected=0", "app=asyncore_echo_handler is made from an accepted, "
         "connected socket: connected=0 does not apply"),
    ]:
        check(a.request('case "bad"') == ["ok"], "case")
        check_fatal(a.request(line), reason, line)
    a.quit()
    # An asynchat whose asyncore has no dispatcher_with_send cannot run them.
    tmp = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
    path = os.path.join(tmp, "own_loop.py")
    with open(path, "w") as f:
        f.write("import asyncore, asynchat\n\n"
                "class dispatcher(asyncore.dispatcher):  # this module is the loop module: no dispatcher_with_send\n"
                "    pass\n\n"
                "class async_chat(asynchat.async_chat, dispatcher):\n"
                "    pass\n")
    b = Adapter("--impl", "file:" + path)
    hello = b.handshake()
    check(hello.endswith(" connect typed_push"), "hello: %s" % hello)
    run_case(b, "no_apps", """
        channel s app=asyncore_echo_handler
        unsupported "needs capability asyncore_apps, which this adapter does not declare"
        channel c
        > c poll
        unsupported "needs capability asyncore_apps, which this adapter does not declare"
    """)
    b.quit()
    return "%d asyncore traces replayed exactly; malformed app lines fatal; no asyncore_apps without " \
        "dispatcher_with_send" % len(names)


# Format 2 (traces/FORMAT.md "Version 2"): poll of async_chat channels and
# the reactions inside handle_connect and handle_close, as CPython 3.11 runs
# them. The outputs every version-2 transcript has (recv of a chat channel,
# handle_close) are left out of the comparison: they are not what these
# scenarios check.
POLL_REACTION_SCENARIOS = {
    "poll.connecting": """
        channel c connected=0
        > c poll
        < c poll readable=1 writable=1
        > c write
        < c connect
        > c poll
        < c poll readable=1 writable=0
        > c send_budget 2
        > c push "hello"
        < c send "hello" 2
        > c poll
        < c poll readable=1 writable=1
        > c close
        < c close
        > c poll
    """,
    # handle_connect runs before the channel counts as connected: its push
    # waits for a write event.
    "connect.push.read_first": """
        channel c connected=0
        > c set_terminator str:"\\n"
        > c on connect push "hello"
        > c read "hi\\n"
        < c connect
        < c collect "hi"
        < c found_terminator
        > c write
        < c send "hello" 5
    """,
    # close() inside handle_connect, then connected = True on the closed socket.
    "connect.close.queued": """
        channel c connected=0
        > c push "x"
        > c on connect close
        > c write
        < c connect
        < c close
        < c send "x" error EBADF
    """,
    "handle_close.eof.keep_open": """
        channel c
        > c set_terminator str:"\\n"
        > c on handle_close keep_open
        > c read eof
        > c poll
        < c poll readable=1 writable=0
        > c read "a\\n"
        < c collect "a"
        < c found_terminator
    """,
    "handle_close.close_when_done.push": """
        channel c
        > c on handle_close push "late"
        > c close_when_done
        > c write
        < c send "late" 4
        < c close
    """,
}
# medusa calls close() itself at the close_when_done marker: its
# handle_close, and so the reaction, never runs; the EBADF of a send on the
# socket closed inside handle_connect reaches its handle_error.
POLL_REACTION_MEDUSA_DIFFERENCES = {
    "connect.close.queued": """
        channel c connected=0
        > c push "x"
        > c on connect close
        > c write
        < c connect
        < c close
        < c send "x" error EBADF
        < c error OSError:EBADF
    """,
    "handle_close.close_when_done.push": """
        channel c
        > c on handle_close push "late"
        > c close_when_done
        > c write
        < c close
    """,
}


def run_case_v2(adapter, case_id, script):
    """run_case, comparing without the recv and handle_close outputs."""
    def kept(line):
        return not re.match(r"< \S+ (handle_close\Z|recv )", line)
    expected = script_lines(script)
    check(adapter.request("case " + quote(case_id)) == ["ok"], "case not acknowledged")
    actual = []
    for line in expected:
        if line.split(" ", 1)[0] in ("<", "fatal", "unsupported"):
            continue
        actual.append(line)
        answer = adapter.request(line)
        actual.extend(l for l in (answer[:-1] if answer[-1] == "ok" else answer) if kept(l))
    check(adapter.request("end") == ["ok"], "end not acknowledged")
    check(actual == expected, "case %s:\n  got      %s\n  expected %s" % (case_id, actual, expected))


@test
def v2_poll_and_reactions():
    """CPython 3 (and 2.7, when there) run the format-2 poll and reaction
    scenarios; a version-1 session declares none of their capabilities and
    refuses them; medusa differs where its close paths bypass handle_close."""
    a = Adapter()
    handshake_v2(a, CPYTHON3_BUFFER)
    for name, script in POLL_REACTION_SCENARIOS.items():
        run_case_v2(a, name, script)
    # An action inside handle_close that raises: handle_error's own
    # handle_close raises again, out of the loop; the channel stays open.
    run_case_v2(a, "handle_close.raises", """
        channel c
        > c on handle_close set_terminator int:-1
        > c read eof
        < c error ValueError
        < c raise ValueError
        > c poll
        < c poll readable=1 writable=0
    """)
    # Reactions that re-enter handle_close without end: refused, as the
    # model and the reference refuse them, not a RecursionError.
    check(a.request('case "handle_close.recursion"') == ["ok"], "case not acknowledged")
    for line in ("channel c connected=0", '> c push "y"', "> c on connect close", '> c on handle_close push "x"'):
        check(a.request(line) == ["ok"], "%s not acknowledged" % line)
    answer = a.request("> c write")
    check(answer[-1] == 'fatal "on handle_close reactions re-enter handle_close more than 64 levels deep on channel '
                        'c: > c write"', "endless handle_close reactions answered %r" % answer[-1:])
    check(a.request("end") == ["ok"], "end not acknowledged")
    a.quit()

    v1 = Adapter()
    check(v1.handshake().endswith('" ' + CAPABILITIES), "version-1 hello declares version-2 capabilities")
    check(v1.request('case "v1"') == ["ok"] and v1.request("channel c") == ["ok"], "version-1 case not started")
    check_fatal(v1.request("> c poll"), "poll is an input of app= channels only (channel c is an async_chat)",
                "> c poll")
    check(v1.request('> c on handle_close push "x"') == [
        'unsupported "needs capability close_reactions, which this adapter does not declare"'],
        "a version-1 session runs on handle_close")
    v1.quit()

    m = Adapter("--impl", "medusa")
    handshake_v2(m, DOCUMENTED_BUFFER)
    for name, script in POLL_REACTION_SCENARIOS.items():
        if name not in POLL_REACTION_MEDUSA_DIFFERENCES:
            run_case_v2(m, "medusa." + name, script)
    for name, script in POLL_REACTION_MEDUSA_DIFFERENCES.items():
        run_case_v2(m, "medusa." + name, script)
    m.quit()

    ran27 = ""
    if python27() is not None:
        p = Adapter(python=python27())
        handshake_v2(p, DOCUMENTED_BUFFER)
        for name, script in POLL_REACTION_SCENARIOS.items():
            run_case_v2(p, "py27." + name, script)
        p.quit()
        ran27 = ", and on python2.7"
    return "%d version-2 scenarios on CPython 3%s, %d medusa differences" % (
        len(POLL_REACTION_SCENARIOS) + 1, ran27, len(POLL_REACTION_MEDUSA_DIFFERENCES))


@test
def medusa_handshake_common_scenarios_and_differences():
    a = Adapter("--impl", "medusa")
    expected = 'hello 1 "supervisor %s medusa asynchat_25 (%s) with asyncore_25, on %s %s" %s' % (
        importlib.metadata.version("supervisor"), MEDUSA_FILE, platform.python_implementation(),
        platform.python_version(), CAPABILITIES)
    hello = a.handshake()
    check(hello == expected, "medusa hello:\n  %s\nexpected\n  %s" % (hello, expected))
    for name, script in COMMON.items():
        run_case(a, name, script)
    for name, script in MEDUSA_DIFFERENCES.items():
        run_case(a, "medusa." + name, script)
    a.quit()
    # Every medusa difference is a real difference: CPython answers otherwise.
    s = Adapter()
    s.handshake()
    for name, script in MEDUSA_DIFFERENCES.items():
        try:
            run_case(s, "stdlib-vs-medusa." + name, script)
        except Failure:
            continue
        raise Failure("medusa difference %s: CPython gives the same transcript" % name)
    s.quit()
    return "%d common scenarios, %d medusa differences" % (len(COMMON), len(MEDUSA_DIFFERENCES))


# Protocol version 2: push of an int or None, a bytes object as a producer,
# log records of `log=` channels (traces/FORMAT.md "Version 2", "Logging").
# What CPython 3 and CPython 2.7 answer; medusa's differences below. Compared
# as the poll and reaction scenarios are, without their recv and
# handle_close outputs.
PUSH_LOG_SCENARIOS = {
    "push.int": """
        channel c
        > c push_typed int "10"
        < c raise TypeError
        > c push "after"
        < c send "after" 5
    """,
    "push.none.in_reaction": """
        channel c
        > c set_terminator str:"\\n"
        > c on found_terminator 1 push_typed none ""
        > c read "a\\nb\\n"
        < c collect "a"
        < c found_terminator
        < c error TypeError
        < c close
    """,
    "producer.bytes.unsplit": """
        channel c out_buffer=4
        > c send_budget 2
        > c push_with_producer "abcdefghij"
        < c send "abcd" 2
        > c write
        < c send "cdef" 4
        > c write
        < c send "ghij" 4
    """,
    "log.all.connect_and_error": """
        channel c connected=0 log=all
        > c push "data"
        > c send_error EIO
        > c write
        < c connect
        < c log warning "unhandled connect event"
        < c send "data" error EIO
        < c error OSError:EIO
        < c log error "uncaptured exception"
        < c close
    """,
    "log.off.error": """
        channel c connected=0
        > c write
        < c connect
        > c read error EIO
        < c error OSError:EIO
        < c close
    """,
}
PUSH_LOG_MEDUSA = dict(PUSH_LOG_SCENARIOS)
PUSH_LOG_MEDUSA["push.int"] = PUSH_LOG_SCENARIOS["push.int"].replace("TypeError", "AttributeError")
PUSH_LOG_MEDUSA["push.none.in_reaction"] = PUSH_LOG_SCENARIOS["push.none.in_reaction"].replace(
    "TypeError", "AttributeError")
PUSH_LOG_MEDUSA["log.default.connect"] = """
        channel c connected=0 log=default
        > c write
        < c connect
        < c log warning "unhandled connect event"
    """
PUSH_LOG_SCENARIOS["log.default.connect"] = """
        channel c connected=0 log=default
        > c write
        < c connect
        > c push_with_producer ""
        < c send "" 0
    """


def v2_session(python, impl_args, buffer_size, scenarios):
    a = Adapter(*impl_args, python=python)
    handshake_v2(a, buffer_size)
    for name, script in scenarios.items():
        run_case_v2(a, "v2." + name, script)
    a.quit()


@test
def version2_push_objects_bytes_producers_and_logging():
    v2_session(PYTHON, (), CPYTHON3_BUFFER, PUSH_LOG_SCENARIOS)
    v2_session(PYTHON, ("--impl", "medusa"), DOCUMENTED_BUFFER, PUSH_LOG_MEDUSA)
    ran = "CPython 3, medusa"
    if python27():
        v2_session(python27(), (), DOCUMENTED_BUFFER, PUSH_LOG_SCENARIOS)
        ran += ", %s" % python27()
    # A version-1 session declares neither capability, refuses their inputs
    # and the log= setting, and reports no log record.
    a = Adapter()
    hello = a.handshake()
    check("push_objects" not in hello and "bytes_producer" not in hello, "version-1 hello: %s" % hello)
    check(a.request('case "v1"') == ["ok"], "case not acknowledged")
    check(a.request("channel c") == ["ok"], "channel not acknowledged")
    answer = a.request('> c push_typed int "1"')
    check(answer == ["unsupported " + quote("needs capability push_objects, which this adapter does not declare")],
          "version 1: push_typed int answered %r" % answer)
    answer = a.request('> c push_with_producer "x"')
    check(answer[0].startswith("unsupported ") and "bytes_producer" in answer[0],
          "version 1: push_with_producer of bytes answered %r" % answer)
    check_fatal(a.request("channel d log=all"), "log= is a channel setting of protocol version 2 (this session "
                "speaks 1)", "channel d log=all")
    check(a.request("end") == ["ok"], "end not acknowledged")
    a.quit()
    return "%s; version 1 refuses them" % ran
LISTENER_SCRIPT = """
    channel s listener=%s
    channel c accepted_by=s out_buffer=2
    # not accepted yet: no channel takes it
    > c push "early"
    > s poll
    < s poll readable=1 writable=0
    > s accept error EWOULDBLOCK
    > s accept error ECONNABORTED
    > s accept
    < s accepted c
    > c push "ok!"
    < c send "ok" 2
    > s accept error EPERM
    < s error OSError:EPERM
    < s handle_close
    < s close
    > s accept
    > s poll
    > s close
    > c write
    < c send "!" 1
"""


MEDUSA_LISTENER_SCRIPT = """
    channel s listener=accept
    channel c accepted_by=s
    # medusa watches a listener for writing too
    > s poll
    < s poll readable=1 writable=1
    > s accept
    < s accepted c
    # ECONNABORTED reaches handle_error, which closes without handle_close
    > s accept error ECONNABORTED
    < s error OSError:ECONNABORTED
    < s close
    > s accept
    > c push "ok"
    < c send "ok" 2
"""


def listener_script(style, medusa=False):
    if medusa:
        return MEDUSA_LISTENER_SCRIPT
    return LISTENER_SCRIPT % style


@test
def listener_channels():
    """listener= channels (FORMAT.md "Version 2"), in a version-2 session
    only: both styles on CPython 3; on medusa (and Python 2.7, if found) the
    accept style, and listener=accepted refused with the reason."""
    runs = [("stdlib", PYTHON, ("accepted", "accept"), CPYTHON3_BUFFER),
            ("medusa", PYTHON, ("accept",), DOCUMENTED_BUFFER)]
    if python27():
        runs.append(("stdlib", python27(), ("accept",), DOCUMENTED_BUFFER))
    for impl, python, styles, buffer_size in runs:
        a = Adapter("--impl", impl, python=python)
        handshake_v2(a, buffer_size)
        check(" listeners" not in a.handshake(), "%s %s: a version-1 hello declares listeners" % (python, impl))
        a.request("asynchat-driver 2")
        for style in styles:
            run_case(a, "listener." + style, listener_script(style, impl == "medusa"))
        for style in ("accepted",):
            if style in styles:
                continue
            check(a.request("case " + quote("refused")) == ["ok"], "case not acknowledged")
            answer = a.request("channel s listener=accepted")
            check(len(answer) == 1 and answer[0].startswith('unsupported "listener=accepted needs '
                                                            'dispatcher.handle_accepted'),
                  "%s %s: listener=accepted answered %r" % (python, impl, answer))
            check(a.request("end") == ["ok"], "end not acknowledged")
        check(a.request("case " + quote("none left")) == ["ok"], "case not acknowledged")
        check(a.request("channel s listener=accept") == ["ok"], "listener refused")
        check_fatal(a.request("> s accept"),
                    "listener s accepts a connection but no accepted_by=s channel is left to create", "> s accept")
        a.quit()
    return "%d implementations" % len(runs)


def python27():
    """The python2.7 adapter_selftest.sh found, or None."""
    return os.environ.get("ASYNCHAT_SELFTEST_PYTHON27") or None


@test
def python27_handshake_common_scenarios_and_differences():
    python = python27()
    if python is None:
        return "SKIPPED: no python2.7 (adapter_selftest.sh says where it looked)"
    a = Adapter(python=python)
    hello = a.handshake()
    check(re.match(r'hello 1 "CPython 2\.7\.[0-9]+ asynchat \(/.*/python2\.7/asynchat\.py\)" %s\Z'
                   % re.escape(CAPABILITIES), hello), "python2.7 hello: %s" % hello)
    for name, script in COMMON.items():
        run_case(a, name, script)
    for name, script in STDLIB.items():
        if name not in ("terminator.int.negative_refused", "push_typed", "error.reaction_raises"):
            run_case(a, name, script)
    for name, script in PY27_DIFFERENCES.items():
        run_case(a, "py27." + name, script)
    traces_dir = os.path.join(ROOT, "traces", "echo")
    echo = sorted(n for n in os.listdir(traces_dir) if n.endswith(".trace"))
    for n in echo:
        run_case(a, "echo/" + n, trace_scenario(os.path.join(traces_dir, n)))
    a.quit()
    # Every Python 2.7 difference is a real difference: CPython 3 answers otherwise.
    s = Adapter()
    s.handshake()
    for name, script in PY27_DIFFERENCES.items():
        try:
            run_case(s, "stdlib-vs-py27." + name, script)
        except Failure:
            continue
        raise Failure("python2.7 difference %s: CPython 3 gives the same transcript" % name)
    s.quit()
    return "%s: %d common and %d stdlib scenarios, %d echo traces, %d Python 2.7 differences" % (
        python, len(COMMON), len(STDLIB) - 3, len(echo), len(PY27_DIFFERENCES))


@test
def python27_protocol_errors_and_bad_implementations():
    """What the adapter's own code does differently on Python 2: the
    protocol stream, the shown request line, file: loading, usage errors."""
    python = python27()
    if python is None:
        return "SKIPPED: no python2.7 (adapter_selftest.sh says where it looked)"
    a = Adapter(python=python)
    a.handshake()
    a.proc.stdin.write(b'case "\xff"\n')
    a.proc.stdin.flush()
    check(a.readline() == 'fatal "the line is not ASCII: case \\"\\\\xff\\""', "a non-ASCII line")
    run_case(a, "malformed", """
        channel c in_buffer=2
        > c read "abc
        fatal "unterminated string starting at column 10: > c read \\"abc"
    """)
    a.quit()
    tmp = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
    fork = os.path.join(tmp, "fork27.py")
    with open(fork, "w") as f:
        f.write("import asynchat\n\nclass async_chat(asynchat.async_chat):\n    discard_buffers = None\n")
    b = Adapter("--impl", "file:" + fork, python=python)
    check(b.handshake().endswith(" close_when_done recv_errors send_control connect typed_push asyncore_apps"),
          "file: on python2.7")
    b.quit()
    no_chat = os.path.join(tmp, "not_asynchat27.py")
    with open(no_chat, "w") as f:
        f.write("class dispatcher:\n    pass\n")
    for args, message in ((("--impl", "file:" + no_chat), "%s has no async_chat class" % no_chat),
                          (("--no-such-option",), "bad arguments: --no-such-option")):
        c = Adapter(*args, python=python)
        answer = c.request("asynchat-driver 1")
        rc = c.proc.wait(ANSWER_TIMEOUT)
        check(rc == 2 and answer == ['fatal "%s"' % message], "%s on python2.7: exit %s, %r" % (args, rc, answer))
        c.proc.stdout.close()
        c.proc.stdin.close()
    return "fatal answers, file: loading and usage errors on python2.7"


@test
def python27_trace_text():
    """trace_text.py under Python 2.7, where bytes is str: data goes into
    records through as_data, words stay words, socket.error is named as
    Python 3 names the same errno."""
    python = python27()
    if python is None:
        return "SKIPPED: no python2.7 (adapter_selftest.sh says where it looked)"
    program = (
        "import errno, socket, sys\n"
        "sys.path.insert(0, %r)\n"
        "from trace_text import as_data, exception_kind, read_inputs, record, unescape_bytes\n"
        "print(record('<', 'c', 'send', as_data('a\\n'), '2'))\n"
        "print(record('<', 'c', 'recv', '8192', 'error', 'EAGAIN'))\n"
        "print(exception_kind(socket.error(errno.EAGAIN, 'x')))\n"
        "print(exception_kind(socket.error(errno.ECONNRESET, 'x')))\n"
        "print(exception_kind(ValueError()))\n"
        "print(repr(unescape_bytes('a\\\\xff')))\n"
        "print(read_inputs('c', 'ab\\ncd', 2))\n" % HERE)
    proc = subprocess.run([python, "-c", program], capture_output=True, text=True)
    check(proc.returncode == 0, "python2.7 trace_text: %s" % proc.stderr)
    expected = ['< c send "a\\n" 2', "< c recv 8192 error EAGAIN", "BlockingIOError", "OSError:ECONNRESET",
                "ValueError", "'a\\xff'", "['> c read \"ab\"', '> c read \"\\\\nc\"', '> c read \"d\"']"]
    check(proc.stdout.splitlines() == expected, "python2.7 trace_text printed:\n%s\nexpected:\n%s"
          % (proc.stdout, "\n".join(expected)))
    return "records, exception kinds, escapes on python2.7"


@test
def broken_variants_are_caught():
    outdir = os.path.join(os.environ.get("TEST_TMPDIR") or tempfile.mkdtemp(), "broken_variants")
    proc = subprocess.run([PYTHON, MAKE_VARIANTS, outdir], capture_output=True, text=True)
    check(proc.returncode == 0, "make_broken_variants failed: %s" % proc.stderr)
    written = sorted(os.listdir(outdir))
    check(written == sorted("asynchat_%s.py" % n for n in VARIANTS),
          "variants written: %s" % written)
    stdlib = Adapter()
    stdlib.handshake()
    for name, (scenario, cpython, broken) in VARIANTS.items():
        got = run_outputs(stdlib, "variant." + name, scenario)
        check(got == script_lines(cpython), "stdlib on variant %s's scenario: %s" % (name, got))
        path = os.path.join(outdir, "asynchat_%s.py" % name)
        v = Adapter("--impl", "file:" + path)
        hello = v.handshake()
        check(hello == 'hello 1 "asynchat from file %s, on %s %s" %s' % (
            path, platform.python_implementation(), platform.python_version(), CAPABILITIES),
            "variant hello: %s" % hello)
        got = run_outputs(v, "variant." + name, scenario)
        check(got == script_lines(broken), "variant %s gave %s, expected %s\nstderr:\n%s"
              % (name, got, script_lines(broken), v.stderr_text()))
        v.quit()
    stdlib.quit()
    return "%d variants diverge from CPython as designed" % len(VARIANTS)


@test
def variant_generator_refuses_changed_source():
    with tempfile.TemporaryDirectory(dir=os.environ.get("TEST_TMPDIR")) as tmp:
        source = os.path.join(tmp, "asynchat.py")
        with open(os.path.join(sysconfig.get_paths()["stdlib"], "asynchat.py")) as f:
            text = f.read()
        with open(source, "w") as f:
            f.write(text.replace("if index > 0:", "if index > 0 :"))
        out = os.path.join(tmp, "out")
        proc = subprocess.run([PYTHON, MAKE_VARIANTS, out, "--source", source], capture_output=True, text=True)
        check(proc.returncode != 0, "a changed source was mutated anyway")
        check("collect_empty" in proc.stderr and "0 times" in proc.stderr, "message: %s" % proc.stderr)
        check(not os.path.exists(out), "variants were written from a changed source")
    return "changed source refused"


@test
def protocol_errors():
    a = Adapter()
    # Before the handshake.
    check(a.request('case "x"') == ['fatal "expected the handshake \'asynchat-driver 2\' first: case \\"x\\""'],
          "a case before the handshake")
    a.handshake()
    run_case(a, "malformed", """
        channel c in_buffer=2
        > c read "abc
        fatal "unterminated string starting at column 10: > c read \\"abc"
    """)
    # The adapter keeps serving after a fatal answer.
    run_case(a, "read.larger_than_recv", """
        channel c in_buffer=2
        > c set_terminator str:"\\n"
        > c read "abc"
        fatal "read of 3 bytes exceeds the recv(2) the implementation requested on channel c: > c read \\"abc\\""
    """)
    for line, reason in [
        ("> c frobnicate", "unknown input verb frobnicate"),
        ("> c read error ENOSUCH", "unknown errno name ENOSUCH"),
        ("> c set_terminator int:x", 'bad terminator int:x (expected none, int:N or str:"...")'),
        ("> c on found_terminator 0 close", "call numbers start at 1"),
        ("> c push_typed float \"1\"",
         "push_typed type must be bytes, bytearray, memoryview, str, int or none, got float"),
        ("> c push_typed int \"ten\"", "push_typed int takes the integer as a quoted decimal, got \"ten\""),
        ("> c push_typed none \"x\"", "push_typed none takes \"\""),
        ("channel c log=warning", "log is default or all, got warning"),
        ("> d push \"x\"", "channel d used before it is declared"),
        ("channel c in_buffer=0", "in_buffer must be at least 1"),
        ("channel c", "channel c declared twice"),
        ("< c close", "outputs are the adapter's to send, not inputs"),
        ("> c read \"\\q\"", "bad string: unknown escape \\q at column 0"),
        # Every number is 64-bit, as in the C++ parser, though Python's ints are not.
        ("> c set_terminator int:99999999999999999999",
         "integer 99999999999999999999 is out of range (trace integers are 64-bit: "
         "-9223372036854775808 to 9223372036854775807)"),
        ("> c set_terminator int:-9223372036854775809",
         "integer -9223372036854775809 is out of range (trace integers are 64-bit: "
         "-9223372036854775808 to 9223372036854775807)"),
        ("> c send_budget 18446744073709551616",
         "integer 18446744073709551616 is out of range (trace integers are 64-bit: "
         "-9223372036854775808 to 9223372036854775807)"),
        ("channel d in_buffer=18446744073709551616",
         "integer 18446744073709551616 is out of range (trace integers are 64-bit: "
         "-9223372036854775808 to 9223372036854775807)"),
    ]:
        check(a.request('case "bad"') == ["ok"], "case")
        check(a.request("channel c") == ["ok"], "channel")
        check_fatal(a.request(line), reason, line)
    # Hex escapes are accepted in either case; output uses lowercase.
    run_case(a, "hex_case", """
        channel c
        > c set_terminator none
        > c read "\\xAB\\xcd\\x7f\\x20"
        < c collect "\\xab\\xcd\\x7f "
    """)
    a.quit()
    # End of stdin ends the session with status 0.
    b = Adapter()
    b.handshake()
    b.proc.stdin.close()
    check(b.proc.wait(ANSWER_TIMEOUT) == 0, "exit status at end of stdin")
    b.proc.stdout.close()
    return "fatal answers"


@test
def bad_implementations_fail_the_handshake():
    cases = [
        (("--impl", "bogus"), "unknown --impl 'bogus' (expected stdlib, medusa or file:PATH)"),
        (("--impl", "file:/nonexistent/asynchat.py"), "--impl file: /nonexistent/asynchat.py is not a file"),
        # Usage errors: status 2, argparse's usage line on stderr, fatal on the protocol.
        (("--no-such-option",), "bad arguments: --no-such-option"),
        (("--impl",), "bad arguments: --impl"),
        (("stdlib",), "bad arguments: stdlib"),
    ]
    tmp = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
    no_chat = os.path.join(tmp, "not_asynchat.py")
    with open(no_chat, "w") as f:
        f.write("class dispatcher:\n    pass\n")
    cases.append((("--impl", "file:" + no_chat), "%s has no async_chat class" % no_chat))
    broken = os.path.join(tmp, "broken_syntax.py")
    with open(broken, "w") as f:
        f.write("def (:\n")
    cases.append((("--impl", "file:" + broken), None))
    for args, message in cases:
        a = Adapter(*args)
        answer = a.request("asynchat-driver 1")
        rc = a.proc.wait(ANSWER_TIMEOUT)
        check(rc == 2, "%s: exit status %s" % (args, rc))
        check(len(answer) == 1 and answer[0].startswith('fatal "'), "%s answered %r" % (args, answer))
        if message is not None:
            check(answer == ['fatal "%s"' % message], "%s answered %r" % (args, answer))
            check(message in a.stderr_text(), "%s: stderr lacks the message: %s" % (args, a.stderr_text()))
            if message.startswith("bad arguments"):
                check("usage: asynchat_adapter.py" in a.stderr_text(), "%s: no usage line: %s" % (args, a.stderr_text()))
        else:
            check("SyntaxError" in answer[0], "%s answered %r" % (args, answer))
        a.proc.stdout.close()
        a.proc.stdin.close()
    return "%d bad --impl values and usage errors refused" % len(cases)


@test
def missing_methods_are_unsupported():
    tmp = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
    path = os.path.join(tmp, "no_discard.py")
    with open(path, "w") as f:
        f.write("import asynchat\n\n"
                "class async_chat(asynchat.async_chat):\n"
                "    discard_buffers = None  # a fork without discard_buffers\n")
    a = Adapter("--impl", "file:" + path)
    hello = a.handshake()
    check(hello.endswith(" close_when_done recv_errors send_control connect typed_push asyncore_apps"),
          "hello: %s" % hello)
    run_case(a, "no_discard", """
        channel c
        > c push "x"
        < c send "x" 1
        > c discard_buffers
        unsupported "needs capability discard_buffers, which this adapter does not declare"
        > c on found_terminator 1 discard_buffers
        unsupported "needs capability discard_buffers, which this adapter does not declare"
    """)
    check(a.request("end") == ['fatal "end outside a case: end"'], "end outside a case")
    a.quit()
    b = Adapter()
    check(b.request("quit") == ["ok"], "quit before the handshake")
    check(b.proc.wait(ANSWER_TIMEOUT) == 0, "exit status after quit")
    b.proc.stdout.close()
    b.proc.stdin.close()
    return "unsupported answers"


@test
def trace_text_vocabulary():
    """trace_text.py itself, against traces/FORMAT.md and traces/bytes_escape.cc
    (written out here, not computed), for what the adapter does not show."""
    check(escape_bytes(b'a\n\r\t\\"\x00\x1f\x7f\x80\xff ~') == 'a\\n\\r\\t\\\\\\"\\x00\\x1f\\x7f\\x80\\xff ~',
          "escape_bytes: %s" % escape_bytes(b'a\n\r\t\\"\x00\x1f\x7f\x80\xff ~'))
    for i in range(256):
        one = bytes(bytearray([i]))
        text = escape_bytes(one)
        check(all(0x20 <= ord(c) < 0x7F for c in text) and unescape_bytes(text) == one, "byte %d: %r" % (i, text))
    check(unescape_bytes("\\xAB\\xcd") == b"\xab\xcd", "hex digits in either case")
    for bad, message in (("\\q", "unknown escape \\q at column 0"), ("ab\\", "dangling backslash at column 2"),
                         ("\\x4", "bad \\x escape at column 0 (two hex digits expected)"),
                         ("a\x01", "unescaped control or non-ASCII byte at column 1")):
        try:
            unescape_bytes(bad)
            check(False, "%r was accepted" % bad)
        except LineError as e:
            check(str(e) == message, "%r: %s" % (bad, e))
    check(quote("caf\u00e9") == '"caf\\xc3\\xa9"', "quote of text: UTF-8 bytes")
    toks = [(tok.is_bytes, tok.value) for tok in tokenize('>  c set_terminator str:"a \\"b" int:5 ""')]
    check(toks == [(False, ">"), (False, "c"), (False, "set_terminator"), (False, "str:"), (True, b'a "b'),
                   (False, "int:5"), (True, b"")], "tokenize: %s" % toks)
    # tokenize's one-pass path must agree with the column-by-column one on
    # every line, well-formed or not (same tokens, same error).
    def tokens_or_error(tokenizer, line):
        try:
            return [(tok.is_bytes, tok.value) for tok in tokenizer(line)]
        except LineError as e:
            return "error: %s" % e
    pieces = ["a", " ", "  ", '"', "\\", "x", "4", "f", "n", "str:", "int:3", "\\x4", "\\xff", "\\xzz", '\\"', "\t", "~"]
    lines = ['>  c set_terminator str:"a \\"b" int:5 ""', '> c read "\\x00\\xFF\\r\\n\\t\\\\"', 'x"a"', '"a"x', '"a']
    lines += ["".join(pieces[(i * 7 + k * k * 3) % len(pieces)] for k in range(i % 9)) for i in range(4000)]
    for line in lines:
        check(tokens_or_error(tokenize, line) == tokens_or_error(trace_text._tokenize_checked, line),
              "tokenize and the checked tokenizer differ on %r" % line)
    check([terminator_text(t) for t in (None, 0, 5, b"\r\n")] == ["none", "int:0", "int:5", 'str:"\\r\\n"'],
          "terminator_text")
    check(errno_name(errno_from_name("EWOULDBLOCK")) == "EAGAIN" and errno_name(errno_from_name("EPIPE")) == "EPIPE"
          and errno_name(99999) == "E99999" and errno_from_name("ENOSUCH") is None, "errno names")
    check([exception_kind(e) for e in (ConnectionResetError(errno_from_name("ECONNRESET"), "reset"),
                                       BlockingIOError(errno_from_name("EAGAIN"), "again"), ValueError(), None)]
          == ["OSError:ECONNRESET", "BlockingIOError", "ValueError", "NoException"], "exception_kind")
    check(read_inputs("c", b"ab\ncd", 2) == ['> c read "ab"', '> c read "\\nc"', '> c read "d"']
          and read_inputs_at("c", b"abcde", [0, 2, 2]) == ['> c read "ab"', '> c read "cde"'], "read_inputs")
    return "escaping, tokens, terminators, errno names, exception kinds"


# Version 2 (traces/FORMAT.md "Version 2"): each read's recv() and each entry
# into handle_close, in a version-2 session only. CPython 3 and 2.7 agree.
VERSION2 = {
    "v2.recv_sizes_and_eof": """
        channel c in_buffer=16
        > c set_terminator str:"\\n"
        > c read "ab\\ncd"
        < c recv 16 5
        < c collect "ab"
        < c found_terminator
        < c collect "cd"
        > c read eof
        < c recv 16 0
        < c handle_close
        < c close
    """,
    "v2.recv_disconnect": """
        channel c in_buffer=3
        > c set_terminator int:2
        > c read error ECONNRESET
        < c recv 3 error ECONNRESET
        < c handle_close
        < c close
    """,
    "v2.close_when_done": """
        channel c
        > c push "x"
        < c send "x" 1
        > c close_when_done
        > c write
        < c handle_close
        < c close
    """,
    "v2.send_disconnect": """
        channel c
        > c send_error EPIPE
        > c push "x"
        < c send "x" error EPIPE
        < c handle_close
        < c close
    """,
    "v2.explicit_close": """
        channel c
        > c close
        < c close
    """,
}

# medusa in a version-2 session: recv is reported, but its close_when_done
# marker and its default handle_error close with close() itself, never
# entering handle_close (and EPIPE on send is an error to it).
MEDUSA_VERSION2 = {
    "v2.close_when_done": """
        channel c
        > c push "x"
        < c send "x" 1
        > c close_when_done
        > c write
        < c close
    """,
    "v2.send_disconnect": """
        channel c
        > c send_error EPIPE
        > c push "x"
        < c send "x" error EPIPE
        < c error OSError:EPIPE
        < c close
    """,
}


def version1_of(script):
    """The script as a version-1 session answers it: no recv or handle_close."""
    return "\n".join(l for l in script_lines(script)
                     if not re.match(r"< \S+ (recv|handle_close)\b", l))


@test
def version2_session_reports_recv_and_handle_close():
    results = []
    for label, args, python in (("stdlib", (), PYTHON), ("python2.7", (), python27()),
                                ("medusa", ("--impl", "medusa"), PYTHON)):
        if python is None:
            results.append("%s SKIPPED (no python2.7)" % label)
            continue
        scripts = dict(VERSION2)
        if label == "medusa":
            scripts.update(MEDUSA_VERSION2)
        a = Adapter(*args, python=python)
        hello = a.handshake(2)
        check(hello.startswith("hello 2 "), "%s: version-2 hello: %s" % (label, hello))
        for name, script in scripts.items():
            run_case(a, label + "." + name, script)
        a.quit()
        # The same scenarios in a version-1 session: not one version-2 record.
        b = Adapter(*args, python=python)
        check(b.handshake(1).startswith("hello 1 "), "%s: version-1 hello" % label)
        for name, script in scripts.items():
            run_case(b, label + ".v1." + name, version1_of(script))
        b.quit()
        results.append(label)
    # The medusa differences are real: CPython enters handle_close there.
    s = Adapter()
    s.handshake(2)
    for name, script in MEDUSA_VERSION2.items():
        try:
            run_case(s, "stdlib-vs-medusa." + name, script)
        except Failure:
            continue
        raise Failure("medusa difference %s: CPython gives the same transcript" % name)
    s.quit()
    return "%d version-2 scenarios, with and without their recv/handle_close records: %s" % (
        len(VERSION2), ", ".join(results))


def main():
    failures = skipped = 0
    for fn in TESTS:
        try:
            summary = fn()
            skipped += summary.startswith("SKIPPED")
            print("%s %s: %s" % ("SKIP" if summary.startswith("SKIPPED") else "PASS", fn.__name__, summary))
        except Exception:
            failures += 1
            print("FAIL %s" % fn.__name__)
            traceback.print_exc(file=sys.stdout)
    print("%d/%d tests passed%s" % (len(TESTS) - failures - skipped, len(TESTS),
                                    ", %d skipped" % skipped if skipped else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
