"""Property tests of the medication-history rules: the opioid-free interval and the confirmation.

One class per rule id (DESIGN.md), its docstring the rule as ldn.RULES states it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn import MONOGRAPH, Medication, Patient, Washout, screen
from ldn._vocabulary.washout import WORDS
from ldn.fhir import ABSENT_VALUES, CONFIRMATION_CODES, PRESENT_VALUES, patient_from_fhir
from ldn.opioids import SubstanceKind, default_vocabulary
from ldn.strategies import policies
from tests.test_contraindication import OPIOID_ENTRIES, SAFE_LISTS

VOCABULARY = default_vocabulary()
#: The opioids that block under the monograph policy (a stopped peripheral opioid, a
#: caution only while taken, gives no history finding: tests/test_fhir_history.py).
SUBSTANCES = [s for s in VOCABULARY.substances if s.kind is SubstanceKind.OPIOID]
#: Products whose interval is longer than their substances' (modified-release, depot).
LONG_PRODUCTS = [
    p
    for p in VOCABULARY.products
    if p.washout is not Washout.SHORT
    and any(
        VOCABULARY.by_name()[s].kind is SubstanceKind.OPIOID
        for s in p.substances
        if s in VOCABULARY.by_name()
    )
]
DAYS = st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))
OFFSETS = st.integers(-30, 400)


def stopped(text: str, last: dt.date | None) -> Medication:
    return Medication(text, status="stopped", last_taken=last)


def history_codes(report: Any) -> list[str]:
    return [f.code for f in report.findings if f.code.startswith("opioid")]


class TestLdnOpioidFree:
    """LDN-OPIOID-FREE (Opioid-free interval before the first dose): A patient who took an
    opioid recently waits out an interval free of opioids before the first dose: 10 days
    after a short-acting opioid; 14 days after methadone, buprenorphine, or a
    modified-release, extended-release or transdermal product; 300 days after depot
    buprenorphine. Naltrexone labels ask for at least 7 to 10 days, and warn that
    withdrawal may be precipitated for up to two weeks after methadone or buprenorphine.
    The 14 days for modified-release and transdermal products, and the 300 days after a
    depot (five of the longest terminal half-lives its label gives, 60 days), are the
    library's cautious readings. A stopped opioid whose last day is not known is a
    caution: confirm the interval has passed."""

    @pytest.mark.rule("LDN-OPIOID-FREE")
    @given(st.sampled_from(SUBSTANCES), DAYS, OFFSETS)
    def test_the_finding_follows_the_interval_exactly(
        self, substance: Any, last: dt.date, offset: int
    ) -> None:
        """LDN-OPIOID-FREE: for any opioid, last day and first dose, day boundaries included."""
        as_of = last + dt.timedelta(days=offset)
        report = screen(Patient([stopped(substance.name, last)], opioid_use=False), as_of=as_of)
        interval = MONOGRAPH.opioid_free_interval(substance.washout)
        recent = offset < interval
        assert history_codes(report) == (["opioid-recent"] if recent else [])
        assert report.may_start is not recent
        if recent:
            (finding,) = report.blocking
            assert finding.rule_id == "LDN-OPIOID-FREE"
            earliest = last + dt.timedelta(days=interval)
            assert earliest.isoformat() in finding.summary

    @pytest.mark.rule("LDN-OPIOID-FREE")
    @given(st.sampled_from(LONG_PRODUCTS), DAYS, st.data())
    def test_long_and_depot_products_take_their_interval(
        self, product: Any, last: dt.date, data: st.DataObject
    ) -> None:
        """LDN-OPIOID-FREE: a modified-release or depot product keeps its longer interval."""
        interval = MONOGRAPH.opioid_free_interval(product.washout)
        assert interval > MONOGRAPH.opioid_free_days
        offset = data.draw(st.sampled_from([interval - 1, interval, MONOGRAPH.opioid_free_days]))
        report = screen(
            Patient([stopped(product.name, last)], opioid_use=False),
            as_of=last + dt.timedelta(days=offset),
        )
        assert report.may_start is (offset >= interval)

    @pytest.mark.rule("LDN-OPIOID-FREE")
    @given(st.sampled_from([w for w, kind, _ in WORDS if kind == "long"]), DAYS)
    def test_release_words_give_the_long_interval(self, word: str, last: dt.date) -> None:
        """LDN-OPIOID-FREE: "oxycodone" with any release word waits the long interval."""
        entry = stopped(f"oxycodone {word} 10 mg", last)
        day_before = last + dt.timedelta(days=MONOGRAPH.opioid_free_days_long - 1)
        assert not screen(Patient([entry], opioid_use=False), as_of=day_before).may_start
        on_the_day = last + dt.timedelta(days=MONOGRAPH.opioid_free_days_long)
        assert screen(Patient([entry], opioid_use=False), as_of=on_the_day).may_start

    @pytest.mark.rule("LDN-OPIOID-FREE")
    @given(st.sampled_from(SUBSTANCES), st.one_of(st.none(), DAYS), st.one_of(st.none(), DAYS))
    def test_an_undated_stop_is_a_caution(
        self, substance: Any, last: dt.date | None, as_of: dt.date | None
    ) -> None:
        """LDN-OPIOID-FREE: without the last day or the first dose's date, a caution."""
        if last is not None and as_of is not None:
            last = None
        report = screen(Patient([stopped(substance.name, last)], opioid_use=False), as_of=as_of)
        assert history_codes(report) == ["opioid-stopped-undated"]
        assert report.may_start

    @pytest.mark.rule("LDN-OPIOID-FREE")
    @given(
        policies(),
        SAFE_LISTS,
        st.lists(OPIOID_ENTRIES, max_size=2),
        st.lists(st.tuples(OPIOID_ENTRIES, st.one_of(st.none(), DAYS)), max_size=3),
        st.sampled_from([True, False, None]),
        st.one_of(st.none(), DAYS),
    )
    def test_history_never_unblocks(
        self,
        policy: Any,
        safe: list[str],
        current: list[str],
        history: list[tuple[str, dt.date | None]],
        status: bool | None,
        as_of: dt.date | None,
    ) -> None:
        """LDN-OPIOID-FREE: adding stopped entries never turns may_start from False to True."""
        before = screen(Patient([*safe, *current], opioid_use=status), policy, as_of=as_of)
        added = [stopped(text, last) for text, last in history]
        after = screen(Patient([*safe, *current, *added], opioid_use=status), policy, as_of=as_of)
        assert set(before.codes()) <= set(after.codes())
        if not before.may_start:
            assert not after.may_start

    @pytest.mark.rule("LDN-OPIOID-FREE")
    @given(
        st.lists(
            st.tuples(
                st.sampled_from(
                    ["MedicationDispense", "MedicationAdministration", "MedicationStatement"]
                ),
                OPIOID_ENTRIES,
                DAYS,
                st.integers(1, 90),
            ),
            min_size=1,
            max_size=4,
        ),
        DAYS,
    )
    def test_dispensed_or_administered_opioids_never_unblock(
        self, added: list[tuple[str, str, dt.date, int]], as_of: dt.date
    ) -> None:
        """LDN-OPIOID-FREE: an opioid dispensed, administered or stopped within the interval
        before the first dose blocks, whatever else the record holds."""
        base = [
            {
                "resourceType": "MedicationStatement",
                "status": "active",
                "medicationCodeableConcept": {"text": "paracetamol 500 mg"},
            }
        ]
        resources = [*base, *(_resource(kind, text, day, days) for kind, text, day, days in added)]
        before = screen(patient_from_fhir(base, as_of=as_of, opioid_use=False), as_of=as_of)
        after = screen(patient_from_fhir(resources, as_of=as_of, opioid_use=False), as_of=as_of)
        assert before.may_start
        for kind, _, day, days in added:
            ends = day + dt.timedelta(days=days - 1 if kind == "MedicationDispense" else 0)
            if (as_of - ends).days < MONOGRAPH.opioid_free_days:
                assert not after.may_start


def _resource(kind: str, text: str, day: dt.date, days: int) -> dict[str, Any]:
    concept = {"text": text}
    if kind == "MedicationDispense":
        return {
            "resourceType": kind,
            "status": "completed",
            "medicationCodeableConcept": concept,
            "whenHandedOver": day.isoformat(),
            "daysSupply": {"value": days, "unit": "days", "code": "d"},
        }
    if kind == "MedicationAdministration":
        return {
            "resourceType": kind,
            "status": "completed",
            "medication": {"concept": concept},
            "occurenceDateTime": f"{day.isoformat()}T08:00:00+13:00",
        }
    return {
        "resourceType": kind,
        "status": "completed",
        "medicationCodeableConcept": concept,
        "effectivePeriod": {"end": day.isoformat()},
    }


_CODE = {"coding": [{"system": CONFIRMATION_CODES[0].system, "code": CONFIRMATION_CODES[0].code}]}
_ABSENT = sorted(ABSENT_VALUES)
_PRESENT = sorted(PRESENT_VALUES)


def observation(status: str, day: dt.date, present: bool, coded: int | None) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": status,
        "code": _CODE,
        "effectiveDateTime": day.isoformat(),
    }
    if coded is None:
        resource["valueBoolean"] = present
    else:
        system, code = (_PRESENT if present else _ABSENT)[coded % 4]
        resource["valueCodeableConcept"] = {"coding": [{"system": system, "code": code}]}
    return resource


class TestLdnConfirm:
    """LDN-CONFIRM (Confirmed absence of opioid use): That the patient took no opioid
    within the opioid-free interval is confirmed, never assumed: by the prescriber, or by a
    recorded observation of opioid use that is final or amended and dated at most 7 days
    before the first dose (the library's window). A no, absent or negative value confirms;
    a yes, present or positive value is opioid use, and opioid use wins over any
    confirmation. A record that says nothing confirms nothing."""

    @pytest.mark.rule("LDN-CONFIRM")
    @given(
        DAYS,
        st.integers(-30, 60),
        st.sampled_from(["final", "amended", "corrected"]),
        st.one_of(st.none(), st.integers(0, 3)),
    )
    def test_a_recent_final_no_confirms_and_an_old_one_does_not(
        self, as_of: dt.date, age: int, status: str, coded: int | None
    ) -> None:
        """LDN-CONFIRM: only within 0 to 7 days before the first dose does a "no" confirm."""
        record = [observation(status, as_of - dt.timedelta(days=age), False, coded)]
        patient = patient_from_fhir(record, as_of=as_of)
        confirms = 0 <= age <= MONOGRAPH.confirmation_days
        assert patient.opioid_use is (False if confirms else None)
        assert screen(patient, as_of=as_of).may_start is confirms

    @pytest.mark.rule("LDN-CONFIRM")
    @given(
        DAYS,
        st.integers(0, 7),
        st.sampled_from(["preliminary", "registered", "entered-in-error", "cancelled", "unknown"]),
        st.booleans(),
    )
    def test_other_statuses_confirm_and_report_nothing(
        self, as_of: dt.date, age: int, status: str, present: bool
    ) -> None:
        """LDN-CONFIRM: a preliminary or entered-in-error Observation confirms nothing."""
        record = [observation(status, as_of - dt.timedelta(days=age), present, None)]
        patient = patient_from_fhir(record, as_of=as_of)
        assert patient.opioid_use is None
        assert not screen(patient, as_of=as_of).may_start

    @pytest.mark.rule("LDN-CONFIRM")
    @given(
        DAYS,
        st.integers(-5, 7),
        st.sampled_from([False, None]),
        st.lists(st.integers(0, 7), max_size=3),
        st.one_of(st.none(), st.integers(0, 3)),
    )
    def test_recorded_opioid_use_wins(
        self,
        as_of: dt.date,
        age: int,
        given_use: bool | None,
        confirmations: list[int],
        coded: int | None,
    ) -> None:
        """LDN-CONFIRM: a recent "yes" is opioid use, over the argument and any "no"."""
        record = [
            observation("final", as_of - dt.timedelta(days=days), False, None)
            for days in confirmations
        ]
        record.append(observation("final", as_of - dt.timedelta(days=age), True, coded))
        patient = patient_from_fhir(record, as_of=as_of, opioid_use=given_use)
        assert patient.opioid_use is True
        assert patient.opioid_use_evidence is not None
        report = screen(patient, as_of=as_of)
        assert not report.may_start
        assert report.blocking[0].trigger == patient.opioid_use_evidence

    @pytest.mark.rule("LDN-CONFIRM")
    @given(DAYS, st.integers(0, 7))
    def test_without_a_date_of_first_dose_nothing_confirms(self, day: dt.date, age: int) -> None:
        """LDN-CONFIRM: without ``as_of`` no Observation confirms."""
        record = [observation("final", day, False, None)]
        assert patient_from_fhir(record).opioid_use is None

    @pytest.mark.rule("LDN-CONFIRM")
    @given(SAFE_LISTS, DAYS)
    def test_absence_of_data_never_confirms(self, safe: list[str], as_of: dt.date) -> None:
        """LDN-CONFIRM: a record without a confirming Observation leaves opioid use unknown."""
        record = [
            {
                "resourceType": "MedicationStatement",
                "status": "active",
                "medicationCodeableConcept": {"text": text},
            }
            for text in safe
        ]
        patient = patient_from_fhir(record, as_of=as_of)
        assert patient.opioid_use is None
        assert not screen(patient, as_of=as_of).may_start
