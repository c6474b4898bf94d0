"""JupyterHub for one course: an instructor and students as Unix users (PAM), one JupyterLab server
per user started as that user (LocalProcessSpawner), nbgrader's exchange in a shared folder.

deploy/hub.py writes the settings of one deployment (ports, users, folders) as JSON and starts
``jupyterhub -f deploy/jupyterhub_config.py`` with ``COURSE_HUB_SETTINGS`` naming that file.

What each role gets comes from ``JUPYTER_CONFIG_PATH``, a folder per role that deploy/hub.py fills:
- everyone: ``nbgrader_config.py`` with the course id and the exchange's root;
- the instructor: also the course folder and the gradebook (``CourseDirectory.root``, ``db_url``),
  and nbgrader's formgrader;
- students: the formgrader and "Create assignment" turned off (server extension and lab plugins).
What keeps students apart is Unix: each server runs as its user, homes are 0700, the exchange's
inbound folder cannot be listed, and the gradebook accepts the instructor's Unix user only.
"""
import json
import os
from pathlib import Path

settings = json.loads(Path(os.environ["COURSE_HUB_SETTINGS"]).read_text())
state = Path(settings["state"]) / "hub"

c = get_config()  # noqa: F821 - provided by traitlets when it loads this file

# -- where it listens: the proxy on the public port, the hub's own API and the proxy's API on loopback
c.JupyterHub.bind_url = f"http://{settings['ip']}:{settings['port']}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{settings['hub_port']}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings['proxy_api_port']}"
c.ConfigurableHTTPProxy.command = [settings["proxy"]]  # deploy/node_modules (npm ci), not a global one
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"  # the hub's own state, not grades
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every user's server

# -- who may log in: Unix users and their passwords (PAM); nobody is a hub admin
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.open_sessions = False  # no login session bookkeeping (systemd-logind) needed
c.Authenticator.allowed_users = {settings["instructor"], *settings["students"]}
c.Authenticator.admin_users = set()

# -- each user's JupyterLab, as that user, from the world-readable venv
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(Path(settings["venv"]) / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120


def config_dir(spawner):
    """The role's configuration folder (JUPYTER_CONFIG_PATH) of the user whose server starts."""
    role = "instructor" if spawner.user.name == settings["instructor"] else "student"
    return settings["config_dirs"][role]


c.Spawner.environment = {
    # nbgrader runs `alembic` for the gradebook: the venv's bin folder comes first.
    "PATH": os.pathsep.join([str(Path(settings["venv"]) / "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
    "JUPYTER_CONFIG_PATH": config_dir,
    **settings.get("environment", {}),
}
