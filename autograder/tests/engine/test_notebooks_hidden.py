"""Hidden regions follow nbgrader's rules: every region, and malformed ones are rejected."""
import pytest

from autograder.commands.release import check_hidden_regions
from autograder.engine import notebooks

TWO_REGIONS = """check_close("a", 1, 1)
### BEGIN HIDDEN TESTS
from autograder.engine import hidden
hidden.check("f", globals())
### END HIDDEN TESTS
print("between")
### BEGIN HIDDEN TESTS
hidden.check("g", globals())
### END HIDDEN TESTS
"""


def test_every_region_is_stripped_and_named():
    assert notebooks.strip_hidden(TWO_REGIONS) == 'check_close("a", 1, 1)\nprint("between")\n'
    assert notebooks.hidden_check_names(TWO_REGIONS) == ["f", "g"]


@pytest.mark.parametrize("source,problem", [
    ("x = 1\n### BEGIN HIDDEN TESTS\nhidden.check('f', globals())\n", "without a matching END"),
    ("### BEGIN HIDDEN TESTS\n### BEGIN HIDDEN TESTS\n### END HIDDEN TESTS\n", "inside another"),
    ("x = 1\n### END HIDDEN TESTS\n", "without a BEGIN"),
])
def test_malformed_regions_are_rejected(source, problem):
    with pytest.raises(notebooks.MalformedHiddenRegion, match=problem):
        notebooks.strip_hidden(source)


def test_release_rejects_a_malformed_region(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "x = 1\n### BEGIN HIDDEN TESTS\nhidden.check('f', globals())\n",
        metadata={"nbgrader": {"grade": True, "grade_id": "test_f", "points": 1, "solution": False,
                               "locked": True, "schema_version": 3}})])
    path = tmp_path / "t.ipynb"
    nbformat.write(nb, str(path))
    with pytest.raises(notebooks.MalformedHiddenRegion, match="cell test_f: line 2: BEGIN HIDDEN TESTS without"):
        check_hidden_regions(path)
