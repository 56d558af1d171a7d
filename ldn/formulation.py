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
import re
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any, Final

from attrs import Attribute, field, frozen

from ldn._checks import describe, int_arg, iterable_of, plain_date, quoted, same_kind, shown
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
        raise LdnTypeError("filler", describe(value), "a Filler or str")
    name = value.strip().lower()
    for filler in FILLER_PREFERENCE:
        if filler.value == name:
            return filler
    raise FormulationError("filler", quoted(value), f"one of {', '.join(FILLER_PREFERENCE)}")


def choose_filler(sensitivities: Iterable[Filler | str]) -> Filler:
    """The preferred filler the patient is not sensitive to (LDN-FILLER).

    >>> choose_filler([]), choose_filler(["cellulose", "sucrose"])
    (<Filler.CELLULOSE: 'cellulose'>, <Filler.GINGER: 'ginger'>)
    """
    if isinstance(sensitivities, str | bytes | bytearray) or not isinstance(
        sensitivities, Iterable
    ):
        raise LdnTypeError(
            "sensitivities", describe(sensitivities), "a collection of fillers, not a str"
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
    return tuple(Capsule(dose, filler) for dose in _plan(plan).doses)


def capsule_counts(plan: TitrationPlan, first: DayOrDate, last: DayOrDate) -> dict[Dose, int]:
    """How many capsules of each strength the nights ``first`` to ``last`` take (inclusive)."""
    counts: dict[Dose, int] = {}
    for dose in plan.daily_doses(first, last):
        counts[dose] = counts.get(dose, 0) + 1
    return dict(sorted(counts.items()))


def _plan(value: object) -> TitrationPlan:
    if not isinstance(value, TitrationPlan):
        raise LdnTypeError("plan", describe(value), "a TitrationPlan")
    return value


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
    if not isinstance(value, str):
        raise LdnTypeError(attribute.name, describe(value), "a str")
    if not value.strip():
        raise FormulationError(attribute.name, quoted(value), "a non-empty str")


def _rule_id(value: object) -> RuleId:
    if isinstance(value, str):
        for rule_id in RuleId:
            if rule_id.value == value:
                return rule_id
    raise FormulationError("rule id", quoted(value), f"one of {', '.join(RuleId)}")


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
        """The volume for a dose, drawn with the smallest syringe that holds it.

        Refuses a dose whose volume falls between the marks of that syringe, or
        that no syringe holds in one draw (LDN-LIQUID).
        """
        wanted = as_dose(dose)
        ml = self.concentration.volume_for(wanted)
        given = iterable_of(syringes, Syringe, "syringes")
        fitting = sorted((s for s in given if s.holds(ml)), key=lambda s: s.capacity)
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
        return LiquidDose(wanted, Volume(ml), syringe, self.concentration)

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


def _amount(instance: object, attribute: Attribute[Decimal], value: object) -> None:
    if not isinstance(value, Decimal):
        raise LdnTypeError(attribute.name, describe(value), "a Decimal")
    if not value.is_finite() or not 0 <= value <= _MAX_AMOUNT:
        raise FormulationError(
            attribute.name, shown(value), "a finite Decimal from 0 to 1,000,000,000,000"
        )


def _currency(instance: object, attribute: Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise LdnTypeError(attribute.name, describe(value), "a str")
    if _CURRENCY.fullmatch(value) is None:
        raise FormulationError(attribute.name, quoted(value), "an ISO 4217 code such as 'NZD'")


def _supply_days(instance: object, attribute: Attribute[int], value: object) -> None:
    if not 1 <= int_arg(value, attribute.name) <= 3660:
        raise FormulationError(attribute.name, shown(value), "from 1 to 3660 days")


def _recorded_on(instance: object, attribute: Attribute[dt.date], value: object) -> None:
    plain_date(value, attribute.name)


_MAX_AMOUNT: Final = Decimal(10**12)
_CURRENCY = re.compile(r"[A-Z]{3}")


@frozen
class ReportedCost:
    """A cost figure as the source reported it: never a current price.

    ``amount`` is a finite Decimal from 0 to 10**12 in ``currency`` (an ISO 4217
    code), for ``supply_days`` (1 to 3660), described and sourced in words and
    dated ``recorded_on``.
    """

    amount: Decimal = field(validator=_amount)
    currency: str = field(validator=_currency)
    supply_days: int = field(validator=_supply_days)
    description: str = field(validator=_sentence)
    source: str = field(validator=_sentence)
    recorded_on: dt.date = field(validator=_recorded_on)

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
