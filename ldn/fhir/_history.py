"""The medication history in a FHIR record: what each medication resource says was taken, and when.

Private: :func:`ldn.fhir.patient_from_fhir` reads every resource through
:func:`read_history`. Each medication resource gives its entries with a status
(current or stopped) and, when stopped, the last day taken (LDN-OPIOID-FREE), or
nothing when it records no use at all (entered in error, not taken, cancelled
before it started). What it cannot read in a status or a date it reports through
``note`` and reads on the safe side: an unknown status as current, an unreadable
date as unknown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, Final

from ldn._checks import days_after, describe
from ldn.errors import LdnError, ScreeningError
from ldn.fhir._dates import duration_days, last_day, period_end, quantity_days
from ldn.fhir._reader import Reader, json_list, json_object
from ldn.medication import Medication, MedicationStatus
from ldn.monograph import Policy

__all__ = [
    "CURRENT_REQUEST",
    "CURRENT_STATEMENT",
    "HISTORY_TYPES",
    "IGNORED_TYPES",
    "read_history",
    "request_end",
]

#: MedicationRequest (and DSTU2 MedicationOrder) statuses under which it may be taken
#: now. ``on-hold``, ``draft`` and ``unknown`` count: the safe side.
CURRENT_REQUEST: Final = frozenset({"active", "on-hold", "draft", "unknown"})
#: Request statuses of a prescription that has ended (R5 adds ``ended``).
_STOPPED_REQUEST: Final = frozenset({"completed", "stopped", "ended"})
#: Request statuses that record no use: entered in error, or withdrawn before any was taken.
_NO_USE_REQUEST: Final = frozenset({"entered-in-error", "cancelled"})
#: MedicationStatement statuses under which it may be taken now: R4/R4B/STU3 ``active``,
#: ``intended``, ``on-hold``, ``unknown``; R5 ``recorded`` and ``draft`` (R5 says whether
#: it is still taken through the effective period only).
CURRENT_STATEMENT: Final = frozenset(
    {"active", "intended", "on-hold", "unknown", "recorded", "draft"}
)
_STOPPED_STATEMENT: Final = frozenset({"completed", "stopped"})
_NO_USE_STATEMENT: Final = frozenset({"entered-in-error", "not-taken"})
#: MedicationDispense statuses of a medicine that may have reached the patient.
_HANDED_DISPENSE: Final = frozenset({"completed", "in-progress", "stopped", "unknown"})
#: Dispense statuses of a medicine not yet handed over (read only with a handover date).
_WAITING_DISPENSE: Final = frozenset({"preparation", "on-hold"})
_NO_USE_DISPENSE: Final = frozenset({"cancelled", "declined", "entered-in-error"})
#: MedicationAdministration statuses.
_ADMINISTERED: Final = frozenset({"in-progress", "on-hold", "completed", "stopped", "unknown"})
_NO_USE_ADMINISTRATION: Final = frozenset({"not-done", "entered-in-error"})

#: A function that reports what could not be read in a resource (and may raise it).
Note = Callable[[LdnError], None]


def _status(
    resource: Mapping[str, Any], label: str, known: frozenset[str], note: Note
) -> str | None:
    """The resource's status if it is one of ``known``; None (after a note) otherwise."""
    status = resource.get("status")
    if isinstance(status, str) and status in known:
        return status
    note(ScreeningError(f"{label}.status", describe(status), f"one of {', '.join(sorted(known))}"))
    return None


def _soft(read: Callable[[], dt.date | None], note: Note) -> dt.date | None:
    """A date read by ``read``, or None after a note when it cannot be read."""
    try:
        return read()
    except LdnError as error:
        note(error)
        return None


def _period_member_end(owner: Mapping[str, Any], name: str, where: str) -> dt.date | None:
    """The last day of the Period ``owner[name]`` (None when absent or without an end)."""
    return period_end(json_object(owner, name, where), f"{where}.{name}")


def _entries(
    medications: list[Medication], status: MedicationStatus, last: dt.date | None
) -> list[Medication]:
    if status is MedicationStatus.CURRENT and last is None:
        return medications
    return [m.with_history(status, last) for m in medications]


def _stopped_or_current(
    end: dt.date | None, as_of: dt.date | None
) -> tuple[MedicationStatus, dt.date | None]:
    """A current entry whose period ended before ``as_of`` has stopped on its last day."""
    if end is not None and as_of is not None and end < as_of:
        return MedicationStatus.STOPPED, end
    return MedicationStatus.CURRENT, None


def _statement(
    reader: Reader, label: str, resource: Mapping[str, Any], as_of: dt.date | None, note: Note
) -> list[Medication]:
    if resource.get("wasNotTaken") is True or resource.get("taken") == "n":
        return []  # DSTU2 and STU3: recorded as not taken
    known = CURRENT_STATEMENT | _STOPPED_STATEMENT | _NO_USE_STATEMENT
    status = _status(resource, label, known, note)
    if status in _NO_USE_STATEMENT:
        return []
    medications = reader.medications(label, resource)
    end = _soft(lambda: _period_member_end(resource, "effectivePeriod", label), note)
    if status in _STOPPED_STATEMENT:
        when = end or _soft(
            lambda: last_day(resource.get("effectiveDateTime"), f"{label}.effectiveDateTime"),
            note,
        )
        return _entries(medications, MedicationStatus.STOPPED, when)
    return _entries(medications, *_stopped_or_current(end, as_of))


def _request(
    reader: Reader, label: str, resource: Mapping[str, Any], as_of: dt.date | None, note: Note
) -> list[Medication]:
    known = CURRENT_REQUEST | _STOPPED_REQUEST | _NO_USE_REQUEST
    status = _status(resource, label, known, note)
    if status in _NO_USE_REQUEST:
        return []
    medications = reader.medications(label, resource)
    if status in _STOPPED_REQUEST:
        return _entries(
            medications,
            MedicationStatus.STOPPED,
            _soft(lambda: request_end(resource, label), note),
        )
    end = _soft(lambda: _period_member_end(resource, "effectiveDosePeriod", label), note)
    return _entries(medications, *_stopped_or_current(end, as_of))


def request_end(resource: Mapping[str, Any], label: str) -> dt.date | None:
    """A stopped request's last day: its validity period's end, else written + supply,
    else its dosages' last bounds, else (DSTU2) its end date."""
    dispense = json_object(resource, "dispenseRequest", label) or {}
    at = f"{label}.dispenseRequest"
    end = _period_member_end(dispense, "validityPeriod", at)
    if end is not None:
        return end
    field = "dateWritten" if "dateWritten" in resource else "authoredOn"  # DSTU2, else later
    written = last_day(resource.get(field), f"{label}.{field}")
    supply = duration_days(dispense, "expectedSupplyDuration", at)
    if written is not None and supply is not None:
        return days_after(written, supply)
    ends = []
    for index, dosage in enumerate(json_list(resource, "dosageInstruction", label)):
        where = f"{label}.dosageInstruction[{index}]"
        if not isinstance(dosage, Mapping):
            raise ScreeningError(where, describe(dosage), "a Dosage object")
        timing = json_object(dosage, "timing", where)
        repeat = json_object(timing, "repeat", f"{where}.timing") if timing else None
        end = (
            _period_member_end(repeat, "boundsPeriod", f"{where}.timing.repeat") if repeat else None
        )
        if end is not None:
            ends.append(end)
    if ends:
        return max(ends)
    return last_day(resource.get("dateEnded"), f"{label}.dateEnded")


def _dispense(
    reader: Reader,
    label: str,
    resource: Mapping[str, Any],
    as_of: dt.date | None,
    note: Note,
    policy: Policy,
) -> list[Medication]:
    known = _HANDED_DISPENSE | _WAITING_DISPENSE | _NO_USE_DISPENSE
    status = _status(resource, label, known, note)
    handed = _soft(
        lambda: last_day(resource.get("whenHandedOver"), f"{label}.whenHandedOver"), note
    )
    if status in _NO_USE_DISPENSE or (status in _WAITING_DISPENSE and handed is None):
        return []
    medications = reader.medications(label, resource)
    start = handed or _soft(
        lambda: last_day(resource.get("whenPrepared"), f"{label}.whenPrepared"), note
    )
    if start is None:
        return _entries(medications, MedicationStatus.STOPPED, None)
    days = policy.dispense_days_default
    supply = resource.get("daysSupply")
    if supply is not None:
        try:
            if not isinstance(supply, Mapping):
                raise ScreeningError(f"{label}.daysSupply", describe(supply), "a FHIR Quantity")
            days = quantity_days(supply, f"{label}.daysSupply")
        except LdnError as error:
            note(error)  # read with the policy's default supply
    last = days_after(start, days - 1)
    if as_of is not None and last >= as_of:
        return _entries(medications, MedicationStatus.CURRENT, last)
    return _entries(medications, MedicationStatus.STOPPED, last)


def _administration(
    reader: Reader, label: str, resource: Mapping[str, Any], as_of: dt.date | None, note: Note
) -> list[Medication]:
    status = _status(resource, label, _ADMINISTERED | _NO_USE_ADMINISTRATION, note)
    if status in _NO_USE_ADMINISTRATION:
        return []
    medications = reader.medications(label, resource)
    when = _soft(lambda: _administered(resource, label), note)
    if status == "in-progress" or status is None:
        return _entries(medications, *_stopped_or_current(when, as_of))
    return _entries(medications, MedicationStatus.STOPPED, when)


def _administered(resource: Mapping[str, Any], label: str) -> dt.date | None:
    """The last day of an administration: R4 ``effective[x]``, R5 ``occurence[x]``.

    A period without an end gives None: the start is not the last day (an infusion
    may still run), so the day is unknown.
    """
    for stem in ("effective", "occurence", "occurrence"):
        period = json_object(resource, f"{stem}Period", label)
        if period is not None:
            return period_end(period, f"{label}.{stem}Period")
        if f"{stem}DateTime" in resource:
            return last_day(resource[f"{stem}DateTime"], f"{label}.{stem}DateTime")
    return None


#: The medication resource types read, by the name of the reader of each.
HISTORY_TYPES: Final = frozenset(
    {
        "MedicationStatement",
        "MedicationUsage",
        "MedicationRequest",
        "MedicationOrder",
        "MedicationDispense",
        "MedicationAdministration",
    }
)
#: Resource types named "Medication..." that hold no patient's use: read only through references.
IGNORED_TYPES: Final = frozenset({"Medication", "MedicationKnowledge"})


def read_history(
    reader: Reader,
    label: str,
    resource: Mapping[str, Any],
    *,
    as_of: dt.date | None,
    note: Note,
    policy: Policy,
) -> list[Medication]:
    """The entries one medication resource of :data:`HISTORY_TYPES` gives (see the module)."""
    kind = resource["resourceType"]
    if kind in ("MedicationStatement", "MedicationUsage"):
        return _statement(reader, label, resource, as_of, note)
    if kind in ("MedicationRequest", "MedicationOrder"):
        return _request(reader, label, resource, as_of, note)
    if kind == "MedicationDispense":
        return _dispense(reader, label, resource, as_of, note, policy)
    return _administration(reader, label, resource, as_of, note)
