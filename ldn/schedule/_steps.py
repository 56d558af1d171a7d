"""The values of a titration plan: steps, the review window, the patient's instruction lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final, TypeAlias

from attrs import field, frozen

from ldn._checks import describe, int_arg, iterable_of, quoted, shown
from ldn._validators import calendar_date, optional, whole
from ldn.dose import Dose, DoseInput, as_dose
from ldn.errors import LdnTypeError, ScheduleError
from ldn.monograph import RuleId

__all__ = [
    "DOSING_TIME",
    "MAX_PLAN_DAY",
    "MAX_STEPS",
    "DayOrDate",
    "InstructionLine",
    "ReviewWindow",
    "Step",
    "instruction_sentence",
    "optional_date",
    "plural_days",
]

#: A day of the plan (0 = the first dose) or a calendar date.
DayOrDate: TypeAlias = "int | dt.date"

#: When every dose is taken (LDN-TIMING), in ISMP-clean words.
DOSING_TIME: Final = "at bedtime"
#: The most steps one plan may hold; a longer plan is refused as a likely input error.
MAX_STEPS: Final = 1000
#: The last plan day any plan reaches: the number of days between ``date.min`` and
#: ``date.max``. A later day (or a span reaching it) is refused as an input error.
MAX_PLAN_DAY: Final = 3_652_058


_day = whole(0, MAX_PLAN_DAY, ScheduleError)
_optional_day = optional(_day)
#: A validator: None or a ``datetime.date`` that is not a ``datetime``.
optional_date = optional(calendar_date())


def plural_days(days: int) -> str:
    """ "1 day", "7 days": a count of days in words."""
    return "1 day" if days == 1 else f"{days} days"


@frozen
class Step:
    """One dose taken every night from ``first_day`` to ``last_day`` inclusive.

    ``last_day`` is None on the open-ended maintenance step.
    """

    dose: Dose = field(converter=as_dose)
    first_day: int = field(validator=_day)
    last_day: int | None = field(validator=_optional_day)

    def __attrs_post_init__(self) -> None:
        if self.last_day is not None and self.last_day < self.first_day:
            raise ScheduleError(
                "last_day", shown(self.last_day), f"at least {shown(self.first_day)}"
            )

    @property
    def days(self) -> int | None:
        """How many nights the step lasts; None when open-ended."""
        return None if self.last_day is None else self.last_day - self.first_day + 1

    def __str__(self) -> str:
        if self.last_day is None:
            return f"{self.dose} from day {self.first_day}"
        return f"{self.dose} on days {self.first_day}-{self.last_day}"


@frozen
class ReviewWindow:
    """When to judge efficacy (LDN-REVIEW): plan days, and dates when the plan has a start date.

    The days are in order; the dates are both given or both None, and as far
    apart as the days.
    """

    first_day: int = field(validator=_day)
    last_day: int = field(validator=_day)
    first_date: dt.date | None = field(default=None, validator=optional_date)
    last_date: dt.date | None = field(default=None, validator=optional_date)

    def __attrs_post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise ScheduleError(
                "last_day of a review window",
                shown(self.last_day),
                f"at least first_day {shown(self.first_day)}",
                rule_id=RuleId.REVIEW,
            )
        if (self.first_date is None) != (self.last_date is None):
            raise ScheduleError(
                "dates of a review window",
                f"{self.first_date} and {self.last_date}",
                "both dates or neither",
                rule_id=RuleId.REVIEW,
            )
        if self.first_date is not None and self.last_date is not None:
            span = (self.last_date - self.first_date).days
            if span != self.last_day - self.first_day:
                raise ScheduleError(
                    "dates of a review window",
                    f"{self.first_date} to {self.last_date} ({plural_days(span)} apart)",
                    f"{plural_days(self.last_day - self.first_day)} apart, as its days are",
                    rule_id=RuleId.REVIEW,
                )


@frozen
class InstructionLine:
    """One step of a plan as words for the patient, with the values behind them.

    ``text`` is ``amount`` at bedtime, for ``days`` when the step ends (LDN-TIMING).
    """

    dose: Dose = field(converter=as_dose)
    days: int | None
    amount: str
    text: str

    def __attrs_post_init__(self) -> None:
        days, amount, text = self.days, self.amount, self.text
        _check_line_days(days)
        for name, value in (("amount", amount), ("text", text)):
            if not isinstance(value, str):
                raise LdnTypeError(name, describe(value), "a str")
        if not amount.strip():
            raise ScheduleError("amount", quoted(amount), "a non-empty str")
        expected = _line_text(amount, days)
        if text != expected:
            raise ScheduleError(
                "instruction text", quoted(text), quoted(expected), rule_id=RuleId.TIMING
            )

    @classmethod
    def of(cls, dose: DoseInput, days: int | None, amount: str) -> InstructionLine:
        """The line for ``amount`` at bedtime, for ``days`` when the step ends: the one sentence.

        >>> InstructionLine.of("1.5", 14, "3 mL (1.5 mg)").text
        '3 mL (1.5 mg) at bedtime for 14 days'
        """
        _check_line_days(days)  # before the text is written with them
        if not isinstance(amount, str):
            raise LdnTypeError("amount", describe(amount), "a str")
        return cls(dose, days, amount, _line_text(amount, days))


def _check_line_days(days: object) -> None:
    if days is not None and not 1 <= int_arg(days, "days") <= MAX_PLAN_DAY + 1:
        raise ScheduleError(
            "days", shown(days), f"from 1 to {MAX_PLAN_DAY + 1}, or None (open-ended)"
        )


def instruction_sentence(lines: Iterable[InstructionLine]) -> str:
    """The lines of a plan or regimen as one sentence for the patient.

    >>> instruction_sentence([InstructionLine.of("1", 7, "1 mg"), InstructionLine.of("2", None, "2 mg")])
    'Take 1 mg at bedtime for 7 days, then 2 mg at bedtime.'
    """
    return (
        "Take "
        + ", then ".join(line.text for line in iterable_of(lines, InstructionLine, "lines"))
        + "."
    )


def _line_text(amount: str, days: int | None) -> str:
    text = f"{amount} {DOSING_TIME}"
    return text if days is None else f"{text} for {plural_days(days)}"
