"""Every notebook in a real browser, as a student meets it: JupyterLab and Debian's chromium.

- Filled with the reference solutions, each release notebook runs with Run > Run All Cells without
  an error or stderr, shows its plots and visible checks, its sliders redraw their pictures, and
  nbgrader's Validate button passes it. Screenshots: build/screenshots/<topic>.png, and the gallery
  pictures (first screen, sliders) in build/screenshots/gallery/ (``./course gallery`` commits them).
- Untouched, the release notebook of UNTOUCHED_IN_BROWSER stops Run All in its first exercise with
  NotImplementedError; run on past each error, every exercise shows its NotImplementedError in its
  own cells and no other cell shows an error or stderr. Screenshot:
  build/screenshots/untouched/<topic>.png. (test_notebooks.py checks every topic's untouched
  notebook the same way in a kernel; what only the browser shows, JupyterLab's Run All stopping at
  an error and Run All Below going on, one topic proves.)

One JupyterLab server (per test worker) serves the notebooks.

Run: ./course test autograder/tests/test_browser.py -x -s

What to expect is read from each notebook: the cells that print "Visible checks passed.", the cells
that draw (a top-level ``plt.show()`` or ``interact(...)``), the cells with an ``interact`` slider,
each exercise's cells (answer, "try it", test).
"""
import time
from pathlib import Path

import pytest

from autograder.commands import gallery
from autograder.engine import paths
from autograder.testing import browser
from autograder.testing.lab_notebooks import (
    SLIDER_CALL,
    UNTOUCHED,
    filled_release,
    slider_cells,
    top_level_calls,
    untouched_problems,
    untouched_release,
)

TOPICS = paths.topics()
UNTOUCHED_IN_BROWSER = "04_dropout"  # the others' untouched runs: test_notebooks.py, in a kernel
SLIDER_MOVES = 5  # a glance at latency (printed, not asserted); ./course bench --sliders gives the figures
CHECKS_PASSED = "Visible checks passed."
VALIDATE_SUCCESS = "Success! Your notebook passes all the tests."  # nbgrader 0.9.6's lab extension
SCREENSHOTS = paths.ROOT / "build" / "screenshots"
GALLERY = SCREENSHOTS / "gallery"

# Read in the browser: images in the outputs, and how many outputs print CHECKS_PASSED.
# textContent, not innerText: offscreen cells (CSS content-visibility) may have no layout.
OUTPUTS_JS = """(panel, needle) => {
  const outputs = [...panel.querySelectorAll('.jp-OutputArea-output')];
  const images = [...panel.querySelectorAll('.jp-OutputArea-output img')].map(img => ({
      complete: img.complete, width: img.naturalWidth, height: img.naturalHeight}));
  const checks = outputs.filter(o => (o.textContent || '').includes(needle)).length;
  return {images, checks, outputs: outputs.length};
}"""


def expected_checks(nb):
    """How many cells print CHECKS_PASSED when all goes well."""
    return sum(1 for cell in nb.cells if cell.cell_type == "code" and CHECKS_PASSED in cell.source)


def expected_figures(nb):
    """Cells that draw at least one figure: a top-level plt.show() call, or a slider."""
    return sum(1 for cell in nb.cells if cell.cell_type == "code"
               and ("plt.show()" in top_level_calls(cell.source) or SLIDER_CALL.search(top_level_calls(cell.source))))


def expected_sliders(nb):
    """Cells with a slider (``interact`` or a ``utils.explorers`` call) whose plot must redraw."""
    return len(slider_cells(nb))


@pytest.fixture
def chromium():
    if not Path(browser.CHROMIUM).exists():
        pytest.skip(f"{browser.CHROMIUM} is missing (apt-get install -y chromium); the browser test needs it")
    with browser.browser() as chromium:
        yield chromium


def read_outputs(page, min_figures, timeout=20):
    """Output summary, once at least ``min_figures`` images are loaded (or ``timeout`` s passed)."""
    panel = page.locator(browser.PANEL)
    deadline = time.monotonic() + timeout
    while True:
        seen = panel.evaluate(OUTPUTS_JS, CHECKS_PASSED)
        loaded = [img for img in seen["images"] if img["complete"]]
        if len(loaded) >= min_figures or time.monotonic() > deadline:
            return seen
        time.sleep(0.25)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """One JupyterLab server for every topic's filled release notebook (on this test worker)."""
    folder = tmp_path_factory.mktemp("lab")
    filled = {topic: filled_release(topic, folder) for topic in TOPICS}
    untouched = {UNTOUCHED_IN_BROWSER: untouched_release(UNTOUCHED_IN_BROWSER, folder)}
    with browser.jupyter_lab(folder, arguments=[browser.EXPOSE_APP]) as server:
        yield server, filled, untouched


@pytest.mark.parametrize("topic", TOPICS)
def test_notebook_runs_in_jupyterlab(topic, lab, chromium):
    start = time.monotonic()
    server, filled, _ = lab
    relpath, nb = filled[topic]
    shot = SCREENSHOTS / f"{topic}.png"
    served = time.monotonic()
    page = browser.new_page(chromium)
    browser.open_notebook(page, server, relpath)
    opened = time.monotonic()
    try:
        state = browser.run_all(page)
    finally:  # also when Run All fails: the screenshot shows where
        browser.screenshot(page, shot)
        print(f"\n{topic}: screenshot {shot}")
    ran = time.monotonic()

    assert not state["errors"], (f"{topic}: cells show stderr or error outputs after Run All:\n"
                                 + "\n---\n".join(state["errors"]))

    min_figures = expected_figures(nb)
    seen = read_outputs(page, min_figures)
    figures = [img for img in seen["images"] if img["complete"] and img["width"] > 0]
    assert len(figures) >= min_figures and len(figures) == len(seen["images"]), (
        f"{topic}: expected at least {min_figures} rendered figures (img in outputs, loaded, with "
        f"a natural width > 0); saw images {seen['images']}")
    checks = expected_checks(nb)
    assert seen["checks"] == checks, (
        f"{topic}: expected {checks} outputs reading {CHECKS_PASSED!r}; "
        f"saw {seen['checks']} (of {seen['outputs']} outputs)")
    pictures = gallery.capture(page, topic, GALLERY)  # what ./course gallery commits to docs/gallery/
    assert len(pictures) == 1 + len(slider_cells(nb)), f"{topic}: gallery pictures {pictures}"

    for index in range(expected_sliders(nb)):
        figures_before = len(read_outputs(page, 0)["images"])
        readout_before, readout_after, src_before, src_after = browser.nudge_slider(page, index=index)
        print(f"{topic}: slider {index} moved from {readout_before} to {readout_after}; the plot redrew")
        assert src_after != src_before
        latencies, missed = browser.slider_latencies(page, index=index, moves=SLIDER_MOVES)
        latencies = sorted(latencies) or [float("nan")]
        median, p95 = latencies[len(latencies) // 2], latencies[int(0.95 * (len(latencies) - 1))]
        print(f"{topic}: slider {index}: move to new picture, median {median:.0f} ms, 95th percentile "
              f"{p95:.0f} ms over {len(latencies)} moves ({missed} without a new picture within 5 s)")
        assert len(read_outputs(page, 0)["images"]) == figures_before, f"{topic}: slider {index} stacked figures"

    text = browser.validate(page)
    validated = time.monotonic()
    print(f"{topic}: Validate dialog says: {text!r}")
    assert VALIDATE_SUCCESS in text, f"{topic}: nbgrader's Validate did not pass. Dialog text:\n{text}"
    assert not page.errors, f"{topic}: JavaScript errors in the page: {page.errors}"
    page.close()
    browser.shutdown_kernels(server, relpath)
    print(f"{topic}: server {served - start:.1f} s, open {opened - served:.1f} s, "
          f"run all {ran - opened:.1f} s, validate {validated - ran:.1f} s, "
          f"total {time.monotonic() - start:.1f} s")


@pytest.mark.parametrize("topic", [UNTOUCHED_IN_BROWSER])
def test_untouched_notebook_in_jupyterlab(topic, lab, chromium):
    """The release notebook as a student first opens it. Run All stops in the first exercise with
    its NotImplementedError; carrying on past each error (Run > Run Selected Cell and All Below),
    every exercise shows its NotImplementedError in its own cells (its "try it" cell and its test
    cell), and no other cell shows an error or stderr: the demos say what is missing instead.

    One topic here, in JupyterLab; test_notebooks.py runs every topic's untouched notebook the
    same way in a kernel, with the same checks (``lab_notebooks.untouched_problems``)."""
    start = time.monotonic()
    server, _, untouched = lab
    relpath, nb = untouched[topic]
    page = browser.new_page(chromium)
    browser.open_notebook(page, server, relpath)
    try:
        stops, cells = browser.run_all_past_errors(page)
    finally:
        browser.screenshot(page, SCREENSHOTS / UNTOUCHED / f"{topic}.png")
    ran = time.monotonic()
    assert not page.errors, f"{topic}: JavaScript errors in the page: {page.errors}"
    page.close()
    browser.shutdown_kernels(server, relpath)
    problems = untouched_problems(topic, nb, stops, cells)
    assert not problems, "\n".join(problems)
    print(f"{topic}: untouched, Run All stopped at code cells {stops}; {ran - start:.1f} s")
