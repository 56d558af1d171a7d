"""Every rule id of DESIGN.md is named by at least one hypothesis property test."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import ldn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from traceability import rule_tests


@pytest.mark.parametrize("rule_id", [str(r) for r in ldn.RuleId])
def test_rule_has_a_property_test(rule_id: str) -> None:
    properties = [t for t in rule_tests() if t.rule_id == rule_id and t.property_based]
    assert properties, f"no @given test is marked @pytest.mark.rule({rule_id!r})"


def test_markers_name_real_rules() -> None:
    known = {str(r) for r in ldn.RuleId}
    assert {t.rule_id for t in rule_tests()} <= known


PROPERTY = Path(__file__).resolve().parent / "property"


def rule_classes() -> list[tuple[str, ast.ClassDef]]:
    """Every class of tests/property/, with its file name."""
    return [
        (path.name, node)
        for path in sorted(PROPERTY.glob("test_*.py"))
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.ClassDef)
    ]


def class_name(rule_id: str) -> str:
    """``TestLdnStepInterval`` for ``LDN-STEP-INTERVAL``."""
    return "Test" + "".join(part.capitalize() for part in rule_id.split("-"))


@pytest.mark.parametrize(("file", "node"), rule_classes(), ids=lambda v: getattr(v, "name", v))
def test_a_property_class_states_its_rule(file: str, node: ast.ClassDef) -> None:
    rules = {class_name(str(r.id)): r for r in ldn.RULES}
    assert node.name in rules, f"{file}: {node.name} is named after no rule id"
    rule = rules[node.name]
    docstring = " ".join((ast.get_docstring(node) or "").split())
    assert docstring == f"{rule.id} ({rule.title}): {rule.statement}"
    for test in node.body:
        if isinstance(test, ast.FunctionDef):
            marks = [ast.unparse(d) for d in test.decorator_list]
            assert f"pytest.mark.rule({str(rule.id)!r})" in marks, test.name
            assert any(mark.startswith("given(") for mark in marks), test.name


def test_property_classes_are_found() -> None:
    assert len({node.name for _, node in rule_classes()}) == len(rule_classes()) >= 10
