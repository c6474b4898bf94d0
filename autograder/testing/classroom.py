"""A throw-away copy of the course with simulated students, for tests and benchmarks."""
import shutil
from pathlib import Path

from ..engine import notebooks, paths


def make_course(directory, topics):
    """A course directory at ``directory``: config, source/ and release/ of ``topics``, and a
    link to autograder/ (nbgrader_config.py imports it from the course directory)."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(paths.ROOT / "nbgrader_config.py", root)
    (root / "autograder").symlink_to(paths.ROOT / "autograder", target_is_directory=True)
    for topic in topics:
        for side in ("source", "release"):
            shutil.copytree(paths.ROOT / side / topic, root / side / topic)
    return root


def submit(root, topic, student, nb):
    """Place ``nb`` as ``student``'s submission of ``topic``."""
    target = Path(root) / "submitted" / student / topic / f"{topic}.ipynb"
    notebooks.write(nb, target)
    return target


def submit_students(root, topic, students):
    release_nb = notebooks.read(paths.release_notebook(topic))
    source_nb = notebooks.read(paths.source_notebook(topic))
    for student in students:
        if student.raw is not None:
            target = Path(root) / "submitted" / student.name / topic / f"{topic}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(student.raw)
            continue
        submit(root, topic, student.name, student.notebook(release_nb, source_nb))
