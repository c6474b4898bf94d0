"""utils.checks: pass silently, fail with AssertionError messages that say what was checked,
expected and found (and the tolerance), add the hint, and never print."""
import copy

import numpy as np
import pytest

from utils import checks


@pytest.fixture(autouse=True)
def silent(capfd):
    yield
    assert capfd.readouterr() == ("", ""), "a check printed something"


def failure(call):
    with pytest.raises(AssertionError) as info:
        call()
    return str(info.value)


def test_passing_checks_return_none():
    A = np.arange(6.0).reshape(2, 3)
    assert checks.check_type("A", A, np.ndarray) is None
    assert checks.check_type("c", 1.5, (float, int)) is None
    assert checks.check_shape("A", A, (2, 3)) is None
    assert checks.check_shape("A", A, (2, None)) is None
    assert checks.check_close("A", A * (1 + 1e-8), A) is None
    assert checks.check_close("c", 0.30000000000000004, 0.3) is None
    assert checks.check_close("nan", np.array([np.nan, np.inf]), np.array([np.nan, np.inf])) is None
    assert checks.check_equal("A", A.copy(), A) is None
    assert checks.check_equal("verdict", "great", "great") is None
    assert checks.check_equal("sizes", (6, 2, 2), (6, 2, 2)) is None
    assert checks.check_true(True, "never shown") is None
    assert checks.check_not_mutated("p", {"W1": A.copy(), "x": [1, 2]}, {"W1": A, "x": [1, 2]}) is None
    assert checks.require_probability("keep_prob", 1) is None
    assert checks.require_probability("keep_prob", 0.5) is None


def test_check_type_message():
    message = failure(lambda: checks.check_type("cost", np.array([0.5]), float, hint="return float(cost)."))
    assert message == "cost: expected type float, found ndarray. Hint: return float(cost)."
    message = failure(lambda: checks.check_type("result of split_sizes", None, (tuple, list)))
    assert "expected type tuple or list, found None" in message and "return statement" in message


def test_check_shape_message():
    A_drop = np.zeros((3, 4))
    message = failure(lambda: checks.check_shape("dropout_forward(...) returned A_drop", A_drop, (4, 3),
                                                 hint="D must have the shape of A."))
    assert message == ("dropout_forward(...) returned A_drop: expected shape (4, 3), found shape (3, 4). "
                       "Hint: D must have the shape of A.")
    message = failure(lambda: checks.check_shape("mu", [1, 2], (2, 1)))
    assert message == "mu: expected an array of shape (2, 1), found list."


def test_check_close_reports_error_tolerance_and_worst_entry():
    expected = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    found = expected.copy()
    found[1, 2] = 6.6
    found[0, 1] = 2.0001
    message = failure(lambda: checks.check_close("dW1", found, expected, hint="did you divide by m?"))
    assert message.startswith("dW1: max relative error 0.1 exceeds the tolerance 1e-07")
    assert "|found - expected| must be at most 1e-10 + 1e-07 * |expected|" in message
    assert "worst entry at index [1, 2]: expected 6, found 6.6" in message
    assert "2 of 6 entries are outside the tolerance" in message
    assert message.endswith("Hint: did you divide by m?")


def test_check_close_is_absolute_near_zero():
    checks.check_close("z", 1e-12, 0.0)  # rounding near zero passes: 1e-12 <= atol = 1e-10
    checks.check_close("dW", np.array([1e-17, 2.0]), np.array([0.0, 2.0 + 1e-8]))
    message = failure(lambda: checks.check_close("z", 0.1, 0.0, atol=1e-2, rtol=0.05))
    assert "must be at most 0.01 + 0.05 * |expected|" in message
    assert "max relative error 10 exceeds the tolerance 0.05" in message
    assert "worst entry:" in message  # a scalar has no index


def test_check_close_shape_first():
    message = failure(lambda: checks.check_close("db", np.zeros(3), np.zeros((3, 1))))
    assert message == "db: expected shape (3, 1), found shape (3,)."


def test_check_close_reports_nan_and_inf():
    found = np.array([1.0, np.nan, np.inf])
    message = failure(lambda: checks.check_close("cost", found, np.ones(3)))
    assert message.startswith("cost: found nan at index [1] where a finite value was expected (expected 1)")
    assert "2 of 3 entries are NaN or inf" in message
    message = failure(lambda: checks.check_close("c", np.inf, 2.5))
    assert message.startswith("c: found inf where a finite value was expected (expected 2.5)")
    message = failure(lambda: checks.check_close("c", 1.0, np.inf))
    assert message == "c: expected inf, found 1."


def test_check_close_non_numeric():
    message = failure(lambda: checks.check_close("cost", None, 0.5))
    assert "expected a number or an array of shape (), found None" in message
    message = failure(lambda: checks.check_close("cost", "0.5", 0.5))
    assert "found str" in message


def test_check_equal_messages():
    hint = "m_dev = m_test = min(floor(0.2 m), max_holdout)."
    found, expected = (6000, 2000, 1000), (6000, 2000, 2000)
    message = failure(lambda: checks.check_equal("split_sizes(10_000)", found, expected, hint=hint))
    assert message == ("split_sizes(10_000): expected (6000, 2000, 2000), found (6000, 2000, 1000). "
                       "Hint: m_dev = m_test = min(floor(0.2 m), max_holdout).")
    found, expected = np.array([[1, 0], [0, 0]]), np.array([[1, 0], [1, 1]])
    message = failure(lambda: checks.check_equal("mask", found, expected))
    assert message == "mask: expected 1 at index [1, 0], found 0; 2 of 4 entries differ."
    message = failure(lambda: checks.check_equal("mask", np.zeros(3), np.zeros((1, 3))))
    assert message == "mask: expected shape (1, 3), found shape (3,)."
    message = failure(lambda: checks.check_equal("mask", None, np.zeros((1, 3))))
    assert "expected an array of shape (1, 3), found None" in message


def test_check_true_message():
    message = failure(lambda: checks.check_true(False, "mask mean: expected about 0.8, found 0.5.", "h."))
    assert message == "mask mean: expected about 0.8, found 0.5. Hint: h."


def test_check_not_mutated_messages():
    A = np.ones((2, 3))
    before = {"W1": A.copy(), "b1": np.zeros((2, 1))}
    after = copy.deepcopy(before)
    after["W1"][1, 2] = 0.0
    message = failure(lambda: checks.check_not_mutated("parameters", before, after))
    assert message.startswith("parameters was modified in place: expected it unchanged, found entry "
                              "['W1'][1, 2] was 1 before and is 0 after (1 of 6 entries changed).")
    message = failure(lambda: checks.check_not_mutated("A", A.copy(), A[:, :2]))
    assert "had shape (2, 3) before and (2, 2) after" in message
    message = failure(lambda: checks.check_not_mutated("grads", {"dW1": 1}, {"dW1": 1, "db1": 2}, "copy it."))
    assert "keys ['dW1'] before" in message and message.endswith("Hint: copy it.")
    message = failure(lambda: checks.check_not_mutated("costs", [1.0, 2.0], [1.0, 3.0]))
    assert "[1] was 2.0 before and is 3.0 after" in message


@pytest.mark.parametrize("value", [0, -0.2, 1.5, float("nan"), np.float64(1.5)])
def test_require_probability_rejects(value):
    with pytest.raises(ValueError, match=rf"keep_prob must be in \(0, 1\], got {value}"):
        checks.require_probability("keep_prob", value)


def test_require_probability_message_exact():
    with pytest.raises(ValueError) as info:
        checks.require_probability("keep_prob", 1.5)
    assert str(info.value) == "keep_prob must be in (0, 1], got 1.5"
    with pytest.raises(TypeError, match=r"keep_prob must be a number in \(0, 1\], got str '0.5'"):
        checks.require_probability("keep_prob", "0.5")
    with pytest.raises(TypeError, match="got bool"):
        checks.require_probability("keep_prob", True)


def test_concealed_messages_keep_what_was_found_and_hide_what_was_expected():
    expected = np.array([[0.123456, 2.0], [3.0, 4.0]])
    found = expected.copy()
    found[0, 0] = 9.5
    with checks.concealed():
        close = failure(lambda: checks.check_close("A", found, expected))
        equal = failure(lambda: checks.check_equal("sizes", (1, 2, 3), (6, 2, 2)))
        array = failure(lambda: checks.check_equal("D", found, expected))
    for message in (close, array):
        assert "9.5" in message and "0.123456" not in message and "[0, 0]" in message, message
    assert equal == "sizes: found (1, 2, 3), which is wrong.", equal
    assert "0.123456" in failure(lambda: checks.check_close("A", found, expected)), "visible checks show it"
    assert isinstance(pytest.raises(checks.CheckFailed, checks.fail, "x").value, AssertionError)


def test_tuple_array_and_fraction_checks():
    assert checks.check_tuple("f(x)", (1, 2), ["a", "b"]) == (1, 2)
    assert "expected a tuple (a, b)" in failure(lambda: checks.check_tuple("f(x)", [1], ["a", "b"]))
    assert checks.check_array("A", np.ones((2, 3), dtype=int), (2, None)).dtype == np.float64
    assert "expected shape (3, 2), found shape (2, 3)" in failure(lambda: checks.check_array("A", np.ones((2, 3)),
                                                                                              (3, 2)))
    assert checks.check_fraction("kept", 800, 1000, 0.8) is None
    assert "50.0% of 1000 draws; expected about 80.0%" in failure(lambda: checks.check_fraction("kept", 500, 1000, 0.8))


def test_every_check_carries_the_mistake_it_is_given():
    """``mistake=`` (keyword-only) reaches ``CheckFailed.mistake`` from every helper, with the hint kept
    apart; without it the mistake is None; a name that is not snake_case is refused."""
    A = np.zeros((2, 2))
    calls = {
        "check_type": lambda **k: checks.check_type("x", 1, str, "h", **k),
        "check_shape": lambda **k: checks.check_shape("A", A, (3, 2), "h", **k),
        "check_close": lambda **k: checks.check_close("A", A + 1, A, hint="h", **k),
        "check_equal": lambda **k: checks.check_equal("A", A + 1, A, "h", **k),
        "check_true": lambda **k: checks.check_true(False, "m", "h", **k),
        "check_not_mutated": lambda **k: checks.check_not_mutated("A", A, A + 1, "h", **k),
        "check_tuple": lambda **k: checks.check_tuple("f()", 1, ["a", "b"], "h", **k),
        "check_array": lambda **k: checks.check_array("A", [1], (1,), "h", **k),
        "check_fraction": lambda **k: checks.check_fraction("kept", 0, 100, 0.5, "h", **k),
        "fail": lambda **k: checks.fail("m", "h", **k),
    }
    for name, call in calls.items():
        with pytest.raises(checks.CheckFailed) as named:
            call(mistake="not_scaled")
        assert named.value.mistake == "not_scaled" and named.value.hint == "h", name
        assert str(named.value).endswith("Hint: h"), name
        with pytest.raises(checks.CheckFailed) as unnamed:
            call()
        assert unnamed.value.mistake is None, name
    with pytest.raises(ValueError, match="snake_case"):
        checks.fail("m", mistake="Not Scaled")
