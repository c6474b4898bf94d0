"""utils as a package: its public API, a light import, explicit randomness only, and the hard
rule that utils answers no graded function (not even under another name)."""
import inspect
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import utils

UTILS_DIR = Path(utils.__file__).parent

PUBLIC_API = {
    "CheckFailed", "ProgressBar", "binary_cross_entropy", "binary_cross_entropy_backward", "check_array",
    "check_close", "check_equal", "check_fraction", "check_tuple",
    "check_not_mutated", "check_shape", "check_true", "check_type", "daily_temperatures",
    "gradients_to_vector", "init_uniform", "linear_activation_backward", "linear_activation_forward",
    "linear_backward", "linear_forward", "make_blobs", "make_circles", "make_flower", "make_moons",
    "make_train_test", "model_backward", "model_forward", "num_layers", "parameters_to_vector",
    "plot_costs", "plot_dataset", "plot_decision_boundary", "predict", "relu_backward", "relu_forward",
    "require_probability",
    "sigmoid_backward", "sigmoid_forward", "train", "update_parameters", "vector_to_parameters",
}

# Every graded function of CURRICULUM.md, written out so this test stands on its own.
GRADED = {
    "split_sizes", "shuffle_split", "fit_normalizer", "normalize", "error_rate", "diagnose", "basic_recipe",
    "l2_penalty", "cost_with_l2", "l2_gradients", "l1_penalty", "weight_decay_step", "flip_horizontal",
    "early_stopping_epoch", "dropout_forward", "dropout_backward", "init_zeros", "init_he", "init_xavier",
    "activation_norms", "centered_difference", "one_sided_difference", "relative_difference",
    "gradient_check", "gradcheck_verdict", "worst_block", "random_mini_batches", "num_mini_batches", "ewa",
    "momentum_step", "rmsprop_step", "adam_step", "lr_inverse_decay", "lr_exponential_decay",
    "sample_log_uniform", "sample_beta", "ewa_horizon", "grid_points", "zoom_in", "batchnorm_forward",
    "batchnorm_backward", "update_running_stats", "batchnorm_inference", "softmax", "hardmax", "one_hot",
    "softmax_cross_entropy", "softmax_backward",
}

# Name fragments of the techniques utils must not implement under any name.
FORBIDDEN_FRAGMENTS = (
    "dropout", "split", "shuffle", "normaliz", "standardiz", "he_", "xavier", "zeros", "l1", "l2", "penalty",
    "weight_decay", "decay", "early", "flip", "augment", "softmax", "one_hot", "hardmax", "argmax",
    "batchnorm", "batch_norm", "mini_batch", "minibatch", "momentum", "rmsprop", "adam", "ewa", "average",
    "log_uniform", "sample", "grid", "zoom", "error_rate", "accuracy", "relative_diff", "gradient_check",
    "gradcheck", "numerical", "centered", "one_sided", "finite_diff",
)


def all_utils_names():
    """(module, name) for every function, class and method defined anywhere in utils."""
    import importlib

    names = []
    for info in pkgutil.iter_modules([str(UTILS_DIR)]):
        module = importlib.import_module(f"utils.{info.name}")
        for name, obj in vars(module).items():
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == module.__name__:
                names.append((module.__name__, name))
                if inspect.isclass(obj):
                    methods = [m for m in vars(obj) if callable(getattr(obj, m))]
                    names += [(f"{module.__name__}.{name}", m) for m in methods]
    return names


def test_public_api_is_exported():
    assert set(utils.__all__) == PUBLIC_API
    for name in PUBLIC_API:
        assert callable(getattr(utils, name)), name


def test_every_public_function_documents_inputs_and_returns():
    for name in PUBLIC_API:
        doc = inspect.getdoc(getattr(utils, name))
        assert doc and "Inputs:" in doc, f"{name}: docstring has no 'Inputs:' section"
        if not inspect.isclass(getattr(utils, name)) and not name.startswith(("check_", "require_")):
            assert "Returns" in doc, f"{name}: docstring has no 'Returns' section"


def test_no_graded_function_in_utils():
    found = all_utils_names()
    assert len(found) > 30
    for module, name in found:
        assert name not in GRADED, f"{module}.{name} is a graded function"
        lowered = name.lower()
        for fragment in FORBIDDEN_FRAGMENTS:
            assert fragment not in lowered, f"{module}.{name} looks like a graded technique ({fragment!r})"


def test_randomness_only_through_explicit_generators():
    for path in UTILS_DIR.glob("*.py"):
        source = path.read_text()
        uses = re.findall(r"np\.random\.(\w+)", source)
        assert set(uses) <= {"Generator", "default_rng"}, f"{path.name} uses global np.random: {uses}"
        assert "import random" not in source, path.name


def test_nothing_in_utils_writes_to_stderr():
    for path in UTILS_DIR.glob("*.py"):
        source = path.read_text()
        assert "sys.stderr" not in source and "warnings.warn" not in source, path.name


def test_import_is_light():
    code = "import sys, utils; print([m for m in ('matplotlib', 'IPython', 'scipy') if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout
    assert result.stderr == ""
