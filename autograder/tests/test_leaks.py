"""Nothing from a solution region or from autograder/ reaches what students get."""
import ast
import functools
import re
from pathlib import Path

import pytest

from autograder.engine import notebooks, paths

STUDENT_FACING = [paths.ROOT / "release", paths.ROOT / "utils", paths.ROOT / "notebooks"]


def student_files():
    return sorted(p for d in STUDENT_FACING for p in d.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def normalized_lines(text):
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


@functools.cache
def solution_pairs():
    """Every two consecutive non-trivial lines written between the solution markers.

    Pairs, not single lines: a generic line (``for l in range(1, L):``) may appear anywhere; two
    solution lines in a row are the solution."""
    pairs = set()
    for topic in paths.topics():
        for cell in notebooks.read(paths.source_notebook(topic)).cells:
            inside, block = False, []
            for line in normalized_lines(cell.source):
                if line == "### BEGIN SOLUTION":
                    inside, block = True, []
                elif line == "### END SOLUTION":
                    inside = False
                    pairs |= set(zip(block, block[1:]))
                elif inside and not line.startswith("#"):
                    block.append(line)
    return pairs


@functools.cache
def autograder_signatures():
    """Names of the functions defined in the topics' hidden checks (hidden helpers)."""
    names = set()
    for path in paths.TOPICS.glob("*/checks.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name.startswith(("_", "check_")):
                names.add(node.name)
    import utils.checks

    return names - set(dir(utils.checks))


def leaks(path):
    """What ``path`` reveals: solution line pairs, hidden-test markers, hidden helpers' names."""
    text = path.read_text(errors="replace")
    if path.suffix == ".ipynb":
        text = "\n".join(c.source for c in notebooks.read(path).cells)
    lines = normalized_lines(text)
    found = [f"solution lines {pair}" for pair in zip(lines, lines[1:]) if pair in solution_pairs()]
    found += [f"the marker {marker!r}" for marker in
              ["BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "hidden.check(", "from autograder", "import autograder"]
              if marker in text]
    found += [f"the hidden helper {name}" for name in sorted(autograder_signatures())
              if re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}\(", text)]
    return found


@pytest.mark.parametrize("path", student_files(), ids=lambda p: str(p.relative_to(paths.ROOT)))
def test_no_solution_or_hidden_code_in_student_files(path):
    found = leaks(path)
    assert not found, f"{path} contains {found[:3]}"


def test_the_installed_package_is_utils_only():
    import tomllib

    config = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())
    assert config["tool"]["setuptools"]["packages"] == ["utils"]


def test_source_folders_hold_only_the_notebook():
    """nbgrader copies every file of source/<topic>/ into the release."""
    for topic in paths.topics():
        files = [p.name for p in (paths.SOURCE / topic).iterdir() if p.name != ".ipynb_checkpoints"]
        assert files == [f"{topic}.ipynb"], f"source/{topic} holds {files}"


def test_utils_defines_no_graded_function():
    graded = set()
    for topic in paths.topics():
        graded |= {notebooks.grade_id(c) for c in notebooks.read(paths.source_notebook(topic)).cells
                   if notebooks.is_answer(c)}
    defined = set()
    for path in Path(paths.ROOT / "utils").rglob("*.py"):
        defined |= {n.name for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.FunctionDef)}
    assert not graded & defined, f"utils defines graded functions {sorted(graded & defined)}"


def test_the_leak_check_catches_a_copied_solution(tmp_path):
    """Plant a solution (re-indented), a hidden region and a hidden helper's call in a student file."""
    first, second = sorted(solution_pairs())[0]
    helper = sorted(autograder_signatures())[0]
    planted = tmp_path / "planted.py"
    planted.write_text(f"x = 1\nif x:\n        {first}\n        {second}\n")
    assert leaks(planted) == [f"solution lines {(first, second)}"]
    planted.write_text(f"from autograder.engine import hidden\ny = {helper}(1)\n")
    assert leaks(planted) == ["the marker 'from autograder'", f"the hidden helper {helper}"]
    assert leaks(paths.source_notebook(paths.topics()[0])), "the source notebook holds solutions"
