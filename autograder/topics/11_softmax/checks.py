"""Hidden checks of 11_softmax.

Every function is judged on many shapes, none of them square (a transpose or a sum over the
wrong axis cannot pass by accident): one column (m = 1), one class, C = 2, C > m and C < m, and
large batches. softmax also gets logits near +-1000 (a naive np.exp overflows), hardmax ties
(any one of the tied rows is right, exactly one per column), one_hot labels of shape (m,) and
(1, m) with classes missing from the batch. The loss and the gradient name the usual slips:
summed instead of averaged, divided by C * m or by C, the sign flipped, the 1/m missing.
"""
import numpy as np

from autograder.engine.hidden import hidden_check
from utils.checks import check_array, check_close, fail

MISTAKES = {
    "softmax": {
        "not_stabilised": "np.exp(Z) without subtracting the column maximum: overflows to nan for large logits",
        "global_max": "the maximum of the whole array subtracted: columns far below it underflow to 0 / 0",
        "over_rows": "normalized over the rows (axis=1, the examples) instead of each column",
        "whole_array_sum": "divided by the sum of the whole array instead of each column's sum",
    },
    "hardmax": {
        "returns_indices": "returns the row indices (np.argmax) instead of a (C, m) array of 0s and 1s",
        "every_tie": "a 1 in every tied row: more than one 1 in a column",
        "over_rows": "the maximum taken over the rows (axis=1) instead of each column",
        "rounded_softmax": "np.round(softmax(Z)): no 1 where the largest probability is below 0.5",
    },
    "one_hot": {
        "transposed": "shape (m, C): one row per example instead of one per class",
        "labels_not_flattened": "labels of shape (1, m) not flattened: a result of shape (C, 1, m)",
        "rows_from_largest_label": "labels.max() + 1 rows instead of C",
        "one_based": "label j put in row j - 1: the classes treated as 1-based",
    },
    "softmax_cross_entropy": {
        "summed": "the sum of the m losses instead of their mean",
        "mean_of_all_entries": "np.mean over the (C, m) array: divided by C * m instead of m",
        "no_minus": "the minus sign missing: a negative cost",
        "divided_by_classes": "divided by C (the classes) instead of m (the examples)",
        "binary_formula": "the binary cross-entropy, with its (1 - Y) * log(1 - Y_hat) terms",
    },
    "softmax_backward": {
        "missing_1_over_m": "Y_hat - Y: the 1/m of the mean cost is missing",
        "sign_flipped": "(Y - Y_hat) / m: the sign is flipped",
        "divided_by_classes": "divided by C (the classes) instead of m (the examples)",
        "sigmoid_derivative": "multiplied by Y_hat * (1 - Y_hat), the sigmoid's derivative",
    },
}


def _rng(seed):
    return np.random.default_rng(seed)


def _softmax(Z):
    T = np.exp(Z - Z.max(axis=0, keepdims=True))
    return T / T.sum(axis=0, keepdims=True)


def _one_hot(labels, C):
    Y = np.zeros((C, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


def _near(found, other):
    """found matches other (a slip's result) to 7 digits."""
    return bool(np.allclose(found, other, rtol=1e-7, atol=1e-15))


def _shape(value):
    return tuple(np.shape(value)) if hasattr(value, "shape") or isinstance(value, (list, tuple)) else None


# -- softmax ------------------------------------------------------------------------------------------
def _softmax_cases():
    data = _rng(1101)
    yield "the worked example z = [5, 2, -1, 3] (one column)", np.array([[5.0], [2.0], [-1.0], [3.0]])
    for shape in [(2, 7), (3, 1), (7, 3), (3, 7), (1, 5), (2, 1), (10, 200), (6, 1000)]:
        yield f"Z of shape {shape}", data.normal(0.0, 3.0, size=shape)
    Z = data.normal(0.0, 3.0, size=(5, 8))
    Z[:, :4] += 1000.0
    Z[:, 4:] -= 1000.0
    yield "Z of shape (5, 8) with logits near +1000 (columns 0-3) and -1000 (columns 4-7)", Z
    Z = data.normal(0.0, 1.0, size=(3, 6))
    Z[0] += 1000.0
    Z[1] -= 1000.0
    yield "Z of shape (3, 6) with logits near 1000, -1000 and 0 in every column", Z
    yield "Z of shape (2, 5) with logits near 800 (C = 2)", 800.0 + data.normal(0.0, 2.0, size=(2, 5))
    yield "Z of shape (4, 3) with equal entries in each column", np.tile([[3.0, -2.0, 710.0]], (4, 1))


@hidden_check("softmax")
def check_softmax(submission, reference):
    for description, Z in _softmax_cases():
        call = f"softmax({description})"
        A = check_array(call, submission.softmax(Z), Z.shape)
        bad = ~np.isfinite(A)
        if bad.any():
            with np.errstate(all="ignore"):
                shifted, plain = np.exp(Z - Z.max()), np.exp(Z)
                global_max = np.allclose(A, shifted / shifted.sum(axis=0, keepdims=True), equal_nan=True)
                naive = np.allclose(A, plain / plain.sum(axis=0, keepdims=True), equal_nan=True)
            if global_max:
                fail(f"{call}: {int(bad.sum())} of {A.size} entries are nan or inf: the maximum of the whole array "
                     "was subtracted, so in the columns far below it every np.exp underflows to 0 and 0 / 0 is nan",
                     "subtract each column's own maximum: np.max(Z, axis=0, keepdims=True)", mistake="global_max")
            fail(f"{call}: {int(bad.sum())} of {A.size} entries are nan or inf",
                 "np.exp overflows above about 709: subtract each column's maximum, "
                 "np.max(Z, axis=0, keepdims=True), before np.exp", mistake="not_stabilised" if naive else None)
        C, m = Z.shape
        columns_sum_to_1 = np.allclose(A.sum(axis=0), 1.0, rtol=1e-9)
        if C > 1 and not columns_sum_to_1 and np.allclose(A.sum(axis=1), 1.0, rtol=1e-9):
            fail(f"{call}: each row sums to 1 but the columns do not: the normalization ran over the "
                 "examples (axis=1)", "each column is one example: normalize with np.sum(T, axis=0, keepdims=True)",
                 mistake="over_rows")
        if not columns_sum_to_1:
            whole = m > 1 and np.isclose(A.sum(), 1.0, rtol=1e-9)
            fail(f"{call}: the columns do not sum to 1 (column sums between {A.sum(axis=0).min():.4g} and "
                 f"{A.sum(axis=0).max():.4g}){'; the whole array does' if whole else ''}",
                 "divide each column by its own sum: np.sum(T, axis=0, keepdims=True), not the sum of the whole array",
                 mistake="whole_array_sum" if whole else None)
        check_close(call, A, reference.softmax(Z), rtol=1e-9, atol=1e-15,
                    hint="a_j = exp(z_j - max(z)) / sum_i exp(z_i - max(z)), column by column, the maximum "
                         "taken in each column (axis=0)")


# -- hardmax ------------------------------------------------------------------------------------------
def _hardmax_cases():
    data = _rng(1102)
    yield "the worked example z = [5, 2, -1, 3] (one column)", np.array([[5.0], [2.0], [-1.0], [3.0]])
    for shape in [(3, 5), (5, 3), (1, 4), (4, 1), (2, 9), (10, 300)]:
        yield f"Z of shape {shape}", data.normal(0.0, 2.0, size=shape)
    yield "Z of shape (4, 9) with small integer entries (many ties)", data.integers(-2, 3, size=(4, 9)).astype(float)
    yield "Z of shape (3, 5) of zeros (every column a tie)", np.zeros((3, 5))
    Z = data.normal(0.0, 2.0, size=(6, 4))
    Z[2] = Z.max(axis=0)
    Z[4] = Z[2]
    yield "Z of shape (6, 4) whose maximum appears twice in every column", Z
    yield "Z of shape (3, 7) with all entries negative", -5.0 - np.abs(data.normal(size=(3, 7)))
    signs = np.sign(data.normal(size=(5, 2)))
    yield "Z of shape (5, 2) with logits near +-1000", 1000.0 * signs + data.normal(size=(5, 2))


@hidden_check("hardmax")
def check_hardmax(submission, reference):
    for description, Z in _hardmax_cases():
        call = f"hardmax({description})"
        C, m = Z.shape
        found = submission.hardmax(Z)
        if np.shape(found) in ((m,), (1, m)) and np.asarray(found).dtype.kind in "iu" and C > 1:
            fail(f"{call} returned an array of shape {np.shape(found)} of integers: the row indices of the maxima",
                 "hardmax returns an array of the shape of Z (C, m): a 1 in the row np.argmax(Z, axis=0) of each "
                 "column, 0 elsewhere", mistake="returns_indices")
        H = check_array(call, found, Z.shape,
                        "hardmax returns an array of the shape of Z (C, m) with one 1 per column, not the indices")
        if not np.all((H == 0) | (H == 1)):
            fail(f"{call} holds values other than 0 and 1 (found {np.unique(H)[:5]})",
                 "a 1 in the row of each column's maximum, 0 elsewhere")
        ones = H.sum(axis=0)
        ties = (Z == Z.max(axis=0, keepdims=True)).sum(axis=0) > 1
        if np.any(ones > 1) and np.all(ties[ones > 1]):
            i = int(np.argmax(ones > 1))
            fail(f"{call}: column {i} has a tie and got {int(ones[i])} 1s, one per tied row",
                 "exactly one 1 per column: np.argmax(Z, axis=0) picks one of the tied rows", mistake="every_tie")
        if C > 1 and np.any(ones != 1) and np.all(H.sum(axis=1) == 1):
            fail(f"{call}: each row has one 1 but the columns do not: the maximum was taken over the rows (axis=1)",
                 "each column is one example: np.argmax(Z, axis=0)", mistake="over_rows")
        if np.any(ones != 1):
            i = int(np.argmax(ones != 1))
            rounded = np.array_equal(H, np.round(_softmax(Z)))
            why = ": it is softmax(Z) rounded, which has no 1 where every probability is below 0.5" if rounded else ""
            fail(f"{call}: column {i} has {int(ones[i])} 1s; expected exactly one per column{why}",
                 "np.argmax(Z, axis=0) gives the row of each column's maximum, even when every probability "
                 "is below 0.5 (rounding softmax is not enough)", mistake="rounded_softmax" if rounded else None)
        rows = np.argmax(H, axis=0)
        wrong = Z[rows, np.arange(m)] != Z.max(axis=0)
        if wrong.any():
            i = int(np.argmax(wrong))
            fail(f"{call}: the 1 of column {i} is in row {int(rows[i])}, which does not hold that column's maximum",
                 "the 1 goes in the row of each column's largest entry: np.argmax(Z, axis=0)")


# -- one_hot ------------------------------------------------------------------------------------------
def _one_hot_cases():
    data = _rng(1103)
    yield np.array([1, 0, 3, 3, 2]), 4
    yield np.array([[1, 0, 3, 3, 2]]), 4
    yield np.array([2]), 3
    yield np.array([[2]]), 3
    yield np.array([[1, 0, 0, 1, 1, 0, 1, 1, 0]]), 2
    yield np.array([9, 0, 3, 3], dtype=np.int32), 10
    yield np.array([[0, 1, 1, 0, 2, 1]], dtype=np.int32), 6
    yield data.integers(0, 7, size=1000), 7
    yield data.integers(0, 5, size=(1, 333)), 5


@hidden_check("one_hot")
def check_one_hot(submission, reference):
    for labels, C in _one_hot_cases():
        m = labels.size
        call = f"one_hot(labels of shape {labels.shape} ({labels.dtype}), C={C})"
        found = submission.one_hot(labels.copy(), C)
        shape = _shape(found)
        if shape == (m, C) and m != C:
            fail(f"{call} returned shape {shape}, one row per example: the result is transposed",
                 "one row per class, one column per example: shape (C, m)", mistake="transposed")
        if shape == (C, 1, m) or shape == (1, m, C):
            fail(f"{call} returned shape {shape}: labels of shape (1, m) were not flattened",
                 "flatten the labels first: np.ravel(labels) has shape (m,)", mistake="labels_not_flattened")
        if shape is not None and len(shape) == 2 and shape[1] == m and shape[0] == labels.max() + 1 != C:
            fail(f"{call} returned {shape[0]} rows, the largest label + 1, instead of C = {C}",
                 "make C rows whatever the labels: a batch may contain no example of the last class",
                 mistake="rows_from_largest_label")
        Y = check_array(call, found, (C, m))
        expected = np.asarray(reference.one_hot(labels.copy(), C), dtype=float)
        if not np.array_equal(Y, expected) and np.array_equal(Y, np.roll(expected, -1, axis=0)):
            fail(f"{call}: label j put its 1 in row j - 1: the labels were treated as 1-based",
                 "classes start at 0: label 0 is row 0, no - 1", mistake="one_based")
        if not np.array_equal(Y, expected):
            wrong = np.flatnonzero(np.any(Y != expected, axis=0))
            fail(f"{call}: {wrong.size} of {m} columns are wrong, the first is column {int(wrong[0])} "
                 f"(its label is {int(np.ravel(labels)[wrong[0]])})",
                 "column i has a single 1, in row labels[i]")


# -- the loss -----------------------------------------------------------------------------------------
def _loss_cases():
    """(description, Y_hat, Y): predictions from a softmax, one-hot labels; never square."""
    data = _rng(1104)
    yield ("the worked example y_hat = [0.3, 0.2, 0.1, 0.4], y = [0, 1, 0, 0]",
           np.array([[0.3], [0.2], [0.1], [0.4]]), np.array([[0.0], [1.0], [0.0], [0.0]]))
    for C, m, scale in [(2, 9, 2.0), (3, 1, 2.0), (8, 3, 3.0), (3, 8, 1.0), (5, 400, 3.0), (10, 1000, 2.0),
                        (4, 6, 0.01)]:
        labels = data.integers(0, C, size=m)
        yield (f"Y_hat, Y of shape ({C}, {m})", _softmax(data.normal(0.0, scale, size=(C, m))),
               _one_hot(labels, C))
    labels = data.integers(0, 4, size=7)
    Y = _one_hot(labels, 4)
    yield "confident right predictions of shape (4, 7)", _softmax(12.0 * Y + data.normal(size=(4, 7))), Y
    yield "confident wrong predictions of shape (4, 7)", _softmax(-11.0 * Y + data.normal(size=(4, 7))), Y


@hidden_check("softmax_cross_entropy")
def check_softmax_cross_entropy(submission, reference):
    for description, Y_hat, Y in _loss_cases():
        C, m = Y.shape
        call = f"softmax_cross_entropy({description})"
        found = submission.softmax_cross_entropy(Y_hat.copy(), Y.copy())
        if isinstance(found, (str, bytes, dict)) or found is None or np.size(found) != 1:
            fail(f"{call} returned {type(found).__name__} of shape {np.shape(found)}; expected one number",
                 "sum over the classes and the examples: np.sum(...) of the whole array, then divide by m")
        value = float(np.ravel(np.asarray(found, dtype=float))[0])
        expected = float(reference.softmax_cross_entropy(Y_hat, Y))
        if not _near(value, expected):
            if m > 1 and _near(value, m * expected):
                fail(f"{call}: found {value:.6g}, the sum of the {m} losses instead of their mean",
                     "divide the sum by m = Y.shape[1]", mistake="summed")
            if C > 1 and _near(value, expected / C):
                fail(f"{call}: found {value:.6g}, the sum divided by C * m: the mean over every entry of the "
                     "(C, m) array", "np.mean divides by C * m; divide the sum by m = Y.shape[1] only",
                     mistake="mean_of_all_entries")
            if _near(value, -expected):
                fail(f"{call}: found {value:.6g}, a negative cost: the minus sign is missing",
                     "the loss is MINUS sum Y * log(Y_hat): the log of a probability is negative", mistake="no_minus")
            if _near(value, m * expected / C):
                fail(f"{call}: found {value:.6g}, the sum divided by C = {C} instead of by m = {m}",
                     "m is the number of examples, the columns: Y.shape[1]", mistake="divided_by_classes")
            binary = -np.sum(Y * np.log(Y_hat) + (1 - Y) * np.log1p(-Y_hat)) / m
            if _near(value, binary):
                fail(f"{call}: found {value:.6g}, the binary cross-entropy with its (1 - Y) * log(1 - Y_hat) terms",
                     "with C classes only Y * log(Y_hat) counts: the probabilities of the other classes are "
                     "already pushed down through the softmax", mistake="binary_formula")
        check_close(call, value, expected, rtol=1e-9, atol=1e-14,
                    hint="-(1/m) * np.sum(Y * np.log(Y_hat)): only the true class's log-probability counts")


# -- the gradient -------------------------------------------------------------------------------------
@hidden_check("softmax_backward")
def check_softmax_backward(submission, reference):
    for description, Y_hat, Y in _loss_cases():
        C, m = Y.shape
        call = f"softmax_backward({description})"
        dZ = check_array(call, submission.softmax_backward(Y_hat.copy(), Y.copy()), (C, m))
        expected = np.asarray(reference.softmax_backward(Y_hat, Y), dtype=float)
        if not _near(dZ, expected):
            if m > 1 and _near(dZ, m * expected):
                fail(f"{call} returned Y_hat - Y: the 1/m of the mean cost is missing",
                     "J averages the losses over the m = Y.shape[1] examples, so dZ = (Y_hat - Y) / m",
                     mistake="missing_1_over_m")
            if _near(dZ, -expected):
                fail(f"{call} returned (Y - Y_hat) / m: the sign is flipped", "dZ = (Y_hat - Y) / m, Y_hat first",
                     mistake="sign_flipped")
            if _near(dZ, m * expected / C):
                fail(f"{call} divided by C = {C} (the classes) instead of m = {m} (the examples)",
                     "m is the number of columns: Y.shape[1]", mistake="divided_by_classes")
            if _near(dZ, expected * Y_hat * (1 - Y_hat)):
                fail(f"{call} multiplied (Y_hat - Y) / m by Y_hat * (1 - Y_hat), the sigmoid's derivative",
                     "the softmax and the log of the loss cancel: dZ = (Y_hat - Y) / m, with no other factor",
                     mistake="sigmoid_derivative")
        check_close(call, dZ, expected, rtol=1e-9, atol=1e-15,
                    hint="dZ = (Y_hat - Y) / m: the softmax and the log of the loss cancel, leaving no other factor")
