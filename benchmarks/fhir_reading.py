"""Reading a FHIR record beside ``json.loads`` of the same record, at 100, 1,000 and 10,000 entries.

    python benchmarks/fhir_reading.py

One run prints, for each size, the median time of ``json.loads`` of the record's
text, of :func:`ldn.fhir.patient_from_fhir` on the parsed record, their ratio, and
the reading time per entry (linear reading keeps it flat as the record grows).

Two records:

* **Synthea**: the MedicationRequests of the corpus record
  ``tests/corpus/fhir_records/synthea-history.json`` (Synthea-generated, from
  smart-on-fhir/sample-bulk-fhir-datasets, CC0), repeated with fresh ids to the size;
* **minimal**: one small resource of each medication type in turn (statement,
  request, dispense, administration), every text distinct, with nothing but the
  members the reader reads: the worst case for the ratio, since ``json.loads`` has
  the least to parse.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ldn.fhir import patient_from_fhir  # noqa: E402

AS_OF = dt.date(2026, 12, 3)
SIZES = (100, 1_000, 10_000)


def synthea_resources() -> list[dict[str, Any]]:
    path = ROOT / "tests" / "corpus" / "fhir_records" / "synthea-history.json"
    record = json.loads(path.read_text(encoding="utf-8"))["record"]
    entries = record["entry"] if isinstance(record, dict) else record
    return [entry.get("resource", entry) for entry in entries]


def synthea(count: int) -> str:
    base = synthea_resources()
    entries = []
    for index in range(count):
        resource = dict(base[index % len(base)])
        resource["id"] = f"{resource.get('id', 'r')}-{index}"
        entries.append({"fullUrl": f"urn:uuid:{index}", "resource": resource})
    return json.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries})


def minimal(count: int) -> str:
    def concept(index: int) -> dict[str, Any]:
        text = f"paracetamol 500 mg tablet #{index}"
        coding = {"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "313782"}
        return {"coding": [{**coding, "display": text}], "text": text}

    shapes: list[Callable[[int], dict[str, Any]]] = [
        lambda i: {
            "resourceType": "MedicationStatement",
            "status": "completed",
            "medicationCodeableConcept": concept(i),
            "effectivePeriod": {"start": "2026-01-01", "end": "2026-11-20"},
        },
        lambda i: {
            "resourceType": "MedicationRequest",
            "status": "stopped",
            "intent": "order",
            "medicationCodeableConcept": concept(i),
            "authoredOn": "2026-10-01",
            "dispenseRequest": {"expectedSupplyDuration": {"value": 30, "code": "d"}},
        },
        lambda i: {
            "resourceType": "MedicationDispense",
            "status": "completed",
            "medicationCodeableConcept": concept(i),
            "whenHandedOver": "2026-11-01T10:00:00+13:00",
            "daysSupply": {"value": 28, "code": "d"},
        },
        lambda i: {
            "resourceType": "MedicationAdministration",
            "status": "completed",
            "medicationCodeableConcept": concept(i),
            "effectiveDateTime": "2026-11-02T08:00:00+13:00",
        },
    ]
    entries = [{"resource": shapes[i % 4](i)} for i in range(count)]
    return json.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries})


def paired_medians(
    first: Callable[[], object], second: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """The median seconds of each of two calls, timed in turn so both meet the same load."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for run, into in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            run()
            into.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def main() -> int:
    print(
        f"{'record':8} {'entries':>7} {'bytes':>10} {'json.loads':>11} {'ldn':>9} {'ratio':>6} {'per entry':>10}"
    )
    for name, build in (("synthea", synthea), ("minimal", minimal)):
        for count in SIZES:
            text = build(count)
            parsed = json.loads(text)
            repeat = 21 if count < 10_000 else 5
            loads, reading = paired_medians(
                functools.partial(json.loads, text),
                functools.partial(patient_from_fhir, parsed, as_of=AS_OF),
                repeat,
            )
            print(
                f"{name:8} {count:7,} {len(text):10,} {loads * 1e3:9.2f}ms {reading * 1e3:7.2f}ms "
                f"{reading / loads:6.2f} {reading / count * 1e6:8.1f}us"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
