"""Deliberately wrong listener: its default handle_accept() takes the
connection with accept() and then drops it, never calling handle_accepted(),
as a port that kept Python 2's "unhandled accept event" default but accepts
first might. A Python 3 server, which overrides only handle_accepted(), never
makes a channel (spec/SPEC.md core.accept.handle-accepted); a Python 2
server, which overrides handle_accept() itself, is not affected. Otherwise it
is handwritten_chat.py on the standard library's asyncore loop."""

import os
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
    def handle_accept(self):
        self.accept()
        self.log_info("unhandled accept event", "warning")


class async_chat(handwritten_chat.async_chat, dispatcher):
    pass
