"""Lesson 06 (L2 versus L1): the explorer without a kernel, the geometry and plotting helpers, the exercise checks."""

from io import BytesIO

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from helpers import check, fit_scaling, lasso_fit, lasso_path, load_diabetes, load_prostate, ridge_fit  # noqa: E402
from helpers.plots import penalties as pp  # noqa: E402
from helpers.widgets.penalties import PenaltyExplorer  # noqa: E402


@pytest.fixture(scope="module")
def pair():
    data = load_prostate()
    X, y = data.X[data.train], data.y[data.train]
    Z = fit_scaling(X).apply(X)
    return Z[:, [0, 4]], y


@pytest.fixture(scope="module")
def explorer(pair):
    return PenaltyExplorer(*pair, ["lcavol", "svi"])


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def png(explorer):
    return np.asarray(Image.open(BytesIO(bytes(explorer.image.value))).convert("RGB"), dtype=int)


# ------------------------------------------------------------------------------------------------
# The explorer


def test_default_view_is_the_lasso_on_a_corner(explorer, pair):
    explorer.toggle.value, explorer.slider.value = "L1", 10**1.8
    state = explorer.state
    assert state["penalty"] == "L1" and state["lam"] == pytest.approx(10**1.8)
    np.testing.assert_allclose(state["coef"], lasso_fit(*pair, state["lam"]).coef, atol=1e-9)
    assert state["n_zero"] == 1 and state["coef"][1] == 0.0
    assert state["radius"] == pytest.approx(np.abs(state["coef"]).sum())
    assert "L1" in explorer.summary.value and "exactly 0" in explorer.summary.value


def test_switching_the_penalty_refits_and_redraws(explorer, pair):
    explorer.toggle.value, explorer.slider.value = "L1", 10**1.8
    before_png, before = bytes(explorer.image.value), explorer.state
    explorer.toggle.value = "L2"
    state = explorer.state
    assert state["penalty"] == "L2" and state["lam"] == before["lam"]
    np.testing.assert_allclose(state["coef"], ridge_fit(*pair, state["lam"]).coef, atol=1e-12)
    assert state["n_zero"] == 0
    assert state["radius"] == pytest.approx(np.linalg.norm(state["coef"]))
    assert bytes(explorer.image.value) != before_png and bytes(explorer.image.value).startswith(b"\x89PNG")
    # the region drawn is the disk of that radius, the dashed contour passes through the solution
    x, y = explorer.region_line.get_data()
    np.testing.assert_allclose(np.hypot(x, y), state["radius"], rtol=1e-12)
    ex, ey = explorer.touching.get_data()
    d = np.column_stack([ex, ey]) - explorer.center
    np.testing.assert_allclose(np.einsum("ij,jk,ik->i", d, explorer.hessian, d), state["excess"], rtol=1e-9)
    explorer.toggle.value = "L1"


def test_moving_lambda_moves_the_marker_and_snaps_to_the_precomputed_grid(explorer, pair):
    explorer.toggle.value = "L1"
    explorer.slider.value = 20.0
    small = explorer.state
    assert small["lam"] in explorer.lams and small["lam"] == pytest.approx(20.0, rel=0.07)
    before_png = bytes(explorer.image.value)
    explorer.slider.value = 1000.0
    big = explorer.state
    assert big["n_zero"] == 2 and big["radius"] == 0.0        # above λ_max the diamond is a point
    assert small["n_zero"] == 0 and big["lam"] == pytest.approx(1000.0)
    assert bytes(explorer.image.value) != before_png
    assert explorer.vline.get_xdata()[0] == pytest.approx(1000.0)
    explorer.toggle.value = "L2"
    assert explorer.state["n_zero"] == 0                      # ridge: no zero even at the largest λ
    explorer.toggle.value, explorer.slider.value = "L1", 10**1.8


def test_precomputed_paths_are_the_helpers_paths(explorer, pair):
    np.testing.assert_allclose(explorer.paths["L1"], lasso_path(*pair, explorer.lams).coefs, atol=1e-12)
    assert np.all(explorer.paths["L2"] != 0.0)
    assert np.all(np.diff((explorer.paths["L1"] == 0.0).sum(axis=1)) >= 0)


def test_fast_render_draws_the_same_picture_as_a_full_redraw(explorer):
    explorer.toggle.value = "L2"
    explorer.slider.value = 5.0
    fast = png(explorer)
    full = np.asarray(Image.open(BytesIO(explorer.render_full())).convert("RGB"), dtype=int)
    assert fast.shape == full.shape and np.mean(np.abs(fast - full)) < 1.0
    explorer.toggle.value, explorer.slider.value = "L1", 10**1.8


def test_plain_text_form_says_what_it_is_and_to_run_the_cell(explorer):
    text = repr(explorer)
    assert "run this cell" in text and "VBox" not in text


def test_explorer_rejects_bad_input(pair):
    Z2, y = pair
    with pytest.raises(ValueError, match="X must have exactly 2 columns"):
        PenaltyExplorer(np.column_stack([Z2, Z2[:, :1]]), y, ["a", "b"])
    with pytest.raises(ValueError, match="names"):
        PenaltyExplorer(Z2, y, ["only one"])
    with pytest.raises(ValueError, match="penalty"):
        PenaltyExplorer(Z2, y, ["a", "b"], penalty="L3")
    with pytest.raises(ValueError, match="lam"):
        PenaltyExplorer(Z2, y, ["a", "b"], lam=-1.0)
    with pytest.raises(ValueError, match="y has"):
        PenaltyExplorer(Z2, y[:-1], ["a", "b"])


# ------------------------------------------------------------------------------------------------
# Geometry helpers: closed forms


@pytest.mark.parametrize("radius", [0.0, 0.4, 2.5])
def test_ball_outline_lies_on_the_sphere_of_its_norm_and_is_closed(radius):
    disk, diamond = pp.ball_outline("L2", radius), pp.ball_outline("L1", radius)
    np.testing.assert_allclose(np.linalg.norm(disk, axis=1), radius, atol=1e-12)
    np.testing.assert_allclose(np.abs(diamond).sum(axis=1), radius, atol=1e-12)
    np.testing.assert_allclose(disk[0], disk[-1], atol=1e-12)
    # the diamond's corners sit on the axes
    for corner in ([radius, 0.0], [0.0, radius], [-radius, 0.0], [0.0, -radius]):
        assert np.min(np.linalg.norm(diamond - corner, axis=1)) < 1e-9


def test_ball_outline_rejects_bad_input():
    with pytest.raises(ValueError, match="penalty"):
        pp.ball_outline("L3", 1.0)
    with pytest.raises(ValueError, match="radius"):
        pp.ball_outline("L1", -1.0)
    with pytest.raises(TypeError, match="radius"):
        pp.ball_outline("L2", "big")
    with pytest.raises(ValueError, match="n_points"):
        pp.ball_outline("L2", 1.0, n_points=2)


def test_loss_ellipse_is_a_level_set_of_the_least_squares_loss(pair):
    Z2, y = pair
    fit = ridge_fit(Z2, y, 0.0)
    H = (Z2 - Z2.mean(axis=0)).T @ (Z2 - Z2.mean(axis=0))
    rss = lambda w: np.sum((y - y.mean() - (Z2 - Z2.mean(axis=0)) @ w) ** 2)  # noqa: E731
    for excess in [0.5, 3.0, 12.0]:
        points = pp.loss_ellipse(fit.coef, H, excess, n_points=31)
        values = np.array([rss(w) for w in points]) - rss(fit.coef)
        np.testing.assert_allclose(values, excess, rtol=1e-9)


def test_loss_ellipse_rejects_bad_input():
    H = np.eye(2)
    with pytest.raises(ValueError, match="center"):
        pp.loss_ellipse([0.0, 0.0, 0.0], H, 1.0)
    with pytest.raises(ValueError, match="symmetric"):
        pp.loss_ellipse([0.0, 0.0], [[1.0, 0.5], [0.0, 1.0]], 1.0)
    with pytest.raises(ValueError, match="positive definite"):
        pp.loss_ellipse([0.0, 0.0], [[1.0, 1.0], [1.0, 1.0]], 1.0)
    with pytest.raises(ValueError, match="excess"):
        pp.loss_ellipse([0.0, 0.0], H, -1.0)
    with pytest.raises(ValueError, match="hessian"):
        pp.loss_ellipse([0.0, 0.0], [[np.nan, 0.0], [0.0, 1.0]], 1.0)


def test_constraint_picture_solution_is_the_lowest_loss_point_of_its_region(pair):
    """The figure's claim: the penalized solution minimizes the loss over the region it draws."""
    Z2, y = pair
    ols = ridge_fit(Z2, y, 0.0).coef
    H = Z2.T @ Z2
    for penalty, fitter in [("L1", lasso_fit), ("L2", ridge_fit)]:
        for lam in [5.0, 30.0, 63.0]:
            w = fitter(Z2, y, lam).coef
            radius = np.abs(w).sum() if penalty == "L1" else np.linalg.norm(w)
            boundary = pp.ball_outline(penalty, radius, n_points=2001) - ols
            assert np.einsum("ij,jk,ik->i", boundary, H, boundary).min() >= (w - ols) @ H @ (w - ols) - 1e-9


# ------------------------------------------------------------------------------------------------
# Plotting functions: they draw what they are given, on the axes they are given


def test_plotting_functions_draw_labelled_axes(pair):
    Z2, y = pair
    lams = np.logspace(-1, 2, 12)
    ridge = np.linspace(1, 0.1, 12)[:, None] * [0.5, 0.2]
    lasso = np.maximum(ridge - 0.1, 0.0)
    fig, axes = plt.subplots(2, 4, figsize=(14, 6), layout="constrained")
    w = np.linspace(-1, 1, 21)
    pp.plot_penalty_shapes(axes[0, 0], axes[0, 1], w, 1.0)
    pp.plot_shrinkage(axes[0, 2], w, w / 2, np.sign(w) * np.maximum(np.abs(w) - 0.5, 0), lam=1.0,
                      z_points=[0.8], ridge_points=[0.4], lasso_points=[0.3])
    pp.plot_one_weight(axes[0, 3], w, {"λ = 1": w**2 + np.abs(w)}, {"λ = 1": 0.0})
    pp.plot_pulls(axes[1, 0], ["a", "b"], [1.0, 0.4], [0.3, 0.0], 1.0)
    pp.plot_constraint_picture(axes[1, 1], "L1", [0.7, 0.2], Z2.T @ Z2, [0.4, 0.0], names=["a", "b"],
                               limits=(-0.5, 1.2))
    pp.plot_off_axis(axes[1, 2], np.array([10.0, 20.0]), [0.0, 0.1], [0.05, 0.2])
    pp.plot_pair_weights(axes[1, 3], [[0.5, 0.0], [0.0, 0.5]], [[0.3, 0.25], [0.2, 0.3]], ["a", "b"])
    pp.geometry_legend(fig)
    for ax in axes.ravel():
        assert ax.get_xlabel() and ax.get_title()
    fig3, axes3 = plt.subplots(1, 3, layout="constrained")
    pp.plot_paths_side_by_side(axes3, lams, ridge, lasso, ["a", "b"])
    assert [len(ax.get_lines()) >= 2 for ax in axes3] == [True] * 3
    assert axes3[0].get_xscale() == "log"
    fig4, ax4 = plt.subplots()
    pp.plot_test_errors(ax4, ["sparse", "dense"], [0.6, 1.3], [1.5, 1.2])
    assert len(ax4.patches) == 4


def test_plot_paths_rejects_mismatched_shapes():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="coefs"):
        pp.plot_paths(ax, np.logspace(0, 1, 5), np.zeros((4, 2)), ["a", "b"], title="t")


# ------------------------------------------------------------------------------------------------
# Exercise 06.1: multiple choice


@pytest.mark.parametrize("answer", ["b", "B", " b "])
def test_0601_right_letter_passes(answer):
    assert check("06.1", answer).passed


@pytest.mark.parametrize("letter, phrase", [("a", "not always larger"), ("c", "belong to the minimum"),
                                            ("d", "both penalties need standardized")])
def test_0601_wrong_letters_explain_why(letter, phrase):
    result = check("06.1", letter)
    assert result.status == "failed" and phrase in result.message


@pytest.mark.parametrize("answer", [2, "e", "b and c"])
def test_0601_malformed_answer_asks_for_a_letter(answer):
    result = check("06.1", answer)
    assert result.status == "failed" and "a, b, c, d" in result.message


def test_0601_unanswered():
    assert check("06.1", None).status == "not attempted"


# ------------------------------------------------------------------------------------------------
# Exercise 06.2: λ_max of the diabetes data


def make_lam_max(factor=2.0, divide_by_n=False, use_abs=True, centre=True):
    def lam_max(X, y):
        pull = X.T @ (y - y.mean() if centre else y)
        value = factor * np.max(np.abs(pull) if use_abs else pull)
        return float(value / len(y) if divide_by_n else value)
    return lam_max


def test_0602_reference_passes_and_really_is_lambda_max():
    assert check("06.2", make_lam_max()).passed
    data = load_diabetes()
    Z = fit_scaling(data.X).apply(data.X)
    lam_max = make_lam_max()(Z, data.y)
    assert np.all(lasso_fit(Z, data.y, 1.001 * lam_max).coef == 0.0)
    assert np.any(lasso_fit(Z, data.y, 0.999 * lam_max).coef != 0.0)
    rng = np.random.default_rng(3)    # raw columns with non-zero means: lasso_fit centres them itself
    X = rng.normal(size=(25, 3)) * [1.0, 4.0, 0.3] + [2.0, -1.0, 5.0]
    y = 1.0 - 2.0 * X[:, 0] + rng.normal(size=25)
    lam_max = make_lam_max()(X, y)
    assert np.all(lasso_fit(X, y, 1.001 * lam_max).coef == 0.0)
    assert np.any(lasso_fit(X, y, 0.999 * lam_max).coef != 0.0)


@pytest.mark.parametrize("kwargs, phrase", [
    ({"factor": 1.0}, "threshold λ/2"),
    ({"divide_by_n": True}, "divided by n"),
    ({"factor": 1.0, "divide_by_n": True}, "alpha_max"),
    ({"use_abs": False}, "without abs()"),
    ({"centre": False}, "did not centre y"),
])
def test_0602_mistakes_are_named(kwargs, phrase):
    result = check("06.2", make_lam_max(**kwargs))
    assert result.status == "failed" and phrase in result.message


def test_0602_unanswered_and_malformed():
    assert check("06.2", None).status == "not attempted"
    result = check("06.2", 39921.5)
    assert result.status == "failed" and "should be a function" in result.message
    result = check("06.2", lambda X, y: str(make_lam_max()(X, y)))
    assert result.status == "failed" and "Remove the quotes" in result.message


# ------------------------------------------------------------------------------------------------
# Exercise 06.3: the elastic net with orthonormal features


def soft(z, t):
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def elastic_net_orthonormal(z, lam1, lam2):
    return soft(np.asarray(z, dtype=float), lam1 / 2) / (1 + lam2)


def test_0603_reference_passes():
    assert check("06.3", elastic_net_orthonormal).passed


def test_0603_reference_is_the_minimizer_and_matches_scikit_learn():
    """Brute force on a grid, and sklearn's ElasticNet on an orthonormal design with the course's conversion."""
    from sklearn.linear_model import ElasticNet

    grid = np.linspace(-5, 5, 200_001)
    for z, lam1, lam2 in [(2.3, 1.0, 0.5), (-0.4, 1.0, 2.0), (-3.0, 0.6, 0.0)]:
        brute = grid[np.argmin((grid - z) ** 2 + lam1 * np.abs(grid) + lam2 * grid**2)]
        assert abs(brute - elastic_net_orthonormal(z, lam1, lam2)) <= 1e-4
    rng = np.random.default_rng(3)
    A = rng.normal(size=(40, 5))
    Q, _ = np.linalg.qr(A - A.mean(axis=0))
    y = 2.0 + Q @ [2.0, -1.0, 0.5, 0.2, 0.0] + 0.1 * rng.normal(size=40)
    n, lam1, lam2 = 40, 0.6, 0.8
    alpha = lam1 / (2 * n) + lam2 / n
    net = ElasticNet(alpha=alpha, l1_ratio=lam1 / (2 * n) / alpha, tol=1e-14, max_iter=100_000).fit(Q, y)
    np.testing.assert_allclose(net.coef_, elastic_net_orthonormal(Q.T @ y, lam1, lam2), atol=1e-9)


@pytest.mark.parametrize("answer, phrase", [
    (lambda z, l1, l2: soft(np.asarray(z, float), l1) / (1 + l2), "instead of lam1/2"),
    (lambda z, l1, l2: soft(np.asarray(z, float), l1 / 2), "left out the L2 part"),
    (lambda z, l1, l2: soft(np.asarray(z, float) / (1 + l2), l1 / 2), "shrank by 1/(1 + lam2) first"),
    (lambda z, l1, l2: np.where(np.abs(z) > l1 / 2, z, 0.0) / (1 + l2), "hard-thresholded"),
    (lambda z, l1, l2: np.maximum(np.asarray(z, float) - l1 / 2, 0.0) / (1 + l2), "lost the sign"),
    (lambda z, l1, l2: soft(np.asarray(z, float), l1 / 2) / (1 + 2 * l2), "(1 + 2·lam2)"),
])
def test_0603_mistakes_are_named(answer, phrase):
    result = check("06.3", answer)
    assert result.status == "failed" and phrase in result.message


def not_attempted(*args):
    raise NotImplementedError()


def test_0603_unanswered_and_crashing():
    assert check("06.3", None).status == "not attempted"
    assert check("06.3", not_attempted).status == "not attempted"
    crashing = check("06.3", lambda z, l1, l2: z[100])
    assert crashing.status == "failed" and "IndexError" in crashing.message
    assert "forget the `return`" in check("06.3", lambda z, l1, l2: None).message


# ------------------------------------------------------------------------------------------------
# Exercise 06.4: coordinate descent, including real implementations of each mistake


def make_lasso_cd(threshold=0.5, mean_loss=False, penalize_intercept=False, centre=True, ridge_update=False):
    """A learner's coordinate descent, right by default; each flag makes one of the usual mistakes."""
    def lasso_cd(X, y, lam):
        if penalize_intercept:
            X, centre_here = np.column_stack([np.ones(len(y)), X]), False
        else:
            centre_here = centre
        x_mean = X.mean(axis=0) if centre_here else np.zeros(X.shape[1])
        y_mean = y.mean() if centre_here else 0.0
        Xc, r = X - x_mean, y - y_mean
        scale = len(y) if mean_loss else 1.0
        w = np.zeros(X.shape[1])
        for _ in range(20_000):
            biggest = 0.0
            for j in range(X.shape[1]):
                r = r + Xc[:, j] * w[j]
                rho, sq = Xc[:, j] @ r / scale, Xc[:, j] @ Xc[:, j] / scale
                new = rho / (sq + lam) if ridge_update else soft(rho, threshold * lam) / sq
                r = r - Xc[:, j] * new
                biggest = max(biggest, abs(new - w[j]))
                w[j] = new
            if biggest <= 1e-13:
                break
        if penalize_intercept:
            return w[0], w[1:]
        return y_mean - x_mean @ w, w
    return lasso_cd


def test_0604_reference_passes_and_a_fit_object_is_named():
    assert check("06.4", make_lasso_cd()).passed
    result = check("06.4", lambda X, y, lam: lasso_fit(X, y, lam))
    assert result.status == "failed" and "pair (intercept, coef)" in result.message


@pytest.mark.parametrize("kwargs, phrase", [
    ({"threshold": 1.0}, "instead of λ/2"),
    ({"mean_loss": True}, "mean squared error"),
    ({"penalize_intercept": True}, "penalized the intercept"),
    ({"centre": False}, "no intercept"),
    ({"ridge_update": True}, "ridge update"),
])
def test_0604_mistakes_are_named(kwargs, phrase):
    result = check("06.4", make_lasso_cd(**kwargs))
    assert result.status == "failed" and phrase in result.message


def test_0604_unanswered_malformed_and_crashing():
    assert check("06.4", None).status == "not attempted"
    assert check("06.4", not_attempted).status == "not attempted"
    only_weights = check("06.4", lambda X, y, lam: lasso_fit(X, y, lam).coef)
    assert only_weights.status == "failed" and "pair (intercept, coef)" in only_weights.message
    crashing = check("06.4", lambda X, y, lam: X[1000, 0])
    assert crashing.status == "failed" and "IndexError" in crashing.message
    assert "should be a function" in check("06.4", 3.0).message
    assert "forget the `return`" in check("06.4", lambda X, y, lam: None).message


def test_0604_does_not_see_changes_the_answer_makes_to_its_inputs():
    def vandal(X, y, lam):
        X -= X.mean(axis=0)
        y -= 1000.0
        return make_lasso_cd()(X, y + 1000.0, lam)
    assert check("06.4", vandal).status == "failed"          # its intercept is wrong, but the check itself survives
