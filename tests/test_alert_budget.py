"""The alert budget: realistic CDS Hooks requests and the exact cards each must get.

Each file of ``tests/corpus/cds_scenarios/`` is one patient: one or two full CDS Hooks
2.0 requests (``order-select``, ``order-sign``) with the prefetch the services ask
for, the ``as_of`` date passed to :func:`ldn.cds.respond`, and for each request the
cards it must get, as ``[indicator, topic code]`` pairs (``expect.cards``, compared
as a multiset: a missing card and an extra one both fail) and cards it must not get
(``expect.absent``). Where each resource's shape comes from is in the file's
``source``; what the scenario shows is in its ``title`` and ``description``. Every
record and draft order passes HL7's R4 package (:mod:`tests.support.fhir_validator`).

Every request whose cards include ``opioid-use-unconfirmed`` is then sent again after
one click on that card's suggestion (the confirmation Observation it creates, returned
by the next prefetch): it must get every other card and not that one, for 7 days
(LDN-CONFIRM). The summary test reports, per request, the cards and the alert
precision on critical cards (expected critical cards among those fired), which must
be 100%, and the total number of cards (``pytest -v`` prints the report). ``docs/alert_budget.inc`` is the table of every scenario and
its card counts, included in the docs; this module checks that it is up to date and
rewrites it::

    python -m tests.test_alert_budget --write   # rewrite docs/alert_budget.inc
    python -m tests.test_alert_budget           # print the report
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ldn.cds import PREFETCH, respond
from ldn.fhir import ORDER_CHECK_DISPLAY
from tests.support.cds_rules import response_problems

# Slow (the whole CDS scenario corpus): .ci/run's slow stage runs it, not the README command.
pytestmark = pytest.mark.corpus

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = Path(__file__).parent / "corpus" / "cds_scenarios"
FILES = sorted(SCENARIOS.glob("*.json"))
TABLE = ROOT / "docs" / "alert_budget.inc"
KEYS = {"name", "title", "description", "source", "as_of", "requests"}
HOOKS = ("order-select", "order-sign")
INDICATORS = ("critical", "warning", "info")
#: The fewest scenarios the budget holds.
MINIMUM = 40
#: Cards the corpus must expect at least once, with their indicators (every order
#: check of ``ORDER_CHECK_DISPLAY`` must be expected too; the counselling cards,
#: info, come only with ``counselling=True`` and are left out).
REQUIRED_CARDS = {
    ("critical", "opioid-use"),
    ("critical", "opioid-recent"),
    ("warning", "opioid-stopped-undated"),
    ("critical", "opioid-use-unconfirmed"),
    ("warning", "opioid-use-unconfirmed"),
    ("warning", "opioid-antagonist"),
    ("warning", "filler-sensitivity"),
    ("warning", "record-unreadable"),
    ("warning", "medication-unrecognised"),
    ("critical", "order-start-dose"),
    ("critical", "order-step-too-large"),
    ("critical", "order-dose-above-maximum"),
    ("critical", "order-rise-too-soon"),
    ("warning", "order-timing"),
    ("warning", "order-filler"),
    ("warning", "order-liquid-unmeasurable"),
    ("warning", "order-unreadable"),
    ("warning", "order-restart"),
    ("warning", "order-duplicate-ldn"),
    ("warning", "order-last-dose-unknown"),
    ("warning", "peripheral-opioid"),
}

Pair = tuple[str, str]


def load(path: Path) -> dict[str, Any]:
    scenario: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return scenario


def pairs(items: list[list[str]]) -> list[Pair]:
    return [(indicator, code) for indicator, code in items]


def cases() -> list[tuple[str, int, str]]:
    """(file name, request index, hook) of every request of every scenario."""
    return [
        (path.stem, index, each["request"]["hook"])
        for path in FILES
        for index, each in enumerate(load(path)["requests"])
    ]


CASES = cases()
#: Scenarios whose expected cards follow a DESIGN.md decision the code does not make yet,
#: each with why. Their card tests are strict expected failures (they fail the day the
#: code catches up, so the entry is removed then) and the precision summary leaves them
#: out by name.
PENDING: dict[str, str] = {}


def params(cases: list[tuple[str, int, str]]) -> list[Any]:
    """The cases as pytest parameters, the pending ones marked strict expected failures."""
    return [
        pytest.param(
            *case,
            id=f"{case[0]}[{case[2]}]",
            marks=[pytest.mark.xfail(strict=True, reason=PENDING[case[0]])]
            if case[0] in PENDING
            else [],
        )
        for case in cases
    ]


def fired(path_stem: str, index: int) -> tuple[dict[str, Any], list[Pair]]:
    """The response to one request and its cards as (indicator, topic code) pairs."""
    scenario = load(SCENARIOS / f"{path_stem}.json")
    request = copy.deepcopy(scenario["requests"][index]["request"])
    response = respond(request, as_of=dt.date.fromisoformat(scenario["as_of"]))
    got = [(card["indicator"], card["source"]["topic"]["code"]) for card in response["cards"]]
    return response, got


def expected(path_stem: str, index: int) -> tuple[list[Pair], list[Pair]]:
    expect = load(SCENARIOS / f"{path_stem}.json")["requests"][index]["expect"]
    return pairs(expect["cards"]), pairs(expect["absent"])


def shown(cards: list[Pair]) -> str:
    return ", ".join(f"{indicator} {code}" for indicator, code in sorted(cards)) or "none"


# ---------------------------------------------------------------- the corpus itself


def test_the_budget_holds_enough_scenarios() -> None:
    assert len(FILES) >= MINIMUM, f"{len(FILES)} scenarios, at least {MINIMUM} wanted"


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_scenario_file_is_well_formed(path: Path) -> None:
    scenario = load(path)
    assert set(scenario) == KEYS, f"members: {sorted(scenario)}"
    assert scenario["name"] == path.stem
    assert scenario["title"].strip()
    assert scenario["description"].strip()
    assert scenario["source"]
    assert all(isinstance(s, str) and s for s in scenario["source"])
    dt.date.fromisoformat(scenario["as_of"])
    hooks = [each["request"]["hook"] for each in scenario["requests"]]
    assert hooks
    assert len(set(hooks)) == len(hooks), "a hook twice"
    assert set(hooks) <= set(HOOKS)
    for each in scenario["requests"]:
        assert set(each) == {"request", "expect"}
        assert set(each["expect"]) == {"cards", "absent"}
        cards, absent = pairs(each["expect"]["cards"]), pairs(each["expect"]["absent"])
        assert all(indicator in INDICATORS for indicator, _ in cards + absent)
        assert not set(cards) & set(absent), "a card both expected and forbidden"
        request = each["request"]
        assert {"hook", "hookInstance", "context", "prefetch"} <= set(request)
        context = request["context"]
        assert {"userId", "patientId", "draftOrders"} <= set(context)
        assert ("selections" in context) == (request["hook"] == "order-select")


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_scenario_sends_every_prefetch_the_services_ask_for(path: Path) -> None:
    """A key may be null (no data), never missing: a missing key is HTTP 412."""
    for each in load(path)["requests"]:
        missing = set(PREFETCH) - set(each["request"]["prefetch"])
        assert not missing, f"{each['request']['hook']}: prefetch lacks {sorted(missing)}"


#: Invariants fhirpathpy cannot evaluate on some corpus resources: tim-9 compares a
#: list of ``when`` codes with ``in`` (two codes: morning and bedtime).
UNEVALUATED = {"tim-9"}


@pytest.mark.validator
def test_every_resource_of_the_corpus_passes_the_fhir_validator() -> None:
    """The records and draft orders are real R4 shapes: HL7's R4 package accepts each."""
    from tests.support import fhir_validator as fv

    if os.environ.get("LDN_MUTATION") == "1":
        pytest.skip("tools/mutation.sh leaves the HL7 validator out")
    failures = []
    checked: set[str] = set()
    for path in FILES:
        scenario = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        for each in scenario["requests"]:
            request = each["request"]
            bundles = [*request["prefetch"].values(), request["context"]["draftOrders"]]
            for bundle in filter(None, bundles):
                for entry in bundle["entry"]:
                    resource = entry["resource"]
                    key = f"{resource['resourceType']}/{resource['id']}@{path.stem}"
                    if key in checked:
                        continue
                    checked.add(key)
                    outcome = fv.validate(resource, "R4")
                    unevaluated = outcome.rules("unevaluated") - UNEVALUATED
                    if outcome.errors or unevaluated:
                        failures.append(f"{key}: {outcome}")
    assert not failures, "\n".join(failures)


def test_the_corpus_covers_every_card_and_both_hooks() -> None:
    seen: set[Pair] = set()
    hooks: set[str] = set()
    nulls = 0
    for path in FILES:
        for each in load(path)["requests"]:
            seen |= set(pairs(each["expect"]["cards"]))
            hooks.add(each["request"]["hook"])
            nulls += any(value is None for value in each["request"]["prefetch"].values())
    assert seen >= REQUIRED_CARDS, f"never expected: {sorted(REQUIRED_CARDS - seen)}"
    unchecked = set(ORDER_CHECK_DISPLAY) - {code for _, code in seen}
    assert not unchecked, f"order checks no scenario expects: {sorted(unchecked)}"
    assert hooks == set(HOOKS)
    assert nulls, "no request sends a null prefetch"


# ---------------------------------------------------------------- the cards


@pytest.mark.parametrize(("name", "index", "hook"), params(CASES))
def test_scenario_gets_exactly_its_cards(name: str, index: int, hook: str) -> None:
    response, got = fired(name, index)
    cards, absent = expected(name, index)
    assert response_problems(response) == []
    extra = Counter(got) - Counter(cards)
    lacking = Counter(cards) - Counter(got)
    assert Counter(got) == Counter(cards), (
        f"{name} [{hook}]\n  expected: {shown(cards)}\n  got:      {shown(got)}\n"
        f"  extra:    {shown(list(extra.elements()))}\n"
        f"  missing:  {shown(list(lacking.elements()))}"
    )
    forbidden = sorted(set(got) & set(absent))
    assert not forbidden, f"{name} [{hook}]: forbidden cards fired: {shown(forbidden)}"


UNCONFIRMED = "opioid-use-unconfirmed"
#: Opioid use the record itself shows: the unconfirmed card then offers no one-click record
#: that the patient takes none.
SHOWN_USE = {"opioid-use", "opioid-recent"}
CONFIRMABLE = [
    case
    for case in CASES
    if UNCONFIRMED in (codes := {c for _, c in expected(*case[:2])[0]}) and not codes & SHOWN_USE
]
SHOWN = [
    case
    for case in CASES
    if UNCONFIRMED in (codes := {c for _, c in expected(*case[:2])[0]}) and codes & SHOWN_USE
]


@pytest.mark.parametrize(("name", "index", "hook"), params(SHOWN))
def test_no_record_of_no_opioid_is_offered_while_the_record_shows_use(
    name: str, index: int, hook: str
) -> None:
    response, _ = fired(name, index)
    card = next(c for c in response["cards"] if c["source"]["topic"]["code"] == UNCONFIRMED)
    assert "suggestions" not in card, f"{name} [{hook}]"


def recorded(name: str, index: int) -> tuple[dict[str, Any], dt.date]:
    """The request again, after one click on the unconfirmed card's suggestion.

    The suggestion's create action holds the confirmation Observation; the client
    stores it, and the next request's prefetch returns it.
    """
    scenario = load(SCENARIOS / f"{name}.json")
    request = copy.deepcopy(scenario["requests"][index]["request"])
    as_of = dt.date.fromisoformat(scenario["as_of"])
    card = next(
        card
        for card in respond(copy.deepcopy(request), as_of=as_of)["cards"]
        if card["source"]["topic"]["code"] == UNCONFIRMED
    )
    created = [
        action["resource"]
        for suggestion in card.get("suggestions", [])
        for action in suggestion["actions"]
        if action["type"] == "create" and action.get("resource", {}).get("resourceType")
    ]
    assert len(created) == 1, f"{name}: the unconfirmed card offers {len(created)} records"
    observation = created[0] | {"id": "recorded-confirmation"}
    bundle = request["prefetch"]["opioidUseObservations"] or {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [],
    }
    bundle["entry"] = [*bundle.get("entry", []), {"resource": observation}]
    request["prefetch"]["opioidUseObservations"] = bundle
    return request, as_of


@pytest.mark.parametrize(("name", "index", "hook"), params(CONFIRMABLE))
def test_recording_the_confirmation_quiets_the_next_seven_days(
    name: str, index: int, hook: str
) -> None:
    """LDN-CONFIRM as data: the card's one suggestion records the confirmation, and
    the same order then gets every other card but the unconfirmed one, for 7 days."""
    request, as_of = recorded(name, index)
    cards, _ = expected(name, index)
    again = respond(copy.deepcopy(request), as_of=as_of)
    got = [(card["indicator"], card["source"]["topic"]["code"]) for card in again["cards"]]
    assert Counter(got) == Counter(pair for pair in cards if pair[1] != UNCONFIRMED), (
        f"{name} [{hook}] after recording: {shown(got)}"
    )
    for days, back in ((7, False), (8, True)):
        later = respond(copy.deepcopy(request), as_of=as_of + dt.timedelta(days=days))
        codes = {card["source"]["topic"]["code"] for card in later["cards"]}
        assert (UNCONFIRMED in codes) is back, f"{name} [{hook}] {days} days later: {codes}"


def measure() -> list[dict[str, Any]]:
    """One row per request: expected and fired cards, critical precision and recall."""
    rows = []
    for name, index, hook in CASES:
        cards, _ = expected(name, index)
        try:
            _, got = fired(name, index)
            error = None
        except Exception as raised:  # the report names it; the card test fails on it
            got, error = [], f"{type(raised).__name__}: {raised}"
        want = Counter(pair for pair in cards if pair[0] == "critical")
        fire = Counter(pair for pair in got if pair[0] == "critical")
        hit = sum((want & fire).values())
        rows.append(
            {
                "scenario": name,
                "hook": hook,
                "expected": cards,
                "fired": got,
                "error": error,
                "critical_fired": sum(fire.values()),
                "critical_expected": sum(want.values()),
                "critical_hit": hit,
                "total": len(got),
            }
        )
    return rows


def percent(part: int, whole: int) -> str:
    return "n/a" if whole == 0 else f"{100 * part / whole:.0f}%"


def block(row: dict[str, Any]) -> str:
    """One request's lines of the report: cards, critical precision and recall."""
    precision = percent(row["critical_hit"], row["critical_fired"])
    recall = percent(row["critical_hit"], row["critical_expected"])
    state = "ok" if Counter(row["fired"]) == Counter(row["expected"]) else "DIFFERS"
    return (
        f"{row['scenario']} [{row['hook']}] {state}: {row['total']} cards; critical "
        f"precision {precision}, recall {recall}\n    fired:    {shown(row['fired'])}"
        + ("" if state == "ok" else f"\n    expected: {shown(row['expected'])}")
        + (f"\n    error:    {row['error']}" if row["error"] else "")
    )


def report(rows: list[dict[str, Any]]) -> str:
    """The per-request report, then the corpus totals: cards, critical precision (hit / fired)."""
    fired_c = sum(row["critical_fired"] for row in rows)
    hit = sum(row["critical_hit"] for row in rows)
    want = sum(row["critical_expected"] for row in rows)
    total = sum(row["total"] for row in rows)
    return "\n".join(
        [
            *map(block, rows),
            f"\n{len(rows)} requests, {total} cards ({fired_c} critical); critical precision "
            f"{percent(hit, fired_c)} ({hit}/{fired_c}), recall {percent(hit, want)} ({hit}/{want})",
        ]
    )


def test_alert_precision_on_critical_cards_is_complete(request: pytest.FixtureRequest) -> None:
    """Every critical card fired is expected (precision 100%) and every expected one fires."""
    rows = measure()
    if request.config.getoption("verbose") > 0:
        print("\n" + report(rows))
    assert set(PENDING) <= {row["scenario"] for row in rows}
    wrong = [
        block(row)
        for row in rows
        if row["scenario"] not in PENDING
        and (
            row["critical_hit"] != row["critical_fired"]
            or row["critical_hit"] != row["critical_expected"]
        )
    ]
    assert not wrong, "critical cards differ:\n" + "\n".join(wrong)


# ---------------------------------------------------------------- the docs table


def _rst(text: str) -> str:
    """Plain text in an RST table cell: no character read as markup."""
    for special in ("\\", "*", "`", "|", "_"):
        text = text.replace(special, f"\\{special}")
    return text


def table() -> str:
    """``docs/alert_budget.inc``: every scenario, its hook and its expected card counts."""
    lines = [
        ".. Generated by `python -m tests.test_alert_budget --write` from",
        "   tests/corpus/cds_scenarios/; do not edit by hand.",
        "",
        ".. list-table:: The alert budget: cards per scenario (each checked exactly by "
        "tests/test_alert_budget.py)",
        "   :header-rows: 1",
        "   :widths: 28 12 42 6 6 6",
        "",
        "   * - Scenario",
        "     - Hook",
        "     - What it tests",
        "     - Critical",
        "     - Warning",
        "     - Info",
    ]
    totals: Counter[str] = Counter()
    requests = 0
    for path in FILES:
        scenario = load(path)
        for each in scenario["requests"]:
            counts = Counter(indicator for indicator, _ in pairs(each["expect"]["cards"]))
            totals += counts
            requests += 1
            lines += [
                f"   * - ``{scenario['name']}``",
                f"     - ``{each['request']['hook']}``",
                f"     - {_rst(scenario['title'])}",
                *(f"     - {counts[indicator]}" for indicator in INDICATORS),
            ]
    lines += [
        f"   * - {len(FILES)} scenarios",
        f"     - {requests} requests",
        f"     - {sum(totals.values())} cards in all",
        *(f"     - {totals[indicator]}" for indicator in INDICATORS),
    ]
    return "\n".join(lines) + "\n"


def test_the_docs_table_is_up_to_date() -> None:
    assert TABLE.exists(), "run: python -m tests.test_alert_budget --write"
    assert TABLE.read_text(encoding="utf-8") == table(), (
        "docs/alert_budget.inc is out of date; run: python -m tests.test_alert_budget --write"
    )


def main(arguments: list[str]) -> int:
    if arguments == ["--write"]:
        TABLE.write_text(table(), encoding="utf-8")
        print(f"wrote {TABLE.relative_to(ROOT)}")
        return 0
    if arguments:
        print("usage: python -m tests.test_alert_budget [--write]", file=sys.stderr)
        return 2
    print(report(measure()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
