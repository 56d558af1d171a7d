"""The patient's own LDN read from a FHIR record (``ldn.fhir.ldn_course``), and its course."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

import ldn
import ldn.opioids
from ldn import MONOGRAPH, Course, Dose, LdnUse, course_of
from ldn.fhir import (
    confirmation_observation,
    ldn_course,
    medication_request,
    patient_and_course,
    to_json,
)
from ldn.medication import Coding

AS_OF = dt.date(2026, 12, 3)


def titration(start: dt.date | None = None, **extra: Any) -> dict[str, Any]:
    """The titration ldn writes (1.5 mg, 3 mg after 14 days, 4.5 mg after 28), as a record."""
    plan = ldn.titrate(start="1.5", step="1.5", interval_days=14, target="4.5", start_date=start)
    order = json.loads(to_json(medication_request(plan, subject="Patient/p1", version="R4")))
    return order | {"id": "first", "status": "active"} | extra


class TestTheStepInForce:
    @pytest.mark.parametrize(
        ("days_ago", "dose"),
        [(0, "3/2"), (13, "3/2"), (14, "3"), (27, "3"), (28, "9/2"), (90, "9/2")],
    )
    def test_a_dated_titration_gives_the_step_of_the_day(self, days_ago: int, dose: str) -> None:
        order = titration(AS_OF - dt.timedelta(days=days_ago))
        course = ldn_course([order], as_of=AS_OF)
        assert course.course is Course.CONTINUATION
        assert course.last_dose == Fraction(dose)

    @pytest.mark.parametrize("anchor", ["authoredOn", "validity"])
    def test_undated_steps_are_counted_from_when_the_order_began(self, anchor: str) -> None:
        began = (AS_OF - dt.timedelta(days=20)).isoformat()
        extra = (
            {"authoredOn": began}
            if anchor == "authoredOn"
            else {"dispenseRequest": {"validityPeriod": {"start": began}}}
        )
        assert ldn_course([titration(**extra)], as_of=AS_OF).last_dose == 3
        assert ldn_course(
            [titration(**extra)], as_of=AS_OF - dt.timedelta(days=10)
        ).last_dose == Fraction(3, 2)

    def test_without_a_start_or_a_date_the_last_dose_is_unknown(self) -> None:
        assert ldn_course([titration()], as_of=AS_OF).last_dose is None
        assert ldn_course([titration(authoredOn="2026-11")], as_of=AS_OF).last_dose is None
        assert ldn_course([titration(authoredOn="not a date")], as_of=AS_OF).last_dose is None
        assert ldn_course([titration(authoredOn="2026-11-01")]).last_dose is None  # no as_of
        order = titration(authoredOn="2026-11-01")
        del order["dosageInstruction"][0]["timing"]["repeat"]["boundsDuration"]
        assert ldn_course([order], as_of=AS_OF).last_dose is None  # an open first step

    def test_a_stopped_order_gives_the_step_of_its_last_day(self) -> None:
        order = titration(AS_OF - dt.timedelta(days=30)) | {"status": "stopped"}
        order["dispenseRequest"] = {
            "validityPeriod": {"end": (AS_OF - dt.timedelta(days=5)).isoformat()}
        }
        course = ldn_course([order], as_of=AS_OF)
        assert course.course is Course.CONTINUATION
        assert course.last_dose == Fraction(3)  # day 25 of the titration
        assert course.last is not None
        assert course.last.ends == AS_OF - dt.timedelta(days=5)

    def test_an_unreadable_end_leaves_it_unknown(self) -> None:
        order = titration(AS_OF) | {"dispenseRequest": {"validityPeriod": {"end": "soon"}}}
        course = ldn_course([order], as_of=AS_OF)
        assert course.last is not None
        assert course.last.ends is None


class TestWhatCountsAsLdn:
    @pytest.mark.parametrize(
        ("dose", "unit", "own"),
        [(4.5, "mg", True), (Decimal("1.5"), "mg", True), (3, "mg", True), (50, "mg", False)],
    )
    def test_an_administration_by_its_dose(self, dose: Any, unit: str, own: bool) -> None:
        given = {
            "resourceType": "MedicationAdministration",
            "status": "completed",
            "medicationCodeableConcept": {"text": "naltrexone"},
            "effectiveDateTime": "2026-12-01",
            "dosage": {"dose": {"value": dose, "unit": unit}},
        }
        course = ldn_course([given], as_of=AS_OF)
        assert (course.course is Course.CONTINUATION) is own
        if own:
            assert course.last_dose == Fraction(str(dose))

    @pytest.mark.parametrize(
        "dosage",
        [
            None,
            {},
            {"dose": "4.5 mg"},
            {"dose": {"value": 4.5, "unit": "g"}},
            {"dose": {"value": "4.5", "unit": "mg"}},
            {"dose": {"value": True, "code": "mg"}},
            {"dose": {"value": float("nan"), "code": "mg"}},
            {"dose": {"value": 0, "code": "mg"}},
            {"dose": {"value": 10**6, "code": "mg"}},
        ],
    )
    def test_an_administration_without_a_dose_in_mg_is_other_naltrexone(self, dosage: Any) -> None:
        given = {
            "resourceType": "MedicationAdministration",
            "status": "completed",
            "medicationCodeableConcept": {"text": "naltrexone"},
            "effectiveDateTime": "2026-12-01",
        } | ({} if dosage is None else {"dosage": dosage})
        assert ldn_course([given], as_of=AS_OF).course is Course.NEW_START
        patient, _ = patient_and_course([given], as_of=AS_OF)
        assert len(patient.medications) == 1  # an antagonist to screen, not the own LDN

    def test_a_text_strength_stands_for_a_dose_the_record_does_not_code(self) -> None:
        statement = {
            "resourceType": "MedicationStatement",
            "status": "active",
            "medicationCodeableConcept": {"text": "naltrexone 1.5mg / 3 mg capsules"},
        }
        assert ldn_course([statement], as_of=AS_OF).last_dose == Fraction(3, 2)
        statement["medicationCodeableConcept"]["text"] = "naltrexone 0 mg"
        assert ldn_course([statement], as_of=AS_OF).course is Course.NEW_START

    def test_a_course_names_where_each_use_is(self) -> None:
        uses = [LdnUse("a", True), LdnUse("b", False, AS_OF, Fraction(3))]
        assert course_of(uses, as_of=AS_OF).references == frozenset({"a", "b"})
        assert course_of(uses, as_of=AS_OF).last == uses[1]  # the only one with a dose

    def test_use_values_are_checked(self) -> None:
        for bad in (
            lambda: LdnUse("", True),
            lambda: LdnUse("a", "yes"),  # type: ignore[arg-type]
            lambda: LdnUse("a", True, daily_dose=Fraction(-1)),
            lambda: LdnUse("a", True, daily_dose=True),  # type: ignore[arg-type]
            lambda: LdnUse("a", True, daily_dose=0.5),  # type: ignore[arg-type]
            lambda: ldn.LdnCourse("sideways"),
            lambda: course_of([LdnUse("a", True)], as_of="today"),  # type: ignore[arg-type]
            lambda: course_of([LdnUse("a", True)], policy="monograph"),  # type: ignore[arg-type]
            lambda: ldn_course([], policy="monograph"),  # type: ignore[arg-type]
        ):
            with pytest.raises(ldn.LdnError):
                bad()
        assert LdnUse("a", True, daily_dose=3).daily_dose == Fraction(3)


class TestTheNewFigures:
    @pytest.mark.parametrize(
        ("before", "after", "allowed"),
        [
            (Decimal("NaN"), Dose("1"), False),
            (Dose("1"), Decimal("NaN"), False),
            (Dose("1"), Decimal("Infinity"), False),
            (Decimal("-Infinity"), Dose("1"), False),
            (Decimal("1E-2000"), Dose("1"), False),
            (Dose("4.5"), Decimal("1E+2000"), False),
            (Decimal("1E+2000"), Dose("4.5"), True),  # a fall
            (Fraction(1, 3), Fraction(11, 6), True),
            (Fraction(1, 3), Fraction(11, 6) + Fraction(1, 10**9), False),
        ],
    )
    def test_allows_rise_at_the_edges(self, before: Any, after: Any, allowed: bool) -> None:
        assert MONOGRAPH.allows_rise(before, after) is allowed

    def test_a_policy_rise_above_its_maximum_is_refused(self) -> None:
        with pytest.raises(ldn.InvalidPolicyError) as raised:
            MONOGRAPH.derive(name="x", reason="r", max_rise="5")
        assert "max_rise" in str(raised.value)
        assert "LDN-STEP-SIZE" in str(raised.value)


def test_the_confirmation_observation_names_its_code_as_given() -> None:
    bare = Coding("urn:clinic", "opioid-check")
    observation = confirmation_observation("Patient/p1", on=AS_OF, opioid_use=True, code=bare)
    assert observation["code"]["coding"] == [{"system": "urn:clinic", "code": "opioid-check"}]
    assert observation["valueCodeableConcept"]["coding"][0]["code"] == "373066001"
    assert "performer" not in observation
    for bad in (
        lambda: confirmation_observation("Practitioner/1", on=AS_OF),
        lambda: confirmation_observation("Patient/" + "x" * 65, on=AS_OF),
        lambda: confirmation_observation("Patient/p1", on="2026-12-03"),  # type: ignore[arg-type]
        lambda: confirmation_observation("Patient/p1", on=AS_OF, opioid_use=None),  # type: ignore[arg-type]
        lambda: confirmation_observation("Patient/p1", on=AS_OF, performer="Device/1"),
        lambda: confirmation_observation("Patient/p1", on=AS_OF, code="x"),  # type: ignore[arg-type]
    ):
        with pytest.raises(ldn.LdnTypeError):
            bad()


def test_the_naltrexone_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ldn.opioids, "_MEMO_SIZE", 2)
    vocabulary = ldn.opioids.default_vocabulary().extend(name="memo", sources=[], substances=[])
    for text in ("naltrexone", "LDN 1 mg", "Revia", "naltrexone 2 mg", "metformin"):
        assert vocabulary.names_alone([text], "naltrexone") is (text != "metformin")
    assert vocabulary.names_alone(["naltrexone", "metformin"], "naltrexone") is True


class TestTheLastDoseExactly:
    """Each branch of the reading that decides the last known dose, pinned."""

    def test_a_titration_before_its_first_day_gives_its_first_dose(self) -> None:
        order = titration(AS_OF + dt.timedelta(days=3))
        assert ldn_course([order], as_of=AS_OF).last_dose == Fraction(3, 2)

    def test_the_steps_own_dates_win_over_when_the_order_was_written(self) -> None:
        order = titration(AS_OF - dt.timedelta(days=2), authoredOn="2026-09-01")
        assert ldn_course([order], as_of=AS_OF).last_dose == Fraction(3, 2)

    def test_one_step_gives_its_dose_even_without_a_day(self) -> None:
        statement = {
            "resourceType": "MedicationStatement",
            "status": "active",
            "medicationCodeableConcept": {"text": "naltrexone"},
            "dosage": [{"doseAndRate": [{"doseQuantity": {"value": 3, "unit": "mg"}}]}],
        }
        assert ldn_course([statement]).last_dose == 3  # no as_of

    def test_a_current_use_counts_as_taken_on_the_first_dose_day(self) -> None:
        uses = [
            LdnUse("statement", True, daily_dose=Fraction(3)),
            LdnUse("dispense", False, AS_OF - dt.timedelta(days=1), Fraction(3, 2)),
        ]
        assert course_of(uses, as_of=AS_OF).last_dose == 3

    def test_undated_uses_without_a_first_dose_day_give_the_lowest_dose(self) -> None:
        uses = [LdnUse("a", True, daily_dose=Fraction(3)), LdnUse("b", True, daily_dose=1)]
        assert course_of(uses).last_dose == 1

    @pytest.mark.parametrize(
        ("dose", "expected"),
        [
            ({"value": 0.3, "code": "mg"}, Fraction(3, 10)),
            ({"value": 0.5, "unit": "mg"}, Fraction(1, 2)),
            ({"value": Decimal("999.9"), "code": "mg"}, None),  # above the maximum: other
            ({"value": 4.5, "code": "mL", "unit": "mg"}, None),  # the code is the unit
        ],
    )
    def test_an_administered_dose_is_read_exactly(
        self, dose: dict[str, Any], expected: Fraction | None
    ) -> None:
        given = {
            "resourceType": "MedicationAdministration",
            "status": "completed",
            "medicationCodeableConcept": {"text": "naltrexone"},
            "effectiveDateTime": "2026-12-01",
            "dosage": {"dose": dose},
        }
        assert ldn_course([given], as_of=AS_OF).last_dose == expected


def test_the_confirmation_observation_whole() -> None:
    assert confirmation_observation("Patient/p-1.a", on=AS_OF, performer="PractitionerRole/r1") == {
        "resourceType": "Observation",
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "social-history",
                        "display": "Social History",
                    }
                ]
            }
        ],
        "code": {
            "coding": [
                {
                    "system": "https://ldn-dosing.readthedocs.io/fhir/CodeSystem/observation",
                    "code": "opioid-use",
                    "display": "Opioid use within the opioid-free interval before low dose naltrexone",
                }
            ],
            "text": "Opioid use within the opioid-free interval before low dose naltrexone",
        },
        "subject": {"reference": "Patient/p-1.a"},
        "effectiveDateTime": "2026-12-03",
        "performer": [{"reference": "PractitionerRole/r1"}],
        "valueCodeableConcept": {
            "coding": [{"system": "http://snomed.info/sct", "code": "373067005", "display": "No"}],
            "text": "No opioid taken within the interval",
        },
    }
    used = confirmation_observation("Patient/p1", on=AS_OF, opioid_use=True)
    assert used["valueCodeableConcept"] == {
        "coding": [{"system": "http://snomed.info/sct", "code": "373066001", "display": "Yes"}],
        "text": "Opioid taken within the interval",
    }
    first = confirmation_observation("Patient/p1", on=AS_OF)
    first["category"][0]["coding"][0]["code"] = "changed"
    assert confirmation_observation("Patient/p1", on=AS_OF)["category"][0]["coding"][0]["code"] == (
        "social-history"
    )  # each Observation is built afresh


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: confirmation_observation("Practitioner/1", on=AS_OF),
            "subject must be a reference Patient/id, got str 'Practitioner/1'",
        ),
        (
            lambda: confirmation_observation("Patient/a b", on=AS_OF),
            "subject must be a reference Patient/id, got str 'Patient/a b'",
        ),
        (
            lambda: confirmation_observation("Patient/p1", on=AS_OF, performer=5),  # type: ignore[arg-type]
            "performer must be a reference Practitioner/id or PractitionerRole/id or Patient/id "
            "or RelatedPerson/id, got int 5",
        ),
        (
            lambda: confirmation_observation("Patient/p1", on="x"),  # type: ignore[arg-type]
            "on must be a datetime.date, got str 'x'",
        ),
        (
            lambda: confirmation_observation("Patient/p1", on=AS_OF, opioid_use=1),  # type: ignore[arg-type]
            "opioid_use must be True or False, got int 1",
        ),
        (
            lambda: confirmation_observation("Patient/p1", on=AS_OF, code=5),  # type: ignore[arg-type]
            "code must be a Coding or None, got int 5",
        ),
    ],
)
def test_the_confirmation_observation_refuses_with_a_message(call: Any, message: str) -> None:
    with pytest.raises(ldn.LdnTypeError) as raised:
        call()
    assert str(raised.value) == message


def test_the_prefetch_names_every_confirmation_code() -> None:
    from ldn.cds._request import prefetch_templates

    codes = (Coding("urn:a", "1"), Coding("urn:b", "2"))
    assert prefetch_templates(codes)["opioidUseObservations"] == (
        "Observation?patient={{context.patientId}}&code=urn:a|1,urn:b|2"
    )
    assert (
        prefetch_templates()["opioidUseObservations"] == ldn.cds.PREFETCH["opioidUseObservations"]
    )


@pytest.mark.parametrize(
    ("code", "per_day"),
    [
        ("BID", Fraction(2)),
        ("TID", Fraction(3)),
        ("QID", Fraction(4)),
        ("AM", Fraction(1)),
        ("PM", Fraction(1)),
        ("QD", Fraction(1)),
        ("QOD", Fraction(1, 2)),
        ("Q1H", Fraction(24)),
        ("Q2H", Fraction(12)),
        ("Q3H", Fraction(8)),
        ("Q4H", Fraction(6)),
        ("Q6H", Fraction(4)),
        ("Q8H", Fraction(3)),
        ("BED", Fraction(1)),
        ("WK", Fraction(1, 7)),
        ("MO", Fraction(1, 30)),
        ("bid", Fraction(2)),
        ("XYZ", Fraction(1, 7)),  # unknown: the repeat (once a week here) stands
    ],
)
def test_each_timing_abbreviation_gives_its_doses_a_day(code: str, per_day: Fraction) -> None:
    from ldn.fhir import Reader, Resources, read_draft_order

    order = titration()
    dosage = order["dosageInstruction"][0]
    dosage["timing"] = {
        "repeat": {
            "frequency": 1,
            "period": 1,
            "periodUnit": "wk",
            "boundsDuration": {"value": 14, "unit": "d", "code": "d"},
        },
        "code": {
            "coding": [
                {"system": "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation", "code": code}
            ]
        },
    }
    read = read_draft_order(Reader(Resources([order])), order, "o")
    assert read.steps[0].per_day == max(per_day, Fraction(1, 7))
    dosage["timing"]["code"] = {"text": code}
    assert read_draft_order(Reader(Resources([order])), order, "o").steps[0].per_day == max(
        per_day, Fraction(1, 7)
    )


def test_times_of_day_and_events_count_once_each() -> None:
    from ldn.fhir import Reader, Resources, read_draft_order

    order = titration()
    repeat = order["dosageInstruction"][0]["timing"]["repeat"]
    for members, per_day in (
        ({"timeOfDay": ["08:00:00", "08:00:00"]}, 1),
        ({"timeOfDay": ["08:00:00", "20:00:00", "22:00:00"]}, 3),
        ({"when": ["HS", "HS"]}, 1),
        ({"when": ["MORN", "HS"], "frequency": 3}, 3),
    ):
        changed = dict(repeat, **members)
        order["dosageInstruction"][0]["timing"] = {"repeat": changed}
        read = read_draft_order(Reader(Resources([order])), order, "o")
        assert read.steps[0].per_day == per_day, members
    order["dosageInstruction"][0]["timing"] = {"repeat": dict(repeat, timeOfDay="08:00")}
    with pytest.raises(ldn.HookRequestError) as raised:
        read_draft_order(Reader(Resources([order])), order, "o")
    assert str(raised.value) == (
        "o.dosageInstruction[0].timing.repeat.timeOfDay must be a list of codes, got str '08:00'"
    )


def test_a_step_start_is_read_from_its_bounds_period() -> None:
    from ldn.fhir import Reader, Resources, read_draft_order

    order = titration(AS_OF)
    read = read_draft_order(Reader(Resources([order])), order, "o")
    assert [step.start for step in read.steps] == [
        AS_OF,
        AS_OF + dt.timedelta(days=14),
        AS_OF + dt.timedelta(days=28),
    ]
    order["dosageInstruction"][2]["timing"]["repeat"]["boundsPeriod"]["start"] = "2026-12"
    assert read_draft_order(Reader(Resources([order])), order, "o").steps[2].start is None


def test_days_after_holds_to_the_calendar() -> None:
    from ldn._checks import days_after

    assert days_after(dt.date(2026, 12, 3), 7) == dt.date(2026, 12, 10)
    assert days_after(dt.date(2026, 12, 3), -3) == dt.date(2026, 11, 30)
    assert days_after(dt.date(9999, 12, 30), 1) == dt.date(9999, 12, 31)
    assert days_after(dt.date(9999, 12, 30), 2) == dt.date.max
    assert days_after(dt.date(1, 1, 2), -2) == dt.date.min
    assert days_after(dt.date(1, 1, 2), -1) == dt.date(1, 1, 1)


def test_a_whole_frequency_is_read_whatever_the_callers_decimal_context() -> None:
    import decimal

    from ldn.fhir import Reader, Resources, read_draft_order

    order = titration()
    with decimal.localcontext(decimal.Context(prec=1, traps=list(decimal.Context().flags))):
        read = read_draft_order(Reader(Resources([order])), order, "o")
    assert [step.per_day for step in read.steps] == [1, 1, 1]


def test_a_use_refuses_a_date_or_policy_of_another_kind_with_a_message() -> None:
    use = LdnUse("a", False, AS_OF)
    with pytest.raises(ldn.LdnTypeError) as raised:
        use.continues("2026-12-03")  # type: ignore[arg-type]
    assert str(raised.value) == "as_of must be a datetime.date or None, got str '2026-12-03'"
    with pytest.raises(ldn.LdnTypeError) as raised:
        use.continues(AS_OF, "monograph")  # type: ignore[arg-type]
    assert str(raised.value) == "policy must be a Policy, got str 'monograph'"
    assert use.continues(AS_OF + dt.timedelta(days=7)) is True
    assert use.continues(AS_OF + dt.timedelta(days=8)) is False
    assert use.continues(AS_OF - dt.timedelta(days=1)) is False  # taken after the order's day


def test_an_ldn_administration_of_a_thousand_mg_or_more_has_no_dose() -> None:
    for value, expected in ((999, Fraction(999)), (1000, None)):
        given = {
            "resourceType": "MedicationAdministration",
            "status": "completed",
            "medicationCodeableConcept": {"text": "LDN"},
            "effectiveDateTime": "2026-12-01",
            "dosage": {"dose": {"value": value, "code": "mg"}},
        }
        assert ldn_course([given], as_of=AS_OF).last_dose == expected


def test_a_reported_opioid_use_counts_for_the_confirmation_window() -> None:
    from ldn.fhir import patient_from_fhir

    for age, counts in ((7, True), (8, False)):
        used = confirmation_observation(
            "Patient/p1", on=AS_OF - dt.timedelta(days=age), opioid_use=True
        )
        assert (patient_from_fhir([used], as_of=AS_OF).opioid_use is True) is counts


def test_the_confirmation_observation_takes_any_fhir_id_and_names_a_bad_code() -> None:
    assert confirmation_observation("Patient/ABC-1.z", on=AS_OF)["subject"] == {
        "reference": "Patient/ABC-1.z"
    }
    with pytest.raises(ldn.LdnTypeError) as raised:
        confirmation_observation("Patient/p1", on=AS_OF, code="x")  # type: ignore[arg-type]
    assert str(raised.value) == "code must be a Coding or None, got str 'x'"


class TestMoreEdgesOfTheCourse:
    def test_ldn_named_at_zero_mg_continues_with_no_dose(self) -> None:
        statement = {
            "resourceType": "MedicationStatement",
            "status": "active",
            "medicationCodeableConcept": {"text": "LDN 0 mg"},
        }
        course = ldn_course([statement], as_of=AS_OF)
        assert course.course is Course.CONTINUATION
        assert course.last_dose is None

    def test_a_stopped_undated_titration_gives_the_dose_of_the_first_dose_day(self) -> None:
        began = (AS_OF - dt.timedelta(days=20)).isoformat()
        order = titration(authoredOn=began) | {"status": "stopped"}
        (use,) = ldn_course([order], as_of=AS_OF).uses
        assert use.last_taken is None
        assert use.daily_dose == 3

    def test_a_current_dispense_of_a_titration_gives_the_step_of_the_day(self) -> None:
        steps = titration(AS_OF - dt.timedelta(days=20))["dosageInstruction"]
        dispense = {
            "resourceType": "MedicationDispense",
            "status": "completed",
            "medicationCodeableConcept": {"text": "LDN capsules"},
            "whenHandedOver": (AS_OF - dt.timedelta(days=20)).isoformat(),
            "daysSupply": {"value": 56, "code": "d"},
            "dosageInstruction": steps,
        }
        course = ldn_course([dispense], as_of=AS_OF)
        assert course.last is not None
        assert course.last.current is True
        assert course.last_dose == 3

    def test_a_resource_without_an_id_has_no_reference(self) -> None:
        order = titration(AS_OF)
        del order["id"]
        (use,) = ldn_course([order], as_of=AS_OF).uses
        assert use.reference is None
        assert use.where == "MedicationRequest[0]"
        (use,) = ldn_course([titration(AS_OF)], as_of=AS_OF).uses
        assert use.reference == "MedicationRequest/first"


@pytest.mark.parametrize("dose", [0, Fraction(0), -1, Fraction(-1, 2)])
def test_a_use_of_no_dose_or_less_is_refused(dose: Any) -> None:
    with pytest.raises(ldn.LdnTypeError) as raised:
        LdnUse("a", True, daily_dose=dose)
    assert str(raised.value).startswith(
        "daily_dose must be a positive Fraction of mg, or None, got "
    )
