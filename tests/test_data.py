"""The shipped data sets: checksums, shapes, and a published result reproduced on each."""

import shutil

import numpy as np
import pytest

from helpers import (
    fit_scaling,
    load_curvefitting,
    load_diabetes,
    load_longley,
    load_prostate,
    polynomial_features,
    ridge_fit,
    sample_sine,
)
from helpers.data import DATA_DIR, SHA256, DataFileError, read_verified


def test_every_file_is_present_and_matches_its_checksum():
    for name in SHA256:
        assert read_verified(name)


def test_missing_file_gets_a_clear_error(tmp_path):
    with pytest.raises(DataFileError, match="curvefitting.csv is missing"):
        load_curvefitting(data_dir=tmp_path)


def test_altered_file_gets_a_clear_error(tmp_path):
    shutil.copy(DATA_DIR / "longley.csv", tmp_path / "longley.csv")
    with open(tmp_path / "longley.csv", "a") as f:
        f.write("17,1,1,1,1,1,1,1963\n")
    with pytest.raises(DataFileError, match="longley.csv has been altered"):
        load_longley(data_dir=tmp_path)


def test_unknown_file_is_refused():
    with pytest.raises(ValueError, match="unknown data file"):
        read_verified("hitters.csv")


def test_shapes_and_names():
    assert load_curvefitting().X.shape == (10, 1)
    prostate = load_prostate()
    assert prostate.X.shape == (97, 8) and prostate.train.sum() == 67
    assert prostate.feature_names[0] == "lcavol" and prostate.target_name == "lpsa"
    assert prostate.X[31, 1] == pytest.approx(3.804438)  # the corrected second-edition row 32
    longley = load_longley()
    assert longley.X.shape == (16, 6) and longley.feature_names[0] == "GNPDEFL"
    diabetes = load_diabetes()
    assert diabetes.X.shape == (442, 10) and diabetes.target_name == "target"


# PRML Table 1.1 (REFERENCE_VALUES.md §4): w0 is the intercept, then w1..wM.
BISHOP_TABLE_1_1 = {
    0: [0.19],
    1: [0.82, -1.27],
    3: [0.31, 7.99, -25.43, 17.37],
    9: [0.35, 232.37, -5321.83, 48568.31, -231639.30, 640042.26, -1061800.52, 1042400.18, -557682.99, 125201.43],
}


@pytest.mark.parametrize("degree", [0, 1, 3])
def test_bishop_table_1_1_to_every_printed_digit(degree):
    data = load_curvefitting()
    if degree == 0:
        w = [data.y.mean()]
    else:
        fit = ridge_fit(polynomial_features(data.X[:, 0], degree), data.y, 0.0)
        w = [fit.intercept, *fit.coef]
    np.testing.assert_array_equal(np.round(w, 2), BISHOP_TABLE_1_1[degree])


def test_bishop_table_1_1_degree_nine_to_four_significant_figures():
    data = load_curvefitting()
    fit = ridge_fit(polynomial_features(data.X[:, 0], 9), data.y, 0.0)
    w = np.array([fit.intercept, *fit.coef])
    book = np.array(BISHOP_TABLE_1_1[9])
    assert round(w[0], 2) == book[0]  # printed to two decimals only
    four_figures = lambda v: float(f"{v:.4g}")  # noqa: E731
    assert [four_figures(v) for v in w[1:]] == [four_figures(v) for v in book[1:]]


def test_prostate_least_squares_test_error_is_esl_0_521():
    data = load_prostate()
    scaling = fit_scaling(data.X[data.train])
    fit = ridge_fit(scaling.apply(data.X[data.train]), data.y[data.train], 0.0)
    errors = (data.y[~data.train] - fit.predict(scaling.apply(data.X[~data.train]))) ** 2
    assert f"{errors.mean():.3f}" == "0.521"
    assert errors.std(ddof=1) / np.sqrt(30) == pytest.approx(0.179, abs=5e-4)


def test_prostate_least_squares_coefficients_under_esl_scaling():
    data = load_prostate()
    Z = fit_scaling(data.X, ddof=1).apply(data.X)  # ESL scales over all 97 rows
    fit = ridge_fit(Z[data.train], data.y[data.train], 0.0)
    book = [2.465, 0.680, 0.263, -0.141, 0.210, 0.305, -0.288, -0.021, 0.267]
    np.testing.assert_allclose([fit.intercept, *fit.coef], book, atol=6e-4)


NIST_LONGLEY = [-3482258.63459582, 15.0618722713733, -0.358191792925910e-01, -2.02022980381683,
                -1.03322686717359, -0.511041056535807e-01, 1829.15146461355]


def test_longley_certified_coefficients_to_nine_significant_digits():
    data = load_longley()
    fit = ridge_fit(data.X, data.y, 0.0)
    got = np.array([fit.intercept, *fit.coef])
    log_relative_error = -np.log10(np.abs(got - NIST_LONGLEY) / np.abs(NIST_LONGLEY))
    assert log_relative_error.min() >= 9


def test_diabetes_well_known_least_squares_coefficients():
    data = load_diabetes()
    # scikit-learn's load_diabetes() features: centred, scaled to unit sum of squares.
    centred = data.X - data.X.mean(axis=0)
    scaled = centred / np.sqrt((centred**2).sum(axis=0))
    fit = ridge_fit(scaled, data.y, 0.0)
    known = [-10.0, -239.8, 519.8, 324.4, -792.2, 476.7, 101.0, 177.1, 751.3, 67.6]
    np.testing.assert_allclose(fit.coef, known, atol=0.06)
    assert fit.intercept == pytest.approx(152.133, abs=5e-4)


def test_sample_sine_is_seeded_and_has_the_stated_noise():
    x1, t1 = sample_sine(2000, seed=5)
    x2, t2 = sample_sine(2000, seed=5)
    np.testing.assert_array_equal(t1, t2)
    assert np.all((0 <= x1) & (x1 <= 1))
    assert np.std(t1 - np.sin(2 * np.pi * x1)) == pytest.approx(0.3, rel=0.05)
    x3, _ = sample_sine(10, evenly_spaced=True)
    np.testing.assert_allclose(x3, np.linspace(0, 1, 10))
    with pytest.raises(ValueError, match="noise"):
        sample_sine(10, noise=-1.0)
