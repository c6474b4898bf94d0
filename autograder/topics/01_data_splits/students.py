"""Simulated students of 01_data_splits: typical wrong answers and correct alternatives."""
import numpy as np

from autograder.testing.students import SimulatedStudent, answer, cell


# -- split_sizes: wrong --------------------------------------------------------------------------
@answer("split_sizes")
def sizes_fixed_ratio(m, max_holdout=10_000):
    m_dev = m // 5
    return m - 2 * m_dev, m_dev, m_dev


@answer("split_sizes")
def sizes_rounded(m, max_holdout=10_000):
    m_dev = min(round(0.2 * m), max_holdout)
    return m - 2 * m_dev, m_dev, m_dev


@answer("split_sizes")
def sizes_cap_ignores_argument(m, max_holdout=10_000):
    m_dev = min(m // 5, 10_000)
    return m - 2 * m_dev, m_dev, m_dev


@answer("split_sizes")
def sizes_floats(m, max_holdout=10_000):
    m_dev = min(0.2 * m, max_holdout)
    return m - 2 * m_dev, m_dev, m_dev


@answer("split_sizes")
def sizes_train_sixty_percent(m, max_holdout=10_000):
    m_dev = min(m // 5, max_holdout)
    return int(0.6 * m) if m_dev < max_holdout else m - 2 * m_dev, m_dev, m_dev


# -- split_sizes: correct alternatives -----------------------------------------------------------
@answer("split_sizes")
def alt_sizes_floor(m, max_holdout=10_000):
    import math

    m_dev = min(int(math.floor(m / 5)), max_holdout)
    m_test = m_dev
    return (m - m_dev - m_test, m_dev, m_test)


@answer("split_sizes")
def alt_sizes_branches(m, max_holdout=10_000):
    if int(0.2 * m) > max_holdout:
        return [m - 2 * max_holdout, max_holdout, max_holdout]
    return [m - 2 * int(0.2 * m), int(0.2 * m), int(0.2 * m)]


# -- shuffle_split: wrong ------------------------------------------------------------------------
@answer("shuffle_split")
def shuffle_two_permutations(X, Y, sizes, rng):
    m_train, m_dev, _ = sizes
    X, Y = X[:, rng.permutation(X.shape[1])], Y[:, rng.permutation(Y.shape[1])]
    a, b = m_train, m_train + m_dev
    return (X[:, :a], Y[:, :a]), (X[:, a:b], Y[:, a:b]), (X[:, b:], Y[:, b:])


@answer("shuffle_split")
def shuffle_none(X, Y, sizes, rng):
    m_train, m_dev, _ = sizes
    a, b = m_train, m_train + m_dev
    return (X[:, :a], Y[:, :a]), (X[:, a:b], Y[:, a:b]), (X[:, b:], Y[:, b:])


@answer("shuffle_split")
def shuffle_global_random(X, Y, sizes, rng):
    m_train, m_dev, _ = sizes
    perm = np.random.permutation(X.shape[1])
    X, Y = X[:, perm], Y[:, perm]
    a, b = m_train, m_train + m_dev
    return (X[:, :a], Y[:, :a]), (X[:, a:b], Y[:, a:b]), (X[:, b:], Y[:, b:])


@answer("shuffle_split")
def shuffle_rows(X, Y, sizes, rng):
    m_train, m_dev, _ = sizes
    X = rng.permuted(X, axis=1)
    a, b = m_train, m_train + m_dev
    return (X[:, :a], Y[:, :a]), (X[:, a:b], Y[:, a:b]), (X[:, b:], Y[:, b:])


@answer("shuffle_split")
def shuffle_overlapping_test(X, Y, sizes, rng):
    m_train, m_dev, m_test = sizes
    perm = rng.permutation(X.shape[1])
    X, Y = X[:, perm], Y[:, perm]
    a, b = m_train, m_train + m_dev
    return (X[:, :a], Y[:, :a]), (X[:, a:b], Y[:, a:b]), (X[:, a:a + m_test], Y[:, a:a + m_test])


# -- shuffle_split: correct alternatives ---------------------------------------------------------
@answer("shuffle_split")
def alt_shuffle_in_place_index(X, Y, sizes, rng):
    index = np.arange(X.shape[1])
    rng.shuffle(index)
    cuts = np.cumsum(sizes)[:2]
    X_parts = np.split(np.take(X, index, axis=1), cuts, axis=1)
    Y_parts = np.split(np.take(Y, index, axis=1), cuts, axis=1)
    return tuple(zip(X_parts, Y_parts))


@cell("shuffle_split")
def alt_shuffle_stacked_with_helper():
    def take_columns(A, columns):
        return A[:, columns]

    def shuffle_split(X, Y, sizes, rng):
        n_x = X.shape[0]
        stacked = take_columns(np.vstack([X, Y]), rng.permuted(np.arange(X.shape[1])))
        parts, start = [], 0
        for size in sizes:
            block = stacked[:, start:start + size]
            parts.append([block[:n_x], block[n_x:]])
            start += size
        return parts


# -- fit_normalizer: wrong -----------------------------------------------------------------------
@answer("fit_normalizer")
def normalizer_wrong_axis(X_train):
    return X_train.mean(axis=0, keepdims=True), X_train.var(axis=0, keepdims=True)


@answer("fit_normalizer")
def normalizer_std_for_variance(X_train):
    return X_train.mean(axis=1, keepdims=True), X_train.std(axis=1, keepdims=True)


@answer("fit_normalizer")
def normalizer_sample_variance(X_train):
    return X_train.mean(axis=1, keepdims=True), X_train.var(axis=1, ddof=1, keepdims=True)


@answer("fit_normalizer")
def normalizer_flat_shapes(X_train):
    return X_train.mean(axis=1), X_train.var(axis=1)


# -- fit_normalizer: correct alternatives --------------------------------------------------------
@answer("fit_normalizer")
def alt_normalizer_np_var(X_train):
    return np.mean(X_train, axis=1).reshape(-1, 1), np.var(X_train, axis=1).reshape(-1, 1)


@answer("fit_normalizer")
def alt_normalizer_loops(X_train):
    n_x, m = X_train.shape
    mu, sigma2 = np.zeros((n_x, 1)), np.zeros((n_x, 1))
    for feature in range(n_x):
        total = 0.0
        for i in range(m):
            total += X_train[feature, i]
        mu[feature, 0] = total / m
        squares = 0.0
        for i in range(m):
            squares += (X_train[feature, i] - mu[feature, 0]) ** 2
        sigma2[feature, 0] = squares / m
    return mu, sigma2


# -- normalize: wrong ----------------------------------------------------------------------------
@answer("normalize")
def normalize_no_sqrt(X, mu, sigma2, epsilon=1e-8):
    return (X - mu) / (sigma2 + epsilon)


@answer("normalize")
def normalize_epsilon_outside_root(X, mu, sigma2, epsilon=1e-8):
    return (X - mu) / (np.sqrt(sigma2) + epsilon)


@answer("normalize")
def normalize_own_statistics(X, mu, sigma2, epsilon=1e-8):
    return (X - X.mean(axis=1, keepdims=True)) / np.sqrt(X.var(axis=1, keepdims=True) + epsilon)


@answer("normalize")
def normalize_ignores_epsilon(X, mu, sigma2, epsilon=1e-8):
    return (X - mu) / np.sqrt(sigma2)


# -- normalize: correct alternatives -------------------------------------------------------------
@answer("normalize")
def alt_normalize_in_place(X, mu, sigma2, epsilon=1e-8):
    X_norm = np.array(X, dtype=float)
    X_norm -= mu
    X_norm *= np.power(sigma2 + epsilon, -0.5)
    return X_norm


@answer("normalize")
def alt_normalize_ufuncs(X, mu, sigma2, epsilon=1e-8):
    return np.divide(np.subtract(X, mu), np.sqrt(np.add(sigma2, epsilon)))


STUDENTS = [
    SimulatedStudent.reference(),
    SimulatedStudent.blank(),
    SimulatedStudent.wrong(sizes_fixed_ratio, "no_cap"),
    SimulatedStudent.wrong(sizes_rounded, "rounded_not_floored"),
    SimulatedStudent.wrong(sizes_cap_ignores_argument, "cap_hardcoded"),
    SimulatedStudent.wrong(sizes_floats, "float_sizes"),
    SimulatedStudent.wrong(sizes_train_sixty_percent, "sizes_do_not_add_up"),
    SimulatedStudent("alt_sizes_floor", [alt_sizes_floor], loses=set()),
    SimulatedStudent("alt_sizes_branches", [alt_sizes_branches], loses=set()),
    SimulatedStudent.wrong(shuffle_two_permutations, "labels_shuffled_separately"),
    SimulatedStudent.wrong(shuffle_none, "not_shuffled"),
    SimulatedStudent.wrong(shuffle_global_random, "ignores_rng"),
    SimulatedStudent.wrong(shuffle_rows, "columns_not_whole"),
    SimulatedStudent.wrong(shuffle_overlapping_test, "parts_overlap"),
    SimulatedStudent("alt_shuffle_in_place_index", [alt_shuffle_in_place_index], loses=set()),
    SimulatedStudent("alt_shuffle_stacked_with_helper", [alt_shuffle_stacked_with_helper], loses=set()),
    SimulatedStudent.wrong(normalizer_wrong_axis, "wrong_axis"),
    SimulatedStudent.wrong(normalizer_std_for_variance, "std_not_variance"),
    SimulatedStudent.wrong(normalizer_sample_variance, "sample_variance"),
    SimulatedStudent.wrong(normalizer_flat_shapes, "flat_shapes"),
    SimulatedStudent("alt_normalizer_np_var", [alt_normalizer_np_var], loses=set()),
    SimulatedStudent("alt_normalizer_loops", [alt_normalizer_loops], loses=set()),
    SimulatedStudent.wrong(normalize_no_sqrt, "no_square_root"),
    SimulatedStudent.wrong(normalize_epsilon_outside_root, "epsilon_outside_root"),
    SimulatedStudent.wrong(normalize_own_statistics, "own_statistics"),
    SimulatedStudent.wrong(normalize_ignores_epsilon, "ignores_epsilon"),
    SimulatedStudent("alt_normalize_in_place", [alt_normalize_in_place], loses=set()),
    SimulatedStudent("alt_normalize_ufuncs", [alt_normalize_ufuncs], loses=set()),
]
