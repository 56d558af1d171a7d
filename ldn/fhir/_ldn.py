"""The patient's own low dose naltrexone in a FHIR record (LDN-CONTINUE). Private.

Read by :func:`ldn.fhir.ldn_course` and :func:`ldn.fhir.patient_and_course`. Each medication resource that names
naltrexone alone (:meth:`~ldn.opioids.Vocabulary.names_alone`) is read as the
patient's own LDN when it gives at most the policy's daily maximum, or names
LDN, low dose or a compounded product; naltrexone at a higher or unknown dose
stays an antagonist (LDN-ANTAGONIST). Its status and last day come from the same
history reader as screening's (:mod:`ldn.fhir._history`); its daily dose from its
dosage (requests and dispenses: ``dosageInstruction``; statements: ``dosage``;
administrations: ``dosage.dose``), else from a strength in its text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from ldn.contraindication import LdnUse
from ldn.errors import LdnError
from ldn.fhir._history import request_end
from ldn.fhir._orders import daily_doses
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


def is_low_dose(entries: list[Medication], daily: Fraction | None, policy: Policy) -> bool:
    """Whether naltrexone entries are LDN: named so, or at a daily dose within the maximum."""
    if any(LOW_DOSE_WORDS.search(text) for text in _texts(entries)):
        return True
    return daily is not None and policy.allows_daily(daily)


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


def _daily(
    reader: Reader, label: str, resource: Mapping[str, Any], entries: list[Medication]
) -> Fraction | None:
    """The daily dose a resource gives: the lowest of its dosage steps, else of its text's strengths."""
    kind = resource["resourceType"]
    if kind == "MedicationAdministration":
        doses = _administered_dose(resource)
    else:
        doses = daily_doses(reader, resource, label, _DOSAGE[kind])
    if not doses:
        doses = tuple(
            Fraction(found) for text in _texts(entries) for found in _STRENGTH.findall(text)
        )
    positive = [dose for dose in doses if dose > 0]
    return min(positive) if positive else None


def ldn_use(
    reader: Reader,
    label: str,
    resource: Mapping[str, Any],
    entries: list[Medication],
    *,
    policy: Policy,
    vocabulary: Vocabulary,
) -> LdnUse | None:
    """The patient's own LDN that one medication resource records (``entries``: what the
    history reader read in it), or None when it is not LDN."""
    if not entries or not vocabulary.names_alone(entries, "naltrexone"):
        return None
    daily = _daily(reader, label, resource, entries)
    if not is_low_dose(entries, daily, policy):
        return None
    kind = resource["resourceType"]
    ends = None
    if kind in _ORDERS:
        try:
            ends = request_end(resource, label)
        except LdnError:
            ends = None  # screening names the date it cannot read
    identifier = resource.get("id")
    first = entries[0]
    return LdnUse(
        where=label,
        current=first.status is MedicationStatus.CURRENT,
        last_taken=first.last_taken,
        daily_dose=daily,
        order=kind in _ORDERS,
        ends=ends,
        reference=f"{kind}/{identifier}" if isinstance(identifier, str) and identifier else None,
    )
