import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = str(Path(sys.executable).parent)


@pytest.fixture(scope="session", autouse=True)
def course_environment():
    """nbgrader runs alembic and jupyter from the venv; kernels import autograder from the root."""
    os.environ["PATH"] = VENV_BIN + os.pathsep + os.environ.get("PATH", "")
    os.environ.setdefault("MPLBACKEND", "Agg")
    yield
