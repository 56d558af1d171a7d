"""ldn.formulation: concentrations, syringes, liquids, costs and capsules check their fields
and arguments; supply and cost hold at their limits and under any decimal context."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import ROUND_UP, Context, Decimal, localcontext
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn import (
    MONOGRAPH,
    ORAL_SYRINGES,
    Concentration,
    Dose,
    Filler,
    FormulationError,
    LdnTypeError,
    LiquidDose,
    OralLiquid,
    RuleId,
    TitrationPlan,
    Volume,
    capsules_for,
    choose_filler,
    titrate,
    water_volumes_for,
)
from ldn.formulation import HANDLING, REPORTED_CAPSULE_COST, HandlingInstruction, ReportedCost
from ldn.strategies import doses, plans
from tests.support.contexts import ambient_contexts, same_everywhere

LIQUID = OralLiquid.from_tablet()


class TestHostileInput:
    """Hostile input (issue 13, items 2 and 4): every field and argument is checked, and
    only LdnErrors escape, quickly, with short messages."""

    def test_concentration_times_volume_in_both_orders(self) -> None:
        c = LIQUID.concentration
        assert c * Volume(9) == Volume(9) * c == Dose("4.5")
        with pytest.raises(LdnTypeError, match=r"^operand of Concentration \* must be a Volume"):
            c * Dose(1)  # type: ignore[operator]

    def test_concentrations_are_ordered_and_bounded(self) -> None:
        third, half = Concentration(Fraction(1, 3)), LIQUID.concentration
        assert third < half
        assert half >= Concentration(Fraction(1, 2))
        assert half <= Concentration(Fraction(1, 2))
        assert half > third
        assert not third > half
        assert not half < third
        assert not half <= third
        assert not third >= half
        assert not half < half
        assert not half > half
        assert Concentration(Fraction(10**12, 10**12 - 1)).mg_per_ml > 1
        with pytest.raises(FormulationError, match="at most 10\\*\\*12, got 1/1000000000001"):
            Concentration(Fraction(1, 10**12 + 1))
        with pytest.raises(FormulationError, match="a positive Fraction, got NoneType None"):
            Concentration(None)  # type: ignore[arg-type]

    def test_syringes_take_fractions_ints_and_volumes(self) -> None:
        syringe = ORAL_SYRINGES[0]  # 1 mL marked every 0.01 mL
        assert syringe.holds(1)
        assert syringe.holds(Volume("0.5"))
        assert syringe.measures(Fraction(1, 2))
        assert not syringe.measures(Fraction(1, 3))
        with pytest.raises(LdnTypeError, match=r"^volume in mL must be a Fraction, int or Volume"):
            syringe.holds(Decimal(1))  # type: ignore[arg-type]
        with pytest.raises(FormulationError, match=r"^volume in mL must be a positive Fraction"):
            syringe.holds(Fraction(1, 10**30))

    def test_liquid_doses_must_add_up(self) -> None:
        measured = LIQUID.measure("4.5")
        assert measured == LiquidDose("4.5", "9", ORAL_SYRINGES[3], LIQUID.concentration)
        with pytest.raises(
            FormulationError,
            match=r"^dose in 1 mL at 0.5 mg/mL must be 0.5 mg, what that volume holds, got 4.5 mg \[LDN-LIQUID\]$",
        ):
            attrs.evolve(measured, volume=Volume(1))
        with pytest.raises(FormulationError, match=r"^volume drawn with a 1 mL oral syringe"):
            LiquidDose("4.5", "9", ORAL_SYRINGES[0], LIQUID.concentration)
        with pytest.raises(LdnTypeError, match=r"^concentration must be a Concentration"):
            attrs.evolve(measured, concentration=Fraction(1, 2))

    def test_handling_instructions_check_their_fields(self) -> None:
        assert HANDLING[0].rule_id is RuleId.LIQUID
        assert HandlingInstruction("shake-well", "Shake.", "LDN-LIQUID").rule_id is RuleId.LIQUID
        for args, error in [
            (("Shake well", "Shake."), FormulationError),
            (("shake", " "), FormulationError),
            (("shake", "Shake.", "LDN-NOPE"), FormulationError),
            ((1, "Shake."), LdnTypeError),
        ]:
            with pytest.raises(error):
                HandlingInstruction(*args)

    def test_reported_costs_check_their_fields(self) -> None:
        for change, error in [
            ({"amount": 90}, LdnTypeError),
            ({"amount": Decimal(-1)}, FormulationError),
            ({"amount": Decimal("Infinity")}, FormulationError),
            ({"amount": Decimal(10**12 + 1)}, FormulationError),
            ({"currency": "nzd"}, FormulationError),
            ({"currency": None}, LdnTypeError),
            ({"supply_days": 0}, FormulationError),
            ({"supply_days": 3661}, FormulationError),
            ({"source": ""}, FormulationError),
            ({"recorded_on": dt.datetime(2026, 1, 1)}, LdnTypeError),
        ]:
            with pytest.raises(error):
                attrs.evolve(REPORTED_CAPSULE_COST, **change)
        cost = ReportedCost(Decimal(10**12), "NZD", 1, "d", "s", dt.date(2026, 1, 1))
        assert cost.per_day() == Decimal(10**12)

    def test_argument_types(self) -> None:
        with pytest.raises(LdnTypeError, match=r"^plan must be a TitrationPlan, got NoneType"):
            capsules_for(None)  # type: ignore[arg-type]
        with pytest.raises(LdnTypeError, match=r"^sensitivities must be a collection of fillers"):
            choose_filler(5)  # type: ignore[arg-type]
        with pytest.raises(LdnTypeError, match=r"^item of syringes must be a Syringe"):
            LIQUID.measure("1", [None])  # type: ignore[list-item]
        with pytest.raises(LdnTypeError, match=r"^policy must be a Policy, got str"):
            OralLiquid.from_tablet(policy="monograph")  # type: ignore[arg-type]
        assert choose_filler(iter(["cellulose"])) is Filler.SUCROSE


class TestBoundaries:
    """Each limit holds exactly at its value and refuses just past it."""

    def test_volumes_for_syringes(self) -> None:
        assert ORAL_SYRINGES[0].holds(Fraction(1, 10**24))
        assert not ORAL_SYRINGES[0].measures(Fraction(1, 10**24))
        assert ORAL_SYRINGES[3].holds(10)
        assert not ORAL_SYRINGES[3].holds(Fraction(10**24, 10**23 - 1))

    def test_costs(self) -> None:
        for days in (1, 3660):
            assert attrs.evolve(REPORTED_CAPSULE_COST, supply_days=days).supply_days == days
        assert attrs.evolve(REPORTED_CAPSULE_COST, amount=Decimal(0)).per_day() == 0


class TestSupply:
    def test_a_bottle_used_to_the_last_dose(self) -> None:
        plan = titrate(start="1", step="1", interval_days=7, target="1")
        liquid = OralLiquid.from_tablet()
        # 50 nights of 1 mg would empty one 50 mg bottle; it keeps only 14 days.
        assert liquid.bottles_for(plan, 0, 13) == 1
        assert liquid.bottles_for(plan, 0, 49) == 4
        small = OralLiquid.from_tablet(10, 20)  # 10 nights of 1 mg: emptied before its date
        assert small.bottles_for(plan, 0, 9) == 1
        assert small.bottles_for(plan, 0, 10) == 2

    def test_a_dose_equal_to_the_tablet(self) -> None:
        plan = titrate(start="1", step="1", interval_days=7, target="1")
        assert OralLiquid.from_tablet(1, 2).bottles_for(plan, 0, 2) == 3

    def test_days_supply_rounds_down(self) -> None:
        assert OralLiquid.from_tablet().days_supply("0.003") == 14  # the beyond-use date
        assert OralLiquid.from_tablet(1, 2).days_supply("0.3") == 3
        year = MONOGRAPH.derive(name="year", reason="test: a long life", liquid_bud_days=366)
        assert OralLiquid.from_tablet().days_supply("0.3", policy=year) == 166
        with pytest.raises(LdnTypeError, match="policy must be a Policy"):
            OralLiquid.from_tablet().days_supply("1", policy=None)  # type: ignore[arg-type]

    def test_cost_rounding_is_half_even_whatever_the_context(self) -> None:
        cost = ReportedCost(Decimal(1), "NZD", 8, "test", "test", dt.date(2026, 1, 1))
        with localcontext() as context:
            context.rounding = ROUND_UP
            assert cost.per_day() == Decimal("0.12")

    def test_volume_times_concentration(self) -> None:
        liquid = OralLiquid.from_tablet()
        assert Volume("9") * liquid.concentration == Dose("4.5")
        assert Volume("0.7") * OralLiquid.from_tablet(50, 70).concentration == Dose("0.5")

    def test_capsules_keep_their_filler(self) -> None:
        plan = titrate(start="1", step="1", interval_days=7, target="2")
        assert {c.filler for c in capsules_for(plan, "ginger")} == {Filler.GINGER}
        assert {c.filler for c in capsules_for(plan)} == {Filler.CELLULOSE}


class TestAmbientContext:
    """No result depends on the caller's decimal context (issue 13, item 1): each call gives the
    same value, or the same LdnError, under any context a host might set."""

    @given(
        ambient_contexts(),
        plans(),
        doses(high=Dose(60)),
        st.integers(1, 100),
        st.integers(1, 300),
        st.integers(0, 120),
    )
    def test_liquid(
        self, ambient: Context, plan: TitrationPlan, dose: Dose, tablet: int, water: int, day: int
    ) -> None:
        liquid = OralLiquid.from_tablet(tablet, water)
        same_everywhere(ambient, lambda: liquid.measure(dose))
        same_everywhere(ambient, lambda: liquid.volume_ml(dose))
        same_everywhere(ambient, lambda: liquid.days_supply(dose))
        same_everywhere(ambient, lambda: liquid.bottles_for(plan, day, day + 120))
        same_everywhere(ambient, lambda: liquid.bottle_lasts(plan, day))
        same_everywhere(ambient, lambda: (Volume(water) * liquid.concentration, str(liquid)))
        same_everywhere(ambient, lambda: Concentration.of(dose, water))

    @given(
        ambient_contexts(),
        st.decimals(min_value=0, max_value=10**6, places=2),
        st.integers(1, 3660),
    )
    def test_cost_per_day(self, ambient: Context, amount: Decimal, days: int) -> None:
        cost = ReportedCost(amount, "NZD", days, "test", "test", dt.date(2026, 1, 1))
        same_everywhere(ambient, cost.per_day)

    def test_cost_per_day_under_traps(self) -> None:
        cost = ReportedCost(Decimal(90), "NZD", 91, "test", "test", dt.date(2026, 1, 1))
        with localcontext(Context(prec=1, traps=[decimal.Inexact])):
            assert cost.per_day() == Decimal("0.99")

    @given(
        ambient_contexts(),
        plans(),
        st.integers(1, 100),
        st.integers(1, 120),
        st.integers(1, 20),
    )
    def test_water_volumes(
        self, ambient: Context, plan: TitrationPlan, tablet: int, smallest: int, step: int
    ) -> None:
        same_everywhere(
            ambient,
            lambda: water_volumes_for(
                plan, tablet_mg=tablet, smallest=smallest, largest=smallest + 60, step=step
            ),
        )
        same_everywhere(ambient, lambda: water_volumes_for(plan.doses, smallest=Fraction(1, 2)))
