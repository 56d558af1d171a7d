"""FHIR export: every variant passes fhir.resources and the independent validator.

The independent validator (tests/fhir_validator.py) checks what fhir.resources does
not: required bindings, invariants, cardinality and types from HL7's own packages.
Each export is checked as a receiver sees it: written by ``to_json`` and read back.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import ROUND_UP, Decimal, localcontext
from types import MappingProxyType
from typing import Any

import attrs
import pytest
from fhir.resources.detectedissue import DetectedIssue as DetectedIssueR5
from fhir.resources.medicationrequest import MedicationRequest as MedicationRequestR5
from fhir.resources.R4B.detectedissue import DetectedIssue as DetectedIssueR4B
from fhir.resources.R4B.medicationrequest import MedicationRequest as MedicationRequestR4B
from hypothesis import example, given
from hypothesis import strategies as st

from ldn import (
    MONOGRAPH,
    Dose,
    ExportError,
    Filler,
    FormulationError,
    LdnTypeError,
    Medication,
    OralLiquid,
    Patient,
    Policy,
    ScreeningReport,
    TitrationPlan,
    Unreadable,
    screen,
    titrate,
)
from ldn.fhir import (
    ACT_CODE_SYSTEM,
    DEFAULT_CANONICAL,
    FINDING_CATEGORY,
    FINDING_DISPLAY,
    FINDING_SYSTEM,
    NZMT_SYSTEM,
    REQUEST_STATUS,
    RXNORM_SYSTEM,
    SNOMED_SYSTEM,
    UCUM,
    detected_issue,
    detected_issues,
    medication_request,
    to_json,
)
from ldn.fhir._writer import _max_ml
from ldn.strategies import half_mg_doses, patients, plans
from tests.support import fhir_validator as fv

REQUEST = {"R4": MedicationRequestR4B, "R4B": MedicationRequestR4B, "R5": MedicationRequestR5}
ISSUE = {"R4": DetectedIssueR4B, "R4B": DetectedIssueR4B, "R5": DetectedIssueR5}
VERSION_NAMES = ("R4", "R4B", "R5")
VERSIONS = st.sampled_from(VERSION_NAMES)
LIQUID = OralLiquid.from_tablet()
DAY = dt.date(2026, 3, 1)


@attrs.frozen
class Code:
    """Any object with system, code and display serves as a medication coding."""

    system: str
    code: str
    display: str | None = None


TABLET_RXNORM = Code(RXNORM_SYSTEM, "1483744", "naltrexone hydrochloride 50 MG Oral Tablet")


def check_both(resource: dict[str, Any], version: str) -> dict[str, Any]:
    """Write the export as JSON, read it back, and pass it through both validators."""
    text = to_json(resource)
    model = (REQUEST if resource["resourceType"] == "MedicationRequest" else ISSUE)[version]
    model.model_validate_json(text)  # fhir.resources: structure
    received = json.loads(text, parse_float=Decimal)
    assert received == resource  # to_json is exact
    if os.environ.get("LDN_MUTATION") == "1":
        return received  # tools/mutation.sh: the validator's seconds per mutant are too many
    outcome = fv.validate(received, version)  # HL7's packages: codes, invariants, types
    assert outcome.ok, str(outcome)
    assert outcome.rules("warning") <= {"dom-6"}, str(outcome)
    return received


@st.composite
def liquid_plans(draw: st.DrawFn) -> TitrationPlan:
    """Plans whose every dose the 0.5 mg/mL liquid can measure: 0.5 mg grid."""
    start = draw(half_mg_doses(Dose("1.5")))
    target = draw(half_mg_doses().filter(lambda d: d >= start))
    step = draw(half_mg_doses(MONOGRAPH.max_rise))  # LDN-STEP-SIZE
    interval = draw(st.integers(7, 14))
    start_date = draw(st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2040, 1, 1)))
    return titrate(
        start=start, step=step, interval_days=interval, target=target, start_date=start_date
    )


@st.composite
def changed(draw: st.DrawFn, plan: TitrationPlan) -> TitrationPlan:
    """The plan as drawn, stepped back, held, or held and resumed (when possible)."""
    rising = list(plan.steps[1:])
    change = draw(st.sampled_from(["as is", "step back", "hold", "resume"]))
    if change == "as is" or not rising:
        return plan
    if change == "step back":
        return plan.step_back(draw(st.integers(rising[0].first_day, plan.steps[-1].first_day + 30)))
    bounded = [s for s in plan.steps if s.last_day is not None]
    held = plan.hold(draw(st.sampled_from(bounded)).first_day)
    if change == "hold":
        return held
    last = held.steps[-1].first_day
    return held.resume(last + plan.policy.min_interval_days + draw(st.integers(0, 20)))


def dose_quantities(request: dict[str, Any]) -> list[dict[str, Any]]:
    return [d["doseAndRate"][0]["doseQuantity"] for d in request["dosageInstruction"]]


@pytest.mark.validator
@pytest.mark.rule("LDN-TIMING")
@given(plans().flatmap(changed), VERSIONS, st.sampled_from(sorted(Filler)), st.data())
def test_capsule_requests_pass_both_validators(
    plan: TitrationPlan, version: str, filler: Filler, data: st.DataObject
) -> None:
    """LDN-TIMING: one dosage per step, once a day at bedtime (HS), by mouth, doses in mg."""
    status = data.draw(st.sampled_from(sorted(REQUEST_STATUS[version])))
    request = medication_request(
        plan, subject="Patient/1", formulation=filler, version=version, status=status
    )  # type: ignore[arg-type]
    check_both(request, version)
    dosages = request["dosageInstruction"]
    assert [d["sequence"] for d in dosages] == list(range(1, len(plan.steps) + 1))
    for dosage, step in zip(dosages, plan.steps, strict=True):
        repeat = dosage["timing"]["repeat"]
        assert (repeat["frequency"], repeat["period"], repeat["periodUnit"], repeat["when"]) == (
            1,
            1,
            "d",
            ["HS"],
        )
        assert dosage["route"]["coding"] == [
            {"system": SNOMED_SYSTEM, "code": "26643006", "display": "Oral route"}
        ]
        assert dosage["doseAndRate"][0]["doseQuantity"] == {
            "value": step.dose.mg,
            "unit": "mg",
            "system": UCUM,
            "code": "mg",
        }
        if plan.start_date is None:
            assert "boundsPeriod" not in repeat
            assert ("boundsDuration" in repeat) is (step.last_day is not None)
            if step.last_day is not None:
                assert repeat["boundsDuration"]["value"] == step.days
        else:
            assert "boundsDuration" not in repeat
            period = repeat["boundsPeriod"]
            assert period["start"] == plan.date_of(step.first_day).isoformat()
            if step.last_day is None:
                assert set(period) == {"start"}
            else:
                assert period["end"] == plan.date_of(step.last_day).isoformat()
    medication = request["contained"][0]
    assert str(filler) in medication["code"]["text"]


@pytest.mark.validator
@pytest.mark.rule("LDN-LIQUID")
@given(liquid_plans().flatmap(changed), VERSIONS)
def test_liquid_requests_pass_both_validators(plan: TitrationPlan, version: str) -> None:
    """LDN-LIQUID: a liquid plan's doses are mL that hold exactly the mg of each step."""
    request = medication_request(plan, subject="Patient/1", formulation=LIQUID, version=version)  # type: ignore[arg-type]
    check_both(request, version)
    for quantity, step in zip(dose_quantities(request), plan.steps, strict=True):
        assert quantity["code"] == "mL"
        assert quantity["value"] * Decimal("0.5") == step.dose.mg
    (ingredient,) = request["contained"][0]["ingredient"]
    strength = ingredient["strengthRatio" if version == "R5" else "strength"]
    assert strength["numerator"]["value"] == Decimal("0.5")
    assert strength["denominator"]["value"] == 1


@pytest.mark.rule("LDN-DOSE-MAX")
@given(plans(), VERSIONS, st.booleans())
@example(  # 6 mg is 12 mL: no listed syringe holds it, so the plan goes in capsules
    titrate(
        start="6",
        step="1",
        interval_days=7,
        target="6",
        policy=MONOGRAPH.derive(name="rct-6mg", reason="trial", max_daily_dose="6", start_max="6"),
    ),
    "R4",
    True,
)
def test_max_dose_per_period_is_the_policy_maximum(
    plan: TitrationPlan, version: str, liquid: bool
) -> None:
    """LDN-DOSE-MAX: every dosage carries the daily maximum; liquids state it in mL too."""
    liquid = (
        liquid
        and all(s.dose.mg % Decimal("0.5") == 0 for s in plan.steps)
        and all(_measurable(dose, plan.policy) for dose in plan.doses)
    )
    formulation = LIQUID if liquid else Filler.SUCROSE
    request = medication_request(
        plan, subject="Patient/1", version=version, formulation=formulation
    )  # type: ignore[arg-type]
    maximum = plan.policy.max_daily_dose.mg
    for dosage in request["dosageInstruction"]:
        ratios = dosage["maxDosePerPeriod"]
        assert isinstance(ratios, list) is (version == "R5")
        if version != "R5":
            ratios = [ratios]
        assert ratios[0]["numerator"]["value"] == maximum
        assert ratios[0]["numerator"]["code"] == "mg"
        assert all(r["denominator"]["code"] == "d" for r in ratios)
        in_ml = [r["numerator"] for r in ratios[1:]]
        if "maxDosePerAdministration" in dosage:
            in_ml.append(dosage["maxDosePerAdministration"])
        if liquid:
            (volume,) = in_ml
            assert volume["code"] == "mL"
            assert volume["value"] * Decimal("0.5") == maximum
        else:
            assert in_ml == []


@pytest.mark.validator
def test_liquid_maximum_in_ml_rounds_down_when_not_exact() -> None:
    """The daily maximum in mL is exact when it can be, else rounded down to 0.01 mL."""
    plan = titrate(start="1", step="1", interval_days=7, target="1")
    cases = [((50, 30), "2.7"), ((50, 70), "6.3"), ((40, 10), "1.125"), ((50, 100), "9")]
    for (tablet, water), expected in cases:
        liquid = OralLiquid.from_tablet(tablet, water)
        dosage = medication_request(plan, subject="Patient/1", formulation=liquid)[
            "dosageInstruction"
        ][0]
        assert dosage["maxDosePerPeriod"][1] == {
            "numerator": {"value": Decimal(expected), "unit": "mL", "system": UCUM, "code": "mL"},
            "denominator": {"value": 1, "unit": "day", "system": UCUM, "code": "d"},
        }
    # 21 mg in 10 mL is 2.1 mg/mL: 1.05 mg is 0.5 mL, but 4.5 mg is 2.142857... mL.
    odd = OralLiquid.from_tablet(21, 10)
    plan = titrate(start="1.05", step="1", interval_days=7, target="1.05")
    (dosage,) = medication_request(plan, subject="Patient/1", formulation=odd, version="R4")[
        "dosageInstruction"
    ]
    assert dosage["doseAndRate"][0]["doseQuantity"]["value"] == Decimal("0.5")
    assert dosage["maxDosePerAdministration"]["value"] == Decimal("2.14")
    # The caller's decimal context changes nothing. (Only the mL maximum is computed
    # under it here: making whole exports context-proof is the hardening work, #13.)
    with localcontext() as context:
        context.prec = 1
        context.rounding = ROUND_UP
        assert _max_ml(plan, odd) == Decimal("2.14")
    check_both(medication_request(plan, subject="Patient/1", formulation=odd, version="R5"), "R5")


SINGLE = titrate(start="1", step="1", interval_days=7, target="1")
STEPPED = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
VARIANTS = {
    "single-step": SINGLE,
    "stepped": STEPPED,
    "stepped back": STEPPED.step_back(30),
    "held": STEPPED.hold(20),
    "resumed": STEPPED.hold(20).resume(42),
}


@pytest.mark.validator
@pytest.mark.parametrize("version", VERSION_NAMES)
@pytest.mark.parametrize("dated", [False, True], ids=["undated", "dated"])
@pytest.mark.parametrize("formulation", [Filler.GINGER, LIQUID], ids=["capsule", "liquid"])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_export_variant_passes_both_validators(
    variant: str, formulation: Any, dated: bool, version: str
) -> None:
    plan = VARIANTS[variant]
    if dated:
        plan = attrs.evolve(plan, start_date=DAY)
    request = medication_request(
        plan,
        subject="Patient/1",
        formulation=formulation,
        version=version,  # type: ignore[arg-type]
        medication_codings=[TABLET_RXNORM] if formulation is LIQUID else (),
    )
    check_both(request, version)
    if version == "R5":
        amount = (lambda d: str(LIQUID.measure(d))) if formulation is LIQUID else str
        assert request["renderedDosageInstruction"] == plan.instruction_text(amount)
        assert ("effectiveDosePeriod" in request) is dated
    else:
        assert "renderedDosageInstruction" not in request
        assert "effectiveDosePeriod" not in request


def test_r5_rendered_instruction_and_effective_period() -> None:
    plan = attrs.evolve(STEPPED, start_date=DAY)
    request = medication_request(plan, subject="Patient/1", formulation=LIQUID)
    assert request["renderedDosageInstruction"] == (
        "Take 3 mL (1.5 mg) at bedtime for 14 days, then 6 mL (3 mg) at bedtime for 14 days, "
        "then 9 mL (4.5 mg) at bedtime."
    )
    assert request["effectiveDosePeriod"] == {"start": "2026-03-01"}
    last = request["dosageInstruction"][-1]["timing"]["repeat"]
    assert last["boundsPeriod"] == {"start": "2026-03-29"}


@pytest.mark.validator
def test_statuses_match_the_packages() -> None:
    """The statuses ldn accepts per version are exactly HL7's value set for that version."""
    url = "http://hl7.org/fhir/ValueSet/medicationrequest-status"
    for version in VERSION_NAMES:
        expansion = fv.load(version).package.expand(url)
        assert {code for _, code in expansion} == REQUEST_STATUS[version]
    assert "ended" in REQUEST_STATUS["R5"]
    assert "ended" not in REQUEST_STATUS["R4B"]


def test_ended_is_refused_before_r5() -> None:
    for version in ("R4", "R4B"):
        with pytest.raises(ExportError, match=f"{version} status must be one of"):
            medication_request(SINGLE, subject="Patient/1", version=version, status="ended")  # type: ignore[arg-type]
    assert medication_request(SINGLE, subject="Patient/1", status="ended")["status"] == "ended"


def test_exports_share_no_mutable_data() -> None:
    """Editing one export (deep inside) changes no later export."""
    first = medication_request(STEPPED, subject="Patient/1", formulation=LIQUID)
    pristine = json.loads(to_json(first), parse_float=Decimal)
    for node in (
        first["contained"][0]["code"]["coding"],
        first["contained"][0]["ingredient"][0]["item"]["concept"]["coding"],
        first["contained"][0]["doseForm"]["coding"],
        first["dosageInstruction"][0]["route"]["coding"],
        first["dosageInstruction"][0]["timing"]["repeat"]["when"],
        first["dosageInstruction"][0]["maxDosePerPeriod"],
    ):
        node.append({"code": "edited"})
    first["dosageInstruction"][0]["route"]["coding"][0]["code"] = "edited"
    first["contained"][0]["code"]["coding"][0]["code"] = "edited"
    first["dosageInstruction"][0]["maxDosePerPeriod"][0]["numerator"]["unit"] = "edited"
    second = medication_request(STEPPED, subject="Patient/1", formulation=LIQUID)
    assert second == pristine
    report = screen(Patient(opioid_use=True))
    issue = detected_issue(report.findings[0], subject="Patient/1", identified=DAY)
    issue["code"]["coding"][0]["display"] = "edited"
    issue["subject"]["reference"] = "edited"
    again = detected_issue(report.findings[0], subject="Patient/1", identified=DAY)
    assert again["code"]["coding"][0]["display"] == FINDING_DISPLAY["opioid-use"]
    assert again["subject"] == {"reference": "Patient/1"}
    batch = detected_issues(
        screen(Patient(medications=["codeine"], opioid_use=True)),
        subject="Patient/1",
        identified=DAY,
    )
    batch[0]["subject"]["reference"] = "edited"
    assert batch[1]["subject"] == {"reference": "Patient/1"}


@pytest.mark.validator
def test_caller_codings_sit_beside_atc() -> None:
    codings = [
        TABLET_RXNORM,
        Code(SNOMED_SYSTEM, "1234567", None),
        Code(NZMT_SYSTEM, "10001", "naltrexone"),
        Code(SNOMED_SYSTEM, "1 2", None),  # single inner spaces are allowed in a FHIR code
    ]
    for version in VERSION_NAMES:
        request = medication_request(
            SINGLE,
            subject="Patient/1",
            formulation=LIQUID,
            version=version,
            medication_codings=iter(codings),  # type: ignore[arg-type]
        )
        medication = request["contained"][0]
        assert medication["code"]["coding"] == [
            {"system": "http://www.whocc.no/atc", "code": "N07BB04", "display": "naltrexone"},
            {"system": RXNORM_SYSTEM, "code": "1483744", "display": TABLET_RXNORM.display},
            {"system": SNOMED_SYSTEM, "code": "1234567"},
            {"system": NZMT_SYSTEM, "code": "10001", "display": "naltrexone"},
            {"system": SNOMED_SYSTEM, "code": "1 2"},
        ]
        # The ingredient stays the substance (ATC) alone.
        ingredient = medication["ingredient"][0]
        concept = (
            ingredient["item"]["concept"] if version == "R5" else ingredient["itemCodeableConcept"]
        )
        assert [c["code"] for c in concept["coding"]] == ["N07BB04"]
        check_both(request, version)


def test_version_differences() -> None:
    plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
    r4 = medication_request(plan, subject="Patient/1", version="R4B", formulation=LIQUID)
    r5 = medication_request(plan, subject="Patient/1", version="R5", formulation=LIQUID)
    assert r4["medicationReference"] == {"reference": "#ldn-medication"}
    assert r5["medication"] == {"reference": {"reference": "#ldn-medication"}}
    assert r4["contained"][0]["form"]["coding"][0]["code"] == "385023001"
    assert r5["contained"][0]["doseForm"]["coding"][0]["code"] == "385023001"
    assert "itemCodeableConcept" in r4["contained"][0]["ingredient"][0]
    assert r5["contained"][0]["ingredient"][0]["item"]["concept"]["coding"][0]["code"] == "N07BB04"
    assert r4["dosageInstruction"][0]["text"] == "3 mL (1.5 mg) at bedtime for 14 days"
    assert "policy 'monograph'" in r5["note"][0]["text"]
    capsule = medication_request(plan, subject="Patient/1", version="R4")
    assert capsule["contained"][0]["form"]["coding"][0]["code"] == "385049006"


@pytest.mark.validator
def test_non_terminating_concentration_keeps_tablet_and_water() -> None:
    liquid = OralLiquid.from_tablet(50, 70)
    plan = titrate(start="1", step="1", interval_days=7, target="1")
    request = medication_request(plan, subject="Patient/1", formulation=liquid)
    check_both(request, "R5")
    strength = request["contained"][0]["ingredient"][0]["strengthRatio"]
    assert (strength["numerator"]["value"], strength["denominator"]["value"]) == (50, 70)


def test_model_dump_keeps_exact_numbers() -> None:
    plan = titrate(start="0.5", step="1", interval_days=7, target="4.5")
    model = MedicationRequestR5.model_validate(medication_request(plan, subject="Patient/1"))
    assert '"value":0.5' in model.model_dump_json()


@pytest.mark.parametrize(
    ("kwargs", "error", "fragment"),
    [
        ({"version": "R3"}, ExportError, "FHIR version"),
        ({"status": "done"}, ExportError, "status must be one of active"),
        ({"intent": None}, ExportError, "intent must be one of"),
        ({"subject": ""}, ExportError, "non-empty reference"),
        ({"subject": 3}, LdnTypeError, "subject must be a str"),
        ({"formulation": "chalk"}, FormulationError, "filler must be a word that names one of"),
        ({"medication_codings": None}, LdnTypeError, "medication_codings must be an iterable"),
        ({"medication_codings": {"system": RXNORM_SYSTEM}}, LdnTypeError, "medication_codings"),
        ({"medication_codings": [object()]}, ExportError, "coding system must be one of"),
        ({"medication_codings": [Code(RXNORM_SYSTEM, "")]}, ExportError, "medication code"),
        ({"medication_codings": [Code(RXNORM_SYSTEM, "1  2")]}, ExportError, "medication code"),
        ({"medication_codings": [Code(RXNORM_SYSTEM, "1\t2")]}, ExportError, "medication code"),
        ({"medication_codings": [Code(RXNORM_SYSTEM, 7)]}, ExportError, "medication code"),  # type: ignore[arg-type]
        ({"medication_codings": [Code(RXNORM_SYSTEM, "1", 7)]}, ExportError, "display"),  # type: ignore[arg-type]
        ({"medication_codings": [Code(RXNORM_SYSTEM, "1", " ")]}, ExportError, "display"),
    ],
)
def test_bad_requests(kwargs: dict[str, Any], error: type[Exception], fragment: str) -> None:
    plan = titrate(start="1", step="1", interval_days=7, target="2")
    with pytest.raises(error, match=fragment):
        medication_request(plan, **{"subject": "Patient/1", **kwargs})


def test_unmeasurable_liquid_dose_is_refused() -> None:
    plan = titrate(start="1.125", step="1", interval_days=7, target="2.125")
    with pytest.raises(FormulationError, match="LDN-LIQUID"):
        medication_request(plan, subject="Patient/1", formulation=LIQUID)


def test_wrong_objects() -> None:
    with pytest.raises(LdnTypeError, match="plan must be a TitrationPlan"):
        medication_request("plan", subject="Patient/1")  # type: ignore[arg-type]
    with pytest.raises(LdnTypeError, match="finding must be a Finding"):
        detected_issue("finding", subject="Patient/1", identified=DAY)  # type: ignore[arg-type]
    with pytest.raises(LdnTypeError, match="report must be a ScreeningReport"):
        detected_issues([], subject="Patient/1", identified=DAY)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"subject": ""}, "subject"),
        ({"version": "R3"}, "FHIR version"),
        ({"identified": None}, "identified"),
        ({"include_info": "no"}, "include_info"),
    ],
)
def test_arguments_are_checked_even_with_nothing_to_export(
    kwargs: dict[str, Any], fragment: str
) -> None:
    """An empty report, or one with counselling only, still has its arguments checked."""
    only_info = ScreeningReport(
        tuple(f for f in screen(Patient(opioid_use=False)).findings if f.severity == "info"),
        "monograph",
    )
    for report in (ScreeningReport((), "monograph"), only_info):
        with pytest.raises((ExportError, LdnTypeError), match=fragment):
            detected_issues(report, **{"subject": "Patient/1", "identified": DAY, **kwargs})


@pytest.mark.validator
@pytest.mark.rule("LDN-OPIOID")
@given(patients(), VERSIONS, st.booleans())
def test_findings_pass_both_validators(patient: Any, version: str, include_info: bool) -> None:
    """LDN-OPIOID: blocking findings become high-severity DetectedIssues."""
    report = screen(patient)
    issues = detected_issues(
        report, subject="Patient/1", identified=DAY, version=version, include_info=include_info
    )  # type: ignore[arg-type]
    exported = [f for f in report.findings if include_info or f.severity != "info"]
    for issue, finding in zip(issues, exported, strict=True):
        check_both(issue, version)
        own = {
            "system": FINDING_SYSTEM,
            "code": finding.code,
            "display": FINDING_DISPLAY[finding.code],
        }
        act = FINDING_CATEGORY.get(finding.code)
        category = (
            [] if act is None else [{"system": ACT_CODE_SYSTEM, "code": act[0], "display": act[1]}]
        )
        # The ActCode category: R5's category, a second coding of code in R4 and R4B.
        if version == "R5":
            assert issue["code"]["coding"] == [own]
            assert issue.get("category", []) == [{"coding": category}] * len(category)
        else:
            assert issue["code"]["coding"] == [own, *category]
            assert "category" not in issue
        assert issue["code"]["text"] == finding.summary
        assert (issue["severity"] == "high") is (finding in report.blocking)
        assert issue["reference"] == DEFAULT_CANONICAL.rule_url(finding.rule_id)
        assert issue["identifiedDateTime"] == "2026-03-01"
        assert ("subject" if version == "R5" else "patient") in issue


@pytest.mark.validator
@pytest.mark.parametrize("version", VERSION_NAMES)
def test_every_finding_code_passes_both_validators(version: str) -> None:
    lenient = MONOGRAPH  # a peripheral opioid is a caution under the monograph policy
    reports = [
        screen(
            Patient(
                medications=["codeine"],
                opioid_use=True,
                filler_sensitivities=["cellulose"],
                unrecognised_allergies=["AllergyIntolerance[0] (names 'gelatin')"],
            )
        ),
        screen(Patient(opioid_use=None)),
        screen(Patient(medications=["loperamide"], opioid_use=False), lenient),
        screen(Patient(medications=["naltrexone 50 mg", ""], opioid_use=False)),
        screen(
            Patient(
                medications=[
                    Medication("methadone", status="stopped", last_taken=DAY),
                    Medication("tramadol", status="stopped"),
                ],
                opioid_use=False,
                unreadable=[Unreadable("MedicationDispense[3]", "status must be one of ...")],
            ),
            as_of=DAY,
        ),
    ]
    codes = set()
    for report in reports:
        for issue in detected_issues(
            report,
            subject="Patient/1",
            identified=DAY,
            version=version,
            include_info=True,  # type: ignore[arg-type]
        ):
            check_both(issue, version)
            codes.add(issue["code"]["coding"][0]["code"])
    # Every code screening can give.
    assert codes == set(FINDING_DISPLAY)


@pytest.mark.validator
def test_detected_issue_identified_and_system() -> None:
    finding = screen(Patient(opioid_use=True)).findings[0]
    at = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=13)))
    issue = detected_issue(finding, subject="Patient/1", identified=at, version="R4")
    assert issue["identifiedDateTime"] == "2026-03-01T09:30:00+13:00"
    assert issue["patient"] == {"reference": "Patient/1"}
    assert FINDING_SYSTEM.startswith("https://")
    check_both(issue, "R4")


def test_counselling_is_left_out_by_default() -> None:
    report = screen(Patient(opioid_use=False))
    assert detected_issues(report, subject="Patient/1", identified=DAY) == []
    every = detected_issues(report, subject="Patient/1", identified=DAY, include_info=True)
    assert {i["severity"] for i in every} == {"low"}
    assert len(every) == len(report.findings)


def test_policy_name_travels() -> None:
    trial = MONOGRAPH.derive(name="rct-6mg", reason="trial protocol", max_daily_dose="6")
    plan = titrate(start="1.5", step="1.5", interval_days=14, target="6", policy=trial)
    request = medication_request(plan, subject="Patient/1")
    assert request["note"][0]["text"] == "Titration under ldn policy 'rct-6mg': trial protocol"
    assert request["dosageInstruction"][0]["maxDosePerPeriod"][0]["numerator"]["value"] == 6


# -- to_json ---------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


@given(st.dictionaries(st.text(max_size=5), JSON_VALUES, max_size=5), st.none() | st.integers(0, 4))
def test_to_json_writes_what_json_dumps_writes(value: dict[str, Any], indent: int | None) -> None:
    """Without Decimals, to_json is json.dumps (compact, or indented), characters as they are."""
    separators = (",", ":") if indent is None else (",", ": ")
    expected = json.dumps(value, ensure_ascii=False, indent=indent, separators=separators)
    assert to_json(value, indent=indent) == expected


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_to_json_writes_decimals_exactly(number: Decimal) -> None:
    """Any finite Decimal is written as a JSON number with the same value, never a string."""
    text = to_json({"value": number})
    assert not text.startswith('{"value":"')
    assert json.loads(text, parse_float=Decimal, parse_int=Decimal)["value"] == number


def test_to_json_keeps_every_digit() -> None:
    long = Decimal("0.1234567890123456789012345678901234567890")
    assert to_json({"value": long}) == '{"value":0.1234567890123456789012345678901234567890}'
    assert to_json([Decimal("1E+2"), Decimal("-0.5"), 3]) == "[100,-0.5,3]"


def test_to_json_round_trips_through_fhir_resources() -> None:
    request = medication_request(
        attrs.evolve(STEPPED, start_date=DAY), subject="Patient/1", formulation=LIQUID
    )
    text = to_json(request, indent=2)
    model = MedicationRequestR5.model_validate_json(text)
    assert json.loads(model.model_dump_json(), parse_float=Decimal) == json.loads(
        text, parse_float=Decimal
    )


def test_public_tables_are_read_only() -> None:
    with pytest.raises(TypeError):
        FINDING_DISPLAY["opioid-use"] = "edited"  # type: ignore[index]
    with pytest.raises(TypeError):
        REQUEST_STATUS["R4"] = frozenset()  # type: ignore[index]


def test_to_json_takes_any_mapping() -> None:
    frozen = MappingProxyType({"b": [1, {"c": Decimal("0.50")}], "a": True})
    assert to_json(frozen) == '{"b":[1,{"c":0.50}],"a":true}'
    assert to_json({"text": "naïve 0.5 mg"}) == '{"text":"naïve 0.5 mg"}'


def test_to_json_refuses_cycles() -> None:
    node: dict[str, Any] = {}
    node["self"] = [node]
    with pytest.raises(ExportError, match="contains itself"):
        to_json(node)
    shared = {"a": 1}
    assert to_json({"x": shared, "y": shared}) == '{"x":{"a":1},"y":{"a":1}}'


def test_to_json_refuses_what_json_has_not() -> None:
    for bad in ({"v": float("nan")}, {"v": object()}, {"v": {1, 2}}):
        with pytest.raises(LdnTypeError):
            to_json(bad)
    for bad_indent in (True, 1.5, "2"):
        with pytest.raises(LdnTypeError, match="indent"):
            to_json({}, indent=bad_indent)  # type: ignore[arg-type]


CAPSULE_R4B = {
    "resourceType": "MedicationRequest",
    "contained": [
        {
            "resourceType": "Medication",
            "id": "ldn-medication",
            "code": {
                "coding": [
                    {
                        "system": "http://www.whocc.no/atc",
                        "code": "N07BB04",
                        "display": "naltrexone",
                    }
                ],
                "text": "naltrexone capsules (compounded, sucrose filler)",
            },
            "form": {
                "coding": [
                    {"system": "http://snomed.info/sct", "code": "385049006", "display": "Capsule"}
                ],
                "text": "capsule",
            },
            "ingredient": [
                {
                    "itemCodeableConcept": {
                        "coding": [
                            {
                                "system": "http://www.whocc.no/atc",
                                "code": "N07BB04",
                                "display": "naltrexone",
                            }
                        ],
                        "text": "naltrexone",
                    },
                    "isActive": True,
                },
                {"itemCodeableConcept": {"text": "sucrose"}, "isActive": False},
            ],
        }
    ],
    "status": "draft",
    "intent": "order",
    "subject": {"reference": "Patient/1"},
    "note": [
        {
            "text": "Titration under ldn policy 'monograph': The figures of the low dose naltrexone "
            "monograph, unchanged."
        }
    ],
    "dosageInstruction": [
        {
            "sequence": 1,
            "text": "1 mg at bedtime for 7 days",
            "timing": {
                "repeat": {
                    "frequency": 1,
                    "period": 1,
                    "periodUnit": "d",
                    "when": ["HS"],
                    "boundsDuration": {
                        "value": Decimal("7"),
                        "unit": "days",
                        "system": "http://unitsofmeasure.org",
                        "code": "d",
                    },
                }
            },
            "route": {
                "coding": [
                    {
                        "system": "http://snomed.info/sct",
                        "code": "26643006",
                        "display": "Oral route",
                    }
                ],
                "text": "oral",
            },
            "doseAndRate": [
                {
                    "doseQuantity": {
                        "value": Decimal("1"),
                        "unit": "mg",
                        "system": "http://unitsofmeasure.org",
                        "code": "mg",
                    }
                }
            ],
            "maxDosePerPeriod": {
                "numerator": {
                    "value": Decimal("4.5"),
                    "unit": "mg",
                    "system": "http://unitsofmeasure.org",
                    "code": "mg",
                },
                "denominator": {
                    "value": Decimal("1"),
                    "unit": "day",
                    "system": "http://unitsofmeasure.org",
                    "code": "d",
                },
            },
        },
        {
            "sequence": 2,
            "text": "2 mg at bedtime",
            "timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d", "when": ["HS"]}},
            "route": {
                "coding": [
                    {
                        "system": "http://snomed.info/sct",
                        "code": "26643006",
                        "display": "Oral route",
                    }
                ],
                "text": "oral",
            },
            "doseAndRate": [
                {
                    "doseQuantity": {
                        "value": Decimal("2"),
                        "unit": "mg",
                        "system": "http://unitsofmeasure.org",
                        "code": "mg",
                    }
                }
            ],
            "maxDosePerPeriod": {
                "numerator": {
                    "value": Decimal("4.5"),
                    "unit": "mg",
                    "system": "http://unitsofmeasure.org",
                    "code": "mg",
                },
                "denominator": {
                    "value": Decimal("1"),
                    "unit": "day",
                    "system": "http://unitsofmeasure.org",
                    "code": "d",
                },
            },
        },
    ],
    "medicationReference": {"reference": "#ldn-medication"},
}
LIQUID_R5_MEDICATION = {
    "resourceType": "Medication",
    "id": "ldn-medication",
    "code": {
        "coding": [
            {"system": "http://www.whocc.no/atc", "code": "N07BB04", "display": "naltrexone"}
        ],
        "text": "naltrexone oral liquid 0.5 mg/mL (compounded from tablets)",
    },
    "doseForm": {
        "coding": [
            {"system": "http://snomed.info/sct", "code": "385023001", "display": "Oral solution"}
        ],
        "text": "oral solution",
    },
    "ingredient": [
        {
            "item": {
                "concept": {
                    "coding": [
                        {
                            "system": "http://www.whocc.no/atc",
                            "code": "N07BB04",
                            "display": "naltrexone",
                        }
                    ],
                    "text": "naltrexone",
                }
            },
            "isActive": True,
            "strengthRatio": {
                "numerator": {
                    "value": Decimal("0.5"),
                    "unit": "mg",
                    "system": "http://unitsofmeasure.org",
                    "code": "mg",
                },
                "denominator": {
                    "value": Decimal("1"),
                    "unit": "mL",
                    "system": "http://unitsofmeasure.org",
                    "code": "mL",
                },
            },
        }
    ],
}


def test_golden_capsule_request_r4b() -> None:
    """The whole resource, read by a person; any change must be deliberate."""
    plan = titrate(start="1", step="1", interval_days=7, target="2")
    assert (
        medication_request(plan, subject="Patient/1", version="R4B", formulation="sucrose")
        == CAPSULE_R4B
    )


def test_golden_liquid_medication_r5() -> None:
    plan = titrate(start="1", step="1", interval_days=7, target="2")
    request = medication_request(plan, subject="Patient/1", version="R5", formulation=LIQUID)
    assert request["contained"][0] == LIQUID_R5_MEDICATION


def _quantities(node: object) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        found = [node] if {"value", "system"} <= set(node) else []
        return found + [q for child in node.values() for q in _quantities(child)]
    if isinstance(node, list):
        return [q for child in node for q in _quantities(child)]
    return []


def _measurable(dose: Dose, policy: Policy) -> bool:
    """Whether an oral syringe measures ``dose`` of the liquid (a derived policy may allow
    a daily dose, 6 mg say, whose 12 mL no listed syringe holds)."""
    try:
        LIQUID.measure(dose, policy=policy)
    except FormulationError:
        return False
    return True


@given(st.one_of(plans(), liquid_plans()), VERSIONS, st.booleans())
def test_every_quantity_is_canonical(plan: TitrationPlan, version: str, liquid: bool) -> None:
    """ISMP notation carries into FHIR numbers: no trailing zero, no exponent."""
    formulation = (
        LIQUID
        if liquid
        and all(s.dose.mg % Decimal("0.5") == 0 for s in plan.steps)
        and all(_measurable(dose, plan.policy) for dose in plan.doses)
        else Filler.SUCROSE
    )
    request = medication_request(
        plan, subject="Patient/1", formulation=formulation, version=version
    )  # type: ignore[arg-type]
    quantities = _quantities(request)
    assert quantities
    for quantity in quantities:
        value = quantity["value"]
        assert isinstance(value, Decimal)
        assert str(value) == format(value, "f")
        assert value == value.to_integral_value() or not str(value).endswith("0")
