"""utils.many_networks.train_many: each stacked network trains exactly like utils.train would."""
import numpy as np
import pytest

import utils
from utils.many_networks import train_many


def _data(K, m, seed=0):
    rng = np.random.default_rng(seed)
    pairs = [utils.make_moons(m, 0.2, rng) for _ in range(K)]
    return np.stack([X for X, _ in pairs]), np.stack([Y for _, Y in pairs]).astype(float)


def test_matches_utils_train_network_by_network():
    X, Y = _data(3, 40)
    widths = [1, 4, 7]
    start = train_many(X, Y, widths, np.random.default_rng(5), learning_rate=0.5, num_epochs=0)
    trained = train_many(X, Y, widths, np.random.default_rng(5), learning_rate=0.5, num_epochs=60)
    for k, width in enumerate(widths):
        assert start[k]["W1"].shape == (width, 2) and start[k]["W2"].shape == (1, width)
        expected, _ = utils.train(X[k], Y[k], start[k], learning_rate=0.5, num_epochs=60, progress=False)
        for key in ["W1", "b1", "W2", "b2"]:
            np.testing.assert_allclose(trained[k][key], expected[key], rtol=1e-9, atol=1e-12)


def test_learns_and_is_reproducible():
    X, Y = _data(2, 100, seed=1)
    first = train_many(X, Y, [16, 16], np.random.default_rng(0), learning_rate=1.0, num_epochs=800,
                       input_noise=[0.0, 0.1])
    again = train_many(X, Y, [16, 16], np.random.default_rng(0), learning_rate=1.0, num_epochs=800,
                       input_noise=[0.0, 0.1])
    for k in range(2):
        assert np.mean(utils.predict(X[k], first[k]) == Y[k]) > 0.85
        np.testing.assert_array_equal(first[k]["W1"], again[k]["W1"])
    other = train_many(X, Y, [16, 16], np.random.default_rng(1), learning_rate=1.0, num_epochs=5,
                       input_noise=[0.0, 0.1])
    assert not np.allclose(other[1]["W1"], first[1]["W1"])


def test_input_noise_changes_the_training():
    X, Y = _data(1, 30)
    plain = train_many(X, Y, [8], np.random.default_rng(2), learning_rate=0.5, num_epochs=20)
    noisy = train_many(X, Y, [8], np.random.default_rng(2), learning_rate=0.5, num_epochs=20, input_noise=0.3)
    assert not np.allclose(plain[0]["W1"], noisy[0]["W1"])


@pytest.mark.parametrize("bad", [
    dict(X=np.zeros((2, 5)), Y=np.zeros((1, 5)), widths=[3]),
    dict(X=np.zeros((2, 2, 5)), Y=np.zeros((2, 1, 4)), widths=[3, 3]),
    dict(X=np.zeros((2, 2, 5)), Y=np.zeros((2, 1, 5)), widths=[3]),
    dict(X=np.zeros((1, 2, 5)), Y=np.zeros((1, 1, 5)), widths=[0]),
])
def test_rejects_bad_shapes(bad):
    with pytest.raises(ValueError):
        train_many(bad["X"], bad["Y"], bad["widths"], np.random.default_rng(0), learning_rate=0.1, num_epochs=1)
