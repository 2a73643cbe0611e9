"""Lesson 05: the correlated-features explorer in pure Python, and every exercise's judge."""

import numpy as np
import pytest

import helpers
import helpers.exercises.lesson05  # noqa: F401  (registers the exercises of lesson 05)
from helpers import ridge_fit, ridge_path, sigmoid
from helpers.exercises import registry
from helpers.stability import correlated_pair
from helpers.widgets.correlated import RHOS, CorrelatedFeaturesExplorer

# --- the explorer -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def explorer():
    return CorrelatedFeaturesExplorer(n=40, n_boot=60, rho=0.9, lam=10.0)


def test_plain_text(explorer):
    assert "run this cell" in repr(explorer)


def test_coefficients_match_ridge_path(explorer):
    X, y = correlated_pair(40, 0.95, seed=0)
    ls, ridge = explorer.coefficients(0.95, 3.0)
    for b in range(0, explorer.n_boot, 7):
        rows = explorer.rows[b]
        path = ridge_path(X[rows], y[rows], [0.0, 3.0])
        assert np.allclose(path.coefs[0], ls[b], atol=1e-10)
        assert np.allclose(path.coefs[1], ridge[b], atol=1e-10)


def test_rho_control_changes_state_and_picture(explorer):
    before_png, before = explorer.image.value, dict(explorer.state)
    explorer.rho_slider.value = 0.999
    try:
        assert explorer.state["rho"] == 0.999
        assert explorer.state["variance_ratio"] > before["variance_ratio"]
        assert explorer.state["ls_spread"][0] > before["ls_spread"][0]
        assert explorer.image.value != before_png
        assert "ρ = 0.999" in explorer.summary.value
    finally:
        explorer.rho_slider.value = 0.9


def test_lam_control_changes_state_and_picture(explorer):
    before_png, before = explorer.image.value, dict(explorer.state)
    explorer.lam_slider.value = 1000.0
    try:
        assert explorer.state["lam"] == pytest.approx(1000.0)
        assert np.array_equal(explorer.state["ls_coefs"], before["ls_coefs"])      # λ leaves least squares alone
        assert np.linalg.norm(explorer.state["ridge_coefs"], axis=1).max() < \
            np.linalg.norm(before["ridge_coefs"], axis=1).min()                   # and shrinks every ridge fit
        assert explorer.image.value != before_png
    finally:
        explorer.lam_slider.value = 10.0


def test_state_restored_after_round_trip(explorer):
    ls, _ = explorer.coefficients(0.9, 10.0)
    assert np.allclose(explorer.state["ls_coefs"], ls)


def test_every_rho_is_available(explorer):
    for rho in RHOS:
        ls, ridge = explorer.coefficients(rho, 1.0)
        assert np.all(np.isfinite(ls)) and np.all(np.isfinite(ridge))


def test_invalid_explorer_arguments():
    with pytest.raises(ValueError, match="rho"):
        CorrelatedFeaturesExplorer(rho=0.42)
    with pytest.raises(ValueError, match="lam"):
        CorrelatedFeaturesExplorer(lam=-1.0)
    with pytest.raises(ValueError, match="n_boot"):
        CorrelatedFeaturesExplorer(n_boot=1)


# --- the exercises ----------------------------------------------------------------------------------


def run(exercise_id, answer):
    return registry[exercise_id].run(answer)


def not_implemented(*args):
    raise NotImplementedError()


def crashes(*args):
    return 1 / 0


@pytest.mark.parametrize("exercise_id", ["05.1", "05.2", "05.3", "05.4"])
def test_unanswered_and_crashing(exercise_id):
    assert run(exercise_id, None).status == "not attempted"
    if exercise_id != "05.2":      # 05.2 asks for a letter: unanswered, it is None
        assert run(exercise_id, not_implemented).status == "not attempted"
        result = run(exercise_id, crashes)
        assert result.status == "failed" and "ZeroDivisionError" in result.message


def test_catalog_lists_lesson05():
    ids = [entry["id"] for entry in helpers.catalog()]
    assert {"05.1", "05.2", "05.3", "05.4"} <= set(ids)


# 05.1

def ref_condition(d, lam):
    d = np.asarray(d, dtype=float)
    return float((d.max() ** 2 + lam) / (d.min() ** 2 + lam))


def test_051_reference_passes():
    assert run("05.1", ref_condition).passed


@pytest.mark.parametrize("wrong, phrase", [
    (lambda d, lam: float((np.max(d) + lam) / (np.min(d) + lam)), "square the singular values"),
    (lambda d, lam: float(np.sqrt(ref_condition(d, lam))), "square root"),
    (lambda d, lam: float(np.max(d) ** 2 / (np.min(d) ** 2 + lam)), "only to the smallest"),
    (lambda d, lam: ref_condition(d, lam / 2), "λ/2"),
    (lambda d, lam: float(np.max(d) ** 2 / np.min(d) ** 2), "ignored the penalty"),
])
def test_051_mistakes_are_named(wrong, phrase):
    result = run("05.1", wrong)
    assert result.status == "failed" and phrase in result.message


def test_051_unknown_mistake_still_fails():
    result = run("05.1", lambda d, lam: 3.0)
    assert result.status == "failed" and "returned" in result.message


# 05.2

@pytest.mark.parametrize("answer", ["b", "B", " b "])
def test_052_right_letter(answer):
    assert run("05.2", answer).passed


@pytest.mark.parametrize("letter, phrase", [("a", "double precision"), ("c", "hidden penalty"), ("D", "full rank")])
def test_052_wrong_letters_explained(letter, phrase):
    result = run("05.2", letter)
    assert result.status == "failed" and phrase in result.message


@pytest.mark.parametrize("answer", ["e", 2, "bb"])
def test_052_not_a_letter(answer):
    result = run("05.2", answer)
    assert result.status == "failed" and "a, b, c, d" in result.message


# 05.3

def ref_step(X, y, w, b, lam, lr):
    p = sigmoid(b + X @ w)
    return w - lr * (X.T @ (p - y) + 2 * lam * w), b - lr * np.sum(p - y)


def test_053_reference_passes():
    assert run("05.3", ref_step).passed


def test_053_naive_sigmoid_passes_and_a_list_is_named():
    def answer(X, y, w, b, lam, lr, as_list=False):
        p = 1 / (1 + np.exp(-(b + X @ w)))
        w_new = w - lr * (X.T @ (p - y) + 2 * lam * w)
        return (list(w_new) if as_list else w_new), b - lr * np.sum(p - y)
    assert run("05.3", answer).passed
    result = run("05.3", lambda *args: answer(*args, as_list=True))
    assert result.status == "failed" and "w_new" in result.message and "list" in result.message


def make_wrong_step(pen=2.0, pen_b=False, sign=1.0, data_sign=1.0, mean=False):
    def step(X, y, w, b, lam, lr):
        r = data_sign * (sigmoid(b + X @ w) - y) / (len(y) if mean else 1)
        gw = X.T @ r + pen * lam * w
        gb = r.sum() + (pen * lam * b if pen_b else 0.0)
        return w - sign * lr * gw, b - sign * lr * gb
    return step


@pytest.mark.parametrize("wrong, phrase", [
    (make_wrong_step(pen_b=True), "penalized the intercept"),
    (make_wrong_step(pen=1.0), "2λw"),
    (make_wrong_step(sign=-1.0), "uphill"),
    (make_wrong_step(data_sign=-1.0), "y − p"),
    (make_wrong_step(mean=True), "averaged"),
])
def test_053_mistakes_are_named(wrong, phrase):
    result = run("05.3", wrong)
    assert result.status == "failed" and phrase in result.message


@pytest.mark.parametrize("answer, phrase", [
    (lambda X, y, w, b, lam, lr: None, "return"),
    (lambda X, y, w, b, lam, lr: w, "pair"),
    (lambda X, y, w, b, lam, lr: (w, w), "single number"),
    (lambda X, y, w, b, lam, lr: ("w", "b"), "numbers"),
    (42, "function"),
])
def test_053_malformed_answers(answer, phrase):
    result = run("05.3", answer)
    assert result.status == "failed" and phrase in result.message


# 05.4

def ref_copy(x, y, k, lam):
    return float(ridge_fit(np.asarray(x, float)[:, None], y, lam / k).coef[0] / k)


def test_054_reference_passes_and_matches_brute_force():
    assert run("05.4", ref_copy).passed
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=25), rng.normal(size=25)
    brute = ridge_fit(np.tile(x[:, None], (1, 4)), y, 3.0).coef
    assert np.allclose(brute, ref_copy(x, y, 4, 3.0))


@pytest.mark.parametrize("wrong, phrase", [
    (lambda x, y, k, lam: ridge_fit(np.asarray(x)[:, None], y, lam).coef[0] / k, "kept λ"),
    (lambda x, y, k, lam: ridge_fit(np.asarray(x)[:, None], y, lam / k).coef[0], "combined weight"),
    (lambda x, y, k, lam: ridge_fit(np.asarray(x)[:, None], y, k * lam).coef[0] / k, "k·λ"),
])
def test_054_mistakes_are_named(wrong, phrase):
    result = run("05.4", wrong)
    assert result.status == "failed" and phrase in result.message
