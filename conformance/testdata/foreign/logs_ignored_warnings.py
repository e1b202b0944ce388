"""Deliberately wrong: log_info() writes every message, whatever
ignore_log_types holds, so the default handlers' "unhandled ... event"
warnings are logged (CPython ignores the type warning by default; medusa's
log_info behaves like this one). Everything else is handwritten_chat's. It
fails log.connect.warning_ignored_by_default and no other case."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handwritten_chat  # noqa: E402


class async_chat(handwritten_chat.async_chat):
    def log_info(self, message, type="info"):
        print("%s: %s" % (type, message))
