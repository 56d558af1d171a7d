"""FHIR export: a plan as a ``MedicationRequest``, findings as ``DetectedIssue`` resources.

Output is plain ``dict`` data (no dependency), in FHIR R4/R4B or R5 shape:

* One ``dosageInstruction`` per plan step, ordered by ``sequence``; each once a
  day at bedtime (``timing.repeat.when = ["HS"]``, the FHIR code for LDN-TIMING),
  bounded by ``boundsPeriod`` (dates) or ``boundsDuration`` (days) on every step
  but the open-ended last, with the dose as a UCUM quantity: mg for capsules,
  mL for the oral liquid.
* ``maxDosePerPeriod`` carries the policy maximum per day (LDN-DOSE-MAX): one
  Ratio in R4/R4B, a list of Ratios in R5.
* The medication is a contained ``Medication`` (naltrexone, ATC N07BB04) with the
  liquid's strength (LDN-LIQUID) or the capsule filler (LDN-FILLER).

Numbers are :class:`~decimal.Decimal` values, exact; serialise them as JSON
numbers (for instance through ``fhir.resources`` models).

>>> from ldn import titrate, OralLiquid
>>> plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
>>> request = medication_request(plan, subject="Patient/example", formulation=OralLiquid.from_tablet())
>>> [d["doseAndRate"][0]["doseQuantity"]["value"] for d in request["dosageInstruction"]]
[Decimal('3'), Decimal('6'), Decimal('9')]
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final, Literal, TypeAlias

from ldn._checks import describe, quoted
from ldn._exact import fraction_to_decimal
from ldn.contraindication import Finding, ScreeningReport, Severity
from ldn.errors import ExportError, LdnTypeError
from ldn.formulation import Filler, OralLiquid, to_filler
from ldn.schedule import InstructionLine, Step, TitrationPlan

__all__ = [
    "ATC_SYSTEM",
    "FINDING_SYSTEM",
    "UCUM",
    "FhirVersion",
    "detected_issue",
    "detected_issues",
    "medication_request",
]

#: The FHIR versions ``ldn`` writes. R4 and R4B share every element used here.
FhirVersion: TypeAlias = Literal["R4", "R4B", "R5"]
Resource: TypeAlias = dict[str, Any]

UCUM: Final = "http://unitsofmeasure.org"
ATC_SYSTEM: Final = "http://www.whocc.no/atc"
#: The code system of ``ldn``'s finding codes (``opioid-use``, ...).
FINDING_SYSTEM: Final = "urn:ldn:finding"
_MEDICATION_ID: Final = "ldn-medication"
_NALTREXONE: Final = {
    "coding": [{"system": ATC_SYSTEM, "code": "N07BB04", "display": "naltrexone"}],
    "text": "naltrexone",
}
_REQUEST_STATUS: Final = frozenset(
    {
        "active",
        "on-hold",
        "ended",
        "stopped",
        "completed",
        "cancelled",
        "entered-in-error",
        "draft",
        "unknown",
    }
)
_REQUEST_INTENT: Final = frozenset(
    {
        "proposal",
        "plan",
        "order",
        "original-order",
        "reflex-order",
        "filler-order",
        "instance-order",
        "option",
    }
)
_ISSUE_SEVERITY: Final = {
    Severity.CONTRAINDICATION: "high",
    Severity.CAUTION: "moderate",
    Severity.INFO: "low",
}


def _version(version: object) -> bool:
    """True for R5, False for R4/R4B; anything else is refused."""
    if not isinstance(version, str) or version not in ("R4", "R4B", "R5"):
        raise ExportError("FHIR version", quoted(version), "'R4', 'R4B' or 'R5'")
    return version == "R5"


def _choice(name: str, value: object, allowed: frozenset[str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise ExportError(name, quoted(value), f"one of {', '.join(sorted(allowed))}")
    return value


def _reference(subject: object) -> dict[str, str]:
    if not isinstance(subject, str):
        raise LdnTypeError("subject", describe(subject), "a str such as 'Patient/123'")
    if not subject.strip():
        raise ExportError("subject", quoted(subject), "a non-empty reference such as 'Patient/123'")
    return {"reference": subject}


def _quantity(value: Decimal, unit: str) -> dict[str, Any]:
    """A UCUM quantity; ``value`` is already canonical (a Dose, a Volume or a whole number)."""
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


def _day_ratio(numerator: dict[str, Any]) -> dict[str, Any]:
    return {"numerator": numerator, "denominator": {**_quantity(Decimal(1), "d"), "unit": "day"}}


def _ingredient(
    concept: dict[str, Any], active: bool, strength: dict[str, Any] | None, r5: bool
) -> Resource:
    ingredient: Resource = (
        {"item": {"concept": concept}, "isActive": active}
        if r5
        else {"itemCodeableConcept": concept, "isActive": active}
    )
    if strength is not None:
        ingredient["strengthRatio" if r5 else "strength"] = strength
    return ingredient


def _medication(formulation: OralLiquid | Filler, r5: bool) -> Resource:
    if isinstance(formulation, OralLiquid):
        per_ml = fraction_to_decimal(formulation.concentration.mg_per_ml)
        amount, volume = (
            (formulation.tablet.mg, formulation.water.ml)
            if per_ml is None
            else (per_ml, Decimal(1))
        )
        strength = {"numerator": _quantity(amount, "mg"), "denominator": _quantity(volume, "mL")}
        text = f"naltrexone oral liquid {formulation.concentration} (compounded from tablets)"
        form = "oral solution"
        ingredients = [_ingredient(_NALTREXONE, True, strength, r5)]
    else:
        text = f"naltrexone capsules (compounded, {formulation} filler)"
        form = "capsule"
        ingredients = [
            _ingredient(_NALTREXONE, True, None, r5),
            _ingredient({"text": str(formulation)}, False, None, r5),
        ]
    return {
        "resourceType": "Medication",
        "id": _MEDICATION_ID,
        "code": {**_NALTREXONE, "text": text},
        ("doseForm" if r5 else "form"): {"text": form},
        "ingredient": ingredients,
    }


def _dosage(
    plan: TitrationPlan, step: Step, line: InstructionLine, dose: Resource, sequence: int, r5: bool
) -> Resource:
    repeat: Resource = {"frequency": 1, "period": 1, "periodUnit": "d", "when": ["HS"]}
    if step.last_day is not None:
        if plan.start_date is None:
            days = Decimal(step.last_day - step.first_day + 1)
            repeat["boundsDuration"] = {**_quantity(days, "d"), "unit": "days"}
        else:
            repeat["boundsPeriod"] = {
                "start": plan.date_of(step.first_day).isoformat(),
                "end": plan.date_of(step.last_day).isoformat(),
            }
    max_ratio = _day_ratio(_quantity(plan.policy.max_daily_dose.mg, "mg"))
    return {
        "sequence": sequence,
        "text": line.text,
        "timing": {"repeat": repeat},
        "doseAndRate": [{"doseQuantity": dose}],
        "maxDosePerPeriod": [max_ratio] if r5 else max_ratio,
    }


def medication_request(
    plan: TitrationPlan,
    *,
    subject: str,
    formulation: OralLiquid | Filler | str = Filler.CELLULOSE,
    version: FhirVersion = "R5",
    status: str = "draft",
    intent: str = "order",
) -> Resource:
    """A plan as a FHIR ``MedicationRequest`` dict, with its medication contained.

    ``formulation`` is an :class:`~ldn.OralLiquid` (doses in mL) or a capsule
    :class:`~ldn.Filler` (doses in mg). A liquid dose that the syringe cannot
    measure raises, as :meth:`~ldn.OralLiquid.measure` does.
    """
    if not isinstance(plan, TitrationPlan):
        raise LdnTypeError("plan", describe(plan), "a TitrationPlan")
    r5 = _version(version)
    chosen = formulation if isinstance(formulation, OralLiquid) else to_filler(formulation)
    if isinstance(chosen, OralLiquid):
        measured = {dose: chosen.measure(dose) for dose in plan.doses}  # each dose measured once
        lines = plan.instructions(lambda dose: str(measured[dose]))
        doses = [_quantity(measured[step.dose].volume.ml, "mL") for step in plan.steps]
    else:
        lines = plan.instructions()
        doses = [_quantity(step.dose.mg, "mg") for step in plan.steps]
    note = f"Titration under ldn policy {plan.policy.name!r}: {plan.policy.reason}"
    request: Resource = {
        "resourceType": "MedicationRequest",
        "contained": [_medication(chosen, r5)],
        "status": _choice("status", status, _REQUEST_STATUS),
        "intent": _choice("intent", intent, _REQUEST_INTENT),
        "subject": _reference(subject),
        "note": [{"text": note}],
        "dosageInstruction": [
            _dosage(plan, step, line, dose, sequence, r5)
            for sequence, (step, line, dose) in enumerate(
                zip(plan.steps, lines, doses, strict=True), start=1
            )
        ],
    }
    reference = {"reference": f"#{_MEDICATION_ID}"}
    if r5:
        request["medication"] = {"reference": reference}
    else:
        request["medicationReference"] = reference
    return request


def detected_issue(finding: Finding, *, subject: str, version: FhirVersion = "R5") -> Resource:
    """A screening finding as a FHIR ``DetectedIssue`` dict (severity high, moderate or low)."""
    if not isinstance(finding, Finding):
        raise LdnTypeError("finding", describe(finding), "a Finding")
    r5 = _version(version)
    detail = (
        finding.message
        if finding.trigger is None
        else f"{finding.message} (trigger: {finding.trigger})"
    )
    return {
        "resourceType": "DetectedIssue",
        "status": "final",
        "severity": _ISSUE_SEVERITY[finding.severity],
        "code": {
            "coding": [
                {"system": FINDING_SYSTEM, "code": finding.code, "display": finding.summary}
            ],
            "text": finding.summary,
        },
        ("subject" if r5 else "patient"): _reference(subject),
        "detail": detail,
        "reference": f"urn:ldn:rule:{finding.rule_id}",
    }


def detected_issues(
    report: ScreeningReport, *, subject: str, version: FhirVersion = "R5"
) -> list[Resource]:
    """Every finding of a report as a ``DetectedIssue`` dict, most severe first."""
    if not isinstance(report, ScreeningReport):
        raise LdnTypeError("report", describe(report), "a ScreeningReport")
    return [detected_issue(f, subject=subject, version=version) for f in report.findings]
