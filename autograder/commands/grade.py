"""Grade the class: ``./course grade [assignment ...] [--jobs N]``.

For every assignment with submissions under ``submitted/<student>/<assignment>/``:
1. load ``nbgrader_config.py`` strictly (nbgrader alone would log a broken config and grade with
   its defaults, skipping the hidden checks), and check that it installs the hidden checks;
2. ``nbgrader generate_assignment`` into a scratch folder, which brings the gradebook in step with
   ``source/`` without touching ``release/`` (skipped when neither the source notebooks, the config
   nor the gradebook changed since the last time: ``build/grading/generated.json``);
3. autograde and generate feedback for every student through nbgrader's own API, ``--jobs``
   submissions at a time (worker processes, each grading one submission after another; SQLite
   serialises their short writes to the one gradebook), printing progress as each one finishes;
4. nbgrader's CSV export, run in this process (grades.csv, with a status column), and a table:
   one row per student, one column per graded test cell, lateness, and the reason for any
   submission that could not be graded (the others are graded all the same; the command then
   exits 1);
5. the reports of what the class got wrong, ``reports/`` (``commands/report.py``), and their text.

Only new or changed submissions are graded unless ``--force``; ``--student ID`` grades one.
"""
import argparse
import concurrent.futures
import json
import multiprocessing
import os
import shutil
import stat
import sys
import tempfile
import time
import warnings
from datetime import datetime
from pathlib import Path

from traitlets.config.loader import PyFileConfigLoader

from ..engine import jail, notebooks, paths
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


STAGED = "build/grading/submitted"  # what nbgrader grades: the submissions, reduced to plain data
MAX_NOTEBOOK_BYTES = 50 * 2**20


def stage_submission(root, assignment, student):
    """Copy the part of a submission that is graded into the staging folder, as plain data.

    Only ``<assignment>.ipynb`` and nbgrader's ``timestamp.txt`` and ``submission_secret.txt`` (the
    exchange's key for returning feedback to the student) are taken, and only when they are regular
    files (not links, devices or folders) of a sane size: nothing a submission folder holds can make
    the grader read, copy or return a file from outside it.
    """
    source = Path(root) / "submitted" / student / assignment
    target = Path(root) / STAGED / student / assignment
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in (f"{assignment}.ipynb", "timestamp.txt", "submission_secret.txt"):
        try:
            info = (source / name).lstat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_NOTEBOOK_BYTES:
            shutil.copyfile(source / name, target / name, follow_symlinks=False)
            os.utime(target / name, (info.st_atime, info.st_mtime))


def keep_plain_files(folder):
    """Remove links and special files that graded code left in ``folder`` (feedback copies the rest)."""
    for path in sorted(Path(folder).rglob("*"), reverse=True):
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode) or not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            path.unlink()


def fingerprint(root, assignment, student):
    """What decides whether a submission must be graded again: its notebook's bytes, or its absence."""
    import hashlib

    notebook = Path(root) / "submitted" / student / assignment / f"{assignment}.ipynb"
    try:
        return hashlib.sha256(notebook.read_bytes()).hexdigest()
    except OSError:
        return "missing"


class GradedState:
    """``build/grading/graded.json``: the fingerprint each submission had when it was last graded."""

    def __init__(self, root):
        self.path = Path(root) / "build" / "grading" / "graded.json"
        self.data = json.loads(self.path.read_text()) if self.path.exists() else {}

    def is_current(self, root, assignment, student):
        graded = Path(root) / "autograded" / student / assignment / f"{assignment}.ipynb"
        return graded.exists() and self.data.get(f"{assignment}/{student}") == fingerprint(root, assignment, student)

    def record(self, root, assignment, student, ok):
        key = f"{assignment}/{student}"
        if ok:
            self.data[key] = fingerprint(root, assignment, student)
        else:
            self.data.pop(key, None)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.data, indent=1, sort_keys=True))


def gradebook_url(root, config=None):
    """The course's gradebook: ``CourseDirectory.db_url`` of its config (``config``, or the strictly
    loaded ``root/nbgrader_config.py``); gradebook.db in the course folder unless a deployment set
    another, such as PostgreSQL (deploy/)."""
    config = load_config_strictly(root) if config is None else config
    url = config.CourseDirectory.get("db_url") or f"sqlite:///{Path(root) / 'gradebook.db'}"
    if url.startswith("sqlite:") and "?" not in url:
        # Workers write to one SQLite file: wait for each other's short writes instead of failing.
        url += "?timeout=300"
    return url


def source_fingerprint(root, assignment, db_url):
    """What decides whether the gradebook must be brought in step with ``source/`` again: the
    assignment's source notebooks, the course's config, and which gradebook."""
    import hashlib

    digest = hashlib.sha256(db_url.encode())
    for path in [*sorted((Path(root) / "source" / assignment).glob("*.ipynb")), Path(root) / "nbgrader_config.py"]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def gradebook_missing(db_url):
    """Whether ``db_url`` names a SQLite file that does not exist (opening it would create it)."""
    return db_url.startswith("sqlite:///") and not Path(db_url.removeprefix("sqlite:///").split("?")[0]).exists()


def gradebook_knows(db_url, assignment):
    """Whether the gradebook at ``db_url`` exists and holds ``assignment`` (without creating it)."""
    if gradebook_missing(db_url):
        return False
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gradebook:
        try:
            gradebook.find_assignment(assignment)
        except MissingEntry:
            return False
    return True


def bring_gradebook_in_step(root, assignment, db_url, force=False):
    """Run ``nbgrader generate_assignment`` (into a scratch folder) unless nothing it reads changed
    since it last ran for this gradebook."""
    record = Path(root) / "build" / "grading" / "generated.json"
    done = json.loads(record.read_text()) if record.exists() else {}
    wanted = source_fingerprint(root, assignment, db_url)
    if not force and done.get(assignment) == wanted and gradebook_knows(db_url, assignment):
        return
    with tempfile.TemporaryDirectory() as scratch:
        generate([assignment], Path(scratch) / "release", db_url, root)
    done[assignment] = wanted
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(done, indent=1, sort_keys=True))


# -- worker processes ----------------------------------------------------------------------------
_api = None


def _start_worker(root):
    """Each worker builds nbgrader's API once, from the strictly loaded course config."""
    global _api
    from nbgrader.apps import NbGraderAPI
    from sqlalchemy.exc import SAWarning

    # nbgrader's gradebook builds a new submission's rows before it adds them to its session, and
    # SQLAlchemy 2 warns about each while autoflushing; nbgrader then adds them itself. Expected.
    warnings.filterwarnings("ignore", r"Object of type <Submitted(Assignment|Notebook)> not in session, "
                            r"add operation along '\w+\.submissions' will not proceed", SAWarning)
    os.chdir(root)
    config = load_config_strictly(root)
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = gradebook_url(root, config)
    config.CourseDirectory.submitted_directory = STAGED
    _api = NbGraderAPI(config=config)


def _grade_one(assignment, student):
    """Autograde one submission and generate its feedback; returns (student, ok, reason, log, seconds)."""
    start = time.monotonic()
    root = Path(_api.coursedir.root)
    stage_submission(root, assignment, student)
    result = _api.autograde(assignment, student, force=True, create=True)
    log = result.get("log", "") + (result.get("error") or "")
    ok = bool(result.get("success"))
    graded = root / "autograded" / student / assignment
    if graded.exists():
        keep_plain_files(graded)
    if ok:
        feedback = _api.generate_feedback(assignment, student, force=True)
        log += feedback.get("log", "") + (feedback.get("error") or "")
    reason = None if ok else why_not_graded(root, assignment, student, log)
    return student, ok, reason, log, time.monotonic() - start


def why_not_graded(root, assignment, student, log):
    """A one-line reason a submission could not be graded."""
    problem = submission_problem(root, assignment, student)
    if problem:
        return problem
    lines = [line for line in log.splitlines() if line.startswith("[ERROR]")]
    return lines[-1].removeprefix("[ERROR] ") if lines else "nbgrader could not grade it (see the log)"


def submission_problem(root, assignment, student):
    """What is wrong with a submission's file (missing, misnamed, not JSON), or None."""
    folder = Path(root) / "submitted" / student / assignment
    expected = folder / f"{assignment}.ipynb"
    if not expected.exists():
        found = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
        return f"no {expected.name} in the folder" + (f", found {', '.join(found)}" if found else "")
    try:
        json.loads(expected.read_text())
    except (ValueError, UnicodeDecodeError) as error:
        return f"{expected.name} is not valid JSON ({error})"
    return None


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
    with Gradebook(gradebook_url(root)) as gradebook:
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
            seconds_late = notebook.assignment.total_seconds_late
            if seconds_late:
                table[student]["late"] = (seconds_late, notebook.assignment.late_submission_penalty)
    return table


def test_cell_order(root, assignment):
    """The graded test cells of ``assignment`` in notebook order."""
    nb = notebooks.read(Path(root) / "source" / assignment / f"{assignment}.ipynb")
    return [notebooks.grade_id(c) for c in nb.cells if notebooks.is_test(c)]


def summary(assignment, table, order=(), reasons=None, log_path=None):
    reasons = reasons or {}
    found = {cell for row in table.values() if row for cell in row if cell != "late"}
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
        total = sum(row[c][0] for c in cells if c in row)
        maximum = sum(row[c][1] for c in cells if c in row)
        late = ""
        if "late" in row:
            seconds, penalty = row["late"]
            late = f"  LATE by {_clock(seconds)}" + (f", penalty {penalty:g}" if penalty else "")
        lines.append(" ".join([student.ljust(width)] + parts + [f"{total:g}/{maximum:g}"]) + late)
    return "\n".join(lines)


def _clock(seconds):
    seconds = int(round(seconds))
    hours, minutes = divmod(seconds // 60, 60)
    return (f"{hours}:{minutes:02d}" if hours else f"{minutes}") + f":{seconds % 60:02d}"


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


def grade(root, assignments=None, jobs=None, unsafe=False, force=False, only=None):
    """Grade ``assignments`` (default: all with submissions); returns ({assignment: table}, {(a, s): reason}).

    By default only new or changed submissions are graded (``force`` regrades all; ``only`` names
    students). Student code runs in the jail (``engine.jail``); without bubblewrap grading stops,
    unless ``unsafe`` (``--unsafe``) lets it run student code with the grader's rights."""
    root = Path(root).resolve()
    load_config_strictly(root)
    if unsafe:
        os.environ["IDNN_SANDBOX"] = "none"  # the worker processes inherit it
    jail.required()
    jobs = jobs or os.cpu_count() or 1
    found = submitted_assignments(root)
    assignments = assignments or sorted(found)
    logs = root / "build" / "grading-logs"
    logs.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    state = GradedState(root)
    results, failures = {}, {}
    for assignment in assignments:
        students = found.get(assignment, [])
        if only:
            students = [s for s in students if s in only]
        if not students:
            print(f"{assignment}: no submissions under submitted/" + (f" from {', '.join(only)}" if only else ""))
            continue
        todo = [s for s in students if force or only or not state.is_current(root, assignment, s)]
        log_path = logs / f"{stamp}-{assignment}.log"
        print(f"{assignment}: grading {len(todo)} of {len(students)} submissions"
              + ("" if len(todo) == len(students) else " (the others are unchanged since they were graded; "
                 "--force regrades them)"), flush=True)
        reasons = {}
        if todo:
            bring_gradebook_in_step(root, assignment, gradebook_url(root), force)
            with open(log_path, "w") as log:
                reasons = autograde_all(root, assignment, todo, jobs, log)
            for student in todo:
                state.record(root, assignment, student, student not in reasons)
        failures.update({(assignment, student): reason for student, reason in reasons.items()})
        results[assignment] = scores(root, assignment, students)
        print(summary(assignment, results[assignment], test_cell_order(root, assignment), reasons,
                      log_path.relative_to(root)))
    export(root, logs / f"{stamp}-export.log", failures)
    if results:
        from .report import write_reports  # here: report imports this module

        write_reports(root, list(results))
    print(f"grades: {root / 'grades.csv'}; feedback: {root / 'feedback'}; logs: {logs}")
    if jail.mode() == "none":
        print("UNSAFE: student code ran without the sandbox, with your rights (--unsafe)")
    if failures:
        print(f"{len(failures)} submission(s) could not be graded: see NOT GRADED above; grades.csv marks them")
    return results, failures


def export(root, log_path, failures):
    """nbgrader's CSV export (what ``nbgrader export`` does, in this process) to grades.csv, plus a
    status column: a submission that could not be graded gets an empty score and its reason, never
    a 0 that reads like a real zero. A submission nbgrader never recorded (a misnamed notebook stops
    it before it creates the student) gets a row."""
    import logging

    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    path = root / "grades.csv"
    with open(log_path, "w") as log_file:
        log = logging.getLogger("idnn.export")
        handler = logging.StreamHandler(log_file)
        log.addHandler(handler)
        try:
            with Gradebook(gradebook_url(root)) as gradebook:
                CsvExportPlugin(to=str(path), log=log).export(gradebook)
        except Exception as error:  # noqa: BLE001 - the grades are in the gradebook; say why the file is not
            log.error("export failed: %s: %s", type(error).__name__, error)
            print(f"grades.csv could not be written ({type(error).__name__}: {error}); see {log_path}")
        finally:
            log.removeHandler(handler)
    if not path.exists():
        return
    import csv

    with open(path, newline="") as handle:
        reader = csv.DictReader(handle)
        rows, fields = list(reader), list(reader.fieldnames or [])
    if not fields:
        return
    exported = {row["assignment"]: row for row in rows}
    recorded = {(row["assignment"], row["student_id"]) for row in rows}
    for assignment, students in submitted_assignments(root).items():
        if assignment in exported:
            rows += [{"assignment": assignment, "duedate": exported[assignment]["duedate"], "student_id": student,
                      "max_score": exported[assignment]["max_score"]}
                     for student in students if (assignment, student) not in recorded]
    for row in rows:
        row["status"] = export_status(root, row["assignment"], row["student_id"], failures)
        if row["status"].startswith("not graded"):
            row["raw_score"] = row["score"] = ""
    rows.sort(key=lambda row: (row["assignment"], row["student_id"]))
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields + ["status"])
        writer.writeheader()
        writer.writerows(rows)


def export_status(root, assignment, student, failures):
    """graded | not graded: <reason> | not graded yet | not submitted."""
    if (assignment, student) in failures:
        return f"not graded: {failures[assignment, student]}"
    if (Path(root) / "autograded" / student / assignment / f"{assignment}.ipynb").exists():
        return "graded"
    if (Path(root) / "submitted" / student / assignment).exists():
        problem = submission_problem(root, assignment, student)
        return f"not graded: {problem}" if problem else "not graded yet"
    return "not submitted"


def main(argv=None):
    parser = argparse.ArgumentParser(description="Grade everything under submitted/.")
    parser.add_argument("assignments", nargs="*", help="default: every assignment with submissions")
    parser.add_argument("--root", default=str(paths.ROOT), help="the course directory")
    parser.add_argument("--jobs", "-j", type=int, default=None,
                        help="submissions graded at once (default: the number of cores)")
    parser.add_argument("--unsafe", action="store_true",
                        help="run student code without the bubblewrap sandbox (where bwrap is missing)")
    parser.add_argument("--force", action="store_true", help="regrade every submission, changed or not")
    parser.add_argument("--student", action="append", metavar="ID",
                        help="grade only this student (repeatable); always regrades")
    args = parser.parse_args(argv)
    try:
        _, failures = grade(args.root, args.assignments, args.jobs, args.unsafe, args.force, args.student)
    except (GradingConfigError, jail.JailUnavailable) as error:
        print(f"grading stopped: {error}", file=sys.stderr)
        return 2
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
