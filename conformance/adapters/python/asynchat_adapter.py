#!/usr/bin/python3
# -*- coding: utf-8 -*-
"""Protocol-v1 conformance adapter for Python asynchat implementations.

Drives an UNMODIFIED asynchat module through scripted sockets, speaking the
driver protocol of conformance/PROTOCOL.md on stdin/stdout:

    asynchat_adapter.py [--impl stdlib|medusa|file:PATH]

  stdlib       the asynchat (and asyncore) of the interpreter running this file
  medusa       supervisor's vendored supervisor.medusa.asynchat_25 with its
               asyncore_25
  file:PATH    the asynchat API loaded from the Python file PATH (a fork or a
               backport), with PATH's folder first on the import path; it
               must define an async_chat class

Each channel is a subclass of the implementation's async_chat built on a fake
socket object (recv/send come from the script; no real socket is opened) and
registered in a private per-case socket map. Read and write events run
handle_read_event()/handle_write_event() through the implementation's own
asyncore read()/write() wrappers, as its loop would.

A channel declared app=NAME runs one of the documented asyncore applications
of 004_3732e8ae51938391.txt instead (traces/FORMAT.md "Application
channels"): [py2-asyncore-ja]'s EchoHandler and HTTPClient, written out below as the
document prints them, subclassing the implementation's own asyncore
dispatcher_with_send / dispatcher, on the same fake socket.

stdout carries only protocol lines; everything else (warnings, handle_error's
and log_info's prints, tracebacks) goes to stderr.

Runs on Python 3.6 and later and on Python 2.7 (whose stdlib asynchat is
--impl cpython2.7). On 2.7 the protocol's byte strings are str, the type
asynchat 2.7 reads, pushes and sends, a str push_typed is unicode, and the
scripted socket raises socket.error, which is not an OSError there.
"""

from __future__ import print_function

import argparse
import collections
import errno
import importlib
import inspect
import io
import os
import platform
import re
import select
import socket
import sys

from trace_text import (  # beside this file
    LineError, as_data, errno_from_name, errno_name, exception_kind, int64, quote, record, tokenize)

_TEXT = type(u"")  # str on Python 3, unicode on Python 2

# PROTOCOL.md "Handshake": the newest version this adapter speaks; it
# answers a suite with the newest version both speak.
PROTOCOL_VERSION = 2

CAPABILITIES = (
    "pipelining",  # PROTOCOL.md "Pipelining": requests are read as a stream (RequestReader)
    "string_terminator", "int_terminator", "none_terminator", "buffer_sizes",
    "producers", "reactions", "close_when_done", "discard_buffers",
    "recv_errors", "send_control", "connect", "typed_push", "asyncore_apps",
    "push_objects", "bytes_producer", "chat_poll", "connect_reactions", "close_reactions", "listeners", "logging",
)
# Capabilities of protocol version 2, declared only in a version-2 session.
V2_CAPABILITIES = ("push_objects", "bytes_producer", "chat_poll", "connect_reactions", "close_reactions", "listeners",
                   "logging")

# traces/FORMAT.md "Logging": the message recorded for what the default
# handle_error logs (its own text names the channel's repr and a traceback,
# which no two implementations share); traces::kHandleErrorLogMessage.
HANDLE_ERROR_LOG_MESSAGE = b"uncaptured exception"
LOG_SETTINGS = ("default", "all")

# The reaction records of format 2 (FORMAT.md "Version 2"): `on connect
# ACTION...` and `on handle_close ACTION...` run inside the application's
# handle_connect / handle_close; keep_open is an action of the latter only.
_CALLBACK_REACTIONS = ("connect", "handle_close")

# traces/channel_apps.h: the applications an app= channel runs, and what such
# a channel takes.
APP_ECHO_HANDLER = "asyncore_echo_handler"
APP_HTTP_CLIENT = "asyncore_http_client"
APP_NAMES = (APP_ECHO_HANDLER, APP_HTTP_CLIENT)
APP_RECV_SIZE = 8192
_APP_INPUTS = ("read", "write", "poll", "send_budget", "send_error")
# FORMAT.md "Version 2": a listener's inputs, and the application styles.
_LISTENER_INPUTS = ("accept", "poll", "close")
LISTENER_STYLES = ("accepted", "accept")

# ---------------------------------------------------------------------------
# Line parsing. The vocabulary (escaping, tokens, integers, errno names,
# exception kinds) is trace_text's, shared with the project's other scripts.

_ID_RE = re.compile(r"[A-Za-z0-9_.-]+\Z")
_INT_RE = re.compile(r"-?[0-9]+\Z")
_COUNT_RE = re.compile(r"[0-9]+\Z")


def expect_args(args, n, verb):
    if len(args) != n:
        raise LineError("%s takes %d argument(s), got %d" % (verb, n, len(args)))


def expect_word(tok, what):
    if tok.is_bytes:
        raise LineError("%s expected, got a string" % what)
    return tok.value


def expect_bytes(tok, what):
    if not tok.is_bytes:
        raise LineError("%s expected as a quoted string, got %s" % (what, tok.value))
    return tok.value


def expect_count(tok, what):
    text = expect_word(tok, what)
    if not _COUNT_RE.match(text):
        raise LineError("%s must be a non-negative integer, got %s" % (what, text))
    return int64(text)


def expect_id(tok, what):
    text = expect_word(tok, what)
    if not _ID_RE.match(text):
        raise LineError("bad %s %s" % (what, text))
    return text


def expect_errno(tok):
    name = expect_word(tok, "errno name")
    value = errno_from_name(name)
    if value is None:
        raise LineError("unknown errno name " + name)
    return value


def parse_terminator(args):
    if not args:
        raise LineError('set_terminator needs none, int:N or str:"..."')
    head = expect_word(args[0], "terminator")
    if head == "none":
        term, used = None, 1
    elif head == "str:":
        if len(args) < 2 or not args[1].is_bytes:
            raise LineError('str: must be followed by "..."')
        term, used = args[1].value, 2
    elif head.startswith("int:") and _INT_RE.match(head[4:]):
        term, used = int64(head[4:]), 1
    else:
        raise LineError('bad terminator %s (expected none, int:N or str:"...")' % head)
    if used != len(args):
        raise LineError("extra arguments after the terminator")
    return term


_PUSH_TYPES = ("bytes", "bytearray", "memoryview", "str", "int", "none")
_APPLICATION_VERBS = ("set_terminator", "push", "push_typed", "push_with_producer",
                      "close_when_done", "discard_buffers", "close")


def parse_action(verb, args, in_reaction):
    """An input (or a reaction's action) as a tuple: (verb, arguments...).
    `in_reaction`: False for an input, else the callback the action runs in
    (found_terminator, connect or handle_close)."""
    if verb == "set_terminator":
        return (verb, parse_terminator(args))
    if verb == "push":
        expect_args(args, 1, verb)
        return (verb, expect_bytes(args[0], "data"))
    if verb == "push_typed":
        expect_args(args, 2, verb)
        kind = expect_word(args[0], "push type")
        if kind not in _PUSH_TYPES:
            raise LineError("push_typed type must be bytes, bytearray, memoryview, str, int or none, got " + kind)
        data = expect_bytes(args[1], "data")
        if kind == "int" and not _INT_RE.match(data.decode("latin-1")):
            raise LineError("push_typed int takes the integer as a quoted decimal, got %s" % quote(data))
        if kind == "none" and data:
            raise LineError('push_typed none takes ""')
        return (verb, kind, data)
    if verb == "push_with_producer":
        expect_args(args, 1, verb)
        if args[0].is_bytes:
            # format 2: a plain bytes object as the producer
            return (verb, None, args[0].value)
        return (verb, expect_id(args[0], "producer id"))
    if verb in ("close_when_done", "discard_buffers", "close"):
        expect_args(args, 0, verb)
        return (verb,)
    if verb == "keep_open" and in_reaction == "handle_close":
        expect_args(args, 0, verb)
        return (verb,)
    if in_reaction:
        raise LineError("unknown reaction action " + verb)
    if verb == "read":
        if not args:
            raise LineError('read needs "bytes", eof, wouldblock or error ERRNO')
        if args[0].is_bytes:
            expect_args(args, 1, verb)
            return (verb, "data", args[0].value)
        if args[0].value in ("eof", "wouldblock"):
            expect_args(args, 1, verb)
            return (verb, args[0].value)
        if args[0].value == "error":
            expect_args(args, 2, verb)
            return (verb, "error", expect_errno(args[1]))
        raise LineError('read needs "bytes", eof, wouldblock or error ERRNO, got ' + args[0].value)
    if verb in ("write", "poll"):
        expect_args(args, 0, verb)
        return (verb,)
    if verb == "accept":
        if not args:
            return (verb, None)
        if len(args) != 2 or args[0].is_bytes or args[0].value != "error":
            raise LineError("accept takes nothing or error ERRNO")
        return (verb, expect_errno(args[1]))
    if verb == "send_budget":
        expect_args(args, 1, verb)
        return (verb, expect_count(args[0], "byte count"))
    if verb == "send_error":
        expect_args(args, 1, verb)
        return (verb, expect_errno(args[0]))
    if verb == "producer":
        if not args:
            raise LineError("producer needs an id")
        pid = expect_id(args[0], "producer id")
        return (verb, pid, [expect_bytes(a, "producer chunk") for a in args[1:]])
    if verb == "on":
        usage = "on needs: found_terminator N ACTION..., connect ACTION... or handle_close ACTION..."
        if not args or args[0].is_bytes:
            raise LineError(usage)
        if args[0].value in _CALLBACK_REACTIONS:
            # ("on", "connect"|"handle_close", action): the callback's name is
            # the reactions' key, as a found_terminator call number is.
            if len(args) < 2:
                raise LineError(usage)
            action_verb = expect_word(args[1], "action")
            return (verb, args[0].value, parse_action(action_verb, args[2:], args[0].value))
        if args[0].value != "found_terminator":
            raise LineError("on supports found_terminator, connect and handle_close, got " + args[0].describe())
        if len(args) < 3:
            raise LineError(usage)
        call = expect_count(args[1], "call number")
        if call == 0:
            raise LineError("call numbers start at 1")
        action_verb = expect_word(args[2], "action")
        return (verb, call, parse_action(action_verb, args[3:], "found_terminator"))
    raise LineError("unknown input verb " + verb)


def capabilities_needed(action, app=None, version=1):
    """PROTOCOL.md's capabilities an input needs (conformance/driver/capabilities.cc),
    for a channel running `app` (None: an async_chat), in a session of this
    protocol version (version 1 polls app= channels only)."""
    verb = action[0]
    if verb == "set_terminator":
        term = action[1]
        return {"none_terminator" if term is None else
                "int_terminator" if isinstance(term, int) else "string_terminator"}
    if verb == "push_with_producer" and action[1] is None:
        return {"bytes_producer"}
    if verb in ("push_with_producer", "producer"):
        return {"producers"}
    if verb == "push_typed":
        return {"push_objects" if action[1] in ("int", "none") else "typed_push"}
    if verb in ("close_when_done", "discard_buffers"):
        return {verb}
    if verb == "read" and action[1] in ("wouldblock", "error"):
        return {"recv_errors"}
    if verb in ("send_budget", "send_error"):
        return {"send_control"}
    if verb == "poll":
        return {"chat_poll" if app is None and version >= 2 else "asyncore_apps"}
    if verb == "accept":
        return {"listeners"}
    if verb == "on":
        reaction = {"connect": "connect_reactions", "handle_close": "close_reactions"}.get(action[1], "reactions")
        return {reaction} | capabilities_needed(action[2])
    return set()


def parse_channel_line(toks):
    if len(toks) < 2 or toks[1].is_bytes or not _ID_RE.match(toks[1].value):
        raise LineError("channel needs an id of [A-Za-z0-9_.-]")
    config = {"id": toks[1].value, "in_buffer": None, "out_buffer": None, "send_cap": None, "connected": True,
              "app": None, "log": None, "listener": None, "accepted_by": None}
    for tok in toks[2:]:
        text = expect_word(tok, "key=value")
        key, eq, value = text.partition("=")
        if key == "listener" and eq:
            if value not in LISTENER_STYLES:
                raise LineError("listener is accepted or accept, got " + value)
            config["listener"] = value
            continue
        if key == "accepted_by" and eq:
            if not _ID_RE.match(value):
                raise LineError("bad channel id " + value)
            config["accepted_by"] = value
            continue
        if key == "app" and eq:
            if value not in APP_NAMES:
                raise LineError("unknown app %s (known: %s)" % (value, ", ".join(APP_NAMES)))
            config["app"] = value
            continue
        if key == "log" and eq:
            if value not in LOG_SETTINGS:
                raise LineError("log is default or all, got " + value)
            config["log"] = value
            continue
        if not eq or not _COUNT_RE.match(value):
            raise LineError("bad setting " + text)
        v = int64(value)
        if key in ("in_buffer", "out_buffer"):
            if v == 0:
                raise LineError(key + " must be at least 1")
            config[key] = v
        elif key == "send_cap" and v > 0:
            config["send_cap"] = v
        elif key == "connected" and v in (0, 1):
            config["connected"] = v == 1
        else:
            raise LineError("unknown setting " + text)
    problem = app_config_problem(config)
    if problem:
        raise LineError(problem)
    if config["listener"] is not None and (
            config["app"] is not None or config["in_buffer"] is not None or config["out_buffer"] is not None
            or config["send_cap"] is not None or not config["connected"] or config["accepted_by"] is not None):
        raise LineError("a listener takes no other setting (it is a listening dispatcher, not an async_chat)")
    if config["accepted_by"] is not None and (config["app"] not in (None, APP_ECHO_HANDLER)
                                              or not config["connected"]):
        raise LineError("an accepted_by channel is made from an accepted, connected socket: an async_chat or "
                        "app=%s (connected=0 and other applications do not apply)" % APP_ECHO_HANDLER)
    return config


def app_config_problem(config):
    """traces/channel_apps.cc AppConfigProblem."""
    app = config["app"]
    if app is not None and config["log"] is not None:
        return "log= applies to async_chat channels only (not to app= or listener= channels)"
    if app is None:
        return None
    if config["in_buffer"] is not None or config["out_buffer"] is not None:
        return ("%s does not apply to app=%s (it is an async_chat setting; the application reads with recv(%d))"
                % ("in_buffer" if config["in_buffer"] is not None else "out_buffer", app, APP_RECV_SIZE))
    if app == APP_HTTP_CLIENT and config["connected"]:
        return "app=%s connects in its constructor: declare it connected=0" % app
    if app == APP_ECHO_HANDLER and not config["connected"]:
        return "app=%s is made from an accepted, connected socket: connected=0 does not apply" % app
    return None


def app_input_problem(channel_id, app, verb, version=1, listener=None):
    """traces/channel_apps.cc AppRecordProblem, for inputs; a version-2
    session also polls async_chat channels."""
    if listener is not None:
        if verb not in _LISTENER_INPUTS:
            return ("%s is not an input of a listener (channel %s is declared listener=%s)"
                    % (verb, channel_id, listener))
        return None
    if verb == "accept":
        return "accept belongs to listeners only (channel %s is not declared listener=...)" % channel_id
    if app is None:
        if verb == "poll" and version < 2:
            return "poll is an input of app= channels only (channel %s is an async_chat)" % channel_id
        return None
    if verb not in _APP_INPUTS:
        return ("%s is not an input of an app=%s channel (its inputs are read, write, poll, send_budget, send_error)"
                % (verb, app))
    return None


# ---------------------------------------------------------------------------
# The implementation under test.

class ImplementationError(Exception):
    """The implementation could not be loaded or lacks the asynchat API."""


class Implementation(object):
    def __init__(self, description, module, chat_class, loop_module):
        self.description = description
        self.module = module
        self.chat_class = chat_class
        self.loop = loop_module
        # The adapter's own abort (a fatal protocol condition found inside an
        # event) must pass through the loop's wrappers, which re-raise only
        # their ExitNow (and KeyboardInterrupt/SystemExit).
        exit_now = getattr(loop_module, "ExitNow", None)
        base = exit_now if isinstance(exit_now, type) and issubclass(exit_now, BaseException) else BaseException
        self.abort_class = type("AdapterAbort", (base,), {})
        self.read = self._wrapper(getattr(loop_module, "read", None), "handle_read_event")
        self.write = self._wrapper(getattr(loop_module, "write", None), "handle_write_event")
        self.capabilities = [c for c in CAPABILITIES if self._can(c)]
        self.fixed_buffer_sizes = _module_declarations(module, self.capabilities)

    def _wrapper(self, loop_function, method):
        if callable(loop_function):
            return loop_function
        abort = self.abort_class

        # No loop module with read()/write(): asyncore's own wrapping.
        def run(obj):
            try:
                getattr(obj, method)()
            except (abort, KeyboardInterrupt, SystemExit):
                raise
            except BaseException:
                obj.handle_error()
        return run

    def _can(self, capability):
        if capability == "listeners":
            return inspect.isclass(getattr(self.loop, "dispatcher", None))
        if capability == "asyncore_apps":
            return all(inspect.isclass(getattr(self.loop, name, None))
                       for name in ("dispatcher", "dispatcher_with_send"))
        needs = {
            "producers": ("push_with_producer",),
            "bytes_producer": ("push_with_producer",),
            "close_when_done": ("close_when_done",),
            "discard_buffers": ("discard_buffers",),
            "connect": ("connect", "set_socket"),
        }.get(capability, ())
        return all(callable(getattr(self.chat_class, m, None)) for m in needs)


def _module_declarations(module, capabilities):
    """What a python:FILE module declares of itself (conformance/README.md):
    CONFORMANCE_LACKS, capabilities to leave out of the handshake, and
    CONFORMANCE_FIXED_BUFFER_SIZES = (in_buffer, out_buffer), buffer sizes its
    channels always have (so buffer_sizes is left out). Removes what it lacks
    from `capabilities`; returns the fixed sizes or None."""
    lacks = getattr(module, "CONFORMANCE_LACKS", ())
    if isinstance(lacks, str) or not all(isinstance(c, str) for c in lacks):
        raise ImplementationError("CONFORMANCE_LACKS must be a sequence of capability names, got %r" % (lacks,))
    sizes = getattr(module, "CONFORMANCE_FIXED_BUFFER_SIZES", None)
    if sizes is not None:
        if (not isinstance(sizes, (tuple, list)) or len(sizes) != 2
                or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in sizes)):
            raise ImplementationError("CONFORMANCE_FIXED_BUFFER_SIZES must be (in_buffer, out_buffer), two whole "
                                      "numbers of bytes of at least 1, got %r" % (sizes,))
        lacks = tuple(lacks) + ("buffer_sizes",)
    capabilities[:] = [c for c in capabilities if c not in lacks]
    return tuple(sizes) if sizes is not None else None


def _interpreter():
    return "%s %s" % (platform.python_implementation(), platform.python_version())


def _loop_module_of(chat_class, module):
    for klass in inspect.getmro(chat_class):  # Python 2's asyncore classes are old-style
        if klass.__name__ == "dispatcher":
            loop = sys.modules.get(klass.__module__)
            if loop is not None:
                return loop
    return getattr(module, "asyncore", None)


def load_implementation(spec):
    if spec == "stdlib":
        try:
            import asynchat as module
        except Exception as e:
            raise ImplementationError("cannot import the interpreter's asynchat: %s: %s" % (type(e).__name__, e))
        description = "%s asynchat (%s)" % (_interpreter(), re.sub(r"\.py[co]\Z", ".py", module.__file__))
    elif spec == "medusa":
        try:
            module = importlib.import_module("supervisor.medusa.asynchat_25")
            importlib.import_module("supervisor.medusa.asyncore_25")
        except Exception as e:
            raise ImplementationError("cannot import supervisor.medusa.asynchat_25 (Debian package supervisor): "
                                      "%s: %s" % (type(e).__name__, e))
        try:
            from importlib.metadata import version
            supervisor_version = " " + version("supervisor")
        except Exception:
            supervisor_version = ""
        description = "supervisor%s medusa asynchat_25 (%s) with asyncore_25, on %s" % (
            supervisor_version, module.__file__, _interpreter())
    elif spec.startswith("file:"):
        path = os.path.abspath(spec[len("file:"):])
        if not os.path.isfile(path):
            raise ImplementationError("--impl file: %s is not a file" % path)
        # FILE's own folder first on the import path, as when FILE is run: a
        # port brings its modules beside it (import pyasyncore).
        sys.path.insert(0, os.path.dirname(path))
        stem = re.sub(r"\W", "_", os.path.splitext(os.path.basename(path))[0])
        name = "asynchat_under_test_" + stem
        try:
            if sys.version_info[0] == 2:
                import imp
                module = imp.load_source(name, path)
            else:
                module = _load_source(name, path)
        except ImplementationError:
            raise
        except BaseException as e:
            raise ImplementationError("--impl file: loading %s failed: %s: %s" % (path, type(e).__name__, e))
        description = "asynchat from file %s, on %s" % (path, _interpreter())
    else:
        raise ImplementationError("unknown --impl %r (expected stdlib, medusa or file:PATH)" % spec)
    chat_class = getattr(module, "async_chat", None)
    if not inspect.isclass(chat_class):
        raise ImplementationError("%s has no async_chat class" % getattr(module, "__file__", spec))
    return Implementation(description, module, chat_class, _loop_module_of(chat_class, module))


def _load_source(name, path):
    """PATH imported as module NAME (Python 3's importlib)."""
    import importlib.util
    module_spec = importlib.util.spec_from_file_location(name, path)
    if module_spec is None or module_spec.loader is None:
        raise ImplementationError("--impl file: %s cannot be loaded as a Python module" % path)
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    module_spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------
# Scripted socket, producer and channel.

_FIRST_FD = 1 << 30  # far above any real descriptor, like the C++ ScriptedTransport


def _os_error(number):
    # What a real socket raises: on Python 3 socket.error is OSError, and
    # OSError(errno, strerror) becomes the matching subclass (EAGAIN ->
    # BlockingIOError, ECONNRESET -> ConnectionResetError, ...); on Python 2
    # it is an IOError, the class asyncore 2.7 catches.
    return socket.error(number, os.strerror(number))


def _as_bytes(data):
    """What an implementation handed over, as a quoted record field."""
    try:
        return as_data(data)
    except TypeError:
        if isinstance(data, _TEXT):
            return as_data(data.encode("latin-1", "backslashreplace"))
        return as_data(repr(data).encode("ascii", "backslashreplace"))


class FakeSocket(object):
    """What dispatcher/async_chat touch of a socket, answering from the script."""

    family = socket.AF_INET
    type = socket.SOCK_STREAM

    def __init__(self, session, channel_id, fd, send_cap, report_recv=False):
        self._session = session
        self._channel = channel_id
        self._fd = fd
        self._send_cap = send_cap
        self._report_recv = report_recv  # app= channels report each recv()
        self.recv_steps = collections.deque()  # ("data", b) | ("eof",) | ("error", errno)
        self.send_steps = collections.deque()  # ("budget", n) | ("error", errno)
        self.closed = False

    def fileno(self):
        return -1 if self.closed else self._fd

    def setblocking(self, flag):
        pass

    def settimeout(self, value):
        pass

    def gettimeout(self):
        return 0.0

    def getpeername(self):
        if self.closed:
            raise _os_error(errno.EBADF)
        return ("127.0.0.1", 0)

    def getsockname(self):
        if self.closed:
            raise _os_error(errno.EBADF)
        return ("127.0.0.1", 0)

    def getsockopt(self, level, option, buflen=None):
        return 0  # SO_ERROR: no pending error; anything else: 0

    def setsockopt(self, *args):
        pass

    def connect_ex(self, address):
        return errno.EINPROGRESS

    def connect(self, address):
        raise _os_error(errno.EINPROGRESS)

    def recv(self, size, flags=0):
        if self.closed:
            step = ("error", errno.EBADF)
        elif not self.recv_steps:
            step = ("error", errno.EAGAIN)
        else:
            step = self.recv_steps[0]
            if step[0] == "data" and len(step[1]) > size:
                self._session.abort("read of %d bytes exceeds the recv(%d) the implementation requested on channel %s"
                                    % (len(step[1]), size, self._channel))
            self.recv_steps.popleft()
        if step[0] == "error":
            if self._report_recv:
                self._session.emit(self._channel, "recv", str(size), "error", errno_name(step[1]))
            raise _os_error(step[1])
        data = step[1] if step[0] == "data" else b""
        if self._report_recv:
            self._session.emit(self._channel, "recv", str(size), str(len(data)))
        return data

    def send(self, data, flags=0):
        try:
            offered = as_data(data)  # Python 2's buffer() slices have the buffer interface
        except TypeError:
            raise TypeError("a bytes-like object is required, not '%s'" % type(data).__name__)
        if self.closed:
            self._session.emit(self._channel, "send", offered, "error", errno_name(errno.EBADF))
            raise _os_error(errno.EBADF)
        if self.send_steps:
            kind, value = self.send_steps.popleft()
            if kind == "error":
                self._session.emit(self._channel, "send", offered, "error", errno_name(value))
                raise _os_error(value)
            accepted = min(len(offered), value)
        elif self._send_cap is not None:
            accepted = min(len(offered), self._send_cap)
        else:
            accepted = len(offered)
        self._session.emit(self._channel, "send", offered, str(accepted))
        return accepted

    def shutdown(self, how):
        pass

    def close(self):
        if not self.closed:
            self.closed = True
            self._session.emit(self._channel, "close")


class _Sink(object):
    """A stream that keeps what is written to it (print on Python 2 and 3)."""

    def __init__(self):
        self.parts = []
        self.softspace = 0

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        pass


def _writes_anything(call):
    """Runs call() with sys.stdout and sys.stderr captured; True if it wrote
    anything to either."""
    sink = _Sink()
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = sink
    try:
        call()
    finally:
        sys.stdout, sys.stderr = saved
    return any(sink.parts)
class FakeListenSocket(FakeSocket):
    """A listening socket (FORMAT.md "Version 2" listeners): accept() returns
    the next pending connection (the fake sockets of the accepted_by
    channels, in declaration order) or fails as the script says; with
    nothing queued it would block."""

    def __init__(self, session, channel_id, fd):
        FakeSocket.__init__(self, session, channel_id, fd, None)
        self.pending = collections.deque()       # FakeSockets not yet accepted
        self.accept_steps = collections.deque()  # None: a connection; else an errno
        self.queued = 0                          # connections in accept_steps

    def getpeername(self):
        raise _os_error(errno.ENOTCONN)

    def bind(self, address):
        pass

    def listen(self, backlog):
        pass

    def queue_connection(self):
        """False when no accepted_by channel is left to accept."""
        if self.queued == len(self.pending):
            return False
        self.queued += 1
        self.accept_steps.append(None)
        return True

    def accept(self):
        if self.closed:
            raise _os_error(errno.EBADF)
        if not self.accept_steps:
            raise _os_error(errno.EAGAIN)
        step = self.accept_steps.popleft()
        if step is not None:
            raise _os_error(step)
        self.queued -= 1
        return self.pending.popleft(), ("127.0.0.1", 0)


class _WatchingSelect(object):
    """Stands in for the select module while the implementation's own poll()
    runs once: records what it asks select() to watch, reports nothing ready."""

    error = select.error

    def __init__(self):
        self.read = self.write = ()

    def select(self, r, w, e, timeout=None):
        self.read, self.write = list(r), list(w)
        return [], [], []


def loop_watches(impl, obj):
    """(read, write): what one pass of the implementation's own asyncore
    poll() watches obj for (CPython's never watches a listener for writing,
    whatever writable() answers). Without a select-based poll() in the loop
    module, readable() and writable() as CPython's poll() combines them."""
    poll = getattr(impl.loop, "poll", None)
    names = getattr(poll, "__globals__", {})  # the module poll() finds select in
    if not callable(poll) or names.get("select") is not select:
        return bool(obj.readable()), bool(obj.writable()) and not getattr(obj, "accepting", False)
    fd = obj._fileno
    watching = _WatchingSelect()
    names["select"] = watching
    try:
        poll(0.0, {fd: obj})
    finally:
        names["select"] = select
    return fd in watching.read, fd in watching.write


def make_listener_classes(impl):
    """listener= channels: a server dispatcher on the implementation's own
    asyncore that makes an async_chat of each connection it accepts, in the
    two styles of the asyncore documents' EchoServer. Returns {style: class};
    `accepted` only where the dispatcher has handle_accepted (Python 3)."""
    asyncore = impl.loop

    # Python 3's EchoServer: the default handle_accept() calls accept() and
    # hands the pair to handle_accepted().
    class AcceptedServer(asyncore.dispatcher):
        def handle_accepted(self, sock, addr):
            self._ad_session.accepted(self._ad_id, sock)

    # Python 2's EchoServer: handle_accept() calls accept() itself.
    class AcceptServer(asyncore.dispatcher):
        def handle_accept(self):
            pair = self.accept()
            if pair is not None:
                sock, addr = pair
                self._ad_session.accepted(self._ad_id, sock)

    def traced(server_class):
        class Traced(server_class):
            def __init__(self, session, channel_id, sock, socket_map):
                # Our state first: medusa's dispatcher forwards unknown
                # attributes to self.socket, which does not exist yet.
                self._ad_session = session
                self._ad_id = channel_id
                asyncore.dispatcher.__init__(self, None, socket_map)
                self.set_socket(sock)
                self.listen(5)  # the documented echo servers' backlog

            def handle_close(self):
                self._ad_session.emit(self._ad_id, "handle_close")
                server_class.handle_close(self)

            def handle_error(self):
                exc = sys.exc_info()[1]
                if self._ad_session.fatal is not None or isinstance(exc, impl.abort_class):
                    raise impl.abort_class()
                self._ad_session.emit(self._ad_id, "error", exception_kind(exc))
                server_class.handle_error(self)

        return Traced

    classes = {"accept": traced(AcceptServer)}
    if callable(getattr(asyncore.dispatcher, "handle_accepted", None)):
        classes["accepted"] = traced(AcceptedServer)
    for klass, name in ((AcceptServer, "EchoServer"), (AcceptedServer, "EchoServer")):
        klass.__name__ = name
    return classes


class ScriptedProducer(object):
    """A producer whose more() returns the declared chunks, then b"" forever."""

    def __init__(self, session, channel_id, producer_id, chunks):
        self._session = session
        self._channel = channel_id
        self._id = producer_id
        self._chunks = list(chunks)
        self._next = 0

    def more(self):
        data = b""
        if self._next < len(self._chunks):
            data = self._chunks[self._next]
            self._next += 1
        self._session.emit(self._channel, "more", self._id, as_data(data))
        return data


# How deep `on handle_close` reactions may re-enter handle_close (a push
# whose send meets a disconnect) before the adapter gives up, as the model
# and the reference do; without end they would exhaust the recursion limit.
_MAX_HANDLE_CLOSE_DEPTH = 64


def make_channel_class(impl):
    base = impl.chat_class

    class TracedChat(base):
        def __init__(self, session, channel_id, sock, socket_map):
            # Our own state first: medusa's dispatcher forwards unknown
            # attributes to self.socket, which does not exist yet.
            self._ad_session = session
            self._ad_id = channel_id
            self._ad_found = 0
            self._ad_reactions = {}  # found_terminator call number, "connect" or "handle_close": actions
            self._ad_producers = {}
            self._ad_log = False       # report log_info (the channel's log= setting)
            self._ad_in_error = False  # inside the implementation's handle_error
            self._ad_close_depth = 0
            base.__init__(self, sock, socket_map)  # positional: (sock|conn, map) in every version

        def collect_incoming_data(self, data):
            self._ad_session.emit(self._ad_id, "collect", _as_bytes(data))

        def found_terminator(self):
            self._ad_session.emit(self._ad_id, "found_terminator")
            self._ad_found += 1
            for action in self._ad_reactions.get(self._ad_found, ()):
                self._ad_session.perform(self, action)

        def handle_connect(self):
            self._ad_session.emit(self._ad_id, "connect")
            for action in self._ad_reactions.get("connect", ()):
                self._ad_session.perform(self, action)
            # FORMAT.md "Logging": the application leaves the rest to the
            # dispatcher's default (async_chat has none of its own), which
            # logs a warning. Version 1 never reports it, so it is not run.
            default = getattr(base, "handle_connect", None)
            if self._ad_session.version >= 2 and callable(default):
                default(self)

        def handle_close(self):
            # Recorded on entry, whoever called it (a version-2 record).
            # FORMAT.md `on handle_close`: the application's override runs the
            # actions, then the implementation's own handle_close unless
            # keep_open is among them.
            if self._ad_session.version >= 2:
                self._ad_session.emit(self._ad_id, "handle_close")
            reactions = self._ad_reactions.get("handle_close", ())
            if reactions:
                if self._ad_close_depth >= _MAX_HANDLE_CLOSE_DEPTH:
                    self._ad_session.abort("on handle_close reactions re-enter handle_close more than %d levels deep "
                                           "on channel %s" % (_MAX_HANDLE_CLOSE_DEPTH, self._ad_id))
                self._ad_close_depth += 1
                try:
                    for action in reactions:
                        if action[0] != "keep_open":
                            self._ad_session.perform(self, action)
                finally:
                    self._ad_close_depth -= 1
                if any(action[0] == "keep_open" for action in reactions):
                    return
            base.handle_close(self)

        def handle_error(self):
            exc = sys.exc_info()[1]
            if self._ad_session.fatal is not None or isinstance(exc, impl.abort_class):
                raise impl.abort_class()
            self._ad_session.emit(self._ad_id, "error", exception_kind(exc))
            self._ad_in_error = True
            try:
                base.handle_error(self)
            finally:
                self._ad_in_error = False

        def log_info(self, message, type="info"):
            """The implementation's own log_info; on a log= channel, a call
            that writes anything (to stdout or stderr) was not ignored and is
            reported, the default handle_error's with FORMAT.md's fixed
            message."""
            if not self._ad_log:
                return base.log_info(self, message, type)
            wrote = _writes_anything(lambda: base.log_info(self, message, type))
            if wrote:
                text = _as_bytes(HANDLE_ERROR_LOG_MESSAGE if self._ad_in_error else message)
                self._ad_session.emit(self._ad_id, "log", str(type), text)

    TracedChat.__name__ = TracedChat.__qualname__ = "TracedChat"
    return TracedChat


def make_app_classes(impl):
    """app= channels: [py2-asyncore-ja]'s applications on the implementation's own asyncore,
    each with a thin traced subclass. Returns {app name: traced class}."""
    asyncore = impl.loop

    # 004 "基本的な echo サーバーの例", as printed.
    class EchoHandler(asyncore.dispatcher_with_send):

        def handle_read(self):
            data = self.recv(8192)
            if data:
                self.send(data)

    # 004 "asyncoreの例：簡単なHTTPクライアント", in Python 3: the request is
    # bytes (send() wants bytes), the map is a parameter (the session's, not
    # the global one), and Python 2's `print self.recv(8192)` is
    # self.print_data(...) (Python 3's print would write the bytes' repr).
    class HTTPClient(asyncore.dispatcher):

        def __init__(self, host, path, map=None):
            asyncore.dispatcher.__init__(self, map=map)
            self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
            self.connect( (host, 80) )
            self.buffer = ('GET %s HTTP/1.0\r\n\r\n' % path).encode('ascii')

        def handle_connect(self):
            pass

        def handle_close(self):
            self.close()

        def handle_read(self):
            self.print_data(self.recv(8192))

        def writable(self):
            return (len(self.buffer) > 0)

        def handle_write(self):
            sent = self.send(self.buffer)
            self.buffer = self.buffer[sent:]

        def print_data(self, data):
            sys.stdout.write(data.decode('latin-1') + '\n')

    def traced(app_class):
        """Reports what only the application can tell: connect (handle_connect
        ran), error (handle_error ran; the application's own then runs)."""

        class Traced(app_class):
            def handle_connect(self):
                self._ad_session.emit(self._ad_id, "connect")
                app_class.handle_connect(self)

            def handle_error(self):
                exc = sys.exc_info()[1]
                if self._ad_session.fatal is not None or isinstance(exc, impl.abort_class):
                    raise impl.abort_class()
                self._ad_session.emit(self._ad_id, "error", exception_kind(exc))
                app_class.handle_error(self)

        return Traced

    class TracedEchoHandler(traced(EchoHandler)):
        def __init__(self, session, channel_id, sock, socket_map):
            # Our state first: medusa's dispatcher forwards unknown attributes
            # to self.socket, which does not exist yet.
            self._ad_session = session
            self._ad_id = channel_id
            EchoHandler.__init__(self, sock, socket_map)  # EchoHandler(sock), from an accepted socket

    class TracedHTTPClient(traced(HTTPClient)):
        def __init__(self, session, channel_id, sock, socket_map):
            self._ad_session = session
            self._ad_id = channel_id
            self._ad_sock = sock
            HTTPClient.__init__(self, "127.0.0.1", "/", socket_map)  # a local peer; the document's path

        def create_socket(self, family=socket.AF_INET, type=socket.SOCK_STREAM):
            # The scripted socket instead of a real one, set up as
            # dispatcher.create_socket sets up a new one.
            self.family_and_type = family, type
            self._ad_sock.setblocking(False)
            self.set_socket(self._ad_sock)

        def print_data(self, data):
            # An empty print prints nothing (no newline is added: FORMAT.md).
            if data:
                self._ad_session.emit(self._ad_id, "print", _as_bytes(data))

    for klass, name in ((TracedEchoHandler, "EchoHandler"), (TracedHTTPClient, "HTTPClient")):
        klass.__name__ = klass.__qualname__ = name
    return {APP_ECHO_HANDLER: TracedEchoHandler, APP_HTTP_CLIENT: TracedHTTPClient}


class Channel(object):
    def __init__(self, chat, sock, app=None, listener=None, accepted_by=None):
        # The async_chat (None until its listener accepts it, for an
        # accepted_by channel), or the application's or listener's dispatcher.
        self.chat = chat
        self.sock = sock
        self.app = app                  # None, or the app= name
        self.listener = listener        # None, or the listener= style
        self.accepted_by = accepted_by  # None, or the listener's id
        self.config = None              # an accepted_by channel's, until accepted


# ---------------------------------------------------------------------------
# The session: handshake, cases, inputs.

class Session(object):
    def __init__(self, impl, out):
        self.impl = impl
        self.out = out
        self.chat_class = make_channel_class(impl)
        self.app_classes = make_app_classes(impl) if "asyncore_apps" in impl.capabilities else {}
        self.listener_classes = make_listener_classes(impl) if "listeners" in impl.capabilities else {}
        self.handshaken = False
        self.version = PROTOCOL_VERSION
        self.in_case = False
        self.channels = {}
        self.socket_map = {}
        self.fatal = None
        self.next_fd = _FIRST_FD
        self._declared_set = (None, frozenset())

    # -- output --------------------------------------------------------------

    def send_line(self, line):
        # Flushed by RequestReader before it waits for the next request.
        self.out.write((line + "\n").encode("ascii"))

    def emit(self, channel_id, verb, *args):
        if not self.in_case:
            return  # the case ended: what its leftovers do is not reported
        self.send_line(record("<", channel_id, verb, *args))

    def abort(self, reason):
        """A fatal condition inside the implementation's call stack."""
        if self.fatal is None:
            self.fatal = reason
        raise self.impl.abort_class()

    # -- cases ---------------------------------------------------------------

    def reset_case(self):
        self.in_case = False
        self.channels = {}
        self.socket_map = {}
        self.fatal = None

    def create_listener(self, config):
        cid = config["id"]
        sock = FakeListenSocket(self, cid, self.next_fd)
        self.next_fd += 1
        try:
            server = self.listener_classes[config["listener"]](self, cid, sock, self.socket_map)
        except self.impl.abort_class:
            raise
        except BaseException as e:
            raise LineError("creating the listener failed: %s: %s" % (type(e).__name__, e))
        self.channels[cid] = Channel(server, sock, listener=config["listener"])

    def declare_accepted(self, config):
        """An accepted_by channel: its socket waits in its listener's queue."""
        cid = config["id"]
        by = self.channels.get(config["accepted_by"])
        if by is None or by.listener is None:
            raise LineError("accepted_by=%s names no listener declared before it" % config["accepted_by"])
        sock = FakeSocket(self, cid, self.next_fd, config["send_cap"],
                          report_recv=config["app"] is not None or self.version >= 2)
        self.next_fd += 1
        by.sock.pending.append(sock)
        ch = Channel(None, sock, app=config["app"], accepted_by=config["accepted_by"])
        ch.config = config
        self.channels[cid] = ch

    def accepted(self, listener_id, sock):
        """The listener application's `Handler(sock)`: the async_chat of the
        accepted_by channel whose socket was accepted, then `accepted`."""
        ch = next((c for c in self.channels.values() if c.sock is sock and c.chat is None), None)
        if ch is None:
            self.abort("listener %s accepted a socket no accepted_by channel owns" % listener_id)
        config = ch.config
        if config["app"] is not None:  # the echo server's EchoHandler(sock)
            ch.chat = self.app_classes[config["app"]](self, config["id"], sock, self.socket_map)
            self.emit(listener_id, "accepted", config["id"])
            return
        chat = self.chat_class(self, config["id"], sock, self.socket_map)
        if config["in_buffer"] is not None:
            chat.ac_in_buffer_size = config["in_buffer"]
        if config["out_buffer"] is not None:
            chat.ac_out_buffer_size = config["out_buffer"]
        ch.chat = chat
        self.emit(listener_id, "accepted", config["id"])

    def create_channel(self, config):
        cid = config["id"]
        if config["listener"] is not None:
            return self.create_listener(config)
        if config["accepted_by"] is not None:
            return self.declare_accepted(config)
        # An app= channel's recvs are always reported; an async_chat's only
        # in a version-2 session (FORMAT.md "Version 2").
        report_recv = config["app"] is not None or self.version >= 2
        sock = FakeSocket(self, cid, self.next_fd, config["send_cap"], report_recv=report_recv)
        self.next_fd += 1
        if config["app"] is not None:
            try:
                app = self.app_classes[config["app"]](self, cid, sock, self.socket_map)
            except self.impl.abort_class:
                raise
            except BaseException as e:
                raise LineError("creating the channel failed: %s: %s" % (type(e).__name__, e))
            self.channels[cid] = Channel(app, sock, config["app"])
            return
        try:
            if config["connected"]:
                chat = self.chat_class(self, cid, sock, self.socket_map)
            else:
                # What a client does: create_socket() (a non-blocking socket
                # put in the map), then connect(), whose connect_ex() answers
                # EINPROGRESS; the dispatcher is left connecting.
                chat = self.chat_class(self, cid, None, self.socket_map)
                sock.setblocking(False)
                chat.set_socket(sock)
            if config["in_buffer"] is not None:
                chat.ac_in_buffer_size = config["in_buffer"]
            if config["out_buffer"] is not None:
                chat.ac_out_buffer_size = config["out_buffer"]
            if config["log"] is not None:
                chat._ad_log = True
                if config["log"] == "all":
                    chat.ignore_log_types = frozenset()  # what the application sets: nothing ignored
            if not config["connected"]:
                chat.connect(("127.0.0.1", 0))
        except self.impl.abort_class:
            raise
        except BaseException as e:
            raise LineError("creating the channel failed: %s: %s" % (type(e).__name__, e))
        self.channels[cid] = Channel(chat, sock)

    def perform(self, chat, action):
        """An application call on the channel; exceptions propagate."""
        verb = action[0]
        if verb == "set_terminator":
            chat.set_terminator(action[1])
        elif verb == "push":
            chat.push(action[1])
        elif verb == "push_typed":
            kind, data = action[1], action[2]
            if kind == "bytearray":
                data = bytearray(data)
            elif kind == "memoryview":
                data = memoryview(data)
            elif kind == "str":
                data = data.decode("latin-1")
            elif kind == "int":
                data = int(data.decode("ascii"))
            elif kind == "none":
                data = None
            chat.push(data)
        elif verb == "push_with_producer" and action[1] is None:
            chat.push_with_producer(action[2])  # a plain bytes object
        elif verb == "push_with_producer":
            chunks = chat._ad_producers.get(action[1])
            if chunks is None:
                self.abort("producer %s used before it is declared on channel %s" % (action[1], chat._ad_id))
            chat.push_with_producer(ScriptedProducer(self, chat._ad_id, action[1], chunks))
        elif verb == "close_when_done":
            chat.close_when_done()
        elif verb == "discard_buffers":
            chat.discard_buffers()
        elif verb == "close":
            chat.close()
        else:  # parse_action admits nothing else
            raise AssertionError(verb)

    def dispatch(self, channel_id, event):
        """A loop event: the implementation's asyncore read()/write() wrapper.
        What escapes it (it re-raises ExitNow, KeyboardInterrupt, SystemExit;
        an exception inside handle_error) would leave the loop: `raise`."""
        try:
            event(self.channels[channel_id].chat)
        except self.impl.abort_class:
            raise
        except BaseException as e:
            self.emit(channel_id, "raise", exception_kind(e))

    def run_listener_input(self, channel_id, action):
        ch = self.channels[channel_id]
        verb = action[0]
        if verb == "close":  # the application's close()
            try:
                ch.chat.close()
            except self.impl.abort_class:
                raise
            except BaseException as e:
                self.emit(channel_id, "raise", exception_kind(e))
            return
        if ch.sock.closed:
            return  # a loop drops a closed channel
        if verb == "poll":
            read, write = loop_watches(self.impl, ch.chat)
            self.emit(channel_id, "poll", "readable=%d" % read, "writable=%d" % write)
        elif verb == "accept":
            if action[1] is not None:
                ch.sock.accept_steps.append(action[1])
            elif not ch.sock.queue_connection():
                self.abort("listener %s accepts a connection but no accepted_by=%s channel is left to create"
                           % (channel_id, channel_id))
            self.dispatch(channel_id, self.impl.read)

    def run_input(self, channel_id, action):
        ch = self.channels[channel_id]
        verb = action[0]
        if ch.listener is not None:
            return self.run_listener_input(channel_id, action)
        if ch.chat is None:
            # Not accepted (yet): there is no channel to give the input to. The
            # suite's model refuses such a scenario, so here the
            # implementation failed to accept, and the missing outputs say so.
            return
        if verb in _APPLICATION_VERBS:
            try:
                self.perform(ch.chat, action)
            except self.impl.abort_class:
                raise
            except BaseException as e:
                self.emit(channel_id, "raise", exception_kind(e))
        elif verb == "read":
            if ch.sock.closed:
                return  # a loop drops a closed channel
            if action[1] == "data":
                ch.sock.recv_steps.append(("data", action[2]))
            elif action[1] == "eof":
                ch.sock.recv_steps.append(("eof",))
            elif action[1] == "wouldblock":
                ch.sock.recv_steps.append(("error", errno.EAGAIN))
            else:
                ch.sock.recv_steps.append(("error", action[2]))
            self.dispatch(channel_id, self.impl.read)
        elif verb == "write":
            if not ch.sock.closed:
                self.dispatch(channel_id, self.impl.write)
        elif verb == "poll":
            if not ch.sock.closed:
                # What a select() pass asks before it waits.
                self.emit(channel_id, "poll", "readable=%d" % bool(ch.chat.readable()),
                          "writable=%d" % bool(ch.chat.writable()))
        elif verb == "send_budget":
            ch.sock.send_steps.append(("budget", action[1]))
        elif verb == "send_error":
            ch.sock.send_steps.append(("error", action[1]))
        elif verb == "producer":
            ch.chat._ad_producers[action[1]] = action[2]
        elif verb == "on":
            ch.chat._ad_reactions.setdefault(action[1], []).append(action[2])

    # -- lines ---------------------------------------------------------------

    def declared(self):
        """The capabilities this session's hello declares: a version-1
        session has none of version 2."""
        return [c for c in self.impl.capabilities if self.version >= 2 or c not in V2_CAPABILITIES]

    def refuse(self, needed):
        """Answers `unsupported` for what this session did not declare."""
        if not needed:
            return False
        # Asked for every line: the set is worked out once per version.
        if self._declared_set[0] != self.version:
            self._declared_set = (self.version, frozenset(self.declared()))
        missing = sorted(needed - self._declared_set[1])
        if not missing:
            return False
        self.send_line("unsupported %s" % quote("needs capability %s, which this adapter does not declare"
                                                 % " ".join(missing)))
        return True

    def hello(self):
        words = self.declared()
        if self.impl.fixed_buffer_sizes:
            words += ["in_buffer=%d" % self.impl.fixed_buffer_sizes[0], "out_buffer=%d" % self.impl.fixed_buffer_sizes[1]]
        elif self.version >= 2:
            # PROTOCOL.md "Handshake": the class's own defaults (CPython 3's
            # are 65536, the documents' 4096), so that a version-2 transcript's
            # recv sizes are judged against what this implementation asks
            # for; the defaults.* cases still report the difference, once.
            sizes = [getattr(self.impl.chat_class, name, None) for name in ("ac_in_buffer_size", "ac_out_buffer_size")]
            if all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in sizes):
                words += ["in_buffer=%d" % sizes[0], "out_buffer=%d" % sizes[1]]
        return "hello %d %s %s" % (self.version, quote(self.impl.description), " ".join(words))

    def handle_line(self, line):
        """Answers one request line; returns False to end the session."""
        toks = tokenize(line)
        if not toks:
            raise LineError("empty line")
        if toks[0].is_bytes:
            raise LineError("a line starts with a keyword or '>'")
        head = toks[0].value
        if head == "asynchat-driver":
            if len(toks) != 2 or toks[1].is_bytes or not toks[1].value.isdigit():
                raise LineError("the handshake is 'asynchat-driver <version>'")
            self.handshaken = True
            # The newest version both speak; in a version-1 session no
            # version-2 output (recv of a chat channel, handle_close, log)
            # is reported.
            self.version = max(1, min(PROTOCOL_VERSION, int(toks[1].value)))
            self.send_line(self.hello())
            return True
        if head == "quit":
            if len(toks) != 1:
                raise LineError("quit takes no arguments")
            self.send_line("ok")  # every request is answered, as the C++ adapter does
            return False
        if not self.handshaken:
            raise LineError("expected the handshake 'asynchat-driver %d' first" % PROTOCOL_VERSION)
        if head == "case":
            if len(toks) != 2 or not toks[1].is_bytes:
                raise LineError('case takes one quoted id: case "<id>"')
            self.reset_case()
            self.in_case = True
            self.send_line("ok")
            return True
        if head == "end":
            if len(toks) != 1:
                raise LineError("end takes no arguments")
            if not self.in_case:
                raise LineError("end outside a case")
            self.reset_case()
            self.send_line("ok")
            return True
        if head == "channel":
            config = parse_channel_line(toks)
            if not self.in_case:
                raise LineError("channel outside a case")
            if config["id"] in self.channels:
                raise LineError("channel %s declared twice" % config["id"])
            needed = set()
            if config["in_buffer"] is not None or config["out_buffer"] is not None:
                needed.add("buffer_sizes")
            if config["send_cap"] is not None:
                needed.add("send_control")
            if not config["connected"]:
                needed.add("connect")
            if config["app"] is not None:
                needed.add("asyncore_apps")
            if config["log"] is not None and self.version < 2:
                raise LineError("log= is a channel setting of protocol version 2 (this session speaks 1)")
            if config["listener"] is not None or config["accepted_by"] is not None:
                needed.add("listeners")
            if config["log"] is not None:
                needed.add("logging")
            if self.refuse(needed):
                return True
            if config["listener"] is not None and config["listener"] not in self.listener_classes:
                self.send_line("unsupported %s" % quote(
                    "listener=%s needs dispatcher.handle_accepted (Python 3's asyncore), which %s lacks"
                    % (config["listener"], self.impl.description)))
                return True
            self.create_channel(config)
            self.send_line("ok")
            return True
        if head == ">":
            if len(toks) < 3:
                raise LineError("a record needs a channel and a verb")
            channel_id = expect_word(toks[1], "channel id")
            verb = expect_word(toks[2], "verb")
            action = parse_action(verb, toks[3:], False)
            if not self.in_case:
                raise LineError("input outside a case")
            if channel_id not in self.channels:
                raise LineError("channel %s used before it is declared" % channel_id)
            target = self.channels[channel_id]
            needed = {"listeners"} if target.listener is not None else capabilities_needed(action, target.app, self.version)
            if self.refuse(needed):
                return True
            problem = app_input_problem(channel_id, target.app, verb, self.version, target.listener)
            if problem:
                raise LineError(problem)
            try:
                self.run_input(channel_id, action)
            except self.impl.abort_class:
                pass
            if self.fatal is not None:
                reason, self.fatal = self.fatal, None
                raise LineError(reason)
            self.send_line("ok")
            return True
        if head == "<":
            raise LineError("outputs are the adapter's to send, not inputs")
        raise LineError("unknown request " + head)


def _shown(raw):
    """A request line for a message: non-ASCII bytes as \\xHH."""
    return "".join(chr(b) if b < 0x80 else "\\x%02x" % b for b in bytearray(raw))


def write_line(out, line):
    """One protocol line on the binary protocol stream."""
    out.write((line + "\n").encode("ascii"))
    out.flush()


class RequestReader(object):
    """The suite's request lines, read from a file descriptor in large chunks.

    Answers are written to a buffered stream and flushed only when no whole
    request is left to answer: a lock-step suite (PROTOCOL.md "Transport")
    still gets every answer before it sends the next line, and a suite that
    sends several lines at once (the `pipelining` capability) gets their
    answers in one write instead of one per line.
    """

    def __init__(self, fd, out):
        self.fd = fd
        self.out = out
        self.buf = b""
        self.pos = 0

    def readline(self):
        while True:
            end = self.buf.find(b"\n", self.pos)
            if end >= 0:
                line = self.buf[self.pos:end + 1]
                self.pos = end + 1
                return line
            self.out.flush()
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:
                line = self.buf[self.pos:]
                self.buf, self.pos = b"", 0
                return line
            self.buf = self.buf[self.pos:] + chunk
            self.pos = 0


def _broken_pipe(e):
    return isinstance(e, EnvironmentError) and e.errno == errno.EPIPE


def serve(session, stdin):
    try:
        return _serve_lines(session, stdin)
    finally:
        session.out.flush()


def _serve_lines(session, stdin):
    while True:
        raw = stdin.readline()
        if not raw:
            return 0  # end of stdin ends the session
        if raw.endswith(b"\n"):
            raw = raw[:-1]
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        try:
            try:
                line = raw.decode("ascii")
            except UnicodeDecodeError:
                raise LineError("the line is not ASCII")
            if not session.handle_line(line):
                return 0
        except LineError as e:
            session.send_line("fatal %s" % quote("%s: %s" % (e, _shown(raw))))
        except session.impl.abort_class:
            reason, session.fatal = session.fatal or "aborted", None
            session.send_line("fatal %s" % quote("%s: %s" % (reason, _shown(raw))))
        except Exception as e:  # the adapter's own bug: say so, keep stdout clean
            import traceback
            traceback.print_exc(file=sys.stderr)
            session.send_line("fatal %s" % quote("adapter error %s: %s: %s" % (type(e).__name__, e, _shown(raw))))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--impl", default="stdlib", help="stdlib (default), medusa, or file:PATH")
    try:
        args = parser.parse_args(argv)  # --help goes to the real stdout
        message = None
    except SystemExit as e:
        if e.code in (0, None):
            return 0
        message = "bad arguments: %s" % " ".join(argv)

    # The protocol gets the real stdout; everything printed by Python code
    # (print(), handle_error, log_info) and by C code writing to fd 1 goes to
    # stderr.
    sys.stdout.flush()
    protocol_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    out = io.open(protocol_fd, "wb")
    stdin = getattr(sys.stdin, "buffer", sys.stdin)  # Python 2's is bytes already

    if message is None:
        try:
            impl = load_implementation(args.impl)
        except ImplementationError as e:
            message = str(e)
    if message is not None:
        print("asynchat_adapter: %s" % message, file=sys.stderr)
        sys.stderr.flush()
        # Answer the handshake (a suite writing it to an exited process could
        # die of SIGPIPE), then fail.
        if not stdin.isatty():
            stdin.readline()
        try:
            write_line(out, "fatal %s" % quote(message))
        except EnvironmentError as e:
            if not _broken_pipe(e):
                raise
        return 2
    try:
        return serve(Session(impl, out), RequestReader(stdin.fileno(), out))
    except EnvironmentError as e:
        if not _broken_pipe(e):
            raise
        print("asynchat_adapter: the suite closed the protocol pipe", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
