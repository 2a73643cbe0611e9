"""A multilayer perceptron in NumPy: initialization, forward pass, backpropagation, training.

The network maps ``X`` (n × d) through hidden layers ``H_l = act(H_{l-1} W_l + b_l)`` to logits
``Z = H_{L-1} W_L + b_L``; its parameters are the flat list ``[W1, b1, W2, b2, …]`` with ``W_l`` of
shape (inputs, outputs), the layout of Keras and of ``torch.nn.Linear``'s transpose. The loss is the
*mean* softmax cross-entropy plus the penalty on the weight matrices only::

    J = (1/n) Σ_i [log Σ_k exp(z_ik) − z_i,y_i] + lam · Σ_l ‖W_l‖²_F        (biases never penalized)

so the penalty's gradient is ``2·lam·W_l``, lesson 03's ``2λw``. With ``normalize=True`` every hidden
pre-activation is batch-normalized (standardized over the rows, no learned gain or shift), which
makes the loss independent of the scale of every hidden ``W_l`` (lesson 07, section 5).

All operations are matrix products over the whole batch: no Python loop over samples.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._validation import as_bool, as_lambda, as_matrix, as_number, as_positive_float, as_positive_int, as_seed

__all__ = ["ACTIVATIONS", "accuracy", "decay_groups", "init_mlp", "is_weight", "mlp_forward",
           "mlp_loss_grad", "mlp_predict", "train_mlp", "train_mlps", "weight_norm"]

ACTIVATIONS = ("relu", "tanh")
NORM_EPS = 0.0   # batch-norm epsilon: 0 keeps the scale invariance exact (the variance is never 0 here)


# ---------------------------------------------------------------------------------------------- checks

def _check_activation(activation) -> str:
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")
    return activation


def _check_params(params, name: str = "params") -> list[np.ndarray]:
    """Check the list ``[W1, b1, W2, b2, …]``: 2-D weights, 1-D biases, consecutive shapes that fit."""
    if isinstance(params, np.ndarray) or not isinstance(params, Sequence) or isinstance(params, str):
        raise TypeError(f"{name} must be a list [W1, b1, W2, b2, ...] of arrays (from init_mlp), "
                        f"got {type(params).__name__}")
    if len(params) == 0 or len(params) % 2:
        raise ValueError(f"{name} must hold pairs (W_l, b_l), an even number of arrays >= 2, got {len(params)}")
    checked = []
    for i, p in enumerate(params):
        if not isinstance(p, np.ndarray):
            raise TypeError(f"{name}[{i}] must be a NumPy array, got {type(p).__name__}")
        if not np.issubdtype(p.dtype, np.floating):
            raise TypeError(f"{name}[{i}] must be an array of floats, got dtype {p.dtype}")
        checked.append(p)
    for layer in range(len(params) // 2):
        W, b = checked[2 * layer], checked[2 * layer + 1]
        if W.ndim != 2:
            raise ValueError(f"{name}[{2 * layer}] (W{layer + 1}) must be 2-D (inputs, outputs), got shape {W.shape}")
        if b.shape != (W.shape[1],):
            raise ValueError(f"{name}[{2 * layer + 1}] (b{layer + 1}) must have shape ({W.shape[1]},) to match "
                             f"W{layer + 1} of shape {W.shape}, got {b.shape}")
        if layer and W.shape[0] != checked[2 * layer - 2].shape[1]:
            raise ValueError(f"W{layer + 1} has {W.shape[0]} inputs but W{layer} has {checked[2 * layer - 2].shape[1]} "
                             "outputs; they must match")
    return checked


def _check_X(params, X) -> np.ndarray:
    X = as_matrix(X)
    if X.shape[1] != params[0].shape[0]:
        raise ValueError(f"X has {X.shape[1]} columns but W1 expects {params[0].shape[0]} inputs")
    return X


def _check_labels(y, n: int, n_classes: int) -> np.ndarray:
    labels = np.asarray(y)
    if labels.ndim != 1 or labels.shape[0] != n:
        raise ValueError(f"y must be 1-D with one class label per row of X ({n}), got shape {labels.shape}")
    if not (np.issubdtype(labels.dtype, np.integer)
            or (np.issubdtype(labels.dtype, np.floating) and np.all(np.isfinite(labels))
                and np.all(labels == np.round(labels)))):
        raise TypeError(f"y must hold whole-number class labels 0 … {n_classes - 1}, got dtype {labels.dtype}")
    labels = labels.astype(np.intp)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"y must hold class labels in 0 … {n_classes - 1} (the network has {n_classes} outputs), "
                         f"got values from {labels.min()} to {labels.max()}")
    return labels


# ---------------------------------------------------------------------------------------------- the network

def init_mlp(layer_sizes, *, seed) -> list[np.ndarray]:
    """Random parameters ``[W1, b1, …]`` of a network with the given layer sizes (inputs first).

    Weights are drawn from ``N(0, 2/fan_in)`` (He initialization, suited to ReLU), biases start at 0.

    Examples
    --------
    >>> params = init_mlp([4, 16, 3], seed=0)
    >>> [p.shape for p in params]
    [(4, 16), (16,), (16, 3), (3,)]
    """
    if isinstance(layer_sizes, (str, bytes)) or not isinstance(layer_sizes, Sequence):
        raise TypeError(f"layer_sizes must be a list of whole numbers such as [64, 128, 10], "
                        f"got {type(layer_sizes).__name__}")
    if len(layer_sizes) < 2:
        raise ValueError(f"layer_sizes needs at least the input and output sizes, got {list(layer_sizes)}")
    sizes = [as_positive_int(s, f"layer_sizes[{i}]") for i, s in enumerate(layer_sizes)]
    if seed is None:                                 # the course's networks are always reproducible
        raise TypeError("seed must be a whole number >= 0 (a network's start is always seeded), got None")
    rng = np.random.default_rng(as_seed(seed))
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        params.append(rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out)))
        params.append(np.zeros(fan_out))
    return params


def _activate(z, activation):
    return np.maximum(z, 0.0) if activation == "relu" else np.tanh(z)


def _batch_norm(z):
    mean = z.mean(axis=-2, keepdims=True)
    std = np.sqrt(z.var(axis=-2, keepdims=True) + NORM_EPS)
    return (z - mean) / std, std


def _shared_matmul(H, W):
    """``H @ W``, also when a 2-D ``H`` (the data) meets a stack of weights ``W`` of shape (K, d, h).

    NumPy would broadcast ``H`` over the stack without BLAS; one (n, d) × (d, K·h) product is far faster.
    """
    if H.ndim == 2 and W.ndim == 3:
        K, d, h = W.shape
        return (H @ W.transpose(1, 0, 2).reshape(d, K * h)).reshape(H.shape[0], K, h).transpose(1, 0, 2)
    return H @ W


def _shared_outer(H, dZ):
    """``Hᵀ @ dZ`` for a 2-D ``H`` shared by a stack ``dZ`` of shape (K, n, h), as one BLAS product."""
    if H.ndim == 2 and dZ.ndim == 3:
        K, n, h = dZ.shape
        return (H.T @ dZ.transpose(1, 0, 2).reshape(n, K * h)).reshape(H.shape[1], K, h).transpose(1, 0, 2)
    return np.swapaxes(H, -1, -2) @ dZ


def _forward(params, X, activation, normalize):
    """The logits and what backpropagation needs: each layer's input and its (normalized) pre-activation.

    Every array of ``params`` may carry a leading axis of K networks trained side by side (``train_mlps``);
    the products then run over the whole stack at once.
    """
    inputs, pre, stds = [], [], []
    H = X
    n_layers = len(params) // 2
    for layer in range(n_layers):
        W, b = params[2 * layer], params[2 * layer + 1]
        inputs.append(H)
        Z = _shared_matmul(H, W) + b[..., None, :]
        if layer == n_layers - 1:
            return Z, inputs, pre, stds
        if normalize:
            Z, std = _batch_norm(Z)
            stds.append(std)
        pre.append(Z)
        H = _activate(Z, activation)
    raise AssertionError("unreachable")  # pragma: no cover


def mlp_forward(params, X, *, activation: str = "relu", normalize: bool = False) -> np.ndarray:
    """The network's logits for the rows of ``X``, shape ``(n, n_classes)``.

    Examples
    --------
    >>> import numpy as np
    >>> params = init_mlp([2, 8, 3], seed=1)
    >>> mlp_forward(params, np.zeros((5, 2))).shape
    (5, 3)
    """
    params = _check_params(params)
    X = _check_X(params, X)
    activation = _check_activation(activation)
    return _forward(params, X, activation, as_bool(normalize, "normalize"))[0]


def mlp_predict(params, X, *, activation: str = "relu", normalize: bool = False) -> np.ndarray:
    """The predicted class of each row: the index of its largest logit."""
    return np.argmax(mlp_forward(params, X, activation=activation, normalize=normalize), axis=1)


def accuracy(params, X, y, *, activation: str = "relu", normalize: bool = False) -> float:
    """The fraction of rows of ``X`` whose predicted class is ``y``."""
    predicted = mlp_predict(params, X, activation=activation, normalize=normalize)
    labels = _check_labels(y, predicted.shape[0], params[-1].shape[0])
    return float(np.mean(predicted == labels))


def _loss_grad(params, X, labels, lam, activation, normalize):
    """Unchecked core of ``mlp_loss_grad``, also for a stack of networks (``lam`` then one value per network)."""
    Z, inputs, pre, stds = _forward(params, X, activation, normalize)
    n = X.shape[0]
    Z = Z - Z.max(axis=-1, keepdims=True)              # stable log-sum-exp
    expZ = np.exp(Z)
    sums = expZ.sum(axis=-1)
    rows = np.arange(n)
    data_loss = np.mean(np.log(sums) - Z[..., rows, labels], axis=-1)
    dZ = expZ / sums[..., None]
    dZ[..., rows, labels] -= 1.0
    dZ /= n                                            # the mean over rows
    n_layers = len(params) // 2
    grads: list[np.ndarray] = [np.empty(0)] * len(params)
    lam = np.asarray(lam, dtype=float)
    penalize = bool(np.any(lam))
    penalty = 0.0
    for layer in range(n_layers - 1, -1, -1):
        W = params[2 * layer]
        gW = _shared_outer(inputs[layer], dZ)
        if penalize:
            penalty = penalty + np.sum(W * W, axis=(-2, -1))
            gW += 2.0 * lam[..., None, None] * W       # the penalty's gradient, lesson 03's 2λw
        grads[2 * layer] = gW
        grads[2 * layer + 1] = dZ.sum(axis=-2)
        if layer == 0:
            break
        dH = dZ @ np.swapaxes(W, -1, -2)
        Zp = pre[layer - 1]
        dZ = dH * (Zp > 0) if activation == "relu" else dH * (1.0 - np.tanh(Zp) ** 2)
        if normalize:  # backward pass of the standardization, per column
            dZ = (dZ - dZ.mean(axis=-2, keepdims=True)
                  - Zp * np.mean(dZ * Zp, axis=-2, keepdims=True)) / stds[layer - 1]
    return data_loss + lam * penalty, grads


def mlp_loss_grad(params, X, y, *, lam: float = 0.0, activation: str = "relu",
                  normalize: bool = False) -> tuple[float, list[np.ndarray]]:
    """The mean softmax cross-entropy plus ``lam·Σ_l ‖W_l‖²`` and its gradient, shaped like ``params``.

    Backpropagation written out: ``dZ_L = (softmax(Z_L) − onehot(y))/n``; for each layer from the last,
    ``∇W_l = H_{l-1}ᵀ dZ_l + 2·lam·W_l``, ``∇b_l = Σ_rows dZ_l``, ``dZ_{l-1} = (dZ_l W_lᵀ) ⊙ act'(Z_{l-1})``.

    Examples
    --------
    >>> import numpy as np
    >>> params = [np.zeros((2, 3)), np.zeros(3)]
    >>> loss, grads = mlp_loss_grad(params, np.ones((4, 2)), np.array([0, 1, 2, 0]))
    >>> round(loss, 6) == round(float(np.log(3)), 6)      # equal logits: log(number of classes)
    True
    """
    params = _check_params(params)
    X = _check_X(params, X)
    labels = _check_labels(y, X.shape[0], params[-1].shape[0])
    lam = as_lambda(lam)
    activation = _check_activation(activation)
    loss, grads = _loss_grad(params, X, labels, lam, activation, as_bool(normalize, "normalize"))
    return float(loss), grads


def is_weight(params) -> list[bool]:
    """``True`` for the weight matrices ``W_l`` (penalized, decayed), ``False`` for the biases."""
    return [p.ndim == 2 for p in _check_params(params)]


def weight_norm(params) -> float:
    """``√(Σ_l ‖W_l‖²_F)``: the norm of all weight matrices together, biases left out."""
    return float(np.sqrt(sum(float(np.sum(p * p)) for p in _check_params(params) if p.ndim == 2)))


def decay_groups(params, weight_decay: float) -> list[dict]:
    """PyTorch-style parameter groups: ``weight_decay`` on the weight matrices, none on the biases.

    Examples
    --------
    >>> groups = decay_groups(init_mlp([3, 4, 2], seed=0), 0.1)
    >>> [(len(g["params"]), g["weight_decay"]) for g in groups]
    [(2, 0.1), (2, 0.0)]
    """
    params = _check_params(params)
    weight_decay = as_lambda(weight_decay, "weight_decay")
    return [{"params": [p for p in params if p.ndim == 2], "weight_decay": weight_decay},
            {"params": [p for p in params if p.ndim != 2], "weight_decay": 0.0}]


# ---------------------------------------------------------------------------------------------- training

def _one_thread():
    """Limit BLAS to one thread: on matrices this small, threads cost more in synchronizing than they save."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


_OPTIMIZERS = ("sgd", "adam", "adamw")


def _run(stacked, X, labels, *, optimizer, lr, weight_decay, lam, n_steps, batch_size, seed, activation,
         normalize, decoupled_scale, schedule):
    """Train the parameter arrays in place; every setting is a number or one value per stacked network."""
    from . import optimizers  # imported here: optimizers does not depend on this module

    kinds = {"sgd": optimizers.SGD, "adam": optimizers.Adam, "adamw": optimizers.AdamW}
    extra = {"decoupled_scale": decoupled_scale} if optimizer == "adamw" else {}

    is_stack = np.ndim(lr) > 0                        # train_mlps passes one value per network

    def per_param(value, p):
        """The setting shaped to broadcast over ``p``: (K, 1, 1) for a stack of weights, (K, 1) for biases."""
        return np.asarray(value, float).reshape((-1,) + (1,) * (p.ndim - 1)) if is_stack else value

    weight_ndim = 3 if is_stack else 2
    groups = [{"params": [p], "lr": per_param(lr, p),
               "weight_decay": per_param(weight_decay, p) if p.ndim == weight_ndim else 0.0}   # biases: no decay
              for p in stacked]
    opt = kinds[optimizer](groups, lr=1.0, **extra)
    n = X.shape[0]
    rng = np.random.default_rng(seed)
    order, position = np.arange(n), n
    multipliers = optimizers._schedule_multipliers(n_steps, schedule)
    with _one_thread():
        for step in range(n_steps):
            opt.schedule = multipliers[step]
            if batch_size is None or batch_size >= n:
                Xb, yb = X, labels
            else:
                if position + batch_size > n:
                    order, position = rng.permutation(n), 0
                rows = order[position:position + batch_size]
                position += batch_size
                Xb, yb = X[rows], labels[rows]
            _, grads = _loss_grad(stacked, Xb, yb, lam, activation, normalize)
            opt.step(stacked, grads)


def _check_training(optimizer, lr, n_steps, batch_size, activation, decoupled_scale, schedule):
    from .optimizers import SCHEDULES

    if optimizer not in _OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {_OPTIMIZERS}, got {optimizer!r}")
    if not isinstance(schedule, str) or schedule not in SCHEDULES:
        raise ValueError(f"schedule must be one of {SCHEDULES}, got {schedule!r}")
    if decoupled_scale not in ("lr", "schedule"):
        raise ValueError(f"decoupled_scale must be 'lr' (PyTorch, Keras) or 'schedule' (the AdamW paper), "
                         f"got {decoupled_scale!r}")
    n_steps = as_positive_int(n_steps, "n_steps", minimum=0)
    if batch_size is not None:
        batch_size = as_positive_int(batch_size, "batch_size")
    return n_steps, batch_size, _check_activation(activation)


def train_mlp(params, X, y, *, optimizer: str = "adamw", lr: float, n_steps: int, weight_decay: float = 0.0,
              lam: float = 0.0, batch_size: int | None = None, seed: int = 0, activation: str = "relu",
              normalize: bool = False, decoupled_scale: str = "lr", schedule: str = "constant") -> list[np.ndarray]:
    """Train a copy of ``params`` and return it; ``params`` itself is left unchanged.

    ``optimizer`` is ``"sgd"``, ``"adam"`` or ``"adamw"`` (``helpers.optimizers``), ``weight_decay`` is
    applied to the weight matrices only (biases excluded), ``lam`` adds ``lam·Σ‖W_l‖²`` to the loss.
    Full batch when ``batch_size`` is ``None``, else mini-batches drawn without replacement each epoch.
    ``schedule="cosine"`` anneals the step (and AdamW's decay) from 1 to 0 over the run
    (``helpers.optimizers._schedule_multipliers``); ``decoupled_scale`` is AdamW's parametrization.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0]]); y = np.array([0, 1])
    >>> trained = train_mlp(init_mlp([2, 4, 2], seed=0), X, y, lr=0.05, n_steps=100)
    >>> accuracy(trained, X, y)
    1.0
    """
    params = [p.astype(float, copy=True) for p in _check_params(params)]
    X = _check_X(params, X)
    labels = _check_labels(y, X.shape[0], params[-1].shape[0])
    n_steps, batch_size, activation = _check_training(optimizer, lr, n_steps, batch_size, activation,
                                                      decoupled_scale, schedule)
    _run(params, X, labels, optimizer=optimizer, lr=as_positive_float(lr, "lr"),
         weight_decay=as_lambda(weight_decay, "weight_decay"), lam=as_lambda(lam), n_steps=n_steps,
         batch_size=batch_size, seed=as_seed(seed), activation=activation, normalize=as_bool(normalize, "normalize"),
         decoupled_scale=decoupled_scale, schedule=schedule)
    return params


def _as_grid(value, name, k, positive):
    if np.ndim(value) == 0:                          # a number: checked as one (no str, bool, NaN)
        value = as_number(value, name, low=0.0) if not positive else as_positive_float(value, name)
    values = np.broadcast_to(np.asarray(value, dtype=float), (k,)) if np.ndim(value) == 0 else np.asarray(
        value, dtype=float)
    if values.shape != (k,):
        raise ValueError(f"{name} must be one number or one value per network ({k}), got shape {values.shape}")
    if not np.all(np.isfinite(values)) or np.any(values <= 0 if positive else values < 0):
        raise ValueError(f"{name} must hold finite numbers {'> 0' if positive else '>= 0'}, got {values}")
    return values.copy()


def train_mlps(starts, X, y, *, optimizer: str = "adamw", lr=1e-3, n_steps: int, weight_decay=0.0, lam=0.0,
               batch_size: int | None = None, seed: int = 0, activation: str = "relu", normalize: bool = False,
               decoupled_scale: str = "lr", schedule: str = "constant") -> list[list[np.ndarray]]:
    """Train several networks side by side, one per entry of ``starts``, and return the trained copies.

    ``lr``, ``weight_decay`` and ``lam`` are each one number for all networks or one value per network;
    the networks share the data and the mini-batches. Each result equals ``train_mlp`` on that start
    with those settings: the stack only runs their matrix products together, which is faster for a grid
    of small networks than a loop over them.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.eye(2); y = np.array([0, 1]); start = init_mlp([2, 4, 2], seed=0)
    >>> nets = train_mlps([start, start], X, y, lr=0.05, n_steps=50, weight_decay=[0.0, 1.0])
    >>> weight_norm(nets[1]) < weight_norm(nets[0])
    True
    """
    if isinstance(starts, np.ndarray) or not isinstance(starts, Sequence) or not starts:
        raise TypeError("starts must be a non-empty list of parameter lists (each from init_mlp)")
    checked = [_check_params(s, f"starts[{i}]") for i, s in enumerate(starts)]
    shapes = [p.shape for p in checked[0]]
    for i, s in enumerate(checked):
        if [p.shape for p in s] != shapes:
            raise ValueError(f"starts[{i}] has layer shapes {[p.shape for p in s]}, expected {shapes} like starts[0]")
    k = len(checked)
    X = _check_X(checked[0], X)
    labels = _check_labels(y, X.shape[0], checked[0][-1].shape[0])
    n_steps, batch_size, activation = _check_training(optimizer, lr, n_steps, batch_size, activation,
                                                      decoupled_scale, schedule)
    stacked = [np.stack([s[j] for s in checked]).astype(float) for j in range(len(shapes))]
    _run(stacked, X, labels, optimizer=optimizer, lr=_as_grid(lr, "lr", k, True),
         weight_decay=_as_grid(weight_decay, "weight_decay", k, False), lam=_as_grid(lam, "lam", k, False),
         n_steps=n_steps, batch_size=batch_size, seed=as_seed(seed), activation=activation, normalize=as_bool(normalize, "normalize"),
         decoupled_scale=decoupled_scale, schedule=schedule)
    return [[p[i].copy() for p in stacked] for i in range(k)]
