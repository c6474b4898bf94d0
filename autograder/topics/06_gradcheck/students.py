"""Simulated students of 06_gradcheck: typical wrong answers, correct alternatives."""
import numpy as np

from autograder.testing.students import SimulatedStudent, answer, cell

# Defined by the notebook's answer cells when these answers run there (graded functions called
# by other answers): declare them so the linter knows the names.
relative_difference = None
centered_difference = None


# -- centered_difference: wrong ------------------------------------------------------------------
@answer("centered_difference")
def cd_no_factor_2(f, x, epsilon):
    return (f(x + epsilon) - f(x - epsilon)) / epsilon


@answer("centered_difference")
def cd_precedence(f, x, epsilon):
    return f(x + epsilon) - f(x - epsilon) / 2 * epsilon


@answer("centered_difference")
def cd_one_sided(f, x, epsilon):
    return (f(x + epsilon) - f(x)) / epsilon


@answer("centered_difference")
def cd_sign_flipped(f, x, epsilon):
    return (f(x - epsilon) - f(x + epsilon)) / (2 * epsilon)


# -- centered_difference: correct alternatives -----------------------------------------------------
@answer("centered_difference")
def cd_alt_half(f, x, epsilon):
    return 0.5 * (f(x + epsilon) - f(x - epsilon)) / epsilon


@answer("centered_difference")
def cd_alt_mean_of_slopes(f, x, epsilon):
    forward = (f(x + epsilon) - f(x)) / epsilon
    backward = (f(x) - f(x - epsilon)) / epsilon
    return (forward + backward) / 2


# -- one_sided_difference: wrong -------------------------------------------------------------------
@answer("one_sided_difference")
def os_backward(f, x, epsilon):
    return (f(x) - f(x - epsilon)) / epsilon


@answer("one_sided_difference")
def os_precedence(f, x, epsilon):
    return f(x + epsilon) - f(x) / epsilon


@answer("one_sided_difference")
def os_over_2_eps(f, x, epsilon):
    return (f(x + epsilon) - f(x)) / (2 * epsilon)


@answer("one_sided_difference")
def os_centered(f, x, epsilon):
    return (f(x + epsilon) - f(x - epsilon)) / (2 * epsilon)


# -- one_sided_difference: correct alternatives ----------------------------------------------------
@answer("one_sided_difference")
def os_alt_reciprocal(f, x, epsilon):
    return (f(x + epsilon) - f(x)) * (1.0 / epsilon)


@answer("one_sided_difference")
def os_alt_diff(f, x, epsilon):
    values = np.array([f(x), f(x + epsilon)], dtype=float)
    return float(np.diff(values)[0] / epsilon)


# -- relative_difference: wrong --------------------------------------------------------------------
@answer("relative_difference")
def rd_one_norm(grad, grad_approx):
    return np.linalg.norm(grad_approx - grad) / np.linalg.norm(grad)


@answer("relative_difference")
def rd_norm_of_sum(grad, grad_approx):
    return np.linalg.norm(grad_approx - grad) / np.linalg.norm(grad_approx + grad)


@answer("relative_difference")
def rd_squared_norms(grad, grad_approx):
    d = grad_approx - grad
    return np.sum(d**2) / (np.sum(grad_approx**2) + np.sum(grad**2))


@answer("relative_difference")
def rd_l1_norms(grad, grad_approx):
    return np.sum(np.abs(grad_approx - grad)) / (np.sum(np.abs(grad_approx)) + np.sum(np.abs(grad)))


# -- relative_difference: correct alternatives -----------------------------------------------------
@answer("relative_difference")
def rd_alt_sqrt_dot(grad, grad_approx):
    d = grad_approx - grad
    return np.sqrt(d @ d) / (np.sqrt(grad_approx @ grad_approx) + np.sqrt(grad @ grad))


@answer("relative_difference")
def rd_alt_loop(grad, grad_approx):
    squares_d = squares_a = squares_g = 0.0
    for g, a in zip(grad, grad_approx):
        squares_d += (a - g) ** 2
        squares_a += a * a
        squares_g += g * g
    return squares_d**0.5 / (squares_a**0.5 + squares_g**0.5)


# -- gradient_check: wrong -------------------------------------------------------------------------
@answer("gradient_check")
def gc_not_restored(cost, theta, grad, epsilon=1e-7):
    grad_approx = np.zeros(theta.shape)
    for i in range(theta.size):
        theta[i] += epsilon
        plus = cost(theta)
        theta[i] -= 2 * epsilon
        minus = cost(theta)
        grad_approx[i] = (plus - minus) / (2 * epsilon)
    return relative_difference(grad, grad_approx), grad_approx


@answer("gradient_check")
def gc_alias(cost, theta, grad, epsilon=1e-7):
    grad_approx = np.zeros(theta.shape)
    for i in range(theta.size):
        theta_plus = theta
        theta_plus[i] = theta_plus[i] + epsilon
        plus = cost(theta_plus)
        theta_minus = theta
        theta_minus[i] = theta_minus[i] - epsilon
        minus = cost(theta_minus)
        grad_approx[i] = (plus - minus) / (2 * epsilon)
    return relative_difference(grad, grad_approx), grad_approx


@answer("gradient_check")
def gc_one_sided(cost, theta, grad, epsilon=1e-7):
    grad_approx = np.zeros(theta.shape)
    base = cost(theta)
    for i in range(theta.size):
        theta_plus = theta.copy()
        theta_plus[i] += epsilon
        grad_approx[i] = (cost(theta_plus) - base) / epsilon
    return relative_difference(grad, grad_approx), grad_approx


@answer("gradient_check")
def gc_no_factor_2(cost, theta, grad, epsilon=1e-7):
    grad_approx = np.zeros(theta.shape)
    for i in range(theta.size):
        theta_plus, theta_minus = theta.copy(), theta.copy()
        theta_plus[i] += epsilon
        theta_minus[i] -= epsilon
        grad_approx[i] = (cost(theta_plus) - cost(theta_minus)) / epsilon
    return relative_difference(grad, grad_approx), grad_approx


@answer("gradient_check")
def gc_all_at_once(cost, theta, grad, epsilon=1e-7):
    grad_approx = np.zeros(theta.shape)
    for i in range(theta.size):
        grad_approx[i] = (cost(theta + epsilon) - cost(theta - epsilon)) / (2 * epsilon)
    return relative_difference(grad, grad_approx), grad_approx


@answer("gradient_check")
def gc_swapped_return(cost, theta, grad, epsilon=1e-7):
    grad_approx = np.zeros(theta.shape)
    for i in range(theta.size):
        theta_plus, theta_minus = theta.copy(), theta.copy()
        theta_plus[i] += epsilon
        theta_minus[i] -= epsilon
        grad_approx[i] = (cost(theta_plus) - cost(theta_minus)) / (2 * epsilon)
    return grad_approx, relative_difference(grad, grad_approx)


# -- gradient_check: correct alternatives ----------------------------------------------------------
@answer("gradient_check")
def gc_alt_in_place_restored(cost, theta, grad, epsilon=1e-7):
    grad_approx = np.zeros_like(theta, dtype=float)
    for i in range(len(theta)):
        old = theta[i]
        theta[i] = old + epsilon
        plus = cost(theta)
        theta[i] = old - epsilon
        minus = cost(theta)
        theta[i] = old
        grad_approx[i] = (plus - minus) / (2 * epsilon)
    difference = np.linalg.norm(grad_approx - grad) / (np.linalg.norm(grad_approx) + np.linalg.norm(grad))
    return difference, grad_approx


@answer("gradient_check")
def gc_alt_basis_vectors(cost, theta, grad, epsilon=1e-7):
    steps = epsilon * np.eye(theta.size)
    grad_approx = np.array([(cost(theta + step) - cost(theta - step)) / (2 * epsilon) for step in steps])
    return relative_difference(grad, grad_approx), grad_approx


@cell("gradient_check")
def gc_alt_with_centered_difference():
    def component_cost(cost, theta, i):
        def along(value):
            moved = theta.copy()
            moved[i] = value
            return cost(moved)
        return along

    def gradient_check(cost, theta, grad, epsilon=1e-7):
        grad_approx = np.array([centered_difference(component_cost(cost, theta, i), theta[i], epsilon)
                                for i in range(theta.size)])
        return relative_difference(grad, grad_approx), grad_approx


# -- gradcheck_verdict: wrong ----------------------------------------------------------------------
@answer("gradcheck_verdict")
def gv_reversed(difference):
    if difference <= 1e-7:
        return "wrong"
    if difference <= 1e-5:
        return "check"
    return "great"


@answer("gradcheck_verdict")
def gv_strict(difference):
    if difference < 1e-7:
        return "great"
    if difference < 1e-5:
        return "check"
    return "wrong"


@answer("gradcheck_verdict")
def gv_1e3_band(difference):
    if difference <= 1e-7:
        return "great"
    if difference <= 1e-3:
        return "check"
    return "wrong"


@answer("gradcheck_verdict")
def gv_capitalised(difference):
    if difference <= 1e-7:
        return "Great"
    if difference <= 1e-5:
        return "Check"
    return "Wrong"


# -- gradcheck_verdict: correct alternatives -------------------------------------------------------
@answer("gradcheck_verdict")
def gv_alt_from_the_top(difference):
    if difference > 1e-5:
        return "wrong"
    elif difference > 1e-7:
        return "check"
    else:
        return "great"


@answer("gradcheck_verdict")
def gv_alt_table(difference):
    for threshold, verdict in [(1e-7, "great"), (1e-5, "check")]:
        if difference <= threshold:
            return verdict
    return "wrong"


# -- worst_block: wrong ----------------------------------------------------------------------------
@answer("worst_block")
def wb_absolute(grads, grads_approx):
    differences = {key: np.linalg.norm(grads_approx[key] - grads[key]) for key in grads}
    return max(differences, key=differences.get)


@answer("worst_block")
def wb_smallest(grads, grads_approx):
    differences = {key: relative_difference(grads[key].ravel(), grads_approx[key].ravel()) for key in grads}
    return min(differences, key=differences.get)


@answer("worst_block")
def wb_one_norm(grads, grads_approx):
    differences = {key: np.linalg.norm(grads_approx[key] - grads[key]) / np.linalg.norm(grads[key]) for key in grads}
    return max(differences, key=differences.get)


@answer("worst_block")
def wb_returns_difference(grads, grads_approx):
    return max(relative_difference(grads[key].ravel(), grads_approx[key].ravel()) for key in grads)


# -- worst_block: correct alternatives -------------------------------------------------------------
@answer("worst_block")
def wb_alt_loop(grads, grads_approx):
    worst, largest = None, -1.0
    for key in grads:
        d = np.linalg.norm(grads_approx[key] - grads[key])
        d = d / (np.linalg.norm(grads_approx[key]) + np.linalg.norm(grads[key]))
        if d > largest:
            worst, largest = key, d
    return worst


@answer("worst_block")
def wb_alt_sorted(grads, grads_approx):
    keys = sorted(grads_approx, key=lambda k: relative_difference(np.ravel(grads[k]), np.ravel(grads_approx[k])))
    return keys[-1]


def _wrong(answers):
    """One student per wrong answer: {answer: the mistake the hidden check names}."""
    return [SimulatedStudent.wrong(answer_function, mistake) for answer_function, mistake in answers.items()]


STUDENTS = [
    SimulatedStudent.reference(),
    SimulatedStudent.blank(),
    *_wrong({cd_no_factor_2: "no_factor_2", cd_precedence: "precedence_divides_one_term", cd_one_sided: "one_sided",
             cd_sign_flipped: "sign_flipped"}),
    *_wrong({os_backward: "backward", os_precedence: "precedence_divides_one_term", os_over_2_eps: "divided_by_2_eps",
             os_centered: "centered"}),
    *_wrong({rd_one_norm: "only_grad_norm", rd_norm_of_sum: "norm_of_sum", rd_squared_norms: "squared_norms",
             rd_l1_norms: "l1_norms"}),
    *_wrong({gc_not_restored: "not_restored", gc_alias: "aliased_copies", gc_one_sided: "one_sided",
             gc_no_factor_2: "no_factor_2", gc_all_at_once: "all_components_at_once",
             gc_swapped_return: "swapped_return"}),
    *_wrong({gv_reversed: "reversed_bands", gv_strict: "strict_thresholds", gv_1e3_band: "check_band_to_1e3",
             gv_capitalised: "not_lower_case"}),
    *_wrong({wb_absolute: "largest_absolute", wb_smallest: "smallest_relative", wb_one_norm: "only_grad_norm",
             wb_returns_difference: "returns_difference"}),
    SimulatedStudent("alt_half_reciprocal_sqrt_dot", [cd_alt_half, os_alt_reciprocal, rd_alt_sqrt_dot], loses=set()),
    SimulatedStudent("alt_slopes_diff_loop", [cd_alt_mean_of_slopes, os_alt_diff, rd_alt_loop], loses=set()),
    SimulatedStudent("alt_in_place_restored_from_the_top_loop", [gc_alt_in_place_restored, gv_alt_from_the_top,
                                                                 wb_alt_loop], loses=set()),
    SimulatedStudent("alt_basis_vectors_table_sorted", [gc_alt_basis_vectors, gv_alt_table, wb_alt_sorted],
                     loses=set()),
    SimulatedStudent("alt_with_centered_difference", [gc_alt_with_centered_difference], loses=set()),
]
