"""The patient's own low dose naltrexone in a FHIR record (LDN-CONTINUE). Private.

Read by :func:`ldn.fhir.ldn_course` and :func:`ldn.fhir.patient_and_course`. Each
medication resource that names naltrexone alone
(:meth:`~ldn.opioids.Vocabulary.names_alone`) is read as the patient's own LDN when
it gives at most the policy's daily maximum, or names LDN, low dose or a compounded
product; naltrexone at a higher or unknown dose stays an antagonist (LDN-ANTAGONIST). Its status and last day come from the same
history reader as screening's (:mod:`ldn.fhir._history`); its daily dose from its
dosage (requests and dispenses: ``dosageInstruction``; statements: ``dosage``;
administrations: ``dosage.dose``), else from a strength in its text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from ldn._checks import days_after
from ldn.contraindication import LdnUse
from ldn.errors import LdnError
from ldn.fhir._dates import exact_day
from ldn.fhir._history import request_end
from ldn.fhir._orders import DosageStep, record_steps
from ldn.fhir._reader import Reader
from ldn.medication import Medication, MedicationStatus
from ldn.monograph import Policy
from ldn.opioids import Vocabulary

__all__ = ["LOW_DOSE_WORDS", "is_low_dose", "ldn_use"]

#: Words that name naltrexone as low dose whatever its strength (LDN-CONTINUE).
LOW_DOSE_WORDS: Final = re.compile(r"\b(?:ldn|low[\s-]*dose|compounded)\b", re.IGNORECASE)
#: A strength in mg in a text ("4.5 mg", "1.5mg").
_STRENGTH: Final = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d{1,4})?)\s*mg\b", re.IGNORECASE)
#: The member holding each resource type's Dosage list.
_DOSAGE: Final = {
    "MedicationRequest": "dosageInstruction",
    "MedicationOrder": "dosageInstruction",
    "MedicationDispense": "dosageInstruction",
    "MedicationStatement": "dosage",
    "MedicationUsage": "dosage",
}
_ORDERS: Final = frozenset({"MedicationRequest", "MedicationOrder"})


def _texts(entries: list[Medication]) -> list[str]:
    return [text for entry in entries for text in entry.texts]


def is_low_dose(entries: list[Medication], doses: tuple[Fraction, ...], policy: Policy) -> bool:
    """Whether naltrexone entries are LDN: named so, or every daily dose within the maximum."""
    if any(LOW_DOSE_WORDS.search(text) for text in _texts(entries)):
        return True
    return bool(doses) and all(policy.allows_daily(dose) for dose in doses)


def _administered_dose(resource: Mapping[str, Any]) -> tuple[Fraction, ...]:
    dosage = resource.get("dosage")
    dose = dosage.get("dose") if isinstance(dosage, Mapping) else None
    if not isinstance(dose, Mapping) or dose.get("code", dose.get("unit")) != "mg":
        return ()
    value = dose.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return ()
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite() or not 0 < number < 1000:
        return ()
    return (Fraction(number),)


#: Where each resource type says when its dosing began (the anchor of undated steps).
_BEGUN: Final = {
    "MedicationRequest": (
        "dispenseRequest.validityPeriod.start",
        "effectiveDosePeriod.start",
        "authoredOn",
    ),
    "MedicationOrder": ("dispenseRequest.validityPeriod.start", "dateWritten"),
    "MedicationDispense": ("whenHandedOver", "whenPrepared"),
    "MedicationStatement": ("effectivePeriod.start", "effectiveDateTime"),
    "MedicationUsage": ("effectivePeriod.start", "effectiveDateTime"),
}


def _begun(resource: Mapping[str, Any]) -> dt.date | None:
    """The first day of a resource's dosing, where it says (else None, never an error)."""
    for path in _BEGUN[resource["resourceType"]]:
        value: object = resource
        for name in path.split("."):
            value = value.get(name) if isinstance(value, Mapping) else None
        try:
            day = exact_day(value, path)
        except LdnError:
            day = None
        if day is not None:
            return day
    return None


def _in_force(
    steps: tuple[DosageStep, ...], begun: dt.date | None, day: dt.date | None
) -> Fraction | None:
    """The daily dose of the step in force on ``day``: from the steps' own start dates,
    else counted from ``begun`` through each step's days; None when that cannot be told."""
    if len(steps) == 1:
        return steps[0].daily
    if day is None:
        return None
    starts: list[dt.date | None] = [step.start for step in steps]
    if None in starts and begun is not None:
        counted: list[dt.date | None] = [begun]
        for step in steps[:-1]:
            last = counted[-1]
            counted.append(
                None if last is None or step.days is None else days_after(last, step.days)
            )
        starts = counted
    if None in starts:
        return None
    current = steps[0].daily  # a day before the first step: the first dose
    for index, step in enumerate(steps):
        start = starts[index]
        assert start is not None
        if start <= day:
            current = step.daily
    return current


def _doses(
    reader: Reader,
    label: str,
    resource: Mapping[str, Any],
    entries: list[Medication],
    day: dt.date | None,
) -> tuple[tuple[Fraction, ...], Fraction | None]:
    """Every daily dose a resource gives, and the one in force on ``day`` (None: unknown).

    From its dosage steps (a titration's step in force, by the steps' dates or counted
    from when the dosing began), else from the mg strengths in its text (the lowest).
    """
    kind = resource["resourceType"]
    if kind == "MedicationAdministration":
        given = _administered_dose(resource)
        return given, (given[0] if given else None)
    steps = record_steps(reader, resource, label, _DOSAGE[kind])
    if steps:
        return tuple(step.daily for step in steps), _in_force(steps, _begun(resource), day)
    strengths = tuple(
        Fraction(found) for text in _texts(entries) for found in _STRENGTH.findall(text)
    )
    positive = tuple(dose for dose in strengths if dose > 0)
    return positive, (min(positive) if positive else None)


def ldn_use(
    reader: Reader,
    label: str,
    resource: Mapping[str, Any],
    entries: list[Medication],
    *,
    as_of: dt.date | None,
    policy: Policy,
    vocabulary: Vocabulary,
) -> LdnUse | None:
    """The patient's own LDN that one medication resource records (``entries``: what the
    history reader read in it), or None when it is not LDN. Its dose is the one in force
    on its last day, or on ``as_of`` while it is current."""
    if not entries or not vocabulary.names_alone(entries, "naltrexone"):
        return None
    first = entries[0]
    current = first.status is MedicationStatus.CURRENT
    # A current use reaches the first dose's day (a dispense's supply covers it): its dose
    # is the one in force then; a stopped one's, on its last day where known.
    day = as_of if current or first.last_taken is None else first.last_taken
    doses, daily = _doses(reader, label, resource, entries, day)
    if not is_low_dose(entries, doses, policy):
        return None
    kind = resource["resourceType"]
    ends = None
    if kind in _ORDERS:
        try:
            ends = request_end(resource, label)
        except LdnError:
            ends = None  # screening names the date it cannot read
    identifier = resource.get("id")
    return LdnUse(
        where=label,
        current=current,
        last_taken=first.last_taken,
        daily_dose=daily,
        order=kind in _ORDERS,
        ends=ends,
        reference=f"{kind}/{identifier}" if isinstance(identifier, str) and identifier else None,
    )
