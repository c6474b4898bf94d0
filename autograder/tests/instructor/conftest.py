"""The class of the instructor's tests, graded once (autograder/testing/graded_class.py).

test_instructor.py and test_feedback_browser.py share it: both are in the xdist group
"instructor-class", so one worker grades it, once.
"""
import pytest

from autograder.testing.graded_class import grade_the_class


@pytest.fixture(scope="session")
def graded_class(tmp_path_factory):
    return grade_the_class(tmp_path_factory.mktemp("instructor"))
