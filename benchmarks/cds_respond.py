"""Answering a CDS Hooks request beside ``json.loads`` of the same request, at 50 and 500 entries.

    python benchmarks/cds_respond.py

One run prints, for each size and hook, the median time of ``json.loads`` of the
request's text and of :func:`ldn.cds.respond` on the parsed request, and their
ratio. The request is an ``order-sign`` (or ``order-select``) request for one LDN
order; its prefetch holds the MedicationRequests of the Synthea corpus record
(``tests/corpus/fhir_records/synthea-history.json``, CC0), repeated with fresh ids
to the size and split across the prefetch keys the services ask for (requests,
statements, dispenses), plus one allergy and one confirmation Observation.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.fhir_reading import paired_medians, synthea_resources  # noqa: E402
from ldn import titrate  # noqa: E402
from ldn.cds import respond  # noqa: E402
from ldn.fhir import medication_request, to_json  # noqa: E402

AS_OF = dt.date(2026, 12, 3)
SIZES = (50, 500)


def _as(kind: str, resource: dict[str, Any], index: int) -> dict[str, Any]:
    """A Synthea MedicationRequest as a request, statement or dispense of the same medicine."""
    base = {
        key: resource[key]
        for key in ("medicationCodeableConcept", "subject", "authoredOn", "dosageInstruction")
        if key in resource
    }
    if kind == "MedicationRequest":
        return dict(resource, id=f"r{index}")
    if kind == "MedicationStatement":
        return {
            "resourceType": kind,
            "id": f"s{index}",
            "status": "completed",
            "medicationCodeableConcept": base.get("medicationCodeableConcept", {"text": "x"}),
            "subject": {"reference": "Patient/p1"},
            "effectivePeriod": {"start": "2026-01-01", "end": "2026-10-01"},
        }
    return {
        "resourceType": kind,
        "id": f"d{index}",
        "status": "completed",
        "medicationCodeableConcept": base.get("medicationCodeableConcept", {"text": "x"}),
        "subject": {"reference": "Patient/p1"},
        "whenHandedOver": "2026-09-01",
        "daysSupply": {
            "value": 30,
            "unit": "d",
            "system": "http://unitsofmeasure.org",
            "code": "d",
        },
    }


def hook_request(hook: str, count: int) -> str:
    base = synthea_resources()
    kinds = ("MedicationRequest", "MedicationStatement", "MedicationDispense")
    split: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
    for index in range(count):
        kind = kinds[index % 3]
        split[kind].append({"resource": _as(kind, base[index % len(base)], index)})
    order = medication_request(
        titrate(start="1.5", step="1.5", interval_days=14, target="4.5"), subject="Patient/p1"
    ) | {"id": "ldn-1"}
    order = json.loads(to_json(order))

    def bundle(entries: list[dict[str, Any]]) -> dict[str, Any]:
        return {"resourceType": "Bundle", "type": "searchset", "entry": entries}

    observation = {
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
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": "2026-11-20",
        "valueBoolean": False,
    }
    allergy = {
        "resourceType": "AllergyIntolerance",
        "code": {"text": "penicillin"},
        "patient": {"reference": "Patient/p1"},
    }
    context: dict[str, Any] = {
        "userId": "Practitioner/example",
        "patientId": "p1",
        "draftOrders": {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": order}],
        },
    }
    if hook == "order-select":
        context["selections"] = ["MedicationRequest/ldn-1"]
    request = {
        "hook": hook,
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": context,
        "prefetch": {
            "medicationRequests": bundle(split["MedicationRequest"]),
            "medicationStatements": bundle(split["MedicationStatement"]),
            "medicationDispenses": bundle(split["MedicationDispense"]),
            "medicationAdministrations": None,
            "allergies": bundle([{"resource": allergy}]),
            "opioidUseObservations": bundle([{"resource": observation}]),
        },
    }
    return json.dumps(request)


def main() -> int:
    print(f"{'hook':12} {'entries':>7} {'bytes':>9} {'json.loads':>11} {'respond':>9} {'ratio':>6}")
    for hook in ("order-select", "order-sign"):
        for count in SIZES:
            text = hook_request(hook, count)
            parsed = json.loads(text)
            respond(parsed, as_of=AS_OF)  # the vocabulary is built once, before timing
            loads, answer = paired_medians(
                functools.partial(json.loads, text),
                functools.partial(respond, parsed, as_of=AS_OF),
                41,
            )
            print(
                f"{hook:12} {count:7,} {len(text):9,} {loads * 1e3:9.3f}ms {answer * 1e3:7.3f}ms "
                f"{answer / loads:6.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
