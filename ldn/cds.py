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
import itertools
import math
import re
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Final, cast

from attrs import frozen

from ldn._checks import describe, plain_date, quoted
from ldn._exact import format_fraction
from ldn._fhir_input import _FILLER_WORDS, _concept, _Reader, _Resources, patient_from_fhir
from ldn._fhir_input import _object as _fhir_object
from ldn.contraindication import _CDS_INDICATOR, _RANK, Finding, Severity, screen
from ldn.dose import Dose, Volume
from ldn.errors import HookRequestError, LdnError, LdnTypeError, PrefetchMissingError
from ldn.fhir import FINDING_DISPLAY, FINDING_SYSTEM
from ldn.formulation import Filler, OralLiquid, choose_filler
from ldn.medication import ATC, Medication
from ldn.monograph import MONOGRAPH, Policy, RuleId
from ldn.opioids import Vocabulary, default_vocabulary

__all__ = [
    "DOCS_URL",
    "ORDER_CHECK_DISPLAY",
    "ORDER_CHECK_SYSTEM",
    "ORDER_SELECT",
    "ORDER_SIGN",
    "OVERRIDE_SYSTEM",
    "PREFETCH",
    "SOURCE_LABEL",
    "discovery",
    "respond",
]

#: The service id of the ``order-select`` hook (screening as a naltrexone order is picked).
ORDER_SELECT: Final = "ldn-order-select"
#: The service id of the ``order-sign`` hook (screening and the checks of the whole order).
ORDER_SIGN: Final = "ldn-order-sign"
_HOOKS: Final = MappingProxyType({"order-select": ORDER_SELECT, "order-sign": ORDER_SIGN})

#: The prefetch templates of both services. Every key is needed: without the whole
#: medication list no screening can say "no opioid found".
PREFETCH: Final[Mapping[str, str]] = MappingProxyType(
    {
        "medicationRequests": (
            "MedicationRequest?patient={{context.patientId}}&status=active,on-hold,draft,unknown"
        ),
        "medicationStatements": "MedicationStatement?patient={{context.patientId}}",
        "allergies": "AllergyIntolerance?patient={{context.patientId}}",
    }
)

#: The card source's label and the documentation every card links to.
SOURCE_LABEL: Final = "ldn: low dose naltrexone dosing rules"
DOCS_URL: Final = "https://ldn-dosing.readthedocs.io/en/latest/"
#: The code system of the order checks (``source.topic`` of their cards).
ORDER_CHECK_SYSTEM: Final = "https://ldn-dosing.readthedocs.io/cds/CodeSystem/order-check"
#: The code system of the override reasons offered on blocking cards.
OVERRIDE_SYSTEM: Final = "https://ldn-dosing.readthedocs.io/cds/CodeSystem/override-reason"

#: One fixed display per order-check code.
ORDER_CHECK_DISPLAY: Final[Mapping[str, str]] = MappingProxyType(
    {
        "order-dose-above-maximum": "Daily dose above the policy maximum",
        "order-start-dose": "Starting dose outside the policy range",
        "order-rise-too-soon": "Dose rises before the minimum interval",
        "order-timing": "Not once daily at bedtime",
        "order-filler": "Capsule filler the patient is sensitive to",
        "order-liquid-unmeasurable": "Liquid dose the oral syringes cannot measure",
        "order-unreadable": "Order could not be checked",
    }
)

_NALTREXONE: Final = "naltrexone"
_NALTREXONE_ATC: Final = "N07BB04"
_OVERRIDE: Final = MappingProxyType(
    {
        "opioid-use": (
            ("opioid-stopped", "Opioid stopped; the medication list is out of date"),
            ("entry-misread", "The entry holds no opioid"),
        ),
        "opioid-use-unconfirmed": (
            ("no-opioids-confirmed", "Confirmed with the patient: takes no opioids"),
        ),
    }
)
_PRESCRIBER: Final = (("prescriber-decision", "Prescriber's decision: keep the order as written"),)
#: Namespace of the card uuids (uuid5 of the hook instance, service, position and finding).
_UUID_NAMESPACE: Final = uuid.UUID("5a0c4c51-7f56-4d5e-9a8c-2b1c7d4f0e21")
#: Characters with a meaning inside a Markdown line (CommonMark), and the markers that
#: open a block at its start; a backslash makes each literal.
_MARKDOWN_INLINE: Final = re.compile(r"([\\`*_{}\[\]<>|~&])")
_MARKDOWN_BLOCK: Final = re.compile(r"^([#+=>-]|[0-9]+[.)])")
_PER_DAY: Final = MappingProxyType({"h": Fraction(24), "d": Fraction(1), "wk": Fraction(1, 7)})
_DURATION_DAYS: Final = MappingProxyType({"d": 1, "wk": 7})
_MAX_NUMBER: Final = Decimal(10) ** 9
_MAX_DIGITS: Final = 20
_DATE: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


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


# -- reading the request ------------------------------------------------------------------


def _member(owner: Mapping[str, Any], name: str, where: str, kind: type, allowed: str) -> Any:
    value = owner.get(name)
    if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
        raise HookRequestError(f"{where}.{name}", describe(value), allowed)
    return value


def _number(value: object, where: str) -> Fraction:
    """A JSON number by its shortest decimal form (a float's repr), exactly.

    >>> _number(0.1, "x"), _number(Decimal("4.5"), "x"), _number(3, "x")
    (Fraction(1, 10), Fraction(9, 2), Fraction(3, 1))
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise HookRequestError(where, describe(value), "a JSON number")
    # A float's repr holds the shortest digits that read back as the same float ("nan"
    # and "inf" included); Decimal of a str or an int is exact and uses no context. A
    # huge int is refused without converting it (a million digits take seconds).
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, int) and abs(value) >= _MAX_NUMBER:
        number = Decimal("Infinity")
    else:
        number = Decimal(value)
    if (
        not number.is_finite()
        or abs(number) >= _MAX_NUMBER
        or len(number.as_tuple().digits) > _MAX_DIGITS
    ):
        raise HookRequestError(
            where,
            describe(value),
            f"a finite number below 1000000000, of at most {_MAX_DIGITS} digits",
        )
    return Fraction(number)


def _reference_of(kind: str, resource: Mapping[str, Any]) -> str | None:
    identifier = resource.get("id")
    return f"{kind}/{identifier}" if isinstance(identifier, str) and identifier else None


@frozen
class _Order:
    """One naltrexone draft order: where it is in the request, its resource and reference."""

    label: str
    resource: Mapping[str, Any]
    reference: str | None


def _is_naltrexone(entries: Iterable[Medication], vocabulary: Vocabulary) -> bool:
    """Whether the entries name naltrexone alone: by ATC N07BB04, a known code or text.

    A combination (a brand, code or ATC class that holds more than naltrexone) or any
    opioid or other antagonist in the entries makes it another drug's order.
    """
    known = {(c.system, c.code): c.substances for c in vocabulary.codes}
    naltrexone = vocabulary.by_name().get(_NALTREXONE)
    combinations = set(() if naltrexone is None else naltrexone.atc_codes) - {_NALTREXONE_ATC}
    found = False
    for entry in entries:
        opioids, antagonists, _ = vocabulary._scan(entry)
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


def _orders(
    hook: str, context: Mapping[str, Any], vocabulary: Vocabulary
) -> tuple[list[_Order], _Resources, list[tuple[str, Mapping[str, Any]]]]:
    """The naltrexone orders the hook is about, the draft orders, and the other draft orders."""
    bundle = _member(context, "draftOrders", "context", Mapping, "a FHIR Bundle of draft orders")
    if bundle.get("resourceType") != "Bundle":
        raise HookRequestError(
            "context.draftOrders.resourceType", describe(bundle.get("resourceType")), "'Bundle'"
        )
    selections: set[str] | None = None
    if hook == "order-select":
        chosen = _member(context, "selections", "context", list, "a list of references")
        if not all(isinstance(each, str) for each in chosen):
            raise HookRequestError("context.selections", describe(chosen), "a list of strings")
        selections = set(chosen)
    drafts = _Resources(bundle)
    reader = _Reader(drafts)
    orders: list[_Order] = []
    others: list[tuple[str, Mapping[str, Any]]] = []
    for label, resource in drafts.items:
        kind = resource["resourceType"]
        reference = _reference_of(kind, resource)
        if kind == "MedicationRequest" and (selections is None or reference in selections):
            entries = tuple(reader.medications(label, resource))
            if _is_naltrexone(entries, vocabulary):
                orders.append(_Order(label, resource, reference))
                continue
        others.append((label, resource))
    return orders, drafts, others


def _prefetched(request: Mapping[str, Any], exclude: set[str]) -> list[dict[str, Any]]:
    """Every prefetched entry (Bundle entries kept whole, for full-URL references)."""
    prefetch = request.get("prefetch")
    if prefetch is not None and not isinstance(prefetch, Mapping):
        raise HookRequestError("prefetch", describe(prefetch), "a JSON object")
    entries: list[dict[str, Any]] = []
    for key, template in PREFETCH.items():
        bundle = None if prefetch is None else prefetch.get(key)
        if bundle is None:
            raise PrefetchMissingError(
                f"prefetch {key!r}",
                "missing",
                f"the result of {template} (ldn does no I/O: answer HTTP 412)",
            )
        if not isinstance(bundle, Mapping) or bundle.get("resourceType") != "Bundle":
            raise HookRequestError(f"prefetch {key!r}", describe(bundle), "a FHIR Bundle")
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


# -- the order checks -----------------------------------------------------------------------


@frozen
class _Step:
    """One dosage instruction as read: mg a dose, doses a day, days it lasts (None: open)."""

    number: int
    dose: Fraction
    per_day: Fraction
    days: int | None
    when: tuple[str, ...]

    @property
    def daily(self) -> Fraction:
        return self.dose * self.per_day


class _UnreadableError(Exception):
    """Raised inside the order reader; becomes an ``order-unreadable`` card."""


def _finding(code: str, severity: Severity, summary: str, message: str, rule: RuleId) -> Finding:
    return Finding(code, severity, summary, message, rule)


def _mg(value: Fraction) -> str:
    """An amount in mg for a card: exact, or "about" with three decimals (cut down) when long."""
    shown = format_fraction(value)
    if len(shown) > 24:
        thousandths = math.floor(value * 1000)
        shown = f"about {format_fraction(Fraction(thousandths, 1000))}"
    return f"{shown} mg"


@frozen
class _Product:
    """The order's Medication resource as read: liquid strength, fillers, where it lives."""

    resource: Mapping[str, Any] | None = None
    contained: bool = False
    per_ml: Fraction | None = None
    fillers: tuple[tuple[int, tuple[Filler, ...]], ...] = ()


def _product(reader: _Reader, order: _Order) -> _Product:
    """The order's Medication: mg per mL of a liquid, and the filler each inactive ingredient names."""
    resource = order.resource
    r5 = resource.get("medication")
    reference = (
        r5.get("reference") if isinstance(r5, Mapping) else resource.get("medicationReference")
    )
    target = reference.get("reference") if isinstance(reference, Mapping) else None
    if not isinstance(target, str):
        return _Product()
    found = reader.resolve(resource, target, order.label)
    if found is None or found.get("resourceType") != "Medication":
        return _Product()
    per_ml: Fraction | None = None
    fillers: list[tuple[int, tuple[Filler, ...]]] = []
    # The reader has checked that ingredients are a list of objects.
    for index, ingredient in enumerate(found.get("ingredient", [])):
        where = f"{order.label}.medication.ingredient[{index}]"
        if ingredient.get("isActive") is False:
            texts = _concept_texts(ingredient, where)
            named = tuple(f for f, word in _FILLER_WORDS.items() if any(map(word.search, texts)))
            fillers.append((index, named))
            continue
        strength = _object(ingredient, "strengthRatio", where) or _object(
            ingredient, "strength", where
        )
        if strength is not None:
            numerator = _quantity(_object(strength, "numerator", where), f"{where}.numerator")
            denominator = _quantity(_object(strength, "denominator", where), f"{where}.denominator")
            if numerator[1] == "mg" and denominator[1] == "mL" and denominator[0] > 0:
                per_ml = numerator[0] / denominator[0]
    return _Product(found, target.startswith("#"), per_ml, tuple(fillers))


def _concept_texts(ingredient: Mapping[str, Any], where: str) -> tuple[str, ...]:
    """The words of an ingredient's concept: its text and its codings' displays."""
    concept = ingredient.get("itemCodeableConcept")
    item = ingredient.get("item")
    if isinstance(item, Mapping):
        concept = item.get("concept")
    if not isinstance(concept, Mapping):
        return ()
    return _concept(concept, where).texts  # the reader has checked it already


def _object(owner: Mapping[str, Any], name: str, where: str) -> Mapping[str, Any] | None:
    """A member that is absent or a JSON object (else a HookRequestError)."""
    return _fhir_object(owner, name, where, HookRequestError)


def _objects(owner: Mapping[str, Any], name: str, where: str) -> list[Mapping[str, Any]]:
    """A member that is absent (no items) or a JSON array of objects."""
    at = f"{where}.{name}" if where else name
    value = owner.get(name, [])
    if not isinstance(value, list):
        raise HookRequestError(at, describe(value), "a JSON array")
    for index, each in enumerate(value):
        if not isinstance(each, Mapping):
            raise HookRequestError(f"{at}[{index}]", describe(each), "a JSON object")
    return value


def _unit(quantity: Mapping[str, Any]) -> str | None:
    """A quantity's UCUM code (else its unit); "ml" is read as "mL"."""
    code = quantity.get("code", quantity.get("unit"))
    if not isinstance(code, str):
        return None
    return "mL" if code == "ml" else code


def _quantity(value: Mapping[str, Any] | None, where: str) -> tuple[Fraction, str | None]:
    if value is None or "value" not in value:
        raise _UnreadableError(f"{where} has no value")
    return _number(value["value"], f"{where}.value"), _unit(value)


def _steps(order: _Order, per_ml: Fraction | None) -> list[_Step]:
    """The dosage instructions as steps, in ``sequence`` order (else in list order)."""
    dosages = _objects(order.resource, "dosageInstruction", "")
    if not dosages:
        raise _UnreadableError("the order has no dosage instruction")
    steps = [
        _step(dosage, f"dosageInstruction[{index}]", index + 1, per_ml)
        for index, dosage in enumerate(dosages)
    ]
    sequences = [dosage.get("sequence") for dosage in dosages]
    if all(sequence is None for sequence in sequences):
        return steps
    for index, sequence in enumerate(sequences):
        if isinstance(sequence, bool) or not isinstance(sequence, int):
            raise HookRequestError(
                f"dosageInstruction[{index}].sequence",
                describe(sequence),
                "an integer on every dosage instruction, or on none",
            )
    if len(set(sequences)) != len(sequences):
        raise _UnreadableError(
            "two dosage instructions share a sequence number (concurrent ones are not read)"
        )
    positions = sorted(range(len(steps)), key=cast(list[int], sequences).__getitem__)
    return [steps[index] for index in positions]


def _step(dosage: Mapping[str, Any], where: str, number: int, per_ml: Fraction | None) -> _Step:
    rates = _objects(dosage, "doseAndRate", where)
    quantities = [_object(rate, "doseQuantity", f"{where}.doseAndRate") for rate in rates]
    if not any(quantities):
        raise _UnreadableError(f"{where} has no dose quantity")
    amount, unit = _quantity(next(q for q in quantities if q), f"{where}.doseQuantity")
    if unit == "mL":
        if per_ml is None:
            raise _UnreadableError(f"{where} gives mL, and the medication states no mg per mL")
        amount *= per_ml
    elif unit != "mg":
        raise _UnreadableError(f"{where} gives its dose in {unit!r}, not mg or mL")
    timing = _object(dosage, "timing", where) or {}
    repeat = _object(timing, "repeat", f"{where}.timing") or {}
    frequency = _number(
        repeat.get("frequencyMax", repeat.get("frequency", 1)), f"{where}.timing.frequency"
    )
    period = _number(repeat.get("period", 1), f"{where}.timing.period")
    period_unit = repeat.get("periodUnit", "d")
    if period <= 0 or frequency <= 0 or period_unit not in _PER_DAY:
        raise _UnreadableError(f"{where} has a timing ldn cannot read")
    when = repeat.get("when", [])
    if not isinstance(when, list) or not all(isinstance(each, str) for each in when):
        raise HookRequestError(f"{where}.timing.repeat.when", describe(when), "a list of codes")
    return _Step(
        number,
        amount,
        frequency / period * _PER_DAY[period_unit],
        _days(repeat, f"{where}.timing.repeat"),
        tuple(when),
    )


def _days(repeat: Mapping[str, Any], where: str) -> int | None:
    """The days a step lasts, both ends counted; None for an open-ended step."""
    duration = _object(repeat, "boundsDuration", where)
    if duration is not None:
        value, unit = _quantity(duration, f"{where}.boundsDuration")
        days = _DURATION_DAYS.get(unit or "")
        if days is None or value.denominator != 1:
            raise _UnreadableError(f"{where}.boundsDuration is not whole days or weeks")
        return int(value) * days
    period = _object(repeat, "boundsPeriod", where)
    if period is None or "end" not in period:
        return None
    start, end = (
        _date(period.get(side), f"{where}.boundsPeriod.{side}") for side in ("start", "end")
    )
    return (end - start).days + 1


def _date(value: object, where: str) -> dt.date:
    """A full FHIR date (a dateTime's date part); anything else cannot be counted."""
    match = _DATE.match(value) if isinstance(value, str) else None
    if match is not None:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass  # 2026-02-30
    raise _UnreadableError(f"{where} is not a full date")


def _dose_findings(steps: list[_Step], policy: Policy) -> list[Finding]:
    findings: list[Finding] = []
    maximum = Fraction(policy.max_daily_dose.mg)
    for step in steps:
        if step.daily > maximum:
            findings.append(
                _finding(
                    "order-dose-above-maximum",
                    Severity.CONTRAINDICATION,
                    f"Step {step.number}: {_mg(step.daily)} a day is above {policy.max_daily_dose}",
                    f"Step {step.number} of the order gives {_mg(step.daily)} a day; policy "
                    f"{policy.name!r} allows at most {policy.max_daily_dose} a day.",
                    RuleId.DOSE_MAX,
                )
            )
        if step.per_day > 1 or (step.when and "HS" not in step.when):
            findings.append(
                _finding(
                    "order-timing",
                    Severity.CAUTION,
                    f"Step {step.number}: low dose naltrexone is taken once daily at bedtime",
                    f"Step {step.number} of the order is taken "
                    + ("once" if step.per_day == 1 else f"{format_fraction(step.per_day)} times")
                    + " a day"
                    + (f", when {', '.join(step.when)}" if step.when else "")
                    + "; low dose naltrexone is taken once a day, at bedtime.",
                    RuleId.TIMING,
                )
            )
    first = steps[0].daily
    if not Fraction(policy.start_min.mg) <= first <= Fraction(policy.start_max.mg):
        findings.append(
            _finding(
                "order-start-dose",
                Severity.CONTRAINDICATION,
                f"Starting dose {_mg(first)} a day is outside "
                f"{policy.start_min} to {policy.start_max}",
                f"The order starts at {_mg(first)} a day; policy {policy.name!r} starts "
                f"between {policy.start_min} and {policy.start_max} a day.",
                RuleId.START,
            )
        )
    for step, following in itertools.pairwise(steps):
        if following.daily <= step.daily:
            continue
        if step.days is None:
            raise _UnreadableError(
                f"step {step.number} has no end date or duration, yet a higher dose follows it"
            )
        if step.days < policy.min_interval_days:
            findings.append(
                _finding(
                    "order-rise-too-soon",
                    Severity.CONTRAINDICATION,
                    f"Step {following.number} rises after {step.days} days, "
                    f"before {policy.min_interval_days}",
                    f"The dose rises from {_mg(step.daily)} to {_mg(following.daily)} a day "
                    f"after {step.days} days; policy {policy.name!r} keeps each dose at "
                    f"least {policy.min_interval_days} days before a rise.",
                    RuleId.STEP_INTERVAL,
                )
            )
    return findings


def _liquid_findings(steps: list[_Step], per_ml: Fraction) -> list[Finding]:
    findings: list[Finding] = []
    try:
        liquid = OralLiquid(Dose(per_ml), Volume(1))
    except LdnError as error:
        raise _UnreadableError(f"the liquid's strength cannot be used: {error}") from None
    for step in steps:
        try:
            liquid.measure(Dose(step.dose))
        except LdnError as error:
            findings.append(
                _finding(
                    "order-liquid-unmeasurable",
                    Severity.CAUTION,
                    f"Step {step.number}: the liquid dose cannot be measured with an oral syringe",
                    f"Step {step.number}: {error}.",
                    RuleId.LIQUID,
                )
            )
    return findings


# -- cards -----------------------------------------------------------------------------------

#: A finding and the suggestions its card offers.
_Carded = tuple[Finding, list[dict[str, Any]]]


def _plain(value: object, depth: int = 0) -> Any:
    """A JSON-shaped deep copy (dicts and lists), for a suggestion's resource."""
    if depth > 64:
        raise HookRequestError("draft order", "nested deeper than 64 levels", "a FHIR resource")
    if isinstance(value, Mapping):
        return {str(key): _plain(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item, depth + 1) for item in value]
    return value


def _filler_suggestion(
    order: _Order, product: _Product, index: int, avoid: tuple[Filler, ...], other: Filler
) -> list[dict[str, Any]]:
    """Update the order (contained medication) or its Medication to ``other`` filler."""
    if product.contained:
        if order.reference is None:
            return []
        resource = _plain(order.resource)
        target = _plain(product.resource)
        contained = resource["contained"]
        medication = next(each for each in contained if each == target)
    else:
        assert product.resource is not None  # a filler is read only from a found Medication
        if not product.resource.get("id"):
            return []
        resource = medication = _plain(product.resource)
    ingredient = medication["ingredient"][index]
    concept = {"text": str(other)}
    if "item" in ingredient:
        ingredient["item"] = {"concept": concept}
    else:
        ingredient["itemCodeableConcept"] = concept
    code = medication.get("code")
    if isinstance(code, dict) and isinstance(code.get("text"), str):
        for filler in avoid:
            code["text"] = _FILLER_WORDS[filler].sub(str(other), code["text"])
    return [
        {
            "label": f"Fill the capsules with {other} instead",
            "isRecommended": True,
            "actions": [
                {
                    "type": "update",
                    "description": f"Change the capsule filler to {other}",
                    "resource": resource,
                }
            ],
        }
    ]


def _removal(orders: list[_Order]) -> list[dict[str, Any]]:
    """A suggestion to remove the draft naltrexone orders (those with an id)."""
    actions = [
        {
            "type": "delete",
            "description": f"Remove the draft naltrexone order {order.reference}",
            "resourceId": order.reference,
        }
        for order in orders
        if order.reference is not None
    ]
    return [{"label": "Remove the naltrexone order", "actions": actions}] if actions else []


def _order_cards(
    order: _Order, reader: _Reader, sensitivities: frozenset[Filler], policy: Policy
) -> tuple[list[_Carded], bool]:
    """The order's findings with their suggestions, and whether the order settles the filler."""
    product = _product(reader, order)
    try:
        try:
            steps = _steps(order, product.per_ml)
        except HookRequestError as error:  # name the order in the message
            raise HookRequestError(
                f"{order.label}.{error.subject}", error.given, error.allowed
            ) from None
        findings = _dose_findings(steps, policy)
        if product.per_ml is not None:
            findings += _liquid_findings(steps, product.per_ml)
    except _UnreadableError as why:
        findings = [
            _finding(
                "order-unreadable",
                Severity.CAUTION,
                "The naltrexone order's dosing could not be checked: check it by hand",
                f"ldn could not read the order's dosing ({why}), so its doses, timing and "
                "intervals were not checked.",
                RuleId.DOSE_MAX,
            )
        ]
    cards: list[_Carded] = [(finding, []) for finding in findings]
    for index, named in product.fillers:
        avoid = tuple(f for f in named if f in sensitivities)
        if not avoid:
            continue
        words = ", ".join(avoid)
        try:
            other: Filler | None = choose_filler(sensitivities)
            advice = f"Use {other} instead."
        except LdnError:
            other, advice = None, "No listed filler suits; agree one with the compounder."
        finding = _finding(
            "order-filler",
            Severity.CAUTION,
            f"The capsules' filler ({words}) is one the patient reacts to",
            f"The order's capsules are filled with {words}, which the patient reacts to. {advice}",
            RuleId.FILLER,
        )
        suggestions = (
            [] if other is None else _filler_suggestion(order, product, index, avoid, other)
        )
        cards.append((finding, suggestions))
    return cards, product.per_ml is not None or any(named for _, named in product.fillers)


def _escape(text: str) -> str:
    r"""Plain text for a Markdown field: one line, no character read as Markdown.

    >>> print(_escape("*Oxy* [x](y) <b>\n# 2. a_b"))
    \*Oxy\* \[x\](y) \<b\> # 2. a\_b
    >>> print(_escape("1. tramadol"))
    1\. tramadol
    """
    line = _MARKDOWN_INLINE.sub(r"\\\1", " ".join(text.split()))
    return _MARKDOWN_BLOCK.sub(lambda m: f"{m.group(1)[:-1]}\\{m.group(1)[-1]}", line)


def _topic(code: str) -> dict[str, str]:
    if code in FINDING_DISPLAY:
        return {"system": FINDING_SYSTEM, "code": code, "display": FINDING_DISPLAY[code]}
    return {"system": ORDER_CHECK_SYSTEM, "code": code, "display": ORDER_CHECK_DISPLAY[code]}


def _links(rule_id: RuleId, policy: Policy) -> list[dict[str, str]]:
    rule = policy.rule(rule_id)
    links = [
        {
            "label": f"{rule.id}: {rule.title}",
            "url": f"{DOCS_URL}rules.html#rule-{rule.id.lower()}",
            "type": "absolute",
        }
    ]
    for source in rule.sources:
        if source.link is not None:
            links.append({"label": source.title, "url": source.link, "type": "absolute"})
    return links


def _card(
    finding: Finding, suggestions: list[dict[str, Any]], key: str, policy: Policy
) -> dict[str, Any]:
    rule = policy.rule(finding.rule_id)
    card: dict[str, Any] = {
        "uuid": str(uuid.uuid5(_UUID_NAMESPACE, key)),
        "summary": finding.summary,
        "indicator": _CDS_INDICATOR[finding.severity],
        "detail": (
            f"{_escape(finding.message)}\n\n"
            f"Rule **{rule.id}**: {_escape(rule.title)} (policy {_escape(quoted(policy.name, 60))})."
        ),
        "source": {"label": SOURCE_LABEL, "url": DOCS_URL, "topic": _topic(finding.code)},
        "links": _links(finding.rule_id, policy),
    }
    if finding.severity is Severity.CONTRAINDICATION:
        card["overrideReasons"] = [
            {"system": OVERRIDE_SYSTEM, "code": code, "display": display}
            for code, display in _OVERRIDE.get(finding.code, _PRESCRIBER)
        ]
    if suggestions:
        card["suggestions"] = [
            {"uuid": str(uuid.uuid5(_UUID_NAMESPACE, f"{key}|suggestion|{number}")), **suggestion}
            for number, suggestion in enumerate(suggestions)
        ]
        card["selectionBehavior"] = "at-most-one"
    return card


def respond(
    request: Mapping[str, Any],
    *,
    policy: Policy = MONOGRAPH,
    as_of: dt.date | None = None,
    counselling: bool = False,
    vocabulary: Vocabulary | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """The CDS Hooks response to an ``order-select`` or ``order-sign`` request: ``{"cards": [...]}``.

    ``request`` is the hook request as a dict (the parsed JSON body). Its context's
    ``draftOrders`` are searched for naltrexone orders (``order-select``: those in
    ``selections``): a ``MedicationRequest`` whose medication is naltrexone alone, by
    ATC N07BB04, a known RxNorm or SNOMED CT code, or its text. None found: no cards.
    Otherwise the patient is read from the prefetch (every key of :data:`PREFETCH`
    is needed) and the other draft orders, screened under ``policy``, and, for
    ``order-sign``, the order is checked. ``as_of`` drops medication whose effective
    period ended before it; counselling (info) cards come only with
    ``counselling=True``.

    Each card has a ``uuid`` derived from ``hookInstance`` (the same request gets the
    same uuids), a ``source`` whose ``topic`` is the finding's code, a Markdown
    ``detail`` with free text escaped, ``links`` to the rule's documentation and
    sources, ``overrideReasons`` when it is critical, and ``suggestions`` where the
    fix is mechanical: removing the draft order (an opioid or another antagonist in
    the list) or another capsule filler.

    Raises :class:`~ldn.errors.PrefetchMissingError` (answer HTTP 412) when a
    prefetch is missing, and another :class:`~ldn.errors.LdnError` (answer 400) when
    the request cannot be read.
    """
    if not isinstance(request, Mapping):
        raise LdnTypeError("request", describe(request), "a hook request dict (the parsed JSON)")
    if not isinstance(policy, Policy):
        raise LdnTypeError("policy", describe(policy), "a Policy")
    if as_of is not None:
        plain_date(as_of, "as_of", "a datetime.date or None")
    if not isinstance(counselling, bool):
        raise LdnTypeError("counselling", describe(counselling), "True or False")
    if vocabulary is None:
        vocabulary = default_vocabulary()
    elif not isinstance(vocabulary, Vocabulary):
        raise LdnTypeError("vocabulary", describe(vocabulary), "a Vocabulary or None")
    hook = request.get("hook")
    if not isinstance(hook, str) or hook not in _HOOKS:
        raise HookRequestError("hook", describe(hook), "'order-select' or 'order-sign'")
    instance = _member(request, "hookInstance", "request", str, "a string (a UUID)")
    context = _member(request, "context", "request", Mapping, "a JSON object")
    _member(context, "patientId", "context", str, "a string")
    orders, drafts, others = _orders(hook, context, vocabulary)
    if not orders:
        return {"cards": []}
    entries = _prefetched(request, {o.reference for o in orders if o.reference is not None})
    entries += [{"resource": resource} for _, resource in others]
    patient = patient_from_fhir(
        {"resourceType": "Bundle", "type": "collection", "entry": entries}, as_of=as_of
    )
    report = screen(patient, policy, vocabulary=vocabulary)
    carded: list[_Carded] = []
    settled = False
    if hook == "order-sign":
        reader = _Reader(drafts)
        for order in orders:
            order_cards, order_settles = _order_cards(
                order, reader, patient.filler_sensitivities, policy
            )
            carded += order_cards
            settled = settled or order_settles
    for finding in report.findings:
        if finding.severity is Severity.INFO and not counselling:
            continue
        if finding.code == "filler-sensitivity" and settled:
            continue  # the order names its filler or is a liquid: its own card says it
        removal = finding.code in ("opioid-use", "opioid-antagonist")
        carded.append((finding, _removal(orders) if removal else []))
    carded.sort(key=lambda item: _RANK[item[0].severity])
    service = _HOOKS[hook]
    return {
        "cards": [
            _card(finding, suggestions, f"{instance}|{service}|{number}|{finding.code}", policy)
            for number, (finding, suggestions) in enumerate(carded)
        ]
    }
