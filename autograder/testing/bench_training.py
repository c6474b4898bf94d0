"""How much does ``utils.train`` cost over a lean hand-written NumPy loop?

``python -m autograder.bench_training`` prints the two times and their ratio. The lean loop
trains the same [LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID network with mean binary
cross-entropy, with no cache tuples, no validation and inline activations, so the ratio is the
price of utils' protocol and checks. The test suite checks that both loops compute the same costs.
"""
import time

import numpy as np

import utils

EPS = 1e-12


def lean_train(X, Y, parameters, learning_rate, num_epochs):
    """Full-batch gradient descent on the relu...sigmoid network, written out by hand.

    Inputs:
    - X: shape (n_x, m)
    - Y: shape (1, m)
    - parameters: dict {"W1", "b1", ..., "WL", "bL"}; not modified
    - learning_rate: float
    - num_epochs: int

    Returns a tuple of:
    - parameters: new dict of trained parameters
    - costs: list of num_epochs floats, the mean cost before each update
    """
    L = len(parameters) // 2
    Ws = [parameters[f"W{l}"] for l in range(1, L + 1)]
    bs = [parameters[f"b{l}"] for l in range(1, L + 1)]
    m = X.shape[1]
    costs = []
    for _ in range(num_epochs):
        As = [X]
        A = X
        for l in range(L - 1):
            A = np.maximum(Ws[l] @ A + bs[l], 0.0)
            As.append(A)
        ZL = Ws[-1] @ A + bs[-1]
        AL = 1.0 / (1.0 + np.exp(-ZL))
        P = np.clip(AL, EPS, 1 - EPS)
        costs.append(float(-(np.sum(Y * np.log(P)) + np.sum((1 - Y) * np.log1p(-P))) / m))
        dZ = (AL - Y) / m
        for l in range(L - 1, -1, -1):
            dW = dZ @ As[l].T
            db = dZ.sum(axis=1, keepdims=True)
            if l > 0:
                dZ = (Ws[l].T @ dZ) * (As[l] > 0)
            Ws[l] = Ws[l] - learning_rate * dW
            bs[l] = bs[l] - learning_rate * db
    trained = {}
    for l in range(L):
        trained[f"W{l + 1}"] = Ws[l]
        trained[f"b{l + 1}"] = bs[l]
    return trained, costs


def _problem(m=500, layer_dims=(2, 20, 7, 5, 1), seed=0):
    rng = np.random.default_rng(seed)
    X, Y = utils.make_moons(m, 0.2, rng)
    return X, Y, utils.init_uniform(list(layer_dims), rng)


def compare(repeats=5, m=500, layer_dims=(2, 20, 7, 5, 1), num_epochs=1000, learning_rate=0.5):
    """Time utils.train (progress=False) against lean_train on the same data and network.

    Inputs:
    - repeats: number of timed runs of each; the minimum counts
    - m, layer_dims, num_epochs, learning_rate: the problem (moons with noise 0.2)

    Returns:
    - dict {"utils_s": seconds, "lean_s": seconds, "ratio": utils_s / lean_s}
    """
    X, Y, parameters = _problem(m, layer_dims)
    times = {"utils": [], "lean": []}
    for _ in range(repeats):  # interleaved, so drifts in machine load hit both
        start = time.perf_counter()
        utils.train(X, Y, parameters, learning_rate=learning_rate, num_epochs=num_epochs, progress=False)
        times["utils"].append(time.perf_counter() - start)
        start = time.perf_counter()
        lean_train(X, Y, parameters, learning_rate, num_epochs)
        times["lean"].append(time.perf_counter() - start)
    utils_s, lean_s = min(times["utils"]), min(times["lean"])
    return {"utils_s": utils_s, "lean_s": lean_s, "ratio": utils_s / lean_s}


def main():
    result = compare()
    print(f"utils.train: {result['utils_s']:.3f} s   lean loop: {result['lean_s']:.3f} s   "
          f"ratio: {result['ratio']:.2f}")


if __name__ == "__main__":
    main()
