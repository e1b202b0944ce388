"""Deliberately wrong: push_with_producer() takes producers only and refuses
a bytes object with TypeError (CPython's test_string_producer sends one as
data). Everything else is handwritten_chat's. It fails the producer.bytes.*
cases and no other case."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handwritten_chat  # noqa: E402


class async_chat(handwritten_chat.async_chat):
    def push_with_producer(self, producer):
        if isinstance(producer, (bytes, bytearray, memoryview)):
            raise TypeError("push_with_producer takes a producer, not %s" % type(producer).__name__)
        handwritten_chat.async_chat.push_with_producer(self, producer)
