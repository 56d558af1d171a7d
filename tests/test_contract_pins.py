"""The bugs the contract fuzz test (tests/test_contract.py) found, each pinned by its input.

Each input gave a foreign exception, a repr of a foreign object, or no error at all
before its fix. The refusals and their messages are pinned in tests/test_messages.py
(the rows from the contract fuzz test); what else was fixed is pinned here.
"""

from __future__ import annotations

import copy
import pickle
from decimal import Decimal

import pytest

from ldn import (
    MONOGRAPH,
    Capsule,
    Dispense,
    Dose,
    Filler,
    LdnError,
    Reference,
    Rule,
    RuleId,
    Severity,
    capsule_counts,
)
from ldn import strategies as ldn_strategies
from ldn.fhir import to_json
from ldn.monograph import ReferenceKind
from ldn.opioids import SubstanceKind
from ldn.regimen import Form, Phase
from tests.test_contract import PLAN, deep


@pytest.mark.parametrize(
    "value",
    [2**63 - 1, -(2**63), Decimal("1E+1000"), Decimal("1E-1000"), Decimal("-9.5E+1000")],
)
def test_to_json_writes_up_to_its_limits(value: object) -> None:
    assert to_json({"v": value}).startswith('{"v":')
    assert to_json(deep(199, "x"), indent=100).endswith("}")


def test_enum_lookups_still_work() -> None:
    assert RuleId("LDN-START") is RuleId.START
    assert Filler(Filler.GINGER) is Filler.GINGER
    assert Severity("info") is Severity.INFO
    assert Form("oral liquid") is Form.LIQUID
    assert [each.value for each in Phase] == ["titration", "maintenance", "throughout"]
    assert ReferenceKind("trial") is ReferenceKind.TRIAL
    assert SubstanceKind("antagonist") is SubstanceKind.ANTAGONIST
    assert pickle.loads(pickle.dumps(Form.CAPSULES)) is Form.CAPSULES
    assert copy.deepcopy(RuleId.START) is RuleId.START


def test_the_strategies_take_their_documented_arguments() -> None:
    for opioids in (True, False, None):
        assert ldn_strategies.patients(opioids) is not None
    assert ldn_strategies.plans(MONOGRAPH) is not None
    assert ldn_strategies.plans() is not None
    assert ldn_strategies.titrate_kwargs(MONOGRAPH) is not None


@pytest.mark.parametrize(("count", "allowed"), [(10**9, True), (10**9 + 1, False)])
def test_dispense_counts_up_to_a_billion(count: int, allowed: bool) -> None:
    capsule = capsule_counts(PLAN, 0, 0)
    calls = [
        lambda: Dispense(0, count, 0, None, ()),
        lambda: Dispense(0, 0, count, Dose("50"), ()),
        lambda: Dispense(0, 0, 0, None, ((Capsule(next(iter(capsule))), count),)),
    ]
    for call in calls:
        if allowed:
            call()
        else:
            with pytest.raises(LdnError, match=r"must be|a tuple of \(Capsule, positive int\)"):
                call()


def test_a_reference_with_an_https_url_is_kept() -> None:
    assert Reference("x", "A", "review", url="https://a").link == "https://a"


def test_long_reference_ids_are_cut_in_the_message() -> None:
    with pytest.raises(LdnError) as raised:
        Rule(RuleId.TIMING, "t", "s", "x", references=["x" * 100, "monograph"])
    assert str(raised.value) == (
        "references must be distinct ids among monograph, racgp-2023, "
        "nz-medinfo-liquid-2023, patten-2018, bruun-2024, revia-label, vivitrol-label, sublocade-label, usp-795-summary, got '"
        + "x" * 76
        + "..."
    )


def test_capsule_counts_add_up_a_dose_that_comes_back() -> None:
    plan = PLAN.step_back(20)  # 1.5 mg, 3 mg, then 1.5 mg again from day 20
    assert capsule_counts(plan, 0, 40) == {Dose("1.5"): 35, Dose("3"): 6}
