"""pytest plugin: the asynchat conformance suite as pytest items.

    pytest -p pytest_asynchat --asynchat-impl=python:mymodule.py \
        [--asynchat-level=documented|cpython] [--asynchat-expected=FILE] \
        [--asynchat-conformance=BIN] [--asynchat-no-properties] [--asynchat-arg=ARG]...

Collection asks `conformance --list` for the case and property ids: one item
per id, named by it, its tags as markers. The suite then runs ONCE, at the
first item, through `conformance --json FILE`, restricted with --filter to
the items -k/-m left selected (all of them: no --filter); each item reports
its own entry of that report:

    outcome          pytest
    passed           passed
    differs          passed, with a note (--level documented: differs from
                     CPython only)
    failed, adapter-failure, case-error
                     failed: the first mismatch, the root cause, the
                     counterexample and its replay command
    unsupported      skipped, with the reason
    expected-fail    xfailed, with the expected-failures file's reason
    unexpected-pass  xpassed (failed under xfail_strict), as pytest does
                     for an xfail mark

An id missing from the report, a report that cannot be read, or a suite
that exits with bad usage or an implementation it cannot start (exit 2)
fails every item: a run is never green because nothing was judged. Without
--asynchat-impl the plugin collects nothing.
"""

import json
import os
import shlex
import shutil
import subprocess
import tempfile

import pytest

# Fields of conformance/report/report_json.cc's format 1 this plugin reads.
REPORT_FORMAT = "asynchat-conformance-report 1"

_FAILED = {"failed", "adapter-failure", "case-error"}

# The session's SuiteRun, and every item collected (before -k/-m deselect).
_SUITE = pytest.StashKey()
_COLLECTED = pytest.StashKey()


def pytest_addoption(parser):
    group = parser.getgroup("asynchat", "asynchat conformance suite (conformance/pytest_plugin)")
    group.addoption("--asynchat-impl", metavar="IMPL",
                    help="the implementation judged, as conformance --impl takes it: "
                         "python:FILE, cpython, medusa, reference, ...; without it nothing is collected")
    group.addoption("--asynchat-level", choices=("documented", "cpython"), default="documented",
                    help="what a failure is measured against (conformance --level; default documented)")
    group.addoption("--asynchat-expected", metavar="FILE",
                    help="expected failures file (conformance --expected-failures): its ids xfail")
    group.addoption("--asynchat-conformance", metavar="BIN",
                    help="the conformance binary (default: conformance on PATH)")
    group.addoption("--asynchat-no-properties", action="store_true",
                    help="leave the RapidCheck properties out (conformance --no-properties)")
    group.addoption("--asynchat-arg", action="append", default=[], metavar="ARG",
                    help="one more argument for conformance, given to --list and to the run "
                         "(repeatable; e.g. --asynchat-arg=--seed=1)")


def _binary(config):
    given = config.getoption("asynchat_conformance")
    if given:
        path = os.path.join(str(config.invocation_params.dir), os.path.expanduser(given))
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            raise pytest.UsageError(f"--asynchat-conformance={given}: no executable file there")
        return os.path.abspath(path)
    found = shutil.which("conformance")
    if not found:
        raise pytest.UsageError(
            "pytest_asynchat: no conformance binary: give --asynchat-conformance=BIN "
            "(tools/bazel build //conformance builds bazel-bin/conformance/conformance) "
            "or put conformance on PATH")
    return found


def _selection_args(config):
    args = ["--no-properties"] if config.getoption("asynchat_no_properties") else []
    return args + list(config.getoption("asynchat_arg"))


def parse_list(text):
    """(id, tags, is_property) of each entry of `conformance --list` output.

    An id starts a line; its description, profile and "needs ...; tags a,b"
    lines are indented; a property's only line is "    property"; the last
    line is the count ("N cases, M properties")."""
    entries = []
    lines = text.splitlines()
    if not lines or not lines[-1].endswith(" properties"):
        raise ValueError("conformance --list: no closing 'N cases, M properties' line")
    for line in lines[:-1]:
        if not line.startswith(" "):
            entries.append([line, [], False])
        elif not entries:
            raise ValueError(f"conformance --list: an indented line before any id: {line!r}")
        elif line.strip() == "property":
            entries[-1][2] = True
        elif line.startswith("    needs ") and "; tags " in line:
            tags = line.split("; tags ", 1)[1]
            entries[-1][1] = [] if tags == "-" else tags.split(",")
    return [tuple(e) for e in entries]


def marker_name(tag):
    """A tag as a marker: pytest's marker lines end a name at ':', so
    'origin:counterexample' is the marker origin_counterexample."""
    return "".join(c if c.isalnum() or c == "_" else "_" for c in tag)


class SuiteRun:
    """The one run of the suite a session makes, and its report."""

    def __init__(self, config):
        self.config = config
        self.binary = _binary(config)
        self.by_id = None
        self.error = None
        self.command = None
        self.returncode = None

    def result(self, session, case_id):
        if self.by_id is None and self.error is None:
            ids = [i.name for i in session.items if isinstance(i, AsynchatItem)]
            self._run(ids, len(ids) == len(self.config.stash[_COLLECTED]))
        if self.error:
            return None
        return self.by_id.get(case_id)

    def _run(self, ids, everything):
        config = self.config
        fd, json_path = tempfile.mkstemp(prefix="asynchat-report-", suffix=".json")
        os.close(fd)
        cmd = [self.binary, "--impl", config.getoption("asynchat_impl"),
               "--level", config.getoption("asynchat_level"), "--json", json_path, "-q"]
        if config.getoption("asynchat_expected"):
            cmd += ["--expected-failures", config.getoption("asynchat_expected")]
        cmd += _selection_args(config)
        shown = list(cmd)
        if not everything:
            # fnmatch globs: a character class makes a glob character literal.
            filters = [["--filter", "".join(f"[{c}]" if c in "*?[" else c for c in case_id)] for case_id in ids]
            cmd += [a for f in filters for a in f]
            shown += [a for f in filters[:3] for a in f]
            if len(filters) > 3:
                shown.append(f"... ({len(filters)} --filter ids in all)")
        self.command = " ".join(shlex.quote(a) if not a.startswith("... (") else a for a in shown)
        try:
            proc = subprocess.run(cmd, cwd=str(config.invocation_params.dir), stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace")
        except OSError as e:
            self.error = f"cannot run {self.command}: {e}"
            return
        self.returncode = proc.returncode
        if proc.returncode not in (0, 1):
            self.error = (f"the suite exited {proc.returncode} (bad usage, or the implementation could not "
                          f"start: nothing was judged)\n  command: {self.command}\n{proc.stderr.strip()}")
            return
        try:
            with open(json_path, encoding="utf-8") as f:
                doc = json.load(f)
            if doc.get("format") != REPORT_FORMAT or len(doc.get("runs", [])) != 1:
                raise ValueError(f"not a one-run '{REPORT_FORMAT}' report")
            run = doc["runs"][0]
        except (OSError, ValueError, KeyError) as e:
            self.error = f"{json_path}: cannot read the suite's report: {e}\n  command: {self.command}"
            return
        finally:
            try:
                os.unlink(json_path)
            except OSError:
                pass
        groups = run.get("groups", [])
        self.by_id = {}
        for entry in run.get("cases", []):
            group = entry.get("group")
            if isinstance(group, int) and 0 <= group < len(groups):
                entry["_group"] = groups[group]
            self.by_id[entry["id"]] = entry
        for entry in run.get("properties", []):
            entry["verdict"] = entry.get("status")
            self.by_id[entry["id"]] = entry
        self.returncode = proc.returncode
        self.counterexample_dir = run.get("counterexample_dir")


def failure_message(entry):
    """What a failed item says: the first mismatch and how to reproduce it."""
    lines = [f"{entry['id']}: {entry.get('outcome')} (verdict {entry.get('verdict')})"]
    if entry.get("description"):
        lines.append(f"  case: {entry['description']}")
    if entry.get("clauses"):
        lines.append(f"  checks: {', '.join(entry['clauses'])}")
    if entry.get("detail"):
        where = f" (line {entry['mismatch_line']} of the expected transcript)" if entry.get("mismatch_line") else ""
        lines.append(f"  first mismatch{where}:")
        lines += ["    " + line for line in entry["detail"].splitlines()]
    group = entry.get("_group", {})
    if entry.get("root_cause"):
        lines.append(f"  root cause: {entry['root_cause']}")
    own = bool(entry.get("counterexample"))
    counterexample = entry.get("counterexample") or group.get("counterexample")
    replay = entry.get("replay") or group.get("replay")
    if counterexample:
        lines.append(f"  counterexample{'' if own else ' (of its root cause)'}: {counterexample}")
    if replay:
        lines.append(f"  replay: {replay}")
    return "\n".join(lines)


class AsynchatItem(pytest.Item):
    def __init__(self, *, suite, is_property, **kwargs):
        super().__init__(**kwargs)
        self.suite = suite
        self.is_property = is_property
        self.entry = None

    def runtest(self):
        entry = self.suite.result(self.session, self.name)
        if entry is None:
            if self.suite.error:
                pytest.fail(self.suite.error, pytrace=False)
            pytest.fail(f"{self.name}: not in the suite's report (command: {self.suite.command})", pytrace=False)
        self.entry = entry
        outcome = entry.get("outcome")
        if outcome == "passed":
            return
        if outcome == "differs":
            note = f"differs from CPython only (--asynchat-level=documented): {entry.get('detail', '')}".strip()
            self.user_properties.append(("asynchat_note", note))
            self.add_report_section("call", "asynchat note", note)
            return
        if outcome in _FAILED:
            pytest.fail(failure_message(entry), pytrace=False)
        if outcome == "unsupported":
            pytest.skip(f"unsupported: {entry.get('detail') or 'the implementation lacks a capability it needs'}")
        if outcome == "expected-fail":
            pytest.xfail(entry.get("expected_failure_reason") or "listed as an expected failure")
        if outcome == "unexpected-pass":
            return  # made an XPASS by pytest_runtest_makereport
        pytest.fail(f"{self.name}: unknown outcome {outcome!r} in the suite's report", pytrace=False)

    def reportinfo(self):
        return self.path, None, f"asynchat {'property' if self.is_property else 'case'} {self.name}"


class AsynchatSuite(pytest.Collector):
    """The parent of the items: every id of `conformance --list`."""

    def collect(self):
        return []


def _list(config, binary):
    cmd = [binary, "--list"] + _selection_args(config)
    try:
        proc = subprocess.run(cmd, cwd=str(config.invocation_params.dir), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace")
    except OSError as e:
        raise pytest.UsageError(f"pytest_asynchat: cannot run {binary}: {e}")
    if proc.returncode != 0:
        raise pytest.UsageError(f"pytest_asynchat: {shlex.join(cmd)} exited {proc.returncode}:\n{proc.stderr.strip()}")
    try:
        return parse_list(proc.stdout)
    except ValueError as e:
        raise pytest.UsageError(f"pytest_asynchat: {e}")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session, config, items):
    # tryfirst: the items exist before -k and -m deselect (their hooks run after).
    if not config.getoption("asynchat_impl"):
        return
    suite = SuiteRun(config)
    entries = _list(config, suite.binary)
    parent = AsynchatSuite.from_parent(session, name="asynchat", nodeid="asynchat")
    known = {line.split(":")[0].split("(")[0].strip() for line in config.getini("markers")}
    for _, tags, _ in entries:
        for tag in tags:
            if marker_name(tag) not in known:
                config.addinivalue_line("markers", f"{marker_name(tag)}: asynchat case tag {tag}")
                known.add(marker_name(tag))
    collected = []
    for case_id, tags, is_property in entries:
        item = AsynchatItem.from_parent(parent, name=case_id, suite=suite, is_property=is_property)
        for tag in tags:
            item.add_marker(marker_name(tag))
        item.add_marker("asynchat_property" if is_property else "asynchat_case")
        collected.append(item)
    # Reported as collected, so the terminal's "collected N items" counts them.
    config.hook.pytest_collectreport(report=pytest.CollectReport(parent.nodeid, "passed", None, collected))
    config.stash[_COLLECTED] = collected
    config.stash[_SUITE] = suite
    items.extend(collected)


def pytest_configure(config):
    config.addinivalue_line("markers", "asynchat_case: a case of the asynchat conformance suite")
    config.addinivalue_line("markers", "asynchat_property: a RapidCheck property of the asynchat conformance suite")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    if not isinstance(item, AsynchatItem) or call.when != "call" or item.entry is None:
        return
    if item.entry.get("outcome") != "unexpected-pass" or call.excinfo is not None:
        return
    report = outcome.get_result()
    reason = item.entry.get("expected_failure_reason") or "listed as an expected failure"
    if item.config.getini("xfail_strict"):
        report.outcome = "failed"
        report.longrepr = f"[XPASS(strict)] {item.name} passes: {reason}"
    else:
        report.outcome = "passed"
        report.wasxfail = reason


def pytest_terminal_summary(terminalreporter, config):
    suite = config.stash.get(_SUITE, None)
    if suite is None or suite.command is None:
        return
    terminalreporter.write_line(f"asynchat: ran {suite.command}: exit {suite.returncode}")
    if getattr(suite, "counterexample_dir", None):
        terminalreporter.write_line(f"asynchat: counterexamples in {suite.counterexample_dir}")
