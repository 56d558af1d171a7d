"""Closed-world screening: what the lexicon costs, beside the floor, in one run.

    python benchmarks/closed_world.py

Prints, for 50,000 distinct realistic medication strings (names from the vocabulary's
brands and the lexicon's rows, with strengths, forms and directions; 10% name an
opioid; 5% carry a non-ASCII letter):

* the floor: one casefold + NFKC + compiled-pattern pass over the same strings (the
  vocabulary's own trie pattern);
* ``Vocabulary.scan`` without a lexicon (open world) and with the shipped one
  (closed world), rounds interleaved, as strings per second and as ratios;
* first use (``default_vocabulary()`` and its first read, bytecode cached as in an
  installed wheel) and the memory the vocabulary holds after first use, each in
  fresh interpreters.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import attrs  # noqa: E402

from ldn.opioids import SubstanceKind, default_vocabulary  # noqa: E402
from ldn.opioids._shipped import LEXICON_TABLES, table_rows  # noqa: E402

STRINGS = 50_000
ROUNDS = 5
FORMS = ["tablet", "tablets", "capsule", "oral solution", "cream", "patch", "inhaler", "MR tab"]
DIRECTIONS = ["", "", "one daily", "twice a day", "at night", "as needed", "mane", "bd"]
ACCENTED = {"e": "é", "a": "á", "o": "ö", "i": "í"}


def strings(count: int = STRINGS, seed: int = 7) -> list[str]:
    """Distinct realistic entries: about 10% opioid, 5% with a non-ASCII letter."""
    import importlib

    vocabulary = default_vocabulary()
    opioid_names = [
        p.name
        for p in vocabulary.products
        if any(vocabulary.by_name().get(s, None) for s in p.substances)
    ]
    opioid_names += [s.name for s in vocabulary.substances if s.kind is SubstanceKind.OPIOID]
    others = [
        row[0]
        for table in LEXICON_TABLES
        for row in table_rows(importlib.import_module(f"ldn._lexicon.{table}").ROWS)
    ]
    rng = random.Random(seed)
    made: set[str] = set()
    while len(made) < count:
        name = rng.choice(opioid_names if rng.random() < 0.1 else others)
        if rng.random() < 0.05:
            name = "".join(ACCENTED.get(c, c) for c in name)
        strength = f"{rng.choice([0.5, 1, 2.5, 5, 10, 20, 25, 50, 100, 250, 500])} mg"
        made.add(
            " ".join(filter(None, [name, strength, rng.choice(FORMS), rng.choice(DIRECTIONS)]))
        )
    return sorted(made)


def floor_pass(texts: list[str]) -> None:
    pattern = default_vocabulary()._compiled().pattern
    for text in texts:
        for _ in pattern.finditer(unicodedata.normalize("NFKC", text.casefold())):
            pass


def scan_pass(vocabulary: object, texts: list[str]) -> None:
    matcher = vocabulary._compiled()  # type: ignore[attr-defined]
    for name, value in vars(matcher).items():  # every memo: each string is scanned afresh
        if name.endswith("memo"):
            value.clear()
    for text in texts:
        matcher.scan(text)


FIRST_USE = """
import gc, time, tracemalloc
import ldn
from ldn.opioids import default_vocabulary
t = time.perf_counter()
default_vocabulary().read("x")
seconds = time.perf_counter() - t
default_vocabulary.cache_clear()
gc.collect()
tracemalloc.start()
default_vocabulary().read("x")
gc.collect()
print(seconds, tracemalloc.get_traced_memory()[0] / 2**20)
"""


def main() -> None:
    texts = strings()
    closed = default_vocabulary()
    open_world = attrs.evolve(closed, name="open", lexicon=None)
    scan_pass(open_world, texts[:100])  # compile both before timing
    scan_pass(closed, texts[:100])
    timings: dict[str, list[float]] = {"floor": [], "open world": [], "closed world": []}
    for _ in range(ROUNDS):
        for label, run in (
            ("floor", lambda: floor_pass(texts)),
            ("open world", lambda: scan_pass(open_world, texts)),
            ("closed world", lambda: scan_pass(closed, texts)),
        ):
            start = time.perf_counter()
            run()
            timings[label].append(time.perf_counter() - start)
    floor = statistics.median(timings["floor"])
    print(f"{len(texts):,} distinct strings, median of {ROUNDS} interleaved rounds")
    for label, values in timings.items():
        median = statistics.median(values)
        print(f"  {label:<13} {len(texts) / median:>10,.0f} strings/s  {floor / median:.2f}x floor")
    ratio = statistics.median(timings["closed world"]) / statistics.median(timings["open world"])
    print(f"  closed world costs {ratio:.2f}x the open world's time")
    # Bytecode cached, as in an installed wheel: one run writes it, five are measured.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    runs = [
        subprocess.run(
            [sys.executable, "-c", FIRST_USE],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env=env,
        ).stdout.split()
        for _ in range(6)
    ][1:]
    seconds = statistics.median(float(r[0]) for r in runs)
    mib = statistics.median(float(r[1]) for r in runs)
    print(f"first use: {seconds * 1000:.0f} ms; memory held after first use: {mib:.0f} MiB")


if __name__ == "__main__":
    main()
