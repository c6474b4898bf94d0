"""Generate student versions with nbgrader: ``./course release [topic ...]``.

``release/`` is committed and must always equal what ``nbgrader generate_assignment`` makes from
``source/``; ``autograder/tests/test_release.py`` regenerates it into a temporary folder and
compares.
"""
import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..engine import notebooks, paths


def check_hidden_regions(path):
    """Raise ``MalformedHiddenRegion`` naming the cell whose hidden-tests markers do not pair up."""
    for index, cell in enumerate(notebooks.read(path).cells):
        try:
            notebooks.hidden_regions(cell.source)
        except notebooks.MalformedHiddenRegion as error:
            label = notebooks.grade_id(cell) or f"#{index}"
            raise notebooks.MalformedHiddenRegion(f"{path}, cell {label}: {error}") from None


def generate(topics, release_dir, db_url, root=paths.ROOT):
    """Run ``nbgrader generate_assignment`` for ``topics`` of course ``root`` into ``release_dir``."""
    for topic in topics:
        check_hidden_regions(Path(root) / "source" / topic / f"{topic}.ipynb")
        command = ["nbgrader", "generate_assignment", topic, "--force", "--log-level=WARN",
                   f"--CourseDirectory.release_directory={release_dir}",
                   f"--CourseDirectory.db_url={db_url}"]
        result = subprocess.run(command, cwd=root, capture_output=True, text=True)
        if result.returncode != 0 or not (Path(release_dir) / topic / f"{topic}.ipynb").exists():
            raise RuntimeError(f"nbgrader generate_assignment {topic} failed:\n{result.stdout}{result.stderr}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topics", nargs="*", help="default: every topic in source/")
    args = parser.parse_args(argv)
    topics = args.topics or paths.topics()
    with tempfile.TemporaryDirectory() as scratch:
        # A scratch gradebook: releasing must not depend on, or change, the class's gradebook.
        generate(topics, Path(scratch) / "release", f"sqlite:///{scratch}/gradebook.db")
        for topic in topics:
            target = paths.RELEASE / topic
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(Path(scratch) / "release" / topic, target)
            print(f"release/{topic}: regenerated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
