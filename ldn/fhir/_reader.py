"""The one FHIR reader: resources, references and the medications they name.

:class:`Resources` holds what was given, with what references need (full URLs,
``Type/id``, contained resources); :class:`Reader` reads the medication a resource
names through those references. Public through :mod:`ldn.fhir`; the medication
history (:mod:`ldn.fhir._history`), the confirmation (:mod:`ldn.fhir._confirmation`)
and draft orders (:mod:`ldn.fhir._orders`) are read on top of it. Every member it
reads is checked, and an error names the resource and the field.

Read whole, read once:

* a resource's R4 members (``medicationCodeableConcept``, ``medicationReference``)
  and its R5 member (``medication.concept``, ``medication.reference``) are all read:
  every candidate counts, an opioid among them is an opioid;
* a reference leads to every resource that shares its id or full URL;
* each Medication resource is read once (its own code and ingredients are
  remembered), and a walk through references visits each at most once, so loops
  end and fan-out costs no more than the resources it reaches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from ldn._checks import describe
from ldn.errors import LdnError, LdnTypeError, ScreeningError
from ldn.formulation import Filler
from ldn.medication import Coding, Medication

__all__ = [
    "FILLER_WORDS",
    "Reader",
    "Resources",
    "fhir_json",
    "json_list",
    "json_object",
    "json_text",
    "read_concept",
]

#: The words of each capsule filler, as read in allergy and ingredient texts: each a
#: :class:`~ldn.formulation.Filler`'s ``words`` (``search`` and ``sub`` as a pattern's),
#: read by :meth:`Filler.named_in <ldn.formulation.Filler.named_in>` like every filler word.
FILLER_WORDS: Final = {filler: filler.words for filler in Filler}
#: A reference's version suffix ("Medication/1/_history/2"), dropped when resolving.
_HISTORY: Final = re.compile(r"/_history/[^/]*$")


class Resources:
    """The resources given, with what references need: ids, full URLs and contained ones.

    ``given`` is a Bundle dict or an iterable of resource dicts. With ``strict``
    (the default) an entry that is not a resource raises; otherwise it is listed
    in ``unreadable`` as ``(where, why)`` and the rest is kept.
    """

    def __init__(self, given: object, *, strict: bool = True) -> None:
        if not isinstance(strict, bool):
            raise LdnTypeError("strict", describe(strict), "True or False")
        self.items: list[tuple[str, Mapping[str, Any]]] = []
        self.unreadable: list[tuple[str, LdnError]] = []
        self.by_reference: dict[str, list[Mapping[str, Any]]] = {}
        for where, resource, full_url, refused in _walk(given):
            if refused is not None:
                self._refuse(strict, where, refused)
                continue
            kind = resource.get("resourceType")
            if not isinstance(kind, str) or not kind:
                place = where if where.startswith("Bundle") else f"resources[{where}]"
                error = ScreeningError(
                    f"{place}.resourceType", describe(kind), "a FHIR resource type"
                )
                self._refuse(strict, place, error)
                continue
            self.items.append((f"{kind}[{where}]", resource))
            if isinstance(full_url, str):
                self.by_reference.setdefault(full_url, []).append(resource)
            if isinstance(resource.get("id"), str):
                self.by_reference.setdefault(f"{kind}/{resource['id']}", []).append(resource)

    def _refuse(self, strict: bool, where: str, error: LdnError) -> None:
        if strict:
            raise error
        self.unreadable.append((where, error))

    def _find(self, target: str) -> list[Mapping[str, Any]]:
        """Every resource a (non-contained) reference names: by full URL, and by ``Type/id``.

        An absolute reference ("https://server/fhir/Medication/7") finds the resource
        whose full URL it is and every one given as ``Medication/7``; a version suffix
        is ignored.
        """
        plain = _HISTORY.sub("", target).rstrip("/")
        parts = plain.split("/")
        keys = [target, plain, "/".join(parts[-2:]) if len(parts) >= 2 else target]
        found: dict[int, Mapping[str, Any]] = {}
        for key in keys:
            for resource in self.by_reference.get(key, ()):
                found.setdefault(id(resource), resource)
        return list(found.values())


def fhir_json(value: object, where: str) -> object:
    """A model with ``model_dump`` (``fhir.resources``, pydantic) as its FHIR JSON; else ``value``.

    The dump is ``model_dump(mode="json", by_alias=True, exclude_none=True)``: FHIR's
    own member names (``resourceType``), no empty members. A dump that fails or
    gives no JSON object is a :class:`~ldn.errors.ScreeningError` naming ``where``.
    """
    if isinstance(value, Mapping | str | bytes) or not callable(
        getattr(type(value), "model_dump", None)
    ):
        return value
    try:
        dumped = value.model_dump(mode="json", by_alias=True, exclude_none=True)  # type: ignore[attr-defined]
    except Exception as error:  # the model's own failure, named
        raise ScreeningError(
            where,
            f"a {type(value).__name__} whose model_dump failed ({type(error).__name__})",
            'a resource dict, or a model whose model_dump(mode="json", by_alias=True) gives one',
        ) from None
    if not isinstance(dumped, Mapping):
        raise ScreeningError(
            f"{where}.model_dump()", describe(dumped), "a JSON object (a FHIR resource)"
        )
    return dumped


def _walk(given: object) -> Iterator[tuple[str, Mapping[str, Any], object, LdnError | None]]:
    """Each resource given with where it is and its full URL, or the error of an entry that is none.

    A model with ``model_dump`` (a ``fhir.resources`` model) is read as its JSON
    (:func:`fhir_json`): the Bundle or list given, and each resource in a list.
    """
    nothing: Mapping[str, Any] = {}
    given = fhir_json(given, "resources")
    if isinstance(given, Mapping) and given.get("resourceType") == "Bundle":
        entries = json_list(given, "entry", "Bundle")
        for index, entry in enumerate(entries):
            where = f"Bundle.entry[{index}]"
            if not isinstance(entry, Mapping):
                yield where, nothing, None, ScreeningError(where, describe(entry), "a JSON object")
                continue
            resource = entry.get("resource")
            if not isinstance(resource, Mapping):
                at = f"{where}.resource"
                allowed = (
                    "a JSON object" if resource is not None else "a resource (an entry holds one)"
                )
                yield where, nothing, None, ScreeningError(at, describe(resource), allowed)
                continue
            yield where, resource, entry.get("fullUrl"), None
        return
    if isinstance(given, str | bytes | Mapping) or not isinstance(given, Iterable):
        raise LdnTypeError(
            "resources", describe(given), "a FHIR Bundle dict or an iterable of resource dicts"
        )
    for index, item in enumerate(given):
        try:
            resource = fhir_json(item, f"resources[{index}]")
        except ScreeningError as error:
            yield f"resources[{index}]", nothing, None, error
            continue
        if not isinstance(resource, Mapping):
            at = f"resources[{index}]"
            yield at, nothing, None, ScreeningError(at, describe(resource), "a resource dict")
            continue
        yield str(index), resource, None, None


def json_list(resource: Mapping[str, Any], name: str, where: str) -> list[Any]:
    """A member that is absent (an empty list) or a JSON array, else an error naming where."""
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
    if value is not None and type(value) is not dict and not isinstance(value, Mapping):
        raise error(f"{where}.{name}", describe(value), "a JSON object")
    return value


def json_text(value: object, where: str) -> str | None:
    """A member that is absent or a string, else an error naming where."""
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


def members(
    owner: Mapping[str, Any], name: str, where: str
) -> tuple[list[tuple[Mapping[str, Any], str]], list[tuple[Mapping[str, Any], str]]]:
    """Every concept and reference a ``CodeableReference`` member holds, R4 and R5 alike.

    R4 ``{name}CodeableConcept`` and ``{name}Reference``, and R5 ``{name}.concept``
    and ``{name}.reference``: all that are present, each with where it is.
    """
    concepts: list[tuple[Mapping[str, Any], str]] = []
    references: list[tuple[Mapping[str, Any], str]] = []
    found = [
        (json_object(owner, f"{name}CodeableConcept", where), concepts),
        (json_object(owner, f"{name}Reference", where), references),
    ]
    r5 = json_object(owner, name, where)
    if r5 is not None:
        found.append((json_object(r5, "concept", f"{where}.{name}"), concepts))
        found.append((json_object(r5, "reference", f"{where}.{name}"), references))
    for value, kind in found:
        if value is not None:
            kind.append(
                (value, f"{where}.{name}" if kind is concepts else f"{where}.{name}.reference")
            )
    return concepts, references


#: What one Medication resource says by itself: its code (None without one), its
#: ingredients' concepts, and the references its ingredients make, each with where.
_Own = tuple[Medication | None, list[Medication], list[tuple[Mapping[str, Any], str]]]


def _concept_key(concept: Mapping[str, Any]) -> object:
    """What a CodeableConcept's reading depends on, hashable; None when it cannot be keyed.

    Only strings and None are read from a concept, and no string equals anything
    else, so equal keys read alike (a concept that fails to read is never kept, and a
    key with a value of another type can equal no kept one).
    """
    codings = concept.get("coding", ())
    if type(codings) is not list and codings != ():
        return None
    try:
        return (
            concept.get("text"),
            tuple((c.get("system"), c.get("code"), c.get("display")) for c in codings),
        )
    except AttributeError:  # a coding that is not an object: read, and refused, in full
        return None


def _check_arguments(resource: object, label: object) -> None:
    if type(resource) is not dict and not isinstance(resource, Mapping):
        raise LdnTypeError("resource", describe(resource), "a FHIR resource dict")
    if not isinstance(label, str):
        raise LdnTypeError("label", describe(label), "a str naming the resource")


class Reader:
    """Reads medications through the references of one set of :class:`Resources`."""

    def __init__(self, resources: Resources) -> None:
        if not isinstance(resources, Resources):
            raise LdnTypeError("resources", describe(resources), "a Resources")
        self.resources = resources
        self._own: dict[int, _Own] = {}
        self._concepts: dict[object, Medication] = {}

    def _concept(self, concept: Mapping[str, Any], where: str) -> Medication:
        """:func:`read_concept`, remembered by content: a record that names the same
        product a hundred times builds its entry once."""
        key = _concept_key(concept)
        try:
            known = None if key is None else self._concepts.get(key)
        except TypeError:  # a list or object where a string goes: unhashable
            key = None
        if key is None:
            return read_concept(concept, where)
        if known is None:
            known = self._concepts[key] = read_concept(concept, where)
        return known

    def medications(self, label: str, resource: Mapping[str, Any]) -> list[Medication]:
        """Every entry one resource's ``medication`` names: concepts, referenced Medications
        and their ingredients, each once; an empty entry when it names nothing readable."""
        _check_arguments(resource, label)
        concepts, references = members(resource, "medication", label)
        entries = [self._concept(concept, where) for concept, where in concepts]
        if references:
            entries += self._reach(resource, label, references)
        return list(dict.fromkeys(entries)) or [Medication()]

    def resolve(
        self, owner: Mapping[str, Any], target: str | None, where: str
    ) -> Mapping[str, Any] | None:
        """The first resource a reference names: contained ("#id"), by type/id, or by full URL."""
        found = self.resolve_all(owner, target, where)
        return found[0][0] if found else None

    def resolve_all(
        self, owner: Mapping[str, Any], target: str | None, where: str
    ) -> list[tuple[Mapping[str, Any], bool]]:
        """Every resource a reference names, each with whether it is contained in ``owner``."""
        _check_arguments(owner, where)
        if target is not None and not isinstance(target, str):
            raise LdnTypeError("target", describe(target), "a reference string or None")
        if not target:
            return []
        if target.startswith("#"):
            found = []
            for index, contained in enumerate(json_list(owner, "contained", where)):
                if not isinstance(contained, Mapping):
                    at = f"{where}.contained[{index}]"
                    raise ScreeningError(at, describe(contained), "a resource")
                if contained.get("id") == target[1:]:
                    found.append((contained, True))
            return found
        return [(resource, False) for resource in self.resources._find(target)]

    def _reach(
        self,
        container: Mapping[str, Any],
        label: str,
        references: list[tuple[Mapping[str, Any], str]],
    ) -> list[Medication]:
        """The entries the references lead to, walking each Medication at most once.

        ``container`` holds the resources a "#id" reference names. The walk keeps
        its own stack, so a long chain of references cannot exhaust Python's.
        """
        entries: list[Medication] = []
        seen: set[int] = set()
        stack = [(container, label, ref, where) for ref, where in reversed(references)]
        while stack:
            owner, owner_label, reference, where = stack.pop()
            target = json_text(reference.get("reference"), f"{where}.reference")
            display = json_text(reference.get("display"), f"{where}.display")
            found = [
                (medication, contained)
                for medication, contained in self.resolve_all(owner, target, owner_label)
                if medication.get("resourceType") == "Medication"
            ]
            if not found:
                entries.append(Medication(display))
                continue
            for medication, contained in found:
                if id(medication) in seen:
                    continue
                seen.add(id(medication))
                name = f"Medication[{target}]"
                own, more = self._read_own(medication, name, display)
                entries += own
                holder = (owner, owner_label) if contained else (medication, name)
                stack += [(*holder, ref, at) for ref, at in reversed(more)]
        return entries

    def _read_own(
        self, medication: Mapping[str, Any], where: str, display: str | None
    ) -> tuple[list[Medication], list[tuple[Mapping[str, Any], str]]]:
        """A Medication's code (else the reference's display) and ingredient concepts, read once."""
        known = self._own.get(id(medication))
        if known is None:
            known = self._own[id(medication)] = self._medication_parts(medication, where)
        code, ingredients, more = known
        return [Medication(display) if code is None else code, *ingredients], more

    def _medication_parts(self, medication: Mapping[str, Any], where: str) -> _Own:
        """A Medication's code, its ingredients' concepts, and its ingredients' references."""
        code = json_object(medication, "code", where)
        ingredients: list[Medication] = []
        more: list[tuple[Mapping[str, Any], str]] = []
        for index, ingredient in enumerate(json_list(medication, "ingredient", where)):
            at = f"{where}.ingredient[{index}]"
            if not isinstance(ingredient, Mapping):
                raise ScreeningError(at, describe(ingredient), "an ingredient object")
            concepts, references = members(ingredient, "item", at)
            ingredients += [self._concept(concept, each) for concept, each in concepts]
            more += references
        return None if code is None else self._concept(code, f"{where}.code"), ingredients, more
