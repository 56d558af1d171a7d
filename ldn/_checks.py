"""Type checks shared by the value classes' converters. Private."""

from __future__ import annotations

from typing import TypeVar

from ldn.errors import LdnTypeError

__all__ = ["DESCRIBE_LIMIT", "describe", "quoted", "tuple_of"]

T = TypeVar("T")


def tuple_of(value: object, kind: type[T], name: str) -> tuple[T, ...]:
    """``value`` (a tuple or list of ``kind``) as a tuple, or an LdnTypeError naming ``name``."""
    items = tuple(value) if isinstance(value, list | tuple) else None
    if items is None or not all(isinstance(item, kind) for item in items):
        raise LdnTypeError(name, repr(value), f"a tuple or list of {kind.__name__}")
    return items


#: How much of a given value an error message repeats.
DESCRIBE_LIMIT = 60


def describe(value: object, limit: int = DESCRIBE_LIMIT) -> str:
    """``value``'s type and repr for an error message, cut to ``limit`` characters; never raises.

    >>> describe("x" * 100)
    "str 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... (102 characters)"
    >>> describe(10**5000)
    'int <unprintable>'
    >>> describe(None)
    'None'
    """
    if value is None:
        return "None"
    try:
        shown = repr(value)
    except Exception:  # a hostile __repr__, or an int past the int-to-str limit
        shown = "<unprintable>"
    if len(shown) > limit:
        shown = f"{shown[: limit - 2]}... ({len(shown)} characters)"
    return f"{type(value).__name__} {shown}"


def quoted(text: str, limit: int) -> str:
    """``text`` quoted for a message, cut to ``limit`` characters with "..." when longer.

    >>> quoted("oxycodone", 60), quoted("x" * 10, 8)
    ("'oxycodone'", "'xxxxx...'")
    """
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")
