"""Slider latency: ``./course bench --sliders [topic ...] [--moves N]``. Prints figures; asserts nothing.

For every slider of the course (each slider control of each ``interact`` or ``utils.explorers``
widget in the release notebooks, filled with the reference answers), in JupyterLab in Debian's
chromium: the time from a key press on the slider to the new picture, loaded in the page, over
``--moves`` moves that sweep the slider from end to end. Prints the median and the 95th
percentile of all moves, and the median of the first visits apart (positions not shown before in
that sweep: an explorer that caches its pictures draws only those), then the machine's load.
"""
import argparse
import math
import os
import sys
import tempfile
from pathlib import Path

from ..engine import notebooks, paths

TARGET_MS = 100  # the course's target for the median


def percentile(values, fraction):
    """The ``fraction`` quantile of ``values`` (nearest rank); NaN for no values."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


def summary(moves):
    """Figures of [(ms or None, first visit)]: {'moves', 'missed', 'median', 'p95', 'first', 'first_median'}."""
    times = [ms for ms, _ in moves if ms is not None]
    first = [ms for ms, is_first in moves if ms is not None and is_first]
    return {"moves": len(moves), "missed": len(moves) - len(times), "median": percentile(times, 0.5),
            "p95": percentile(times, 0.95), "first": len(first), "first_median": percentile(first, 0.5)}


def row(topic, widget, name, figures):
    return (f"{topic:24s} {widget:>6d} {name:>12s} {figures['moves']:>6d} {figures['median']:>8.0f} "
            f"{figures['p95']:>8.0f} {figures['first']:>6d} {figures['first_median']:>10.0f} {figures['missed']:>7d}")


HEADER = (f"{'topic':24s} {'widget':>6s} {'slider':>12s} {'moves':>6s} {'median':>8s} {'p95':>8s} "
          f"{'first':>6s} {'first med':>10s} {'missed':>7s}")


def bench_notebook(page, topic, moves):
    """Rows of figures for every slider of the notebook open (and run) in ``page``."""
    from ..testing import browser

    rows = []
    for widget in range(page.locator(f"{browser.PANEL} .widget-interact").count()):
        for slider, name in enumerate(browser.slider_controls(page, widget)):
            figures = summary(browser.slider_moves(page, widget, slider, moves=moves))
            rows.append((topic, widget + 1, name, figures))
            print(row(topic, widget + 1, name, figures), flush=True)
    return rows


def main(argv=None):
    from ..testing import browser
    from ..testing.lab_notebooks import filled_release, slider_cells

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topics", nargs="*", help="default: every topic with a slider")
    parser.add_argument("--moves", type=int, default=30, help="moves per slider (default 30)")
    args = parser.parse_args(argv)
    topics = [t for t in args.topics or paths.topics()
              if slider_cells(notebooks.read(paths.release_notebook(t)))]
    print(f"slider move to new picture, ms ({args.moves} moves per slider, sweeping end to end; "
          f"target: median under {TARGET_MS} ms)")
    print(HEADER)
    with tempfile.TemporaryDirectory() as scratch:
        filled = {topic: filled_release(topic, Path(scratch)) for topic in topics}
        with browser.jupyter_lab(scratch) as server, browser.browser() as chromium:
            for topic in topics:
                relpath, _ = filled[topic]
                page = browser.new_page(chromium)
                browser.open_notebook(page, server, relpath)
                browser.run_all(page)
                bench_notebook(page, topic, args.moves)
                page.close()
                browser.shutdown_kernels(server, relpath)
    print(f"load average (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
