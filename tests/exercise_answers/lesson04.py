"""Recorded answers to the exercises of lesson 04: the test set's bias, Keras's λ, LOO residuals, CV."""

PRELUDE = '''
import numpy as np
import helpers
from helpers import fit_scaling, fold_indices, ridge_fit, ridge_path
'''

_LOO_HEAD = '''
def loo_residuals(X, y, lam):
    n, p = X.shape
    Xc = X - X.mean(axis=0)
'''

_CV = '''
def cv_scaled(X, y, lams, k, seed):
    errors = []
    for val in fold_indices(len(y), k, seed=seed):
        train = np.setdiff1d(np.arange(len(y)), val)
        {scale}
        P = ridge_path(A, y[train], lams)
        pred = P.intercepts[:, None] + P.coefs @ B.T
        errors.append(np.{reduce}((y[val] - pred) ** 2, axis=1))
    errors = np.array(errors)
    return {result}
'''
_FOLD = "s = fit_scaling(X[train]); A, B = s.apply(X[train]), s.apply(X[val])"
_SE = "errors.mean(axis=0), errors.std(axis=0, ddof=1) / np.sqrt(k)"


def _cv(scale=_FOLD, reduce="mean", result=_SE):
    return _CV.format(scale=scale, reduce=reduce, result=result)


ANSWERS = [
    # --- 04.1 the test set's bias
    dict(exercise="04.1", mistake="test set only fits w", says="fixed before looking at the test set", source='''
choice = "a"
'''),
    dict(exercise="04.1", mistake="a large test set removes the bias", says="only shrinks the bias", source='''
choice = "(d)"
'''),
    dict(exercise="04.1", mistake="bias the wrong way", says="direction wrong", source='''
choice = "C"
'''),
    dict(exercise="04.1", mistake=None, says="answer with one of a, b, c, d", source='''
choice = "optimistic"
'''),
    dict(exercise="04.1", mistake=None, says="should be a string", source='''
choice = 2
'''),
    dict(exercise="04.1", status="passed", mistake=None, says="correct", source='''
choice = "optimistic (too low on average), because the test set was used to choose λ"
'''),
    # --- 04.2 Keras's λ
    dict(exercise="04.2", mistake="Keras factor as lambda", says="multiply by n", source='''
keras_lam = 0.003
'''),
    dict(exercise="04.2", mistake="PyTorch half", says="PyTorch's weight_decay", source='''
keras_lam = 500 * 0.003 / 2
'''),
    dict(exercise="04.2", mistake="divided by n", says="divided by n instead of multiplying", source='''
keras_lam = 0.003 / 500
'''),
    dict(exercise="04.2", mistake="doubled", says="no factor 2", source='''
keras_lam = 2 * 500 * 0.003
'''),
    dict(exercise="04.2", mistake=None, says="Remove the quotes", source='''
keras_lam = "1.5"
'''),
    dict(exercise="04.2", mistake=None, says="a complex number", source='''
keras_lam = complex(500 * 0.003)
'''),
    dict(exercise="04.2", status="passed", mistake=None, says="correct", source='''
keras_lam = np.float32(1.5)
'''),
    # --- 04.3 LOO residuals from one fit
    dict(exercise="04.3", mistake="ordinary residuals", says="divided by 1 − H_ii", source='''
def loo_residuals(X, y, lam):
    return y - ridge_fit(X, y, lam).predict(X)
'''),
    dict(exercise="04.3", mistake="intercept left out of the hat matrix", says="without the 11ᵀ/n term",
         source=_LOO_HEAD + '''
    H = Xc @ np.linalg.solve(Xc.T @ Xc + lam * np.eye(p), Xc.T)
    return (y - H @ y) / (1 - np.diag(H))
'''),
    dict(exercise="04.3", mistake="leverages without 1/n", says="adds 1/n to every H_ii", source=_LOO_HEAD + '''
    H = Xc @ np.linalg.solve(Xc.T @ Xc + lam * np.eye(p), Xc.T)
    return (y - ridge_fit(X, y, lam).predict(X)) / (1 - np.diag(H))
'''),
    dict(exercise="04.3", mistake="squared denominator", says="(1 − H_ii)²", source=_LOO_HEAD + '''
    H = np.full((n, n), 1 / n) + Xc @ np.linalg.solve(Xc.T @ Xc + lam * np.eye(p), Xc.T)
    return (y - H @ y) / (1 - np.diag(H)) ** 2
'''),
    dict(exercise="04.3", mistake="penalized intercept", says="never penalizes b", source='''
def loo_residuals(X, y, lam):
    A = np.column_stack([np.ones(len(y)), X])
    H = A @ np.linalg.solve(A.T @ A + lam * np.eye(A.shape[1]), A.T)
    return (y - H @ y) / (1 - np.diag(H))
'''),
    dict(exercise="04.3", mistake="uncentred X", says="uncentred X", source='''
def loo_residuals(X, y, lam):
    H = X @ np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T)
    return (y - H @ y) / (1 - np.diag(H))
'''),
    dict(exercise="04.3", mistake=None, says="np.array", source=_LOO_HEAD + '''
    H = np.full((n, n), 1 / n) + Xc @ np.linalg.solve(Xc.T @ Xc + lam * np.eye(p), Xc.T)
    return list((y - H @ y) / (1 - np.diag(H)))
'''),
    # --- 04.4 CV with the scaling inside each fold
    dict(exercise="04.4", mistake="scaled on all rows", says="on all rows before splitting",
         source=_cv(scale="Z = fit_scaling(X).apply(X); A, B = Z[train], Z[val]")),
    dict(exercise="04.4", mistake="validation fold scaled by itself", says="its own mean and standard deviation",
         source=_cv(scale="A, B = fit_scaling(X[train]).apply(X[train]), fit_scaling(X[val]).apply(X[val])")),
    dict(exercise="04.4", mistake="ddof=0 standard error", says="ddof=0",
         source=_cv(result="errors.mean(axis=0), errors.std(axis=0) / np.sqrt(k)")),
    dict(exercise="04.4", mistake="sd instead of se", says="divide by √k",
         source=_cv(result="errors.mean(axis=0), errors.std(axis=0, ddof=1)")),
    dict(exercise="04.4", mistake="summed fold errors", says="summed each fold's squared errors",
         source=_cv(reduce="sum")),
    dict(exercise="04.4", mistake="not standardized", says="did not standardize at all",
         source=_cv(scale="A, B = X[train], X[val]")),
    dict(exercise="04.4", mistake=None, says="pair (mean, se)",
         source=_cv(result="np.array([errors.mean(axis=0), errors.std(axis=0, ddof=1) / np.sqrt(k)])")),
]
