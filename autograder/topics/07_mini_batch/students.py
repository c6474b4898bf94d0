"""Simulated students of 07_mini_batch: typical wrong answers and correct alternatives.

Each student is the reference submission with some answer cells replaced; ``loses`` names the
graded functions whose test cells must score zero.
"""
import numpy as np

from autograder.testing.students import SimulatedStudent, answer, cell

# Defined by the notebook's setup cell and answer cells when these answers run there.
random_mini_batches = num_mini_batches = None
model_forward = model_backward = binary_cross_entropy = update_parameters = None


# -- num_mini_batches: wrong ---------------------------------------------------------------------

@answer("num_mini_batches")
def count_floor(m, batch_size):
    return m // batch_size


@answer("num_mini_batches")
def count_always_one_more(m, batch_size):
    return m // batch_size + 1


@answer("num_mini_batches")
def count_numpy_float(m, batch_size):
    return np.ceil(m / batch_size)


@answer("num_mini_batches")
def count_rounded(m, batch_size):
    return round(m / batch_size)


# -- num_mini_batches: correct alternatives ------------------------------------------------------

@cell("num_mini_batches")
def count_math_ceil():
    import math

    def num_mini_batches(m, batch_size):
        return math.ceil(m / batch_size)


@answer("num_mini_batches")
def count_add_remainder(m, batch_size):
    return m // batch_size + (m % batch_size > 0)


@answer("num_mini_batches")
def count_round_up_integers(m, batch_size):
    return (m + batch_size - 1) // batch_size


# -- random_mini_batches: wrong ------------------------------------------------------------------

@answer("random_mini_batches")
def batches_drop_last(X, Y, batch_size, rng):
    m = X.shape[1]
    permutation = rng.permutation(m)
    X_shuffled, Y_shuffled = X[:, permutation], Y[:, permutation]
    return [(X_shuffled[:, t * batch_size:(t + 1) * batch_size], Y_shuffled[:, t * batch_size:(t + 1) * batch_size])
            for t in range(m // batch_size)]


@answer("random_mini_batches")
def batches_separate_permutations(X, Y, batch_size, rng):
    m = X.shape[1]
    X_shuffled = X[:, rng.permutation(m)]
    Y_shuffled = Y[:, rng.permutation(m)]
    return [(X_shuffled[:, k:k + batch_size], Y_shuffled[:, k:k + batch_size]) for k in range(0, m, batch_size)]


@answer("random_mini_batches")
def batches_shuffle_rows(X, Y, batch_size, rng):
    m = X.shape[1]
    X_shuffled = rng.permutation(X)          # permutes axis 0: the features, not the examples
    Y_shuffled = Y
    return [(X_shuffled[:, k:k + batch_size], Y_shuffled[:, k:k + batch_size]) for k in range(0, m, batch_size)]


@answer("random_mini_batches")
def batches_not_shuffled(X, Y, batch_size, rng):
    m = X.shape[1]
    return [(X[:, k:k + batch_size], Y[:, k:k + batch_size]) for k in range(0, m, batch_size)]


@answer("random_mini_batches")
def batches_global_random(X, Y, batch_size, rng):
    m = X.shape[1]
    permutation = np.random.permutation(m)
    X_shuffled, Y_shuffled = X[:, permutation], Y[:, permutation]
    return [(X_shuffled[:, k:k + batch_size], Y_shuffled[:, k:k + batch_size]) for k in range(0, m, batch_size)]


@answer("random_mini_batches")
def batches_with_replacement(X, Y, batch_size, rng):
    m = X.shape[1]
    picks = rng.integers(0, m, size=m)
    X_shuffled, Y_shuffled = X[:, picks], Y[:, picks]
    return [(X_shuffled[:, k:k + batch_size], Y_shuffled[:, k:k + batch_size]) for k in range(0, m, batch_size)]


# -- random_mini_batches: correct alternatives ---------------------------------------------------

@answer("random_mini_batches")
def batches_argsort_while_loop(X, Y, batch_size, rng):
    m = X.shape[1]
    order = np.argsort(rng.random(m))
    mini_batches = []
    start = 0
    while start < m:
        stop = min(start + batch_size, m)
        mini_batches.append((X[:, order[start:stop]].copy(), Y[:, order[start:stop]].copy()))
        start = stop
    return mini_batches


@answer("random_mini_batches")
def batches_shuffle_and_split(X, Y, batch_size, rng):
    indices = np.arange(X.shape[1])
    rng.shuffle(indices)
    cuts = np.arange(batch_size, X.shape[1], batch_size)
    return list(zip(np.split(X[:, indices], cuts, axis=1), np.split(Y[:, indices], cuts, axis=1), strict=True))


@answer("random_mini_batches")
def batches_stacked_columns(X, Y, batch_size, rng):
    n_x = X.shape[0]
    both = np.vstack([X, Y])[:, rng.permutation(X.shape[1])]
    T = num_mini_batches(X.shape[1], batch_size)
    return [(both[:n_x, t * batch_size:(t + 1) * batch_size], both[n_x:, t * batch_size:(t + 1) * batch_size])
            for t in range(T)]


# -- train_mini_batch: wrong ---------------------------------------------------------------------

@answer("train_mini_batch")
def train_shuffles_once(X, Y, parameters, batch_size, learning_rate, num_epochs, rng, on_step=None):
    m = X.shape[1]
    mini_batches = random_mini_batches(X, Y, batch_size, rng)
    costs = []
    for _ in range(num_epochs):
        total = 0.0
        for X_t, Y_t in mini_batches:
            AL, caches = model_forward(X_t, parameters)
            cost = binary_cross_entropy(AL, Y_t)
            total += cost * X_t.shape[1]
            parameters = update_parameters(parameters, model_backward(AL, Y_t, caches), learning_rate)
        costs.append(total / m)
    return parameters, costs


@answer("train_mini_batch")
def train_reports_last_batch(X, Y, parameters, batch_size, learning_rate, num_epochs, rng, on_step=None):
    costs = []
    for _ in range(num_epochs):
        for X_t, Y_t in random_mini_batches(X, Y, batch_size, rng):
            AL, caches = model_forward(X_t, parameters)
            cost = binary_cross_entropy(AL, Y_t)
            parameters = update_parameters(parameters, model_backward(AL, Y_t, caches), learning_rate)
        costs.append(cost)
    return parameters, costs


@answer("train_mini_batch")
def train_updates_once_per_epoch(X, Y, parameters, batch_size, learning_rate, num_epochs, rng, on_step=None):
    m = X.shape[1]
    costs = []
    for _ in range(num_epochs):
        total = 0.0
        summed = {}
        for X_t, Y_t in random_mini_batches(X, Y, batch_size, rng):
            AL, caches = model_forward(X_t, parameters)
            total += binary_cross_entropy(AL, Y_t) * X_t.shape[1]
            for key, grad in model_backward(AL, Y_t, caches).items():
                summed[key] = summed.get(key, 0) + grad * X_t.shape[1] / m
        parameters = update_parameters(parameters, summed, learning_rate)
        costs.append(total / m)
    return parameters, costs


@answer("train_mini_batch")
def train_sums_costs(X, Y, parameters, batch_size, learning_rate, num_epochs, rng, on_step=None):
    costs = []
    for _ in range(num_epochs):
        total = 0.0
        for X_t, Y_t in random_mini_batches(X, Y, batch_size, rng):
            AL, caches = model_forward(X_t, parameters)
            total += binary_cross_entropy(AL, Y_t)
            parameters = update_parameters(parameters, model_backward(AL, Y_t, caches), learning_rate)
        costs.append(total)
    return parameters, costs


# -- train_mini_batch: correct alternatives ------------------------------------------------------

@answer("train_mini_batch")
def train_plain_mean_in_place(X, Y, parameters, batch_size, learning_rate, num_epochs, rng, on_step=None):
    parameters = {key: value.copy() for key, value in parameters.items()}
    costs = []
    for _ in range(num_epochs):
        batch_costs = []
        for X_t, Y_t in random_mini_batches(X, Y, batch_size, rng):
            AL, caches = model_forward(X_t, parameters)
            batch_costs.append(binary_cross_entropy(AL, Y_t))
            grads = model_backward(AL, Y_t, caches)
            for key in parameters:
                parameters[key] -= learning_rate * grads["d" + key]
            if on_step is not None:
                on_step(parameters, batch_costs[-1])
        costs.append(float(np.mean(batch_costs)))
    return parameters, costs


@answer("train_mini_batch")
def train_own_shuffle_weighted(X, Y, parameters, batch_size, learning_rate, num_epochs, rng, on_step=None):
    m = X.shape[1]
    T = num_mini_batches(m, batch_size)
    costs = np.zeros(num_epochs)
    for epoch in range(num_epochs):
        order = rng.permutation(m)
        batch_costs, sizes = [], []
        for t in range(T):
            columns = order[t * batch_size:(t + 1) * batch_size]
            AL, caches = model_forward(X[:, columns], parameters)
            batch_costs.append(binary_cross_entropy(AL, Y[:, columns]))
            sizes.append(len(columns))
            parameters = update_parameters(parameters, model_backward(AL, Y[:, columns], caches), learning_rate)
        costs[epoch] = np.average(batch_costs, weights=sizes)
    return parameters, costs


STUDENTS = [
    SimulatedStudent.reference(),
    SimulatedStudent.blank(),
    SimulatedStudent.wrong(count_floor, "floor"),
    SimulatedStudent.wrong(count_always_one_more, "always_one_more"),
    SimulatedStudent.wrong(count_numpy_float, "not_an_int"),
    SimulatedStudent.wrong(count_rounded, "rounded_to_nearest"),
    SimulatedStudent("alt_count_math_ceil", [count_math_ceil], loses=set()),
    SimulatedStudent("alt_count_add_remainder", [count_add_remainder], loses=set()),
    SimulatedStudent("alt_count_round_up_integers", [count_round_up_integers], loses=set()),
    SimulatedStudent.wrong(batches_drop_last, "last_batch_dropped"),
    SimulatedStudent.wrong(batches_separate_permutations, "labels_shuffled_separately"),
    SimulatedStudent.wrong(batches_shuffle_rows, "rows_shuffled"),
    SimulatedStudent.wrong(batches_not_shuffled, "not_shuffled"),
    SimulatedStudent.wrong(batches_global_random, "global_random"),
    SimulatedStudent.wrong(batches_with_replacement, "with_replacement"),
    SimulatedStudent("alt_batches_argsort_while_loop", [batches_argsort_while_loop], loses=set()),
    SimulatedStudent("alt_batches_shuffle_and_split", [batches_shuffle_and_split], loses=set()),
    SimulatedStudent("alt_batches_stacked_columns", [batches_stacked_columns], loses=set()),
    SimulatedStudent.wrong(train_shuffles_once, "not_reshuffled"),
    SimulatedStudent.wrong(train_reports_last_batch, "last_batch_cost"),
    SimulatedStudent.wrong(train_updates_once_per_epoch, "updated_once_per_epoch"),
    SimulatedStudent.wrong(train_sums_costs, "summed_costs"),
    SimulatedStudent("alt_train_plain_mean_in_place", [train_plain_mean_in_place], loses=set()),
    SimulatedStudent("alt_train_own_shuffle_weighted", [train_own_shuffle_weighted], loses=set()),
]
