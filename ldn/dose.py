"""Exact amounts of naltrexone: :class:`Dose` (mg) and :class:`Volume` (mL).

A dose is a positive amount in milligrams, held as a :class:`~decimal.Decimal`
with a resolution of 0.001 mg (1 microgram) and at most 1000 mg. The bound is a
sanity limit on the type, not a clinical one: the clinical maximum belongs to a
:class:`~ldn.monograph.Policy` (``LDN-DOSE-MAX``).

Input decisions, made for safety:

* ``float`` is refused. ``Dose(0.1 + 0.2)`` would otherwise silently carry a
  binary rounding error; pass ``"4.5"`` or ``Decimal("4.5")`` instead.
* ``bool`` is refused although it is an ``int``.
* Strings are plain decimals with a leading zero (``"0.5"``, not ``".5"``).
* :meth:`Dose.parse` accepts only milligrams. Grams and micrograms are refused,
  not converted: a slipped unit is a thousand-fold error, so the caller must
  convert on purpose.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Final, Self, TypeAlias

from attrs import field, frozen

from ldn._checks import abbreviate, describe, same_kind, shown, text_arg
from ldn._exact import EXACT, NUMBER_PATTERN, Bounds, exact_decimal, format_decimal
from ldn.errors import InvalidDoseError, LdnError, LdnTypeError

__all__ = ["Dose", "DoseInput", "Volume", "VolumeInput", "as_dose", "as_volume"]

#: Anything :class:`Dose` accepts.
DoseInput: TypeAlias = "Dose | int | str | Decimal | Fraction"
#: Anything :class:`Volume` accepts.
VolumeInput: TypeAlias = "Volume | int | str | Decimal | Fraction"

_DOSE_BOUNDS: Final = Bounds("dose", "mg", maximum=Decimal(1000), quantum=Decimal("0.001"))
_VOLUME_BOUNDS: Final = Bounds("volume", "mL", maximum=Decimal(10_000), quantum=Decimal("0.001"))
#: The largest whole-number factor a dose may be multiplied by.
_MAX_FACTOR: Final = 1_000_000

_DOSE_TEXT = re.compile(rf"\s*(?P<number>{NUMBER_PATTERN})\s*(?P<unit>[^\s0-9.]+)\s*")
#: The format specs a dose or volume accepts: fill, alignment and a width below 1000.
#: Precision and number types are refused: ".1" would cut "4.5 mg" to "4", and ".2f"
#: would round or add a trailing zero (ISMP: never "4.50 mg").
_TEXT_SPEC = re.compile(r"(?:.?[<>^])?[0-9]{0,3}s?", re.DOTALL)
_MG_SPELLINGS: Final = frozenset({"mg", "milligram", "milligrams"})
_OTHER_MASS_UNITS: Final = frozenset(
    {"g", "gram", "grams", "kg", "mcg", "ug", "µg", "μg", "microgram", "micrograms", "ng"}
)


def _to_mg(value: object) -> Decimal:
    if isinstance(value, Dose):
        return value.mg
    return exact_decimal(value, _DOSE_BOUNDS)


def _to_ml(value: object) -> Decimal:
    if isinstance(value, Volume):
        return value.ml
    return exact_decimal(value, _VOLUME_BOUNDS)


def _factor(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise LdnTypeError("factor", describe(value), "an int")
    if not 1 <= value <= _MAX_FACTOR:
        raise InvalidDoseError("factor", shown(value), f"between 1 and {_MAX_FACTOR}")
    return value


def _formatted(text: str, spec: object, what: str) -> str:
    """``text`` formatted with a string spec of fill, alignment and width only."""
    if not isinstance(spec, str) or _TEXT_SPEC.fullmatch(spec) is None:
        raise InvalidDoseError(
            f"format spec of a {what}",
            describe(spec),
            "fill, alignment and width below 1000 only, such as '>8' "
            "(a precision would cut the text, a number format would round)",
        )
    return format(text, spec)


def _operand(value: object, operation: str) -> Dose:
    if not isinstance(value, Dose):
        raise LdnTypeError(f"operand of Dose {operation}", describe(value), "a Dose")
    return value


@frozen
class Dose:
    """An exact, positive amount of naltrexone in milligrams.

    >>> Dose("4.5")
    Dose('4.5')
    >>> str(Dose("0.50")), str(Dose(1)), Dose("1.5").mg
    ('0.5 mg', '1 mg', Decimal('1.5'))
    >>> Dose("1.5") + Dose("1.5") == Dose(3)
    True
    >>> Dose("0.5") * 3
    Dose('1.5')
    >>> Dose(0.5)
    Traceback (most recent call last):
    ...
    ldn.errors.LdnTypeError: dose in mg must be an int, str, Decimal or Fraction (pass floats as str or Decimal, e.g. '4.5'), got float 0.5
    """

    mg: Decimal = field(converter=_to_mg)

    @classmethod
    def parse(cls, text: str) -> Self:
        """Read a dose written with its unit: ``"4.5 mg"``, ``"4.5mg"``, ``" 0.5 mg "``.

        >>> Dose.parse("4.5 mg")
        Dose('4.5')
        >>> Dose.parse("4.5 mcg")
        Traceback (most recent call last):
        ...
        ldn.errors.InvalidDoseError: unit of '4.5 mcg' must be mg (convert other units yourself: a unit slip is a 1000-fold error), got 'mcg'
        """
        text_arg(text, "dose text")
        match = _DOSE_TEXT.fullmatch(text)
        if match is None:
            raise InvalidDoseError(
                "dose text",
                describe(text)[4:],
                "a number with a leading zero followed by mg, such as '0.5 mg' or '4.5 mg'",
            )
        unit = match.group("unit")
        if unit.lower() not in _MG_SPELLINGS:
            known = unit.lower() in _OTHER_MASS_UNITS
            reason = "a unit slip is a 1000-fold error" if known else "no other unit is read"
            raise InvalidDoseError(
                f"unit of {abbreviate(repr(text))}",
                abbreviate(repr(unit)),
                f"mg (convert other units yourself: {reason})",
            )
        return cls(match.group("number"))

    def __str__(self) -> str:
        return f"{format_decimal(self.mg)} mg"

    def __repr__(self) -> str:
        return f"Dose('{format_decimal(self.mg)}')"

    def __format__(self, spec: str) -> str:
        """Format the ISMP text (``str(dose)``) with fill, alignment and width, e.g. ``f"{dose:>8}"``.

        >>> f"{Dose('4.5'):.2f}"
        Traceback (most recent call last):
        ...
        ldn.errors.InvalidDoseError: format spec of a dose must be fill, alignment and width below 1000 only, such as '>8' (a precision would cut the text, a number format would round), got str '.2f'
        """
        return _formatted(str(self), spec, "dose")

    # Ordering by hand on the Decimal: doses are compared on every step of a plan.
    # Another type is an LdnTypeError, not the TypeError of NotImplemented.
    def __lt__(self, other: object) -> bool:
        return self.mg < (other.mg if isinstance(other, Dose) else _operand(other, "<").mg)

    def __le__(self, other: object) -> bool:
        return self.mg <= (other.mg if isinstance(other, Dose) else _operand(other, "<=").mg)

    def __gt__(self, other: object) -> bool:
        return self.mg > (other.mg if isinstance(other, Dose) else _operand(other, ">").mg)

    def __ge__(self, other: object) -> bool:
        return self.mg >= (other.mg if isinstance(other, Dose) else _operand(other, ">=").mg)

    def __add__(self, other: object) -> Dose:
        return Dose(EXACT.add(self.mg, _operand(other, "+").mg))

    def __sub__(self, other: object) -> Dose:
        """The difference of two doses; it must itself be a positive dose."""
        return Dose(EXACT.subtract(self.mg, _operand(other, "-").mg))

    def __mul__(self, factor: object) -> Dose:
        """A dose times a whole number from 1 to 1,000,000."""
        return Dose(EXACT.multiply(self.mg, Decimal(_factor(factor))))

    __rmul__ = __mul__


@frozen
class Volume:
    """An exact, positive volume of liquid in millilitres (written ``mL``).

    >>> Volume("9"), str(Volume("0.25"))
    (Volume('9'), '0.25 mL')
    """

    ml: Decimal = field(converter=_to_ml)

    def __str__(self) -> str:
        return f"{format_decimal(self.ml)} mL"

    def __repr__(self) -> str:
        return f"Volume('{format_decimal(self.ml)}')"

    def __format__(self, spec: str) -> str:
        """Format the text (``str(volume)``) with fill, alignment and width only."""
        return _formatted(str(self), spec, "volume")

    def __lt__(self, other: object) -> bool:
        return self.ml < same_kind(self, other).ml

    def __le__(self, other: object) -> bool:
        return self.ml <= same_kind(self, other).ml

    def __gt__(self, other: object) -> bool:
        return self.ml > same_kind(self, other).ml

    def __ge__(self, other: object) -> bool:
        return self.ml >= same_kind(self, other).ml


def as_dose(value: DoseInput, name: str = "dose") -> Dose:
    """``value`` as a :class:`Dose`; an error names the argument ``name``.

    >>> as_dose("-1", "start")
    Traceback (most recent call last):
    ...
    ldn.errors.InvalidDoseError: start in mg must be a plain decimal number such as '0.5' or '4.5' (leading zero, no sign, no unit), got '-1'
    """
    if not isinstance(name, str):
        text_arg(name, "name")
    if isinstance(value, Dose):
        return value
    try:
        return Dose(value)
    except LdnError as error:
        raise type(error)(f"{abbreviate(name)} in mg", error.given, error.allowed) from error


def as_volume(value: VolumeInput, name: str = "volume") -> Volume:
    """``value`` as a :class:`Volume`; an error names the argument ``name``."""
    if not isinstance(name, str):
        text_arg(name, "name")
    if isinstance(value, Volume):
        return value
    try:
        return Volume(value)
    except LdnError as error:
        raise type(error)(f"{abbreviate(name)} in mL", error.given, error.allowed) from error
