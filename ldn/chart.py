"""Charts of a plan for people: a printable dated calendar, and an SVG step line for Jupyter.

:func:`chart_html` writes a self-contained HTML page (print CSS, no script, no
network) with one calendar month per block: each night's dose in mg, the mL
beside it on oral liquid nights, the nights a new dose starts marked, the
nights to make a fresh bottle of the liquid marked (LDN-LIQUID-BUD), the review
window shaded (LDN-REVIEW), how to make, keep and measure the liquid (LDN-LIQUID),
and the naltrexone warning every leaflet carries: tell any doctor, dentist or
pharmacist, especially before an operation or when opioid pain relief may be
needed, since naltrexone blocks it. :func:`chart_text` is the same chart as plain
text, one line a night. Both return a string: writing the file is the caller's.

The page is for the patient: plain words, no rule ids and no policy names. A
plan under a derived policy reads as "your prescriber's plan". The rule ids stay
in the prescriber's views (the plan's and the regimen's Jupyter display, the
docs, the FHIR export).

:func:`plan_svg` draws the dose as a step line over the plan's days (or dates),
with the changes and the review window marked, a title and a text alternative;
:class:`~ldn.TitrationPlan` shows it in Jupyter above its table.

>>> import datetime as dt
>>> from ldn import titrate
>>> plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5",
...                start_date=dt.date(2026, 3, 2))
>>> print(chart_text(plan, through=15).split("\\n\\n")[-1], end="")
March 2026
Mon 2026-03-02  1.5 mg  > new dose
Tue 2026-03-03  1.5 mg
Wed 2026-03-04  1.5 mg
Thu 2026-03-05  1.5 mg
Fri 2026-03-06  1.5 mg
Sat 2026-03-07  1.5 mg
Sun 2026-03-08  1.5 mg
Mon 2026-03-09  1.5 mg
Tue 2026-03-10  1.5 mg
Wed 2026-03-11  1.5 mg
Thu 2026-03-12  1.5 mg
Fri 2026-03-13  1.5 mg
Sat 2026-03-14  1.5 mg
Sun 2026-03-15  1.5 mg
Mon 2026-03-16  3 mg  > new dose
Tue 2026-03-17  3 mg
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from html import escape
from typing import Final, NamedTuple

import attrs
from attrs import frozen

from ldn._checks import describe
from ldn.dose import Dose, Volume
from ldn.errors import LdnTypeError, ScheduleError
from ldn.formulation import Bottle, liquid_handling
from ldn.regimen import Form, Regimen
from ldn.schedule import DOSING_TIME, DayOrDate, TitrationPlan, plan_svg

__all__ = [
    "MAX_CHART_NIGHTS",
    "NALTREXONE_WARNING",
    "Chart",
    "chart",
    "chart_html",
    "chart_text",
    "plan_svg",
]

#: The most nights one chart shows (about three years); a longer chart is refused.
MAX_CHART_NIGHTS: Final = 1096

_WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAY_NAMES: Final = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
_MONTHS: Final = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_CHANGE_TEXT: Final = "new dose"
_BOTTLE_TEXT: Final = "fresh bottle"
#: What a leaflet for naltrexone tells every patient, in plain words (paraphrased from the
#: naltrexone labels' patient counselling and consumer information; see docs/charts.rst).
NALTREXONE_WARNING: Final = (
    "Tell every doctor, dentist, nurse and pharmacist who treats you that you take naltrexone.",
    "Tell them especially before an operation or a dental procedure, or if you may need "
    "strong pain relief: naltrexone stops opioid pain medicines, such as codeine, morphine "
    "or tramadol, from working.",
    "Carry a card or wear a medical alert that says you take naltrexone.",
)

_CSS: Final = """
@page { size: A4 portrait; margin: 12mm; }
* { box-sizing: border-box; }
body { font: 11pt/1.35 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #000;
  background: #fff; margin: 0 auto; max-width: 190mm; padding: 4mm; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 4mm 0 1mm; }
p, ul { margin: 1mm 0; }
.month { break-inside: avoid; page-break-inside: avoid; margin-top: 5mm; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th { font-size: 9pt; text-align: left; padding: 1mm; border-bottom: 2px solid #000; }
td { border: 1px solid #666; vertical-align: top; padding: 1mm; height: 17mm; font-size: 9pt; }
td.night .date { display: block; font-weight: bold; }
td.night .dose { display: block; font-size: 11pt; }
td.night .ml, td.night .form { display: block; }
td.change { border: 3px solid #000; }
td.change .mark { display: block; font-weight: bold; }
td.review { background: #d9e6f2; }
td.review .rv { display: block; font-style: italic; }
.key { display: inline-block; padding: 0 2mm; margin-right: 3mm; }
.key.change { border: 3px solid #000; font-weight: bold; }
.key.review { background: #d9e6f2; }
td.bottle .bm, .key.bottle { display: block; background: #f6dfb5; font-weight: bold; }
.key.bottle { display: inline-block; }
.warning { border: 3px solid #000; background: #fff3c4; padding: 2mm 3mm; margin: 3mm 0; }
.warning h2 { margin-top: 0; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print { body { padding: 0; } }
""".strip()


class _Night(NamedTuple):
    day: int
    date: dt.date
    dose: Dose
    volume: Volume | None
    capsule: bool
    change: bool
    review: bool
    bottle: Bottle | None


def _schedule(schedule: object) -> tuple[TitrationPlan, Regimen | None]:
    if isinstance(schedule, Regimen):
        return schedule.plan, schedule
    if isinstance(schedule, TitrationPlan):
        return schedule, None
    raise LdnTypeError("schedule", describe(schedule), "a TitrationPlan or a Regimen")


def _dated(plan: TitrationPlan, start_date: object) -> TitrationPlan:
    if start_date is None:
        if plan.start_date is None:
            raise ScheduleError(
                "start date of a chart", "None", "a date: the plan's start_date or start_date="
            )
        return plan
    if isinstance(start_date, dt.datetime) or not isinstance(start_date, dt.date):
        raise LdnTypeError("start_date", describe(start_date), "a datetime.date or None")
    if plan.start_date is not None and plan.start_date != start_date:
        raise ScheduleError(
            "start_date",
            start_date.isoformat(),
            f"the plan's own start date {plan.start_date.isoformat()} or None",
        )
    return attrs.evolve(plan, start_date=start_date)


def _nights(
    schedule: object, through: DayOrDate | None, start_date: object
) -> tuple[TitrationPlan, Regimen | None, list[_Night]]:
    plan, regimen = _schedule(schedule)
    dated = _dated(plan, start_date)
    window = dated.review_window
    review_first, review_last = window.first_day, window.last_day
    last = review_last if through is None else dated.day_of(through)
    if last + 1 > MAX_CHART_NIGHTS:
        raise ScheduleError(
            "nights in a chart", f"{last + 1} (through day {last})", f"at most {MAX_CHART_NIGHTS}"
        )
    start = dated.date_of(0)
    if (dt.date.max - start).days < max(last, review_last):
        raise ScheduleError(
            "last night of a chart (or of its review window)",
            f"day {max(last, review_last)} from {start.isoformat()}",
            "on or before 9999-12-31",
        )
    nights: list[_Night] = []
    switch = None if regimen is None else regimen.switch_day
    made = {bottle.made: bottle for bottle in _bottles(regimen, last)}
    for dose, begin, end in dated.runs(0, last):
        # Runs start at day 0, so each run is a whole step from its first night.
        for day in range(begin, end + 1):
            capsule = regimen is not None and (switch is not None and day >= switch)
            volume = None
            if regimen is not None and not capsule:
                measured = regimen.liquid_dose_on(day)
                volume = None if measured is None else measured.volume
            nights.append(
                _Night(
                    day,
                    start + dt.timedelta(days=day),
                    dose,
                    volume,
                    capsule,
                    day == begin,
                    review_first <= day <= review_last,
                    made.get(day),
                )
            )
    return dated, regimen, nights


def _bottles(regimen: Regimen | None, last: int) -> tuple[Bottle, ...]:
    """The bottles made on the chart's nights (LDN-LIQUID-BUD).

    Counted over all the liquid nights (on the liquid throughout: a beyond-use
    period past the chart), so a bottle near the chart's end is the bottle the
    patient will really make.
    """
    if regimen is None or regimen.liquid is None:
        return ()
    if regimen.switch_day is None:
        return regimen.bottles(0, last + regimen.plan.policy.liquid_bud_days)
    return regimen.bottles()


def _months(nights: list[_Night]) -> Iterator[tuple[int, int, list[_Night]]]:
    """(year, month, nights of that month) in order."""
    block: list[_Night] = []
    for night in nights:
        if block and (block[0].date.year, block[0].date.month) != (
            night.date.year,
            night.date.month,
        ):
            yield block[0].date.year, block[0].date.month, block
            block = []
        block.append(night)
    yield block[0].date.year, block[0].date.month, block


def _long_date(when: dt.date) -> str:
    return f"{_WEEKDAYS[when.weekday()]} {when.day} {_MONTHS[when.month]} {when.year}"


def _amount(night_dose: Dose, volume: Volume | None, form: Form | None) -> str:
    if volume is not None:
        return f"{night_dose} ({volume} of the oral liquid)"
    if form is Form.CAPSULES:
        return f"{night_dose} (1 capsule)"
    return str(night_dose)


def _summary(
    plan: TitrationPlan, regimen: Regimen | None, nights: list[_Night]
) -> tuple[list[str], str, bool]:
    """Lines per step, the review line, and whether the liquid is used in the chart.

    Plain words for the patient: no rule ids (LDN-REVIEW is the review window).
    """
    lines = []
    uses_liquid = False
    last_day = nights[-1].day
    segments = (
        tuple((s, s.first_day, s.last_day, None) for s in plan.steps)
        if regimen is None
        else regimen.segments()
    )
    for step, first, last, form in segments:
        if first > last_day:
            break
        measured = None if regimen is None else regimen.liquid_dose_on(first)
        volume = None if measured is None else measured.volume
        uses_liquid = uses_liquid or volume is not None
        amount = _amount(step.dose, volume, form)
        begin = _long_date(plan.date_of(first))
        if last is None:
            lines.append(f"From {begin}: {amount} {DOSING_TIME}, continuing.")
        else:
            end = _long_date(plan.date_of(last))
            lines.append(f"{begin} to {end}: {amount} {DOSING_TIME}.")
    window = plan.review_window
    review = (
        f"Between {_long_date(plan.date_of(window.first_day))} and "
        f"{_long_date(plan.date_of(window.last_day))}, talk with your prescriber about "
        "whether it helps."
    )
    return lines, review, uses_liquid


def _plan_line(plan: TitrationPlan) -> str:
    """Whose doses these are, in plain words: a derived policy is the prescriber's plan."""
    if plan.policy.derived_from is None:
        return "These doses follow the usual low dose naltrexone guidance."
    return "These doses follow your prescriber's plan."


def _making(regimen: Regimen | None, nights: list[_Night]) -> list[str]:
    """How to make a bottle of the liquid, in plain words (LDN-LIQUID, LDN-LIQUID-BUD)."""
    assert regimen is not None  # only a chart with the liquid
    assert regimen.liquid is not None
    liquid = regimen.liquid
    lines = [f"To make a bottle, dissolve one {liquid.tablet} tablet in {liquid.water} of water."]
    if any(night.bottle is not None and night.bottle.half for night in nights):
        half = liquid.half
        lines.append(
            f"Where the chart says half tablet, break a {liquid.tablet} tablet in two along "
            f"its line and dissolve one half in {half.water} of water; keep the other half "
            "in its pack for the next bottle."
        )
    return lines


def _bottle_mark(bottle: Bottle) -> str:
    return f"{_BOTTLE_TEXT} (half tablet)" if bottle.half else _BOTTLE_TEXT


def chart_html(
    schedule: TitrationPlan | Regimen,
    *,
    through: DayOrDate | None = None,
    start_date: dt.date | None = None,
    title: str = "Low dose naltrexone: your nightly doses",
) -> str:
    """A printable dated chart of a plan or regimen as one self-contained HTML page.

    One month per block, Monday first. Nights run from the first dose through
    ``through`` (a plan day or date; by default the last day of the review
    window). The plan needs a start date, its own or ``start_date``. Each night
    cell carries ``data-day``, ``data-date``, ``data-mg`` (and ``data-ml`` on
    oral liquid nights) for checking and for assistive software.
    """
    if not isinstance(title, str) or not title.strip():
        raise LdnTypeError("title", describe(title), "a non-empty str")
    plan, regimen, nights = _nights(schedule, through, start_date)
    lines, review, uses_liquid = _summary(plan, regimen, nights)
    out = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{escape(title)}</h1>",
        f'<p class="plan">{escape(_plan_line(plan))}</p>',
        f"<p>Take one dose each night, {DOSING_TIME}.</p>",
        '<ul class="steps">',
        *(f"<li>{escape(line)}</li>" for line in lines),
        "</ul>",
        f'<p class="review-line">{escape(review)}</p>',
        '<section class="warning" role="note"><h2>Important: you take naltrexone</h2><ul>',
        *(f"<li>{escape(line)}</li>" for line in NALTREXONE_WARNING),
        "</ul></section>",
    ]
    if uses_liquid:
        out.append(
            '<section class="handling"><h2>The oral liquid: making, keeping and measuring it'
            "</h2><ul>"
        )
        out += [f"<li>{escape(line)}</li>" for line in _making(regimen, nights)]
        out += [f"<li>{escape(h.text)}</li>" for h in liquid_handling(plan.policy)]
        out.append("</ul></section>")
    bottle_key = (
        f' <span class="key bottle">{_BOTTLE_TEXT}</span> marks the nights to make a fresh '
        "bottle of the liquid."
        if uses_liquid
        else ""
    )
    out.append(
        '<p class="legend"><span class="key change">&#9650; '
        f"{_CHANGE_TEXT}</span> marks the first night of a new dose. "
        '<span class="key review">Shaded</span> nights, marked <em>review</em>, are the nights '
        f"to talk with your prescriber about whether it helps.{bottle_key}</p></header>"
    )
    head = "".join(
        f'<th scope="col" abbr="{full}">{short}</th>'
        for short, full in zip(_WEEKDAYS, _WEEKDAY_NAMES, strict=True)
    )
    for year, month, block in _months(nights):
        name = f"{_MONTHS[month]} {year}"
        out.append(
            f'<section class="month" aria-label="{name}"><h2>{name}</h2><table>'
            f"<caption>Nightly doses, {name}</caption><thead><tr>{head}</tr></thead><tbody><tr>"
        )
        lead = (calendar.weekday(year, month, 1) + block[0].date.day - 1) % 7
        out.append('<td class="empty"></td>' * lead)
        column = lead
        for night in block:
            if column == 7:
                out.append("</tr><tr>")
                column = 0
            classes = (
                "night"
                + (" change" if night.change else "")
                + (" review" if night.review else "")
                + (" bottle" if night.bottle is not None else "")
            )
            ml = "" if night.volume is None else f' data-ml="{night.volume.ml}"'
            ml += ' data-form="capsule"' if night.capsule else ""
            if night.bottle is not None:
                ml += f' data-bottle="{"half" if night.bottle.half else "whole"}"'
            cell = [
                f'<td class="{classes}" data-day="{night.day}" '
                f'data-date="{night.date.isoformat()}" data-mg="{night.dose.mg}"{ml}>',
                f'<span class="date">{night.date.day}</span>',
                f'<span class="dose">{night.dose}</span>',
            ]
            if night.volume is not None:
                cell.append(f'<span class="ml">{night.volume}</span>')
            if night.capsule:
                cell.append('<span class="form">1 capsule</span>')
            if night.change:
                cell.append(f'<span class="mark">&#9650; {_CHANGE_TEXT}</span>')
            if night.review:
                cell.append('<span class="rv">review</span>')
            if night.bottle is not None:
                cell.append(f'<span class="bm">{_bottle_mark(night.bottle)}</span>')
            cell.append("</td>")
            out.append("".join(cell))
            column += 1
        out.append('<td class="empty"></td>' * (7 - column))
        out.append("</tr></tbody></table></section>")
    out.append("</body></html>\n")
    return "".join(out)


def chart_text(
    schedule: TitrationPlan | Regimen,
    *,
    through: DayOrDate | None = None,
    start_date: dt.date | None = None,
    title: str = "Low dose naltrexone: your nightly doses",
) -> str:
    """The chart of :func:`chart_html` as plain text: a header, then one line a night.

    Dates are written ``YYYY-MM-DD`` so that day and month cannot be swapped.
    """
    if not isinstance(title, str) or not title.strip():
        raise LdnTypeError("title", describe(title), "a non-empty str")
    plan, regimen, nights = _nights(schedule, through, start_date)
    lines, review, uses_liquid = _summary(plan, regimen, nights)
    out = [title, _plan_line(plan), f"Take one dose each night, {DOSING_TIME}."]
    out += [f"- {line}" for line in lines]
    out.append(review)
    out += ["", "Important: you take naltrexone"]
    out += [f"- {line}" for line in NALTREXONE_WARNING]
    if uses_liquid:
        out += ["", "The oral liquid: making, keeping and measuring it"]
        out += [f"- {line}" for line in _making(regimen, nights)]
        out += [f"- {h.text}" for h in liquid_handling(plan.policy)]
    legend = (
        f'"> {_CHANGE_TEXT}" marks the first night of a new dose; "R" marks the nights to '
        "talk with your prescriber about whether it helps."
    )
    if uses_liquid:
        legend += f' "* {_BOTTLE_TEXT}" marks the nights to make a fresh bottle of the liquid.'
    out += ["", legend]
    for year, month, block in _months(nights):
        out += ["", f"{_MONTHS[month]} {year}"]
        for night in block:
            parts = [f"{_WEEKDAYS[night.date.weekday()]} {night.date.isoformat()}", str(night.dose)]
            if night.volume is not None:
                parts.append(str(night.volume))
            if night.capsule:
                parts.append("1 capsule")
            if night.review:
                parts.append("R")
            if night.change:
                parts.append(f"> {_CHANGE_TEXT}")
            if night.bottle is not None:
                parts.append(f"* {_bottle_mark(night.bottle)}")
            out.append("  ".join(parts))
    return "\n".join(out) + "\n"


#: The chart's look inside a notebook: the page's rules, scoped to its container, and
#: left-aligned whatever the notebook's own CSS says of tables and cells.
_NOTEBOOK_CSS: Final = (
    ".ldn-chart { text-align: left; max-width: 190mm; margin: 0; color: #000; background: #fff; "
    "font: 11pt/1.35 system-ui, -apple-system, 'Segoe UI', Arial, sans-serif; }"
)


def _scoped(css: str) -> str:
    """The page's CSS rules with each selector inside ``.ldn-chart``; page-only rules dropped."""
    rules = []
    for block in css.split("}"):
        selectors, _, body = block.partition("{")
        selectors = selectors.strip()
        if not body.strip() or selectors.startswith(("@", "body")):
            continue
        scoped = ", ".join(f".ldn-chart {each.strip()}" for each in selectors.split(","))
        rules.append(f"{scoped} {{{body}}}")
    rules.append(
        ".ldn-chart table { margin: 0; } .ldn-chart th, .ldn-chart td { text-align: left; }"
    )
    return "\n".join([_NOTEBOOK_CSS, *rules])


def _page(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise LdnTypeError("html", describe(value), "a str, the page chart_html writes")
    if not value.startswith("<!DOCTYPE html>") or "<body>" not in value or "</body>" not in value:
        raise ScheduleError("html", describe(value), "a page as chart_html writes it")


def _text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise LdnTypeError("text", describe(value), "a str, the chart chart_text writes")


@frozen
class Chart:
    """A chart of a plan or regimen: :func:`chart` makes one.

    ``html`` is the page of :func:`chart_html`, ``text`` the chart of
    :func:`chart_text` (also its ``str``). In Jupyter it displays itself: the page's
    body in a left-aligned container whose styles apply to it alone.

    >>> import datetime as dt
    >>> from ldn import titrate
    >>> made = chart(titrate(start="1.5", step="1.5", interval_days=14, target="4.5"),
    ...              start_date=dt.date(2026, 3, 2))
    >>> made.html.startswith("<!DOCTYPE html>"), str(made) == made.text
    (True, True)
    >>> made._repr_html_().startswith('<div class="ldn-chart"')
    True
    """

    html: str = attrs.field(validator=_page)
    text: str = attrs.field(repr=False, validator=_text)

    def __str__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        body = self.html[self.html.index("<body>") + len("<body>") : self.html.rindex("</body>")]
        return f'<div class="ldn-chart"><style>{_scoped(_CSS)}</style>{body}</div>'


def chart(
    schedule: TitrationPlan | Regimen,
    *,
    through: DayOrDate | None = None,
    start_date: dt.date | None = None,
    title: str = "Low dose naltrexone: your nightly doses",
) -> Chart:
    """The chart of a plan or regimen as a :class:`Chart`: the HTML page and the text.

    Arguments as :func:`chart_html`, which it calls, then :func:`chart_text`.
    """
    page = chart_html(schedule, through=through, start_date=start_date, title=title)
    return Chart(page, chart_text(schedule, through=through, start_date=start_date, title=title))
