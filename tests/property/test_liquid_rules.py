"""Property tests of the oral liquid's rules: its beyond-use date, and the switch to capsules.

One class per rule id (DESIGN.md), its docstring the rule as ldn.RULES states it. Each
checks the library's per-step arithmetic against a night-by-night simulation.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn import FormulationError, OralLiquid, Regimen, TitrationPlan, advise_formulation
from ldn.formulation import Bottle
from ldn.regimen import Form
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

    @pytest.mark.rule("LDN-LIQUID-BUD")
    @given(plans(), st.booleans(), st.booleans(), st.integers(0, 120), st.integers(0, 200))
    def test_a_regimen_dispenses_what_the_nights_take(
        self, plan: TitrationPlan, switch: bool, halves: bool, first: int, length: int
    ) -> None:
        """LDN-LIQUID-BUD: a regimen's supply is the bottles that serve its liquid nights."""
        liquid = OralLiquid.from_tablet(policy=plan.policy)
        try:
            regimen = Regimen(
                plan, liquid=liquid, capsules_at_maintenance=switch, half_tablets=halves
            )
        except FormulationError:
            return
        last = first + length
        dispensed = regimen.supply_between(first, last)
        liquid_nights = [d for d in range(first, last + 1) if regimen.form_on(d) is Form.LIQUID]
        bottles = regimen.bottles(first, last) if liquid_nights else ()
        if liquid_nights:
            _simulate(liquid, plan, liquid_nights[0], liquid_nights[-1], bottles)
        halved = sum(1 for b in bottles if b.half)
        assert (dispensed.bottles, dispensed.half_bottles) == (len(bottles), halved)
        assert dispensed.tablets == len(bottles) - halved + -(-halved // 2)


class TestLdnSwitch:
    """LDN-SWITCH (When the liquid gives way to capsules): A patient who titrated on the liquid
    keeps taking the maintenance dose as the liquid for at least 14 nights before capsules
    replace it, and the switch never falls on a night the dose changes, so that a reaction to
    the capsules is not mistaken for a reaction to a new dose. The 14 nights are the library's
    reading of the monograph's capsules once the dose is stable."""

    @pytest.mark.rule("LDN-SWITCH")
    @given(plans(), st.sets(st.sampled_from(["cellulose", "sucrose"])))
    def test_the_switch_follows_the_maintenance_nights_and_no_dose_change(
        self, plan: TitrationPlan, sensitivities: set[str]
    ) -> None:
        """LDN-SWITCH: capsules only after switch_nights of the maintenance dose as the liquid,
        never on a night the dose changes; night by night."""
        advice = advise_formulation(
            manages_liquid=True, filler_sensitivities=sensitivities, plan=plan
        )
        regimen = advice.regimen()
        switch = regimen.switch_day
        if advice.liquid is None:
            assert switch == 0
            return
        assert switch is not None
        needed = plan.policy.switch_nights
        nights = range(switch + needed + 2)
        forms = [regimen.form_on(night) for night in nights]
        assert forms == [Form.LIQUID] * switch + [Form.CAPSULES] * (len(forms) - switch)
        assert plan.dose_on(switch) == plan.dose_on(switch - 1), "switch on a dose change"
        on_liquid = [n for n in range(switch) if plan.dose_on(n) == plan.maintenance_dose]
        tail = [n for n in on_liquid if n >= plan.maintenance_from]
        assert len(tail) >= needed, "capsules before the maintenance nights on the liquid"
        lines = regimen.instructions()
        assert [line.dose for line in lines][-2:] == [plan.maintenance_dose] * 2
        assert lines[-2].days == needed
        assert lines[-1].days is None

    @pytest.mark.rule("LDN-SWITCH")
    @given(plans())
    def test_every_regimen_switches_inside_a_step(self, plan: TitrationPlan) -> None:
        """LDN-SWITCH: in any regimen with the liquid, the first capsule night is no step's
        first night."""
        try:
            regimen = Regimen(plan, liquid=OralLiquid.from_tablet(policy=plan.policy))
        except FormulationError:
            return
        switch = regimen.switch_day
        assert switch is not None
        assert switch not in {step.first_day for step in plan.steps}
        assert switch - plan.maintenance_from == plan.policy.switch_nights
