#!/usr/bin/env bash
# The adapter kit's worked example under the conformance suite, run as any
# foreign adapter is (--impl-cmd):
#   mini_chat_adapter                 every case it can run passes; every case
#                                     needing what it does not declare
#                                     (producers, connect, ...) is reported
#                                     unsupported by capability, none fails;
#   mini_chat_adapter_broken_prefix   (never holds back a terminator prefix)
#                                     fails the cases whose string terminator
#                                     straddles two reads, and no integer
#                                     or none terminator case.
set -euo pipefail

source "$TEST_SRCDIR/asynchat_conformance/conformance/fixture_runs.sh"
E="$R/conformance/adapter_kit/example"

# run NAME WANT: the whole suite on adapter NAME, which must exit WANT.
run() { suite_run "$1" "$2" --impl-cmd "$E/$1"; }

run mini_chat_adapter 0
"$PY" - "$T/mini_chat_adapter.json" <<'PYEOF'
import collections, json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
verdicts = collections.Counter(c["verdict"] for c in run["cases"])
odd = [(c["id"], c["verdict"]) for c in run["cases"] if c["verdict"] not in ("pass", "unsupported")]
assert not odd, "mini_chat_adapter: cases neither passed nor unsupported: %s" % odd[:10]
# Unsupported only by a capability it does not declare, never by an answer
# of the adapter in the middle of a case.
prefix = "the adapter does not declare the capabilities this case needs: "
declared = {"string_terminator", "int_terminator", "none_terminator", "buffer_sizes", "close_when_done",
            "reactions", "recv_errors", "send_control", "close_reactions"}
for c in run["cases"]:
    if c["verdict"] != "unsupported":
        continue
    assert c["detail"].startswith(prefix), "%s: unsupported for another reason: %s" % (c["id"], c["detail"])
    needs = set(c["detail"][len(prefix):].split())
    assert needs and not needs & declared, "%s: unsupported although it declares %s" % (c["id"], needs & declared)
assert verdicts["pass"] >= 600, "only %d cases pass" % verdicts["pass"]
print("mini_chat_adapter: %d pass, %d unsupported" % (verdicts["pass"], verdicts["unsupported"]))
PYEOF

run mini_chat_adapter_broken_prefix 1
"$PY" - "$T/mini_chat_adapter_broken_prefix.json" "$T/mini_chat_adapter.json" <<'PYEOF'
import json, sys
broken = {c["id"]: c for c in json.load(open(sys.argv[1]))["runs"][0]["cases"]}
good = {c["id"]: c for c in json.load(open(sys.argv[2]))["runs"][0]["cases"]}
failed = sorted(i for i, c in broken.items() if c["verdict"] == "fail")
for must in ("terminator.string.straddle.crlf.3", "terminator.string.held.crlf.1", "terminator.string.cpython_lines.crlf.1"):
    assert must in failed, "broken_prefix passes %s" % must
    assert good[must]["verdict"] == "pass", "mini_chat_adapter does not pass %s" % must
straddles = [i for i in failed if i.startswith("terminator.string.straddle")]
assert len(straddles) >= 20, "broken_prefix fails only %d terminator.string.straddle.* cases" % len(straddles)
# Holding back a prefix only matters with a string terminator: the integer
# and none terminator cases cannot tell the builds apart.
assert not [i for i in failed if i.split(".")[0] in ("integer", "none")], failed
assert all(good[i]["verdict"] == "pass" for i in failed)
print("mini_chat_adapter_broken_prefix: %d cases fail, %d of them terminator.string.straddle.*" % (len(failed), len(straddles)))
PYEOF
