"""Numbers too large to write out are refused by the value classes that hold them.

Python will not turn an int of more than 4300 digits into text, so a value holding one
could be built but not shown: its ``repr`` raised ``ValueError``, which is not an
``LdnError``. The classes that hold a caller's int or Fraction without a range of their
own (an order's dosage steps and product, a record of the patient's own LDN) refuse a
term of more than 4000 bits with their module's error, naming the field and the size.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn import LdnError, LdnUse
from ldn._checks import writable
from ldn.errors import HookRequestError, ScreeningError
from ldn.fhir import DosageStep, OrderedProduct

#: Ints past 4000 bits, positive (the fields are amounts and counts).
huge_ints = st.integers(4001, 40_000).map(lambda bits: 2 ** (bits - 1))
#: Odd numbers: a power of two over one of them stays in lowest terms.
odd = st.integers(0, 4).map(lambda n: 2 * n + 1)
#: Fractions with one term past 4000 bits.
huge_fractions = st.one_of(
    st.tuples(huge_ints, odd).map(lambda pair: Fraction(*pair)),
    st.tuples(odd, huge_ints).map(lambda pair: Fraction(*pair)),
)
LARGEST = 2**4000 - 1  # 4000 bits: written out in 1,205 digits


def step(**fields: object) -> DosageStep:
    given_fields: dict[str, object] = {
        "number": 1,
        "dose": Fraction(1, 2),
        "per_day": Fraction(1),
        "days": 7,
        "when": ("HS",),
    }
    return DosageStep(**{**given_fields, **fields})  # type: ignore[arg-type]


FRACTION_FIELDS: list[tuple[str, Callable[[Fraction], object], type[LdnError]]] = [
    ("dose", lambda value: step(dose=value), HookRequestError),
    ("per_day", lambda value: step(per_day=value), HookRequestError),
    ("per_ml", lambda value: OrderedProduct(per_ml=value), HookRequestError),
    (
        "daily_dose",
        lambda value: LdnUse("MedicationStatement/1", True, daily_dose=value),
        ScreeningError,
    ),
]
INT_FIELDS: list[tuple[str, Callable[[int], object], type[LdnError]]] = [
    ("number", lambda value: step(number=value), HookRequestError),
    ("days", lambda value: step(days=value), HookRequestError),
    (
        "daily_dose",
        lambda value: LdnUse("MedicationStatement/1", True, daily_dose=value),
        ScreeningError,
    ),
]


@pytest.mark.parametrize(
    ("name", "build", "error"), FRACTION_FIELDS, ids=[f[0] for f in FRACTION_FIELDS]
)
@given(value=huge_fractions)
def test_a_fraction_too_large_to_write_is_refused(
    name: str, build: Callable[[Fraction], object], error: type[LdnError], value: Fraction
) -> None:
    with pytest.raises(error) as refused:
        build(value)
    message = str(refused.value)
    assert message.startswith(f"{name} must be a ")
    assert "numerator and denominator have at most 4000 bits" in message
    assert "digits" in message  # the size, not the digits
    assert len(message) < 200


@pytest.mark.parametrize(("name", "build", "error"), INT_FIELDS, ids=[f[0] for f in INT_FIELDS])
@given(value=huge_ints)
def test_an_int_too_large_to_write_is_refused(
    name: str, build: Callable[[int], object], error: type[LdnError], value: int
) -> None:
    with pytest.raises(error, match=rf"^{name} must be .* at most 4000 bits, got .*digits"):
        build(value)


@pytest.mark.parametrize(
    ("name", "build", "error"), FRACTION_FIELDS, ids=[f[0] for f in FRACTION_FIELDS]
)
def test_the_largest_writable_fraction_is_kept_and_shown(
    name: str, build: Callable[[Fraction], object], error: type[LdnError]
) -> None:
    for value in (Fraction(LARGEST, 2), Fraction(1, LARGEST)):  # in lowest terms
        built = build(value)
        assert getattr(built, name) == value
        assert str(LARGEST) in repr(built)


@pytest.mark.parametrize(("name", "build", "error"), INT_FIELDS, ids=[f[0] for f in INT_FIELDS])
def test_the_largest_writable_int_is_kept_and_shown(
    name: str, build: Callable[[int], object], error: type[LdnError]
) -> None:
    built = build(LARGEST)
    assert getattr(built, name) == LARGEST
    assert str(LARGEST) in repr(built)


def test_an_int_field_says_int_and_bits() -> None:
    with pytest.raises(HookRequestError) as refused:
        step(days=2**4000)
    assert str(refused.value) == (
        "days must be an int of at most 4000 bits, got an int of about 1205 digits"
    )


def test_the_type_is_checked_before_the_size() -> None:
    with pytest.raises(LdnError, match=r"^per_ml must be a Fraction or None, got"):
        OrderedProduct(per_ml=2**5000)  # type: ignore[arg-type]
    with pytest.raises(LdnError, match=r"^number must be an int, got bool"):
        step(number=True)


@given(st.one_of(st.integers(-(2**4000) + 1, 2**4000 - 1), st.fractions(max_denominator=2**64)))
def test_writable_is_true_for_any_number_of_at_most_4000_bits(value: int | Fraction) -> None:
    assert writable(value)


@given(st.one_of(huge_ints, huge_ints.map(lambda n: -n), huge_fractions))
def test_writable_is_false_past_4000_bits(value: int | Fraction) -> None:
    assert not writable(value)
