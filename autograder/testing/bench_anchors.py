"""Do the notebooks' qualitative results (the anchors) hold on our data, over several seeds?

``./course bench --anchors [--seeds N]`` prints one line per anchor with its figures:
- 05_initialization: He beats zeros and large random weights;
- 08_optimizers: Adam beats plain (mini-batch) gradient descent;
- 03_regularization: L2 raises dev accuracy while lowering train accuracy;
- 04_dropout: dropout raises test accuracy while lowering train accuracy.

Each anchor runs on the notebook's own task: the data, network, hyperparameters and training
functions are those of the source notebook's demo cells, loaded by ``notebook_namespace`` (the
reference answers plus the demo cells' definitions, without their demo runs), so nothing here
restates a notebook's set-up. It prints figures and asserts nothing: an anchor that fails on some
seeds says so.
"""
import ast
import contextlib
import io
import os

import numpy as np

from ..engine import notebooks, paths, reference


def defined_functions(tree):
    return {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}


def calls_any(node, names):
    """Does evaluating ``node`` call one of ``names``? (A lambda's body runs later: not counted.)"""
    if isinstance(node, ast.Lambda):
        return False
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
        return True
    return any(calls_any(child, names) for child in ast.iter_child_nodes(node))


def task_statements(source, local_functions):
    """The set-up of a demo cell: its imports, defs and assignments, minus every assignment
    that calls a function the notebook's cells define (a demo run such as ``sweep = run_sweep()``).
    Loops, conditionals, ``try`` blocks and bare calls (plots, prints) are left out too."""
    tree = ast.parse(source)
    kept = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)):
            kept.append(node)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and not calls_any(node.value, local_functions):
            kept.append(node)
    return ast.Module(body=kept, type_ignores=[])


def notebook_namespace(topic, cell_ids):
    """A namespace holding ``topic``'s reference answers and the set-up of its cells ``cell_ids``
    (grade ids, run in notebook order, magics stripped; see ``task_statements``)."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    cells = [(notebooks.grade_id(c), notebooks.is_answer(c), notebooks.strip_magics(notebooks.strip_hidden(c.source)))
             for c in notebooks.read(paths.source_notebook(topic)).cells if c.cell_type == "code"]
    missing = sorted(set(cell_ids) - {cell_id for cell_id, _, _ in cells})
    if missing:
        raise KeyError(f"{topic}: no cell with grade_id {missing}; the anchors follow the notebook's cell ids")
    local_functions = set().union(*(defined_functions(ast.parse(source)) for _, answer, source in cells if not answer))
    sources = {cell_id: source for cell_id, _, source in cells if cell_id in cell_ids}
    answers = reference.load(topic)
    namespace = {"__name__": f"anchors_{topic}", **vars(answers)}
    for cell_id, source in sources.items():  # in notebook order
        code = compile(task_statements(source, local_functions), f"<{topic}:{cell_id}>", "exec")
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, namespace)
    return namespace


# The cells whose set-up each anchor runs on (grade ids of the source notebook's cells).
TASK_CELLS = {
    "05_initialization": ["setup", "plot-norms", "train-three"],
    "08_optimizers": ["setup", "network-demo"],
    "03_regularization": ["setup", "sweep"],
    "04_dropout": ["setup", "train-habit", "sweep"],
}


def task_namespace(topic):
    return notebook_namespace(topic, TASK_CELLS[topic])


def spread(values, percent=False):
    """'mean [min, max]' of ``values``."""
    values = np.asarray(values, dtype=float)
    form = "{:.1%}" if percent else "{:.3f}"
    return f"{form.format(values.mean())} [{form.format(values.min())}, {form.format(values.max())}]"


def held(count, total):
    return f"holds on {count}/{total} seeds" + ("" if count == total else " (NOT on every seed)")


# --------------------------------------------------------------------------- the anchors
def initialization_anchor(seeds):
    """05: train from zeros, large random and He (the notebook's ``starts``) on its circles task."""
    ns = task_namespace("05_initialization")
    X, Y, X_test, Y_test = ns["X_train"], ns["Y_train"], ns["X_test"], ns["Y_test"]

    def run(name, seed):
        parameters, costs = ns["train"](X, Y, ns["starts"][name](seed), learning_rate=ns["learning_rate"],
                                        num_epochs=ns["num_epochs"], record_every=ns["record_every"], progress=False)
        return costs[-1], ns["accuracy"](parameters, X_test, Y_test)

    zeros = run("zeros", 0)  # the same start on every seed, and full-batch training: one run
    large = [run("large", seed) for seed in seeds]
    he = [run("He", seed) for seed in seeds]
    wins = sum(h[0] < min(zeros[0], g[0]) and h[1] > max(zeros[1], g[1]) for h, g in zip(he, large))
    return (f"05 He beats zeros and large random (lower final cost and higher test accuracy, same seed): "
            f"{held(wins, len(seeds))}. test accuracy He {spread([h[1] for h in he], True)}, "
            f"large {spread([g[1] for g in large], True)}, zeros {zeros[1]:.1%}; final training cost "
            f"He {spread([h[0] for h in he])}, large {spread([g[0] for g in large])}, zeros {zeros[0]:.3f} "
            f"({ns['num_epochs']} epochs, learning rate {ns['learning_rate']})")


def optimizer_anchor(seeds):
    """08: Adam against plain mini-batch gradient descent with the notebook's ``fit`` (same alpha)."""
    ns = task_namespace("08_optimizers")
    runs = {name: [ns["fit"](name, seed) for seed in seeds] for name in ("gradient descent", "Adam")}
    cost = {name: [costs[-1] for _, costs in results] for name, results in runs.items()}
    accuracy = {name: [ns["accuracy"](p, ns["X_test"], ns["Y_test"]) for p, _ in results]
                for name, results in runs.items()}
    wins = sum(a < g for a, g in zip(cost["Adam"], cost["gradient descent"]))
    accurate = sum(a > g for a, g in zip(accuracy["Adam"], accuracy["gradient descent"]))
    return (f"08 Adam beats gradient descent (lower final training cost, same seed): {held(wins, len(seeds))}. "
            f"final cost Adam {spread(cost['Adam'])} vs GD {spread(cost['gradient descent'])}; test accuracy "
            f"Adam {spread(accuracy['Adam'], True)} vs GD {spread(accuracy['gradient descent'], True)} "
            f"(higher on {accurate}/{len(seeds)}) ({ns['num_epochs']} epochs, alpha {ns['alpha']})")


def tradeoff_line(label, baseline, regularized, dev_name):
    """One line: how often regularization lowers train accuracy and raises dev accuracy, per seed."""
    train_change = np.array([r[0] - b[0] for b, r in zip(baseline, regularized)])
    dev_change = np.array([r[1] - b[1] for b, r in zip(baseline, regularized)])
    both = int(np.sum((train_change < 0) & (dev_change > 0)))
    return (f"{label}: {held(both, len(baseline))}. {dev_name} accuracy {100 * dev_change.mean():+.1f} points "
            f"(up on {int(np.sum(dev_change > 0))}, equal on {int(np.sum(dev_change == 0))}), train accuracy "
            f"{100 * train_change.mean():+.1f} points (down on {int(np.sum(train_change < 0))}, equal on "
            f"{int(np.sum(train_change == 0))}); {dev_name} {spread([r[1] for r in regularized], True)} vs "
            f"{spread([b[1] for b in baseline], True)}, train {spread([r[0] for r in regularized], True)} vs "
            f"{spread([b[0] for b in baseline], True)}")


def l2_anchor(seeds):
    """03: the notebook's L2 sweep (tanh network, its circles data; seeds change the initial weights)."""
    ns = task_namespace("03_regularization")

    def run(lambd, seed):
        parameters, _, _ = ns["train_l2"](lambd, seed)
        return ns["accuracy"](ns["X_train"], ns["Y_train"], parameters), ns["accuracy"](ns["X_dev"], ns["Y_dev"],
                                                                                       parameters)

    baseline = [run(0.0, seed) for seed in seeds]
    return [tradeoff_line(f"03 L2 lambd={lambd} raises dev and lowers train accuracy vs lambd=0", baseline,
                          [run(lambd, seed) for seed in seeds], "dev")
            for lambd in ns["lambdas"] if lambd > 0]


def dropout_anchor(seeds):
    """04: the notebook's keep_prob sweep (its moons data and initial weights per seed, learning rate 1)."""
    ns = task_namespace("04_dropout")

    def run(keep_prob, seed):
        (X, Y), (X_test, Y_test) = ns["moons"](seed)
        parameters, _ = ns["fit"](keep_prob, seed, 1.0, progress=False)
        return ns["accuracy"](parameters, X, Y), ns["accuracy"](parameters, X_test, Y_test)

    baseline = [run(1.0, seed) for seed in seeds]
    return [tradeoff_line(f"04 dropout keep_prob={keep_prob} raises test and lowers train accuracy vs keep_prob=1",
                          baseline, [run(keep_prob, seed) for seed in seeds], "test")
            for keep_prob in ns["keep_prob_grid"] if keep_prob < 1]


ANCHORS = [initialization_anchor, optimizer_anchor, l2_anchor, dropout_anchor]


def run_anchors(num_seeds=5, out=print):
    """Run every anchor over seeds 0..num_seeds-1 and print its lines."""
    seeds = list(range(num_seeds))
    for anchor in ANCHORS:
        lines = anchor(seeds)
        for line in [lines] if isinstance(lines, str) else lines:
            out(line)
