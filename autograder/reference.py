"""Reference solutions, taken from the source notebooks (the one place they are written)."""
import functools
import types

from . import notebooks, paths


@functools.lru_cache(maxsize=None)
def load(topic):
    """A namespace holding the source notebook's answer-cell defs, run in this process."""
    nb = notebooks.read(paths.source_notebook(topic))
    namespace = {"__name__": f"reference_{topic}"}
    for label, lineno, source in notebooks.student_statements(nb):
        code = compile("\n" * (lineno - 1) + source, f"<reference {topic}:{label}>", "exec")
        exec(code, namespace)
    return types.SimpleNamespace(**{k: v for k, v in namespace.items() if not k.startswith("__")})


@functools.lru_cache(maxsize=None)
def statements_except(topic, function):
    """The source notebook's answer-cell statements, minus the cell ``function`` (for isolation)."""
    nb = notebooks.read(paths.source_notebook(topic))
    return tuple(s for s in notebooks.student_statements(nb) if s[0] != function)
