"""The instructor's side in a real browser: nbgrader's JupyterLab extensions on a throw-away course,
served as ``./course lab`` serves the course (its options, the formgrader guard, the course on
PYTHONPATH), in Debian's chromium.

- the extensions load: the Nbgrader menu opens the formgrader, the course list and Create Assignment;
- a notebook opened from source/ shows its nbgrader cell metadata in Create Assignment;
- the formgrader lists the course's assignment; generating it and autograding one submission from
  the formgrader uses the course's preprocessors: a submission whose visible checks pass but whose
  hidden check fails loses exactly that function, with the same scores as ``./course grade``;
- with a broken nbgrader_config.py, the formgrader refuses to autograde and says why, instead of
  grading with nbgrader's defaults.

Screenshots go to build/screenshots/instructor/.
"""
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.commands.grade import scores
from autograder.commands.lab import lab_arguments
from autograder.engine import notebooks, paths
from autograder.testing import browser, classroom
from autograder.testing.students import load_class
from autograder.testing.visible import visible_failures

pytestmark = pytest.mark.xdist_group("formgrader")  # one server for the module, on one worker

TOPIC = "01_data_splits"  # a quick notebook to autograde
STUDENT = "sizes_rounded"  # passes every visible check of split_sizes, fails its hidden check
COURSE_ID = "improving-deep-neural-networks"
SCREENSHOTS = paths.ROOT / "build" / "screenshots" / "instructor"
FORMGRADER = "#formgrader-iframe iframe"
ACTION_TIMEOUT = 180_000  # ms: generating an assignment or autograding a submission


def simulated(name):
    return next(s for s in load_class(TOPIC) if s.name == name)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A throw-away course with one submission, and JupyterLab serving it as ``./course lab`` does."""
    if not Path(browser.CHROMIUM).exists():
        pytest.skip(f"{browser.CHROMIUM} is missing (apt-get install -y chromium)")
    root = classroom.make_course(tmp_path_factory.mktemp("formgrader") / "course", [TOPIC])
    student = simulated(STUDENT)
    release_nb, source_nb = notebooks.read(paths.release_notebook(TOPIC)), notebooks.read(paths.source_notebook(TOPIC))
    submission = student.notebook(release_nb, source_nb)
    classroom.submit(root, TOPIC, STUDENT, submission)
    with browser.jupyter_lab(root, arguments=lab_arguments(), env_extra={"PYTHONPATH": str(root)}) as server, \
            browser.browser() as chromium:
        yield root, server, chromium, submission


def open_menu_item(page, menu, command):
    page.locator(".lm-MenuBar-item", has_text=menu).click()
    item = page.locator(f"li[data-command='{command}']")
    item.wait_for(state="visible")
    item.click()


def modal_text(page, frame, shot, timeout=ACTION_TIMEOUT):
    """Text of the formgrader's success or error dialog, once it shows (a screenshot to ``shot``); then close it."""
    modal = frame.locator("#success-modal, #error-modal").first
    modal.wait_for(state="visible", timeout=timeout)
    page.wait_for_timeout(500)  # the dialog fades in
    browser.screenshot(page, SCREENSHOTS / shot, whole_notebook=False)
    text = modal.inner_text()
    modal.locator("button[data-dismiss='modal']").first.click()
    modal.wait_for(state="detached")
    return text


def formgrader_frame(page):
    """Open the formgrader from the Nbgrader menu; return its iframe (a frame locator)."""
    open_menu_item(page, "Nbgrader", "nbgrader:open-formgrader")
    frame = page.frame_locator(FORMGRADER)
    frame.locator("body").wait_for(state="visible")
    return frame


# In the page: each cell's nbgrader fields as the Create Assignment panel shows them.
CELL_FIELDS_JS = """(panel) => [...panel.querySelectorAll('.nbgrader-CellWidget')].map(w => ({
  type: w.querySelector('.nbgrader-CellType select').value,
  id: w.querySelector('.nbgrader-CellId input').value,
  points: w.querySelector('.nbgrader-CellPoints input').value}))"""


def expected_fields(cell):
    """A cell's nbgrader fields as Create Assignment shows them: type (its select's value), id, points."""
    meta = notebooks.nbgrader(cell)
    solution, grade = meta.get("solution", False), meta.get("grade", False)
    kind = ("manual" if solution and grade else "solution" if solution else "tests" if grade
            else "task" if meta.get("task") else "readonly" if meta.get("locked") else "")
    return {"type": kind, "id": meta.get("grade_id", "") if kind else "",
            "points": float(meta.get("points", 0)) if kind in ("manual", "tests", "task") else None}


def as_shown(fields):
    """Fields read from the panel, comparable with expected_fields (points only where a cell has any)."""
    graded = fields["type"] in ("manual", "tests", "task")
    return {**fields, "points": float(fields["points"]) if graded else None}


def test_extensions_load_and_source_notebook_shows_its_metadata(course):
    """The Nbgrader menu opens the course list (it names the course) and Create Assignment, where
    every cell of a notebook opened from source/ shows its nbgrader type, id and points."""
    root, server, chromium, _ = course
    source_nb = notebooks.read(root / "source" / TOPIC / f"{TOPIC}.ipynb")
    page = browser.new_page(chromium)
    browser.open_notebook(page, server, f"source/{TOPIC}/{TOPIC}.ipynb")
    open_menu_item(page, "Nbgrader", "nbgrader:open-create-assignment")
    panel = page.locator(".nbgrader-CreateAssignmentWidget")
    panel.locator(".nbgrader-CellWidget").first.wait_for(state="visible")
    browser.screenshot(page, SCREENSHOTS / "create-assignment.png", whole_notebook=False)
    shown = [as_shown(fields) for fields in panel.evaluate(CELL_FIELDS_JS)]
    expected = [expected_fields(cell) for cell in source_nb.cells]
    assert len(shown) == len(expected), f"Create Assignment shows {len(shown)} cells; the notebook has {len(expected)}"
    wrong = [(i, s, e) for i, (s, e) in enumerate(zip(shown, expected)) if s != e]
    assert not wrong, f"Create Assignment shows (cell, shown, in the notebook's metadata): {wrong[:5]}"
    assert any(f["type"] == "solution" for f in shown) and any(f["type"] == "tests" for f in shown)

    open_menu_item(page, "Nbgrader", "nbgrader:open-course-list")
    course_list = page.locator("#nbgrader-course-list")
    course_list.get_by_text(COURSE_ID).wait_for(state="visible")
    browser.screenshot(page, SCREENSHOTS / "course-list.png", whole_notebook=False)
    assert not page.errors, f"JavaScript errors in the page: {page.errors}"
    page.close()
    browser.shutdown_kernels(server, f"source/{TOPIC}/{TOPIC}.ipynb")


def submissions_row(page):
    """Formgrader > Manage Assignments > the assignment's submissions: (frame, STUDENT's row)."""
    frame = formgrader_frame(page)
    frame.locator("#main-table tr", has_text=TOPIC).locator(".num-submissions a").click()
    row = frame.locator("#main-table tr", has_text=STUDENT)
    row.wait_for(state="visible")
    return frame, row


def autograde(page, frame, row, shot):
    """Click the row's autograde button; the text of the dialog that answers."""
    row.locator(".autograde a").click()
    return modal_text(page, frame, shot)


def test_formgrader_grades_with_the_hidden_checks(course, tmp_path):
    """The formgrader lists the assignment, generates it and autogrades the submission: the hidden
    check of ``error_rate`` fails although its visible checks pass; the scores equal ./course grade's."""
    root, server, chromium, submission = course
    source_nb = notebooks.read(paths.source_notebook(TOPIC))
    assert visible_failures(submission, source_nb) == {}, "the submission must pass every visible check"
    start = time.monotonic()
    # ./course grade on a second copy of the course, meanwhile: the same submission, the terminal's way.
    second = classroom.make_course(tmp_path / "course", [TOPIC])
    classroom.submit(second, TOPIC, STUDENT, submission)
    grading = subprocess.Popen([sys.executable, "-m", "autograder.commands.grade", "--root", str(second), "-j", "1",
                                TOPIC], cwd=paths.ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    page = browser.new_page(chromium)
    browser.open_notebook(page, server, f"source/{TOPIC}/{TOPIC}.ipynb")
    frame = formgrader_frame(page)
    row = frame.locator("#main-table tr", has_text=TOPIC)
    row.wait_for(state="visible")  # the formgrader lists the course's assignment
    row.locator(".assign a").click()
    text = modal_text(page, frame, "formgrader-generated.png")
    assert "Successfully created the student version" in text, text
    generated = time.monotonic()
    text = autograde(page, *submissions_row(page), "formgrader-autograded.png")
    assert "Successfully autograded" in text, text
    autograded = time.monotonic()
    page.close()

    from_formgrader = scores(root, TOPIC, [STUDENT])[STUDENT]
    lost = {cell for cell, (score, _) in from_formgrader.items() if score == 0}
    assert lost == {"test_split_sizes"}, f"autograded from the formgrader: scores {from_formgrader}"
    graded = notebooks.read(root / "autograded" / STUDENT / TOPIC / f"{TOPIC}.ipynb")
    test_cell = next(c for c in graded.cells if notebooks.grade_id(c) == "test_split_sizes")
    outputs = " ".join(str(o.get("text", "")) + str(o.get("evalue", "")) for o in test_cell.outputs)
    assert "Visible checks passed." in outputs and any(o.output_type == "error" for o in test_cell.outputs), (
        f"test_split_sizes should show the visible checks passing, then the hidden check failing: {outputs}")

    output, _ = grading.communicate(timeout=600)
    assert grading.returncode == 0, output
    assert scores(second, TOPIC, [STUDENT])[STUDENT] == from_formgrader
    print(f"\nformgrader: generate {generated - start:.1f} s, autograde {autograded - generated:.1f} s; "
          f"then waited {time.monotonic() - autograded:.1f} s for ./course grade")


def test_formgrader_refuses_a_broken_config(course):
    """With nbgrader_config.py raising, autograding from the formgrader fails and says why; nothing is graded."""
    root, server, chromium, _ = course
    config = root / "nbgrader_config.py"
    good = config.read_text()
    graded = root / "autograded" / STUDENT / TOPIC / f"{TOPIC}.ipynb"
    before = graded.stat().st_mtime_ns if graded.exists() else None
    page = browser.new_page(chromium)
    browser.open_notebook(page, server, f"source/{TOPIC}/{TOPIC}.ipynb")
    frame, row = submissions_row(page)
    config.write_text(good + "\nraise RuntimeError('a typo in the config')\n")
    try:
        text = autograde(page, frame, row, "formgrader-broken-config.png")
        frame.get_by_role("link", name="Manage Assignments").first.click()  # a page of the formgrader
        frame.get_by_text("refuses to act").first.wait_for(state="visible")
        page_text = frame.locator("body").inner_text()
        browser.screenshot(page, SCREENSHOTS / "formgrader-broken-config-page.png", whole_notebook=False)
    finally:
        config.write_text(good)
        page.close()
    assert "There was an error autograding" in text, text
    assert "failed to load" in text and "a typo in the config" in text, text
    assert (graded.stat().st_mtime_ns if graded.exists() else None) == before, "a broken config must grade nothing"
    assert "503" in page_text and "a typo in the config" in page_text, page_text
    assert "refuses to act" in server.log_tail(20_000)
