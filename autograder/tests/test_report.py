"""The report pages and text, on a hand-made class (no grading: test_pipeline.py checks the report
of a really graded class against the simulated students)."""
import re

from autograder.commands import report as reports


def small_class():
    forward = reports.FunctionResult(
        "dropout_forward", "test_dropout_forward", passed=["ann", "bob"], failed=["cid", "dan", "eve", "fay"],
        mistakes={"ignores_rng": ["fay"], "not_scaled": ["cid", "dan"]},
        examples={"not_scaled": ("A_drop equals A * D Hint: divide by keep_prob", "divide by keep_prob"),
                  "ignores_rng": ("a different mask Hint: use rng", "use rng")},
        untouched=["eve"])
    backward = reports.FunctionResult("dropout_backward", "test_dropout_backward",
                                      passed=["ann", "bob", "cid", "dan", "fay"], failed=["eve"],
                                      unrecognised=[("eve", "dropout_backward raised ValueError: <shapes>")])
    return reports.AssignmentReport(
        "04_dropout", ["ann", "bob", "cid", "dan", "eve", "fay", "gus"],
        {"ann": 8.0, "bob": 8.0, "cid": 6.0, "dan": 6.0, "eve": 0.0, "fay": 6.0}, 8.0, [forward, backward],
        {"gus": "04_dropout.ipynb is not valid JSON"}, {"bob": ["the kernel died in dropout_backward"]},
        {"dropout_forward": {"not_scaled": "the kept activations are not scaled up",
                             "ignores_rng": "the mask does not come from rng"}})


IDS = ["ann", "bob", "cid", "dan", "eve", "fay", "gus"]


def test_text_counts_mistakes_most_frequent_first_and_names_problems():
    text = reports.text_report(small_class(), path="reports/04_dropout.html")
    assert "7 submissions, 6 graded; mean score 71%" in text
    assert "pass rate: dropout_forward 33%, dropout_backward 83%" in text
    not_scaled = text.index("2 dropout_forward/not_scaled: the kept activations are not scaled up [cid, dan]")
    assert not_scaled < text.index("1 dropout_forward/ignores_rng")
    assert "1 stub left untouched [eve]" in text and '1 unrecognised [eve], e.g. "dropout_backward raised' in text
    assert "NOT GRADED gus: 04_dropout.ipynb is not valid JSON" in text
    assert "KERNEL bob: the kernel died in dropout_backward" in text
    assert "stubs most often left untouched: dropout_forward (1)" in text


def test_page_is_self_contained_and_hides_ids_on_request():
    page = reports.html_report(small_class())
    assert len(re.findall(r'src="data:image/png;base64,[A-Za-z0-9+/=]{1000,}"', page)) == 2
    assert not re.search(r"(src|href)=[\"']?(https?:|//)", page) and "<script" not in page
    assert "hide / show student ids" in page and all(name in page for name in IDS if name != "ann")  # ann passed
    assert "A_drop equals A * D" in page and "Hint: divide by keep_prob" in page
    hidden = reports.html_report(small_class(), hide_ids=True)
    assert not [name for name in IDS if re.search(rf"\b{name}\b", hidden)]
    text = reports.text_report(small_class(), hide_ids=True)
    assert not [name for name in IDS if re.search(rf"\b{name}\b", text)]


def test_course_report_gives_each_assignment_mean_and_spread():
    other = small_class()
    other.assignment, other.totals = "03_regularization", {"ann": 4.0, "bob": 8.0}
    text = reports.course_text([small_class(), other])
    lines = {line.split()[0]: line.split()[1:] for line in text.splitlines()[2:]}
    assert lines["ann"] == ["100%", "50%"] and lines["cid"] == ["75%", "-"]
    assert lines["mean"] == ["71%", "75%"] and lines["sd"] == ["34%", "25%"]
    page = reports.course_html([small_class(), other])
    assert "data:image/png;base64," in page and "<a href='03_regularization.html'>" in page
