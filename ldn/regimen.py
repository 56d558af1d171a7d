"""Choosing a formulation, and the regimen it gives: liquid while titrating, then capsules.

The monograph offers the oral liquid made from tablets to a patient who can
manage it: it is cheaper and its dose is adjustable, which helps while the dose is
being found (LDN-FORMULATION). Capsules of the found dose, with a filler the
patient tolerates (LDN-FILLER), suit the stable maintenance dose: they replace the
liquid once the maintenance dose has been taken as the liquid for the policy's
``switch_nights`` (14 under the monograph), never on a night the dose changes
(LDN-SWITCH). A :class:`Regimen` is a plan with its formulation on every night;
it says how much to dispense for a period (LDN-SUPPLY), a bottle of the liquid
lasting no longer than its beyond-use date (LDN-LIQUID-BUD).

>>> from ldn import titrate
>>> plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
>>> advice = advise_formulation(manages_liquid=True, filler_sensitivities=["sucrose"], plan=plan)
>>> [str(r) for r in advice.recommendations]
['titration: oral liquid [LDN-FORMULATION, LDN-LIQUID, LDN-LIQUID-BUD]', 'maintenance: capsules [LDN-FORMULATION, LDN-SWITCH, LDN-FILLER]']
>>> regimen = advice.regimen()
>>> regimen.switch_day
42
>>> regimen.instruction_text()
'Take 3 mL (1.5 mg) of the oral liquid at bedtime for 14 days, then 6 mL (3 mg) of the oral liquid at bedtime for 14 days, then 9 mL (4.5 mg) of the oral liquid at bedtime for 14 days, then 1 capsule (4.5 mg) at bedtime.'
>>> str(regimen.supply(maintenance_days=91))
'days 0-118: 4 x 50 mg tablet (for the oral liquid), 77 x 4.5 mg capsule (cellulose filler)'
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any, Final

import attrs
from attrs import field, frozen

from ldn._checks import Choices, choice, describe, shown, tuple_of
from ldn._validators import instance_of, optional
from ldn.dose import Dose
from ldn.errors import FormulationError, LdnTypeError
from ldn.formulation import (
    ORAL_SYRINGES,
    Bottle,
    Capsule,
    Filler,
    LiquidDose,
    OralLiquid,
    Syringe,
    as_syringes,
    capsule_counts,
    choose_filler,
    to_filler,
)
from ldn.monograph import MONOGRAPH, RuleId
from ldn.schedule import (
    DayOrDate,
    InstructionLine,
    Step,
    TitrationPlan,
    instruction_sentence,
)

__all__ = [
    "Dispense",
    "Form",
    "FormulationAdvice",
    "Phase",
    "Recommendation",
    "Regimen",
    "advise_formulation",
]

#: The most nights of maintenance a supply may name (ten years); more is an input error.
MAX_MAINTENANCE_DAYS: Final = 3653


class Form(StrEnum, metaclass=Choices, error=FormulationError):
    """How the dose is given."""

    LIQUID = "oral liquid"
    CAPSULES = "capsules"


class Phase(StrEnum, metaclass=Choices, error=FormulationError):
    """The part of a plan a recommendation covers."""

    TITRATION = "titration"
    MAINTENANCE = "maintenance"
    THROUGHOUT = "throughout"


_plan = instance_of(TitrationPlan, "a TitrationPlan")
_optional_plan = optional(_plan)
_optional_liquid = optional(instance_of(OralLiquid, "an OralLiquid or None"))
_flag = instance_of(bool, "a bool")


def _phase(value: object) -> Phase:
    return choice(value, Phase, "phase", LdnTypeError)


def _form(value: object) -> Form:
    return choice(value, Form, "form", LdnTypeError)


def _texts(value: object) -> tuple[str, ...]:
    items = tuple(value) if isinstance(value, list | tuple) else None
    if not items or not all(isinstance(each, str) and each.strip() for each in items):
        raise LdnTypeError("reasons", describe(value), "a non-empty tuple of non-empty str")
    return items


def _rule_ids(value: object) -> tuple[RuleId, ...]:
    items = tuple(value) if isinstance(value, list | tuple) else None
    if not items or not all(isinstance(each, str) and each in set(RuleId) for each in items):
        raise LdnTypeError("rule_ids", describe(value), "a non-empty tuple of RuleId")
    return tuple(RuleId(each) for each in items)


@frozen
class Recommendation:
    """One piece of formulation advice: for which phase, which form, and why (with rule ids)."""

    phase: Phase = field(converter=_phase)
    form: Form = field(converter=_form)
    text: str = field()
    reasons: tuple[str, ...] = field(converter=_texts)
    rule_ids: tuple[RuleId, ...] = field(converter=_rule_ids)

    @text.validator
    def _check_text(self, attribute: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise LdnTypeError("text", describe(value), "a non-empty str")

    def __str__(self) -> str:
        return f"{self.phase}: {self.form} [{', '.join(self.rule_ids)}]"


@frozen
class Regimen:
    """A plan with its formulation on every night.

    With ``liquid`` None, capsules throughout. With a liquid, the liquid while
    titrating and capsules once the maintenance dose has been taken as the liquid
    for the policy's ``switch_nights`` (``capsules_at_maintenance``, the default;
    LDN-SWITCH), or the liquid throughout. Every dose taken as liquid must be
    measurable with ``syringes`` (LDN-LIQUID) and within the policy's maximum
    (LDN-DOSE-MAX); that is checked here, once. With ``half_tablets``, a bottle
    is made from half a scored tablet in half the water wherever that serves the
    same nights as a whole one (LDN-LIQUID-BUD): less is thrown away.
    """

    plan: TitrationPlan = field(validator=_plan)
    filler: Filler = field(default=Filler.CELLULOSE, converter=to_filler)
    liquid: OralLiquid | None = field(default=None, validator=_optional_liquid)
    capsules_at_maintenance: bool = field(default=True, validator=_flag)
    syringes: tuple[Syringe, ...] = field(default=ORAL_SYRINGES, converter=as_syringes)
    half_tablets: bool = field(default=False, validator=_flag)
    _measured: dict[Dose, LiquidDose] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        measured: dict[Dose, LiquidDose] = {}
        if self.liquid is not None:
            if self.capsules_at_maintenance and self.plan.maintenance_from == 0:
                raise FormulationError(
                    "plan for the oral liquid until maintenance",
                    f"a plan at {self.plan.maintenance_dose} from the first night",
                    "a plan that titrates before its maintenance dose",
                    rule_id=RuleId.FORMULATION,
                )
            for step in self.liquid_steps:
                if step.dose not in measured:
                    measured[step.dose] = self.liquid.measure(
                        step.dose, self.syringes, policy=self.plan.policy
                    )
        object.__setattr__(self, "_measured", measured)

    @property
    def switch_day(self) -> int | None:
        """The first night on capsules: 0 for capsules throughout, None for liquid throughout.

        After the liquid, the maintenance dose's first night plus the policy's
        ``switch_nights`` (LDN-SWITCH): inside the open-ended maintenance step, so
        never a night the dose changes.
        """
        if self.liquid is None:
            return 0
        if not self.capsules_at_maintenance:
            return None
        return self.plan.maintenance_from + self.plan.policy.switch_nights

    @property
    def liquid_steps(self) -> tuple[Step, ...]:
        """The steps taken as the oral liquid."""
        switch = self.switch_day
        return tuple(s for s in self.plan.steps if switch is None or s.first_day < switch)

    def form_on(self, day_or_date: DayOrDate) -> Form:
        """The form taken on a day or date."""
        day = self.plan.day_of(day_or_date)
        switch = self.switch_day
        return Form.CAPSULES if switch is not None and day >= switch else Form.LIQUID

    def liquid_dose_on(self, day_or_date: DayOrDate) -> LiquidDose | None:
        """The measured liquid dose of a night, or None on a capsule night."""
        if self.form_on(day_or_date) is Form.CAPSULES:
            return None
        return self._measured[self.plan.dose_on(day_or_date)]

    def amount_on(self, day_or_date: DayOrDate) -> str:
        """A night's dose as written for the patient: ``"9 mL (4.5 mg)"`` or ``"1 capsule (4.5 mg)"``."""
        measured = self.liquid_dose_on(day_or_date)
        if measured is None:
            return f"1 capsule ({self.plan.dose_on(day_or_date)})"
        return str(measured)

    def segments(self) -> tuple[tuple[Step, int, int | None, Form], ...]:
        """The plan's steps cut where the form changes: (step, first night, last night, form).

        Each step gives one segment, but for the step the switch to capsules
        falls in (LDN-SWITCH), which gives two: its liquid nights, then its
        capsule nights. The last night is None on the open-ended last segment.
        """
        switch = self.switch_day
        cut: list[tuple[Step, int, int | None, Form]] = []
        for step in self.plan.steps:
            inside = (
                switch is not None
                and step.first_day < switch
                and (step.last_day is None or switch <= step.last_day)
            )
            if inside:
                assert switch is not None  # for the type checker
                cut.append((step, step.first_day, switch - 1, Form.LIQUID))
                cut.append((step, switch, step.last_day, Form.CAPSULES))
            else:
                cut.append((step, step.first_day, step.last_day, self.form_on(step.first_day)))
        return tuple(cut)

    def instructions(self) -> tuple[InstructionLine, ...]:
        """One line per segment, in mL of the liquid or in capsules as each is taken."""
        lines = []
        for step, first, last, form in self.segments():
            amount = self.amount_on(first)
            if form is Form.LIQUID:
                amount = f"{amount} of the oral liquid"
            days = None if last is None else last - first + 1
            lines.append(InstructionLine.of(step.dose, days, amount))
        return tuple(lines)

    def instruction_text(self) -> str:
        """The whole regimen as one sentence for the patient."""
        return instruction_sentence(self.instructions())

    def supply_between(self, first: DayOrDate, last: DayOrDate) -> Dispense:
        """What to dispense for the nights ``first`` to ``last`` inclusive (never short).

        Tablets for the liquid nights (one tablet makes one bottle, or two with
        ``half_tablets``; a fresh bottle is made on the first night, when the one
        in use holds less than the night's dose, and at its beyond-use date,
        LDN-LIQUID-BUD), capsules per strength for the capsule nights. Counted
        per step, not per night.
        """
        runs = self.plan.runs(first, last)
        first_day, last_day = runs[0][1], runs[-1][2]
        switch = self.switch_day
        liquid_last = last_day if switch is None else min(last_day, switch - 1)
        tablets = half_bottles = bottles = 0
        if self.liquid is not None and first_day <= liquid_last:
            whole, half_bottles = self.liquid.bottle_counts(
                self.plan, first_day, liquid_last, half_tablets=self.half_tablets
            )
            bottles = whole + half_bottles
            tablets = whole + -(-half_bottles // 2)
        capsules: tuple[tuple[Capsule, int], ...] = ()
        if switch is not None and max(first_day, switch) <= last_day:
            counts = capsule_counts(self.plan, max(first_day, switch), last_day)
            capsules = tuple(
                (Capsule(dose, self.filler, policy=self.plan.policy), n)
                for dose, n in counts.items()
            )
        return Dispense(
            first_day=first_day,
            last_day=last_day,
            tablets=tablets,
            tablet=None if self.liquid is None or not tablets else self.liquid.tablet,
            capsules=capsules,
            bottles=bottles,
            half_bottles=half_bottles,
        )

    def _table(self) -> tuple[str, list[str], list[list[object]]]:
        """The prescriber's view: a caption, then each part of the regimen with its rule ids."""
        switch = self.switch_day
        where = (
            f"the oral liquid to night {switch - 1}, capsules from night {switch}"
            if switch
            else ("capsules throughout" if switch == 0 else "the oral liquid throughout")
        )
        ids = "[LDN-FORMULATION, LDN-SWITCH, LDN-LIQUID-BUD]"
        caption = f"Regimen under policy {self.plan.policy.name!r}: {where} {ids}"
        rows: list[list[object]] = []
        for (step, first, last, form), line in zip(
            self.segments(), self.instructions(), strict=True
        ):
            rules = [RuleId.FORMULATION, RuleId.LIQUID, RuleId.LIQUID_BUD]
            if form is Form.CAPSULES:
                rules = [RuleId.FORMULATION, RuleId.FILLER]
            if form is Form.LIQUID and step.last_day is None and switch is not None:
                rules.append(RuleId.SWITCH)
            rows.append([first, last, step.dose, form, line.text, ", ".join(rules)])
        return caption, ["first night", "last night", "dose", "form", "instruction", "rules"], rows

    def _repr_html_(self) -> str:
        from ldn._html import html_table  # only notebooks display it

        return html_table(*self._table())

    def __str__(self) -> str:
        """The caption, then one line per part: its nights, the instruction and the rule ids."""
        caption, _, rows = self._table()
        nights = [
            f"nights {r[0]}-{r[1]}" if r[1] is not None else f"from night {r[0]}" for r in rows
        ]
        return "\n".join(
            [caption] + [f"  {n}: {r[4]} [{r[5]}]" for n, r in zip(nights, rows, strict=True)]
        )

    def bottles(self, first: DayOrDate = 0, last: DayOrDate | None = None) -> tuple[Bottle, ...]:
        """The bottles of liquid made for the liquid nights ``first`` to ``last`` (LDN-LIQUID-BUD).

        ``last`` defaults to the last liquid night; a regimen on the liquid
        throughout needs it. None for a regimen without the liquid.
        """
        switch = self.switch_day
        if self.liquid is None:
            return ()
        if last is None:
            if switch is None:
                raise FormulationError(
                    "last night of a regimen on the oral liquid throughout",
                    "None",
                    "a plan day or date",
                    rule_id=RuleId.LIQUID_BUD,
                )
            last = switch - 1
        begin = self.plan.day_of(first)
        end = self.plan.day_of(last)
        if switch is not None:
            end = min(end, switch - 1)
        if end < begin:
            return ()
        return self.liquid.bottles(self.plan, begin, end, half_tablets=self.half_tablets)

    def supply(self, *, maintenance_days: int, first: DayOrDate = 0) -> Dispense:
        """What to dispense from ``first`` through ``maintenance_days`` nights of maintenance.

        ``maintenance_days`` counts from the first night of the maintenance dose
        (0 covers the titration only); the caller names it, since the plan's
        maintenance step is open-ended.
        """
        if isinstance(maintenance_days, bool) or not isinstance(maintenance_days, int):
            raise LdnTypeError(
                "maintenance_days", describe(maintenance_days), "an int number of nights"
            )
        if not 0 <= maintenance_days <= MAX_MAINTENANCE_DAYS:
            raise FormulationError(
                "maintenance_days",
                str(maintenance_days) if abs(maintenance_days) < 10**9 else "out of range",
                f"between 0 and {MAX_MAINTENANCE_DAYS} nights",
                rule_id=RuleId.SUPPLY,
            )
        last = self.plan.maintenance_from + maintenance_days - 1
        if last < self.plan.day_of(first):
            raise FormulationError(
                f"period from day {self.plan.day_of(first)} through {maintenance_days} nights of "
                "maintenance",
                f"ending on day {last}",
                "ending on or after its first day",
                rule_id=RuleId.SUPPLY,
            )
        return self.supply_between(first, last)


#: The largest count a Dispense holds (nights, tablets or capsules).
_MAX_COUNT: Final = 10**9


def _count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise LdnTypeError(attribute.name, describe(value), "an int, 0 or more")
    if not 0 <= value <= _MAX_COUNT:
        raise FormulationError(attribute.name, shown(value), f"from 0 to {_MAX_COUNT}")


def _capsule_counts(value: object) -> tuple[tuple[Capsule, int], ...]:
    items = tuple(value) if isinstance(value, list | tuple) else None
    if items is None or not all(
        isinstance(pair, tuple)
        and len(pair) == 2
        and isinstance(pair[0], Capsule)
        and isinstance(pair[1], int)
        and not isinstance(pair[1], bool)
        and 0 < pair[1] <= _MAX_COUNT
        for pair in items
    ):
        raise LdnTypeError("capsules", describe(value), "a tuple of (Capsule, positive int)")
    return items


@frozen
class Dispense:
    """Quantities to dispense for the nights ``first_day`` to ``last_day`` (LDN-SUPPLY)."""

    first_day: int = field(validator=_count)
    last_day: int = field(validator=_count)
    tablets: int = field(validator=_count)
    tablet: Dose | None
    capsules: tuple[tuple[Capsule, int], ...] = field(converter=_capsule_counts)
    #: Bottles of the liquid the tablets make, and how many of them from half a tablet.
    bottles: int = field(default=0, validator=_count)
    half_bottles: int = field(default=0, validator=_count)

    def __attrs_post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise FormulationError(
                "last_day", shown(self.last_day), f"at least {shown(self.first_day)}"
            )
        if (self.tablet is None) != (self.tablets == 0) or not (
            self.tablet is None or isinstance(self.tablet, Dose)
        ):
            raise FormulationError(
                "tablet", describe(self.tablet), "a Dose exactly when tablets are dispensed"
            )
        if self.half_bottles > self.bottles:
            raise FormulationError(
                "half_bottles", shown(self.half_bottles), f"at most bottles ({self.bottles})"
            )

    def __str__(self) -> str:
        parts = []
        if self.tablet is not None:
            use = "for the oral liquid"
            if self.half_bottles:
                use += (
                    f": {self.bottles} bottles, {self.half_bottles} of them from half a "
                    "tablet in half the water"
                )
            parts.append(f"{self.tablets} x {self.tablet} tablet ({use})")
        parts += [f"{n} x {capsule}" for capsule, n in self.capsules]
        return f"days {self.first_day}-{self.last_day}: {', '.join(parts)}"


def _recommendations(value: object) -> tuple[Recommendation, ...]:
    items = tuple_of(value, Recommendation, "recommendations")
    if not items:
        raise FormulationError("recommendations", "none", "at least one recommendation")
    return items


@frozen
class FormulationAdvice:
    """Recommendations with reasons (LDN-FORMULATION), and the filler and liquid they name."""

    recommendations: tuple[Recommendation, ...] = field(converter=_recommendations)
    filler: Filler = field(converter=to_filler)
    liquid: OralLiquid | None = field(validator=_optional_liquid)
    plan: TitrationPlan | None = field(default=None, validator=_optional_plan)
    syringes: tuple[Syringe, ...] = field(default=ORAL_SYRINGES, converter=as_syringes)

    def regimen(self, plan: TitrationPlan | None = None) -> Regimen:
        """The advice applied to a plan (by default the plan it was given)."""
        chosen = self.plan if plan is None else plan
        if chosen is None:
            raise LdnTypeError("plan", "None", "a TitrationPlan (the advice was given without one)")
        return Regimen(chosen, self.filler, self.liquid, syringes=self.syringes)


def advise_formulation(
    *,
    manages_liquid: bool | None,
    filler_sensitivities: Iterable[Filler | str] = (),
    plan: TitrationPlan | None = None,
    liquid: OralLiquid | None = None,
    syringes: Iterable[Syringe] = ORAL_SYRINGES,
) -> FormulationAdvice:
    """Recommend a formulation, with reasons and rule ids (LDN-FORMULATION).

    A patient who can manage a measured liquid (``manages_liquid=True``) gets the
    oral liquid while titrating and capsules of the found dose once it is stable:
    after the policy's ``switch_nights`` of the maintenance dose as the liquid
    (LDN-SWITCH); any other patient (False, or None: not confirmed) gets capsules
    throughout. The capsule filler avoids the patient's sensitivities
    (LDN-FILLER). Given a plan, the liquid is recommended only if it titrates and
    every dose taken as the liquid, the maintenance dose included, is measurable
    with ``syringes`` (LDN-LIQUID); otherwise capsules throughout, and the reason
    says why.
    """
    if manages_liquid is not None and not isinstance(manages_liquid, bool):
        raise LdnTypeError(
            "manages_liquid", describe(manages_liquid), "True, False or None (not confirmed)"
        )
    if plan is not None and not isinstance(plan, TitrationPlan):
        raise LdnTypeError("plan", describe(plan), "a TitrationPlan or None")
    if liquid is not None and not isinstance(liquid, OralLiquid):
        raise LdnTypeError("liquid", describe(liquid), "an OralLiquid or None")
    given_syringes = as_syringes(syringes)
    if liquid is None:
        preparation = OralLiquid.from_tablet(policy=MONOGRAPH if plan is None else plan.policy)
    else:
        preparation = liquid
    avoid = Filler.set_of(filler_sensitivities, name="filler_sensitivities")
    filler = choose_filler(avoid)
    reacts = _listed([f.value for f in Filler if f in avoid])
    filler_reason = (
        "cellulose, the usual filler"
        if filler is Filler.CELLULOSE
        else f"{filler} filler, as the patient reacts to {reacts}"
    )
    in_tablets = [f.value for f in Filler if f in avoid and f.in_tablet_liquid]
    capsule_text = f"Compounded capsules, {filler} filler, one a night"
    policy = MONOGRAPH if plan is None else plan.policy
    if manages_liquid is True:
        obstacle = None if plan is None else _liquid_obstacle(plan, preparation, given_syringes)
        if in_tablets:  # the tablets the liquid is made from carry them (LDN-FILLER)
            obstacle = (
                "the liquid is made from naltrexone tablets, which contain "
                f"{_listed(in_tablets)}: the patient reacts to it"
            )
        if obstacle is None:
            liquid_text = (
                f"Oral liquid while the dose is being found: one {preparation.tablet} tablet "
                f"in {preparation.water} of water ({preparation.concentration}), each dose "
                "measured with an oral syringe"
            )
            titration = Recommendation(
                Phase.TITRATION,
                Form.LIQUID,
                liquid_text,
                (
                    "the patient can manage a measured liquid",
                    "the liquid costs less than capsules and any measurable dose can be given, "
                    "which helps while the dose is being found",
                    "keep it in the refrigerator wrapped in foil, shake it before each dose, "
                    "measure with an oral syringe, and warn that it tastes very unpleasant",
                    "it has no preservative: make a fresh bottle at least every "
                    f"{policy.liquid_bud_days} days and throw the old one away",
                ),
                (RuleId.FORMULATION, RuleId.LIQUID, RuleId.LIQUID_BUD),
            )
            maintenance = Recommendation(
                Phase.MAINTENANCE,
                Form.CAPSULES,
                f"{capsule_text}, at the dose found",
                (
                    "once the dose is stable, one capsule a night replaces measuring",
                    f"capsules begin after {policy.switch_nights} nights of the maintenance dose "
                    "as the liquid, never on a night the dose changes, so that a reaction to "
                    "the capsules is not taken for one to the dose",
                    filler_reason,
                ),
                (RuleId.FORMULATION, RuleId.SWITCH, RuleId.FILLER),
            )
            return FormulationAdvice(
                (titration, maintenance), filler, preparation, plan, given_syringes
            )
        why = obstacle
    elif manages_liquid is False:
        why = "the patient cannot manage a measured liquid"
    else:
        why = "whether the patient can manage a measured liquid is not confirmed; ask first"
    throughout = Recommendation(
        Phase.THROUGHOUT,
        Form.CAPSULES,
        capsule_text,
        (why, filler_reason),
        (RuleId.FORMULATION, RuleId.FILLER),
    )
    return FormulationAdvice((throughout,), filler, None, plan, given_syringes)


def _listed(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


def _liquid_obstacle(
    plan: TitrationPlan, liquid: OralLiquid, syringes: tuple[Syringe, ...]
) -> str | None:
    """Why the liquid cannot serve this plan's titration, or None when it can."""
    if len(plan.steps) == 1:
        return f"the plan gives {plan.maintenance_dose} from the first night: nothing to titrate"
    for step in plan.steps:
        try:
            liquid.measure(step.dose, syringes, policy=plan.policy)
        except FormulationError:
            return (
                f"{step.dose} cannot be measured at {liquid.concentration} with the syringes "
                "given (see water_volumes_for)"
            )
    return None
