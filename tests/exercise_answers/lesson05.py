"""Recorded answers to the exercises of lesson 05: κ with a penalty, the digits, a logistic step, copies."""

PRELUDE = '''
import numpy as np
import helpers
from helpers import ridge_fit, sigmoid
'''

_STEP = '''
def logistic_step(X, y, w, b, lam, lr):
    p = sigmoid(b + X @ w)
    grad_w = {grad_w}
    grad_b = {grad_b}
    return {result}
'''


def _step(grad_w="X.T @ (p - y) + 2 * lam * w", grad_b="np.sum(p - y)", result="w - lr * grad_w, b - lr * grad_b"):
    return _STEP.format(grad_w=grad_w, grad_b=grad_b, result=result)


ANSWERS = [
    # --- 05.1 ridge_condition_number
    dict(exercise="05.1", mistake="singular values not squared", says="forgot to square", source='''
def ridge_condition_number(d, lam):
    return float((d.max() + lam) / (d.min() + lam))
'''),
    dict(exercise="05.1", mistake="square root", says="took a square root", source='''
def ridge_condition_number(d, lam):
    return float(np.sqrt((d.max() ** 2 + lam) / (d.min() ** 2 + lam)))
'''),
    dict(exercise="05.1", mistake="lambda on the smallest only", says="the largest one too", source='''
def ridge_condition_number(d, lam):
    return float(d.max() ** 2 / (d.min() ** 2 + lam))
'''),
    dict(exercise="05.1", mistake="lambda/2 convention", says="with λ itself", source='''
def ridge_condition_number(d, lam):
    return float((np.max(d) ** 2 + lam / 2) / (np.min(d) ** 2 + lam / 2))
'''),
    dict(exercise="05.1", mistake="lambda squared", says="λ² would come from", source='''
def ridge_condition_number(d, lam):
    return float((np.max(d) ** 2 + lam ** 2) / (np.min(d) ** 2 + lam ** 2))
'''),
    dict(exercise="05.1", mistake="penalty ignored", says="ignored the penalty", source='''
def ridge_condition_number(d, lam):
    return float(np.max(d) ** 2 / np.min(d) ** 2)
'''),
    dict(exercise="05.1", mistake=None, says="the right result is", source='''
def ridge_condition_number(d, lam):
    return float((d[0] ** 2 + lam) / (d[-1] ** 2 + lam))      # assumes d is sorted
'''),
    # --- 05.2 where do the digits go?
    dict(exercise="05.2", mistake="extended precision", says="same IEEE double precision", source='''
answer_052 = "a"
'''),
    dict(exercise="05.2", mistake="hidden penalty", says="hidden penalty would bias", source='''
answer_052 = "c."
'''),
    dict(exercise="05.2", mistake="singular normal equations", says="full rank 7", source='''
answer_052 = "(D)"
'''),
    dict(exercise="05.2", mistake=None, says="answer with one of a, b, c, d", source='''
answer_052 = "b and c"
'''),
    dict(exercise="05.2", mistake=None, says="should be a string", source='''
answer_052 = 2
'''),
    dict(exercise="05.2", status="passed", mistake=None, says="κ²·tan θ", source='''
answer_052 = "B)"
'''),
    # --- 05.3 logistic_step
    dict(exercise="05.3", mistake="penalized intercept", says="no 2λb", source=_step(grad_b="np.sum(p - y) + 2 * lam * b")),
    dict(exercise="05.3", mistake="lambda/2 convention", says="λ·w instead of 2λ·w",
         source=_step(grad_w="X.T @ (p - y) + lam * w")),
    dict(exercise="05.3", mistake="uphill step", says="stepped uphill", source=_step(result="w + lr * grad_w, b + lr * grad_b")),
    dict(exercise="05.3", mistake="y - p", says="y − p instead of p − y",
         source=_step(grad_w="X.T @ (y - p) + 2 * lam * w", grad_b="np.sum(y - p)")),
    dict(exercise="05.3", mistake="mean instead of sum", says="without 1/n",
         source=_step(grad_w="X.T @ (p - y) / len(y) + 2 * lam * w", grad_b="np.mean(p - y)")),
    dict(exercise="05.3", mistake=None, says="should be a NumPy array", source=_step(result="b - lr * grad_b, w - lr * grad_w")),
    dict(exercise="05.3", mistake=None, says="in place", source='''
def logistic_step(X, y, w, b, lam, lr):
    p = sigmoid(b + X @ w)
    w -= lr * (X.T @ (p - y) + 2 * lam * w)
    return w, b - lr * np.sum(p - y)
'''),
    # --- 05.4 copy_weight
    dict(exercise="05.4", mistake="kept lambda", says="one-feature ridge fit with λ/k", source='''
def copy_weight(x, y, k, lam):
    return float(ridge_fit(x[:, None], y, lam).coef[0] / k)
'''),
    dict(exercise="05.4", mistake="combined weight", says="each copy gets u/k", source='''
def copy_weight(x, y, k, lam):
    return float(ridge_fit(x[:, None], y, lam / k).coef[0])
'''),
    dict(exercise="05.4", mistake="k times lambda", says="k·λ instead of λ/k", source='''
def copy_weight(x, y, k, lam):
    return float(ridge_fit(x[:, None], y, k * lam).coef[0] / k)
'''),
    dict(exercise="05.4", mistake="lambda over k squared", says="one power of k only", source='''
def copy_weight(x, y, k, lam):
    return float(ridge_fit(x[:, None], y, lam / k**2).coef[0] / k)
'''),
    dict(exercise="05.4", mistake=None, says="a single number", source='''
def copy_weight(x, y, k, lam):
    return ridge_fit(x[:, None], y, lam / k).coef / k
'''),
    dict(exercise="05.4", status="passed", mistake=None, says="correct", source='''
def copy_weight(x, y, k, lam):
    return ridge_fit(np.tile(x[:, None], (1, k)), y, lam).coef[0]
'''),
]
