#!/usr/bin/python3
"""Runs a trace scenario on CPython's own asynchat and prints the transcript.

The channels are the UNMODIFIED standard-library asynchat.async_chat
(/usr/lib/python3.11/asynchat.py) over a stub socket: recv() returns what the
trace's `read` scripts, send() accepts what `send_budget`/`send_error`/
`send_cap=` allow, and every callback and socket call is printed in trace
syntax (traces/FORMAT.md). Read and write events go through asyncore.read()
and asyncore.write(), the functions asyncore's loop calls, so exceptions
reach handle_error() as in a loop. handle_error() is overridden only to
report the exception's kind; it then calls handle_close() as the default one
does (without the log line).

One deliberate setting: a channel without in_buffer=/out_buffer= gets the
documents' 4096 (CPython 3.11's class default is 65536), so that recordings
compare with the model (conformance/model), whose defaults are the documents'.

Usage (from the repository root):
  cpython_oracle.py < SCENARIO               print the trace with CPython's outputs
  cpython_oracle.py --record SCENARIO OUT    write that trace to OUT
  cpython_oracle.py --check TRACE...         re-run each trace's inputs, compare
                                             its '<' lines; exit 1 on a difference
  cpython_oracle.py --framing-table          print a scenario made of the framing
                                             cases of reference/asynchat/testdata/
                                             cpython_framing_oracle.py

In a recorded trace, '<' lines of the scenario are dropped and CPython's
outputs follow each '>' line; comments and the header are kept, except that
`origin` says it is a recording.
"""

import os
import sys
import warnings

warnings.simplefilter('ignore')

import asyncore  # noqa: E402  (deprecated; imported after the filter)
import asynchat  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'adapters', 'python'))
from trace_text import errno_from_name, errno_name, exception_kind, record, tokenize  # noqa: E402

DOCUMENTED_BUFFER_SIZE = 4096


class ScenarioError(asyncore.ExitNow):
    """A scenario no implementation could be given. Derives from ExitNow so
    that asyncore.read()/write() re-raise it instead of calling handle_error()."""


# ---------------------------------------------------------------------------
# The channels

def os_error(name):
    err = errno_from_name(name)
    return OSError(err, os.strerror(err))  # Python picks the subclass (EAGAIN: BlockingIOError)


class StubSocket:
    def __init__(self, chan, send_cap):
        self.chan = chan
        self.send_cap = send_cap
        self.next_recv = None
        self.send_script = []
        self.closed = False

    def recv(self, buffer_size):
        item, self.next_recv = self.next_recv, None
        if item is None or item == 'wouldblock':
            raise os_error('EAGAIN')
        if item == 'eof':
            return b''
        if isinstance(item, tuple):
            raise os_error(item[1])
        assert len(item) <= buffer_size
        return item

    def send(self, data):
        data = bytes(data)
        step = self.send_script.pop(0) if self.send_script else None
        if isinstance(step, str):
            self.chan.emit('send', data, 'error', errno_name(errno_from_name(step)))  # EWOULDBLOCK is EAGAIN
            raise os_error(step)
        n = len(data)
        if step is not None:
            n = min(n, step)
        elif self.send_cap is not None:
            n = min(n, self.send_cap)
        self.chan.emit('send', data, str(n))
        return n

    def getsockopt(self, level, option, buflen=None):
        return 0

    def close(self):
        if not self.closed:
            self.closed = True
            self.chan.emit('close')


class Producer:
    def __init__(self, chan, pid, chunks):
        self.chan, self.pid, self.chunks = chan, pid, list(chunks)

    def more(self):
        data = self.chunks.pop(0) if self.chunks else b''
        self.chan.emit('more', self.pid, data)
        return data


class Channel(asynchat.async_chat):
    def __init__(self, cid, settings, out):
        asynchat.async_chat.__init__(self)  # no socket; the stub is set below
        self.cid = cid
        self.out = out
        self.socket = StubSocket(self, settings.get('send_cap'))
        connected = settings.get('connected', 1) == 1
        self.connected = connected
        self.connecting = not connected
        self.ac_in_buffer_size = settings.get('in_buffer', DOCUMENTED_BUFFER_SIZE)
        self.ac_out_buffer_size = settings.get('out_buffer', DOCUMENTED_BUFFER_SIZE)
        self.producers = {}
        self.reactions = {}
        self.found_calls = 0

    def emit(self, verb, *args):
        self.out.append(record('<', self.cid, verb, *args))

    def collect_incoming_data(self, data):
        self.emit('collect', bytes(data))

    def found_terminator(self):
        self.emit('found_terminator')
        self.found_calls += 1
        for action in self.reactions.get(self.found_calls, []):
            perform(self, action[0], action[1:])

    def handle_connect(self):
        self.emit('connect')

    def handle_error(self):
        self.emit('error', exception_kind(sys.exc_info()[1]))
        self.handle_close()


def perform(chan, verb, args):
    if verb == 'set_terminator':
        if args[0] == 'none':
            chan.set_terminator(None)
        elif args[0] == 'str:':
            chan.set_terminator(args[1])
        else:
            chan.set_terminator(int(args[0][4:]))
    elif verb == 'push':
        chan.push(args[0])
    elif verb == 'push_typed':
        convert = {'bytes': bytes, 'bytearray': bytearray, 'memoryview': memoryview,
                   'str': lambda b: b.decode('latin-1')}[args[0]]
        chan.push(convert(args[1]))
    elif verb == 'push_with_producer':
        if args[0] not in chan.producers:
            raise ScenarioError('producer %s used before it is declared' % args[0])
        chan.push_with_producer(Producer(chan, args[0], chan.producers[args[0]]))
    elif verb == 'close_when_done':
        chan.close_when_done()
    elif verb == 'discard_buffers':
        chan.discard_buffers()
    elif verb == 'close':
        chan.close()
    else:
        raise ScenarioError('unknown action ' + verb)


def run(text):
    """Returns the trace text with CPython's outputs after each input."""
    out = []
    channels = {}
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith('<'):
            continue
        if line.startswith('origin '):
            out.append('origin recording CPython-%d.%d.%d conformance/model/testdata/cpython_oracle.py'
                       % sys.version_info[:3])
            continue
        out.append(raw.rstrip())
        if not line or line.startswith('#'):
            continue
        t = [tok.value for tok in tokenize(line)]  # words as str, quoted strings as bytes
        if t[0] == 'channel':
            settings = {k: int(v) for k, v in (kv.split('=') for kv in t[2:])}
            channels[t[1]] = Channel(t[1], settings, out)
            continue
        if t[0] != '>':
            continue
        try:
            step(channels[t[1]], t[2], t[3:])
        except ScenarioError as e:
            raise SystemExit('line %d: %s: %s' % (lineno, e, line))
    return '\n'.join(out) + '\n'


def step(chan, verb, args):
    sock = chan.socket
    if verb == 'read':
        if isinstance(args[0], bytes) and len(args[0]) > chan.ac_in_buffer_size:
            raise ScenarioError('read longer than in_buffer')
        if sock.closed:
            return  # PROTOCOL.md: a loop drops a closed channel
        sock.next_recv = args[0] if args[0] != 'error' else ('error', args[1])
        asyncore.read(chan)
    elif verb == 'write':
        if not sock.closed:
            asyncore.write(chan)
    elif verb == 'send_budget':
        sock.send_script.append(int(args[0]))
    elif verb == 'send_error':
        sock.send_script.append(args[0])
    elif verb == 'producer':
        chan.producers[args[0]] = args[1:]
    elif verb == 'on':
        chan.reactions.setdefault(int(args[1]), []).append(args[2:])
    else:
        try:
            perform(chan, verb, args)
        except ScenarioError:
            raise
        except Exception as e:  # the application's call raised
            chan.emit('raise', exception_kind(e))


# ---------------------------------------------------------------------------
# The framing table of reference/asynchat/testdata/cpython_framing_oracle.py

def framing_table():
    sys.path.insert(0, os.path.join(HERE, '..', '..', '..', 'reference', 'asynchat', 'testdata'))
    import cpython_framing_oracle as fo

    lines = ['asynchat-trace 1',
             'description "the framing cases of reference/asynchat/testdata/cpython_framing_oracle.py, '
             'one channel each (cases acting inside collect_incoming_data or raising are left out)"',
             'origin hand-written reference/asynchat/testdata/cpython_framing_oracle.py']
    cases = [c for c in fo.cases()
             if not (len(c) > 5 and c[5]) and fo.RAISE not in c[3].values()]
    for c in cases:
        lines.append('channel %s' % c[0])
    for name, t, chunks, on_found, before_read in (c[:5] for c in cases):
        lines.append('> %s set_terminator %s' % (name, fo.term_text(t)))
        for k, a in sorted(on_found.items()):
            lines.append('> %s on found_terminator %d %s' % (name, k + 1, fo.action_text(a)))
        for k, chunk in enumerate(chunks):
            if k in before_read:
                lines.append('> %s %s' % (name, fo.action_text(before_read[k])))
            lines.append(record('>', name, 'read', chunk))
    return '\n'.join(lines) + '\n'


def main(argv):
    if len(argv) == 1:
        sys.stdout.write(run(sys.stdin.read()))
    elif argv[1] == '--record' and len(argv) == 4:
        with open(argv[2]) as f:
            text = run(f.read())
        with open(argv[3], 'w') as f:
            f.write(text)
    elif argv[1] == '--check':
        bad = 0
        for path in argv[2:]:
            with open(path) as f:
                text = f.read()
            want = [l.strip() for l in text.splitlines() if l.strip().startswith('<')]
            got = [l.strip() for l in run(text).splitlines() if l.strip().startswith('<')]
            if want != got:
                bad += 1
                i = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
                print('%s: differs from CPython at output %d:\n  trace:   %s\n  CPython: %s'
                      % (path, i + 1, want[i] if i < len(want) else '(end)', got[i] if i < len(got) else '(end)'))
            else:
                print('%s: agrees with CPython (%d outputs)' % (path, len(want)))
        return 1 if bad else 0
    elif argv[1] == '--framing-table':
        sys.stdout.write(framing_table())
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
