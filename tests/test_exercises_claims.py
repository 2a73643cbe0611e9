"""The numbers that the exercises' feedback states are computed here, so a wrong claim fails."""

import numpy as np

from helpers import load_longley
from helpers.exercises import get


def test_05_2_feedback_states_the_least_squares_error_terms_of_the_longley_design():
    data = load_longley()
    A = np.column_stack([np.ones(len(data.y)), data.X])
    A = A / np.linalg.norm(A, axis=0)                      # columns scaled to unit length (Belsley)
    d = np.linalg.svd(A, compute_uv=False)
    kappa = d[0] / d[-1]
    coef, *_ = np.linalg.lstsq(A, data.y, rcond=None)
    fitted = A @ coef
    tan_theta = np.linalg.norm(data.y - fitted) / np.linalg.norm(fitted)
    assert round(kappa / 1e4, 1) == 4.3
    assert round(kappa**2 * tan_theta / 1e6, 1) == 6.5
    assert round(kappa**2 / 1e9, 1) == 1.9
    assert 250 < 1 / tan_theta < 350                      # "1/tan θ ≈ 300"
    assert kappa**2 * tan_theta > 100 * kappa              # the κ² tan θ term dominates
    praise = get("05.2").praise
    for stated in ("κ ≈ 4.3·10⁴", "κ²·tan θ ≈ 6.5·10⁶", "κ² ≈ 1.9·10⁹", "1/tan θ ≈ 300"):
        assert stated in praise
