"""environment.yml (conda) and the pip requirement files name the same packages and versions."""
import re

from autograder.engine import paths


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
    assert conda_pins() == pip_pins()


def test_everything_is_pinned():
    assert all(re.fullmatch(r"[0-9][0-9.]*", v) for v in pip_pins().values()), pip_pins()


def test_installed_versions_match_the_pins():
    from importlib.metadata import version

    mismatched = {p: (v, version(p)) for p, v in pip_pins().items() if version(p) != v}
    assert not mismatched, f"installed versions differ from the pins (pinned, installed): {mismatched}"
