#!/usr/bin/env bash
# make_dist.sh: the self-contained release tarball (issue "meet users where
# they are"), run as `tools/bazel run -c opt //:dist [-- -o DIR]`.
#
# The tarball holds bin/conformance and bin/trace with one runfiles tree
# (bin/conformance.runfiles, copied with every symlink resolved;
# bin/trace.runfiles is a relative link to it): base::FindRunfile looks in
# <binary>.runfiles, so the commands find the Python adapter, the reference
# adapter, the checked-in traces and the implementations' notes wherever the
# tarball is unpacked, with no Bazel at run time. Docs go to doc/. The name
# carries the suite's version as `conformance --version` prints it.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: tools/bazel run -c opt //:dist [-- -o DIR]

Writes asynchat-conformance-VERSION-linux-x86_64.tar.gz into DIR (default:
the directory the command was run from) and prints its path. Unpacked
anywhere, bin/conformance --impl python:FILE needs only python3.
USAGE
}

out_dir="${BUILD_WORKING_DIRECTORY:-$PWD}"
while (($#)); do
  case "$1" in
    -o) [[ $# -ge 2 ]] || { echo "make_dist: -o needs a directory" >&2; exit 2; }; out_dir=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "make_dist: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$out_dir" = /* ]] || out_dir="${BUILD_WORKING_DIRECTORY:-$PWD}/$out_dir"
[[ -d "$out_dir" ]] || { echo "make_dist: no such directory: $out_dir" >&2; exit 2; }

runfiles="${RUNFILES_DIR:-$0.runfiles}"
ws="$runfiles/asynchat_conformance"
for f in conformance/conformance tools/trace; do
  [[ -x "$ws/$f" ]] || { echo "make_dist: $f is not in $ws (run through tools/bazel run //:dist)" >&2; exit 1; }
done

version=$(RUNFILES_DIR="$runfiles" "$ws/conformance/conformance" --version | sed -n 's/^asynchat-conformance \([^ ]*\) .*/\1/p')
[[ -n "$version" ]] || { echo "make_dist: conformance --version printed no version" >&2; exit 1; }
name="asynchat-conformance-$version-linux-x86_64"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
top="$stage/$name"
mkdir -p "$top/bin" "$top/doc"
cp -L "$ws/conformance/conformance" "$top/bin/conformance"
cp -L "$ws/tools/trace" "$top/bin/trace"
# One tree for both commands: everything either needs at run time.
mkdir -p "$top/bin/conformance.runfiles/asynchat_conformance"
(cd "$ws" && find . \( -type f -o -type l \) \
   ! -path './conformance/conformance' ! -path './tools/trace' ! -path './tools/dist/*' ! -path './_solib*' \
   ! -path '*.runfiles*' -print0) |
  while IFS= read -r -d '' f; do
    mkdir -p "$top/bin/conformance.runfiles/asynchat_conformance/$(dirname "$f")"
    cp -L "$ws/$f" "$top/bin/conformance.runfiles/asynchat_conformance/$f"
  done
ln -s conformance.runfiles "$top/bin/trace.runfiles"
for doc in README.md CHANGES.md conformance/README.md conformance/PROTOCOL.md traces/FORMAT.md spec/SPEC.md \
           conformance/pytest_plugin/README.md; do
  [[ -f "$ws/$doc" ]] && cp -L "$ws/$doc" "$top/doc/$(echo "$doc" | tr / _)"
done
cp -L "$ws/conformance/pytest_plugin/pytest_asynchat.py" "$top/doc/pytest_asynchat.py"
cat > "$top/README" <<README
asynchat-conformance $version (linux-x86_64)

  bin/conformance --impl python:mymodule.py     judge your async_chat (python3 on PATH)
  bin/conformance --impl-cmd 'CMD'              any adapter speaking doc/conformance_PROTOCOL.md
  bin/trace replay FILE --impl python:mymodule.py
  bin/conformance --help

doc/ has the project README, the protocol, the trace format, the spec and
the pytest plugin (pytest -p pytest_asynchat --asynchat-conformance=bin/conformance ...).
README

tarball="$out_dir/$name.tar.gz"
tar -C "$stage" -czf "$tarball" "$name"
echo "$tarball"
