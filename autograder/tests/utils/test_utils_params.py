"""utils.params: dict <-> vector round trips, ordering, and length/shape errors."""
import numpy as np
import pytest

from utils import init_uniform, params


@pytest.fixture
def parameters():
    p = init_uniform([3, 4, 2, 1], np.random.default_rng(0))
    for l in (1, 2, 3):
        p[f"b{l}"] = p[f"b{l}"] + l  # distinct values
    return p


def test_order_and_size(parameters):
    theta, keys = params.parameters_to_vector(parameters)
    assert keys == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert theta.shape == (12 + 4 + 8 + 2 + 2 + 1,)
    np.testing.assert_array_equal(theta[:12], parameters["W1"].ravel())
    np.testing.assert_array_equal(theta[12:16], parameters["b1"].ravel())
    assert theta[-1] == parameters["b3"][0, 0]


def test_order_ignores_dict_order_and_sorts_numerically():
    p = {f"{k}{l}": np.full((1, 1), 10 * l + (k == "b")) for l in (10, 2, 1) for k in ("b", "W")}
    theta, keys = params.parameters_to_vector(p)
    assert keys == ["W1", "b1", "W2", "b2", "W10", "b10"]
    np.testing.assert_array_equal(theta, [10, 11, 20, 21, 100, 101])


def test_round_trip_exact(parameters):
    theta, _ = params.parameters_to_vector(parameters)
    back = params.vector_to_parameters(theta, parameters)
    assert sorted(back) == sorted(parameters)
    for k, v in parameters.items():
        assert back[k].shape == v.shape
        np.testing.assert_array_equal(back[k], v)
    theta2, _ = params.parameters_to_vector(back)
    np.testing.assert_array_equal(theta, theta2)
    column = params.vector_to_parameters(theta[:, None], parameters)  # (P, 1) is accepted too
    np.testing.assert_array_equal(params.parameters_to_vector(column)[0], theta)


def test_vector_to_parameters_copies(parameters):
    theta, _ = params.parameters_to_vector(parameters)
    back = params.vector_to_parameters(theta, parameters)
    back["W1"][0, 0] = 99.0
    assert theta[0] != 99.0


def test_gradients_to_vector_matches_parameter_order(parameters):
    grads = {"d" + k: v * 2 for k, v in reversed(list(parameters.items()))}
    theta, _ = params.parameters_to_vector(parameters)
    np.testing.assert_array_equal(params.gradients_to_vector(grads, parameters), 2 * theta)


def test_errors(parameters):
    theta, _ = params.parameters_to_vector(parameters)
    message = r"theta has 28 entries but the parameters need 29 \(W1 \(4, 3\), b1 \(4, 1\)"
    with pytest.raises(ValueError, match=message):
        params.vector_to_parameters(theta[:-1], parameters)
    with pytest.raises(ValueError, match=r"theta must have shape \(P,\), got \(29, 2\)"):
        params.vector_to_parameters(np.zeros((29, 2)), parameters)
    grads = {"d" + k: v for k, v in parameters.items()}
    del grads["db2"]
    with pytest.raises(ValueError, match="grads has no 'db2' for parameter 'b2'"):
        params.gradients_to_vector(grads, parameters)
    grads["db2"] = np.zeros(2)
    with pytest.raises(ValueError, match=r"db2 has shape \(2,\) but b2 has shape \(2, 1\)"):
        params.gradients_to_vector(grads, parameters)
    with pytest.raises(ValueError, match="non-empty dict"):
        params.parameters_to_vector({})
