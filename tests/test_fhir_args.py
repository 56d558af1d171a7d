"""ldn.fhir: export arguments are checked, defaults hold, and no export depends on the
caller's decimal context."""

from __future__ import annotations

import datetime as dt
from decimal import Context
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn import ExportError, LdnTypeError, OralLiquid, Patient, TitrationPlan, screen, titrate
from ldn.fhir import detected_issue, detected_issues, medication_request
from ldn.strategies import plans
from tests.support.contexts import ambient_contexts, same_everywhere

PLAN = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")


class TestHostileInput:
    """Hostile input (issue 13, items 2 and 4): every field and argument is checked, and
    only LdnErrors escape, quickly, with short messages."""

    @pytest.mark.parametrize("value", [["R5"], {"R5"}, None, "r5"])
    def test_unhashable_or_wrong_choices(self, value: object) -> None:
        with pytest.raises(ExportError):
            medication_request(PLAN, subject="Patient/1", version=value)  # type: ignore[arg-type]
        with pytest.raises(ExportError):
            medication_request(PLAN, subject="Patient/1", status=value)  # type: ignore[arg-type]

    def test_detected_issues_need_a_report(self) -> None:
        with pytest.raises(LdnTypeError, match=r"^report must be a ScreeningReport"):
            detected_issues([], subject="Patient/1", identified=dt.date(2026, 3, 1))  # type: ignore[arg-type]
        report = screen(ldn_patient())
        assert detected_issues(report, subject="Patient/1", identified=dt.date(2026, 3, 1))


def ldn_patient() -> Any:
    from ldn import Patient

    return Patient(medications=["tramadol"], opioid_use=False)


class TestDefaultsAndOrder:
    """Defaults and orders a plausible slip would change."""

    def test_cds_and_fhir_defaults(self) -> None:
        report = screen(Patient(medications=["tramadol"], opioid_use=False))
        assert report.findings[0].to_cds_card()["source"] == {"label": "ldn"}
        assert report.to_cds_cards()[0]["source"] == {"label": "ldn"}
        day = dt.date(2026, 3, 1)
        issue = detected_issue(report.findings[0], subject="Patient/1", identified=day)
        assert issue["status"] == "final"
        assert issue["subject"] == {"reference": "Patient/1"}
        assert issue["detail"].endswith(" (trigger: tramadol)")
        assert (
            detected_issues(report, subject="Patient/1", identified=day, include_info=True)[-1][
                "detail"
            ]
            == report.findings[-1].message
        )
        # Counselling (info) findings are left out by default.
        assert [
            i["code"]["coding"][0]["code"]
            for i in detected_issues(report, subject="Patient/1", identified=day)
        ] == ["opioid-use"]


class TestAmbientContext:
    """No result depends on the caller's decimal context (issue 13, item 1): each call gives the
    same value, or the same LdnError, under any context a host might set."""

    @given(ambient_contexts(), plans(), st.sampled_from(["R4", "R5"]), st.booleans())
    def test_fhir(self, ambient: Context, plan: TitrationPlan, version: str, liquid: bool) -> None:
        formulation = OralLiquid.from_tablet() if liquid else "ginger"
        same_everywhere(
            ambient,
            lambda: medication_request(
                plan,
                subject="Patient/1",
                formulation=formulation,
                version=version,  # type: ignore[arg-type]
            ),
        )
