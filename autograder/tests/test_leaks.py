"""Nothing from a solution region or from autograder/ reaches what students get."""
import ast
import re
from pathlib import Path

import pytest

from autograder import notebooks, paths

STUDENT_FACING = [paths.ROOT / "release", paths.ROOT / "utils", paths.ROOT / "notebooks"]


def student_files():
    return sorted(p for d in STUDENT_FACING for p in d.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def normalized_lines(text):
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


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


def autograder_signatures():
    """Names of the functions defined in autograder/ checks (hidden helpers)."""
    names = set()
    for path in (paths.ROOT / "autograder" / "checks").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name.startswith(("_", "check_")):
                names.add(node.name)
    return names - {"check_close", "check_shape", "check_true", "check_type", "check_equal", "check_not_mutated"}


@pytest.mark.parametrize("path", student_files(), ids=lambda p: str(p.relative_to(paths.ROOT)))
def test_no_solution_or_hidden_code_in_student_files(path):
    text = path.read_text(errors="replace")
    if path.suffix == ".ipynb":
        text = "\n".join(c.source for c in notebooks.read(path).cells)
    lines = normalized_lines(text)
    leaked = [pair for pair in zip(lines, lines[1:]) if pair in solution_pairs()]
    assert not leaked, f"{path} contains solution lines: {leaked[:3]}"
    for marker in ["BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "hidden.check(", "from autograder", "import autograder"]:
        assert marker not in text, f"{path} contains {marker!r}"
    hidden_names = [name for name in autograder_signatures()
                    if re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}\(", text)]
    assert not hidden_names, f"{path} mentions hidden helpers {hidden_names}"


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


def test_the_leak_check_catches_a_copied_solution():
    first, second = sorted(solution_pairs())[0]
    lines = normalized_lines(f"x = 1\n    {first}\n{second}\n")
    assert (first, second) in set(zip(lines, lines[1:])) & solution_pairs()
