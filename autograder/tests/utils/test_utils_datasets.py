"""utils.datasets: shapes, dtypes, label sets, balance, determinism and independence."""
import numpy as np
import pytest

from utils import datasets

MAKERS = {
    "moons": (datasets.make_moons, {"noise": 0.2}),
    "circles": (datasets.make_circles, {"noise": 0.1}),
    "flower": (datasets.make_flower, {}),
    "blobs": (datasets.make_blobs, {"centers": 3}),
}


def make(name, m, seed):
    maker, kwargs = MAKERS[name]
    return maker(m, rng=np.random.default_rng(seed), **kwargs)


@pytest.mark.parametrize("name", MAKERS)
@pytest.mark.parametrize("m", [1, 7, 300])
def test_shapes_dtypes_labels(name, m):
    X, Y = make(name, m, 0)
    assert X.shape == (2, m) and X.dtype == np.float64
    assert Y.shape == (1, m) and Y.dtype.kind == "i"
    classes = 3 if name == "blobs" else 2
    assert set(np.unique(Y)) <= set(range(classes))
    counts = np.bincount(Y.ravel(), minlength=classes)
    assert counts.max() - counts.min() <= 1, f"unbalanced classes {counts}"
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("name", MAKERS)
def test_same_seed_same_data_other_seed_other_data(name):
    X1, Y1 = make(name, 50, 3)
    X2, Y2 = make(name, 50, 3)
    X3, _ = make(name, 50, 4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(Y1, Y2)
    assert not np.array_equal(X1, X3)


def test_labels_are_not_sorted_by_class():
    _, Y = datasets.make_moons(200, 0.2, np.random.default_rng(0))
    assert 0 < Y[0, :100].sum() < 100


def test_moons_geometry_without_noise():
    X, Y = datasets.make_moons(400, 0.0, np.random.default_rng(0))
    upper, lower = X[:, Y[0] == 0], X[:, Y[0] == 1]
    np.testing.assert_allclose(np.hypot(upper[0], upper[1]), 1.0)
    np.testing.assert_allclose(np.hypot(lower[0] - 1, lower[1] - 0.5), 1.0)
    assert upper[1].min() >= 0 and lower[1].max() <= 0.5


def test_circles_radii_without_noise():
    X, Y = datasets.make_circles(300, 0.0, np.random.default_rng(0), factor=0.3)
    radius = np.hypot(X[0], X[1])
    np.testing.assert_allclose(radius[Y[0] == 0], 1.0)
    np.testing.assert_allclose(radius[Y[0] == 1], 0.3)


def test_flower_is_a_rose_curve_without_noise():
    X, Y = datasets.make_flower(400, np.random.default_rng(0), petals=4, noise=0.0)
    r = np.hypot(X[0], X[1])
    assert r.max() <= 4.0 + 1e-12
    t = np.arctan2(X[0], X[1])  # X = r (sin t, cos t)
    np.testing.assert_allclose(r, np.abs(4 * np.sin(4 * t)), atol=1e-9)


def test_blobs_with_given_centers():
    centers = np.array([[10.0, 0.0], [-10.0, 0.0], [0.0, 10.0]])
    X, Y = datasets.make_blobs(600, centers, np.random.default_rng(0), std=0.5)
    for c in range(3):
        mean = X[:, Y[0] == c].mean(axis=1)
        np.testing.assert_allclose(mean, centers[c], atol=0.15)
        assert X[:, Y[0] == c].std(axis=1) == pytest.approx([0.5, 0.5], rel=0.2)


def test_blobs_int_centers_are_fixed():
    """With an int, the centres do not depend on the rng, so two calls share a distribution."""
    X1, Y1 = datasets.make_blobs(2000, 4, np.random.default_rng(1), std=0.3)
    X2, Y2 = datasets.make_blobs(2000, 4, np.random.default_rng(2), std=0.3)
    for c in range(4):
        np.testing.assert_allclose(X1[:, Y1[0] == c].mean(axis=1), X2[:, Y2[0] == c].mean(axis=1), atol=0.1)


def test_daily_temperatures():
    day, temp = datasets.daily_temperatures(365, np.random.default_rng(0))
    assert day.shape == (365,) and temp.shape == (365,)
    np.testing.assert_array_equal(day, np.arange(1, 366))
    assert temp.dtype == np.float64
    assert temp[:31].mean() < 6 and temp[180:211].mean() > 14  # January cold, July warm
    day2, temp2 = datasets.daily_temperatures(365, np.random.default_rng(0))
    np.testing.assert_array_equal(temp, temp2)
    _, smooth = datasets.daily_temperatures(365, np.random.default_rng(0), noise=0.0)
    assert smooth.min() == pytest.approx(2.0, abs=0.01) and smooth.max() == pytest.approx(18.0, abs=0.01)


def test_make_train_test_independent_draws():
    (Xtr, Ytr), (Xte, Yte) = datasets.make_train_test(
        datasets.make_moons, 120, 80, np.random.default_rng(5), noise=0.2)
    assert Xtr.shape == (2, 120) and Ytr.shape == (1, 120)
    assert Xte.shape == (2, 80) and Yte.shape == (1, 80)
    # the test set is not a slice of a bigger training draw
    assert not any(np.any(np.all(Xtr == Xte[:, [j]], axis=0)) for j in range(80))
    # deterministic, and the test set does not depend on m_train
    (Xtr2, _), (Xte2, Yte2) = datasets.make_train_test(
        datasets.make_moons, 500, 80, np.random.default_rng(5), noise=0.2)
    np.testing.assert_array_equal(Xte, Xte2)
    np.testing.assert_array_equal(Yte, Yte2)
    (_, _), (Xte3, _) = datasets.make_train_test(
        datasets.make_moons, 120, 80, np.random.default_rng(6), noise=0.2)
    assert not np.array_equal(Xte, Xte3)


def test_make_train_test_with_every_maker():
    for name, (maker, kwargs) in MAKERS.items():
        (Xtr, Ytr), (Xte, Yte) = datasets.make_train_test(maker, 30, 20, np.random.default_rng(0), **kwargs)
        assert Xtr.shape == (2, 30) and Xte.shape == (2, 20), name


D = datasets
BAD_INPUTS = [
    (lambda r: D.make_moons(0, 0.2, r), ValueError, "make_moons: m must be a positive int, got 0"),
    (lambda r: D.make_moons(10.5, 0.2, r), ValueError, "m must be a positive int, got 10.5"),
    (lambda r: D.make_moons(10, -0.1, r), ValueError, r"noise must be a finite number >= 0, got -0.1"),
    (lambda r: D.make_moons(10, 0.2, 42), TypeError, "rng must be a numpy.random.Generator.*got int"),
    (lambda r: D.make_circles(10, 0.1, r, factor=1.5), ValueError, r"factor must be in \(0, 1\), got 1.5"),
    (lambda r: D.make_flower(10, r, petals=0), ValueError, "petals must be a positive int, got 0"),
    (lambda r: D.make_blobs(10, 0, r), ValueError, "centers must be a positive int"),
    (lambda r: D.make_blobs(10, np.zeros((3, 3)), r), ValueError, r"shape \(C, 2\), got shape \(3, 3\)"),
    (lambda r: D.make_blobs(10, 2, r, std=-1), ValueError, "std must be a finite number >= 0"),
    (lambda r: D.daily_temperatures(0, r), ValueError, "daily_temperatures: days must be a positive int"),
    (lambda r: D.make_train_test("moons", 10, 10, r), TypeError, "maker must be a function"),
]


@pytest.mark.parametrize("call, error, match", BAD_INPUTS)
def test_bad_inputs(call, error, match):
    with pytest.raises(error, match=match):
        call(np.random.default_rng(0))
