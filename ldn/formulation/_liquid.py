"""The oral liquid made from a tablet, the syringes that measure it, and its supply. Private.

Import these from :mod:`ldn.formulation`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from fractions import Fraction
from typing import Any, Final

from attrs import Attribute, field, frozen

from ldn._checks import choice, describe, iterable_of, nonempty, quoted, same_kind, shown
from ldn._exact import exact, format_fraction
from ldn.dose import Dose, DoseInput, Volume, VolumeInput, as_dose, as_volume
from ldn.errors import FormulationError, LdnTypeError
from ldn.monograph import MONOGRAPH, Policy, RuleId
from ldn.schedule import DOSING_TIME, DayOrDate, TitrationPlan

__all__ = [
    "HANDLING",
    "MAX_WATER_CANDIDATES",
    "ORAL_SYRINGES",
    "Concentration",
    "HandlingInstruction",
    "LiquidDose",
    "OralLiquid",
    "Syringe",
    "as_syringes",
    "water_volumes_for",
]

#: The largest dose a :class:`~ldn.Dose` holds, in mg (a bound of the type, not clinical).
_MAX_MG: Final = Fraction(1000)


def _micrograms(dose: Dose) -> int:
    """A dose as a whole number of micrograms (doses have a 0.001 mg resolution); exact."""
    return int(Fraction(dose.mg) * 1000)


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


def _code(instance: object, attribute: Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise LdnTypeError(attribute.name, describe(value), "a str")
    if _CODE.fullmatch(value) is None:
        raise FormulationError(
            attribute.name, quoted(value), "lowercase words joined by '-', such as 'refrigerate'"
        )


def _sentence(instance: object, attribute: Attribute[str], value: object) -> None:
    nonempty(value, attribute.name, FormulationError)


def _rule_id(value: object) -> RuleId:
    return choice(value, RuleId, "rule id", FormulationError)


_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@frozen
class HandlingInstruction:
    """One storage or handling instruction for the oral liquid.

    ``code`` is a lowercase slug (``"refrigerate"``), ``text`` a sentence, and
    ``rule_id`` a rule id (as the enum or its text).
    """

    code: str = field(validator=_code)
    text: str = field(validator=_sentence)
    rule_id: RuleId = field(default=RuleId.LIQUID, converter=_rule_id)


#: How to keep and use the oral liquid (LDN-LIQUID), for labels and counselling.
HANDLING: Final = (
    HandlingInstruction("refrigerate", "Keep the bottle in the refrigerator."),
    HandlingInstruction("protect-from-light", "Keep the bottle wrapped in aluminium foil."),
    HandlingInstruction("oral-syringe", "Measure every dose with an oral syringe."),
    HandlingInstruction("taste", "Expect a very unpleasant taste."),
)


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

    def measure(self, dose: DoseInput, syringes: Iterable[Syringe] = ORAL_SYRINGES) -> LiquidDose:
        """The volume for a dose, drawn with the smallest syringe that *measures* it.

        A syringe measures a volume when it holds it in one draw and the volume
        falls on a mark of its scale. Among syringes of the same capacity the
        finer graduation wins, so the choice never depends on the order of
        ``syringes``. A dose no syringe measures is refused, and the error names
        the nearest measurable doses below and above it (LDN-LIQUID).

        >>> liquid = OralLiquid.from_tablet()
        >>> str(liquid.measure("0.75", [Syringe("3", "1"), Syringe("3", "0.1")]).syringe)
        '3 mL oral syringe marked every 0.1 mL'
        >>> liquid.measure("0.755")
        Traceback (most recent call last):
        ...
        ldn.errors.FormulationError: volume for 0.755 mg at 0.5 mg/mL must be measurable with the syringes given (nearest: 0.75 mg as 1.5 mL below, 0.8 mg as 1.6 mL above), got 1.51 mL [LDN-LIQUID]
        """
        wanted = as_dose(dose)
        given = as_syringes(syringes)
        ml = self.concentration.volume_for(wanted)
        measuring = [s for s in given if s.measures(ml)]
        if not measuring:
            below, above = self._nearest(wanted, given)
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
        self, dose: DoseInput, syringes: Iterable[Syringe] = ORAL_SYRINGES
    ) -> tuple[LiquidDose | None, LiquidDose | None]:
        """The measurable doses nearest to ``dose``: the largest at or below, the smallest at or above.

        A measurable dose is a whole number of graduations of one of the syringes,
        within its capacity, holding a dose of whole micrograms. None where there is
        none. When ``dose`` itself is measurable, both are ``dose``.

        >>> below, above = OralLiquid.from_tablet().nearest_measurable("25")
        >>> str(below), above
        ('10 mL (5 mg)', None)
        """
        wanted = as_dose(dose)
        given = as_syringes(syringes)
        below, above = self._nearest(wanted, given)
        return (
            None if below[0] is None else self.measure(below[0], given),
            None if above[0] is None else self.measure(above[0], given),
        )

    def _nearest(
        self, wanted: Dose, syringes: tuple[Syringe, ...]
    ) -> tuple[tuple[Dose | None, Fraction], tuple[Dose | None, Fraction]]:
        """(dose, volume) nearest at or below and at or above; dose None where there is none."""
        concentration = self.concentration.mg_per_ml
        target = Fraction(wanted.mg)
        low: Fraction | None = None
        high: Fraction | None = None
        for syringe in syringes:
            graduation = Fraction(syringe.graduation.ml)
            unit = graduation * concentration  # mg per graduation
            # Whole micrograms need a multiple of `every` graduations.
            every = (unit * 1000).denominator
            marks = int(Fraction(syringe.capacity.ml) / graduation) // every * every
            ceiling = min(marks, math.floor(_MAX_MG / unit) // every * every)
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

    def volume_ml(self, dose: DoseInput, syringes: Iterable[Syringe] = ORAL_SYRINGES) -> Volume:
        """The exact volume that holds ``dose``, measurable with the chosen syringe."""
        return self.measure(dose, syringes).volume

    def label(self, dose: DoseInput) -> str:
        """A liquid dose as written for the patient: mL first, mg beside it."""
        return str(self.measure(dose))

    def instruction(self, dose: DoseInput) -> str:
        """``"9 mL (4.5 mg) at bedtime"``."""
        return f"{self.label(dose)} {DOSING_TIME}"

    @exact
    def days_supply(self, dose: DoseInput) -> int:
        """Whole nights one bottle lasts at a fixed dose; a remainder too small for a dose is left."""
        return int(self.tablet.mg // as_dose(dose).mg)

    @exact
    def bottle_lasts(self, plan: TitrationPlan, opened: DayOrDate) -> int:
        """Whole nights a bottle opened on ``opened`` lasts along a plan, doses changing as planned.

        Computed per step (whole nights at each dose), never night by night.

        >>> from ldn.schedule import titrate
        >>> plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
        >>> OralLiquid.from_tablet().bottle_lasts(plan, 0)  # 14 x 1.5 mg, then 9 x 3 mg
        23
        """
        if not isinstance(plan, TitrationPlan):
            raise LdnTypeError("plan", describe(plan), "a TitrationPlan")
        day = plan.day_of(opened)
        remaining = _micrograms(self.tablet)
        nights = 0
        for each in plan.steps[plan.steps.index(plan.step_on(day)) :]:
            dose = _micrograms(each.dose)
            possible = remaining // dose
            if each.last_day is None:
                return nights + possible
            length = each.last_day - max(each.first_day, day) + 1
            if possible < length:
                return nights + possible
            nights += length
            remaining -= dose * length
        raise AssertionError(
            "unreachable: the last step of a plan is open-ended"
        )  # pragma: no cover

    @exact
    def bottles_for(self, plan: TitrationPlan, first: DayOrDate, last: DayOrDate) -> int:
        """Bottles (so tablets) for the nights ``first`` to ``last`` of a plan.

        A new bottle is opened when the one in use holds less than the night's
        dose; what is left in the old one is discarded, so the count never falls
        short. Computed per step by whole-bottle arithmetic, never night by night.

        >>> from ldn.schedule import titrate
        >>> plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
        >>> OralLiquid.from_tablet().bottles_for(plan, 0, 90)  # 346.5 mg, leftovers discarded
        8
        """
        if not isinstance(plan, TitrationPlan):
            raise LdnTypeError("plan", describe(plan), "a TitrationPlan")
        tablet = _micrograms(self.tablet)
        bottles = 0
        remaining = 0
        for step_dose, begin, end in plan.runs(first, last):
            dose = _micrograms(step_dose)
            if dose > tablet:
                raise FormulationError(
                    f"nightly dose from one {self.tablet} bottle",
                    str(step_dose),
                    f"at most {self.tablet}",
                )
            nights = end - begin + 1
            from_open = min(nights, remaining // dose)  # nights the open bottle still gives
            remaining -= from_open * dose
            nights -= from_open
            if nights:
                per_bottle = tablet // dose
                opened = -(-nights // per_bottle)
                bottles += opened
                remaining = tablet - (nights - (opened - 1) * per_bottle) * dose
        return bottles


#: The most water volumes :func:`water_volumes_for` tries in one call.
MAX_WATER_CANDIDATES: Final = 100_000


def water_volumes_for(
    doses: TitrationPlan | Iterable[DoseInput],
    syringes: Iterable[Syringe] = ORAL_SYRINGES,
    *,
    tablet_mg: DoseInput | None = None,
    smallest: VolumeInput = 1,
    largest: VolumeInput = 500,
    step: VolumeInput = 1,
    policy: Policy = MONOGRAPH,
) -> tuple[Volume, ...]:
    """The water volumes for one tablet at which every dose is measurable (LDN-LIQUID).

    ``doses`` is a plan (all its doses) or any doses. Volumes from ``smallest``
    to ``largest`` in steps of ``step`` (mL) are tried, each exactly: a volume is
    kept when every dose falls on a mark of some syringe within its capacity. No
    volume is rounded; pick one and build ``OralLiquid.from_tablet(tablet, water)``.

    >>> from ldn.schedule import titrate
    >>> plan = titrate(start="0.75", step="0.75", interval_days=7, target="4.5")
    >>> water_volumes_for(plan, smallest=50, largest=120)  # not 100 mL: 2.25 mg is 4.5 mL
    (Volume('80'),)
    >>> str(OralLiquid.from_tablet(50, 80).measure("2.25"))
    '3.6 mL (2.25 mg)'
    """
    if isinstance(doses, TitrationPlan):
        wanted = doses.doses
    elif isinstance(doses, str | bytes) or not isinstance(doses, Iterable):
        raise LdnTypeError("doses", describe(doses), "a TitrationPlan or an iterable of doses")
    else:
        wanted = tuple(sorted({as_dose(each) for each in doses}))
        if not wanted:
            raise FormulationError("doses", "none", "at least one dose", rule_id=RuleId.LIQUID)
    given = as_syringes(syringes)
    tablet = policy.liquid_tablet if tablet_mg is None else as_dose(tablet_mg, "tablet_mg")
    low, high, every = (
        _microlitres(as_volume(smallest, "smallest")),
        _microlitres(as_volume(largest, "largest")),
        _microlitres(as_volume(step, "step")),
    )
    if high < low:
        raise FormulationError(
            "largest water volume", str(as_volume(largest)), f"at least {as_volume(smallest)}"
        )
    if (high - low) // every + 1 > MAX_WATER_CANDIDATES:
        raise FormulationError(
            "water volumes to try",
            f"{(high - low) // every + 1} (from {as_volume(smallest)} to {as_volume(largest)} by {as_volume(step)})",
            f"at most {MAX_WATER_CANDIDATES}",
        )
    per_tablet = _micrograms(tablet)
    amounts = [_micrograms(each) for each in wanted]
    scales = [
        (_microlitres(s.capacity) * per_tablet, _microlitres(s.graduation) * per_tablet)
        for s in given
    ]
    found = []
    for water in range(low, high + 1, every):
        # A dose d (ug) takes d * water / tablet uL; it is measurable with a syringe when
        # that is at most its capacity and a whole number of its graduations.
        if all(
            any(d * water <= cap and d * water % mark == 0 for cap, mark in scales) for d in amounts
        ):
            found.append(Volume(Fraction(water, 1000)))
    return tuple(found)


def _microlitres(volume: Volume) -> int:
    """A volume as a whole number of microlitres (volumes have a 0.001 mL resolution); exact."""
    return int(Fraction(volume.ml) * 1000)
