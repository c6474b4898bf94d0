"""Hidden checks of 02_bias_variance.

error_rate is compared with the reference on predictions of many shapes and dtypes (ints, floats,
bools), all right and all wrong; it must return one float. diagnose is checked on the four cases
of the lecture and on a grid of random errors, Bayes errors and thresholds whose gaps are never
within 1e-9 of the threshold, so `a - b > t` and `a > b + t` both pass. basic_recipe is checked on
all four diagnoses, given as bools and as numpy bools.
"""
import itertools

import numpy as np

from autograder.engine.hidden import hidden_check
from utils.checks import check_close, check_equal, check_true, check_tuple, fail

MISTAKES = {
    "error_rate": {
        "not_one_number": "returns an array (one error per example?) or another type instead of one float",
        "accuracy_not_error": "returns the accuracy (the fraction of right predictions) instead of the error",
        "count_not_fraction": "returns the number of wrong predictions instead of their fraction",
        "percent_not_fraction": "returns the error in percent instead of a fraction",
    },
    "diagnose": {
        "flags_not_bool": "the flags are not True or False",
        "flags_swapped": "returns (high_variance, high_bias)",
        "bias_ignores_bayes": "high_bias compares the train error with the threshold, ignoring the Bayes error",
        "variance_against_bayes": "high_variance compares the dev error with the Bayes error, not the train error",
        "threshold_hardcoded": "uses 0.05 whatever the threshold argument says",
    },
    "basic_recipe": {
        "not_a_list": "does not always return a list (None when nothing needs fixing?)",
        "both_at_once": "with high bias and high variance, returns both remedies at once",
        "variance_first": "treats variance before bias",
        "remedies_swapped": "gives the variance remedies for high bias and the other way round",
    },
}


def _scalar(value):
    """A NumPy scalar travels back from the sandbox as an array of shape (1,): unwrap it."""
    if isinstance(value, np.ndarray) and value.shape in [(), (1,)]:
        return value.reshape(-1)[0]
    return value


# -- error_rate ----------------------------------------------------------------------------------
@hidden_check("error_rate")
def check_error_rate(submission, reference):
    data = np.random.default_rng(201)
    cases = []
    for m, wrong_fraction in [(1, 0.0), (1, 1.0), (8, 0.375), (7, 0.5), (1_000, 0.13), (5_001, 0.9), (50, 0.0),
                              (50, 1.0)]:
        Y = data.integers(0, 2, size=(1, m))
        wrong = data.permutation(m) < round(wrong_fraction * m)
        Y_hat = np.where(wrong, 1 - Y, Y)
        cases.append((Y_hat, Y))
    Y_hat, Y = cases[4]
    cases += [(Y_hat.astype(float), Y), (Y_hat, Y.astype(float)), (Y_hat.astype(bool), Y.astype(bool)),
              (Y_hat.astype(np.int8), Y.astype(float))]
    for Y_hat, Y in cases:
        m = Y.shape[1]
        call = f"error_rate(Y_hat of shape {Y_hat.shape} ({Y_hat.dtype}), Y ({Y.dtype}))"
        found = _scalar(submission.error_rate(Y_hat, Y))
        expected = reference.error_rate(Y_hat, Y)
        if isinstance(found, bool) or not isinstance(found, (float, np.floating)):
            kind = f"an array of shape {found.shape}" if isinstance(found, np.ndarray) else type(found).__name__
            fail(f"{call} returned {kind}; expected one float",
                 "average over all the examples and return a float: float(np.mean(Y_hat != Y))",
                 mistake="not_one_number")
        found = float(found)
        if not np.isclose(found, expected, rtol=1e-12, atol=1e-12):
            if np.isclose(found, 1 - expected, rtol=1e-12, atol=1e-12):
                fail(f"{call} returned the accuracy (the fraction of right predictions) instead of the error",
                     "count the predictions that differ from the labels: Y_hat != Y", mistake="accuracy_not_error")
            if m > 1 and np.isclose(found, expected * m, rtol=1e-12, atol=1e-9):
                fail(f"{call} returned the number of wrong predictions instead of their fraction",
                     "divide by the number of examples m, or use np.mean", mistake="count_not_fraction")
            if np.isclose(found, 100 * expected, rtol=1e-12, atol=1e-9):
                fail(f"{call} returned the error in percent", "return a fraction between 0 and 1: np.mean(Y_hat != Y)",
                     mistake="percent_not_fraction")
        check_close(call, found, expected, rtol=1e-12, atol=1e-12, hint="np.mean(Y_hat != Y)")


# -- diagnose ------------------------------------------------------------------------------------
def _flags(found, call):
    found = check_tuple(call, found, ["high_bias", "high_variance"])
    found = [_scalar(flag) for flag in found]
    for flag, name in zip(found, ["high_bias", "high_variance"]):
        if not (isinstance(flag, (bool, np.bool_)) or isinstance(flag, (int, np.integer)) and flag in (0, 1)):
            fail(f"{name} returned by {call} is {type(flag).__name__} {flag!r}; expected True or False",
                 "return the comparisons themselves: train_error - bayes_error > threshold", mistake="flags_not_bool")
    return tuple(bool(flag) for flag in found)


@hidden_check("diagnose")
def check_diagnose(submission, reference):
    cases = [(0.01, 0.11, 0.0, 0.05), (0.15, 0.16, 0.0, 0.05), (0.15, 0.30, 0.0, 0.05), (0.005, 0.01, 0.0, 0.05),
             (0.15, 0.16, 0.15, 0.05), (0.15, 0.16, 0.12, 0.05), (0.15, 0.30, 0.14, 0.05), (0.08, 0.09, 0.0, 0.05),
             (0.04, 0.07, 0.0, 0.02), (0.30, 0.32, 0.0, 0.35), (0.0, 0.0, 0.0, 0.05), (0.5, 0.9, 0.1, 0.2),
             (0.2, 0.22, 0.1, 0.05), (0.02, 0.2, 0.01, 0.1)]
    data = np.random.default_rng(202)
    while len(cases) < 200:
        bayes, threshold = data.choice([0.0, 0.0, 0.01, 0.05, 0.1, 0.2]), data.choice([0.01, 0.02, 0.05, 0.1])
        train = bayes + data.uniform(0, 0.4)
        dev = train + data.uniform(-0.02, 0.4)
        if min(abs(train - bayes - threshold), abs(dev - train - threshold)) > 1e-6:
            cases.append((float(train), float(dev), float(bayes), float(threshold)))
    for train, dev, bayes, threshold in cases:
        call = f"diagnose({train:.4g}, {dev:.4g}, bayes_error={bayes:.4g}, threshold={threshold:.4g})"
        found = _flags(submission.diagnose(train, dev, bayes_error=bayes, threshold=threshold), call)
        expected = tuple(bool(flag) for flag in reference.diagnose(train, dev, bayes_error=bayes, threshold=threshold))
        if found != expected:
            if found == expected[::-1]:
                fail(f"{call} returned (high_variance, high_bias): the two flags are swapped",
                     "return (high_bias, high_variance): bias compares train with Bayes, variance dev with train",
                     mistake="flags_swapped")
            if found[0] != expected[0] and found[0] == (train > threshold):
                fail(f"{call}: high_bias ignores the Bayes error",
                     "bias is measured against the Bayes error: train_error - bayes_error > threshold",
                     mistake="bias_ignores_bayes")
            if found[1] != expected[1] and found[1] == (dev - bayes > threshold):
                fail(f"{call}: high_variance compares the dev error with the Bayes error instead of the train error",
                     "variance is the gap between dev and train: dev_error - train_error > threshold",
                     mistake="variance_against_bayes")
            if threshold != 0.05 and found == (train - bayes > 0.05, dev - train > 0.05):
                fail(f"{call} compared the gaps with 0.05 instead of the threshold {threshold:.4g}",
                     "use the threshold argument, not its default value", mistake="threshold_hardcoded")
        check_equal(call, found, expected,
                    hint="high_bias = train_error - bayes_error > threshold; "
                         "high_variance = dev_error - train_error > threshold")


# -- basic_recipe --------------------------------------------------------------------------------
@hidden_check("basic_recipe")
def check_basic_recipe(submission, reference):
    for high_bias, high_variance in itertools.product([False, True], repeat=2):
        for kind in [bool, np.bool_]:
            call = f"basic_recipe({high_bias}, {high_variance})"
            found = submission.basic_recipe(kind(high_bias), kind(high_variance))
            expected = reference.basic_recipe(high_bias, high_variance)
            check_true(isinstance(found, (list, tuple)),
                       f"{call} returned {type(found).__name__} {found!r}; expected a list of strings",
                       'return a list, e.g. ["more data", "regularization"], or [] when nothing needs fixing',
                       mistake="not_a_list")
            found = list(found)
            if high_bias and high_variance and found != expected and set(expected) <= set(found):
                fail(f"{call} returned the remedies for bias and for variance at once",
                     "bias first: with high bias return only its remedies; variance comes after bias is fixed",
                     mistake="both_at_once")
            if high_bias and high_variance and found != expected and found == reference.basic_recipe(False, True):
                fail(f"{call} treated variance first", "bias first: check high_bias before high_variance",
                     mistake="variance_first")
            remedies = [reference.basic_recipe(True, False), reference.basic_recipe(False, True)]
            if high_bias != high_variance and found != expected and expected in remedies and found in remedies:
                fail(f"{call} returned the remedies of the other problem",
                     "high bias needs a bigger network or longer training; high variance more data or regularization",
                     mistake="remedies_swapped")
            check_equal(call, found, expected,
                        hint='high bias: ["bigger network", "train longer"]; else high variance: '
                             '["more data", "regularization"]; else []')
