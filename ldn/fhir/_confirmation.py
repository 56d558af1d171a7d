"""The recorded confirmation of opioid use or its absence: a FHIR Observation (LDN-CONFIRM). Private.

No standard LOINC or SNOMED CT code names "opioid use within an interval" as an
observable (the nearest LOINC questions, such as the TAPS tool's, ask about misuse,
not use), so the library reads and writes its own code by default
(:data:`CONFIRMATION_CODES`) and the integrator may pass its own. The value codes
are standard: SNOMED CT qualifier values and LOINC answers.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

from attrs import field, frozen

from ldn._checks import describe, plain_date
from ldn._validators import instance_of
from ldn.errors import LdnTypeError, ScreeningError
from ldn.fhir._canonical import DEFAULT_CANONICAL, Canonical, canonical_arg
from ldn.fhir._codes import OBSERVATIONS, SNOMED_SYSTEM
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
    "confirmation_codes_of",
    "confirmation_observation",
    "read_confirmation",
]

#: LOINC, as FHIR names it.
LOINC_SYSTEM: Final = "http://loinc.org"
#: The library's own code system for what it records (no standard code exists).
CONFIRMATION_SYSTEM: Final = DEFAULT_CANONICAL.observation


def _own_codes(canonical: Canonical) -> tuple[Coding, ...]:
    return tuple(
        Coding(canonical.observation, code, concept.display)
        for code, concept in OBSERVATIONS.items()
    )


#: The codings of an Observation that records whether the patient took an opioid within
#: the opioid-free interval (LDN-CONFIRM): read by :func:`~ldn.fhir.patient_from_fhir`
#: and written by the services that record a confirmation.
CONFIRMATION_CODES: Final = _own_codes(DEFAULT_CANONICAL)
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
    given = next(
        (resource[name] for name in resource if isinstance(name, str) and name.startswith("value")),
        None,
    )
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
    status = resource.get("status")
    if not isinstance(status, str) or status not in CONFIRMING_STATUSES:
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


def confirmation_codes_of(
    value: object, *, canonical: Canonical = DEFAULT_CANONICAL
) -> tuple[Coding, ...]:
    """The codings a confirmation is read and written under: ``value`` (a non-empty
    collection of :class:`~ldn.medication.Coding`), or for None the library's own code
    under ``canonical`` (:data:`CONFIRMATION_CODES` by default).

    >>> confirmation_codes_of(None) == CONFIRMATION_CODES
    True
    >>> from ldn.fhir import Canonical
    >>> confirmation_codes_of(None, canonical=Canonical("https://example.org"))[0].system
    'https://example.org/fhir/CodeSystem/observation'
    """
    canonical = canonical_arg(canonical)
    if value is None:
        return _own_codes(canonical)
    if isinstance(value, str | bytes | Coding) or not isinstance(value, Iterable):
        raise LdnTypeError("confirmation_codes", describe(value), "a collection of Coding")
    codes = tuple(value)
    if not codes or not all(isinstance(code, Coding) for code in codes):
        raise LdnTypeError(
            "confirmation_codes", describe(value), "a non-empty collection of Coding"
        )
    return codes


#: The category of the Observation written (HL7 observation-category: social history).
_CATEGORY: Final = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "social-history",
            "display": "Social History",
        }
    ]
}
#: The reference types a performer may have, by the R4 Observation.performer definition.
_PERFORMERS: Final = ("Practitioner", "PractitionerRole", "Patient", "RelatedPerson")


def _reference(value: object, name: str, kinds: tuple[str, ...]) -> str:
    """A relative ``Type/id`` reference to one of ``kinds`` (FHIR id: 1-64 of [A-Za-z0-9-.])."""
    if isinstance(value, str):
        kind, _, identifier = value.partition("/")
        if kind in kinds and re.fullmatch(r"[A-Za-z0-9\-.]{1,64}", identifier):
            return value
    raise LdnTypeError(
        name, describe(value), f"a reference {' or '.join(k + '/id' for k in kinds)}"
    )


def confirmation_observation(
    subject: str,
    *,
    on: dt.date,
    opioid_use: bool = False,
    performer: str | None = None,
    code: Coding | None = None,
    canonical: Canonical = DEFAULT_CANONICAL,
) -> dict[str, Any]:
    """The Observation that records a confirmation of opioid use or its absence (LDN-CONFIRM).

    ``subject`` is the patient (``Patient/id``), ``on`` the day it was confirmed,
    ``opioid_use`` what was confirmed (False: no opioid taken within the
    opioid-free interval, SNOMED CT 373067005 No; True: 373066001 Yes),
    ``performer`` who confirmed it (``Practitioner/id`` and the like), ``code``
    the coding it is recorded under (one of the integrator's
    ``confirmation_codes``; None: the library's own, under ``canonical``, by
    default :data:`CONFIRMATION_CODES`). Status ``final``,
    category social history; the same shape in R4, R4B and R5. Read back by
    :func:`~ldn.fhir.patient_from_fhir`, it confirms for ``confirmation_days``
    days.

    >>> import datetime as dt
    >>> observation = confirmation_observation("Patient/p1", on=dt.date(2026, 12, 3))
    >>> observation["valueCodeableConcept"]["coding"][0]["display"], observation["effectiveDateTime"]
    ('No', '2026-12-03')
    """
    _reference(subject, "subject", ("Patient",))
    plain_date(on, "on", "a datetime.date")
    if not isinstance(opioid_use, bool):
        raise LdnTypeError("opioid_use", describe(opioid_use), "True or False")
    canonical = canonical_arg(canonical)
    if code is None:
        code = _own_codes(canonical)[0]
    elif not isinstance(code, Coding):
        raise LdnTypeError("code", describe(code), "a Coding or None")
    value = ("373066001", "Yes") if opioid_use else ("373067005", "No")
    coding = {"system": code.system, "code": code.code}
    if code.display is not None:
        coding["display"] = code.display
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [copy.deepcopy(_CATEGORY)],
        "code": {
            "coding": [coding],
            "text": "Opioid use within the opioid-free interval before low dose naltrexone",
        },
        "subject": {"reference": subject},
        "effectiveDateTime": on.isoformat(),
    }
    if performer is not None:
        observation["performer"] = [{"reference": _reference(performer, "performer", _PERFORMERS)}]
    observation["valueCodeableConcept"] = {
        "coding": [{"system": SNOMED_SYSTEM, "code": value[0], "display": value[1]}],
        "text": "Opioid taken within the interval"
        if opioid_use
        else "No opioid taken within the interval",
    }
    return observation
