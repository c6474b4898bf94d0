"""CheckCellMetadataCompiled accepts and refuses exactly what nbgrader's CheckCellMetadata does."""
import copy

import pytest
from nbgrader.nbgraderformat import ValidationError
from nbgrader.preprocessors import CheckCellMetadata

from autograder.engine import notebooks, paths
from autograder.engine.preprocessors import CheckCellMetadataCompiled


def released():
    return notebooks.read(paths.release_notebook("04_dropout"))


def graded_meta(nb):
    return next(c for c in nb.cells if notebooks.is_test(c)).metadata["nbgrader"]


def points_as_text(nb):
    graded_meta(nb)["points"] = "three"


def unknown_key_type(nb):
    graded_meta(nb)["locked"] = "yes"


def no_grade_id(nb):
    del graded_meta(nb)["grade_id"]


def duplicate_ids(nb):
    tests = [c for c in nb.cells if notebooks.is_test(c)]
    tests[1].metadata["nbgrader"]["grade_id"] = tests[0].metadata["nbgrader"]["grade_id"]


def too_old(nb):
    graded_meta(nb)["schema_version"] = 1


def too_new(nb):
    graded_meta(nb)["schema_version"] = 4


def no_points(nb):
    del graded_meta(nb)["points"]


def outcome(preprocessor, nb):
    try:
        preprocessor.preprocess(copy.deepcopy(nb), {})
    except ValidationError as error:
        return ("refused", str(error))
    except Exception as error:  # noqa: BLE001 - any other error must be the same too
        return (type(error).__name__, str(error))
    return ("accepted", "")


@pytest.mark.parametrize("change", [None, points_as_text, unknown_key_type, no_grade_id, duplicate_ids, too_old,
                                    too_new, no_points])
def test_same_verdict_as_nbgraders_check(change):
    nb = released()
    if change is not None:
        change(nb)
    ours, theirs = outcome(CheckCellMetadataCompiled(), nb), outcome(CheckCellMetadata(), nb)
    assert ours == theirs
    assert (ours[0] == "accepted") == (change is None), ours
