"""Hidden checks of 07_mini_batch.

- num_mini_batches: exact counts for m divisible and not divisible by the batch size, a batch size
  of 1 and one larger than m; the count must be an int. A count rounded down is told from one
  rounded to the nearest integer by one more call, num_mini_batches(7, 4).
- random_mini_batches: random outputs judged by their properties, never by one permutation: the
  batch sizes, a partition of the columns of X (each example exactly once, columns unchanged),
  Y aligned with X, the examples shuffled, the same batches for the same seed and others for
  another seed, no visible structure left in a long permutation. Many n_x, n_y, m and batch sizes.
- train_mini_batch: judged on problems built so that its result reveals what the loop did.
  With batch_size >= m it must be batch gradient descent (utils.train). With a tiny learning rate
  the parameters move by (number of mini-batches) full-batch steps in one epoch and the epoch's
  cost is the cost of the whole set. On 3 examples the check simulates every order the
  mini-batches can come in, which identifies the order the loop used in each epoch: it updated
  after every mini-batch, reported the mean of the epoch's mini-batch costs (weighted by batch
  size, or the plain mean), reshuffled every epoch and drew from the rng it was given. A wrong
  epoch cost of the tiny-learning-rate runs is judged after those replays, which name it (the last
  mini-batch's cost, the sum of the costs).
"""
import itertools

import numpy as np

from autograder.engine.hidden import hidden_check
from utils.checks import check_array, check_close, check_equal, check_fraction, check_true, check_tuple, fail
from utils.nn import binary_cross_entropy, init_uniform, model_backward, model_forward, update_parameters
from utils.training import train

MISTAKES = {
    "num_mini_batches": {
        "not_an_int": "returns a float (np.ceil, or /) instead of an int",
        "floor": "m // batch_size: rounds down and forgets the last, smaller mini-batch",
        "rounded_to_nearest": "round(m / batch_size): rounds to the nearest integer instead of up",
        "always_one_more": "m // batch_size + 1: one batch too many when batch_size divides m",
    },
    "random_mini_batches": {
        "x_y_sizes_differ": "X_t and Y_t of a mini-batch hold different numbers of columns",
        "last_batch_dropped": "the last, smaller mini-batch is missing",
        "empty_last_batch": "an empty mini-batch at the end when batch_size divides m",
        "rows_shuffled": "the rows (features) shuffled instead of the columns (examples)",
        "with_replacement": "examples drawn with replacement: some repeated, some missing",
        "labels_shuffled_separately": "X and Y shuffled with different permutations: labels no longer match",
        "labels_not_aligned": "the columns of Y_t are not the labels of the examples in X_t",
        "not_shuffled": "the examples kept in their original order",
        "global_random": "draws from np.random instead of the rng argument: a seed does not reproduce the batches",
        "rng_not_used": "the same order for every seed of the rng argument",
    },
    "train_mini_batch": {
        "costs_not_per_epoch": "costs is not one cost per epoch (e.g. one per mini-batch)",
        "cost_after_update": "each cost computed after its update instead of from the forward pass before it",
        "summed_costs": "the epoch cost is the sum of the mini-batch costs instead of their mean",
        "last_batch_cost": "the epoch cost is the cost of the epoch's last mini-batch only",
        "updated_once_per_epoch": "the parameters updated once per epoch instead of after every mini-batch",
        "global_random": "shuffles with np.random instead of the rng argument: a seed does not reproduce the run",
        "not_shuffled": "the same mini-batches for every seed: the examples are never shuffled",
        "not_reshuffled": "shuffled once before the epoch loop: every epoch reuses the same mini-batches",
        "rng_not_used": "the same parameters for every seed of the rng argument",
    },
}


def _rng(seed):
    return np.random.default_rng(seed)


def _ceil_div(m, b):
    return -(-m // b)


# -- num_mini_batches ----------------------------------------------------------------------------

@hidden_check("num_mini_batches")
def check_num_mini_batches(submission, reference):
    cases = [(10, 4), (12, 4), (3, 2), (1, 1), (1, 64), (7, 1), (5, 8), (64, 64), (65, 64), (63, 64),
             (1000, 64), (1024, 64), (2048, 512), (50_000, 1000), (5_000_000, 1000), (5_000_001, 1000),
             (1_000_000_007, 512), (999, 1000), (4097, 2)]
    for m, b in cases:
        call = f"num_mini_batches({m}, {b})"
        found = submission.num_mini_batches(m, b)
        if isinstance(found, np.ndarray) and found.size == 1:
            found = found.reshape(())[()]
        if isinstance(found, (bool, np.bool_)) or not isinstance(found, (int, np.integer)):
            fail(f"{call} returned {type(found).__name__} {found!r}; expected an int",
                 "np.ceil returns a float: use math.ceil, or wrap the result in int(...)",
                 mistake="not_an_int" if isinstance(found, (float, np.floating)) else None)
        expected = reference.num_mini_batches(m, b)
        mistake = None
        if m % b and found == m // b:
            if _rounds_up_above_half(submission):
                mistake, hint = "rounded_to_nearest", (f"round() goes to the nearest integer, and {m} / {b} = "
                                                       f"{m / b:g} is rounded down: round up, with math.ceil")
            else:
                mistake, hint = "floor", (f"floor instead of ceil: {m} = {m // b} * {b} + {m % b}, and the last "
                                          f"{m % b} examples form one more, smaller batch")
        elif m % b == 0 and found == m // b + 1:
            mistake, hint = "always_one_more", ("when batch_size divides m there is no extra batch: round "
                                                "m / batch_size up, don't add 1")
        else:
            hint = "the number of mini-batches is ceil(m / batch_size)"
        check_equal(call, int(found), expected, hint=hint, mistake=mistake)


def _rounds_up_above_half(submission):
    """True when num_mini_batches(7, 4) is 2 (7 / 4 = 1.75): an answer that rounded another case down
    rounds to the nearest integer, not down."""
    probe = submission.num_mini_batches(7, 4)
    return np.size(probe) == 1 and np.asarray(probe).dtype.kind in "iuf" and float(np.ravel(probe)[0]) == 2


# -- random_mini_batches -------------------------------------------------------------------------

def _call_batches(submission, X, Y, batch_size, seed):
    call = f"random_mini_batches(X of shape {X.shape}, Y of shape {Y.shape}, batch_size={batch_size}, rng)"
    result = submission.random_mini_batches(X, Y, batch_size, _rng(seed))
    if not isinstance(result, (list, tuple)):
        fail(f"{call} returned {type(result).__name__}; expected a list of (X_t, Y_t) tuples",
             "build a list and append one (X_t, Y_t) tuple per mini-batch")
    batches = []
    n_x, n_y = X.shape[0], Y.shape[0]
    for t, item in enumerate(result):
        X_t, Y_t = check_tuple(f"mini-batch {t} of {call}", item, ["X_t", "Y_t"])
        X_t = check_array(f"X_t of mini-batch {t} of {call}", X_t, (n_x, None),
                          hint="X_t holds whole columns of X: shape (n_x, b_t)")
        Y_t = check_array(f"Y_t of mini-batch {t} of {call}", Y_t, (n_y, None),
                          hint="Y_t holds whole columns of Y: shape (n_y, b_t)")
        if X_t.shape[1] != Y_t.shape[1]:
            fail(f"mini-batch {t} of {call} has {X_t.shape[1]} columns in X_t but {Y_t.shape[1]} in Y_t",
                 "slice X and Y with the same columns", mistake="x_y_sizes_differ")
        batches.append((X_t, Y_t))
    return batches, call


def _check_sizes(batches, m, batch_size, call):
    sizes = [X_t.shape[1] for X_t, _ in batches]
    T = _ceil_div(m, batch_size)
    expected = [batch_size] * (T - 1) + [m - batch_size * (T - 1)]
    if sizes == expected:
        return
    shown = sizes if len(sizes) <= 12 else sizes[:5] + ["..."] + sizes[-3:]
    found = f"{call} returned {len(sizes)} mini-batches of sizes {shown}"
    wanted = (f"expected {T} mini-batches: {T - 1} of {batch_size} and a last one of {expected[-1]}" if T > 1
              else f"expected one mini-batch of all {m} examples")
    if m % batch_size and sizes == [batch_size] * (m // batch_size):
        fail(f"{found}: the last, smaller mini-batch of {m % batch_size} examples is missing; {wanted}",
             "keep the last partial batch: slices X[:, k:k + batch_size] for k in range(0, m, batch_size)",
             mistake="last_batch_dropped")
    if sizes[-1:] == [0] and sizes[:-1] == expected:
        fail(f"{found}: the last one is empty; {wanted}",
             "when batch_size divides m there is no extra batch: stop once every column is used",
             mistake="empty_last_batch")
    fail(f"{found}; {wanted}", "cut the shuffled columns into consecutive slices of batch_size columns")


def _identify(batches, X, Y, call):
    """The column of X behind every column of the batches, in order (a list of ints)."""
    m = X.shape[1]
    where = {np.ascontiguousarray(X[:, i]).tobytes(): i for i in range(m)}
    sorted_where = {np.sort(X[:, i]).tobytes() for i in range(m)}
    order = []
    for t, (X_t, _) in enumerate(batches):
        for j in range(X_t.shape[1]):
            column = np.ascontiguousarray(X_t[:, j])
            i = where.get(column.tobytes())
            if i is None:
                if np.sort(column).tobytes() in sorted_where:
                    fail(f"column {j} of X_t in mini-batch {t} of {call} holds the values of a column of X "
                         "in another order: the rows (features) were shuffled instead of the columns (examples)",
                         "shuffle the columns: X[:, permutation] with permutation = rng.permutation(m)",
                         mistake="rows_shuffled")
                fail(f"column {j} of X_t in mini-batch {t} of {call} is not a column of X",
                     "the mini-batches hold the columns of X unchanged, only reordered")
            order.append(i)
    if sorted(order) != list(range(m)):
        repeated = len(order) - len(set(order))
        fail(f"the mini-batches of {call} hold {repeated} example(s) more than once and miss "
             f"{m - len(set(order))} of the {m} examples",
             "use a permutation (each index once), rng.permutation(m), not draws with replacement",
             mistake="with_replacement")
    Y_found = np.concatenate([Y_t for _, Y_t in batches], axis=1)
    if not np.array_equal(Y_found, Y[:, order]):
        found_columns = sorted(np.ascontiguousarray(Y_found[:, k]).tobytes() for k in range(m))
        if found_columns == sorted(np.ascontiguousarray(Y[:, k]).tobytes() for k in range(m)):
            fail(f"the labels Y_t of {call} do not belong to the examples X_t next to them: X and Y were "
                 "shuffled with different permutations",
                 "draw one permutation and index both: X[:, permutation], Y[:, permutation]",
                 mistake="labels_shuffled_separately")
        fail(f"the columns of Y_t in {call} are not the columns of Y that belong to the examples in X_t",
             "shuffle the columns of Y with the same permutation as X: Y[:, permutation]",
             mistake="labels_not_aligned")
    return order


def _case_data(data, n_x, n_y, m, labels):
    X = data.normal(size=(n_x, m))
    Y = (data.random((n_y, m)) < 0.5).astype(np.float64) if labels else data.normal(size=(n_y, m))
    return X, Y


@hidden_check("random_mini_batches")
def check_random_mini_batches(submission, reference):
    data = _rng(707)
    cases = [  # n_x, n_y, m, batch_size, 0/1 labels
        (2, 1, 10, 4, False), (3, 1, 12, 4, False), (1, 1, 9, 2, False), (5, 3, 20, 6, False),
        (4, 2, 7, 1, False), (3, 1, 6, 10, False), (2, 1, 1, 1, False), (2, 1, 1, 5, True),
        (6, 1, 64, 64, True), (3, 2, 100, 32, False), (12, 1, 1000, 128, True), (2, 1, 13, 13, False),
        (7, 4, 30, 7, False), (2, 1, 50, 1, True), (4, 1, 40, 100, False),
    ]
    for index, (n_x, n_y, m, batch_size, labels) in enumerate(cases):
        X, Y = _case_data(data, n_x, n_y, m, labels)
        seed = 10 * index + 1
        batches, call = _call_batches(submission, X, Y, batch_size, seed)
        _check_sizes(batches, m, batch_size, call)
        order = _identify(batches, X, Y, call)
        if m < 12:
            continue
        if order == list(range(m)):
            fail(f"{call} returned the examples in their original order: they were not shuffled",
                 "shuffle first: permutation = rng.permutation(m), then X[:, permutation]", mistake="not_shuffled")
        again, _ = _call_batches(submission, X, Y, batch_size, seed)
        if len(again) != len(batches) or _identify(again, X, Y, call) != order:
            fail(f"{call} returned different mini-batches for two generators with the same seed",
                 "draw the permutation from the rng argument, never from np.random", mistake="global_random")
        other, _ = _call_batches(submission, X, Y, batch_size, seed + 1)
        if _identify(other, X, Y, call) == order:
            fail(f"{call} returned the same order of examples for generators with different seeds",
                 "draw the permutation from the rng argument", mistake="rng_not_used")

    m = 2000
    X, Y = _case_data(data, 2, 1, m, False)
    batches, call = _call_batches(submission, X, Y, 250, 99)
    _check_sizes(batches, m, 250, call)
    order = np.array(_identify(batches, X, Y, call))
    correlation = np.corrcoef(np.arange(m), order)[0, 1]
    check_true(abs(correlation) < 6 / np.sqrt(m),
               f"the shuffled order of {call} is uncorrelated with the original order (found a correlation "
               f"of {correlation:.2f} between an example's new and old position)",
               hint="rng.permutation(m) gives every order the same chance")
    neighbours = int(np.sum(np.diff(order) == 1))
    check_true(neighbours <= 12,
               f"the shuffle of {call} breaks up neighbouring examples (found {neighbours} of {m - 1} "
               "consecutive pairs still next to each other; a random permutation keeps about 1)",
               hint="shuffle the examples with rng.permutation(m), not by rotating or reversing them")
    firsts = []
    for seed in range(120):
        batches, call = _call_batches(submission, X[:, :4], Y[:, :4], 3, 1000 + seed)
        firsts.append(_identify(batches, X[:, :4], Y[:, :4], call)[0])
    check_fraction(f"how often example 0 comes first in {call}, over 120 seeds", firsts.count(0), 120, 0.25,
                   hint="every example must have the same chance to land anywhere: rng.permutation(m)")


# -- train_mini_batch ----------------------------------------------------------------------------

def _call_train(submission, X, Y, parameters, batch_size, learning_rate, num_epochs, seed):
    call = (f"train_mini_batch(X of shape {X.shape}, Y, a {len(parameters) // 2}-layer network, "
            f"batch_size={batch_size}, learning_rate={learning_rate}, num_epochs={num_epochs}, rng)")
    result = submission.train_mini_batch(X, Y, parameters, batch_size, learning_rate, num_epochs, _rng(seed))
    found, costs = check_tuple(call, result, ["parameters", "costs"])
    if not isinstance(found, dict) or set(found) != set(parameters):
        keys = sorted(found) if isinstance(found, dict) else type(found).__name__
        fail(f"{call} returned parameters {keys}; expected a dict with the keys {sorted(parameters)}",
             "return the trained parameters dict first, then the list of epoch costs")
    trained = {key: check_array(f"{key} returned by {call}", found[key], parameters[key].shape)
               for key in parameters}
    if isinstance(costs, np.ndarray):
        costs = list(costs.reshape(-1))
    if not isinstance(costs, (list, tuple)) or len(costs) != num_epochs:
        kind = f"a list of length {len(costs)}" if isinstance(costs, (list, tuple)) else type(costs).__name__
        fail(f"{call} returned costs as {kind}; expected a list of {num_epochs} epoch costs",
             "append one cost per epoch, after the loop over that epoch's mini-batches",
             mistake="costs_not_per_epoch" if isinstance(costs, (list, tuple)) else None)
    costs = np.array([float(check_array(f"costs[{e}] returned by {call}", np.asarray(c), ()))
                      for e, c in enumerate(costs)])
    return trained, costs, call


def _vector(parameters):
    return np.concatenate([np.asarray(parameters[key], dtype=np.float64).ravel() for key in sorted(parameters)])


def _simulate(X, Y, parameters, epochs_of_batches, learning_rate):
    """Mini-batch descent over given batches: (parameters, [(weighted, plain, last, summed) per epoch])."""
    costs = []
    for batches in epochs_of_batches:
        batch_costs, sizes = [], []
        for idx in batches:
            AL, caches = model_forward(X[:, idx], parameters)
            batch_costs.append(binary_cross_entropy(AL, Y[:, idx]))
            sizes.append(len(idx))
            parameters = update_parameters(parameters, model_backward(AL, Y[:, idx], caches), learning_rate)
        costs.append((np.dot(sizes, batch_costs) / sum(sizes), np.mean(batch_costs), batch_costs[-1],
                      np.sum(batch_costs)))
    return parameters, costs


def _tiny_network(layer_dims, data):
    parameters = init_uniform(layer_dims, data)
    for key in parameters:
        if key.startswith("b"):
            parameters[key] = data.normal(size=parameters[key].shape) * 0.3
    return parameters


def _check_batch_descent(submission, data):
    """batch_size >= m: one update per epoch on the whole set, exactly utils.train."""
    for layer_dims, m, batch_size, learning_rate, num_epochs in [
            ([2, 3, 1], 5, 5, 0.5, 3), ([3, 4, 2, 1], 8, 20, 0.3, 4), ([1, 2, 1], 1, 1, 1.0, 2),
            ([4, 5, 1], 30, 30, 0.2, 2), ([2, 3, 1], 1, 3, 0.7, 3)]:
        X = data.normal(size=(layer_dims[0], m))
        Y = (data.random((1, m)) < 0.5).astype(np.float64)
        parameters = _tiny_network(layer_dims, data)
        expected, expected_costs = train(X, Y, parameters, learning_rate=learning_rate, num_epochs=num_epochs + 1,
                                         progress=False)
        expected, _ = train(X, Y, parameters, learning_rate=learning_rate, num_epochs=num_epochs, progress=False)
        found, costs, call = _call_train(submission, X, Y, parameters, batch_size, learning_rate, num_epochs, 1)
        if num_epochs > 1 and np.allclose(costs, expected_costs[1:], rtol=1e-9, atol=1e-12):
            fail(f"the epoch costs of {call} are the costs after each epoch's update",
                 "compute each mini-batch's cost from the forward pass, before its update",
                 mistake="cost_after_update")
        check_close(f"the epoch costs of {call} (batch_size >= m: batch gradient descent)", costs,
                    expected_costs[:num_epochs], rtol=1e-8, atol=1e-12,
                    hint="each epoch's cost is the mean of its mini-batch costs, computed before each update")
        for key in sorted(parameters):
            check_close(f"{key} returned by {call} (batch_size >= m: batch gradient descent)", found[key],
                        expected[key], rtol=1e-8, atol=1e-12,
                        hint="after each mini-batch: parameters = update_parameters(parameters, grads, "
                             "learning_rate), with grads = model_backward(AL, Y_t, caches)")


def _check_linear_regime(submission, data):
    """A tiny learning rate: every batch is seen at the starting point, the updates add up.

    Returns the epoch costs left to judge, [(what, found, expected)]: a wrong cost that is not the sum
    of the mini-batch costs is judged after ``_check_orders``, which replays the runs exactly and so
    can name what it is (the last mini-batch's cost, ...)."""
    tiny = 1e-6
    costs_to_judge = []
    for layer_dims, m, batch_size in [([2, 4, 1], 12, 4), ([3, 5, 2, 1], 12, 1), ([1, 3, 1], 12, 6),
                                      ([5, 4, 1], 24, 3), ([2, 6, 1], 30, 10)]:
        X = data.normal(size=(layer_dims[0], m))
        Y = (data.random((1, m)) < 0.5).astype(np.float64)
        Y[0, :2] = [0.0, 1.0]
        parameters = _tiny_network(layer_dims, data)
        AL, caches = model_forward(X, parameters)
        cost = binary_cross_entropy(AL, Y)
        grads = model_backward(AL, Y, caches)
        found, costs, call = _call_train(submission, X, Y, parameters, batch_size, tiny, 1, 2)
        T = m // batch_size
        g = _vector({"d" + key: grads["d" + key] for key in parameters})
        step = (_vector(parameters) - _vector(found)) / tiny
        ratio = float(np.dot(step, g) / np.dot(g, g))
        residual = np.linalg.norm(step - ratio * g) / np.linalg.norm(g)
        if abs(ratio - T) > 1e-3 * T or residual > 1e-2 * T:
            if abs(ratio - 1) < 1e-3 and T > 1:
                fail(f"in one epoch of {call} the parameters moved by one full-batch step: they were updated "
                     f"once per epoch instead of after each of the {T} mini-batches",
                     "call update_parameters inside the loop over the mini-batches", mistake="updated_once_per_epoch")
            fail(f"in one epoch of {call} the parameters moved as if by {ratio:.3g} full-batch steps (and "
                 f"{residual:.2g} off that direction); an epoch of {T} mini-batches makes {T} updates",
                 "update the parameters after every mini-batch, with that mini-batch's gradients")
        # T mini-batches of m / T examples each, all seen at the starting point, cost T * cost in all
        if T > 1 and np.isclose(costs[0], T * cost, rtol=1e-4):
            fail(f"the epoch cost of {call} is the sum of its {T} mini-batch costs (found {costs[0]:.6g})",
                 "report their mean: add up b_t * J_t over the mini-batches and divide by m", mistake="summed_costs")
        costs_to_judge.append((f"the epoch cost of {call}, with a learning rate so small that the parameters "
                               "barely move", costs[0], cost))
    return costs_to_judge


def _orders(m, batch_size):
    """Every distinct way one epoch can cut m examples into mini-batches (as lists of index lists)."""
    seen, result = set(), []
    for permutation in itertools.permutations(range(m)):
        batches = [list(permutation[k:k + batch_size]) for k in range(0, m, batch_size)]
        key = tuple(tuple(sorted(b)) for b in batches)
        if key not in seen:
            seen.add(key)
            result.append(batches)
    return result


def _check_orders(submission, data):
    """3 examples: simulate every order, find the one the loop used, judge costs, reshuffles, rng."""
    X = np.array([[0.9, -1.3, 0.4], [0.2, 0.8, -1.1]])
    Y = np.array([[1.0, 0.0, 1.0]])
    parameters = _tiny_network([2, 3, 1], _rng(71))
    learning_rate = 1.5
    for batch_size, seeds in [(1, range(30)), (2, range(30, 42))]:
        epoch_orders = _orders(3, batch_size)
        runs = {}
        for first, second in itertools.product(range(len(epoch_orders)), repeat=2):
            trained, costs = _simulate(X, Y, parameters, [epoch_orders[first], epoch_orders[second]], learning_rate)
            runs[first, second] = (_vector(trained), costs)
        vectors = np.array([v for v, _ in runs.values()])
        gaps = np.linalg.norm(vectors[:, None] - vectors[None], axis=-1) + np.eye(len(vectors))
        assert gaps.min() > 1e-4, "the simulated runs must be told apart"
        full, _ = train(X, Y, parameters, learning_rate=learning_rate, num_epochs=2, progress=False)
        found_orders = []
        for seed in seeds:
            found, costs, call = _call_train(submission, X, Y, parameters, batch_size, learning_rate, 2, seed)
            vector = _vector(found)
            matches = [key for key, (v, _) in runs.items() if np.allclose(vector, v, rtol=1e-8, atol=1e-10)]
            if not matches:
                if np.allclose(vector, _vector(full), rtol=1e-8, atol=1e-10):
                    fail(f"{call} on 3 examples ended where batch gradient descent ends: the parameters were "
                         "updated once per epoch, not after every mini-batch",
                         "call update_parameters inside the loop over the mini-batches",
                         mistake="updated_once_per_epoch")
                fail(f"the parameters returned by {call} on 3 examples match none of the "
                     f"{len(runs)} possible runs of 2 epochs of mini-batch descent (every order of the examples)",
                     "each epoch: for every mini-batch, forward, cost, backward, then update the parameters")
            key = matches[0]
            found_orders.append(key)
            for epoch in range(2):
                weighted, plain, last, summed = runs[key][1][epoch]
                if np.isclose(costs[epoch], weighted, rtol=1e-8) or np.isclose(costs[epoch], plain, rtol=1e-8):
                    continue
                if np.isclose(costs[epoch], last, rtol=1e-8):
                    fail(f"costs[{epoch}] of {call} is the cost of the epoch's last mini-batch",
                         "report the mean of all the mini-batch costs of the epoch", mistake="last_batch_cost")
                if np.isclose(costs[epoch], summed, rtol=1e-8):
                    fail(f"costs[{epoch}] of {call} is the sum of the epoch's mini-batch costs",
                         "report their mean: add up b_t * J_t over the mini-batches and divide by m",
                         mistake="summed_costs")
                fail(f"costs[{epoch}] of {call} is not the mean of the costs of that epoch's mini-batches "
                     f"(found {costs[epoch]:.6g})",
                     "add up b_t * J_t over the mini-batches (J_t computed before the update), divide by m")
            if seed == seeds[0]:
                again, _, _ = _call_train(submission, X, Y, parameters, batch_size, learning_rate, 2, seed)
                if not np.array_equal(_vector(again), vector):
                    fail(f"{call} returned different parameters for two generators with the same seed",
                         "shuffle with the rng argument, never with np.random", mistake="global_random")
        if len({first for first, _ in found_orders}) == 1:
            fail(f"{call} used the same mini-batches for every seed of rng (on 3 examples, over "
                 f"{len(found_orders)} seeds)", "shuffle every epoch with random_mini_batches(X, Y, batch_size, rng)",
                 mistake="not_shuffled")
        repeats = sum(first == second for first, second in found_orders)
        if repeats == len(found_orders):
            fail(f"the second epoch of {call} reused the first epoch's mini-batches for each of "
                 f"{len(found_orders)} seeds: the examples were shuffled once, not every epoch",
                 "reshuffle every epoch: call random_mini_batches inside the epoch loop", mistake="not_reshuffled")
        check_fraction(f"how often the second epoch of {call} reused the first epoch's mini-batches, over "
                       f"{len(found_orders)} seeds", repeats, len(found_orders), 1 / len(epoch_orders),
                       hint="reshuffle every epoch: call random_mini_batches inside the epoch loop")


@hidden_check("train_mini_batch", timeout=30)
def check_train_mini_batch(submission, reference):
    data = _rng(708)
    _check_batch_descent(submission, data)
    costs_to_judge = _check_linear_regime(submission, data)
    _check_orders(submission, data)
    for what, found, expected in costs_to_judge:
        check_close(what, found, expected, rtol=1e-4,
                    hint="the epoch's cost is the mean of ALL its mini-batch costs: not the last mini-batch's cost, "
                         "and not their sum")
    X = data.normal(size=(4, 50))
    Y = (X[:1] + X[1:2] > 0).astype(np.float64)
    parameters = _tiny_network([4, 6, 1], data)
    first, costs, call = _call_train(submission, X, Y, parameters, 8, 0.5, 4, 5)
    check_true(np.all(np.isfinite(costs)), f"the epoch costs of {call} are finite (found {np.round(costs, 4)})")
    again, _, _ = _call_train(submission, X, Y, parameters, 8, 0.5, 4, 5)
    other, _, _ = _call_train(submission, X, Y, parameters, 8, 0.5, 4, 6)
    if not np.array_equal(_vector(first), _vector(again)):
        fail(f"{call} returned different parameters for two generators with the same seed",
             "shuffle with the rng argument, never with np.random", mistake="global_random")
    if np.allclose(_vector(first), _vector(other), rtol=1e-12):
        fail(f"{call} returned the same parameters for generators with different seeds",
             "shuffle with the rng argument passed in", mistake="rng_not_used")
