"""Recorded answers to the exercises of lesson 06: why zeros, λ_max, the elastic net, coordinate descent."""

PRELUDE = '''
import numpy as np
import helpers
from helpers import fit_scaling, lasso_fit, load_diabetes


def soft_threshold(z, t):
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)
'''

# Coordinate descent as a learner writes it, with one slip switched on through the placeholders.
_CD = '''
def lasso_cd(X, y, lam, max_sweeps=10_000, tol=1e-12):
    {prepare}
    w = np.zeros(A.shape[1])
    r = r0.copy()
    col_sq = (A**2).sum(axis=0)
    for _ in range(max_sweeps):
        biggest = 0.0
        for j in range(A.shape[1]):
            r = r + A[:, j] * w[j]
            new = {update}
            r = r - A[:, j] * new
            biggest = max(biggest, abs(new - w[j]))
            w[j] = new
        if biggest <= tol:
            break
    return {result}
'''
_CENTRED = "x_mean, y_mean = X.mean(axis=0), y.mean(); A = X - x_mean; r0 = y - y_mean"
_SOFT = "soft_threshold(A[:, j] @ r, lam / 2) / col_sq[j]"
_B = "y_mean - x_mean @ w, w"


def _cd(prepare=_CENTRED, update=_SOFT, result=_B):
    return _CD.format(prepare=prepare, update=update, result=result)


ANSWERS = [
    # --- 06.1 where do the zeros come from?
    dict(exercise="06.1", mistake="L1 always larger", says="for |w| > 1", source='''
why_zeros = "a"
'''),
    dict(exercise="06.1", mistake="zeros from the algorithm", says="not to the algorithm", source='''
why_zeros = "c)"
'''),
    dict(exercise="06.1", mistake="standardization", says="same standardized data", source='''
why_zeros = "D"
'''),
    dict(exercise="06.1", mistake=None, says="answer with one of a, b, c, d", source='''
why_zeros = "b and c"
'''),
    dict(exercise="06.1", mistake=None, says="should be a string", source='''
why_zeros = 2
'''),
    dict(exercise="06.1", status="passed", mistake=None, says="correct", source='''
why_zeros = "'b'"
'''),
    # --- 06.2 lam_max(X, y)
    dict(exercise="06.2", mistake="no abs", says="without abs()", source='''
def lam_max(X, y):
    return 2 * np.max(X.T @ (y - y.mean()))
'''),
    dict(exercise="06.2", mistake="threshold lambda/2", says="with the factor 2", source='''
def lam_max(X, y):
    return float(np.max(np.abs(X.T @ (y - y.mean()))))
'''),
    dict(exercise="06.2", mistake="y not centred", says="did not centre y", source='''
def lam_max(X, y):
    return float(2 * np.max(np.abs(X.T @ y)))
'''),
    dict(exercise="06.2", mistake="divided by n", says="divided by n", source='''
def lam_max(X, y):
    return float(2 * np.max(np.abs(X.T @ (y - y.mean()))) / len(y))
'''),
    dict(exercise="06.2", mistake="scikit-learn alpha_max", says="alpha_max", source='''
def lam_max(X, y):
    return float(np.max(np.abs(X.T @ (y - y.mean()))) / len(y))
'''),
    dict(exercise="06.2", mistake="standardized inside", says="standardized X inside the function", source='''
def lam_max(X, y):
    Z = fit_scaling(X).apply(X)
    return float(2 * np.max(np.abs(Z.T @ (y - y.mean()))))
'''),
    dict(exercise="06.2", mistake=None, says="the right result is", source='''
def lam_max(X, y):
    return 39921.5
'''),
    dict(exercise="06.2", mistake=None, says="Remove the quotes", source='''
def lam_max(X, y):
    return "39921.5"
'''),
    # --- 06.3 elastic_net_orthonormal
    dict(exercise="06.3", mistake="threshold lam1", says="instead of lam1/2", source='''
def elastic_net_orthonormal(z, lam1, lam2):
    return soft_threshold(z, lam1) / (1 + lam2)
'''),
    dict(exercise="06.3", mistake="L2 part left out", says="divide the soft-thresholded value", source='''
def elastic_net_orthonormal(z, lam1, lam2):
    return soft_threshold(z, lam1 / 2)
'''),
    dict(exercise="06.3", mistake="shrink before threshold", says="the threshold acts on z itself", source='''
def elastic_net_orthonormal(z, lam1, lam2):
    return soft_threshold(z / (1 + lam2), lam1 / 2)
'''),
    dict(exercise="06.3", mistake="hard threshold", says="hard-thresholded", source='''
def elastic_net_orthonormal(z, lam1, lam2):
    return np.where(np.abs(z) > lam1 / 2, z, 0.0) / (1 + lam2)
'''),
    dict(exercise="06.3", mistake="lost the sign", says="lost the sign", source='''
def elastic_net_orthonormal(z, lam1, lam2):
    return np.maximum(z - lam1 / 2, 0) / (1 + lam2)
'''),
    dict(exercise="06.3", mistake="1 + 2 lam2", says="the 2s cancel", source='''
def elastic_net_orthonormal(z, lam1, lam2):
    return soft_threshold(z, lam1 / 2) / (1 + 2 * lam2)
'''),
    dict(exercise="06.3", mistake=None, says="in place", source='''
def elastic_net_orthonormal(z, lam1, lam2):
    z[np.abs(z) <= lam1 / 2] = 0.0
    z -= np.sign(z) * lam1 / 2
    return z / (1 + lam2)
'''),
    # --- 06.4 lasso_cd
    dict(exercise="06.4", mistake="threshold lambda", says="instead of λ/2", source=_cd(update="soft_threshold(A[:, j] @ r, lam) / col_sq[j]")),
    dict(exercise="06.4", mistake="intercept = mean(y)", says="b = ȳ − x̄·w", source=_cd(result="y_mean, w")),
    dict(exercise="06.4", mistake="mean instead of sum", says="the course's loss is the sum",
         source=_cd(update="soft_threshold(A[:, j] @ r, len(y) * lam / 2) / col_sq[j]")),
    dict(exercise="06.4", mistake="penalized intercept", says="column of ones inside the penalty",
         source=_cd(prepare="A = np.column_stack([np.ones(len(y)), X]); r0 = y.astype(float)", result="w[0], w[1:]")),
    dict(exercise="06.4", mistake="no intercept", says="fitted no intercept", source=_cd(prepare="A = X; r0 = y.astype(float)",
                                                                                         result="0.0, w")),
    dict(exercise="06.4", mistake="ridge update", says="ridge update", source=_cd(update="(A[:, j] @ r) / (col_sq[j] + lam)")),
    dict(exercise="06.4", mistake=None, says="pair (intercept, coef)", source='''
def lasso_cd(X, y, lam):
    return lasso_fit(X, y, lam)
'''),
]
