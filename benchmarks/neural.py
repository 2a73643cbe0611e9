"""One training step of lesson 07's digits network, ``helpers.neural`` against PyTorch on the CPU.

The network of the lesson's section 2: 64 inputs, 128 ReLU hidden units, 10 outputs, mean softmax
cross-entropy plus ``λ Σ‖W_l‖²`` on a mini-batch of 50 digits, then one AdamW step with decay on
the weight matrices only (two parameter groups). A step is the forward pass, backpropagation and the
update: ``mlp_loss_grad`` + ``AdamW.step`` against ``loss.backward()`` + ``torch.optim.AdamW.step``
(float64 on both sides, so that the results can be compared; both on one thread).
In each repetition both run the same sequence of steps one after the other, from the same start;
the table gives medians of the per-step times and of the per-repetition ratios, and checks that the
two agree after the steps. Target: the NumPy step at most 1.5× the PyTorch step. Skipped, saying
why, when PyTorch is not installed.
"""

from __future__ import annotations

import importlib.util
import time
from dataclasses import dataclass

import numpy as np

from .timing import median, ms, ratio

TARGET = 1.5
STEPS = 200
SIZES = [64, 128, 10]
BATCH = 50
LR, WEIGHT_DECAY, LAM = 3e-3, 0.01, 1e-3


@dataclass
class NeuralResult:
    available: bool
    reason: str = ""
    numpy_step: float = float("nan")
    torch_step: float = float("nan")
    ratio: float = float("nan")
    difference: float = float("nan")

    @property
    def met(self) -> bool:
        return self.available and self.ratio <= TARGET and self.difference < 1e-8


def _batches(n_steps, seed=0):
    from sklearn.datasets import load_digits

    digits = load_digits()
    X, y = digits.data / 16.0, digits.target
    rng = np.random.default_rng(seed)
    return [(X[rows], y[rows]) for rows in (rng.choice(len(y), size=BATCH, replace=False) for _ in range(n_steps))]


def _numpy_run(start, batches):
    from helpers.neural import _one_thread, decay_groups, mlp_loss_grad
    from helpers.optimizers import AdamW

    params = [p.copy() for p in start]
    opt = AdamW(decay_groups(params, WEIGHT_DECAY), lr=LR)
    times = []
    with _one_thread():
        for Xb, yb in batches:
            t0 = time.perf_counter()
            _, grads = mlp_loss_grad(params, Xb, yb, lam=LAM)
            opt.step(params, grads)
            times.append(time.perf_counter() - t0)
    return params, times


def _torch_run(torch, start, batches):
    params = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in start]
    opt = torch.optim.AdamW([{"params": params[::2], "weight_decay": WEIGHT_DECAY},
                             {"params": params[1::2], "weight_decay": 0.0}], lr=LR)
    data = [(torch.tensor(Xb), torch.tensor(yb)) for Xb, yb in batches]
    times = []
    for Xb, yb in data:
        t0 = time.perf_counter()
        opt.zero_grad()
        H = torch.relu(Xb @ params[0] + params[1])
        loss = torch.nn.functional.cross_entropy(H @ params[2] + params[3], yb)
        loss = loss + LAM * ((params[0] ** 2).sum() + (params[2] ** 2).sum())
        loss.backward()
        opt.step()
        times.append(time.perf_counter() - t0)
    return [p.detach().numpy() for p in params], times


def run(repeats: int = 5, log=print) -> NeuralResult:
    if importlib.util.find_spec("torch") is None:
        reason = "PyTorch is not installed (pip install torch, a CPU build); the NumPy step was not compared"
        log(f"  neural: skipped, {reason}")
        return NeuralResult(False, reason)
    import torch

    from helpers.neural import init_mlp

    threads = torch.get_num_threads()
    torch.set_num_threads(1)             # the same single thread the NumPy side gets
    start = init_mlp(SIZES, seed=0)
    batches = _batches(STEPS)
    _numpy_run(start, batches[:10]), _torch_run(torch, start, batches[:10])       # warm up both
    numpy_steps, torch_steps, ratios, difference = [], [], [], 0.0
    for _ in range(repeats):
        ours, t_np = _numpy_run(start, batches)
        theirs, t_torch = _torch_run(torch, start, batches)
        numpy_steps.append(median(t_np))
        torch_steps.append(median(t_torch))
        ratios.append(median(t_np) / median(t_torch))
        difference = max(float(np.abs(a - b).max()) for a, b in zip(ours, theirs))
    torch.set_num_threads(threads)
    result = NeuralResult(True, numpy_step=median(numpy_steps), torch_step=median(torch_steps),
                          ratio=median(ratios), difference=difference)
    log(f"  neural: NumPy {ms(result.numpy_step)} ms, PyTorch {ms(result.torch_step)} ms per step, "
        f"ratio {ratio(result.ratio)}")
    return result


def table(result: NeuralResult) -> list[str]:
    if not result.available:
        return [f"Not measured: {result.reason}."]
    return ["| network, batch | NumPy step (ms) | PyTorch step (ms) | NumPy ÷ PyTorch | largest difference after "
            f"{STEPS} steps |", "|---|---:|---:|---:|---:|",
            f"| {'-'.join(map(str, SIZES))}, {BATCH} rows | {ms(result.numpy_step)} | {ms(result.torch_step)} | "
            f"{ratio(result.ratio)} | {result.difference:.1e} |"]


def targets(result: NeuralResult) -> list[tuple[str, bool, str]]:
    if not result.available:
        return []
    return [(f"lesson 07's training step within {TARGET:g}× of PyTorch", result.met,
             f"{ratio(result.ratio)}, agreeing to {result.difference:.1e}")]
