"""A policy for people: its readable text and its Jupyter table, every figure with its rule. Private.

Used by :class:`~ldn.monograph.Policy` as its ``__str__`` and ``_repr_html_``. It reads
the policy through :class:`PolicyLike`, so that it never imports the policy's module.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol

from ldn._html import html_table
from ldn.monograph._rules import Rule, RuleId

__all__ = ["PolicyLike", "policy_html", "policy_text"]


class ChangeLike(Protocol):
    """What the display reads of a :class:`~ldn.monograph.PolicyChange`."""

    @property
    def figure(self) -> str: ...
    @property
    def old(self) -> object: ...
    @property
    def new(self) -> object: ...
    @property
    def rule_id(self) -> RuleId: ...


class PolicyLike(Protocol):
    """What the display reads of a :class:`~ldn.monograph.Policy`."""

    @property
    def name(self) -> str: ...
    @property
    def reason(self) -> str: ...
    @property
    def derived_from(self) -> str | None: ...
    @property
    def changes(self) -> Sequence[ChangeLike]: ...
    @property
    def rules(self) -> tuple[Rule, ...]: ...
    def figures(self, rule_id: RuleId | str) -> Mapping[str, object]: ...


def _heading(policy: PolicyLike) -> str:
    if policy.derived_from is None:
        return f"Policy {policy.name!r}: {policy.reason}"
    return f"Policy {policy.name!r}, derived from {policy.derived_from!r}: {policy.reason}"


def _rows(policy: PolicyLike) -> Iterator[tuple[str, str, str]]:
    """(rule id, figure, value) for every figure of every rule, in the rules' order."""
    for rule in policy.rules:
        for figure, value in policy.figures(rule.id).items():
            yield str(rule.id), figure, str(value)


def policy_text(policy: PolicyLike) -> str:
    """The policy for a clinician: its name and reason, its changes, each figure with its rule.

    >>> from ldn import MONOGRAPH
    >>> print(MONOGRAPH.derive(name="trial", reason="6 mg in the protocol", max_daily_dose=6))
    Policy 'trial', derived from 'monograph': 6 mg in the protocol
      changed: max_daily_dose 4.5 mg -> 6 mg [LDN-DOSE-MAX]
      LDN-DOSE-MAX: max_daily_dose 6 mg
      LDN-DOSE-TYPICAL: typical_low 1 mg, typical_high 5 mg, typical_common 4.5 mg
      LDN-START: start_min 0.5 mg, start_max 1.5 mg
      LDN-STEP-INTERVAL: min_interval_days 7, max_interval_days 14
      LDN-REVIEW: review_from_day 28, review_to_day 42
      LDN-OPIOID: loperamide_blocks False, unrecognised_blocks False
      LDN-LIQUID: liquid_tablet 50 mg, liquid_water 100 mL
      LDN-OPIOID-FREE: opioid_free_days 10, opioid_free_days_long 14, opioid_free_days_depot 300, dispense_days_default 30
      LDN-CONFIRM: confirmation_days 7
      LDN-CONTINUE: continuation_days 7
      LDN-STEP-SIZE: max_rise 1.5 mg
      LDN-LIQUID-BUD: liquid_bud_days 14
      LDN-SWITCH: switch_nights 14
    """
    lines = [_heading(policy)]
    lines += [f"  changed: {c.figure} {c.old} -> {c.new} [{c.rule_id}]" for c in policy.changes]
    by_rule: dict[str, list[str]] = {}
    for rule_id, figure, value in _rows(policy):
        by_rule.setdefault(rule_id, []).append(f"{figure} {value}")
    lines += [f"  {rule_id}: {', '.join(figures)}" for rule_id, figures in by_rule.items()]
    return "\n".join(lines)


def policy_html(policy: PolicyLike) -> str:
    """The policy as an HTML table for Jupyter: rule, figure, value, and what changed; escaped."""
    changed = {c.figure: f"from {c.old}" for c in policy.changes}
    cells = (
        (rule_id, figure, value, changed.get(figure, ""))
        for rule_id, figure, value in _rows(policy)
    )
    return html_table(_heading(policy), ("rule", "figure", "value", "changed"), cells)
