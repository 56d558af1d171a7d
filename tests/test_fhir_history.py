"""The medication history in FHIR: dispenses, administrations, stopped entries, older shapes,
the recorded confirmation, and reading whole, once and resource by resource."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from typing import Any

import pytest

from ldn import (
    MONOGRAPH,
    LdnTypeError,
    Medication,
    Patient,
    ScreeningError,
    Unreadable,
    screen,
)
from ldn.fhir import CONFIRMATION_CODES, Reader, Resources, patient_from_fhir
from ldn.medication import RXNORM, Coding

AS_OF = dt.date(2026, 12, 3)
OXY = {"text": "oxycodone 5 mg"}
CONFIRM = {"coding": [{"system": CONFIRMATION_CODES[0].system, "code": "opioid-use"}]}


def dispense(**fields: Any) -> dict[str, Any]:
    return {"resourceType": "MedicationDispense", "status": "completed", **fields}


def administration(**fields: Any) -> dict[str, Any]:
    return {"resourceType": "MedicationAdministration", "status": "completed", **fields}


def one(resources: Any, **kwargs: Any) -> Medication:
    (entry,) = patient_from_fhir(resources, **kwargs).medications
    return entry


def state(entry: Medication) -> tuple[str, dt.date | None]:
    return entry.status.value, entry.last_taken


class TestDispenses:
    def test_current_while_the_supply_reaches_the_first_dose(self) -> None:
        record = [
            dispense(
                medicationCodeableConcept=OXY,
                whenHandedOver="2026-11-27T10:00:00+13:00",
                daysSupply={"value": 7, "unit": "days", "code": "d"},
            )
        ]
        assert state(one(record, as_of=AS_OF)) == ("current", dt.date(2026, 12, 3))
        assert state(one(record, as_of=AS_OF + dt.timedelta(days=1))) == (
            "stopped",
            dt.date(2026, 12, 3),
        )
        assert state(one(record)) == ("stopped", dt.date(2026, 12, 3))

    def test_without_days_supply_the_policy_default_counts(self) -> None:
        record = [dispense(medicationCodeableConcept=OXY, whenHandedOver="2026-11-01")]
        assert one(record, as_of=AS_OF).last_taken == dt.date(2026, 11, 30)
        short = MONOGRAPH.derive(name="short-supply", reason="test", dispense_days_default=1)
        assert one(record, as_of=AS_OF, policy=short).last_taken == dt.date(2026, 11, 1)

    @pytest.mark.parametrize(
        ("supply", "days"),
        [
            ({"value": 1, "code": "wk"}, 7),
            ({"value": 1.5, "unit": "Day"}, 2),
            ({"value": 1}, 1),
        ],
    )
    def test_days_supply_units(self, supply: dict[str, Any], days: int) -> None:
        record = [
            dispense(medicationCodeableConcept=OXY, whenHandedOver="2026-11-01", daysSupply=supply)
        ]
        assert one(record).last_taken == dt.date(2026, 11, days)

    @pytest.mark.parametrize(
        ("supply", "reason"),
        [
            ([], "MedicationDispense[0].daysSupply must be a FHIR Quantity, got list []"),
            (
                {"value": 0},
                "MedicationDispense[0].daysSupply.value must be a number of days above 0 and at most 3660, got int 0",
            ),
            (
                {"value": 5, "code": "min"},
                "MedicationDispense[0].daysSupply.code must be a unit of days, weeks or months, got str 'min'",
            ),
            (
                {"value": 10**7},
                "MedicationDispense[0].daysSupply.value must be a number of days above 0 and at most 3660, got int 10000000",
            ),
            (
                {"value": float("nan")},
                "MedicationDispense[0].daysSupply.value must be a number of days above 0 and at most 3660, got float nan",
            ),
        ],
    )
    def test_an_unreadable_supply_is_named_and_the_default_counts(
        self, supply: object, reason: str
    ) -> None:
        record = [
            dispense(medicationCodeableConcept=OXY, whenHandedOver="2026-11-01", daysSupply=supply)
        ]
        patient = patient_from_fhir(record, as_of=AS_OF)
        assert state(patient.medications[0]) == ("stopped", dt.date(2026, 11, 30))
        assert patient.unreadable == (Unreadable("MedicationDispense[0]", reason),)
        with pytest.raises(ScreeningError, match="daysSupply"):
            patient_from_fhir(record, strict=True)

    def test_prepared_date_when_not_handed_over_and_undated_otherwise(self) -> None:
        prepared = dispense(
            medicationCodeableConcept=OXY, whenPrepared="2026-11-20", daysSupply={"value": 2}
        )
        assert state(one([prepared], as_of=AS_OF)) == ("stopped", dt.date(2026, 11, 21))
        assert state(one([dispense(medicationCodeableConcept=OXY)], as_of=AS_OF)) == (
            "stopped",
            None,
        )

    @pytest.mark.parametrize("status", ["cancelled", "declined", "entered-in-error"])
    def test_dispenses_that_never_reached_the_patient(self, status: str) -> None:
        record = [
            dispense(status=status, medicationCodeableConcept=OXY, whenHandedOver="2026-12-01")
        ]
        assert patient_from_fhir(record, as_of=AS_OF) == Patient()

    @pytest.mark.parametrize("status", ["preparation", "on-hold"])
    def test_waiting_dispenses_count_only_once_handed_over(self, status: str) -> None:
        waiting = dispense(status=status, medicationCodeableConcept=OXY)
        assert patient_from_fhir([waiting], as_of=AS_OF).medications == ()
        handed = {**waiting, "whenHandedOver": "2026-12-01"}
        assert state(one([handed], as_of=AS_OF)) == ("current", dt.date(2026, 12, 30))

    def test_an_opioid_dispensed_only_blocks(self) -> None:
        record = [
            dispense(
                medicationCodeableConcept=OXY, whenHandedOver="2026-11-20", daysSupply={"value": 5}
            )
        ]
        report = screen(patient_from_fhir(record, as_of=AS_OF, opioid_use=False), as_of=AS_OF)
        assert [f.code for f in report.blocking] == ["opioid-recent"]


class TestAdministrations:
    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            ({"effectiveDateTime": "2026-12-01T23:30:00-05:00"}, ("stopped", dt.date(2026, 12, 1))),
            (
                {"effectivePeriod": {"start": "2026-11-01", "end": "2026-11-02"}},
                ("stopped", dt.date(2026, 11, 2)),
            ),
            ({"effectivePeriod": {"start": "2026-11-05"}}, ("stopped", None)),
            ({"occurenceDateTime": "2026-11-07"}, ("stopped", dt.date(2026, 11, 7))),
            ({"occurencePeriod": {"end": "2026-11-08"}}, ("stopped", dt.date(2026, 11, 8))),
            ({"occurrenceDateTime": "2026-11-09"}, ("stopped", dt.date(2026, 11, 9))),
            ({}, ("stopped", None)),
        ],
    )
    def test_the_day_given(self, fields: dict[str, Any], expected: tuple[str, Any]) -> None:
        record = [administration(medication={"concept": OXY}, **fields)]
        assert state(one(record, as_of=AS_OF)) == expected

    def test_in_progress_is_current_until_its_period_ends(self) -> None:
        running = administration(status="in-progress", medicationCodeableConcept=OXY)
        assert state(one([running], as_of=AS_OF)) == ("current", None)
        started = {**running, "effectivePeriod": {"start": "2026-02-01"}}
        assert state(one([started], as_of=AS_OF)) == ("current", None)
        ended = {**running, "effectivePeriod": {"end": "2026-11-30"}}
        assert state(one([ended], as_of=AS_OF)) == ("stopped", dt.date(2026, 11, 30))

    @pytest.mark.parametrize("status", ["not-done", "entered-in-error"])
    def test_not_given(self, status: str) -> None:
        record = [administration(status=status, medicationCodeableConcept=OXY)]
        assert patient_from_fhir(record, as_of=AS_OF).medications == ()


class TestStoppedEntries:
    def test_a_statement_takes_its_period_end_else_its_date(self) -> None:
        base = {
            "resourceType": "MedicationStatement",
            "status": "completed",
            "medicationCodeableConcept": OXY,
        }
        assert one([{**base, "effectivePeriod": {"end": "2026-11-29"}}]).last_taken == dt.date(
            2026, 11, 29
        )
        assert one([{**base, "effectiveDateTime": "2026-11"}]).last_taken == dt.date(2026, 11, 30)

    @pytest.mark.parametrize(
        ("fields", "last"),
        [
            (
                {
                    "dispenseRequest": {
                        "validityPeriod": {"end": "2026-11-10"},
                        "expectedSupplyDuration": {"value": 5, "code": "d"},
                    },
                    "authoredOn": "2026-11-01",
                },
                dt.date(2026, 11, 10),
            ),
            (
                {
                    "authoredOn": "2026-11-01",
                    "dispenseRequest": {"expectedSupplyDuration": {"value": 5, "code": "d"}},
                },
                dt.date(2026, 11, 6),
            ),
            (
                {
                    "dosageInstruction": [
                        {"timing": {"repeat": {"boundsPeriod": {"end": "2026-11-12"}}}},
                        {"timing": {"repeat": {"boundsPeriod": {"end": "2026-11-20"}}}},
                        {"text": "as directed"},
                    ]
                },
                dt.date(2026, 11, 20),
            ),
            ({"authoredOn": "2026-11-01"}, None),
        ],
    )
    def test_a_stopped_request_takes_the_first_date_it_gives(
        self, fields: dict[str, Any], last: dt.date | None
    ) -> None:
        request = {
            "resourceType": "MedicationRequest",
            "status": "stopped",
            "medicationCodeableConcept": OXY,
            **fields,
        }
        assert state(one([request])) == ("stopped", last)

    def test_a_malformed_dosage_is_named(self) -> None:
        request = {
            "resourceType": "MedicationRequest",
            "status": "completed",
            "medicationCodeableConcept": OXY,
            "dosageInstruction": ["daily"],
        }
        patient = patient_from_fhir([request])
        assert state(patient.medications[0]) == ("stopped", None)
        assert patient.unreadable[0].reason == (
            "MedicationRequest[0].dosageInstruction[0] must be a Dosage object, got str 'daily'"
        )

    def test_an_unknown_status_reads_as_current_and_is_named(self) -> None:
        statement = {
            "resourceType": "MedicationStatement",
            "status": "taking",
            "medicationCodeableConcept": OXY,
        }
        patient = patient_from_fhir([statement], as_of=AS_OF, opioid_use=False)
        assert state(patient.medications[0]) == ("current", None)
        report = screen(patient, as_of=AS_OF)
        assert [f.code for f in report.findings if f.severity != "info"] == [
            "opioid-use",
            "record-unreadable",
        ]


class TestOlderShapes:
    def test_dstu2_medication_order_and_statement(self) -> None:
        order = {
            "resourceType": "MedicationOrder",
            "status": "completed",
            "dateWritten": "2026-11-01",
            "dateEnded": "2026-11-25",
            "medicationCodeableConcept": {"text": "methadone 10 mg"},
        }
        assert state(one([order])) == ("stopped", dt.date(2026, 11, 25))
        not_taken = {
            "resourceType": "MedicationStatement",
            "status": "completed",
            "wasNotTaken": True,
            "medicationCodeableConcept": OXY,
        }
        assert patient_from_fhir([not_taken]).medications == ()

    def test_stu3_taken_no_and_r5_draft_usage(self) -> None:
        stu3 = {
            "resourceType": "MedicationStatement",
            "status": "active",
            "taken": "n",
            "medicationCodeableConcept": OXY,
        }
        assert patient_from_fhir([stu3]).medications == ()
        usage = {
            "resourceType": "MedicationUsage",
            "status": "recorded",
            "medication": {"concept": OXY},
        }
        assert state(one([usage])) == ("current", None)

    def test_a_medication_type_not_read_is_named(self) -> None:
        record = [
            {"resourceType": "MedicationPrescription", "id": "p1"},
            {"resourceType": "MedicationKnowledge", "id": "k1"},
            {"resourceType": "Medication", "id": "m1"},
            {"resourceType": "Condition", "id": "c1"},
        ]
        patient = patient_from_fhir(record)
        assert patient.unreadable == (
            Unreadable(
                "MedicationPrescription[0]",
                "MedicationPrescription[0].resourceType must be a medication resource type ldn "
                "reads (MedicationAdministration, MedicationDispense, MedicationOrder, "
                "MedicationRequest, MedicationStatement, MedicationUsage), got str "
                "'MedicationPrescription'",
            ),
        )


class TestReadWholeAndOnce:
    def test_both_r4_and_r5_members_count(self) -> None:
        resource = {
            "resourceType": "MedicationStatement",
            "status": "active",
            "medicationCodeableConcept": {"text": "paracetamol"},
            "medication": {"concept": {"text": "morphine 10 mg"}},
        }
        texts = [m.text for m in patient_from_fhir([resource]).medications]
        assert texts == ["paracetamol", "morphine 10 mg"]

    def test_every_resource_sharing_an_id_or_full_url_counts(self) -> None:
        record = {
            "resourceType": "Bundle",
            "entry": [
                {
                    "resource": {
                        "resourceType": "MedicationStatement",
                        "status": "active",
                        "medicationReference": {"reference": "Medication/m"},
                    }
                },
                {
                    "fullUrl": "urn:uuid:1",
                    "resource": {
                        "resourceType": "Medication",
                        "id": "m",
                        "code": {"text": "paracetamol"},
                    },
                },
                {
                    "fullUrl": "urn:uuid:1",
                    "resource": {
                        "resourceType": "Medication",
                        "id": "m",
                        "code": {"text": "tramadol"},
                    },
                },
            ],
        }
        texts = [m.text for m in patient_from_fhir(record).medications]
        assert texts == ["paracetamol", "tramadol"]

    def test_an_absolute_or_versioned_reference_finds_type_and_id(self) -> None:
        medication = {"resourceType": "Medication", "id": "7", "code": {"text": "codeine"}}
        for target in ("https://fhir.example.org/r4/Medication/7", "Medication/7/_history/2"):
            statement = {
                "resourceType": "MedicationStatement",
                "status": "active",
                "medicationReference": {"reference": target},
            }
            assert one([statement, medication]).text == "codeine"
        lone = {
            "resourceType": "MedicationStatement",
            "status": "active",
            "medicationReference": {"reference": "x", "display": "d"},
        }
        assert one([lone]).text == "d"

    def test_loops_end_and_each_medication_is_read_once(self) -> None:
        record = [
            {
                "resourceType": "MedicationStatement",
                "status": "active",
                "medicationReference": {"reference": "Medication/a"},
            },
            {
                "resourceType": "Medication",
                "id": "a",
                "code": {"text": "a"},
                "ingredient": [{"itemReference": {"reference": "Medication/b"}}],
            },
            {
                "resourceType": "Medication",
                "id": "b",
                "code": {"text": "b"},
                "ingredient": [{"itemReference": {"reference": "Medication/a"}}],
            },
        ]
        assert [m.text for m in patient_from_fhir(record).medications] == ["a", "b"]

    def test_a_fan_out_of_forty_levels_is_read_in_linear_time(self) -> None:
        record: list[dict[str, Any]] = [
            {
                "resourceType": "MedicationStatement",
                "status": "active",
                "medicationReference": {"reference": "Medication/m0"},
            }
        ]
        for level in range(40):
            following = {"reference": f"Medication/m{level + 1}"}
            record.append(
                {
                    "resourceType": "Medication",
                    "id": f"m{level}",
                    "code": {"text": f"level {level}"},
                    "ingredient": [
                        {"itemReference": following},
                        {"item": {"reference": following}},
                    ],
                }
            )
        record.append({"resourceType": "Medication", "id": "m40", "code": {"text": "morphine"}})
        best = min(_timed(lambda: patient_from_fhir(record)) for _ in range(5))
        assert best < 0.05
        assert len(patient_from_fhir(record).medications) == 41

    @pytest.mark.slow
    def test_a_chain_longer_than_the_recursion_limit(self) -> None:
        record: list[dict[str, Any]] = [
            {
                "resourceType": "MedicationStatement",
                "status": "active",
                "medicationReference": {"reference": "#m0"},
                "contained": [],
            }
        ]
        for level in range(3000):
            record[0]["contained"].append(
                {
                    "resourceType": "Medication",
                    "id": f"m{level}",
                    "ingredient": [{"itemReference": {"reference": f"#m{level + 1}"}}],
                }
            )
        # 3,000 links, none coded: one empty entry (unrecognised), and no RecursionError
        assert patient_from_fhir(record).medications == (Medication(),)

    def test_each_medication_is_parsed_once_for_many_statements(self) -> None:
        medication = {"resourceType": "Medication", "id": "m", "code": {"text": "codeine"}}
        statements = [
            {
                "resourceType": "MedicationStatement",
                "status": "active",
                "medicationReference": {"reference": "Medication/m"},
            }
        ] * 3
        reader = Reader(Resources([*statements, medication]))
        for statement in statements:
            assert reader.medications("s", statement) == [Medication("codeine")]
        assert reader.resolve({}, "Medication/m", "s") is medication
        assert reader.resolve({}, None, "s") is None


class TestConfirmation:
    def observation(self, **fields: Any) -> dict[str, Any]:
        return {
            "resourceType": "Observation",
            "status": "final",
            "code": CONFIRM,
            "effectiveDateTime": "2026-12-01",
            **fields,
        }

    def test_a_period_or_instant_dates_it(self) -> None:
        for when in (
            {"effectivePeriod": {"start": "2026-11-30"}},
            {"effectiveInstant": "2026-12-02T01:00:00Z"},
        ):
            record = [{**self.observation(valueBoolean=False), "effectiveDateTime": None, **when}]
            del record[0]["effectiveDateTime"]
            assert patient_from_fhir(record, as_of=AS_OF).opioid_use is False

    @pytest.mark.parametrize(
        ("fields", "reason"),
        [
            (
                {"valueString": "no"},
                "Observation[0].value must be valueBoolean, or a coded yes/present/positive or no/absent/negative, got str 'no'",
            ),
            (
                {
                    "valueCodeableConcept": {
                        "coding": [{"system": "http://loinc.org", "code": "LA1-1"}]
                    }
                },
                "Observation[0].value must be valueBoolean, or a coded yes/present/positive or no/absent/negative, got dict {'coding': [{'code': 'LA1-1', 'system': 'http://loinc.org...",
            ),
            (
                {"valueBoolean": None},
                "Observation[0].value must be valueBoolean, or a coded yes/present/positive or no/absent/negative, got NoneType None",
            ),
            (
                {"valueBoolean": True, "effectiveDateTime": "x"},
                "Observation[0].effectiveDateTime must be a FHIR date such as 2026-11-25, got str 'x'",
            ),
            (
                {"valueBoolean": False, "effectiveDateTime": "2026-12"},
                "Observation[0].effectiveDateTime must be a date given to the day, such as 2026-11-25, got str '2026-12'",
            ),
            (
                {"valueBoolean": False, "effectiveDateTime": None},
                "Observation[0].effectivePeriod must be the date the observation was made, got none",
            ),
        ],
    )
    def test_an_unreadable_confirmation_is_named_and_confirms_nothing(
        self, fields: dict[str, Any], reason: str
    ) -> None:
        resource = {**self.observation(), **fields}
        resource = {key: value for key, value in resource.items() if value is not None}
        patient = patient_from_fhir([resource], as_of=AS_OF)
        assert patient.opioid_use is None
        assert patient.unreadable == (Unreadable("Observation[0]", reason, medication=False),)

    def test_a_value_that_cannot_be_read_beside_keys_that_are_not_text(self) -> None:
        """A record's dict may hold keys that are not str (a fuzzer found 1 and b"x")."""
        resource = {1: "one", b"value": "bytes", **self.observation(valueString="maybe")}
        patient = patient_from_fhir([resource], as_of=AS_OF)
        assert patient.opioid_use is None
        assert [u.reason for u in patient.unreadable] != []
        assert "'maybe'" in patient.unreadable[0].reason

    def test_other_observations_are_not_read(self) -> None:
        other = {
            "resourceType": "Observation",
            "status": "final",
            "code": {"text": "weight"},
            "valueString": "x",
        }
        uncoded = {"resourceType": "Observation", "status": "final"}
        assert patient_from_fhir([other, uncoded], as_of=AS_OF) == Patient()

    def test_the_integrators_own_codes(self) -> None:
        own = Coding("http://loinc.org", "96844-6")
        resource = self.observation(
            code={"coding": [{"system": "http://loinc.org", "code": "96844-6"}]}, valueBoolean=False
        )
        assert patient_from_fhir([resource], as_of=AS_OF).opioid_use is None
        assert (
            patient_from_fhir([resource], as_of=AS_OF, confirmation_codes=[own]).opioid_use is False
        )

    def test_an_old_yes_is_not_use_and_a_newer_no_is_evidence(self) -> None:
        record = [
            self.observation(valueBoolean=True, effectiveDateTime="2026-11-01"),
            self.observation(valueBoolean=False, effectiveDateTime="2026-11-30"),
            self.observation(valueBoolean=False),
        ]
        patient = patient_from_fhir(record, as_of=AS_OF)
        assert (patient.opioid_use, patient.opioid_use_evidence) == (
            False,
            "Observation[2] (2026-12-01)",
        )
        assert patient_from_fhir(record, as_of=AS_OF, opioid_use=True).opioid_use_evidence is None
        assert patient_from_fhir(record, as_of=AS_OF, opioid_use=False).opioid_use_evidence is None

    def test_a_period_is_dated_by_its_end(self) -> None:
        period = {"start": "2026-11-01", "end": "2026-12-02"}
        record = [{**self.observation(valueBoolean=False), "effectivePeriod": period}]
        del record[0]["effectiveDateTime"]
        assert patient_from_fhir(record, as_of=AS_OF).opioid_use is False

    def test_a_yes_dated_to_the_month_counts_as_use(self) -> None:
        record = [self.observation(valueBoolean=True, effectiveDateTime="2026-12")]
        assert patient_from_fhir(record, as_of=AS_OF).opioid_use is True

    def test_a_yes_without_a_date_of_first_dose_is_use(self) -> None:
        patient = patient_from_fhir([self.observation(valueBoolean=True)])
        assert (patient.opioid_use, patient.opioid_use_evidence) == (
            True,
            "Observation[0] (2026-12-01)",
        )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"strict": 1}, "strict must be True or False, got int 1"),
        ({"policy": "monograph"}, "policy must be a Policy, got str 'monograph'"),
        (
            {"confirmation_codes": "x"},
            "confirmation_codes must be a collection of Coding, got str 'x'",
        ),
        (
            {"confirmation_codes": []},
            "confirmation_codes must be a non-empty collection of Coding, got list []",
        ),
        (
            {"confirmation_codes": [1]},
            "confirmation_codes must be a non-empty collection of Coding, got list [1]",
        ),
    ],
)
def test_bad_arguments(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(LdnTypeError) as raised:
        patient_from_fhir([], **kwargs)
    assert str(raised.value) == message
    with pytest.raises(LdnTypeError, match="strict"):
        Resources([], strict=None)  # type: ignore[arg-type]


def test_a_stopped_peripheral_opioid_under_a_policy_that_does_not_block_it() -> None:
    strict = MONOGRAPH.derive(name="loperamide-blocks", reason="test", loperamide_blocks=True)
    entry = Medication("loperamide 2 mg", status="stopped", last_taken=AS_OF)
    report = screen(Patient([entry], opioid_use=False), as_of=AS_OF)
    assert report.may_start
    assert "opioid-recent" not in report.codes()
    assert not screen(Patient([entry], opioid_use=False), strict, as_of=AS_OF).may_start


def test_the_longest_washout_found_in_an_entry_stands() -> None:
    entry = Medication("oxycodone 10 mg", codings=(Coding("http://www.whocc.no/atc", "N02AA05"),))
    long = Medication("oxycodone ER 10 mg", codings=(Coding("http://www.whocc.no/atc", "N02AA05"),))
    from ldn.opioids import default_vocabulary

    assert default_vocabulary().scan(entry).opioids[0].washout == "short"
    assert default_vocabulary().scan(long).opioids[0].washout == "long"
    coded = Medication("oxycodone 10 mg", codings=(Coding(RXNORM, "1049502"),))
    (match,) = default_vocabulary().scan(coded).opioids
    assert (match.via, match.washout) == ("oxycodone 10 mg", "long")  # the code's display is ER


@pytest.mark.parametrize(
    ("supply", "reason"),
    [
        ({"value": True}, "must be a number of days above 0 and at most 3660, got bool True"),
        (
            [],
            "MedicationRequest[0].dispenseRequest.expectedSupplyDuration must be a FHIR Duration, got list []",
        ),
    ],
)
def test_odd_supply_durations_are_named(supply: object, reason: str) -> None:
    request = {
        "resourceType": "MedicationRequest",
        "status": "stopped",
        "authoredOn": "2026-11-01",
        "medicationCodeableConcept": OXY,
        "dispenseRequest": {"expectedSupplyDuration": supply},
    }
    patient = patient_from_fhir([request])
    assert state(patient.medications[0]) == ("stopped", None)
    assert patient.unreadable[0].reason.endswith(reason)


def test_a_decimal_supply_is_read_exactly() -> None:
    from decimal import Decimal

    record = [
        dispense(
            medicationCodeableConcept=OXY,
            whenHandedOver="2026-11-01",
            daysSupply={"value": Decimal("2.0001")},
        )
    ]
    assert one(record).last_taken == dt.date(2026, 11, 3)


def _timed(run: Any) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _rq(**fields: Any) -> dict[str, Any]:
    return {
        "resourceType": "MedicationRequest",
        "status": "stopped",
        "medicationCodeableConcept": OXY,
        **fields,
    }


def _timing(**repeat: Any) -> dict[str, Any]:
    return {"dosageInstruction": [{"timing": {"repeat": repeat}}]}


#: A part of a medication resource that cannot be read, and the exact reason given for it.
#: Each is read on the safe side (the entry stays, undated or current) and named.
PARTS_CASES = [
    (
        _rq(dispenseRequest=[]),
        "MedicationRequest[0].dispenseRequest must be a JSON object, got list []",
    ),
    (
        _rq(dispenseRequest={"validityPeriod": []}),
        "MedicationRequest[0].dispenseRequest.validityPeriod must be a JSON object, got list []",
    ),
    (
        _rq(dispenseRequest={"validityPeriod": {"end": "x"}}),
        "MedicationRequest[0].dispenseRequest.validityPeriod.end must be a FHIR date such as 2026-11-25, got str 'x'",
    ),
    (
        _rq(dispenseRequest={"validityPeriod": {"start": "x"}}),
        "MedicationRequest[0].dispenseRequest.validityPeriod.start must be a FHIR date such as 2026-11-25, got str 'x'",
    ),
    (
        _rq(authoredOn="x"),
        "MedicationRequest[0].authoredOn must be a FHIR date such as 2026-11-25, got str 'x'",
    ),
    (
        {**_rq(dateWritten="x"), "resourceType": "MedicationOrder"},
        "MedicationOrder[0].dateWritten must be a FHIR date such as 2026-11-25, got str 'x'",
    ),
    (
        _rq(authoredOn="2026-11-01", dispenseRequest={"expectedSupplyDuration": {"value": -1}}),
        "MedicationRequest[0].dispenseRequest.expectedSupplyDuration.value must be a number of days above 0 and at most 3660, got int -1",
    ),
    (
        _rq(
            authoredOn="2026-11-01",
            dispenseRequest={"expectedSupplyDuration": {"value": 1, "code": 5}},
        ),
        "MedicationRequest[0].dispenseRequest.expectedSupplyDuration.code must be a unit of days, weeks or months, got int 5",
    ),
    (
        _rq(dosageInstruction={}),
        "MedicationRequest[0].dosageInstruction must be a JSON array, got dict {}",
    ),
    (
        _rq(dosageInstruction=[{"timing": []}]),
        "MedicationRequest[0].dosageInstruction[0].timing must be a JSON object, got list []",
    ),
    (
        _rq(dosageInstruction=[{"timing": {"repeat": []}}]),
        "MedicationRequest[0].dosageInstruction[0].timing.repeat must be a JSON object, got list []",
    ),
    (
        _rq(**_timing(boundsPeriod=[])),
        "MedicationRequest[0].dosageInstruction[0].timing.repeat.boundsPeriod must be a JSON object, got list []",
    ),
    (
        _rq(**_timing(boundsPeriod={"end": "2026-02-30"})),
        "MedicationRequest[0].dosageInstruction[0].timing.repeat.boundsPeriod.end must be a real calendar date, got str '2026-02-30'",
    ),
    (
        {**_rq(dateEnded="soon"), "resourceType": "MedicationOrder"},
        "MedicationOrder[0].dateEnded must be a FHIR date such as 2026-11-25, got str 'soon'",
    ),
    (
        _rq(status="active", effectiveDosePeriod={"end": "x"}),
        "MedicationRequest[0].effectiveDosePeriod.end must be a FHIR date such as 2026-11-25, got str 'x'",
    ),
    (
        _rq(status="x"),
        "MedicationRequest[0].status must be one of active, cancelled, completed, draft, ended, entered-in-error, on-hold, stopped, unknown, got str 'x'",
    ),
    (
        {
            "resourceType": "MedicationStatement",
            "status": "completed",
            "medicationCodeableConcept": OXY,
            "effectiveDateTime": "x",
        },
        "MedicationStatement[0].effectiveDateTime must be a FHIR date such as 2026-11-25, got str 'x'",
    ),
    (
        dispense(status="x", medicationCodeableConcept=OXY),
        "MedicationDispense[0].status must be one of cancelled, completed, declined, entered-in-error, in-progress, on-hold, preparation, stopped, unknown, got str 'x'",
    ),
    (
        dispense(medicationCodeableConcept=OXY, whenHandedOver="x"),
        "MedicationDispense[0].whenHandedOver must be a FHIR date such as 2026-11-25, got str 'x'",
    ),
    (
        dispense(medicationCodeableConcept=OXY, whenPrepared="x"),
        "MedicationDispense[0].whenPrepared must be a FHIR date such as 2026-11-25, got str 'x'",
    ),
    (
        administration(status="x", medicationCodeableConcept=OXY),
        "MedicationAdministration[0].status must be one of completed, entered-in-error, in-progress, not-done, on-hold, stopped, unknown, got str 'x'",
    ),
    (
        administration(medicationCodeableConcept=OXY, effectivePeriod=[]),
        "MedicationAdministration[0].effectivePeriod must be a JSON object, got list []",
    ),
    (
        administration(medicationCodeableConcept=OXY, effectivePeriod={"end": "x"}),
        "MedicationAdministration[0].effectivePeriod.end must be a FHIR date such as 2026-11-25, got str 'x'",
    ),
    (
        administration(medicationCodeableConcept=OXY, occurencePeriod={"start": "x"}),
        "MedicationAdministration[0].occurencePeriod.start must be a FHIR date such as 2026-11-25, got str 'x'",
    ),
    (
        administration(medicationCodeableConcept=OXY, effectiveDateTime="x"),
        "MedicationAdministration[0].effectiveDateTime must be a FHIR date such as 2026-11-25, got str 'x'",
    ),
]


@pytest.mark.parametrize(("resource", "reason"), PARTS_CASES)
def test_each_part_that_cannot_be_read_is_named(resource: dict[str, Any], reason: str) -> None:
    patient = patient_from_fhir([resource], as_of=AS_OF)
    assert [part.reason for part in patient.unreadable] == [reason]
    assert [part.resource for part in patient.unreadable] == [f"{resource['resourceType']}[0]"]
    assert patient.medications[0].text == OXY["text"]
    with pytest.raises(ScreeningError) as raised:
        patient_from_fhir([resource], as_of=AS_OF, strict=True)
    assert str(raised.value) == reason


OBSERVATION_CASES = [
    ({"code": []}, "Observation[0].code must be a JSON object, got list []"),
    (
        {"code": {"coding": [{"system": 5}]}},
        "Observation[0].code.coding[0].system must be a string, got int 5",
    ),
    (
        {"valueBoolean": None, "valueCodeableConcept": []},
        "Observation[0].valueCodeableConcept must be a JSON object, got list []",
    ),
    (
        {
            "valueBoolean": None,
            "valueCodeableConcept": {"coding": [{"system": "http://loinc.org", "code": 5}]},
        },
        "Observation[0].value.coding[0].code must be a string, got int 5",
    ),
    (
        {"effectiveDateTime": None, "effectivePeriod": []},
        "Observation[0].effectivePeriod must be a JSON object, got list []",
    ),
    (
        {"effectiveDateTime": "2026-12-01T25:00"},
        "Observation[0].effectiveDateTime must be a FHIR date such as 2026-11-25, got str '2026-12-01T25:00'",
    ),
    (
        {"effectiveDateTime": "2026-02-30"},
        "Observation[0].effectiveDateTime must be a real calendar date, got str '2026-02-30'",
    ),
]


@pytest.mark.parametrize(("fields", "reason"), OBSERVATION_CASES)
def test_each_part_of_a_confirmation_that_cannot_be_read_is_named(
    fields: dict[str, Any], reason: str
) -> None:
    resource = {
        "resourceType": "Observation",
        "status": "final",
        "code": CONFIRM,
        "effectiveDateTime": "2026-12-01",
        "valueBoolean": False,
        **fields,
    }
    resource = {key: value for key, value in resource.items() if value is not None}
    patient = patient_from_fhir([resource], as_of=AS_OF)
    assert patient.unreadable == (Unreadable("Observation[0]", reason, medication=False),)
    assert patient.opioid_use is None


class TestRememberedConcepts:
    """Concepts are remembered by content within one reader: only equal content is shared."""

    @pytest.mark.parametrize(
        "other",
        [
            {
                "coding": [{"system": "http://snomed.info/sct", "code": "1049621", "display": "d"}],
                "text": "t",
            },
            {"coding": [{"system": RXNORM, "code": "1049622", "display": "d"}], "text": "t"},
            {"coding": [{"system": RXNORM, "code": "1049621", "display": "e"}], "text": "t"},
            {"coding": [{"system": RXNORM, "code": "1049621", "display": "d"}], "text": "u"},
            {"coding": [{"system": RXNORM, "code": "1049621", "display": "d"}]},
            {"text": "t"},
        ],
    )
    def test_concepts_that_differ_in_any_member_are_read_apart(self, other: dict[str, Any]) -> None:
        first = {"coding": [{"system": RXNORM, "code": "1049621", "display": "d"}], "text": "t"}
        record = [
            {
                "resourceType": "MedicationStatement",
                "status": "active",
                "medicationCodeableConcept": concept,
            }
            for concept in (first, other, first)
        ]
        entries = patient_from_fhir(record).medications
        reader = Reader(Resources(record))
        expected = [reader.medications(f"x{i}", resource)[0] for i, resource in enumerate(record)]
        assert list(entries) == expected
        assert entries[0] != entries[1]
        assert entries[0] is entries[2]  # the same content is read once

    def test_a_medication_is_parsed_once_whatever_names_it(self) -> None:
        medication = {
            "resourceType": "Medication",
            "id": "m",
            "code": {"text": "codeine"},
            "ingredient": [{"itemCodeableConcept": {"text": "paracetamol"}}],
        }
        statement = {
            "resourceType": "MedicationStatement",
            "status": "active",
            "medicationReference": {"reference": "Medication/m"},
        }
        reader = Reader(Resources([statement, medication]))
        once, again = reader.medications("a", statement), reader.medications("b", statement)
        assert once == again == [Medication("codeine"), Medication("paracetamol")]
        assert all(a is b for a, b in zip(once, again, strict=True))

    def test_a_candidate_met_before_does_not_hide_the_next(self) -> None:
        record = {
            "resourceType": "Bundle",
            "entry": [
                {
                    "resource": {
                        "resourceType": "MedicationStatement",
                        "status": "active",
                        "medicationReference": {"reference": "urn:uuid:a"},
                        "medication": {"reference": {"reference": "Medication/m"}},
                    }
                },
                {
                    "fullUrl": "urn:uuid:a",
                    "resource": {
                        "resourceType": "Medication",
                        "id": "m",
                        "code": {"text": "paracetamol"},
                    },
                },
                {
                    "fullUrl": "urn:uuid:b",
                    "resource": {
                        "resourceType": "Medication",
                        "id": "m",
                        "code": {"text": "morphine"},
                    },
                },
            ],
        }
        assert [m.text for m in patient_from_fhir(record).medications] == [
            "paracetamol",
            "morphine",
        ]

    @pytest.mark.parametrize(
        ("target", "full_url"),
        [
            ("Medication/7/", None),
            (
                "https://fhir.example.org/Medication/7/_history/3",
                "https://fhir.example.org/Medication/7",
            ),
            ("urn:uuid:7/_history/1", "urn:uuid:7"),
        ],
    )
    def test_references_with_a_slash_or_a_version(self, target: str, full_url: str | None) -> None:
        entry: dict[str, Any] = {
            "resource": {"resourceType": "Medication", "code": {"text": "codeine"}}
        }
        if full_url is None:
            entry["resource"]["id"] = "7"
        else:
            entry["fullUrl"] = full_url
        statement = {
            "resourceType": "MedicationStatement",
            "status": "active",
            "medicationReference": {"reference": target},
        }
        record = {"resourceType": "Bundle", "entry": [{"resource": statement}, entry]}
        assert [m.text for m in patient_from_fhir(record).medications] == ["codeine"]


def test_with_history_checks_what_it_is_given() -> None:
    entry = Medication("tramadol", (Coding(RXNORM, "1"),))
    stopped = entry.with_history("stopped", AS_OF)
    assert (stopped.text, stopped.codings, stopped.status, stopped.last_taken) == (
        "tramadol",
        entry.codings,
        "stopped",
        AS_OF,
    )
    assert stopped == Medication("tramadol", entry.codings, "stopped", AS_OF)
    with pytest.raises(LdnTypeError, match=r"last_taken must be a datetime\.date, got datetime"):
        entry.with_history("stopped", dt.datetime(2026, 1, 1))
    with pytest.raises(ScreeningError, match="medication status"):
        entry.with_history("paused", None)


class TestWashoutOfEachMatch:
    """The interval follows each way an opioid is found: substance, brand, code, ATC, words."""

    @pytest.mark.parametrize(
        ("entry", "washout"),
        [
            ("OxyContin 10 mg", "long"),
            ("Methadose 10 mg", "long"),
            ("Sublocade 100 mg", "depot"),
            ("Sublocade 100 mg ER", "depot"),
            ("buprenorphine 300 mg depot injection", "depot"),
            ("oxycodone depot", "short"),
            ("oxycodone SR 10 mg", "long"),
            ("oxycodone 5 mg with water", "short"),
            ("oxycodone 5 mg, crush", "short"),
            ("N07BC02", "long"),
            (Medication(codings=(Coding(RXNORM, "6813"),)), "long"),
            (Medication("oxycodone 10 mg", (Coding(RXNORM, "1049502"),)), "long"),
        ],
    )
    def test_the_washout_found(self, entry: Any, washout: str) -> None:
        from ldn.opioids import default_vocabulary

        (match,) = default_vocabulary().scan(entry).opioids
        assert match.washout == washout

    def test_a_clinics_release_word_ending_in_a_digit(self) -> None:
        from ldn.opioids import ReleaseWord, Source, default_vocabulary

        local = default_vocabulary().extend(
            name="clinic",
            sources=[Source("clinic", "Clinic formulary", "internal")],
            release_words=[ReleaseWord("retard 24", "long", "clinic")],
        )
        assert local.scan("morphine retard 24").opioids[0].washout == "long"
        assert local.scan("morphine retard 240").opioids[0].washout == "short"


class TestMoreEdges:
    def test_r5_usage_is_read_as_a_statement(self) -> None:
        usage = {
            "resourceType": "MedicationUsage",
            "status": "recorded",
            "medication": {"concept": OXY},
        }
        patient = patient_from_fhir([usage], as_of=AS_OF)
        assert (patient.unreadable, state(patient.medications[0])) == ((), ("current", None))

    @pytest.mark.parametrize(
        ("supply", "days"),
        [
            ({"value": 1, "unit": "wk"}, 7),
            ({"value": 3660}, 3660),
            ({"value": Decimal("0.000001")}, 1),
        ],
    )
    def test_supply_units_and_bounds(self, supply: dict[str, Any], days: int) -> None:
        from ldn.fhir._dates import quantity_days

        assert quantity_days(supply, "x") == days

    @pytest.mark.parametrize(
        "supply",
        [{"value": 3661}, {"value": 1000, "code": "wk"}, {"value": Decimal("1E-7")}],
    )
    def test_supplies_out_of_bounds(self, supply: dict[str, Any]) -> None:
        from ldn.fhir._dates import quantity_days

        with pytest.raises(ScreeningError, match="at most 3660"):
            quantity_days(supply, "x")

    def test_a_contained_ingredient_names_a_sibling_in_its_container(self) -> None:
        statement = {
            "resourceType": "MedicationStatement",
            "status": "active",
            "medicationReference": {"reference": "#a"},
            "contained": [
                {
                    "resourceType": "Medication",
                    "id": "a",
                    "code": {"text": "Targin"},
                    "ingredient": [{"itemReference": {"reference": "#b"}}],
                },
                {"resourceType": "Medication", "id": "b", "code": {"text": "oxycodone"}},
            ],
        }
        assert [m.text for m in patient_from_fhir([statement]).medications] == [
            "Targin",
            "oxycodone",
        ]

    def test_a_bundled_medication_names_its_own_contained_ingredient(self) -> None:
        statement = {
            "resourceType": "MedicationStatement",
            "status": "active",
            "medicationReference": {"reference": "Medication/m"},
            "contained": [
                {"resourceType": "Medication", "id": "x", "code": {"text": "paracetamol"}}
            ],
        }
        medication = {
            "resourceType": "Medication",
            "id": "m",
            "code": {"text": "Targin"},
            "ingredient": [{"itemReference": {"reference": "#x"}}],
            "contained": [{"resourceType": "Medication", "id": "x", "code": {"text": "oxycodone"}}],
        }
        assert [m.text for m in patient_from_fhir([statement, medication]).medications] == [
            "Targin",
            "oxycodone",
        ]

    def test_a_reference_that_is_not_a_string(self) -> None:
        with pytest.raises(LdnTypeError) as raised:
            Reader(Resources([])).resolve_all({}, 5, "x")  # type: ignore[arg-type]
        assert str(raised.value) == "target must be a reference string or None, got int 5"

    def test_an_opioid_last_taken_on_the_day_of_the_first_dose(self) -> None:
        entry = Medication("tramadol", status="stopped", last_taken=AS_OF)
        (finding,) = screen(Patient([entry], opioid_use=False), as_of=AS_OF).blocking
        assert (
            "last taken 2026-12-03, 0 days before the first dose on 2026-12-03." in finding.message
        )

    def test_long_names_are_cut_in_the_words_of_a_finding(self) -> None:
        part = Unreadable("R" * 200, "x" * 400)
        (finding,) = [
            f
            for f in screen(Patient(unreadable=[part]), as_of=AS_OF).findings
            if f.code == "record-unreadable"
        ]
        assert finding.message == (
            f"'{'R' * 117}...' could not be read ('{'x' * 297}...'), so screening could not check "
            "a medication that may be an opioid; it was not taken as opioid-free. Read it by "
            "hand before starting."
        )
        assert finding.trigger == "R" * 200


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: screen(Patient(), as_of="2026-12-03"),
            "as_of must be a datetime.date or None, got str '2026-12-03'",
        ),
        (
            lambda: screen(Patient(), as_of=dt.datetime(2026, 12, 3)),
            "as_of must be a datetime.date or None, got datetime datetime.datetime(2026, 12, 3, 0, 0)",
        ),
        (
            lambda: Reader(Resources([])).medications("x", []),
            "resource must be a FHIR resource dict, got list []",
        ),
        (
            lambda: Reader(Resources([])).medications(5, {}),
            "label must be a str naming the resource, got int 5",
        ),
        (
            lambda: Reader(Resources([])).resolve_all([], "#a", "x"),
            "resource must be a FHIR resource dict, got list []",
        ),
    ],
)
def test_wrong_arguments_are_named(call: Any, message: str) -> None:
    with pytest.raises(LdnTypeError) as raised:
        call()
    assert str(raised.value) == message
