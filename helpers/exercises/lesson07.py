"""Exercises of lesson 07: a network layer's decayed step, which parameters to exclude, AdamW's timescale."""

from __future__ import annotations

import numpy as np

from .framework import Array, ChoiceExercise, FunctionExercise, Mistake, Number, Pair, ValueExercise, register

# --- 07.1  one SGD step of a network layer with the penalty λ‖W‖² (bias not penalized) -------------


def _arr(v):
    return np.asarray(v, float)


def _layer_step(W, b, dW, db, lr, lam):
    return (1.0 - 2.0 * lr * lam) * _arr(W) - lr * _arr(dW), _arr(b) - lr * _arr(db)


def _layer_probes():
    rng = np.random.default_rng(70)
    cases = []
    for shape, lr, lam in (((3, 4), 0.05, 2.0), ((2, 2), 0.01, 10.0), ((5, 3), 0.2, 0.3), ((1, 6), 0.002, 25.0)):
        cases.append((rng.normal(size=shape), rng.normal(size=shape[1]), rng.normal(size=shape),
                      rng.normal(size=shape[1]), lr, lam))
    return cases


register(FunctionExercise(
    "07.1", task="Write layer_step(W, b, dW, db, lr, lam): one SGD step of a layer on the loss + λ‖W‖², "
                 "bias not penalized.",
    answer_name="layer_step", section="1 · A network from scratch",
    reference=_layer_step, probe_inputs=_layer_probes, form=Pair(Array(), Array(), names=("W_new", "b_new")),
    mistakes=[
        Mistake("penalized bias", "decayed the bias too: the penalty λΣ‖W_l‖² is on the weight matrices only, "
                "so the bias takes only its data step b − η·db",
                lambda W, b, dW, db, lr, lam: ((1 - 2 * lr * lam) * _arr(W) - lr * _arr(dW),
                                               (1 - 2 * lr * lam) * _arr(b) - lr * _arr(db))),
        Mistake("lambda/2 convention", "used the λ/2 convention: the gradient of λ‖W‖² is 2λW, so the factor is "
                "1 − 2ηλ, not 1 − ηλ",
                lambda W, b, dW, db, lr, lam: ((1 - lr * lam) * _arr(W) - lr * _arr(dW), _arr(b) - lr * _arr(db))),
        Mistake("decay without the learning rate", "forgot to multiply the penalty's gradient 2λW by η",
                lambda W, b, dW, db, lr, lam: ((1 - 2 * lam) * _arr(W) - lr * _arr(dW), _arr(b) - lr * _arr(db))),
        Mistake("penalty left out", "left the penalty out: this is the plain step W − η·dW",
                lambda W, b, dW, db, lr, lam: (_arr(W) - lr * _arr(dW), _arr(b) - lr * _arr(db))),
    ],
    praise="Each step multiplies W by 1 − 2ηλ and leaves the bias undecayed, as mlp_loss_grad's 2λW does."))


# --- 07.2  which parameters a PyTorch model's no-decay group should hold ----------------------------

_OPTIONS = {
    "a": "None: put every parameter in one group with weight_decay=0.1.",
    "b": "Only the biases: qkv.bias and fc.bias.",
    "c": "Every 1-D parameter: qkv.bias, fc.bias, ln.weight and ln.bias.",
    "d": "The two matrices that touch the vocabulary: embed.weight and head.weight.",
}

register(ChoiceExercise(
    "07.2", task="Multiple choice: which parameters of the small Transformer block go in the group with "
                 "weight_decay=0?",
    answer_name="no_decay", section="6 · The timescale of AdamW, and what practice excludes",
    options=_OPTIONS, correct="c", mistakes=[
        Mistake("decay everything", "decay every parameter: a bias or a normalization gain does not multiply "
                "an input, so shrinking it limits no capacity; it only pulls the layer's offset or the scale "
                "the normalization restored toward 0", "a"),
        Mistake("forgot the norm gains", "left the LayerNorm parameters in the decayed group: ln.weight is the "
                "gain the normalization multiplies by, and decaying it shrinks the very scale normalization sets; "
                "practice (nanoGPT, Hugging Face) excludes every 1-D parameter", "b"),
        Mistake("excluded the wrong matrices", "excluded the embedding and output matrices and kept the biases "
                "and gains; the matrices are what decay is for (embeddings are the one case practice is divided "
                "on), and the biases and gains are what it should leave alone", "d"),
    ],
    praise="The rule of nanoGPT and most codebases: decay the ≥ 2-D weights (matrices, embeddings), exclude "
           "every 1-D parameter (biases, normalization gains and shifts)."))


# --- 07.3  AdamW's timescale τ = 1/(η·λ) ------------------------------------------------------------

LR_3, WD_3 = 3e-4, 0.05

register(ValueExercise(
    "07.3", task="AdamW with lr = 3e-4 and weight_decay = 0.05 (PyTorch): the timescale τ in iterations.",
    answer_name="tau", section="6 · The timescale of AdamW, and what practice excludes",
    form=Number(), expected=lambda: 1.0 / (LR_3 * WD_3), rtol=1e-5, mistakes=[
        Mistake("paper parametrization", "took τ = 1/λ, as if the decay were not multiplied by the learning rate; "
                "PyTorch's AdamW shrinks by 1 − η·λ per step, so τ = 1/(η·λ)", lambda: 1.0 / WD_3),
        Mistake("product not inverse", "computed η·λ, the fraction decayed per step; the timescale is its "
                "inverse, the number of steps over which the weights average their updates",
                lambda: LR_3 * WD_3),
        Mistake("lambda/2 convention", "put a factor 2 into the decay (the 2λw of the penalty λ‖w‖²); AdamW's "
                "weight_decay multiplies the weights directly, 1 − η·λ per step, so τ = 1/(η·λ)",
                lambda: 1.0 / (2 * LR_3 * WD_3)),
        Mistake("learning rate only", "used only the learning rate, τ = 1/η", lambda: 1.0 / LR_3),
    ],
    praise="τ = 1/(η·λ) ≈ 66,700 iterations: the weights are an average of the updates of about that many "
           "recent steps."))


# --- 07.4  the λ to use when the data set doubles, at fixed τ in epochs ------------------------------

N_4, BATCH_4, LR_4, WD_4 = 50_000, 250, 1e-3, 0.1


def _wd_for(n_rows):
    tau_epochs = BATCH_4 / (LR_4 * WD_4 * N_4)          # τ in iterations × (batch / rows per epoch)
    return BATCH_4 / (LR_4 * n_rows * tau_epochs)


register(ValueExercise(
    "07.4", task="AdamW, 50,000 rows, batch 250, lr 1e-3, weight_decay 0.1: the weight_decay for 100,000 "
                 "rows at the same τ in epochs.",
    answer_name="wd_doubled", section="6 · The timescale of AdamW, and what practice excludes",
    form=Number(), expected=lambda: _wd_for(2 * N_4), rtol=1e-6, mistakes=[
        Mistake("kept weight_decay", "kept weight_decay: that keeps τ in *iterations*, and with twice the "
                "iterations per epoch τ in epochs halves", lambda: WD_4),
        Mistake("doubled weight_decay", "doubled weight_decay: more data needs *less* decay per step, since an "
                "epoch now takes twice the steps", lambda: 2 * WD_4),
        Mistake("square-root scaling", "scaled weight_decay by 1/√2; τ in epochs is B/(η·λ·N), so at fixed B and "
                "η, λ must fall as 1/N", lambda: WD_4 / np.sqrt(2)),
    ],
    praise="τ_epochs = B/(η·λ·N): at fixed batch and learning rate, λ ∝ 1/N, so doubling N halves λ."))
