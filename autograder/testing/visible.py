"""Which visible checks a submission fails, without a kernel (for the tests).

Runs, in a child of the hidden checks' jailed zygote, the notebook's setup (the code cells before
the first answer cell) and its answer cells; then each test cell ``test_<f>``, with its hidden
region removed, in a fresh namespace where every graded function but ``f`` is the reference
version: ``f`` judged alone, as the hidden checks judge it. Reports the test cells that raised.
Try-it and demo cells are skipped: a test cell relies only on the setup and the answer cells.
"""
from ..engine import hidden, notebooks


def runnable_cells(nb):
    """[(kind, label, source)]: setup, answer and test cells, magics and hidden regions removed."""
    cells, seen_answer = [], False
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        label = notebooks.grade_id(cell) or f"#{index}"
        if notebooks.is_answer(cell):
            seen_answer = True
            kind = "answer"
        elif notebooks.is_test(cell):
            kind = "test"
        elif not seen_answer:
            kind = "setup"
        else:
            continue
        cells.append((kind, label, notebooks.strip_magics(notebooks.strip_hidden(cell.source))))
    return cells


def visible_failures(nb, source_nb, timeout=300):
    """{test cell grade_id: error} for the test cells of ``nb`` whose visible checks fail, each
    function judged alone (the reference answers of ``source_nb`` stand in for the others)."""
    reference = {notebooks.grade_id(c): notebooks.strip_magics(notebooks.solution_code(c.source))
                 for c in source_nb.cells if notebooks.is_answer(c)}
    with hidden.shared_sandbox() as shared:
        return shared.ready([], timeout).run_visible(runnable_cells(nb), reference, timeout=timeout)
