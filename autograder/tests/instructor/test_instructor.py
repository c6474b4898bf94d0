"""The instructor's side of grading, on the class graded once in conftest.py: the summary table
(lateness, the reason a submission was not graded), a log that warns only about real problems,
feedback pages that name the functions and show no path of the grading machine, and manual grades
and comments (as the formgrader gives them) that survive regrading.
"""
import csv
import html
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from autograder.engine import notebooks, paths
from autograder.testing import classroom
from autograder.testing.graded_class import EDITED_TEST, TOPIC, ZIP_COLLECT_MARK, grade, readme_block

pytestmark = pytest.mark.xdist_group("instructor-class")

# What nbgrader and its libraries log for every submission although nothing is wrong.
EXPECTED_NOISE = ["Attribute 'checksum' for cell", "does not exist in the database",
                  "display_data_priority", "not in session"]


def test_summary_gives_lateness_and_why_a_submission_was_not_graded(graded_class):
    out = graded_class.output
    assert graded_class.run.returncode == 1, out + graded_class.run.stderr
    assert "misnamed NOT GRADED: no 04_dropout.ipynb in the folder, found 04_dropout-Copy1.ipynb" in out, out
    assert "corrupt_file NOT GRADED: 04_dropout.ipynb is not valid JSON" in out, out
    # 9 points, two days late, 10% a day started (the README's policy): a penalty of 1.8.
    assert re.search(r"late_student [0-9/ ]+ 9/9 LATE by 48:00:00, penalty 1\.8", out), out
    assert out.count("LATE by") == 1, out
    with open(graded_class.root / "grades.csv") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert rows["misnamed"]["score"] == "" and rows["misnamed"]["status"].startswith("not graded: no 04_dropout")
    assert float(rows["late_student"]["late_submission_penalty"]) == pytest.approx(1.8)
    assert float(rows["late_student"]["score"]) == pytest.approx(7.2)


def test_log_warns_about_real_problems_only(graded_class):
    log, stderr = graded_class.log, graded_class.run.stderr
    noise = [text for text in EXPECTED_NOISE if text in log or text in stderr]
    assert not noise, f"expected messages still logged: {noise}\n{log[-3000:]}\n{stderr[-2000:]}"
    warnings = [line for line in log.splitlines() if line.startswith(("[WARNING]", "[ERROR]", "[CRITICAL]"))]
    edited = [line for line in warnings if "was edited" in line]
    assert len(edited) == 1 and EDITED_TEST in edited[0], "\n".join(warnings)
    assert any("misnamed" in line and "No notebooks were matched" in line for line in warnings), warnings
    # The edited test cell was graded as written by the instructor: full marks, like the reference.
    assert re.search(r"edits_a_test [0-9/ ]+ 9/9", graded_class.output), graded_class.output


def page_text(page):
    """A feedback page's visible text, tags removed, spacing normalised."""
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def test_feedback_names_functions_and_shows_no_machine_path(graded_class):
    root = graded_class.root
    pages = {p.parts[-3]: p.read_text() for p in (root / "feedback").glob(f"*/{TOPIC}/{TOPIC}.html")}
    assert sorted(pages) == ["edits_a_test", "fwd_no_scaling", "late_student", "reference"]
    toc = page_text(pages["fwd_no_scaling"].split('<div id="toc">', 1)[1].split("</ol>", 1)[0])
    assert toc.startswith("dropout_forward — Score: 0.0 / 2.0 dropout_backward — Score: 1.0 / 1.0"), toc
    assert "Test cell" not in toc
    utils_home = Path(importlib.util.find_spec("utils").origin).parents[1]  # the venv may link another checkout
    machine = {str(root), str(paths.ROOT), sys.prefix, str(Path.home()), str(utils_home)}
    machine = {m for folder in machine for m in (folder, os.path.realpath(folder)) if len(m) > 1}
    for student, page in pages.items():
        shown = [m for m in machine if m in page] + re.findall(r"File (?:\x1b\[[0-9;]*m)?/\S+", page_text(page))
        assert not shown, f"{student}'s feedback shows {shown}"
        assert "cdnjs" not in page and 'id="course-mathjax"' in page, f"{student}'s page would fetch MathJax"
    text = page_text(pages["fwd_no_scaling"])
    assert "utils/checks.py" in text and "Hint" in text, "the failed check's traceback and hint"


def test_manual_grade_and_comment_survive_regrading(graded_class, tmp_path):
    """The formgrader's API writes manual_score and manual_comment to the gradebook; a regrade (a
    resubmission graded incrementally, then --force) keeps both and flags the cell for review.
    --force is limited to this student (--student): every submission --force regrades goes through
    the same autograde, and grading the whole class again would cost a minute or two."""
    root = tmp_path / "course"
    shutil.copytree(graded_class.root, root)
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        gradebook.find_grade("test_dropout_forward", TOPIC, TOPIC, "fwd_no_scaling").manual_score = 1.5
        gradebook.find_comment("dropout_forward", TOPIC, TOPIC, "fwd_no_scaling").manual_comment = \
            "Divide by keep_prob: see the lesson's inverted dropout."
        gradebook.db.commit()

    submitted = root / "submitted" / "fwd_no_scaling" / TOPIC / f"{TOPIC}.ipynb"
    nb = notebooks.read(submitted)
    nb.cells[0].source += "\n"  # a resubmission: new bytes, the same answers
    notebooks.write(nb, submitted)
    for extra in ((), ("--force", "--student", "fwd_no_scaling")):
        run = grade(root, *extra)
        assert run.returncode == (0 if extra else 1), run.stdout + run.stderr  # misnamed, corrupt_file
        assert "fwd_no_scaling graded" in run.stdout, run.stdout
        assert "reference graded" not in run.stdout, run.stdout  # incremental: only what changed
        with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
            cell = gradebook.find_grade("test_dropout_forward", TOPIC, TOPIC, "fwd_no_scaling")
            comment = gradebook.find_comment("dropout_forward", TOPIC, TOPIC, "fwd_no_scaling")
            assert (cell.auto_score, cell.manual_score, cell.score) == (0.0, 1.5, 1.5), extra
            assert cell.needs_manual_grade, "a regraded cell with a manual score is flagged for review"
            assert comment.manual_comment.startswith("Divide by keep_prob"), extra
        assert re.search(r"fwd_no_scaling 1\.5/2 [0-9/ ]+ 8\.5/9", " ".join(run.stdout.split())), run.stdout
        with open(root / "grades.csv") as handle:
            row = next(r for r in csv.DictReader(handle) if r["student_id"] == "fwd_no_scaling")
        assert float(row["score"]) == 8.5, row
        page = (root / "feedback" / "fwd_no_scaling" / TOPIC / f"{TOPIC}.html").read_text()
        assert "Divide by keep_prob" in page and "dropout_forward — Score: 1.5 / 2.0" in page_text(page)


def test_readme_zip_collect_puts_an_lms_download_where_grading_looks(tmp_path):
    """The README's zip_collect commands, run as written on a Canvas-style download."""
    root = classroom.make_course(tmp_path / "course", [TOPIC])
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    notebook = paths.release_notebook(TOPIC).read_bytes()
    names = ["doejane_12345_678901_04_dropout.ipynb", "smithbob_LATE_23456_789012_04_dropout.ipynb",
             "leeann_34567_890123_04_dropout-1.ipynb"]
    with zipfile.ZipFile(downloads / "submissions.zip", "w") as archive:
        for name in names:
            archive.writestr(name, notebook)
    script = readme_block(ZIP_COLLECT_MARK, "bash").replace("~/Downloads", str(downloads))
    run = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=root, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    collected = sorted(str(p.relative_to(root / "submitted")) for p in (root / "submitted").rglob("*.ipynb"))
    assert collected == ["doejane/04_dropout/04_dropout.ipynb", "leeann/04_dropout/04_dropout-1.ipynb",
                         "smithbob/04_dropout/04_dropout.ipynb"], collected + [run.stderr[-2000:]]
