#!/usr/bin/env bash
# Runs the Python adapter's self-test with Debian's CPython (the interpreter
# whose stdlib asynchat and whose supervisor package the test expects).
# Bazel runs this from the runfiles root of the workspace.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 conformance/adapters/python/adapter_selftest.py
