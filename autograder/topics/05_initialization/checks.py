"""Hidden checks of 05_initialization: what they judge and how.

- init_zeros and activation_norms are deterministic: compared with the reference on many
  layer sizes, depths and weights (non-square layers, one unit, negative and zero w).
- init_he and init_xavier draw random weights, judged by their statistics, never by one random
  sequence: the structure (keys, shapes, zero biases); per layer, pooled over several seeds, the
  mean (about 0), the variance (about 2 / n_{l-1} or 1 / n_{l-1}) and the fraction of entries
  within one standard deviation (0.683 for a normal distribution), each within bounds a correct
  draw passes essentially always (6 standard errors); the correlation of neighbouring rows and
  columns (independent entries, no two units alike); same seed same weights, other seed other
  weights (the rng argument is used). The layers are non-square, so fan-in and fan-out differ.
"""
import numpy as np

from autograder.engine.hidden import hidden_check
from utils.checks import check_array, check_close, check_equal, check_fraction, check_true, fail

STRUCTURE = {  # named by _parameters, shared by the three init_* checks
    "not_a_dict": "does not return a dict of parameters",
    "wrong_keys": "the dict's keys are not W1, b1, ..., WL, bL (a layer missing?)",
    "transposed": "W_l has shape (n_{l-1}, n_l): it is transposed",
    "flat_bias": "b_l is a 1-D array instead of a column (n_l, 1)",
    "nonzero_bias": "the biases are not zero",
}
RANDOM = {  # named by _check_random_init, shared by init_he and init_xavier
    "ignores_rng": "the weights do not come from the rng argument (np.random, or a generator with a fixed seed)",
    "uniform_0_1": "the weights are drawn uniformly from [0, 1) (rng.random) instead of a centred normal",
    "fan_out": "the variance uses the fan-out n_l instead of the fan-in n_{l-1}",
    "variance_as_std": "the scale factor / n_{l-1} is used as the standard deviation instead of the variance",
    "unscaled": "the weights are not scaled at all (standard normal)",
    "glorot_variant": "the Glorot variant 2 / (n_{l-1} + n_l) is used",
    "wrong_variance": "the weights' variance is wrong (no typical mistake recognised)",
    "not_centred": "the weights are not centred at 0",
    "not_normal": "the weights are not normally distributed (a uniform draw with the right variance?)",
    "units_alike": "neighbouring units (rows of W) get correlated or equal weights",
    "not_independent": "neighbouring inputs (columns of W) get correlated weights",
}
MISTAKES = {
    "init_zeros": {**STRUCTURE, "nonzero_weights": "the weights are not all zeros"},
    "init_he": {**STRUCTURE, **RANDOM, "xavier_scale": "Xavier's scale 1 / n_{l-1} instead of He's 2 / n_{l-1}"},
    "init_xavier": {**STRUCTURE, **RANDOM, "he_scale": "He's scale 2 / n_{l-1} instead of Xavier's 1 / n_{l-1}"},
    "activation_norms": {
        "includes_input": "returns depth + 1 norms: the input's norm ||x|| is included",
        "records_before_multiplying": "records each norm before multiplying by W (the first norm is ||x||)",
        "matrix_of_ones": "W is a matrix full of w instead of w times the identity",
        "negative_norms": "returns negative norms (w^l ||x|| without the absolute value)",
    },
}
KEYS_HINT = "one W and one b per layer l = 1, ..., L with L = len(layer_dims) - 1"
P_WITHIN_ONE_SIGMA = 0.6826894921370859  # P(|z| < 1) for z ~ N(0, 1)


def _rng(seed):
    return np.random.default_rng(seed)


def _parameters(call, found, layer_dims):
    """Check a parameter dict's keys and shapes; return {key: float64 array}."""
    if not isinstance(found, dict):
        fail(f"{call}: expected a dict of parameters {{'W1', 'b1', ...}}, found {type(found).__name__}.",
             "build a dict and return it: parameters[f'W{l}'] = ...", mistake="not_a_dict")
    L = len(layer_dims) - 1
    expected = sorted([f"W{l}" for l in range(1, L + 1)] + [f"b{l}" for l in range(1, L + 1)])
    check_equal(f"the keys of {call}", sorted(str(key) for key in found), expected, hint=KEYS_HINT,
                mistake="wrong_keys")
    arrays = {}
    for l in range(1, L + 1):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        W, b = found[f"W{l}"], found[f"b{l}"]
        if np.shape(W) == (n_prev, n) and n != n_prev:
            fail(f"W{l} from {call} has shape {(n_prev, n)}: it is transposed.",
                 "W_l has shape (n_l, n_{l-1}): one row per unit of layer l, one column per input",
                 mistake="transposed")
        arrays[f"W{l}"] = check_array(f"W{l} from {call}", W, (n, n_prev))
        if np.shape(b) == (n,) and n != 1:
            fail(f"b{l} from {call} has shape {(n,)}: a 1-D array instead of a column.",
                 "b_l is a column vector: np.zeros((n_l, 1)), not np.zeros(n_l)", mistake="flat_bias")
        arrays[f"b{l}"] = check_array(f"b{l} from {call}", b, (n, 1))
        check_true(np.all(arrays[f"b{l}"] == 0), f"b{l} from {call} should be all zeros; it holds "
                   f"{int(np.count_nonzero(arrays[f'b{l}']))} nonzero entries.", hint="b_l = np.zeros((n_l, 1))",
                   mistake="nonzero_bias")
    return arrays


# -- init_zeros ---------------------------------------------------------------------------------

@hidden_check("init_zeros")
def check_init_zeros(submission, reference):
    for layer_dims in [[5, 3, 2], [5, 3, 1], [1, 1], [7, 1], [1, 6], [2, 7, 7, 3, 1], [784, 128, 10],
                       [3, 40, 20, 5, 2, 1]]:
        call = f"init_zeros({layer_dims})"
        arrays = _parameters(call, submission.init_zeros(list(layer_dims)), layer_dims)
        for key, value in arrays.items():
            check_true(np.all(value == 0), f"{key} from {call} should be all zeros; it holds "
                       f"{int(np.count_nonzero(value))} nonzero entries.", hint="np.zeros(shape)",
                       mistake="nonzero_weights" if key.startswith("W") else "nonzero_bias")


# -- init_he and init_xavier --------------------------------------------------------------------

CASES = [[400, 60, 10, 1], [30, 250, 4], [784, 128, 10], [3, 500, 1], [64, 64, 64], [12, 5], [1, 40, 1], [2, 3]]
POOLED_ENTRIES = 20_000   # draw more seeds until a layer has this many entries (or MAX_SEEDS)
MAX_SEEDS = 12


def _mistakes(factor, n_prev, n):
    """{mistake: (text, variance of the entries relative to the expected factor / n_prev)} of the
    recognised mistakes."""
    expected = factor / n_prev
    mistakes = {
        "fan_out": ("the fan-out n_l was used instead of the fan-in n_{l-1}", factor / n),
        "variance_as_std": (f"{factor}/n_{{l-1}} was used as the standard deviation, not the variance",
                            (factor / n_prev) ** 2),
        "unscaled": ("the weights are not scaled at all (standard normal)", 1.0),
        "glorot_variant": ("the Glorot variant 2 / (n_{l-1} + n_l) was used", 2 / (n_prev + n)),
        "he_scale": ("He's scale 2 / n_{l-1} was used instead of Xavier's 1 / n_{l-1}", 2 / n_prev),
        "xavier_scale": ("Xavier's scale 1 / n_{l-1} was used instead of He's 2 / n_{l-1}", 1 / n_prev),
    }
    return {mistake: (text, variance / expected) for mistake, (text, variance) in mistakes.items()
            if not np.isclose(variance, expected, rtol=0.02)}


def _statistics(call, key, samples, factor, n_prev, n, hint):
    """Judge the pooled entries of one layer's W against N(0, factor / n_prev)."""
    values = np.concatenate([W.ravel() for W in samples])
    N = values.size
    sigma = np.sqrt(factor / n_prev)
    where = f"the {N} entries of {key} (shape {(n, n_prev)}) pooled over {len(samples)} seed(s) of {call}"
    if N >= 20 and values.min() >= 0:
        fail(f"{where} are all positive or zero: a uniform draw on [0, 1) (rng.random) rather than a normal "
             "distribution centred at 0.", f"draw with rng.standard_normal(shape) * np.sqrt({factor} / n_prev)",
             mistake="uniform_0_1")
    ratio = float(np.mean(values ** 2)) / sigma**2
    bound = 6 * np.sqrt(2 / N)
    if abs(ratio - 1) > bound:
        named = [(mistake, text) for mistake, (text, r) in _mistakes(factor, n_prev, n).items()
                 if abs(ratio / r - 1) <= bound]
        fail(f"{where} have variance {ratio * sigma ** 2:.4g}, {ratio:.3g} times the expected "
             f"{factor} / n_{{l-1}} = {factor} / {n_prev}" + (f": {named[0][1]}." if named else "."), hint,
             mistake=named[0][0] if named else "wrong_variance")
    mean = float(values.mean())
    mean_bound = 6 * np.sqrt(np.mean(values**2) / N)
    if abs(mean) > mean_bound:
        fail(f"{where} have mean {mean:.4g}; expected about 0 (within {mean_bound:.2g}).",
             f"draw from a normal distribution centred at 0: rng.standard_normal(shape) * np.sqrt({factor} / n_prev)",
             mistake="not_centred")
    within = int(np.sum(np.abs(values) < sigma))
    check_fraction(f"the fraction of {where} within one standard deviation sqrt({factor} / {n_prev}) of 0",
                   within, N, P_WITHIN_ONE_SIGMA,
                   hint="draw from a normal distribution, rng.standard_normal(shape), not a uniform one "
                        "(a normal draw has 68.3% of its values within one standard deviation)",
                   mistake="not_normal")


def _independent(call, W, key):
    """Neighbouring rows (units) and columns (inputs) of one W are uncorrelated."""
    rows, cols = W.shape
    for first, second, what, hint, mistake in [
            (W[:-1], W[1:], "rows (units)", "each unit gets its own weights: draw the whole matrix at once, "
                                            "rng.standard_normal((n_l, n_prev))", "units_alike"),
            (W[:, :-1], W[:, 1:], "columns (inputs)", "draw one independent number per entry of W",
             "not_independent")]:
        pairs = first.size
        if pairs < 100:
            continue
        norm = np.sqrt(np.sum(first**2) * np.sum(second**2))
        correlation = float(np.sum(first * second) / norm) if norm > 0 else 1.0
        if abs(correlation) > 6 / np.sqrt(pairs):
            fail(f"neighbouring {what} of {key} from {call} are correlated (correlation {correlation:.3f}); "
                 f"independent entries give about 0 (within {6 / np.sqrt(pairs):.2g}).", hint, mistake=mistake)


def _check_random_init(submission, function, factor, hint):
    init = getattr(submission, function)
    layer_dims = [50, 30, 7, 1]
    call = f"{function}({layer_dims}, rng)"
    once = _parameters(call, init(list(layer_dims), _rng(7)), layer_dims)
    again = _parameters(call, init(list(layer_dims), _rng(7)), layer_dims)
    other = _parameters(call, init(list(layer_dims), _rng(8)), layer_dims)
    for key in ["W1", "W2", "W3"]:
        check_close(f"{key} from {call} called twice with generators of the same seed", again[key], once[key],
                    rtol=1e-12, atol=1e-15, hint="draw every random number from the rng argument, never from np.random",
                    mistake="ignores_rng")
    check_true(not np.allclose(other["W1"], once["W1"]),
               f"{call} gave the same W1 for generators with different seeds.",
               hint="draw the weights from the rng argument (not from a generator of your own with a fixed seed)",
               mistake="ignores_rng")

    for case, layer_dims in enumerate(CASES):
        call = f"{function}({layer_dims}, rng)"
        first = _parameters(call, init(list(layer_dims), _rng(100 * case)), layer_dims)
        samples = {l: [first[f"W{l}"]] for l in range(1, len(layer_dims))}
        smallest = min(layer_dims[l] * layer_dims[l - 1] for l in range(1, len(layer_dims)))
        seeds = min(MAX_SEEDS, int(np.ceil(POOLED_ENTRIES / smallest)))
        for seed in range(1, seeds):
            more = _parameters(call, init(list(layer_dims), _rng(100 * case + seed)), layer_dims)
            for l in samples:
                if sum(W.size for W in samples[l]) < POOLED_ENTRIES:
                    samples[l].append(more[f"W{l}"])
        for l, Ws in samples.items():
            _statistics(call, f"W{l}", Ws, factor, layer_dims[l - 1], layer_dims[l], hint)
            _independent(call, Ws[0], f"W{l}")



@hidden_check("init_he")
def check_init_he(submission, reference):
    _check_random_init(submission, "init_he", 2, "W_l = rng.standard_normal((n_l, n_prev)) * np.sqrt(2 / n_prev), "
                       "with n_prev = layer_dims[l - 1] the fan-in")


@hidden_check("init_xavier")
def check_init_xavier(submission, reference):
    _check_random_init(submission, "init_xavier", 1, "W_l = rng.standard_normal((n_l, n_prev)) * np.sqrt(1 / n_prev), "
                       "with n_prev = layer_dims[l - 1] the fan-in")


# -- activation_norms ---------------------------------------------------------------------------

def _column(values):
    return np.asarray(values, dtype=float).reshape(-1, 1)


@hidden_check("activation_norms")
def check_activation_norms(submission, reference):
    data = _rng(505)
    cases = [(_column([2.0, -1.0, 2.0]), 1.5, 4), (_column([2.0, -1.0, 2.0]), 0.5, 3),
             (_column([2.0, -1.0, 2.0]), 1.0, 1), (_column(data.normal(size=5)), 0.5, 30),
             (_column([-0.7]), 1.2, 10), (_column(data.normal(size=10)), 1.0, 1),
             (_column(data.normal(size=4)), 0.0, 3), (_column(data.normal(size=6)), -1.1, 12),
             (_column(data.normal(size=50)), 0.9, 200), (_column(data.normal(size=2)), 1.5, 100),
             (_column(data.uniform(-3, 1, size=7)), 0.97, 25)]
    for x, w, depth in cases:
        call = f"activation_norms(x of shape {x.shape}, w={w}, depth={depth})"
        found = submission.activation_norms(x, w, depth)
        if np.shape(found) == (depth + 1,):
            fail(f"{call} returned {depth + 1} norms; expected {depth}, one per layer l = 1..depth: "
                 "the input's norm ||a^[0]|| = ||x|| is included.",
                 "start recording after the first layer, a^[1] = W x", mistake="includes_input")
        norms = check_array(f"{call}", found, (depth,))
        expected = reference.activation_norms(x, w, depth)
        if w != 0 and np.isclose(norms[0], np.linalg.norm(x), rtol=1e-9) and not np.isclose(abs(w), 1):
            fail(f"{call}: the first norm is ||x||, the input's norm; expected ||a^[1]|| = ||W x||.",
                 "multiply by W first, then record the norm: norms[l - 1] = ||a^[l]||",
                 mistake="records_before_multiplying")
        if x.shape[0] > 1 and w != 0:
            ones = np.full((x.shape[0], x.shape[0]), w)
            a, with_ones = x, []
            with np.errstate(over="ignore", invalid="ignore"):
                for _ in range(depth):
                    a = ones @ a
                    with_ones.append(np.linalg.norm(a))
            if np.allclose(norms, with_ones, rtol=1e-9):
                fail(f"{call} matches a network whose W is a matrix full of w, not w times the identity.",
                     "W = w * np.eye(n): w on the diagonal, 0 elsewhere", mistake="matrix_of_ones")
        if np.any(norms < 0):
            fail(f"{call} returned negative norms (found {norms.min():.4g}); a norm is never negative.",
                 "||a^[l]|| = |w|^l ||x||: compute the norm of each activation with np.linalg.norm",
                 mistake="negative_norms")
        check_close(call, norms, expected, rtol=1e-9, atol=1e-300,
                    hint="a^[l] = W a^[l-1] with W = w * np.eye(n), a^[0] = x; norms[l - 1] = np.linalg.norm(a^[l])")
