"""Deliberately broken: a string terminator is only found when it arrives
whole in one read. Nothing is held back at the end of a read, so a
terminator split across two reads (003: the terminator may arrive in any
chunking) is collected as data and never found."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handwritten_chat  # noqa: E402


class async_chat(handwritten_chat.async_chat):
    def held_back(self, data, term):
        return 0
