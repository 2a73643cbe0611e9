"""Bad input to every public callable of the helper package gets a clear error.

The callables are found by introspection: every public name of ``helpers``, of each of its modules
(``helpers.neural`` or a new explorer is covered the day it is added) and the public methods of its
result records (``Fit.predict``). Each needs one valid example call in ``tests/fuzz_examples.py``
(``EXAMPLES["module.qualname"] = lambda: call(...)``); ``test_every_public_callable_has_an_example``
fails, naming the file, for one without. From each example, one argument at a time is replaced by a
bad value of its kind: NaN, inf, complex, strings, ``None``, object and boolean arrays, ``True`` as a
number, ``"no"`` as a flag, a string as the axes. Each such call must raise ``ValueError`` or
``TypeError`` from the course's own code, with a message that names the argument: a call that
returns (silent acceptance, or a NaN), or fails inside NumPy, matplotlib or ipywidgets, fails here.

To register a new module: nothing beyond adding its examples; modules that are not the learners'
API (instructor tools, exercises) are listed in ``EXCLUDED_MODULES`` with the reason.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import math
import pkgutil
import traceback
from pathlib import Path

import numpy as np
import pytest
from fuzz_examples import EXAMPLES, EXEMPT  # tests/ is on sys.path (rootdir-relative import)
from matplotlib.axes import Axes

import helpers

HELPERS_DIR = Path(helpers.__file__).resolve().parent
EXCLUDED_MODULES = {
    "helpers.exercises": "exercise checks, tested by tests/test_exercises_contract.py",
}


def _modules():
    names = ["helpers"] + [m.name for m in pkgutil.walk_packages(helpers.__path__, "helpers.")]
    for name in names:
        if any(p.startswith("_") for p in name.split(".")[1:]):
            continue
        if any(name == ex or name.startswith(ex + ".") for ex in EXCLUDED_MODULES):
            continue
        yield importlib.import_module(name)


def _is_record(cls) -> bool:
    return dataclasses.is_dataclass(cls) or (issubclass(cls, tuple) and hasattr(cls, "_fields"))


def public_callables() -> dict[str, object]:
    found = {}
    for module in _modules():
        names = getattr(module, "__all__", None)
        if names is None:
            names = [n for n, o in vars(module).items() if not n.startswith("_")
                     and getattr(o, "__module__", None) == module.__name__]
        for name in names:
            obj = getattr(module, name)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if not getattr(obj, "__module__", "").startswith("helpers"):
                continue
            if inspect.isclass(obj) and issubclass(obj, BaseException):
                continue
            key = f"{obj.__module__}.{obj.__qualname__}"
            if inspect.isclass(obj) and _is_record(obj):
                # A record holds results; what it does with them (predict, apply) is fuzzed.
                for meth, fn in vars(obj).items():
                    if not meth.startswith("_") and inspect.isfunction(fn):
                        found[f"{key}.{meth}"] = fn
                continue
            if key.startswith("helpers.") and not any(key.startswith(ex + ".") for ex in EXCLUDED_MODULES):
                found[key] = obj
    return {k: v for k, v in sorted(found.items()) if k not in EXEMPT}


CALLABLES = public_callables()


def test_every_public_callable_has_an_example():
    missing = sorted(set(CALLABLES) - set(EXAMPLES))
    assert not missing, ("these public callables have no example call for the fuzz test; add one to "
                         f"EXAMPLES in tests/fuzz_examples.py (see its docstring): {missing}")
    stale = sorted(set(EXAMPLES) - set(CALLABLES))
    assert not stale, f"tests/fuzz_examples.py has examples for callables that no longer exist: {stale}"


@pytest.mark.parametrize("key", sorted(set(CALLABLES) & set(EXAMPLES)))
def test_every_example_is_a_valid_call(key):
    # A bad example would make every case derived from it pass for the wrong reason.
    example = EXAMPLES[key]()
    with np.errstate(all="raise"):
        CALLABLES[key](*example.args, **example.kwargs)


def _bad_values(value, default):
    """``(kind, bad value)`` pairs for one argument, derived from a valid value of it."""
    out = []
    if default is not None:
        out.append(("None", None))
    if isinstance(value, (bool, np.bool_)):
        return out + [("str", "no"), ("int", 1)]
    if isinstance(value, Axes):
        return out + [("str", "ax")]
    if isinstance(value, str):
        return out + [("int", 7)]
    if isinstance(value, (int, np.integer)):
        return out + [("float", 1.5), ("str", "3"), ("bool", True), ("nan", math.nan)]
    if isinstance(value, (float, np.floating)):
        return out + [("nan", math.nan), ("inf", math.inf), ("complex", 1 + 1j), ("str", "1.0"), ("bool", True)]
    array = None
    if isinstance(value, np.ndarray) and value.dtype.kind in "iuf":
        array = value.astype(float)
    elif isinstance(value, (list, tuple)) and value and all(
            isinstance(e, (int, float)) and not isinstance(e, bool) for e in value):
        array = np.asarray(value, float)
    if array is not None and array.size:
        nan, inf = array.copy(), array.copy()
        nan.flat[0], inf.flat[-1] = math.nan, math.inf
        obj = array.astype(object)
        obj.flat[0] = None
        return out + [("nan", nan), ("inf", inf), ("complex", array + 1j), ("str", array.astype(str)),
                      ("object", obj), ("bool", array > array.mean()), ("scalar-str", "abc")]
    if isinstance(value, (list, tuple)) and value and all(isinstance(e, str) for e in value):
        return out + [("int", 7)]
    if isinstance(value, dict):
        return out + [("str", "abc")]
    if callable(value):
        return out + [("int", 3)]
    return out + [("str", "abc")]


def _cases():
    for key, fn in CALLABLES.items():
        if key not in EXAMPLES:
            continue
        example = EXAMPLES[key]()
        try:
            sig = inspect.signature(fn)
        except (TypeError, ValueError):
            continue
        bound = sig.bind(*example.args, **example.kwargs)
        for pname, value in bound.arguments.items():
            if pname in ("self",) or sig.parameters[pname].kind is inspect.Parameter.VAR_KEYWORD:
                continue
            default = sig.parameters[pname].default
            default = "<required>" if default is inspect.Parameter.empty else default
            default = None if pname == "seed" else default  # a seed of None asks NumPy for fresh entropy
            for kind, _ in _bad_values(value, default):
                if kind in example.valid.get(pname, ()):
                    continue
                yield pytest.param(key, pname, kind, id=f"{key}-{pname}-{kind}")


CASES = list(_cases())


def _raised_in_course_code(exc) -> bool:
    last = traceback.extract_tb(exc.__traceback__)[-1]
    return Path(last.filename).resolve().is_relative_to(HELPERS_DIR)


@pytest.mark.parametrize("key, pname, kind", CASES)
def test_bad_input_gets_a_clear_error(key, pname, kind):
    fn = CALLABLES[key]
    example = EXAMPLES[key]()
    sig = inspect.signature(fn)
    bound = sig.bind(*example.args, **example.kwargs)
    default = sig.parameters[pname].default
    default = "<required>" if default is inspect.Parameter.empty else default
    default = None if pname == "seed" else default
    bad = dict(_bad_values(bound.arguments[pname], default))[kind]
    bound.arguments[pname] = bad
    try:
        with np.errstate(all="raise"):
            result = fn(*bound.args, **bound.kwargs)
    except (ValueError, TypeError) as exc:
        assert _raised_in_course_code(exc), (
            f"{key}({pname}={kind}) failed inside a library, not with the course's own message:\n"
            + "".join(traceback.format_exception(exc))[-1500:])
        message = str(exc)
        assert pname.lower() in message.lower() or pname.split("_")[0].lower() in message.lower(), (
            f"{key}({pname}={kind}): the message does not name the argument {pname!r}: {message!r}")
        return
    except Exception as exc:  # noqa: BLE001 — any other error type is a foreign traceback here
        pytest.fail(f"{key}({pname}={kind}) raised {type(exc).__name__} instead of ValueError/TypeError: {exc}")
    pytest.fail(f"{key}({pname}={kind}) accepted the bad input silently and returned {type(result).__name__}")
