"""Reading course notebooks: answer cells, test cells, hidden-check names, the student's code.

Works on plain ``nbformat`` notebooks; knows nbgrader's cell metadata and markers.
"""
import ast
import re
from pathlib import Path

import nbformat

BEGIN_HIDDEN_TEXT = "BEGIN HIDDEN TESTS"  # nbgrader matches these anywhere in a line
END_HIDDEN_TEXT = "END HIDDEN TESTS"
SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
HIDDEN_CALL = re.compile(r"""hidden\.check\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']""")


def read(path):
    return nbformat.read(str(path), as_version=4)


def nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def grade_id(cell):
    return nbgrader(cell).get("grade_id")


def is_answer(cell):
    """An autograded-answer cell: nbgrader solution, not itself graded by points."""
    meta = nbgrader(cell)
    return cell.cell_type == "code" and meta.get("solution", False) and not meta.get("grade", False)


def is_test(cell):
    meta = nbgrader(cell)
    return cell.cell_type == "code" and meta.get("grade", False) and not meta.get("solution", False)


def graded_part_end(nb):
    """Index just past the last graded or answer cell of ``nb`` (all its cells if it has none).

    While autograding, the code cells from there on are not run (``ResilientExecute``): no grade
    can depend on them, since nbgrader scores a test cell by what it raised when it ran, before them.
    In the course's notebooks they are the closing demos (training sweeps, plots, sliders)."""
    marked = [i for i, cell in enumerate(nb.cells) if nbgrader(cell).get("grade") or nbgrader(cell).get("solution")]
    return marked[-1] + 1 if marked else len(nb.cells)


class MalformedHiddenRegion(ValueError):
    """A test cell's hidden-tests markers do not pair up (nbgrader would refuse it too)."""


def hidden_regions(source):
    """[(start, end), ...] line indices of every hidden-tests region, markers included.

    nbgrader's rules (``ClearHiddenTests``): a line containing BEGIN HIDDEN TESTS opens a region,
    one containing END HIDDEN TESTS closes it. A nested BEGIN or a BEGIN left open raises
    ``MalformedHiddenRegion``; so does an END with no BEGIN (nbgrader drops that line silently, which
    hides a mistake).
    """
    regions, start = [], None
    for index, line in enumerate(source.splitlines()):
        if BEGIN_HIDDEN_TEXT in line:
            if start is not None:
                raise MalformedHiddenRegion(f"line {index + 1}: BEGIN HIDDEN TESTS inside another hidden region")
            start = index
        elif END_HIDDEN_TEXT in line:
            if start is None:
                raise MalformedHiddenRegion(f"line {index + 1}: END HIDDEN TESTS without a BEGIN HIDDEN TESTS")
            regions.append((start, index))
            start = None
    if start is not None:
        raise MalformedHiddenRegion(f"line {start + 1}: BEGIN HIDDEN TESTS without a matching END HIDDEN TESTS")
    return regions


def has_hidden_region(source):
    return BEGIN_HIDDEN_TEXT in source or END_HIDDEN_TEXT in source


def hidden_check_names(source):
    """The check names a test cell's hidden regions ask for, in order."""
    lines = source.splitlines()
    text = "\n".join("\n".join(lines[a: b + 1]) for a, b in hidden_regions(source))
    return HIDDEN_CALL.findall(text)


def strip_hidden(source):
    """The cell's source without its hidden regions (what the kernel runs during autograde)."""
    regions = hidden_regions(source)
    if not regions:
        return source
    lines = source.splitlines()
    hidden = {i for a, b in regions for i in range(a, b + 1)}
    return "\n".join(line for i, line in enumerate(lines) if i not in hidden).rstrip() + "\n"


def strip_magics(source):
    """IPython magics and shell escapes are not Python: blank them, keeping line numbers."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def student_statements(nb):
    """The code a sandbox may run: imports from every code cell; from answer cells, defs and
    assignments of call-free expressions to plain names (``KEEP = 0.8``, ``relu = lambda z: ...``).

    Every other top-level statement (calls, loops, attribute assignments) is left out: an answer
    cell that trains a network, loops forever or patches numpy at top level runs nothing here.
    Returns a list of (cell label, first line number, source), in notebook order.
    """
    statements = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        answer = is_answer(cell)
        label = grade_id(cell) or f"#{index}"
        source = strip_magics(strip_hidden(cell.source))
        try:
            tree = ast.parse(source)
        except SyntaxError:
            if answer:  # loading it reports the syntax error to the student
                statements.append((label, 1, source))
            continue
        lines = source.splitlines()
        for node in tree.body:
            keep = isinstance(node, (ast.Import, ast.ImportFrom)) or (
                answer and (isinstance(node, (ast.FunctionDef, ast.ClassDef)) or _is_constant_assignment(node))
            )
            if keep:
                first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
                text = "\n".join(lines[first - 1: node.end_lineno])
                statements.append((label, first, text))
    return statements


def _is_constant_assignment(node):
    """``NAME = expr`` (or ``A, B = ...``) where expr calls nothing."""
    if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
        return False
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    names_only = all(isinstance(t, ast.Name) or (isinstance(t, ast.Tuple) and
                     all(isinstance(e, ast.Name) for e in t.elts)) for t in targets)
    calls = [n for n in ast.walk(node.value) if isinstance(n, ast.Call)]
    lambdas_calls = {id(n) for lam in ast.walk(node.value) if isinstance(lam, ast.Lambda)
                     for n in ast.walk(lam.body) if isinstance(n, ast.Call)}
    return names_only and all(id(c) in lambdas_calls for c in calls)


def solution_code(source):
    """An answer cell of the source notebook with the solution markers removed."""
    return "\n".join(line for line in source.splitlines() if line.strip() not in SOLUTION_MARKERS)


def fill_answers(nb, source_nb):
    """Copy of a release notebook ``nb`` whose answer cells hold the reference solutions."""
    solutions = {grade_id(c): solution_code(c.source) for c in source_nb.cells if is_answer(c)}
    filled = nbformat.from_dict(nb)
    for cell in filled.cells:
        if is_answer(cell) and grade_id(cell) in solutions:
            cell.source = solutions[grade_id(cell)]
    return filled


def replace_answer(nb, cell_id, source):
    """Copy of ``nb`` whose answer cell ``cell_id`` holds ``source``."""
    changed = nbformat.from_dict(nb)
    cells = [c for c in changed.cells if grade_id(c) == cell_id]
    if not cells:
        raise KeyError(f"no cell with grade_id {cell_id!r}")
    cells[0].source = source
    return changed


def write(nb, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
