"""The update rules of PyTorch's SGD, Adam and AdamW, written out in NumPy from their documented formulas.

Each function runs an optimizer on a fixed (full-batch) gradient and returns every iterate, so a lesson
can compare the rules line by line without installing a deep-learning library. ``grad_fn(w)`` returns
the gradient of the loss being minimized, for example a *mean* loss as in PyTorch, and ``lr`` is the
step size γ. With ``θ`` the weights and ``λ`` the ``weight_decay`` argument, the documented rules
(``torch.optim.SGD``, ``torch.optim.Adam``, ``torch.optim.AdamW``; no momentum for SGD, no AMSGrad) are:

SGD::

    g_t = ∇f(θ_{t-1}) + λ θ_{t-1}
    θ_t = θ_{t-1} − γ g_t

Adam (``weight_decay`` is an L2 penalty: it enters the gradient, hence the moment estimates)::

    g_t = ∇f(θ_{t-1}) + λ θ_{t-1}
    m_t = β₁ m_{t-1} + (1 − β₁) g_t,          v_t = β₂ v_{t-1} + (1 − β₂) g_t²
    m̂_t = m_t / (1 − β₁ᵗ),                    v̂_t = v_t / (1 − β₂ᵗ)
    θ_t = θ_{t-1} − γ m̂_t / (√v̂_t + ε)

AdamW (decoupled weight decay, Loshchilov & Hutter 2019: the decay never enters ``m`` or ``v``)::

    g_t = ∇f(θ_{t-1})
    θ_t = θ_{t-1} − γ λ θ_{t-1}
    m_t, v_t, m̂_t, v̂_t as in Adam, from this g_t
    θ_t = θ_t − γ m̂_t / (√v̂_t + ε)

For SGD, ``weight_decay=wd`` on a loss ``f`` is exactly gradient descent on ``f + (wd/2)‖θ‖²``. For
Adam the same penalty is divided by ``√v̂``, so weights with large gradients are decayed less; AdamW
shrinks every weight by the same factor ``1 − γλ`` per step. On the course's objective
``Σ(y − Xw)² + λ‖w‖²`` with the *mean* loss ``(1/n)Σ(y − Xw)²``, ``weight_decay = 2λ/n``.

The functions ``sgd``, ``adam`` and ``adamw`` run on one weight vector and return the path. The classes
``SGD``, ``Adam`` and ``AdamW`` apply the same rules to a list of parameter arrays (a network's
``[W1, b1, W2, b2, …]``), updated in place like ``torch.optim``'s, with per-group settings: each
group is a dict ``{"params": [arrays], "weight_decay": …, "lr": …}``, so that biases can be left out
of the decay as PyTorch's parameter groups do. Each has a ``schedule`` attribute, the multiplier ``η_t`` a
learning-rate scheduler would apply at the next step (1 by default): the step is ``lr·η_t``, and so is
PyTorch's decoupled decay rate per unit of ``weight_decay``. ``AdamW(decoupled_scale="schedule")`` is the
paper's parametrization, where the decay is scaled by ``η_t`` only, not by ``lr``.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable

import numpy as np

from ._validation import as_lambda, as_positive_float, as_positive_int, as_vector

__all__ = ["SCHEDULES", "SGD", "Adam", "AdamW", "adam", "adamw", "sgd"]

SCHEDULES = ("constant", "cosine")


def _schedule_multipliers(n_steps: int, schedule: str = "cosine") -> np.ndarray:
    """The multiplier ``η_t`` of each of ``n_steps`` steps: 1 throughout, or cosine annealing from 1 to 0.

    Cosine annealing (Loshchilov & Hutter's SGDR without restarts, the schedule of the AdamW paper's
    Fig. 2) is ``η_t = ½(1 + cos(π (t − 1)/n_steps))`` for ``t = 1 … n_steps``: the first step at full
    size, the last close to 0. Set as an optimizer's ``schedule`` before step ``t``, it multiplies the
    learning rate and, in the paper's AdamW, the decay.

    Examples
    --------
    >>> _schedule_multipliers(4).round(4).tolist()
    [1.0, 0.8536, 0.5, 0.1464]
    """
    n_steps = as_positive_int(n_steps, "n_steps", minimum=0)
    if not isinstance(schedule, str) or schedule not in SCHEDULES:
        raise ValueError(f"schedule must be one of {SCHEDULES}, got {schedule!r}")
    if schedule == "constant":
        return np.ones(n_steps)
    return 0.5 * (1.0 + np.cos(np.pi * np.arange(n_steps) / max(n_steps, 1)))


def _check_common(grad_fn, w0, lr, n_steps, weight_decay):
    if not callable(grad_fn):
        raise TypeError(f"grad_fn must be a function w -> gradient (an array shaped like w0), "
                        f"got {type(grad_fn).__name__}")
    w0 = as_vector(w0, "w0")
    lr = as_positive_float(lr, "lr")
    n_steps = as_positive_int(n_steps, "n_steps", minimum=0)
    weight_decay = as_lambda(weight_decay, "weight_decay")
    return w0, lr, n_steps, weight_decay


def _check_betas(betas):
    try:
        beta1, beta2 = betas
    except (TypeError, ValueError):
        raise TypeError(f"betas must be a pair (beta1, beta2) of numbers in [0, 1), got {betas!r}") from None
    checked = []
    for name, beta in (("betas[0]", beta1), ("betas[1]", beta2)):
        if isinstance(beta, bool) or not isinstance(beta, numbers.Real):
            raise TypeError(f"{name} must be a number in [0, 1), got {beta!r}")
        if not 0.0 <= float(beta) < 1.0:
            raise ValueError(f"{name} must be in [0, 1), got {beta}")
        checked.append(float(beta))
    return checked[0], checked[1]


def _check_eps(eps):
    if isinstance(eps, bool) or not isinstance(eps, numbers.Real):
        raise TypeError(f"eps must be a number >= 0, got {eps!r}")
    eps = float(eps)
    if not np.isfinite(eps) or eps < 0:
        raise ValueError(f"eps must be a finite number >= 0, got {eps}")
    return eps


def _gradient(grad_fn, w, step):
    """Call ``grad_fn`` on a copy of ``w`` and check that the result is a finite array shaped like ``w``."""
    value = grad_fn(w.copy())   # a copy, so a grad_fn that modifies its argument cannot change the iterate
    try:
        g = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"grad_fn must return an array of numbers shaped like w0, got "
                        f"{type(value).__name__} at step {step}") from exc
    if g.shape != w.shape:
        raise ValueError(f"grad_fn returned shape {g.shape} at step {step}, expected {w.shape} (the shape of w0)")
    if not np.all(np.isfinite(g)):
        raise ValueError(f"grad_fn returned NaN or infinite values at step {step}: the iterates diverged "
                         "(lower lr) or the gradient is not defined there")
    return g


def sgd(grad_fn: Callable[[np.ndarray], np.ndarray], w0, *, lr: float, n_steps: int,
        weight_decay: float = 0.0) -> np.ndarray:
    """PyTorch's ``SGD`` without momentum: ``g = ∇f(w) + weight_decay·w``, then ``w ← w − lr·g``.

    Returns every iterate, an array of shape ``(n_steps + 1, p)`` whose row 0 is ``w0``. Rewritten,
    each step is ``w ← (1 − lr·weight_decay)·w − lr·∇f(w)``: gradient descent on
    ``f + (weight_decay/2)·‖w‖²``.

    Examples
    --------
    >>> import numpy as np
    >>> path = sgd(lambda w: np.zeros_like(w), [1.0, -2.0], lr=0.1, n_steps=2, weight_decay=0.5)
    >>> path.round(4).tolist()          # pure decay: each step multiplies w by 1 − 0.1·0.5
    [[1.0, -2.0], [0.95, -1.9], [0.9025, -1.805]]
    """
    w, lr, n_steps, weight_decay = _check_common(grad_fn, w0, lr, n_steps, weight_decay)
    path = np.empty((n_steps + 1, w.size))
    path[0] = w
    for t in range(1, n_steps + 1):
        g = _gradient(grad_fn, w, t)
        if weight_decay != 0:
            g = g + weight_decay * w
        w = w - lr * g
        path[t] = w
    return path


def _adam(grad_fn, w0, lr, n_steps, betas, eps, weight_decay, decoupled):
    w, lr, n_steps, weight_decay = _check_common(grad_fn, w0, lr, n_steps, weight_decay)
    beta1, beta2 = _check_betas(betas)
    eps = _check_eps(eps)
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    path = np.empty((n_steps + 1, w.size))
    path[0] = w
    for t in range(1, n_steps + 1):
        g = _gradient(grad_fn, w, t)
        if decoupled:
            w = w - lr * weight_decay * w            # AdamW: shrink the weights directly
        elif weight_decay != 0:
            g = g + weight_decay * w                 # Adam: the penalty's gradient joins the moments
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
        path[t] = w
    return path


def adam(grad_fn: Callable[[np.ndarray], np.ndarray], w0, *, lr: float, n_steps: int,
         betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
         weight_decay: float = 0.0) -> np.ndarray:
    """PyTorch's ``Adam``: ``weight_decay·w`` is added to the gradient before the moment estimates.

    That makes ``weight_decay`` an L2 penalty ``(weight_decay/2)·‖w‖²`` on the loss, but its pull is
    then divided by ``√v̂`` like every other gradient: weights whose gradients are large are decayed
    less. Returns every iterate, shape ``(n_steps + 1, p)``, row 0 being ``w0``.

    Examples
    --------
    >>> import numpy as np
    >>> path = adam(lambda w: np.array([4.0, -0.01]), [0.0, 0.0], lr=0.1, n_steps=1)
    >>> path[1].round(6).tolist()        # the first step has size lr whatever the gradient's size
    [-0.1, 0.1]
    """
    return _adam(grad_fn, w0, lr, n_steps, betas, eps, weight_decay, decoupled=False)


def adamw(grad_fn: Callable[[np.ndarray], np.ndarray], w0, *, lr: float, n_steps: int,
          betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
          weight_decay: float = 0.01) -> np.ndarray:
    """PyTorch's ``AdamW``: first ``w ← w − lr·weight_decay·w``, then the Adam step on the plain gradient.

    The decay is decoupled from the adaptive step: every weight shrinks by the factor
    ``1 − lr·weight_decay`` per step, whatever its gradient history. Returns every iterate, shape
    ``(n_steps + 1, p)``, row 0 being ``w0``.

    Examples
    --------
    >>> import numpy as np
    >>> path = adamw(lambda w: np.zeros_like(w), [1.0], lr=0.1, n_steps=2, weight_decay=0.5)
    >>> path[:, 0].round(4).tolist()     # no data gradient: geometric decay by 1 − 0.1·0.5
    [1.0, 0.95, 0.9025]
    """
    return _adam(grad_fn, w0, lr, n_steps, betas, eps, weight_decay, decoupled=True)


# ---------------------------------------------------------------------------------------------- parameter lists

def _as_setting(value, name, *, positive):
    """A number, or an array of numbers that broadcasts against the parameters (one value per stacked network)."""
    if isinstance(value, np.ndarray) and value.ndim > 0:
        if not np.issubdtype(value.dtype, np.number) or np.issubdtype(value.dtype, np.complexfloating):
            raise TypeError(f"{name} must be a number or an array of real numbers, got dtype {value.dtype}")
        value = value.astype(float)
        if not np.all(np.isfinite(value)) or np.any(value <= 0 if positive else value < 0):
            raise ValueError(f"{name} must hold finite numbers {'> 0' if positive else '>= 0'}, got {value.ravel()}")
        return value
    return as_positive_float(value, name) if positive else as_lambda(value, name)


class _ListOptimizer:
    """Shared machinery: parameter groups, per-parameter state, and the pairing of arrays with gradients."""

    _options: tuple[str, ...] = ("lr", "weight_decay")

    def __init__(self, params, defaults: dict):
        if isinstance(params, np.ndarray) or isinstance(params, (str, bytes)) or not hasattr(params, "__iter__"):
            raise TypeError("params must be a list of arrays or a list of groups {'params': [arrays], ...}, "
                            f"got {type(params).__name__}")
        items = list(params)
        if not items:
            raise ValueError("params is empty: give the optimizer at least one array to update")
        groups = items if all(isinstance(g, dict) for g in items) else [{"params": items}]
        self.schedule = 1.0    # the schedule multiplier η_t of the step (a learning-rate scheduler's factor)
        self.param_groups: list[dict] = []
        self._group_of: dict[int, dict] = {}
        self.state: dict[int, dict] = {}
        for k, group in enumerate(groups):
            if not isinstance(group, dict) or "params" not in group:
                raise TypeError(f"params[{k}] must be a dict with a 'params' list (a parameter group), "
                                f"or every entry of params an array")
            unknown = set(group) - {"params", *self._options}
            if unknown:
                raise ValueError(f"parameter group {k} has unknown settings {sorted(unknown)}; "
                                 f"allowed: {['params', *self._options]}")
            checked = self._check_group({**defaults, **{key: v for key, v in group.items() if key != "params"}}, k)
            arrays = list(group["params"])
            for i, p in enumerate(arrays):
                if not isinstance(p, np.ndarray) or not np.issubdtype(p.dtype, np.floating):
                    raise TypeError(f"parameter {i} of group {k} must be a NumPy array of floats, got "
                                    f"{type(p).__name__ if not isinstance(p, np.ndarray) else p.dtype}")
                if id(p) in self._group_of:
                    raise ValueError(f"parameter {i} of group {k} appears in more than one group")
                self._group_of[id(p)] = checked
                self.state[id(p)] = {}
            checked["params"] = arrays
            self.param_groups.append(checked)

    def _check_group(self, group: dict, k: int) -> dict:
        return {"lr": _as_setting(group["lr"], f"lr (group {k})", positive=True),
                "weight_decay": _as_setting(group["weight_decay"], f"weight_decay (group {k})", positive=False)}

    def step(self, params, grads) -> None:
        """Update every array of ``params`` in place from its gradient in ``grads`` (same order, same shapes)."""
        params, grads = list(params), list(grads)
        if len(params) != len(grads):
            raise ValueError(f"grads has {len(grads)} arrays but params has {len(params)}; they must pair up")
        for i, (p, g) in enumerate(zip(params, grads)):
            group = self._group_of.get(id(p))
            if group is None:
                raise ValueError(f"params[{i}] is not one of the arrays this optimizer was built with")
            g = np.asarray(g, dtype=float)
            if g.shape != p.shape:
                raise ValueError(f"grads[{i}] has shape {g.shape}, expected {p.shape} (the shape of params[{i}])")
            if not np.all(np.isfinite(g)):
                raise ValueError(f"grads[{i}] contains NaN or infinite values: training diverged (lower lr)")
            self._update(p, g, group, self.state[id(p)])

    def _update(self, p, g, group, state):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def _multiplier(self, group):
        """The schedule multiplier η_t of this step: the group's own, else the optimizer's ``schedule``."""
        own = group.get("schedule")
        return own if own is not None else float(self.schedule)


class SGD(_ListOptimizer):
    """``torch.optim.SGD`` without momentum on a list of arrays: ``p ← p − lr·(g + weight_decay·p)``.

    Examples
    --------
    >>> import numpy as np
    >>> W, b = np.ones((2, 2)), np.ones(2)
    >>> opt = SGD([{"params": [W], "weight_decay": 0.5}, {"params": [b], "weight_decay": 0.0}], lr=0.1)
    >>> opt.step([W, b], [np.zeros((2, 2)), np.zeros(2)])
    >>> float(W[0, 0]), float(b[0])         # the weight decays by 1 − 0.1·0.5, the bias is left alone
    (0.95, 1.0)
    """

    def __init__(self, params, *, lr: float, weight_decay: float = 0.0):
        super().__init__(params, {"lr": lr, "weight_decay": weight_decay})

    def _update(self, p, g, group, state):
        if np.any(group["weight_decay"]):
            g = g + group["weight_decay"] * p
        p -= group["lr"] * self._multiplier(group) * g


class Adam(_ListOptimizer):
    """``torch.optim.Adam`` on a list of arrays: ``weight_decay·p`` joins the gradient (an L2 penalty).

    Examples
    --------
    >>> import numpy as np
    >>> w = np.zeros(2)
    >>> Adam([w], lr=0.1).step([w], [np.array([4.0, -0.01])])
    >>> w.round(6).tolist()                 # the first step has size lr whatever the gradient's size
    [-0.1, 0.1]
    """

    _options = ("lr", "weight_decay", "betas", "eps")
    _decoupled = False

    def __init__(self, params, *, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0):
        super().__init__(params, {"lr": lr, "weight_decay": weight_decay, "betas": betas, "eps": eps})

    def _check_group(self, group, k):
        checked = super()._check_group(group, k)
        checked["betas"] = _check_betas(group["betas"])
        checked["eps"] = _check_eps(group["eps"])
        return checked

    def _decay(self, p, group):
        pass

    def _update(self, p, g, group, state):
        if not state:
            state.update(t=0, m=np.zeros_like(p), v=np.zeros_like(p))
        beta1, beta2 = group["betas"]
        state["t"] += 1
        t = state["t"]
        if self._decoupled:
            self._decay(p, group)
        elif np.any(group["weight_decay"]):
            g = g + group["weight_decay"] * p
        m, v = state["m"], state["v"]
        m *= beta1
        m += (1 - beta1) * g
        v *= beta2
        v += (1 - beta2) * g * g
        # The same arithmetic as torch.optim.Adam's single-tensor path: the bias corrections fold into lr and eps.
        step_size = group["lr"] * self._multiplier(group) / (1 - beta1**t)
        denom = np.sqrt(v) / np.sqrt(1 - beta2**t) + group["eps"]
        p -= step_size * (m / denom)


class AdamW(Adam):
    """``torch.optim.AdamW`` on a list of arrays: ``p ← (1 − lr·weight_decay)·p``, then the Adam step.

    ``decoupled_scale="lr"`` (default) is PyTorch's and Keras' parametrization: the decay per step is
    ``lr·schedule·weight_decay``, the scheduled learning rate times ``weight_decay``. ``"schedule"`` is
    Loshchilov & Hutter's: the decay per step is ``schedule·weight_decay``, where ``schedule`` (the
    multiplier ``η_t``, default 1, settable per group or as ``optimizer.schedule``) also multiplies ``lr``;
    then ``weight_decay`` and ``lr`` are independent, and ``weight_decay = lr·wd`` gives PyTorch's run.

    Examples
    --------
    >>> import numpy as np
    >>> w = np.ones(1)
    >>> opt = AdamW([w], lr=0.1, weight_decay=0.5)
    >>> opt.step([w], [np.zeros(1)])
    >>> w.round(4).tolist()                 # no data gradient: the decay alone, 1 − 0.1·0.5
    [0.95]
    """

    _options = ("lr", "weight_decay", "betas", "eps", "schedule")
    _decoupled = True

    def __init__(self, params, *, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.01, decoupled_scale: str = "lr"):
        if decoupled_scale not in ("lr", "schedule"):
            raise ValueError(f"decoupled_scale must be 'lr' (PyTorch, Keras) or 'schedule' (the AdamW paper), "
                             f"got {decoupled_scale!r}")
        self.decoupled_scale = decoupled_scale
        _ListOptimizer.__init__(self, params, {"lr": lr, "weight_decay": weight_decay, "betas": betas,
                                               "eps": eps, "schedule": None})

    def _check_group(self, group, k):
        checked = super()._check_group(group, k)
        if group["schedule"] is not None:
            checked["schedule"] = as_positive_float(group["schedule"], f"schedule (group {k})")
        else:
            checked["schedule"] = None
        return checked

    def _decay(self, p, group):
        if np.any(group["weight_decay"]):
            # PyTorch/Keras: the decay follows the scheduled learning rate lr·η_t; the paper: η_t alone.
            scale = self._multiplier(group) * (group["lr"] if self.decoupled_scale == "lr" else 1.0)
            p *= 1.0 - scale * group["weight_decay"]
