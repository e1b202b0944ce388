#!/usr/bin/env bash
# Runs the Python adapter's self-test with Debian's CPython (the interpreter
# whose stdlib asynchat and whose supervisor package the test expects), and
# its python27_* tests with Python 2.7, found in the order --impl cpython2.7
# looks (conformance/driver/adapter_factory.h): $ASYNCHAT_PYTHON27, python2.7
# on PATH outside pyenv shims, the newest $PYENV_ROOT (default ~/.pyenv, the
# home directory from the password database)/versions/2.7.N. Without one
# those tests print SKIP and the line below says so.
# Bazel runs this from the runfiles root of the workspace.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1

find_python27() {
  if [[ -n ${ASYNCHAT_PYTHON27+set} ]]; then
    echo "$ASYNCHAT_PYTHON27"
    return
  fi
  local dir
  IFS=: read -r -a dirs <<<"${PATH:-}"
  for dir in "${dirs[@]}"; do
    [[ -n $dir && $(basename "$dir") != shims && -x $dir/python2.7 ]] && { echo "$dir/python2.7"; return; }
  done
  local root=${PYENV_ROOT:-$(getent passwd "$(id -u)" | cut -d: -f6)/.pyenv}
  { ls -d "$root"/versions/2.7.*/bin/python2.7 2>/dev/null || true; } | sort -V | tail -n 1
}

py27=$(find_python27)
if [[ -n $py27 ]]; then
  export ASYNCHAT_SELFTEST_PYTHON27=$py27
else
  echo "adapter_selftest: skipped: no python2.7 (ASYNCHAT_PYTHON27 unset, none on PATH, none in pyenv's versions)"
fi
exec /usr/bin/python3 conformance/adapters/python/adapter_selftest.py
