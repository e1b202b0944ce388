#!/usr/bin/python3
"""framing_cpython: CPython 3.11's stdlib asynchat splitting a stream held in
memory, timed the way //tools/bench:framing_vs_cpython times the reference's
FramingCore (it writes the stream to a file, runs this script with --samples 1
once per round of each stream, right after that round's reference samples,
and checks that both sides saw the same terminators and bytes).

An asynchat.async_chat subclass without a socket (sock=None, map={}) whose
recv() returns the next read_size bytes of the stream; ac_in_buffer_size is
the read size, so asynchat's own, unmodified handle_read() asks for exactly
one read. collect_incoming_data() sums lengths and found_terminator()
re-arms exactly as SumHandler in tools/bench/framing_streams.cc does:
count100 re-arms 100, http alternates b"\\r\\n\\r\\n" headers with a body of
the next Content-Length (given by --body-lengths, one per line). handle_read()
is called until the stream is consumed.

  /usr/bin/python3 tools/bench/framing_cpython.py --stream lf64 --data FILE \\
      [--body-lengths FILE] [--read-sizes 1,7,512,4096,65536] [--min-time 0.1] \\
      [--samples 3] [--quiet] [--out FILE]

One JSON line per read size goes to --out (default stdout): bytes framed per
pass, bytes collected, terminators found, and each sample's CPU time of this
thread per byte (whole passes, repeated until --min-time; a pass that takes
longer is one sample by itself); only the passes are timed, never the
interpreter's start-up or the reading of the files. Progress goes to stderr
(none with --quiet). Exit status: 0 done, 1 a failure, 2 bad usage.
"""

import argparse
import json
import sys
import time
import warnings

warnings.simplefilter('ignore', DeprecationWarning)

import asynchat  # noqa: E402  (deprecated in 3.11, gone in 3.12)

INITIAL_TERMINATOR = {
    'lf64': b'\n',
    'dot1k': b'\r\n.\r\n',
    'count100': 100,
    'http': b'\r\n\r\n',
}


class MemoryChat(asynchat.async_chat):
    """One pass over `data` in reads of `read_size` bytes."""

    def __init__(self, stream, data, body_lengths, read_size):
        super().__init__(sock=None, map={})
        self.ac_in_buffer_size = read_size
        self.stream = stream
        self.data = data
        self.pos = 0
        self.read_size = read_size
        self.body_lengths = body_lengths
        self.request = 0
        self.in_headers = True
        self.collected = 0
        self.found = 0
        self.set_terminator(INITIAL_TERMINATOR[stream])

    def recv(self, buffer_size):
        pos = self.pos
        chunk = self.data[pos:pos + min(buffer_size, self.read_size)]
        self.pos = pos + len(chunk)
        return chunk

    def collect_incoming_data(self, data):
        self.collected += len(data)

    def found_terminator(self):
        self.found += 1
        if self.stream == 'count100':
            self.set_terminator(100)
        elif self.stream == 'http':
            if self.in_headers:
                self.set_terminator(self.body_lengths[self.request])
                self.request += 1
            else:
                self.set_terminator(b'\r\n\r\n')
            self.in_headers = not self.in_headers


def one_pass(stream, data, body_lengths, read_size):
    chat = MemoryChat(stream, data, body_lengths, read_size)
    end = len(data)
    handle_read = chat.handle_read
    while chat.pos < end:
        handle_read()
    return chat


def measure(args, data, body_lengths, read_size):
    samples = []
    chat = None
    for _ in range(args.samples):
        passes = 0
        started = time.thread_time_ns()
        while True:
            chat = one_pass(args.stream, data, body_lengths, read_size)
            passes += 1
            elapsed = time.thread_time_ns() - started
            if elapsed >= args.min_time * 1e9:
                break
        samples.append(elapsed / (passes * len(data)))
    return {'stream': args.stream, 'read_size': read_size, 'bytes': len(data), 'collected': chat.collected,
            'found': chat.found, 'ns_per_byte': samples, 'python': sys.version.split()[0]}


def main(argv):
    p = argparse.ArgumentParser(prog='framing_cpython.py', description=__doc__.split('\n\n')[0])
    p.add_argument('--stream', required=True, choices=sorted(INITIAL_TERMINATOR))
    p.add_argument('--data', required=True, help='the stream, raw bytes')
    p.add_argument('--body-lengths', help='http: Content-Length of each request, one per line')
    p.add_argument('--read-sizes', default='1,7,512,4096,65536')
    p.add_argument('--min-time', type=float, default=0.1, help='CPU seconds of passes per sample')
    p.add_argument('--samples', type=int, default=3)
    p.add_argument('--quiet', action='store_true', help='no progress lines')
    p.add_argument('--out', help='write the JSON lines here instead of stdout')
    args = p.parse_args(argv)
    try:
        read_sizes = [int(x) for x in args.read_sizes.split(',')]
    except ValueError:
        p.error('--read-sizes: not a comma-separated list of integers: %r' % args.read_sizes)
    if any(r < 1 for r in read_sizes) or args.samples < 1 or args.min_time < 0:
        p.error('read sizes and --samples must be >= 1, --min-time >= 0')
    if args.stream == 'http' and not args.body_lengths:
        p.error('--stream http needs --body-lengths')
    with open(args.data, 'rb') as f:
        data = f.read()
    body_lengths = []
    if args.body_lengths:
        with open(args.body_lengths) as f:
            body_lengths = [int(line) for line in f if line.strip()]
    out = open(args.out, 'w') if args.out else sys.stdout
    try:
        for read_size in read_sizes:
            cell = measure(args, data, body_lengths, read_size)
            if not args.quiet:
                print('framing_cpython: %s read %d: %.2f MB/s (%d found, %d bytes collected)' % (
                    args.stream, read_size, 1e3 / min(cell['ns_per_byte']), cell['found'], cell['collected']),
                    file=sys.stderr, flush=True)
            out.write(json.dumps(cell) + '\n')
            out.flush()
    except Exception as e:  # noqa: BLE001  (any failure is reported, never a slow result)
        print('framing_cpython: %s: %s: %s' % (args.stream, type(e).__name__, e), file=sys.stderr)
        return 1
    finally:
        if args.out:
            out.close()
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
