"""Where things are in the course directory (the repo root)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
RELEASE = ROOT / "release"
TOPICS = ROOT / "autograder" / "topics"


def topics():
    """Assignment names: the folders of source/ that hold a notebook of the same name."""
    return sorted(p.name for p in SOURCE.iterdir() if (p / f"{p.name}.ipynb").exists())


def topic_folders():
    """The topics with a grading folder, ``autograder/topics/<topic>/``."""
    return sorted(p.name for p in TOPICS.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def source_notebook(topic):
    return SOURCE / topic / f"{topic}.ipynb"


def release_notebook(topic):
    return RELEASE / topic / f"{topic}.ipynb"
