"""Helpers for the visible tests that students run in the notebooks.

Each ``check_*`` returns None (or the checked value) when the check passes and otherwise raises
``CheckFailed`` (an ``AssertionError``) with a message that says what was checked, what was
expected and what was found, followed by "Hint: ..." when a hint is given. Nothing is printed, to
stdout or stderr.

The hidden checks of the grader use these same helpers, inside ``concealed()``: there the
messages keep what was found, where, and by how much, but leave out the expected values. Every
helper takes a keyword-only ``mistake`` (passed on to ``fail``): the identifier of the mistake a
hidden check recognises, which the grader counts in its report (``CheckFailed.mistake``).

``require_probability`` is different: it is for solution code and raises ValueError.
"""
import contextlib
import numbers

import numpy as np

_MAX_REPR = 120
_concealed = False


class CheckFailed(AssertionError):
    """A check found a wrong answer; the message says what was checked, expected and found.

    Inputs:
    - message: the whole message, shown to the student as it is (with its hint, if any)
    - mistake: a short snake_case identifier of a recognised mistake, local to the graded function
      (e.g. "not_scaled"); None when the check does not recognise which mistake it is
    - hint: the hint alone (already part of the message), kept for the instructor's report
    """

    def __init__(self, message, mistake=None, hint=None):
        super().__init__(message)
        self.mistake = mistake
        self.hint = hint


@contextlib.contextmanager
def concealed():
    """While active, failure messages leave out expected values (for hidden checks)."""
    global _concealed
    before, _concealed = _concealed, True
    try:
        yield
    finally:
        _concealed = before


def _expected(text):
    """``text`` (e.g. "expected 0.25, ") unless expected values are concealed."""
    return "" if _concealed else text


def _short(value):
    text = repr(value)
    return text if len(text) <= _MAX_REPR else text[:_MAX_REPR - 3] + "..."


def fail(message, hint=None, *, mistake=None):
    """Raise ``CheckFailed(message)``, with " Hint: ..." appended when a hint is given.

    ``mistake`` names the recognised mistake (a snake_case identifier listed in the topic's
    ``MISTAKES``, e.g. "not_scaled"), so that a report can count it; None when unnamed.
    """
    __tracebackhide__ = True  # pytest shows the caller's line, not this one
    if not (mistake is None or (isinstance(mistake, str) and mistake.isidentifier() and mistake.islower())):
        raise ValueError(f"mistake must be a snake_case identifier such as 'not_scaled', got {mistake!r}")
    text = f"{message} Hint: {hint}" if hint else message
    raise CheckFailed(text, mistake=mistake, hint=hint or None)





def _index(idx):
    return "[" + ", ".join(str(int(i)) for i in idx) + "]"


def _at(idx):
    return f" at index {_index(idx)}" if len(idx) else ""


def _type_name(value):
    if value is None:
        return "None (a function without a return statement returns None)"
    return type(value).__name__


def _number(x):
    return f"{x:.10g}" if isinstance(x, (float, np.floating)) else str(x)


def check_type(name, value, types, hint=None, *, mistake=None):
    """Check that ``isinstance(value, types)``.

    Inputs:
    - name: what is checked, e.g. "the cost returned by l2_penalty"
    - value: the object found
    - types: a type or a tuple of types
    - hint: optional one-sentence hint shown on failure
    """
    __tracebackhide__ = True
    if not isinstance(value, types):
        wanted = types if isinstance(types, tuple) else (types,)
        names = " or ".join(t.__name__ for t in wanted)
        fail(f"{name}: expected type {names}, found {_type_name(value)}.", hint, mistake=mistake)


def _shape_matches(shape, expected):
    if len(shape) != len(expected):
        return False
    return all(e is None or s == e for s, e in zip(shape, expected, strict=True))


def check_shape(name, array, expected_shape, hint=None, *, mistake=None):
    """Check an array's shape. ``None`` in expected_shape matches any size.

    Inputs:
    - name: what is checked, e.g. "A_drop returned by dropout_forward"
    - array: the array found
    - expected_shape: tuple of ints (or None entries)
    - hint: optional hint shown on failure
    """
    __tracebackhide__ = True
    expected_shape = tuple(expected_shape)
    shape = getattr(array, "shape", None)
    if shape is None:
        fail(f"{name}: expected an array of shape {expected_shape}, found {_type_name(array)}.", hint, mistake=mistake)
    if not _shape_matches(tuple(shape), expected_shape):
        fail(f"{name}: expected shape {expected_shape}, found shape {tuple(shape)}.", hint, mistake=mistake)


def _as_float_array(name, found, expected_shape, hint, mistake=None):
    __tracebackhide__ = True
    if found is None or isinstance(found, (str, bytes, dict)):
        fail(f"{name}: expected a number or an array of shape {expected_shape}, "
              f"found {_type_name(found)}.", hint, mistake=mistake)
    try:
        return np.asarray(found, dtype=float)
    except (TypeError, ValueError):
        fail(f"{name}: expected a number or an array of shape {expected_shape}, found {_type_name(found)} "
              f"that does not convert to a float array.", hint, mistake=mistake)


def check_close(name, found, expected, rtol=1e-7, atol=1e-10, hint=None, *, mistake=None):
    """Check that found matches expected, entry by entry, like ``np.allclose``.

    An entry passes when ``|found - expected| <= atol + rtol * |expected|``: relative where the
    expected value is large, absolute (atol) near zero, so rounding in a correct answer never fails.
    The shape is checked first; NaN or inf found where a finite value is expected is reported as
    such. On failure the message gives the worst entry's relative error
    ``|found - expected| / max(|expected|, atol)``, the tolerance, and the worst entry's index with
    its expected and found values.

    Inputs:
    - name: what is checked
    - found: number or array found
    - expected: number or array expected
    - rtol: relative tolerance
    - atol: absolute tolerance, which matters where |expected| is near zero
    - hint: optional hint shown on failure
    """
    __tracebackhide__ = True
    expected = np.asarray(expected, dtype=float)
    f = _as_float_array(name, found, expected.shape, hint, mistake=mistake)
    if f.shape != expected.shape:
        fail(f"{name}: expected shape {expected.shape}, found shape {f.shape}.", hint, mistake=mistake)
    if f.size == 0:
        return
    finite = np.isfinite(expected)
    bad = finite & ~np.isfinite(f)
    if bad.any():
        idx = np.unravel_index(np.argmax(bad), f.shape)
        fail(f"{name}: found {f[idx]}{_at(idx)} where a finite value was expected"
              f"{_expected(f' (expected {_number(expected[idx])})')}; {int(bad.sum())} of {f.size} entries "
              "are NaN or inf.", hint, mistake=mistake)
    special = ~finite & ~((f == expected) | (np.isnan(f) & np.isnan(expected)))
    if special.any():
        idx = np.unravel_index(np.argmax(special), f.shape)
        fail(f"{name}: {_expected(f'expected {expected[idx]}{_at(idx)}, ')}found {_number(f[idx])}"
              f"{f'{_at(idx)}, which is wrong' if _concealed else ''}.", hint, mistake=mistake)
    with np.errstate(invalid="ignore", over="ignore"):
        difference = np.where(finite, np.abs(f - expected), 0.0)
        excess = difference - (atol + rtol * np.abs(np.where(finite, expected, 0.0)))
        error = difference / np.maximum(np.abs(np.where(finite, expected, 0.0)), atol)
    idx = np.unravel_index(np.argmax(excess), f.shape)
    worst = error[idx]
    if excess[idx] > 0:
        outside = int((excess > 0).sum())
        fail(f"{name}: max relative error {worst:.3g} exceeds the tolerance {rtol:g} "
              f"(|found - expected| must be at most {atol:g} + {rtol:g} * |expected|); worst entry{_at(idx)}: "
              f"{_expected(f'expected {_number(expected[idx])}, ')}found {_number(f[idx])}; "
              f"{outside} of {f.size} entries are outside the tolerance.", hint, mistake=mistake)


def check_equal(name, found, expected, hint=None, *, mistake=None):
    """Check exact equality (arrays: same shape and every entry equal, NaN equal to NaN).

    Inputs:
    - name: what is checked
    - found: the value found
    - expected: the value expected
    - hint: optional hint shown on failure
    """
    __tracebackhide__ = True
    if isinstance(found, np.ndarray) or isinstance(expected, np.ndarray):
        e = np.asarray(expected)
        if found is None or not hasattr(found, "__len__") and not np.isscalar(found):
            fail(f"{name}: expected an array of shape {e.shape}, found {_type_name(found)}.", hint, mistake=mistake)
        f = np.asarray(found)
        if f.shape != e.shape:
            fail(f"{name}: expected shape {e.shape}, found shape {f.shape}.", hint, mistake=mistake)
        same = f == e
        if f.dtype.kind in "fc" and e.dtype.kind in "fc":
            same = same | (np.isnan(f) & np.isnan(e))
        same = np.asarray(same, dtype=bool)
        if not same.all():
            idx = np.unravel_index(np.argmin(same), f.shape)
            fail(f"{name}: {_expected(f'expected {_number(e[idx])}{_at(idx)}, ')}found {_number(f[idx])}"
                  f"{_at(idx) if _concealed else ''}; {int((~same).sum())} of {f.size} entries differ.", hint,
                 mistake=mistake)
        return
    try:
        equal = bool(found == expected)
    except (TypeError, ValueError):
        equal = False
    if not equal:
        fail(f"{name}: {_expected(f'expected {_short(expected)}, ')}found {_short(found)}"
              f"{', which is wrong' if _concealed else ''}.", hint, mistake=mistake)


def check_true(condition, message, hint=None, *, mistake=None):
    """Check that condition holds; message says what was checked, expected and found.

    Inputs:
    - condition: truthy value
    - message: the failure message
    - hint: optional hint shown on failure
    """
    __tracebackhide__ = True
    if not condition:
        fail(message, hint, mistake=mistake)


def check_not_mutated(name, before, after, hint=None, *, mistake=None):
    """Check that a function left its input unchanged.

    Usage: ``before = copy.deepcopy(x); f(x); check_not_mutated("x", before, x)``.
    Compares arrays entry by entry (NaN equal to NaN), dicts by keys and values, lists and
    tuples by position.

    Inputs:
    - name: the input's name, e.g. "parameters passed to update_parameters"
    - before: a deep copy taken before the call
    - after: the same object after the call
    - hint: optional hint shown on failure
    """
    __tracebackhide__ = True
    difference = _first_difference(before, after, "")
    if difference is not None:
        fail(f"{name} was modified in place: expected it unchanged, found {difference}. A function should "
              f"build new arrays (e.g. A * D, A.copy()) instead of assigning into its inputs.", hint, mistake=mistake)


def _first_difference(before, after, path):
    if isinstance(before, dict):
        if not isinstance(after, dict) or set(before) != set(after):
            return f"keys {sorted(map(str, before))} before and {_short(after)} after"
        for key in before:
            diff = _first_difference(before[key], after[key], f"{path}[{key!r}]")
            if diff is not None:
                return diff
        return None
    if isinstance(before, (list, tuple)):
        if type(before) is not type(after) or len(before) != len(after):
            return f"{path or 'it'} was {_short(before)} before and is {_short(after)} after"
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            diff = _first_difference(b, a, f"{path}[{i}]")
            if diff is not None:
                return diff
        return None
    if isinstance(before, np.ndarray):
        a = np.asarray(after)
        if a.shape != before.shape:
            return f"{path or 'the array'} had shape {before.shape} before and {a.shape} after"
        same = np.asarray(before == a, dtype=bool)
        if before.dtype.kind in "fc" and a.dtype.kind in "fc":
            same |= np.isnan(before) & np.isnan(a)
        if not same.all():
            idx = np.unravel_index(np.argmin(same), a.shape)
            return (f"entry {path}{_index(idx) if idx else ''} was {_number(before[idx])} before "
                    f"and is {_number(a[idx])} after ({int((~same).sum())} of {a.size} entries changed)")
        return None
    try:
        equal = bool(before == after)
    except (TypeError, ValueError):
        equal = False
    return None if equal else f"{path or 'it'} was {_short(before)} before and is {_short(after)} after"


def check_tuple(name, value, names, hint=None, *, mistake=None):
    """Check that ``value`` is a tuple (or list) of ``len(names)`` items; return it.

    Inputs:
    - name: the call that returned it, e.g. "dropout_forward(A, 0.8, rng)"
    - value: what it returned
    - names: the names of the items, e.g. ["A_drop", "D"]
    """
    __tracebackhide__ = True
    if not isinstance(value, (tuple, list)) or len(value) != len(names):
        kind = _type_name(value) + (f" of length {len(value)}" if isinstance(value, (tuple, list)) else "")
        fail(f"{name} returned {kind}; expected a tuple ({', '.join(names)}).",
              hint or f"end the function with `return {', '.join(names)}`", mistake=mistake)
    return value


def check_array(name, value, shape, hint=None, *, mistake=None):
    """Check that ``value`` is a numeric ndarray of ``shape`` (a number when shape is ()); return it as float64.

    Inputs:
    - name: what is checked
    - value: the value found
    - shape: the expected shape, a tuple of ints (None entries match any size)
    """
    __tracebackhide__ = True
    shape = tuple(shape)
    if shape == () and isinstance(value, (int, float, np.generic)) and not isinstance(value, bool):
        value = np.asarray(value)
    if not isinstance(value, np.ndarray):
        fail(f"{name}: expected a numpy array of shape {shape}, found {_type_name(value)}.", hint, mistake=mistake)
    if not _shape_matches(value.shape, shape):
        fail(f"{name}: expected shape {shape}, found shape {value.shape}.", hint, mistake=mistake)
    if value.dtype.kind not in "biuf":
        fail(f"{name}: expected numbers, found an array of dtype {value.dtype}.", hint, mistake=mistake)
    return value.astype(np.float64)


def check_fraction(name, count, trials, p, hint=None, sigmas=6.0, *, mistake=None):
    """Check that ``count`` successes out of ``trials`` are within ``sigmas`` binomial standard
    deviations of ``p * trials`` (a correct random draw passes essentially always).

    Inputs:
    - name: what was counted, e.g. "the fraction of units kept"
    - count, trials: successes and draws
    - p: the probability of a success
    """
    __tracebackhide__ = True
    spread = sigmas * np.sqrt(trials * p * (1 - p)) + 1e-9
    if abs(count - p * trials) > spread:
        fail(f"{name}: {count / trials:.1%} of {trials} draws; expected about {p:.1%} "
              f"(within {spread / trials:.1%}).", hint, mistake=mistake)


def require_probability(name, value):
    """Raise unless value is a number in (0, 1] (for solution code, e.g. keep_prob).

    Inputs:
    - name: the argument's name, e.g. "keep_prob"
    - value: the value to check

    Raises TypeError for a non-number and ValueError("keep_prob must be in (0, 1], got 1.5")
    for a number outside (0, 1].
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number in (0, 1], got {type(value).__name__} {_short(value)}")
    if not 0 < value <= 1:
        raise ValueError(f"{name} must be in (0, 1], got {value}")
