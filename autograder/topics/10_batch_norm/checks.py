"""Hidden checks of 10_batch_norm.

Every function is judged on many cases: non-square Z, m = 1, one unit, rows with large and tiny
variances and offsets, several epsilons (one as large as 0.5, so that where epsilon sits shows),
random gamma (some negative) and beta, several momentums. The backward pass is fed caches built by
the reference forward pass (so a wrong forward costs only its own points) and is judged against
centered differences of a random scalar function of the output, J(Z) = sum(R * Z_tilde), as well as
against the reference. Recognised mistakes are named in the message.
"""
import warnings

import numpy as np

from autograder.engine.hidden import hidden_check
from utils.checks import check_array, check_close, check_tuple, fail

CACHE_KEYS = ["Z", "Z_hat", "mu", "var", "gamma", "epsilon"]

MISTAKES = {
    "batchnorm_forward": {
        "stats_over_axis0": "the mean and variance taken over each column (axis=0) instead of each unit's row",
        "divides_by_variance": "divided by var + epsilon instead of np.sqrt(var + epsilon)",
        "divides_by_var_alone": "divided by var alone instead of np.sqrt(var + epsilon)",
        "epsilon_outside_root": "divided by np.sqrt(var) + epsilon: epsilon outside the square root",
        "no_epsilon": "divided by np.sqrt(var), without epsilon",
        "unbiased_variance": "the unbiased variance (divided by m - 1) instead of the population variance",
        "without_gamma_beta": "returns Z_hat: gamma and beta not applied",
        "gamma_beta_swapped": "beta * Z_hat + gamma: gamma and beta swapped",
        "cache_missing_keys": "the cache lacks keys that batchnorm_backward reads",
    },
    "batchnorm_backward": {
        "mean_instead_of_sum": "dbeta or dgamma averaged over the batch instead of summed",
        "dgamma_uses_z": "dgamma computed with Z instead of the normalized Z_hat",
        "direct_path_only": "dZ = gamma * dZ_tilde / sqrt(var + epsilon): the paths through mu and var missing",
        "missing_mu_path": "dZ without the path through mu",
        "missing_var_path": "dZ without the path through var",
        "without_gamma": "dZ leaves out gamma (dZ_tilde used where gamma * dZ_tilde belongs)",
        "ignores_epsilon": "dZ uses sqrt(var) instead of sqrt(var + epsilon)",
    },
    "update_running_stats": {
        "momentum_reversed": "(1 - momentum) * running + momentum * batch: the weights reversed",
        "no_one_minus_momentum": "momentum * running + batch: the factor (1 - momentum) missing",
        "averages_swapped": "the two running averages returned in swapped order",
        "var_from_batch_mean": "running_var averages the batch mean mu instead of the batch variance var",
        "returns_batch_stats": "returns the batch statistics mu and var, not running averages",
        "default_momentum": "the default momentum is not 0.9",
    },
    "batchnorm_inference": {
        "batch_statistics": "normalized with the statistics of the batch instead of the running ones",
        "no_epsilon": "divided by np.sqrt(running_var), without epsilon",
        "divides_by_variance": "divided by running_var + epsilon instead of its square root",
        "epsilon_outside_root": "divided by np.sqrt(running_var) + epsilon: epsilon outside the square root",
        "without_gamma_beta": "returns the normalized Z: gamma and beta not applied",
    },
}


def _rng(seed):
    return np.random.default_rng(seed)


def _rows(data, n, m, spread=True):
    """Z of shape (n, m) whose rows have very different offsets and scales (from 1e-4 to 1e3)."""
    Z = data.normal(size=(n, m))
    if spread:
        scales = 10.0 ** data.uniform(-4, 3, size=(n, 1))
        offsets = data.uniform(-20, 20, size=(n, 1))
        Z = Z * scales + offsets
    return Z


def _gamma_beta(data, n):
    gamma = data.uniform(0.3, 3.0, size=(n, 1)) * data.choice([-1.0, 1.0], size=(n, 1))
    return gamma, data.normal(size=(n, 1))


def _same(found, candidate):
    with np.errstate(all="ignore"):
        candidate = np.asarray(candidate, dtype=float)
        return candidate.shape == found.shape and np.all(np.isfinite(candidate)) and np.allclose(
            found, candidate, rtol=1e-6, atol=1e-9)


def _name_mistake(found, expected, variants, what, hint):
    """Fail naming the first variant found matches, when found is not the expected value.
    variants: {mistake: (what it is, its value)}."""
    with np.errstate(all="ignore"):
        if found.shape == expected.shape and np.allclose(found, expected, rtol=1e-6, atol=1e-9):
            return
    for mistake, (description, candidate) in variants.items():
        if _same(found, candidate):
            fail(f"{what} does not match the expected values: it matches {description}.", hint, mistake=mistake)


FORWARD_CASES = [  # (n, m, epsilon)
    (4, 9, 1e-5), (1, 7, 0.5), (7, 3, 0.5), (3, 1, 1e-6), (5, 2, 1e-3), (2, 40, 1e-6), (50, 200, 0.01),
]


def _forward_variants(Z, gamma, beta, epsilon):
    mu = Z.mean(axis=1, keepdims=True)
    var = Z.var(axis=1, keepdims=True)
    d = Z - mu
    mu0, var0 = Z.mean(axis=0, keepdims=True), Z.var(axis=0, keepdims=True)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {
            "stats_over_axis0": ("the statistics taken over each column (axis=0) instead of each unit's row (axis=1)",
                                 gamma * (Z - mu0) / np.sqrt(var0 + epsilon) + beta),
            "divides_by_variance": ("a division by the variance instead of by np.sqrt(var + epsilon)",
                                    gamma * d / (var + epsilon) + beta),
            "divides_by_var_alone": ("a division by the variance var alone instead of by np.sqrt(var + epsilon)",
                                     gamma * d / var + beta),
            "epsilon_outside_root": ("epsilon added outside the square root, np.sqrt(var) + epsilon",
                                     gamma * d / (np.sqrt(var) + epsilon) + beta),
            "no_epsilon": ("a division by np.sqrt(var), without epsilon", gamma * d / np.sqrt(var) + beta),
            "unbiased_variance": ("the unbiased variance (divided by m - 1 instead of m)",
                                  gamma * d / np.sqrt(Z.var(axis=1, ddof=1, keepdims=True) + epsilon) + beta),
            "without_gamma_beta": ("Z_hat without gamma and beta", d / np.sqrt(var + epsilon)),
            "gamma_beta_swapped": ("gamma and beta swapped", beta * d / np.sqrt(var + epsilon) + gamma),
        }


@hidden_check("batchnorm_forward")
def check_batchnorm_forward(submission, reference):
    data = _rng(1010)
    for n, m, epsilon in FORWARD_CASES:
        Z = _rows(data, n, m)
        gamma, beta = _gamma_beta(data, n)
        call = f"batchnorm_forward(Z of shape {(n, m)}, gamma, beta, epsilon={epsilon})"
        Z_tilde, cache = check_tuple(call, submission.batchnorm_forward(Z, gamma, beta, epsilon),
                                     ["Z_tilde", "cache"])
        Z_tilde = check_array(f"Z_tilde from {call}", Z_tilde, (n, m))
        expected, expected_cache = reference.batchnorm_forward(Z, gamma, beta, epsilon)
        _name_mistake(Z_tilde, expected, _forward_variants(Z, gamma, beta, epsilon), f"Z_tilde from {call}",
                      "Z_tilde = gamma * (Z - mu) / np.sqrt(var + epsilon) + beta, with mu and var of each row "
                      "(axis=1, keepdims=True)")
        check_close(f"Z_tilde from {call}", Z_tilde, expected, rtol=1e-6, atol=1e-9,
                    hint="Z_tilde = gamma * (Z - mu) / np.sqrt(var + epsilon) + beta")
        if not isinstance(cache, dict):
            fail(f"the cache from {call} is a {type(cache).__name__}, expected a dict with the keys "
                 f"{', '.join(CACHE_KEYS)}", "return the cache as a dict, as the docstring describes")
        missing = [key for key in CACHE_KEYS if key not in cache]
        if missing:
            fail(f"the cache from {call} has no key {', '.join(map(repr, missing))} "
                 f"(found the keys {sorted(map(str, cache))})",
                 "keep exactly the keys of the docstring: batchnorm_backward reads them", mistake="cache_missing_keys")
        mu = check_array(f'cache["mu"] from {call}', cache["mu"], (n, 1))
        check_close(f'cache["mu"] from {call}', mu, expected_cache["mu"], rtol=1e-9, atol=1e-12,
                    hint="the mean of each row over the examples: Z.mean(axis=1, keepdims=True)")
        var = check_array(f'cache["var"] from {call}', cache["var"], (n, 1))
        if m > 1 and _same(var, Z.var(axis=1, ddof=1, keepdims=True)) and not _same(var, expected_cache["var"]):
            fail(f'cache["var"] from {call} is the unbiased variance (divided by m - 1)',
                 "batch norm uses the population variance: divide by m (np.var's default)",
                 mistake="unbiased_variance")
        check_close(f'cache["var"] from {call}', var, expected_cache["var"], rtol=1e-6, atol=1e-12,
                    hint="the population variance of each row (divide by m), not the standard deviation")
        Z_hat = check_array(f'cache["Z_hat"] from {call}', cache["Z_hat"], (n, m))
        check_close(f'cache["Z_hat"] from {call}', Z_hat, expected_cache["Z_hat"], rtol=1e-6, atol=1e-9,
                    hint="Z_hat is the normalized Z, (Z - mu) / np.sqrt(var + epsilon), before gamma and beta")
        check_close(f'cache["Z"] from {call}', check_array(f'cache["Z"] from {call}', cache["Z"], (n, m)), Z,
                    rtol=1e-12, atol=0, hint='cache["Z"] is the input Z')
        check_close(f'cache["gamma"] from {call}',
                    check_array(f'cache["gamma"] from {call}', cache["gamma"], (n, 1)), gamma, rtol=1e-12, atol=0,
                    hint='cache["gamma"] is the gamma you were given')
        check_close(f'cache["epsilon"] from {call}', cache["epsilon"], epsilon, rtol=1e-12, atol=0,
                    hint='cache["epsilon"] is the epsilon argument, not a constant of your own')


def _backward_variants(dZ_tilde, cache):
    Z, Z_hat, mu, var, gamma, epsilon = (cache[key] for key in CACHE_KEYS)
    m = Z.shape[1]
    s = np.sqrt(var + epsilon)
    dZ_hat = gamma * dZ_tilde
    with np.errstate(all="ignore"):
        dvar = np.sum(dZ_hat * (Z - mu), axis=1, keepdims=True) * -0.5 * s ** -3
        dmu = -np.sum(dZ_hat, axis=1, keepdims=True) / s
        s0 = np.sqrt(var)
        return {
            "direct_path_only": (
                "only the direct path, dZ_hat / sqrt(var + epsilon) (the paths through mu and var are missing)",
                dZ_hat / s),
            "missing_mu_path": ("the direct path and the path through var only (the path through mu is missing)",
                                dZ_hat / s + dvar * 2 * (Z - mu) / m),
            "missing_var_path": ("the direct path and the path through mu only (the path through var is missing)",
                                 dZ_hat / s + dmu / m),
            "without_gamma": ("a gradient that leaves out gamma (dZ_tilde used where gamma * dZ_tilde belongs)",
                              (m * dZ_tilde - dZ_tilde.sum(axis=1, keepdims=True)
                               - Z_hat * (dZ_tilde * Z_hat).sum(axis=1, keepdims=True)) / (m * s)),
            "ignores_epsilon": ("a gradient that ignores epsilon (sqrt(var) instead of sqrt(var + epsilon))",
                                (m * dZ_hat - dZ_hat.sum(axis=1, keepdims=True)
                                 - (Z - mu) / s0 * (dZ_hat * (Z - mu) / s0).sum(axis=1, keepdims=True)) / (m * s0)),
        }


def _numerical_dZ(reference, Z, gamma, beta, epsilon, R, h=1e-6):
    """Centered differences of J(Z) = sum(R * Z_tilde(Z)), entry by entry."""
    dZ = np.zeros_like(Z)
    for index in np.ndindex(*Z.shape):
        step = h * max(1.0, abs(Z[index]))
        E = np.zeros_like(Z)
        E[index] = step
        plus = np.sum(R * reference.batchnorm_forward(Z + E, gamma, beta, epsilon)[0])
        minus = np.sum(R * reference.batchnorm_forward(Z - E, gamma, beta, epsilon)[0])
        dZ[index] = (plus - minus) / (2 * step)
    return dZ


BACKWARD_CASES = [  # (n, m, epsilon, finite differences)
    (1, 6, 0.5, True), (4, 9, 1e-5, True), (3, 1, 1e-6, False), (9, 4, 0.5, True), (2, 2, 1e-3, False),
    (30, 100, 1e-6, False), (6, 25, 0.01, False),
]


@hidden_check("batchnorm_backward")
def check_batchnorm_backward(submission, reference):
    data = _rng(1011)
    for n, m, epsilon, numeric in BACKWARD_CASES:
        Z = data.normal(1.0, 2.0, size=(n, m)) if numeric else _rows(data, n, m)
        gamma, beta = _gamma_beta(data, n)
        R = data.normal(size=(n, m))  # dJ/dZ_tilde of the random scalar function J = sum(R * Z_tilde)
        _, cache = reference.batchnorm_forward(Z, gamma, beta, epsilon)
        call = (f"batchnorm_backward(dZ_tilde of shape {(n, m)}, cache of batchnorm_forward with "
                f"epsilon={epsilon})")
        dZ, dgamma, dbeta = check_tuple(call, submission.batchnorm_backward(R, dict(cache)),
                                        ["dZ", "dgamma", "dbeta"])
        dZ = check_array(f"dZ from {call}", dZ, (n, m))
        dgamma = check_array(f"dgamma from {call}", dgamma, (n, 1))
        dbeta = check_array(f"dbeta from {call}", dbeta, (n, 1))
        expected_dZ, expected_dgamma, expected_dbeta = reference.batchnorm_backward(R, cache)
        if m > 1 and _same(dbeta, R.mean(axis=1, keepdims=True)):
            fail(f"dbeta from {call} is the mean of dZ_tilde over the batch", "dbeta is the SUM over the batch "
                 "(axis=1): the 1/m of the cost is already inside dZ_tilde", mistake="mean_instead_of_sum")
        check_close(f"dbeta from {call}", dbeta, expected_dbeta, rtol=1e-7, atol=1e-10,
                    hint="dbeta = np.sum(dZ_tilde, axis=1, keepdims=True)")
        if m > 1 and _same(dgamma, (R * cache["Z_hat"]).mean(axis=1, keepdims=True)):
            fail(f"dgamma from {call} is the mean over the batch of dZ_tilde * Z_hat", "dgamma is the SUM over "
                 "the batch (axis=1)", mistake="mean_instead_of_sum")
        if _same(dgamma, (R * Z).sum(axis=1, keepdims=True)) and not _same(dgamma, expected_dgamma):
            fail(f"dgamma from {call} uses Z where Z_hat belongs", "dgamma = np.sum(dZ_tilde * Z_hat, axis=1, "
                 "keepdims=True), with the normalized Z_hat from the cache", mistake="dgamma_uses_z")
        check_close(f"dgamma from {call}", dgamma, expected_dgamma, rtol=1e-7, atol=1e-10,
                    hint="dgamma = np.sum(dZ_tilde * Z_hat, axis=1, keepdims=True)")
        hint = ("dZ = direct term + term through var + term through mu (or the one-line form), with "
                "dZ_hat = gamma * dZ_tilde and s = np.sqrt(var + epsilon) from the cache")
        _name_mistake(dZ, expected_dZ, _backward_variants(R, cache), f"dZ from {call}", hint)
        if numeric:
            approx = _numerical_dZ(reference, Z, gamma, beta, epsilon, R)
            check_close(f"dZ from {call}, compared with centered differences of J(Z) = sum(R * Z_tilde)", dZ,
                        approx, rtol=1e-5, atol=1e-7, hint=hint)
        check_close(f"dZ from {call}", dZ, expected_dZ, rtol=1e-6, atol=1e-9 * float(np.max(np.abs(expected_dZ)) + 1),
                    hint=hint)


@hidden_check("update_running_stats")
def check_update_running_stats(submission, reference):
    data = _rng(1012)
    for n, momentum in [(1, 0.9), (5, 0.8), (3, 0.0), (64, 0.99), (7, 0.3)]:
        running_mu, mu = data.normal(size=(n, 1)) * 3, data.normal(size=(n, 1)) * 3
        running_var, var = data.uniform(0.1, 5, size=(n, 1)), data.uniform(0.1, 5, size=(n, 1))
        units = f"{n} unit{'s' if n > 1 else ''}"
        call = f"update_running_stats(running_mu, running_var, mu, var, momentum={momentum}) with {units}"
        found = check_tuple(call, submission.update_running_stats(running_mu, running_var, mu, var, momentum),
                            ["running_mu", "running_var"])
        new_mu = check_array(f"running_mu from {call}", found[0], (n, 1))
        new_var = check_array(f"running_var from {call}", found[1], (n, 1))
        expected_mu, expected_var = reference.update_running_stats(running_mu, running_var, mu, var, momentum)
        hint = "momentum is the weight of the OLD running value: momentum * running + (1 - momentum) * batch"
        variants = {
            "momentum_reversed": ("the momentum reversed, (1 - momentum) * running + momentum * batch",
                                  (1 - momentum) * running_mu + momentum * mu,
                                  (1 - momentum) * running_var + momentum * var, hint),
            "no_one_minus_momentum": ("momentum * running + batch, without the factor (1 - momentum)",
                                      momentum * running_mu + mu, momentum * running_var + var, hint),
            "averages_swapped": ("the two running averages swapped", expected_var, expected_mu,
                                 "return running_mu first, then running_var"),
            "returns_batch_stats": ("the batch statistics mu and var themselves, not running averages", mu, var,
                                    "average them into the running values: "
                                    "momentum * running + (1 - momentum) * batch"),
        }
        for mistake, (description, candidate_mu, candidate_var, mistake_hint) in variants.items():
            if (_same(new_mu, candidate_mu) and _same(new_var, candidate_var)
                    and not (_same(new_mu, expected_mu) and _same(new_var, expected_var))):
                fail(f"{call} returned {description}", mistake_hint, mistake=mistake)
        if _same(new_var, momentum * running_var + (1 - momentum) * mu) and not _same(new_var, expected_var):
            fail(f"running_var from {call} averages the batch mean mu instead of the batch variance var",
                 "running_var = momentum * running_var + (1 - momentum) * var", mistake="var_from_batch_mean")
        check_close(f"running_mu from {call}", new_mu, expected_mu, rtol=1e-9, atol=1e-12,
                    hint="running_mu = momentum * running_mu + (1 - momentum) * mu")
        check_close(f"running_var from {call}", new_var, expected_var, rtol=1e-9, atol=1e-12,
                    hint="running_var = momentum * running_var + (1 - momentum) * var")
    default = submission.update_running_stats(np.zeros((2, 1)), np.ones((2, 1)), np.full((2, 1), 2.0),
                                              np.full((2, 1), 5.0))
    found = check_tuple("update_running_stats(...) with the default momentum", default, ["running_mu", "running_var"])
    check_close("running_mu from update_running_stats(0, 1, 2, 5) with the default momentum 0.9",
                check_array("running_mu", found[0], (2, 1)), np.full((2, 1), 0.2), rtol=1e-9,
                hint="the default momentum is 0.9", mistake="default_momentum")


@hidden_check("batchnorm_inference")
def check_batchnorm_inference(submission, reference):
    data = _rng(1013)
    for n, m, epsilon in [(2, 7, 0.5), (3, 1, 1e-6), (6, 4, 1e-2), (1, 5, 0.5), (40, 100, 1e-6)]:
        Z = _rows(data, n, m, spread=False) * 2 + 1
        gamma, beta = _gamma_beta(data, n)
        running_mu = data.normal(size=(n, 1)) * 2
        running_var = 10.0 ** data.uniform(-2, 1, size=(n, 1))
        call = f"batchnorm_inference(Z of shape {(n, m)}, gamma, beta, running_mu, running_var, epsilon={epsilon})"
        found = check_array(f"Z_tilde from {call}",
                            submission.batchnorm_inference(Z, gamma, beta, running_mu, running_var, epsilon), (n, m))
        expected = reference.batchnorm_inference(Z, gamma, beta, running_mu, running_var, epsilon)
        mu, var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, keepdims=True)
        d = Z - running_mu
        with np.errstate(all="ignore"):
            variants = {
                "batch_statistics": ("normalization with the statistics of the batch Z instead of the running ones",
                                     gamma * (Z - mu) / np.sqrt(var + epsilon) + beta),
                "no_epsilon": ("a division by np.sqrt(running_var), without epsilon",
                               gamma * d / np.sqrt(running_var) + beta),
                "divides_by_variance": ("a division by running_var + epsilon instead of its square root",
                                        gamma * d / (running_var + epsilon) + beta),
                "epsilon_outside_root": ("epsilon added outside the square root",
                                         gamma * d / (np.sqrt(running_var) + epsilon) + beta),
                "without_gamma_beta": ("the normalized Z without gamma and beta", d / np.sqrt(running_var + epsilon)),
            }
        hint = "Z_tilde = gamma * (Z - running_mu) / np.sqrt(running_var + epsilon) + beta"
        _name_mistake(found, expected, variants, f"Z_tilde from {call}", hint)
        check_close(f"Z_tilde from {call}", found, expected, rtol=1e-7, atol=1e-10, hint=hint)
        if m > 1:
            one = check_array(f"Z_tilde of the first example alone, {call}",
                              submission.batchnorm_inference(Z[:, :1], gamma, beta, running_mu, running_var, epsilon),
                              (n, 1))
            check_close(f"Z_tilde of the first example alone (m = 1), {call}", one, expected[:, :1], rtol=1e-7,
                        atol=1e-10, hint="each example is normalized with the running statistics, whatever the batch")
