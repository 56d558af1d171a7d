"""FHIR dates, periods and durations as calendar days. Private.

A FHIR ``date`` or ``dateTime`` is read as the calendar day it names in its own
offset ("2026-03-01T23:30:00-05:00" is 1 March 2026, wherever the reader is): no
clock and no time-zone arithmetic. A partial date ("2026-03", "2026") names a
range of days; :func:`last_day` gives the last of them (the later day is the safe
side for when a medicine was last taken) and :func:`exact_day` refuses it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from ldn._checks import describe
from ldn.errors import ScreeningError

__all__ = ["duration_days", "exact_day", "last_day", "period_end", "quantity_days"]

#: A FHIR date or dateTime: year, optional month and day, optional time with an
#: optional offset (FHIR asks for the offset; a time without one is still read).
_DATE: Final = re.compile(
    r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2})"
    r"(?:T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::(?:[0-5][0-9]|60)(?:\.[0-9]+)?)?"
    r"(?:Z|[+-](?:0[0-9]|1[0-4]):[0-5][0-9])?)?)?)?"
)
#: Days in one unit of a duration (UCUM codes and the words FHIR examples use).
#: A month counts 31 days and a year 366: the longer reading is the safe side.
_DAYS_PER_UNIT: Final = {
    "d": 1,
    "day": 1,
    "days": 1,
    "wk": 7,
    "week": 7,
    "weeks": 7,
    "mo": 31,
    "month": 31,
    "months": 31,
    "a": 366,
    "year": 366,
    "years": 366,
}
#: The longest duration read, in days (ten years): more is a mistake in the record.
MAX_DAYS: Final = 3660


def _parts(value: object, where: str) -> tuple[int, int | None, int | None]:
    match = _DATE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ScreeningError(where, describe(value), "a FHIR date such as 2026-11-25")
    year, month, day = match.groups()
    return int(year), None if month is None else int(month), None if day is None else int(day)


def last_day(value: object, where: str) -> dt.date | None:
    """The last calendar day a FHIR date or dateTime covers (None stays None).

    >>> last_day("2026-02", "x"), last_day("2026-03-01T23:30:00-05:00", "x")
    (datetime.date(2026, 2, 28), datetime.date(2026, 3, 1))
    """
    if value is None:
        return None
    year, month, day = _parts(value, where)
    try:
        month = 12 if month is None else month
        return dt.date(year, month, calendar.monthrange(year, month)[1] if day is None else day)
    except ValueError:
        raise ScreeningError(where, describe(value), "a real calendar date") from None


def exact_day(value: object, where: str) -> dt.date | None:
    """The calendar day of a FHIR date or dateTime given to the day; a partial date is refused."""
    if value is None:
        return None
    if _parts(value, where)[2] is None:
        raise ScreeningError(where, describe(value), "a date given to the day, such as 2026-11-25")
    return last_day(value, where)


def period_end(period: Mapping[str, Any] | None, where: str) -> dt.date | None:
    """The last day of a FHIR Period (None without an end); its start is checked too."""
    if period is None:
        return None
    last_day(period.get("start"), f"{where}.start")
    return last_day(period.get("end"), f"{where}.end")


def quantity_days(quantity: Mapping[str, Any], where: str) -> int:
    """A FHIR Duration or Quantity of time as whole days, rounded up (at most :data:`MAX_DAYS`).

    Without a unit (``code``, else ``unit``) the value is in days.

    >>> quantity_days({"value": 1.5, "unit": "weeks"}, "x"), quantity_days({"value": 2}, "x")
    (11, 2)
    """
    unit = quantity.get("code", quantity.get("unit"))
    per = (
        1
        if unit is None
        else _DAYS_PER_UNIT.get(unit.strip().lower())
        if isinstance(unit, str)
        else None
    )
    if per is None:
        raise ScreeningError(f"{where}.code", describe(unit), "a unit of days, weeks or months")
    value = quantity.get("value")
    if type(value) is int and 0 < value * per <= MAX_DAYS:
        return value * per  # the common case, whole days: no Fraction
    days = _exact(value)
    if days is None or not 0 < days * per <= MAX_DAYS:
        raise ScreeningError(
            f"{where}.value",
            describe(quantity.get("value")),
            f"a number of days above 0 and at most {MAX_DAYS}",
        )
    return math.ceil(days * per)


def _exact(value: object) -> Fraction | None:
    """A JSON number exactly (a float by its shortest decimal form), whatever the caller's
    decimal context; None for anything else, and for a Decimal whose exponent is so far
    from zero that it cannot be a number of days (its Fraction would cost too much)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    if isinstance(value, int):
        return Fraction(value)
    number = Decimal(repr(value)) if isinstance(value, float) else value
    if not number.is_finite() or not -6 <= number.adjusted() <= 6:
        return None
    return Fraction(number)


def duration_days(owner: Mapping[str, Any], name: str, where: str) -> int | None:
    """The member ``name`` of ``owner``, a Duration, in days; None when absent."""
    value = owner.get(name)
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ScreeningError(f"{where}.{name}", describe(value), "a FHIR Duration")
    return quantity_days(value, f"{where}.{name}")
