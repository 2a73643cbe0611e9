"""Exercise of lesson 00: a first taste of how checks behave."""

from __future__ import annotations

import numpy as np

from .framework import FunctionExercise, Mistake, Number, register


def squared_l2_norm(w):
    """‖w‖² = Σ w_i² of a 1-D array."""
    return float(np.sum(np.asarray(w, dtype=float) ** 2))


def _probes():
    # negative entries (squaring versus abs versus plain sum), several lengths (mean versus sum)
    return [(np.array([1.0, -2.0, 0.5]),), (np.array([3.0, 4.0]),), (np.array([-1.5]),),
            (np.array([0.2, -0.7, 1.3, 2.0, -3.0]),)]


register(FunctionExercise(
    "00.1", task="Write squared_l2_norm(w): the sum of the squared weights, ‖w‖², of the 1-D array w.",
    answer_name="squared_l2_norm", section="Exercises: how the checks behave",
    reference=squared_l2_norm, probe_inputs=_probes, form=Number(),
    mistakes=[
        Mistake("norm not squared", "returned the norm ‖w‖ itself; the penalty uses its square, Σ w_i²",
                lambda w: float(np.sqrt(np.sum(np.asarray(w, float) ** 2)))),
        Mistake("sum without squaring", "summed the weights without squaring them (negative weights "
                "would then lower the penalty)", lambda w: float(np.sum(w))),
        Mistake("L1 norm", "summed absolute values: that is the L1 norm ‖w‖₁ of lesson 06, not the "
                "squared L2 norm", lambda w: float(np.sum(np.abs(w)))),
        Mistake("mean instead of sum", "took the mean of the squares; the penalty is their sum, Σ w_i²",
                lambda w: float(np.mean(np.asarray(w, float) ** 2))),
    ],
    praise="‖w‖² is the quantity L2 regularization penalizes."))
