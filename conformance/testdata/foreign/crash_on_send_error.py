"""Deliberately broken: sends go straight to the socket, bypassing
dispatcher.send and any handling, so an error from send() (would-block and
the disconnect errnos included) escapes handle_write, or push() when it
sends at once. asyncore's loop then calls handle_error (004: "an exception is
raised and not otherwise handled"); out of push() it reaches the
application. CPython's asyncore closes quietly on a disconnect and sends
nothing on a would-block: here every one is an error the expected
transcript lacks."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handwritten_chat  # noqa: E402


class async_chat(handwritten_chat.async_chat):
    def send_piece(self, piece):
        return self.socket.send(piece)
