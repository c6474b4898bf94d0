"""Hidden checks of 06_gradcheck: numerical derivatives, the relative difference, gradient checking.

The student's functions receive cost functions as arguments. Those cross into the sandbox by
pickling, and the sandbox can import numpy but not this module, so every function passed is a
numpy callable: ufuncs (np.exp, np.sin, ...), np.polynomial.Polynomial objects, and vector ->
number functions (np.var, np.prod, np.linalg.norm with an ord, np.logaddexp.reduce,
functools.partial of np.dot). They are chosen so that the mistakes show: large second and third
derivatives (a one-sided difference or a missing factor 2 cannot pass), costs that couple the
components (a theta perturbed in place and never restored shifts every later component), and
vectors whose components span many orders of magnitude. Expected values come from the reference
solution or from the grader's own arithmetic, and never appear in a message.
"""
import functools

import numpy as np

from autograder.engine.hidden import hidden_check
from utils.checks import check_close, check_equal, check_true, check_tuple, fail

MISTAKES = {
    "centered_difference": {
        "no_factor_2": "(f(x + eps) - f(x - eps)) / eps: the factor 2 of 2 * eps is missing",
        "precedence_divides_one_term": "f(x + eps) - f(x - eps) / 2 * eps: only f(x - eps) divided, then times eps "
                                       "(missing parentheses)",
        "precedence_times_eps": "(f(x + eps) - f(x - eps)) / 2 * eps: multiplied by eps (missing parentheses "
                                "around 2 * eps)",
        "one_sided": "the one-sided difference (f(x + eps) - f(x)) / eps instead of the centered one",
        "sign_flipped": "(f(x - eps) - f(x + eps)) / (2 * eps): the sign is flipped",
    },
    "one_sided_difference": {
        "backward": "the backward difference (f(x) - f(x - eps)) / eps instead of the forward one",
        "centered": "the centered difference instead of the one-sided one",
        "precedence_divides_one_term": "f(x + eps) - f(x) / eps: only f(x) divided (missing parentheses)",
        "divided_by_2_eps": "(f(x + eps) - f(x)) / (2 * eps): divided by 2 * eps instead of eps",
        "sign_flipped": "(f(x) - f(x + eps)) / eps: the sign is flipped",
    },
    "relative_difference": {
        "only_grad_norm": "only ||grad|| in the denominator",
        "only_approx_norm": "only ||grad_approx|| in the denominator",
        "norm_of_sum": "||grad_approx + grad|| in the denominator instead of the sum of the two norms",
        "no_denominator": "the norm of the difference, not divided by anything",
        "squared_norms": "squared norms (no square roots)",
        "squared_numerator": "the squared norm of the difference in the numerator",
        "l1_norms": "sums of absolute values (L1 norms) instead of Euclidean norms",
    },
    "gradient_check": {
        "swapped_return": "returns (grad_approx, difference) instead of (difference, grad_approx)",
        "not_restored": "theta perturbed in place and never restored: later components estimated at a shifted theta",
        "one_sided": "the one-sided difference (cost(theta + eps) - cost(theta)) / eps per component",
        "aliased_copies": "theta_plus = theta (no copy): the -eps step undoes the +eps step, half a one-sided "
                          "difference",
        "no_factor_2": "divided by epsilon instead of 2 * epsilon: twice the derivative",
        "all_components_at_once": "every component moved at once (theta + eps), the same number in every entry",
    },
    "gradcheck_verdict": {
        "not_lower_case": "the right verdict, but not in lower case ('Great' instead of 'great')",
        "reversed_bands": "the bands reversed: small differences called 'wrong', large ones 'great'",
        "strict_thresholds": "< instead of <=: a difference equal to a threshold put in the upper band",
        "check_band_to_1e3": "'check' up to 1e-3 instead of up to 1e-5",
    },
    "worst_block": {
        "returns_difference": "returns the largest relative difference instead of its key",
        "largest_absolute": "the block with the largest absolute difference, not the largest relative one",
        "smallest_relative": "the block with the smallest relative difference instead of the largest",
        "only_grad_norm": "the difference relative to ||grad|| alone instead of relative_difference",
    },
}

# -- scalar functions with large higher derivatives ----------------------------------------------
SEPTIC = np.polynomial.Polynomial([1.0, -2.0, 0.0, 0.5, 0.0, 0.0, 0.0, 1.0])  # 1 - 2x + x^3/2 + x^7
CUBE = np.polynomial.Polynomial([0.0, 0.0, 0.0, 1.0])
SCALAR_CASES = [  # (description, f, x, epsilon)
    ("x**3", CUBE, 1.0, 0.01),
    ("exp", np.exp, 2.0, 0.1),
    ("exp", np.exp, -1.5, 1e-3),
    ("sin", np.sin, 1.3, 0.05),
    ("cos", np.cos, -2.0, 0.2),
    ("1 - 2x + x**3/2 + x**7", SEPTIC, 1.5, 0.01),
    ("1 - 2x + x**3/2 + x**7", SEPTIC, -0.7, 0.1),
    ("tanh", np.tanh, 0.3, 0.02),
    ("log", np.log, 4.0, 0.5),
    ("sqrt", np.sqrt, 0.5, 1e-4),
    ("exp", np.exp, 30.0, 1e-2),
    ("arctan", np.arctan, 3, 0.25),            # an int x
    ("x**3", CUBE, np.float64(-2.0), 1e-5),
    ("sin", np.sin, 0.7, 1e-7),
]


def _number(name, value, hint):
    """A finite float from a returned value that should be one number."""
    # np.float64 comes back from the sandbox as an array of shape (1,): any single number passes
    if isinstance(value, (list, tuple, dict, str)) or value is None or np.size(value) != 1:
        fail(f"{name}: expected one number, found {type(value).__name__}"
             f"{f' of shape {np.shape(value)}' if hasattr(value, 'shape') else ''}.", hint)
    try:
        value = float(np.ravel(value)[0]) if hasattr(value, "shape") else float(value)
    except (TypeError, ValueError):
        fail(f"{name}: expected one number, found {type(value).__name__}.", hint)
    check_true(np.isfinite(value), f"{name}: expected a finite number, found {value}.", hint)
    return value


def _tolerance(epsilon):
    # Rounding in f(x +- eps) costs about 1e-16 |f| / eps; correct answers written another way
    # differ by that much. Every mistake below is off by far more at the steps where it is judged.
    return 1e-6 if epsilon < 1e-5 else 1e-9


def _scalar_mistakes(f, x, e, centered):
    """(value, mistake, description, hint) of the typical wrong answers, to name the mistake (the values
    are computed here, never shown)."""
    plus, minus, here = f(x + e), f(x - e), f(x)
    if centered:
        return [
            ((plus - minus) / e, "no_factor_2", "twice the centered difference: the factor 2 is missing",
             "the two points x - epsilon and x + epsilon are 2 * epsilon apart: divide by 2 * epsilon"),
            (plus - minus / 2 * e, "precedence_divides_one_term",
             "f(x + eps) - f(x - eps) / 2 * eps: an operator-precedence slip that divides "
             "only f(x - eps) and multiplies by eps", "put parentheses around the difference and around 2 * epsilon"),
            ((plus - minus) / 2 * e, "precedence_times_eps",
             "(f(x + eps) - f(x - eps)) / 2 * eps: an operator-precedence slip that "
             "multiplies by eps", "divide by (2 * epsilon), with the parentheses"),
            ((plus - here) / e, "one_sided", "the one-sided difference (f(x + eps) - f(x)) / eps",
             "use f(x + epsilon) and f(x - epsilon), not f(x)"),
            ((minus - plus) / (2 * e), "sign_flipped",
             "the centered difference with the sign flipped", "f(x + epsilon) comes first"),
        ]
    return [
        ((here - minus) / e, "backward", "the backward difference (f(x) - f(x - eps)) / eps",
         "step forward: (f(x + epsilon) - f(x)) / epsilon"),
        ((plus - minus) / (2 * e), "centered", "the centered difference", "use f(x + epsilon) and f(x)"),
        (plus - here / e, "precedence_divides_one_term",
         "f(x + eps) - f(x) / eps: an operator-precedence slip that divides only f(x)",
         "put parentheses around the difference: (f(x + epsilon) - f(x)) / epsilon"),
        ((plus - here) / (2 * e), "divided_by_2_eps", "half the one-sided difference (divided by 2 * eps)",
         "divide by epsilon"),
        ((here - plus) / e, "sign_flipped", "the one-sided difference with the sign flipped",
         "f(x + epsilon) comes first"),
    ]


def _judge_scalar(function_name, found, expected, f, x, e, description, centered, formula):
    call = f"{function_name}({description}, x={x}, epsilon={e:g})"
    found = _number(call, found, f"return {formula}")
    rtol = _tolerance(e)
    if abs(found - expected) <= rtol * abs(expected) + 1e-12:
        return
    for wrong, mistake, description, hint in _scalar_mistakes(f, x, e, centered):
        if abs(found - wrong) <= 1e-9 * abs(wrong) + 1e-12 and abs(wrong - expected) > rtol * abs(expected):
            fail(f"{call}: found {found:.10g}, which is {description}.", hint, mistake=mistake)
    check_close(call, found, expected, rtol=rtol, atol=1e-12, hint=f"return {formula}")


@hidden_check("centered_difference")
def check_centered_difference(submission, reference):
    for description, f, x, e in SCALAR_CASES:
        found = submission.centered_difference(f, x, e)
        _judge_scalar("centered_difference", found, reference.centered_difference(f, x, e), f, x, e,
                      description, True, "(f(x + epsilon) - f(x - epsilon)) / (2 * epsilon)")


@hidden_check("one_sided_difference")
def check_one_sided_difference(submission, reference):
    for description, f, x, e in SCALAR_CASES:
        found = submission.one_sided_difference(f, x, e)
        _judge_scalar("one_sided_difference", found, reference.one_sided_difference(f, x, e), f, x, e,
                      description, False, "(f(x + epsilon) - f(x)) / epsilon")


# -- relative_difference ---------------------------------------------------------------------------
def _vector_pairs():
    data = np.random.default_rng(606)
    pairs = [("two close vectors of 7 components", None, None)]
    g = data.normal(size=7)
    pairs[0] = (pairs[0][0], g, g + 1e-4 * data.normal(size=7))
    g = data.normal(size=5) * 10.0 ** data.integers(-6, 4, size=5)   # components from 1e-6 to 1e3
    pairs.append(("components spanning 1e-6 to 1e3, one component 10% off", g, g * np.where(np.arange(5) == 2, 1.1, 1)))
    pairs.append(("one component", np.array([2.5]), np.array([-0.5])))
    pairs.append(("a zero grad_approx", np.array([1.0, -3.0, 0.5]), np.zeros(3)))
    pairs.append(("a zero grad", np.zeros(4), np.array([0.0, 1e-3, -2e-3, 5e-4])))
    g = data.normal(size=4000)
    pairs.append(("4000 components, relative noise 1e-8", g, g * (1 + 1e-8 * data.normal(size=4000))))
    g = data.normal(size=6) * 1e-5
    pairs.append(("tiny gradients (1e-5) with a different length", g, 3 * g))
    pairs.append(("opposite vectors", np.array([1.0, -2.0, 4.0]), np.array([-1.0, 2.0, -4.0])))
    g = np.array([300.0, -0.02, 7.0])
    pairs.append(("int-like and float components", g, np.array([301.0, -0.02, 7.0])))
    return pairs


def _relative_mistakes(grad, approx):
    d = np.linalg.norm(approx - grad)
    ng, na = np.linalg.norm(grad), np.linalg.norm(approx)
    with np.errstate(divide="ignore", invalid="ignore"):
        return [
            (d / ng, "only_grad_norm",
             "only ||grad|| in the denominator", "the denominator is ||grad_approx|| + ||grad||"),
            (d / na, "only_approx_norm",
             "only ||grad_approx|| in the denominator", "the denominator is ||grad_approx|| + ||grad||"),
            (d / np.linalg.norm(approx + grad), "norm_of_sum",
             "||grad_approx + grad|| in the denominator (the norm of the sum)",
             "add the two norms, not the two vectors"),
            (d, "no_denominator", "no denominator", "divide by ||grad_approx|| + ||grad||"),
            (d**2 / (na**2 + ng**2), "squared_norms",
             "squared norms (no square roots)", "np.linalg.norm takes the square root"),
            (d**2 / (na + ng), "squared_numerator",
             "a squared numerator", "np.linalg.norm(grad_approx - grad), not its square"),
            (np.abs(approx - grad).sum() / (np.abs(approx).sum() + np.abs(grad).sum()),
             "l1_norms", "sums of absolute values (L1 norms)", "use Euclidean norms: np.linalg.norm"),
        ]


@hidden_check("relative_difference")
def check_relative_difference(submission, reference):
    for description, grad, approx in _vector_pairs():
        call = f"relative_difference on {description}"
        found = _number(call, submission.relative_difference(grad, approx),
                        "np.linalg.norm returns one number for a vector")
        expected = reference.relative_difference(grad, approx)
        if abs(found - expected) <= 1e-9 * abs(expected) + 1e-15:
            continue
        for wrong, mistake, description, hint in _relative_mistakes(grad, approx):
            if np.isfinite(wrong) and abs(found - wrong) <= 1e-9 * abs(wrong) + 1e-15:
                fail(f"{call}: found {found:.6g}, which has {description}.", hint, mistake=mistake)
        check_close(call, found, expected, rtol=1e-9, atol=1e-15,
                    hint="np.linalg.norm(grad_approx - grad) / (np.linalg.norm(grad_approx) + np.linalg.norm(grad))")
    same = np.arange(1.0, 4.0)
    found = _number("relative_difference(g, g)", submission.relative_difference(same, same.copy()), None)
    check_close("relative_difference(g, g) for equal vectors", found, 0.0, atol=1e-15,
                hint="equal vectors are 0 apart")


# -- gradient_check ----------------------------------------------------------------------------------
def _quadratic_form_gradient(theta):
    n = theta.size
    return 2 * (theta - theta.mean()) / n          # gradient of np.var


def _norm_p_gradient(theta, p):
    return np.sign(theta) * np.abs(theta) ** (p - 1) / np.linalg.norm(theta, ord=p) ** (p - 1)


def _logsumexp_gradient(theta):
    w = np.exp(theta - theta.max())
    return w / w.sum()


def _costs():
    """(description, cost, theta, exact gradient, epsilon or None for the default)."""
    data = np.random.default_rng(6060)
    cases = []
    theta = data.normal(size=5)
    cases.append(("np.var (a quadratic: the centered difference is exact)", np.var, theta,
                  _quadratic_form_gradient(theta), 1e-2))
    theta = data.normal(size=8) + 0.5
    cases.append(("the 4-norm ||theta||_4", functools.partial(np.linalg.norm, ord=4), theta,
                  _norm_p_gradient(theta, 4), 1e-2))
    theta = data.normal(size=6)
    cases.append(("log(sum(exp(theta)))", np.logaddexp.reduce, theta, _logsumexp_gradient(theta), 0.05))
    theta = data.uniform(0.5, 2.0, size=6) * np.array([1, -1, 1, 1, -1, 1])
    cases.append(("the product of the components", np.prod, theta, np.prod(theta) / theta, 1e-3))
    theta = np.array([2.5])
    cases.append(("the 4-norm of one component", functools.partial(np.linalg.norm, ord=4), theta,
                  np.array([1.0]), 1e-3))
    theta = data.normal(size=7) * 10.0 ** np.array([-3, -1, 0, 1, 2, 3, 0])
    cases.append(("np.var with components from 1e-3 to 1e3", np.var, theta, _quadratic_form_gradient(theta), None))
    theta = data.normal(size=5)
    v = data.normal(size=5)
    cases.append(("a linear cost (np.dot with a fixed vector)", functools.partial(np.dot, v), theta, v.copy(), None))
    theta = data.normal(size=1500)
    cases.append(("np.var of 1500 components", np.var, theta, _quadratic_form_gradient(theta), 1e-3))
    return cases


def _not_restored(cost, theta, epsilon):
    """What the 'theta perturbed in place and never restored' answer returns."""
    t = np.array(theta, dtype=float)
    approx = np.zeros_like(t)
    for i in range(t.size):
        t[i] += epsilon
        plus = cost(t)
        t[i] -= 2 * epsilon
        approx[i] = (plus - cost(t)) / (2 * epsilon)
    return approx


def _one_at_a_time(cost, theta, epsilon, plus_step, minus_step, divide):
    approx = np.zeros(theta.size)
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += plus_step * epsilon
        minus[i] -= minus_step * epsilon
        approx[i] = (cost(plus) - cost(minus)) / (divide * epsilon)
    return approx


def _gradient_mistakes(cost, theta, epsilon):
    return [
        (_not_restored(cost, theta, epsilon), "not_restored",
         "what a theta perturbed in place and never restored gives: every "
         "component after the first was estimated at a shifted theta",
         "perturb a copy (theta.copy()), or put theta[i] back before the next component"),
        (_one_at_a_time(cost, theta, epsilon, 1, 0, 1), "one_sided",
         "the one-sided difference (cost(theta + eps) - cost(theta)) / eps",
         "use cost(theta_plus) - cost(theta_minus) over 2 * epsilon"),
        (_one_at_a_time(cost, theta, epsilon, 1, 0, 2), "aliased_copies",
         "half the one-sided difference: theta_plus and theta_minus are "
         "the same array (theta_plus = theta does not copy), so the -epsilon step undid the +epsilon step",
         "theta_plus = theta.copy(), theta_minus = theta.copy()"),
        (_one_at_a_time(cost, theta, epsilon, 1, 1, 1), "no_factor_2",
         "twice the derivative: the factor 2 of 2 * epsilon is missing",
         "divide by 2 * epsilon"),
        (np.full(theta.size, (cost(theta + epsilon) - cost(theta - epsilon)) / (2 * epsilon)),
         "all_components_at_once",
         "every component moved at once (theta + epsilon): that is a derivative along (1, ..., 1), not component i's",
         "move only theta[i]"),
    ]


def _call_gradient_check(submission, description, cost, theta, grad, epsilon):
    if epsilon is None:
        call = f"gradient_check(cost = {description}, theta of shape {theta.shape}, grad)"
        result = submission.gradient_check(cost, theta, grad)
    else:
        call = f"gradient_check(cost = {description}, theta of shape {theta.shape}, grad, epsilon={epsilon:g})"
        result = submission.gradient_check(cost, theta, grad, epsilon=epsilon)
    difference, approx = check_tuple(call, result, ["difference", "grad_approx"])
    if np.size(difference) > 1 and np.size(approx) == 1:
        fail(f"{call} returned (grad_approx, difference): the order is swapped.",
             "return difference, grad_approx", mistake="swapped_return")
    if not isinstance(approx, np.ndarray) or approx.shape != theta.shape:
        fail(f"{call}: grad_approx must be an array of shape {theta.shape}, found "
             f"{type(approx).__name__}{'' if not hasattr(approx, 'shape') else f' of shape {approx.shape}'}.",
             "np.zeros_like(theta), then fill one component per iteration")
    difference = _number(f"the difference from {call}", difference, "return relative_difference(grad, grad_approx)")
    return call, difference, np.asarray(approx, dtype=float)


@hidden_check("gradient_check", timeout=30)
def check_gradient_check(submission, reference):
    for description, cost, theta, exact, epsilon in _costs():
        call, difference, approx = _call_gradient_check(submission, description, cost, theta, exact, epsilon)
        if epsilon is None:
            # default epsilon: judged against the exact gradient, with room for round-off
            scale = np.linalg.norm(exact)
            error = np.linalg.norm(approx - exact) / scale
            check_true(error <= 1e-5, f"{call}: grad_approx is {error:.2g} (relative, in norm) away from the true "
                       f"gradient; a centered difference with epsilon = 1e-7 is within 1e-5.",
                       "each component: (cost(theta_plus) - cost(theta_minus)) / (2 * epsilon), "
                       "from the original theta")
        else:
            expected = reference.gradient_check(cost, theta, exact, epsilon)[1]
            scale = np.linalg.norm(expected)
            if np.linalg.norm(approx - expected) > 1e-8 * scale:
                for wrong, mistake, description, hint in _gradient_mistakes(cost, theta, epsilon):
                    if np.linalg.norm(approx - wrong) <= 1e-9 * scale:
                        fail(f"{call}: grad_approx is {description}.", hint, mistake=mistake)
                check_close(f"grad_approx from {call}", approx, expected, rtol=1e-7, atol=1e-8 * scale,
                            hint="each component moves theta[i] alone, by +epsilon and by -epsilon, from the "
                                 "original theta, and divides by 2 * epsilon")
        check_close(f"the difference from {call}", difference, reference.relative_difference(exact, approx),
                    rtol=1e-6, atol=1e-15, hint="difference = relative_difference(grad, grad_approx)")
    # a wrong gradient must show a large difference (and the difference must use grad, not exact values)
    description, cost, theta, exact, _ = _costs()[2]
    wrong_grad = exact * np.array([1, 1, 1, -1, 1, 1])
    call, difference, approx = _call_gradient_check(submission, description + " and a gradient with one sign wrong",
                                                    cost, theta, wrong_grad, 1e-4)
    check_close(f"the difference from {call}", difference, reference.relative_difference(wrong_grad, approx),
                rtol=1e-6, atol=1e-15,
                hint="difference = relative_difference(grad, grad_approx), with the grad passed in")


# -- gradcheck_verdict -------------------------------------------------------------------------------
VERDICT_CASES = [0, 0.0, 1e-12, 5e-8, 1e-7, np.nextafter(1e-7, 1.0), 3e-7, 1e-6, 9.9e-6, 1e-5,
                 np.nextafter(1e-5, 1.0), 2e-5, 1e-4, 9e-4, 1e-3, 0.02, 0.5, 1, 1.0, np.float64(4e-8),
                 np.float64(4e-6), np.float64(4e-4)]


@hidden_check("gradcheck_verdict")
def check_gradcheck_verdict(submission, reference):
    for difference in VERDICT_CASES:
        shown = repr(difference) if isinstance(difference, int) else repr(float(difference))
        call = f"gradcheck_verdict({shown})"
        found = submission.gradcheck_verdict(difference)
        expected = reference.gradcheck_verdict(difference)
        if found == expected:
            continue
        if isinstance(found, str) and found.strip().lower() == expected:
            fail(f"{call}: found {found!r}: the right band, but the verdict must be written in lower case.",
                 "return exactly 'great', 'check' or 'wrong' (lower case)", mistake="not_lower_case")
        if not isinstance(found, str) or found not in ("great", "check", "wrong"):
            fail(f"{call}: expected one of the strings 'great', 'check', 'wrong', found {found!r}.",
                 "return exactly 'great', 'check' or 'wrong' (lower case)")
        if {found, expected} == {"great", "wrong"}:
            fail(f"{call}: found {found!r}: the bands are reversed.",
                 "small differences are great: <= 1e-7 great, <= 1e-5 check, above wrong", mistake="reversed_bands")
        if difference in (1e-7, 1e-5):
            fail(f"{call}: found {found!r}: a difference equal to a threshold belongs to the lower band.",
                 "use <=, not <", mistake="strict_thresholds")
        if 1e-5 < difference <= 1e-3:
            fail(f"{call}: found {found!r}: everything above 1e-5 is 'wrong'.",
                 "1e-3 is the landmark of an almost sure bug, but the function's last band starts above 1e-5",
                 mistake="check_band_to_1e3")
        check_equal(call, found, expected, hint="<= 1e-7 great, <= 1e-5 check, otherwise wrong")


# -- worst_block -------------------------------------------------------------------------------------
def _block_cases():
    data = np.random.default_rng(6066)
    cases = []
    # 1. the largest absolute difference is in a big block; the largest relative one in a small block
    grads = {"dW1": data.normal(size=(5, 3)) * 50, "db1": data.normal(size=(5, 1)),
             "dW2": data.normal(size=(2, 5)), "db2": data.normal(size=(2, 1)) * 1e-3}
    approx = {"dW1": grads["dW1"] + 0.01 * data.normal(size=(5, 3)), "db1": grads["db1"] * (1 + 1e-8),
              "dW2": grads["dW2"] + 1e-7, "db2": grads["db2"] + np.array([[1e-4], [0.0]])}
    cases.append(("a large dW1 with a large absolute difference and a small, wrong db2", grads, approx))
    # 2. the worst block comes first; keys of grads_approx in another order
    grads = {"dW1": data.normal(size=(4, 6)), "db1": data.normal(size=(4, 1)), "dW2": data.normal(size=(1, 4)) * 1e2,
             "db2": data.normal(size=(1, 1))}
    approx = {"db2": grads["db2"] * (1 + 1e-9), "dW2": grads["dW2"] + 1e-3,
              "db1": grads["db1"] * (1 + 1e-7), "dW1": grads["dW1"] * 1.01}
    cases.append(("a wrong dW1 and grads_approx keys in another order", grads, approx))
    # 3. ||grad|| alone in the denominator would pick db1 (10x too large); the sign flip of dW2 is worse
    grads = {"dW1": data.normal(size=(3, 2)), "db1": data.normal(size=(3, 1)), "dW2": data.normal(size=(2, 3)),
             "db2": data.normal(size=(2, 1)), "dW3": data.normal(size=(1, 2)), "db3": data.normal(size=(1, 1))}
    grads["db1"] *= 0.1
    grads["dW2"] *= 10
    approx = {k: v * (1 + 1e-8) for k, v in grads.items()}
    approx["db1"] = 10 * grads["db1"]
    approx["dW2"] = -grads["dW2"]
    cases.append(("a db1 ten times too large and a dW2 with the wrong sign", grads, approx))
    # 4. five layers, the worst block last, everything else around 1e-9
    grads, approx = {}, {}
    sizes = [7, 6, 5, 4, 3, 1]
    for layer in range(1, 6):
        grads[f"dW{layer}"] = data.normal(size=(sizes[layer], sizes[layer - 1]))
        grads[f"db{layer}"] = data.normal(size=(sizes[layer], 1))
        approx[f"dW{layer}"] = grads[f"dW{layer}"] + 1e-9 * data.normal(size=grads[f"dW{layer}"].shape)
        approx[f"db{layer}"] = grads[f"db{layer}"] + 1e-9 * data.normal(size=grads[f"db{layer}"].shape)
    approx["db5"] = grads["db5"] * 0.5
    cases.append(("five layers, db5 at half its value", grads, approx))
    # 5. a single block
    grads = {"dW1": data.normal(size=(2, 3))}
    cases.append(("a single block dW1", grads, {"dW1": grads["dW1"] + 0.1}))
    # 6. blocks of very different scales, worst in the middle, the smallest difference also small in absolute terms
    grads = {"dW1": data.normal(size=(30, 20)) * 1e3, "db1": data.normal(size=(30, 1)) * 1e-6,
             "dW2": data.normal(size=(1, 30)), "db2": data.normal(size=(1, 1)) * 10}
    approx = {"dW1": grads["dW1"] * (1 + 1e-6), "db1": grads["db1"] * 1.2,
              "dW2": grads["dW2"] * (1 + 1e-4), "db2": grads["db2"] + 1e-9}
    cases.append(("blocks from 1e-6 to 1e3, db1 20% off", grads, approx))
    return cases


def _relative_block_differences(reference, grads, approx):
    return {k: reference.relative_difference(np.ravel(grads[k]), np.ravel(approx[k])) for k in grads}


@hidden_check("worst_block")
def check_worst_block(submission, reference):
    for description, grads, approx in _block_cases():
        call = f"worst_block on {description}"
        found = submission.worst_block(grads, approx)
        if not isinstance(found, str):
            number = isinstance(found, (int, float, np.number, np.ndarray)) and np.size(found) == 1
            fail(f"{call}: expected a key of grads (a str such as 'db2'), found {type(found).__name__} {found!r}.",
                 "return the key, not the difference", mistake="returns_difference" if number else None)
        expected = reference.worst_block(grads, approx)
        if found == expected:
            continue
        if found not in grads:
            fail(f"{call}: returned {found!r}, which is not a key of grads.", "return one of grads' keys")
        absolute = {k: np.linalg.norm(np.ravel(approx[k]) - np.ravel(grads[k])) for k in grads}
        relative = _relative_block_differences(reference, grads, approx)
        one_norm = {k: absolute[k] / np.linalg.norm(np.ravel(grads[k])) for k in grads}
        if found == max(absolute, key=absolute.get):
            fail(f"{call}: returned {found!r}, the block with the largest ABSOLUTE difference.",
                 "compare relative_difference(grads[key].ravel(), grads_approx[key].ravel()) across the keys",
                 mistake="largest_absolute")
        if found == min(relative, key=relative.get):
            fail(f"{call}: returned {found!r}, the block with the SMALLEST relative difference.",
                 "take the largest", mistake="smallest_relative")
        if found == max(one_norm, key=one_norm.get):
            fail(f"{call}: returned {found!r}, the block with the largest difference relative to ||grad|| alone.",
                 "use relative_difference: both norms, ||grads_approx[key]|| + ||grads[key]||, in the denominator",
                 mistake="only_grad_norm")
        fail(f"{call}: returned {found!r}, which is not the block with the largest relative difference.",
             "compare relative_difference(grads[key].ravel(), grads_approx[key].ravel()) across the keys")
