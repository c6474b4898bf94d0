"""The sandbox process: runs a student's answer code, one call at a time, for the grader.

Started by ``autograder.engine.sandbox.Sandbox`` as ``python -E -s -P sandbox_child.py``. It speaks on
file descriptors it takes over from stdin/stdout before any student code runs, so whatever the
student prints cannot corrupt the protocol. Requests come pickled from the trusted grader; replies
go back through ``wire`` (JSON and .npy bytes), never pickle.
"""
import linecache
import os
import pickle
import resource
import shutil
import struct
import sys
import tempfile
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wire  # noqa: E402

sys.path.pop(0)

HEADER = struct.Struct("!Q")


def read_message(stream):
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        sys.exit(0)
    (size,) = HEADER.unpack(header)
    return stream.read(size)


def write_message(stream, payload):
    stream.write(HEADER.pack(len(payload)) + payload)
    stream.flush()


class RequestUnpickler(pickle.Unpickler):
    """Arguments may name values kept in the sandbox (``wire.Remote`` on the grader's side)."""

    def __init__(self, raw, store):
        import io

        super().__init__(io.BytesIO(raw))
        self.store = store

    def persistent_load(self, pid):
        kind, ident = pid
        return self.store[ident]


def student_frame(tb):
    """The last traceback frame inside the student's answer cells, as 'line N of cell: code'."""
    for frame in reversed(traceback.extract_tb(tb)):
        if frame.filename.startswith("<answer cell "):
            cell = frame.filename[len("<answer cell "):-1]
            return f"line {frame.lineno} of answer cell {cell}: {(frame.line or '').strip()}"
    return None


def load_statements(statements, namespace):
    """Run each top-level def/import on its own, so one broken import does not hide the rest."""
    problems = []
    for cell, lineno, source in statements:
        filename = f"<answer cell {cell}>"
        padded = "\n" * (lineno - 1) + source
        lines = linecache.cache.get(filename, (0, None, [], filename))[2]
        all_lines = list(lines) + [""] * max(0, lineno - 1 + source.count("\n") + 1 - len(lines))
        for offset, text in enumerate(source.splitlines()):
            all_lines[lineno - 1 + offset] = text + "\n"
        linecache.cache[filename] = (len("".join(all_lines)), None, all_lines, filename)
        try:
            exec(compile(padded, filename, "exec"), namespace)
        except BaseException as error:  # noqa: B036 - student code may raise anything
            problems.append(f"{cell}: {type(error).__name__}: {error}")
    return problems


def run_visible(code, reference, seconds=30):
    """{test cell: error} of the test cells whose visible checks fail, each function judged alone.

    ``code`` is [(kind, label, source)] of the setup, answer and test cells; for each test cell
    ``test_<f>`` a fresh namespace runs the setup and answer cells, then the reference versions of
    every graded function but ``f``, then the test cell.
    """
    import signal

    def alarm(signum, frame):
        raise TimeoutError(f"the cell took more than {seconds} s")

    signal.signal(signal.SIGALRM, alarm)

    def run(label, source, namespace):
        signal.alarm(seconds)
        try:
            exec(compile(source, f"<{label}>", "exec"), namespace)
        finally:
            signal.alarm(0)

    failed = {}
    for kind, label, source in code:
        if kind != "test":
            continue
        alone = {"__name__": "__main__"}
        for other_kind, other_label, other_source in code:
            if other_kind != "test":
                try:
                    run(other_label, other_source, alone)
                except BaseException:  # noqa: B036 - a broken answer cell shows in its test cell
                    pass
        try:
            for function, solution in reference.items():
                if label != "test_" + function:
                    run(function, solution, alone)
            run(label, source, alone)
        except BaseException as error:  # noqa: B036
            failed[label] = f"{type(error).__name__}: {error}"
    return failed


def serve(proto_in, proto_out):
    """A forked child: load the student's code and answer calls until told to end."""
    namespace, store = {}, []
    while True:
        raw = read_message(proto_in)
        try:
            request = RequestUnpickler(raw, store).load()
        except Exception as error:  # the grader sent what this process cannot rebuild: not the student's fault
            write_message(proto_out, wire.dumps({"ok": False, "grader_error": f"{type(error).__name__}: {error}"}))
            continue
        if request.get("end"):
            os._exit(0)
        if "visible" in request:
            write_message(proto_out, wire.dumps({"ok": True, "value": run_visible(**request["visible"])}))
            continue
        if "load" in request:
            namespace, store = {"__name__": "submission"}, []
            problems = load_statements(request["load"], namespace)
            write_message(proto_out, wire.dumps({"ok": True, "problems": problems}))
            continue
        name = request["fn"]
        function = namespace.get(name)
        if not callable(function):
            reply = {"ok": False, "missing": True, "error": f"{name} is not defined"}
        else:
            try:
                value = function(*request["args"], **request["kwargs"])
                reply = {"ok": True, "value": wire.encode(value, store)}
            except BaseException as error:  # noqa: B036 - report, never die, on student errors
                reply = {
                    "ok": False,
                    "error": f"{type(error).__name__}: {error}",
                    "raised": type(error).__name__,
                    "where": student_frame(error.__traceback__),
                }
        try:
            payload = wire.dumps(reply)
        except (TypeError, ValueError) as error:
            payload = wire.dumps({"ok": False, "error": f"could not send the result back: {error}"})
        write_message(proto_out, payload)


def main():
    """The zygote: imports what every submission needs once, then forks a clean child per check.

    A child holds one check's code and dies when that check ends, so nothing one check leaves
    behind (module attributes, builtins, files it opened) reaches the next. The zygote runs no
    student code; it reports each child's exit status, after the child is gone.
    """
    proto_in = os.fdopen(os.dup(0), "rb")
    proto_out = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)

    setup = pickle.loads(read_message(proto_in))
    os.chdir(setup["cwd"])
    sys.path[:0] = setup.get("path", [])
    for module in setup.get("preload", []):
        try:
            __import__(module)
        except Exception:  # noqa: S110 - the child reports import problems when it loads the code
            pass
    write_message(proto_out, wire.dumps({"ready": True}))
    while True:
        request = pickle.loads(read_message(proto_in))
        if not request.get("fork"):
            continue
        workdir = tempfile.mkdtemp(dir=setup["cwd"])  # each child its own scratch folder
        pid = os.fork()
        if pid == 0:
            os.chdir(workdir)
            if setup.get("memory_bytes"):
                limit = setup["memory_bytes"]
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            write_message(proto_out, wire.dumps({"pid": os.getpid()}))
            serve(proto_in, proto_out)
        _, status = os.waitpid(pid, 0)
        shutil.rmtree(workdir, ignore_errors=True)
        write_message(proto_out, wire.dumps({"exited": os.waitstatus_to_exitcode(status)}))


if __name__ == "__main__":
    main()
