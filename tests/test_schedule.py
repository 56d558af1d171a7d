"""Titration plans: every way to ask for a bad plan, lookups, step back, hold and resume.

The property tests per rule id are in tests/property/test_dosing_rules.py.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Context, Decimal, localcontext
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ldn import (
    MONOGRAPH,
    Dose,
    InstructionLine,
    InvalidDoseError,
    LdnError,
    LdnTypeError,
    Policy,
    PolicyViolationError,
    ReviewWindow,
    ScheduleError,
    Step,
    TitrationPlan,
    strategies,
    titrate,
)
from ldn.fhir import medication_request
from ldn.schedule import MAX_PLAN_DAY, MAX_STEPS
from tests.support.contexts import ambient_contexts, same_everywhere

DATES = st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))


def plans() -> st.SearchStrategy[TitrationPlan]:
    return strategies.plans()


def days_of(plan: TitrationPlan, extra: int = 60) -> range:
    return range(plan.maintenance_from + extra)


class TestTitrate:
    def test_design_example(self) -> None:
        plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
        assert [(s.dose, s.first_day, s.last_day) for s in plan.steps] == [
            (Dose("1.5"), 0, 13),
            (Dose(3), 14, 27),
            (Dose("4.5"), 28, None),
        ]
        assert plan.maintenance_dose == Dose("4.5")
        assert plan.review_window.first_day == 56
        assert plan.review_window.last_day == 70

    def test_uneven_last_step_is_capped_at_target(self) -> None:
        plan = titrate(start="0.5", step="1", interval_days=7, target="4.5")
        assert [str(s.dose) for s in plan.steps] == [
            "0.5 mg",
            "1.5 mg",
            "2.5 mg",
            "3.5 mg",
            "4.5 mg",
        ]
        plan = titrate(start="1", step="1.5", interval_days=7, target="4.5")
        assert [str(s.dose) for s in plan.steps] == ["1 mg", "2.5 mg", "4 mg", "4.5 mg"]

    def test_start_equal_to_target_is_one_open_step(self) -> None:
        plan = titrate(start="1", step="0.5", interval_days=7, target="1")
        assert plan.steps == (Step(Dose(1), 0, None),)

    @given(plans())
    def test_monotone_and_lands_on_target(self, plan: TitrationPlan) -> None:
        doses_in_order = [s.dose for s in plan.steps]
        assert doses_in_order == sorted(doses_in_order)
        assert len(set(doses_in_order)) == len(doses_in_order)
        assert plan.maintenance_dose == plan.target
        assert plan.steps[-1].last_day is None

    @given(plans())
    def test_rises_by_step_except_the_last(self, plan: TitrationPlan) -> None:
        rises = [b.dose.mg - a.dose.mg for a, b in zip(plan.steps, plan.steps[1:], strict=False)]
        assert all(r == plan.step.mg for r in rises[:-1])
        assert all(Decimal(0) < r <= plan.step.mg for r in rises)

    @given(plans())
    def test_dose_on_agrees_with_steps_for_every_day(self, plan: TitrationPlan) -> None:
        for day in days_of(plan):
            (step,) = [
                s
                for s in plan.steps
                if s.first_day <= day and (s.last_day is None or day <= s.last_day)
            ]
            assert plan.dose_on(day) == step.dose
            assert plan.step_on(day) == step

    @given(plans(), DATES)
    def test_day_view_and_date_view_agree(self, plan: TitrationPlan, start: dt.date) -> None:
        dated = attrs.evolve(plan, start_date=start)
        for day in days_of(plan, 3):
            when = dated.date_of(day)
            assert when == start + dt.timedelta(days=day)
            assert dated.day_of(when) == day
            assert dated.dose_on(when) == plan.dose_on(day)

    @given(plans(), st.integers(0, 200), st.integers(0, 200))
    def test_total_is_the_sum_of_daily_doses(self, plan: TitrationPlan, a: int, b: int) -> None:
        first, last = min(a, b), max(a, b)
        assert plan.total_mg(first, last) == sum(d.mg for d in plan.daily_doses(first, last))

    def test_instruction_text(self) -> None:
        plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
        assert plan.instruction_text() == (
            "Take 1.5 mg at bedtime for 14 days, then 3 mg at bedtime for 14 days, "
            "then 4.5 mg at bedtime."
        )
        assert titrate(start="1", step="1", interval_days=7, target="1").instruction_text() == (
            "Take 1 mg at bedtime."
        )
        lines = plan.instructions(lambda d: f"{d.mg * 2} mL")
        assert lines[0].amount == "3.0 mL"
        assert lines[0].days == 14
        assert lines[-1].days is None

    def test_review_window_under_monograph_is_4_to_6_weeks(self) -> None:
        plan = titrate(
            start="1", step="1", interval_days=7, target="1", start_date=dt.date(2026, 1, 1)
        )
        assert plan.review_window.first_date == dt.date(2026, 1, 29)
        assert plan.review_window.last_date == dt.date(2026, 2, 12)


class TestBadRequests:
    BASE: dict[str, Any] = {"start": "1", "step": "1", "interval_days": 7, "target": "4"}  # noqa: RUF012

    @pytest.mark.parametrize(
        ("changes", "error", "fragment"),
        [
            ({"target": "0.5"}, ScheduleError, "target must be at least the start 1 mg"),
            ({"step": "0"}, InvalidDoseError, "step in mg must be"),
            ({"step": "-1"}, InvalidDoseError, "step in mg must be"),
            ({"step": 0.5}, LdnTypeError, "step in mg must be"),
            ({"start": None}, LdnTypeError, "start in mg must be"),
            ({"target": "4.5 mg"}, InvalidDoseError, "target in mg must be"),
            ({"interval_days": 7.0}, LdnTypeError, "interval in days"),
            ({"interval_days": True}, LdnTypeError, "interval in days"),
            (
                {"start_date": dt.datetime(2026, 1, 1)},
                LdnTypeError,
                "start_date must be a datetime.date",
            ),
            ({"start_date": "2026-01-01"}, LdnTypeError, "start_date must be a datetime.date"),
            ({"step": "0.001", "start": "0.5", "target": "4.5"}, ScheduleError, "number of steps"),
        ],
    )
    def test_refused(self, changes: dict[str, Any], error: type[LdnError], fragment: str) -> None:
        with pytest.raises(error, match=re.escape(fragment)):
            titrate(**{**self.BASE, **changes})

    def test_a_derived_policy_allows_what_it_names(self) -> None:
        trial = MONOGRAPH.derive(name="rct", reason="6 mg trial", max_daily_dose="6")
        plan = titrate(start="1.5", step="1.5", interval_days=14, target="6", policy=trial)
        assert plan.maintenance_dose == Dose(6)
        assert repr(plan).endswith("policy='rct')")

    @pytest.mark.parametrize(
        ("steps", "fragment"),
        [
            ((), "at least one step"),
            ((Step("1", 1, None),), "starting on day 0"),
            ((Step("1", 0, 6),), "open-ended"),
            ((Step("1", 0, 6), Step("2", 8, None)), "the very next day"),
            ((Step("1", 0, None), Step("2", 7, None)), "the very next day"),
            ((Step("1", 0, 6), Step("1", 7, None)), "a different dose"),
            ((Step("1", 0, 6), Step("2.5", 7, None)), "rise from 1 mg must be at most 2 mg"),
            ((Step("1", 0, 5), Step("2", 6, None)), "at least 7 days, got 6 days"),
            ((Step("1", 0, 0), Step("2", 1, None)), "at least 7 days, got 1 day"),
        ],
    )
    def test_plan_invariants(self, steps: tuple[Step, ...], fragment: str) -> None:
        with pytest.raises(ScheduleError, match=re.escape(fragment)):
            TitrationPlan(steps, Dose(1), 7, Dose(4))

    def test_plan_constructor_checks_its_inputs(self) -> None:
        plan = TitrationPlan([Step("1", 0, 6), Step("2", 7, None)], "1", 7, "2")  # type: ignore[arg-type]
        assert plan.steps == (Step("1", 0, 6), Step("2", 7, None))
        assert (plan.step, plan.target) == (Dose(1), Dose(2))
        with pytest.raises(LdnTypeError, match="steps must be a tuple or list of Step"):
            TitrationPlan(("1 mg",), Dose(1), 7, Dose(2))  # type: ignore[arg-type]
        with pytest.raises(LdnTypeError, match="steps must be a tuple or list of Step"):
            TitrationPlan(None, Dose(1), 7, Dose(2))  # type: ignore[arg-type]
        with pytest.raises(InvalidDoseError, match="dose in mg"):
            TitrationPlan((Step("1", 0, None),), "0", 7, Dose(2))  # type: ignore[arg-type]
        with pytest.raises(LdnTypeError, match="policy must be a Policy"):
            TitrationPlan((Step("1", 0, None),), Dose(1), 7, Dose(2), None, "monograph")  # type: ignore[arg-type]

    def test_plan_checks_policy(self) -> None:
        with pytest.raises(PolicyViolationError, match="LDN-DOSE-MAX"):
            TitrationPlan(
                (Step("1", 0, 6), Step("2", 7, 13), Step("3", 14, None)), Dose(1), 7, Dose(5)
            )
        with pytest.raises(PolicyViolationError, match="LDN-DOSE-MAX"):
            TitrationPlan(
                (Step("1", 0, 6), Step("2.5", 7, 13), Step("4", 14, 20), Step("5", 21, None)),
                Dose("1.5"),
                7,
                Dose(4),
            )
        with pytest.raises(PolicyViolationError, match="LDN-DOSE-MAX"):
            TitrationPlan(
                (Step("1", 0, 6), Step("2", 7, 13), Step("3", 14, None)), Dose(1), 7, Dose(5)
            )
        with pytest.raises(PolicyViolationError, match="LDN-START"):
            TitrationPlan((Step("2", 0, None),), Dose(1), 7, Dose(2))

    def test_plan_checks_the_largest_rise(self) -> None:
        """LDN-STEP-SIZE: the plan's ``step`` and every rise are at most the policy's ``max_rise``."""
        with pytest.raises(PolicyViolationError) as raised:
            TitrationPlan((Step("1", 0, 6), Step("4", 7, None)), Dose(1), 7, Dose(4))
        assert str(raised.value) == (
            "rise from 1 mg must be at most 2.5 mg (a rise of at most 1.5 mg) under policy "
            "'monograph', got 4 mg (a rise of 3 mg) [LDN-STEP-SIZE]"
        )
        with pytest.raises(PolicyViolationError) as raised:
            TitrationPlan((Step("1", 0, None),), Dose("1.501"), 7, Dose(1))
        assert str(raised.value) == (
            "step (the rise in one dose change) must be at most 1.5 mg under policy "
            "'monograph', got 1.501 mg [LDN-STEP-SIZE]"
        )
        assert TitrationPlan((Step("1", 0, 6), Step("2.5", 7, None)), Dose("1.5"), 7, Dose("2.5"))

    def test_titrate_refuses_a_step_above_the_largest_rise(self) -> None:
        with pytest.raises(PolicyViolationError) as raised:
            titrate(start="0.5", step="4", interval_days=7, target="4.5")
        assert raised.value.rule_id == "LDN-STEP-SIZE"
        assert "got 4 mg" in str(raised.value)
        assert "at most 1.5 mg" in str(raised.value)
        plan = titrate(start="0.5", step="1.5", interval_days=7, target="4.5")
        assert [s.dose for s in plan.steps] == [Dose("0.5"), Dose(2), Dose("3.5"), Dose("4.5")]
        wide = MONOGRAPH.derive(name="wide", reason="test: larger rises", max_rise="3")
        assert titrate(start="0.5", step="3", interval_days=7, target="3.5", policy=wide).doses == (
            Dose("0.5"),
            Dose("3.5"),
        )

    @pytest.mark.parametrize(
        ("args", "error"),
        [
            ((1, -1, None), ScheduleError),
            ((1, 5, 4), ScheduleError),
            ((1, 1.0, None), LdnTypeError),
            ((1, True, None), LdnTypeError),
            ((1, 0, "7"), LdnTypeError),
            ((0, 0, None), InvalidDoseError),
        ],
    )
    def test_step_invariants(self, args: tuple[Any, ...], error: type[LdnError]) -> None:
        with pytest.raises(error):
            Step(*args)

    def test_step_str(self) -> None:
        assert str(Step("1", 0, 6)) == "1 mg on days 0-6"
        assert str(Step("4.5", 28, None)) == "4.5 mg from day 28"


class TestLookups:
    plan = titrate(start="1", step="1", interval_days=7, target="3", start_date=dt.date(2026, 3, 1))

    @pytest.mark.parametrize(
        ("when", "fragment"),
        [
            (-1, "plan day must be 0 (the first dose) or later, got -1"),
            (dt.date(2026, 2, 28), "on or after the start date 2026-03-01"),
        ],
    )
    def test_before_the_plan(self, when: Any, fragment: str) -> None:
        with pytest.raises(ScheduleError, match=re.escape(fragment)):
            self.plan.dose_on(when)

    @pytest.mark.parametrize("when", [1.0, "3", None, True, dt.datetime(2026, 3, 2)])
    def test_wrong_types(self, when: Any) -> None:
        with pytest.raises(LdnTypeError):
            self.plan.dose_on(when)

    def test_dates_need_a_start_date(self) -> None:
        undated = attrs.evolve(self.plan, start_date=None)
        with pytest.raises(ScheduleError, match="this plan has no start date"):
            undated.dose_on(dt.date(2026, 3, 1))
        with pytest.raises(ScheduleError, match="start date must be a date"):
            undated.date_of(3)

    def test_span_order(self) -> None:
        with pytest.raises(ScheduleError, match="last day of span must be on or after day 5"):
            self.plan.total_mg(5, 4)

    def test_totals_and_doses(self) -> None:
        assert self.plan.total_mg(0, 6) == Decimal(7)
        assert self.plan.total_mg(dt.date(2026, 3, 1), dt.date(2026, 3, 15)) == Decimal(7 + 14 + 3)
        assert self.plan.doses == (Dose(1), Dose(2), Dose(3))
        assert self.plan.maintenance_from == 14


class TestStepBackHoldResume:
    def test_step_back_keeps_what_was_taken(self) -> None:
        plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
        backed = plan.step_back(30)
        assert [str(s) for s in backed.steps] == [
            "1.5 mg on days 0-13",
            "3 mg on days 14-27",
            "4.5 mg on days 28-29",
            "3 mg from day 30",
        ]
        again = backed.step_back(31)  # 3 mg not tolerated either: back to 1.5 mg
        assert again.dose_on(31) == Dose("1.5")
        assert plan.maintenance_dose == Dose("4.5")  # the old plan is unchanged

    @given(plans(), st.data())
    def test_hold_keeps_the_day_dose(self, plan: TitrationPlan, data: st.DataObject) -> None:
        assume(len(plan.steps) > 1)
        day = data.draw(st.integers(0, plan.maintenance_from - 1))
        held = plan.hold(day)
        assert held.maintenance_dose == plan.dose_on(day)
        for d in days_of(plan, 10):
            assert held.dose_on(d) == (
                plan.dose_on(d) if d < day else min(plan.dose_on(d), plan.dose_on(day))
            )

    def test_resume_after_step_back_to_a_lower_target(self) -> None:
        plan = titrate(start="0.5", step="1", interval_days=7, target="4.5")
        resumed = plan.step_back(16).resume(25, target="3")
        assert [str(s) for s in resumed.steps][-3:] == [
            "1.5 mg on days 16-24",
            "2.5 mg on days 25-31",
            "3 mg from day 32",
        ]
        assert resumed.target == Dose(3)

    def test_hold_and_resume_refusals(self) -> None:
        plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
        with pytest.raises(ScheduleError, match="a day before the maintenance dose"):
            plan.hold(28)
        with pytest.raises(ScheduleError, match=r"above the held dose 4\.5 mg"):
            plan.resume(40)
        held = plan.hold(20)
        with pytest.raises(ScheduleError, match="after day 14"):
            held.resume(14)
        with pytest.raises(PolicyViolationError, match="LDN-DOSE-MAX"):
            held.resume(40, target="6")
        with pytest.raises(ScheduleError, match=r"time on 3 mg .* at least 7 days, got 6 days"):
            held.resume(20)


def test_a_policy_is_needed_for_every_plan() -> None:
    assert isinstance(titrate(start="1", step="1", interval_days=7, target="2").policy, Policy)


PLAN = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")


class TestHostileInput:
    """Hostile input (issue 13, items 2 and 4): every field and argument is checked, and
    only LdnErrors escape, quickly, with short messages."""

    def test_target_below_the_start_is_refused_by_the_constructor(self) -> None:
        with pytest.raises(
            ScheduleError, match=r"^target must be at least the start 1.5 mg, got 1 mg$"
        ):
            attrs.evolve(PLAN, steps=(Step("1.5", 0, None),), target=Dose(1))

    def test_no_dose_above_the_target(self) -> None:
        with pytest.raises(
            ScheduleError,
            match=r"^dose of step 4.5 mg from day 28 must be at most the target 3 mg, got 4.5 mg$",
        ):
            attrs.evolve(PLAN, target=Dose(3))

    @given(st.dates(dt.date(9999, 1, 1), dt.date.max))
    def test_start_dates_whose_plan_dates_overflow_are_refused_at_entry(
        self, start: dt.date
    ) -> None:
        fits = (dt.date.max - start).days >= PLAN.review_window.last_day  # day 70
        if fits:
            plan = attrs.evolve(PLAN, start_date=start)
            assert plan.review_window.last_date is not None
            plan.to_records()
            plan._repr_html_()
            medication_request(plan, subject="Patient/1")
            return
        for build in (
            lambda: attrs.evolve(PLAN, start_date=start),
            lambda: titrate(
                start="1.5", step="1.5", interval_days=14, target="4.5", start_date=start
            ),
        ):
            with pytest.raises(ScheduleError) as raised:
                build()
            assert raised.value.subject == "start_date"
            assert raised.value.allowed.startswith("on or before 9999-10-22, so that every date")
            assert raised.value.rule_id == "LDN-REVIEW"

    def test_date_of_beyond_the_calendar(self) -> None:
        plan = attrs.evolve(PLAN, start_date=dt.date(9999, 1, 1))
        assert plan.date_of(364) == dt.date.max
        with pytest.raises(
            ScheduleError,
            match=r"^plan day from 9999-01-01 must be at most 364 \(the calendar ends 9999-12-31\)",
        ):
            plan.date_of(365)

    def test_a_start_day_too_far_for_any_calendar(self) -> None:
        steps = (Step("1", 0, MAX_PLAN_DAY - 1), Step("1.5", MAX_PLAN_DAY, None))
        plan = attrs.evolve(PLAN, steps=steps)
        with pytest.raises(ScheduleError, match=r"must be on or before none, so that"):
            attrs.evolve(plan, start_date=dt.date(2026, 1, 1))

    def test_review_windows_check_their_fields(self) -> None:
        day = dt.date(2026, 1, 1)
        assert ReviewWindow(28, 42, day, day + dt.timedelta(14)).last_date == dt.date(2026, 1, 15)
        for args, message in [
            ((42, 28), "^last_day of a review window must be at least first_day 42, got 28"),
            ((28, 42, day), "^dates of a review window must be both dates or neither"),
            ((28, 42, day, day), r"^dates of a review window must be 14 days apart, as its days"),
            ((-1, 42), "^first_day must be from 0 to 3652058, got -1$"),
        ]:
            with pytest.raises(ScheduleError, match=message):
                ReviewWindow(*args)

    def test_instruction_lines_check_their_fields(self) -> None:
        line = PLAN.instructions()[0]
        assert line == InstructionLine("1.5", 14, "1.5 mg", "1.5 mg at bedtime for 14 days")
        for change, error, message in [
            ({"text": "3 mg at bedtime for 14 days"}, ScheduleError, "^instruction text must be"),
            ({"days": 0}, ScheduleError, "^days must be from 1 to 3652059, or None"),
            ({"days": None}, ScheduleError, "must be '1.5 mg at bedtime', got"),
            ({"amount": " "}, ScheduleError, "^amount must be a non-empty str"),
            ({"amount": 1}, LdnTypeError, "^amount must be a str, got int 1$"),
            ({"text": None}, LdnTypeError, "^text must be a str, got NoneType None$"),
            ({"days": 10**6 * 4}, ScheduleError, "^days must be from 1 to 3652059"),
        ]:
            with pytest.raises(error, match=message):
                attrs.evolve(line, **change)

    def test_instructions_need_a_callable_giving_strs(self) -> None:
        with pytest.raises(LdnTypeError, match=r"^amount must be a callable from Dose to str"):
            PLAN.instructions("mg")  # type: ignore[arg-type]
        with pytest.raises(
            LdnTypeError, match=r"^amount\(Dose\('1.5'\)\) must be a str, got int 3$"
        ):
            PLAN.instructions(lambda dose: 3)  # type: ignore[arg-type, return-value]

    def test_titrate_checks_the_policy_first(self) -> None:
        with pytest.raises(LdnTypeError, match=r"^policy must be a Policy, got NoneType None$"):
            titrate(start="1", step="1", interval_days=7, target="2", policy=None)  # type: ignore[arg-type]


class TestBoundaries:
    """Each limit holds exactly at its value and refuses just past it."""

    def test_plan_of_exactly_max_steps(self) -> None:
        plan = titrate(start="0.5", step="0.001", interval_days=7, target="1.499")
        assert len(plan.steps) == MAX_STEPS
        with pytest.raises(ScheduleError, match=rf"at most {MAX_STEPS}, got 1001 "):
            titrate(start="0.5", step="0.001", interval_days=7, target="1.5")

    def test_one_day_is_singular(self) -> None:
        plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5").step_back(29)
        assert plan.instruction_text() == (
            "Take 1.5 mg at bedtime for 14 days, then 3 mg at bedtime for 14 days, "
            "then 4.5 mg at bedtime for 1 day, then 3 mg at bedtime."
        )

    @pytest.mark.parametrize("day", [13, 27])
    def test_step_back_and_hold_on_the_last_day_of_a_step(self, day: int) -> None:
        plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
        if day == 27:
            backed = plan.step_back(day)
            assert backed.dose_on(day) == Dose("1.5")
            assert backed.dose_on(day - 1) == Dose(3)
        held = plan.hold(day)
        assert held.dose_on(day + 1) == plan.dose_on(day)
        assert held.steps[-1].first_day <= day

    def test_instruction_days(self) -> None:
        for days in (1, MAX_PLAN_DAY + 1):
            text = f"1 mg at bedtime for {days} day" + ("" if days == 1 else "s")
            assert InstructionLine("1", days, "1 mg", text).days == days
        with pytest.raises(ScheduleError, match="from 1 to 3652059"):
            InstructionLine("1", MAX_PLAN_DAY + 2, "1 mg", "x")

    def test_the_last_start_date_a_plan_can_have(self) -> None:
        # maintenance from MAX_PLAN_DAY - 42 with a 42-day review window: the last needed day is
        # MAX_PLAN_DAY, so only 0001-01-01 can start it.
        steps = (Step("1", 0, MAX_PLAN_DAY - 43), Step("1.5", MAX_PLAN_DAY - 42, None))
        plan = attrs.evolve(PLAN, steps=steps)
        assert attrs.evolve(plan, start_date=dt.date.min).review_window.last_date == dt.date.max
        with pytest.raises(ScheduleError, match=r"must be on or before 0001-01-01, so that"):
            attrs.evolve(plan, start_date=dt.date(1, 1, 2))


class TestDefaultsAndOrder:
    """Defaults and orders a plausible slip would change."""

    def test_plan_records_name_every_column(self) -> None:
        plan: TitrationPlan = titrate(start="1", step="1", interval_days=7, target="2")
        assert list(plan.to_records()[0]) == [
            "step",
            "dose",
            "dose_mg",
            "first_day",
            "last_day",
            "days",
            "first_date",
            "last_date",
            "instruction",
        ]
        assert plan.to_records()[0]["instruction"] == "1 mg at bedtime for 7 days"


class TestAmbientContext:
    """No result depends on the caller's decimal context (issue 13, item 1): each call gives the
    same value, or the same LdnError, under any context a host might set."""

    @given(ambient_contexts(), plans(), st.integers(0, 400), st.integers(0, MAX_PLAN_DAY - 400))
    def test_plan_queries(self, ambient: Context, plan: TitrationPlan, day: int, span: int) -> None:
        same_everywhere(
            ambient,
            lambda: titrate(
                start=plan.steps[0].dose,
                step=plan.step,
                interval_days=plan.interval_days,
                target=plan.target,
                start_date=plan.start_date,
                policy=plan.policy,
            ),
        )
        same_everywhere(ambient, lambda: plan.total_mg(day, day + span))
        same_everywhere(ambient, lambda: (plan.review_window, plan.instruction_text()))
        same_everywhere(ambient, lambda: plan.to_records())

    def test_total_over_a_long_span_is_exact(self) -> None:
        plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
        with localcontext(Context(prec=3)):
            # 14 nights of 1.5 mg, 14 of 3 mg, then 4.5 mg on days 28 to 3,652,058
            assert plan.total_mg(0, MAX_PLAN_DAY) == Decimal("16434202.5")


def test_an_instruction_line_is_built_by_one_sentence() -> None:
    """InstructionLine.of writes the text the constructor checks; regimens and plans share it."""
    import ldn
    from ldn.schedule import InstructionLine, instruction_sentence

    line = InstructionLine.of("1.5", 1, "3 mL (1.5 mg)")
    assert line == InstructionLine(
        Dose("1.5"), 1, "3 mL (1.5 mg)", "3 mL (1.5 mg) at bedtime for 1 day"
    )
    assert InstructionLine.of("4.5", None, "1 capsule (4.5 mg)").text == (
        "1 capsule (4.5 mg) at bedtime"
    )
    assert instruction_sentence([line]) == "Take 3 mL (1.5 mg) at bedtime for 1 day."
    with pytest.raises(ldn.ScheduleError, match="got an int of about 5001 digits"):
        InstructionLine.of("1", 10**5000, "1 mg")  # checked before it is written out
    with pytest.raises(ldn.LdnTypeError, match="amount must be a str, got int 3"):
        InstructionLine.of("1", 7, 3)  # type: ignore[arg-type]
    with pytest.raises(ldn.LdnTypeError, match="item of lines must be a InstructionLine"):
        instruction_sentence(["Take it"])  # type: ignore[list-item]
