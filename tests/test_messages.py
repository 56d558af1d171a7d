"""The exact message of every error ldn raises: what was given, what is allowed, the rule.

One row per raise site. A message is part of the interface (users read it, logs keep
it), so a change to one must be deliberate and show up here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest

from ldn import (
    MONOGRAPH,
    Concentration,
    Dose,
    ExportError,
    Finding,
    FormulationError,
    InvalidDoseError,
    InvalidPolicyError,
    LdnError,
    LdnTypeError,
    OralLiquid,
    Patient,
    PolicyViolationError,
    RuleId,
    ScheduleError,
    ScreeningError,
    ScreeningReport,
    Severity,
    Step,
    Syringe,
    TitrationPlan,
    Volume,
    choose_filler,
    screen,
    titrate,
)
from ldn.dose import as_dose, as_volume
from ldn.fhir import RXNORM_SYSTEM, detected_issue, detected_issues, medication_request, to_json
from ldn.formulation import to_filler

P = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
PD = attrs.evolve(P, start_date=dt.date(2026, 3, 1))
L = OralLiquid.from_tablet()
REPORT = screen(Patient(opioid_use=True))
FINDING = REPORT.findings[0]
CYCLE: dict[str, object] = {}
CYCLE["self"] = [CYCLE]


@attrs.frozen
class Code:
    """A stand-in for any coding object (system, code, display)."""

    system: str
    code: str
    display: str | None


CASES = [
    pytest.param(
        lambda: Dose(0.5),
        LdnTypeError,
        "dose in mg must be an int, str, Decimal or Fraction (pass floats as str or Decimal, e.g. '4.5'), got float 0.5",
        id="Dose(0.5)",
    ),
    pytest.param(
        lambda: Dose(None),
        LdnTypeError,
        "dose in mg must be an int, str, Decimal or Fraction, got NoneType None",
        id="Dose(None)",
    ),
    pytest.param(
        lambda: Dose("-1"),
        InvalidDoseError,
        "dose in mg must be a plain decimal number such as '0.5' or '4.5' (leading zero, no sign, no unit), got '-1'",
        id='Dose("-1")',
    ),
    pytest.param(
        lambda: Dose(Fraction(1, 3)),
        InvalidDoseError,
        "dose in mg must be a fraction with an exact decimal form, got Fraction(1/3)",
        id="Dose(Fraction(1, 3))",
    ),
    pytest.param(
        lambda: Dose(0),
        InvalidDoseError,
        "dose in mg must be greater than 0 mg and at most 1000 mg, in steps of 0.001 mg, got 0",
        id="Dose(0)",
    ),
    pytest.param(
        lambda: Dose("0.0001"),
        InvalidDoseError,
        "dose in mg must be greater than 0 mg and at most 1000 mg, in steps of 0.001 mg, got 0.0001",
        id='Dose("0.0001")',
    ),
    pytest.param(
        lambda: Volume("10001"),
        InvalidDoseError,
        "volume in mL must be greater than 0 mL and at most 10000 mL, in steps of 0.001 mL, got 10001",
        id='Volume("10001")',
    ),
    pytest.param(
        lambda: Dose(1) * True,
        LdnTypeError,
        "factor must be an int, got bool True",
        id="Dose(1) * True",
    ),
    pytest.param(
        lambda: Dose(1) * 0,
        InvalidDoseError,
        "factor must be between 1 and 1000000, got 0",
        id="Dose(1) * 0",
    ),
    pytest.param(
        lambda: Dose.parse(1),
        LdnTypeError,
        "dose text must be a str, got int 1",
        id="Dose.parse(1)",
    ),
    pytest.param(
        lambda: Dose.parse(".5 mg"),
        InvalidDoseError,
        "dose text must be a number with a leading zero followed by mg, such as '0.5 mg' or '4.5 mg', got '.5 mg'",
        id='Dose.parse(".5 mg")',
    ),
    pytest.param(
        lambda: Dose.parse("4.5 g"),
        InvalidDoseError,
        "unit of '4.5 g' must be mg (convert other units yourself: a unit slip is a 1000-fold error), got 'g'",
        id='Dose.parse("4.5 g")',
    ),
    pytest.param(
        lambda: Dose.parse("4.5 tabs"),
        InvalidDoseError,
        "unit of '4.5 tabs' must be mg (convert other units yourself: no other unit is read), got 'tabs'",
        id='Dose.parse("4.5 tabs")',
    ),
    pytest.param(
        lambda: as_dose("0", "start"),
        InvalidDoseError,
        "start in mg must be greater than 0 mg and at most 1000 mg, in steps of 0.001 mg, got 0",
        id='as_dose("0", "start")',
    ),
    pytest.param(
        lambda: as_volume("0", "water_ml"),
        InvalidDoseError,
        "water_ml in mL must be greater than 0 mL and at most 10000 mL, in steps of 0.001 mL, got 0",
        id='as_volume("0", "water_ml")',
    ),
    pytest.param(
        lambda: MONOGRAPH.derive(name="x", reason="r", min_interval_days="7"),
        LdnTypeError,
        "min_interval_days must be an int, got str '7'",
        id='MONOGRAPH.derive(name="x", reason="r", min_interval_days="7")',
    ),
    pytest.param(
        lambda: MONOGRAPH.derive(name="x", reason="r", review_to_day=367),
        InvalidPolicyError,
        "review_to_day must be between 0 and 366 days, got 367 [LDN-REVIEW]",
        id='MONOGRAPH.derive(name="x", reason="r", review_to_day=367)',
    ),
    pytest.param(
        lambda: MONOGRAPH.derive(name="x", reason="r", loperamide_blocks="yes"),
        LdnTypeError,
        "loperamide_blocks must be a bool, got str 'yes'",
        id='MONOGRAPH.derive(name="x", reason="r", loperamide_blocks="yes")',
    ),
    pytest.param(
        lambda: MONOGRAPH.derive(name=" ", reason="r", max_daily_dose="6"),
        InvalidPolicyError,
        "name must be a non-empty str, got ' '",
        id='MONOGRAPH.derive(name=" ", reason="r", max_daily_dose="6")',
    ),
    pytest.param(
        lambda: MONOGRAPH.derive(name="x", reason="r", start_min="1.6"),
        InvalidPolicyError,
        "start_min of policy 'x' must be at most start_max (1.5 mg), got 1.6 mg [LDN-START]",
        id='MONOGRAPH.derive(name="x", reason="r", start_min="1.6")',
    ),
    pytest.param(
        lambda: MONOGRAPH.derive(name="x", reason="r", max_daily_dose="1"),
        InvalidPolicyError,
        "start_max of policy 'x' must be at most max_daily_dose (1 mg), got 1.5 mg [LDN-START]",
        id='MONOGRAPH.derive(name="x", reason="r", max_daily_dose="1")',
    ),
    pytest.param(
        lambda: MONOGRAPH.derive(name="x", reason="r", typical_low="4.6"),
        InvalidPolicyError,
        "typical_low of policy 'x' must be at most typical_common (4.5 mg), got 4.6 mg [LDN-DOSE-TYPICAL]",
        id='MONOGRAPH.derive(name="x", reason="r", typical_low="4.6")',
    ),
    pytest.param(
        lambda: MONOGRAPH.derive(name="x", reason="r", typical_high="4"),
        InvalidPolicyError,
        "typical_common of policy 'x' must be at most typical_high (4 mg), got 4.5 mg [LDN-DOSE-TYPICAL]",
        id='MONOGRAPH.derive(name="x", reason="r", typical_high="4")',
    ),
    pytest.param(
        lambda: MONOGRAPH.derive(name="x", reason="r", min_interval_days=15),
        InvalidPolicyError,
        "min_interval_days of policy 'x' must be at most max_interval_days (14), got 15 [LDN-STEP-INTERVAL]",
        id='MONOGRAPH.derive(name="x", reason="r", min_interval_days=15)',
    ),
    pytest.param(
        lambda: MONOGRAPH.derive(name="x", reason="r", review_from_day=43),
        InvalidPolicyError,
        "review_from_day of policy 'x' must be at most review_to_day (42), got 43 [LDN-REVIEW]",
        id='MONOGRAPH.derive(name="x", reason="r", review_from_day=43)',
    ),
    pytest.param(
        lambda: MONOGRAPH.rule("LDN-X"),
        InvalidPolicyError,
        "rule id must be one of LDN-DOSE-MAX, LDN-DOSE-TYPICAL, LDN-START, LDN-STEP-INTERVAL, LDN-TIMING, LDN-REVIEW, LDN-OPIOID, LDN-FILLER, LDN-LIQUID, LDN-HEPATIC, LDN-ADVERSE, LDN-FORMULATION, LDN-SUPPLY, LDN-ANTAGONIST, got 'LDN-X'",
        id='MONOGRAPH.rule("LDN-X")',
    ),
    pytest.param(
        lambda: MONOGRAPH.derive(name="x", reason="", max_daily_dose="6"),
        InvalidPolicyError,
        "reason for a derived policy must be a non-empty str, got ''",
        id='MONOGRAPH.derive(name="x", reason="", max_daily_dose="6")',
    ),
    pytest.param(
        lambda: MONOGRAPH.derive(name="monograph", reason="r", max_daily_dose="6"),
        InvalidPolicyError,
        "name of a derived policy must be a name other than 'monograph', got 'monograph'",
        id='MONOGRAPH.derive(name="monograph", reason="r", max_daily_dose="6")',
    ),
    pytest.param(
        lambda: MONOGRAPH.derive(name="x", reason="r", max_dose="6", min_days=1),
        InvalidPolicyError,
        "figure names must be among liquid_tablet, liquid_water, loperamide_blocks, max_daily_dose, max_interval_days, min_interval_days, review_from_day, review_to_day, start_max, start_min, typical_common, typical_high, typical_low, got max_dose, min_days",
        id='MONOGRAPH.derive(name="x", reason="r", max_dose="6", min_days=1)',
    ),
    pytest.param(
        lambda: MONOGRAPH.derive(name="x", reason="r", max_daily_dose="4.5"),
        InvalidPolicyError,
        "figures of a derived policy must be at least one different from policy 'monograph', got none changed",
        id='MONOGRAPH.derive(name="x", reason="r", max_daily_dose="4.5")',
    ),
    pytest.param(
        lambda: MONOGRAPH.check_daily_dose("4.6"),
        PolicyViolationError,
        "daily dose must be at most 4.5 mg under policy 'monograph', got 4.6 mg [LDN-DOSE-MAX]",
        id='MONOGRAPH.check_daily_dose("4.6")',
    ),
    pytest.param(
        lambda: MONOGRAPH.check_start_dose("0.4"),
        PolicyViolationError,
        "starting dose must be between 0.5 mg and 1.5 mg inclusive under policy 'monograph', got 0.4 mg [LDN-START]",
        id='MONOGRAPH.check_start_dose("0.4")',
    ),
    pytest.param(
        lambda: MONOGRAPH.check_interval(7.0),
        LdnTypeError,
        "interval in days must be an int, got float 7.0",
        id="MONOGRAPH.check_interval(7.0)",
    ),
    pytest.param(
        lambda: MONOGRAPH.check_interval(15),
        PolicyViolationError,
        "interval between dose changes must be between 7 and 14 days under policy 'monograph', got 15 days [LDN-STEP-INTERVAL]",
        id="MONOGRAPH.check_interval(15)",
    ),
    pytest.param(
        lambda: Step("1", 0.0, None),
        LdnTypeError,
        "first_day must be an int, got float 0.0",
        id='Step("1", 0.0, None)',
    ),
    pytest.param(
        lambda: Step("1", -1, None),
        ScheduleError,
        "first_day must be from 0 to 3652058, got -1",
        id='Step("1", -1, None)',
    ),
    pytest.param(
        lambda: Step("1", 5, 4),
        ScheduleError,
        "last_day must be at least 5, got 4",
        id='Step("1", 5, 4)',
    ),
    pytest.param(
        lambda: TitrationPlan((), Dose(1), 7, Dose(4)),
        ScheduleError,
        "steps must be at least one step, got none",
        id="TitrationPlan((), Dose(1), 7, Dose(4))",
    ),
    pytest.param(
        lambda: TitrationPlan((Step("1", 1, None),), Dose(1), 7, Dose(4)),
        ScheduleError,
        "first step must be starting on day 0, got 1 mg from day 1",
        id='TitrationPlan((Step("1", 1, None),), Dose(1), 7, Dose(4))',
    ),
    pytest.param(
        lambda: TitrationPlan((Step("1", 0, 6), Step("2", 8, None)), Dose(1), 7, Dose(4)),
        ScheduleError,
        "step after 1 mg on days 0-6 must be the very next day, got 2 mg from day 8",
        id='TitrationPlan((Step("1", 0, 6), Step("2", 8, None)), Dose(1), 7, Dose(4))',
    ),
    pytest.param(
        lambda: TitrationPlan((Step("1", 0, 6), Step("1", 7, None)), Dose(1), 7, Dose(4)),
        ScheduleError,
        "step after 1 mg on days 0-6 must be a different dose, got 1 mg from day 7",
        id='TitrationPlan((Step("1", 0, 6), Step("1", 7, None)), Dose(1), 7, Dose(4))',
    ),
    pytest.param(
        lambda: TitrationPlan((Step("1", 0, 6),), Dose(1), 7, Dose(4)),
        ScheduleError,
        "last step must be open-ended (the maintenance dose), got 1 mg on days 0-6",
        id='TitrationPlan((Step("1", 0, 6),), Dose(1), 7, Dose(4))',
    ),
    pytest.param(
        lambda: TitrationPlan((Step("1", 0, 6), Step("3", 7, None)), Dose(1), 7, Dose(4)),
        ScheduleError,
        "rise from 1 mg must be at most 2 mg, got 3 mg",
        id='TitrationPlan((Step("1", 0, 6), Step("3", 7, None)), Dose(1), 7, Dose(4))',
    ),
    pytest.param(
        lambda: TitrationPlan((Step("1", 0, 5), Step("2", 6, None)), Dose(1), 7, Dose(4)),
        ScheduleError,
        "time on 1 mg before rising to 2 mg must be at least 7 days, got 6 days [LDN-STEP-INTERVAL]",
        id='TitrationPlan((Step("1", 0, 5), Step("2", 6, None)), Dose(1), 7, Dose(4))',
    ),
    pytest.param(
        lambda: TitrationPlan((Step("1", 0, None),), Dose(1), 7, Dose(4), "2026-01-01"),
        LdnTypeError,
        "start_date must be a datetime.date, got str '2026-01-01'",
        id='TitrationPlan((Step("1", 0, None),), Dose(1), 7, Dose(4), "2026-01-01")',
    ),
    pytest.param(
        lambda: P.dose_on(-1),
        ScheduleError,
        "plan day must be 0 (the first dose) or later, got -1",
        id="P.dose_on(-1)",
    ),
    pytest.param(
        lambda: P.dose_on(1.5),
        LdnTypeError,
        "day or date must be a plan day (int) or a datetime.date, got float 1.5",
        id="P.dose_on(1.5)",
    ),
    pytest.param(
        lambda: PD.dose_on(dt.datetime(2026, 3, 2)),
        LdnTypeError,
        "day or date must be a plan day (int) or a datetime.date, got datetime datetime.datetime(2026, 3, 2, 0, 0)",
        id="PD.dose_on(dt.datetime(2026, 3, 2))",
    ),
    pytest.param(
        lambda: P.dose_on(dt.date(2026, 3, 1)),
        ScheduleError,
        "date must be a plan day (int), since this plan has no start date, got 2026-03-01",
        id="P.dose_on(dt.date(2026, 3, 1))",
    ),
    pytest.param(
        lambda: PD.dose_on(dt.date(2026, 2, 28)),
        ScheduleError,
        "date must be on or after the start date 2026-03-01, got 2026-02-28",
        id="PD.dose_on(dt.date(2026, 2, 28))",
    ),
    pytest.param(
        lambda: P.date_of(3),
        ScheduleError,
        "start date must be a date, to turn plan days into dates, got None",
        id="P.date_of(3)",
    ),
    pytest.param(
        lambda: P.total_mg(5, 4),
        ScheduleError,
        "last day of span must be on or after day 5, got 4",
        id="P.total_mg(5, 4)",
    ),
    pytest.param(
        lambda: P.step_back(3),
        ScheduleError,
        "dose before 1.5 mg on day 3 must be a lower earlier dose to step back to; stop and review instead, got none lower [LDN-ADVERSE]",
        id="P.step_back(3)",
    ),
    pytest.param(
        lambda: P.hold(30),
        ScheduleError,
        "day to hold must be a day before the maintenance dose begins on day 28, got 30 (maintenance is already 4.5 mg from day 28)",
        id="P.hold(30)",
    ),
    pytest.param(
        lambda: P.resume(40),
        ScheduleError,
        "target to resume towards must be above the held dose 4.5 mg, got 4.5 mg",
        id="P.resume(40)",
    ),
    pytest.param(
        lambda: P.hold(20).resume(14),
        ScheduleError,
        "day to resume must be after day 14, when 3 mg began, got 14",
        id="P.hold(20).resume(14)",
    ),
    pytest.param(
        lambda: titrate(start="0.5", step="0.001", interval_days=7, target="4.5"),
        ScheduleError,
        "number of steps must be at most 1000, got 4001 (from 0.5 mg to 4.5 mg by 0.001 mg)",
        id='titrate(start="0.5", step="0.001", interval_days=7, target="4.5")',
    ),
    pytest.param(
        lambda: titrate(start="1", step="1", interval_days=7, target="0.5"),
        ScheduleError,
        "target must be at least the start 1 mg, got 0.5 mg",
        id='titrate(start="1", step="1", interval_days=7, target="0.5")',
    ),
    pytest.param(
        lambda: titrate(start="1", step="1", interval_days=7, target="2", start_date="2026-01-01"),
        LdnTypeError,
        "start_date must be a datetime.date, got str '2026-01-01'",
        id='titrate(start="1", step="1", interval_days=7, target="2", start_date="2026-01-01")',
    ),
    pytest.param(
        lambda: Patient(medications="codeine"),
        LdnTypeError,
        "medications must be a collection of str, Coding or Medication, not one, got str 'codeine'",
        id='Patient(medications="codeine")',
    ),
    pytest.param(
        lambda: Patient(medications=[1]),
        LdnTypeError,
        "medication must be a str, Coding or Medication, got int 1",
        id="Patient(medications=[1])",
    ),
    pytest.param(
        lambda: Patient(filler_sensitivities="cellulose"),
        LdnTypeError,
        "filler_sensitivities must be a collection of fillers, not a str, got str 'cellulose'",
        id='Patient(filler_sensitivities="cellulose")',
    ),
    pytest.param(
        lambda: Patient(opioid_use="no"),
        LdnTypeError,
        "opioid_use must be True, False or None (not confirmed), got str 'no'",
        id='Patient(opioid_use="no")',
    ),
    pytest.param(
        lambda: Finding("x", Severity.INFO, "s" * 140, "m", RuleId.ADVERSE),
        ScreeningError,
        "finding summary must be under 140 characters, got 140 characters",
        id='Finding("x", Severity.INFO, "s" * 140, "m", RuleId.ADVERSE)',
    ),
    pytest.param(
        lambda: screen({}), LdnTypeError, "patient must be a Patient, got dict {}", id="screen({})"
    ),
    pytest.param(
        lambda: to_filler(1),
        LdnTypeError,
        "filler must be a Filler or str, got int 1",
        id="to_filler(1)",
    ),
    pytest.param(
        lambda: to_filler("starch"),
        FormulationError,
        "filler must be one of cellulose, sucrose, ginger, got 'starch'",
        id='to_filler("starch")',
    ),
    pytest.param(
        lambda: choose_filler("cellulose"),
        LdnTypeError,
        "sensitivities must be a collection of fillers, not a str, got str 'cellulose'",
        id='choose_filler("cellulose")',
    ),
    pytest.param(
        lambda: choose_filler(["ginger", "sucrose", "cellulose"]),
        FormulationError,
        "filler sensitivities must be fewer than all of cellulose, sucrose and ginger (else agree a filler with the compounder), got cellulose, ginger, sucrose [LDN-FILLER]",
        id='choose_filler(["ginger", "sucrose", "cellulose"])',
    ),
    pytest.param(
        lambda: Concentration(Fraction(0)),
        FormulationError,
        "concentration in mg/mL must be a positive Fraction, got Fraction(0, 1)",
        id="Concentration(Fraction(0))",
    ),
    pytest.param(
        lambda: Syringe("1", "0.3"),
        FormulationError,
        "capacity of a syringe marked every 0.3 mL must be a whole number of graduations, got 1 mL",
        id='Syringe("1", "0.3")',
    ),
    pytest.param(
        lambda: L.volume_ml("10"),
        FormulationError,
        "volume for 10 mg at 0.5 mg/mL must be measurable with the syringes given (nearest: 5 mg as 10 mL below, none above), got 20 mL [LDN-LIQUID]",
        id='L.volume_ml("10")',
    ),
    pytest.param(
        lambda: L.volume_ml("1.125"),
        FormulationError,
        "volume for 1.125 mg at 0.5 mg/mL must be measurable with the syringes given (nearest: 1.1 mg as 2.2 mL below, 1.15 mg as 2.3 mL above), got 2.25 mL [LDN-LIQUID]",
        id='L.volume_ml("1.125")',
    ),
    pytest.param(
        lambda: L.volume_ml("1", []),
        FormulationError,
        "syringes must be at least one syringe, got none [LDN-LIQUID]",
        id='L.volume_ml("1", [])',
    ),
    pytest.param(
        lambda: P.dose_on(10**9),
        ScheduleError,
        "plan day must be at most 3652058 (the days a calendar holds), got 1000000000",
        id="P.dose_on(10**9)",
    ),
    pytest.param(
        lambda: OralLiquid.from_tablet(1, 10).bottles_for(P, 0, 3),
        FormulationError,
        "nightly dose from one 1 mg bottle must be at most 1 mg, got 1.5 mg",
        id="OralLiquid.from_tablet(1, 10).bottles_for(P, 0, 3)",
    ),
    pytest.param(
        lambda: medication_request(P, subject="Patient/1", version="R3"),
        ExportError,
        "FHIR version must be 'R4', 'R4B' or 'R5', got 'R3'",
        id='medication_request(P, subject="Patient/1", version="R3")',
    ),
    pytest.param(
        lambda: medication_request(P, subject="Patient/1", status="done"),
        ExportError,
        "R5 status must be one of active, cancelled, completed, draft, ended, entered-in-error, on-hold, stopped, unknown, got 'done'",
        id='medication_request(P, subject="Patient/1", status="done")',
    ),
    pytest.param(
        lambda: medication_request(P, subject="Patient/1", intent="want"),
        ExportError,
        "intent must be one of filler-order, instance-order, option, order, original-order, plan, proposal, reflex-order, got 'want'",
        id='medication_request(P, subject="Patient/1", intent="want")',
    ),
    pytest.param(
        lambda: medication_request(P, subject=1),
        LdnTypeError,
        "subject must be a str such as 'Patient/123', got int 1",
        id="medication_request(P, subject=1)",
    ),
    pytest.param(
        lambda: medication_request(P, subject=" "),
        ExportError,
        "subject must be a non-empty reference such as 'Patient/123', got ' '",
        id='medication_request(P, subject=" ")',
    ),
    pytest.param(
        lambda: medication_request("plan", subject="Patient/1"),
        LdnTypeError,
        "plan must be a TitrationPlan, got str 'plan'",
        id='medication_request("plan", subject="Patient/1")',
    ),
    pytest.param(
        lambda: detected_issue("x", subject="Patient/1", identified=dt.date(2026, 3, 1)),
        LdnTypeError,
        "finding must be a Finding, got str 'x'",
        id='detected_issue("x", subject="Patient/1", identified=dt.date(2026, 3, 1))',
    ),
    pytest.param(
        lambda: medication_request(P, subject="Patient/1", version="R4B", status="ended"),
        ExportError,
        "R4B status must be one of active, cancelled, completed, draft, entered-in-error, on-hold, stopped, unknown, got 'ended'",
        id='medication_request(P, subject="Patient/1", version="R4B", status="ended")',
    ),
    pytest.param(
        lambda: medication_request(P, subject="Patient/1", medication_codings="1483744"),
        LdnTypeError,
        "medication_codings must be an iterable of codings (objects with system, code and display), got str '1483744'",
        id='medication_request(P, subject="Patient/1", medication_codings="1483744")',
    ),
    pytest.param(
        lambda: medication_request(
            P, subject="Patient/1", medication_codings=[Code("http://loinc.org", "1", None)]
        ),
        ExportError,
        "medication coding system must be one of http://nzmt.org.nz, http://snomed.info/sct, http://www.nlm.nih.gov/research/umls/rxnorm (ATC is always written), got 'http://loinc.org'",
        id="medication_request(P, subject=..., medication_codings=[loinc])",
    ),
    pytest.param(
        lambda: medication_request(
            P, subject="Patient/1", medication_codings=[Code(RXNORM_SYSTEM, " 1483744", None)]
        ),
        ExportError,
        "medication code must be a FHIR code (no leading, trailing or repeated whitespace), got ' 1483744'",
        id="medication_request(P, subject=..., medication_codings=[' 1483744'])",
    ),
    pytest.param(
        lambda: medication_request(
            P, subject="Patient/1", medication_codings=[Code(RXNORM_SYSTEM, "1483744", "")]
        ),
        ExportError,
        "medication display must be None or non-empty text, got ''",
        id="medication_request(P, subject=..., medication_codings=[display ''])",
    ),
    pytest.param(
        lambda: detected_issue(FINDING, subject="Patient/1", identified="2026-03-01"),
        LdnTypeError,
        "identified must be a datetime.date or datetime, got str '2026-03-01'",
        id='detected_issue(F, subject="Patient/1", identified="2026-03-01")',
    ),
    pytest.param(
        lambda: detected_issue(
            FINDING, subject="Patient/1", identified=dt.datetime(2026, 3, 1, 9, 30)
        ),
        ExportError,
        "identified must be a date, or a datetime with a time zone (FHIR needs one), got datetime.datetime(2026, 3, 1, 9, 30)",
        id="detected_issue(F, subject=..., identified=naive datetime)",
    ),
    pytest.param(
        lambda: detected_issue(
            Finding("made-up", "info", "s", "m", RuleId.ADVERSE),
            subject="Patient/1",
            identified=dt.date(2026, 3, 1),
        ),
        ExportError,
        "finding code must be one of adverse-effects, filler-sensitivity, hepatic-information, medication-unrecognised, opioid-antagonist, opioid-use, opioid-use-unconfirmed, peripheral-opioid, got 'made-up'",
        id="detected_issue(Finding('made-up', ...), ...)",
    ),
    pytest.param(
        lambda: detected_issues("report", subject="Patient/1", identified=dt.date(2026, 3, 1)),
        LdnTypeError,
        "report must be a ScreeningReport, got str 'report'",
        id='detected_issues("report", ...)',
    ),
    pytest.param(
        lambda: detected_issues(
            REPORT, subject="Patient/1", identified=dt.date(2026, 3, 1), include_info=1
        ),
        LdnTypeError,
        "include_info must be True or False, got int 1",
        id="detected_issues(R, ..., include_info=1)",
    ),
    pytest.param(
        lambda: to_json({"value": 4.5}),
        LdnTypeError,
        "a FHIR value must be a str, bool, int, Decimal, dict or list (use Decimal for numbers), got float 4.5",
        id='to_json({"value": 4.5})',
    ),
    pytest.param(
        lambda: to_json({"value": frozenset()}),
        LdnTypeError,
        "a FHIR value must be a str, bool, int, Decimal, dict or list, got frozenset frozenset()",
        id='to_json({"value": frozenset()})',
    ),
    pytest.param(
        lambda: to_json(CYCLE),
        ExportError,
        "a FHIR resource must be a tree, got a structure that contains itself",
        id="to_json(CYCLE)",
    ),
    pytest.param(
        lambda: to_json({"value": None}),
        ExportError,
        "a FHIR value must be present (FHIR JSON has no null; leave it out), got None",
        id='to_json({"value": None})',
    ),
    pytest.param(
        lambda: to_json({"value": Decimal("NaN")}),
        ExportError,
        "a FHIR number must be finite (JSON has no NaN or Infinity), got NaN",
        id='to_json({"value": Decimal("NaN")})',
    ),
    pytest.param(
        lambda: to_json({1: "x"}),
        LdnTypeError,
        "a FHIR member name must be a str, got int 1",
        id='to_json({1: "x"})',
    ),
    pytest.param(
        lambda: to_json("{}"),
        LdnTypeError,
        "resource must be a dict (a FHIR resource), got str '{}'",
        id='to_json("{}")',
    ),
    pytest.param(
        lambda: to_json({}, indent=-1),
        LdnTypeError,
        "indent must be None or an int from 0 to 100, got -1",
        id="to_json({}, indent=-1)",
    ),
    pytest.param(
        lambda: Finding("x", "severe", "s", "m", RuleId.ADVERSE),
        ScreeningError,
        "severity must be one of contraindication, caution, info, got 'severe'",
        id='Finding("x", "severe", "s", "m", RuleId.ADVERSE)',
    ),
    pytest.param(
        lambda: Finding("x", Severity.INFO, "s", "m", "LDN-NOPE"),
        ScreeningError,
        "rule_id must be one of LDN-DOSE-MAX, LDN-DOSE-TYPICAL, LDN-START, LDN-STEP-INTERVAL, LDN-TIMING, LDN-REVIEW, LDN-OPIOID, LDN-FILLER, LDN-LIQUID, LDN-HEPATIC, LDN-ADVERSE, LDN-FORMULATION, LDN-SUPPLY, LDN-ANTAGONIST, got 'LDN-NOPE'",
        id='Finding("x", Severity.INFO, "s", "m", "LDN-NOPE")',
    ),
    pytest.param(
        lambda: ScreeningReport("text", "clinic"),
        LdnTypeError,
        "findings must be a tuple or list of Finding, got str 'text'",
        id='ScreeningReport("text", "clinic")',
    ),
    pytest.param(
        lambda: TitrationPlan(("1 mg",), Dose(1), 7, Dose(4)),
        LdnTypeError,
        "steps must be a tuple or list of Step, got tuple ('1 mg',)",
        id='TitrationPlan(("1 mg",), Dose(1), 7, Dose(4))',
    ),
    pytest.param(
        lambda: TitrationPlan((Step("1", 0, None),), Dose(1), 7, Dose(4), None, "monograph"),
        LdnTypeError,
        "policy must be a Policy, got str 'monograph'",
        id='TitrationPlan((Step("1", 0, None),), Dose(1), 7, Dose(4), None, "monograph")',
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), CASES)
def test_message(call: Callable[[], object], error: type[LdnError], message: str) -> None:
    with pytest.raises(LdnError) as raised:
        call()
    assert type(raised.value) is error
    assert str(raised.value) == message
    assert isinstance(raised.value, ValueError | TypeError)
    rule = message.rsplit("[", 1)[1].rstrip("]") if message.endswith("]") else None
    assert raised.value.rule_id == rule


def test_every_error_class_appears() -> None:
    raised = {case.values[1] for case in CASES}
    assert raised == {
        LdnTypeError,
        InvalidDoseError,
        InvalidPolicyError,
        PolicyViolationError,
        ScheduleError,
        ScreeningError,
        FormulationError,
        ExportError,
    }
