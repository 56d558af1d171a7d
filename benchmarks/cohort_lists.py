"""Realistic medication lists for the screening benchmark: every string distinct, seeded.

    from cohort_lists import distinct_lists
    lists = distinct_lists(patients=10_000, per_patient=10, seed=1)

Names are drawn from the shipped tables: the lexicon's medicines (US, UK, AU rows
and substances: what a list of non-opioid medicines holds), and, for about one
entry in ten, an opioid's name, synonym or brand from the vocabulary or an opioid
row of the test corpora. Each name gets a strength and unit, often a dose form,
sometimes a route or an instruction, the way dispensing records write them. A
share of the entries carries non-ASCII text: an accented letter, a no-break space
before the unit, full-width digits, a non-ASCII dash. No string repeats, so no
memo answers for a string seen before: each one is scanned.
"""

from __future__ import annotations

import importlib
import random
from functools import cache

from ldn.opioids import SubstanceKind, default_vocabulary
from ldn.opioids._shipped import LEXICON_TABLES, table_rows

#: The share of entries that name an opioid.
OPIOID_SHARE = 0.10
#: The share of entries with a non-ASCII character (accent, no-break space, width, dash).
NON_ASCII_SHARE = 0.10

_UNITS = ("mg", "mg", "mg", "mcg", "g", "mL", "mg/mL", "microgram", "%", "IU", "units")
_STRENGTHS = ("0.5", "1", "2", "2.5", "5", "10", "12.5", "15", "20", "25", "30", "40", "50")
_STRENGTHS += ("75", "100", "125", "150", "200", "250", "300", "400", "500", "600", "1000")
_FORMS = ("tablets", "tablet", "tab", "capsules", "cap", "oral solution", "cream", "patch")
_FORMS += ("modified release tablets", "film-coated tablets", "injection", "inhaler", "drops")
_ROUTES = ("oral", "PO", "topical", "sublingual", "subcutaneous", "IV", "inhaled", "nasal")
_SIGS = ("once daily", "twice daily", "BD", "TDS", "nocte", "at night", "PRN", "when required")
_SIGS += ("take one daily", "1 tab QID", "every 4 hours", "with food", "mane")
#: Accented spellings a list typed elsewhere may hold.
_ACCENTS = {
    "e": "\u00e9",
    "a": "\u00e0",
    "o": "\u00f6",
    "u": "\u00fc",
    "i": "\u00ef",
    "c": "\u00e7",
}
_FULL_WIDTH = {str(d): chr(0xFF10 + d) for d in range(10)}


@cache
def _names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Names of medicines that are not opioids, and names of opioids."""
    vocabulary = default_vocabulary()
    opioid_kinds = (SubstanceKind.OPIOID, SubstanceKind.PERIPHERAL_OPIOID)
    opioid_spellings = {
        spelling.lower()
        for s in vocabulary.substances
        if s.kind is not SubstanceKind.NEITHER
        for spelling in s.spellings
    }
    opioids = [sp for s in vocabulary.substances if s.kind in opioid_kinds for sp in s.spellings]
    opioids += [
        p.name
        for p in vocabulary.products
        if any(
            vocabulary.by_name().get(n) is not None and vocabulary.by_name()[n].kind in opioid_kinds
            for n in p.substances
        )
    ]
    for corpus in ("brands_nz_au", "brands_uk", "brands_us"):
        rows = importlib.import_module(f"tests.corpus.{corpus}").CORPUS
        opioids += [row[0] for row in rows if row[2] == "opioid"]
    others: list[str] = []
    for table in LEXICON_TABLES:
        module = importlib.import_module(f"ldn._lexicon.{table}")
        for name, _kind, held, *_ in table_rows(module.ROWS):
            if (
                3 <= len(name) <= 40
                and name[0].isalpha()
                and all(c.isalpha() or c in " -" for c in name)
                and not opioid_spellings.intersection(held.lower().split("|"))
            ):
                others.append(name)
    return tuple(sorted(set(others))), tuple(sorted(set(opioids)))


def _entry(rng: random.Random, name: str) -> str:
    """One entry naming ``name``: strength and unit, perhaps a form, route and instruction."""
    parts = [name if rng.random() < 0.6 else rng.choice((name.upper(), name.title()))]
    if rng.random() < 0.9:
        parts.append(f"{rng.choice(_STRENGTHS)}{rng.choice(('', ' '))}{rng.choice(_UNITS)}")
    if rng.random() < 0.6:
        parts.append(rng.choice(_FORMS))
    if rng.random() < 0.25:
        parts.append(rng.choice(_ROUTES))
    if rng.random() < 0.35:
        parts.append(rng.choice(_SIGS))
    return " ".join(parts)


def _non_ascii(rng: random.Random, text: str) -> str:
    """``text`` with one kind of non-ASCII character a pasted list may hold."""
    how = rng.randrange(4)
    if how == 0:  # an accented letter
        spots = [i for i, c in enumerate(text) if c in _ACCENTS]
        if spots:
            i = rng.choice(spots)
            return text[:i] + _ACCENTS[text[i]] + text[i + 1 :]
    if how == 1 and " " in text:  # a no-break space
        i = rng.choice([i for i, c in enumerate(text) if c == " "])
        return text[:i] + "\u00a0" + text[i + 1 :]
    if how == 2 and any(c.isdigit() for c in text):  # full-width digits
        return "".join(_FULL_WIDTH.get(c, c) for c in text)
    return text.replace(" ", " \u2013 ", 1) if " " in text else text + "\u2122"


def distinct_strings(count: int, seed: int) -> list[str]:
    """``count`` distinct medication strings (about 10% opioids, 10% non-ASCII), seeded."""
    rng = random.Random(seed)
    others, opioids = _names()
    seen: set[str] = set()
    strings: list[str] = []
    while len(strings) < count:
        name = rng.choice(opioids if rng.random() < OPIOID_SHARE else others)
        text = _entry(rng, name)
        if rng.random() < NON_ASCII_SHARE:
            text = _non_ascii(rng, text)
        if text not in seen:
            seen.add(text)
            strings.append(text)
    return strings


def distinct_lists(
    patients: int, per_patient: int, seed: int, ascii_only: bool = False
) -> list[list[str]]:
    """``patients`` lists of ``per_patient`` strings, no string in two places.

    With ``ascii_only`` every non-ASCII string is left out (the ASCII figure).
    """
    strings = distinct_strings(patients * per_patient * (2 if ascii_only else 1), seed)
    if ascii_only:
        strings = [s for s in strings if s.isascii()][: patients * per_patient]
    return [strings[i : i + per_patient] for i in range(0, len(strings), per_patient)]


if __name__ == "__main__":
    for line in distinct_strings(40, seed=1):
        print(line)
