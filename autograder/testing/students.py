"""Simulated students: a topic's class in ``autograder/topics/<topic>/students.py``.

A simulated student is the reference submission with some answer cells replaced. The answers are
real functions in the topic's module, so the linter reads them:

    @answer("dropout_forward")          # the def becomes the cell, renamed to dropout_forward
    def fwd_no_scaling(A, keep_prob, rng):
        ...

    @cell("dropout_forward")            # the body becomes the whole cell (top-level code)
    def swallows_interrupts():
        ...

A plain ``(grade_id, source)`` pair stays for code that must not parse. The tests run every
student through the hidden checks (autograder/tests/topics/test_verdicts.py) and a selection
through real nbgrader (test_pipeline.py).
"""
import ast
import importlib
import inspect
import textwrap
from dataclasses import dataclass, field

from ..engine import notebooks, paths


def answer(grade_id):
    """Mark a function as the answer of cell ``grade_id``: its def, renamed to the graded name."""

    def mark(function):
        function.cell_id = grade_id
        function.cell_source = _renamed_def(function, grade_id)
        return function

    return mark


def cell(grade_id):
    """Mark a function whose body is the whole source of cell ``grade_id``."""

    def mark(function):
        function.cell_id = grade_id
        function.cell_source = _body(function)
        return function

    return mark


def _definition(function):
    source = textwrap.dedent(inspect.getsource(function))
    node = ast.parse(source).body[0]
    return source.splitlines(), node


def _renamed_def(function, name):
    lines, node = _definition(function)
    first = node.lineno - 1  # the def line, after the decorators
    lines = lines[first:]
    lines[0] = lines[0].replace(f"def {function.__name__}(", f"def {name}(", 1)
    return "\n".join(lines) + "\n"


def _body(function):
    lines, node = _definition(function)
    start = node.body[0].lineno - 1
    if isinstance(node.body[0], ast.Expr) and isinstance(getattr(node.body[0], "value", None), ast.Constant) \
            and len(node.body) > 1:
        start = node.body[1].lineno - 1  # a docstring describes the student; it is not part of the cell
    return textwrap.dedent("\n".join(lines[start:node.end_lineno])) + "\n"


@dataclass
class SimulatedStudent:
    """A submission of the reference answers with some cells replaced.

    - name: the student id.
    - answers: functions marked with ``answer``/``cell``, or (grade_id, source) pairs; None
      submits the untouched release notebook.
    - loses: graded functions whose test cells must score zero (every other one scores full).
    - hostile: attacks the grader (loops, kills its kernel, ...): graded through real nbgrader on
      the topic that holds such students; not run through the visible checks.
    - raw: text submitted in place of a notebook; such a student cannot be graded, and must not
      disturb the grading of the others.
    - mistakes: {graded function: the mistake its hidden check must recognise} for every function
      in ``loses`` of a wrong student: the local identifier listed in the topic's MISTAKES (e.g.
      {"dropout_forward": "not_scaled"}), or "unrecognised" where no check can reasonably name it
      (say why in a comment). Hostile and blank students need none (a blank student's failures are
      "not_implemented").
    """

    name: str
    answers: list | None
    loses: set = field(default_factory=set)
    hostile: bool = False
    raw: str | None = None
    mistakes: dict = field(default_factory=dict)

    @classmethod
    def reference(cls):
        return cls("reference", [], set())

    @classmethod
    def wrong(cls, answer, mistake, name=None):
        """A student whose one wrong ``answer`` (marked with ``answer``/``cell``) loses its function,
        recognised as ``mistake`` (a local identifier of the topic's MISTAKES, or "unrecognised")."""
        return cls(name or answer.__name__, [answer], {answer.cell_id}, mistakes={answer.cell_id: mistake})

    @classmethod
    def blank(cls, topic_functions=None):
        """The untouched release notebook: loses every graded function (filled in by the tests)."""
        return cls("blank", None, set(topic_functions or ()))

    @property
    def graded(self):
        return self.raw is None

    def cells(self):
        """{answer cell grade_id: source} that replace the reference answers."""
        replaced = {}
        for item in self.answers or []:
            grade_id, source = item if isinstance(item, tuple) else (item.cell_id, item.cell_source)
            replaced[grade_id] = source
        return replaced

    def notebook(self, release_nb, source_nb):
        if self.answers is None:
            return release_nb
        nb = notebooks.fill_answers(release_nb, source_nb)
        for cell_id, source in self.cells().items():
            nb = notebooks.replace_answer(nb, cell_id, source.strip("\n"))
        return nb


def graded_functions(topic):
    """The graded functions of ``topic``, in notebook order (its answer cells' grade_ids)."""
    nb = notebooks.read(paths.source_notebook(topic))
    return [notebooks.grade_id(c) for c in nb.cells if notebooks.is_answer(c)]


def load_class(topic):
    """The simulated students of ``topic``; the blank student loses every graded function."""
    module = importlib.import_module(f"autograder.topics.{topic}.students")
    students = list(module.STUDENTS)
    for student in students:
        if student.answers is None and student.raw is None and not student.loses:
            student.loses = set(graded_functions(topic))
    names = [s.name for s in students]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"{topic}: simulated students share names {duplicates}")
    return students


def by_topic():
    """{topic: [SimulatedStudent, ...]} for every topic with a simulated class."""
    return {topic: load_class(topic) for topic in paths.topic_folders()
            if (paths.TOPICS / topic / "students.py").exists() and paths.source_notebook(topic).exists()}
