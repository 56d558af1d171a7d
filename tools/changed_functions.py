"""The functions of ldn/ that a change touches, as mutmut mutant-name globs.

    python tools/changed_functions.py BASE PATH...

For each module PATH (its text in the working tree) against its text at commit BASE,
prints one glob per function or method whose code differs (docstrings aside) or that is
new, and per function or method that reads a module-level name whose value changed
(a pattern, a table, a constant). mutmut names a function's mutants
``module.x_function__mutmut_N`` and a method's ``module.xǁClassǁmethod__mutmut_N``;
a package's ``__init__.py`` is the package's own module name.

``tools/mutation.sh --changed`` mutates these functions only: a change is gated on the
code it changed, at a cost that grows with the change, not with the module it lands in.
The full run (``tools/mutation.sh``) mutates every function.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

SEPARATOR = "ǁ"


def _dump(node: ast.AST) -> str:
    """The code of a definition or value, without line numbers or a docstring."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        body = node.body
        if (
            body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            body = body[1:]
        node = type(node)(**{**{f: getattr(node, f) for f in node._fields}, "body": body})
    return ast.dump(node, include_attributes=False)


def _functions(tree: ast.Module) -> Iterator[tuple[str, ast.AST]]:
    """(mangled name, definition) of every function and method mutmut mutates."""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield f"x_{node.name}", node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield f"x{SEPARATOR}{node.name}{SEPARATOR}{item.name}", item


def _globals(tree: ast.Module) -> dict[str, str]:
    """Each module-level name bound by an assignment, to the code of its value."""
    values: dict[str, str] = {}
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name):
                    values[name.id] = _dump(node)
    return values


def changed(old: str | None, new: str) -> list[str]:
    """The mangled names of the functions of ``new`` that differ from ``old``."""
    new_tree = ast.parse(new)
    old_tree = ast.parse(old) if old is not None else ast.Module(body=[], type_ignores=[])
    before = {name: _dump(node) for name, node in _functions(old_tree)}
    old_globals, new_globals = _globals(old_tree), _globals(new_tree)
    moved = {name for name, value in new_globals.items() if old_globals.get(name) != value}
    names = []
    for name, node in _functions(new_tree):
        reads = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        if before.get(name) != _dump(node) or reads & moved:
            names.append(name)
    return names


def module_name(path: str) -> str:
    """``ldn/a/b.py`` as ``ldn.a.b``; ``ldn/a/__init__.py`` as ``ldn.a``."""
    parts = list(Path(path).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def main(base: str, paths: list[str]) -> None:
    for path in paths:
        shown = subprocess.run(
            ["git", "show", f"{base}:{path}"], capture_output=True, text=True, check=False
        )
        old = shown.stdout if shown.returncode == 0 else None
        new = Path(path).read_text(encoding="utf-8")
        module = module_name(path)
        for name in changed(old, new):
            print(f"{path} {module}.{name}__mutmut_*")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
