"""Where things are in the course directory (the repo root)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source"
RELEASE = ROOT / "release"


def topics():
    """Assignment names: the folders of source/ that hold a notebook of the same name."""
    return sorted(p.name for p in SOURCE.iterdir() if (p / f"{p.name}.ipynb").exists())


def source_notebook(topic):
    return SOURCE / topic / f"{topic}.ipynb"


def release_notebook(topic):
    return RELEASE / topic / f"{topic}.ipynb"
