"""The printable dated chart (HTML and text) and the SVG step line."""

from __future__ import annotations

import contextlib
import datetime as dt
import html.parser
import itertools
import re
from decimal import Context, Decimal
from html import escape
from pathlib import Path

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ldn import (
    MONOGRAPH,
    Dose,
    FormulationError,
    LdnTypeError,
    OralLiquid,
    Regimen,
    ScheduleError,
    TitrationPlan,
    titrate,
)
from ldn.chart import MAX_CHART_NIGHTS, NALTREXONE_WARNING, chart_html, chart_text, plan_svg
from ldn.formulation import HANDLING
from ldn.strategies import plans
from tests.support.contexts import ambient_contexts, same_everywhere

LIQUID = OralLiquid.from_tablet()
START = dt.date(2026, 3, 2)  # a Monday
PLAN = titrate(start="1.5", step="1.5", interval_days=14, target="4.5", start_date=START)
SWITCH = Regimen(PLAN, liquid=LIQUID)


class Page(html.parser.HTMLParser):
    """Night cells, month sections and the tags used, from a chart page."""

    def __init__(self) -> None:
        super().__init__()
        self.nights: list[dict[str, str]] = []
        self.months: list[str] = []
        self.tags: set[str] = set()
        self.rows_per_month: list[list[int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = {k: v or "" for k, v in attrs}
        if tag == "section" and "month" in found.get("class", ""):
            self.months.append(found["aria-label"])
            self.rows_per_month.append([])
        if tag == "tr" and self.rows_per_month:
            self.rows_per_month[-1].append(0)
        if tag == "td" and self.rows_per_month:
            self.rows_per_month[-1][-1] += 1
        if tag == "td" and "night" in found.get("class", "").split():
            found["column"] = str(self.rows_per_month[-1][-1] - 1)
            self.nights.append(found)


def page(markup: str) -> Page:
    parser = Page()
    parser.feed(markup)
    return parser


LINE = re.compile(
    r"^(?P<weekday>\w{3}) (?P<date>\d{4}-\d{2}-\d{2})  (?P<mg>[0-9.]+) mg"
    r"(?:  (?P<ml>[0-9.]+) mL)?(?P<capsule>  1 capsule)?(?P<review>  R)?(?P<change>  > new dose)?"
    r"(?P<bottle>  \* fresh bottle(?P<half> \(half tablet\))?)?$"
)


def text_nights(text: str) -> list[re.Match[str]]:
    return [m for line in text.splitlines() if (m := LINE.match(line))]


@st.composite
def dated_plans(draw: st.DrawFn) -> TitrationPlan:
    plan = draw(plans())
    start = draw(st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)))
    dated = titrate(
        start=plan.steps[0].dose,
        step=plan.step,
        interval_days=plan.interval_days,
        target=plan.target,
        start_date=start,
        policy=plan.policy,
    )
    # A default chart runs through the review window; past MAX_CHART_NIGHTS it is
    # refused (tested on its own), so these properties draw chartable plans.
    assume(dated.review_window.last_day < MAX_CHART_NIGHTS)
    return dated


class TestNightlyDoses:
    @given(dated_plans())
    def test_months_are_calendar_blocks(self, plan: TitrationPlan) -> None:
        last = plan.review_window.last_day
        if last >= MAX_CHART_NIGHTS:  # a default chart past three years is refused, not cut
            with pytest.raises(ScheduleError, match="nights in a chart must be at most 1096"):
                chart_html(plan)
            return
        parsed = page(chart_html(plan))
        months = sorted({(n["data-date"][:7]) for n in parsed.nights})
        assert len(parsed.months) == len(months)
        for rows in parsed.rows_per_month:
            assert rows[0] == 0  # the header row has th cells only
        for night in parsed.nights:  # each night under its weekday, Monday first
            weekday = dt.date.fromisoformat(night["data-date"]).weekday()
            assert int(night["column"]) == weekday
            assert all(count == 7 for count in rows[1:])  # whole weeks, Monday to Sunday


class TestPage:
    def test_self_contained_and_printable(self) -> None:
        markup = chart_html(SWITCH)
        parsed = page(markup)
        assert "script" not in parsed.tags
        assert not re.search(r"(?:src|href)=|https?://|@import|url\(", markup)
        assert "@page" in markup
        assert "@media print" in markup
        assert "break-inside: avoid" in markup
        assert markup.startswith("<!DOCTYPE html>")
        assert parsed.months == ["March 2026", "April 2026", "May 2026"]
        assert "These doses follow the usual low dose naltrexone guidance." in markup
        for instruction in HANDLING:
            assert escape(instruction.text) in markup
        for line in NALTREXONE_WARNING:
            assert escape(line) in markup
        assert "To make a bottle, dissolve one 50 mg tablet in 100 mL of water." in markup
        assert (
            "Between Mon 27 April 2026 and Mon 11 May 2026, talk with your prescriber about "
            "whether it helps." in markup
        )
        # LDN-SWITCH: 14 nights of the maintenance dose as the liquid, then capsules.
        assert (
            "Mon 30 March 2026 to Sun 12 April 2026: 4.5 mg (9 mL of the oral liquid) at bedtime."
            in markup
        )
        assert "From Mon 13 April 2026: 4.5 mg (1 capsule) at bedtime, continuing." in markup

    def test_review_nights_say_so_in_words(self) -> None:
        markup = chart_html(PLAN)
        assert markup.count('<span class="rv">review</span>') == 15
        assert markup.count('<span class="rv">') == 15

    def test_handling_only_when_the_liquid_is_charted(self) -> None:
        heading = "The oral liquid: making, keeping and measuring it"
        assert heading not in chart_html(PLAN)
        assert heading not in chart_html(Regimen(PLAN))
        assert heading not in chart_text(PLAN)
        assert "fresh bottle" not in chart_text(PLAN)
        assert heading in chart_text(SWITCH)
        # The warning is on every chart, liquid or not.
        for schedule in (PLAN, Regimen(PLAN), SWITCH):
            assert "Important: you take naltrexone" in chart_text(schedule)
            assert 'class="warning" role="note"' in chart_html(schedule)
        # A chart that ends before the liquid starts would still show it: here it starts day 0.
        assert "4.5 mg (1 capsule)" in chart_text(Regimen(PLAN))

    def test_text_header(self) -> None:
        text = chart_text(SWITCH, through=0)
        assert text.splitlines()[:7] == [
            "Low dose naltrexone: your nightly doses",
            "These doses follow the usual low dose naltrexone guidance.",
            "Take one dose each night, at bedtime.",
            "- Mon 2 March 2026 to Sun 15 March 2026: 1.5 mg (3 mL of the oral liquid) at bedtime.",
            "Between Mon 27 April 2026 and Mon 11 May 2026, talk with your prescriber about "
            "whether it helps.",
            "",
            "Important: you take naltrexone",
        ]
        assert text.endswith(
            "March 2026\nMon 2026-03-02  1.5 mg  3 mL  > new dose  * fresh bottle\n"
        )

    def test_escaped_title_and_policy(self) -> None:
        from ldn import MONOGRAPH

        odd = MONOGRAPH.derive(name="<b>clinic</b>", reason="a & b", max_daily_dose="6")
        plan = titrate(start="1", step="1", interval_days=7, target="2", policy=odd)
        markup = chart_html(plan, start_date=START, title="<i>Ms X</i>")
        assert "<b>" not in markup
        assert "<i>" not in markup
        assert "&lt;i&gt;Ms X&lt;/i&gt;" in markup
        # The patient reads "your prescriber's plan", never a policy's name or reason.
        assert "These doses follow your prescriber&#x27;s plan." in markup
        assert "clinic" not in markup
        assert "a &amp; b" not in markup
        text = chart_text(plan, start_date=START)
        assert "These doses follow your prescriber's plan." in text
        assert "clinic" not in text

    @given(dated_plans(), st.booleans(), st.booleans(), st.integers(0, 120))
    def test_plain_words_for_patients(
        self, plan: TitrationPlan, liquid: bool, halves: bool, through: int
    ) -> None:
        """Issue 21: no rule id and no policy name or reason on the patient's page."""
        schedule: TitrationPlan | Regimen = plan
        if liquid:
            with contextlib.suppress(FormulationError):
                schedule = Regimen(plan, liquid=OralLiquid.from_tablet(), half_tablets=halves)
        for page_text in (
            chart_html(schedule, through=through),
            chart_text(schedule, through=through),
        ):
            assert "LDN-" not in page_text
            assert "policy" not in page_text
            assert plan.policy.reason not in page_text

    @pytest.mark.rule("LDN-LIQUID-BUD")
    @given(dated_plans(), st.booleans(), st.booleans(), st.integers(0, 120))
    def test_the_fresh_bottle_nights(
        self, plan: TitrationPlan, switch: bool, halves: bool, through: int
    ) -> None:
        """LDN-LIQUID-BUD: the chart marks exactly the nights the regimen makes a bottle."""
        try:
            regimen = Regimen(
                plan,
                liquid=OralLiquid.from_tablet(policy=plan.policy),
                capsules_at_maintenance=switch,
                half_tablets=halves,
            )
        except FormulationError:
            return
        cells = page(chart_html(regimen, through=through)).nights
        lines = text_nights(chart_text(regimen, through=through))
        last = (
            regimen.bottles(0, through + plan.policy.liquid_bud_days)
            if regimen.switch_day is None
            else regimen.bottles()
        )
        expected = {b.made: b.half for b in last if b.made <= through}
        assert {
            int(c["data-day"]): c["data-bottle"] == "half" for c in cells if "data-bottle" in c
        } == expected
        assert {
            day: bool(line["half"]) for day, line in enumerate(lines) if line["bottle"]
        } == expected
        for cell in cells:
            assert ("bottle" in cell["class"].split()) == ("data-bottle" in cell)

    def test_half_tablet_words(self) -> None:
        low = titrate(start="0.5", step="0.5", interval_days=7, target="1.5", start_date=START)
        text = chart_text(Regimen(low, liquid=LIQUID, half_tablets=True), through=30)
        assert "Mon 2026-03-02  0.5 mg  1 mL  > new dose  * fresh bottle (half tablet)" in text
        assert "dissolve one half in 50 mL of water" in text
        assert "half tablet" not in chart_text(Regimen(low, liquid=LIQUID), through=30)

    def test_an_undated_plan_with_a_start_date(self) -> None:
        undated = titrate(start="1", step="1", interval_days=7, target="2")
        text = chart_text(undated, start_date=START, through=7)
        assert "Mon 2026-03-09  2 mg  > new dose" in text
        assert chart_text(PLAN, start_date=START) == chart_text(PLAN)
        assert (
            chart_html(undated, start_date=START, through=dt.date(2026, 3, 3)).count('class="night')
            == 2
        )

    @pytest.mark.parametrize(
        ("call", "error", "fragment"),
        [
            (
                lambda: chart_html("plan"),
                LdnTypeError,
                "schedule must be a TitrationPlan or a Regimen, got str",
            ),
            (
                lambda: chart_text(titrate(start="1", step="1", interval_days=7, target="1")),
                ScheduleError,
                "start date of a chart must be a date",
            ),
            (
                lambda: chart_html(PLAN, start_date="2026-03-02"),
                LdnTypeError,
                "start_date must be a datetime.date or None, got str",
            ),
            (
                lambda: chart_html(PLAN, start_date=dt.datetime(2026, 3, 2)),
                LdnTypeError,
                "got datetime",
            ),
            (
                lambda: chart_html(PLAN, start_date=dt.date(2026, 3, 3)),
                ScheduleError,
                "start_date must be the plan's own start date 2026-03-02 or None, got 2026-03-03",
            ),
            (
                lambda: chart_html(PLAN, through=MAX_CHART_NIGHTS),
                ScheduleError,
                f"nights in a chart must be at most {MAX_CHART_NIGHTS}, got 1097 (through day 1096)",
            ),
            (
                lambda: chart_text(PLAN, through=dt.date(2026, 3, 1)),
                ScheduleError,
                "on or after the start date",
            ),
            (lambda: chart_html(PLAN, title=""), LdnTypeError, "title must be a non-empty str"),
            (lambda: chart_text(PLAN, title=None), LdnTypeError, "title must be a non-empty str"),
            (
                lambda: chart_text(
                    titrate(start="1", step="1", interval_days=7, target="1"),
                    start_date=dt.date(9999, 12, 1),
                    through=40,
                ),
                ScheduleError,
                "start_date must be on or before 9999-11-19, so that every date up to the review window (plan day 42) exists, got 9999-12-01",
            ),
        ],
    )
    def test_refusals(self, call: object, error: type, fragment: str) -> None:
        with pytest.raises(error) as raised:
            call()  # type: ignore[operator]
        assert fragment in str(raised.value)

    def test_the_longest_chart(self) -> None:
        assert len(text_nights(chart_text(PLAN, through=MAX_CHART_NIGHTS - 1))) == MAX_CHART_NIGHTS


class SvgShapes(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: dict[str, str] = {}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._open = tag

    def handle_data(self, data: str) -> None:
        if self._open in {"title", "desc"}:
            self.text[self._open] = self.text.get(self._open, "") + data


def svg_of(plan: TitrationPlan) -> SvgShapes:
    parser = SvgShapes()
    parser.feed(plan_svg(plan))
    return parser


class TestSvg:
    @given(plans())
    def test_the_step_line_follows_the_plan(self, plan: TitrationPlan) -> None:
        shapes = svg_of(plan)
        (svg,) = [a for t, a in shapes.elements if t == "svg"]
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg["role"] == "img"
        ids = {a.get("id") for t, a in shapes.elements}
        assert {title_id, desc_id} <= ids
        assert plan.instruction_text() in shapes.text["desc"]
        (path,) = [a for t, a in shapes.elements if t == "path"]
        commands = re.findall(r"([MHV]) (\d+)(?: (\d+))?", path["d"])
        levels = [int(c[2]) for c in commands if c[0] == "M"] + [
            int(c[1]) for c in commands if c[0] == "V"
        ]
        assert len(levels) == len(plan.steps)
        # Higher doses are never drawn lower (smaller y is higher up; pixels may merge
        # doses 0.001 mg apart), and every level is inside the plot.
        for (a, ya), (b, yb) in itertools.pairwise(zip(plan.steps, levels, strict=True)):
            assert ya >= yb if a.dose < b.dose else ya <= yb
        assert all(16 <= y <= 200 for y in levels)
        xs = [int(c[1]) for c in commands if c[0] in "MH"]
        assert xs == sorted(xs)
        circles = [a for t, a in shapes.elements if t == "circle"]
        assert [(int(c["data-day"]), Dose(c["data-mg"])) for c in circles] == [
            (s.first_day, s.dose) for s in plan.steps[1:]
        ]
        (band,) = [a for t, a in shapes.elements if t == "rect"]
        assert int(band["width"]) > 0
        assert all(0 <= int(c["cy"]) <= 240 for c in circles)

    def test_a_long_plan_keeps_its_review_band_visible(self) -> None:
        """801 steps over 11,200 nights: the 15-night review band would round to 0 pixels."""
        plan = titrate(start="0.5", step="0.005", interval_days=14, target="4.5")
        (band,) = [a for t, a in svg_of(plan).elements if t == "rect"]
        assert int(band["width"]) == 2

    def test_golden_svg(self) -> None:
        plan = titrate(start="1", step="1", interval_days=7, target="2")
        assert plan_svg(plan) == (
            '<svg xmlns="http://www.w3.org/2000/svg" class="ldn-plan" role="img" width="640" height="'
            '240" viewBox="0 0 640 240" aria-labelledby="ldn-plan-62bba85c-title ldn-plan-62bba85c-de'
            'sc" font-family="sans-serif" font-size="11"><title id="ldn-plan-62bba85c-title">Titratio'
            'n plan: 1 mg rising to 2 mg</title><desc id="ldn-plan-62bba85c-desc">Dose by night under'
            " policy &#x27;monograph&#x27;: 1 mg from day 0; 2 mg from day 7. Review window day 35 to"
            ' day 49. Take 1 mg at bedtime for 7 days, then 2 mg at bedtime.</desc><rect class="revie'
            'w" x="414" y="16" width="150" height="184" fill="#d9e6f2"/><text x="417" y="28" fill="#1'
            'f3f5f">review</text><line class="axis" x1="64" y1="200" x2="624" y2="200" stroke="#000"/'
            '><line class="axis" x1="64" y1="16" x2="64" y2="200" stroke="#000"/><text class="y-tick"'
            ' x="58" y="163" text-anchor="end">1 mg</text><text class="y-tick" x="58" y="122" text-an'
            'chor="end">2 mg</text><path class="dose" d="M 64 159 H 134 V 118 H 624" fill="none" stro'
            'ke="#1f4e79" stroke-width="2.5"/><text class="x-tick" x="64" y="214" text-anchor="middle'
            '">0</text><circle class="change" cx="134" cy="118" r="4" fill="#1f4e79" data-day="7" dat'
            'a-mg="2"/><text class="x-tick" x="134" y="214" text-anchor="middle">7</text><text x="344'
            '" y="234" text-anchor="middle">plan day</text></svg>'
        )

    def test_dates_and_titles(self) -> None:
        shapes = svg_of(PLAN)
        ticks = [a for t, a in shapes.elements if t == "text" and a.get("class") == "x-tick"]
        assert len(ticks) == 3
        assert "2026-03-30" in shapes.text["desc"]
        assert "date (month-day)" in plan_svg(PLAN)
        flat = titrate(start="1", step="1", interval_days=7, target="1")
        assert svg_of(flat).text["title"] == "Titration plan: 1 mg maintenance"
        assert "plan day" in plan_svg(flat)
        stepped = PLAN.step_back(30)
        assert svg_of(stepped).text["title"] == "Titration plan: 1.5 mg rising to 3 mg"

    def test_tick_labels(self) -> None:
        def ticks(plan: TitrationPlan) -> list[str]:
            return re.findall(r'class="x-tick"[^>]*>([^<]*)<', plan_svg(plan))

        assert ticks(PLAN) == ["03-02", "03-16", "03-30"]
        undated = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
        assert ticks(undated) == ["0", "14", "28"]
        assert plan_svg(undated).endswith(">plan day</text></svg>")
        assert plan_svg(PLAN).endswith(">date (month-day)</text></svg>")

    def test_refuses_other_objects(self) -> None:
        with pytest.raises(LdnTypeError, match="plan must be a TitrationPlan, got Decimal"):
            plan_svg(Decimal(1))  # type: ignore[arg-type]

    def test_jupyter_shows_the_svg_above_the_table(self) -> None:
        markup = PLAN._repr_html_()
        assert markup.startswith("<svg ")
        assert markup.index("</svg>") < markup.index("<table>")


GOLDEN_PLAN = titrate(
    start="1", step="1", interval_days=7, target="2", start_date=dt.date(2026, 3, 27)
)
GOLDEN = Path(__file__).parent / "golden"


def golden_charts() -> dict[str, str]:
    """The chart files under tests/golden: regimens' pages and text (one under a derived
    policy, with half tablets), and a plan's text."""
    regimen = Regimen(GOLDEN_PLAN, liquid=LIQUID)
    trial = MONOGRAPH.derive(name="trial-6mg", reason="a 6 mg trial protocol", max_daily_dose="6")
    derived = titrate(
        start="0.5",
        step="0.5",
        interval_days=7,
        target="1.5",
        start_date=dt.date(2026, 3, 27),
        policy=trial,
    )
    return {
        "chart-halves.html": chart_html(
            Regimen(derived, liquid=LIQUID, half_tablets=True), through=45
        ),
        "chart-regimen.html": chart_html(regimen, through=23),
        "chart-regimen.txt": chart_text(regimen, through=23),
        "chart-plan.txt": chart_text(GOLDEN_PLAN, through=36),
    }


class TestGolden:
    @pytest.mark.parametrize("name", sorted(golden_charts()))
    def test_golden_files_are_current(self, name: str) -> None:
        """tests/golden/chart-*; rewrite them with ``python -m tests.test_chart``."""
        assert (GOLDEN / name).read_text(encoding="utf-8") == golden_charts()[name]

    def test_golden_css(self) -> None:
        markup = chart_html(PLAN, through=0)
        css = markup[markup.index("<style>") + 7 : markup.index("</style>")]
        assert css.startswith("@page { size: A4 portrait; margin: 12mm; }\n* { box-sizing")
        assert css.endswith("print-color-adjust: exact; }\n@media print { body { padding: 0; } }")
        for rule in (
            ".month { break-inside: avoid; page-break-inside: avoid; margin-top: 5mm; }",
            "td.review { background: #d9e6f2; }",
            "td.change { border: 3px solid #000; }",
            "td.review .rv { display: block; font-style: italic; }",
        ):
            assert rule in css

    def test_golden_text_ends_in_the_review_window(self) -> None:
        assert chart_text(GOLDEN_PLAN, through=36).endswith("R\n")


def test_the_review_band_stays_visible_on_a_long_plan() -> None:
    from ldn import MONOGRAPH

    slow = MONOGRAPH.derive(name="slow", reason="test: long steps", max_interval_days=366)
    plan = titrate(start="0.5", step="0.1", interval_days=366, target="4.5", policy=slow)
    band = re.search(r'<rect class="review" [^>]*width="(\d+)"', plan_svg(plan))
    assert band is not None
    assert int(band.group(1)) == 2  # 15 nights of 14,689 would round to 0 px


class TestAmbientContext:
    """No result depends on the caller's decimal context (issue 13, item 1): each call gives the
    same value, or the same LdnError, under any context a host might set."""

    @given(ambient_contexts(), plans(), st.integers(0, 120), st.booleans())
    def test_charts(
        self, ambient: Context, plan: TitrationPlan, through: int, liquid: bool
    ) -> None:
        start = dt.date(2026, 3, 2)

        def schedule() -> TitrationPlan | Regimen:
            dated = attrs.evolve(plan, start_date=start)
            return Regimen(dated, liquid=OralLiquid.from_tablet()) if liquid else dated

        same_everywhere(ambient, lambda: chart_text(schedule(), through=through))
        same_everywhere(ambient, lambda: chart_html(schedule()))
        same_everywhere(ambient, lambda: plan_svg(plan))


if __name__ == "__main__":  # rewrite the golden files
    for file_name, content in golden_charts().items():
        (GOLDEN / file_name).write_text(content, encoding="utf-8")
        print("wrote", GOLDEN / file_name)
