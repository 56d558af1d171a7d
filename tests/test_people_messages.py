"""Every error message of the issue-12 additions, pinned in full (as tests/test_messages.py does).

Long inputs are abbreviated to 80 characters of their repr; the cases with LONG check it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from ldn import (
    Dispense,
    FormulationAdvice,
    LdnError,
    OralLiquid,
    Recommendation,
    Reference,
    Regimen,
    Rule,
    RuleId,
    Syringe,
    advise_formulation,
    capsule_counts,
    titrate,
)
from ldn.chart import chart_html, chart_text, plan_svg
from ldn.errors import (
    ExportError,
    FormulationError,
    InvalidDoseError,
    InvalidPolicyError,
    LdnTypeError,
    ScheduleError,
)
from ldn.fhir import regimen_requests
from ldn.formulation import REPORTED_CAPSULE_COST, ReportedSupplier, SupplyReport, water_volumes_for
from ldn.regimen import MAX_MAINTENANCE_DAYS

P = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
D = titrate(start="1.5", step="1.5", interval_days=14, target="4.5", start_date=dt.date(2026, 3, 2))
L = OralLiquid.from_tablet()
LONG = "x" * 200

CASES = [
    pytest.param(
        lambda: L.measure("1", "syringe"),
        LdnTypeError,
        "syringes must be an iterable of Syringe, got str 'syringe'",
        id='L.measure("1", "syringe")',
    ),
    pytest.param(
        lambda: L.measure("1", [Syringe("1", "0.1"), "3 mL" + "x" * 100]),
        LdnTypeError,
        "item of syringes must be a Syringe, got str '3 mLxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...",
        id='L.measure("1", [Syringe("1", "0.1"), "3 mL" + "x" * 100])',
    ),
    pytest.param(
        lambda: L.nearest_measurable("1", []),
        FormulationError,
        "syringes must be at least one syringe, got none [LDN-LIQUID]",
        id='L.nearest_measurable("1", [])',
    ),
    pytest.param(
        lambda: capsule_counts(None, 0, 1),
        LdnTypeError,
        "plan must be a TitrationPlan, got NoneType None",
        id="capsule_counts(None, 0, 1)",
    ),
    pytest.param(
        lambda: L.bottles_for("plan", 0, 1),
        LdnTypeError,
        "plan must be a TitrationPlan, got str 'plan'",
        id='L.bottles_for("plan", 0, 1)',
    ),
    pytest.param(
        lambda: L.bottle_lasts(1, 0),
        LdnTypeError,
        "plan must be a TitrationPlan, got int 1",
        id="L.bottle_lasts(1, 0)",
    ),
    pytest.param(
        lambda: water_volumes_for("1"),
        LdnTypeError,
        "doses must be a TitrationPlan or an iterable of doses, got str '1'",
        id='water_volumes_for("1")',
    ),
    pytest.param(
        lambda: water_volumes_for([]),
        FormulationError,
        "doses must be at least one dose, got none [LDN-LIQUID]",
        id="water_volumes_for([])",
    ),
    pytest.param(
        lambda: water_volumes_for(["1"], smallest=5, largest=4),
        FormulationError,
        "largest water volume must be at least 5 mL, got 4 mL",
        id='water_volumes_for(["1"], smallest=5, largest=4)',
    ),
    pytest.param(
        lambda: water_volumes_for(["1"], step="0.001", largest="101"),
        FormulationError,
        "water volumes to try must be at most 100000, got 100001 (from 1 mL to 101 mL by 0.001 mL)",
        id='water_volumes_for(["1"], step="0.001", largest="101")',
    ),
    pytest.param(
        lambda: water_volumes_for(["1"], tablet_mg="0"),
        InvalidDoseError,
        "tablet_mg in mg must be greater than 0 mg and at most 1000 mg, in steps of 0.001 mg, got 0",
        id='water_volumes_for(["1"], tablet_mg="0")',
    ),
    pytest.param(
        lambda: water_volumes_for(["1"], smallest="0"),
        InvalidDoseError,
        "smallest in mL must be greater than 0 mL and at most 10000 mL, in steps of 0.001 mL, got 0",
        id='water_volumes_for(["1"], smallest="0")',
    ),
    pytest.param(
        lambda: water_volumes_for(["1"], largest="0"),
        InvalidDoseError,
        "largest in mL must be greater than 0 mL and at most 10000 mL, in steps of 0.001 mL, got 0",
        id='water_volumes_for(["1"], largest="0")',
    ),
    pytest.param(
        lambda: ReportedSupplier("X", ""),
        LdnTypeError,
        "place must be a non-empty str, got str ''",
        id='ReportedSupplier("X", "")',
    ),
    pytest.param(
        lambda: SupplyReport(["X"], REPORTED_CAPSULE_COST, "c"),
        LdnTypeError,
        "suppliers must be a tuple or list of ReportedSupplier, got list ['X']",
        id='SupplyReport(["X"], REPORTED_CAPSULE_COST, "c")',
    ),
    pytest.param(
        lambda: SupplyReport((), "NZ$90", "c"),
        LdnTypeError,
        "cost must be a ReportedCost, got str 'NZ$90'",
        id='SupplyReport((), "NZ$90", "c")',
    ),
    pytest.param(
        lambda: SupplyReport((), REPORTED_CAPSULE_COST, "c", "LDN-SUPPLY"),
        LdnTypeError,
        "rule_id must be RuleId.SUPPLY, got str 'LDN-SUPPLY'",
        id='SupplyReport((), REPORTED_CAPSULE_COST, "c", "LDN-SUPPLY")',
    ),
    pytest.param(
        lambda: Reference("", "A", "review", url="https://a"),
        InvalidPolicyError,
        "id must be a non-empty str, got ''",
        id='Reference("", "A", "review", url="https://a")',
    ),
    pytest.param(
        lambda: Reference("x", "A", LONG),
        InvalidPolicyError,
        "kind must be one of monograph, medicines information, review, trial, got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'",
        id='Reference("x", "A", LONG)',
    ),
    pytest.param(
        lambda: Reference("x", "A", "review"),
        InvalidPolicyError,
        "locator of reference 'x' must be a url, doi or pmid, got none",
        id='Reference("x", "A", "review")',
    ),
    pytest.param(
        lambda: Reference("x", "A", "review", url="http://a"),
        InvalidPolicyError,
        "url of reference 'x' must be an https:// URL, got 'http://a'",
        id='Reference("x", "A", "review", url="http://a")',
    ),
    pytest.param(
        lambda: Rule(RuleId.TIMING, "t", "s", "x", references=LONG),
        LdnTypeError,
        "references must be a tuple or list of reference ids, got str 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...",
        id='Rule(RuleId.TIMING, "t", "s", "x", references=LONG)',
    ),
    pytest.param(
        lambda: Rule(RuleId.TIMING, "t", "s", "x", references=("nowhere",)),
        InvalidPolicyError,
        "references must be distinct ids among monograph, racgp-2023, nz-medinfo-liquid-2023, patten-2018, bruun-2024, got 'nowhere'",
        id='Rule(RuleId.TIMING, "t", "s", "x", references=("nowhere",))',
    ),
    pytest.param(
        lambda: advise_formulation(manages_liquid="yes"),
        LdnTypeError,
        "manages_liquid must be True, False or None (not confirmed), got str 'yes'",
        id='advise_formulation(manages_liquid="yes")',
    ),
    pytest.param(
        lambda: advise_formulation(manages_liquid=True, plan="plan"),
        LdnTypeError,
        "plan must be a TitrationPlan or None, got str 'plan'",
        id='advise_formulation(manages_liquid=True, plan="plan")',
    ),
    pytest.param(
        lambda: advise_formulation(manages_liquid=True, liquid="0.5"),
        LdnTypeError,
        "liquid must be an OralLiquid or None, got str '0.5'",
        id='advise_formulation(manages_liquid=True, liquid="0.5")',
    ),
    pytest.param(
        lambda: advise_formulation(manages_liquid=False).regimen(),
        LdnTypeError,
        "plan must be a TitrationPlan (the advice was given without one), got None",
        id="advise_formulation(manages_liquid=False).regimen()",
    ),
    pytest.param(
        lambda: Recommendation(LONG, "capsules", "t", ("r",), ("LDN-FORMULATION",)),
        LdnTypeError,
        "phase must be one of titration, maintenance, throughout, got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'",
        id='Recommendation(LONG, "capsules", "t", ("r",), ("LDN-FORMULATION",))',
    ),
    pytest.param(
        lambda: Recommendation("throughout", LONG, "t", ("r",), ("LDN-FORMULATION",)),
        LdnTypeError,
        "form must be one of oral liquid, capsules, got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'",
        id='Recommendation("throughout", LONG, "t", ("r",), ("LDN-FORMULATION",))',
    ),
    pytest.param(
        lambda: Recommendation("throughout", "capsules", "", ("r",), ("LDN-FORMULATION",)),
        LdnTypeError,
        "text must be a non-empty str, got str ''",
        id='Recommendation("throughout", "capsules", "", ("r",), ("LDN-FORMULATION",))',
    ),
    pytest.param(
        lambda: Recommendation("throughout", "capsules", "t", (LONG, ""), ("LDN-FORMULATION",)),
        LdnTypeError,
        "reasons must be a non-empty tuple of non-empty str, got tuple ('xxxxxxxxxxxxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxxxxxxxxx...",
        id='Recommendation("throughout", "capsules", "t", (LONG, ""), ("LDN-FORMULATION",))',
    ),
    pytest.param(
        lambda: Recommendation("throughout", "capsules", "t", ("r",), (LONG,)),
        LdnTypeError,
        "rule_ids must be a non-empty tuple of RuleId, got tuple ('xxxxxxxxxxxxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxxxxxxxxx...",
        id='Recommendation("throughout", "capsules", "t", ("r",), (LONG,))',
    ),
    pytest.param(
        lambda: FormulationAdvice((), "cellulose", None),
        FormulationError,
        "recommendations must be at least one recommendation, got none",
        id='FormulationAdvice((), "cellulose", None)',
    ),
    pytest.param(
        lambda: FormulationAdvice(("x",), "cellulose", None),
        LdnTypeError,
        "recommendations must be a tuple or list of Recommendation, got tuple ('x',)",
        id='FormulationAdvice(("x",), "cellulose", None)',
    ),
    pytest.param(
        lambda: Regimen(None),
        LdnTypeError,
        "plan must be a TitrationPlan, got NoneType None",
        id="Regimen(None)",
    ),
    pytest.param(
        lambda: Regimen(P, liquid="water"),
        LdnTypeError,
        "liquid must be an OralLiquid or None, got str 'water'",
        id='Regimen(P, liquid="water")',
    ),
    pytest.param(
        lambda: Regimen(P, capsules_at_maintenance=1),
        LdnTypeError,
        "capsules_at_maintenance must be a bool, got int 1",
        id="Regimen(P, capsules_at_maintenance=1)",
    ),
    pytest.param(
        lambda: Regimen(titrate(start="1", step="1", interval_days=7, target="1"), liquid=L),
        FormulationError,
        "plan for the oral liquid until maintenance must be a plan that titrates before its maintenance dose, got a plan at 1 mg from the first night [LDN-FORMULATION]",
        id='Regimen(titrate(start="1", step="1", interval_days=7, target="1"), liquid=L)',
    ),
    pytest.param(
        lambda: Regimen(P).supply(maintenance_days=-1),
        FormulationError,
        "maintenance_days must be between 0 and 3653 nights, got -1 [LDN-SUPPLY]",
        id="Regimen(P).supply(maintenance_days=-1)",
    ),
    pytest.param(
        lambda: Regimen(P).supply(maintenance_days=MAX_MAINTENANCE_DAYS + 1),
        FormulationError,
        "maintenance_days must be between 0 and 3653 nights, got 3654 [LDN-SUPPLY]",
        id="Regimen(P).supply(maintenance_days=MAX_MAINTENANCE_DAYS + 1)",
    ),
    pytest.param(
        lambda: Regimen(P).supply(maintenance_days=10**9),
        FormulationError,
        "maintenance_days must be between 0 and 3653 nights, got out of range [LDN-SUPPLY]",
        id="Regimen(P).supply(maintenance_days=10**9)",
    ),
    pytest.param(
        lambda: Regimen(P).supply(maintenance_days=10**9 - 1),
        FormulationError,
        "maintenance_days must be between 0 and 3653 nights, got 999999999 [LDN-SUPPLY]",
        id="Regimen(P).supply(maintenance_days=10**9 - 1)",
    ),
    pytest.param(
        lambda: Regimen(P).supply(maintenance_days=-(10**9)),
        FormulationError,
        "maintenance_days must be between 0 and 3653 nights, got out of range [LDN-SUPPLY]",
        id="Regimen(P).supply(maintenance_days=-(10**9))",
    ),
    pytest.param(
        lambda: Regimen(P).supply(maintenance_days=True),
        LdnTypeError,
        "maintenance_days must be an int number of nights, got bool True",
        id="Regimen(P).supply(maintenance_days=True)",
    ),
    pytest.param(
        lambda: Regimen(P).supply(maintenance_days=2, first=40),
        FormulationError,
        "period from day 40 through 2 nights of maintenance must be ending on or after its first day, got ending on day 29 [LDN-SUPPLY]",
        id="Regimen(P).supply(maintenance_days=2, first=40)",
    ),
    pytest.param(
        lambda: Dispense(-1, 0, 0, None, ()),
        FormulationError,
        "first_day must be from 0 to 1000000000, got -1",
        id="Dispense(-1, 0, 0, None, ())",
    ),
    pytest.param(
        lambda: Dispense(0, 0, 0, None, "x" * 100),
        LdnTypeError,
        "capsules must be a tuple of (Capsule, positive int), got str 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...",
        id='Dispense(0, 0, 0, None, "x" * 100)',
    ),
    pytest.param(
        lambda: Dispense(5, 4, 0, None, ()),
        FormulationError,
        "last_day must be at least 5, got 4",
        id="Dispense(5, 4, 0, None, ())",
    ),
    pytest.param(
        lambda: Dispense(0, 4, 2, None, ()),
        FormulationError,
        "tablet must be a Dose exactly when tablets are dispensed, got NoneType None",
        id="Dispense(0, 4, 2, None, ())",
    ),
    pytest.param(
        lambda: chart_html("plan"),
        LdnTypeError,
        "schedule must be a TitrationPlan or a Regimen, got str 'plan'",
        id='chart_html("plan")',
    ),
    pytest.param(
        lambda: chart_text(P),
        ScheduleError,
        "start date of a chart must be a date: the plan's start_date or start_date=, got None",
        id="chart_text(P)",
    ),
    pytest.param(
        lambda: chart_html(D, start_date="2026-03-02"),
        LdnTypeError,
        "start_date must be a datetime.date or None, got str '2026-03-02'",
        id='chart_html(D, start_date="2026-03-02")',
    ),
    pytest.param(
        lambda: chart_html(D, start_date=dt.date(2026, 3, 3)),
        ScheduleError,
        "start_date must be the plan's own start date 2026-03-02 or None, got 2026-03-03",
        id="chart_html(D, start_date=dt.date(2026, 3, 3))",
    ),
    pytest.param(
        lambda: chart_html(D, through=1096),
        ScheduleError,
        "nights in a chart must be at most 1096, got 1097 (through day 1096)",
        id="chart_html(D, through=1096)",
    ),
    pytest.param(
        lambda: chart_html(D, title=""),
        LdnTypeError,
        "title must be a non-empty str, got str ''",
        id='chart_html(D, title="")',
    ),
    pytest.param(
        lambda: chart_text(D, title=LONG * 0 or None),
        LdnTypeError,
        "title must be a non-empty str, got NoneType None",
        id="chart_text(D, title=LONG * 0 or None)",
    ),
    pytest.param(
        lambda: chart_text(
            titrate(
                start="1", step="1", interval_days=7, target="1", start_date=dt.date(9999, 11, 19)
            ),
            through=43,
        ),
        ScheduleError,
        "last night of a chart (or of its review window) must be on or before 9999-12-31, got day 43 from 9999-11-19",
        id="chart_text(titrate(..., start_date=dt.date(9999, 11, 19)), through=43)",
    ),
    pytest.param(
        lambda: plan_svg(None),
        LdnTypeError,
        "plan must be a TitrationPlan, got NoneType None",
        id="plan_svg(None)",
    ),
    pytest.param(
        lambda: regimen_requests(P, subject="Patient/1"),
        LdnTypeError,
        "regimen must be a Regimen, got TitrationPlan TitrationPlan(steps=(Step(do...ate=None, policy='monograph')",
        id='regimen_requests(P, subject="Patient/1")',
    ),
    pytest.param(
        lambda: regimen_requests(Regimen(P, liquid=L), subject="Patient/1"),
        ExportError,
        "plan of a regimen that switches to capsules must be a plan with a start date, so that the capsules' first night is a date, got a plan without a start date (capsules from day 28)",
        id='regimen_requests(Regimen(P, liquid=L), subject="Patient/1")',
    ),
    pytest.param(
        lambda: titrate(
            start="1", step="1", interval_days=7, target="1", start_date=dt.date(9999, 1, 1)
        ).date_of(365),
        ScheduleError,
        "plan day from 9999-01-01 must be at most 364 (the calendar ends 9999-12-31), got 365",
        id='titrate(start="1", step="1", interval_days=7, target="1", start_date=dt.date(9999, 1, 1)).date_of(365)',
    ),
    pytest.param(
        lambda: P.dose_on(-(10**7)),
        ScheduleError,
        "plan day must be 0 (the first dose) or later, got -10000000",
        id="P.dose_on(-(10**7))",
    ),
    pytest.param(
        lambda: P.runs(5, 4),
        ScheduleError,
        "last day of span must be on or after day 5, got 4",
        id="P.runs(5, 4)",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), CASES)
def test_message(call: Callable[[], object], error: type[LdnError], message: str) -> None:
    with pytest.raises(LdnError) as raised:
        call()
    assert type(raised.value) is error
    assert str(raised.value) == message
