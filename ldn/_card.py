"""The one renderer of CDS Hooks cards, from plain values. Private.

:meth:`ldn.Finding.to_cds_card` and the CDS services (:mod:`ldn.cds`) both build
their cards here, so a card's members, their order and the indicator of each
severity are decided once.

>>> render_card(summary="Opioid use not confirmed", severity="contraindication",
...             detail="Confirm first.", source={"label": "ldn"})
{'summary': 'Opioid use not confirmed', 'indicator': 'critical', 'detail': 'Confirm first.', 'source': {'label': 'ldn'}}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

__all__ = ["INDICATOR", "render_card"]

#: The CDS Hooks indicator of each finding severity.
INDICATOR: Final[Mapping[str, str]] = MappingProxyType(
    {"contraindication": "critical", "caution": "warning", "info": "info"}
)


def render_card(
    *,
    summary: str,
    severity: str,
    detail: str,
    source: Mapping[str, Any],
    uuid: str | None = None,
    links: Sequence[Mapping[str, str]] | None = None,
    override_reasons: Sequence[Mapping[str, str]] = (),
    suggestions: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """A CDS Hooks 2.0 card (a plain dict), its members in the order the specification lists.

    ``severity`` is a finding severity (``contraindication``, ``caution``,
    ``info``). ``overrideReasons`` and ``suggestions`` (with ``selectionBehavior``
    ``at-most-one``) are written only when there are any; ``uuid`` and ``links``
    only when given.
    """
    card: dict[str, Any] = {} if uuid is None else {"uuid": uuid}
    card["summary"] = summary
    card["indicator"] = INDICATOR[severity]
    card["detail"] = detail
    card["source"] = dict(source)
    if links is not None:
        card["links"] = [dict(link) for link in links]
    if override_reasons:
        card["overrideReasons"] = [dict(reason) for reason in override_reasons]
    if suggestions:
        card["suggestions"] = [dict(suggestion) for suggestion in suggestions]
        card["selectionBehavior"] = "at-most-one"
    return card
