"""echo_server_check.py: what tools/loadgen does not exercise, checked on one
echo server over 127.0.0.1 (used by echo_peers_test for the library peers).

Starts CMD (it must print "port N"), then, on a few connections at once:
- pipelined: 24 messages of 0 B to 200 KiB sent back to back without reading
  (so the server meets a full socket buffer, partial writes and its own flow
  control), then every echoed byte read and compared, in order;
- bad input: a command that is not "ECHO <digits>\\n" makes the server close
  that connection (and only that one).
Every wait is bounded (10 s); exit 0 when all held, 1 naming what did not.

usage: python3 echo_server_check.py CMD [ARG...]
"""
import random
import selectors
import socket
import subprocess
import sys
import time

TIMEOUT = 10.0


def start(cmd):
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if line.startswith("port "):
            return proc, int(line.split()[1])
    proc.kill()
    raise SystemExit("FAIL: %s printed no \"port N\" line" % cmd[0])


def payload(n, seed):
    rnd = random.Random(seed)
    return bytes(rnd.getrandbits(8) for _ in range(min(n, 4096))) * (n // 4096 + 1)


def pipelined(port, connections=3, messages=24):
    """Sends everything on every connection before reading; returns a list of problems."""
    sel = selectors.DefaultSelector()
    state = {}
    for k in range(connections):
        s = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        s.setblocking(False)
        rnd = random.Random(k)
        sizes = [0, 1, 65536 - 11, 65536, 65537, 200 * 1024] + [rnd.randrange(0, 200 * 1024) for _ in
                                                                 range(messages - 6)]
        rnd.shuffle(sizes)
        out = bytearray()
        expected = bytearray()
        for i, n in enumerate(sizes):
            data = payload(n, k * 1000 + i)[:n]
            out += b"ECHO %d\n" % n + data
            expected += data
        state[s] = dict(out=out, sent=0, expected=bytes(expected), got=bytearray(), k=k)
        sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE)
    problems = []
    deadline = time.monotonic() + TIMEOUT
    while state and time.monotonic() < deadline:
        for key, events in sel.select(timeout=0.5):
            s, st = key.fileobj, state[key.fileobj]
            if events & selectors.EVENT_WRITE and st["sent"] < len(st["out"]):
                st["sent"] += s.send(st["out"][st["sent"]:st["sent"] + 262144])
                if st["sent"] == len(st["out"]):
                    sel.modify(s, selectors.EVENT_READ)
            if events & selectors.EVENT_READ:
                chunk = s.recv(262144)
                if not chunk:
                    problems.append("connection %d closed after %d of %d echoed bytes" % (
                        st["k"], len(st["got"]), len(st["expected"])))
                else:
                    st["got"] += chunk
                if not chunk or len(st["got"]) >= len(st["expected"]):
                    if chunk and bytes(st["got"]) != st["expected"]:
                        at = next(i for i, (a, b) in enumerate(zip(st["got"], st["expected"])) if a != b) \
                            if len(st["got"]) == len(st["expected"]) else len(st["expected"])
                        problems.append("connection %d: echoed bytes differ from byte %d on (got %d bytes, "
                                        "sent %d)" % (st["k"], at, len(st["got"]), len(st["expected"])))
                    sel.unregister(s)
                    s.close()
                    del state[s]
    for s, st in state.items():
        problems.append("connection %d: %d of %d echoed bytes after %.0f s" % (
            st["k"], len(st["got"]), len(st["expected"]), TIMEOUT))
        s.close()
    return problems


def bad_input(port):
    good = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    problems = []
    for bad in (b"PING 3\nabc", b"ECHO 1x\na", b"ECHO 1048577\n", b"E" * 64):
        s = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        s.sendall(bad)
        try:
            if s.recv(1) != b"":
                problems.append("%r: the server answered instead of closing" % bad)
        except socket.timeout:
            problems.append("%r: the connection was still open after %.0f s" % (bad, TIMEOUT))
        except ConnectionResetError:
            pass  # closed with unread input: a reset is a close too
        s.close()
    good.sendall(b"ECHO 5\nhello")  # the connection opened before is unaffected
    got = b""
    while len(got) < 5:
        chunk = good.recv(5 - len(got))
        if not chunk:
            break
        got += chunk
    if got != b"hello":
        problems.append("a good connection got %r after the bad ones, not b'hello'" % got)
    good.close()
    return problems


def main(cmd):
    if not cmd:
        raise SystemExit(__doc__)
    proc, port = start(cmd)
    try:
        problems = ["pipelined: " + p for p in pipelined(port)] + ["bad input: " + p for p in bad_input(port)]
        if proc.poll() is not None:
            problems.append("the server exited with status %d" % proc.returncode)
    finally:
        proc.terminate()
        proc.wait(timeout=TIMEOUT)
    for p in problems:
        print("FAIL: %s: %s" % (" ".join(cmd[:1]), p))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
