"""JupyterLab on the course: ``./course lab [jupyter lab options]``.

Serves the repo root (the nbgrader course directory) from the repo root, so that nbgrader's lab
extensions (Validate, the formgrader, the course list, Create Assignment) find
``nbgrader_config.py``, and enables the course's formgrader guard
(``autograder.engine.formgrader_guard``): the formgrader refuses to grade on a broken config
instead of grading silently with nbgrader's defaults.
"""
import os
import sys
from pathlib import Path

from ..engine import paths

GUARD = "autograder.engine.formgrader_guard"
START_PAGE = "notebooks/00_start_here.ipynb"


def lab_arguments():
    """The course's own ``jupyter lab`` options (the browser tests' servers take them too)."""
    return [f"--ServerApp.jpserver_extensions={GUARD}=True"]


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    os.chdir(paths.ROOT)  # nbgrader reads nbgrader_config.py from the server's working folder
    jupyter = str(Path(sys.executable).parent / "jupyter")
    root = ["--ServerApp.root_dir", str(paths.ROOT)] + (["--allow-root"] if os.geteuid() == 0 else [])  # container
    os.execv(jupyter, [jupyter, "lab", *root, *lab_arguments(), *argv, START_PAGE])


if __name__ == "__main__":
    sys.exit(main())
