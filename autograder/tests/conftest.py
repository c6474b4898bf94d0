"""The suite runs from the repository root (pytest's ``pythonpath`` puts it on sys.path)."""
import os
import sys
from pathlib import Path

import pytest

VENV_BIN = str(Path(sys.executable).parent)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Make ``--dist loadgroup`` group again: pytest-xdist 3.8 marks a grouped test by appending
    "@<group>" to ``item._nodeid``, but pytest 9.2 reads the node id from ``item._id``, so every
    ``xdist_group`` was silently ignored (a group's session fixtures ran on both workers)."""
    from _pytest.nodeid import NodeId

    for item in items:
        grouped = item.__dict__.get("_nodeid")
        if grouped and "@" in grouped and str(item._id) != grouped:
            item._id = NodeId.parse(grouped)


@pytest.fixture(scope="session", autouse=True)
def course_environment():
    """nbgrader runs alembic and jupyter from the venv (its bin folder must be on PATH)."""
    os.environ["PATH"] = VENV_BIN + os.pathsep + os.environ.get("PATH", "")
    os.environ.setdefault("MPLBACKEND", "Agg")
    yield
