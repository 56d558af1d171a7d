"""The contract, fuzzed: any argument gives a result or an LdnError, quickly (issue 13).

Every public callable (every callable name in the ``__all__`` of ``ldn`` and of each
public submodule, constructors included, and the public methods listed here) is
driven by hypothesis with hostile values of every type, each argument in turn or
several at once, under a random ambient decimal context (any precision from 1 to
50, any rounding, any traps, Inexact, Rounded and FloatOperation included). A call
may return or raise an :class:`ldn.LdnError` (also a ValueError or TypeError, with a
message of bounded length); any other exception fails the test, and so does a call
that takes more than :data:`TIME_BOUND` seconds. A value returned is also written
with ``str`` and ``repr`` under the same context, since those are public too.

One exception is the caller's own: an iterator or callable the caller passes that
raises (:class:`OwnError` here) may pass through, as the reference says. The bugs
this found are pinned in ``tests/test_contract_pins.py``; mutation testing runs
those and leaves this file out (a fuzz run per mutant would take hours).

:data:`REGISTRY` maps a dotted name to a list of argument strategies; a public
callable without an entry fails :func:`test_every_public_callable_is_registered`.
To add one (``ldn.cds.respond``, say), add ``"ldn.cds.respond": [call(...)]``.
"""

from __future__ import annotations

import copy
import datetime as dt
import gc
import importlib
import itertools
import json
import pkgutil
import time
from collections.abc import Callable, Iterator
from decimal import Context, Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ldn
import ldn.cds
import ldn.chart
from ldn import (
    MONOGRAPH,
    Coding,
    Dose,
    Filler,
    LdnError,
    Medication,
    OralLiquid,
    Patient,
    Regimen,
    RuleId,
    Syringe,
    Unreadable,
    Volume,
    Washout,
    advise_formulation,
    screen,
    titrate,
)
from ldn.errors import FIELD_LIMIT
from ldn.fhir import Reader, Resources, medication_request, read_draft_order
from ldn.formulation import HANDLING, REPORTED_CAPSULE_COST, REPORTED_SUPPLY
from ldn.monograph import REFERENCES, RULES
from ldn.opioids import Lexicon, default_vocabulary
from ldn.schedule import MAX_PLAN_DAY
from tests.support.contexts import ambient_contexts

# Slow (the contract fuzz test): .ci/run's slow stage runs it, the README test command does not.
pytestmark = pytest.mark.fuzz

#: The longest time one call may take, in seconds of this process's CPU time with the
#: garbage collector paused (a shared 2-core machine included): the bound is on the
#: library's own work, not on the other processes of the machine nor on a collection of
#: the test session's heap that a call happens to trigger.
TIME_BOUND = 1.0
#: The longest message an LdnError may have: three bounded fields and a rule id.
MAX_MESSAGE = 3 * FIELD_LIMIT + 40
#: Examples per registered call: a quarter of the profile's (15 in dev, 150 in ci).
EXAMPLES = max(10, settings().max_examples // 4)


class OwnError(Exception):
    """Raised by the caller's own iterator or callable; it may pass through ldn."""


class BadRepr:
    """An object whose repr and str raise: ldn must never call them unguarded."""

    def __repr__(self) -> str:
        raise RuntimeError("repr of a foreign object was called unguarded")

    __str__ = __repr__

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text("BadRepr()")  # for hypothesis's report of a failing example


class Anything:
    """An object that claims every attribute (as a mock does)."""

    def __getattr__(self, name: str) -> Any:
        return self

    def __call__(self, *args: object, **kwargs: object) -> Any:
        return self


class Text(str):
    """A str subclass that changes nothing."""


class Number(int):
    """An int subclass that changes nothing."""


class Exact(Decimal):
    """A Decimal subclass that changes nothing."""


class Day(dt.date):
    """A date subclass that changes nothing."""


def failing_iterator() -> Iterator[object]:
    yield "morphine"
    raise OwnError("the caller's iterator failed")


def deep(depth: int, leaf: object) -> object:
    value: object = leaf
    for index in range(depth):
        value = [value] if index % 2 else {"a": value}
    return value


PLAN = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
DATED = titrate(
    start="0.5", step="0.5", interval_days=7, target="4.5", start_date=dt.date(2026, 3, 2)
)
LIQUID = OralLiquid.from_tablet()
REGIMEN = Regimen(DATED, liquid=LIQUID)
PATIENT = Patient(
    ["oxycodone 5 mg", Coding("http://www.whocc.no/atc", "N07BB04")], None, ["sucrose"]
)
REPORT = screen(PATIENT)
FINDING = REPORT.findings[0]
VOCABULARY = default_vocabulary()
#: A vocabulary with a lexicon of three codes: its tables take milliseconds.
SMALL_VOCABULARY = attrs.evolve(
    VOCABULARY,
    lexicon=ldn.opioids.Lexicon(
        "small",
        frozenset({"aspirin", "oxycodone"}),
        codes={
            ("http://www.nlm.nih.gov/research/umls/rxnorm", "1191"): "aspirin",
            ("http://www.nlm.nih.gov/research/umls/rxnorm", "7804"): "oxycodone",
            ("http://snomed.info/sct", "1"): "oxycodone 5 mg",
        },
    ),
)
SMALL_VOCABULARY.code_records()  # compiles its matcher once, before any call is timed
SUBSTANCE = VOCABULARY.substances[0]
ADVICE = advise_formulation(manages_liquid=True, plan=DATED)
DISPENSE = REGIMEN.supply(maintenance_days=30)
MEDICATION = Medication(
    "OxyContin 10 mg", [Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "1049621")]
)
RESOURCE = medication_request(DATED, subject="Patient/1", formulation=LIQUID)
_LOOP = [
    {
        "resourceType": "Medication",
        "id": "a",
        "ingredient": [{"itemReference": {"reference": "Medication/b"}}],
    },
    {
        "resourceType": "Medication",
        "id": "b",
        "ingredient": [{"item": {"reference": {"reference": "Medication/a"}}}],
    },
]
#: Medication histories of every kind the reader reads, some odd on purpose.
USE = ldn.LdnUse(
    "MedicationDispense/1", False, dt.date(2026, 11, 30), Fraction(9, 2), False, None, "x/1"
)
HISTORY_RECORDS = [
    [
        {
            "resourceType": "MedicationDispense",
            "status": "completed",
            "whenHandedOver": "2026-11-30",
            "daysSupply": {"value": 7, "code": "d"},
            "medicationCodeableConcept": {"text": "oxycodone"},
        },
        {
            "resourceType": "MedicationAdministration",
            "status": "completed",
            "occurenceDateTime": "2026-11-29T23:00:00+13:00",
            "medication": {"concept": {"text": "fentanyl"}},
        },
        {
            "resourceType": "Observation",
            "status": "final",
            "code": {
                "coding": [
                    {
                        "system": "https://ldn-dosing.readthedocs.io/fhir/CodeSystem/observation",
                        "code": "opioid-use",
                    }
                ]
            },
            "effectiveDateTime": "2026-12-01",
            "valueBoolean": False,
        },
    ],
    [
        {
            "resourceType": "MedicationStatement",
            "status": "completed",
            "medicationReference": {"reference": "Medication/a"},
            "effectivePeriod": {"end": "2026-11"},
        },
        *_LOOP,
        *_LOOP,
    ],
    [
        {
            "resourceType": "MedicationOrder",
            "status": "stopped",
            "dateWritten": "2026-11-01",
            "dispenseRequest": {"expectedSupplyDuration": {"value": 1e300, "unit": "days"}},
            "medicationCodeableConcept": {"text": "methadone"},
        },
        {"resourceType": "MedicationPrescription", "status": "active"},
    ],
]
DRAFTS = Resources([RESOURCE])
DRAFT = read_draft_order(Reader(DRAFTS), RESOURCE, "MedicationRequest[0]")

ODD_TEXT = [
    "",
    " ",
    "\x00",
    "\ud800",  # a lone surrogate
    "\u200b4.5\u200b",  # zero-width spaces
    "\u202e5.4",  # right-to-left override
    "\u0664.\u0665",  # Arabic-Indic digits
    "\uff14.\uff15",  # full-width digits
    "4,5",
    "1e3",
    "-0",
    " 4.5 mg ",
    "e\u0301",  # a combining accent
    "ﬁ",  # a ligature
    "R5",
    "monograph",
    "Patient/1",
    "LDN-START",
    "cellulose",
    "N02AA05",
    "x" * 1_000_000,
    "4.5" + "0" * 100_000,
]
SPECIAL_NUMBERS: list[object] = [
    Decimal("NaN"),
    Decimal("-sNaN"),
    Decimal("Infinity"),
    Decimal("-Infinity"),
    Decimal("-0"),
    Decimal("1E+999999"),
    Decimal("1E-999999"),
    Decimal("4.50000000000000000000000000000000000000001"),
    10**5000,
    -(10**5000),
    2**4001,
    MAX_PLAN_DAY,
    MAX_PLAN_DAY + 1,
    -1,
    0,
    Fraction(1, 2**100_000),
    Fraction(10**5000, 3),
    Fraction(9, 2),
    float("nan"),
    float("inf"),
    -0.0,
]
FOREIGN: list[object] = [
    object(),
    BadRepr(),
    Anything(),
    type,
    len,
    NotImplemented,
    Ellipsis,
    dt.date.min,
    dt.date.max,
    dt.datetime(2026, 3, 2, 9, 30),
    dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
    dt.timedelta(days=1),
    MONOGRAPH,
    PLAN,
    DATED,
    LIQUID,
    REGIMEN,
    PATIENT,
    REPORT,
    FINDING,
    VOCABULARY,
    ADVICE,
    DISPENSE,
    MEDICATION,
    RULES[0],
    REFERENCES[1],
    HANDLING[0],
    REPORTED_CAPSULE_COST,
    REPORTED_SUPPLY,
    Dose("4.5"),
    Volume("9"),
    Syringe("1", "0.01"),
    Filler.GINGER,
    RuleId.START,
    deep(50_000, "x"),
    {str(index): index for index in range(100_000)},
    list(range(100_000)),
]


def pick(values: list[Any]) -> st.SearchStrategy[Any]:
    """One of ``values``, never written out by hypothesis (some have no safe repr)."""
    return st.integers(0, len(values) - 1).map(lambda index: values[index])


leaves: st.SearchStrategy[object] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.fractions(),
    st.text(max_size=20),
    pick(ODD_TEXT),
    st.binary(max_size=8),
    st.binary(max_size=8).map(bytearray),
    st.dates(),
    pick(SPECIAL_NUMBERS),
    pick(FOREIGN),
    st.builds(failing_iterator),
    st.sampled_from(["4.5", "morphine", "R5", "ginger", "Patient/1", "LDN-START"]).map(Text),
    st.integers(-5, 10**6).map(Number),
    st.sampled_from(["4.5", "0.5", "NaN", "1E+5"]).map(Exact),
    st.dates().map(lambda day: Day(day.year, day.month, day.day)),
    st.builds(lambda: iter(["1", Dose(1)])),
)
#: Any value at all: a leaf, or a small container of them (list, tuple, set, dict).
hostile: st.SearchStrategy[object] = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.frozensets(st.one_of(st.text(max_size=5), st.integers()), max_size=3),
        st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), inner, max_size=4),
    ),
    max_leaves=8,
)
#: JSON-shaped values with FHIR-ish keys, for the FHIR reader and writer.
json_values: st.SearchStrategy[object] = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.floats(),
        st.text(max_size=12),
        st.sampled_from(
            [
                "MedicationStatement",
                "MedicationRequest",
                "AllergyIntolerance",
                "Medication",
                "Bundle",
                "active",
                "completed",
                "2026-03-02",
                "#m1",
                "urn:uuid:1",
                "http://www.whocc.no/atc",
                "N02AA05",
                "oxycodone",
                "cellulose",
            ]
        ),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "resourceType",
                    "entry",
                    "resource",
                    "fullUrl",
                    "status",
                    "medicationCodeableConcept",
                    "medicationReference",
                    "medication",
                    "concept",
                    "reference",
                    "coding",
                    "system",
                    "code",
                    "display",
                    "text",
                    "contained",
                    "id",
                    "ingredient",
                    "item",
                    "itemCodeableConcept",
                    "effectivePeriod",
                    "start",
                    "end",
                    "clinicalStatus",
                    "verificationStatus",
                    "reaction",
                    "substance",
                    "category",
                    "value",
                ]
            ),
            inner,
            max_size=5,
        ),
    ),
    max_leaves=25,
)


def maybe(good: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """A good value or a hostile one."""
    return st.one_of(good, hostile)


@attrs.frozen
class Good:
    """An argument that is never hostile (the instance a method is called on)."""

    strategy: st.SearchStrategy[object]


Call = tuple[tuple[object, ...], dict[str, object]]


def call(*args: object, **kwargs: object) -> st.SearchStrategy[Call]:
    """Arguments for one call: each a good value or a hostile one.

    An argument is a strategy, a :class:`Good` (never hostile) or a plain value
    (taken as the good value).
    """

    def part(value: object) -> st.SearchStrategy[object]:
        if isinstance(value, Good):
            return value.strategy
        good = value if isinstance(value, st.SearchStrategy) else st.just(value)
        return maybe(good)

    positional = st.tuples(*(part(value) for value in args))
    keywords = st.fixed_dictionaries({name: part(value) for name, value in kwargs.items()})
    return st.tuples(positional, keywords)


def fields_of(instance: object) -> st.SearchStrategy[Call]:
    """A constructor's arguments: the fields of a good ``instance``, each maybe hostile."""
    fields = attrs.fields(type(instance))  # type: ignore[misc]
    return call(*(getattr(instance, each.name) for each in fields if each.init))


def method(instance: object, *args: object, **kwargs: object) -> st.SearchStrategy[Call]:
    """A method's arguments: the (never hostile) ``instance``, then the rest."""
    return call(Good(st.just(instance)), *args, **kwargs)


def own_failure(dose: Dose) -> str:
    raise OwnError("the caller's amount function failed")


#: ``amount`` for ``instructions``: a callable the caller passes raises what it raises
#: (the reference says so), so foreign callables such as ``len`` are left out.
amounts = st.one_of(
    st.sampled_from([str, LIQUID.label, own_failure, lambda dose: None, lambda dose: ""]),
    hostile.filter(lambda value: not callable(value)),
)
days = st.one_of(st.integers(0, 400), st.dates(dt.date(2026, 3, 1), dt.date(2027, 12, 31)))
dose_texts = st.sampled_from(["0.5", "1", "1.5", "2.25", "4.5", "0.001", "1000"])
plans = st.sampled_from([PLAN, DATED])
#: Base URLs for ``ldn.fhir.Canonical``: good ones, a trailing slash, and refused ones.
CANONICAL_BASES = [
    "https://terminology.example.org/ldn",
    "https://x.example/",
    "https://x.example:8443/a/b",
    "http://x.example",
    "https://x.example/?q=1",
    "https://x.example/../a",
    "",
]
CLINIC = ldn.fhir.Canonical("https://terminology.example.org/ldn")
#: The canonical URLs a writer is given: the default or a clinic's (each maybe hostile).
canonicals = st.sampled_from([ldn.fhir.DEFAULT_CANONICAL, CLINIC])
error_fields = call(st.text(max_size=10), st.text(max_size=10), st.text(max_size=10))
frozen_dates = st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
#: Amounts in mg for the policy's predicates: a Dose, a Decimal or a Fraction.
mg_amounts = st.one_of(dose_texts.map(Dose), dose_texts.map(Decimal), st.fractions())

GOLDEN = Path(__file__).parent / "golden"
CDS_REQUESTS = [
    json.loads((GOLDEN / f"cds-{hook}-request.json").read_text(encoding="utf-8"))
    for hook in ("order-select", "order-sign")
]
DRAFT_ORDERS = [
    entry["resource"]
    for request in CDS_REQUESTS
    for entry in request["context"]["draftOrders"]["entry"]
]


@st.composite
def spoiled(draw: st.DrawFn, request: dict[str, Any]) -> dict[str, Any]:
    """A hook request with one member, at any depth, replaced by a hostile or JSON value."""
    spoilt = copy.deepcopy(request)
    node: Any = spoilt
    for _ in range(draw(st.integers(0, 6))):
        if isinstance(node, dict) and node:
            key: Any = draw(st.sampled_from(sorted(node)))
        elif isinstance(node, list) and node:
            key = draw(st.integers(0, len(node) - 1))
        else:
            break
        if draw(st.booleans()) or not isinstance(node[key], dict | list):
            node[key] = draw(st.one_of(hostile, json_values))
            return spoilt
        node = node[key]
    return spoilt


hook_requests = st.sampled_from(CDS_REQUESTS)

REGISTRY: dict[str, list[st.SearchStrategy[Call]]] = {
    # -- doses and errors ---------------------------------------------------------------
    "ldn.Dose": [call(dose_texts)],
    "ldn.Dose.parse": [call(st.sampled_from(["4.5 mg", "1 mg", "0.5mg"]))],
    "ldn.Volume": [call(dose_texts)],
    "ldn.dose.as_dose": [call(dose_texts, st.text(max_size=5))],
    "ldn.dose.as_volume": [call(dose_texts, st.text(max_size=5))],
    "ldn.Dose.__format__": [method(Dose("4.5"), st.sampled_from(["", ">8", "<3"]))],
    "ldn.LdnError": [error_fields, call(hostile, hostile, hostile, rule_id=hostile)],
    "ldn.LdnTypeError": [error_fields],
    "ldn.InvalidDoseError": [error_fields],
    "ldn.InvalidPolicyError": [error_fields],
    "ldn.PolicyViolationError": [error_fields],
    "ldn.ScheduleError": [error_fields],
    "ldn.ScreeningError": [error_fields],
    "ldn.FormulationError": [error_fields],
    "ldn.ExportError": [error_fields],
    # -- the monograph ------------------------------------------------------------------
    "ldn.RuleId": [call(st.sampled_from(list(RuleId)))],
    "ldn.Rule": [fields_of(RULES[3])],
    "ldn.Reference": [fields_of(REFERENCES[1])],
    "ldn.monograph.ReferenceKind": [call("review")],
    "ldn.Policy": [fields_of(MONOGRAPH.derive(name="c", reason="r", max_daily_dose="6"))],
    "ldn.PolicyChange": [fields_of(MONOGRAPH.derive(name="c", reason="r", start_max=2).changes[0])],
    "ldn.Policy.derive": [
        method(MONOGRAPH, name=st.text(max_size=8), reason="r", max_daily_dose="6"),
        call(Good(st.just(MONOGRAPH)), name="x", reason="r", review_to_day=hostile),
    ],
    "ldn.Policy.rule": [method(MONOGRAPH, "LDN-START")],
    "ldn.Policy.figures": [method(MONOGRAPH, "LDN-START")],
    "ldn.Policy.check_daily_dose": [method(MONOGRAPH, dose_texts)],
    "ldn.Policy.check_start_dose": [method(MONOGRAPH, dose_texts)],
    "ldn.Policy.check_interval": [method(MONOGRAPH, st.integers(0, 20))],
    "ldn.Policy.is_typical": [method(MONOGRAPH, dose_texts)],
    "ldn.Policy.allows_start": [method(MONOGRAPH, mg_amounts)],
    "ldn.Policy.allows_daily": [method(MONOGRAPH, mg_amounts)],
    "ldn.Policy.allows_interval": [method(MONOGRAPH, st.integers(0, 20))],
    "ldn.Policy.allows_rise_after": [method(MONOGRAPH, st.integers(0, 20))],
    "ldn.Policy.opioid_free_interval": [method(MONOGRAPH, st.sampled_from(["short", "depot"]))],
    "ldn.Policy.allows_start_after_opioid": [
        method(MONOGRAPH, st.integers(-400, 400), st.sampled_from(list(Washout)))
    ],
    "ldn.Policy.allows_confirmation_age": [method(MONOGRAPH, st.integers(-10, 10))],
    "ldn.Policy.allows_rise": [method(MONOGRAPH, mg_amounts, mg_amounts)],
    "ldn.Policy.continues_after": [method(MONOGRAPH, st.integers(-10, 20))],
    "ldn.Washout": [call(st.sampled_from(["short", "long", "depot"]))],
    "ldn.Policy.allows_timing": [
        method(
            MONOGRAPH,
            per_day=st.one_of(st.integers(0, 3), st.fractions()),
            at_bedtime=st.sampled_from([True, False, None]),
        )
    ],
    # -- plans --------------------------------------------------------------------------
    "ldn.titrate": [
        call(
            start=dose_texts,
            step=dose_texts,
            interval_days=st.integers(6, 15),
            target=dose_texts,
            start_date=st.dates(),
            policy=MONOGRAPH,
        )
    ],
    "ldn.TitrationPlan": [fields_of(PLAN), fields_of(DATED)],
    "ldn.Step": [fields_of(PLAN.steps[0]), fields_of(PLAN.steps[-1])],
    "ldn.ReviewWindow": [fields_of(DATED.review_window)],
    "ldn.InstructionLine": [fields_of(PLAN.instructions()[0])],
    "ldn.InstructionLine.of": [
        call(dose_texts, st.one_of(st.none(), st.integers(0, 30)), st.text())
    ],
    "ldn.schedule.instruction_sentence": [call(st.lists(st.sampled_from(PLAN.instructions())))],
    "ldn.TitrationPlan.day_of": [method(DATED, days)],
    "ldn.TitrationPlan.date_of": [method(DATED, st.integers(0, 400))],
    "ldn.TitrationPlan.step_on": [method(PLAN, days)],
    "ldn.TitrationPlan.dose_on": [method(DATED, days)],
    "ldn.TitrationPlan.daily_doses": [method(DATED, days, days)],
    "ldn.TitrationPlan.runs": [method(PLAN, days, days)],
    "ldn.TitrationPlan.total_mg": [method(DATED, days, days)],
    "ldn.TitrationPlan.step_back": [method(DATED, days)],
    "ldn.TitrationPlan.hold": [method(DATED, days)],
    "ldn.TitrationPlan.resume": [method(DATED, days, target=dose_texts)],
    "ldn.TitrationPlan.instructions": [method(PLAN, Good(amounts))],
    "ldn.TitrationPlan.instruction_text": [method(PLAN, Good(amounts))],
    "ldn.TitrationPlan.to_records": [method(DATED, floats=st.booleans())],
    "ldn.MissingExtraError": [error_fields],
    # -- formulations and supply ---------------------------------------------------------
    "ldn.Filler": [call("ginger")],
    "ldn.formulation.to_filler": [call("Sucrose")],
    "ldn.choose_filler": [call(st.lists(st.sampled_from(["cellulose", "sucrose", "ginger"])))],
    "ldn.formulation.suitable_filler": [
        call(st.lists(st.sampled_from(["cellulose", "sucrose", "ginger"])))
    ],
    "ldn.Filler.named_in": [call(st.sampled_from(["MCC", "milk sugar", "E 460", "x"]))],
    "ldn.Filler.other_excipients_in": [call(st.sampled_from(["starch", "E 171", "x"]))],
    "ldn.Filler.set_of": [call(st.lists(st.sampled_from(["Avicel", "sugar", "lactose"])))],
    "ldn.Filler.coded": [call(st.just("http://fdasis.nlm.nih.gov"), st.just("OP1R32D61U"))],
    "ldn.Capsule": [call(dose_texts, "ginger")],
    "ldn.capsules_for": [call(plans, "ginger")],
    "ldn.capsule_counts": [call(plans, days, days)],
    "ldn.Concentration": [call(st.fractions(min_value=Fraction(1, 10**6), max_value=10**6))],
    "ldn.Concentration.of": [call(dose_texts, dose_texts)],
    "ldn.Syringe": [call(st.sampled_from(["1", "3", "10"]), st.sampled_from(["0.01", "0.1", "1"]))],
    "ldn.Syringe.holds": [method(Syringe("3", "0.1"), st.fractions())],
    "ldn.Syringe.measures": [method(Syringe("3", "0.1"), st.fractions())],
    "ldn.formulation.as_syringes": [call(st.just([Syringe("3", "0.1"), Syringe("1", "0.01")]))],
    "ldn.LiquidDose": [fields_of(LIQUID.measure("1.5"))],
    "ldn.OralLiquid": [call(dose_texts, dose_texts)],
    "ldn.OralLiquid.from_tablet": [call(dose_texts, dose_texts, policy=MONOGRAPH)],
    "ldn.OralLiquid.measure": [method(LIQUID, dose_texts, st.just([Syringe("3", "0.1")]))],
    "ldn.OralLiquid.nearest_measurable": [method(LIQUID, dose_texts)],
    "ldn.OralLiquid.volume_ml": [method(LIQUID, dose_texts)],
    "ldn.OralLiquid.label": [method(LIQUID, dose_texts)],
    "ldn.OralLiquid.instruction": [method(LIQUID, dose_texts)],
    "ldn.OralLiquid.days_supply": [method(LIQUID, dose_texts)],
    "ldn.OralLiquid.bottle_lasts": [method(LIQUID, plans, days)],
    "ldn.OralLiquid.bottles_for": [method(LIQUID, plans, days, days)],
    "ldn.OralLiquid.bottles": [method(LIQUID, plans, days, days, half_tablets=st.booleans())],
    "ldn.OralLiquid.bottle_counts": [method(LIQUID, plans, days, days, half_tablets=st.booleans())],
    "ldn.OralLiquid.tablets_for": [method(LIQUID, plans, days, days, half_tablets=st.booleans())],
    "ldn.formulation.Bottle": [call(st.integers(-1, 400), st.integers(-1, 30), st.booleans())],
    "ldn.formulation.liquid_handling": [call(st.sampled_from([MONOGRAPH]))],
    "ldn.water_volumes_for": [
        call(plans, st.just([Syringe("3", "0.1")]), tablet_mg="50", smallest=50, largest=60),
        call(st.lists(dose_texts, max_size=3), smallest=1, largest=st.integers(1, 50), step=1),
    ],
    "ldn.formulation.HandlingInstruction": [fields_of(HANDLING[0])],
    "ldn.formulation.ReportedCost": [fields_of(REPORTED_CAPSULE_COST)],
    "ldn.formulation.ReportedCost.per_day": [method(REPORTED_CAPSULE_COST)],
    "ldn.formulation.ReportedSupplier": [fields_of(REPORTED_SUPPLY.suppliers[0])],
    "ldn.formulation.SupplyReport": [fields_of(REPORTED_SUPPLY)],
    # -- regimens --------------------------------------------------------------------
    "ldn.advise_formulation": [
        call(
            manages_liquid=st.sampled_from([True, False, None]),
            filler_sensitivities=st.just(["cellulose"]),
            plan=plans,
            liquid=LIQUID,
            syringes=st.just([Syringe("3", "0.1")]),
        )
    ],
    "ldn.FormulationAdvice": [fields_of(ADVICE)],
    "ldn.FormulationAdvice.regimen": [method(ADVICE, plans)],
    "ldn.Recommendation": [fields_of(ADVICE.recommendations[0])],
    "ldn.regimen.Phase": [call("titration")],
    "ldn.regimen.Form": [call("capsules")],
    "ldn.Regimen": [fields_of(REGIMEN), call(plans, "ginger", LIQUID, st.booleans())],
    "ldn.Regimen.form_on": [method(REGIMEN, days)],
    "ldn.Regimen.liquid_dose_on": [method(REGIMEN, days)],
    "ldn.Regimen.amount_on": [method(REGIMEN, days)],
    "ldn.Regimen.supply_between": [method(REGIMEN, days, days)],
    "ldn.Regimen.supply": [method(REGIMEN, maintenance_days=st.integers(0, 400), first=days)],
    "ldn.Regimen.bottles": [method(REGIMEN, days, days)],
    "ldn.Regimen.segments": [method(REGIMEN)],
    "ldn.Dispense": [fields_of(DISPENSE)],
    # -- charts ----------------------------------------------------------------------------
    "ldn.chart.chart_html": [
        call(st.sampled_from([DATED, REGIMEN]), through=days, title=st.text(min_size=1))
    ],
    "ldn.chart.chart_text": [
        call(plans, through=st.integers(0, 100), start_date=frozen_dates, title="t")
    ],
    "ldn.chart.plan_svg": [call(plans)],
    "ldn.chart.chart": [call(st.sampled_from([DATED, REGIMEN]), through=days, title="t")],
    "ldn.chart.Chart": [fields_of(ldn.chart.chart(DATED, through=10))],
    # -- screening ----------------------------------------------------------------------
    "ldn.Patient": [fields_of(PATIENT)],
    "ldn.screen": [
        call(
            st.builds(Patient, st.lists(st.sampled_from(["morphine", "naltrexone", "x"]))),
            MONOGRAPH,
            vocabulary=VOCABULARY,
        ),
        call(
            st.builds(
                Patient,
                st.lists(
                    st.builds(
                        Medication,
                        st.sampled_from(["methadone", "OxyContin", "x"]),
                        status=st.sampled_from(["current", "stopped"]),
                        last_taken=st.one_of(st.none(), st.dates()),
                    )
                ),
                unreadable=st.lists(
                    st.builds(Unreadable, st.text("ab", min_size=1), st.text("ab", min_size=1))
                ),
            ),
            as_of=st.one_of(st.none(), st.dates()),
        ),
    ],
    "ldn.screen_many": [
        call(
            st.one_of(
                st.lists(st.sampled_from([PATIENT, Patient(["morphine"], opioid_use=False)])),
                st.dictionaries(st.text(max_size=3), st.just(PATIENT), max_size=3),
                st.lists(
                    st.tuples(
                        st.integers(0, 3),
                        st.sampled_from(["morphine", MEDICATION, Coding("s", "1"), "x"]),
                    ),
                    max_size=6,
                ),
                st.lists(st.tuples(hostile, hostile), max_size=3),
                st.lists(hostile, max_size=3),
            ),
            vocabulary=VOCABULARY,
            as_of=st.one_of(st.none(), st.dates()),
        ),
        call(hostile, policy=hostile, as_of=hostile, vocabulary=hostile),
    ],
    "ldn.Unreadable": [call(st.text(min_size=1), st.text(min_size=1), st.booleans())],
    "ldn.MedicationStatus": [call(st.sampled_from(["current", "stopped"]))],
    "ldn.Severity": [call("caution")],
    "ldn.Course": [call(st.sampled_from(["new-start", "continuation", "restart"]))],
    "ldn.LdnUse": [
        fields_of(USE),
        call(hostile, hostile, last_taken=hostile, daily_dose=hostile, ends=hostile),
    ],
    "ldn.LdnUse.continues": [method(USE, st.one_of(st.none(), st.dates()), MONOGRAPH)],
    "ldn.LdnCourse": [fields_of(ldn.course_of([USE], as_of=dt.date(2026, 12, 3)))],
    "ldn.course_of": [
        call(st.lists(st.just(USE), max_size=3), as_of=st.one_of(st.none(), st.dates())),
        call(hostile, as_of=hostile, policy=hostile),
    ],
    "ldn.Finding": [fields_of(FINDING)],
    "ldn.Finding.to_cds_card": [method(FINDING, st.text(max_size=10))],
    "ldn.ScreeningReport": [fields_of(REPORT)],
    "ldn.ScreeningReport.to_cds_cards": [method(REPORT, st.text(max_size=10))],
    "ldn.Coding": [call("http://www.whocc.no/atc", "N02AA05", "oxycodone")],
    "ldn.Medication": [fields_of(MEDICATION)],
    "ldn.Medication.of": [call("morphine")],
    "ldn.Medication.with_history": [method(MEDICATION, hostile, st.one_of(st.dates(), hostile))],
    "ldn.medication.canonical_system": [call("http://www.whocc.no/atc")],
    "ldn.opioids.Source": [fields_of(VOCABULARY.sources[0])],
    "ldn.opioids.Substance": [fields_of(SUBSTANCE)],
    "ldn.opioids.SubstanceKind": [call("opioid")],
    "ldn.opioids.Product": [fields_of(VOCABULARY.products[0])],
    "ldn.opioids.ReleaseWord": [fields_of(VOCABULARY.release_words[0])],
    "ldn.opioids.KnownCode": [fields_of(VOCABULARY.codes[0])],
    "ldn.opioids.OpioidMatch": [fields_of(VOCABULARY.read("morphine").opioids[0])],
    "ldn.opioids.Reading": [fields_of(VOCABULARY.read("OxyContin"))],
    "ldn.opioids.Scan": [fields_of(VOCABULARY.scan("OxyContin, naltrexone, N02BE51"))],
    "ldn.opioids.Vocabulary": [
        call("v", st.just(VOCABULARY.substances[:3]), (), (), st.just(VOCABULARY.sources[:1]))
    ],
    "ldn.opioids.Vocabulary.substance": [method(VOCABULARY, "morphine")],
    "ldn.opioids.Vocabulary.code_records": [method(SMALL_VOCABULARY)],
    "ldn.opioids.Vocabulary.name_records": [method(SMALL_VOCABULARY)],
    "ldn.opioids.Vocabulary.read": [method(VOCABULARY, st.sampled_from(["morphine", MEDICATION]))],
    "ldn.opioids.Vocabulary.scan": [method(VOCABULARY, st.sampled_from(["morphine", MEDICATION]))],
    "ldn.opioids.Vocabulary.extend": [
        method(
            VOCABULARY,
            name="clinic",
            sources=st.just(VOCABULARY.sources[:1]),
            terms=st.just(["painkiller"]),
        )
    ],
    "ldn.opioids.Lexicon": [call("clinic", st.just(frozenset({"cetirizine", "tablet"})))],
    "ldn.opioids.Lexicon.of": [call("clinic", st.lists(st.text(max_size=20), max_size=3))],
    "ldn.opioids.Lexicon.adding": [
        method(Lexicon.of("c", ["tablet"]), st.lists(st.text(max_size=9)))
    ],
    "ldn.opioids.Lexicon.knows": [method(Lexicon.of("c", ["tablet"]), st.text(max_size=12))],
    "ldn.opioids.Lexicon.unknown_in": [method(Lexicon.of("c", ["tablet"]), st.text(max_size=30))],
    "ldn.opioids.atc_status": [call("N02AA05")],
    "ldn.opioids.default_vocabulary": [call()],
    "ldn.opioids.vocabulary_or_default": [call(st.one_of(st.none(), hostile))],
    "ldn.opioids.find_opioids": [call("oxycodone")],
    "ldn.opioids.fold": [call("Oxy\u00adContin")],
    # -- FHIR --------------------------------------------------------------------------
    "ldn.fhir.medication_request": [
        call(
            plans,
            subject="Patient/1",
            formulation=st.sampled_from([LIQUID, "ginger"]),
            version=st.sampled_from(["R4", "R4B", "R5"]),
            status="active",
            intent="order",
            medication_codings=st.just([MEDICATION.codings[0]]),
        )
    ],
    "ldn.fhir.detected_issue": [
        call(FINDING, subject="Patient/1", identified=st.dates(), version="R4"),
        call(FINDING, subject="Patient/1", identified=st.dates(), canonical=canonicals),
    ],
    "ldn.fhir.detected_issues": [
        call(REPORT, subject="Patient/1", identified=st.dates(), include_info=st.booleans()),
        call(REPORT, subject="Patient/1", identified=st.dates(), canonical=canonicals),
    ],
    "ldn.fhir.Canonical": [
        call(
            st.sampled_from(CANONICAL_BASES),
            docs=st.one_of(st.none(), st.sampled_from(CANONICAL_BASES)),
        ),
        call(st.text(max_size=250), docs=st.text(max_size=250)),
        call(hostile, docs=hostile),
    ],
    "ldn.fhir.Canonical.rule_url": [
        method(CLINIC, st.sampled_from([*RuleId, "LDN-OPIOID", "LDN-X", ""])),
    ],
    "ldn.fhir.code_systems": [
        call(canonical=canonicals, version=st.sampled_from(["R4", "R4B", "R5"])),
    ],
    "ldn.fhir.regimen_requests": [
        call(REGIMEN, subject="Patient/1", version="R4B", status="draft", intent="plan")
    ],
    "ldn.fhir.to_json": [
        call(st.just(RESOURCE), indent=st.integers(0, 4)),
        call(st.dictionaries(st.text(max_size=5), json_values, max_size=4)),
    ],
    "ldn.fhir.patient_from_fhir": [
        call(
            json_values,
            as_of=st.dates(),
            opioid_use=st.sampled_from([True, False, None]),
            strict=st.booleans(),
            confirmation_codes=st.one_of(st.none(), st.just([MEDICATION.codings[0]])),
        ),
        call(st.sampled_from(HISTORY_RECORDS), as_of=st.one_of(st.none(), st.dates())),
        call(
            st.fixed_dictionaries(
                {"resourceType": st.just("Bundle"), "entry": st.lists(json_values, max_size=5)}
            )
        ),
    ],
    "ldn.fhir.patient_and_course": [
        call(
            json_values,
            as_of=st.dates(),
            opioid_use=st.sampled_from([True, False, None]),
            strict=st.booleans(),
            vocabulary=st.one_of(st.none(), st.just(VOCABULARY)),
        ),
        call(st.sampled_from(HISTORY_RECORDS), as_of=st.one_of(st.none(), st.dates())),
    ],
    "ldn.fhir.ldn_course": [
        call(json_values, as_of=st.one_of(st.none(), st.dates()), policy=MONOGRAPH),
        call(st.sampled_from(HISTORY_RECORDS), as_of=hostile, vocabulary=hostile),
    ],
    "ldn.fhir.confirmation_codes_of": [
        call(hostile),
        call(st.just([MEDICATION.codings[0]])),
        call(st.none(), canonical=canonicals),
    ],
    "ldn.fhir.confirmation_observation": [
        call(
            st.sampled_from(["Patient/1", "Patient/", "x"]),
            on=st.dates(),
            opioid_use=st.booleans(),
            performer=st.sampled_from([None, "Practitioner/1", "x"]),
        ),
        call(hostile, on=hostile, opioid_use=hostile, performer=hostile, code=hostile),
        call("Patient/1", on=st.dates(), code=st.none(), canonical=canonicals),
    ],
    "ldn.fhir.Resources": [
        call(json_values, strict=st.booleans()),
        call(st.just([RESOURCE])),
        call(st.fixed_dictionaries({"resourceType": st.just("Bundle"), "entry": json_values})),
    ],
    "ldn.fhir.Reader": [call(st.just(DRAFTS))],
    "ldn.fhir.Reader.medications": [
        method(Reader(DRAFTS), st.text(max_size=10), st.one_of(json_values, st.just(RESOURCE))),
        method(Reader(DRAFTS), hostile, hostile),
    ],
    "ldn.fhir.Reader.resolve": [
        method(
            Reader(DRAFTS), st.one_of(json_values, st.just(RESOURCE)), hostile, st.text(max_size=5)
        )
    ],
    "ldn.fhir.Reader.resolve_all": [
        method(Reader(DRAFTS), hostile, st.sampled_from(["#med", "Medication/x", None]), hostile)
    ],
    "ldn.fhir.read_draft_order": [
        call(st.just(Reader(DRAFTS)), st.just(RESOURCE), st.text(max_size=20)),
        call(st.just(Reader(DRAFTS)), st.sampled_from(DRAFT_ORDERS), "MedicationRequest[0]"),
    ],
    "ldn.fhir.DraftOrder": [fields_of(DRAFT)],
    "ldn.fhir.DosageStep": [fields_of(DRAFT.steps[0])],
    "ldn.fhir.OrderedProduct": [fields_of(DRAFT.product)],
    # -- CDS Hooks ---------------------------------------------------------------------------
    "ldn.cds.discovery": [call(), call(confirmation_codes=hostile), call(canonical=canonicals)],
    "ldn.cds.CardSource": [
        call(st.text(max_size=90), st.sampled_from(["https://x.example", "x"]), hostile),
        fields_of(ldn.cds.DEFAULT_SOURCE),
    ],
    "ldn.cds.CardSource.to_json": [method(ldn.cds.DEFAULT_SOURCE)],
    "ldn.cds.respond": [
        call(
            hook_requests,
            policy=MONOGRAPH,
            as_of=st.dates(),
            counselling=st.booleans(),
            vocabulary=VOCABULARY,
            confirmation_codes=st.one_of(st.none(), st.just([MEDICATION.codings[0]])),
            canonical=canonicals,
        ),
        call(hook_requests.flatmap(spoiled), as_of=st.one_of(st.none(), st.dates())),
        call(hook_requests, source=hostile, confirmation_codes=hostile),
        call(
            st.dictionaries(
                st.sampled_from(["hook", "hookInstance", "context", "prefetch", "fhirServer"]),
                json_values,
                max_size=5,
            )
        ),
    ],
    "ldn.HookRequestError": [error_fields],
    "ldn.PrefetchMissingError": [error_fields],
    # -- hypothesis strategies (built, not drawn) -----------------------------------------
    "ldn.strategies.doses": [call(Dose("0.5"), Dose("4.5"))],
    "ldn.strategies.half_mg_doses": [call(Dose("4.5"))],
    "ldn.strategies.patients": [call(st.sampled_from([True, False, None]))],
    "ldn.strategies.plans": [call(MONOGRAPH)],
    "ldn.strategies.policies": [call()],
    "ldn.strategies.titrate_kwargs": [call(MONOGRAPH)],
    "ldn.strategies.volumes": [call()],
}


def resolve(name: str) -> object:
    """The object a dotted name stands for: a module attribute, or a class attribute."""
    parts = name.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for attribute in parts[split:]:
            found = getattr(found, attribute)
        return found
    raise LookupError(name)  # pragma: no cover - every name starts with "ldn"


def public_callables() -> dict[str, object]:
    """Every callable named in the ``__all__`` of ``ldn`` and of its public submodules."""
    modules = ["ldn"] + [
        f"ldn.{info.name}" for info in pkgutil.iter_modules(ldn.__path__) if info.name[0] != "_"
    ]
    found = {}
    for module_name in modules:
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            if callable(value) and type(value).__module__ != "typing":
                found[f"{module_name}.{name}"] = value
    return found


def test_every_public_callable_is_registered() -> None:
    registered = {id(resolve(name)) for name in REGISTRY}
    missing = sorted(
        name for name, value in public_callables().items() if id(value) not in registered
    )
    assert not missing, f"public callables with no entry in REGISTRY: {missing}"
    assert len(public_callables()) > 100  # the walk found the submodules


def test_the_registry_names_only_public_callables() -> None:
    for name in REGISTRY:
        assert callable(resolve(name)), name
        assert not any(part.startswith("_") for part in name.split(".")[:-1]), name


def run(function: Callable[..., object], arguments: Call, ambient: Context) -> None:
    """Call once under ``ambient``: a value or an LdnError, in time, briefly worded."""
    args, kwargs = arguments
    refused: LdnError | None = None
    collecting = gc.isenabled()
    gc.disable()
    start = time.process_time()
    try:
        with localcontext(ambient):
            result = function(*args, **kwargs)
            if isinstance(result, Iterator):
                result = list(itertools.islice(result, 3))
            str(result), repr(result)
    except LdnError as error:
        refused = error
    except OwnError:
        pass  # the caller's own iterator failed, and said so
    finally:
        elapsed = time.process_time() - start
        if collecting:
            gc.enable()
    assert elapsed < TIME_BOUND, f"took {elapsed:.2f} s"
    if refused is not None:
        assert isinstance(refused, ValueError | TypeError)
        assert len(str(refused)) <= MAX_MESSAGE, str(refused)[:300]


CASES = [(name, index) for name, strategies in REGISTRY.items() for index in range(len(strategies))]


@pytest.mark.parametrize(("name", "index"), CASES, ids=[f"{n}[{i}]" for n, i in CASES])
def test_any_argument_gives_a_value_or_an_ldn_error(name: str, index: int) -> None:
    function = resolve(name)
    assert callable(function)

    @settings(
        max_examples=EXAMPLES,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        deadline=None,
    )
    @given(arguments=REGISTRY[name][index], ambient=ambient_contexts())
    def check(arguments: Call, ambient: Context) -> None:
        run(function, arguments, ambient)

    check()


def test_the_check_itself_fails_on_a_foreign_exception() -> None:
    """A negative control: ``run`` lets anything but an LdnError or OwnError through."""

    def broken(value: object) -> None:
        raise AttributeError("not an LdnError")

    with pytest.raises(AttributeError):
        run(broken, ((1,), {}), Context())

    def busy() -> None:
        end = time.process_time() + TIME_BOUND
        while time.process_time() < end:
            pass

    with pytest.raises(AssertionError, match=r"took \d+\.\d\d s"):
        run(busy, ((), {}), Context())
    assert gc.isenabled()  # the collector runs again after a call, even a failed one
