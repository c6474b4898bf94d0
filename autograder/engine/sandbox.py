"""Run a student's functions in a separate process and bring back only plain data.

The hidden verdict must not trust the student's kernel: an answer cell can replace
``np.allclose`` or ``numpy.testing.assert_allclose`` there. So the grader takes the defs and
imports from the answer cells (``notebooks.student_statements``), runs them in a fresh process
with a memory limit, calls them with copies of the inputs, and compares what comes back in its
own process, where no student code ever runs.

    with Sandbox(statements) as student:
        A_drop, D = student.dropout_forward(A, 0.8, rng)
"""
import io
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import jail, wire
from .wire import Remote

HEADER = struct.Struct("!Q")
CHILD = Path(__file__).with_name("sandbox_child.py")


class SubmissionError(Exception):
    """The student's function raised, was missing, hung or crashed its process.

    ``raised`` is the name of the exception the student's function raised (e.g.
    "NotImplementedError", an untouched stub), None for the other cases."""

    def __init__(self, message, raised=None):
        super().__init__(message)
        self.raised = raised


class GraderError(Exception):
    """The grader asked the sandbox for something it cannot do: a bug in a hidden check."""


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        return ("remote", obj.ident) if isinstance(obj, Remote) else None


class Sandbox:
    """A process holding one check's student code: a child forked from a clean zygote.

    The zygote runs in the jail (``jail.wrap``): it sees only a scratch folder, no network and no
    other processes.

    ``start()`` starts the zygote (numpy and utils imported once) and forks a child loaded with
    ``statements``; ``fresh(statements)`` ends that child and forks a new one, in milliseconds,
    so every check starts from a clean process.

    Inputs:
    - statements: list of (cell grade_id, first line number, source) from the answer cells.
    - call_timeout: seconds one call may take before the processes are killed.
    - memory_bytes: address-space limit of each child.
    """

    PRELOAD = ("numpy", "matplotlib.pyplot", "ipywidgets", "utils")

    def __init__(self, statements, call_timeout=20.0, memory_bytes=6 * 2**30):
        self.statements = statements
        self.call_timeout = call_timeout
        self.memory_bytes = memory_bytes
        self.process = None
        self.child = None
        self.load_problems = []
        self._workdir = None

    # -- life cycle -------------------------------------------------------------------------
    def start(self):
        self._workdir = tempfile.TemporaryDirectory(prefix="idnn-sandbox-")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "JPY_", "NBGRADER"))}
        env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", MPLBACKEND="Agg")
        argv = jail.wrap([sys.executable, "-E", "-s", "-P", str(CHILD)], writable=[self._workdir.name],
                         cwd=self._workdir.name)
        self.process = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            cwd=self._workdir.name, env=env, start_new_session=True,
        )
        import utils  # the child imports the same utils as the grader (the jail binds that folder)

        self._send(pickle.dumps({"cwd": self._workdir.name, "memory_bytes": self.memory_bytes,
                                 "preload": self.PRELOAD, "path": [str(Path(utils.__file__).resolve().parents[1])]}))
        self._receive("starting", timeout=60.0)
        return self.fresh(self.statements)

    def fresh(self, statements):
        """End the current child and fork a clean one holding ``statements``."""
        self.end_child()
        self._send(pickle.dumps({"fork": True}))
        self.child = self._receive("starting a clean process", timeout=30.0)["pid"]
        return self.load(statements)

    def end_child(self):
        if self.child is None:
            return
        self._send(pickle.dumps({"end": True}))
        self._receive("ending the previous check", timeout=30.0, expect_exit=True)
        self.child = None

    def close(self):
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.process is not None:
            self.process.wait()
            for stream in (self.process.stdin, self.process.stdout):
                stream.close()
        if self._workdir is not None:
            self._workdir.cleanup()
        self.process = self.child = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()

    def load(self, statements):
        """Replace the child's namespace by one holding ``statements``."""
        self._send(pickle.dumps({"load": statements}))
        self.load_problems = self._receive("loading your answer cells",
                                           timeout=max(self.call_timeout, 30.0)).get("problems", [])
        self.statements = statements
        return self

    @property
    def alive(self):
        return self.process is not None and self.process.poll() is None

    # -- calls --------------------------------------------------------------------------------
    def call(self, name, *args, **kwargs):
        """Call the student's ``name`` with copies of args; return plain data or Remote handles."""
        if self.child is None or not self.alive:
            raise SubmissionError(f"{name} could not run: your code's process stopped earlier")
        buffer = io.BytesIO()
        _Pickler(buffer).dump({"fn": name, "args": args, "kwargs": kwargs})
        self._send(buffer.getvalue())
        reply = self._receive(f"calling {name}", timeout=self.call_timeout)
        if reply.get("grader_error"):
            raise GraderError(f"the sandbox could not rebuild the arguments of {name}: {reply['grader_error']} "
                              "(pass numpy arrays, numbers, containers, or numpy/stdlib callables)")
        if reply["ok"]:
            return wire.decode(reply["value"])
        if reply.get("missing"):
            problems = "".join(f"\n  {problem}" for problem in self.load_problems)
            raise SubmissionError(f"{name} is not defined: run its answer cell, and keep its name" +
                                  (f". Loading your answer cells failed:{problems}" if problems else ""))
        where = f" (at {reply['where']})" if reply.get("where") else ""
        raise SubmissionError(f"{name} raised {reply['error']}{where}", raised=reply.get("raised"))

    def run_visible(self, code, reference, timeout=300.0):
        """Run a notebook's visible checks in the current child (see ``sandbox_child.run_visible``)."""
        self._send(pickle.dumps({"visible": {"code": code, "reference": reference}}))
        return self._receive("running the visible checks", timeout=timeout)["value"]

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, *args, **kwargs)

    # -- framing ------------------------------------------------------------------------------
    def _send(self, payload):
        try:
            self.process.stdin.write(HEADER.pack(len(payload)) + payload)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise SubmissionError("your code's process stopped (it exited or was killed)") from None

    def _receive(self, doing, timeout, expect_exit=False):
        deadline = time.monotonic() + timeout
        header = self._read_exactly(HEADER.size, deadline, doing)
        (size,) = HEADER.unpack(header)
        reply = wire.loads(self._read_exactly(size, deadline, doing))
        if isinstance(reply, dict) and "exited" in reply and not expect_exit:
            self.child = None  # the zygote reports a child that died before answering
            code = reply["exited"]
            reason = f"was killed by signal {-code}" if code < 0 else f"exited with code {code}"
            if code in (-signal.SIGKILL, -signal.SIGSEGV):
                reason += " (too much memory?)"
            raise SubmissionError(f"your code's process {reason} while {doing}")
        return reply

    def _read_exactly(self, size, deadline, doing):
        fd = self.process.stdout.fileno()
        chunks, remaining = [], size
        while remaining:
            wait = deadline - time.monotonic()
            ready = select.select([fd], [], [], max(wait, 0))[0] if wait > 0 else []
            if not ready:
                self.close()
                raise SubmissionError(
                    f"no answer after {self.call_timeout:g} s while {doing}: an infinite loop, or far "
                    "too much work for these small inputs?")
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                code = self.process.wait()
                self.close()
                reason = (f"was killed by signal {-code}" if code < 0 else f"exited with code {code}")
                if code == -signal.SIGKILL or code == -signal.SIGSEGV:
                    reason += " (too much memory?)"
                raise SubmissionError(f"your code's process {reason} while {doing}")
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
