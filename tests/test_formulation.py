"""Formulations: capsules and fillers, the oral liquid, syringes, supply and cost."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn import (
    MONOGRAPH,
    ORAL_SYRINGES,
    Capsule,
    Concentration,
    Dose,
    Filler,
    FormulationError,
    InvalidDoseError,
    LdnTypeError,
    OralLiquid,
    Step,
    Syringe,
    TitrationPlan,
    Volume,
    capsule_counts,
    capsules_for,
    choose_filler,
    titrate,
)
from ldn.formulation import HANDLING, REPORTED_CAPSULE_COST, to_filler
from ldn.strategies import doses, half_mg_doses, titrate_kwargs

LIQUID = OralLiquid.from_tablet()


@st.composite
def monograph_plans(draw: st.DrawFn) -> TitrationPlan:
    return titrate(**draw(titrate_kwargs()))


class TestFiller:
    @pytest.mark.rule("LDN-FILLER")
    @given(st.sets(st.sampled_from(sorted(Filler)), max_size=2))
    def test_choice_avoids_every_sensitivity(self, sensitivities: set[Filler]) -> None:
        """LDN-FILLER: cellulose unless sensitive, then sucrose, then ginger."""
        chosen = choose_filler(sensitivities)
        assert chosen not in sensitivities
        preference = [Filler.CELLULOSE, Filler.SUCROSE, Filler.GINGER]
        assert all(f in sensitivities for f in preference[: preference.index(chosen)])

    @pytest.mark.rule("LDN-FILLER")
    def test_sensitive_to_every_filler_is_refused(self) -> None:
        with pytest.raises(FormulationError) as raised:
            choose_filler(["ginger", "sucrose", "cellulose"])
        assert raised.value.rule_id == "LDN-FILLER"
        assert "cellulose, ginger, sucrose" in str(raised.value)

    def test_names(self) -> None:
        assert choose_filler(["CELLULOSE "]) is Filler.SUCROSE
        assert to_filler(Filler.GINGER) is Filler.GINGER
        with pytest.raises(FormulationError, match="one of cellulose, sucrose, ginger"):
            to_filler("starch")
        with pytest.raises(LdnTypeError):
            to_filler(1)
        with pytest.raises(LdnTypeError, match="not a str"):
            choose_filler("cellulose")


class TestCapsules:
    def test_capsule(self) -> None:
        capsule = Capsule("4.5", "sucrose")
        assert capsule.strength == Dose("4.5")
        assert capsule.filler is Filler.SUCROSE
        assert str(capsule) == "4.5 mg capsule (sucrose filler)"
        assert Capsule(1).filler is Filler.CELLULOSE
        with pytest.raises(InvalidDoseError, match="dose in mg"):
            Capsule(0)

    @given(monograph_plans(), st.integers(0, 150))
    def test_capsules_cover_every_dose_once_a_night(self, plan: TitrationPlan, days: int) -> None:
        strengths = {c.strength for c in capsules_for(plan)}
        counts = capsule_counts(plan, 0, days)
        assert set(counts) <= strengths == set(plan.doses)
        assert sum(counts.values()) == days + 1
        assert sum(dose.mg * n for dose, n in counts.items()) == plan.total_mg(0, days)


class TestConcentration:
    def test_monograph_liquid(self) -> None:
        assert LIQUID.concentration == Concentration(Fraction(1, 2))
        assert str(LIQUID.concentration) == "0.5 mg/mL"
        assert (LIQUID.tablet, LIQUID.water) == (Dose(50), Volume(100))

    def test_non_terminating_concentration_stays_exact(self) -> None:
        liquid = OralLiquid.from_tablet(50, 70)
        assert str(liquid.concentration) == "5/7 mg/mL"
        assert liquid.volume_ml("1") == Volume("1.4")

    @pytest.mark.parametrize("value", [Fraction(0), Fraction(-1, 2), Decimal("0.5"), 1])
    def test_refused(self, value: object) -> None:
        with pytest.raises(FormulationError, match="a positive Fraction"):
            Concentration(value)  # type: ignore[arg-type]

    def test_foreign_multiplication(self) -> None:
        with pytest.raises(TypeError):
            Decimal(2) * LIQUID.concentration  # type: ignore[operator]


class TestLiquid:
    @pytest.mark.rule("LDN-LIQUID")
    @given(half_mg_doses(Dose("4.5")))
    def test_half_mg_steps_are_whole_millilitres(self, dose: Dose) -> None:
        """LDN-LIQUID: at 0.5 mg/mL every 0.5 mg multiple up to 4.5 mg is a whole number of mL."""
        volume = LIQUID.volume_ml(dose)
        assert volume.ml == volume.ml.to_integral_value()
        assert volume.ml == dose.mg * 2

    @pytest.mark.rule("LDN-LIQUID")
    @given(
        st.integers(1, 100).map(lambda n: Dose(n)),
        st.integers(1, 1000).map(lambda n: Volume(n)),
        doses(Dose("0.001"), Dose(10)),
    )
    def test_volume_times_concentration_is_the_dose(
        self, tablet: Dose, water: Volume, dose: Dose
    ) -> None:
        """LDN-LIQUID: any measurable volume holds exactly the dose asked for; else refused."""
        liquid = OralLiquid.from_tablet(tablet, water)
        ml = liquid.concentration.volume_for(dose)
        fitting = sorted((s for s in ORAL_SYRINGES if s.holds(ml)), key=lambda s: s.capacity)
        if not fitting or not fitting[0].measures(ml):
            with pytest.raises(FormulationError) as raised:
                liquid.measure(dose)
            assert raised.value.rule_id == "LDN-LIQUID"
            return
        measured = liquid.measure(dose)
        assert measured.syringe == fitting[0]
        assert measured.volume * liquid.concentration == dose
        assert measured.syringe.holds(Fraction(measured.volume.ml))
        smaller = [s for s in ORAL_SYRINGES if s.capacity < measured.syringe.capacity]
        assert not any(s.holds(Fraction(measured.volume.ml)) for s in smaller)

    def test_smallest_syringe_is_chosen(self) -> None:
        assert LIQUID.measure("0.25").syringe == Syringe("1", "0.01")
        assert LIQUID.measure("1.5").syringe == Syringe("3", "0.1")
        assert LIQUID.measure("2").syringe == Syringe("5", "0.2")
        assert LIQUID.measure("4.5").syringe == Syringe("10", "0.2")

    def test_unmeasurable_doses_are_refused(self) -> None:
        with pytest.raises(
            FormulationError, match=r"multiple of 0\.1 mL.*got 2\.25 mL \[LDN-LIQUID\]"
        ):
            LIQUID.volume_ml("1.125")
        with pytest.raises(FormulationError, match=r"largest syringe.*got 20 mL"):
            LIQUID.volume_ml("10")
        with pytest.raises(FormulationError, match="got 10/3 mL"):
            OralLiquid.from_tablet(30, 100).volume_ml("1")
        assert LIQUID.volume_ml("10", [Syringe("20", "1")]) == Volume(20)

    def test_instruction_text_in_millilitres(self) -> None:
        assert LIQUID.instruction("4.5") == "9 mL (4.5 mg) at bedtime"
        plan = titrate(start="0.5", step="1", interval_days=7, target="4.5")
        assert plan.instruction_text(LIQUID.label).startswith(
            "Take 1 mL (0.5 mg) at bedtime for 7 days, then 3 mL (1.5 mg) at bedtime"
        )
        assert plan.instruction_text(LIQUID.label).endswith("then 9 mL (4.5 mg) at bedtime.")

    @pytest.mark.rule("LDN-LIQUID")
    def test_handling_instructions(self) -> None:
        """LDN-LIQUID: refrigerate, foil, oral syringe, warn about the taste."""
        assert [h.code for h in LIQUID.handling] == [
            "refrigerate",
            "protect-from-light",
            "oral-syringe",
            "taste",
        ]
        assert LIQUID.handling is HANDLING
        assert all(h.rule_id == "LDN-LIQUID" for h in HANDLING)

    @pytest.mark.parametrize(
        ("tablet", "water", "fragment"),
        [
            (0, 100, "tablet_mg in mg"),
            (-50, 100, "tablet_mg in mg"),
            (50, 0, "water_ml in mL"),
            (50, "-100", "water_ml in mL"),
        ],
    )
    def test_bad_preparations(self, tablet: object, water: object, fragment: str) -> None:
        with pytest.raises(InvalidDoseError, match=fragment):
            OralLiquid.from_tablet(tablet, water)  # type: ignore[arg-type]

    def test_policy_default_preparation(self) -> None:
        clinic = MONOGRAPH.derive(name="1mg-per-ml", reason="smaller volumes", liquid_water="50")
        assert OralLiquid.from_tablet(policy=clinic).concentration == Concentration(Fraction(1))

    def test_syringe_scale(self) -> None:
        with pytest.raises(FormulationError, match="whole number of graduations"):
            Syringe("1", "0.3")
        assert str(Syringe("3", "0.1")) == "3 mL oral syringe marked every 0.1 mL"
        assert str(LIQUID.measure("4.5")) == "9 mL (4.5 mg)"


class TestSupply:
    @given(half_mg_doses(Dose("4.5")))
    def test_days_a_bottle_lasts(self, dose: Dose) -> None:
        days = LIQUID.days_supply(dose)
        assert days * dose.mg <= 50 < (days + 1) * dose.mg

    @given(monograph_plans(), st.integers(0, 120))
    def test_bottles_never_fall_short(self, plan: TitrationPlan, days: int) -> None:
        bottles = LIQUID.bottles_for(plan, 0, days)
        total = plan.total_mg(0, days)
        assert bottles >= math.ceil(total / 50)
        # waste per bottle is less than one night's dose
        assert bottles <= math.ceil(total / (50 - plan.target.mg))

    @given(monograph_plans(), st.integers(0, 60))
    def test_a_bottle_lasts_until_the_next_dose_no_longer_fits(
        self, plan: TitrationPlan, opened: int
    ) -> None:
        nights = LIQUID.bottle_lasts(plan, opened)
        used = plan.total_mg(opened, opened + nights - 1) if nights else Decimal(0)
        assert used <= 50 < used + plan.dose_on(opened + nights).mg
        assert LIQUID.bottles_for(plan, opened, opened + nights - 1) == 1 or nights == 0

    @given(half_mg_doses())
    def test_a_bottle_at_one_dose_lasts_days_supply(self, dose: Dose) -> None:
        flat = MONOGRAPH.derive(name="flat", reason="test: start at any dose", start_max="4.5")
        plan = titrate(start=dose, step=dose, interval_days=7, target=dose, policy=flat)
        assert plan.steps == (Step(dose, 0, None),)
        assert LIQUID.bottle_lasts(plan, 0) == LIQUID.days_supply(dose)

    def test_bottles_for_the_design_plan(self) -> None:
        plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
        assert LIQUID.bottles_for(plan, 0, 27) == 2  # 63 mg
        assert LIQUID.days_supply("4.5") == 11

    def test_a_dose_larger_than_a_bottle(self) -> None:
        small = OralLiquid.from_tablet(1, 10)
        plan = titrate(start="1.5", step="1.5", interval_days=14, target="3")
        with pytest.raises(FormulationError, match="nightly dose from one 1 mg bottle"):
            small.bottles_for(plan, 0, 3)

    def test_reported_cost_is_dated_sourced_and_an_estimate(self) -> None:
        cost = REPORTED_CAPSULE_COST
        assert (cost.amount, cost.currency, cost.supply_days) == (Decimal(90), "NZD", 91)
        assert cost.recorded_on == dt.date(2026, 11, 25)
        assert "monograph" in cost.source
        assert cost.per_day() == Decimal("0.99")
