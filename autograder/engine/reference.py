"""Reference solutions, taken from the source notebooks (the one place they are written)."""
import functools
import types

from . import notebooks, paths


@functools.lru_cache(maxsize=None)
def statements(topic):
    """The source notebook's answer-cell statements (``notebooks.student_statements``)."""
    return tuple(notebooks.student_statements(notebooks.read(paths.source_notebook(topic))))


@functools.lru_cache(maxsize=None)
def load(topic):
    """A namespace holding the source notebook's answer-cell defs, run in this process."""
    namespace = {"__name__": f"reference_{topic}"}
    for label, lineno, source in statements(topic):
        code = compile("\n" * (lineno - 1) + source, f"<reference {topic}:{label}>", "exec")
        exec(code, namespace)
    return types.SimpleNamespace(**{k: v for k, v in namespace.items() if not k.startswith("__")})


def statements_except(topic, function):
    """The source notebook's answer-cell statements, minus the cell ``function`` (for isolation)."""
    return tuple(s for s in statements(topic) if s[0] != function)
