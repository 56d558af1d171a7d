"""Screening throughput beside a floor pass, a naive alternation and drug-named-entity-recognition.

    python benchmarks/screening.py [--baseline DIR] [--write docs/screening_speed.inc]

Needs the ``bench`` extra (``drug-named-entity-recognition``). One run prints:

* the headline: ``screen()`` end to end on 10,000 patients x 10 medication strings,
  every string distinct (:mod:`cohort_lists`: names from the shipped tables and the
  test corpora, strengths, forms, routes, about 10% opioids, some non-ASCII), beside
  the floor measured on the same strings in the same process (one ``casefold`` +
  NFKC and one pass of the compiled name pattern per string) and its ratio to it;
  for ASCII-only distinct lists, distinct lists with non-ASCII text, and (labelled)
  lists repeating strings from a list of 500, where the memo answers most calls;
* with ``--baseline DIR`` (another checkout, e.g. the commit before a change), the
  same figures for it, measured in alternation with this tree (each in its own
  process, best of the rounds), so both come from one run on one machine;
* the matching step alone (fold and find names), for ldn's trie-shaped pattern and
  for a naive alternation of the same spellings, at 10%, 100% and 10x the shipped
  vocabulary (the extra spellings are made-up words, so the work is the same);
* the same strings through drug-named-entity-recognition (``find_drugs`` on
  whitespace tokens, then a look-up of opioid names), and the recall each
  achieves on the opioid entries of the test corpus.

Times are CPU times of the measuring process (``time.process_time``, best of
several runs): the machine is shared, and wall time would count other work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import random
import re
import string
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if __name__ == "__main__" and "--worker" in sys.argv:  # screen with the ldn of another tree
    ROOT = Path(sys.argv[sys.argv.index("--worker") + 1]).resolve()
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(HERE))

import ldn  # noqa: E402
from ldn._matching import spelling_of as _spelling  # noqa: E402
from ldn._matching import trie_pattern  # noqa: E402
from ldn.opioids import SubstanceKind, Vocabulary, default_vocabulary, fold  # noqa: E402
from ldn.opioids._matcher import LEFT as _LEFT  # noqa: E402
from ldn.opioids._matcher import RIGHT as _RIGHT  # noqa: E402

PATIENTS = 10_000
PER_PATIENT = 10
#: The list kinds of the headline, in the order shown.
KINDS = {
    "ascii": "distinct strings, ASCII only",
    "mixed": "distinct strings, about 10% non-ASCII",
    "repeated": "repeated strings (from a list of 500)",
}


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
    start = time.process_time()
    run()
    return time.process_time() - start


def cohort(kind: str) -> list[list[str]]:
    """The medication lists of one kind (:data:`KINDS`), the same for every tree measured."""
    from cohort_lists import distinct_lists

    if kind == "repeated":
        repeated = medication_strings(500, seed=2)
        rng = random.Random(3)
        return [rng.choices(repeated, k=PER_PATIENT) for _ in range(PATIENTS)]
    return distinct_lists(PATIENTS, PER_PATIENT, seed=1, ascii_only=kind == "ascii")


def forget(vocabulary: Vocabulary) -> None:
    """Empty every memo of the vocabulary's matcher: each run scans its strings afresh."""
    for name, value in vars(vocabulary._compiled()).items():
        if name.endswith("memo"):
            value.clear()


def floor_and_screen(lists: list[list[str]], repeat: int = 3) -> tuple[float, float]:
    """Strings per second of the floor pass and of ``screen()`` end to end, on ``lists``."""
    vocabulary = default_vocabulary()
    pattern = vocabulary._compiled().pattern
    texts = [text for each in lists for text in each]
    patients = [ldn.Patient(medications=each, opioid_use=False) for each in lists]
    normalize = unicodedata.normalize

    def floor() -> None:
        for text in texts:
            for _ in pattern.finditer(normalize("NFKC", text).casefold()):
                pass

    def screen() -> None:
        forget(vocabulary)
        screen_all(patients)

    floors, screens = [], []
    for _ in range(repeat):  # alternate, so both see the same machine
        floors.append(_timed(floor))
        screens.append(_timed(screen))
    return len(texts) / min(floors), len(texts) / min(screens)


def worker(lists_file: str) -> int:
    """Measure this process's ldn on the lists in ``lists_file``; print JSON."""
    lists = json.loads(Path(lists_file).read_text(encoding="utf-8"))
    default_vocabulary()._compiled()
    figures = {kind: floor_and_screen(lists[kind]) for kind in KINDS}
    print(json.dumps(figures))
    return 0


def alternated(trees: dict[str, Path], rounds: int) -> dict[str, dict[str, tuple[float, float]]]:
    """Floor and screen figures of each tree, measured in turn, ``rounds`` times (best kept)."""
    lists = {kind: cohort(kind) for kind in KINDS}
    best: dict[str, dict[str, tuple[float, float]]] = {label: {} for label in trees}
    with tempfile.TemporaryDirectory() as folder:
        lists_file = Path(folder) / "lists.json"
        lists_file.write_text(json.dumps(lists), encoding="utf-8")
        for _ in range(rounds):
            for label, tree in trees.items():
                command = [sys.executable, __file__, "--worker", str(tree), str(lists_file)]
                env = {**os.environ, "PYTHONPATH": ""}
                out = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
                for kind, (floor, screen) in json.loads(out.stdout).items():
                    held = best[label].get(kind, (0.0, 0.0))
                    best[label][kind] = (max(held[0], floor), max(held[1], screen))
    return best


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another checkout to measure beside this")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--write", type=Path, help="write the table as an RST include here")
    args = parser.parse_args()
    vocabulary = default_vocabulary()
    start = time.perf_counter()
    vocabulary._compiled()
    build_ms = (time.perf_counter() - start) * 1e3
    print(
        f"ldn {ldn.__version__}; vocabulary: {len(spellings(vocabulary))} spellings, "
        f"{len(vocabulary.codes)} codes; matcher built on first use in {build_ms:.0f} ms"
    )
    trees = {"ldn": ROOT}
    if args.baseline is not None:
        trees["baseline"] = args.baseline.resolve()
    figures = alternated(trees, args.rounds)
    print(f"\nscreen(): {PATIENTS:,} patients x {PER_PATIENT} medication strings, strings/s")
    print(f"  {'lists':40} {'floor':>10} {'ldn':>10} {'ratio':>6}", end="")
    print(f" {'baseline':>10} {'ratio':>6}" if "baseline" in figures else "")
    rows = []
    for kind, label in KINDS.items():
        floor, screen = figures["ldn"][kind]
        row = [label, floor, screen]
        line = f"  {label:40} {floor:>10,.0f} {screen:>10,.0f} {screen / floor:>6.2f}"
        if "baseline" in figures:
            old_floor, old = figures["baseline"][kind]
            row += [old_floor, old]
            line += f" {old:>10,.0f} {old / old_floor:>6.2f}"
        rows.append(row)
        print(line)

    words = spellings(vocabulary)
    sample = [text for each in cohort("mixed")[:2_000] for text in each]
    print("\nmatching only (fold + find names), distinct strings with non-ASCII, strings/s:")
    print(f"  {'spellings':>10} {'trie (ldn)':>12} {'naive alternation':>18}")
    matching = {}
    for label, size in (("10%", len(words) // 10), ("100%", len(words)), ("10x", len(words) * 10)):
        chosen = words[:size] if size <= len(words) else words + made_up(size - len(words), 4)
        trie_pattern_, naive_pattern = compiled(chosen, True), compiled(chosen, False)
        trie = per_second(len(sample), lambda p=trie_pattern_: match_all(p, sample))
        naive = per_second(len(sample), lambda p=naive_pattern: match_all(p, sample))
        matching[label] = (trie, naive)
        print(f"  {label:>4} {size:>5} {trie:>12,.0f} {naive:>18,.0f}")

    from drug_named_entity_recognition import find_drugs

    opioid_names = {s.name for s in vocabulary.substances if s.kind is SubstanceKind.OPIOID}

    def dner_finds_opioid(text: str) -> bool:
        found = find_drugs(text.split(), is_ignore_case=True)
        return any(str(hit[0].get("name", "")).lower() in opioid_names for hit in found)

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
    if args.write is not None:
        recall = (ours / len(opioid_rows), theirs / len(opioid_rows))
        args.write.write_text(
            include(rows, matching, dner, recall, len(opioid_rows), args), encoding="utf-8"
        )
        print(f"\nwritten: {args.write}")
    return 0


def include(
    rows: list[list[object]],
    matching: dict[str, tuple[float, float]],
    dner: float,
    recall: tuple[float, float],
    opioid_rows: int,
    args: argparse.Namespace,
) -> str:
    """The figures as a reStructuredText include (generated: not edited by hand)."""
    command = "python benchmarks/screening.py " + " ".join(
        f"--{name} {value}"
        for name, value in (("baseline", args.baseline), ("rounds", args.rounds))
        if value is not None
    )
    command += f" --write {args.write}"
    baseline = len(rows[0]) > 3
    lines = [
        ".. Generated by benchmarks/screening.py; do not edit by hand.",
        "",
        f"Measured on {dt.date.today().isoformat()} with ``{command}`` "
        f"({os.cpu_count()} cores, shared; CPU time of the measuring process, best of "
        f"{args.rounds} rounds), on {PATIENTS:,} patients x {PER_PATIENT} medication strings. "
        "The floor is one NFKC normalisation and ``casefold`` and one pass of the compiled "
        "name pattern over the same strings, measured in the same process.",
        "",
        ".. list-table:: ``screen()`` end to end, strings per second",
        "   :header-rows: 1",
        "",
        "   * - Lists",
        "     - Floor",
        "     - ldn ``screen()``",
        "     - Ratio to the floor",
    ]
    if baseline:
        lines += ["     - Before (baseline)", "     - Its ratio"]
    for row in rows:
        label, floor, screen = row[0], float(row[1]), float(row[2])  # type: ignore[arg-type]
        lines += [f"   * - {label}", f"     - {floor:,.0f}", f"     - {screen:,.0f}"]
        lines.append(f"     - {screen / floor:.2f}")
        if baseline:
            old_floor, old = float(row[3]), float(row[4])  # type: ignore[arg-type]
            lines += [f"     - {old:,.0f}", f"     - {old / old_floor:.2f}"]
    lines += [
        "",
        ".. list-table:: Finding names alone (fold, then the pattern), distinct strings, "
        "strings per second",
        "   :header-rows: 1",
        "",
        "   * - Spellings",
        "     - ldn (trie-shaped pattern)",
        "     - Naive alternation",
    ]
    for label, (trie, naive) in matching.items():
        lines += [f"   * - {label}", f"     - {trie:,.0f}", f"     - {naive:,.0f}"]
    lines += [
        "",
        f"drug-named-entity-recognition (``find_drugs`` on whitespace tokens) on the same "
        f"strings: {dner:,.0f} strings per second. Recall on the {opioid_rows} opioid "
        f"entries of the test corpus: ldn {recall[0]:.1%}, drug-named-entity-recognition "
        f"{recall[1]:.1%}.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    if "--worker" in sys.argv:
        raise SystemExit(worker(sys.argv[sys.argv.index("--worker") + 2]))
    raise SystemExit(main())
