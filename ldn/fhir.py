"""FHIR: a plan as a ``MedicationRequest``, findings as ``DetectedIssue`` resources, and a
``Patient`` to screen from a patient's FHIR medication list (:func:`patient_from_fhir`).

Output is plain ``dict`` data (no dependency), in FHIR R4/R4B or R5 shape, built
afresh on every call (editing one export never changes another):

* One ``dosageInstruction`` per plan step, ordered by ``sequence``; each once a
  day at bedtime (``timing.repeat.when = ["HS"]``, the FHIR code for LDN-TIMING),
  by mouth (``route``: SNOMED CT 26643006), bounded by ``boundsPeriod`` (dates) or
  ``boundsDuration`` (days) on every step but the open-ended last; on a dated plan
  the last step has ``boundsPeriod.start`` alone. The dose is a UCUM quantity: mg
  for capsules, mL for the oral liquid.
* ``maxDosePerPeriod`` carries the policy maximum per day (LDN-DOSE-MAX): one
  Ratio in R4/R4B, a list of Ratios in R5. A liquid plan states it in mL as well:
  a second Ratio in R5, ``maxDosePerAdministration`` in R4/R4B (one dose a day).
* R5 adds ``renderedDosageInstruction`` (the whole plan as text) and, for a dated
  plan, ``effectiveDosePeriod``.
* The medication is a contained ``Medication`` (naltrexone, ATC N07BB04, plus any
  RxNorm, SNOMED CT or NZMT coding the caller gives) with a coded dose form
  (SNOMED CT), the liquid's strength (LDN-LIQUID) or the capsule filler (LDN-FILLER).

Numbers are :class:`~decimal.Decimal` values, exact; :func:`to_json` writes them as
JSON numbers, digit for digit.

>>> from ldn import titrate, OralLiquid
>>> plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
>>> request = medication_request(plan, subject="Patient/example", formulation=OralLiquid.from_tablet())
>>> [d["doseAndRate"][0]["doseQuantity"]["value"] for d in request["dosageInstruction"]]
[Decimal('3'), Decimal('6'), Decimal('9')]
>>> to_json(request["dosageInstruction"][0]["doseAndRate"])
'[{"doseQuantity":{"value":3,"unit":"mL","system":"http://unitsofmeasure.org","code":"mL"}}]'
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Final, Literal, Protocol, TypeAlias, cast

from ldn._checks import describe, quoted, shown
from ldn._exact import canonical, fraction_to_decimal
from ldn._fhir_input import patient_from_fhir
from ldn.contraindication import Finding, ScreeningReport, Severity
from ldn.dose import Dose
from ldn.errors import ExportError, LdnTypeError
from ldn.formulation import Filler, OralLiquid, to_filler
from ldn.regimen import Form, Regimen
from ldn.schedule import InstructionLine, Step, TitrationPlan

__all__ = [
    "ATC_SYSTEM",
    "FINDING_DISPLAY",
    "FINDING_SYSTEM",
    "MEDICATION_SYSTEMS",
    "NZMT_SYSTEM",
    "REQUEST_STATUS",
    "RXNORM_SYSTEM",
    "SNOMED_SYSTEM",
    "UCUM",
    "CodingLike",
    "FhirVersion",
    "detected_issue",
    "detected_issues",
    "medication_request",
    "patient_from_fhir",
    "regimen_requests",
    "to_json",
]

#: The FHIR versions ``ldn`` writes. R4 and R4B share every element used here.
FhirVersion: TypeAlias = Literal["R4", "R4B", "R5"]
Resource: TypeAlias = dict[str, Any]

UCUM: Final = "http://unitsofmeasure.org"
ATC_SYSTEM: Final = "http://www.whocc.no/atc"
SNOMED_SYSTEM: Final = "http://snomed.info/sct"
RXNORM_SYSTEM: Final = "http://www.nlm.nih.gov/research/umls/rxnorm"
#: New Zealand Medicines Terminology, as the NZ Formulary FHIR guide names it.
NZMT_SYSTEM: Final = "http://nzmt.org.nz"
#: Code systems a caller may add a medication coding from, beside ATC.
MEDICATION_SYSTEMS: Final = frozenset({RXNORM_SYSTEM, SNOMED_SYSTEM, NZMT_SYSTEM})
#: The code system of ``ldn``'s finding codes (``opioid-use``, ...).
FINDING_SYSTEM: Final = "https://ldn-dosing.readthedocs.io/fhir/CodeSystem/finding"
#: One fixed display per finding code (``code.text`` carries the finding's own summary).
FINDING_DISPLAY: Final[Mapping[str, str]] = MappingProxyType(
    {
        "opioid-use": "Opioid use: do not start low dose naltrexone",
        "opioid-use-unconfirmed": "Opioid use not confirmed",
        "peripheral-opioid": "Peripheral opioid in the medication list",
        "opioid-antagonist": "Already taking an opioid antagonist",
        "medication-unrecognised": "Medication entry not recognised",
        "filler-sensitivity": "Capsule filler sensitivity",
        "hepatic-information": "Liver toxicity not a significant concern at low dose",
        "adverse-effects": "Common adverse effects, usually transient",
    }
)
_R4_STATUS: Final = frozenset(
    {
        "active",
        "on-hold",
        "cancelled",
        "completed",
        "entered-in-error",
        "stopped",
        "draft",
        "unknown",
    }
)
#: MedicationRequest.status codes per version: ``ended`` exists only in R5.
REQUEST_STATUS: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {"R4": _R4_STATUS, "R4B": _R4_STATUS, "R5": _R4_STATUS | {"ended"}}
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
_MEDICATION_ID: Final = "ldn-medication"
#: A FHIR ``code``: no leading or trailing whitespace, single spaces inside.
_FHIR_CODE: Final = re.compile(r"[^\s]+( [^\s]+)*")
# SNOMED CT: the oral route, and the dose forms (basic dose form concepts).
_ORAL: Final = ("26643006", "Oral route", "oral")
_CAPSULE: Final = ("385049006", "Capsule", "capsule")
_ORAL_SOLUTION: Final = ("385023001", "Oral solution", "oral solution")


class CodingLike(Protocol):
    """A code of a medication: ``ldn.Coding`` or any object with these attributes."""

    @property
    def system(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def display(self) -> str | None: ...


_VERSIONS: Final[dict[str, FhirVersion]] = {"R4": "R4", "R4B": "R4B", "R5": "R5"}


def _version(version: object) -> FhirVersion:
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
    atc = {"system": ATC_SYSTEM, "code": "N07BB04", "display": "naltrexone"}
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
    return canonical(cast(Decimal, fraction_to_decimal(volume)))


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
        form = _ORAL_SOLUTION
        ingredients = [_ingredient(_naltrexone(), True, strength, r5)]
    else:
        text = f"naltrexone capsules (compounded, {formulation} filler)"
        form = _CAPSULE
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
    step: Step,
    line: InstructionLine,
    dose: Resource,
    sequence: int,
    max_ml: Decimal | None,
    r5: bool,
) -> Resource:
    repeat: Resource = {"frequency": 1, "period": 1, "periodUnit": "d", "when": ["HS"]}
    if plan.start_date is not None:
        period = {"start": plan.date_of(step.first_day).isoformat()}
        if step.last_day is not None:
            period["end"] = plan.date_of(step.last_day).isoformat()
        repeat["boundsPeriod"] = period
    elif step.last_day is not None:
        days = Decimal(step.last_day - step.first_day + 1)
        repeat["boundsDuration"] = {**_quantity(days, "d"), "unit": "days"}
    ratios = [_day_ratio(_quantity(plan.policy.max_daily_dose.mg, "mg"))]
    if max_ml is not None and r5:
        ratios.append(_day_ratio(_quantity(max_ml, "mL")))
    dosage: Resource = {
        "sequence": sequence,
        "text": line.text,
        "timing": {"repeat": repeat},
        "route": _concept(_ORAL),
        "doseAndRate": [{"doseQuantity": dose}],
        "maxDosePerPeriod": ratios if r5 else ratios[0],
    }
    if max_ml is not None and not r5:
        dosage["maxDosePerAdministration"] = _quantity(max_ml, "mL")
    return dosage


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
    fhir_version = _version(version)
    r5 = fhir_version == "R5"
    chosen_status = _choice(f"{fhir_version} status", status, REQUEST_STATUS[fhir_version])
    chosen_intent = _choice("intent", intent, _REQUEST_INTENT)
    reference = _reference(subject)
    codings = _codings(medication_codings)
    chosen = formulation if isinstance(formulation, OralLiquid) else to_filler(formulation)
    max_ml: Decimal | None = None
    amount: Callable[[Dose], str] = str
    if isinstance(chosen, OralLiquid):
        measured = {dose: chosen.measure(dose) for dose in plan.doses}  # each dose measured once
        amount = {dose: str(liquid) for dose, liquid in measured.items()}.__getitem__
        doses = [_quantity(measured[step.dose].volume.ml, "mL") for step in plan.steps]
        max_ml = _max_ml(plan, chosen)
    else:
        doses = [_quantity(step.dose.mg, "mg") for step in plan.steps]
    lines = plan.instructions(amount)
    note = f"Titration under ldn policy {plan.policy.name!r}: {plan.policy.reason}"
    request: Resource = {
        "resourceType": "MedicationRequest",
        "contained": [_medication(chosen, codings, r5)],
        "status": chosen_status,
        "intent": chosen_intent,
        "subject": reference,
        "note": [{"text": note}],
        "dosageInstruction": [
            _dosage(plan, step, line, dose, sequence, max_ml, r5)
            for sequence, (step, line, dose) in enumerate(
                zip(plan.steps, lines, doses, strict=True), start=1
            )
        ],
    }
    medication = {"reference": f"#{_MEDICATION_ID}"}
    if r5:
        request["medication"] = {"reference": medication}
        request["renderedDosageInstruction"] = plan.instruction_text(amount)
        if plan.start_date is not None:
            request["effectiveDosePeriod"] = {"start": plan.start_date.isoformat()}
    else:
        request["medicationReference"] = medication
    return request


def _issue(finding: Finding, reference: dict[str, str], identified: str, r5: bool) -> Resource:
    if finding.code not in FINDING_DISPLAY:
        raise ExportError(
            "finding code", repr(finding.code), f"one of {', '.join(sorted(FINDING_DISPLAY))}"
        )
    detail = (
        finding.message
        if finding.trigger is None
        else f"{finding.message} (trigger: {finding.trigger})"
    )
    coding = {
        "system": FINDING_SYSTEM,
        "code": finding.code,
        "display": FINDING_DISPLAY[finding.code],
    }
    return {
        "resourceType": "DetectedIssue",
        "status": "final",
        "severity": _ISSUE_SEVERITY[finding.severity],
        "code": {"coding": [coding], "text": finding.summary},
        ("subject" if r5 else "patient"): dict(reference),
        "identifiedDateTime": identified,
        "detail": detail,
        "reference": f"urn:ldn:rule:{finding.rule_id}",
    }


def detected_issue(
    finding: Finding,
    *,
    subject: str,
    identified: dt.date | dt.datetime,
    version: FhirVersion = "R5",
) -> Resource:
    """A screening finding as a FHIR ``DetectedIssue`` dict (severity high, moderate or low).

    ``identified`` is when the screening ran: a date, or a datetime with a time zone.
    """
    if not isinstance(finding, Finding):
        raise LdnTypeError("finding", describe(finding), "a Finding")
    r5 = _version(version) == "R5"
    return _issue(finding, _reference(subject), _identified(identified), r5)


def detected_issues(
    report: ScreeningReport,
    *,
    subject: str,
    identified: dt.date | dt.datetime,
    version: FhirVersion = "R5",
    include_info: bool = False,
) -> list[Resource]:
    """The findings of a report as ``DetectedIssue`` dicts, most severe first.

    Counselling (info) findings are not clinical issues and are left out unless
    ``include_info`` is True.
    """
    if not isinstance(report, ScreeningReport):
        raise LdnTypeError("report", describe(report), "a ScreeningReport")
    r5 = _version(version) == "R5"
    reference = _reference(subject)
    when = _identified(identified)
    if not isinstance(include_info, bool):
        raise LdnTypeError("include_info", describe(include_info), "True or False")
    return [
        _issue(finding, reference, when, r5)
        for finding in report.findings
        if include_info or finding.severity is not Severity.INFO
    ]


# -- JSON ------------------------------------------------------------------------------


#: The deepest nesting :func:`to_json` writes (FHIR resources nest a dozen levels).
_MAX_JSON_DEPTH: Final = 200
#: The widest indent :func:`to_json` takes.
_MAX_JSON_INDENT: Final = 100
#: A JSON number is written with at most this many places before or after the point.
_MAX_PLACES: Final = 1000


def _json_number(value: Decimal) -> str:
    if not value.is_finite():
        raise ExportError("a FHIR number", shown(value), "finite (JSON has no NaN or Infinity)")
    if not -_MAX_PLACES <= value.adjusted() <= _MAX_PLACES:
        raise ExportError(
            "a FHIR number", shown(value), f"within 10**-{_MAX_PLACES} to 10**{_MAX_PLACES}"
        )
    return format(value, "f")


def _write(value: object, out: list[str], indent: int | None, depth: int, open_: set[int]) -> None:
    if isinstance(value, str):
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, bool):
        out.append("true" if value else "false")
    elif isinstance(value, int):
        if not -(2**63) <= value < 2**63:
            raise ExportError(
                "a FHIR integer", shown(value), "from -2**63 to 2**63 - 1 (FHIR integer64)"
            )
        out.append(str(value))
    elif isinstance(value, Decimal):
        out.append(_json_number(value))
    elif isinstance(value, dict | list | tuple):
        if id(value) in open_:
            raise ExportError("a FHIR resource", "a structure that contains itself", "a tree")
        if depth >= _MAX_JSON_DEPTH:
            raise ExportError(
                "a FHIR resource",
                f"a structure nested deeper than {_MAX_JSON_DEPTH} levels",
                f"at most {_MAX_JSON_DEPTH} levels deep",
            )
        open_.add(id(value))
        items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        brackets = "{}" if isinstance(value, dict) else "[]"
        pad = "" if indent is None else "\n" + " " * (indent * (depth + 1))
        out.append(brackets[0])
        for position, (key, item) in enumerate(items):
            if position:
                out.append(",")
            out.append(pad)
            if isinstance(value, dict):
                if not isinstance(key, str):
                    raise LdnTypeError("a FHIR member name", describe(key), "a str")
                out.append(json.dumps(key, ensure_ascii=False) + (":" if indent is None else ": "))
            _write(item, out, indent, depth + 1, open_)
        if items and indent is not None:
            out.append("\n" + " " * (indent * depth))
        out.append(brackets[1])
        open_.discard(id(value))
    elif value is None:
        raise ExportError("a FHIR value", "None", "present (FHIR JSON has no null; leave it out)")
    else:
        hint = " (use Decimal for numbers)" if isinstance(value, float) else ""
        raise LdnTypeError(
            "a FHIR value", describe(value), f"a str, bool, int, Decimal, dict or list{hint}"
        )


def to_json(resource: Mapping[str, Any] | list[Any], *, indent: int | None = None) -> str:
    """A resource (or any part of one) as JSON text, every number exact.

    A :class:`~decimal.Decimal` is written as a JSON number with exactly its digits
    (``Decimal('0.5')`` as ``0.5``), never as a string or a rounded float. Floats
    and ``None`` are refused: FHIR JSON has no null, and a float is not exact.
    ``indent`` pretty-prints, as :func:`json.dumps` does (0 to 100 spaces). An int
    must fit FHIR's integer64, a Decimal's digits must lie within 10**-1000 to
    10**1000, and nesting is refused past 200 levels: each with an LdnError.

    >>> to_json({"value": Decimal("4.5"), "code": "mg"})
    '{"value":4.5,"code":"mg"}'
    """
    if not isinstance(resource, Mapping | list):
        raise LdnTypeError("resource", describe(resource), "a dict (a FHIR resource)")
    if indent is not None and (
        isinstance(indent, bool)
        or not isinstance(indent, int)
        or not 0 <= indent <= _MAX_JSON_INDENT
    ):
        raise LdnTypeError("indent", shown(indent), f"None or an int from 0 to {_MAX_JSON_INDENT}")
    out: list[str] = []
    _write(dict(resource) if isinstance(resource, Mapping) else resource, out, indent, 0, set())
    return "".join(out)


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
    liquid to capsules at maintenance gives two: the liquid for the titration
    steps (doses in mL, each step bounded), then the capsules (doses in mg) from
    the first maintenance night, stated as ``boundsPeriod.start``. The switch needs
    dates, so a switching regimen needs a plan with a start date. Each request
    contains its own ``Medication`` and a note naming the other.

    >>> import datetime as dt
    >>> from ldn import OralLiquid, Regimen, titrate
    >>> plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5",
    ...                start_date=dt.date(2026, 3, 2))
    >>> liquid, capsules = regimen_requests(Regimen(plan, liquid=OralLiquid.from_tablet()),
    ...                                     subject="Patient/1")
    >>> [d["text"] for d in liquid["dosageInstruction"]]
    ['3 mL (1.5 mg) of the oral liquid at bedtime for 14 days', '6 mL (3 mg) of the oral liquid at bedtime for 14 days']
    >>> capsules["dosageInstruction"][0]["timing"]["repeat"]["boundsPeriod"]
    {'start': '2026-03-30'}
    """
    if not isinstance(regimen, Regimen):
        raise LdnTypeError("regimen", describe(regimen), "a Regimen")
    fhir_version = _version(version)
    r5 = fhir_version == "R5"
    checked_status = _choice(f"{fhir_version} status", status, REQUEST_STATUS[fhir_version])
    checked_intent = _choice("intent", intent, _REQUEST_INTENT)
    reference = _reference(subject)
    plan = regimen.plan
    lines = regimen.instructions()
    groups: list[tuple[OralLiquid | Filler, list[int]]] = []
    for index, step in enumerate(plan.steps):
        liquid = regimen.liquid if regimen.form_on(step.first_day) is Form.LIQUID else None
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
    policy_note = f"Titration under ldn policy {plan.policy.name!r}: {plan.policy.reason}"
    requests = []
    for number, (product, indexes) in enumerate(groups):
        dosages = []
        for sequence, index in enumerate(indexes, start=1):
            step = plan.steps[index]
            if isinstance(product, OralLiquid):
                measured = regimen.liquid_dose_on(step.first_day)
                assert measured is not None  # a liquid night is always measured
                dose = _quantity(measured.volume.ml, "mL")
            else:
                dose = _quantity(step.dose.mg, "mg")
            max_ml = _max_ml(plan, product) if isinstance(product, OralLiquid) else None
            dosage = _dosage(plan, step, lines[index], dose, sequence, max_ml, r5)
            if number > 0 and step.last_day is None:  # the capsules' open-ended start
                start = plan.date_of(step.first_day).isoformat()
                dosage["timing"]["repeat"]["boundsPeriod"] = {"start": start}
            dosages.append(dosage)
        notes = [{"text": policy_note}]
        if len(groups) > 1:
            first = plan.steps[groups[1][1][0]].first_day
            notes.append(
                {
                    "text": "Oral liquid while titrating; capsules from "
                    f"{plan.date_of(first).isoformat()} in a separate request."
                    if number == 0
                    else "Capsules at the maintenance dose, after the oral liquid titration "
                    "in a separate request."
                }
            )
        request: Resource = {
            "resourceType": "MedicationRequest",
            "contained": [_medication(product, [], r5)],
            "status": checked_status,
            "intent": checked_intent,
            "subject": dict(reference),
            "note": notes,
            "dosageInstruction": dosages,
        }
        medication = {"reference": f"#{_MEDICATION_ID}"}
        if r5:
            request["medication"] = {"reference": medication}
        else:
            request["medicationReference"] = medication
        requests.append(request)
    return requests
