"""While autograding, the code cells after the last graded or answer cell are not run: no grade can
depend on them. The first of them says so; everything before them runs as before."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.engine import notebooks
from autograder.engine.preprocessors import NOT_RUN_NOTE, ResilientExecute


def marked(source, **nbgrader):
    cell = new_code_cell(source)
    cell.metadata["nbgrader"] = {"schema_version": 3, "grade": False, "solution": False, "locked": False,
                                 "points": 0, **nbgrader}
    return cell


def course_notebook():
    return new_notebook(cells=[
        marked("print('setup ran')", grade_id="setup", locked=True),
        marked("def f():\n    return 1", grade_id="f", solution=True),
        new_markdown_cell("A lesson between the graded cells"),
        marked("assert f() == 1\nprint('test ran')", grade_id="test_f", grade=True, locked=True, points=1),
        new_markdown_cell("## A closing demo"),
        marked("print('demo ran')", grade_id="demo", locked=True),
        new_code_cell("raise RuntimeError('a scratch cell of the student')"),
    ])


def texts(cell):
    return [output.get("text", output.get("ename")) for output in cell.outputs]


def test_graded_part_ends_after_the_last_graded_or_answer_cell():
    nb = course_notebook()
    assert notebooks.graded_part_end(nb) == 4
    nb.cells[5].metadata["nbgrader"]["solution"] = True  # an answer cell among the demos
    assert notebooks.graded_part_end(nb) == 6
    plain = new_notebook(cells=[new_code_cell("1"), new_markdown_cell("x")])
    assert notebooks.graded_part_end(plain) == 2, "a notebook without graded cells runs whole, as nbgrader would"


def run(tmp_path, **config):
    nb = nbformat.from_dict(course_notebook())
    executor = ResilientExecute(timeout=60, **config)
    executor.preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    return nb


def test_cells_after_the_graded_part_are_not_run_and_the_first_says_why(tmp_path):
    nb = run(tmp_path)
    assert texts(nb.cells[0]) == ["setup ran\n"]
    assert texts(nb.cells[3]) == ["test ran\n"]
    assert texts(nb.cells[5]) == [NOT_RUN_NOTE]
    assert nb.cells[5].execution_count is None
    assert texts(nb.cells[6]) == [] and nb.cells[6].execution_count is None


def test_run_after_graded_part_runs_the_whole_notebook(tmp_path):
    nb = run(tmp_path, run_after_graded_part=True)
    assert texts(nb.cells[5]) == ["demo ran\n"]
    assert texts(nb.cells[6]) == ["RuntimeError"]
