"""Simulated students of 02_bias_variance: typical wrong answers and correct alternatives."""
import numpy as np

from autograder.testing.students import SimulatedStudent, answer


# -- error_rate: wrong ---------------------------------------------------------------------------
@answer("error_rate")
def error_is_accuracy(Y_hat, Y):
    return float(np.mean(Y_hat == Y))


@answer("error_rate")
def error_is_count(Y_hat, Y):
    return float(np.sum(Y_hat != Y))


@answer("error_rate")
def error_per_example(Y_hat, Y):
    return np.mean(Y_hat != Y, axis=0)


@answer("error_rate")
def error_in_percent(Y_hat, Y):
    return float(100 * np.mean(Y_hat != Y))


# -- error_rate: correct alternatives ------------------------------------------------------------
@answer("error_rate")
def alt_error_count_nonzero(Y_hat, Y):
    return np.count_nonzero(Y_hat != Y) / Y.shape[1]


@answer("error_rate")
def alt_error_loop(Y_hat, Y):
    wrong = 0
    for i in range(Y.shape[1]):
        if Y_hat[0, i] != Y[0, i]:
            wrong += 1
    return wrong / Y.shape[1]


# -- diagnose: wrong -----------------------------------------------------------------------------
@answer("diagnose")
def diagnose_ignores_bayes(train_error, dev_error, bayes_error=0.0, threshold=0.05):
    return train_error > threshold, dev_error - train_error > threshold


@answer("diagnose")
def diagnose_swapped(train_error, dev_error, bayes_error=0.0, threshold=0.05):
    return dev_error - train_error > threshold, train_error - bayes_error > threshold


@answer("diagnose")
def diagnose_variance_against_bayes(train_error, dev_error, bayes_error=0.0, threshold=0.05):
    return train_error - bayes_error > threshold, dev_error - bayes_error > threshold


@answer("diagnose")
def diagnose_fixed_threshold(train_error, dev_error, bayes_error=0.0, threshold=0.05):
    return train_error - bayes_error > 0.05, dev_error - train_error > 0.05


# -- diagnose: correct alternatives --------------------------------------------------------------
@answer("diagnose")
def alt_diagnose_sums(train_error, dev_error, bayes_error=0.0, threshold=0.05):
    return (train_error > bayes_error + threshold, dev_error > train_error + threshold)


@answer("diagnose")
def alt_diagnose_numpy(train_error, dev_error, bayes_error=0.0, threshold=0.05):
    gaps = np.array([train_error - bayes_error, dev_error - train_error])
    high = np.greater(gaps, threshold)
    return high[0], high[1]


# -- basic_recipe: wrong -------------------------------------------------------------------------
@answer("basic_recipe")
def recipe_both_at_once(high_bias, high_variance):
    remedies = []
    if high_bias:
        remedies += ["bigger network", "train longer"]
    if high_variance:
        remedies += ["more data", "regularization"]
    return remedies


@answer("basic_recipe")
def recipe_variance_first(high_bias, high_variance):
    if high_variance:
        return ["more data", "regularization"]
    if high_bias:
        return ["bigger network", "train longer"]
    return []


@answer("basic_recipe")
def recipe_swapped_remedies(high_bias, high_variance):
    if high_bias:
        return ["more data", "regularization"]
    if high_variance:
        return ["bigger network", "train longer"]
    return []


@answer("basic_recipe")
def recipe_none_when_fine(high_bias, high_variance):
    if high_bias:
        return ["bigger network", "train longer"]
    if high_variance:
        return ["more data", "regularization"]


# -- basic_recipe: correct alternatives ----------------------------------------------------------
@answer("basic_recipe")
def alt_recipe_table(high_bias, high_variance):
    table = {(True, True): ["bigger network", "train longer"], (True, False): ["bigger network", "train longer"],
             (False, True): ["more data", "regularization"], (False, False): []}
    return list(table[bool(high_bias), bool(high_variance)])


@answer("basic_recipe")
def alt_recipe_tuple_branches(high_bias, high_variance):
    remedies = ()
    if not high_bias and high_variance:
        remedies = ("more data", "regularization")
    elif high_bias:
        remedies = ("bigger network", "train longer")
    return remedies


STUDENTS = [
    SimulatedStudent.reference(),
    SimulatedStudent.blank(),
    SimulatedStudent.wrong(error_is_accuracy, "accuracy_not_error"),
    SimulatedStudent.wrong(error_is_count, "count_not_fraction"),
    SimulatedStudent.wrong(error_per_example, "not_one_number"),
    SimulatedStudent.wrong(error_in_percent, "percent_not_fraction"),
    SimulatedStudent("alt_error_count_nonzero", [alt_error_count_nonzero], loses=set()),
    SimulatedStudent("alt_error_loop", [alt_error_loop], loses=set()),
    SimulatedStudent.wrong(diagnose_ignores_bayes, "bias_ignores_bayes"),
    SimulatedStudent.wrong(diagnose_swapped, "flags_swapped"),
    SimulatedStudent.wrong(diagnose_variance_against_bayes, "variance_against_bayes"),
    SimulatedStudent.wrong(diagnose_fixed_threshold, "threshold_hardcoded"),
    SimulatedStudent("alt_diagnose_sums", [alt_diagnose_sums], loses=set()),
    SimulatedStudent("alt_diagnose_numpy", [alt_diagnose_numpy], loses=set()),
    SimulatedStudent.wrong(recipe_both_at_once, "both_at_once"),
    SimulatedStudent.wrong(recipe_variance_first, "variance_first"),
    SimulatedStudent.wrong(recipe_swapped_remedies, "remedies_swapped"),
    SimulatedStudent.wrong(recipe_none_when_fine, "not_a_list"),
    SimulatedStudent("alt_recipe_table", [alt_recipe_table], loses=set()),
    SimulatedStudent("alt_recipe_tuple_branches", [alt_recipe_tuple_branches], loses=set()),
]
