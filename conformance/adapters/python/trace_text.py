"""The line vocabulary of traces and of the driver protocol, for every Python
script of the project (traces/FORMAT.md, conformance/PROTOCOL.md).

One copy of what the C++ side keeps in traces/: byte escaping exactly as
traces/bytes_escape.cc, the line tokenizer as traces/trace_format.cc's
Tokenize, 64-bit integers, terminators, errno names in the preference order
of traces/errno_names.cc, and PROTOCOL.md's exception kinds.

  escape_bytes(b) / unescape_bytes(s)   bytes <-> the text between the quotes
  quote(b)                              '"' + escape_bytes(b) + '"' (text is
                                        encoded as UTF-8 first)
  field(v) / record(mark, channel, verb, *args)
                                        a record's fields: bytes-like values
                                        quoted, anything else as it is
  as_data(b)                            b as a field that is quoted on
                                        Python 2 too (where bytes is str)
  terminator_text(t)                    none, int:N or str:"..."
  tokenize(line) -> [Tok]               words and quoted byte strings
  int64(text)                           a protocol integer, range-checked
  errno_name(n) / errno_from_name(s)    ECONNRESET <-> errno.ECONNRESET
  exception_kind(exc)                   ValueError, OSError:EPIPE, ...
  read_inputs(channel, data, size)      '> c read "..."' lines cutting data
  read_inputs_at(channel, data, cuts)   into reads

Malformed input raises LineError with the C++ parser's message.

The adapter beside this file imports it directly; scripts elsewhere put this
directory on sys.path by a path relative to their own file, which holds in a
Bazel runfiles tree too when their target has
//conformance/adapters/python:trace_text as data.

Runs on Python 3.6 and later and on Python 2.7 (the adapter's --impl
cpython2.7): no syntax newer than 2.7 (no f-strings, no keyword-only
arguments), and on 2.7 byte strings are str, so data goes into records
through as_data.
"""

import errno
import numbers
import re

INT64_MIN = -2 ** 63
INT64_MAX = 2 ** 63 - 1


class LineError(Exception):
    """A line that cannot be parsed or used."""


# ---------------------------------------------------------------------------
# Errno names: the same preference as traces/errno_names.cc (EAGAIN before
# EWOULDBLOCK, which Linux gives one value), then Python's errno module.

PREFERRED_ERRNO_NAMES = (
    "EAGAIN", "EWOULDBLOCK", "EINTR", "ECONNRESET", "EPIPE", "ENOTCONN",
    "ESHUTDOWN", "ECONNABORTED", "EBADF", "ECONNREFUSED", "ETIMEDOUT",
    "EHOSTUNREACH", "ENETUNREACH", "ENOBUFS", "ENOMEM", "EIO", "EINVAL",
    "EMFILE", "ENFILE", "EACCES", "EPERM",
)


def errno_name(number):
    for name in PREFERRED_ERRNO_NAMES:
        if getattr(errno, name, None) == number:
            return name
    return errno.errorcode.get(number, "E%d" % number)


def errno_from_name(name):
    """The number of an errno name this platform has, else None."""
    value = getattr(errno, name, None)
    if isinstance(value, int) and name.startswith("E") and value in errno.errorcode:
        return value
    return None


# Python 2 has no BlockingIOError class for sockets: its socket.error (an
# IOError) carries the errno, and these are the errnos Python 3 gives
# BlockingIOError.
_BLOCKING_ERRNOS = tuple(getattr(errno, name) for name in ("EAGAIN", "EWOULDBLOCK", "EALREADY", "EINPROGRESS")
                         if hasattr(errno, name))
try:
    _BLOCKING_IO_ERROR = BlockingIOError
except NameError:  # Python 2
    _BLOCKING_IO_ERROR = None


def exception_kind(exc):
    """PROTOCOL.md's naming: the class name, except OSError:<ENAME> for an
    OSError (or a subclass other than BlockingIOError) that carries an errno.
    On Python 2, OSError means EnvironmentError (socket.error is an IOError),
    and one with a would-block errno is named BlockingIOError as Python 3
    would raise it."""
    if exc is None:
        return "NoException"
    if isinstance(exc, EnvironmentError) and isinstance(exc.errno, int):
        if _BLOCKING_IO_ERROR is not None:
            if isinstance(exc, _BLOCKING_IO_ERROR):
                return type(exc).__name__
        elif exc.errno in _BLOCKING_ERRNOS:
            return "BlockingIOError"
        return "OSError:" + errno_name(exc.errno)
    return type(exc).__name__


# ---------------------------------------------------------------------------
# Byte escaping, exactly as traces/bytes_escape.cc: printable ASCII kept,
# \n \r \t \\ \" named, every other byte \xHH (lowercase; either case read).

_NAMED_ESCAPES = {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x5C: "\\\\", 0x22: '\\"'}
_UNESCAPE_NAMED = {"n": 0x0A, "r": 0x0D, "t": 0x09, "\\": 0x5C, '"': 0x22}
_HEX = "0123456789abcdefABCDEF"
_BYTES_LIKE = (bytes, bytearray, memoryview)
# What a record quotes. On Python 2 `bytes` is `str`, the type of words too,
# so there byte strings are passed as bytearray (see as_data).
_QUOTED = (bytearray,) if bytes is str else (bytes, bytearray)


def escape_bytes(data):
    out = []
    for c in bytearray(data):
        named = _NAMED_ESCAPES.get(c)
        if named is not None:
            out.append(named)
        elif 0x20 <= c < 0x7F:
            out.append(chr(c))
        else:
            out.append("\\x%02x" % c)
    return "".join(out)


def unescape_bytes(s):
    """Inverse of escape_bytes; LineError names the bad escape and its column."""
    out = bytearray()
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c != "\\":
            if ord(c) < 0x20 or ord(c) >= 0x7F:
                raise LineError("unescaped control or non-ASCII byte at column %d" % i)
            out.append(ord(c))
            i += 1
            continue
        if i + 1 >= n:
            raise LineError("dangling backslash at column %d" % i)
        e = s[i + 1]
        if e in _UNESCAPE_NAMED:
            out.append(_UNESCAPE_NAMED[e])
            i += 2
        elif e == "x":
            hexdigits = s[i + 2:i + 4]
            if len(hexdigits) != 2 or any(h not in _HEX for h in hexdigits):
                raise LineError("bad \\x escape at column %d (two hex digits expected)" % i)
            out.append(int(hexdigits, 16))
            i += 4
        else:
            raise LineError("unknown escape \\%s at column %d" % (e, i))
    return bytes(out)


def quote(data):
    """A quoted byte string; text is written as its UTF-8 bytes."""
    if not isinstance(data, _BYTES_LIKE):
        data = data.encode("utf-8", "backslashreplace")
    return '"' + escape_bytes(data) + '"'


def as_data(value):
    """A byte string (or anything with the buffer interface) as a record
    field that is quoted on Python 2 as well as 3."""
    return bytearray(memoryview(value).tobytes())


def field(value):
    """One field of a record: bytes and bytearrays quoted (on Python 2, where
    bytes is str, bytearrays only), words as they are."""
    return quote(value) if isinstance(value, _QUOTED) else value


def record(mark, channel_id, verb, *args):
    """A record line: '<' or '>', the channel, the verb, then the fields."""
    return " ".join([mark, channel_id, verb] + [field(a) for a in args])


def terminator_text(terminator):
    """set_terminator's argument as a trace writes it: none, int:N, str:"..."."""
    if terminator is None:
        return "none"
    if isinstance(terminator, numbers.Integral):
        return "int:%d" % terminator
    return "str:" + quote(terminator)


# ---------------------------------------------------------------------------
# Tokens, as traces/trace_format.cc's Tokenize: words and quoted byte strings,
# separated by spaces; `str:"..."` is the word `str:` followed by the bytes.

class Tok(object):
    """A word (is_bytes False, value text) or a string (is_bytes True, value bytes)."""
    __slots__ = ("is_bytes", "value")

    def __init__(self, is_bytes, value):
        self.is_bytes = is_bytes
        self.value = value

    def describe(self):
        return quote(self.value) if self.is_bytes else self.value


# The common case, a line of well-formed tokens, in one regular-expression
# pass; any other line (and every error) takes the checked tokenizer below,
# whose messages name the column. _FAST_STRING is a quoted string whose escapes
# are all valid, so its unescaping cannot fail.
_FAST_STRING = r'"(?:[ !#-\[\]-~]|\\[nrt\\"]|\\x[0-9a-fA-F]{2})*"'
_FAST_TOKEN = r'(?:str:%s|%s|[^ "]+)' % (_FAST_STRING, _FAST_STRING)
_FAST_LINE_RE = re.compile(r' *(?:%s(?: +%s)*)? *\Z' % (_FAST_TOKEN, _FAST_TOKEN))
_FAST_PARTS_RE = re.compile(r'(str:)?"((?:[^"\\]|\\.)*)"|([^ "]+)')
_ESCAPE_RE = re.compile(br'\\(?:x(..)|(.))')
_ONE_BYTE = [bytes(bytearray([b])) for b in range(256)]  # bytes on Python 3, str on 2


def _unescape_checked(m):
    if m.group(1) is not None:
        return _ONE_BYTE[int(m.group(1), 16)]
    return _ONE_BYTE[_UNESCAPE_NAMED[m.group(2).decode("ascii")]]


def _unescape_valid(s):
    """unescape_bytes of a string _FAST_STRING matched."""
    data = s.encode("ascii")
    if b"\\" in data:
        data = _ESCAPE_RE.sub(_unescape_checked, data)
    return data


def tokenize(line):
    if _FAST_LINE_RE.match(line) is None:
        return _tokenize_checked(line)
    out = []
    for str_word, text, word in _FAST_PARTS_RE.findall(line):
        if word:
            out.append(Tok(False, word))
            continue
        if str_word:
            out.append(Tok(False, str_word))
        out.append(Tok(True, _unescape_valid(text)))
    return out


def _tokenize_checked(line):
    out = []
    i = 0
    n = len(line)
    while i < n:
        if line[i] == " ":
            i += 1
            continue
        if line[i] == '"':
            j = i + 1
            while j < n and line[j] != '"':
                j += 2 if line[j] == "\\" else 1
            if j >= n:
                raise LineError("unterminated string starting at column %d" % (i + 1))
            try:
                out.append(Tok(True, unescape_bytes(line[i + 1:j])))
            except LineError as e:
                raise LineError("bad string: %s" % e)
            i = j + 1
            if i < n and line[i] != " ":
                raise LineError("missing space after string at column %d" % (i + 1))
            continue
        j = i
        while j < n and line[j] not in ' "':
            j += 1
        out.append(Tok(False, line[i:j]))
        if j < n and line[j] == '"' and line[i:j] != "str:":
            raise LineError("missing space before string at column %d" % (j + 1))
        i = j
    return out


def int64(text):
    """An integer of the protocol (traces/FORMAT.md: every number is 64-bit
    signed), refused by value beyond that range as the C++ parser does,
    although Python's own ints would take it."""
    value = int(text)
    if not INT64_MIN <= value <= INT64_MAX:
        raise LineError("integer %s is out of range (trace integers are 64-bit: %d to %d)"
                        % (text, INT64_MIN, INT64_MAX))
    return value


# ---------------------------------------------------------------------------
# Inputs for scenario generators.

def read_inputs(channel, data, size):
    """'> channel read "..."' lines delivering data in reads of `size` bytes."""
    return [record(">", channel, "read", as_data(data[i:i + size])) for i in range(0, len(data), size)]


def read_inputs_at(channel, data, cuts):
    """Reads of `data` cut at the given offsets (empty pieces left out)."""
    bounds = [0] + list(cuts) + [len(data)]
    return [record(">", channel, "read", as_data(data[a:b])) for a, b in zip(bounds, bounds[1:]) if b > a]
