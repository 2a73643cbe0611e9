"""Read a student's answer cell before it runs: does it reach for the checking machinery?

A check can only be trusted if the answer it judges has not changed the judge. An answer cell is
therefore *not run* when it

- names the checking machinery: ``check``, ``catalog``, ``helpers.exercises`` and what is in it
  (``registry``, ``Exercise``, ``CheckResult``, ``compare_value``, ...), or rebinds ``helpers``;
- imports anything but the scientific modules an answer needs (NumPy, SciPy, scikit-learn, math, the
  standard library's pure-computation modules, matplotlib, the course's ``helpers`` other than its
  exercises) -- ``sys``, ``os``, ``importlib``, ``inspect``, ``builtins`` are out;
- uses the escape hatches that defeat any reading of the code: ``eval``, ``exec``, ``compile``,
  ``__import__``, ``globals``, ``vars``, ``getattr``/``setattr``/``delattr``, ``open``, IPython's
  ``get_ipython``/``display``/``In``/``Out``, shell commands and magics (but ``%time``, ``%timeit``,
  ``%matplotlib`` and ``%precision``, whose timed code is screened like the rest), dunder attributes
  (``__dict__``, ``__globals__``, ...), frame and code attributes, a ``global`` statement;
- changes an attribute of an object it did not create (``np.allclose = ...``, ``helpers.x = ...``) or
  writes files (``np.save``, ``savefig``, ``to_csv``, ...).

A cell that only *redefines* something the lesson defines (a function, a module alias, another
exercise's answer) is run, with a note: the checks do not depend on the lesson's own names, but the
lesson's later cells then use the student's version.

This is a safeguard against the tampering a student might try, not a sandbox: a class that may attack
the grader on purpose should be graded inside a container as well.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

ALLOWED_IMPORTS = frozenset({
    "numpy", "scipy", "sklearn", "matplotlib", "pandas", "math", "cmath", "statistics", "random",
    "itertools", "functools", "operator", "collections", "dataclasses", "typing", "fractions", "decimal",
    "numbers", "copy", "warnings", "string", "re", "textwrap", "enum", "abc", "heapq", "bisect", "time",
    "torch", "tensorflow", "keras", "jax", "helpers",
})
FORBIDDEN_HELPERS = frozenset({"exercises", "check", "catalog", "assign", "assignments", "authoring", "execute"})
CHECKING_NAMES = frozenset({
    "check", "catalog", "registry", "framework", "exercises", "Exercise", "CheckResult", "Wrong",
    "NotAttempted", "compare_value", "compare_function", "judge", "_load_lessons", "_result",
})
CHECKING_ATTRIBUTES = CHECKING_NAMES | {"assignments"}
PROTECTED = CHECKING_NAMES | {"helpers"}
ESCAPE_NAMES = frozenset({
    "eval", "exec", "compile", "__import__", "globals", "locals", "vars", "getattr", "setattr", "delattr",
    "open", "breakpoint", "exit", "quit", "__builtins__", "__builtin__", "__loader__", "__spec__",
    "get_ipython", "display", "In", "Out", "_ih", "_oh", "_dh", "_i", "_ii", "_iii",
})
HISTORY_NAME = re.compile(r"_i?\d+$")  # IPython's _i12 (input of cell 12) and _12 (its output)
ESCAPE_ATTRIBUTES = frozenset({
    "tb_frame", "tb_next", "f_back", "f_globals", "f_locals", "f_builtins", "f_code", "gi_frame",
    "gi_code", "cr_frame", "cr_code", "ag_frame", "co_code", "co_consts", "os", "sys", "subprocess",
    "shutil", "builtins", "importlib", "inspect", "pathlib", "Path", "modules", "system", "popen",
})
WRITING_ATTRIBUTES = frozenset({
    "save", "savez", "savez_compressed", "savetxt", "tofile", "savefig", "dump", "write",
    "write_text", "write_bytes", "writelines", "unlink", "rmtree", "rmdir", "mkdir", "touch",
    "to_csv", "to_pickle", "to_parquet", "to_excel", "to_hdf", "to_sql", "to_json", "memmap",
})
ALLOWED_DUNDERS = frozenset({"__init__", "__name__", "__doc__"})
HARMLESS_MAGICS = {"time": True, "timeit": True, "matplotlib": False, "precision": False}  # runs code?


@dataclass
class Screening:
    """The findings on one answer cell: ``tampering`` (the cell is not run) and ``notes`` (it is)."""

    tampering: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def trusted(self) -> bool:
        return not self.tampering


def python_source(source: str) -> str:
    """The cell as the kernel sees it: IPython's ``!cmd`` and ``%magic`` turned into Python calls."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return source
    try:
        return TransformerManager().transform_cell(source)
    except Exception:  # noqa: BLE001 - a cell IPython cannot transform fails to run anyway
        return source


def _bound_names(tree: ast.AST) -> set[str]:
    """Every name the code binds anywhere (assignments, parameters, defs, imports, loop targets, ...)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            names.add(node.name)
    return names


def _own_objects(tree: ast.AST) -> set[str]:
    """Classes the cell defines, and names it binds to new instances of them (their attributes are its own)."""
    classes = {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
    owned = set(classes) | {"self", "cls"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                and isinstance(node.value.func, ast.Name) and node.value.func.id in classes:
            owned.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return owned


def _function_locals(func) -> set[str]:
    """Names local to a function or lambda: its parameters and what its body binds (``global`` excepted)."""
    params = {a.arg for a in ast.walk(func.args) if isinstance(a, ast.arg)}
    if isinstance(func, ast.Lambda):
        return params
    body = _bound_names(ast.Module(body=func.body, type_ignores=[]))
    declared = {n for g in ast.walk(func) if isinstance(g, ast.Global) for n in g.names}
    return (params | body) - declared


def top_level_bindings(source: str) -> dict[str, str]:
    """Names a cell binds in the notebook's namespace, each with how: "function", "class", "import", "value".

    Used on the lesson's own cells to know what an answer must not silently replace.
    """
    try:
        tree = ast.parse(python_source(source))
    except SyntaxError:
        return {}
    found: dict[str, str] = {}

    def visit(node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found[node.name] = "function"
            return
        if isinstance(node, ast.ClassDef):
            found[node.name] = "class"
            return
        if isinstance(node, ast.Lambda):
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                found[(alias.asname or alias.name).split(".")[0]] = "import"
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            found.setdefault(node.id, "value")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _import_key(node) -> tuple:
    if isinstance(node, ast.Import):
        return ("import", tuple((a.name, a.asname) for a in node.names))
    return ("from", node.module, node.level, tuple((a.name, a.asname) for a in node.names))


def lesson_imports(sources: list[str]) -> set[tuple]:
    """The import statements of the lesson's own cells (an answer may repeat them word for word)."""
    keys = set()
    for source in sources:
        try:
            tree = ast.parse(python_source(source))
        except SyntaxError:
            continue
        keys.update(_import_key(n) for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)))
    return keys


def _root_name(node) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def screen_answer(source: str, *, lesson_names: dict[str, str] | None = None,
                  allowed_imports: set[tuple] | None = None, own_names: set[str] | None = None) -> Screening:
    """Screen one answer cell (see the module text).

    Parameters
    ----------
    source : the answer cell's source, as the student left it.
    lesson_names : what the lesson's own cells bind (``top_level_bindings``), plus the other
        exercises' answer names (as "answer"); rebinding a function, class, module or answer is noted.
    allowed_imports : the lesson's own import statements (``lesson_imports``), which may be repeated.
    own_names : names the course's reference answer of this very cell binds (never noted).

    Examples
    --------
    >>> screen_answer("def f(w):\\n    return sum(x * x for x in w)").trusted
    True
    >>> screen_answer("helpers.check = print").tampering[0]
    'line 1: uses `check`, part of the checking machinery'
    """
    lesson_names = lesson_names or {}
    allowed_imports = allowed_imports or set()
    own_names = own_names or set()
    result = Screening()
    code = python_source(source)
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return result  # it cannot run, so it cannot tamper; running it reports the syntax error

    def flag(node, why: str):
        message = f"line {getattr(node, 'lineno', '?')}: {why}"
        if message not in result.tampering:
            result.tampering.append(message)

    owned = _own_objects(tree)  # attributes of other objects (modules above all) are shared with the checks

    def harmless_magic(node) -> bool:
        """``%time``, ``%timeit``, ``%matplotlib``, ``%precision``: allowed; the timed code is screened too."""
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("run_line_magic", "run_cell_magic")
                and isinstance(node.func.value, ast.Call) and isinstance(node.func.value.func, ast.Name)
                and node.func.value.func.id == "get_ipython" and not node.func.value.args
                and node.args and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args)
                and not node.keywords and node.args[0].value in HARMLESS_MAGICS):
            return False
        if HARMLESS_MAGICS[node.args[0].value]:
            for argument in node.args[1:]:
                inner = screen_answer(argument.value)
                for reason in inner.tampering:
                    flag(node, f"in %{node.args[0].value}: {reason.split(': ', 1)[1]}")
        return True

    def visit(node, local: set[str], in_function: bool):
        if harmless_magic(node):
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and not in_function \
                and node.name in PROTECTED:
            flag(node, f"defines `{node.name}`, a name of the checking machinery")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            inner = local | _function_locals(node)
            for child in ast.iter_child_nodes(node):
                visit(child, inner, True)
            return
        if isinstance(node, ast.Global):
            flag(node, "a `global` statement lets a function rebind the notebook's names when it is called")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            check_import(node)
        elif isinstance(node, ast.Name):
            if node.id in ESCAPE_NAMES or HISTORY_NAME.match(node.id):
                flag(node, f"uses `{node.id}`, which answers do not need and which can reach around the check")
            elif node.id in PROTECTED and node.id not in local:
                if node.id == "helpers" and isinstance(node.ctx, ast.Load):
                    pass  # helpers.ridge_fit and friends are there to be used
                elif node.id == "helpers":
                    flag(node, "rebinds `helpers`, the package the checks come from")
                else:
                    flag(node, f"uses `{node.id}`, part of the checking machinery")
        elif isinstance(node, ast.Attribute):
            attr = node.attr
            if attr in CHECKING_ATTRIBUTES:
                flag(node, f"uses `{attr}`, part of the checking machinery")
            elif attr.startswith("__") and attr.endswith("__") and attr not in ALLOWED_DUNDERS:
                flag(node, f"uses the special attribute `{attr}`")
            elif attr in ESCAPE_ATTRIBUTES:
                flag(node, f"uses `.{attr}`, which answers do not need and which can reach around the check")
            elif attr in WRITING_ATTRIBUTES:
                flag(node, f"calls `.{attr}`: an answer writes no files")
            if isinstance(node.ctx, (ast.Store, ast.Del)):
                root = _root_name(node)
                if root is not None and root not in owned:
                    flag(node, f"changes `{ast.unparse(node)}`, an attribute of something the answer did not "
                               "create")
        for child in ast.iter_child_nodes(node):
            visit(child, local, in_function)

    def check_import(node):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                flag(node, "a relative import")
                return
            modules = [node.module or ""]
        else:
            modules = [alias.name for alias in node.names]
        for module in modules:
            parts = module.split(".")
            if parts[0] not in ALLOWED_IMPORTS:
                flag(node, f"imports `{module}`; an answer needs only NumPy, SciPy, scikit-learn, math and the "
                           "course's helpers")
            elif parts[0] == "helpers" and len(parts) > 1 and parts[1] in FORBIDDEN_HELPERS:
                flag(node, f"imports `{module}`, part of the checking machinery")
        for alias in node.names:
            bound = (alias.asname or alias.name).split(".")[0]
            if alias.name == "*":
                flag(node, "a star import can replace any name, `check` included")
            elif isinstance(node, ast.ImportFrom) and node.module == "helpers" and alias.name in FORBIDDEN_HELPERS:
                flag(node, f"imports `{alias.name}` from helpers, part of the checking machinery")
            elif alias.name in CHECKING_NAMES or bound in CHECKING_NAMES:
                flag(node, f"imports `{alias.name}`, part of the checking machinery")
            elif bound == "helpers" and not (isinstance(node, ast.Import) and alias.name.split(".")[0] == "helpers"
                                             and alias.asname in (None, "helpers") and (alias.asname is None
                                                                                      or alias.name == "helpers")):
                flag(node, "rebinds `helpers`, the package the checks come from")

    visit(tree, set(), False)

    # rebinding what the lesson defines: noted, not refused
    for name, how in top_level_bindings(source).items():
        kind = lesson_names.get(name)
        if name in own_names or kind is None or kind == "value":
            continue
        if kind == "import" and how == "import" and _imports_only_repeat(tree, name, allowed_imports):
            continue
        what = {"function": "a function the lesson defines", "class": "a class the lesson defines",
                "import": "a module the lesson imports", "answer": "the answer to another exercise"}[kind]
        result.notes.append(f"your answer redefines `{name}`, {what}; the lesson's later cells used your version")
    return result


def _imports_only_repeat(tree, name: str, allowed_imports: set[tuple]) -> bool:
    """True if every binding of ``name`` in the cell is an import statement the lesson itself makes."""
    binders = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
               and any((a.asname or a.name).split(".")[0] == name for a in n.names)]
    return bool(binders) and all(_import_key(n) in allowed_imports for n in binders)
