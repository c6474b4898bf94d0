"""Hidden checks of 01_data_splits.

split_sizes is compared with the formula on many sizes, small and huge, with several caps.
shuffle_split is random, so it is judged by properties, never by one permutation: the parts have
the right shapes, together they hold every column exactly once, each column arrives whole with its
own label, the order is really shuffled (a hypergeometric count and few neighbours kept), the same
seed gives the same split and another seed another one. fit_normalizer and normalize are compared
with the reference on non-square inputs with negative values, one example, one feature, and
explicit epsilons, and name the usual mistakes (wrong axis, standard deviation, 1/(m-1), no
square root, epsilon outside the root).
"""
import numpy as np

from autograder.engine.hidden import hidden_check
from utils.checks import check_array, check_close, check_equal, check_true, check_tuple, fail

MISTAKES = {
    "split_sizes": {
        "float_sizes": "returns floats (0.2 * m) instead of whole numbers",
        "sizes_do_not_add_up": "the three sizes do not add up to m",
        "cap_hardcoded": "caps dev and test at 10,000 whatever max_holdout says",
        "no_cap": "keeps 20% for dev and test even above max_holdout (a fixed 60/20/20 split)",
        "rounded_not_floored": "rounds 0.2 * m to the nearest whole number instead of flooring it",
    },
    "shuffle_split": {
        "columns_not_whole": "the parts do not hold whole columns of X (rows shuffled separately?)",
        "labels_shuffled_separately": "X and Y are shuffled with different permutations: labels leave their examples",
        "parts_overlap": "train, dev and test do not hold every column exactly once (overlapping slices)",
        "not_shuffled": "the columns keep their original order",
        "not_uniform": "the permutation is not uniformly random",
        "ignores_rng": "the permutation does not come from the rng argument",
    },
    "fit_normalizer": {
        "wrong_axis": "the statistics are taken over the features (axis=0) instead of the examples",
        "flat_shapes": "mu and sigma2 have shape (n_x,) instead of (n_x, 1) (keepdims=True missing)",
        "std_not_variance": "sigma2 holds standard deviations instead of variances",
        "sample_variance": "sigma2 divides by m - 1 (the sample variance) instead of m",
    },
    "normalize": {
        "no_square_root": "divides by sigma2 + epsilon without the square root",
        "epsilon_outside_root": "adds epsilon outside the square root",
        "ignores_epsilon": "ignores epsilon",
        "own_statistics": "normalizes X with its own mean and variance instead of the training statistics",
    },
}


def _rng(seed):
    return np.random.default_rng(seed)


# -- split_sizes ---------------------------------------------------------------------------------
@hidden_check("split_sizes")
def check_split_sizes(submission, reference):
    cases = [(m, 10_000) for m in [0, 1, 4, 5, 7, 9, 10, 99, 100, 10_000, 49_999, 50_000, 50_004, 123_457,
                                   1_000_000, 3_333_337]]
    cases += [(50_000, 2_500), (7, 0), (1_000, 1), (999, 10**9), (10_000_000, 20_000), (2_000, 399)]
    for m, max_holdout in cases:
        call = f"split_sizes({m}, max_holdout={max_holdout})"
        found = check_tuple(call, submission.split_sizes(m, max_holdout=max_holdout), ["m_train", "m_dev", "m_test"])
        for value, part in zip(found, ["m_train", "m_dev", "m_test"]):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                fail(f"{part} returned by {call} is {type(value).__name__} {value!r}; expected an int",
                     "return whole numbers: m // 5 is an int, 0.2 * m is a float", mistake="float_sizes")
        found = tuple(int(v) for v in found)
        expected = reference.split_sizes(m, max_holdout=max_holdout)
        if found != expected:
            if sum(found) != m:
                fail(f"{call} returned sizes that add up to {sum(found)}, not to m = {m}",
                     "give training every example that dev and test do not take: m_train = m - m_dev - m_test",
                     mistake="sizes_do_not_add_up")
            hardcoded = min(m // 5, 10_000)
            if max_holdout != 10_000 and found == (m - 2 * hardcoded, hardcoded, hardcoded):
                fail(f"{call} capped dev and test at 10,000 although max_holdout is {max_holdout}",
                     "use the max_holdout argument, not the default value", mistake="cap_hardcoded")
            if found == (m - 2 * (m // 5), m // 5, m // 5):
                fail(f"{call} kept 20% for dev and test although that is more than max_holdout",
                     "a fixed 60/20/20 wastes data on big sets: m_dev = m_test = min(floor(0.2 * m), max_holdout)",
                     mistake="no_cap")
            rounded = min(round(0.2 * m), max_holdout)
            if found == (m - 2 * rounded, rounded, rounded):
                fail(f"{call} rounded 0.2 * m to the nearest whole number: dev and test hold one example too many",
                     "floor it: m // 5 (a fifth of 4 examples is 0 examples, not 1)", mistake="rounded_not_floored")
        check_equal(call, found, expected,
                    hint="m_dev = m_test = min(m // 5, max_holdout) and m_train = m - m_dev - m_test")


# -- shuffle_split -------------------------------------------------------------------------------
def _tagged(n_x, n_y, m, data):
    """X whose row 0 is the column index, other rows random; Y whose row 0 is 1000 + the index."""
    X = np.vstack([np.arange(m, dtype=float), data.normal(size=(n_x - 1, m))])
    Y = np.vstack([1000.0 + np.arange(m), data.integers(0, 2, size=(n_y - 1, m)).astype(float)])
    return X, Y


def _split(submission, X, Y, sizes, seed):
    call = f"shuffle_split(X of shape {X.shape}, Y of shape {Y.shape}, sizes={sizes}, rng)"
    parts = check_tuple(call, submission.shuffle_split(X, Y, sizes, _rng(seed)),
                        ["(X_train, Y_train)", "(X_dev, Y_dev)", "(X_test, Y_test)"])
    ids = []
    for part, name, size in zip(parts, ["train", "dev", "test"], sizes):
        X_part, Y_part = check_tuple(f"the {name} set from {call}", part, [f"X_{name}", f"Y_{name}"])
        X_part = check_array(f"X_{name} from {call}", X_part, (X.shape[0], size),
                             f"X_{name} keeps every row of X and takes the next {name} slice of the shuffled columns")
        Y_part = check_array(f"Y_{name} from {call}", Y_part, (Y.shape[0], size),
                             "slice Y's columns exactly like X's")
        column_ids = X_part[0]
        if not np.all(np.isin(column_ids, np.arange(X.shape[1]))):
            fail(f"X_{name} from {call} holds columns that are not columns of X",
                 "reorder whole columns: X[:, perm]", mistake="columns_not_whole")
        whole = np.allclose(X_part, X[:, column_ids.astype(int)])
        check_true(whole, f"X_{name} from {call} holds whole columns of X (found rows mixed between columns)",
                   "permute the columns (axis 1), the same way for every row: X[:, perm]", mistake="columns_not_whole")
        aligned = np.array_equal(Y_part[0] - 1000.0, column_ids) and np.allclose(Y_part, Y[:, column_ids.astype(int)])
        check_true(aligned, f"each column of X_{name} from {call} comes with its own label in Y_{name} "
                   "(found labels of other examples: X and Y were shuffled differently)",
                   "draw ONE permutation and index both arrays with it: X[:, perm], Y[:, perm]",
                   mistake="labels_shuffled_separately")
        ids.append(column_ids.astype(int))
    every = np.concatenate(ids)
    check_true(np.array_equal(np.sort(every), np.arange(X.shape[1])),
               f"train, dev and test from {call} hold every column of X exactly once (found "
               f"{len(np.unique(every))} distinct columns in {len(every)} for m = {X.shape[1]})",
               "permute, then cut consecutive slices: [:m_train], [m_train:m_train + m_dev], [m_train + m_dev:]",
               mistake="parts_overlap")
    return ids, call


@hidden_check("shuffle_split")
def check_shuffle_split(submission, reference):
    data = _rng(101)
    cases = [(3, 1, 40, (24, 9, 7)), (1, 1, 1, (1, 0, 0)), (2, 3, 10, (6, 2, 2)), (4, 1, 7, (0, 0, 7)),
             (1, 2, 5, (3, 0, 2)), (5, 2, 1_000, (980, 10, 10)), (2, 1, 300, (100, 100, 100))]
    for n_x, n_y, m, sizes in cases:
        X, Y = _tagged(n_x, n_y, m, data)
        _split(submission, X, Y, sizes, seed=m)

    X, Y = _tagged(2, 1, 2_000, data)
    sizes = (1_200, 400, 400)
    (train_ids, dev_ids, _), call = _split(submission, X, Y, sizes, seed=7)
    order = np.concatenate([train_ids, dev_ids])
    if np.array_equal(order, np.arange(len(order))):
        fail(f"{call} kept the columns in their original order", "shuffle first: perm = rng.permutation(m)",
             mistake="not_shuffled")
    # Under a uniform random permutation the number of the first 1200 columns that land in train is
    # hypergeometric (mean 720, sd about 10.7): 6 sigma is about 64.
    first = int(np.sum(train_ids < 1_200))
    check_true(abs(first - 720) <= 70,
               f"{call}: {first} of the 1200 training columns are among the first 1200 columns of X; a random "
               "shuffle gives about 720",
               "use a uniformly random permutation of all m columns: rng.permutation(m)", mistake="not_uniform")
    neighbours = int(np.sum(np.diff(train_ids) == 1))
    check_true(neighbours <= 15,
               f"{call}: {neighbours} consecutive training columns are neighbours in X (a random shuffle keeps "
               "about 1): the columns were not really shuffled", "shuffle with rng.permutation(m)",
               mistake="not_uniform")

    X, Y = _tagged(3, 1, 60, data)
    first, _ = _split(submission, X, Y, (40, 10, 10), seed=21)
    again, _ = _split(submission, X, Y, (40, 10, 10), seed=21)
    other, call = _split(submission, X, Y, (40, 10, 10), seed=22)
    if not all(np.array_equal(a, b) for a, b in zip(first, again)):
        fail(f"{call} split differently for two generators with the same seed",
             "draw the permutation from the rng argument, not from np.random", mistake="ignores_rng")
    if all(np.array_equal(a, b) for a, b in zip(first, other)):
        fail(f"{call} split the same way for generators with different seeds",
             "draw the permutation from the rng argument", mistake="ignores_rng")


# -- fit_normalizer ------------------------------------------------------------------------------
def _features(n_x, m, data):
    scales = np.exp(data.uniform(-2, 3, size=(n_x, 1)))
    means = data.uniform(-20, 20, size=(n_x, 1))
    return means + scales * data.normal(size=(n_x, m))


@hidden_check("fit_normalizer")
def check_fit_normalizer(submission, reference):
    data = _rng(102)
    for n_x, m in [(3, 50), (1, 7), (6, 1), (4, 200), (2, 3), (10, 2)]:
        X = _features(n_x, m, data)
        call = f"fit_normalizer(X_train of shape {X.shape})"
        mu, sigma2 = check_tuple(call, submission.fit_normalizer(X), ["mu", "sigma2"])
        mu_expected, sigma2_expected = reference.fit_normalizer(X)
        axis_hint = "one statistic per feature (row), over the examples (columns): axis=1, keepdims=True"
        for value, name in [(mu, "mu"), (sigma2, "sigma2")]:
            if isinstance(value, np.ndarray) and value.shape in [(1, m), (m, 1), (m,)] and (n_x, 1) != value.shape:
                fail(f"{name} from {call} has shape {value.shape}: the statistics were taken over the features "
                     "(axis=0) instead of over the examples (axis=1)", axis_hint, mistake="wrong_axis")
            if isinstance(value, np.ndarray) and value.shape == (n_x,):
                fail(f"{name} from {call} has shape {value.shape}, not ({n_x}, 1): the statistics lost their "
                     "column dimension", "keep it with keepdims=True, so that X - mu broadcasts over the columns",
                     mistake="flat_shapes")
        mu = check_array(f"mu from {call}", mu, (n_x, 1), axis_hint)
        sigma2 = check_array(f"sigma2 from {call}", sigma2, (n_x, 1), axis_hint)
        check_close(f"mu from {call}", mu, mu_expected, rtol=1e-9, atol=1e-12, hint="the mean of each row")
        if not np.allclose(sigma2, sigma2_expected, rtol=1e-9, atol=1e-12):
            if np.allclose(sigma2, np.sqrt(sigma2_expected), rtol=1e-9, atol=1e-12):
                fail(f"sigma2 from {call} holds the standard deviations, not the variances",
                     "return sigma^2 = mean((X - mu)**2, axis=1, keepdims=True), without the square root",
                     mistake="std_not_variance")
            if m > 1 and np.allclose(sigma2, sigma2_expected * m / (m - 1), rtol=1e-9, atol=1e-12):
                fail(f"sigma2 from {call} divides by m - 1 (the sample variance)",
                     "divide by m: np.mean(..., axis=1) or np.var (ddof=0)", mistake="sample_variance")
        check_close(f"sigma2 from {call}", sigma2, sigma2_expected, rtol=1e-9, atol=1e-12,
                    hint="the population variance of each row: mean((X - mu)**2, axis=1, keepdims=True)")


# -- normalize -----------------------------------------------------------------------------------
@hidden_check("normalize")
def check_normalize(submission, reference):
    data = _rng(103)
    cases = [((3, 5), 1e-8, False), ((1, 1), 1e-8, False), ((2, 100), 0.0, False), ((4, 9), 0.5, False),
             ((2, 6), 0.25, True), ((5, 1), 1e-3, True), ((1, 30), 2.0, False)]
    for shape, epsilon, zero_variance in cases:
        n_x = shape[0]
        X = _features(n_x, shape[1], data)
        mu = data.uniform(-10, 10, size=(n_x, 1))
        sigma2 = np.exp(data.uniform(-3, 4, size=(n_x, 1)))
        if zero_variance:
            sigma2[0, 0] = 0.0
        call = f"normalize(X of shape {shape}, mu, sigma2, epsilon={epsilon})"
        found = check_array(call, submission.normalize(X, mu, sigma2, epsilon=epsilon), shape,
                            "broadcast mu and sigma2 of shape (n_x, 1) over the columns of X")
        expected = reference.normalize(X, mu, sigma2, epsilon=epsilon)
        if not np.allclose(found, expected, rtol=1e-9, atol=1e-12):
            with np.errstate(divide="ignore", invalid="ignore"):
                no_root = (X - mu) / (sigma2 + epsilon)
                outside = (X - mu) / (np.sqrt(sigma2) + epsilon)
                no_epsilon = (X - mu) / np.sqrt(sigma2)
                own = (X - X.mean(axis=1, keepdims=True)) / np.sqrt(X.var(axis=1, keepdims=True) + epsilon)
            if np.allclose(found, no_root, rtol=1e-9, atol=1e-12):
                fail(f"{call} divided by sigma2 + epsilon itself, without the square root",
                     "sigma2 is a variance: divide by np.sqrt(sigma2 + epsilon)", mistake="no_square_root")
            if np.allclose(found, outside, rtol=1e-9, atol=1e-12):
                fail(f"{call} added epsilon outside the square root", "divide by np.sqrt(sigma2 + epsilon)",
                     mistake="epsilon_outside_root")
            if not zero_variance and epsilon > 0 and np.allclose(found, no_epsilon, rtol=1e-9, atol=1e-12):
                fail(f"{call} ignored epsilon", "add epsilon to sigma2 inside the square root",
                     mistake="ignores_epsilon")
            if np.allclose(found, own, rtol=1e-9, atol=1e-12):
                fail(f"{call} normalized X with its own mean and variance instead of the mu and sigma2 passed in",
                     "dev and test are normalized with the training statistics: use the mu and sigma2 arguments",
                     mistake="own_statistics")
        check_close(call, found, expected, rtol=1e-9, atol=1e-12, hint="(X - mu) / np.sqrt(sigma2 + epsilon)")
