"""Exact decimal conversion and ISMP-style number formatting, shared by the quantity types.

Private: the public types (:class:`ldn.Dose`, :class:`ldn.Volume`) call these helpers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from decimal import (
    MAX_EMAX,
    MAX_PREC,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from fractions import Fraction
from typing import Final, ParamSpec, TypeVar

from attrs import frozen

from ldn.errors import InvalidDoseError, LdnTypeError

__all__ = [
    "EXACT",
    "NUMBER_PATTERN",
    "Bounds",
    "canonical",
    "exact",
    "exact_decimal",
    "format_decimal",
    "format_fraction",
    "fraction_to_decimal",
]

#: A plain decimal number: ASCII digits, an optional fractional part, no sign,
#: no exponent, and always a digit before the point (no ".5").
NUMBER_PATTERN: Final = r"[0-9]+(?:\.[0-9]+)?"
_NUMBER = re.compile(rf"\s*({NUMBER_PATTERN})\s*")
#: The one context of every Decimal operation in ldn. It never rounds: its precision
#: and exponent range hold any result of the additions, subtractions, multiplications,
#: exact divisions and quantizations ldn makes (a division with no finite decimal form
#: would exhaust memory here: ldn divides such values as Fractions). Every field is
#: given, so nothing is inherited from ``decimal.DefaultContext``. Operations run in a
#: copy (``localcontext(EXACT)``, or :func:`exact`), so the caller's context, its
#: precision, rounding, traps and flags, neither changes a result nor is changed.
EXACT: Final = Context(
    prec=MAX_PREC,
    rounding=ROUND_HALF_EVEN,
    Emax=MAX_EMAX,
    Emin=MIN_EMIN,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
_ONE: Final = Decimal(1)

P = ParamSpec("P")
R = TypeVar("R")


def exact(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` in a copy of :data:`EXACT`, whatever the caller's context."""

    @functools.wraps(function)
    def in_exact_context(*args: P.args, **kwargs: P.kwargs) -> R:
        with localcontext(EXACT):
            return function(*args, **kwargs)

    return in_exact_context


@frozen
class Bounds:
    """The range and resolution a quantity type accepts: ``0 < value <= maximum``, in steps of ``quantum``."""

    what: str
    unit: str
    maximum: Decimal
    quantum: Decimal

    def out_of_range(self, value: object) -> InvalidDoseError:
        """The error for a value outside these bounds (built only when one is raised)."""
        allowed = (
            f"greater than 0 {self.unit} and at most {format_decimal(self.maximum)} {self.unit}, "
            f"in steps of {format_decimal(self.quantum)} {self.unit}"
        )
        return InvalidDoseError(f"{self.what} in {self.unit}", str(value), allowed)


@exact
def fraction_to_decimal(value: Fraction) -> Decimal | None:
    """Return the exact decimal equal to ``value``, or None when it has no finite decimal form."""
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return None
    places = max(twos, fives)
    scaled = value * 10**places
    # scaled is an integer; scaling it in the exact context cannot round.
    return Decimal(scaled.numerator // scaled.denominator).scaleb(-places)


@exact
def exact_decimal(value: object, bounds: Bounds) -> Decimal:
    """Convert ``value`` to a canonical Decimal within ``bounds``, or raise.

    Accepts int, str (a plain decimal number), Decimal and Fraction. Refuses bool,
    float and everything else with :class:`~ldn.errors.LdnTypeError`, and values
    out of range or finer than the resolution with :class:`~ldn.errors.InvalidDoseError`.
    """
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal | Fraction):
        hint = " (pass floats as str or Decimal, e.g. '4.5')" if isinstance(value, float) else ""
        raise LdnTypeError(
            f"{bounds.what} in {bounds.unit}",
            f"{type(value).__name__} {value!r}",
            f"an int, str, Decimal or Fraction{hint}",
        )
    number: Decimal
    if isinstance(value, str):
        match = _NUMBER.fullmatch(value)
        if match is None:
            raise InvalidDoseError(
                f"{bounds.what} in {bounds.unit}",
                repr(value),
                "a plain decimal number such as '0.5' or '4.5' (leading zero, no sign, no unit)",
            )
        number = Decimal(match.group(1))
    elif isinstance(value, Fraction):
        converted = fraction_to_decimal(value)
        if converted is None:
            raise InvalidDoseError(
                f"{bounds.what} in {bounds.unit}",
                f"Fraction({value})",
                "a fraction with an exact decimal form",
            )
        number = converted
    else:
        number = Decimal(value)
    if not number.is_finite() or number <= 0 or number > bounds.maximum:
        raise bounds.out_of_range(value)
    if number != number.quantize(bounds.quantum):
        raise bounds.out_of_range(value)
    return _canonical(number)


@exact
def canonical(number: Decimal) -> Decimal:
    """One representation per finite value: no exponent, no trailing fractional zeros.

    Uses a context whose precision holds any result, so no value is ever rounded.

    >>> canonical(Decimal("1.50")), canonical(Decimal("1E+2")), canonical(Decimal("0.000"))
    (Decimal('1.5'), Decimal('100'), Decimal('0'))
    """
    return _canonical(number)


def _canonical(number: Decimal) -> Decimal:
    """:func:`canonical` for callers already in the exact context."""
    if number == number.to_integral_value():
        return number.quantize(_ONE)
    return number.normalize()


def format_fraction(value: Fraction) -> str:
    """A fraction as an exact decimal when it has one, else as ``n/d``.

    >>> format_fraction(Fraction(1, 2)), format_fraction(Fraction(10, 3))
    ('0.5', '10/3')
    """
    decimal_form = fraction_to_decimal(value)
    return str(value) if decimal_form is None else format_decimal(decimal_form)


def format_decimal(number: Decimal) -> str:
    """Format per ISMP: leading zero, no trailing zero, no exponent.

    >>> format_decimal(Decimal("0.50")), format_decimal(Decimal("1.0")), format_decimal(Decimal("1E+1"))
    ('0.5', '1', '10')
    """
    return format(canonical(number), "f")
