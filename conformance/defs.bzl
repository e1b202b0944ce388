"""asynchat_conformance_test: the conformance suite as a `bazel test` target
in another workspace.

    load("@asynchat_conformance//conformance:defs.bzl", "asynchat_conformance_test")

    asynchat_conformance_test(
        name = "my_chat_conformance_test",
        adapter = ":my_adapter",          # a binary speaking conformance/PROTOCOL.md
        level = "documented",             # or "cpython"
        expected_failures = "expected.txt",
    )

Give exactly one of `adapter` (a binary target speaking the driver protocol,
run as --impl-cmd), `impl` (a name the suite knows: reference, model,
cpython, medusa, cpython2.7) or `python_impl` (a .py file defining your
async_chat, run as --impl python:FILE). The test runs the whole default suite
(`args` adds options, e.g. ["--no-properties"] or ["--filter", "terminator.*"]),
writes a JUnit report where Bazel collects it, and fails with the suite's
report when a case or property fails that `expected_failures` does not list.
The repository must be named asynchat_conformance in your WORKSPACE
(examples/consumer/WORKSPACE shows how).
"""

_SUITE = "@asynchat_conformance//conformance:conformance"
_RUNNER = "@asynchat_conformance//conformance:conformance_test_runner.sh"

def asynchat_conformance_test(
        name,
        adapter = None,
        impl = None,
        python_impl = None,
        level = "documented",
        expected_failures = None,
        args = [],
        size = "medium",
        tags = [],
        **kwargs):
    given = [x for x in [adapter, impl, python_impl] if x != None]
    if len(given) != 1:
        fail("asynchat_conformance_test %s: give exactly one of adapter, impl, python_impl" % name)
    if level not in ["documented", "cpython"]:
        fail("asynchat_conformance_test %s: level is documented or cpython, got %s" % (name, level))

    data = [_SUITE]
    test_args = ["$(rootpath %s)" % _SUITE, "--level", level]
    if adapter != None:
        data.append(adapter)
        test_args += ["--impl-cmd", "$(rootpath %s)" % adapter]
    elif python_impl != None:
        data.append(python_impl)
        test_args += ["--impl", "python:$(rootpath %s)" % python_impl]
    else:
        test_args += ["--impl", impl]
    if expected_failures != None:
        data.append(expected_failures)
        test_args += ["--expected-failures", "$(rootpath %s)" % expected_failures]

    native.sh_test(
        name = name,
        srcs = [_RUNNER],
        args = test_args + args,
        data = data,
        size = size,
        tags = tags,
        **kwargs
    )
