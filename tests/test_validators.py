"""``ldn._validators``: the attrs validator factories every value class builds its checks from.

Each factory is called here afresh (the value classes call them once, at import), so a
change to a factory is seen by these tests whatever the value classes cached.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from ldn._validators import calendar_date, instance_of, optional, text, whole
from ldn.errors import LdnTypeError, ScheduleError, ScreeningError


def _attribute(name: str = "field") -> attrs.Attribute[Any]:
    @attrs.define
    class Holder:
        field: object
        days: object

    return next(a for a in attrs.fields(Holder) if a.name == name)


def _raises(validator: Any, value: object, kind: type[Exception], message: str) -> None:
    with pytest.raises(kind) as raised:
        validator(None, _attribute(), value)
    assert str(raised.value) == message
    assert type(raised.value) is kind


class TestInstanceOf:
    def test_accepts_its_kind(self) -> None:
        check = instance_of(str, "a str")
        check(None, _attribute(), "x")
        instance_of((int, str), "an int or str")(None, _attribute(), 3)

    def test_refuses_another_kind_naming_field_and_value(self) -> None:
        _raises(instance_of(str, "a str"), 3, LdnTypeError, "field must be a str, got int 3")

    def test_a_bool_is_no_int(self) -> None:
        _raises(
            instance_of(int, "an int"), True, LdnTypeError, "field must be an int, got bool True"
        )
        instance_of(bool, "a bool")(None, _attribute(), False)
        instance_of((int, bool), "an int or bool")(None, _attribute(), True)

    def test_the_message_names_the_attribute(self) -> None:
        with pytest.raises(LdnTypeError, match=r"^days must be a str, got NoneType None$"):
            instance_of(str, "a str")(None, _attribute("days"), None)


class TestOptional:
    def test_none_passes_and_anything_else_is_checked(self) -> None:
        check = optional(instance_of(str, "a str or None"))
        check(None, _attribute(), None)
        check(None, _attribute(), "x")
        _raises(check, 0, LdnTypeError, "field must be a str or None, got int 0")


class TestText:
    def test_a_blank_str_raises_the_modules_error(self) -> None:
        check = text(ScreeningError)
        check(None, _attribute(), "a")
        _raises(check, " \t", ScreeningError, "field must be a non-empty str, got ' \\t'")
        _raises(check, 5, LdnTypeError, "field must be a non-empty str, got int 5")


class TestWhole:
    def test_bounds_are_inclusive(self) -> None:
        check = whole(1, 3, ScheduleError)
        for value in (1, 2, 3):
            check(None, _attribute(), value)
        _raises(check, 0, ScheduleError, "field must be from 1 to 3, got 0")
        _raises(check, 4, ScheduleError, "field must be from 1 to 3, got 4")

    def test_the_unit_follows_the_bounds(self) -> None:
        _raises(
            whole(1, 3660, ScheduleError, " days"),
            3661,
            ScheduleError,
            ("field must be from 1 to 3660 days, got 3661"),
        )

    def test_only_an_int(self) -> None:
        _raises(whole(0, 9, ScheduleError), "1", LdnTypeError, "field must be an int, got str '1'")
        _raises(
            whole(0, 9, ScheduleError), True, LdnTypeError, "field must be an int, got bool True"
        )


class TestCalendarDate:
    def test_a_date_but_never_a_datetime(self) -> None:
        check = calendar_date()
        check(None, _attribute(), dt.date(2026, 3, 1))
        _raises(
            check,
            dt.datetime(2026, 3, 1),
            LdnTypeError,
            "field must be a datetime.date, got datetime datetime.datetime(2026, 3, 1, 0, 0)",
        )
        _raises(
            check, "2026-03-01", LdnTypeError, "field must be a datetime.date, got str '2026-03-01'"
        )
