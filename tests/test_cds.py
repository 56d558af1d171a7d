"""``ldn.cds``: CDS Hooks discovery and responses, checked against the CDS Hooks 2.0 rules."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
import os
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ldn
from ldn import HookRequestError, LdnError, LdnTypeError, PrefetchMissingError
from ldn.cds import (
    ORDER_CHECK_DISPLAY,
    ORDER_SELECT,
    ORDER_SIGN,
    PREFETCH,
    discovery,
    respond,
)
from ldn.cds._cards import escape_markdown as _escape
from ldn.cds._order_checks import shown_mg as _mg
from ldn.fhir import FINDING_DISPLAY, medication_request, to_json
from ldn.fhir._orders import _json_number as _number
from ldn.strategies import plans
from tests.support.cds_rules import card_problems, discovery_problems, response_problems

GOLDEN = Path(__file__).parent / "golden"
INSTANCE = "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"
PLAN = ldn.titrate(start="1.5", step="1.5", interval_days=14, target="4.5")


def bundle(*resources: dict[str, Any], kind: str = "searchset") -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": kind, "entry": [{"resource": r} for r in resources]}


def statement(text: str, status: str = "active") -> dict[str, Any]:
    return {
        "resourceType": "MedicationStatement",
        "status": status,
        "medicationCodeableConcept": {"text": text},
        "subject": {"reference": "Patient/p1"},
    }


def allergy(text: str) -> dict[str, Any]:
    return {
        "resourceType": "AllergyIntolerance",
        "code": {"text": text},
        "patient": {"reference": "Patient/p1"},
    }


def ldn_order(
    plan: ldn.TitrationPlan = PLAN, identifier: str = "ldn-1", **kwargs: Any
) -> dict[str, Any]:
    """An exported plan as the JSON a client sends (floats where FHIR has decimals)."""
    exported = medication_request(plan, subject="Patient/p1", **kwargs) | {"id": identifier}
    parsed: dict[str, Any] = json.loads(to_json(exported))
    return parsed


def request(
    hook: str = "order-select",
    orders: tuple[dict[str, Any], ...] | None = None,
    statements: tuple[dict[str, Any], ...] = (),
    allergies: tuple[dict[str, Any], ...] = (),
    requests: tuple[dict[str, Any], ...] = (),
    selections: list[str] | None = None,
    dispenses: tuple[dict[str, Any], ...] = (),
    administrations: tuple[dict[str, Any], ...] = (),
    observations: tuple[dict[str, Any], ...] = (),
) -> dict[str, Any]:
    orders = (ldn_order(),) if orders is None else orders
    context: dict[str, Any] = {
        "userId": "Practitioner/example",
        "patientId": "p1",
        "draftOrders": bundle(*orders, kind="collection"),
    }
    if hook == "order-select":
        context["selections"] = (
            [f"MedicationRequest/{o['id']}" for o in orders if "id" in o]
            if selections is None
            else selections
        )
    return {
        "hook": hook,
        "hookInstance": INSTANCE,
        "context": context,
        "prefetch": {
            "medicationRequests": bundle(*requests),
            "medicationStatements": bundle(*statements),
            "medicationDispenses": bundle(*dispenses),
            "medicationAdministrations": bundle(*administrations),
            "allergies": bundle(*allergies),
            "opioidUseObservations": bundle(*observations),
        },
    }


def codes(response: dict[str, Any]) -> list[str]:
    return [card["source"]["topic"]["code"] for card in response["cards"]]


def checked(hook_request: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """respond(), with the response held to the CDS Hooks rules."""
    response = respond(hook_request, **kwargs)
    assert response_problems(response) == []
    return response


# -- discovery ------------------------------------------------------------------------------


def test_discovery_names_one_service_per_hook_with_every_prefetch() -> None:
    document = discovery()
    assert discovery_problems(document) == []
    assert [(s["hook"], s["id"]) for s in document["services"]] == [
        ("order-select", ORDER_SELECT),
        ("order-sign", ORDER_SIGN),
    ]
    for service in document["services"]:
        assert service["prefetch"] == dict(PREFETCH)
        assert set(service["prefetch"]) == {
            "medicationRequests",
            "medicationStatements",
            "medicationDispenses",
            "medicationAdministrations",
            "opioidUseObservations",
            "allergies",
        }


def test_discovery_is_fresh_on_every_call() -> None:
    first = discovery()
    first["services"][0]["prefetch"]["allergies"] = "edited"
    assert discovery()["services"][0]["prefetch"]["allergies"] == PREFETCH["allergies"]


def test_the_discovery_checker_rejects_broken_documents() -> None:
    good = discovery()
    assert discovery_problems({"services": "x"}) != []
    for broken in (
        lambda d: d["services"][0].pop("hook"),
        lambda d: d["services"][1].update(id=d["services"][0]["id"]),
        lambda d: d["services"][0]["prefetch"].update(x="Patient/123"),
        lambda d: d["services"][0].update(title=""),
    ):
        document = copy.deepcopy(good)
        broken(document)
        assert discovery_problems(document) != []


# -- golden files ---------------------------------------------------------------------------


def golden_requests() -> dict[str, dict[str, Any]]:
    """One request per hook: a brand-name opioid at select, a filler clash and a fast rise at sign."""
    fast = ldn_order(ldn.titrate(start="1.5", step="1.5", interval_days=14, target="4.5"))
    fast["dosageInstruction"][0]["timing"]["repeat"]["boundsDuration"]["value"] = 5
    return {
        "order-select": request(
            statements=(
                statement("OxyContin 10 mg *modified release*"),
                statement("amitriptyline"),
            ),
        ),
        "order-sign": request(
            "order-sign",
            orders=(fast,),
            statements=(statement("sertraline 50 mg"),),
            allergies=(allergy("microcrystalline cellulose"),),
        ),
    }


AS_OF = dt.date(2026, 12, 3)


def maintenance(identifier: str = "ldn-1") -> dict[str, Any]:
    """A one-step LDN order at 4.5 mg at bedtime (a renewal's shape)."""
    order = ldn_order(identifier=identifier)
    order["dosageInstruction"] = [order["dosageInstruction"][2]]
    order["dosageInstruction"][0].pop("sequence", None)
    return order


def ldn_dispense(mg: str, handed: str = "2026-11-10", days: int = 28) -> dict[str, Any]:
    """A dispense of compounded LDN capsules, one at bedtime."""
    return {
        "resourceType": "MedicationDispense",
        "id": f"dispense-{mg}-{handed}",
        "status": "completed",
        "medicationCodeableConcept": {"text": f"Naltrexone {mg} mg capsules (compounded)"},
        "subject": {"reference": "Patient/p1"},
        "whenHandedOver": handed,
        "daysSupply": {
            "value": days,
            "unit": "d",
            "system": "http://unitsofmeasure.org",
            "code": "d",
        },
        "dosageInstruction": [
            {
                "timing": {
                    "repeat": {"frequency": 1, "period": 1, "periodUnit": "d", "when": ["HS"]}
                },
                "doseAndRate": [
                    {
                        "doseQuantity": {
                            "value": float(mg),
                            "unit": "mg",
                            "system": "http://unitsofmeasure.org",
                            "code": "mg",
                        }
                    }
                ],
            }
        ],
    }


def running_ldn_request() -> dict[str, Any]:
    """An active LDN order in the record whose supply runs to February."""
    order = maintenance("old")
    order["status"] = "active"
    order["authoredOn"] = "2026-11-20"
    order["dispenseRequest"] = {"validityPeriod": {"start": "2026-11-20", "end": "2027-02-20"}}
    return order


def excipients(order: dict[str, Any]) -> None:
    """Another excipient before the filler, and a filler that names two fillers."""
    ingredients = order["contained"][0]["ingredient"]
    ingredients.insert(
        1, {"itemCodeableConcept": {"text": "magnesium stearate"}, "isActive": False}
    )
    ingredients[2]["itemCodeableConcept"] = {"text": "cellulose and sucrose blend"}


def scenario_requests() -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Requests that between them raise every card, with the arguments of respond()."""
    liquid = ldn.OralLiquid.from_tablet()

    def edited(change: Any, **kwargs: Any) -> dict[str, Any]:
        order = ldn_order(**kwargs)
        change(order)
        return order

    def dose(order: dict[str, Any], index: int) -> dict[str, Any]:
        quantity: dict[str, Any] = order["dosageInstruction"][index]["doseAndRate"][0]
        return quantity["doseQuantity"]  # type: ignore[no-any-return]

    def repeat(order: dict[str, Any], index: int) -> dict[str, Any]:
        found: dict[str, Any] = order["dosageInstruction"][index]["timing"]["repeat"]
        return found

    clinic = ldn.MONOGRAPH.derive(name="clinic-6mg", reason="Trial dose", max_daily_dose="6")
    reversed_order = ldn_order()
    reversed_order["dosageInstruction"].reverse()
    no_sequence = ldn_order()
    for dosage in no_sequence["dosageInstruction"]:
        del dosage["sequence"]
    sign = "order-sign"
    return {
        "select-antagonist-unrecognised-loperamide": (
            request(
                statements=(statement("Revia 50 mg"), statement("?"), statement("Imodium 2 mg")),
                allergies=(allergy("ginger"),),
            ),
            {"counselling": True},
        ),
        "sign-above-maximum": (
            request(sign, orders=(edited(lambda o: dose(o, 2).update(value=6)),)),
            {},
        ),
        "sign-above-maximum-under-a-clinic-policy": (
            request(sign, orders=(edited(lambda o: dose(o, 2).update(value=6.5)),)),
            {"policy": clinic},
        ),
        "sign-start-too-low-and-huge": (
            request(
                sign,
                orders=(
                    edited(
                        lambda o: (
                            dose(o, 0).update(value=0.1),
                            dose(o, 2).update(value=123456789.123456789),
                        )
                    ),
                ),
            ),
            {},
        ),
        "sign-twice-daily-in-the-morning": (
            request(
                sign,
                orders=(edited(lambda o: repeat(o, 1).update(frequency=2, when=["MORN"])),),
            ),
            {},
        ),
        "sign-frequency-max-and-every-other-day": (
            request(
                sign,
                orders=(
                    edited(
                        lambda o: (
                            repeat(o, 0).update(period=2),
                            repeat(o, 2).update(frequency=1, frequencyMax=3),
                        )
                    ),
                ),
            ),
            {},
        ),
        "sign-defaults-and-lower-case-ml": (
            request(
                sign,
                orders=(
                    edited(
                        lambda o: (
                            [
                                repeat(o, i).pop(k)
                                for i in range(3)
                                for k in ("frequency", "period", "periodUnit", "when")
                            ],
                            dose(o, 0).pop("code"),
                            dose(o, 1).update(code="ml", unit="ml"),
                        ),
                        formulation=liquid,
                        version="R4",
                    ),
                ),
            ),
            {},
        ),
        "sign-weeks-and-reversed-sequences": (
            request(
                sign,
                orders=(
                    edited(
                        lambda o: (
                            o["dosageInstruction"].reverse(),
                            repeat(o, 2)["boundsDuration"].update(value=2, code="wk", unit="weeks"),
                        )
                    ),
                ),
            ),
            {},
        ),
        "sign-no-sequences": (request(sign, orders=(no_sequence,)), {}),
        "sign-liquid-unmeasurable": (
            request(
                sign,
                orders=(edited(lambda o: dose(o, 0).update(value=2.51), formulation=liquid),),
            ),
            {},
        ),
        "sign-every-filler-refused": (
            request(
                sign,
                orders=(ldn_order(),),
                allergies=tuple(allergy(filler.value) for filler in ldn.Filler),
            ),
            {},
        ),
        "sign-two-orders-and-an-opioid": (
            request(
                sign,
                orders=(ldn_order(), ldn_order(identifier="ldn-2", formulation=liquid)),
                statements=(statement("MS Contin 30 mg"),),
            ),
            {},
        ),
        "sign-zero-strength": (
            request(
                sign,
                orders=(
                    edited(
                        lambda o: o["contained"][0]["ingredient"][0]["strength"][
                            "denominator"
                        ].update(value=0),
                        formulation=liquid,
                        version="R4",
                    ),
                ),
            ),
            {},
        ),
        "sign-liquid-unmeasurable-and-above-maximum": (
            request(
                sign,
                orders=(
                    edited(
                        lambda o: (dose(o, 0).update(value=2.51), dose(o, 2).update(value=10)),
                        formulation=liquid,
                    ),
                ),
            ),
            {},
        ),
        "sign-twice-daily-without-when-and-morning-and-bedtime": (
            request(
                sign,
                orders=(
                    edited(
                        lambda o: (
                            repeat(o, 0).pop("when"),
                            repeat(o, 0).update(frequency=2, period=1),
                            repeat(o, 1).update(when=["MORN", "NOON"]),
                        )
                    ),
                ),
            ),
            {},
        ),
        "sign-equal-steps-then-a-step-down-then-a-fast-rise": (
            request(
                sign,
                orders=(
                    edited(
                        lambda o: (
                            repeat(o, 0)["boundsDuration"].update(value=3),
                            dose(o, 1).update(value=1.5),
                            o["dosageInstruction"].insert(
                                2,
                                copy.deepcopy(o["dosageInstruction"][0]) | {"sequence": 3},
                            ),
                            dose(o, 2).update(value=1),
                            o["dosageInstruction"][3].update(sequence=4),
                        ),
                    ),
                ),
            ),
            {},
        ),
        "sign-fillers-beside-other-excipients": (
            request(
                sign,
                orders=(edited(excipients, version="R4"),),
                allergies=(allergy("cellulose"), allergy("sucrose")),
            ),
            {},
        ),
        "sign-continuation-by-dispense-rising-3-mg": (
            request(sign, orders=(maintenance(),), dispenses=(ldn_dispense("1.5"),)),
            {"as_of": AS_OF},
        ),
        "sign-continuation-without-a-recorded-dose": (
            request(sign, orders=(maintenance(),), statements=(statement("LDN"),)),
            {"as_of": AS_OF},
        ),
        "sign-restart-after-60-days-at-4-5-mg": (
            request(
                sign,
                orders=(maintenance(),),
                dispenses=(ldn_dispense("4.5", handed="2026-09-01"),),
            ),
            {"as_of": AS_OF},
        ),
        "sign-overlapping-ldn-order-in-the-record": (
            request(sign, orders=(maintenance(),), requests=(running_ldn_request(),)),
            {"as_of": AS_OF},
        ),
        "select-unreadable-drug-and-confirmation-offered": (
            request(
                orders=(
                    ldn_order(),
                    {
                        "resourceType": "MedicationRequest",
                        "id": "x",
                        "status": "draft",
                        "intent": "order",
                        "subject": {"reference": "Patient/p1"},
                    },
                ),
                selections=["MedicationRequest/ldn-1", "MedicationRequest/x"],
            ),
            {"as_of": AS_OF},
        ),
        "sign-dates-that-are-not-dates": (
            request(
                sign,
                orders=(
                    edited(
                        lambda o: repeat(o, 0)["boundsPeriod"].update(end=20261214),
                        plan=ldn.titrate(
                            start="1.5",
                            step="1.5",
                            interval_days=14,
                            target="4.5",
                            start_date=dt.date(2026, 12, 1),
                        ),
                    ),
                ),
            ),
            {},
        ),
    }


def golden_files() -> dict[str, Any]:
    files: dict[str, Any] = {"cds-discovery.json": discovery()}
    for hook, hook_request in golden_requests().items():
        files[f"cds-{hook}-request.json"] = hook_request
        files[f"cds-{hook}-response.json"] = respond(hook_request)
    files["cds-scenarios.json"] = {
        name: respond(json.loads(json.dumps(hook_request)), **kwargs)
        for name, (hook_request, kwargs) in scenario_requests().items()
    }
    return files


def dump(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("name", sorted(golden_files()))
def test_golden_files_are_current(name: str) -> None:
    """tests/golden/cds-*.json; rewrite them with ``python -m tests.test_cds``."""
    assert (GOLDEN / name).read_text(encoding="utf-8") == dump(golden_files()[name])


def test_golden_responses_read_back_from_their_request_files() -> None:
    for hook in ("order-select", "order-sign"):
        sent = json.loads((GOLDEN / f"cds-{hook}-request.json").read_text(encoding="utf-8"))
        answer = json.loads((GOLDEN / f"cds-{hook}-response.json").read_text(encoding="utf-8"))
        assert respond(sent) == answer
        assert response_problems(answer) == []


# -- order-select: screening --------------------------------------------------------------


@pytest.mark.rule("LDN-OPIOID")
@given(st.sampled_from(["OxyContin 10 mg", "Panadeine Forte", "Tramal SR 100", "Suboxone film"]))
def test_an_opioid_brand_in_the_list_gives_a_critical_card_naming_it(text: str) -> None:
    response = checked(request(statements=(statement(text), statement("metformin"))))
    opioid = [c for c in response["cards"] if c["source"]["topic"]["code"] == "opioid-use"]
    assert opioid
    assert opioid[0]["indicator"] == "critical"
    assert text.split()[0] in opioid[0]["detail"]
    assert opioid[0]["overrideReasons"]
    removal = opioid[0]["suggestions"][0]["actions"][0]
    assert removal == {
        "type": "delete",
        "description": "Remove the draft naltrexone order MedicationRequest/ldn-1",
        "resourceId": "MedicationRequest/ldn-1",
    }
    assert opioid[0]["selectionBehavior"] == "at-most-one"


@pytest.mark.rule("LDN-OPIOID")
def test_an_opioid_in_another_draft_order_blocks_the_naltrexone_order() -> None:
    oxycodone = {
        "resourceType": "MedicationRequest",
        "id": "oxy",
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": {"text": "oxycodone 5 mg"},
        "subject": {"reference": "Patient/p1"},
    }
    hook_request = request(orders=(ldn_order(), oxycodone), selections=["MedicationRequest/ldn-1"])
    assert "opioid-use" in codes(checked(hook_request))


@pytest.mark.rule("LDN-OPIOID")
def test_every_order_gets_the_unconfirmed_card_since_fhir_never_proves_no_opioids() -> None:
    response = checked(request())
    assert codes(response) == ["opioid-use-unconfirmed"]
    card = response["cards"][0]
    assert card["overrideReasons"] == [
        {
            "system": ldn.cds.OVERRIDE_SYSTEM,
            "code": "no-opioids-confirmed",
            "display": "Confirmed with the patient: takes no opioids",
        }
    ]
    assert "suggestions" not in card


@pytest.mark.rule("LDN-ANTAGONIST")
def test_naltrexone_already_taken_gives_a_warning_with_the_removal_suggestion() -> None:
    response = checked(request(statements=(statement("Revia 50 mg"),)))
    card = next(c for c in response["cards"] if c["source"]["topic"]["code"] == "opioid-antagonist")
    assert card["indicator"] == "warning"
    assert "overrideReasons" not in card
    assert card["suggestions"][0]["actions"][0]["type"] == "delete"


def test_the_draft_order_in_the_prefetch_is_not_a_duplicate_of_itself() -> None:
    again = ldn_order() | {"status": "draft"}
    assert codes(checked(request(requests=(again,)))) == ["opioid-use-unconfirmed"]
    other = ldn_order(identifier="older") | {"status": "active"}
    response = checked(request(requests=(other,)))
    assert [(c["indicator"], c["source"]["topic"]["code"]) for c in response["cards"]] == [
        ("warning", "opioid-use-unconfirmed")
    ]  # the patient's own LDN: a continuation (LDN-CONTINUE), no antagonist
    alcohol = statement("Naltrexone 50 mg tablet, one daily")
    assert "opioid-antagonist" in codes(checked(request(statements=(alcohol,))))


@pytest.mark.rule("LDN-FILLER")
def test_order_select_reports_a_filler_sensitivity_without_a_suggestion() -> None:
    response = checked(request(allergies=(allergy("Sucrose intolerance"),)))
    card = next(
        c for c in response["cards"] if c["source"]["topic"]["code"] == "filler-sensitivity"
    )
    assert card["indicator"] == "warning"
    assert "suggestions" not in card


def test_counselling_cards_come_only_when_asked_for() -> None:
    assert "adverse-effects" not in codes(checked(request()))
    asked = codes(checked(request(), counselling=True))
    assert sorted(asked[-2:]) == ["adverse-effects", "hepatic-information"]
    info = checked(request(), counselling=True)["cards"][-1]
    assert info["indicator"] == "info"
    assert "overrideReasons" not in info


def test_cards_come_most_severe_first() -> None:
    hook_request = request(
        statements=(statement("Revia"), statement("codeine")),
        allergies=(allergy("ginger"),),
    )
    indicators = [c["indicator"] for c in checked(hook_request, counselling=True)["cards"]]
    rank = {"critical": 0, "warning": 1, "info": 2}
    assert indicators == sorted(indicators, key=rank.__getitem__)
    assert indicators[0] == "critical"
    assert indicators[-1] == "info"


def test_as_of_drops_medication_that_ended_before_it() -> None:
    ended = statement("tramadol") | {"effectivePeriod": {"end": "2026-01-31"}}
    assert "opioid-use" in codes(checked(request(statements=(ended,))))
    later = checked(request(statements=(ended,)), as_of=dt.date(2026, 11, 25))
    assert "opioid-use" not in codes(later)


# -- which orders the services are about ----------------------------------------------------


def coded_order(system: str, code: str, text: str | None = None) -> dict[str, Any]:
    concept: dict[str, Any] = {"coding": [{"system": system, "code": code}]}
    if text is not None:
        concept["text"] = text
    return {
        "resourceType": "MedicationRequest",
        "id": "o1",
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": concept,
        "subject": {"reference": "Patient/p1"},
    }


ATC_URL = "http://www.whocc.no/atc"
RXNORM_URL = "http://www.nlm.nih.gov/research/umls/rxnorm"


@pytest.mark.parametrize(
    ("order", "about_naltrexone"),
    [
        (coded_order(ATC_URL, "N07BB04"), True),
        (coded_order(RXNORM_URL, "1483744"), True),
        (coded_order("urn:local", "x", "Naltrexone HCl 4.5 mg capsules (compounded)"), True),
        (coded_order("urn:local", "x", "LDN 1.5 mg"), True),  # the monograph's abbreviation
        (coded_order("urn:local", "x", "LDN 1.5mg caps"), True),
        (coded_order("urn:local", "x", "Low-dose naltrexone 3 mg"), True),
        (coded_order(ATC_URL, "A08AA62"), False),  # bupropion and naltrexone
        (coded_order(ATC_URL, "N02AA56"), False),  # oxycodone and naltrexone
        (coded_order(RXNORM_URL, "1551468"), False),  # bupropion/naltrexone tablet
        (coded_order(RXNORM_URL, "1806701"), False),  # naltrexone/oxycodone capsule
        (coded_order("urn:local", "x", "Contrave 8/90"), False),
        (coded_order("urn:local", "x", "Embeda 20 mg"), False),
        (coded_order("urn:local", "x", "naloxone 0.4 mg injection"), False),
        (coded_order("urn:local", "x", "amoxicillin 500 mg"), False),
    ],
)
def test_a_naltrexone_order_is_recognised_by_code_or_text_and_only_alone(
    order: dict[str, Any], about_naltrexone: bool
) -> None:
    hook_request = request(orders=(order,), selections=["MedicationRequest/o1"])
    cards = codes(checked(hook_request))
    assert ("opioid-use-unconfirmed" in cards) is about_naltrexone
    if not about_naltrexone:
        assert cards == []


def test_a_hook_about_another_drug_needs_no_prefetch() -> None:
    hook_request = request(orders=(coded_order("urn:local", "x", "amoxicillin"),))
    del hook_request["prefetch"]
    assert respond(hook_request) == {"cards": []}


def test_order_select_looks_only_at_the_selected_orders() -> None:
    hook_request = request(selections=["MedicationRequest/another"])
    assert respond(hook_request) == {"cards": []}


def test_order_sign_looks_at_every_draft_order() -> None:
    hook_request = request("order-sign")
    assert codes(checked(hook_request)) == ["opioid-use-unconfirmed"]


# -- order-sign: the order checks -----------------------------------------------------------


def sign(order: dict[str, Any], **kwargs: Any) -> list[str]:
    hook_request = request("order-sign", orders=(order,), **kwargs)
    return [c for c in codes(checked(hook_request)) if c != "opioid-use-unconfirmed"]


FORMS = st.sampled_from(["cellulose", "sucrose", "ginger", ldn.OralLiquid.from_tablet()])


@pytest.mark.rule("LDN-DOSE-MAX")
@pytest.mark.rule("LDN-START")
@pytest.mark.rule("LDN-STEP-INTERVAL")
@pytest.mark.rule("LDN-STEP-SIZE")
@given(plans(), FORMS, st.sampled_from(["R4", "R4B", "R5"]))
def test_every_plan_ldn_exports_passes_the_order_checks(
    plan: ldn.TitrationPlan, form: Any, version: str
) -> None:
    try:
        order = ldn_order(plan, formulation=form, version=version)
    except ldn.FormulationError:
        return  # a liquid dose no syringe measures is refused at export
    hook_request = request("order-sign", orders=(order,))
    found = codes(checked(hook_request, policy=plan.policy))
    rises = [b.dose.mg - a.dose.mg for a, b in itertools.pairwise(plan.steps)]
    assert all(rise <= plan.policy.max_rise.mg for rise in rises)  # titrate bounds the step
    assert found == ["opioid-use-unconfirmed"]  # and the order check agrees (LDN-STEP-SIZE)


@pytest.mark.rule("LDN-DOSE-MAX")
@given(plans(ldn.MONOGRAPH), st.data())
def test_a_step_above_the_maximum_is_a_critical_card(plan: ldn.TitrationPlan, data: Any) -> None:
    order = ldn_order(plan)
    number = data.draw(st.integers(0, len(plan.steps) - 1))
    above = data.draw(st.decimals("4.501", "100", places=3))
    order["dosageInstruction"][number]["doseAndRate"][0]["doseQuantity"]["value"] = float(above)
    found = sign(order)
    assert "order-dose-above-maximum" in found
    card = next(
        c
        for c in respond(request("order-sign", orders=(order,)))["cards"]
        if c["source"]["topic"]["code"] == "order-dose-above-maximum"
    )
    assert card["indicator"] == "critical"
    assert f"{above.normalize():f} mg a day" in card["summary"]
    assert "LDN-DOSE-MAX" in card["detail"]


@pytest.mark.rule("LDN-DOSE-MAX")
@pytest.mark.rule("LDN-TIMING")
def test_twice_a_day_counts_as_the_daily_dose_and_breaks_the_timing() -> None:
    order = ldn_order(ldn.titrate(start="1.5", step="1.5", interval_days=14, target="3"))
    order["dosageInstruction"][1]["timing"]["repeat"]["frequency"] = 2
    # 3 mg twice a day: 6 mg, a rise of 4.5 mg from 1.5 mg (LDN-STEP-SIZE)
    assert sign(order) == ["order-step-too-large", "order-dose-above-maximum", "order-timing"]
    order["dosageInstruction"][1]["timing"]["repeat"].update(frequency=1, when=["MORN"])
    assert sign(order) == ["order-timing"]
    order["dosageInstruction"][1]["timing"]["repeat"].update(when=["HS"], period=8, periodUnit="h")
    assert sign(order) == ["order-step-too-large", "order-dose-above-maximum", "order-timing"]
    # two times of day, two events, or a coded BID: twice a day whatever frequency says
    for timing in (
        {
            "repeat": {
                "frequency": 1,
                "period": 1,
                "periodUnit": "d",
                "timeOfDay": ["08:00:00", "22:00:00"],
            }
        },
        {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d", "when": ["MORN", "HS"]}},
        {
            "repeat": {"period": 1, "periodUnit": "d", "when": ["HS"]},
            "code": {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation",
                        "code": "BID",
                    }
                ]
            },
        },
        {"code": {"text": "bid"}},
    ):
        order["dosageInstruction"][1]["timing"] = timing
        assert sign(order) == [
            "order-step-too-large",
            "order-dose-above-maximum",
            "order-timing",
        ], timing


@pytest.mark.rule("LDN-START")
@given(st.decimals("0.001", "0.499", places=3) | st.decimals("1.501", "4.5", places=3))
def test_a_start_outside_the_range_is_a_critical_card(start: Decimal) -> None:
    order = ldn_order()
    order["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"] = float(start)
    assert "order-start-dose" in sign(order)


@pytest.mark.rule("LDN-STEP-INTERVAL")
@given(st.integers(1, 6), st.sampled_from(["duration", "period"]))
def test_a_rise_before_seven_days_is_a_critical_card(days: int, bounds: str) -> None:
    if bounds == "duration":
        order = ldn_order()
        order["dosageInstruction"][0]["timing"]["repeat"]["boundsDuration"]["value"] = days
    else:
        order = ldn_order(
            ldn.titrate(
                start="1.5",
                step="1.5",
                interval_days=14,
                target="4.5",
                start_date=dt.date(2026, 12, 1),
            )
        )
        end = dt.date(2026, 12, 1) + dt.timedelta(days=days - 1)
        order["dosageInstruction"][0]["timing"]["repeat"]["boundsPeriod"]["end"] = end.isoformat()
    assert sign(order) == ["order-rise-too-soon"]


def test_a_step_down_may_come_at_any_time() -> None:
    order = ldn_order(ldn.titrate(start="1.5", step="1.5", interval_days=14, target="3"))
    order["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"] = 1.5
    order["dosageInstruction"][1]["doseAndRate"][0]["doseQuantity"]["value"] = 1
    order["dosageInstruction"][0]["timing"]["repeat"]["boundsDuration"]["value"] = 2
    assert sign(order) == []


@pytest.mark.rule("LDN-FILLER")
def test_a_filler_the_patient_reacts_to_gets_the_update_suggestion() -> None:
    order = ldn_order(formulation="cellulose", version="R4")
    hook_request = request("order-sign", orders=(order,), allergies=(allergy("cellulose"),))
    response = checked(hook_request)
    assert codes(response) == ["opioid-use-unconfirmed", "order-filler"]
    card = response["cards"][1]
    action = card["suggestions"][0]["actions"][0]
    assert action["type"] == "update"
    updated = action["resource"]
    medication = updated["contained"][0]
    assert medication["ingredient"][1]["itemCodeableConcept"] == {"text": "sucrose"}
    assert medication["code"]["text"] == "naltrexone capsules (compounded, sucrose filler)"
    assert order["contained"][0]["ingredient"][1]["itemCodeableConcept"] == {"text": "cellulose"}
    assert {**updated, "contained": order["contained"]} == order  # nothing else changed
    resigned = request(
        "order-sign", orders=(action["resource"],), allergies=(allergy("cellulose"),)
    )
    assert codes(checked(resigned)) == ["opioid-use-unconfirmed"]


@pytest.mark.rule("LDN-FILLER")
@given(
    st.sets(st.sampled_from(sorted(ldn.Filler)), min_size=1), st.sampled_from(sorted(ldn.Filler))
)
def test_the_filler_card_appears_exactly_when_the_order_clashes(
    sensitive: set[ldn.Filler], filler: ldn.Filler
) -> None:
    allergies = tuple(allergy(f"{each} allergy") for each in sorted(sensitive))
    found = sign(ldn_order(formulation=filler), allergies=allergies)
    assert ("order-filler" in found) is (filler in sensitive)
    assert "filler-sensitivity" not in found


def test_a_filler_clash_in_a_bundled_medication_updates_that_medication() -> None:
    order = ldn_order(formulation="ginger", version="R4")
    medication = order.pop("contained")[0] | {"id": "med-1"}
    order["medicationReference"] = {"reference": "Medication/med-1"}
    hook_request = request("order-sign", orders=(order, medication), allergies=(allergy("ginger"),))
    card = checked(hook_request)["cards"][1]
    resource = card["suggestions"][0]["actions"][0]["resource"]
    assert resource["resourceType"] == "Medication"
    assert resource["id"] == "med-1"
    assert resource["ingredient"][1]["itemCodeableConcept"] == {"text": "cellulose"}
    del medication["id"]  # found by its full URL: no id to update, so no suggestion
    order["medicationReference"] = {"reference": "urn:uuid:6a4ad3f4-7e1f-4c36-9d0b-3c1f1a0f0b11"}
    hook_request = request("order-sign", orders=(order,), allergies=(allergy("ginger"),))
    hook_request["context"]["draftOrders"]["entry"].append(
        {"fullUrl": order["medicationReference"]["reference"], "resource": medication}
    )
    assert "order-filler" in codes(checked(hook_request))
    assert "suggestions" not in checked(hook_request)["cards"][1]


@pytest.mark.rule("LDN-FILLER")
@pytest.mark.parametrize(
    ("allergies", "words", "instead"),
    [
        (("cellulose",), "cellulose", "use capsules with sucrose filler"),
        (("lactose", "MCC"), "cellulose and lactose", "use capsules with sucrose filler"),
        (tuple(f.value for f in ldn.Filler), "cellulose and lactose", "agree a filler"),
    ],
)
def test_a_liquid_order_for_a_patient_who_reacts_to_the_tablets(
    allergies: tuple[str, ...], words: str, instead: str
) -> None:
    order = ldn_order(formulation=ldn.OralLiquid.from_tablet())
    hook_request = request(
        "order-sign", orders=(order,), allergies=tuple(allergy(a) for a in allergies)
    )
    card = next(
        c for c in checked(hook_request)["cards"] if c["source"]["topic"]["code"] == "order-filler"
    )
    assert (
        card["summary"] == f"The liquid carries the tablets' {words}, which the patient reacts to"
    )
    assert instead in card["detail"]
    quiet = request("order-sign", orders=(order,), allergies=(allergy("ginger"),))
    assert "order-filler" not in codes(checked(quiet))


def test_every_filler_refused_leaves_no_suggestion() -> None:
    allergies = tuple(allergy(filler.value) for filler in ldn.Filler)
    response = checked(request("order-sign", orders=(ldn_order(),), allergies=allergies))
    card = next(c for c in response["cards"] if c["source"]["topic"]["code"] == "order-filler")
    assert "suggestions" not in card
    assert "agree one with the compounder" in card["detail"]


@pytest.mark.rule("LDN-LIQUID")
def test_a_liquid_dose_no_syringe_measures_is_a_warning_naming_the_nearest() -> None:
    order = ldn_order(formulation=ldn.OralLiquid.from_tablet())
    order["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"] = 2.51
    # 1.255 mg, then 3 mg: a rise of 1.745 mg (LDN-STEP-SIZE)
    assert sign(order) == ["order-step-too-large", "order-liquid-unmeasurable"]
    card = next(
        c
        for c in respond(request("order-sign", orders=(order,)))["cards"]
        if c["source"]["topic"]["code"] == "order-liquid-unmeasurable"
    )
    assert "nearest: 1\\.25 mg" not in card["detail"]
    assert _escape("nearest: 1.25 mg as 2.5 mL below") in card["detail"]


@pytest.mark.rule("LDN-DOSE-MAX")
def test_a_liquid_dose_over_the_maximum_is_the_maximums_card_alone() -> None:
    """A 5 mg liquid dose (10 mL) is over the monograph's maximum: one card says so, and
    the measuring check stays quiet; under a 6 mg policy the same dose is measured."""
    order = ldn_order(formulation=ldn.OralLiquid.from_tablet())
    for instruction in order["dosageInstruction"]:
        instruction["doseAndRate"][0]["doseQuantity"]["value"] = 10
    found = codes(checked(request("order-sign", orders=(order,))))
    assert "order-dose-above-maximum" in found
    assert "order-liquid-unmeasurable" not in found
    trial = ldn.MONOGRAPH.derive(name="rct-6mg", reason="trial", max_daily_dose="6")
    found = codes(checked(request("order-sign", orders=(order,)), policy=trial))
    assert "order-dose-above-maximum" not in found
    assert "order-liquid-unmeasurable" not in found


@pytest.mark.rule("LDN-LIQUID")
@given(st.decimals("0.01", "10", places=2))
def test_liquid_orders_in_ml_and_mg_agree(ml: Decimal) -> None:
    order = ldn_order(formulation=ldn.OralLiquid.from_tablet())
    in_ml = copy.deepcopy(order)
    in_ml["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"] = float(ml)
    in_mg = copy.deepcopy(order)
    in_mg["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"].update(
        value=float(ml / 2), unit="mg", code="mg"
    )
    assert sign(in_ml) == sign(in_mg)


def repeat_of(order: dict[str, Any]) -> dict[str, Any]:
    repeat: dict[str, Any] = order["dosageInstruction"][0]["timing"]["repeat"]
    return repeat


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda o: o.pop("dosageInstruction"), "the order has no dosage instruction"),
        (
            lambda o: o["dosageInstruction"][0].pop("doseAndRate"),
            "dosageInstruction[0] has no dose quantity",
        ),
        (
            lambda o: o["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"].update(
                code="g", unit="g"
            ),
            "dosageInstruction[0] gives its dose in 'g', not mg or mL",
        ),
        (
            lambda o: o["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"].pop("value"),
            "dosageInstruction[0].doseQuantity has no value",
        ),
        (
            lambda o: repeat_of(o).update(periodUnit="mo"),
            "dosageInstruction[0] has a timing ldn cannot read",
        ),
        (
            lambda o: repeat_of(o).update(period=0),
            "dosageInstruction[0] has a timing ldn cannot read",
        ),
        (
            lambda o: repeat_of(o).pop("boundsDuration"),
            "step 1 has no end date or duration, yet a higher dose follows it",
        ),
        (
            lambda o: repeat_of(o)["boundsDuration"].update(code="mo"),
            "dosageInstruction[0].timing.repeat.boundsDuration is not whole days or weeks",
        ),
        (
            lambda o: repeat_of(o)["boundsDuration"].update(value=1.5),
            "dosageInstruction[0].timing.repeat.boundsDuration is not whole days or weeks",
        ),
        (
            lambda o: o["dosageInstruction"][1].update(sequence=1),
            "two dosage instructions share a sequence number (concurrent ones are not read)",
        ),
    ],
)
def test_an_order_ldn_cannot_read_gets_a_warning_never_silence(change: Any, why: str) -> None:
    order = ldn_order()
    change(order)
    assert sign(order) == ["order-unreadable"]
    card = respond(request("order-sign", orders=(order,)))["cards"][1]
    assert card["indicator"] == "warning"
    assert card["detail"].split("\n")[0] == (
        f"ldn could not read the order's dosing ({_escape(why)}), so its doses, timing and "
        "intervals were not checked."
    )


def test_a_dose_in_ml_needs_the_liquids_strength() -> None:
    order = ldn_order(formulation=ldn.OralLiquid.from_tablet(), version="R4")
    order["contained"][0]["ingredient"][0].pop("strength")
    assert sign(order) == ["order-unreadable"]


def test_dated_orders_count_days_from_their_periods() -> None:
    order = ldn_order(
        ldn.titrate(
            start="1.5", step="1.5", interval_days=14, target="4.5", start_date=dt.date(2026, 12, 1)
        )
    )
    assert sign(order) == []
    order["dosageInstruction"][0]["timing"]["repeat"]["boundsPeriod"]["end"] = "2026-12"
    assert sign(order) == ["order-unreadable"]
    order["dosageInstruction"][0]["timing"]["repeat"]["boundsPeriod"]["end"] = "2026-02-30"
    assert sign(order) == ["order-unreadable"]


# -- numbers --------------------------------------------------------------------------------


@given(plans(), FORMS)
def test_floats_and_decimals_from_json_give_the_same_cards(
    plan: ldn.TitrationPlan, form: Any
) -> None:
    try:
        text = json.dumps(request("order-sign", orders=(ldn_order(plan, formulation=form),)))
    except ldn.FormulationError:
        return
    as_floats = respond(json.loads(text), policy=plan.policy)
    as_decimals = respond(json.loads(text, parse_float=Decimal), policy=plan.policy)
    assert as_floats == as_decimals


def test_numbers_are_read_by_their_shortest_decimal_form() -> None:
    assert _number(0.1, "x") == Decimal("0.1")
    assert _number(4.5, "x") == Decimal("4.5")
    assert _number(1e-5, "x") == Decimal("0.00001")
    assert _number(Decimal("0.10"), "x") == Decimal("0.1")
    for bad in (
        True,
        "1",
        None,
        float("nan"),
        float("inf"),
        Decimal("NaN"),
        10**9,
        10**400,
        1e9,
        Decimal("1." + "1" * 20),
    ):
        with pytest.raises(HookRequestError):
            _number(bad, "x")


def test_numbers_are_read_whatever_the_callers_decimal_context() -> None:
    """abs() would round in the caller's context: a context that clamps and traps it raised."""
    from decimal import ROUND_05UP, Clamped, Context, localcontext

    hostile = Context(prec=3, rounding=ROUND_05UP, Emin=-1, Emax=1, clamp=1, traps=[Clamped])
    with localcontext(hostile):
        assert _number(1, "x") == 1
        assert _number(Decimal("4.5"), "x") == Decimal("4.5")
        with pytest.raises(HookRequestError):
            _number(Decimal("-1E+9"), "x")


def test_a_long_amount_is_shown_cut_to_thousandths() -> None:
    from fractions import Fraction

    assert _mg(Fraction(9, 2)) == "4.5 mg"
    assert _mg(Fraction(10, 3)) == "10/3 mg"
    assert _mg(Fraction(10**30 + 1, 10**29)) == "about 10 mg"
    assert _mg(Fraction(2, 3) * 10**30 / 10**30 + Fraction(1, 10**25)) == "about 0.666 mg"


# -- Markdown -------------------------------------------------------------------------------


def test_free_text_in_the_detail_is_escaped() -> None:
    text = "codeine *[click](https://x.example)* <script>\n# 1. `x` _y_ | ~z~ & {}"
    response = checked(request(statements=(statement(text),)))
    detail = response["cards"][0]["detail"]
    for raw in ("*[", "[click](", "<script>", "`x`", "_y_", "\n#"):
        assert raw not in detail
    assert "\\*\\[click\\](https\\://x\\.example)\\*" in detail


def test_escaping_keeps_plain_words_and_numbers() -> None:
    assert _escape("oxycodone 4.5 mg, (night); 'x'") == "oxycodone 4.5 mg, (night); 'x'"
    assert _escape("- a") == "\\- a"
    assert _escape("12) a") == "12\\) a"
    assert _escape("  two\n lines ") == "two lines"


# -- uuids, links, no empty members -------------------------------------------------------


def test_card_uuids_are_unique_and_stable_per_hook_instance() -> None:
    hook_request = request(
        statements=(statement("codeine"), statement("morphine"), statement("Revia"))
    )
    first = [c["uuid"] for c in respond(hook_request)["cards"]]
    assert len(set(first)) == len(first) == 3  # one opioid-use card names both opioids
    assert [c["uuid"] for c in respond(hook_request)["cards"]] == first
    hook_request["hookInstance"] = str(uuid.UUID(int=1))
    assert not set(first) & {c["uuid"] for c in respond(hook_request)["cards"]}


def test_links_lead_to_the_rule_and_its_sources() -> None:
    order = ldn_order()
    order["dosageInstruction"][2]["doseAndRate"][0]["doseQuantity"]["value"] = 9
    card = next(
        c
        for c in respond(request("order-sign", orders=(order,)))["cards"]
        if c["source"]["topic"]["code"] == "order-dose-above-maximum"
    )
    urls = [link["url"] for link in card["links"]]
    assert urls[0] == "https://ldn-dosing.readthedocs.io/en/latest/rules.html#rule-ldn-dose-max"
    sources = [r.link for r in ldn.MONOGRAPH.rule("LDN-DOSE-MAX").sources if r.link]
    assert urls[1:] == sources


def test_every_rule_link_has_its_anchor_in_the_rules_page() -> None:
    page = (Path(__file__).parent.parent / "docs" / "rules.rst").read_text(encoding="utf-8")
    for rule in ldn.RuleId:
        assert f".. _rule-{rule.lower()}:" in page, rule


def test_every_topic_has_a_display() -> None:
    assert set(ORDER_CHECK_DISPLAY).isdisjoint(FINDING_DISPLAY)
    everything = request(
        "order-sign",
        statements=(
            statement("codeine"),
            statement("Revia"),
            statement("loperamide"),
            statement("?"),
        ),
        allergies=(allergy("ginger"),),
    )
    for card in checked(everything, counselling=True)["cards"]:
        topic = card["source"]["topic"]
        assert topic["display"] == {**FINDING_DISPLAY, **ORDER_CHECK_DISPLAY}[topic["code"]]


def test_the_card_checker_rejects_broken_cards() -> None:
    good = checked(request(statements=(statement("codeine"),)))["cards"][0]
    assert card_problems(good) == []
    assert card_problems("x") != []
    breakers = [
        lambda c: c.pop("summary"),
        lambda c: c.update(summary="x" * 140),
        lambda c: c.update(indicator="hard-stop"),
        lambda c: c.update(uuid="not-a-uuid"),
        lambda c: c.update(detail=1),
        lambda c: c["source"].pop("label"),
        lambda c: c["source"].update(topic={"display": "x"}),
        lambda c: c.pop("selectionBehavior"),
        lambda c: c["suggestions"][0].pop("label"),
        lambda c: c["suggestions"][0].update(uuid="x"),
        lambda c: c["suggestions"][0]["actions"][0].pop("resourceId"),
        lambda c: c["suggestions"][0]["actions"][0].update(type="update"),
        lambda c: c["suggestions"][0]["actions"][0].update(type="remove"),
        lambda c: c["overrideReasons"][0].pop("display"),
        lambda c: c["links"][0].update(type="relative"),
        lambda c: c["links"][0].pop("url"),
        lambda c: c.update(links=[]),
        lambda c: c.update(detail=None),
        lambda c: c.pop("suggestions"),
    ]
    for breaker in breakers:
        card = copy.deepcopy(good)
        breaker(card)
        assert card_problems(card) != [], breaker
    assert response_problems({"cards": [good, good]}) == ["two cards share a uuid"]
    assert response_problems({"cards": None}) != []


# -- bad requests -------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(PREFETCH))
def test_a_null_prefetch_is_no_data_never_a_refusal(key: str) -> None:
    """CDS Hooks 2.0: null means the client has no data; the other keys are still read."""
    opioid = statement("OxyContin 10 mg")
    hook_request = request(
        statements=(opioid,),
        requests=(opioid | {"resourceType": "MedicationRequest", "intent": "order"},),
    )
    hook_request["prefetch"][key] = None
    assert "opioid-use" in codes(checked(hook_request))
    for other in PREFETCH:
        hook_request["prefetch"][other] = None
    assert codes(checked(hook_request)) == ["opioid-use-unconfirmed"]


def test_a_single_resource_prefetched_is_read_as_one_entry() -> None:
    hook_request = request()
    hook_request["prefetch"]["medicationStatements"] = statement("Tramal 50 mg")
    assert "opioid-use" in codes(checked(hook_request))


@pytest.mark.parametrize("key", sorted(PREFETCH))
def test_a_missing_prefetch_means_http_412(key: str) -> None:
    hook_request = request()
    del hook_request["prefetch"][key]
    with pytest.raises(PrefetchMissingError) as raised:
        respond(hook_request)
    assert raised.value.http_status == 412
    assert "412" in str(raised.value)
    assert key in str(raised.value)
    hook_request = request()
    del hook_request["prefetch"]
    with pytest.raises(PrefetchMissingError):
        respond(hook_request)


def order_of(hook_request: dict[str, Any]) -> dict[str, Any]:
    order: dict[str, Any] = hook_request["context"]["draftOrders"]["entry"][0]["resource"]
    return order


def dose_of(hook_request: dict[str, Any]) -> dict[str, Any]:
    dose: dict[str, Any] = order_of(hook_request)["dosageInstruction"][0]["doseAndRate"][0]
    return dose["doseQuantity"]  # type: ignore[no-any-return]


SIGN, SELECT = "order-sign", "order-select"
DOSAGE = "MedicationRequest[Bundle.entry[0]].dosageInstruction[0]"
BAD_REQUESTS = [
    (
        SIGN,
        lambda r: order_of(r)["dosageInstruction"][0].update(doseAndRate=[{"doseQuantity": 1}]),
        f"{DOSAGE}.doseAndRate.doseQuantity must be a JSON object, got int 1",
    ),
    (
        SIGN,
        lambda r: order_of(r)["dosageInstruction"][0].update(doseAndRate={}),
        f"{DOSAGE}.doseAndRate must be a JSON array, got dict {{}}",
    ),
    (
        SIGN,
        lambda r: order_of(r)["dosageInstruction"][0]["timing"].update(repeat=[]),
        f"{DOSAGE}.timing.repeat must be a JSON object, got list []",
    ),
    (
        SIGN,
        lambda r: order_of(r)["dosageInstruction"][0]["timing"]["repeat"].update(frequency="1"),
        f"{DOSAGE}.timing.frequency must be a JSON number, got str '1'",
    ),
    (
        SIGN,
        lambda r: order_of(r)["dosageInstruction"][0]["timing"]["repeat"].update(period="1"),
        f"{DOSAGE}.timing.period must be a JSON number, got str '1'",
    ),
    (
        SIGN,
        lambda r: order_of(r)["dosageInstruction"][0]["timing"]["repeat"].update(
            boundsDuration="14 d"
        ),
        f"{DOSAGE}.timing.repeat.boundsDuration must be a JSON object, got str '14 d'",
    ),
    (
        SIGN,
        lambda r: order_of(r)["dosageInstruction"][0]["timing"]["repeat"]["boundsDuration"].update(
            value="14"
        ),
        f"{DOSAGE}.timing.repeat.boundsDuration.value must be a JSON number, got str '14'",
    ),
    (
        SIGN,
        lambda r: order_of(r)["dosageInstruction"][2]["timing"]["repeat"].update(boundsPeriod="x"),
        "MedicationRequest[Bundle.entry[0]].dosageInstruction[2].timing.repeat.boundsPeriod "
        "must be a JSON object, got str 'x'",
    ),
    (
        SIGN,
        lambda r: order_of(r)["dosageInstruction"][1].pop("sequence"),
        "MedicationRequest[Bundle.entry[0]].dosageInstruction[1].sequence must be an integer on "
        "every dosage instruction, or on none, got NoneType None",
    ),
    (
        SIGN,
        lambda r: order_of(r)["dosageInstruction"][0]["timing"]["repeat"].update(when="HS"),
        "MedicationRequest[Bundle.entry[0]].dosageInstruction[0].timing.repeat.when must be a "
        "list of codes, got str 'HS'",
    ),
    (
        SIGN,
        lambda r: order_of(r)["dosageInstruction"][0].update(timing=[]),
        "MedicationRequest[Bundle.entry[0]].dosageInstruction[0].timing must be a JSON object, "
        "got list []",
    ),
    (
        SIGN,
        lambda r: order_of(r).update(dosageInstruction={}),
        "MedicationRequest[Bundle.entry[0]].dosageInstruction must be a JSON array, got dict {}",
    ),
    (
        SIGN,
        lambda r: r.update(hook="patient-view"),
        "hook must be 'order-select' or 'order-sign', got str 'patient-view'",
    ),
    (
        SIGN,
        lambda r: r.update(hook=None),
        "hook must be 'order-select' or 'order-sign', got NoneType None",
    ),
    (
        SIGN,
        lambda r: r.pop("hookInstance"),
        "request.hookInstance must be a string (a UUID), got NoneType None",
    ),
    (
        SIGN,
        lambda r: r.update(hookInstance=" "),
        "request.hookInstance must be a string (a UUID), got str ' '",
    ),
    (SIGN, lambda r: r.update(context=[]), "request.context must be a JSON object, got list []"),
    (
        SIGN,
        lambda r: r["context"].pop("patientId"),
        "context.patientId must be a string, got NoneType None",
    ),
    (
        SIGN,
        lambda r: r["context"].pop("draftOrders"),
        "context.draftOrders must be a FHIR Bundle of draft orders, got NoneType None",
    ),
    (
        SIGN,
        lambda r: r["context"].update(draftOrders={"resourceType": "MedicationRequest"}),
        "context.draftOrders.resourceType must be 'Bundle', got str 'MedicationRequest'",
    ),
    (
        SELECT,
        lambda r: r["context"].update(selections="MedicationRequest/ldn-1"),
        "context.selections must be a list of references, got str 'MedicationRequest/ldn-1'",
    ),
    (
        SELECT,
        lambda r: r["context"].update(selections=[1]),
        "context.selections must be a list of strings, got list [1]",
    ),
    (SIGN, lambda r: r.update(prefetch=[]), "prefetch must be a JSON object, got list []"),
    (
        SIGN,
        lambda r: r["prefetch"].update(allergies={"resource": "AllergyIntolerance"}),
        "prefetch 'allergies' must be a FHIR Bundle or resource, or null, "
        "got dict {'resource': 'AllergyIntolerance'}",
    ),
    (
        SIGN,
        lambda r: r["prefetch"]["allergies"].update(entry={}),
        "prefetch 'allergies'.entry must be a JSON array, got dict {}",
    ),
    (
        SIGN,
        lambda r: r["prefetch"]["allergies"].update(entry=[1]),
        "prefetch 'allergies'.entry[0] must be a JSON object, got int 1",
    ),
    (
        SIGN,
        lambda r: order_of(r)["dosageInstruction"].__setitem__(0, 1),
        "MedicationRequest[Bundle.entry[0]].dosageInstruction[0] must be a JSON object, got int 1",
    ),
    (
        SIGN,
        lambda r: order_of(r)["dosageInstruction"][0].update(sequence="1"),
        "MedicationRequest[Bundle.entry[0]].dosageInstruction[0].sequence must be an integer on "
        "every dosage instruction, or on none, got str '1'",
    ),
    (
        SIGN,
        lambda r: dose_of(r).update(value="1.5"),
        "MedicationRequest[Bundle.entry[0]].dosageInstruction[0].doseQuantity.value must be a JSON "
        "number, got str '1.5'",
    ),
]


@pytest.mark.parametrize(("hook", "change", "message"), BAD_REQUESTS)
def test_a_request_ldn_cannot_read_means_http_400(hook: str, change: Any, message: str) -> None:
    hook_request = request(hook)
    change(hook_request)
    with pytest.raises(HookRequestError) as raised:
        respond(hook_request)
    assert str(raised.value) == message
    assert raised.value.http_status == 400
    assert not isinstance(raised.value, PrefetchMissingError)


def test_an_unreadable_prefetched_resource_is_named_and_the_rest_still_screened() -> None:
    unreadable = {"resourceType": "MedicationStatement", "status": "x"}
    hook_request = request(statements=(unreadable, statement("OxyContin 10 mg")))
    cards = respond(hook_request)["cards"]
    assert [c["source"]["topic"]["code"] for c in cards] == [
        "opioid-use",
        "opioid-use-unconfirmed",
        "medication-unrecognised",
        "record-unreadable",
    ]
    assert "status must be one of" in cards[-1]["detail"]


def test_malformed_fhir_in_the_prefetch_as_a_whole_is_an_ldn_error() -> None:
    hook_request = request()
    hook_request["prefetch"]["medicationStatements"]["entry"] = {}
    with pytest.raises(LdnError, match="entry"):
        respond(hook_request)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"policy": "monograph"}, "policy"),
        ({"as_of": dt.datetime(2026, 1, 1)}, "as_of"),
        ({"counselling": 1}, "counselling"),
        ({"vocabulary": "default"}, "vocabulary"),
    ],
)
def test_wrong_arguments_are_type_errors(kwargs: dict[str, Any], name: str) -> None:
    with pytest.raises(LdnTypeError, match=name):
        respond(request(), **kwargs)
    with pytest.raises(LdnTypeError, match="request"):
        respond("{}")  # type: ignore[arg-type]


def test_a_deeply_nested_order_is_refused_not_a_recursion_error() -> None:
    order = ldn_order(formulation="cellulose")
    nested: dict[str, Any] = {}
    for _ in range(100):
        nested = {"x": nested}
    order["extension"] = [nested]
    hook_request = request("order-sign", orders=(order,), allergies=(allergy("cellulose"),))
    with pytest.raises(HookRequestError, match="nested"):
        respond(hook_request)


def test_a_custom_vocabulary_without_naltrexone_still_answers() -> None:
    from ldn.opioids import Substance, Vocabulary

    bare = Vocabulary("bare", [Substance("oxycodone", atc_codes=["N02AA05"])])
    assert respond(request(), vocabulary=bare) == {"cards": []}


def test_a_clinic_vocabulary_screens_the_record() -> None:
    """The vocabulary given to respond reads the record, not only the draft orders."""
    from ldn.opioids import Product, Source, default_vocabulary

    local = default_vocabulary().extend(
        name="clinic-formulary",
        sources=[Source("clinic-2026", "Clinic formulary 2026", "internal document")],
        products=[Product("Oxy-Clinic", "NZ", ("oxycodone",), "clinic-2026")],
    )
    hook_request = request(statements=(statement("Oxy-Clinic 5 mg"),))
    codes = [c["source"]["topic"]["code"] for c in respond(hook_request, vocabulary=local)["cards"]]
    assert "opioid-use" in codes
    default = [c["source"]["topic"]["code"] for c in respond(hook_request)["cards"]]
    assert "opioid-use" not in default


def test_the_errors_are_exported_and_carry_their_status() -> None:
    assert issubclass(PrefetchMissingError, HookRequestError)
    assert issubclass(HookRequestError, ValueError)
    assert (HookRequestError.http_status, PrefetchMissingError.http_status) == (400, 412)
    assert ldn.cds is __import__("ldn.cds").cds


if __name__ == "__main__":  # rewrite the golden files
    for file_name, content in golden_files().items():
        (GOLDEN / file_name).write_text(dump(content), encoding="utf-8")
        print("wrote", GOLDEN / file_name)


# -- the less common shapes of an order ------------------------------------------------------


def test_naltrexone_beside_another_antagonist_is_not_an_ldn_order() -> None:
    order = coded_order("urn:local", "x", "naltrexone with nalmefene")
    assert respond(request(orders=(order,), selections=["MedicationRequest/o1"])) == {"cards": []}


def test_an_order_by_concept_alone_is_checked_but_has_no_filler() -> None:
    order = coded_order(ATC_URL, "N07BB04") | {
        "dosageInstruction": ldn_order()["dosageInstruction"]
    }
    assert sign(order) == []


def test_an_unresolved_medication_reference_is_read_by_its_display() -> None:
    order = ldn_order(version="R4")
    del order["contained"]
    order["medicationReference"] = {"reference": "Medication/gone", "display": "naltrexone 4.5 mg"}
    assert sign(order) == []


def test_prefetch_entries_without_a_resource_are_named() -> None:
    hook_request = request()
    hook_request["prefetch"]["medicationStatements"]["entry"].append({"fullUrl": "urn:x"})
    assert codes(checked(hook_request)) == ["opioid-use-unconfirmed", "record-unreadable"]


def test_strengths_in_other_units_are_not_a_liquids_strength() -> None:
    order = ldn_order(formulation=ldn.OralLiquid.from_tablet(), version="R4")
    order["contained"][0]["ingredient"][0]["strength"]["numerator"]["code"] = "g"
    assert sign(order) == ["order-unreadable"]


@pytest.mark.rule("LDN-LIQUID")
def test_a_strength_with_no_decimal_form_is_unreadable() -> None:
    order = ldn_order(formulation=ldn.OralLiquid.from_tablet(), version="R4")
    order["contained"][0]["ingredient"][0]["strength"]["denominator"]["value"] = 3
    assert sign(order) == ["order-unreadable"]
    card = respond(request("order-sign", orders=(order,)))["cards"][1]
    assert "strength cannot be used" in card["detail"]


@pytest.mark.rule("LDN-FILLER")
def test_a_filler_named_only_by_a_coding_display_is_read() -> None:
    order = ldn_order(formulation="cellulose", version="R4")
    medication = order["contained"][0]
    medication["ingredient"][1]["itemCodeableConcept"] = {
        "coding": [
            {
                "system": "http://snomed.info/sct",
                "code": "0",
                "display": "Microcrystalline cellulose",
            }
        ]
    }
    del medication["code"]["text"]
    response = checked(request("order-sign", orders=(order,), allergies=(allergy("cellulose"),)))
    action = response["cards"][1]["suggestions"][0]["actions"][0]
    updated = action["resource"]["contained"][0]
    assert updated["ingredient"][1]["itemCodeableConcept"] == {"text": "sucrose"}
    assert "text" not in updated["code"]


def test_an_inactive_ingredient_by_reference_names_no_filler() -> None:
    order = ldn_order(formulation="cellulose", version="R4")
    order["contained"][0]["ingredient"][1] = {
        "itemReference": {"reference": "Substance/s1"},
        "isActive": False,
    }
    assert sign(order, allergies=(allergy("cellulose"),)) == ["filler-sensitivity"]


def test_a_contained_filler_in_an_order_without_id_gets_no_suggestion() -> None:
    order = ldn_order(formulation="cellulose", version="R4")
    del order["id"]
    response = checked(request("order-sign", orders=(order,), allergies=(allergy("cellulose"),)))
    card = response["cards"][1]
    assert card["source"]["topic"]["code"] == "order-filler"
    assert "suggestions" not in card


@pytest.mark.validator
@pytest.mark.rule("LDN-FILLER")
@pytest.mark.parametrize("version", ["R4", "R4B", "R5"])
def test_the_updated_order_a_filler_suggestion_carries_passes_the_fhir_validator(
    version: str,
) -> None:
    from tests.support import fhir_validator as fv

    if os.environ.get("LDN_MUTATION") == "1":
        pytest.skip("tools/mutation.sh leaves the HL7 validator out")
    order = ldn_order(formulation="cellulose", version=version)
    response = checked(request("order-sign", orders=(order,), allergies=(allergy("cellulose"),)))
    updated = response["cards"][1]["suggestions"][0]["actions"][0]["resource"]
    exact = json.loads(json.dumps(updated), parse_float=Decimal)
    outcome = fv.validate(exact, version)
    assert outcome.ok, outcome.errors
    assert fv.validate(json.loads(json.dumps(order), parse_float=Decimal), version).ok


def test_the_twentieth_digit_is_read_and_the_twenty_first_refused() -> None:
    assert _number(Decimal("1.2345678901234567890"), "x") == Decimal("1.2345678901234567890")
    with pytest.raises(HookRequestError) as raised:
        _number(Decimal("1.23456789012345678901"), "dose")
    assert str(raised.value) == (
        "dose must be a finite number below 1000000000, of at most 20 digits, "
        "got Decimal Decimal('1.23456789012345678901')"
    )
    with pytest.raises(HookRequestError) as raised:
        _number(10**400, "dose")
    assert str(raised.value).startswith("dose must be a finite number below 1000000000")
    assert len(str(raised.value)) < 200
    with pytest.raises(HookRequestError) as raised:
        _number("4.5", "dose")
    assert str(raised.value) == "dose must be a JSON number, got str '4.5'"
    assert _number(999_999_999, "x") == 999_999_999


def test_an_empty_id_is_no_id() -> None:
    order = ldn_order(identifier="")
    response = checked(request(orders=(order,), statements=(statement("codeine"),), selections=[]))
    assert response == {"cards": []}  # an order without an id cannot be selected
    response = checked(request("order-sign", orders=(order,), statements=(statement("codeine"),)))
    assert "suggestions" not in response["cards"][0]


def test_recognition_answers_true_or_false() -> None:
    from ldn.medication import Medication
    from ldn.opioids import default_vocabulary

    vocabulary = default_vocabulary()
    assert vocabulary.names_alone([], "naltrexone") is False
    assert vocabulary.names_alone([Medication("Revia 50 mg")], "naltrexone") is True
    assert vocabulary.names_alone([Medication("Contrave")], "naltrexone") is False
    assert vocabulary.names_alone([Medication("Revia"), "oxycodone"], "naltrexone") is False
    assert vocabulary.names_alone(["naltrexone", "nalmefene"], "naltrexone") is False


def test_amounts_past_24_characters_are_shown_about() -> None:
    from fractions import Fraction

    assert _mg(Fraction(123456789012345678901234)) == "123456789012345678901234 mg"
    assert _mg(Fraction(1234567890123456789012345)) == "about 1234567890123456789012345 mg"


def test_nesting_up_to_the_limit_is_copied_and_past_it_refused() -> None:
    def nested_order(levels: int) -> dict[str, Any]:
        order = ldn_order(formulation="cellulose", version="R4")
        inner: Any = "leaf"
        for _ in range(levels - 1):
            inner = {"x": inner}
        order["extension"] = [inner]
        return order

    for levels, ok in ((63, True), (64, False)):
        hook_request = request(
            "order-sign", orders=(nested_order(levels),), allergies=(allergy("cellulose"),)
        )
        if ok:
            assert "order-filler" in codes(checked(hook_request))
            continue
        with pytest.raises(HookRequestError) as raised:
            respond(hook_request)
        assert str(raised.value) == (
            "draft order must be a FHIR resource, got nested deeper than 64 levels"
        )
    listed = nested_order(2)
    deep: Any = "leaf"
    for _ in range(31):
        deep = [{"x": deep}]
    listed["extension"] = deep
    hook_request = request("order-sign", orders=(listed,), allergies=(allergy("cellulose"),))
    assert "order-filler" in codes(checked(hook_request))


def test_an_order_without_an_id_gets_no_removal_suggestion() -> None:
    order = ldn_order()
    del order["id"]
    response = checked(request("order-sign", orders=(order,), statements=(statement("codeine"),)))
    assert "suggestions" not in response["cards"][0]


def test_a_medication_without_ingredients_is_read_by_its_code() -> None:
    order = ldn_order(version="R4")
    del order["contained"][0]["ingredient"]
    assert sign(order) == []


def test_a_malformed_strength_names_its_place() -> None:
    order = ldn_order(formulation=ldn.OralLiquid.from_tablet(), version="R4")
    order["contained"][0]["ingredient"][0]["strength"]["numerator"]["value"] = "0.5"
    with pytest.raises(HookRequestError) as raised:
        respond(request("order-sign", orders=(order,)))
    assert str(raised.value) == (
        "MedicationRequest[Bundle.entry[0]].medication.ingredient[0].numerator.value must be "
        "a JSON number, got str '0.5'"
    )
    order["contained"][0]["ingredient"][0]["strength"] = "0.5 mg/mL"
    with pytest.raises(HookRequestError) as raised:
        respond(request("order-sign", orders=(order,)))
    assert str(raised.value) == (
        "MedicationRequest[Bundle.entry[0]].medication.ingredient[0].strength must be "
        "a JSON object, got str '0.5 mg/mL'"
    )


def test_a_dose_without_a_unit_is_unreadable() -> None:
    order = ldn_order()
    quantity = order["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]
    del quantity["code"], quantity["unit"]
    assert sign(order) == ["order-unreadable"]
    detail = respond(request("order-sign", orders=(order,)))["cards"][1]["detail"]
    assert "gives its dose in None, not mg or mL" in detail


def test_a_malformed_strength_ratio_names_its_place() -> None:
    order = ldn_order(formulation=ldn.OralLiquid.from_tablet(), version="R5")
    ingredient = order["contained"][0]["ingredient"][0]
    where = "MedicationRequest[Bundle.entry[0]].medication.ingredient[0]"
    for change, message in (
        ({"strengthRatio": "x"}, f"{where}.strengthRatio must be a JSON object, got str 'x'"),
        (
            {"strengthRatio": {"numerator": 1}},
            f"{where}.numerator must be a JSON object, got int 1",
        ),
        (
            {"strengthRatio": {"numerator": {"value": 1, "code": "mg"}, "denominator": 1}},
            f"{where}.denominator must be a JSON object, got int 1",
        ),
        (
            {
                "strengthRatio": {
                    "numerator": {"value": 1, "code": "mg"},
                    "denominator": {"value": "1", "code": "mL"},
                }
            },
            f"{where}.denominator.value must be a JSON number, got str '1'",
        ),
    ):
        changed = copy.deepcopy(order)
        changed["contained"][0]["ingredient"][0] = {**ingredient, **change}
        with pytest.raises(HookRequestError) as raised:
            respond(request("order-sign", orders=(changed,)))
        assert str(raised.value) == message


def test_the_wrong_argument_messages() -> None:
    for kwargs, message in (
        ({"policy": "monograph"}, "policy must be a Policy, got str 'monograph'"),
        ({"counselling": 1}, "counselling must be True or False, got int 1"),
        ({"vocabulary": 1}, "vocabulary must be a Vocabulary or None, got int 1"),
        ({"as_of": "2026"}, "as_of must be a datetime.date or None, got str '2026'"),
    ):
        with pytest.raises(LdnTypeError) as raised:
            respond(request(), **kwargs)
        assert str(raised.value) == message
    with pytest.raises(LdnTypeError) as raised:
        respond([])  # type: ignore[arg-type]
    assert str(raised.value) == "request must be a hook request dict (the parsed JSON), got list []"


def test_the_missing_prefetch_message() -> None:
    hook_request = request()
    del hook_request["prefetch"]["medicationStatements"]
    with pytest.raises(PrefetchMissingError) as raised:
        respond(hook_request)
    assert str(raised.value) == (
        "prefetch 'medicationStatements' must be the result of "
        "MedicationStatement?patient={{context.patientId}}, or null when the client has none "
        "(ldn does no I/O: answer HTTP 412), got missing"
    )


def test_a_prefetch_bundle_without_entries_is_an_empty_list() -> None:
    hook_request = request()
    del hook_request["prefetch"]["allergies"]["entry"]
    assert codes(checked(hook_request)) == ["opioid-use-unconfirmed"]


def test_entries_after_the_draft_order_in_the_prefetch_are_still_read() -> None:
    opioid = {
        "resourceType": "MedicationRequest",
        "status": "active",
        "intent": "order",
        "medicationCodeableConcept": {"text": "tapentadol"},
        "subject": {"reference": "Patient/p1"},
    }
    hook_request = request(requests=(ldn_order() | {"status": "draft"}, opioid))
    assert "opioid-use" in codes(checked(hook_request))


def test_timing_defaults_are_once_a_day() -> None:
    from ldn.fhir._orders import _read_dosage as _step

    step = _step({"doseAndRate": [{"doseQuantity": {"value": 1, "code": "mg"}}]}, "d", 1, None)
    assert (step.dose, step.per_day, step.days, step.when) == (1, 1, None, ())
    for repeat in ({"frequency": 0}, {"period": 0}, {"periodUnit": "mo"}):
        with pytest.raises(Exception, match="timing ldn cannot read"):
            _step(
                {
                    "doseAndRate": [{"doseQuantity": {"value": 1, "code": "mg"}}],
                    "timing": {"repeat": repeat},
                },
                "d",
                1,
                None,
            )


def test_a_long_policy_name_is_cut_in_the_detail() -> None:
    policy = ldn.MONOGRAPH.derive(name="p" * 61, reason="long", max_daily_dose="4")
    detail = checked(request(), policy=policy)["cards"][0]["detail"]
    assert detail.endswith(f"(policy '{'p' * 57}...').")


def test_malformed_fhir_in_a_draft_order_names_it() -> None:
    order = coded_order(ATC_URL, "N07BB04") | {"medicationCodeableConcept": []}
    response = checked(request(orders=(order,), selections=["MedicationRequest/o1"]))
    assert codes(response) == ["order-unreadable"]  # it may be naltrexone: never silent
    assert (
        _escape(
            "MedicationRequest[Bundle.entry[0]].medicationCodeableConcept must be a JSON object, "
            "got list []"
        )
        in response["cards"][0]["detail"]
    )


# -- confirmation as data, one card per code, the card source ------------------------------


@pytest.mark.validator
@pytest.mark.rule("LDN-CONFIRM")
@pytest.mark.parametrize("version", ["R4", "R4B", "R5"])
def test_the_confirmation_suggestion_records_an_observation_read_back_for_seven_days(
    version: str,
) -> None:
    from fhir.resources.observation import Observation as ObservationR5
    from fhir.resources.R4B.observation import Observation as ObservationR4B

    from tests.support import fhir_validator as fv

    response = checked(request(), as_of=AS_OF)
    card = next(
        c for c in response["cards"] if c["source"]["topic"]["code"] == "opioid-use-unconfirmed"
    )
    (suggestion,) = card["suggestions"]
    (action,) = suggestion["actions"]
    assert action["type"] == "create"
    observation = action["resource"]
    assert observation["subject"] == {"reference": "Patient/p1"}
    assert observation["performer"] == [{"reference": "Practitioner/example"}]
    assert observation["effectiveDateTime"] == "2026-12-03"
    model = ObservationR5 if version == "R5" else ObservationR4B
    model.model_validate_json(to_json(observation))
    if os.environ.get("LDN_MUTATION") != "1":
        outcome = fv.validate(json.loads(to_json(observation), parse_float=Decimal), version)
        assert outcome.ok, str(outcome)
    for days, confirmed in ((0, True), (7, True), (8, False), (-1, False)):
        later = request(observations=(observation,))
        found = codes(checked(later, as_of=AS_OF + dt.timedelta(days=days)))
        assert ("opioid-use-unconfirmed" not in found) is confirmed, days


def test_the_confirmation_suggestion_needs_a_date_and_a_patient_id() -> None:
    def unconfirmed(hook_request: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        response = checked(hook_request, **kwargs)
        return next(
            c for c in response["cards"] if c["source"]["topic"]["code"] == "opioid-use-unconfirmed"
        )

    assert "suggestions" not in unconfirmed(request())  # no as_of: no date to record
    odd = request()
    odd["context"]["patientId"] = "not a FHIR id"
    assert "suggestions" not in unconfirmed(odd, as_of=AS_OF)
    anonymous = request()
    anonymous["context"]["userId"] = "someone"
    card = unconfirmed(anonymous, as_of=AS_OF)
    assert "performer" not in card["suggestions"][0]["actions"][0]["resource"]
    own = ldn.Coding("urn:clinic", "ldn-opioid-check", "Opioid check")
    card = unconfirmed(request(), as_of=AS_OF, confirmation_codes=[own])
    coding = card["suggestions"][0]["actions"][0]["resource"]["code"]["coding"]
    assert coding == [
        {"system": "urn:clinic", "code": "ldn-opioid-check", "display": "Opioid check"}
    ]
    prefetch = discovery(confirmation_codes=[own])["services"][0]["prefetch"]
    assert prefetch["opioidUseObservations"].endswith("&code=urn:clinic|ldn-opioid-check")
    for bad in ("x", [], [1], own):
        with pytest.raises(LdnTypeError):
            respond(request(), confirmation_codes=bad)
        with pytest.raises(LdnTypeError):
            discovery(confirmation_codes=bad)


def test_a_thousand_repeats_of_one_entry_give_one_card() -> None:
    entries = tuple(statement("codeine 30 mg") for _ in range(1000))
    response = checked(request(statements=(*entries, statement("tramadol 50 mg"))))
    opioid = [c for c in response["cards"] if c["source"]["topic"]["code"] == "opioid-use"]
    assert len(opioid) == 1
    assert opioid[0]["summary"] == "Opioid use: do not start low dose naltrexone (2 found)"
    assert "codeine" in opioid[0]["detail"]
    assert "tramadol" in opioid[0]["detail"]
    many = tuple(statement(f"codeine {n} mg") for n in range(1, 15))
    detail = next(
        c["detail"]
        for c in checked(request(statements=many))["cards"]
        if c["source"]["topic"]["code"] == "opioid-use"
    )
    assert "And 4 more of the same kind." in detail
    assert len(respond(request(statements=many))["cards"]) == 2


def test_the_deployer_names_the_card_source() -> None:
    from ldn.cds import DEFAULT_SOURCE, CardSource

    source = CardSource(
        "Clinic LDN checks", "https://cds.example.org/ldn", "https://cds.example.org/i.png"
    )
    (card,) = checked(request(), source=source)["cards"]
    assert card["source"]["label"] == "Clinic LDN checks"
    assert card["source"]["url"] == "https://cds.example.org/ldn"
    assert card["source"]["icon"] == "https://cds.example.org/i.png"
    assert card["source"]["topic"]["code"] == "opioid-use-unconfirmed"
    assert checked(request())["cards"][0]["source"]["label"] == DEFAULT_SOURCE.label
    for bad in (
        lambda: CardSource("", "https://x.example"),
        lambda: CardSource("x" * 81, "https://x.example"),
        lambda: CardSource(" padded ", "https://x.example"),
        lambda: CardSource("ok", "ftp://x.example"),
        lambda: CardSource("ok", "https://x.example/a b"),
        lambda: CardSource("ok", "https://x.example", "icon.png"),
        lambda: CardSource(1, "https://x.example"),  # type: ignore[arg-type]
    ):
        with pytest.raises(LdnTypeError):
            bad()
    with pytest.raises(LdnTypeError):
        respond(request(), source="ldn")  # type: ignore[arg-type]


def test_free_text_urls_and_addresses_never_become_links() -> None:
    texts = [
        "codeine see http://evil.example/x",
        "codeine www.evil.example",
        "codeine mail me@evil.example",
        "codeine evil.example",
        "codeine <https://evil.example>",
    ]
    for text in texts:
        detail = checked(request(statements=(statement(text),)))["cards"][0]["detail"]
        for linked in ("http://", "https://", "www.", "me@", "evil.example"):
            assert linked not in detail, (text, linked)


def test_to_json_writes_surrogates_escaped_so_they_read_back_as_they_came() -> None:
    low, high = chr(0xD800), chr(0xDFFF)  # two lone surrogates, two keys
    value = {"text": f"codeine {low}", high: ["\ud83d\ude00"], low: "é"}
    text = to_json(value)
    assert "é" in text  # a str without a surrogate is written as it is
    assert json.loads(text.encode("utf-8")) == {
        "text": f"codeine {low}",
        high: ["\U0001f600"],
        low: "é",
    }


def test_an_operation_outcome_in_the_prefetch_is_named_never_read_as_no_data() -> None:
    outcome = {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "timeout", "diagnostics": "pharmacy feed down"}],
    }
    hook_request = request()
    hook_request["prefetch"]["medicationDispenses"] = outcome
    response = checked(hook_request)
    card = next(c for c in response["cards"] if c["source"]["topic"]["code"] == "record-unreadable")
    assert "medicationDispenses" in card["detail"]
    assert "pharmacy feed down" in card["detail"]
    hook_request = request(statements=(statement("metformin"),))
    hook_request["prefetch"]["medicationStatements"]["entry"].append(
        {"resource": outcome | {"issue": [{"severity": "warning", "code": "too-costly"}, "x"]}}
    )
    detail = next(
        c["detail"]
        for c in checked(hook_request)["cards"]
        if c["source"]["topic"]["code"] == "record-unreadable"
    )
    assert "entry\\[1\\]" in detail
    assert "warning too-costly" in detail
    hook_request["prefetch"]["medicationStatements"]["entry"][1]["resource"]["issue"] = None
    assert "no issue given" in str(checked(hook_request))


def test_a_lone_surrogate_or_a_list_where_a_code_goes_is_no_foreign_exception() -> None:
    hook_request = request()
    hook_request["hookInstance"] = "\ud800"
    first = checked(hook_request)["cards"][0]["uuid"]
    hook_request["hookInstance"] = "\ud801"
    assert checked(hook_request)["cards"][0]["uuid"] != first
    for odd in ([], {}):
        hook_request = request()
        order = hook_request["context"]["draftOrders"]["entry"][0]["resource"]
        order["contained"][0]["code"]["coding"] = [{"system": odd, "code": "N07BB04"}]
        assert codes(checked(hook_request)) == ["order-unreadable"]


@pytest.mark.parametrize(
    "entry",
    [
        statement("OxyContin 10 mg"),
        statement("oxycodone 5 mg", "completed") | {"effectivePeriod": {"end": "2026-11-30"}},
    ],
)
def test_no_one_click_no_opioid_record_while_the_record_shows_opioid_use(
    entry: dict[str, Any],
) -> None:
    response = checked(request(statements=(entry,)), as_of=AS_OF)
    card = next(
        c for c in response["cards"] if c["source"]["topic"]["code"] == "opioid-use-unconfirmed"
    )
    assert "suggestions" not in card


def test_an_operation_outcome_is_named_exactly() -> None:
    from ldn.cds._request import _outcome

    outcome = {
        "resourceType": "OperationOutcome",
        "issue": [
            {"severity": "error", "code": "timeout", "diagnostics": "feed down"},
            {"severity": "warning", "code": 5},
            "x",
        ],
    }
    found = _outcome("medicationDispenses", ".entry[2]", outcome)
    assert found.resource == "prefetch 'medicationDispenses'.entry[2]"
    assert found.reason == (
        "the client sent an OperationOutcome instead of the data (error timeout feed down; "
        "warning): the record may be incomplete"
    )
    assert found.medication is True
    long = {"issue": [{"diagnostics": "x" * 500}]}
    assert len(_outcome("k", "", long).reason) < 300
    assert "(no issue given)" in _outcome("k", "", {"issue": "x"}).reason


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("",), "label must be a non-blank str of at most 80 characters, got str ''"),
        ((" ",), "label must be a non-blank str of at most 80 characters, got str ' '"),
        ((None,), "label must be a non-blank str of at most 80 characters, got NoneType None"),
        (
            ("x" * 81,),
            "label must be a non-blank str of at most 80 characters, got str 'xxxx",
        ),
        (
            ("a  b",),
            "label must be one line, single spaces, no space at either end, got str 'a  b'",
        ),
        (
            ("a\nb",),
            "label must be one line, single spaces, no space at either end, got str 'a\\nb'",
        ),
        (
            ("ok", "https:/x"),
            "url must be an absolute http or https URL (no spaces), got str 'https:/x'",
        ),
        (
            ("ok", "https://x.example", "x.png"),
            "icon must be an absolute http or https URL (no spaces), got str 'x.png'",
        ),
        (("ok", 5), "url must be an absolute http or https URL (no spaces), got int 5"),
    ],
)
def test_a_card_source_refuses_with_a_message(arguments: tuple[Any, ...], message: str) -> None:
    from ldn.cds import CardSource

    full = (
        (*arguments, *("https://x.example",)[len(arguments) - 1 :])
        if len(arguments) == 1
        else arguments
    )
    with pytest.raises(LdnTypeError) as raised:
        CardSource(*full)
    assert str(raised.value).startswith(message)
    assert len(str(raised.value)) < 200


def test_a_card_source_at_its_bounds() -> None:
    from ldn.cds import CardSource

    assert CardSource("x" * 80, "http://x.example").label == "x" * 80
    longest = "https://x.example/" + "a" * (2000 - 18)
    assert CardSource("ok", longest, longest).icon == longest
    with pytest.raises(LdnTypeError):
        CardSource("ok", longest + "a")
    with pytest.raises(LdnTypeError):
        CardSource("ok", "https://x.example", longest + "a")
    for url in ("http://x", "https://x.example:8443/a?b=c#d", "HTTPS://X.EXAMPLE"):
        assert CardSource("ok", url).url == url
    for bad in ("https://", "https:// x", "https://x y", "mailto:a@b", "//x.example"):
        with pytest.raises(LdnTypeError):
            CardSource("ok", bad)
    assert CardSource("ok", "https://x.example").to_json() == {
        "label": "ok",
        "url": "https://x.example",
    }


def test_an_operation_outcome_is_named_within_two_hundred_characters() -> None:
    from ldn.cds._request import _outcome

    reason = _outcome("k", "", {"issue": [{"diagnostics": "x" * 500}]}).reason
    inner = reason[reason.index("(") + 1 : reason.rindex(")")]
    assert len(inner) == 200


def card_detail(response: dict[str, Any], code: str) -> str:
    detail: str = next(
        c["detail"] for c in response["cards"] if c["source"]["topic"]["code"] == code
    )
    return detail


def test_a_once_daily_morning_step_is_said_so() -> None:
    order = ldn_order()
    order["dosageInstruction"][1]["timing"]["repeat"]["when"] = ["MORN"]
    detail = card_detail(checked(request("order-sign", orders=(order,))), "order-timing")
    assert detail.startswith(
        _escape("Step 2 of the order is taken once a day, when MORN; low dose naltrexone is taken")
    )


def test_a_restart_without_a_recorded_day_says_so() -> None:
    from ldn.cds._order_checks import course_findings

    undated = ldn.course_of([ldn.LdnUse("MedicationStatement/old", False)], as_of=AS_OF)
    (finding,) = course_findings([], undated, AS_OF, ldn.MONOGRAPH)
    assert finding.message == (
        "The patient took low dose naltrexone before, but not in the last 7 days: this order "
        "is a new start. Titrate again from the start range (0.5 mg to 1.5 mg a day)."
    )
    dated = ldn.course_of(
        [ldn.LdnUse("a", False, dt.date(2026, 9, 1)), ldn.LdnUse("b", False, dt.date(2026, 10, 1))],
        as_of=AS_OF,
    )
    (finding,) = course_findings([], dated, AS_OF, ldn.MONOGRAPH)
    assert "(last recorded on 2026-10-01)" in finding.message


@pytest.mark.parametrize(("days_left", "duplicate"), [(7, False), (8, True), (None, False)])
def test_an_active_ldn_order_overlaps_when_it_runs_more_than_seven_days_on(
    days_left: int | None, duplicate: bool
) -> None:
    running = running_ldn_request()
    if days_left is None:
        del running["dispenseRequest"]
    else:
        end = (AS_OF + dt.timedelta(days=days_left)).isoformat()
        running["dispenseRequest"]["validityPeriod"]["end"] = end
    found = codes(
        checked(request("order-sign", orders=(maintenance(),), requests=(running,)), as_of=AS_OF)
    )
    assert ("order-duplicate-ldn" in found) is duplicate


def test_the_rise_from_the_last_known_dose_is_named_first() -> None:
    order = ldn_order()
    steps = order["dosageInstruction"]
    steps[0]["doseAndRate"][0]["doseQuantity"]["value"] = 2.5
    steps[1]["doseAndRate"][0]["doseQuantity"]["value"] = 4.5
    steps[2]["doseAndRate"][0]["doseQuantity"]["value"] = 4.5
    response = checked(
        request("order-sign", orders=(order,), dispenses=(ldn_dispense("0.5"),)), as_of=AS_OF
    )
    detail = card_detail(response, "order-step-too-large")
    first, second = detail.split("\n\n")[:2]
    assert "the last known dose" in first
    assert "(step 1)" in second


def test_operation_outcomes_are_named_where_they_are_and_the_rest_is_read() -> None:
    outcome = {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "x"}]}
    hook_request = request()
    hook_request["prefetch"]["medicationDispenses"] = outcome
    detail = card_detail(checked(hook_request), "record-unreadable")
    assert "prefetch 'medicationDispenses'\" could not be read" in detail
    assert "entry" not in detail
    hook_request = request(statements=(statement("metformin"), statement("OxyContin 10 mg")))
    hook_request["prefetch"]["medicationStatements"]["entry"].insert(0, {"resource": outcome})
    response = checked(hook_request)
    detail = card_detail(response, "record-unreadable")
    assert _escape("prefetch 'medicationStatements'.entry[0]") in detail
    assert "opioid-use" in codes(response)  # the entries after it are read


def test_an_unreadable_draft_is_named_and_the_drafts_after_it_are_read() -> None:
    nameless = {"resourceType": "MedicationRequest", "status": "draft", "intent": "order"}
    hook_request = request(
        "order-sign", orders=(nameless, ldn_order()), statements=(statement("OxyContin 10 mg"),)
    )
    response = checked(hook_request)
    assert _escape("MedicationRequest[Bundle.entry[0]]") in card_detail(
        response, "order-unreadable"
    )
    assert "opioid-use" in codes(response)
