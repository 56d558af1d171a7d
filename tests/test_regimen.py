"""Formulation advice (LDN-FORMULATION), regimens that switch form, and what to dispense."""

from __future__ import annotations

import re
from decimal import Context

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn import (
    MONOGRAPH,
    Dispense,
    Dose,
    Filler,
    FormulationAdvice,
    FormulationError,
    LdnError,
    LdnTypeError,
    OralLiquid,
    Policy,
    Recommendation,
    Regimen,
    RuleId,
    Syringe,
    TitrationPlan,
    advise_formulation,
    titrate,
)
from ldn.formulation import Capsule
from ldn.regimen import MAX_MAINTENANCE_DAYS, Form, Phase
from ldn.strategies import plans
from tests.support.contexts import ambient_contexts, same_everywhere

LIQUID = OralLiquid.from_tablet()
PLAN = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
FIXED = titrate(start="1", step="1", interval_days=7, target="1")


class TestAdvice:
    def test_the_reasons(self) -> None:
        advice = advise_formulation(manages_liquid=True, plan=PLAN)
        titration, maintenance = advice.recommendations
        assert titration.text == (
            "Oral liquid while the dose is being found: one 50 mg tablet in 100 mL of water "
            "(0.5 mg/mL), each dose measured with an oral syringe"
        )
        assert titration.reasons == (
            "the patient can manage a measured liquid",
            "the liquid costs less than capsules and any measurable dose can be given, "
            "which helps while the dose is being found",
            "keep it in the refrigerator wrapped in foil, shake it before each dose, "
            "measure with an oral syringe, and warn that it tastes very unpleasant",
            "it has no preservative: make a fresh bottle at least every 14 days and throw "
            "the old one away",
        )
        assert titration.rule_ids == (RuleId.FORMULATION, RuleId.LIQUID, RuleId.LIQUID_BUD)
        assert maintenance.text == (
            "Compounded capsules, cellulose filler, one a night, at the dose found"
        )
        assert maintenance.reasons == (
            "once the dose is stable, one capsule a night replaces measuring",
            "capsules begin after 14 nights of the maintenance dose as the liquid, never on a "
            "night the dose changes, so that a reaction to the capsules is not taken for one "
            "to the dose",
            "cellulose, the usual filler",
        )
        assert maintenance.rule_ids == (RuleId.FORMULATION, RuleId.SWITCH, RuleId.FILLER)

    @pytest.mark.parametrize(
        ("kwargs", "reason", "filler_reason"),
        [
            (
                {"manages_liquid": False},
                "the patient cannot manage a measured liquid",
                "cellulose, the usual filler",
            ),
            (
                {"manages_liquid": None, "filler_sensitivities": ["cellulose"]},
                "whether the patient can manage a measured liquid is not confirmed; ask first",
                "sucrose filler, as the patient reacts to cellulose",
            ),
            (
                {
                    "manages_liquid": True,
                    "plan": FIXED,
                    "filler_sensitivities": ["sucrose", "cellulose"],
                },
                "the liquid is made from naltrexone tablets, which contain cellulose: the "
                "patient reacts to it",
                "ginger filler, as the patient reacts to cellulose and sucrose",
            ),
            (
                {"manages_liquid": True, "plan": FIXED, "filler_sensitivities": ["sucrose"]},
                "the plan gives 1 mg from the first night: nothing to titrate",
                "cellulose, the usual filler",
            ),
            (
                {"manages_liquid": True, "filler_sensitivities": ["milk sugar"]},
                "the liquid is made from naltrexone tablets, which contain lactose: the "
                "patient reacts to it",
                "cellulose, the usual filler",
            ),
            (
                {
                    "manages_liquid": True,
                    "filler_sensitivities": ["Avicel", "sugar", "ginger"],
                },
                "the liquid is made from naltrexone tablets, which contain cellulose: the "
                "patient reacts to it",
                "lactose filler, as the patient reacts to cellulose, sucrose and ginger",
            ),
            (
                {"manages_liquid": True, "plan": PLAN, "liquid": OralLiquid.from_tablet(50, 45)},
                "1.5 mg cannot be measured at 10/9 mg/mL with the syringes given (see water_volumes_for)",
                "cellulose, the usual filler",
            ),
        ],
    )
    def test_capsules_throughout(
        self, kwargs: dict[str, object], reason: str, filler_reason: str
    ) -> None:
        advice = advise_formulation(**kwargs)  # type: ignore[arg-type]
        (only,) = advice.recommendations
        assert (only.phase, only.form) == (Phase.THROUGHOUT, Form.CAPSULES)
        assert only.reasons == (reason, filler_reason)
        assert str(only) == "throughout: capsules [LDN-FORMULATION, LDN-FILLER]"

    def test_without_a_plan(self) -> None:
        advice = advise_formulation(manages_liquid=True)
        assert advice.liquid == LIQUID
        assert advice.regimen(PLAN).switch_day == 42  # 28 + 14 nights (LDN-SWITCH)
        with pytest.raises(LdnTypeError, match="the advice was given without one"):
            advice.regimen()

    def test_the_policy_preparation(self) -> None:
        from ldn import MONOGRAPH

        clinic = MONOGRAPH.derive(name="1 mg/mL", reason="smaller volumes", liquid_water="50")
        plan = titrate(start="1", step="1", interval_days=7, target="3", policy=clinic)
        assert advise_formulation(manages_liquid=True, plan=plan).liquid == OralLiquid.from_tablet(
            50, 50
        )

    @pytest.mark.parametrize(
        ("kwargs", "fragment"),
        [
            (
                {"manages_liquid": "yes"},
                "manages_liquid must be True, False or None (not confirmed), got str",
            ),
            ({"manages_liquid": 1}, "got int"),
            (
                {"manages_liquid": True, "plan": "plan"},
                "plan must be a TitrationPlan or None, got str",
            ),
            (
                {"manages_liquid": True, "liquid": "0.5 mg/mL"},
                "liquid must be an OralLiquid or None, got str",
            ),
            ({"manages_liquid": True, "syringes": []}, "syringes must be at least one syringe"),
            ({"manages_liquid": True, "filler_sensitivities": "cellulose"}, "not a str"),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, object], fragment: str) -> None:
        with pytest.raises((LdnTypeError, FormulationError)) as raised:
            advise_formulation(**kwargs)  # type: ignore[arg-type]
        assert fragment in str(raised.value)

    def test_no_filler_suits(self) -> None:
        with pytest.raises(FormulationError) as raised:
            advise_formulation(manages_liquid=True, filler_sensitivities=list(Filler), plan=PLAN)
        assert raised.value.rule_id == "LDN-FILLER"


def _measurable(liquid: OralLiquid, dose: Dose, policy: Policy = MONOGRAPH) -> bool:
    try:
        liquid.measure(dose, policy=policy)
    except FormulationError:
        return False
    return True


class TestRegimen:
    SWITCH = Regimen(PLAN, Filler.GINGER, LIQUID)

    @pytest.mark.rule("LDN-SWITCH")
    def test_forms_and_amounts(self) -> None:
        """LDN-SWITCH: 14 nights of the maintenance dose as the liquid, then capsules."""
        assert self.SWITCH.switch_day == 42
        assert [s.dose for s in self.SWITCH.liquid_steps] == [Dose("1.5"), Dose(3), Dose("4.5")]
        assert self.SWITCH.amount_on(27) == "6 mL (3 mg)"
        assert self.SWITCH.amount_on(28) == "9 mL (4.5 mg)"
        assert self.SWITCH.amount_on(41) == "9 mL (4.5 mg)"
        assert self.SWITCH.amount_on(42) == "1 capsule (4.5 mg)"
        week = PLAN.policy.derive(name="week", reason="test: a shorter switch", switch_nights=7)
        weekly = titrate(start="1.5", step="1.5", interval_days=14, target="4.5", policy=week)
        assert Regimen(weekly, liquid=LIQUID).switch_day == 35
        throughout = Regimen(PLAN, liquid=LIQUID, capsules_at_maintenance=False)
        assert throughout.switch_day is None
        assert throughout.amount_on(400) == "9 mL (4.5 mg)"
        assert len(throughout.liquid_steps) == 3
        capsules = Regimen(PLAN)
        assert (capsules.switch_day, capsules.liquid_steps) == (0, ())
        assert capsules.instruction_text() == (
            "Take 1 capsule (1.5 mg) at bedtime for 14 days, then 1 capsule (3 mg) at bedtime "
            "for 14 days, then 1 capsule (4.5 mg) at bedtime."
        )
        assert Regimen(FIXED).instructions()[0].days is None

    def test_one_day_steps_read_in_the_singular(self) -> None:
        stepped = titrate(start="1.5", step="1.5", interval_days=14, target="4.5").step_back(29)
        text = Regimen(stepped, liquid=LIQUID).instruction_text()
        assert "9 mL (4.5 mg) of the oral liquid at bedtime for 1 day" in text
        assert text.endswith(
            "then 6 mL (3 mg) of the oral liquid at bedtime for 14 days, "
            "then 1 capsule (3 mg) at bedtime."
        )

    def test_unmeasurable_liquid_doses_are_refused_at_construction(self) -> None:
        with pytest.raises(FormulationError, match=r"volume for 1\.5 mg at 10/9 mg/mL") as raised:
            Regimen(PLAN, liquid=OralLiquid.from_tablet(50, 45))
        assert raised.value.rule_id == "LDN-LIQUID"
        # The maintenance dose is taken as liquid for 14 nights, so it must be measurable.
        odd = titrate(start="1", step="1", interval_days=7, target="2.05")
        with pytest.raises(FormulationError, match=r"volume for 2\.05 mg"):
            Regimen(odd, liquid=LIQUID)
        with pytest.raises(FormulationError):
            Regimen(odd, liquid=LIQUID, capsules_at_maintenance=False)
        # Only the syringes given count.
        with pytest.raises(FormulationError):
            Regimen(PLAN, liquid=LIQUID, syringes=[Syringe("1", "0.01")])

    def test_a_dose_taken_twice_as_liquid_is_measured_once(self) -> None:
        stepped = PLAN.step_back(30)
        regimen = Regimen(stepped, liquid=LIQUID, capsules_at_maintenance=False)
        assert [s.dose for s in regimen.liquid_steps] == [
            Dose("1.5"),
            Dose(3),
            Dose("4.5"),
            Dose(3),
        ]
        assert regimen.liquid_dose_on(20) is regimen.liquid_dose_on(40)

    def test_a_plan_without_titration_cannot_switch(self) -> None:
        with pytest.raises(FormulationError, match="a plan that titrates") as raised:
            Regimen(FIXED, liquid=LIQUID)
        assert raised.value.rule_id == "LDN-FORMULATION"
        assert Regimen(FIXED, liquid=LIQUID, capsules_at_maintenance=False).switch_day is None

    @pytest.mark.parametrize(
        ("kwargs", "fragment"),
        [
            ({"plan": None}, "plan must be a TitrationPlan, got NoneType"),
            ({"liquid": "water"}, "liquid must be an OralLiquid or None, got str"),
            ({"capsules_at_maintenance": 1}, "capsules_at_maintenance must be a bool, got int"),
            ({"half_tablets": "yes"}, "half_tablets must be a bool, got str"),
            ({"filler": "chalk"}, "filler must be a word that names one of"),
            ({"syringes": None}, "syringes must be an iterable of Syringe"),
        ],
    )
    def test_bad_fields(self, kwargs: dict[str, object], fragment: str) -> None:
        fields: dict[str, object] = {"plan": PLAN, **kwargs}
        with pytest.raises((LdnTypeError, FormulationError), match=re.escape(fragment)):
            Regimen(**fields)  # type: ignore[arg-type]


class TestSupply:
    def test_a_named_maintenance_period(self) -> None:
        regimen = Regimen(PLAN, Filler.SUCROSE, LIQUID)
        three_months = regimen.supply(maintenance_days=91)
        # Liquid to day 41 (two bottles for days 0-27, two of 11 nights at 4.5 mg), then
        # capsules from day 42 (LDN-SWITCH, LDN-LIQUID-BUD).
        assert str(three_months) == (
            "days 0-118: 4 x 50 mg tablet (for the oral liquid), 77 x 4.5 mg capsule (sucrose filler)"
        )
        assert (three_months.bottles, three_months.half_bottles) == (4, 0)
        assert regimen.supply(maintenance_days=0).capsules == ()
        assert regimen.supply(maintenance_days=0).last_day == 27
        later = regimen.supply(maintenance_days=24, first=44)
        assert (later.first_day, later.tablets, later.tablet) == (44, 0, None)
        assert str(later) == "days 44-51: 8 x 4.5 mg capsule (sucrose filler)"
        assert Regimen(PLAN).supply(maintenance_days=1).capsules == (
            (Capsule("1.5"), 14),
            (Capsule("3"), 14),
            (Capsule("4.5"), 1),
        )
        assert (
            Regimen(PLAN, liquid=LIQUID, capsules_at_maintenance=False)
            .supply(maintenance_days=10)
            .tablets
            == 3  # 14 nights of 1.5 mg, 14 of 3 mg, then 10 of 4.5 mg: a bottle each
        )

    @pytest.mark.rule("LDN-LIQUID-BUD")
    def test_half_tablets_in_the_supply(self) -> None:
        low = titrate(start="0.5", step="0.5", interval_days=7, target="1.5")
        regimen = Regimen(low, liquid=LIQUID, half_tablets=True)
        supply = regimen.supply(maintenance_days=14)  # liquid to day 27, then capsules
        assert (supply.tablets, supply.bottles, supply.half_bottles) == (1, 2, 2)
        assert str(supply) == (
            "days 0-27: 1 x 50 mg tablet (for the oral liquid: 2 bottles, 2 of them from half a "
            "tablet in half the water)"
        )
        assert Regimen(low, liquid=LIQUID).supply(maintenance_days=14).tablets == 2
        assert [str(b) for b in regimen.bottles()] == [
            "nights 0-13: half a tablet",
            "nights 14-27: half a tablet",
        ]
        with pytest.raises(FormulationError, match="half_bottles must be at most bottles"):
            Dispense(0, 1, 1, Dose(50), (), bottles=1, half_bottles=2)

    @pytest.mark.rule("LDN-LIQUID-BUD")
    def test_the_bottles_of_a_regimen(self) -> None:
        regimen = Regimen(PLAN, liquid=LIQUID)
        assert [b.made for b in regimen.bottles()] == [0, 14, 28, 39]
        # Made on day 20: 8 nights of 3 mg, then 5 of 4.5 mg; the next serves to the switch.
        assert [(b.made, b.nights) for b in regimen.bottles(20, 100)] == [(20, 13), (33, 9)]
        assert regimen.bottles(42) == ()
        assert Regimen(PLAN).bottles() == ()
        throughout = Regimen(PLAN, liquid=LIQUID, capsules_at_maintenance=False)
        assert [b.made for b in throughout.bottles(0, 50)] == [0, 14, 28, 39, 50]
        with pytest.raises(FormulationError, match="on the oral liquid throughout") as raised:
            throughout.bottles()
        assert raised.value.rule_id == "LDN-LIQUID-BUD"

    @pytest.mark.parametrize(
        ("kwargs", "error", "fragment"),
        [
            (
                {"maintenance_days": -1},
                FormulationError,
                "maintenance_days must be between 0 and 3653 nights, got -1 [LDN-SUPPLY]",
            ),
            ({"maintenance_days": MAX_MAINTENANCE_DAYS + 1}, FormulationError, "got 3654"),
            ({"maintenance_days": 10**12}, FormulationError, "got out of range"),
            (
                {"maintenance_days": True},
                LdnTypeError,
                "maintenance_days must be an int number of nights, got bool",
            ),
            ({"maintenance_days": "91"}, LdnTypeError, "got str"),
            (
                {"maintenance_days": 2, "first": 40},
                FormulationError,
                "period from day 40 through 2 nights of maintenance must be ending on or after its first day, got ending on day 29 [LDN-SUPPLY]",
            ),
        ],
    )
    def test_bad_periods(self, kwargs: dict[str, object], error: type, fragment: str) -> None:
        with pytest.raises(error) as raised:
            Regimen(PLAN).supply(**kwargs)  # type: ignore[arg-type]
        assert fragment in str(raised.value)

    @pytest.mark.parametrize(
        ("kwargs", "error", "fragment"),
        [
            ({"first_day": -1}, FormulationError, "first_day must be from 0 to 1000000000, got -1"),
            ({"last_day": True}, LdnTypeError, "last_day must be an int, 0 or more, got bool True"),
            (
                {"first_day": 5, "last_day": 4},
                FormulationError,
                "last_day must be at least 5, got 4",
            ),
            (
                {"tablets": 2},
                FormulationError,
                "tablet must be a Dose exactly when tablets are dispensed, got None",
            ),
            ({"tablet": Dose(50)}, FormulationError, "got Dose Dose('50')"),
            ({"tablets": 1, "tablet": "50"}, FormulationError, "got str '50'"),
            ({"capsules": ((Capsule(1), 0),)}, LdnTypeError, "a tuple of (Capsule, positive int)"),
            (
                {"capsules": ((Capsule(1), True),)},
                LdnTypeError,
                "a tuple of (Capsule, positive int)",
            ),
            (
                {"capsules": ((Capsule(1), "2"),)},
                LdnTypeError,
                "a tuple of (Capsule, positive int)",
            ),
            ({"capsules": ((Capsule(1),),)}, LdnTypeError, "a tuple of (Capsule, positive int)"),
            ({"capsules": [[Capsule(1), 2]]}, LdnTypeError, "a tuple of (Capsule, positive int)"),
            ({"capsules": ((Dose(1), 2),)}, LdnTypeError, "a tuple of (Capsule, positive int)"),
            ({"capsules": "none"}, LdnTypeError, "a tuple of (Capsule, positive int)"),
        ],
    )
    def test_bad_dispense_values(
        self, kwargs: dict[str, object], error: type, fragment: str
    ) -> None:
        fields: dict[str, object] = {
            "first_day": 0,
            "last_day": 9,
            "tablets": 0,
            "tablet": None,
            "capsules": (),
            **kwargs,
        }
        with pytest.raises(error) as raised:
            Dispense(**fields)  # type: ignore[arg-type]
        assert fragment in str(raised.value)
        assert Dispense(0, 0, 0, None, [(Capsule(1), 1)]).capsules == ((Capsule(1), 1),)


class TestValues:
    @pytest.mark.parametrize(
        ("kwargs", "fragment"),
        [
            (
                {"phase": "later"},
                "phase must be one of titration, maintenance, throughout, got 'later'",
            ),
            ({"form": "patch"}, "form must be one of oral liquid, capsules, got 'patch'"),
            ({"form": None}, "form must be one of oral liquid, capsules, got None"),
            ({"text": " "}, "text must be a non-empty str"),
            ({"reasons": ()}, "reasons must be a non-empty tuple of non-empty str"),
            ({"reasons": ("",)}, "reasons must be"),
            ({"reasons": "because"}, "reasons must be"),
            ({"rule_ids": ()}, "rule_ids must be a non-empty tuple of RuleId"),
            ({"rule_ids": ("LDN-NOPE",)}, "rule_ids must be"),
            ({"rule_ids": (1,)}, "rule_ids must be"),
            ({"rule_ids": "LDN-FORMULATION"}, "rule_ids must be"),
        ],
    )
    def test_recommendations_validate(self, kwargs: dict[str, object], fragment: str) -> None:
        fields: dict[str, object] = {
            "phase": "throughout",
            "form": "capsules",
            "text": "Capsules",
            "reasons": ("why",),
            "rule_ids": ("LDN-FORMULATION",),
            **kwargs,
        }
        with pytest.raises(LdnError, match=re.escape(fragment)):
            Recommendation(**fields)  # type: ignore[arg-type]
        made = Recommendation("throughout", "capsules", "Capsules", ["why"], ["LDN-SUPPLY"])
        assert made.rule_ids == (RuleId.SUPPLY,)
        assert made.reasons == ("why",)
        assert (made.phase, made.form) == (Phase.THROUGHOUT, Form.CAPSULES)

    def test_advice_validates(self) -> None:
        some = advise_formulation(manages_liquid=False).recommendations
        with pytest.raises(LdnTypeError, match="plan must be a TitrationPlan, got str"):
            FormulationAdvice(some, Filler.CELLULOSE, None, "plan")  # type: ignore[arg-type]
        with pytest.raises(LdnTypeError, match="liquid must be an OralLiquid or None"):
            FormulationAdvice(some, Filler.CELLULOSE, 1)  # type: ignore[arg-type]
        with pytest.raises(FormulationError, match="recommendations must be at least one"):
            FormulationAdvice((), Filler.CELLULOSE, None)
        with pytest.raises(LdnTypeError, match="a tuple or list of Recommendation"):
            FormulationAdvice(("liquid",), Filler.CELLULOSE, None)  # type: ignore[arg-type]
        assert FormulationAdvice(list(some), "ginger", None).recommendations == some


class TestPrescribersView:
    def test_jupyter_shows_each_part_with_its_rule_ids(self) -> None:
        """Issue 21: the prescriber's view keeps the rule ids the patient's page leaves out."""
        markup = Regimen(PLAN, liquid=LIQUID)._repr_html_()
        assert markup.startswith("<table><caption>Regimen under policy &#x27;monograph&#x27;: ")
        assert "the oral liquid to night 41, capsules from night 42" in markup
        assert markup.count("<tr>") == 5  # the header and four parts
        assert "LDN-FORMULATION, LDN-LIQUID, LDN-LIQUID-BUD, LDN-SWITCH</td>" in markup
        assert "LDN-FORMULATION, LDN-FILLER</td>" in markup
        assert "capsules throughout [" in Regimen(PLAN)._repr_html_()
        throughout = Regimen(PLAN, liquid=LIQUID, capsules_at_maintenance=False)
        assert "the oral liquid throughout [" in throughout._repr_html_()
        assert "LDN-SWITCH</td>" not in throughout._repr_html_()


class TestEdges:
    def test_instruction_lines_carry_their_values(self) -> None:
        lines = Regimen(PLAN, liquid=LIQUID).instructions()
        assert [(line.dose, line.days, line.amount) for line in lines] == [
            (Dose("1.5"), 14, "3 mL (1.5 mg) of the oral liquid"),
            (Dose(3), 14, "6 mL (3 mg) of the oral liquid"),
            (Dose("4.5"), 14, "9 mL (4.5 mg) of the oral liquid"),
            (Dose("4.5"), None, "1 capsule (4.5 mg)"),
        ]
        # A switch inside a bounded step (after a step back) cuts it in two.
        stepped = PLAN.step_back(50)  # 4.5 mg on days 28-49, then 3 mg
        segments = Regimen(stepped, liquid=LIQUID).segments()
        assert [(first, last, form) for _, first, last, form in segments][-2:] == [
            (50, 63, Form.LIQUID),
            (64, None, Form.CAPSULES),
        ]

    def test_supply_spans_around_the_switch(self) -> None:
        small = OralLiquid.from_tablet(5, 10)  # one 3 or 4.5 mg night per 5 mg bottle
        regimen = Regimen(PLAN, liquid=small)
        around = regimen.supply_between(34, 50)
        assert around.tablets == 8  # nights 34-41 on 4.5 mg, one bottle each
        assert dict(around.capsules) == {Capsule("4.5"): 9}
        last_liquid_night = regimen.supply_between(41, 44)
        assert (last_liquid_night.tablets, dict(last_liquid_night.capsules)) == (
            1,
            {Capsule("4.5"): 3},
        )
        assert regimen.supply_between(42, 42).tablets == 0

    def test_supply_period_edges(self) -> None:
        regimen = Regimen(PLAN)
        assert regimen.supply(maintenance_days=0, first=27).first_day == 27
        assert regimen.supply(maintenance_days=MAX_MAINTENANCE_DAYS).last_day == 28 + 3653 - 1

    def test_advice_keeps_its_plan_and_syringes(self) -> None:
        fine = (Syringe("10", "0.01"),)
        advice = advise_formulation(manages_liquid=True, plan=PLAN, syringes=fine)
        assert advice.plan is PLAN
        assert advice.syringes == fine
        assert advice.regimen().syringes == fine
        capsules = advise_formulation(manages_liquid=False, plan=PLAN, syringes=fine)
        assert (capsules.plan, capsules.syringes) == (PLAN, fine)

    def test_every_liquid_dose_must_be_measurable_for_the_advice(self) -> None:
        odd = titrate(start="1", step="1", interval_days=7, target="2.05")
        advice = advise_formulation(manages_liquid=True, plan=odd)
        # The maintenance dose is taken as the liquid for 14 nights (LDN-SWITCH).
        assert [r.form for r in advice.recommendations] == [Form.CAPSULES]
        assert advice.recommendations[0].reasons[0].startswith("2.05 mg cannot be measured")
        even = titrate(start="1", step="1", interval_days=7, target="2")
        both = advise_formulation(manages_liquid=True, plan=even).recommendations
        assert [r.form for r in both] == [Form.LIQUID, Form.CAPSULES]
        late = titrate(start="1", step="1.05", interval_days=7, target="4.15")  # 2.05 mg on day 7
        refused = advise_formulation(manages_liquid=True, plan=late)
        assert refused.recommendations[0].reasons[0].startswith("2.05 mg cannot be measured")
        quarters = titrate(start="0.75", step="0.75", interval_days=7, target="1.5")
        assert advise_formulation(manages_liquid=True, plan=quarters).liquid == LIQUID
        only_coarse = advise_formulation(
            manages_liquid=True, plan=quarters, syringes=[Syringe("10", "1")]
        )
        assert only_coarse.recommendations[0].reasons[0].startswith("0.75 mg cannot be measured")


class TestAmbientContext:
    """No result depends on the caller's decimal context (issue 13, item 1): each call gives the
    same value, or the same LdnError, under any context a host might set."""

    @given(
        ambient_contexts(),
        plans(),
        st.sampled_from([True, False, None]),
        st.integers(0, 400),
        st.integers(0, 60),
    )
    def test_advice_regimen_and_supply(
        self,
        ambient: Context,
        plan: TitrationPlan,
        manages: bool | None,
        maintenance: int,
        first: int,
    ) -> None:
        def regimen_figures() -> object:
            advice = advise_formulation(manages_liquid=manages, plan=plan)
            regimen = advice.regimen()
            return (
                advice,
                regimen.supply(maintenance_days=maintenance, first=first),
                regimen.instruction_text(),
                [regimen.amount_on(day) for day in range(0, 60, 7)],
            )

        same_everywhere(ambient, regimen_figures)
        same_everywhere(
            ambient,
            lambda: Regimen(plan, liquid=OralLiquid.from_tablet(50, 30)).supply_between(
                first, first + maintenance
            ),
        )
