"""release/ is exactly what nbgrader generates from source/ (regenerate with ./course release)."""
import json

import pytest

from autograder.commands.release import generate
from autograder.engine import paths


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("release")
    generate(paths.topics(), scratch / "release", f"sqlite:///{scratch}/gradebook.db")
    return scratch / "release"


@pytest.mark.parametrize("topic", paths.topics())
def test_release_is_in_sync_with_source(regenerated, topic):
    committed = sorted(p.relative_to(paths.RELEASE / topic) for p in (paths.RELEASE / topic).rglob("*")
                       if p.is_file())
    fresh = sorted(p.relative_to(regenerated / topic) for p in (regenerated / topic).rglob("*") if p.is_file())
    assert committed == fresh, f"release/{topic} files differ from nbgrader's: {committed} vs {fresh}"
    for relative in fresh:
        want = (regenerated / topic / relative).read_bytes()
        have = (paths.RELEASE / topic / relative).read_bytes()
        assert have == want, f"release/{topic}/{relative} is stale: run ./course release {topic}"


def test_every_topic_is_released():
    released = sorted(p.name for p in paths.RELEASE.iterdir() if p.is_dir())
    assert released == paths.topics()


@pytest.mark.parametrize("topic", paths.topics())
def test_release_notebook_is_valid_json_without_outputs(topic):
    nb = json.loads(paths.release_notebook(topic).read_text())
    assert all(not c.get("outputs") for c in nb["cells"])
