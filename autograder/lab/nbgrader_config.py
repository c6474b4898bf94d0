"""nbgrader settings for ``./course lab`` on a machine with no nbgrader exchange set up (a laptop).

nbgrader's Assignments and Courses panels read the exchange folder, by default
/usr/local/share/nbgrader/exchange; where it does not exist, every look logs a critical
"Unwritable directory, please contact your instructor". Here the exchange is a folder of the
course, build/exchange: the panels work (and stay empty until you release into it). ``./course lab``
adds this folder to JUPYTER_CONFIG_PATH only when no system-wide nbgrader config or exchange exists;
a JupyterHub sets up its own exchange (deploy/README.md) and never reads this file.
"""
from pathlib import Path

c = get_config()  # noqa: F821 - provided by traitlets when it loads this file

EXCHANGE = Path(__file__).resolve().parents[2] / "build" / "exchange"
EXCHANGE.mkdir(parents=True, exist_ok=True)
c.Exchange.root = str(EXCHANGE)
