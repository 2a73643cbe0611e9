"""Recorded answers to the exercises of lesson 03: decay_step, n_steps_1pct, Adam or AdamW, ridge_gd."""

PRELUDE = '''
import math
import numpy as np
import helpers
from helpers import fit_scaling
'''

ANSWERS = [
    # --- 03.1 decay_step
    dict(exercise="03.1", mistake="lambda/2 convention", says="1 − 2ηλ, not 1 − ηλ", source='''
def decay_step(w, grad_L, lr, lam):
    return (1 - lr * lam) * w - lr * grad_L
'''),
    dict(exercise="03.1", mistake="ascent on the data", says="*against* the gradient", source='''
def decay_step(w, grad_L, lr, lam):
    return w - lr * (2 * lam * w - grad_L)
'''),
    dict(exercise="03.1", mistake="penalty left out", says="plain gradient step", source='''
def decay_step(w, grad_L, lr, lam):
    return w - lr * grad_L
'''),
    dict(exercise="03.1", mistake="decay without the learning rate", says="by the learning rate", source='''
def decay_step(w, grad_L, lr, lam):
    return w - 2 * lam * w - lr * grad_L
'''),
    dict(exercise="03.1", mistake="growth instead of decay", says="away from zero", source='''
def decay_step(w, grad_L, lr, lam):
    return w - lr * (grad_L - 2 * lam * w)
'''),
    dict(exercise="03.1", mistake=None, says="in place", source='''
def decay_step(w, grad_L, lr, lam):
    w -= lr * (grad_L + 2 * lam * w)
    return w
'''),
    dict(exercise="03.1", mistake=None, says="np.array", source='''
def decay_step(w, grad_L, lr, lam):
    return [(1 - 2 * lr * lam) * wi - lr * gi for wi, gi in zip(w, grad_L)]
'''),
    # --- 03.2 n_steps_1pct
    dict(exercise="03.2", mistake=None, says="Remove the quotes", source='''
n_steps_1pct = b"113"
'''),
    dict(exercise="03.2", mistake="lambda/2 convention", says="1 − ηλ = 0.98", source='''
n_steps_1pct = math.ceil(math.log(0.01) / math.log(1 - 0.01 * 2))
'''),
    dict(exercise="03.2", mistake="rounded down", says="rounded down", source='''
n_steps_1pct = int(np.log(0.01) / np.log(0.96))
'''),
    dict(exercise="03.2", mistake="not rounded", says="round *up*", source='''
n_steps_1pct = np.log(0.01) / np.log(1 - 2 * 0.01 * 2)
'''),
    dict(exercise="03.2", mistake="not rounded", says="round *up*", source='''
n_steps_1pct = 112.81
'''),
    dict(exercise="03.2", mistake="linear decay", says="fixed *fraction*", source='''
n_steps_1pct = math.ceil(0.99 / (2 * 0.01 * 2))
'''),
    dict(exercise="03.2", mistake="continuous-time decay", says="e^(−2ηλt)", source='''
n_steps_1pct = math.ceil(math.log(100) / 0.04)
'''),
    dict(exercise="03.2", mistake=None, says="too large", source='''
n_steps_1pct = 1130
'''),
    dict(exercise="03.2", status="passed", mistake=None, says="correct", source='''
w, n_steps_1pct = 1.0, 0
while abs(w) > 0.01:
    w *= 1 - 2 * 0.01 * 2
    n_steps_1pct += 1
'''),
    # --- 03.3 Adam or AdamW
    dict(exercise="03.3", mistake="stronger decay through Adam", says="Raising weight_decay does not help", source='''
choice = "a"
'''),
    dict(exercise="03.3", mistake="penalty in the loss", says="exactly what Adam's weight_decay already does", source='''
choice = "(c)"
'''),
    dict(exercise="03.3", mistake="smaller learning rate", says="smaller learning rate", source='''
choice = "D."
'''),
    dict(exercise="03.3", mistake=None, says="answer with one of a, b, c, d", source='''
choice = "AdamW"
'''),
    dict(exercise="03.3", mistake=None, says="should be a string", source='''
choice = ["b"]
'''),
    dict(exercise="03.3", status="passed", mistake=None, says="correct", source='''
choice = "b)"
'''),
    # --- 03.4 ridge_gd
    dict(exercise="03.4", mistake="penalized intercept", says="penalized the intercept", source='''
def ridge_gd(X, y, lam, lr, n_steps):
    b, w = 0.0, np.zeros(X.shape[1])
    for _ in range(n_steps):
        r = y - b - X @ w
        w, b = w - lr * (-2 * X.T @ r + 2 * lam * w), b - lr * (-2 * r.sum() + 2 * lam * b)
    return b, w
'''),
    dict(exercise="03.4", mistake="standardized inside", says="standardized X inside the function", source='''
def ridge_gd(X, y, lam, lr, n_steps):
    X = fit_scaling(X).apply(X)
    b, w = 0.0, np.zeros(X.shape[1])
    for _ in range(n_steps):
        r = y - b - X @ w
        w, b = w - lr * (-2 * X.T @ r + 2 * lam * w), b - lr * (-2 * r.sum())
    return b, w
'''),
    dict(exercise="03.4", mistake="sequential update", says="both gradients must be taken at the current point", source='''
def ridge_gd(X, y, lam, lr, n_steps):
    b, w = 0.0, np.zeros(X.shape[1])
    for _ in range(n_steps):
        w = w - lr * (-2 * X.T @ (y - b - X @ w) + 2 * lam * w)
        b = b - lr * (-2 * np.sum(y - b - X @ w))
    return b, w
'''),
    dict(exercise="03.4", mistake="mean instead of sum", says="mean instead of the sum", source='''
def ridge_gd(X, y, lam, lr, n_steps):
    n = len(y)
    b, w = 0.0, np.zeros(X.shape[1])
    for _ in range(n_steps):
        r = y - b - X @ w
        w, b = w - lr * (-2 / n * X.T @ r + 2 * lam * w), b - lr * (-2 / n * r.sum())
    return b, w
'''),
    dict(exercise="03.4", mistake="lambda/2 convention", says="2λw, not λw", source='''
def ridge_gd(X, y, lam, lr, n_steps):
    b, w = 0.0, np.zeros(X.shape[1])
    for _ in range(n_steps):
        r = y - b - X @ w
        w, b = w - lr * (-2 * X.T @ r + lam * w), b - lr * (-2 * r.sum())
    return b, w
'''),
    dict(exercise="03.4", mistake="one step short", says="exactly n_steps updates", source='''
def ridge_gd(X, y, lam, lr, n_steps):
    b, w = 0.0, np.zeros(X.shape[1])
    for _ in range(1, n_steps):
        r = y - b - X @ w
        w, b = w - lr * (-2 * X.T @ r + 2 * lam * w), b - lr * (-2 * r.sum())
    return b, w
'''),
    dict(exercise="03.4", mistake=None, says="should be a number", source='''
def ridge_gd(X, y, lam, lr, n_steps):
    b, w = 0.0, np.zeros(X.shape[1])
    for _ in range(n_steps):
        r = y - b - X @ w
        w, b = w - lr * (-2 * X.T @ r + 2 * lam * w), b - lr * (-2 * r.sum())
    return w, b
'''),
]
