"""Recorded answers to the exercises of lesson 02: the loss, the closed form, df(λ), the budget's λ."""

PRELUDE = '''
import numpy as np
import helpers
from helpers import fit_scaling, load_prostate, ridge_fit

prostate = load_prostate()
X_train, y_train = prostate.X[prostate.train], prostate.y[prostate.train]


def lam_for_norm(Z, y, target=0.5):
    lo, hi = -10.0, 15.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if np.linalg.norm(ridge_fit(Z, y, np.exp(mid)).coef) > target:
            lo = mid
        else:
            hi = mid
    return float(np.exp((lo + hi) / 2))
'''

ANSWERS = [
    # --- 02.1 penalized_loss
    dict(exercise="02.1", mistake="penalized intercept", says="penalized the intercept", source='''
def penalized_loss(X, y, w, b, lam):
    r = y - b - X @ w
    return float(r @ r + lam * (w @ w + b ** 2))
'''),
    dict(exercise="02.1", mistake="lambda/2 convention", says="lam/2", source='''
def penalized_loss(X, y, w, b, lam):
    r = y - b - X @ w
    return float(r @ r + lam / 2 * np.sum(w ** 2))
'''),
    dict(exercise="02.1", mistake="mean instead of sum", says="mean of the squared errors", source='''
def penalized_loss(X, y, w, b, lam):
    return float(np.mean((y - b - X @ w) ** 2) + lam * np.sum(w ** 2))
'''),
    dict(exercise="02.1", mistake="intercept left out", says="left the intercept b out", source='''
def penalized_loss(X, y, w, b, lam):
    r = y - X @ w
    return float(r @ r + lam * w @ w)
'''),
    dict(exercise="02.1", mistake="norm not squared", says="instead of its square", source='''
def penalized_loss(X, y, w, b, lam):
    r = y - b - X @ w
    return float(r @ r + lam * np.linalg.norm(w))
'''),
    dict(exercise="02.1", mistake="halved objective", says="Bishop's convention", source='''
def penalized_loss(X, y, w, b, lam):
    r = y - b - X @ w
    return 0.5 * r @ r + lam / 2 * w @ w
'''),
    dict(exercise="02.1", mistake=None, says="Remove the quotes", source='''
def penalized_loss(X, y, w, b, lam):
    r = y - b - X @ w
    return str(r @ r + lam * w @ w)
'''),
    # --- 02.2 ridge_closed_form
    dict(exercise="02.2", mistake="penalized intercept", says="column of ones", source='''
def ridge_closed_form(X, y, lam):
    A = np.column_stack([np.ones(len(y)), X])
    theta = np.linalg.solve(A.T @ A + lam * np.eye(A.shape[1]), A.T @ y)
    return theta[0], theta[1:]
'''),
    dict(exercise="02.2", mistake="standardized inside", says="standardized X inside the function", source='''
def ridge_closed_form(X, y, lam):
    Z = fit_scaling(X).apply(X)
    yc = y - y.mean()
    w = np.linalg.solve(Z.T @ Z + lam * np.eye(Z.shape[1]), Z.T @ yc)
    return y.mean(), w
'''),
    dict(exercise="02.2", mistake="lambda/2 convention", says="λ/2 instead of λ", source='''
def ridge_closed_form(X, y, lam):
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    w = np.linalg.solve(Xc.T @ Xc + lam / 2 * np.eye(X.shape[1]), Xc.T @ yc)
    return y.mean() - X.mean(axis=0) @ w, w
'''),
    dict(exercise="02.2", mistake="intercept = mean(y)", says="mean(y) − mean(X)·w", source='''
def ridge_closed_form(X, y, lam):
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    w = np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T @ yc)
    return y.mean(), w
'''),
    dict(exercise="02.2", mistake="through the origin", says="through the origin", source='''
def ridge_closed_form(X, y, lam):
    w = np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)
    return 0.0, w
'''),
    dict(exercise="02.2", mistake=None, says="should be a number", source='''
def ridge_closed_form(X, y, lam):
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    w = np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T @ yc)
    return w, y.mean() - X.mean(axis=0) @ w
'''),
    dict(exercise="02.2", mistake=None, says="pair (b, w)", source='''
def ridge_closed_form(X, y, lam):
    return ridge_fit(X, y, lam)
'''),
    dict(exercise="02.2", mistake=None, says="np.array", source='''
def ridge_closed_form(X, y, lam):
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    w = np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T @ yc)
    return y.mean() - X.mean(axis=0) @ w, w.tolist()
'''),
    # --- 02.3 ridge_df
    dict(exercise="02.3", mistake="X not centred", says="did not centre X", source='''
def ridge_df(X, lam):
    d = np.linalg.svd(X, compute_uv=False)
    return float(np.sum(d**2 / (d**2 + lam)))
'''),
    dict(exercise="02.3", mistake="d instead of d squared", says="d_j instead of d_j²", source='''
def ridge_df(X, lam):
    d = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    return float(np.sum(d / (d + lam)))
'''),
    dict(exercise="02.3", mistake="squared twice", says="squared twice", source='''
def ridge_df(X, lam):
    Xc = X - X.mean(axis=0)
    d = np.linalg.eigvalsh(Xc.T @ Xc)
    return float(np.sum(d**2 / (d**2 + lam)))
'''),
    dict(exercise="02.3", mistake="shrunk part", says="the part each direction *loses*", source='''
def ridge_df(X, lam):
    d = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    return float(np.sum(lam / (d**2 + lam)))
'''),
    dict(exercise="02.3", mistake="counted the intercept", says="added 1 for the intercept", source='''
def ridge_df(X, lam):
    d = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    return 1 + float(np.sum(d**2 / (d**2 + lam)))
'''),
    dict(exercise="02.3", mistake=None, says="raised TypeError", source='''
def ridge_df(X, lam):
    d = np.linalg.svd(X - X.mean(axis=0))
    return float(np.sum(d**2 / (d**2 + lam)))
'''),
    # --- 02.4 lam_budget
    dict(exercise="02.4", mistake="not standardized", says="did not standardize", source='''
lam_budget = lam_for_norm(X_train, y_train)
'''),
    dict(exercise="02.4", mistake="ddof=1 scaling", says="ddof=1", source='''
Zb = (X_train - X_train.mean(axis=0)) / X_train.std(axis=0, ddof=1)
lam_budget = lam_for_norm(Zb, y_train)
'''),
    dict(exercise="02.4", mistake="fitted on all rows", says="all 97 rows", source='''
lam_budget = lam_for_norm(fit_scaling(prostate.X).apply(prostate.X), prostate.y)
'''),
    dict(exercise="02.4", mistake="mean-squared-error lambda", says="n = 67 times larger", source='''
Zb = fit_scaling(X_train).apply(X_train)
lam_budget = lam_for_norm(Zb, y_train) / len(y_train)
'''),
    dict(exercise="02.4", mistake=None, says="Remove the quotes", source='''
lam_budget = "43.5"
'''),
    dict(exercise="02.4", mistake=None, says="too small", source='''
lam_budget = 43.3
'''),
    dict(exercise="02.4", mistake=None, says="Give a single number", source='''
Zb = fit_scaling(X_train).apply(X_train)
lam_budget = np.array([lam_for_norm(Zb, y_train)])
'''),
    dict(exercise="02.4", status="passed", mistake=None, says="correct", source='''
lam_budget = 43.5
'''),
]
