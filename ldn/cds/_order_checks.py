"""The checks of a draft naltrexone order (``order-sign``), each rule checked by its policy.

An order is read by :mod:`ldn.fhir` (dosage steps, product); each step's dose,
daily dose, timing and interval before a rise is checked against the policy, the
liquid's doses against the oral syringes, and the capsule filler against the
patient's sensitivities. The findings come with the suggestions their cards offer.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ldn._exact import format_fraction
from ldn.cds._request import Order
from ldn.contraindication import Finding, Severity
from ldn.dose import Dose, Volume
from ldn.errors import HookRequestError, LdnError
from ldn.fhir import FILLER_WORDS, DosageStep, OrderedProduct, Reader, read_draft_order
from ldn.formulation import Filler, OralLiquid, suitable_filler
from ldn.monograph import Policy, RuleId

__all__ = ["Carded", "order_cards", "removal", "shown_mg"]

#: A finding and the suggestions its card offers.
Carded = tuple[Finding, list[dict[str, Any]]]


def _finding(code: str, severity: Severity, summary: str, message: str, rule: RuleId) -> Finding:
    return Finding(code, severity, summary, message, rule)


def shown_mg(value: Fraction) -> str:
    """An amount in mg for a card: exact, or "about" with three decimals (cut down) when long."""
    shown = format_fraction(value)
    if len(shown) > 24:
        thousandths = math.floor(value * 1000)
        shown = f"about {format_fraction(Fraction(thousandths, 1000))}"
    return f"{shown} mg"


def _dose_findings(steps: tuple[DosageStep, ...], policy: Policy) -> list[Finding]:
    findings: list[Finding] = []
    for step in steps:
        if not policy.allows_daily(step.daily):
            findings.append(
                _finding(
                    "order-dose-above-maximum",
                    Severity.CONTRAINDICATION,
                    f"Step {step.number}: {shown_mg(step.daily)} a day is above {policy.max_daily_dose}",
                    f"Step {step.number} of the order gives {shown_mg(step.daily)} a day; policy "
                    f"{policy.name!r} allows at most {policy.max_daily_dose} a day.",
                    RuleId.DOSE_MAX,
                )
            )
        at_bedtime = "HS" in step.when if step.when else None
        if not policy.allows_timing(per_day=step.per_day, at_bedtime=at_bedtime):
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
    if not policy.allows_start(first):
        findings.append(
            _finding(
                "order-start-dose",
                Severity.CONTRAINDICATION,
                f"Starting dose {shown_mg(first)} a day is outside "
                f"{policy.start_min} to {policy.start_max}",
                f"The order starts at {shown_mg(first)} a day; policy {policy.name!r} starts "
                f"between {policy.start_min} and {policy.start_max} a day.",
                RuleId.START,
            )
        )
    for step, following in itertools.pairwise(steps):
        if following.daily <= step.daily:
            continue
        assert step.days is not None  # the reader calls an open step before a rise unreadable
        if not policy.allows_rise_after(step.days):
            findings.append(
                _finding(
                    "order-rise-too-soon",
                    Severity.CONTRAINDICATION,
                    f"Step {following.number} rises after {step.days} days, "
                    f"before {policy.min_interval_days}",
                    f"The dose rises from {shown_mg(step.daily)} to {shown_mg(following.daily)} a day "
                    f"after {step.days} days; policy {policy.name!r} keeps each dose at "
                    f"least {policy.min_interval_days} days before a rise.",
                    RuleId.STEP_INTERVAL,
                )
            )
    return findings


def _liquid_findings(steps: tuple[DosageStep, ...], per_ml: Fraction) -> list[Finding] | str:
    """The steps whose liquid dose cannot be measured, or why the liquid cannot be used."""
    findings: list[Finding] = []
    try:
        liquid = OralLiquid(Dose(per_ml), Volume(1))
    except LdnError as error:
        return f"the liquid's strength cannot be used: {error}"
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
    order: Order, product: OrderedProduct, index: int, avoid: tuple[Filler, ...], other: Filler
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
            code["text"] = FILLER_WORDS[filler].sub(str(other), code["text"])
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


def removal(orders: list[Order]) -> list[dict[str, Any]]:
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


def order_cards(
    order: Order, reader: Reader, sensitivities: frozenset[Filler], policy: Policy
) -> tuple[list[Carded], bool]:
    """The order's findings with their suggestions, and whether the order settles the filler."""
    read = read_draft_order(reader, order.resource, order.label)
    product = read.product
    why = read.unreadable
    if why is None:
        findings = _dose_findings(read.steps, policy)
        if product.per_ml is not None:
            liquid = _liquid_findings(read.steps, product.per_ml)
            if isinstance(liquid, str):
                why = liquid
            else:
                findings += liquid
    if why is not None:
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
    cards: list[Carded] = [(finding, []) for finding in findings]
    for index, named in product.fillers:
        avoid = tuple(f for f in named if f in sensitivities)
        if not avoid:
            continue
        words = ", ".join(avoid)
        other = suitable_filler(sensitivities)
        advice = (
            "No listed filler suits; agree one with the compounder."
            if other is None
            else f"Use {other} instead."
        )
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
