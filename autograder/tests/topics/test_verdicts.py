"""Layer 1: every simulated student of every topic through the hidden checks, with no kernel.

For each student: the hidden checks (each in its own sandbox process, as during autograde) fail
exactly the functions the student should lose, and no check breaks; every visible check the
student fails is also failed by that function's hidden check (the promise ``HiddenVerdict`` relies
on when it forgives an in-kernel error); the reference passes every visible check; each failure is
recognised as the mistake the student's author expected (``SimulatedStudent.mistakes``), and every
mistake identifier a check can raise is listed in its topic's ``MISTAKES``.
"""
import ast
import functools
from pathlib import Path

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
    if not student.hostile:
        visible = visible_failures(nb, notebooks_of(topic)[1])
        hidden_failed_cells = {cell for cell, names in check_names(topic).items() if set(names) & failed}
        uncovered = {cell: error for cell, error in visible.items() if cell not in hidden_failed_cells}
        assert not uncovered, f"{student.name} fails visible checks that the hidden checks pass: {uncovered}"
        if student.name == "reference":
            assert not visible, f"the reference fails visible checks: {visible}"
    check_recognised_mistakes(topic, student, verdicts)


def check_recognised_mistakes(topic, student, verdicts):
    """Each failure is recognised as the mistake ``student.mistakes`` expects ("unrecognised" when
    no check names it); a blank student's failures are all "not_implemented"; hostile ones are exempt.
    Every topic lists its mistakes (MISTAKES in its checks.py)."""
    if student.hostile:
        return
    found = {name: verdicts[name].mistake or hidden.UNRECOGNISED for name in student.loses}
    messages = {name: verdicts[name].message for name in student.loses}
    if student.answers is None:
        assert found == dict.fromkeys(student.loses, hidden.NOT_IMPLEMENTED), \
            f"the blank release is not recognised as untouched stubs: {found}"
        return
    extra = set(student.mistakes) - student.loses
    assert not extra, f"{student.name}: mistakes names functions it does not lose: {sorted(extra)}"
    if not student.loses:
        return
    assert hidden.mistakes_of(topic) is not None, f"{topic}/checks.py has no MISTAKES dict"
    missing = student.loses - set(student.mistakes)
    assert not missing, f"{student.name} loses {sorted(missing)} but its mistakes do not say which mistake: " \
                        f"found {found}, messages {messages}"
    wrong = {name: (found[name], student.mistakes[name]) for name in student.loses
             if found[name] != student.mistakes[name]}
    assert not wrong, f"{student.name}: (recognised, expected) mistakes differ: {wrong}; messages {messages}"


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


def mistakes_named_in(checks_path):
    """[(hidden check name or None, mistake, line)] for every ``mistake="..."`` keyword in a checks.py;
    the name is that of the @hidden_check function the call sits in (None in a shared helper)."""
    tree = ast.parse(Path(checks_path).read_text())
    found = []
    for top in tree.body:
        if not isinstance(top, ast.FunctionDef):
            continue
        registered = [d.args[0].value for d in top.decorator_list if isinstance(d, ast.Call)
                      and getattr(d.func, "id", None) == "hidden_check" and d.args
                      and isinstance(d.args[0], ast.Constant)]
        for node in ast.walk(top):
            for keyword in getattr(node, "keywords", []) if isinstance(node, ast.Call) else []:
                if keyword.arg == "mistake" and isinstance(keyword.value, ast.Constant):
                    found.append((registered[0] if registered else None, keyword.value.value, node.lineno))
    return found


TOPICS = sorted(CLASSES)


@pytest.mark.parametrize("topic", TOPICS)
def test_every_mistake_identifier_is_listed(topic):
    """Statically: every ``mistake="..."`` in a topic's checks.py is listed in its MISTAKES (under the
    check it sits in, or under some function for a shared helper); MISTAKES lists graded functions
    with snake_case identifiers and a description each; every simulated student expects a listed
    identifier or "unrecognised". (At run time ``hidden.run_one`` treats an unlisted one as a bug.)"""
    checks_path = paths.TOPICS / topic / "checks.py"
    named = mistakes_named_in(checks_path)
    listed = hidden.mistakes_of(topic)
    assert listed is not None, f"{checks_path} has no MISTAKES dict (it names {sorted({m for _, m, _ in named})})"
    answers = {notebooks.grade_id(c) for c in notebooks_of(topic)[1].cells if notebooks.is_answer(c)}
    assert set(listed) <= answers, f"{topic}: MISTAKES names {sorted(set(listed) - answers)}, not graded functions"
    for function, mistakes in listed.items():
        for mistake, description in mistakes.items():
            assert mistake.isidentifier() and mistake.islower() and mistake not in (
                hidden.NOT_IMPLEMENTED, hidden.UNRECOGNISED), f"{topic}: {function}/{mistake} is not a usable name"
            assert isinstance(description, str) and description.strip(), f"{topic}: {function}/{mistake}: no text"
    everywhere = {m for mistakes in listed.values() for m in mistakes}
    unlisted = [f"line {line}: {check or 'a shared helper'} names {mistake!r}" for check, mistake, line in named
                if mistake not in (listed.get(check, {}) if check else everywhere)]
    assert not unlisted, f"{checks_path}: mistakes missing from MISTAKES: {unlisted}"
    for student in CLASSES[topic]:
        for function, mistake in student.mistakes.items():
            assert mistake == hidden.UNRECOGNISED or mistake in listed.get(function, {}), \
                f"{topic}: {student.name} expects {function}/{mistake}, which MISTAKES does not list"


def test_an_unlisted_mistake_is_a_bug_in_the_check(monkeypatch):
    """A check raising a mistake its topic does not list: the failure stands, unrecognised, and the
    verdict carries a grader error (so the verdict test fails)."""
    from utils.checks import fail

    check = hidden.lookup("dropout_forward")

    def names_an_unlisted_mistake(submission, reference):
        fail("wrong", "a hint", mistake="no_such_mistake_listed")

    monkeypatch.setattr(check, "run", names_an_unlisted_mistake)
    verdict = hidden.run_one(check, hidden.LocalSubmission({}))
    assert not verdict.passed and verdict.message == "wrong Hint: a hint"
    assert verdict.mistake is None and "no_such_mistake_listed" in verdict.grader_error
