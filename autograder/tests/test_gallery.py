"""The gallery in the README is what ``./course gallery`` makes of the committed pictures, for every topic."""
from autograder.commands import gallery
from autograder.engine import notebooks, paths
from autograder.testing.lab_notebooks import slider_cells

MAX_BYTES = 150 * 1024  # "small PNGs": about 70 KB for a first screen, 10 to 40 KB for a slider


def test_every_topic_has_its_pictures_and_they_are_small():
    pictures = gallery.gallery_pictures()
    missing = [t for t in paths.topics() if t not in pictures]
    assert not missing, f"no gallery picture for {missing}: run ./course gallery {' '.join(missing)}"
    for topic, shots in pictures.items():
        sliders = len(slider_cells(notebooks.read(paths.release_notebook(topic))))
        assert len(shots) == 1 + sliders, f"{topic}: {len(shots) - 1} slider pictures for {sliders} sliders"
        large = [f"{p.name}: {p.stat().st_size} bytes" for p in shots if p.stat().st_size > MAX_BYTES]
        assert not large, f"gallery pictures over {MAX_BYTES} bytes: {large}"


def test_the_readme_shows_the_gallery():
    section = gallery.readme_section(gallery.gallery_pictures())
    assert section in gallery.README.read_text(), "the README's gallery section is stale: run ./course gallery"
