"""Compounded capsules: one strength per dose of a plan, and how many of each. Private.

Import these from :mod:`ldn.formulation`.
"""

from __future__ import annotations

from attrs import field, frozen

from ldn._checks import describe
from ldn._validators import instance_of
from ldn.dose import Dose, as_dose
from ldn.errors import LdnTypeError, PolicyViolationError
from ldn.formulation._fillers import Filler, to_filler
from ldn.monograph import MONOGRAPH, Policy, RuleId
from ldn.schedule import DayOrDate, TitrationPlan

__all__ = ["Capsule", "capsule_counts", "capsules_for"]


_policy = instance_of(Policy, "a Policy")


@frozen
class Capsule:
    """A compounded capsule: one strength, one filler.

    One capsule is one night's dose, so its strength is at most the daily maximum
    of ``policy`` (by default :data:`~ldn.MONOGRAPH`; LDN-DOSE-MAX, as LDN-STEP-SIZE
    asks of every dose made). The policy only checks the capsule: two capsules of
    the same strength and filler are equal whatever policy made them.

    >>> str(Capsule("4.5", "sucrose"))
    '4.5 mg capsule (sucrose filler)'
    >>> Capsule("45")
    Traceback (most recent call last):
    ...
    ldn.errors.PolicyViolationError: capsule strength (one night's dose) must be at most 4.5 mg under policy 'monograph', got 45 mg [LDN-DOSE-MAX]
    """

    strength: Dose = field(converter=as_dose)
    filler: Filler = field(default=Filler.CELLULOSE, converter=to_filler)
    policy: Policy = field(default=MONOGRAPH, kw_only=True, eq=False, repr=False, validator=_policy)

    def __attrs_post_init__(self) -> None:
        if not self.policy.allows_daily(self.strength):
            raise PolicyViolationError(
                "capsule strength (one night's dose)",
                str(self.strength),
                f"at most {self.policy.max_daily_dose} under policy {self.policy.name!r}",
                rule_id=RuleId.DOSE_MAX,
            )

    def __str__(self) -> str:
        return f"{self.strength} capsule ({self.filler} filler)"


def capsules_for(
    plan: TitrationPlan, filler: Filler | str = Filler.CELLULOSE
) -> tuple[Capsule, ...]:
    """One capsule strength per distinct dose of a plan, smallest first, one capsule a night.

    Each capsule is checked against the plan's own policy.

    >>> from ldn.schedule import titrate
    >>> plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
    >>> [str(c) for c in capsules_for(plan, "ginger")]
    ['1.5 mg capsule (ginger filler)', '3 mg capsule (ginger filler)', '4.5 mg capsule (ginger filler)']
    """
    checked = _plan(plan)
    return tuple(Capsule(dose, filler, policy=checked.policy) for dose in checked.doses)


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
