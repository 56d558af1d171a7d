"""CDS Hooks 2.0 services: screening when a naltrexone order is picked, checks when it is signed.

Two pure functions; the web server is the integrator's (``examples/cds_service.py``
is a deployable example):

* :func:`discovery` returns the discovery document (``GET /cds-services``): the
  ``order-select`` service (:data:`ORDER_SELECT`) screens the patient for opioids
  and antagonists as soon as a naltrexone or LDN order is picked; the
  ``order-sign`` service (:data:`ORDER_SIGN`) screens again and checks the whole
  order: starting dose on a new start, daily maximum, size of and interval
  before each rise, timing, capsule filler, measurable liquid doses, and whether
  the order continues, restarts or duplicates the patient's LDN (LDN-CONTINUE).
  Both ask for the same prefetch (:data:`PREFETCH`): the patient's medication
  history, allergies and recorded confirmations of opioid use.
* :func:`respond` answers one hook request (a dict, as parsed from the JSON body)
  with ``{"cards": [...]}``, one card per finding code. A request whose draft
  orders hold no naltrexone order gets no cards. A prefetch key sent as ``null``
  is read as no data; a key left out raises
  :class:`~ldn.errors.PrefetchMissingError`: answer HTTP 412. Any other
  :class:`~ldn.errors.LdnError` means the request could not be read: answer 400.

Numbers in a hook request are read by their shortest decimal form, the digits
the JSON held: ``json.loads`` turns ``0.1`` into the float nearest to it, and
``ldn`` reads it back as exactly ``0.1``, never as the binary value
``0.1000000000000000055511151231257827``. ``json.loads(body, parse_float=Decimal)``
gives the same result.

>>> import datetime as dt
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
...         "medicationDispenses": None, "medicationAdministrations": None,
...         "allergies": None, "opioidUseObservations": None,
...     },
... }
>>> [(card["indicator"], card["summary"]) for card in respond(request, as_of=dt.date(2026, 12, 3))["cards"]]
[('critical', 'Opioid (oxycodone) in the medication list: do not start'), ('critical', 'Opioid use not confirmed: confirm before starting')]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from ldn._checks import describe, plain_date
from ldn.cds._cards import DEFAULT_SOURCE, DOCS_URL, SOURCE_LABEL, CardSource, service_card
from ldn.cds._order_checks import (
    Carded,
    course_findings,
    order_cards,
    removal,
    unreadable_order,
)
from ldn.cds._request import (
    HOOKS,
    ORDER_SELECT,
    ORDER_SIGN,
    PREFETCH,
    Drafts,
    draft_orders,
    member,
    prefetch_templates,
    prefetched,
)
from ldn.contraindication import Finding, Severity, screen
from ldn.errors import HookRequestError, LdnTypeError
from ldn.fhir import (
    DEFAULT_CANONICAL,
    ORDER_CHECK_DISPLAY,
    ORDER_CHECK_SYSTEM,
    OVERRIDE_SYSTEM,
    Canonical,
    confirmation_codes_of,
    confirmation_observation,
    patient_and_course,
)
from ldn.medication import Coding
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


#: A FHIR id, and a reference a user id may be for the confirmation's performer.
_FHIR_ID: Final = re.compile(r"[A-Za-z0-9\-.]{1,64}")
_PERFORMER: Final = re.compile(
    r"(?:Practitioner|PractitionerRole|Patient|RelatedPerson)/[A-Za-z0-9\-.]{1,64}"
)


def discovery(
    *,
    confirmation_codes: Iterable[Coding] | None = None,
    canonical: Canonical = DEFAULT_CANONICAL,
) -> dict[str, Any]:
    """The CDS Hooks discovery document: one service per hook, each with :data:`PREFETCH`.

    ``confirmation_codes`` are the integrator's codes of the confirmation
    Observation (pass the same to :func:`respond`): the prefetch asks for them.
    Without them it asks for the library's own code, under ``canonical`` (pass
    the same to :func:`respond`; see :class:`~ldn.fhir.Canonical`).

    >>> [(s["hook"], s["id"]) for s in discovery()["services"]]
    [('order-select', 'ldn-order-select'), ('order-sign', 'ldn-order-sign')]
    """
    prefetch = prefetch_templates(confirmation_codes_of(confirmation_codes, canonical=canonical))
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
                "prefetch": prefetch,
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
                "prefetch": prefetch,
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
    confirmation_codes: Iterable[Coding] | None = None,
    canonical: Canonical = DEFAULT_CANONICAL,
) -> dict[str, list[dict[str, Any]]]:
    """The CDS Hooks response to an ``order-select`` or ``order-sign`` request: ``{"cards": [...]}``.

    ``request`` is the hook request as a dict (the parsed JSON body). Its context's
    ``draftOrders`` are searched for naltrexone orders (``order-select``: those in
    ``selections``): a ``MedicationRequest`` whose medication names naltrexone
    alone, by ATC N07BB04, a known RxNorm or SNOMED CT code, or its text ("LDN",
    "low dose naltrexone" included). A draft order whose drug cannot be read gets
    ``order-unreadable``. No naltrexone order: no other card. Otherwise the patient
    is read from the prefetch (every key of :data:`PREFETCH`; ``null`` is no data)
    and the other draft orders, with the course of the order (new start,
    continuation or restart: LDN-CONTINUE, :func:`~ldn.fhir.patient_and_course`),
    screened under ``policy``, and, for ``order-sign``, the order is checked.

    ``as_of`` is the date of the first dose (the service's today): the medication
    history is read and screened against it (LDN-OPIOID-FREE, LDN-CONFIRM,
    LDN-CONTINUE). Always pass it: without it no confirmation counts and no
    dispense continues. ``confirmation_codes`` are the integrator's codes of the
    confirmation Observation (default :data:`~ldn.fhir.CONFIRMATION_CODES`).
    ``source`` names the service on every card. ``canonical`` names where the code
    systems and rules are published (:class:`~ldn.fhir.Canonical`): each card's
    topic and override reasons are coded under it, its rule link is its rule URL,
    and without ``confirmation_codes`` the confirmation is read and written under
    its observation code system. Counselling (info) cards come only with
    ``counselling=True``.

    One card per finding code, naming each entry that gave it. Each card has a
    ``uuid`` derived from ``hookInstance`` and its code (the same request gets the
    same uuids), a ``source`` whose ``topic`` is the finding's code, a Markdown
    ``detail`` with free text escaped (no entry can become a link), ``links`` to
    the rule's documentation and sources, ``overrideReasons`` when it is critical,
    and ``suggestions`` where the fix is mechanical: removing the draft order (an
    opioid or another antagonist in the list), another capsule filler, or
    recording the confirmation (an Observation to create; needs ``as_of``).

    Raises :class:`~ldn.errors.PrefetchMissingError` (answer HTTP 412) when a
    prefetch key is missing, and another :class:`~ldn.errors.LdnError` (answer 400) when
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
    if not isinstance(canonical, Canonical):
        raise LdnTypeError("canonical", describe(canonical), "a Canonical (ldn.fhir.Canonical)")
    codes = confirmation_codes_of(confirmation_codes, canonical=canonical)
    vocabulary = vocabulary_or_default(vocabulary)
    hook = request.get("hook")
    if not isinstance(hook, str) or hook not in HOOKS:
        raise HookRequestError("hook", describe(hook), "'order-select' or 'order-sign'")
    instance = member(request, "hookInstance", "request", str, "a string (a UUID)")
    context = member(request, "context", "request", Mapping, "a JSON object")
    patient_id = member(context, "patientId", "context", str, "a string")
    drafts = draft_orders(hook, context, vocabulary)
    carded: list[Carded] = [(unreadable_order(order), []) for order in drafts.unreadable]
    orders = drafts.orders
    if orders:
        carded += _screened(
            request,
            hook,
            drafts,
            policy,
            as_of,
            counselling,
            vocabulary,
            codes,
            patient_id,
            context.get("userId"),
        )
    return {"cards": _grouped_cards(carded, f"{instance}|{HOOKS[hook]}", policy, source, canonical)}


def _screened(
    request: Mapping[str, Any],
    hook: str,
    drafts: Drafts,
    policy: Policy,
    as_of: dt.date | None,
    counselling: bool,
    vocabulary: Vocabulary,
    codes: tuple[Coding, ...],
    patient_id: str,
    user: object,
) -> list[Carded]:
    """The findings of screening the record and, for ``order-sign``, of checking each order."""
    orders = drafts.orders
    entries, outcomes = prefetched(
        request, {o.reference for o in orders if o.reference is not None}
    )
    entries += [{"resource": resource} for _, resource in drafts.others]
    patient, course = patient_and_course(
        {"resourceType": "Bundle", "type": "collection", "entry": entries},
        as_of=as_of,
        confirmation_codes=codes,
        policy=policy,
        vocabulary=vocabulary,
    )
    if outcomes:
        patient = attrs.evolve(patient, unreadable=(*patient.unreadable, *outcomes))
    report = screen(patient, policy, vocabulary=vocabulary, as_of=as_of, course=course.course)
    carded: list[Carded] = []
    settled = False
    if hook == "order-sign":
        for order in orders:
            cards, order_settles = order_cards(
                order, drafts.reader, patient.filler_sensitivities, policy, course
            )
            carded += cards
            settled = settled or order_settles
        carded += [(finding, []) for finding in course_findings(orders, course, as_of, policy)]
    # No one-click "no opioid" record while the record itself shows opioid use.
    confirmable = as_of is not None and not {"opioid-use", "opioid-recent"} & set(report.codes())
    for finding in report.findings:
        if finding.severity is Severity.INFO and not counselling:
            continue
        if finding.code == "filler-sensitivity" and settled:
            continue  # the order names its filler or is a liquid: its own card says it
        suggestions: list[dict[str, Any]] = []
        if finding.code in ("opioid-use", "opioid-antagonist"):
            suggestions = removal(orders)
        elif finding.code == "opioid-use-unconfirmed" and confirmable:
            assert as_of is not None
            suggestions = _confirm(patient_id, as_of, user, codes[0], policy)
        carded.append((finding, suggestions))
    return carded


def _confirm(
    patient_id: str, as_of: dt.date, user: object, code: Coding, policy: Policy
) -> list[dict[str, Any]]:
    """The suggestion that records the confirmation as data (LDN-CONFIRM); none when the
    patient id is no FHIR id (the Observation would have no valid subject)."""
    if not _FHIR_ID.fullmatch(patient_id):
        return []
    performer = user if isinstance(user, str) and _PERFORMER.fullmatch(user) else None
    observation = confirmation_observation(
        f"Patient/{patient_id}", on=as_of, performer=performer, code=code
    )
    return [
        {
            "label": "Patient confirms no opioid taken: record it",
            "isRecommended": False,
            "actions": [
                {
                    "type": "create",
                    "description": "Record that the patient confirmed taking no opioid "
                    f"(confirms the next {policy.confirmation_days} days of orders)",
                    "resource": observation,
                }
            ],
        }
    ]


def _grouped_cards(
    carded: list[Carded], key: str, policy: Policy, source: CardSource, canonical: Canonical
) -> list[dict[str, Any]]:
    """One card per finding code (the distinct findings of a code share it), most severe first."""
    groups: dict[str, tuple[list[Finding], list[dict[str, Any]]]] = {}
    for finding, suggestions in carded:
        found, offered = groups.setdefault(finding.code, ([], []))
        if finding not in found:
            found.append(finding)
        offered += [each for each in suggestions if each not in offered]
    ordered = sorted(groups.items(), key=lambda item: item[1][0][0].severity.rank)
    return [
        service_card(found, offered, f"{key}|{code}", policy, source, canonical)
        for code, (found, offered) in ordered
    ]
