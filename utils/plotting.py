"""Plots for the notebooks: data sets, decision boundaries and cost curves.

matplotlib is imported inside the functions, so ``import utils`` stays fast. Every function
draws on ``ax`` (a new figure when ax is None), labels its axes, sets a title and returns the Axes.
"""
import numpy as np

# One colour per class, the same in every plot: class 0 blue, class 1 red, then green, orange...
CLASS_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(5.5, 4.5))
    return ax


def _check_xy(X, Y, where):
    X = np.asarray(X)
    Y = np.asarray(Y)
    if X.ndim != 2 or X.shape[0] != 2:
        raise ValueError(f"{where}: X must have shape (2, m), got {X.shape}")
    if Y.size != X.shape[1]:
        raise ValueError(
            f"{where}: Y has shape {Y.shape} but X has shape {X.shape}; expected (1, {X.shape[1]})"
        )
    labels = Y.reshape(-1).astype(int)
    if labels.size and (labels.min() < 0 or labels.max() >= len(CLASS_COLORS)):
        raise ValueError(
            f"{where}: labels must be ints in 0..{len(CLASS_COLORS) - 1}, got range "
            f"{labels.min()}..{labels.max()}"
        )
    return X, labels


def _scatter_classes(ax, X, labels):
    for c in np.unique(labels):
        mask = labels == c
        ax.scatter(X[0, mask], X[1, mask], s=18, c=CLASS_COLORS[c], edgecolors="k",
                   linewidths=0.4, label=f"y = {c}")


def boundary_mesh(X, resolution=200, where="boundary_mesh"):
    """The grid a decision-boundary plot predicts on: the range of X along each axis, padded by
    10% of that range (at least 0.5) on both sides.

    Inputs:
    - X: shape (2, m), the points the plot must show
    - resolution: int >= 2, the number of grid points along each axis
    - where: the name of the caller, for error messages

    Returns:
    - g1, g2: the grid's x1 and x2 coordinates, each of shape (resolution, resolution)
      (``np.meshgrid``: g1 varies along axis 1, g2 along axis 0)
    """
    if isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer)) or resolution < 2:
        raise ValueError(f"{where}: resolution must be an int >= 2, got {resolution!r}")
    X = np.asarray(X)
    lows, highs = X.min(axis=1), X.max(axis=1)
    pad = np.maximum(0.1 * (highs - lows), 0.5)
    return np.meshgrid(np.linspace(lows[0] - pad[0], highs[0] + pad[0], resolution),
                       np.linspace(lows[1] - pad[1], highs[1] + pad[1], resolution))


def predicted_regions(predict_fn, g1, g2, where="predicted_regions"):
    """The class a classifier predicts at every point of a grid.

    Inputs:
    - predict_fn: function mapping points of shape (2, k) to int labels of shape (1, k)
    - g1, g2: the grid's coordinates, each of shape (r1, r2) (from ``boundary_mesh``)
    - where: the name of the caller, for error messages

    Returns:
    - regions: int labels in 0..len(CLASS_COLORS) - 1, shape (r1, r2)
    """
    if not callable(predict_fn):
        raise TypeError(f"{where}: predict_fn must be a function, got {type(predict_fn).__name__}")
    points = np.stack([g1.ravel(), g2.ravel()])
    predicted = np.asarray(predict_fn(points))
    if predicted.size != points.shape[1]:
        raise ValueError(
            f"{where}: predict_fn returned shape {predicted.shape} for input of shape "
            f"{points.shape}; expected (1, {points.shape[1]})"
        )
    regions = predicted.reshape(g1.shape).astype(int)
    if regions.min() < 0 or regions.max() >= len(CLASS_COLORS):
        raise ValueError(
            f"{where}: predict_fn must return ints in 0..{len(CLASS_COLORS) - 1}, "
            f"got range {regions.min()}..{regions.max()}"
        )
    return regions


def plot_dataset(X, Y, ax=None, title=None):
    """Scatter plot of a 2-D data set, coloured by class.

    Inputs:
    - X: shape (2, m)
    - Y: int labels, shape (1, m) (or (m,))
    - ax: matplotlib Axes to draw on, or None for a new figure
    - title: plot title; None gives "Data set (m = ...)"

    Returns:
    - ax: the matplotlib Axes
    """
    X, labels = _check_xy(X, Y, "plot_dataset")
    ax = _axes(ax)
    _scatter_classes(ax, X, labels)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_title(title if title is not None else f"Data set (m = {X.shape[1]})")
    ax.legend(loc="best", fontsize="small")
    return ax


def plot_decision_boundary(predict_fn, X, Y, ax=None, title=None, resolution=200):
    """The regions a classifier assigns to each class, with the data on top.

    Inputs:
    - predict_fn: function mapping points of shape (2, k) to int labels of shape (1, k)
      (e.g. ``lambda P: predict(P, parameters)``)
    - X: shape (2, m)
    - Y: int labels, shape (1, m) (or (m,))
    - ax: matplotlib Axes to draw on, or None for a new figure
    - title: plot title; None gives "Decision boundary"
    - resolution: number of grid points along each axis

    Returns:
    - ax: the matplotlib Axes
    """
    X, labels = _check_xy(X, Y, "plot_decision_boundary")
    g1, g2 = boundary_mesh(X, resolution, "plot_decision_boundary")
    regions = predicted_regions(predict_fn, g1, g2, "plot_decision_boundary")
    num_classes = max(int(regions.max()), int(labels.max(initial=0))) + 1
    ax = _axes(ax)
    levels = np.arange(num_classes + 1) - 0.5
    ax.contourf(g1, g2, regions, levels=levels, colors=CLASS_COLORS[:num_classes], alpha=0.25)
    if np.unique(regions).size > 1:  # a boundary line only where there is a boundary (no warning)
        ax.contour(g1, g2, regions, levels=levels[1:-1], colors="k", linewidths=0.8)
    _scatter_classes(ax, X, labels)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_title(title if title is not None else "Decision boundary")
    ax.legend(loc="best", fontsize="small")
    return ax


def plot_costs(curves, ax=None, title="Cost", xlabel="epoch", ylabel="cost", log_y=False, record_every=1):
    """Cost curves, one line per label.

    Inputs:
    - curves: dict label -> list of costs (a plain list is drawn with the label "cost")
    - ax: matplotlib Axes to draw on, or None for a new figure
    - title, xlabel, ylabel: text of the plot
    - log_y: logarithmic y axis
    - record_every: epochs between two recorded costs (as in train), to put epochs on the x axis

    Returns:
    - ax: the matplotlib Axes
    """
    if not isinstance(curves, dict):
        curves = {"cost": curves}
    if not curves:
        raise ValueError("plot_costs: curves is empty; expected a dict label -> list of costs")
    ax = _axes(ax)
    for label, costs in curves.items():
        costs = np.asarray(costs, dtype=float).reshape(-1)
        ax.plot(np.arange(costs.size) * record_every, costs, label=str(label))
    if log_y:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(loc="best", fontsize="small")
    return ax
