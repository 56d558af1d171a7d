"""Titration plans: :class:`TitrationPlan`, :func:`titrate` and the plan's SVG."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
from attrs import field, frozen

from ldn._checks import describe, plain_date, shown, tuple_of
from ldn._exact import EXACT, canonical, exact
from ldn._html import html_table
from ldn._svg import draw_plan
from ldn._validators import instance_of
from ldn.dose import Dose, DoseInput, as_dose
from ldn.errors import LdnTypeError, PolicyViolationError, ScheduleError
from ldn.monograph import MONOGRAPH, Policy, RuleId
from ldn.schedule._display import plot_steps
from ldn.schedule._steps import (
    DOSING_TIME,
    MAX_PLAN_DAY,
    MAX_STEPS,
    DayOrDate,
    InstructionLine,
    ReviewWindow,
    Step,
    instruction_sentence,
    optional_date,
    plural_days,
)

__all__ = ["TitrationPlan", "plan_svg", "titrate"]


def _steps_from(segments: list[tuple[Dose, int, int | None]]) -> tuple[Step, ...]:
    """Steps from (dose, first, last) segments, merging neighbours with the same dose."""
    merged: list[tuple[Dose, int, int | None]] = []
    for dose, first, last in segments:
        if merged and merged[-1][0] == dose:
            merged[-1] = (dose, merged[-1][1], last)
        else:
            merged.append((dose, first, last))
    return tuple(Step(dose, first, last) for dose, first, last in merged)


@exact
def _escalation(start: Dose, step: Dose, target: Dose) -> list[Dose]:
    """The doses after ``start``, each ``step`` higher, the last capped at ``target``."""
    count = math.ceil(Fraction(target.mg - start.mg) / Fraction(step.mg))
    if count + 1 > MAX_STEPS:
        raise ScheduleError(
            "number of steps",
            f"{count + 1} (from {start} to {target} by {step})",
            f"at most {MAX_STEPS}",
        )
    return [Dose(min(start.mg + step.mg * k, target.mg)) for k in range(1, count + 1)]


def _laid_out(
    first_day: int, doses: list[Dose], interval_days: int
) -> list[tuple[Dose, int, int | None]]:
    """Segments of ``interval_days`` each from ``first_day``; the last one open-ended."""
    segments: list[tuple[Dose, int, int | None]] = []
    for index, dose in enumerate(doses):
        first = first_day + index * interval_days
        last = None if index == len(doses) - 1 else first + interval_days - 1
        segments.append((dose, first, last))
    return segments


def _check_step(policy: Policy, step: Dose) -> Dose:
    """Return ``step`` if the policy allows a rise that large, else raise (LDN-STEP-SIZE).

    The policy's own predicate decides (:meth:`~ldn.Policy.allows_rise`, a rise from
    nothing by ``step``), as the CDS order checks ask it.
    """
    if not policy.allows_rise(Decimal(0), step.mg):
        raise PolicyViolationError(
            "step (the rise in one dose change)",
            str(step),
            f"at most {policy.max_rise} under policy {policy.name!r}",
            rule_id=RuleId.STEP_SIZE,
        )
    return step


def _policy_name(policy: Policy) -> str:
    return repr(policy.name)


def _steps(value: object) -> tuple[Step, ...]:
    return tuple_of(value, Step, "steps")


def _as_policy(value: object) -> Policy:
    if not isinstance(value, Policy):
        raise LdnTypeError("policy", describe(value), "a Policy")
    return value


_policy = instance_of(Policy, "a Policy")


@frozen
class TitrationPlan:
    """An immutable titration plan; build one with :func:`titrate`.

    The constructor checks every invariant of a plan, so a plan that exists is
    one the policy allows: it starts on day 0 at an allowed starting dose
    (LDN-START), its days are contiguous and only the last step is open-ended,
    no dose exceeds the policy maximum (LDN-DOSE-MAX), ``step`` and every rise are
    at most the policy's ``max_rise`` (LDN-STEP-SIZE), no rise exceeds ``step``,
    and every dose lasts at least the minimum interval before a rise
    (LDN-STEP-INTERVAL). Every plan :meth:`step_back`, :meth:`hold` and
    :meth:`resume` make is built through this constructor, so keeps them too.
    """

    steps: tuple[Step, ...] = field(converter=_steps)
    step: Dose = field(converter=as_dose)
    interval_days: int
    target: Dose = field(converter=as_dose)
    start_date: dt.date | None = field(default=None, validator=optional_date)
    policy: Policy = field(default=MONOGRAPH, repr=_policy_name, validator=_policy)
    _first_days: tuple[int, ...] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        steps = self.steps
        if not steps:
            raise ScheduleError("steps", "none", "at least one step")
        if steps[0].first_day != 0:
            raise ScheduleError("first step", str(steps[0]), "starting on day 0")
        _check_step(self.policy, self.step)
        for before, after in itertools.pairwise(steps):
            if before.last_day is None or after.first_day != before.last_day + 1:
                raise ScheduleError(f"step after {before}", str(after), "the very next day")
            if before.dose == after.dose:
                raise ScheduleError(f"step after {before}", str(after), "a different dose")
            if after.dose > before.dose:
                self._check_rise(before, after, before.last_day - before.first_day + 1)
        if steps[-1].last_day is not None:
            raise ScheduleError("last step", str(steps[-1]), "open-ended (the maintenance dose)")
        self.policy.check_start_dose(steps[0].dose)
        self.policy.check_daily_dose(self.target)
        if self.target < steps[0].dose:
            raise ScheduleError("target", str(self.target), f"at least the start {steps[0].dose}")
        for each in steps:
            self.policy.check_daily_dose(each.dose)
            if each.dose > self.target:
                raise ScheduleError(
                    f"dose of step {each}", str(each.dose), f"at most the target {self.target}"
                )
        self.policy.check_interval(self.interval_days)
        if self.start_date is not None:
            self._check_dates(self.start_date)
        object.__setattr__(self, "_first_days", tuple(s.first_day for s in steps))

    def _check_dates(self, start_date: dt.date) -> None:
        """Every date up to the end of the review window must exist (before 10000-01-01)."""
        needed = self.steps[-1].first_day + self.policy.review_to_day
        room = (dt.date.max - start_date).days
        if needed > room:
            latest = (
                (dt.date.max - dt.timedelta(days=needed)).isoformat()
                if needed <= MAX_PLAN_DAY
                else "none"
            )
            raise ScheduleError(
                "start_date",
                start_date.isoformat(),
                f"on or before {latest}, so that every date up to the review window "
                f"(plan day {shown(needed)}) exists",
                rule_id=RuleId.REVIEW,
            )

    def _check_rise(self, before: Step, after: Step, days: int) -> None:
        if not self.policy.allows_rise(before.dose, after.dose):
            raise PolicyViolationError(
                f"rise from {before.dose}",
                f"{after.dose} (a rise of {after.dose - before.dose})",
                f"at most {before.dose + self.policy.max_rise} (a rise of at most "
                f"{self.policy.max_rise}) under policy {self.policy.name!r}",
                rule_id=RuleId.STEP_SIZE,
            )
        if after.dose.mg > EXACT.add(before.dose.mg, self.step.mg):
            raise ScheduleError(
                f"rise from {before.dose}", str(after.dose), f"at most {before.dose + self.step}"
            )
        if not self.policy.allows_rise_after(days):
            raise ScheduleError(
                f"time on {before.dose} before rising to {after.dose}",
                plural_days(days),
                f"at least {plural_days(self.policy.min_interval_days)}",
                rule_id=RuleId.STEP_INTERVAL,
            )

    # -- looking things up -------------------------------------------------

    def day_of(self, day_or_date: DayOrDate) -> int:
        """The plan day of a day or date (day 0 = the first dose)."""
        if isinstance(day_or_date, int) and not isinstance(day_or_date, bool):
            if day_or_date < 0:
                raise ScheduleError("plan day", shown(day_or_date), "0 (the first dose) or later")
            if day_or_date > MAX_PLAN_DAY:
                raise ScheduleError(
                    "plan day",
                    shown(day_or_date),
                    f"at most {MAX_PLAN_DAY} (the days a calendar holds)",
                )
            return day_or_date
        when = plain_date(day_or_date, "day or date", "a plan day (int) or a datetime.date")
        if self.start_date is None:
            raise ScheduleError(
                "date", when.isoformat(), "a plan day (int), since this plan has no start date"
            )
        if when < self.start_date:
            raise ScheduleError(
                "date",
                when.isoformat(),
                f"on or after the start date {self.start_date.isoformat()}",
            )
        return (when - self.start_date).days

    def date_of(self, day: int) -> dt.date:
        """The calendar date of a plan day; needs a plan with a start date."""
        index = self.day_of(day)
        if self.start_date is None:
            raise ScheduleError("start date", "None", "a date, to turn plan days into dates")
        if (dt.date.max - self.start_date).days < index:
            raise ScheduleError(
                f"plan day from {self.start_date.isoformat()}",
                str(index),
                f"at most {(dt.date.max - self.start_date).days} (the calendar ends 9999-12-31)",
            )
        return self.start_date + dt.timedelta(days=index)

    def step_on(self, day_or_date: DayOrDate) -> Step:
        """The step in force on a day or date."""
        day = self.day_of(day_or_date)
        return self.steps[bisect.bisect_right(self._first_days, day) - 1]

    def dose_on(self, day_or_date: DayOrDate) -> Dose:
        """The dose taken at bedtime on a day or date.

        >>> plan = titrate(start="1", step="1", interval_days=7, target="3",
        ...                start_date=dt.date(2026, 1, 5))
        >>> plan.dose_on(7), plan.dose_on(dt.date(2026, 1, 19))
        (Dose('2'), Dose('3'))
        """
        return self.step_on(day_or_date).dose

    def daily_doses(self, first: DayOrDate, last: DayOrDate) -> Iterator[Dose]:
        """The dose of every day from ``first`` to ``last`` inclusive."""
        first_day, last_day = self._span(first, last)
        return (self.dose_on(day) for day in range(first_day, last_day + 1))

    def runs(self, first: DayOrDate, last: DayOrDate) -> tuple[tuple[Dose, int, int], ...]:
        """The steps met from ``first`` to ``last`` inclusive, clipped to that span.

        Each run is ``(dose, first_day, last_day)``; the work is per step, never per day.

        >>> titrate(start="1.5", step="1.5", interval_days=14, target="4.5").runs(10, 40)
        ((Dose('1.5'), 10, 13), (Dose('3'), 14, 27), (Dose('4.5'), 28, 40))
        """
        first_day, last_day = self._span(first, last)
        index = bisect.bisect_right(self._first_days, first_day) - 1
        found: list[tuple[Dose, int, int]] = []
        for each in self.steps[index:]:
            if each.first_day > last_day:
                break
            end = last_day if each.last_day is None else min(each.last_day, last_day)
            found.append((each.dose, max(each.first_day, first_day), end))
        return tuple(found)

    @exact
    def total_mg(self, first: DayOrDate, last: DayOrDate) -> Decimal:
        """Exact milligrams taken from ``first`` to ``last`` inclusive, for supply planning.

        >>> titrate(start="1.5", step="1.5", interval_days=14, target="4.5").total_mg(0, 27)
        Decimal('63')
        """
        total = sum(
            (dose.mg * (end - begin + 1) for dose, begin, end in self.runs(first, last)),
            Decimal(0),
        )
        return canonical(total)

    def _span(self, first: DayOrDate, last: DayOrDate) -> tuple[int, int]:
        first_day, last_day = self.day_of(first), self.day_of(last)
        if last_day < first_day:
            raise ScheduleError(
                "last day of span", shown(last_day), f"on or after day {shown(first_day)}"
            )
        return first_day, last_day

    @property
    def maintenance_dose(self) -> Dose:
        """The dose of the open-ended last step."""
        return self.steps[-1].dose

    @property
    def maintenance_from(self) -> int:
        """The day the maintenance dose begins."""
        return self.steps[-1].first_day

    @property
    def doses(self) -> tuple[Dose, ...]:
        """Every distinct dose of the plan, smallest first."""
        return tuple(sorted({each.dose for each in self.steps}))

    @property
    def review_window(self) -> ReviewWindow:
        """When to judge efficacy: the policy's review days counted from the maintenance start."""
        first = self.maintenance_from + self.policy.review_from_day
        last = self.maintenance_from + self.policy.review_to_day
        if self.start_date is None:
            return ReviewWindow(first, last)
        return ReviewWindow(first, last, self.date_of(first), self.date_of(last))

    # -- new plans from this one ---------------------------------------------

    def _capped_from(self, day: int, cap: Dose) -> TitrationPlan:
        segments: list[tuple[Dose, int, int | None]] = []
        for each in self.steps:
            if each.last_day is not None and each.last_day < day:
                segments.append((each.dose, each.first_day, each.last_day))
                continue
            if each.first_day < day:
                segments.append((each.dose, each.first_day, day - 1))
            segments.append((min(each.dose, cap), max(each.first_day, day), each.last_day))
        return attrs.evolve(self, steps=_steps_from(segments))

    def step_back(self, day_or_date: DayOrDate) -> TitrationPlan:
        """A new plan that returns to the last tolerated dose from a day and holds it.

        For when adverse effects (LDN-ADVERSE) appear: from ``day_or_date`` on, the
        dose is the most recent earlier dose below the one in force that day, and no
        later dose exceeds it. Days before are unchanged. Raises when no lower dose
        came before.

        >>> plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
        >>> [str(s) for s in plan.step_back(30).steps]
        ['1.5 mg on days 0-13', '3 mg on days 14-27', '4.5 mg on days 28-29', '3 mg from day 30']
        >>> [str(s) for s in plan.step_back(28).steps]
        ['1.5 mg on days 0-13', '3 mg from day 14']
        """
        day = self.day_of(day_or_date)
        current = self.step_on(day)
        earlier = [each.dose for each in self.steps if each.first_day < current.first_day]
        lower = [dose for dose in earlier if dose < current.dose]
        if not lower:
            raise ScheduleError(
                f"dose before {current.dose} on day {day}",
                "none lower",
                "a lower earlier dose to step back to; stop and review instead",
                rule_id=RuleId.ADVERSE,
            )
        return self._capped_from(day, lower[-1])

    def hold(self, day_or_date: DayOrDate) -> TitrationPlan:
        """A new plan that stops escalating: the dose in force on a day is kept from then on.

        >>> plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
        >>> [str(s) for s in plan.hold(20).steps]
        ['1.5 mg on days 0-13', '3 mg from day 14']
        """
        day = self.day_of(day_or_date)
        current = self.step_on(day)
        if current.last_day is None:
            raise ScheduleError(
                "day to hold",
                f"{day} (maintenance is already {current})",
                f"a day before the maintenance dose begins on day {current.first_day}",
            )
        return self._capped_from(day, current.dose)

    def resume(self, day_or_date: DayOrDate, *, target: DoseInput | None = None) -> TitrationPlan:
        """A new plan that escalates again from a held dose, starting on a day.

        The held dose is raised by the plan's ``step`` every ``interval_days`` up to
        ``target`` (by default the plan's own target). The held dose must have
        lasted at least the policy's minimum interval (LDN-STEP-INTERVAL).

        >>> plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
        >>> [str(s) for s in plan.hold(20).resume(42).steps]
        ['1.5 mg on days 0-13', '3 mg on days 14-41', '4.5 mg from day 42']
        """
        day = self.day_of(day_or_date)
        held = self.steps[-1]
        goal = self.target if target is None else self.policy.check_daily_dose(target)
        if goal <= held.dose:
            raise ScheduleError(
                "target to resume towards", str(goal), f"above the held dose {held.dose}"
            )
        if day <= held.first_day:
            raise ScheduleError(
                "day to resume", str(day), f"after day {held.first_day}, when {held.dose} began"
            )
        segments: list[tuple[Dose, int, int | None]] = [
            (each.dose, each.first_day, each.last_day) for each in self.steps[:-1]
        ]
        segments.append((held.dose, held.first_day, day - 1))
        segments += _laid_out(day, _escalation(held.dose, self.step, goal), self.interval_days)
        return attrs.evolve(self, steps=_steps_from(segments), target=goal)

    # -- words for the patient -------------------------------------------------

    def instructions(self, amount: Callable[[Dose], str] = str) -> tuple[InstructionLine, ...]:
        """One line per step; ``amount`` writes a dose (e.g. as mL of a liquid).

        ``amount`` must return a non-empty str; an exception it raises is its own
        and passes through.
        """
        if not callable(amount):
            raise LdnTypeError("amount", describe(amount), "a callable from Dose to str")
        lines = []
        for each in self.steps:
            written = amount(each.dose)
            if not isinstance(written, str):
                raise LdnTypeError(f"amount({each.dose!r})", describe(written), "a str")
            lines.append(InstructionLine.of(each.dose, each.days, written))
        return tuple(lines)

    def instruction_text(self, amount: Callable[[Dose], str] = str) -> str:
        """The whole plan as one sentence for the patient."""
        return instruction_sentence(self.instructions(amount))

    # -- Jupyter and data frames ---------------------------------------------------

    def to_records(self, *, floats: bool = False) -> list[dict[str, object]]:
        """One dict per step, for ``pandas.DataFrame`` or ``polars.DataFrame``; plain values.

        ``step``, ``first_day`` (int); ``last_day``, ``days`` (int, None on the open
        end); ``first_date``, ``last_date`` (:class:`datetime.date` or None); ``dose``,
        ``instruction`` (str); ``dose_mg`` exact (Decimal), or a float with
        ``floats=True``, for plotting only. ``pandas.DataFrame(records)`` gives int64,
        float64 with NaN for ``last_day`` and ``days`` (``.convert_dtypes()`` makes
        them nullable Int64), object for Decimals and dates (``pandas.to_datetime``
        reads them); ``polars.DataFrame(records)`` gives Int64 with nulls, Date and
        Decimal. ``json.dumps`` refuses Decimal and date: pass ``default=str``.

        >>> plan = titrate(start="1", step="1", interval_days=7, target="2")
        >>> plan.to_records()[0]["dose_mg"], plan.to_records(floats=True)[0]["dose_mg"]
        (Decimal('1'), 1.0)
        """
        if not isinstance(floats, bool):
            raise LdnTypeError("floats", describe(floats), "True or False")
        records: list[dict[str, object]] = []
        dated = self.start_date is not None
        for number, (each, line) in enumerate(zip(self.steps, self.instructions(), strict=True), 1):
            records.append(
                {
                    "step": number,
                    "dose": str(each.dose),
                    "dose_mg": float(each.dose.mg) if floats else each.dose.mg,
                    "first_day": each.first_day,
                    "last_day": each.last_day,
                    "days": each.days,
                    "first_date": self.date_of(each.first_day) if dated else None,
                    "last_date": (
                        self.date_of(each.last_day) if dated and each.last_day is not None else None
                    ),
                    "instruction": line.text,
                }
            )
        return records

    def __str__(self) -> str:
        """The plan for a clinician: its steps, with dates when it has a start date."""
        window = self.review_window
        lines = [
            f"Titration plan under policy {self.policy.name!r}: {self.steps[0].dose} to "
            f"{self.maintenance_dose}, once daily {DOSING_TIME}"
        ]
        for each in self.steps:
            line = f"  {each}" + (" (maintenance)" if each.last_day is None else "")
            if self.start_date is not None:
                first = self.date_of(each.first_day).isoformat()
                end = None if each.last_day is None else self.date_of(each.last_day).isoformat()
                line += f", from {first}" if end is None else f", {first} to {end}"
            lines.append(line)
        review = f"  review on days {window.first_day}-{window.last_day}"
        if window.first_date is not None and window.last_date is not None:
            review += f", {window.first_date.isoformat()} to {window.last_date.isoformat()}"
        lines.append(f"{review} [LDN-REVIEW]")
        return "\n".join(lines)

    def plot(self, ax: Any = None) -> Any:
        """The plan's dose as a step line on matplotlib axes (new axes when ``ax`` is None).

        Needs matplotlib (``pip install "ldn-dosing[plot]"``), imported only here;
        without it the error, an :class:`~ldn.errors.LdnError` and an
        :class:`ImportError`, names the extra. The review window is shaded; doses
        become floats for drawing only. Returns the axes.
        """
        window = self.review_window
        return plot_steps(
            ax,
            steps=[(each.dose.mg, each.first_day, each.last_day) for each in self.steps],
            review=(window.first_day, window.last_day),
            start_date=self.start_date,
            title=f"Titration plan under policy {self.policy.name!r}",
        )

    def _repr_html_(self) -> str:
        window = self.review_window
        caption = (
            f"Titration plan under policy {self.policy.name!r}: maintenance "
            f"{self.maintenance_dose} from day {self.maintenance_from}; review on days "
            f"{window.first_day}-{window.last_day}"
        )
        headers = ["step", "dose", "first day", "last day", "days", "first date", "last date"]
        keys = ["step", "dose", "first_day", "last_day", "days", "first_date", "last_date"]
        rows = [[record[key] for key in keys] for record in self.to_records()]
        return plan_svg(self) + html_table(caption, headers, rows)


def plan_svg(plan: TitrationPlan) -> str:
    """The plan's dose as an inline SVG step line, with a title and a text alternative.

    The x axis runs from day 0 to a week past the review window (dates when the
    plan has a start date); circles mark the nights a new dose starts, and a
    shaded band marks the review window (LDN-REVIEW). No plotting library.
    Also importable as :func:`ldn.chart.plan_svg`.
    """
    if not isinstance(plan, TitrationPlan):
        raise LdnTypeError("plan", describe(plan), "a TitrationPlan")
    window = plan.review_window
    return draw_plan(
        steps=[(each.dose.mg, each.first_day, each.last_day) for each in plan.steps],
        start_date=plan.start_date,
        review=(window.first_day, window.last_day),
        top=plan.policy.max_daily_dose.mg,  # a plan never exceeds its policy's maximum
        policy_name=plan.policy.name,
        instruction=plan.instruction_text(),
    )


def titrate(
    *,
    start: DoseInput,
    step: DoseInput,
    interval_days: int,
    target: DoseInput,
    start_date: dt.date | None = None,
    policy: Policy = MONOGRAPH,
) -> TitrationPlan:
    """Build a titration plan from ``start`` up to ``target``.

    The dose rises by ``step`` every ``interval_days``; a last rise smaller than
    ``step`` lands exactly on ``target``, which is then kept (the maintenance dose).
    Nothing is clamped: a start outside the policy's range (LDN-START), a target
    above its maximum (LDN-DOSE-MAX), a ``step`` above its largest rise
    (``max_rise``, LDN-STEP-SIZE), an interval outside its range
    (LDN-STEP-INTERVAL) or a target below the start raise an error.

    >>> plan = titrate(start="0.5", step="1", interval_days=7, target="2")
    >>> [str(s) for s in plan.steps]
    ['0.5 mg on days 0-6', '1.5 mg on days 7-13', '2 mg from day 14']
    >>> titrate(start="2", step="1", interval_days=7, target="4.5")
    Traceback (most recent call last):
    ...
    ldn.errors.PolicyViolationError: starting dose must be between 0.5 mg and 1.5 mg inclusive under policy 'monograph', got 2 mg [LDN-START]
    >>> titrate(start="0.5", step="4", interval_days=7, target="4.5")
    Traceback (most recent call last):
    ...
    ldn.errors.PolicyViolationError: step (the rise in one dose change) must be at most 1.5 mg under policy 'monograph', got 4 mg [LDN-STEP-SIZE]
    """
    _as_policy(policy)
    first = policy.check_start_dose(as_dose(start, "start"))
    goal = policy.check_daily_dose(as_dose(target, "target"))
    increment = _check_step(policy, as_dose(step, "step"))
    policy.check_interval(interval_days)
    if start_date is not None:
        plain_date(start_date, "start_date")
    if goal < first:
        raise ScheduleError("target", str(goal), f"at least the start {first}")
    doses = [first, *_escalation(first, increment, goal)]
    return TitrationPlan(
        steps=_steps_from(_laid_out(0, doses, interval_days)),
        step=increment,
        interval_days=interval_days,
        target=goal,
        start_date=start_date,
        policy=policy,
    )
