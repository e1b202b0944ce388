#!/usr/bin/env bash
# Issue 19's verdict in tools/bench/compare (peer_verdict): a cell is met when
# the reference used no more CPU per message than the peer in most rounds,
# pairing the rounds by number, whatever the ratio of the medians says. The
# summaries below are written by hand; the expected verdicts follow from the
# rule, not from running the code.
set -euo pipefail
R="$TEST_SRCDIR/$TEST_WORKSPACE"
python3 - "$R/tools/bench/compare" <<'PY'
import importlib.machinery, importlib.util, sys

loader = importlib.machinery.SourceFileLoader("compare", sys.argv[1])
spec = importlib.util.spec_from_loader("compare", loader)
compare = importlib.util.module_from_spec(spec)
loader.exec_module(compare)

def server(by_round):
    values = sorted(by_round.values())
    return {"cpu_us": values[len(values) // 2], "cpu_us_by_round": by_round}

failures = []
def expect(name, ref, peer, met, won, rounds):
    text, ok = compare.peer_verdict(server(ref), server(peer))
    if ok != met or ("%d/%d rounds" % (won, rounds)) not in text:
        failures.append("%s: got %r (met=%s), expected met=%s with %d/%d rounds" % (name, text, ok, met, won, rounds))

# The machine slows down in round 3: the reference's median is the higher
# (2.2 against 2.1), yet it used less CPU than the peer in two of three rounds.
expect("wins most rounds, higher median", {1: 2.0, 2: 2.2, 3: 5.0}, {1: 2.1, 2: 2.3, 3: 1.9}, True, 2, 3)
# The opposite: a lower median (1.2 against 2.0) but the peer won two rounds of three.
expect("lower median, loses most rounds", {1: 2.1, 2: 1.0, 3: 1.2}, {1: 2.0, 2: 0.9, 3: 3.0}, False, 1, 3)
# A tie in a round counts for the reference (no more CPU than the peer).
expect("ties", {1: 2.0, 2: 2.0}, {1: 2.0, 2: 2.0}, True, 2, 2)
# Half of an even number of rounds is not most of them.
expect("half", {1: 1.0, 2: 3.0}, {1: 2.0, 2: 2.0}, False, 1, 2)
# Rounds are paired by number; a round one side lacks (a failed run) is left out.
expect("unpaired round", {1: 1.0, 3: 1.0}, {1: 2.0, 2: 0.5, 3: 2.0}, True, 2, 2)
text, ok = compare.peer_verdict(None, server({1: 1.0}))
if ok or text != "-":
    failures.append("a missing reference cell must not be met: %r %s" % (text, ok))

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
PY
echo "compare_verdict_test: passed"
