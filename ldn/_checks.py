"""Type checks shared by the value classes' converters. Private."""

from __future__ import annotations

from typing import TypeVar

from ldn.errors import LdnTypeError

__all__ = ["tuple_of"]

T = TypeVar("T")


def tuple_of(value: object, kind: type[T], name: str) -> tuple[T, ...]:
    """``value`` (a tuple or list of ``kind``) as a tuple, or an LdnTypeError naming ``name``."""
    items = tuple(value) if isinstance(value, list | tuple) else None
    if items is None or not all(isinstance(item, kind) for item in items):
        raise LdnTypeError(name, repr(value), f"a tuple or list of {kind.__name__}")
    return items
