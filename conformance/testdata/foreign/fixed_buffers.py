"""An async_chat for the conformance suite's own tests, not CPython's code:
handwritten_chat.py (beside it) with its buffers fixed.

It reads with recv(512) and sends at most 512 bytes at a time whatever
ac_in_buffer_size / ac_out_buffer_size are set to, and takes string and None
terminators only (an integer one raises TypeError). It declares both to the
Python adapter (conformance/README.md "Fixed buffer sizes"), which passes
them on in its handshake:

    tools/bazel run //conformance -- --impl python:$PWD/conformance/testdata/foreign/fixed_buffers.py

Set FIXED_BUFFERS_SIZE in the environment to give it other fixed sizes (the
tests use 16 to check that a case reading more is refused, not run).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handwritten_chat  # noqa: E402

BUFFER_SIZE = int(os.environ.get("FIXED_BUFFERS_SIZE", "512"))

CONFORMANCE_FIXED_BUFFER_SIZES = (BUFFER_SIZE, BUFFER_SIZE)
CONFORMANCE_LACKS = ("int_terminator",)


def _fixed(self):
    return BUFFER_SIZE


def _ignored(self, value):
    pass  # an application may set the sizes; this implementation keeps its own


class async_chat(handwritten_chat.async_chat):
    ac_in_buffer_size = property(_fixed, _ignored)
    ac_out_buffer_size = property(_fixed, _ignored)

    def set_terminator(self, term):
        if isinstance(term, int):
            raise TypeError("this async_chat takes string and None terminators only, not %r" % (term,))
        handwritten_chat.async_chat.set_terminator(self, term)
