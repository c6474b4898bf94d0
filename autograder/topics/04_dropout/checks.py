"""Hidden checks of 04_dropout.

Random outputs are judged by properties (mask values, A_drop = A * D / keep_prob, the kept
fraction, independence, use of the given rng), never by one random sequence. The network-level
forward is judged on networks built so that the output reveals which hidden units were dropped;
the backward is fed caches built by the reference forward, so a wrong forward costs only its
own points.
"""

import itertools

import numpy as np

from autograder.engine.hidden import hidden_check
from utils.checks import check_array, check_close, check_fraction, check_tuple, fail
from utils.nn import model_forward

MISTAKES = {
    "dropout_forward": {
        "not_scaled": "the kept activations are not scaled up (no division by keep_prob)",
        "multiplied_by_keep_prob": "the kept activations are multiplied by keep_prob instead of divided",
        "comparison_reversed": "units are kept with probability 1 - keep_prob (the comparison is the wrong way round)",
        "drops_at_keep_prob_1": "units are dropped even with keep_prob = 1",
        "mask_not_binary": "the mask D holds values other than 0 and 1",
        "returns_mask_first": "returns (D, A_drop) instead of (A_drop, D)",
        "wrong_keep_fraction": "the fraction of units kept is not keep_prob",
        "not_independent": "one random draw per row or per column instead of one per entry",
        "ignores_rng": "the mask does not come from the rng argument (np.random or a generator of its own)",
    },
    "dropout_backward": {
        "divides_by_drop_prob": "divides by the drop probability 1 - keep_prob",
        "missing_mask": "the mask D is not applied: dropped units get a gradient",
        "not_scaled": "the gradient is not divided by keep_prob",
        "multiplied_by_keep_prob": "the gradient is multiplied by keep_prob instead of divided",
        "inverted_mask": "the mask is inverted (1 - D)",
    },
    "forward_with_dropout": {
        "dropout_at_test_time": "units are dropped at test time (training=False)",
        "caches_not_per_layer": "caches is not a list of one (cache, D) pair per layer",
        "no_mask_stored": "a hidden layer's mask is None while training",
        "drops_layer_inputs": "dropout is applied to a layer's input instead of its relu output",
        "drops_output_layer": "the output layer is dropped too",
        "first_keep_prob_everywhere": "every hidden layer uses keep_probs[0]",
        "wrong_keep_prob": "a hidden layer keeps a fraction of its units other than its own keep_prob",
        "output_not_from_masks": "the output is not the network run with the stored masks (is the input X dropped?)",
        "ignores_rng": "the masks do not come from the rng argument",
    },
    "backward_with_dropout": {
        "masks_not_applied": "the masks are not applied on the way back",
        "not_scaled": "a hidden layer's gradient is masked but not divided by its keep_prob",
        "wrong_keep_prob": "a hidden layer's gradient is divided by another layer's keep_prob",
        "wrong_scaling": "a hidden layer's dropout scaling is wrong",
    },
}


def _rng(seed):
    return np.random.default_rng(seed)


def _mask(D, shape, call):
    D = check_array(f"the mask D of {call}", D, shape, "D has the shape of A")
    if not np.all((D == 0) | (D == 1)):
        fail(
            f"the mask D of {call} holds values other than 0 and 1 (found {np.unique(D)[:5]})",
            "D is `rng.random(A.shape) < keep_prob`: True (1) keeps a unit, False (0) drops it",
            mistake="mask_not_binary",
        )
    return D


def _not_swapped(A_drop, D, call):
    """Name the (D, A_drop) return order: a first item of only 0s and 1s, a second one of other values."""
    first, second = np.asarray(A_drop), np.asarray(D)
    if first.shape == second.shape and first.dtype.kind in "biuf" and second.dtype.kind in "biuf" \
            and np.isin(first, [0, 1]).all() and not np.isin(second, [0, 1]).all():
        fail(f"{call} returned (D, A_drop): its first item holds only 0s and 1s, its second item other values",
             "end the function with `return A_drop, D`: the dropped activations first, then the mask",
             mistake="returns_mask_first")


@hidden_check("dropout_forward")
def check_dropout_forward(submission, reference):
    data = _rng(404)
    shapes = [(1, 1), (1, 7), (5, 1), (3, 4), (20, 50)]
    for shape, keep_prob in itertools.product(shapes, [1.0, 0.8, 0.5, 0.13]):
        A = data.normal(size=shape)
        A[data.random(shape) < 0.2] = 0.0
        call = f"dropout_forward(A of shape {shape}, keep_prob={keep_prob}, rng)"
        A_drop, D = check_tuple(call, submission.dropout_forward(A, keep_prob, _rng(1)), ["A_drop", "D"])
        _not_swapped(A_drop, D, call)
        A_drop = check_array(f"A_drop from {call}", A_drop, shape)
        D = _mask(D, shape, call)
        if keep_prob == 1.0:
            if np.all(D == 0):
                fail(f"{call} dropped every unit with keep_prob = 1: the comparison is the wrong way round",
                     "keep a unit when rng.random(...) < keep_prob (a unit is kept with probability keep_prob)",
                     mistake="comparison_reversed")
            check_close(
                f"A_drop from {call}",
                A_drop,
                A,
                rtol=1e-12,
                hint="with keep_prob = 1 nothing is dropped and A comes back unchanged",
            )
            if not np.all(D == 1):
                fail(f"{call} dropped units with keep_prob = 1", "rng.random() < 1 is always True",
                     mistake="drops_at_keep_prob_1")
            continue
        if np.any(D == 1) and np.allclose(A_drop, A * D, rtol=1e-12) and not np.allclose(A * D, 0):
            fail(
                f"A_drop from {call} equals A * D: the kept activations are not scaled up",
                "inverted dropout divides by keep_prob so that the expected activation stays the same",
                mistake="not_scaled",
            )
        if np.any(D == 1) and np.allclose(A_drop, A * D * keep_prob, rtol=1e-12) and not np.allclose(A * D, 0):
            fail(
                f"A_drop from {call} equals A * D * keep_prob: the kept activations are multiplied by keep_prob",
                "inverted dropout divides by keep_prob: A * D / keep_prob",
                mistake="multiplied_by_keep_prob",
            )
        check_close(
            f"A_drop from {call}, compared with A * D / keep_prob for the D it returned",
            A_drop,
            A * D / keep_prob,
            rtol=1e-10,
            atol=1e-12,
            hint="multiply A by the same D you return, then divide by keep_prob",
        )

    for keep_prob in [0.9, 0.5, 0.2]:
        shape = (200, 300)
        call = f"dropout_forward(A of shape {shape}, keep_prob={keep_prob}, rng)"
        A = np.abs(data.normal(size=shape)) + 0.1
        A_drop, D = check_tuple(call, submission.dropout_forward(A, keep_prob, _rng(7)), ["A_drop", "D"])
        _not_swapped(A_drop, D, call)
        D = _mask(D, shape, call)
        kept = float(D.mean())
        if keep_prob != 0.5 and abs(kept - (1 - keep_prob)) < 0.02:
            fail(f"{call} kept {kept:.1%} of the units, about 1 - keep_prob: the comparison is the wrong way round",
                 "keep a unit when rng.random(...) < keep_prob", mistake="comparison_reversed")
        for axis, across in [(1, "examples (columns)"), (0, "units (rows)")]:
            first, second = (D[:, :-1], D[:, 1:]) if axis == 1 else (D[:-1, :], D[1:, :])
            agree = int(np.sum(first == second))
            check_fraction(
                f"neighbouring mask entries across {across} that agree, in {call}",
                agree,
                first.size,
                keep_prob**2 + (1 - keep_prob) ** 2,
                "draw one independent random number per entry: rng.random(A.shape), not one per row or per column",
                mistake="not_independent",
            )
        check_fraction(
            f"the fraction of units {call} kept",
            int(D.sum()),
            D.size,
            keep_prob,
            "keep a unit when rng.random(...) < keep_prob (a unit is kept with probability keep_prob)",
            mistake="wrong_keep_fraction",
        )
        _, D_again = submission.dropout_forward(A, keep_prob, _rng(7))
        _, D_other = submission.dropout_forward(A, keep_prob, _rng(8))
        if not np.array_equal(np.asarray(D_again, dtype=float), D):
            fail(
                f"{call} gave a different mask for a generator with the same seed",
                "draw the random numbers from the rng argument, not from np.random",
                mistake="ignores_rng",
            )
        if np.array_equal(np.asarray(D_other, dtype=float), D):
            fail(
                f"{call} gave the same mask for generators with different seeds",
                "draw the random numbers from the rng argument",
                mistake="ignores_rng",
            )


@hidden_check("dropout_backward")
def check_dropout_backward(submission, reference):
    data = _rng(405)
    for shape, keep_prob, as_bool in itertools.product(
        [(1, 1), (1, 6), (4, 1), (3, 5), (100, 300)], [1.0, 0.75, 0.3], [True, False]
    ):
        dA = data.normal(size=shape)
        D = data.random(shape) < keep_prob
        D = D if as_bool else D.astype(np.float64)
        call = f"dropout_backward(dA of shape {shape}, D ({D.dtype}), keep_prob={keep_prob})"
        found = check_array(call, submission.dropout_backward(dA, D, keep_prob), shape,
                            "the gradient has the shape of dA")
        expected = reference.dropout_backward(dA, D, keep_prob)
        with np.errstate(divide="ignore", invalid="ignore"):
            mistakes = [
                ("divides_by_drop_prob", "dA * D / (1 - keep_prob): it divides by the drop probability 1 - keep_prob",
                 dA * D / (1 - keep_prob)),
                ("missing_mask", "dA / keep_prob: the mask D is missing, so dropped units get a gradient",
                 dA / keep_prob),
                ("not_scaled", "dA * D: it is not divided by keep_prob", dA * D),
                ("multiplied_by_keep_prob", "dA * D * keep_prob: it multiplies by keep_prob instead of dividing",
                 dA * D * keep_prob),
                ("inverted_mask", "dA * (1 - D) / keep_prob: the mask is inverted",
                 dA * (1 - D.astype(float)) / keep_prob),
            ]
        for mistake, what, wrong in mistakes:
            if np.allclose(found, wrong, rtol=1e-10, atol=1e-12) and not np.allclose(found, expected, rtol=1e-10):
                fail(f"{call} returned {what}", "multiply by the same mask D, then divide by keep_prob",
                     mistake=mistake)
        check_close(
            call,
            found,
            expected,
            rtol=1e-10,
            atol=1e-12,
            hint="the gradient flows only through the kept units, scaled like the forward pass: dA * D / keep_prob",
        )


# -- network level ------------------------------------------------------------------------------


def _probe_network():
    """A 2-2-2-1 network whose output z = W3 a2 reveals which hidden units were dropped.

    W1 = I keeps the (positive) inputs; W2 mixes both units with different weights; W3 weighs
    its two inputs differently. For a given X, each of the 16 mask patterns of the 4 hidden units
    gives its own output (except the patterns that zero a whole layer).
    """
    return {
        "W1": np.eye(2),
        "b1": np.zeros((2, 1)),
        "W2": np.array([[1.0, 2.0], [3.0, 1.0]]),
        "b2": np.zeros((2, 1)),
        "W3": np.array([[0.7, 0.2]]),
        "b3": np.zeros((1, 1)),
    }


def _probe_outputs(X, parameters, keep_probs):
    """Pre-sigmoid outputs for every mask pattern: dict pattern -> (m,) array, with probabilities."""
    outputs, probabilities = {}, {}
    for pattern in itertools.product([0, 1], repeat=4):
        D1 = np.array(pattern[:2], dtype=float).reshape(2, 1)
        D2 = np.array(pattern[2:], dtype=float).reshape(2, 1)
        A1 = np.maximum(0, parameters["W1"] @ X) * D1 / keep_probs[0]
        A2 = np.maximum(0, parameters["W2"] @ A1) * D2 / keep_probs[1]
        outputs[pattern] = (parameters["W3"] @ A2)[0]
        probabilities[pattern] = np.prod(
            [keep_probs[i // 2] if bit else 1 - keep_probs[i // 2] for i, bit in enumerate(pattern)]
        )
    return outputs, probabilities


def _logit(AL):
    AL = np.clip(AL, 1e-300, 1 - 1e-16)
    return np.log(AL) - np.log1p(-AL)


def _call_forward(submission, X, parameters, keep_probs, rng, training=True):
    call = (
        f"forward_with_dropout(X of shape {X.shape}, a {len(parameters) // 2}-layer network, "
        f"keep_probs={list(keep_probs)}, rng{'' if training else ', training=False'})"
    )
    result = submission.forward_with_dropout(X, parameters, keep_probs, rng, training=training)
    AL, caches = check_tuple(call, result, ["AL", "caches"])
    AL = check_array(f"AL from {call}", AL, (1, X.shape[1]))
    return AL, caches, call


def _random_network(layer_dims, data):
    """Weights scaled by 1/sqrt(fan-in): outputs stay far from 0 and 1, where a clipped cost
    gradient and the exact (AL - Y) / m would differ."""
    parameters = {}
    for layer in range(1, len(layer_dims)):
        fan_in = layer_dims[layer - 1]
        parameters[f"W{layer}"] = data.normal(size=(layer_dims[layer], fan_in)) / np.sqrt(fan_in)
        parameters[f"b{layer}"] = data.normal(size=(layer_dims[layer], 1)) * 0.1
    return parameters


def _check_masks(caches, layer_dims, m, call):
    """Each hidden layer's mask has the shape of its relu output; the output layer has none."""
    if not isinstance(caches, (list, tuple)) or len(caches) != len(layer_dims) - 1:
        fail(f"{call} returned caches that are not a list with one entry per layer ({len(layer_dims) - 1})",
             "append (cache, D) for every layer, None as D for the output layer", mistake="caches_not_per_layer")
    for layer in range(1, len(layer_dims) - 1):
        entry = caches[layer - 1]
        if not isinstance(entry, (list, tuple)) or len(entry) != 2:
            fail(f"{call}: caches[{layer - 1}] is not a (cache, D) pair", "append (cache, D) for every layer",
                 mistake="caches_not_per_layer")
        D = entry[1]
        if D is None:
            fail(f"{call}: the mask of hidden layer {layer} is None while training",
                 "while training, call dropout_forward after each hidden relu and store its mask",
                 mistake="no_mask_stored")
        shape, below = np.shape(D), "X" if layer == 1 else f"A{layer - 1}"
        if shape == (layer_dims[layer - 1], m) and layer_dims[layer - 1] != layer_dims[layer]:
            fail(f"{call}: the mask of hidden layer {layer} has shape {shape}, the shape of {below}, not of "
                 f"A{layer} ({layer_dims[layer]}, {m}): dropout was applied to the layer's input instead of its "
                 "relu output", "call dropout_forward on A after linear_activation_forward(..., 'relu')",
                 mistake="drops_layer_inputs")
        check_array(f"the mask of hidden layer {layer} from {call}", np.asarray(D, dtype=float),
                    (layer_dims[layer], m), "a hidden layer's mask has the shape of its relu output")
    if not isinstance(caches[-1], (list, tuple)) or len(caches[-1]) != 2 or caches[-1][1] is not None:
        fail(f"{call}: the output layer has a mask: it was dropped",
             "the output layer is never dropped: append (cache, None) for it", mistake="drops_output_layer")


def _forward_with_masks(X, parameters, masks, keep_probs):
    """The relu ... relu -> sigmoid network with the given masks (pre-sigmoid output)."""
    A = X
    for layer, (D, keep_prob) in enumerate(zip(masks, keep_probs, strict=True), start=1):
        A = np.maximum(0.0, parameters[f"W{layer}"] @ A + parameters[f"b{layer}"]) * D / keep_prob
    last = len(masks) + 1
    return (parameters[f"W{last}"] @ A + parameters[f"b{last}"])[0]


def _check_wide_network(submission, data):
    """Wide layers, a different keep_prob per layer: each mask keeps its own fraction, and AL is the
    network run with the masks that caches holds (nothing else dropped, not the input)."""
    layer_dims, m, keep_probs = [3, 60, 50, 1], 80, [0.9, 0.3]
    parameters = _random_network(layer_dims, data)
    X = data.normal(size=(3, m))
    AL, caches, call = _call_forward(submission, X, parameters, keep_probs, _rng(21))
    _check_masks(caches, layer_dims, m, call)
    masks = [np.asarray(caches[layer][1], dtype=float) for layer in range(2)]
    for layer, (D, keep_prob) in enumerate(zip(masks, keep_probs, strict=True), start=1):
        kept = float(D.mean())
        if layer == 2 and abs(kept - keep_probs[0]) < 0.05:
            fail(f"{call}: hidden layer 2 kept {kept:.0%} of its units, about keep_probs[0]: every layer used "
                 "keep_probs[0]", "hidden layer l uses keep_probs[l-1]", mistake="first_keep_prob_everywhere")
        check_fraction(f"the units of hidden layer {layer} that {call} kept", int(D.sum()), D.size, keep_prob,
                       "hidden layer l uses keep_probs[l-1]", mistake="wrong_keep_prob")
    check_close(
        f"AL from {call}, compared with the network run with the masks in its caches",
        _logit(AL[0]),
        _forward_with_masks(X, parameters, masks, keep_probs),
        rtol=1e-6,
        atol=1e-8,
        hint="after each hidden relu, A = A * D / keep_probs[l-1] with the mask you store; nothing else is "
        "dropped (not the input X)",
        mistake="output_not_from_masks",
    )


@hidden_check("forward_with_dropout")
def check_forward_with_dropout(submission, reference):
    data = _rng(406)
    for layer_dims, m in [([3, 4, 1], 1), ([2, 5, 3, 1], 6), ([4, 6, 5, 3, 1], 40)]:
        parameters = _random_network(layer_dims, data)
        X = data.normal(size=(layer_dims[0], m))
        plain, _ = model_forward(X, parameters)
        hidden = len(layer_dims) - 2
        AL, _, call = _call_forward(submission, X, parameters, [1.0] * hidden, _rng(2))
        check_close(
            f"AL from {call}",
            AL,
            plain,
            rtol=1e-9,
            hint="with every keep_prob = 1 the network is the plain relu ... sigmoid network",
        )
        AL, caches, call = _call_forward(submission, X, parameters, [0.5] * hidden, _rng(2), training=False)
        check_close(
            f"AL from {call}",
            AL,
            plain,
            rtol=1e-9,
            hint="no dropout at test time: with training=False use every unit, unscaled",
            mistake="dropout_at_test_time",
        )
        AL, caches, call = _call_forward(submission, X, parameters, [0.6] * hidden, _rng(3))
        if not isinstance(caches, (list, tuple)) or len(caches) != len(layer_dims) - 1:
            fail(
                f"{call} returned caches that are not a list with one entry per layer ({len(layer_dims) - 1})",
                "append (cache, D) for every layer, None as D for the output layer",
                mistake="caches_not_per_layer",
            )
        _check_masks(caches, layer_dims, m, call)
        AL_again, _, _ = _call_forward(submission, X, parameters, [0.6] * hidden, _rng(3))
        if not np.array_equal(AL, AL_again):
            fail(
                f"{call} gave different outputs for generators with the same seed",
                "pass the rng argument on to dropout_forward; do not use np.random",
                mistake="ignores_rng",
            )

    _check_wide_network(submission, data)

    m = 3000
    X = data.uniform(0.5, 1.5, size=(2, m))
    parameters = _probe_network()
    hints = {
        (0.5, 1.0): "drop units of hidden layer l with keep_probs[l-1]; never the input X",
        (1.0, 0.5): "each hidden layer l uses its own keep_probs[l-1]",
        (0.7, 0.4): "apply dropout after the relu of every hidden layer, not on the output layer",
    }
    for keep_probs, hint in hints.items():
        AL, _, call = _call_forward(submission, X, parameters, list(keep_probs), _rng(11))
        z = _logit(AL[0])
        outputs, probabilities = _probe_outputs(X, parameters, keep_probs)
        counts = dict.fromkeys(outputs, 0)
        unexplained = 0
        for i in range(m):
            matches = [
                p
                for p, out in outputs.items()
                if abs(out[i] - z[i]) <= 1e-6 * (1 + abs(out[i])) and probabilities[p] > 0
            ]
            if not matches:
                unexplained += 1
            elif len(matches) == 1:
                counts[matches[0]] += 1
        if unexplained:
            fail(
                f"{call}: {unexplained} of {m} outputs cannot come from dropping hidden units "
                "(and scaling the kept ones by 1/keep_prob) on a test network",
                hint,
                mistake="output_not_from_masks",
            )
        for pattern, probability in probabilities.items():
            if probability > 0 and any(pattern[:2]) and any(pattern[2:]):
                check_fraction(
                    f"{call}: how often one pattern of dropped hidden units occurred",
                    counts[pattern],
                    m,
                    probability,
                    hint,
                    mistake="wrong_keep_prob",
                )


def _reference_caches(reference, X, parameters, keep_probs, rng, training=True, float_masks=False):
    AL, caches = reference.forward_with_dropout(X, parameters, keep_probs, rng, training=training)
    if float_masks:
        caches = [(cache, None if D is None else D.astype(np.float64)) for cache, D in caches]
    return AL, caches


def _name_backward_mistake(found, expected, unmasked, key, keep_probs, call):
    """Fail with the mistake's name when found is a multiple of the right gradient, or the gradient without
    masks (``unmasked``, None when every mask is all ones)."""
    norm = float(np.sum(expected * expected))
    if norm == 0:
        return _name_missing_masks(found, expected, unmasked, key, call)
    ratio = float(np.sum(found * expected) / norm)
    layer = int(key[2:])
    if abs(ratio - 1) < 1e-6 or not np.allclose(found, ratio * expected, rtol=1e-6, atol=1e-12) \
            or layer > len(keep_probs):  # the output layer has no dropout: a scale error there is not dropout's
        return _name_missing_masks(found, expected, unmasked, key, call)
    own = keep_probs[layer - 1]
    hint = "layer l: dA = dropout_backward(dA, D, keep_probs[l-1]) with D from caches[l-1]"
    if abs(ratio - own) < 1e-6:
        fail(f"{key} from {call} is {ratio:.4g} times the right gradient: dA of hidden layer {layer} was "
             "multiplied by its mask but not divided by its keep_prob", hint, mistake="not_scaled")
    for j, other in enumerate(keep_probs):
        if abs(own / other - 1) > 1e-6 and abs(ratio - own / other) < 1e-6:
            guesses = [g for g, used in [("keep_probs[0] for every layer", j == 0),
                                         ("an index off by one", j == layer - 2)] if used]
            fail(f"{key} from {call} is {ratio:.4g} times the right gradient: hidden layer {layer} was divided by "
                 f"keep_probs[{j}] instead of its own keep_probs[{layer - 1}]"
                 + (f" ({' or '.join(guesses)}?)" if guesses else ""), hint, mistake="wrong_keep_prob")
    fail(f"{key} from {call} is {ratio:.4g} times the right gradient: the scaling of hidden layer {layer}'s dropout "
         "is wrong", hint, mistake="wrong_scaling")


def _name_missing_masks(found, expected, unmasked, key, call):
    """Fail when found is the gradient of the network without its masks (unmasked: None when every mask is 1)."""
    if unmasked is not None and not np.allclose(expected, unmasked, rtol=1e-7, atol=1e-12) \
            and np.allclose(found, unmasked, rtol=1e-7, atol=1e-12):
        fail(f"{key} from {call} is the gradient of the network without its masks: the masks were not applied on "
             "the way back", "multiply dA of each hidden layer by its mask D (dropout_backward) before its relu "
             "backward", mistake="masks_not_applied")


@hidden_check("backward_with_dropout")
def check_backward_with_dropout(submission, reference):
    data = _rng(407)
    cases = [  # m = 1 last: with one example a mask may zero only units the relu had already switched off
        ([2, 5, 3, 1], 8, [0.8, 0.5], True),
        ([2, 5, 3, 1], 8, [1.0, 1.0], True),
        ([4, 6, 5, 3, 1], 64, [0.9, 0.6, 0.7], True),
        ([4, 6, 5, 3, 1], 64, [0.9, 0.6, 0.7], False),
        ([3, 50, 40, 1], 500, [0.5, 0.8], True),
        ([3, 4, 1], 1, [0.5], True),
    ]
    for index, (layer_dims, m, keep_probs, training) in enumerate(cases):
        parameters = _random_network(layer_dims, data)
        X = data.normal(size=(layer_dims[0], m))
        Y = (data.random((1, m)) < 0.5).astype(np.float64)
        AL, caches = _reference_caches(
            reference, X, parameters, keep_probs, _rng(index), training, float_masks=index % 2 == 1
        )
        call = (
            f"backward_with_dropout for a {len(layer_dims) - 1}-layer network, m={m}, "
            f"keep_probs={keep_probs}{'' if training else ', caches from training=False'}"
        )
        grads = submission.backward_with_dropout(AL, Y, caches, keep_probs)
        if not isinstance(grads, dict):
            fail(f"{call} returned a {type(grads).__name__}; expected a dict of gradients")
        expected = reference.backward_with_dropout(AL, Y, caches, keep_probs)
        unmasked = reference.backward_with_dropout(AL, Y, [(cache, None) for cache, _ in caches], keep_probs)
        keys = [k for k in expected if k.startswith(("dW", "db")) and k[2:].isdigit()]
        for key in sorted(keys, key=lambda k: (-int(k[2:]), k)):  # from the output layer down
            if key not in grads:
                fail(f"{call} returned no {key} (keys: {sorted(grads)})", "return dW1, db1, ..., dWL, dbL")
            found = check_array(f"{key} from {call}", grads[key], np.shape(expected[key]))
            masked = any(D is not None and not np.all(np.asarray(D) == 1) for _, D in caches)
            _name_backward_mistake(found, expected[key], unmasked[key] if masked else None, key, keep_probs, call)
            check_close(
                f"{key} from {call}",
                found,
                expected[key],
                rtol=1e-7,
                atol=1e-12,
                hint="on the way back, multiply dA of each hidden layer by its mask D and divide "
                "by its keep_prob, before that layer's relu backward",
            )
