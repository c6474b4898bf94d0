"""utils.nn: every backward pass against a centered finite difference written here, the cost's
clipping, the L-layer model, initialisation, the update step and every bad-input error."""
import copy
import warnings

import numpy as np
import pytest

from utils import nn

TOL = 1e-6  # max relative error allowed between analytic and numerical gradients
H = 1e-6  # finite-difference step


def numerical_gradient(f, x, h=H):
    """Centered difference of the scalar function f() with respect to every entry of x (in place)."""
    grad = np.zeros_like(x, dtype=float)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + h
        plus = f()
        x[i] = old - h
        minus = f()
        x[i] = old
        grad[i] = (plus - minus) / (2 * h)
    return grad


def assert_gradient(name, analytic, numeric, tol=TOL):
    assert analytic.shape == numeric.shape, f"{name}: shape {analytic.shape}, numeric {numeric.shape}"
    error = np.max(np.abs(analytic - numeric) / np.maximum(1e-8, np.abs(analytic) + np.abs(numeric)))
    assert error < tol, f"{name}: max relative error {error:.3g} exceeds tolerance {tol:g}"


def away_from_zero(rng, shape, margin=0.05):
    """Normal values with |z| >= margin, so ReLU's kink is never inside a finite-difference step."""
    Z = rng.standard_normal(shape)
    return np.where(np.abs(Z) < margin, np.sign(Z + 1e-300) * margin + Z, Z)


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


@pytest.fixture
def strict_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# --------------------------------------------------------------------------- forward values
def test_linear_forward_values_and_cache(rng):
    A = rng.standard_normal((3, 5))
    W = rng.standard_normal((4, 3))
    b = rng.standard_normal((4, 1))
    Z, cache = nn.linear_forward(A, W, b)
    np.testing.assert_allclose(Z, W @ A + b, rtol=1e-12)
    assert cache[0] is A and cache[1] is W and cache[2] is b


def test_relu_forward_values():
    A, cache = nn.relu_forward(np.array([[-2.0, 0.0, 3.0]]))
    np.testing.assert_array_equal(A, [[0.0, 0.0, 3.0]])
    np.testing.assert_array_equal(cache, [[-2.0, 0.0, 3.0]])


def test_sigmoid_forward_values_and_extremes(strict_warnings):
    Z = np.array([[-1000.0, -745.0, -40.0, -1.0, 0.0, 1.0, 40.0, 1000.0]])
    A, _ = nn.sigmoid_forward(Z)
    assert np.all((A >= 0) & (A <= 1))
    np.testing.assert_allclose(A[0, 3:6], 1 / (1 + np.exp(-Z[0, 3:6])), rtol=1e-15)
    np.testing.assert_allclose(A[0, 2], np.exp(-40.0) / (1 + np.exp(-40.0)), rtol=1e-13)
    assert A[0, 0] < 1e-300 and A[0, -1] == 1.0
    dZ = nn.sigmoid_backward(np.ones_like(Z), Z)
    assert np.all(np.isfinite(dZ))


# --------------------------------------------------------------------------- backward vs numeric
def test_linear_backward_matches_finite_differences(rng):
    A = rng.standard_normal((3, 5))
    W = rng.standard_normal((4, 3))
    b = rng.standard_normal((4, 1))
    G = rng.standard_normal((4, 5))  # upstream gradient: loss = sum(G * Z)
    _, cache = nn.linear_forward(A, W, b)
    dA, dW, db = nn.linear_backward(G, cache)

    def loss():
        return np.sum(G * nn.linear_forward(A, W, b)[0])

    assert_gradient("dA_prev", dA, numerical_gradient(loss, A))
    assert_gradient("dW", dW, numerical_gradient(loss, W))
    assert_gradient("db", db, numerical_gradient(loss, b))


@pytest.mark.parametrize("name", ["relu", "sigmoid"])
def test_activation_backward_matches_finite_differences(rng, name):
    forward = getattr(nn, f"{name}_forward")
    backward = getattr(nn, f"{name}_backward")
    Z = away_from_zero(rng, (4, 6)) * 2
    G = rng.standard_normal((4, 6))
    _, cache = forward(Z)
    dZ = backward(G, cache)
    numeric = numerical_gradient(lambda: np.sum(G * forward(Z)[0]), Z, h=1e-5)
    assert_gradient(f"{name}_backward", dZ, numeric)


@pytest.mark.parametrize("activation", ["relu", "sigmoid"])
def test_linear_activation_backward_matches_finite_differences(rng, activation):
    A = rng.standard_normal((3, 4))
    W = rng.standard_normal((2, 3))
    b = rng.standard_normal((2, 1))
    G = rng.standard_normal((2, 4))
    out, cache = nn.linear_activation_forward(A, W, b, activation)
    (A_c, W_c, b_c), Z = cache
    assert A_c is A and W_c is W and b_c is b and Z.shape == (2, 4)
    dA, dW, db = nn.linear_activation_backward(G, cache, activation)

    def loss():
        return np.sum(G * nn.linear_activation_forward(A, W, b, activation)[0])

    assert_gradient(f"{activation} dA_prev", dA, numerical_gradient(loss, A))
    assert_gradient(f"{activation} dW", dW, numerical_gradient(loss, W))
    assert_gradient(f"{activation} db", db, numerical_gradient(loss, b))


def test_bce_backward_matches_finite_differences(rng):
    AL = rng.uniform(0.05, 0.95, size=(1, 7))
    Y = rng.integers(0, 2, size=(1, 7))
    dAL = nn.binary_cross_entropy_backward(AL, Y)
    assert_gradient("dAL", dAL, numerical_gradient(lambda: nn.binary_cross_entropy(AL, Y), AL, h=1e-7))


@pytest.mark.parametrize("layer_dims", [[3, 1], [3, 4, 1], [4, 5, 3, 1]], ids=["L1", "L2", "L3"])
@pytest.mark.parametrize("m", [1, 6])
def test_model_backward_matches_finite_differences(layer_dims, m):
    rng = np.random.default_rng(len(layer_dims) * 10 + m)
    parameters = nn.init_uniform(layer_dims, rng)
    for l in range(1, len(layer_dims)):  # nonzero biases so db is tested in general position
        parameters[f"b{l}"] = rng.uniform(-0.5, 0.5, size=parameters[f"b{l}"].shape)
    X = rng.standard_normal((layer_dims[0], m))
    Y = rng.integers(0, 2, size=(1, m))
    AL, caches = nn.model_forward(X, parameters)
    assert AL.shape == (1, m) and len(caches) == len(layer_dims) - 1
    for (_, _, _), Z in caches:  # keep every ReLU input away from its kink
        assert np.min(np.abs(Z)) > 10 * H, "a pre-activation is too close to 0 for a finite difference"
    grads = nn.model_backward(AL, Y, caches)
    assert sorted(grads) == sorted("d" + k for k in parameters)

    def cost():
        return nn.binary_cross_entropy(nn.model_forward(X, parameters)[0], Y)

    for key, value in parameters.items():
        numeric = numerical_gradient(cost, value)
        assert_gradient(f"L={len(layer_dims) - 1} m={m} d{key}", grads["d" + key], numeric)


def test_model_backward_equals_layer_by_layer_composition(rng):
    """The shortcut dZ_L = (AL - Y) / m equals bce_backward followed by sigmoid_backward."""
    parameters = nn.init_uniform([2, 5, 4, 1], rng)
    X = rng.standard_normal((2, 9))
    Y = rng.integers(0, 2, size=(1, 9))
    AL, caches = nn.model_forward(X, parameters)
    grads = nn.model_backward(AL, Y, caches)
    dA = nn.binary_cross_entropy_backward(AL, Y)
    for l, activation in ((3, "sigmoid"), (2, "relu"), (1, "relu")):
        (A_prev, W, b), Z = caches[l - 1]
        dA, dW, db = nn.linear_activation_backward(dA, ((A_prev, W, b), Z), activation)
        np.testing.assert_allclose(grads[f"dW{l}"], dW, rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(grads[f"db{l}"], db, rtol=1e-10, atol=1e-14)


def test_model_forward_cache_layout(rng):
    parameters = nn.init_uniform([2, 3, 1], rng)
    X = rng.standard_normal((2, 4))
    AL, caches = nn.model_forward(X, parameters)
    (A0, W1, b1), Z1 = caches[0]
    (A1, W2, b2), Z2 = caches[1]
    assert A0 is X and W1 is parameters["W1"] and b1 is parameters["b1"]
    np.testing.assert_allclose(Z1, W1 @ X + b1)
    np.testing.assert_allclose(A1, np.maximum(Z1, 0))
    np.testing.assert_allclose(AL, 1 / (1 + np.exp(-(W2 @ A1 + b2))), rtol=1e-14)


# --------------------------------------------------------------------------- cost and clipping
def test_bce_value():
    AL = np.array([[0.9, 0.2, 0.6]])
    Y = np.array([[1, 0, 1]])
    expected = -np.mean([np.log(0.9), np.log(0.8), np.log(0.6)])
    assert isinstance(nn.binary_cross_entropy(AL, Y), float)
    assert nn.binary_cross_entropy(AL, Y) == pytest.approx(expected, rel=1e-14)


def test_bce_clips_without_warnings(strict_warnings):
    AL = np.array([[0.0, 1.0, 0.0, 1.0]])
    Y = np.array([[0, 1, 1, 0]])
    cost = nn.binary_cross_entropy(AL, Y)
    assert np.isfinite(cost)
    assert cost == pytest.approx(-2 * np.log(1e-12) / 4, rel=1e-6)
    dAL = nn.binary_cross_entropy_backward(AL, Y)
    assert np.all(np.isfinite(dAL))
    assert nn.binary_cross_entropy(np.array([[0.0, 1.0]]), np.array([[0, 1]])) < 1e-11


def test_model_saturated_output_no_warnings_and_finite_gradients(strict_warnings):
    parameters = {"W1": np.array([[1000.0, -1000.0]]), "b1": np.zeros((1, 1))}
    X = np.array([[1.0, -1.0], [0.0, 0.0]])
    Y = np.array([[0, 1]])
    AL, caches = nn.model_forward(X, parameters)
    assert np.isfinite(nn.binary_cross_entropy(AL, Y))
    grads = nn.model_backward(AL, Y, caches)
    np.testing.assert_allclose(grads["db1"], [[(AL[0, 0] - 0 + AL[0, 1] - 1) / 2]])
    assert grads["dW1"][0, 0] == pytest.approx(1.0)  # (AL - Y) / m = (1, -1) / 2, times x1 = (1, -1)


# --------------------------------------------------------------------------- model helpers
def test_predict_thresholds_at_half():
    parameters = {"W1": np.array([[1.0]]), "b1": np.zeros((1, 1))}
    Y_hat = nn.predict(np.array([[-2.0, -1e-9, 1e-9, 3.0]]), parameters)
    assert Y_hat.shape == (1, 4) and Y_hat.dtype.kind == "i"
    np.testing.assert_array_equal(Y_hat, [[0, 0, 1, 1]])


def test_num_layers():
    parameters = nn.init_uniform([2, 3, 4, 1], np.random.default_rng(0))
    assert nn.num_layers(parameters) == 3
    assert nn.num_layers({**parameters, "gamma1": np.ones((3, 1))}) == 3


def test_init_uniform_shapes_range_and_determinism():
    dims = [5, 40, 30, 1]
    p1 = nn.init_uniform(dims, np.random.default_rng(7))
    p2 = nn.init_uniform(dims, np.random.default_rng(7))
    assert sorted(p1) == ["W1", "W2", "W3", "b1", "b2", "b3"]
    for l in range(1, 4):
        W, b = p1[f"W{l}"], p1[f"b{l}"]
        assert W.shape == (dims[l], dims[l - 1]) and b.shape == (dims[l], 1)
        np.testing.assert_array_equal(W, p2[f"W{l}"])
        np.testing.assert_array_equal(b, 0)
        r = np.sqrt(6 / (dims[l] + dims[l - 1]))
        assert np.all(np.abs(W) <= r)
    # U(-r, r) has variance r^2/3 = 2/(n_l + n_{l-1}); 1200 entries in W2
    assert np.var(p1["W2"]) == pytest.approx(2 / 70, rel=0.15)
    assert np.max(np.abs(p1["W2"])) > 0.9 * np.sqrt(6 / 70)  # spread over the whole interval


def test_update_parameters_returns_new_dict_without_mutation(rng):
    parameters = nn.init_uniform([2, 3, 1], rng)
    grads = {"d" + k: np.ones_like(v) for k, v in parameters.items()}
    before = copy.deepcopy(parameters)
    new = nn.update_parameters(parameters, grads, 0.1)
    assert new is not parameters
    for k in parameters:
        np.testing.assert_array_equal(parameters[k], before[k])
        np.testing.assert_allclose(new[k], before[k] - 0.1)


# --------------------------------------------------------------------------- errors
def test_linear_forward_errors(rng):
    A = rng.standard_normal((5, 2))
    message = r"W has shape \(4, 3\) but A_prev has 5 rows; W must have shape \(n_l, 5\)"
    with pytest.raises(ValueError, match=message):
        nn.linear_forward(A, np.zeros((4, 3)), np.zeros((4, 1)))
    with pytest.raises(ValueError, match=r"b has shape \(4,\); expected \(4, 1\)"):
        nn.linear_forward(A, np.zeros((4, 5)), np.zeros(4))
    with pytest.raises(ValueError, match=r"A_prev must be 2-D"):
        nn.linear_forward(np.zeros(5), np.zeros((4, 5)), np.zeros((4, 1)))
    with pytest.raises(TypeError, match="W must be a numpy array, got list"):
        nn.linear_forward(A, [[1.0] * 5], np.zeros((1, 1)))


def test_backward_shape_errors(rng):
    _, cache = nn.linear_forward(rng.standard_normal((3, 4)), rng.standard_normal((2, 3)), np.zeros((2, 1)))
    with pytest.raises(ValueError, match=r"dZ has shape \(4, 2\); expected \(2, 4\)"):
        nn.linear_backward(np.zeros((4, 2)), cache)
    with pytest.raises(ValueError, match=r"relu_backward: dA has shape \(2, 3\) but Z has shape \(2, 4\)"):
        nn.relu_backward(np.zeros((2, 3)), np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"sigmoid_backward: dA has shape"):
        nn.sigmoid_backward(np.zeros((1, 3)), np.zeros((1, 4)))


def test_unknown_activation(rng):
    A, W, b = rng.standard_normal((3, 2)), rng.standard_normal((1, 3)), np.zeros((1, 1))
    with pytest.raises(ValueError, match="unknown activation 'tanh'; expected 'relu' or 'sigmoid'"):
        nn.linear_activation_forward(A, W, b, "tanh")
    _, cache = nn.linear_activation_forward(A, W, b, "relu")
    with pytest.raises(ValueError, match="unknown activation 'Relu'"):
        nn.linear_activation_backward(np.ones((1, 2)), cache, "Relu")
    with pytest.raises(ValueError, match="unknown activation None"):
        nn.linear_activation_forward(A, W, b, None)


@pytest.mark.parametrize("function", [nn.binary_cross_entropy, nn.binary_cross_entropy_backward])
def test_cost_shape_errors(function):
    with pytest.raises(ValueError, match=r"AL has shape \(1, 3\) and Y has shape \(3,\)"):
        function(np.full((1, 3), 0.5), np.array([1, 0, 1]))
    with pytest.raises(ValueError, match=r"AL has shape \(3, 1\) and Y has shape \(1, 3\)"):
        function(np.full((3, 1), 0.5), np.array([[1, 0, 1]]))


def test_model_errors(rng):
    parameters = nn.init_uniform([2, 3, 1], rng)
    AL, caches = nn.model_forward(rng.standard_normal((2, 4)), parameters)
    with pytest.raises(ValueError, match=r"model_backward: AL has shape \(1, 4\) and Y has shape \(1, 5\)"):
        nn.model_backward(AL, np.zeros((1, 5), dtype=int), caches)
    with pytest.raises(ValueError, match="caches is empty"):
        nn.model_backward(AL, np.zeros((1, 4), dtype=int), [])
    with pytest.raises(ValueError, match=r"W has shape \(3, 2\) but A_prev has 3 rows"):
        nn.model_forward(rng.standard_normal((3, 4)), parameters)
    with pytest.raises(ValueError, match="parameters has 'W2' but no 'b2'"):
        nn.num_layers({"W1": 1, "b1": 1, "W2": 2})
    with pytest.raises(ValueError, match=r"parameters has no 'W1'; keys are \['w1'\]"):
        nn.num_layers({"w1": 1})
    with pytest.raises(TypeError, match="parameters must be a dict"):
        nn.model_forward(np.zeros((2, 1)), [np.zeros((1, 2))])


def test_init_uniform_errors():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"layer_dims needs at least 2 entries .*got \[3\]"):
        nn.init_uniform([3], rng)
    with pytest.raises(ValueError, match=r"positive int, got \[2, 0, 1\]"):
        nn.init_uniform([2, 0, 1], rng)
    with pytest.raises(ValueError, match="positive int"):
        nn.init_uniform([2, 2.5, 1], rng)
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator.*got int"):
        nn.init_uniform([2, 1], 42)


def test_update_parameters_errors():
    parameters = {"W1": np.zeros((1, 2)), "b1": np.zeros((1, 1))}
    with pytest.raises(ValueError, match="grads has no 'db1' for parameter 'b1'"):
        nn.update_parameters(parameters, {"dW1": np.zeros((1, 2))}, 0.1)
    with pytest.raises(ValueError, match=r"db1 has shape \(1, 5\) but b1 has shape \(1, 1\)"):
        nn.update_parameters(parameters, {"dW1": np.zeros((1, 2)), "db1": np.zeros((1, 5))}, 0.1)
