"""Simulated students of 08_optimizers: typical wrong answers, correct alternatives.

Each student starts from the reference answers and replaces some answer cells. ``loses`` names
the graded functions whose test cells must score zero; every other test cell must score full.
"""
import numpy as np

from autograder.testing.students import SimulatedStudent, answer, cell


# -- ewa: wrong -----------------------------------------------------------------------------------
@answer("ewa")
def ewa_no_one_minus_beta(theta, beta, bias_correction=False):
    v, out = 0.0, np.zeros(len(theta))
    for t in range(1, len(theta) + 1):
        v = beta * v + theta[t - 1]
        out[t - 1] = v / (1 - beta**t) if bias_correction else v
    return out


@answer("ewa")
def ewa_bias_power_t_minus_1(theta, beta, bias_correction=False):
    v, out = 0.0, np.zeros(len(theta))
    for t in range(1, len(theta) + 1):
        v = beta * v + (1 - beta) * theta[t - 1]
        out[t - 1] = v / (1 - beta ** (t - 1)) if bias_correction else v
    return out


@answer("ewa")
def ewa_starts_at_first_value(theta, beta, bias_correction=False):
    v, out = theta[0], np.zeros(len(theta))
    for t in range(1, len(theta) + 1):
        v = beta * v + (1 - beta) * theta[t - 1]
        out[t - 1] = v / (1 - beta**t) if bias_correction else v
    return out


@answer("ewa")
def ewa_ignores_bias_correction(theta, beta, bias_correction=False):
    v, out = 0.0, np.zeros(len(theta))
    for t in range(1, len(theta) + 1):
        v = beta * v + (1 - beta) * theta[t - 1]
        out[t - 1] = v
    return out


@answer("ewa")
def ewa_weights_swapped(theta, beta, bias_correction=False):
    v, out = 0.0, np.zeros(len(theta))
    for t in range(1, len(theta) + 1):
        v = (1 - beta) * v + beta * theta[t - 1]
        out[t - 1] = v / (1 - beta**t) if bias_correction else v
    return out


# -- ewa: correct alternatives ---------------------------------------------------------------------
@answer("ewa")
def ewa_closed_form(theta, beta, bias_correction=False):
    theta = np.asarray(theta, dtype=float)
    T = theta.shape[0]
    t = np.arange(1, T + 1)
    k = np.arange(1, T + 1)
    # v_t = sum_{k <= t} (1 - beta) beta^(t - k) theta_k, as a lower-triangular matrix product
    powers = np.where(k[None, :] <= t[:, None], beta ** np.maximum(t[:, None] - k[None, :], 0), 0.0)
    v = (1 - beta) * powers @ theta
    if bias_correction:
        v = v / (1 - beta**t)
    return v


@answer("ewa")
def ewa_list_append(theta, beta, bias_correction=False):
    averages = []
    v = 0
    for t, value in enumerate(theta, start=1):
        v = beta * v + (1 - beta) * value
        averages.append(v / (1 - beta**t) if bias_correction else v)
    return np.array(averages)


# -- momentum_step: wrong --------------------------------------------------------------------------
@answer("momentum_step")
def momentum_plain_gradient_step(parameters, grads, v, beta, alpha):
    new_parameters, new_v = {}, {}
    for key in parameters:
        new_v["d" + key] = beta * v["d" + key] + (1 - beta) * grads["d" + key]
        new_parameters[key] = parameters[key] - alpha * grads["d" + key]
    return new_parameters, new_v


@answer("momentum_step")
def momentum_no_one_minus_beta(parameters, grads, v, beta, alpha):
    new_parameters, new_v = {}, {}
    for key in parameters:
        new_v["d" + key] = beta * v["d" + key] + grads["d" + key]
        new_parameters[key] = parameters[key] - alpha * new_v["d" + key]
    return new_parameters, new_v


@answer("momentum_step")
def momentum_old_velocity(parameters, grads, v, beta, alpha):
    new_parameters, new_v = {}, {}
    for key in parameters:
        new_parameters[key] = parameters[key] - alpha * v["d" + key]
        new_v["d" + key] = beta * v["d" + key] + (1 - beta) * grads["d" + key]
    return new_parameters, new_v


@answer("momentum_step")
def momentum_v_keyed_like_parameters(parameters, grads, v, beta, alpha):
    new_parameters, new_v = {}, {}
    for key in parameters:
        new_v[key] = beta * v["d" + key] + (1 - beta) * grads["d" + key]
        new_parameters[key] = parameters[key] - alpha * new_v[key]
    return new_parameters, new_v


# -- momentum_step: correct alternatives -----------------------------------------------------------
@answer("momentum_step")
def momentum_in_place(parameters, grads, v, beta, alpha):
    for key in parameters:
        v["d" + key] *= beta
        v["d" + key] += (1 - beta) * grads["d" + key]
        parameters[key] -= alpha * v["d" + key]
    return parameters, v


@answer("momentum_step")
def momentum_loop_over_grads(parameters, grads, v, beta, alpha):
    v = {name: beta * v[name] + (1 - beta) * grad for name, grad in grads.items()}
    parameters = {name[1:]: parameters[name[1:]] - alpha * v[name] for name in grads}
    return parameters, v


# -- rmsprop_step: wrong ---------------------------------------------------------------------------
@answer("rmsprop_step")
def rmsprop_no_sqrt(parameters, grads, s, beta2, alpha, epsilon=1e-8):
    new_parameters, new_s = {}, {}
    for key in parameters:
        d = grads["d" + key]
        new_s["d" + key] = beta2 * s["d" + key] + (1 - beta2) * d**2
        new_parameters[key] = parameters[key] - alpha * d / (new_s["d" + key] + epsilon)
    return new_parameters, new_s


@answer("rmsprop_step")
def rmsprop_epsilon_inside_sqrt(parameters, grads, s, beta2, alpha, epsilon=1e-8):
    new_parameters, new_s = {}, {}
    for key in parameters:
        d = grads["d" + key]
        new_s["d" + key] = beta2 * s["d" + key] + (1 - beta2) * d**2
        new_parameters[key] = parameters[key] - alpha * d / np.sqrt(new_s["d" + key] + epsilon)
    return new_parameters, new_s


@answer("rmsprop_step")
def rmsprop_gradient_not_squared(parameters, grads, s, beta2, alpha, epsilon=1e-8):
    new_parameters, new_s = {}, {}
    for key in parameters:
        d = grads["d" + key]
        new_s["d" + key] = beta2 * s["d" + key] + (1 - beta2) * np.abs(d)
        new_parameters[key] = parameters[key] - alpha * d / (np.sqrt(new_s["d" + key]) + epsilon)
    return new_parameters, new_s


@answer("rmsprop_step")
def rmsprop_old_s(parameters, grads, s, beta2, alpha, epsilon=1e-8):
    new_parameters, new_s = {}, {}
    for key in parameters:
        d = grads["d" + key]
        new_parameters[key] = parameters[key] - alpha * d / (np.sqrt(s["d" + key]) + epsilon)
        new_s["d" + key] = beta2 * s["d" + key] + (1 - beta2) * d**2
    return new_parameters, new_s


# -- rmsprop_step: correct alternatives ------------------------------------------------------------
@answer("rmsprop_step")
def rmsprop_in_place(parameters, grads, s, beta2, alpha, epsilon=1e-8):
    for key in parameters:
        d = grads["d" + key]
        s["d" + key] *= beta2
        s["d" + key] += (1 - beta2) * np.square(d)
        parameters[key] -= alpha * np.divide(d, np.sqrt(s["d" + key]) + epsilon)
    return parameters, s


@cell("rmsprop_step")
def rmsprop_with_helper():
    def rms_update(p, d, s_d, beta2, alpha, epsilon):
        s_d = beta2 * s_d + (1 - beta2) * d * d
        return p - alpha * d / (s_d**0.5 + epsilon), s_d

    def rmsprop_step(parameters, grads, s, beta2, alpha, epsilon=1e-8):
        new_parameters, new_s = {}, {}
        for name in grads:
            key = name[1:]
            new_parameters[key], new_s[name] = rms_update(parameters[key], grads[name], s[name], beta2, alpha, epsilon)
        return new_parameters, new_s


# -- adam_step: wrong ------------------------------------------------------------------------------
@answer("adam_step")
def adam_no_bias_correction(parameters, grads, v, s, t, alpha, beta1=0.9, beta2=0.999, epsilon=1e-8):
    new_parameters, new_v, new_s = {}, {}, {}
    for key in parameters:
        d = "d" + key
        new_v[d] = beta1 * v[d] + (1 - beta1) * grads[d]
        new_s[d] = beta2 * s[d] + (1 - beta2) * grads[d] ** 2
        new_parameters[key] = parameters[key] - alpha * new_v[d] / (np.sqrt(new_s[d]) + epsilon)
    return new_parameters, new_v, new_s


@answer("adam_step")
def adam_layer_index_as_t(parameters, grads, v, s, t, alpha, beta1=0.9, beta2=0.999, epsilon=1e-8):
    L = len(parameters) // 2
    new_parameters, new_v, new_s = {}, {}, {}
    for l in range(1, L + 1):
        for name in ("W", "b"):
            key, d = f"{name}{l}", f"d{name}{l}"
            new_v[d] = beta1 * v[d] + (1 - beta1) * grads[d]
            new_s[d] = beta2 * s[d] + (1 - beta2) * grads[d] ** 2
            v_hat = new_v[d] / (1 - beta1**l)
            s_hat = new_s[d] / (1 - beta2**l)
            new_parameters[key] = parameters[key] - alpha * v_hat / (np.sqrt(s_hat) + epsilon)
    return new_parameters, new_v, new_s


@answer("adam_step")
def adam_stores_corrected_moments(parameters, grads, v, s, t, alpha, beta1=0.9, beta2=0.999, epsilon=1e-8):
    new_parameters, new_v, new_s = {}, {}, {}
    for key in parameters:
        d = "d" + key
        new_v[d] = (beta1 * v[d] + (1 - beta1) * grads[d]) / (1 - beta1**t)
        new_s[d] = (beta2 * s[d] + (1 - beta2) * grads[d] ** 2) / (1 - beta2**t)
        new_parameters[key] = parameters[key] - alpha * new_v[d] / (np.sqrt(new_s[d]) + epsilon)
    return new_parameters, new_v, new_s


@answer("adam_step")
def adam_epsilon_inside_sqrt(parameters, grads, v, s, t, alpha, beta1=0.9, beta2=0.999, epsilon=1e-8):
    new_parameters, new_v, new_s = {}, {}, {}
    for key in parameters:
        d = "d" + key
        new_v[d] = beta1 * v[d] + (1 - beta1) * grads[d]
        new_s[d] = beta2 * s[d] + (1 - beta2) * grads[d] ** 2
        v_hat, s_hat = new_v[d] / (1 - beta1**t), new_s[d] / (1 - beta2**t)
        new_parameters[key] = parameters[key] - alpha * v_hat / np.sqrt(s_hat + epsilon)
    return new_parameters, new_v, new_s


# -- adam_step: correct alternatives ---------------------------------------------------------------
@answer("adam_step")
def adam_in_place(parameters, grads, v, s, t, alpha, beta1=0.9, beta2=0.999, epsilon=1e-8):
    for key in parameters:
        d = "d" + key
        v[d] = beta1 * v[d] + (1 - beta1) * grads[d]
        s[d] = beta2 * s[d] + (1 - beta2) * np.square(grads[d])
        parameters[key] -= alpha * (v[d] / (1 - beta1**t)) / (np.sqrt(s[d] / (1 - beta2**t)) + epsilon)
    return parameters, v, s


@answer("adam_step")
def adam_loop_over_grads_step_size(parameters, grads, v, s, t, alpha, beta1=0.9, beta2=0.999, epsilon=1e-8):
    v = {name: beta1 * v[name] + (1 - beta1) * grad for name, grad in grads.items()}
    s = {name: beta2 * s[name] + (1 - beta2) * grad * grad for name, grad in grads.items()}
    corrected_v = {name: value / (1 - beta1**t) for name, value in v.items()}
    corrected_s = {name: value / (1 - beta2**t) for name, value in s.items()}
    parameters = {name[1:]: parameters[name[1:]] - alpha * corrected_v[name] / (np.sqrt(corrected_s[name]) + epsilon)
                  for name in grads}
    return parameters, v, s


# -- lr_inverse_decay ------------------------------------------------------------------------------
@answer("lr_inverse_decay")
def inverse_precedence_slip(alpha0, decay_rate, epoch):
    return alpha0 / 1 + decay_rate * epoch


@answer("lr_inverse_decay")
def inverse_ignores_decay_rate(alpha0, decay_rate, epoch):
    return alpha0 / (1 + epoch)


@answer("lr_inverse_decay")
def inverse_counts_epochs_from_one(alpha0, decay_rate, epoch):
    return alpha0 / (1 + decay_rate * (epoch + 1))


@answer("lr_inverse_decay")
def inverse_power_form(alpha0, decay_rate, epoch):
    return alpha0 * (1.0 + decay_rate * epoch) ** -1


@answer("lr_inverse_decay")
def inverse_numpy_divide(alpha0, decay_rate, epoch):
    return float(np.divide(alpha0, np.add(1, np.multiply(decay_rate, epoch))))


# -- lr_exponential_decay --------------------------------------------------------------------------
@answer("lr_exponential_decay")
def exponential_fixed_base(alpha0, epoch, base=0.95):
    return 0.95**epoch * alpha0


@answer("lr_exponential_decay")
def exponential_base_times_epoch(alpha0, epoch, base=0.95):
    return base * epoch * alpha0


@answer("lr_exponential_decay")
def exponential_swapped(alpha0, epoch, base=0.95):
    return alpha0**epoch * base


@answer("lr_exponential_decay")
def exponential_loop(alpha0, epoch, base=0.95):
    alpha = alpha0
    for _ in range(epoch):
        alpha *= base
    return alpha


@answer("lr_exponential_decay")
def exponential_numpy_power(alpha0, epoch, base=0.95):
    return np.power(base, epoch) * alpha0


STUDENTS = [
    SimulatedStudent.reference(),
    SimulatedStudent.blank(),
    SimulatedStudent.wrong(ewa_no_one_minus_beta, "no_one_minus_beta"),
    SimulatedStudent.wrong(ewa_bias_power_t_minus_1, "bias_power_t_minus_1"),
    SimulatedStudent.wrong(ewa_starts_at_first_value, "starts_at_first_value"),
    SimulatedStudent.wrong(ewa_ignores_bias_correction, "ignores_bias_correction"),
    SimulatedStudent.wrong(ewa_weights_swapped, "weights_swapped"),
    SimulatedStudent.wrong(momentum_plain_gradient_step, "plain_gradient_step"),
    SimulatedStudent.wrong(momentum_no_one_minus_beta, "no_one_minus_beta"),
    SimulatedStudent.wrong(momentum_old_velocity, "old_velocity"),
    SimulatedStudent.wrong(momentum_v_keyed_like_parameters, "state_keyed_like_parameters"),
    SimulatedStudent.wrong(rmsprop_no_sqrt, "no_sqrt"),
    SimulatedStudent.wrong(rmsprop_epsilon_inside_sqrt, "epsilon_inside_sqrt"),
    SimulatedStudent.wrong(rmsprop_gradient_not_squared, "gradient_not_squared"),
    SimulatedStudent.wrong(rmsprop_old_s, "old_s"),
    SimulatedStudent.wrong(adam_no_bias_correction, "no_bias_correction"),
    SimulatedStudent.wrong(adam_layer_index_as_t, "layer_index_as_t"),
    SimulatedStudent.wrong(adam_stores_corrected_moments, "stores_corrected_moments"),
    SimulatedStudent.wrong(adam_epsilon_inside_sqrt, "epsilon_inside_sqrt"),
    SimulatedStudent.wrong(inverse_precedence_slip, "precedence_slip"),
    SimulatedStudent.wrong(inverse_ignores_decay_rate, "ignores_decay_rate"),
    SimulatedStudent.wrong(inverse_counts_epochs_from_one, "epoch_off_by_one"),
    SimulatedStudent.wrong(exponential_fixed_base, "fixed_base"),
    SimulatedStudent.wrong(exponential_base_times_epoch, "base_times_epoch"),
    SimulatedStudent.wrong(exponential_swapped, "alpha0_and_base_swapped"),
    # correct alternatives, written differently
    SimulatedStudent("alt_ewa_closed_form", [ewa_closed_form], loses=set()),
    SimulatedStudent("alt_ewa_list_append", [ewa_list_append], loses=set()),
    SimulatedStudent("alt_momentum_in_place", [momentum_in_place], loses=set()),
    SimulatedStudent("alt_momentum_loop_over_grads", [momentum_loop_over_grads], loses=set()),
    SimulatedStudent("alt_rmsprop_in_place", [rmsprop_in_place], loses=set()),
    SimulatedStudent("alt_rmsprop_with_helper", [rmsprop_with_helper], loses=set()),
    SimulatedStudent("alt_adam_in_place", [adam_in_place], loses=set()),
    SimulatedStudent("alt_adam_loop_over_grads", [adam_loop_over_grads_step_size], loses=set()),
    SimulatedStudent("alt_inverse_power_form", [inverse_power_form], loses=set()),
    SimulatedStudent("alt_inverse_numpy_divide", [inverse_numpy_divide], loses=set()),
    SimulatedStudent("alt_exponential_loop", [exponential_loop], loses=set()),
    SimulatedStudent("alt_exponential_numpy_power", [exponential_numpy_power], loses=set()),
]
