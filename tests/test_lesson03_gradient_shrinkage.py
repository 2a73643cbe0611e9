"""Lesson 03: the descent explorer, the plotting functions and the exercise judges."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import check, fit_scaling, gradient_descent, ridge_fit
from helpers.exercises import catalog, lesson03
from helpers.plots import descent as dplot
from helpers.widgets.descent import LAMS, DescentExplorer


def two_weight_problem(seed=3, n=50, rho=0.8):
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, 2))
    X_raw = np.column_stack([z[:, 0], rho * z[:, 0] + np.sqrt(1 - rho**2) * z[:, 1]])
    X = fit_scaling(X_raw).apply(X_raw)
    y = 1.0 + X @ np.array([1.5, 0.5]) + 0.8 * rng.normal(size=n)
    return X, y


@pytest.fixture(scope="module")
def explorer():
    X, y = two_weight_problem()
    exp = DescentExplorer(X, y, coef_init=[-1.0, 2.0])
    yield exp
    plt.close("all")


# ---------------------------------------------------------------------------------------------- explorer

def test_explorer_plain_text_says_what_it_is_and_to_run_it(explorer):
    assert "explorer" in repr(explorer).lower() and "run this cell" in repr(explorer)


def test_explorer_default_view_converges_to_ridge(explorer):
    X, y = two_weight_problem()
    state = explorer.state
    assert state["lam"] == 10.0 and state["lr"] == pytest.approx(0.004)
    assert state["stable"]
    np.testing.assert_allclose(state["ridge"], ridge_fit(X, y, 10.0).coef, rtol=1e-12)
    assert state["path"].shape == (81, 2)
    np.testing.assert_array_equal(state["path"][0], [-1.0, 2.0])
    assert state["distance"] < 1e-3
    assert state["shrink"] == pytest.approx(1 - 2 * 0.004 * 10.0)


def test_explorer_lambda_moves_the_path_and_the_picture(explorer):
    X, y = two_weight_problem()
    before_png, before_path = explorer.image.value, explorer.state["path"].copy()
    explorer.lam_slider.value = 100.0
    try:
        state = explorer.state
        assert state["lam"] == 100.0
        assert explorer.image.value != before_png
        assert not np.allclose(state["path"], before_path)
        expected = gradient_descent(X, y, 100.0, lr=0.004, n_steps=80, coef_init=[-1.0, 2.0]).coefs
        np.testing.assert_allclose(state["path"], expected, rtol=1e-12)
        np.testing.assert_allclose(state["ridge"], ridge_fit(X, y, 100.0).coef, rtol=1e-12)
        assert np.linalg.norm(state["ridge"]) < np.linalg.norm(ridge_fit(X, y, 10.0).coef)
        assert "1 − 2ηλ" in explorer.summary.value
    finally:
        explorer.lam_slider.value = 10.0


def test_explorer_learning_rate_changes_the_path_and_can_diverge(explorer):
    before_png, before_path = explorer.image.value, explorer.state["path"].copy()
    explorer.lr_slider.value = 0.002
    try:
        assert explorer.state["lr"] == pytest.approx(0.002)
        assert explorer.image.value != before_png
        assert not np.allclose(explorer.state["path"], before_path)
        # a slower step is further from the end after the same number of steps
        assert explorer.state["distance"] > 1e-6
        explorer.lam_slider.value = 500.0
        explorer.lr_slider.value = 0.004
        assert explorer.state["lr_max"] == pytest.approx(1 / (explorer.d_max2 + 500.0))
        assert not explorer.state["stable"]
        assert "diverges" in explorer.summary.value
        explorer.lr_slider.value = 0.0015
        assert explorer.state["stable"] and explorer.state["distance"] < 1e-6
    finally:
        explorer.lam_slider.value = 10.0
        explorer.lr_slider.value = 0.004


def test_explorer_every_lambda_renders(explorer):
    seen = set()
    try:
        for lam in LAMS:
            explorer.lam_slider.value = lam
            seen.add(explorer.image.value)
            assert explorer.state["lam"] == lam
    finally:
        explorer.lam_slider.value = 10.0
    assert len(seen) == len(LAMS)


def test_explorer_snapshot_is_the_current_png(explorer):
    assert explorer.snapshot().data.startswith(b"\x89PNG") and explorer.snapshot().width == 720  # panels side by side


def test_explorer_rejects_bad_input():
    X, y = two_weight_problem()
    with pytest.raises(ValueError, match="two columns"):
        DescentExplorer(np.column_stack([X, X[:, :1]]), y, [0.0, 0.0])
    with pytest.raises(ValueError, match="coef_init"):
        DescentExplorer(X, y, [0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="lam"):
        DescentExplorer(X, y, [0.0, 0.0], lam=3.0)


# ---------------------------------------------------------------------------------------------- plots

def test_loss_grid_matches_the_centred_sum_of_squares():
    X, y = two_weight_problem()
    w1, w2 = np.array([0.0, 1.0, -0.5]), np.array([0.3, 2.0])
    grid = dplot.loss_grid(X, y, w1, w2)
    assert grid.shape == (2, 3)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    for i, b in enumerate(w2):
        for j, a in enumerate(w1):
            assert grid[i, j] == pytest.approx(np.sum((yc - Xc @ [a, b]) ** 2), rel=1e-10)
    # its minimum is least squares
    ols = ridge_fit(X, y, 0.0).coef
    near = dplot.loss_grid(X, y, ols[0] + np.array([-1e-3, 0, 1e-3]), ols[1] + np.array([-1e-3, 0, 1e-3]))
    assert np.argmin(near) == 4


def test_log_scale_uses_plain_labels_and_checks_its_argument():
    fig, ax = plt.subplots()
    ax.plot([1e-6, 1.0], [1.0, 1e3])
    dplot.log_scale(ax, "x")
    dplot.log_scale(ax, "y")
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    fig.canvas.draw()
    assert not any("$" in t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels())
    with pytest.raises(ValueError, match="which"):
        dplot.log_scale(ax, "z")
    plt.close(fig)


def test_plotting_functions_draw_on_the_axes_they_are_given():
    X, y = two_weight_problem()
    fig, axes = plt.subplots(2, 4)
    w1 = np.linspace(-1, 2, 20)
    w2 = np.linspace(-1, 2, 20)
    ax = dplot.loss_contours(axes[0, 0], w1, w2, dplot.loss_grid(X, y, w1, w2), title="t")
    dplot.descent_path(ax, np.array([[0.0, 0.0], [0.5, 0.2], [0.8, 0.3]]), label="path", color="red")
    dplot.mark_point(ax, [1.0, 0.5], label="opt", color="red")
    dplot.step_arrows(ax, [0.0, 1.0], [0.2, -0.1], [0.0, -0.3])
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title() == "t"
    assert len(ax.lines) >= 3
    ax2 = dplot.curves_against_steps(axes[0, 1], np.arange(5), {"a": np.arange(5.0), "b": np.ones(5)},
                                     ylabel="y", title="T", log=True)
    assert ax2.get_yscale() == "log" and len(ax2.get_legend().get_texts()) == 2
    dplot.shrinkage_scatter(axes[0, 2], np.array([1.0, -2.0]), {1.0: np.array([0.5, -1.0])})
    dplot.factor_curves(axes[0, 3], np.geomspace(0.1, 10, 5), np.array([3.0, 1.0]), np.array([1.0]),
                        np.array([[0.9, 0.5]]))
    dplot.conditioning(axes[1, 0], axes[1, 1], [0.0, 1.0, 10.0], [8.0, 5.0, 2.0], [50, 30, 10], [55, 31, 12], tol=1e-6)
    dplot.coefficient_paths(axes[1, 2], np.arange(1, 6), np.ones((5, 2)), names=["a", "b"], xlabel="t", title="c")
    assert len(axes[1, 2].get_legend().get_texts()) == 2
    plt.close(fig)


# ---------------------------------------------------------------------------------------------- exercises

def test_lesson03_exercises_are_registered():
    ids = {entry["id"] for entry in catalog()}
    assert {"03.1", "03.2", "03.3", "03.4"} <= ids


def not_yet(*args):
    raise NotImplementedError()


def crashing(*args):
    return 1 / 0


@pytest.mark.parametrize("exercise_id", ["03.1", "03.2", "03.3", "03.4"])
def test_unanswered_and_placeholder_are_not_attempted(exercise_id, capsys):
    assert check(exercise_id, None).status == "not attempted"
    if exercise_id in ("03.1", "03.4"):
        assert check(exercise_id, not_yet).status == "not attempted"


@pytest.mark.parametrize("exercise_id", ["03.1", "03.4"])
def test_crashing_answers_fail_without_raising(exercise_id, capsys):
    result = check(exercise_id, crashing)
    assert result.status == "failed" and "ZeroDivisionError" in result.message


# 03.1

def test_03_1_reference_passes(capsys):
    assert check("03.1", lesson03._decay_step).passed


@pytest.mark.parametrize("wrong, phrase", [
    (lambda w, g, lr, lam: (1 - lr * lam) * np.asarray(w) - lr * np.asarray(g), "λ/2"),
    (lambda w, g, lr, lam: (1 - 2 * lr * lam) * np.asarray(w) + lr * np.asarray(g), "against"),
    (lambda w, g, lr, lam: (1 - 2 * lam) * np.asarray(w) - lr * np.asarray(g), "learning rate"),
    (lambda w, g, lr, lam: (1 + 2 * lr * lam) * np.asarray(w) - lr * np.asarray(g), "away from zero"),
    (lambda w, g, lr, lam: np.asarray(w) - lr * np.asarray(g), "left the penalty out"),
])
def test_03_1_mistakes_are_named(wrong, phrase, capsys):
    result = check("03.1", wrong)
    assert result.status == "failed" and phrase in result.message


def test_03_1_missing_return_is_explained(capsys):
    result = check("03.1", lambda w, g, lr, lam: None)
    assert result.status == "failed" and "return" in result.message


# 03.2

def test_03_2_reference_passes(capsys):
    assert check("03.2", 113).passed
    assert check("03.2", 113.0).passed
    assert check("03.2", np.int64(113)).passed


@pytest.mark.parametrize("wrong, phrase", [
    (228, "λ/2"),
    (112, "rounded down"),
    (25, "fixed *fraction*"),
    (112.8131, "round *up*"),
    (7.5, "whole number"),
    (40, "too small"),
])
def test_03_2_mistakes_are_named(wrong, phrase, capsys):
    result = check("03.2", wrong)
    assert result.status == "failed" and phrase in result.message


def test_03_2_exact_value_mistake_uses_the_real_crossing_point(capsys):
    import math
    exact = math.log(0.01) / math.log(0.96)
    assert "round *up*" in check("03.2", exact).message


# 03.3

@pytest.mark.parametrize("answer", ["b", "B", " b ", "b)", "b."])
def test_03_3_accepts_the_letter(answer, capsys):
    assert check("03.3", answer).passed


@pytest.mark.parametrize("answer, phrase", [
    ("a", "√v̂"), ("c", "already does"), ("d", "smaller"), ("e", "answer with one of a, b, c, d"), (2, "should be a string"),
])
def test_03_3_wrong_choices_are_explained(answer, phrase, capsys):
    result = check("03.3", answer)
    assert result.status == "failed" and phrase in result.message


# 03.4

def reference_ridge_gd(X, y, lam, lr, n_steps):
    X, y = np.asarray(X, float), np.asarray(y, float)
    b, w = 0.0, np.zeros(X.shape[1])
    for _ in range(n_steps):
        r = y - b - X @ w
        w, b = w - lr * (-2 * X.T @ r + 2 * lam * w), b - lr * (-2 * r.sum())
    return b, w


def test_03_4_reference_passes(capsys):
    assert check("03.4", reference_ridge_gd).passed


def test_03_4_variant_without_mistakes_is_the_reference():
    for case in lesson03._GD_CASES:
        np.testing.assert_allclose(lesson03._gd_variant(*case), lesson03._gd_reference(*case), rtol=1e-10)


def test_03_4_cases_are_far_from_converged_and_distinguish_the_mistakes():
    variants = [dict(pen_b=2.0), dict(pen=1.0), dict(mean=True), dict(sign=-1.0), dict(grad_scale=1.0),
                dict(intercept=False)]
    for kwargs in variants:
        assert any(not np.allclose(lesson03._gd_variant(*case, **kwargs), lesson03._gd_reference(*case),
                                   rtol=1e-6, atol=1e-9) for case in lesson03._GD_CASES)


def _variant(**kwargs):
    def answer(X, y, lam, lr, n_steps):
        out = lesson03._gd_variant(X, y, lam, lr, n_steps, **kwargs)
        return out[0], out[1:]
    return answer


@pytest.mark.parametrize("kwargs, phrase", [
    (dict(pen_b=2.0), "penalized the intercept"),
    (dict(pen=1.0), "λ/2"),
    (dict(mean=True), "mean instead of the sum"),
    (dict(sign=-1.0), "sign"),
    (dict(grad_scale=1.0), "factor 2"),
    (dict(intercept=False), "left the intercept out"),
])
def test_03_4_mistakes_are_named(kwargs, phrase, capsys):
    result = check("03.4", _variant(**kwargs))
    assert result.status == "failed" and phrase in result.message


def test_03_4_wrong_return_shape_is_explained(capsys):
    result = check("03.4", lambda X, y, lam, lr, n: np.zeros(X.shape[1]))
    assert result.status == "failed" and "pair" in result.message
    result = check("03.4", lambda X, y, lam, lr, n: None)
    assert result.status == "failed" and "return" in result.message
    result = check("03.4", 3.0)
    assert result.status == "failed" and "function" in result.message
