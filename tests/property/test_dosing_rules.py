"""Property tests of the dosing rules: start, maximum, step interval, timing, review, step back.

One class per rule id (DESIGN.md), its docstring the rule as ldn.RULES states it.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ldn import (
    MONOGRAPH,
    Dose,
    Patient,
    PolicyViolationError,
    ScheduleError,
    Severity,
    TitrationPlan,
    screen,
    strategies,
    titrate,
)
from ldn.strategies import doses, plans
from tests.test_schedule import DATES, days_of

TRIAL = MONOGRAPH.derive(name="rct-6mg", reason="trial protocol used 6 mg", max_daily_dose="6")


class TestLdnStart:
    """LDN-START (Starting dose): The first nightly dose lies between 0.5 mg and 1.5 mg,
    both included."""

    @pytest.mark.rule("LDN-START")
    @given(plans())
    def test_first_dose_is_start(self, plan: TitrationPlan) -> None:
        """LDN-START: the first step is the start dose, within the policy's start range."""
        first = plan.steps[0]
        assert first.first_day == 0
        assert plan.policy.start_min <= first.dose <= plan.policy.start_max

    @pytest.mark.rule("LDN-START")
    @given(st.data())
    def test_start_outside_range_is_refused(self, data: st.DataObject) -> None:
        low = data.draw(doses(high=Dose("0.499")))
        high = data.draw(doses(Dose("1.501"), Dose("4.5")))
        for start in (low, high):
            with pytest.raises(PolicyViolationError) as raised:
                titrate(start=start, step="0.5", interval_days=7, target="4.5")
            assert raised.value.rule_id == "LDN-START"


class TestLdnDoseMax:
    """LDN-DOSE-MAX (Maximum daily dose): Titration goes no higher than 4.5 mg a day; a
    larger daily dose is refused."""

    @pytest.mark.rule("LDN-DOSE-MAX")
    @given(plans())
    def test_never_above_the_policy_maximum(self, plan: TitrationPlan) -> None:
        """LDN-DOSE-MAX: under any policy, no day of any plan exceeds its maximum."""
        assert all(s.dose <= plan.policy.max_daily_dose for s in plan.steps)
        assert max(plan.dose_on(d) for d in days_of(plan, 1)) <= plan.policy.max_daily_dose

    @pytest.mark.rule("LDN-DOSE-MAX")
    @given(doses(Dose("4.501"), Dose(1000)))
    def test_target_above_maximum_is_refused_not_clamped(self, target: Dose) -> None:
        with pytest.raises(PolicyViolationError) as raised:
            titrate(start="1", step="1", interval_days=7, target=target)
        assert raised.value.rule_id == "LDN-DOSE-MAX"
        assert str(target) in str(raised.value)

    @pytest.mark.rule("LDN-DOSE-MAX")
    @given(strategies.plans(policy=TRIAL))
    def test_a_derived_maximum_is_the_ceiling_of_its_plans(self, plan: TitrationPlan) -> None:
        """LDN-DOSE-MAX: under a derived policy its own maximum bounds every plan."""
        assert plan.policy is TRIAL
        assert plan.maintenance_dose <= Dose(6)


class TestLdnStepInterval:
    """LDN-STEP-INTERVAL (Titration interval): Each increase follows the previous one after
    one to two weeks: no sooner than 7 days and no later than 14 days."""

    @pytest.mark.rule("LDN-STEP-INTERVAL")
    @given(plans())
    def test_every_step_lasts_exactly_the_interval(self, plan: TitrationPlan) -> None:
        """LDN-STEP-INTERVAL: each titration step lasts the interval, itself within the policy range."""
        assert all(s.days == plan.interval_days for s in plan.steps[:-1])
        assert plan.policy.min_interval_days <= plan.interval_days <= plan.policy.max_interval_days

    @pytest.mark.rule("LDN-STEP-INTERVAL")
    @given(st.integers(-30, 60).filter(lambda d: not 7 <= d <= 14))
    def test_interval_outside_range_is_refused(self, days: int) -> None:
        with pytest.raises(PolicyViolationError) as raised:
            titrate(start="1", step="1", interval_days=days, target="4")
        assert raised.value.rule_id == "LDN-STEP-INTERVAL"

    @pytest.mark.rule("LDN-STEP-INTERVAL")
    @given(plans(), st.data())
    def test_resume_escalates_again_by_the_rules(
        self, plan: TitrationPlan, data: st.DataObject
    ) -> None:
        """LDN-STEP-INTERVAL: a resumed plan rises no sooner than the minimum interval."""
        assume(len(plan.steps) > 1)
        held = plan.hold(data.draw(st.integers(0, plan.maintenance_from - 1)))
        gap = data.draw(st.integers(1, 40))
        day = held.maintenance_from + gap
        if gap < plan.policy.min_interval_days:
            with pytest.raises(ScheduleError) as raised:
                held.resume(day)
            assert raised.value.rule_id == "LDN-STEP-INTERVAL"
            return
        resumed = held.resume(day)
        assert resumed.maintenance_dose == plan.target
        for d in range(day):
            assert resumed.dose_on(d) == held.dose_on(d)
        assert resumed.dose_on(day) > held.dose_on(day)


class TestLdnTiming:
    """LDN-TIMING (Time of dosing): One dose a day, taken at night, at bedtime."""

    @pytest.mark.rule("LDN-TIMING")
    @given(plans())
    def test_every_dose_is_once_daily_at_bedtime(self, plan: TitrationPlan) -> None:
        """LDN-TIMING: every instruction line is one dose at bedtime; no HS/qhs abbreviations."""
        text = plan.instruction_text()
        assert text.count("at bedtime") == len(plan.steps)
        assert not re.search(r"\b(hs|qhs|HS|QHS|nocte)\b", text)
        assert not re.search(r"(?<![0-9])\.[0-9]|[0-9]\.0\b| mg\.(?!$)", text)
        for line, step in zip(plan.instructions(), plan.steps, strict=True):
            assert line.dose == step.dose
            assert line.text.startswith(f"{step.dose} at bedtime")


class TestLdnReview:
    """LDN-REVIEW (Efficacy review): Whether it helps is judged 4 to 6 weeks (days 28 to 42)
    after the maintenance dose begins."""

    @pytest.mark.rule("LDN-REVIEW")
    @given(plans(), st.none() | DATES)
    def test_review_window_counts_from_maintenance(
        self, plan: TitrationPlan, start: dt.date | None
    ) -> None:
        """LDN-REVIEW: efficacy is judged days 28-42 (policy figures) after maintenance begins."""
        plan = attrs.evolve(plan, start_date=start)
        window = plan.review_window
        assert window.first_day == plan.maintenance_from + plan.policy.review_from_day
        assert window.last_day == plan.maintenance_from + plan.policy.review_to_day
        assert plan.dose_on(window.first_day) == plan.maintenance_dose
        if start is None:
            assert (window.first_date, window.last_date) == (None, None)
        else:
            assert window.first_date == start + dt.timedelta(days=window.first_day)
            assert window.last_date == start + dt.timedelta(days=window.last_day)


class TestLdnAdverse:
    """LDN-ADVERSE (Common adverse effects): Vivid dreams, headache, nausea and insomnia are
    the effects most often reported; they are usually short-lived."""

    @pytest.mark.rule("LDN-ADVERSE")
    @given(plans(), st.data())
    def test_step_back_never_exceeds_the_old_plan(
        self, plan: TitrationPlan, data: st.DataObject
    ) -> None:
        """LDN-ADVERSE: stepping back keeps the past, lowers the day, never exceeds the old plan."""
        assume(len(plan.steps) > 1)
        day = data.draw(st.integers(plan.steps[1].first_day, plan.maintenance_from + 30))
        backed = plan.step_back(day)
        assert backed is not plan
        assert plan.step_back(day) == backed
        for d in range(day):
            assert backed.dose_on(d) == plan.dose_on(d)
        assert backed.dose_on(day) < plan.dose_on(day)
        for d in days_of(plan, 40):
            assert backed.dose_on(d) <= plan.dose_on(d)
        assert backed.maintenance_dose == backed.dose_on(day)
        assert backed.maintenance_dose in {s.dose for s in plan.steps if s.first_day < day}

    @pytest.mark.rule("LDN-ADVERSE")
    @given(plans())
    def test_nothing_to_step_back_to_in_the_first_step(self, plan: TitrationPlan) -> None:
        last_day = plan.steps[0].last_day
        day = 0 if last_day is None else last_day
        with pytest.raises(ScheduleError) as raised:
            plan.step_back(day)
        assert raised.value.rule_id == "LDN-ADVERSE"

    @pytest.mark.rule("LDN-ADVERSE")
    @given(st.sampled_from([True, False, None]))
    def test_adverse_effect_counselling_is_always_given(self, status: bool | None) -> None:
        """LDN-ADVERSE: the common, usually transient effects are always counselled."""
        report = screen(Patient(opioid_use=status))
        (finding,) = [f for f in report.findings if f.code == "adverse-effects"]
        for effect in ("vivid dreams", "headache", "nausea", "insomnia"):
            assert effect in finding.message
        assert finding.severity is Severity.INFO
