"""The words of the history findings, pinned: every word was read by a person (LDN-OPIOID-FREE)."""

from __future__ import annotations

import datetime as dt

import pytest

from ldn import Medication, Patient, Unreadable, screen

D = dt.date(2026, 12, 1)
CASES = {
    "recent": (
        Patient([Medication("OxyContin 10 mg", status="stopped", last_taken=D)], opioid_use=False),
        dt.date(2026, 12, 3),
    ),
    "after": (
        Patient([Medication("methadone", status="stopped", last_taken=D)], opioid_use=None),
        dt.date(2026, 11, 30),
    ),
    "undated": (
        Patient([Medication("Sublocade 100 mg", status="stopped")], opioid_use=True),
        dt.date(2026, 12, 3),
    ),
    "no_as_of": (
        Patient([Medication("tramadol", status="stopped", last_taken=D)], opioid_use=False),
        None,
    ),
    "unreadable": (
        Patient(
            unreadable=[
                Unreadable(
                    "MedicationDispense[Bundle.entry[3]]", "status must be one of ..., got str 'x'"
                ),
                Unreadable("AllergyIntolerance[1]", "bad", medication=False),
            ],
            opioid_use=False,
        ),
        None,
    ),
}
EXPECTED = {
    "recent": [
        (
            "opioid-recent",
            "contraindication",
            "Opioid (oxycodone) taken recently: first dose not before 2026-12-15",
            "'OxyContin 10 mg' contains oxycodone (product OxyContin, matched 'oxycontin'), last taken 2026-12-01, 2 days before the first dose on 2026-12-03. Policy 'monograph' asks for 14 days free of opioids after methadone, buprenorphine or a modified-release or transdermal opioid, so the first dose may be on 2026-12-15 at the earliest. Naltrexone can precipitate acute opioid withdrawal. This contradicts the record that the patient takes no opioids; resolve it.",
            "LDN-OPIOID-FREE",
            "OxyContin 10 mg",
        )
    ],
    "after": [
        (
            "opioid-recent",
            "contraindication",
            "Opioid (methadone) taken recently: first dose not before 2026-12-15",
            "'methadone' contains methadone (matched 'methadone'), last taken 2026-12-01, after the first dose on 2026-11-30. Policy 'monograph' asks for 14 days free of opioids after methadone, buprenorphine or a modified-release or transdermal opioid, so the first dose may be on 2026-12-15 at the earliest. Naltrexone can precipitate acute opioid withdrawal.",
            "LDN-OPIOID-FREE",
            "methadone",
        )
    ],
    "undated": [
        (
            "opioid-stopped-undated",
            "caution",
            "Stopped opioid (buprenorphine): confirm it was stopped 300 days before",
            "'Sublocade 100 mg' contains buprenorphine (product Sublocade, matched 'sublocade'), recorded as stopped. Without its last day, screening cannot tell whether the 300 days free of opioids that policy 'monograph' asks after depot buprenorphine have passed; confirm they have before the first dose.",
            "LDN-OPIOID-FREE",
            "Sublocade 100 mg",
        )
    ],
    "no_as_of": [
        (
            "opioid-stopped-undated",
            "caution",
            "Stopped opioid (tramadol): confirm it was stopped 10 days before",
            "'tramadol' contains tramadol (matched 'tramadol'), recorded as stopped (last taken 2026-12-01). Without the date of the first dose (as_of), screening cannot tell whether the 10 days free of opioids that policy 'monograph' asks after a short-acting opioid have passed; confirm they have before the first dose.",
            "LDN-OPIOID-FREE",
            "tramadol",
        )
    ],
    "unreadable": [
        (
            "record-unreadable",
            "caution",
            "Part of the record could not be read: check it by hand",
            "'AllergyIntolerance[1]' could not be read ('bad'), so screening could not check what it holds. Read it by hand before starting.",
            "LDN-OPIOID",
            "AllergyIntolerance[1]",
        ),
        (
            "record-unreadable",
            "caution",
            "Part of the record could not be read: check it by hand",
            "'MedicationDispense[Bundle.entry[3]]' could not be read (\"status must be one of ..., got str 'x'\"), so screening could not check a medication that may be an opioid; it was not taken as opioid-free. Read it by hand before starting.",
            "LDN-OPIOID",
            "MedicationDispense[Bundle.entry[3]]",
        ),
    ],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_history_findings_word_for_word(name: str) -> None:
    patient, as_of = CASES[name]
    report = screen(patient, as_of=as_of)
    found = [
        (f.code, str(f.severity), f.summary, f.message, str(f.rule_id), f.trigger)
        for f in report.findings
        if f.code in ("opioid-recent", "opioid-stopped-undated", "record-unreadable")
    ]
    assert found == EXPECTED[name]
