"""Deliberately wrong: the channel's own close paths (end of file, a
disconnect errno on recv or send, the close_when_done marker, handle_error)
call close() directly instead of self.handle_close(), so an application
that overrides handle_close() is never told and cannot keep the channel
open. CPython 3.11 sends each of them through handle_close() (spec/SPEC.md
core.handle-close.override)."""

import errno
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handwritten_chat  # noqa: E402

_DISCONNECTED = frozenset((errno.ECONNRESET, errno.ENOTCONN, errno.ESHUTDOWN, errno.ECONNABORTED, errno.EPIPE,
                           errno.EBADF))


class async_chat(handwritten_chat.async_chat):
    def recv(self, buffer_size):
        try:
            data = self.socket.recv(buffer_size)
        except OSError as why:
            if why.errno in _DISCONNECTED:
                self.close()
                return b""
            raise
        if not data:
            self.close()
        return data

    def send(self, data):
        try:
            return self.socket.send(data)
        except OSError as why:
            if why.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
                return 0
            if why.errno in _DISCONNECTED:
                self.close()
                return 0
            raise

    def handle_error(self):
        self.close()

    def initiate_send(self):
        if self._queue and self._queue[0] is handwritten_chat._CLOSE and self.connected:
            self._queue.popleft()
            self.close()
            return
        handwritten_chat.async_chat.initiate_send(self)
