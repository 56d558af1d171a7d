"""ldn.errors: only LdnErrors escape, with short bounded messages, whatever the input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from ldn import (
    MONOGRAPH,
    ORAL_SYRINGES,
    Concentration,
    Dose,
    InstructionLine,
    LdnError,
    LiquidDose,
    OralLiquid,
    PolicyChange,
    ReviewWindow,
    Rule,
    RuleId,
    Step,
    Syringe,
    Volume,
    capsules_for,
    choose_filler,
    titrate,
)
from ldn import strategies as ldn_strategies
from ldn.dose import as_dose, as_volume
from ldn.errors import FIELD_LIMIT
from ldn.fhir import detected_issues, medication_request
from ldn.formulation import REPORTED_CAPSULE_COST, HandlingInstruction
from tests.support.hostile import HOSTILE, PLAN, fails_well

LIQUID = OralLiquid.from_tablet()


class TestErrors:
    def test_fields_are_bounded_strs(self) -> None:
        error = LdnError("s" * 1000, 5, None, rule_id=7)  # type: ignore[arg-type]
        assert len(error.subject) == FIELD_LIMIT
        assert error.subject.endswith("...")
        assert (error.given, error.allowed, error.rule_id) == ("<int>", "<NoneType>", "<int>")
        assert str(error) == f"{error.subject} must be <NoneType>, got <int> [<int>]"
        assert LdnError("a", "b", "c").rule_id is None

    @pytest.mark.parametrize("value", HOSTILE, ids=lambda v: type(v).__name__)
    def test_every_entry_point_with_a_hostile_value(self, value: object) -> None:
        """Each argument of each entry point, in turn, given a hostile value."""
        any_: Any = value
        calls: list[Callable[[], object]] = [
            lambda: Dose(any_),
            lambda: Volume(any_),
            lambda: Dose.parse(any_),
            lambda: as_dose(any_),
            lambda: as_dose("1", any_),
            lambda: as_volume("1", any_),
            lambda: Dose(1).__format__(any_),
            lambda: Volume(1).__format__(any_),
            lambda: Dose(1) + any_,
            lambda: Dose(1) - any_,
            lambda: Dose(1) * any_,
            lambda: any_ * Dose(1),
            lambda: Dose(1) < any_,
            lambda: Volume(1) >= any_,
            lambda: MONOGRAPH.check_daily_dose(any_),
            lambda: MONOGRAPH.check_start_dose(any_),
            lambda: MONOGRAPH.check_interval(any_),
            lambda: MONOGRAPH.is_typical(any_),
            lambda: MONOGRAPH.rule(any_),
            lambda: MONOGRAPH.figures(any_),
            lambda: MONOGRAPH.derive(name=any_, reason="r", max_daily_dose="6"),
            lambda: MONOGRAPH.derive(name="n", reason=any_, max_daily_dose="6"),
            lambda: MONOGRAPH.derive(name="n", reason="r", max_daily_dose=any_),
            lambda: MONOGRAPH.derive(name="n", reason="r", min_interval_days=any_),
            lambda: MONOGRAPH.derive(name="n", reason="r", loperamide_blocks=any_),
            lambda: MONOGRAPH.derive(name="n", reason="r", liquid_water=any_),
            lambda: attrs.evolve(MONOGRAPH, name=any_),
            lambda: titrate(start=any_, step="1", interval_days=7, target="2"),
            lambda: titrate(start="1", step=any_, interval_days=7, target="2"),
            lambda: titrate(start="1", step="1", interval_days=any_, target="2"),
            lambda: titrate(start="1", step="1", interval_days=7, target=any_),
            lambda: titrate(start="1", step="1", interval_days=7, target="2", start_date=any_),
            lambda: titrate(start="1", step="1", interval_days=7, target="2", policy=any_),
            lambda: PLAN.dose_on(any_),
            lambda: PLAN.date_of(any_),
            lambda: PLAN.total_mg(0, any_),
            lambda: PLAN.step_back(any_),
            lambda: PLAN.hold(any_),
            lambda: PLAN.resume(any_),
            lambda: PLAN.hold(20).resume(42, target=any_),
            lambda: PLAN.instructions(any_),
            lambda: PLAN.instruction_text(lambda dose: any_),
            lambda: attrs.evolve(PLAN, start_date=any_),
            lambda: attrs.evolve(PLAN, steps=any_),
            lambda: attrs.evolve(PLAN, interval_days=any_),
            lambda: Step(any_, 0, None),
            lambda: Step("1", any_, None),
            lambda: Step("1", 0, any_),
            lambda: ReviewWindow(any_, 1),
            lambda: ReviewWindow(0, 1, any_, dt.date(2026, 1, 2)),
            lambda: InstructionLine(any_, None, "1 mg", "1 mg at bedtime"),
            lambda: InstructionLine("1", any_, "1 mg", "1 mg at bedtime"),
            lambda: InstructionLine("1", None, any_, "1 mg at bedtime"),
            lambda: InstructionLine("1", None, "1 mg", any_),
            lambda: Rule(any_, "t", "s", "x"),
            lambda: Rule(RuleId.START, any_, "s", "x"),
            lambda: Rule(RuleId.START, "t", "s", "x", any_),
            lambda: Rule(RuleId.START, "t", "s", "x", (), any_),
            lambda: PolicyChange(any_, Dose(1), Dose(2), RuleId.DOSE_MAX),
            lambda: PolicyChange("max_daily_dose", any_, Dose(2), RuleId.DOSE_MAX),
            lambda: PolicyChange("max_daily_dose", Dose(1), Dose(2), any_),
            lambda: choose_filler(any_),
            lambda: capsules_for(PLAN, any_),
            lambda: capsules_for(any_),
            lambda: Concentration(any_),
            lambda: Concentration.of(any_, "1"),
            lambda: LIQUID.concentration * any_,
            lambda: any_ * LIQUID.concentration,
            lambda: LIQUID.concentration < any_,
            lambda: Syringe(any_, "1"),
            lambda: ORAL_SYRINGES[0].holds(any_),
            lambda: ORAL_SYRINGES[0].measures(any_),
            lambda: HandlingInstruction(any_, "text"),
            lambda: HandlingInstruction("code", any_),
            lambda: HandlingInstruction("code", "text", any_),
            lambda: LiquidDose(any_, "9", ORAL_SYRINGES[3], LIQUID.concentration),
            lambda: LiquidDose("4.5", "9", any_, LIQUID.concentration),
            lambda: LiquidDose("4.5", "9", ORAL_SYRINGES[3], any_),
            lambda: OralLiquid.from_tablet(any_),
            lambda: OralLiquid.from_tablet(policy=any_),
            lambda: LIQUID.measure(any_),
            lambda: LIQUID.measure("1", any_),
            lambda: LIQUID.measure("1", [any_]),
            lambda: LIQUID.days_supply(any_),
            lambda: attrs.evolve(REPORTED_CAPSULE_COST, amount=any_),
            lambda: attrs.evolve(REPORTED_CAPSULE_COST, currency=any_),
            lambda: attrs.evolve(REPORTED_CAPSULE_COST, supply_days=any_),
            lambda: attrs.evolve(REPORTED_CAPSULE_COST, description=any_),
            lambda: attrs.evolve(REPORTED_CAPSULE_COST, recorded_on=any_),
            lambda: medication_request(any_, subject="Patient/1"),
            lambda: medication_request(PLAN, subject=any_),
            lambda: medication_request(PLAN, subject="Patient/1", formulation=any_),
            lambda: medication_request(PLAN, subject="Patient/1", version=any_),
            lambda: medication_request(PLAN, subject="Patient/1", status=any_),
            lambda: medication_request(PLAN, subject="Patient/1", intent=any_),
            lambda: detected_issues(any_, subject="Patient/1", identified=dt.date(2026, 3, 1)),
            lambda: ldn_strategies.doses(any_),
            lambda: ldn_strategies.half_mg_doses(any_),
        ]
        for call in calls:
            fails_well(call)


class TestBoundaries:
    """Each limit holds exactly at its value and refuses just past it."""

    def test_message_fields(self) -> None:
        kept = LdnError("s" * FIELD_LIMIT, "g", "a")
        assert kept.subject == "s" * FIELD_LIMIT
        cut = LdnError("s" * (FIELD_LIMIT + 1), "g", "a")
        assert cut.subject == "s" * (FIELD_LIMIT - 3) + "..."
