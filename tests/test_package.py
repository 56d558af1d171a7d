"""The package surface: names load on first access, and ``import ldn`` loads nothing else."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

import ldn


def fresh(code: str) -> object:
    """Run ``code`` in a fresh interpreter; it prints one JSON value, returned here."""
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def test_all_is_the_export_table() -> None:
    assert ldn.__all__ == sorted([*ldn._EXPORTS, "__version__"])
    assert len(set(ldn.__all__)) == len(ldn.__all__)


@pytest.mark.parametrize(("name", "module"), sorted(ldn._EXPORTS.items()))
def test_every_name_comes_from_its_module(
    name: str, module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(ldn.__dict__, name, raising=False)  # as before its first access
    value = getattr(importlib.import_module(module), name)
    assert getattr(ldn, name) is value
    assert ldn.__dict__[name] is value  # kept: the next access skips __getattr__
    assert name in dir(ldn)


@pytest.mark.parametrize("module", sorted(ldn._SUBMODULES))
def test_submodules_are_attributes(module: str, monkeypatch: pytest.MonkeyPatch) -> None:
    imported = importlib.import_module(f"ldn.{module}")
    monkeypatch.delattr(ldn, module)  # as before any import of it: loaded on access
    assert getattr(ldn, module) is imported
    assert ldn.__dict__[module] is imported
    assert module in dir(ldn)


def test_unknown_names_are_attribute_errors() -> None:
    with pytest.raises(AttributeError, match="module 'ldn' has no attribute 'Dosage'"):
        ldn.Dosage  # type: ignore[attr-defined]  # noqa: B018
    assert not hasattr(ldn, "strategies_")
    with pytest.raises(ImportError):
        from ldn import Dosage  # type: ignore[attr-defined]  # noqa: F401


def test_import_ldn_loads_only_its_version_and_no_dependency() -> None:
    loaded = fresh(
        "import sys, json, ldn; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('ldn', 'attr', 'attrs', 'decimal', 'fractions'))))"
    )
    assert loaded == ["ldn", "ldn._version"]  # one line: the version


def test_a_name_loads_only_what_it_needs() -> None:
    loaded = fresh(
        "import sys, json; from ldn import Dose; "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('ldn'))))"
    )
    assert loaded == ["ldn", "ldn._checks", "ldn._exact", "ldn._version", "ldn.dose", "ldn.errors"]


def test_star_import_gives_every_public_name() -> None:
    names = fresh(
        "import json; from ldn import *; "
        "print(json.dumps(sorted(n for n in dir() if not n.startswith('_') or n == '__version__')))"
    )
    assert set(ldn.__all__) <= set(names)  # type: ignore[arg-type]
