"""Exercises of lesson 08 (the Bayesian view): the λ a prior implies, the posterior mean, γ, one re-estimation step."""

from __future__ import annotations

import numpy as np

from .framework import Array, FunctionExercise, Mistake, Number, Pair, ValueExercise, register

# --- 08.1  the λ of a prior and a noise level ------------------------------------------------------

PRIOR_SD, NOISE_SD = 0.5, 0.3

register(ValueExercise(
    "08.1", task=f"The course's λ for the prior w_j ~ N(0, {PRIOR_SD}²) and noise of standard deviation {NOISE_SD}.",
    answer_name="prior_lam", section="1. Ridge is the posterior mode", form=Number(),
    expected=lambda: NOISE_SD**2 / PRIOR_SD**2,
    mistakes=[
        Mistake("inverted ratio", "inverted the ratio: λ = α/β, the weight precision over the noise precision, "
                "which is the noise variance over the prior variance σ²/σ_w², not σ_w²/σ²",
                PRIOR_SD**2 / NOISE_SD**2),
        Mistake("standard deviations not squared", "divided the standard deviations without squaring them: "
                "precisions are 1/variance, so λ = σ²/σ_w²", NOISE_SD / PRIOR_SD),
        Mistake("lambda/2 convention", "halved λ: the log posterior is −(β/2)[Σr² + (α/β)‖w‖²], and next to the "
                "course's plain sum of squares that is λ = α/β, with no ½", NOISE_SD**2 / PRIOR_SD**2 / 2),
        Mistake("doubled", "doubled λ: the ½ in front of both terms of the log posterior cancels, so λ = α/β",
                2 * NOISE_SD**2 / PRIOR_SD**2),
        Mistake("standard deviations as precisions", "took the standard deviations for precisions and their "
                "ratio upside down: α = 1/σ_w² and β = 1/σ², so λ = α/β = σ²/σ_w²", PRIOR_SD / NOISE_SD),
    ],
    praise="λ = α/β = σ²/σ_w²: a noisier target or a more confident prior (smaller σ_w) means a stronger penalty."))


# --- 08.2  the posterior mean from the closed form -----------------------------------------------

def _posterior_mean(X, y, alpha, beta):
    X, y = np.asarray(X, float), np.asarray(y, float)
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    m = beta * np.linalg.solve(alpha * np.eye(X.shape[1]) + beta * Xc.T @ Xc, Xc.T @ yc)
    return float(y_mean - x_mean @ m), m


def _prior_on_intercept(X, y, alpha, beta):
    A = np.column_stack([np.ones(len(y)), X])
    theta = beta * np.linalg.solve(alpha * np.eye(A.shape[1]) + beta * A.T @ A, A.T @ y)
    return float(theta[0]), theta[1:]


def _mean_probes():
    rng = np.random.default_rng(802)
    probes = []
    for n, p, alpha, beta in [(15, 3, 2.0, 4.0), (8, 5, 0.3, 10.0), (20, 2, 30.0, 0.7), (6, 8, 1.5, 2.0)]:
        X = rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, p) + rng.uniform(-3, 3, p)
        y = X @ rng.normal(size=p) + 4.0 + rng.normal(size=n)
        probes.append((X, y, alpha, beta))
    return probes


register(FunctionExercise(
    "08.2", task="Write posterior_mean(X, y, alpha, beta) returning (b, m): m = β(αI + βXcᵀXc)⁻¹Xcᵀyc on the "
    "centred data and b = mean(y) − mean(X)·m.", answer_name="posterior_mean",
    section="1. Ridge is the posterior mode", reference=_posterior_mean, probe_inputs=_mean_probes,
    form=Pair(Number(), Array(), names=("b", "m")), rtol=1e-6, atol=1e-8, mistakes=[
        Mistake("alpha and beta swapped", "swapped α and β: the prior precision α multiplies I, the noise "
                "precision β multiplies XcᵀXc (that is ridge with λ = β/α instead of α/β)",
                lambda X, y, a, b: _posterior_mean(X, y, b, a)),
        Mistake("prior on the intercept", "put the prior on the intercept too (a column of ones, no centring); "
                "the intercept has a flat prior, so centre X and y and set b = mean(y) − mean(X)·m",
                _prior_on_intercept),
        Mistake("beta left out", "left out β: m = β(αI + βXcᵀXc)⁻¹Xcᵀyc is ridge with λ = α/β; without β it "
                "is ridge with λ = α", lambda X, y, a, b: _posterior_mean(X, y, a, 1.0)),
        Mistake("intercept as mean of y", "set the intercept to mean(y); it is mean(y) − mean(X)·m, because X "
                "itself is not centred",
                lambda X, y, a, b: (float(np.mean(y)), _posterior_mean(X, y, a, b)[1])),
    ],
    praise="the posterior mean is ridge with λ = α/β; the flat prior leaves the intercept to the data."))


# --- 08.3  γ from the singular values ----------------------------------------------------------------

def _gamma(d, alpha, beta):
    d = np.asarray(d, float)
    return float(np.sum(beta * d**2 / (alpha + beta * d**2)))


def _gamma_probes():
    rng = np.random.default_rng(803)
    return [(np.sort(rng.uniform(0.1, 10.0, size=k))[::-1], alpha, beta)
            for k, alpha, beta in [(5, 1.0, 2.0), (8, 20.0, 0.7), (3, 0.01, 3.0), (6, 5.0, 4.0)]]


register(FunctionExercise(
    "08.3", task="Write gamma_from_singular_values(d, alpha, beta): γ = Σ β d_i² / (α + β d_i²).",
    answer_name="gamma_from_singular_values", section="4. Choosing α and β by the evidence: MacKay's re-estimation",
    reference=_gamma, probe_inputs=_gamma_probes, form=Number(), mistakes=[
        Mistake("d instead of d squared", "used d_i instead of d_i²: the eigenvalues of β XcᵀXc are β d_i²",
                lambda d, a, b: float(np.sum(b * d / (a + b * d)))),
        Mistake("beta left out", "left out β: λ_i = β d_i², so γ = Σ β d²/(α + β d²), which is df(λ) at "
                "λ = α/β, not at λ = α", lambda d, a, b: float(np.sum(d**2 / (a + d**2)))),
        Mistake("prior's share", "summed α/(α + β d_i²), the part the prior holds back; γ counts what the data "
                "determine, p − that", lambda d, a, b: float(np.sum(a / (a + b * d**2)))),
        Mistake("alpha and beta swapped", "swapped α and β: λ_i = β d_i² are the eigenvalues of the data term",
                lambda d, a, b: _gamma(d, b, a)),
    ],
    praise="γ = df(α/β): each direction counts d²/(d² + λ), 1 when the data pin it down, 0 when the prior does."))


# --- 08.4  one step of MacKay's re-estimation -------------------------------------------------------

def _step(X, y, alpha, beta, *, n_minus=1, use_gamma=True):
    X, y = np.asarray(X, float), np.asarray(y, float)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    m = beta * np.linalg.solve(alpha * np.eye(X.shape[1]) + beta * Xc.T @ Xc, Xc.T @ yc)
    d = np.linalg.svd(Xc, compute_uv=False)
    gamma = float(np.sum(beta * d**2 / (alpha + beta * d**2))) if use_gamma else float(X.shape[1])
    return float(gamma / (m @ m)), float((len(y) - n_minus - gamma) / np.sum((yc - Xc @ m) ** 2))


def _step_probes():
    rng = np.random.default_rng(804)
    probes = []
    for n, p, alpha, beta in [(30, 4, 1.0, 1.0), (12, 3, 0.2, 5.0), (50, 6, 10.0, 0.3)]:
        X = rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, p) + rng.uniform(-2, 2, p)
        y = X @ rng.normal(size=p) + 1.0 + 0.8 * rng.normal(size=n)
        probes.append((X, y, alpha, beta))
    return probes


register(FunctionExercise(
    "08.4", task="Write reestimate(X, y, alpha, beta): one MacKay step, returning (alpha_new, beta_new) with "
    "α ← γ/‖m‖², β ← (N − γ)/‖yc − Xc m‖² and N = n − 1 (flat-prior intercept).", answer_name="reestimate",
    section="4. Choosing α and β by the evidence: MacKay's re-estimation", reference=_step,
    probe_inputs=_step_probes, form=Pair(Number(), Number(), names=("alpha_new", "beta_new")), rtol=1e-6,
    mistakes=[
        Mistake("N = n", "used N = n, as scikit-learn's BayesianRidge does; with the intercept integrated out "
                "under its flat prior the centred data have n − 1 dimensions, so N = n − 1",
                lambda X, y, a, b: _step(X, y, a, b, n_minus=0)),
        Mistake("p instead of gamma", "used p instead of γ (PRML's large-N approximation, eqs 3.98–3.99); the "
                "exact update counts only the well-determined parameters, γ = Σ βd²/(α + βd²)",
                lambda X, y, a, b: _step(X, y, a, b, use_gamma=False)),
        Mistake("order swapped", "returned the two in the other order; return (alpha_new, beta_new)",
                lambda X, y, a, b: _step(X, y, a, b)[::-1]),
    ],
    praise="iterate it and α, β climb to the evidence maximum, with no data held out."))
