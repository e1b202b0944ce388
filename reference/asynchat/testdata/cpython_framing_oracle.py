#!/usr/bin/python3
"""Expected framing events for framing_core_test.cc, produced by CPython.

Drives the UNMODIFIED standard-library asynchat.async_chat (CPython 3.11;
asynchat is gone from 3.12): a subclass records every
collect_incoming_data() and found_terminator() call, and recv() is stubbed to
return scripted chunks (no sockets), one chunk per handle_read() call. After
each read it records the bytes held back (ac_in_buffer) and get_terminator().

Each case may also act:
  on_found[k]    -- inside the k-th found_terminator() call (0-based):
                    set_terminator(...) or discard_buffers();
  before_read[k] -- just before the k-th read: set_terminator(...) or
                    discard_buffers();
  on_collect[k]  -- inside the k-th collect_incoming_data() call, the same.
An action may also raise an exception out of the handler (RAISE); the read
then ends with a "raised" event, and what CPython keeps in ac_in_buffer is
the "held" bytes of that read.

Output (--gengolden): the golden file framing_core_test.cc reads,
reference/asynchat/testdata/framing_golden.txt. Regenerate it, from the
workspace root, with

  python3 reference/asynchat/testdata/cpython_framing_oracle.py --gengolden \\
      > reference/asynchat/testdata/framing_golden.txt

One line a record; byte strings "..." are escaped as traces/bytes_escape.h
does (printable ASCII kept, \\n \\r \\t \\\\ \\" named, every other byte \\xHH);
'#' lines are comments:

  asynchat-framing-golden 1          first record
  case <name>                        a case begins
  terminator <term>                  its initial terminator
  chunk "<bytes>"                    one read's bytes (one line a read, in order)
  on_found <k> <action>              the case's actions (k 0-based), with
  before_read <k> <action>           <action> one of: set_terminator <term>,
  on_collect <k> <action>            discard_buffers, raise
  event <event>                      one expected event, in order
  end                                the case ends
  cases <n>                          last record: the number of cases

<term> is none, int:N or str:"<bytes>"; <event> is one of
  collect "<bytes>"                  collect_incoming_data(bytes)
  found                              found_terminator()
  raised                             the handler raised; handle_read() ended
  read held="<bytes>" term=<term>    end of one handle_read()
"""

import os
import platform
import sys
import warnings

warnings.simplefilter('ignore')

import asynchat  # noqa: E402  (deprecated; imported after the filter)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', '..', '..', 'conformance', 'adapters', 'python'))
from trace_text import quote, terminator_text  # noqa: E402

GOLDEN_FORMAT = 'asynchat-framing-golden 1'
DISCARD = object()
RAISE = object()


class Boom(Exception):
    pass

NONE = ('none',)  # set_terminator(None) as an action (None means "no action")


def term_text(t):
    """A case's terminator (None or NONE: none) as the golden file writes it."""
    return terminator_text(None if t is NONE else t)


def action_text(a):
    if a is RAISE:
        return 'raise'
    if a is DISCARD:
        return 'discard_buffers'
    return 'set_terminator ' + term_text(a)


class Recorder(asynchat.async_chat):
    def __init__(self, terminator, chunks, on_found, on_collect):
        asynchat.async_chat.__init__(self)  # no socket
        self.set_terminator(terminator)
        self.chunks = list(chunks)
        self.on_found = on_found
        self.on_collect = on_collect
        self.found = 0
        self.collected = 0
        self.events = []

    def recv(self, buffer_size):
        data = self.chunks.pop(0)
        assert len(data) <= buffer_size
        return data

    def collect_incoming_data(self, data):
        self.events.append('collect ' + quote(data))
        action = self.on_collect.get(self.collected)
        self.collected += 1
        apply(self, action)

    def found_terminator(self):
        self.events.append('found')
        action = self.on_found.get(self.found)
        self.found += 1
        apply(self, action)


def apply(chat, action):
    if action is None:
        return
    if action is RAISE:
        raise Boom()
    if action is DISCARD:
        chat.discard_buffers()
    elif action is NONE:
        chat.set_terminator(None)
    else:
        chat.set_terminator(action)


def run(terminator, chunks, on_found=None, before_read=None, on_collect=None):
    on_found = on_found or {}
    before_read = before_read or {}
    on_collect = on_collect or {}
    chat = Recorder(None if terminator is NONE else terminator, chunks, on_found, on_collect)
    for k in range(len(chunks)):
        apply(chat, before_read.get(k))
        try:
            chat.handle_read()
        except Boom:
            chat.events.append('raised')
        chat.events.append('read held=%s term=%s' % (quote(chat.ac_in_buffer), terminator_text(chat.get_terminator())))
    return chat.events


def split(data, size):
    return [data[i:i + size] for i in range(0, len(data), size)]


def cases():
    out = []

    # test_asynchat's line terminator checks: the echo server sends the
    # stream back 1, 2 or 3 bytes at a time.
    for name, term in (('lf', b'\n'), ('crlf', b'\r\n'), ('qqq', b'qqq')):
        stream = b'hello world' + term + b"I'm not dead yet!" + term
        for size in (1, 2, 3):
            out.append(('line_%s_chunk%d' % (name, size), term, split(stream, size), {}, {}))

    # test_numeric_terminator1/2 and test_none_terminator.
    data = b"hello world, I'm not dead yet!\n"
    for n in (1, 6):
        out.append(('numeric_%d_chunk1' % n, n, split(data, 1), {}, {}))
        out.append(('numeric_%d_whole' % n, n, [data], {}, {}))
    out.append(('none_chunk1', NONE, split(data, 1), {}, {}))
    out.append(('none_whole', NONE, [data], {}, {}))

    # test_empty_line.
    data = b"hello world\n\nI'm not dead yet!\n"
    out.append(('empty_line_whole', b'\n', [data], {}, {}))
    out.append(('empty_line_chunk1', b'\n', split(data, 1), {}, {}))

    # A trailing partial terminator is held back, then completed.
    out.append(('held_back_crlf', b'\r\n', [b'abc\r', b'\ndef\r', b'x\r', b'\n'], {}, {}))
    # A read that is exactly a proper prefix of the terminator: nothing is
    # collected, all of it is held back.
    out.append(('buffer_is_prefix', b'\r\n.\r\n', [b'\r\n.', b'\r', b'\n', b'body\r\n', b'.\r\n'], {}, {}))
    # A false prefix: held back, then released when the next read breaks it.
    out.append(('false_prefix', b'\r\n.\r\n', [b'line\r\n', b'x\r\n.', b'y'], {}, {}))
    # Terminator at index 0: found_terminator() without an empty collect.
    out.append(('terminator_at_0', b'\n', [b'\nabc\n', b'\n', b'\n\nx'], {}, {}))
    # Self-overlapping terminators straddling reads.
    out.append(('overlap_aaa_1', b'aaa', [b'xaa', b'aay'], {}, {}))
    out.append(('overlap_aaa_2', b'aaa', [b'xa', b'a', b'aaaa', b'b'], {}, {}))
    out.append(('overlap_aaa_bytes', b'aaa', split(b'baaaaaaabaab', 1), {}, {}))
    out.append(('overlap_abab_1', b'abab', [b'xab', b'abab', b'ab'], {}, {}))
    out.append(('overlap_abab_2', b'abab', [b'xaba', b'bab', b'ya', b'bab'], {}, {}))
    out.append(('overlap_abab_3', b'abab', [b'aba', b'ba', b'bz'], {}, {}))
    # NUL bytes in the data and in the terminator.
    out.append(('nul_in_data', b'\n', [b'a\x00b\n\x00', b'\x00\n'], {}, {}))
    out.append(('nul_terminator', b'\x00\x00', [b'a\x00b\x00\x00c\x00', b'\x00d\x00', b'\x00'], {}, {}))
    out.append(('nul_terminator_bytes', b'\x00\x00', split(b'\x00a\x00\x00\x00\x00b', 1), {}, {}))
    # Integer terminator counting down across reads and reaching 0, then
    # (as 0) collecting everything.
    out.append(('count_down', 10, [b'abc', b'defg', b'hijkl', b'mn'], {}, {}))
    out.append(('count_exact_read', 4, [b'abcd', b'ef'], {}, {}))
    # Re-armed integer terminator inside found_terminator().
    out.append(('count_rearmed', 3, [b'abcdefgh', b'ij'], {0: 3, 1: 3, 2: 3}, {}))
    # Integer 0 and the empty string behave like None.
    out.append(('count_zero', 0, [b'ab\ncd', b'', b'ef'], {}, {}))
    out.append(('empty_string', b'', [b'ab\ncd', b'ef'], {}, {}))
    # Terminator changed inside found_terminator(): the rest of the same
    # buffer continues under the new one.
    out.append(('change_str_int_none', b'\n', [b'HDR\n12345rest\nmore', b'tail'],
                {0: 5, 1: NONE}, {}))
    out.append(('change_str_int_str', b'\n', [b'HDR\n12345rest\r\nmore\n'],
                {0: 5, 1: b'\r\n', 2: b'\n'}, {}))
    out.append(('change_none_back_to_str', b'\n', [b'a\nbb\ncc', b'dd\nee\n', b'ff\ngg'],
                {0: NONE}, {2: b'\n'}))
    out.append(('http_like', b'\r\n\r\n',
                [b'POST / HTTP/1.0\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.0\r\n\r\n'],
                {0: 5, 1: b'\r\n\r\n'}, {}))
    out.append(('http_like_chunk3', b'\r\n\r\n',
                split(b'POST / HTTP/1.0\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.0\r\n\r\n', 3),
                {0: 5, 1: b'\r\n\r\n'}, {}))
    # A held-back prefix re-examined under a terminator set between reads.
    out.append(('held_then_none', b'\r\n', [b'ab\r', b''], {}, {1: NONE}))
    out.append(('held_then_other_str', b'\r\n', [b'ab\r', b'\nx'], {}, {1: b'\r'}))
    # discard_buffers() inside found_terminator() drops the rest of the read;
    # later reads are processed normally.
    out.append(('discard_in_found', b'\n', [b'a\nb\nc\n', b'd\ne'], {0: DISCARD}, {}))
    # discard_buffers() between reads drops the held-back prefix.
    out.append(('discard_held', b'\r\n', [b'ab\r', b'\ncd\r\n'], {}, {1: DISCARD}))
    # Acting from inside collect_incoming_data(): an integer terminator that
    # is reached still becomes 0 and fires; one that is not counts down from
    # the new value; a string terminator skips the old terminator's length.
    out.append(('change_in_collect_count_to_str', 3, [b'abcdef\n'], {}, {}, {0: b'\n'}))
    out.append(('change_in_collect_count_partial', 10, [b'abc', b'defgh'], {}, {}, {0: 5}))
    out.append(('change_in_collect_str', b'\n', [b'ab\ncd\n'], {}, {}, {0: b'c'}))
    out.append(('discard_in_collect', b'\n', [b'ab\ncd\n', b'ef\n'], {}, {}, {0: DISCARD}))
    # A handler that raises: CPython keeps the unprocessed bytes (including
    # those whose collect_incoming_data() raised) for the next read.
    out.append(('raise_in_found', b'\n', [b'a\nb\nc', b'\n'], {0: RAISE}, {}))
    out.append(('raise_in_collect', b'\n', [b'ab\ncd', b'\n'], {}, {}, {0: RAISE}))
    out.append(('raise_in_collect_count', 4, [b'abcdef', b'gh'], {}, {}, {0: RAISE}))
    out.append(('raise_in_found_count', 2, [b'abcdef', b'gh'], {0: RAISE}, {}))
    out.append(('raise_in_collect_prefix', b'\r\n', [b'ab\r', b'\n'], {}, {}, {0: RAISE}))
    return out


def golden():
    """The golden file's text: every case with CPython's events."""
    lines = [
        '# Generated by reference/asynchat/testdata/cpython_framing_oracle.py, whose',
        '# docstring defines this format; read by reference/asynchat/framing_core_test.cc.',
        '# Do not edit: regenerate, from the workspace root, with',
        '#   python3 reference/asynchat/testdata/cpython_framing_oracle.py --gengolden \\',
        '#       > reference/asynchat/testdata/framing_golden.txt',
        '# Events by %s %s\'s asynchat.async_chat, unmodified.' % (platform.python_implementation(),
                                                                platform.python_version()),
        GOLDEN_FORMAT,
    ]
    all_cases = cases()
    for case in all_cases:
        name, term, chunks, on_found, before_read = case[:5]
        on_collect = case[5] if len(case) > 5 else {}
        lines.append('')
        lines.append('case ' + name)
        lines.append('terminator ' + term_text(term))
        lines.extend('chunk ' + quote(c) for c in chunks)
        for label, actions in (('on_found', on_found), ('before_read', before_read), ('on_collect', on_collect)):
            lines.extend('%s %d %s' % (label, k, action_text(a)) for k, a in sorted(actions.items()))
        lines.extend('event ' + e for e in run(term, chunks, on_found, before_read, on_collect))
        lines.append('end')
    lines.append('')
    lines.append('cases %d' % len(all_cases))
    return '\n'.join(lines) + '\n'


def main(argv):
    if argv == ['--gengolden']:
        sys.stdout.write(golden())
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
