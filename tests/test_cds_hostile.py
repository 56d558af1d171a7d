"""Hostile hook requests and values for ``ldn.cds`` and ``ldn.fhir.to_json`` (issue 19).

The contract these tests hold:

* :func:`ldn.cds.respond` answers any hook request with a response whose cards keep the
  CDS Hooks 2.0 rules (:func:`tests.support.cds_rules.response_problems`), whose
  :func:`~ldn.fhir.to_json` text encodes as UTF-8 and reads back as the same response,
  or raises an :class:`ldn.LdnError` (a ValueError or TypeError with a short message);
  quickly, the same answer twice, the request left as it was.
* :func:`ldn.fhir.to_json` of any value returns text that encodes as UTF-8 and parses as
  JSON (the same value back, when the value holds no lone surrogate), or raises an
  :class:`ldn.LdnError`.
* :func:`ldn.cds.discovery` gives the same document on every call, whatever came before.
* Free text from the record never renders as a link, an image or HTML in a card's
  ``detail`` under a CommonMark + GFM renderer with autolinks (markdown-it-py with
  linkify-it-py, and cmark-gfm's autolink extension where ``cmarkgfm`` is installed).

Requests are built from a valid skeleton (both hooks, R4 and R5 orders, capsules and a
liquid, a medication history in every prefetch key of :data:`ldn.cds.PREFETCH`) and then
spoilt: generically (:func:`tests.support.hostile.corrupted`: any member replaced by any
value, removed, put into a list or taken out of one, made a loop, renamed) and in the ways
FHIR allows (:func:`twisted`: references that loop or lead nowhere, contained resources,
R4 and R5 members side by side, null prefetch keys, selections that name nothing, a drug
that cannot be read, one entry repeated many times).

Failures found are pinned under "Pinned failures" below: each is a plain test marked
``xfail(strict=True, raises=...)`` naming the exception. The properties let through
exactly those failures, so that anything else still fails them: :data:`KNOWN` (the
exception's type and the ``ldn`` function that raised it), :data:`KNOWN_PROBLEMS` (a
breach of the CDS Hooks rules) and :data:`KNOWN_LINKS` (a link one renderer still makes).
Once ``ldn`` is fixed a pin passes and, strict, fails: remove its marker and its entry.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
import json
import re
import time
import traceback
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import ldn
from ldn import MONOGRAPH, LdnError, OralLiquid, titrate
from ldn.cds import PREFETCH, discovery, respond
from ldn.fhir import CONFIRMATION_CODES, medication_request, to_json
from tests.support.cds_rules import discovery_problems, response_problems
from tests.support.hostile import (
    HOSTILE,
    MAX_MESSAGE,
    any_text,
    anything,
    corrupted,
    json_scalars,
    json_shaped,
    nested,
    pick,
    places,
    same,
)

# Slow (hostile CDS input): .ci/run's slow stage runs it, the README test command does not.
pytestmark = pytest.mark.fuzz

LDN_PACKAGE = Path(ldn.__file__).parent
#: The longest one answer may take, in seconds (a shared 2-core machine; huge texts included).
TIME_BOUND = 3.0


def examples(most: int) -> settings:
    """At most ``most`` examples (fewer under a quick profile), no deadline: the whole module
    stays within about 30 s on a shared machine under the CI profile too."""
    return settings(
        max_examples=min(most, settings().max_examples),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# -- the valid skeleton ---------------------------------------------------------------------------

SUBJECT = {"reference": "Patient/p1"}
INSTANCE = "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"
PLAN = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
ATC = "http://www.whocc.no/atc"
OXYCODONE = {
    "coding": [{"system": ATC, "code": "N02AA05", "display": "oxycodone"}],
    "text": "OxyContin 10 mg",
}


def order(
    version: str = "R5", form: Any = "cellulose", identifier: str = "ldn-1"
) -> dict[str, Any]:
    """An exported LDN order as a client sends it (floats where FHIR has decimals)."""
    exported = medication_request(PLAN, subject="Patient/p1", formulation=form, version=version) | {
        "id": identifier
    }
    parsed: dict[str, Any] = json.loads(to_json(exported))
    return parsed


def medication(concept: dict[str, Any], version: str) -> dict[str, Any]:
    """The medication member of a resource: R4 ``medicationCodeableConcept``, R5 ``medication``."""
    if version == "R5":
        return {"medication": {"concept": concept}}
    return {"medicationCodeableConcept": concept}


def history(version: str) -> dict[str, list[dict[str, Any]]]:
    """A medication history for each prefetch key: an opioid in each place it can be."""
    day = "2026-02-20"
    return {
        "medicationRequests": [
            {
                "resourceType": "MedicationRequest",
                "id": "oxy-1",
                "status": "active",
                "intent": "order",
                "subject": SUBJECT,
                "authoredOn": day,
                **medication(OXYCODONE, version),
            }
        ],
        "medicationStatements": [
            {
                "resourceType": "MedicationStatement",
                "id": "st-1",
                "status": "active" if version == "R4" else "recorded",
                "subject": SUBJECT,
                "effectivePeriod": {"start": "2026-01-01"},
                **medication({"text": "tramadol 50 mg as needed"}, version),
            },
            {
                "resourceType": "MedicationStatement",
                "id": "st-2",
                "status": "completed",
                "subject": SUBJECT,
                "effectiveDateTime": day,
                **medication({"text": "naltrexone 4.5 mg capsules (LDN)"}, version),
            },
        ],
        "medicationDispenses": [
            {
                "resourceType": "MedicationDispense",
                "id": "disp-1",
                "status": "completed",
                "subject": SUBJECT,
                "whenHandedOver": day,
                "daysSupply": {
                    "value": 28,
                    "unit": "day",
                    "system": "http://unitsofmeasure.org",
                    "code": "d",
                },
                **medication({"text": "Panadeine Forte"}, version),
            }
        ],
        "medicationAdministrations": [
            {
                "resourceType": "MedicationAdministration",
                "id": "adm-1",
                "status": "completed",
                "subject": SUBJECT,
                "effectiveDateTime": day,
                **medication({"text": "morphine 10 mg injection"}, version),
            }
        ],
        "allergies": [
            {
                "resourceType": "AllergyIntolerance",
                "id": "al-1",
                "code": {"text": "lactose"},
                "patient": SUBJECT,
            }
        ],
        "opioidUseObservations": [
            {
                "resourceType": "Observation",
                "id": "obs-1",
                "status": "final",
                "code": {
                    "coding": [{"system": c.system, "code": c.code} for c in CONFIRMATION_CODES]
                },
                "subject": SUBJECT,
                "effectiveDateTime": "2026-03-01",
                "valueCodeableConcept": {
                    "coding": [{"system": "http://snomed.info/sct", "code": "373067005"}]
                },
            }
        ],
    }


def skeleton(
    hook: str = "order-select",
    version: str = "R5",
    orders: tuple[dict[str, Any], ...] | None = None,
    with_history: bool = True,
) -> dict[str, Any]:
    """A valid hook request: every prefetch key of :data:`PREFETCH` a searchset Bundle."""
    orders = (order(version),) if orders is None else copy.deepcopy(orders)
    found = history(version) if with_history else {}
    context: dict[str, Any] = {
        "userId": "Practitioner/example",
        "patientId": "p1",
        "draftOrders": {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": each} for each in orders],
        },
    }
    if hook == "order-select":
        context["selections"] = [f"MedicationRequest/{o['id']}" for o in orders if "id" in o]
    return {
        "hook": hook,
        "hookInstance": INSTANCE,
        "fhirServer": "https://fhir.example.org/r4",
        "context": context,
        "prefetch": {
            key: {
                "resourceType": "Bundle",
                "type": "searchset",
                "entry": [{"resource": r} for r in found.get(key, [])],
            }
            for key in PREFETCH
        },
    }


#: The orders the skeletons draw from: each version, capsules and a liquid, a second order.
ORDERS = [
    order("R4"),
    order("R4B", "sucrose"),
    order("R5"),
    order("R5", OralLiquid.from_tablet()),
    order("R4", identifier="ldn-2"),
]
OPIOID_ORDER = {
    "resourceType": "MedicationRequest",
    "id": "oxy-draft",
    "status": "draft",
    "intent": "order",
    "subject": SUBJECT,
    "medicationCodeableConcept": OXYCODONE,
}


@st.composite
def skeletons(draw: st.DrawFn) -> dict[str, Any]:
    """A valid request of either hook, R4 or R5, one or two LDN orders, with or without a history."""
    chosen = draw(st.lists(st.sampled_from(ORDERS), min_size=1, max_size=2, unique_by=id))
    if draw(st.booleans()):
        chosen.append(OPIOID_ORDER)
    return skeleton(
        hook=draw(st.sampled_from(["order-select", "order-sign"])),
        version=draw(st.sampled_from(["R4", "R5"])),
        orders=tuple(copy.deepcopy(chosen)),
        with_history=draw(st.booleans()),
    )


# -- FHIR-shaped twists ---------------------------------------------------------------------------

REFERENCES = [
    "#nowhere",
    "#",
    "",
    " ",
    "Medication/none",
    "MedicationRequest/ldn-1",
    "urn:uuid:00000000-0000-0000-0000-000000000000",
    "https://fhir.example.org/r4/Medication/1",
    "Medication/",
    "/Medication/1",
    "#ldn-medication",
    "\ud800",
    "#" + "x" * 5000,
    "Patient/p1",
    "Bundle/b",
]


def _orders_of(request: dict[str, Any]) -> list[dict[str, Any]]:
    entries = request["context"]["draftOrders"]["entry"]
    return [e["resource"] for e in entries if e["resource"].get("id", "").startswith("ldn")]


def _refer(resource: dict[str, Any], reference: Any) -> None:
    """Point ``resource``'s medication at ``reference`` (R4 and R5 forms), its concept gone."""
    if "medication" in resource:  # R5: a CodeableReference
        resource["medication"] = {"reference": {"reference": reference}}
    else:
        resource.pop("medicationCodeableConcept", None)
        resource["medicationReference"] = {"reference": reference}


def objects(value: Any) -> list[dict[str, Any]]:
    """The dicts in ``value`` when it is a list (a member an earlier twist may have spoilt)."""
    return [each for each in value if isinstance(each, dict)] if isinstance(value, list) else []


def _loop(first: str, second: str) -> list[dict[str, Any]]:
    """Two contained Medications whose ingredients name each other."""
    return [
        {
            "resourceType": "Medication",
            "id": first,
            "ingredient": [{"itemReference": {"reference": f"#{second}"}, "isActive": True}],
        },
        {
            "resourceType": "Medication",
            "id": second,
            "ingredient": [{"item": {"reference": {"reference": f"#{first}"}}, "isActive": True}],
        },
    ]


TWISTS = (
    "dangling",
    "self",
    "mutual",
    "contained-nested",
    "contained-odd",
    "bundle-loop",
    "mixed",
    "null-prefetch",
    "selections",
    "unreadable",
    "repeated",
    "no-prefetch-key",
    "odd-text",
    "strength",
    "observation",
    "dispense",
    "timing",
    "far-dates",
)

#: Dates at the ends of what Python's datetime holds, and past them, for every dated member.
FAR_DATES = [
    "9999-12-31",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01",
    "0001-01-01T00:00:00-12:00",
    "10000-01-01",
    "0000-01-01",
]
DATED = (
    "authoredOn",
    "effectiveDateTime",
    "effectiveInstant",
    "whenHandedOver",
    "whenPrepared",
    "start",
    "end",
)

#: Members of the history resources and of an order's timing, each with values a client may send.
OBSERVATION_MEMBERS: dict[str, list[Any]] = {
    "status": ["preliminary", "amended", "corrected", "entered-in-error", "", None],
    "valueCodeableConcept": [
        {"coding": [{"system": "http://snomed.info/sct", "code": "373066001"}]},
        {"coding": [{"system": "http://loinc.org", "code": "LA32-8"}, {"code": "LA33-6"}]},
        {"text": "no"},
        {},
        {"coding": []},
        None,
    ],
    "valueBoolean": [False, True],
    "valueString": ["no opioids"],
    "effectiveDateTime": ["2026", "2026-03", "2026-13-01", "2026-03-01T25:00:00Z", "", None],
    "effectivePeriod": [{}, {"start": "2026-03-01"}, {"end": "2026-02-30"}],
    "effectiveInstant": ["2026-03-01T08:00:00+14:00"],
    "code": [{}, {"coding": [{"code": "opioid-use"}]}, {"text": "opioid use"}],
}
DISPENSE_MEMBERS: dict[str, list[Any]] = {
    "daysSupply": [
        {"value": 0},
        {"value": -1},
        {"value": 10**12},
        {"value": 1e308},
        {"value": 4, "unit": "wk", "code": "wk"},
        {"value": 28, "code": "mo"},
        {},
    ],
    "whenHandedOver": ["2026-02-30", "2026", "9999-12-31", "0001-01-01", ""],
    "whenPrepared": ["2026-02-20"],
    "status": ["in-progress", "declined", "entered-in-error", "unknown"],
    "quantity": [{"value": 30, "unit": "capsule"}, {"value": -30}],
}
TIMING_MEMBERS: dict[str, list[Any]] = {
    "timeOfDay": [["08:00:00", "20:00:00"], ["22:00:00"] * 3, ["25:00"], [], [None]],
    "when": [["MORN", "HS"], ["HS", "HS"], ["BID"], ["C"], []],
    "frequency": [2, 0, -1, 10**9, 1.5, "1"],
    "frequencyMax": [3, 0],
    "period": [0, 0.5, 12, 10**-9, 1e308],
    "periodUnit": ["h", "wk", "min", "s", "mo", "a", ""],
    "count": [1, 0],
    "dayOfWeek": [["mon"], []],
    "boundsPeriod": [{"start": "2026-03-02", "end": "2026-03-01"}, {"end": "2026-03-16"}],
    "boundsDuration": [{"value": 0, "code": "d"}, {"value": 2, "code": "wk"}, {"value": 1}],
}


@st.composite
def twisted(draw: st.DrawFn, request: dict[str, Any]) -> dict[str, Any]:
    """A request spoilt in one to three of the :data:`TWISTS` FHIR allows or clients send."""
    request = copy.deepcopy(request)
    for how in draw(st.lists(st.sampled_from(TWISTS), min_size=1, max_size=3)):
        orders = _orders_of(request)
        target = draw(st.sampled_from(orders))
        prefetch = request["prefetch"] if isinstance(request["prefetch"], dict) else {}
        if how == "dangling":
            _refer(target, draw(st.sampled_from(REFERENCES) | json_scalars))
        elif how == "self":
            target["contained"] = [
                {
                    "resourceType": "Medication",
                    "id": "self",
                    "code": {"text": "naltrexone"},
                    "ingredient": [{"itemReference": {"reference": "#self"}}],
                }
            ]
            _refer(target, "#self")
        elif how == "mutual":
            target["contained"] = _loop("a", "b")
            _refer(target, "#a")
        elif how == "contained-nested":
            target["contained"] = [
                {
                    "resourceType": "Medication",
                    "id": "outer",
                    "code": {"text": "naltrexone 4.5 mg"},
                    "contained": [dict(target, contained=[])],
                    "ingredient": [{"itemReference": {"reference": "#ldn-1"}}],
                }
            ]
            _refer(target, "#outer")
        elif how == "contained-odd":
            target["contained"] = draw(
                st.sampled_from(
                    [
                        None,
                        {},
                        [None],
                        [{}],
                        [{"resourceType": "Medication"}] * 3,
                        [{"resourceType": "Medication", "id": "ldn-medication"}] * 2,
                        [{"resourceType": "MedicationRequest", "id": "ldn-medication"}],
                        [{"resourceType": "Bundle", "id": "ldn-medication", "entry": []}],
                        [target],
                    ]
                )
            )
        elif how == "bundle-loop":
            entries = request["context"]["draftOrders"]["entry"]
            entries += [
                {
                    "fullUrl": "urn:uuid:a",
                    "resource": {
                        "resourceType": "Medication",
                        "id": "a",
                        "code": {"text": "naltrexone"},
                        "ingredient": [{"itemReference": {"reference": "urn:uuid:b"}}],
                    },
                },
                {
                    "fullUrl": "urn:uuid:b",
                    "resource": {
                        "resourceType": "Medication",
                        "id": "b",
                        "ingredient": [{"itemReference": {"reference": "urn:uuid:a"}}],
                    },
                },
            ]
            _refer(target, "urn:uuid:a")
        elif how == "mixed":
            concept = {"text": draw(st.sampled_from(["naltrexone 1.5 mg", "OxyContin", "LDN"]))}
            target["medicationCodeableConcept"] = concept
            target["medication"] = {"concept": {"text": "low dose naltrexone"}}
            for dosage in objects(target.get("dosageInstruction")):
                for rate in objects(dosage.get("doseAndRate"))[:1]:
                    dose = rate.get("doseQuantity")
                    dosage["doseQuantity"] = dose
                    rate["doseRange"] = {"low": dose, "high": dose}
            for contained in objects(target.get("contained")):
                for ingredient in objects(contained.get("ingredient")):
                    ingredient["itemCodeableConcept"] = {"text": "naltrexone"}
                    ingredient["strength"] = {"numerator": {"value": 4.5, "unit": "mg"}}
                    ingredient["strengthRatio"] = {"numerator": {"value": 1, "unit": "mg"}}
        elif how == "null-prefetch" and prefetch:
            keys = draw(st.lists(st.sampled_from(sorted(prefetch)), min_size=1, unique=True))
            for key in keys:
                prefetch[key] = None
        elif how == "no-prefetch-key":
            request["prefetch"] = draw(st.sampled_from([None, {}, [], "", {"x": None}]))
        elif how == "selections":
            request["context"]["selections"] = draw(
                st.sampled_from(
                    [
                        [],
                        ["MedicationRequest/none"],
                        ["ldn-1"],
                        ["MedicationRequest/ldn-1"] * 1000,
                        ["medicationrequest/ldn-1"],
                        ["MedicationRequest/ldn-1 "],
                        ["#ldn-1"],
                        [None],
                        "MedicationRequest/ldn-1",
                        {"MedicationRequest/ldn-1": True},
                    ]
                )
            )
        elif how == "unreadable":
            for key in ("medicationCodeableConcept", "medication", "medicationReference"):
                target.pop(key, None)
            drug = draw(
                st.sampled_from(
                    [
                        None,
                        {},
                        {"text": ""},
                        {"text": " "},
                        {"text": 5},
                        {"coding": [{}]},
                        {"coding": [{"system": ATC}]},
                        {"coding": "N07BB04"},
                        {"concept": None},
                        {"concept": {"text": None}},
                        {"reference": {}},
                        "naltrexone",
                        ["naltrexone"],
                    ]
                )
            )
            if drug is not None:
                target["medication" if draw(st.booleans()) else "medicationCodeableConcept"] = drug
        elif how == "repeated":
            statement = {
                "resourceType": "MedicationStatement",
                "status": "active",
                "subject": SUBJECT,
                "medicationCodeableConcept": {"text": "OxyContin 10 mg"},
            }
            bundle = prefetch.get("medicationStatements")
            if isinstance(bundle, dict):
                bundle["entry"] = [{"resource": statement}] * draw(st.sampled_from([50, 2000]))
        elif how == "strength":
            for contained in objects(target.get("contained")):
                for ingredient in objects(contained.get("ingredient")):
                    ratio = {"numerator": {"value": 0.5, "unit": "mg"}, "denominator": {"value": 1}}
                    part = draw(st.sampled_from(["numerator", "denominator"]))
                    ratio[part] = draw(
                        st.sampled_from([{}, {"unit": "mg"}, {"value": None}, {"value": "1"}])
                    )
                    if draw(st.booleans()):
                        del ratio[part]
                    ingredient[draw(st.sampled_from(["strength", "strengthRatio"]))] = ratio
        elif how == "observation":
            for entry in objects(dict.get(prefetch.get("opioidUseObservations") or {}, "entry")):
                resource = entry.get("resource")
                if isinstance(resource, dict):
                    member = draw(st.sampled_from(sorted(OBSERVATION_MEMBERS)))
                    resource[member] = draw(st.sampled_from(OBSERVATION_MEMBERS[member]))
        elif how == "dispense":
            for entry in objects(dict.get(prefetch.get("medicationDispenses") or {}, "entry")):
                resource = entry.get("resource")
                if isinstance(resource, dict):
                    member = draw(st.sampled_from(sorted(DISPENSE_MEMBERS)))
                    resource[member] = draw(st.sampled_from(DISPENSE_MEMBERS[member]))
                    if draw(st.booleans()):  # the same drug as the order: a continuation
                        resource.pop("medication", None)
                        resource["medicationCodeableConcept"] = {"text": "LDN 4.5 mg capsules"}
        elif how == "timing":
            for dosage in objects(target.get("dosageInstruction")):
                timing = dosage.setdefault("timing", {})
                if not isinstance(timing, dict):
                    continue
                if draw(st.booleans()):
                    timing["code"] = {"coding": [{"code": draw(st.sampled_from(["BID", "QD"]))}]}
                repeat = timing.setdefault("repeat", {})
                if isinstance(repeat, dict):
                    member = draw(st.sampled_from(sorted(TIMING_MEMBERS)))
                    repeat[member] = draw(st.sampled_from(TIMING_MEMBERS[member]))
        elif how == "far-dates":
            day = draw(st.sampled_from(FAR_DATES))
            for owner, key in places(prefetch):
                if key in DATED and isinstance(owner[key], str):
                    owner[key] = day
        elif how == "odd-text":
            text = draw(any_text)
            target["note"] = [{"text": text}]
            for dosage in objects(target.get("dosageInstruction")):
                dosage["text"] = text
                dosage["patientInstruction"] = text
    return request


# -- what every answer must be --------------------------------------------------------------------

#: The failures pinned below, let through by the properties: (the exception's type name, the
#: ldn function whose frame raised it). Each has a strict xfail test under "Pinned failures";
#: remove the entry when that test passes.
KNOWN: set[tuple[str, str]] = set()


#: Breaches of the CDS Hooks rules (the end of a response_problems message) pinned below and let
#: through by the properties; remove the entry when its pin passes.
KNOWN_PROBLEMS: set[str] = set()


def _ldn_frame(error: BaseException) -> str:
    """The innermost frame of ``error``'s traceback inside ``ldn/``, as ``module.function``."""
    last = "?"
    for frame in traceback.extract_tb(error.__traceback__):
        path = Path(frame.filename)
        if path.is_relative_to(LDN_PACKAGE):
            module = ".".join(path.relative_to(LDN_PACKAGE.parent).with_suffix("").parts)
            last = f"{module}.{frame.name}"
    return last


def known(error: BaseException) -> bool:
    return (type(error).__name__, _ldn_frame(error)) in KNOWN


def refused_well(error: LdnError) -> None:
    assert isinstance(error, ValueError | TypeError)
    assert len(str(error)) <= MAX_MESSAGE, str(error)[:200]


def written(response: Any) -> str:
    """``to_json`` of a response: text that encodes as UTF-8 and reads back as the response."""
    text = to_json(response)
    text.encode("utf-8")
    assert same(json.loads(text, parse_float=Decimal), response)
    return text


def answered(request: Any, **options: Any) -> dict[str, Any] | None:
    """``respond(request)``: cards that keep the rules, written as valid JSON; or an LdnError."""
    start = time.perf_counter()
    try:
        response = respond(request, **options)
    except LdnError as error:
        refused_well(error)
        return None
    except Exception as error:
        if known(error):
            return None
        raise
    finally:
        assert time.perf_counter() - start < TIME_BOUND
    problems = [
        problem
        for problem in response_problems(response)
        if not any(problem.endswith(known) for known in KNOWN_PROBLEMS)
    ]
    assert problems == [], problems[:5]
    written(response)
    return response


def snapshot(value: Any) -> Any:
    """A deep copy to compare with later, or the value itself when it cannot be copied."""
    try:
        return copy.deepcopy(value)
    except Exception:  # a value nested past the recursion limit, or one deepcopy refuses
        return value


OPTIONS = st.fixed_dictionaries(
    {},
    optional={
        "as_of": st.sampled_from([dt.date(2026, 3, 2), dt.date(2026, 1, 1), dt.date.max]),
        "counselling": st.booleans(),
        "policy": st.just(MONOGRAPH),
    },
)


# -- properties -----------------------------------------------------------------------------------


def test_every_skeleton_is_answered_with_cards() -> None:
    """The skeletons are valid: each answers with cards (the corruptions start from sense)."""
    for hook in ("order-select", "order-sign"):
        for version in ("R4", "R5"):
            for each in ORDERS:
                response = answered(skeleton(hook, version, (each,)))
                assert response is not None
                assert response["cards"]


@examples(150)
@given(skeletons().flatmap(corrupted), OPTIONS)
def test_respond_answers_any_corrupted_request(request: Any, options: dict[str, Any]) -> None:
    before = snapshot(request)
    first = answered(request, **options)
    assert same(request, before), "respond changed the request"
    if first is not None:
        assert answered(request, **options) == first, "the same request, another answer"


@examples(150)
@given(skeletons().flatmap(twisted), OPTIONS)
def test_respond_answers_any_fhir_twist(request: Any, options: dict[str, Any]) -> None:
    before = snapshot(request)
    answered(request, **options)
    assert same(request, before), "respond changed the request"


@examples(80)
@given(skeletons().flatmap(twisted).flatmap(corrupted))
def test_respond_answers_a_twisted_request_spoilt_further(request: Any) -> None:
    answered(request)


@examples(60)
@given(st.one_of(anything, json_shaped, pick(HOSTILE)))
def test_respond_answers_anything_as_a_request(request: Any) -> None:
    answered(request)


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: type(v).__name__)
def test_respond_answers_a_hostile_value_in_every_top_level_member(value: Any) -> None:
    base = skeleton("order-sign")
    for key in [*base, *base["context"]]:
        spoilt = copy.deepcopy(base)
        owner = spoilt if key in spoilt else spoilt["context"]
        owner[key] = value
        answered(spoilt)


@pytest.mark.parametrize(
    ("option", "value"),
    [
        (name, value)
        for name in ("policy", "as_of", "counselling", "vocabulary")
        for value in HOSTILE
    ],
    ids=lambda v: type(v).__name__,
)
def test_respond_refuses_any_wrong_option(option: str, value: Any) -> None:
    answered(skeleton("order-sign"), **{option: value})


def record(version: str) -> dict[str, Any]:
    """The skeleton's history and an LDN order as one collection Bundle."""
    resources = [r for found in history(version).values() for r in found]
    resources.append(copy.deepcopy(ORDERS[0]))
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": each} for each in resources],
    }


def returns_or_refuses(call: Callable[[], object]) -> None:
    """``call()`` returns, or raises an LdnError (a short one), or a failure pinned below."""
    start = time.perf_counter()
    try:
        call()
    except LdnError as error:
        refused_well(error)
    except Exception as error:
        if not known(error):
            raise
    finally:
        assert time.perf_counter() - start < TIME_BOUND


READERS: dict[str, Callable[..., object]] = {
    "patient_from_fhir": ldn.fhir.patient_from_fhir,
    "patient_and_course": ldn.fhir.patient_and_course,
    "ldn_course": ldn.fhir.ldn_course,
}


@examples(100)
@given(
    st.sampled_from(["R4", "R5"]).map(record).flatmap(corrupted),
    st.sampled_from(sorted(READERS)),
    st.sampled_from([None, dt.date(2026, 3, 2), dt.date.max, dt.date.min]),
)
def test_the_record_readers_answer_any_corrupted_record(
    bundle: Any, reader: str, as_of: dt.date | None
) -> None:
    """The readers respond is built on, public too, given the same spoilt records."""
    returns_or_refuses(lambda: READERS[reader](bundle, as_of=as_of))


@examples(100)
@given(st.sampled_from(ORDERS).flatmap(corrupted))
def test_read_draft_order_answers_any_corrupted_order(resource: Any) -> None:
    def read() -> object:
        reader = ldn.fhir.Reader(ldn.fhir.Resources([resource]))
        return ldn.fhir.read_draft_order(reader, resource, "MedicationRequest[0]")

    returns_or_refuses(read)


@examples(200)
@given(json_shaped, st.sampled_from([None, 0, 2]))
def test_to_json_of_any_json_shaped_value_is_utf8_json(value: Any, indent: int | None) -> None:
    try:
        text = to_json(value, indent=indent)
    except LdnError as error:
        refused_well(error)
        return
    except Exception as error:
        if known(error):
            return
        raise
    back = json.loads(text.encode("utf-8"), parse_float=Decimal)
    if not _surrogates(value):
        assert same(back, _as_read(value))


def _surrogates(value: Any) -> bool:
    """Whether a lone surrogate is in a JSON-shaped value (a key or a string)."""
    if isinstance(value, str):
        return re.search("[\ud800-\udfff]", value) is not None
    if isinstance(value, dict):
        return any(_surrogates(k) or _surrogates(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_surrogates(v) for v in value)
    return False


def _as_read(value: Any) -> Any:
    """What json.loads gives back for a value to_json wrote: a Decimal is read back from its
    digits (an int when it has no point)."""
    if isinstance(value, dict):
        return {k: _as_read(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_read(v) for v in value]
    if isinstance(value, Decimal):
        return json.loads(format(value, "f"), parse_float=Decimal)
    return value


@examples(100)
@given(anything, st.sampled_from([None, 0, 1]))
def test_to_json_of_anything_is_utf8_json_or_an_ldn_error(value: Any, indent: int | None) -> None:
    try:
        text = to_json(value, indent=indent)
    except LdnError as error:
        refused_well(error)
        return
    except Exception as error:
        if known(error):
            return
        raise
    json.loads(text.encode("utf-8"))


def test_to_json_of_a_deep_or_looping_value_is_an_ldn_error() -> None:
    loop: dict[str, Any] = {"a": []}
    loop["a"].append(loop)
    for value in (loop, nested(50_000), nested(3000, "dict"), [nested(100)] * 3):
        try:
            json.loads(to_json(value).encode("utf-8"))
        except LdnError as error:
            refused_well(error)


def test_discovery_is_the_same_document_whatever_came_before() -> None:
    first = discovery()
    assert discovery_problems(first) == []
    assert json.loads(written(first)) == first
    first["services"][0]["prefetch"].clear()
    first["services"].append({"hook": "x"})
    for value in HOSTILE[:12]:
        answered(value)
    answered(skeleton("order-sign"), counselling=True)
    assert discovery() == discovery() == json.loads(written(discovery()))
    assert discovery() != first
    assert [s["prefetch"] for s in discovery()["services"]] == [dict(PREFETCH)] * 2


# -- free text in a card's Markdown ---------------------------------------------------------------
#
# A card's detail is GitHub Flavored Markdown (CDS Hooks, "Card Attributes"). GFM's autolink
# extension links text with no <...> around it: a www. name, an http:// or https:// URL, an
# e-mail address, wherever it starts a line or follows a space or one of * _ ~ ( (GFM spec,
# "Autolinks (extension)"). CommonMark itself links <http://...> and <a@b.c> and passes raw
# HTML through. linkify-it (markdown-it's "gfm-like" preset) also links a bare domain with a
# known top-level domain, such as example.com. Escaping CommonMark's punctuation stops none of
# the bare forms: the test renders each card's detail and looks at the HTML.

#: What a card's detail may render to: paragraphs, emphasis, line breaks, lists, code.
ALLOWED_TAGS = {"p", "strong", "em", "br", "ul", "ol", "li", "code"}


def renderers() -> dict[str, Callable[[str], str]]:
    """markdown-it-py, GFM-like with linkify, and cmark-gfm (GitHub's own GFM
    implementation), both in the test extra; raw HTML passed through."""
    import cmarkgfm
    import linkify_it  # noqa: F401  (markdown-it's linkify needs it: fail here if it is missing)
    import markdown_it
    from cmarkgfm.cmark import Options

    return {
        "markdown-it": markdown_it.MarkdownIt("gfm-like", {"html": True}).render,
        "cmark-gfm": lambda text: cmarkgfm.github_flavored_markdown_to_html(
            text, options=Options.CMARK_OPT_UNSAFE
        ),
    }


#: Links a renderer still makes of escaped free text, let through by the properties: each has a
#: strict xfail under "Pinned failures"; remove the entry when it passes (none now).
KNOWN_LINKS: dict[str, re.Pattern[str]] = {}


LINKISH = [
    "http://x.y",
    "https://evil.example/path?q=1",
    "HTTP://X.Y",
    "ftp://x.y",
    "www.x.y",
    "www.example.com",
    "example.com",
    "x.com/a",
    "a@b.co",
    "mailto:a@b.co",
    "xmpp:a@b.co",
    "<http://x.y>",
    "<a@b.co>",
    "[a](b)",
    "[a](http://x.y)",
    "![i](http://x.y/i.png)",
    "[a]: http://x.y",
    "[a][]",
    '<a href="http://x.y">x</a>',
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<!-- c -->",
    "&amp;",
    "&lt;a href=x&gt;",
    "&#60;b&#62;",
    "&#x3C;i&#x3E;",
    "&copy;",
    "\\<b\\>",
    "`code`",
    "``",
    "*a*",
    "__a__",
    "~~a~~",
    "| a | b |",
    "# h",
    "> q",
    "1. a",
    "- a",
    "---",
    "    indented",
    "a  \nb",
    "(http://x.y)",
    "*http://x.y*",
    "_www.x.y_",
    "~a@b.co~",
    "javascript:alert(1)",
    "data:text/html,x",
]
#: Free text with links and markup in it.
free_text = st.lists(
    st.sampled_from(LINKISH) | st.sampled_from(["tramadol", " ", "x", "(", "'", "\n"]),
    min_size=1,
    max_size=4,
).map(" ".join)


def tags(html: str) -> set[str]:
    return {m.lower() for m in re.findall(r"<\s*([A-Za-z][A-Za-z0-9]*)", html)}


def _statement(concept: Any) -> dict[str, Any]:
    return {
        "resourceType": "MedicationStatement",
        "status": "active",
        "subject": SUBJECT,
        "medicationCodeableConcept": concept,
    }


def _put(request: dict[str, Any], place: str, text: str) -> None:
    """Put ``text`` where the record holds free text that a card may quote."""
    prefetch = request["prefetch"]
    statements = prefetch["medicationStatements"]["entry"]
    if place == "opioid":  # an opioid in the list: its text is quoted
        statements.append({"resource": _statement({"text": f"oxycodone {text}"})})
    elif place == "antagonist":  # another antagonist: its text is quoted
        statements.append({"resource": _statement({"text": f"Revia 50 mg {text}"})})
    elif place == "draft":  # an opioid in another draft order
        request["context"]["draftOrders"]["entry"].append(
            {
                "resource": dict(
                    OPIOID_ORDER, medicationCodeableConcept={"text": f"oxycodone {text}"}
                )
            }
        )
    elif place == "unreadable":  # a value the reader refuses is described in the card
        statements.append({"resource": _statement({"text": "tramadol"}) | {"status": text}})
    elif place == "dose-unit":  # a dose unit the order checks cannot read
        ldn_order = request["context"]["draftOrders"]["entry"][0]["resource"]
        quantity = ldn_order["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]
        quantity["unit"] = quantity["code"] = f"mg {text}"
    else:  # an allergy: capsule fillers are named by the library, not quoted
        prefetch["allergies"]["entry"].append(
            {
                "resource": {
                    "resourceType": "AllergyIntolerance",
                    "code": {"text": f"lactose {text}"},
                }
            }
        )


PLACES = ["opioid", "antagonist", "draft", "unreadable", "dose-unit", "allergy"]


def details(text: str, place: str) -> list[str]:
    """The detail of every card of a request with ``text`` in ``place``."""
    request = skeleton("order-sign", "R4", (ORDERS[0],), with_history=False)
    _put(request, place, text)
    return [card["detail"] for card in respond(request, counselling=True)["cards"]]


def rendered_tags(text: str, place: str) -> set[str]:
    """The HTML tags of every card detail of a request with ``text`` in ``place``, under each
    renderer (less the links :data:`KNOWN_LINKS` lets through)."""
    found: set[str] = set()
    for name, render in renderers().items():
        for detail in details(text, place):
            html = render(detail)
            if name in KNOWN_LINKS:
                html = KNOWN_LINKS[name].sub("", html)
            found |= tags(html)
    return found


def test_the_renderers_do_link_what_the_tests_look_for() -> None:
    """Negative control: unescaped, the free text does render as links."""
    for render in renderers().values():
        assert "a" in tags(render("see http://x.y and www.x.y and a@b.co"))
        assert "a" in tags(render("<http://x.y>"))
        assert "img" in tags(render("![i](http://x.y/i.png)"))


@examples(60)
@given(free_text, st.sampled_from(PLACES))
@example("http://x.y", "opioid")
@example("www.example.com", "antagonist")
@example("example.com", "draft")
@example("<http://x.y>", "unreadable")
@example('<a href="http://x.y">x</a>', "opioid")
@example("[a](http://x.y)", "dose-unit")
def test_free_text_never_renders_as_a_link_or_html(text: str, place: str) -> None:
    assert rendered_tags(text, place) <= ALLOWED_TAGS


# -- pinned failures ------------------------------------------------------------------------------
#
# Each is the smallest input found for one failure of the contract. While it fails it is a
# strict xfail naming the exception, so that the fix makes it fail as XPASS; then its marker
# goes, with its entry in KNOWN (or KNOWN_PROBLEMS, KNOWN_LINKS), and it stays as a plain test.


def test_a_hook_instance_with_a_lone_surrogate_is_answered() -> None:
    request = skeleton("order-select", "R4", (ORDERS[0],), with_history=False)
    request["hookInstance"] = "\ud800"
    answered(request)


@pytest.mark.parametrize("patient", [":", "p 1", "a/b", "x" * 65, "\ud800"])
def test_a_patient_id_that_is_no_fhir_id_gives_no_create_action_without_a_resource(
    patient: str,
) -> None:
    request = skeleton("order-select", "R4", (ORDERS[0],), with_history=False)
    request["context"]["patientId"] = patient
    assert response_problems(respond(request, as_of=dt.date(2026, 3, 2))) == []


def _with_text(text: Any, where: str) -> dict[str, Any]:
    request = skeleton("order-select", "R4", (ORDERS[0],), with_history=False)
    if where == "order":
        draft = request["context"]["draftOrders"]["entry"][0]["resource"]
        draft["contained"][0]["code"]["text"] = text
    else:
        request["prefetch"]["medicationStatements"]["entry"] = [
            {"resource": _statement({"text": text})}
        ]
    return request


@pytest.mark.parametrize(
    ("text", "where"),
    [([], "order"), ({}, "order"), (["oxycodone"], "prefetch"), ({"a": 1}, "prefetch")],
)
def test_a_concept_member_that_is_a_list_or_an_object_is_answered(text: Any, where: str) -> None:
    answered(_with_text(text, where))


@pytest.mark.parametrize("unit", [[], ["d"], {}])
def test_pin_a_period_unit_that_is_a_list_or_an_object(unit: Any) -> None:
    request = skeleton("order-sign", "R4", (ORDERS[0],), with_history=False)
    draft = request["context"]["draftOrders"]["entry"][0]["resource"]
    draft["dosageInstruction"][0]["timing"]["repeat"]["periodUnit"] = unit
    respond(request)


@pytest.mark.parametrize("status", [[], ["final"], {}])
def test_pin_an_observation_status_that_is_a_list_or_an_object(status: Any) -> None:
    request = skeleton("order-select", "R4", (ORDERS[0],))
    bundle = request["prefetch"]["opioidUseObservations"]
    bundle["entry"][0]["resource"]["status"] = status
    respond(request)


@pytest.mark.parametrize("as_of", [None, dt.date(2026, 3, 2)])
def test_pin_a_dispense_handed_over_in_the_last_days_of_year_9999(as_of: dt.date | None) -> None:
    request = skeleton("order-select", "R4", (ORDERS[0],))
    dispense = request["prefetch"]["medicationDispenses"]["entry"][0]["resource"]
    dispense["whenHandedOver"] = "9999-12-31"
    respond(request, as_of=as_of)


@pytest.mark.parametrize("via", ["respond", "screen"])
def test_pin_an_opioid_last_taken_in_the_last_days_of_year_9999(via: str) -> None:
    as_of = dt.date(2026, 3, 2)
    if via == "screen":
        stopped = ldn.Medication(
            "oxycodone", status=ldn.MedicationStatus.STOPPED, last_taken=dt.date.max
        )
        ldn.screen(ldn.Patient(medications=[stopped]), as_of=as_of)
        return
    request = skeleton("order-select", "R4", (ORDERS[0],), with_history=False)
    statement = _statement({"text": "oxycodone"})
    statement |= {"status": "completed", "effectiveDateTime": "9999-12-31"}
    request["prefetch"]["medicationStatements"]["entry"] = [{"resource": statement}]
    respond(request, as_of=as_of)


@pytest.mark.parametrize("ingredients", [[[]], ["x"], [None], "x"], ids=repr)
def test_pin_read_draft_order_of_ingredients_that_are_not_objects(ingredients: Any) -> None:
    resource = copy.deepcopy(ORDERS[0])
    resource["contained"][0]["ingredient"] = ingredients
    reader = ldn.fhir.Reader(ldn.fhir.Resources([resource]))
    with pytest.raises(ldn.LdnError, match=r"medication\.ingredient"):
        ldn.fhir.read_draft_order(reader, resource, "MedicationRequest[0]")


#: The order reader's own exception (caught inside ldn/fhir/_orders.py, never meant to leave it).
UNREADABLE = getattr(importlib.import_module("ldn.fhir._orders"), "_Unreadable", AssertionError)


@pytest.mark.parametrize("change", ["no numerator", "empty numerator", "no denominator value"])
def test_pin_a_strength_without_a_value_escapes_as_an_internal_exception(change: str) -> None:
    request = skeleton("order-sign", "R5", (ORDERS[3],), with_history=False)
    draft = request["context"]["draftOrders"]["entry"][0]["resource"]
    ratio = draft["contained"][0]["ingredient"][0]["strengthRatio"]
    if change == "no numerator":
        del ratio["numerator"]
    elif change == "empty numerator":
        ratio["numerator"] = {}
    else:
        del ratio["denominator"]["value"]
    respond(request)


@pytest.mark.parametrize(
    "value", [{"a": "\ud800"}, {"\udfff": 1}, ["oxycodone \ud83d"]], ids=["value", "key", "list"]
)
def test_to_json_writes_a_lone_surrogate_as_utf8(value: Any) -> None:
    json.loads(to_json(value).encode("utf-8"))


def test_a_null_prefetch_key_is_read_as_no_data() -> None:
    request = skeleton("order-select", "R4", (ORDERS[0],))
    request["prefetch"]["allergies"] = None
    response = respond(request)
    assert "opioid-use" in [card["source"]["topic"]["code"] for card in response["cards"]]


def test_one_entry_repeated_gives_one_card() -> None:
    request = skeleton("order-select", "R4", (ORDERS[0],), with_history=False)
    statement = _statement({"text": "OxyContin 10 mg"})
    request["prefetch"]["medicationStatements"]["entry"] = [{"resource": statement}] * 2000
    response = respond(request)
    codes = [card["source"]["topic"]["code"] for card in response["cards"]]
    assert codes.count("opioid-use") == 1


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("http://x.y", "opioid"),
        ("https://evil.example/path?q=1", "antagonist"),
        ("ftp://x.y", "draft"),
        ("www.example.com", "opioid"),
        ("example.com", "opioid"),
        ("<http://x.y>", "opioid"),
        ("[a](http://x.y)", "opioid"),
        ('<a href="http://x.y">x</a>', "opioid"),
        ("http://x.y", "dose-unit"),
        ("http://x.y", "unreadable"),
        ("a@b.co", "opioid"),
        ("mailto:a@b.co", "unreadable"),
    ],
)
def test_free_text_renders_as_no_link(text: str, place: str) -> None:
    assert rendered_tags(text, place) <= ALLOWED_TAGS


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("a@b.co", "opioid"),
        ("mailto:a@b.co", "antagonist"),
        ("xmpp:a@b.co", "draft"),
        ("<a@b.co>", "unreadable"),
        ("a@b.co", "dose-unit"),
    ],
)
def test_pin_cmark_gfm_links_an_escaped_e_mail_address(text: str, place: str) -> None:
    render = renderers()["cmark-gfm"]
    for detail in details(text, place):
        assert "a" not in tags(render(detail))
