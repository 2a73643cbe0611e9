"""The NumPy versions of PyTorch's SGD, Adam and AdamW against closed forms, ridge, and (if installed) torch.optim."""

import numpy as np
import pytest

from helpers import gradient_descent, ridge_fit
from helpers.optimizers import adam, adamw, sgd


def make_problem(n=30, p=4, seed=0):
    """A least-squares problem with the *mean* loss (1/n)‖y − Xw‖², as a library would minimize it."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, size=p)
    y = X @ rng.normal(size=p) + 0.3 * rng.normal(size=n)

    def grad(w):
        return -2.0 / n * X.T @ (y - X @ w)

    return X, y, grad


def zero_grad(w):
    return np.zeros_like(w)


OPTIMIZERS = [sgd, adam, adamw]


# ---------------------------------------------------------------------------------------------- shapes

@pytest.mark.parametrize("opt", OPTIMIZERS)
def test_returns_every_iterate_with_the_start_in_row_zero(opt):
    _, _, grad = make_problem()
    w0 = np.array([1.0, -1.0, 0.5, 2.0])
    path = opt(grad, w0, lr=0.01, n_steps=7)
    assert path.shape == (8, 4)
    np.testing.assert_array_equal(path[0], w0)
    assert not np.shares_memory(path, w0)


@pytest.mark.parametrize("opt", OPTIMIZERS)
def test_zero_steps_returns_only_the_start(opt):
    path = opt(zero_grad, [1.0, 2.0], lr=0.1, n_steps=0)
    np.testing.assert_array_equal(path, [[1.0, 2.0]])


@pytest.mark.parametrize("opt", OPTIMIZERS)
def test_grad_fn_cannot_change_the_iterate(opt):
    def meddling(w):
        g = w.copy()
        w[:] = 1e6  # writes into its argument
        return g

    path = opt(meddling, [1.0, -1.0], lr=0.01, n_steps=3)
    assert np.all(np.abs(path) < 10)


# ---------------------------------------------------------------------------------------------- SGD

def test_sgd_without_decay_is_plain_gradient_descent():
    _, _, grad = make_problem()
    w, lr = np.zeros(4), 0.05
    expected = [w]
    for _ in range(25):
        w = w - lr * grad(w)
        expected.append(w)
    np.testing.assert_allclose(sgd(grad, np.zeros(4), lr=lr, n_steps=25), expected, rtol=1e-14, atol=1e-15)


def test_sgd_weight_decay_equals_descent_on_loss_plus_half_wd_norm_squared():
    _, _, grad = make_problem()
    wd = 0.3
    decayed = sgd(grad, np.ones(4), lr=0.05, n_steps=50, weight_decay=wd)
    penalized = sgd(lambda w: grad(w) + wd * w, np.ones(4), lr=0.05, n_steps=50)   # ∇[(wd/2)‖w‖²] = wd·w
    np.testing.assert_allclose(decayed, penalized, rtol=1e-13, atol=1e-15)


def test_sgd_pure_decay_is_geometric():
    w0 = np.array([2.0, -0.5, 1e-3])
    lr, wd = 0.1, 0.4
    path = sgd(zero_grad, w0, lr=lr, n_steps=300, weight_decay=wd)
    np.testing.assert_allclose(path, (1 - lr * wd) ** np.arange(301)[:, None] * w0, rtol=1e-12)
    assert np.all(path != 0.0)


def test_sgd_weight_decay_matches_course_gradient_descent_with_lambda_n_wd_over_2():
    """Mean loss + wd on the gradient, step lr, equals the course's sum loss + λ‖w‖², step lr/n, λ = n·wd/2."""
    X, y, grad = make_problem(n=30)
    n, lr, wd = 30, 0.05, 0.2
    ours = sgd(grad, np.zeros(4), lr=lr, n_steps=40, weight_decay=wd)
    course = gradient_descent(X, y, n * wd / 2, lr=lr / n, n_steps=40, fit_intercept=False).coefs
    np.testing.assert_allclose(ours, course, rtol=1e-10, atol=1e-13)


def test_sgd_converges_to_ridge_and_sklearn():
    from sklearn.linear_model import Ridge

    X, y, grad = make_problem(n=30)
    wd = 0.5
    path = sgd(grad, np.zeros(4), lr=0.05, n_steps=3000, weight_decay=wd)
    lam = 30 * wd / 2
    np.testing.assert_allclose(path[-1], ridge_fit(X, y, lam, fit_intercept=False).coef, atol=1e-9)
    np.testing.assert_allclose(path[-1], Ridge(alpha=lam, fit_intercept=False).fit(X, y).coef_, atol=1e-8)


# ---------------------------------------------------------------------------------------------- Adam

def test_adam_first_step_has_size_lr_in_every_coordinate():
    g = np.array([4.0, -0.01, 1e3])
    path = adam(lambda w: g, np.zeros(3), lr=0.1, n_steps=1)
    # m̂₁ = g and v̂₁ = g², so the step is lr·g/(|g| + eps)
    np.testing.assert_allclose(path[1], -0.1 * g / (np.abs(g) + 1e-8), rtol=1e-12)


def test_adam_with_a_constant_gradient_moves_linearly():
    g = np.array([0.5, -2.0])
    lr, eps = 0.01, 1e-8
    path = adam(lambda w: g, np.zeros(2), lr=lr, n_steps=100, eps=eps)
    # with a constant g, m̂_t = g and v̂_t = g² at every t (the bias corrections are exact)
    expected = -lr * np.arange(101)[:, None] * g / (np.abs(g) + eps)
    np.testing.assert_allclose(path, expected, rtol=1e-10, atol=1e-14)


def test_adam_weight_decay_is_an_l2_penalty_inside_the_moments():
    _, _, grad = make_problem()
    wd = 0.3
    decayed = adam(grad, np.ones(4), lr=0.01, n_steps=200, weight_decay=wd)
    penalized = adam(lambda w: grad(w) + wd * w, np.ones(4), lr=0.01, n_steps=200)
    np.testing.assert_allclose(decayed, penalized, rtol=1e-13, atol=1e-15)


def test_adam_with_l2_converges_to_ridge():
    X, y, grad = make_problem(n=30)
    wd = 0.5
    path = adam(grad, np.zeros(4), lr=0.01, n_steps=4000, weight_decay=wd)
    np.testing.assert_allclose(path[-1], ridge_fit(X, y, 30 * wd / 2, fit_intercept=False).coef, atol=1e-6)


def test_adam_pure_l2_decay_does_not_depend_on_the_strength():
    """With only the penalty, g = wd·w and m̂/√v̂ is scale-free: wd cancels (up to eps)."""
    w0 = np.array([1.0, 0.1])
    weak = adam(zero_grad, w0, lr=0.01, n_steps=200, weight_decay=0.1)
    strong = adam(zero_grad, w0, lr=0.01, n_steps=200, weight_decay=10.0)
    np.testing.assert_allclose(weak, strong, atol=1e-5)


def test_betas_and_eps_are_used():
    _, _, grad = make_problem()
    base = adam(grad, np.ones(4), lr=0.01, n_steps=20)
    assert not np.allclose(base, adam(grad, np.ones(4), lr=0.01, n_steps=20, betas=(0.5, 0.999)))
    assert not np.allclose(base, adam(grad, np.ones(4), lr=0.01, n_steps=20, betas=(0.9, 0.9)))
    assert not np.allclose(base, adam(grad, np.ones(4), lr=0.01, n_steps=20, eps=1.0))


# ---------------------------------------------------------------------------------------------- AdamW

def test_adamw_without_data_gradient_decays_geometrically():
    w0 = np.array([1.0, 0.1, -3.0])
    lr, wd = 0.01, 0.5
    path = adamw(zero_grad, w0, lr=lr, n_steps=500, weight_decay=wd)
    np.testing.assert_allclose(path, (1 - lr * wd) ** np.arange(501)[:, None] * w0, rtol=1e-12)


def test_adamw_default_weight_decay_is_pytorchs():
    path = adamw(zero_grad, [1.0], lr=0.1, n_steps=1)
    assert path[1, 0] == pytest.approx(1 - 0.1 * 0.01)


def test_adamw_without_decay_equals_adam():
    _, _, grad = make_problem()
    np.testing.assert_allclose(adamw(grad, np.ones(4), lr=0.01, n_steps=100, weight_decay=0.0),
                               adam(grad, np.ones(4), lr=0.01, n_steps=100), rtol=1e-14, atol=1e-15)


def test_adamw_is_decay_then_adam_step_on_the_plain_gradient():
    """Step by step: the decoupled decay uses θ_{t−1}, and the Adam moments never see it."""
    _, _, grad = make_problem()
    lr, wd, (b1, b2), eps = 0.02, 0.3, (0.9, 0.999), 1e-8
    path = adamw(grad, np.ones(4), lr=lr, n_steps=30, weight_decay=wd)
    w, m, v = np.ones(4), np.zeros(4), np.zeros(4)
    for t in range(1, 31):
        g = grad(w)
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g**2
        w = w * (1 - lr * wd) - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        np.testing.assert_allclose(path[t], w, rtol=1e-12)


def test_adamw_differs_from_adam_with_l2():
    X, y, grad = make_problem(n=30)
    wd = 0.5
    with_l2 = adam(grad, np.zeros(4), lr=0.01, n_steps=2000, weight_decay=wd)
    decoupled = adamw(grad, np.zeros(4), lr=0.01, n_steps=2000, weight_decay=wd)
    assert np.abs(with_l2 - decoupled).max() > 0.01
    ridge = ridge_fit(X, y, 30 * wd / 2, fit_intercept=False).coef
    assert np.linalg.norm(decoupled[-1] - ridge) > 10 * np.linalg.norm(with_l2[-1] - ridge)


# ---------------------------------------------------------------------------------------------- validation

@pytest.mark.parametrize("opt", OPTIMIZERS)
@pytest.mark.parametrize("kwargs, error, word", [
    (dict(lr=0.0), ValueError, "lr"),
    (dict(lr=-1.0), ValueError, "lr"),
    (dict(lr="fast"), TypeError, "lr"),
    (dict(n_steps=-1), ValueError, "n_steps"),
    (dict(n_steps=2.5), TypeError, "n_steps"),
    (dict(weight_decay=-0.1), ValueError, "weight_decay"),
    (dict(weight_decay=float("nan")), ValueError, "weight_decay"),
    (dict(weight_decay="0.1"), TypeError, "weight_decay"),
])
def test_invalid_numbers_name_the_argument(opt, kwargs, error, word):
    args = dict(lr=0.01, n_steps=3) | kwargs
    with pytest.raises(error, match=word):
        opt(zero_grad, [1.0, 2.0], **args)


@pytest.mark.parametrize("opt", OPTIMIZERS)
def test_invalid_start_and_gradient_name_the_argument(opt):
    with pytest.raises(TypeError, match="grad_fn"):
        opt("not a function", [1.0], lr=0.1, n_steps=1)
    with pytest.raises(ValueError, match="w0"):
        opt(zero_grad, [[1.0, 2.0]], lr=0.1, n_steps=1)
    with pytest.raises(ValueError, match="w0"):
        opt(zero_grad, [1.0, np.nan], lr=0.1, n_steps=1)
    with pytest.raises(TypeError, match="w0"):
        opt(zero_grad, ["a", "b"], lr=0.1, n_steps=1)
    with pytest.raises(ValueError, match="grad_fn returned shape"):
        opt(lambda w: np.zeros(3), [1.0, 2.0], lr=0.1, n_steps=1)
    with pytest.raises(ValueError, match="grad_fn returned NaN"):
        opt(lambda w: np.full_like(w, np.inf), [1.0, 2.0], lr=0.1, n_steps=1)
    with pytest.raises(TypeError, match="grad_fn must return"):
        opt(lambda w: "gradient", [1.0, 2.0], lr=0.1, n_steps=1)


def test_diverging_sgd_says_so():
    with pytest.raises(ValueError, match="lower lr"), np.errstate(over="ignore"):
        sgd(lambda w: 1e300 * w, [1.0], lr=10.0, n_steps=10)


@pytest.mark.parametrize("opt", [adam, adamw])
@pytest.mark.parametrize("kwargs, error, word", [
    (dict(betas=(1.0, 0.999)), ValueError, r"betas\[0\]"),
    (dict(betas=(0.9, -0.1)), ValueError, r"betas\[1\]"),
    (dict(betas=0.9), TypeError, "betas"),
    (dict(betas=(0.9, "x")), TypeError, r"betas\[1\]"),
    (dict(eps=-1e-8), ValueError, "eps"),
    (dict(eps=None), TypeError, "eps"),
])
def test_invalid_adam_settings_name_the_argument(opt, kwargs, error, word):
    with pytest.raises(error, match=word):
        opt(zero_grad, [1.0], lr=0.01, n_steps=2, **kwargs)


# ---------------------------------------------------------------------------------------------- torch.optim

def _torch_path(torch, name, grad, w0, n_steps, **kwargs):
    param = torch.nn.Parameter(torch.tensor(w0, dtype=torch.float64))
    optimizer = getattr(torch.optim, name)([param], **kwargs)
    path = [param.detach().numpy().copy()]
    for _ in range(n_steps):
        optimizer.zero_grad()
        param.grad = torch.tensor(grad(param.detach().numpy().copy()), dtype=torch.float64)
        optimizer.step()
        path.append(param.detach().numpy().copy())
    return np.array(path)


@pytest.mark.parametrize("name, ours, kwargs", [
    ("SGD", sgd, dict(lr=0.05, weight_decay=0.3)),
    ("Adam", adam, dict(lr=0.01, weight_decay=0.3)),
    ("Adam", adam, dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.0)),
    ("AdamW", adamw, dict(lr=0.01, weight_decay=0.3)),
    ("AdamW", adamw, dict(lr=0.01)),
])
def test_step_by_step_against_torch_optim(name, ours, kwargs):
    torch = pytest.importorskip("torch", reason="PyTorch is an optional extra; install it to compare with torch.optim")
    _, _, grad = make_problem()
    w0 = np.array([1.0, -0.5, 0.25, 2.0])
    expected = _torch_path(torch, name, grad, w0, 100, **kwargs)
    np.testing.assert_allclose(ours(grad, w0, n_steps=100, **kwargs), expected, rtol=1e-9, atol=1e-12)
