"""helpers.neural: the network against finite differences, closed forms, scikit-learn and (if installed) torch."""

import numpy as np
import pytest

from helpers import neural
from helpers.neural import (
    accuracy,
    decay_groups,
    init_mlp,
    is_weight,
    mlp_forward,
    mlp_loss_grad,
    train_mlp,
    train_mlps,
    weight_norm,
)
from helpers.optimizers import SGD, Adam, AdamW, _schedule_multipliers

TORCH_REASON = "PyTorch is an optional extra (pip install torch); the NumPy network is tested without it"


def problem(n=40, sizes=(5, 7, 6, 3), seed=0):
    rng = np.random.default_rng(seed)
    params = init_mlp(list(sizes), seed=seed)
    for i in range(1, len(params), 2):             # non-zero biases, so their gradients are tested too
        params[i] = rng.normal(scale=0.3, size=params[i].shape)
    X = rng.normal(size=(n, sizes[0]))
    y = rng.integers(0, sizes[-1], size=n)
    return params, X, y


def numeric_grads(params, X, y, h=1e-6, **kwargs):
    out = []
    for p in params:
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + h
            up = mlp_loss_grad(params, X, y, **kwargs)[0]
            p[idx] = old - h
            down = mlp_loss_grad(params, X, y, **kwargs)[0]
            p[idx] = old
            g[idx] = (up - down) / (2 * h)
        out.append(g)
    return out


# ---------------------------------------------------------------------------------------------- shapes

def test_init_shapes_scale_and_seed():
    params = init_mlp([64, 256, 10], seed=3)
    assert [p.shape for p in params] == [(64, 256), (256,), (256, 10), (10,)]
    assert np.all(params[1] == 0) and np.all(params[3] == 0)
    assert np.std(params[0]) == pytest.approx(np.sqrt(2 / 64), rel=0.05)      # He: variance 2/fan_in
    again = init_mlp([64, 256, 10], seed=3)
    assert all(np.array_equal(a, b) for a, b in zip(params, again))
    assert not np.array_equal(params[0], init_mlp([64, 256, 10], seed=4)[0])


def test_forward_is_the_written_out_composition():
    params, X, _ = problem()
    W1, b1, W2, b2, W3, b3 = params
    expected = np.maximum(np.maximum(X @ W1 + b1, 0) @ W2 + b2, 0) @ W3 + b3
    np.testing.assert_allclose(mlp_forward(params, X), expected, rtol=1e-13)
    expected_tanh = np.tanh(np.tanh(X @ W1 + b1) @ W2 + b2) @ W3 + b3
    np.testing.assert_allclose(mlp_forward(params, X, activation="tanh"), expected_tanh, rtol=1e-13)


# ---------------------------------------------------------------------------------------------- loss and gradient

def test_loss_is_the_mean_cross_entropy_of_scikit_learn_plus_the_penalty():
    from sklearn.metrics import log_loss

    params, X, y = problem()
    logits = mlp_forward(params, X)
    prob = np.exp(logits - logits.max(axis=1, keepdims=True))
    prob /= prob.sum(axis=1, keepdims=True)
    lam = 0.03
    loss, _ = mlp_loss_grad(params, X, y, lam=lam)
    penalty = sum(np.sum(W**2) for W in params[::2])
    assert loss == pytest.approx(log_loss(y, prob, labels=[0, 1, 2]) + lam * penalty, rel=1e-12)


@pytest.mark.parametrize("activation", ["relu", "tanh"])
@pytest.mark.parametrize("lam", [0.0, 0.05])
def test_gradient_matches_finite_differences(activation, lam):
    params, X, y = problem()
    _, grads = mlp_loss_grad(params, X, y, lam=lam, activation=activation)
    numeric = numeric_grads(params, X, y, lam=lam, activation=activation)
    for g, ng in zip(grads, numeric):
        np.testing.assert_allclose(g, ng, rtol=1e-5, atol=1e-8)


def test_gradient_with_batch_normalization_matches_finite_differences():
    params, X, y = problem(sizes=(4, 6, 5, 3))
    _, grads = mlp_loss_grad(params, X, y, lam=0.01, normalize=True)
    numeric = numeric_grads(params, X, y, lam=0.01, normalize=True)
    for g, ng in zip(grads, numeric):
        np.testing.assert_allclose(g, ng, rtol=1e-5, atol=1e-8)


def test_penalty_gradient_is_two_lambda_w_on_weights_and_nothing_on_biases():
    params, X, y = problem()
    _, plain = mlp_loss_grad(params, X, y)
    _, penalized = mlp_loss_grad(params, X, y, lam=0.2)
    for p, g0, g1, w in zip(params, plain, penalized, is_weight(params)):
        np.testing.assert_allclose(g1 - g0, 0.4 * p if w else 0.0, atol=1e-14)


def test_batch_norm_makes_the_loss_blind_to_the_scale_of_hidden_weights():
    params, X, y = problem(sizes=(4, 6, 5, 3))
    loss, grads = mlp_loss_grad(params, X, y, normalize=True)
    scaled = [p * 7.5 if i in (0, 2) else p for i, p in enumerate(params)]
    loss_scaled, grads_scaled = mlp_loss_grad(scaled, X, y, normalize=True)
    assert loss_scaled == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(grads_scaled[0], grads[0] / 7.5, rtol=1e-9, atol=1e-15)  # ∇ scales as 1/c
    assert abs(np.sum(grads[0] * params[0])) < 1e-12                # the gradient is orthogonal to W


def test_is_weight_norm_and_groups():
    params = init_mlp([3, 4, 2], seed=0)
    assert is_weight(params) == [True, False, True, False]
    assert weight_norm(params) == pytest.approx(np.sqrt(np.sum(params[0]**2) + np.sum(params[2]**2)))
    groups = decay_groups(params, 0.1)
    assert groups[0]["params"][0] is params[0] and groups[1]["params"][1] is params[3]


# ---------------------------------------------------------------------------------------------- optimizers

def test_list_optimizers_equal_the_vector_optimizers_of_lesson_03():
    from helpers.optimizers import adam, adamw, sgd

    rng = np.random.default_rng(1)
    A = rng.normal(size=(6, 6))
    target = rng.normal(size=6)

    def grad(w):
        return A.T @ (A @ w - target)

    w0 = rng.normal(size=6)
    for path_fn, cls, kw in [(sgd, SGD, {"lr": 0.01, "weight_decay": 0.3}),
                             (adam, Adam, {"lr": 0.01, "weight_decay": 0.3}),
                             (adamw, AdamW, {"lr": 0.01, "weight_decay": 0.3})]:
        path = path_fn(grad, w0, n_steps=50, **kw)
        w = w0.copy()
        opt = cls([w], **kw)
        for t in range(50):
            opt.step([w], [grad(w)])
            np.testing.assert_allclose(w, path[t + 1], rtol=1e-12, atol=1e-14)


def test_per_group_decay_leaves_excluded_parameters_undecayed():
    W, b = np.ones((2, 3)), np.ones(3)
    for cls in (SGD, AdamW):
        Wc, bc = W.copy(), b.copy()
        opt = cls([{"params": [Wc], "weight_decay": 0.5}, {"params": [bc], "weight_decay": 0.0}], lr=0.1)
        for _ in range(3):
            opt.step([Wc, bc], [np.zeros_like(Wc), np.zeros_like(bc)])
        np.testing.assert_allclose(Wc, 0.95**3)
        np.testing.assert_array_equal(bc, 1.0)


def test_adamw_paper_parametrization_decays_independently_of_lr():
    for lr in (1e-3, 1e-1):
        w = np.ones(2)
        opt = AdamW([w], lr=lr, weight_decay=0.01, decoupled_scale="schedule")
        opt.step([w], [np.zeros(2)])
        np.testing.assert_allclose(w, 0.99)
        opt.schedule = 0.5
        opt.step([w], [np.zeros(2)])
        np.testing.assert_allclose(w, 0.99 * 0.995)


def test_optimizer_rejects_bad_input_with_clear_messages():
    W = np.ones((2, 2))
    with pytest.raises(TypeError, match="params"):
        SGD(W, lr=0.1)
    with pytest.raises(ValueError, match="empty"):
        SGD([], lr=0.1)
    with pytest.raises(ValueError, match="lr"):
        SGD([W], lr=-1.0)
    with pytest.raises(ValueError, match="weight_decay"):
        AdamW([{"params": [W], "weight_decay": -0.1}])
    with pytest.raises(ValueError, match="unknown settings"):
        AdamW([{"params": [W], "momentum": 0.9}])
    with pytest.raises(ValueError, match="decoupled_scale"):
        AdamW([W], decoupled_scale="epoch")
    opt = SGD([W], lr=0.1)
    with pytest.raises(ValueError, match="shape"):
        opt.step([W], [np.ones(3)])
    with pytest.raises(ValueError, match="not one of the arrays"):
        opt.step([W.copy()], [np.ones((2, 2))])
    with pytest.raises(ValueError, match="NaN"):
        opt.step([W], [np.full((2, 2), np.nan)])
    with pytest.raises(TypeError, match="float"):
        SGD([np.ones(2, dtype=int)], lr=0.1)


def test_network_functions_reject_bad_input():
    params, X, y = problem()
    with pytest.raises(TypeError, match="params"):
        mlp_forward(np.ones((2, 2)), X)
    with pytest.raises(ValueError, match="pairs"):
        mlp_forward(params[:3], X)
    with pytest.raises(ValueError, match="columns"):
        mlp_forward(params, X[:, :2])
    with pytest.raises(ValueError, match="class labels"):
        mlp_loss_grad(params, X, y + 5)
    with pytest.raises(TypeError, match="whole-number"):
        mlp_loss_grad(params, X, y + 0.5)
    with pytest.raises(ValueError, match="lam"):
        mlp_loss_grad(params, X, y, lam=-1.0)
    with pytest.raises(ValueError, match="activation"):
        mlp_forward(params, X, activation="sigmoid")
    with pytest.raises(ValueError, match="layer_sizes"):
        init_mlp([3], seed=0)
    with pytest.raises(TypeError, match="seed"):
        init_mlp([3, 2], seed=None)
    with pytest.raises(ValueError, match="optimizer"):
        train_mlp(params, X, y, optimizer="rmsprop", lr=0.1, n_steps=1)
    with pytest.raises(ValueError, match="W2 has"):
        mlp_forward([np.ones((5, 3)), np.ones(3), np.ones((4, 2)), np.ones(2)], X)


# ---------------------------------------------------------------------------------------------- training

def test_training_fits_separable_data_and_leaves_the_start_untouched():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)           # XOR-like: needs the hidden layer
    start = init_mlp([2, 32, 2], seed=0)
    copy = [p.copy() for p in start]
    trained = train_mlp(start, X, y, optimizer="adam", lr=0.02, n_steps=800)
    assert accuracy(trained, X, y) == 1.0
    assert all(np.array_equal(a, b) for a, b in zip(start, copy))


def test_decay_lowers_the_weight_norm_and_minibatches_are_seeded():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(80, 3))
    y = rng.integers(0, 2, size=80)
    start = init_mlp([3, 16, 2], seed=1)
    runs = {wd: train_mlp(start, X, y, optimizer="adamw", lr=0.01, n_steps=300, weight_decay=wd)
            for wd in (0.0, 1.0)}
    assert weight_norm(runs[1.0]) < 0.8 * weight_norm(runs[0.0])
    a = train_mlp(start, X, y, optimizer="sgd", lr=0.1, n_steps=20, batch_size=16, seed=5)
    b = train_mlp(start, X, y, optimizer="sgd", lr=0.1, n_steps=20, batch_size=16, seed=5)
    assert all(np.array_equal(p, q) for p, q in zip(a, b))


# ---------------------------------------------------------------------------------------------- torch

def _torch_net(torch, params):
    return [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in params]


def _torch_loss(torch, tparams, X, y, lam):
    H = torch.tensor(X)
    n_layers = len(tparams) // 2
    for layer in range(n_layers):
        H = H @ tparams[2 * layer] + tparams[2 * layer + 1]
        if layer < n_layers - 1:
            H = torch.relu(H)
    loss = torch.nn.functional.cross_entropy(H, torch.tensor(y))
    return loss + lam * sum((W**2).sum() for W in tparams[::2])


def test_loss_and_gradients_equal_torch_in_float64():
    torch = pytest.importorskip("torch", reason=TORCH_REASON)
    params, X, y = problem(n=50)
    loss, grads = mlp_loss_grad(params, X, y, lam=0.02)
    tparams = _torch_net(torch, params)
    tloss = _torch_loss(torch, tparams, X, y, 0.02)
    tloss.backward()
    assert loss == pytest.approx(tloss.item(), rel=1e-13)
    for g, tp in zip(grads, tparams):
        np.testing.assert_allclose(g, tp.grad.numpy(), rtol=1e-11, atol=1e-14)


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW"])
def test_training_steps_equal_torch_optim_with_parameter_groups(name):
    torch = pytest.importorskip("torch", reason=TORCH_REASON)
    params, X, y = problem(n=50)
    ours = [p.copy() for p in params]
    lr, wd = (0.1 if name == "SGD" else 0.01), 0.05
    opt = {"SGD": SGD, "Adam": Adam, "AdamW": AdamW}[name](decay_groups(ours, wd), lr=lr)
    tparams = _torch_net(torch, params)
    topt = getattr(torch.optim, name)([{"params": tparams[::2], "weight_decay": wd},
                                       {"params": tparams[1::2], "weight_decay": 0.0}], lr=lr)
    for _ in range(25):
        _, grads = mlp_loss_grad(ours, X, y)
        opt.step(ours, grads)
        topt.zero_grad()
        _torch_loss(torch, tparams, X, y, 0.0).backward()
        topt.step()
        for p, tp in zip(ours, tparams):
            np.testing.assert_allclose(p, tp.detach().numpy(), rtol=1e-10, atol=1e-13)


def test_module_lists_its_public_names():
    assert set(neural.__all__) <= set(dir(neural))


def test_networks_trained_side_by_side_equal_one_by_one():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(50, 3))
    y = rng.integers(0, 3, size=50)
    starts = [init_mlp([3, 8, 3], seed=s) for s in range(3)]
    for optimizer in ("sgd", "adam", "adamw"):
        lrs, wds, lams = [0.05, 0.02, 0.01], [0.0, 0.5, 2.0], [0.0, 1e-3, 0.0]
        together = train_mlps(starts, X, y, optimizer=optimizer, lr=lrs, n_steps=30, weight_decay=wds, lam=lams,
                              batch_size=16, normalize=True)
        for start, lr, wd, lam, net in zip(starts, lrs, wds, lams, together):
            alone = train_mlp(start, X, y, optimizer=optimizer, lr=lr, n_steps=30, weight_decay=wd, lam=lam,
                              batch_size=16, normalize=True)
            for p, q in zip(alone, net):
                np.testing.assert_allclose(p, q, rtol=1e-10, atol=1e-13)
    with pytest.raises(ValueError, match="one value per network"):
        train_mlps(starts, X, y, lr=[0.1, 0.2], n_steps=1)
    with pytest.raises(ValueError, match="layer shapes"):
        train_mlps([starts[0], init_mlp([3, 4, 3], seed=0)], X, y, n_steps=1)


# ---------------------------------------------------------------------------------------------- schedules

def test_cosine_multipliers_start_at_one_mirror_around_half_and_sum_to_a_closed_form():
    for T in (1, 4, 7, 600):
        m = _schedule_multipliers(T, "cosine")
        assert m.shape == (T,) and m[0] == 1.0 and np.all(np.diff(m) < 0) and np.all(m > 0)
        np.testing.assert_allclose(m[1:] + m[:0:-1], 1.0, atol=1e-15)      # η_t + η_{T−t} = 1
        assert m.sum() == pytest.approx((T + 1) / 2, rel=1e-12)             # Σ cos(πt/T) over t < T is 1
    np.testing.assert_array_equal(_schedule_multipliers(5, "constant"), np.ones(5))
    assert _schedule_multipliers(0).shape == (0,)
    with pytest.raises(ValueError, match="schedule must be one of"):
        _schedule_multipliers(3, "linear")
    with pytest.raises(ValueError, match="schedule must be one of"):
        _schedule_multipliers(3, np.array(["cosine"]))
    with pytest.raises((TypeError, ValueError), match="n_steps"):
        _schedule_multipliers(-1)


def test_schedule_multiplies_the_step_and_only_pytorch_adamw_couples_it_to_lr():
    W = np.ones((2, 2))
    g = np.full((2, 2), 0.5)
    sgd_w = W.copy()
    opt = SGD([sgd_w], lr=0.2, weight_decay=0.1)
    opt.schedule = 0.25
    opt.step([sgd_w], [g])
    np.testing.assert_allclose(sgd_w, W - 0.2 * 0.25 * (g + 0.1 * W), rtol=1e-15)
    scheduled, plain = W.copy(), W.copy()          # Adam with η_t: Adam with lr·η_t
    a, b = Adam([scheduled], lr=0.1, weight_decay=0.05), Adam([plain], lr=0.1 * 0.3, weight_decay=0.05)
    a.schedule = 0.3
    for k in range(4):
        a.step([scheduled], [g * (k + 1)])
        b.step([plain], [g * (k + 1)])
    np.testing.assert_allclose(scheduled, plain, rtol=1e-14)
    for scale, factor in (("lr", 1 - 0.1 * 0.5 * 0.2), ("schedule", 1 - 0.5 * 0.2)):
        w = W.copy()
        opt = AdamW([w], lr=0.1, weight_decay=0.2, decoupled_scale=scale)
        opt.schedule = 0.5
        opt.step([w], [np.zeros_like(w)])          # no gradient: the decay alone
        np.testing.assert_allclose(w, factor * W, rtol=1e-15)


def test_train_mlps_cosine_is_the_loop_written_out_and_the_two_adamw_forms_agree_at_lambda_lr_wd():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(12, 3)), rng.integers(0, 2, size=12)
    start, T, lr, wd = init_mlp([3, 5, 2], seed=1), 30, 0.05, 0.4
    trained = train_mlps([start], X, y, optimizer="adamw", lr=lr, weight_decay=wd, n_steps=T, schedule="cosine")[0]
    net = [p.copy() for p in start]
    opt = AdamW(decay_groups(net, wd), lr=lr)
    for t in range(T):
        opt.schedule = 0.5 * (1 + np.cos(np.pi * t / T))
        opt.step(net, mlp_loss_grad(net, X, y)[1])
    for p, q in zip(trained, net):
        np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-14)
    paper = train_mlps([start], X, y, optimizer="adamw", lr=lr, weight_decay=lr * wd, n_steps=T, schedule="cosine",
                       decoupled_scale="schedule")[0]
    for p, q in zip(trained, paper):
        np.testing.assert_allclose(p, q, rtol=1e-10, atol=1e-13)
    constant = train_mlps([start], X, y, optimizer="adamw", lr=lr, weight_decay=wd, n_steps=T)[0]
    assert not np.allclose(constant[0], trained[0])       # the schedule changes the run
    with pytest.raises(ValueError, match="schedule must be one of"):
        train_mlps([start], X, y, lr=lr, n_steps=2, schedule="cos")
