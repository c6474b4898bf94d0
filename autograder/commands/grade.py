"""Grade the class: ``./course grade [assignment ...] [--jobs N]``.

For every assignment with submissions under ``submitted/<student>/<assignment>/``:
1. load ``nbgrader_config.py`` strictly (nbgrader alone would log a broken config and grade with
   its defaults, skipping the hidden checks), and check that it installs the hidden checks;
2. ``nbgrader generate_assignment`` into a scratch folder, which brings the gradebook in step with
   ``source/`` without touching ``release/``;
3. autograde and generate feedback for every student through nbgrader's own API, ``--jobs``
   submissions at a time (worker processes, each grading one submission after another; SQLite
   serialises their short writes to the one gradebook), printing progress as each one finishes;
4. ``nbgrader export`` (grades.csv), and a table: one row per student, one column per graded test
   cell, and the reason for any submission that could not be graded (the others are graded all
   the same).
"""
import argparse
import concurrent.futures
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from traitlets.config.loader import PyFileConfigLoader

from ..engine import notebooks, paths
from .release import generate

REQUIRED_PREPROCESSORS = ("HiddenChecks", "ResilientExecute", "HiddenVerdict", "SaveAutoGrades")


class GradingConfigError(RuntimeError):
    pass


def load_config_strictly(root):
    """Load ``root/nbgrader_config.py``; raise GradingConfigError if it fails or lacks our checks."""
    path = Path(root) / "nbgrader_config.py"
    if not path.exists():
        raise GradingConfigError(f"{path} is missing")
    try:
        config = PyFileConfigLoader(path.name, path=str(root)).load_config()
    except Exception as error:  # the loader may raise anything the file raises
        raise GradingConfigError(f"{path} failed to load: {type(error).__name__}: {error}") from error
    chain = config.Autograde.get("autograde_preprocessors", [])
    names = [getattr(p, "__name__", str(p).rsplit(".", 1)[-1]) for p in chain]
    missing = [n for n in REQUIRED_PREPROCESSORS if n not in names]
    if missing:
        raise GradingConfigError(f"{path}: Autograde.autograde_preprocessors lacks {', '.join(missing)}")
    if names.index("HiddenChecks") > names.index("ResilientExecute") or \
            names.index("HiddenVerdict") > names.index("SaveAutoGrades"):
        raise GradingConfigError(f"{path}: HiddenChecks must run before ResilientExecute, "
                                 "and HiddenVerdict before SaveAutoGrades")
    return config


def gradebook_url(root):
    # Workers write to one SQLite file: wait for each other's short writes instead of failing.
    return f"sqlite:///{Path(root) / 'gradebook.db'}?timeout=300"


# -- worker processes ----------------------------------------------------------------------------
_api = None


def _start_worker(root):
    """Each worker builds nbgrader's API once, from the strictly loaded course config."""
    global _api
    from nbgrader.apps import NbGraderAPI

    os.chdir(root)
    config = load_config_strictly(root)
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = gradebook_url(root)
    _api = NbGraderAPI(config=config)


def _grade_one(assignment, student):
    """Autograde one submission and generate its feedback; returns (student, ok, reason, log, seconds)."""
    start = time.monotonic()
    result = _api.autograde(assignment, student, force=True, create=True)
    log = result.get("log", "") + (result.get("error") or "")
    ok = bool(result.get("success"))
    if ok:
        feedback = _api.generate_feedback(assignment, student, force=True)
        log += feedback.get("log", "") + (feedback.get("error") or "")
    reason = None if ok else why_not_graded(Path(_api.coursedir.root), assignment, student, log)
    return student, ok, reason, log, time.monotonic() - start


def why_not_graded(root, assignment, student, log):
    """A one-line reason a submission could not be graded."""
    folder = Path(root) / "submitted" / student / assignment
    expected = folder / f"{assignment}.ipynb"
    if not expected.exists():
        found = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
        return f"no {expected.name} in the folder" + (f", found {', '.join(found)}" if found else "")
    try:
        json.loads(expected.read_text())
    except (ValueError, UnicodeDecodeError) as error:
        return f"{expected.name} is not valid JSON ({error})"
    lines = [line for line in log.splitlines() if line.startswith("[ERROR]")]
    return lines[-1].removeprefix("[ERROR] ") if lines else "nbgrader could not grade it (see the log)"


# -- the command ---------------------------------------------------------------------------------
def submitted_assignments(root):
    submitted = Path(root) / "submitted"
    if not submitted.exists():
        return {}
    found = {}
    for student in sorted(p for p in submitted.iterdir() if p.is_dir()):
        for assignment in sorted(p for p in student.iterdir() if p.is_dir()):
            found.setdefault(assignment.name, []).append(student.name)
    return found


def scores(root, assignment, students):
    """{student: {test cell: (score, max)}} from the gradebook, None where nothing was graded."""
    from nbgrader.api import Gradebook, MissingEntry

    table = {}
    with Gradebook(f"sqlite:///{Path(root) / 'gradebook.db'}") as gradebook:
        for student in students:
            graded = Path(root) / "autograded" / student / assignment / f"{assignment}.ipynb"
            try:
                notebook = gradebook.find_submission_notebook(assignment, assignment, student)
            except MissingEntry:
                table[student] = None
                continue
            if not graded.exists():
                table[student] = None
                continue
            table[student] = {g.name: (g.score, g.max_score) for g in notebook.grades
                              if g.name.startswith("test_")}
    return table


def test_cell_order(root, assignment):
    """The graded test cells of ``assignment`` in notebook order."""
    nb = notebooks.read(Path(root) / "source" / assignment / f"{assignment}.ipynb")
    return [notebooks.grade_id(c) for c in nb.cells if notebooks.is_test(c)]


def summary(assignment, table, order=(), reasons=None, log_path=None):
    reasons = reasons or {}
    found = {cell for row in table.values() if row for cell in row}
    cells = [c for c in order if c in found] + sorted(found - set(order))
    width = max([len("student")] + [len(s) for s in table])
    lines = [f"{assignment}: {len(table)} submissions",
             " ".join(["student".ljust(width)] + [c.removeprefix("test_") for c in cells] + ["total"])]
    for student, row in table.items():
        if row is None:
            reason = reasons.get(student) or f"see {log_path}"
            lines.append(f"{student.ljust(width)} NOT GRADED: {reason}")
            continue
        parts = [f"{row[c][0]:g}/{row[c][1]:g}".rjust(len(c.removeprefix('test_'))) if c in row else "-"
                 for c in cells]
        total = sum(s for s, _ in row.values())
        maximum = sum(m for _, m in row.values())
        lines.append(" ".join([student.ljust(width)] + parts + [f"{total:g}/{maximum:g}"]))
    return "\n".join(lines)


def _clock(seconds):
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def autograde_all(root, assignment, students, jobs, log):
    """Autograde and generate feedback for ``students``, ``jobs`` at a time, with progress lines.

    Returns {student: reason} for the submissions that could not be graded."""
    failed, start = {}, time.monotonic()
    context = multiprocessing.get_context("spawn")  # no inherited threads or open gradebook sessions
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, min(jobs, len(students))), mp_context=context,
                                                initializer=_start_worker, initargs=(str(root),)) as pool:
        futures = [pool.submit(_grade_one, assignment, student) for student in students]
        for done, future in enumerate(concurrent.futures.as_completed(futures), start=1):
            student, ok, reason, text, seconds = future.result()
            log.write(f"==== {assignment} / {student} ({seconds:.1f} s) ====\n{text}\n")
            log.flush()
            elapsed = time.monotonic() - start
            left = elapsed / done * (len(students) - done)
            status = f"graded in {seconds:.1f} s" if ok else f"COULD NOT BE GRADED: {reason}"
            if not ok:
                failed[student] = reason
            print(f"{assignment}: [{done:>{len(str(len(students)))}}/{len(students)}] {student} {status}; "
                  f"elapsed {_clock(elapsed)}, about {_clock(left)} left", flush=True)
    return failed


def grade(root, assignments=None, jobs=None):
    """Grade ``assignments`` (default: all with submissions). Returns {assignment: table}."""
    root = Path(root).resolve()
    load_config_strictly(root)
    jobs = jobs or os.cpu_count() or 1
    found = submitted_assignments(root)
    assignments = assignments or sorted(found)
    logs = root / "build" / "grading-logs"
    logs.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    results = {}
    for assignment in assignments:
        students = found.get(assignment, [])
        if not students:
            print(f"{assignment}: no submissions under submitted/")
            continue
        log_path = logs / f"{stamp}-{assignment}.log"
        with open(log_path, "w") as log, tempfile.TemporaryDirectory() as scratch:
            generate([assignment], Path(scratch) / "release", f"sqlite:///{root / 'gradebook.db'}", root)
            reasons = autograde_all(root, assignment, students, jobs, log)
        results[assignment] = scores(root, assignment, students)
        print(summary(assignment, results[assignment], test_cell_order(root, assignment), reasons,
                      log_path.relative_to(root)))
    with open(logs / f"{stamp}-export.log", "w") as log:
        result = subprocess.run(["nbgrader", "export", f"--CsvExportPlugin.to={root / 'grades.csv'}"],
                                cwd=root, capture_output=True, text=True)
        log.write(result.stdout + result.stderr)
    print(f"grades: {root / 'grades.csv'}; feedback: {root / 'feedback'}; logs: {logs}")
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description="Grade everything under submitted/.")
    parser.add_argument("assignments", nargs="*", help="default: every assignment with submissions")
    parser.add_argument("--root", default=str(paths.ROOT), help="the course directory")
    parser.add_argument("--jobs", "-j", type=int, default=None,
                        help="submissions graded at once (default: the number of cores)")
    args = parser.parse_args(argv)
    try:
        grade(args.root, args.assignments, args.jobs)
    except GradingConfigError as error:
        print(f"grading stopped: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
