"""How to keep and use the oral liquid: storage, handling and its beyond-use date. Private.

Import these from :mod:`ldn.formulation`.
"""

from __future__ import annotations

import re
from typing import Final

from attrs import Attribute, field, frozen

from ldn._checks import choice, describe, nonempty, quoted
from ldn.errors import FormulationError, LdnTypeError
from ldn.monograph import MONOGRAPH, Policy, RuleId

__all__ = ["HANDLING", "HandlingInstruction", "liquid_handling"]


def _code(instance: object, attribute: Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise LdnTypeError(attribute.name, describe(value), "a str")
    if _CODE.fullmatch(value) is None:
        raise FormulationError(
            attribute.name, quoted(value), "lowercase words joined by '-', such as 'refrigerate'"
        )


def _sentence(instance: object, attribute: Attribute[str], value: object) -> None:
    nonempty(value, attribute.name, FormulationError)


def _rule_id(value: object) -> RuleId:
    return choice(value, RuleId, "rule id", FormulationError)


_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@frozen
class HandlingInstruction:
    """One storage or handling instruction for the oral liquid.

    ``code`` is a lowercase slug (``"refrigerate"``), ``text`` a sentence, and
    ``rule_id`` a rule id (as the enum or its text).
    """

    code: str = field(validator=_code)
    text: str = field(validator=_sentence)
    rule_id: RuleId = field(default=RuleId.LIQUID, converter=_rule_id)


def liquid_handling(policy: Policy = MONOGRAPH) -> tuple[HandlingInstruction, ...]:
    """How to keep and use the oral liquid under ``policy``, for labels and counselling.

    The storage lines of LDN-LIQUID and the beyond-use date of LDN-LIQUID-BUD,
    in the policy's days.

    >>> [h.code for h in liquid_handling()]
    ['refrigerate', 'protect-from-light', 'shake', 'oral-syringe', 'discard', 'fresh-bottle', 'children', 'taste']
    >>> liquid_handling()[4].text
    'Throw away what is left in a bottle 14 days after you made it, even if some is left.'
    """
    if not isinstance(policy, Policy):
        raise LdnTypeError("policy", describe(policy), "a Policy")
    days = policy.liquid_bud_days
    return (
        HandlingInstruction("refrigerate", "Keep the bottle in the refrigerator."),
        HandlingInstruction("protect-from-light", "Keep the bottle wrapped in aluminium foil."),
        HandlingInstruction("shake", "Shake the bottle well before each dose."),
        HandlingInstruction("oral-syringe", "Measure every dose with an oral syringe."),
        HandlingInstruction(
            "discard",
            f"Throw away what is left in a bottle {days} days after you made it, "
            "even if some is left.",
            RuleId.LIQUID_BUD,
        ),
        HandlingInstruction(
            "fresh-bottle",
            f"Make a fresh bottle at least every {days} days, and whenever the bottle holds "
            "less than your next dose.",
            RuleId.LIQUID_BUD,
        ),
        HandlingInstruction("children", "Keep the bottle out of the reach and sight of children."),
        HandlingInstruction("taste", "Expect a very unpleasant taste."),
    )


#: How to keep and use the oral liquid under the monograph's policy (LDN-LIQUID,
#: LDN-LIQUID-BUD), for labels and counselling; :func:`liquid_handling` for another policy.
HANDLING: Final = liquid_handling()
