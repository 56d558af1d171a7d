"""Bottles of the oral liquid: when each is made and which nights it serves. Private.

A bottle serves until its beyond-use date, until it holds less than the night's
dose, or until the period ends (LDN-LIQUID-BUD). Counted per step by whole-bottle
integer arithmetic in micrograms, never night by night. Import :class:`Bottle`
from :mod:`ldn.formulation`; :class:`~ldn.OralLiquid` counts with the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Final

from attrs import Attribute, field, frozen

from ldn._checks import describe, shown
from ldn.dose import Dose, Volume
from ldn.errors import FormulationError, LdnTypeError

__all__ = ["Bottle", "batches", "microgram_count", "microlitre_count"]

#: The largest plan night or night count a Bottle holds.
_MAX_NIGHT: Final = 10**12

#: One night run of a plan: (dose, first night, last night).
Run = tuple[Dose, int, int]


def microgram_count(dose: Dose) -> int:
    """A dose as a whole number of micrograms (doses have a 0.001 mg resolution); exact."""
    return int(Fraction(dose.mg) * 1000)


def microlitre_count(volume: Volume) -> int:
    """A volume as a whole number of microlitres (volumes have a 0.001 mL resolution); exact."""
    return int(Fraction(volume.ml) * 1000)


def batches(
    runs: tuple[Run, ...], tablet: int, half: int, bud: int
) -> Iterator[tuple[int, int, int, bool]]:
    """Bottles as (first made, count, nights each, half), in order; per step, not per night.

    ``tablet`` and ``half`` are the micrograms of a whole and a half bottle (``half``
    0: no halves), ``bud`` the beyond-use days. Within a run at dose d every fresh
    bottle serves the same nights, min(bud, tablet // d), so all but the run's last
    bottle come in one batch; the last, which may carry on into the next runs, is
    followed run by run (at most ``bud`` of them). A half bottle is made wherever
    it serves the same nights as a whole one.
    """
    index = 0
    day = runs[0][1]
    while index < len(runs):
        step_dose, _, end = runs[index]
        dose = microgram_count(step_dose)
        each = min(bud, tablet // dose)
        inside = (end - day) // each  # bottles that end before the run's last one
        if inside:
            yield day, inside, each, bool(half) and min(bud, half // dose) == each
            day += inside * each
        whole = _serves(runs, index, day, tablet, bud)
        served_by_half = _serves(runs, index, day, half, bud) if half else 0
        yield day, 1, whole, served_by_half == whole
        day += whole
        while index < len(runs) and runs[index][2] < day:
            index += 1


def _serves(
    runs: tuple[tuple[Dose, int, int], ...], index: int, day: int, content: int, bud: int
) -> int:
    """Nights a bottle of ``content`` micrograms made on ``day`` (in run ``index``) serves.

    It serves until its beyond-use days are over, it holds less than the night's
    dose, or the runs end; each run is visited once, and at most ``bud`` of them.
    """
    nights = 0
    while index < len(runs) and nights < bud:
        step_dose, _, end = runs[index]
        dose = microgram_count(step_dose)
        length = min(end - (day + nights) + 1, bud - nights)
        possible = content // dose
        if possible < length:
            return nights + possible
        nights += length
        content -= dose * length
        index += 1
    return nights


def _bottle_count(instance: object, attribute: Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise LdnTypeError(attribute.name, describe(value), "an int")
    low = 1 if attribute.name == "nights" else 0
    if not low <= value <= _MAX_NIGHT:
        raise FormulationError(attribute.name, shown(value), f"from {low} to 10**12")


def _bool(instance: object, attribute: Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise LdnTypeError(attribute.name, describe(value), "a bool")


@frozen
class Bottle:
    """One bottle of the oral liquid: made on plan night ``made``, used for ``nights`` nights.

    ``half`` is True for a bottle of half a tablet in half the water
    (LDN-LIQUID-BUD). The bottle is thrown away after its last night.
    """

    made: int = field(validator=_bottle_count)
    nights: int = field(validator=_bottle_count)
    half: bool = field(default=False, validator=_bool)

    @property
    def last_night(self) -> int:
        """The last plan night the bottle serves."""
        return self.made + self.nights - 1

    def __str__(self) -> str:
        source = "half a tablet" if self.half else "one tablet"
        return f"nights {self.made}-{self.last_night}: {source}"
