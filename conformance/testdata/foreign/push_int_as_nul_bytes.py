"""Deliberately wrong: push() of an integer queues that many zero bytes, as
bytes(n) would make them, instead of refusing it (CPython's test_push:
push(10) raises TypeError). Everything else is handwritten_chat's. It fails
the push.object.* cases that push an integer and no other case."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handwritten_chat  # noqa: E402


class async_chat(handwritten_chat.async_chat):
    def push(self, data):
        if isinstance(data, int) and not isinstance(data, bool):
            data = bytes(data)  # push(10) -> b"\0" * 10
        handwritten_chat.async_chat.push(self, data)
