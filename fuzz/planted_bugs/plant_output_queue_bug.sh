#!/usr/bin/env bash
# plant_output_queue_bug.sh IN OUT: writes OUT, a copy of the reference's
# reference/asynchat/output_queue.cc with a planted bug for planted_bug_test
# (fuzz/BUILD): OutputQueue::Commit drops the front item after any non-empty
# send, so the unsent rest of a partial send is lost. Fails, naming the line
# it looked for, when the source no longer has it (the bug would silently
# vanish otherwise).
set -euo pipefail
in=$1 out=$2
line='  if (first.offset == first.bytes().size()) PopFront();'
if ! grep -qxF -- "$line" "$in"; then
  echo "plant_output_queue_bug.sh: $in no longer has the line the planted bug replaces:" >&2
  echo "  $line" >&2
  echo "  update fuzz/planted_bugs/plant_output_queue_bug.sh to plant the same bug in the new code" >&2
  exit 1
fi
# awk, not sed: the line is matched as a fixed string.
awk -v line="$line" '$0 == line { print "  PopFront();  // planted bug: a partial send loses the unsent rest"; next } { print }' "$in" >"$out"
