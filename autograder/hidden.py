"""Hidden checks: how they are declared, run, and reported.

A topic's checks live in ``autograder/checks/<module>.py``; each is a function of
``(student, ref)`` registered with ``@hidden_check(name, topic)``. ``student`` calls the
student's functions (in a sandbox process during autograde); ``ref`` holds the reference
solutions taken from the source notebook. A check raises ``CheckFailed`` with a message that
says what was checked and what was found, never the hidden expected values.

In a source notebook the hidden region of a test cell reads::

    ### BEGIN HIDDEN TESTS
    from autograder import hidden
    hidden.check("dropout_forward", globals())
    ### END HIDDEN TESTS

During autograde the ``HiddenChecks`` preprocessor removes that region before the kernel runs
and decides the named checks outside the kernel. When an instructor runs the source notebook
directly, ``hidden.check`` runs the same check against the kernel's own functions.
"""
import copy
import importlib
import pkgutil
import time
from dataclasses import dataclass

from . import reference, wire
from .sandbox import Sandbox, StudentError


class CheckFailed(AssertionError):
    """A hidden check found a wrong answer; the message is shown to the student."""


@dataclass
class Check:
    name: str
    topic: str
    run: object
    timeout: float


CHECKS = {}


def hidden_check(name, topic, timeout=10.0):
    """Register ``function(student, ref)`` as the hidden check ``name`` of ``topic``."""

    def register(function):
        if name in CHECKS:
            raise ValueError(f"hidden check {name!r} is registered twice")
        CHECKS[name] = Check(name, topic, function, timeout)
        return function

    return register


def discover():
    """Import every module of ``autograder.checks`` so that its checks register."""
    from . import checks

    for module in pkgutil.iter_modules(checks.__path__):
        importlib.import_module(f"{checks.__name__}.{module.name}")
    return CHECKS


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


def run_one(check, student):
    """Run one check; turn every way it can end into a Verdict."""
    start = time.monotonic()
    try:
        check.run(student, reference.load(check.topic))
        passed, message = True, "passed"
    except CheckFailed as failure:
        passed, message = False, str(failure)
    except StudentError as error:
        passed, message = False, str(error)
    return Verdict(check.name, passed, message, time.monotonic() - start)


def run_in_sandbox(names, statements):
    """Decide the checks ``names`` on the student code ``statements``, each in a fresh process.

    Each function is judged alone: after the student's code, the sandbox loads the reference
    versions of the topic's *other* graded functions, so a wrong ``dropout_backward`` costs its
    own points and not those of ``backward_with_dropout``, which calls it.
    """
    verdicts = {}
    sandbox = None
    try:
        for name in names:
            check = lookup(name)
            isolated = list(statements) + list(reference.statements_except(check.topic, name))
            try:
                if sandbox is None or not sandbox.alive:
                    sandbox = Sandbox(isolated, call_timeout=check.timeout).start()
                else:
                    sandbox.call_timeout = check.timeout
                    sandbox.load(isolated)
                verdicts[name] = run_one(check, sandbox)
            except StudentError as error:
                verdicts[name] = Verdict(name, False, str(error), 0.0)
    finally:
        if sandbox is not None:
            sandbox.close()
    return verdicts


class LocalStudent:
    """The sandbox's interface over a namespace in this process (instructor runs, tests).

    Inputs are deep-copied and results round-trip through ``wire`` exactly as from a sandbox.
    """

    def __init__(self, namespace):
        self.namespace = namespace
        self.store = []

    def call(self, name, *args, **kwargs):
        function = self.namespace.get(name)
        if not callable(function):
            raise StudentError(f"{name} is not defined: run its answer cell, and keep its name", "missing")
        args, kwargs = wire.resolve(copy.deepcopy((args, kwargs)), self.store)
        try:
            value = function(*args, **kwargs)
        except Exception as error:
            raise StudentError(f"{name} raised {type(error).__name__}: {error}", "error",
                               type(error).__name__) from None
        return wire.decode(wire.encode(value, self.store))

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, *args, **kwargs)


def check(name, namespace):
    """In-kernel entry point of a hidden region: run check ``name`` on the kernel's functions."""
    verdict = run_one(lookup(name), LocalStudent(namespace))
    if not verdict.passed:
        raise CheckFailed(verdict.message)
    print(f"hidden checks for {name}: passed ({verdict.seconds:.2f} s)")
