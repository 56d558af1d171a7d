"""The recorded confirmation of opioid use or its absence: a FHIR Observation (LDN-CONFIRM). Private.

No standard LOINC or SNOMED CT code names "opioid use within an interval" as an
observable (the nearest LOINC questions, such as the TAPS tool's, ask about misuse,
not use), so the library reads and writes its own code by default
(:data:`CONFIRMATION_CODES`) and the integrator may pass its own. The value codes
are standard: SNOMED CT qualifier values and LOINC answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final

from attrs import field, frozen

from ldn._checks import describe
from ldn._validators import instance_of
from ldn.errors import ScreeningError
from ldn.fhir._codes import SNOMED_SYSTEM
from ldn.fhir._dates import exact_day, last_day
from ldn.fhir._reader import json_object, read_concept
from ldn.medication import Coding
from ldn.monograph import Policy

__all__ = [
    "ABSENT_VALUES",
    "CONFIRMATION_CODES",
    "CONFIRMATION_SYSTEM",
    "CONFIRMING_STATUSES",
    "LOINC_SYSTEM",
    "PRESENT_VALUES",
    "Confirmation",
    "read_confirmation",
]

#: LOINC, as FHIR names it.
LOINC_SYSTEM: Final = "http://loinc.org"
#: The library's own code system for what it records (no standard code exists).
CONFIRMATION_SYSTEM: Final = "https://ldn-dosing.readthedocs.io/fhir/CodeSystem/observation"
#: The codings of an Observation that records whether the patient took an opioid within
#: the opioid-free interval (LDN-CONFIRM): read by :func:`~ldn.fhir.patient_from_fhir`
#: and written by the services that record a confirmation.
CONFIRMATION_CODES: Final = (
    Coding(
        CONFIRMATION_SYSTEM,
        "opioid-use",
        "Opioid use within the opioid-free interval before low dose naltrexone",
    ),
)
#: Values that confirm no opioid use: SNOMED CT 373067005 No, 2667000 Absent,
#: 260385009 Negative; LOINC answer LA32-8 No.
ABSENT_VALUES: Final = frozenset(
    {
        (SNOMED_SYSTEM, "373067005"),
        (SNOMED_SYSTEM, "2667000"),
        (SNOMED_SYSTEM, "260385009"),
        (LOINC_SYSTEM, "LA32-8"),
    }
)
#: Values that record opioid use: SNOMED CT 373066001 Yes, 52101004 Present,
#: 10828004 Positive; LOINC answer LA33-6 Yes.
PRESENT_VALUES: Final = frozenset(
    {
        (SNOMED_SYSTEM, "373066001"),
        (SNOMED_SYSTEM, "52101004"),
        (SNOMED_SYSTEM, "10828004"),
        (LOINC_SYSTEM, "LA33-6"),
    }
)
#: Observation statuses whose value stands (``corrected`` is FHIR's kind of ``amended``).
CONFIRMING_STATUSES: Final = frozenset({"final", "amended", "corrected"})


@frozen
class Confirmation:
    """What one Observation says: opioid use (True) or its absence (False), where and when."""

    opioid_use: bool = field(validator=instance_of(bool, "True or False"))
    evidence: str = field(validator=instance_of(str, "a str"))


def _is_confirmation(
    resource: Mapping[str, Any], label: str, codes: frozenset[tuple[str, str]]
) -> bool:
    code = json_object(resource, "code", label)
    if code is None:
        return False
    read = read_concept(code, f"{label}.code")
    return any((c.system, c.code) in codes for c in read.codings)


def _value(resource: Mapping[str, Any], label: str) -> bool:
    """True for a "yes/present/positive" value, False for "no/absent/negative"; else an error."""
    if isinstance(resource.get("valueBoolean"), bool):
        return bool(resource["valueBoolean"])
    concept = json_object(resource, "valueCodeableConcept", label)
    codes = (
        set()
        if concept is None
        else {(c.system, c.code) for c in read_concept(concept, f"{label}.value").codings}
    )
    if codes & PRESENT_VALUES:
        return True
    if codes & ABSENT_VALUES:
        return False
    given = next((resource[name] for name in resource if name.startswith("value")), None)
    raise ScreeningError(
        f"{label}.value",
        describe(given),
        "valueBoolean, or a coded yes/present/positive or no/absent/negative",
    )


def _effective(resource: Mapping[str, Any], label: str, opioid_use: bool) -> dt.date:
    """The day an Observation was made: to the day to confirm; the last day it may mean for use."""
    value = resource.get("effectiveDateTime", resource.get("effectiveInstant"))
    where = f"{label}.effectiveDateTime"
    if value is None:
        period = json_object(resource, "effectivePeriod", label) or {}
        value, where = period.get("end", period.get("start")), f"{label}.effectivePeriod"
    day = last_day(value, where) if opioid_use else exact_day(value, where)
    if day is None:
        raise ScreeningError(where, "none", "the date the observation was made")
    return day


def read_confirmation(
    resource: Mapping[str, Any],
    label: str,
    *,
    codes: frozenset[tuple[str, str]],
    as_of: dt.date | None,
    policy: Policy,
) -> Confirmation | None:
    """What an Observation with one of ``codes`` says, or None when it says nothing that counts.

    Only a status of :data:`CONFIRMING_STATUSES` counts. A "present" value counts
    when it is dated no more than ``policy.confirmation_days`` before ``as_of`` (or
    later), or when there is no ``as_of``; an "absent" value confirms only when
    :meth:`~ldn.monograph.Policy.allows_confirmation_age` accepts its age in days
    before ``as_of``. A confirming Observation whose value or date cannot be read
    raises, so that the caller names it.
    """
    if not _is_confirmation(resource, label, codes):
        return None
    if resource.get("status") not in CONFIRMING_STATUSES:
        return None
    opioid_use = _value(resource, label)
    day = _effective(resource, label, opioid_use)
    evidence = f"{label} ({day.isoformat()})"
    if as_of is None:
        return Confirmation(True, evidence) if opioid_use else None
    age = (as_of - day).days
    if opioid_use:
        return Confirmation(True, evidence) if age <= policy.confirmation_days else None
    return Confirmation(False, evidence) if policy.allows_confirmation_age(age) else None
