"""Property tests of the continuation and step rules: LDN-CONTINUE and LDN-STEP-SIZE.

One class per rule id (DESIGN.md), its docstring the rule as ldn.RULES states it.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ldn
from ldn import MONOGRAPH, Course, Dose, LdnUse, Patient, course_of, screen
from ldn.cds import respond
from ldn.fhir import ldn_course, patient_and_course
from ldn.strategies import policies
from tests.test_cds import ldn_dispense, ldn_order, maintenance, request, statement

DAYS = st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31))
#: Daily doses in mg, as the record would state them (0.5 mg steps up to 50 mg).
DOSES = st.integers(1, 100).map(lambda n: Fraction(n, 2))


def cards(response: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["indicator"], c["source"]["topic"]["code"]) for c in response["cards"]]


def sign(order: dict[str, Any], as_of: dt.date, **record: Any) -> list[tuple[str, str]]:
    hook_request = json.loads(json.dumps(request("order-sign", orders=(order,), **record)))
    return cards(respond(hook_request, as_of=as_of))


def at(order: dict[str, Any], mg: Decimal) -> dict[str, Any]:
    order["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"] = float(mg)
    return order


class TestLdnContinue:
    """LDN-CONTINUE (Continuing, restarting or starting low dose naltrexone): An order for a
    patient who took low dose naltrexone within the last 7 days continues it: the start
    range does not apply, a rise is measured from the last known dose, and the patient's
    own low dose naltrexone is no duplicate antagonist; two LDN orders running at once are
    a warning. After a longer gap the order is a new start, titrated again from the start
    range. The 7 days follow the shortest interval between dose changes; no published
    source gives a figure. Naltrexone counts as low dose at a daily dose within the
    maximum, or when named low dose, LDN or compounded."""

    @pytest.mark.rule("LDN-CONTINUE")
    @given(DAYS, st.integers(-10, 60), st.booleans(), st.one_of(st.none(), policies()))
    def test_a_use_within_the_window_continues_and_an_older_one_restarts(
        self, as_of: dt.date, gap: int, current: bool, policy: ldn.Policy | None
    ) -> None:
        """LDN-CONTINUE: continuation iff current or last taken 0 to 7 days before."""
        policy = policy or MONOGRAPH
        use = LdnUse("MedicationStatement/1", current, as_of - dt.timedelta(days=gap))
        course = course_of([use], as_of=as_of, policy=policy)
        if current or 0 <= gap <= policy.continuation_days:
            assert course.course is Course.CONTINUATION
        else:
            assert course.course is Course.RESTART
        assert course_of([], as_of=as_of, policy=policy).course is Course.NEW_START
        assert course_of([use], policy=policy).course is (
            Course.CONTINUATION if current else Course.RESTART
        )  # without a date only a current use continues

    @pytest.mark.rule("LDN-CONTINUE")
    @given(st.lists(st.tuples(st.integers(0, 7), DOSES), min_size=1, max_size=6))
    def test_the_last_dose_is_the_latest_and_the_lowest_of_that_day(
        self, uses: list[tuple[int, Fraction]]
    ) -> None:
        """LDN-CONTINUE: a rise is never under-measured between uses of one day."""
        as_of = dt.date(2026, 12, 3)
        given_uses = [
            LdnUse(f"MedicationDispense/{n}", False, as_of - dt.timedelta(days=gap), dose)
            for n, (gap, dose) in enumerate(uses)
        ]
        course = course_of(given_uses, as_of=as_of)
        latest = min(gap for gap, _ in uses)
        assert course.last_dose == min(dose for gap, dose in uses if gap == latest)

    @pytest.mark.rule("LDN-CONTINUE")
    @given(st.integers(-40, 40), st.integers(1, 90), st.sampled_from(["1.5", "3", "4.5"]))
    def test_a_dispense_whose_supply_reaches_the_window_continues_without_a_start_card(
        self, handed_days_ago: int, supply: int, last_mg: str
    ) -> None:
        """LDN-CONTINUE: no start-dose card on a continuation; a restart gets its caution."""
        as_of = dt.date(2026, 12, 3)
        handed = as_of - dt.timedelta(days=handed_days_ago)
        dispense = ldn_dispense(last_mg, handed=handed.isoformat(), days=supply)
        last_covered = handed + dt.timedelta(days=supply - 1)
        continues = last_covered >= as_of or (as_of - last_covered).days <= 7
        if handed > as_of:
            continues = True  # handed over after the first dose: current
        found = sign(maintenance(), as_of, dispenses=(dispense,))
        codes = [code for _, code in found]
        if continues:
            assert "order-start-dose" not in codes
            assert ("warning", "opioid-use-unconfirmed") in found
            assert "order-restart" not in codes
            assert ("order-step-too-large" in codes) is (
                Fraction(9, 2) - Fraction(last_mg) > Fraction(3, 2)
            )
        else:
            assert ("critical", "order-start-dose") in found
            assert ("critical", "opioid-use-unconfirmed") in found
            assert ("warning", "order-restart") in found
        assert "opioid-antagonist" not in codes  # the patient's own LDN

    @pytest.mark.rule("LDN-CONTINUE")
    @given(
        DOSES,
        st.sampled_from(
            [
                "naltrexone {} mg tablet",
                "Revia {} mg",
                "LDN {} mg",
                "naltrexone {} mg (compounded)",
                "Low dose naltrexone {}mg",
            ]
        ),
    )
    def test_naltrexone_within_the_maximum_or_named_ldn_is_the_patients_own(
        self, mg: Fraction, text: str
    ) -> None:
        """LDN-CONTINUE: other naltrexone (above the maximum, not named LDN) stays LDN-ANTAGONIST."""
        shown = str(Decimal(mg.numerator) / Decimal(mg.denominator))
        entry = statement(text.format(shown))
        patient, course = patient_and_course([entry], as_of=dt.date(2026, 12, 3))
        named = any(word in text.lower() for word in ("ldn", "low dose", "compounded"))
        own = named or MONOGRAPH.allows_daily(mg)
        assert (course.course is Course.CONTINUATION) is own
        assert ldn_course([entry], as_of=dt.date(2026, 12, 3)).course is course.course
        report = screen(patient, course=course.course)
        assert ("opioid-antagonist" in report.codes()) is not own

    @pytest.mark.rule("LDN-CONTINUE")
    @given(st.integers(2, 4))
    def test_overlapping_ldn_orders_are_one_warning(self, count: int) -> None:
        """LDN-CONTINUE: two (or more) LDN orders at once give one order-duplicate-ldn warning."""
        orders = tuple(ldn_order(identifier=f"ldn-{n}") for n in range(count))
        hook_request = json.loads(json.dumps(request("order-sign", orders=orders)))
        found = cards(respond(hook_request, as_of=dt.date(2026, 12, 3)))
        assert found.count(("warning", "order-duplicate-ldn")) == 1

    @pytest.mark.rule("LDN-CONTINUE")
    @given(st.sampled_from([Course.NEW_START, Course.RESTART, Course.CONTINUATION]))
    def test_an_unconfirmed_status_is_a_caution_only_on_a_continuation(
        self, course: Course
    ) -> None:
        """LDN-CONTINUE with LDN-CONFIRM: unconfirmed blocks a start, warns on a continuation."""
        report = screen(Patient(["metformin"]), course=course)
        finding = next(f for f in report.findings if f.code == "opioid-use-unconfirmed")
        continuing = course is Course.CONTINUATION
        assert finding.severity == ("caution" if continuing else "contraindication")
        assert report.may_start is continuing


class TestLdnStepSize:
    """LDN-STEP-SIZE (Largest rise in one step): Each rise of the daily dose is at most 1.5
    mg, the top of the start range; a larger rise is refused. Practice sources rise by 0.5
    mg or 1.5 mg at a time; the bound is the library's reading, said so."""

    @pytest.mark.rule("LDN-STEP-SIZE")
    @given(
        st.one_of(st.none(), policies()),
        st.decimals("0", "20", places=3),
        st.decimals("0", "20", places=3),
        st.sampled_from([Dose, Decimal, Fraction]),
    )
    def test_a_rise_is_allowed_up_to_the_largest_step_exactly(
        self, policy: ldn.Policy | None, before: Decimal, after: Decimal, kind: Any
    ) -> None:
        """LDN-STEP-SIZE: allowed iff after - before <= max_rise, whatever the number type."""
        policy = policy or MONOGRAPH
        if kind is Dose and (before <= 0 or after <= 0):
            return
        assert policy.allows_rise(kind(before), kind(after)) is (
            after - before <= policy.max_rise.mg
        )

    @pytest.mark.rule("LDN-STEP-SIZE")
    @given(st.decimals("0.5", "1.5", places=2), st.decimals("0", "3", places=2))
    def test_a_rise_above_the_largest_step_in_an_order_is_critical(
        self, first: Decimal, rise: Decimal
    ) -> None:
        """LDN-STEP-SIZE: each rise within the order is checked (order-step-too-large)."""
        order = ldn_order()
        steps = order["dosageInstruction"]
        steps[0]["doseAndRate"][0]["doseQuantity"]["value"] = float(first)
        second = min(first + rise, Decimal("4.5"))
        steps[1]["doseAndRate"][0]["doseQuantity"]["value"] = float(second)
        steps[2]["doseAndRate"][0]["doseQuantity"]["value"] = float(second)
        found = sign(order, dt.date(2026, 12, 3))
        too_large = second - first > Decimal("1.5")
        assert (("critical", "order-step-too-large") in found) is too_large

    @pytest.mark.rule("LDN-STEP-SIZE")
    @given(st.sampled_from(["0.5", "1", "1.5", "3", "4.5"]), st.decimals("0.5", "4.5", places=1))
    def test_a_continuation_is_measured_from_the_last_known_dose(
        self, last: str, new: Decimal
    ) -> None:
        """LDN-STEP-SIZE on a continuation: the first dose against the last known dose."""
        found = sign(at(maintenance(), new), dt.date(2026, 12, 3), dispenses=(ldn_dispense(last),))
        assert (("critical", "order-step-too-large") in found) is (
            new - Decimal(last) > Decimal("1.5")
        )
