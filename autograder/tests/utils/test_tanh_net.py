"""utils.tanh_net: forward/backward shapes, gradients against finite differences, fit's bookkeeping."""
import numpy as np

from utils import binary_cross_entropy, init_uniform
from utils.params import gradients_to_vector, parameters_to_vector, vector_to_parameters
from utils.tanh_net import accuracy, fit, tanh_backward, tanh_forward, tanh_predict


def data(m=7, n_x=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n_x, m)), (rng.random((1, m)) < 0.5).astype(float)


def test_forward_shapes_and_caches():
    X, _ = data()
    parameters = init_uniform([3, 5, 4, 1], np.random.default_rng(1))
    AL, caches = tanh_forward(X, parameters)
    assert AL.shape == (1, 7) and np.all((AL > 0) & (AL < 1))
    assert len(caches) == 3
    A_prev, W, Z, A = caches[0]
    assert A_prev.shape == (3, 7) and W.shape == (5, 3) and Z.shape == (5, 7)
    np.testing.assert_allclose(A, np.tanh(Z))


def test_backward_matches_finite_differences():
    X, Y = data()
    parameters = init_uniform([3, 5, 4, 1], np.random.default_rng(2))
    AL, caches = tanh_forward(X, parameters)
    grads = tanh_backward(AL, Y, caches)
    theta, _ = parameters_to_vector(parameters)
    grad = gradients_to_vector(grads, parameters)
    eps = 1e-6
    approx = np.zeros_like(theta)
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += eps
        minus[i] -= eps
        cost_plus = binary_cross_entropy(tanh_forward(X, vector_to_parameters(plus, parameters))[0], Y)
        cost_minus = binary_cross_entropy(tanh_forward(X, vector_to_parameters(minus, parameters))[0], Y)
        approx[i] = (cost_plus - cost_minus) / (2 * eps)
    assert np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx)) < 1e-7


def test_fit_lowers_the_cost_records_costs_and_leaves_its_input():
    X, Y = data(m=40, n_x=2, seed=3)
    parameters = init_uniform([2, 6, 1], np.random.default_rng(4))
    before = {k: v.copy() for k, v in parameters.items()}
    trained, train_costs, dev_costs = fit(X, Y, parameters, learning_rate=0.5, num_epochs=200,
                                          X_dev=X[:, :10], Y_dev=Y[:, :10])
    assert train_costs.shape == (200,) and dev_costs.shape == (200,)
    assert train_costs[-1] < train_costs[0]
    for key in before:
        np.testing.assert_array_equal(parameters[key], before[key])
    _, no_costs, no_dev = fit(X, Y, parameters, learning_rate=0.5, num_epochs=5, record_costs=False)
    assert no_costs.shape == (0,) and no_dev.shape == (0,)
    assert 0.0 <= accuracy(X, Y, trained) <= 1.0
    assert set(np.unique(tanh_predict(X, trained))) <= {0, 1}


def test_fit_calls_the_regularize_hook_every_epoch():
    X, Y = data(m=10, n_x=2, seed=5)
    parameters = init_uniform([2, 3, 1], np.random.default_rng(6))
    calls = []

    def hook(grads, params):
        calls.append(sorted(params))
        return {key: np.zeros_like(value) for key, value in grads.items()}

    trained, _, _ = fit(X, Y, parameters, learning_rate=1.0, num_epochs=4, regularize=hook)
    assert len(calls) == 4 and calls[0] == ["W1", "W2", "b1", "b2"]
    for key in parameters:  # zero gradients: nothing moves
        np.testing.assert_array_equal(trained[key], parameters[key])
