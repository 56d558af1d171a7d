"""Supply counts in O(steps), and the night-by-night references they must equal (LDN-SUPPLY).

The property tests that compare each fast count with its reference are in
tests/property/test_formulation_rules.py (TestLdnSupply).
"""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from hypothesis import strategies as st

from ldn import Dose, FormulationError, OralLiquid, ScheduleError, TitrationPlan, titrate
from ldn.schedule import MAX_PLAN_DAY
from ldn.strategies import plans

LIQUID = OralLiquid.from_tablet()


# -- night-by-night references (the pre-0.2 implementations) ----------------------------


def reference_counts(plan: TitrationPlan, first: int, last: int) -> dict[Dose, int]:
    counts: dict[Dose, int] = {}
    for day in range(first, last + 1):
        dose = plan.dose_on(day)
        counts[dose] = counts.get(dose, 0) + 1
    return dict(sorted(counts.items()))


def reference_total(plan: TitrationPlan, first: int, last: int) -> Decimal:
    return sum((plan.dose_on(day).mg for day in range(first, last + 1)), Decimal(0))


def reference_bottles(liquid: OralLiquid, plan: TitrationPlan, first: int, last: int) -> int:
    """Night by night: a fresh bottle when the one in use is short or past its beyond-use date."""
    bud = plan.policy.liquid_bud_days
    bottles = 0
    remaining = Decimal(0)
    made = first
    for day in range(first, last + 1):
        dose = plan.dose_on(day).mg
        if dose > liquid.tablet.mg:
            raise FormulationError("nightly dose", str(dose), "smaller")
        if remaining < dose or day - made >= bud:
            bottles += 1
            remaining = liquid.tablet.mg
            made = day
        remaining -= dose
    return bottles


def reference_lasts(liquid: OralLiquid, plan: TitrationPlan, opened: int) -> int:
    remaining = liquid.tablet.mg
    nights = 0
    while nights < plan.policy.liquid_bud_days and remaining >= (
        dose := plan.dose_on(opened + nights).mg
    ):
        remaining -= dose
        nights += 1
    return nights


@st.composite
def spans(draw: st.DrawFn) -> tuple[TitrationPlan, int, int]:
    plan = draw(plans())
    first = draw(st.integers(0, plan.maintenance_from + 20))
    last = draw(st.integers(first, first + 200))
    return plan, first, last


liquids = st.builds(
    OralLiquid.from_tablet,
    st.sampled_from(["5", "10", "25", "50", "12.5"]),
    st.sampled_from(["10", "25", "50", "100"]),
)


class TestLongSpans:
    PLAN = titrate(start="0.5", step="0.5", interval_days=7, target="4.5")

    def test_ten_thousand_years_cost_no_more_than_a_month(self) -> None:
        """Issue 13 item 3: 10 million nights took seconds night by night; now per step."""
        start = time.perf_counter()
        assert LIQUID.bottles_for(self.PLAN, 0, MAX_PLAN_DAY) > 0
        assert LIQUID.bottle_lasts(self.PLAN, MAX_PLAN_DAY) == 11
        # A bottle keeps 14 days: five bottles take the nights to day 65 (the fifth made
        # on day 55 at 4 mg, then ten nights of 4.5 mg), then 11 nights of 4.5 mg a bottle.
        assert LIQUID.bottles_for(self.PLAN, 0, MAX_PLAN_DAY) == 5 + -(-(MAX_PLAN_DAY - 65) // 11)
        assert sum(LIQUID.bottle_counts(self.PLAN, 0, MAX_PLAN_DAY, half_tablets=True)) > 0
        counts = capsule_counts_of(self.PLAN, MAX_PLAN_DAY)
        assert sum(counts.values()) == MAX_PLAN_DAY + 1
        assert self.PLAN.total_mg(0, MAX_PLAN_DAY) == sum(d.mg * n for d, n in counts.items())
        assert time.perf_counter() - start < 0.05

    def test_the_exact_figures_of_a_long_span(self) -> None:
        # 7 nights each of 0.5, 1, ..., 4 mg (126 mg), then 4.5 mg from day 56.
        last = MAX_PLAN_DAY
        assert self.PLAN.total_mg(0, last) == Decimal(126) + Decimal("4.5") * (last - 55)
        maintenance_nights = last - 55
        counts = capsule_counts_of(self.PLAN, last)
        assert counts[Dose("4.5")] == maintenance_nights

    @pytest.mark.parametrize(
        "day", [MAX_PLAN_DAY + 1, 10**100, 10**5000], ids=["next", "googol", "huge"]
    )
    def test_absurd_spans_are_refused_at_entry(self, day: int) -> None:
        start = time.perf_counter()
        for call in (
            lambda: LIQUID.bottles_for(self.PLAN, 0, day),
            lambda: LIQUID.bottle_lasts(self.PLAN, day),
            lambda: capsule_counts_of(self.PLAN, day),
            lambda: self.PLAN.total_mg(0, day),
            lambda: self.PLAN.daily_doses(0, day),
            lambda: self.PLAN.dose_on(day),
        ):
            with pytest.raises(ScheduleError, match=f"plan day must be at most {MAX_PLAN_DAY}"):
                call()
        assert time.perf_counter() - start < 0.05

    def test_dates_past_the_calendar_are_refused(self) -> None:
        import datetime as dt

        late = titrate(
            start="1", step="1", interval_days=7, target="1", start_date=dt.date(9999, 1, 1)
        )
        assert late.date_of(364) == dt.date(9999, 12, 31)
        with pytest.raises(
            ScheduleError,
            match=r"plan day from 9999-01-01 must be at most 364 \(the calendar ends 9999-12-31\), got 365",
        ):
            late.date_of(365)
        assert LIQUID.bottles_for(late, 0, MAX_PLAN_DAY) > 0  # plan days need no dates

    def test_very_negative_days_are_refused_briefly(self) -> None:
        with pytest.raises(ScheduleError, match=r"got a negative int of about 5001 digits$"):
            self.PLAN.dose_on(-(10**5000))

    def test_daily_doses_stay_lazy(self) -> None:
        doses = self.PLAN.daily_doses(0, MAX_PLAN_DAY)
        assert next(doses) == Dose("0.5")

    def test_runs(self) -> None:
        assert self.PLAN.runs(60, 61) == ((Dose("4.5"), 60, 61),)
        assert self.PLAN.runs(6, 7) == ((Dose("0.5"), 6, 6), (Dose(1), 7, 7))

    def test_wrong_plans_are_refused(self) -> None:
        from ldn import LdnTypeError, capsule_counts

        for call in (
            lambda: capsule_counts(None, 0, 1),  # type: ignore[arg-type]
            lambda: LIQUID.bottles_for("plan", 0, 1),  # type: ignore[arg-type]
            lambda: LIQUID.bottle_lasts(1, 0),  # type: ignore[arg-type]
        ):
            with pytest.raises(LdnTypeError, match="must be a TitrationPlan"):
                call()


def capsule_counts_of(plan: TitrationPlan, last: int) -> dict[Dose, int]:
    from ldn import capsule_counts

    return capsule_counts(plan, 0, last)


class TestBoundaries:
    """Pinned edges that the property tests reach only by chance."""

    def test_a_bottle_that_empties_at_a_step_end_carries_on_at_a_lower_dose(self) -> None:
        stepped = TestLongSpans.PLAN.step_back(57)  # 4.5 mg on day 56 only, then 4 mg
        assert [str(s) for s in stepped.steps][-2:] == ["4.5 mg on days 56-56", "4 mg from day 57"]
        twelve = OralLiquid.from_tablet(12, 24)
        # 12 mg: one night of 4.5 mg (7.5 left), then 4 mg fits once (3.5 left).
        assert twelve.bottle_lasts(stepped, 56) == reference_lasts(twelve, stepped, 56) == 2
        nine = OralLiquid.from_tablet(9, 18)
        # 9 mg: 4.5 mg fits exactly twice in the 1-night step? no: one night, then 4 mg once.
        assert nine.bottle_lasts(stepped, 56) == reference_lasts(nine, stepped, 56) == 2
        assert nine.bottles_for(stepped, 56, 60) == reference_bottles(nine, stepped, 56, 60)

    def test_a_one_microgram_first_night_opens_a_bottle(self) -> None:
        from ldn import MONOGRAPH

        tiny = MONOGRAPH.derive(name="tiny", reason="test: micrograms", start_min="0.001")
        plan = titrate(start="0.001", step="1", interval_days=7, target="0.001", policy=tiny)
        assert LIQUID.bottles_for(plan, 0, 0) == 1
        assert LIQUID.bottles_for(plan, 0, 13) == 1  # a bottle keeps 14 days
        assert LIQUID.bottles_for(plan, 0, 14) == 2
        assert LIQUID.bottles_for(plan, 0, 49_999) == 3572  # 50,000 nights / 14
        week = tiny.derive(name="tiny-week", reason="test: a week's life", liquid_bud_days=7)
        weekly = titrate(start="0.001", step="1", interval_days=7, target="0.001", policy=week)
        assert LIQUID.bottles_for(weekly, 0, 13) == 2
