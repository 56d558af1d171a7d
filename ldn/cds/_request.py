"""Reading a CDS Hooks request: the hook, its context, the draft orders it is about, the prefetch.

Which draft orders are naltrexone orders is decided here (:func:`is_naltrexone`),
with the screening vocabulary; the orders themselves are read as FHIR by
:mod:`ldn.fhir`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final

from attrs import frozen

from ldn._checks import describe
from ldn.errors import HookRequestError, PrefetchMissingError
from ldn.fhir import CONFIRMATION_CODES, NALTREXONE_ATC, Reader, Resources
from ldn.medication import ATC, Coding, Medication
from ldn.opioids import Vocabulary

__all__ = [
    "HOOKS",
    "ORDER_SELECT",
    "ORDER_SIGN",
    "PREFETCH",
    "Order",
    "draft_orders",
    "is_naltrexone",
    "member",
    "prefetch_templates",
    "prefetched",
]

#: The service id of the ``order-select`` hook (screening as a naltrexone order is picked).
ORDER_SELECT: Final = "ldn-order-select"
#: The service id of the ``order-sign`` hook (screening and the checks of the whole order).
ORDER_SIGN: Final = "ldn-order-sign"
HOOKS: Final = MappingProxyType({"order-select": ORDER_SELECT, "order-sign": ORDER_SIGN})

#: The prefetch templates of both services. Every key is needed: without the whole
#: medication history no screening can say "no opioid found", and a continuation
#: (LDN-CONTINUE) is told by the patient's requests, statements and dispenses. A key
#: sent as ``null`` means the client has no such data (CDS Hooks 2.0) and is read as
#: empty; a key left out is :class:`~ldn.errors.PrefetchMissingError` (HTTP 412).
#: The requests are asked for in every status: stopped and completed ones date the
#: last opioid (LDN-OPIOID-FREE) and the last LDN (LDN-CONTINUE).
PREFETCH: Final[Mapping[str, str]] = MappingProxyType(
    {
        "medicationRequests": "MedicationRequest?patient={{context.patientId}}",
        "medicationStatements": "MedicationStatement?patient={{context.patientId}}",
        "medicationDispenses": "MedicationDispense?patient={{context.patientId}}",
        "medicationAdministrations": "MedicationAdministration?patient={{context.patientId}}",
        "allergies": "AllergyIntolerance?patient={{context.patientId}}",
        "opioidUseObservations": (
            "Observation?patient={{context.patientId}}"
            f"&code={CONFIRMATION_CODES[0].system}|{CONFIRMATION_CODES[0].code}"
        ),
    }
)


def prefetch_templates(codes: tuple[Coding, ...] = CONFIRMATION_CODES) -> dict[str, str]:
    """:data:`PREFETCH`, its Observation search naming ``codes`` (the integrator's own)."""
    templates = dict(PREFETCH)
    templates["opioidUseObservations"] = (
        "Observation?patient={{context.patientId}}&code="
        + ",".join(f"{code.system}|{code.code}" for code in codes)
    )
    return templates


_NALTREXONE: Final = "naltrexone"


def member(owner: Mapping[str, Any], name: str, where: str, kind: type, allowed: str) -> Any:
    """The member ``name`` of a request object, of ``kind`` (a str: not blank), else 400."""
    value = owner.get(name)
    if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
        raise HookRequestError(f"{where}.{name}", describe(value), allowed)
    return value


def _reference_of(kind: str, resource: Mapping[str, Any]) -> str | None:
    identifier = resource.get("id")
    return f"{kind}/{identifier}" if isinstance(identifier, str) and identifier else None


@frozen
class Order:
    """One naltrexone draft order: where it is in the request, its resource and reference."""

    label: str
    resource: Mapping[str, Any]
    reference: str | None


def is_naltrexone(entries: Iterable[Medication], vocabulary: Vocabulary) -> bool:
    """Whether the entries name naltrexone alone: by ATC N07BB04, a known code or text.

    A combination (a brand, code or ATC class that holds more than naltrexone) or any
    opioid or other antagonist in the entries makes it another drug's order.
    """
    known = {(c.system, c.code): c.substances for c in vocabulary.codes}
    naltrexone = vocabulary.by_name().get(_NALTREXONE)
    combinations = set(() if naltrexone is None else naltrexone.atc_codes) - {NALTREXONE_ATC}
    found = False
    for entry in entries:
        opioids, antagonists, _ = vocabulary.scan(entry)
        if opioids:
            return False
        for match in antagonists:
            if match.substance.name != _NALTREXONE:
                return False
            if match.product is not None and any(
                product.substances != (_NALTREXONE,)
                for product in vocabulary.products
                if product.name == match.product
            ):
                return False
            found = True
        for coding in entry.codings:
            if coding.system == ATC and coding.code in combinations:
                return False  # an ATC combination class that holds naltrexone
            if known.get((coding.system, coding.code), (_NALTREXONE,)) != (_NALTREXONE,):
                return False
    return found


def draft_orders(
    hook: str, context: Mapping[str, Any], vocabulary: Vocabulary
) -> tuple[list[Order], Reader, list[tuple[str, Mapping[str, Any]]]]:
    """The naltrexone orders the hook is about, the reader of the draft orders, and the others."""
    bundle = member(context, "draftOrders", "context", Mapping, "a FHIR Bundle of draft orders")
    if bundle.get("resourceType") != "Bundle":
        raise HookRequestError(
            "context.draftOrders.resourceType", describe(bundle.get("resourceType")), "'Bundle'"
        )
    selections: set[str] | None = None
    if hook == "order-select":
        chosen = member(context, "selections", "context", list, "a list of references")
        if not all(isinstance(each, str) for each in chosen):
            raise HookRequestError("context.selections", describe(chosen), "a list of strings")
        selections = set(chosen)
    drafts = Resources(bundle)
    reader = Reader(drafts)
    orders: list[Order] = []
    others: list[tuple[str, Mapping[str, Any]]] = []
    for label, resource in drafts.items:
        kind = resource["resourceType"]
        reference = _reference_of(kind, resource)
        if kind == "MedicationRequest" and (selections is None or reference in selections):
            entries = tuple(reader.medications(label, resource))
            if is_naltrexone(entries, vocabulary):
                orders.append(Order(label, resource, reference))
                continue
        others.append((label, resource))
    return orders, reader, others


def prefetched(request: Mapping[str, Any], exclude: set[str]) -> list[dict[str, Any]]:
    """Every prefetched entry (Bundle entries kept whole, for full-URL references).

    A key whose value is ``null`` is read as no data; a key left out raises
    :class:`~ldn.errors.PrefetchMissingError`. A prefetched resource that is not a
    Bundle (a single-resource template) is read as one entry.
    """
    prefetch = request.get("prefetch")
    if prefetch is not None and not isinstance(prefetch, Mapping):
        raise HookRequestError("prefetch", describe(prefetch), "a JSON object")
    entries: list[dict[str, Any]] = []
    for key, template in PREFETCH.items():
        if prefetch is None or key not in prefetch:
            raise PrefetchMissingError(
                f"prefetch {key!r}",
                "missing",
                f"the result of {template}, or null when the client has none "
                "(ldn does no I/O: answer HTTP 412)",
            )
        bundle = prefetch[key]
        if bundle is None:
            continue  # CDS Hooks 2.0: the client has no data for this key
        if not isinstance(bundle, Mapping) or not isinstance(bundle.get("resourceType"), str):
            raise HookRequestError(
                f"prefetch {key!r}", describe(bundle), "a FHIR Bundle or resource, or null"
            )
        if bundle["resourceType"] != "Bundle":
            raw: object = [{"resource": bundle}]
        else:
            raw = bundle.get("entry", [])
        if not isinstance(raw, list):
            raise HookRequestError(f"prefetch {key!r}.entry", describe(raw), "a JSON array")
        for index, entry in enumerate(raw):
            if not isinstance(entry, Mapping):
                raise HookRequestError(
                    f"prefetch {key!r}.entry[{index}]", describe(entry), "a JSON object"
                )
            resource = entry.get("resource")
            if isinstance(resource, Mapping):
                kind = resource.get("resourceType")
                if isinstance(kind, str) and _reference_of(kind, resource) in exclude:
                    continue  # the draft naltrexone order itself
            entries.append(dict(entry))
    return entries
