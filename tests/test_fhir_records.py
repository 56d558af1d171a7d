"""FHIR records with their expected screening results (the medication history corpus).

Each file of ``tests/corpus/fhir_records/`` holds one patient's record (a Bundle or a
list of resources, R4, R4B, R5, STU3, DSTU2 or mixed), the ``as_of`` date of the first
dose and the ``opioid_use`` argument, and what screening must give: ``may_start``,
every finding but the two counselling ones as ``[code, trigger]`` pairs, and how many
resources could not be read. Records adapted from HL7's examples and from Synthea
output name their source in the file.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import ldn
from ldn import screen
from ldn.fhir import patient_from_fhir

RECORDS = Path(__file__).parent / "corpus" / "fhir_records"
FILES = sorted(RECORDS.glob("*.json"))
KEYS = {
    "description",
    "source",
    "fhir",
    "kinds",
    "as_of",
    "opioid_use",
    "strict_raises",
    "expect",
    "record",
}
VERSIONS = {"R4", "R4B", "R5", "STU3", "DSTU2", "mixed"}
#: Every kind of record the corpus must hold at least once.
REQUIRED_KINDS = {
    "dispense-only",
    "administration-only",
    "stopped-dated",
    "stopped-undated",
    "no-as-of",
    "boundary",
    "long-acting",
    "mixed-versions",
    "duplicate-ids",
    "reference-loop",
    "fan-out",
    "unreadable",
    "unknown-type",
    "stu3",
    "dstu2",
    "entered-in-error",
    "confirmation",
}
KINDS = REQUIRED_KINDS | {"realistic", "current-status", "unresolved-reference"}
#: Counselling findings every report holds; the files leave them out.
INFO = {"hepatic-information", "adverse-effects"}
SMALL, LARGE = 30_000, 300_000
#: Seconds any one record may take to read and screen before its test fails.
TIME_LIMIT = 10.0

#: Records where the library disagrees with the contract (DESIGN.md, issue 18 API):
#: each names the disagreement. Strict, so a fix shows.
#: Records whose expectation the reader does not meet yet, with why (xfail, strict):
#: empty while the reader agrees with every record.
DISAGREEMENTS: dict[str, str] = {}


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail, not hang, when reading takes longer (a reader that follows every path
    of a fan-out would run for hours); SIGALRM where the platform has it."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"reading took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def date_or_none(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def pairs(findings: Any) -> list[tuple[str, str | None]]:
    return sorted(((c, t) for c, t in findings), key=lambda f: (f[0], f[1] or ""))


def cases() -> list[Any]:
    params = []
    for path in FILES:
        marks = []
        if path.stem in DISAGREEMENTS:
            marks.append(pytest.mark.xfail(strict=True, reason=DISAGREEMENTS[path.stem]))
        params.append(pytest.param(path, id=path.stem, marks=marks))
    return params


@pytest.mark.rule("LDN-OPIOID-FREE")
@pytest.mark.parametrize("path", cases())
def test_record(path: Path) -> None:
    """The record screens as its file says, and strict reading agrees or raises."""
    case = load(path)
    as_of = date_or_none(case["as_of"])
    record = case["record"]
    with deadline(TIME_LIMIT):
        patient = patient_from_fhir(
            copy.deepcopy(record), as_of=as_of, opioid_use=case["opioid_use"]
        )
        report = screen(patient, as_of=as_of)
    expect = case["expect"]
    found = pairs((f.code, f.trigger) for f in report.findings if f.code not in INFO)
    assert (report.may_start, found, len(patient.unreadable)) == (
        expect["may_start"],
        pairs(expect["findings"]),
        expect["unreadable"],
    )
    strictly = {"as_of": as_of, "opioid_use": case["opioid_use"], "strict": True}
    with deadline(TIME_LIMIT):
        if case["strict_raises"]:
            with pytest.raises(ldn.LdnError):
                patient_from_fhir(copy.deepcopy(record), **strictly)
        else:
            assert patient_from_fhir(copy.deepcopy(record), **strictly) == patient


def test_every_kind_is_in_the_corpus() -> None:
    kinds = {kind for path in FILES for kind in load(path)["kinds"]}
    assert REQUIRED_KINDS - kinds == set()
    assert len(FILES) >= 35


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_record_file_is_complete(path: Path) -> None:
    """Valid JSON with every key, of the right types, findings sorted, size bounded."""
    case = load(path)
    assert set(case) == KEYS
    assert isinstance(case["description"], str)
    assert case["description"].strip()
    assert isinstance(case["source"], str)
    assert case["source"].strip()
    assert case["fhir"] in VERSIONS
    assert case["kinds"]
    assert set(case["kinds"]) <= KINDS
    if case["as_of"] is not None:
        dt.date.fromisoformat(case["as_of"])
    assert case["opioid_use"] in (True, False, None)
    assert isinstance(case["strict_raises"], bool)
    expect = case["expect"]
    assert set(expect) == {"may_start", "findings", "unreadable"}
    assert isinstance(expect["may_start"], bool)
    assert isinstance(expect["unreadable"], int)
    assert expect["unreadable"] >= 0
    assert case["strict_raises"] == (expect["unreadable"] > 0)
    findings = expect["findings"]
    assert all(
        isinstance(f, list) and len(f) == 2 and isinstance(f[0], str) and f[0] not in INFO
        for f in findings
    )
    assert findings == [list(f) for f in pairs(findings)]
    record = case["record"]
    assert isinstance(record, list) or record.get("resourceType") == "Bundle"
    limit = LARGE if "realistic" in case["kinds"] else SMALL
    assert path.stat().st_size < limit


def test_only_one_large_record() -> None:
    assert sum(path.stat().st_size >= SMALL for path in FILES) <= 1


def test_fan_out_reads_in_under_50_ms() -> None:
    """A chain of 40 Medications, each naming the next twice: best of 5 under 50 ms."""
    case = load(RECORDS / "fan-out-40.json")
    as_of = date_or_none(case["as_of"])
    times = []
    for _ in range(5):
        record = copy.deepcopy(case["record"])
        with deadline(TIME_LIMIT):
            start = time.perf_counter()
            patient_from_fhir(record, as_of=as_of, opioid_use=case["opioid_use"])
            times.append(time.perf_counter() - start)
    assert min(times) < 0.050
