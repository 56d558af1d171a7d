"""The exact message of every error ldn raises: what was given, what is allowed, the rule.

One row per raise site, in one table per module. A message is part of the interface (users
read it, logs keep it), so a change to one must be deliberate and show up here. Long inputs
are abbreviated (to 80 characters of their repr, or a description of a huge number). The
rows the contract fuzz test (tests/test_contract.py) found pin its bugs by their input; a
message ending in " ..." is pinned by its start.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import find

from ldn import (
    MONOGRAPH,
    ORAL_SYRINGES,
    Concentration,
    Dispense,
    Dose,
    ExportError,
    Filler,
    Finding,
    FormulationAdvice,
    FormulationError,
    InstructionLine,
    InvalidDoseError,
    InvalidPolicyError,
    LdnError,
    LdnTypeError,
    LiquidDose,
    OralLiquid,
    Patient,
    PolicyChange,
    PolicyViolationError,
    Recommendation,
    Reference,
    Regimen,
    ReviewWindow,
    Rule,
    RuleId,
    ScheduleError,
    ScreeningError,
    ScreeningReport,
    Severity,
    Step,
    Syringe,
    TitrationPlan,
    Volume,
    advise_formulation,
    capsule_counts,
    capsules_for,
    choose_filler,
    screen,
    titrate,
)
from ldn import strategies as ldn_strategies
from ldn._exact import Bounds
from ldn.chart import chart_html, chart_text, plan_svg
from ldn.dose import as_dose, as_volume
from ldn.fhir import (
    RXNORM_SYSTEM,
    detected_issue,
    detected_issues,
    medication_request,
    regimen_requests,
    to_json,
)
from ldn.formulation import (
    REPORTED_CAPSULE_COST,
    HandlingInstruction,
    ReportedSupplier,
    SupplyReport,
    to_filler,
    water_volumes_for,
)
from ldn.medication import canonical_system
from ldn.monograph import ReferenceKind
from ldn.opioids import OpioidMatch, Reading, SubstanceKind, atc_status, fold
from ldn.regimen import MAX_MAINTENANCE_DAYS, Form, Phase
from ldn.schedule import MAX_PLAN_DAY
from tests.support.hostile import MAX_MESSAGE, BadRepr
from tests.test_contract import MEDICATION, REGIMEN, SUBSTANCE, deep

P = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
PD = attrs.evolve(P, start_date=dt.date(2026, 3, 1))
L = OralLiquid.from_tablet()
D = titrate(start="1.5", step="1.5", interval_days=14, target="4.5", start_date=dt.date(2026, 3, 2))
LONG = "x" * 200
TRIAL = MONOGRAPH.derive(name="trial", reason="r", max_daily_dose="6")
HUGE = 10**5000
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


#: ldn._exact
EXACT_CASES = [
    pytest.param(
        lambda: Bounds("x", "mg", Decimal(1), Decimal("0.02")),
        InvalidDoseError,
        "quantum of bounds must be a power of ten at most 1, got 0.02",
        id="Bounds quantum",
    ),
    pytest.param(
        lambda: Bounds("x", "mg", Decimal(10), Decimal(10)),
        InvalidDoseError,
        "quantum of bounds must be a power of ten at most 1, got 10",
        id="Bounds quantum above 1",
    ),
    pytest.param(
        lambda: Bounds("x", "mg", Decimal("1.5"), Decimal(1)),
        InvalidDoseError,
        "maximum of bounds must be a whole multiple of 1, got 1.5",
        id="Bounds maximum",
    ),
    pytest.param(
        lambda: Bounds("x", "mg", 1, Decimal(1)),
        LdnTypeError,
        "maximum must be a positive Decimal, got int 1",
        id="Bounds maximum type",
    ),
    pytest.param(
        lambda: Bounds("x", "mg", Decimal(0), Decimal(1)),
        InvalidDoseError,
        "maximum must be a positive Decimal, got 0",
        id="Bounds maximum zero",
    ),
    pytest.param(
        lambda: Bounds("x" * 41, "mg", Decimal(1), Decimal(1)),
        LdnTypeError,
        "what must be a non-empty str of at most 40 characters, got str 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'",
        id="Bounds what",
    ),
    pytest.param(
        lambda: Bounds("x", " ", Decimal(1), Decimal(1)),
        LdnTypeError,
        "unit must be a non-empty str of at most 40 characters, got str ' '",
        id="Bounds unit",
    ),
]

#: ldn.dose
DOSE_CASES = [
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
        lambda: Dose(Fraction(1, 3**40)),
        InvalidDoseError,
        "dose in mg must be a fraction with an exact decimal form, got Fraction(1/12157665459056928801)",
        id="Dose 64-bit denominator",
    ),
    pytest.param(
        lambda: Dose(Fraction(1, 3**41)),
        InvalidDoseError,
        "dose in mg must be greater than 0 mg and at most 1000 mg, in steps of 0.001 mg, got 1/36472996377170786403",
        id="Dose 65-bit denominator",
    ),
    pytest.param(
        lambda: Dose(Fraction(0)),
        InvalidDoseError,
        "dose in mg must be greater than 0 mg and at most 1000 mg, in steps of 0.001 mg, got 0",
        id="Dose Fraction 0",
    ),
    pytest.param(
        lambda: Dose("x" * 100),
        InvalidDoseError,
        "dose in mg must be a plain decimal number such as '0.5' or '4.5' (leading zero, no sign, no unit), got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'",
        id="Dose str long",
    ),
    pytest.param(
        lambda: Dose(1) < 1,
        LdnTypeError,
        "operand of Dose < must be a Dose, got int 1",
        id="Dose <",
    ),
    pytest.param(
        lambda: Dose(1) <= 1,
        LdnTypeError,
        "operand of Dose <= must be a Dose, got int 1",
        id="Dose <=",
    ),
    pytest.param(
        lambda: Dose(1) > 1,
        LdnTypeError,
        "operand of Dose > must be a Dose, got int 1",
        id="Dose >",
    ),
    pytest.param(
        lambda: Dose(1) >= 1,
        LdnTypeError,
        "operand of Dose >= must be a Dose, got int 1",
        id="Dose >=",
    ),
    pytest.param(
        lambda: Dose(1) - None,
        LdnTypeError,
        "operand of Dose - must be a Dose, got NoneType None",
        id="Dose -",
    ),
    pytest.param(
        lambda: Volume(1) < Dose(1),
        LdnTypeError,
        "value compared with a Volume must be a Volume, got Dose Dose('1')",
        id="Volume <",
    ),
    pytest.param(
        lambda: format(Dose(1), ".2f"),
        InvalidDoseError,
        "format spec of a dose must be fill, alignment and width below 1000 only, such as '>8' (a precision would cut the text, a number format would round), got str '.2f'",
        id="Dose format",
    ),
    pytest.param(
        lambda: format(Volume(1), "1000"),
        InvalidDoseError,
        "format spec of a volume must be fill, alignment and width below 1000 only, such as '>8' (a precision would cut the text, a number format would round), got str '1000'",
        id="Volume format",
    ),
    pytest.param(
        lambda: as_volume("1", 3),  # type: ignore[arg-type]
        LdnTypeError,
        "name must be a str, got int 3",
        id="as_volume name type",
    ),
]

#: ldn.medication
MEDICATION_CASES = [
    # From the contract fuzz test (tests/test_contract.py):
    # foreign exceptions from functions that read a str without checking it
    pytest.param(
        lambda: canonical_system(None),
        LdnTypeError,
        "system must be a str, got NoneType None",
        id="canonical_system(None)",
    ),
    pytest.param(
        lambda: canonical_system(5),
        LdnTypeError,
        "system must be a str, got int 5",
        id="canonical_system(5)",
    ),
]

#: ldn.monograph
MONOGRAPH_CASES = [
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
        "rule id must be one of LDN-DOSE-MAX, LDN-DOSE-TYPICAL, LDN-START, LDN-STEP-INTERVAL, LDN-TIMING, LDN-REVIEW, LDN-OPIOID, LDN-FILLER, LDN-LIQUID, LDN-HEPATIC, LDN-ADVERSE, LDN-FORMULATION, LDN-SUPPLY, LDN-ANTAGONIST, LDN-OPIOID-FREE, LDN-CONFIRM, LDN-CONTINUE, LDN-STEP-SIZE, LDN-LIQUID-BUD, LDN-SWITCH, got 'LDN-X'",
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
        "figure names must be among confirmation_days, continuation_days, dispense_days_default, liquid_bud_days, liquid_tablet, liquid_water, loperamide_blocks, max_daily_dose, max_interval_days, max_rise, min_interval_days, opioid_free_days, opioid_free_days_depot, opioid_free_days_long, review_from_day, review_to_day, start_max, start_min, switch_nights, typical_common, typical_high, typical_low, unrecognised_blocks, got max_dose, min_days",
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
        lambda: Reference("", "A", "review", url="https://a"),
        InvalidPolicyError,
        "id must be a non-empty str, got ''",
        id='Reference("", "A", "review", url="https://a")',
    ),
    pytest.param(
        lambda: Reference("x", "A", LONG),
        InvalidPolicyError,
        "kind must be one of monograph, medicines information, review, trial, product label, compounding standard, got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'",
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
        "references must be distinct ids among monograph, racgp-2023, nz-medinfo-liquid-2023, patten-2018, bruun-2024, revia-label, vivitrol-label, sublocade-label, usp-795-summary, got 'nowhere'",
        id='Rule(RuleId.TIMING, "t", "s", "x", references=("nowhere",))',
    ),
    pytest.param(
        lambda: Rule("LDN-X", "t", "s", "x"),
        InvalidPolicyError,
        "rule id must be one of LDN-DOSE-MAX, LDN-DOSE-TYPICAL, LDN-START, LDN-STEP-INTERVAL, LDN-TIMING, LDN-REVIEW, LDN-OPIOID, LDN-FILLER, LDN-LIQUID, LDN-HEPATIC, LDN-ADVERSE, LDN-FORMULATION, LDN-SUPPLY, LDN-ANTAGONIST, LDN-OPIOID-FREE, LDN-CONFIRM, LDN-CONTINUE, LDN-STEP-SIZE, LDN-LIQUID-BUD, LDN-SWITCH, got 'LDN-X'",
        id="Rule id",
    ),
    pytest.param(
        lambda: Rule(RuleId.START, " ", "s", "x"),
        InvalidPolicyError,
        "title must be a non-empty str, got ' '",
        id="Rule title",
    ),
    pytest.param(
        lambda: Rule(RuleId.START, b"t", "s", "x"),  # type: ignore[arg-type]
        LdnTypeError,
        "title must be a non-empty str, got bytes b't'",
        id="Rule title type",
    ),
    pytest.param(
        lambda: Rule(RuleId.START, "t", "s", "x", ("start_min", "nope")),
        InvalidPolicyError,
        "figures must be distinct names of policy figures (see FIGURE_TYPES), got tuple ('start_min', 'nope')",
        id="Rule figures unknown",
    ),
    pytest.param(
        lambda: Rule(RuleId.START, "t", "s", "x", ["start_min", "start_min"]),
        InvalidPolicyError,
        "figures must be distinct names of policy figures (see FIGURE_TYPES), got list ['start_min', 'start_min']",
        id="Rule figures repeated",
    ),
    pytest.param(
        lambda: Rule(RuleId.START, "t", "s", "x", "start_min"),
        LdnTypeError,
        "figures must be a tuple or list of str, got str 'start_min'",
        id="Rule figures type",
    ),
    pytest.param(
        lambda: Rule(RuleId.START, "t", "s", "x", (), 1),
        LdnTypeError,
        "informational must be a bool, got int 1",
        id="Rule informational",
    ),
    pytest.param(
        lambda: PolicyChange("nope", Dose(1), Dose(2), RuleId.DOSE_MAX),
        InvalidPolicyError,
        "figure of a policy change must be one of max_daily_dose, typical_low, typical_high, typical_common, start_min, start_max, min_interval_days, max_interval_days, review_from_day, review_to_day, loperamide_blocks, liquid_tablet, liquid_water, opioid_free_days, opioid_free_days_long, opioid_free_days_depot, unrecognised_blocks, dispense_days_default, confirmation_days, continuation_days, max_rise, liquid_bud_days, switch_nights, got str 'nope'",
        id="PolicyChange figure",
    ),
    pytest.param(
        lambda: PolicyChange("max_daily_dose", 4, Dose(2), RuleId.DOSE_MAX),
        LdnTypeError,
        "old value of max_daily_dose must be a Dose, got int 4",
        id="PolicyChange old",
    ),
    pytest.param(
        lambda: PolicyChange("max_daily_dose", Dose(2), Dose(2), RuleId.DOSE_MAX),
        InvalidPolicyError,
        "new value of max_daily_dose must be other than 2 mg, got 2 mg",
        id="PolicyChange same",
    ),
    pytest.param(
        lambda: PolicyChange("max_daily_dose", Dose(1), Dose(2), "LDN-START"),
        InvalidPolicyError,
        "rule of figure max_daily_dose must be LDN-DOSE-MAX, got LDN-START",
        id="PolicyChange rule",
    ),
    pytest.param(
        lambda: PolicyChange("max_daily_dose", Dose(1), Dose(2), 5),
        InvalidPolicyError,
        "rule id must be one of LDN-DOSE-MAX, LDN-DOSE-TYPICAL, LDN-START, LDN-STEP-INTERVAL, LDN-TIMING, LDN-REVIEW, LDN-OPIOID, LDN-FILLER, LDN-LIQUID, LDN-HEPATIC, LDN-ADVERSE, LDN-FORMULATION, LDN-SUPPLY, LDN-ANTAGONIST, LDN-OPIOID-FREE, LDN-CONFIRM, LDN-CONTINUE, LDN-STEP-SIZE, LDN-LIQUID-BUD, LDN-SWITCH, got int 5",
        id="PolicyChange rule unknown",
    ),
    pytest.param(
        lambda: attrs.evolve(MONOGRAPH, name=" MonoGraph ", max_daily_dose=Dose(6)),
        InvalidPolicyError,
        "name of a policy other than the monograph's must be a name other than 'monograph' (derive a named policy from MONOGRAPH), got ' MonoGraph '",
        id="Policy reserved",
    ),
    pytest.param(
        lambda: attrs.evolve(TRIAL, derived_from="x"),
        InvalidPolicyError,
        "derived_from of policy 'trial' must be the last name of its lineage ('monograph'), got 'x'",
        id="Policy derived_from",
    ),
    pytest.param(
        lambda: attrs.evolve(TRIAL, derived_from=5),
        LdnTypeError,
        "derived_from must be a non-empty str, got int 5",
        id="Policy derived_from type",
    ),
    pytest.param(
        lambda: attrs.evolve(TRIAL, derived_from=""),
        InvalidPolicyError,
        "derived_from must be a non-empty str, got ''",
        id="Policy derived_from empty",
    ),
    pytest.param(
        lambda: attrs.evolve(TRIAL.derive(name="b", reason="r", max_daily_dose="5"), name=" Trial"),
        InvalidPolicyError,
        "name of policy ' Trial' must be a name not already used in its derivation chain (monograph -> trial), got ' Trial'",
        id="Policy repeated name",
    ),
    pytest.param(
        lambda: attrs.evolve(MONOGRAPH, name="x", changes=TRIAL.changes, max_daily_dose=Dose(6)),
        InvalidPolicyError,
        "changes of policy 'x' must be at least one change on a derived policy and none on any other, got 1 changes",
        id="Policy changes without parent",
    ),
    pytest.param(
        lambda: attrs.evolve(TRIAL, changes=()),
        InvalidPolicyError,
        "changes of policy 'trial' must be at least one change on a derived policy and none on any other, got 0 changes",
        id="Policy parent without changes",
    ),
    pytest.param(
        lambda: attrs.evolve(TRIAL, max_daily_dose=Dose(5)),
        InvalidPolicyError,
        "max_daily_dose of policy 'trial' must be 6 mg, as its last recorded change says, got 5 mg",
        id="Policy change disagrees",
    ),
    pytest.param(
        lambda: attrs.evolve(MONOGRAPH, name="n" * 101),
        InvalidPolicyError,
        "name must be at most 100 characters, got 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn...'",
        id="Policy name long",
    ),
    pytest.param(
        lambda: attrs.evolve(MONOGRAPH, reason=None),
        LdnTypeError,
        "reason must be a non-empty str, got NoneType None",
        id="Policy reason type",
    ),
    pytest.param(
        lambda: MONOGRAPH.derive(name="n", reason=" ", max_daily_dose="6"),
        InvalidPolicyError,
        "reason for a derived policy must be a non-empty str, got ' '",
        id="Policy reason blank",
    ),
    pytest.param(
        lambda: TRIAL.derive(name="trial", reason="r", max_daily_dose="5"),
        InvalidPolicyError,
        "name of a derived policy must be a name other than 'trial', got 'trial'",
        id="Policy derive same name",
    ),
    pytest.param(
        lambda: MONOGRAPH.derive(name="n", reason="r", review_to_day=10**5000),
        InvalidPolicyError,
        "review_to_day must be between 0 and 366 days, got an int of about 5001 digits [LDN-REVIEW]",
        id="Policy derive review day",
    ),
    pytest.param(
        lambda: MONOGRAPH.rule(None),
        InvalidPolicyError,
        "rule id must be one of LDN-DOSE-MAX, LDN-DOSE-TYPICAL, LDN-START, LDN-STEP-INTERVAL, LDN-TIMING, LDN-REVIEW, LDN-OPIOID, LDN-FILLER, LDN-LIQUID, LDN-HEPATIC, LDN-ADVERSE, LDN-FORMULATION, LDN-SUPPLY, LDN-ANTAGONIST, LDN-OPIOID-FREE, LDN-CONFIRM, LDN-CONTINUE, LDN-STEP-SIZE, LDN-LIQUID-BUD, LDN-SWITCH, got NoneType None",
        id="Policy rule",
    ),
    pytest.param(
        lambda: MONOGRAPH.check_interval(None),
        LdnTypeError,
        "interval in days must be an int, got NoneType None",
        id="check_interval",
    ),
    # From the contract fuzz test (tests/test_contract.py):
    # enum lookups: a bare ValueError, or repr of a huge int failing first
    pytest.param(
        lambda: RuleId(None),
        InvalidPolicyError,
        "RuleId must be one of LDN-DOSE-MAX, LDN-DOSE-TYPICAL, LDN-START, LDN-STEP-INTERVAL, "
        "LDN-TIMING, LDN-REVIEW, LDN-OPIOID, LDN-FILLER, LDN-LIQUID, LDN-HEPATIC, LDN-ADVERSE, "
        "LDN-FORMULATION, LDN-SUPPLY, LDN-ANTAGONIST, LDN-OPIOID-FREE, LDN-CONFIRM, LDN-CONTINUE, LDN-STEP-SIZE, LDN-LIQUID-BUD, LDN-SWITCH, got NoneType None",
        id="RuleId(None)",
    ),
    pytest.param(
        lambda: ReferenceKind(1.5),
        InvalidPolicyError,
        "ReferenceKind must be one of ...",
        id="ReferenceKind(1.5)",
    ),
]

#: ldn.schedule
SCHEDULE_CASES = [
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
        lambda: TitrationPlan((Step("1", 0, 6), Step("2.5", 7, None)), Dose(1), 7, Dose(4)),
        ScheduleError,
        "rise from 1 mg must be at most 2 mg, got 2.5 mg",
        id='TitrationPlan((Step("1", 0, 6), Step("2.5", 7, None)), Dose(1), 7, Dose(4))',
    ),
    pytest.param(
        lambda: TitrationPlan((Step("1", 0, 6), Step("3", 7, None)), Dose(1), 7, Dose(4)),
        PolicyViolationError,
        "rise from 1 mg must be at most 2.5 mg (a rise of at most 1.5 mg) under policy "
        "'monograph', got 3 mg (a rise of 2 mg) [LDN-STEP-SIZE]",
        id='TitrationPlan((Step("1", 0, 6), Step("3", 7, None)), Dose(1), 7, Dose(4))',
    ),
    pytest.param(
        lambda: titrate(start="0.5", step="4", interval_days=7, target="4.5"),
        PolicyViolationError,
        "step (the rise in one dose change) must be at most 1.5 mg under policy 'monograph', "
        "got 4 mg [LDN-STEP-SIZE]",
        id='titrate(start="0.5", step="4", interval_days=7, target="4.5")',
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
        lambda: P.dose_on(10**9),
        ScheduleError,
        "plan day must be at most 3652058 (the days a calendar holds), got 1000000000",
        id="P.dose_on(10**9)",
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
    pytest.param(
        lambda: ReviewWindow(42, 28),
        ScheduleError,
        "last_day of a review window must be at least first_day 42, got 28 [LDN-REVIEW]",
        id="ReviewWindow order",
    ),
    pytest.param(
        lambda: ReviewWindow(28, 42, None, dt.date(2026, 1, 1)),
        ScheduleError,
        "dates of a review window must be both dates or neither, got None and 2026-01-01 [LDN-REVIEW]",
        id="ReviewWindow one date",
    ),
    pytest.param(
        lambda: ReviewWindow(28, 42, dt.date(2026, 1, 1), dt.date(2026, 1, 2)),
        ScheduleError,
        "dates of a review window must be 14 days apart, as its days are, got 2026-01-01 to 2026-01-02 (1 day apart) [LDN-REVIEW]",
        id="ReviewWindow span",
    ),
    pytest.param(
        lambda: ReviewWindow(28, 42, dt.datetime(2026, 1, 1), dt.date(2026, 1, 2)),
        LdnTypeError,
        "first_date must be a datetime.date, got datetime datetime.datetime(2026, 1, 1, 0, 0)",
        id="ReviewWindow date type",
    ),
    pytest.param(
        lambda: InstructionLine("1", 7, "1 mg", "1 mg at night"),
        ScheduleError,
        "instruction text must be '1 mg at bedtime for 7 days', got '1 mg at night' [LDN-TIMING]",
        id="InstructionLine text",
    ),
    pytest.param(
        lambda: InstructionLine("1", 7, "", " at bedtime for 7 days"),
        ScheduleError,
        "amount must be a non-empty str, got ''",
        id="InstructionLine amount",
    ),
    pytest.param(
        lambda: InstructionLine("1", 0, "1 mg", "1 mg at bedtime"),
        ScheduleError,
        "days must be from 1 to 3652059, or None (open-ended), got 0",
        id="InstructionLine days",
    ),
    pytest.param(
        lambda: InstructionLine("1", "7", "1 mg", "1 mg at bedtime"),
        LdnTypeError,
        "days must be an int, got str '7'",
        id="InstructionLine days type",
    ),
    pytest.param(
        lambda: InstructionLine("1", None, "1 mg", b"1 mg at bedtime"),
        LdnTypeError,
        "text must be a str, got bytes b'1 mg at bedtime'",
        id="InstructionLine text type",
    ),
    pytest.param(
        lambda: Step("1", 0, MAX_PLAN_DAY + 1),
        ScheduleError,
        "last_day must be from 0 to 3652058, got 3652059",
        id="Step day",
    ),
    pytest.param(
        lambda: attrs.evolve(P, start_date=dt.date(9999, 12, 1)),
        ScheduleError,
        "start_date must be on or before 9999-10-22, so that every date up to the review window (plan day 70) exists, got 9999-12-01 [LDN-REVIEW]",
        id="plan start_date",
    ),
    pytest.param(
        lambda: attrs.evolve(P, start_date="2026-01-01"),
        LdnTypeError,
        "start_date must be a datetime.date, got str '2026-01-01'",
        id="plan start_date type",
    ),
    pytest.param(
        lambda: attrs.evolve(P, start_date=dt.date(9999, 1, 1)).date_of(400),
        ScheduleError,
        "plan day from 9999-01-01 must be at most 364 (the calendar ends 9999-12-31), got 400",
        id="plan date_of",
    ),
    pytest.param(
        lambda: P.dose_on(MAX_PLAN_DAY + 1),
        ScheduleError,
        "plan day must be at most 3652058 (the days a calendar holds), got 3652059",
        id="plan day",
    ),
    pytest.param(
        lambda: attrs.evolve(P, steps=(Step("1.5", 0, None),), target=Dose(1)),
        ScheduleError,
        "target must be at least the start 1.5 mg, got 1 mg",
        id="plan target",
    ),
    pytest.param(
        lambda: P.instructions("mg"),  # type: ignore[arg-type]
        LdnTypeError,
        "amount must be a callable from Dose to str, got str 'mg'",
        id="plan instructions",
    ),
    pytest.param(
        lambda: P.instructions(lambda dose: None),
        LdnTypeError,
        "amount(Dose('1.5')) must be a str, got NoneType None",
        id="plan instructions str",
    ),
    pytest.param(
        lambda: titrate(start="1", step="1", interval_days=7, target="2", policy=None),
        LdnTypeError,
        "policy must be a Policy, got NoneType None",
        id="titrate policy",
    ),
]

#: ldn.opioids
OPIOIDS_CASES = [
    # From the contract fuzz test (tests/test_contract.py):
    # foreign exceptions from functions that read a str without checking it
    pytest.param(
        lambda: atc_status(None),
        LdnTypeError,
        "code must be a str, got NoneType None",
        id="atc_status(None)",
    ),
    pytest.param(
        lambda: atc_status(b"N02"),
        LdnTypeError,
        "code must be a str, got bytes b'N02'",
        id='atc_status(b"N02")',
    ),
    pytest.param(
        lambda: fold(None),
        LdnTypeError,
        "text must be a str, got NoneType None",
        id="fold(None)",
    ),
    pytest.param(
        lambda: fold(5),
        LdnTypeError,
        "text must be a str, got int 5",
        id="fold(5)",
    ),
    # enum lookups: a bare ValueError, or repr of a huge int failing first
    pytest.param(
        lambda: SubstanceKind(""),
        ScreeningError,
        "SubstanceKind must be one of ...",
        id='SubstanceKind("")',
    ),
    # value classes that took anything
    pytest.param(
        lambda: OpioidMatch(None, "morphine"),
        LdnTypeError,
        "substance must be a Substance, got NoneType None",
        id='OpioidMatch(None, "morphine")',
    ),
    pytest.param(
        lambda: OpioidMatch(SUBSTANCE, 5),
        LdnTypeError,
        "matched must be a str, got int 5",
        id="OpioidMatch(SUBSTANCE, 5)",
    ),
    pytest.param(
        lambda: OpioidMatch(SUBSTANCE, "m", None),
        LdnTypeError,
        "via must be a str, got ...",
        id='OpioidMatch(SUBSTANCE, "m", None)',
    ),
    pytest.param(
        lambda: Reading("morphine"),
        LdnTypeError,
        "entry must be a Medication, got str ...",
        id='Reading("morphine")',
    ),
    pytest.param(
        lambda: Reading(MEDICATION, [None]),
        LdnTypeError,
        "matches must be a tuple or list of OpioidMatch, got list [None]",
        id="Reading(MEDICATION, [None])",
    ),
    pytest.param(
        lambda: Reading(MEDICATION, (), (), [1]),
        LdnTypeError,
        "unread must be a tuple ...",
        id="Reading(MEDICATION, (), (), [1])",
    ),
]

#: ldn.formulation
FORMULATION_CASES = [
    pytest.param(
        lambda: to_filler(1),
        LdnTypeError,
        "filler must be a Filler or str, got int 1",
        id="to_filler(1)",
    ),
    pytest.param(
        lambda: to_filler("starch"),
        FormulationError,
        "filler must be a word that names one of cellulose, sucrose, ginger, lactose, got 'starch' [LDN-FILLER]",
        id='to_filler("starch")',
    ),
    pytest.param(
        lambda: choose_filler("cellulose"),
        LdnTypeError,
        "sensitivities must be a collection of fillers, not a str, got str 'cellulose'",
        id='choose_filler("cellulose")',
    ),
    pytest.param(
        lambda: choose_filler(["ginger", "sucrose", "cellulose", "lactose"]),
        FormulationError,
        "filler sensitivities must be fewer than all of cellulose, sucrose, ginger, lactose (else agree a filler with the compounder), got cellulose, ginger, lactose, sucrose [LDN-FILLER]",
        id='choose_filler(["ginger", "sucrose", "cellulose", "lactose"])',
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
        PolicyViolationError,
        "daily dose of the oral liquid must be at most 4.5 mg under policy 'monograph', got 10 mg [LDN-DOSE-MAX]",
        id='L.volume_ml("10")',
    ),
    pytest.param(
        lambda: L.volume_ml("4.45"),
        FormulationError,
        "volume for 4.45 mg at 0.5 mg/mL must be measurable with the syringes given (nearest: 4.4 mg as 8.8 mL below, 4.5 mg as 9 mL above), got 8.9 mL [LDN-LIQUID]",
        id='L.volume_ml("4.45")',
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
        lambda: OralLiquid.from_tablet(1, 10).bottles_for(P, 0, 3),
        FormulationError,
        "nightly dose from one 1 mg bottle must be at most 1 mg, got 1.5 mg",
        id="OralLiquid.from_tablet(1, 10).bottles_for(P, 0, 3)",
    ),
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
        lambda: L.concentration < 1,
        LdnTypeError,
        "value compared with a Concentration must be a Concentration, got int 1",
        id="Concentration <",
    ),
    pytest.param(
        lambda: Concentration(Fraction(10**12 + 1, 3)),
        FormulationError,
        "concentration in mg/mL must be a Fraction whose numerator and denominator are at most 10**12, got 1000000000001/3",
        id="Concentration big",
    ),
    pytest.param(
        lambda: Concentration("1/2"),  # type: ignore[arg-type]
        FormulationError,
        "concentration in mg/mL must be a positive Fraction, got str '1/2'",
        id="Concentration type",
    ),
    pytest.param(
        lambda: L.concentration * 2,
        LdnTypeError,
        "operand of Concentration * must be a Volume, got int 2",
        id="Concentration *",
    ),
    pytest.param(
        lambda: ORAL_SYRINGES[0].holds("1"),  # type: ignore[arg-type]
        LdnTypeError,
        "volume in mL must be a Fraction, int or Volume, got str '1'",
        id="syringe holds type",
    ),
    pytest.param(
        lambda: ORAL_SYRINGES[0].holds(0),
        FormulationError,
        "volume in mL must be a positive Fraction with terms at most 10**24, got 0",
        id="syringe holds zero",
    ),
    pytest.param(
        lambda: ORAL_SYRINGES[0].holds(Fraction(1, 10**24 + 1)),
        FormulationError,
        "volume in mL must be a positive Fraction with terms at most 10**24, got 1/1000000000000000000000001",
        id="syringe holds big",
    ),
    pytest.param(
        lambda: HandlingInstruction("Shake well", "Shake."),
        FormulationError,
        "code must be lowercase words joined by '-', such as 'refrigerate', got 'Shake well'",
        id="HandlingInstruction code",
    ),
    pytest.param(
        lambda: HandlingInstruction(5, "Shake."),  # type: ignore[arg-type]
        LdnTypeError,
        "code must be a str, got int 5",
        id="HandlingInstruction code type",
    ),
    pytest.param(
        lambda: HandlingInstruction("shake", ""),
        FormulationError,
        "text must be a non-empty str, got ''",
        id="HandlingInstruction text",
    ),
    pytest.param(
        lambda: HandlingInstruction("shake", 1),
        LdnTypeError,
        "text must be a non-empty str, got int 1",
        id="HandlingInstruction text type",
    ),
    pytest.param(
        lambda: HandlingInstruction("shake", "Shake.", "LDN-NOPE"),
        FormulationError,
        "rule id must be one of LDN-DOSE-MAX, LDN-DOSE-TYPICAL, LDN-START, LDN-STEP-INTERVAL, LDN-TIMING, LDN-REVIEW, LDN-OPIOID, LDN-FILLER, LDN-LIQUID, LDN-HEPATIC, LDN-ADVERSE, LDN-FORMULATION, LDN-SUPPLY, LDN-ANTAGONIST, LDN-OPIOID-FREE, LDN-CONFIRM, LDN-CONTINUE, LDN-STEP-SIZE, LDN-LIQUID-BUD, LDN-SWITCH, got 'LDN-NOPE'",
        id="HandlingInstruction rule",
    ),
    pytest.param(
        lambda: LiquidDose("4.5", "1", ORAL_SYRINGES[0], L.concentration),
        FormulationError,
        "dose in 1 mL at 0.5 mg/mL must be 0.5 mg, what that volume holds, got 4.5 mg [LDN-LIQUID]",
        id="LiquidDose dose",
    ),
    pytest.param(
        lambda: LiquidDose("4.5", "9", ORAL_SYRINGES[0], L.concentration),
        FormulationError,
        "volume drawn with a 1 mL oral syringe marked every 0.01 mL must be at most 1 mL, a multiple of 0.01 mL, got 9 mL [LDN-LIQUID]",
        id="LiquidDose syringe",
    ),
    pytest.param(
        lambda: LiquidDose("4.5", "9", "10 mL", L.concentration),  # type: ignore[arg-type]
        LdnTypeError,
        "syringe must be a Syringe, got str '10 mL'",
        id="LiquidDose syringe type",
    ),
    pytest.param(
        lambda: LiquidDose("4.5", "9", ORAL_SYRINGES[3], Fraction(1, 2)),  # type: ignore[arg-type]
        LdnTypeError,
        "concentration must be a Concentration, got Fraction Fraction(1, 2)",
        id="LiquidDose concentration type",
    ),
    pytest.param(
        lambda: OralLiquid.from_tablet(policy=None),
        LdnTypeError,
        "policy must be a Policy, got NoneType None",
        id="from_tablet policy",
    ),
    pytest.param(
        lambda: L.measure("1", None),
        LdnTypeError,
        "syringes must be an iterable of Syringe, got NoneType None",
        id="measure syringes",
    ),
    pytest.param(
        lambda: L.measure("1", [None]),
        LdnTypeError,
        "item of syringes must be a Syringe, got NoneType None",
        id="measure syringe item",
    ),
    pytest.param(
        lambda: attrs.evolve(REPORTED_CAPSULE_COST, amount=90),
        LdnTypeError,
        "amount must be a Decimal, got int 90",
        id="cost amount type",
    ),
    pytest.param(
        lambda: attrs.evolve(REPORTED_CAPSULE_COST, amount=Decimal(-1)),
        FormulationError,
        "amount must be a finite Decimal from 0 to 1,000,000,000,000, got -1",
        id="cost amount",
    ),
    pytest.param(
        lambda: attrs.evolve(REPORTED_CAPSULE_COST, currency=978),
        LdnTypeError,
        "currency must be a str, got int 978",
        id="cost currency type",
    ),
    pytest.param(
        lambda: attrs.evolve(REPORTED_CAPSULE_COST, currency="nzd"),
        FormulationError,
        "currency must be an ISO 4217 code such as 'NZD', got 'nzd'",
        id="cost currency",
    ),
    pytest.param(
        lambda: attrs.evolve(REPORTED_CAPSULE_COST, supply_days=3661),
        FormulationError,
        "supply_days must be from 1 to 3660 days, got 3661",
        id="cost days",
    ),
    pytest.param(
        lambda: attrs.evolve(REPORTED_CAPSULE_COST, supply_days=None),
        LdnTypeError,
        "supply_days must be an int, got NoneType None",
        id="cost days type",
    ),
    pytest.param(
        lambda: attrs.evolve(REPORTED_CAPSULE_COST, description=None),
        LdnTypeError,
        "description must be a non-empty str, got NoneType None",
        id="cost description type",
    ),
    pytest.param(
        lambda: attrs.evolve(REPORTED_CAPSULE_COST, source=" "),
        FormulationError,
        "source must be a non-empty str, got ' '",
        id="cost source",
    ),
    pytest.param(
        lambda: attrs.evolve(REPORTED_CAPSULE_COST, recorded_on=None),
        LdnTypeError,
        "recorded_on must be a datetime.date, got NoneType None",
        id="cost date",
    ),
    pytest.param(
        lambda: capsules_for("plan"),  # type: ignore[arg-type]
        LdnTypeError,
        "plan must be a TitrationPlan, got str 'plan'",
        id="capsules_for plan",
    ),
    pytest.param(
        lambda: choose_filler(None),
        LdnTypeError,
        "sensitivities must be a collection of fillers, not a str, got NoneType None",
        id="choose_filler",
    ),
    pytest.param(
        lambda: choose_filler(["starch"]),
        FormulationError,
        "filler must be a word that names one of cellulose, sucrose, ginger, lactose (see Filler.synonyms), got 'starch' [LDN-FILLER]",
        id="to_filler",
    ),
    # From the contract fuzz test (tests/test_contract.py):
    # enum lookups: a bare ValueError, or repr of a huge int failing first
    pytest.param(
        lambda: Filler("wheat"),
        FormulationError,
        "Filler must be one of cellulose, sucrose, ginger, lactose, got 'wheat'",
        id='Filler("wheat")',
    ),
    # Held before this work (main had fixed None as the plan; these wrote the type's
    # name only): kept as guards beside the rest
    pytest.param(
        lambda: L.bottles_for(None, 0, 1),
        LdnTypeError,
        "plan must be a TitrationPlan, ...",
        id="L.bottles_for(None, 0, 1)",
    ),
    pytest.param(
        lambda: L.bottle_lasts(None, 0),
        LdnTypeError,
        "plan must be a TitrationPlan, ...",
        id="L.bottle_lasts(None, 0)",
    ),
]

#: ldn.regimen
REGIMEN_CASES = [
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
    # From the contract fuzz test (tests/test_contract.py):
    # enum lookups: a bare ValueError, or repr of a huge int failing first
    pytest.param(
        lambda: Form(["capsules"]),
        FormulationError,
        "Form must be one of oral liquid, ...",
        id='Form(["capsules"])',
    ),
    pytest.param(
        lambda: Phase(b"titration"),
        FormulationError,
        "Phase must be one of titration, ...",
        id='Phase(b"titration")',
    ),
    # messages that wrote what was given with repr or str: a failing repr, a huge int
    pytest.param(
        lambda: Dispense(HUGE, 0, 0, None, ()),
        FormulationError,
        "first_day must be from 0 to 1000000000, got an int of about 5001 digits",
        id="Dispense(HUGE, 0, 0, None, ())",
    ),
    pytest.param(
        lambda: Dispense(0, 0, 0, BadRepr(), ()),
        FormulationError,
        "tablet must be a Dose ...",
        id="Dispense(0, 0, 0, BadRepr(), ())",
    ),
    pytest.param(
        lambda: Recommendation(BadRepr(), "capsules", "t", ("r",), ("LDN-FORMULATION",)),
        LdnTypeError,
        "phase must be one of ...",
        id='Recommendation(BadRepr(), "capsules", "t", ("r",), ("LDN-FORMULATION",))',
    ),
    pytest.param(
        lambda: Recommendation("titration", HUGE, "t", ("r",), ("LDN-FORMULATION",)),
        LdnTypeError,
        "form must be one of ...",
        id='Recommendation("titration", HUGE, "t", ("r",), ("LDN-FORMULATION",))',
    ),
    # Held before this work (main had fixed None as the plan; these wrote the type's
    # name only): kept as guards beside the rest
    pytest.param(
        lambda: REGIMEN.supply(maintenance_days=BadRepr()),
        LdnTypeError,
        "maintenance_days ...",
        id="REGIMEN.supply(maintenance_days=BadRepr())",
    ),
    pytest.param(
        lambda: advise_formulation(manages_liquid=BadRepr()),
        LdnTypeError,
        "manages_liquid ...",
        id="advise_formulation(manages_liquid=BadRepr())",
    ),
]

#: ldn.contraindication
CONTRAINDICATION_CASES = [
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
        lambda: Finding("x", "severe", "s", "m", RuleId.ADVERSE),
        ScreeningError,
        "severity must be one of contraindication, caution, info, got 'severe'",
        id='Finding("x", "severe", "s", "m", RuleId.ADVERSE)',
    ),
    pytest.param(
        lambda: Finding("x", Severity.INFO, "s", "m", "LDN-NOPE"),
        ScreeningError,
        "rule_id must be one of LDN-DOSE-MAX, LDN-DOSE-TYPICAL, LDN-START, LDN-STEP-INTERVAL, LDN-TIMING, LDN-REVIEW, LDN-OPIOID, LDN-FILLER, LDN-LIQUID, LDN-HEPATIC, LDN-ADVERSE, LDN-FORMULATION, LDN-SUPPLY, LDN-ANTAGONIST, LDN-OPIOID-FREE, LDN-CONFIRM, LDN-CONTINUE, LDN-STEP-SIZE, LDN-LIQUID-BUD, LDN-SWITCH, got 'LDN-NOPE'",
        id='Finding("x", Severity.INFO, "s", "m", "LDN-NOPE")',
    ),
    pytest.param(
        lambda: ScreeningReport("text", "clinic"),
        LdnTypeError,
        "findings must be a tuple or list of Finding, got str 'text'",
        id='ScreeningReport("text", "clinic")',
    ),
    # From the contract fuzz test (tests/test_contract.py):
    # enum lookups: a bare ValueError, or repr of a huge int failing first
    pytest.param(
        lambda: Severity(HUGE),
        ScreeningError,
        "Severity must be one of ...",
        id="Severity(HUGE)",
    ),
    # value classes that took anything
    pytest.param(
        lambda: Finding(None, "info", "s", "m", "LDN-ADVERSE"),
        LdnTypeError,
        "code must be a non-empty str, got NoneType None",
        id='Finding(None, "info", "s", "m", "LDN-ADVERSE")',
    ),
    pytest.param(
        lambda: Finding("c", "info", "s", " ", "LDN-ADVERSE"),
        ScreeningError,
        "message must be a non-empty str, got ' '",
        id='Finding("c", "info", "s", " ", "LDN-ADVERSE")',
    ),
    pytest.param(
        lambda: Finding("c", "info", "s", "m", "LDN-ADVERSE", 7),
        LdnTypeError,
        "trigger ...",
        id='Finding("c", "info", "s", "m", "LDN-ADVERSE", 7)',
    ),
    pytest.param(
        lambda: Finding("c", HUGE, "s", "m", "LDN-ADVERSE"),
        ScreeningError,
        "severity must be one of contraindication, caution, info, "
        "got int (an int of about 5001 digits)",
        id='Finding("c", HUGE, "s", "m", "LDN-ADVERSE")',
    ),
    pytest.param(
        lambda: Finding("c", "info", "s", "m", HUGE),
        ScreeningError,
        "rule_id must be one of ...",
        id='Finding("c", "info", "s", "m", HUGE)',
    ),
    pytest.param(
        lambda: ScreeningReport((), None),
        LdnTypeError,
        "policy_name must be a non-empty str, ...",
        id="ScreeningReport((), None)",
    ),
    pytest.param(
        lambda: FINDING.to_cds_card(None),
        LdnTypeError,
        "source_label must be a str, got ...",
        id="FINDING.to_cds_card(None)",
    ),
    pytest.param(
        lambda: REPORT.to_cds_cards(1),
        LdnTypeError,
        "source_label must be a str, got int 1",
        id="REPORT.to_cds_cards(1)",
    ),
    # messages that wrote what was given with repr or str: a failing repr, a huge int
    pytest.param(
        lambda: Patient((), HUGE),
        LdnTypeError,
        "opioid_use must be True, False or None (not confirmed), "
        "got int (an int of about 5001 digits)",
        id="Patient((), HUGE)",
    ),
    pytest.param(
        lambda: Patient((), BadRepr()),
        LdnTypeError,
        "opioid_use must be True, ...",
        id="Patient((), BadRepr())",
    ),
    pytest.param(
        lambda: Patient((), None, BadRepr()),
        LdnTypeError,
        "filler_sensitivities must be ...",
        id="Patient((), None, BadRepr())",
    ),
]

#: ldn.chart
CHART_CASES = [
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
    # From the contract fuzz test (tests/test_contract.py):
    # messages that wrote what was given with repr or str: a failing repr, a huge int
    pytest.param(
        lambda: chart_text(P, title=BadRepr()),
        LdnTypeError,
        "title must be a non-empty str, ...",
        id="chart_text(P, title=BadRepr())",
    ),
    # Held before this work (main had fixed None as the plan; these wrote the type's
    # name only): kept as guards beside the rest
    pytest.param(
        lambda: plan_svg(BadRepr()),
        LdnTypeError,
        "plan must be a TitrationPlan, got BadRepr ...",
        id="plan_svg(BadRepr())",
    ),
]

#: ldn.fhir
FHIR_CASES = [
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
        "finding code must be one of adverse-effects, allergy-unrecognised, filler-sensitivity, hepatic-information, medication-unrecognised, opioid-antagonist, opioid-recent, opioid-stopped-undated, opioid-use, opioid-use-unconfirmed, peripheral-opioid, record-unreadable, got 'made-up'",
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
        lambda: regimen_requests(P, subject="Patient/1"),
        LdnTypeError,
        "regimen must be a Regimen, got TitrationPlan TitrationPlan(steps=(Step(do...ate=None, policy='monograph')",
        id='regimen_requests(P, subject="Patient/1")',
    ),
    pytest.param(
        lambda: regimen_requests(Regimen(P, liquid=L), subject="Patient/1"),
        ExportError,
        "plan of a regimen that switches to capsules must be a plan with a start date, so that the capsules' first night is a date, got a plan without a start date (capsules from day 42)",
        id='regimen_requests(Regimen(P, liquid=L), subject="Patient/1")',
    ),
    pytest.param(
        lambda: medication_request(P, subject="Patient/1", version=["R5"]),
        ExportError,
        "FHIR version must be 'R4', 'R4B' or 'R5', got list ['R5']",
        id="fhir version",
    ),
    pytest.param(
        lambda: medication_request(P, subject=None),
        LdnTypeError,
        "subject must be a str such as 'Patient/123', got NoneType None",
        id="fhir subject",
    ),
    pytest.param(
        lambda: detected_issues([], subject="Patient/1", identified=dt.date(2026, 3, 1)),  # type: ignore[arg-type]
        LdnTypeError,
        "report must be a ScreeningReport, got list []",
        id="fhir report",
    ),
    # From the contract fuzz test (tests/test_contract.py):
    # to_json: a str of a huge int, an unbounded indent, unbounded nesting and places
    pytest.param(
        lambda: to_json({"v": HUGE}),
        ExportError,
        "a FHIR integer must be from -2**63 to 2**63 - 1 (FHIR integer64), "
        "got an int of about 5001 digits",
        id='to_json({"v": HUGE})',
    ),
    pytest.param(
        lambda: to_json({"v": 2**63}),
        ExportError,
        "a FHIR integer must be from -2**63 ...",
        id='to_json({"v": 2**63})',
    ),
    pytest.param(
        lambda: to_json({"v": -(2**63) - 1}),
        ExportError,
        "a FHIR integer must be from -2**63 ...",
        id='to_json({"v": -(2**63) - 1})',
    ),
    pytest.param(
        lambda: to_json({}, indent=HUGE),
        LdnTypeError,
        "indent must be None or an int from 0 to 100, got an int of about 5001 digits",
        id="to_json({}, indent=HUGE)",
    ),
    pytest.param(
        lambda: to_json({}, indent=101),
        LdnTypeError,
        "indent must be None or an int from 0 ...",
        id="to_json({}, indent=101)",
    ),
    pytest.param(
        lambda: to_json(deep(50_000, "x")),
        ExportError,
        "a FHIR resource must be at most 200 levels deep, "
        "got a structure nested deeper than 200 levels",
        id='to_json(deep(50_000, "x"))',
    ),
    pytest.param(
        lambda: to_json({"v": Decimal("1E+1001")}),
        ExportError,
        "a FHIR number must be within 10**-1000 to 10**1000, got 1E+1001",
        id='to_json({"v": Decimal("1E+1001")})',
    ),
    pytest.param(
        lambda: to_json({"v": Decimal("1E-1001")}),
        ExportError,
        "a FHIR number must be within 10**-1000 to 10**1000, got 1E-1001",
        id='to_json({"v": Decimal("1E-1001")})',
    ),
]

#: ldn.strategies
STRATEGIES_CASES = [
    pytest.param(
        lambda: find(ldn_strategies.titrate_kwargs(None), lambda kwargs: True),
        LdnTypeError,
        "policy must be a Policy, got NoneType None",
        id="strategies policy",
    ),
    pytest.param(
        lambda: find(ldn_strategies.plans(5), lambda plan: True),
        LdnTypeError,
        "policy must be a Policy, got int 5",
        id="strategies plans policy",
    ),
    pytest.param(
        lambda: ldn_strategies.doses(None),
        LdnTypeError,
        "low in mg must be an int, str, Decimal or Fraction, got NoneType None",
        id="strategies doses",
    ),
    # From the contract fuzz test (tests/test_contract.py):
    # hypothesis strategies checked their arguments only when drawn from
    pytest.param(
        lambda: ldn_strategies.patients(HUGE),
        LdnTypeError,
        "opioids must be True, False or None, got int (an int of about 5001 digits)",
        id="ldn_strategies.patients(HUGE)",
    ),
    pytest.param(
        lambda: ldn_strategies.plans("monograph"),
        LdnTypeError,
        "policy must be a Policy, ...",
        id='ldn_strategies.plans("monograph")',
    ),
    pytest.param(
        lambda: ldn_strategies.titrate_kwargs(None),
        LdnTypeError,
        "policy must be a Policy, ...",
        id="ldn_strategies.titrate_kwargs(None)",
    ),
]

#: Every row of every table.
CASES = [
    *EXACT_CASES,
    *DOSE_CASES,
    *MEDICATION_CASES,
    *MONOGRAPH_CASES,
    *SCHEDULE_CASES,
    *OPIOIDS_CASES,
    *FORMULATION_CASES,
    *REGIMEN_CASES,
    *CONTRAINDICATION_CASES,
    *CHART_CASES,
    *FHIR_CASES,
    *STRATEGIES_CASES,
]


@pytest.mark.parametrize(("call", "error", "message"), CASES)
def test_message(call: Callable[[], object], error: type[LdnError], message: str) -> None:
    with pytest.raises(LdnError) as raised:
        call()
    assert type(raised.value) is error
    text = str(raised.value)
    if message.endswith(" ..."):
        assert text.startswith(message[:-3]), text
    else:
        assert text == message
    assert isinstance(raised.value, ValueError | TypeError)
    assert len(text) <= MAX_MESSAGE
    rule = re.search(r" \[(LDN-[A-Z-]+)\]$", text)
    assert raised.value.rule_id == (rule.group(1) if rule else None)


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
