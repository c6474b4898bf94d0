"""Deterministic synthetic data sets (no downloads).

Every maker takes the number of examples ``m`` and an explicit ``rng``
(``numpy.random.Generator``) and returns ``X`` of shape (2, m) (float64) and ``Y`` of shape
(1, m) (int labels). The same seed gives the same data. Labels come in random order with
balanced classes (class counts differ by at most one).
"""
import numpy as np


def _check_m(m, where, name="m"):
    if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or m < 1:
        raise ValueError(f"{where}: {name} must be a positive int, got {m!r}")


def _check_rng(rng, where):
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{where}: rng must be a numpy.random.Generator (np.random.default_rng(seed)), "
            f"got {type(rng).__name__}"
        )


def _check_nonnegative(name, value, where):
    if not np.isscalar(value) or not np.isfinite(value) or value < 0:
        raise ValueError(f"{where}: {name} must be a finite number >= 0, got {value!r}")


def _balanced_labels(m, num_classes, rng):
    """Labels 0..num_classes-1 in random order, each class m // num_classes or one more times."""
    return rng.permutation(np.arange(m) % num_classes)


def make_moons(m, noise, rng):
    """Two interleaving half circles ("moons").

    Class 0 lies on the upper half circle of radius 1 centred at (0, 0); class 1 on the lower
    half circle centred at (1, 0.5). Points get Gaussian noise of standard deviation ``noise``.

    Inputs:
    - m: number of examples
    - noise: standard deviation of the Gaussian noise added to each coordinate (e.g. 0.2)
    - rng: numpy.random.Generator

    Returns a tuple of:
    - X: shape (2, m), float64
    - Y: shape (1, m), int labels in {0, 1}
    """
    _check_m(m, "make_moons")
    _check_nonnegative("noise", noise, "make_moons")
    _check_rng(rng, "make_moons")
    y = _balanced_labels(m, 2, rng)
    t = rng.uniform(0.0, np.pi, size=m)
    x1 = np.where(y == 0, np.cos(t), 1.0 - np.cos(t))
    x2 = np.where(y == 0, np.sin(t), 0.5 - np.sin(t))
    X = np.stack([x1, x2]) + noise * rng.standard_normal((2, m))
    return X, y.reshape(1, m)


def make_circles(m, noise, rng, factor=0.5):
    """Two concentric circles: class 0 on radius 1, class 1 on radius ``factor``.

    Inputs:
    - m: number of examples
    - noise: standard deviation of the Gaussian noise added to each coordinate (e.g. 0.1)
    - rng: numpy.random.Generator
    - factor: radius of the inner circle, in (0, 1)

    Returns a tuple of:
    - X: shape (2, m), float64
    - Y: shape (1, m), int labels in {0, 1}
    """
    _check_m(m, "make_circles")
    _check_nonnegative("noise", noise, "make_circles")
    _check_rng(rng, "make_circles")
    if not np.isscalar(factor) or not 0 < factor < 1:
        raise ValueError(f"make_circles: factor must be in (0, 1), got {factor!r}")
    y = _balanced_labels(m, 2, rng)
    t = rng.uniform(0.0, 2 * np.pi, size=m)
    radius = np.where(y == 0, 1.0, factor)
    X = radius * np.stack([np.cos(t), np.sin(t)]) + noise * rng.standard_normal((2, m))
    return X, y.reshape(1, m)


def make_flower(m, rng, petals=4, noise=0.2):
    """The petal "flower": points along the rose curve ``r = 4 sin(petals * t)``.

    Class 0 takes the angles t in [0, pi], class 1 the angles in [pi, 2 pi]; with petals = 4
    each class owns four of the eight petals, alternating. Noise of standard deviation
    ``noise`` is added to the angle and to the radius (as in the classic planar data set).

    Inputs:
    - m: number of examples
    - rng: numpy.random.Generator
    - petals: int >= 1, the angular frequency of the rose
    - noise: standard deviation of the noise on angle and radius

    Returns a tuple of:
    - X: shape (2, m), float64, within about [-4.5, 4.5]^2
    - Y: shape (1, m), int labels in {0, 1}
    """
    _check_m(m, "make_flower")
    _check_rng(rng, "make_flower")
    _check_nonnegative("noise", noise, "make_flower")
    if isinstance(petals, bool) or not isinstance(petals, (int, np.integer)) or petals < 1:
        raise ValueError(f"make_flower: petals must be a positive int, got {petals!r}")
    y = _balanced_labels(m, 2, rng)
    t = (y + rng.uniform(0.0, 1.0, size=m)) * np.pi + noise * rng.standard_normal(m)
    r = 4.0 * np.sin(petals * t) + noise * rng.standard_normal(m)
    X = np.stack([r * np.sin(t), r * np.cos(t)])
    return X, y.reshape(1, m)


def make_blobs(m, centers, rng, std=1.0):
    """Gaussian blobs, one per class.

    Inputs:
    - m: number of examples
    - centers: an int C (C fixed centres evenly spaced on a circle of radius 4, the first at
      angle pi/4, so every call draws from the same distribution), or an array of shape (C, 2)
    - rng: numpy.random.Generator
    - std: standard deviation of each blob

    Returns a tuple of:
    - X: shape (2, m), float64
    - Y: shape (1, m), int labels in {0, ..., C-1}
    """
    _check_m(m, "make_blobs")
    _check_rng(rng, "make_blobs")
    _check_nonnegative("std", std, "make_blobs")
    if isinstance(centers, (int, np.integer)) and not isinstance(centers, bool):
        if centers < 1:
            raise ValueError(f"make_blobs: centers must be a positive int or a (C, 2) array, got {centers}")
        angles = np.pi / 4 + 2 * np.pi * np.arange(centers) / centers
        C_xy = 4.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    else:
        C_xy = np.asarray(centers, dtype=float)
        if C_xy.ndim != 2 or C_xy.shape[1] != 2 or C_xy.shape[0] < 1:
            raise ValueError(
                f"make_blobs: centers must be a positive int or an array of shape (C, 2), "
                f"got shape {C_xy.shape}"
            )
    y = _balanced_labels(m, C_xy.shape[0], rng)
    X = C_xy[y].T + std * rng.standard_normal((2, m))
    return X, y.reshape(1, m)


def daily_temperatures(days, rng, noise=3.0):
    """A noisy seasonal series of daily temperatures in degrees Celsius (London-like).

    ``temp = 10 + 8 * sin(2 pi (day - 105) / 365) + noise * N(0, 1)``: coldest around mid
    January, warmest around mid July.

    Inputs:
    - days: number of days
    - rng: numpy.random.Generator
    - noise: standard deviation of the day-to-day noise in degrees

    Returns a tuple of:
    - day: shape (days,), int day numbers 1, 2, ..., days
    - temp: shape (days,), float64 temperatures
    """
    _check_m(days, "daily_temperatures", "days")
    _check_rng(rng, "daily_temperatures")
    _check_nonnegative("noise", noise, "daily_temperatures")
    day = np.arange(1, days + 1)
    temp = 10.0 + 8.0 * np.sin(2 * np.pi * (day - 105) / 365.0) + noise * rng.standard_normal(days)
    return day, temp


def make_train_test(maker, m_train, m_test, rng, **kwargs):
    """A training set and a test set from the same distribution, drawn independently.

    The maker is called twice, ``maker(m_train, rng=rng_train, **kwargs)`` and
    ``maker(m_test, rng=rng_test, **kwargs)``, with two independent generators spawned from
    ``rng``. So the test set does not depend on ``m_train``: growing the training set keeps
    the same test set.

    Inputs:
    - maker: one of the makers above, e.g. make_moons
    - m_train, m_test: numbers of examples
    - rng: numpy.random.Generator
    - kwargs: the maker's other arguments, by keyword (e.g. noise=0.2)

    Returns a tuple of:
    - (X_train, Y_train): shapes (2, m_train), (1, m_train)
    - (X_test, Y_test): shapes (2, m_test), (1, m_test)
    """
    if not callable(maker):
        raise TypeError(f"make_train_test: maker must be a function such as make_moons, got {maker!r}")
    _check_rng(rng, "make_train_test")
    rng_train, rng_test = rng.spawn(2)
    train = maker(m_train, rng=rng_train, **kwargs)
    test = maker(m_test, rng=rng_test, **kwargs)
    return train, test
