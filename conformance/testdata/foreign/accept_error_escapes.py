"""Deliberately wrong listener: its dispatcher.accept() answers None only
when accept() would block, so a connection the peer aborted before it was
accepted (ECONNABORTED) raises out of handle_accept into handle_error, which
closes the listener, as medusa's asyncore_25 does. CPython's accept() counts
it as nothing to accept and the listener keeps listening
(spec/SPEC.md core.accept.aborted). Otherwise it is handwritten_chat.py on
the standard library's asyncore loop."""

import os
import socket
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handwritten_chat  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import asyncore

# The loop the adapter drives is this module's (it holds the dispatcher).
from asyncore import ExitNow, dispatcher_with_send, poll, read, write  # noqa: E402,F401


class dispatcher(asyncore.dispatcher):
    def accept(self):
        try:
            return self.socket.accept()
        except BlockingIOError:
            return None
        except socket.error:
            raise


class async_chat(handwritten_chat.async_chat, dispatcher):
    pass
