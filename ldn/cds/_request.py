"""Reading a CDS Hooks request: the hook, its context, the draft orders it is about, the prefetch.

Which draft orders are naltrexone orders is decided here (:func:`draft_orders`),
with the screening vocabulary; the orders themselves are read as FHIR by
:mod:`ldn.fhir`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from attrs import frozen

from ldn._checks import abbreviate, describe
from ldn.contraindication import Unreadable
from ldn.errors import HookRequestError, LdnError, PrefetchMissingError
from ldn.fhir import CONFIRMATION_CODES, Reader, Resources
from ldn.medication import Coding, Medication
from ldn.opioids import Vocabulary

__all__ = [
    "HOOKS",
    "ORDER_SELECT",
    "ORDER_SIGN",
    "PREFETCH",
    "Drafts",
    "Order",
    "draft_orders",
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
    """One draft order the services are about: where it is in the request, its resource and
    reference, and (an order whose drug cannot be read) why not."""

    label: str
    resource: Mapping[str, Any]
    reference: str | None
    unreadable: str | None = None


def _drug(reader: Reader, label: str, resource: Mapping[str, Any]) -> tuple[Medication, ...] | str:
    """The entries a draft order's medication names, or why it names none that can be read."""
    try:
        entries = tuple(reader.medications(label, resource))
    except LdnError as error:
        return str(error)
    if all(entry.text is None and not entry.codings for entry in entries):
        return "it names no medication ldn can read (no text, display or code)"
    return entries


@frozen
class Drafts:
    """The draft orders of a request: naltrexone orders, orders whose drug cannot be read,
    the reader of the drafts, and the other drafts (screened as the patient's medicines)."""

    orders: list[Order]
    unreadable: list[Order]
    reader: Reader
    others: list[tuple[str, Mapping[str, Any]]]


def draft_orders(hook: str, context: Mapping[str, Any], vocabulary: Vocabulary) -> Drafts:
    """The naltrexone orders the hook is about (``order-select``: those selected), and the rest.

    An order is a naltrexone order when its medication names naltrexone alone, in
    any text, display or code (LDN and low dose naltrexone included:
    :meth:`~ldn.opioids.Vocabulary.names_alone`).
    """
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
    unreadable: list[Order] = []
    others: list[tuple[str, Mapping[str, Any]]] = []
    for label, resource in drafts.items:
        kind = resource["resourceType"]
        reference = _reference_of(kind, resource)
        if kind == "MedicationRequest" and (selections is None or reference in selections):
            drug = _drug(reader, label, resource)
            if isinstance(drug, str):
                unreadable.append(Order(label, resource, reference, drug))
                continue
            if vocabulary.names_alone(drug, _NALTREXONE):
                orders.append(Order(label, resource, reference))
                continue
        others.append((label, resource))
    return Drafts(orders, unreadable, reader, others)


def _outcome(key: str, where: str, resource: Mapping[str, Any]) -> Unreadable:
    """An OperationOutcome the client sent in the prefetch: what it says, bounded."""
    said = []
    issues = resource.get("issue")
    for issue in issues if isinstance(issues, list) else []:
        if isinstance(issue, Mapping):
            words = [issue.get(name) for name in ("severity", "code", "diagnostics")]
            said.append(" ".join(word for word in words if isinstance(word, str)))
    return Unreadable(
        f"prefetch {key!r}{where}",
        "the client sent an OperationOutcome instead of the data "
        f"({abbreviate('; '.join(said) or 'no issue given', 200)}): "
        "the record may be incomplete",
    )


def prefetched(
    request: Mapping[str, Any], exclude: set[str]
) -> tuple[list[dict[str, Any]], list[Unreadable]]:
    """Every prefetched entry (Bundle entries kept whole, for full-URL references), and
    the OperationOutcomes the client sent, named (the data they stand for is missing).

    A key whose value is ``null`` is read as no data; a key left out raises
    :class:`~ldn.errors.PrefetchMissingError`. A prefetched resource that is not a
    Bundle (a single-resource template) is read as one entry.
    """
    prefetch = request.get("prefetch")
    if prefetch is not None and not isinstance(prefetch, Mapping):
        raise HookRequestError("prefetch", describe(prefetch), "a JSON object")
    entries: list[dict[str, Any]] = []
    outcomes: list[Unreadable] = []
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
        if bundle["resourceType"] == "OperationOutcome":
            outcomes.append(_outcome(key, "", bundle))
            continue
        raw: object = (
            [{"resource": bundle}]
            if bundle["resourceType"] != "Bundle"
            else bundle.get("entry", [])
        )
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
                if kind == "OperationOutcome":
                    outcomes.append(_outcome(key, f".entry[{index}]", resource))
                    continue
                if isinstance(kind, str) and _reference_of(kind, resource) in exclude:
                    continue  # the draft naltrexone order itself
            entries.append(dict(entry))
    return entries, outcomes
