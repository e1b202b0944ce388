"""An async_chat written for the suite's tests from the documents ([py3-asynchat]'s
async_chat, [py2-asyncore-ja]'s dispatcher), on the standard library's asyncore
dispatcher; not derived from CPython's asynchat.py. Where the documents are
silent it does what the suite's model does (conformance/model/README.md).

It is the common ground of the foreign fixtures beside it: each of them
changes one thing (lazy_push.py, broken_prefix.py, crash_on_send_error.py,
errors_via_loop.py), and conformance/foreign_fixtures_test.sh runs this
module too, as the control that passes."""

import collections
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import asyncore

_CLOSE = object()  # what close_when_done queues


class async_chat(asyncore.dispatcher):
    ac_in_buffer_size = 4096   # [py3-asynchat] gives 4096 for both
    ac_out_buffer_size = 4096

    def __init__(self, sock=None, map=None):
        self._unframed = b""               # read, not yet handed to collect_incoming_data
        self._queue = collections.deque()  # byte pieces, producers, _CLOSE
        asyncore.dispatcher.__init__(self, sock, map)

    # -- the application's side ---------------------------------------------

    def set_terminator(self, term):
        if isinstance(term, int) and term < 0:
            raise ValueError("a terminator count cannot be negative")
        self.terminator = term  # no terminator before the first call: reading fails

    def get_terminator(self):
        return self.terminator

    def collect_incoming_data(self, data):
        raise NotImplementedError

    def found_terminator(self):
        raise NotImplementedError

    def push(self, data):
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError("push takes bytes, bytearray or memoryview, not %s" % type(data).__name__)
        size = self.ac_out_buffer_size
        self._queue.extend(data[at:at + size] for at in range(0, len(data), size))
        if not data:
            self._queue.append(data)  # still offered once: a send of nothing
        self.initiate_send()

    def push_with_producer(self, producer):
        self._queue.append(producer)
        self.initiate_send()

    def close_when_done(self):
        self._queue.append(_CLOSE)

    def discard_buffers(self):
        self._unframed = b""
        self._queue.clear()

    # -- input -----------------------------------------------------------------

    def handle_read(self):
        try:
            data = self.recv(self.ac_in_buffer_size)
        except BlockingIOError:
            return
        except OSError:
            self.handle_error()
            return
        self._unframed += data
        self._frame()

    def _frame(self):
        # found_terminator may change the terminator or discard the rest, so
        # each step reads both afresh.
        while self._unframed:
            data = self._unframed
            term = self.get_terminator()
            if not term:  # None, b"" or a spent count: everything is data
                self._unframed = b""
                self.collect_incoming_data(data)
            elif isinstance(term, int):
                if len(data) < term:
                    self._unframed = b""
                    self.terminator = term - len(data)
                    self.collect_incoming_data(data)
                else:
                    self._unframed = data[term:]
                    self.terminator = 0
                    self.collect_incoming_data(data[:term])
                    self.found_terminator()
            else:
                at = data.find(term)
                if at >= 0:
                    self._unframed = data[at + len(term):]
                    if at:
                        self.collect_incoming_data(data[:at])
                    self.found_terminator()
                    continue
                keep = self.held_back(data, term)
                if keep == len(data):
                    return  # all of it may be the start of a terminator
                self._unframed = data[len(data) - keep:]
                self.collect_incoming_data(data[:len(data) - keep])
                if keep:
                    return

    def held_back(self, data, term):
        """How many bytes at the end of data may begin the terminator: kept
        for the next read instead of collected."""
        for n in range(min(len(term) - 1, len(data)), 0, -1):
            if data.endswith(term[:n]):
                return n
        return 0

    # -- output ----------------------------------------------------------------

    def readable(self):
        return True

    def writable(self):
        return bool(self._queue) or not self.connected

    def handle_write(self):
        self.initiate_send()

    def handle_close(self):
        self.close()

    def initiate_send(self):
        """At most one send(): of the head of the queue, after asking
        producers at the head for data and closing at a _CLOSE."""
        while self._queue and self.connected:
            head = self._queue[0]
            if head is _CLOSE:
                self._queue.popleft()
                self.handle_close()
                return
            if not isinstance(head, (bytes, bytearray, memoryview)):
                chunk = head.more()
                if chunk:
                    self._queue.appendleft(chunk)
                else:
                    self._queue.popleft()
                continue
            piece = head[:self.ac_out_buffer_size]
            if not piece:
                self._queue.popleft()
            sent = self.send_piece(piece)
            if sent:
                if head[sent:]:
                    self._queue[0] = head[sent:]
                else:
                    self._queue.popleft()
            return

    def send_piece(self, piece):
        """dispatcher.send (would-block: 0; a disconnect: closed, 0); any
        other error reaches handle_error."""
        try:
            return self.send(piece)
        except OSError:
            self.handle_error()
            return 0
