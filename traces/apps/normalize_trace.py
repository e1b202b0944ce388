"""Replace what varies from run to run in a recorded application trace by
fixed text of the same length (so every count a trace states stays true):
HTTP Date headers, supervisor's pids, uptimes, clock times and temporary
directory names; and give the trace a `clauses` line naming the spec/SPEC.md
clauses its records exercise (CLAUSES_BY_RECORD). Rewrites each FILE in
place; prints nothing.

  python3 normalize_trace.py FILE...

What each substitution covers is listed in traces/apps/README.md.
"""

import re
import sys

_ESC_NL = r"\\n"  # a newline as a trace spells it inside quotes

SUBSTITUTIONS = [
    # medusa's Date header, RFC 1123 with a fixed width
    (re.compile(r"Date: [A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT"),
     lambda m: "Date: Wed, 01 Jan 2020 00:00:00 GMT"),
    # supervisor's process descriptions: "pid 1234, uptime 0:00:01", "Dec 05 05:17 PM"
    (re.compile(r"pid \d+"), lambda m: "pid " + "0" * (len(m.group(0)) - 4)),
    (re.compile(r"uptime \d+:\d\d:\d\d"), lambda m: re.sub(r"\d", "0", m.group(0))),
    (re.compile(r"[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M"), lambda m: "Jan 01 00:00 AM"),
    # XML-RPC process info: the numbers that are times or pids
    (re.compile(r"(<name>(?:start|stop|now|pid)</name>" + _ESC_NL + r"<value><int>)(\d+)(</int>)"),
     lambda m: m.group(1) + "0" * len(m.group(2)) + m.group(3)),
    # temporary directories the application programs make
    (re.compile(r"(supervisor_app_|ftpd_app_)[A-Za-z0-9_]{8}"), lambda m: m.group(1) + "X" * 8),
]


# A record the trace holds (a regular expression on its lines) -> the clauses
# its replay checks.
CLAUSES_BY_RECORD = [
    (r'^> c (on found_terminator \d+ )?set_terminator str:', ["chat.terminator.string.found"]),
    (r'^< c found_terminator', ["chat.found-terminator.once-per-message"]),
    (r'^> c (on found_terminator \d+ )?set_terminator int:', ["chat.terminator.integer.count"]),
    (r'^> c on found_terminator \d+ set_terminator', ["chat.reaction.change-applies-to-rest"]),
    (r'^> c (on found_terminator \d+ )?push "', ["chat.push.sends-at-once"]),
    (r'^> c producer ', ["chat.producer.more", "chat.producer.exhausted"]),
    (r'^> c send_budget ', ["chat.send.partial-tail"]),
    (r'^> c (on found_terminator \d+ )?close_when_done', ["chat.close-when-done.deferred"]),
    (r'^> c read eof', ["core.recv.eof"]),
    (r'^> c close$', ["core.close.once"]),
]


def clauses_line(text):
    found = []
    for pattern, clauses in CLAUSES_BY_RECORD:
        if re.search(pattern, text, re.M):
            found += [c for c in clauses if c not in found]
    return "clauses " + " ".join(found) if found else None


def normalize(text):
    for pattern, replace in SUBSTITUTIONS:
        text = pattern.sub(replace, text)
    line = clauses_line(text)
    if line and not re.search(r"^clauses ", text, re.M):
        text = re.sub(r"^(origin .*)$", lambda m: m.group(1) + "\n" + line, text, count=1, flags=re.M)
    return text


def main(paths):
    for path in paths:
        with open(path) as f:
            text = f.read()
        fixed = normalize(text)
        if fixed != text:
            with open(path, "w") as f:
                f.write(fixed)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
