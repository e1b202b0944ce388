"""Deliberately broken: every read asks recv() for 4096 bytes, whatever
ac_in_buffer_size the channel was given ([py3-asynchat]: ac_in_buffer_size is
the channel's input buffer size; spec/SPEC.md chat.recv.size). On a channel
with the default size it is right by accident; on any other its recv records
(version 2) show the wrong size, while every collect and found_terminator
may still agree. Run by //conformance:observe_fixtures_test."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handwritten_chat  # noqa: E402

WRONG_READ_SIZE = 4096


class async_chat(handwritten_chat.async_chat):
    def handle_read(self):
        try:
            data = self.recv(WRONG_READ_SIZE)
        except BlockingIOError:
            return
        except OSError:
            self.handle_error()
            return
        self._unframed += data
        self._frame()
