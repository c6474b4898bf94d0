"""Run student code where it sees nothing but its own folder: bubblewrap (Debian's ``bwrap``).

Every process that runs student code while grading goes through ``wrap``: the notebook's kernel
(``SandboxedKernelManager``) and the hidden checks' zygote (``sandbox.Sandbox``). Inside, the
process sees:
- read-only: /usr, the few files of /etc that programs need (no passwords), the Python installation
  and the course's venv, and the installed ``utils`` package (public);
- read-write: only the folders it is given (its submission folder, or a scratch folder), and a
  private /tmp (with matplotlib's font list, read-only: ``font_list``);
- no network (its own empty network namespace), no other processes (its own PID namespace), no
  new privileges, and limits on memory, open files and CPU time.

``IDNN_SANDBOX=none`` (set by ``./course grade --unsafe``) runs student code without the jail, for
machines without bubblewrap; grading says so in its summary.
"""
import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ETC = ["ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "nsswitch.conf", "passwd", "group", "fonts",
       "mime.types", "alternatives"]
MEMORY_BYTES = 6 * 2**30
OPEN_FILES = 256
CPU_SECONDS = 900


class JailUnavailable(RuntimeError):
    pass


def mode():
    """"bwrap" (the default) or "none" (``./course grade --unsafe``)."""
    return os.environ.get("IDNN_SANDBOX", "bwrap")


@functools.cache
def bwrap():
    """The bwrap binary, if it is installed and works here; else None."""
    binary = shutil.which("bwrap")
    if binary is None:
        return None
    probe = subprocess.run(_command(binary, ["/bin/true"], writable=(), cwd=None, fonts=False), capture_output=True)
    return binary if probe.returncode == 0 else None


def required():
    """Raise JailUnavailable unless student code will run in the jail (or the instructor said --unsafe)."""
    if mode() == "none":
        return False
    if bwrap() is None:
        raise JailUnavailable("bubblewrap (bwrap) is not installed or does not work here, so student code "
                              "cannot be sandboxed: install it (apt-get install bubblewrap), or grade with "
                              "--unsafe to run student code with your rights")
    return True


def _readable():
    """What every jailed Python needs to read: its interpreter, the venv, the installed utils."""
    import utils

    interpreter = Path(os.path.realpath(sys.executable)).parents[1]
    places = {interpreter, Path(sys.prefix), Path(sys.base_prefix), Path(utils.__file__).resolve().parent,
              Path(__file__).resolve().parent}
    return sorted(str(p) for p in places if p.exists() and not str(p).startswith("/usr/"))


@functools.cache
def font_list():
    """matplotlib's font list, built once per grading process in the jail (so it names the fonts a
    jailed process sees), or None if that failed. ``wrap`` gives it read-only to every jailed process,
    which would otherwise build its own in its empty /tmp (0.2 s of every submission's kernel)."""
    folder = tempfile.mkdtemp(prefix="idnn-mpl-")
    atexit.register(shutil.rmtree, folder, True)
    build = ["/usr/bin/env", f"MPLCONFIGDIR={folder}", sys.executable, "-c", "import matplotlib.font_manager"]
    result = subprocess.run(_command(bwrap(), build, writable=[folder], cwd=None, fonts=False), capture_output=True)
    built = sorted(Path(folder).glob("fontlist-*.json"))
    return built[0] if result.returncode == 0 and len(built) == 1 else None


def _command(binary, argv, writable, cwd, memory_bytes=MEMORY_BYTES, fonts=True):
    command = [binary, "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64",
               "/lib64", "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin", "--tmpfs", "/tmp",
               "--dir", "/etc"]
    for name in ETC:
        if os.path.exists(f"/etc/{name}"):
            command += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    for path in _readable():
        command += ["--ro-bind", path, path]
    for path in writable:  # after --tmpfs /tmp: a later mount hides an earlier one
        command += ["--bind", str(path), str(path)]
    font_file = font_list() if fonts else None
    if font_file is not None and not font_file.exists():  # a long-lived server's /tmp was cleaned
        font_list.cache_clear()
        font_file = font_list()
    if font_file is not None:
        command += ["--dir", "/tmp/mpl", "--ro-bind", str(font_file), f"/tmp/mpl/{font_file.name}"]
    command += ["--proc", "/proc", "--dev", "/dev", "--unshare-all", "--die-with-parent", "--new-session",
                "--unsetenv", "JPY_PARENT_PID", "--setenv", "HOME", "/tmp", "--setenv", "MPLCONFIGDIR", "/tmp/mpl",
                "--setenv", "IPYTHONDIR", "/tmp/ipython", "--cap-drop", "ALL"]
    if cwd is not None:
        command += ["--chdir", str(cwd)]
    return command + ["--", "/usr/bin/prlimit", f"--as={memory_bytes}", f"--nofile={OPEN_FILES}",
                      f"--cpu={CPU_SECONDS}", "--", *argv]


def wrap(argv, writable=(), cwd=None, memory_bytes=MEMORY_BYTES):
    """``argv`` to run in the jail with ``writable`` folders; ``argv`` itself when the jail is off."""
    if not required():
        return list(argv)
    return _command(bwrap(), list(argv), [Path(p).resolve() for p in writable], cwd, memory_bytes)
