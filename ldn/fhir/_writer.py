"""The one FHIR writer: plans and regimens as ``MedicationRequest``, findings as ``DetectedIssue``.

Public as :mod:`ldn.fhir`; see its docstring.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, Literal, NamedTuple, Protocol, TypeAlias, cast

from ldn._checks import describe, quoted
from ldn._exact import canonical as exact_decimal
from ldn._exact import fraction_to_decimal
from ldn.contraindication import Finding, ScreeningReport, Severity
from ldn.dose import Dose
from ldn.errors import ExportError, LdnTypeError
from ldn.fhir._canonical import DEFAULT_CANONICAL, Canonical, canonical_arg
from ldn.fhir._codes import (
    ACT_CODE_SYSTEM,
    ATC_SYSTEM,
    CAPSULE_FORM,
    FINDING_CATEGORY,
    FINDING_DISPLAY,
    MEDICATION_SYSTEMS,
    NALTREXONE_ATC,
    ORAL_ROUTE,
    ORAL_SOLUTION_FORM,
    REQUEST_INTENT,
    REQUEST_STATUS,
    SNOMED_SYSTEM,
    UCUM,
)
from ldn.formulation import Filler, OralLiquid, liquid_handling, to_filler
from ldn.regimen import Form, Regimen
from ldn.schedule import InstructionLine, TitrationPlan

__all__ = [
    "CodingLike",
    "FhirVersion",
    "detected_issue",
    "detected_issues",
    "fhir_version",
    "medication_request",
    "regimen_requests",
]

#: The FHIR versions ``ldn`` writes. R4 and R4B share every element used here.
FhirVersion: TypeAlias = Literal["R4", "R4B", "R5"]
Resource: TypeAlias = dict[str, Any]

_ISSUE_SEVERITY: Final = {
    Severity.CONTRAINDICATION: "high",
    Severity.CAUTION: "moderate",
    Severity.INFO: "low",
}
_MEDICATION_ID: Final = "ldn-medication"
#: A FHIR ``code``: no leading or trailing whitespace, single spaces inside.
_FHIR_CODE: Final = re.compile(r"[^\s]+( [^\s]+)*")


class CodingLike(Protocol):
    """A code of a medication: ``ldn.Coding`` or any object with these attributes."""

    @property
    def system(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def display(self) -> str | None: ...


_VERSIONS: Final[dict[str, FhirVersion]] = {"R4": "R4", "R4B": "R4B", "R5": "R5"}


def fhir_version(version: object) -> FhirVersion:
    """``version`` when it is a FHIR version ``ldn`` writes, else an ExportError."""
    if isinstance(version, str) and version in _VERSIONS:
        return _VERSIONS[version]
    raise ExportError("FHIR version", quoted(version), "'R4', 'R4B' or 'R5'")


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


def _codings(codings: object) -> list[dict[str, str]]:
    """Caller-supplied medication codings, checked and copied into plain dicts."""
    if isinstance(codings, str | bytes | Mapping) or not isinstance(codings, Iterable):
        raise LdnTypeError(
            "medication_codings",
            describe(codings),
            "an iterable of codings (objects with system, code and display)",
        )
    written = []
    for coding in codings:
        system = getattr(coding, "system", None)
        code = getattr(coding, "code", None)
        display = getattr(coding, "display", None)
        if system not in MEDICATION_SYSTEMS:
            raise ExportError(
                "medication coding system",
                quoted(system),
                f"one of {', '.join(sorted(MEDICATION_SYSTEMS))} (ATC is always written)",
            )
        if not isinstance(code, str) or _FHIR_CODE.fullmatch(code) is None:
            raise ExportError(
                "medication code",
                quoted(code),
                "a FHIR code (no leading, trailing or repeated whitespace)",
            )
        entry = {"system": str(system), "code": code}
        if display is not None:
            if not isinstance(display, str) or not display.strip():
                raise ExportError("medication display", quoted(display), "None or non-empty text")
            entry["display"] = display
        written.append(entry)
    return written


def _identified(when: object) -> str:
    if isinstance(when, dt.datetime):
        if when.utcoffset() is None:
            raise ExportError(
                "identified", repr(when), "a date, or a datetime with a time zone (FHIR needs one)"
            )
        return when.isoformat()
    if not isinstance(when, dt.date):
        raise LdnTypeError("identified", describe(when), "a datetime.date or datetime")
    return when.isoformat()


def _concept(codes: tuple[str, str, str]) -> dict[str, Any]:
    code, display, text = codes
    return {"coding": [{"system": SNOMED_SYSTEM, "code": code, "display": display}], "text": text}


def _naltrexone(extra: Iterable[dict[str, str]] = (), text: str = "naltrexone") -> dict[str, Any]:
    atc = {"system": ATC_SYSTEM, "code": NALTREXONE_ATC, "display": "naltrexone"}
    return {"coding": [atc, *(dict(c) for c in extra)], "text": text}


def _quantity(value: Decimal, unit: str) -> dict[str, Any]:
    """A UCUM quantity; ``value`` is already canonical (a Dose, a Volume or a whole number)."""
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


def _day_ratio(numerator: dict[str, Any]) -> dict[str, Any]:
    return {"numerator": numerator, "denominator": {**_quantity(Decimal(1), "d"), "unit": "day"}}


def _max_ml(plan: TitrationPlan, liquid: OralLiquid) -> Decimal:
    """The policy's daily maximum in mL of ``liquid``: exact, or rounded down to 0.01 mL.

    Rounding a maximum down keeps it on the safe side; it happens only for a
    concentration whose volumes have no finite decimal form.
    """
    volume = liquid.concentration.volume_for(plan.policy.max_daily_dose)
    if fraction_to_decimal(volume) is None:
        volume = Fraction(math.floor(volume * 100), 100)
    # Hundredths always have a finite decimal form; the conversion is exact, whatever
    # the caller's decimal context.
    return exact_decimal(cast(Decimal, fraction_to_decimal(volume)))


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


def _medication(
    formulation: OralLiquid | Filler, codings: list[dict[str, str]], r5: bool
) -> Resource:
    if isinstance(formulation, OralLiquid):
        per_ml = fraction_to_decimal(formulation.concentration.mg_per_ml)
        amount, volume = (
            (formulation.tablet.mg, formulation.water.ml)
            if per_ml is None
            else (per_ml, Decimal(1))
        )
        strength = {"numerator": _quantity(amount, "mg"), "denominator": _quantity(volume, "mL")}
        text = f"naltrexone oral liquid {formulation.concentration} (compounded from tablets)"
        form = ORAL_SOLUTION_FORM
        ingredients = [_ingredient(_naltrexone(), True, strength, r5)]
    else:
        text = f"naltrexone capsules (compounded, {formulation} filler)"
        form = CAPSULE_FORM
        ingredients = [
            _ingredient(_naltrexone(), True, None, r5),
            _ingredient({"text": str(formulation)}, False, None, r5),
        ]
    return {
        "resourceType": "Medication",
        "id": _MEDICATION_ID,
        "code": _naltrexone(codings, text),
        ("doseForm" if r5 else "form"): _concept(form),
        "ingredient": ingredients,
    }


def _dosage(
    plan: TitrationPlan,
    nights: tuple[int, int | None],
    line: InstructionLine,
    dose: Resource,
    sequence: int,
    max_ml: Decimal | None,
    r5: bool,
) -> Resource:
    """One dosage for the nights ``first`` to ``last`` (None: open-ended) of a plan."""
    first, last = nights
    repeat: Resource = {"frequency": 1, "period": 1, "periodUnit": "d", "when": ["HS"]}
    if plan.start_date is not None:
        period = {"start": plan.date_of(first).isoformat()}
        if last is not None:
            period["end"] = plan.date_of(last).isoformat()
        repeat["boundsPeriod"] = period
    elif last is not None:
        days = Decimal(last - first + 1)
        repeat["boundsDuration"] = {**_quantity(days, "d"), "unit": "days"}
    ratios = [_day_ratio(_quantity(plan.policy.max_daily_dose.mg, "mg"))]
    if max_ml is not None and r5:
        ratios.append(_day_ratio(_quantity(max_ml, "mL")))
    dosage: Resource = {
        "sequence": sequence,
        "text": line.text,
        "timing": {"repeat": repeat},
        "route": _concept(ORAL_ROUTE),
        "doseAndRate": [{"doseQuantity": dose}],
        "maxDosePerPeriod": ratios if r5 else ratios[0],
    }
    if max_ml is not None and not r5:
        dosage["maxDosePerAdministration"] = _quantity(max_ml, "mL")
    if max_ml is not None:  # the liquid: how to keep it, and when to make a fresh bottle
        dosage["patientInstruction"] = " ".join(h.text for h in liquid_handling(plan.policy))
    return dosage


class _Frame(NamedTuple):
    """What every request shares, checked once: version, status, intent and subject."""

    r5: bool
    status: str
    intent: str
    subject: dict[str, str]


def _frame(version: object, status: object, intent: object, subject: object) -> _Frame:
    written = fhir_version(version)
    return _Frame(
        written == "R5",
        _choice(f"{written} status", status, REQUEST_STATUS[written]),
        _choice("intent", intent, REQUEST_INTENT),
        _reference(subject),
    )


def _policy_note(plan: TitrationPlan) -> str:
    return f"Titration under ldn policy {plan.policy.name!r}: {plan.policy.reason}"


def _request(
    frame: _Frame, medication: Resource, notes: list[dict[str, str]], dosages: list[Resource]
) -> Resource:
    """The one ``MedicationRequest`` skeleton: its contained medication, notes and dosages."""
    request: Resource = {
        "resourceType": "MedicationRequest",
        "contained": [medication],
        "status": frame.status,
        "intent": frame.intent,
        "subject": dict(frame.subject),
        "note": notes,
        "dosageInstruction": dosages,
    }
    reference = {"reference": f"#{_MEDICATION_ID}"}
    if frame.r5:
        request["medication"] = {"reference": reference}
    else:
        request["medicationReference"] = reference
    return request


def medication_request(
    plan: TitrationPlan,
    *,
    subject: str,
    formulation: OralLiquid | Filler | str = Filler.CELLULOSE,
    version: FhirVersion = "R5",
    status: str = "draft",
    intent: str = "order",
    medication_codings: Iterable[CodingLike] = (),
) -> Resource:
    """A plan as a FHIR ``MedicationRequest`` dict, with its medication contained.

    ``formulation`` is an :class:`~ldn.OralLiquid` (doses in mL) or a capsule
    :class:`~ldn.Filler` (doses in mg). A liquid dose that the syringe cannot
    measure raises, as :meth:`~ldn.OralLiquid.measure` does. ``status`` must exist
    in ``version`` (``ended`` is R5 only). ``medication_codings`` adds RxNorm,
    SNOMED CT or NZMT codes of the product to the medication's ATC code.
    """
    if not isinstance(plan, TitrationPlan):
        raise LdnTypeError("plan", describe(plan), "a TitrationPlan")
    frame = _frame(version, status, intent, subject)
    codings = _codings(medication_codings)
    chosen = formulation if isinstance(formulation, OralLiquid) else to_filler(formulation)
    max_ml: Decimal | None = None
    amount: Callable[[Dose], str] = str
    if isinstance(chosen, OralLiquid):
        # Each dose measured once, within the plan's policy (LDN-DOSE-MAX).
        measured = {dose: chosen.measure(dose, policy=plan.policy) for dose in plan.doses}
        amount = {dose: str(liquid) for dose, liquid in measured.items()}.__getitem__
        doses = [_quantity(measured[step.dose].volume.ml, "mL") for step in plan.steps]
        max_ml = _max_ml(plan, chosen)
    else:
        doses = [_quantity(step.dose.mg, "mg") for step in plan.steps]
    lines = plan.instructions(amount)
    request = _request(
        frame,
        _medication(chosen, codings, frame.r5),
        [{"text": _policy_note(plan)}],
        [
            _dosage(plan, (step.first_day, step.last_day), line, dose, sequence, max_ml, frame.r5)
            for sequence, (step, line, dose) in enumerate(
                zip(plan.steps, lines, doses, strict=True), start=1
            )
        ],
    )
    if frame.r5:
        request["renderedDosageInstruction"] = plan.instruction_text(amount)
        if plan.start_date is not None:
            request["effectiveDosePeriod"] = {"start": plan.start_date.isoformat()}
    return request


def _issue(
    finding: Finding, reference: dict[str, str], identified: str, r5: bool, canonical: Canonical
) -> Resource:
    """One DetectedIssue: the finding's code, its ActCode category, and its rule's URL.

    R5 has ``category``; R4 and R4B have none, so there the category is a second
    coding of ``code`` (whose preferred value set is the ActCode categories).
    """
    if finding.code not in FINDING_DISPLAY:
        raise ExportError(
            "finding code", repr(finding.code), f"one of {', '.join(sorted(FINDING_DISPLAY))}"
        )
    detail = (
        finding.message
        if finding.trigger is None
        else f"{finding.message} (trigger: {finding.trigger})"
    )
    codings = [
        {
            "system": canonical.finding,
            "code": finding.code,
            "display": FINDING_DISPLAY[finding.code],
        }
    ]
    issue: Resource = {"resourceType": "DetectedIssue", "status": "final"}
    if finding.code in FINDING_CATEGORY:
        act, display = FINDING_CATEGORY[finding.code]
        category = {"system": ACT_CODE_SYSTEM, "code": act, "display": display}
        if r5:
            issue["category"] = [{"coding": [category]}]
        else:
            codings.append(category)
    return issue | {
        "severity": _ISSUE_SEVERITY[finding.severity],
        "code": {"coding": codings, "text": finding.summary},
        ("subject" if r5 else "patient"): dict(reference),
        "identifiedDateTime": identified,
        "detail": detail,
        "reference": canonical.rule_url(finding.rule_id),
    }


def detected_issue(
    finding: Finding,
    *,
    subject: str,
    identified: dt.date | dt.datetime,
    version: FhirVersion = "R5",
    canonical: Canonical = DEFAULT_CANONICAL,
) -> Resource:
    """A screening finding as a FHIR ``DetectedIssue`` dict (severity high, moderate or low).

    ``identified`` is when the screening ran: a date, or a datetime with a time zone.
    The finding's code is written under ``canonical.finding``, its HL7 v3 ActCode
    category (where one fits) as ``category`` in R5 and as a second coding of
    ``code`` in R4 and R4B, and ``reference`` is the URL of its rule
    (:meth:`~ldn.fhir.Canonical.rule_url`).

    >>> import datetime as dt
    >>> from ldn import Patient, screen
    >>> finding = screen(Patient(medications=["tramadol"], opioid_use=True)).findings[0]
    >>> issue = detected_issue(finding, subject="Patient/1", identified=dt.date(2026, 12, 4))
    >>> issue["category"][0]["coding"][0]["code"], issue["reference"]
    ('DRG', 'https://ldn-dosing.readthedocs.io/en/latest/rules.html#rule-ldn-opioid')
    """
    if not isinstance(finding, Finding):
        raise LdnTypeError("finding", describe(finding), "a Finding")
    r5 = fhir_version(version) == "R5"
    return _issue(
        finding, _reference(subject), _identified(identified), r5, canonical_arg(canonical)
    )


def detected_issues(
    report: ScreeningReport,
    *,
    subject: str,
    identified: dt.date | dt.datetime,
    version: FhirVersion = "R5",
    include_info: bool = False,
    canonical: Canonical = DEFAULT_CANONICAL,
) -> list[Resource]:
    """The findings of a report as ``DetectedIssue`` dicts, most severe first.

    Counselling (info) findings are not clinical issues and are left out unless
    ``include_info`` is True. ``canonical`` names where the code systems and rules
    are published (see :func:`detected_issue`).
    """
    if not isinstance(report, ScreeningReport):
        raise LdnTypeError("report", describe(report), "a ScreeningReport")
    r5 = fhir_version(version) == "R5"
    reference = _reference(subject)
    when = _identified(identified)
    if not isinstance(include_info, bool):
        raise LdnTypeError("include_info", describe(include_info), "True or False")
    urls = canonical_arg(canonical)
    return [
        _issue(finding, reference, when, r5, urls)
        for finding in report.findings
        if include_info or finding.severity is not Severity.INFO
    ]


# -- regimens: the oral liquid while titrating, then capsules --------------------------


def regimen_requests(
    regimen: Regimen,
    *,
    subject: str,
    version: FhirVersion = "R5",
    status: str = "draft",
    intent: str = "order",
) -> list[Resource]:
    """A :class:`~ldn.Regimen` as FHIR ``MedicationRequest`` dicts, one per product.

    A regimen on one form gives one request. A regimen that switches from the oral
    liquid to capsules gives two: the liquid for the titration steps and the first
    nights of the maintenance dose (doses in mL, each step bounded; LDN-SWITCH),
    then the capsules (doses in mg) from the switch, stated as
    ``boundsPeriod.start``. The switch needs dates, so a switching regimen needs a
    plan with a start date. Each request contains its own ``Medication`` and a note
    naming the other. The liquid's dosages carry its handling as
    ``patientInstruction`` (a fresh bottle at least every ``liquid_bud_days``), and
    a liquid request with an end carries a ``dispenseRequest``: the mL of the
    bottles its nights take and those nights, with a note of the tablets
    (LDN-LIQUID-BUD).

    >>> import datetime as dt
    >>> from ldn import OralLiquid, Regimen, titrate
    >>> plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5",
    ...                start_date=dt.date(2026, 3, 2))
    >>> liquid, capsules = regimen_requests(Regimen(plan, liquid=OralLiquid.from_tablet()),
    ...                                     subject="Patient/1")
    >>> [d["text"] for d in liquid["dosageInstruction"]]
    ['3 mL (1.5 mg) of the oral liquid at bedtime for 14 days', '6 mL (3 mg) of the oral liquid at bedtime for 14 days', '9 mL (4.5 mg) of the oral liquid at bedtime for 14 days']
    >>> capsules["dosageInstruction"][0]["timing"]["repeat"]["boundsPeriod"]
    {'start': '2026-04-13'}
    >>> liquid["dispenseRequest"]["quantity"]["value"], liquid["dispenseRequest"]["expectedSupplyDuration"]["value"]
    (Decimal('400'), Decimal('42'))
    """
    if not isinstance(regimen, Regimen):
        raise LdnTypeError("regimen", describe(regimen), "a Regimen")
    frame = _frame(version, status, intent, subject)
    plan = regimen.plan
    lines = regimen.instructions()
    segments = regimen.segments()
    groups: list[tuple[OralLiquid | Filler, list[int]]] = []
    for index, (_, _, _, form) in enumerate(segments):
        liquid = regimen.liquid if form is Form.LIQUID else None
        product: OralLiquid | Filler = regimen.filler if liquid is None else liquid
        if groups and groups[-1][0] == product:
            groups[-1][1].append(index)
        else:
            groups.append((product, [index]))
    if len(groups) > 1 and plan.start_date is None:
        raise ExportError(
            "plan of a regimen that switches to capsules",
            f"a plan without a start date (capsules from day {regimen.switch_day})",
            "a plan with a start date, so that the capsules' first night is a date",
        )
    requests = []
    for number, (product, indexes) in enumerate(groups):
        dosages = []
        for sequence, index in enumerate(indexes, start=1):
            step, first, last, _ = segments[index]
            if isinstance(product, OralLiquid):
                measured = regimen.liquid_dose_on(first)
                assert measured is not None  # a liquid night is always measured
                dose = _quantity(measured.volume.ml, "mL")
            else:
                dose = _quantity(step.dose.mg, "mg")
            max_ml = _max_ml(plan, product) if isinstance(product, OralLiquid) else None
            dosage = _dosage(plan, (first, last), lines[index], dose, sequence, max_ml, frame.r5)
            dosages.append(dosage)
        notes = [{"text": _policy_note(plan)}]
        if len(groups) > 1:
            first_capsule_night = segments[groups[1][1][0]][1]
            notes.append(
                {
                    "text": "Oral liquid while titrating and for the first nights of the "
                    f"maintenance dose; capsules from {plan.date_of(first_capsule_night).isoformat()}"
                    " in a separate request."
                    if number == 0
                    else "Capsules at the maintenance dose, after the oral liquid "
                    "in a separate request."
                }
            )
        request = _request(frame, _medication(product, [], frame.r5), notes, dosages)
        last_night = segments[indexes[-1]][2]
        if isinstance(product, OralLiquid) and last_night is not None:
            request["dispenseRequest"] = _liquid_dispense(regimen, product, last_night)
            notes.append({"text": _bottles_note(regimen, product, last_night)})
        requests.append(request)
    return requests


def _liquid_dispense(regimen: Regimen, liquid: OralLiquid, last: int) -> Resource:
    """The liquid's dispense: its mL and nights, bottles counted to their beyond-use date."""
    whole, halves = liquid.bottle_counts(regimen.plan, 0, last, half_tablets=regimen.half_tablets)
    ml = Fraction(liquid.water.ml) * whole + Fraction(liquid.half.water.ml) * halves
    # Whole microlitres: a finite decimal, exact whatever the caller's context.
    volume = exact_decimal(cast(Decimal, fraction_to_decimal(ml)))
    return {
        "quantity": _quantity(volume, "mL"),
        "expectedSupplyDuration": {**_quantity(Decimal(last + 1), "d"), "unit": "days"},
    }


def _bottles_note(regimen: Regimen, liquid: OralLiquid, last: int) -> str:
    """The dispense in tablets, and the bottles the patient makes from them (LDN-LIQUID-BUD)."""
    whole, halves = liquid.bottle_counts(regimen.plan, 0, last, half_tablets=regimen.half_tablets)
    tablets = whole + -(-halves // 2)
    days = regimen.plan.policy.liquid_bud_days
    made = (
        f"{whole + halves} bottles, each of one {liquid.tablet} tablet in {liquid.water} of water"
    )
    if halves:
        made += f" ({halves} of half a tablet in {liquid.half.water})"
    return (
        f"Dispense {tablets} x {liquid.tablet} tablet for {made}; a fresh bottle is made at "
        f"least every {days} days and what is left is thrown away (LDN-LIQUID-BUD)."
    )
