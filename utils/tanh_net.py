"""A small network with tanh hidden layers and a sigmoid output, for the regularization demos.

Why tanh: near z = 0, tanh(z) is almost the straight line z, so a network whose weights are
kept small (by L2, say) computes an almost linear function. ``fit`` trains it with full-batch
gradient descent and hands each epoch's gradients to an optional ``regularize`` hook, where a
notebook adds its own penalty gradient; ``fit`` itself adds no penalty of any kind.

Conventions: examples are columns, ``X`` has shape (n_x, m), ``Y`` has shape (1, m) with 0/1
labels. Parameters are a dict ``{"W1", "b1", ..., "WL", "bL"}`` with ``W_l`` of shape
(n_l, n_{l-1}) and ``b_l`` of shape (n_l, 1); gradients are ``{"dW1", "db1", ...}``.
Initialise the parameters with ``utils.init_uniform`` (Glorot, suited to tanh).
"""
import numpy as np

from .nn import binary_cross_entropy, num_layers

_MAX_EXP = 709.0


def _sigmoid(Z):
    return 1.0 / (1.0 + np.exp(np.minimum(-Z, _MAX_EXP)))


def tanh_forward(X, parameters):
    """Forward pass: [LINEAR -> TANH] * (L-1) -> LINEAR -> SIGMOID.

    Inputs:
    - X: inputs, shape (n_x, m)
    - parameters: dict {"W1", "b1", ..., "WL", "bL"}, W_l (n_l, n_{l-1}), b_l (n_l, 1)

    Returns a tuple of:
    - AL: output probabilities, shape (1, m)
    - caches: list of L tuples (A_prev, W_l, Z_l, A_l): the layer's input (n_{l-1}, m), weights,
      pre-activations (n_l, m) and activations (n_l, m); tanh_backward reads them, demos plot Z_l
    """
    L = num_layers(parameters)
    A = np.asarray(X, dtype=float)
    caches = []
    for l in range(1, L + 1):
        W = parameters[f"W{l}"]
        Z = W @ A + parameters[f"b{l}"]
        A_prev, A = A, (np.tanh(Z) if l < L else _sigmoid(Z))
        caches.append((A_prev, W, Z, A))
    return A, caches


def tanh_backward(AL, Y, caches):
    """Gradients of the MEAN binary cross-entropy (no penalty term) of tanh_forward's output.

    Inputs:
    - AL: output probabilities from tanh_forward, shape (1, m)
    - Y: 0/1 labels, shape (1, m)
    - caches: the list returned by tanh_forward

    Returns:
    - grads: dict {"dW1", "db1", ..., "dWL", "dbL"} with the shapes of W_l and b_l
    """
    gradients = {}
    dZ = (AL - Y) / Y.shape[1]  # output layer: sigmoid with the mean cross-entropy
    for l in range(len(caches), 0, -1):
        A_prev, W = caches[l - 1][:2]
        gradients[f"dW{l}"] = dZ @ A_prev.T
        gradients[f"db{l}"] = dZ.sum(axis=1, keepdims=True)
        if l > 1:
            dZ = (W.T @ dZ) * (1.0 - A_prev ** 2)  # tanh'(z) = 1 - tanh(z)^2, and A_prev = tanh(Z_{l-1})
    return gradients


def tanh_predict(X, parameters):
    """0/1 predictions: 1 where tanh_forward's output probability is above 0.5.

    Inputs:
    - X: inputs, shape (n_x, m)
    - parameters: dict {"W1", "b1", ..., "WL", "bL"}

    Returns:
    - Y_hat: int array of 0s and 1s, shape (1, m)
    """
    AL, _ = tanh_forward(X, parameters)
    return (AL > 0.5).astype(int)


def accuracy(X, Y, parameters):
    """Fraction of the columns of X that tanh_predict labels as Y.

    Inputs:
    - X: inputs, shape (n_x, m)
    - Y: 0/1 labels, shape (1, m)
    - parameters: dict {"W1", "b1", ..., "WL", "bL"}

    Returns:
    - accuracy: a Python float in [0, 1]
    """
    return float(np.mean(tanh_predict(X, parameters) == Y))


def fit(X, Y, parameters, *, learning_rate, num_epochs, regularize=None, X_dev=None, Y_dev=None,
        record_costs=True):
    """Full-batch gradient descent on the tanh network, recording train (and dev) costs.

    Each epoch: forward on X, record the cross-entropy on X (and on X_dev when given), backward,
    ``grads = regularize(grads, parameters)`` when a hook is given, then ``p -= learning_rate * dp``.
    The recorded costs are the plain mean cross-entropy, without any penalty term, so runs with
    and without regularization compare on the same scale.

    Inputs:
    - X: training inputs, shape (n_x, m)
    - Y: training labels, shape (1, m)
    - parameters: dict {"W1", "b1", ..., "WL", "bL"}; not modified
    - learning_rate: float > 0
    - num_epochs: int >= 0, the number of gradient steps
    - regularize: None, or a function (grads, parameters) -> grads that adds a penalty's gradient
    - X_dev, Y_dev: optional dev set, shapes (n_x, m_dev) and (1, m_dev)
    - record_costs: False skips recording the training cost (faster; train_costs is then empty)

    Returns a tuple of:
    - parameters: a new dict of trained parameters
    - train_costs: ndarray (num_epochs,), the training cost before the update of each epoch
      (empty when record_costs is False)
    - dev_costs: ndarray (num_epochs,), the dev cost at the same moments (empty without a dev set)
    """
    if learning_rate <= 0:
        raise ValueError(f"fit: learning_rate must be > 0, got {learning_rate!r}")
    parameters = {key: np.array(value, dtype=float, copy=True) for key, value in parameters.items()}
    train_costs = np.empty(num_epochs if record_costs else 0)
    dev_costs = np.empty(num_epochs if X_dev is not None else 0)
    for epoch in range(num_epochs):
        AL, caches = tanh_forward(X, parameters)
        if record_costs:
            train_costs[epoch] = binary_cross_entropy(AL, Y)
        if X_dev is not None:
            dev_costs[epoch] = binary_cross_entropy(tanh_forward(X_dev, parameters)[0], Y_dev)
        grads = tanh_backward(AL, Y, caches)
        if regularize is not None:
            grads = regularize(grads, parameters)
        parameters = {key: value - learning_rate * grads["d" + key] for key, value in parameters.items()}
    return parameters, train_costs, dev_costs
