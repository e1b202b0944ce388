#!/usr/bin/env bash
# check_dist.sh TARBALL: CI's check that the release works without the build:
# unpacked into a fresh directory, with PATH reduced to the system's and HOME
# an empty directory, bin/conformance judges a Python implementation (the
# handwritten control fixture: it passes) and a broken one (it fails, exit 1),
# bin/trace replays a checked-in trace on CPython, and --version/--help work.
set -uo pipefail

usage() { echo "usage: tools/dist/check_dist.sh TARBALL" >&2; }
[[ $# -eq 1 && "$1" != -h && "$1" != --help ]] || { usage; [[ "${1:-}" == -h || "${1:-}" == --help ]] && exit 0; exit 2; }
tarball=$(realpath "$1")
[[ -f "$tarball" ]] || { echo "check_dist: no such file: $1" >&2; exit 2; }
src=$(cd "$(dirname "$0")/../.." && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$tarball"
top=$(echo "$work"/asynchat-conformance-*)
[[ -x "$top/bin/conformance" ]] || { echo "check_dist: no bin/conformance in $tarball" >&2; exit 1; }
mkdir -p "$work/home" "$work/impl"
cp "$src/conformance/testdata/foreign/handwritten_chat.py" "$src/conformance/testdata/foreign/lazy_push.py" "$work/impl/"

fails=0
clean() { (cd "$work" && env -i PATH=/usr/bin:/bin HOME="$work/home" "$@"); }
expect_rc() {  # expected-rc label command...
  local want=$1 label=$2; shift 2
  clean "$@" >"$work/out" 2>&1
  local rc=$?
  if [[ $rc -ne $want ]]; then
    echo "FAIL: $label: exit $rc, expected $want"; sed 's/^/    /' "$work/out" | tail -20; fails=$((fails + 1))
  else
    echo "ok: $label"
  fi
}
expect_rc 0 "--version" "$top/bin/conformance" --version
expect_rc 0 "--help" "$top/bin/conformance" --help
expect_rc 0 "trace --help" "$top/bin/trace" --help
expect_rc 0 "a conforming python:FILE passes" "$top/bin/conformance" --impl python:impl/handwritten_chat.py --no-properties
expect_rc 1 "a broken python:FILE fails" "$top/bin/conformance" --impl python:impl/lazy_push.py --no-properties --level cpython
trace_file=$(cd "$top/bin/conformance.runfiles/asynchat_conformance" && ls traces/echo/*.trace | head -1)
expect_rc 0 "trace replay $trace_file on CPython" "$top/bin/trace" replay "$top/bin/conformance.runfiles/asynchat_conformance/$trace_file" --impl cpython
expect_rc 0 "--impl reference (the reference adapter inside the tarball)" "$top/bin/conformance" --impl reference-process --no-properties
# Nothing in the tree points back into the build.
if find "$top" -type l -lname '/*' | grep -q .; then
  echo "FAIL: absolute symlinks in the tarball:"; find "$top" -type l -lname '/*' | head; fails=$((fails + 1))
fi
[[ $fails -eq 0 ]] && echo "check_dist: $tarball works unpacked on its own"
exit $((fails > 0))
