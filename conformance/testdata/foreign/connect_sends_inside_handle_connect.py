"""Deliberately wrong: the channel counts as connected before its
handle_connect() runs, so output pushed there goes out at once, from inside
the push, ahead of the event's own handler. CPython 3.11 marks the channel
connected only after handle_connect() returns (spec/SPEC.md
core.event.connect-before-connected): such a push waits for a write event,
and a close() inside handle_connect() is followed by connected = True."""

import os
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handwritten_chat  # noqa: E402


class async_chat(handwritten_chat.async_chat):
    def handle_connect_event(self):
        err = self.socket.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if err != 0:
            raise OSError(err, os.strerror(err))
        self.connected = True
        self.connecting = False
        self.handle_connect()
