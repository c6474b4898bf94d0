"""Simulated students of 09_hyperparameter_search: typical wrong answers and correct alternatives.

Each student is the reference submission with some answer cells replaced; ``loses`` names the
graded functions whose test cells must score zero.
"""
import numpy as np

from autograder.testing.students import SimulatedStudent, answer, cell

# Defined by the notebook's answer cells when these answers run there.
sample_log_uniform = None


# -- sample_log_uniform: wrong -------------------------------------------------------------------

@answer("sample_log_uniform")
def log_uniform_linear_scale(low, high, size, rng):
    return rng.uniform(low, high, size)


@answer("sample_log_uniform")
def log_uniform_exponent_between_bounds(low, high, size, rng):
    return 10.0 ** rng.uniform(low, high, size)


@answer("sample_log_uniform")
def log_uniform_returns_exponent(low, high, size, rng):
    return rng.uniform(np.log10(low), np.log10(high), size)


@answer("sample_log_uniform")
def log_uniform_global_random(low, high, size, rng):
    return 10.0 ** np.random.uniform(np.log10(low), np.log10(high), size)


@answer("sample_log_uniform")
def log_uniform_natural_log(low, high, size, rng):
    return 10.0 ** rng.uniform(np.log(low), np.log(high), size)


# -- sample_log_uniform: correct alternatives ----------------------------------------------------

@answer("sample_log_uniform")
def log_uniform_exp_log(low, high, size, rng):
    return np.exp(rng.uniform(np.log(low), np.log(high), size))


@answer("sample_log_uniform")
def log_uniform_ratio_power(low, high, size, rng):
    return low * (high / low) ** rng.random(size)


@answer("sample_log_uniform")
def log_uniform_scaled_exponent(low, high, size, rng):
    a, b = np.log10(low), np.log10(high)
    r = a + (b - a) * rng.random(size)
    return np.power(10.0, r)


# -- sample_beta: wrong --------------------------------------------------------------------------

@answer("sample_beta")
def beta_linear_scale(low, high, size, rng):
    return rng.uniform(low, high, size)


@answer("sample_beta")
def beta_forgets_one_minus(low, high, size, rng):
    return 10.0 ** rng.uniform(np.log10(1 - high), np.log10(1 - low), size)


@answer("sample_beta")
def beta_hard_coded_exponents(low, high, size, rng):
    return 1 - 10.0 ** rng.uniform(-3, -1, size)


@answer("sample_beta")
def beta_log_of_beta(low, high, size, rng):
    return 10.0 ** rng.uniform(np.log10(low), np.log10(high), size)


@answer("sample_beta")
def beta_bounds_swapped(low, high, size, rng):
    r = rng.uniform(np.log10(1 - low), np.log10(1 - high), size)     # the larger bound first: rng.uniform raises
    return 1 - 10 ** r


@answer("sample_beta")
def beta_global_random(low, high, size, rng):
    return 1 - 10.0 ** np.random.uniform(np.log10(1 - high), np.log10(1 - low), size)


# -- sample_beta: correct alternatives -----------------------------------------------------------

@answer("sample_beta")
def beta_sorted_bounds(low, high, size, rng):
    a, b = sorted([np.log10(1 - low), np.log10(1 - high)])
    return 1 - 10 ** rng.uniform(a, b, size)


@answer("sample_beta")
def beta_through_log_uniform(low, high, size, rng):
    return 1.0 - sample_log_uniform(1.0 - high, 1.0 - low, size, rng)


@answer("sample_beta")
def beta_natural_exp(low, high, size, rng):
    u = rng.random(size)
    return 1 - np.exp(np.log(1 - high) + u * (np.log(1 - low) - np.log(1 - high)))


# -- ewa_horizon: wrong --------------------------------------------------------------------------

@answer("ewa_horizon")
def horizon_one_over_beta(beta):
    return 1 / beta


@answer("ewa_horizon")
def horizon_beta_over_one_minus(beta):
    return beta / (1 - beta)


@answer("ewa_horizon")
def horizon_rounded(beta):
    return np.round(1 / (1 - beta))


@answer("ewa_horizon")
def horizon_one_minus_beta(beta):
    return 1 - beta


# -- ewa_horizon: correct alternatives -----------------------------------------------------------

@answer("ewa_horizon")
def horizon_negative_power(beta):
    return (1 - beta) ** -1


@answer("ewa_horizon")
def horizon_reciprocal(beta):
    return np.reciprocal(1.0 - np.asarray(beta, dtype=float))


# -- grid_points: wrong --------------------------------------------------------------------------

@answer("grid_points")
def grid_zip(values_a, values_b):
    return list(zip(values_a, values_b))


@answer("grid_points")
def grid_swapped_pairs(values_a, values_b):
    return [(b, a) for a in values_a for b in values_b]


@answer("grid_points")
def grid_a_with_a(values_a, values_b):
    return [(a, b) for a in values_a for b in values_a]


@answer("grid_points")
def grid_skips_equal_values(values_a, values_b):
    return [(a, b) for a in values_a for b in values_b if a != b]


@answer("grid_points")
def grid_lazy_product(values_a, values_b):
    import itertools
    return itertools.product(values_a, values_b)


# -- grid_points: correct alternatives -----------------------------------------------------------

@cell("grid_points")
def grid_itertools_product():
    import itertools

    def grid_points(values_a, values_b):
        return list(itertools.product(values_a, values_b))


@answer("grid_points")
def grid_nested_loops_b_outside(values_a, values_b):
    points = []
    for b in values_b:
        for a in values_a:
            points.append((a, b))
    return points


@answer("grid_points")
def grid_meshgrid(values_a, values_b):
    A, B = np.meshgrid(np.asarray(values_a), np.asarray(values_b), indexing="ij")
    return [(a, b) for a, b in zip(A.ravel(), B.ravel(), strict=True)]


# -- zoom_in: wrong ------------------------------------------------------------------------------

@answer("zoom_in")
def zoom_lowest_scores(points, scores, top_k):
    worst = np.argsort(scores)[:top_k]
    return points[worst].min(axis=0), points[worst].max(axis=0)


@answer("zoom_in")
def zoom_first_rows(points, scores, top_k):
    return points[:top_k].min(axis=0), points[:top_k].max(axis=0)


@answer("zoom_in")
def zoom_sorted_points(points, scores, top_k):
    best = np.sort(points, axis=0)[-top_k:]
    return best.min(axis=0), best.max(axis=0)


@answer("zoom_in")
def zoom_one_too_many(points, scores, top_k):
    best = np.argsort(scores)[-top_k - 1:]
    return points[best].min(axis=0), points[best].max(axis=0)


@answer("zoom_in")
def zoom_threshold_keeps_ties(points, scores, top_k):
    best = scores >= np.sort(scores)[-top_k]
    return points[best].min(axis=0), points[best].max(axis=0)


@answer("zoom_in")
def zoom_wrong_axis(points, scores, top_k):
    best = np.argsort(scores)[-top_k:]
    return points[best].min(axis=1), points[best].max(axis=1)


# -- zoom_in: correct alternatives ---------------------------------------------------------------

@answer("zoom_in")
def zoom_negated_argsort(points, scores, top_k):
    best = points[np.argsort(-np.asarray(scores))[:top_k]]
    return np.min(best, axis=0), np.max(best, axis=0)


@answer("zoom_in")
def zoom_argpartition(points, scores, top_k):
    n = len(scores)
    best = np.argpartition(scores, n - top_k)[n - top_k:]
    return np.amin(points[best], axis=0), np.amax(points[best], axis=0)


@answer("zoom_in")
def zoom_loops(points, scores, top_k):
    ranked = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)[:top_k]
    d = points.shape[1]
    lows = [min(points[i][j] for i in ranked) for j in range(d)]
    highs = [max(points[i][j] for i in ranked) for j in range(d)]
    return np.array(lows), np.array(highs)


STUDENTS = [
    SimulatedStudent.reference(),
    SimulatedStudent.blank(),
    SimulatedStudent.wrong(log_uniform_linear_scale, "linear_scale"),
    SimulatedStudent.wrong(log_uniform_exponent_between_bounds, "exponent_between_bounds"),
    SimulatedStudent.wrong(log_uniform_returns_exponent, "returns_exponent"),
    SimulatedStudent.wrong(log_uniform_global_random, "global_random"),
    SimulatedStudent.wrong(log_uniform_natural_log, "natural_log"),
    SimulatedStudent("alt_log_uniform_exp_log", [log_uniform_exp_log], loses=set()),
    SimulatedStudent("alt_log_uniform_ratio_power", [log_uniform_ratio_power], loses=set()),
    SimulatedStudent("alt_log_uniform_scaled_exponent", [log_uniform_scaled_exponent], loses=set()),
    SimulatedStudent.wrong(beta_linear_scale, "linear_scale"),
    SimulatedStudent.wrong(beta_forgets_one_minus, "forgets_one_minus"),
    SimulatedStudent.wrong(beta_hard_coded_exponents, "hard_coded_bounds"),
    SimulatedStudent.wrong(beta_log_of_beta, "linear_scale"),  # beta log-uniform on a short range is nearly uniform
    SimulatedStudent.wrong(beta_global_random, "global_random"),
    SimulatedStudent.wrong(beta_bounds_swapped, "bounds_swapped"),
    SimulatedStudent("alt_beta_sorted_bounds", [beta_sorted_bounds], loses=set()),
    SimulatedStudent("alt_beta_through_log_uniform", [beta_through_log_uniform], loses=set()),
    SimulatedStudent("alt_beta_natural_exp", [beta_natural_exp], loses=set()),
    SimulatedStudent.wrong(horizon_one_over_beta, "one_over_beta"),
    SimulatedStudent.wrong(horizon_beta_over_one_minus, "beta_over_one_minus_beta"),
    SimulatedStudent.wrong(horizon_rounded, "rounded"),
    SimulatedStudent.wrong(horizon_one_minus_beta, "one_minus_beta"),
    SimulatedStudent("alt_horizon_negative_power", [horizon_negative_power], loses=set()),
    SimulatedStudent("alt_horizon_reciprocal", [horizon_reciprocal], loses=set()),
    SimulatedStudent.wrong(grid_zip, "zipped"),
    SimulatedStudent.wrong(grid_swapped_pairs, "swapped_pairs"),
    SimulatedStudent.wrong(grid_a_with_a, "a_with_a"),
    SimulatedStudent.wrong(grid_skips_equal_values, "skips_equal_values"),
    SimulatedStudent.wrong(grid_lazy_product, "lazy_iterator"),
    SimulatedStudent("alt_grid_itertools_product", [grid_itertools_product], loses=set()),
    SimulatedStudent("alt_grid_nested_loops_b_outside", [grid_nested_loops_b_outside], loses=set()),
    SimulatedStudent("alt_grid_meshgrid", [grid_meshgrid], loses=set()),
    SimulatedStudent.wrong(zoom_lowest_scores, "lowest_scores"),
    SimulatedStudent.wrong(zoom_first_rows, "first_rows"),
    SimulatedStudent.wrong(zoom_sorted_points, "sorted_columns"),
    SimulatedStudent.wrong(zoom_one_too_many, "one_too_many"),
    SimulatedStudent.wrong(zoom_threshold_keeps_ties, "keeps_ties"),
    SimulatedStudent.wrong(zoom_wrong_axis, "wrong_axis"),
    SimulatedStudent("alt_zoom_negated_argsort", [zoom_negated_argsort], loses=set()),
    SimulatedStudent("alt_zoom_argpartition", [zoom_argpartition], loses=set()),
    SimulatedStudent("alt_zoom_loops", [zoom_loops], loses=set()),
]
