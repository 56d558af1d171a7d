"""Notebook friendliness (issue 22, item 3): readable str, escaped rich displays, the chart
as a value, records with the dtypes data frames read, the optional plot, and FHIR models."""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from decimal import Decimal

import pytest
from hypothesis import given

from ldn import (
    MONOGRAPH,
    Finding,
    LdnError,
    LdnTypeError,
    Patient,
    Regimen,
    TitrationPlan,
    advise_formulation,
    screen,
    titrate,
)
from ldn.chart import Chart, chart, chart_html, chart_text
from ldn.errors import MissingExtraError
from ldn.fhir import patient_from_fhir
from ldn.strategies import plans

PLAN = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
DATED = titrate(
    start="1.5", step="1.5", interval_days=14, target="4.5", start_date=dt.date(2026, 3, 2)
)
HOSTILE = "<script>alert(1)</script> & codeine"
RESOURCE = {
    "resourceType": "MedicationStatement",
    "status": "recorded",
    "medication": {"concept": {"text": "tramadol 50 mg"}},
    "subject": {"reference": "Patient/1"},
}


class TestText:
    """``str`` is a short summary in ISMP notation; ``repr`` stays the attrs repr."""

    def test_plan(self) -> None:
        assert str(PLAN) == (
            "Titration plan under policy 'monograph': 1.5 mg to 4.5 mg, once daily at bedtime\n"
            "  1.5 mg on days 0-13\n"
            "  3 mg on days 14-27\n"
            "  4.5 mg from day 28 (maintenance)\n"
            "  review on days 56-70 [LDN-REVIEW]"
        )
        assert str(DATED).splitlines()[1:] == [
            "  1.5 mg on days 0-13, 2026-03-02 to 2026-03-15",
            "  3 mg on days 14-27, 2026-03-16 to 2026-03-29",
            "  4.5 mg from day 28 (maintenance), from 2026-03-30",
            "  review on days 56-70, 2026-04-27 to 2026-05-11 [LDN-REVIEW]",
        ]
        assert repr(PLAN).startswith("TitrationPlan(steps=(Step(dose=Dose('1.5')")

    def test_report_and_finding(self) -> None:
        report = screen(Patient(["tramadol 50 mg"], opioid_use=False))
        lines = str(report).splitlines()
        assert (
            lines[0]
            == f"Screening under policy 'monograph': must not start ({len(report.findings)} findings)"
        )
        assert lines[1:] == [f"  {each}" for each in report.findings]
        assert str(report.findings[0]) == (
            "contraindication opioid-use [LDN-OPIOID]: Opioid (tramadol) in the medication "
            "list: do not start (tramadol 50 mg)"
        )
        one = type(report)(report.findings[:1], "monograph")
        assert str(one).splitlines()[0].endswith("must not start (1 finding)")
        assert repr(report).startswith("ScreeningReport(findings=(Finding(")
        assert str(report.findings[-1]).endswith("not a significant concern at low dose")

    def test_regimen(self) -> None:
        regimen = advise_formulation(manages_liquid=True, plan=PLAN).regimen()
        assert str(regimen).splitlines() == [
            "Regimen under policy 'monograph': the oral liquid to night 41, capsules from "
            "night 42 [LDN-FORMULATION, LDN-SWITCH, LDN-LIQUID-BUD]",
            "  nights 0-13: 3 mL (1.5 mg) of the oral liquid at bedtime for 14 days "
            "[LDN-FORMULATION, LDN-LIQUID, LDN-LIQUID-BUD]",
            "  nights 14-27: 6 mL (3 mg) of the oral liquid at bedtime for 14 days "
            "[LDN-FORMULATION, LDN-LIQUID, LDN-LIQUID-BUD]",
            "  nights 28-41: 9 mL (4.5 mg) of the oral liquid at bedtime for 14 days "
            "[LDN-FORMULATION, LDN-LIQUID, LDN-LIQUID-BUD, LDN-SWITCH]",
            "  from night 42: 1 capsule (4.5 mg) at bedtime [LDN-FORMULATION, LDN-FILLER]",
        ]
        throughout = Regimen(PLAN, liquid=regimen.liquid, capsules_at_maintenance=False)
        assert "the oral liquid throughout" in str(throughout).splitlines()[0]
        assert "capsules throughout" in str(Regimen(PLAN)).splitlines()[0]
        assert repr(regimen).startswith("Regimen(plan=TitrationPlan(")

    def test_policy(self) -> None:
        lines = str(MONOGRAPH).splitlines()
        assert lines[0] == (
            "Policy 'monograph': The figures of the low dose naltrexone monograph, unchanged."
        )
        assert "  LDN-DOSE-MAX: max_daily_dose 4.5 mg" in lines
        assert "  LDN-LIQUID: liquid_tablet 50 mg, liquid_water 100 mL" in lines
        assert not any(line.startswith("  changed:") for line in lines)
        trial = MONOGRAPH.derive(name="trial", reason="protocol", max_daily_dose="6")
        assert str(trial).splitlines()[:2] == [
            "Policy 'trial', derived from 'monograph': protocol",
            "  changed: max_daily_dose 4.5 mg -> 6 mg [LDN-DOSE-MAX]",
        ]
        assert repr(MONOGRAPH).startswith("Policy(name='monograph'")


class TestHtml:
    """Rich displays escape every text that came in."""

    def test_policy(self) -> None:
        policy = MONOGRAPH.derive(name="<b>x</b>", reason=HOSTILE, max_daily_dose="6")
        markup = policy._repr_html_()
        assert "<script>" not in markup
        assert "<b>x" not in markup
        assert "&lt;script&gt;" in markup
        assert (
            "<td>LDN-DOSE-MAX</td><td>max_daily_dose</td><td>6 mg</td><td>from 4.5 mg</td>"
            in markup
        )
        assert "<td>LDN-START</td><td>start_min</td><td>0.5 mg</td><td></td>" in markup
        head = "<thead><tr><th>rule</th><th>figure</th><th>value</th><th>changed</th></tr></thead>"
        assert head in markup
        body = markup[markup.index("<tbody>") + 7 : markup.index("</tbody>")]
        rows = body.split("</tr><tr>")
        assert rows[0].startswith("<tr><td>LDN-DOSE-MAX</td>")
        assert rows[-1].endswith("</td></tr>")
        assert len(rows) == body.count("<td>LDN-") == 23  # one row a figure

    def test_finding(self) -> None:
        finding = screen(Patient([HOSTILE], opioid_use=False)).findings[0]
        markup = finding._repr_html_()
        assert "<script>" not in markup
        assert markup.startswith("<table><caption>Finding opioid-use [LDN-OPIOID]</caption>")
        assert (
            "<td>trigger</td><td>&lt;script&gt;alert(1)&lt;/script&gt; &amp; codeine</td>" in markup
        )
        plain = Finding("x", "info", "s", "m", "LDN-ADVERSE")
        assert "<td>trigger</td><td></td>" in plain._repr_html_()

    def test_regimen(self) -> None:
        regimen = advise_formulation(manages_liquid=True, plan=PLAN).regimen()
        markup = regimen._repr_html_()
        assert markup.startswith("<table><caption>Regimen under policy &#x27;monograph&#x27;")
        assert markup.count("<tr>") == 1 + len(regimen.segments())


class TestChart:
    """The chart as a value: the page, the text, and a left-aligned notebook display."""

    def test_value(self) -> None:
        made = chart(DATED, through=20, title=HOSTILE)
        assert isinstance(made, Chart)
        assert made.html == chart_html(DATED, through=20, title=HOSTILE)
        assert str(made) == made.text == chart_text(DATED, through=20, title=HOSTILE)
        assert repr(made).startswith("Chart(html='<!DOCTYPE html>")

    def test_notebook_display(self) -> None:
        shown = chart(DATED, through=20, title=HOSTILE)._repr_html_()
        assert shown.startswith('<div class="ldn-chart"><style>')
        assert shown.endswith("</div>")
        assert "<body" not in shown
        assert "<html" not in shown
        assert "<!DOCTYPE" not in shown
        assert "<script>" not in shown
        assert "&lt;script&gt;" in shown
        style = shown[shown.index("<style>") + 7 : shown.index("</style>")]
        for rule in style.splitlines():
            assert rule.startswith(".ldn-chart"), rule  # nothing styles the notebook itself
        assert ".ldn-chart th, .ldn-chart td { text-align: left; }" in style
        assert "text-align: left" in style.splitlines()[0]
        assert "@page" not in style
        assert "@media" not in style
        assert 'data-date="2026-03-02"' in shown

    @pytest.mark.parametrize(
        ("html", "text"),
        [
            (1, "t"),
            ("<p>no page</p>", "t"),
            ("<!DOCTYPE html><body>", "t"),
            (chart_html(DATED, through=3), None),
        ],
    )
    def test_refused(self, html: object, text: object) -> None:
        with pytest.raises(LdnError):
            Chart(html, text)  # type: ignore[arg-type]


class TestRecords:
    """Plain records: ints, dates, None for open ends, exact doses; a float view to plot."""

    def test_plain_values(self) -> None:
        first, _, last = DATED.to_records()
        assert type(first["step"]) is int
        assert type(first["first_day"]) is int
        assert first["dose_mg"] == Decimal("1.5")
        assert type(first["dose_mg"]) is Decimal
        assert type(first["first_date"]) is dt.date
        assert (last["last_day"], last["days"], last["last_date"]) == (None, None, None)
        assert DATED.to_records(floats=True)[0]["dose_mg"] == 1.5
        with pytest.raises(LdnTypeError, match=r"^floats must be True or False, got int 1$"):
            DATED.to_records(floats=1)  # type: ignore[arg-type]

    def test_pandas(self) -> None:
        pd = pytest.importorskip("pandas")
        frame = pd.DataFrame(DATED.to_records())
        assert str(frame["step"].dtype) == "int64"
        assert str(frame["first_day"].dtype) == "int64"
        assert str(frame["last_day"].dtype) == "float64"  # a None among ints: NaN
        assert frame["dose_mg"].dtype == object
        assert frame["first_date"].dtype == object
        assert list(frame["dose_mg"]) == [Decimal("1.5"), Decimal("3"), Decimal("4.5")]
        converted = frame.convert_dtypes()
        assert str(converted["last_day"].dtype) == "Int64"
        assert str(converted["days"].dtype) == "Int64"
        assert converted["last_day"].isna().tolist() == [False, False, True]
        assert str(pd.to_datetime(frame["first_date"]).dtype).startswith("datetime64")
        floats = pd.DataFrame(DATED.to_records(floats=True))
        assert str(floats["dose_mg"].dtype) == "float64"
        report = pd.DataFrame(screen(Patient(["tramadol"], opioid_use=False)).to_records())
        assert str(report.convert_dtypes()["code"].dtype) == "string"

    def test_polars(self) -> None:
        pl = pytest.importorskip("polars")
        plan = titrate(start="0.5", step="0.25", interval_days=7, target="1.5")
        frame = pl.DataFrame(plan.to_records())
        schema = frame.schema
        assert schema["step"] == pl.Int64
        assert schema["last_day"] == pl.Int64
        assert isinstance(schema["dose_mg"], pl.Decimal)
        assert frame["dose_mg"].to_list() == [step.dose.mg for step in plan.steps]  # exact
        assert frame["last_day"].null_count() == 1
        dated = pl.DataFrame(DATED.to_records())
        assert dated.schema["first_date"] == pl.Date
        assert dated["first_date"].to_list() == [DATED.date_of(s.first_day) for s in DATED.steps]
        report = pl.DataFrame(screen(Patient(["tramadol"], opioid_use=False)).to_records())
        assert report.schema["trigger"] == pl.String

    @given(plans())
    def test_round_trip(self, plan: TitrationPlan) -> None:
        pd = pytest.importorskip("pandas")
        records = plan.to_records()
        back = pd.DataFrame(records).convert_dtypes().to_dict("records")
        for record, row in zip(records, back, strict=True):
            assert row["dose_mg"] == record["dose_mg"]
            assert (None if pd.isna(row["last_day"]) else row["last_day"]) == record["last_day"]


class TestPlot:
    """``plot()`` imports matplotlib only when called, and names the extra without it."""

    def test_plot(self) -> None:
        matplotlib = pytest.importorskip("matplotlib")
        matplotlib.use("Agg")
        pyplot = importlib.import_module("matplotlib.pyplot")
        try:
            ax = PLAN.plot()
            line = ax.get_lines()[0]
            assert list(line.get_xdata()) == [0, 14, 14, 28, 28, 77]
            assert list(line.get_ydata()) == [1.5, 1.5, 3.0, 3.0, 4.5, 4.5]
            assert line.get_drawstyle() == "steps-post"
            assert ax.get_title() == "Titration plan under policy 'monograph'"
            assert ax.get_xlabel() == "plan day"
            assert ax.get_ylabel() == "dose (mg)"
            assert ax.get_ylim()[0] == 0
            assert [t.get_text() for t in ax.get_legend().get_texts()] == [
                "nightly dose",
                "review window",
            ]
            window = PLAN.review_window
            (span,) = ax.patches
            assert (span.get_x(), span.get_x() + span.get_width()) == (
                window.first_day,
                window.last_day + 1,
            )
            assert span.get_alpha() == 0.2
            with pytest.raises(LdnTypeError, match=r"^ax must be matplotlib Axes or None"):
                PLAN.plot("axes")
            given_ax = pyplot.subplots()[1]
            assert DATED.plot(given_ax) is given_ax
            assert given_ax.get_lines()[0].get_xdata()[0] == dt.date(2026, 3, 2)
            assert given_ax.get_xlabel() == "date"
            dates = importlib.import_module("matplotlib.dates")
            formatter = given_ax.xaxis.get_major_formatter()
            assert isinstance(formatter, dates.ConciseDateFormatter)
            locator = given_ax.xaxis.get_major_locator()
            assert isinstance(locator, dates.AutoDateLocator)
            assert set(locator.maxticks.values()) == {6}
            assert formatter._locator is locator
            late = titrate(
                start="1",
                step="1",
                interval_days=7,
                target="2",
                start_date=dt.date.max - dt.timedelta(days=49),
            )
            assert late.plot().get_lines()[0].get_xdata()[-1] == dt.date.max
        finally:
            pyplot.close("all")

    def test_without_matplotlib(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setitem(sys.modules, "matplotlib", None)
        monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
        monkeypatch.setitem(sys.modules, "matplotlib.axes", None)
        with pytest.raises(MissingExtraError) as raised:
            PLAN.plot()
        assert isinstance(raised.value, ImportError)
        assert isinstance(raised.value, LdnError)
        assert str(raised.value) == (
            "TitrationPlan.plot() must be used with matplotlib installed: "
            'pip install "ldn-dosing[plot]", got matplotlib not installed'
        )

    def test_the_error(self) -> None:
        error = MissingExtraError.of(3, "x", "f")  # type: ignore[arg-type]
        assert (
            str(error)
            == 'f must be used with a package installed: pip install "ldn-dosing[x]", got a package not installed'
        )


class TestFhirModels:
    """Models with ``model_dump`` (``fhir.resources``) are read as their FHIR JSON."""

    def test_models(self) -> None:
        pytest.importorskip("fhir.resources")
        from fhir.resources.bundle import Bundle
        from fhir.resources.medicationstatement import MedicationStatement

        resource = MedicationStatement.model_validate(RESOURCE)
        expected = patient_from_fhir([RESOURCE])
        assert patient_from_fhir([resource]) == expected
        assert patient_from_fhir((resource, RESOURCE)).medications == expected.medications * 2
        bundle = Bundle.model_validate(
            {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": RESOURCE}]}
        )
        assert patient_from_fhir(bundle) == expected
        assert not screen(patient_from_fhir(bundle, opioid_use=False)).may_start

    def test_failing_dumps(self) -> None:
        class Broken:
            def model_dump(self, **options: object) -> object:
                raise RuntimeError("no")

        class NotJson:
            def model_dump(self, **options: object) -> object:
                return ["a list"]

        unreadable = patient_from_fhir([Broken(), NotJson()]).unreadable
        assert [u.resource for u in unreadable] == ["resources[0]", "resources[1]"]
        assert "whose model_dump failed (RuntimeError)" in unreadable[0].reason
        assert "resources[1].model_dump() must be a JSON object" in unreadable[1].reason
        with pytest.raises(LdnError, match=r"^resources must be a resource dict, or a model"):
            patient_from_fhir(Broken())
        with pytest.raises(LdnError):
            patient_from_fhir([Broken()], strict=True)
