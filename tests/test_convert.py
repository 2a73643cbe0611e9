"""The λ conversions: closed forms, round trips, and each library's objective fitted both ways."""

import importlib.util

import numpy as np
import pytest
from sklearn.linear_model import ElasticNet, Lasso, LogisticRegression, Ridge, RidgeCV, SGDRegressor

from helpers import convert, effective_df, lasso_fit, logistic_fit, loo_mse, ridge_fit
from helpers.optimizers import sgd

pytestmark = pytest.mark.filterwarnings("error")   # no convergence or deprecation warnings anywhere


def make_data(n=60, p=4, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    y = X @ rng.normal(size=p) + 1.5 + 0.5 * rng.normal(size=n)
    return X, y


# --- closed forms and round trips ---------------------------------------------------------------

def test_closed_forms():
    assert convert.ridge_alpha(3.0) == 3.0
    assert convert.logistic_C(0.5) == 1.0 and convert.logistic_C(0.0) == float("inf")
    assert convert.lasso_alpha(10.0, 50) == pytest.approx(0.1)
    assert convert.elasticnet_alpha(10.0, 50) == pytest.approx(0.2)
    assert convert.sgd_regressor_alpha(10.0, 50) == pytest.approx(0.2)
    assert convert.keras_l2(10.0, 50) == pytest.approx(0.2)
    assert convert.torch_weight_decay(10.0, 50) == pytest.approx(0.4)


@pytest.mark.parametrize("lam", [0.0, 1e-3, 0.7, 25.0, 1e4])
@pytest.mark.parametrize("n", [1, 67, 1000])
def test_round_trips(lam, n):
    assert convert.lam_from_ridge_alpha(convert.ridge_alpha(lam)) == pytest.approx(lam)
    assert convert.lam_from_logistic_C(convert.logistic_C(lam)) == pytest.approx(lam)
    assert convert.lam_from_lasso_alpha(convert.lasso_alpha(lam, n), n) == pytest.approx(lam)
    assert convert.lam_from_elasticnet_alpha(convert.elasticnet_alpha(lam, n), n) == pytest.approx(lam)
    assert convert.lam_from_sgd_regressor_alpha(convert.sgd_regressor_alpha(lam, n), n) == pytest.approx(lam)
    assert convert.lam_from_keras_l2(convert.keras_l2(lam, n), n) == pytest.approx(lam)
    assert convert.lam_from_torch_weight_decay(convert.torch_weight_decay(lam, n), n) == pytest.approx(lam)


def test_conversion_table_lists_every_setting():
    table = dict(convert.conversion_table(20.0, 40))
    assert table["Ridge(alpha=…)"] == 20.0 and table["LogisticRegression(C=…, l1_ratio=0)"] == 1 / 40
    assert table["ElasticNet(alpha=…, l1_ratio=0)"] == table["keras kernel_regularizer=l2(…)"] == 0.5
    assert table["torch.optim.SGD / Adam(weight_decay=…)"] == 1.0
    assert len(table) == 8


# --- input validation ---------------------------------------------------------------------------

@pytest.mark.parametrize("func, args, error, name", [
    (convert.ridge_alpha, (-1.0,), ValueError, "lam"),
    (convert.ridge_alpha, (float("nan"),), ValueError, "lam"),
    (convert.ridge_alpha, ("1",), TypeError, "lam"),
    (convert.lam_from_ridge_alpha, (-0.1,), ValueError, "alpha"),
    (convert.logistic_C, (-2.0,), ValueError, "lam"),
    (convert.lam_from_logistic_C, (0.0,), ValueError, "C"),
    (convert.lam_from_logistic_C, (-1.0,), ValueError, "C"),
    (convert.lam_from_logistic_C, (float("nan"),), ValueError, "C"),
    (convert.lam_from_logistic_C, ("big",), TypeError, "C"),
    (convert.lasso_alpha, (1.0, 0), ValueError, "n"),
    (convert.lasso_alpha, (1.0, 2.5), TypeError, "n"),
    (convert.elasticnet_alpha, (-1.0, 10), ValueError, "lam"),
    (convert.sgd_regressor_alpha, (1.0, -3), ValueError, "n"),
    (convert.keras_l2, (1.0, True), TypeError, "n"),
    (convert.lam_from_keras_l2, (-0.01, 10), ValueError, "l2"),
    (convert.torch_weight_decay, (np.inf, 10), ValueError, "lam"),
    (convert.lam_from_torch_weight_decay, (-1e-4, 10), ValueError, "weight_decay"),
    (convert.conversion_table, (1.0, 0), ValueError, "n"),
])
def test_invalid_input_names_the_argument(func, args, error, name):
    with pytest.raises(error, match=name):
        func(*args)


# --- lambda_for_df -----------------------------------------------------------------------------

@pytest.mark.parametrize("df", [0.01, 0.5, 2.0, 3.7, 4.999])
def test_lambda_for_df_inverts_effective_df(df):
    X, _ = make_data(p=5)
    lam = convert.lambda_for_df(X * [1.0, 10.0, 0.1, 3.0, 1.0], df)
    assert lam > 0
    assert effective_df(X * [1.0, 10.0, 0.1, 3.0, 1.0], lam) == pytest.approx(df, rel=1e-10)


def test_lambda_for_df_at_full_rank_is_zero_and_rejects_impossible_df():
    X, _ = make_data(p=3)
    assert convert.lambda_for_df(X, 3.0) == 0.0
    for bad in (0.0, -1.0, 3.5, float("nan")):
        with pytest.raises(ValueError, match="df"):
            convert.lambda_for_df(X, bad)
    with pytest.raises(TypeError, match="df"):
        convert.lambda_for_df(X, "5")


def test_lambda_for_df_matches_the_prostate_reference_value():
    from helpers import fit_scaling, load_prostate
    data = load_prostate()
    Z = fit_scaling(data.X, ddof=1).apply(data.X)[data.train]
    assert convert.lambda_for_df(Z, 5.0) == pytest.approx(24.00, abs=0.01)   # REFERENCE_VALUES.md §1


# --- each scikit-learn row, fitted both ways -----------------------------------------------------

@pytest.mark.parametrize("lam", [0.1, 5.0, 80.0])
def test_ridge_alpha_is_lambda(lam):
    X, y = make_data()
    ref = ridge_fit(X, y, lam)
    model = Ridge(alpha=convert.ridge_alpha(lam)).fit(X, y)
    np.testing.assert_allclose(model.coef_, ref.coef, atol=1e-10)
    assert model.intercept_ == pytest.approx(ref.intercept)


def test_ridgecv_chooses_the_leave_one_out_minimum():
    X, y = make_data(seed=3)
    grid = np.logspace(-2, 3, 26)
    model = RidgeCV(alphas=grid).fit(X, y)
    errors = loo_mse(X, y, grid)
    assert model.alpha_ == grid[np.argmin(errors)]
    assert -model.best_score_ == pytest.approx(errors.min())


@pytest.mark.parametrize("lam", [0.5, 10.0, 200.0])
def test_elasticnet_with_l1_ratio_zero_is_ridge(lam):
    X, y = make_data(seed=1)
    n = len(y)
    model = ElasticNet(alpha=convert.elasticnet_alpha(lam, n), l1_ratio=0.0, tol=1e-12, max_iter=100_000).fit(X, y)
    np.testing.assert_allclose(model.coef_, ridge_fit(X, y, lam).coef, atol=1e-8)


@pytest.mark.parametrize("lam", [5.0, 40.0])
def test_sgd_regressor_alpha(lam):
    X, y = make_data(seed=2)
    n = len(y)
    model = SGDRegressor(alpha=convert.sgd_regressor_alpha(lam, n), penalty="l2", max_iter=10_000, tol=None,
                         learning_rate="invscaling", eta0=0.01, power_t=0.5, random_state=0).fit(X, y)
    ref = ridge_fit(X, y, lam)
    np.testing.assert_allclose(model.coef_, ref.coef, atol=1e-3)
    # The wrong conversion (alpha = λ, as for Ridge) lands far away: the test can tell them apart.
    wrong = SGDRegressor(alpha=lam, penalty="l2", max_iter=2000, tol=None, random_state=0).fit(X, y)
    assert np.abs(wrong.coef_ - ref.coef).max() > 0.05


@pytest.mark.parametrize("lam", [2.0, 30.0])
def test_lasso_alpha_for_the_l1_objective(lam):
    X, y = make_data(seed=4)
    model = Lasso(alpha=convert.lasso_alpha(lam, len(y)), tol=1e-12, max_iter=100_000).fit(X, y)
    np.testing.assert_allclose(model.coef_, lasso_fit(X, y, lam).coef, atol=1e-8)


@pytest.mark.parametrize("lam", [0.3, 4.0, 50.0])
def test_logistic_C_is_one_over_two_lambda(lam):
    X, y = make_data(seed=5)
    labels = (y > np.median(y)).astype(float)
    model = LogisticRegression(C=convert.logistic_C(lam), l1_ratio=0.0, tol=1e-10, max_iter=1000).fit(X, labels)
    ref = logistic_fit(X, labels, lam)
    np.testing.assert_allclose(model.coef_[0], ref.coef, atol=1e-6)
    assert model.intercept_[0] == pytest.approx(ref.intercept, abs=1e-6)


# --- Keras and PyTorch rows, from their documented objective and update rule ---------------------

def test_keras_l2_objective_times_n_is_the_course_objective():
    X, y = make_data(seed=6)
    n, lam = len(y), 12.0
    factor = convert.keras_l2(lam, n)
    rng = np.random.default_rng(0)
    for _ in range(5):
        b, w = rng.normal(), rng.normal(size=X.shape[1])
        keras = np.mean((y - b - X @ w) ** 2) + factor * np.sum(w**2)
        course = np.sum((y - b - X @ w) ** 2) + lam * np.sum(w**2)
        assert n * keras == pytest.approx(course)


def test_sgd_weight_decay_reaches_ridge_only_with_the_bias_excluded():
    X, y = make_data(seed=7)
    n, p, lam = len(y), X.shape[1], 15.0
    wd = convert.torch_weight_decay(lam, n)

    def mse_gradient(theta):
        r = y - theta[0] - X @ theta[1:]
        return -2.0 / n * np.r_[r.sum(), X.T @ r]

    ref = ridge_fit(X, y, lam)
    weights_only = np.r_[0.0, np.ones(p)]
    grouped = sgd(lambda th: mse_gradient(th) + wd * weights_only * th, np.zeros(p + 1), lr=0.1, n_steps=2000)[-1]
    np.testing.assert_allclose(grouped, np.r_[ref.intercept, ref.coef], atol=1e-10)
    everything = sgd(mse_gradient, np.zeros(p + 1), lr=0.1, n_steps=2000, weight_decay=wd)[-1]
    penalized = ridge_fit(np.column_stack([np.ones(n), X]), y, lam, fit_intercept=False).coef
    np.testing.assert_allclose(everything, penalized, atol=1e-10)
    assert abs(everything[0] - ref.intercept) > 0.1


@pytest.mark.skipif(importlib.util.find_spec("torch") is None,
                    reason="PyTorch is an optional extra (pip install -e '.[torch]'); the NumPy rules are "
                           "tested above without it")
def test_torch_sgd_weight_decay_with_parameter_groups_is_ridge():
    import torch

    X, y = make_data(seed=8)
    n, p, lam = len(y), X.shape[1], 9.0
    wd = convert.torch_weight_decay(lam, n)
    layer = torch.nn.Linear(p, 1, dtype=torch.float64)
    torch.nn.init.zeros_(layer.weight)
    torch.nn.init.zeros_(layer.bias)
    optimizer = torch.optim.SGD([{"params": [layer.weight], "weight_decay": wd},
                                 {"params": [layer.bias], "weight_decay": 0.0}], lr=0.1)
    Xt, yt = torch.tensor(X), torch.tensor(y)
    for _ in range(3000):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(layer(Xt).squeeze(1), yt)
        loss.backward()
        optimizer.step()
    ref = ridge_fit(X, y, lam)
    np.testing.assert_allclose(layer.weight.detach().numpy()[0], ref.coef, atol=1e-8)
    assert layer.bias.item() == pytest.approx(ref.intercept, abs=1e-8)
