"""Every rule id of DESIGN.md is named by at least one hypothesis property test."""

from __future__ import annotations

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
