"""CDS Hooks 2.0 services: screening when a naltrexone order is picked, checks when it is signed.

Two pure functions; the web server is the integrator's (``examples/cds_service.py``
is a small one):

* :func:`discovery` returns the discovery document (``GET /cds-services``): the
  ``order-select`` service (:data:`ORDER_SELECT`) screens the patient for opioids
  and antagonists as soon as a naltrexone order is picked; the ``order-sign``
  service (:data:`ORDER_SIGN`) screens again and checks the whole order: starting
  dose, daily maximum, interval before each rise, timing, capsule filler and
  whether each liquid dose can be measured. Both ask for the same prefetch
  (:data:`PREFETCH`): the patient's medication requests, statements and allergies.
* :func:`respond` answers one hook request (a dict, as parsed from the JSON body)
  with ``{"cards": [...]}``. A request whose draft orders hold no naltrexone order
  gets no cards. A request that lacks a prefetch the service needs raises
  :class:`~ldn.errors.PrefetchMissingError`: answer HTTP 412. Any other
  :class:`~ldn.errors.LdnError` means the request could not be read: answer 400.

Numbers in a hook request are read by their shortest decimal form, the digits
the JSON held: ``json.loads`` turns ``0.1`` into the float nearest to it, and
``ldn`` reads it back as exactly ``0.1``, never as the binary value
``0.1000000000000000055511151231257827``. ``json.loads(body, parse_float=Decimal)``
gives the same result.

>>> from ldn import titrate
>>> from ldn.fhir import medication_request
>>> order = medication_request(
...     titrate(start="1.5", step="1.5", interval_days=14, target="4.5"), subject="Patient/p1"
... ) | {"id": "ldn-1"}
>>> request = {
...     "hook": "order-select",
...     "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
...     "context": {
...         "patientId": "p1",
...         "selections": ["MedicationRequest/ldn-1"],
...         "draftOrders": {"resourceType": "Bundle", "type": "collection",
...                         "entry": [{"resource": order}]},
...     },
...     "prefetch": {
...         "medicationRequests": {"resourceType": "Bundle", "type": "searchset", "entry": []},
...         "medicationStatements": {"resourceType": "Bundle", "type": "searchset", "entry": [
...             {"resource": {"resourceType": "MedicationStatement", "status": "active",
...                           "medicationCodeableConcept": {"text": "OxyContin 10 mg"},
...                           "subject": {"reference": "Patient/p1"}}}]},
...         "allergies": {"resourceType": "Bundle", "type": "searchset", "entry": []},
...     },
... }
>>> [(card["indicator"], card["summary"]) for card in respond(request)["cards"]]
[('critical', 'Opioid (oxycodone) in the medication list: do not start'), ('critical', 'Opioid use not confirmed: confirm before starting')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ldn._checks import describe, plain_date
from ldn.cds._cards import DEFAULT_SOURCE, DOCS_URL, SOURCE_LABEL, CardSource, service_card
from ldn.cds._order_checks import Carded, order_cards, removal
from ldn.cds._request import (
    HOOKS,
    ORDER_SELECT,
    ORDER_SIGN,
    PREFETCH,
    draft_orders,
    member,
    prefetched,
)
from ldn.contraindication import Severity, screen
from ldn.errors import HookRequestError, LdnTypeError
from ldn.fhir import ORDER_CHECK_DISPLAY, ORDER_CHECK_SYSTEM, OVERRIDE_SYSTEM, patient_from_fhir
from ldn.monograph import MONOGRAPH, Policy
from ldn.opioids import Vocabulary, vocabulary_or_default

__all__ = [
    "DEFAULT_SOURCE",
    "DOCS_URL",
    "ORDER_CHECK_DISPLAY",
    "ORDER_CHECK_SYSTEM",
    "ORDER_SELECT",
    "ORDER_SIGN",
    "OVERRIDE_SYSTEM",
    "PREFETCH",
    "SOURCE_LABEL",
    "CardSource",
    "discovery",
    "respond",
]


def discovery() -> dict[str, Any]:
    """The CDS Hooks discovery document: one service per hook, each with :data:`PREFETCH`.

    >>> [(s["hook"], s["id"]) for s in discovery()["services"]]
    [('order-select', 'ldn-order-select'), ('order-sign', 'ldn-order-sign')]
    """
    return {
        "services": [
            {
                "hook": "order-select",
                "id": ORDER_SELECT,
                "title": "Low dose naltrexone: opioid screening",
                "description": (
                    "When a naltrexone order is picked, screens the patient's medication "
                    "list for opioids (LDN-OPIOID) and opioid antagonists (LDN-ANTAGONIST), "
                    "and reports capsule filler sensitivities (LDN-FILLER)."
                ),
                "prefetch": dict(PREFETCH),
            },
            {
                "hook": "order-sign",
                "id": ORDER_SIGN,
                "title": "Low dose naltrexone: order check",
                "description": (
                    "Before a naltrexone order is signed, screens the patient again and "
                    "checks the order: starting dose (LDN-START), daily maximum "
                    "(LDN-DOSE-MAX), interval before each rise (LDN-STEP-INTERVAL), once "
                    "daily at bedtime (LDN-TIMING), capsule filler (LDN-FILLER) and "
                    "measurable liquid doses (LDN-LIQUID)."
                ),
                "prefetch": dict(PREFETCH),
            },
        ]
    }


def respond(
    request: Mapping[str, Any],
    *,
    policy: Policy = MONOGRAPH,
    as_of: dt.date | None = None,
    counselling: bool = False,
    vocabulary: Vocabulary | None = None,
    source: CardSource = DEFAULT_SOURCE,
) -> dict[str, list[dict[str, Any]]]:
    """The CDS Hooks response to an ``order-select`` or ``order-sign`` request: ``{"cards": [...]}``.

    ``request`` is the hook request as a dict (the parsed JSON body). Its context's
    ``draftOrders`` are searched for naltrexone orders (``order-select``: those in
    ``selections``): a ``MedicationRequest`` whose medication is naltrexone alone, by
    ATC N07BB04, a known RxNorm or SNOMED CT code, or its text. None found: no cards.
    Otherwise the patient is read from the prefetch (every key of :data:`PREFETCH`
    is needed) and the other draft orders, screened under ``policy``, and, for
    ``order-sign``, the order is checked. ``as_of`` is the date of the first dose:
    the medication history is read and screened against it (LDN-OPIOID-FREE, a
    recorded confirmation, LDN-CONFIRM; see :func:`~ldn.fhir.patient_from_fhir`);
    a resource in the prefetch that cannot be read is a ``record-unreadable``
    card, not an error. Counselling (info) cards come only with
    ``counselling=True``.

    Each card has a ``uuid`` derived from ``hookInstance`` (the same request gets the
    same uuids), a ``source`` whose ``topic`` is the finding's code, a Markdown
    ``detail`` with free text escaped, ``links`` to the rule's documentation and
    sources, ``overrideReasons`` when it is critical, and ``suggestions`` where the
    fix is mechanical: removing the draft order (an opioid or another antagonist in
    the list) or another capsule filler.

    Raises :class:`~ldn.errors.PrefetchMissingError` (answer HTTP 412) when a
    prefetch is missing, and another :class:`~ldn.errors.LdnError` (answer 400) when
    the request as a whole cannot be read.
    """
    if not isinstance(request, Mapping):
        raise LdnTypeError("request", describe(request), "a hook request dict (the parsed JSON)")
    if not isinstance(policy, Policy):
        raise LdnTypeError("policy", describe(policy), "a Policy")
    if as_of is not None:
        plain_date(as_of, "as_of", "a datetime.date or None")
    if not isinstance(counselling, bool):
        raise LdnTypeError("counselling", describe(counselling), "True or False")
    if not isinstance(source, CardSource):
        raise LdnTypeError("source", describe(source), "a CardSource")
    vocabulary = vocabulary_or_default(vocabulary)
    hook = request.get("hook")
    if not isinstance(hook, str) or hook not in HOOKS:
        raise HookRequestError("hook", describe(hook), "'order-select' or 'order-sign'")
    instance = member(request, "hookInstance", "request", str, "a string (a UUID)")
    context = member(request, "context", "request", Mapping, "a JSON object")
    member(context, "patientId", "context", str, "a string")
    orders, reader, others = draft_orders(hook, context, vocabulary)
    if not orders:
        return {"cards": []}
    entries = prefetched(request, {o.reference for o in orders if o.reference is not None})
    entries += [{"resource": resource} for _, resource in others]
    patient = patient_from_fhir(
        {"resourceType": "Bundle", "type": "collection", "entry": entries}, as_of=as_of
    )
    report = screen(patient, policy, vocabulary=vocabulary, as_of=as_of)
    carded: list[Carded] = []
    settled = False
    if hook == "order-sign":
        for order in orders:
            cards, order_settles = order_cards(order, reader, patient.filler_sensitivities, policy)
            carded += cards
            settled = settled or order_settles
    for finding in report.findings:
        if finding.severity is Severity.INFO and not counselling:
            continue
        if finding.code == "filler-sensitivity" and settled:
            continue  # the order names its filler or is a liquid: its own card says it
        removable = finding.code in ("opioid-use", "opioid-antagonist")
        carded.append((finding, removal(orders) if removable else []))
    carded.sort(key=lambda item: item[0].severity.rank)
    service = HOOKS[hook]
    return {
        "cards": [
            service_card(
                finding,
                suggestions,
                f"{instance}|{service}|{number}|{finding.code}",
                policy,
                source,
            )
            for number, (finding, suggestions) in enumerate(carded)
        ]
    }
