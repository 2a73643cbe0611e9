"""Lesson 08: the Bayesian explorer (no kernel), the exercise judges, the Gaussian basis and the lesson's plots."""

from io import BytesIO

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from PIL import Image  # noqa: E402

from helpers import check, effective_df, load_curvefitting  # noqa: E402
from helpers.bayes import log_evidence, posterior, profile_log_evidence  # noqa: E402
from helpers.exercises import get, lesson08  # noqa: E402
from helpers.features import gaussian_basis  # noqa: E402
from helpers.plots import bayes as bayes_plots  # noqa: E402
from helpers.widgets.bayes import BayesExplorer  # noqa: E402


@pytest.fixture()
def explorer():
    data = load_curvefitting()
    return BayesExplorer(data.X[:, 0], data.y, prior_sd=1.0, noise_sd=0.3)


# --- the explorer --------------------------------------------------------------------------------

def test_the_sliders_set_alpha_beta_and_the_posterior_the_picture_shows(explorer):
    png = bytes(explorer.image.value)
    explorer.prior_sd.value = 0.1
    state = explorer.state
    assert state["alpha"] == pytest.approx(1 / explorer.prior_sd.value**2)
    assert state["beta"] == pytest.approx(1 / 0.3**2)
    assert state["lam"] == pytest.approx(state["alpha"] / state["beta"])
    Phi = gaussian_basis(explorer.x, explorer.centres, 0.1, include_bias=True)
    post = posterior(Phi, explorer.y, state["alpha"], state["beta"], fit_intercept=False)
    mean, sd = post.predict(gaussian_basis(explorer.x_grid, explorer.centres, 0.1, include_bias=True))
    np.testing.assert_allclose(explorer.mean_line.get_ydata(), mean)
    assert state["mean_sd"] == pytest.approx(sd.mean())
    assert state["log_evidence"] == pytest.approx(log_evidence(Phi, explorer.y, state["alpha"], state["beta"],
                                                                fit_intercept=False))
    assert bytes(explorer.image.value) != png
    assert "λ = α/β" in explorer.summary.value


def test_posterior_draws_scatter_as_the_posterior_says(explorer):
    explorer.prior_sd.value = 1.0
    explorer.noise_sd.value = 0.3
    # The same fixed draws, seen through the Cholesky factor, have the posterior's covariance on average.
    state = explorer.state
    Phi = explorer.Phi
    post = posterior(Phi, explorer.y, state["alpha"], state["beta"], fit_intercept=False)
    chol = np.linalg.cholesky(post.cov + 1e-12 * np.trace(post.cov) * np.eye(post.cov.shape[0]))
    expected = (post.mean + explorer.noise @ chol.T) @ explorer.Phi_grid.T
    np.testing.assert_allclose(state["draws"], expected)
    for line, curve in zip(explorer.draw_lines, state["draws"]):
        np.testing.assert_allclose(line.get_ydata(), curve)


def test_the_marker_sits_on_the_evidence_curve_and_its_maximum_is_the_profile_maximum(explorer):
    prof = profile_log_evidence(explorer.Phi, explorer.y, explorer.lams, fit_intercept=False).log_evidence
    assert explorer.best_lam == explorer.lams[np.argmax(prof)]
    explorer.apply(explorer.presets()["the evidence's λ"])
    at_best = dict(explorer.state)
    assert abs(np.log10(at_best["lam"] / explorer.best_lam)) < 0.1
    explorer.apply(explorer.presets()["prior too narrow"])
    assert explorer.state["profile_log_evidence"] < at_best["profile_log_evidence"] - 1
    x_mark, y_mark = explorer.marker.get_data()
    assert x_mark[0] == pytest.approx(explorer.state["lam"])
    assert y_mark[0] == pytest.approx(max(explorer.state["profile_log_evidence"] - prof.max(), -29.0))


def test_a_narrow_prior_flattens_the_fit_and_a_small_noise_narrows_the_band(explorer):
    explorer.prior_sd.value = 0.01
    flat = np.ptp(explorer.mean_line.get_ydata())
    explorer.prior_sd.value = 1.0
    assert flat < 0.1 < np.ptp(explorer.mean_line.get_ydata())
    wide = explorer.state["mean_sd"]
    explorer.noise_sd.value = 0.1
    assert explorer.state["mean_sd"] < wide
    assert explorer.state["mean_sd"] >= 0.1 * (1 - 1e-9)   # never below the noise itself


def test_fast_render_draws_the_same_picture_as_a_full_redraw(explorer):
    explorer.prior_sd.value = 0.2
    explorer.noise_sd.value = 0.5
    for k, full in enumerate(explorer.render_full_panels()):
        fast = np.asarray(Image.open(BytesIO(bytes(explorer.images[k].value))).convert("RGB"), dtype=int)
        slow = np.asarray(Image.open(BytesIO(full)).convert("RGB"), dtype=int)
        assert fast.shape == slow.shape and np.mean(np.abs(fast - slow)) < 1.0


@pytest.mark.parametrize("kwargs, words", [
    ({"prior_sd": 0.0}, "prior_sd"), ({"prior_sd": 100.0}, "prior_sd"), ({"noise_sd": -1.0}, "noise_sd"),
    ({"x": [0.0, 1.0], "y": [1.0]}, "y has"), ({"x": [0.5, 0.5], "y": [1.0, 2.0]}, "x must"),
    ({"n_draws": 0}, "n_draws"),
])
def test_bad_settings_are_refused(kwargs, words):
    with pytest.raises((ValueError, TypeError), match=words):
        BayesExplorer(**kwargs)


# --- the exercises -------------------------------------------------------------------------------

def test_exercise_references_pass_and_the_lesson_formulas_agree_with_the_helpers(capsys):
    for exercise_id in ("08.1", "08.2", "08.3", "08.4"):
        exercise = get(exercise_id)
        assert check(exercise_id, exercise.reference_answer()).passed
    capsys.readouterr()
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 3)) + 1.0
    y = X @ [1.0, -1.0, 0.5] + rng.normal(size=20)
    d = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    assert lesson08._gamma(d, 2.0, 3.0) == pytest.approx(effective_df(X, 2.0 / 3.0))
    b, m = lesson08._posterior_mean(X, y, 2.0, 3.0)
    post = posterior(X, y, 2.0, 3.0)
    assert b == pytest.approx(post.intercept) and np.allclose(m, post.mean)


def test_08_1_names_the_inverted_ratio_and_the_missing_squares(capsys):
    assert check("08.1", 0.5**2 / 0.3**2).mistake == "inverted ratio"
    assert check("08.1", 0.3 / 0.5).mistake == "standard deviations not squared"
    wrong = check("08.1", 0.37)
    assert not wrong.passed and wrong.mistake is None and "0.36" not in wrong.message
    capsys.readouterr()


def test_08_4_recognizes_scikit_learns_n(capsys):
    def with_n(X, y, alpha, beta):
        X, y = np.asarray(X, float), np.asarray(y, float)
        Xc, yc = X - X.mean(axis=0), y - y.mean()
        m = beta * np.linalg.solve(alpha * np.eye(X.shape[1]) + beta * Xc.T @ Xc, Xc.T @ yc)
        d = np.linalg.svd(Xc, compute_uv=False)
        gamma = np.sum(beta * d**2 / (alpha + beta * d**2))
        return gamma / (m @ m), (len(y) - gamma) / np.sum((yc - Xc @ m) ** 2)

    result = check("08.4", with_n)
    assert not result.passed and result.mistake == "N = n" and "BayesianRidge" in result.message
    capsys.readouterr()


# --- the Gaussian basis and the plots ----------------------------------------------------------------

def test_gaussian_basis_is_the_bump_formula():
    x = np.array([0.0, 0.25, 1.0])
    B = gaussian_basis(x, [0.0, 0.5], 0.2, include_bias=True)
    assert B.shape == (3, 3) and np.all(B[:, 0] == 1.0)
    assert B[1, 2] == pytest.approx(np.exp(-(0.25**2) / (2 * 0.04)))
    with pytest.raises(ValueError, match="width"):
        gaussian_basis(x, [0.0], 0.0)
    with pytest.raises(ValueError, match="centres"):
        gaussian_basis(x, [[0.0]], 0.1)


def test_plots_draw_what_they_are_given():
    fig, (a, b, c, d) = plt.subplots(1, 4)
    x = np.linspace(0, 1, 11)
    lines = bayes_plots.plot_draws(a, x, np.ones((3, 11)), truth=np.sin(x), x=x[:2], y=x[:2])
    assert len(lines) == 3
    line, band = bayes_plots.plot_predictive(b, x, np.zeros(11), np.full(11, 0.5))
    assert np.allclose(line.get_ydata(), 0.0)
    bayes_plots.plot_evidence_by_order(c, np.arange(4), {"book": np.array([-3.0, -1.0, -2.0, -1.5])})
    assert c.get_xlabel().startswith("M")
    df = np.linspace(8, 0, 5)
    bayes_plots.plot_criteria(c, d, df, {"GCV": np.arange(5.0), "test error": np.arange(5.0)}, -np.arange(5.0),
                              {"GCV": 4.0})
    assert {t.get_text() for t in c.get_legend().get_texts()} >= {"GCV", "test error"}
    plt.close(fig)
