"""Simulated students of 04_dropout: typical wrong answers, correct alternatives, hostile code.

Each student starts from the reference answers and replaces some answer cells. ``loses`` names
the graded functions whose test cells must score zero; every other test cell must score full.
"""
import numpy as np

from autograder.testing.students import SimulatedStudent, answer, cell
from utils import binary_cross_entropy_backward, linear_activation_backward, linear_activation_forward, num_layers

# Defined by the notebook's answer cells when these answers run there.
dropout_forward = dropout_backward = None


# -- dropout_forward: wrong ----------------------------------------------------------------------
@answer("dropout_forward")
def fwd_no_scaling(A, keep_prob, rng):
    D = rng.random(A.shape) < keep_prob
    return A * D, D


@answer("dropout_forward")
def fwd_keeps_with_1_minus_p(A, keep_prob, rng):
    D = rng.random(A.shape) > keep_prob
    return A * D / keep_prob, D


@answer("dropout_forward")
def fwd_one_draw_per_unit(A, keep_prob, rng):
    D = rng.random((A.shape[0], 1)) < keep_prob
    D = np.broadcast_to(D, A.shape)
    return A * D / keep_prob, D


@answer("dropout_forward")
def fwd_global_random(A, keep_prob, rng):
    D = np.random.rand(*A.shape) < keep_prob
    return A * D / keep_prob, D


@answer("dropout_forward")
def fwd_times_keep_prob(A, keep_prob, rng):
    D = (rng.random(A.shape) < keep_prob).astype(float)
    return A * D * keep_prob, D


@answer("dropout_forward")
def fwd_returns_mask_first(A, keep_prob, rng):
    D = rng.random(A.shape) < keep_prob
    A_drop = A * D / keep_prob
    return D, A_drop


@answer("dropout_forward")
def fwd_fresh_unseeded_generator(A, keep_prob, rng):
    D = np.random.default_rng().random(A.shape) < keep_prob
    return A * D / keep_prob, D


# -- dropout_backward: wrong ---------------------------------------------------------------------
@answer("dropout_backward")
def bwd_no_scaling(dA, D, keep_prob):
    return dA * D


@answer("dropout_backward")
def bwd_inverted_mask(dA, D, keep_prob):
    return dA * (1 - D) / keep_prob


@answer("dropout_backward")
def bwd_times_keep_prob(dA, D, keep_prob):
    return dA * D * keep_prob


@answer("dropout_backward")
def bwd_divides_by_drop_prob(dA, D, keep_prob):
    return dA * D / (1 - keep_prob)


@answer("dropout_backward")
def bwd_missing_mask(dA, D, keep_prob):
    return dA / keep_prob


# -- forward_with_dropout: wrong -----------------------------------------------------------------
@answer("forward_with_dropout")
def net_dropout_at_test_time(X, parameters, keep_probs, rng, training=True):
    L = num_layers(parameters)
    A, caches = X, []
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        A, D = dropout_forward(A, keep_probs[l - 1], rng)
        caches.append((cache, D))
    AL, cache = linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    caches.append((cache, None))
    return AL, caches


@answer("forward_with_dropout")
def net_drops_output_layer(X, parameters, keep_probs, rng, training=True):
    L = num_layers(parameters)
    A, caches = X, []
    for l in range(1, L + 1):
        activation = "sigmoid" if l == L else "relu"
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], activation)
        D = None
        if training:
            A, D = dropout_forward(A, keep_probs[min(l, L - 1) - 1], rng)
        caches.append((cache, D))
    return A, caches


@answer("forward_with_dropout")
def net_drops_layer_inputs(X, parameters, keep_probs, rng, training=True):
    L = num_layers(parameters)
    A, caches = X, []
    for l in range(1, L):
        D = None
        if training:
            A, D = dropout_forward(A, keep_probs[l - 1], rng)
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        caches.append((cache, D))
    AL, cache = linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    caches.append((cache, None))
    return AL, caches


@answer("forward_with_dropout")
def net_first_keep_prob_everywhere(X, parameters, keep_probs, rng, training=True):
    L = num_layers(parameters)
    A, caches = X, []
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        D = None
        if training:
            A, D = dropout_forward(A, keep_probs[0], rng)
        caches.append((cache, D))
    AL, cache = linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    caches.append((cache, None))
    return AL, caches


@answer("forward_with_dropout")
def net_drops_the_input_too(X, parameters, keep_probs, rng, training=True):
    L = num_layers(parameters)
    A, caches = X, []
    if training:
        A, _ = dropout_forward(X, keep_probs[0], rng)
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        D = None
        if training:
            A, D = dropout_forward(A, keep_probs[l - 1], rng)
        caches.append((cache, D))
    AL, cache = linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    caches.append((cache, None))
    return AL, caches


# -- backward_with_dropout: wrong ----------------------------------------------------------------
@answer("backward_with_dropout")
def netb_mask_not_reapplied(AL, Y, caches, keep_probs):
    L, grads = len(caches), {}
    dA = binary_cross_entropy_backward(AL, Y)
    for l in range(L, 0, -1):
        cache, D = caches[l - 1]
        activation = "sigmoid" if l == L else "relu"
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, cache, activation)
    return grads


@answer("backward_with_dropout")
def netb_no_scaling(AL, Y, caches, keep_probs):  # the mask applied inline, the /keep_prob forgotten
    L, grads = len(caches), {}
    dA = binary_cross_entropy_backward(AL, Y)
    for l in range(L, 0, -1):
        cache, D = caches[l - 1]
        if D is not None:
            dA = dA * D
        activation = "sigmoid" if l == L else "relu"
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, cache, activation)
    return grads


@answer("backward_with_dropout")
def netb_mask_of_wrong_layer(AL, Y, caches, keep_probs):
    L, grads = len(caches), {}
    dA = binary_cross_entropy_backward(AL, Y)
    for l in range(L, 0, -1):
        cache, D = caches[l - 1]
        activation = "sigmoid" if l == L else "relu"
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, cache, activation)
        if D is not None:
            dA = dropout_backward(dA, D, keep_probs[l - 1])
    return grads


@answer("backward_with_dropout")
def netb_keep_prob_off_by_one(AL, Y, caches, keep_probs):
    L, grads = len(caches), {}
    dA = binary_cross_entropy_backward(AL, Y)
    for l in range(L, 0, -1):
        cache, D = caches[l - 1]
        if D is not None:
            dA = dropout_backward(dA, D, keep_probs[l - 2])
        activation = "sigmoid" if l == L else "relu"
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, cache, activation)
    return grads


@answer("backward_with_dropout")
def netb_first_keep_prob_everywhere(AL, Y, caches, keep_probs):
    L, grads = len(caches), {}
    dA = binary_cross_entropy_backward(AL, Y)
    for l in range(L, 0, -1):
        cache, D = caches[l - 1]
        if D is not None:
            dA = dA * D / keep_probs[0]
        activation = "sigmoid" if l == L else "relu"
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, cache, activation)
    return grads


# -- correct alternatives ------------------------------------------------------------------------
@answer("dropout_forward")
def float_masks_other_draws(A, keep_prob, rng):
    if not 0 < keep_prob <= 1:
        raise ValueError(f"keep_prob must be in (0, 1], got {keep_prob}")
    D = (rng.uniform(size=A.shape) < keep_prob).astype(np.float64)
    A_drop = np.multiply(A, D)
    A_drop /= keep_prob
    return A_drop, D


@answer("dropout_backward")
def backward_with_multiply(dA, D, keep_prob):
    return np.multiply(dA, D) / keep_prob


@answer("dropout_forward")
def binomial_masks(A, keep_prob, rng):
    D = rng.binomial(1, keep_prob, size=A.shape)
    return (A * D) / keep_prob, D


@cell("forward_with_dropout")
def forward_with_constant_and_string_keys():
    KEEP_ALL = 1.0

    def forward_with_dropout(X, parameters, keep_probs, rng, training=True):
        L = len(parameters) // 2
        assert len(keep_probs) == L - 1
        caches, A = [], X
        for l in range(1, L + 1):
            last = l == L
            A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)],
                                                 "sigmoid" if last else "relu")
            D = None
            if training and not last and keep_probs[l - 1] < KEEP_ALL:
                A, D = dropout_forward(A, keep_probs[l - 1], rng)
            caches.append((cache, D))
        return A, caches


@answer("backward_with_dropout")
def backward_by_hand(AL, Y, caches, keep_probs):
    grads = {}
    dZ = (AL - Y) / AL.shape[1]
    for l in reversed(range(1, len(caches) + 1)):
        (linear_cache, Z), D = caches[l - 1]
        if l < len(caches):
            if D is not None:
                dA = dA * D / keep_probs[l - 1]  # noqa: F821 - set by the previous layer
            dZ = dA * (Z > 0)  # noqa: F821
        A_prev, W, b = linear_cache
        grads["dW%d" % l] = dZ @ A_prev.T
        grads["db%d" % l] = dZ.sum(axis=1, keepdims=True)
        dA = W.T @ dZ
    return grads


# -- hostile or broken ---------------------------------------------------------------------------
@cell("dropout_backward")
def patches_numpy_and_checks():
    import numpy.testing

    import utils.checks

    np.allclose = lambda *args, **kwargs: True
    numpy.testing.assert_allclose = lambda *args, **kwargs: None
    for _name in dir(utils.checks):
        if _name.startswith("check_"):
            setattr(utils.checks, _name, lambda *args, **kwargs: None)
    check_close = check_true = check_shape = lambda *args, **kwargs: None  # noqa: F841

    def dropout_backward(dA, D, keep_prob):
        return dA


@answer("dropout_backward")
def loops_forever(dA, D, keep_prob):
    while True:
        pass


@cell("dropout_backward")
def swallows_interrupts_at_top_level():
    import time

    def dropout_backward(dA, D, keep_prob):
        return dA * D / keep_prob

    while True:
        try:
            time.sleep(0.05)
        except BaseException:
            pass


@cell("dropout_backward")
def kills_kernel_at_top_level():
    import os

    def dropout_backward(dA, D, keep_prob):
        return dA * D / keep_prob

    os._exit(1)


@cell("dropout_forward")
def writes_to_stderr():
    import sys

    print("debugging output on stderr", file=sys.stderr)

    def dropout_forward(A, keep_prob, rng):
        print("called dropout_forward", file=sys.stderr)
        D = rng.random(A.shape) < keep_prob
        return A * D / keep_prob, D


@cell("dropout_forward")
def rewrites_gradebooks_with_sql():
    """Top-level code that looks for every *.db above and around its folder and raises all scores."""
    import os
    import sqlite3

    def _gradebooks():
        found, folder = [], os.path.abspath(".")
        for _ in range(8):
            for base, _dirs, files in os.walk(folder):
                found += [os.path.join(base, f) for f in files if f.endswith(".db")]
                if len(found) > 20:
                    break
            folder = os.path.dirname(folder)
        return found

    for _path in _gradebooks():
        try:
            _db = sqlite3.connect(_path)
            _db.execute("UPDATE grade SET auto_score = 1000, manual_score = 1000")
            _db.commit()
        except Exception:
            pass

    def dropout_forward(A, keep_prob, rng):
        D = rng.random(A.shape) < keep_prob
        return A * D / keep_prob, D


@cell("dropout_backward")
def vandalizes_the_course():
    """Top-level code and a graded function that append to every file they can reach."""
    import os

    def _vandalize():
        folder = os.path.abspath(".")
        for _ in range(6):  # the course folder above, and through its links the repository
            if os.path.exists(os.path.join(folder, "nbgrader_config.py")):
                for base, _dirs, files in os.walk(folder, followlinks=True):
                    for name in files:
                        try:
                            with open(os.path.join(base, name), "a") as handle:
                                handle.write("\nvandalized")
                        except OSError:
                            pass
            folder = os.path.dirname(folder)

    _vandalize()

    def dropout_backward(dA, D, keep_prob):
        _vandalize()
        return dA * D / keep_prob


@answer("dropout_backward")
def reads_the_solution_through_proc(dA, D, keep_prob):
    """Finds the course through its parent's working folder and runs the instructor's solution."""
    import json
    import os

    for pid in [os.getppid(), *[p for p in os.listdir("/proc") if p.isdigit()]]:
        try:
            folder = os.readlink(f"/proc/{pid}/cwd")
        except OSError:
            continue
        for _ in range(6):
            notebook = os.path.join(folder, "source", "04_dropout", "04_dropout.ipynb")
            if os.path.exists(notebook):
                cells = json.load(open(notebook))["cells"]
                code = "".join(next(c["source"] for c in cells
                                    if c["metadata"].get("nbgrader", {}).get("grade_id") == "dropout_backward"))
                namespace = {}
                exec(code, namespace)
                return namespace["dropout_backward"](dA, D, keep_prob)
            folder = os.path.dirname(folder)
    return dA


def _thief(graded_name, parameters):
    """A cell whose graded function hands each call on to a correct version it stole earlier.

    When a hidden check calls it, the correct versions of the topic's other graded functions sit in
    its globals (each function is judged alone). It stores them in ``builtins``, where they would
    survive into the next function's check if that ran in the same process, and calls its own
    stolen copy when there is one.
    """
    return (graded_name, f'''import builtins


def {graded_name}({parameters}):
    stolen = vars(builtins).setdefault("stolen_answers", {{}})
    for key, value in list(globals().items()):
        code = getattr(value, "__code__", None)
        if code is not None and "stolen_answers" not in code.co_consts:
            stolen.setdefault(key, value)
    if "{graded_name}" in stolen:
        return stolen["{graded_name}"]({parameters.replace("=True", "=training")})
    raise NotImplementedError("nothing stolen yet")
''')


THIEF = [_thief("dropout_forward", "A, keep_prob, rng"), _thief("dropout_backward", "dA, D, keep_prob"),
         _thief("forward_with_dropout", "X, parameters, keep_probs, rng, training=True"),
         _thief("backward_with_dropout", "AL, Y, caches, keep_probs")]
ALL = {"dropout_forward", "dropout_backward", "forward_with_dropout", "backward_with_dropout"}

# The mistake each wrong answer must be recognised as (autograder/topics/04_dropout/checks.py MISTAKES).
WRONG = {
    "dropout_forward": [
        (fwd_no_scaling, "not_scaled"), (fwd_keeps_with_1_minus_p, "comparison_reversed"),
        (fwd_one_draw_per_unit, "not_independent"), (fwd_global_random, "ignores_rng"),
        (fwd_times_keep_prob, "multiplied_by_keep_prob"), (fwd_returns_mask_first, "returns_mask_first"),
        (fwd_fresh_unseeded_generator, "ignores_rng"),
    ],
    "dropout_backward": [
        (bwd_no_scaling, "not_scaled"), (bwd_inverted_mask, "inverted_mask"),
        (bwd_times_keep_prob, "multiplied_by_keep_prob"), (bwd_divides_by_drop_prob, "divides_by_drop_prob"),
        (bwd_missing_mask, "missing_mask"),
    ],
    "forward_with_dropout": [
        (net_dropout_at_test_time, "dropout_at_test_time"), (net_drops_output_layer, "drops_output_layer"),
        (net_drops_layer_inputs, "drops_layer_inputs"), (net_first_keep_prob_everywhere, "first_keep_prob_everywhere"),
        (net_drops_the_input_too, "output_not_from_masks"),
    ],
    "backward_with_dropout": [
        (netb_mask_not_reapplied, "masks_not_applied"), (netb_no_scaling, "not_scaled"),
        # Its own code raises (a layer's mask meets the gradient of the layer below: shapes that do not
        # broadcast); the message quotes the error and its line, and no check can name it better.
        (netb_mask_of_wrong_layer, "unrecognised"), (netb_keep_prob_off_by_one, "wrong_keep_prob"),
        (netb_first_keep_prob_everywhere, "wrong_keep_prob"),
    ],
}

STUDENTS = [
    SimulatedStudent.reference(),
    SimulatedStudent.blank(),
    *[SimulatedStudent(f.__name__, [f], {function}, mistakes={function: mistake})
      for function, answers in WRONG.items() for f, mistake in answers],
    SimulatedStudent("alt_float_masks_other_draws", [float_masks_other_draws, backward_with_multiply]),
    SimulatedStudent("alt_binomial_masks_loops", [binomial_masks, forward_with_constant_and_string_keys,
                                                  backward_by_hand]),
    SimulatedStudent("cheat_patches_numpy", [patches_numpy_and_checks], {"dropout_backward"}, hostile=True),
    SimulatedStudent("loops_forever_in_function", [loops_forever], {"dropout_backward"}, hostile=True),
    SimulatedStudent("swallows_interrupts", [swallows_interrupts_at_top_level], hostile=True),
    SimulatedStudent("kills_its_kernel", [kills_kernel_at_top_level], hostile=True),
    SimulatedStudent("prints_to_stderr", [writes_to_stderr], hostile=True),
    SimulatedStudent("steals_reference_answers", THIEF, ALL, hostile=True),
    SimulatedStudent("rewrites_gradebooks", [rewrites_gradebooks_with_sql], hostile=True),
    SimulatedStudent("vandalizes_files", [vandalizes_the_course], hostile=True),
    SimulatedStudent("reads_solution_via_proc", [reads_the_solution_through_proc], {"dropout_backward"}, hostile=True),
    # A syntax error is no misconception: the message quotes Python's error, and no check can say more.
    SimulatedStudent("syntax_error", [("dropout_backward", "def dropout_backward(dA, D, keep_prob):\n"
                                                           "    return dA * D / keep_prob)\n")], {"dropout_backward"},
                     mistakes={"dropout_backward": "unrecognised"}),
    SimulatedStudent("corrupt_file", None, set(), raw='{"cells": [{"cell_type": "code", "source": "trunc'),
]
