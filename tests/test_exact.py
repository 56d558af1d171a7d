"""ldn._exact: exact decimals, bounds, and the one exact context every operation runs in."""

from __future__ import annotations

import decimal
from decimal import Context, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn import Dose, InvalidDoseError, LdnTypeError, OralLiquid, TitrationPlan, Volume
from ldn._exact import EXACT, Bounds, canonical, exact_decimal, format_decimal, fraction_to_decimal
from ldn.fhir import medication_request
from ldn.strategies import doses, plans
from tests.support.contexts import SIGNALS, outcome


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


class TestBounds:
    def test_bounds_check_their_fields(self) -> None:
        assert Bounds("x", "mg", Decimal(10), Decimal("0.01")).maximum == 10
        for args, error in [
            (("", "mg", Decimal(1), Decimal(1)), LdnTypeError),
            (("x" * 41, "mg", Decimal(1), Decimal(1)), LdnTypeError),
            (("x", "mg", 1, Decimal(1)), LdnTypeError),
            (("x", "mg", Decimal(0), Decimal(1)), InvalidDoseError),
            (("x", "mg", Decimal("NaN"), Decimal(1)), InvalidDoseError),
            (("x", "mg", Decimal(1), Decimal("0.02")), InvalidDoseError),
            (("x", "mg", Decimal(1), Decimal(10)), InvalidDoseError),
            (("x", "mg", Decimal("1.5"), Decimal(1)), InvalidDoseError),
        ]:
            with pytest.raises(error):
                Bounds(*args)


class TestBoundaries:
    """Each limit holds exactly at its value and refuses just past it."""

    def test_bounds_words(self) -> None:
        assert Bounds("w" * 40, "mg", Decimal(1), Decimal(1)).what == "w" * 40
        assert Dose(Fraction(1000)) == Dose(1000)
        assert Volume(Fraction(10_000)) == Volume(10_000)
        assert Dose(Fraction(1, 1000)) == Dose("0.001")

    def test_bounds_use_their_own_limit(self) -> None:
        tenths = Bounds("x", "mg", Decimal(2), Decimal("0.1"))
        assert exact_decimal(Fraction(3, 2), tenths) == Decimal("1.5")
        assert exact_decimal(2, tenths) == Decimal(2)
        with pytest.raises(InvalidDoseError, match=r"at most 2 mg, in steps of 0\.1 mg, got 3$"):
            exact_decimal(3, tenths)
        with pytest.raises(InvalidDoseError, match=r"got 21/10$"):
            exact_decimal(Fraction(21, 10), tenths)


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
