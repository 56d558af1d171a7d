"""No result depends on the caller's decimal context (issue 13, item 1).

A host may lower the precision, pick another rounding mode or trap signals such as
Inexact and Rounded (common in money code). Every Decimal operation in ldn runs in
one exact context (``ldn._exact.EXACT``), so each call gives the same value, or the
same LdnError, as under the default context.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from decimal import Context, Decimal, localcontext
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn import (
    Concentration,
    Dose,
    LdnError,
    OralLiquid,
    Regimen,
    TitrationPlan,
    Volume,
    advise_formulation,
    titrate,
    water_volumes_for,
)
from ldn._exact import EXACT
from ldn.chart import chart_html, chart_text, plan_svg
from ldn.fhir import medication_request
from ldn.formulation import ReportedCost
from ldn.schedule import MAX_PLAN_DAY
from ldn.strategies import doses, plans

ROUNDINGS = (
    decimal.ROUND_05UP,
    decimal.ROUND_CEILING,
    decimal.ROUND_DOWN,
    decimal.ROUND_FLOOR,
    decimal.ROUND_HALF_DOWN,
    decimal.ROUND_HALF_EVEN,
    decimal.ROUND_HALF_UP,
    decimal.ROUND_UP,
)
SIGNALS = (
    decimal.Clamped,
    decimal.DivisionByZero,
    decimal.FloatOperation,
    decimal.Inexact,
    decimal.InvalidOperation,
    decimal.Overflow,
    decimal.Rounded,
    decimal.Subnormal,
    decimal.Underflow,
)


@st.composite
def ambient_contexts(draw: st.DrawFn) -> Context:
    """Any context a host might set: low precision, any rounding, any traps, a small exponent range."""
    prec = draw(st.integers(1, 50))
    emax = draw(st.integers(1, 999_999))
    return Context(
        prec=prec,
        rounding=draw(st.sampled_from(ROUNDINGS)),
        Emax=emax,
        Emin=-emax,
        capitals=draw(st.integers(0, 1)),
        clamp=draw(st.integers(0, 1)),
        flags=[],
        traps=draw(st.lists(st.sampled_from(SIGNALS), unique=True)),
    )


def outcome(call: Callable[[], object]) -> tuple[str, str]:
    """What a call gives: its value's repr, or its LdnError (any other exception escapes)."""
    try:
        return ("value", repr(call()))
    except LdnError as error:
        return (type(error).__name__, str(error))


def same_everywhere(ambient: Context, call: Callable[[], object]) -> tuple[str, str]:
    """The outcome under ``ambient``, asserted equal to the outcome under the default context."""
    with localcontext(Context()):
        expected = outcome(call)
    with localcontext(ambient):
        got = outcome(call)
    assert got == expected
    return got


AMOUNTS = st.one_of(
    st.decimals(min_value=0, max_value=2000, places=4, allow_nan=False),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.fractions(min_value=0, max_value=2000, max_denominator=10**4),
    st.integers(-5, 20_000),
    st.from_regex(r"[0-9]{1,5}(\.[0-9]{1,5})?", fullmatch=True),
    st.sampled_from(["4.5", "0.001", "1000", "999.9995", "4.50000000000000000000000000001"]),
)
EXACT_FRACTIONS = st.builds(
    lambda n, twos, fives: Fraction(n, 2**twos * 5**fives),
    st.integers(1, 10**40),
    st.integers(0, 40),
    st.integers(0, 40),
)


class TestQuantities:
    @given(ambient_contexts(), AMOUNTS | EXACT_FRACTIONS)
    def test_dose_and_volume(self, ambient: Context, amount: object) -> None:
        same_everywhere(ambient, lambda: Dose(amount))
        same_everywhere(ambient, lambda: Volume(amount))
        text = f"{amount} mg"  # formatted here, in the default context
        same_everywhere(ambient, lambda: Dose.parse(text))

    @given(ambient_contexts(), doses(), doses(), st.integers(1, 1_000_000))
    def test_dose_arithmetic(self, ambient: Context, a: Dose, b: Dose, k: int) -> None:
        same_everywhere(ambient, lambda: a + b)
        same_everywhere(ambient, lambda: a - b)
        same_everywhere(ambient, lambda: a * k)
        same_everywhere(ambient, lambda: (str(a), format(b, ">12"), a < b, a == b))

    def test_a_long_decimal_under_a_short_precision(self) -> None:
        with localcontext(Context(prec=2, traps=[decimal.Inexact, decimal.Rounded])):
            assert Dose("4.5") + Dose("0.001") == Dose("4.501")
            assert Dose("999.999").mg == Decimal("999.999")
            assert Dose("0.001") * 1000 == Dose(1)


class TestPlans:
    @given(ambient_contexts(), plans(), st.integers(0, 400), st.integers(0, MAX_PLAN_DAY - 400))
    def test_plan_queries(self, ambient: Context, plan: TitrationPlan, day: int, span: int) -> None:
        same_everywhere(
            ambient,
            lambda: titrate(
                start=plan.steps[0].dose,
                step=plan.step,
                interval_days=plan.interval_days,
                target=plan.target,
                start_date=plan.start_date,
                policy=plan.policy,
            ),
        )
        same_everywhere(ambient, lambda: plan.total_mg(day, day + span))
        same_everywhere(ambient, lambda: (plan.review_window, plan.instruction_text()))
        same_everywhere(ambient, lambda: plan.to_records())

    def test_total_over_a_long_span_is_exact(self) -> None:
        plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
        with localcontext(Context(prec=3)):
            # 14 nights of 1.5 mg, 14 of 3 mg, then 4.5 mg on days 28 to 3,652,058
            assert plan.total_mg(0, MAX_PLAN_DAY) == Decimal("16434202.5")


class TestFormulations:
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


class TestPeopleFeatures:
    """Main's later numeric APIs: water volumes, advice, regimen supply, charts."""

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

    @given(ambient_contexts(), plans(), st.integers(0, 120), st.booleans())
    def test_charts(
        self, ambient: Context, plan: TitrationPlan, through: int, liquid: bool
    ) -> None:
        start = dt.date(2026, 3, 2)

        def schedule() -> TitrationPlan | Regimen:
            dated = attrs.evolve(plan, start_date=start)
            return Regimen(dated, liquid=OralLiquid.from_tablet()) if liquid else dated

        same_everywhere(ambient, lambda: chart_text(schedule(), through=through))
        same_everywhere(ambient, lambda: chart_html(schedule()))
        same_everywhere(ambient, lambda: plan_svg(plan))


class TestExport:
    @given(ambient_contexts(), plans(), st.sampled_from(["R4", "R5"]), st.booleans())
    def test_fhir(self, ambient: Context, plan: TitrationPlan, version: str, liquid: bool) -> None:
        formulation = OralLiquid.from_tablet() if liquid else "ginger"
        same_everywhere(
            ambient,
            lambda: medication_request(
                plan,
                subject="Patient/1",
                formulation=formulation,
                version=version,  # type: ignore[arg-type]
            ),
        )


def test_the_exact_context_holds_any_result() -> None:
    assert EXACT.prec == decimal.MAX_PREC
    assert EXACT.Emax == decimal.MAX_EMAX
    assert EXACT.Emin == decimal.MIN_EMIN
    assert not any(EXACT.traps[signal] for signal in (decimal.Inexact, decimal.Rounded))


@pytest.mark.parametrize("traps", [[], list(SIGNALS)])
def test_the_exact_context_is_not_the_ambient_one(traps: list[type[Exception]]) -> None:
    with localcontext(Context(prec=1, traps=traps)) as ambient:
        Dose("4.567") + Dose("995.433")
        assert not any(ambient.flags.values())


@given(plans(), doses(), st.sampled_from(["4.000", "4.500", "0.001", "1000", "4.5001", "1E+2"]))
def test_the_exact_context_raises_no_signal(plan: TitrationPlan, dose: Dose, text: str) -> None:
    """The hot paths pass EXACT to each operation; choosing operations that raise no
    signal keeps its flags clear, so it is never a global that changes."""
    EXACT.clear_flags()
    outcome(lambda: Dose(Decimal(text)))
    outcome(lambda: (dose + plan.maintenance_dose, dose * 3, plan.target - dose))
    outcome(
        lambda: medication_request(plan, subject="Patient/1", formulation=OralLiquid.from_tablet())
    )
    assert not any(EXACT.flags.values()), EXACT.flags
