"""The course's release notebooks as a student has them in JupyterLab: filled with the reference
answers, or untouched; and what to expect of them (which cells draw a slider, what an untouched
notebook shows when it is run past each error).

Shared by the browser tests, the notebook tests, the gallery (``./course gallery``) and the slider
benchmark (``./course bench --sliders``).
"""
import ast
import re
import shutil
from pathlib import Path

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


# A stderr text that is a traceback or names an exception (browser._CODE_CELLS_JS's isError).
_LOOKS_LIKE_ERROR = re.compile(r"Traceback \(most recent call last\)|^\w*(Error|Exception)\b", re.MULTILINE)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _output_texts(output):
    """("errors" or "stderr", text) for an output a student sees as an error or stderr, else None."""
    if output.get("output_type") == "error":
        lines = output.get("traceback") or [f"{output.get('ename')}: {output.get('evalue')}"]
        return "errors", _ANSI.sub("", "\n".join(lines))
    if output.get("output_type") == "stream" and output.get("name") == "stderr":
        text = "".join(output.get("text", ""))
        return ("errors" if _LOOKS_LIKE_ERROR.search(text) else "stderr"), text
    return None


def _widget_ids(outputs):
    """The model ids of the widgets that ``outputs`` display."""
    return [o.get("data", {}).get("application/vnd.jupyter.widget-view+json", {}).get("model_id") for o in outputs]


def _widget_outputs(outputs, widget_state):
    """The outputs shown inside the widgets that ``outputs`` display (Output widgets, such as the
    picture of an ``interactive``, found through each widget's children)."""
    seen, found, pending = set(), [], _widget_ids(outputs)
    while pending:
        model_id = pending.pop()
        if not model_id or model_id in seen or model_id not in widget_state:
            continue
        seen.add(model_id)
        state = widget_state[model_id]
        found += state.get("outputs", [])
        pending += [str(child).removeprefix("IPY_MODEL_") for child in state.get("children", [])]
        pending += _widget_ids(state.get("outputs", []))
    return found


def run_past_errors(path, timeout=300):
    """Run the notebook at ``path`` in a kernel (nbclient), going on past each error: what Run All and
    then Run > Run Selected Cell and All Below after each stop do in JupyterLab.

    Returns (stops, cells) as ``browser.run_all_past_errors`` does: the code cell indices whose run
    raised, and for each code cell {'errors', 'stderr'}: the texts of its error outputs (and of
    stderr that is a traceback) and of its other stderr, its widgets' outputs included."""
    from ..engine.kernel_client import NotebookClient

    path = Path(path)
    nb = notebooks.read(path)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    stops, cells = [], []
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        shown = {"errors": [], "stderr": []}
        if any(o.get("output_type") == "error" for o in cell.outputs):
            stops.append(len(cells))
        for output in [*cell.outputs, *_widget_outputs(cell.outputs, client.widget_state)]:
            kind = _output_texts(output)
            if kind:
                shown[kind[0]].append(kind[1][-2000:])
        cells.append(shown)
    return stops, cells


def untouched_problems(topic, nb, stops, cells):
    """What is wrong with an untouched notebook's run past each error (``run_past_errors``, or
    ``browser.run_all_past_errors`` in JupyterLab), as messages; none when all is well: the first
    stop is in the first exercise, every exercise shows its NotImplementedError in its own cells
    (answer, "try it", test), and no other cell shows an error or stderr: the demos say what is
    missing instead of crashing."""
    exercises = exercise_cells(nb)
    own = {i: name for name, indices in exercises.items() for i in indices}

    def shown(index):
        return "\n".join(cells[index]["errors"] + cells[index]["stderr"])[-600:]

    first = next(iter(exercises.values()))
    if not stops or stops[0] not in first:
        return [f"{topic}: Run All must stop first in the first exercise (code cells {first}); it stopped at "
                f"{stops[:1]}, showing:\n{shown(stops[0]) if stops else '(no error)'}"]
    problems = []
    stderr = {i: "\n".join(c["stderr"])[-600:] for i, c in enumerate(cells) if c["stderr"]}
    if stderr:
        problems.append(f"{topic}: cells write to stderr on an untouched notebook (code cell: text):\n{stderr}")
    crashed = {i: shown(i) for i, c in enumerate(cells) if c["errors"] and i not in own}
    if crashed:
        problems.append(f"{topic}: cells outside the exercises crash on an untouched notebook instead of saying "
                        f"what is missing (code cell: error):\n{crashed}")
    foreign = {i: shown(i) for i, c in enumerate(cells) if c["errors"] and "NotImplementedError" not in shown(i)}
    if foreign:
        problems.append(f"{topic}: exercise cells show errors other than NotImplementedError on an untouched "
                        f"notebook (code cell: error):\n{foreign}")
    silent = {name: indices for name, indices in exercises.items()
              if not any("NotImplementedError" in shown(i) for i in indices)}
    if silent:
        problems.append(f"{topic}: exercises whose cells show no NotImplementedError (exercise: code cells): {silent}")
    return problems
