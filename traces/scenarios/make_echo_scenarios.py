#!/usr/bin/env python3
"""Writes the echo scenarios that differ from the documented schedule only in
chunking: traces/scenarios/echo_1byte_reads.scenario (every read is 1 byte)
and echo_send_cap5.scenario (every send accepts at most 5 bytes). Record them
with `tools/bazel run //tools:trace -- record SCENARIO -o traces/echo/NAME.trace`.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "conformance", "adapters", "python"))
from trace_text import quote, read_inputs  # noqa: E402

CHUNKS = [b"Lorem ipsum dolor sit amet, consectetuer adipiscing elit. Donec ",
          b"egestas, enim et consectetuer ullamcorper, lectus ligula rutrum ",
          b"leo, a elementum elit tortor eu quam. "]
MESSAGE = b"".join(CHUNKS)
COMMAND = b"ECHO %d\n" % len(MESSAGE)


def header(description, send_cap=None):
    cap = " send_cap=%d" % send_cap if send_cap else ""
    return [
        "asynchat-trace 1",
        "description " + quote(description.encode()),
        "origin documented-example pymotw-asynchat",
        "channel c in_buffer=64 out_buffer=64%s connected=0" % cap,
        "channel h in_buffer=64 out_buffer=64%s" % cap,
        '> h set_terminator str:"\\n"',
        "> h on found_terminator 1 set_terminator int:%d" % len(MESSAGE),
        "> h on found_terminator 2 push " + quote(MESSAGE),
        "> h on found_terminator 2 close_when_done",
        "> c producer p " + " ".join(quote(c) for c in CHUNKS),
        "> c push " + quote(COMMAND),
        "> c push_with_producer p",
        "> c set_terminator int:%d" % len(MESSAGE),
        "> c on found_terminator 1 close",
    ]


def one_byte_reads():
    lines = header("PyMOTW echo example ([pymotw-asynchat]) with every read delivering 1 byte")
    lines += ["> c write"] * 5  # connect + command, three producer chunks, exhausted producer
    lines += read_inputs("h", COMMAND + MESSAGE, 1)
    lines += ["> h write"] * 3  # two more 64-byte pieces, then the close sentinel
    lines += read_inputs("c", MESSAGE, 1)
    return lines


def send_cap_5():
    lines = header("PyMOTW echo example ([pymotw-asynchat]) with every send accepting at most 5 bytes", send_cap=5)
    client_bytes = len(COMMAND) + len(MESSAGE)
    lines += ["> c write"] * (client_bytes // 5 + 8)  # extra write events find nothing queued
    lines += read_inputs("h", COMMAND + MESSAGE, 64)
    lines += ["> h write"] * (len(MESSAGE) // 5 + 6)
    lines += read_inputs("c", MESSAGE, 64)
    return lines


for name, lines in [("echo_1byte_reads", one_byte_reads()), ("echo_send_cap5", send_cap_5())]:
    with open(os.path.join(HERE, name + ".scenario"), "w") as f:
        f.write("\n".join(lines) + "\n")
