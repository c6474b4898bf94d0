"""Gold tests: the reference solutions and ``utils`` against PyTorch, on the same inputs.

The reference solutions are the hidden checks' oracle; these tests check the oracle. Each test
computes a quantity with our code (the source notebooks' reference solutions, read by
``autograder.engine.reference``, and ``utils``) and with PyTorch 2.13.0 (CPU, a test-only
package: requirements-dev.txt), on random shapes from fixed seeds, in float64.

Deterministic quantities agree within ``RTOL = 1e-10`` relative difference, measured per tensor
as ``||ours - torch||_2 / ||torch||_2``. Where the two libraries follow different conventions
(torch's SGD momentum buffer, its unbiased running variance, its reversed batch-norm momentum,
its Glorot "xavier"), the test maps one onto the other explicitly; no tolerance is loosened
for a convention. The only looser bounds are the statistical ones of the initialisations,
stated where they are used.

A failure names the quantity and prints "ours vs torch" for the tensor that differs. Run with
``-s`` to see every comparison's relative difference.
"""
import numpy as np
import pytest

from autograder.engine import reference
from utils import many_networks, nn, tanh_net, training

try:
    import torch
    import torch.nn.functional as F
except ImportError as error:  # a clear error, never a silent skip: CI must run these
    raise ImportError(
        "the gold tests need PyTorch 2.13.0 (CPU), a test-only package: "
        "pip install -r requirements-dev.txt"
    ) from error

torch.set_num_threads(1)  # tiny tensors; the suite already runs one worker per core

RTOL = 1e-10  # relative difference allowed for every deterministic quantity
SEEDS = [0, 1, 2]
STEPS = 150  # consecutive optimizer steps compared (the issue asks for at least 100)


# --------------------------------------------------------------------------- comparing
def as_numpy(value):
    """A float64 ndarray of ``value`` (a torch tensor, an ndarray or a number)."""
    if isinstance(value, torch.Tensor):
        value = value.detach().numpy()
    return np.asarray(value, dtype=np.float64)


def relative_difference(ours, theirs):
    """||ours - theirs||_2 / ||theirs||_2 over all entries (the absolute difference if theirs is 0)."""
    difference = float(np.linalg.norm((ours - theirs).ravel()))
    scale = float(np.linalg.norm(theirs.ravel()))
    return difference / scale if scale > 0 else difference


def assert_matches(name, ours, theirs, rtol=RTOL, quiet=False):
    """Fail with "ours vs torch" when ``ours`` and ``theirs`` differ by more than ``rtol`` (relative).

    Returns the relative difference; prints it unless ``quiet`` (loops print their largest)."""
    ours, theirs = as_numpy(ours), as_numpy(theirs)
    if ours.shape != theirs.shape:
        raise AssertionError(f"{name}: ours has shape {ours.shape}, torch has shape {theirs.shape}")
    if not (np.all(np.isfinite(ours)) and np.all(np.isfinite(theirs))):
        raise AssertionError(f"{name}: not finite\nours:\n{ours}\ntorch:\n{theirs}")
    difference = relative_difference(ours, theirs)
    if not quiet:
        print(f"gold {name}: relative difference {difference:.2e} (bound {rtol:.0e})")
    if difference > rtol:
        with np.printoptions(precision=17, threshold=60, edgeitems=4):
            raise AssertionError(
                f"{name}: ours vs torch differ by {difference:.3e} relative (bound {rtol:.0e}), "
                f"largest entry difference {np.max(np.abs(ours - theirs)):.3e}\n"
                f"ours:\n{ours}\ntorch:\n{theirs}")
    return difference


def assert_dicts_match(name, ours, theirs, rtol=RTOL, quiet=False):
    """assert_matches on every key of two dicts with the same keys; returns the largest difference."""
    assert sorted(ours) == sorted(theirs), f"{name}: ours has keys {sorted(ours)}, torch has {sorted(theirs)}"
    return max(assert_matches(f"{name} {key}", ours[key], theirs[key], rtol, quiet) for key in sorted(theirs))


def print_largest(name, differences):
    print(f"gold {name}: largest relative difference {max(differences):.2e} (bound {RTOL:.0e})")


# --------------------------------------------------------------------------- random problems
def random_layer_dims(rng, max_layers=4, max_width=9):
    """[n_0, ..., n_L]: 2 to ``max_layers`` layers, widths 1..max_width, one output unit."""
    L = int(rng.integers(2, max_layers + 1))
    return [int(n) for n in rng.integers(1, max_width + 1, size=L)] + [1]


def random_parameters(rng, layer_dims, scale=0.7):
    """Normal weights of std ``scale / sqrt(n_{l-1})`` and normal biases of std 0.1: outputs stay
    away from 0 and 1, where the cross-entropy's terms lose relative precision in any library."""
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * scale / np.sqrt(
            layer_dims[l - 1])
        parameters[f"b{l}"] = 0.1 * rng.standard_normal((layer_dims[l], 1))
    return parameters


def binary_problem(rng, layer_dims):
    m = int(rng.integers(2, 40))
    X = rng.standard_normal((layer_dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    return X, Y


def torch_leaves(parameters):
    """The parameters as float64 torch leaves that collect gradients (copies)."""
    return {key: torch.tensor(value, dtype=torch.float64, requires_grad=True) for key, value in parameters.items()}


def torch_gradients(cost, leaves):
    """{"dW1": ..., "db1": ...}: autograd's gradients of ``cost`` with respect to ``leaves``."""
    keys = sorted(leaves)
    values = torch.autograd.grad(cost, [leaves[key] for key in keys])
    return {"d" + key: value for key, value in zip(keys, values)}


def torch_network(X, leaves, hidden=torch.relu, masks=None, keep_probs=None):
    """The utils network in torch: [LINEAR -> hidden] * (L-1) -> LINEAR -> SIGMOID.

    With ``masks``, hidden layer l's output is multiplied by ``masks[l-1] / keep_probs[l-1]``
    (inverted dropout with a given mask)."""
    L = len(leaves) // 2
    A = torch.from_numpy(X)
    for l in range(1, L):
        A = hidden(leaves[f"W{l}"] @ A + leaves[f"b{l}"])
        if masks is not None:
            A = A * torch.from_numpy(np.asarray(masks[l - 1], dtype=np.float64)) / keep_probs[l - 1]
    return torch.sigmoid(leaves[f"W{L}"] @ A + leaves[f"b{L}"])


# --------------------------------------------------------------------------- 08_optimizers
def optimizer_problem(seed):
    """Random parameters of a random network and STEPS gradient dicts for them.

    Each step's gradients have their own scale, log-uniform in [1e-7, 1e2], so that epsilon
    (1e-8) matters in some steps and not in others: a misplaced epsilon shows."""
    rng = np.random.default_rng(seed)
    parameters = random_parameters(rng, random_layer_dims(rng))
    gradients = []
    for _ in range(STEPS):
        scale = 10.0 ** rng.uniform(-7, 2)
        gradients.append({"d" + key: scale * rng.standard_normal(value.shape) for key, value in parameters.items()})
    return parameters, gradients


def run_torch_optimizer(parameters, gradients, make_optimizer, prepare=None):
    """Feed ``gradients`` to a torch optimizer step by step.

    Returns (list of parameter dicts after each step as ndarrays, the optimizer)."""
    keys = sorted(parameters)
    tensors = {key: torch.tensor(parameters[key], dtype=torch.float64, requires_grad=True) for key in keys}
    optimizer = make_optimizer([tensors[key] for key in keys])
    if prepare is not None:
        prepare(optimizer, tensors)
    trajectory = []
    for grads in gradients:
        for key in keys:
            tensors[key].grad = torch.tensor(grads["d" + key], dtype=torch.float64)
        optimizer.step()
        trajectory.append({key: tensors[key].detach().numpy().copy() for key in keys})
    return trajectory, optimizer, tensors


def zeros_like_grads(parameters):
    return {"d" + key: np.zeros_like(value) for key, value in parameters.items()}


@pytest.mark.parametrize("seed", SEEDS)
def test_momentum_step_matches_torch_sgd(seed):
    """momentum_step: v = beta v + (1 - beta) d, p -= alpha v, against torch.optim.SGD.

    Convention: torch's SGD starts its momentum buffer AT the first gradient (buf_1 = d_1, no
    dampening on the first step), ours starts at v_0 = 0. Two exact mappings:
    - SGD(lr=alpha, momentum=beta, dampening=beta) with the buffer set to zeros before the first
      step: torch's buf = beta buf + (1 - dampening) d is then our v, step by step;
    - plain SGD(lr=alpha (1 - beta), momentum=beta, dampening=0), torch's own start: its buffer
      is sum_k beta^(t-k) d_k, so our v = (1 - beta) buf and the same parameters.
    """
    momentum_step = reference.load("08_optimizers").momentum_step
    parameters, gradients = optimizer_problem(seed)
    beta, alpha = 0.9, 0.05

    def zero_buffers(optimizer, tensors):
        for tensor in tensors.values():
            optimizer.state[tensor]["momentum_buffer"] = torch.zeros_like(tensor)

    dampened, optimizer, tensors = run_torch_optimizer(
        parameters, gradients, lambda p: torch.optim.SGD(p, lr=alpha, momentum=beta, dampening=beta), zero_buffers)
    plain, plain_optimizer, plain_tensors = run_torch_optimizer(
        parameters, gradients, lambda p: torch.optim.SGD(p, lr=alpha * (1 - beta), momentum=beta, dampening=0.0))
    ours, v, differences = dict(parameters), zeros_like_grads(parameters), []
    for t, grads in enumerate(gradients):
        ours, v = momentum_step(ours, grads, v, beta, alpha)
        differences += [
            assert_dicts_match(f"momentum_step step {t + 1} vs SGD(dampening=beta, zero buffer)", ours, dampened[t],
                               quiet=True),
            assert_dicts_match(f"momentum_step step {t + 1} vs SGD(lr=alpha(1-beta), dampening=0)", ours, plain[t],
                               quiet=True)]
    print_largest(f"momentum_step parameters over {STEPS} steps, both mappings", differences)
    for key, tensor in tensors.items():
        assert_matches(f"momentum_step v d{key} vs SGD momentum_buffer", v["d" + key],
                       optimizer.state[tensor]["momentum_buffer"])
        assert_matches(f"momentum_step v d{key} vs (1 - beta) * plain SGD momentum_buffer", v["d" + key],
                       (1 - beta) * plain_optimizer.state[plain_tensors[key]]["momentum_buffer"])


@pytest.mark.parametrize("seed", SEEDS)
def test_rmsprop_step_matches_torch_rmsprop(seed):
    """rmsprop_step against torch.optim.RMSprop.

    Mapping: torch's smoothing constant ``alpha`` is our beta2, its ``lr`` our alpha. Both put
    epsilon OUTSIDE the root: p -= lr d / (sqrt(s) + eps). Both start s at 0.
    """
    rmsprop_step = reference.load("08_optimizers").rmsprop_step
    parameters, gradients = optimizer_problem(seed)
    beta2, alpha, epsilon = 0.99, 0.01, 1e-8
    theirs, optimizer, tensors = run_torch_optimizer(
        parameters, gradients,
        lambda p: torch.optim.RMSprop(p, lr=alpha, alpha=beta2, eps=epsilon, momentum=0.0, centered=False))
    ours, s = dict(parameters), zeros_like_grads(parameters)
    differences = []
    for t, grads in enumerate(gradients):
        ours, s = rmsprop_step(ours, grads, s, beta2, alpha, epsilon)
        differences.append(assert_dicts_match(f"rmsprop_step step {t + 1}", ours, theirs[t], quiet=True))
    print_largest(f"rmsprop_step parameters over {STEPS} steps", differences)
    for key, tensor in tensors.items():
        assert_matches(f"rmsprop_step s d{key} vs RMSprop square_avg", s["d" + key],
                       optimizer.state[tensor]["square_avg"])


@pytest.mark.parametrize("seed", SEEDS)
def test_adam_step_matches_torch_adam(seed):
    """adam_step against torch.optim.Adam.

    Mapping: torch's betas = (beta1, beta2), lr = alpha. Epsilon placement is the same in both:
    torch divides by sqrt(s) / sqrt(1 - beta2^t) + eps, which is sqrt(s_hat) + eps, epsilon
    outside the root and after the bias correction. Both store v and s uncorrected (exp_avg,
    exp_avg_sq) and count t from 1.
    """
    adam_step = reference.load("08_optimizers").adam_step
    parameters, gradients = optimizer_problem(seed)
    alpha, beta1, beta2, epsilon = 0.01, 0.9, 0.999, 1e-8
    theirs, optimizer, tensors = run_torch_optimizer(
        parameters, gradients, lambda p: torch.optim.Adam(p, lr=alpha, betas=(beta1, beta2), eps=epsilon))
    ours, v, s = dict(parameters), zeros_like_grads(parameters), zeros_like_grads(parameters)
    differences = []
    for t, grads in enumerate(gradients, start=1):
        ours, v, s = adam_step(ours, grads, v, s, t, alpha, beta1, beta2, epsilon)
        differences.append(assert_dicts_match(f"adam_step step {t}", ours, theirs[t - 1], quiet=True))
    print_largest(f"adam_step parameters over {STEPS} steps", differences)
    for key, tensor in tensors.items():
        assert_matches(f"adam_step v d{key} vs Adam exp_avg", v["d" + key], optimizer.state[tensor]["exp_avg"])
        assert_matches(f"adam_step s d{key} vs Adam exp_avg_sq", s["d" + key], optimizer.state[tensor]["exp_avg_sq"])


def test_ewa_matches_torch_ema():
    """ewa against torch's EMA rule (torch.optim.swa_utils.get_ema_avg_fn: beta * ema + (1 - beta) * x).

    Convention: torch's AveragedModel starts the average AT the first value; ours starts at
    v_0 = 0, so the torch average is started at 0 explicitly. No torch function does the bias
    correction: it is checked as v_t / (1 - beta^t) of torch's average.
    """
    ewa = reference.load("08_optimizers").ewa
    rng = np.random.default_rng(8)
    theta = 60 + 10 * rng.standard_normal(200)
    for beta in (0.5, 0.9, 0.98):
        update = torch.optim.swa_utils.get_ema_avg_fn(beta)
        average, averages = torch.zeros((), dtype=torch.float64), []
        for t, value in enumerate(theta):
            average = update(average, torch.tensor(value, dtype=torch.float64), t)
            averages.append(average.item())
        averages = np.array(averages)
        assert_matches(f"ewa beta={beta}", ewa(theta, beta), averages)
        corrected = averages / (1 - beta ** np.arange(1, theta.size + 1))
        assert_matches(f"ewa beta={beta} bias-corrected", ewa(theta, beta, bias_correction=True), corrected)


def test_lr_exponential_decay_matches_exponential_lr():
    """lr_exponential_decay(alpha0, epoch, base) against torch.optim.lr_scheduler.ExponentialLR(gamma=base).

    lr_inverse_decay, alpha0 / (1 + decay_rate * epoch), has no torch scheduler (LambdaLR would
    only evaluate our own formula), so it has no gold comparison.
    """
    lr_exponential_decay = reference.load("08_optimizers").lr_exponential_decay
    for alpha0, base in [(0.2, 0.95), (1.0, 0.5), (0.03, 0.999)]:
        optimizer = torch.optim.SGD([torch.zeros(1, dtype=torch.float64, requires_grad=True)], lr=alpha0)
        scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=base)
        theirs = []
        for _ in range(STEPS):
            theirs.append(scheduler.get_last_lr()[0])
            optimizer.step()
            scheduler.step()
        ours = [lr_exponential_decay(alpha0, epoch, base) for epoch in range(STEPS)]
        assert_matches(f"lr_exponential_decay alpha0={alpha0} base={base}", ours, theirs)


# --------------------------------------------------------------------------- 10_batch_norm
def batch_norm_problem(rng):
    n, m = int(rng.integers(1, 8)), int(rng.integers(2, 40))
    Z = 3.0 + 2.0 * rng.standard_normal((n, m))
    gamma = 1.0 + 0.5 * rng.standard_normal((n, 1))
    beta = rng.standard_normal((n, 1))
    return Z, gamma, beta


@pytest.mark.parametrize("seed", SEEDS)
def test_batchnorm_forward_and_backward_match_torch(seed):
    """batchnorm_forward / batchnorm_backward against F.batch_norm(training=True) and autograd.

    Layout: ours has units in rows and examples in columns (n, m); torch's input is (m, n)
    (batch first, one channel per unit), so Z is transposed in and out.
    """
    bn = reference.load("10_batch_norm")
    rng = np.random.default_rng(seed)
    Z, gamma, beta = batch_norm_problem(rng)
    epsilon = 1e-6
    dZ_tilde = rng.standard_normal(Z.shape)
    Z_tilde, cache = bn.batchnorm_forward(Z, gamma, beta, epsilon)
    dZ, dgamma, dbeta = bn.batchnorm_backward(dZ_tilde, cache)

    Z_t = torch.tensor(Z.T, requires_grad=True)
    gamma_t = torch.tensor(gamma.ravel(), requires_grad=True)
    beta_t = torch.tensor(beta.ravel(), requires_grad=True)
    out = F.batch_norm(Z_t, None, None, gamma_t, beta_t, training=True, eps=epsilon)
    out.backward(torch.from_numpy(dZ_tilde.T.copy()))
    assert_matches("batchnorm_forward Z_tilde", Z_tilde, out.T)
    assert_matches("batchnorm_forward mu", cache["mu"], Z_t.detach().mean(dim=0, keepdim=True).T)
    assert_matches("batchnorm_forward var (biased)", cache["var"],
                   Z_t.detach().var(dim=0, correction=0, keepdim=True).T)
    assert_matches("batchnorm_backward dZ", dZ, Z_t.grad.T)
    assert_matches("batchnorm_backward dgamma", dgamma, gamma_t.grad[:, None])
    assert_matches("batchnorm_backward dbeta", dbeta, beta_t.grad[:, None])


@pytest.mark.parametrize("seed", SEEDS)
def test_running_stats_and_inference_match_torch(seed):
    """update_running_stats over 30 mini-batches, then batchnorm_inference, against
    F.batch_norm's running statistics and F.batch_norm(training=False).

    Two conventions, mapped explicitly:
    - momentum is reversed: ours running = momentum * running + (1 - momentum) * batch, torch's
      running = (1 - m_t) * running + m_t * batch, so torch gets m_t = 1 - momentum;
    - torch's running variance takes the UNBIASED batch variance (divided by m - 1), ours the
      biased one (divided by m) from the cache, so ours is fed var * m / (m - 1) here.
    """
    bn = reference.load("10_batch_norm")
    rng = np.random.default_rng(seed)
    n, epsilon, momentum = int(rng.integers(1, 8)), 1e-6, 0.9
    gamma = 1.0 + 0.5 * rng.standard_normal((n, 1))
    beta = rng.standard_normal((n, 1))
    running_mu, running_var = np.zeros((n, 1)), np.ones((n, 1))
    running_mu_t = torch.zeros(n, dtype=torch.float64)
    running_var_t = torch.ones(n, dtype=torch.float64)
    differences = []
    for step in range(30):
        m = int(rng.integers(2, 40))
        Z = 3.0 + 2.0 * rng.standard_normal((n, m))
        _, cache = bn.batchnorm_forward(Z, gamma, beta, epsilon)
        unbiased = cache["var"] * m / (m - 1)
        running_mu, running_var = bn.update_running_stats(running_mu, running_var, cache["mu"], unbiased, momentum)
        F.batch_norm(torch.from_numpy(Z.T.copy()), running_mu_t, running_var_t,
                     torch.from_numpy(gamma.ravel()), torch.from_numpy(beta.ravel()),
                     training=True, momentum=1 - momentum, eps=epsilon)
        differences += [
            assert_matches(f"update_running_stats running_mu step {step + 1}", running_mu, running_mu_t[:, None],
                           quiet=True),
            assert_matches(f"update_running_stats running_var step {step + 1}", running_var, running_var_t[:, None],
                           quiet=True)]
    print_largest("update_running_stats running_mu and running_var over 30 batches", differences)
    for m in (1, 25):
        Z = 3.0 + 2.0 * rng.standard_normal((n, m))
        ours = bn.batchnorm_inference(Z, gamma, beta, running_mu, running_var, epsilon)
        theirs = F.batch_norm(torch.from_numpy(Z.T.copy()), running_mu_t, running_var_t,
                              torch.from_numpy(gamma.ravel()), torch.from_numpy(beta.ravel()),
                              training=False, eps=epsilon)
        assert_matches(f"batchnorm_inference m={m}", ours, theirs.T)


# --------------------------------------------------------------------------- 11_softmax
def softmax_problem(rng, shift=0.0):
    C, m = int(rng.integers(2, 8)), int(rng.integers(1, 40))
    Z = 3.0 * rng.standard_normal((C, m)) + shift
    labels = rng.integers(0, C, size=m)
    return Z, labels


@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_matches_torch(seed):
    """softmax against torch.softmax(Z, dim=0) (classes in rows), also with logits near 1000,
    where exp overflows unless the column maximum is subtracted first."""
    softmax = reference.load("11_softmax").softmax
    rng = np.random.default_rng(seed)
    for shift in (0.0, 1000.0, -1000.0):
        Z, _ = softmax_problem(rng, shift)
        assert_matches(f"softmax shift {shift:g}", softmax(Z), torch.softmax(torch.from_numpy(Z), dim=0))


@pytest.mark.parametrize("seed", SEEDS)
def test_cross_entropy_and_softmax_backward_match_torch(seed):
    """softmax_cross_entropy(softmax(Z), one_hot(labels)) against F.cross_entropy(Z^T, labels),
    and softmax_backward against autograd's gradient of that cost with respect to Z.

    Logits of std 3: no probability falls below about e^-40, so log(softmax) loses no relative
    precision next to torch's log_softmax."""
    sm = reference.load("11_softmax")
    rng = np.random.default_rng(seed)
    Z, labels = softmax_problem(rng)
    Y = sm.one_hot(labels, Z.shape[0])
    Y_hat = sm.softmax(Z)
    Z_t = torch.tensor(Z, requires_grad=True)
    cost = F.cross_entropy(Z_t.T, torch.from_numpy(labels))
    (dZ,) = torch.autograd.grad(cost, [Z_t])
    assert_matches("softmax_cross_entropy", sm.softmax_cross_entropy(Y_hat, Y), cost)
    assert_matches("softmax_backward", sm.softmax_backward(Y_hat, Y), dZ)


@pytest.mark.parametrize("seed", SEEDS)
def test_hardmax_and_one_hot_match_torch(seed):
    """hardmax and one_hot against F.one_hot(torch.argmax(Z, dim=0)) (exact: 0/1 entries)."""
    sm = reference.load("11_softmax")
    rng = np.random.default_rng(seed)
    Z, labels = softmax_problem(rng)
    C = Z.shape[0]
    assert_matches("hardmax", sm.hardmax(Z), F.one_hot(torch.argmax(torch.from_numpy(Z), dim=0), C).T, rtol=0)
    for shaped in (labels, labels[None, :]):
        assert_matches(f"one_hot labels {shaped.shape}", sm.one_hot(shaped, C),
                       F.one_hot(torch.from_numpy(labels), C).T, rtol=0)


# --------------------------------------------------------------------------- the utils network
@pytest.mark.parametrize("seed", SEEDS)
def test_utils_network_matches_torch(seed):
    """utils.nn's model_forward, binary_cross_entropy, binary_cross_entropy_backward and
    model_backward against the same network in torch (weights copied in), F.binary_cross_entropy
    and autograd."""
    rng = np.random.default_rng(seed)
    layer_dims = random_layer_dims(rng)
    parameters = random_parameters(rng, layer_dims)
    X, Y = binary_problem(rng, layer_dims)
    AL, caches = nn.model_forward(X, parameters)
    leaves = torch_leaves(parameters)
    AL_t = torch_network(X, leaves)
    AL_leaf = AL_t.detach().clone().requires_grad_(True)
    cost_t = F.binary_cross_entropy(AL_leaf, torch.from_numpy(Y))
    (dAL_t,) = torch.autograd.grad(cost_t, [AL_leaf])
    assert_matches(f"model_forward AL {layer_dims}", AL, AL_t)
    assert_matches("binary_cross_entropy", nn.binary_cross_entropy(AL, Y), cost_t)
    assert_matches("binary_cross_entropy_backward", nn.binary_cross_entropy_backward(AL, Y), dAL_t)
    grads_t = torch_gradients(F.binary_cross_entropy(AL_t, torch.from_numpy(Y)), leaves)
    assert_dicts_match("model_backward", nn.model_backward(AL, Y, caches), grads_t)


@pytest.mark.parametrize("seed", SEEDS)
def test_utils_train_matches_torch_sgd(seed):
    """utils.training.train (full-batch gradient descent, cost recorded before each update)
    against the torch network trained with torch.optim.SGD on the same data, 25 epochs."""
    rng = np.random.default_rng(seed)
    layer_dims = random_layer_dims(rng)
    parameters = random_parameters(rng, layer_dims)
    X, Y = binary_problem(rng, layer_dims)
    learning_rate, num_epochs = 0.5, 25
    trained, costs = training.train(X, Y, parameters, learning_rate=learning_rate, num_epochs=num_epochs,
                                    progress=False)
    leaves = torch_leaves(parameters)
    optimizer = torch.optim.SGD(list(leaves.values()), lr=learning_rate)
    costs_t = []
    for _ in range(num_epochs):
        optimizer.zero_grad()
        cost = F.binary_cross_entropy(torch_network(X, leaves), torch.from_numpy(Y))
        costs_t.append(cost.item())
        cost.backward()
        optimizer.step()
    assert_matches(f"train costs over {num_epochs} epochs {layer_dims}", costs, costs_t)
    assert_dicts_match(f"train parameters after {num_epochs} epochs", trained, leaves)


@pytest.mark.parametrize("seed", SEEDS)
def test_many_networks_match_torch(seed):
    """utils.many_networks.train_many (K one-hidden-layer networks stacked and padded) against
    each network trained alone in torch from the same initial weights (train_many with 0 epochs
    and the same generator seed gives them), 5 epochs of full-batch gradient descent."""
    rng = np.random.default_rng(seed)
    K, n_x, m = 4, int(rng.integers(1, 4)), int(rng.integers(2, 30))
    widths = [int(w) for w in rng.integers(1, 9, size=K)]
    X = rng.standard_normal((K, n_x, m))
    Y = (rng.random((K, 1, m)) < 0.5).astype(float)
    learning_rate, num_epochs = 0.5, 5
    start = many_networks.train_many(X, Y, widths, np.random.default_rng(seed + 10), learning_rate=learning_rate,
                                     num_epochs=0)
    trained = many_networks.train_many(X, Y, widths, np.random.default_rng(seed + 10), learning_rate=learning_rate,
                                       num_epochs=num_epochs)
    for k in range(K):
        leaves = torch_leaves(start[k])
        optimizer = torch.optim.SGD(list(leaves.values()), lr=learning_rate)
        for _ in range(num_epochs):
            optimizer.zero_grad()
            F.binary_cross_entropy(torch_network(X[k], leaves), torch.from_numpy(Y[k])).backward()
            optimizer.step()
        assert_dicts_match(f"train_many network {k} (width {widths[k]}) after {num_epochs} epochs", trained[k],
                           leaves)


@pytest.mark.parametrize("seed", SEEDS)
def test_l2_regularization_matches_torch(seed):
    """03_regularization on the utils network: cost_with_l2 and l2_gradients (added to
    model_backward's gradients) against autograd of BCE + lambd / (2m) sum ||W_l||^2; l2_penalty
    and l1_penalty against torch's norms; weight_decay_step against torch.optim.SGD's
    weight_decay (which adds weight_decay * W to the gradient: weight_decay = lambd / m)."""
    reg = reference.load("03_regularization")
    rng = np.random.default_rng(seed)
    layer_dims = random_layer_dims(rng)
    parameters = random_parameters(rng, layer_dims)
    X, Y = binary_problem(rng, layer_dims)
    m, lambd, alpha = X.shape[1], 0.7, 0.3
    L = len(layer_dims) - 1
    leaves = torch_leaves(parameters)
    weights = [leaves[f"W{l}"] for l in range(1, L + 1)]
    AL, caches = nn.model_forward(X, parameters)
    AL_t = torch_network(X, leaves)
    penalty_t = lambd / (2 * m) * sum(torch.sum(W ** 2) for W in weights)
    cost_t = F.binary_cross_entropy(AL_t, torch.from_numpy(Y)) + penalty_t
    assert_matches("l2_penalty", reg.l2_penalty(parameters, lambd, m), penalty_t)
    assert_matches("l1_penalty", reg.l1_penalty(parameters, lambd, m),
                   lambd / (2 * m) * sum(torch.sum(torch.abs(W)) for W in weights))
    assert_matches("cost_with_l2", reg.cost_with_l2(AL, Y, parameters, lambd), cost_t)
    grads = reg.l2_gradients(nn.model_backward(AL, Y, caches), parameters, lambd, m)
    assert_dicts_match("l2_gradients(model_backward)", grads, torch_gradients(cost_t, leaves))

    plain = nn.model_backward(AL, Y, caches)
    for l in range(1, L + 1):
        W = torch.tensor(parameters[f"W{l}"], requires_grad=True)
        optimizer = torch.optim.SGD([W], lr=alpha, weight_decay=lambd / m)
        W.grad = torch.from_numpy(plain[f"dW{l}"].copy())
        optimizer.step()
        assert_matches(f"weight_decay_step W{l} vs SGD(weight_decay=lambd/m)",
                       reg.weight_decay_step(parameters[f"W{l}"], plain[f"dW{l}"], alpha, lambd, m), W)


@pytest.mark.parametrize("seed", SEEDS)
def test_tanh_network_with_l2_matches_torch(seed):
    """utils.tanh_net (the network of 03_regularization's L2 sweep): tanh_forward and
    tanh_backward plus l2_gradients, through fit's ``regularize`` hook for one step, against torch."""
    reg = reference.load("03_regularization")
    rng = np.random.default_rng(seed)
    layer_dims = random_layer_dims(rng)
    parameters = random_parameters(rng, layer_dims)
    X, Y = binary_problem(rng, layer_dims)
    m, lambd, alpha = X.shape[1], 0.3, 0.5
    AL, caches = tanh_net.tanh_forward(X, parameters)
    leaves = torch_leaves(parameters)
    AL_t = torch_network(X, leaves, hidden=torch.tanh)
    cross_entropy_t = F.binary_cross_entropy(AL_t, torch.from_numpy(Y))
    penalty_t = lambd / (2 * m) * sum(torch.sum(leaves[k] ** 2) for k in leaves if k.startswith("W"))
    assert_matches(f"tanh_forward AL {layer_dims}", AL, AL_t)
    assert_dicts_match("tanh_backward", tanh_net.tanh_backward(AL, Y, caches),
                       torch_gradients(cross_entropy_t, leaves))
    stepped, _, _ = tanh_net.fit(X, Y, parameters, learning_rate=alpha, num_epochs=1,
                                 regularize=lambda g, p: reg.l2_gradients(g, p, lambd, m))
    cost_t = F.binary_cross_entropy(torch_network(X, leaves, hidden=torch.tanh), torch.from_numpy(Y)) + penalty_t
    grads_t = torch_gradients(cost_t, leaves)
    assert_dicts_match("tanh_net.fit one step with l2_gradients", stepped,
                       {key: leaves[key] - alpha * grads_t["d" + key] for key in leaves})


@pytest.mark.parametrize("seed", SEEDS)
def test_dropout_network_matches_torch(seed):
    """04_dropout: forward_with_dropout and backward_with_dropout against the torch network with
    the SAME masks (read from our caches) applied as inverted dropout, and autograd."""
    do = reference.load("04_dropout")
    rng = np.random.default_rng(seed)
    layer_dims = random_layer_dims(rng, max_width=30)
    parameters = random_parameters(rng, layer_dims)
    X, Y = binary_problem(rng, layer_dims)
    keep_probs = [float(p) for p in rng.uniform(0.3, 1.0, size=len(layer_dims) - 2)]
    AL, caches = do.forward_with_dropout(X, parameters, keep_probs, np.random.default_rng(seed + 100))
    masks = [D for _, D in caches[:-1]]
    leaves = torch_leaves(parameters)
    AL_t = torch_network(X, leaves, masks=masks, keep_probs=keep_probs)
    assert_matches(f"forward_with_dropout AL {layer_dims} keep_probs {np.round(keep_probs, 2).tolist()}", AL, AL_t)
    assert_dicts_match("backward_with_dropout", do.backward_with_dropout(AL, Y, caches, keep_probs),
                       torch_gradients(F.binary_cross_entropy(AL_t, torch.from_numpy(Y)), leaves))


@pytest.mark.parametrize("keep_prob", [0.3, 0.8])
def test_dropout_scaling_matches_torch_dropout(keep_prob):
    """dropout_forward / dropout_backward follow torch's F.dropout convention (inverted dropout:
    kept units scaled by 1 / keep_prob, p = 1 - keep_prob): with torch's own mask, read from a
    second F.dropout call on the same generator seed, ours gives torch's output and gradient."""
    do = reference.load("04_dropout")
    rng = np.random.default_rng(4)
    A = rng.standard_normal((30, 50))
    dA = rng.standard_normal(A.shape)
    generator_seed = 1234
    torch.manual_seed(generator_seed)
    D = F.dropout(torch.ones(A.shape, dtype=torch.float64), p=1 - keep_prob, training=True).numpy() != 0
    torch.manual_seed(generator_seed)
    A_t = torch.tensor(A, requires_grad=True)
    out = F.dropout(A_t, p=1 - keep_prob, training=True)
    out.backward(torch.from_numpy(dA))
    assert_matches(f"dropout A * D / keep_prob, keep_prob={keep_prob}", A * D / keep_prob, out)
    assert_matches(f"dropout_backward keep_prob={keep_prob}", do.dropout_backward(dA, D, keep_prob), A_t.grad)
    A_drop, D_ours = do.dropout_forward(A, keep_prob, np.random.default_rng(5))
    assert_matches(f"dropout_forward keep_prob={keep_prob} (its own mask)", A_drop, A * D_ours / keep_prob)


# --------------------------------------------------------------------------- 05_initialization
# The weights are random: ours and torch's are compared by their sample variances. With N
# independent normal entries the sample variance has relative standard deviation sqrt(2 / N), so
# the ratio of two independent sample variances has log-standard deviation about sqrt(4 / N);
# VARIANCE_SIGMAS of those is the bound (a correct pair fails with probability below 1e-8). The
# mistakes it must catch are a factor of 2 (He vs Xavier) or fan-out for fan-in: far beyond it.
VARIANCE_SIGMAS = 6
INIT_DIMS = [400, 300, 500]  # non-square layers: fan-in and fan-out differ


def variance_bound(N):
    return VARIANCE_SIGMAS * np.sqrt(4 / N)


def torch_init(shape, init, seed):
    torch.manual_seed(seed)
    W = torch.empty(shape, dtype=torch.float64)
    init(W)
    return W.numpy()


def compare_init(name, ours, torch_weight_init, expected_variance, seed):
    """Every layer's sample variance against torch's init on the same shape, and against the formula."""
    L = len(INIT_DIMS) - 1
    assert sorted(ours) == sorted([f"W{l}" for l in range(1, L + 1)] + [f"b{l}" for l in range(1, L + 1)])
    for l in range(1, L + 1):
        W = ours[f"W{l}"]
        fan_in, fan_out = INIT_DIMS[l - 1], INIT_DIMS[l]
        assert W.shape == (fan_out, fan_in), f"{name} W{l}: shape {W.shape}, expected {(fan_out, fan_in)}"
        assert np.array_equal(ours[f"b{l}"], np.zeros((fan_out, 1))), f"{name} b{l}: not zeros"
        theirs = torch_init(W.shape, torch_weight_init, seed=100 * seed + l)
        bound = variance_bound(W.size)
        ratio = W.var() / theirs.var()
        print(f"gold {name} W{l} ({fan_out}x{fan_in}): variance ours {W.var():.5e} vs torch {theirs.var():.5e}, "
              f"log ratio {np.log(ratio):+.2e} (bound {bound:.1e}); formula {expected_variance(fan_in, fan_out):.5e}")
        assert abs(np.log(ratio)) <= bound, (
            f"{name} W{l}: ours vs torch variance {W.var():.5e} vs {theirs.var():.5e}, ratio {ratio:.4f} "
            f"(bound exp(+-{bound:.1e}))")
        for who, sample in (("ours", W), ("torch", theirs)):
            expected = expected_variance(fan_in, fan_out)
            assert abs(np.log(sample.var() / expected)) <= bound / np.sqrt(2), (
                f"{name} W{l}: {who} variance {sample.var():.5e}, formula {expected:.5e}")
            assert abs(sample.mean()) <= VARIANCE_SIGMAS * np.sqrt(expected / W.size), (
                f"{name} W{l}: {who} mean {sample.mean():.3e}, expected 0")


@pytest.mark.parametrize("seed", SEEDS)
def test_he_matches_torch_kaiming_normal(seed):
    """init_he (N(0, 2 / n_{l-1})) against torch.nn.init.kaiming_normal_(mode="fan_in",
    nonlinearity="relu"): gain sqrt(2), fan_in = n_{l-1} for a (n_l, n_{l-1}) weight."""
    init_he = reference.load("05_initialization").init_he
    compare_init("init_he", init_he(INIT_DIMS, np.random.default_rng(seed)),
                 lambda W: torch.nn.init.kaiming_normal_(W, mode="fan_in", nonlinearity="relu"),
                 lambda fan_in, fan_out: 2 / fan_in, seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_xavier_matches_torch(seed):
    """init_xavier (the course's Xavier, N(0, 1 / n_{l-1})) against torch.

    Convention: torch's xavier_normal_ is Glorot's 2 / (fan_in + fan_out); the course's "Xavier"
    is 1 / fan_in, which torch spells kaiming_normal_(mode="fan_in", nonlinearity="linear")
    (gain 1). The two agree on square layers, also checked."""
    init_xavier = reference.load("05_initialization").init_xavier
    compare_init("init_xavier", init_xavier(INIT_DIMS, np.random.default_rng(seed)),
                 lambda W: torch.nn.init.kaiming_normal_(W, mode="fan_in", nonlinearity="linear"),
                 lambda fan_in, fan_out: 1 / fan_in, seed)
    square = init_xavier([400, 400], np.random.default_rng(seed))["W1"]
    glorot = torch_init(square.shape, torch.nn.init.xavier_normal_, seed=seed)
    bound = variance_bound(square.size)
    ratio = square.var() / glorot.var()
    print(f"gold init_xavier square 400x400 vs xavier_normal_: log ratio {np.log(ratio):+.2e} (bound {bound:.1e})")
    assert abs(np.log(ratio)) <= bound, f"init_xavier on a square layer: ours vs torch xavier_normal_ ratio {ratio:.4f}"
