"""Live slider explorers, and a guard for demos that need a student's function.

The explorers of 08_optimizers take YOUR functions as arguments (``ewa``, ``lr_inverse_decay``,
``lr_exponential_decay``) and never implement them. Each is one call in a notebook cell:

    smoothing_explorer(ewa, day, temp)
    schedule_explorer(lr_inverse_decay, lr_exponential_decay)

``boundary_explorer`` (03_regularization, 04_dropout) shows the decision boundaries of networks
the notebook has already trained, one picture per slider position; the notebook says which
networks a position shows (a function returning ``BoundaryPanel``s), the explorer only draws.

Each builds ONE matplotlib figure (outside pyplot, so nothing else shows it), then on every
slider move updates the line data, renders the figure to a PNG and shows it in the slider's
output area, replacing the previous picture (the figure count never grows). Rendered pictures
are cached per slider position, so moving back and forth costs nothing. Where your function
is not implemented yet (it raises ``NotImplementedError``) or raises another error, the
explorer prints what is missing and draws the rest.

``when_implemented(demo, needs)`` runs ``demo()`` and turns a ``NotImplementedError`` into a
one-line message, so a demo cell never crashes before its exercise is done.

utils answers none of the graded exercises.
"""
import io
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from .datasets import make_moons
from .nn import EPS, _sigmoid, init_uniform
from .plotting import CLASS_COLORS, boundary_mesh, predicted_regions

# beta values of the EWA slider: evenly spaced in log(1 - beta), so it is fine near 1.
EWA_BETAS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.96, 0.97, 0.98, 0.985, 0.99,
             0.993, 0.995, 0.997, 0.998, 0.999)

SCHEDULES = ("constant", "inverse: 1/(1 + decay_rate * epoch)", "exponential: base ** epoch",
             "1/sqrt: 1/sqrt(1 + decay_rate * epoch)", "staircase: halve every 10 epochs")

_DPI = 72
_CACHE_SIZE = 256


def when_implemented(demo, needs):
    """Run ``demo()``; if it raises NotImplementedError, print which exercise is missing.

    Inputs:
    - demo: function of no arguments that draws or prints something with your functions
    - needs: text naming what the demo needs, e.g. "ewa (Exercise 1)"

    Returns:
    - whatever demo() returns, or None when a function it needs is not implemented yet
    """
    try:
        return demo()
    except NotImplementedError:
        print(f"This demo needs your {needs}: finish that exercise, run its cell, then run this cell again.")
        return None


def _call(function, name, *args, **kwargs):
    """(result, message): message is None when the call worked, else says what went wrong."""
    try:
        return function(*args, **kwargs), None
    except NotImplementedError:
        return None, f"your {name} is not implemented yet: write it, run its cell, then run this cell again."
    except Exception as error:  # the student's code: report, don't crash the slider
        return None, f"your {name} raised {type(error).__name__}: {error}"


class _Blitter:
    """Renders a figure whose only changing parts are ``animated`` artists (lines, titles).

    The static rest (axes, ticks, labels, data points) is drawn once; each picture restores it
    and draws the changing artists on top, then encodes the pixels as a PNG (fast zlib level).
    ``overlays`` are static artists that must stay above the animated ones (an opaque legend):
    their pixels are kept from the first drawing and pasted back on top of each picture.
    """

    def __init__(self, fig, animated, overlays=()):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        fig.set_dpi(_DPI)
        self.fig, self.canvas, self.animated = fig, FigureCanvasAgg(fig), list(animated)
        for artist in self.animated:
            artist.set_animated(True)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(fig.bbox)
        renderer = self.canvas.get_renderer()
        self.overlays = [self.canvas.copy_from_bbox(artist.get_window_extent(renderer)) for artist in overlays]

    def png(self):
        from PIL import Image as PILImage

        self.canvas.restore_region(self.background)
        for artist in self.animated:
            self.fig.draw_artist(artist)
        for region in self.overlays:
            self.canvas.restore_region(region)
        width, height = self.canvas.get_width_height()
        picture = PILImage.frombuffer("RGBA", (width, height), bytes(self.canvas.buffer_rgba()), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()  # RGB: the figure is opaque, and a quarter fewer bytes encode faster
        picture.convert("RGB").save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


def _remember(cache, key, value):
    if len(cache) >= _CACHE_SIZE:
        cache.pop(next(iter(cache)))
    cache[key] = value
    return value


def _display_interactive(draw, **controls):
    """Display ``ipywidgets.interactive(draw, **controls)`` (it draws once at once); return None,
    so that a notebook cell ending with the explorer call shows nothing else."""
    from IPython.display import display
    from ipywidgets import interactive

    display(interactive(draw, **controls))


def _show(png, messages):
    from IPython.display import Image, display

    for message in messages:
        print(message)
    display(Image(data=png, format="png"))


# --------------------------------------------------------------------------------- EWA explorer
def _student_curve(ewa, temp, beta, bias_correction):
    """Your ewa on temp, checked: (v of shape temp.shape, None) or (None, message)."""
    v, message = _call(ewa, "ewa", temp.copy(), beta, bias_correction=bias_correction)
    if message is not None:
        return None, message
    try:
        v = np.asarray(v, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        return None, f"your ewa returned {type(v).__name__}, not an array of numbers"
    if v.shape != temp.shape:
        return None, f"your ewa returned shape {v.shape}; expected {temp.shape}, one average per day"
    return v, None


def smoothing_explorer(ewa, day, temp, beta=0.9, bias_correction=False, window=60, ylabel="temperature"):
    """A beta slider and a bias-correction toggle over noisy daily temperatures.

    Left panel: the temperatures and YOUR ``ewa(temp, beta, bias_correction=...)`` through them.
    Right panel (log scale): the weight ``beta**k * (1 - beta)`` that the latest average gives to
    the day k days back, with the horizon ``1 / (1 - beta)`` marked. The printed line gives that horizon.

    Inputs:
    - ewa: your function ewa(theta, beta, bias_correction=False) -> array of theta's shape
    - day: day numbers, shape (days,)
    - temp: temperatures, shape (days,)
    - beta: the starting beta (rounded to the nearest slider value)
    - bias_correction: the starting state of the toggle
    - window: how many days back the weights panel shows
    - ylabel: the label of the temperature axis, with its unit

    Displays the controls and the picture (an ``ipywidgets.interactive``); returns None.
    """
    from ipywidgets import Checkbox, SelectionSlider
    from matplotlib.figure import Figure

    day = np.asarray(day).reshape(-1)
    temp = np.asarray(temp, dtype=float).reshape(-1)
    if day.shape != temp.shape:
        raise ValueError(f"smoothing_explorer: day has shape {day.shape} but temp has shape {temp.shape}")
    start = min(EWA_BETAS, key=lambda b: abs(b - beta))

    fig = Figure(figsize=(11, 3.6))
    ax_data, ax_weights = fig.subplots(1, 2, gridspec_kw={"width_ratios": [2.2, 1]})
    ax_data.plot(day, temp, ".", color="0.6", markersize=3, label="daily temperature")
    (line,) = ax_data.plot([], [], color="tab:red", linewidth=2, label="your ewa")
    ax_data.set(xlabel="day", ylabel=ylabel, xlim=(day[0], day[-1]))
    pad = 0.1 * (temp.max() - temp.min() + 1e-9)
    ax_data.set_ylim(min(temp.min(), 0.0) - pad, temp.max() + pad)
    ax_data.legend(loc="lower center", fontsize="small")
    ax_data.grid(alpha=0.3)
    k = np.arange(window)
    (weight_line,) = ax_weights.plot(-k, (1 - start) * start ** k, color="tab:blue", drawstyle="steps-mid",
                                     label="weight of the day")
    horizon_line = ax_weights.axvline(0, color="tab:red", linestyle="--", label="-1/(1 - beta) days")
    ax_weights.set(xlabel="days back (0 = today)", ylabel="weight (log scale)", xlim=(-window, 1), yscale="log",
                   ylim=(1e-4, 1))
    ax_weights.grid(alpha=0.3)
    ax_weights.legend(loc="upper left", fontsize="small")
    ax_data.set_title("beta = 0.999, without bias correction: averages about 1000 days")
    ax_weights.set_title("weights: 63% within the last 1000 days")
    fig.tight_layout()  # with titles of full length in place, so that none is cut
    blitter = _Blitter(fig, [line, weight_line, horizon_line, ax_data.title, ax_weights.title])
    cache = {}

    def draw(beta, bias_correction):
        key = (beta, bias_correction)
        if key not in cache:
            v, message = _student_curve(ewa, temp, beta, bias_correction)
            horizon = 1.0 / (1.0 - beta)
            if v is None:
                line.set_data([], [])
                ax_data.set_title("implement ewa to see its curve here")
            else:
                line.set_data(day, v)
                corrected = "with" if bias_correction else "without"
                ax_data.set_title(f"beta = {beta}, {corrected} bias correction: "
                                  f"averages about {horizon:.0f} days (first value {v[0]:.3g})")
            weights = beta ** k * (1 - beta)
            weight_line.set_ydata(weights)
            horizon_line.set_xdata([-horizon, -horizon])
            ax_weights.set_title(f"weights: {weights[: int(np.ceil(horizon))].sum():.0%} "
                                 f"within the last {horizon:.0f} days")
            lines = [f"beta = {beta}: the average covers about 1/(1 - beta) = {horizon:.0f} days"]
            if message is not None:
                lines.append(message)
            _remember(cache, key, (blitter.png(), lines))
        png, lines = cache[key]
        _show(png, lines)

    _display_interactive(draw,
                         beta=SelectionSlider(options=list(EWA_BETAS), value=start, description="beta",
                                              continuous_update=True),
                         bias_correction=Checkbox(value=bool(bias_correction), description="bias correction"))


# ----------------------------------------------------------------------- learning-rate explorer
def _demo_problem():
    """A small, noisy mini-batch problem (fixed seed): 160 moons and a 2-8-1 network."""
    rng = np.random.default_rng(8)
    X, Y = make_moons(160, 0.25, rng)
    return X, Y, init_uniform([2, 8, 1], rng), rng.integers(0, 2**31)


def _short_runs_costs(schedules, problem, batch_size=20):
    """Costs of several short runs at once: mini-batch gradient descent from the same start, on
    the same batches, one learning-rate schedule per run.

    The network is ``model_forward``'s ([LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID, gradients
    of the mean binary cross-entropy as ``model_backward`` gives them), with one copy of the
    parameters per run stacked along a first axis, so that all runs cost about what one costs.

    Inputs:
    - schedules: learning rate per run and epoch, shape (K, num_epochs)
    - problem: (X (n_x, m), Y (1, m), parameters, seed) from ``_demo_problem``
    Returns: costs on the whole training set before and after each epoch, shape (K, num_epochs + 1)
    """
    X, Y, parameters, seed = problem
    schedules = np.asarray(schedules, dtype=float)
    runs, num_epochs = schedules.shape
    L = len(parameters) // 2
    W = [np.repeat(parameters[f"W{l}"][None], runs, axis=0) for l in range(1, L + 1)]
    b = [np.repeat(parameters[f"b{l}"][None], runs, axis=0) for l in range(1, L + 1)]

    def forward(A):  # (K, n_L, m) probabilities and each layer's (A_prev, Z)
        layers = []
        for l in range(L):
            Z = W[l] @ A + b[l]
            layers.append((A, Z))
            A = np.maximum(Z, 0.0) if l < L - 1 else _sigmoid(Z)
        return A, layers

    def costs_now():
        P = np.clip(forward(X)[0], EPS, 1.0 - EPS)
        return -(np.sum(Y * np.log(P), axis=(1, 2)) + np.sum((1 - Y) * np.log1p(-P), axis=(1, 2))) / Y.shape[1]

    rng = np.random.default_rng(seed)
    m = X.shape[1]
    costs = [costs_now()]
    for epoch in range(num_epochs):
        rate = schedules[:, epoch, None, None]
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start:start + batch_size]
            AL, layers = forward(X[:, batch])
            dZ = (AL - Y[:, batch]) / len(batch)
            for l in range(L - 1, -1, -1):
                A_prev, _ = layers[l]
                dW, db = dZ @ np.swapaxes(A_prev, -1, -2), dZ.sum(axis=2, keepdims=True)
                if l > 0:
                    dZ = (np.swapaxes(W[l], 1, 2) @ dZ) * (layers[l - 1][1] > 0)
                W[l], b[l] = W[l] - rate * dW, b[l] - rate * db
        costs.append(costs_now())
    return np.stack(costs, axis=1)


def schedule_explorer(lr_inverse_decay, lr_exponential_decay, num_epochs=30):
    """Sliders for alpha0, decay_rate and base, a schedule menu; alpha per epoch and a short run.

    Left panel (log scale): the learning rate of each epoch under the chosen schedule (YOUR
    ``lr_inverse_decay(alpha0, decay_rate, epoch)`` and ``lr_exponential_decay(alpha0, epoch,
    base)``, called once per epoch), with the constant alpha0 for comparison. Right panel: the
    training cost per epoch of mini-batch gradient descent (a 2-8-1 network on 160 moons, batches
    of 20, the same start every time) under that schedule and under the constant alpha0.

    Inputs:
    - lr_inverse_decay: your function (alpha0, decay_rate, epoch) -> float
    - lr_exponential_decay: your function (alpha0, epoch, base=0.95) -> float
    - num_epochs: epochs drawn and trained

    Displays the controls and the picture (an ``ipywidgets.interactive``); returns None.
    """
    from ipywidgets import Dropdown, FloatSlider
    from matplotlib.figure import Figure

    epochs = np.arange(num_epochs)
    problem = _demo_problem()
    fig = Figure(figsize=(11, 3.6))
    ax_alpha, ax_cost = fig.subplots(1, 2)
    (constant_alpha,) = ax_alpha.plot([], [], color="0.6", linestyle="--", label="constant alpha0")
    (alpha_line,) = ax_alpha.plot([], [], color="tab:blue", marker=".", label="schedule")
    ax_alpha.set(xlabel="epoch", ylabel="learning rate alpha (log scale)", xlim=(0, num_epochs - 1), yscale="log",
                 ylim=(1e-4, 5))
    ax_alpha.legend(loc="upper right", fontsize="small")
    ax_alpha.grid(alpha=0.3)
    (constant_cost,) = ax_cost.plot([], [], color="0.6", linestyle="--", label="constant alpha0")
    (cost_line,) = ax_cost.plot([], [], color="tab:blue", label="schedule")
    ax_cost.set(xlabel="epoch", ylabel="training cost", xlim=(0, num_epochs), ylim=(0.0, 0.8))
    ax_cost.legend(loc="upper right", fontsize="small")
    ax_cost.grid(alpha=0.3)
    ax_alpha.set_title("alpha: 1 at epoch 0")
    ax_cost.set_title("training cost")
    fig.tight_layout()  # with titles in place, so that none is cut
    blitter = _Blitter(fig, [constant_alpha, alpha_line, constant_cost, cost_line, ax_alpha.title, ax_cost.title])
    runs, pictures = {}, {}
    alpha0_slider = FloatSlider(value=1.0, min=0.1, max=3.0, step=0.1, description="alpha0")
    alpha0_positions = np.round(np.arange(alpha0_slider.min, alpha0_slider.max + alpha0_slider.step / 2,
                                          alpha0_slider.step), 10)

    def alphas(schedule, alpha0, decay_rate, base):
        """(alpha per epoch, None) or (None, message)."""
        if schedule.startswith("constant"):
            return np.full(num_epochs, alpha0), None
        if schedule.startswith("1/sqrt"):
            return alpha0 / np.sqrt(1 + decay_rate * epochs), None
        if schedule.startswith("staircase"):
            return alpha0 * 0.5 ** (epochs // 10), None
        values = []
        for epoch in epochs.tolist():
            if schedule.startswith("inverse"):
                value, message = _call(lr_inverse_decay, "lr_inverse_decay", alpha0, decay_rate, epoch)
            else:
                value, message = _call(lr_exponential_decay, "lr_exponential_decay", alpha0, epoch, base=base)
            if message is not None:
                return None, message
            try:
                values.append(float(value))
            except (TypeError, ValueError):
                return None, f"your function returned {type(value).__name__} for epoch {epoch}, not a number"
        return np.array(values), None

    def run_key(schedule_values):
        return tuple(np.round(schedule_values, 12))

    def run(schedule_values, alpha0s, decay_rate, base, schedule):
        """The costs of ``schedule_values`` (a run of the chosen schedule, or of the constant alpha0).
        A miss runs, in one batched run, the chosen schedule and the constant alpha0 at each of
        ``alpha0s`` (this decay_rate and base): the current alpha0, or the whole alpha0 slider once
        alpha0 moves, so that its next moves only draw."""
        if run_key(schedule_values) not in runs:
            batch = {run_key(schedule_values): schedule_values}
            for position in alpha0s:
                for values in (np.full(num_epochs, position), alphas(schedule, position, decay_rate, base)[0]):
                    if values is not None and run_key(values) not in runs:
                        batch.setdefault(run_key(values), values)
            with np.errstate(all="ignore"):
                costs = _short_runs_costs(np.array(list(batch.values())), problem)
            for key, row in zip(batch, costs):
                _remember(runs, key, row)
        return runs[run_key(schedule_values)]

    last_setting = [None]  # (decay_rate, base, schedule) of the previous draw

    def draw(alpha0, decay_rate, base, schedule):
        key = (alpha0, decay_rate, base, schedule)
        alpha0_moved = last_setting[0] == (decay_rate, base, schedule)
        last_setting[0] = (decay_rate, base, schedule)
        alpha0s = alpha0_positions if alpha0_moved else [alpha0]
        if key not in pictures:
            values, message = alphas(schedule, alpha0, decay_rate, base)
            constant = np.full(num_epochs, alpha0)
            constant_alpha.set_data(epochs, constant)
            base_costs = run(constant, alpha0s, decay_rate, base, schedule)
            constant_cost.set_data(np.arange(num_epochs + 1), base_costs)
            lines = []
            if values is None:
                alpha_line.set_data([], [])
                cost_line.set_data([], [])
                ax_alpha.set_title("implement the schedule's function to see it here")
                ax_cost.set_title(f"training cost: constant alpha0 ends at {base_costs[-1]:.3f}")
                lines.append(message)
            else:
                costs = run(values, alpha0s, decay_rate, base, schedule)
                alpha_line.set_data(epochs, values)
                cost_line.set_data(np.arange(num_epochs + 1), costs)
                ax_alpha.set_title(f"alpha: {values[0]:.3g} at epoch 0, {values[-1]:.3g} at epoch {num_epochs - 1}")
                ax_cost.set_title(f"training cost at the end: {costs[-1]:.3f} "
                                  f"(constant alpha0: {base_costs[-1]:.3f})")
                lines.append(f"{schedule}: alpha falls from {values[0]:.4g} to {values[-1]:.4g} "
                             f"over {num_epochs} epochs")
            _remember(pictures, key, (blitter.png(), lines))
        png, lines = pictures[key]
        _show(png, lines)

    _display_interactive(draw,
                         alpha0=alpha0_slider,
                         decay_rate=FloatSlider(value=0.2, min=0.0, max=1.0, step=0.02, description="decay_rate"),
                         base=FloatSlider(value=0.95, min=0.8, max=1.0, step=0.01, description="base"),
                         schedule=Dropdown(options=list(SCHEDULES), value=SCHEDULES[1], description="schedule"))


# --------------------------------------------------------------------- decision-boundary explorer
@dataclass(frozen=True)
class BoundaryPanel:
    """One panel of ``boundary_explorer`` at one slider position.

    - predict: function mapping points of shape (2, k) to int labels of shape (1, k)
      (e.g. ``lambda P: predict(P, parameters)``)
    - X, Y: the training examples, drawn as large dots: shapes (2, m) and (1, m)
    - title: the panel's title (may span two lines)
    - X_test, Y_test: more examples drawn as small crosses, shapes (2, k) and (1, k), or None
    """
    predict: Callable
    X: np.ndarray
    Y: np.ndarray
    title: str
    X_test: Optional[np.ndarray] = None
    Y_test: Optional[np.ndarray] = None


def region_colors(regions, alpha=0.25, background="white"):
    """The shaded regions of a decision-boundary plot as an opaque RGBA picture.

    Inputs:
    - regions: int labels in 0..len(CLASS_COLORS) - 1, shape (r1, r2)
    - alpha: opacity of the shading (plot_decision_boundary's contourf uses 0.25)
    - background: the colour under the shading (the axes' face colour)

    Returns:
    - rgba: uint8 array of shape (r1, r2, 4): each point's class colour (CLASS_COLORS) laid over
      ``background`` with opacity alpha, as contourf(alpha=0.25) over white looks (opaque: it
      draws faster)
    """
    from matplotlib.colors import to_rgba, to_rgba_array

    palette = alpha * to_rgba_array(CLASS_COLORS) + (1 - alpha) * np.array(to_rgba(background))
    palette[:, 3] = 1.0
    return np.round(255 * palette).astype(np.uint8)[np.asarray(regions, dtype=int)]


def boundary_segments(g1, g2, regions):
    """The lines between regions of different classes, as plot_decision_boundary's contour draws them.

    Inputs:
    - g1, g2: the grid's coordinates, each of shape (r1, r2) (from ``boundary_mesh``)
    - regions: int labels, shape (r1, r2)

    Returns:
    - segments: list of arrays of shape (n_points, 2), each one polyline (x1, x2) of the boundary;
      empty where the grid holds one class only
    """
    from contourpy import contour_generator  # matplotlib's own contouring library

    regions = np.asarray(regions, dtype=float)
    generator = contour_generator(g1, g2, regions)
    segments = []
    for level in np.arange(regions.min(), regions.max()) + 0.5:
        segments.extend(line for line in generator.lines(level) if len(line) > 1)
    return segments


def _class_labels(Y, num_classes, where):
    """Y as a flat int array, checked to hold labels 0..num_classes - 1."""
    labels = np.asarray(Y).reshape(-1).astype(int)
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"boundary_explorer: {where} holds labels {labels.min()}..{labels.max()}; "
                         f"the first position showed classes 0..{num_classes - 1}")
    return labels


def _position_key(position, names):
    """The cache key of a slider position: its values in the controls' order."""
    return tuple(position[name] for name in names)


def boundary_explorer(panels, controls, bounds, suptitle=None, panel_size=(5.5, 4.5), resolution=120,
                      legend_loc="best"):
    """Sliders over networks the notebook has trained, and their decision boundaries side by side.

    Each panel looks like ``plot_decision_boundary``'s: the class predicted everywhere (shaded),
    the boundary (black line), the training examples (large dots), optional test examples
    (small crosses), labelled axes, a legend and a title. The axes, ticks and labels are drawn
    once; each position redraws only the shading, the points and the titles, and its picture is
    cached, so moving back and forth costs nothing. The explorer trains nothing: ``panels`` should
    return networks the notebook has already trained (a position not trained yet makes that move slow).

    Inputs:
    - panels: function(**position) -> list of BoundaryPanel, one per panel, the same number at
      every position; ``position`` maps each control's name to its value
    - controls: dict name -> ipywidgets control (a SelectionSlider, IntSlider, ...); their names
      are the keyword arguments of ``panels`` and ``suptitle``
    - bounds: shape (2, n), points that every position's axes must show (e.g. the training sets
      of every seed): the axes cover them as plot_decision_boundary would and never move
    - suptitle: function(**position) -> str, the title above all panels; None for none
    - panel_size: (width, height) of one panel, in inches
    - resolution: grid points along each axis of the shaded regions
    - legend_loc: where each panel's legend goes (a matplotlib ``loc``)

    Displays the controls and the picture (an ``ipywidgets.interactive``); returns None.
    """
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure

    bounds = np.asarray(bounds, dtype=float)
    if bounds.ndim != 2 or bounds.shape[0] != 2 or bounds.shape[1] == 0:
        raise ValueError(f"boundary_explorer: bounds must have shape (2, n) with n >= 1, got {bounds.shape}")
    g1, g2 = boundary_mesh(bounds, resolution, "boundary_explorer")
    limits = (g1[0, 0], g1[0, -1]), (g2[0, 0], g2[-1, 0])  # the grid's range, as plot_decision_boundary's axes
    half1, half2 = (g1[0, 1] - g1[0, 0]) / 2, (g2[1, 0] - g2[0, 0]) / 2
    # one image pixel per grid point, centred on it: the colour changes halfway between two points,
    # where the boundary line runs
    extent = (limits[0][0] - half1, limits[0][1] + half1, limits[1][0] - half2, limits[1][1] + half2)
    names = list(controls)
    start = {name: control.value for name, control in controls.items()}
    first = list(panels(**start))
    if not first:
        raise ValueError("boundary_explorer: panels returned no panel for the first position")
    num_classes = 1 + max(max(int(np.max(panel.Y, initial=0)),
                              int(np.max(panel.Y_test, initial=0)) if panel.Y_test is not None else 0)
                          for panel in first)

    fig = Figure(figsize=(panel_size[0] * len(first), panel_size[1]))
    axes = np.atleast_1d(fig.subplots(1, len(first))).tolist()
    artists, animated = [], []
    for ax, panel in zip(axes, first):
        image = ax.imshow(np.zeros((resolution, resolution, 4), dtype=np.uint8), extent=extent, origin="lower",
                          interpolation="nearest", aspect="auto")
        boundary = LineCollection([], colors="k", linewidths=0.8)
        ax.add_collection(boundary)
        train = [ax.scatter([], [], s=18, c=CLASS_COLORS[c], edgecolors="k", linewidths=0.4, label=f"y = {c}")
                 for c in range(num_classes)]
        test = []
        if panel.X_test is not None:
            test = [ax.scatter([], [], s=10, marker="x", c=CLASS_COLORS[c], alpha=0.5, label=f"test, y = {c}")
                    for c in range(num_classes)]
        ax.set(xlim=limits[0], ylim=limits[1], xlabel="x1", ylabel="x2")
        artists.append((ax, image, boundary, train, test))
        animated += [image, boundary, *train, *test, ax.title, *ax.spines.values()]
    overall = fig.suptitle("") if suptitle is not None else None
    if overall is not None:
        animated.append(overall)

    def show_points(scatters, X, Y, where):
        X = np.asarray(X, dtype=float)
        labels = _class_labels(Y, num_classes, where)
        for c, scatter in enumerate(scatters):
            scatter.set_offsets(X[:, labels == c].T)

    def show(position, shown):
        """Set every changing artist to the panels ``shown`` at ``position``."""
        if len(shown) != len(axes):
            raise ValueError(f"boundary_explorer: panels returned {len(shown)} panels at {position}; "
                             f"expected {len(axes)}, as at the first position")
        for (ax, image, boundary, train, test), panel in zip(artists, shown):
            regions = predicted_regions(panel.predict, g1, g2, "boundary_explorer")
            if regions.max() >= num_classes:
                raise ValueError(f"boundary_explorer: predict returned class {regions.max()}; "
                                 f"the first position showed classes 0..{num_classes - 1}")
            image.set_data(region_colors(regions, background=ax.get_facecolor()))
            boundary.set_segments(boundary_segments(g1, g2, regions))
            show_points(train, panel.X, panel.Y, "Y")
            if test:
                show_points(test, panel.X_test, panel.Y_test, "Y_test")
            ax.set_title(panel.title)
        if overall is not None:
            overall.set_text(suptitle(**position))

    show(start, first)  # the first position in place: "best" legends avoid its points, no title is cut
    # opaque and square legends, so that their pixels, kept once, can be pasted over every picture
    legends = [ax.legend(loc=legend_loc, fontsize="small" if not test else 7, framealpha=1.0, fancybox=False)
               for ax, _, _, _, test in artists]
    fig.tight_layout()
    blitter = _Blitter(fig, animated, overlays=legends)
    pictures = {_position_key(start, names): blitter.png()}

    def draw(**position):
        key = _position_key(position, names)
        if key not in pictures:
            show(position, list(panels(**position)))
            _remember(pictures, key, blitter.png())
        _show(pictures[key], [])

    _display_interactive(draw, **controls)
