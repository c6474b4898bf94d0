"""Feedback pages show no path of the grading machine: the rewriting of outputs' paths."""
from autograder.engine.feedback import machine_prefixes, without_machine_paths

PREFIXES = machine_prefixes("/srv/course")


def test_paths_under_the_course_become_relative():
    assert without_machine_paths("File /srv/course/utils/checks.py:56, in fail", PREFIXES) == \
        "File utils/checks.py:56, in fail"
    assert without_machine_paths("/srv/course/autograded/jdoe/04_dropout/x.png", PREFIXES) == \
        "autograded/jdoe/04_dropout/x.png"


def test_a_course_folder_found_elsewhere_loses_its_lead_even_after_a_colour_code():
    coloured = "File \x1b[0;32m/home/someone/checkout/utils/checks.py\x1b[0m:56"
    assert without_machine_paths(coloured, PREFIXES) == "File \x1b[0;32mutils/checks.py\x1b[0m:56"
    assert without_machine_paths("(/opt/x/utils/a.py)", PREFIXES) == "(utils/a.py)"


def test_what_is_not_a_machine_path_stays():
    for text in ("see ./utils/a.py and src/a/utils/c", "http://host/a/utils/x", "A / keep_prob"):
        assert without_machine_paths(text, PREFIXES) == text
