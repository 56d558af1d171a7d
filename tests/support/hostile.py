"""Hostile values for the argument checks: values whose repr fails, huge numbers, long text.

Every public callable of ldn, given any of :data:`HOSTILE`, returns or raises an LdnError,
quickly, with a short message (:func:`fails_well`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ldn import MONOGRAPH, LdnError, titrate
from ldn.errors import FIELD_LIMIT

PLAN = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
#: The longest message any error may have: three bounded fields and a rule id.
MAX_MESSAGE = 3 * FIELD_LIMIT + 40


class BadRepr:
    def __repr__(self) -> str:
        raise RuntimeError("repr fails")

    __str__ = __repr__


class NotAStrRepr:
    def __repr__(self) -> Any:
        return 42


class HugeStr(str):
    def __str__(self) -> str:
        raise RuntimeError("str fails")


HOSTILE: list[object] = [
    None,
    True,
    0.5,
    float("nan"),
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("-Infinity"),
    Decimal("1E+999999"),
    10**5000,
    -(10**5000),
    2**100_000,
    Fraction(1, 2**100_000),
    Fraction(10**5000, 3),
    "x" * 1_000_000,
    "4.5" + "0" * 100_000,
    "\u0664.\u0665",  # Arabic-Indic digits
    "\ud800",
    "",
    b"4.5",
    [],
    [None],
    {"a": 1},
    object(),
    BadRepr(),
    NotAStrRepr(),
    dt.date.max,
    dt.datetime(2026, 1, 1),
    MONOGRAPH,
    PLAN,
]


def fails_well(call: Callable[[], object], seconds: float = 1.0) -> LdnError | None:
    """Run ``call``: it returns or raises an LdnError, within ``seconds``, with a short message."""
    caught: LdnError | None = None
    start = time.perf_counter()
    try:
        call()
    except LdnError as error:
        caught = error
    assert time.perf_counter() - start < seconds
    if caught is not None:
        assert isinstance(caught, ValueError | TypeError)
        assert len(str(caught)) <= MAX_MESSAGE, str(caught)[:200]
    return caught
