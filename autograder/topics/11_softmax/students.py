"""Simulated students of 11_softmax: typical wrong answers, correct alternatives."""
import numpy as np

from autograder.testing.students import SimulatedStudent, answer

# Defined by the notebook's answer cells when these answers run there (graded functions called
# by other answers): declare them so the linter knows the names.
softmax = None


# -- softmax: wrong ---------------------------------------------------------------------------------
@answer("softmax")
def softmax_naive_overflows(Z):
    T = np.exp(Z)
    return T / np.sum(T, axis=0, keepdims=True)


@answer("softmax")
def softmax_over_rows(Z):
    T = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    return T / np.sum(T, axis=1, keepdims=True)


@answer("softmax")
def softmax_global_max(Z):
    T = np.exp(Z - np.max(Z))
    return T / np.sum(T, axis=0, keepdims=True)


@answer("softmax")
def softmax_whole_array_sum(Z):
    T = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    return T / np.sum(T)


# -- softmax: correct alternatives ----------------------------------------------------------------------
@answer("softmax")
def softmax_column_loop(Z):
    A = np.empty(Z.shape)
    for i in range(Z.shape[1]):
        t = np.exp(Z[:, i] - Z[:, i].max())
        A[:, i] = t / t.sum()
    return A


@answer("softmax")
def softmax_log_sum_exp(Z):
    shifted = Z - Z.max(axis=0)
    return np.exp(shifted - np.log(np.exp(shifted).sum(axis=0)))


# -- hardmax: wrong ---------------------------------------------------------------------------------
@answer("hardmax")
def hardmax_over_rows(Z):
    H = np.zeros(Z.shape)
    H[np.arange(Z.shape[0]), np.argmax(Z, axis=1)] = 1.0
    return H


@answer("hardmax")
def hardmax_every_tie(Z):
    return (Z == np.max(Z, axis=0, keepdims=True)).astype(float)


@answer("hardmax")
def hardmax_rounded_softmax(Z):
    return np.round(softmax(Z))


@answer("hardmax")
def hardmax_returns_indices(Z):
    return np.argmax(Z, axis=0)


# -- hardmax: correct alternatives ----------------------------------------------------------------------
@answer("hardmax")
def hardmax_eye_columns(Z):
    return np.eye(Z.shape[0], dtype=int)[:, np.argmax(Z, axis=0)]


@answer("hardmax")
def hardmax_loop_last_tie(Z):
    H = np.zeros(Z.shape, dtype=bool)
    for i in range(Z.shape[1]):
        rows = np.flatnonzero(Z[:, i] == Z[:, i].max())
        H[rows[-1], i] = True
    return H


# -- one_hot: wrong ---------------------------------------------------------------------------------
@answer("one_hot")
def one_hot_transposed(labels, C):
    return np.eye(C)[np.ravel(labels)]


@answer("one_hot")
def one_hot_one_based(labels, C):
    labels = np.ravel(labels)
    Y = np.zeros((C, labels.size))
    Y[labels - 1, np.arange(labels.size)] = 1.0
    return Y


@answer("one_hot")
def one_hot_classes_from_labels(labels, C):
    labels = np.ravel(labels)
    Y = np.zeros((labels.max() + 1, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


@answer("one_hot")
def one_hot_row_labels_unflattened(labels, C):
    return np.eye(C)[:, labels]


# -- one_hot: correct alternatives ----------------------------------------------------------------------
@answer("one_hot")
def one_hot_eye_columns(labels, C):
    return np.eye(C)[:, np.reshape(labels, -1)]


@answer("one_hot")
def one_hot_broadcast_compare(labels, C):
    return (np.arange(C).reshape(C, 1) == np.reshape(labels, (1, -1))).astype(int)


# -- softmax_cross_entropy: wrong -------------------------------------------------------------------
@answer("softmax_cross_entropy")
def cross_entropy_summed(Y_hat, Y):
    return float(-np.sum(Y * np.log(Y_hat)))


@answer("softmax_cross_entropy")
def cross_entropy_mean_of_all_entries(Y_hat, Y):
    return float(-np.mean(Y * np.log(Y_hat)))


@answer("softmax_cross_entropy")
def cross_entropy_no_minus(Y_hat, Y):
    return float(np.sum(Y * np.log(Y_hat)) / Y.shape[1])


@answer("softmax_cross_entropy")
def cross_entropy_binary_formula(Y_hat, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(Y_hat) + (1 - Y) * np.log(1 - Y_hat)) / m)


# -- softmax_cross_entropy: correct alternatives ----------------------------------------------------
@answer("softmax_cross_entropy")
def cross_entropy_true_class(Y_hat, Y):
    return -np.mean(np.log(np.sum(Y * Y_hat, axis=0)))


@answer("softmax_cross_entropy")
def cross_entropy_column_loop(Y_hat, Y):
    total = 0.0
    for i in range(Y.shape[1]):
        k = int(np.argmax(Y[:, i]))
        total -= np.log(Y_hat[k, i])
    return total / Y.shape[1]


# -- softmax_backward: wrong ------------------------------------------------------------------------
@answer("softmax_backward")
def backward_without_1_over_m(Y_hat, Y):
    return Y_hat - Y


@answer("softmax_backward")
def backward_wrong_sign(Y_hat, Y):
    return (Y - Y_hat) / Y.shape[1]


@answer("softmax_backward")
def backward_divides_by_C(Y_hat, Y):
    return (Y_hat - Y) / Y.shape[0]


@answer("softmax_backward")
def backward_times_sigmoid_derivative(Y_hat, Y):
    return (Y_hat - Y) * Y_hat * (1 - Y_hat) / Y.shape[1]


# -- softmax_backward: correct alternatives ---------------------------------------------------------
@answer("softmax_backward")
def backward_in_place_on_copy(Y_hat, Y):
    dZ = np.array(Y_hat, dtype=float, copy=True)
    dZ -= Y
    dZ /= Y.shape[1]
    return dZ


@answer("softmax_backward")
def backward_multiply_by_inverse(Y_hat, Y):
    m = Y_hat.shape[1]
    return np.subtract(Y_hat, Y) * (1.0 / m)


WRONG = {  # function: {wrong answer: the mistake its hidden check names}
    "softmax": {softmax_naive_overflows: "not_stabilised", softmax_over_rows: "over_rows",
                softmax_global_max: "global_max", softmax_whole_array_sum: "whole_array_sum"},
    "hardmax": {hardmax_over_rows: "over_rows", hardmax_every_tie: "every_tie",
                hardmax_rounded_softmax: "rounded_softmax", hardmax_returns_indices: "returns_indices"},
    "one_hot": {one_hot_transposed: "transposed", one_hot_one_based: "one_based",
                one_hot_classes_from_labels: "rows_from_largest_label",
                one_hot_row_labels_unflattened: "labels_not_flattened"},
    "softmax_cross_entropy": {cross_entropy_summed: "summed", cross_entropy_mean_of_all_entries: "mean_of_all_entries",
                              cross_entropy_no_minus: "no_minus", cross_entropy_binary_formula: "binary_formula"},
    "softmax_backward": {backward_without_1_over_m: "missing_1_over_m", backward_wrong_sign: "sign_flipped",
                         backward_divides_by_C: "divided_by_classes",
                         backward_times_sigmoid_derivative: "sigmoid_derivative"},
}
CORRECT = [softmax_column_loop, softmax_log_sum_exp, hardmax_eye_columns, hardmax_loop_last_tie,
           one_hot_eye_columns, one_hot_broadcast_compare, cross_entropy_true_class, cross_entropy_column_loop,
           backward_in_place_on_copy, backward_multiply_by_inverse]

STUDENTS = [
    SimulatedStudent.reference(),
    SimulatedStudent.blank(),
    *[SimulatedStudent.wrong(wrong, mistake) for answers in WRONG.values() for wrong, mistake in answers.items()],
    *[SimulatedStudent(f"alt_{right.__name__}", [right], loses=set()) for right in CORRECT],
]
