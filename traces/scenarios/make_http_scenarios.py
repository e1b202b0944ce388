#!/usr/bin/env python3
"""Writes the http_request_handler scenarios (traces/scenarios/http_*.scenario).

The handler is the asynchat documents' example ([py3-asynchat] "asynchat Example", also
[py2-asynchat-ja] and [py2-asynchat-ja-rst]) as reference/examples/http_request_handler.h completes it: the
terminator starts as "\\r\\n\\r\\n"; at the blank line a POST sets an integer
terminator from Content-Length; once all input is in the terminator becomes
None and the response is pushed with close_when_done. The handler's decisions
are written as reactions, so any asynchat implementation replays them.

Record each with
  tools/bazel run //tools:trace -- record traces/scenarios/http_NAME.scenario -o traces/http/NAME.trace
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "conformance", "adapters", "python"))
from trace_text import quote, read_inputs, read_inputs_at  # noqa: E402

ORIGIN = "origin documented-example py3-asynchat"

GET = b"GET /index.html HTTP/1.0\r\nHost: localhost\r\n\r\n"
BODY = b"name=asynchat&kind=conformance"
POST = b"POST /form HTTP/1.0\r\nHost: localhost\r\nContent-Length: %d\r\n\r\n" % len(BODY)
POST_EMPTY = b"POST /form HTTP/1.0\r\nContent-Length: 0\r\n\r\n"


def response(method, path, body_length):
    body = b"method: %s\npath: %s\nbody-length: %d\n" % (method, path, body_length)
    return (b"HTTP/1.0 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)) + body


def respond_on(call, method, path, body_length):
    return ["> h on found_terminator %d set_terminator none" % call,
            "> h on found_terminator %d push %s" % (call, quote(response(method, path, body_length))),
            "> h on found_terminator %d close_when_done" % call]


def header(description, in_buffer=4096):
    return ["asynchat-trace 1",
            "description " + quote(description.encode()),
            ORIGIN,
            "channel h in_buffer=%d out_buffer=4096" % in_buffer,
            '> h set_terminator str:"\\r\\n\\r\\n"']


def get(description, read_lines, in_buffer=4096):
    return (header(description, in_buffer) + respond_on(1, b"GET", b"/index.html", 0) + read_lines
            + ["> h write"])


def post(description, read_lines, in_buffer=4096, after=()):
    return (header(description, in_buffer) + ["> h on found_terminator 1 set_terminator int:%d" % len(BODY)]
            + respond_on(2, b"POST", b"/form", len(BODY)) + read_lines + list(after) + ["> h write"])


SCENARIOS = {
    "get_whole": get("GET in one read", read_inputs("h", GET, len(GET))),
    "get_byte_by_byte": get("GET delivered one byte per read", read_inputs("h", GET, 1), in_buffer=1),
    "get_split_in_terminator": get(
        "GET split inside \\r\\n\\r\\n: the held-back \\r\\n\\r is not collected until the rest arrives",
        read_inputs_at("h", GET, [len(GET) - 1])),
    "post_whole": post("POST with a Content-Length body, in one read", read_inputs("h", POST + BODY, 4096)),
    "post_byte_by_byte": post("POST delivered one byte per read", read_inputs("h", POST + BODY, 1), in_buffer=1),
    "post_body_split": post("POST whose body arrives in three reads, the first with the headers",
                            read_inputs_at("h", POST + BODY, [len(POST) + 4, len(POST) + 17])),
    "post_extra_bytes": post("POST followed by bytes the client over-sent: collected under the None terminator",
                             read_inputs("h", POST + BODY + b"EXTRA\r\n", 4096)),
    "post_content_length_0": (header("POST with Content-Length: 0: answered at the blank line "
                                     "(an integer terminator of 0 would never fire)")
                              + respond_on(1, b"POST", b"/form", 0) + read_inputs("h", POST_EMPTY, 4096)
                              + ["> h write"]),
    "spurious_readable": get("GET with a readable event that finds nothing to read (would block) in the middle",
                             read_inputs_at("h", GET, [10])[:1] + ["> h read wouldblock"] + read_inputs_at("h", GET, [10])[1:]),
    "reset_mid_body": (header("POST whose client resets the connection in the middle of the body")
                       + ["> h on found_terminator 1 set_terminator int:%d" % len(BODY)]
                       + respond_on(2, b"POST", b"/form", len(BODY))
                       + read_inputs_at("h", POST + BODY, [len(POST) + 5])[:1] + ["> h read error ECONNRESET"]),
}

for name, lines in SCENARIOS.items():
    with open(os.path.join(HERE, "http_%s.scenario" % name), "w") as f:
        f.write("\n".join(lines) + "\n")
