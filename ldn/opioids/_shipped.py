"""The shipped lexicon: derived from the generated tables of :mod:`ldn._lexicon`, stored, read on first use.

Private. :func:`derive_lexicon` reads the medicine tables and the vocabulary's
substances and gives the lexicon's words and the products its rows add;
``tools/build_lexicon.py`` stores what it gives for the shipped vocabulary in
:mod:`ldn._lexicon.derived`, which :func:`shipped_lexicon` reads (what
:func:`ldn.opioids.default_vocabulary` calls once), so a first use splits a few
strings instead of reading every row. A test derives it afresh and compares.

Every row's name and substances give known words, but for a row whose substances
hold an opioid or antagonist spelling of the vocabulary: its words are not known
words (a word only of an opioid's names, met alone, is named), and when its name
holds no such spelling (a brand such as "Norco", hydrocodone with paracetamol) it
becomes a product, so screening reads the brand whole as its substances. A brand's
release is not known, so it takes the longer opioid-free interval (LDN-OPIOID-FREE):
a stopped brand is never cleared early. Another name of a substance ("Morfin") takes
its substance's own interval, and a name spelt as a vocabulary spelling without its
spaces or dashes ("beta-meprodine") is left to that spelling.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from typing import Final, TypeAlias

from ldn._matching import fold, spelling_of, trie_pattern
from ldn.monograph import Washout
from ldn.opioids._lexicon import WORD, CodeTable, Lexicon, words_of
from ldn.opioids._values import Product, Substance, SubstanceKind

__all__ = [
    "CODE_TABLES",
    "LEXICON_TABLES",
    "MEDICINE_LISTS",
    "WORD_LISTS",
    "derive_lexicon",
    "derived_lexicon",
    "holds",
    "shipped_lexicon",
    "shipped_parts",
    "table_rows",
]

#: The generated modules of :mod:`ldn._lexicon` that hold medicines (``ROWS``).
LEXICON_TABLES: Final = ("medicines_us", "medicines_uk", "medicines_au", "substances")
#: The generated modules of :mod:`ldn._lexicon` that hold codes (``CODES``), read on first lookup.
CODE_TABLES: Final = ("codes_rxnorm",)
#: The word lists of :mod:`ldn._lexicon.words`.
WORD_LISTS: Final = (
    "SALTS",
    "UNITS",
    "FORMS",
    "ROUTES",
    "DEVICES",
    "INSTRUCTIONS",
    "INDICATIONS",
    "SHORTENED",
)
#: The word lists whose words may name the medicine (a salt: "sodium chloride"; a
#: shortened name: "Paracet"); the words of the others name none.
MEDICINE_LISTS: Final = frozenset({"SALTS", "SHORTENED"})
#: How many words of a name are tried together against a spelling of the vocabulary.
_RUN: Final = 4


def table_rows(table: str) -> list[list[str]]:
    """The rows of one generated table (header left out), each split at its tabs."""
    lines = table.splitlines()
    return [line.split("\t") for line in lines[1:] if line]


def holds(words: list[str], spellings: frozenset[str]) -> bool:
    """Whether a run of up to four of ``words`` is one of ``spellings``."""
    return any(
        " ".join(words[start:end]) in spellings
        for start in range(len(words))
        for end in range(start + 1, min(len(words), start + _RUN) + 1)
    )


#: What a lexicon is read as: the lexicon, the products its rows add, their sources.
Shipped: TypeAlias = "tuple[Lexicon, list[Product], dict[str, tuple[str, str, str, str]]]"


def shipped_lexicon() -> Shipped:
    """The shipped lexicon, the products its rows add and the sources they cite, as
    :func:`derive_lexicon` gave them for the shipped vocabulary (stored in
    :mod:`ldn._lexicon.derived`)."""
    derived = importlib.import_module("ldn._lexicon.derived")
    products = [
        Product(name, market, tuple(held.split("|")), source, washout)
        for name, market, held, source, washout in table_rows(derived.PRODUCTS)
    ]
    words, generic = (frozenset(text.split()) for text in (derived.WORDS, derived.GENERIC))
    lexicon = Lexicon("ldn", words, CodeTable(_code_rows), generic)
    return lexicon, products, dict(derived.SOURCES)


def derive_lexicon(substances: Iterable[Substance], products_known: Iterable[str] = ()) -> Shipped:
    """The lexicon of the generated tables, the products its rows add, and the sources they cite.

    ``substances`` are a vocabulary's: a row naming one of their opioid or antagonist
    spellings adds a product, not words. A row named as one of ``products_known``
    (the vocabulary's own brand rows, with their sourced release) adds no product.
    """
    named_already = {spelling_of(name) for name in products_known}
    readable = [s for s in substances if s.kind is not SubstanceKind.NEITHER]
    spellings = frozenset(spelling_of(n).rstrip("#") for s in readable for n in s.spellings)
    opioid_words = frozenset(word for spelling in spellings for word in spelling.split())
    keys = frozenset(spelling.replace(" ", "") for spelling in spellings)  # "beta meprodine"
    words: set[str] = set()
    products: list[Product] = []
    sources: dict[str, tuple[str, str, str, str]] = {}
    # One search per row finds the few rows that may name an opioid or antagonist;
    # the words of all others are read in one pass over their joined text.
    maybe = re.compile("(?<![a-z0-9])" + trie_pattern(sorted(opioid_words)) + "(?![a-z0-9])")
    plain: list[str] = []
    for name in LEXICON_TABLES:
        module = importlib.import_module(f"ldn._lexicon.{name}")
        sources.update(module.SOURCES)
        for row, kind, held, market, source in table_rows(module.ROWS):
            text = f"{row}\t{held}"
            folded = text.lower() if text.isascii() else fold(text)
            if maybe.search(folded) is None:
                plain.append(folded)
                if "-" in row or (kind != "substance" and " " in row):
                    # "Co-Amoxiclav" also read as "coamoxiclav", "ActoPlus Met" as one word
                    words.add("".join(words_of(row)))
                continue
            named = words_of(row)
            said = words_of(held)  # "|" between substances is no letter
            if not (opioid_words.intersection(said) and holds(said, spellings)):
                words.update(named)
                words.update(said)
                if named:
                    words.add("".join(named))
            elif (
                not holds(named, spellings)
                and "".join(named) not in keys
                and spelling_of(row) not in named_already
            ):
                # an opioid's or antagonist's row: read whole as a product, its words
                # unknown. A brand's release is not known (the longer interval); a
                # substance's other name takes its substance's own.
                washout = Washout.SHORT if kind == "substance" else Washout.LONG
                products.append(Product(row, market, tuple(held.split("|")), source, washout))
    words.update(WORD.findall("\n".join(plain)))
    for name in CODE_TABLES:  # only the sources: the codes are read on first lookup
        sources.update(importlib.import_module(f"ldn._lexicon.{name}").SOURCES)
    lists = importlib.import_module("ldn._lexicon.words")
    sources.update(lists.SOURCES)
    listed: dict[str, set[str]] = {}
    for each in WORD_LISTS:
        listed[each] = {w for word, _ in getattr(lists, each) for w in words_of(word)}
        words.update(listed[each])
    # A salt may be the medicine ("sodium chloride"); the other lists name none.
    generic = frozenset().union(
        *(listed[each] for each in WORD_LISTS if each not in MEDICINE_LISTS)
    )
    generic -= frozenset().union(*(listed[each] for each in MEDICINE_LISTS))
    lexicon = Lexicon("ldn", frozenset(words), CodeTable(_code_rows), generic)
    return lexicon, products, sources


def _code_rows() -> list[tuple[str, str, str]]:
    """Every row of the code tables: system, code, display."""
    rows: list[tuple[str, str, str]] = []
    for name in CODE_TABLES:
        table = importlib.import_module(f"ldn._lexicon.{name}").CODES
        rows += [(system, code, display) for system, code, display, _ in table_rows(table)]
    return rows


#: The data modules of ``ldn._vocabulary`` that hold brand and trade names.
_BRAND_TABLES: Final = ("brands_nz_au", "brands_uk", "brands_us")


def _brand_rows(
    readable: frozenset[str], washouts: dict[str, str]
) -> tuple[list[Product], dict[str, tuple[str, str, str, str]]]:
    """Every brand row with a substance in ``readable``, and the sources they cite.

    What a row contains decides, not the kind it declares: a loperamide brand
    declared a look-alike is still read as loperamide. Rows with no such
    substance (look-alikes and naloxone-only controls) stay in the tables for
    the tests; the matcher has no use for them.
    """
    products: list[Product] = []
    sources: dict[str, tuple[str, str, str, str]] = {}
    for table in _BRAND_TABLES:
        module = importlib.import_module(f"ldn._vocabulary.{table}")
        sources.update(module.SOURCES)
        products += [
            Product(name, market, substances, source, washouts.get(name, "short"))
            for name, market, substances, _, source in module.PRODUCTS
            if readable.intersection(substances)
        ]
    return products, sources


def shipped_parts() -> tuple[list[Substance], list[Product], dict[str, tuple[str, str, str, str]]]:
    """The shipped substances, the brand rows the matcher reads, and their sources."""
    from ldn._vocabulary import washout
    from ldn._vocabulary.substances import SUBSTANCES

    readable = frozenset(
        spelling
        for name, kind, synonyms, *_ in SUBSTANCES
        if kind != SubstanceKind.NEITHER
        for spelling in (name, *synonyms)
    )
    product_washouts = {name: kind for name, kind, _ in washout.PRODUCTS}
    substance_washouts = {name: kind for name, kind, _ in washout.SUBSTANCES}
    products, brand_sources = _brand_rows(readable, product_washouts)
    substances = [
        Substance(name, kind, synonyms, atc, sources, substance_washouts.get(name, "short"))
        for name, kind, synonyms, atc, _, _, sources in SUBSTANCES
    ]
    return substances, products, brand_sources


def derived_lexicon() -> Shipped:
    """What :func:`~ldn.opioids._shipped.derive_lexicon` gives for the shipped substances
    and brands: what ``tools/build_lexicon.py`` stores in :mod:`ldn._lexicon.derived`."""
    substances, products, _ = shipped_parts()
    return derive_lexicon(substances, (p.name for p in products))
