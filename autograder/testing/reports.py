"""Support for the report's tests and demo: what a simulated class's report must count, the page in
chromium, and a mixed class graded into a report.

    python -m autograder.testing.reports --size 40 04_dropout 03_regularization

grades a simulated class of 40 students on each topic (each student the reference with zero to
three of the topic's typical wrong answers, drawn with a fixed seed; a few blank notebooks; on a
topic that holds them, one kernel killer and one corrupt file) in ``build/report-demo/course``
through ``./course grade``, checks that the report counts the class exactly, and screenshots the
pages into ``build/report-demo/``.
"""
import argparse
import random
import sys
from pathlib import Path

from ..engine import hidden, paths
from . import browser, classroom
from .students import SimulatedStudent, load_class


def expected_outcome(student, function):
    """How ``student``'s report must count ``function``: "passed", "untouched", the expected local
    mistake, "unrecognised", or None where any failure will do (hostile students)."""
    if function not in student.loses:
        return "passed"
    if student.answers is None:
        return "untouched"
    if student.hostile:
        return None
    return student.mistakes.get(function)


def mismatches(report, students, topic):
    """What ``report`` (commands.report.AssignmentReport) counts differently from the class
    ``students``: [] when every simulated mistake is counted once, under its expected identifier.

    Where the topic lists no MISTAKES yet, failures are checked but not which mistake they are."""
    problems = []
    by_name = {s.name: s for s in students}
    listed = hidden.mistakes_of(topic) is not None
    graded = {s.name for s in students if s.graded}
    if set(report.submissions) != set(by_name):
        problems.append(f"submissions {sorted(report.submissions)}, expected {sorted(by_name)}")
    if set(report.not_graded) != set(by_name) - graded:
        problems.append(f"not graded {sorted(report.not_graded)}, expected {sorted(set(by_name) - graded)}")
    for result in report.functions:
        found = {s: "passed" for s in result.passed}
        counted = [s for s in result.passed]
        for mistake, names in result.mistakes.items():
            found.update(dict.fromkeys(names, mistake))
            counted += names
        found.update({s: hidden.UNRECOGNISED for s, _ in result.unrecognised})
        found.update(dict.fromkeys(result.untouched, "untouched"))
        counted += [s for s, _ in result.unrecognised] + result.untouched
        if sorted(counted) != sorted(graded):
            problems.append(f"{result.function}: counted {sorted(counted)}, graded {sorted(graded)}")
        for name in sorted(graded):
            want = expected_outcome(by_name[name], result.function)
            got = found.get(name)
            if want is None or (not listed and want not in ("passed", "untouched")):
                want = got if got not in ("passed", None) else "a failure"
            if got != want:
                problems.append(f"{result.function}: {name} counted as {got}, expected {want}")
    return problems


def screenshot_page(html_path, png_path, viewport=None, full_page=True):
    """Open a report page (a local file) in chromium with every network request refused; save a PNG.

    Returns {"images": [(width, height)], "requests": [URLs the page tried to fetch besides itself]}:
    a self-contained page fetches nothing and all its images decode."""
    html_path = Path(html_path).resolve()
    requests = []
    with browser.browser() as chromium:
        page = browser.new_page(chromium, viewport or {"width": 1200, "height": 900})

        def refuse(route):
            if route.request.url != html_path.as_uri():
                requests.append(route.request.url)
                return route.abort()
            return route.continue_()

        page.route("**/*", refuse)
        page.goto(html_path.as_uri(), wait_until="load")
        images = page.evaluate("() => [...document.images].map(i => [i.naturalWidth, i.naturalHeight])")
        Path(png_path).parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(png_path), full_page=full_page)
        page.context.close()
    return {"images": [tuple(i) for i in images], "requests": requests}


# -- the demo: a mixed class ---------------------------------------------------------------------------
def combined(name, parts):
    """A student made of several simulated students' answers (each replacing different cells)."""
    answers, loses, mistakes = [], set(), {}
    for part in parts:
        answers += list(part.answers)
        loses |= part.loses
        mistakes.update(part.mistakes)
    return SimulatedStudent(name, answers, loses, mistakes=mistakes)


def mixed_class(topic, size, seed=19):
    """``size`` students of ``topic``: each the reference with 0-3 typical wrong answers of different
    functions (drawn with ``seed``); about one in 15 blank; on a topic that has them, student 7 kills
    its kernel and student 13 submits a corrupt file. Ids are student_00, student_01, ..."""
    draw = random.Random(f"{seed}-{topic}")
    simulated = load_class(topic)
    by_name = {s.name: s for s in simulated}
    wrong = {}
    for s in simulated:
        if s.graded and not s.hostile and s.answers and len(s.loses) == 1:
            wrong.setdefault(next(iter(s.loses)), []).append(s)
    students = []
    for index in range(size):
        name = f"student_{index:02d}"
        if index == 7 and "kills_its_kernel" in by_name:
            hostile = by_name["kills_its_kernel"]
            students.append(SimulatedStudent(name, hostile.answers, set(hostile.loses), hostile=True))
        elif index == 13 and "corrupt_file" in by_name:
            students.append(SimulatedStudent(name, None, set(), raw=by_name["corrupt_file"].raw))
        elif draw.random() < 1 / 15:
            students.append(SimulatedStudent(name, None, set(by_name["blank"].loses)))
        else:
            functions = draw.sample(sorted(wrong), k=min(len(wrong), draw.choice([0, 1, 1, 1, 2, 2, 3])))
            students.append(combined(name, [draw.choice(wrong[f]) for f in functions]))
    return students


def demo(topics, size, folder, jobs=None):
    """Grade a mixed class of ``size`` per topic in ``folder``/course; check and screenshot its reports."""
    from ..commands import report as reports
    from ..commands.grade import grade

    folder = Path(folder).resolve()
    root = classroom.make_course(folder / "course", topics)
    classes = {topic: mixed_class(topic, size) for topic in topics}
    for topic, students in classes.items():
        classroom.submit_students(root, topic, students)
    grade(root, topics, jobs=jobs)
    status = 0
    for topic, students in classes.items():
        problems = mismatches(reports.build(root, topic), students, topic)
        print(f"{topic}: the report counts the class exactly" if not problems else
              f"{topic}: the report differs from the class:\n  " + "\n  ".join(problems))
        status |= bool(problems)
        shot = screenshot_page(root / "reports" / f"{topic}.html", folder / f"report-{topic}.png")
        print(f"{topic}: screenshot {folder / f'report-{topic}.png'} ({len(shot['images'])} figures, "
              f"{len(shot['requests'])} network requests)")
    screenshot_page(root / "reports" / "course.html", folder / "report-course.png")
    print(f"course: screenshot {folder / 'report-course.png'}")
    return status


def main(argv=None):
    parser = argparse.ArgumentParser(description="Grade a mixed simulated class and screenshot its reports.")
    parser.add_argument("topics", nargs="+")
    parser.add_argument("--size", type=int, default=40, help="students per topic")
    parser.add_argument("--out", default=str(paths.ROOT / "build" / "report-demo"))
    parser.add_argument("--jobs", "-j", type=int, default=None)
    args = parser.parse_args(argv)
    if Path(args.out, "course").exists():
        print(f"{Path(args.out, 'course')} exists: remove it first", file=sys.stderr)
        return 2
    return demo(args.topics, args.size, args.out, args.jobs)


if __name__ == "__main__":
    sys.exit(main())
