"""Exercises of lesson 02 (the penalized objective): the loss, the closed form, df(λ), a norm budget."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..data import load_prostate
from ..features import fit_scaling
from ..models import ridge_fit
from .framework import Array, FunctionExercise, Mistake, Number, Pair, ValueExercise, register

# --- 02.1  the penalized loss ------------------------------------------------------------------------


def _residual(X, y, w, b):
    return np.asarray(y, float) - b - np.asarray(X, float) @ np.asarray(w, float)


def _sse(X, y, w, b):
    r = _residual(X, y, w, b)
    return float(r @ r)


def _sq(w):
    return float(np.sum(np.asarray(w, float) ** 2))


def _loss(X, y, w, b, lam):
    return _sse(X, y, w, b) + lam * _sq(w)


def _loss_probes():
    rng = np.random.default_rng(202)
    probes = []
    for n, p, b, lam in [(8, 3, 1.5, 0.7), (12, 2, -0.4, 3.0), (5, 4, 2.0, 10.0), (6, 1, 0.0, 0.0)]:
        X = rng.normal(size=(n, p)) + 1.0
        y = rng.normal(size=n) + b
        w = rng.normal(size=p)
        probes.append((X, y, w, b, lam))
    return probes


register(FunctionExercise(
    "02.1", task="Write penalized_loss(X, y, w, b, lam): Σ (y_i − b − x_i·w)² + lam·‖w‖², with the intercept b "
    "not penalized.", answer_name="penalized_loss", section="1. The objective, written out",
    reference=_loss, probe_inputs=_loss_probes, form=Number(), mistakes=[
        Mistake("penalized intercept", "penalized the intercept too (added lam·b²). The intercept only sets "
                "the level of the predictions; penalizing it would pull every prediction toward 0, an "
                "arbitrary origin", lambda X, y, w, b, lam: _loss(X, y, w, b, lam) + lam * b**2),
        Mistake("lambda/2 convention", "used lam/2 in front of ‖w‖². That is the convention ½Σerr² + (λ/2)‖w‖² "
                "with only half of it written; the course's J has λ‖w‖² next to the plain sum of squared errors",
                lambda X, y, w, b, lam: _sse(X, y, w, b) + lam / 2 * _sq(w)),
        Mistake("halved objective", "halved the whole objective (½Σerr² + (λ/2)‖w‖², Bishop's convention). It "
                "has the same minimizer, but the course's J is twice that",
                lambda X, y, w, b, lam: 0.5 * _loss(X, y, w, b, lam)),
        Mistake("mean instead of sum", "used the mean of the squared errors instead of their sum. With a mean "
                "the same λ penalizes n times harder; the course's J sums the errors",
                lambda X, y, w, b, lam: _sse(X, y, w, b) / len(y) + lam * _sq(w)),
        Mistake("norm not squared", "used the norm ‖w‖ instead of its square ‖w‖² = Σ w_j²",
                lambda X, y, w, b, lam: _sse(X, y, w, b) + lam * float(np.sqrt(_sq(w)))),
        Mistake("intercept left out", "left the intercept b out of the residual y − b − X·w",
                lambda X, y, w, b, lam: _loss(X, y, w, 0.0, lam)),
        Mistake("L1 penalty", "summed |w_j| (the L1 norm of lesson 06) instead of w_j²",
                lambda X, y, w, b, lam: _sse(X, y, w, b) + lam * float(np.sum(np.abs(w)))),
    ],
    praise="J(w, b) = ‖y − b − Xw‖² + λ‖w‖²: the data term plus the price of the weights."))


# --- 02.2  the closed form ---------------------------------------------------------------------------


def _centred_solution(X, y, lam):
    X, y = np.asarray(X, float), np.asarray(y, float)
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    w = np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T @ yc)
    return float(y_mean - x_mean @ w), w


def _closed_form_probes():
    rng = np.random.default_rng(2022)
    probes = []
    for n, p, lam in [(15, 3, 2.0), (8, 5, 0.7), (20, 2, 30.0), (6, 8, 1.0)]:
        X = rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, p) + rng.uniform(-3, 3, p)
        y = X @ rng.normal(size=p) + 4.0 + rng.normal(size=n)
        probes.append((X, y, lam))
    return probes


def _penalized_intercept(X, y, lam):
    A = np.column_stack([np.ones(len(y)), X])
    theta = np.linalg.solve(A.T @ A + lam * np.eye(A.shape[1]), A.T @ y)
    return theta[0], theta[1:]


def _through_origin(X, y, lam):
    X = np.asarray(X, float)
    return 0.0, np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)


def _standardized_inside(X, y, lam):
    Z = fit_scaling(X).apply(X)
    return _centred_solution(Z, y, lam)


register(FunctionExercise(
    "02.2", task="Write ridge_closed_form(X, y, lam) returning (b, w): centre X and y, solve (XcᵀXc + lam·I) w = "
    "Xcᵀyc, and set b = mean(y) − mean(X)·w.", answer_name="ridge_closed_form", section="3. The closed form",
    reference=_centred_solution, probe_inputs=_closed_form_probes, form=Pair(Number(), Array()),
    rtol=1e-6, atol=1e-8, mistakes=[
        Mistake("penalized intercept", "penalized the intercept: a column of ones in X (or no centring) puts b "
                "inside λ‖·‖², which pulls it toward 0. Centre X and y, solve for w, then b = mean(y) − mean(X)·w",
                _penalized_intercept),
        Mistake("standardized inside", "standardized X inside the function: the weights then belong to the "
                "standardized features, not to the X you were given. Standardizing is the caller's decision "
                "(the lesson does it once, on the training rows); the function solves for the X it receives",
                _standardized_inside),
        Mistake("lambda/2 convention", "used λ/2 instead of λ: the gradient of λ‖w‖² is 2λw, and the 2 cancels "
                "against the 2 of the data term's gradient −2Xᵀ(y − Xw), leaving (XᵀX + λI) w = Xᵀy",
                lambda X, y, lam: _centred_solution(X, y, lam / 2)),
        Mistake("2 lambda", "used 2λ instead of λ: the factor 2 of the penalty's gradient 2λw cancels against "
                "the 2 of the data term's gradient", lambda X, y, lam: _centred_solution(X, y, 2 * lam)),
        Mistake("mean-squared-error system", "solved the mean-squared-error version (XᵀX/n + λI) w = Xᵀy/n, "
                "whose λ is n times the course's: with the sum of squared errors the system is (XᵀX + λI) w = Xᵀy",
                lambda X, y, lam: _centred_solution(X, y, len(y) * lam)),
        Mistake("through the origin", "fitted through the origin (no centring, b = 0). Without an intercept the "
                "line cannot move up or down to meet the data", _through_origin),
        Mistake("intercept = mean(y)", "set the intercept to mean(y); it is mean(y) − mean(X)·w, because the "
                "features are not centred in the original X",
                lambda X, y, lam: (float(np.mean(y)), _centred_solution(X, y, lam)[1])),
    ],
    praise="(XcᵀXc + λI) is invertible for every λ > 0, and the intercept, fitted on the centred data, is left "
           "unpenalized."))


# --- 02.3  effective degrees of freedom --------------------------------------------------------------


def _singular_values(X, centre=True):
    X = np.asarray(X, float)
    return np.linalg.svd(X - X.mean(axis=0) if centre else X, compute_uv=False)


def _df(X, lam):
    d = _singular_values(X)
    return float(np.sum(d**2 / (d**2 + lam)))


def _df_probes():
    rng = np.random.default_rng(23)
    probes = []
    for n, p, lam in [(20, 4, 3.0), (12, 6, 0.7), (30, 3, 50.0), (9, 2, 1.0)]:
        X = rng.normal(size=(n, p)) * rng.uniform(0.5, 3.0, p) + rng.uniform(-4, 4, p)
        probes.append((X, lam))
    return probes


def _df_uncentred(X, lam):
    d = _singular_values(X, False)
    return float(np.sum(d**2 / (d**2 + lam)))


register(FunctionExercise(
    "02.3", task="Write ridge_df(X, lam): the effective degrees of freedom Σ d_j²/(d_j² + lam), with d_j the "
    "singular values of the centred X.", answer_name="ridge_df",
    section="7. The SVD view: which directions ridge shrinks", reference=_df, probe_inputs=_df_probes,
    form=Number(), mistakes=[
        Mistake("X not centred", "did not centre X. The intercept absorbs the column means, so df counts the "
                "directions of the centred X: subtract X.mean(axis=0) before the SVD", _df_uncentred),
        Mistake("d instead of d squared", "used d_j instead of d_j²: the factors are d²/(d² + λ), the "
                "eigenvalues of XᵀX being d²",
                lambda X, lam: float(np.sum(_singular_values(X) / (_singular_values(X) + lam)))),
        Mistake("squared twice", "squared twice: np.linalg.eigvalsh(Xc.T @ Xc) returns d_j² already, not d_j",
                lambda X, lam: float(np.sum(_singular_values(X) ** 4 / (_singular_values(X) ** 4 + lam)))),
        Mistake("shrunk part", "summed λ/(d_j² + λ), the part each direction *loses*; df is what is kept, "
                "Σ d²/(d² + λ) = p − that",
                lambda X, lam: float(np.sum(lam / (_singular_values(X) ** 2 + lam)))),
        Mistake("counted the intercept", "added 1 for the intercept. That is a fair count of all fitted "
                "parameters, but df(λ) as defined here (ESL eq. 3.50) counts the penalized weights only, from p "
                "at λ = 0 down to 0", lambda X, lam: _df(X, lam) + 1.0),
    ],
    praise="df(λ) falls smoothly from p (least squares) toward 0 as λ grows."))


# --- 02.4  a budget for ‖w‖: from the constrained form back to λ -------------------------------------

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


@lru_cache(maxsize=1)
def budget_answers():
    """The reference λ and the λ each usual mistake leads to, keyed by the mistake's label."""
    data = load_prostate()
    X_train, y_train = data.X[data.train], data.y[data.train]
    Z = fit_scaling(X_train).apply(X_train)
    expected = _lam_for_norm(Z, y_train, BUDGET)
    mistakes = {
        "not standardized": _lam_for_norm(X_train, y_train, BUDGET),
        "ddof=1 scaling": _lam_for_norm(fit_scaling(X_train, ddof=1).apply(X_train), y_train, BUDGET),
        "scaling from all rows": _lam_for_norm(fit_scaling(data.X).apply(X_train), y_train, BUDGET),
        "fitted on all rows": _lam_for_norm(fit_scaling(data.X).apply(data.X), data.y, BUDGET),
        "mean-squared-error lambda": expected / len(y_train),
    }
    return expected, mistakes


_BUDGET_EXPLANATIONS = {
    "not standardized": "did not standardize the features. In their raw units the weights are not comparable, "
    "and the budget ‖w‖ ≤ t would bind each feature according to its units",
    "ddof=1 scaling": "standardized with ddof=1 (R's scale()); the course's fit_scaling uses ddof=0, like "
    "scikit-learn's StandardScaler",
    "scaling from all rows": "learnt the standardization from all 97 rows; it must come from the 67 training "
    "rows only",
    "fitted on all rows": "fitted on all 97 rows; use the training rows (data.train) only",
    "mean-squared-error lambda": "reported λ for a mean-squared-error objective (λ/n); with the course's sum of "
    "squared errors it is n = 67 times larger",
}

register(ValueExercise(
    "02.4", task="Standardize the prostate training rows with fit_scaling and find lam_budget, the λ at which "
    "the ridge weights have norm ‖w‖ = 0.5 (to 3 significant figures).", answer_name="lam_budget",
    section="5. Geometry: a budget for the weights", form=Number(), expected=lambda: budget_answers()[0],
    rtol=2e-3, atol=0.0, factors={67: "did you use the mean squared error instead of the sum (n = 67)?"},
    mistakes=[Mistake(label, text, lambda label=label: budget_answers()[1][label])
              for label, text in _BUDGET_EXPLANATIONS.items()],
    praise=f"at this λ the penalized optimum sits exactly on the circle ‖w‖ = {BUDGET}: the penalized and the "
           "constrained problems have the same solution."))
