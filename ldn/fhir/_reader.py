"""The one FHIR reader: resources, references, concepts, medication lists and allergies.

Public as :func:`ldn.fhir.patient_from_fhir`; draft orders and their dosages are read
on top of it by :mod:`ldn.fhir._orders`. Every member it reads is checked, and an error
names the resource and the field.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from ldn._checks import describe, plain_date
from ldn.contraindication import Patient
from ldn.errors import LdnError, LdnTypeError, ScreeningError
from ldn.formulation import Filler
from ldn.medication import Coding, Medication

__all__ = [
    "CURRENT_REQUEST",
    "CURRENT_STATEMENT",
    "FILLER_WORDS",
    "Reader",
    "Resources",
    "json_list",
    "json_object",
    "json_text",
    "patient_from_fhir",
    "read_concept",
]

#: MedicationRequest statuses under which the medication may be taken now (R4, R4B
#: and R5). ``on-hold``, ``draft`` and ``unknown`` count: the safe side.
CURRENT_REQUEST: Final = frozenset({"active", "on-hold", "draft", "unknown"})
_ENDED_REQUEST: Final = frozenset(
    {"cancelled", "completed", "entered-in-error", "stopped", "ended"}
)
#: MedicationStatement statuses under which the medication may be taken now: R4/R4B
#: ``active``, ``intended``, ``on-hold``, ``unknown``; R5 ``recorded`` and ``draft``
#: (R5 says whether it is still taken through the effective period only).
CURRENT_STATEMENT: Final = frozenset(
    {"active", "intended", "on-hold", "unknown", "recorded", "draft"}
)
_ENDED_STATEMENT: Final = frozenset({"completed", "entered-in-error", "stopped", "not-taken"})
#: AllergyIntolerance clinical and verification statuses that take an allergy off the list.
_INACTIVE_ALLERGY: Final = frozenset({"inactive", "resolved", "refuted", "entered-in-error"})
_DATE: Final = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
#: The word of each capsule filler, as read in allergy and ingredient texts.
FILLER_WORDS: Final = {filler: re.compile(filler.value, re.IGNORECASE) for filler in Filler}


class Resources:
    """The resources given, with what references need: ids, full URLs and contained ones."""

    def __init__(self, given: object) -> None:
        self.items: list[tuple[str, Mapping[str, Any]]] = []
        self.by_reference: dict[str, Mapping[str, Any]] = {}
        for where, resource, full_url in _walk(given):
            kind = resource.get("resourceType")
            if not isinstance(kind, str):
                raise ScreeningError(
                    f"{where}.resourceType", describe(kind), "a FHIR resource type"
                )
            label = f"{kind}[{where}]"
            self.items.append((label, resource))
            if isinstance(full_url, str):
                self.by_reference[full_url] = resource
            if isinstance(resource.get("id"), str):
                self.by_reference[f"{kind}/{resource['id']}"] = resource


def _walk(given: object) -> Iterator[tuple[str, Mapping[str, Any], object]]:
    if isinstance(given, Mapping) and given.get("resourceType") == "Bundle":
        entries = json_list(given, "entry", "Bundle")
        for index, entry in enumerate(entries):
            where = f"Bundle.entry[{index}]"
            if not isinstance(entry, Mapping):
                raise ScreeningError(where, describe(entry), "a JSON object")
            resource = entry.get("resource")
            if resource is None:
                continue
            if not isinstance(resource, Mapping):
                raise ScreeningError(f"{where}.resource", describe(resource), "a JSON object")
            yield where, resource, entry.get("fullUrl")
        return
    if isinstance(given, str | bytes | Mapping) or not isinstance(given, Iterable):
        raise LdnTypeError(
            "resources", describe(given), "a FHIR Bundle dict or an iterable of resource dicts"
        )
    for index, resource in enumerate(given):
        if not isinstance(resource, Mapping):
            raise ScreeningError(f"resources[{index}]", describe(resource), "a resource dict")
        yield str(index), resource, None


def json_list(resource: Mapping[str, Any], name: str, where: str) -> list[Any]:
    value = resource.get(name, [])
    if not isinstance(value, list):
        raise ScreeningError(f"{where}.{name}", describe(value), "a JSON array")
    return value


def json_object(
    resource: Mapping[str, Any],
    name: str,
    where: str,
    error: type[LdnError] = ScreeningError,
) -> Mapping[str, Any] | None:
    """A member that is absent or a JSON object, else ``error`` naming where it is."""
    value = resource.get(name)
    if value is not None and not isinstance(value, Mapping):
        raise error(f"{where}.{name}", describe(value), "a JSON object")
    return value


def json_text(value: object, where: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ScreeningError(where, describe(value), "a string")
    return value


def read_concept(concept: Mapping[str, Any], where: str) -> Medication:
    """A CodeableConcept as a Medication: its text, its codings, and displays of incomplete codings."""
    texts = [json_text(concept.get("text"), f"{where}.text")]
    codings = []
    for index, coding in enumerate(json_list(concept, "coding", where)):
        at = f"{where}.coding[{index}]"
        if not isinstance(coding, Mapping):
            raise ScreeningError(at, describe(coding), "a Coding object")
        system = json_text(coding.get("system"), f"{at}.system")
        code = json_text(coding.get("code"), f"{at}.code")
        display = json_text(coding.get("display"), f"{at}.display")
        if system and system.strip() and code and code.strip():
            codings.append(Coding(system, code, display))
        else:
            texts.append(display)
    text = "; ".join(t for t in texts if t) or None
    return Medication(text, tuple(codings))


def _last_day(value: object, where: str) -> dt.date | None:
    """The last day a FHIR date or dateTime covers: "2026-03" runs to 2026-03-31."""
    if value is None:
        return None
    match = _DATE.match(value) if isinstance(value, str) else None
    if match is None:
        raise ScreeningError(where, describe(value), "a FHIR date such as 2026-11-25")
    year, month = int(match.group(1)), int(match.group(2) or 12)
    try:
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, int(match.group(3) or last))
    except ValueError:
        raise ScreeningError(where, describe(value), "a real calendar date") from None


def _ended_before(period: Mapping[str, Any] | None, as_of: dt.date | None, where: str) -> bool:
    if period is None:
        return False
    ended = _last_day(period.get("end"), f"{where}.end")
    _last_day(period.get("start"), f"{where}.start")  # checked, never excludes
    return as_of is not None and ended is not None and ended < as_of


def _concept_or_reference(
    owner: Mapping[str, Any], name: str, where: str
) -> tuple[Mapping[str, Any] | None, Mapping[str, Any] | None]:
    """A ``CodeableReference`` member: R4 ``{name}CodeableConcept`` and ``{name}Reference``,
    or R5 ``{name}.concept`` and ``{name}.reference`` (R5 wins when present)."""
    concept = json_object(owner, f"{name}CodeableConcept", where)
    reference = json_object(owner, f"{name}Reference", where)
    r5 = json_object(owner, name, where)
    if r5 is not None:
        concept = json_object(r5, "concept", f"{where}.{name}")
        reference = json_object(r5, "reference", f"{where}.{name}")
    return concept, reference


class Reader:
    """Reads medications through the references of one set of :class:`Resources`."""

    def __init__(self, resources: Resources) -> None:
        if not isinstance(resources, Resources):
            raise LdnTypeError("resources", describe(resources), "a Resources")
        self.resources = resources

    def medications(self, label: str, resource: Mapping[str, Any]) -> list[Medication]:
        """The entries one statement or request names: its medication and any ingredients."""
        concept, reference = _concept_or_reference(resource, "medication", label)
        entries = [] if concept is None else [read_concept(concept, f"{label}.medication")]
        if reference is not None:
            entries += self.referenced(resource, label, reference, f"{label}.medication.reference")
        return entries or [Medication()]

    def referenced(
        self, owner: Mapping[str, Any], owner_label: str, reference: Mapping[str, Any], where: str
    ) -> list[Medication]:
        """The entries a reference leads to; ``owner`` may contain the target."""
        target = json_text(reference.get("reference"), f"{where}.reference")
        display = json_text(reference.get("display"), f"{where}.display")
        found = self.resolve(owner, target, owner_label)
        if found is None or found.get("resourceType") != "Medication":
            return [Medication(display)]
        return self.medication_resource(found, f"Medication[{target}]", display)

    def resolve(
        self, owner: Mapping[str, Any], target: str | None, where: str
    ) -> Mapping[str, Any] | None:
        """The resource a reference names: contained ("#id"), by type/id, or by full URL."""
        if not target:
            return None
        if target.startswith("#"):
            for index, contained in enumerate(json_list(owner, "contained", where)):
                if not isinstance(contained, Mapping):
                    at = f"{where}.contained[{index}]"
                    raise ScreeningError(at, describe(contained), "a resource")
                if contained.get("id") == target[1:]:
                    return contained
            return None
        return self.resources.by_reference.get(target)

    def medication_resource(
        self, medication: Mapping[str, Any], where: str, display: str | None
    ) -> list[Medication]:
        code = json_object(medication, "code", where)
        entries = [Medication(display) if code is None else read_concept(code, f"{where}.code")]
        for index, ingredient in enumerate(json_list(medication, "ingredient", where)):
            at = f"{where}.ingredient[{index}]"
            if not isinstance(ingredient, Mapping):
                raise ScreeningError(at, describe(ingredient), "an ingredient object")
            concept, reference = _concept_or_reference(ingredient, "item", at)
            if concept is not None:
                entries.append(read_concept(concept, f"{at}.item"))
            if reference is not None:
                entries += self.referenced(medication, where, reference, f"{at}.item.reference")
        return entries


def _current(label: str, resource: Mapping[str, Any], as_of: dt.date | None) -> bool:
    kind = resource["resourceType"]
    status = resource.get("status")
    current, ended = (
        (CURRENT_REQUEST, _ENDED_REQUEST)
        if kind == "MedicationRequest"
        else (CURRENT_STATEMENT, _ENDED_STATEMENT)
    )
    if status not in current | ended:
        allowed = ", ".join(sorted(current | ended))
        raise ScreeningError(f"{label}.status", describe(status), f"one of {allowed}")
    if status in ended:
        return False
    field = "effectiveDosePeriod" if kind == "MedicationRequest" else "effectivePeriod"
    period = json_object(resource, field, label)
    return not _ended_before(period, as_of, f"{label}.{field}")


def _fillers(label: str, resource: Mapping[str, Any]) -> set[Filler]:
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
            return set()
    texts: list[str] = []
    concepts = [(json_object(resource, "code", label), f"{label}.code")]
    for index, reaction in enumerate(json_list(resource, "reaction", label)):
        at = f"{label}.reaction[{index}]"
        if not isinstance(reaction, Mapping):
            raise ScreeningError(at, describe(reaction), "an object")
        concepts.append((json_object(reaction, "substance", at), f"{at}.substance"))
    for concept, where in concepts:
        if concept is not None:
            texts += read_concept(concept, where).texts
    return {filler for filler, word in FILLER_WORDS.items() if any(map(word.search, texts))}


def patient_from_fhir(
    resources: object, *, as_of: dt.date | None = None, opioid_use: bool | None = None
) -> Patient:
    """A :class:`~ldn.contraindication.Patient` from FHIR resources (R4, R4B or R5 shapes).

    ``resources`` is a Bundle dict or an iterable of resource dicts. Read:

    * current ``MedicationStatement`` and ``MedicationRequest`` entries: by status
      (:data:`CURRENT_STATEMENT`, :data:`CURRENT_REQUEST`; an unknown status is an
      error), and, when ``as_of`` is given, not those whose effective period
      (``effectivePeriod``; R5 ``effectiveDosePeriod``) ended before it. A partial
      end date ("2026-03") runs to its last day;
    * the medication as a concept (R4 ``medicationCodeableConcept``, R5
      ``medication.concept``) or a reference to a contained or bundled
      ``Medication``, whose ``code`` and every ``ingredient`` are read (a
      combination's opioid may sit in an ingredient); an unresolved reference is
      read by its display, and with none is reported as unreadable;
    * active ``AllergyIntolerance`` entries that name cellulose, sucrose or ginger
      (filler sensitivities, LDN-FILLER).

    ``opioid_use`` is passed through: the resources never make it False, since no
    medication list proves a patient takes no opioids (LDN-OPIOID). A
    ``MedicationRequest`` with ``doNotPerform`` is still read (the safe side).
    Malformed input raises an :class:`~ldn.errors.LdnError` naming the resource
    and field.

    >>> bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
    ...     {"resource": {"resourceType": "MedicationStatement", "status": "active",
    ...      "medicationCodeableConcept": {"text": "OxyContin 10 mg"}, "subject": {"reference": "Patient/1"}}},
    ...     {"resource": {"resourceType": "MedicationStatement", "status": "completed",
    ...      "medicationCodeableConcept": {"text": "tramadol 50 mg"}, "subject": {"reference": "Patient/1"}}},
    ... ]}
    >>> patient = patient_from_fhir(bundle)
    >>> patient.medications, patient.opioid_use
    ((Medication(text='OxyContin 10 mg', codings=()),), None)
    """
    if as_of is not None:
        plain_date(as_of, "as_of", "a datetime.date or None")
    if opioid_use is not None and not isinstance(opioid_use, bool):
        raise LdnTypeError("opioid_use", describe(opioid_use), "True, False or None")
    given = Resources(resources)
    reader = Reader(given)
    medications: list[Medication] = []
    fillers: set[Filler] = set()
    for label, resource in given.items:
        kind = resource["resourceType"]
        if kind in ("MedicationStatement", "MedicationRequest") and _current(
            label, resource, as_of
        ):
            medications += reader.medications(label, resource)
        elif kind == "AllergyIntolerance":
            fillers |= _fillers(label, resource)
    return Patient(medications=medications, opioid_use=opioid_use, filler_sensitivities=fillers)
