"""A grading configuration that fails to load stops grading instead of falling back silently."""
import shutil
import subprocess
import sys

import pytest

from autograder.commands.grade import GradingConfigError, load_config_strictly
from autograder.engine import paths
from autograder.testing import classroom


def test_the_course_config_loads_with_the_hidden_checks():
    config = load_config_strictly(paths.ROOT)
    names = [p.__name__ for p in config.Autograde.autograde_preprocessors]
    assert names.index("HiddenChecks") < names.index("ResilientExecute") < names.index("HiddenVerdict")


@pytest.mark.parametrize("breakage,message", [
    ("raise RuntimeError('typo in the config')", "failed to load"),
    ("c.Autograde.autograde_preprocessors = c.Autograde.autograde_preprocessors[1:]", "lacks HiddenChecks"),
])
def test_broken_config_stops_grading(tmp_path, breakage, message):
    root = classroom.make_course(tmp_path / "course", ["04_dropout"])
    with open(root / "nbgrader_config.py", "a") as config:
        config.write("\n" + breakage + "\n")
    with pytest.raises(GradingConfigError, match=message):
        load_config_strictly(root)
    submission = root / "submitted" / "alice" / "04_dropout"
    submission.mkdir(parents=True)
    shutil.copy(paths.release_notebook("04_dropout"), submission)
    run = subprocess.run([sys.executable, "-m", "autograder.commands.grade", "--root", str(root)],
                         cwd=paths.ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "grading stopped" in run.stderr and message in run.stderr, run.stderr
    assert not (root / "gradebook.db").exists(), "a broken config must not touch the gradebook"
    assert not (root / "autograded").exists()
