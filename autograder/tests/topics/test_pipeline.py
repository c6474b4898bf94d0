"""Layer 2: real nbgrader on a selection of each topic's simulated class.

Per topic (one fixture each): the reference, the blank release and one typical wrong answer per
graded function; on every topic that holds them, the hostile students and the corrupt file. The
class goes through ``python -m autograder.commands.grade`` (generate_assignment, parallel autograde,
generate_feedback, export), proving that the hidden verdicts reach the gradebook, the feedback pages
and grades.csv. Layer 1 (test_verdicts.py) checks every student's verdicts without a kernel.
"""
import csv
import subprocess
import sys

import pytest

from autograder.commands.grade import scores
from autograder.engine import notebooks, paths
from autograder.testing import classroom
from autograder.testing.students import by_topic

CLASSES = by_topic()


def selection(students):
    """The reference, the blank release, the first wrong answer of each function, hostile and raw."""
    chosen, covered = [], set()
    for student in students:
        single = len(student.loses) == 1 and not student.hostile and student.answers
        if student.name == "reference" or student.answers is None or student.hostile or not student.graded or \
                (single and not student.loses <= covered):
            chosen.append(student)
            covered |= student.loses if single else set()
    return chosen


SELECTED = {topic: selection(students) for topic, students in CLASSES.items()}
CASES = [(topic, student) for topic, students in SELECTED.items() for student in students]


@pytest.fixture(scope="module", params=sorted(SELECTED))
def graded(request, tmp_path_factory):
    """(topic, course root, score table, grade command output) for one topic's class."""
    topic = request.param
    students = SELECTED[topic]
    root = classroom.make_course(tmp_path_factory.mktemp(topic) / "course", [topic])
    classroom.submit_students(root, topic, students)
    run = subprocess.run([sys.executable, "-m", "autograder.commands.grade", "--root", str(root), topic],
                         cwd=paths.ROOT, capture_output=True, text=True, timeout=1800)
    summary = paths.ROOT / "build" / f"pipeline-{topic}.txt"
    summary.parent.mkdir(exist_ok=True)
    summary.write_text(run.stdout)
    assert run.returncode == 0, f"grading failed:\n{run.stdout}\n{run.stderr}"
    return topic, root, scores(root, topic, [s.name for s in students]), run.stdout


def test_every_student_loses_exactly_what_it_should(graded):
    topic, root, table, output = graded
    problems = []
    for student in SELECTED[topic]:
        row = table[student.name]
        if not student.graded:
            if row is not None or f"{student.name} NOT GRADED" not in " ".join(output.split()):
                problems.append(f"{student.name} should not be graded")
            continue
        if row is None:
            problems.append(f"{student.name} was not graded; see {root}/build/grading-logs")
            continue
        lost = {cell.removeprefix("test_") for cell, (score, _) in row.items() if score == 0}
        partial = {cell: s for cell, s in row.items() if 0 < s[0] < s[1]}
        if partial or lost != student.loses:
            problems.append(f"{student.name} lost {sorted(lost)}, expected {sorted(student.loses)}; scores {row}")
    assert not problems, "\n".join(problems) + "\n" + output


def test_summary_table_progress_and_csv_export(graded):
    topic, root, table, output = graded
    students = SELECTED[topic]
    for student in students:
        assert student.name in output, f"the summary table has no row for {student.name}:\n{output}"
    assert f"[{len(students)}/{len(students)}]" in output, f"no progress line for the last submission:\n{output}"
    with open(root / "grades.csv") as handle:
        rows = [r for r in csv.DictReader(handle) if r["assignment"] == topic]
    assert {r["student_id"] for r in rows} == {s.name for s in students}
    reference = next(r for r in rows if r["student_id"] == "reference")
    assert float(reference["score"]) == float(reference["max_score"]) > 0


def test_feedback_reveals_no_hidden_test(graded):
    topic, root, _, _ = graded
    secrets = ["hidden.check", "BEGIN HIDDEN", "from autograder", "_probe_"]
    pages = sorted((root / "feedback").glob(f"*/{topic}/*.html"))
    graded_students = [s for s in SELECTED[topic] if s.graded]
    assert len(pages) == len(graded_students), f"feedback pages: {[str(p) for p in pages]}"
    for page in pages:
        text = page.read_text()
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{page} shows {leaked}"
    wrong = next(s for s in graded_students if s.loses and s.answers)
    text = (root / "feedback" / wrong.name / topic / f"{topic}.html").read_text()
    assert "HiddenCheckFailed" in text and "Hint" in text, f"{wrong.name}'s feedback names no failed check"


def test_autograded_notebooks_keep_no_hidden_region(graded):
    topic, root, _, _ = graded
    for path in (root / "autograded").glob(f"*/{topic}/{topic}.ipynb"):
        nb = notebooks.read(path)
        assert not any(notebooks.has_hidden_region(c.source) for c in nb.cells), path
