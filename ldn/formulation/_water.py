"""Which water volumes make every dose of a plan measurable. Private.

Import these from :mod:`ldn.formulation`.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Final

from ldn._checks import describe
from ldn.dose import DoseInput, Volume, VolumeInput, as_dose, as_volume
from ldn.errors import FormulationError, LdnTypeError
from ldn.formulation._bottles import microgram_count, microlitre_count
from ldn.formulation._liquid import ORAL_SYRINGES, Syringe, as_syringes
from ldn.monograph import MONOGRAPH, Policy, RuleId
from ldn.schedule import TitrationPlan

__all__ = ["MAX_WATER_CANDIDATES", "water_volumes_for"]


#: The most water volumes :func:`water_volumes_for` tries in one call.
MAX_WATER_CANDIDATES: Final = 100_000


def water_volumes_for(
    doses: TitrationPlan | Iterable[DoseInput],
    syringes: Iterable[Syringe] = ORAL_SYRINGES,
    *,
    tablet_mg: DoseInput | None = None,
    smallest: VolumeInput = 1,
    largest: VolumeInput = 500,
    step: VolumeInput = 1,
    policy: Policy = MONOGRAPH,
) -> tuple[Volume, ...]:
    """The water volumes for one tablet at which every dose is measurable (LDN-LIQUID).

    ``doses`` is a plan (all its doses) or any doses. Volumes from ``smallest``
    to ``largest`` in steps of ``step`` (mL) are tried, each exactly: a volume is
    kept when every dose falls on a mark of some syringe within its capacity. No
    volume is rounded; pick one and build ``OralLiquid.from_tablet(tablet, water)``.

    >>> from ldn.schedule import titrate
    >>> plan = titrate(start="0.75", step="0.75", interval_days=7, target="4.5")
    >>> water_volumes_for(plan, smallest=50, largest=120)  # not 100 mL: 2.25 mg is 4.5 mL
    (Volume('80'),)
    >>> from ldn.formulation import OralLiquid
    >>> str(OralLiquid.from_tablet(50, 80).measure("2.25"))
    '3.6 mL (2.25 mg)'
    """
    if isinstance(doses, TitrationPlan):
        wanted = doses.doses
    elif isinstance(doses, str | bytes) or not isinstance(doses, Iterable):
        raise LdnTypeError("doses", describe(doses), "a TitrationPlan or an iterable of doses")
    else:
        wanted = tuple(sorted({as_dose(each) for each in doses}))
        if not wanted:
            raise FormulationError("doses", "none", "at least one dose", rule_id=RuleId.LIQUID)
    given = as_syringes(syringes)
    tablet = policy.liquid_tablet if tablet_mg is None else as_dose(tablet_mg, "tablet_mg")
    low, high, every = (
        microlitre_count(as_volume(smallest, "smallest")),
        microlitre_count(as_volume(largest, "largest")),
        microlitre_count(as_volume(step, "step")),
    )
    if high < low:
        raise FormulationError(
            "largest water volume", str(as_volume(largest)), f"at least {as_volume(smallest)}"
        )
    if (high - low) // every + 1 > MAX_WATER_CANDIDATES:
        raise FormulationError(
            "water volumes to try",
            f"{(high - low) // every + 1} (from {as_volume(smallest)} to {as_volume(largest)} by {as_volume(step)})",
            f"at most {MAX_WATER_CANDIDATES}",
        )
    per_tablet = microgram_count(tablet)
    amounts = [microgram_count(each) for each in wanted]
    scales = [
        (microlitre_count(s.capacity) * per_tablet, microlitre_count(s.graduation) * per_tablet)
        for s in given
    ]
    found = []
    for water in range(low, high + 1, every):
        # A dose d (ug) takes d * water / tablet uL; it is measurable with a syringe when
        # that is at most its capacity and a whole number of its graduations.
        if all(
            any(d * water <= cap and d * water % mark == 0 for cap, mark in scales) for d in amounts
        ):
            found.append(Volume(Fraction(water, 1000)))
    return tuple(found)
