"""Whether an LDN order starts, continues or restarts low dose naltrexone (LDN-CONTINUE). Private.

Public through :mod:`ldn.contraindication`: the patient's own LDN as read from a
record (:class:`LdnUse`, one per request, statement, dispense or administration),
and :func:`course_of`, which tells a new start from a continuation and a restart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from fractions import Fraction

from attrs import field, frozen

from ldn._checks import Choices, choice, describe, iterable_of, plain_date, shown, writable
from ldn._validators import instance_of, optional, text
from ldn.errors import LdnTypeError, ScreeningError
from ldn.monograph import MONOGRAPH, Policy

__all__ = ["Course", "LdnCourse", "LdnUse", "course_of"]


class Course(StrEnum, metaclass=Choices, error=ScreeningError):
    """What an LDN order is to the patient (LDN-CONTINUE)."""

    #: No LDN in the record: the start range applies (LDN-START).
    NEW_START = "new-start"
    #: LDN taken within the continuation window: no start range; a rise is measured
    #: from the last known dose.
    CONTINUATION = "continuation"
    #: LDN taken before, but not within the window: a new start, titrated again.
    RESTART = "restart"


def _daily(value: object) -> Fraction | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Fraction | int) or value <= 0:
        raise LdnTypeError("daily_dose", describe(value), "a positive Fraction of mg, or None")
    if not writable(value):
        raise ScreeningError(
            "daily_dose",
            shown(value),
            "a positive Fraction whose numerator and denominator have at most 4000 bits",
        )
    return Fraction(value)


@frozen
class LdnUse:
    """One record of the patient's own low dose naltrexone.

    ``where`` names the resource; ``current`` says it may be taken now (an active
    or on-hold request or statement, or a dispense whose supply reaches the date);
    ``last_taken`` is the last day it covers or was taken, where known;
    ``daily_dose`` the mg a day it gives (None: not read); ``order`` whether it is
    an order (a request), and ``ends`` the last day an order's supply or validity
    runs, where known; ``reference`` its ``Type/id``, where it has one.
    """

    where: str = field(validator=text(ScreeningError))
    current: bool = field(validator=instance_of(bool, "True or False"))
    last_taken: dt.date | None = field(
        default=None, validator=optional(instance_of(dt.date, "a datetime.date or None"))
    )
    daily_dose: Fraction | None = field(default=None, converter=_daily)
    order: bool = field(default=False, validator=instance_of(bool, "True or False"))
    ends: dt.date | None = field(
        default=None, validator=optional(instance_of(dt.date, "a datetime.date or None"))
    )
    reference: str | None = field(default=None, validator=optional(text(ScreeningError)))

    def continues(self, as_of: dt.date | None, policy: Policy = MONOGRAPH) -> bool:
        """Whether an order on ``as_of`` continues this use (LDN-CONTINUE).

        A current use always does; a stopped one when its last day is within
        ``policy.continuation_days`` before ``as_of`` (never without both dates).
        """
        if as_of is not None:
            plain_date(as_of, "as_of", "a datetime.date or None")
        if not isinstance(policy, Policy):
            raise LdnTypeError("policy", describe(policy), "a Policy")
        if self.current:
            return True
        if as_of is None or self.last_taken is None:
            return False
        return policy.continues_after((as_of - self.last_taken).days)


def _course(value: object) -> Course:
    return choice(value, Course, "course", ScreeningError)


def _uses(value: object) -> tuple[LdnUse, ...]:
    return iterable_of(value, LdnUse, "uses")


@frozen
class LdnCourse:
    """The course an LDN order takes: new start, continuation or restart, and why.

    ``uses`` are every record of the patient's own LDN; ``last`` the one the last
    known dose is read from (a continuation only; None when no continuing use
    states a dose).
    """

    course: Course = field(converter=_course)
    uses: tuple[LdnUse, ...] = field(default=(), converter=_uses)
    last: LdnUse | None = field(
        default=None, validator=optional(instance_of(LdnUse, "an LdnUse or None"))
    )

    @property
    def last_dose(self) -> Fraction | None:
        """The last known daily dose in mg (a continuation), or None."""
        return None if self.last is None else self.last.daily_dose

    @property
    def references(self) -> frozenset[str]:
        """Where each use is (the resources the patient's own LDN is read from)."""
        return frozenset(use.where for use in self.uses)


def _recency(use: LdnUse, as_of: dt.date | None) -> tuple[int, Fraction]:
    """Sort key: the latest first (a current use counts as taken on ``as_of`` at least;
    an undated one as the oldest), then the lowest dose."""
    days = [day for day in (use.last_taken, as_of if use.current else None) if day is not None]
    assert use.daily_dose is not None  # only dosed uses are sorted
    return -max(days, default=dt.date.min).toordinal(), use.daily_dose


def course_of(
    uses: Iterable[LdnUse], *, as_of: dt.date | None = None, policy: Policy = MONOGRAPH
) -> LdnCourse:
    """The course of an LDN order on ``as_of`` given the patient's own LDN (LDN-CONTINUE).

    A continuation when any use continues (:meth:`LdnUse.continues`); its last
    known dose is that of the latest continuing use that states one (the lowest,
    between uses of the same day, so that a rise is never under-measured). A
    restart when LDN was taken but none continues; else a new start.

    >>> import datetime as dt
    >>> from fractions import Fraction
    >>> stopped = LdnUse("MedicationStatement/1", current=False,
    ...                  last_taken=dt.date(2026, 11, 30), daily_dose=Fraction(9, 2))
    >>> course_of([stopped], as_of=dt.date(2026, 12, 3)).course
    <Course.CONTINUATION: 'continuation'>
    >>> course_of([stopped], as_of=dt.date(2026, 12, 20)).course
    <Course.RESTART: 'restart'>
    >>> course_of([], as_of=dt.date(2026, 12, 20)).course
    <Course.NEW_START: 'new-start'>
    """
    given = _uses(uses)
    if as_of is not None:
        plain_date(as_of, "as_of", "a datetime.date or None")
    if not isinstance(policy, Policy):
        raise LdnTypeError("policy", describe(policy), "a Policy")
    continuing = [use for use in given if use.continues(as_of, policy)]
    if continuing:
        dosed = sorted(
            (use for use in continuing if use.daily_dose is not None),
            key=lambda use: _recency(use, as_of),
        )
        return LdnCourse(Course.CONTINUATION, given, dosed[0] if dosed else None)
    return LdnCourse(Course.RESTART if given else Course.NEW_START, given)
