"""Simulated students of 05_initialization: typical wrong answers, correct alternatives."""
import numpy as np

from autograder.testing.students import SimulatedStudent, answer

# -- activation_norms: wrong --------------------------------------------------------------------


@answer("activation_norms")
def norms_include_input(x, w, depth):
    W = w * np.eye(x.shape[0])
    a = x
    norms = [np.linalg.norm(a)]
    for _ in range(depth):
        a = W @ a
        norms.append(np.linalg.norm(a))
    return np.array(norms)


@answer("activation_norms")
def norms_record_before_multiplying(x, w, depth):
    W = w * np.eye(x.shape[0])
    a = x
    norms = np.zeros(depth)
    for l in range(depth):
        norms[l] = np.linalg.norm(a)
        a = W @ a
    return norms


@answer("activation_norms")
def norms_matrix_of_ones(x, w, depth):
    W = w * np.ones((x.shape[0], x.shape[0]))
    a = x
    norms = np.zeros(depth)
    for l in range(depth):
        a = W @ a
        norms[l] = np.linalg.norm(a)
    return norms


@answer("activation_norms")
def norms_closed_form_signed(x, w, depth):
    return w ** np.arange(1, depth + 1) * np.linalg.norm(x)


# -- activation_norms: correct alternatives -----------------------------------------------------


@answer("activation_norms")
def norms_closed_form(x, w, depth):
    return np.abs(w) ** np.arange(1, depth + 1) * np.sqrt(np.sum(x**2))


@answer("activation_norms")
def norms_list_scalar_product(x, w, depth):
    norms = []
    a = x.copy()
    for _ in range(depth):
        a = w * a
        norms.append(float(np.sqrt((a**2).sum())))
    return np.array(norms)


@answer("activation_norms")
def norms_matrix_power(x, w, depth):
    W = np.diag(np.full(x.shape[0], float(w)))
    return np.array([np.linalg.norm(np.linalg.matrix_power(W, l) @ x) for l in range(1, depth + 1)])


# -- init_zeros: wrong --------------------------------------------------------------------------


@answer("init_zeros")
def zeros_transposed(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = np.zeros((layer_dims[l - 1], layer_dims[l]))
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


@answer("init_zeros")
def zeros_flat_bias(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = np.zeros((layer_dims[l], layer_dims[l - 1]))
        parameters[f"b{l}"] = np.zeros(layer_dims[l])
    return parameters


@answer("init_zeros")
def zeros_missing_last_layer(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims) - 1):
        parameters[f"W{l}"] = np.zeros((layer_dims[l], layer_dims[l - 1]))
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


# -- init_zeros: correct alternatives -----------------------------------------------------------


@answer("init_zeros")
def zeros_comprehension(layer_dims):
    sizes = list(zip(layer_dims[1:], layer_dims[:-1]))
    weights = {"W" + str(i + 1): np.zeros(shape) for i, shape in enumerate(sizes)}
    biases = {"b" + str(i + 1): np.zeros((shape[0], 1)) for i, shape in enumerate(sizes)}
    return {**weights, **biases}


@answer("init_zeros")
def zeros_full_int(layer_dims):
    parameters = dict()
    for l, (n_prev, n) in enumerate(zip(layer_dims, layer_dims[1:]), start=1):
        parameters["W%d" % l] = np.full((n, n_prev), 0)
        parameters["b%d" % l] = np.zeros_like(np.empty((n, 1)))
    return parameters


# -- init_he: wrong -----------------------------------------------------------------------------


@answer("init_he")
def he_fan_out(layer_dims, rng):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(2 / layer_dims[l])
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


@answer("init_he")
def he_variance_as_std(layer_dims, rng):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * 2 / layer_dims[l - 1]
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


@answer("init_he")
def he_uniform_0_1(layer_dims, rng):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.random((layer_dims[l], layer_dims[l - 1])) * np.sqrt(2 / layer_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


@answer("init_he")
def he_global_random(layer_dims, rng):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * np.sqrt(2 / layer_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


@answer("init_he")
def he_same_weights_every_unit(layer_dims, rng):
    parameters = {}
    for l in range(1, len(layer_dims)):
        row = rng.standard_normal((1, layer_dims[l - 1])) * np.sqrt(2 / layer_dims[l - 1])
        parameters[f"W{l}"] = np.repeat(row, layer_dims[l], axis=0)
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


@answer("init_he")
def he_symmetric_uniform(layer_dims, rng):
    parameters = {}
    for l in range(1, len(layer_dims)):
        limit = np.sqrt(6 / layer_dims[l - 1])   # the right variance 2 / n, but not a normal distribution
        parameters[f"W{l}"] = rng.uniform(-limit, limit, size=(layer_dims[l], layer_dims[l - 1]))
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


# -- init_he: correct alternatives --------------------------------------------------------------


@answer("init_he")
def he_normal_scale(layer_dims, rng):
    parameters = {}
    for l, (n_prev, n) in enumerate(zip(layer_dims[:-1], layer_dims[1:]), start=1):
        parameters[f"b{l}"] = np.zeros((n, 1))
        parameters[f"W{l}"] = rng.normal(loc=0.0, scale=np.sqrt(2.0 / n_prev), size=(n, n_prev))
    return parameters


@answer("init_he")
def he_rows_transposed_draw(layer_dims, rng):
    parameters = {}
    for l in range(len(layer_dims) - 1, 0, -1):   # last layer first, drawn as (n_prev, n) and transposed
        n_prev, n = layer_dims[l - 1], layer_dims[l]
        parameters["W" + str(l)] = (rng.standard_normal((n_prev, n)) / np.sqrt(n_prev / 2)).T
        parameters["b" + str(l)] = np.zeros((n, 1))
    return parameters


# -- init_xavier: wrong -------------------------------------------------------------------------


@answer("init_xavier")
def xavier_he_scale(layer_dims, rng):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(2 / layer_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


@answer("init_xavier")
def xavier_fan_out(layer_dims, rng):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(1 / layer_dims[l])
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


@answer("init_xavier")
def xavier_glorot_variant(layer_dims, rng):
    parameters = {}
    for l in range(1, len(layer_dims)):
        n_prev, n = layer_dims[l - 1], layer_dims[l]
        parameters[f"W{l}"] = rng.standard_normal((n, n_prev)) * np.sqrt(2 / (n_prev + n))
        parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters


@answer("init_xavier")
def xavier_unscaled(layer_dims, rng):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1]))
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


@answer("init_xavier")
def xavier_fixed_seed(layer_dims, rng):
    own = np.random.default_rng(0)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = own.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(1 / layer_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


# -- init_xavier: correct alternatives ----------------------------------------------------------


@answer("init_xavier")
def xavier_divide_sqrt(layer_dims, rng):
    parameters = {}
    for l in range(1, len(layer_dims)):
        W = rng.standard_normal(size=(layer_dims[l], layer_dims[l - 1]))
        W /= np.sqrt(layer_dims[l - 1])
        parameters["W" + str(l)], parameters["b" + str(l)] = W, np.zeros((layer_dims[l], 1))
    return parameters


@answer("init_xavier")
def xavier_row_by_row(layer_dims, rng):
    parameters = {}
    for l in range(1, len(layer_dims)):
        n_prev, n = layer_dims[l - 1], layer_dims[l]
        W = np.empty((n, n_prev))
        for unit in range(n):
            W[unit] = rng.normal(0.0, 1.0 / np.sqrt(n_prev), size=n_prev)
        parameters[f"W{l}"] = W
        parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters


def _alternative(*answers):
    return [SimulatedStudent(f"alt_{a.__name__}", [a], loses=set()) for a in answers]


# Each wrong answer with the mistake it must be recognised as (checks.py MISTAKES).
WRONG = [
    (norms_include_input, "includes_input"), (norms_record_before_multiplying, "records_before_multiplying"),
    (norms_matrix_of_ones, "matrix_of_ones"), (norms_closed_form_signed, "negative_norms"),
    (zeros_transposed, "transposed"), (zeros_flat_bias, "flat_bias"), (zeros_missing_last_layer, "wrong_keys"),
    (he_fan_out, "fan_out"), (he_variance_as_std, "variance_as_std"), (he_uniform_0_1, "uniform_0_1"),
    (he_global_random, "ignores_rng"), (he_same_weights_every_unit, "units_alike"),
    (he_symmetric_uniform, "not_normal"),
    (xavier_he_scale, "he_scale"), (xavier_fan_out, "fan_out"), (xavier_glorot_variant, "glorot_variant"),
    (xavier_unscaled, "unscaled"), (xavier_fixed_seed, "ignores_rng"),
]

STUDENTS = [
    SimulatedStudent.reference(),
    SimulatedStudent.blank(),
    *[SimulatedStudent.wrong(answer, mistake) for answer, mistake in WRONG],
    *_alternative(norms_closed_form, norms_list_scalar_product, norms_matrix_power, zeros_comprehension,
                  zeros_full_int, he_normal_scale, he_rows_transposed_draw, xavier_divide_sqrt, xavier_row_by_row),
]
