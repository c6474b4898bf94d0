"""Hidden checks of 09_hyperparameter_search.

- sample_log_uniform and sample_beta: random outputs judged by their distribution, never by one
  random sequence. Many bounds (decades and odd bounds, tiny and huge values), int and tuple sizes:
  the shape, every value inside [low, high], the share of samples in equal slices of the log scale
  (of 1 - beta for sample_beta; a binomial count within 6 sigma), a Kolmogorov-Smirnov distance on
  the log scale, the same samples for the same seed, others for another seed. The linear-scale
  draw, a missing "1 -", exponents drawn between the bounds themselves, hard-coded bounds, a
  returned exponent and the bounds of rng.uniform in the wrong order (which raises) are named.
- ewa_horizon: 1 / (1 - beta) to 1e-9 relative, numbers and arrays (1-D, 2-D); 1 / beta,
  beta / (1 - beta), 1 - beta and rounding are named.
- grid_points: every (a, b) combination exactly once, in any order, for non-square grids, one
  value, overlapping values (a and b sharing values) and arrays as inputs; zip, (b, a) tuples,
  repeats, values_a with itself, the pairs a == b left out and lazy iterators are named.
- zoom_in: the per-column box of the top_k highest scores, many (n, d, top_k) with top_k = 1 and
  top_k = n, one dimension and several, negative scores; ties for the last place accept every
  valid choice of the tied runs. The lowest-scoring runs, the first top_k rows, rows sorted
  independently of the scores, one run too many or too few and the box over the wrong axis are named.
"""
import itertools

import numpy as np

from autograder.engine.hidden import hidden_check
from autograder.engine.sandbox import SubmissionError
from utils.checks import check_array, check_close, check_equal, check_fraction, check_true, check_tuple, fail

MISTAKES = {
    "sample_log_uniform": {
        "returns_exponent": "returns the exponents r themselves instead of 10 ** r",
        "exponent_between_bounds": "the exponent drawn between low and high instead of their log10",
        "natural_log": "the exponent drawn between np.log(low) and np.log(high), then 10 ** r",
        "linear_scale": "samples uniform on the linear scale (rng.uniform(low, high)) instead of the log scale",
        "global_random": "draws from np.random instead of the rng argument: a seed does not reproduce the samples",
        "rng_not_used": "the same samples for every seed of the rng argument",
    },
    "sample_beta": {
        "bounds_swapped": "rng.uniform(np.log10(1 - low), np.log10(1 - high)): the larger bound first, which raises",
        "forgets_one_minus": "returns 10 ** r, which is 1 - beta: the final 1 - is missing",
        "hard_coded_bounds": "the exponents of the example (-3 and -1) instead of those of the bounds given",
        "linear_scale": "samples uniform on the linear scale of beta (or of log beta) instead of log-uniform 1 - beta",
        "global_random": "draws from np.random instead of the rng argument: a seed does not reproduce the samples",
        "rng_not_used": "the same samples for every seed of the rng argument",
    },
    "ewa_horizon": {
        "one_over_beta": "1 / beta instead of 1 / (1 - beta)",
        "beta_over_one_minus_beta": "beta / (1 - beta): one value too few",
        "one_minus_beta": "1 - beta, the weight of the newest value, instead of its inverse",
        "rounded": "1 / (1 - beta) rounded to an integer",
        "truncated": "1 / (1 - beta) truncated with int() or floor",
    },
    "grid_points": {
        "lazy_iterator": "returns a zip or itertools.product object instead of a list",
        "zipped": "zip(values_a, values_b): pairs by position instead of every combination",
        "swapped_pairs": "the points as (b, a) instead of (a, b)",
        "repeats": "some combinations more than once",
        "a_with_a": "values_a combined with itself (or values_b with itself)",
        "skips_equal_values": "the points with a == b left out",
    },
    "zoom_in": {
        "wrong_axis": "the box taken over the wrong axis (one value per run instead of per hyperparameter)",
        "lowest_scores": "the box of the lowest-scoring runs (np.argsort sorts increasingly)",
        "first_rows": "the box of the first top_k rows, whatever their scores",
        "sorted_columns": "each column sorted on its own, ignoring the scores",
        "one_too_many": "the box of top_k + 1 runs",
        "one_too_few": "the box of top_k - 1 runs",
        "keeps_ties": "every run tied with the top_k-th score kept: more than top_k runs",
    },
}


def _gen(seed):
    return np.random.default_rng(seed)


def _as_array(call, value, shape):
    if isinstance(value, (list, tuple)):
        fail(f"{call} returned a {type(value).__name__}; expected a numpy array of shape {shape}",
             "return the array that rng.uniform(..., size) and 10 ** r give")
    return check_array(call, value, shape, hint="pass size on to rng.uniform(..., size): an int or a tuple")


def _expected_shape(size):
    return (size,) if isinstance(size, int) else tuple(size)


# -- samplers ------------------------------------------------------------------------------------

def _sampler_cases():
    # low, high, size
    return [(1e-4, 1.0, 20_000), (1e-3, 10.0, 20_000), (1e-8, 1e-6, 20_000), (0.003, 0.5, 20_000),
            (1.0, 1000.0, (100, 200)), (1e-5, 1e5, 20_000), (0.5, 2.0, (4, 5, 1000)), (1e-4, 1e-2, 1),
            (2e-2, 3e-2, (1,)), (1e-3, 1.0, (7, 3))]


def _log_share_checks(call, u, recognise):
    """u: the samples mapped to [0, 1] on the log scale; judge the shares of 4 slices and the KS distance.
    recognise() gives (mistake or None, hint)."""
    n = u.size
    for k in range(4):
        count = int(np.sum((u >= k / 4) & (u < (k + 1) / 4))) + (int(np.sum(u == 1.0)) if k == 3 else 0)
        mistake, hint = recognise()
        check_fraction(f"the share of the {n} samples of {call} in slice {k + 1} of 4 equal slices of the "
                       "log scale", count, n, 0.25, hint=hint, mistake=mistake)
    ks = np.max(np.abs(np.sort(u) - (np.arange(1, n + 1) - 0.5) / n))
    mistake, hint = recognise()
    check_true(ks < 3.0 / np.sqrt(n) + 0.5 / n,
               f"the samples of {call} are uniform on the log scale (found a Kolmogorov-Smirnov distance of "
               f"{ks:.3f} from the uniform distribution of the exponent)", hint=hint, mistake=mistake)


def _rng_checks(call, draw, shape):
    first = draw(31)
    again = draw(31)
    if not np.array_equal(first, again):
        fail(f"{call} returned different samples for two generators with the same seed",
             "draw from the rng argument, never from np.random", mistake="global_random")
    if np.prod(shape) >= 3 and np.array_equal(first, draw(32)):
        fail(f"{call} returned the same samples for generators with different seeds",
             "draw from the rng argument that is passed in", mistake="rng_not_used")


@hidden_check("sample_log_uniform")
def check_sample_log_uniform(submission, reference):
    for low, high, size in _sampler_cases():
        call = f"sample_log_uniform({low:g}, {high:g}, {size}, rng)"
        shape = _expected_shape(size)
        x = _as_array(call, submission.sample_log_uniform(low, high, size, _gen(7)), shape)
        if np.all(np.isfinite(x)) and x.size > 1 and (x.min() < low * (1 - 1e-9) or x.max() > high * (1 + 1e-9)):
            a, b = np.log10(low), np.log10(high)
            with np.errstate(over="ignore"):
                raw = np.power(10.0, [low, high])
                natural = np.power(10.0, np.log([low, high]))
            if x.min() >= a - 1e-9 and x.max() <= b + 1e-9:
                mistake, hint = "returns_exponent", "the samples are the exponents r themselves: return 10 ** r"
            elif x.min() >= raw[0] * (1 - 1e-9) and x.max() <= raw[1] * (1 + 1e-9):
                mistake, hint = "exponent_between_bounds", ("the exponent was drawn between low and high: draw it "
                                                            "between np.log10(low) and np.log10(high)")
            elif x.min() >= natural[0] * (1 - 1e-9) and x.max() <= natural[1] * (1 + 1e-9):
                mistake, hint = "natural_log", ("np.log is the natural log: with 10 ** r, use np.log10 (or np.exp "
                                                "with np.log)")
            else:
                mistake, hint = None, "draw r between np.log10(low) and np.log10(high) and return 10 ** r"
            fail(f"{call}: every sample must lie in [low, high] (found values from {x.min():.4g} to {x.max():.4g})",
                 hint, mistake=mistake)
        check_true(np.all(np.isfinite(x)) and x.min() >= low * (1 - 1e-9) and x.max() <= high * (1 + 1e-9),
                   f"{call}: every sample lies in [low, high] (found values from {np.nanmin(x):.4g} to "
                   f"{np.nanmax(x):.4g})", hint="draw r between np.log10(low) and np.log10(high), return 10 ** r")
        if x.size >= 1000:
            u = (np.log10(np.clip(x, low, high)) - np.log10(low)) / (np.log10(high) - np.log10(low))

            def recognise(x=x, low=low, high=high):
                linear = np.sum(x >= low + 0.75 * (high - low)) / x.size
                if abs(linear - 0.25) < 0.03 and high / low > 10:
                    return "linear_scale", ("the samples are uniform on the linear scale: draw the exponent r "
                                            "uniformly, return 10 ** r")
                return None, "r = rng.uniform(np.log10(low), np.log10(high), size), then 10 ** r"

            _log_share_checks(call, u.ravel(), recognise)
        _rng_checks(call, lambda seed, low=low, high=high, size=size:
                    np.asarray(submission.sample_log_uniform(low, high, size, _gen(seed))), shape)


def _draw_beta(submission, call, low, high, size, seed):
    """submission.sample_beta(low, high, size, rng); names the error of rng.uniform given its bounds in
    the wrong order (np.log10(1 - low) is the larger exponent)."""
    try:
        return submission.sample_beta(low, high, size, _gen(seed))
    except SubmissionError as error:
        if error.raised == "ValueError" and "high - low < 0" in str(error):
            fail(f"{call}: {error}: rng.uniform was given its larger bound first",
                 "np.log10(1 - high) is the smaller exponent: rng.uniform(np.log10(1 - high), np.log10(1 - low), "
                 "size)", mistake="bounds_swapped")
        raise


@hidden_check("sample_beta")
def check_sample_beta(submission, reference):
    cases = [(0.9, 0.999, 20_000), (0.5, 0.99, 20_000), (0.99, 0.9999, 20_000), (0.0, 0.9, (100, 200)),
             (0.9, 0.95, 20_000), (0.999, 0.99999, 20_000), (0.8, 0.999, (4, 5, 1000)), (0.9, 0.999, 1),
             (0.95, 0.98, (1,)), (0.9, 0.99, (6, 2))]
    for low, high, size in cases:
        call = f"sample_beta({low:g}, {high:g}, {size}, rng)"
        shape = _expected_shape(size)
        beta = _as_array(call, _draw_beta(submission, call, low, high, size, 8), shape)
        tol = 1e-9
        inside = np.all(np.isfinite(beta)) and beta.min() >= low - tol and beta.max() <= high + tol
        if not inside:
            found = f"found values from {np.nanmin(beta):.6g} to {np.nanmax(beta):.6g}"
            if np.all(np.isfinite(beta)) and beta.min() >= 1 - high - tol and beta.max() <= 1 - low + tol:
                fail(f"{call}: every sample must lie in [low, high] ({found}: that is where 1 - beta lies)",
                     "10 ** r is 1 - beta: return 1 - 10 ** r", mistake="forgets_one_minus")
            if np.all(np.isfinite(beta)) and beta.min() >= 1 - 0.1 - tol and beta.max() <= 1 - 0.001 + tol:
                fail(f"{call}: every sample must lie in [low, high] ({found}, the range [0.9, 0.999] of the example)",
                     "use the bounds you are given: r between np.log10(1 - high) and np.log10(1 - low), not -3 and -1",
                     mistake="hard_coded_bounds")
            fail(f"{call}: every sample must lie in [low, high] ({found})",
                 "r = rng.uniform(np.log10(1 - high), np.log10(1 - low), size), then 1 - 10 ** r")
        if beta.size >= 1000:
            a, b = np.log10(1 - high), np.log10(1 - low)
            u = (np.log10(np.clip(1 - beta, 1 - high, 1 - low)) - a) / (b - a)

            def recognise(beta=beta, low=low, high=high):
                linear = np.sum(beta >= low + 0.5 * (high - low)) / beta.size
                if abs(linear - 0.5) < 0.03:
                    return "linear_scale", ("the samples are uniform on the linear scale (of beta, or of log beta): "
                                            "draw r = log10(1 - beta) uniformly and return 1 - 10 ** r")
                return None, "r = rng.uniform(np.log10(1 - high), np.log10(1 - low), size), then 1 - 10 ** r"

            _log_share_checks(call, u.ravel(), recognise)
            if (low, high) == (0.9, 0.999):
                mistake, hint = recognise()
                check_fraction(f"the share of the samples of {call} in [0.99, 0.999]", int(np.sum(beta >= 0.99)),
                               beta.size, 0.5, hint=hint, mistake=mistake)
        _rng_checks(call, lambda seed, low=low, high=high, size=size:
                    np.asarray(submission.sample_beta(low, high, size, _gen(seed))), shape)


# -- ewa_horizon ---------------------------------------------------------------------------------

def _horizon_hint(found, beta):
    """(mistake or None, hint) for a wrong horizon."""
    beta = np.asarray(beta, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        slips = [(1 / beta, "one_over_beta", "1 / beta is not the horizon: it is 1 / (1 - beta)"),
                 (beta / (1 - beta), "beta_over_one_minus_beta",
                  "beta / (1 - beta) counts one value too few: the horizon is 1 / (1 - beta)"),
                 (1 - beta, "one_minus_beta",
                  "1 - beta is the weight of the newest value; the horizon is its inverse, 1 / (1 - beta)"),
                 (np.round(1 / (1 - beta)), "rounded", "do not round: 1 / (1 - 0.9005) is 10.05"),
                 (np.floor(1 / (1 - beta)), "truncated", "do not round or use int(): 1 / (1 - 0.999) is "
                                                         "999.9999999999991, which int() turns into 999")]
    for value, mistake, hint in slips:
        if np.shape(value) == np.shape(found) and np.allclose(found, value, rtol=1e-9, atol=0):
            return mistake, hint
    return None, "the horizon is 1 / (1 - beta), entry by entry"


@hidden_check("ewa_horizon")
def check_ewa_horizon(submission, reference):
    for beta in [0.9, 0.9005, 0.999, 0.9995, 0.0, 0.1, 0.5, 0.95, 0.98, 0.99, 0.9999, 0.99999, 0.3]:
        call = f"ewa_horizon({beta})"
        found = check_array(call, submission.ewa_horizon(beta), (),
                            hint="return a number, 1 / (1 - beta), not a list or an array of shape (1,)")
        mistake, hint = _horizon_hint(found, beta)
        check_close(call, found, reference.ewa_horizon(beta), rtol=1e-9, atol=1e-12, hint=hint, mistake=mistake)
    data = _gen(901)
    for beta in [np.array([0.9, 0.99, 0.999]), 1 - 10.0 ** data.uniform(-4, -0.5, size=50),
                 np.array([[0.5, 0.75, 0.875], [0.9, 0.95, 0.9995]]), np.array([0.0]),
                 1 - 10.0 ** data.uniform(-3, -1, size=(4, 7))]:
        call = f"ewa_horizon(an array of shape {beta.shape})"
        found = check_array(call, submission.ewa_horizon(beta.copy()), beta.shape,
                            hint="write it with arithmetic on the whole array, 1 / (1 - beta): no int(), round() "
                                 "or math functions, which work on single numbers only")
        mistake, hint = _horizon_hint(found, beta)
        check_close(call, found, reference.ewa_horizon(beta), rtol=1e-9, atol=1e-12, hint=hint, mistake=mistake)


# -- grid_points ---------------------------------------------------------------------------------

def _pairs(call, result):
    if not isinstance(result, (list, tuple)):
        kind = getattr(result, "type_name", type(result).__name__)
        lazy = kind in ("zip", "itertools.product", "product", "map", "generator", "filter")
        fail(f"{call} returned {kind}; expected a list of (a, b) tuples",
             "a zip or itertools.product object is a lazy iterator: wrap it in list(...)",
             mistake="lazy_iterator" if lazy else None)
    pairs = []
    for k, item in enumerate(result):
        if isinstance(item, np.ndarray) and item.shape == (2,):
            item = tuple(item.tolist())
        if not isinstance(item, (list, tuple)) or len(item) != 2:
            fail(f"item {k} of {call} is {item!r}; expected a pair (a, b)", "append tuples (a, b)")
        try:
            pairs.append((float(item[0]), float(item[1])))
        except (TypeError, ValueError):
            fail(f"item {k} of {call} is {item!r}; expected a pair of numbers (a, b)",
                 "each point is (a, b): one value of values_a, then one of values_b")
    return pairs


def _short(values):
    if len(values) <= 6:
        return "[" + ", ".join(f"{float(v):g}" for v in values) + "]"
    return f"{len(values)} values"


@hidden_check("grid_points")
def check_grid_points(submission, reference):
    data = _gen(904)
    cases = [([1, 2, 3], [10, 20]), (list(10.0 ** np.arange(-4, 1)), [0.9, 0.95, 0.98, 0.99, 0.999]),
             ([0.1], [1, 2, 3, 4]), ([7, 8, 9, 10], [0.5]), ([1], [2]), ([1, 2], [1, 2]),
             ([0, 1, 2, 3], [2, 3, 4]), (np.array([0.5, 1.5, 2.5]), np.array([-1.0, -2.0, -3.0, -4.0, -5.0])),
             (list(data.normal(size=7)), list(data.normal(size=6))), (list(range(20)), list(range(100, 130)))]
    for values_a, values_b in cases:
        n_a, n_b = len(values_a), len(values_b)
        call = f"grid_points({_short(values_a)}, {_short(values_b)})"
        pairs = _pairs(call, submission.grid_points(values_a, values_b))
        expected = sorted((float(a), float(b)) for a in values_a for b in values_b)
        if sorted(pairs) == expected:
            continue
        found = f"{len(pairs)} points"
        zipped = sorted((float(a), float(b)) for a, b in zip(values_a, values_b))
        swapped = sorted((float(b), float(a)) for a in values_a for b in values_b)
        if sorted(pairs) == zipped and n_a * n_b != min(n_a, n_b):
            fail(f"{call} returned {found}, the pairs of zip(values_a, values_b); expected all {n_a * n_b} "
                 "combinations", "zip pairs values by position; a grid takes every a with every b: two for loops",
                 mistake="zipped")
        if sorted(pairs) == swapped:
            fail(f"{call} returned the points as (b, a); expected (a, b): a from values_a first",
                 "loop over values_a outside, values_b inside, and append (a, b)", mistake="swapped_pairs")
        if len(set(pairs)) < len(pairs) and len(pairs) >= n_a * n_b:
            fail(f"{call} returned {found} with repeats; expected each of the {n_a * n_b} combinations once",
                 "one point per combination: for a in values_a, for b in values_b", mistake="repeats")
        for values, name in [(values_a, "values_a"), (values_b, "values_b")]:
            if sorted(pairs) == sorted((float(a), float(b)) for a in values for b in values):
                fail(f"{call} returned {found}, every pair of {name} with itself; expected every a of values_a "
                     "with every b of values_b", "the inner loop runs over values_b: for a in values_a, for b in "
                     "values_b", mistake="a_with_a")
        if sorted(pairs) == [pair for pair in expected if pair[0] != pair[1]]:
            fail(f"{call} returned {found}: the combinations with a == b are missing",
                 "keep every combination, also when a value of values_a equals one of values_b",
                 mistake="skips_equal_values")
        check_equal(f"the number of points of {call}", len(pairs), n_a * n_b,
                    hint="n_a values times n_b values make n_a * n_b combinations")
        fail(f"{call} returned {found} that are not every combination (a, b) once",
             "every a of values_a with every b of values_b: [(a, b) for a in values_a for b in values_b]")


# -- zoom_in -------------------------------------------------------------------------------------

def _box(points, chosen):
    return points[list(chosen)].min(axis=0), points[list(chosen)].max(axis=0)


def _valid_boxes(points, scores, top_k):
    """Every box a correct zoom_in may return: ties for the last place may be broken any way."""
    order = np.sort(scores)[::-1]
    cut = order[top_k - 1]
    above = [i for i in range(len(scores)) if scores[i] > cut]
    tied = [i for i in range(len(scores)) if scores[i] == cut]
    boxes = []
    for extra in itertools.combinations(tied, top_k - len(above)):
        boxes.append(_box(points, above + list(extra)))
    return boxes


def _matches(lows, highs, box):
    return np.allclose(lows, box[0], rtol=1e-12, atol=1e-12) and np.allclose(highs, box[1], rtol=1e-12, atol=1e-12)


def _zoom_cases():
    data = _gen(905)
    for n, d, top_k in [(10, 2, 3), (7, 3, 1), (6, 2, 6), (50, 4, 10), (1, 1, 1), (20, 1, 5), (5, 5, 2),
                        (100, 2, 100), (30, 3, 29), (12, 6, 4), (9, 2, 2)]:
        points = data.normal(0.0, 2.0, size=(n, d)) + data.integers(-5, 5, size=d)
        scores = data.normal(size=n) if n % 2 else data.random(n)    # negative scores too
        yield f"points of shape ({n}, {d}), scores of shape ({n},), top_k={top_k}", points, scores, top_k
    # ties: inside the top, among the rest, and for the last place
    points = data.normal(size=(8, 3))
    scores = np.array([0.9, 0.9, 0.9, 0.2, 0.1, 0.1, 0.5, 0.0])
    yield "points of shape (8, 3) whose 3 best scores tie (top_k=3)", points, scores, 3
    yield "points of shape (8, 3) with ties for the last place (top_k=2)", points, scores, 2
    scores = np.array([0.3, 0.7, 0.3, 0.7, 0.1, 0.3, 0.7, 0.3])
    yield "points of shape (8, 3) with ties for the last place (top_k=4)", points, scores, 4
    yield "points of shape (8, 3) whose scores tie in groups (top_k=3)", points, scores, 3
    yield "points of shape (8, 3) with all scores tied (top_k=8)", points, np.full(8, 0.25), 8


def _zoom_hint(lows, highs, points, scores, top_k):
    """(mistake or None, hint) for a wrong box."""
    n = len(scores)
    order = np.argsort(scores, kind="stable")
    columns = np.sort(points, axis=0)[-top_k:]
    slips = [(_box(points, order[:top_k]), "lowest_scores", "these are the lowest-scoring runs: np.argsort sorts "
              "increasingly, so the best are np.argsort(scores)[-top_k:]"),
             (_box(points, range(top_k)), "first_rows", "the first top_k rows were taken: select the rows of the "
              "top_k highest scores, np.argsort(scores)[-top_k:]"),
             ((columns.min(axis=0), columns.max(axis=0)), "sorted_columns", "each column was sorted on its own, "
              "whatever the scores: select whole rows (runs), by score, np.argsort(scores)[-top_k:]")]
    if top_k < n:
        slips.append((_box(points, order[-(top_k + 1):]), "one_too_many", "one run too many: keep exactly top_k runs"))
    if top_k > 1:
        slips.append((_box(points, order[-(top_k - 1):]), "one_too_few", "one run too few: keep exactly top_k runs"))
    cut = np.sort(scores)[::-1][top_k - 1]
    if np.sum(scores >= cut) > top_k:
        slips.append((_box(points, np.flatnonzero(scores >= cut)), "keeps_ties", "with ties for the last place, "
                      "every run scoring at least the top_k-th score was kept: that is more than top_k runs; keep "
                      "exactly top_k, np.argsort(scores)[-top_k:]"))
    for box, mistake, hint in slips:
        if _matches(lows, highs, box):
            return mistake, hint
    return None, "take the rows of the top_k highest scores, then .min(axis=0) and .max(axis=0) over them"


@hidden_check("zoom_in")
def check_zoom_in(submission, reference):
    for description, points, scores, top_k in _zoom_cases():
        n, d = points.shape
        call = f"zoom_in({description})"
        result = check_tuple(call, submission.zoom_in(points.copy(), scores.copy(), top_k), ["lows", "highs"])
        box = []
        for name, value in zip(["lows", "highs"], result, strict=True):
            if isinstance(value, (list, tuple)):
                value = np.asarray(value, dtype=float)
            if isinstance(value, np.ndarray) and d > 1 and value.shape not in [(d,), ()] and value.ndim == 1:
                fail(f"{name} returned by {call}: expected shape ({d},), one value per hyperparameter, found "
                     f"shape {value.shape}", "the box is taken down the columns: .min(axis=0), .max(axis=0)",
                     mistake="wrong_axis")
            box.append(check_array(f"{name} returned by {call}", value, (d,),
                                   hint="one value per hyperparameter (column): .min(axis=0) and .max(axis=0)"))
        lows, highs = box
        valid = _valid_boxes(points, scores, top_k)
        if any(_matches(lows, highs, b) for b in valid):
            continue
        mistake, hint = _zoom_hint(lows, highs, points, scores, top_k)
        if len(valid) == 1:
            check_close(f"lows returned by {call}", lows, valid[0][0], rtol=1e-12, atol=1e-12, hint=hint,
                        mistake=mistake)
            check_close(f"highs returned by {call}", highs, valid[0][1], rtol=1e-12, atol=1e-12, hint=hint,
                        mistake=mistake)
        fail(f"{call} returned a box (lows, highs) that is not the box of any {top_k} highest-scoring runs "
             "(ties for the last place may be broken any way)", hint, mistake=mistake)
