"""tools/changed_functions.py: which functions CI's mutation gate mutates for a change."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.support.modules import load_file

TOOL = Path(__file__).resolve().parents[1] / "tools" / "changed_functions.py"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    return load_file("changed_functions", TOOL)


BEFORE = '''
PATTERN = "a+"
LIMIT: int = 3


def reads_pattern(text):
    """Doc."""
    return PATTERN in text


def untouched(x):
    return x + 1


class Box:
    def size(self):
        return LIMIT

    def name(self):
        return "box"
'''


def test_nothing_changed_touches_nothing(tool: ModuleType) -> None:
    assert tool.changed(BEFORE, BEFORE) == []


def test_a_docstring_or_a_move_is_no_change(tool: ModuleType) -> None:
    after = BEFORE.replace('"""Doc."""', '"""Another doc."""')
    moved = after.replace("def untouched(x):\n    return x + 1\n", "")
    moved += "\n\ndef untouched(x):\n    return x + 1\n"
    assert tool.changed(BEFORE, moved) == []


def test_a_changed_function_and_method_and_a_new_one(tool: ModuleType) -> None:
    after = BEFORE.replace("return x + 1", "return x - 1").replace('"box"', '"crate"')
    after += "\n\ndef fresh():\n    return 0\n"
    assert tool.changed(BEFORE, after) == ["x_untouched", "xǁBoxǁname", "x_fresh"]


def test_a_changed_module_value_touches_its_readers(tool: ModuleType) -> None:
    assert tool.changed(BEFORE, BEFORE.replace('"a+"', '"b+"')) == ["x_reads_pattern"]
    assert tool.changed(BEFORE, BEFORE.replace("LIMIT: int = 3", "LIMIT: int = 4")) == [
        "xǁBoxǁsize"
    ]


def test_a_new_module_touches_every_function(tool: ModuleType) -> None:
    assert tool.changed(None, BEFORE) == [
        "x_reads_pattern",
        "x_untouched",
        "xǁBoxǁsize",
        "xǁBoxǁname",
    ]


@pytest.mark.parametrize(
    ("path", "module"),
    [("ldn/dose.py", "ldn.dose"), ("ldn/opioids/__init__.py", "ldn.opioids")],
)
def test_module_names_as_mutmut_gives_them(tool: ModuleType, path: str, module: str) -> None:
    assert tool.module_name(path) == module
