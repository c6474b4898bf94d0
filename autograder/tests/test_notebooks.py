"""Notebooks are stored without outputs, grade_ids are unique, the curriculum's shape holds, every
source and companion notebook executes, and every untouched release notebook says what is missing."""
import json
import os
import time
from pathlib import Path

import nbformat
import pytest

from autograder.engine import notebooks, paths
from autograder.engine.kernel_client import NotebookClient
from autograder.testing.lab_notebooks import run_past_errors, untouched_problems, untouched_release

ALL_NOTEBOOKS = sorted(
    [p for side in ("source", "release", "notebooks") for p in (paths.ROOT / side).rglob("*.ipynb")
     if ".ipynb_checkpoints" not in p.parts])


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: str(p.relative_to(paths.ROOT)))
def test_stored_without_outputs(path):
    nb = json.loads(path.read_text())
    stored = [i for i, c in enumerate(nb["cells"]) if c.get("outputs") or c.get("execution_count")]
    assert not stored, f"{path} stores outputs in cells {stored}: clear them before committing"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: str(p.relative_to(paths.ROOT)))
def test_grade_ids_unique(path):
    ids = [notebooks.grade_id(c) for c in notebooks.read(path).cells if notebooks.grade_id(c)]
    assert len(ids) == len(set(ids)), f"{path}: duplicated grade_ids {sorted({i for i in ids if ids.count(i) > 1})}"


def test_grade_ids_unique_across_the_course():
    seen = {}
    for topic in paths.topics():
        for cell in notebooks.read(paths.source_notebook(topic)).cells:
            if notebooks.is_answer(cell):
                assert notebooks.grade_id(cell) not in seen, f"{notebooks.grade_id(cell)} in two topics"
                seen[notebooks.grade_id(cell)] = topic


@pytest.mark.parametrize("topic", paths.topics())
def test_each_answer_cell_is_followed_by_its_test_cell(topic):
    cells = [c for c in notebooks.read(paths.source_notebook(topic)).cells if notebooks.grade_id(c)]
    graded = [c for c in cells if notebooks.is_answer(c) or notebooks.is_test(c)]
    for answer, following in zip(graded, graded[1:] + [None]):
        if notebooks.is_answer(answer):
            name = notebooks.grade_id(answer)
            assert following is not None and notebooks.grade_id(following) == f"test_{name}", \
                f"{topic}: the graded cell after {name} must be test_{name}"
            assert notebooks.nbgrader(following).get("points", 0) > 0
            assert notebooks.hidden_check_names(following.source) == [name], \
                f"{topic}: test_{name} must name the hidden check {name}"


def execute(path):
    nb = nbformat.read(str(path), as_version=4)
    start = time.monotonic()
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(Path(path).parent)}}).execute()
    return nb, time.monotonic() - start


@pytest.mark.parametrize("topic", paths.topics())
def test_source_notebook_executes_with_its_hidden_checks(topic, monkeypatch):
    """Instructors' run: the hidden regions run in the kernel against the reference answers.

    With nbgrader's NBGRADER_EXECUTION set, as when it validates: the demos are shortened (they
    decide nothing here; test_browser.py runs every notebook's full demos in JupyterLab)."""
    monkeypatch.setenv("PYTHONPATH", str(paths.ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    nb, seconds = execute(paths.source_notebook(topic))
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert text.count("Visible checks passed.") == text.count("hidden checks for ") > 0
    stderr = [o.text for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "stream" and o.name == "stderr"]
    assert not stderr, f"{topic} writes to stderr: {stderr[:3]}"
    print(f"{topic}: executed in {seconds:.1f} s")


@pytest.mark.parametrize("topic", paths.topics())
def test_untouched_release_notebook_says_what_is_missing(topic, tmp_path):
    """The release notebook as a student first opens it, run past each error as Run All and then
    Run Selected Cell and All Below do: the first error is in the first exercise, every exercise
    shows its NotImplementedError in its own cells, and no other cell shows an error or stderr
    (the demos say what is missing instead). In a kernel, with the full demos; test_browser.py runs
    one topic the same way in JupyterLab."""
    relpath, nb = untouched_release(topic, tmp_path)
    stops, cells = run_past_errors(tmp_path / relpath)
    problems = untouched_problems(topic, nb, stops, cells)
    assert not problems, "\n".join(problems)
    print(f"{topic}: untouched, stopped at code cells {stops}")


COMPANIONS = sorted((paths.ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", COMPANIONS, ids=lambda p: p.name)
def test_companion_notebook_executes(path):
    execute(path)
