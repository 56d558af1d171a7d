"""Formulations: compounded capsules, the oral liquid made from tablets, syringes and supply.

Capsules are compounded at one strength per dose, with cellulose filler unless
the patient reacts to it (LDN-FILLER). The oral liquid is one tablet dissolved in
water (LDN-LIQUID): under the monograph, 50 mg in 100 mL, or 0.5 mg per mL, so
every multiple of 0.5 mg is a whole number of mL.

>>> liquid = OralLiquid.from_tablet()
>>> str(liquid.concentration), liquid.volume_ml("4.5")
('0.5 mg/mL', Volume('9'))
>>> liquid.label("4.5")
'9 mL (4.5 mg)'
>>> choose_filler({"cellulose"})
<Filler.SUCROSE: 'sucrose'>
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Final

from attrs import field, frozen

from ldn._exact import canonical, exact, format_fraction
from ldn.dose import Dose, DoseInput, Volume, VolumeInput, as_dose, as_volume
from ldn.errors import FormulationError, LdnTypeError
from ldn.monograph import MONOGRAPH, Policy, RuleId
from ldn.schedule import DOSING_TIME, DayOrDate, TitrationPlan

__all__ = [
    "FILLER_PREFERENCE",
    "HANDLING",
    "ORAL_SYRINGES",
    "REPORTED_CAPSULE_COST",
    "Capsule",
    "Concentration",
    "Filler",
    "HandlingInstruction",
    "LiquidDose",
    "OralLiquid",
    "ReportedCost",
    "Syringe",
    "capsule_counts",
    "capsules_for",
    "choose_filler",
    "to_filler",
]


class Filler(StrEnum):
    """The inert powder that fills a compounded capsule."""

    CELLULOSE = "cellulose"
    SUCROSE = "sucrose"
    GINGER = "ginger"


#: Fillers in order of preference: the usual cellulose, then the alternatives (LDN-FILLER).
FILLER_PREFERENCE: Final = (Filler.CELLULOSE, Filler.SUCROSE, Filler.GINGER)


def to_filler(value: object) -> Filler:
    """A :class:`Filler` from itself or its name (``"sucrose"``, any case)."""
    if isinstance(value, Filler):
        return value
    if not isinstance(value, str):
        raise LdnTypeError("filler", f"{type(value).__name__} {value!r}", "a Filler or str")
    try:
        return Filler(value.strip().lower())
    except ValueError:
        names = ", ".join(FILLER_PREFERENCE)
        raise FormulationError("filler", repr(value), f"one of {names}") from None


def choose_filler(sensitivities: Iterable[Filler | str]) -> Filler:
    """The preferred filler the patient is not sensitive to (LDN-FILLER).

    >>> choose_filler([]), choose_filler(["cellulose", "sucrose"])
    (<Filler.CELLULOSE: 'cellulose'>, <Filler.GINGER: 'ginger'>)
    """
    if isinstance(sensitivities, str):
        raise LdnTypeError(
            "sensitivities", f"str {sensitivities!r}", "a collection of fillers, not a str"
        )
    avoid = {to_filler(each) for each in sensitivities}
    for filler in FILLER_PREFERENCE:
        if filler not in avoid:
            return filler
    raise FormulationError(
        "filler sensitivities",
        ", ".join(sorted(avoid)),
        "fewer than all of cellulose, sucrose and ginger (else agree a filler with the compounder)",
        rule_id=RuleId.FILLER,
    )


@frozen
class Capsule:
    """A compounded capsule: one strength, one filler."""

    strength: Dose = field(converter=as_dose)
    filler: Filler = field(default=Filler.CELLULOSE, converter=to_filler)

    def __str__(self) -> str:
        return f"{self.strength} capsule ({self.filler} filler)"


def capsules_for(
    plan: TitrationPlan, filler: Filler | str = Filler.CELLULOSE
) -> tuple[Capsule, ...]:
    """One capsule strength per distinct dose of a plan, smallest first, one capsule a night.

    >>> from ldn.schedule import titrate
    >>> plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
    >>> [str(c) for c in capsules_for(plan, "ginger")]
    ['1.5 mg capsule (ginger filler)', '3 mg capsule (ginger filler)', '4.5 mg capsule (ginger filler)']
    """
    return tuple(Capsule(dose, filler) for dose in plan.doses)


def capsule_counts(plan: TitrationPlan, first: DayOrDate, last: DayOrDate) -> dict[Dose, int]:
    """How many capsules of each strength the nights ``first`` to ``last`` take (inclusive)."""
    counts: dict[Dose, int] = {}
    for dose in plan.daily_doses(first, last):
        counts[dose] = counts.get(dose, 0) + 1
    return dict(sorted(counts.items()))


@frozen(order=True)
class Concentration:
    """An exact concentration in mg per mL (a Fraction, so 50 mg in 30 mL stays exact)."""

    mg_per_ml: Fraction

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.mg_per_ml, Fraction) or self.mg_per_ml <= 0:
            raise FormulationError(
                "concentration in mg/mL", repr(self.mg_per_ml), "a positive Fraction"
            )

    @classmethod
    def of(cls, amount: DoseInput, volume: VolumeInput) -> Concentration:
        """The concentration of ``amount`` dissolved in ``volume``."""
        return cls(Fraction(as_dose(amount).mg) / Fraction(as_volume(volume).ml))

    def volume_for(self, dose: DoseInput) -> Fraction:
        """The exact volume in mL that holds ``dose``."""
        return Fraction(as_dose(dose).mg) / self.mg_per_ml

    def __rmul__(self, volume: object) -> Dose:
        """``volume * concentration`` is the dose that volume holds."""
        if not isinstance(volume, Volume):
            return NotImplemented
        return Dose(Fraction(volume.ml) * self.mg_per_ml)

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

    def holds(self, ml: Fraction) -> bool:
        """Whether the syringe holds this volume in one draw."""
        return ml <= Fraction(self.capacity.ml)

    def measures(self, ml: Fraction) -> bool:
        """Whether this volume falls exactly on a mark of the scale."""
        return self.holds(ml) and (ml / Fraction(self.graduation.ml)).denominator == 1

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


@frozen
class HandlingInstruction:
    """One storage or handling instruction for the oral liquid."""

    code: str
    text: str
    rule_id: RuleId = RuleId.LIQUID


#: How to keep and use the oral liquid (LDN-LIQUID), for labels and counselling.
HANDLING: Final = (
    HandlingInstruction("refrigerate", "Keep the bottle in the refrigerator."),
    HandlingInstruction("protect-from-light", "Keep the bottle wrapped in aluminium foil."),
    HandlingInstruction("oral-syringe", "Measure every dose with an oral syringe."),
    HandlingInstruction("taste", "Expect a very unpleasant taste."),
)


@frozen
class LiquidDose:
    """A dose of the oral liquid: the mg, the mL that hold it, and the syringe to draw it."""

    dose: Dose
    volume: Volume
    syringe: Syringe

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
        """The volume for a dose, drawn with the smallest syringe that holds it.

        Refuses a dose whose volume falls between the marks of that syringe, or
        that no syringe holds in one draw (LDN-LIQUID).
        """
        wanted = as_dose(dose)
        ml = self.concentration.volume_for(wanted)
        fitting = sorted((s for s in syringes if s.holds(ml)), key=lambda s: s.capacity)
        if not fitting:
            raise FormulationError(
                f"volume for {wanted} at {self.concentration}",
                f"{format_fraction(ml)} mL",
                "within one draw of the largest syringe given",
                rule_id=RuleId.LIQUID,
            )
        syringe = fitting[0]
        if not syringe.measures(ml):
            raise FormulationError(
                f"volume for {wanted} at {self.concentration} in a {syringe}",
                f"{format_fraction(ml)} mL",
                f"a multiple of {syringe.graduation}",
                rule_id=RuleId.LIQUID,
            )
        return LiquidDose(wanted, Volume(ml), syringe)

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

        >>> from ldn.schedule import titrate
        >>> plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
        >>> OralLiquid.from_tablet().bottle_lasts(plan, 0)  # 14 x 1.5 mg, then 9 x 3 mg
        23
        """
        day = plan.day_of(opened)
        remaining = self.tablet.mg
        nights = 0
        while remaining >= (dose := plan.dose_on(day + nights).mg):
            remaining -= dose
            nights += 1
        return nights

    @exact
    def bottles_for(self, plan: TitrationPlan, first: DayOrDate, last: DayOrDate) -> int:
        """Bottles (so tablets) for the nights ``first`` to ``last`` of a plan.

        A new bottle is opened when the one in use holds less than the night's
        dose; what is left in the old one is discarded, so the count never falls
        short.
        """
        bottles = 0
        remaining = Decimal(0)
        for dose in plan.daily_doses(first, last):
            if dose.mg > self.tablet.mg:
                raise FormulationError(
                    f"nightly dose from one {self.tablet} bottle",
                    str(dose),
                    f"at most {self.tablet}",
                )
            if remaining < dose.mg:
                bottles += 1
                remaining = self.tablet.mg
            remaining -= dose.mg
        return bottles


@frozen
class ReportedCost:
    """A cost figure as the source reported it: never a current price."""

    amount: Decimal
    currency: str
    supply_days: int
    description: str
    source: str
    recorded_on: dt.date

    @exact
    def per_day(self) -> Decimal:
        """An estimate per day, rounded half-even to the cent (an estimate, not a price)."""
        cents = round(Fraction(self.amount) * 100 / self.supply_days)  # half-even
        return canonical(Decimal(cents).scaleb(-2))


#: The monograph's figure for compounded capsules: about NZ$90 for three months
#: from Auckland compounders. Three months is taken as 91 days (13 weeks).
REPORTED_CAPSULE_COST: Final = ReportedCost(
    amount=Decimal(90),
    currency="NZD",
    supply_days=91,
    description="about NZ$90 for a three-month supply of compounded capsules in Auckland",
    source="low dose naltrexone monograph, Dosing section (undated)",
    recorded_on=dt.date(2026, 11, 25),
)
