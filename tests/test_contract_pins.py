"""The bugs the contract fuzz test (tests/test_contract.py) found, each pinned by its input.

Each input below gave a foreign exception, a repr of a foreign object, or no
error at all before its fix; each now gives the LdnError shown.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from ldn import (
    MONOGRAPH,
    Capsule,
    Dispense,
    Dose,
    Filler,
    Finding,
    LdnError,
    Patient,
    Recommendation,
    Reference,
    Rule,
    RuleId,
    ScreeningReport,
    Severity,
    advise_formulation,
    capsule_counts,
)
from ldn import strategies as ldn_strategies
from ldn.chart import chart_text, plan_svg
from ldn.fhir import to_json
from ldn.medication import canonical_system
from ldn.monograph import ReferenceKind
from ldn.opioids import OpioidMatch, Reading, SubstanceKind, atc_status, fold
from ldn.regimen import Form, Phase
from tests.test_contract import (
    FINDING,
    LIQUID,
    MAX_MESSAGE,
    MEDICATION,
    PLAN,
    REGIMEN,
    REPORT,
    SUBSTANCE,
    BadRepr,
    deep,
)

# -- bugs the fuzzing found, each pinned by the smallest input that showed it ----------

HUGE = 10**5000
#: (call, error class, the message, or its start when it ends in "...").
PINNED: list[Any] = [
    # foreign exceptions from functions that read a str without checking it
    (lambda: canonical_system(None), "LdnTypeError", "system must be a str, got NoneType None"),
    (lambda: canonical_system(5), "LdnTypeError", "system must be a str, got int 5"),
    (lambda: atc_status(None), "LdnTypeError", "code must be a str, got NoneType None"),
    (lambda: atc_status(b"N02"), "LdnTypeError", "code must be a str, got bytes b'N02'"),
    (lambda: fold(None), "LdnTypeError", "text must be a str, got NoneType None"),
    (lambda: fold(5), "LdnTypeError", "text must be a str, got int 5"),
    # enum lookups: a bare ValueError, or repr of a huge int failing first
    (
        lambda: RuleId(None),
        "InvalidPolicyError",
        "RuleId must be one of LDN-DOSE-MAX, LDN-DOSE-TYPICAL, LDN-START, LDN-STEP-INTERVAL, "
        "LDN-TIMING, LDN-REVIEW, LDN-OPIOID, LDN-FILLER, LDN-LIQUID, LDN-HEPATIC, LDN-ADVERSE, "
        "LDN-FORMULATION, LDN-SUPPLY, LDN-ANTAGONIST, got NoneType None",
    ),
    (lambda: Severity(HUGE), "ScreeningError", "Severity must be one of ..."),
    (
        lambda: Filler("wheat"),
        "FormulationError",
        "Filler must be one of cellulose, sucrose, ginger, got 'wheat'",
    ),
    (lambda: Form(["capsules"]), "FormulationError", "Form must be one of oral liquid, ..."),
    (lambda: Phase(b"titration"), "FormulationError", "Phase must be one of titration, ..."),
    (lambda: ReferenceKind(1.5), "InvalidPolicyError", "ReferenceKind must be one of ..."),
    (lambda: SubstanceKind(""), "ScreeningError", "SubstanceKind must be one of ..."),
    # value classes that took anything
    (
        lambda: OpioidMatch(None, "morphine"),
        "LdnTypeError",
        "substance must be a Substance, got NoneType None",
    ),
    (lambda: OpioidMatch(SUBSTANCE, 5), "LdnTypeError", "matched must be a str, got int 5"),
    (lambda: OpioidMatch(SUBSTANCE, "m", None), "LdnTypeError", "via must be a str, got ..."),
    (lambda: Reading("morphine"), "LdnTypeError", "entry must be a Medication, got str ..."),
    (
        lambda: Reading(MEDICATION, [None]),
        "LdnTypeError",
        "matches must be a tuple or list of OpioidMatch, got list [None]",
    ),
    (lambda: Reading(MEDICATION, (), (), [1]), "LdnTypeError", "unread must be a tuple ..."),
    (
        lambda: Finding(None, "info", "s", "m", "LDN-ADVERSE"),
        "LdnTypeError",
        "code must be a non-empty str, got NoneType None",
    ),
    (
        lambda: Finding("c", "info", "s", " ", "LDN-ADVERSE"),
        "ScreeningError",
        "message must be a non-empty str, got ' '",
    ),
    (lambda: Finding("c", "info", "s", "m", "LDN-ADVERSE", 7), "LdnTypeError", "trigger ..."),
    (
        lambda: Finding("c", HUGE, "s", "m", "LDN-ADVERSE"),
        "ScreeningError",
        "severity must be one of contraindication, caution, info, "
        "got int (an int of about 5001 digits)",
    ),
    (lambda: Finding("c", "info", "s", "m", HUGE), "ScreeningError", "rule_id must be one of ..."),
    (lambda: ScreeningReport((), None), "LdnTypeError", "policy_name must be a non-empty str, ..."),
    (lambda: FINDING.to_cds_card(None), "LdnTypeError", "source_label must be a str, got ..."),
    (lambda: REPORT.to_cds_cards(1), "LdnTypeError", "source_label must be a str, got int 1"),
    # messages that wrote what was given with repr or str: a failing repr, a huge int
    (
        lambda: Patient((), HUGE),
        "LdnTypeError",
        "opioid_use must be True, False or None (not confirmed), "
        "got int (an int of about 5001 digits)",
    ),
    (lambda: Patient((), BadRepr()), "LdnTypeError", "opioid_use must be True, ..."),
    (lambda: Patient((), None, BadRepr()), "LdnTypeError", "filler_sensitivities must be ..."),
    (
        lambda: Dispense(HUGE, 0, 0, None, ()),
        "FormulationError",
        "first_day must be from 0 to 1000000000, got an int of about 5001 digits",
    ),
    (lambda: Dispense(0, 0, 0, BadRepr(), ()), "FormulationError", "tablet must be a Dose ..."),
    (
        lambda: Recommendation(BadRepr(), "capsules", "t", ("r",), ("LDN-FORMULATION",)),
        "LdnTypeError",
        "phase must be one of ...",
    ),
    (
        lambda: Recommendation("titration", HUGE, "t", ("r",), ("LDN-FORMULATION",)),
        "LdnTypeError",
        "form must be one of ...",
    ),
    (
        lambda: chart_text(PLAN, title=BadRepr()),
        "LdnTypeError",
        "title must be a non-empty str, ...",
    ),
    # to_json: a str of a huge int, an unbounded indent, unbounded nesting and places
    (
        lambda: to_json({"v": HUGE}),
        "ExportError",
        "a FHIR integer must be from -2**63 to 2**63 - 1 (FHIR integer64), "
        "got an int of about 5001 digits",
    ),
    (lambda: to_json({"v": 2**63}), "ExportError", "a FHIR integer must be from -2**63 ..."),
    (
        lambda: to_json({"v": -(2**63) - 1}),
        "ExportError",
        "a FHIR integer must be from -2**63 ...",
    ),
    (
        lambda: to_json({}, indent=HUGE),
        "LdnTypeError",
        "indent must be None or an int from 0 to 100, got an int of about 5001 digits",
    ),
    (lambda: to_json({}, indent=101), "LdnTypeError", "indent must be None or an int from 0 ..."),
    (
        lambda: to_json(deep(50_000, "x")),
        "ExportError",
        "a FHIR resource must be at most 200 levels deep, "
        "got a structure nested deeper than 200 levels",
    ),
    (
        lambda: to_json({"v": Decimal("1E+1001")}),
        "ExportError",
        "a FHIR number must be within 10**-1000 to 10**1000, got 1E+1001",
    ),
    (
        lambda: to_json({"v": Decimal("1E-1001")}),
        "ExportError",
        "a FHIR number must be within 10**-1000 to 10**1000, got 1E-1001",
    ),
    # hypothesis strategies checked their arguments only when drawn from
    (
        lambda: ldn_strategies.patients(HUGE),
        "LdnTypeError",
        "opioids must be True, False or None, got int (an int of about 5001 digits)",
    ),
    (lambda: ldn_strategies.plans("monograph"), "LdnTypeError", "policy must be a Policy, ..."),
    (lambda: ldn_strategies.titrate_kwargs(None), "LdnTypeError", "policy must be a Policy, ..."),
    # Held before this work (main had fixed None as the plan; these wrote the type's
    # name only): kept as guards beside the rest
    (lambda: REGIMEN.supply(maintenance_days=BadRepr()), "LdnTypeError", "maintenance_days ..."),
    (lambda: advise_formulation(manages_liquid=BadRepr()), "LdnTypeError", "manages_liquid ..."),
    (lambda: plan_svg(BadRepr()), "LdnTypeError", "plan must be a TitrationPlan, got BadRepr ..."),
    (lambda: capsule_counts(None, 0, 1), "LdnTypeError", "plan must be a TitrationPlan, ..."),
    (lambda: LIQUID.bottles_for(None, 0, 1), "LdnTypeError", "plan must be a TitrationPlan, ..."),
    (lambda: LIQUID.bottle_lasts(None, 0), "LdnTypeError", "plan must be a TitrationPlan, ..."),
]


@pytest.mark.parametrize(("call", "error", "message"), PINNED)
def test_pinned_refusals(call: Callable[[], object], error: str, message: str) -> None:
    with pytest.raises(LdnError) as raised:
        call()
    assert type(raised.value).__name__ == error
    text = str(raised.value)
    if message.endswith("..."):
        assert text.startswith(message[:-3]), text
    else:
        assert text == message
    assert len(text) <= MAX_MESSAGE


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
        "nz-medinfo-liquid-2023, patten-2018, bruun-2024, got '" + "x" * 76 + "..."
    )


def test_capsule_counts_add_up_a_dose_that_comes_back() -> None:
    plan = PLAN.step_back(20)  # 1.5 mg, 3 mg, then 1.5 mg again from day 20
    assert capsule_counts(plan, 0, 40) == {Dose("1.5"): 35, Dose("3"): 6}
