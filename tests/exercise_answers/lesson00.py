"""Recorded answers to exercise 00.1 (squared_l2_norm)."""

PRELUDE = "import numpy as np\nimport helpers\n"

ANSWERS = [
    dict(exercise="00.1", mistake="norm not squared", says="returned the norm", source='''
def squared_l2_norm(w):
    return np.linalg.norm(w)
'''),
    dict(exercise="00.1", mistake="sum without squaring", says="without squaring", source='''
def squared_l2_norm(w):
    return sum(w)
'''),
    dict(exercise="00.1", mistake="L1 norm", says="L1 norm", source='''
def squared_l2_norm(w):
    return float(np.abs(w).sum())
'''),
    dict(exercise="00.1", mistake="mean instead of sum", says="mean of the squares", source='''
def squared_l2_norm(w):
    return np.mean(w ** 2)
'''),
    dict(exercise="00.1", mistake=None, says="Remove the quotes", source='''
def squared_l2_norm(w):
    return str(np.sum(w ** 2))
'''),
    dict(exercise="00.1", mistake=None, says="in place", source='''
def squared_l2_norm(w):
    w **= 2
    return float(w.sum())
'''),
    dict(exercise="00.1", mistake=None, says="Give a single number", source='''
def squared_l2_norm(w):
    return w ** 2
'''),
    dict(exercise="00.1", mistake=None, says="the right result is", source='''
def squared_l2_norm(w):
    return float(np.sum(w) ** 2)
'''),
    dict(exercise="00.1", status="passed", mistake=None, says="correct", source='''
def squared_l2_norm(w):
    return w @ w
'''),
]
