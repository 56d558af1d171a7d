"""Dose and Volume: exact, immutable, ordered values with ISMP notation."""

from __future__ import annotations

import decimal
import pickle
import re
from decimal import Context, Decimal, localcontext
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn import Dose, InvalidDoseError, LdnError, LdnTypeError, Volume
from ldn.dose import as_dose, as_volume
from ldn.strategies import doses
from tests.support.contexts import AMOUNTS, EXACT_FRACTIONS, ambient_contexts, same_everywhere
from tests.support.hostile import fails_well

ISMP_NUMBER = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]*[1-9])?")


class TestConstruction:
    @pytest.mark.parametrize(
        ("given", "mg"),
        [
            (1, Decimal(1)),
            ("4.5", Decimal("4.5")),
            (" 0.5 ", Decimal("0.5")),
            ("1.50", Decimal("1.5")),
            ("0004.5", Decimal("4.5")),
            (Decimal("4.500"), Decimal("4.5")),
            (Decimal("1E+1"), Decimal(10)),
            (Fraction(9, 2), Decimal("4.5")),
            (Fraction(1, 8), Decimal("0.125")),
            (Dose("3"), Decimal(3)),
            ("0.001", Decimal("0.001")),
            (1000, Decimal(1000)),
        ],
    )
    def test_accepted(self, given: object, mg: Decimal) -> None:
        assert Dose(given).mg == mg  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("given", "error"),
        [
            (0.5, LdnTypeError),
            (4.5, LdnTypeError),
            (True, LdnTypeError),
            (False, LdnTypeError),
            (None, LdnTypeError),
            ([4.5], LdnTypeError),
            (b"4.5", LdnTypeError),
            (complex(1, 0), LdnTypeError),
            (Volume("1"), LdnTypeError),
            (0, InvalidDoseError),
            (-1, InvalidDoseError),
            ("0", InvalidDoseError),
            ("0.0", InvalidDoseError),
            ("-0.5", InvalidDoseError),
            ("+0.5", InvalidDoseError),
            (".5", InvalidDoseError),
            ("5.", InvalidDoseError),
            ("4,5", InvalidDoseError),
            ("1e3", InvalidDoseError),
            ("4.5 mg", InvalidDoseError),
            ("", InvalidDoseError),
            ("   ", InvalidDoseError),
            ("nan", InvalidDoseError),
            ("inf", InvalidDoseError),
            ("٤", InvalidDoseError),
            ("0x10", InvalidDoseError),
            ("1_000", InvalidDoseError),
            ("0.0001", InvalidDoseError),
            ("1000.001", InvalidDoseError),
            (1001, InvalidDoseError),
            (10**400, InvalidDoseError),
            (Decimal("NaN"), InvalidDoseError),
            (Decimal("sNaN"), InvalidDoseError),
            (Decimal("Infinity"), InvalidDoseError),
            (Decimal("-Infinity"), InvalidDoseError),
            (Decimal("-0"), InvalidDoseError),
            (Decimal("1E+999999"), InvalidDoseError),
            (Decimal("1E-999999"), InvalidDoseError),
            (Fraction(1, 3), InvalidDoseError),
            (Fraction(-1, 2), InvalidDoseError),
        ],
    )
    def test_refused(self, given: object, error: type[LdnError]) -> None:
        with pytest.raises(error) as raised:
            Dose(given)  # type: ignore[arg-type]
        assert isinstance(raised.value, LdnError)
        assert "dose in mg must be" in str(raised.value)

    def test_float_message_says_what_to_do(self) -> None:
        with pytest.raises(TypeError, match=r"pass floats as str or Decimal"):
            Dose(0.5)  # type: ignore[arg-type]

    def test_immutable(self) -> None:
        dose = Dose("1")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            dose.mg = Decimal(2)  # type: ignore[misc]

    def test_repr_round_trips(self) -> None:
        assert repr(Dose("4.50")) == "Dose('4.5')"
        assert eval(repr(Dose("0.125"))) == Dose("0.125")

    def test_named_conversion_names_the_argument(self) -> None:
        with pytest.raises(InvalidDoseError, match=r"^start in mg must be"):
            as_dose("0", "start")
        with pytest.raises(InvalidDoseError, match=r"^water_ml in mL must be"):
            as_volume("-1", "water_ml")
        assert as_dose(Dose(1)) == Dose(1)
        assert as_volume("2") == Volume(2)


class TestNotation:
    @pytest.mark.parametrize(
        ("given", "text"),
        [
            ("1", "1 mg"),
            ("1.0", "1 mg"),
            ("0.5", "0.5 mg"),
            ("0.50", "0.5 mg"),
            ("4.5", "4.5 mg"),
            ("10", "10 mg"),
            ("100", "100 mg"),
            ("0.125", "0.125 mg"),
            (Decimal("1E+2"), "100 mg"),
        ],
    )
    def test_str(self, given: str, text: str) -> None:
        assert str(Dose(given)) == text

    @given(doses())
    def test_str_is_ismp_clean(self, dose: Dose) -> None:
        """No trailing zero, always a leading zero, a space, then "mg" with no period."""
        number, unit = str(dose).split(" ")
        assert unit == "mg"
        assert ISMP_NUMBER.fullmatch(number), number

    def test_format_pads_the_text(self) -> None:
        assert f"{Dose('4.5'):>8}|{Dose('0.5')}|{Volume('9'):<6}|" == "  4.5 mg|0.5 mg|9 mL  |"

    @pytest.mark.parametrize(
        "spec", [".2f", ".1", "f", "=8", "+", ",", "08.3", ">1000", "x>5d", "%"]
    )
    def test_format_refuses_numbers_and_cuts(self, spec: str) -> None:
        """A precision would cut "4.5 mg" to "4"; a number format would round or add a zero."""
        for value in (Dose("4.5"), Volume("9")):
            with pytest.raises(InvalidDoseError, match=r"^format spec of a (dose|volume) must be"):
                format(value, spec)

    @pytest.mark.parametrize("spec", ["", ">8", "*^11", "<999", "s", "\n>4s"])
    def test_format_pads_with_any_fill(self, spec: str) -> None:
        assert format(Dose("4.5"), spec) == format("4.5 mg", spec)
        assert format(Volume("9"), spec) == format("9 mL", spec)

    def test_format_spec_must_be_a_str(self) -> None:
        with pytest.raises(InvalidDoseError, match="got int 2"):
            Dose(1).__format__(2)  # type: ignore[arg-type]

    @given(doses())
    def test_str_parses_back(self, dose: Dose) -> None:
        assert Dose.parse(str(dose)) == dose

    @given(doses())
    def test_volume_str_is_ismp_clean(self, dose: Dose) -> None:
        number, unit = str(Volume(dose.mg)).split(" ")
        assert unit == "mL"
        assert ISMP_NUMBER.fullmatch(number), number


class TestParse:
    @pytest.mark.parametrize(
        ("text", "mg"),
        [
            ("4.5 mg", "4.5"),
            ("4.5mg", "4.5"),
            (" 0.5 mg ", "0.5"),
            ("1.0 mg", "1"),
            ("4.5 MG", "4.5"),
            ("3 milligrams", "3"),
            ("1 milligram", "1"),
            ("4.5\tmg", "4.5"),
        ],
    )
    def test_accepted(self, text: str, mg: str) -> None:
        assert Dose.parse(text) == Dose(mg)

    @pytest.mark.parametrize(
        ("text", "fragment"),
        [
            ("4.5 g", "1000-fold"),
            ("4.5 mcg", "1000-fold"),
            ("4500 µg", "1000-fold"),
            ("4500 ug", "1000-fold"),
            ("0.0045 grams", "1000-fold"),
            ("4.5 mL", "no other unit"),
            ("4.5 cc", "no other unit"),
            ("4.5 mg.", "leading zero followed by mg"),
            (".5 mg", "leading zero followed by mg"),
            ("4.5", "leading zero followed by mg"),
            ("mg", "leading zero followed by mg"),
            ("-1 mg", "leading zero followed by mg"),
            ("4.5 mg 4.5 mg", "leading zero followed by mg"),
            ("0 mg", "greater than 0 mg"),
            ("1001 mg", "at most 1000 mg"),
            ("0.0005 mg", "in steps of 0.001 mg"),
        ],
    )
    def test_refused(self, text: str, fragment: str) -> None:
        with pytest.raises(InvalidDoseError) as raised:
            Dose.parse(text)
        assert fragment in str(raised.value)

    def test_not_a_str(self) -> None:
        with pytest.raises(LdnTypeError, match="dose text must be a str"):
            Dose.parse(4.5)  # type: ignore[arg-type]

    @given(st.text())
    def test_fuzz_any_text_parses_or_raises_ldn_error(self, text: str) -> None:
        """Any string at all either parses to a valid dose or raises LdnError, nothing else."""
        try:
            dose = Dose.parse(text)
        except LdnError:
            return
        assert Decimal(0) < dose.mg <= Decimal(1000)
        assert dose == Dose.parse(str(dose))

    @given(st.from_regex(r"\s*[0-9]{1,5}(\.[0-9]{1,5})?\s*(mg|MG|g|mcg|mL)?\s*", fullmatch=True))
    def test_fuzz_dose_shaped_text(self, text: str) -> None:
        try:
            dose = Dose.parse(text)
        except LdnError:
            return
        assert text.strip().lower().endswith("mg")
        assert dose.mg == Decimal(text.strip()[:-2].strip())

    @given(st.one_of(st.integers(), st.decimals(), st.fractions(), st.text(), st.floats()))
    def test_fuzz_constructor(self, value: object) -> None:
        """Any value either makes a dose or raises LdnError."""
        try:
            dose = Dose(value)  # type: ignore[arg-type]
        except LdnError:
            return
        assert dose.mg == value if not isinstance(value, str) else dose.mg == Decimal(value)


class TestOrderAndArithmetic:
    @given(doses(), doses())
    def test_order_matches_decimal_order(self, a: Dose, b: Dose) -> None:
        assert (a < b) == (a.mg < b.mg)
        assert (a == b) == (a.mg == b.mg)
        assert (a == b) == (hash(a) == hash(b)) or a != b

    @given(doses(high=Dose(500)), doses(high=Dose(500)))
    def test_addition_is_exact(self, a: Dose, b: Dose) -> None:
        assert (a + b).mg == a.mg + b.mg
        assert (a + b) - b == a

    @given(doses(), st.integers(1, 1000))
    def test_multiplication_is_exact_or_refused(self, dose: Dose, factor: int) -> None:
        try:
            product = dose * factor
        except InvalidDoseError:
            assert dose.mg * factor > 1000
            return
        assert product.mg == dose.mg * factor
        assert factor * dose == product

    def test_subtraction_to_zero_or_below_is_refused(self) -> None:
        with pytest.raises(InvalidDoseError):
            Dose(1) - Dose(1)
        with pytest.raises(InvalidDoseError):
            Dose(1) - Dose(2)

    @pytest.mark.parametrize("factor", [0, -1, 1_000_001])
    def test_bad_factor(self, factor: int) -> None:
        with pytest.raises(InvalidDoseError, match="factor must be between 1 and 1000000"):
            Dose(1) * factor

    def test_bool_factor(self) -> None:
        with pytest.raises(LdnTypeError):
            Dose(1) * True

    def test_foreign_types(self) -> None:
        assert Dose(1) != Decimal(1)
        assert Dose(1) != Volume(1)
        assert Dose(1) != 1
        with pytest.raises(LdnTypeError, match=r"^operand of Dose < must be a Dose, got Decimal"):
            Dose(1) < Decimal(2)  # type: ignore[operator]  # noqa: B015
        with pytest.raises(LdnTypeError, match=r"^operand of Dose \+ must be a Dose, got int 1$"):
            Dose(1) + 1  # type: ignore[operator]
        with pytest.raises(LdnTypeError, match=r"^operand of Dose - must be a Dose, got Decimal"):
            Dose(1) - Decimal(1)  # type: ignore[operator]
        with pytest.raises(LdnTypeError, match=r"^factor must be an int, got Decimal"):
            Dose(1) * Decimal(2)  # type: ignore[operator]
        with pytest.raises(LdnTypeError, match=r"^factor must be an int, got str 'a'"):
            "a" * Dose(1)  # type: ignore[operator]
        with pytest.raises(LdnTypeError, match=r"^value compared with a Volume must be a Volume"):
            Volume(1) <= 1  # type: ignore[operator]  # noqa: B015

    @pytest.mark.parametrize("op", ["__lt__", "__le__", "__gt__", "__ge__"])
    def test_ordering_with_foreign_types_is_refused(self, op: str) -> None:
        for value in (Dose(1), Volume(1)):
            with pytest.raises(LdnTypeError, match="got Decimal Decimal"):
                getattr(value, op)(Decimal(1))
            assert getattr(value, op)(type(value)(1)) is (op in {"__le__", "__ge__"})
            assert getattr(value, op)(type(value)(2)) is (op in {"__lt__", "__le__"})

    def test_sorting_and_sets(self) -> None:
        assert sorted([Dose(3), Dose("0.5"), Dose("1.50")]) == [Dose("0.5"), Dose("1.5"), Dose(3)]
        assert len({Dose("1.5"), Dose("1.50"), Dose(Fraction(3, 2))}) == 1


class TestVolume:
    def test_values(self) -> None:
        assert Volume("9").ml == Decimal(9)
        assert str(Volume("0.25")) == "0.25 mL"
        assert repr(Volume("10.0")) == "Volume('10')"
        assert Volume(Volume(3)) == Volume(3)

    @pytest.mark.parametrize("given", ["0", "-1", "10001", "0.0001", 1.5, None, True])
    def test_refused(self, given: object) -> None:
        with pytest.raises(LdnError, match="volume in mL must be"):
            Volume(given)  # type: ignore[arg-type]


class TestErrors:
    def test_hierarchy(self) -> None:
        assert issubclass(InvalidDoseError, ValueError)
        assert issubclass(LdnTypeError, TypeError)

    def test_pickles_with_fields(self) -> None:
        error = InvalidDoseError("dose", "0", "positive", rule_id="LDN-DOSE-MAX")
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is InvalidDoseError
        assert str(copy) == str(error)
        assert (copy.subject, copy.given, copy.allowed, copy.rule_id) == (
            "dose",
            "0",
            "positive",
            "LDN-DOSE-MAX",
        )


class TestHostileInput:
    """Hostile input (issue 13, items 2 and 4): every field and argument is checked, and
    only LdnErrors escape, quickly, with short messages."""

    def test_a_huge_power_of_two_denominator_is_refused_at_once(self) -> None:
        error = fails_well(lambda: Dose(Fraction(1, 2**1_000_000)), seconds=0.1)
        assert isinstance(error, InvalidDoseError)
        assert str(error).endswith("got a Fraction, 1 over an int of about 301031 digits")

    def test_a_huge_int_is_refused_at_once(self) -> None:
        error = fails_well(lambda: Volume(10**100_000), seconds=0.1)
        assert str(error).endswith("got an int of about 100001 digits")

    def test_a_long_string_is_abbreviated(self) -> None:
        error = fails_well(lambda: Dose.parse("4.5 " + "m" * 100_000))
        assert isinstance(error, InvalidDoseError)
        assert len(str(error)) < 250

    @pytest.mark.parametrize(
        ("value", "given"),
        [
            (Decimal("NaN"), "NaN"),
            (Decimal("-Infinity"), "-Infinity"),
            (Decimal("sNaN"), "sNaN"),
            (Decimal("1E+999999"), "1E+999999"),
        ],
    )
    def test_non_finite_and_huge_decimals(self, value: Decimal, given: str) -> None:
        with pytest.raises(
            InvalidDoseError, match=rf"^dose in mg must be .*, got {re.escape(given)}$"
        ):
            Dose(value)

    def test_as_dose_names_must_be_strs(self) -> None:
        with pytest.raises(LdnTypeError, match=r"^name must be a str, got int 3$"):
            as_dose("1", 3)  # type: ignore[arg-type]
        with pytest.raises(InvalidDoseError, match=r"^aaaa\S*\.\.\. in mg must be"):
            as_dose("0", "a" * 500)


class TestBoundaries:
    """Each limit holds exactly at its value and refuses just past it."""

    def test_largest_factor(self) -> None:
        assert Dose("0.001") * 1_000_000 == Dose(1000)

    def test_dose_comparisons_called_directly(self) -> None:
        assert Dose(2).__ge__(Dose(1)) is True
        assert Dose(1).__ge__(Dose(2)) is False
        assert Dose(2).__gt__(Dose(1)) is True
        assert Dose(1).__le__(Dose(1)) is True
        assert Dose(1).__lt__(Dose(1)) is False


class TestDefaultsAndOrder:
    """Defaults and orders a plausible slip would change."""

    def test_as_volume_default_name(self) -> None:
        with pytest.raises(InvalidDoseError, match=r"^volume in mL must be"):
            as_volume("0")


class TestAmbientContext:
    """No result depends on the caller's decimal context (issue 13, item 1): each call gives the
    same value, or the same LdnError, under any context a host might set."""

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
