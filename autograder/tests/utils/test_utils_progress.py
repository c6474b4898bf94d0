"""utils.progress: nothing on stderr ever; text lines on stdout outside a kernel; one throttled
HTML line in a kernel (faked here, then once in a real ipykernel)."""
import IPython.display
import pytest

from utils import progress
from utils.progress import ProgressBar


def test_plain_mode_prints_at_most_every_ten_percent_to_stdout_only(capfd):
    with ProgressBar(1000, description="training") as bar:
        for i in range(1000):
            bar.update(1, cost=1.0 / (i + 1))
    out, err = capfd.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert 1 <= len(lines) <= 10, lines
    assert lines[0].startswith("training: epoch 100/1000 (10%)")
    assert lines[-1].startswith("training: epoch 1000/1000 (100%)")
    assert lines[-1].endswith("cost 0.001")


def test_plain_mode_final_line_when_stopped_early(capfd):
    bar = ProgressBar(100, unit="step")
    for _ in range(5):
        bar.update()
    bar.close()
    bar.close()
    bar.update()  # after close: ignored
    out, err = capfd.readouterr()
    assert err == ""
    assert out.splitlines() == [out.splitlines()[0]] and out.startswith("step 5/100 (5%)")


def test_disabled_writes_nothing(capfd):
    with ProgressBar(10, description="x", enabled=False) as bar:
        for _ in range(10):
            bar.update(1, cost=0.5)
    assert capfd.readouterr() == ("", "")


def test_total_zero(capfd):
    with ProgressBar(0):
        pass
    out, err = capfd.readouterr()
    assert err == "" and "0/0 (100%)" in out


def test_text_formats_info():
    bar = ProgressBar(3000, description="training", enabled=False)
    bar.n = 1200
    bar.info = {"cost": 0.345218, "lr": 0.01, "batch": 7}
    text = bar.text()
    assert text.startswith("training: epoch 1200/3000 (40%) | ")
    assert text.endswith("| cost 0.3452 | lr 0.01 | batch 7")


def test_bad_arguments():
    with pytest.raises(ValueError, match="total must be an int >= 0, got -1"):
        ProgressBar(-1)
    with pytest.raises(ValueError, match="total must be an int >= 0, got 2.5"):
        ProgressBar(2.5)
    with pytest.raises(ValueError, match="min_interval must be >= 0, got -1"):
        ProgressBar(3, min_interval=-1)


class FakeHandle:
    def __init__(self, first):
        self.shown = [first]

    def update(self, obj):
        self.shown.append(obj)


@pytest.fixture
def fake_kernel(monkeypatch):
    handles = []

    def fake_display(obj, display_id=False):
        assert display_id is True
        handles.append(FakeHandle(obj))
        return handles[-1]

    monkeypatch.setattr(progress, "_in_kernel", lambda: True)
    monkeypatch.setattr(IPython.display, "display", fake_display)
    return handles


def test_kernel_mode_throttles_to_one_line(fake_kernel, capfd):
    with ProgressBar(1000, description="training", min_interval=3600) as bar:
        for i in range(1000):
            bar.update(1, cost=0.12345 + i * 0)
    assert capfd.readouterr() == ("", "")
    assert len(fake_kernel) == 1, "one display, updated in place"
    shown = [h.data for h in fake_kernel[0].shown]
    assert len(shown) == 2, "first display plus one final update (throttled in between)"
    assert "<progress" in shown[-1] and 'value="1000" max="1000"' in shown[-1]
    assert "training: epoch 1000/1000 (100%)" in shown[-1] and "cost 0.1235" in shown[-1]


def test_kernel_mode_updates_when_interval_allows(fake_kernel):
    bar = ProgressBar(5, min_interval=0)
    for _ in range(3):
        bar.update()
    bar.close()
    shown = [h.data for h in fake_kernel[0].shown]
    assert len(shown) == 1 + 3  # first display, then three updates; close has nothing new to draw
    assert "epoch 3/5" in shown[-1]


def test_kernel_mode_falls_back_to_stdout_when_display_fails(monkeypatch, capfd):
    def broken_display(obj, display_id=False):
        raise RuntimeError("no frontend")

    monkeypatch.setattr(progress, "_in_kernel", lambda: True)
    monkeypatch.setattr(IPython.display, "display", broken_display)
    with ProgressBar(10) as bar:
        for _ in range(10):
            bar.update()
    out, err = capfd.readouterr()
    assert err == "" and "epoch 10/10" in out


def test_in_a_real_kernel_one_updating_html_line_and_no_stderr():
    """utils.train(progress=True) in ipykernel: one display_data (HTML <progress>), no stream output."""
    import nbformat  # slow imports (about 2 s), only for this test

    from autograder.engine.kernel_client import NotebookClient

    code = (
        "import numpy as np, utils\n"
        "rng = np.random.default_rng(0)\n"
        "X, Y = utils.make_moons(50, 0.2, rng)\n"
        "p = utils.init_uniform([2, 3, 1], rng)\n"
        "p, costs = utils.train(X, Y, p, learning_rate=0.1, num_epochs=300, description='fit')\n"
        "p, costs = utils.train(X, Y, p, learning_rate=0.1, num_epochs=300, progress=False)\n"
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    outputs = nb.cells[0].outputs
    assert [o.output_type for o in outputs] == ["display_data"], outputs
    html = outputs[0].data["text/html"]
    assert "<progress" in html and "fit: epoch 300/300 (100%)" in html and "cost" in html
