"""The course on JupyterHub, for real, as root (CI): deploy/hub.py builds a deployment from scratch
(Unix users, PostgreSQL gradebook, nbgrader's exchange in a shared folder, JupyterHub with PAM and
local processes, configurable-http-proxy), and then, in Debian's chromium:

1. the instructor releases the assignment through the exchange (nbgrader, as the instructor);
2. two students log in through the hub, fetch it from JupyterLab's assignment list, answer, and
   submit from the assignment list. After fetching, the answers a student is not asked to type are
   saved through the Jupyter contents API with the student's own browser session (as a person
   pasting them in would); one answer, ``dropout_forward``, is typed into its cell in the notebook
   and saved with Ctrl+S: right for one student, wrong for the other;
3. the instructor collects, grades with the course's grading command (``python -m
   autograder.commands.grade``, hidden checks in the sandbox, gradebook on PostgreSQL) and releases
   the feedback; grades.csv holds the right scores;
4. each student fetches the feedback from the assignment list and reads their own score;
5. the formgrader answers the instructor only; a student cannot open another student's server,
   notebooks or submission, nor the gradebook, source/ or grades;
6. everything is torn down: no users, processes, database or files are left, even on failure.

Timings of every step are printed (figures, never asserted). Screenshots: build/screenshots/hub-*.png.
Run: ./course test autograder/tests/test_jupyterhub.py -p no:xdist -s
"""
import csv
import importlib
import json
import os
import pwd
import re
import secrets
import socket
import time
from pathlib import Path

import nbformat
import pytest

from autograder.engine import notebooks, paths
from autograder.testing import browser

TOPIC = "04_dropout"
TYPED = "dropout_forward"  # the answer cell each student types in the browser
WRONG_ANSWER = "fwd_no_scaling"  # the typical slip: kept units not divided by keep_prob (students.py)
WRONG_FEEDBACK = "not divided by keep_prob"  # what the feedback tells that student
SCREENSHOTS = paths.ROOT / "build" / "screenshots"

pytestmark = [pytest.mark.xdist_group("jupyterhub")]


def topic_points():
    """{answer grade_id: points of its test cell} of TOPIC (test_<name> scores <name>)."""
    nb = notebooks.read(paths.source_notebook(TOPIC))
    return {notebooks.grade_id(c).removeprefix("test_"): float(c.metadata["nbgrader"]["points"])
            for c in nb.cells if notebooks.is_test(c)}


def answers():
    """{"right": the reference ``TYPED``, "wrong": simulated student WRONG_ANSWER's} (typed sources)."""
    students = importlib.import_module(f"autograder.topics.{TOPIC}.students")
    source_nb = notebooks.read(paths.source_notebook(TOPIC))
    right = next(notebooks.solution_code(c.source) for c in source_nb.cells
                 if notebooks.is_answer(c) and notebooks.grade_id(c) == TYPED)
    wrong = getattr(students, WRONG_ANSWER)
    assert wrong.cell_id == TYPED, f"{WRONG_ANSWER} answers {wrong.cell_id}, not {TYPED}"
    return {"right": right.strip("\n"), "wrong": wrong.cell_source.strip("\n")}


# Run as a student, with the hub's Python: try each access; report what happened.
PROBE = r"""
import json, os, sys
results = {}
for name, (kind, target) in json.loads(sys.argv[1]).items():
    try:
        if kind == "read":
            open(target, "rb").read(1)
        elif kind == "list":
            os.listdir(target)
        elif kind == "rename":
            os.rename(target, target + "-moved")
        elif kind == "db":
            import psycopg2
            psycopg2.connect(**target).close()
        results[name] = "allowed"
    except Exception as error:
        results[name] = f"{type(error).__name__}: {error}".strip().splitlines()[0]
print(json.dumps(results))
"""


def probe(deployment, user, attempts):
    """{attempt: 'allowed' or the error} for ``attempts`` {name: (read|list|db, target)} run as ``user``."""
    from deploy.hub import VENV

    result = deployment.run_as(user, [VENV / "bin" / "python", "-c", PROBE, json.dumps(attempts)], "probe")
    return json.loads(result.stdout)


def processes_mentioning(text):
    """Pids whose command line mentions ``text`` (a deployment's state folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and text.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def port_is_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


class Clock:
    """Seconds per named step, printed at the end."""

    def __init__(self):
        self.steps, self.last = {}, time.monotonic()

    def lap(self, step):
        now = time.monotonic()
        self.steps[step] = now - self.last
        self.last = now

    def report(self, title):
        width = max(map(len, self.steps))
        return "\n".join([title] + [f"  {step.ljust(width)} {seconds:6.1f} s" for step, seconds in self.steps.items()])


def fill_other_answers(page, user_url, path, typed_cell):
    """Save the reference answers into every answer cell but ``typed_cell`` through the contents API
    (the student's browser session); the typed cell keeps its release stub."""
    status, model = browser.lab_api(page, user_url, f"api/contents/{path}?content=1")
    assert status == 200, f"GET api/contents/{path}: {status} {model}"
    fetched = nbformat.from_dict(model["content"])
    filled = notebooks.fill_answers(fetched, notebooks.read(paths.source_notebook(TOPIC)))
    for mine, theirs in zip(filled.cells, fetched.cells):
        if notebooks.is_answer(mine) and notebooks.grade_id(mine) == typed_cell:
            mine.source = theirs.source
    status, body = browser.lab_api(page, user_url, f"api/contents/{path}", "PUT",
                                   {"type": "notebook", "format": "json", "content": filled})
    assert status in (200, 201), f"PUT api/contents/{path}: {status} {body}"


def wait_for_saved_answer(page, user_url, path, typed, timeout=30):
    """The source of TYPED in the notebook on disk, once it equals ``typed`` (or ``timeout`` s passed)."""
    deadline = time.monotonic() + timeout
    while True:
        status, model = browser.lab_api(page, user_url, f"api/contents/{path}?content=1")
        assert status == 200, f"GET api/contents/{path}: {status} {model}"
        saved = next(c["source"] for c in model["content"]["cells"]
                     if c["metadata"].get("nbgrader", {}).get("grade_id") == TYPED)
        if saved.strip() == typed.strip() or time.monotonic() > deadline:
            return saved
        time.sleep(0.5)


def student_submits(chromium, deployment, student, typed, clock):
    """Log in, fetch TOPIC from the assignment list, answer (typing ``typed`` into TYPED), submit.
    Returns the page (logged in) and the user's server URL."""
    page = browser.new_page(chromium)
    user_url = browser.hub_login(page, deployment.url, student.name, student.password)
    clock.lap(f"{student.name}: log in (server spawned)")
    items = browser.open_assignment_list(page)
    assert not {"Formgrader", "Create assignment"} & set(items), f"{student.name}'s Nbgrader menu: {items}"
    browser.assignment_row(page, "released", TOPIC).wait_for(state="visible", timeout=60_000)
    browser.screenshot(page, SCREENSHOTS / "hub-assignment-list-released.png", whole_notebook=False)
    browser.click_assignment_button(page, "released", TOPIC, "Fetch", then="fetched")
    clock.lap(f"{student.name}: fetch from the assignment list")

    path = f"{TOPIC}/{TOPIC}.ipynb"
    fill_other_answers(page, user_url, path, TYPED)
    list_page = page
    page = page.context.new_page()  # the notebook in a second tab; the assignment list stays open
    page.set_default_timeout(30_000)
    panel = browser.open_lab_notebook(page, user_url, path, wait_kernel=False)
    nb = notebooks.read(paths.release_notebook(TOPIC))
    index = next(i for i, c in enumerate(nb.cells) if notebooks.grade_id(c) == TYPED)
    try:
        browser.type_into_cell(page, panel.locator(".jp-Notebook .jp-Cell").nth(index), typed)
        browser.save_notebook(page)
        saved = wait_for_saved_answer(page, user_url, path, typed)
    finally:
        browser.screenshot(page, SCREENSHOTS / f"hub-notebook-{student.name.split('-')[-1]}.png",
                           whole_notebook=False)
    assert saved.strip() == typed.strip(), (
        f"{student.name}: the typed {TYPED} did not reach the saved notebook within 30 s; saved:\n{saved}")
    page.close()
    clock.lap(f"{student.name}: answer (typed one cell, saved)")

    page = list_page
    browser.refresh_assignment_list(page)
    browser.assignment_row(page, "fetched", TOPIC).wait_for(state="visible", timeout=60_000)
    browser.click_assignment_button(page, "fetched", TOPIC, "Submit", then="submitted")
    clock.lap(f"{student.name}: submit from the assignment list")
    return page, user_url


def student_reads_feedback(page, user_url, student):
    """Fetch Feedback from the assignment list; return the score line of the fetched feedback page."""
    browser.refresh_assignment_list(page)  # the list is still open from the submission
    row = browser.assignment_row(page, "submitted", TOPIC)
    row.locator("button", has_text="Fetch Feedback").click()
    link = page.locator("#submitted_assignments_list a", has_text="view feedback").first
    link.wait_for(state="visible", timeout=60_000)
    status, listing = browser.lab_api(page, user_url, f"api/contents/{TOPIC}/feedback")
    assert status == 200, f"{student.name}: no feedback folder after Fetch Feedback: {status} {listing}"
    stamps = sorted(item["name"] for item in listing["content"] if item["type"] == "directory")
    feedback = page.context.new_page()
    response = feedback.goto(f"{user_url}files/{TOPIC}/feedback/{stamps[-1]}/{TOPIC}.html")
    assert response.status == 200, f"{student.name}: feedback page answered {response.status}"
    text = feedback.locator("body").inner_text()
    feedback.close()
    return text


def test_course_on_jupyterhub():
    if os.geteuid() != 0:
        pytest.skip("needs root: it creates Unix users and runs their servers as them (CI runs as root)")
    if not Path(browser.CHROMIUM).exists():
        pytest.skip(f"{browser.CHROMIUM} is missing (apt-get install -y chromium); ./course test installs it")
    from deploy import hub

    clock = Clock()
    installs = hub.install()
    clock.lap("one-time installs" + (f" ({', '.join(installs)})" if installs else " (all present)"))
    typed = answers()
    points = topic_points()
    tag = "h" + secrets.token_hex(3)
    names = {"teacher": f"{tag}-teacher", "ada": f"{tag}-ada", "bob": f"{tag}-bob"}
    deployment = None
    try:
        with hub.course_hub(names["teacher"], [names["ada"], names["bob"]], [TOPIC]) as deployment, \
                browser.browser() as chromium:
            clock.lap("deploy: users, PostgreSQL, configs, course, hub")
            teacher, ada, bob = deployment.instructor, *deployment.students
            uids = {user.uid for user in deployment.users}
            deployment.release(TOPIC)
            clock.lap("instructor: release through the exchange")

            pages = {ada.name: student_submits(chromium, deployment, ada, typed["right"], clock),
                     bob.name: student_submits(chromium, deployment, bob, typed["wrong"], clock)}

            collected = deployment.nbgrader("collect", TOPIC)
            for student in (ada, bob):
                submitted = deployment.course_root / "submitted" / student.name / TOPIC / f"{TOPIC}.ipynb"
                assert submitted.exists(), (f"nbgrader collect did not bring {student.name}'s submission:\n"
                                            f"{collected.stdout}{collected.stderr}")
            clock.lap("instructor: collect")
            graded = deployment.run_as(teacher, [hub.VENV / "bin" / "python", "-m", "autograder.commands.grade",
                                                 TOPIC, "--root", deployment.course_root], "grading",
                                       cwd=deployment.course_root, check=False)
            print(graded.stdout)
            assert graded.returncode == 0, f"grading failed:\n{graded.stdout}\n{graded.stderr}"
            clock.lap("instructor: grade (autograde + feedback + export, PostgreSQL)")
            deployment.nbgrader("release_feedback", TOPIC)
            clock.lap("instructor: release feedback")

            total = sum(points.values())
            expected = {ada.name: total, bob.name: total - points[TYPED]}
            with open(deployment.course_root / "grades.csv", newline="") as handle:
                rows = {row["student_id"]: row for row in csv.DictReader(handle) if row["assignment"] == TOPIC}
            found = {name: float(rows[name]["score"]) for name in expected if name in rows}
            assert found == expected, f"grades.csv: expected scores {expected}, found {found} in rows {rows}"
            assert "hidden.check" not in (deployment.course_root / "feedback" / bob.name / TOPIC
                                          / f"{TOPIC}.html").read_text(), "feedback shows hidden test code"

            for student in (ada, bob):
                page, user_url = pages[student.name]
                text = student_reads_feedback(page, user_url, student)
                score = re.search(r"Score:\s*([\d.]+)\s*/\s*([\d.]+)", text)
                assert score and float(score.group(1)) == expected[student.name] \
                    and float(score.group(2)) == total, (
                        f"{student.name}'s feedback page: expected Score: {expected[student.name]} / {total}; "
                        f"it reads {text[:600]!r}")
                if student is bob:
                    assert WRONG_FEEDBACK in text, f"bob's feedback does not say {WRONG_FEEDBACK!r}"
            browser.screenshot(pages[ada.name][0], SCREENSHOTS / "hub-assignment-list.png", whole_notebook=False)
            clock.lap("students: fetch feedback, read their scores")

            # The formgrader answers the instructor, and nobody else.
            teacher_page = browser.new_page(chromium)
            teacher_url = browser.hub_login(teacher_page, deployment.url, teacher.name, teacher.password)
            items = browser.lab_menu(teacher_page, "Nbgrader")
            assert "Formgrader" in items, f"the instructor's Nbgrader menu: {items}"
            response = teacher_page.goto(f"{teacher_url}formgrader")
            assert response.status == 200, f"the instructor's formgrader answered {response.status}"
            teacher_page.get_by_text(TOPIC).first.wait_for(state="visible", timeout=60_000)
            clock.lap("instructor: log in, formgrader lists the assignment (PostgreSQL)")

            page, ada_url = pages[ada.name]
            checks = {
                "ada opens bob's JupyterLab": f"{deployment.url}user/{bob.name}/lab",
                "ada lists bob's files (API)": f"{deployment.url}user/{bob.name}/api/contents/{TOPIC}",
                "ada opens the instructor's formgrader": f"{teacher_url}formgrader",
                "ada opens a formgrader on her own server": f"{ada_url}formgrader",
            }
            statuses = {what: page.request.get(url, max_redirects=10).status for what, url in checks.items()}
            assert all(status in (403, 404) for status in statuses.values()), (
                f"a student reached what she must not: {statuses}")
            inbound = deployment.exchange / deployment.course_id / "inbound"
            bob_submission = next(inbound.glob(f"{bob.name}+{TOPIC}+*"))
            attempts = {
                "rename the course's exchange folder": ("rename", str(deployment.exchange / deployment.course_id)),
                "rename bob's submission (name known)": ("rename", str(bob_submission)),
                "read bob's notebook": ("read", str(bob.home / TOPIC / f"{TOPIC}.ipynb")),
                "list bob's home": ("list", str(bob.home)),
                "list the exchange's submissions": ("list", str(inbound)),
                "read source/": ("read", str(deployment.course_root / "source" / TOPIC / f"{TOPIC}.ipynb")),
                "read grades.csv": ("read", str(deployment.course_root / "grades.csv")),
                "open the gradebook as the instructor": ("db", {"dbname": "gradebook", "user": teacher.name,
                                                                "host": deployment.db_url.split("host=")[1]}),
                "open the gradebook as herself": ("db", {"dbname": "gradebook", "user": ada.name,
                                                         "host": deployment.db_url.split("host=")[1]}),
            }
            denied = probe(deployment, ada, attempts)
            assert all(result != "allowed" for result in denied.values()), f"ada got in: {denied}"
            # The same probe works for the owners: the denials above are permissions, not broken paths.
            allowed = {**probe(deployment, bob, {"read bob's notebook": attempts["read bob's notebook"]}),
                       **probe(deployment, teacher, {k: attempts[k] for k in (
                           "list the exchange's submissions", "read source/", "read grades.csv",
                           "open the gradebook as the instructor")})}
            assert all(result == "allowed" for result in allowed.values()), f"the owners were refused: {allowed}"
            clock.lap("isolation checks")
            print("\nisolation: " + json.dumps({**statuses, **denied}, indent=1))
            by_name = probe(deployment, ada, {"read": ("list", str(bob_submission))})["read"]
            print(f"ada lists bob's submission folder given its exact name: {by_name} (nbgrader makes "
                  f"submissions world-readable; the name has a random suffix, {bob_submission.name}, and "
                  "inbound/ cannot be listed)")
    finally:
        if deployment is not None:
            clock.lap("tear down")
            print("\n" + clock.report("JupyterHub course, steps:"))
            print("deploy steps: " + ", ".join(f"{k} {v:.1f} s" for k, v in deployment.timings.items()))

    # Nothing is left behind.
    for name in names.values():
        with pytest.raises(KeyError):
            pwd.getpwnam(name)
    assert not deployment.state.exists(), f"{deployment.state} is still there"
    assert port_is_free(deployment.port), f"port {deployment.port} still answers"
    assert not hub.processes_of(uids), f"processes of the deleted users remain: {hub.processes_of(uids)}"
    assert not processes_mentioning(str(deployment.state)), "processes of the deployment (PostgreSQL?) remain"


def test_grading_uses_the_gradebook_of_the_course_config(tmp_path):
    """A deployment sets ``CourseDirectory.db_url`` in the course's config (deploy/hub.py appends
    it); the grading command then reads and writes that gradebook, not gradebook.db."""
    from autograder.commands.grade import gradebook_url
    from autograder.testing.classroom import make_course

    root = make_course(tmp_path / "course", [])
    assert gradebook_url(root) == f"sqlite:///{root.resolve() / 'gradebook.db'}?timeout=300"
    url = "postgresql+psycopg2://teacher@/gradebook?host=/run/course-db"
    config = root / "nbgrader_config.py"
    config.write_text(config.read_text() + f"\nc.CourseDirectory.db_url = {url!r}\n")
    assert gradebook_url(root) == url
