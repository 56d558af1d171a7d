"""FHIR identity: the published code systems hold every code ldn writes, under any base.

Each code ``ldn`` defines is written under one of four systems (:class:`ldn.fhir.Canonical`)
and published as a CodeSystem (:func:`ldn.fhir.code_systems`, written by the docs build).
The tests drive the check from the library's tables and from what it really writes:
DetectedIssues, CDS responses (the golden requests; the whole scenario corpus in the slow
stage), the confirmation Observation and the discovery document.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from fhir.resources.codesystem import CodeSystem as CodeSystemR5
from fhir.resources.R4B.codesystem import CodeSystem as CodeSystemR4B
from hypothesis import given
from hypothesis import strategies as st

import ldn
from ldn import MONOGRAPH, ExportError, LdnError, LdnTypeError, Medication, Patient, screen
from ldn.cds import CardSource, discovery, respond
from ldn.fhir import (
    ACT_CODE_SYSTEM,
    CONFIRMATION_CODES,
    CONFIRMATION_SYSTEM,
    DEFAULT_CANONICAL,
    DEFAULT_OVERRIDE_REASONS,
    FINDING_CATEGORY,
    FINDING_DISPLAY,
    FINDING_SYSTEM,
    ORDER_CHECK_DISPLAY,
    ORDER_CHECK_SYSTEM,
    OVERRIDE_DISPLAY,
    OVERRIDE_REASONS,
    OVERRIDE_SYSTEM,
    Canonical,
    code_systems,
    confirmation_codes_of,
    confirmation_observation,
    detected_issue,
    detected_issues,
    to_json,
)
from ldn.fhir._canonical import LIBRARY_VERSION
from ldn.monograph import RuleId
from ldn.strategies import patients
from tests.support import fhir_validator as fv
from tests.support.hostile import HOSTILE, fails_well
from tests.test_reference import conf  # docs/conf.py, loaded once

ROOT = Path(__file__).resolve().parent.parent
RULES_PAGE = ROOT / "docs" / "rules.rst"
GOLDEN = ROOT / "tests" / "golden"
SCENARIOS = ROOT / "tests" / "corpus" / "cds_scenarios"
DAY = dt.date(2026, 12, 4)
VERSIONS = ("R4", "R4B", "R5")
CLINIC = Canonical("https://terminology.example.org/ldn", docs="https://docs.example.org/ldn")
CLINIC_SOURCE = CardSource("Clinic LDN checks", "https://cds.example.org/ldn")
Resource = dict[str, Any]


def concepts(canonical: Canonical = DEFAULT_CANONICAL) -> dict[str, dict[str, str]]:
    """Each published system's concepts: system URL -> {code: display}."""
    return {
        system["url"]: {c["code"]: c["display"] for c in system["concept"]}
        for system in code_systems(canonical=canonical)
    }


def codings(tree: object) -> Iterator[dict[str, Any]]:
    """Every coding-like object (a dict with system and code) anywhere in a JSON tree."""
    if isinstance(tree, dict):
        if isinstance(tree.get("system"), str) and "code" in tree:
            yield tree
        for value in tree.values():
            yield from codings(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from codings(value)


def strings(tree: object) -> Iterator[str]:
    """Every string anywhere in a JSON tree, keys included."""
    if isinstance(tree, str):
        yield tree
    elif isinstance(tree, dict):
        for key, value in tree.items():
            yield key
            yield from strings(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from strings(value)


def own_codings_are_published(tree: object, canonical: Canonical = DEFAULT_CANONICAL) -> int:
    """Every coding under ``canonical.base`` is a concept, display included, of its published
    system; returns how many were checked."""
    published = concepts(canonical)
    checked = 0
    for coding in codings(tree):
        if not coding["system"].startswith(f"{canonical.base}/"):
            continue
        assert coding["system"] in published, coding
        assert coding["code"] in published[coding["system"]], coding
        if "display" in coding:
            assert coding["display"] == published[coding["system"]][coding["code"]], coding
        checked += 1
    return checked


def rule_links_resolve(tree: object, canonical: Canonical = DEFAULT_CANONICAL) -> int:
    """Every URL on the rules page names a rule's anchor; returns how many were checked."""
    anchors = set(re.findall(r"^\.\. _(rule-[a-z0-9-]+):$", RULES_PAGE.read_text(), re.M))
    checked = 0
    for text in strings(tree):
        if text.startswith(f"{canonical.docs}/rules.html"):
            anchor = text.removeprefix(f"{canonical.docs}/rules.html#")
            assert anchor in anchors, text
            checked += 1
    return checked


def many_findings() -> list[ldn.ScreeningReport]:
    """Reports that between them hold every finding code screening makes."""
    return [
        screen(
            Patient(
                medications=["codeine", "naltrexone 50 mg", "loperamide", "", "zzqx 5 mg"],
                opioid_use=None,
                filler_sensitivities=["cellulose"],
                unrecognised_allergies=["AllergyIntolerance[0] (names 'gelatin')"],
                unreadable=[ldn.Unreadable("MedicationDispense[3]", "status must be one of ...")],
            )
        ),
        screen(
            Patient(
                medications=[
                    Medication("methadone", status="stopped", last_taken=DAY),
                    Medication("tramadol", status="stopped"),
                ],
                opioid_use=False,
            ),
            as_of=DAY,
        ),
        screen(Patient(opioid_use=False)),
    ]


def hook_requests() -> list[tuple[Resource, dt.date]]:
    """The golden hook requests, each with the day it is answered on."""
    return [
        (json.loads((GOLDEN / f"cds-{hook}-request.json").read_text()), DAY)
        for hook in ("order-select", "order-sign")
    ]


def scenario_requests() -> list[tuple[Resource, dt.date]]:
    """Every request of the CDS scenario corpus, with its scenario's date."""
    found = []
    for path in sorted(SCENARIOS.glob("*.json")):
        scenario = json.loads(path.read_text())
        as_of = dt.date.fromisoformat(scenario["as_of"])
        found += [(each["request"], as_of) for each in scenario["requests"]]
    return found


# -- the tables ------------------------------------------------------------------------------


def test_the_four_systems_are_the_constants() -> None:
    assert DEFAULT_CANONICAL.systems == (
        FINDING_SYSTEM,
        ORDER_CHECK_SYSTEM,
        OVERRIDE_SYSTEM,
        CONFIRMATION_SYSTEM,
    )
    # The URLs written before they were published: nothing changes for existing users.
    assert FINDING_SYSTEM == "https://ldn-dosing.readthedocs.io/fhir/CodeSystem/finding"
    assert ORDER_CHECK_SYSTEM == "https://ldn-dosing.readthedocs.io/cds/CodeSystem/order-check"
    assert OVERRIDE_SYSTEM == "https://ldn-dosing.readthedocs.io/cds/CodeSystem/override-reason"
    assert CONFIRMATION_SYSTEM == "https://ldn-dosing.readthedocs.io/fhir/CodeSystem/observation"
    assert ldn.cds.ORDER_CHECK_SYSTEM == ORDER_CHECK_SYSTEM
    assert ldn.cds.OVERRIDE_SYSTEM == OVERRIDE_SYSTEM
    assert f"{DEFAULT_CANONICAL.docs}/" == ldn.cds.DOCS_URL


def test_every_table_code_is_a_concept_of_its_system() -> None:
    published = concepts()
    assert published[FINDING_SYSTEM] == dict(FINDING_DISPLAY)
    assert published[ORDER_CHECK_SYSTEM] == dict(ORDER_CHECK_DISPLAY)
    assert published[OVERRIDE_SYSTEM] == dict(OVERRIDE_DISPLAY)
    assert published[CONFIRMATION_SYSTEM] == {c.code: c.display for c in CONFIRMATION_CODES}
    offered = {code for codes in OVERRIDE_REASONS.values() for code in codes}
    assert offered | set(DEFAULT_OVERRIDE_REASONS) == set(OVERRIDE_DISPLAY)
    assert set(OVERRIDE_REASONS) <= set(FINDING_DISPLAY)


def test_each_code_system_is_complete_and_defined() -> None:
    for system in code_systems():
        assert system["resourceType"] == "CodeSystem"
        assert system["id"] == system["url"].rpartition("/")[2]
        assert system["version"] == ldn.__version__
        assert (system["status"], system["content"], system["caseSensitive"]) == (
            "active",
            "complete",
            True,
        )
        assert system["count"] == len(system["concept"])
        assert re.fullmatch(r"[A-Z][A-Za-z0-9_]{1,254}", system["name"])  # cnl-0
        for concept in system["concept"]:
            assert concept["definition"].strip()
            assert concept["display"].strip()
        codes = [c["code"] for c in system["concept"]]
        assert len(codes) == len(set(codes))


def test_the_code_systems_are_the_golden_ones() -> None:
    """tests/golden/code-systems.json is what the docs publish; regenerate it on purpose:
    ``to_json(list(code_systems()), indent=2)`` and a newline."""
    golden = (GOLDEN / "code-systems.json").read_text(encoding="utf-8")
    assert json.loads(golden, parse_float=Decimal) == list(code_systems())
    assert golden == to_json(list(code_systems()), indent=2) + "\n"
    assert [s["url"] for s in code_systems(version="R4")] == list(DEFAULT_CANONICAL.systems)


def test_the_version_is_the_library_version() -> None:
    assert ldn.__version__ == LIBRARY_VERSION


def test_code_systems_are_built_afresh() -> None:
    first = code_systems()
    first[0]["concept"].clear()
    assert code_systems()[0]["concept"]


def test_the_act_code_categories_are_the_verified_ones() -> None:
    """ActCode 11.0.0 (HL7/UTG a19c263616d7b759fe91ceaa0faf4c5b5a5b614b): code and display."""
    assert ACT_CODE_SYSTEM == "http://terminology.hl7.org/CodeSystem/v3-ActCode"
    assert set(FINDING_CATEGORY) <= set(FINDING_DISPLAY)
    assert dict(FINDING_CATEGORY) == {
        "opioid-use": ("DRG", "Drug Interaction Alert"),
        "opioid-recent": ("DRG", "Drug Interaction Alert"),
        "opioid-stopped-undated": ("DRG", "Drug Interaction Alert"),
        "peripheral-opioid": ("DRG", "Drug Interaction Alert"),
        "opioid-antagonist": ("DUPTHPY", "Duplicate Therapy Alert"),
        "filler-sensitivity": ("REACT", "Reaction Alert"),
        "allergy-unrecognised": ("REACT", "Reaction Alert"),
    }


def test_every_rule_has_its_anchor_on_the_rules_page() -> None:
    anchors = set(re.findall(r"^\.\. _(rule-[a-z0-9-]+):$", RULES_PAGE.read_text(), re.M))
    for rule in RuleId:
        url = DEFAULT_CANONICAL.rule_url(rule)
        assert url.endswith(f"#rule-{rule.value.lower()}")
        assert url.removeprefix(f"{DEFAULT_CANONICAL.docs}/rules.html#") in anchors


# -- what the library really writes -------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_every_detected_issue_code_is_published(version: str) -> None:
    written = set()
    for report in many_findings():
        issues = detected_issues(
            report,
            subject="Patient/1",
            identified=DAY,
            version=version,  # type: ignore[arg-type]
            include_info=True,
        )
        assert own_codings_are_published(issues) == len(issues)
        assert rule_links_resolve(issues) == len(issues)
        written |= {issue["code"]["coding"][0]["code"] for issue in issues}
        for issue, finding in zip(issues, report.findings, strict=True):
            act = FINDING_CATEGORY.get(finding.code)
            categories = [c for c in codings(issue) if c["system"] == ACT_CODE_SYSTEM]
            assert [(c["code"], c["display"]) for c in categories] == ([] if act is None else [act])
            assert ("category" in issue) is (version == "R5" and act is not None)
    assert written == set(FINDING_DISPLAY)  # every finding code was written and checked


def test_every_card_code_of_the_golden_requests_is_published() -> None:
    checked = links = 0
    for request, as_of in hook_requests():
        response = respond(request, as_of=as_of, counselling=True)
        checked += own_codings_are_published(response)
        links += rule_links_resolve(response)
    assert checked
    assert links


def test_the_confirmation_and_discovery_codes_are_published() -> None:
    for opioid_use in (False, True):
        observation = confirmation_observation("Patient/1", on=DAY, opioid_use=opioid_use)
        assert own_codings_are_published(observation) == 1
    document = discovery()
    templates = [t for s in document["services"] for t in s["prefetch"].values()]
    asked = [t for t in templates if CONFIRMATION_SYSTEM in t]
    assert asked
    assert all(f"{CONFIRMATION_SYSTEM}|opioid-use" in t for t in asked)


@pytest.mark.corpus
def test_every_card_code_of_the_scenario_corpus_is_published() -> None:
    """The whole CDS scenario corpus: every topic, override reason, rule link and
    suggested Observation is in its published code system or on the rules page."""
    checked = links = 0
    topics: set[str] = set()
    for request, as_of in scenario_requests():
        response = respond(request, as_of=as_of, counselling=True)
        checked += own_codings_are_published(response)
        links += rule_links_resolve(response)
        topics |= {card["source"]["topic"]["code"] for card in response["cards"]}
    assert checked > 100
    assert links > 100
    assert set(ORDER_CHECK_DISPLAY) <= topics  # every order check was written and checked


# -- both validators accept each CodeSystem -------------------------------------------------------


def validated(resource: Resource, version: str) -> fv.Outcome:
    """The second validator's outcome (R5's csd-4 read as its erratum in fv.ERRATA says)."""
    return fv.validate(resource, version)


@pytest.mark.validator
@pytest.mark.parametrize("version", VERSIONS)
def test_both_validators_accept_each_code_system(version: str) -> None:
    model = CodeSystemR5 if version == "R5" else CodeSystemR4B
    for system in code_systems(version=version):  # type: ignore[arg-type]
        text = to_json(system)
        model.model_validate_json(text)  # fhir.resources: structure
        received = json.loads(text, parse_float=Decimal)
        outcome = validated(received, version)  # HL7's packages: codes, invariants, types
        assert outcome.ok, str(outcome)
        assert outcome.rules("warning") <= {"dom-6"}, str(outcome)


@pytest.mark.validator
def test_the_corrected_csd_4_still_refuses_a_supplement_without_its_system() -> None:
    system = code_systems()[0] | {"content": "supplement"}
    outcome = validated(json.loads(to_json(system), parse_float=Decimal), "R5")
    assert "csd-4" in outcome.rules("error")


@pytest.mark.validator
@pytest.mark.parametrize("version", VERSIONS)
def test_both_validators_accept_the_issues_of_a_clinic_base(version: str) -> None:
    model = {"R4": "R4B", "R4B": "R4B", "R5": "R5"}[version]
    for report in many_findings():
        for issue in detected_issues(
            report,
            subject="Patient/1",
            identified=DAY,
            version=version,  # type: ignore[arg-type]
            include_info=True,
            canonical=CLINIC,
        ):
            outcome = fv.validate(json.loads(to_json(issue), parse_float=Decimal), model)
            assert outcome.ok, str(outcome)


# -- Canonical: what a base may be ---------------------------------------------------------------


def test_the_default_base() -> None:
    assert Canonical() == DEFAULT_CANONICAL
    assert DEFAULT_CANONICAL.base == "https://ldn-dosing.readthedocs.io"
    assert DEFAULT_CANONICAL.docs == "https://ldn-dosing.readthedocs.io/en/latest"
    assert Canonical("https://ldn-dosing.readthedocs.io/") == DEFAULT_CANONICAL
    assert hash(Canonical()) == hash(DEFAULT_CANONICAL)


def test_a_trailing_slash_is_dropped_once() -> None:
    assert Canonical("https://x.example/a/", docs="https://d.example/").docs == "https://d.example"
    assert Canonical("https://x.example/a/").base == "https://x.example/a"
    with pytest.raises(ExportError):
        Canonical("https://x.example/a//")


def test_a_canonical_is_frozen_and_evolves_checked() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        CLINIC.base = "https://x.example"  # type: ignore[misc]
    assert attrs.evolve(CLINIC, base="https://x.example").base == "https://x.example"
    with pytest.raises(ExportError):
        attrs.evolve(CLINIC, docs="http://x.example")


@pytest.mark.parametrize(
    "base",
    [
        "http://x.example",
        "ftp://x.example",
        "https://",
        "https:///a",
        "https://x.example?q=1",
        "https://x.example/a?",
        "https://x.example#f",
        "https://x.example/a#",
        "https://user@x.example",
        "https://user:pw@x.example",
        "https://x.example//a",
        "https://x.example/./a",
        "https://x.example/../a",
        "https://x.example/a/..",
        "https://x.example/a b",
        "https://x.example/a\nb",
        "https://x.example/\u00e9",
        "https://-x.example",
        "https://x-.example",
        "https://x..example",
        "https://x.example:",
        "https://x.example:123456",
        "https://x.example/%zz",
        "https://x.example/a|b",
        " https://x.example",
        "https://x.example ",
        "HTTPS://x.example",
        "https://" + "a" * 63 + "." + "b" * 200,
        "//x.example",
        "x.example",
        "",
    ],
)
def test_a_bad_base_is_refused_naming_it(base: str) -> None:
    with pytest.raises(ExportError) as raised:
        Canonical(base)
    assert str(raised.value).startswith("base must be an absolute https URL")
    with pytest.raises(ExportError) as raised:
        Canonical(docs=base)
    assert str(raised.value).startswith("docs must be an absolute https URL")


@pytest.mark.parametrize(
    "base",
    [
        "https://x.example",
        "https://x.example:8443/fhir",
        "https://a-b.c-d.example/x_y/~z/%20/1.0",
        "https://localhost",
        "https://192.168.0.1/ldn",
    ],
)
def test_a_good_base_is_taken_as_is(base: str) -> None:
    canonical = Canonical(base)
    assert canonical.base == base
    assert canonical.finding == f"{base}/fhir/CodeSystem/finding"


def test_any_value_is_a_base_or_an_ldn_error() -> None:
    for value in HOSTILE:
        assert fails_well(functools.partial(Canonical, value)) is not None
        assert fails_well(functools.partial(DEFAULT_CANONICAL.rule_url, value)) is not None
        docs = fails_well(functools.partial(Canonical, docs=value))
        assert (docs is None) is (value is None)  # None: the default docs


def test_a_refused_base_is_named_with_what_was_given() -> None:
    with pytest.raises(ExportError) as raised:
        Canonical("http://x.example")
    assert str(raised.value) == (
        "base must be an absolute https URL (host, optional port and path; no user, query, "
        "fragment, space, empty, '.' or '..' segment; at most 200 characters), "
        "got 'http://x.example'"
    )
    with pytest.raises(ExportError) as raised:
        Canonical(docs="https://x.example/a b/")
    assert str(raised.value).endswith("got 'https://x.example/a b/'")


def test_a_base_may_have_200_characters() -> None:
    longest = "https://x.example/" + "a" * (200 - len("https://x.example/"))
    assert Canonical(longest).base == longest
    assert Canonical(f"{longest}/").base == longest
    with pytest.raises(ExportError):
        Canonical(f"{longest}a")


def test_a_writer_names_what_it_was_given_for_canonical() -> None:
    expected = "canonical must be a Canonical (ldn.fhir.Canonical), got str 'https://x.example'"
    finding = screen(Patient(opioid_use=None)).findings[0]
    for call in (
        lambda: detected_issue(
            finding, subject="Patient/1", identified=DAY, canonical="https://x.example"
        ),
        lambda: respond(hook_requests()[0][0], as_of=DAY, canonical="https://x.example"),
    ):
        with pytest.raises(LdnTypeError) as raised:
            call()  # type: ignore[no-untyped-call]
        assert str(raised.value) == expected


def test_respond_names_a_source_that_is_no_card_source() -> None:
    with pytest.raises(LdnTypeError) as raised:
        respond(hook_requests()[0][0], as_of=DAY, source="https://x.example")  # type: ignore[arg-type]
    assert str(raised.value) == "source must be a CardSource, got str 'https://x.example'"


def test_the_type_errors_name_what_was_given() -> None:
    with pytest.raises(LdnTypeError) as raised:
        Canonical(5)  # type: ignore[arg-type]
    assert str(raised.value) == "base must be a str (an absolute https URL), got int 5"
    with pytest.raises(ExportError) as raised:
        DEFAULT_CANONICAL.rule_url("LDN-NONE")
    assert str(raised.value).startswith("rule_id must be one of LDN-DOSE-MAX, ")
    assert str(raised.value).endswith("got 'LDN-NONE'")


@pytest.mark.parametrize(
    "call",
    [
        lambda bad: code_systems(canonical=bad),
        lambda bad: code_systems(version="R6"),
        lambda bad: detected_issue(
            screen(Patient(opioid_use=None)).findings[0],
            subject="Patient/1",
            identified=DAY,
            canonical=bad,
        ),
        lambda bad: detected_issues(
            screen(Patient(opioid_use=None)), subject="Patient/1", identified=DAY, canonical=bad
        ),
        lambda bad: confirmation_observation("Patient/1", on=DAY, canonical=bad),
        lambda bad: confirmation_observation(
            "Patient/1", on=DAY, code=CONFIRMATION_CODES[0], canonical=bad
        ),
        lambda bad: confirmation_codes_of(None, canonical=bad),
        lambda bad: confirmation_codes_of(CONFIRMATION_CODES, canonical=bad),
        lambda bad: discovery(canonical=bad),
        lambda bad: respond(hook_requests()[0][0], as_of=DAY, canonical=bad),
    ],
)
def test_every_writer_refuses_what_is_not_a_canonical(call: Any) -> None:
    for bad in ("https://terminology.example.org", None, 5, MONOGRAPH):
        error = fails_well(functools.partial(call, bad))
        assert isinstance(error, LdnError)
        assert str(error).startswith(("canonical must be a Canonical", "FHIR version must be"))


# -- a deployer's own base ------------------------------------------------------------------------


def test_a_clinic_base_changes_every_system_and_rule_url() -> None:
    written: list[object] = [
        detected_issues(
            report,
            subject="Patient/1",
            identified=DAY,
            version=version,  # type: ignore[arg-type]
            include_info=True,
            canonical=CLINIC,
        )
        for report in many_findings()
        for version in VERSIONS
    ]
    written += [
        respond(request, as_of=as_of, counselling=True, source=CLINIC_SOURCE, canonical=CLINIC)
        for request, as_of in hook_requests()
    ]
    written += [
        confirmation_observation("Patient/1", on=DAY, canonical=CLINIC),
        discovery(canonical=CLINIC),
        [coding.system for coding in confirmation_codes_of(None, canonical=CLINIC)],
        code_systems(canonical=CLINIC),
    ]
    assert not [text for text in strings(written) if "ldn-dosing.readthedocs.io" in text]
    assert own_codings_are_published(written, CLINIC) > 20
    assert rule_links_resolve(written, CLINIC) > 20
    systems = {c["system"] for c in codings(written) if "example.org" in c["system"]}
    assert systems == set(CLINIC.systems)


def test_the_clinic_confirmation_is_read_back_under_the_clinic_base() -> None:
    from ldn.fhir import patient_from_fhir

    observation = confirmation_observation("Patient/1", on=DAY, canonical=CLINIC)
    codes = confirmation_codes_of(None, canonical=CLINIC)
    assert patient_from_fhir([observation], as_of=DAY, confirmation_codes=codes).opioid_use is False
    # Under the default base, the clinic's record is not a confirmation.
    assert patient_from_fhir([observation], as_of=DAY).opioid_use is None


# -- properties -----------------------------------------------------------------------------------

_LABELS = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
_SEGMENTS = st.from_regex(r"(?:[A-Za-z0-9_~-]|%[0-9A-F]{2})[A-Za-z0-9._~-]{0,8}", fullmatch=True)


@st.composite
def bases(draw: st.DrawFn) -> str:
    host = ".".join(draw(st.lists(_LABELS, min_size=1, max_size=3)))
    port = draw(st.none() | st.integers(1, 65535))
    path = "".join(f"/{s}" for s in draw(st.lists(_SEGMENTS, max_size=3)))
    return f"https://{host}{'' if port is None else f':{port}'}{path}"


@given(bases(), st.sampled_from(list(RuleId)))
def test_every_url_lies_below_its_base(base: str, rule: RuleId) -> None:
    canonical = Canonical(base)
    assert Canonical(f"{base}/") == canonical
    for url in canonical.systems:
        assert url.startswith(f"{base}/")
        assert Canonical(url).base == url
    assert canonical.rule_url(rule) == f"{base}/en/latest/rules.html#rule-{rule.value.lower()}"
    assert [s["url"] for s in code_systems(canonical=canonical)] == list(canonical.systems)


@pytest.mark.rule("LDN-OPIOID")
@given(patients(), st.sampled_from(VERSIONS), st.sampled_from([DEFAULT_CANONICAL, CLINIC]))
def test_every_screening_finding_is_published_with_its_rule(
    patient: Patient, version: str, canonical: Canonical
) -> None:
    """LDN-OPIOID: whatever screening finds (an opioid, an unknown entry, a missing
    confirmation, ...), its DetectedIssue's code is a concept of the published finding
    code system, and its reference is the URL of the rule that decided it."""
    report = screen(patient)
    issues = detected_issues(
        report,
        subject="Patient/1",
        identified=DAY,
        version=version,  # type: ignore[arg-type]
        include_info=True,
        canonical=canonical,
    )
    assert own_codings_are_published(issues, canonical) == len(report.findings)
    for issue, finding in zip(issues, report.findings, strict=True):
        assert issue["reference"] == canonical.rule_url(finding.rule_id)
    assert rule_links_resolve(issues, canonical) == len(issues)


# -- the docs build publishes them -----------------------------------------------------------


def test_the_docs_build_writes_each_code_system_where_its_url_points(tmp_path: Path) -> None:
    written = conf.write_code_systems(tmp_path, CLINIC)
    assert len(written) == 8
    for system in code_systems(canonical=CLINIC):
        relative = system["url"].removeprefix(f"{CLINIC.base}/")
        as_json = tmp_path / f"{relative}.json"
        assert json.loads(as_json.read_text(encoding="utf-8"), parse_float=Decimal) == system
        page = (tmp_path / relative / "index.html").read_text(encoding="utf-8")
        assert f'href="../{as_json.name}"' in page
        assert all(f"<code>{c['code']}</code>" in page for c in system["concept"])


def test_the_docs_build_reads_its_base_from_the_environment() -> None:
    assert conf.canonical_from({}) == DEFAULT_CANONICAL
    assert conf.canonical_from({"LDN_CANONICAL_BASE": "", "LDN_CANONICAL_DOCS": ""}) == (
        DEFAULT_CANONICAL
    )
    assert (
        conf.canonical_from(
            {
                "LDN_CANONICAL_BASE": CLINIC.base,
                "LDN_CANONICAL_DOCS": "https://docs.example.org/ldn",
            }
        )
        == CLINIC
    )
    with pytest.raises(ExportError):
        conf.canonical_from({"LDN_CANONICAL_BASE": "http://x.example"})


def test_the_docs_build_hook_writes_only_after_an_html_build(tmp_path: Path) -> None:

    @attrs.define
    class Builder:
        format: str

    @attrs.define
    class App:
        outdir: str
        builder: Builder

    conf._publish_code_systems(App(str(tmp_path / "a"), Builder("html")), None)
    assert (tmp_path / "a" / "fhir" / "CodeSystem" / "finding.json").is_file()
    conf._publish_code_systems(App(str(tmp_path / "b"), Builder("doctest")), None)
    conf._publish_code_systems(App(str(tmp_path / "c"), Builder("html")), RuntimeError("x"))
    assert not (tmp_path / "b").exists()
    assert not (tmp_path / "c").exists()
