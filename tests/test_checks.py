"""ldn._checks: what was given is described briefly, and describing it never fails."""

from __future__ import annotations

import datetime as dt
from decimal import Context, Decimal, localcontext
from fractions import Fraction

import pytest

from ldn import LdnTypeError
from ldn._checks import LIMIT, abbreviate, describe, iterable_of, quoted, shown
from tests.support.hostile import HOSTILE, BadRepr, HugeStr, NotAStrRepr


class TestDescriptions:
    @pytest.mark.parametrize("value", HOSTILE, ids=lambda v: type(v).__name__)
    def test_never_fail_and_stay_short(self, value: object) -> None:
        for text in (describe(value), shown(value), quoted(value)):
            assert isinstance(text, str)
            assert len(text) <= LIMIT + 60

    def test_examples(self) -> None:
        assert describe(None) == "NoneType None"
        assert describe(BadRepr()).startswith("BadRepr <BadRepr instance at 0x")
        assert describe(NotAStrRepr()).startswith("NotAStrRepr <NotAStrRepr instance at 0x")
        broken = type("int", (), {"__repr__": lambda self: 1 / 0})()  # reprlib's int path
        assert describe(broken) == "int (whose repr failed)"
        assert describe(10**5000) == "int (an int of about 5001 digits)"
        assert shown(-(2**20_000)) == "a negative int of about 6021 digits"
        assert shown(Fraction(1, 2**20_000)) == "a Fraction, 1 over an int of about 6021 digits"
        assert describe(Fraction(2**20_000, 3)).endswith("digits over 3)")
        assert shown(Decimal("1e5")) == "1E+5"
        assert shown(Fraction(1, 3)) == "1/3"
        assert shown(dt.date(2026, 1, 2)) == "2026-01-02"
        assert shown(HugeStr("abc")) == "abc"  # a str is shown as itself, not through __str__
        assert shown(BadRepr()).startswith("BadRepr <BadRepr")
        assert shown([1, 2]) == "list [1, 2]"
        assert quoted("a" * 100) == "'" + "a" * 57 + "...'"
        assert abbreviate("abcdef", 5) == "ab..."
        assert abbreviate("abcde", 5) == "abcde"

    def test_a_str_subclass_whose_str_fails(self) -> None:
        class Weird(int):
            def __str__(self) -> str:
                raise RuntimeError

            __repr__ = __str__

        assert shown(Weird(3)).startswith("Weird <Weird instance at 0x")

    def test_iterable_of(self) -> None:
        assert iterable_of(iter(["1", "2"]), str, "n") == ("1", "2")
        with pytest.raises(LdnTypeError, match=r"^item of n must be a str, got int 2$"):
            iterable_of(["1", 2], str, "n")
        with pytest.raises(LdnTypeError, match=r"^n must be an iterable of str, got bytes"):
            iterable_of(b"12", str, "n")
        with pytest.raises(LdnTypeError, match=r"^n must be an iterable of str, got str"):
            iterable_of("12", str, "n")


class TestBoundaries:
    """Each limit holds exactly at its value and refuses just past it."""

    def test_int_sizes(self) -> None:
        assert shown(2**3999) == abbreviate(str(2**3999))  # 4000 bits: written out
        assert shown(2**4000) == "an int of about 1205 digits"  # 4001 bits: described
        assert shown(-1) == "-1"

    def test_a_fraction_at_the_size_limit_is_written_out(self) -> None:
        assert shown(Fraction(2**3999, 3)).startswith("659102046715471550051944897118")

    def test_fraction_parts_at_the_size_limit(self) -> None:
        text = shown(Fraction(2**3999, 3**5000))  # numerator 4000 bits, written out
        assert text.startswith("a Fraction, 6591020467154715500519448971182956")
        assert text.endswith("over an int of about 2386 digits")
        assert shown(Fraction(2**4000, 3**5000)).startswith("a Fraction, an int of about")

    def test_a_decimal_is_described_with_capitals_whatever_the_context(self) -> None:
        with localcontext(Context(capitals=0)):
            assert describe(Decimal("1E+5")) == "Decimal Decimal('1E+5')"
            assert shown(Decimal("1E+5")) == "1E+5"
