"""Data-only values as JSON: what crosses the sandbox's wall in either direction.

Probe inputs go in and answers come out in this form, never as pickles. A value is a tree of tagged
nodes: ``{"t": "float", "v": "0.5"}``, ``{"t": "ndarray", "npy": <base64 of a .npy file>}``,
``{"t": "tuple", "items": [...]}``; anything else (a dict, a function, a subclass of ``str`` or of
``ndarray``) becomes ``{"t": "unserializable", "type": <its type's name>}``. Types are tested exactly
(``type(v) is float``), so no method of a student's object runs while encoding or decoding.

This file is run inside the sandbox as well as by the grader; it imports only NumPy and the
standard library.

Examples
--------
>>> node = encode((1, 2.5, "a"))
>>> decode(node)
(1, 2.5, 'a')
"""

from __future__ import annotations

import base64
import io

import numpy as np

MAX_NODES = 100_000
MAX_STR = 100_000
MAX_ARRAY_BYTES = 32 * 2**20
MAX_DEPTH = 16
ARRAY_KINDS = "biufc"  # bool, integers, floats, complex: numbers only, never objects or structures
NUMPY_SCALARS = (np.bool_, np.integer, np.floating, np.complexfloating)


class Budget:
    """How many nodes and array bytes are left; encoding stops with ``TooLarge`` when they run out."""

    def __init__(self, nodes: int = MAX_NODES, array_bytes: int = 4 * MAX_ARRAY_BYTES):
        self.nodes, self.array_bytes = nodes, array_bytes

    def take(self, nodes: int = 1, array_bytes: int = 0) -> None:
        self.nodes -= nodes
        self.array_bytes -= array_bytes
        if self.nodes < 0 or self.array_bytes < 0:
            raise TooLarge("the value is too large to be graded")


class TooLarge(ValueError):
    """The value exceeds the size caps."""


class _Unserializable:
    def __init__(self, type_name: str):
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"Unserializable({self.type_name!r})"


def _array_node(arr: np.ndarray, budget: Budget) -> dict:
    budget.take(array_bytes=int(arr.nbytes))
    buffer = io.BytesIO()
    np.save(buffer, arr, allow_pickle=False)
    return {"t": "ndarray", "npy": base64.b64encode(buffer.getvalue()).decode("ascii")}


def encode(value, budget: Budget | None = None, depth: int = 0) -> dict:
    """The tagged node of ``value`` (raises ``TooLarge`` past the caps)."""
    budget = budget if budget is not None else Budget()
    budget.take()
    kind = type(value)
    if value is None:
        return {"t": "none"}
    if kind is bool:
        return {"t": "bool", "v": bool(value)}
    if kind is int:
        text = int.__repr__(value)
        return {"t": "int", "v": text} if len(text) <= 4000 else {"t": "unserializable", "type": "int"}
    if kind is float:
        return {"t": "float", "v": float.__repr__(value)}
    if kind is str:
        if len(value) > MAX_STR:
            raise TooLarge("a string of the value is too long to be graded")
        return {"t": "str", "v": str.__str__(value)}
    if kind is np.ndarray:
        if value.dtype.kind not in ARRAY_KINDS or value.dtype.fields is not None:
            return {"t": "unserializable", "type": f"ndarray of dtype {value.dtype}"}
        return _array_node(value, budget)
    if kind in {np.dtype(c).type for c in "?bhilqBHILQefdgFDG"}:
        node = _array_node(np.asarray(value), budget)
        node["scalar"] = True
        return node
    if kind is tuple or kind is list:
        if depth >= MAX_DEPTH:
            raise TooLarge("the value is nested too deeply to be graded")
        items = [encode(item, budget, depth + 1) for item in (tuple.__iter__(value) if kind is tuple
                                                              else list.__iter__(value))]
        return {"t": "tuple" if kind is tuple else "list", "items": items}
    return {"t": "unserializable", "type": getattr(kind, "__name__", "object")
            if isinstance(getattr(kind, "__name__", None), str) else "object"}


def _load_array(text, scalar):
    if not isinstance(text, str) or len(text) > MAX_ARRAY_BYTES * 4 // 3 + 1024:
        raise TooLarge("an array is too large")
    raw = base64.b64decode(text.encode("ascii"), validate=True)
    arr = np.load(io.BytesIO(raw), allow_pickle=False)
    if type(arr) is not np.ndarray or arr.dtype.kind not in ARRAY_KINDS or arr.dtype.fields is not None:
        raise ValueError("not a numeric array")
    return arr[()] if scalar is True and arr.ndim == 0 else arr


def decode(node, unserializable=_Unserializable, raised=None, depth: int = 0, budget: Budget | None = None):
    """The value of a tagged ``node``; whatever is not well-formed data becomes ``unserializable(name)``.

    ``raised(type_name, message)`` builds the stand-in of a call that raised (``{"t": "raised"}``
    nodes, which only answers carry); without it such a node is unserializable as well.
    """
    budget = budget if budget is not None else Budget()
    try:
        budget.take()
    except TooLarge:
        return unserializable("value too large")
    if type(node) is not dict or type(node.get("t")) is not str:
        return unserializable("malformed data")
    tag = node["t"]
    value = node.get("v")
    try:
        if tag == "none":
            return None
        if tag == "bool" and type(value) is bool:
            return value
        if tag == "int" and type(value) is str and len(value) <= 4000:
            return int(value)
        if tag == "float" and type(value) is str and len(value) <= 64:
            return float(value)
        if tag == "str" and type(value) is str:
            return value
        if tag == "ndarray":
            return _load_array(node.get("npy"), node.get("scalar"))
        if tag in ("tuple", "list") and type(node.get("items")) is list and depth < MAX_DEPTH:
            items = [decode(item, unserializable, raised, depth + 1, budget) for item in node["items"]]
            return tuple(items) if tag == "tuple" else items
        if tag == "raised" and raised is not None and type(node.get("type")) is str \
                and type(node.get("message")) is str:
            return raised(node["type"][:200], node["message"][:2000])
        if tag == "unserializable" and type(node.get("type")) is str:
            return unserializable(node["type"][:200])
    except (ValueError, TypeError, OverflowError, EOFError, OSError):
        pass
    return unserializable("malformed data")


def same_data(a, b) -> bool:
    """True if two decoded values are the same data (arrays equal including NaNs, exact types)."""
    if type(a) is not type(b):
        return False
    if type(a) is np.ndarray:
        return a.shape == b.shape and a.dtype == b.dtype and bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if type(a) in (tuple, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b))
    if type(a) is float:
        return a == b or (a != a and b != b)
    return a == b
