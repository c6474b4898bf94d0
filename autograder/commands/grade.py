"""Grade the class: ``./course grade [assignment ...]``.

For every assignment with submissions under ``submitted/<student>/<assignment>/``:
1. load ``nbgrader_config.py`` strictly (nbgrader alone would log a broken config and grade with
   its defaults, skipping the hidden checks), and check that it installs the hidden checks;
2. ``nbgrader generate_assignment`` into a scratch folder, which brings the gradebook in step with
   ``source/`` without touching ``release/``;
3. ``nbgrader autograde``, ``nbgrader generate_feedback`` and ``nbgrader export`` (grades.csv);
4. print a table: one row per student, one column per graded test cell, and a note for any
   submission that could not be graded (the others are graded all the same).
"""
import argparse
import subprocess
import sys
import tempfile
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


def nbgrader(args, root, log):
    """Run one nbgrader command in the course directory; its output goes to ``log``."""
    result = subprocess.run(["nbgrader", *args], cwd=root, capture_output=True, text=True)
    log.write(f"$ nbgrader {' '.join(args)}\n{result.stdout}{result.stderr}\n")
    log.flush()
    return result.returncode


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


def summary(assignment, table, order=()):
    found = {cell for row in table.values() if row for cell in row}
    cells = [c for c in order if c in found] + sorted(found - set(order))
    width = max([len("student")] + [len(s) for s in table])
    lines = [f"{assignment}: {len(table)} submissions",
             " ".join(["student".ljust(width)] + [c.removeprefix("test_") for c in cells] + ["total"])]
    for student, row in table.items():
        if row is None:
            lines.append(f"{student.ljust(width)} NOT GRADED (see build/grading-logs/{assignment}.log)")
            continue
        parts = [f"{row[c][0]:g}/{row[c][1]:g}".rjust(len(c.removeprefix('test_'))) if c in row else "-"
                 for c in cells]
        total = sum(s for s, _ in row.values())
        maximum = sum(m for _, m in row.values())
        lines.append(" ".join([student.ljust(width)] + parts + [f"{total:g}/{maximum:g}"]))
    return "\n".join(lines)


def grade(root, assignments=None):
    """Grade ``assignments`` (default: all with submissions). Returns {assignment: table}."""
    root = Path(root)
    load_config_strictly(root)
    found = submitted_assignments(root)
    assignments = assignments or sorted(found)
    logs = root / "build" / "grading-logs"
    logs.mkdir(parents=True, exist_ok=True)
    results = {}
    for assignment in assignments:
        students = found.get(assignment, [])
        if not students:
            print(f"{assignment}: no submissions under submitted/")
            continue
        with open(logs / f"{assignment}.log", "w") as log, tempfile.TemporaryDirectory() as scratch:
            generate([assignment], Path(scratch) / "release", f"sqlite:///{root / 'gradebook.db'}", root)
            nbgrader(["autograde", assignment, "--force"], root, log)
            nbgrader(["generate_feedback", assignment, "--force"], root, log)
        results[assignment] = scores(root, assignment, students)
        print(summary(assignment, results[assignment], test_cell_order(root, assignment)))
    with open(logs / "export.log", "w") as log:
        nbgrader(["export", f"--CsvExportPlugin.to={root / 'grades.csv'}"], root, log)
    print(f"grades: {root / 'grades.csv'}; feedback: {root / 'feedback'}; logs: {logs}")
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description="Grade everything under submitted/.")
    parser.add_argument("assignments", nargs="*", help="default: every assignment with submissions")
    parser.add_argument("--root", default=str(paths.ROOT), help="the course directory")
    args = parser.parse_args(argv)
    try:
        grade(args.root, args.assignments)
    except GradingConfigError as error:
        print(f"grading stopped: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
