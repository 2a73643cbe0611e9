"""Recorded answers to the exercises of lesson 08: the λ of a prior, the posterior mean, γ, one MacKay step."""

PRELUDE = '''
import numpy as np
import helpers
'''

_MEAN = '''
def posterior_mean(X, y, alpha, beta):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    m = {m}
    return {result}
'''
_RIGHT_M = "beta * np.linalg.solve(alpha * np.eye(X.shape[1]) + beta * Xc.T @ Xc, Xc.T @ yc)"

_STEP = '''
def reestimate(X, y, alpha, beta):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    m = beta * np.linalg.solve(alpha * np.eye(X.shape[1]) + beta * Xc.T @ Xc, Xc.T @ yc)
    d = np.linalg.svd(Xc, compute_uv=False)
    gamma = {gamma}
    N = {N}
    return {result}
'''
_GAMMA = "np.sum(beta * d**2 / (alpha + beta * d**2))"
_NEW = "gamma / (m @ m), (N - gamma) / np.sum((yc - Xc @ m) ** 2)"


def _mean(m=_RIGHT_M, result="y_mean - x_mean @ m, m"):
    return _MEAN.format(m=m, result=result)


def _step(gamma=_GAMMA, N="len(y) - 1", result=_NEW):
    return _STEP.format(gamma=gamma, N=N, result=result)


ANSWERS = [
    # --- 08.1 the λ of a prior and a noise level
    dict(exercise="08.1", mistake="inverted ratio", says="not σ_w²/σ²", source='''
prior_lam = 0.5**2 / 0.3**2
'''),
    dict(exercise="08.1", mistake="standard deviations not squared", says="without squaring them", source='''
prior_lam = 0.3 / 0.5
'''),
    dict(exercise="08.1", mistake="lambda/2 convention", says="with no ½", source='''
prior_lam = 0.3**2 / 0.5**2 / 2
'''),
    dict(exercise="08.1", mistake="doubled", says="cancels", source='''
prior_lam = 2 * 0.3**2 / 0.5**2
'''),
    dict(exercise="08.1", mistake="standard deviations as precisions", says="for precisions", source='''
prior_lam = 0.5 / 0.3
'''),
    dict(exercise="08.1", mistake=None, says="Remove the quotes", source='''
prior_lam = "0.36"
'''),
    dict(exercise="08.1", status="passed", mistake=None, says="correct", source='''
alpha, beta = 1 / 0.5**2, 1 / 0.3**2
prior_lam = alpha / beta
'''),
    # --- 08.2 the posterior mean
    dict(exercise="08.2", mistake="alpha and beta swapped", says="swapped α and β", source=_mean(
        m="alpha * np.linalg.solve(beta * np.eye(X.shape[1]) + alpha * Xc.T @ Xc, Xc.T @ yc)")),
    dict(exercise="08.2", mistake="beta left out", says="left out β", source=_mean(
        m="np.linalg.solve(alpha * np.eye(X.shape[1]) + Xc.T @ Xc, Xc.T @ yc)")),
    dict(exercise="08.2", mistake="intercept as mean of y", says="set the intercept to mean(y)", source=_mean(
        result="y_mean, m")),
    dict(exercise="08.2", mistake="prior on the intercept", says="flat prior", source='''
def posterior_mean(X, y, alpha, beta):
    A = np.column_stack([np.ones(len(y)), X])
    theta = beta * np.linalg.solve(alpha * np.eye(A.shape[1]) + beta * A.T @ A, A.T @ y)
    return theta[0], theta[1:]
'''),
    dict(exercise="08.2", mistake=None, says="should be a pair (b, m)", source=_mean(result="m")),
    dict(exercise="08.2", status="passed", mistake=None, says="correct", source=_mean(result="[y_mean - x_mean @ m, m]")),
    # --- 08.3 γ from the singular values
    dict(exercise="08.3", mistake="d instead of d squared", says="instead of d_i²", source='''
def gamma_from_singular_values(d, alpha, beta):
    return float(np.sum(beta * d / (alpha + beta * d)))
'''),
    dict(exercise="08.3", mistake="beta left out", says="left out β", source='''
def gamma_from_singular_values(d, alpha, beta):
    return float(np.sum(d**2 / (alpha + d**2)))
'''),
    dict(exercise="08.3", mistake="prior's share", says="the prior holds back", source='''
def gamma_from_singular_values(d, alpha, beta):
    return float(np.sum(alpha / (alpha + beta * d**2)))
'''),
    dict(exercise="08.3", mistake="alpha and beta swapped", says="swapped α and β", source='''
def gamma_from_singular_values(d, alpha, beta):
    return float(np.sum(alpha * d**2 / (beta + alpha * d**2)))
'''),
    dict(exercise="08.3", mistake=None, says="forget the `return`", source='''
def gamma_from_singular_values(d, alpha, beta):
    gamma = float(np.sum(beta * d**2 / (alpha + beta * d**2)))
'''),
    dict(exercise="08.3", status="passed", mistake=None, says="correct", source='''
def gamma_from_singular_values(d, alpha, beta):
    lam = alpha / beta
    return float(sum(di**2 / (di**2 + lam) for di in d))
'''),
    # --- 08.4 one MacKay step
    dict(exercise="08.4", mistake="N = n", says="BayesianRidge", source=_step(N="len(y)")),
    dict(exercise="08.4", mistake="p instead of gamma", says="large-N approximation", source=_step(gamma="X.shape[1]")),
    dict(exercise="08.4", mistake="order swapped", says="other order", source=_step(
        result="(N - gamma) / np.sum((yc - Xc @ m) ** 2), gamma / (m @ m)")),
    dict(exercise="08.4", mistake=None, says="should be a pair", source=_step(result="gamma / (m @ m)")),
    dict(exercise="08.4", mistake=None, says="NaN", source=_step(N="len(y) - 1", result="gamma / (m @ m), np.nan")),
    dict(exercise="08.4", mistake=None, says="it is an array", source=_step(
        result="np.array([gamma / (m @ m), (N - gamma) / np.sum((yc - Xc @ m) ** 2)])")),
    dict(exercise="08.4", status="passed", mistake=None, says="correct", source=_step(
        result="[gamma / (m @ m), (N - gamma) / np.sum((yc - Xc @ m) ** 2)]")),
]
