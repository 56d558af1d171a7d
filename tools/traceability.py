"""Map each rule id to the tests that check it, by reading the test sources.

A test checks a rule when it carries ``@pytest.mark.rule("LDN-...")``; it is a
property test when it also carries ``@given``. Used by the test suite (every rule
must have a property test) and by the docs (the traceability table).

Run ``python tools/traceability.py`` to print the table as reStructuredText.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"


@dataclass(frozen=True)
class RuleTest:
    rule_id: str
    test: str  # "tests/test_x.py::TestClass::test_name", "tests/property/test_x.py::..."
    property_based: bool


def _decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    return ast.unparse(target)


def _tests(tree: ast.Module) -> Iterator[tuple[str, ast.FunctionDef]]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    yield f"{node.name}::{item.name}", item


@functools.cache
def rule_tests(tests: Path = TESTS) -> list[RuleTest]:
    """Every (rule id, test) pair in the test sources.

    Remembered per folder: each call parses every test file (about a second), and
    tests/test_traceability.py asks once per rule id; callers must not change the list.
    """
    found: list[RuleTest] = []
    for path in sorted(tests.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, function in _tests(tree):
            names = [_decorator_name(d) for d in function.decorator_list]
            is_property = "given" in names
            for decorator in function.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and _decorator_name(decorator) == "pytest.mark.rule"
                ):
                    (argument,) = decorator.args
                    assert isinstance(argument, ast.Constant)
                    found.append(
                        RuleTest(
                            str(argument.value),
                            f"tests/{path.relative_to(tests).as_posix()}::{name}",
                            is_property,
                        )
                    )
    return found


def table() -> str:
    """The traceability table (rule -> where enforced -> tests) as reStructuredText."""
    import ldn

    lines = [
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 15 25 60",
        "",
        "   * - Rule",
        "     - Figures in ``ldn.MONOGRAPH``",
        "     - Tests that check it (P = property test)",
    ]
    tests = rule_tests()
    for rule in ldn.RULES:
        figures = ", ".join(f"``{name}``" for name in rule.figures) or "(none: a fixed fact)"
        checked = [t for t in tests if t.rule_id == rule.id]
        cell = "; ".join(f"``{t.test}``{' (P)' if t.property_based else ''}" for t in checked)
        lines += [f"   * - ``{rule.id}``", f"     - {figures}", f"     - {cell}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(table(), end="")
