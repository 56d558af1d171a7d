"""The lazy loader of ``ldn``'s public names, called directly.

``import ldn`` caches each name in the module's globals on first access, so a
process that has already used a name never calls the loader again (mutmut forks
every mutant's run from such a process). These tests call it themselves.
"""

from __future__ import annotations

import importlib

import pytest

import ldn


@pytest.mark.parametrize("name", sorted(ldn._EXPORTS))
def test_the_loader_returns_each_name_from_its_module_and_caches_it(name: str) -> None:
    expected = getattr(importlib.import_module(ldn._EXPORTS[name]), name)
    assert ldn.__getattr__(name) is expected
    assert vars(ldn)[name] is expected
