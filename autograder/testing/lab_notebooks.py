"""The course's release notebooks as a student has them in JupyterLab: filled with the reference
answers, or untouched; and what to expect of them (which cells draw a slider).

Shared by the browser tests, the gallery (``./course gallery``) and the slider benchmark
(``./course bench --sliders``).
"""
import ast
import re
import shutil

from ..engine import notebooks, paths

UNTOUCHED = "untouched"  # folder of the untouched copies, beside the filled ones

SLIDER_CALL = re.compile(r"\binteract\(|\b\w+_explorer\(")  # ipywidgets interact, or a utils explorer


def filled_release(topic, folder):
    """Copy release/<topic>/ into ``folder``, its notebook's answer cells filled with the reference
    solutions. Returns the notebook's path relative to ``folder``, and the notebook."""
    shutil.copytree(paths.release_notebook(topic).parent, folder / topic)
    nb = notebooks.fill_answers(notebooks.read(paths.release_notebook(topic)),
                                notebooks.read(paths.source_notebook(topic)))
    relpath = f"{topic}/{topic}.ipynb"
    notebooks.write(nb, folder / relpath)
    return relpath, nb


def untouched_release(topic, folder):
    """Copy release/<topic>/ as it is into ``folder/untouched/``: a student's notebook before any
    exercise is done. Returns the notebook's path relative to ``folder``, and the notebook."""
    shutil.copytree(paths.release_notebook(topic).parent, folder / UNTOUCHED / topic)
    return f"{UNTOUCHED}/{topic}/{topic}.ipynb", notebooks.read(paths.release_notebook(topic))


def top_level_calls(source):
    """Source text of the cell's top-level statements other than defs, classes and imports."""
    try:
        tree = ast.parse(notebooks.strip_magics(source))
    except SyntaxError:
        return ""
    skip = (ast.FunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)
    return "\n".join(ast.get_source_segment(source, node) or "" for node in tree.body if not isinstance(node, skip))


def slider_cells(nb):
    """Indices (among the code cells) of the cells that draw a slider: ``interact`` or a
    ``utils.explorers`` call at top level."""
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    return [i for i, cell in enumerate(code) if SLIDER_CALL.search(top_level_calls(cell.source))]


def code_cell_kinds(nb):
    """For each code cell: 'answer', 'test' (an nbgrader test cell) or 'other'."""
    kinds = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            kinds.append("answer" if notebooks.is_answer(cell) else "test" if notebooks.is_test(cell) else "other")
    return kinds


def exercise_cells(nb):
    """{graded function: indices (among the code cells) of its answer cell, the cells after it, and
    its test cell}: the exercise's own cells (answer, "try it", visible checks)."""
    kinds = code_cell_kinds(nb)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    exercises = {}
    for start, kind in enumerate(kinds):
        if kind == "answer":
            end = next((i for i in range(start + 1, len(kinds)) if kinds[i] in ("test", "answer")), start)
            if kinds[end] != "test":
                raise ValueError(f"answer cell {notebooks.grade_id(code[start])!r} (code cell {start}) "
                                 f"has no test cell before the next answer cell")
            exercises[notebooks.grade_id(code[start])] = list(range(start, end + 1))
    return exercises
