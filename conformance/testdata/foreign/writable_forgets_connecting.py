"""Deliberately wrong: writable() is only "is anything queued", forgetting
the channel that is still connecting. CPython 3.11's async_chat is also
writable while not connected (spec/SPEC.md chat.class.readable-writable),
which is how a loop hands a connecting channel the write event that
completes its connection; this one would wait for a read event or a push."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handwritten_chat  # noqa: E402


class async_chat(handwritten_chat.async_chat):
    def writable(self):
        return bool(self._queue)
