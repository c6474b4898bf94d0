"""The anchors benchmark runs on the notebooks' own set-up: its cell filter, and that every task
it names still loads (a renamed cell or variable breaks this test, not the benchmark)."""
import ast

import pytest

from autograder.testing import bench_anchors

DEMO_CELL = '''
import numpy as np
layer_dims, alpha = [2, 4, 1], 0.1
data = np.arange(3)
def fit(seed):
    return seed
results = run_demo()
runs = {name: fit(0) for name in ["a"]}
starts = {"later": lambda seed: fit(seed)}
for seed in range(3):
    fit(seed)
if True:
    hidden = 1
try:
    caught = fit(1)
except ValueError:
    pass
plt_show()
'''


def test_task_statements_keep_the_set_up_and_drop_the_demo_runs():
    kept = bench_anchors.task_statements(DEMO_CELL, local_functions={"fit", "run_demo"})
    text = ast.unparse(kept)
    assert "import numpy" in text and "layer_dims, alpha" in text and "data = np.arange(3)" in text
    assert "def fit" in text and "starts = " in text  # a lambda's call runs later, not at assignment
    for dropped in ("run_demo", "runs =", "for seed", "hidden", "caught", "plt_show"):
        assert dropped not in text, f"{dropped!r} should be left out:\n{text}"


@pytest.mark.parametrize("topic", sorted(bench_anchors.TASK_CELLS))
def test_every_anchor_task_loads(topic):
    namespace = bench_anchors.task_namespace(topic)
    assert callable(namespace.get("accuracy")), f"{topic}: the anchors use the notebook's accuracy()"


def test_a_missing_cell_is_named():
    with pytest.raises(KeyError, match="no-such-cell"):
        bench_anchors.notebook_namespace("08_optimizers", ["setup", "no-such-cell"])
