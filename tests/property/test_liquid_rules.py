"""Property tests of the oral liquid's rules: its beyond-use date, and the switch to capsules.

One class per rule id (DESIGN.md), its docstring the rule as ldn.RULES states it. Each
checks the library's per-step arithmetic against a night-by-night simulation.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn import FormulationError, OralLiquid, TitrationPlan
from ldn.formulation import Bottle
from ldn.strategies import plans
from tests.test_supply import liquids, reference_bottles, spans


def _simulate(
    liquid: OralLiquid, plan: TitrationPlan, first: int, last: int, bottles: tuple[Bottle, ...]
) -> None:
    """Walk the nights with the bottles given: each night's dose comes from the bottle in use,
    which was made no more than the beyond-use days before and still holds the dose."""
    bud = plan.policy.liquid_bud_days
    by_night = iter(bottles)
    current: Bottle | None = None
    left = Fraction(0)
    for night in range(first, last + 1):
        if current is None or night > current.last_night:
            current = next(by_night)  # runs short: StopIteration fails the test
            assert current.made == night, "a bottle is made on the night it is first used"
            content = liquid.half.tablet if current.half else liquid.tablet
            left = Fraction(content.mg)
        assert night - current.made < bud, "a bottle used past its beyond-use date"
        dose = Fraction(plan.dose_on(night).mg)
        assert left >= dose, "a bottle that cannot give the night's dose"
        left -= dose
    assert next(by_night, None) is None, "a bottle made for no night"


class TestLdnLiquidBud:
    """LDN-LIQUID-BUD (Beyond-use date of the oral liquid): The tablet dissolved in water has no
    preservative and no published stability data: a bottle is kept in the refrigerator and
    thrown away 14 days after it is made, the default for such a water-containing oral
    preparation. A bottle lasts the shorter of the nights its tablet covers and those 14 days;
    supply counts bottles so, and the patient is told when to make a fresh one. Half a scored
    tablet in half the water gives the same strength where a whole tablet would be thrown away
    unused. A preserved 1 mg/mL formula with a longer life is a different preparation."""

    @pytest.mark.rule("LDN-LIQUID-BUD")
    @given(spans(), liquids, st.booleans())
    def test_the_supply_never_runs_short_nor_outlives_its_date(
        self, span: tuple[TitrationPlan, int, int], liquid: OralLiquid, halves: bool
    ) -> None:
        """LDN-LIQUID-BUD: night by night, the bottles serve every night, none past its date."""
        plan, first, last = span
        try:
            expected = reference_bottles(liquid, plan, first, last)
        except FormulationError:
            with pytest.raises(FormulationError, match="nightly dose from one"):
                liquid.bottles(plan, first, last, half_tablets=halves)
            return
        bottles = liquid.bottles(plan, first, last, half_tablets=halves)
        _simulate(liquid, plan, first, last, bottles)
        assert liquid.bottles_for(plan, first, last) == expected == len(bottles)
        whole = sum(1 for b in bottles if not b.half)
        assert liquid.bottle_counts(plan, first, last, half_tablets=halves) == (
            whole,
            len(bottles) - whole,
        )
        assert liquid.tablets_for(plan, first, last, half_tablets=halves) == whole + -(
            -(len(bottles) - whole) // 2
        )
        if not halves:
            assert whole == len(bottles)

    @pytest.mark.rule("LDN-LIQUID-BUD")
    @given(spans(), liquids)
    def test_a_half_tablet_serves_exactly_the_nights_a_whole_one_would(
        self, span: tuple[TitrationPlan, int, int], liquid: OralLiquid
    ) -> None:
        """LDN-LIQUID-BUD: halves change what is made, never which nights a bottle serves."""
        plan, first, last = span
        try:
            whole = liquid.bottles(plan, first, last)
        except FormulationError:
            return
        halved = liquid.bottles(plan, first, last, half_tablets=True)
        assert [(b.made, b.nights) for b in halved] == [(b.made, b.nights) for b in whole]
        assert liquid.tablets_for(plan, first, last, half_tablets=True) <= len(whole)

    @pytest.mark.rule("LDN-LIQUID-BUD")
    @given(st.data(), liquids)
    def test_a_bottle_lasts_no_longer_than_its_date(
        self, data: st.DataObject, liquid: OralLiquid
    ) -> None:
        """LDN-LIQUID-BUD: the nights a bottle lasts never pass the policy's beyond-use days."""
        plan = data.draw(plans())
        opened = data.draw(st.integers(0, plan.maintenance_from + 30))
        nights = liquid.bottle_lasts(plan, opened)
        assert nights <= plan.policy.liquid_bud_days
        if nights:
            _simulate(liquid, plan, opened, opened + nights - 1, (Bottle(opened, nights),))
