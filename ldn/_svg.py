"""Drawing a titration plan as an inline SVG step line, from plain numbers. Private.

No plotting library and no ldn value: :mod:`ldn.schedule` (the plan's Jupyter
display) and :mod:`ldn.chart` (:func:`ldn.chart.plan_svg`) pass the plan's steps,
review window and texts. Pixel positions are whole numbers computed from the exact
doses (a display rounding, never a dose).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final

from ldn._exact import format_decimal

__all__ = ["draw_plan"]

_WIDTH: Final = 640
_HEIGHT: Final = 240
_LEFT: Final = 64
_RIGHT: Final = 16
_TOP: Final = 16
_BOTTOM: Final = 40


def _x(day: int, span: int) -> int:
    return _LEFT + (day * (_WIDTH - _LEFT - _RIGHT)) // span


def _y(mg: Fraction, top: Fraction) -> int:
    plot = _HEIGHT - _TOP - _BOTTOM
    return _TOP + plot - round(mg * plot / top)


def _mg(mg: Decimal) -> str:
    return f"{format_decimal(mg)} mg"


def draw_plan(
    *,
    steps: Sequence[tuple[Decimal, int, int | None]],
    start_date: dt.date | None,
    review: tuple[int, int],
    top: Decimal,
    policy_name: str,
    instruction: str,
) -> str:
    """A plan's dose as an inline SVG step line, from plain numbers.

    ``steps`` are (mg, first day, last day or None for the open-ended last step);
    ``review`` the first and last day of the review window; ``top`` the mg at the
    top of the y axis; ``policy_name`` and ``instruction`` go into the text
    alternative. With a ``start_date`` the days are labelled as dates.
    """
    import zlib  # only notebooks and charts draw; keep both out of `import ldn`
    from html import escape

    first_day, last_day = review
    span = last_day + 7
    top_mg = Fraction(top)
    first_mg, maintenance_mg = steps[0][0], steps[-1][0]
    title = (
        f"Titration plan: {_mg(first_mg)} rising to {_mg(maintenance_mg)}"
        if maintenance_mg > first_mg
        else f"Titration plan: {_mg(maintenance_mg)} maintenance"
    )

    def when(day: int) -> str:
        if start_date is None:
            return f"day {day}"
        return (start_date + dt.timedelta(days=day)).isoformat()

    changes = [f"{_mg(mg)} from {when(first)}" for mg, first, _ in steps]
    desc = (
        f"Dose by night under policy {policy_name!r}: "
        + "; ".join(changes)
        + f". Review window {when(first_day)} to {when(last_day)}. "
        + instruction
    )
    key = f"ldn-plan-{zlib.crc32(desc.encode()):08x}"
    bottom = _HEIGHT - _BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ldn-plan" role="img" '
        f'width="{_WIDTH}" height="{_HEIGHT}" viewBox="0 0 {_WIDTH} {_HEIGHT}" '
        f'aria-labelledby="{key}-title {key}-desc" font-family="sans-serif" font-size="11">',
        f'<title id="{key}-title">{escape(title)}</title>',
        f'<desc id="{key}-desc">{escape(desc)}</desc>',
        f'<rect class="review" x="{_x(first_day, span)}" y="{_TOP}" '
        f'width="{max(2, _x(last_day + 1, span) - _x(first_day, span))}" '
        f'height="{bottom - _TOP}" fill="#d9e6f2"/>',
        f'<text x="{_x(first_day, span) + 3}" y="{_TOP + 12}" fill="#1f3f5f">review</text>',
        f'<line class="axis" x1="{_LEFT}" y1="{bottom}" x2="{_WIDTH - _RIGHT}" y2="{bottom}" '
        'stroke="#000"/>',
        f'<line class="axis" x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{bottom}" stroke="#000"/>',
    ]
    for mg in sorted({mg for mg, _, _ in steps}):
        y = _y(Fraction(mg), top_mg)
        parts.append(
            f'<text class="y-tick" x="{_LEFT - 6}" y="{y + 4}" text-anchor="end">{_mg(mg)}</text>'
        )
    path = []
    for index, (mg, first, last) in enumerate(steps):
        x, y = _x(first, span), _y(Fraction(mg), top_mg)
        path.append(f"M {x} {y}" if index == 0 else f"V {y}")
        end = span if last is None else last + 1
        path.append(f"H {_x(end, span)}")
    parts.append(
        f'<path class="dose" d="{" ".join(path)}" fill="none" stroke="#1f4e79" stroke-width="2.5"/>'
    )
    for index, (mg, first, _) in enumerate(steps):
        x, y = _x(first, span), _y(Fraction(mg), top_mg)
        if index:
            parts.append(
                f'<circle class="change" cx="{x}" cy="{y}" r="4" fill="#1f4e79" '
                f'data-day="{first}" data-mg="{mg}"/>'
            )
        label = str(first) if start_date is None else when(first)[5:]
        parts.append(
            f'<text class="x-tick" x="{x}" y="{bottom + 14}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    axis_label = "plan day" if start_date is None else "date (month-day)"
    parts.append(
        f'<text x="{(_LEFT + _WIDTH - _RIGHT) // 2}" y="{_HEIGHT - 6}" text-anchor="middle">'
        f"{axis_label}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)
