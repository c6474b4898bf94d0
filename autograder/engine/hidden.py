"""Hidden checks: how they are declared, run, and reported.

A topic's checks live in ``autograder/topics/<topic>/checks.py``; each is a function of
``(submission, reference)`` registered with ``@hidden_check(name)`` (the topic is the folder's
name). ``submission`` calls the student's functions (in a sandbox process during autograde);
``reference`` holds the reference solutions taken from the source notebook. A check asserts with
the ``utils.checks`` helpers, the same that the visible checks use; while it runs, their messages
leave out expected values (``utils.checks.concealed``).

In a source notebook the hidden region of a test cell reads::

    ### BEGIN HIDDEN TESTS
    from autograder.engine import hidden
    hidden.check("dropout_forward", globals())
    ### END HIDDEN TESTS

During autograde the ``HiddenChecks`` preprocessor removes that region before the kernel runs
and decides the named checks outside the kernel. When an instructor runs the source notebook
directly, ``hidden.check`` runs the same check against the kernel's own functions.
"""
import atexit
import copy
import importlib
import logging
import threading
import time
import traceback
from dataclasses import dataclass

from utils.checks import CheckFailed, concealed

from . import paths, reference, wire
from .sandbox import Sandbox, SubmissionError

log = logging.getLogger(__name__)

NOT_IMPLEMENTED = "not_implemented"  # the stub's NotImplementedError: the exercise was left untouched
UNRECOGNISED = "unrecognised"  # a failure no check names (reports and simulated students use this word)

GRADER_ERROR = ("the grader could not judge this function: its hidden check failed with an error of "
                "its own. This is not your mistake; your instructor will see the details in the grading log.")


@dataclass
class HiddenCheck:
    name: str
    topic: str
    run: object
    timeout: float


CHECKS = {}


def hidden_check(name, timeout=10.0):
    """Register ``function(submission, reference)`` as the hidden check of the graded function
    ``name``; its topic is the folder of the module that defines it (``topics/<topic>/checks.py``)."""

    def register(function):
        topic = function.__module__.split(".")[-2]
        if name in CHECKS:
            raise ValueError(f"hidden check {name!r} is registered twice")
        CHECKS[name] = HiddenCheck(name, topic, function, timeout)
        return function

    return register


def discover():
    """Import every topic's ``checks.py`` so that its checks register."""
    for topic in paths.topic_folders():
        if (paths.TOPICS / topic / "checks.py").exists():
            importlib.import_module(f"autograder.topics.{topic}.checks")
    return CHECKS


def mistakes_of(topic):
    """The ``MISTAKES`` dict of ``topic``'s checks.py ({function: {mistake: description}}), or None
    when the topic lists none."""
    module = importlib.import_module(f"autograder.topics.{topic}.checks")
    return getattr(module, "MISTAKES", None)


def lookup(name):
    discover()
    if name not in CHECKS:
        raise KeyError(f"no hidden check named {name!r}; known: {sorted(CHECKS)}")
    return CHECKS[name]


@dataclass
class Verdict:
    name: str
    passed: bool
    message: str
    seconds: float
    grader_error: str | None = None  # the traceback, when the check itself broke
    mistake: str | None = None  # the recognised mistake, local to the function ("not_scaled"); None: unrecognised
    hint: str | None = None  # the hint of the failure (also part of message)

    @property
    def identifier(self):
        """``"<function>/<mistake>"`` of a recognised mistake, e.g. "dropout_forward/not_scaled"; else None."""
        return f"{self.name}/{self.mistake}" if self.mistake else None

    def record(self):
        """The verdict as plain data, as ``HiddenVerdict`` stores it in the graded notebook."""
        return {"passed": self.passed, "mistake": self.mistake, "message": self.message, "hint": self.hint}


def unlisted_mistake(check, mistake):
    """A reason when ``mistake`` (raised by ``check``) is missing from its topic's MISTAKES, else None."""
    if mistake is None or mistake == NOT_IMPLEMENTED:
        return None
    listed = mistakes_of(check.topic)
    if listed is None:
        return f"{check.topic}/checks.py names the mistake {mistake!r} but has no MISTAKES dict"
    if mistake not in listed.get(check.name, {}):
        return f"{check.topic}/checks.py: MISTAKES[{check.name!r}] does not list {mistake!r}"
    return None


def run_one(check, submission):
    """Run one check; turn every way it can end into a Verdict.

    A failure carries the mistake the check recognised (``CheckFailed.mistake``); an untouched stub
    (the function raised NotImplementedError) is the mistake "not_implemented". A mistake missing
    from the topic's MISTAKES is a bug in the check: the failure stands, unrecognised, and the
    verdict keeps the reason as its grader error (the tests fail on it)."""
    start = time.monotonic()
    grader_error = mistake = hint = None
    try:
        with concealed():
            check.run(submission, reference.load(check.topic))
        passed, message = True, "passed"
    except CheckFailed as failure:
        passed, message, mistake, hint = False, str(failure), failure.mistake, failure.hint
        grader_error = unlisted_mistake(check, mistake)
        if grader_error:
            log.error("hidden check %s: %s", check.name, grader_error)
            mistake = None
    except SubmissionError as failure:
        passed, message = False, str(failure)
        mistake = NOT_IMPLEMENTED if failure.raised == "NotImplementedError" else None
    except Exception:  # a bug in the hidden check: fail this one function, keep grading
        grader_error = traceback.format_exc()
        log.error("hidden check %s broke (the submission was not judged):\n%s", check.name, grader_error)
        passed, message = False, GRADER_ERROR
    return Verdict(check.name, passed, message, time.monotonic() - start, grader_error, mistake, hint)


def run_in_sandbox(names, statements):
    """Decide the checks ``names`` on the student code ``statements``, each in a fresh process
    (forked from a clean zygote), so that nothing one check leaves behind (a module attribute, a
    builtin) reaches the next.

    Each function is judged alone: after the student's code, the sandbox loads the reference
    versions of the topic's *other* graded functions, so a wrong ``dropout_backward`` costs its
    own points and not those of ``backward_with_dropout``, which calls it.
    """
    verdicts = {}
    with shared_sandbox() as sandbox:
        for name in names:
            check = lookup(name)
            isolated = list(statements) + list(reference.statements_except(check.topic, name))
            try:
                verdicts[name] = run_one(check, sandbox.ready(isolated, check.timeout))
            except SubmissionError as error:
                verdicts[name] = Verdict(name, False, str(error), 0.0)
    return verdicts


class _SharedSandbox:
    """One zygote per grading process: it runs no student code, so it is reused; a child per use."""

    def __init__(self):
        self.sandbox = None
        self.lock = threading.Lock()

    def ready(self, statements, timeout):
        """A fresh child holding ``statements`` (a new zygote if the last one died or timed out)."""
        if self.sandbox is None or not self.sandbox.alive:
            self.sandbox = Sandbox(statements, call_timeout=timeout).start()
        else:
            self.sandbox.call_timeout = timeout
            self.sandbox.fresh(statements)
        return self.sandbox

    def __enter__(self):
        self.lock.acquire()
        return self

    def __exit__(self, *exc):
        try:
            if self.sandbox is not None and self.sandbox.alive:
                self.sandbox.end_child()  # the student's code does not outlive its use
        finally:
            self.lock.release()

    def close(self):
        if self.sandbox is not None:
            self.sandbox.close()


_shared = _SharedSandbox()
atexit.register(_shared.close)


def shared_sandbox():
    return _shared


class LocalSubmission:
    """The sandbox's interface over a namespace in this process (instructor runs, tests).

    Inputs are deep-copied and results round-trip through ``wire`` exactly as from a sandbox.
    """

    def __init__(self, namespace):
        self.namespace = namespace
        self.store = []

    def call(self, name, *args, **kwargs):
        function = self.namespace.get(name)
        if not callable(function):
            raise SubmissionError(f"{name} is not defined: run its answer cell, and keep its name")
        args, kwargs = wire.resolve(copy.deepcopy((args, kwargs)), self.store)
        try:
            value = function(*args, **kwargs)
        except Exception as error:
            raise SubmissionError(f"{name} raised {type(error).__name__}: {error}",
                                  raised=type(error).__name__) from None
        return wire.decode(wire.encode(value, self.store))

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, *args, **kwargs)


def check(name, namespace):
    """In-kernel entry point of a hidden region: run check ``name`` on the kernel's functions."""
    verdict = run_one(lookup(name), LocalSubmission(namespace))
    if not verdict.passed:
        raise CheckFailed(verdict.message, mistake=verdict.mistake, hint=verdict.hint)
    print(f"hidden checks for {name}: passed ({verdict.seconds:.2f} s)")
