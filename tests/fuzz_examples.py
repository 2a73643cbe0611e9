"""One valid example call for every public callable of the helper package, for the bad-input fuzz test.

``tests/test_fuzz_public_api.py`` finds the public callables by introspection and, from each example
here, derives bad inputs (NaN, inf, complex, strings, ``None``, booleans as numbers, ``"no"`` as a
flag, …) one argument at a time. **A new public function, class or explorer needs one entry here**:

    EXAMPLES["helpers.neural.fit_mlp"] = lambda: call(X(), y(), lam=1.0)

The key is ``module.qualname`` of the callable (where it is defined, not where it is re-exported);
the value builds fresh arguments on each call (``call(*args, **kwargs)``). ``valid=`` lists derived
inputs that are in fact valid for that callable (``{"z": {"inf"}}``: the sigmoid of inf is 1).
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from helpers.model_selection import CVScores
from helpers.models import Fit


class Call:
    """Arguments of one valid call, and which derived "bad" inputs are in fact valid for it."""

    def __init__(self, *args, valid=None, **kwargs):
        self.args, self.kwargs, self.valid = list(args), kwargs, valid or {}


call = Call


def X(n=12, p=2, seed=0):
    return np.random.default_rng(seed).normal(size=(n, p))


def y(n=12, seed=1):
    return np.random.default_rng(seed).normal(size=n)


def labels(n=12):
    return np.arange(n) % 2 * 1.0


def ax():
    return Figure().add_subplot()


def _net():
    from helpers.neural import init_mlp
    return init_mlp([2, 3, 2], seed=0)


def v(*values):
    return np.array(values, dtype=float)


LAMS = [0.1, 1.0, 10.0]
NAMES = ["a", "b"]

EXAMPLES = {
    # models
    "helpers.models.ridge_fit": lambda: call(X(), y(), 1.0, fit_intercept=True),
    "helpers.models.ridge_path": lambda: call(X(), y(), LAMS, fit_intercept=True),
    "helpers.models.effective_df": lambda: call(X(), 1.0),
    "helpers.models.lasso_fit": lambda: call(X(), y(), 1.0, fit_intercept=True, tol=1e-8, max_iter=1000),
    "helpers.models.lasso_path": lambda: call(X(), y(), LAMS, fit_intercept=True, tol=1e-8),
    "helpers.models.logistic_loss": lambda: call(X(), labels(), v(0.5, -0.5), 0.1),
    "helpers.models.sigmoid": lambda: call(v(0.0, 1.0, -2.0), valid={"z": {"inf"}}),
    "helpers.models.logistic_fit": lambda: call(X(), labels(), 1.0, fit_intercept=True, tol=1e-10, max_iter=100),
    "helpers.models.squared_error_gradient": lambda: call(X(), y(), v(0.5, -0.5), 0.1),
    "helpers.models.gradient_descent": lambda: call(X(), y(), 1.0, lr=0.01, n_steps=5, coef_init=v(0.0, 0.0),
                                                    intercept_init=0.0, fit_intercept=True),
    "helpers.models.gradient_descent_lr_limit": lambda: call(X(), 1.0, fit_intercept=True),
    "helpers.models.Fit.predict": lambda: call(Fit(0.5, v(1.0, 2.0)), X()),
    # features
    "helpers.features.polynomial_features": lambda: call(v(0.1, 0.5, 0.9), 3, include_bias=False),
    "helpers.features.fit_scaling": lambda: call(X(), ddof=0),
    "helpers.features.Scaling.apply": lambda: call(_scaling(), X()),
    "helpers.features.Scaling.unscale": lambda: call(_scaling(), Fit(0.5, v(1.0, 2.0))),
    "helpers.features.train_test_indices": lambda: call(10, test_fraction=0.3, seed=0),
    "helpers.features.train_test_split": lambda: call(X(), y(), test_fraction=0.3, seed=0),
    "helpers.features.gaussian_basis": lambda: call(v(0.1, 0.5, 0.9), v(0.0, 1.0), 0.2, include_bias=True),
    # bayes
    "helpers.bayes.posterior": lambda: call(X(), y(), 2.0, 4.0, fit_intercept=True),
    "helpers.bayes.Posterior.predict": lambda: call(_posterior(), X(3)),
    "helpers.bayes.log_evidence": lambda: call(X(), y(), 2.0, 4.0, fit_intercept=True),
    "helpers.bayes.profile_log_evidence": lambda: call(X(), y(), v(0.1, 1.0, 10.0), fit_intercept=True),
    "helpers.bayes.fit_evidence": lambda: call(X(40, 2), X(40, 2) @ v(1.0, -2.0) + y(40), alpha_init=1.0,
                                               beta_init=1.0, tol=1e-8, max_iter=500, fit_intercept=True),
    "helpers.bayes.gcv": lambda: call(X(), y(), v(0.1, 1.0, 10.0), fit_intercept=True),
    # data
    "helpers.data.read_verified": lambda: call("longley.csv", None, valid={"data_dir": {"str"}}),
    "helpers.data.load_curvefitting": lambda: call(None, valid={"data_dir": {"str"}}),
    "helpers.data.load_prostate": lambda: call(None, valid={"data_dir": {"str"}}),
    "helpers.data.load_longley": lambda: call(None, valid={"data_dir": {"str"}}),
    "helpers.data.load_diabetes": lambda: call(None, valid={"data_dir": {"str"}}),
    "helpers.data.true_curve": lambda: call(v(0.0, 0.25, 0.5)),
    "helpers.data.sample_sine": lambda: call(5, noise=0.3, seed=1, evenly_spaced=False),
    # model selection
    "helpers.model_selection.loo_mse": lambda: call(X(), y(), LAMS, fit_intercept=True),
    "helpers.model_selection.fold_indices": lambda: call(10, 3, seed=0),
    "helpers.model_selection.kfold_mse": lambda: call(X(), y(), LAMS, k=3, seed=0, fit_intercept=True),
    "helpers.model_selection.one_standard_error_rule": lambda: call(LAMS, CVScores(v(2.0, 1.0, 1.4), v(0.2, 0.5, 0.3))),
    # stability
    "helpers.stability.log_relative_error": lambda: call(v(1.0001, 2.0), v(1.0, 2.0), max_digits=15.0,
                                                         valid={"estimate": {"nan", "inf"}}),
    "helpers.stability.normal_equations_fit": lambda: call(X(), y(), 1.0, fit_intercept=True),
    "helpers.stability.ridge_condition_numbers": lambda: call(X(), LAMS),
    "helpers.stability.hilbert": lambda: call(3),
    "helpers.stability.logistic_gradient_descent": lambda: call(X(), labels(), 0.5, lr=0.01, n_steps=5,
                                                                fit_intercept=True),
    "helpers.stability.correlated_pair": lambda: call(20, 0.5, noise=1.0, seed=0),
    # conversions
    "helpers.convert.conversion_table": lambda: call(10.0, 50),
    "helpers.convert.elasticnet_alpha": lambda: call(10.0, 50),
    "helpers.convert.keras_l2": lambda: call(10.0, 50),
    "helpers.convert.lam_from_elasticnet_alpha": lambda: call(0.2, 50),
    "helpers.convert.lam_from_keras_l2": lambda: call(0.2, 50),
    "helpers.convert.lam_from_lasso_alpha": lambda: call(0.1, 50),
    "helpers.convert.lam_from_logistic_C": lambda: call(1.0, valid={"C": {"inf"}}),
    "helpers.convert.lam_from_ridge_alpha": lambda: call(1.0),
    "helpers.convert.lam_from_sgd_regressor_alpha": lambda: call(0.2, 50),
    "helpers.convert.lam_from_torch_weight_decay": lambda: call(0.4, 50),
    "helpers.convert.lambda_for_df": lambda: call(X(), 1.0),
    "helpers.convert.lasso_alpha": lambda: call(10.0, 50),
    "helpers.convert.logistic_C": lambda: call(0.5),
    "helpers.convert.ridge_alpha": lambda: call(3.0),
    "helpers.convert.sgd_regressor_alpha": lambda: call(10.0, 50),
    "helpers.convert.torch_weight_decay": lambda: call(10.0, 50),
    # environment
    "helpers.environment.requirements": lambda: call(),
    "helpers.environment.check_environment": lambda: call(False),
    # optimizers
    # lesson 07: the network, its optimizers on parameter lists, its plots and explorer
    "helpers.neural.init_mlp": lambda: call([2, 3, 2], seed=0),
    "helpers.neural.mlp_forward": lambda: call(_net(), X(6), activation="relu", normalize=False),
    "helpers.neural.mlp_predict": lambda: call(_net(), X(6), activation="relu", normalize=False),
    "helpers.neural.accuracy": lambda: call(_net(), X(6), labels(6), activation="relu", normalize=False),
    "helpers.neural.mlp_loss_grad": lambda: call(_net(), X(6), labels(6), lam=0.1, activation="relu",
                                                 normalize=False),
    "helpers.neural.is_weight": lambda: call(_net()),
    "helpers.neural.weight_norm": lambda: call(_net()),
    "helpers.neural.decay_groups": lambda: call(_net(), 0.1),
    "helpers.neural.train_mlp": lambda: call(_net(), X(6), labels(6), optimizer="adamw", lr=0.01, n_steps=2,
                                             weight_decay=0.1, lam=0.0, batch_size=None, seed=0, schedule="cosine"),
    "helpers.neural.train_mlps": lambda: call([_net(), _net()], X(6), labels(6), optimizer="adamw", lr=0.01,
                                              n_steps=2, weight_decay=0.1, lam=0.0, batch_size=None, seed=0,
                                              schedule="cosine", decoupled_scale="schedule"),
    "helpers.optimizers.SGD": lambda: call(_net(), lr=0.1, weight_decay=0.1),
    "helpers.optimizers.Adam": lambda: call(_net(), lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1),
    "helpers.optimizers.AdamW": lambda: call(_net(), lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1,
                                             decoupled_scale="lr"),
    "helpers.plots.neural.weight_images": lambda: call([ax(), ax()], X(64, 3), title="W", side=8),
    "helpers.plots.neural.decision_regions": lambda: call(ax(), v(0.0, 1.0, 2.0), v(0.0, 1.0), np.full((2, 3), 0.5),
                                                          X(6), labels(6), title="t", levels=(0.5,)),
    "helpers.plots.neural.error_heatmap": lambda: call(
        ax(), np.full((2, 3), 0.1), row_values=[1, 2], col_values=[1, 2, 3],
        row_label="r", col_label="c", title="t", vmax=0.5),
    "helpers.widgets.moons.decision_boundary": lambda: call(v(0.0, 1.0, 2.0), v(0.0, 1.0), v(0.2, 0.4, 0.6, 0.3, 0.5,
                                                                                          0.7).reshape(2, 3)),
    "helpers.widgets.moons.train_grid": lambda: call(X(8), labels(8), widths=(2,), lr=0.01, n_steps=2, seed=0),
    "helpers.widgets.moons.MoonsExplorer": lambda: call(X(8), labels(8), X(6, seed=3), labels(6), lr=0.01,
                                                        n_steps=2, seed=0, resolution=10),
    "helpers.optimizers.sgd": lambda: call(lambda w: 2 * w, v(1.0, -1.0), lr=0.1, n_steps=3, weight_decay=0.1),
    "helpers.optimizers.adam": lambda: call(lambda w: 2 * w, v(1.0, -1.0), lr=0.1, n_steps=3, betas=(0.9, 0.999),
                                            eps=1e-8, weight_decay=0.1),
    "helpers.optimizers.adamw": lambda: call(lambda w: 2 * w, v(1.0, -1.0), lr=0.1, n_steps=3, betas=(0.9, 0.999),
                                             eps=1e-8, weight_decay=0.01),
    # explorers
    "helpers.widgets.base.new_figure": lambda: call(6.0, 3.0, 2, 1),
    "helpers.widgets.correlated.CorrelatedFeaturesExplorer": lambda: call(n=20, n_boot=10, noise=1.0, rho=0.9,
                                                                          lam=10.0, seed=0),
    "helpers.widgets.descent.DescentExplorer": lambda: call(X(), y(), v(1.0, -1.0), n_steps=5, lam=10.0, lr=0.004,
                                                            lr_range=(0.0005, 0.012)),
    "helpers.widgets.overfitting.polynomial_fit": lambda: call(v(0.0, 0.3, 0.6, 0.9), v(0.1, 0.8, -0.4, 0.2), 2),
    "helpers.widgets.overfitting.rmse": lambda: call(v(0.1, 1.0), v(0.0, 0.5), v(0.1, 0.6)),
    "helpers.widgets.overfitting.OverfittingExplorer": lambda: call(3, 10, 0.3, seed=9, n_test=50, test_seed=1),
    "helpers.widgets.penalties.PenaltyExplorer": lambda: call(X(20, 2), y(20), NAMES, lam=10.0, penalty="L1"),
    "helpers.widgets.penalty.PenaltyExplorer": lambda: call(log_lam=-5.0, degree=3, max_degree=9, n_test=50, seed=1),
    "helpers.widgets.tuning.TuningExplorer": lambda: call(X(30, 2), y(30), NAMES, lam=1.0, k=5, folds=(5, 10), seed=0,
                                                          log10_range=(-2.0, 4.0)),
    "helpers.widgets.warmup.ShrinkageDemo": lambda: call(0),
    "helpers.widgets.bayes.BayesExplorer": lambda: call(v(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), v(0.1, 0.9, 0.5, -0.6, -0.8, 0.1),
                                                        prior_sd=1.0, noise_sd=0.3, n_draws=3, seed=0, width=0.1),
    # plots: descent
    "helpers.plots.descent.log_scale": lambda: call(ax(), "y"),
    "helpers.plots.descent.loss_grid": lambda: call(X(), y(), v(-1.0, 0.0, 1.0), v(-1.0, 1.0)),
    "helpers.plots.descent.loss_contours": lambda: call(ax(), v(-1.0, 0.0, 1.0), v(-1.0, 0.0, 1.0),
                                                        np.arange(9.0).reshape(3, 3), n_levels=4),
    "helpers.plots.descent.descent_path": lambda: call(ax(), np.arange(10.0).reshape(5, 2), label="gd", color="C0",
                                                       n_markers=3),
    "helpers.plots.descent.mark_point": lambda: call(ax(), v(1.0, 2.0), label="w", color="C1", size=10.0),
    "helpers.plots.descent.step_arrows": lambda: call(ax(), v(1.0, 1.0), v(0.1, 0.2), v(-0.1, -0.1), scale=1.0),
    "helpers.plots.descent.curves_against_steps": lambda: call(
        ax(), np.arange(5.0), {"a": np.arange(1.0, 6.0)},
        ylabel="loss", title="t", log=False, styles={"a": {"color": "C0"}}, xlabel="step"),
    "helpers.plots.descent.shrinkage_scatter": lambda: call(ax(), v(1.0, 2.0, 3.0), {1.0: v(0.9, 1.8, 2.7)}),
    "helpers.plots.descent.factor_curves": lambda: call(ax(), v(0.1, 1.0, 10.0), v(3.0, 1.0), v(1.0, 10.0),
                                                        np.ones((2, 2)) * 0.5),
    "helpers.plots.descent.conditioning": lambda: call(ax(), ax(), v(0.0, 1.0, 10.0), v(9.0, 5.0, 2.0),
                                                       v(30.0, 20.0, 5.0), v(40.0, 25.0, 8.0), tol=1e-6),
    "helpers.plots.descent.coefficient_paths": lambda: call(ax(), v(0.1, 1.0, 10.0), np.ones((3, 2)), names=NAMES,
                                                            xlabel="λ", title="path", label_lines=True, log=True),
    # plots: fits
    "helpers.plots.fits.decade_label": lambda: call(100.0),
    "helpers.plots.fits.set_log_scale": lambda: call(ax(), "y"),
    "helpers.plots.fits.plot_fit": lambda: call(
        ax(), v(0.1, 0.5, 0.9), v(0.5, 0.0, -0.5), v(0.0, 0.5, 1.0), v(0.4, 0.1, -0.4),
        y_true=v(0.0, 1.0, 0.0), fit_label="fit", true_label="truth", data_label="data", title="t", ylim=(-2.0, 2.0),
        xlabel="x", ylabel="y", legend=True, valid={"y_fit": {"None"}}),
    "helpers.plots.fits.plot_fits": lambda: call(
        _axes(2), v(0.1, 0.5, 0.9), v(0.5, 0.0, -0.5), v(0.0, 0.5, 1.0),
        [v(0.4, 0.1, -0.4), v(0.3, 0.0, -0.3)], ["a", "b"], y_true=v(0.0, 1.0, 0.0), ylim=(-2.0, 2.0)),
    "helpers.plots.fits.plot_error_curves": lambda: call(
        ax(), v(1.0, 2.0, 3.0), v(0.5, 0.3, 0.1), v(0.6, 0.4, 0.5),
        xlabel="degree", ylabel="RMSE", train_label="train", test_label="test", noise_floor=0.3, mark_best=True,
        logx=True, logy=False, title="t", ylim=(0.1, 1.0)),
    "helpers.plots.fits.plot_curves": lambda: call(
        ax(), v(1.0, 2.0, 3.0), {"a": v(0.5, 0.3, 0.1)}, xlabel="x", ylabel="y",
        logx=True, logy=False, title="t", marker="o"),
    # plots: objective
    "helpers.plots.objective.log_axis": lambda: call(ax(), "y"),
    "helpers.plots.objective.weight_label": lambda: call(2),
    "helpers.plots.objective.loss_surface": lambda: call(X(), y(), v(-1.0, 0.0, 1.0), v(-1.0, 1.0)),
    "helpers.plots.objective.plot_objective_terms": lambda: call(
        ax(), v(-2.0, 0.0, 2.0), v(1.0, 2.0, 3.0), v(3.0, 2.0, 1.0),
        current=0.0, title="t", ylim=(1e-3, 10.0)),
    "helpers.plots.objective.plot_coefficient_magnitudes": lambda: call(
        ax(), {"ls": v(1.0, 10.0)}, feature_labels=NAMES,
        title="t", ylabel="|w|"),
    "helpers.plots.objective.coefficient_bars": lambda: call(
        ax(), 3, limit=1e6, linthresh=0.1, title="t"),
    "helpers.plots.objective.plot_eigenvalues": lambda: call(
        ax(), {"XᵀX": v(0.1, 1.0, 10.0)}, lam=1.0, floor=1e-12, title="t"),
    "helpers.plots.objective.plot_constraint_geometry": lambda: call(
        ax(), v(-1.0, 0.0, 1.0), v(-1.0, 0.0, 1.0),
        np.arange(9.0).reshape(3, 3), w_ls=v(1.0, 1.0), path=np.ones((3, 2)), optima=np.ones((2, 2)) * 0.5,
        radii=v(0.5, 1.0), labels=["r1", "r2"], n_levels=5, title="t", xlabel="w1", ylabel="w2",
        touching=v(1.0, 2.0)),
    "helpers.plots.objective.plot_against_lambda": lambda: call(
        ax(), v(-2.0, 0.0, 2.0), {"a": v(1.0, 2.0, 3.0)}, ylabel="y",
        title="t", xlabel="ln λ", logy=False, styles={"a": "--"}, colors={"a": "C1"}, legend_loc="best"),
    "helpers.plots.objective.plot_fit_ensemble": lambda: call(
        ax(), v(0.0, 0.5, 1.0), np.ones((4, 3)), mean=v(1.0, 1.0, 1.0),
        truth=v(0.0, 1.0, 0.0), n_shown=2, ylim=(-2.0, 2.0), title="t", xlabel="x", ylabel="y"),
    "helpers.plots.objective.plot_profiles": lambda: call(
        ax(), v(0.1, 1.0, 10.0), np.ones((3, 2)), NAMES, xlabel="λ",
        ylabel="w", title="t", label_ends=True),
    # plots: penalties
    "helpers.plots.penalties.log_axis": lambda: call(ax()),
    "helpers.plots.penalties.ball_outline": lambda: call("L2", 1.0, 41),
    "helpers.plots.penalties.loss_ellipse": lambda: call(v(1.0, 1.0), np.eye(2), 0.5, 41),
    "helpers.plots.penalties.plot_penalty_shapes": lambda: call(ax(), ax(), v(-1.0, 0.0, 1.0), 1.0),
    "helpers.plots.penalties.plot_shrinkage": lambda: call(
        ax(), v(-2.0, 0.0, 2.0), v(-1.0, 0.0, 1.0), v(-1.5, 0.0, 1.5), lam=1.0,
        z_points=v(1.0, 2.0), ridge_points=v(0.5, 1.0), lasso_points=v(0.5, 1.5)),
    "helpers.plots.penalties.draw_geometry": lambda: call(ax(), v(1.0, 1.0), np.eye(2), v(0.5, 1.0), names=NAMES,
                                                          limits=(-2.0, 2.0)),
    "helpers.plots.penalties.draw_constraint": lambda: call(ax(), "L2", 1.0, v(0.7, 0.7), np.ones((3, 2)) * 0.7),
    "helpers.plots.penalties.plot_paths": lambda: call(
        ax(), v(0.1, 1.0, 10.0), np.ones((3, 2)), NAMES, title="t", legend=True,
        ylim=(-1.0, 2.0)),
    "helpers.plots.penalties.plot_paths_side_by_side": lambda: call(_axes(3), v(0.1, 1.0, 10.0), np.ones((3, 2)),
                                                                    np.ones((3, 2)), NAMES),
    "helpers.plots.penalties.plot_zero_counts": lambda: call(ax(), v(0.1, 1.0, 10.0), v(0.0, 1.0, 2.0),
                                                             v(0.0, 0.0, 0.0)),
    "helpers.plots.penalties.plot_off_axis": lambda: call(ax(), v(0.0, 0.5, 1.0), v(0.1, 0.2, 0.3), v(0.4, 0.5, 0.6)),
    "helpers.plots.penalties.plot_pair_weights": lambda: call(
        ax(), np.ones((4, 2)), np.ones((4, 2)), NAMES, title="t"),
    "helpers.plots.penalties.plot_test_errors": lambda: call(
        ax(), ["s1", "s2"], v(1.0, 2.0), v(1.5, 1.0), lasso_se=v(0.1, 0.2),
        ridge_se=v(0.2, 0.1), title="t"),
    "helpers.plots.penalties.plot_one_weight": lambda: call(ax(), v(-1.0, 0.0, 1.0), {"L2": v(1.0, 0.0, 1.0)},
                                                            {"L2": 0.0}),
    "helpers.plots.penalties.plot_pulls": lambda: call(ax(), NAMES, v(0.5, -0.5), v(0.2, -0.2), 1.0),
    "helpers.plots.penalties.plot_constraint_picture": lambda: call(
        ax(), "L1", v(1.0, 1.0), np.eye(2), v(0.5, 0.5),
        names=NAMES, limits=(-2.0, 2.0), levels=v(0.1, 0.5)),
    "helpers.plots.penalties.geometry_legend": lambda: call(Figure()),
    # plots: selection
    # plots: bayes
    "helpers.plots.bayes.plot_draws": lambda: call(ax(), v(0.0, 0.5, 1.0), np.ones((2, 3)), truth=v(0.0, 1.0, 0.0),
                                                   x=v(0.2, 0.8), y=v(0.5, -0.5), title="draws", ylim=(-2.0, 2.0)),
    "helpers.plots.bayes.plot_predictive": lambda: call(ax(), v(0.0, 0.5, 1.0), v(0.0, 1.0, 0.0), v(0.3, 0.4, 0.3),
                                                        truth=v(0.0, 1.0, 0.0), x=v(0.2, 0.8), y=v(0.5, -0.5),
                                                        title="band", ylim=(-2.0, 2.0)),
    "helpers.plots.bayes.plot_evidence_by_order": lambda: call(ax(), v(0.0, 1.0, 2.0), {"book": v(-3.0, -1.0, -2.0)},
                                                               title="evidence"),
    "helpers.plots.bayes.plot_criteria": lambda: call(*_axes(2), v(3.0, 2.0, 1.0), {"GCV": v(1.0, 0.8, 0.9)},
                                                      v(10.0, 8.0, 9.0), {"GCV": 2.0}, se=v(0.1, 0.1, 0.1)),
    "helpers.plots.selection.mark_lambda": lambda: call(
        ax(), 1.0, "best", color="black", linestyle="--"),
    "helpers.plots.selection.plot_validation_curve": lambda: call(
        ax(), v(0.1, 1.0, 10.0), v(1.0, 2.0, 3.0),
        v(3.0, 2.0, 4.0), chosen=1.0, title="t"),
    "helpers.plots.selection.plot_split_curves": lambda: call(
        ax(), v(0.1, 1.0, 10.0), np.ones((2, 3)), title="t"),
    "helpers.plots.selection.plot_cv_curve": lambda: call(
        ax(), v(0.1, 1.0, 10.0), v(2.0, 1.0, 1.5), v(0.1, 0.2, 0.1),
        best=1.0, one_se=10.0, label="cv", color="C0", style="bars", title="t", ylabel="mse"),
    "helpers.plots.selection.plot_loo_check": lambda: call(
        ax(), v(0.1, 1.0, 10.0), v(2.0, 1.0, 1.5), v(2.0, 1.0, 1.5),
        title="t"),
    "helpers.plots.selection.plot_path": lambda: call(
        ax(), v(1.0, 2.0, 3.0), np.ones((3, 2)), NAMES, chosen=2.0,
        chosen_label="chosen", xlabel="df", title="t"),
    "helpers.plots.selection.plot_coefficient_bars": lambda: call(
        ax(), NAMES, {"ridge": v(1.0, 2.0)}, title="t",
        ylabel="w", xlabel="feature"),
    "helpers.plots.selection.plot_optimism": lambda: call(
        ax(), {"cv": v(0.1, 0.2, -0.1)}, title="t"),
    # plots: stability
    "helpers.plots.stability.digits_bars": lambda: call(
        ax(), NAMES, {"svd": v(12.0, 11.0)}, colors=["C0"], max_digits=15.0,
        title="t"),
    "helpers.plots.stability.condition_curve": lambda: call(
        ax(), v(0.1, 1.0, 10.0), v(1e6, 1e4, 1e2), label="κ",
        color="C1", bound=v(1e7, 1e5, 1e3), show_eps=True, title="t"),
    "helpers.plots.stability.digits_curve": lambda: call(
        ax(), v(0.1, 1.0, 10.0), {"svd": v(10.0, 12.0, 14.0)},
        predicted=v(9.0, 11.0, 13.0), colors=["C0"], max_digits=15.0, title="t"),
    "helpers.plots.stability.coefficient_magnitudes": lambda: call(
        ax(), {"ls": v(1.0, 100.0)}, colors=["C0"],
        truth=v(1.0, 1.0), title="t"),
    "helpers.plots.stability.separable_data": lambda: call(
        ax(), X(), labels(), {"b": (0.0, v(1.0, 1.0), "C2")}, title="t"),
    "helpers.plots.stability.growth_curves": lambda: call(
        ax(), np.arange(1.0, 5.0), {"a": (np.arange(1.0, 5.0), "C0")},
        ylabel="‖w‖", hlines={"h": 2.0}, marks={"m": (2.0, 3.0)}, logy=False, legend_loc="upper left", title="t"),
    "helpers.plots.stability.coef_cloud": lambda: call(
        ax(), np.ones((5, 2)), np.ones((5, 2)) * 0.9, truth=(1.0, 1.0),
        limits=(-4.0, 6.0), title="t", ls_label="ls", ridge_label="ridge"),
    "helpers.plots.stability.spread_bars": lambda: call(
        ax(), v(1.0, 1.0, 0.2), v(0.3, 0.3, 0.2), labels=("a", "b", "c"),
        ylim=(0.01, 10.0), title="t"),
    "helpers.plots.stability.change_histograms": lambda: call(
        ax(), {"ls": (v(0.1, 0.2, 0.3), "C0")},
        bounds={"b": (0.5, "C1")}, bins=5, xlabel="x", title="t"),
    "helpers.plots.style.course_style": lambda: call(),
}


def _scaling():
    from helpers.features import Scaling

    return Scaling(v(0.0, 1.0), v(1.0, 2.0))


def _posterior():
    from helpers.bayes import posterior

    return posterior(X(), y(), 2.0, 4.0)


def _axes(n):
    figure = Figure()
    return [figure.add_subplot(1, n, k + 1) for k in range(n)]


#: Callables that are not fuzzed, each with the reason.
EXEMPT = {
    "helpers.widgets.base.Explorer": "abstract base class: the explorers built on it are fuzzed",
    "helpers.widgets.base.Bridge": "the browser half of an explorer: synced traits, no arguments to validate",
    "helpers.widgets.base.Number.text": "explorer plumbing: formats a number the explorer computed; "
                                        "tests/test_widgets_contract.py covers the numbers strip",
    "helpers.widgets.base.fmt_float": "explorer plumbing: a format for the numbers strip (widget contract test)",
    "helpers.widgets.base.fmt_sci": "explorer plumbing: a format for the numbers strip (widget contract test)",
    "helpers.widgets.base.plain": "explorer plumbing: strips tags from the explorer's own summary",
}
