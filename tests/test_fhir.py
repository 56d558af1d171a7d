"""FHIR export: every output validates with fhir.resources, for R4B and R5."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from fhir.resources.detectedissue import DetectedIssue as DetectedIssueR5
from fhir.resources.medicationrequest import MedicationRequest as MedicationRequestR5
from fhir.resources.R4B.detectedissue import DetectedIssue as DetectedIssueR4B
from fhir.resources.R4B.medicationrequest import MedicationRequest as MedicationRequestR4B
from hypothesis import given
from hypothesis import strategies as st

from ldn import (
    MONOGRAPH,
    Dose,
    ExportError,
    Filler,
    FormulationError,
    LdnTypeError,
    OralLiquid,
    TitrationPlan,
    screen,
    titrate,
)
from ldn.fhir import FINDING_SYSTEM, UCUM, detected_issue, detected_issues, medication_request
from ldn.strategies import half_mg_doses, patients, plans

REQUEST = {"R4": MedicationRequestR4B, "R4B": MedicationRequestR4B, "R5": MedicationRequestR5}
ISSUE = {"R4": DetectedIssueR4B, "R4B": DetectedIssueR4B, "R5": DetectedIssueR5}
VERSIONS = st.sampled_from(["R4", "R4B", "R5"])
LIQUID = OralLiquid.from_tablet()


@st.composite
def liquid_plans(draw: st.DrawFn) -> TitrationPlan:
    """Plans whose every dose the 0.5 mg/mL liquid can measure: 0.5 mg grid."""
    start = draw(half_mg_doses(Dose("1.5")))
    target = draw(half_mg_doses().filter(lambda d: d >= start))
    step = draw(half_mg_doses(Dose(3)))
    interval = draw(st.integers(7, 14))
    start_date = draw(st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2040, 1, 1)))
    return titrate(
        start=start, step=step, interval_days=interval, target=target, start_date=start_date
    )


def dose_quantities(request: dict[str, Any]) -> list[dict[str, Any]]:
    return [d["doseAndRate"][0]["doseQuantity"] for d in request["dosageInstruction"]]


@pytest.mark.rule("LDN-TIMING")
@given(plans(), VERSIONS, st.sampled_from(sorted(Filler)))
def test_capsule_request_validates(plan: TitrationPlan, version: str, filler: Filler) -> None:
    """LDN-TIMING: one dosage per step, once a day at bedtime (HS), doses in mg."""
    request = medication_request(plan, subject="Patient/1", formulation=filler, version=version)  # type: ignore[arg-type]
    REQUEST[version].model_validate(request)
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
        assert dosage["doseAndRate"][0]["doseQuantity"] == {
            "value": step.dose.mg,
            "unit": "mg",
            "system": UCUM,
            "code": "mg",
        }
        bounded = "boundsDuration" in repeat or "boundsPeriod" in repeat
        assert bounded is (step.last_day is not None)
        if "boundsDuration" in repeat:
            assert repeat["boundsDuration"]["value"] == step.days
        if "boundsPeriod" in repeat:
            assert repeat["boundsPeriod"]["start"] == plan.date_of(step.first_day).isoformat()
    medication = request["contained"][0]
    assert str(filler) in medication["code"]["text"]


@pytest.mark.rule("LDN-LIQUID")
@given(liquid_plans(), VERSIONS)
def test_liquid_request_validates_with_doses_in_ml(plan: TitrationPlan, version: str) -> None:
    """LDN-LIQUID: a liquid plan's doses are mL that hold exactly the mg of each step."""
    request = medication_request(plan, subject="Patient/1", formulation=LIQUID, version=version)  # type: ignore[arg-type]
    REQUEST[version].model_validate(request)
    for quantity, step in zip(dose_quantities(request), plan.steps, strict=True):
        assert quantity["code"] == "mL"
        assert quantity["value"] * Decimal("0.5") == step.dose.mg
    (ingredient,) = request["contained"][0]["ingredient"]
    strength = ingredient["strengthRatio" if version == "R5" else "strength"]
    assert strength["numerator"]["value"] == Decimal("0.5")
    assert strength["denominator"]["value"] == 1


@pytest.mark.rule("LDN-DOSE-MAX")
@given(plans(), VERSIONS)
def test_max_dose_per_period_is_the_policy_maximum(plan: TitrationPlan, version: str) -> None:
    """LDN-DOSE-MAX: every dosage carries the policy's daily maximum; one Ratio in R4, a list in R5."""
    request = medication_request(plan, subject="Patient/1", version=version)  # type: ignore[arg-type]
    for dosage in request["dosageInstruction"]:
        ratios = dosage["maxDosePerPeriod"]
        ratio = ratios[0] if version == "R5" else ratios
        assert isinstance(ratios, list) is (version == "R5")
        assert ratio["numerator"]["value"] == plan.policy.max_daily_dose.mg
        assert ratio["denominator"]["code"] == "d"


def test_version_differences() -> None:
    plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
    r4 = medication_request(plan, subject="Patient/1", version="R4B", formulation=LIQUID)
    r5 = medication_request(plan, subject="Patient/1", version="R5", formulation=LIQUID)
    assert r4["medicationReference"] == {"reference": "#ldn-medication"}
    assert r5["medication"] == {"reference": {"reference": "#ldn-medication"}}
    assert "form" in r4["contained"][0]
    assert "doseForm" in r5["contained"][0]
    assert "itemCodeableConcept" in r4["contained"][0]["ingredient"][0]
    assert r5["contained"][0]["ingredient"][0]["item"]["concept"]["coding"][0]["code"] == "N07BB04"
    assert r4["dosageInstruction"][0]["text"] == "3 mL (1.5 mg) at bedtime for 14 days"
    assert "policy 'monograph'" in r5["note"][0]["text"]


def test_non_terminating_concentration_keeps_tablet_and_water() -> None:
    liquid = OralLiquid.from_tablet(50, 70)
    plan = titrate(start="1", step="1", interval_days=7, target="1")
    request = medication_request(plan, subject="Patient/1", formulation=liquid)
    MedicationRequestR5.model_validate(request)
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
        ({"formulation": "lactose"}, FormulationError, "filler must be one of"),
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
        detected_issue("finding", subject="Patient/1")  # type: ignore[arg-type]


@pytest.mark.rule("LDN-OPIOID")
@given(patients(), VERSIONS)
def test_findings_validate_as_detected_issues(patient: Any, version: str) -> None:
    """LDN-OPIOID: blocking findings become high-severity DetectedIssues."""
    report = screen(patient)
    issues = detected_issues(report, subject="Patient/1", version=version)  # type: ignore[arg-type]
    for issue, finding in zip(issues, report.findings, strict=True):
        ISSUE[version].model_validate(issue)
        assert issue["code"]["coding"][0] == {
            "system": FINDING_SYSTEM,
            "code": finding.code,
            "display": finding.summary,
        }
        assert (issue["severity"] == "high") is (finding in report.blocking)
        assert issue["reference"] == f"urn:ldn:rule:{finding.rule_id}"
        assert ("subject" if version == "R5" else "patient") in issue


def test_policy_name_travels() -> None:
    trial = MONOGRAPH.derive(name="rct-6mg", reason="trial protocol", max_daily_dose="6")
    plan = titrate(start="1.5", step="1.5", interval_days=14, target="6", policy=trial)
    request = medication_request(plan, subject="Patient/1")
    assert request["note"][0]["text"] == "Titration under ldn policy 'rct-6mg': trial protocol"
    assert request["dosageInstruction"][0]["maxDosePerPeriod"][0]["numerator"]["value"] == 6


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
            "form": {"text": "capsule"},
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
    "doseForm": {"text": "oral solution"},
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


@given(st.one_of(plans(), liquid_plans()), VERSIONS, st.booleans())
def test_every_quantity_is_canonical(plan: TitrationPlan, version: str, liquid: bool) -> None:
    """ISMP notation carries into FHIR numbers: no trailing zero, no exponent."""
    formulation = (
        LIQUID
        if liquid and all(s.dose.mg % Decimal("0.5") == 0 for s in plan.steps)
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
