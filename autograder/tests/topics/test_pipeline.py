"""Layer 2: real nbgrader on a selection of each topic's simulated class.

Per topic (one fixture each): the reference, the blank release and one typical wrong answer per
graded function; on every topic that holds them, the hostile students and the corrupt file. The
class goes through ``python -m autograder.commands.grade`` (generate_assignment, parallel autograde,
generate_feedback, export), proving that the hidden verdicts reach the gradebook, the feedback pages
and grades.csv. Layer 1 (test_verdicts.py) checks every student's verdicts without a kernel.
"""
import csv
import difflib
import hashlib
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.commands.grade import scores
from autograder.commands.report import build as build_report
from autograder.commands.report import write_reports
from autograder.engine import notebooks, paths
from autograder.testing import classroom
from autograder.testing.reports import mismatches, screenshot_page
from autograder.testing.students import SimulatedStudent, by_topic

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


GRADING_WRITES = ("autograded/", "feedback/", "build/", "gradebook.db", "grades.csv", "reports/")
REPOSITORY_NOISE = (".git/", ".venv", "build/", ".ruff_cache/", ".pytest_cache/")


def snapshot(folder, skip=()):
    """{relative path: sha256} of every file under ``folder`` (links not followed)."""
    folder = Path(folder)
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = str(path.relative_to(folder))
        if path.is_symlink() or not path.is_file() or "__pycache__" in path.parts or relative.startswith(skip):
            continue
        found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def changed(before, after):
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def grade_class(topic, folder):
    """(course root, score table, grade command output, files changed) for one topic's selection."""
    students = SELECTED[topic]
    root = classroom.make_course(Path(folder) / "course", [topic])
    classroom.submit_students(root, topic, students)
    course_before = snapshot(root, skip=GRADING_WRITES)
    repository_before = snapshot(paths.ROOT, skip=REPOSITORY_NOISE)
    run = subprocess.run([sys.executable, "-m", "autograder.commands.grade", "--root", str(root), topic],
                         cwd=paths.ROOT, capture_output=True, text=True, timeout=1800)
    summary = paths.ROOT / "build" / f"pipeline-{topic}.txt"
    summary.parent.mkdir(exist_ok=True)
    summary.write_text(run.stdout)
    expected_status = 1 if any(not student.graded for student in students) else 0
    assert run.returncode == expected_status, f"grading exited {run.returncode}:\n{run.stdout}\n{run.stderr}"
    touched = changed(course_before, snapshot(root, skip=GRADING_WRITES))
    touched += [f"the repository's {path}" for path in changed(repository_before,
                                                                snapshot(paths.ROOT, skip=REPOSITORY_NOISE))]
    return root, scores(root, topic, [s.name for s in students]), run.stdout, touched


@pytest.mark.parametrize("topic", sorted(SELECTED))
def test_class_through_real_nbgrader(topic, tmp_path):
    """One test per topic (so that one worker grades each class once)."""
    root, table, output, touched = grade_class(topic, tmp_path)
    check_scores(topic, root, table, output)
    check_nothing_else_changed(topic, root, touched)
    check_summary_and_export(topic, root, output)
    check_feedback(topic, root)
    check_no_hidden_region(topic, root)
    check_report(topic, root, output)


def check_scores(topic, root, table, output):
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
        partial = {cell: s for cell, s in row.items() if 0 < s[0] < s[1] or s[0] > s[1]}
        if partial or lost != student.loses:
            problems.append(f"{student.name} lost {sorted(lost)}, expected {sorted(student.loses)}; scores {row}")
    assert not problems, "\n".join(problems) + "\n" + output


def check_nothing_else_changed(topic, root, touched):
    """Hostile students (vandals, gradebook rewriters) change nothing of the course or the repository."""
    assert not touched, f"grading {topic} changed files it must not touch: {touched[:10]}"
    for folder in ("autograded", "feedback"):
        for path in (root / folder).rglob("*"):
            assert not path.is_symlink(), f"{path} is a link"
            if path.is_file():
                assert path.suffix in (".ipynb", ".html", ".txt"), f"{path}: a file the student did not submit"


def check_summary_and_export(topic, root, output):
    students = SELECTED[topic]
    for student in students:
        assert student.name in output, f"the summary table has no row for {student.name}:\n{output}"
    assert f"[{len(students)}/{len(students)}]" in output, f"no progress line for the last submission:\n{output}"
    with open(root / "grades.csv") as handle:
        rows = [r for r in csv.DictReader(handle) if r["assignment"] == topic]
    assert {r["student_id"] for r in rows} == {s.name for s in students}
    reference = next(r for r in rows if r["student_id"] == "reference")
    assert float(reference["score"]) == float(reference["max_score"]) > 0
    for student in students:
        row = next(r for r in rows if r["student_id"] == student.name)
        if student.graded:
            assert row["status"] == "graded" and row["score"] != "", row
        else:  # never a 0 that reads like a real zero
            assert row["score"] == "" and row["status"].startswith("not graded: "), row


def check_feedback(topic, root):
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


def check_no_hidden_region(topic, root):
    for path in (root / "autograded").glob(f"*/{topic}/{topic}.ipynb"):
        nb = notebooks.read(path)
        assert not any(notebooks.has_hidden_region(c.source) for c in nb.cells), path


REPORT_PAGE_TOPIC = "04_dropout"  # the one topic whose report page is also rebuilt and opened in chromium


def check_report(topic, root, output):
    """The report ``./course grade`` wrote counts the class exactly: each simulated mistake once, under
    the identifier its author expected (or "unrecognised"), the blank release as untouched stubs, the
    corrupt file as not graded; it also printed the text version."""
    report = build_report(root, topic)
    problems = mismatches(report, SELECTED[topic], topic)
    assert not problems, "the report differs from the class:\n" + "\n".join(problems)
    assert (root / "reports" / f"{topic}.html").exists() and (root / "reports" / "course.html").exists()
    assert f"== {topic}: what the class got wrong" in output, output
    names = {s.name for s in SELECTED[topic]}
    assert {"kills_its_kernel", "swallows_interrupts"} & names <= set(report.kernel_problems), report.kernel_problems
    if topic == REPORT_PAGE_TOPIC:
        check_report_page(topic, root)


def check_report_page(topic, root):
    """``./course report`` rebuilds the same page without grading; the page fetches nothing, shows its
    figures in chromium (screenshot in build/screenshots/); hiding ids leaves every student id out."""
    page = root / "reports" / f"{topic}.html"
    written = page.read_bytes()
    run = subprocess.run([sys.executable, "-m", "autograder.commands.report", "--root", str(root), topic],
                         cwd=paths.ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and f"== {topic}: what the class got wrong" in run.stdout, run.stdout + run.stderr
    assert page.read_bytes() == written, "./course report rebuilt a different page than ./course grade wrote"
    shot = screenshot_page(page, paths.ROOT / "build" / "screenshots" / f"report-{topic}.png")
    assert shot["requests"] == [], f"the report page fetched {shot['requests']}"
    assert len(shot["images"]) == 2 and all(w > 100 and h > 100 for w, h in shot["images"]), shot["images"]
    wrong = [s.name for s in SELECTED[topic] if s.loses and s.answers and not s.hostile]
    assert all(name in page.read_text() for name in wrong)
    text = io.StringIO()  # in this process: a second command would only cost its imports again
    write_reports(root, [topic], hide_ids=True, out=text)
    shown = [name for name in wrong if name in page.read_text() or name in text.getvalue()]
    assert not shown, f"hide_ids still shows {shown}"


def volatile_parts_removed(page):
    """A feedback page without what differs from run to run whatever the grading: widget ids and
    the elapsed time a demo's progress bar shows."""
    page = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}", "ID", page)
    return re.sub(r"\| [0-9.:]+ s", "| T s", page)


def test_parallel_grading_equals_serial_grading(tmp_path):
    """The same class graded one at a time and three at a time: the same scores, feedback and export."""
    topic = "04_dropout"
    wanted = {"reference", "blank", "fwd_no_scaling", "kills_its_kernel", "corrupt_file"}
    students = [s for s in CLASSES[topic] if s.name in wanted]
    outcomes = []
    for jobs in (1, 3):
        root = classroom.make_course(tmp_path / f"jobs{jobs}" / "course", [topic])
        classroom.submit_students(root, topic, students)
        run = subprocess.run([sys.executable, "-m", "autograder.commands.grade", "--root", str(root), topic,
                              "--jobs", str(jobs)], cwd=paths.ROOT, capture_output=True, text=True, timeout=1800)
        assert run.returncode == 1 and "corrupt_file NOT GRADED: 04_dropout.ipynb is not valid JSON" in \
            " ".join(run.stdout.split()), \
            run.stdout + run.stderr
        with open(root / "grades.csv") as handle:
            export = sorted(tuple(sorted(row.items())) for row in csv.DictReader(handle))
        feedback = {str(p.relative_to(root)): volatile_parts_removed(p.read_text().replace(str(root), "ROOT"))
                    for p in sorted((root / "feedback").rglob("*.html"))}
        outcomes.append((scores(root, topic, sorted(wanted)), export, feedback))
    (serial_scores, serial_export, serial_feedback), (parallel_scores, parallel_export, parallel_feedback) = outcomes
    assert parallel_scores == serial_scores
    assert parallel_export == serial_export
    assert parallel_feedback.keys() == serial_feedback.keys() and len(serial_feedback) == 4
    different = [page for page in serial_feedback if parallel_feedback[page] != serial_feedback[page]]
    assert not different, f"feedback pages differ: {different}\n" + "\n".join(difflib.unified_diff(
        serial_feedback[different[0]].splitlines(), parallel_feedback[different[0]].splitlines(),
        "serial", "parallel", n=1, lineterm=""))[:6000]


def test_grading_again_grades_only_what_is_new_or_changed(tmp_path):
    """A late student, a resubmission, --student and --force, on a small class of 04_dropout; the
    gradebook is brought in step with source/ once, not on every run (generated.json)."""
    topic = "04_dropout"
    by_name = {s.name: s for s in CLASSES[topic]}
    root = classroom.make_course(tmp_path / "course", [topic])
    classroom.submit_students(root, topic, [by_name["reference"], by_name["blank"]])

    def grade(*extra):
        run = subprocess.run([sys.executable, "-m", "autograder.commands.grade", "--root", str(root), topic, *extra],
                             cwd=paths.ROOT, capture_output=True, text=True, timeout=900)
        assert run.returncode == 0, run.stdout + run.stderr
        return run.stdout

    assert "grading 2 of 2 submissions" in grade()
    generated = root / "build" / "grading" / "generated.json"
    stamp = generated.stat().st_mtime_ns
    # A late student and a resubmission (blank now submits the answers), graded in one run.
    classroom.submit_students(root, topic, [by_name["fwd_no_scaling"], SimulatedStudent("blank", [])])
    again = grade()
    assert "grading 2 of 3 submissions" in again, again
    assert "fwd_no_scaling graded" in again and "blank graded" in again, again
    assert "reference graded" not in again and "reference " in again.split("submissions\n")[-1], again
    assert scores(root, topic, ["blank"])["blank"]["test_dropout_forward"] == (2.0, 2.0)
    assert "grading 1 of 1 submissions" in grade("--student", "reference")
    assert generated.stat().st_mtime_ns == stamp, "generate_assignment ran again for an unchanged source"
    assert "grading 3 of 3" in grade("--force")
    assert generated.stat().st_mtime_ns != stamp, "--force must bring the gradebook in step again"
