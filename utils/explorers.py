"""Live slider explorers for 08_optimizers, and a guard for demos that need a student's function.

The explorers take YOUR functions as arguments (``ewa``, ``lr_inverse_decay``,
``lr_exponential_decay``) and never implement them. Each is one call in a notebook cell:

    smoothing_explorer(ewa, day, temp)
    schedule_explorer(lr_inverse_decay, lr_exponential_decay)

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

import numpy as np

from .datasets import make_moons
from .nn import binary_cross_entropy, init_uniform, model_backward, model_forward, update_parameters

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
    """

    def __init__(self, fig, animated):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        fig.set_dpi(_DPI)
        self.fig, self.canvas, self.animated = fig, FigureCanvasAgg(fig), list(animated)
        for artist in self.animated:
            artist.set_animated(True)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(fig.bbox)

    def png(self):
        from PIL import Image as PILImage

        self.canvas.restore_region(self.background)
        for artist in self.animated:
            self.fig.draw_artist(artist)
        width, height = self.canvas.get_width_height()
        picture = PILImage.frombuffer("RGBA", (width, height), bytes(self.canvas.buffer_rgba()), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        picture.save(buffer, format="png", compress_level=1)
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


def _short_run_costs(schedule, problem, num_epochs, batch_size=20):
    """Cost on the whole training set after each epoch of mini-batch gradient descent."""
    X, Y, parameters, seed = problem
    rng = np.random.default_rng(seed)
    m = X.shape[1]
    costs = [binary_cross_entropy(model_forward(X, parameters)[0], Y)]
    for epoch in range(num_epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start:start + batch_size]
            AL, caches = model_forward(X[:, batch], parameters)
            parameters = update_parameters(parameters, model_backward(AL, Y[:, batch], caches), schedule[epoch])
        costs.append(binary_cross_entropy(model_forward(X, parameters)[0], Y))
    return np.array(costs)


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

    def run(schedule_values):
        key = tuple(np.round(schedule_values, 12))
        if key not in runs:
            with np.errstate(all="ignore"):
                _remember(runs, key, _short_run_costs(schedule_values, problem, num_epochs))
        return runs[key]

    def draw(alpha0, decay_rate, base, schedule):
        key = (alpha0, decay_rate, base, schedule)
        if key not in pictures:
            values, message = alphas(schedule, alpha0, decay_rate, base)
            constant = np.full(num_epochs, alpha0)
            constant_alpha.set_data(epochs, constant)
            base_costs = run(constant)
            constant_cost.set_data(np.arange(num_epochs + 1), base_costs)
            lines = []
            if values is None:
                alpha_line.set_data([], [])
                cost_line.set_data([], [])
                ax_alpha.set_title("implement the schedule's function to see it here")
                ax_cost.set_title(f"training cost: constant alpha0 ends at {base_costs[-1]:.3f}")
                lines.append(message)
            else:
                costs = run(values)
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
                         alpha0=FloatSlider(value=1.0, min=0.1, max=3.0, step=0.1, description="alpha0"),
                         decay_rate=FloatSlider(value=0.2, min=0.0, max=1.0, step=0.02, description="decay_rate"),
                         base=FloatSlider(value=0.95, min=0.8, max=1.0, step=0.01, description="base"),
                         schedule=Dropdown(options=list(SCHEDULES), value=SCHEDULES[1], description="schedule"))
