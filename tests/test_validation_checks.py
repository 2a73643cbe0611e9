"""The input checks the plotting functions and explorers share (helpers/_validation.py): what each accepts, what
it refuses and what its message says."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers._validation import (
    as_axes_list,
    as_color,
    as_colored_curves,
    as_curves,
    as_figure,
    as_range,
    as_text,
    as_whole_numbers,
    require_nonnegative,
    require_positive,
)


def test_as_axes_list_takes_a_list_or_the_array_of_plt_subplots():
    figure = Figure()
    grid = figure.subplots(2, 2)
    assert as_axes_list(grid) == list(grid.ravel())
    assert as_axes_list(tuple(grid[0]), n=2) == list(grid[0])
    with pytest.raises(ValueError, match="axes must hold 3 Axes, got 4"):
        as_axes_list(grid, n=3)
    with pytest.raises(TypeError, match=r"axes\[1\] must be a Matplotlib Axes.*got str 'x'"):
        as_axes_list([grid[0, 0], "x"])
    with pytest.raises(TypeError, match="axes must be a sequence of Matplotlib Axes"):
        as_axes_list(grid[0, 0])
    with pytest.raises(ValueError, match="at least one Axes"):
        as_axes_list([])


def test_as_figure_takes_figures_and_subfigures_only():
    figure = Figure()
    assert as_figure(figure) is figure
    assert as_figure(figure.subfigures(1, 2)[0]) is not None
    with pytest.raises(TypeError, match="figure must be a Matplotlib Figure.*got Axes"):
        as_figure(figure.add_subplot())


@pytest.mark.parametrize("colour", ["C0", "#0072B2", "0.5", "black", (0.1, 0.2, 0.3), (0.1, 0.2, 0.3, 0.5)])
def test_as_color_takes_what_matplotlib_reads_as_a_colour(colour):
    assert as_color(colour) == colour


@pytest.mark.parametrize("bad", [None, 7, True, "notacolour", (1, 2), [0.1, 0.2, 3.0]])
def test_as_color_refuses_the_rest_naming_the_argument(bad):
    with pytest.raises(TypeError, match="edge must be a Matplotlib colour"):
        as_color(bad, "edge")


def test_as_curves_checks_labels_values_and_lengths():
    curves = as_curves({"a": [1, 2, 3], "b": np.arange(3)}, "curves", 3)
    assert list(curves) == ["a", "b"] and curves["b"].dtype == float
    with pytest.raises(ValueError, match=r"curves\['a'\] has 2 entries but x has 3 entries"):
        as_curves({"a": [1, 2]}, "curves", 3)
    with pytest.raises(TypeError, match="a label of curves must be a string, got int 3"):
        as_curves({3: [1.0]}, "curves")
    with pytest.raises(ValueError, match=r"curves\['a'\] contains NaN"):
        as_curves({"a": [1.0, np.nan]}, "curves")
    with pytest.raises(ValueError, match=r"curves must be a mapping \(a dict\) with at least 1 entry, got 0"):
        as_curves({}, "curves")
    with pytest.raises(TypeError, match=r"curves must be a mapping \(a dict\), got list"):
        as_curves([1.0, 2.0], "curves")
    with pytest.raises(ValueError, match=r"curves\['a'\] must contain only numbers > 0"):
        as_curves({"a": [1.0, 0.0]}, "curves", positive=True)


def test_as_colored_curves_wants_pairs_of_values_and_colour():
    out = as_colored_curves({"a": ([1, 2], "C0")}, "curves", 2, of="steps has {n} entries")
    assert out["a"][0].tolist() == [1.0, 2.0] and out["a"][1] == "C0"
    with pytest.raises(TypeError, match=r"curves\['a'\] must be a pair \(values, colour\)"):
        as_colored_curves({"a": [1.0, 2.0, 3.0]}, "curves")
    with pytest.raises(TypeError, match=r"curves\['a'\] colour must be a Matplotlib colour"):
        as_colored_curves({"a": ([1.0], 5)}, "curves")
    with pytest.raises(ValueError, match=r"curves\['a'\] values has 1 entries but steps has 2 entries"):
        as_colored_curves({"a": ([1.0], "C0")}, "curves", 2, of="steps has {n} entries")


def test_require_positive_and_nonnegative_say_why():
    values = np.array([1.0, 2.0])
    assert require_positive(values, "lams") is values and require_nonnegative(values, "se", "errors") is values
    with pytest.raises(ValueError, match=r"lams must contain only numbers > 0 \(it is drawn on a log axis\), "
                                         "got a smallest value of 0"):
        require_positive(np.array([0.0, 1.0]), "lams")
    with pytest.raises(ValueError, match=r"se must contain only numbers >= 0 \(standard errors\), got a smallest "
                                         "value of -1"):
        require_nonnegative(np.array([-1.0, 1.0]), "se", "standard errors")


def test_as_whole_numbers():
    assert as_whole_numbers([5, np.int64(10)], "folds", minimum=2) == (5, 10)
    with pytest.raises(ValueError, match=r"folds\[1\] must be a whole number >= 2, got 1"):
        as_whole_numbers((5, 1), "folds", minimum=2)
    with pytest.raises(TypeError, match=r"folds\[0\] must be a whole number >= 2, got float 5.0"):
        as_whole_numbers([5.0], "folds", minimum=2)
    for bad in ([], "510", 5, None):
        with pytest.raises(TypeError, match="folds must be a non-empty sequence of whole numbers"):
            as_whole_numbers(bad, "folds")


def test_as_text_optional():
    assert as_text(None, "title", optional=True) is None
    assert as_text("t", "title", optional=True) == "t"
    with pytest.raises(TypeError, match="title must be a string or None, got int 3"):
        as_text(3, "title", optional=True)
    with pytest.raises(TypeError, match="title must be a string, got NoneType None"):
        as_text(None, "title")


def test_as_range_positive_for_a_log_axis():
    assert as_range((0.01, 10), "ylim", positive=True) == (0.01, 10.0)
    with pytest.raises(ValueError, match=r"ylim\[0\] must be a finite number in \(0, inf\]"):
        as_range((0.0, 10.0), "ylim", positive=True)
