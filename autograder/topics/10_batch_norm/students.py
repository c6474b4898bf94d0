"""Simulated students of 10_batch_norm: typical wrong answers and correct alternatives.

Each wrong answer loses exactly its own function's points: the hidden check of every other function
uses the reference version of the rest.
"""
import numpy as np

from autograder.testing.students import SimulatedStudent, answer

# -- batchnorm_forward: wrong ---------------------------------------------------------------------------


@answer("batchnorm_forward")
def forward_stats_over_axis0(Z, gamma, beta, epsilon=1e-6):
    mu = Z.mean(axis=0, keepdims=True)
    var = Z.var(axis=0, keepdims=True)
    Z_hat = (Z - mu) / np.sqrt(var + epsilon)
    return gamma * Z_hat + beta, {"Z": Z, "Z_hat": Z_hat, "mu": mu, "var": var, "gamma": gamma, "epsilon": epsilon}


@answer("batchnorm_forward")
def forward_divides_by_variance(Z, gamma, beta, epsilon=1e-6):
    mu = Z.mean(axis=1, keepdims=True)
    var = Z.var(axis=1, keepdims=True)
    Z_hat = (Z - mu) / (var + epsilon)
    return gamma * Z_hat + beta, {"Z": Z, "Z_hat": Z_hat, "mu": mu, "var": var, "gamma": gamma, "epsilon": epsilon}


@answer("batchnorm_forward")
def forward_epsilon_outside_root(Z, gamma, beta, epsilon=1e-6):
    mu = Z.mean(axis=1, keepdims=True)
    var = Z.var(axis=1, keepdims=True)
    Z_hat = (Z - mu) / (np.sqrt(var) + epsilon)
    return gamma * Z_hat + beta, {"Z": Z, "Z_hat": Z_hat, "mu": mu, "var": var, "gamma": gamma, "epsilon": epsilon}


@answer("batchnorm_forward")
def forward_unbiased_variance(Z, gamma, beta, epsilon=1e-6):
    mu = Z.mean(axis=1, keepdims=True)
    var = Z.var(axis=1, ddof=1, keepdims=True)
    Z_hat = (Z - mu) / np.sqrt(var + epsilon)
    return gamma * Z_hat + beta, {"Z": Z, "Z_hat": Z_hat, "mu": mu, "var": var, "gamma": gamma, "epsilon": epsilon}


@answer("batchnorm_forward")
def forward_without_gamma_beta(Z, gamma, beta, epsilon=1e-6):
    mu = Z.mean(axis=1, keepdims=True)
    var = Z.var(axis=1, keepdims=True)
    Z_hat = (Z - mu) / np.sqrt(var + epsilon)
    return Z_hat, {"Z": Z, "Z_hat": Z_hat, "mu": mu, "var": var, "gamma": gamma, "epsilon": epsilon}


@answer("batchnorm_forward")
def forward_cache_without_z_hat(Z, gamma, beta, epsilon=1e-6):
    mu = Z.mean(axis=1, keepdims=True)
    var = Z.var(axis=1, keepdims=True)
    Z_hat = (Z - mu) / np.sqrt(var + epsilon)
    return gamma * Z_hat + beta, {"mu": mu, "var": var}


# -- batchnorm_forward: correct alternatives -------------------------------------------------------------


@answer("batchnorm_forward")
def forward_loop_over_units(Z, gamma, beta, epsilon=1e-6):
    n, m = Z.shape
    mu, var = np.zeros((n, 1)), np.zeros((n, 1))
    Z_hat, Z_tilde = np.zeros((n, m)), np.zeros((n, m))
    for j in range(n):
        mu[j, 0] = sum(Z[j]) / m
        var[j, 0] = sum((z - mu[j, 0]) ** 2 for z in Z[j]) / m
        Z_hat[j] = (Z[j] - mu[j, 0]) / np.sqrt(var[j, 0] + epsilon)
        Z_tilde[j] = gamma[j, 0] * Z_hat[j] + beta[j, 0]
    return Z_tilde, {"Z": Z, "Z_hat": Z_hat, "mu": mu, "var": var, "gamma": gamma, "epsilon": epsilon}


@answer("batchnorm_forward")
def forward_numpy_var_and_reshape(Z, gamma, beta, epsilon=1e-6):
    mu = np.mean(Z, axis=1).reshape(-1, 1)
    var = np.var(Z, axis=1).reshape(-1, 1)
    inv_std = 1.0 / np.sqrt(var + epsilon)
    Z_hat = (Z - mu) * inv_std
    cache = dict(Z=Z, Z_hat=Z_hat, mu=mu, var=var, gamma=gamma, epsilon=epsilon, inv_std=inv_std)
    return Z_hat * gamma + beta, cache


# -- batchnorm_backward: wrong ----------------------------------------------------------------------------


@answer("batchnorm_backward")
def backward_direct_path_only(dZ_tilde, cache):
    s = np.sqrt(cache["var"] + cache["epsilon"])
    dgamma = np.sum(dZ_tilde * cache["Z_hat"], axis=1, keepdims=True)
    return cache["gamma"] * dZ_tilde / s, dgamma, np.sum(dZ_tilde, axis=1, keepdims=True)


@answer("batchnorm_backward")
def backward_missing_mu_path(dZ_tilde, cache):
    Z, mu, var, epsilon = cache["Z"], cache["mu"], cache["var"], cache["epsilon"]
    m = Z.shape[1]
    dZ_hat = cache["gamma"] * dZ_tilde
    dvar = np.sum(dZ_hat * (Z - mu), axis=1, keepdims=True) * -0.5 * (var + epsilon) ** -1.5
    dZ = dZ_hat / np.sqrt(var + epsilon) + dvar * 2 * (Z - mu) / m
    return dZ, np.sum(dZ_tilde * cache["Z_hat"], axis=1, keepdims=True), np.sum(dZ_tilde, axis=1, keepdims=True)


@answer("batchnorm_backward")
def backward_missing_var_path(dZ_tilde, cache):
    Z, var, epsilon = cache["Z"], cache["var"], cache["epsilon"]
    m = Z.shape[1]
    dZ_hat = cache["gamma"] * dZ_tilde
    dmu = -np.sum(dZ_hat, axis=1, keepdims=True) / np.sqrt(var + epsilon)
    dZ = dZ_hat / np.sqrt(var + epsilon) + dmu / m
    return dZ, np.sum(dZ_tilde * cache["Z_hat"], axis=1, keepdims=True), np.sum(dZ_tilde, axis=1, keepdims=True)


@answer("batchnorm_backward")
def backward_means_instead_of_sums(dZ_tilde, cache):
    Z_hat = cache["Z_hat"]
    s = np.sqrt(cache["var"] + cache["epsilon"])
    dZ_hat = cache["gamma"] * dZ_tilde
    dZ = (dZ_hat - dZ_hat.mean(axis=1, keepdims=True) - Z_hat * (dZ_hat * Z_hat).mean(axis=1, keepdims=True)) / s
    return dZ, (dZ_tilde * Z_hat).mean(axis=1, keepdims=True), dZ_tilde.mean(axis=1, keepdims=True)


@answer("batchnorm_backward")
def backward_dgamma_with_z(dZ_tilde, cache):
    Z_hat = cache["Z_hat"]
    s = np.sqrt(cache["var"] + cache["epsilon"])
    dZ_hat = cache["gamma"] * dZ_tilde
    dZ = (dZ_hat - dZ_hat.mean(axis=1, keepdims=True) - Z_hat * (dZ_hat * Z_hat).mean(axis=1, keepdims=True)) / s
    return dZ, np.sum(dZ_tilde * cache["Z"], axis=1, keepdims=True), np.sum(dZ_tilde, axis=1, keepdims=True)


@answer("batchnorm_backward")
def backward_ignores_epsilon(dZ_tilde, cache):
    Z, mu, var = cache["Z"], cache["mu"], cache["var"]
    m = Z.shape[1]
    s = np.sqrt(var)
    Z_hat = (Z - mu) / s
    dZ_hat = cache["gamma"] * dZ_tilde
    dZ = (m * dZ_hat - dZ_hat.sum(axis=1, keepdims=True)
          - Z_hat * (dZ_hat * Z_hat).sum(axis=1, keepdims=True)) / (m * s)
    return dZ, np.sum(dZ_tilde * cache["Z_hat"], axis=1, keepdims=True), np.sum(dZ_tilde, axis=1, keepdims=True)


# -- batchnorm_backward: correct alternatives -------------------------------------------------------------


@answer("batchnorm_backward")
def backward_three_paths(dZ_tilde, cache):
    Z, mu, var, gamma, epsilon = cache["Z"], cache["mu"], cache["var"], cache["gamma"], cache["epsilon"]
    m = Z.shape[1]
    Z_mu = Z - mu
    inv_std = 1.0 / np.sqrt(var + epsilon)
    dbeta = np.sum(dZ_tilde, axis=1, keepdims=True)
    dgamma = np.sum(dZ_tilde * Z_mu * inv_std, axis=1, keepdims=True)
    dZ_hat = dZ_tilde * gamma
    dvar = np.sum(dZ_hat * Z_mu, axis=1, keepdims=True) * -0.5 * inv_std**3
    dmu = np.sum(-dZ_hat * inv_std, axis=1, keepdims=True) + dvar * np.mean(-2.0 * Z_mu, axis=1, keepdims=True)
    dZ = dZ_hat * inv_std + dvar * 2.0 * Z_mu / m + dmu / m
    return dZ, dgamma, dbeta


@answer("batchnorm_backward")
def backward_loop_over_units(dZ_tilde, cache):
    n, m = dZ_tilde.shape
    dZ, dgamma, dbeta = np.zeros((n, m)), np.zeros((n, 1)), np.zeros((n, 1))
    for j in range(n):
        z_hat = cache["Z_hat"][j]
        s = float(np.sqrt(cache["var"][j, 0] + cache["epsilon"]))
        d_hat = cache["gamma"][j, 0] * dZ_tilde[j]
        dbeta[j, 0] = dZ_tilde[j].sum()
        dgamma[j, 0] = np.dot(dZ_tilde[j], z_hat)
        dZ[j] = (d_hat - d_hat.mean() - z_hat * np.dot(d_hat, z_hat) / m) / s
    return dZ, dgamma, dbeta


# -- update_running_stats ---------------------------------------------------------------------------------


@answer("update_running_stats")
def running_momentum_reversed(running_mu, running_var, mu, var, momentum=0.9):
    return (1 - momentum) * running_mu + momentum * mu, (1 - momentum) * running_var + momentum * var


@answer("update_running_stats")
def running_var_from_batch_mean(running_mu, running_var, mu, var, momentum=0.9):
    return momentum * running_mu + (1 - momentum) * mu, momentum * running_var + (1 - momentum) * mu


@answer("update_running_stats")
def running_without_one_minus_momentum(running_mu, running_var, mu, var, momentum=0.9):
    return momentum * running_mu + mu, momentum * running_var + var


@answer("update_running_stats")
def running_returns_batch_stats(running_mu, running_var, mu, var, momentum=0.9):
    return mu, var


@answer("update_running_stats")
def running_in_place(running_mu, running_var, mu, var, momentum=0.9):
    running_mu *= momentum
    running_mu += (1 - momentum) * mu
    running_var *= momentum
    running_var += (1 - momentum) * var
    return running_mu, running_var


@answer("update_running_stats")
def running_as_correction(running_mu, running_var, mu, var, momentum=0.9):
    new_mu = running_mu + (1 - momentum) * (mu - running_mu)
    new_var = running_var + (1 - momentum) * (var - running_var)
    return (new_mu, new_var)


# -- batchnorm_inference ----------------------------------------------------------------------------------


@answer("batchnorm_inference")
def inference_batch_statistics(Z, gamma, beta, running_mu, running_var, epsilon=1e-6):
    mu = Z.mean(axis=1, keepdims=True)
    var = Z.var(axis=1, keepdims=True)
    return gamma * (Z - mu) / np.sqrt(var + epsilon) + beta


@answer("batchnorm_inference")
def inference_without_epsilon(Z, gamma, beta, running_mu, running_var, epsilon=1e-6):
    return gamma * (Z - running_mu) / np.sqrt(running_var) + beta


@answer("batchnorm_inference")
def inference_divides_by_variance(Z, gamma, beta, running_mu, running_var, epsilon=1e-6):
    return gamma * (Z - running_mu) / (running_var + epsilon) + beta


@answer("batchnorm_inference")
def inference_without_gamma_beta(Z, gamma, beta, running_mu, running_var, epsilon=1e-6):
    return (Z - running_mu) / np.sqrt(running_var + epsilon)


@answer("batchnorm_inference")
def inference_folded_scale_shift(Z, gamma, beta, running_mu, running_var, epsilon=1e-6):
    scale = gamma / np.sqrt(running_var + epsilon)
    shift = beta - scale * running_mu
    return scale * Z + shift


@answer("batchnorm_inference")
def inference_column_by_column(Z, gamma, beta, running_mu, running_var, epsilon=1e-6):
    columns = []
    for i in range(Z.shape[1]):
        z = Z[:, i:i + 1]
        columns.append(gamma * ((z - running_mu) / (running_var + epsilon) ** 0.5) + beta)
    return np.hstack(columns)


STUDENTS = [
    SimulatedStudent.reference(),
    SimulatedStudent.blank(),
    SimulatedStudent.wrong(forward_stats_over_axis0, "stats_over_axis0"),
    SimulatedStudent.wrong(forward_divides_by_variance, "divides_by_variance"),
    SimulatedStudent.wrong(forward_epsilon_outside_root, "epsilon_outside_root"),
    SimulatedStudent.wrong(forward_unbiased_variance, "unbiased_variance"),
    SimulatedStudent.wrong(forward_without_gamma_beta, "without_gamma_beta"),
    SimulatedStudent.wrong(forward_cache_without_z_hat, "cache_missing_keys"),
    SimulatedStudent("alt_forward_loop_over_units", [forward_loop_over_units], loses=set()),
    SimulatedStudent("alt_forward_numpy_var_and_reshape", [forward_numpy_var_and_reshape], loses=set()),
    SimulatedStudent.wrong(backward_direct_path_only, "direct_path_only"),
    SimulatedStudent.wrong(backward_missing_mu_path, "missing_mu_path"),
    SimulatedStudent.wrong(backward_missing_var_path, "missing_var_path"),
    SimulatedStudent.wrong(backward_means_instead_of_sums, "mean_instead_of_sum"),
    SimulatedStudent.wrong(backward_dgamma_with_z, "dgamma_uses_z"),
    SimulatedStudent.wrong(backward_ignores_epsilon, "ignores_epsilon"),
    SimulatedStudent("alt_backward_three_paths", [backward_three_paths], loses=set()),
    SimulatedStudent("alt_backward_loop_over_units", [backward_loop_over_units], loses=set()),
    SimulatedStudent.wrong(running_momentum_reversed, "momentum_reversed"),
    SimulatedStudent.wrong(running_var_from_batch_mean, "var_from_batch_mean"),
    SimulatedStudent.wrong(running_without_one_minus_momentum, "no_one_minus_momentum"),
    SimulatedStudent.wrong(running_returns_batch_stats, "returns_batch_stats"),
    SimulatedStudent("alt_running_in_place", [running_in_place], loses=set()),
    SimulatedStudent("alt_running_as_correction", [running_as_correction], loses=set()),
    SimulatedStudent.wrong(inference_batch_statistics, "batch_statistics"),
    SimulatedStudent.wrong(inference_without_epsilon, "no_epsilon"),
    SimulatedStudent.wrong(inference_divides_by_variance, "divides_by_variance"),
    SimulatedStudent.wrong(inference_without_gamma_beta, "without_gamma_beta"),
    SimulatedStudent("alt_inference_folded_scale_shift", [inference_folded_scale_shift], loses=set()),
    SimulatedStudent("alt_inference_column_by_column", [inference_column_by_column], loses=set()),
]
