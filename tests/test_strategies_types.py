"""ldn.strategies registers a strategy for each public value type, and names its extra."""

from __future__ import annotations

import importlib
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ldn
from ldn.errors import MissingExtraError
from ldn.strategies import volumes

TYPES = [
    ldn.Dose,
    ldn.Volume,
    ldn.Policy,
    ldn.TitrationPlan,
    ldn.Step,
    ldn.OralLiquid,
    ldn.Capsule,
    ldn.Regimen,
    ldn.Patient,
    ldn.ScreeningReport,
    ldn.Finding,
]


@pytest.mark.parametrize("kind", TYPES, ids=[kind.__name__ for kind in TYPES])
def test_from_type(kind: type) -> None:
    @settings(max_examples=15, deadline=None)
    @given(st.from_type(kind))
    def check(value: object) -> None:
        assert isinstance(value, kind)

    check()


@given(
    st.builds(
        lambda plan, dose: (plan, dose), st.from_type(ldn.TitrationPlan), st.from_type(ldn.Dose)
    )
)
def test_from_type_composes(pair: tuple[ldn.TitrationPlan, ldn.Dose]) -> None:
    plan, dose = pair
    assert plan.maintenance_dose <= plan.policy.max_daily_dose
    assert ldn.Dose("0.001") <= dose <= ldn.Dose(1000)


@given(volumes())
def test_volumes_in_range(volume: ldn.Volume) -> None:
    assert ldn.Volume("0.001") <= volume <= ldn.Volume(1000)


def test_without_hypothesis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "ldn.strategies")
    with pytest.raises(ImportError) as raised:
        importlib.import_module("ldn.strategies")
    assert isinstance(raised.value, MissingExtraError)
    assert isinstance(raised.value, ldn.LdnError)
    assert str(raised.value) == (
        'ldn.strategies must be used with hypothesis installed: pip install "ldn-dosing[strategies]",'
        " got hypothesis not installed"
    )
