"""Loaded by Python at start-up when this directory is on PYTHONPATH (what
`trace record-python` arranges): with ASYNCHAT_RECORD_DIR set, record the
process's async_chat channels there (asynchat_recorder.py). Then runs the
sitecustomize this one shadows, if the interpreter has one further on
sys.path, so a distribution's start-up hooks still run."""

import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
if os.environ.get("ASYNCHAT_RECORD_DIR"):
    if _here not in sys.path:
        sys.path.insert(0, _here)
    import asynchat_recorder
    asynchat_recorder.install(os.environ["ASYNCHAT_RECORD_DIR"])

for _dir in sys.path:
    _path = os.path.join(_dir or ".", "sitecustomize.py")
    if os.path.abspath(_dir or ".") != _here and os.path.isfile(_path):
        with open(_path) as _f:
            exec(compile(_f.read(), _path, "exec"), {"__name__": "sitecustomize", "__file__": _path})
        break
