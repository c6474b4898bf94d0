"""Which visible checks a submission fails, without a kernel (for the tests).

Runs, in a fresh Python process, the notebook's setup (the code cells before the first answer
cell) and its answer cells; then each test cell ``test_<f>``, with its hidden region removed, in a
copy of that namespace where every graded function but ``f`` is the reference version: ``f`` judged
alone, as the hidden checks judge it. Reports the test cells that raised. Try-it and demo cells are
skipped: a test cell relies only on the setup and the answer cells.
"""
import json
import os
import subprocess
import sys

from ..engine import notebooks

RUNNER = r'''
import json, signal, sys, traceback
cells = json.load(sys.stdin)
out = sys.stdout
sys.stdout = sys.stderr = open("/dev/null", "w")
def alarm(signum, frame):
    raise TimeoutError("the cell took too long")
signal.signal(signal.SIGALRM, alarm)
failed = {}
def run(label, source, where):
    signal.alarm(30)
    try:
        exec(compile(source, f"<{label}>", "exec"), where)
    finally:
        signal.alarm(0)
code = cells["code"]
for kind, label, source in code:
    if kind != "test":
        continue
    alone = {"__name__": "__main__"}
    for other_kind, other_label, other_source in code:
        if other_kind != "test":
            try:
                run(other_label, other_source, alone)
            except BaseException:
                pass
    for function, reference in cells["reference"].items():
        if label != "test_" + function:
            run(function, reference, alone)
    try:
        run(label, source, alone)
    except BaseException as error:
        failed[label] = f"{type(error).__name__}: {error}"
out.write(json.dumps(failed))
'''


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
    cells = {"code": runnable_cells(nb), "reference": reference}
    env = dict(os.environ, MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1")
    result = subprocess.run([sys.executable, "-c", RUNNER], input=json.dumps(cells),
                            capture_output=True, text=True, timeout=timeout, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"the visible-check runner failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)
