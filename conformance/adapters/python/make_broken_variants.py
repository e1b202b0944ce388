#!/usr/bin/python3
"""Writes deliberately broken copies of CPython's asynchat.py.

    make_broken_variants.py OUTDIR [--source PATH]

Copies the interpreter's asynchat.py (default /usr/lib/python3.11/asynchat.py,
read at run time: no copy of CPython's file is kept in this repository) and
applies one small textual mutation per variant, writing
OUTDIR/asynchat_<name>.py. Each mutation must match its source text exactly
once; if CPython's text changed, this fails loudly instead of writing a copy
that is not broken. The variants load with the adapter's --impl file:PATH and
exist to prove that the conformance suite catches a wrong implementation.

Prints one line per variant: its file, then what is wrong with it.
"""

import argparse
import os
import sys

DEFAULT_SOURCE = "/usr/lib/python3.11/asynchat.py"

# name -> (what is wrong, exact text in CPython 3.11's asynchat.py, replacement)
MUTATIONS = {
    "fpae_off_by_one": (
        "find_prefix_at_end starts one byte short, so the longest held-back "
        "terminator prefix is missed (a \\r\\n split after \\r is never found)",
        "    l = len(needle) - 1\n",
        "    l = len(needle) - 2  # MUTATION: off by one\n",
    ),
    "int_countdown_off_by_one": (
        "the integer terminator's countdown after a short read leaves one byte "
        "too many to wait for",
        "                    self.terminator = self.terminator - lb\n",
        "                    self.terminator = self.terminator - lb + 1  # MUTATION: off by one\n",
    ),
    "close_when_done_early": (
        "close_when_done closes at once (handle_close) instead of after the "
        "queued output has been sent",
        "        self.producer_fifo.append(None)\n",
        "        self.handle_close()  # MUTATION: closes before the queue drains\n",
    ),
    "collect_empty": (
        "a terminator at index 0 of the buffer calls collect_incoming_data "
        "with an empty string",
        "                    if index > 0:\n",
        "                    if index >= 0:  # MUTATION: collects b'' too\n",
    ),
    "partial_send_drops": (
        "after a partial send the unsent rest of the item is dropped",
        "                if num_sent < len(data) or obs < len(first):\n",
        "                if obs < len(first):  # MUTATION: forgets partial sends\n",
    ),
    "discard_keeps_output": (
        "discard_buffers keeps the output queue",
        "        self.producer_fifo.clear()\n",
        "        pass  # MUTATION: the output queue survives discard_buffers\n",
    ),
}


class MutationError(Exception):
    pass


def mutate(source_text, name):
    description, old, new = MUTATIONS[name]
    count = source_text.count(old)
    if count != 1:
        raise MutationError("mutation %s: expected its text exactly once in the source, found it %d times: %r"
                            % (name, count, old))
    return source_text.replace(old, new, 1)


def write_variants(outdir, source=DEFAULT_SOURCE):
    with open(source, encoding="utf-8") as f:
        text = f.read()
    # Check every mutation before writing anything.
    variants = {name: mutate(text, name) for name in MUTATIONS}
    os.makedirs(outdir, exist_ok=True)
    written = []
    for name, body in variants.items():
        header = ("# Deliberately broken copy of %s, written by make_broken_variants.py.\n"
                  "# Mutation %s: %s.\n" % (source, name, MUTATIONS[name][0]))
        path = os.path.join(outdir, "asynchat_%s.py" % name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(header + body)
        written.append((path, MUTATIONS[name][0]))
    return written


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("--source", default=DEFAULT_SOURCE, help="the asynchat.py to copy (default %(default)s)")
    args = parser.parse_args(argv)
    try:
        written = write_variants(args.outdir, args.source)
    except (OSError, MutationError) as e:
        print("make_broken_variants: %s" % e, file=sys.stderr)
        return 1
    for path, description in written:
        print("%s: %s" % (path, description))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
