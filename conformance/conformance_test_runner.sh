#!/usr/bin/env bash
# The test that asynchat_conformance_test (defs.bzl) makes: runs the
# conformance command with the rule's arguments from the test's runfiles,
# writes the JUnit report to $XML_OUTPUT_FILE for Bazel, and exits with the
# command's status (0: nothing failed that is not expected).
set -uo pipefail
suite=$1; shift
# --impl-cmd and --impl python:FILE paths are runfiles-relative: make them
# absolute, since the suite runs adapters from its own working directory.
args=()
while (($#)); do
  case "$1" in
    --impl-cmd|--expected-failures) args+=("$1" "$(realpath "$2")"); shift 2 ;;
    --impl)
      if [[ "$2" == python:* ]]; then args+=("$1" "python:$(realpath "${2#python:}")"); else args+=("$1" "$2"); fi
      shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
if [[ -n "${XML_OUTPUT_FILE:-}" ]]; then args+=(--junit "$XML_OUTPUT_FILE"); fi
exec "$suite" "${args[@]}"
