"""Argument checks and safe descriptions of what was given, shared by the value classes. Private.

Every error message shows what the caller gave, and a caller may give anything: a
megabyte string, an int past Python's int-to-str limit, a Fraction with a huge
denominator, an object whose ``__repr__`` raises. :func:`describe` and
:func:`shown` turn any value into a short text and never raise, so building an
error message cannot itself fail or take long.

>>> describe(None)
'NoneType None'
>>> print(describe("x" * 100))
str 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...
>>> shown(10**5000)
'an int of about 5001 digits'
"""

from __future__ import annotations

import datetime as dt
import reprlib
from collections.abc import Iterable
from decimal import Context, Decimal, localcontext
from enum import EnumType, StrEnum
from fractions import Fraction
from typing import Any, Final, TypeVar

from ldn.errors import LdnError, LdnTypeError

__all__ = [
    "LIMIT",
    "Choices",
    "abbreviate",
    "choice",
    "days_after",
    "describe",
    "int_arg",
    "iterable_of",
    "nonempty",
    "plain_date",
    "quoted",
    "same_kind",
    "shown",
    "text_arg",
    "tuple_of",
    "writable",
]

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)

#: The most characters of a given value an error message shows.
LIMIT = 60
#: Ints with more bits than this are described by their size (a decimal form of them
#: costs time, and past 4300 digits Python refuses to make one).
_MAX_INT_BITS = 4000
#: log10(2) to 15 places, as an integer ratio: the size is estimated without a float.
_LOG10_2: Final = (301029995663981, 10**15)
#: A Decimal's text depends on one field of the context, capitals ("1E+5", not "1e+5").
_TEXT: Final = Context(capitals=1)
_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = LIMIT
_REPR.maxlevel = 3


def abbreviate(text: str, limit: int = LIMIT) -> str:
    """``text`` cut to about ``limit`` characters, marked with ``...`` when cut."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _digits(value: int) -> str:
    """The size of a huge int in decimal digits, from its bit length (within one digit)."""
    sign = "a negative int" if value < 0 else "an int"
    digits = abs(value).bit_length() * _LOG10_2[0] // _LOG10_2[1] + 1
    return f"{sign} of about {digits} digits"


def _part(value: int) -> str:
    return _digits(value) if value.bit_length() > _MAX_INT_BITS else abbreviate(str(value))


def _huge(value: object) -> str | None:
    """A description by size of an int or Fraction too large to write out, else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return _digits(value) if value.bit_length() > _MAX_INT_BITS else None
    if isinstance(value, Fraction):
        numerator, denominator = value.numerator, value.denominator
        if max(numerator.bit_length(), denominator.bit_length()) > _MAX_INT_BITS:
            return f"a Fraction, {_part(numerator)} over {_part(denominator)}"
    return None


def writable(value: object) -> bool:
    """Whether a value is no int or Fraction with a term of more than 4000 bits.

    A value past that is refused by the value classes: Python will not write an int of
    more than 4300 digits, so its ``repr`` would raise.

    >>> writable(2**4000 - 1), writable(Fraction(1, 2**4000))
    (True, False)
    """
    return _huge(value) is None


def shown(value: object) -> str:
    """``str(value)`` cut to :data:`LIMIT` characters, or a safe stand-in; never raises.

    For values of the expected type (a number out of range, a day, a name).
    """
    try:
        huge = _huge(value)
        if huge is not None:
            return huge
        if isinstance(value, Decimal):
            with localcontext(_TEXT):
                return abbreviate(str(value))
        if isinstance(value, str):
            return abbreviate(value[: LIMIT + 1])
        if isinstance(value, int | Fraction | dt.date) or type(value).__module__.startswith("ldn."):
            return abbreviate(str(value))  # ldn's own values write short texts
    except Exception:  # a subclass whose __str__ raises must not hide the real error
        pass
    return describe(value)


def quoted(value: object, limit: int = LIMIT) -> str:
    """A str quoted for a message, cut to ``limit`` characters with "..." inside the quotes.

    Anything else is written as :func:`describe` writes it.

    >>> quoted("monograph"), quoted("x" * 10, 8), quoted(None)
    ("'monograph'", "'xxxxx...'", 'NoneType None')
    """
    if isinstance(value, str):
        text = str.__str__(value)  # a plain str, whatever a subclass overrides
        return repr(text if len(text) <= limit else text[: limit - 3] + "...")
    return describe(value)


def describe(value: object) -> str:
    """The type of ``value`` and its repr cut to :data:`LIMIT` characters; never raises.

    For values of the wrong type, where the type is the news.
    """
    kind = type(value).__name__
    try:
        huge = _huge(value)
        if huge is not None:
            return f"{kind} ({huge})"
        if isinstance(value, str | bytes | bytearray):
            text = repr(value[: LIMIT + 1])
        else:
            with localcontext(_TEXT):
                text = _REPR.repr(value)
    except Exception:
        return f"{kind} (whose repr failed)"
    return f"{kind} {abbreviate(text)}"


def nonempty(value: object, name: str, error: type[LdnError]) -> str:
    """``value`` if it is a str with a non-blank character; else LdnTypeError, or ``error``."""
    if not isinstance(value, str):
        raise LdnTypeError(name, describe(value), "a non-empty str")
    if not value.strip():
        raise error(name, quoted(value), "a non-empty str")
    return value


def int_arg(value: object, name: str) -> int:
    """``value`` if it is an int and not a bool, else an LdnTypeError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise LdnTypeError(name, describe(value), "an int")
    return value


def text_arg(value: object, name: str) -> str:
    """``value`` if it is a str, else an LdnTypeError."""
    if not isinstance(value, str):
        raise LdnTypeError(name, describe(value), "a str")
    return value


def days_after(day: dt.date, days: int) -> dt.date:
    """``day`` plus ``days`` (negative: before), held to the calendar's ends instead of
    overflowing: a record dated near year 9999 reads as the last day there is.

    >>> days_after(dt.date(9999, 12, 30), 30), days_after(dt.date(2026, 12, 3), -2)
    (datetime.date(9999, 12, 31), datetime.date(2026, 12, 1))
    """
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def plain_date(value: object, name: str, allowed: str = "a datetime.date") -> dt.date:
    """``value`` if it is a date and not a datetime, else an LdnTypeError."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise LdnTypeError(name, describe(value), allowed)
    return value


def tuple_of(value: object, kind: type[T], name: str) -> tuple[T, ...]:
    """``value`` (a tuple or list of ``kind``) as a tuple, or an LdnTypeError naming ``name``."""
    items = tuple(value) if isinstance(value, list | tuple) else None
    if items is None or not all(isinstance(item, kind) for item in items):
        raise LdnTypeError(name, describe(value), f"a tuple or list of {kind.__name__}")
    return items


def iterable_of(value: object, kind: type[T], name: str) -> tuple[T, ...]:
    """The items of ``value`` (any iterable but a str or bytes), each a ``kind``, as a tuple."""
    allowed = f"an iterable of {kind.__name__}"
    if isinstance(value, str | bytes | bytearray) or not isinstance(value, Iterable):
        raise LdnTypeError(name, describe(value), allowed)
    items = tuple(value)
    for item in items:
        if not isinstance(item, kind):
            raise LdnTypeError(f"item of {name}", describe(item), f"a {kind.__name__}")
    return items


def same_kind(value: T, other: object) -> T:
    """``other`` if it is of ``value``'s class, else an LdnTypeError (for comparisons).

    Comparing with anything else raises LdnTypeError, not the bare TypeError that
    ``NotImplemented`` gives.
    """
    if not isinstance(other, type(value)):
        kind = type(value).__name__
        raise LdnTypeError(f"value compared with a {kind}", describe(other), f"a {kind}")
    return other


def choice(value: object, kind: type[E], name: str, error: type[LdnError]) -> E:
    """The member of ``kind`` that ``value`` is or names, else ``error`` naming the members.

    Unlike ``kind(value)``, it never hashes, compares or writes out a foreign value.
    """
    if isinstance(value, kind):
        return value
    if isinstance(value, str):
        member = kind._value2member_map_.get(str.__str__(value))
        if member is not None:
            return member  # type: ignore[return-value]  # a member of kind, by its value
    raise error(name, quoted(value), f"one of {', '.join(kind)}")


class Choices(EnumType):
    """The metaclass of ldn's enums: ``Kind(value)`` refuses an unknown value with an LdnError.

    Python's own lookup raises a bare ValueError, and writes the value with repr
    first (which fails for an int past the int-to-str limit). The error class of
    an unknown str is given as ``error=`` in the class statement.
    """

    _ldn_error: type[LdnError]

    def __new__(
        metacls,
        cls: str,
        bases: tuple[type, ...],
        classdict: Any,
        *,
        error: type[LdnError] = LdnTypeError,
        **kwds: Any,
    ) -> Any:
        made = super().__new__(metacls, cls, bases, classdict, **kwds)
        made._ldn_error = error
        return made

    def __call__(cls, value: object) -> Any:  # type: ignore[override]
        return choice(value, cls, cls.__name__, cls._ldn_error)  # type: ignore[arg-type]
