"""An async_chat written for the conformance suite's own tests: not CPython's
code, a small one of its own on top of asyncore, whose buffers are fixed.

It reads with recv(512) and sends at most 512 bytes at a time whatever
ac_in_buffer_size / ac_out_buffer_size say, and takes string and None
terminators only (an integer one raises TypeError). It declares both to the
Python adapter (conformance/README.md "Writing an adapter"), which passes
them on in its handshake:

    tools/bazel run //conformance -- --impl python:$PWD/conformance/testdata/foreign/fixed_buffers.py

Set FIXED_BUFFERS_SIZE in the environment to give it other fixed sizes (the
tests use 16 to check that a case reading more is refused, not run).
"""

import collections
import os
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # asyncore is deprecated from 3.6 on
    import asyncore

BUFFER_SIZE = int(os.environ.get("FIXED_BUFFERS_SIZE", "512"))

CONFORMANCE_FIXED_BUFFER_SIZES = (BUFFER_SIZE, BUFFER_SIZE)
CONFORMANCE_LACKS = ("int_terminator",)

_CLOSE = object()  # queued by close_when_done: close once everything before it is sent


def _held_prefix(data, terminator):
    """How many bytes at the end of data could begin the terminator."""
    for n in range(min(len(terminator) - 1, len(data)), 0, -1):
        if data.endswith(terminator[:n]):
            return n
    return 0


class async_chat(asyncore.dispatcher):
    ac_in_buffer_size = BUFFER_SIZE   # present for code that reads them; never used
    ac_out_buffer_size = BUFFER_SIZE

    def __init__(self, sock=None, map=None):
        self._pending = b""                   # received, not yet given to collect_incoming_data
        self._queue = collections.deque()     # bytes pieces, producers and _CLOSE
        self._terminator = None
        asyncore.dispatcher.__init__(self, sock, map)

    # -- what a subclass provides ------------------------------------------

    def collect_incoming_data(self, data):
        raise NotImplementedError("must be implemented in subclass")

    def found_terminator(self):
        raise NotImplementedError("must be implemented in subclass")

    # -- input -------------------------------------------------------------

    def set_terminator(self, term):
        if isinstance(term, int):
            raise TypeError("this async_chat takes string terminators and None only")
        if isinstance(term, str):
            term = term.encode("ascii")
        self._terminator = term

    def get_terminator(self):
        return self._terminator

    def handle_read(self):
        try:
            data = self.recv(BUFFER_SIZE)
        except BlockingIOError:
            return
        except OSError:
            self.handle_error()
            return
        self._pending += data
        while self._pending:
            term = self._terminator
            if not term:
                chunk, self._pending = self._pending, b""
                self.collect_incoming_data(chunk)
                continue
            at = self._pending.find(term)
            if at >= 0:
                message = self._pending[:at]
                self._pending = self._pending[at + len(term):]
                if message:
                    self.collect_incoming_data(message)
                self.found_terminator()
                continue
            keep = _held_prefix(self._pending, term)
            if keep == len(self._pending):
                break
            chunk = self._pending[:len(self._pending) - keep]
            self._pending = self._pending[len(self._pending) - keep:]
            self.collect_incoming_data(chunk)
            if keep:
                break

    # -- output ------------------------------------------------------------

    def push(self, data):
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError("data argument must be byte-ish (%r)" % type(data))
        data = bytes(data)
        for at in range(0, len(data), BUFFER_SIZE):
            self._queue.append(data[at:at + BUFFER_SIZE])
        self.initiate_send()

    def push_with_producer(self, producer):
        self._queue.append(producer)
        self.initiate_send()

    def close_when_done(self):
        self._queue.append(_CLOSE)

    def discard_buffers(self):
        self._pending = b""
        self._queue.clear()

    def readable(self):
        return True

    def writable(self):
        return bool(self._queue) or not self.connected

    def handle_write(self):
        self.initiate_send()

    def handle_close(self):
        self.close()

    def initiate_send(self):
        while self._queue and self.connected:
            head = self._queue[0]
            if head is _CLOSE:
                self._queue.popleft()
                self.handle_close()
                return
            if not isinstance(head, bytes):
                more = head.more()
                if more:
                    self._queue.appendleft(bytes(more))
                else:
                    self._queue.popleft()
                continue
            if not head:
                self._queue.popleft()
                continue
            offered = head[:BUFFER_SIZE]
            try:
                sent = self.send(offered)
            except OSError:
                self.handle_error()
                return
            if sent:
                rest = head[sent:]
                if rest:
                    self._queue[0] = rest
                else:
                    self._queue.popleft()
            return
