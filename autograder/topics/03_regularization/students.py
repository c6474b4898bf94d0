"""Simulated students of 03_regularization: typical wrong answers and correct alternatives.

Each student starts from the reference answers and replaces some answer cells. ``loses`` names
the graded functions whose test cells must score zero; every other test cell must score full.
"""
import numpy as np

from autograder.testing.students import SimulatedStudent, answer, cell
from utils import binary_cross_entropy

# Defined by the notebook's answer cells when these answers run there.
l2_penalty = None


# -- l2_penalty: wrong ---------------------------------------------------------------------------
@answer("l2_penalty")
def l2_biases_included(parameters, lambd, m):
    return float(lambd / (2 * m) * sum(np.sum(value ** 2) for value in parameters.values()))


@answer("l2_penalty")
def l2_lambd_over_m(parameters, lambd, m):
    L = len(parameters) // 2
    return float(lambd / m * sum(np.sum(parameters[f"W{l}"] ** 2) for l in range(1, L + 1)))


@answer("l2_penalty")
def l2_norm_not_squared(parameters, lambd, m):
    L = len(parameters) // 2
    return float(lambd / (2 * m) * sum(np.linalg.norm(parameters[f"W{l}"]) for l in range(1, L + 1)))


@answer("l2_penalty")
def l2_two_layers_only(parameters, lambd, m):
    return float(lambd / (2 * m) * (np.sum(parameters["W1"] ** 2) + np.sum(parameters["W2"] ** 2)))


# -- cost_with_l2: wrong -------------------------------------------------------------------------
@answer("cost_with_l2")
def cost_cross_entropy_summed(AL, Y, parameters, lambd):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) + l2_penalty(parameters, lambd, m))


@answer("cost_with_l2")
def cost_penalty_forgotten(AL, Y, parameters, lambd):
    return float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))


@answer("cost_with_l2")
def cost_m_from_rows(AL, Y, parameters, lambd):
    m = AL.shape[0]
    cross_entropy = -np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
    return float(cross_entropy + l2_penalty(parameters, lambd, m))


# -- l2_gradients: wrong -------------------------------------------------------------------------
@answer("l2_gradients")
def grads_biases_regularized(grads, parameters, lambd, m):
    return {"d" + key: grads["d" + key] + lambd / m * value for key, value in parameters.items()}


@answer("l2_gradients")
def grads_half_factor(grads, parameters, lambd, m):
    new = dict(grads)
    for l in range(1, len(parameters) // 2 + 1):
        new[f"dW{l}"] = grads[f"dW{l}"] + lambd / (2 * m) * parameters[f"W{l}"]
    return new


@answer("l2_gradients")
def grads_without_m(grads, parameters, lambd, m):
    new = dict(grads)
    for l in range(1, len(parameters) // 2 + 1):
        new[f"dW{l}"] = grads[f"dW{l}"] + lambd * parameters[f"W{l}"]
    return new


@answer("l2_gradients")
def grads_weights_only_returned(grads, parameters, lambd, m):
    return {f"dW{l}": grads[f"dW{l}"] + lambd / m * parameters[f"W{l}"] for l in range(1, len(parameters) // 2 + 1)}


# -- weight_decay_step: wrong --------------------------------------------------------------------
@answer("weight_decay_step")
def decay_without_alpha(W, dW, alpha, lambd, m):
    return (1 - lambd / m) * W - alpha * dW


@answer("weight_decay_step")
def decay_step_without_alpha(W, dW, alpha, lambd, m):
    return (1 - alpha * lambd / m) * W - dW


@answer("weight_decay_step")
def decay_grows_weights(W, dW, alpha, lambd, m):
    return (1 + alpha * lambd / m) * W - alpha * dW


# -- l1_penalty: wrong ---------------------------------------------------------------------------
@answer("l1_penalty")
def l1_no_abs(parameters, lambd, m):
    L = len(parameters) // 2
    return float(lambd / (2 * m) * sum(np.sum(parameters[f"W{l}"]) for l in range(1, L + 1)))


@answer("l1_penalty")
def l1_squared(parameters, lambd, m):
    L = len(parameters) // 2
    return float(lambd / (2 * m) * sum(np.sum(parameters[f"W{l}"] ** 2) for l in range(1, L + 1)))


@answer("l1_penalty")
def l1_biases_included(parameters, lambd, m):
    return float(lambd / (2 * m) * sum(np.sum(np.abs(value)) for value in parameters.values()))


@answer("l1_penalty")
def l1_lambd_over_m(parameters, lambd, m):
    L = len(parameters) // 2
    return float(lambd / m * sum(np.sum(np.abs(parameters[f"W{l}"])) for l in range(1, L + 1)))


# -- flip_horizontal: wrong ----------------------------------------------------------------------
@answer("flip_horizontal")
def flip_vertical(images):
    return images[:, ::-1, :]


@answer("flip_horizontal")
def flip_fliplr_on_batch(images):
    return np.fliplr(images)


@answer("flip_horizontal")
def flip_batch_axis(images):
    return images[::-1]


@answer("flip_horizontal")
def flip_every_axis(images):
    return np.flip(images)


@answer("flip_horizontal")
def flip_transposed(images):
    return np.transpose(images, (0, 2, 1))


# -- early_stopping_epoch: wrong -----------------------------------------------------------------
@answer("early_stopping_epoch")
def early_global_argmin(dev_costs, patience):
    return int(np.argmin(dev_costs))


@answer("early_stopping_epoch")
def early_returns_stopping_epoch(dev_costs, patience):
    best_cost, waited = dev_costs[0], 0
    for epoch in range(1, len(dev_costs)):
        if dev_costs[epoch] < best_cost:
            best_cost, waited = dev_costs[epoch], 0
        else:
            waited += 1
            if waited >= patience:
                return epoch
    return len(dev_costs) - 1


@answer("early_stopping_epoch")
def early_ties_improve(dev_costs, patience):
    best_epoch, best_cost, waited = 0, dev_costs[0], 0
    for epoch in range(1, len(dev_costs)):
        if dev_costs[epoch] <= best_cost:
            best_epoch, best_cost, waited = epoch, dev_costs[epoch], 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best_epoch


@answer("early_stopping_epoch")
def early_one_epoch_too_late(dev_costs, patience):
    best_epoch, best_cost, waited = 0, dev_costs[0], 0
    for epoch in range(1, len(dev_costs)):
        if dev_costs[epoch] < best_cost:
            best_epoch, best_cost, waited = epoch, dev_costs[epoch], 0
        else:
            waited += 1
            if waited > patience:
                break
    return best_epoch


@answer("early_stopping_epoch")
def early_counter_never_reset(dev_costs, patience):
    best_epoch, best_cost, waited = 0, dev_costs[0], 0
    for epoch in range(1, len(dev_costs)):
        if dev_costs[epoch] < best_cost:
            best_epoch, best_cost = epoch, dev_costs[epoch]
        else:
            waited += 1
            if waited >= patience:
                break
    return best_epoch


# -- correct alternatives ------------------------------------------------------------------------
@answer("l2_penalty")
def l2_frobenius_over_keys(parameters, lambd, m):
    squares = 0.0
    for key, value in parameters.items():
        if key.startswith("W"):
            squares += np.linalg.norm(value, "fro") ** 2
    return squares * lambd / m / 2


@answer("l2_penalty")
def l2_loops_over_entries(parameters, lambd, m):
    total = 0.0
    layer = 1
    while f"W{layer}" in parameters:
        for row in parameters[f"W{layer}"]:
            for w in row:
                total += w * w
        layer += 1
    return float(lambd * total / (2 * m))


@answer("cost_with_l2")
def cost_with_utils_cross_entropy(AL, Y, parameters, lambd):
    return binary_cross_entropy(AL, Y) + l2_penalty(parameters, lambd, Y.shape[1])


@cell("cost_with_l2")
def cost_inline_penalty_with_helper():
    def log_loss(AL, Y):
        return -(np.dot(Y.ravel(), np.log(AL).ravel()) + np.dot(1 - Y.ravel(), np.log(1 - AL).ravel())) / Y.size

    def cost_with_l2(AL, Y, parameters, lambd):
        m = Y.shape[1]
        weights = [parameters[key] for key in parameters if key[0] == "W"]
        return float(log_loss(AL, Y) + lambd / (2 * m) * sum(np.sum(W * W) for W in weights))


@answer("l2_gradients")
def grads_in_place(grads, parameters, lambd, m):
    for key in parameters:
        if key.startswith("W"):
            grads["d" + key] += (lambd / m) * parameters[key]
    return grads


@answer("l2_gradients")
def grads_comprehension(grads, parameters, lambd, m):
    return {key: value + lambd / m * parameters[key[1:]] if key.startswith("dW") else value
            for key, value in grads.items()}


@answer("weight_decay_step")
def decay_as_gradient_step(W, dW, alpha, lambd, m):
    return W - alpha * (dW + lambd / m * W)


@answer("weight_decay_step")
def decay_in_place(W, dW, alpha, lambd, m):
    W *= 1 - alpha * lambd / m
    W -= alpha * dW
    return W


@answer("l1_penalty")
def l1_vector_norms(parameters, lambd, m):
    L = len(parameters) // 2
    return lambd / (2 * m) * sum(np.linalg.norm(parameters[f"W{l}"].ravel(), 1) for l in range(1, L + 1))


@answer("l1_penalty")
def l1_sign_times_weights(parameters, lambd, m):
    total = sum(float(np.sum(np.sign(W) * W)) for key, W in parameters.items() if key.startswith("W"))
    return lambd * total / (2 * m)


@answer("flip_horizontal")
def flip_np_flip_axis(images):
    return np.flip(images, axis=2).copy()


@answer("flip_horizontal")
def flip_each_picture(images):
    return np.stack([np.fliplr(picture) for picture in images])


@answer("flip_horizontal")
def flip_in_place_with_index(images):
    width = images.shape[2]
    images[:] = images[:, :, np.arange(width - 1, -1, -1)]
    return images


@answer("early_stopping_epoch")
def early_last_improvement(dev_costs, patience):
    costs = list(dev_costs)
    best = 0
    epoch = 1
    while epoch < len(costs) and epoch - best <= patience:
        if costs[epoch] < costs[best]:
            best = epoch
        epoch += 1
        if epoch - best > patience:
            break
    return best


@answer("early_stopping_epoch")
def early_running_minimum(dev_costs, patience):
    costs = np.asarray(dev_costs, dtype=float)
    best_so_far = np.minimum.accumulate(costs)
    improved = np.r_[True, costs[1:] < best_so_far[:-1]]
    best = 0
    for epoch in range(len(costs)):
        if improved[epoch]:
            best = epoch
        elif epoch - best >= patience:
            break
    return best


STUDENTS = [
    SimulatedStudent.reference(),
    SimulatedStudent.blank(),
    SimulatedStudent.wrong(l2_biases_included, "biases_included"),
    SimulatedStudent.wrong(l2_lambd_over_m, "lambd_over_m"),
    SimulatedStudent.wrong(l2_norm_not_squared, "norm_not_squared"),
    SimulatedStudent.wrong(l2_two_layers_only, "some_layers_only"),
    SimulatedStudent.wrong(cost_cross_entropy_summed, "cross_entropy_summed"),
    SimulatedStudent.wrong(cost_penalty_forgotten, "penalty_missing"),
    SimulatedStudent.wrong(cost_m_from_rows, "penalty_with_m_1"),
    SimulatedStudent.wrong(grads_biases_regularized, "biases_regularized"),
    SimulatedStudent.wrong(grads_half_factor, "half_factor"),
    SimulatedStudent.wrong(grads_without_m, "missing_m"),
    SimulatedStudent.wrong(grads_weights_only_returned, "gradients_missing"),
    SimulatedStudent.wrong(decay_without_alpha, "alpha_missing_from_decay"),
    SimulatedStudent.wrong(decay_step_without_alpha, "step_without_alpha"),
    SimulatedStudent.wrong(decay_grows_weights, "weights_grow"),
    SimulatedStudent.wrong(l1_no_abs, "no_abs"),
    SimulatedStudent.wrong(l1_squared, "squared"),
    SimulatedStudent.wrong(l1_biases_included, "biases_included"),
    SimulatedStudent.wrong(l1_lambd_over_m, "lambd_over_m"),
    SimulatedStudent.wrong(flip_vertical, "vertical_flip"),
    SimulatedStudent.wrong(flip_fliplr_on_batch, "vertical_flip"),
    SimulatedStudent.wrong(flip_batch_axis, "batch_reversed"),
    SimulatedStudent.wrong(flip_every_axis, "every_axis_reversed"),
    SimulatedStudent.wrong(flip_transposed, "transposed"),
    SimulatedStudent.wrong(early_global_argmin, "no_patience"),
    SimulatedStudent.wrong(early_returns_stopping_epoch, "returns_stopping_epoch"),
    SimulatedStudent.wrong(early_ties_improve, "ties_improve"),
    SimulatedStudent.wrong(early_one_epoch_too_late, "one_epoch_too_late"),
    SimulatedStudent.wrong(early_counter_never_reset, "counter_not_reset"),
    SimulatedStudent("alt_l2_frobenius_over_keys", [l2_frobenius_over_keys], set()),
    SimulatedStudent("alt_l2_loops_over_entries", [l2_loops_over_entries], set()),
    SimulatedStudent("alt_cost_with_utils_cross_entropy", [cost_with_utils_cross_entropy], set()),
    SimulatedStudent("alt_cost_inline_penalty_with_helper", [cost_inline_penalty_with_helper], set()),
    SimulatedStudent("alt_grads_in_place", [grads_in_place], set()),
    SimulatedStudent("alt_grads_comprehension", [grads_comprehension], set()),
    SimulatedStudent("alt_decay_as_gradient_step", [decay_as_gradient_step], set()),
    SimulatedStudent("alt_decay_in_place", [decay_in_place], set()),
    SimulatedStudent("alt_l1_vector_norms", [l1_vector_norms], set()),
    SimulatedStudent("alt_l1_sign_times_weights", [l1_sign_times_weights], set()),
    SimulatedStudent("alt_flip_np_flip_axis", [flip_np_flip_axis], set()),
    SimulatedStudent("alt_flip_each_picture", [flip_each_picture], set()),
    SimulatedStudent("alt_flip_in_place_with_index", [flip_in_place_with_index], set()),
    SimulatedStudent("alt_early_last_improvement", [early_last_improvement], set()),
    SimulatedStudent("alt_early_running_minimum", [early_running_minimum], set()),
]
