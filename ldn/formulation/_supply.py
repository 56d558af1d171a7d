"""What the monograph reports about sources and cost: dated, reported data (LDN-SUPPLY). Private.

Import these from :mod:`ldn.formulation`.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs
from attrs import Attribute, field, frozen

from ldn._checks import describe, int_arg, nonempty, plain_date, quoted, shown, tuple_of
from ldn._exact import canonical, exact
from ldn.errors import FormulationError, LdnTypeError
from ldn.monograph import RuleId

__all__ = [
    "REPORTED_CAPSULE_COST",
    "REPORTED_SUPPLY",
    "ReportedCost",
    "ReportedSupplier",
    "SupplyReport",
]


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


def _sentence(instance: object, attribute: Attribute[str], value: object) -> None:
    nonempty(value, attribute.name, FormulationError)


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


def _text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise LdnTypeError(attribute.name, describe(value), "a non-empty str")


@frozen
class ReportedSupplier:
    """A compounder the monograph names, as it names it (LDN-SUPPLY): not an endorsement."""

    name: str = field(validator=_text)
    place: str = field(validator=_text)


def _suppliers(value: object) -> tuple[ReportedSupplier, ...]:
    return tuple_of(value, ReportedSupplier, "suppliers")


@frozen
class SupplyReport:
    """Where the monograph reports LDN can be had and at what cost: dated, reported data.

    Never a current price or a current list of suppliers (LDN-SUPPLY).

    >>> print(REPORTED_SUPPLY)
    Reported by the low dose naltrexone monograph, Dosing section (undated), recorded in ldn on 2026-11-25: Compound Labs (Auckland), Optimus (Auckland); about NZ$90 for a three-month supply of compounded capsules in Auckland. A reported figure, not a price: ask the compounder for a current quote. [LDN-SUPPLY]
    """

    suppliers: tuple[ReportedSupplier, ...] = field(converter=_suppliers)
    cost: ReportedCost = field()
    caveat: str = field(validator=_text)
    rule_id: RuleId = field(default=RuleId.SUPPLY)

    @cost.validator
    def _check_cost(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, ReportedCost):
            raise LdnTypeError("cost", describe(value), "a ReportedCost")

    @rule_id.validator
    def _check_rule(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not RuleId.SUPPLY:
            raise LdnTypeError("rule_id", describe(value), "RuleId.SUPPLY")

    def __str__(self) -> str:
        names = ", ".join(f"{s.name} ({s.place})" for s in self.suppliers)
        return (
            f"Reported by the {self.cost.source}, recorded in ldn on "
            f"{self.cost.recorded_on.isoformat()}: {names}; {self.cost.description}. "
            f"{self.caveat} [{self.rule_id}]"
        )


#: The monograph's supply note: two Auckland compounders and the NZ$90 three-month cost.
REPORTED_SUPPLY: Final = SupplyReport(
    suppliers=(
        ReportedSupplier("Compound Labs", "Auckland"),
        ReportedSupplier("Optimus", "Auckland"),
    ),
    cost=REPORTED_CAPSULE_COST,
    caveat="A reported figure, not a price: ask the compounder for a current quote.",
)
