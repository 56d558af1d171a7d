"""A :class:`~ldn.contraindication.Patient` from a FHIR record, read resource by resource. Private.

Public as :func:`ldn.fhir.patient_from_fhir`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Final

from ldn._checks import describe, plain_date
from ldn.contraindication import LdnCourse, LdnUse, Patient, Unreadable, course_of
from ldn.errors import LdnError, LdnTypeError, ScreeningError
from ldn.fhir._confirmation import Confirmation, confirmation_codes_of, read_confirmation
from ldn.fhir._history import HISTORY_TYPES, IGNORED_TYPES, read_history
from ldn.fhir._ldn import ldn_use
from ldn.fhir._reader import Reader, Resources, json_list, json_object, read_concept
from ldn.formulation import Filler
from ldn.medication import Coding, Medication
from ldn.monograph import MONOGRAPH, Policy
from ldn.opioids import Vocabulary, vocabulary_or_default

__all__ = ["ldn_course", "patient_and_course", "patient_from_fhir"]

#: AllergyIntolerance clinical and verification statuses that take an allergy off the list.
_INACTIVE_ALLERGY: Final = frozenset({"inactive", "resolved", "refuted", "entered-in-error"})


def _allergy(label: str, resource: Mapping[str, Any]) -> tuple[set[Filler], str | None]:
    """The fillers an active allergy names, and the allergy described if it is unrecognised.

    Its code and each reaction's substance are read: their words by
    :meth:`Filler.named_in <ldn.formulation.Filler.named_in>` (the reading
    :class:`~ldn.contraindication.Patient` gives ``filler_sensitivities``), their
    codings by :meth:`Filler.coded <ldn.formulation.Filler.coded>`. It is
    unrecognised (LDN-FILLER) when it names another excipient, or when a part of it
    is coded without words and by no filler code, or when it names no substance.
    """
    for status in ("clinicalStatus", "verificationStatus"):
        concept = json_object(resource, status, label)
        if (
            concept is not None
            and {
                coding.get("code")
                for coding in json_list(concept, "coding", f"{label}.{status}")
                if isinstance(coding, Mapping)
            }
            & _INACTIVE_ALLERGY
        ):
            return set(), None
    concepts = [(json_object(resource, "code", label), f"{label}.code")]
    for index, reaction in enumerate(json_list(resource, "reaction", label)):
        at = f"{label}.reaction[{index}]"
        if not isinstance(reaction, Mapping):
            raise ScreeningError(at, describe(reaction), "an object")
        concepts.append((json_object(reaction, "substance", at), f"{at}.substance"))
    fillers: set[Filler] = set()
    others: list[str] = []
    wordless: list[str] = []
    named = False
    for concept, where in concepts:
        if concept is None:
            continue
        read = read_concept(concept, where)
        named = named or bool(read.texts or read.codings)
        coded = {c.token: Filler.coded(c.system, c.code) for c in read.codings}
        fillers |= {filler for filler in coded.values() if filler is not None}
        for text in read.texts:
            fillers |= Filler.named_in(text)
            others += [word for word in Filler.other_excipients_in(text) if word not in others]
        if not read.texts:
            wordless += [token for token, filler in coded.items() if filler is None]
    if others:
        return fillers, f"{label} (names {', '.join(map(repr, others))})"
    if wordless:
        return fillers, f"{label} (coded {'; '.join(wordless)} without words)"
    if not named:
        return fillers, f"{label} (names no substance)"
    return fillers, None


class _Record:
    """What is read so far: entries, fillers, confirmations, and what could not be read."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.medications: list[Medication] = []
        self.fillers: set[Filler] = set()
        self.allergies: list[str] = []
        self.confirmations: list[Confirmation] = []
        self.unreadable: list[Unreadable] = []

    def patient(self, opioid_use: bool | None) -> Patient:
        """The patient read, with opioid use decided by the argument and the record."""
        use, evidence = _decided(opioid_use, self.confirmations)
        return Patient(
            medications=self.medications,
            opioid_use=use,
            filler_sensitivities=self.fillers,
            unreadable=self.unreadable,
            opioid_use_evidence=evidence,
            unrecognised_allergies=self.allergies,
        )

    def skip(self, label: str, error: LdnError, medication: bool) -> None:
        """Name a resource, or a part of one, that could not be read (or raise, when strict)."""
        if self.strict:
            raise error
        self.unreadable.append(Unreadable(label, str(error), medication))


def patient_from_fhir(
    resources: object,
    *,
    as_of: dt.date | None = None,
    opioid_use: bool | None = None,
    strict: bool = False,
    confirmation_codes: Iterable[Coding] | None = None,
    policy: Policy = MONOGRAPH,
) -> Patient:
    """A :class:`~ldn.contraindication.Patient` from a FHIR record (R4, R4B or R5; STU3 and DSTU2 shapes read).

    ``resources`` is a Bundle dict or an iterable of resource dicts. ``as_of`` is
    the date of the first dose: pass the same date to :func:`~ldn.screen`.

    The medication history (see :doc:`/screening` for every rule):

    * ``MedicationStatement`` (R5 drafts: ``MedicationUsage``) and
      ``MedicationRequest`` (DSTU2: ``MedicationOrder``): current or stopped by
      status and, with ``as_of``, by the end of the effective period; a stopped one
      with the last day it was taken, where the record gives it;
    * ``MedicationDispense``: handed over, and covering ``daysSupply`` days (else
      the policy's ``dispense_days_default``): current while that reaches
      ``as_of``, stopped after;
    * ``MedicationAdministration``: on the day given (R4 ``effective[x]``, R5
      ``occurence[x]``);
    * entries entered in error, not taken, or cancelled before they started are never read.

    Every medication is read whole: R4 and R5 members, every resource sharing an id
    or full URL, every ingredient, each resource once (:class:`~ldn.fhir.Reader`).
    Active ``AllergyIntolerance`` entries give filler sensitivities (LDN-FILLER):
    every word of their code and reaction substances is read as
    :class:`~ldn.contraindication.Patient` reads ``filler_sensitivities``
    (:meth:`Filler.named_in <ldn.formulation.Filler.named_in>`: ``"MCC"``,
    ``"microcrystalline cellulose"``, ``"Avicel"``, ``"E460"``, ``"sugar"``,
    ``"lactose"``, ...), and FDA UNII codings of a filler count too. An allergy that
    names another excipient, is coded without words, or names no substance is kept
    in the :class:`~ldn.contraindication.Patient`'s ``unrecognised_allergies`` (screening
    reports it as ``allergy-unrecognised``), never dropped.

    A ``final``, ``amended`` or ``corrected`` Observation with one of
    ``confirmation_codes`` (default :data:`~ldn.fhir.CONFIRMATION_CODES`) records
    opioid use or its absence (LDN-CONFIRM): absence confirms only when dated no
    more than ``policy.confirmation_days`` before ``as_of`` (never without
    ``as_of``); use counts when recent, and wins over ``opioid_use=False``.
    Nothing else ever makes ``opioid_use`` False.

    Resource by resource: a resource that cannot be read, or a status or date in
    it, is named in the :class:`~ldn.contraindication.Patient`'s ``unreadable`` (screening
    reports it as ``record-unreadable``) and the rest is still read; a medication
    resource of a type not read is named too. With ``strict=True`` the first such
    problem raises instead. An :class:`~ldn.errors.LdnError` is raised otherwise
    only when the input as a whole is not FHIR (neither a Bundle nor an iterable
    of resources, or a Bundle whose ``entry`` is not a list).

    Cost: each resource is read once; a walk through references visits each
    Medication once per resource that names it, so the time is linear in the
    input plus the entries it yields.

    >>> bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
    ...     {"resource": {"resourceType": "MedicationStatement", "status": "active",
    ...      "medicationCodeableConcept": {"text": "OxyContin 10 mg"}, "subject": {"reference": "Patient/1"}}},
    ...     {"resource": {"resourceType": "MedicationStatement", "status": "completed",
    ...      "medicationCodeableConcept": {"text": "tramadol 50 mg"}, "subject": {"reference": "Patient/1"},
    ...      "effectivePeriod": {"end": "2026-11-30"}}},
    ... ]}
    >>> patient = patient_from_fhir(bundle, as_of=dt.date(2026, 12, 3))
    >>> [(m.text, m.status.value, m.last_taken) for m in patient.medications]
    [('OxyContin 10 mg', 'current', None), ('tramadol 50 mg', 'stopped', datetime.date(2026, 11, 30))]
    >>> patient.opioid_use
    """
    record = _read(resources, as_of, opioid_use, strict, confirmation_codes, policy, None)
    return record.patient(opioid_use)


def patient_and_course(
    resources: object,
    *,
    as_of: dt.date | None = None,
    opioid_use: bool | None = None,
    strict: bool = False,
    confirmation_codes: Iterable[Coding] | None = None,
    policy: Policy = MONOGRAPH,
    vocabulary: Vocabulary | None = None,
) -> tuple[Patient, LdnCourse]:
    """The patient to screen before an LDN order, and the order's course, in one reading.

    As :func:`patient_from_fhir` and :func:`ldn_course` of the same record, except
    that the resources of the patient's own LDN (the ``uses`` of its
    :class:`~ldn.contraindication.LdnCourse`) are left out of the patient's
    medications: continuing it is no antagonist finding (LDN-CONTINUE). Screen the
    patient with ``course=course.course``. Each resource is read once.

    >>> record = [{"resourceType": "MedicationStatement", "status": "active",
    ...            "medicationCodeableConcept": {"text": "LDN 4.5 mg at night"}}]
    >>> patient, course = patient_and_course(record, as_of=dt.date(2026, 12, 3))
    >>> patient.medications, course.course.value, str(course.last_dose)
    ((), 'continuation', '9/2')
    """
    own = _Own(vocabulary_or_default(vocabulary))
    record = _read(resources, as_of, opioid_use, strict, confirmation_codes, policy, own)
    return record.patient(opioid_use), course_of(own.uses, as_of=as_of, policy=policy)


def ldn_course(
    resources: object,
    *,
    as_of: dt.date | None = None,
    policy: Policy = MONOGRAPH,
    vocabulary: Vocabulary | None = None,
) -> LdnCourse:
    """What an LDN order on ``as_of`` is to the patient whose record this is (LDN-CONTINUE).

    ``resources`` is a Bundle dict or an iterable of resource dicts. Every
    request, statement, dispense and administration that names naltrexone alone
    is the patient's own LDN when it gives at most the policy's daily maximum, or
    names LDN, low dose or a compounded product (other naltrexone stays an
    antagonist, LDN-ANTAGONIST); its status and last day are read as screening
    reads them, its daily dose from its dosage or, failing that, a strength in its
    text. The course is then :func:`ldn.contraindication.course_of`'s: a
    continuation when LDN was taken within ``policy.continuation_days`` before
    ``as_of`` (an active request or statement, or a dispense whose supply reaches
    that far), a restart after a longer gap, else a new start.

    >>> record = [{"resourceType": "MedicationDispense", "status": "completed",
    ...            "medicationCodeableConcept": {"text": "Naltrexone 4.5 mg capsules (compounded)"},
    ...            "whenHandedOver": "2026-11-10", "daysSupply": {"value": 28, "unit": "d"}}]
    >>> course = ldn_course(record, as_of=dt.date(2026, 12, 3))
    >>> course.course.value, str(course.last_dose)
    ('continuation', '9/2')
    >>> ldn_course(record, as_of=dt.date(2026, 12, 30)).course.value
    'restart'
    """
    return patient_and_course(resources, as_of=as_of, policy=policy, vocabulary=vocabulary)[1]


class _Own:
    """The patient's own LDN, as read so far."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.uses: list[LdnUse] = []


def _read(
    resources: object,
    as_of: dt.date | None,
    opioid_use: bool | None,
    strict: bool,
    confirmation_codes: Iterable[Coding] | None,
    policy: Policy,
    own: _Own | None,
) -> _Record:
    """Every resource read into a record; the patient's own LDN into ``own`` (when given)."""
    if as_of is not None:
        plain_date(as_of, "as_of", "a datetime.date or None")
    if opioid_use is not None and not isinstance(opioid_use, bool):
        raise LdnTypeError("opioid_use", describe(opioid_use), "True, False or None")
    if not isinstance(strict, bool):
        raise LdnTypeError("strict", describe(strict), "True or False")
    if not isinstance(policy, Policy):
        raise LdnTypeError("policy", describe(policy), "a Policy")
    codes = frozenset((c.system, c.code) for c in confirmation_codes_of(confirmation_codes))
    given = Resources(resources, strict=strict)
    record = _Record(strict)
    for where, error in given.unreadable:
        record.skip(where, error, True)
    reader = Reader(given)
    for label, resource in given.items:
        _read_one(record, reader, label, resource, as_of, codes, policy, own)
    return record


def _read_one(
    record: _Record,
    reader: Reader,
    label: str,
    resource: Mapping[str, Any],
    as_of: dt.date | None,
    codes: frozenset[tuple[str, str]],
    policy: Policy,
    own: _Own | None,
) -> None:
    """Read one resource into ``record`` (or ``own``); what cannot be read is named there."""
    kind = resource["resourceType"]
    medication = kind.startswith("Medication")
    try:
        if kind in HISTORY_TYPES:

            def note(error: LdnError) -> None:
                record.skip(label, error, True)

            entries = read_history(reader, label, resource, as_of=as_of, note=note, policy=policy)
            if own is not None:
                use = ldn_use(
                    reader,
                    label,
                    resource,
                    entries,
                    as_of=as_of,
                    policy=policy,
                    vocabulary=own.vocabulary,
                )
                if use is not None:
                    own.uses.append(use)
                    return
            record.medications += entries
        elif medication and kind not in IGNORED_TYPES:
            raise ScreeningError(
                f"{label}.resourceType",
                describe(kind),
                f"a medication resource type ldn reads ({', '.join(sorted(HISTORY_TYPES))})",
            )
        elif kind == "AllergyIntolerance":
            fillers, unrecognised = _allergy(label, resource)
            record.fillers |= fillers
            if unrecognised is not None:
                record.allergies.append(unrecognised)
        elif kind == "Observation":
            found = read_confirmation(resource, label, codes=codes, as_of=as_of, policy=policy)
            if found is not None:
                record.confirmations.append(found)
    except LdnError as error:
        record.skip(label, error, medication)


def _decided(
    given: bool | None, confirmations: list[Confirmation]
) -> tuple[bool | None, str | None]:
    """Opioid use and the Observation that decided it, if one did.

    Recorded use wins; then the argument; then the latest recorded confirmation; else
    unknown.
    """
    used = [c.evidence for c in confirmations if c.opioid_use]
    if given is True:
        return True, None
    if used:
        return True, used[0]
    if given is False:
        return False, None
    if confirmations:
        return False, confirmations[-1].evidence
    return None, None
