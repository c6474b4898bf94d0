"""Benchmarks: ``./course bench [topic ...] [--class N | --sliders]``. Prints figures; asserts nothing.

With ``--sliders``: each slider's latency in the browser, move to new picture (bench_sliders.py).

With ``--class N``: a simulated class of N submissions per topic (the topic's simulated students,
hostile ones left out, repeated), graded by ``./course grade`` (parallel), by plain serial
``nbgrader autograde`` with the course's config, and the floor: a kernel running only the setup,
answer and test cells (killed when done, as grading does) plus the hidden checks (their zygote
warm, as in grading), measured with nbclient on a sample, scaled to the class and divided by the
number of jobs. ``--stock`` adds stock serial nbgrader, with its own config (``stock_seconds``).

Without it: for each topic, the whole-process time of
- executing the reference solution (``jupyter nbconvert --execute`` on the release notebook with
  the reference answers filled in), and
- autograding one submission of it (``nbgrader autograde``, hidden checks included),
and their ratio (best of --repeats runs each); then the utils training loop against a lean
hand-written NumPy loop.

With ``--anchors``: instead, whether the notebooks' qualitative results hold on our data over
``--seeds`` seeds (He vs zeros and large random, Adam vs gradient descent, L2 and dropout trading
train accuracy for dev accuracy), one line each with its figures (``testing/bench_anchors.py``).
"""
import argparse
import os
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


def make_class(root, topic, size):
    """Submit ``size`` notebooks of ``topic``: the simulated class (no hostile students), repeated."""
    from ..testing.students import load_class

    students = [s for s in load_class(topic) if s.graded and not s.hostile]
    release_nb = notebooks.read(paths.release_notebook(topic))
    source_nb = notebooks.read(paths.source_notebook(topic))
    built = [s.notebook(release_nb, source_nb) for s in students]
    for index in range(size):
        classroom.submit(root, topic, f"student_{index:03d}", built[index % len(built)])
    return min(len(students), size)


def class_course(topic, size, folder):
    """A throw-away course at ``folder`` holding ``size`` submissions of ``topic`` (``make_class``),
    its gradebook in step with source/; returns (root, how many different submissions)."""
    root = classroom.make_course(folder, [topic])
    kinds = make_class(root, topic, size)
    generate([topic], Path(folder) / "scratch-release", f"sqlite:///{root / 'gradebook.db'}", root)
    return root, kinds


def floor_seconds(topic, sample):
    """Seconds per submission of: a kernel running setup + answer + test cells, plus the hidden checks."""
    import nbformat

    from ..engine import hidden, kernel_client
    from ..testing.students import load_class
    from ..testing.visible import runnable_cells

    release_nb = notebooks.read(paths.release_notebook(topic))
    source_nb = notebooks.read(paths.source_notebook(topic))
    names = [n for c in source_nb.cells if notebooks.is_test(c) for n in notebooks.hidden_check_names(c.source)]
    students = [s for s in load_class(topic) if s.graded and not s.hostile][:sample]
    submissions = [student.notebook(release_nb, source_nb) for student in students]
    # The hidden checks' zygote starts once per grading process: warm it, as grading a class does.
    hidden.run_in_sandbox(names, notebooks.student_statements(submissions[0]))
    start = time.perf_counter()
    for nb in submissions:
        graded_only = nbformat.from_dict(nb)
        graded_only.cells = [nbformat.v4.new_code_cell(source) for _, _, source in runnable_cells(nb)]
        try:
            # killed when done, as grading does: waiting for a kernel to shut down is not work
            kernel_client.NotebookClient(graded_only, timeout=60, kernel_name="python3", allow_errors=True,
                                         shutdown_kernel="immediate",
                                         extra_arguments=["--IPKernelApp.log_level=ERROR"]).execute()
        except Exception:  # noqa: S110 - a dead kernel still counts its time
            pass
        hidden.run_in_sandbox(names, notebooks.student_statements(nb))
    return (time.perf_counter() - start) / len(students)


STOCK_CONFIG = """# nbgrader's own defaults: every cell run, the hidden tests inside the student's kernel
c = get_config()
c.CourseDirectory.course_id = "stock"
c.CourseDirectory.db_url = "sqlite:///{root}/gradebook.db"
"""


def stock_seconds(topic, size, scratch):
    """Seconds of serial ``nbgrader autograde`` with nbgrader's own configuration (no course
    preprocessors): every cell runs, and the hidden regions run inside the student's kernel
    (``hidden.check`` on the kernel's functions). It grades differently, not only slower: there a
    wrong function also fails the tests of the functions that call it, and a student's code can
    patch what the checks use."""
    root, _ = class_course(topic, size, scratch / f"stock-{topic}")
    (root / "nbgrader_config.py").write_text(STOCK_CONFIG.format(root=root))
    return timed(["nbgrader", "autograde", topic, "--force"], root)


def bench_class(topic, size, scratch, jobs, stock=False):
    """Print the class-scale figures of one topic."""
    root, kinds = class_course(topic, size, scratch / f"class-{topic}")
    ours = timed([sys.executable, "-m", "autograder.commands.grade", "--root", str(root), topic, "--jobs", str(jobs)],
                 paths.ROOT)
    plain_root, _ = class_course(topic, size, scratch / f"plain-{topic}")
    plain = timed(["nbgrader", "autograde", topic, "--force"], plain_root)
    floor = floor_seconds(topic, sample=min(5, size)) * size / jobs
    print(f"{topic}: {size} submissions ({kinds} different ones), {jobs} jobs")
    print(f"  ./course grade (autograde + feedback + export): {ours:7.1f} s  {size / ours * 60:6.1f} per minute")
    print(f"  plain serial nbgrader autograde:               {plain:7.1f} s  {size / plain * 60:6.1f} per minute"
          f"  (ours is {plain / ours:.2f}x faster)")
    print(f"  floor (kernel + graded cells + hidden checks): {floor:7.1f} s  (ours is {ours / floor:.2f}x the floor)")
    if stock:
        seconds = stock_seconds(topic, size, scratch)
        print(f"  stock serial nbgrader (its own config):        {seconds:7.1f} s  "
              f"{size / seconds * 60:6.1f} per minute  (ours is {seconds / ours:.2f}x faster)")
    return ours


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topics", nargs="*")
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure; the best is printed")
    parser.add_argument("--class", dest="class_size", type=int, default=0,
                        help="grade a simulated class of this many submissions per topic")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel grading jobs")
    parser.add_argument("--stock", action="store_true",
                        help="with --class: also grade the class with stock nbgrader (its own config: every cell "
                             "run, the hidden tests inside the student's kernel)")
    parser.add_argument("--anchors", action="store_true",
                        help="check the notebooks' qualitative results over several seeds instead")
    parser.add_argument("--seeds", type=int, default=5, help="seeds per anchor (with --anchors)")
    parser.add_argument("--sliders", action="store_true",
                        help="slider latency in the browser instead (see autograder/commands/bench_sliders.py)")
    parser.add_argument("--moves", type=int, default=30, help="with --sliders: moves per slider")
    args = parser.parse_args(argv)
    if args.sliders:
        from .bench_sliders import main as bench_sliders

        return bench_sliders([*args.topics, f"--moves={args.moves}"])
    if args.anchors:
        if args.seeds < 1:
            parser.error(f"--seeds must be at least 1, got {args.seeds}")
        from ..testing.bench_anchors import run_anchors

        start = time.perf_counter()
        run_anchors(args.seeds)
        print(f"anchors: {args.seeds} seeds each, {time.perf_counter() - start:.1f} s")
        return 0
    if args.class_size:
        with tempfile.TemporaryDirectory() as scratch:
            topics = args.topics or paths.topics()
            total = sum(bench_class(topic, args.class_size, Path(scratch), args.jobs, args.stock) for topic in topics)
            if len(topics) > 1:
                print(f"all {len(topics)} topics: {total:.1f} s for {len(topics) * args.class_size} submissions")
        return 0
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
