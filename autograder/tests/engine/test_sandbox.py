"""The sandbox runs student code in another process and returns only safe data."""
import numpy as np
import pytest

from autograder.engine import notebooks, wire
from autograder.engine.hidden import LocalSubmission
from autograder.engine.sandbox import Sandbox, SubmissionError


def statements(source, label="answer"):
    return [(label, 1, source)]


def test_calls_return_copies_and_caches_round_trip():
    code = ("import numpy as np\ndef forward(x):\n    return x * 2, (x, object())\n"
            "def backward(cache):\n    return cache[0] + 1")
    with Sandbox(statements(code)) as student:
        out, cache = student.forward(np.arange(3.0))
        assert np.array_equal(out, [0, 2, 4])
        assert isinstance(cache[1], wire.Remote)
        assert np.array_equal(student.backward(cache), [1, 2, 3])


def test_errors_name_the_line_of_the_answer():
    code = "def f(x):\n    y = x + 1\n    return y / undefined_name"
    with Sandbox(statements(code, "f")) as student:
        with pytest.raises(SubmissionError, match="NameError.*line 3 of answer cell f"):
            student.f(1)


def test_missing_function_and_infinite_loop_and_exit():
    code = "import os\ndef spin():\n    while True:\n        pass\ndef leave():\n    os._exit(3)"
    with Sandbox(statements(code), call_timeout=1.0) as student:
        with pytest.raises(SubmissionError, match="is not defined"):
            student.absent()
        with pytest.raises(SubmissionError, match="no answer after 1 s"):
            student.spin()
    with Sandbox(statements(code)) as student, pytest.raises(SubmissionError, match="exited with code 3"):
        student.leave()


def test_printing_does_not_corrupt_the_protocol():
    code = ("import sys, os\ndef noisy():\n    print('x' * 100000)\n    os.write(1, b'garbage')\n"
            "    print('e', file=sys.stderr)\n    return 5")
    with Sandbox(statements(code)) as student:
        assert student.noisy() == 5


def test_decode_refuses_pickles_and_object_arrays():
    store = []
    data = wire.encode(np.array([object()], dtype=object), store)
    assert "__remote__" in data and len(store) == 1
    with pytest.raises(ValueError):
        wire.decode({"__evil__": 1})


def test_memory_limit():
    code = "import numpy as np\ndef hog():\n    return np.ones((2**31,))"
    with Sandbox(statements(code), memory_bytes=2 * 2**30) as submission:
        with pytest.raises(SubmissionError, match="MemoryError"):
            submission.hog()


def test_only_defs_imports_and_call_free_assignments_are_taken():
    import nbformat

    cell = nbformat.v4.new_code_cell(
        "import numpy as np\nKEEP = 0.8\nnp.allclose = lambda *a: True\nprint('hi')\n"
        "relu = lambda z: np.maximum(z, 0)\ntotal = sum([1, 2])\ndef f():\n    return KEEP\n")
    cell.metadata = {"nbgrader": {"solution": True, "grade": False, "grade_id": "f"}}
    nb = nbformat.v4.new_notebook(cells=[cell])
    kept = [text for _, _, text in notebooks.student_statements(nb)]
    assert kept == ["import numpy as np", "KEEP = 0.8", "relu = lambda z: np.maximum(z, 0)",
                    "def f():\n    return KEEP"]


def test_local_student_behaves_like_the_sandbox():
    namespace = {"double": lambda x: x * 2}
    assert np.array_equal(LocalSubmission(namespace).double(np.ones(2)), [2, 2])
    with pytest.raises(SubmissionError, match="is not defined"):
        LocalSubmission(namespace).triple(1)


def test_nothing_survives_from_one_check_to_the_next():
    """Each check gets a clean process: builtins, module attributes and files do not carry over."""
    code = ("import builtins, os\nimport numpy as np\n"
            "def leave():\n    builtins.left = 1\n    np.left = 2\n    open('left.txt', 'w').close()\n"
            "def find():\n    import builtins, os\n    return [hasattr(builtins, 'left'), hasattr(np, 'left'), "
            "os.path.exists('left.txt')]")
    with Sandbox(statements(code)) as submission:
        submission.leave()
        assert submission.find() == [True, True, True]
        submission.fresh(statements(code))
        assert submission.find() == [False, False, False]


def test_an_import_error_is_named_when_the_function_is_missing():

    source = [("f", 1, "from numpy import no_such_name"), ("g", 1, "def g(:\n    pass")]
    with Sandbox(source) as submission:
        with pytest.raises(SubmissionError, match=r"g is not defined.*Loading your answer cells failed:"
                                                   r"(?s:.*)f: ImportError(?s:.*)g: SyntaxError"):
            submission.g()

