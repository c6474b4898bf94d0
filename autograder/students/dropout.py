"""Simulated students of 04_dropout: typical wrong answers, correct alternatives, hostile code.

Each student starts from the reference answers and replaces some answer cells. ``loses`` names
the graded functions whose test cells must score zero; every other test cell must score full.
"""
from . import Student

TOPIC = "04_dropout"

FORWARD_HEAD = '''def dropout_forward(A, keep_prob, rng):
'''
BACKWARD_HEAD = '''def dropout_backward(dA, D, keep_prob):
'''
NET_FORWARD_HEAD = '''def forward_with_dropout(X, parameters, keep_probs, rng, training=True):
    L = num_layers(parameters)
    A = X
    caches = []
'''
NET_BACKWARD_HEAD = '''def backward_with_dropout(AL, Y, caches, keep_probs):
    L = len(caches)
    grads = {}
    dA = binary_cross_entropy_backward(AL, Y)
'''

STUDENTS = [
    Student("reference", {}, set()),
    Student("blank", None, {"dropout_forward", "dropout_backward", "forward_with_dropout",
                            "backward_with_dropout"}),
    # -- dropout_forward: wrong ------------------------------------------------------------------
    Student("fwd_no_scaling", {"dropout_forward": FORWARD_HEAD + '''
    D = rng.random(A.shape) < keep_prob
    return A * D, D
'''}, {"dropout_forward"}),
    Student("fwd_keeps_with_1_minus_p", {"dropout_forward": FORWARD_HEAD + '''
    D = rng.random(A.shape) > keep_prob
    return A * D / keep_prob, D
'''}, {"dropout_forward"}),
    Student("fwd_one_draw_per_unit", {"dropout_forward": FORWARD_HEAD + '''
    D = rng.random((A.shape[0], 1)) < keep_prob
    D = np.broadcast_to(D, A.shape)
    return A * D / keep_prob, D
'''}, {"dropout_forward"}),
    Student("fwd_global_random", {"dropout_forward": FORWARD_HEAD + '''
    D = np.random.rand(*A.shape) < keep_prob
    return A * D / keep_prob, D
'''}, {"dropout_forward"}),
    Student("fwd_times_keep_prob", {"dropout_forward": FORWARD_HEAD + '''
    D = (rng.random(A.shape) < keep_prob).astype(float)
    return A * D * keep_prob, D
'''}, {"dropout_forward"}),
    # -- dropout_backward: wrong -----------------------------------------------------------------
    Student("bwd_no_scaling", {"dropout_backward": BACKWARD_HEAD + '''
    return dA * D
'''}, {"dropout_backward"}),
    Student("bwd_inverted_mask", {"dropout_backward": BACKWARD_HEAD + '''
    return dA * (1 - D) / keep_prob
'''}, {"dropout_backward"}),
    Student("bwd_times_keep_prob", {"dropout_backward": BACKWARD_HEAD + '''
    return dA * D * keep_prob
'''}, {"dropout_backward"}),
    # -- forward_with_dropout: wrong -------------------------------------------------------------
    Student("net_dropout_at_test_time", {"forward_with_dropout": NET_FORWARD_HEAD + '''
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        A, D = dropout_forward(A, keep_probs[l - 1], rng)
        caches.append((cache, D))
    AL, cache = linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    caches.append((cache, None))
    return AL, caches
'''}, {"forward_with_dropout"}),
    Student("net_drops_output_layer", {"forward_with_dropout": NET_FORWARD_HEAD + '''
    for l in range(1, L + 1):
        activation = "sigmoid" if l == L else "relu"
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], activation)
        D = None
        if training:
            A, D = dropout_forward(A, keep_probs[min(l, L - 1) - 1], rng)
        caches.append((cache, D))
    return A, caches
'''}, {"forward_with_dropout"}),
    Student("net_drops_layer_inputs", {"forward_with_dropout": NET_FORWARD_HEAD + '''
    for l in range(1, L):
        D = None
        if training:
            A, D = dropout_forward(A, keep_probs[l - 1], rng)
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        caches.append((cache, D))
    AL, cache = linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    caches.append((cache, None))
    return AL, caches
'''}, {"forward_with_dropout"}),
    Student("net_first_keep_prob_everywhere", {"forward_with_dropout": NET_FORWARD_HEAD + '''
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        D = None
        if training:
            A, D = dropout_forward(A, keep_probs[0], rng)
        caches.append((cache, D))
    AL, cache = linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    caches.append((cache, None))
    return AL, caches
'''}, {"forward_with_dropout"}),
    # -- backward_with_dropout: wrong ------------------------------------------------------------
    Student("netb_mask_not_reapplied", {"backward_with_dropout": NET_BACKWARD_HEAD + '''
    for l in range(L, 0, -1):
        cache, D = caches[l - 1]
        activation = "sigmoid" if l == L else "relu"
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, cache, activation)
    return grads
'''}, {"backward_with_dropout"}),
    Student("netb_no_scaling", {"backward_with_dropout": NET_BACKWARD_HEAD + '''
    for l in range(L, 0, -1):
        cache, D = caches[l - 1]
        if D is not None:
            dA = dA * D
        activation = "sigmoid" if l == L else "relu"
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, cache, activation)
    return grads
'''}, {"backward_with_dropout"}),
    Student("netb_mask_of_wrong_layer", {"backward_with_dropout": NET_BACKWARD_HEAD + '''
    for l in range(L, 0, -1):
        cache, D = caches[l - 1]
        activation = "sigmoid" if l == L else "relu"
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, cache, activation)
        if D is not None:
            dA = dropout_backward(dA, D, keep_probs[l - 1])
    return grads
'''}, {"backward_with_dropout"}),
    # -- correct alternatives --------------------------------------------------------------------
    Student("alt_float_masks_other_draws", {
        "dropout_forward": FORWARD_HEAD + '''
    if not 0 < keep_prob <= 1:
        raise ValueError(f"keep_prob must be in (0, 1], got {keep_prob}")
    D = (rng.uniform(size=A.shape) < keep_prob).astype(np.float64)
    A_drop = np.multiply(A, D)
    A_drop /= keep_prob
    return A_drop, D
''',
        "dropout_backward": BACKWARD_HEAD + '''
    return np.multiply(dA, D) / keep_prob
'''}, set()),
    Student("alt_binomial_masks_loops", {
        "dropout_forward": FORWARD_HEAD + '''
    D = rng.binomial(1, keep_prob, size=A.shape)
    return (A * D) / keep_prob, D
''',
        "forward_with_dropout": '''KEEP_ALL = 1.0


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
''',
        "backward_with_dropout": '''def backward_with_dropout(AL, Y, caches, keep_probs):
    grads = {}
    dZ = (AL - Y) / AL.shape[1]
    for l in reversed(range(1, len(caches) + 1)):
        (linear_cache, Z), D = caches[l - 1]
        if l < len(caches):
            if D is not None:
                dA = dA * D / keep_probs[l - 1]
            dZ = dA * (Z > 0)
        A_prev, W, b = linear_cache
        grads["dW%d" % l] = dZ @ A_prev.T
        grads["db%d" % l] = dZ.sum(axis=1, keepdims=True)
        dA = W.T @ dZ
    return grads
'''}, set()),
    # -- hostile or broken -----------------------------------------------------------------------
    Student("cheat_patches_numpy", {"dropout_backward": '''import numpy.testing
np.allclose = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None
utils_checks = __import__("utils.checks", fromlist=["x"])
for _name in dir(utils_checks):
    if _name.startswith("check_"):
        setattr(utils_checks, _name, lambda *args, **kwargs: None)
check_close = check_true = check_shape = lambda *args, **kwargs: None


''' + BACKWARD_HEAD + '''
    return dA
'''}, {"dropout_backward"}),
    Student("loops_forever_in_function", {"dropout_backward": BACKWARD_HEAD + '''
    while True:
        pass
'''}, {"dropout_backward"}),
    Student("swallows_interrupts", {"dropout_backward": '''import time

''' + BACKWARD_HEAD + '''
    return dA * D / keep_prob


while True:
    try:
        time.sleep(0.05)
    except BaseException:
        pass
'''}, set()),
    Student("kills_its_kernel", {"dropout_backward": '''import os

''' + BACKWARD_HEAD + '''
    return dA * D / keep_prob


os._exit(1)
'''}, set()),
    Student("prints_to_stderr", {"dropout_forward": '''import sys

print("debugging output on stderr", file=sys.stderr)


''' + FORWARD_HEAD + '''
    print("called dropout_forward", file=sys.stderr)
    D = rng.random(A.shape) < keep_prob
    return A * D / keep_prob, D
'''}, set()),
    Student("syntax_error", {"dropout_backward": BACKWARD_HEAD + '''
    return dA * D / keep_prob)
'''}, {"dropout_backward"}),
    Student("corrupt_file", None, set(), raw='{"cells": [{"cell_type": "code", "source": "trunc'),
]
