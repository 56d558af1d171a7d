"""The checks of a draft naltrexone order (``order-sign``), each rule checked by its policy.

An order is read by :mod:`ldn.fhir` (dosage steps, product); each step's dose,
daily dose, timing and interval before a rise is checked against the policy, the
liquid's doses against the oral syringes, and the capsule filler against the
patient's sensitivities. The findings come with the suggestions their cards offer.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ldn._checks import abbreviate
from ldn._exact import format_fraction
from ldn.cds._request import Order
from ldn.contraindication import Course, Finding, LdnCourse, Severity
from ldn.dose import Dose, Volume
from ldn.errors import HookRequestError, LdnError
from ldn.fhir import FILLER_WORDS, DosageStep, OrderedProduct, Reader, read_draft_order
from ldn.formulation import Filler, OralLiquid, suitable_filler
from ldn.monograph import Policy, RuleId

__all__ = ["Carded", "course_findings", "order_cards", "removal", "shown_mg", "unreadable_order"]

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


def _rise_findings(
    steps: tuple[DosageStep, ...], policy: Policy, course: LdnCourse
) -> list[Finding]:
    """LDN-STEP-SIZE within the order, and from the last known dose on a continuation."""
    findings: list[Finding] = []
    rises = [(f"step {s.number}", s.daily, f.number, f.daily) for s, f in itertools.pairwise(steps)]
    if course.course is Course.CONTINUATION:
        last = course.last_dose
        if last is None:
            findings.append(
                _finding(
                    "order-last-dose-unknown",
                    Severity.CAUTION,
                    "Continuation: the last dose is not recorded, so the rise is unchecked",
                    "The patient takes low dose naltrexone, but no record states the dose, so "
                    f"the order's first dose ({shown_mg(steps[0].daily)} a day) could not be "
                    f"checked against it: a rise is at most {policy.max_rise} a step.",
                    RuleId.CONTINUE,
                )
            )
        else:
            assert course.last is not None
            rises.insert(0, (f"the last known dose ({course.last.where})", last, 1, steps[0].daily))
    for before, low, number, high in rises:
        if not policy.allows_rise(low, high):
            findings.append(
                _finding(
                    "order-step-too-large",
                    Severity.CONTRAINDICATION,
                    f"Step {number} rises by {shown_mg(high - low)}, more than {policy.max_rise}",
                    f"Step {number} of the order rises from {shown_mg(low)} a day ({before}) to "
                    f"{shown_mg(high)} a day; policy {policy.name!r} rises by at most "
                    f"{policy.max_rise} a step.",
                    RuleId.STEP_SIZE,
                )
            )
    return findings


def _dose_findings(
    steps: tuple[DosageStep, ...], policy: Policy, course: LdnCourse
) -> list[Finding]:
    findings: list[Finding] = _rise_findings(steps, policy, course)
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
    if course.course is not Course.CONTINUATION and not policy.allows_start(first):
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


def _liquid_findings(
    steps: tuple[DosageStep, ...], per_ml: Fraction, policy: Policy
) -> list[Finding] | str:
    """The steps whose liquid dose cannot be measured, or why the liquid cannot be used.

    A dose over the policy's maximum is left to the maximum's own card.
    """
    findings: list[Finding] = []
    try:
        liquid = OralLiquid(Dose(per_ml), Volume(1))
    except LdnError as error:
        return f"the liquid's strength cannot be used: {error}"
    for step in steps:
        if not policy.allows_daily(step.dose):
            continue
        try:
            liquid.measure(Dose(step.dose), policy=policy)
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


def unreadable_order(order: Order) -> Finding:
    """The finding of a draft order whose drug cannot be read (it may be naltrexone)."""
    return _finding(
        "order-unreadable",
        Severity.CAUTION,
        "A draft order's medication could not be read: check it by hand",
        f"ldn could not read which medication the draft order {order.reference or order.label} "
        f"names ({order.unreadable}); if it is naltrexone, its doses, timing and the "
        "patient's opioids were not checked.",
        RuleId.OPIOID,
    )


def _prior(orders: list[Order]) -> set[str]:
    """The references the draft orders renew (``priorPrescription``)."""
    found = set()
    for order in orders:
        prior = order.resource.get("priorPrescription")
        reference = prior.get("reference") if isinstance(prior, Mapping) else None
        if isinstance(reference, str):
            found.add(reference)
    return found


def course_findings(
    orders: list[Order], course: LdnCourse, as_of: dt.date | None, policy: Policy
) -> list[Finding]:
    """LDN-CONTINUE's order checks: a restart after a gap, and overlapping LDN orders."""
    findings: list[Finding] = []
    if course.course is Course.RESTART:
        dated = [use.last_taken for use in course.uses if use.last_taken is not None]
        when = f" (last recorded on {max(dated).isoformat()})" if dated else ""
        findings.append(
            _finding(
                "order-restart",
                Severity.CAUTION,
                "Restart after a gap: titrate again from the start range",
                f"The patient took low dose naltrexone before{when}, but not in the last "
                f"{policy.continuation_days} days: this order is a new start. Titrate again "
                f"from the start range ({policy.start_min} to {policy.start_max} a day).",
                RuleId.CONTINUE,
            )
        )
    renewed = _prior(orders)
    running = [
        use.reference or use.where
        for use in course.uses
        if use.order
        and use.current
        and use.reference not in renewed
        and as_of is not None
        and use.ends is not None
        and (use.ends - as_of).days > policy.continuation_days
    ]
    if len(orders) > 1 or running:
        names = [order.reference or order.label for order in orders[1:]] + running
        findings.append(
            _finding(
                "order-duplicate-ldn",
                Severity.CAUTION,
                "Another low dose naltrexone order runs at the same time",
                f"Besides this order, {abbreviate(', '.join(names), 300)} orders low dose "
                "naltrexone for the same days: stop one, or record this order as its renewal "
                "(priorPrescription).",
                RuleId.CONTINUE,
            )
        )
    return findings


def order_cards(
    order: Order,
    reader: Reader,
    sensitivities: frozenset[Filler],
    policy: Policy,
    course: LdnCourse,
) -> tuple[list[Carded], bool]:
    """The order's findings with their suggestions, and whether the order settles the filler."""
    read = read_draft_order(reader, order.resource, order.label)
    product = read.product
    why = read.unreadable
    if why is None:
        findings = _dose_findings(read.steps, policy, course)
        if product.per_ml is not None:
            liquid = _liquid_findings(read.steps, product.per_ml, policy)
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
    carried = [f.value for f in Filler if f in sensitivities and f.in_tablet_liquid]
    if product.per_ml is not None and carried:  # the tablets' excipients are in the liquid
        words = " and ".join(carried)
        other = suitable_filler(sensitivities)
        instead = (
            "agree a filler with the compounder"
            if other is None
            else f"use capsules with {other} filler"
        )
        finding = _finding(
            "order-filler",
            Severity.CAUTION,
            f"The liquid carries the tablets' {words}, which the patient reacts to",
            f"The oral liquid is made from naltrexone tablets, which contain {words}; "
            f"the patient reacts to it. Instead, {instead}.",
            RuleId.FILLER,
        )
        cards.append((finding, []))
    return cards, product.per_ml is not None or any(named for _, named in product.fillers)
