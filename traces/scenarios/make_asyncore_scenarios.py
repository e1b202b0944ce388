#!/usr/bin/env python3
"""Writes the scenarios of the asyncore document's two examples
([py2-asyncore-ja], spec/SPEC.md), as app= channels (traces/FORMAT.md
"Application channels"): traces/scenarios/asyncore_NAME.scenario.

  echo_server    the echo server's EchoServer (format 2): a listener whose
                 handle_accept makes an EchoHandler of each accepted socket
  echo_*         the echo server's EchoHandler(asyncore.dispatcher_with_send),
                 whose handle_read does `data = self.recv(8192); if data:
                 self.send(data)`, under several chunkings and send caps
  http_client_*  HTTPClient(asyncore.dispatcher): connects, sends its
                 request from self.buffer while writable(), prints what
                 recv(8192) returns, closes on handle_close()

The inputs are what a loop and a peer would do: a write event only while the
channel is writable (`poll` asks, as select() does), reads as the peer's
bytes arrive, never more than the 8192 bytes recv(8192) can return. Record
each with
  tools/bazel run //tools:trace -- record traces/scenarios/asyncore_NAME.scenario --impl reference -o traces/asyncore/NAME.trace
and check it on CPython's own asyncore with
  tools/bazel run //tools:trace -- replay traces/asyncore/NAME.trace --impl cpython
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "conformance", "adapters", "python"))
from trace_text import quote, read_inputs, read_inputs_at  # noqa: E402

ORIGIN = "origin documented-example py2-asyncore-ja"
RECV_SIZE = 8192

NOTE_65536 = ("dispatcher_with_send offers its whole buffer, up to 65536 bytes, to each send (CPython 3.11's "
              "initiate_send, the reference's DispatcherWithSend); [py2-asyncore-ja] gives no number; Python 2's asyncore and "
              "medusa's asyncore_25 offer at most 512 bytes")
NOTE_PRINT = ("[py2-asyncore-ja]'s HTTPClient is Python 2: its request is bytes here, and its `print self.recv(8192)` is "
              "recorded as `print` with the bytes of each non-empty piece (Python 2's print also adds a newline, "
              "and an empty line for the b'' of EOF; the reference's HTTPClient writes the pieces as they are)")


def header(description, channel, notes=(), version=1):
    lines = ["asynchat-trace %d" % version, "description " + quote(description.encode()), ORIGIN]
    lines += ["note " + quote(n.encode()) for n in notes]
    return lines + [channel]


def echo_channel(send_cap=None):
    return "channel s app=asyncore_echo_handler" + (" send_cap=%d" % send_cap if send_cap else "")


def client_channel(send_cap=None):
    return "channel c app=asyncore_http_client" + (" send_cap=%d" % send_cap if send_cap else "") + " connected=0"


def pattern(n):
    """n printable bytes that do not repeat within a line's width."""
    text = b"".join(b"%05d:asyncore echo;" % i for i in range(n // 20 + 1))
    return text[:n]


REQUEST = b"GET / HTTP/1.0\r\n\r\n"


def response(body):
    return (b"HTTP/1.0 200 OK\r\nServer: local peer\r\nContent-Type: text/html\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body)) + body


SMALL_BODY = b"<html><body>asyncore HTTPClient example</body></html>\n"


# --- the echo handler --------------------------------------------------------

def echo_whole():
    lines = header("[py2-asyncore-ja] asyncore echo server: EchoHandler echoes whole messages, each read sent back at once",
                   echo_channel())
    lines += ["> s poll"]  # readable, nothing to send
    lines += ['> s read "hello\\n"', '> s read "asyncore echo server, 004\\n"', "> s poll"]
    lines += ["> s read eof"]
    return lines


def echo_server():
    """The echo server itself (format 2: a listener): its handle_accept calls
    accept() and makes an EchoHandler of each pair; None makes nothing."""
    lines = header("[py2-asyncore-ja] asyncore echo server: EchoServer accepts two connections, each handled by its "
                   "own EchoHandler; a connection aborted before its accept is nothing",
                   "channel s listener=accept",
                   ["the document's EchoServer is the Python 2 server: its handle_accept calls accept() and makes "
                    "EchoHandler(sock) of a pair (listener=accept)"], version=2)
    lines += ["channel a accepted_by=s app=asyncore_echo_handler",
              "channel b accepted_by=s app=asyncore_echo_handler send_cap=2"]
    lines += ["> s poll", "> s accept", '> a read "hello"', "> s accept error ECONNABORTED", "> s accept",
              '> b read "world"', "> b poll", "> b write", '> a read "!"', "> s poll"]
    return lines


def echo_1byte_reads():
    lines = header("[py2-asyncore-ja] asyncore echo server: EchoHandler with every read delivering 1 byte, each echoed by its own send",
                   echo_channel())
    lines += read_inputs("s", b"hello, echo\n", 1)
    lines += ["> s poll", "> s read eof"]
    return lines


def echo_8192_split():
    message = pattern(10000)
    lines = header("[py2-asyncore-ja] asyncore echo server: a 10000-byte message arrives as a full recv(8192) and 1808 bytes; "
                   "the first send takes 1000, so the second read's echo is offered behind the 7192 still pending",
                   echo_channel(), notes=[NOTE_65536])
    lines += ["> s send_budget 1000"]
    lines += read_inputs("s", message, RECV_SIZE)
    lines += ["> s poll", "> s read eof"]
    return lines


def echo_send_cap1():
    lines = header("[py2-asyncore-ja] asyncore echo server: every send accepts 1 byte; dispatcher_with_send keeps the rest "
                   "and stays writable until it is out", echo_channel(send_cap=1))
    lines += ['> s read "hello"']
    for _ in range(4):
        lines += ["> s poll", "> s write"]
    lines += ["> s poll"]
    lines += ['> s read "ab"', '> s read "cd"']  # the second read's echo queues behind the first's tail
    for _ in range(2):
        lines += ["> s poll", "> s write"]
    lines += ["> s poll", "> s read eof"]
    return lines


def echo_send_cap5():
    lines = header("[py2-asyncore-ja] asyncore echo server: every send accepts at most 5 bytes, with output pending across reads",
                   echo_channel(send_cap=5))
    lines += ['> s read "hello world\\n"', "> s poll", "> s write"]
    lines += ['> s read "second line\\n"']  # joins the 2 bytes still pending
    for _ in range(2):
        lines += ["> s poll", "> s write"]
    lines += ["> s poll", "> s read eof"]
    return lines


def echo_eof_pending():
    lines = header("[py2-asyncore-ja] asyncore echo server: the peer closes while echo output is still pending; EchoHandler "
                   "closes at once and the rest is never sent", echo_channel(send_cap=3))
    lines += ['> s read "goodbye\\n"', "> s poll", "> s read eof"]
    lines += ["> s write"]  # dropped: the channel closed
    return lines


def echo_reset():
    lines = header("[py2-asyncore-ja] asyncore echo server: a read fails with ECONNRESET while output is pending; "
                   "dispatcher.recv calls handle_close, which closes", echo_channel(send_cap=4))
    lines += ['> s read "abcdef"', "> s poll", "> s read error ECONNRESET"]
    return lines


def echo_send_errors():
    lines = header("[py2-asyncore-ja] asyncore echo server: a send that would block sends nothing and keeps the data; "
                   "a send failing with EPIPE makes dispatcher.send call handle_close", echo_channel())
    lines += ["> s send_error EAGAIN", '> s read "ping\\n"', "> s poll", "> s write", "> s poll"]
    lines += ["> s send_error EPIPE", '> s read "pong\\n"']
    return lines


def echo_read_wouldblock():
    lines = header("[py2-asyncore-ja] asyncore echo server: a read event whose recv would block; dispatcher.recv lets "
                   "BlockingIOError escape handle_read, handle_error runs and closes (async_chat would ignore it)",
                   echo_channel())
    lines += ['> s read "x"', "> s read wouldblock"]
    return lines


# --- the HTTP client ---------------------------------------------------------

def http_client_whole():
    lines = header("[py2-asyncore-ja] asyncore HTTP client: connects on its first write event, sends its request at once, "
                   "prints the response read whole, closes when the server does", client_channel(),
                   notes=[NOTE_PRINT])
    lines += ["> c poll", "> c write", "> c poll"]
    lines += ["> c read " + quote(response(SMALL_BODY)), "> c poll", "> c read eof"]
    return lines


def http_client_send_cap5():
    resp = response(SMALL_BODY)
    lines = header("[py2-asyncore-ja] asyncore HTTP client: every send accepts at most 5 bytes, so the request goes out in 4 "
                   "write events (writable() while the buffer is not empty); the response arrives in 4 reads",
                   client_channel(send_cap=5), notes=[NOTE_PRINT])
    lines += ["> c poll"]
    for _ in range(4):
        lines += ["> c write", "> c poll"]
    lines += read_inputs_at("c", resp, [9, 17, 60])
    lines += ["> c poll", "> c read eof"]
    return lines


def http_client_large_response():
    resp = response(pattern(12000))
    lines = header("[py2-asyncore-ja] asyncore HTTP client: a 12000-byte body; the response arrives as full recv(8192)s "
                   "and the rest, each printed as read", client_channel(), notes=[NOTE_PRINT])
    lines += ["> c write"]
    lines += read_inputs("c", resp, RECV_SIZE)
    lines += ["> c read eof"]
    return lines


def http_client_reset():
    lines = header("[py2-asyncore-ja] asyncore HTTP client: the server resets the connection in the middle of the response; "
                   "dispatcher.recv calls handle_close, HTTPClient closes", client_channel(send_cap=8),
                   notes=[NOTE_PRINT])
    lines += ["> c poll", "> c write", "> c poll", "> c write", "> c poll", "> c write", "> c poll"]
    lines += ["> c read " + quote(response(SMALL_BODY)[:30]), "> c read error ECONNRESET"]
    return lines


SCENARIOS = [
    ("echo_whole", echo_whole),
    ("echo_server", echo_server),
    ("echo_1byte_reads", echo_1byte_reads),
    ("echo_8192_split", echo_8192_split),
    ("echo_send_cap1", echo_send_cap1),
    ("echo_send_cap5", echo_send_cap5),
    ("echo_eof_pending", echo_eof_pending),
    ("echo_reset", echo_reset),
    ("echo_send_errors", echo_send_errors),
    ("echo_read_wouldblock", echo_read_wouldblock),
    ("http_client_whole", http_client_whole),
    ("http_client_send_cap5", http_client_send_cap5),
    ("http_client_large_response", http_client_large_response),
    ("http_client_reset", http_client_reset),
]

if __name__ == "__main__":
    for name, make in SCENARIOS:
        with open(os.path.join(HERE, "asyncore_" + name + ".scenario"), "w") as f:
            f.write("\n".join(make()) + "\n")
