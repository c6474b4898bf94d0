"""A small class of 04_dropout graded through ``./course grade`` as an instructor would: the class
of autograder/tests/instructor/ (graded once per test session, in its conftest.py).

The class: the reference on time; a mistake in dropout_forward; the reference two days late (a due
date set with ``nbgrader db assignment add``, the README's late-penalty policy in the course's
config); a notebook saved under the wrong name; a truncated file; a student who edited a locked
test cell.
"""
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..engine import notebooks, paths
from . import classroom
from .students import by_topic

TOPIC = "04_dropout"
DUE = "2026-01-10 17:00:00 UTC"
LATE = "2026-01-12 17:00:00.000000 UTC"  # two days after DUE
EDITED_TEST = "test_dropout_backward"
POLICY_MARK = "<!-- late-penalty-policy -->"  # the README's policy block, pasted into the course's config
ZIP_COLLECT_MARK = "<!-- zip-collect -->"  # the README's commands for an LMS download


@dataclass
class GradedClass:
    root: Path
    run: subprocess.CompletedProcess
    log: str  # the run's grading log

    @property
    def output(self):
        """The command's output with its spacing normalised (the table pads its columns)."""
        return " ".join(self.run.stdout.split())


def readme_block(mark, language):
    """The first ``language`` code block after ``mark`` in the README: what instructors are told to run."""
    after = (paths.ROOT / "README.md").read_text().split(mark, 1)[1]
    return re.search(rf"```{language}\n(.*?)```", after, re.S).group(1)


def readme_policy():
    """The late-penalty policy the README tells instructors to paste into nbgrader_config.py."""
    return readme_block(POLICY_MARK, "python")


def grade(root, *extra):
    return subprocess.run([sys.executable, "-m", "autograder.commands.grade", "--root", str(root), TOPIC, *extra],
                          cwd=paths.ROOT, capture_output=True, text=True, timeout=900)


def submit_class(root):
    students = {s.name: s for s in by_topic()[TOPIC]}
    classroom.submit_students(root, TOPIC, [students["reference"], students["fwd_no_scaling"],
                                            students["corrupt_file"]])
    reference = notebooks.fill_answers(notebooks.read(paths.release_notebook(TOPIC)),
                                       notebooks.read(paths.source_notebook(TOPIC)))
    late = classroom.submit(root, TOPIC, "late_student", reference)
    (late.parent / "timestamp.txt").write_text(LATE)
    notebooks.write(reference, root / "submitted" / "misnamed" / TOPIC / f"{TOPIC}-Copy1.ipynb")
    edited = notebooks.read(paths.release_notebook(TOPIC))
    edited = notebooks.fill_answers(edited, notebooks.read(paths.source_notebook(TOPIC)))
    next(c for c in edited.cells if notebooks.grade_id(c) == EDITED_TEST).source = "# I trust my code\npass"
    classroom.submit(root, TOPIC, "edits_a_test", edited)


def grade_the_class(folder):
    """Make a course in ``folder``, submit the class, set the due date, grade; a GradedClass."""
    root = classroom.make_course(Path(folder) / "course", [TOPIC])
    with open(root / "nbgrader_config.py", "a") as config:
        config.write("\n" + readme_policy())
    submit_class(root)
    subprocess.run(["nbgrader", "db", "assignment", "add", TOPIC, f"--duedate={DUE}"], cwd=root,
                   check=True, capture_output=True)
    run = grade(root)
    logs = sorted((root / "build" / "grading-logs").glob(f"*-{TOPIC}.log"))
    if not logs:
        raise RuntimeError(f"grading wrote no log:\n{run.stdout}\n{run.stderr}")
    return GradedClass(root, run, logs[-1].read_text())
