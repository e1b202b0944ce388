"""Deliberately wrong: readable() turns false while input is held back
unframed (the start of a possible terminator), as if the channel had to
digest it before reading more; but only more input can complete that
terminator, so a loop using it would stall. CPython 3.11's async_chat is
always readable (spec/SPEC.md chat.class.readable-writable)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handwritten_chat  # noqa: E402


class async_chat(handwritten_chat.async_chat):
    def readable(self):
        return not self._unframed
