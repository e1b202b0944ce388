"""Deliberately different: push() and push_with_producer() only queue; the
data goes out at the next write event, never from inside the call. [py3-asynchat] says
push queues data to ensure its transmission and no more: when the first send
happens is CPython's decision (it tries at once), so this is a difference in
timing, not in what is sent."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handwritten_chat  # noqa: E402


class async_chat(handwritten_chat.async_chat):
    def push(self, data):
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError("push takes bytes, bytearray or memoryview, not %s" % type(data).__name__)
        size = self.ac_out_buffer_size
        self._queue.extend(data[at:at + size] for at in range(0, len(data), size))
        if not data:
            self._queue.append(data)
        # no initiate_send(): the loop's next write event sends

    def push_with_producer(self, producer):
        self._queue.append(producer)
