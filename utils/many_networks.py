"""Train many small networks at once, for sweeps over network size, data and seeds.

Each network is the utils network with one hidden layer, ``[n_x, width, 1]`` (ReLU hidden layer,
sigmoid output, mean binary cross-entropy, full-batch gradient descent, Glorot-uniform start as
``utils.nn.init_uniform``), trained on its own data set. The K networks are stacked into 3-D
arrays and trained side by side: one NumPy call per step for all of them instead of a Python loop
per network, which makes a sweep of a few dozen networks take about a second. Widths differ from
network to network: the stack is padded to the largest width and the padded units are masked out
(they stay exactly zero).
"""
import numpy as np


def _check_stack(X, Y):
    if not isinstance(X, np.ndarray) or X.ndim != 3:
        raise ValueError(f"train_many: X must be an array of shape (K, n_x, m), got shape {np.shape(X)}")
    K, _, m = X.shape
    if not isinstance(Y, np.ndarray) or Y.shape != (K, 1, m):
        raise ValueError(f"train_many: Y must have shape ({K}, 1, {m}) to match X, got {np.shape(Y)}")


def train_many(X, Y, widths, rng, *, learning_rate, num_epochs, input_noise=0.0):
    """Train K one-hidden-layer networks side by side with full-batch gradient descent.

    Network k has layer sizes ``[n_x, widths[k], 1]`` and trains on ``(X[k], Y[k])``.
    ``input_noise[k] > 0`` adds fresh Gaussian noise of that standard deviation to network k's
    inputs at every step (noise injection, a regularizer: the network cannot fit a boundary
    sharper than the noise); 0 trains on the clean inputs.

    Inputs:
    - X: inputs, shape (K, n_x, m)
    - Y: 0/1 labels, shape (K, 1, m)
    - widths: sequence of K positive ints, the hidden-layer width of each network
    - rng: numpy.random.Generator, for the initial weights and the input noise
    - learning_rate: float > 0
    - num_epochs: int >= 0, the number of gradient steps
    - input_noise: float or sequence of K floats >= 0, the noise standard deviation per network

    Returns:
    - parameters: list of K dicts {"W1", "b1", "W2", "b2"} (W1 of shape (widths[k], n_x),
      b1 (widths[k], 1), W2 (1, widths[k]), b2 (1, 1)), usable with utils.predict
    """
    _check_stack(X, Y)
    K, n_x, m = X.shape
    widths = [int(w) for w in widths]
    if len(widths) != K or min(widths) < 1:
        raise ValueError(f"train_many: widths must hold {K} positive ints, got {widths}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"train_many: rng must be a numpy.random.Generator, got {type(rng).__name__}")
    noise = np.broadcast_to(np.asarray(input_noise, dtype=float), (K,)).reshape(K, 1, 1)
    if np.any(noise < 0):
        raise ValueError("train_many: input_noise must be >= 0")
    H = max(widths)
    mask = (np.arange(H)[None, :] < np.array(widths)[:, None]).astype(float)[:, :, None]  # (K, H, 1)
    r1 = np.sqrt(6.0 / (np.array(widths) + n_x)).reshape(K, 1, 1)
    r2 = np.sqrt(6.0 / (np.array(widths) + 1)).reshape(K, 1, 1)
    W1 = rng.uniform(-1, 1, size=(K, H, n_x)) * r1 * mask
    b1 = np.zeros((K, H, 1))
    W2 = rng.uniform(-1, 1, size=(K, 1, H)) * r2 * mask.transpose(0, 2, 1)
    b2 = np.zeros((K, 1, 1))
    noisy = bool(np.any(noise > 0))
    for _ in range(int(num_epochs)):
        A0 = X + noise * rng.standard_normal(X.shape) if noisy else X
        Z1 = W1 @ A0 + b1
        A1 = np.maximum(Z1, 0.0)
        A2 = 1.0 / (1.0 + np.exp(-np.clip(W2 @ A1 + b2, -500, 500)))
        dZ2 = (A2 - Y) / m                                   # (K, 1, m)
        dW2 = dZ2 @ A1.transpose(0, 2, 1)
        db2 = dZ2.sum(axis=2, keepdims=True)
        dZ1 = (W2.transpose(0, 2, 1) @ dZ2) * (Z1 > 0)       # (K, H, m)
        dW1 = dZ1 @ A0.transpose(0, 2, 1)
        db1 = dZ1.sum(axis=2, keepdims=True)
        W1 -= learning_rate * dW1 * mask
        b1 -= learning_rate * db1 * mask
        W2 -= learning_rate * dW2 * mask.transpose(0, 2, 1)
        b2 -= learning_rate * db2
    return [{"W1": W1[k, :w].copy(), "b1": b1[k, :w].copy(), "W2": W2[k, :, :w].copy(), "b2": b2[k].copy()}
            for k, w in enumerate(widths)]
