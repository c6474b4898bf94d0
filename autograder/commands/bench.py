"""Benchmarks: ``./course bench [topic ...]``. Prints figures; asserts nothing.

For each topic, the whole-process time of
- executing the reference solution (``jupyter nbconvert --execute`` on the release notebook with
  the reference answers filled in), and
- autograding one submission of it (``nbgrader autograde``, hidden checks included),
and their ratio (best of --repeats runs each); then the utils training loop against a lean
hand-written NumPy loop.
"""
import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..engine import notebooks, paths
from ..testing import classroom
from .release import generate


def timed(command, cwd):
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return seconds


def bench_topic(topic, scratch, repeats):
    """(execute, autograde) seconds for the reference submission: the best of ``repeats`` runs."""
    root = classroom.make_course(scratch / topic, [topic])
    nb = notebooks.fill_answers(notebooks.read(paths.release_notebook(topic)),
                                notebooks.read(paths.source_notebook(topic)))
    filled = classroom.submit(root, topic, "reference", nb)
    generate([topic], scratch / topic / "scratch-release", f"sqlite:///{root / 'gradebook.db'}", root)
    execute_command = ["jupyter", "nbconvert", "--to", "notebook", "--execute", "--log-level=ERROR",
                       "--ExecutePreprocessor.timeout=120", f"--output-dir={scratch / 'executed'}", str(filled)]
    autograde_command = ["nbgrader", "autograde", topic, "--student", "reference", "--force"]
    runs = [(timed(execute_command, filled.parent), timed(autograde_command, root)) for _ in range(repeats)]
    return min(e for e, _ in runs), min(a for _, a in runs)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topics", nargs="*")
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure; the best is printed")
    args = parser.parse_args(argv)
    print(f"{'topic':22s} {'execute (s)':>12s} {'autograde (s)':>14s} {'ratio':>6s}")
    with tempfile.TemporaryDirectory() as scratch:
        for topic in args.topics or paths.topics():
            execute, autograde = bench_topic(topic, Path(scratch), args.repeats)
            print(f"{topic:22s} {execute:12.2f} {autograde:14.2f} {autograde / execute:6.2f}")
    from ..testing.bench_training import compare

    figures = compare()
    print(f"training loop: utils.train {figures['utils_s']:.3f} s, lean NumPy loop {figures['lean_s']:.3f} s, "
          f"ratio {figures['ratio']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
