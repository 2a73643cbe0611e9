"""Input checks shared by the public helpers, the explorers and the plotting functions.

Every public function validates what a learner passes in, so that a mistake surfaces as a
``ValueError``/``TypeError`` naming the argument, saying what is expected and what was given, never
as a traceback from deep inside NumPy, matplotlib or ipywidgets. The rules, in one place:

- arrays are real and finite, of the right dimension and length: complex, boolean, object, string
  and date arrays are refused (NumPy would drop an imaginary part or read ``True`` as 1 silently);
- labels are 0 and 1; flags are ``True``/``False`` (not ``"no"``, which is truthy);
- seeds are what ``np.random.default_rng`` accepts from a learner: a whole number >= 0, or ``None``;
- learning rates, tolerances and step counts are positive; ranges are given low to high.

Examples
--------
>>> as_vector([1, 2, 3]).tolist()
[1.0, 2.0, 3.0]
>>> as_vector([1 + 2j, 3])
Traceback (most recent call last):
...
TypeError: y must be a 1-D array of real numbers, got an array of complex numbers
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence

import numpy as np

# What NumPy's dtype kinds are called in a message.
_KIND_NAMES = {"b": "booleans", "c": "complex numbers", "O": "Python objects", "U": "strings", "S": "bytes",
               "V": "raw records", "M": "dates", "m": "time differences"}


def _describe(value) -> str:
    """A short description of ``value`` for an error message: its type, and the value when short."""
    text = repr(value)
    return f"{type(value).__name__} {text}" if len(text) <= 40 else type(value).__name__


def _real_array(value, name: str, shape_text: str) -> np.ndarray:
    """``value`` as a float array, refusing anything that is not an array of real numbers."""
    what = f"{name} must be {shape_text} of real numbers"
    if value is None or isinstance(value, (str, bytes, Mapping, set)) or callable(value):
        raise TypeError(f"{what}, got {_describe(value)}")
    try:
        with np.errstate(all="ignore"):
            array = np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged nested lists
        raise TypeError(f"{what}, got a ragged or unreadable {type(value).__name__}") from exc
    kind = array.dtype.kind
    if kind in _KIND_NAMES:
        raise TypeError(f"{what}, got an array of {_KIND_NAMES[kind]}")
    return array.astype(float, copy=False)


def _check_finite(array: np.ndarray, name: str) -> None:
    if not np.all(np.isfinite(array)):
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise ValueError(f"{name} contains NaN or infinite values ({bad} of them); clean or impute them first")


def as_matrix(X, name: str = "X") -> np.ndarray:
    """Return ``X`` as a finite float array of shape ``(n, p)`` with ``n, p >= 1``."""
    A = _real_array(X, name, "a 2-D array (n_samples, n_features)")
    if A.ndim != 2:
        raise ValueError(f"{name} must be 2-D with shape (n_samples, n_features), got shape {A.shape}")
    if A.shape[0] == 0 or A.shape[1] == 0:
        raise ValueError(f"{name} must have at least one row and one column, got shape {A.shape}")
    _check_finite(A, name)
    return A


def as_vector(y, name: str = "y", n: int | None = None, *, of: str = "X has {n} rows", min_size: int = 1) -> np.ndarray:
    """Return ``y`` as a finite 1-D float array with at least ``min_size`` entries (exactly ``n`` when given).

    ``of`` says where ``n`` comes from, for the message (``"X has {n} rows"`` by default).
    """
    v = _real_array(y, name, "a 1-D array")
    if v.ndim != 1:
        raise ValueError(f"{name} must be 1-D with shape (n_samples,), got shape {v.shape}")
    if n is not None and v.shape[0] != n:
        raise ValueError(f"{name} has {v.shape[0]} entries but {of.format(n=n)}; they must match")
    if v.shape[0] < min_size:
        raise ValueError(f"{name} must have at least {min_size} entries, got {v.shape[0]}")
    _check_finite(v, name)
    return v


def as_array(values, name: str, *, ndim: int | None = None, shape: tuple | None = None,
             allow_nonfinite: bool = False) -> np.ndarray:
    """Return ``values`` as a float array of ``ndim`` dimensions (or exactly ``shape``; ``None`` entries match any size)."""
    a = _real_array(values, name, f"a {ndim}-D array" if ndim is not None else "an array")
    if ndim is not None and a.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {a.shape}")
    if shape is not None and (a.ndim != len(shape) or any(s is not None and s != t for s, t in zip(shape, a.shape))):
        wanted = "(" + ", ".join("any" if s is None else str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"
        raise ValueError(f"{name} must have shape {wanted}, got shape {a.shape}")
    if a.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not allow_nonfinite:
        _check_finite(a, name)
    return a


def as_labels(y, name: str = "y", n: int | None = None, *, both: bool = True) -> np.ndarray:
    """Return class labels as a float vector of 0s and 1s; with ``both``, both classes must occur."""
    y = as_vector(y, name, n)
    if not np.all((y == 0) | (y == 1)):
        seen = np.unique(y)[:5].tolist()
        raise ValueError(f"{name} must contain only the labels 0 and 1, got values such as {seen}")
    if both and y.min() == y.max():
        raise ValueError(f"{name} must contain both labels 0 and 1; with one class there is no finite optimum")
    return y


def _as_real_scalar(value, name: str, expected: str) -> float:
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {expected}, got {_describe(value)}")
    return float(value)


def as_number(value, name: str, *, low: float = -math.inf, high: float = math.inf,
              low_open: bool = False, high_open: bool = False) -> float:
    """Return a single finite real number in the interval from ``low`` to ``high`` (closed unless ``*_open``)."""
    left, right = "(" if low_open else "[", ")" if high_open else "]"
    bounds = "" if (low, high) == (-math.inf, math.inf) else f" in {left}{low:g}, {high:g}{right}"
    value = _as_real_scalar(value, name, f"a finite number{bounds}")
    if (not math.isfinite(value) or value < low or value > high
            or (low_open and value == low) or (high_open and value == high)):
        raise ValueError(f"{name} must be a finite number{bounds}, got {value}")
    return value


def as_lambda(lam, name: str = "lam") -> float:
    """Return a penalty strength as a float, requiring it to be finite and non-negative."""
    value = _as_real_scalar(lam, name, "a single non-negative number")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value}")
    return value


def as_lambdas(lams, name: str = "lams") -> np.ndarray:
    """Return a grid of penalty strengths as a finite, non-negative, non-empty 1-D float array."""
    grid = np.atleast_1d(_real_array(lams, name, "a 1-D array"))
    if grid.ndim != 1 or grid.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of non-negative numbers, got shape {grid.shape}")
    if not np.all(np.isfinite(grid)) or np.any(grid < 0):
        raise ValueError(f"{name} must contain only finite numbers >= 0, got {grid}")
    return grid


def as_positive_int(value, name: str, minimum: int = 1) -> int:
    """Return ``value`` as an int that is at least ``minimum``."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iu":
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number >= {minimum}, got {_describe(value)}")
    if value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value}")
    return int(value)


def as_whole_numbers(values, name: str, minimum: int = 1) -> tuple[int, ...]:
    """Return a non-empty sequence of whole numbers, each at least ``minimum``, as a tuple of ints."""
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)) or len(values) == 0:
        raise TypeError(f"{name} must be a non-empty sequence of whole numbers >= {minimum}, got {_describe(values)}")
    return tuple(as_positive_int(v, f"{name}[{k}]", minimum) for k, v in enumerate(values))


def as_positive_float(value, name: str) -> float:
    """Return ``value`` as a finite float > 0 (a learning rate, a tolerance, a noise level)."""
    return as_number(value, name, low=0.0, low_open=True)


def as_nonnegative_float(value, name: str) -> float:
    """Return ``value`` as a finite float >= 0 (a noise level that may be switched off)."""
    return as_number(value, name, low=0.0)


def as_bool(value, name: str) -> bool:
    """Return ``value`` if it is ``True`` or ``False``; a string such as ``"no"`` is refused, not read as true."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_describe(value)}")
    return bool(value)


def as_seed(seed, name: str = "seed") -> int | None:
    """Return a seed for ``np.random.default_rng``: a whole number >= 0, or ``None`` for fresh entropy."""
    if seed is None:
        return None
    return as_positive_int(seed, name, minimum=0)


def as_range(value, name: str, *, low: float = -math.inf, positive: bool = False) -> tuple[float, float]:
    """Return a pair ``(low, high)`` of finite numbers with ``low < high`` (both > 0 when ``positive``)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)) or len(value) != 2:
        raise TypeError(f"{name} must be a pair (low, high) of numbers, got {_describe(value)}")
    lo = as_number(value[0], f"{name}[0]", low=0.0 if positive else low, low_open=positive)
    hi = as_number(value[1], f"{name}[1]", low=0.0 if positive else low, low_open=positive)
    if not lo < hi:
        raise ValueError(f"{name} must be given low to high with low < high, got ({lo:g}, {hi:g})")
    return lo, hi


def as_choice(value, name: str, choices: Sequence):
    """Return ``value`` if it is one of ``choices``."""
    try:
        ok = value in choices
    except TypeError:
        ok = False
    if isinstance(value, bool) and not any(c is value for c in choices):
        ok = False  # True == 1 must not pass for the choice 1
    if not ok:
        raise ValueError(f"{name} must be one of {list(choices)}, got {_describe(value)}")
    return value


def as_text(value, name: str, *, optional: bool = False) -> str | None:
    """Return ``value`` if it is a string (or ``None``, when ``optional``)."""
    if optional and value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string{' or None' if optional else ''}, got {_describe(value)}")
    return value


def as_names(names, name: str = "names", n: int | None = None) -> tuple[str, ...]:
    """Return a sequence of strings (exactly ``n`` of them when given) as a tuple."""
    if isinstance(names, (str, bytes)) or not isinstance(names, (Sequence, np.ndarray)):
        raise TypeError(f"{name} must be a sequence of strings, got {_describe(names)}")
    names = tuple(names)
    if not all(isinstance(s, str) for s in names):
        raise TypeError(f"{name} must contain only strings, got {list(names)[:5]}")
    if n is not None and len(names) != n:
        raise ValueError(f"{name} has {len(names)} entries but {n} are needed, one per column")
    return names


def as_mapping(value, name: str, *, min_size: int = 1) -> Mapping:
    """Return ``value`` if it is a mapping (a dict) with at least ``min_size`` entries."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping (a dict), got {_describe(value)}")
    if len(value) < min_size:
        raise ValueError(f"{name} must be a mapping (a dict) with at least {min_size} "
                         f"entr{'y' if min_size == 1 else 'ies'}, got {len(value)}")
    return value


def as_axes(ax, name: str = "ax"):
    """Return ``ax`` if it is a matplotlib ``Axes`` (the plotting functions draw on the axes they are given)."""
    from matplotlib.axes import Axes  # matplotlib is imported only where something is drawn

    if not isinstance(ax, Axes):
        raise TypeError(f"{name} must be a Matplotlib Axes (for example from plt.subplots()), got {_describe(ax)}")
    return ax


def as_axes_list(axes, name: str = "axes", n: int | None = None) -> list:
    """Return a sequence (or array, as from ``plt.subplots``) of matplotlib ``Axes`` as a list, ``n`` of them when given."""
    if isinstance(axes, (str, bytes)) or not isinstance(axes, (Sequence, np.ndarray)):
        raise TypeError(f"{name} must be a sequence of Matplotlib Axes (for example from plt.subplots(1, k)), "
                        f"got {_describe(axes)}")
    items = list(np.ravel(np.asarray(axes, dtype=object))) if isinstance(axes, np.ndarray) else list(axes)
    for k, ax in enumerate(items):
        as_axes(ax, f"{name}[{k}]")
    if not items:
        raise ValueError(f"{name} must hold at least one Axes, got none")
    if n is not None and len(items) != n:
        raise ValueError(f"{name} must hold {n} Axes, got {len(items)}")
    return items


def as_figure(figure, name: str = "figure"):
    """Return ``figure`` if it is a matplotlib ``Figure`` (or a subfigure)."""
    from matplotlib.figure import FigureBase

    if not isinstance(figure, FigureBase):
        raise TypeError(f"{name} must be a Matplotlib Figure (for example from plt.figure()), got {_describe(figure)}")
    return figure


def as_color(value, name: str = "color"):
    """Return ``value`` if Matplotlib reads it as a colour (``"C0"``, ``"#0072B2"``, ``"0.5"``, an RGB tuple)."""
    from matplotlib.colors import is_color_like

    if value is None or isinstance(value, (bool, np.bool_)) or not is_color_like(value):
        raise TypeError(f"{name} must be a Matplotlib colour (a name such as 'C0', '#0072B2' or an RGB tuple), "
                        f"got {_describe(value)}")
    return value


def as_curves(curves, name: str = "curves", n: int | None = None, *, of: str = "x has {n} entries",
              min_size: int = 1, positive: bool = False) -> dict:
    """Return a mapping ``{label: values}`` as a dict of string labels and finite 1-D float arrays.

    With ``n`` every array has exactly ``n`` entries (``of`` says where ``n`` comes from); with ``positive``
    every value is > 0 (the curves are drawn on a log axis).
    """
    out = {}
    for label, values in as_mapping(curves, name, min_size=min_size).items():
        label = as_text(label, f"a label of {name}")
        out[label] = as_vector(values, f"{name}[{label!r}]", n, of=of)
        if positive:
            require_positive(out[label], f"{name}[{label!r}]")
    return out


def as_colored_curves(curves, name: str = "curves", n: int | None = None, *, of: str = "x has {n} entries") -> dict:
    """Return a mapping ``{label: (values, colour)}`` with each ``values`` a finite 1-D float array."""
    out = {}
    for label, entry in as_mapping(curves, name).items():
        label = as_text(label, f"a label of {name}")
        if isinstance(entry, (str, bytes)) or not isinstance(entry, Sequence) or len(entry) != 2:
            raise TypeError(f"{name}[{label!r}] must be a pair (values, colour), got {_describe(entry)}")
        out[label] = (as_vector(entry[0], f"{name}[{label!r}] values", n, of=of),
                      as_color(entry[1], f"{name}[{label!r}] colour"))
    return out


def require_positive(values: np.ndarray, name: str, why: str = "it is drawn on a log axis") -> np.ndarray:
    """Return ``values`` if every entry is > 0; ``why`` says what needs it."""
    if np.any(values <= 0):
        raise ValueError(f"{name} must contain only numbers > 0 ({why}), got a smallest value of {values.min():g}")
    return values


def require_nonnegative(values: np.ndarray, name: str, why: str) -> np.ndarray:
    """Return ``values`` if every entry is >= 0; ``why`` says what they are."""
    if np.any(values < 0):
        raise ValueError(f"{name} must contain only numbers >= 0 ({why}), got a smallest value of {values.min():g}")
    return values


def power_of_two_scale(a: np.ndarray) -> float:
    """A power of two near ``max |a|`` (1 for an all-zero array): dividing by it is exact in floating point."""
    top = float(np.max(np.abs(a))) if a.size else 0.0
    return 1.0 if top == 0 else math.ldexp(1.0, math.frexp(top)[1] - 1)  # top / scale in [1, 2)


def is_extreme(a: np.ndarray, limit: float = 1e100) -> bool:
    """Whether ``a`` holds magnitudes where squares or sums could overflow or underflow double precision."""
    top = float(np.max(np.abs(a))) if a.size else 0.0
    return top > limit or 0 < top < 1.0 / limit
