"""The suite runs from the repository root (pytest's ``pythonpath`` puts it on sys.path)."""
import os
import sys
from pathlib import Path

import pytest

VENV_BIN = str(Path(sys.executable).parent)


@pytest.fixture(scope="session", autouse=True)
def course_environment():
    """nbgrader runs alembic and jupyter from the venv (its bin folder must be on PATH)."""
    os.environ["PATH"] = VENV_BIN + os.pathsep + os.environ.get("PATH", "")
    os.environ.setdefault("MPLBACKEND", "Agg")
    yield
