"""Jupyter display and data-frame records."""

from __future__ import annotations

import datetime as dt
import html.parser

from hypothesis import given

from ldn import Patient, ScreeningReport, TitrationPlan, screen, titrate
from ldn.chart import plan_svg
from ldn.strategies import patients, plans


class Cells(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "tr":
            self.rows.append([])
        self._in_cell = tag in {"td", "th"}
        if self._in_cell:
            self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.rows[-1][-1] += data


def parsed(markup: str) -> list[list[str]]:
    parser = Cells()
    parser.feed(markup)
    return parser.rows


@given(plans())
def test_plan_records_match_steps(plan: TitrationPlan) -> None:
    records = plan.to_records()
    assert len(records) == len(plan.steps)
    for record, step in zip(records, plan.steps, strict=True):
        assert (record["dose_mg"], record["first_day"], record["last_day"]) == (
            step.dose.mg,
            step.first_day,
            step.last_day,
        )
        assert set(record) == set(records[0])
    rows = parsed(plan._repr_html_())
    assert rows[0][:2] == ["step", "dose"]
    assert [row[1] for row in rows[1:]] == [str(s.dose) for s in plan.steps]


def test_plan_records_with_dates() -> None:
    plan = titrate(start="1", step="1", interval_days=7, target="2", start_date=dt.date(2026, 1, 1))
    first, last = plan.to_records()
    assert (first["first_date"], first["last_date"]) == (dt.date(2026, 1, 1), dt.date(2026, 1, 7))
    assert (last["first_date"], last["last_date"]) == (dt.date(2026, 1, 8), None)
    assert "review on days 35-49" in plan._repr_html_()


@given(patients())
def test_report_records_match_findings(patient: Patient) -> None:
    report: ScreeningReport = screen(patient)
    records = report.to_records()
    assert [r["code"] for r in records] == list(report.codes())
    rows = parsed(report._repr_html_())
    assert len(rows) == len(report.findings) + 1


def test_html_is_escaped() -> None:
    report = screen(Patient(medications=["<img src=x onerror=alert(1)> codeine"], opioid_use=False))
    markup = report._repr_html_()
    assert "<img" not in markup
    assert "must not start" in markup


def test_golden_html() -> None:
    plan = titrate(start="1", step="1", interval_days=7, target="2")
    svg, table = plan._repr_html_().split("</svg>")
    assert svg + "</svg>" == plan_svg(plan)
    assert table == (
        "<table><caption>Titration plan under policy &#x27;monograph&#x27;: maintenance 2 mg "
        "from day 7; review on days 35-49</caption><thead><tr><th>step</th><th>dose</th>"
        "<th>first day</th><th>last day</th><th>days</th><th>first date</th><th>last date</th>"
        "</tr></thead><tbody><tr><td>1</td><td>1 mg</td><td>0</td><td>6</td><td>7</td><td></td>"
        "<td></td></tr><tr><td>2</td><td>2 mg</td><td>7</td><td></td><td></td><td></td><td></td>"
        "</tr></tbody></table>"
    )
    report = screen(Patient(opioid_use=False))
    assert report._repr_html_() == (
        "<table><caption>Screening under policy &#x27;monograph&#x27;: may start</caption><thead>"
        "<tr><th>severity</th><th>code</th><th>rule</th><th>summary</th><th>trigger</th></tr>"
        "</thead><tbody><tr><td>info</td><td>adverse-effects</td><td>LDN-ADVERSE</td><td>Counsel: "
        "vivid dreams, headache, nausea, insomnia; usually transient</td><td></td></tr><tr><td>info"
        "</td><td>hepatic-information</td><td>LDN-HEPATIC</td><td>Liver toxicity is not a "
        "significant concern at low dose</td><td></td></tr></tbody></table>"
    )
    assert report.to_records()[0] == {
        "code": "adverse-effects",
        "severity": "info",
        "rule_id": "LDN-ADVERSE",
        "summary": "Counsel: vivid dreams, headache, nausea, insomnia; usually transient",
        "message": report.findings[0].message,
        "trigger": None,
    }
