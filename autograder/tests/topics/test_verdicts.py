"""Layer 1: every simulated student of every topic through the hidden checks, with no kernel.

For each student: the hidden checks (each in its own sandbox process, as during autograde) fail
exactly the functions the student should lose, and no check breaks; every visible check the
student fails is also failed by that function's hidden check (the promise ``HiddenVerdict`` relies
on when it forgives an in-kernel error); the reference passes every visible check.
"""
import functools

import pytest

from autograder.engine import hidden, notebooks, paths
from autograder.testing.students import by_topic
from autograder.testing.visible import visible_failures

CLASSES = by_topic()
CASES = [(topic, student) for topic, students in CLASSES.items() for student in students if student.graded]


@functools.cache
def notebooks_of(topic):
    return notebooks.read(paths.release_notebook(topic)), notebooks.read(paths.source_notebook(topic))


def check_names(topic):
    """{test cell grade_id: [hidden check names]} of the source notebook."""
    return {notebooks.grade_id(c): notebooks.hidden_check_names(c.source)
            for c in notebooks_of(topic)[1].cells if notebooks.is_test(c)}


@pytest.mark.parametrize("topic,student", CASES, ids=[f"{t}-{s.name}" for t, s in CASES])
def test_hidden_and_visible_verdicts(topic, student):
    nb = student.notebook(*notebooks_of(topic))
    names = [name for names in check_names(topic).values() for name in names]
    verdicts = hidden.run_in_sandbox(names, notebooks.student_statements(nb))
    broken = {name: v.grader_error for name, v in verdicts.items() if v.grader_error}
    assert not broken, f"hidden checks broke on {student.name}: {broken}"
    failed = {name for name, verdict in verdicts.items() if not verdict.passed}
    messages = {name: verdicts[name].message for name in failed}
    assert failed == student.loses, f"{student.name} failed {sorted(failed)}, expected {sorted(student.loses)}: " \
                                    f"{messages}"
    if student.hostile:
        return
    visible = visible_failures(nb, notebooks_of(topic)[1])
    hidden_failed_cells = {cell for cell, names in check_names(topic).items() if set(names) & failed}
    uncovered = {cell: error for cell, error in visible.items() if cell not in hidden_failed_cells}
    assert not uncovered, f"{student.name} fails visible checks that the hidden checks pass: {uncovered}"
    if student.name == "reference":
        assert not visible, f"the reference fails visible checks: {visible}"


def test_every_graded_function_has_a_check_and_wrong_answers():
    for topic, students in CLASSES.items():
        graded = set(notebooks.hidden_check_names("\n".join(
            c.source for c in notebooks_of(topic)[1].cells if notebooks.is_test(c))))
        answers = {notebooks.grade_id(c) for c in notebooks_of(topic)[1].cells if notebooks.is_answer(c)}
        assert graded == answers, f"{topic}: answer cells {sorted(answers)} but hidden checks {sorted(graded)}"
        for function in answers:
            wrong = [s.name for s in students if s.loses == {function} and not s.hostile]
            assert len(wrong) >= 3, f"{topic}: {function} has only {len(wrong)} typical wrong answers: {wrong}"
        assert any(s.name == "reference" for s in students) and any(s.answers is None for s in students)


def test_a_broken_hidden_check_fails_one_function_and_the_suite(monkeypatch):
    """A bug in a hidden check is a failed verdict for that one function, with the traceback kept."""
    check = hidden.lookup(next(iter(hidden.discover())))

    def broken(submission, reference):
        raise ZeroDivisionError("a bug in the check")

    monkeypatch.setattr(check, "run", broken)
    verdict = hidden.run_one(check, hidden.LocalSubmission({}))
    assert not verdict.passed and verdict.message == hidden.GRADER_ERROR
    assert "ZeroDivisionError: a bug in the check" in verdict.grader_error
