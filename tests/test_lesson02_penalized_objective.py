"""Lesson 02 (the penalized objective): its explorer, its exercise checks and its figures, without a kernel."""

from io import BytesIO

import ipywidgets as widgets
import matplotlib
import numpy as np
import pytest
from PIL import Image
from sklearn.linear_model import LinearRegression, Ridge

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from helpers import check, fit_scaling, load_curvefitting, load_prostate, polynomial_features, ridge_fit  # noqa: E402
from helpers.exercises import lesson02  # noqa: E402
from helpers.plots import objective  # noqa: E402
from helpers.widgets.penalty import PenaltyExplorer  # noqa: E402

# ---------------------------------------------------------------------------------------------------
# the explorer
# ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def explorer():
    return PenaltyExplorer()


@pytest.fixture(autouse=True)
def default_view(explorer):
    yield
    explorer.degree_slider.value = 9
    explorer.lam_slider.value = float(np.exp(-18.0))


def pixels(png):
    return np.asarray(Image.open(BytesIO(bytes(png))).convert("RGB"), dtype=int)


def standardized(x, degree):
    P = polynomial_features(x, degree)
    return fit_scaling(P).apply(P)


def test_the_first_control_is_a_logarithmic_lambda_slider(explorer):
    first = explorer.controls[0]
    assert first is explorer.lam_slider and isinstance(first, widgets.FloatLogSlider)
    assert np.isclose(first.base, np.e) and first.min < -18 < first.max
    assert isinstance(explorer.controls[1], widgets.IntSlider) and explorer.controls[1].description == "degree"
    assert np.isclose(explorer.state["log_lam"], -18.0) and explorer.state["degree"] == 9


def test_moving_lambda_refits_shrinks_the_weights_and_redraws(explorer):
    before_png, before = explorer.image.value, dict(explorer.state)
    explorer.lam_slider.value = 1.0
    s = explorer.state
    assert s["lam"] == 1.0 and np.isclose(s["log_lam"], 0.0)
    data = load_curvefitting()
    Z = standardized(data.X[:, 0], 9)
    fit = ridge_fit(Z, data.y, 1.0)
    np.testing.assert_allclose(s["coef"], fit.coef)
    residual = data.y - fit.predict(Z)
    assert np.isclose(s["data_term"], residual @ residual)
    assert np.isclose(s["penalty"], fit.coef @ fit.coef)
    assert np.isclose(s["objective"], s["data_term"] + s["penalty"])
    assert s["norm"] < before["norm"] / 100
    assert s["data_term"] > before["data_term"] and s["train_rmse"] > before["train_rmse"]
    assert explorer.image.value != before_png and bytes(explorer.image.value).startswith(b"\x89PNG")
    assert "ln λ = 0.0" in explorer.summary.value and "degree 9" in explorer.summary.value


def test_moving_the_degree_refits_and_redraws(explorer):
    before_png = explorer.image.value
    explorer.degree_slider.value = 3
    s = explorer.state
    assert s["degree"] == 3 and s["coef"].shape == (3,)
    heights = [bar.get_height() for bar in explorer.bars.patches]
    np.testing.assert_allclose(heights[:3], s["coef"])
    assert all(h == 0 for h in heights[3:])
    assert explorer.image.value != before_png
    # The curves of the right panel belong to the current degree.
    assert not np.allclose(explorer.term_lines["data"].get_ydata(), explorer._by_degree[9]["data"])


def test_fast_render_draws_the_same_picture_as_a_full_redraw(explorer):
    explorer.lam_slider.value = float(np.exp(-5.0))
    explorer.degree_slider.value = 5
    fast, full = pixels(explorer.image.value), pixels(explorer.render_full())
    assert fast.shape == full.shape
    assert np.mean(np.abs(fast - full)) < 1.0


def test_plain_text_form_says_what_it_is_and_to_run_the_cell(explorer):
    text = repr(explorer)
    assert "run this cell" in text and "λ" in text and "VBox" not in text


@pytest.mark.parametrize("kwargs, match", [
    ({"degree": 10}, "degree"),
    ({"log_lam": 40.0}, "log_lam"),
    ({"x": [0.0, 1.0]}, "both x and y"),
    ({"max_degree": 0}, "max_degree"),
])
def test_invalid_settings_are_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        PenaltyExplorer(**kwargs)


def test_own_data_can_be_explored():
    x = np.linspace(0, 1, 15)
    exp = PenaltyExplorer(x, np.cos(2 * np.pi * x), degree=4, max_degree=6)
    assert exp.state["degree"] == 4 and exp.state["coef"].shape == (4,)


# ---------------------------------------------------------------------------------------------------
# the exercise checks
# ---------------------------------------------------------------------------------------------------


def loss_reference(X, y, w, b, lam):
    r = np.asarray(y) - b - np.asarray(X) @ np.asarray(w)
    return float(r @ r + lam * np.sum(np.asarray(w) ** 2))


def closed_form_reference(X, y, lam):
    X, y = np.asarray(X, float), np.asarray(y, float)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    w = np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T @ yc)
    return y.mean() - X.mean(axis=0) @ w, w


def df_reference(X, lam):
    d = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    return float(np.sum(d**2 / (d**2 + lam)))


def lam_budget_reference():
    data = load_prostate()
    Z = fit_scaling(data.X[data.train]).apply(data.X[data.train])
    y = data.y[data.train]
    lo, hi = -10.0, 15.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if np.linalg.norm(ridge_fit(Z, y, np.exp(mid)).coef) > 0.5 else (lo, mid)
    return float(np.exp((lo + hi) / 2))


def _sq(w):
    return float(np.sum(np.asarray(w) ** 2))


def _sse(X, y, w, b):
    r = np.asarray(y) - b - np.asarray(X) @ np.asarray(w)
    return float(r @ r)


@pytest.mark.parametrize("exercise_id, answer", [
    ("02.1", loss_reference),
    ("02.2", closed_form_reference),
    ("02.2", lambda X, y, lam: (ridge_fit(X, y, lam).intercept, ridge_fit(X, y, lam).coef)),
    ("02.2", lambda X, y, lam: list(closed_form_reference(X, y, lam))),
    ("02.3", df_reference),
    ("02.4", lam_budget_reference()),
])
def test_reference_answers_pass(exercise_id, answer):
    result = check(exercise_id, answer)
    assert result.passed, result.message


def penalized_intercept(X, y, lam):
    A = np.column_stack([np.ones(len(y)), X])
    theta = np.linalg.solve(A.T @ A + lam * np.eye(A.shape[1]), A.T @ y)
    return theta[0], theta[1:]


def centred(lam_factor):
    return lambda X, y, lam: closed_form_reference(X, y, lam * lam_factor)


def svd(X, centre=True):
    return np.linalg.svd(X - X.mean(axis=0) if centre else X, compute_uv=False)


@pytest.mark.parametrize("exercise_id, answer, phrase", [
    ("02.1", lambda X, y, w, b, lam: loss_reference(X, y, w, b, lam) + lam * b**2, "penalized the intercept"),
    ("02.1", lambda X, y, w, b, lam: _sse(X, y, w, b) + lam / 2 * _sq(w), "lam/2"),
    ("02.1", lambda X, y, w, b, lam: 0.5 * loss_reference(X, y, w, b, lam), "halved the whole objective"),
    ("02.1", lambda X, y, w, b, lam: _sse(X, y, w, b) / len(y) + lam * _sq(w), "mean of the squared errors"),
    ("02.1", lambda X, y, w, b, lam: _sse(X, y, w, b) + lam * np.sqrt(_sq(w)), "norm ‖w‖ instead"),
    ("02.1", lambda X, y, w, b, lam: loss_reference(X, y, w, 0.0, lam), "left the intercept b out"),
    ("02.1", lambda X, y, w, b, lam: _sse(X, y, w, b) + lam * float(np.sum(np.abs(w))), "L1 norm"),
    ("02.2", penalized_intercept, "penalized the intercept"),
    ("02.2", centred(0.5), "λ/2 instead of λ"),
    ("02.2", centred(2.0), "2λ instead of λ"),
    ("02.2", lambda X, y, lam: closed_form_reference(X, y, len(y) * lam), "mean-squared-error version"),
    ("02.2", lambda X, y, lam: (0.0, np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)),
     "through the origin"),
    ("02.2", lambda X, y, lam: (float(np.mean(y)), closed_form_reference(X, y, lam)[1]), "intercept to mean(y)"),
    ("02.3", lambda X, lam: float(np.sum(svd(X, False) ** 2 / (svd(X, False) ** 2 + lam))), "did not centre"),
    ("02.3", lambda X, lam: float(np.sum(svd(X) / (svd(X) + lam))), "d_j instead of d_j²"),
    ("02.3", lambda X, lam: float(np.sum(svd(X) ** 4 / (svd(X) ** 4 + lam))), "squared twice"),
    ("02.3", lambda X, lam: float(np.sum(lam / (svd(X) ** 2 + lam))), "loses"),
    ("02.3", lambda X, lam: df_reference(X, lam) + 1.0, "for the intercept"),
])
def test_function_mistakes_are_named(exercise_id, answer, phrase):
    result = check(exercise_id, answer)
    assert result.status == "failed"
    assert phrase in result.message, result.message


@pytest.fixture(scope="module")
def budget_variants():
    data = load_prostate()
    X, y = data.X[data.train], data.y[data.train]

    def solve(Z, y):
        lo, hi = -10.0, 15.0
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if np.linalg.norm(ridge_fit(Z, y, np.exp(mid)).coef) > 0.5 else (lo, mid)
        return float(np.exp((lo + hi) / 2))

    return {
        "did not standardize": solve(X, y),
        "ddof=1": solve(fit_scaling(X, ddof=1).apply(X), y),
        "from all 97 rows": solve(fit_scaling(data.X).apply(X), y),
        "fitted on all 97 rows": solve(fit_scaling(data.X).apply(data.X), data.y),
        "mean-squared-error objective": lam_budget_reference() / len(y),
    }


@pytest.mark.parametrize("phrase", ["did not standardize", "ddof=1", "from all 97 rows", "fitted on all 97 rows",
                                    "mean-squared-error objective"])
def test_budget_mistakes_are_named(budget_variants, phrase):
    result = check("02.4", budget_variants[phrase])
    assert result.status == "failed"
    assert phrase in result.message, result.message


def not_attempted(*args):
    raise NotImplementedError()


@pytest.mark.parametrize("exercise_id", ["02.1", "02.2", "02.3", "02.4"])
@pytest.mark.parametrize("answer", [None, not_attempted])
def test_unanswered_is_not_attempted(exercise_id, answer):
    if exercise_id == "02.4" and answer is not_attempted:
        answer = None   # a value exercise: the cell raises before the name is set, so it stays None
    result = check(exercise_id, answer)
    assert result.status == "not attempted" and "not attempted yet" in result.message


@pytest.mark.parametrize("exercise_id, answer, phrase", [
    ("02.1", lambda X, y, w, b, lam: X[99], "IndexError"),
    ("02.2", lambda X, y, lam: undefined_name, "NameError"),  # noqa: F821
    ("02.2", lambda X, y, lam: np.zeros(3), "pair (b, w)"),
    ("02.2", lambda X, y, lam: (np.zeros(2), np.zeros(X.shape[1])), "single number"),
    ("02.2", lambda X, y, lam: None, "forget the `return`"),
    ("02.2", 3.0, "should be a function"),
    ("02.3", lambda X, lam: 1 / 0, "ZeroDivisionError"),
    ("02.4", [1.0, 2.0], "single number"),
    ("02.4", "43", "should be a number"),
    ("02.4", 10.0, "too small"),
    ("02.2", lambda X, y, lam: ridge_fit(X, y, lam), "pair (b, w)"),
])
def test_malformed_or_crashing_answers_fail_with_feedback(exercise_id, answer, phrase):
    result = check(exercise_id, answer)
    assert result.status == "failed"
    assert phrase in result.message, result.message


def test_references_agree_with_scikit_learn():
    """The judges' references solve the course's objective, which is scikit-learn's Ridge(alpha=λ)."""
    rng = np.random.default_rng(5)
    X = rng.normal(size=(30, 4)) + 2.0
    y = X @ [1.0, -2.0, 0.5, 0.0] + 3.0 + rng.normal(size=30)
    b, w = lesson02._centred_solution(X, y, 7.0)
    model = Ridge(alpha=7.0).fit(X, y)
    np.testing.assert_allclose(w, model.coef_, rtol=1e-10)
    assert np.isclose(b, model.intercept_)
    lam, _ = lesson02.budget_answers()
    data = load_prostate()
    Z = fit_scaling(data.X[data.train]).apply(data.X[data.train])
    assert np.isclose(np.linalg.norm(Ridge(alpha=lam).fit(Z, data.y[data.train]).coef_), 0.5, rtol=1e-8)


def test_df_reference_is_the_trace_of_the_hat_matrix():
    rng = np.random.default_rng(6)
    X = rng.normal(size=(25, 5)) + 1.0
    Xc = X - X.mean(axis=0)
    H = Xc @ np.linalg.solve(Xc.T @ Xc + 3.0 * np.eye(5), Xc.T)
    assert np.isclose(lesson02._df(X, 3.0), np.trace(H))


def test_the_lesson_registers_four_exercises():
    from helpers import catalog
    ids = [e["id"] for e in catalog() if e["lesson"] == "02"]
    assert ids == ["02.1", "02.2", "02.3", "02.4"]


# ---------------------------------------------------------------------------------------------------
# the figures and their one computation
# ---------------------------------------------------------------------------------------------------


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_loss_surface_matches_a_direct_computation_and_has_its_minimum_at_least_squares():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(40, 2)) + [1.0, -2.0]
    y = X @ [0.8, -0.3] + 1.5 + 0.1 * rng.normal(size=40)
    w1, w2 = np.linspace(0.0, 1.6, 161), np.linspace(-1.1, 0.5, 161)
    surface = objective.loss_surface(X, y, w1, w2)
    assert surface.shape == (161, 161)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    for i, j in [(0, 0), (50, 120), (160, 3)]:
        r = yc - Xc @ [w1[j], w2[i]]
        assert np.isclose(surface[i, j], r @ r)
    i, j = np.unravel_index(np.argmin(surface), surface.shape)
    ls = LinearRegression().fit(X, y).coef_
    assert abs(w1[j] - ls[0]) <= 0.01 and abs(w2[i] - ls[1]) <= 0.01


def test_loss_surface_rejects_other_than_two_columns():
    with pytest.raises(ValueError, match="two columns"):
        objective.loss_surface(np.ones((5, 3)), np.ones(5), [0.0], [0.0])
    with pytest.raises(ValueError, match="y has 4 entries"):
        objective.loss_surface(np.ones((5, 2)), np.ones(4), [0.0], [0.0])


def test_objective_terms_are_drawn_with_their_sum(ax):
    lines = objective.plot_objective_terms(ax, [-1.0, 0.0, 1.0], [1.0, 2.0, 3.0], [0.5, 0.25, 0.1], current=0.0)
    np.testing.assert_allclose(lines["total"].get_ydata(), [1.5, 2.25, 3.1])
    assert ax.get_yscale() == "log" and "current" in lines
    with pytest.raises(ValueError, match="penalty has 2 entries"):
        objective.plot_objective_terms(ax, [0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [1.0, 2.0])


def test_coefficient_bars_and_magnitudes(ax):
    bars = objective.coefficient_bars(ax, 9)
    assert len(bars.patches) == 9 and ax.get_yscale() == "symlog"
    assert "10⁴" in [t.get_text() for t in ax.get_yticklabels()]
    with pytest.raises(ValueError, match="n_bars"):
        objective.coefficient_bars(ax, 0)
    fig, other = plt.subplots()
    containers = objective.plot_coefficient_magnitudes(other, {"a": [1.0, -2.0], "b": [0.1, 0.2]})
    assert [p.get_height() for p in containers[0].patches] == [1.0, 2.0]
    with pytest.raises(ValueError, match="has 3 weights"):
        objective.plot_coefficient_magnitudes(other, {"a": [1.0, 2.0], "b": [1.0, 2.0, 3.0]})
    plt.close(fig)


def test_eigenvalues_floor_and_lambda_line(ax):
    lines = objective.plot_eigenvalues(ax, {"G": [-1e-16, 2.0, 5.0]}, lam=3.0)
    assert lines[0].get_ydata().min() == 1e-12 and len(lines) == 2


def test_constraint_geometry_checks_its_arrays(ax):
    w1, w2 = np.linspace(-1, 1, 5), np.linspace(-1, 1, 4)
    loss = np.add.outer(w2**2, w1**2)
    objective.plot_constraint_geometry(ax, w1, w2, loss, w_ls=[0.5, 0.5], path=[[0.5, 0.5], [0, 0]],
                                       optima=[[0.2, 0.2]], radii=[0.28], labels=["t"])
    assert ax.collections and ax.get_aspect() == 1.0
    with pytest.raises(ValueError, match="loss must have shape"):
        objective.plot_constraint_geometry(ax, w1, w2, np.zeros((5, 4)), w_ls=[0, 0], path=[[0, 0]],
                                           optima=[[0, 0]], radii=[0.0])
    with pytest.raises(ValueError, match="labels"):
        objective.plot_constraint_geometry(ax, w1, w2, loss, w_ls=[0, 0], path=[[0, 0]], optima=[[0, 0]],
                                           radii=[0.0], labels=["a", "b"])


def test_curves_ensembles_and_profiles(ax):
    lines = objective.plot_against_lambda(ax, [0.0, 1.0], {"a": [1.0, 2.0], "b": [2.0, 1.0]}, ylabel="y",
                                          title="t", styles={"b": "--"})
    assert lines["b"].get_linestyle() == "--"
    lines = objective.plot_against_lambda(ax, [0.0, 1.0], {"c": [1.0, 2.0]}, ylabel="y", title="t", colors={"c": "black"})
    assert lines["c"].get_color() == "black"
    with pytest.raises(ValueError, match="mapping"):
        objective.plot_against_lambda(ax, [0.0], {}, ylabel="y", title="t")
    objective.plot_fit_ensemble(ax, [0.0, 0.5, 1.0], np.zeros((3, 3)), mean=np.zeros(3), truth=np.ones(3))
    with pytest.raises(ValueError, match="fits has 2 columns"):
        objective.plot_fit_ensemble(ax, [0.0, 0.5, 1.0], np.zeros((3, 2)))
    objective.plot_profiles(ax, [1.0, 2.0], np.zeros((2, 2)), ["a", "b"], xlabel="df")
    with pytest.raises(ValueError, match="names has 1"):
        objective.plot_profiles(ax, [1.0, 2.0], np.zeros((2, 2)), ["a"], xlabel="df")
    with pytest.raises(TypeError, match="Axes"):
        objective.plot_profiles("not an axis", [1.0], np.zeros((1, 1)), ["a"], xlabel="df")


def test_constraint_geometry_draws_the_touching_contours(ax):
    # Loss (w1 − 1)² + (w2 − 1)²: on the circle of radius r the optimum is r(1, 1)/√2, at loss (√2 − r)².
    w1 = w2 = np.linspace(-0.5, 1.5, 81)
    loss = np.add.outer((w2 - 1) ** 2, (w1 - 1) ** 2)
    radii = np.array([0.5, 1.0])
    optima = radii[:, None] * np.array([1.0, 1.0]) / np.sqrt(2)
    before = len(ax.collections)
    objective.plot_constraint_geometry(ax, w1, w2, loss, w_ls=[1, 1], path=optima, optima=optima, radii=radii,
                                       touching=(np.sqrt(2) - radii) ** 2, n_levels=3)
    touching = ax.collections[before + 1:]           # after the background contours: one per circle
    assert len(touching) == 2
    for contour, point in zip(touching, optima):
        vertices = np.concatenate([p.vertices for p in contour.get_paths()])
        assert np.min(np.linalg.norm(vertices - point, axis=1)) < 0.03      # it passes through the optimum
        assert np.min(np.linalg.norm(vertices, axis=1)) > np.linalg.norm(point) - 0.03   # and stays outside the disk
    with pytest.raises(ValueError, match="touching"):
        objective.plot_constraint_geometry(ax, w1, w2, loss, w_ls=[1, 1], path=optima, optima=optima,
                                           radii=radii, touching=[1.0])
