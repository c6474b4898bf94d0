"""utils.explorers: the slider explorers of 08_optimizers draw the student's functions in place,
cache their pictures, survive missing or broken functions, and never open pyplot figures; the
decision-boundary explorer of 03 and 04 draws one cached picture per position of its sliders.

The functions passed in here are test doubles written in this file; utils holds none of them.
"""
import warnings
from unittest import mock

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from IPython.display import Image  # noqa: E402
from ipywidgets import interactive  # noqa: E402

from utils import daily_temperatures  # noqa: E402
from utils.explorers import EWA_BETAS, SCHEDULES, schedule_explorer, smoothing_explorer, when_implemented  # noqa: E402


def running_average(theta, beta, bias_correction=False):
    v, out = 0.0, []
    for t, x in enumerate(theta, start=1):
        v = beta * v + (1 - beta) * x
        out.append(v / (1 - beta**t) if bias_correction else v)
    return np.array(out)


def inverse(alpha0, decay_rate, epoch):
    return alpha0 / (1 + decay_rate * epoch)


def exponential(alpha0, epoch, base=0.95):
    return base**epoch * alpha0


def missing(*args, **kwargs):
    raise NotImplementedError()


def broken(*args, **kwargs):
    raise ValueError("shapes do not match")


@pytest.fixture(autouse=True)
def no_warnings_and_no_figures():
    plt.close("all")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield
    assert plt.get_fignums() == [], "an explorer left a pyplot figure open (it would show twice in a notebook)"


class Screen:
    """Captures what the explorer displays: the interactive widget and each picture."""

    def __init__(self):
        self.widgets, self.images = [], []

    def __call__(self, obj):
        (self.widgets if isinstance(obj, interactive) else self.images).append(obj)

    @property
    def controls(self):
        assert len(self.widgets) == 1, "each explorer call displays exactly one interactive widget"
        return {w.description: w for w in self.widgets[0].kwargs_widgets}


def run(explorer, *args, **kwargs):
    screen = Screen()
    with mock.patch("IPython.display.display", screen):
        explorer(*args, **kwargs)
    return screen


@pytest.fixture
def weather():
    return daily_temperatures(365, np.random.default_rng(0))


def test_ewa_explorer_redraws_one_picture_per_move(weather, capsys):
    day, temp = weather
    screen = Screen()
    with mock.patch("IPython.display.display", screen):
        assert smoothing_explorer(running_average, day, temp) is None
        assert len(screen.images) == 1 and isinstance(screen.images[0], Image)
        assert "1/(1 - beta) = 10 days" in capsys.readouterr().out
        screen.controls["beta"].value = 0.98
        screen.controls["bias correction"].value = True
        screen.controls["beta"].value = 0.9
    assert len(screen.images) == 4, "one picture per slider move, drawn into the same output"
    pictures = [image.data for image in screen.images]
    assert len(set(pictures)) == 4, "beta and the toggle each change the picture"
    assert "1/(1 - beta) = 50 days" in capsys.readouterr().out


def test_ewa_explorer_caches_pictures(weather):
    day, temp = weather
    calls = []

    def counted(theta, beta, bias_correction=False):
        calls.append(beta)
        return running_average(theta, beta, bias_correction)

    screen = Screen()
    with mock.patch("IPython.display.display", screen):
        smoothing_explorer(counted, day, temp)
        for beta in [0.99, 0.9, 0.99, 0.9]:
            screen.controls["beta"].value = beta
    assert calls == [0.9, 0.99], "each slider position calls the student's function once"
    assert screen.images[1].data == screen.images[3].data


def test_ewa_slider_spans_half_to_0999_finely_near_one():
    assert EWA_BETAS[0] == 0.5 and EWA_BETAS[-1] == 0.999 and 0.9 in EWA_BETAS and 0.98 in EWA_BETAS
    gaps = np.diff(np.log10(1 - np.array(EWA_BETAS)))
    assert np.all(gaps < 0) and np.max(np.abs(gaps)) <= np.log10(2) + 1e-9  # at most halving 1 - beta per step


@pytest.mark.parametrize("student, expected", [(missing, "your ewa is not implemented yet"),
                                               (broken, "your ewa raised ValueError: shapes do not match"),
                                               (lambda theta, beta, bias_correction=False: theta[:3],
                                                "one average per day")])
def test_ewa_explorer_explains_a_missing_or_wrong_ewa(weather, capsys, student, expected):
    day, temp = weather
    screen = run(smoothing_explorer, student, day, temp)
    assert len(screen.images) == 1, "the data are still drawn"
    assert expected in capsys.readouterr().out


def test_ewa_explorer_rejects_mismatched_data(weather):
    day, temp = weather
    with pytest.raises(ValueError, match="day has shape"):
        smoothing_explorer(running_average, day[:10], temp)


def test_lr_decay_explorer_draws_each_schedule(capsys):
    screen = Screen()
    with mock.patch("IPython.display.display", screen):
        schedule_explorer(inverse, exponential, num_epochs=12)
        assert set(screen.controls) == {"alpha0", "decay_rate", "base", "schedule"}
        for schedule in SCHEDULES:
            screen.controls["schedule"].value = schedule
        screen.controls["alpha0"].value = 2.0
    out = capsys.readouterr().out
    assert "alpha falls from 1 to 0.3125" in out  # inverse, decay_rate 0.2: 1 / (1 + 0.2 * 11) at epoch 11
    assert "alpha falls from 1 to 0.5688" in out  # exponential: 0.95 ** 11
    assert len(screen.images) == 1 + len(SCHEDULES) + 1  # the start, each schedule, alpha0
    assert len({image.data for image in screen.images}) == len(screen.images) - 1  # inverse twice, same picture


def one_run_with_utils(schedule, problem, batch_size=20):
    """The short run of the schedule explorer, step by step with utils' network."""
    from utils import binary_cross_entropy, model_backward, model_forward, update_parameters

    X, Y, parameters, seed = problem
    rng = np.random.default_rng(seed)
    costs = [binary_cross_entropy(model_forward(X, parameters)[0], Y)]
    for rate in schedule:
        order = rng.permutation(X.shape[1])
        for start in range(0, X.shape[1], batch_size):
            batch = order[start:start + batch_size]
            AL, caches = model_forward(X[:, batch], parameters)
            parameters = update_parameters(parameters, model_backward(AL, Y[:, batch], caches), rate)
        costs.append(binary_cross_entropy(model_forward(X, parameters)[0], Y))
    return np.array(costs)


def test_batched_short_runs_are_utils_runs():
    from utils.explorers import _demo_problem, _short_runs_costs

    problem = _demo_problem()
    schedules = np.array([np.full(8, 1.0), 1.0 / (1 + 0.5 * np.arange(8)), np.full(8, 3.0), 0.9 ** np.arange(8)])
    batched = _short_runs_costs(schedules, problem)
    assert batched.shape == (4, 9)
    np.testing.assert_allclose(batched, [one_run_with_utils(s, problem) for s in schedules], rtol=1e-12, atol=1e-14)


def test_lr_decay_explorer_trains_the_alpha0_slider_once():
    """Once alpha0 moves, one batched run covers every alpha0 position: later moves only draw."""
    from utils import explorers

    calls = []

    def counted(schedules, problem):
        calls.append(len(schedules))
        return real(schedules, problem)

    real = explorers._short_runs_costs
    screen = Screen()
    with mock.patch("IPython.display.display", screen), mock.patch.object(explorers, "_short_runs_costs", counted):
        schedule_explorer(inverse, exponential, num_epochs=6)
        assert calls == [2]  # the start: the constant alpha0 and the schedule
        screen.controls["alpha0"].value = 2.0
        assert calls == [2, 2 * 30 - 2]  # every alpha0 position, both runs, but the start's
        for alpha0 in (2.5, 0.3, 3.0, 1.7):
            screen.controls["alpha0"].value = alpha0
        screen.controls["decay_rate"].value = 0.5
        assert calls == [2, 58, 1]  # a new decay_rate: its schedule only (the constant is known)
    assert len(screen.images) == 7


@pytest.mark.parametrize("student, expected", [(missing, "your lr_inverse_decay is not implemented yet"),
                                               (broken, "your lr_inverse_decay raised ValueError"),
                                               (lambda alpha0, decay_rate, epoch: "fast", "not a number")])
def test_lr_decay_explorer_explains_a_missing_or_wrong_schedule(capsys, student, expected):
    screen = Screen()
    with mock.patch("IPython.display.display", screen):
        schedule_explorer(student, missing, num_epochs=5)
        assert expected in capsys.readouterr().out
        screen.controls["schedule"].value = SCHEDULES[2]
        assert "your lr_exponential_decay is not implemented yet" in capsys.readouterr().out
        screen.controls["schedule"].value = SCHEDULES[0]
        assert "alpha falls from 1 to 1 " in capsys.readouterr().out
    assert len(screen.images) == 3


def test_when_implemented(capsys):
    assert when_implemented(lambda: 42, "ewa (Exercise 1)") == 42
    assert when_implemented(missing, "ewa (Exercise 1)") is None
    assert "This demo needs your ewa (Exercise 1)" in capsys.readouterr().out
    with pytest.raises(ValueError):
        when_implemented(broken, "ewa")


# --------------------------------------------------------------------- decision-boundary explorer
def left_right(P):
    """A classifier for the tests: class 1 right of x1 = 0, else 0."""
    return (P[0:1] > 0).astype(int)


def shifted(shift):
    """A classifier for the tests: class 1 right of x1 = shift, else 0."""
    return lambda P: (P[0:1] > shift).astype(int)


@pytest.fixture
def moons():
    from utils import make_moons

    return make_moons(40, 0.2, np.random.default_rng(0))


def picture(image):
    import io

    from PIL import Image as PILImage

    return np.asarray(PILImage.open(io.BytesIO(image.data)).convert("RGB"))


def test_region_colors_shade_each_class_with_its_colour():
    from matplotlib.colors import to_rgb

    from utils.explorers import region_colors
    from utils.plotting import CLASS_COLORS

    rgba = region_colors(np.array([[0, 1, 1], [1, 0, 2]]))
    assert rgba.shape == (2, 3, 4) and rgba.dtype == np.uint8
    assert np.all(rgba[..., 3] == 255), "opaque: the shading is laid over the background already"
    for (r, c), label in [((0, 1), 1), ((1, 2), 2), ((1, 1), 0)]:
        expected = 255 * (0.25 * np.array(to_rgb(CLASS_COLORS[label])) + 0.75)  # alpha 0.25 over white
        assert np.allclose(rgba[r, c, :3], expected, atol=1), f"class {label}"
    assert np.array_equal(region_colors(np.zeros((2, 2), dtype=int), alpha=0.0, background="black")[..., :3],
                          np.zeros((2, 2, 3))), "alpha 0 shows the background only"


def test_boundary_segments_follow_the_class_change():
    from utils.explorers import boundary_segments
    from utils.plotting import boundary_mesh, predicted_regions

    g1, g2 = boundary_mesh(np.array([[-1.0, 1.0], [-1.0, 1.0]]), 41)
    segments = boundary_segments(g1, g2, predicted_regions(left_right, g1, g2))
    assert segments and all(s.ndim == 2 and s.shape[1] == 2 for s in segments)
    points = np.vstack(segments)
    step = g1[0, 1] - g1[0, 0]
    assert np.all(np.abs(points[:, 0]) <= step), "the line runs between the two columns where the class changes"
    assert points[:, 1].min() == pytest.approx(g2.min()) and points[:, 1].max() == pytest.approx(g2.max())
    assert boundary_segments(g1, g2, np.zeros_like(g1, dtype=int)) == [], "one class: no boundary"


def test_boundary_explorer_draws_one_cached_picture_per_position(moons):
    from ipywidgets import SelectionSlider

    from utils.explorers import BoundaryPanel, boundary_explorer

    X, Y = moons
    calls = []

    def panels(shift):
        calls.append(shift)
        return [BoundaryPanel(shifted(shift), X, Y, f"boundary at x1 = {shift}")]

    screen = Screen()
    with mock.patch("IPython.display.display", screen):
        assert boundary_explorer(panels, {"shift": SelectionSlider(options=[-0.5, 0.0, 0.5], value=0.0,
                                                                   description="shift")}, bounds=X) is None
        for shift in [0.5, -0.5, 0.5, 0.0]:
            screen.controls["shift"].value = shift
    assert calls == [0.0, 0.5, -0.5], "each position asks for its panels once; pictures are cached"
    assert len(screen.images) == 5 and all(isinstance(image, Image) for image in screen.images)
    assert len({image.data for image in screen.images}) == 3
    assert screen.images[1].data == screen.images[3].data and screen.images[0].data == screen.images[4].data
    first, moved = picture(screen.images[0]), picture(screen.images[1])
    assert first.shape == moved.shape and first.shape[1] > 300
    assert np.any(np.all(first != moved, axis=2)), "the shading moves with the boundary"


def test_boundary_explorer_side_by_side_with_test_points_and_a_suptitle(moons):
    from ipywidgets import IntSlider

    from utils.explorers import BoundaryPanel, boundary_explorer

    X, Y = moons
    titles = []

    def panels(seed):
        return [BoundaryPanel(left_right, X, Y, "left"),
                BoundaryPanel(shifted(0.1 * seed), X + 0.1 * seed, Y, f"seed {seed}\nsecond line",
                              X_test=X[:, :10] - 0.1, Y_test=Y[:, :10])]

    def suptitle(seed):
        titles.append(seed)
        return f"seed {seed}"

    screen = Screen()
    with mock.patch("IPython.display.display", screen):
        boundary_explorer(panels, {"seed": IntSlider(value=0, min=0, max=3, description="seed")},
                          bounds=np.hstack([X, X + 0.3]), suptitle=suptitle, legend_loc="lower left")
        screen.controls["seed"].value = 2
    assert titles == [0, 2] and len(screen.images) == 2
    wide = picture(screen.images[0])
    assert wide.shape[1] > 1.8 * wide.shape[0], "two panels side by side"


def test_boundary_explorer_handles_a_constant_classifier(moons):
    from ipywidgets import SelectionSlider

    from utils.explorers import BoundaryPanel, boundary_explorer

    X, Y = moons
    screen = Screen()
    with mock.patch("IPython.display.display", screen):
        boundary_explorer(lambda c: [BoundaryPanel(lambda P: np.full((1, P.shape[1]), c), X, Y, f"all class {c}")],
                          {"c": SelectionSlider(options=[0, 1], value=0, description="c")}, bounds=X)
        screen.controls["c"].value = 1
    assert len(screen.images) == 2 and screen.images[0].data != screen.images[1].data


def test_boundary_explorer_rejects_bad_inputs(moons, caplog):
    from ipywidgets import IntSlider

    from utils.explorers import BoundaryPanel, boundary_explorer

    X, Y = moons
    slider = {"k": IntSlider(value=1, min=1, max=2, description="k")}
    with pytest.raises(ValueError, match=r"bounds must have shape \(2, n\)"):
        boundary_explorer(lambda k: [BoundaryPanel(left_right, X, Y, "t")], slider, bounds=X.T)
    with pytest.raises(ValueError, match="no panel"):
        boundary_explorer(lambda k: [], slider, bounds=X)
    with pytest.raises(ValueError, match="predict_fn returned shape"):
        run(boundary_explorer, lambda k: [BoundaryPanel(lambda P: P[:, :3], X, Y, "t")], slider, bounds=X)
    screen = Screen()
    with mock.patch("IPython.display.display", screen):
        boundary_explorer(lambda k: [BoundaryPanel(left_right, X, Y, "t")] * k, slider, bounds=X)
        screen.controls["k"].value = 2  # ipywidgets shows the error under the slider, and logs it
    assert "panels returned 2 panels at {'k': 2}; expected 1" in caplog.text
    assert len(screen.images) == 1
