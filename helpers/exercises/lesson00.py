"""Exercise of lesson 00: a first taste of how checks behave."""

from __future__ import annotations

import numpy as np

from .framework import compare_function, exercise


def _reference(w):
    return float(np.sum(np.asarray(w, dtype=float) ** 2))


@exercise("00.1", task="Write squared_l2_norm(w): the sum of the squared weights, ‖w‖².",
          answer_name="squared_l2_norm")
def judge_squared_norm(answer):
    cases = [([1.0, -2.0, 0.5],), ([3.0, 4.0],), (np.array([-1.5]),), (np.zeros(4),)]
    compare_function(answer, _reference, cases, name="squared_l2_norm", mistakes={
        "returned the norm ‖w‖ itself; the penalty uses its square, Σ w_i²":
            lambda w: float(np.sqrt(np.sum(np.asarray(w, dtype=float) ** 2))),
        "summed the weights without squaring them (negative weights would then lower the penalty)":
            lambda w: float(np.sum(w)),
        "summed absolute values: that is the L1 norm ‖w‖₁ of lesson 06, not the squared L2 norm":
            lambda w: float(np.sum(np.abs(w))),
    })
    return "‖w‖² is the quantity L2 regularization penalizes."
