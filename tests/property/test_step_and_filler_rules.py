"""Property tests of the largest rise in one step and of the capsule fillers.

One class per rule id (DESIGN.md), its docstring the rule as ldn.RULES states it.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn import MONOGRAPH, Dose, Policy, PolicyViolationError, ScheduleError, TitrationPlan, titrate
from ldn.schedule import Step
from ldn.strategies import doses, plans, policies


def _rises(plan: TitrationPlan) -> list[Decimal]:
    return [b.dose.mg - a.dose.mg for a, b in itertools.pairwise(plan.steps) if b.dose > a.dose]


@st.composite
def _changed(draw: st.DrawFn, plan: TitrationPlan) -> TitrationPlan:
    """The plan after up to four drawn step backs, holds and resumes (those that apply)."""
    for _ in range(draw(st.integers(0, 4))):
        day = draw(st.integers(0, plan.maintenance_from + 3 * plan.interval_days))
        operation = draw(st.sampled_from(["step_back", "hold", "resume"]))
        try:
            plan = getattr(plan, operation)(day)
        except ScheduleError:
            continue  # nothing to step back to, already held, or not held long enough
    return plan


class TestLdnStepSize:
    """LDN-STEP-SIZE (Largest rise in one step): Each rise of the daily dose is at most
    1.5 mg, the top of the start range; a larger rise is refused."""

    @pytest.mark.rule("LDN-STEP-SIZE")
    @given(st.data())
    def test_no_monograph_plan_rises_by_more_than_1_5_mg(self, data: st.DataObject) -> None:
        """LDN-STEP-SIZE: under MONOGRAPH no plan, stepped back, held or resumed, rises over 1.5 mg."""
        plan = data.draw(_changed(data.draw(plans(MONOGRAPH))))
        assert all(rise <= Decimal("1.5") for rise in _rises(plan))
        assert plan.step <= Dose("1.5")

    @pytest.mark.rule("LDN-STEP-SIZE")
    @given(st.data())
    def test_every_policy_plan_keeps_its_own_largest_rise(self, data: st.DataObject) -> None:
        """LDN-STEP-SIZE: a plan under any policy rises by at most that policy's max_rise."""
        policy = data.draw(policies())
        plan = data.draw(_changed(data.draw(plans(policy))))
        assert all(rise <= policy.max_rise.mg for rise in _rises(plan))
        assert all(policy.allows_rise(a.dose, b.dose) for a, b in itertools.pairwise(plan.steps))

    @pytest.mark.rule("LDN-STEP-SIZE")
    @given(st.data())
    def test_a_larger_step_is_refused(self, data: st.DataObject) -> None:
        """LDN-STEP-SIZE: ``titrate`` refuses a step above max_rise, naming it and the bound."""
        policy: Policy = data.draw(st.just(MONOGRAPH) | policies())
        step = data.draw(doses(policy.max_rise + Dose("0.001"), policy.max_rise + Dose(10)))
        with pytest.raises(PolicyViolationError) as raised:
            titrate(
                start=policy.start_min,
                step=step,
                interval_days=policy.min_interval_days,
                target=policy.max_daily_dose,
                policy=policy,
            )
        assert raised.value.rule_id == "LDN-STEP-SIZE"
        assert raised.value.given == str(step)
        assert f"at most {policy.max_rise}" in raised.value.allowed

    @pytest.mark.rule("LDN-STEP-SIZE")
    @given(doses(Dose("0.5"), Dose("1.5")), doses(Dose("0.001"), Dose(3)))
    def test_a_plan_with_a_larger_rise_cannot_be_built(self, first: Dose, rise: Dose) -> None:
        """LDN-STEP-SIZE: the plan constructor asks the policy's own predicate."""
        after = first + rise
        steps = (Step(first, 0, 6), Step(after, 7, None))
        if MONOGRAPH.allows_rise(first, after) and MONOGRAPH.allows_daily(after):
            assert TitrationPlan(steps, Dose("1.5"), 7, after).maintenance_dose == after
        elif MONOGRAPH.allows_daily(after):
            with pytest.raises(PolicyViolationError) as raised:
                TitrationPlan(steps, Dose("1.5"), 7, after)
            assert raised.value.rule_id == "LDN-STEP-SIZE"
