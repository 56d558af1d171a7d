"""Closed-world screening: the Lexicon value, its bad input, and what screening reports."""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType

import attrs
import pytest

from ldn import LdnError, LdnTypeError, Patient, ScreeningError, screen
from ldn.medication import ATC, RXNORM, Coding, Medication
from ldn.monograph import Washout
from ldn.opioids import Lexicon, Substance, Vocabulary, default_vocabulary
from ldn.opioids._lexicon import CodeTable, names_a_medicine, words_of
from ldn.opioids._shipped import (
    derive_lexicon,
    derived_lexicon,
    holds,
    shipped_lexicon,
    shipped_parts,
)

VOCABULARY = default_vocabulary()
LEXICON = Lexicon.of("test", ["cetirizine", "tablet", "mg", "Nature's Way"])


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            lambda: Lexicon("x", {"tablet"}),  # type: ignore[arg-type]
            LdnTypeError,
            "words of a lexicon must be a frozenset of str, got set {'tablet'}",
        ),
        (
            lambda: Lexicon("x", frozenset({1})),  # type: ignore[arg-type]
            LdnTypeError,
            "word of a lexicon must be a str, got int 1",
        ),
        (
            lambda: Lexicon("x", frozenset({"Tablet"})),
            ScreeningError,
            "word of a lexicon must be a folded run of letters (see words_of), got 'Tablet'",
        ),
        (
            lambda: Lexicon("x", frozenset({"two words"})),
            ScreeningError,
            "word of a lexicon must be a folded run of letters (see words_of), got 'two words'",
        ),
        (
            lambda: Lexicon("x", frozenset(), codes=[1]),  # type: ignore[arg-type]
            LdnTypeError,
            "codes of a lexicon must be a mapping, got list [1]",
        ),
        (
            lambda: Lexicon("x", frozenset(), codes={("s", ""): "name"}),
            LdnTypeError,
            "code of a lexicon must be a (system, code) pair of non-empty str mapped to a "
            "display str, got tuple ('s', '')",
        ),
        (
            lambda: Lexicon("x", frozenset(), codes={("s", "1"): " "}),
            LdnTypeError,
            "code of a lexicon must be a (system, code) pair of non-empty str mapped to a "
            "display str, got tuple ('s', '1')",
        ),
        (
            lambda: Lexicon(1, frozenset()),  # type: ignore[arg-type]
            LdnTypeError,
            "name of a lexicon must be a str, got int 1",
        ),
        (
            lambda: Lexicon(" ", frozenset()),
            ScreeningError,
            "name of a lexicon must be a non-empty str of at most 200 characters, got ' '",
        ),
        (
            lambda: Lexicon.of("x", "tablet"),
            LdnTypeError,
            "names must be a collection of str, got str 'tablet'",
        ),
        (
            lambda: Lexicon.of("x", [b"tablet"]),  # type: ignore[list-item]
            LdnTypeError,
            "name must be a str, got bytes b'tablet'",
        ),
        (
            lambda: LEXICON.knows(5),  # type: ignore[arg-type]
            LdnTypeError,
            "word must be a str, got int 5",
        ),
        (
            lambda: attrs.evolve(VOCABULARY, name="x", lexicon="words"),
            LdnTypeError,
            "lexicon must be a Lexicon or None, got str 'words'",
        ),
    ],
)
def test_bad_input_gets_an_ldn_error(
    build: Callable[[], object], error: type[LdnError], message: str
) -> None:
    with pytest.raises(error) as raised:
        build()
    assert str(raised.value) == message


def test_a_lexicon_is_a_value() -> None:
    assert LEXICON.words == {"cetirizine", "tablet", "mg", "nature", "s", "way", "naturesway"}
    assert LEXICON.adding(["tablet"]) is LEXICON
    assert LEXICON.adding(["Zaldiar"]).knows("zaldiar")
    shipped = VOCABULARY.lexicon
    grown = shipped.adding(["Qorvatix"])
    assert (grown.name, grown.codes, grown.generic) == (
        shipped.name,
        shipped.codes,
        shipped.generic,
    )
    assert grown.words == shipped.words | {"qorvatix"}
    assert not LEXICON.knows("zaldiar")
    assert all(LEXICON.knows(word) for word in ("x", "cetirizinehcl", "tablet"))
    assert not LEXICON.knows("hcl")
    assert isinstance(LEXICON.codes, MappingProxyType)
    coded = Lexicon("c", frozenset({"tablet"}), {(RXNORM, "1"): "Tablet"})
    assert coded.codes[(RXNORM, "1")] == "Tablet"
    assert Lexicon("c", frozenset(), coded.codes).codes is coded.codes
    assert words_of("ÉLÉ-ment 2x") == ["ele", "ment", "x"]


def test_unknown_words_are_named_once_in_order() -> None:
    assert LEXICON.unknown_in("Zaldiar zaldiar ZYX tablet 10mg") == ("zaldiar", "zyx")
    assert LEXICON.unknown_in("") == ()


def test_the_shipped_vocabulary_is_closed_world() -> None:
    assert VOCABULARY.lexicon is not None
    assert VOCABULARY.read("Qorvatix 10 mg tablet").unknown == ("qorvatix",)
    assert VOCABULARY.read("cetirizine 10 mg tablet").unknown == ()
    # an ATC code in text is a code, not words
    assert VOCABULARY.read("N06AB06 50 mg").unknown == ()
    # a code of the lexicon recognises a coded entry and its name is read for opioids
    code = next(iter(VOCABULARY.lexicon.codes))
    assert VOCABULARY.read(Medication("Qorvatix", codings=(Coding(*code),))).unknown == ()
    norco = next(k for k, v in VOCABULARY.lexicon.codes.items() if v == "Norco")
    (match,) = VOCABULARY.read(Coding(*norco)).opioids
    assert match.substance.name == "hydrocodone"
    # an unknown code leaves the words to decide
    unknown = Medication("Qorvatix", codings=(Coding(RXNORM, "999999999"),))
    assert VOCABULARY.read(unknown).unknown == ("qorvatix",)
    # a class too broad to decide is no known code
    broad = Medication("Qorvatix", codings=(Coding(ATC, "N02"),))
    assert VOCABULARY.read(broad).unknown == ("qorvatix",)


def test_a_brand_that_hides_an_opioid_blocks() -> None:
    report = screen(Patient(["Norco 5/325 tablet"], opioid_use=False))
    assert report.blocking[0].code == "opioid-use"
    assert "hydrocodone" in report.blocking[0].summary


def test_a_vocabulary_without_a_lexicon_checks_no_words() -> None:
    open_world = Vocabulary("v", VOCABULARY.substances, sources=VOCABULARY.sources)
    assert open_world.lexicon is None
    assert open_world.read("Qorvatix").unknown == ()
    named = open_world.extend(name="w", sources=[], names=["Qorvatix"])
    assert named.lexicon is not None
    assert named.read("Qorvatix tablet").unknown == ("tablet",)


def test_unknown_words_beyond_five_are_counted() -> None:
    report = screen(Patient(["qxa qxb qxc qxd qxe qxf qxg"], opioid_use=False))
    (finding,) = [f for f in report.findings if f.code == "medication-unrecognised"]
    assert "'qxa', 'qxb', 'qxc', 'qxd', 'qxe' and 2 more" in finding.message


def test_a_code_table_reads_its_rows_once_when_first_asked() -> None:
    calls: list[int] = []

    def rows() -> list[tuple[str, str, str]]:
        calls.append(1)
        return [(RXNORM, "1", "Cetirizine"), (RXNORM, "2", "Norco")]

    table = CodeTable(rows)
    assert calls == []
    assert (RXNORM, "1") in table
    assert (RXNORM, "3") not in table
    assert table[(RXNORM, "2")] == "Norco"
    assert len(table) == 2
    assert sorted(table) == [(RXNORM, "1"), (RXNORM, "2")]
    assert calls == [1]
    lexicon = Lexicon("c", frozenset(), table)
    assert lexicon.codes is table
    with pytest.raises(LdnTypeError, match=r"got tuple \('s', 1\)"):
        len(CodeTable(lambda: [("s", 1, "x")]))  # type: ignore[list-item]


@pytest.mark.parametrize("key", [(1, "x"), ("x", 1), ("", "x"), ("x", ""), ("x",), "xy"])
def test_every_part_of_a_code_is_checked(key: object) -> None:
    with pytest.raises(LdnTypeError, match="code of a lexicon must be a"):
        Lexicon("x", frozenset(), {key: "name"})  # type: ignore[dict-item]


def test_the_stored_lexicon_is_what_the_tables_derive() -> None:
    """A first use reads ldn/_lexicon/derived.py, not every row: it must hold what
    derive_lexicon gives from the tables and the vocabulary today (rerun
    tools/build_lexicon.py after changing either)."""
    stored, derived = shipped_lexicon(), derived_lexicon()
    assert stored[0] == derived[0], "known or generic words differ"
    assert stored[0].codes.keys() == derived[0].codes.keys()
    assert stored[1] == derived[1], "products of opioid rows differ"
    assert stored[2] == derived[2], "sources differ"
    assert len(stored[0].words) > 50_000
    assert stored[0].generic < stored[0].words
    assert VOCABULARY.lexicon == stored[0]
    assert set(stored[1]) <= set(VOCABULARY.products)


def test_a_stale_stored_lexicon_is_seen() -> None:
    """The comparison above can fail: one vocabulary spelling more changes both the
    words and the products derived ("Norco" is then the spelling, not a product)."""
    lexicon, products, _ = derived_lexicon()
    substances, _, _ = shipped_parts()
    more = [*substances, Substance("zz-new-opioid", synonyms=("norco",))]
    changed, fewer, _ = derive_lexicon(more)
    assert changed.words != lexicon.words
    assert fewer != products


@pytest.mark.corpus
def test_the_shipped_lexicon_carries_its_codes_and_brands() -> None:
    lexicon, products, sources = derive_lexicon(VOCABULARY.substances)
    norco = next(key for key, name in lexicon.codes.items() if name == "Norco")
    assert norco[0] == RXNORM
    assert "rxnorm" in sources
    assert any(p.name == "Norco" and p.washout is Washout.LONG for p in products)
    assert {"coamoxiclav", "cetirizine", "tablet"} <= lexicon.words
    assert "norco" not in lexicon.words  # an opioid's brand is matched whole, not a word
    named = {p.name for p in derive_lexicon(VOCABULARY.substances, ["Norco"])[1]}
    assert "Norco" not in named  # a brand the vocabulary lists is not added twice


def testholds_reads_runs_of_up_to_four_words() -> None:
    spellings = frozenset({"oxycodone", "opium tincture"})
    assert holds(["oxycodone"], spellings)
    assert holds(["camphorated", "opium", "tincture"], spellings)
    assert not holds(["opium"], spellings)
    assert not holds([], spellings)
    assert not holds(["a", "b", "c", "d", "e"], frozenset({"a b c d e"}))
    assert holds(["a", "b", "c", "d"], frozenset({"a b c d"}))


@pytest.mark.parametrize(
    "text", ["pain tablets", "Eye drops", "anxiety", "take 1 at night", "10 mL oral syringe"]
)
def test_a_text_that_names_no_medicine_is_named(text: str) -> None:
    """Every word known, none a medicine's: nothing to check it against, so it is named."""
    reading = VOCABULARY.read(text)
    assert reading.unread == (f"{text!r} names no medicine",)
    report = screen(Patient([text], opioid_use=False))
    (finding,) = [f for f in report.findings if f.code == "medication-unrecognised"]
    assert f"{text!r} names no medicine" in finding.message
    coded = Medication(text, codings=(Coding(ATC, "R06AE07"),))
    assert VOCABULARY.read(coded).unread == ()  # a known code names it
    displayed = Medication(text, codings=(Coding(RXNORM, "999999999", "cetirizine 10 mg"),))
    assert VOCABULARY.read(displayed).unread == ()  # a display that names a medicine


@pytest.mark.parametrize(
    "text",
    ["sodium chloride 0.9% infusion", "Prenatal vitamins", "cetirizineHCl 10 mg", "N06AB06"],
)
def test_a_salt_a_vitamin_a_glued_name_or_a_code_names_a_medicine(text: str) -> None:
    assert VOCABULARY.read(text).unread == ()


def test_names_a_medicine_reads_glued_suffixes() -> None:
    words = frozenset({"cetirizine", "tablet"})
    assert names_a_medicine(words, frozenset({"tablet"}), "cetirizinehcl tablet")
    assert not names_a_medicine(words, frozenset({"tablet", "cetirizine"}), "cetirizinehcl")
    assert not names_a_medicine(words, frozenset(), "x tabletx")
    assert names_a_medicine(words, frozenset(), "tablet")


def test_another_name_of_a_substance_keeps_its_interval() -> None:
    """A DrugBank name of a substance is no brand: its release is the substance's."""
    for text in ("betameprodine", "Morfin", "Codein"):
        (match,) = VOCABULARY.read(text).opioids
        assert match.washout is Washout.SHORT, text
    (methadone,) = VOCABULARY.read("Metadona").opioids  # a name of methadone: long
    assert methadone.washout is Washout.LONG
