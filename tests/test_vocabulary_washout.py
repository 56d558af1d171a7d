"""The opioid-free interval tables (LDN-OPIOID-FREE): names, classes, words and sources agree.

The tables in ldn/_vocabulary/washout.py name what takes the long or the depot interval;
every name must be one the vocabulary knows as an opioid, every word must be written the
way screening compares words, and every source must be cited and every citation known.
"""

from __future__ import annotations

import re

import attrs
import pytest

from ldn._vocabulary import brands_nz_au, brands_uk, brands_us, substances, washout
from ldn.medication import RXNORM, Coding, Medication
from ldn.opioids import (
    KnownCode,
    Source,
    Substance,
    SubstanceKind,
    Vocabulary,
    default_vocabulary,
)

CLASSES = ("long", "depot")
OPIOID_SUBSTANCES = {row[0] for row in substances.SUBSTANCES if row[1] == "opioid"}
BRAND_ROWS = (*brands_us.PRODUCTS, *brands_uk.PRODUCTS, *brands_nz_au.PRODUCTS)
WORD = re.compile(r"[a-z0-9]+( [a-z0-9]+)*")


def brand_substances(name: str) -> set[str]:
    """Every substance any brand row of that name holds (a name may stand in several markets)."""
    found: set[str] = set()
    for row in BRAND_ROWS:
        if row[0] == name:
            found.update(row[2])
    return found


def cited() -> list[str]:
    """Every source id the tables use, in order, repeats kept."""
    ids = [source for row in washout.SUBSTANCES for source in row[2]]
    ids += [row[2] for row in washout.PRODUCTS]
    ids += [source for row in washout.WORDS for source in row[2]]
    ids += [source for row in washout.DEPOT_WORDS for source in row[1]]
    ids.append(washout.DEPOT_DAYS_SOURCE[0])
    return ids


def test_methadone_and_buprenorphine_take_the_long_interval() -> None:
    classes = {name: kind for name, kind, _ in washout.SUBSTANCES}
    assert classes["methadone"] == "long"
    assert classes["buprenorphine"] == "long"


@pytest.mark.parametrize("row", washout.SUBSTANCES, ids=lambda row: row[0])
def test_a_substance_row_names_an_opioid_of_the_vocabulary(
    row: tuple[str, str, tuple[str, ...]],
) -> None:
    name, kind, sources = row
    assert name in OPIOID_SUBSTANCES
    assert kind in CLASSES
    assert sources


@pytest.mark.parametrize("row", washout.PRODUCTS, ids=lambda row: row[0])
def test_a_product_row_names_an_opioid_brand(row: tuple[str, str, str]) -> None:
    name, kind, _ = row
    held = brand_substances(name)
    assert held, f"{name} is in no brand row"
    assert held & OPIOID_SUBSTANCES, f"{name} holds no opioid"
    assert kind in CLASSES
    if kind == "depot":
        assert "buprenorphine" in held


def test_the_depot_brands_of_the_brand_rows_are_all_listed_as_depot() -> None:
    depot = {name for name, kind, _ in washout.PRODUCTS if kind == "depot"}
    assert depot == {
        "Sublocade",
        "Brixadi",
        "Probuphine",
        "Buvidal",
        "Buvidal Weekly",
        "Buvidal Monthly",
    }


def test_each_name_and_word_is_listed_once() -> None:
    for names in (
        [row[0] for row in washout.SUBSTANCES],
        [row[0] for row in washout.PRODUCTS],
        [row[0] for row in washout.WORDS],
        [row[0] for row in washout.DEPOT_WORDS],
    ):
        assert len(names) == len(set(names))


@pytest.mark.parametrize("word", [row[0] for row in (*washout.WORDS, *washout.DEPOT_WORDS)])
def test_a_word_is_lower_case_and_single_spaced(word: str) -> None:
    assert WORD.fullmatch(word), word


def test_words_take_the_long_interval_and_cite_a_source() -> None:
    assert {kind for _, kind, _ in washout.WORDS} == {"long"}
    assert all(sources for *_, sources in washout.WORDS)
    assert all(sources for _, sources in washout.DEPOT_WORDS)


def test_every_source_used_is_known_and_every_known_source_is_used() -> None:
    used = set(cited())
    assert used <= washout.SOURCES.keys(), sorted(used - washout.SOURCES.keys())
    assert washout.SOURCES.keys() <= used, sorted(washout.SOURCES.keys() - used)


@pytest.mark.parametrize("key", sorted(washout.SOURCES))
def test_a_source_has_a_title_a_web_address_terms_and_a_date(key: str) -> None:
    title, url, terms, date = washout.SOURCES[key]
    assert title
    assert terms
    assert date
    assert url.startswith(("https://", "http://"))


def test_the_depot_figure_cites_a_known_source_and_says_something() -> None:
    source, gist = washout.DEPOT_DAYS_SOURCE
    assert source in washout.SOURCES
    assert gist.endswith(".")


# What screening reads (issue found by mutation testing, 2026-12-03): a coded entry read
# by its code alone took only its substance's own interval, although the display of the
# same code names a modified-release brand ("Fentanyl 0.025 MG/HR [Duragesic]"), a
# release word or a depot form ("buprenorphine Drug Implant"): the code read 10 days
# where its own name reads 14, or 14 where it reads the depot figure. And the vocabulary
# tables stated a brand's own row, not the interval screening reads for its name
# ("Suboxone": short, read as long for buprenorphine).


@pytest.fixture
def fresh() -> Vocabulary:
    """The shipped vocabulary, compiled afresh in the test (so mutation testing maps the
    matcher's construction to these tests: the cached one is compiled once a process)."""
    return attrs.evolve(default_vocabulary())


def _read(vocabulary: Vocabulary, entry: object) -> dict[str, str]:
    scan = vocabulary.scan(entry)  # type: ignore[arg-type]
    return {m.substance.name: str(m.washout) for m in (*scan.opioids, *scan.antagonists)}


RANK = {"short": 0, "long": 1, "depot": 2}


@pytest.mark.rule("LDN-OPIOID-FREE")
def test_a_code_reads_at_least_the_interval_its_own_display_reads(fresh: Vocabulary) -> None:
    shorter = []
    for known in fresh.codes:
        if known.display is None:
            continue
        coded = _read(fresh, Medication(codings=(Coding(known.system, known.code),)))
        for name, interval in _read(fresh, known.display).items():
            if name in coded and RANK[coded[name]] < RANK[interval]:
                shorter.append((known.code, known.display, name, coded[name], interval))
    assert shorter == []


@pytest.mark.rule("LDN-OPIOID-FREE")
@pytest.mark.parametrize(
    ("code", "substance", "interval"),
    [
        ("574418", "fentanyl", "long"),  # Fentanyl 0.025 MG/HR [Duragesic]: a patch brand
        ("1797649", "buprenorphine", "depot"),  # buprenorphine Drug Implant
        ("1996186", "buprenorphine", "depot"),  # Buprenorphine 200 MG/ML [Sublocade]
        ("1729362", "buprenorphine", "long"),  # Buprenorphine 0.3 MG/ML Injection: not depot
    ],
)
def test_a_coded_product_takes_its_interval(
    fresh: Vocabulary, code: str, substance: str, interval: str
) -> None:
    assert _read(fresh, Medication(codings=(Coding(RXNORM, code),))) == {substance: interval}


@pytest.mark.rule("LDN-OPIOID-FREE")
def test_a_code_without_a_display_takes_its_substance_interval() -> None:
    vocabulary = Vocabulary(
        "codes",
        substances=[Substance("methadone", SubstanceKind.OPIOID, washout="long")],
        sources=[Source("s", "A source", "https://example.org")],
        codes=[KnownCode(RXNORM, "1", ("methadone",), "s")],
    )
    assert _read(vocabulary, Medication(codings=(Coding(RXNORM, "1"),))) == {"methadone": "long"}


def test_the_tables_state_the_interval_screening_reads(fresh: Vocabulary) -> None:
    vocabulary = fresh
    differ = [
        (row["code"], row["substance"], row["washout"])
        for row in vocabulary.code_records()
        if row["kind"] in ("opioid", "peripheral-opioid", "antagonist")
        and _read(vocabulary, Coding(str(row["system"]), str(row["code"])))[str(row["substance"])]
        != row["washout"]
    ]
    differ += [
        (row["name"], row["substance"], row["washout"])
        for row in vocabulary.name_records()
        if row["kind"] in ("opioid", "peripheral-opioid", "antagonist")
        and _read(vocabulary, row["name"]).get(str(row["substance"]), row["washout"])
        != row["washout"]
    ]
    assert differ == []
