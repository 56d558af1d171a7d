"""Boundaries and defaults: each test pins one edge that a plausible slip would move."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import find, given
from hypothesis import strategies as st

from ldn import (
    MONOGRAPH,
    Dose,
    Filler,
    InvalidDoseError,
    Patient,
    ScheduleError,
    TitrationPlan,
    Volume,
    capsules_for,
    screen,
    titrate,
)
from ldn._exact import canonical, format_decimal, fraction_to_decimal
from ldn.dose import as_volume
from ldn.fhir import detected_issue, detected_issues
from ldn.formulation import OralLiquid, ReportedCost
from ldn.schedule import MAX_STEPS
from ldn.strategies import doses, half_mg_doses


class TestExactDecimals:
    @given(st.integers(-(10**40), 10**40), st.integers(0, 60), st.integers(0, 60))
    def test_terminating_fractions_convert_exactly_and_minimally(
        self, n: int, twos: int, fives: int
    ) -> None:
        value = Fraction(n, 2**twos * 5**fives)
        converted = fraction_to_decimal(value)
        assert converted is not None
        assert Fraction(converted) == value
        assert converted.as_tuple().exponent == -_places(value.denominator)

    @given(st.integers(1, 10**6), st.sampled_from([3, 7, 11, 13, 2**61 - 1]), st.integers(0, 5))
    def test_other_denominators_have_no_decimal(self, n: int, prime: int, twos: int) -> None:
        value = Fraction(n * 2**twos, prime)
        if value.denominator != 1:
            assert fraction_to_decimal(value) is None

    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (Fraction(1, 2), "0.5"),
            (Fraction(1, 8), "0.125"),
            (Fraction(3, 5**30), "0.000000000000000000003221225472"),
            (Fraction(10**30 + 1, 2), "500000000000000000000000000000.5"),
            (Fraction(7, 1), "7"),
        ],
    )
    def test_examples(self, value: Fraction, text: str) -> None:
        converted = fraction_to_decimal(value)
        assert converted == Decimal(text)
        assert format_decimal(converted) == text

    @pytest.mark.parametrize(
        ("number", "text"),
        [
            ("1E-7", "0.0000001"),
            ("1.50", "1.5"),
            ("1E+3", "1000"),
            ("0.001", "0.001"),
            ("12.0", "12"),
        ],
    )
    def test_format_never_uses_exponents(self, number: str, text: str) -> None:
        assert format_decimal(Decimal(number)) == text

    def test_canonical_beyond_the_default_precision(self) -> None:
        long = Decimal("123456789012345678901234567890.000")
        assert str(canonical(long)) == "123456789012345678901234567890"
        assert str(canonical(Decimal("1234567890123456789012345678901.50"))) == (
            "1234567890123456789012345678901.5"
        )

    @given(st.decimals(allow_nan=False, allow_infinity=False))
    def test_canonical_keeps_the_value_and_drops_trailing_zeros(self, number: Decimal) -> None:
        result = canonical(number)
        assert result == number
        _, digits, exponent = result.as_tuple()
        assert isinstance(exponent, int)
        assert exponent <= 0
        assert exponent == 0 or digits[-1] != 0


def _places(denominator: int) -> int:
    """The fewest decimal places that write 1/denominator exactly (an independent oracle)."""
    places = 0
    while Fraction(10**places, denominator).denominator != 1:
        places += 1
    return places


class TestBoundaries:
    def test_largest_factor(self) -> None:
        assert Dose("0.001") * 1_000_000 == Dose(1000)

    def test_review_day_366_is_allowed(self) -> None:
        assert MONOGRAPH.derive(name="x", reason="r", review_to_day=366).review_to_day == 366

    def test_typical_figures_may_coincide(self) -> None:
        policy = MONOGRAPH.derive(name="x", reason="r", typical_low="4.5", typical_high="4.5")
        assert policy.is_typical("4.5")
        assert not policy.is_typical("4.499")

    def test_typical_range_is_inclusive(self) -> None:
        assert MONOGRAPH.is_typical("1")
        assert MONOGRAPH.is_typical("5")
        assert not MONOGRAPH.is_typical("0.999")
        assert not MONOGRAPH.is_typical("5.001")

    def test_plan_of_exactly_max_steps(self) -> None:
        plan = titrate(start="0.5", step="0.001", interval_days=7, target="1.499")
        assert len(plan.steps) == MAX_STEPS
        with pytest.raises(ScheduleError, match=rf"at most {MAX_STEPS}, got 1001 "):
            titrate(start="0.5", step="0.001", interval_days=7, target="1.5")

    def test_one_day_is_singular(self) -> None:
        plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5").step_back(29)
        assert plan.instruction_text() == (
            "Take 1.5 mg at bedtime for 14 days, then 3 mg at bedtime for 14 days, "
            "then 4.5 mg at bedtime for 1 day, then 3 mg at bedtime."
        )

    @pytest.mark.parametrize("day", [13, 27])
    def test_step_back_and_hold_on_the_last_day_of_a_step(self, day: int) -> None:
        plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
        if day == 27:
            backed = plan.step_back(day)
            assert backed.dose_on(day) == Dose("1.5")
            assert backed.dose_on(day - 1) == Dose(3)
        held = plan.hold(day)
        assert held.dose_on(day + 1) == plan.dose_on(day)
        assert held.steps[-1].first_day <= day


class TestSupply:
    def test_a_bottle_used_to_the_last_dose(self) -> None:
        plan = titrate(start="1", step="1", interval_days=7, target="1")
        liquid = OralLiquid.from_tablet()
        assert liquid.bottles_for(plan, 0, 49) == 1  # 50 nights of 1 mg empty one 50 mg bottle
        assert liquid.bottles_for(plan, 0, 50) == 2

    def test_a_dose_equal_to_the_tablet(self) -> None:
        plan = titrate(start="1", step="1", interval_days=7, target="1")
        assert OralLiquid.from_tablet(1, 2).bottles_for(plan, 0, 2) == 3

    def test_days_supply_rounds_down(self) -> None:
        assert OralLiquid.from_tablet().days_supply("0.003") == 16_666

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


class TestDefaultsAndOrder:
    def test_as_volume_default_name(self) -> None:
        with pytest.raises(InvalidDoseError, match=r"^volume in mL must be"):
            as_volume("0")

    def test_cds_and_fhir_defaults(self) -> None:
        report = screen(Patient(medications=["tramadol"], opioid_use=False))
        assert report.findings[0].to_cds_card()["source"] == {"label": "ldn"}
        assert report.to_cds_cards()[0]["source"] == {"label": "ldn"}
        day = dt.date(2026, 3, 1)
        issue = detected_issue(report.findings[0], subject="Patient/1", identified=day)
        assert issue["status"] == "final"
        assert issue["subject"] == {"reference": "Patient/1"}
        assert issue["detail"].endswith(" (trigger: tramadol)")
        assert (
            detected_issues(report, subject="Patient/1", identified=day, include_info=True)[-1][
                "detail"
            ]
            == report.findings[-1].message
        )
        # Counselling (info) findings are left out by default.
        assert [
            i["code"]["coding"][0]["code"]
            for i in detected_issues(report, subject="Patient/1", identified=day)
        ] == ["opioid-use"]

    def test_findings_with_one_code_are_ordered_by_trigger(self) -> None:
        report = screen(Patient(medications=["tramadol 50 mg", "codeine 30 mg"], opioid_use=False))
        assert [f.trigger for f in report.blocking] == ["codeine 30 mg", "tramadol 50 mg"]

    def test_blocked_report_caption(self) -> None:
        markup = screen(Patient(opioid_use=None))._repr_html_()
        assert markup.startswith(
            "<table><caption>Screening under policy &#x27;monograph&#x27;: must not start</caption>"
        )

    def test_plan_records_name_every_column(self) -> None:
        plan: TitrationPlan = titrate(start="1", step="1", interval_days=7, target="2")
        assert list(plan.to_records()[0]) == [
            "step",
            "dose",
            "dose_mg",
            "first_day",
            "last_day",
            "days",
            "first_date",
            "last_date",
            "instruction",
        ]
        assert plan.to_records()[0]["instruction"] == "1 mg at bedtime for 7 days"


class TestStrategies:
    def test_bounds_are_reachable(self) -> None:
        assert find(doses(Dose("0.5"), Dose(1)), lambda d: True) == Dose("0.5")
        assert find(half_mg_doses(), lambda d: True) == Dose("0.5")
        assert find(doses(Dose("0.5"), Dose(1)), lambda d: d >= Dose(1)) == Dose(1)
        assert find(doses(Dose(1), Dose(2)), lambda d: True) == Dose(1)
