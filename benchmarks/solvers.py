"""``ridge_path`` against a loop of scikit-learn ``Ridge`` fits, ``loo_mse`` against ``RidgeCV``.

Both over the same 100 values of λ (``Ridge(alpha=λ)`` is the course's objective, intercept not
penalized), on three shapes: the diabetes data of the LARS paper (442 × 10, standardized), a tall
problem (2000 × 200) and a wide one (500 × 2000), the last two seeded Gaussian features. In each
repetition the helper and scikit-learn run one after the other, so each ratio is measured side by
side; the table quotes medians over the repetitions and checks that the results agree.
``RidgeCV(alphas=grid, store_cv_results=True)`` runs its default efficient leave-one-out; its LOO
mean squared error per λ is ``cv_results_.mean(axis=0)``. Targets: the path at least 10× faster
than the loop, ``loo_mse`` at least as fast as ``RidgeCV``, and both agreeing with scikit-learn to a
relative 1e-8.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import Ridge, RidgeCV

import helpers

from .timing import median, ms, ratio, seconds

SHAPES = [(442, 10), (2000, 200), (500, 2000)]
LAMS = np.logspace(-2, 4, 100)
PATH_TARGET = 10.0      # ridge_path at least 10× faster than the loop of Ridge fits
LOO_TARGET = 1.0        # loo_mse at least as fast as RidgeCV
RTOL = 1e-8             # "equal results": relative agreement of the LOO errors and the coefficients


def problem(n: int, p: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, str]:
    """Standardized features and a response of shape (n, p): real data for (442, 10), seeded otherwise."""
    if (n, p) == (442, 10):
        data = helpers.load_diabetes()
        X, y, name = np.asarray(data.X, float), np.asarray(data.y, float), "diabetes"
    else:
        rng = np.random.default_rng(seed)
        X = rng.normal(size=(n, p))
        y = X @ (rng.normal(size=p) / np.sqrt(p)) + rng.normal(size=n)
        name = "Gaussian"
    X = helpers.fit_scaling(X).apply(X)
    return X, y, name


@dataclass
class SolverRow:
    shape: tuple[int, int]
    data: str
    path: float
    loop: float
    loo: float
    ridgecv: float
    path_ratio: float
    loo_ratio: float
    path_error: float
    loo_error: float

    @property
    def path_met(self) -> bool:
        return self.path_ratio >= PATH_TARGET and self.path_error <= RTOL

    @property
    def loo_met(self) -> bool:
        return self.loo_ratio >= LOO_TARGET and self.loo_error <= RTOL


def _ridge_loop(X, y, lams):
    return np.array([Ridge(alpha=lam).fit(X, y).coef_ for lam in lams])


def _ridgecv(X, y, lams):
    model = RidgeCV(alphas=lams, store_cv_results=True).fit(X, y)
    return model.cv_results_.mean(axis=0)  # squared LOO errors per (sample, alpha) → MSE per alpha


def run(repeats: int = 5, log=print) -> list[SolverRow]:
    rows = []
    for n, p in SHAPES:
        X, y, name = problem(n, p)
        times = {"path": [], "loop": [], "loo": [], "ridgecv": []}
        path_ratios, loo_ratios = [], []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ill-conditioning notices for tiny λ on the wide problem
            for _ in range(repeats):
                t_path, path = seconds(helpers.ridge_path, X, y, LAMS)
                t_loop, loop = seconds(_ridge_loop, X, y, LAMS)
                t_loo, loo = seconds(helpers.loo_mse, X, y, LAMS)
                t_cv, cv = seconds(_ridgecv, X, y, LAMS)
                for key, value in zip(times, (t_path, t_loop, t_loo, t_cv)):
                    times[key].append(value)
                path_ratios.append(t_loop / t_path)
                loo_ratios.append(t_cv / t_loo)
        path_error = float(np.max(np.abs(path.coefs - loop)) / np.max(np.abs(loop)))
        loo_error = float(np.max(np.abs(loo - cv) / np.abs(cv)))
        row = SolverRow((n, p), name, median(times["path"]), median(times["loop"]), median(times["loo"]),
                        median(times["ridgecv"]), median(path_ratios), median(loo_ratios), path_error, loo_error)
        log(f"  solvers {n}×{p}: path {ms(row.path)} ms vs Ridge loop {ms(row.loop)} ms ({ratio(row.path_ratio)}); "
            f"loo_mse {ms(row.loo)} ms vs RidgeCV {ms(row.ridgecv)} ms ({ratio(row.loo_ratio)})")
        rows.append(row)
    return rows


def table(rows: list[SolverRow]) -> list[str]:
    lines = [
        "| n × p | data | `ridge_path` (ms) | loop of `Ridge` (ms) | speed-up | coef. max rel. diff. "
        "| `loo_mse` (ms) | `RidgeCV` (ms) | speed-up | LOO MSE max rel. diff. |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.shape[0]} × {r.shape[1]} | {r.data} | {ms(r.path)} | {ms(r.loop)} | **{ratio(r.path_ratio)}** "
            f"| {r.path_error:.1e} | {ms(r.loo)} | {ms(r.ridgecv)} | **{ratio(r.loo_ratio)}** | {r.loo_error:.1e} |")
    wide_misses = [r for r in rows if not r.loo_met and r.shape[1] > r.shape[0]]
    if wide_misses:
        lines += ["", "On a wide X (more columns than rows) `loo_mse` takes the thin SVD of the centred X, while "
                  "`RidgeCV` eigendecomposes the n × n Gram matrix XXᵀ (one matrix product and an n × n `eigh`), "
                  "which is several times cheaper; leave-one-out needs only U and d, which the Gram matrix gives."]
    return lines


def targets(rows: list[SolverRow]) -> list[tuple[str, bool, str]]:
    out = []
    for r in rows:
        shape = f"{r.shape[0]} × {r.shape[1]}"
        out.append((f"`ridge_path` ≥ {PATH_TARGET:.0f}× faster than a loop of `Ridge` fits, {shape}", r.path_met,
                    f"{ratio(r.path_ratio)}, coefficients agree to {r.path_error:.0e}"))
        out.append((f"`loo_mse` at least as fast as `RidgeCV`, equal results, {shape}", r.loo_met,
                    f"{ratio(r.loo_ratio)}, LOO MSE agree to {r.loo_error:.0e}"))
    return out
