"""A plain L-layer network (ReLU hidden layers, sigmoid output) in NumPy.

Every pass follows CS231n's protocol: a forward function returns ``(out, cache)`` and its
backward function takes ``(dout, cache)``. Callers treat a cache as opaque, except for the one
documented layout of ``model_forward``'s caches.

Conventions: examples are columns, ``X`` has shape (n_x, m) and ``Y`` has shape (1, m).
Parameters are a dict ``{"W1", "b1", ..., "WL", "bL"}`` with ``W_l`` of shape (n_l, n_{l-1})
and ``b_l`` of shape (n_l, 1); gradients are a dict ``{"dW1", "db1", ..., "dWL", "dbL"}``.

Shape checks cost a few attribute look-ups per call, so they stay on in training loops.
"""
import numpy as np

EPS = 1e-12  # how close to 0 and 1 binary_cross_entropy clips AL

_MAX_EXP = 709.0  # np.exp(709.0) is finite, np.exp(710.0) overflows


def _shape_of(name, value, where):
    """The shape of ``value``, or a TypeError naming ``value`` if it is not an array."""
    try:
        return value.shape
    except AttributeError:
        raise TypeError(
            f"{where}: {name} must be a numpy array, got {type(value).__name__}"
        ) from None


# --------------------------------------------------------------------------- linear layer
def linear_forward(A_prev, W, b):
    """Forward pass of a linear (fully connected) layer: ``Z = W @ A_prev + b``.

    Inputs:
    - A_prev: activations of the previous layer, shape (n_prev, m)
    - W: weights, shape (n_l, n_prev)
    - b: biases, shape (n_l, 1)

    Returns a tuple of:
    - Z: pre-activations, shape (n_l, m)
    - cache: (A_prev, W, b), for linear_backward
    """
    try:
        a_shape, w_shape, b_shape = A_prev.shape, W.shape, b.shape
    except AttributeError:
        for name, value in (("A_prev", A_prev), ("W", W), ("b", b)):
            _shape_of(name, value, "linear_forward")
    if len(a_shape) != 2:
        raise ValueError(f"linear_forward: A_prev must be 2-D (n_prev, m), got shape {a_shape}")
    if len(w_shape) != 2 or w_shape[1] != a_shape[0]:
        raise ValueError(
            f"linear_forward: W has shape {w_shape} but A_prev has {a_shape[0]} rows; "
            f"W must have shape (n_l, {a_shape[0]})"
        )
    if b_shape != (w_shape[0], 1):
        raise ValueError(
            f"linear_forward: b has shape {b_shape}; expected ({w_shape[0]}, 1) to match W {w_shape}"
        )
    Z = W @ A_prev + b
    return Z, (A_prev, W, b)


def linear_backward(dZ, cache):
    """Backward pass of a linear layer.

    Inputs:
    - dZ: upstream gradient of the cost with respect to Z, shape (n_l, m)
    - cache: (A_prev, W, b) from linear_forward, shapes (n_prev, m), (n_l, n_prev), (n_l, 1)

    Returns a tuple of:
    - dA_prev: gradient with respect to A_prev, shape (n_prev, m)
    - dW: gradient with respect to W, shape (n_l, n_prev)
    - db: gradient with respect to b, shape (n_l, 1)
    """
    A_prev, W, _ = cache
    dz_shape = _shape_of("dZ", dZ, "linear_backward")
    if dz_shape != (W.shape[0], A_prev.shape[1]):
        raise ValueError(
            f"linear_backward: dZ has shape {dz_shape}; expected {(W.shape[0], A_prev.shape[1])}, "
            f"the shape of the Z this cache produced"
        )
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dA_prev, dW, db


# --------------------------------------------------------------------------- activations
def relu_forward(Z):
    """ReLU: ``A = max(0, Z)`` elementwise.

    Inputs:
    - Z: pre-activations, any shape, e.g. (n_l, m)

    Returns a tuple of:
    - A: activations, same shape as Z
    - cache: Z, for relu_backward
    """
    return np.maximum(Z, 0.0), Z


def _require_same_shape(where, dA, Z):
    if dA.shape != Z.shape:
        raise ValueError(f"{where}: dA has shape {dA.shape} but Z has shape {Z.shape}")


def relu_backward(dA, cache):
    """Backward pass of ReLU (the derivative at 0 is taken as 0).

    Inputs:
    - dA: upstream gradient, same shape as Z
    - cache: Z from relu_forward

    Returns:
    - dZ: gradient with respect to Z, same shape as Z
    """
    Z = cache
    _require_same_shape("relu_backward", dA, Z)
    return dA * (Z > 0)


def _sigmoid(Z):
    return 1.0 / (1.0 + np.exp(np.minimum(-Z, _MAX_EXP)))


def sigmoid_forward(Z):
    """Numerically stable sigmoid ``A = 1 / (1 + exp(-Z))`` elementwise.

    exp(-Z) is computed with -Z capped at 709 (exp(709) ~ 8e307 is finite), so large |Z| never
    overflows or warns, and outputs keep full relative precision wherever they are above 1e-307.

    Inputs:
    - Z: pre-activations, any shape, e.g. (1, m)

    Returns a tuple of:
    - A: activations in [0, 1], same shape as Z
    - cache: Z, for sigmoid_backward
    """
    return _sigmoid(Z), Z


def sigmoid_backward(dA, cache):
    """Backward pass of the sigmoid: ``dZ = dA * s * (1 - s)`` with ``s = sigmoid(Z)``.

    Inputs:
    - dA: upstream gradient, same shape as Z
    - cache: Z from sigmoid_forward

    Returns:
    - dZ: gradient with respect to Z, same shape as Z
    """
    Z = cache
    _require_same_shape("sigmoid_backward", dA, Z)
    s = _sigmoid(Z)
    return dA * s * (1.0 - s)


_FORWARD = {"relu": relu_forward, "sigmoid": sigmoid_forward}
_BACKWARD = {"relu": relu_backward, "sigmoid": sigmoid_backward}


def _unknown_activation(activation):
    return ValueError(f"unknown activation {activation!r}; expected 'relu' or 'sigmoid'")


def linear_activation_forward(A_prev, W, b, activation):
    """A linear layer followed by an activation.

    Inputs:
    - A_prev: activations of the previous layer, shape (n_prev, m)
    - W: weights, shape (n_l, n_prev)
    - b: biases, shape (n_l, 1)
    - activation: "relu" or "sigmoid"

    Returns a tuple of:
    - A: activations, shape (n_l, m)
    - cache: (linear_cache, activation_cache) = ((A_prev, W, b), Z)
    """
    try:
        forward = _FORWARD[activation]
    except (KeyError, TypeError):
        raise _unknown_activation(activation) from None
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = forward(Z)
    return A, (linear_cache, activation_cache)


def linear_activation_backward(dA, cache, activation):
    """Backward pass of linear_activation_forward.

    Inputs:
    - dA: upstream gradient with respect to A, shape (n_l, m)
    - cache: (linear_cache, activation_cache) from linear_activation_forward
    - activation: the activation used in the forward pass, "relu" or "sigmoid"

    Returns a tuple of:
    - dA_prev: gradient with respect to A_prev, shape (n_prev, m)
    - dW: gradient with respect to W, shape (n_l, n_prev)
    - db: gradient with respect to b, shape (n_l, 1)
    """
    try:
        backward = _BACKWARD[activation]
    except (KeyError, TypeError):
        raise _unknown_activation(activation) from None
    linear_cache, activation_cache = cache
    dZ = backward(dA, activation_cache)
    return linear_backward(dZ, linear_cache)


# --------------------------------------------------------------------------- cost
def _check_al_y(AL, Y, where):
    try:
        al_shape, y_shape = AL.shape, Y.shape
    except AttributeError:
        _shape_of("AL", AL, where)
        _shape_of("Y", Y, where)
    if al_shape != y_shape or len(al_shape) != 2:
        raise ValueError(
            f"{where}: AL has shape {al_shape} and Y has shape {y_shape}; "
            f"both must have the same 2-D shape (1, m)"
        )


def binary_cross_entropy(AL, Y):
    """Mean binary cross-entropy ``-(1/m) sum(Y log AL + (1 - Y) log(1 - AL))``.

    AL is clipped to [EPS, 1 - EPS] (EPS = 1e-12) first, so log(0) never happens and never warns.

    Inputs:
    - AL: predicted probabilities, shape (1, m)
    - Y: 0/1 labels, shape (1, m)

    Returns:
    - cost: a Python float
    """
    _check_al_y(AL, Y, "binary_cross_entropy")
    m = Y.shape[1]
    P = np.clip(AL, EPS, 1.0 - EPS)
    return float(-(np.sum(Y * np.log(P)) + np.sum((1 - Y) * np.log1p(-P))) / m)


def binary_cross_entropy_backward(AL, Y):
    """Gradient of the MEAN binary cross-entropy with respect to AL (so it includes 1/m).

    ``dAL = (1/m) * (-(Y / AL) + (1 - Y) / (1 - AL))``, with AL clipped as in
    binary_cross_entropy so that an AL of exactly 0 or 1 does not divide by zero.

    Inputs:
    - AL: predicted probabilities, shape (1, m)
    - Y: 0/1 labels, shape (1, m)

    Returns:
    - dAL: shape (1, m)
    """
    _check_al_y(AL, Y, "binary_cross_entropy_backward")
    m = Y.shape[1]
    P = np.clip(AL, EPS, 1.0 - EPS)
    return (-(Y / P) + (1 - Y) / (1.0 - P)) / m


# --------------------------------------------------------------------------- the L-layer model
def num_layers(parameters):
    """The number of layers L of a parameter dict {"W1", "b1", ..., "WL", "bL"}.

    Inputs:
    - parameters: dict with W_l of shape (n_l, n_{l-1}) and b_l of shape (n_l, 1)

    Returns:
    - L: int, the largest l such that W1..WL and b1..bL are all present (at least 1)
    """
    if not isinstance(parameters, dict):
        raise TypeError(f"parameters must be a dict {{'W1', 'b1', ...}}, got {type(parameters).__name__}")
    L = 0
    while f"W{L + 1}" in parameters:
        L += 1
        if f"b{L}" not in parameters:
            raise ValueError(f"parameters has 'W{L}' but no 'b{L}'")
    if L == 0:
        raise ValueError(f"parameters has no 'W1'; keys are {sorted(parameters)}")
    return L


def model_forward(X, parameters):
    """Forward pass of the L-layer network: [LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID.

    Inputs:
    - X: inputs, shape (n_x, m)
    - parameters: dict {"W1", "b1", ..., "WL", "bL"}, W_l (n_l, n_{l-1}), b_l (n_l, 1)

    Returns a tuple of:
    - AL: output probabilities, shape (n_L, m) (n_L = 1 for a binary classifier)
    - caches: list of L caches; caches[l-1] is layer l's (linear_cache, activation_cache)
      where linear_cache = (A_prev, W_l, b_l) and activation_cache = Z_l
    """
    L = num_layers(parameters)
    caches = []
    A = X
    for l in range(1, L):
        Z, linear_cache = linear_forward(A, parameters[f"W{l}"], parameters[f"b{l}"])
        A = np.maximum(Z, 0.0)
        caches.append((linear_cache, Z))
    Z, linear_cache = linear_forward(A, parameters[f"W{L}"], parameters[f"b{L}"])
    AL = _sigmoid(Z)
    caches.append((linear_cache, Z))
    return AL, caches


def model_backward(AL, Y, caches):
    """Gradients of the MEAN binary cross-entropy of model_forward's output.

    The output layer uses the exact simplification ``dZ_L = (AL - Y) / m`` of
    binary_cross_entropy_backward followed by sigmoid_backward; it stays exact when AL
    saturates at 0 or 1, where the two-step form loses the gradient.

    Inputs:
    - AL: output probabilities from model_forward, shape (1, m)
    - Y: 0/1 labels, shape (1, m)
    - caches: the list returned by model_forward

    Returns:
    - grads: dict {"dW1", "db1", ..., "dWL", "dbL"} with the shapes of W_l and b_l
    """
    _check_al_y(AL, Y, "model_backward")
    L = len(caches)
    if L == 0:
        raise ValueError("model_backward: caches is empty; pass the caches returned by model_forward")
    grads = {}
    dZ = (AL - Y) / Y.shape[1]
    for l in range(L, 0, -1):
        (A_prev, W, _), _ = caches[l - 1]
        grads[f"dW{l}"] = dZ @ A_prev.T
        grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True)
        if l > 1:
            dZ = (W.T @ dZ) * (caches[l - 2][1] > 0)  # relu_backward of layer l - 1
    return grads


def predict(X, parameters):
    """0/1 predictions of the network: 1 where the output probability is above 0.5.

    Inputs:
    - X: inputs, shape (n_x, m)
    - parameters: dict {"W1", "b1", ..., "WL", "bL"}

    Returns:
    - Y_hat: int array of 0s and 1s, shape (1, m)
    """
    AL, _ = model_forward(X, parameters)
    return (AL > 0.5).astype(int)


def init_uniform(layer_dims, rng):
    """Glorot-uniform initialisation: ``W_l ~ U(-r, r)``, ``r = sqrt(6 / (n_l + n_{l-1}))``, ``b_l = 0``.

    Inputs:
    - layer_dims: list [n_0, n_1, ..., n_L] of positive ints (n_0 = n_x)
    - rng: numpy.random.Generator

    Returns:
    - parameters: dict {"W1", "b1", ..., "WL", "bL"}, W_l (n_l, n_{l-1}), b_l (n_l, 1)
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"init_uniform: rng must be a numpy.random.Generator (np.random.default_rng(seed)), "
            f"got {type(rng).__name__}"
        )
    dims = list(layer_dims)
    if len(dims) < 2:
        raise ValueError(f"init_uniform: layer_dims needs at least 2 entries [n_x, ..., n_L], got {dims}")
    for n in dims:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"init_uniform: every layer size must be a positive int, got {dims}")
    parameters = {}
    for l in range(1, len(dims)):
        r = np.sqrt(6.0 / (dims[l] + dims[l - 1]))
        parameters[f"W{l}"] = rng.uniform(-r, r, size=(dims[l], dims[l - 1]))
        parameters[f"b{l}"] = np.zeros((dims[l], 1))
    return parameters


def update_parameters(parameters, grads, learning_rate):
    """One step of plain gradient descent: ``p = p - learning_rate * dp`` for every parameter.

    Inputs:
    - parameters: dict {"W1", "b1", ...} of arrays
    - grads: dict {"dW1", "db1", ...}, each of its parameter's shape
    - learning_rate: float

    Returns:
    - parameters: a NEW dict of new arrays (the input dict and arrays are not modified)
    """
    new = {}
    for key, value in parameters.items():
        try:
            grad = grads["d" + key]
        except KeyError:
            raise ValueError(f"update_parameters: grads has no 'd{key}' for parameter '{key}'") from None
        if grad.shape != value.shape:
            raise ValueError(
                f"update_parameters: d{key} has shape {grad.shape} but {key} has shape {value.shape}"
            )
        new[key] = value - learning_rate * grad
    return new
