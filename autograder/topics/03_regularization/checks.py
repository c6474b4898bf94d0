"""Hidden checks of 03_regularization: what they judge and how.

Penalties and gradients are judged on networks of one to four layers with non-square weight
matrices and nonzero biases, for several lambd and m; the cost on labels of both classes, m from 1
to 1000; weight decay on matrices from 1 x 1 to 30 x 20 with several alpha, lambd and m;
flips on non-square batches of ints and floats; early stopping on hand-made runs (ties, a cost
that never improves, patience longer than the run, patience 1) and on long made-up runs. Nothing
is random, so every check compares with the reference's value; where a wrong value matches a
typical mistake, the message names it (without printing the expected value).
"""
import numpy as np

from autograder.engine.hidden import hidden_check
from utils.checks import check_array, check_close, check_equal, check_true, fail

MISTAKES = {
    "l2_penalty": {
        "biases_included": "the biases are squared in too (biases are not regularized)",
        "lambd_over_m": "the factor is lambd / m instead of lambd / (2m)",
        "missing_m": "the division by m is missing",
        "some_layers_only": "only some layers' weights are penalized",
        "norm_not_squared": "the Frobenius norms are not squared",
    },
    "cost_with_l2": {
        "cross_entropy_summed": "the cross-entropy is summed over the examples instead of averaged",
        "penalty_missing": "the L2 penalty is not added",
        "penalty_with_m_1": "the penalty is computed with m = 1 (m taken from the wrong axis?)",
        "penalty_subtracted": "the penalty is subtracted instead of added",
    },
    "l2_gradients": {
        "not_a_dict": "does not return the dict of gradients",
        "gradients_missing": "returns only some of the gradients (the ones it changed)",
        "biases_regularized": "the biases' gradients are regularized too",
        "half_factor": "adds lambd / (2m) * W instead of lambd / m * W",
        "missing_m": "adds lambd * W: the division by m is missing",
        "penalty_gradient_missing": "dW is unchanged: the penalty's gradient is not added",
        "wrong_sign": "subtracts the penalty's gradient",
    },
    "weight_decay_step": {
        "alpha_missing_from_decay": "the decay factor is 1 - lambd / m: alpha is missing",
        "step_without_alpha": "the gradient step is not multiplied by alpha",
        "weights_grow": "the weights grow (1 + alpha * lambd / m) instead of decaying",
        "half_factor": "the decay uses lambd / (2m) instead of lambd / m",
        "missing_m": "the decay factor is missing the division by m",
    },
    "l1_penalty": {
        "no_abs": "computed from the signed weights: the absolute values are missing",
        "squared": "the L2 penalty (squared weights) instead of the L1 penalty",
        "biases_included": "|b| of the biases is added too",
        "lambd_over_m": "the factor is lambd / m instead of lambd / (2m)",
        "some_layers_only": "only some layers' weights are penalized",
    },
    "flip_horizontal": {
        "not_an_array": "does not return an array",
        "transposed": "swaps the rows and columns of each picture (a transpose)",
        "vertical_flip": "flips the pictures upside down (rows reversed: np.fliplr on the batch?)",
        "batch_reversed": "reverses the order of the pictures in the batch",
        "every_axis_reversed": "reverses every axis (np.flip without an axis)",
        "unchanged": "returns the pictures unchanged",
    },
    "early_stopping_epoch": {
        "not_an_int": "does not return an int",
        "no_patience": "returns the best epoch of the whole run, ignoring patience",
        "returns_stopping_epoch": "returns the epoch where training stops, not the best one",
        "ties_improve": "counts a tie with the best as an improvement (<= instead of <)",
        "one_epoch_too_late": "stops one epoch too late (waited > patience)",
        "one_epoch_too_early": "stops one epoch too early (waited >= patience - 1)",
        "counter_not_reset": "the count of epochs without improvement is not reset when the cost improves",
    },
}

NETWORKS = [[3, 5, 1], [4, 6, 3, 1], [2, 7, 5, 4, 1], [5, 1], [3, 2, 4, 1]]
LAMBDS = [0.0, 0.05, 0.7, 3.0]
MS = [1, 7, 40, 1000]


def _network(layer_dims, seed):
    """Parameters with non-square weights and nonzero biases of both signs."""
    data = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = data.normal(size=(layer_dims[l], layer_dims[l - 1]))
        parameters[f"b{l}"] = data.normal(size=(layer_dims[l], 1)) + 0.5
    return parameters


def _weights(parameters):
    return [value for key, value in parameters.items() if key.startswith("W")]


def _biases(parameters):
    return [value for key, value in parameters.items() if key.startswith("b")]


def _number(call, value):
    """The float a function returned, or a failure naming what came back instead."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        # A NumPy scalar (np.float64) may reach the grader as a 0-d or a 1-element array.
        if isinstance(value, np.ndarray) and value.ndim <= 1 and value.size == 1 and value.dtype.kind in "iuf":
            return float(value.reshape(()))
        shape = f" of shape {value.shape}" if isinstance(value, np.ndarray) else ""
        fail(f"{call} returned {type(value).__name__}{shape}; expected a single number",
             "return a Python float: float(...)")  # unrecognised: no misconception, a slip in the return
    value = float(value)
    check_true(np.isfinite(value), f"{call} returned {value}; expected a finite number")
    return value


def _close(a, b):
    return bool(np.isclose(a, b, rtol=1e-9, atol=1e-12))


def _recognise(call, found, expected, mistakes, hint):
    """Fail with the mistake's name when found matches one of mistakes [(mistake, description, value)]."""
    if _close(found, expected):
        return
    for mistake, description, value in mistakes:
        if not _close(value, expected) and _close(found, value):
            fail(f"{call}: the value found is {description}", hint, mistake=mistake)
    check_close(call, found, expected, rtol=1e-9, atol=1e-12, hint=hint)


def _network_name(layer_dims):
    return f"a {len(layer_dims) - 1}-layer network with layer sizes {layer_dims}"


def _penalty_cases():
    for index, layer_dims in enumerate(NETWORKS):
        for lambd in LAMBDS:
            for m in MS:
                yield layer_dims, _network(layer_dims, 300 + index), lambd, m


@hidden_check("l2_penalty")
def check_l2_penalty(submission, reference):
    for layer_dims, parameters, lambd, m in _penalty_cases():
        call = f"l2_penalty(parameters of {_network_name(layer_dims)}, lambd={lambd}, m={m})"
        found = _number(call, submission.l2_penalty(parameters, lambd, m))
        expected = reference.l2_penalty(parameters, lambd, m)
        squares = sum(float(np.sum(W ** 2)) for W in _weights(parameters))
        bias_squares = sum(float(np.sum(b ** 2)) for b in _biases(parameters))
        _recognise(call, found, expected, [
            ("biases_included", "the penalty with the biases squared in too (biases are not regularized)",
             lambd / (2 * m) * (squares + bias_squares)),
            ("lambd_over_m", "lambd / m times the sum of squares: the factor is lambd / (2m)", lambd / m * squares),
            ("missing_m", "lambd / 2 times the sum of squares: the division by m is missing", lambd / 2 * squares),
            *_some_layers(parameters, lambd, m, lambda W: float(np.sum(W ** 2))),
            ("norm_not_squared", "computed with the Frobenius norms not squared",
             lambd / (2 * m) * sum(float(np.linalg.norm(W)) for W in _weights(parameters))),
        ], "lambd / (2 * m) * (sum over every layer l of np.sum(W_l ** 2)), weights only")


def _some_layers(parameters, lambd, m, size):
    """(mistake, description, value) of the penalty of the first k layers only, for each k < L."""
    weights = _weights(parameters)
    return [("some_layers_only", f"the penalty of the first {k} layer{'s' if k > 1 else ''} only (of {len(weights)})",
             lambd / (2 * m) * sum(size(W) for W in weights[:k])) for k in range(1, len(weights))]


def _labels_and_outputs(m, seed):
    data = np.random.default_rng(seed)
    Y = (np.arange(m) % 2)[data.permutation(m)].reshape(1, m).astype(np.float64)
    AL = data.uniform(0.02, 0.98, size=(1, m))
    return AL, Y


@hidden_check("cost_with_l2")
def check_cost_with_l2(submission, reference):
    for index, layer_dims in enumerate(NETWORKS):
        parameters = _network(layer_dims, 310 + index)
        for m in MS:
            AL, Y = _labels_and_outputs(m, 320 + m + index)
            for lambd in [0.0, 0.05, 3.0]:
                call = (f"cost_with_l2(AL and Y of shape (1, {m}), parameters of {_network_name(layer_dims)}, "
                        f"lambd={lambd})")
                found = _number(call, submission.cost_with_l2(AL, Y, parameters, lambd))
                expected = reference.cost_with_l2(AL, Y, parameters, lambd)
                summed = float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))
                penalty = reference.l2_penalty(parameters, lambd, m)
                _recognise(call, found, expected, [
                    ("cross_entropy_summed",
                     "the cross-entropy summed over the examples instead of averaged (plus the penalty)",
                     summed + penalty),
                    ("penalty_missing", "the cross-entropy without the L2 penalty", summed / m),
                    ("penalty_with_m_1", "the mean cross-entropy plus the penalty computed with m = 1",
                     summed / m + reference.l2_penalty(parameters, lambd, 1)),
                    ("penalty_subtracted", "the mean cross-entropy minus the penalty", summed / m - penalty),
                ], "-(1/m) * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) + l2_penalty(parameters, lambd, m), "
                   "with m = Y.shape[1]")


def _gradients_like(parameters, seed):
    data = np.random.default_rng(seed)
    return {"d" + key: data.normal(size=value.shape) for key, value in parameters.items()}


@hidden_check("l2_gradients")
def check_l2_gradients(submission, reference):
    for index, layer_dims in enumerate(NETWORKS):
        parameters = _network(layer_dims, 330 + index)
        grads = _gradients_like(parameters, 340 + index)
        for lambd, m in [(0.0, 7), (0.05, 1), (0.7, 40), (3.0, 1000), (0.7, 3)]:
            call = f"l2_gradients(grads, parameters of {_network_name(layer_dims)}, lambd={lambd}, m={m})"
            found = submission.l2_gradients({k: v.copy() for k, v in grads.items()}, parameters, lambd, m)
            if not isinstance(found, dict):
                fail(f"{call} returned {type(found).__name__}; expected the dict of gradients",
                     "return the dict: every dW_l with the penalty's gradient added, every db_l as it was",
                     mistake="not_a_dict")
            expected = reference.l2_gradients({k: v.copy() for k, v in grads.items()}, parameters, lambd, m)
            missing = sorted(set(expected) - set(found))
            if missing:
                fail(f"{call} returned a dict without {', '.join(missing)}",
                     "return every gradient, dW1, db1, ..., dWL, dbL, not only the ones you changed",
                     mistake="gradients_missing")
            for l in range(1, len(layer_dims)):
                W, b = parameters[f"W{l}"], parameters[f"b{l}"]
                db = check_array(f"db{l} from {call}", found[f"db{l}"], b.shape)
                if lambd > 0 and np.allclose(db, grads[f"db{l}"] + lambd / m * b, rtol=1e-9):
                    fail(f"db{l} from {call} has lambd / m * b{l} added: the biases' gradients were regularized",
                         "biases are not regularized: leave every db_l unchanged", mistake="biases_regularized")
                check_close(f"db{l} from {call}", db, grads[f"db{l}"], rtol=1e-12, atol=1e-14,
                            hint="leave every db_l unchanged")
                dW = check_array(f"dW{l} from {call}", found[f"dW{l}"], W.shape)
                if lambd > 0:
                    for mistake, description, value in [
                            ("half_factor",
                             "dW + lambd / (2m) * W: the factor is lambd / m (the 2 cancels in the derivative)",
                             grads[f"dW{l}"] + lambd / (2 * m) * W),
                            ("missing_m", "dW + lambd * W: the division by m is missing", grads[f"dW{l}"] + lambd * W),
                            ("penalty_gradient_missing", "dW unchanged: the penalty's gradient was not added",
                             grads[f"dW{l}"]),
                            ("wrong_sign", "dW - lambd / m * W: the sign of the penalty's gradient is wrong",
                             grads[f"dW{l}"] - lambd / m * W)]:
                        if np.allclose(dW, value, rtol=1e-9, atol=1e-12) and \
                                not np.allclose(value, expected[f"dW{l}"], rtol=1e-9, atol=1e-12):
                            fail(f"dW{l} from {call} is {description}", "dW_l + lambd / m * W_l for every layer l",
                                 mistake=mistake)
                check_close(f"dW{l} from {call}", dW, expected[f"dW{l}"], rtol=1e-9, atol=1e-12,
                            hint="dW_l + lambd / m * W_l for every layer l")


@hidden_check("weight_decay_step")
def check_weight_decay_step(submission, reference):
    data = np.random.default_rng(350)
    cases = [((1, 1), 0.1, 0.7, 5), ((1, 5), 0.01, 3.0, 1), ((4, 3), 0.5, 0.3, 8), ((3, 4), 1.2, 0.0, 20),
             ((30, 20), 0.05, 5.0, 500), ((6, 2), 0.3, 2.0, 3)]
    for shape, alpha, lambd, m in cases:
        W = data.normal(size=shape)
        dW = data.normal(size=shape)
        call = f"weight_decay_step(W of shape {shape}, dW, alpha={alpha}, lambd={lambd}, m={m})"
        found = check_array(call, submission.weight_decay_step(W.copy(), dW.copy(), alpha, lambd, m), shape)
        expected = reference.weight_decay_step(W.copy(), dW.copy(), alpha, lambd, m)
        for mistake, description, value in [
                ("alpha_missing_from_decay", "(1 - lambd / m) * W - alpha * dW: alpha is missing from the decay factor",
                 (1 - lambd / m) * W - alpha * dW),
                ("step_without_alpha",
                 "(1 - alpha * lambd / m) * W - dW: the gradient step is not multiplied by alpha",
                 (1 - alpha * lambd / m) * W - dW),
                ("weights_grow", "(1 + alpha * lambd / m) * W - alpha * dW: the weights grow instead of decaying",
                 (1 + alpha * lambd / m) * W - alpha * dW),
                ("half_factor",
                 "(1 - alpha * lambd / (2m)) * W - alpha * dW: the factor of the L2 gradient is lambd / m",
                 (1 - alpha * lambd / (2 * m)) * W - alpha * dW),
                ("missing_m", "(1 - alpha * lambd) * W - alpha * dW: the division by m is missing",
                 (1 - alpha * lambd) * W - alpha * dW)]:
            if np.allclose(found, value, rtol=1e-9, atol=1e-12) and not np.allclose(value, expected, rtol=1e-9):
                fail(f"{call} returned {description}", "(1 - alpha * lambd / m) * W - alpha * dW", mistake=mistake)
        check_close(call, found, expected, rtol=1e-9, atol=1e-12, hint="(1 - alpha * lambd / m) * W - alpha * dW")


@hidden_check("l1_penalty")
def check_l1_penalty(submission, reference):
    for layer_dims, parameters, lambd, m in _penalty_cases():
        call = f"l1_penalty(parameters of {_network_name(layer_dims)}, lambd={lambd}, m={m})"
        found = _number(call, submission.l1_penalty(parameters, lambd, m))
        expected = reference.l1_penalty(parameters, lambd, m)
        absolute = sum(float(np.sum(np.abs(W))) for W in _weights(parameters))
        _recognise(call, found, expected, [
            ("no_abs", "computed from the signed weights: the absolute values are missing",
             lambd / (2 * m) * sum(float(np.sum(W)) for W in _weights(parameters))),
            ("squared", "the L2 penalty (squared weights) instead of the L1 penalty",
             lambd / (2 * m) * sum(float(np.sum(W ** 2)) for W in _weights(parameters))),
            ("biases_included", "the penalty with |b| of the biases added too (biases are not regularized)",
             lambd / (2 * m) * (absolute + sum(float(np.sum(np.abs(b))) for b in _biases(parameters)))),
            ("lambd_over_m", "lambd / m times the sum of |w|: the factor is lambd / (2m)", lambd / m * absolute),
            *_some_layers(parameters, lambd, m, lambda W: float(np.sum(np.abs(W)))),
        ], "lambd / (2 * m) * (sum over every layer l of np.sum(np.abs(W_l))), weights only")


@hidden_check("flip_horizontal")
def check_flip_horizontal(submission, reference):
    data = np.random.default_rng(360)
    batches = [np.array([[[7.0]]]), np.arange(15).reshape(1, 3, 5), data.normal(size=(4, 2, 7)),
               data.integers(0, 255, size=(3, 6, 6)), data.random((10, 24, 32)), data.random((2, 9, 4)) < 0.5]
    for images in batches:
        call = f"flip_horizontal(images of shape {images.shape}, dtype {images.dtype})"
        found = submission.flip_horizontal(images.copy())
        if not isinstance(found, np.ndarray):
            fail(f"{call} returned {type(found).__name__}; expected an array of shape {images.shape}",
                 "return the flipped batch: images[:, :, ::-1]", mistake="not_an_array")
        if found.shape != images.shape:
            transposed = found.shape == (images.shape[0], images.shape[2], images.shape[1])
            hint = ("swapping axes 1 and 2 transposes the pictures; reverse axis 2 instead" if transposed
                    else "flipping keeps the shape (m, h, w)")
            fail(f"{call} returned shape {found.shape}; expected {images.shape}", hint,
                 mistake="transposed" if transposed else None)
        expected = reference.flip_horizontal(images.copy())
        for mistake, description, value in [
                ("vertical_flip", "each picture upside down (rows reversed): a vertical flip", images[:, ::-1, :]),
                ("batch_reversed",
                 "the pictures of the batch in reverse order (axis 0 reversed), each picture unchanged", images[::-1]),
                ("every_axis_reversed",
                 "every axis reversed (np.flip without an axis): pictures reordered and turned upside down too",
                 images[::-1, ::-1, ::-1]),
                ("unchanged", "the pictures unchanged", images)]:
            if np.array_equal(found, value) and not np.array_equal(value, expected):
                fail(f"{call} returned {description}", "reverse the columns only, the last axis: images[:, :, ::-1]",
                     mistake=mistake)
        check_equal(call, found, expected, hint="reverse the columns only, the last axis: images[:, :, ::-1]")


def _no_patience(costs, patience):
    return int(np.argmin(costs))


def _stopping_epoch(costs, patience):
    best, waited = costs[0], 0
    for epoch in range(1, len(costs)):
        if costs[epoch] < best:
            best, waited = costs[epoch], 0
        else:
            waited += 1
            if waited >= patience:
                return epoch
    return len(costs) - 1


def _walk(costs, patience, improves=lambda cost, best: cost < best, stop_at=lambda waited, p: waited >= p,
          reset=True):
    best_epoch, best, waited = 0, costs[0], 0
    for epoch in range(1, len(costs)):
        if improves(costs[epoch], best):
            best_epoch, best, waited = epoch, costs[epoch], 0 if reset else waited
        else:
            waited += 1
            if stop_at(waited, patience):
                break
    return best_epoch


EARLY_MISTAKES = {  # mistake: (what the value found is, the epoch that mistake returns)
    "no_patience": (
        "the best epoch of the whole run: training must stop once `patience` epochs in a row have not improved",
        _no_patience),
    "returns_stopping_epoch": ("the epoch where training stops, not the best epoch it kept", _stopping_epoch),
    "ties_improve": ("the last of tied epochs: a tie is not an improvement (use <, not <=)",
                     lambda c, p: _walk(c, p, improves=lambda cost, best: cost <= best)),
    "one_epoch_too_late": ("one epoch too late: stop after exactly `patience` epochs without improvement",
                           lambda c, p: _walk(c, p, stop_at=lambda waited, pat: waited > pat)),
    "one_epoch_too_early": (
        "one epoch too early: stop after exactly `patience` epochs without improvement, not patience - 1",
        lambda c, p: _walk(c, p, stop_at=lambda waited, pat: waited >= pat - 1)),
    "counter_not_reset": (
        "too early: the count of epochs without improvement must start again from 0 when the cost improves",
        lambda c, p: _walk(c, p, reset=False)),
}


def _runs():
    """(dev_costs, patience, what it is) cases: hand-made edge cases, then long made-up runs."""
    cases = [([0.5], 1, "a single epoch"), ([0.5], 5, "a single epoch"),
             ([1.0, 2.0, 3.0, 4.0], 10, "a cost that never improves"),
             ([1.0, 2.0, 3.0, 0.5], 2, "a cost that improves only after patience ran out"),
             ([1.0, 1.0, 1.0, 1.0, 0.9], 3, "a flat start (ties) then a late improvement"),
             ([1.0, 1.0, 1.0, 1.0, 0.9], 5, "a flat start (ties) then an improvement in time"),
             ([3.0, 2.0, 2.0, 2.4, 2.6, 2.7, 1.0], 3, "a tie with the best"),
             ([3.0, 2.0, 2.0, 2.0, 2.0, 1.0], 2, "several ties with the best"),
             ([5.0, 4.0, 3.0, 3.5], 10, "patience longer than the run"),
             ([5.0, 4.0, 3.0, 2.0, 1.0], 1, "a cost that improves every epoch"),
             ([2.0, 2.1, 1.5, 1.4, 1.6, 1.3], 1, "patience 1"),
             ([2.0, 2.1, 1.5, 1.4, 1.6, 1.3], 2, "patience 2"),
             ([0.9, 0.7, 0.6, 0.65, 0.62, 0.5], 2, "the lesson's example"),
             ([0.9, 0.7, 0.6, 0.65, 0.62, 0.5], 3, "the lesson's example")]
    data = np.random.default_rng(370)
    for index in range(12):
        n = int(data.integers(30, 400))
        epochs = np.arange(n)
        trend = 1.0 / (1 + 0.05 * epochs) + 0.002 * np.maximum(epochs - n / 3, 0)
        costs = np.round(trend + 0.02 * data.normal(size=n), 2)  # rounding makes ties
        cases.append((costs if index % 2 else costs.tolist(), int(data.integers(1, 40)),
                      f"a made-up run of {n} epochs ({'array' if index % 2 else 'list'})"))
    return cases


@hidden_check("early_stopping_epoch")
def check_early_stopping_epoch(submission, reference):
    runs, answers = _runs(), []
    for dev_costs, patience, what in runs:
        call = _early_call(dev_costs, patience, what)
        found = submission.early_stopping_epoch(dev_costs, patience)
        if isinstance(found, (bool, np.bool_)) or not isinstance(found, (int, np.integer)):
            fail(f"{call} returned {type(found).__name__}; expected an int, the index of an epoch",
                 "return the epoch index as an int", mistake="not_an_int")
        answers.append(int(found))
    # One wrong run may fit several mistakes: name first those that give every answer of the student.
    everywhere = [mistake for mistake, (_, epoch_of) in EARLY_MISTAKES.items()
                  if all(epoch_of(list(c), p) == a for (c, p, _), a in zip(runs, answers, strict=True))]
    for (dev_costs, patience, what), found in zip(runs, answers, strict=True):
        call = _early_call(dev_costs, patience, what)
        expected = reference.early_stopping_epoch(dev_costs, patience)
        if found != expected:
            fitting = [m for m, (_, epoch_of) in EARLY_MISTAKES.items() if epoch_of(list(dev_costs), patience) == found]
            for mistake in sorted(fitting, key=lambda m: m not in everywhere):
                fail(f"{call} returned {found}, {EARLY_MISTAKES[mistake][0]}",
                     "walk the epochs; improve only when strictly below the best; stop after `patience` "
                     "epochs in a row without improvement; return the best epoch seen", mistake=mistake)
        check_equal(call, found, expected,
                    hint="walk the epochs; improve only when strictly below the best; stop after `patience` epochs "
                         "in a row without improvement; return the best epoch seen")


def _early_call(dev_costs, patience, what):
    shown = list(dev_costs) if len(dev_costs) <= 8 else f"{len(dev_costs)} dev costs"
    return f"early_stopping_epoch({shown}, patience={patience}) ({what})"
