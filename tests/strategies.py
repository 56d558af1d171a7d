"""Hypothesis strategies for ldn's values (composite, so the bounds hold by construction)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from ldn import MONOGRAPH, Dose, Policy


def mg(thousandths: int) -> Dose:
    return Dose(Decimal(thousandths).scaleb(-3))


SMALLEST = Dose("0.001")
LARGEST = Dose(1000)
MONOGRAPH_MAX = MONOGRAPH.max_daily_dose


def doses(low: Dose = SMALLEST, high: Dose = LARGEST) -> st.SearchStrategy[Dose]:
    """Any dose between ``low`` and ``high`` inclusive, at the type's 0.001 mg resolution."""
    return st.integers(int(low.mg * 1000), int(high.mg * 1000)).map(mg)


def half_mg_doses(high: Dose = MONOGRAPH_MAX) -> st.SearchStrategy[Dose]:
    """Multiples of 0.5 mg from 0.5 mg up to ``high``."""
    return st.integers(1, int(high.mg * 2)).map(lambda n: Dose(Decimal(n) / 2))


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """A valid policy derived from the monograph, with every rule figure redrawn."""
    start_min = draw(doses(Dose("0.1"), Dose(5)))
    start_max = draw(doses(start_min, Dose(6)))
    maximum = draw(doses(start_max, Dose(12)))
    low_interval = draw(st.integers(1, 21))
    high_interval = draw(st.integers(low_interval, 28))
    review_from = draw(st.integers(0, 60))
    review_to = draw(st.integers(review_from, 90))
    return MONOGRAPH.derive(
        name="drawn",
        reason="property test",
        max_daily_dose=maximum,
        start_min=start_min,
        start_max=start_max,
        min_interval_days=low_interval,
        max_interval_days=high_interval,
        review_from_day=review_from,
        review_to_day=review_to,
        loperamide_blocks=draw(st.booleans()),
        liquid_tablet=Dose(51),  # always a change, so derive() never sees a no-op
    )


@st.composite
def titrate_kwargs(draw: st.DrawFn, policy: Policy = MONOGRAPH) -> dict[str, Any]:
    """Keyword arguments that :func:`ldn.titrate` accepts under ``policy``."""
    start = draw(doses(policy.start_min, policy.start_max))
    target = draw(doses(start, policy.max_daily_dose))
    # Keep plans short: at most 40 rises.
    smallest_step = max(Dose("0.001").mg, (target.mg - start.mg) / 40)
    step = draw(doses(Dose(smallest_step.quantize(Decimal("0.001"))), Dose(5)))
    interval = draw(st.integers(policy.min_interval_days, policy.max_interval_days))
    return {"start": start, "step": step, "interval_days": interval, "target": target}
