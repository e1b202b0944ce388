"""Record what the async_chat channels of a live Python program did, as traces.

Contract:
  install(out_dir)   instrument every async_chat class the process imports
                     (stdlib asynchat, medusa's asynchat_25, a vendored copy:
                     any module-level class named async_chat) and write one
                     trace per channel into out_dir (traces/FORMAT.md)
  python3 -m asynchat_recorder -o DIR -- PROGRAM ARGS...
                     run PROGRAM (a script path, or -m MODULE) under install(DIR)
  sitecustomize.py beside this file calls install() when the environment has
  ASYNCHAT_RECORD_DIR (what `trace record-python` sets), so any interpreter
  command, including an installed script such as supervisord, is recorded.

A trace holds, per channel, as inputs: the read and write events the loop
delivered (with what recv() returned), what the application called (push,
push_with_producer with the chunks its more() returned, set_terminator,
close_when_done, discard_buffers, close), calls made inside found_terminator
as `on found_terminator N` reactions, and send_budget/send_error wherever a
send() did not accept everything it was offered; as outputs: the records the
library produced (collect, found_terminator, more, send, close, error,
connect). What the format cannot express (calls inside collect_incoming_data
or handle_connect, a handle_read the application replaced, a producer whose
more() returned something other than bytes) goes into the trace's note lines
and onto stderr; nothing is dropped silently.

A trace is written when its channel closes and again at exit if it changed.
Runs on the interpreter it is loaded into (Python 3.6 and later).
"""

import atexit
import os
import sys
import threading

_HERE = os.path.dirname(os.path.abspath(__file__))
for _candidate in (os.path.join(_HERE, "..", "..", "conformance", "adapters", "python"), _HERE):
    if os.path.exists(os.path.join(_candidate, "trace_text.py")) and _candidate not in sys.path:
        sys.path.append(_candidate)
import trace_text  # noqa: E402  (the project's one copy of record spelling)

_ACTIONS = ("push", "push_with_producer", "set_terminator", "close_when_done", "discard_buffers")
_CALLBACKS = ("collect_incoming_data", "found_terminator", "handle_close", "handle_error", "handle_connect")
_EVENTS = (("handle_read_event", "read"), ("handle_write_event", "write"), ("handle_expt_event", "expt"))


class _Group(object):
    """One input and what it caused: lines needed before it, then outputs."""

    def __init__(self, input_line):
        self.pre = []            # reactions and producer declarations (callables or text)
        self.input = input_line  # text, or None until the event's recv() fills it
        self.outputs = []
        self.sends = []          # ("accepted", offered_len, n) or ("error", offered_len, name)
        self.recvs = 0


class _Producer(object):
    def __init__(self, pid):
        self.id = pid
        self.chunks = []


class ChannelRecorder(object):
    """The record of one async_chat instance."""

    def __init__(self, recorder, chat, seq):
        self.recorder = recorder
        self.seq = seq
        cls = type(chat)
        self.class_name = "%s.%s" % (cls.__module__, cls.__name__)
        self.library = recorder.library_of(chat)
        self.in_buffer = getattr(chat, "ac_in_buffer_size", None)
        self.out_buffer = getattr(chat, "ac_out_buffer_size", None)
        self.groups = []
        self.stack = []          # frames: (kind, name, detail)
        self.found = 0
        self.producers = []
        self.notes = []
        self.version = 1
        self.closed = False
        self.dirty = False
        self.written_path = None
        self.chat = chat
        self.listener = False
        self.loop_event = False

    def is_listener(self):
        return self.listener or bool(getattr(self.chat, "accepting", False))

    # -- bookkeeping -------------------------------------------------------
    def note(self, text):
        if text not in self.notes:
            self.notes.append(text)
            sys.stderr.write("asynchat_recorder: channel %d (%s): %s\n" % (self.seq, self.class_name, text))

    def group(self):
        if not self.groups:
            self.note("an output came before any input; kept under an empty group")
            self.groups.append(_Group(None))
        return self.groups[-1]

    def out(self, verb, *args):
        self.group().outputs.append(trace_text.record("<", "c", verb, *args))
        self.dirty = True

    def innermost(self):
        return self.stack[-1] if self.stack else None

    # -- what the application called ---------------------------------------
    def action(self, verb, text_args, pre=()):
        """Place an application call; return True when it is the application's (not the library's own)."""
        frame = self.innermost()
        line_args = " ".join(text_args)
        if frame is None:
            g = _Group("> c %s%s" % (verb, (" " + line_args) if line_args else ""))
            g.pre.extend(pre)
            self.groups.append(g)
            self.dirty = True
            return True
        kind, name, detail = frame
        if kind == "callback" and name == "found_terminator":
            g = self.group()
            g.pre.extend(pre)
            g.pre.append("> c on found_terminator %d %s%s" % (detail, verb, (" " + line_args) if line_args else ""))
            return True
        if kind == "action":
            return False  # the library's own call inside an application call
        if verb == "close" and kind == "callback" and name in ("handle_close", "handle_error"):
            return False  # what the default handle_close/handle_error do
        if verb == "close" and kind == "event":
            return False
        self.note("%s called inside %s cannot be expressed in trace format version 1 or 2; its outputs are recorded, "
                  "so replay differs here" % (verb, name))
        return True


class _SocketProxy(object):
    """The channel's socket, reporting what recv() returned and send() accepted."""

    def __init__(self, sock, rec):
        object.__setattr__(self, "_sock", sock)
        object.__setattr__(self, "_rec", rec)

    def __getattr__(self, name):
        return getattr(self._sock, name)

    def __setattr__(self, name, value):
        setattr(self._sock, name, value)

    def recv(self, size, *flags):
        rec = self._rec
        try:
            data = self._sock.recv(size, *flags)
        except OSError as e:
            name = trace_text.errno_name(e.errno) if e.errno else type(e).__name__
            rec.recorder.recv_result(rec, "wouldblock" if name in ("EAGAIN", "EWOULDBLOCK") else "error " + name)
            raise
        rec.recorder.recv_result(rec, trace_text.quote(data) if data else "eof")
        return data

    def send(self, data, *flags):
        rec = self._rec
        offered = bytes(data)
        try:
            n = self._sock.send(data, *flags)
        except OSError as e:
            name = trace_text.errno_name(e.errno) if e.errno else type(e).__name__
            rec.recorder.send_result(rec, offered, None, name)
            raise
        rec.recorder.send_result(rec, offered, n, None)
        return n


class Recorder(object):
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.lock = threading.RLock()
        self.channels = []
        self.patched = set()
        self.checked = 0
        self.prefix = os.environ.get("ASYNCHAT_RECORD_PREFIX", "")
        self.program = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "python"

    def library_of(self, chat):
        for base in type(chat).__mro__:
            lib = getattr(base, "__dict__", {}).get("_asynchat_recorder_library")
            if lib:
                return lib
        return "?"

    # -- finding async_chat ------------------------------------------------
    def scan_modules(self):
        if len(sys.modules) == self.checked:
            return
        self.checked = len(sys.modules)
        for name, module in list(sys.modules.items()):
            cls = getattr(module, "__dict__", {}).get("async_chat") if module is not None else None
            if isinstance(cls, type) and cls not in self.patched and hasattr(cls, "collect_incoming_data") \
                    and hasattr(cls, "push") and getattr(cls, "__module__", None) == name:
                self.patch(cls, name)

    def patch(self, cls, module_name):
        self.patched.add(cls)
        cls._asynchat_recorder_library = module_name
        recorder = self
        original_init = cls.__init__

        def __init__(chat, *args, **kwargs):
            original_init(chat, *args, **kwargs)
            if "_asynchat_recorder" not in chat.__dict__:
                recorder.register(chat)
        cls.__init__ = __init__
        for verb in _ACTIONS:
            if verb in cls.__dict__:
                setattr(cls, verb, self._action_wrapper(verb, cls.__dict__[verb]))
        if "handle_read" in cls.__dict__:
            cls.handle_read = self._read_wrapper(cls.__dict__["handle_read"])

    def _read_wrapper(self, original):
        recorder = self

        def handle_read(chat):
            rec = chat.__dict__.get("_asynchat_recorder")
            if rec is None or any(f[0] == "event" and f[1] == "read" for f in rec.stack):
                return original(chat)
            with recorder.lock:
                g = _Group(None)
                rec.groups.append(g)
                rec.stack.append(("event", "read", g))
            try:
                return original(chat)
            finally:
                with recorder.lock:
                    rec.stack.pop()
                    if g.input is None:
                        if g.outputs or g.pre or g.sends:
                            rec.note("a read event without a recv() produced outputs")
                            g.input = "> c read wouldblock"
                        else:
                            rec.groups.remove(g)
        handle_read.__doc__ = original.__doc__
        return handle_read

    def _action_wrapper(self, verb, original):
        recorder = self

        def wrapper(chat, *args, **kwargs):
            rec = chat.__dict__.get("_asynchat_recorder")
            if rec is None:
                return original(chat, *args, **kwargs)
            with recorder.lock:
                text, pre = recorder.describe(rec, chat, verb, args)
                rec.action(verb, text, pre)
                rec.stack.append(("action", verb, None))
            try:
                return original(chat, *args, **kwargs)
            finally:
                rec.stack.pop()
        wrapper.__name__ = verb
        wrapper.__doc__ = original.__doc__
        return wrapper

    def describe(self, rec, chat, verb, args):
        """The call's arguments as trace fields, and lines to put before it."""
        if verb == "push":
            data = args[0] if args else b""
            if isinstance(data, (bytes, bytearray, memoryview)):
                return [trace_text.quote(bytes(data))], []
            rec.note("push of a %s, not bytes; recorded as push_typed str" % type(data).__name__)
            if isinstance(data, str):
                return ["str", trace_text.quote(data.encode("latin-1", "replace"))], []
            return ["bytes", trace_text.quote(b"")], []
        if verb == "set_terminator":
            return [trace_text.terminator_text(args[0] if args else None)], []
        if verb == "push_with_producer":
            producer = args[0] if args else None
            if isinstance(producer, (bytes, bytearray)):
                rec.version = 2
                return [trace_text.quote(bytes(producer))], []
            p = _Producer("p%d" % (len(rec.producers) + 1))
            rec.producers.append(p)
            self.wrap_producer(rec, producer, p)
            return [p.id], [p]
        return [], []

    def wrap_producer(self, rec, producer, p):
        original = producer.more
        recorder = self

        def more():
            data = original()
            with recorder.lock:
                if isinstance(data, (bytes, bytearray)):
                    p.chunks.append(bytes(data))
                    rec.out("more", p.id, bytes(data))
                else:
                    rec.note("producer %s's more() returned a %s, which a trace cannot declare" %
                             (p.id, type(data).__name__))
            return data
        try:
            producer.more = more
        except (AttributeError, TypeError):
            rec.note("producer %s (%s) does not let more() be observed; its chunks are not declared" %
                     (p.id, type(producer).__name__))

    # -- one channel -------------------------------------------------------
    def register(self, chat):
        self.scan_modules()
        with self.lock:
            rec = ChannelRecorder(self, chat, len(self.channels) + 1)
            chat.__dict__["_asynchat_recorder"] = rec
            self.channels.append(rec)
            sock = chat.__dict__.get("socket")
            if sock is not None:
                chat.__dict__["socket"] = _SocketProxy(sock, rec)
            for method, kind in _EVENTS:
                self.wrap_event(chat, rec, method, kind)
            for method in _CALLBACKS:
                self.wrap_callback(chat, rec, method)
            self.wrap_close(chat, rec)
            self.wrap_initiate_send(chat, rec)

    def wrap_event(self, chat, rec, method, kind):
        original = getattr(chat, method, None)
        if original is None:
            return
        recorder = self

        def event():
            with recorder.lock:
                rec.listener = rec.listener or rec.is_listener()
                if rec.stack:
                    rec.note("a %s event inside %s" % (kind, rec.stack[-1][1]))
                if kind == "read":
                    # The group opens when async_chat's own handle_read runs
                    # (_read_wrapper): a handle_read the application
                    # replaced is not async_chat's reading.
                    rec.loop_event = True
                    try:
                        return original()
                    finally:
                        rec.loop_event = False
                g = _Group("> c write")
                if kind == "expt":
                    rec.note("an exceptional-condition event (handle_expt_event) has no trace record")
                    g.input = None
                rec.groups.append(g)
                rec.stack.append(("event", kind, g))
            try:
                return original()
            finally:
                with recorder.lock:
                    rec.stack.pop()
                    if g.input is None and not (g.outputs or g.pre or g.sends):
                        rec.groups.remove(g)
        setattr(chat, method, event)

    def wrap_callback(self, chat, rec, method):
        original = getattr(chat, method, None)
        if original is None:
            return
        recorder = self

        def callback(*args):
            with recorder.lock:
                frame = rec.innermost()
                if method == "handle_close" and (frame is None or frame[:2] == ("callback", "found_terminator")):
                    # The application (or its loop, directly) asked the channel to close: in a trace, close.
                    if frame is None and rec.loop_event:
                        rec.note("handle_close called inside the application's own handle_read (no async_chat "
                                 "read): recorded as the application's close")
                    elif frame is None:
                        rec.note("handle_close called outside a read or write event (a loop's hang-up or error "
                                 "report, or a timer): recorded as the application's close")
                    rec.action("close", [])
                    rec.stack.append(("action", "close", None))
                else:
                    if method == "collect_incoming_data":
                        rec.out("collect", bytes(args[0]) if args else b"")
                    elif method == "found_terminator":
                        rec.found += 1
                        rec.out("found_terminator")
                    elif method == "handle_error":
                        rec.out("error", trace_text.exception_kind(sys.exc_info()[1]))
                    elif method == "handle_connect":
                        rec.out("connect")
                    rec.stack.append(("callback", method, rec.found))
            try:
                return original(*args)
            finally:
                rec.stack.pop()
        setattr(chat, method, callback)

    def wrap_close(self, chat, rec):
        original = chat.close
        recorder = self

        def close():
            with recorder.lock:
                rec.listener = rec.is_listener()
                if not rec.closed:
                    rec.action("close", [])
                rec.stack.append(("action", "close", None))
                if not rec.closed:
                    rec.closed = True
                    rec.out("close")
            try:
                return original()
            finally:
                rec.stack.pop()
                recorder.write(rec)
        chat.close = close

    def wrap_initiate_send(self, chat, rec):
        original = chat.initiate_send
        recorder = self

        def initiate_send():
            with recorder.lock:
                frame = rec.innermost()
                if frame is None or frame[:2] == ("callback", "found_terminator"):
                    # An application calling initiate_send itself: what a write event does.
                    if frame is None:
                        rec.groups.append(_Group("> c write"))
                    else:
                        rec.note("initiate_send called inside found_terminator has no reaction record")
                rec.stack.append(("action", "initiate_send", None))
            try:
                return original()
            finally:
                rec.stack.pop()
        chat.initiate_send = initiate_send

    # -- socket results ----------------------------------------------------
    def recv_result(self, rec, text):
        with self.lock:
            frame = None
            for f in reversed(rec.stack):
                if f[0] == "event":
                    frame = f
                    break
            if frame is None or frame[1] != "read":
                if frame is None:
                    rec.note("the application's own handle_read received data (recv results not recorded; "
                             "a trace's read would hand them to async_chat's collect_incoming_data)")
                else:
                    rec.note("recv() outside a read event; its result (%s) has no input record" % text)
                return
            g = frame[2]
            g.recvs += 1
            if g.recvs > 1:
                rec.note("several recv() calls in one read event; only the first is a read input")
                return
            g.input = "> c read " + text

    def send_result(self, rec, offered, accepted, error):
        with self.lock:
            g = rec.group()
            if error is None:
                g.sends.append(("accepted", len(offered), accepted))
                rec.out("send", offered, str(accepted))
            else:
                g.sends.append(("error", len(offered), error))
                rec.out("send", offered, "error", error)

    # -- writing -----------------------------------------------------------
    def render(self, rec):
        lines = ["asynchat-trace %d" % rec.version,
                 "description " + trace_text.quote(("%s channel %d of %s, recorded live" %
                                                    (rec.class_name, rec.seq, self.program)).encode()),
                 "origin recording record-python %s %s" % (rec.library, rec.class_name)]
        for n in rec.notes:
            lines.append("note " + trace_text.quote(n.encode()))
        decl = "channel c"
        if rec.in_buffer is not None:
            decl += " in_buffer=%d" % rec.in_buffer
        if rec.out_buffer is not None:
            decl += " out_buffer=%d" % rec.out_buffer
        lines.append(decl)
        for g in rec.groups:
            last_special = -1
            for i, s in enumerate(g.sends):
                if s[0] == "error" or s[2] < s[1]:
                    last_special = i
            for i in range(last_special + 1):
                s = g.sends[i]
                lines.append("> c send_error %s" % s[2] if s[0] == "error" else "> c send_budget %d" % s[2])
            for p in g.pre:
                if isinstance(p, _Producer):
                    lines.append(" ".join(["> c producer", p.id] + [trace_text.quote(c) for c in p.chunks]))
                else:
                    lines.append(p)
            if g.input is not None:
                lines.append(g.input)
            lines.extend(g.outputs)
        return "\n".join(lines) + "\n"

    def write(self, rec):
        with self.lock:
            if not rec.dirty:
                return
            if rec.is_listener():
                if not rec.written_path:
                    rec.written_path = "(listener)"
                    sys.stderr.write("asynchat_recorder: channel %d (%s) listens: not recorded (an async_chat used "
                                     "as a listening socket has no reads or pushes of its own)\n" %
                                     (rec.seq, rec.class_name))
                return
            if rec.written_path is None:
                base = "%s%03d-%s" % (self.prefix, rec.seq, rec.class_name.rsplit(".", 1)[-1])
                path = os.path.join(self.out_dir, base + ".trace")
                if os.path.exists(path):
                    path = os.path.join(self.out_dir, "%s-pid%d.trace" % (base, os.getpid()))
                rec.written_path = path
            with open(rec.written_path, "w") as f:
                f.write(self.render(rec))
            rec.dirty = False

    def write_all(self):
        for rec in list(self.channels):
            self.write(rec)


_installed = None


def install(out_dir):
    """Instrument async_chat in this process; traces go to out_dir."""
    global _installed
    if _installed is not None:
        return _installed
    if not os.path.isdir(out_dir):
        os.makedirs(out_dir)
    recorder = Recorder(out_dir)
    _installed = recorder
    recorder.scan_modules()
    import builtins
    original_import = builtins.__import__

    def importing(*args, **kwargs):
        module = original_import(*args, **kwargs)
        recorder.scan_modules()
        return module
    builtins.__import__ = importing
    atexit.register(recorder.write_all)
    return recorder


def main(argv):
    usage = "usage: python3 -m asynchat_recorder -o DIR -- PROGRAM [ARGS...] | -m MODULE [ARGS...]\n"
    if len(argv) < 4 or argv[0] != "-o" or argv[2] != "--":
        sys.stderr.write(usage)
        return 2
    install(argv[1])
    program = argv[3:]
    import runpy
    if program[0] == "-m" and len(program) > 1:
        sys.argv = [program[1]] + program[2:]
        _installed.program = program[1]
        runpy.run_module(program[1], run_name="__main__", alter_sys=True)
    else:
        if not os.path.exists(program[0]):
            sys.stderr.write("asynchat_recorder: no such program: %s\n" % program[0])
            return 2
        sys.argv = list(program)
        _installed.program = os.path.basename(program[0])
        sys.path.insert(0, os.path.dirname(os.path.abspath(program[0])))
        runpy.run_path(program[0], run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
