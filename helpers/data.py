"""The course's real data sets, read from ``data/`` and checked against their recorded SHA-256.

Nothing is downloaded: the files ship with the course (see ``data/README.md`` for each one's source,
licence and citation). A missing or altered file raises an error that says which file and what to do.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ._validation import as_array, as_bool, as_nonnegative_float, as_positive_int, as_seed, as_text

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

SHA256 = {
    "curvefitting.csv": "7f2b19086dc42562a2d9930aacf9827beb88bab50752fc3a060d88fa804e5483",
    "prostate.tsv": "8f2aa9d671fa7f42593847482a049c5810a7ec65546b7c8cd8921191425fb373",
    "longley.csv": "0927ec7cc34edb5670920cb2ff1542e46de27a2010746e1662f4276cf3569a24",
    "diabetes.csv": "3b271426c1bd56aebb217e16eb31a4b0f5a5669fe59258d6c6c65411a115cd22",
}


class DataFileError(RuntimeError):
    """A course data file is missing or its bytes differ from the recorded checksum."""


@dataclass(frozen=True)
class Dataset:
    """A data set as arrays: ``X`` is ``(n, p)``, ``y`` is ``(n,)``; ``train`` marks training rows if the source splits."""

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    target_name: str
    train: np.ndarray | None = None
    description: str = field(default="", repr=False)


def _data_dir(data_dir) -> Path:
    if data_dir is not None:
        if not isinstance(data_dir, (str, os.PathLike)):
            raise TypeError(f"data_dir must be a folder path (str or pathlib.Path) or None, got {type(data_dir).__name__}")
        return Path(data_dir)
    return Path(os.environ.get("L2_COURSE_DATA", DATA_DIR))


def read_verified(name: str, data_dir=None) -> str:
    """Return the text of ``data/<name>`` after checking its SHA-256."""
    as_text(name, "name")
    if name not in SHA256:
        raise ValueError(f"unknown data file {name!r}; the course ships {sorted(SHA256)}")
    path = _data_dir(data_dir) / name
    if not path.is_file():
        raise DataFileError(f"data file {name} is missing from the course's data/ folder; "
                            "restore it with `git checkout -- data/`")
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SHA256[name]:
        raise DataFileError(f"data file {name} has been altered (SHA-256 {digest[:12]}…, expected "
                            f"{SHA256[name][:12]}…); restore it with `git checkout -- data/`")
    return raw.decode("utf-8")


def _rows(text: str, sep: str | None):
    lines = [line for line in text.splitlines() if line.strip()]
    split = (lambda s: s.split(sep)) if sep else str.split
    header = [h.strip().strip('"') for h in split(lines[0])]
    return header, [split(line) for line in lines[1:]]


def load_curvefitting(data_dir=None) -> Dataset:
    """Bishop's ten points (PRML §1.1): ``X`` is ``(10, 1)`` holding x, ``y`` is t = sin(2πx) + noise."""
    header, rows = _rows(read_verified("curvefitting.csv", data_dir), ",")
    values = np.array(rows, dtype=float)
    return Dataset(values[:, :1], values[:, 1], (header[0],), header[1],
                   description="Bishop (2006), PRML §1.1: t = sin(2πx) + Gaussian noise, σ = 0.3")


def load_prostate(data_dir=None) -> Dataset:
    """The prostate cancer data (ESL ch. 3): 8 predictors, response ``lpsa``, ``train`` is ESL's 67/30 split."""
    header, rows = _rows(read_verified("prostate.tsv", data_dir), None)
    # Each row starts with an id that has no header; the last column is the T/F split flag.
    names = header[:-2]
    X = np.array([r[1:9] for r in rows], dtype=float)
    y = np.array([r[9] for r in rows], dtype=float)
    train = np.array([r[10] == "T" for r in rows])
    return Dataset(X, y, tuple(names), header[-2], train,
                   description="Stamey et al. (1989); ESL §3.2–3.5, Table 3.3")


def load_longley(data_dir=None) -> Dataset:
    """The Longley (1967) data: 6 predictors of ``TOTEMP`` over 1947–1962 (NIST StRD)."""
    header, rows = _rows(read_verified("longley.csv", data_dir), ",")
    values = np.array(rows, dtype=float)
    return Dataset(values[:, 2:], values[:, 1], tuple(header[2:]), header[1],
                   description="Longley (1967); NIST StRD certified values")


def load_diabetes(data_dir=None) -> Dataset:
    """The diabetes data (Efron et al. 2004): 10 raw baseline variables, response ``target``."""
    header, rows = _rows(read_verified("diabetes.csv", data_dir), ",")
    values = np.array(rows, dtype=float)
    return Dataset(values[:, :-1], values[:, -1], tuple(header[:-1]), header[-1],
                   description="Efron, Hastie, Johnstone & Tibshirani (2004), as shipped in scikit-learn")


def true_curve(x):
    """The curve behind Bishop's data, ``sin(2πx)``, for a number or an array of finite numbers.

    Examples
    --------
    >>> true_curve([0.0, 0.25]).round(6).tolist()
    [0.0, 1.0]
    """
    scalar = isinstance(x, (int, float, np.number)) and not isinstance(x, (bool, np.bool_))
    values = as_array(np.atleast_1d(x) if scalar else x, "x")
    curve = np.sin(2 * np.pi * values)
    return curve.reshape(()) if scalar else curve


def sample_sine(n: int, *, noise: float = 0.3, seed: int = 0, evenly_spaced: bool = False):
    """Fresh ``(x, t)`` from Bishop's source: ``t = sin(2πx) + N(0, noise²)``, x on [0, 1].

    x is uniform at random, or evenly spaced like Bishop's training points when ``evenly_spaced``.

    Examples
    --------
    >>> x, t = sample_sine(5, seed=1)
    >>> x.shape, t.shape
    ((5,), (5,))
    """
    n = as_positive_int(n, "n")
    noise = as_nonnegative_float(noise, "noise")
    seed = as_seed(seed)
    evenly_spaced = as_bool(evenly_spaced, "evenly_spaced")
    rng = np.random.default_rng(seed)
    x = np.linspace(0.0, 1.0, n) if evenly_spaced else np.sort(rng.uniform(0.0, 1.0, n))
    return x, true_curve(x) + noise * rng.normal(size=n)
