"""Exercises of lesson 02 (the penalized objective): the loss, the closed form, df(λ), a norm budget."""

from __future__ import annotations

import numpy as np

from ..data import load_prostate
from ..features import fit_scaling
from ..models import ridge_fit
from .framework import Wrong, compare_function, compare_value, exercise

# ---------------------------------------------------------------------------------------------------
# 02.1  the penalized loss
# ---------------------------------------------------------------------------------------------------


def _residual(X, y, w, b):
    return np.asarray(y, float) - b - np.asarray(X, float) @ np.asarray(w, float)


def _loss(X, y, w, b, lam):
    r = _residual(X, y, w, b)
    return float(r @ r + lam * np.sum(np.asarray(w, float) ** 2))


def _loss_cases():
    rng = np.random.default_rng(202)
    cases = []
    for n, p, b, lam in [(8, 3, 1.5, 0.7), (12, 2, -0.4, 3.0), (5, 4, 2.0, 10.0), (6, 1, 0.0, 0.0)]:
        X = rng.normal(size=(n, p)) + 1.0
        y = rng.normal(size=n) + b
        w = rng.normal(size=p)
        cases.append((X, y, w, b, lam))
    return cases


@exercise("02.1", task="Write penalized_loss(X, y, w, b, lam): Σ (y_i − b − x_i·w)² + lam·‖w‖², "
          "with the intercept b not penalized.", answer_name="penalized_loss")
def judge_penalized_loss(answer):
    def sq(w):
        return float(np.sum(np.asarray(w, float) ** 2))

    def sse(X, y, w, b):
        r = _residual(X, y, w, b)
        return float(r @ r)

    compare_function(answer, _loss, _loss_cases(), name="penalized_loss", mistakes={
        "penalized the intercept too (added lam·b²). The intercept only sets the level of the predictions; "
        "penalizing it would pull every prediction toward 0, an arbitrary origin":
            lambda X, y, w, b, lam: _loss(X, y, w, b, lam) + lam * b**2,
        "used lam/2 in front of ‖w‖². That is the convention ½Σerr² + (λ/2)‖w‖² with only half of it "
        "written; the course's J has λ‖w‖² next to the plain sum of squared errors":
            lambda X, y, w, b, lam: sse(X, y, w, b) + lam / 2 * sq(w),
        "halved the whole objective (½Σerr² + (λ/2)‖w‖², Bishop's convention). It has the same minimizer, "
        "but the course's J is twice that":
            lambda X, y, w, b, lam: 0.5 * _loss(X, y, w, b, lam),
        "used the mean of the squared errors instead of their sum. With a mean the same λ penalizes n "
        "times harder; the course's J sums the errors":
            lambda X, y, w, b, lam: sse(X, y, w, b) / len(y) + lam * sq(w),
        "used the norm ‖w‖ instead of its square ‖w‖² = Σ w_j²":
            lambda X, y, w, b, lam: sse(X, y, w, b) + lam * float(np.sqrt(sq(w))),
        "left the intercept b out of the residual y − b − X·w":
            lambda X, y, w, b, lam: _loss(X, y, w, 0.0, lam),
        "summed |w_j| (the L1 norm of lesson 06) instead of w_j²":
            lambda X, y, w, b, lam: sse(X, y, w, b) + lam * float(np.sum(np.abs(w))),
    })
    return "J(w, b) = ‖y − b − Xw‖² + λ‖w‖²: the data term plus the price of the weights."


# ---------------------------------------------------------------------------------------------------
# 02.2  the closed form
# ---------------------------------------------------------------------------------------------------


def _centred_solution(X, y, lam):
    X, y = np.asarray(X, float), np.asarray(y, float)
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    w = np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T @ yc)
    return y_mean - x_mean @ w, w


def _pack(result, name="ridge_closed_form"):
    """(b, w) -> the vector [b, w_1, …, w_p]; anything else is a Wrong with a clear message."""
    if result is None:
        return None
    if hasattr(result, "intercept") and hasattr(result, "coef"):
        result = (result.intercept, result.coef)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise Wrong(f"`{name}` should return a pair (b, w): the intercept (a number) and the weights "
                    f"(an array), for example `return b, w`; it returned {type(result).__name__}.")
    b, w = result
    if np.ndim(b) != 0:
        raise Wrong(f"the first thing `{name}` returns should be the intercept b, a single number; "
                    f"it has shape {np.shape(b)}.")
    return np.concatenate([[float(b)], np.ravel(np.asarray(w, dtype=float))])


def _closed_form_cases():
    rng = np.random.default_rng(2022)
    cases = []
    for n, p, lam in [(15, 3, 2.0), (8, 5, 0.5), (20, 2, 30.0), (6, 8, 1.0)]:
        X = rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, p) + rng.uniform(-3, 3, p)
        y = X @ rng.normal(size=p) + 4.0 + rng.normal(size=n)
        cases.append((X, y, lam))
    return cases


def _penalized_intercept(X, y, lam):
    A = np.column_stack([np.ones(len(y)), X])
    theta = np.linalg.solve(A.T @ A + lam * np.eye(A.shape[1]), A.T @ y)
    return theta[0], theta[1:]


def _through_origin(X, y, lam):
    X = np.asarray(X, float)
    return 0.0, np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)


@exercise("02.2", task="Write ridge_closed_form(X, y, lam) returning (b, w): centre X and y, solve "
          "(XcᵀXc + lam·I) w = Xcᵀyc, and set b = mean(y) − mean(X)·w.", answer_name="ridge_closed_form")
def judge_closed_form(answer):
    if not callable(answer):
        raise Wrong(f"`ridge_closed_form` should be a function (defined with `def`), but it is a "
                    f"{type(answer).__name__}.")

    def packed(solver):
        return lambda X, y, lam: _pack(solver(X, y, lam))

    compare_function(packed(answer), packed(_centred_solution), _closed_form_cases(),
                     name="ridge_closed_form", rtol=1e-6, atol=1e-8, mistakes={
        "penalized the intercept: a column of ones in X (or no centring) puts b inside λ‖·‖², which "
        "pulls it toward 0. Centre X and y, solve for w, then b = mean(y) − mean(X)·w":
            packed(_penalized_intercept),
        "used λ/2 instead of λ: the gradient of λ‖w‖² is 2λw, and the 2 cancels against the 2 of the data "
        "term's gradient −2Xᵀ(y − Xw), leaving (XᵀX + λI) w = Xᵀy":
            packed(lambda X, y, lam: _centred_solution(X, y, lam / 2)),
        "used 2λ instead of λ: the factor 2 of the penalty's gradient 2λw cancels against the 2 of the "
        "data term's gradient":
            packed(lambda X, y, lam: _centred_solution(X, y, 2 * lam)),
        "solved the mean-squared-error version (XᵀX/n + λI) w = Xᵀy/n, whose λ is n times the "
        "course's: with the sum of squared errors the system is (XᵀX + λI) w = Xᵀy":
            packed(lambda X, y, lam: _centred_solution(X, y, len(y) * lam)),
        "fitted through the origin (no centring, b = 0). Without an intercept the line cannot move up "
        "or down to meet the data":
            packed(_through_origin),
        "set the intercept to mean(y); it is mean(y) − mean(X)·w, because the features are not centred "
        "in the original X":
            packed(lambda X, y, lam: (float(np.mean(y)), _centred_solution(X, y, lam)[1])),
    })
    return ("(XcᵀXc + λI) is invertible for every λ > 0, and the intercept, fitted on the centred data, "
            "is left unpenalized.")


# ---------------------------------------------------------------------------------------------------
# 02.3  effective degrees of freedom
# ---------------------------------------------------------------------------------------------------


def _singular_values(X, centre=True):
    X = np.asarray(X, float)
    return np.linalg.svd(X - X.mean(axis=0) if centre else X, compute_uv=False)


def _df(X, lam):
    d = _singular_values(X)
    return float(np.sum(d**2 / (d**2 + lam)))


def _df_cases():
    rng = np.random.default_rng(23)
    cases = []
    for n, p, lam in [(20, 4, 3.0), (12, 6, 0.5), (30, 3, 50.0), (9, 2, 1.0)]:
        X = rng.normal(size=(n, p)) * rng.uniform(0.5, 3.0, p) + rng.uniform(-4, 4, p)
        cases.append((X, lam))
    return cases


@exercise("02.3", task="Write ridge_df(X, lam): the effective degrees of freedom Σ d_j²/(d_j² + lam), "
          "with d_j the singular values of the centred X.", answer_name="ridge_df")
def judge_df(answer):
    compare_function(answer, _df, _df_cases(), name="ridge_df", mistakes={
        "did not centre X. The intercept absorbs the column means, so df counts the directions of the "
        "centred X: subtract X.mean(axis=0) before the SVD":
            lambda X, lam: float(np.sum(_singular_values(X, False) ** 2
                                        / (_singular_values(X, False) ** 2 + lam))),
        "used d_j instead of d_j²: the factors are d²/(d² + λ), the eigenvalues of XᵀX being d²":
            lambda X, lam: float(np.sum(_singular_values(X) / (_singular_values(X) + lam))),
        "squared twice: np.linalg.eigvalsh(Xc.T @ Xc) returns d_j² already, not d_j":
            lambda X, lam: float(np.sum(_singular_values(X) ** 4 / (_singular_values(X) ** 4 + lam))),
        "summed λ/(d_j² + λ), the part each direction *loses*; df is what is kept, Σ d²/(d² + λ) = p − that":
            lambda X, lam: float(np.sum(lam / (_singular_values(X) ** 2 + lam))),
        "added 1 for the intercept. That is a fair count of all fitted parameters, but df(λ) as defined "
        "here (ESL eq. 3.50) counts the penalized weights only, from p at λ = 0 down to 0":
            lambda X, lam: _df(X, lam) + 1.0,
    })
    return "df(λ) falls smoothly from p (least squares) toward 0 as λ grows."


# ---------------------------------------------------------------------------------------------------
# 02.4  a budget for ‖w‖: from the constrained form back to λ
# ---------------------------------------------------------------------------------------------------

BUDGET = 0.5


def _lam_for_norm(X, y, target):
    """The λ at which the ridge weights on (X, y) have norm ``target`` (bisection on ln λ; ‖w_λ‖ falls as λ grows)."""
    def norm(lam):
        return float(np.linalg.norm(ridge_fit(X, y, lam).coef))

    lo, hi = -20.0, 20.0
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if norm(np.exp(mid)) > target else (lo, mid)
    return float(np.exp((lo + hi) / 2))


def budget_answers():
    """The reference λ and the λ each usual mistake leads to, keyed by the mistake's description."""
    data = load_prostate()
    X_train, y_train = data.X[data.train], data.y[data.train]
    Z = fit_scaling(X_train).apply(X_train)
    expected = _lam_for_norm(Z, y_train, BUDGET)
    mistakes = {
        "did not standardize the features. In their raw units the weights are not comparable, and the "
        "budget ‖w‖ ≤ t would bind each feature according to its units":
            _lam_for_norm(X_train, y_train, BUDGET),
        "standardized with ddof=1 (R's scale()); the course's fit_scaling uses ddof=0, like "
        "scikit-learn's StandardScaler":
            _lam_for_norm(fit_scaling(X_train, ddof=1).apply(X_train), y_train, BUDGET),
        "learnt the standardization from all 97 rows; it must come from the 67 training rows only":
            _lam_for_norm(fit_scaling(data.X).apply(X_train), y_train, BUDGET),
        "fitted on all 97 rows; use the training rows (data.train) only":
            _lam_for_norm(fit_scaling(data.X).apply(data.X), data.y, BUDGET),
        "reported λ for a mean-squared-error objective (λ/n); with the course's sum of squared errors "
        "it is n = 67 times larger":
            expected / len(y_train),
    }
    return expected, mistakes


@exercise("02.4", task="Standardize the prostate training rows with fit_scaling and find lam_budget, the λ at "
          "which the ridge weights have norm ‖w‖ = 0.5 (to 3 significant figures).", answer_name="lam_budget")
def judge_budget(answer):
    if isinstance(answer, (list, tuple, np.ndarray)) and np.ndim(answer) > 0:
        raise Wrong("lam_budget should be a single number (a value of λ), not a list or an array.")
    if isinstance(answer, bool) or not isinstance(answer, (int, float, np.integer, np.floating)):
        raise Wrong(f"lam_budget should be a number, got {type(answer).__name__}.")
    expected, mistakes = budget_answers()
    compare_value(answer, expected, what="lam_budget", rtol=2e-3, atol=0.0, mistakes=mistakes)
    return (f"at λ ≈ {expected:.1f} the penalized optimum sits exactly on the circle ‖w‖ = {BUDGET}: the "
            "penalized and the constrained problems have the same solution.")
