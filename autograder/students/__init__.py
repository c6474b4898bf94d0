"""Simulated students, one module per topic with ``TOPIC`` and ``STUDENTS``.

The pipeline test (autograder/tests/test_pipeline.py) submits them all through real nbgrader and
checks that each loses exactly the points it should.
"""
import importlib
import pkgutil
from dataclasses import dataclass

from .. import notebooks


@dataclass
class Student:
    """A submission: the reference answers with some cells replaced.

    - name: the student id.
    - answers: {answer cell grade_id: source} replacing reference answers; None submits the
      untouched release notebook.
    - loses: graded functions whose test cells must score zero (all others score full).
    - raw: text submitted in place of a notebook; such a student cannot be graded, and must not
      disturb the grading of the others.
    """

    name: str
    answers: dict | None
    loses: set
    raw: str | None = None  # submitted as this text instead of a notebook (a corrupt file)

    @property
    def graded(self):
        return self.raw is None

    def notebook(self, release_nb, source_nb):
        if self.answers is None:
            return release_nb
        nb = notebooks.fill_answers(release_nb, source_nb)
        for cell_id, source in self.answers.items():
            nb = notebooks.replace_answer(nb, cell_id, source.strip("\n"))
        return nb


def by_topic():
    """{topic: [Student, ...]} for every module in this package."""
    found = {}
    for module in pkgutil.iter_modules(__path__):
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        found[loaded.TOPIC] = loaded.STUDENTS
    return found
