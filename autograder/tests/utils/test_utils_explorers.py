"""utils.explorers: the slider explorers of 08_optimizers draw the student's functions in place,
cache their pictures, survive missing or broken functions, and never open pyplot figures.

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
