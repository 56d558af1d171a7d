"""Property tests of the formulation and supply rules: the form of each night, enough supply.

One class per rule id (DESIGN.md), its docstring the rule as ldn.RULES states it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ldn import (
    Dose,
    Filler,
    FormulationError,
    OralLiquid,
    Regimen,
    RuleId,
    TitrationPlan,
    Volume,
    advise_formulation,
    titrate,
)
from ldn.chart import chart_html, chart_text
from ldn.formulation import Capsule
from ldn.regimen import Form, Phase
from ldn.strategies import plans
from tests.test_chart import dated_plans, page, text_nights
from tests.test_regimen import LIQUID, _measurable
from tests.test_supply import (
    liquids,
    reference_bottles,
    reference_counts,
    reference_lasts,
    reference_total,
    spans,
)


class TestLdnFormulation:
    """LDN-FORMULATION (Choice of formulation): A patient who can manage it may take the
    oral liquid made from tablets: it costs less and its dose is easy to adjust, which helps
    while the dose is being found. Otherwise compounded capsules are used."""

    @pytest.mark.rule("LDN-FORMULATION")
    @given(
        st.sampled_from([True, False, None]),
        st.sets(st.sampled_from(sorted(Filler)), max_size=2),
        plans(),
        st.sampled_from(["100", "70", "30"]).map(lambda w: OralLiquid.from_tablet(50, w)),
    )
    @example(  # a cellulose-sensitive patient: the tablets' liquid holds cellulose
        True,
        {Filler.CELLULOSE},
        titrate(start="0.5", step="0.05", interval_days=7, target="0.8"),
        OralLiquid.from_tablet(50, "100"),
    )
    def test_liquid_only_while_titrating_and_only_when_managed(
        self,
        manages: bool | None,
        sensitivities: set[Filler],
        plan: TitrationPlan,
        liquid: OralLiquid,
    ) -> None:
        """LDN-FORMULATION: liquid while titrating (and the switch nights after, LDN-SWITCH)
        for a patient who manages it; else capsules."""
        advice = advise_formulation(
            manages_liquid=manages, filler_sensitivities=sensitivities, plan=plan, liquid=liquid
        )
        assert advice.filler not in sensitivities
        for recommendation in advice.recommendations:
            assert RuleId.FORMULATION in recommendation.rule_ids
            assert recommendation.reasons
        titration_measurable = all(
            _measurable(liquid, step.dose, plan.policy) for step in plan.steps
        )
        tablet_tolerated = not any(f.in_tablet_liquid for f in sensitivities)
        liquid_advised = (
            manages is True and len(plan.steps) > 1 and titration_measurable and tablet_tolerated
        )
        forms = [(r.phase, r.form) for r in advice.recommendations]
        if liquid_advised:
            assert forms == [(Phase.TITRATION, Form.LIQUID), (Phase.MAINTENANCE, Form.CAPSULES)]
            assert advice.liquid == liquid
        else:
            assert forms == [(Phase.THROUGHOUT, Form.CAPSULES)]
            assert advice.liquid is None
        regimen = advice.regimen()
        edges = {d for s in plan.steps for d in (s.first_day, s.first_day - 1, s.first_day + 1)}
        for day in sorted(d for d in edges if d >= 0):
            expected = (
                Form.LIQUID
                if liquid_advised and day < plan.maintenance_from + plan.policy.switch_nights
                else Form.CAPSULES
            )
            assert regimen.form_on(day) is expected
            measured = regimen.liquid_dose_on(day)
            if expected is Form.LIQUID:
                assert measured is not None
                assert measured.volume * liquid.concentration == plan.dose_on(day)
                assert regimen.amount_on(day) == str(measured)
            else:
                assert measured is None
                assert regimen.amount_on(day) == f"1 capsule ({plan.dose_on(day)})"

    @pytest.mark.rule("LDN-FORMULATION")
    @given(dated_plans(), st.booleans(), st.integers(0, 120))
    def test_every_night_of_the_chart_is_the_plan_dose(
        self, plan: TitrationPlan, liquid: bool, through: int
    ) -> None:
        """LDN-FORMULATION: the chart's nightly doses equal dose_on, mL beside liquid doses."""
        try:
            schedule: TitrationPlan | Regimen = Regimen(plan, liquid=LIQUID) if liquid else plan
        except Exception:  # a plan the liquid cannot serve: chart the plan itself
            schedule = plan
        regimen = schedule if isinstance(schedule, Regimen) else None
        markup = chart_html(schedule, through=through)
        text = chart_text(schedule, through=through)
        cells = page(markup).nights
        lines = text_nights(text)
        assert [int(c["data-day"]) for c in cells] == list(range(through + 1))
        assert len(lines) == through + 1
        window = plan.review_window
        for day, (cell, line) in enumerate(zip(cells, lines, strict=True)):
            dose = plan.dose_on(day)
            when = plan.date_of(day)
            assert Dose(cell["data-mg"]) == dose == Dose(line["mg"])
            assert cell["data-date"] == when.isoformat() == line["date"]
            assert line["weekday"] == when.strftime("%a")
            measured = None if regimen is None else regimen.liquid_dose_on(day)
            capsule = regimen is not None and measured is None
            assert (cell.get("data-form") == "capsule") == capsule == bool(line["capsule"])
            if measured is None:
                assert "data-ml" not in cell
                assert line["ml"] is None
            else:
                assert Volume(cell["data-ml"]) == measured.volume == Volume(line["ml"])
                assert measured.volume * LIQUID.concentration == dose
            is_change = day == plan.step_on(day).first_day
            assert ("change" in cell["class"].split()) == is_change == bool(line["change"])
            in_review = window.first_day <= day <= window.last_day
            assert ("review" in cell["class"].split()) == in_review == bool(line["review"])


class TestLdnSupply:
    """LDN-SUPPLY (Sources and cost): The monograph reports two Auckland compounders and a
    cost of about $90 for a three-month supply. These are dated reports, never a current
    price."""

    @pytest.mark.rule("LDN-SUPPLY")
    @given(
        plans(),
        st.booleans(),
        st.booleans(),
        st.integers(0, 120),
        st.integers(0, 200),
    )
    def test_dispensed_quantities_never_fall_short(
        self, plan: TitrationPlan, liquid: bool, switch: bool, first: int, length: int
    ) -> None:
        """LDN-SUPPLY: every night of the period is covered, bottle by bottle and capsule by capsule."""
        try:
            regimen = Regimen(
                plan, liquid=LIQUID if liquid else None, capsules_at_maintenance=switch
            )
        except FormulationError:
            return  # unmeasurable or nothing to titrate: refused, as tested above
        dispensed = regimen.supply_between(first, first + length)
        assert (dispensed.first_day, dispensed.last_day) == (first, first + length)
        # Walk the nights: make a fresh bottle when the one in use is short or at its
        # beyond-use date (LDN-LIQUID-BUD).
        tablets_used, remaining, made = 0, Decimal(0), first
        capsules_used: dict[Capsule, int] = {}
        for day in range(first, first + length + 1):
            dose = plan.dose_on(day)
            if regimen.form_on(day) is Form.LIQUID:
                if remaining < dose.mg or day - made >= plan.policy.liquid_bud_days:
                    tablets_used, remaining, made = tablets_used + 1, LIQUID.tablet.mg, day
                remaining -= dose.mg
            else:
                capsule = Capsule(dose, regimen.filler, policy=plan.policy)
                capsules_used[capsule] = capsules_used.get(capsule, 0) + 1
        assert dispensed.tablets == tablets_used
        assert dict(dispensed.capsules) == capsules_used
        assert (dispensed.tablet is None) == (tablets_used == 0)

    @pytest.mark.rule("LDN-SUPPLY")
    @given(spans())
    def test_capsule_counts_and_total(self, span: tuple[TitrationPlan, int, int]) -> None:
        """LDN-SUPPLY: capsules per strength and total mg equal the night-by-night count."""
        from ldn import capsule_counts

        plan, first, last = span
        assert capsule_counts(plan, first, last) == reference_counts(plan, first, last)
        assert plan.total_mg(first, last) == reference_total(plan, first, last)

    @pytest.mark.rule("LDN-SUPPLY")
    @given(spans(), liquids)
    def test_bottles_for(self, span: tuple[TitrationPlan, int, int], liquid: OralLiquid) -> None:
        """LDN-SUPPLY: bottles (tablets) equal the night-by-night count, which never falls short."""
        plan, first, last = span
        try:
            expected = reference_bottles(liquid, plan, first, last)
        except FormulationError:
            with pytest.raises(FormulationError, match="nightly dose from one"):
                liquid.bottles_for(plan, first, last)
            return
        assert liquid.bottles_for(plan, first, last) == expected
        assert expected * liquid.tablet.mg >= plan.total_mg(first, last)

    @pytest.mark.rule("LDN-SUPPLY")
    @given(st.data(), liquids)
    def test_bottle_lasts(self, data: st.DataObject, liquid: OralLiquid) -> None:
        """LDN-SUPPLY: nights a bottle lasts equal the night-by-night walk."""
        plan = data.draw(plans())
        opened = data.draw(st.integers(0, plan.maintenance_from + 30))
        assert liquid.bottle_lasts(plan, opened) == reference_lasts(liquid, plan, opened)
