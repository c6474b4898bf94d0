"""Full-batch gradient descent with a progress bar, and demo sizes that shrink while grading."""
import numbers
import os

import numpy as np

from .nn import binary_cross_entropy, model_backward, model_forward, update_parameters
from .progress import ProgressBar

GRADING_EPOCHS = 20


def grading():
    """True while nbgrader autogrades or validates the notebook (it sets NBGRADER_EXECUTION).

    Inputs: none.

    Returns:
    - bool
    """
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def demo_size(full, while_grading):
    """How big a demo should be: ``full`` in JupyterLab, ``while_grading`` while nbgrader grades.

    Demos (training runs, sweeps over seeds) decide no grade, so grading need not wait for them.

    Inputs:
    - full: the size a student sees (epochs, seeds, ...)
    - while_grading: the size used while nbgrader autogrades or validates

    Returns:
    - full or while_grading
    """
    return while_grading if grading() else full


def train(X, Y, parameters, *, learning_rate, num_epochs, forward=model_forward, backward=model_backward,
          cost=binary_cross_entropy, record_every=1, progress=True, description="training"):
    """Train with full-batch gradient descent.

    Each epoch runs ``AL, caches = forward(X, parameters)``, records ``cost(AL, Y)`` when
    ``epoch % record_every == 0`` (so epoch 0 is always recorded), then
    ``grads = backward(AL, Y, caches)`` and ``parameters = update_parameters(parameters, grads,
    learning_rate)``. Swap in your own ``forward`` / ``backward`` / ``cost`` with the same
    signatures to train a different model.

    Inputs:
    - X: inputs, shape (n_x, m)
    - Y: labels, shape (1, m)
    - parameters: dict {"W1", "b1", ..., "WL", "bL"}; not modified
    - learning_rate: float > 0
    - num_epochs: int >= 0, the number of gradient steps
    - forward: function (X, parameters) -> (AL, caches)
    - backward: function (AL, Y, caches) -> grads {"dW1", "db1", ...}
    - cost: function (AL, Y) -> float
    - record_every: int >= 1
    - progress: show a progress bar (epoch and latest cost); False shows nothing
    - description: label of the progress bar

    Returns a tuple of:
    - parameters: a new dict of trained parameters
    - costs: list of floats, the cost before the updates of epochs 0, record_every, 2 * record_every, ...

    While nbgrader autogrades or validates (``grading()``), at most GRADING_EPOCHS epochs run: the
    demo still runs end to end, and the grade never depends on it.
    """
    if not isinstance(X, np.ndarray) or X.ndim != 2:
        raise ValueError(f"train: X must be a 2-D array (n_x, m), got shape {np.shape(X)}")
    if not isinstance(Y, np.ndarray) or Y.ndim != 2 or Y.shape[1] != X.shape[1]:
        raise ValueError(
            f"train: Y has shape {np.shape(Y)} but X has shape {X.shape}; Y must have shape (1, {X.shape[1]})"
        )
    if not isinstance(parameters, dict):
        raise TypeError(
            f"train: parameters must be a dict {{'W1', 'b1', ...}}, got {type(parameters).__name__}"
        )
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, numbers.Real) or learning_rate <= 0:
        raise ValueError(f"train: learning_rate must be a number > 0, got {learning_rate!r}")
    if isinstance(num_epochs, bool) or not isinstance(num_epochs, (int, np.integer)) or num_epochs < 0:
        raise ValueError(f"train: num_epochs must be an int >= 0, got {num_epochs!r}")
    if isinstance(record_every, bool) or not isinstance(record_every, (int, np.integer)) or record_every < 1:
        raise ValueError(f"train: record_every must be an int >= 1, got {record_every!r}")

    if grading() and num_epochs > GRADING_EPOCHS:
        num_epochs, description = GRADING_EPOCHS, f"{description} (shortened while grading)"
    costs = []
    bar = ProgressBar(int(num_epochs), description) if progress else None
    try:
        for epoch in range(num_epochs):
            AL, caches = forward(X, parameters)
            if epoch % record_every == 0:
                costs.append(float(cost(AL, Y)))
                if bar is not None:
                    bar.info["cost"] = costs[-1]
            grads = backward(AL, Y, caches)
            parameters = update_parameters(parameters, grads, learning_rate)
            if bar is not None:
                bar.update()
    finally:
        if bar is not None:
            bar.close()
    if num_epochs == 0:  # still hand back new arrays, never the caller's
        parameters = {key: np.array(value, copy=True) for key, value in parameters.items()}
    return parameters, costs
