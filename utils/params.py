"""Parameter dict <-> flat vector, for gradient checking.

The order of the blocks is by layer, then by name: W1, b1, W2, b2, ..., WL, bL (keys such as
"gamma1" that end in a layer number sort into their layer; keys without one come last, by name).
Every block is flattened in C (row-major) order.
"""
import re

import numpy as np

_LAYER_KEY = re.compile(r"^(.*?)(\d+)$")


def _order(keys):
    def sort_key(key):
        match = _LAYER_KEY.match(key)
        if match is None:
            return (1, 0, key)
        return (0, int(match.group(2)), match.group(1))

    return sorted(keys, key=sort_key)


def _describe(like, keys):
    return ", ".join(f"{k} {np.shape(like[k])}" for k in keys)


def parameters_to_vector(parameters):
    """Concatenate every parameter into one vector.

    Inputs:
    - parameters: dict {"W1", "b1", ..., "WL", "bL"} of arrays

    Returns a tuple of:
    - theta: shape (P,), float64, P the total number of entries
    - keys: list of the keys in the order of their blocks in theta, e.g. ["W1", "b1", "W2", "b2"]
    """
    if not isinstance(parameters, dict) or not parameters:
        raise ValueError(f"parameters_to_vector: parameters must be a non-empty dict, got {parameters!r}")
    keys = _order(parameters)
    theta = np.concatenate([np.asarray(parameters[k], dtype=float).ravel() for k in keys])
    return theta, keys


def vector_to_parameters(theta, like):
    """Cut a vector from parameters_to_vector back into a parameter dict.

    Inputs:
    - theta: shape (P,) (or (P, 1))
    - like: a parameter dict whose keys and shapes to use, e.g. the dict that made theta

    Returns:
    - parameters: a new dict with like's keys and shapes, holding copies of theta's entries
    """
    theta = np.asarray(theta, dtype=float)
    if theta.ndim == 2 and theta.shape[1] == 1:
        theta = theta[:, 0]
    if theta.ndim != 1:
        raise ValueError(f"vector_to_parameters: theta must have shape (P,), got {theta.shape}")
    if not isinstance(like, dict) or not like:
        raise ValueError("vector_to_parameters: like must be a non-empty parameter dict")
    keys = _order(like)
    sizes = [int(np.size(like[k])) for k in keys]
    if theta.size != sum(sizes):
        raise ValueError(
            f"vector_to_parameters: theta has {theta.size} entries but the parameters need "
            f"{sum(sizes)} ({_describe(like, keys)})"
        )
    parameters, start = {}, 0
    for key, size in zip(keys, sizes, strict=True):
        parameters[key] = theta[start:start + size].reshape(np.shape(like[key])).copy()
        start += size
    return parameters


def gradients_to_vector(grads, like_parameters):
    """Concatenate gradients in the same order as parameters_to_vector(like_parameters).

    Inputs:
    - grads: dict {"dW1", "db1", ...}; "d" + key for every key of like_parameters, same shapes
    - like_parameters: the parameter dict the gradients belong to

    Returns:
    - grad: shape (P,), float64; grad[i] is the derivative with respect to theta[i]
    """
    if not isinstance(like_parameters, dict) or not like_parameters:
        raise ValueError("gradients_to_vector: like_parameters must be a non-empty parameter dict")
    blocks = []
    for key in _order(like_parameters):
        if "d" + key not in grads:
            raise ValueError(f"gradients_to_vector: grads has no 'd{key}' for parameter '{key}'")
        g = np.asarray(grads["d" + key], dtype=float)
        if g.shape != np.shape(like_parameters[key]):
            raise ValueError(
                f"gradients_to_vector: d{key} has shape {g.shape} but {key} has shape "
                f"{np.shape(like_parameters[key])}"
            )
        blocks.append(g.ravel())
    return np.concatenate(blocks)
