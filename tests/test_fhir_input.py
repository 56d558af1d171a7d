"""FHIR input: patient_from_fhir reads R4/R4B/R5 medication lists and allergies."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn import Filler, LdnError, LdnTypeError, Patient, ScreeningError, Unreadable, screen
from ldn.fhir import patient_from_fhir
from ldn.medication import ATC, RXNORM, Coding, Medication

SUBJECT = {"reference": "Patient/1"}


def statement(status: str = "active", **fields: Any) -> dict[str, Any]:
    return {"resourceType": "MedicationStatement", "status": status, "subject": SUBJECT, **fields}


def request(status: str = "active", **fields: Any) -> dict[str, Any]:
    return {
        "resourceType": "MedicationRequest",
        "status": status,
        "intent": "order",
        "subject": SUBJECT,
        **fields,
    }


def concept(text: str | None = None, *codings: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"coding": list(codings)}
    if text is not None:
        out["text"] = text
    return out


def bundle(*resources: dict[str, Any], full_urls: bool = False) -> dict[str, Any]:
    entries = []
    for index, resource in enumerate(resources):
        entry: dict[str, Any] = {"resource": resource}
        if full_urls:
            entry["fullUrl"] = f"urn:uuid:{index}"
        entries.append(entry)
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


OXY = concept("OxyContin 10 mg")
OXY_RXNORM = {"system": RXNORM, "code": "1049621"}
MEDICATION = {
    "resourceType": "Medication",
    "id": "m1",
    "code": concept(None, {"system": "http://example.org/local", "code": "X9"}),
    "ingredient": [{"itemCodeableConcept": concept("codeine phosphate")}],
}


def texts(patient: Patient) -> list[str]:
    return [str(m) for m in patient.medications]


class TestShapes:
    def test_r4_concept_in_a_bundle(self) -> None:
        patient = patient_from_fhir(bundle(statement(medicationCodeableConcept=OXY)))
        assert texts(patient) == ["OxyContin 10 mg"]
        assert not screen(patient).may_start

    def test_an_iterable_of_resources(self) -> None:
        patient = patient_from_fhir(iter([request(medicationCodeableConcept=OXY)]))
        assert texts(patient) == ["OxyContin 10 mg"]

    def test_r5_concept_and_reference(self) -> None:
        patient = patient_from_fhir(
            [
                statement("recorded", medication={"concept": OXY}),
                request(medication={"reference": {"reference": "Medication/m1"}}),
                MEDICATION,
            ]
        )
        assert texts(patient) == [
            "OxyContin 10 mg",
            "http://example.org/local|X9",
            "codeine phosphate",
        ]
        assert not screen(
            patient,
        ).may_start

    def test_contained_medication_with_r4_and_r5_ingredients(self) -> None:
        contained = {
            "resourceType": "Medication",
            "id": "c",
            "code": concept("Targin 10/5"),
            "ingredient": [
                {"item": {"concept": concept(None, {"system": ATC, "code": "N02AA05"})}},
                {"itemReference": {"reference": "#sub", "display": "naloxone"}},
                {"item": {"reference": {"reference": "Substance/unknown"}}},
                {},
            ],
        }
        other = {"resourceType": "Medication", "id": "other", "code": concept("aspirin")}
        resource = request(contained=[other, contained], medicationReference={"reference": "#c"})
        patient = patient_from_fhir([resource])
        assert texts(patient) == ["Targin 10/5", f"{ATC}|N02AA05", "naloxone", "(empty entry)"]

    def test_a_reference_by_full_url(self) -> None:
        medication = {"resourceType": "Medication", "code": concept("tramadol 50 mg")}
        resource = statement(medicationReference={"reference": "urn:uuid:1"})
        patient = patient_from_fhir(bundle(resource, medication, full_urls=True))
        assert texts(patient) == ["tramadol 50 mg"]

    def test_unresolved_references_use_their_display_or_are_unreadable(self) -> None:
        patient = patient_from_fhir(
            [
                statement(
                    medicationReference={"reference": "Medication/gone", "display": "Endone 5 mg"}
                ),
                statement(medicationReference={"reference": "#nothing"}),
                statement(medicationReference={}),
                statement(medicationReference={"reference": "Patient/1"}),
                statement(),
                {"resourceType": "Patient", "id": "1"},
            ]
        )
        assert patient.medications == (
            Medication("Endone 5 mg"),
            Medication(),
            Medication(),
            Medication(),
            Medication(),
        )
        report = screen(Patient(medications=patient.medications, opioid_use=False))
        assert not report.may_start
        assert report.codes().count("medication-unrecognised") == 4

    def test_a_medication_without_code_takes_the_reference_display(self) -> None:
        bare = {"resourceType": "Medication", "id": "b"}
        resource = statement(
            medicationReference={"reference": "Medication/b", "display": "MS Contin"}
        )
        assert texts(patient_from_fhir([resource, bare])) == ["MS Contin"]

    def test_incomplete_codings_keep_their_display(self) -> None:
        resource = statement(
            medicationCodeableConcept=concept(
                "own text", {"display": "Oxynorm 5 mg"}, {"system": RXNORM, "code": " "}, OXY_RXNORM
            )
        )
        (entry,) = patient_from_fhir([resource]).medications
        assert entry.text == "own text; Oxynorm 5 mg"
        assert entry.codings == (Coding(RXNORM, "1049621"),)

    def test_a_bundle_entry_without_resource_is_named(self) -> None:
        patient = patient_from_fhir({"resourceType": "Bundle", "entry": [{"fullUrl": "x"}]})
        assert patient.medications == ()
        assert patient.unreadable == (
            Unreadable(
                "Bundle.entry[0]",
                "Bundle.entry[0].resource must be a resource (an entry holds one), got NoneType None",
            ),
        )
        assert patient_from_fhir({"resourceType": "Bundle"}) == Patient()


class TestWhatIsCurrent:
    @pytest.mark.parametrize("status", ["active", "on-hold", "draft", "unknown"])
    def test_current_requests(self, status: str) -> None:
        assert patient_from_fhir([request(status, medicationCodeableConcept=OXY)]).medications

    @pytest.mark.parametrize("status", ["cancelled", "entered-in-error"])
    def test_requests_that_record_no_use(self, status: str) -> None:
        assert not patient_from_fhir([request(status, medicationCodeableConcept=OXY)]).medications

    @pytest.mark.parametrize("status", ["completed", "stopped", "ended"])
    def test_ended_requests_are_stopped(self, status: str) -> None:
        (entry,) = patient_from_fhir([request(status, medicationCodeableConcept=OXY)]).medications
        assert (entry.text, entry.status, entry.last_taken) == ("OxyContin 10 mg", "stopped", None)

    @pytest.mark.parametrize(
        "status", ["active", "intended", "on-hold", "unknown", "recorded", "draft"]
    )
    def test_current_statements(self, status: str) -> None:
        assert patient_from_fhir([statement(status, medicationCodeableConcept=OXY)]).medications

    @pytest.mark.parametrize("status", ["entered-in-error", "not-taken"])
    def test_statements_that_record_no_use(self, status: str) -> None:
        assert not patient_from_fhir([statement(status, medicationCodeableConcept=OXY)]).medications

    @pytest.mark.parametrize("status", ["completed", "stopped"])
    def test_ended_statements_are_stopped(self, status: str) -> None:
        (entry,) = patient_from_fhir([statement(status, medicationCodeableConcept=OXY)]).medications
        assert (entry.status, entry.last_taken) == ("stopped", None)

    @pytest.mark.parametrize(
        ("end", "as_of", "current"),
        [
            ("2026-11-24", dt.date(2026, 11, 25), False),
            ("2026-11-25", dt.date(2026, 11, 25), True),
            ("2026-11", dt.date(2026, 11, 30), True),
            ("2026-11", dt.date(2026, 12, 1), False),
            ("2026", dt.date(2026, 12, 31), True),
            ("2026-02-28T23:59:59Z", dt.date(2026, 3, 1), False),
            ("2026-02", dt.date(2026, 2, 28), True),
            (None, dt.date(2100, 1, 1), True),
            ("2000-01-01", None, True),
        ],
    )
    def test_effective_period(self, end: str | None, as_of: dt.date | None, current: bool) -> None:
        period = {"start": "2020-01-01"} if end is None else {"start": "2020", "end": end}
        resources = [
            statement(medicationCodeableConcept=OXY, effectivePeriod=period),
            request(medicationCodeableConcept=OXY, effectiveDosePeriod=period),
        ]
        found = patient_from_fhir(resources, as_of=as_of).medications
        assert len(found) == 2
        for entry in found:
            if current:
                assert (entry.status, entry.last_taken) == ("current", None)
            else:  # a period that ended before the first dose: stopped on its last day
                assert entry.status == "stopped"
                assert entry.last_taken is not None
                assert entry.last_taken < as_of

    @given(st.dates(), st.dates())
    def test_never_infers_no_opioid_use(self, end: dt.date, as_of: dt.date) -> None:
        """LDN-OPIOID: whatever the resources say, opioid use stays as given (None here)."""
        resource = statement(
            medicationCodeableConcept=OXY, effectivePeriod={"end": end.isoformat()}
        )
        patient = patient_from_fhir([resource], as_of=as_of)
        assert patient.opioid_use is None
        assert not screen(patient).may_start

    def test_opioid_use_is_passed_through(self) -> None:
        assert patient_from_fhir([], opioid_use=False).opioid_use is False
        assert patient_from_fhir([], opioid_use=True).opioid_use is True


class TestAllergies:
    def allergy(self, text: str, **fields: Any) -> dict[str, Any]:
        return {
            "resourceType": "AllergyIntolerance",
            "patient": SUBJECT,
            "code": concept(text),
            **fields,
        }

    def test_fillers_from_code_and_reaction(self) -> None:
        resources = [
            self.allergy("Microcrystalline cellulose"),
            self.allergy("Peanut", reaction=[{"substance": concept("SUCROSE")}, {}]),
            self.allergy("penicillin"),
        ]
        assert patient_from_fhir(resources).filler_sensitivities == {
            Filler.CELLULOSE,
            Filler.SUCROSE,
        }

    @pytest.mark.parametrize(
        "status",
        [
            {"clinicalStatus": concept(None, {"code": "resolved"})},
            {"clinicalStatus": concept(None, {"code": "inactive"})},
            {"verificationStatus": concept(None, {"code": "refuted"}, "x")},  # type: ignore[arg-type]
            {"verificationStatus": concept(None, {"code": "entered-in-error"})},
        ],
    )
    def test_inactive_allergies_are_ignored(self, status: dict[str, Any]) -> None:
        assert patient_from_fhir([self.allergy("ginger", **status)]).filler_sensitivities == set()

    def test_active_allergy(self) -> None:
        status = {"clinicalStatus": concept(None, {"code": "active"})}
        assert patient_from_fhir([self.allergy("Ginger", **status)]).filler_sensitivities == {
            Filler.GINGER
        }

    @pytest.mark.rule("LDN-FILLER")
    @pytest.mark.parametrize(
        ("text", "fillers"),
        [
            ("MCC", {Filler.CELLULOSE}),
            ("Avicel", {Filler.CELLULOSE}),
            ("E460", {Filler.CELLULOSE}),
            ("sugar", {Filler.SUCROSE}),
            ("Lactose", {Filler.LACTOSE}),
            ("Lactose intolerance", {Filler.LACTOSE}),
            ("milk sugar", {Filler.LACTOSE}),
        ],
    )
    def test_filler_words_read_as_the_patient_reads_them(
        self, text: str, fillers: set[Filler]
    ) -> None:
        """LDN-FILLER: the words of an allergy record read as Patient reads them."""
        patient = patient_from_fhir([self.allergy(text)])
        assert patient.filler_sensitivities == fillers
        assert Patient(filler_sensitivities=[text]).filler_sensitivities == fillers
        assert patient.unrecognised_allergies == ()

    def test_filler_codes(self) -> None:
        unii = {"system": "http://fdasis.nlm.nih.gov", "code": "EWQ57Q8I5X"}
        patient = patient_from_fhir(
            [{"resourceType": "AllergyIntolerance", "code": concept(None, unii)}]
        )
        assert patient.filler_sensitivities == {Filler.LACTOSE}
        assert patient.unrecognised_allergies == ()

    @pytest.mark.parametrize(
        ("resource", "named"),
        [
            (
                {"code": concept(None, {"system": "http://snomed.info/sct", "code": "1"})},
                "AllergyIntolerance[0] (coded http://snomed.info/sct|1 without words)",
            ),
            ({"code": concept("Hypromellose")}, "AllergyIntolerance[0] (names 'Hypromellose')"),
            (
                {"code": concept("gelatin; E 171 and lactose")},
                "AllergyIntolerance[0] (names 'gelatin', 'E 171')",
            ),
            ({}, "AllergyIntolerance[0] (names no substance)"),
            ({"code": concept()}, "AllergyIntolerance[0] (names no substance)"),
            (
                {"reaction": [{"substance": concept("milk")}]},
                "AllergyIntolerance[0] (names 'milk')",
            ),
        ],
    )
    def test_an_allergy_that_may_be_to_an_excipient_is_named(
        self, resource: dict[str, Any], named: str
    ) -> None:
        """LDN-FILLER: never a silent drop: ``allergy-unrecognised``, a caution."""
        patient = patient_from_fhir([{"resourceType": "AllergyIntolerance", **resource}])
        assert patient.unrecognised_allergies == (named,)
        report = screen(patient)
        (finding,) = [f for f in report.findings if f.code == "allergy-unrecognised"]
        assert (finding.severity, finding.rule_id, finding.trigger) == (
            "caution",
            "LDN-FILLER",
            named,
        )

    def test_other_allergies_stay_quiet(self) -> None:
        resources = [
            self.allergy("penicillin"),
            {
                "resourceType": "AllergyIntolerance",
                "code": concept(
                    None, {"system": "http://snomed.info/sct", "code": "1", "display": "x"}
                ),
            },
            self.allergy("hypromellose", clinicalStatus=concept(None, {"code": "resolved"})),
        ]
        patient = patient_from_fhir(resources)
        assert patient.unrecognised_allergies == ()
        assert patient.filler_sensitivities == set()


@pytest.mark.parametrize(
    ("resources", "error", "message"),
    [
        (
            "Bundle",
            LdnTypeError,
            "resources must be a FHIR Bundle dict or an iterable of resource dicts, got str 'Bundle'",
        ),
        (
            None,
            LdnTypeError,
            "resources must be a FHIR Bundle dict or an iterable of resource dicts, got NoneType None",
        ),
        (
            {"resourceType": "Patient"},
            LdnTypeError,
            "resources must be a FHIR Bundle dict or an iterable of resource dicts, got dict {'resourceType': 'Patient'}",
        ),
        ([1], ScreeningError, "resources[0] must be a resource dict, got int 1"),
        (
            [{"status": "active"}],
            ScreeningError,
            "resources[0].resourceType must be a FHIR resource type, got NoneType None",
        ),
        (
            {"resourceType": "Bundle", "entry": {}},
            ScreeningError,
            "Bundle.entry must be a JSON array, got dict {}",
        ),
        (
            {"resourceType": "Bundle", "entry": [3]},
            ScreeningError,
            "Bundle.entry[0] must be a JSON object, got int 3",
        ),
        (
            {"resourceType": "Bundle", "entry": [{"resource": []}]},
            ScreeningError,
            "Bundle.entry[0].resource must be a JSON object, got list []",
        ),
        (
            [statement("taken", medicationCodeableConcept=OXY)],
            ScreeningError,
            "MedicationStatement[0].status must be one of active, completed, draft, entered-in-error, intended, not-taken, on-hold, recorded, stopped, unknown, got str 'taken'",
        ),
        (
            [request(None)],
            ScreeningError,
            "MedicationRequest[0].status must be one of active, cancelled, completed, draft, ended, entered-in-error, on-hold, stopped, unknown, got NoneType None",
        ),
        (
            [statement(medicationCodeableConcept=[])],
            ScreeningError,
            "MedicationStatement[0].medicationCodeableConcept must be a JSON object, got list []",
        ),
        (
            [statement(medicationCodeableConcept={"coding": {}})],
            ScreeningError,
            "MedicationStatement[0].medication.coding must be a JSON array, got dict {}",
        ),
        (
            [statement(medicationCodeableConcept={"coding": ["x"]})],
            ScreeningError,
            "MedicationStatement[0].medication.coding[0] must be a Coding object, got str 'x'",
        ),
        (
            [statement(medicationCodeableConcept={"text": 5})],
            ScreeningError,
            "MedicationStatement[0].medication.text must be a string, got int 5",
        ),
        (
            [statement(medicationCodeableConcept={"coding": [{"code": 5}]})],
            ScreeningError,
            "MedicationStatement[0].medication.coding[0].code must be a string, got int 5",
        ),
        (
            [statement(medicationReference={"reference": 5})],
            ScreeningError,
            "MedicationStatement[0].medication.reference.reference must be a string, got int 5",
        ),
        (
            [statement(medicationReference={"reference": "#c"}, contained=[1])],
            ScreeningError,
            "MedicationStatement[0].contained[0] must be a resource, got int 1",
        ),
        (
            [
                statement(medicationReference={"reference": "Medication/m"}),
                {"resourceType": "Medication", "id": "m", "ingredient": [1]},
            ],
            ScreeningError,
            "Medication[Medication/m].ingredient[0] must be an ingredient object, got int 1",
        ),
        (
            [statement(medicationCodeableConcept=OXY, effectivePeriod={"end": "soon"})],
            ScreeningError,
            "MedicationStatement[0].effectivePeriod.end must be a FHIR date such as 2026-11-25, got str 'soon'",
        ),
        (
            [statement(medicationCodeableConcept=OXY, effectivePeriod={"start": "2026-02-30"})],
            ScreeningError,
            "MedicationStatement[0].effectivePeriod.start must be a real calendar date, got str '2026-02-30'",
        ),
        (
            [statement(medicationCodeableConcept=OXY, effectivePeriod={"end": 2026})],
            ScreeningError,
            "MedicationStatement[0].effectivePeriod.end must be a FHIR date such as 2026-11-25, got int 2026",
        ),
        (
            [{"resourceType": "AllergyIntolerance", "reaction": ["x"]}],
            ScreeningError,
            "AllergyIntolerance[0].reaction[0] must be an object, got str 'x'",
        ),
        (
            [{"resourceType": "AllergyIntolerance", "code": "cellulose"}],
            ScreeningError,
            "AllergyIntolerance[0].code must be a JSON object, got str 'cellulose'",
        ),
    ],
)
def test_malformed_input_names_resource_and_field(
    resources: object, error: type[LdnError], message: str
) -> None:
    """Every word of these messages was read by a person; a change must be deliberate.

    With ``strict=True`` the message is raised; otherwise, unless the input as a whole
    is not FHIR, it names the part that could not be read and the rest is still read.
    """
    with pytest.raises(error) as raised:
        patient_from_fhir(resources, strict=True)
    assert type(raised.value) is error
    assert str(raised.value) == message
    if error is LdnTypeError or message.startswith("Bundle.entry must"):
        with pytest.raises(error):
            patient_from_fhir(resources)
    else:
        assert message in [part.reason for part in patient_from_fhir(resources).unreadable]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"as_of": "2026-11-25"}, "as_of must be a datetime.date or None, got str '2026-11-25'"),
        (
            {"as_of": dt.datetime(2026, 1, 1)},
            "as_of must be a datetime.date or None, got datetime datetime.datetime(2026, 1, 1, 0, 0)",
        ),
        ({"opioid_use": "no"}, "opioid_use must be True, False or None, got str 'no'"),
        ({"opioid_use": 0}, "opioid_use must be True, False or None, got int 0"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(LdnTypeError) as raised:
        patient_from_fhir([], **kwargs)  # type: ignore[arg-type]
    assert str(raised.value) == message


def test_every_entry_after_an_empty_one_is_read() -> None:
    resources = {
        "resourceType": "Bundle",
        "entry": [{"fullUrl": "x"}, {"resource": statement(medicationCodeableConcept=OXY)}],
    }
    assert texts(patient_from_fhir(resources)) == ["OxyContin 10 mg"]


def test_a_concept_and_a_reference_are_both_read() -> None:
    resource = statement(
        medicationCodeableConcept=concept("tramadol"),
        medicationReference={"reference": "Medication/gone", "display": "Endone"},
    )
    assert texts(patient_from_fhir([resource])) == ["tramadol", "Endone"]


def test_codings_keep_their_display() -> None:
    resource = statement(medicationCodeableConcept=concept(None, {**OXY_RXNORM, "display": "x"}))
    (entry,) = patient_from_fhir([resource]).medications
    assert entry.codings == (Coding(RXNORM, "1049621", "x"),)


def test_one_allergy_names_fillers_in_its_code_and_its_reaction() -> None:
    allergy = {
        "resourceType": "AllergyIntolerance",
        "code": concept("cellulose"),
        "reaction": [{"substance": concept("ginger")}],
    }
    assert patient_from_fhir([allergy]).filler_sensitivities == {Filler.CELLULOSE, Filler.GINGER}


# Every field patient_from_fhir checks, corrupted in turn: the error names it.
def _st(**f: Any) -> dict[str, Any]:
    return {"resourceType": "MedicationStatement", "status": "active", **f}


def _rq(**f: Any) -> dict[str, Any]:
    return {"resourceType": "MedicationRequest", "status": "active", "intent": "order", **f}


def _med(**f: Any) -> dict[str, Any]:
    return {"resourceType": "Medication", "id": "m", **f}


_REF = {"medicationReference": {"reference": "Medication/m"}}

FIELD_CASES = [
    (
        [_st(medicationReference=[])],
        "MedicationStatement[0].medicationReference must be a JSON object, got list []",
    ),
    ([_st(medication=[])], "MedicationStatement[0].medication must be a JSON object, got list []"),
    (
        [_st(medication={"concept": []})],
        "MedicationStatement[0].medication.concept must be a JSON object, got list []",
    ),
    (
        [_st(medication={"reference": []})],
        "MedicationStatement[0].medication.reference must be a JSON object, got list []",
    ),
    (
        [_st(medicationReference={"display": 5})],
        "MedicationStatement[0].medication.reference.display must be a string, got int 5",
    ),
    (
        [_st(medicationCodeableConcept={"coding": [{"system": 5, "code": "1"}]})],
        "MedicationStatement[0].medication.coding[0].system must be a string, got int 5",
    ),
    (
        [_st(medicationCodeableConcept={"coding": [{"system": "s", "code": "1", "display": 5}]})],
        "MedicationStatement[0].medication.coding[0].display must be a string, got int 5",
    ),
    (
        [_st(**_REF), _med(code=[])],
        "Medication[Medication/m].code must be a JSON object, got list []",
    ),
    (
        [_st(**_REF), _med(ingredient={})],
        "Medication[Medication/m].ingredient must be a JSON array, got dict {}",
    ),
    (
        [_st(**_REF), _med(ingredient=[{"item": []}])],
        "Medication[Medication/m].ingredient[0].item must be a JSON object, got list []",
    ),
    (
        [_st(**_REF), _med(ingredient=[{"item": {"concept": []}}])],
        "Medication[Medication/m].ingredient[0].item.concept must be a JSON object, got list []",
    ),
    (
        [_st(**_REF), _med(ingredient=[{"item": {"reference": []}}])],
        "Medication[Medication/m].ingredient[0].item.reference must be a JSON object, got list []",
    ),
    (
        [_st(**_REF), _med(ingredient=[{"itemCodeableConcept": []}])],
        "Medication[Medication/m].ingredient[0].itemCodeableConcept must be a JSON object, got list []",
    ),
    (
        [_st(**_REF), _med(ingredient=[{"itemReference": []}])],
        "Medication[Medication/m].ingredient[0].itemReference must be a JSON object, got list []",
    ),
    (
        [_st(**_REF), _med(code={"text": 5})],
        "Medication[Medication/m].code.text must be a string, got int 5",
    ),
    (
        [_st(**_REF), _med(ingredient=[{"itemCodeableConcept": {"text": 5}}])],
        "Medication[Medication/m].ingredient[0].item.text must be a string, got int 5",
    ),
    (
        [_st(**_REF), _med(ingredient=[{"item": {"concept": {"text": 5}}}])],
        "Medication[Medication/m].ingredient[0].item.text must be a string, got int 5",
    ),
    (
        [_st(**_REF), _med(ingredient=[{"itemReference": {"reference": 5}}])],
        "Medication[Medication/m].ingredient[0].item.reference.reference must be a string, got int 5",
    ),
    (
        [_st(medicationReference={"reference": "#c"}, contained={})],
        "MedicationStatement[0].contained must be a JSON array, got dict {}",
    ),
    (
        [_st(medicationCodeableConcept={"text": "x"}, effectivePeriod=[])],
        "MedicationStatement[0].effectivePeriod must be a JSON object, got list []",
    ),
    (
        [_rq(medicationCodeableConcept={"text": "x"}, effectiveDosePeriod=[])],
        "MedicationRequest[0].effectiveDosePeriod must be a JSON object, got list []",
    ),
    (
        [_rq(medicationCodeableConcept={"text": "x"}, effectiveDosePeriod={"end": "2026-13"})],
        "MedicationRequest[0].effectiveDosePeriod.end must be a real calendar date, got str '2026-13'",
    ),
    (
        [_rq(medicationCodeableConcept={"text": "x"}, effectiveDosePeriod={"start": "x"})],
        "MedicationRequest[0].effectiveDosePeriod.start must be a FHIR date such as 2026-11-25, got str 'x'",
    ),
    (
        [{"resourceType": "AllergyIntolerance", "clinicalStatus": []}],
        "AllergyIntolerance[0].clinicalStatus must be a JSON object, got list []",
    ),
    (
        [{"resourceType": "AllergyIntolerance", "verificationStatus": {"coding": {}}}],
        "AllergyIntolerance[0].verificationStatus.coding must be a JSON array, got dict {}",
    ),
    (
        [{"resourceType": "AllergyIntolerance", "reaction": {}}],
        "AllergyIntolerance[0].reaction must be a JSON array, got dict {}",
    ),
    (
        [{"resourceType": "AllergyIntolerance", "reaction": [{"substance": []}]}],
        "AllergyIntolerance[0].reaction[0].substance must be a JSON object, got list []",
    ),
    (
        [{"resourceType": "AllergyIntolerance", "code": {"text": 5}}],
        "AllergyIntolerance[0].code.text must be a string, got int 5",
    ),
    (
        [{"resourceType": "AllergyIntolerance", "reaction": [{"substance": {"text": 5}}]}],
        "AllergyIntolerance[0].reaction[0].substance.text must be a string, got int 5",
    ),
    (
        {"resourceType": "Bundle", "entry": [{"resource": {"id": "x"}}]},
        "Bundle.entry[0].resourceType must be a FHIR resource type, got NoneType None",
    ),
]


@pytest.mark.parametrize(("resources", "message"), FIELD_CASES)
def test_each_checked_field_is_named(resources: object, message: str) -> None:
    with pytest.raises(ScreeningError) as raised:
        patient_from_fhir(resources, strict=True)
    assert str(raised.value) == message
    (part,) = patient_from_fhir(resources).unreadable
    assert part.reason == message
