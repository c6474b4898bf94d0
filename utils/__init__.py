"""Shared NumPy helpers for the "Improving Deep Neural Networks" notebooks.

``from utils import model_forward, train, plot_decision_boundary, ...``

- ``utils.datasets``: synthetic data sets (moons, circles, flower, blobs, daily temperatures)
- ``utils.nn``: a plain L-layer network with CS231n's (out, cache) / (dout, cache) protocol
- ``utils.params``: parameter dict <-> vector
- ``utils.progress``: a progress bar that never writes to stderr
- ``utils.training``: full-batch gradient descent; ``demo_size`` shrinks demos while nbgrader grades
- ``utils.plotting``: data sets, decision boundaries, cost curves (imports matplotlib lazily)
- ``utils.checks``: assertion helpers for the visible tests (the hidden checks use them too)
- topic helpers imported from their modules: ``utils.images`` (small pictures to augment),
  ``utils.tanh_net`` (a tanh network with a penalty hook), ``utils.many_networks`` (many small
  networks trained side by side), ``utils.explorers`` (the sliders of 03, 04 and 08)

utils answers none of the graded exercises.
"""
from .checks import (
    CheckFailed,
    check_array,
    check_close,
    check_equal,
    check_fraction,
    check_not_mutated,
    check_shape,
    check_true,
    check_tuple,
    check_type,
    require_probability,
)
from .datasets import (
    daily_temperatures,
    make_blobs,
    make_circles,
    make_flower,
    make_moons,
    make_train_test,
)
from .nn import (
    binary_cross_entropy,
    binary_cross_entropy_backward,
    init_uniform,
    linear_activation_backward,
    linear_activation_forward,
    linear_backward,
    linear_forward,
    model_backward,
    model_forward,
    num_layers,
    predict,
    relu_backward,
    relu_forward,
    sigmoid_backward,
    sigmoid_forward,
    update_parameters,
)
from .params import gradients_to_vector, parameters_to_vector, vector_to_parameters
from .plotting import plot_costs, plot_dataset, plot_decision_boundary
from .progress import ProgressBar
from .training import demo_size, grading, train

__all__ = [
    "CheckFailed",
    "ProgressBar",
    "binary_cross_entropy",
    "binary_cross_entropy_backward",
    "check_array",
    "check_close",
    "check_equal",
    "check_fraction",
    "check_not_mutated",
    "check_shape",
    "check_true",
    "check_tuple",
    "check_type",
    "daily_temperatures",
    "demo_size",
    "gradients_to_vector",
    "grading",
    "init_uniform",
    "linear_activation_backward",
    "linear_activation_forward",
    "linear_backward",
    "linear_forward",
    "make_blobs",
    "make_circles",
    "make_flower",
    "make_moons",
    "make_train_test",
    "model_backward",
    "model_forward",
    "num_layers",
    "parameters_to_vector",
    "plot_costs",
    "plot_dataset",
    "plot_decision_boundary",
    "predict",
    "relu_backward",
    "relu_forward",
    "require_probability",
    "sigmoid_backward",
    "sigmoid_forward",
    "train",
    "update_parameters",
    "vector_to_parameters",
]
