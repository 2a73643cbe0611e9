"""Lesson 01 (overfitting): its explorer, its plotting functions and its exercise checks, without a kernel."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from numpy.polynomial.polynomial import polyval  # noqa: E402
from sklearn.linear_model import LinearRegression  # noqa: E402
from sklearn.preprocessing import PolynomialFeatures  # noqa: E402

from helpers import check, load_curvefitting, sample_sine, true_curve  # noqa: E402
from helpers.exercises.lesson01 import CHOICES, CORRECT, validation_errors  # noqa: E402
from helpers.plots.fits import (  # noqa: E402
    decade_label,
    plot_curves,
    plot_error_curves,
    plot_fit,
    plot_fits,
    set_log_scale,
)
from helpers.widgets.overfitting import SIZES, OverfittingExplorer, polynomial_fit, rmse  # noqa: E402

BISHOP = load_curvefitting()
X, T = BISHOP.X[:, 0], BISHOP.y


# --- the least-squares polynomial used by the explorer ------------------------------------------------

@pytest.mark.parametrize("degree", [1, 3, 6, 9])
def test_polynomial_fit_matches_scikit_learn_and_lstsq(degree):
    w = polynomial_fit(X, T, degree)
    Phi = PolynomialFeatures(degree).fit_transform(X[:, None])
    w_lstsq = np.linalg.lstsq(Phi, T, rcond=None)[0]
    model = LinearRegression().fit(Phi[:, 1:], T)
    np.testing.assert_allclose(polyval(X, w), Phi @ w_lstsq, atol=1e-8)
    if degree <= 6:
        # Well enough conditioned for the weights themselves to agree. At degree 9 (κ ≈ 1.5e7)
        # scikit-learn's solver truncates the smallest singular value and no longer interpolates.
        np.testing.assert_allclose(w, w_lstsq, rtol=1e-6, atol=1e-8)
        np.testing.assert_allclose(polyval(X, w), model.predict(Phi[:, 1:]), atol=1e-8)


def test_polynomial_fit_degree_zero_is_the_mean_and_rmse_is_root_mean_square():
    assert polynomial_fit(X, T, 0).tolist() == [pytest.approx(T.mean())]
    w = np.array([0.5, -1.0])
    assert rmse(w, X, T) == pytest.approx(np.sqrt(np.mean((0.5 - X - T) ** 2)))


# --- the explorer ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def explorer():
    return OverfittingExplorer(degree=9, n_points=10, noise=0.3)


def test_default_view_overfits(explorer):
    state = explorer.state
    assert state["degree"] == 9 and state["n_points"] == 10 and state["noise"] == 0.3
    assert state["train_rmse"] < 1e-6 and state["test_rmse"] > 1.0
    assert state["best_degree"] < 9
    assert bytes(explorer.image.value).startswith(b"\x89PNG")
    assert "degree 9, N = 10" in explorer.summary.value


def test_each_control_recomputes_and_redraws(explorer):
    try:
        png, before = explorer.image.value, dict(explorer.state)
        explorer.degree.value = 3
        assert explorer.state["degree"] == 3 and len(explorer.state["coef"]) == 4
        assert explorer.state["test_rmse"] < before["test_rmse"]
        assert explorer.state["train_rmse"] > before["train_rmse"]
        assert explorer.image.value != png
        (x, t), _ = explorer.data()
        np.testing.assert_allclose(explorer.state["coef"], polynomial_fit(x, t, 3))

        png = explorer.image.value
        explorer.n_points.value = 100
        assert explorer.state["n_points"] == 100 and explorer.image.value != png
        (x, t), _ = explorer.data()
        assert x.size == 100 and np.allclose(np.diff(x), 1 / 99)

        png = explorer.image.value
        explorer.noise.value = 0.0
        (x, t), (x_test, t_test) = explorer.data()
        np.testing.assert_allclose(t, true_curve(x))
        np.testing.assert_allclose(t_test, true_curve(x_test))
        assert explorer.state["noise"] == 0.0 and explorer.image.value != png
    finally:
        explorer.degree.value, explorer.n_points.value, explorer.noise.value = 9, 10, 0.3


def test_noise_free_interpolation_is_accurate_and_more_data_tames_degree_nine(explorer):
    try:
        explorer.noise.value = 0.0
        assert explorer.state["test_rmse"] < 1e-3
        explorer.noise.value, explorer.n_points.value = 0.3, 200
        assert explorer.state["test_rmse"] < 0.35
    finally:
        explorer.n_points.value, explorer.noise.value = 10, 0.3


def test_error_curves_cover_every_degree_and_training_error_never_rises(explorer):
    for n in (10, 30):
        explorer.n_points.value = n
        train = explorer.state["train_curve"]
        assert train.shape == (10,) and np.all(np.diff(train) <= 1e-9)
    explorer.n_points.value = 10


def test_changing_noise_rescales_the_same_draws(explorer):
    (x1, t1), _ = explorer.data()
    explorer.noise.value = 0.6
    (x2, t2), _ = explorer.data()
    explorer.noise.value = 0.3
    np.testing.assert_allclose(t2 - true_curve(x2), 2 * (t1 - true_curve(x1)))


def test_plain_text_and_invalid_arguments():
    assert "run this cell" in repr(OverfittingExplorer.plain_text) and "VBox" not in OverfittingExplorer.plain_text
    with pytest.raises(ValueError, match="degree"):
        OverfittingExplorer(degree=12)
    with pytest.raises(ValueError, match="n_points"):
        OverfittingExplorer(n_points=7)
    with pytest.raises(ValueError, match="noise"):
        OverfittingExplorer(noise=-0.1)
    assert 10 in SIZES


def test_fast_render_draws_the_same_picture_as_a_full_redraw(explorer):
    from io import BytesIO

    from PIL import Image
    explorer.degree.value = 5
    try:
        fast = np.asarray(Image.open(BytesIO(bytes(explorer.image.value))).convert("RGB"), dtype=int)
        full = np.asarray(Image.open(BytesIO(explorer.render_full())).convert("RGB"), dtype=int)
        assert fast.shape == full.shape and np.mean(np.abs(fast - full)) < 1.0
    finally:
        explorer.degree.value = 9


# --- plotting functions ---------------------------------------------------------------------------------

@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_plot_fit_draws_data_truth_and_fit(ax):
    grid = np.linspace(0, 1, 50)
    artists = plot_fit(ax, X, T, grid, np.cos(grid), y_true=true_curve(grid), title="t")
    np.testing.assert_allclose(artists.fit.get_ydata(), np.cos(grid))
    np.testing.assert_allclose(artists.truth.get_ydata(), true_curve(grid))
    np.testing.assert_allclose(artists.points.get_offsets(), np.column_stack([X, T]))
    assert ax.get_title() == "t" and ax.get_xlabel() == "x"
    only_data = plot_fit(ax, X, T, grid, None)
    assert only_data.fit is None and only_data.truth is None


def test_plot_fits_puts_one_fit_per_axis():
    fig, axes = plt.subplots(1, 3)
    grid = np.linspace(0, 1, 20)
    drawn = plot_fits(axes, X, T, grid, [grid * k for k in range(3)], ["a", "b", "c"])
    assert [a.get_title() for a in axes] == ["a", "b", "c"]
    np.testing.assert_allclose(drawn[2].fit.get_ydata(), 2 * grid)
    with pytest.raises(ValueError, match="one entry per axis"):
        plot_fits(axes, X, T, grid, [grid], ["a", "b", "c"])
    plt.close(fig)


def test_plot_error_curves_marks_the_lowest_test_error_and_the_floor(ax):
    param = np.arange(5)
    artists = plot_error_curves(ax, param, [4, 3, 2, 1, 0], [5, 3, 2, 2.5, 6], xlabel="degree",
                                noise_floor=0.3, logy=True)
    assert artists.best.get_xdata()[0] == 2 and artists.best.get_ydata()[0] == 2
    assert artists.floor.get_ydata()[0] == 0.3
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "degree"
    none = plot_error_curves(ax, param, param, param, xlabel="N", mark_best=False)
    assert none.best is None and none.floor is None


def test_plot_curves_and_log_labels(ax):
    lines = plot_curves(ax, np.arange(3), {"a": [1, 10, 100], "b": [2, 3, 4]}, xlabel="M", ylabel="v", logy=True)
    assert set(lines) == {"a", "b"} and ax.get_yscale() == "log"
    assert decade_label(1e6) == "10⁶" and decade_label(1e-5) == "10⁻⁵"
    assert decade_label(100.0) == "100" and decade_label(0.01) == "0.01" and decade_label(3.0) == ""
    with pytest.raises(ValueError, match="axis"):
        set_log_scale(ax, "z")


@pytest.mark.parametrize("call, error, phrase", [
    (lambda ax: plot_fit("not an axis", X, T, X, T), TypeError, "ax must be a Matplotlib Axes"),
    (lambda ax: plot_fit(ax, X, T[:5], X, T), ValueError, "y has 5 entries"),
    (lambda ax: plot_fit(ax, X, T, X, T[:3]), ValueError, "y_fit has 3 entries"),
    (lambda ax: plot_error_curves(ax, [1, 2], [1, 2], [1], xlabel="d"), ValueError, "test has 1 entries"),
    (lambda ax: plot_curves(ax, [1, 2], {}, xlabel="d", ylabel="v"), ValueError, "curves"),
    (lambda ax: plot_curves(ax, [1, 2], {"a": [[1, 2]]}, xlabel="d", ylabel="v"), ValueError, "must be 1-D"),
])
def test_plotting_rejects_bad_input_naming_the_argument(ax, call, error, phrase):
    with pytest.raises(error, match=phrase):
        call(ax)


# --- exercise checks ------------------------------------------------------------------------------------

def reference_fit_rmse(w, x, t):
    return float(np.sqrt(np.mean((polyval(x, w) - t) ** 2)))


def not_attempted(*args):
    raise NotImplementedError()


def test_01_1_reference_passes():
    assert check("01.1", reference_fit_rmse).passed


@pytest.mark.parametrize("answer, phrase", [
    (lambda w, x, t: float(np.mean((polyval(x, w) - t) ** 2)), "mean squared error"),
    (lambda w, x, t: float(np.sqrt(np.sum((polyval(x, w) - t) ** 2))), "*sum*"),
    (lambda w, x, t: float(0.5 * np.sum((polyval(x, w) - t) ** 2)), "Bishop's error E(w)"),
    (lambda w, x, t: float(np.sqrt(np.mean((np.polyval(w, x) - t) ** 2))), "np.polyval"),
    (lambda w, x, t: float(np.std(polyval(x, w) - t)), "standard deviation"),
    (lambda w, x, t: float(np.sqrt(np.sum((polyval(x, w) - t) ** 2) / (len(x) - 1))), "N − 1"),
])
def test_01_1_names_each_mistake(answer, phrase):
    result = check("01.1", answer)
    assert result.status == "failed" and phrase in result.message


@pytest.mark.parametrize("exercise_id, answer", [
    ("01.1", None), ("01.1", not_attempted), ("01.2", None), ("01.3", None),
])
def test_unanswered_is_not_attempted(exercise_id, answer):
    assert check(exercise_id, answer).status == "not attempted"


def test_01_1_crashing_answer_fails_without_raising():
    result = check("01.1", lambda w, x, t: w[99])
    assert result.status == "failed" and "IndexError" in result.message


def test_01_2_reference_and_mistakes():
    train, val, test = validation_errors()
    best = int(np.argmin(val))
    assert check("01.2", best).passed and check("01.2", np.int64(best)).passed
    # The three data sets disagree, so each mistake is distinguishable from the right answer.
    assert len({best, int(np.argmin(train)), int(np.argmin(test))}) == 3
    assert "*training* error" in check("01.2", int(np.argmin(train))).message
    assert "*test* set" in check("01.2", int(np.argmin(test))).message
    assert "RMSE itself" in check("01.2", float(val.min())).message
    assert "single number" in check("01.2", [best]).message
    assert check("01.2", "seven").status == "failed"


def test_01_2_validation_set_is_the_documented_one():
    x_val, t_val = sample_sine(50, seed=4)
    w = polynomial_fit(X, T, 3)
    assert validation_errors()[1][3] == pytest.approx(rmse(w, x_val, t_val))


def test_01_3_accepts_the_letter_in_either_case():
    assert check("01.3", CORRECT).passed and check("01.3", f" {CORRECT.upper()} ").passed


@pytest.mark.parametrize("letter", sorted(set(CHOICES) - {CORRECT}))
def test_01_3_wrong_choices_get_an_explanation(letter):
    result = check("01.3", letter)
    assert result.status == "failed" and f"({letter}) is not it" in result.message
    assert len(result.message) > 120


@pytest.mark.parametrize("answer", [4, "f", ["d"], "B"])
def test_01_3_malformed_answers_are_told_what_is_expected(answer):
    result = check("01.3", answer)
    assert result.status == "failed" and "1, 2, 3, 4, 5" in result.message
