"""The course on JupyterHub on this machine: students and an instructor as Unix users, nbgrader's
exchange in a shared folder, the gradebook on PostgreSQL. A trial, and what the test runs.

    ./course hub                          # installs what is missing, starts it all, prints the logins;
    ./course hub --students ada,bob,cy    # Ctrl-C tears everything down (users, servers, database)

Needs root (it creates Unix users). What it installs, once:
- Debian: postgresql (its server binaries; no cluster of the system is used), python3-venv;
- npm: configurable-http-proxy, pinned in deploy/package.json and package-lock.json, into
  deploy/node_modules (``npm ci``);
- PyPI: requirements.txt and deploy/requirements.txt (JupyterHub, the PostgreSQL driver) and the
  course's ``utils``, into a venv made with Debian's python3 under ``COURSE_HUB_PREFIX``
  (default /opt/idnn-hub). Students' servers run from it, as the students: it must be readable by
  everyone, so neither the course's .venv nor a pyenv Python under /root (0700) will do.

Everything a deployment creates lives in one world-traversable state folder (users' homes, the
exchange, each role's Jupyter config, the PostgreSQL cluster and its socket, the hub's files),
and ``CourseHub.stop`` removes it with the users, processes and database.
"""
import argparse
import contextlib
import fcntl
import grp
import hashlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
ROOT = DEPLOY.parent
PREFIX = Path(os.environ.get("COURSE_HUB_PREFIX", "/opt/idnn-hub"))
VENV = PREFIX / "venv"
PROXY = DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's: world-readable, unlike a pyenv Python under /root
HUB_START_TIMEOUT = 90  # s
HUB_REQUIREMENTS = (ROOT / "requirements.txt", DEPLOY / "requirements.txt")


class DeployError(RuntimeError):
    pass


# -- one-time installs ---------------------------------------------------------------------------
def _run(argv, what, **kwargs):
    """Run ``argv``; raise DeployError naming ``what`` with its output if it fails."""
    result = subprocess.run([str(a) for a in argv], capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise DeployError(f"{what} failed (exit code {result.returncode}): {' '.join(map(str, argv))}\n"
                          f"{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return result.stdout


def postgres_bin():
    """The newest installed PostgreSQL's bin folder (Debian's /usr/lib/postgresql/<version>/bin), or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


def _has_venv_module():
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import ensurepip, venv"], capture_output=True)
    return probe.returncode == 0


def ensure_debian(packages, why):
    """``apt-get install`` Debian's ``packages`` (the caller checked they are missing)."""
    print(f"hub: installing Debian's {' '.join(packages)} ({why})", file=sys.stderr, flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    _run(["apt-get", "update", "-qq"], "apt-get update", env=env)
    _run(["apt-get", "install", "-y", "-qq", *packages], f"apt-get install {' '.join(packages)}", env=env)


def ensure_proxy():
    """configurable-http-proxy into deploy/node_modules, as package-lock.json pins it."""
    stamp = DEPLOY / "node_modules" / ".idnn-lock-sha256"
    want = hashlib.sha256((DEPLOY / "package-lock.json").read_bytes()).hexdigest()
    if PROXY.exists() and stamp.exists() and stamp.read_text() == want:
        return False
    if shutil.which("npm") is None:
        raise DeployError("npm is missing: the hub's proxy (configurable-http-proxy) is installed with npm; "
                          "install Node.js 20 or newer and npm")
    print("hub: installing configurable-http-proxy (npm ci into deploy/node_modules)", file=sys.stderr, flush=True)
    _run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], "npm ci", cwd=DEPLOY)
    stamp.write_text(want)
    return True


def venv_fingerprint():
    """What the hub's venv is built from: both requirement files, pyproject.toml and utils' sources."""
    digest = hashlib.sha256()
    files = [*HUB_REQUIREMENTS, ROOT / "pyproject.toml", *sorted((ROOT / "utils").rglob("*.py"))]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def ensure_venv():
    """The venv every server runs from, with Debian's python3, readable by everyone; rebuilt when a
    requirement file or ``utils`` changes. Returns True if it was (re)built."""
    want = venv_fingerprint()
    stamp = VENV / ".idnn-fingerprint"
    PREFIX.mkdir(parents=True, exist_ok=True)
    PREFIX.chmod(0o755)
    with open(PREFIX / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time; the others then find it built
        if stamp.exists() and stamp.read_text() == want:
            return False
        print(f"hub: building {VENV} (Debian's python3, requirements.txt, deploy/requirements.txt, utils)",
              file=sys.stderr, flush=True)
        shutil.rmtree(VENV, ignore_errors=True)
        old = os.umask(0o022)  # everything readable by everyone: students' servers run from here
        try:
            _run([SYSTEM_PYTHON, "-m", "venv", VENV], "creating the hub's venv")
            pip = [VENV / "bin" / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check"]
            _run([*pip, *[a for r in HUB_REQUIREMENTS for a in ("-r", r)]], "pip install (the hub's venv)")
            with tempfile.TemporaryDirectory() as scratch:  # build utils outside the checkout
                shutil.copytree(ROOT / "utils", Path(scratch) / "utils")
                shutil.copy(ROOT / "pyproject.toml", scratch)
                _run([*pip, "--no-deps", scratch], "pip install utils (the hub's venv)")
        finally:
            os.umask(old)
        stamp.write_text(want)
        return True


def check_readable_by_everyone(path):
    """Raise DeployError if another user could not reach ``path`` (every folder above it o+x)."""
    path = Path(path).resolve()
    for folder in [*reversed(path.parents), path]:
        mode = folder.stat().st_mode
        if folder.is_dir() and not mode & 0o001:
            raise DeployError(f"{folder} is not traversable by other users (mode {oct(mode & 0o777)}): "
                              f"students' servers could not run from {path}")


def install():
    """Install whatever is missing; returns {step: seconds} of the steps that ran."""
    timings = {}
    if os.geteuid() != 0:
        raise DeployError("the course hub creates Unix users and runs servers as them: run it as root")
    start = time.monotonic()
    missing = [] if postgres_bin() else ["postgresql"]
    if not _has_venv_module():
        missing.append("python3-venv")
    if missing:
        ensure_debian(missing, "PostgreSQL for the gradebook, Debian's Python for the hub's venv")
        timings["apt-get install " + " ".join(missing)] = time.monotonic() - start
    start = time.monotonic()
    if ensure_proxy():
        timings["npm ci (configurable-http-proxy)"] = time.monotonic() - start
    start = time.monotonic()
    if ensure_venv():
        timings[f"hub venv ({VENV})"] = time.monotonic() - start
    check_readable_by_everyone(VENV / "bin" / "python")
    return timings


# -- Unix users ----------------------------------------------------------------------------------
@dataclass
class User:
    name: str
    password: str
    home: Path

    @property
    def uid(self):
        return pwd.getpwnam(self.name).pw_uid

    @property
    def gid(self):
        return pwd.getpwnam(self.name).pw_gid


def ensure_new_user_name(name):
    """Raise DeployError if a Unix user ``name`` exists (a deployment only removes users it created)."""
    try:
        pwd.getpwnam(name)
    except KeyError:
        return
    raise DeployError(f"a Unix user named {name!r} already exists: choose another name or prefix")


def create_user(name, homes):
    """A Unix user with a random password and a 0700 home under ``homes``."""
    home = Path(homes) / name
    _run(["useradd", "--create-home", "--home-dir", home, "--shell", "/bin/bash", "--user-group", name],
         f"useradd {name}")
    password = secrets.token_urlsafe(12)
    _run(["chpasswd"], f"chpasswd {name}", input=f"{name}:{password}\n")
    home.chmod(0o700)  # useradd's mode depends on login.defs; other users must not read it
    return User(name, password, home)


def processes_of(uids):
    """Pids of the processes running as any of ``uids``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        line = next((x for x in status.splitlines() if x.startswith("Uid:")), "")
        if line and int(line.split()[1]) in uids:
            found.append(int(entry.name))
    return found


def kill_processes_of(uids, timeout=10):
    """SIGKILL every process of ``uids`` (users this deployment created), by pid; returns the pids."""
    killed, deadline = set(), time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = processes_of(uids)
        if not pids:
            break
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            killed.add(pid)
        time.sleep(0.2)
    return sorted(killed)


def remove_user(name):
    """Delete the user and its group (its home is in the state folder, removed with it)."""
    try:
        pwd.getpwnam(name)
    except KeyError:
        return
    subprocess.run(["userdel", "--force", "--remove", name], capture_output=True)
    with contextlib.suppress(KeyError):
        grp.getgrnam(name)
        subprocess.run(["groupdel", name], capture_output=True)


def user_env(user, config_dir, venv=VENV):
    """The environment of a command run as ``user``, as its server would have it."""
    return {"HOME": str(user.home), "USER": user.name, "LOGNAME": user.name, "SHELL": "/bin/bash",
            "PATH": os.pathsep.join([str(venv / "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
            "JUPYTER_CONFIG_PATH": str(config_dir), "LANG": "C.UTF-8",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}


# -- the deployment ------------------------------------------------------------------------------
def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def course_id():
    """The course id of nbgrader_config.py (one source of truth)."""
    from autograder.commands.grade import load_config_strictly

    return load_config_strictly(ROOT).CourseDirectory.course_id


@dataclass
class CourseHub:
    """One deployment: ``state`` holds everything it created; ``stop()`` removes it all."""

    state: Path
    course_id: str
    topics: list
    instructor: User | None = None
    students: list = field(default_factory=list)
    port: int = 0
    db_url: str = ""
    hub: subprocess.Popen | None = field(default=None, repr=False)
    pg_data: Path | None = None
    timings: dict = field(default_factory=dict)
    user_names: list = field(default_factory=list)  # every user it set out to create, for teardown

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/"

    @property
    def exchange(self):
        return self.state / "exchange"

    @property
    def course_root(self):
        return self.instructor.home / "course"

    def config_dir(self, role):
        return self.state / "jupyter" / role

    @property
    def users(self):
        return [u for u in [self.instructor, *self.students] if u is not None]

    def timed(self, step, function, *args, **kwargs):
        start = time.monotonic()
        try:
            return function(*args, **kwargs)
        finally:
            self.timings[step] = time.monotonic() - start

    # -- running commands as a user
    def run_as(self, user, argv, what=None, cwd=None, check=True, timeout=600):
        """Run ``argv`` as ``user`` (its uid, gid, home and role's Jupyter config); returns the result."""
        role = "instructor" if user is self.instructor else "student"
        result = subprocess.run([str(a) for a in argv], user=user.uid, group=user.gid, extra_groups=[],
                                env=user_env(user, self.config_dir(role)), cwd=cwd or user.home,
                                capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise DeployError(f"{what or argv[0]} as {user.name} failed (exit code {result.returncode}): "
                              f"{' '.join(map(str, argv))}\n{result.stdout[-4000:]}{result.stderr[-4000:]}")
        return result

    def nbgrader(self, *args):
        """``nbgrader ARGS`` as the instructor, in the course folder."""
        return self.run_as(self.instructor, [VENV / "bin" / "nbgrader", *args], f"nbgrader {args[0]}",
                           cwd=self.course_root)

    # -- setting up
    def create_users(self, instructor, students):
        homes = self.state / "home"
        homes.mkdir(mode=0o755)
        for name in [instructor, *students]:
            ensure_new_user_name(name)
        self.user_names.append(instructor)
        self.instructor = create_user(instructor, homes)
        for name in students:
            self.user_names.append(name)
            self.students.append(create_user(name, homes))

    def start_postgres(self):
        """A PostgreSQL cluster of its own in the state folder, on a Unix socket only (no TCP port):
        a ``gradebook`` database owned by the instructor's role, reached by peer authentication, so
        only the instructor's Unix user gets in (no password to leak)."""
        bin_dir = postgres_bin()
        postgres = pwd.getpwnam("postgres")
        base = self.state / "postgres"
        base.mkdir(mode=0o755)
        os.chown(base, postgres.pw_uid, postgres.pw_gid)
        self.pg_data, socket_dir = base / "data", base / "run"

        def as_postgres(argv, what):
            result = subprocess.run([str(a) for a in argv], user=postgres.pw_uid, group=postgres.pw_gid,
                                    extra_groups=[], cwd=base, capture_output=True, text=True,
                                    env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(base)})
            if result.returncode != 0:
                raise DeployError(f"{what} failed: {result.stdout[-3000:]}{result.stderr[-3000:]}")

        as_postgres(["mkdir", "-m", "0755", socket_dir], "mkdir (PostgreSQL's socket folder)")
        as_postgres([bin_dir / "initdb", "-D", self.pg_data, "-U", "postgres", "--auth-local=peer",
                     "--auth-host=reject", "-E", "UTF8", "--locale=C.UTF-8"], "initdb")
        (self.pg_data / "pg_hba.conf").write_text(
            "# deploy/hub.py: Unix socket only; the gradebook admits the instructor's Unix user\n"
            "local all postgres peer\n"
            f"local gradebook {self.instructor.name} peer\n")
        as_postgres([bin_dir / "pg_ctl", "-D", self.pg_data, "-l", base / "server.log", "-w", "-t", "60",
                     "-o", f"-c listen_addresses='' -c unix_socket_directories={socket_dir} -c fsync=off",
                     "start"], "pg_ctl start")
        psql = [bin_dir / "psql", "-h", socket_dir, "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1",
                "-q", "-c"]
        as_postgres([*psql, f'CREATE ROLE "{self.instructor.name}" LOGIN'], "CREATE ROLE")
        as_postgres([*psql, f'CREATE DATABASE gradebook OWNER "{self.instructor.name}"'], "CREATE DATABASE")
        self.db_url = f"postgresql+psycopg2://{self.instructor.name}@/gradebook?host={socket_dir}"

    def write_configs(self):
        """Each role's Jupyter config folder: nbgrader's settings, and for students the formgrader off."""
        # nbgrader's exchange root: writable by everyone; sticky, so that nobody renames or replaces
        # the course's folder in it (nbgrader checks only the 777 part).
        self.exchange.mkdir()
        self.exchange.chmod(0o1777)
        common = [f"c.CourseDirectory.course_id = {self.course_id!r}", f"c.Exchange.root = {str(self.exchange)!r}"]
        roles = {
            "student": common,
            "instructor": common + [f"c.CourseDirectory.root = {str(self.course_root)!r}",
                                    f"c.CourseDirectory.db_url = {self.db_url!r}"],
        }
        lab_off = {"@jupyterlab/apputils-extension:announcements": True}
        for role, lines in roles.items():
            folder = self.config_dir(role)
            (folder / "labconfig").mkdir(parents=True)
            (folder / "nbgrader_config.py").write_text(
                f'"""nbgrader settings of every {role} (deploy/hub.py)."""\nc = get_config()  # noqa: F821\n'
                + "\n".join(lines) + "\n")
            disabled = dict(lab_off)
            if role == "student":
                disabled |= {"@jupyter/nbgrader:formgrader": True, "@jupyter/nbgrader:create-assignment": True}
                (folder / "jupyter_server_config.json").write_text(json.dumps(
                    {"ServerApp": {"jpserver_extensions": {"nbgrader.server_extensions.formgrader": False}}},
                    indent=1))
            (folder / "labconfig" / "page_config.json").write_text(json.dumps({"disabledExtensions": disabled},
                                                                               indent=1))
        for path in [self.state / "jupyter", *self.state.joinpath("jupyter").rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)

    def prepare_course(self):
        """The instructor's course folder: the course's config, autograder/, and the topics' source
        and release, owned by the instructor; the gradebook created, then upgraded."""
        from autograder.testing.classroom import make_course

        make_course(self.course_root, self.topics)
        config = self.course_root / "nbgrader_config.py"
        config.write_text(config.read_text() + (
            "\n# deploy/hub.py: this deployment's gradebook, in place of gradebook.db above.\n"
            f"c.CourseDirectory.db_url = {self.db_url!r}\n" if self.db_url else ""))
        _run(["chown", "-R", f"{self.instructor.name}:{self.instructor.name}", self.course_root], "chown")
        roster = self.course_root / "students.csv"
        roster.write_text("id\n" + "\n".join(s.name for s in self.students) + "\n")
        os.chown(roster, self.instructor.uid, self.instructor.gid)
        # `nbgrader db upgrade` fails on an empty PostgreSQL database: another gradebook command
        # must create the tables first. Importing the roster does.
        self.timed("gradebook: import the roster (creates the tables)", self.nbgrader,
                   "db", "student", "import", "students.csv")
        self.timed("gradebook: nbgrader db upgrade", self.nbgrader, "db", "upgrade")

    def start_hub(self, ip="127.0.0.1", port=None):
        """``jupyterhub -f deploy/jupyterhub_config.py`` as root, in the state folder (``wait_for_hub``
        waits until it answers)."""
        self.port = port or free_port()
        folder = self.state / "hub"
        folder.mkdir(mode=0o700)
        settings = {
            "ip": ip, "port": self.port, "hub_port": free_port(), "proxy_api_port": free_port(),
            "state": str(self.state), "venv": str(VENV), "proxy": str(PROXY),
            "instructor": self.instructor.name, "students": [s.name for s in self.students],
            "config_dirs": {role: str(self.config_dir(role)) for role in ("instructor", "student")},
            "environment": {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"},
        }
        (folder / "settings.json").write_text(json.dumps(settings, indent=1))
        env = {"PATH": os.pathsep.join([str(VENV / "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
               "LANG": "C.UTF-8", "HOME": str(folder), "COURSE_HUB_SETTINGS": str(folder / "settings.json")}
        with open(folder / "jupyterhub.log", "wb") as log:
            self.hub = subprocess.Popen([VENV / "bin" / "jupyterhub", "-f", DEPLOY / "jupyterhub_config.py"],
                                        cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True)

    def wait_for_hub(self):
        """Wait until the hub answers on its public port."""
        deadline, last = time.monotonic() + HUB_START_TIMEOUT, None
        while time.monotonic() < deadline:
            if self.hub.poll() is not None:
                raise DeployError(f"jupyterhub exited with code {self.hub.returncode}:\n{self.hub_log()}")
            try:
                with urllib.request.urlopen(f"{self.url}hub/api/", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError) as error:
                last = error
            time.sleep(0.3)
        raise DeployError(f"jupyterhub did not answer on {self.url} within {HUB_START_TIMEOUT} s "
                          f"(last error: {last}):\n{self.hub_log()}")

    def hub_log(self, chars=6000):
        path = self.state / "hub" / "jupyterhub.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else "(no hub log)"

    def release(self, topic):
        """The instructor's release of ``release/<topic>`` (what ``./course release`` generates) into
        the exchange."""
        self.nbgrader("release_assignment", topic, "--force")
        # nbgrader makes inbound/ writable and unlistable by students (0733 + setgid), but not sticky:
        # a student who learned another's submission folder name could rename it. +t stops that.
        inbound = self.exchange / self.course_id / "inbound"
        self.run_as(self.instructor, ["chmod", "+t", inbound], "chmod +t inbound")

    # -- tearing down
    def stop(self):
        """Stop the hub (and with it every user's server and the proxy), PostgreSQL, any process left
        to the users; delete the users and the state folder. Every step runs even if one fails;
        returns the list of problems."""
        problems = []
        steps = [("stop the hub", self._stop_hub), ("stop the proxy", self._stop_proxy),
                 ("stop PostgreSQL", self._stop_postgres), ("end the users' processes", self._end_user_processes),
                 ("remove the users", self._remove_users),
                 ("remove the state folder", lambda: shutil.rmtree(self.state))]
        for what, step in steps:
            try:
                step()
            except Exception as error:  # teardown goes on; the problems are reported together
                problems.append(f"{what}: {type(error).__name__}: {error}")
        return problems

    def _stop_hub(self):
        if self.hub is None or self.hub.poll() is not None:
            return
        self.hub.send_signal(signal.SIGTERM)  # the hub stops the users' servers and its proxy
        try:
            self.hub.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.hub.pid, signal.SIGKILL)
        self.hub.wait(timeout=10)

    def _stop_proxy(self):
        pid_file = self.state / "hub" / "proxy.pid"
        if not pid_file.exists():
            return
        pid = int(pid_file.read_text().strip() or 0)
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return
        if b"configurable-http-proxy" in command:
            os.kill(pid, signal.SIGKILL)

    def _stop_postgres(self):
        if self.pg_data is None or not (self.pg_data / "postmaster.pid").exists():
            return
        postgres = pwd.getpwnam("postgres")
        result = subprocess.run([postgres_bin() / "pg_ctl", "-D", self.pg_data, "-m", "immediate", "-w", "stop"],
                                user=postgres.pw_uid, group=postgres.pw_gid, extra_groups=[], cwd="/",
                                capture_output=True, text=True)
        pid_file = self.pg_data / "postmaster.pid"
        if result.returncode != 0 and pid_file.exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)

    def _end_user_processes(self):
        uids = set()
        for name in self.user_names:
            with contextlib.suppress(KeyError):
                uids.add(pwd.getpwnam(name).pw_uid)
        kill_processes_of(uids)

    def _remove_users(self):
        for name in self.user_names:
            remove_user(name)


@contextlib.contextmanager
def course_hub(instructor, students, topics, port=None, ip="127.0.0.1", gradebook="postgresql", log=print):
    """Start a deployment (users, PostgreSQL, course folder, configs, hub); yield its CourseHub;
    tear it all down at exit, whatever happened."""
    identity = course_id()
    state = Path(tempfile.mkdtemp(prefix="idnn-hub-"))
    state.chmod(0o755)  # users reach their homes, the exchange, the configs and the database socket
    deployment = CourseHub(state=state, course_id=identity, topics=list(topics))
    try:
        deployment.timed("create the users", deployment.create_users, instructor, students)
        if gradebook == "postgresql":
            deployment.timed("start PostgreSQL", deployment.start_postgres)
        deployment.timed("write the configs", deployment.write_configs)
        deployment.timed("start the hub", deployment.start_hub, ip, port)  # it boots meanwhile
        deployment.timed("prepare the course and gradebook", deployment.prepare_course)
        deployment.timed("wait for the hub", deployment.wait_for_hub)
        yield deployment
    finally:
        start = time.monotonic()
        problems = deployment.stop()
        deployment.timings["tear down"] = time.monotonic() - start
        if problems:
            raise DeployError("tearing the course hub down left problems:\n" + "\n".join(problems))


def main(argv=None):
    parser = argparse.ArgumentParser(description="A trial of the course on JupyterHub on this machine "
                                                 "(as root; Ctrl-C tears it all down).")
    parser.add_argument("--students", default="ada,bob", help="comma-separated student names (default ada,bob)")
    parser.add_argument("--instructor", default="teacher")
    parser.add_argument("--prefix", default="trial-", help="prefix of every Unix user name it creates")
    parser.add_argument("--topic", action="append", help="assignment(s) to release (default 04_dropout)")
    parser.add_argument("--ip", default="127.0.0.1", help="address of the hub (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--gradebook", choices=("postgresql", "sqlite"), default="postgresql")
    args = parser.parse_args(argv)
    topics = args.topic or ["04_dropout"]
    try:
        for step, seconds in install().items():
            print(f"hub: {step}: {seconds:.0f} s")
        students = [args.prefix + s.strip() for s in args.students.split(",") if s.strip()]
        stop = []
        for signum in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C, or a kill: tear down, then exit
            signal.signal(signum, lambda *_: stop.append(True))
        with course_hub(args.prefix + args.instructor, students, topics, args.port, args.ip, args.gradebook) as hub:
            for topic in topics:
                hub.release(topic)
            print(f"\nThe course hub is up at {hub.url} (Ctrl-C stops it and removes everything).")
            for user in hub.users:
                role = "instructor" if user is hub.instructor else "student"
                print(f"  {role:10} {user.name:20} password {user.password}")
            print(f"Released: {', '.join(topics)}. Instructor's course folder: {hub.course_root}\n"
                  f"Grading, as the instructor: cd {hub.course_root} && nbgrader collect TOPIC && "
                  f"python -m autograder.commands.grade TOPIC && nbgrader release_feedback TOPIC", flush=True)
            while not stop and hub.hub.poll() is None:
                time.sleep(0.5)
            print("hub: tearing down", flush=True)
    except DeployError as error:
        print(f"hub: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
