"""FHIR export of regimens: liquid while titrating, then capsules, as two requests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from fhir.resources.medicationrequest import MedicationRequest as MedicationRequestR5
from fhir.resources.R4B.medicationrequest import MedicationRequest as MedicationRequestR4B
from hypothesis import given
from hypothesis import strategies as st

from ldn import (
    ExportError,
    Filler,
    FormulationError,
    LdnTypeError,
    OralLiquid,
    Regimen,
    TitrationPlan,
    titrate,
)
from ldn.fhir import medication_request, regimen_requests
from ldn.regimen import Form
from ldn.strategies import plans

REQUEST = {"R4": MedicationRequestR4B, "R4B": MedicationRequestR4B, "R5": MedicationRequestR5}
LIQUID = OralLiquid.from_tablet()
START = dt.date(2026, 3, 2)
PLAN = titrate(start="1.5", step="1.5", interval_days=14, target="4.5", start_date=START)


@st.composite
def regimens(draw: st.DrawFn) -> Regimen:
    plan = draw(plans())
    dated = titrate(
        start=plan.steps[0].dose,
        step=plan.step,
        interval_days=plan.interval_days,
        target=plan.target,
        start_date=draw(st.dates(dt.date(2020, 1, 1), dt.date(2040, 1, 1))),
        policy=plan.policy,
    )
    liquid = draw(st.sampled_from([None, LIQUID, OralLiquid.from_tablet(50, 50)]))
    switch = draw(st.booleans())
    try:
        return Regimen(dated, draw(st.sampled_from(sorted(Filler))), liquid, switch)
    except FormulationError:
        return Regimen(dated)


@pytest.mark.rule("LDN-FORMULATION")
@given(regimens(), st.sampled_from(["R4", "R4B", "R5"]))
def test_every_step_is_exported_once_in_its_form(regimen: Regimen, version: str) -> None:
    """LDN-FORMULATION: each step (cut at the switch, LDN-SWITCH) in the request of its form,
    mL for liquid and mg for capsules."""
    requests = regimen_requests(regimen, subject="Patient/1", version=version)  # type: ignore[arg-type]
    for request in requests:
        REQUEST[version].model_validate(request)
    plan = regimen.plan
    exported = [(r, d) for r in requests for d in r["dosageInstruction"]]
    segments = regimen.segments()
    assert len(exported) == len(segments)
    for (step, first, last, form_of), (request, dosage) in zip(segments, exported, strict=True):
        quantity = dosage["doseAndRate"][0]["doseQuantity"]
        form = request["contained"][0]["form" if version != "R5" else "doseForm"]["text"]
        assert regimen.form_on(first) is form_of
        if form_of is Form.LIQUID:
            measured = regimen.liquid_dose_on(first)
            assert measured is not None
            assert (quantity["value"], quantity["code"]) == (measured.volume.ml, "mL")
            assert form == "oral solution"
            assert "14 days after you made it" in dosage["patientInstruction"] or (
                plan.policy.liquid_bud_days != 14
            )
        else:
            assert (quantity["value"], quantity["code"]) == (step.dose.mg, "mg")
            assert form == "capsule"
            assert "patientInstruction" not in dosage
        repeat = dosage["timing"]["repeat"]
        if last is not None:
            assert repeat["boundsPeriod"]["start"] == plan.date_of(first).isoformat()
            assert repeat["boundsPeriod"]["end"] == plan.date_of(last).isoformat()
        elif plan.start_date is not None:
            # Issue 11: the open-ended maintenance step of a dated plan states its start.
            assert repeat["boundsPeriod"] == {"start": plan.date_of(first).isoformat()}
        else:
            assert "boundsPeriod" not in repeat
    for request in requests:
        sequences = [d["sequence"] for d in request["dosageInstruction"]]
        assert sequences == list(range(1, len(sequences) + 1))
    assert len(requests) == (2 if regimen.switch_day not in (0, None) else 1)


def test_the_switch_as_two_requests() -> None:
    liquid, capsules = regimen_requests(
        Regimen(PLAN, Filler.GINGER, LIQUID), subject="Patient/7", version="R4"
    )
    assert liquid["contained"][0]["code"]["text"] == (
        "naltrexone oral liquid 0.5 mg/mL (compounded from tablets)"
    )
    assert (
        capsules["contained"][0]["code"]["text"]
        == "naltrexone capsules (compounded, ginger filler)"
    )
    assert liquid["note"][1]["text"] == (
        "Oral liquid while titrating and for the first nights of the maintenance dose; "
        "capsules from 2026-04-13 in a separate request."
    )
    assert capsules["note"][1]["text"].startswith("Capsules at the maintenance dose")
    assert [d["text"] for d in capsules["dosageInstruction"]] == ["1 capsule (4.5 mg) at bedtime"]
    # LDN-SWITCH: 14 nights of 4.5 mg as the liquid first.
    assert liquid["dosageInstruction"][-1]["text"] == (
        "9 mL (4.5 mg) of the oral liquid at bedtime for 14 days"
    )
    assert capsules["dosageInstruction"][0]["timing"]["repeat"]["boundsPeriod"] == {
        "start": "2026-04-13"
    }
    assert liquid["medicationReference"] == {"reference": "#ldn-medication"}
    assert liquid["subject"] == capsules["subject"] == {"reference": "Patient/7"}
    assert liquid["subject"] is not capsules["subject"]


def test_one_form_matches_medication_request() -> None:
    for regimen, formulation in (
        (Regimen(PLAN, Filler.SUCROSE), Filler.SUCROSE),
        (Regimen(PLAN, liquid=LIQUID, capsules_at_maintenance=False), LIQUID),
    ):
        (request,) = regimen_requests(regimen, subject="Patient/1", status="active", intent="plan")
        plain = medication_request(
            PLAN, subject="Patient/1", formulation=formulation, status="active", intent="plan"
        )
        assert request["contained"] == plain["contained"]
        assert request["medication"] == plain["medication"]
        assert [d["doseAndRate"] for d in request["dosageInstruction"]] == [
            d["doseAndRate"] for d in plain["dosageInstruction"]
        ]
        assert [d["timing"] for d in request["dosageInstruction"]] == [
            d["timing"] for d in plain["dosageInstruction"]
        ]
        assert (request["status"], request["intent"]) == ("active", "plan")
        assert request["note"] == plain["note"]


def test_undated_regimens() -> None:
    undated = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
    with pytest.raises(ExportError, match="a plan with a start date") as raised:
        regimen_requests(Regimen(undated, liquid=LIQUID), subject="Patient/1")
    assert "capsules from day 42" in str(raised.value)
    (request,) = regimen_requests(Regimen(undated), subject="Patient/1")
    assert request["dosageInstruction"][0]["timing"]["repeat"]["boundsDuration"]["value"] == 14


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (
            lambda: regimen_requests(PLAN, subject="Patient/1"),
            LdnTypeError,
            "regimen must be a Regimen, got TitrationPlan",
        ),  # type: ignore[arg-type]
        (
            lambda: regimen_requests(Regimen(PLAN), subject="Patient/1", version="R3"),
            ExportError,
            "FHIR version",
        ),  # type: ignore[arg-type]
        (lambda: regimen_requests(Regimen(PLAN), subject=""), ExportError, "subject"),
        (
            lambda: regimen_requests(Regimen(PLAN), subject="Patient/1", status="done"),
            ExportError,
            "status must be one of",
        ),
        (
            lambda: regimen_requests(Regimen(PLAN), subject="Patient/1", intent="wish"),
            ExportError,
            "intent must be one of",
        ),
    ],
)
def test_refusals(call: Any, error: type, fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        call()


def test_plan_strategy_gives_dated_plans() -> None:
    assert isinstance(PLAN, TitrationPlan)


@pytest.mark.rule("LDN-LIQUID-BUD")
def test_the_liquid_dispense_counts_bottles_to_their_date() -> None:
    """LDN-LIQUID-BUD: the liquid request dispenses the bottles of the liquid nights."""
    liquid, capsules = regimen_requests(Regimen(PLAN, liquid=LIQUID), subject="Patient/1")
    # Days 0-41: two bottles of 14 nights, then two of 11 and 3 nights at 4.5 mg.
    assert liquid["dispenseRequest"] == {
        "quantity": {
            "value": Decimal(400),
            "unit": "mL",
            "system": "http://unitsofmeasure.org",
            "code": "mL",
        },
        "expectedSupplyDuration": {
            "value": Decimal(42),
            "unit": "days",
            "system": "http://unitsofmeasure.org",
            "code": "d",
        },
    }
    assert liquid["note"][-1]["text"] == (
        "Dispense 4 x 50 mg tablet for 4 bottles, each of one 50 mg tablet in 100 mL of "
        "water; a fresh bottle is made at least every 14 days and what is left is thrown "
        "away (LDN-LIQUID-BUD)."
    )
    assert "dispenseRequest" not in capsules
    low = titrate(
        start="0.5", step="0.5", interval_days=7, target="1.5", start_date=dt.date(2026, 3, 2)
    )
    halved, _ = regimen_requests(
        Regimen(low, liquid=LIQUID, half_tablets=True), subject="Patient/1", version="R4"
    )
    assert halved["dispenseRequest"]["quantity"]["value"] == Decimal(100)  # two 50 mL bottles
    assert "(2 of half a tablet in 50 mL)" in halved["note"][-1]["text"]
    assert halved["note"][-1]["text"].startswith("Dispense 1 x 50 mg tablet for 2 bottles")
    REQUEST["R4"].model_validate(halved)
    # The first night counts: nights 0-93 take 8 bottles, nights 1-93 would take 7.
    slow = titrate(
        start="0.5", step="0.5", interval_days=10, target="4.5", start_date=dt.date(2026, 3, 2)
    )
    (slow_liquid, _) = regimen_requests(Regimen(slow, liquid=LIQUID), subject="Patient/1")
    assert slow_liquid["dispenseRequest"]["quantity"]["value"] == Decimal(800)
    assert slow_liquid["dispenseRequest"]["expectedSupplyDuration"]["value"] == Decimal(94)
    assert LIQUID.bottle_counts(slow, 0, 93) == (8, 0) != LIQUID.bottle_counts(slow, 1, 93)
    assert slow_liquid["note"][-1]["text"].startswith("Dispense 8 x 50 mg tablet for 8 bottles")
    (throughout,) = regimen_requests(
        Regimen(PLAN, liquid=LIQUID, capsules_at_maintenance=False), subject="Patient/1"
    )
    assert "dispenseRequest" not in throughout  # open-ended: no period to count
