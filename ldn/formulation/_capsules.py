"""Compounded capsules: one strength per dose of a plan, and how many of each. Private.

Import these from :mod:`ldn.formulation`.
"""

from __future__ import annotations

from attrs import field, frozen

from ldn._checks import describe
from ldn.dose import Dose, as_dose
from ldn.errors import LdnTypeError
from ldn.formulation._fillers import Filler, to_filler
from ldn.schedule import DayOrDate, TitrationPlan

__all__ = ["Capsule", "capsule_counts", "capsules_for"]


@frozen
class Capsule:
    """A compounded capsule: one strength, one filler."""

    strength: Dose = field(converter=as_dose)
    filler: Filler = field(default=Filler.CELLULOSE, converter=to_filler)

    def __str__(self) -> str:
        return f"{self.strength} capsule ({self.filler} filler)"


def capsules_for(
    plan: TitrationPlan, filler: Filler | str = Filler.CELLULOSE
) -> tuple[Capsule, ...]:
    """One capsule strength per distinct dose of a plan, smallest first, one capsule a night.

    >>> from ldn.schedule import titrate
    >>> plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
    >>> [str(c) for c in capsules_for(plan, "ginger")]
    ['1.5 mg capsule (ginger filler)', '3 mg capsule (ginger filler)', '4.5 mg capsule (ginger filler)']
    """
    return tuple(Capsule(dose, filler) for dose in _plan(plan).doses)


def capsule_counts(plan: TitrationPlan, first: DayOrDate, last: DayOrDate) -> dict[Dose, int]:
    """How many capsules of each strength the nights ``first`` to ``last`` take (inclusive).

    Counted per step, so a span of years costs no more than a span of days.

    >>> from ldn.schedule import titrate
    >>> plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
    >>> capsule_counts(plan, 0, 90)
    {Dose('1.5'): 14, Dose('3'): 14, Dose('4.5'): 63}
    """
    counts: dict[Dose, int] = {}
    for dose, begin, end in _plan(plan).runs(first, last):
        counts[dose] = counts.get(dose, 0) + end - begin + 1
    return dict(sorted(counts.items()))


def _plan(value: object) -> TitrationPlan:
    if not isinstance(value, TitrationPlan):
        raise LdnTypeError("plan", describe(value), "a TitrationPlan")
    return value
