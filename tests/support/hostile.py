"""Hostile values for the argument checks: values whose repr fails, huge numbers, long text.

Every public callable of ldn, given any of :data:`HOSTILE`, returns or raises an LdnError,
quickly, with a short message (:func:`fails_well`).
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import time
from collections.abc import Callable, Hashable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

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


# -- hostile JSON: values for the CDS services and the JSON writer (issue 19) ---------------------
#
# Strategies (hypothesis) for what a hook request or a value given to ``to_json`` may hold:
# any JSON value, values json.loads never makes (tuples, sets, bytes, non-str keys, objects),
# and corruptions of a valid tree (a member replaced, removed, wrapped in a list or taken out
# of one, a loop). The tests decide what each must give; these only build the values.

#: Strings that trip encoders and renderers: lone surrogates (no UTF-8 form), NUL and other
#: control characters, bidirectional marks, a byte order mark, line and paragraph separators.
ODD_TEXT: list[str] = [
    "\ud800",
    "\udfff",
    "oxycodone \ud83d",
    "\udc00naltrexone",
    "\x00",
    "naltrexone\x00",
    "\x1b[31m",
    "\u202eenoxertlan",
    "\u200f\u200e\u2066\u2069",
    "\ufeff",
    "\u2028\u2029",
    "\ufffe\uffff",
    "\U0010ffff",
    " \t\r\n",
    "",
]
#: Numbers at and past every bound a JSON reader or FHIR (integer64) knows.
ODD_NUMBERS: list[object] = [
    2**63 - 1,
    2**63,
    -(2**63) - 1,
    2**53 + 1,
    10**4300,
    -(10**5000),
    float("nan"),
    float("inf"),
    float("-inf"),
    -0.0,
    5e-324,
    1.7976931348623157e308,
    Decimal("NaN"),
    Decimal("-sNaN"),
    Decimal("Infinity"),
    Decimal("1E+999999999"),
    Decimal("1E-999999999"),
    Decimal("-0"),
    Decimal("0E-1000"),
    Decimal("4.5" + "0" * 2000),
]


def pick(values: list[Any]) -> st.SearchStrategy[Any]:
    """One of ``values``, by index: hypothesis never writes the values' repr (some fail)."""

    def chosen(index: int) -> Any:
        return values[index]

    return st.integers(0, len(values) - 1).map(chosen)


#: Any text, lone surrogates included (hypothesis leaves them out unless asked).
any_text: st.SearchStrategy[str] = st.one_of(
    st.text(max_size=20),
    st.text(st.characters() | st.characters(categories=["Cs"]), max_size=12),
    st.sampled_from(ODD_TEXT),
)
#: JSON scalars as json.loads gives them, and as a caller may build them (Decimal, nan).
json_scalars: st.SearchStrategy[object] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.decimals(),
    any_text,
    pick(ODD_NUMBERS),
)


def _json_containers(inner: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4)


#: JSON-shaped values: dicts with str keys, lists, and the scalars above at the leaves.
json_shaped: st.SearchStrategy[object] = st.recursive(json_scalars, _json_containers, max_leaves=10)


class Opaque:
    """An object of the caller's own class: no JSON form, an ordinary repr."""


def _huge(size: int) -> str:
    return "naltrexone " + "x" * size


def nested(depth: int, kind: str = "list") -> object:
    """A list (or dict, or a FHIR-looking Extension) nested ``depth`` levels deep, built without recursion."""
    value: object = "leaf"
    for _ in range(depth):
        if kind == "list":
            value = [value]
        elif kind == "dict":
            value = {"a": value}
        else:
            value = {"url": "http://example.org/x", "extension": [value]}
    return value


#: Values json.loads never gives but a Python caller may pass: bytes, tuples, sets, dicts
#: with keys that are not strings, objects whose repr or str fails, dates, huge texts.
not_json: st.SearchStrategy[object] = st.one_of(
    st.binary(max_size=8),
    pick(
        [
            b"naltrexone",
            bytearray(b"4.5"),
            ("a", "b"),
            {"naltrexone"},
            frozenset({1}),
            {1: "one"},
            {None: "none"},
            {("a",): "tuple key"},
            {b"k": "bytes key"},
            {1.5: "float key"},
            {HugeStr("k"): "str subclass key"},
            HugeStr("naltrexone"),
            BadRepr(),
            NotAStrRepr(),
            Opaque(),
            object(),
            Fraction(9, 2),
            complex(4.5, 0),
            dt.date(2026, 3, 2),
            range(3),
            Ellipsis,
            NotImplemented,
            type,
            len,
        ]
    ),
    st.sampled_from([10_000, 1_000_000]).map(_huge),
    st.sampled_from([(300, "list"), (3000, "dict"), (50_000, "list"), (500, "extension")]).map(
        lambda args: nested(*args)
    ),
)
#: Anything: JSON values and the rest, at any depth, in lists, tuples or dicts of any keys.
anything: st.SearchStrategy[object] = st.recursive(
    json_scalars | not_json,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(st.one_of(any_text, st.integers(), st.none()), inner, max_size=3),
    ),
    max_leaves=6,
)


def places(tree: object) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in a tree of dicts and lists, each container once."""
    found: list[tuple[Any, Any]] = []
    seen: set[int] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            keys: list[Any] = list(node)
        elif isinstance(node, list):
            keys = list(range(len(node)))
        else:
            continue
        for key in keys:
            found.append((node, key))
            stack.append(node[key])
    return found


#: The ways one member of a tree is spoilt (see :func:`corrupted`).
CORRUPTIONS = (
    "replace",
    "json",
    "null",
    "remove",
    "into-list",
    "out-of-list",
    "loop",
    "key",
    "empty",
)


@st.composite
def corrupted(
    draw: st.DrawFn,
    tree: object,
    values: st.SearchStrategy[object] = anything,
    changes: int = 3,
) -> object:
    """A deep copy of ``tree`` with 1 to ``changes`` members spoilt, each in one of the
    :data:`CORRUPTIONS`: replaced by any value (or a JSON one, or null), removed, put
    into a one-item list, taken out of its list (a list made an object with int keys),
    made a loop (the member is its own container), renamed to a key that is no string
    or an odd one, or emptied."""
    spoilt = copy.deepcopy(tree)
    for _ in range(draw(st.integers(1, changes))):
        spots = places(spoilt)
        if not spots:
            break
        owner, key = draw(st.sampled_from(spots))
        how = draw(st.sampled_from(CORRUPTIONS))
        current = owner[key]
        if how == "replace":
            owner[key] = draw(values)
        elif how == "json":
            owner[key] = draw(json_shaped)
        elif how == "null":
            owner[key] = None
        elif how == "remove":
            del owner[key]
        elif how == "into-list":
            owner[key] = [current]
        elif how == "out-of-list":
            if isinstance(current, list):
                owner[key] = (
                    current[0] if current and draw(st.booleans()) else dict(enumerate(current))
                )
            elif isinstance(current, dict):
                owner[key] = list(current.values())
        elif how == "loop":
            owner[key] = owner
        elif how == "key" and isinstance(owner, dict):
            new: Hashable = draw(
                st.sampled_from([0, None, ("a",), b"k", 1.5, "", " ", "\ud800", f"{key}\x00"])
                if isinstance(key, str)
                else st.just(0)
            )
            owner[new] = owner.pop(key)
        elif how == "empty":
            owner[key] = type(current)() if isinstance(current, dict | list | str) else {}
    return spoilt


def same(left: Any, right: Any) -> bool:
    """Equal as trees, nan equal to nan and a loop to a loop at the same place (no repr, no hash)."""
    pending: list[tuple[Any, Any]] = [(left, right)]
    seen: set[tuple[int, int]] = set()
    while pending:
        a, b = pending.pop()
        if (id(a), id(b)) in seen:
            continue
        seen.add((id(a), id(b)))
        if type(a) is not type(b):
            return False
        if isinstance(a, dict):
            if list(a) != list(b):
                return False
            pending += [(a[k], b[k]) for k in a]
        elif isinstance(a, list | tuple):
            if len(a) != len(b):
                return False
            pending += list(zip(a, b, strict=True))
        elif isinstance(a, float) and math.isnan(a):
            if not math.isnan(b):
                return False
        elif isinstance(a, Decimal) and a.is_nan():
            if not b.is_nan() or a.is_snan() != b.is_snan():
                return False
        elif isinstance(a, str | bytes | int | float | Decimal | bool | type(None)):
            if a != b:
                return False
        elif a is not b and type(a).__eq__ is not object.__eq__:
            try:
                if a != b:
                    return False
            except Exception:
                return False
    return True
