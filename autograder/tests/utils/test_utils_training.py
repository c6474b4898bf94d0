"""utils.train: it learns, records costs as documented, never mutates its inputs, writes nothing
to stderr, accepts custom passes, and matches the lean hand-written loop of the benchmark."""
import copy

import numpy as np
import pytest

import utils
from autograder.testing import bench_training


@pytest.fixture
def moons():
    rng = np.random.default_rng(0)
    X, Y = utils.make_moons(200, 0.15, rng)
    return X, Y, utils.init_uniform([2, 10, 5, 1], rng)


def test_train_reduces_cost_and_fits_moons(moons, capfd):
    X, Y, parameters = moons
    before = copy.deepcopy((X, Y, parameters))
    trained, costs = utils.train(X, Y, parameters, learning_rate=0.5, num_epochs=1500, progress=False)
    assert capfd.readouterr() == ("", "")
    assert len(costs) == 1500 and all(isinstance(c, float) for c in costs)
    assert costs[0] == pytest.approx(utils.binary_cross_entropy(utils.model_forward(X, parameters)[0], Y))
    assert costs[-1] < 0.5 * costs[0], f"cost went from {costs[0]:.4f} to {costs[-1]:.4f}"
    accuracy = np.mean(utils.predict(X, trained) == Y)
    assert accuracy > 0.9, f"train accuracy {accuracy:.3f}"
    utils.check_not_mutated("X", before[0], X)
    utils.check_not_mutated("Y", before[1], Y)
    utils.check_not_mutated("parameters", before[2], parameters)
    assert trained is not parameters


def test_record_every(moons):
    X, Y, parameters = moons
    _, every = utils.train(X, Y, parameters, learning_rate=0.1, num_epochs=25, progress=False)
    _, sparse = utils.train(X, Y, parameters, learning_rate=0.1, num_epochs=25, record_every=10,
                            progress=False)
    assert len(sparse) == 3
    np.testing.assert_allclose(sparse, [every[0], every[10], every[20]], rtol=1e-12)


def test_zero_epochs_returns_copies(moons):
    X, Y, parameters = moons
    trained, costs = utils.train(X, Y, parameters, learning_rate=0.1, num_epochs=0, progress=False)
    assert costs == []
    for k in parameters:
        np.testing.assert_array_equal(trained[k], parameters[k])
        assert trained[k] is not parameters[k]


def test_progress_goes_to_stdout_only(moons, capfd):
    X, Y, parameters = moons
    utils.train(X, Y, parameters, learning_rate=0.1, num_epochs=50, description="moons")
    out, err = capfd.readouterr()
    assert err == ""
    assert "moons: epoch 50/50 (100%)" in out and "cost" in out


def test_custom_forward_backward_cost(moons):
    X, Y, parameters = moons
    calls = {"forward": 0, "backward": 0, "cost": 0}

    def forward(X_, p):
        calls["forward"] += 1
        return utils.model_forward(X_, p)

    def backward(AL, Y_, caches):
        calls["backward"] += 1
        return utils.model_backward(AL, Y_, caches)

    def cost(AL, Y_):
        calls["cost"] += 1
        return 42.0

    _, costs = utils.train(X, Y, parameters, learning_rate=0.1, num_epochs=7, record_every=3, forward=forward,
                           backward=backward, cost=cost, progress=False)
    assert calls == {"forward": 7, "backward": 7, "cost": 3}
    assert costs == [42.0, 42.0, 42.0]


def test_same_costs_as_lean_loop():
    rng = np.random.default_rng(3)
    X, Y = utils.make_moons(60, 0.2, rng)
    parameters = utils.init_uniform([2, 6, 4, 1], rng)
    trained, costs = utils.train(X, Y, parameters, learning_rate=0.3, num_epochs=200, progress=False)
    lean_params, lean_costs = bench_training.lean_train(X, Y, parameters, 0.3, 200)
    gap = np.max(np.abs(np.array(costs) - np.array(lean_costs)))
    assert gap < 1e-10, f"utils.train and lean_train costs differ by up to {gap:.3g} (tolerance 1e-10)"
    for k in parameters:
        np.testing.assert_allclose(trained[k], lean_params[k], rtol=1e-9, atol=1e-12)


def test_compare_returns_timings():
    result = bench_training.compare(repeats=1, m=50, num_epochs=5)
    assert set(result) == {"utils_s", "lean_s", "ratio"} and result["ratio"] > 0


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"learning_rate": 0, "num_epochs": 5}, "learning_rate must be a number > 0, got 0"),
        ({"learning_rate": "0.1", "num_epochs": 5}, "learning_rate must be a number > 0, got '0.1'"),
        ({"learning_rate": 0.1, "num_epochs": -1}, "num_epochs must be an int >= 0, got -1"),
        ({"learning_rate": 0.1, "num_epochs": 2.0}, "num_epochs must be an int >= 0, got 2.0"),
        ({"learning_rate": 0.1, "num_epochs": 5, "record_every": 0},
         "record_every must be an int >= 1, got 0"),
    ],
)
def test_bad_hyperparameters(moons, kwargs, match):
    X, Y, parameters = moons
    with pytest.raises(ValueError, match=match):
        utils.train(X, Y, parameters, progress=False, **kwargs)


def test_bad_data(moons):
    X, Y, parameters = moons
    message = r"Y has shape \(200,\) but X has shape \(2, 200\); Y must have shape \(1, 200\)"
    with pytest.raises(ValueError, match=message):
        utils.train(X, Y.ravel(), parameters, learning_rate=0.1, num_epochs=1, progress=False)
    with pytest.raises(ValueError, match=r"X must be a 2-D array \(n_x, m\), got shape \(200,\)"):
        utils.train(X[0], Y, parameters, learning_rate=0.1, num_epochs=1, progress=False)
    with pytest.raises(TypeError, match="parameters must be a dict"):
        utils.train(X, Y, list(parameters.values()), learning_rate=0.1, num_epochs=1, progress=False)
