"""Helper package of the L2-regularization course.

The lessons import what they *use* from here (data loading, plotting, widget plumbing, exercise
checks) and write out in the notebook what they *teach*. The objective everywhere is

    J(w, b) = Σ_i (y_i − b − x_i·w)² + λ‖w‖²,   the intercept b never penalized,

which is scikit-learn's ``Ridge(alpha=λ)``.
"""

from .data import (
    DataFileError,
    Dataset,
    load_curvefitting,
    load_diabetes,
    load_longley,
    load_prostate,
    sample_sine,
    true_curve,
)
from .exercises import catalog, check
from .features import Scaling, fit_scaling, polynomial_features, train_test_indices, train_test_split
from .model_selection import CVScores, fold_indices, kfold_mse, loo_mse, one_standard_error_rule
from .models import (
    Fit,
    Path,
    Trajectory,
    effective_df,
    gradient_descent,
    lasso_fit,
    lasso_path,
    logistic_fit,
    logistic_loss,
    ridge_fit,
    ridge_path,
    sigmoid,
)

__all__ = [
    "CVScores", "DataFileError", "Dataset", "Fit", "Path", "Scaling", "Trajectory",
    "catalog", "check", "effective_df", "fit_scaling", "fold_indices", "gradient_descent", "kfold_mse",
    "lasso_fit", "lasso_path", "load_curvefitting", "load_diabetes", "load_longley", "load_prostate",
    "logistic_fit", "logistic_loss", "loo_mse", "one_standard_error_rule", "polynomial_features",
    "ridge_fit", "ridge_path", "sample_sine", "sigmoid", "train_test_indices", "train_test_split",
    "true_curve",
]
