"""Answer cells that reach into the checking machinery are not run; ordinary answers are."""

import pytest

from helpers.assignments.screening import lesson_imports, screen_answer, top_level_bindings

LESSON = ["import numpy as np\nimport helpers\nfrom helpers import ridge_fit\n\ndef rmse(a, b):\n    return 0\n"
          "X = np.ones((3, 2))"]
NAMES = {name: how for source in LESSON for name, how in top_level_bindings(source).items()}
NAMES["squared_l2_norm"] = "answer"
IMPORTS = lesson_imports(LESSON)


def screen(source, own=()):
    return screen_answer(source, lesson_names=NAMES, allowed_imports=IMPORTS, own_names=set(own))


@pytest.mark.parametrize("source", [
    "def f(w):\n    w = np.asarray(w, dtype=float)\n    return float(np.sum(w ** 2))",
    "def ridge_gd(X, y, lam, lr, n_steps):\n    b, w = 0.0, np.zeros(3)\n    for _ in range(n_steps):\n"
    "        w, b = w - lr, b\n    return b, w",
    "best = None\nscores = [helpers.ridge_fit(X, X[:, 0], lam).coef[0] for lam in (1.0, 2.0)]\nbest = int(np.argmin(scores))",
    "import numpy as np\nfrom sklearn.linear_model import Ridge\nimport math\nanswer = 'b'",
    "class Model:\n    def __init__(self):\n        self.w = None\nm = Model()\nm.w = np.zeros(2)",
    "def f(w):\n    check = np.isfinite(w).all()\n    return check",
    "w = np.zeros(3)\nw[0] = 1.0\nitems = [1, 2]\nitems.remove(1)",
    "%timeit np.sum(np.ones(3) ** 2)\n%matplotlib inline\nvalue = 1",
    "%%time\nvalue = float(np.sum(np.ones(3)))",
    "def broken(:\n    pass",  # a syntax error is the student's own problem, reported when it runs
])
def test_ordinary_answers_are_run_without_notes(source):
    result = screen(source)
    assert result.trusted and result.notes == [], result


@pytest.mark.parametrize("source, phrase", [
    ("helpers.check = lambda *a: None", "uses `check`"),
    ("check = print", "uses `check`"),
    ("def check(*args):\n    pass", "defines `check`"),
    ("from helpers import check", "imports `check` from helpers"),
    ("from helpers.exercises import framework", "imports `helpers.exercises`"),
    ("import helpers.exercises.framework as f\nf.registry.clear()", "uses `registry`"),
    ("helpers.exercises.registry['00.1'] = None", "uses `registry`"),
    ("import numpy as helpers", "rebinds `helpers`"),
    ("helpers = None", "rebinds `helpers`"),
    ("import helpers.models as helpers", "rebinds `helpers`"),
    ("np.allclose = lambda *a, **k: True", "changes `np.allclose`"),
    ("import numpy\nnumpy.isclose = None", "changes `numpy.isclose`"),
    ("del np.sum", "changes `np.sum`"),
    ("import sys\nsys.modules['helpers'] = None", "imports `sys`"),
    ("import importlib", "imports `importlib`"),
    ("f = getattr(helpers, 'che' + 'ck')", "uses `getattr`"),
    ("exec('x = 1')", "uses `exec`"),
    ("globals()['check'] = print", "uses `globals`"),
    ("x = squared_l2_norm.__globals__", "special attribute `__globals__`"),
    ("x = helpers.data.os", "uses `.os`"),
    ("source = _i12", "uses `_i12`"),
    ("source = In[-1]", "uses `In`"),
    ("get_ipython().run_cell('x = 1')", "uses `get_ipython`"),
    ("!rm -rf ~", "uses `get_ipython`"),
    ("%%bash\nrm -rf ~", "uses `get_ipython`"),
    ("%timeit helpers.check('00.1', f)", "in %timeit: uses `check`"),
    ("%%time\nimport os", "in %time: imports `os`"),
    ("get_ipython().run_line_magic('timeit', 'x', extra=1)", "uses `get_ipython`"),
    ("def f():\n    global np\n    np = None", "a `global` statement"),
    ("np.savetxt('/tmp/x.csv', [1])", "writes no files"),
    ("from numpy import *", "star import"),
    ("open('/etc/passwd').read()", "uses `open`"),
])
def test_tampering_is_refused_and_explained(source, phrase):
    result = screen(source)
    assert not result.trusted
    assert any(phrase in reason for reason in result.tampering), result.tampering
    assert all(reason.startswith("line ") for reason in result.tampering)


@pytest.mark.parametrize("source, name", [
    ("def rmse(a, b):\n    return 1.0", "rmse"),
    ("from numpy import linalg as np", "np"),
    ("def squared_l2_norm(w):\n    return 0.0", "squared_l2_norm"),
])
def test_redefining_the_lessons_names_is_run_but_noted(source, name):
    result = screen(source)
    assert result.trusted
    assert len(result.notes) == 1 and f"redefines `{name}`" in result.notes[0]


def test_repeating_the_lessons_own_imports_and_binding_ones_own_names_are_fine():
    assert screen("import numpy as np\nimport helpers").notes == []
    assert screen("import helpers.models\nfrom helpers.models import ridge_fit").trusted
    assert screen("def rmse(a, b):\n    return 0", own=["rmse"]).notes == []
    assert screen("X = np.zeros((2, 2))").notes == []  # data may be recomputed freely


def test_bindings_of_a_cell():
    assert top_level_bindings("import numpy as np\nfrom a import b as c\ndef f(x):\n    y = 1\n"
                              "class K:\n    z = 2\nv = 3\nfor i in range(2):\n    pass") == {
        "np": "import", "c": "import", "f": "function", "K": "class", "v": "value", "i": "value"}
