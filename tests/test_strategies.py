"""ldn.strategies: the hypothesis strategies check their arguments and reach their bounds."""

from __future__ import annotations

import pytest
from hypothesis import find

from ldn import Dose, InvalidDoseError, LdnTypeError
from ldn import strategies as ldn_strategies
from ldn.strategies import doses, half_mg_doses


class TestHostileInput:
    """Hostile input (issue 13, items 2 and 4): every field and argument is checked, and
    only LdnErrors escape, quickly, with short messages."""

    def test_arguments_are_checked(self) -> None:
        with pytest.raises(
            InvalidDoseError, match=r"^high must be at least low \(2 mg\), got 1 mg$"
        ):
            ldn_strategies.doses(Dose(2), Dose(1))
        with pytest.raises(InvalidDoseError, match=r"^high must be at least 0.5 mg, got 0.1 mg$"):
            ldn_strategies.half_mg_doses(Dose("0.1"))
        with pytest.raises(LdnTypeError, match=r"^policy must be a Policy"):
            find(ldn_strategies.plans("monograph"), lambda plan: True)  # type: ignore[arg-type]
        with pytest.raises(LdnTypeError, match=r"^opioids must be True, False or None"):
            find(ldn_strategies.patients("yes"), lambda patient: True)  # type: ignore[arg-type]


class TestBoundaries:
    """Each limit holds exactly at its value and refuses just past it."""

    def test_bounds_are_reachable(self) -> None:
        assert find(doses(Dose("0.5"), Dose(1)), lambda d: True) == Dose("0.5")
        assert find(half_mg_doses(), lambda d: True) == Dose("0.5")
        assert find(doses(Dose("0.5"), Dose(1)), lambda d: d >= Dose(1)) == Dose(1)
        assert find(doses(Dose(1), Dose(2)), lambda d: True) == Dose(1)
