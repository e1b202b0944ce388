#!/usr/bin/python3
"""loop_scale_cpython: microseconds per pass of CPython 3.11's asyncore.loop
against the number of idle channels, measured the way //tools/bench:loop_scale
measures the C++ reference (it runs this script and merges the cells).

For each idle count it opens that many loopback TCP connections whose far ends
a child process holds and never uses, wraps the near ends in asynchat
channels with nothing to send (terminator b"\\n": readable, not writable),
adds one active pair bouncing one byte (one read event, one
found_terminator() and one push() per pass), and times
asyncore.loop(timeout=1, use_poll=..., map=m, count=16) batches for select
and poll (asyncore has no epoll), alternating them from round to round. A
select over a descriptor >= FD_SETSIZE raises ValueError in CPython: that cell
says "refused".

  /usr/bin/python3 tools/bench/loop_scale_cpython.py [--quick] [--markdown] [--json FILE]

Progress goes to stderr, the table to stdout. Exit status: 0 done, 1 a
measurement failed, 2 bad usage.
"""

import argparse
import json
import os
import platform
import resource
import select
import socket
import sys
import time
import warnings

warnings.simplefilter('ignore', DeprecationWarning)

import asynchat  # noqa: E402  (deprecated in 3.11, gone in 3.12)
import asyncore  # noqa: E402

PASS_TIMEOUT = 1.0
BATCH = 16
SPARE_DESCRIPTORS = 64
BACKENDS = ('select', 'poll')


def progress(msg):
    print('loop_scale_cpython: ' + msg, file=sys.stderr, flush=True)


def ensure_fd_limit(needed):
    """Raises the soft RLIMIT_NOFILE towards `needed` (never above the hard
    limit); returns (enough, soft, message)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    inf = resource.RLIM_INFINITY
    if soft == inf or soft >= needed:
        return True, soft, 'RLIMIT_NOFILE soft limit %s allows %d descriptors' % (soft, needed)
    target = needed if hard == inf or hard >= needed else hard
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    except (ValueError, OSError) as e:
        return False, soft, 'cannot raise RLIMIT_NOFILE soft limit from %d to %d: %s' % (soft, target, e)
    if target >= needed:
        return True, target, 'raised RLIMIT_NOFILE soft limit from %d to %d' % (soft, target)
    return False, target, ('RLIMIT_NOFILE hard limit %d is below the %d descriptors needed (soft limit raised '
                           'from %d to it; raise the hard limit, e.g. `ulimit -Hn %d` as root)'
                           % (hard, needed, soft, needed))


class IdleConnections:
    """n connected loopback TCP connections whose far ends a forked child
    holds without using them; the near ends stay quiet while this lives."""

    def __init__(self, n):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(('127.0.0.1', 0))
        listener.listen(socket.SOMAXCONN)
        port = listener.getsockname()[1]
        status_r, status_w = os.pipe()
        control_r, control_w = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            self._hold_far_ends(n, port, status_w, control_r)
        os.close(status_w)
        os.close(control_r)
        self.pid = pid
        self.control = control_w
        self.near = []
        said = b''
        child_done = False
        try:
            poller = select.poll()
            poller.register(listener.fileno(), select.POLLIN)
            poller.register(status_r, select.POLLIN)
            while len(self.near) < n or not child_done:
                events = poller.poll(30000)
                if not events:
                    raise RuntimeError('no progress in 30 s after %d of %d idle connections' % (len(self.near), n))
                for fd, ev in events:
                    if fd == listener.fileno():
                        conn, _ = listener.accept()
                        self.near.append(conn)
                        if n >= 5000 and len(self.near) % 1000 == 0:
                            progress('  %d/%d' % (len(self.near), n))
                    else:
                        chunk = os.read(status_r, 512)
                        if not chunk and not said:
                            raise RuntimeError('the child holding idle connections exited unexpectedly')
                        said += chunk
                        if b'\n' in said:
                            line = said.decode(errors='replace').strip()
                            if line != 'ok':
                                raise RuntimeError(line)
                            child_done = True
                            poller.unregister(status_r)
        except BaseException:
            self.close()
            raise
        finally:
            listener.close()
            os.close(status_r)

    @staticmethod
    def _hold_far_ends(n, port, status, control):
        try:
            soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
            top = soft if soft != resource.RLIM_INFINITY else 65536
            lo, hi = sorted((status, control))
            os.closerange(3, lo)
            os.closerange(lo + 1, hi)
            os.closerange(hi + 1, top)
            far = []
            for i in range(n):
                try:
                    far.append(socket.create_connection(('127.0.0.1', port)))
                except OSError as e:
                    os.write(status, ('child: connect() for connection %d of %d: %s\n' % (i + 1, n, e)).encode())
                    os._exit(1)
            os.write(status, b'ok\n')
            while True:
                try:
                    if not os.read(control, 1):
                        break
                except InterruptedError:
                    continue
        finally:
            os._exit(0)

    def close(self):
        for s in self.near:
            s.close()
        self.near = []
        if self.control is not None:
            os.close(self.control)
            self.control = None
            os.waitpid(self.pid, 0)


class IdleChat(asynchat.async_chat):
    def __init__(self, sock, chan_map, counter):
        asynchat.async_chat.__init__(self, sock, chan_map)
        self.counter = counter
        self.set_terminator(b'\n')

    def collect_incoming_data(self, data):
        self.counter[0] += 1

    def found_terminator(self):
        self.counter[0] += 1

    def handle_close(self):
        self.counter[0] += 1
        self.close()


class BouncingChat(asynchat.async_chat):
    def __init__(self, sock, chan_map):
        asynchat.async_chat.__init__(self, sock, chan_map)
        self.bounces = 0
        self.set_terminator(1)

    def collect_incoming_data(self, data):
        pass

    def found_terminator(self):
        self.bounces += 1
        self.set_terminator(1)
        self.push(b'x')

    def handle_close(self):
        self.close()
        raise RuntimeError('the active pair closed')

    def handle_error(self):
        raise  # a bench failure must not be swallowed


def bouncing_pair(chan_map):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(('127.0.0.1', 0))
    listener.listen(1)
    client = socket.create_connection(listener.getsockname())
    server, _ = listener.accept()
    listener.close()
    a = BouncingChat(client, chan_map)
    b = BouncingChat(server, chan_map)
    a.push(b'x')
    return a, b


def measure(chan_map, use_poll, seconds, bounces):
    """(seconds, passes, events) of loop batches until `seconds` passed."""
    passes = 0
    before = bounces()
    start = time.perf_counter()
    while True:
        asyncore.loop(timeout=PASS_TIMEOUT, use_poll=use_poll, map=chan_map, count=BATCH)
        passes += BATCH
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return elapsed, passes, bounces() - before


def measure_idle_count(args, idle, cells):
    progress('opening %d idle loopback connections' % idle)
    conns = IdleConnections(idle)
    chan_map = {}
    counter = [0]
    channels = []
    ok = True
    try:
        for sock in conns.near:
            channels.append(IdleChat(sock, chan_map, counter))
        a, b = bouncing_pair(chan_map)

        def bounces():
            return a.bounces + b.bounces

        mine = [cells[(backend, idle)] for backend in BACKENDS]
        for rnd in range(args.rounds):
            for k in range(len(BACKENDS)):
                i = (k + rnd) % len(BACKENDS)
                backend, cell = BACKENDS[i], mine[i]
                if cell['status'] != 'ok':
                    continue
                try:
                    measure(chan_map, backend == 'poll', args.seconds / 4, bounces)  # warm-up
                    secs, passes, events = measure(chan_map, backend == 'poll', args.seconds, bounces)
                except ValueError as e:  # select.select: filedescriptor out of range
                    cell.update(status='refused', note='select(): %s (a descriptor >= FD_SETSIZE)' % e,
                                us_per_pass=[])
                    progress('%d idle, %s: refused: %s' % (idle, backend, e))
                    continue
                except Exception as e:  # noqa: BLE001 (reported, then the run fails)
                    cell.update(status='failed', note='%s: %s' % (type(e).__name__, e))
                    progress('%d idle, %s: failed: %s' % (idle, backend, e))
                    ok = False
                    continue
                us = secs * 1e6 / passes
                cell['us_per_pass'].append(us)
                cell['passes'] += passes
                cell['events_per_pass'] = events / passes
                progress('round %d/%d, %d idle, %-7s %12.2f us/pass (%d passes, %.2f events/pass)'
                         % (rnd + 1, args.rounds, idle, backend, us, passes, events / passes))
        if counter[0]:
            progress('%d idle: the idle channels received %d events; results are not valid' % (idle, counter[0]))
            for cell in mine:
                cell.update(status='failed', note='idle channels were not idle')
            ok = False
    finally:
        for ch in list(chan_map.values()):
            ch.close()
        conns.close()
    return ok


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def number(v):
    return '%.0f' % v if v >= 100 else '%.1f' % v if v >= 10 else '%.2f' % v


def cell_text(cell):
    if cell['status'] != 'ok':
        return cell['status']
    xs = cell['us_per_pass']
    if not xs:
        return '-'
    return '%s (%s-%s)' % (number(median(xs)), number(min(xs)), number(max(xs)))


def machine():
    cpu = 'unknown'
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    cpu = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    return {'nproc': os.cpu_count(), 'cpu': cpu}


def render(doc, markdown):
    cols = ['select', 'poll']
    m = doc['machine']
    caption = ('microseconds per loop pass, median of %d rounds (min-max); one active pair bouncing a byte plus N idle '
               'loopback TCP channels; nproc %s, %s; CPython %s' % (doc['rounds'], m['nproc'], m['cpu'], doc['python']))
    by = {(c['backend'], c['idle']): c for c in doc['cells']}
    idle = doc['idle']
    rows = [['idle'] + ['CPython ' + c for c in cols]]
    for n in idle:
        rows.append([str(n)] + [cell_text(by[(c, n)]) for c in cols])
    if len(idle) >= 2:
        growth = []
        for c in cols:
            lo, hi = by[(c, idle[0])], by[(c, idle[-1])]
            if lo['status'] == hi['status'] == 'ok' and lo['us_per_pass'] and hi['us_per_pass']:
                growth.append('%.2fx' % (median(hi['us_per_pass']) / median(lo['us_per_pass'])))
            else:
                growth.append('-')
        rows.append(['growth %d / %d' % (idle[-1], idle[0])] + growth)
    notes = []
    for c in doc['cells']:
        if c['status'] != 'ok' and c['note']:
            line = 'CPython %s, %d idle: %s (%s)' % (c['backend'], c['idle'], c['status'], c['note'])
            if line not in notes:
                notes.append(line)
    if markdown:
        out = ['Loop pass cost (CPython asyncore): %s.' % caption, '`%s`' % doc['command'], '']
        out.append('| idle channels | ' + ' | '.join(rows[0][1:]) + ' |')
        out.append('| ---: |' + ' ---: |' * len(cols))
        for r in rows[1:]:
            out.append('| ' + ' | '.join(r) + ' |')
        if notes:
            out.append('')
            out.extend('- ' + n for n in notes)
        return '\n'.join(out) + '\n'
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = ['loop_scale_cpython: ' + caption]
    for r in rows:
        out.append('  '.join(x.ljust(w) for x, w in zip(r, widths)).rstrip())
    out.extend('note: ' + n for n in notes)
    return '\n'.join(out) + '\n'


def parse_idle(text):
    try:
        values = sorted({int(x) for x in text.split(',') if x.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError('expected comma-separated positive integers, got %r' % text)
    if not values or values[0] <= 0:
        raise argparse.ArgumentTypeError('expected comma-separated positive integers, got %r' % text)
    return values


def positive_float(text):
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError('expected a positive number, got %r' % text)
    if not v > 0:
        raise argparse.ArgumentTypeError('expected a positive number, got %r' % text)
    return v


def positive_int(text):
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError('expected a positive integer, got %r' % text)
    if v <= 0:
        raise argparse.ArgumentTypeError('expected a positive integer, got %r' % text)
    return v


def main(argv):
    ap = argparse.ArgumentParser(
        prog='loop_scale_cpython.py',
        description='Microseconds per CPython asyncore.loop pass (select, poll) with 1 active pair plus N idle '
                    'loopback channels. Progress on stderr, the table on stdout.')
    ap.add_argument('--idle', type=parse_idle, default=[10, 1000, 10000],
                    help='idle channel counts, comma-separated (default 10,1000,10000)')
    ap.add_argument('--rounds', type=positive_int, default=None, help='samples per cell (default 5; --quick 2)')
    ap.add_argument('--seconds', type=positive_float, default=None,
                    help='seconds of passes per sample (default 0.3; --quick 0.05)')
    ap.add_argument('--quick', action='store_true', help='2 rounds of 0.05 s per cell')
    ap.add_argument('--markdown', action='store_true', help='print a self-contained markdown table')
    ap.add_argument('--json', metavar='FILE', help='also write the results as JSON to FILE')
    args = ap.parse_args(argv)
    if args.rounds is None:
        args.rounds = 2 if args.quick else 5
    if args.seconds is None:
        args.seconds = 0.05 if args.quick else 0.3

    cells = {}
    for n in args.idle:
        for backend in BACKENDS:
            cells[(backend, n)] = {'impl': 'cpython', 'backend': backend, 'idle': n, 'status': 'ok', 'note': '',
                                   'us_per_pass': [], 'events_per_pass': 0.0, 'passes': 0}
    enough, soft, message = ensure_fd_limit(args.idle[-1] + SPARE_DESCRIPTORS)
    progress(message)
    ok = True
    for n in args.idle:
        if n + SPARE_DESCRIPTORS > soft:
            for backend in BACKENDS:
                cells[(backend, n)].update(status='not run', note=message)
            progress('%d idle: not run: %s' % (n, message))
            continue
        try:
            ok = measure_idle_count(args, n, cells) and ok
        except Exception as e:  # noqa: BLE001
            progress('%d idle: %s' % (n, e))
            for backend in BACKENDS:
                cells[(backend, n)].update(status='failed', note=str(e))
            ok = False
    doc = {
        'tool': 'loop_scale_cpython',
        'command': 'python3 tools/bench/loop_scale_cpython.py ' + ' '.join(argv),
        'machine': machine(),
        'python': platform.python_version(),
        'rounds': args.rounds,
        'seconds_per_cell': args.seconds,
        'idle': args.idle,
        'cells': [dict(c, median_us=median(c['us_per_pass']) if c['us_per_pass'] else 0.0) for c in cells.values()],
    }
    sys.stdout.write(render(doc, args.markdown))
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(doc, f, indent=2)
            f.write('\n')
        progress('wrote ' + args.json)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
