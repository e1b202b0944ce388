#!/usr/bin/env bash
# The reference through the C++ adapter kit judges like the reference's own
# adapter: the conformance suite passes on both, the kit-built one runs every
# case but those needing what the kit's per-channel interface does not carry
# (app=, listener= and accepted_by= channels) or what the reference cannot
# replay from C++ (typed_push, push_objects) or the kit-built one does not
# declare (bytes_producer), and among the cases it runs, log= channels
# included, it passes exactly those reference_adapter passes.
set -euo pipefail

R="$TEST_SRCDIR/asynchat_conformance"
CONF="$R/conformance/conformance"
H="$R/reference/harness"
T="$TEST_TMPDIR"
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3

for name in reference_kit_adapter reference_adapter; do
  if ! "$CONF" --impl-cmd "$H/$name" --no-properties --json "$T/$name.json" -q > "$T/$name.out" 2>&1; then
    echo "FAIL: the conformance command does not pass $name"; cat "$T/$name.out"; exit 1
  fi
done

"$PY" - "$T/reference_kit_adapter.json" "$T/reference_adapter.json" <<'PYEOF'
import json, sys
kit = {c["id"]: c for c in json.load(open(sys.argv[1]))["runs"][0]["cases"]}
ref = {c["id"]: c for c in json.load(open(sys.argv[2]))["runs"][0]["cases"]}
assert kit.keys() == ref.keys()
prefix = "the adapter does not declare the capabilities this case needs: "
for i, c in kit.items():
    if c["verdict"] == "unsupported":
        assert c["detail"].startswith(prefix), "%s: unsupported for another reason: %s" % (i, c["detail"])
        needs = set(c["detail"][len(prefix):].split())
        # Only what the kit-built reference does not declare.
        assert needs and needs <= {"asyncore_apps", "typed_push", "listeners", "push_objects", "bytes_producer"}, (
            "%s needs %s" % (i, needs))
    else:
        assert c["verdict"] == ref[i]["verdict"], "%s: %s through the kit, %s on reference_adapter" % (
            i, c["verdict"], ref[i]["verdict"])
ran = sum(c["verdict"] != "unsupported" for c in kit.values())
assert ran >= 700, "the kit-built reference runs only %d cases" % ran
print("reference_kit_adapter: %d of %d cases run, each judged as on reference_adapter" % (ran, len(kit)))
PYEOF
