"""Safe encoding of what student code returns, for the trip from the sandbox to the grader.

The grader never unpickles data that student code produced: a crafted pickle runs code. Values
travel as JSON, and arrays as ``.npy`` bytes loaded with ``allow_pickle=False``. Whatever cannot
be encoded (an object, a function) stays in the sandbox and travels as a ``Remote`` handle that
can be passed back as an argument to a later call (a cache from forward into backward).

This module is imported both by the grader (``autograder.wire``) and, as a top-level module, by
the sandbox child (``wire``), so it depends on nothing but the standard library and NumPy.
"""
import base64
import io
import json

import numpy as np

MAX_DEPTH = 20


class Remote:
    """A value that lives in the sandbox, known to the grader by its id and type name."""

    def __init__(self, ident, type_name):
        self.ident = ident
        self.type_name = type_name

    def __repr__(self):
        return f"<{self.type_name} object>"


def encode(value, store, depth=0):
    """Turn ``value`` into JSON-able data; unencodable parts are put in ``store`` (a list)."""
    if depth > MAX_DEPTH:
        return _remote(value, store)
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)) and type(value) in (int, float):
        if isinstance(value, float) and not np.isfinite(value):
            return {"__float__": repr(value)}
        return value
    if isinstance(value, np.generic) and value.dtype.kind in "biufc":
        return {"__ndarray__": _npy(np.asarray(value)), "scalar": True}
    if isinstance(value, np.ndarray) and value.dtype.kind in "biufc":
        return {"__ndarray__": _npy(value)}
    if type(value) in (list, tuple):
        items = [encode(v, store, depth + 1) for v in value]
        return {"__tuple__": items} if type(value) is tuple else items
    if type(value) is dict and all(type(k) is str for k in value):
        return {"__dict__": {k: encode(v, store, depth + 1) for k, v in value.items()}}
    return _remote(value, store)


def decode(data, depth=0):
    """Inverse of ``encode`` on the grader's side; Remote handles stay handles."""
    if depth > MAX_DEPTH + 2:
        raise ValueError("encoded value nests too deeply")
    if isinstance(data, list):
        return [decode(v, depth + 1) for v in data]
    if not isinstance(data, dict):
        return data
    if "__ndarray__" in data:
        array = np.load(io.BytesIO(base64.b64decode(data["__ndarray__"])), allow_pickle=False)
        return array[()] if data.get("scalar") else array
    if "__tuple__" in data:
        return tuple(decode(v, depth + 1) for v in data["__tuple__"])
    if "__dict__" in data:
        return {str(k): decode(v, depth + 1) for k, v in data["__dict__"].items()}
    if "__float__" in data:
        return float(data["__float__"])
    if "__remote__" in data:
        return Remote(int(data["__remote__"]), str(data["type"]))
    raise ValueError(f"unknown encoded value with keys {sorted(data)}")


def resolve(value, store):
    """Replace Remote handles inside an argument by the objects they stand for (sandbox side)."""
    if isinstance(value, Remote):
        return store[value.ident]
    if type(value) in (list, tuple):
        return type(value)(resolve(v, store) for v in value)
    if type(value) is dict:
        return {k: resolve(v, store) for k, v in value.items()}
    return value


def dumps(data):
    return json.dumps(data).encode()


def loads(raw):
    return json.loads(raw.decode())


def _npy(array):
    buffer = io.BytesIO()
    np.save(buffer, np.ascontiguousarray(array), allow_pickle=False)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _remote(value, store):
    store.append(value)
    return {"__remote__": len(store) - 1, "type": type(value).__name__}
