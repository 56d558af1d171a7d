"""The oral liquid made from a tablet, the syringes that measure it, and its supply. Private.

Import these from :mod:`ldn.formulation`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from fractions import Fraction
from typing import Any, Final

from attrs import Attribute, field, frozen

from ldn._checks import describe, iterable_of, same_kind, shown
from ldn._exact import exact, format_fraction
from ldn.dose import Dose, DoseInput, Volume, VolumeInput, as_dose, as_volume
from ldn.errors import FormulationError, LdnTypeError, PolicyViolationError
from ldn.formulation._bottles import Bottle, batches, microgram_count, microlitre_count
from ldn.formulation._handling import HANDLING, HandlingInstruction
from ldn.monograph import MONOGRAPH, Policy, RuleId
from ldn.schedule import DOSING_TIME, DayOrDate, TitrationPlan

__all__ = [
    "ORAL_SYRINGES",
    "Concentration",
    "LiquidDose",
    "OralLiquid",
    "Syringe",
    "as_syringes",
]

#: The largest dose a :class:`~ldn.Dose` holds, in mg (a bound of the type, not clinical).
_MAX_MG: Final = Fraction(1000)


#: The largest numerator and denominator of a concentration: enough for any dose
#: (0.001 to 1000 mg) in any volume (0.001 to 10,000 mL), and small enough that
#: exact arithmetic on it stays fast.
_MAX_TERM: Final = 10**12


@frozen
class Concentration:
    """An exact concentration in mg per mL (a Fraction, so 50 mg in 30 mL stays exact).

    Its numerator and denominator are at most 10**12.
    """

    mg_per_ml: Fraction

    def __attrs_post_init__(self) -> None:
        value = self.mg_per_ml
        if not isinstance(value, Fraction) or value <= 0:
            shown_value = repr(value) if isinstance(value, Fraction) else describe(value)
            raise FormulationError("concentration in mg/mL", shown_value, "a positive Fraction")
        if max(value.numerator, value.denominator) > _MAX_TERM:
            raise FormulationError(
                "concentration in mg/mL",
                shown(value),
                "a Fraction whose numerator and denominator are at most 10**12",
            )

    def __lt__(self, other: object) -> bool:
        return self.mg_per_ml < same_kind(self, other).mg_per_ml

    def __le__(self, other: object) -> bool:
        return self.mg_per_ml <= same_kind(self, other).mg_per_ml

    def __gt__(self, other: object) -> bool:
        return self.mg_per_ml > same_kind(self, other).mg_per_ml

    def __ge__(self, other: object) -> bool:
        return self.mg_per_ml >= same_kind(self, other).mg_per_ml

    @classmethod
    def of(cls, amount: DoseInput, volume: VolumeInput) -> Concentration:
        """The concentration of ``amount`` dissolved in ``volume``."""
        return cls(Fraction(as_dose(amount).mg) / Fraction(as_volume(volume).ml))

    def volume_for(self, dose: DoseInput) -> Fraction:
        """The exact volume in mL that holds ``dose``."""
        return Fraction(as_dose(dose).mg) / self.mg_per_ml

    def __mul__(self, volume: object) -> Dose:
        """``concentration * volume`` (or ``volume * concentration``): the dose that volume holds."""
        if not isinstance(volume, Volume):
            raise LdnTypeError("operand of Concentration *", describe(volume), "a Volume")
        return Dose(Fraction(volume.ml) * self.mg_per_ml)

    __rmul__ = __mul__

    def __str__(self) -> str:
        return f"{format_fraction(self.mg_per_ml)} mg/mL"


@frozen
class Syringe:
    """An oral syringe: what it holds and the smallest step its scale marks."""

    capacity: Volume = field(converter=as_volume)
    graduation: Volume = field(converter=as_volume)

    def __attrs_post_init__(self) -> None:
        if Fraction(self.capacity.ml) % Fraction(self.graduation.ml) != 0:
            raise FormulationError(
                f"capacity of a syringe marked every {self.graduation}",
                str(self.capacity),
                "a whole number of graduations",
            )

    def holds(self, ml: Fraction | Volume) -> bool:
        """Whether the syringe holds this volume (mL, or a :class:`~ldn.Volume`) in one draw."""
        return _millilitres(ml) <= Fraction(self.capacity.ml)

    def measures(self, ml: Fraction | Volume) -> bool:
        """Whether this volume falls exactly on a mark of the scale."""
        amount = _millilitres(ml)
        return self.holds(amount) and (amount / Fraction(self.graduation.ml)).denominator == 1

    def __str__(self) -> str:
        return f"{self.capacity} oral syringe marked every {self.graduation}"


#: Common oral syringes (practice sources, not a standard): 1 mL marked every
#: 0.01 mL, 3 mL every 0.1 mL, 5 mL and 10 mL every 0.2 mL. Pass your own.
ORAL_SYRINGES: Final = (
    Syringe("1", "0.01"),
    Syringe("3", "0.1"),
    Syringe("5", "0.2"),
    Syringe("10", "0.2"),
)


def as_syringes(syringes: object) -> tuple[Syringe, ...]:
    """``syringes`` (any iterable of :class:`Syringe` but a str) as a tuple of at least one.

    >>> as_syringes(iter(ORAL_SYRINGES[:1]))
    (Syringe(capacity=Volume('1'), graduation=Volume('0.01')),)
    >>> as_syringes([])
    Traceback (most recent call last):
    ...
    ldn.errors.FormulationError: syringes must be at least one syringe, got none [LDN-LIQUID]
    """
    given = iterable_of(syringes, Syringe, "syringes")
    if not given:
        raise FormulationError("syringes", "none", "at least one syringe", rule_id=RuleId.LIQUID)
    return given


def _millilitres(value: object) -> Fraction:
    """A volume in mL as a positive Fraction of bounded size, from a Fraction, Volume or int."""
    if isinstance(value, Volume):
        return Fraction(value.ml)
    if isinstance(value, bool) or not isinstance(value, Fraction | int):
        raise LdnTypeError("volume in mL", describe(value), "a Fraction, int or Volume")
    amount = Fraction(value)
    if amount <= 0 or max(amount.numerator, amount.denominator) > _MAX_TERM**2:
        raise FormulationError(
            "volume in mL", shown(value), "a positive Fraction with terms at most 10**24"
        )
    return amount


def _syringe(instance: object, attribute: Attribute[Any], value: object) -> None:
    if not isinstance(value, Syringe):
        raise LdnTypeError(attribute.name, describe(value), "a Syringe")


def _concentration(instance: object, attribute: Attribute[Any], value: object) -> None:
    if not isinstance(value, Concentration):
        raise LdnTypeError(attribute.name, describe(value), "a Concentration")


@frozen
class LiquidDose:
    """A dose of the oral liquid: the mg, the mL that hold it at a concentration, and the syringe.

    The volume holds exactly the dose at the concentration (``volume *
    concentration == dose``), and falls on a mark of the syringe (LDN-LIQUID).
    """

    dose: Dose = field(converter=as_dose)
    volume: Volume = field(converter=as_volume)
    syringe: Syringe = field(validator=_syringe)
    concentration: Concentration = field(validator=_concentration)

    def __attrs_post_init__(self) -> None:
        held = Fraction(self.volume.ml) * self.concentration.mg_per_ml
        if held != Fraction(self.dose.mg):
            raise FormulationError(
                f"dose in {self.volume} at {self.concentration}",
                str(self.dose),
                f"{format_fraction(held)} mg, what that volume holds",
                rule_id=RuleId.LIQUID,
            )
        if not self.syringe.measures(self.volume):
            raise FormulationError(
                f"volume drawn with a {self.syringe}",
                str(self.volume),
                f"at most {self.syringe.capacity}, a multiple of {self.syringe.graduation}",
                rule_id=RuleId.LIQUID,
            )

    def __str__(self) -> str:
        return f"{self.volume} ({self.dose})"


@frozen
class OralLiquid:
    """One tablet dissolved in water (LDN-LIQUID); build it with :meth:`from_tablet`.

    The volume of the liquid is taken to be the volume of water, as the
    monograph's figures do.
    """

    tablet: Dose = field(converter=as_dose)
    water: Volume = field(converter=as_volume)

    @classmethod
    def from_tablet(
        cls,
        tablet_mg: DoseInput | None = None,
        water_ml: VolumeInput | None = None,
        *,
        policy: Policy = MONOGRAPH,
    ) -> OralLiquid:
        """The preparation; by default the policy's 50 mg tablet in 100 mL of water."""
        if not isinstance(policy, Policy):
            raise LdnTypeError("policy", describe(policy), "a Policy")
        tablet = policy.liquid_tablet if tablet_mg is None else as_dose(tablet_mg, "tablet_mg")
        water = policy.liquid_water if water_ml is None else as_volume(water_ml, "water_ml")
        return cls(tablet, water)

    @property
    def concentration(self) -> Concentration:
        """Exact mg per mL."""
        return Concentration.of(self.tablet, self.water)

    @property
    def handling(self) -> tuple[HandlingInstruction, ...]:
        """Storage and handling instructions (LDN-LIQUID)."""
        return HANDLING

    @property
    def half(self) -> OralLiquid:
        """Half the tablet in half the water: the same concentration, half the bottle.

        >>> str(OralLiquid.from_tablet().half.concentration), OralLiquid.from_tablet().half.water
        ('0.5 mg/mL', Volume('50'))
        """
        return OralLiquid(Dose(Fraction(self.tablet.mg) / 2), Volume(Fraction(self.water.ml) / 2))

    @property
    def halves(self) -> bool:
        """Whether half a tablet in half the water is exact (whole micrograms and microlitres)."""
        return microgram_count(self.tablet) % 2 == 0 and microlitre_count(self.water) % 2 == 0

    def measure(
        self,
        dose: DoseInput,
        syringes: Iterable[Syringe] = ORAL_SYRINGES,
        *,
        policy: Policy = MONOGRAPH,
    ) -> LiquidDose:
        """The volume for a dose, drawn with the smallest syringe that *measures* it.

        A syringe measures a volume when it holds it in one draw and the volume
        falls on a mark of its scale. Among syringes of the same capacity the
        finer graduation wins, so the choice never depends on the order of
        ``syringes``. A dose no syringe measures is refused, and the error names
        the nearest measurable doses below and above it (LDN-LIQUID). A dose over
        the policy's daily maximum is refused (LDN-DOSE-MAX).

        >>> liquid = OralLiquid.from_tablet()
        >>> str(liquid.measure("0.75", [Syringe("3", "1"), Syringe("3", "0.1")]).syringe)
        '3 mL oral syringe marked every 0.1 mL'
        >>> liquid.measure("0.755")
        Traceback (most recent call last):
        ...
        ldn.errors.FormulationError: volume for 0.755 mg at 0.5 mg/mL must be measurable with the syringes given (nearest: 0.75 mg as 1.5 mL below, 0.8 mg as 1.6 mL above), got 1.51 mL [LDN-LIQUID]
        >>> liquid.measure("5")
        Traceback (most recent call last):
        ...
        ldn.errors.PolicyViolationError: daily dose of the oral liquid must be at most 4.5 mg under policy 'monograph', got 5 mg [LDN-DOSE-MAX]
        """
        wanted = as_dose(dose)
        given = as_syringes(syringes)
        _check_maximum(wanted, policy)
        ml = self.concentration.volume_for(wanted)
        measuring = [s for s in given if s.measures(ml)]
        if not measuring:
            below, above = self._nearest(wanted, given, policy.max_daily_dose)
            nearest = ", ".join(
                f"{'none' if found is None else f'{found} as {format_fraction(volume)} mL'} {side}"
                for found, volume, side in (
                    (below[0], below[1], "below"),
                    (above[0], above[1], "above"),
                )
            )
            raise FormulationError(
                f"volume for {wanted} at {self.concentration}",
                f"{format_fraction(ml)} mL",
                f"measurable with the syringes given (nearest: {nearest})",
                rule_id=RuleId.LIQUID,
            )
        syringe = min(measuring, key=lambda s: (s.capacity, s.graduation))
        return LiquidDose(wanted, Volume(ml), syringe, self.concentration)

    def nearest_measurable(
        self,
        dose: DoseInput,
        syringes: Iterable[Syringe] = ORAL_SYRINGES,
        *,
        policy: Policy = MONOGRAPH,
    ) -> tuple[LiquidDose | None, LiquidDose | None]:
        """The measurable doses nearest to ``dose``: the largest at or below, the smallest at or above.

        A measurable dose is a whole number of graduations of one of the syringes,
        within its capacity, holding a dose of whole micrograms, and at most the
        policy's daily maximum. None where there is none. When ``dose`` itself is
        measurable, both are ``dose``.

        >>> below, above = OralLiquid.from_tablet().nearest_measurable("25")
        >>> str(below), above
        ('9 mL (4.5 mg)', None)
        """
        wanted = as_dose(dose)
        given = as_syringes(syringes)
        if not isinstance(policy, Policy):
            raise LdnTypeError("policy", describe(policy), "a Policy")
        below, above = self._nearest(wanted, given, policy.max_daily_dose)
        return (
            None if below[0] is None else self.measure(below[0], given, policy=policy),
            None if above[0] is None else self.measure(above[0], given, policy=policy),
        )

    def _nearest(
        self, wanted: Dose, syringes: tuple[Syringe, ...], maximum: Dose
    ) -> tuple[tuple[Dose | None, Fraction], tuple[Dose | None, Fraction]]:
        """(dose, volume) nearest at or below and at or above; dose None where there is none."""
        concentration = self.concentration.mg_per_ml
        target = Fraction(wanted.mg)
        largest = min(_MAX_MG, Fraction(maximum.mg))
        low: Fraction | None = None
        high: Fraction | None = None
        for syringe in syringes:
            graduation = Fraction(syringe.graduation.ml)
            unit = graduation * concentration  # mg per graduation
            # Whole micrograms need a multiple of `every` graduations.
            every = (unit * 1000).denominator
            marks = int(Fraction(syringe.capacity.ml) / graduation) // every * every
            ceiling = min(marks, math.floor(largest / unit) // every * every)
            down = min(math.floor(target / unit) // every * every, ceiling)
            up = -(-math.ceil(target / unit) // every) * every
            if down > 0 and (low is None or down * unit > low):
                low = down * unit
            if up <= ceiling and (high is None or up * unit < high):
                high = up * unit
        return (
            (None, Fraction(0)) if low is None else (Dose(low), low / concentration),
            (None, Fraction(0)) if high is None else (Dose(high), high / concentration),
        )

    def volume_ml(
        self,
        dose: DoseInput,
        syringes: Iterable[Syringe] = ORAL_SYRINGES,
        *,
        policy: Policy = MONOGRAPH,
    ) -> Volume:
        """The exact volume that holds ``dose``, measurable with the chosen syringe."""
        return self.measure(dose, syringes, policy=policy).volume

    def label(self, dose: DoseInput, *, policy: Policy = MONOGRAPH) -> str:
        """A liquid dose as written for the patient: mL first, mg beside it."""
        return str(self.measure(dose, policy=policy))

    def instruction(self, dose: DoseInput, *, policy: Policy = MONOGRAPH) -> str:
        """``"9 mL (4.5 mg) at bedtime"``."""
        return f"{self.label(dose, policy=policy)} {DOSING_TIME}"

    @exact
    def days_supply(self, dose: DoseInput, *, policy: Policy = MONOGRAPH) -> int:
        """Whole nights one bottle lasts at a fixed dose (LDN-LIQUID-BUD).

        The shorter of the nights its tablet holds (a remainder too small for a
        dose is left) and the policy's beyond-use date.

        >>> liquid = OralLiquid.from_tablet()
        >>> liquid.days_supply("4.5"), liquid.days_supply("0.5")
        (11, 14)
        """
        if not isinstance(policy, Policy):
            raise LdnTypeError("policy", describe(policy), "a Policy")
        return min(int(self.tablet.mg // as_dose(dose).mg), policy.liquid_bud_days)

    @exact
    def bottle_lasts(self, plan: TitrationPlan, opened: DayOrDate) -> int:
        """Whole nights a bottle made on ``opened`` lasts along a plan, doses changing as planned.

        The shorter of the nights its tablet holds and the beyond-use date of the
        plan's policy (LDN-LIQUID-BUD). Computed per step, never night by night.

        >>> from ldn.schedule import titrate
        >>> plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
        >>> OralLiquid.from_tablet().bottle_lasts(plan, 0)  # 33 nights hold 50 mg; 14 are allowed
        14
        >>> OralLiquid.from_tablet().bottle_lasts(plan, 20)  # 8 x 3 mg, then 5 x 4.5 mg
        13
        """
        if not isinstance(plan, TitrationPlan):
            raise LdnTypeError("plan", describe(plan), "a TitrationPlan")
        day = plan.day_of(opened)
        bud = plan.policy.liquid_bud_days
        remaining = microgram_count(self.tablet)
        nights = 0
        for each in plan.steps[plan.steps.index(plan.step_on(day)) :]:
            dose = microgram_count(each.dose)
            possible = remaining // dose
            length = bud - nights
            if each.last_day is not None:
                length = min(length, each.last_day - max(each.first_day, day) + 1)
            if possible < length:
                return nights + possible
            nights += length
            if nights == bud:
                return nights
            remaining -= dose * length
        raise AssertionError(
            "unreachable: the last step of a plan is open-ended"
        )  # pragma: no cover

    @exact
    def bottles_for(self, plan: TitrationPlan, first: DayOrDate, last: DayOrDate) -> int:
        """Bottles (so tablets) for the nights ``first`` to ``last`` of a plan.

        A fresh bottle is made on ``first``, and again whenever the one in use
        holds less than the night's dose or reaches the beyond-use date of the
        plan's policy (LDN-LIQUID-BUD); what is left in the old one is thrown
        away, so the count never falls short. Computed per step by whole-bottle
        arithmetic, never night by night.

        >>> from ldn.schedule import titrate
        >>> plan = titrate(start="0.5", step="0.5", interval_days=7, target="4.5")
        >>> OralLiquid.from_tablet().bottles_for(plan, 0, 55)  # 126 mg, but a bottle keeps 14 days
        5
        """
        return sum(count for _, count, _, _ in self._batches(plan, first, last, halves=False))

    def bottles(
        self,
        plan: TitrationPlan,
        first: DayOrDate,
        last: DayOrDate,
        *,
        half_tablets: bool = False,
    ) -> tuple[Bottle, ...]:
        """Every bottle made for the nights ``first`` to ``last``, in order (LDN-LIQUID-BUD).

        The bottles of :meth:`bottles_for`, each with the night it is made and the
        nights it serves. With ``half_tablets``, a bottle is made from half a
        scored tablet in half the water (the same concentration) whenever that
        serves the same nights as a whole one: less is thrown away.

        >>> from ldn.schedule import titrate
        >>> plan = titrate(start="0.5", step="0.5", interval_days=7, target="1.5")
        >>> [str(b) for b in OralLiquid.from_tablet().bottles(plan, 0, 27, half_tablets=True)]
        ['nights 0-13: half a tablet', 'nights 14-27: half a tablet']
        """
        if not isinstance(half_tablets, bool):
            raise LdnTypeError("half_tablets", describe(half_tablets), "a bool")
        return tuple(
            Bottle(made + n * nights, nights, half)
            for made, count, nights, half in self._batches(plan, first, last, halves=half_tablets)
            for n in range(count)
        )

    @exact
    def tablets_for(
        self,
        plan: TitrationPlan,
        first: DayOrDate,
        last: DayOrDate,
        *,
        half_tablets: bool = False,
    ) -> int:
        """Tablets to dispense for the nights ``first`` to ``last`` (LDN-LIQUID-BUD).

        One a bottle; with ``half_tablets``, one for every two half-tablet bottles
        (the other half kept in its pack for the next bottle), rounded up.

        >>> from ldn.schedule import titrate
        >>> plan = titrate(start="0.5", step="0.5", interval_days=7, target="1.5")
        >>> liquid = OralLiquid.from_tablet()
        >>> liquid.tablets_for(plan, 0, 55), liquid.tablets_for(plan, 0, 55, half_tablets=True)
        (4, 2)
        """
        whole, halves = self.bottle_counts(plan, first, last, half_tablets=half_tablets)
        return whole + -(-halves // 2)

    def bottle_counts(
        self,
        plan: TitrationPlan,
        first: DayOrDate,
        last: DayOrDate,
        *,
        half_tablets: bool = False,
    ) -> tuple[int, int]:
        """The bottles of :meth:`bottles` counted, per step: (from whole tablets, from halves).

        >>> from ldn.schedule import titrate
        >>> plan = titrate(start="0.5", step="0.5", interval_days=7, target="4.5")
        >>> OralLiquid.from_tablet().bottle_counts(plan, 0, 55, half_tablets=True)
        (2, 3)
        """
        if not isinstance(half_tablets, bool):
            raise LdnTypeError("half_tablets", describe(half_tablets), "a bool")
        whole = halves = 0
        for _, count, _, half in self._batches(plan, first, last, halves=half_tablets):
            if half:
                halves += count
            else:
                whole += count
        return whole, halves

    def _batches(
        self, plan: TitrationPlan, first: DayOrDate, last: DayOrDate, *, halves: bool
    ) -> Iterator[tuple[int, int, int, bool]]:
        """The bottles for the nights ``first`` to ``last``, in batches (see ``batches``)."""
        if not isinstance(plan, TitrationPlan):
            raise LdnTypeError("plan", describe(plan), "a TitrationPlan")
        runs = plan.runs(first, last)
        tablet = microgram_count(self.tablet)
        for step_dose, _, _ in runs:
            if microgram_count(step_dose) > tablet:
                raise FormulationError(
                    f"nightly dose from one {self.tablet} bottle",
                    str(step_dose),
                    f"at most {self.tablet}",
                )
        half = tablet // 2 if halves and self.halves else 0
        return batches(runs, tablet, half, plan.policy.liquid_bud_days)


def _check_maximum(dose: Dose, policy: object) -> None:
    """Refuse a liquid dose over the policy's daily maximum (LDN-DOSE-MAX)."""
    if not isinstance(policy, Policy):
        raise LdnTypeError("policy", describe(policy), "a Policy")
    if not policy.allows_daily(dose):
        raise PolicyViolationError(
            "daily dose of the oral liquid",
            str(dose),
            f"at most {policy.max_daily_dose} under policy {policy.name!r}",
            rule_id=RuleId.DOSE_MAX,
        )
