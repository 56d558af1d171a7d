"""The one exact JSON encoder of ``ldn``: :func:`to_json`, every Decimal digit for digit."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from ldn._checks import describe, shown
from ldn.errors import ExportError, LdnTypeError

__all__ = ["to_json"]


#: The deepest nesting :func:`to_json` writes (FHIR resources nest a dozen levels).
_MAX_JSON_DEPTH: Final = 200
#: The widest indent :func:`to_json` takes.
_MAX_JSON_INDENT: Final = 100
#: A JSON number is written with at most this many places before or after the point.
_MAX_PLACES: Final = 1000


def _json_number(value: Decimal) -> str:
    if not value.is_finite():
        raise ExportError("a FHIR number", shown(value), "finite (JSON has no NaN or Infinity)")
    if not -_MAX_PLACES <= value.adjusted() <= _MAX_PLACES:
        raise ExportError(
            "a FHIR number", shown(value), f"within 10**-{_MAX_PLACES} to 10**{_MAX_PLACES}"
        )
    return format(value, "f")


def _text(value: str) -> str:
    """A str as a JSON string that encodes as UTF-8: one that holds a surrogate (as
    ``json.loads`` leaves ``"\\ud800"``) is written with ``\\u`` escapes, as it came."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, ensure_ascii=True)
    return json.dumps(value, ensure_ascii=False)


def _write(value: object, out: list[str], indent: int | None, depth: int, open_: set[int]) -> None:
    if isinstance(value, str):
        out.append(_text(value))
    elif isinstance(value, bool):
        out.append("true" if value else "false")
    elif isinstance(value, int):
        if not -(2**63) <= value < 2**63:
            raise ExportError(
                "a FHIR integer", shown(value), "from -2**63 to 2**63 - 1 (FHIR integer64)"
            )
        out.append(str(value))
    elif isinstance(value, Decimal):
        out.append(_json_number(value))
    elif isinstance(value, dict | list | tuple):
        if id(value) in open_:
            raise ExportError("a FHIR resource", "a structure that contains itself", "a tree")
        if depth >= _MAX_JSON_DEPTH:
            raise ExportError(
                "a FHIR resource",
                f"a structure nested deeper than {_MAX_JSON_DEPTH} levels",
                f"at most {_MAX_JSON_DEPTH} levels deep",
            )
        open_.add(id(value))
        items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        brackets = "{}" if isinstance(value, dict) else "[]"
        pad = "" if indent is None else "\n" + " " * (indent * (depth + 1))
        out.append(brackets[0])
        for position, (key, item) in enumerate(items):
            if position:
                out.append(",")
            out.append(pad)
            if isinstance(value, dict):
                if not isinstance(key, str):
                    raise LdnTypeError("a FHIR member name", describe(key), "a str")
                out.append(_text(key) + (":" if indent is None else ": "))
            _write(item, out, indent, depth + 1, open_)
        if items and indent is not None:
            out.append("\n" + " " * (indent * depth))
        out.append(brackets[1])
        open_.discard(id(value))
    elif value is None:
        raise ExportError("a FHIR value", "None", "present (FHIR JSON has no null; leave it out)")
    else:
        hint = " (use Decimal for numbers)" if isinstance(value, float) else ""
        raise LdnTypeError(
            "a FHIR value", describe(value), f"a str, bool, int, Decimal, dict or list{hint}"
        )


def to_json(resource: Mapping[str, Any] | list[Any], *, indent: int | None = None) -> str:
    """A resource (or any part of one) as JSON text, every number exact.

    A :class:`~decimal.Decimal` is written as a JSON number with exactly its digits
    (``Decimal('0.5')`` as ``0.5``), never as a string or a rounded float. Floats
    and ``None`` are refused: FHIR JSON has no null, and a float is not exact.
    ``indent`` pretty-prints, as :func:`json.dumps` does (0 to 100 spaces). An int
    must fit FHIR's integer64, a Decimal's digits must lie within 10**-1000 to
    10**1000, and nesting is refused past 200 levels: each with an LdnError. The
    text always encodes as UTF-8: a str holding a surrogate (from JSON such as
    ``"\\ud800"``) is written with ``\\u`` escapes, so it reads back as it was.

    >>> to_json({"value": Decimal("4.5"), "code": "mg"})
    '{"value":4.5,"code":"mg"}'
    """
    if not isinstance(resource, Mapping | list):
        raise LdnTypeError("resource", describe(resource), "a dict (a FHIR resource)")
    if indent is not None and (
        isinstance(indent, bool)
        or not isinstance(indent, int)
        or not 0 <= indent <= _MAX_JSON_INDENT
    ):
        raise LdnTypeError("indent", shown(indent), f"None or an int from 0 to {_MAX_JSON_INDENT}")
    out: list[str] = []
    _write(dict(resource) if isinstance(resource, Mapping) else resource, out, indent, 0, set())
    return "".join(out)
