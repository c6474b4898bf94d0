"""Assertions for hidden checks. Messages say what was checked and what was found, and give a
hint; they never print a hidden expected array."""
import numpy as np

from .hidden import CheckFailed


def fail(message, hint=None):
    raise CheckFailed(message + (f"\nHint: {hint}" if hint else ""))


def expect_tuple(value, length, call, names):
    if not isinstance(value, (tuple, list)) or len(value) != length:
        kind = f"a {type(value).__name__}" + (f" of length {len(value)}" if isinstance(value, (tuple, list)) else "")
        fail(f"{call} returned {kind}; expected a tuple ({', '.join(names)})",
             f"end the function with `return {', '.join(names)}`")
    return value


def expect_array(value, shape, what, hint=None):
    """``value`` must be a numeric ndarray of ``shape``; returns it as float64."""
    if isinstance(value, (bool, int, float, np.generic)) and shape == ():
        value = np.asarray(value)
    if not isinstance(value, np.ndarray):
        fail(f"{what} is a {type(value).__name__}; expected a numpy array of shape {shape}", hint)
    if value.shape != tuple(shape):
        fail(f"{what} has shape {value.shape}; expected {tuple(shape)}", hint)
    if value.dtype.kind not in "biuf":
        fail(f"{what} has dtype {value.dtype}; expected numbers", hint)
    return value.astype(np.float64)


def expect_close(found, expected, what, rtol=1e-7, atol=1e-10, hint=None):
    """Elementwise |found - expected| <= atol + rtol*|expected|; reports where and by how much."""
    found = expect_array(found, np.shape(expected), what, hint)
    expected = np.asarray(expected, dtype=np.float64)
    if not np.all(np.isfinite(found)):
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(found))[0])
        fail(f"{what} contains {found[index]} at index {index}", hint)
    error = np.abs(found - expected)
    bound = atol + rtol * np.abs(expected)
    if np.all(error <= bound):
        return
    index = np.unravel_index(np.argmax(error - bound), error.shape)
    relative = error[index] / max(abs(expected[index]), atol)
    where = f" at index {tuple(int(i) for i in index)}" if error.ndim else ""
    fail(f"{what} is off: relative error {relative:.2e}{where} (found {found[index]:.6g}); "
         f"the tolerance is {rtol:g}", hint)


def expect_binomial(count, trials, p, what, hint=None, sigmas=6.0):
    """``count`` successes in ``trials`` must be within ``sigmas`` standard deviations of p*trials."""
    spread = sigmas * np.sqrt(trials * p * (1 - p)) + 1e-9
    if abs(count - p * trials) > spread:
        fail(f"{what}: {count / trials:.1%} of {trials} draws; expected about {p:.1%} "
             f"(within {spread / trials:.1%})", hint)
