"""The monograph's rules as data, and the policies built on them.

Each clinical decision of the monograph is a :class:`Rule` with a stable id
(:class:`RuleId`), the monograph section it comes from, a paraphrase, and the
names of the :class:`Policy` figures it fixes. :data:`MONOGRAPH` is the default
policy, holding the monograph's own figures. A clinic that needs other figures
derives a named policy with :meth:`Policy.derive`, which records every change
and the reason for it.

A policy answers for each rule it enforces through one predicate:
:meth:`~Policy.allows_start`, :meth:`~Policy.allows_daily`,
:meth:`~Policy.allows_interval`, :meth:`~Policy.allows_rise_after` and
:meth:`~Policy.allows_timing`. Its checks, and every other caller, ask these.

Behind this module: the rules and sources as rows of plain data, the values
built and checked from them (:class:`RuleId`, :class:`Reference`, :class:`Rule`),
and the policies.

>>> MONOGRAPH.max_daily_dose
Dose('4.5')
>>> MONOGRAPH.figures(RuleId.START)
{'start_min': Dose('0.5'), 'start_max': Dose('1.5')}
>>> trial = MONOGRAPH.derive(
...     name="fibromyalgia-rct-2024",
...     reason="Trial protocol used 6 mg once daily",
...     max_daily_dose="6",
... )
>>> trial.changes
(PolicyChange(figure='max_daily_dose', old=Dose('4.5'), new=Dose('6'), rule_id=<RuleId.DOSE_MAX: 'LDN-DOSE-MAX'>),)
"""

from __future__ import annotations

from ldn.monograph._policy import (
    DEPOT_DAYS,
    MAX_NAME_LENGTH,
    MONOGRAPH,
    MONOGRAPH_NAME,
    Figure,
    Policy,
    PolicyChange,
)
from ldn.monograph._rules import (
    FIGURE_TYPES,
    REFERENCES,
    RULES,
    Reference,
    ReferenceKind,
    Rule,
    RuleId,
    Washout,
)

__all__ = [
    "DEPOT_DAYS",
    "FIGURE_TYPES",
    "MAX_NAME_LENGTH",
    "MONOGRAPH",
    "MONOGRAPH_NAME",
    "REFERENCES",
    "RULES",
    "Figure",
    "Policy",
    "PolicyChange",
    "Reference",
    "ReferenceKind",
    "Rule",
    "RuleId",
    "Washout",
]
