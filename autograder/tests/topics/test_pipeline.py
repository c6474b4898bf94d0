"""The whole grading pipeline on a simulated class, through the real nbgrader commands.

For every topic with simulated students (autograder/students/): copy the course, submit every
student, run ``python -m autograder.grade`` (generate_assignment, autograde, generate_feedback,
export), and check each student's score per test cell against what the student should lose.
"""
import csv
import subprocess
import sys

import pytest

from autograder import classroom, notebooks, paths
from autograder.commands.grade import scores
from autograder.students import by_topic

CLASSES = by_topic()
CASES = [(topic, student) for topic, students in CLASSES.items() for student in students]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """{topic: (course root, score table, grade command output)} for every topic's class."""
    results = {}
    for topic, students in CLASSES.items():
        root = classroom.make_course(tmp_path_factory.mktemp(topic) / "course", [topic])
        classroom.submit_students(root, topic, students)
        run = subprocess.run([sys.executable, "-m", "autograder.grade", "--root", str(root), topic],
                             cwd=paths.ROOT, capture_output=True, text=True, timeout=1800)
        summary = paths.ROOT / "build" / f"pipeline-{topic}.txt"
        summary.parent.mkdir(exist_ok=True)
        summary.write_text(run.stdout)
        assert run.returncode == 0, f"grading failed:\n{run.stdout}\n{run.stderr}"
        results[topic] = (root, scores(root, topic, [s.name for s in students]), run.stdout)
    return results


@pytest.mark.parametrize("topic,student", CASES, ids=[f"{t}-{s.name}" for t, s in CASES])
def test_student_loses_exactly_what_it_should(graded, topic, student):
    root, table, output = graded[topic]
    row = table[student.name]
    if not student.graded:
        assert row is None and f"{student.name} NOT GRADED" in " ".join(output.split()), output
        return
    assert row is not None, f"{student.name} was not graded; see {root}/build/grading-logs"
    lost = {cell.removeprefix("test_") for cell, (score, _) in row.items() if score == 0}
    partial = {cell: s for cell, s in row.items() if 0 < s[0] < s[1]}
    assert not partial, f"{student.name}: partial scores {partial}"
    assert lost == student.loses, (f"{student.name} lost {sorted(lost)}, expected {sorted(student.loses)}; "
                                   f"scores {row}")


@pytest.mark.parametrize("topic", sorted(CLASSES))
def test_summary_table_and_csv_export(graded, topic):
    root, table, output = graded[topic]
    for student in CLASSES[topic]:
        assert student.name in output, f"the summary table has no row for {student.name}:\n{output}"
    with open(root / "grades.csv") as handle:
        rows = [r for r in csv.DictReader(handle) if r["assignment"] == topic]
    assert {r["student_id"] for r in rows} == {s.name for s in CLASSES[topic]}
    ungraded = {r["student_id"]: float(r["score"]) for r in rows if r["student_id"] in
                {s.name for s in CLASSES[topic] if not s.graded}}
    assert all(score == 0 for score in ungraded.values()), ungraded
    reference = next(r for r in rows if r["student_id"] == "reference")
    assert float(reference["score"]) == float(reference["max_score"]) > 0


@pytest.mark.parametrize("topic", sorted(CLASSES))
def test_feedback_reveals_no_hidden_test(graded, topic):
    root, _, _ = graded[topic]
    secrets = ["hidden.check", "BEGIN HIDDEN", "from autograder", "_probe_", "expect_close("]
    pages = sorted((root / "feedback").glob(f"*/{topic}/*.html"))
    graded_students = [s for s in CLASSES[topic] if s.graded]
    assert len(pages) == len(graded_students), f"feedback pages: {[str(p) for p in pages]}"
    for page in pages:
        text = page.read_text()
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{page} shows {leaked}"
    wrong = next(s for s in graded_students if s.loses and s.answers)
    text = (root / "feedback" / wrong.name / topic / f"{topic}.html").read_text()
    assert "HiddenCheckFailed" in text and "Hint" in text, f"{wrong.name}'s feedback names no failed check"


@pytest.mark.parametrize("topic", sorted(CLASSES))
def test_autograded_notebooks_keep_no_hidden_region(graded, topic):
    root, _, _ = graded[topic]
    for path in (root / "autograded").glob(f"*/{topic}/{topic}.ipynb"):
        nb = notebooks.read(path)
        assert not any(notebooks.hidden_region(c.source) for c in nb.cells), path
