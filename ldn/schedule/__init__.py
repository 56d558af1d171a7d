"""Titration plans: from the first nightly dose up to a maintenance dose.

:func:`titrate` builds a :class:`TitrationPlan`. Day 0 is the night of the first
dose; every dose is taken once daily at bedtime (``LDN-TIMING``). The plan is a
tuple of :class:`Step` values, the last of them open-ended: the maintenance dose.

Plans never change. :meth:`TitrationPlan.step_back`, :meth:`~TitrationPlan.hold`
and :meth:`~TitrationPlan.resume` return new plans.

>>> plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
>>> [str(s) for s in plan.steps]
['1.5 mg on days 0-13', '3 mg on days 14-27', '4.5 mg from day 28']
>>> plan.instruction_text()
'Take 1.5 mg at bedtime for 14 days, then 3 mg at bedtime for 14 days, then 4.5 mg at bedtime.'
>>> plan.review_window
ReviewWindow(first_day=56, last_day=70, first_date=None, last_date=None)
"""

from __future__ import annotations

from ldn.schedule._plan import TitrationPlan, plan_svg, titrate
from ldn.schedule._steps import (
    DOSING_TIME,
    MAX_PLAN_DAY,
    MAX_STEPS,
    DayOrDate,
    InstructionLine,
    ReviewWindow,
    Step,
    instruction_sentence,
)

__all__ = [
    "DOSING_TIME",
    "MAX_PLAN_DAY",
    "MAX_STEPS",
    "DayOrDate",
    "InstructionLine",
    "ReviewWindow",
    "Step",
    "TitrationPlan",
    "instruction_sentence",
    "plan_svg",
    "titrate",
]
