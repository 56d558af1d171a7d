"""Screening throughput and recall, beside a naive alternation and drug-named-entity-recognition.

    python benchmarks/screening.py

Needs the ``bench`` extra (``drug-named-entity-recognition``). One run prints:

* throughput of ``screen()`` on 10,000 patients x 10 medication strings, all
  distinct (nothing remembered) and drawn from a list of 500 (as real lists repeat);
* the matching step alone (fold and find names), for ldn's trie-shaped pattern and
  for a naive alternation of the same spellings, at 10%, 100% and 10x the shipped
  vocabulary (the extra spellings are made-up words, so the work is the same);
* the same strings through drug-named-entity-recognition (``find_drugs`` on
  whitespace tokens, then a look-up of opioid names), and the recall each
  achieves on the opioid entries of the test corpus.
"""

from __future__ import annotations

import importlib
import random
import re
import string
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import ldn  # noqa: E402
from ldn._matching import spelling_of as _spelling  # noqa: E402
from ldn._matching import trie_pattern  # noqa: E402
from ldn.opioids import SubstanceKind, Vocabulary, default_vocabulary, fold  # noqa: E402
from ldn.opioids._matcher import LEFT as _LEFT  # noqa: E402
from ldn.opioids._matcher import RIGHT as _RIGHT  # noqa: E402

PATIENTS = 10_000
PER_PATIENT = 10


def corpus() -> list[tuple[str, str]]:
    rows = []
    for name in ("brands_nz_au", "brands_uk", "brands_us"):
        rows += [(r[0], r[2]) for r in importlib.import_module(f"tests.corpus.{name}").CORPUS]
    return rows


def medication_strings(count: int, seed: int) -> list[str]:
    """Realistic entries: corpus strings and common non-opioid drugs, each made distinct."""
    rng = random.Random(seed)
    pool = [text for text, _ in corpus()] + [
        f"{drug} {dose} mg tablets"
        for drug in ("paracetamol", "amitriptyline", "metformin", "atorvastatin", "sertraline")
        for dose in (5, 10, 20, 50, 500)
    ] * 6
    return [f"{rng.choice(pool)} (#{n})" for n in range(count)]


def per_second(count: int, run: Callable[[], object], repeat: int = 3) -> float:
    best = min(_timed(run) for _ in range(repeat))
    return count / best


def _timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def screen_all(patients: list[ldn.Patient]) -> None:
    for patient in patients:
        ldn.screen(patient)


def spellings(vocabulary: Vocabulary) -> list[str]:
    names = [
        sp
        for s in vocabulary.substances
        if s.kind is not SubstanceKind.NEITHER
        for sp in s.spellings
    ]
    names += [p.name for p in vocabulary.products] + list(vocabulary.terms)
    return sorted({_spelling(n) for n in names})


def made_up(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(6, 14)))
        for _ in range(count)
    ]


def compiled(words: list[str], trie: bool) -> re.Pattern[str]:
    if trie:
        body = "(" + trie_pattern(words).replace("\\#", "(?![0-9])") + ")"
    else:
        escaped = sorted((re.escape(w).replace("\\ ", "[^a-z0-9]*") for w in words), key=len)
        body = "(" + "|".join(reversed(escaped)).replace("\\#", "(?![0-9])") + ")"
    return re.compile(_LEFT + body + _RIGHT)


def match_all(pattern: re.Pattern[str], texts: list[str]) -> None:
    for text in texts:
        pattern.findall(fold(text))


def main() -> int:
    vocabulary = default_vocabulary()
    texts = medication_strings(PATIENTS * PER_PATIENT, seed=1)
    patients = [
        ldn.Patient(medications=texts[i : i + PER_PATIENT], opioid_use=False)
        for i in range(0, len(texts), PER_PATIENT)
    ]
    repeated = medication_strings(500, seed=2)
    rng = random.Random(3)
    repeated_patients = [
        ldn.Patient(medications=rng.choices(repeated, k=PER_PATIENT), opioid_use=False)
        for _ in range(PATIENTS)
    ]
    start = time.perf_counter()
    vocabulary._compiled()
    build_ms = (time.perf_counter() - start) * 1e3

    def cold() -> None:
        vocabulary._compiled().memo.clear()
        screen_all(patients)

    print(
        f"ldn {ldn.__version__}; vocabulary: {len(spellings(vocabulary))} spellings, "
        f"{len(vocabulary.codes)} codes; matcher built on first use in {build_ms:.0f} ms"
    )
    print(f"\nscreen(): {PATIENTS:,} patients x {PER_PATIENT} medication strings")
    print(f"  all strings distinct:        {per_second(len(texts), cold):>12,.0f} strings/s")
    print(
        f"  strings from a list of 500:  "
        f"{per_second(len(texts), lambda: screen_all(repeated_patients)):>12,.0f} strings/s"
    )

    words = spellings(vocabulary)
    sample = texts[:20_000]
    print("\nmatching only (fold + find names), strings/s:")
    print(f"  {'spellings':>10} {'trie (ldn)':>12} {'naive alternation':>18}")
    for label, size in (("10%", len(words) // 10), ("100%", len(words)), ("10x", len(words) * 10)):
        chosen = words[:size] if size <= len(words) else words + made_up(size - len(words), 4)
        trie_pattern_, naive_pattern = compiled(chosen, True), compiled(chosen, False)
        trie = per_second(len(sample), lambda p=trie_pattern_: match_all(p, sample))
        naive = per_second(len(sample), lambda p=naive_pattern: match_all(p, sample))
        print(f"  {label:>4} {size:>5} {trie:>12,.0f} {naive:>18,.0f}")

    from drug_named_entity_recognition import find_drugs

    opioid_names = {s.name for s in vocabulary.substances if s.kind is SubstanceKind.OPIOID}

    def dner_finds_opioid(text: str) -> bool:
        found = find_drugs(text.split(), is_ignore_case=True)
        return any(hit[0]["name"].lower() in opioid_names for hit in found)

    find_drugs(["warm-up"], is_ignore_case=True)
    dner = per_second(len(sample), lambda: [dner_finds_opioid(t) for t in sample], repeat=1)
    print(f"\ndrug-named-entity-recognition (same {len(sample):,} strings): {dner:,.0f} strings/s")
    opioid_rows = [text for text, kind in corpus() if kind == "opioid"]
    ours = sum(bool(vocabulary.read(text).opioids) for text in opioid_rows)
    theirs = sum(dner_finds_opioid(text) for text in opioid_rows)
    print(
        f"recall on the {len(opioid_rows)} opioid entries of the test corpus: "
        f"ldn {ours / len(opioid_rows):.1%}, drug-named-entity-recognition "
        f"{theirs / len(opioid_rows):.1%}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
