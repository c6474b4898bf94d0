"""Run student code where it sees nothing but its own folder: bubblewrap (Debian's ``bwrap``).

Every process that runs student code while grading goes through ``wrap``: the notebook's kernel
(``SandboxedKernelManager``) and the hidden checks' zygote (``sandbox.Sandbox``). Inside, the
process sees:
- read-only: /usr, the few files of /etc that programs need (no passwords), the Python installation
  and the course's venv, and the installed ``utils`` package (public);
- read-write: only the folders it is given (its submission folder, or a scratch folder), and a
  private /tmp;
- no network (its own empty network namespace), no other processes (its own PID namespace), no
  new privileges, and limits on memory, open files and CPU time.

``IDNN_SANDBOX=none`` (set by ``./course grade --unsafe``) runs student code without the jail, for
machines without bubblewrap; grading says so in its summary.
"""
import functools
import os
import shutil
import subprocess
import sys
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
    probe = subprocess.run(_command(binary, ["/bin/true"], writable=(), cwd=None), capture_output=True)
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


def _command(binary, argv, writable, cwd, memory_bytes=MEMORY_BYTES):
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
