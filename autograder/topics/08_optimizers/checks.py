"""Hidden checks of 08_optimizers: the EWA, momentum, RMSprop and Adam steps, two learning-rate schedules.

Every function is deterministic, so each is compared with the reference on many cases: series of
length 1 to 365 with negative values, betas from 0 to 0.999, multi-layer parameter dicts with
non-square weights, several consecutive steps (t = 1, 2, 3, ...) fed with the student's own
state, explicit hyperparameters (an epsilon large enough to tell sqrt(s) + eps from sqrt(s + eps)),
and the keys of the returned state. Each step is judged against the reference applied to the
same inputs, so one wrong step does not hide the next; the typical mistakes are named.
"""

import numpy as np

from autograder.engine.hidden import hidden_check
from utils.checks import check_array, check_close, check_equal, check_true, check_tuple, fail

MISTAKES = {
    "ewa": {
        "no_one_minus_beta": "v_t = beta * v_(t-1) + theta_t: the new value added without the (1 - beta) factor",
        "starts_at_first_value": "v_1 = theta_1 without bias correction: the average started from theta_1, not 0",
        "weights_swapped": "v_t = (1 - beta) * v_(t-1) + beta * theta_t: the two weights swapped",
        "bias_power_t_minus_1": "bias correction divided by 1 - beta**(t - 1): t counted from 0, the first divisor 0",
        "ignores_bias_correction": "bias_correction=True ignored: no division by 1 - beta**t",
        "corrects_when_not_asked": "the bias correction applied although bias_correction=False",
        "default_bias_correction": "the default of bias_correction is not False",
    },
    "momentum_step": {
        "no_one_minus_beta": "v = beta * v + grads: the (1 - beta) factor is missing",
        "plain_gradient_step": "the parameters moved by -alpha * grads, a plain gradient step that ignores v",
        "old_velocity": "the parameters moved with the velocity from before this step",
        "state_keyed_like_parameters": "the returned v keyed like parameters ('W1') instead of like grads ('dW1')",
    },
    "rmsprop_step": {
        "gradient_not_squared": "s averages the gradients (or their absolute values) instead of their squares",
        "no_sqrt": "the step divided by s + epsilon: the square root is missing",
        "epsilon_inside_sqrt": "the step divided by sqrt(s + epsilon) instead of sqrt(s) + epsilon",
        "old_s": "the step used s from before this step",
        "state_keyed_like_parameters": "the returned s keyed like parameters ('W1') instead of like grads ('dW1')",
    },
    "adam_step": {
        "stores_corrected_moments": "the returned v or s is bias-corrected: they must be stored uncorrected",
        "no_bias_correction": "the update used v and s without bias correction",
        "layer_index_as_t": "the bias correction used the layer number as t",
        "epsilon_inside_sqrt": "the step divided by sqrt(s_hat + epsilon) instead of sqrt(s_hat) + epsilon",
        "state_keyed_like_parameters": "the returned v or s keyed like parameters ('W1') instead of like grads ('dW1')",
    },
    "lr_inverse_decay": {
        "precedence_slip": "alpha0 / 1 + decay_rate * epoch: missing parentheses around the denominator",
        "ignores_decay_rate": "alpha0 / (1 + epoch): decay_rate left out",
        "epoch_off_by_one": "alpha0 / (1 + decay_rate * (epoch + 1)): the epochs counted from 1",
    },
    "lr_exponential_decay": {
        "fixed_base": "0.95 ** epoch * alpha0: the base argument ignored",
        "base_times_epoch": "base * epoch * alpha0: a product instead of the power base ** epoch",
        "alpha0_and_base_swapped": "alpha0 ** epoch * base: the roles of alpha0 and base swapped",
        "base_not_third": "base is not the third positional argument",
    },
}


def _rng(seed):
    return np.random.default_rng(seed)


def _near(found, candidate):
    """True when found (an array) equals candidate to rounding."""
    candidate = np.asarray(candidate, dtype=float)
    return found.shape == candidate.shape and bool(np.all(np.isfinite(candidate))) and np.allclose(
        found, candidate, rtol=1e-9, atol=1e-12)


def _number(call, value):
    """One number from a schedule, as a float: a Python or NumPy scalar (or a size-1 array)."""
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "biuf":
        value = value.reshape(())
    return float(check_array(call, value, (), hint="return one number, the learning rate of that epoch"))


# --------------------------------------------------------------------------------------------- ewa
def _ewa_without_factor(theta, beta):
    v, out = 0.0, []
    for x in theta:
        v = beta * v + x
        out.append(v)
    return np.array(out)


def _ewa_weights_swapped(theta, beta):
    v, out = 0.0, []
    for x in theta:
        v = (1 - beta) * v + beta * x
        out.append(v)
    return np.array(out)


@hidden_check("ewa")
def check_ewa(submission, reference):
    data = _rng(808)
    # the series of one value comes after one of two: on a single value a missing (1 - beta) and a start
    # from theta_1 give the same v_1, which a second value tells apart
    series = [np.array([-2.0, 6.0]), np.array([3.5]), data.normal(size=7) * 4 - 1,
              40 + 15 * np.sin(np.arange(365) / 58.0) + 5 * data.normal(size=365), data.normal(size=50) - 3]
    for theta in series:
        T = theta.shape[0]
        for beta in [0.0, 0.3, 0.8, 0.9, 0.98, 0.999]:
            for bias_correction in [False, True]:
                call = f"ewa(theta of length {T}, beta={beta}, bias_correction={bias_correction})"
                found = check_array(call, submission.ewa(theta, beta, bias_correction=bias_correction), (T,),
                                    hint="return one average per entry of theta, as a numpy array")
                expected = reference.ewa(theta, beta, bias_correction=bias_correction)
                if beta > 0 and T > 1 and not bias_correction and _near(found, _ewa_without_factor(theta, beta)):
                    fail(f"{call}: the averages grow without bound: the new value is added without the "
                         "(1 - beta) factor",
                         "v_t = beta * v_{t-1} + (1 - beta) * theta_t", mistake="no_one_minus_beta")
                if beta > 0 and not bias_correction and abs(theta[0]) > 1e-9 and abs(found[0] - theta[0]) < 1e-9:
                    fail(f"{call}: v_1 equals theta_1; without bias correction v_1 = (1 - beta) * theta_1",
                         "start from v_0 = 0, then v_t = beta * v_{t-1} + (1 - beta) * theta_t",
                         mistake="starts_at_first_value")
                divisors = 1 - beta ** np.arange(1, T + 1)
                swapped = _ewa_weights_swapped(theta, beta) / (divisors if bias_correction else 1)
                if _near(found, swapped) and not _near(found, expected):
                    fail(f"{call}: the weights are swapped: the new value is weighted by beta and the old "
                         "average by 1 - beta", "v_t = beta * v_{t-1} + (1 - beta) * theta_t: beta weighs the past",
                         mistake="weights_swapped")
                if bias_correction:
                    check_true(np.all(np.isfinite(found)),
                               f"{call} returned NaN or inf: the first divisor was 1 - beta**0 = 0",
                               hint="t counts from 1: divide v_t by 1 - beta**t with t = 1, 2, ..., T",
                               mistake="bias_power_t_minus_1")
                if bias_correction and beta > 0 and T > 1 and _near(found, expected * divisors):
                    fail(f"{call} did not apply the bias correction",
                         "with bias_correction=True divide v_t by 1 - beta**t", mistake="ignores_bias_correction")
                if bias_correction:
                    check_close(f"the first corrected average of {call}, which equals theta_1", found[0], theta[0],
                                rtol=1e-9, hint="v_1 = (1 - beta) * theta_1 and 1 - beta**1 = 1 - beta, "
                                                "so the corrected v_1 is theta_1")
                if not bias_correction and beta > 0 and T > 1 and _near(found, expected / divisors):
                    fail(f"{call} applied the bias correction although bias_correction=False",
                         "divide by 1 - beta**t only when bias_correction is True", mistake="corrects_when_not_asked")
                check_close(call, found, expected, rtol=1e-9, atol=1e-12,
                            hint="v_0 = 0, v_t = beta * v_{t-1} + (1 - beta) * theta_t"
                                 + (", then v_t / (1 - beta**t)" if bias_correction else ""))
    theta = np.array([4.0, -2.0, 7.0])
    found = check_array("ewa(theta of length 3, beta=0.8) without bias_correction given",
                        submission.ewa(theta, 0.8), (3,))
    check_close("ewa(theta of length 3, beta=0.8) without bias_correction given (the default is False)",
                found, reference.ewa(theta, 0.8, bias_correction=False), rtol=1e-9,
                hint="bias_correction=False by default", mistake="default_bias_correction")


# ------------------------------------------------------------------------------------ parameter dicts
def _network(layer_dims, data):
    parameters = {}
    for l in range(1, len(layer_dims)):
        shape_W, shape_b = (layer_dims[l], layer_dims[l - 1]), (layer_dims[l], 1)
        parameters[f"W{l}"] = data.normal(size=shape_W)
        parameters[f"b{l}"] = data.normal(size=shape_b) * 0.5
    return parameters


def _grads_like(parameters, data, scale=1.0):
    return {"d" + key: data.normal(size=value.shape) * scale for key, value in parameters.items()}


def _state_like(parameters, data, start):
    if start == "zeros":
        return {"d" + key: np.zeros_like(value) for key, value in parameters.items()}
    if start == "positive":
        return {"d" + key: data.random(size=value.shape) * 0.5 + 0.01 for key, value in parameters.items()}
    return {"d" + key: data.normal(size=value.shape) * 0.3 for key, value in parameters.items()}


def _gradient_key_order(keys):
    return sorted(keys, key=lambda k: (int("".join(c for c in k if c.isdigit()) or 0), k))


def _dict(call, found, like, what, hint):
    """Check that found is a dict with the keys of like and arrays of their shapes; return float copies."""
    if not isinstance(found, dict):
        fail(f"{call} returned {type(found).__name__} as {what}; expected a dict keyed like {what} "
             f"({', '.join(_gradient_key_order(like))})", hint)
    if what in ("v", "s") and set(found) == {key[1:] for key in like}:
        fail(f"{call} returned {what} keyed like the parameters ({', '.join(_gradient_key_order(found))}); "
             f"{what} is keyed like grads ({', '.join(_gradient_key_order(like))})",
             f"{what}['d' + key] for each key of parameters", mistake="state_keyed_like_parameters")
    check_equal(f"the keys of {what} returned by {call}", _gradient_key_order(found), _gradient_key_order(like),
                hint=f"keep the keys of {'grads' if what in ('v', 's') else 'parameters'}: "
                     + ("v['dW1'], v['db1'], ..." if what in ("v", "s") else "'W1', 'b1', ..."))
    return {key: check_array(f"{what}['{key}'] from {call}", found[key], np.shape(like[key]))
            for key in _gradient_key_order(like)}


def _close_dict(call, found, expected, what, hint, rtol=1e-8):
    for key in _gradient_key_order(expected):
        check_close(f"{what}['{key}'] from {call}", found[key], expected[key], rtol=rtol, atol=1e-12, hint=hint)


def _matches(found, candidate):
    return all(_near(found[key], candidate[key]) for key in candidate)


# ---------------------------------------------------------------------------------------- momentum
@hidden_check("momentum_step")
def check_momentum_step(submission, reference):
    data = _rng(809)
    for layer_dims, beta, alpha, start in [
            ([3, 1], 0.9, 0.1, "zeros"), ([2, 4, 1], 0.8, 0.05, "zeros"), ([5, 3, 2, 1], 0.95, 0.3, "random"),
            ([4, 7, 6, 3, 2], 0.7, 0.01, "random"), ([2, 4, 1], 0.0, 0.2, "random")]:
        parameters = _network(layer_dims, data)
        v = _state_like(parameters, data, start)
        for step in range(1, 4):
            grads = _grads_like(parameters, data)
            call = (f"momentum_step on a {len(layer_dims) - 1}-layer network (layer sizes {layer_dims}), "
                    f"beta={beta}, alpha={alpha}, step {step}")
            found = check_tuple(call, submission.momentum_step(parameters, grads, v, beta, alpha), ["parameters", "v"])
            new_parameters = _dict(call, found[0], parameters, "parameters", None)
            new_v = _dict(call, found[1], grads, "v", None)
            expected_parameters, expected_v = reference.momentum_step(parameters, grads, v, beta, alpha)
            if beta > 0 and _matches(new_v, {k: beta * v[k] + grads[k] for k in grads}):
                fail(f"{call}: v = beta * v + grads, without the (1 - beta) factor",
                     "v = beta * v + (1 - beta) * grads['d' + key]", mistake="no_one_minus_beta")
            if beta > 0 and _matches(new_parameters, {k: parameters[k] - alpha * grads["d" + k] for k in parameters}):
                fail(f"{call}: the parameters moved by -alpha * grads, a plain gradient step that ignores v",
                     "move each parameter by -alpha * v['d' + key], with the updated v", mistake="plain_gradient_step")
            if beta > 0 and _matches(new_parameters, {k: parameters[k] - alpha * v["d" + k] for k in parameters}):
                fail(f"{call}: the parameters moved with the velocity from before this step",
                     "first update v, then move the parameters with the new v", mistake="old_velocity")
            _close_dict(call, new_v, expected_v, "v", "v = beta * v + (1 - beta) * grads['d' + key]")
            _close_dict(call, new_parameters, expected_parameters, "parameters",
                        "p = p - alpha * v['d' + key] with the updated v")
            parameters, v = new_parameters, new_v


# ----------------------------------------------------------------------------------------- RMSprop
@hidden_check("rmsprop_step")
def check_rmsprop_step(submission, reference):
    data = _rng(810)
    for layer_dims, beta2, alpha, epsilon, start in [
            ([3, 1], 0.9, 0.1, 0.1, "zeros"), ([2, 4, 1], 0.999, 0.01, 1e-8, "zeros"),
            ([5, 3, 2, 1], 0.99, 0.05, 0.5, "positive"), ([4, 7, 6, 3, 2], 0.8, 0.02, 0.05, "positive"),
            ([2, 4, 1], 0.9, 0.3, 1e-4, "positive")]:
        parameters = _network(layer_dims, data)
        s = _state_like(parameters, data, start)
        for step in range(1, 4):
            grads = _grads_like(parameters, data, scale=0.7)
            call = (f"rmsprop_step on a {len(layer_dims) - 1}-layer network (layer sizes {layer_dims}), "
                    f"beta2={beta2}, alpha={alpha}, epsilon={epsilon}, step {step}")
            found = check_tuple(call, submission.rmsprop_step(parameters, grads, s, beta2, alpha, epsilon=epsilon),
                                ["parameters", "s"])
            new_parameters = _dict(call, found[0], parameters, "parameters", None)
            new_s = _dict(call, found[1], grads, "s", None)
            expected_parameters, expected_s = reference.rmsprop_step(parameters, grads, s, beta2, alpha,
                                                                     epsilon=epsilon)
            if (_matches(new_s, {k: beta2 * s[k] + (1 - beta2) * grads[k] for k in grads})
                    or _matches(new_s, {k: beta2 * s[k] + (1 - beta2) * np.abs(grads[k]) for k in grads})):
                fail(f"{call}: s averages the gradients (or their absolute values), not their squares",
                     "s = beta2 * s + (1 - beta2) * dp ** 2", mistake="gradient_not_squared")
            d = {k: grads["d" + k] for k in parameters}
            if _matches(new_parameters, {k: parameters[k] - alpha * d[k] / (expected_s["d" + k] + epsilon)
                                         for k in parameters}):
                fail(f"{call}: the step was divided by s + epsilon: the square root is missing",
                     "divide by np.sqrt(s) + epsilon", mistake="no_sqrt")
            if _matches(new_parameters, {k: parameters[k] - alpha * d[k] / np.sqrt(expected_s["d" + k] + epsilon)
                                         for k in parameters}):
                fail(f"{call}: the step was divided by sqrt(s + epsilon); epsilon belongs outside the root",
                     "divide by np.sqrt(s) + epsilon", mistake="epsilon_inside_sqrt")
            if _matches(new_parameters, {k: parameters[k] - alpha * d[k] / (np.sqrt(s["d" + k]) + epsilon)
                                         for k in parameters}):
                fail(f"{call}: the step used s from before this step", "first update s, then use the new s",
                     mistake="old_s")
            _close_dict(call, new_s, expected_s, "s", "s = beta2 * s + (1 - beta2) * grads['d' + key] ** 2")
            _close_dict(call, new_parameters, expected_parameters, "parameters",
                        "p = p - alpha * dp / (np.sqrt(s) + epsilon) with the updated s")
            parameters, s = new_parameters, new_s


# -------------------------------------------------------------------------------------------- Adam
def _adam_variant(parameters, grads, v, s, t, alpha, beta1, beta2, epsilon, variant):
    """The update of a typical wrong Adam (for naming the mistake)."""
    out = {}
    for key in parameters:
        layer = int(key[1:])
        g = grads["d" + key]
        new_v = beta1 * v["d" + key] + (1 - beta1) * g
        new_s = beta2 * s["d" + key] + (1 - beta2) * g ** 2
        tt = layer if variant == "layer" else t
        v_hat, s_hat = new_v / (1 - beta1 ** tt), new_s / (1 - beta2 ** tt)
        if variant == "uncorrected":
            v_hat, s_hat = new_v, new_s
        denominator = np.sqrt(s_hat + epsilon) if variant == "inside" else np.sqrt(s_hat) + epsilon
        out[key] = parameters[key] - alpha * v_hat / denominator
    return out


@hidden_check("adam_step")
def check_adam_step(submission, reference):
    data = _rng(811)
    for layer_dims, alpha, beta1, beta2, epsilon in [
            ([3, 1], 0.1, 0.9, 0.999, 1e-8), ([2, 4, 1], 0.05, 0.8, 0.9, 0.05),
            ([5, 3, 2, 1], 0.01, 0.9, 0.999, 0.01), ([4, 7, 6, 3, 2], 0.2, 0.7, 0.95, 0.1)]:
        parameters = _network(layer_dims, data)
        v = _state_like(parameters, data, "zeros")
        s = _state_like(parameters, data, "zeros")
        for t in range(1, 5):
            grads = _grads_like(parameters, data, scale=0.6)
            call = (f"adam_step on a {len(layer_dims) - 1}-layer network (layer sizes {layer_dims}), t={t}, "
                    f"alpha={alpha}, beta1={beta1}, beta2={beta2}, epsilon={epsilon}")
            found = check_tuple(call, submission.adam_step(parameters, grads, v, s, t, alpha, beta1=beta1,
                                                           beta2=beta2, epsilon=epsilon), ["parameters", "v", "s"])
            new_parameters = _dict(call, found[0], parameters, "parameters", None)
            new_v = _dict(call, found[1], grads, "v", None)
            new_s = _dict(call, found[2], grads, "s", None)
            expected_parameters, expected_v, expected_s = reference.adam_step(
                parameters, grads, v, s, t, alpha, beta1=beta1, beta2=beta2, epsilon=epsilon)
            corrected_v = {k: expected_v[k] / (1 - beta1 ** t) for k in grads}
            corrected_s = {k: expected_s[k] / (1 - beta2 ** t) for k in grads}
            if _matches(new_v, corrected_v) and not _matches(new_v, expected_v):
                fail(f"{call}: the returned v is bias-corrected; v and s must be stored uncorrected",
                     "return v = beta1 * v + (1 - beta1) * dp; divide by 1 - beta1**t only inside the update",
                     mistake="stores_corrected_moments")
            if _matches(new_s, corrected_s) and not _matches(new_s, expected_s):
                fail(f"{call}: the returned s is bias-corrected; v and s must be stored uncorrected",
                     "return s = beta2 * s + (1 - beta2) * dp ** 2; divide by 1 - beta2**t only inside the update",
                     mistake="stores_corrected_moments")
            _close_dict(call, new_v, expected_v, "v", "v = beta1 * v + (1 - beta1) * grads['d' + key], uncorrected")
            _close_dict(call, new_s, expected_s, "s",
                        "s = beta2 * s + (1 - beta2) * grads['d' + key] ** 2, uncorrected")
            mistakes = {  # variant: (mistake, what it is, hint)
                "uncorrected": ("no_bias_correction", "the update used v and s without bias correction",
                                "use v / (1 - beta1**t) and s / (1 - beta2**t) in the update"),
                "layer": ("layer_index_as_t", "the bias correction used the layer number as t",
                          "t is the update count passed in, the same for every layer"),
                "inside": ("epsilon_inside_sqrt",
                           "the step was divided by sqrt(s_hat + epsilon); epsilon belongs outside the root",
                           "divide by np.sqrt(s_hat) + epsilon"),
            }
            for variant, (mistake, description, hint) in mistakes.items():
                candidate = _adam_variant(parameters, grads, v, s, t, alpha, beta1, beta2, epsilon, variant)
                if _matches(new_parameters, candidate) and not _matches(new_parameters, expected_parameters):
                    fail(f"{call}: {description}", hint, mistake=mistake)
            _close_dict(call, new_parameters, expected_parameters, "parameters",
                        "p = p - alpha * v_hat / (np.sqrt(s_hat) + epsilon), v_hat = v / (1 - beta1**t), "
                        "s_hat = s / (1 - beta2**t), with the updated v and s")
            parameters, v, s = new_parameters, new_v, new_s


# ---------------------------------------------------------------------------------------- schedules
@hidden_check("lr_inverse_decay")
def check_lr_inverse_decay(submission, reference):
    for alpha0, decay_rate, epoch in [(0.2, 1, 0), (0.2, 1, 1), (0.2, 1, 2), (0.2, 1, 3), (0.5, 0.25, 6),
                                      (1.0, 0.0, 10), (0.01, 2.5, 7), (0.3, 0.1, 1000), (3.0, 0.5, 1)]:
        call = f"lr_inverse_decay({alpha0}, {decay_rate}, {epoch})"
        found = _number(call, submission.lr_inverse_decay(alpha0, decay_rate, epoch))
        expected = reference.lr_inverse_decay(alpha0, decay_rate, epoch)
        if epoch > 0 and decay_rate > 0 and abs(found - (alpha0 / 1 + decay_rate * epoch)) < 1e-12:
            fail(f"{call} returned alpha0 / 1 + decay_rate * epoch: an operator-precedence slip",
                 "write alpha0 / (1 + decay_rate * epoch)", mistake="precedence_slip")
        if epoch > 0 and decay_rate != 1 and abs(found - alpha0 / (1 + epoch)) < 1e-12 * alpha0:
            fail(f"{call} returned alpha0 / (1 + epoch): decay_rate was left out",
                 "alpha0 / (1 + decay_rate * epoch)", mistake="ignores_decay_rate")
        if decay_rate > 0 and abs(found - alpha0 / (1 + decay_rate * (epoch + 1))) < 1e-12 * alpha0:
            fail(f"{call} returned the rate of epoch {epoch + 1}: the epochs were counted from 1",
                 "epoch 0 gives alpha0: alpha0 / (1 + decay_rate * epoch) with the epoch as given",
                 mistake="epoch_off_by_one")
        check_close(call, found, expected, rtol=1e-10,
                    hint="alpha0 / (1 + decay_rate * epoch): epoch 0 gives alpha0")


@hidden_check("lr_exponential_decay")
def check_lr_exponential_decay(submission, reference):
    for alpha0, epoch, base in [(0.2, 0, 0.95), (0.2, 1, 0.95), (0.2, 10, 0.95), (0.5, 3, 0.8), (1.0, 7, 0.5),
                                (0.05, 100, 0.99), (2.0, 4, 1.0), (0.3, 1, 0.7)]:
        call = f"lr_exponential_decay({alpha0}, {epoch}, base={base})"
        found = _number(call, submission.lr_exponential_decay(alpha0, epoch, base=base))
        if base != 0.95 and epoch > 0 and abs(found - 0.95 ** epoch * alpha0) < 1e-12:
            fail(f"{call} used 0.95 instead of the base argument", "base ** epoch * alpha0 with the given base",
                 mistake="fixed_base")
        expected = reference.lr_exponential_decay(alpha0, epoch, base=base)
        slips = [(base * epoch * alpha0, "base_times_epoch", "base * epoch * alpha0: a product, not a power",
                  "the rate is multiplied by base once per epoch: base ** epoch * alpha0"),
                 (alpha0 ** epoch * base, "alpha0_and_base_swapped", "alpha0 ** epoch * base: alpha0 and base swapped",
                  "base is raised to the power epoch, then multiplied by alpha0: base ** epoch * alpha0")]
        for value, mistake, description, hint in slips:
            if abs(found - value) < 1e-12 and abs(value - expected) > 1e-10 * abs(expected):
                fail(f"{call} returned {description}", hint, mistake=mistake)
        check_close(call, found, expected, rtol=1e-10,
                    hint="base ** epoch * alpha0")
    found = _number("lr_exponential_decay(0.5, 3, 0.8) with base given by position",
                    submission.lr_exponential_decay(0.5, 3, 0.8))
    check_close("lr_exponential_decay(0.5, 3, 0.8) with base given by position", found,
                reference.lr_exponential_decay(0.5, 3, 0.8), rtol=1e-10, hint="the third argument is base",
                mistake="base_not_third")
