"""Exercises of lesson 08 (the Bayesian view): the λ a prior implies, the posterior mean, γ, one re-estimation step."""

from __future__ import annotations

import numpy as np

from .framework import Wrong, compare_function, compare_value, exercise

# --- 08.1  the λ of a prior and a noise level ---------------------------------------------------

PRIOR_SD, NOISE_SD = 0.5, 0.3


@exercise("08.1", task=f"The course's λ for the prior w_j ~ N(0, {PRIOR_SD}²) and noise of standard deviation "
          f"{NOISE_SD}.", answer_name="prior_lam")
def judge_prior_lambda(answer):
    if isinstance(answer, bool) or not isinstance(answer, (int, float, np.integer, np.floating)):
        raise Wrong(f"prior_lam should be a single number, got {type(answer).__name__}.")
    expected = NOISE_SD**2 / PRIOR_SD**2
    compare_value(answer, expected, what="prior_lam", mistakes={
        "inverted the ratio: λ = α/β, the weight precision over the noise precision, which is the noise "
        "variance over the prior variance σ²/σ_w², not σ_w²/σ²": PRIOR_SD**2 / NOISE_SD**2,
        "divided the standard deviations without squaring them: precisions are 1/variance, so "
        "λ = σ²/σ_w²": NOISE_SD / PRIOR_SD,
        "used λ/2, the ½‖w‖² convention; the log posterior is −(β/2)[Σr² + (α/β)‖w‖²], and the course's "
        "objective has the plain sum of squares, so λ = α/β": NOISE_SD**2 / PRIOR_SD**2 / 2,
        "doubled λ: the ½ in front of both terms of the log posterior cancels, so λ = α/β": 2 * NOISE_SD**2 / PRIOR_SD**2,
        "took the standard deviations for precisions: α = 1/σ_w² and β = 1/σ², so λ = α/β = σ²/σ_w²":
            PRIOR_SD / NOISE_SD,
    })
    return ("λ = α/β = σ²/σ_w²: a noisier target or a more confident prior (smaller σ_w) means a stronger "
            "penalty.")


# --- 08.2  the posterior mean from the closed form ----------------------------------------------

def _reference_mean(X, y, alpha, beta):
    X, y = np.asarray(X, float), np.asarray(y, float)
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    m = beta * np.linalg.solve(alpha * np.eye(X.shape[1]) + beta * Xc.T @ Xc, Xc.T @ yc)
    return y_mean - x_mean @ m, m


def _prior_on_intercept(X, y, alpha, beta):
    A = np.column_stack([np.ones(len(y)), X])
    theta = beta * np.linalg.solve(alpha * np.eye(A.shape[1]) + beta * A.T @ A, A.T @ y)
    return theta[0], theta[1:]


def _pack(result, name):
    if result is None:
        return None
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise Wrong(f"`{name}` should return a pair (b, m): the intercept (a number) and the weights "
                    f"(an array), for example `return b, m`; it returned {type(result).__name__}.")
    b, m = result
    if np.ndim(b) != 0:
        raise Wrong(f"the first thing `{name}` returns should be the intercept b, a single number; it has "
                    f"shape {np.shape(b)}.")
    return np.concatenate([[float(b)], np.ravel(np.asarray(m, dtype=float))])


def _mean_cases():
    rng = np.random.default_rng(802)
    cases = []
    for n, p, alpha, beta in [(15, 3, 2.0, 4.0), (8, 5, 0.5, 10.0), (20, 2, 30.0, 0.5), (6, 8, 1.0, 2.0)]:
        X = rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, p) + rng.uniform(-3, 3, p)
        y = X @ rng.normal(size=p) + 4.0 + rng.normal(size=n)
        cases.append((X, y, alpha, beta))
    return cases


@exercise("08.2", task="Write posterior_mean(X, y, alpha, beta) returning (b, m): m = β(αI + βXcᵀXc)⁻¹Xcᵀyc "
          "on the centred data and b = mean(y) − mean(X)·m.", answer_name="posterior_mean")
def judge_posterior_mean(answer):
    if not callable(answer):
        raise Wrong(f"`posterior_mean` should be a function (defined with `def`), but it is a "
                    f"{type(answer).__name__}.")

    def packed(solver):
        return lambda X, y, alpha, beta: _pack(solver(X, y, alpha, beta), "posterior_mean")

    compare_function(packed(answer), packed(_reference_mean), _mean_cases(), name="posterior_mean", mistakes={
        "swapped α and β: the prior precision α multiplies I, the noise precision β multiplies XcᵀXc "
        "(ridge with λ = β/α instead of α/β)":
            packed(lambda X, y, a, b: _reference_mean(X, y, b, a)),
        "put the prior on the intercept too (a column of ones in X, no centring); the intercept has a flat "
        "prior, so centre X and y and set b = mean(y) − mean(X)·m":
            packed(_prior_on_intercept),
        "left out β: m = β(αI + βXcᵀXc)⁻¹Xcᵀyc, which is ridge with λ = α/β; without β it is ridge with λ = α":
            packed(lambda X, y, a, b: _reference_mean(X, y, a, 1.0)),
        "set the intercept to mean(y); it is mean(y) − mean(X)·m, because X itself is not centred":
            packed(lambda X, y, a, b: (float(np.mean(y)), _reference_mean(X, y, a, b)[1])),
    })
    return "the posterior mean is ridge with λ = α/β; the flat prior leaves the intercept to the data."


# --- 08.3  γ from the singular values ------------------------------------------------------------

def _gamma(d, alpha, beta):
    d = np.asarray(d, float)
    return float(np.sum(beta * d**2 / (alpha + beta * d**2)))


def _gamma_cases():
    rng = np.random.default_rng(803)
    return [(np.sort(rng.uniform(0.1, 10.0, size=k))[::-1], alpha, beta)
            for k, alpha, beta in [(5, 1.0, 2.0), (8, 20.0, 0.5), (3, 0.01, 3.0), (6, 5.0, 5.0)]]


@exercise("08.3", task="Write gamma_from_singular_values(d, alpha, beta): γ = Σ β d_i² / (α + β d_i²).",
          answer_name="gamma_from_singular_values")
def judge_gamma(answer):
    compare_function(answer, _gamma, _gamma_cases(), name="gamma_from_singular_values", mistakes={
        "used d_i instead of d_i²: the eigenvalues of β XcᵀXc are β d_i²":
            lambda d, a, b: float(np.sum(b * d / (a + b * d))),
        "left out β: λ_i = β d_i², so γ = Σ β d²/(α + β d²), which is df(λ) at λ = α/β, not at λ = α":
            lambda d, a, b: float(np.sum(d**2 / (a + d**2))),
        "summed α/(α + β d_i²), the part the prior holds back; γ counts what the data determine, "
        "p − that": lambda d, a, b: float(np.sum(a / (a + b * d**2))),
        "swapped α and β": lambda d, a, b: _gamma(d, b, a),
    })
    return "γ = df(α/β): each direction counts d²/(d² + λ), 1 when the data pin it down, 0 when the prior does."


# --- 08.4  one step of MacKay's re-estimation ---------------------------------------------------

def _step(X, y, alpha, beta, *, n_minus=1, use_gamma=True):
    X, y = np.asarray(X, float), np.asarray(y, float)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    m = beta * np.linalg.solve(alpha * np.eye(X.shape[1]) + beta * Xc.T @ Xc, Xc.T @ yc)
    d = np.linalg.svd(Xc, compute_uv=False)
    gamma = float(np.sum(beta * d**2 / (alpha + beta * d**2))) if use_gamma else float(X.shape[1])
    return np.array([gamma / (m @ m), (len(y) - n_minus - gamma) / np.sum((yc - Xc @ m) ** 2)])


def _pair(result, name="reestimate"):
    if result is None:
        return None
    if not isinstance(result, (tuple, list, np.ndarray)) or len(result) != 2:
        raise Wrong(f"`{name}` should return the pair (alpha_new, beta_new); it returned "
                    f"{type(result).__name__}.")
    return np.asarray([float(result[0]), float(result[1])])


def _step_cases():
    rng = np.random.default_rng(804)
    cases = []
    for n, p, alpha, beta in [(30, 4, 1.0, 1.0), (12, 3, 0.2, 5.0), (50, 6, 10.0, 0.3)]:
        X = rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, p) + rng.uniform(-2, 2, p)
        y = X @ rng.normal(size=p) + 1.0 + 0.8 * rng.normal(size=n)
        cases.append((X, y, alpha, beta))
    return cases


@exercise("08.4", task="Write reestimate(X, y, alpha, beta): one MacKay step, α ← γ/‖m‖², β ← (N − γ)/‖yc − Xc m‖² "
          "with N = n − 1 (flat-prior intercept).", answer_name="reestimate")
def judge_reestimate(answer):
    if not callable(answer):
        raise Wrong(f"`reestimate` should be a function (defined with `def`), but it is a {type(answer).__name__}.")

    def packed(solver):
        return lambda X, y, a, b: _pair(solver(X, y, a, b))

    compare_function(packed(answer), _step, _step_cases(), name="reestimate", rtol=1e-6, mistakes={
        "used N = n, as scikit-learn's BayesianRidge does; with the intercept integrated out under its flat "
        "prior, the centred data have n − 1 dimensions, so N = n − 1":
            lambda X, y, a, b: _step(X, y, a, b, n_minus=0),
        "used p instead of γ (PRML's large-N approximation, eqs 3.98–3.99); the exact update counts only the "
        "well-determined parameters, γ = Σ βd²/(α + βd²)":
            lambda X, y, a, b: _step(X, y, a, b, use_gamma=False),
        "returned the two in the other order; return (alpha_new, beta_new)":
            lambda X, y, a, b: _step(X, y, a, b)[::-1],
    })
    return "iterate it and α, β climb to the evidence maximum, with no data held out."
