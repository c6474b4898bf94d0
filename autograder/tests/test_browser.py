"""Smoke test in a real browser: a student's notebook, filled with the reference solutions, runs in
JupyterLab (Run > Run All Cells) without an error, shows its plots and visible checks, and passes
nbgrader's Validate button. Saves a screenshot to build/screenshots/<topic>.png.

Run: ./course test autograder/tests/test_browser.py -x -s

What to expect is read from each notebook: the cells that print "Visible checks passed.", the cells
that draw (a top-level ``plt.show()`` or ``interact(...)``), the cells with an ``interact`` slider.
"""
import ast
import re
import shutil
import time
from pathlib import Path

import pytest

from autograder.engine import notebooks, paths
from autograder.testing import browser

TOPICS = paths.topics()
SLIDER_MOVES = 30  # latency figures (printed, not asserted) for each slider
CHECKS_PASSED = "Visible checks passed."
VALIDATE_SUCCESS = "Success! Your notebook passes all the tests."  # nbgrader 0.9.6's lab extension
SCREENSHOTS = paths.ROOT / "build" / "screenshots"

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


def _top_level_calls(source):
    """Source text of the cell's top-level statements other than defs, classes and imports."""
    try:
        tree = ast.parse(notebooks.strip_magics(source))
    except SyntaxError:
        return ""
    skip = (ast.FunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)
    return "\n".join(ast.get_source_segment(source, node) or "" for node in tree.body if not isinstance(node, skip))


def expected_figures(nb):
    """Cells that draw at least one figure: a top-level plt.show() call, or a slider."""
    return sum(1 for cell in nb.cells if cell.cell_type == "code"
               and ("plt.show()" in _top_level_calls(cell.source) or SLIDER_CALL.search(_top_level_calls(cell.source))))


SLIDER_CALL = re.compile(r"\binteract\(|\b\w+_explorer\(")  # ipywidgets interact, or a utils explorer


def expected_sliders(nb):
    """Cells with a slider (``interact`` or a ``utils.explorers`` call) whose plot must redraw."""
    return sum(1 for cell in nb.cells if cell.cell_type == "code" and SLIDER_CALL.search(_top_level_calls(cell.source)))


@pytest.fixture
def chromium():
    if not Path(browser.CHROMIUM).exists():
        pytest.skip(f"{browser.CHROMIUM} is missing (apt-get install -y chromium); the browser test needs it")
    with browser.browser() as chromium:
        yield chromium


def filled_release(topic, folder):
    """Copy release/<topic>/ into ``folder``, its notebook's answer cells filled with the reference
    solutions. Returns the notebook's path relative to ``folder``, and the notebook."""
    shutil.copytree(paths.release_notebook(topic).parent, folder / topic)
    nb = notebooks.fill_answers(notebooks.read(paths.release_notebook(topic)),
                                notebooks.read(paths.source_notebook(topic)))
    relpath = f"{topic}/{topic}.ipynb"
    notebooks.write(nb, folder / relpath)
    return relpath, nb


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
    with browser.jupyter_lab(folder) as server:
        yield server, filled


@pytest.mark.parametrize("topic", TOPICS)
def test_notebook_runs_in_jupyterlab(topic, lab, chromium):
    start = time.monotonic()
    server, filled = lab
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
    print(f"{topic}: server {served - start:.1f} s, open {opened - served:.1f} s, "
          f"run all {ran - opened:.1f} s, validate {validated - ran:.1f} s, "
          f"total {time.monotonic() - start:.1f} s")
