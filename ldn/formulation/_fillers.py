"""Capsule fillers and the choice among them (LDN-FILLER). Private: import from ldn.formulation."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Final

from ldn._checks import Choices, describe, quoted
from ldn.errors import FormulationError, LdnTypeError
from ldn.monograph import RuleId

__all__ = ["FILLER_PREFERENCE", "Filler", "choose_filler", "suitable_filler", "to_filler"]


class Filler(StrEnum, metaclass=Choices, error=FormulationError):
    """The inert powder that fills a compounded capsule."""

    CELLULOSE = "cellulose"
    SUCROSE = "sucrose"
    GINGER = "ginger"


#: Fillers in order of preference: the usual cellulose, then the alternatives (LDN-FILLER).
FILLER_PREFERENCE: Final = (Filler.CELLULOSE, Filler.SUCROSE, Filler.GINGER)


def to_filler(value: object) -> Filler:
    """A :class:`Filler` from itself or its name (``"sucrose"``, any case)."""
    if isinstance(value, Filler):
        return value
    if not isinstance(value, str):
        raise LdnTypeError("filler", describe(value), "a Filler or str")
    name = value.strip().lower()
    for filler in FILLER_PREFERENCE:
        if filler.value == name:
            return filler
    raise FormulationError("filler", quoted(value), f"one of {', '.join(FILLER_PREFERENCE)}")


def suitable_filler(sensitivities: Iterable[Filler | str]) -> Filler | None:
    """The preferred filler the patient is not sensitive to, or None if none suits (LDN-FILLER).

    The filler :func:`choose_filler` picks; where the patient reacts to every
    filler it returns None instead of raising. A wrong argument is refused as
    :func:`choose_filler` refuses it.

    >>> suitable_filler(["cellulose"]), suitable_filler(["cellulose", "sucrose", "ginger"])
    (<Filler.SUCROSE: 'sucrose'>, None)
    """
    if isinstance(sensitivities, str | bytes | bytearray) or not isinstance(
        sensitivities, Iterable
    ):
        raise LdnTypeError(
            "sensitivities", describe(sensitivities), "a collection of fillers, not a str"
        )
    avoid = {to_filler(each) for each in sensitivities}
    for filler in FILLER_PREFERENCE:
        if filler not in avoid:
            return filler
    return None


def choose_filler(sensitivities: Iterable[Filler | str]) -> Filler:
    """The preferred filler the patient is not sensitive to (LDN-FILLER).

    >>> choose_filler([]), choose_filler(["cellulose", "sucrose"])
    (<Filler.CELLULOSE: 'cellulose'>, <Filler.GINGER: 'ginger'>)
    """
    filler = suitable_filler(sensitivities)
    if filler is None:  # sensitive to every filler
        raise FormulationError(
            "filler sensitivities",
            ", ".join(sorted(FILLER_PREFERENCE)),
            "fewer than all of cellulose, sucrose and ginger (else agree a filler with the compounder)",
            rule_id=RuleId.FILLER,
        )
    return filler
