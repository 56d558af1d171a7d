"""The second FHIR validator (tests/support/fhir_validator.py): it must reject what is wrong.

A validator that passes everything proves nothing. These tests take a valid export,
break one thing at a time (a wrong code, a missing element, a wrong type, a broken
invariant), and check that the validator names that exact fault, in both packages.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ldn import Filler, OralLiquid, Patient, screen, titrate
from ldn.fhir import detected_issues, medication_request, to_json
from tests.support import fhir_validator as fv

# Slow (the second FHIR validator): .ci/run's slow stage runs it, the README test command does not.
pytestmark = pytest.mark.validator

VERSIONS = ("R4B", "R5")
UCUM = "http://unitsofmeasure.org"
Resource = dict[str, Any]


def parsed(resource: Resource) -> Resource:
    """What a receiver sees: the JSON text read back, numbers exact."""
    return json.loads(to_json(resource), parse_float=Decimal)  # type: ignore[no-any-return]


def request(version: str, formulation: OralLiquid | Filler = Filler.SUCROSE) -> Resource:
    plan = titrate(
        start="1.5", step="1.5", interval_days=14, target="4.5", start_date=dt.date(2026, 3, 2)
    )
    return parsed(
        medication_request(plan, subject="Patient/1", version=version, formulation=formulation)  # type: ignore[arg-type]
    )


def issue(version: str) -> Resource:
    report = screen(Patient(medications=["codeine"], opioid_use=True))
    (first, *_) = detected_issues(
        report,
        subject="Patient/1",
        version=version,
        identified=dt.date(2026, 3, 1),  # type: ignore[arg-type]
    )
    return parsed(first)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("kind", ["capsule", "liquid", "issue"])
def test_valid_exports_pass(version: str, kind: str) -> None:
    """The positive control: a valid export has no error and nothing unevaluated."""
    resource = {
        "capsule": lambda: request(version),
        "liquid": lambda: request(version, OralLiquid.from_tablet()),
        "issue": lambda: issue(version),
    }[kind]()
    outcome = fv.validate(resource, version)
    assert outcome.ok, str(outcome)
    # Warnings are evaluated too: no narrative (dom-6) is the only one, by design.
    assert outcome.rules("warning") == {"dom-6"}


def _set(path: str, value: object) -> Callable[[Resource], None]:
    """A mutation that sets (or, for ``...``, deletes) the element at a dotted path."""

    def mutate(resource: Resource) -> None:
        *parents, last = path.split(".")
        node: Any = resource
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if value is ...:
            del node[last]
        else:
            node[int(last) if last.isdigit() else last] = value

    return mutate


REPEAT = "dosageInstruction.0.timing.repeat"
MUTATIONS: list[tuple[str, str, Callable[[Resource], None], str, str]] = [
    # (name, resource kind, mutation, rule the validator must name, where)
    ("wrong status", "request", _set("status", "done"), "binding", "MedicationRequest.status"),
    ("when BEDTIME", "request", _set(f"{REPEAT}.when", ["BEDTIME"]), "binding", "when[0]"),
    ("periodUnit day", "request", _set(f"{REPEAT}.periodUnit", "day"), "binding", "periodUnit"),
    ("no intent", "request", _set("intent", ...), "cardinality", "MedicationRequest.intent"),
    ("no subject", "request", _set("subject", ...), "cardinality", "MedicationRequest.subject"),
    ("when not an array", "request", _set(f"{REPEAT}.when", "HS"), "cardinality", "when"),
    ("empty array", "request", _set("note", []), "cardinality", "MedicationRequest.note"),
    ("unknown element", "request", _set("dose", "1 mg"), "structure", "MedicationRequest.dose"),
    ("frequency as text", "request", _set(f"{REPEAT}.frequency", "1"), "type", "frequency"),
    ("frequency zero", "request", _set(f"{REPEAT}.frequency", 0), "type", "frequency"),
    ("null value", "request", _set("status", None), "type", "status"),
    ("bad date", "request", _set(f"{REPEAT}.boundsPeriod.start", "2026-13-01"), "type", "start"),
    (
        "period ends before it starts",
        "request",
        _set(f"{REPEAT}.boundsPeriod.end", "2026-01-01"),
        "per-1",
        "boundsPeriod",
    ),
    ("period without unit", "request", _set(f"{REPEAT}.periodUnit", ...), "tim-2", "repeat"),
    (
        "quantity code without system",
        "request",
        _set("dosageInstruction.0.doseAndRate.0.doseQuantity.system", ...),
        "qty-3",
        "doseQuantity",
    ),
    (
        "dangling contained reference",
        "request",
        "dangling",
        "ref-1",
        "MedicationRequest.medication",
    ),
    ("orphan contained resource", "request", "orphan", "dom-3", "MedicationRequest"),
    ("nested contained", "request", "nested", "dom-2", "MedicationRequest"),
    (
        "subject of wrong type",
        "request",
        _set("subject.reference", "Medication/1"),
        "reference",
        "subject",
    ),
    ("empty object", "request", _set("dosageInstruction.0.route", {}), "ele-1", "route"),
    (
        "extension without value",
        "request",
        _set("extension", [{"url": "https://example.org/x"}]),
        "ext-1",
        "MedicationRequest.extension[0]",
    ),
    (
        "two choices of one element",
        "request",
        _set(f"{REPEAT}.boundsDuration", {"value": 1, "unit": "d", "system": UCUM, "code": "d"}),
        "cardinality",
        "bounds[x]",
    ),
    (
        "decimal as text",
        "request",
        _set("dosageInstruction.0.doseAndRate.0.doseQuantity.value", "3"),
        "type",
        "doseQuantity.value",
    ),
    ("wrong issue severity", "issue", _set("severity", "severe"), "binding", "severity"),
    ("wrong issue status", "issue", _set("status", "done"), "binding", "DetectedIssue.status"),
    ("issue code as text", "issue", _set("code", "opioid-use"), "type", "DetectedIssue.code"),
]


def _medication_reference(resource: Resource) -> Resource:
    if "medicationReference" in resource:
        return resource["medicationReference"]  # type: ignore[no-any-return]
    return resource["medication"]["reference"]  # type: ignore[no-any-return]


def _special(name: str, resource: Resource) -> None:
    if name == "dangling":
        _medication_reference(resource)["reference"] = "#elsewhere"
    elif name == "orphan":
        resource["contained"].append({**resource["contained"][0], "id": "unused"})
    else:  # nested
        inner = copy.deepcopy(resource["contained"][0])
        resource["contained"][0]["contained"] = [{**inner, "id": "inner"}]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("mutation", "kind", "change", "rule", "where"), MUTATIONS, ids=[m[0] for m in MUTATIONS]
)
def test_known_bad_mutations_are_rejected(
    version: str, mutation: str, kind: str, change: Any, rule: str, where: str
) -> None:
    """Negative controls: each known-bad change is an error under the rule that forbids it."""
    resource = request(version) if kind == "request" else issue(version)
    assert fv.validate(resource, version).ok
    if isinstance(change, str):
        _special(change, resource)
    else:
        change(resource)
    outcome = fv.validate(resource, version)
    assert not outcome.ok
    matching = [i for i in outcome.errors if i.rule == rule and where in i.location]
    assert matching, f"{mutation}: expected {rule} at {where}, got:\n{outcome}"


def test_ended_is_an_r5_status_only() -> None:
    """MedicationRequest status ``ended`` exists in R5; under R4B it is a binding error."""
    r5 = request("R5")
    r5["status"] = "ended"
    assert fv.validate(r5, "R5").ok
    r4b = request("R4B")
    r4b["status"] = "ended"
    outcome = fv.validate(r4b, "R4B")
    assert [(i.rule, i.location) for i in outcome.errors] == [
        ("binding", "MedicationRequest.status")
    ]


def test_r5_shape_is_wrong_under_r4b() -> None:
    """An R5 resource read as R4B: R5-only elements are unknown, R4B's required ones absent."""
    outcome = fv.validate(request("R5"), "R4B")
    assert ("structure", "MedicationRequest.medication") in {
        (i.rule, i.location) for i in outcome.errors
    }


def test_required_value_sets_come_from_the_package() -> None:
    status_r4b = fv.load("R4B").package.expand(
        "http://hl7.org/fhir/ValueSet/medicationrequest-status"
    )
    status_r5 = fv.load("R5").package.expand(
        "http://hl7.org/fhir/ValueSet/medicationrequest-status"
    )
    assert {code for _, code in status_r5} - {code for _, code in status_r4b} == {"ended"}
    timing = fv.load("R5").package.expand("http://hl7.org/fhir/ValueSet/event-timing|5.0.0")
    assert ("http://terminology.hl7.org/CodeSystem/v3-TimingEvent", "HS") in timing
    assert ("http://hl7.org/fhir/event-timing", "NIGHT") in timing


def test_a_value_set_that_cannot_be_expanded_is_reported_not_passed() -> None:
    """A required binding the package cannot expand is 'unevaluated', which is not ok."""
    resource = request("R5")
    resource["language"] = "en-NZ"  # bound (required) to all-languages, a grammar, not a list
    outcome = fv.validate(resource, "R5")
    assert [(i.rule, i.location) for i in outcome.unevaluated] == [
        ("binding", "MedicationRequest.language")
    ]
    assert not outcome.ok


# The invariants of the base definitions that cannot be evaluated here, by the FHIRPath
# function fhirpathpy lacks. None of them applies to an element the ldn exports carry
# (Narrative, resolve() on references to other resources, memberOf() terminology); if
# one did, the validator would report it as unevaluated and the export tests would fail.
UNEVALUABLE = {
    "R4B": {
        "AdministrableProductDefinition:apd-1": ["resolve"],
        "CareTeam:ctm-1": ["resolve"],
        "Narrative:txt-1": ["htmlChecks"],
        "Narrative:txt-2": ["htmlChecks"],
    },
    "R5": {
        "AdministrableProductDefinition:apd-1": ["resolve"],
        "CareTeam:ctm-1": ["resolve"],
        "DiagnosticReport:dgr-1": ["resolve"],
        "DocumentReference:docRef-1": ["resolve"],
        "DocumentReference:docRef-2": ["resolve"],
        "ElementDefinition:eld-11": ["(parse error)"],
        "Encounter:enc-2": ["resolve"],
        "ExampleScenario:exs-1": ["memberOf"],
        "Narrative:txt-1": ["htmlChecks"],
        "Narrative:txt-2": ["htmlChecks"],
        "Observation:obs-9": ["resolve"],
        "OperationDefinition:opd-3": ["memberOf"],
        "Procedure:prc-1": ["resolve"],
        "Provenance:prov-1": ["resolve"],
        "Provenance:prov-2": ["resolve"],
        "Provenance:prov-3": ["resolve"],
        "Range:rng-2": ["comparable"],
    },
}


@pytest.mark.parametrize("version", VERSIONS)
def test_unevaluable_invariants_are_pinned(version: str) -> None:
    assert fv.unevaluable_invariants(version) == UNEVALUABLE[version]


def test_an_unevaluable_invariant_in_use_is_reported() -> None:
    """A narrative's txt-1/txt-2 need htmlChecks(), which fhirpathpy lacks: not ok, not silent."""
    resource = request("R5")
    resource["text"] = {
        "status": "generated",
        "div": '<div xmlns="http://www.w3.org/1999/xhtml">3 mL at bedtime</div>',
    }
    outcome = fv.validate(resource, "R5")
    assert not outcome.errors
    assert sorted(i.rule for i in outcome.unevaluated) == ["txt-1", "txt-2"]
    assert not outcome.ok


def test_errata_are_listed() -> None:
    assert sorted(fv.ERRATA) == [("R4B", "dom-3"), ("R5", "csd-4")]


@pytest.mark.parametrize(
    ("value", "low", "high"),
    [
        ("2026", "2026-01-01", "2026-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2026-03-02", "2026-03-02", "2026-03-02"),
    ],
)
def test_supplied_boundaries(value: str, low: str, high: str) -> None:
    (found_low,) = fv._boundary([value], high=False)
    (found_high,) = fv._boundary([value], high=True)
    assert (found_low.asStr, found_high.asStr) == (low, high)


def test_supplied_boundary_of_nothing_is_empty() -> None:
    assert fv._boundary([], high=False) == []
    assert fv._boundary(["not a date"], high=True) == []


def test_has_value() -> None:
    assert fv._has_value(["x"]) == [True]
    assert fv._has_value([{"id": "a"}]) == [False]
    assert fv._has_value(["x", "y"]) == [False]


def test_a_tampered_package_is_refused(tmp_path: Path) -> None:
    package = fv.PACKAGES["R5"]
    (tmp_path / f"{package.name}-{package.version}.tgz").write_bytes(b"not the package")
    with pytest.raises(fv.PackageError, match="integrity"):
        fv.fetch(package, tmp_path)
    assert not (tmp_path / f"{package.name}-{package.version}.tgz").exists()


def test_packages_are_pinned() -> None:
    assert {v: (p.name, p.version) for v, p in fv.PACKAGES.items()} == {
        "R4B": ("hl7.fhir.r4b.core", "4.3.0"),
        "R5": ("hl7.fhir.r5.core", "5.0.0"),
    }
    for version in VERSIONS:
        meta = fv.load(version).package.meta
        assert (meta["name"], meta["version"]) == (
            fv.PACKAGES[version].name,
            fv.PACKAGES[version].version,
        )


def test_not_a_resource() -> None:
    assert fv.validate([], "R5").rules() == {"structure"}
    assert fv.validate({"resourceType": "Nonsense"}, "R5").rules() == {"structure"}
    assert fv.validate({"resourceType": "Dosage"}, "R5").rules() == {"structure"}


def test_packages_load_once_per_session() -> None:
    """One validator per package for the session; each definition file parsed once."""
    assert fv.load("R4") is fv.load("R4B")
    assert fv.load("R5") is fv.load("R5")
    package = fv.load("R5").package
    assert package.definition("Dosage") is package.definition("Dosage")
    url = "http://hl7.org/fhir/ValueSet/units-of-time"
    assert package.expand(url) is package.expand(url)
    # Files are read on demand, never all of them (about 1,500 in R5).
    files = sum(len(names) for names in package.index.values())
    assert files > 1400
    assert package._read.cache_info().currsize < files // 2
