"""One set of attrs validator factories that raise ``LdnError``\\ s. Private.

In the manner of attrs' ``instance_of``, ``optional`` and ``deep_iterable``: every
value class of ``ldn`` builds its field checks from these, so a field of the wrong
type always reads "*field* must be *allowed*, got *type and value*", and a field
of the right type but a forbidden value raises the module's own error class.
Converters stay named functions (the type checker's attrs support needs them so);
they call :func:`ldn._checks.tuple_of` and :func:`ldn._checks.choice`.

>>> import attrs
>>> from ldn.errors import ScheduleError
>>> @attrs.frozen
... class Example:
...     days: int = attrs.field(validator=whole(0, 9, ScheduleError))
...     note: str | None = attrs.field(default=None, validator=optional(text(ScheduleError)))
>>> Example(10)
Traceback (most recent call last):
...
ldn.errors.ScheduleError: days must be from 0 to 9, got 10
>>> Example(1, 3)
Traceback (most recent call last):
...
ldn.errors.LdnTypeError: note must be a non-empty str, got int 3
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any, TypeAlias

import attrs

from ldn._checks import describe, int_arg, nonempty, plain_date, shown, writable
from ldn.errors import LdnError, LdnTypeError

__all__ = [
    "Validator",
    "calendar_date",
    "instance_of",
    "optional",
    "sized_number",
    "text",
    "whole",
]

#: An attrs validator: called with the instance, the attribute and the value.
Validator: TypeAlias = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def instance_of(kind: type | tuple[type, ...], allowed: str) -> Validator:
    """A validator: the value is a ``kind`` (never a bool for int), else LdnTypeError.

    ``allowed`` is what the message says is allowed ("a TitrationPlan").
    """

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _kinds(kind)):
            raise LdnTypeError(attribute.name, describe(value), allowed)

    return check


def sized_number(
    kind: type[int] | type[Fraction], allowed: str, error: type[LdnError]
) -> Validator:
    """A validator: a ``kind`` (an int or a Fraction, never a bool) that can be written out.

    The wrong type raises LdnTypeError (``allowed`` says what is allowed: "a Fraction or
    None"); a number whose terms pass 4000 bits raises ``error``: its ``repr`` would fail.
    """
    of_kind = instance_of(kind, allowed)
    sized = (
        "a Fraction whose numerator and denominator have at most 4000 bits"
        if kind is Fraction
        else "an int of at most 4000 bits"
    )

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        of_kind(instance, attribute, value)
        if not writable(value):
            raise error(attribute.name, shown(value), sized)

    return check


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def optional(validator: Validator) -> Validator:
    """A validator: None, or a value ``validator`` accepts."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            validator(instance, attribute, value)

    return check


def text(error: type[LdnError]) -> Validator:
    """A validator: a str with a non-blank character (a blank one raises ``error``)."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        nonempty(value, attribute.name, error)

    return check


def whole(low: int, high: int, error: type[LdnError], unit: str = "") -> Validator:
    """A validator: an int (not a bool) from ``low`` to ``high``, else ``error``.

    ``unit`` follows the bounds in the message ("from 1 to 3660 days").
    """
    allowed = f"from {low} to {high}{unit}"

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not low <= int_arg(value, attribute.name) <= high:
            raise error(attribute.name, shown(value), allowed)

    return check


def calendar_date() -> Validator:
    """A validator: a ``datetime.date`` that is not a ``datetime``, else LdnTypeError."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        plain_date(value, attribute.name)

    return check
