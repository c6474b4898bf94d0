"""The jail's matplotlib font list: built once, given read-only to every jailed process, which then
imports matplotlib without building its own; rebuilt if it disappears (a cleaned /tmp)."""
import subprocess
import sys

import pytest

from autograder.engine import jail

pytestmark = pytest.mark.skipif(jail.bwrap() is None, reason="bubblewrap is not available")

PROBE = """
import os
import matplotlib.font_manager as fm
folder = os.environ["MPLCONFIGDIR"]
lists = [os.path.join(folder, name) for name in os.listdir(folder) if name.startswith("fontlist")]
print(len(lists), os.access(lists[0], os.W_OK), len(fm.fontManager.ttflist) > 0)
"""


def jailed_matplotlib(tmp_path):
    result = subprocess.run(jail.wrap([sys.executable, "-c", PROBE], writable=[tmp_path], cwd=tmp_path),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.split(), result.stderr


def test_jailed_matplotlib_reads_the_shared_font_list_and_cannot_change_it(tmp_path):
    assert jail.font_list() is not None and jail.font_list().name.startswith("fontlist-")
    (lists, writable, fonts), stderr = jailed_matplotlib(tmp_path)
    assert (lists, writable, fonts) == ("1", "False", "True")
    assert "building the font cache" not in stderr, stderr


def test_a_font_list_removed_from_tmp_is_built_again(tmp_path):
    jail.font_list().unlink()
    (lists, writable, fonts), stderr = jailed_matplotlib(tmp_path)
    assert (lists, writable, fonts) == ("1", "False", "True")
    assert "building the font cache" not in stderr, stderr
    assert jail.font_list().exists()
