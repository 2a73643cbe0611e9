"""Lesson 04: the tuning explorer (no kernel), the exercise judges, and the selection plots."""

from io import BytesIO

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from helpers import (
    check,
    effective_df,
    fit_scaling,
    kfold_mse,
    load_prostate,
    one_standard_error_rule,
    ridge_fit,
)
from helpers.exercises import lesson04
from helpers.plots import selection
from helpers.widgets.tuning import TuningExplorer


@pytest.fixture(scope="module")
def prostate():
    data = load_prostate()
    X = fit_scaling(data.X[data.train]).apply(data.X[data.train])
    return X, data.y[data.train], data.feature_names


@pytest.fixture()
def explorer(prostate):
    X, y, names = prostate
    return TuningExplorer(X, y, names, lam=1.0, k=10)


# --- the explorer --------------------------------------------------------------------------------

def test_moving_lambda_recomputes_cv_error_coefficients_and_picture(explorer, prostate):
    X, y, _ = prostate
    before_png, before = bytes(explorer.image.value), dict(explorer.state)
    explorer.slider.value = 300.0
    state = explorer.state
    assert state["lam"] == 300.0 and state["k"] == 10
    here = kfold_mse(X, y, [300.0], k=10, seed=0)
    assert state["cv_mean"] == pytest.approx(here.mean[0]) and state["cv_se"] == pytest.approx(here.se[0])
    np.testing.assert_allclose(state["coef"], ridge_fit(X, y, 300.0).coef)
    assert state["df"] == pytest.approx(effective_df(X, 300.0)) and state["df"] < before["df"]
    assert np.linalg.norm(state["coef"]) < np.linalg.norm(before["coef"])
    assert state["cv_mean"] > before["cv_mean"] and not state["within_one_se"] and before["within_one_se"]
    assert bytes(explorer.image.value) != before_png and bytes(explorer.image.value).startswith(b"\x89PNG")
    assert "λ = 300" in explorer.summary.value and "10-fold" in explorer.summary.value


def test_changing_the_folds_changes_the_curve_and_the_choices(explorer, prostate):
    X, y, _ = prostate
    explorer.slider.value = 20.0
    ten = dict(explorer.state)
    png = bytes(explorer.image.value)
    explorer.folds.value = 5
    five = explorer.state
    assert five["k"] == 5 and five["cv_mean"] != ten["cv_mean"]
    grid = explorer.lams
    scores = kfold_mse(X, y, grid, k=5, seed=0)
    assert five["one_se_lam"] == one_standard_error_rule(grid, scores)
    assert five["best_lam"] == grid[np.argmin(scores.mean)]
    assert bytes(explorer.image.value) != png
    np.testing.assert_allclose(explorer.line.get_ydata(), scores.mean)


def test_fast_render_draws_the_same_picture_as_a_full_redraw(explorer):
    explorer.slider.value = 50.0
    explorer.folds.value = 20
    fast = np.asarray(Image.open(BytesIO(bytes(explorer.image.value))).convert("RGB"), dtype=int)
    full = np.asarray(Image.open(BytesIO(explorer.render_full())).convert("RGB"), dtype=int)
    assert fast.shape == full.shape
    assert np.mean(np.abs(fast - full)) < 1.0


def test_plain_text_and_input_checks(prostate):
    X, y, names = prostate
    text = repr(TuningExplorer(X, y, names))
    assert "run this cell" in text and "VBox" not in text
    with pytest.raises(ValueError, match="feature_names"):
        TuningExplorer(X, y, names[:3])
    with pytest.raises(ValueError, match="k=7"):
        TuningExplorer(X, y, names, k=7)
    with pytest.raises(ValueError, match="y has"):
        TuningExplorer(X, y[:10], names)


# --- the exercises ---------------------------------------------------------------------------------

def not_attempted(*args):
    raise NotImplementedError()


def crashing(*args):
    return [1, 2][5]


def reference_loo(X, y, lam):
    X, y = np.asarray(X, float), np.asarray(y, float)
    n, p = X.shape
    Xc = X - X.mean(axis=0)
    H = np.full((n, n), 1.0 / n) + Xc @ np.linalg.solve(Xc.T @ Xc + lam * np.eye(p), Xc.T)
    return (y - H @ y) / (1.0 - np.diag(H))


def reference_cv(X, y, lams, k, seed):
    errors = lesson04._fold_errors(X, y, lams, k, seed)
    return errors.mean(axis=0), errors.std(axis=0, ddof=1) / np.sqrt(k)


@pytest.mark.parametrize("exercise_id, answer", [
    ("04.1", "b"), ("04.1", " B "), ("04.1", "b)"),
    ("04.2", 1.5), ("04.2", 500 * 0.003),
    ("04.3", reference_loo),
    ("04.4", reference_cv),
])
def test_reference_answers_pass(exercise_id, answer):
    result = check(exercise_id, answer)
    assert result.passed, result.message


@pytest.mark.parametrize("letter, phrase", [("a", "fixed before"), ("C", "direction wrong"), ("d", "larger test set")])
def test_wrong_choices_get_explanations(letter, phrase):
    result = check("04.1", letter)
    assert result.status == "failed" and phrase in result.message


def test_choice_must_be_a_letter():
    assert "answer with one of a, b, c, d" in check("04.1", "e").message
    assert "should be a string" in check("04.1", 2).message


@pytest.mark.parametrize("value, phrase", [
    (0.003, "multiply by n"), (0.75, "PyTorch's weight_decay"), (0.003 / 500, "divided by n"), (3.0, "no factor 2"),
])
def test_keras_mistakes_are_named(value, phrase):
    result = check("04.2", value)
    assert result.status == "failed" and phrase in result.message


def _ordinary(X, y, lam):
    return lesson04._ordinary_residuals(X, y, lam)


@pytest.mark.parametrize("answer, phrase", [
    (_ordinary, "ordinary residuals"),
    (lambda X, y, lam: _ordinary(X, y, lam) / (1 - np.diag(lesson04._hat(X, lam, intercept=False))),
     "right result is"),
    (lambda X, y, lam: _ordinary(X, y, lam) / (1 - np.diag(lesson04._hat(X, lam, centred_only=True))),
     "intercept adds 1/n"),
    (lambda X, y, lam: (y - lesson04._hat(X, lam, centred_only=True) @ y)
     / (1 - np.diag(lesson04._hat(X, lam, centred_only=True))), "intercept out of the hat matrix"),
    (lambda X, y, lam: (y - lesson04._hat(X, lam, penalize_intercept=True) @ y)
     / (1 - np.diag(lesson04._hat(X, lam, penalize_intercept=True))), "penalized the intercept"),
    (lambda X, y, lam: _ordinary(X, y, lam) / (1 - np.diag(lesson04._hat(X, lam))) ** 2, "(1 − H_ii)²"),
    (lambda X, y, lam: _ordinary(X, y, lam) / np.diag(lesson04._hat(X, lam)), "H_ii instead"),
])
def test_loo_mistakes_are_named(answer, phrase):
    result = check("04.3", answer)
    assert result.status == "failed" and phrase in result.message, result.message


@pytest.mark.parametrize("answer, phrase", [
    (lesson04._cv_scaled_on_all_rows, "on all rows before splitting"),
    (lesson04._cv_unscaled, "did not standardize"),
    (lesson04._cv_se("ddof0"), "ddof=0"),
    (lesson04._cv_se("sd"), "not the standard error"),
    (lesson04._cv_sum, "summed"),
])
def test_cv_mistakes_are_named(answer, phrase):
    result = check("04.4", answer)
    assert result.status == "failed" and phrase in result.message, result.message


@pytest.mark.parametrize("exercise_id", ["04.1", "04.2", "04.3", "04.4"])
def test_unanswered_is_not_attempted(exercise_id):
    assert check(exercise_id, None).status == "not attempted"
    if exercise_id in ("04.3", "04.4"):
        assert check(exercise_id, not_attempted).status == "not attempted"


@pytest.mark.parametrize("exercise_id", ["04.3", "04.4"])
def test_crashing_or_malformed_answers_fail_without_raising(exercise_id):
    result = check(exercise_id, crashing)
    assert result.status == "failed" and "IndexError" in result.message
    assert check(exercise_id, 3.0).status == "failed"
    assert check(exercise_id, lambda *args: None).status == "failed"


def test_malformed_values_fail_without_raising():
    assert check("04.2", [1.5, 2.0]).status == "failed"
    assert check("04.2", "1.5").status == "failed"
    assert "pair" in check("04.4", lambda *args: 5).message


# --- the selection plots ------------------------------------------------------------------------

@pytest.fixture()
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_cv_curve_draws_bars_or_a_band_and_marks_the_choices(ax):
    lams = np.logspace(-2, 2, 9)
    mean, se = np.linspace(1.0, 2.0, 9), np.full(9, 0.1)
    line, band = selection.plot_cv_curve(ax, lams, mean, se, best=0.01, one_se=0.1, style="band")
    np.testing.assert_allclose(line.get_ydata(), mean)
    assert band is not None and ax.get_xscale() == "log" and ax.get_xlabel() and ax.get_title()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("one-standard-error" in t for t in labels) and any("+ 1 SE" in t for t in labels)
    line, band = selection.plot_cv_curve(ax, lams, mean, se, style="bars")
    assert band is None


@pytest.mark.parametrize("kwargs, message", [
    ({"lams": [0.0, 1.0]}, "λ > 0"),
    ({"mean": [1.0]}, "one entry per λ"),
    ({"style": "dots"}, "style"),
])
def test_cv_curve_rejects_bad_input(ax, kwargs, message):
    args = {"lams": [0.1, 1.0], "mean": [1.0, 2.0], "se": [0.1, 0.1]} | kwargs
    extra = {"style": args.pop("style")} if "style" in args else {}
    with pytest.raises(ValueError, match=message):
        selection.plot_cv_curve(ax, args["lams"], args["mean"], args["se"], **extra)


def test_path_validation_and_other_plots_label_their_axes(ax):
    df = np.linspace(8, 0, 20)
    coefs = np.outer(df / 8, np.arange(1.0, 4.0))
    selection.plot_path(ax, df, coefs, ["a", "b", "c"], chosen=5.0)
    assert ax.get_xlabel().startswith("effective degrees of freedom") and len(ax.texts) == 3
    with pytest.raises(ValueError, match="shape"):
        selection.plot_path(ax, df, coefs, ["a", "b"])
    fig, axes = plt.subplots(1, 5)
    lams = np.logspace(-1, 1, 5)
    selection.plot_validation_curve(axes[0], lams, np.arange(5.0), np.arange(5.0)[::-1], chosen=1.0)
    selection.plot_split_curves(axes[1], lams, [np.arange(5.0), np.arange(5.0)[::-1]])
    selection.plot_loo_check(axes[2], lams, np.arange(5.0), np.arange(5.0))
    selection.plot_coefficient_bars(axes[3], ["x", "y"], {"one": [1.0, 2.0], "two": [0.5, 1.0]})
    selection.plot_optimism(axes[4], {"test": np.array([-0.1, 0.0, -0.2]), "validation": np.array([0.1, -0.1, 0.0])})
    for a in axes:
        assert a.get_xlabel() and a.get_ylabel() and a.get_title() and a.get_legend() is not None
    with pytest.raises(ValueError, match="shape"):
        selection.plot_coefficient_bars(axes[3], ["x", "y"], {"one": [1.0]})
    plt.close(fig)


def test_path_labels_do_not_overlap():
    placed = selection._spread(np.array([0.30, 0.29, 0.28, -0.1]), gap=0.05)
    ordered = np.sort(placed)
    assert np.all(np.diff(ordered) >= 0.05 - 1e-12)
    assert placed.mean() == pytest.approx(np.mean([0.30, 0.29, 0.28, -0.1]))


def test_a_move_computes_cv_only_at_the_new_lambda(explorer, monkeypatch):
    # The curve for every λ is computed once at build; a slider move must not recompute it (its speed is
    # measured by `python -m benchmarks.run --only explorers`).
    import helpers.widgets.tuning as tuning

    asked = []
    real = tuning.kfold_mse

    def counting(X, y, lams, **kwargs):
        asked.append(len(np.atleast_1d(lams)))
        return real(X, y, lams, **kwargs)

    monkeypatch.setattr(tuning, "kfold_mse", counting)
    for value in (0.1, 3.0, 300.0):
        explorer.slider.value = value
    assert asked == [1, 1, 1]
