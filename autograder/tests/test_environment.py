"""environment.yml (conda) and the pip requirement files name the same packages and versions."""
import re

from autograder.engine import paths

# Test-only pip packages that environment.yml (what students create) leaves out on purpose: torch
# serves only the instructors' gold tests (autograder/tests/gold) and is several hundred MB.
NOT_FOR_STUDENTS = {"torch"}


def pip_pins():
    pins = {}
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (paths.ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line:
                package, version = line.split("==")
                pins[package.lower()] = version
    return pins


def conda_pins():
    pins = {}
    for line in (paths.ROOT / "environment.yml").read_text().splitlines():
        match = re.match(r"^\s+-\s+([A-Za-z0-9_.-]+)\s*==?\s*([0-9][^\s#]*)", line)
        if match and match.group(1) != "python":
            pins[match.group(1).lower()] = match.group(2)
    return pins


def test_conda_and_pip_agree():
    expected = {p: v for p, v in pip_pins().items() if p not in NOT_FOR_STUDENTS}
    assert conda_pins() == expected


def test_students_never_install_the_test_only_packages():
    student_pins = set(conda_pins())
    for line in (paths.ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            student_pins.add(line.split("==")[0].lower())
    assert not student_pins & NOT_FOR_STUDENTS, student_pins & NOT_FOR_STUDENTS
    assert NOT_FOR_STUDENTS <= set(pip_pins()), "the test-only packages must be pinned in requirements-dev.txt"


def test_everything_is_pinned():
    assert all(re.fullmatch(r"[0-9][0-9.]*", v) for v in pip_pins().values()), pip_pins()


def public_version(version):
    """The version without its local label: pip's ``torch==2.13.0`` installs the CPU build ``2.13.0+cpu``
    (PEP 440: a pin without a local label matches any local label)."""
    return version.split("+")[0]


def test_installed_versions_match_the_pins():
    from importlib.metadata import version

    mismatched = {p: (v, version(p)) for p, v in pip_pins().items() if public_version(version(p)) != v}
    assert not mismatched, f"installed versions differ from the pins (pinned, installed): {mismatched}"
