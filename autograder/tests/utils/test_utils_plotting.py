"""utils.plotting (Agg backend): every plot returns its Axes with labels and a title, and
raises no warning (a warning would land on stderr in a notebook)."""
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import utils  # noqa: E402


@pytest.fixture(autouse=True)
def no_warnings_and_close_figures():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield
    plt.close("all")


@pytest.fixture
def data():
    return utils.make_moons(60, 0.2, np.random.default_rng(0))


def assert_labelled(ax, title):
    assert ax.get_xlabel() and ax.get_ylabel(), "axis labels missing"
    assert ax.get_title() == title
    assert ax.get_legend() is not None, "legend missing"


def test_plot_dataset(data):
    X, Y = data
    ax = utils.plot_dataset(X, Y)
    assert_labelled(ax, "Data set (m = 60)")
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x1", "x2")
    assert len(ax.collections) == 2  # one scatter per class
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["y = 0", "y = 1"]


def test_plot_dataset_on_given_axes_with_title(data):
    X, Y = data
    fig, axes = plt.subplots(1, 2)
    ax = utils.plot_dataset(X, Y.ravel(), ax=axes[1], title="moons")
    assert ax is axes[1]
    assert_labelled(ax, "moons")


def test_plot_decision_boundary(data):
    X, Y = data
    parameters = utils.init_uniform([2, 4, 1], np.random.default_rng(0))
    seen = []

    def predict_fn(P):
        seen.append(P.shape)
        return utils.predict(P, parameters)

    ax = utils.plot_decision_boundary(predict_fn, X, Y, resolution=50)
    assert seen == [(2, 2500)]
    assert_labelled(ax, "Decision boundary")
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x1", "x2")


def test_plot_decision_boundary_constant_and_multiclass():
    X, Y = utils.make_blobs(80, 4, np.random.default_rng(0))
    ax = utils.plot_decision_boundary(lambda P: np.zeros((1, P.shape[1]), dtype=int), X, Y, title="constant",
                                      resolution=20)
    assert_labelled(ax, "constant")
    ax = utils.plot_decision_boundary(lambda P: (P[0] > 0).astype(int) + 2 * (P[1] > 0), X, Y, resolution=20)
    assert_labelled(ax, "Decision boundary")


def test_plot_costs():
    curves = {"lr 0.1": [1.0, 0.5, 0.25], "lr 0.01": [1.0, 0.9, 0.8]}
    ax = utils.plot_costs(curves, log_y=True, record_every=100)
    assert_labelled(ax, "Cost")
    assert ax.get_yscale() == "log" and (ax.get_xlabel(), ax.get_ylabel()) == ("epoch", "cost")
    assert [line.get_label() for line in ax.get_lines()] == ["lr 0.1", "lr 0.01"]
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), [0, 100, 200])
    ax = utils.plot_costs([3.0, 2.0], title="Dev cost", xlabel="iteration", ylabel="J")
    assert_labelled(ax, "Dev cost")
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("iteration", "J")


def test_plot_errors(data):
    X, Y = data
    with pytest.raises(ValueError, match=r"plot_dataset: X must have shape \(2, m\), got \(60, 2\)"):
        utils.plot_dataset(X.T, Y)
    with pytest.raises(ValueError, match=r"Y has shape \(1, 59\) but X has shape \(2, 60\)"):
        utils.plot_dataset(X, Y[:, 1:])
    with pytest.raises(ValueError, match=
            r"predict_fn returned shape \(1, 10\) for input of shape \(2, 100\)"):
        utils.plot_decision_boundary(lambda P: np.zeros((1, 10)), X, Y, resolution=10)
    with pytest.raises(ValueError, match="resolution must be an int >= 2, got 1"):
        utils.plot_decision_boundary(lambda P: P[:1], X, Y, resolution=1)
    with pytest.raises(TypeError, match="predict_fn must be a function"):
        utils.plot_decision_boundary(None, X, Y)
    with pytest.raises(ValueError, match="curves is empty"):
        utils.plot_costs({})


def test_boundary_mesh_pads_the_data_range():
    X = np.array([[0.0, 10.0, 4.0], [1.0, 1.2, 1.1]])
    g1, g2 = utils.plotting.boundary_mesh(X, 7)
    assert g1.shape == g2.shape == (7, 7)
    assert (g1.min(), g1.max()) == pytest.approx((-1.0, 11.0))  # 10% of the range of x1
    assert (g2.min(), g2.max()) == pytest.approx((0.5, 1.7))  # at least 0.5
    assert np.all(np.diff(g1, axis=1) > 0) and np.all(np.diff(g2, axis=0) > 0)
    with pytest.raises(ValueError, match="mine: resolution must be an int >= 2, got True"):
        utils.plotting.boundary_mesh(X, True, "mine")


def test_predicted_regions_checks_the_classifier():
    g1, g2 = utils.plotting.boundary_mesh(np.array([[-1.0, 1.0], [-1.0, 1.0]]), 5)
    regions = utils.plotting.predicted_regions(lambda P: (P[1:2] > 0).astype(int), g1, g2)
    assert regions.shape == (5, 5) and regions.dtype.kind == "i"
    assert np.array_equal(regions, (g2 > 0).astype(int))
    with pytest.raises(ValueError, match=r"must return ints in 0\.\.9, got range -1\.\.-1"):
        utils.plotting.predicted_regions(lambda P: -np.ones((1, P.shape[1])), g1, g2)
    with pytest.raises(TypeError, match="predict_fn must be a function"):
        utils.plotting.predicted_regions("predict", g1, g2)
