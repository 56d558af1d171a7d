"""Benchmarks of ldn beside hand-written plain-Python baselines doing the same arithmetic.

Run with ``python benchmarks/run.py`` (needs the ``bench`` extra). Each ldn
benchmark shares a ``group`` with its baseline; ``run.py`` prints the ratios.
The baselines validate the same inputs and compute the same numbers with bare
Decimal, tuples and dicts, but build no value objects and check no invariants.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import random
import re
import subprocess
import sys
from decimal import Decimal
from typing import Any

import pytest
from import_cost import DEPENDENCIES  # beside this file (pytest puts its folder on sys.path)

import ldn
from ldn.chart import chart_html
from ldn.fhir import medication_request
from ldn.opioids import OPIOIDS

PLAN = ldn.titrate(start="0.5", step="0.5", interval_days=7, target="4.5")
DAYS = range(10_000)

_rng = random.Random(20261125)
_POOL = [
    "paracetamol 1 g",
    "amitriptyline 10 mg",
    "pregabalin 75 mg",
    "Codeine phosphate 30 mg",
    "naltrexone 50 mg",
    "tramadol 50 mg",
    "ibuprofen 400 mg",
    "N02BE01",
    "duloxetine 30 mg",
    "dextromethorphan 15 mg",
    "omeprazole 20 mg",
    "vitamin D 1000 IU",
    "metformin 500 mg",
    "N02AX02",
]
MEDICATION_LISTS = [[_rng.choice(_POOL) for _ in range(10)] for _ in range(10_000)]


# -- baselines ---------------------------------------------------------------------


def baseline_plan(start: str, step: str, interval: int, target: str) -> tuple[tuple[Any, ...], ...]:
    first, rise, goal = Decimal(start), Decimal(step), Decimal(target)
    if not Decimal("0.5") <= first <= Decimal("1.5"):
        raise ValueError("start")
    if not first <= goal <= Decimal("4.5"):
        raise ValueError("target")
    if not 7 <= interval <= 14:
        raise ValueError("interval")
    doses = [first]
    while doses[-1] < goal:
        doses.append(min(doses[-1] + rise, goal))
    last = len(doses) - 1
    return tuple(
        (dose, i * interval, None if i == last else (i + 1) * interval - 1)
        for i, dose in enumerate(doses)
    )


_FIRSTS = [s.first_day for s in PLAN.steps]
_DOSES = [s.dose.mg for s in PLAN.steps]


def baseline_dose_on(day: int) -> Decimal:
    if day < 0:
        raise ValueError("day")
    return _DOSES[bisect.bisect_right(_FIRSTS, day) - 1]


_NAMES = sorted({n for s in OPIOIDS for n in (s.name, *s.synonyms)}, key=len, reverse=True)
_CODES = {c for s in OPIOIDS for c in s.atc_codes}
_BASE_NAMES = re.compile(r"(?<![a-z])(" + "|".join(map(re.escape, _NAMES)) + r")(?![a-z])")
_BASE_CODES = re.compile(r"(?<![A-Z0-9])([A-Z][0-9]{2}[A-Z]{2}[0-9]{2})(?![A-Z0-9])")


def baseline_may_start(medications: list[str], opioid_use: bool | None) -> bool:
    """Find every opioid in every medication (a report names them all), then decide."""
    found = []
    for medication in medications:
        found += [(medication, name) for name in _BASE_NAMES.findall(medication.lower())]
        found += [(medication, c) for c in _BASE_CODES.findall(medication.upper()) if c in _CODES]
    return opioid_use is False and not found


def baseline_fhir(steps: tuple[tuple[Any, ...], ...], subject: str) -> dict[str, Any]:
    ucum = "http://unitsofmeasure.org"
    dosages = []
    for number, (dose, first, last) in enumerate(steps, 1):
        repeat: dict[str, Any] = {"frequency": 1, "period": 1, "periodUnit": "d", "when": ["HS"]}
        text = f"{dose} mg at bedtime"
        if last is not None:
            days = last - first + 1
            repeat["boundsDuration"] = {"value": days, "unit": "days", "system": ucum, "code": "d"}
            text += f" for {days} days"
        dosages.append(
            {
                "sequence": number,
                "text": text,
                "timing": {"repeat": repeat},
                "doseAndRate": [
                    {"doseQuantity": {"value": dose, "unit": "mg", "system": ucum, "code": "mg"}}
                ],
                "maxDosePerPeriod": [
                    {
                        "numerator": {
                            "value": Decimal("4.5"),
                            "unit": "mg",
                            "system": ucum,
                            "code": "mg",
                        },
                        "denominator": {"value": 1, "unit": "day", "system": ucum, "code": "d"},
                    }
                ],
            }
        )
    return {
        "resourceType": "MedicationRequest",
        "contained": [{"resourceType": "Medication", "id": "m", "code": {"text": "naltrexone"}}],
        "status": "draft",
        "intent": "order",
        "subject": {"reference": subject},
        "medication": {"reference": {"reference": "#m"}},
        "dosageInstruction": dosages,
    }


_BASE_STEPS = baseline_plan("0.5", "0.5", 7, "4.5")

#: A dated plan charted for six months (183 nights: day 0 to day 182).
CHART_PLAN = ldn.titrate(
    start="0.5", step="0.5", interval_days=7, target="4.5", start_date=dt.date(2026, 1, 5)
)
CHART_THROUGH = 182


def baseline_chart(steps: tuple[tuple[Any, ...], ...], start: dt.date, through: int) -> str:
    """One table cell a night, a table a month, from bare (dose, first, last) tuples."""
    out = ["<html><body>"]
    index = 0
    month = None
    for day in range(through + 1):
        while steps[index][2] is not None and day > steps[index][2]:
            index += 1
        when = start + dt.timedelta(days=day)
        if (when.year, when.month) != month:
            if month is not None:
                out.append("</tr></table>")
            month = (when.year, when.month)
            out.append(f"<h2>{when:%B %Y}</h2><table><tr>")
        out.append(
            f'<td data-day="{day}" data-date="{when.isoformat()}">{when.day} '
            f"{steps[index][0]} mg</td>"
        )
    out.append("</tr></table></body></html>")
    return "".join(out)


# -- the pairs ---------------------------------------------------------------------


@pytest.mark.benchmark(group="plan: build a 9-step plan")
def test_ldn_plan(benchmark: Any) -> None:
    plan = benchmark(ldn.titrate, start="0.5", step="0.5", interval_days=7, target="4.5")
    assert len(plan.steps) == 9


@pytest.mark.benchmark(group="plan: build a 9-step plan")
def test_baseline_plan(benchmark: Any) -> None:
    steps = benchmark(baseline_plan, "0.5", "0.5", 7, "4.5")
    assert [d for d, _, _ in steps] == [s.dose.mg for s in PLAN.steps]


@pytest.mark.benchmark(group="dose_on: 10,000 days")
def test_ldn_dose_on(benchmark: Any) -> None:
    doses = benchmark(lambda: [PLAN.dose_on(day) for day in DAYS])
    assert doses[-1] == ldn.Dose("4.5")


@pytest.mark.benchmark(group="dose_on: 10,000 days")
def test_baseline_dose_on(benchmark: Any) -> None:
    doses = benchmark(lambda: [baseline_dose_on(day) for day in DAYS])
    assert doses == [PLAN.dose_on(day).mg for day in DAYS]


@pytest.mark.benchmark(group="screen: 10,000 patients x 10 medications")
def test_ldn_screen(benchmark: Any) -> None:
    verdicts = benchmark.pedantic(
        lambda: [
            ldn.screen(ldn.Patient(medications=m, opioid_use=False)).may_start
            for m in MEDICATION_LISTS
        ],
        rounds=3,
        iterations=1,
    )
    assert verdicts == [baseline_may_start(m, False) for m in MEDICATION_LISTS]


@pytest.mark.benchmark(group="screen: 10,000 patients x 10 medications")
def test_baseline_screen(benchmark: Any) -> None:
    verdicts = benchmark.pedantic(
        lambda: [baseline_may_start(m, False) for m in MEDICATION_LISTS], rounds=3, iterations=1
    )
    assert 0 < sum(verdicts) < len(verdicts)


@pytest.mark.benchmark(group="fhir: export a 9-step plan")
def test_ldn_fhir(benchmark: Any) -> None:
    request = benchmark(medication_request, PLAN, subject="Patient/1")
    assert len(request["dosageInstruction"]) == 9


@pytest.mark.benchmark(group="fhir: export a 9-step plan")
def test_baseline_fhir(benchmark: Any) -> None:
    request = benchmark(baseline_fhir, _BASE_STEPS, "Patient/1")
    assert len(request["dosageInstruction"]) == 9


@pytest.mark.benchmark(group="chart: 6 months as printable HTML")
def test_ldn_chart(benchmark: Any) -> None:
    markup = benchmark(chart_html, CHART_PLAN, through=CHART_THROUGH)
    assert markup.count('class="night') == CHART_THROUGH + 1
    # Issue 12: the chart for a six-month plan renders in under 5 ms.
    assert benchmark.stats.stats.median < 0.005


@pytest.mark.benchmark(group="chart: 6 months as printable HTML")
def test_baseline_chart(benchmark: Any) -> None:
    markup = benchmark(baseline_chart, _BASE_STEPS, dt.date(2026, 1, 5), CHART_THROUGH)
    assert markup.count("<td ") == CHART_THROUGH + 1


_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def _python(code: str) -> None:
    """A fresh interpreter with bytecode caching on, as in an installed environment."""
    subprocess.run([sys.executable, "-c", code], check=True, env=_ENV)


@pytest.mark.benchmark(group="import: a fresh interpreter")
def test_ldn_import(benchmark: Any) -> None:
    _python("import ldn")  # writes the .pyc files once
    benchmark.pedantic(_python, args=(f"{DEPENDENCIES}; import ldn",), rounds=40, iterations=1)


@pytest.mark.benchmark(group="import: a fresh interpreter")
def test_baseline_import(benchmark: Any) -> None:
    """The baseline imports what ldn depends on: attrs and the standard modules it uses."""
    benchmark.pedantic(_python, args=(DEPENDENCIES,), rounds=40, iterations=1)
