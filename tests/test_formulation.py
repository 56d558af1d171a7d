"""Formulations: capsules and fillers, the oral liquid, syringes, supply and cost."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from random import Random

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
    PolicyViolationError,
    RuleId,
    Step,
    Syringe,
    TitrationPlan,
    Volume,
    capsule_counts,
    capsules_for,
    choose_filler,
    titrate,
)
from ldn.formulation import (
    FILLER_PREFERENCE,
    HANDLING,
    REPORTED_CAPSULE_COST,
    REPORTED_SUPPLY,
    Bottle,
    ReportedSupplier,
    SupplyReport,
    liquid_handling,
    suitable_filler,
    to_filler,
    water_volumes_for,
)
from ldn.strategies import doses, half_mg_doses, titrate_kwargs

LIQUID = OralLiquid.from_tablet()
#: A policy whose maximum lets the syringe tests reach any dose a Dose holds.
UNCAPPED = MONOGRAPH.derive(
    name="uncapped", reason="test: the syringes, not the daily maximum", max_daily_dose="1000"
)


@st.composite
def monograph_plans(draw: st.DrawFn) -> TitrationPlan:
    return titrate(**draw(titrate_kwargs()))


class TestFiller:
    @pytest.mark.rule("LDN-FILLER")
    @given(st.sets(st.sampled_from(sorted(Filler)), max_size=3))
    def test_choice_avoids_every_sensitivity(self, sensitivities: set[Filler]) -> None:
        """LDN-FILLER: cellulose unless sensitive, then sucrose, then ginger, then lactose."""
        chosen = choose_filler(sensitivities)
        assert chosen not in sensitivities
        preference = [Filler.CELLULOSE, Filler.SUCROSE, Filler.GINGER, Filler.LACTOSE]
        assert list(FILLER_PREFERENCE) == preference
        assert all(f in sensitivities for f in preference[: preference.index(chosen)])

    @pytest.mark.rule("LDN-FILLER")
    def test_sensitive_to_every_filler_is_refused(self) -> None:
        with pytest.raises(FormulationError) as raised:
            choose_filler(["ginger", "sucrose", "cellulose", "lactose"])
        assert raised.value.rule_id == "LDN-FILLER"
        assert "cellulose, ginger, lactose, sucrose" in str(raised.value)
        assert choose_filler(["ginger", "sucrose", "cellulose"]) is Filler.LACTOSE

    def test_names(self) -> None:
        assert choose_filler(["CELLULOSE "]) is Filler.SUCROSE
        assert to_filler(Filler.GINGER) is Filler.GINGER
        with pytest.raises(FormulationError, match="one of cellulose, sucrose, ginger, lactose"):
            to_filler("starch")
        with pytest.raises(FormulationError, match=r"\[LDN-FILLER\]"):
            to_filler("cellulose and sucrose")  # two fillers: no one filler
        with pytest.raises(LdnTypeError):
            to_filler(1)
        with pytest.raises(LdnTypeError, match="not a str"):
            choose_filler("cellulose")

    @pytest.mark.parametrize(
        ("text", "fillers"),
        [
            ("Microcrystalline cellulose", {Filler.CELLULOSE}),
            ("CELLULOSE, MICROCRYSTALLINE", {Filler.CELLULOSE}),
            ("MCC", {Filler.CELLULOSE}),
            ("Avicel PH-102", {Filler.CELLULOSE}),
            ("E460", {Filler.CELLULOSE}),
            ("E 460(i)", {Filler.CELLULOSE}),
            ("e-460ii", {Filler.CELLULOSE}),
            ("cellulose gel", {Filler.CELLULOSE}),
            ("sugar", {Filler.SUCROSE}),
            ("Saccharose", {Filler.SUCROSE}),
            ("cane sugar", {Filler.SUCROSE}),
            ("milk sugar", {Filler.LACTOSE}),
            ("Lactose monohydrate", {Filler.LACTOSE}),
            ("lactose intolerance", {Filler.LACTOSE}),
            ("Zingiber officinale", {Filler.GINGER}),
            ("ginger root", {Filler.GINGER}),
            ("Cellactose 80", {Filler.CELLULOSE, Filler.LACTOSE}),
            ("microcrystalline cellulose and lactose", {Filler.CELLULOSE, Filler.LACTOSE}),
            ("methylcellulose", set()),
            ("hypromellose", set()),
            ("sugarcane", set()),
            ("penicillin", set()),
            ("", set()),
        ],
    )
    def test_words_name_fillers(self, text: str, fillers: set[Filler]) -> None:
        """LDN-FILLER: synonyms from excipient sources, whole words, the longest first."""
        assert Filler.named_in(text) == fillers

    def test_every_synonym_names_its_filler(self) -> None:
        for filler in Filler:
            assert filler.synonyms[0] == filler.value
            for word in filler.synonyms:
                assert filler in Filler.named_in(word)
                assert filler in Filler.named_in(word.upper())
        assert "MCC" in Filler.CELLULOSE.synonyms
        assert "saccharose" in Filler.SUCROSE.synonyms

    def test_other_excipients(self) -> None:
        assert Filler.other_excipients_in("Hypromellose; E 171; cellulose; E460") == (
            "Hypromellose",
            "E 171",
        )
        assert Filler.other_excipients_in("maize starch, Maize starch, milk") == (
            "maize",
            "starch",
            "Maize",
            "milk",
        )
        assert Filler.other_excipients_in("milk sugar") == ()
        assert Filler.other_excipients_in("capsule filler (cellulose)") == ()
        assert Filler.other_excipients_in("capsule filler") == ("filler",)
        assert Filler.other_excipients_in("Inactive ingredient: lactose; gelatin") == ("gelatin",)
        assert Filler.other_excipients_in("penicillin") == ()
        with pytest.raises(LdnTypeError, match="filler text must be a str, got int 1"):
            Filler.other_excipients_in(1)  # type: ignore[arg-type]
        with pytest.raises(LdnTypeError, match="filler text must be a str"):
            Filler.named_in(None)  # type: ignore[arg-type]

    def test_codes(self) -> None:
        unii = "http://fdasis.nlm.nih.gov"
        assert Filler.coded(unii, "OP1R32D61U") is Filler.CELLULOSE
        assert Filler.coded(unii, " ewq57q8i5x ") is Filler.LACTOSE
        assert Filler.coded(unii, "C151H8M554") is Filler.SUCROSE
        assert Filler.coded("http://snomed.info/sct", "OP1R32D61U") is None

    def test_tablet_liquid(self) -> None:
        """LDN-FILLER: naltrexone tablets contain microcrystalline cellulose and lactose."""
        assert {f for f in Filler if f.in_tablet_liquid} == {Filler.CELLULOSE, Filler.LACTOSE}

    def test_words_search_and_substitute(self) -> None:
        words = Filler.SUCROSE.words
        assert repr(words) == "FillerWords(<Filler.SUCROSE: 'sucrose'>)"
        assert words.sub("ginger", "caps (sugar; milk sugar)") == "caps (ginger; milk sugar)"
        assert words.sub(lambda m: m.group().upper(), "sugar, Sucrose") == "SUGAR, SUCROSE"
        assert words.search("milk sugar") is None
        found = Filler.CELLULOSE.words.search("LDN in MCC")
        assert found is not None
        assert found.group() == "MCC"

    def test_set_of(self) -> None:
        assert Filler.set_of(["MCC", Filler.GINGER, "milk sugar"]) == {
            Filler.CELLULOSE,
            Filler.GINGER,
            Filler.LACTOSE,
        }
        with pytest.raises(FormulationError, match=r"see Filler.synonyms\), got 'xylitol'"):
            Filler.set_of(["xylitol"])
        with pytest.raises(LdnTypeError, match="fillers must be a collection of fillers"):
            Filler.set_of("cellulose")  # type: ignore[arg-type]

    @pytest.mark.rule("LDN-FILLER")
    @given(
        st.lists(
            st.sampled_from([*Filler, "Cellulose", " sucrose", "GINGER", "MCC", "milk sugar"]),
            max_size=6,
        )
    )
    def test_suitable_filler_is_the_choice_or_none(self, sensitivities: list[Filler | str]) -> None:
        """LDN-FILLER: suitable_filler is choose_filler's pick, None where that refuses."""
        found = suitable_filler(iter(sensitivities))
        if found is None:
            assert {to_filler(each) for each in sensitivities} == set(Filler)
            with pytest.raises(FormulationError, match=r"\[LDN-FILLER\]"):
                choose_filler(sensitivities)
        else:
            assert choose_filler(sensitivities) is found

    @pytest.mark.parametrize(
        ("sensitivities", "error", "message"),
        [
            ("cellulose", LdnTypeError, "sensitivities must be a collection of fillers, not a str"),
            (b"ginger", LdnTypeError, "sensitivities must be a collection of fillers, not a str"),
            (None, LdnTypeError, "got NoneType None"),
            (["starch"], FormulationError, "filler must be a word that names one of cellulose"),
            ([1], LdnTypeError, "filler must be a Filler or str, got int 1"),
        ],
    )
    def test_suitable_filler_refuses_what_choose_filler_refuses(
        self, sensitivities: object, error: type[Exception], message: str
    ) -> None:
        for function in (suitable_filler, choose_filler):
            with pytest.raises(error, match=re.escape(message)):
                function(sensitivities)  # type: ignore[arg-type]


class TestCapsules:
    def test_capsule(self) -> None:
        capsule = Capsule("4.5", "sucrose")
        assert capsule.strength == Dose("4.5")
        assert capsule.filler is Filler.SUCROSE
        assert str(capsule) == "4.5 mg capsule (sucrose filler)"
        assert Capsule(1).filler is Filler.CELLULOSE
        with pytest.raises(InvalidDoseError, match="dose in mg"):
            Capsule(0)

    def test_a_capsule_above_the_maximum_is_refused(self) -> None:
        """LDN-DOSE-MAX: a capsule is one night's dose, at most the policy maximum."""
        with pytest.raises(PolicyViolationError) as raised:
            Capsule("45")
        assert str(raised.value) == (
            "capsule strength (one night's dose) must be at most 4.5 mg under policy "
            "'monograph', got 45 mg [LDN-DOSE-MAX]"
        )
        trial = MONOGRAPH.derive(name="rct-6mg", reason="trial", max_daily_dose="6")
        capsule = Capsule("6", "MCC", policy=trial)
        assert (capsule.strength, capsule.filler) == (Dose(6), Filler.CELLULOSE)
        assert Capsule("4.5", policy=trial) == Capsule("4.5")  # the policy only checks
        with pytest.raises(LdnTypeError, match="policy must be a Policy"):
            Capsule("1", policy="monograph")  # type: ignore[arg-type]
        plan = titrate(start="1.5", step="1.5", interval_days=7, target="6", policy=trial)
        assert [c.strength for c in capsules_for(plan)][-1] == Dose(6)

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


def _measurable_doses(liquid: OralLiquid, syringes: tuple[Syringe, ...]) -> set[Dose]:
    """Every dose of whole micrograms that some syringe measures, by brute force."""
    found: set[Dose] = set()
    for syringe in syringes:
        graduation = Fraction(syringe.graduation.ml)
        marks = int(Fraction(syringe.capacity.ml) / graduation)
        for mark in range(1, marks + 1):
            mg = mark * graduation * liquid.concentration.mg_per_ml
            if (mg * 1000).denominator == 1 and mg <= 1000:
                found.add(Dose(mg))
    return found


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
        st.permutations(ORAL_SYRINGES),
    )
    def test_volume_times_concentration_is_the_dose(
        self, tablet: Dose, water: Volume, dose: Dose, syringes: list[Syringe]
    ) -> None:
        """LDN-LIQUID: any measurable volume holds exactly the dose asked for; else refused."""
        liquid = OralLiquid.from_tablet(tablet, water)
        ml = liquid.concentration.volume_for(dose)
        measuring = [s for s in ORAL_SYRINGES if s.measures(ml)]
        if not measuring:
            with pytest.raises(FormulationError) as raised:
                liquid.measure(dose, syringes, policy=UNCAPPED)
            assert raised.value.rule_id == "LDN-LIQUID"
            return
        if dose > MONOGRAPH.max_daily_dose:
            with pytest.raises(PolicyViolationError) as refused:
                liquid.measure(dose, syringes)
            assert refused.value.rule_id == "LDN-DOSE-MAX"
        measured = liquid.measure(dose, syringes, policy=UNCAPPED)
        assert measured.volume * liquid.concentration == dose
        assert measured.syringe.measures(Fraction(measured.volume.ml))
        smaller = [s for s in ORAL_SYRINGES if s.capacity < measured.syringe.capacity]
        assert not any(s.measures(ml) for s in smaller)

    @pytest.mark.rule("LDN-LIQUID")
    @given(
        st.lists(
            st.builds(
                lambda graduation, marks: Syringe(Decimal(graduation) * marks, graduation),
                st.sampled_from(["0.01", "0.05", "0.1", "0.2", "0.5", "1"]),
                st.integers(1, 60).map(lambda n: n * 5),
            ),
            min_size=1,
            max_size=5,
        ),
        doses(Dose("0.001"), Dose(10)),
        st.randoms(use_true_random=False),
    )
    def test_the_chosen_syringe_does_not_depend_on_the_order(
        self, syringes: list[Syringe], dose: Dose, rng: Random
    ) -> None:
        """LDN-LIQUID: the smallest syringe that measures the volume (ties: finer), in any order."""
        shuffled = list(syringes)
        rng.shuffle(shuffled)
        ml = LIQUID.concentration.volume_for(dose)
        try:
            chosen = LIQUID.measure(dose, syringes, policy=UNCAPPED)
        except FormulationError:
            assert not any(s.measures(ml) for s in syringes)
            with pytest.raises(FormulationError):
                LIQUID.measure(dose, shuffled, policy=UNCAPPED)
            return
        assert LIQUID.measure(dose, shuffled, policy=UNCAPPED) == chosen
        assert chosen.syringe.measures(ml)
        for other in syringes:
            if other.measures(ml):
                assert (chosen.syringe.capacity, chosen.syringe.graduation) <= (
                    other.capacity,
                    other.graduation,
                )

    @pytest.mark.rule("LDN-LIQUID")
    @given(
        st.integers(1, 100).map(lambda n: Dose(n)),
        st.integers(1, 400).map(lambda n: Volume(n)),
        doses(Dose("0.001"), Dose(20)),
    )
    def test_refusals_name_the_nearest_measurable_doses(
        self, tablet: Dose, water: Volume, dose: Dose
    ) -> None:
        """LDN-LIQUID: nearest measurable doses bracket the dose, and nothing measurable lies between."""
        liquid = OralLiquid.from_tablet(tablet, water)
        below, above = liquid.nearest_measurable(dose, policy=UNCAPPED)
        grid = _measurable_doses(liquid, ORAL_SYRINGES)
        under = [d for d in grid if d <= dose]
        over = [d for d in grid if d >= dose]
        assert (below.dose if below else None) == (max(under) if under else None)
        assert (above.dose if above else None) == (min(over) if over else None)
        # Under the monograph nothing above its maximum is offered.
        capped_below, capped_above = liquid.nearest_measurable(dose)
        for offered in (capped_below, capped_above):
            assert offered is None or offered.dose <= MONOGRAPH.max_daily_dose
        if below is not None and below.dose == dose:
            assert liquid.measure(dose, policy=UNCAPPED) == below == above
            return
        with pytest.raises(FormulationError) as raised:
            liquid.measure(dose, policy=UNCAPPED)
        message = str(raised.value)
        assert (f"{below.dose} as {below.volume} below" if below else "none below") in message
        assert (f"{above.dose} as {above.volume} above" if above else "none above") in message

    def test_smallest_syringe_is_chosen(self) -> None:
        assert LIQUID.measure("0.25").syringe == Syringe("1", "0.01")
        assert LIQUID.measure("1.5").syringe == Syringe("3", "0.1")
        assert LIQUID.measure("2").syringe == Syringe("5", "0.2")
        assert LIQUID.measure("4.5").syringe == Syringe("10", "0.2")

    def test_the_issue_example_in_both_orders(self) -> None:
        coarse, fine = Syringe("3", "1"), Syringe("3", "0.1")
        assert LIQUID.measure("0.75", [coarse, fine]).syringe == fine
        assert LIQUID.measure("0.75", [fine, coarse]).syringe == fine
        assert LIQUID.measure("1", [fine, coarse]).syringe == fine  # tie: the finer scale
        assert LIQUID.measure("1", [Syringe("5", "1"), fine]).syringe == fine

    def test_unmeasurable_doses_are_refused(self) -> None:
        with pytest.raises(
            FormulationError,
            match=r"nearest: 1\.1 mg as 2\.2 mL below, 1\.15 mg as 2\.3 mL above\), "
            r"got 2\.25 mL \[LDN-LIQUID\]",
        ):
            LIQUID.volume_ml("1.125")
        with pytest.raises(FormulationError, match=r"5 mg as 10 mL below, none above\), got 20 mL"):
            LIQUID.volume_ml("10", policy=UNCAPPED)
        with pytest.raises(FormulationError, match=r"none below, 0\.005 mg as 0\.01 mL above"):
            LIQUID.volume_ml("0.001")
        with pytest.raises(FormulationError, match="got 10/3 mL"):
            OralLiquid.from_tablet(30, 100).volume_ml("1")
        assert LIQUID.volume_ml("10", [Syringe("20", "1")], policy=UNCAPPED) == Volume(20)

    @pytest.mark.rule("LDN-DOSE-MAX")
    @given(doses(Dose("0.001"), Dose(1000)))
    def test_liquid_doses_over_the_maximum_are_refused(self, dose: Dose) -> None:
        """LDN-DOSE-MAX: no liquid dose is made over the policy's daily maximum."""
        six = MONOGRAPH.derive(name="six", reason="test: a 6 mg trial", max_daily_dose="6")
        wide = [Syringe("1000", "0.001")]
        for policy in (MONOGRAPH, six):
            if dose <= policy.max_daily_dose:
                assert LIQUID.measure(dose, wide, policy=policy).dose == dose
                continue
            for make in (LIQUID.measure, LIQUID.volume_ml):
                with pytest.raises(PolicyViolationError) as raised:
                    make(dose, wide, policy=policy)
                assert raised.value.rule_id == "LDN-DOSE-MAX"
                assert f"at most {policy.max_daily_dose} under policy" in str(raised.value)
            for write in (LIQUID.label, LIQUID.instruction):
                with pytest.raises(PolicyViolationError, match=r"\[LDN-DOSE-MAX\]$"):
                    write(dose, policy=policy)

    def test_the_liquid_maximum_needs_a_policy(self) -> None:
        with pytest.raises(LdnTypeError, match="policy must be a Policy, got str"):
            LIQUID.measure("1", policy="monograph")  # type: ignore[arg-type]
        with pytest.raises(LdnTypeError, match="policy must be a Policy, got NoneType"):
            LIQUID.nearest_measurable("1", policy=None)  # type: ignore[arg-type]

    def test_nearest_measurable_doses(self) -> None:
        below, above = LIQUID.nearest_measurable("1.125")
        assert (below.dose, below.syringe) == (Dose("1.1"), Syringe("3", "0.1"))
        assert (above.dose, above.volume) == (Dose("1.15"), Volume("2.3"))
        exact = LIQUID.measure("4.5")
        assert LIQUID.nearest_measurable("4.5") == (exact, exact)
        # Whole micrograms only: at 5/7 mg/mL one 0.01 mL mark is 1/140 mg, so 7 marks
        # (0.07 mL, 0.05 mg) is the finest step that is a whole number of micrograms.
        sevenths = OralLiquid.from_tablet(50, 70)
        assert sevenths.nearest_measurable("0.04") == (None, sevenths.measure("0.05"))
        assert sevenths.nearest_measurable("0.06")[0] == sevenths.measure("0.05")
        # No measurable dose above the 1000 mg a Dose can hold: at 300 mg/mL the 5 and
        # 10 mL syringes step by 60 mg (960, then 1020 mg).
        strong = OralLiquid.from_tablet(300, 1)
        below, above = strong.nearest_measurable("999.5", policy=UNCAPPED)
        assert (below.dose, below.syringe, above) == (Dose(960), Syringe("5", "0.2"), None)
        assert strong.nearest_measurable("1000", policy=UNCAPPED)[0] == below
        # Nor above the policy's maximum: 4.5 mg is the last under the monograph.
        assert LIQUID.nearest_measurable("25")[0] == LIQUID.measure("4.5")
        assert LIQUID.nearest_measurable("4.6") == (LIQUID.measure("4.5"), None)

    @pytest.mark.parametrize(
        ("syringes", "error", "fragment"),
        [
            ("syringe", LdnTypeError, "syringes must be an iterable of Syringe, got str"),
            (None, LdnTypeError, "syringes must be an iterable of Syringe, got NoneType"),
            (
                [Syringe("1", "0.1"), "3 mL"],
                LdnTypeError,
                "item of syringes must be a Syringe, got str '3 mL'",
            ),
            ((), FormulationError, "syringes must be at least one syringe, got none"),
        ],
    )
    def test_bad_syringe_lists(self, syringes: object, error: type, fragment: str) -> None:
        for call in (LIQUID.measure, LIQUID.nearest_measurable):
            with pytest.raises(error) as raised:
                call("1", syringes)  # type: ignore[arg-type]
            assert fragment in str(raised.value)

    def test_a_generator_of_syringes(self) -> None:
        assert LIQUID.measure("1", (s for s in ORAL_SYRINGES)).syringe == Syringe("3", "0.1")

    def test_instruction_text_in_millilitres(self) -> None:
        assert LIQUID.instruction("4.5") == "9 mL (4.5 mg) at bedtime"
        plan = titrate(start="0.5", step="1", interval_days=7, target="4.5")
        assert plan.instruction_text(LIQUID.label).startswith(
            "Take 1 mL (0.5 mg) at bedtime for 7 days, then 3 mL (1.5 mg) at bedtime"
        )
        assert plan.instruction_text(LIQUID.label).endswith("then 9 mL (4.5 mg) at bedtime.")

    @pytest.mark.rule("LDN-LIQUID")
    def test_handling_instructions(self) -> None:
        """LDN-LIQUID and LDN-LIQUID-BUD: the fridge, foil, shaking, the syringe, the
        discard date, children, the taste."""
        assert [h.code for h in LIQUID.handling] == [
            "refrigerate",
            "protect-from-light",
            "shake",
            "oral-syringe",
            "discard",
            "fresh-bottle",
            "children",
            "taste",
        ]
        assert LIQUID.handling is HANDLING
        assert liquid_handling(MONOGRAPH) == HANDLING
        assert {h.code for h in HANDLING if h.rule_id == "LDN-LIQUID-BUD"} == {
            "discard",
            "fresh-bottle",
        }
        assert "14 days after you made it" in HANDLING[4].text
        week = MONOGRAPH.derive(name="week", reason="test: a shorter life", liquid_bud_days=7)
        assert "7 days after you made it" in liquid_handling(week)[4].text
        assert "every 7 days" in liquid_handling(week)[5].text
        with pytest.raises(LdnTypeError, match="policy must be a Policy"):
            liquid_handling("monograph")  # type: ignore[arg-type]

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
        assert days <= 14
        assert days * dose.mg <= 50
        assert days == 14 or (days + 1) * dose.mg > 50

    @given(monograph_plans(), st.integers(0, 120))
    def test_bottles_never_fall_short(self, plan: TitrationPlan, days: int) -> None:
        bottles = LIQUID.bottles_for(plan, 0, days)
        total = plan.total_mg(0, days)
        assert bottles >= math.ceil(total / 50)
        assert bottles >= math.ceil((days + 1) / 14)  # no bottle serves past 14 nights
        # a bottle is given up only at 14 nights or when the next dose no longer fits
        assert bottles <= math.ceil(total / (50 - plan.target.mg)) + math.ceil((days + 1) / 14)

    @given(monograph_plans(), st.integers(0, 60))
    def test_a_bottle_lasts_until_the_next_dose_no_longer_fits(
        self, plan: TitrationPlan, opened: int
    ) -> None:
        nights = LIQUID.bottle_lasts(plan, opened)
        used = plan.total_mg(opened, opened + nights - 1) if nights else Decimal(0)
        assert nights <= 14
        assert used <= 50
        assert nights == 14 or used + plan.dose_on(opened + nights).mg > 50
        assert LIQUID.bottles_for(plan, opened, opened + nights - 1) == 1 or nights == 0

    @given(half_mg_doses())
    def test_a_bottle_at_one_dose_lasts_days_supply(self, dose: Dose) -> None:
        flat = MONOGRAPH.derive(name="flat", reason="test: start at any dose", start_max="4.5")
        plan = titrate(start=dose, step="0.5", interval_days=7, target=dose, policy=flat)
        assert plan.steps == (Step(dose, 0, None),)
        assert LIQUID.bottle_lasts(plan, 0) == LIQUID.days_supply(dose)

    def test_bottles_for_the_design_plan(self) -> None:
        plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
        assert LIQUID.bottles_for(plan, 0, 27) == 2  # 63 mg, and 14 nights a bottle
        assert LIQUID.days_supply("4.5") == 11

    @pytest.mark.rule("LDN-LIQUID-BUD")
    def test_the_issue_example(self) -> None:
        """Issue 21: days 0-55 of a 0.5 mg weekly titration take 5 tablets, not 3."""
        plan = titrate(start="0.5", step="0.5", interval_days=7, target="4.5")
        assert LIQUID.bottles_for(plan, 0, 55) == 5
        assert [(b.made, b.nights) for b in LIQUID.bottles(plan, 0, 55)] == [
            (0, 14),
            (14, 14),
            (28, 14),
            (42, 13),
            (55, 1),
        ]
        assert LIQUID.bottle_lasts(plan, 0) == 14  # 50 mg would last 34 nights
        flat = titrate(start="0.5", step="0.5", interval_days=7, target="0.5")
        assert LIQUID.bottle_lasts(flat, 0) == LIQUID.days_supply("0.5") == 14

    @pytest.mark.rule("LDN-LIQUID-BUD")
    def test_half_tablets_where_they_save_waste(self) -> None:
        plan = titrate(start="0.5", step="0.5", interval_days=7, target="4.5")
        bottles = LIQUID.bottles(plan, 0, 55, half_tablets=True)
        assert [b.half for b in bottles] == [True, True, False, False, True]
        assert LIQUID.bottle_counts(plan, 0, 55, half_tablets=True) == (2, 3)
        assert LIQUID.tablets_for(plan, 0, 55, half_tablets=True) == 4
        assert LIQUID.tablets_for(plan, 0, 55) == 5
        assert str(bottles[0]) == "nights 0-13: half a tablet"
        assert str(bottles[2]) == "nights 28-41: one tablet"
        assert LIQUID.half == OralLiquid.from_tablet(25, 50)
        assert LIQUID.half.concentration == LIQUID.concentration
        odd = OralLiquid.from_tablet("0.001", 1)  # one microgram does not halve
        assert not odd.halves
        tiny = MONOGRAPH.derive(name="tiny", reason="test: micrograms", start_min="0.001")
        micro = titrate(start="0.001", step="1", interval_days=7, target="0.001", policy=tiny)
        assert not any(b.half for b in odd.bottles(micro, 0, 20, half_tablets=True))
        with pytest.raises(LdnTypeError, match="half_tablets must be a bool"):
            LIQUID.bottles(plan, 0, 5, half_tablets=1)  # type: ignore[arg-type]
        with pytest.raises(LdnTypeError, match="half_tablets must be a bool"):
            LIQUID.bottle_counts(plan, 0, 5, half_tablets="yes")  # type: ignore[arg-type]

    def test_bottle_values(self) -> None:
        assert Bottle(3, 14).last_night == 16
        for bad, error in (
            ({"made": -1, "nights": 1}, FormulationError),
            ({"made": 0, "nights": 0}, FormulationError),
            ({"made": True, "nights": 1}, LdnTypeError),
            ({"made": 0, "nights": 1, "half": 1}, LdnTypeError),
        ):
            with pytest.raises(error):
                Bottle(**bad)  # type: ignore[arg-type]

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


class TestWaterVolumes:
    @pytest.mark.rule("LDN-LIQUID")
    @given(
        st.lists(doses(Dose("0.25"), Dose("4.5")), min_size=1, max_size=4),
        st.sampled_from(["50", "25", "10"]),
        st.integers(1, 300),
    )
    def test_every_volume_found_measures_every_dose(
        self, wanted: list[Dose], tablet: str, smallest: int
    ) -> None:
        """LDN-LIQUID: a volume is listed exactly when every dose is measurable at it."""
        found = water_volumes_for(
            wanted, tablet_mg=tablet, smallest=smallest, largest=smallest + 20
        )
        for water in range(smallest, smallest + 21):
            liquid = OralLiquid.from_tablet(tablet, water)
            measurable = True
            for dose in wanted:
                try:
                    measured = liquid.measure(dose)
                except FormulationError:
                    measurable = False
                else:
                    assert measured.volume * liquid.concentration == dose
            assert (Volume(water) in found) == measurable

    def test_a_plan_and_fine_steps(self) -> None:
        plan = titrate(start="0.75", step="0.75", interval_days=7, target="4.5")
        assert water_volumes_for(plan, smallest=50, largest=120) == (Volume(80),)
        assert water_volumes_for(plan, smallest=79, largest=81, step="0.5") == (Volume(80),)
        assert water_volumes_for(
            ["1"], [Syringe("1", "0.01")], smallest="0.5", largest=2, step="0.5"
        ) == (Volume("0.5"), Volume(1), Volume("1.5"), Volume(2))
        clinic = MONOGRAPH.derive(name="25 mg tablets", reason="test", liquid_tablet="25")
        assert water_volumes_for(["0.5"], smallest=50, largest=50, policy=clinic) == (Volume(50),)

    @pytest.mark.parametrize(
        ("args", "kwargs", "error", "fragment"),
        [
            (
                ("1",),
                {},
                LdnTypeError,
                "doses must be a TitrationPlan or an iterable of doses, got str",
            ),
            ((None,), {}, LdnTypeError, "got NoneType"),
            (([],), {}, FormulationError, "doses must be at least one dose, got none [LDN-LIQUID]"),
            ((["x"],), {}, InvalidDoseError, "dose in mg"),
            ((["1"], []), {}, FormulationError, "syringes must be at least one syringe"),
            (
                (["1"],),
                {"smallest": 5, "largest": 4},
                FormulationError,
                "largest water volume must be at least 5 mL, got 4 mL",
            ),
            (
                (["1"],),
                {"step": "0.001", "largest": 1000},
                FormulationError,
                "water volumes to try must be at most 100000, got 999001 (from 1 mL to 1000 mL by 0.001 mL)",
            ),
            ((["1"],), {"step": 0}, InvalidDoseError, "step in mL must be greater than 0 mL"),
        ],
    )
    def test_bad_arguments(
        self, args: tuple[object, ...], kwargs: dict[str, object], error: type, fragment: str
    ) -> None:
        with pytest.raises(error) as raised:
            water_volumes_for(*args, **kwargs)  # type: ignore[arg-type]
        assert fragment in str(raised.value)


class TestSupplyReport:
    @pytest.mark.rule("LDN-SUPPLY")
    def test_the_monograph_supply_note(self) -> None:
        """LDN-SUPPLY: the sources beside the cost, dated, with the caveat."""
        assert [(s.name, s.place) for s in REPORTED_SUPPLY.suppliers] == [
            ("Compound Labs", "Auckland"),
            ("Optimus", "Auckland"),
        ]
        assert REPORTED_SUPPLY.cost is REPORTED_CAPSULE_COST
        assert REPORTED_SUPPLY.rule_id is RuleId.SUPPLY
        text = str(REPORTED_SUPPLY)
        assert "recorded in ldn on 2026-11-25" in text
        assert "not a price" in text
        assert text.endswith("[LDN-SUPPLY]")

    @pytest.mark.parametrize(
        ("call", "fragment"),
        [
            (lambda: ReportedSupplier("", "Auckland"), "name must be a non-empty str, got str ''"),
            (lambda: ReportedSupplier("X", None), "place must be a non-empty str, got None"),
            (
                lambda: SupplyReport(["X"], REPORTED_CAPSULE_COST, "c"),
                "suppliers must be a tuple or list of ReportedSupplier",
            ),
            (
                lambda: SupplyReport((), REPORTED_CAPSULE_COST, " "),
                "caveat must be a non-empty str",
            ),
            (lambda: SupplyReport((), "NZ$90", "c"), "cost must be a ReportedCost, got str"),
            (
                lambda: SupplyReport((), REPORTED_CAPSULE_COST, "c", "LDN-SUPPLY"),
                "rule_id must be RuleId.SUPPLY, got str 'LDN-SUPPLY'",
            ),
        ],
    )
    def test_values_validate(self, call: Callable[[], object], fragment: str) -> None:
        with pytest.raises(LdnTypeError) as raised:
            call()
        assert fragment in str(raised.value)


class TestWaterVolumeEdges:
    def test_the_default_range_and_steps(self) -> None:
        found = water_volumes_for(["50"], [Syringe("500", "1")])
        assert found[0] == Volume(1)
        assert found[-1] == Volume(500)  # the default largest volume is included
        assert len(found) == 500
        assert water_volumes_for(["50"], [Syringe("500", "1")], step=2)[:2] == (
            Volume(1),
            Volume(3),
        )

    def test_a_volume_exactly_at_capacity_is_measurable(self) -> None:
        # 50 mg in 10 mL: 5 mg is 1 mL, exactly the capacity of a 1 mL syringe.
        assert water_volumes_for(["5"], [Syringe("1", "0.01")], smallest=10, largest=11) == (
            Volume(10),
        )

    @pytest.mark.slow
    def test_the_candidate_limit_is_inclusive(self) -> None:
        from ldn.formulation import MAX_WATER_CANDIDATES

        assert MAX_WATER_CANDIDATES == 100_000
        assert (
            len(
                water_volumes_for(
                    ["50"], [Syringe("10000", "0.001")], smallest="0.001", largest=100, step="0.001"
                )
            )
            == 100_000
        )
        with pytest.raises(FormulationError, match="got 100001"):
            water_volumes_for(["50"], smallest="0.001", largest="100.001", step="0.001")
