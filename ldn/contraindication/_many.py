"""Screening a cohort: many patients at once, as plain records.

Private: :func:`~ldn.contraindication.screen_many` is re-exported by
:mod:`ldn.contraindication` and :mod:`ldn`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections.abc import Iterable, Iterator, Mapping
from typing import Final, TypeAlias

from ldn._checks import describe, plain_date, quoted
from ldn.contraindication._screen import screen
from ldn.contraindication._values import Finding, Patient, record_of
from ldn.errors import LdnTypeError, ScreeningError
from ldn.medication import Coding, Medication, MedicationInput
from ldn.monograph import MONOGRAPH, Policy
from ldn.opioids import Vocabulary, vocabulary_or_default

__all__ = ["RECORD_COLUMNS", "PatientId", "ScreeningRecord", "screen_many"]

#: A patient's id in a cohort: a str or an int (one type for the whole cohort).
PatientId: TypeAlias = "str | int"
#: One finding of one patient: the keys of :data:`RECORD_COLUMNS`.
ScreeningRecord: TypeAlias = "dict[str, str | int | None]"
#: The keys of every record :func:`screen_many` gives, in order.
RECORD_COLUMNS: Final = ("patient", "code", "severity", "rule_id", "summary", "message", "trigger")

_ENTRY: Final = (str, Coding, Medication)
#: What an empty cohort's first item is (a None given as an item is an error, not an end).
_EMPTY: Final = object()
_WHAT: Final = (
    "Patient values, a mapping of patient id to Patient, (patient id, Patient) pairs, "
    "or (patient id, medication entry) rows"
)


def _patient_id(value: object, where: str) -> PatientId:
    """A str, or an int (numpy and pandas integers too): never a bool, float or None."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        raise LdnTypeError(f"patient id of {where}", describe(value), "a str or an int")
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise LdnTypeError(f"patient id of {where}", describe(value), "a str or an int") from None


def _pair(item: object, number: int) -> tuple[object, object]:
    if not isinstance(item, tuple) or len(item) != 2:
        raise LdnTypeError(
            f"item {number} of patients",
            describe(item),
            "a (patient id, Patient) pair or a (patient id, medication entry) row",
        )
    return item[0], item[1]


def _cohort(patients: object) -> Iterator[tuple[PatientId, Patient]]:
    """Each patient with its id, in the order given (rows grouped by id, first seen first)."""
    if isinstance(patients, Mapping):
        items: Iterable[object] = patients.items()
    elif isinstance(patients, Iterable) and not isinstance(patients, str | bytes | Patient):
        items = patients
    else:
        raise LdnTypeError("patients", describe(patients), f"an iterable of {_WHAT}")
    iterator = iter(items)
    first = next(iterator, _EMPTY)
    if first is _EMPTY:
        return iter(())
    chained = itertools.chain((first,), iterator)
    if isinstance(first, Patient):
        return _positional(chained)
    _, second = _pair(first, 0)
    if isinstance(second, _ENTRY):
        return _grouped(chained)
    return _keyed(chained)


def _positional(items: Iterable[object]) -> Iterator[tuple[PatientId, Patient]]:
    for number, item in enumerate(items):
        if not isinstance(item, Patient):
            raise LdnTypeError(f"item {number} of patients", describe(item), "a Patient")
        yield number, item


def _keyed(items: Iterable[object]) -> Iterator[tuple[PatientId, Patient]]:
    seen: set[PatientId] = set()
    kind: type | None = None
    for number, item in enumerate(items):
        raw, patient = _pair(item, number)
        where = f"item {number}"
        pid = _patient_id(raw, where)
        kind = _same_kind(kind, pid, where)
        if not isinstance(patient, Patient):
            raise LdnTypeError(f"patient of {where}", describe(patient), "a Patient")
        if pid in seen:
            raise ScreeningError(
                f"patient id of {where}", quoted(str(pid), 60), "an id given to one patient only"
            )
        seen.add(pid)
        yield pid, patient


def _grouped(rows: Iterable[object]) -> Iterator[tuple[PatientId, Patient]]:
    entries: dict[PatientId, list[MedicationInput]] = {}
    kind: type | None = None
    for number, row in enumerate(rows):
        # The common row, a plain pair of an id of the cohort's type and a str, is
        # taken as it is; anything else goes through the checks that name it.
        if type(row) is tuple and len(row) == 2:
            raw, entry = row
        else:
            raw, entry = _pair(row, number)
        if type(raw) is kind:
            pid: PatientId = raw  # type: ignore[assignment]
        else:
            where = f"row {number}"
            pid = _patient_id(raw, where)
            kind = _same_kind(kind, pid, where)
        if type(entry) is not str and not isinstance(entry, _ENTRY):
            raise LdnTypeError(
                f"medication entry of row {number} (patient {quoted(str(pid), 60)})",
                describe(entry),
                "a str, Coding or Medication",
            )
        listed = entries.get(pid)
        if listed is None:
            entries[pid] = [entry]
        else:
            listed.append(entry)
    for pid, listed in entries.items():
        yield pid, Patient(medications=listed)


def _same_kind(kind: type | None, pid: PatientId, where: str) -> type:
    if kind is not None and type(pid) is not kind:
        raise LdnTypeError(
            f"patient id of {where}",
            describe(pid),
            f"{'a str' if kind is str else 'an int'}, as the ids before it (one type for a cohort)",
        )
    return type(pid)


def _record(pid: PatientId, finding: Finding) -> ScreeningRecord:
    record: ScreeningRecord = {"patient": pid}
    record.update(record_of(finding))
    return record


def screen_many(
    patients: Iterable[Patient]
    | Mapping[PatientId, Patient]
    | Iterable[tuple[PatientId, Patient]]
    | Iterable[tuple[PatientId, MedicationInput]],
    *,
    policy: Policy = MONOGRAPH,
    as_of: dt.date | None = None,
    vocabulary: Vocabulary | None = None,
) -> list[ScreeningRecord]:
    """Screen many patients: every finding of each, as one plain record.

    ``patients`` is one of:

    * :class:`Patient` values (their ids are their positions: 0, 1, 2, ...);
    * a mapping of patient id to :class:`Patient`, or (patient id, Patient) pairs;
    * (patient id, medication entry) rows, as a cohort's table gives them (a
      ``drug_exposure`` table's person and drug): each patient's entries are
      screened together, patients in the order their first row comes. Rows carry
      no confirmation of opioid use, so each such patient has the
      ``opioid-use-unconfirmed`` finding (LDN-OPIOID): read the medication
      findings (``opioid-use``, ``opioid-recent``, ``medication-unrecognised``...).

    A patient id is a str or an int, one type for the whole cohort. Each patient's
    records are the findings :func:`~ldn.contraindication.screen` gives, in its
    order, each a dict with the keys :data:`RECORD_COLUMNS`: the patient id, then
    what :meth:`ScreeningReport.to_records` gives. Records are dicts of str, int
    and None, so ``pandas.DataFrame(records)``, ``polars.DataFrame(records)`` and
    DuckDB read them without conversion, and they pickle cheaply between processes.

    >>> from ldn import Patient, screen_many
    >>> rows = [(1, "OxyContin 10 mg"), (2, "amitriptyline 10 mg"), (1, "paracetamol 1 g")]
    >>> records = screen_many(rows)
    >>> sorted({(r["patient"], r["code"]) for r in records if r["severity"] == "contraindication"})
    [(1, 'opioid-use'), (1, 'opioid-use-unconfirmed'), (2, 'opioid-use-unconfirmed')]
    >>> records = screen_many({"a": Patient(["tramadol 50 mg"], opioid_use=False)})
    >>> [(r["patient"], r["code"], r["trigger"]) for r in records if r["severity"] != "info"]
    [('a', 'opioid-use', 'tramadol 50 mg')]
    """
    if not isinstance(policy, Policy):
        raise LdnTypeError("policy", describe(policy), "a Policy")
    if as_of is not None:
        plain_date(as_of, "as_of", "a datetime.date or None")
    shared = vocabulary_or_default(vocabulary)
    return [
        _record(pid, finding)
        for pid, patient in _cohort(patients)
        for finding in screen(patient, policy, vocabulary=shared, as_of=as_of).findings
    ]
