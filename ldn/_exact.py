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

from attrs import Attribute, field, frozen

from ldn._checks import describe, quoted, shown
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
#: given, so nothing is inherited from ``decimal.DefaultContext``. The caller's
#: context, its precision, rounding, traps and flags, neither changes a result nor is
#: changed. Hot paths pass it to the operations (``EXACT.add(a, b)``,
#: ``n.normalize(EXACT)``), choosing only operations that raise no signal, so its
#: flags stay clear (the tests check); the rest run in a copy through :func:`exact`.
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


def _positive_decimal(instance: object, attribute: Attribute[Decimal], value: object) -> None:
    if not isinstance(value, Decimal):
        raise LdnTypeError(attribute.name, describe(value), "a positive Decimal")
    if not value.is_finite() or value <= 0:
        raise InvalidDoseError(attribute.name, shown(value), "a positive Decimal")


def _word(instance: object, attribute: Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip() or len(value) > 40:
        raise LdnTypeError(
            attribute.name, describe(value), "a non-empty str of at most 40 characters"
        )


@frozen
class Bounds:
    """The range and resolution a quantity type accepts: ``0 < value <= maximum``, in steps of ``quantum``.

    ``maximum`` is a whole multiple of ``quantum``, and ``quantum`` a power of ten at most 1.
    """

    what: str = field(validator=_word)
    unit: str = field(validator=_word)
    maximum: Decimal = field(validator=_positive_decimal)
    quantum: Decimal = field(validator=_positive_decimal)
    _limit: Fraction = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        steps = 1 / Fraction(self.quantum)
        if steps.denominator != 1 or 10 ** (len(str(steps.numerator)) - 1) != steps.numerator:
            raise InvalidDoseError(
                "quantum of bounds", str(self.quantum), "a power of ten at most 1"
            )
        if (Fraction(self.maximum) * steps).denominator != 1:
            raise InvalidDoseError(
                "maximum of bounds", str(self.maximum), f"a whole multiple of {self.quantum}"
            )
        object.__setattr__(self, "_limit", Fraction(self.maximum))

    def out_of_range(self, value: object) -> InvalidDoseError:
        """The error for a value outside these bounds (built only when one is raised)."""
        allowed = (
            f"greater than 0 {self.unit} and at most {format_decimal(self.maximum)} {self.unit}, "
            f"in steps of {format_decimal(self.quantum)} {self.unit}"
        )
        return InvalidDoseError(f"{self.what} in {self.unit}", shown(value), allowed)


def fraction_to_decimal(value: Fraction) -> Decimal | None:
    """Return the exact decimal equal to ``value``, or None when it has no finite decimal form.

    Its time grows with the size of ``value``: check the size of untrusted input first.
    """
    denominator = value.denominator
    twos = (denominator & -denominator).bit_length() - 1  # trailing zero bits, at once
    denominator >>= twos
    fives = 0
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return None
    places = max(twos, fives)
    scaled = value * 10**places
    # scaled is an integer; scaling it in the exact context cannot round.
    return Decimal(scaled.numerator // scaled.denominator).scaleb(-places, EXACT)


def exact_decimal(value: object, bounds: Bounds) -> Decimal:
    """Convert ``value`` to a canonical Decimal within ``bounds``, or raise.

    Accepts int, str (a plain decimal number), Decimal and Fraction. Refuses bool,
    float and everything else with :class:`~ldn.errors.LdnTypeError`, and values
    out of range or finer than the resolution with :class:`~ldn.errors.InvalidDoseError`.
    An int or Fraction is checked against the bounds before any conversion, so a
    huge one is refused at once.
    """
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal | Fraction):
        hint = " (pass floats as str or Decimal, e.g. '4.5')" if isinstance(value, float) else ""
        raise LdnTypeError(
            f"{bounds.what} in {bounds.unit}",
            describe(value),
            f"an int, str, Decimal or Fraction{hint}",
        )
    number: Decimal
    if isinstance(value, str):
        match = _NUMBER.fullmatch(value)
        if match is None:
            raise InvalidDoseError(
                f"{bounds.what} in {bounds.unit}",
                quoted(value),
                "a plain decimal number such as '0.5' or '4.5' (leading zero, no sign, no unit)",
            )
        number = Decimal(match.group(1))
    elif isinstance(value, Fraction):
        if not 0 < value <= bounds._limit or value.denominator.bit_length() > 64:
            raise bounds.out_of_range(value)
        converted = fraction_to_decimal(value)
        if converted is None:
            raise InvalidDoseError(
                f"{bounds.what} in {bounds.unit}",
                f"Fraction({value})",
                "a fraction with an exact decimal form",
            )
        number = converted
    elif isinstance(value, int):
        if not 0 < value <= bounds._limit:
            raise bounds.out_of_range(value)
        number = Decimal(value)
    else:
        number = value
    if not number.is_finite() or number <= 0 or number > bounds.maximum:
        raise bounds.out_of_range(value)
    # On the resolution when a whole number of quanta: the remainder is exact and
    # raises no signal (a quantize would round, and flag Inexact).
    if EXACT.remainder(number, bounds.quantum):
        raise bounds.out_of_range(value)
    return canonical(number)


def canonical(number: Decimal) -> Decimal:
    """One representation per finite value: no exponent, no trailing fractional zeros.

    Uses :data:`EXACT`, whose precision holds any result, so no value is ever rounded.

    >>> canonical(Decimal("1.50")), canonical(Decimal("1E+2")), canonical(Decimal("0.000"))
    (Decimal('1.5'), Decimal('100'), Decimal('0'))
    """
    # normalize strips trailing zeros (4.500 -> 4.5, 4.000 -> 4, 100 -> 1E+2); a
    # whole number then gets exponent 0 by adding zeros. Neither raises a signal.
    normal = EXACT.normalize(number)
    if normal == EXACT.to_integral_value(normal):
        return EXACT.quantize(normal, _ONE)
    return normal


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
