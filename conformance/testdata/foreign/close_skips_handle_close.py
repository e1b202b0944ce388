"""Deliberately broken: when the close_when_done marker reaches the head of
the queue the channel calls close() itself instead of handle_close() (as
medusa's asynchat_25 does), so an application's handle_close() never learns
of that close (spec/SPEC.md core.handle-close.occasions). Every byte sent and
the close itself still agree; only the version-2 handle_close record is
missing. Run by //conformance:observe_fixtures_test."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handwritten_chat  # noqa: E402


class async_chat(handwritten_chat.async_chat):
    def initiate_send(self):
        if self._queue and self.connected and self._queue[0] is handwritten_chat._CLOSE:
            self._queue.popleft()
            self.close()  # the mistake: handle_close() is skipped
            return
        handwritten_chat.async_chat.initiate_send(self)
