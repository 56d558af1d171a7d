"""A plan for notebooks: the error of a missing optional package, and the matplotlib plot. Private.

Nothing here imports an optional package at import time: :func:`plot_steps` imports
matplotlib when it is called, and :func:`optional_import` raises
:class:`MissingExtraError` (an :class:`~ldn.errors.LdnError` and an
:class:`ImportError`) naming the extra to install when the package is absent.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Sequence
from decimal import Decimal
from types import ModuleType
from typing import Any

from ldn._checks import describe
from ldn.errors import LdnTypeError, MissingExtraError

__all__ = ["optional_import", "plot_steps"]


def optional_import(module: str, extra: str, feature: str) -> ModuleType:
    """Import ``module`` for ``feature``, or raise :class:`MissingExtraError` naming ``extra``."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError.of(module, extra, feature) from None


def plot_steps(
    ax: Any,
    *,
    steps: Sequence[tuple[Decimal, int, int | None]],
    review: tuple[int, int],
    start_date: dt.date | None,
    title: str,
) -> Any:
    """Draw ``(mg, first_day, last_day)`` steps as a step line on matplotlib axes ``ax``.

    None for ``ax`` draws on new axes. Doses become floats here, for drawing only.
    The x axis is plan days, or dates when ``start_date`` is given; the review
    window (``review``, first and last day) is shaded. Returns the axes.
    """
    pyplot = optional_import("matplotlib.pyplot", "plot", "TitrationPlan.plot()")
    # pyplot has imported the rest of matplotlib: its axes and dates modules are there.
    axes, dates = (importlib.import_module(f"matplotlib.{name}") for name in ("axes", "dates"))
    if ax is None:
        ax = pyplot.subplots()[1]
    elif not isinstance(ax, axes.Axes):
        raise LdnTypeError("ax", describe(ax), "matplotlib Axes or None (new axes)")
    end = max(review[1], steps[-1][1]) + 7
    days: list[int] = []
    mg: list[float] = []
    for dose, first, last in steps:
        days += [first, end if last is None else last + 1]
        mg += [float(dose), float(dose)]

    room = None if start_date is None else (dt.date.max - start_date).days

    def at(day: int) -> object:
        if start_date is None or room is None:
            return day
        return start_date + dt.timedelta(days=min(day, room))

    ax.plot([at(day) for day in days], mg, drawstyle="steps-post", label="nightly dose")
    ax.axvspan(at(review[0]), at(review[1] + 1), alpha=0.2, label="review window")
    if start_date is not None:  # short date labels that do not overlap
        locator = dates.AutoDateLocator(maxticks=6)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))
    ax.set_xlabel("plan day" if start_date is None else "date")
    ax.set_ylabel("dose (mg)")
    ax.set_ylim(bottom=0)
    ax.set_title(title)
    ax.legend()
    return ax
