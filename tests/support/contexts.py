"""Decimal contexts a host might set, and a check that a call gives the same under each.

Every Decimal operation in ldn runs in one exact context (``ldn._exact.EXACT``), so each
call gives the same value, or the same LdnError, as under the default context.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable
from decimal import Context, localcontext
from fractions import Fraction

from hypothesis import strategies as st

from ldn import LdnError

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
