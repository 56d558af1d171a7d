"""The matcher's building blocks, built fresh in every test (never from a cached vocabulary)."""

from __future__ import annotations

import importlib
import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn._checks import describe
from ldn._matching import SEPARATOR, fold, lookup_key, spelling_of, trie_pattern
from ldn.errors import LdnTypeError, ScreeningError
from ldn.medication import ATC, RXNORM, SNOMED_CT, Coding, Medication
from ldn.monograph import Washout
from ldn.opioids import (
    KnownCode,
    OpioidMatch,
    Product,
    ReleaseWord,
    Scan,
    Source,
    Substance,
    SubstanceKind,
    Vocabulary,
    default_vocabulary,
)
from ldn.opioids._shipped import LEXICON_TABLES, table_rows


@pytest.mark.parametrize(
    ("spellings", "pattern"),
    [
        (["a"], "(?:a)"),
        (["ab"], "(?:ab)"),
        (["ab", "abc"], "(?:abc?)"),
        (["ab", "abcd"], "(?:ab(?:cd)?)"),
        (["ab", "abc", "abd"], "(?:ab(?:(?:c|d))?)"),
        (["ac", "bc"], "(?:(?:ac|bc))"),
        (["a b"], "(?:a[^a-z0-9]*b)"),
        (["a.b"], "(?:a\\.b)"),
        (["x", "x y"], "(?:x(?:[^a-z0-9]*y)?)"),
    ],
)
def test_trie_pattern_shapes(spellings: list[str], pattern: str) -> None:
    assert trie_pattern(spellings) == pattern


@given(st.lists(st.text("abc .", min_size=1, max_size=5), min_size=1, max_size=8))
def test_trie_pattern_matches_exactly_its_spellings(spellings: list[str]) -> None:
    compiled = re.compile(trie_pattern(spellings))
    for spelling in spellings:
        assert compiled.fullmatch(spelling.replace(" ", "")) or " " not in spelling
        assert compiled.fullmatch(spelling), spelling
    for other in ("abcabc", "zz", "."):
        if other not in spellings and not any(
            re.fullmatch(re.escape(s).replace("\\ ", SEPARATOR), other) for s in spellings
        ):
            assert not compiled.fullmatch(other)


CONFUSABLES = {
    "\u0430": "a",
    "\u0441": "c",
    "\u0501": "d",
    "\u0435": "e",
    "\u04bb": "h",
    "\u0456": "i",
    "\u0458": "j",
    "\u043a": "k",
    "\u04cf": "l",
    "\u043c": "m",
    "\u043e": "o",
    "\u0440": "p",
    "\u051b": "q",
    "\u0455": "s",
    "\u0442": "t",
    "\u0443": "y",
    "\u0445": "x",
    "\u051d": "w",
    "\u03b1": "a",
    "\u03b5": "e",
    "\u03b9": "i",
    "\u03ba": "k",
    "\u03bd": "v",
    "\u03bf": "o",
    "\u03c1": "p",
    "\u03c4": "t",
    "\u03c5": "u",
    "\u03c7": "x",
}


@pytest.mark.parametrize(("char", "latin"), sorted(CONFUSABLES.items()))
def test_each_look_alike_letter_folds_to_latin(char: str, latin: str) -> None:
    assert fold(f"x{char}y") == f"x{latin}y"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("OxyCodone", "oxycodone"),
        ("oxy\u00adcodone", "oxycodone"),
        ("oxy\u200bco\u200ddone\ufeff", "oxycodone"),
        ("co\u2010codamol", "co-codamol"),
        ("co\u2014codamol", "co-codamol"),
        ("co\u2212codamol", "co-codamol"),
        ("\uff2f\uff38\uff39", "oxy"),
        ("morphi\u0301ne", "morphine"),
        ("MORPHÍNE", "morphine"),
        ("stra\u00dfe", "strasse"),
        ("plain ascii 30mg!", "plain ascii 30mg!"),
        ("\u00e9", "e"),
        ("\u4e2d", "\u4e2d"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_describe_never_fails() -> None:
    class Hostile:
        def __repr__(self) -> str:
            raise RuntimeError("no")

    assert describe(Hostile()).startswith("Hostile <Hostile instance at 0x")
    assert describe("abc") == "str 'abc'"
    assert describe("x" * 59) == "str '" + "x" * 56 + "..."
    assert describe("x" * 58) == "str '" + "x" * 58 + "'"
    assert describe(10**5000) == "int (an int of about 5001 digits)"


# -- a fresh vocabulary, so the matcher is built inside the test ------------------------

SOURCE = Source("s", "Test source", "https://example.org")


def small(**extra: object) -> Vocabulary:
    base: dict[str, object] = {
        "substances": [
            Substance("morphine", SubstanceKind.OPIOID, ("morfina",), ("N02AA01", "N02AA51")),
            Substance("naloxone", SubstanceKind.NEITHER, (), ("N02AA51",)),
            Substance("naltrexone", SubstanceKind.ANTAGONIST, (), ("N07BB04",)),
            Substance("loperamide", SubstanceKind.PERIPHERAL_OPIOID, (), ("A07DA03",)),
        ],
        "sources": [SOURCE],
        "products": [
            Product("MS Contin", "US", ("morphine",), "s"),
            Product("Tylenol 3", "US", ("codeine-less", "morphine"), "s"),
            Product("Narco-Kit", "US", ("naloxone",), "s"),
        ],
        "terms": ["opioid", "opioids"],
    }
    base.update(extra)
    return Vocabulary("small", **base)  # type: ignore[arg-type]


def names(vocabulary: Vocabulary, text: str) -> list[tuple[str, str, str | None]]:
    reading = vocabulary.read(text)
    return [
        (m.substance.name, m.matched, m.product) for m in (*reading.opioids, *reading.antagonists)
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("morphine 10 mg", [("morphine", "morphine", None)]),
        ("Morfina", [("morphine", "morfina", None)]),
        ("MS-Contin", [("morphine", "ms-contin", "MS Contin")]),
        ("MSContin", [("morphine", "mscontin", "MS Contin")]),
        ("mscontin30mg", [("morphine", "mscontin", "MS Contin")]),
        ("Tylenol #3", [("morphine", "tylenol #3", "Tylenol 3")]),
        ("Tylenol 325 mg", []),
        ("Tylenol 3mg", []),
        ("Tylenol 3, 30 tablets", [("morphine", "tylenol 3", "Tylenol 3")]),
        ("Narco-Kit", []),
        ("naltrexone", [("naltrexone", "naltrexone", None)]),
        ("apomorphine", []),
        ("morphines", []),
        ("morphineHCl", [("morphine", "morphine", None)]),
        ("30mgmorphine", [("morphine", "morphine", None)]),
        ("30 mgmorphine", [("morphine", "morphine", None)]),
        ("5mcgmorphine", [("morphine", "morphine", None)]),
        ("5gmorphine", [("morphine", "morphine", None)]),
        ("5mlmorphine", [("morphine", "morphine", None)]),
        ("5ugmorphine", [("morphine", "morphine", None)]),
        ("mgmorphine", []),
        ("an opioid", [("opioid (unnamed)", "opioid", None)]),
        ("opioids", [("opioid (unnamed)", "opioids", None)]),
        ("non-opioid", []),
        ("nonopioid", []),
        ("non opioids", []),
        ("opioid antagonist", []),
        ("opioid receptor antagonists", []),
        ("opioid-receptor-antagonist", []),
        ("opioid antagonistic", [("opioid (unnamed)", "opioid", None)]),
        ("opioid agonist", [("opioid (unnamed)", "opioid", None)]),
        ("N02AA51", [("morphine", "N02AA51", None)]),
        ("N02AX", [("opioid (by ATC group)", "N02AX", None)]),
        ("loperamide", [("loperamide", "loperamide", None)]),
        ("A07DA03", [("loperamide", "A07DA03", None)]),
        ("N07BB04", [("naltrexone", "N07BB04", None)]),
    ],
)
def test_a_fresh_matcher_reads(text: str, found: list[tuple[str, str, str | None]]) -> None:
    assert names(small(), text) == found


def test_generic_and_group_matches_name_their_kind() -> None:
    reading = small().read("opioid, N02AX")
    term, group = reading.opioids
    assert (term.substance.name, term.substance.kind, term.substance.sources) == (
        "opioid (unnamed)",
        SubstanceKind.OPIOID,
        ("mesh-opioid-analgesics",),
    )
    assert (group.substance.name, group.substance.kind) == (
        "opioid (by ATC group)",
        SubstanceKind.OPIOID,
    )


def test_a_combination_code_reports_every_non_neither_carrier() -> None:
    vocabulary = small(
        substances=[
            Substance("oxycodone", SubstanceKind.OPIOID, (), ("N02AA55",)),
            Substance("naloxone", SubstanceKind.NEITHER, (), ("N02AA55",)),
            Substance("codeine", SubstanceKind.OPIOID, (), ("N02AA55",)),
        ],
        products=[],
    )
    found = [m.substance.name for m in vocabulary.read("N02AA55").opioids]
    assert found == ["oxycodone", "codeine"]


def test_unread_notes() -> None:
    vocabulary = small()
    assert vocabulary.read("N02BE51").unread == (
        "ATC N02BE51 is a combination class that may contain an opioid",
    )
    assert vocabulary.read("").unread == ("nothing readable in ''",)
    long = "1" * 100
    assert vocabulary.read(long).unread == (f"nothing readable in {'1' * 77 + '...'!r}",)


@pytest.mark.corpus
def test_the_shipped_vocabulary_rebuilds_to_the_same_value() -> None:
    """default_vocabulary() is cached; a rebuild from the tables gives an equal vocabulary."""
    rebuilt = default_vocabulary.__wrapped__()  # type: ignore[attr-defined]
    shipped = default_vocabulary()
    assert rebuilt == shipped
    assert rebuilt is not shipped
    assert len(rebuilt.substances) == 145
    assert len(rebuilt.codes) == 2073
    lexicon_sources = {
        source
        for table in LEXICON_TABLES
        for source in importlib.import_module(f"ldn._lexicon.{table}").SOURCES
    }
    brands = [p for p in rebuilt.products if p.source not in lexicon_sources]
    assert len(brands) == 643
    from_lexicon = [p for p in rebuilt.products if p.source in lexicon_sources]
    assert from_lexicon, "the lexicon adds the brands that hide an opioid"
    kinds = {
        (row[0], row[4]): row[1]
        for table in LEXICON_TABLES
        for row in table_rows(importlib.import_module(f"ldn._lexicon.{table}").ROWS)
    }
    for product in from_lexicon:
        # a brand's release is unknown: the longer interval; another name of a
        # substance takes its substance's own
        brand = kinds[(product.name, product.source)] != "substance"
        assert product.washout is (Washout.LONG if brand else Washout.SHORT), product
        assert rebuilt.read(product.name).opioids or rebuilt.read(product.name).antagonists
    assert rebuilt.terms == (
        "opioid",
        "opioids",
        "opiate",
        "opiates",
        "opioid analgesic",
        "opiate analgesic",
        "narcotic analgesic",
    )
    products = {p.name: p for p in rebuilt.products}
    assert products["Imodium"].substances == ("loperamide",)
    assert "Narcan" not in products
    assert "Tylenol" not in products
    codes = {(c.system, c.code): c for c in rebuilt.codes}
    assert codes[("http://www.nlm.nih.gov/research/umls/rxnorm", "7804")].substances == (
        "oxycodone",
    )
    assert codes[("http://snomed.info/sct", "55452001")].substances == ("oxycodone",)
    assert codes[("http://www.nlm.nih.gov/research/umls/rxnorm", "1483744")].display == (
        "naltrexone hydrochloride 50 MG Oral Tablet"
    )
    assert {s.id for s in rebuilt.sources} >= {"whocc-atc", "atcd-2026", "clinical-notes"}
    fresh = rebuilt.read("OxyContin 10 mg").opioids
    assert [(m.substance.name, m.product) for m in fresh] == [("oxycodone", "OxyContin")]


@pytest.mark.parametrize(
    ("entry", "opioids", "unread"),
    [
        (Coding(ATC, "N02AA01"), ["morphine"], ()),
        (Coding(ATC, "N02AX99"), ["opioid (by ATC group)"], ()),
        (Coding(ATC, "N02AA51"), ["morphine"], ()),
        (Coding(ATC, "R05DA09"), [], ()),
        (Coding(ATC, "N06AA09"), [], ()),
        (Coding(ATC, "N02"), [], ("ATC N02 is a class above the opioid groups, not a drug",)),
        (Coding(ATC, "ZZZ"), [], ("'ZZZ' is not an ATC code",)),
        (
            Coding(ATC, "N02BE51"),
            [],
            ("ATC N02BE51 is a combination class that may contain an opioid",),
        ),
        (Coding(RXNORM, "1"), [], ("RxNorm code '1' is not in the vocabulary",)),
        (Coding(SNOMED_CT, "2"), [], ("SNOMED CT code '2' is not in the vocabulary",)),
        (Coding("http://x.org", "3"), [], ("http://x.org code '3' is not in the vocabulary",)),
        (Coding(RXNORM, "42"), ["morphine"], ()),
        (Coding(RXNORM, "43"), [], ()),
        (Medication("morphine", (Coding(RXNORM, "1"),)), ["morphine"], ()),
        (Medication(codings=(Coding(RXNORM, "1"), Coding(ATC, "N06AA09"))), [], ()),
        (
            Medication(codings=(Coding(ATC, "N02BE51"), Coding(RXNORM, "1"))),
            [],
            ("ATC N02BE51 is a combination class that may contain an opioid",),
        ),
        (
            Medication(codings=(Coding(ATC, "N02"), Coding(RXNORM, "1"))),
            [],
            (
                "ATC N02 is a class above the opioid groups, not a drug",
                "RxNorm code '1' is not in the vocabulary",
            ),
        ),
        (
            Medication("Panadol", (Coding(ATC, "N02BE51"), Coding(RXNORM, "1"))),
            [],
            ("ATC N02BE51 is a combination class that may contain an opioid",),
        ),
        (Medication(), [], ("nothing readable in '(empty entry)'",)),
    ],
)
def test_a_fresh_vocabulary_reads_codings(
    entry: Coding | Medication, opioids: list[str], unread: tuple[str, ...]
) -> None:
    vocabulary = small(
        codes=[
            KnownCode(RXNORM, "42", ("morphine",), "s"),
            KnownCode(RXNORM, "43", ("naloxone",), "s"),
        ]
    )
    reading = vocabulary.read(entry)
    assert [m.substance.name for m in reading.opioids] == opioids
    assert reading.unread == unread
    if opioids:
        assert reading.opioids[0].via == (
            entry.token if isinstance(entry, Coding) else entry.texts[0]
        )


def test_a_non_ascii_separator_is_dropped_from_the_key() -> None:
    assert names(small(), "MS\u00b7Contin") == [("morphine", "ms\u00b7contin", "MS Contin")]


def test_every_match_in_a_text_is_kept_in_order() -> None:
    found = names(small(), "non-opioid, opioid, morphine; non-opioid naltrexone")
    assert found == [
        ("opioid (unnamed)", "opioid", None),
        ("morphine", "morphine", None),
        ("naltrexone", "naltrexone", None),
    ]
    reading = small().read("an opioid")
    assert reading.opioids[0].via == "an opioid"
    assert reading.entry == Medication("an opioid")


@pytest.mark.parametrize(("length", "shown"), [(80, "1" * 80), (81, "1" * 77 + "...")])
def test_unread_texts_are_cut_at_80_characters(length: int, shown: str) -> None:
    assert small().read("1" * length).unread == (f"nothing readable in {shown!r}",)


@pytest.mark.parametrize(
    ("name", "spelling"),
    [
        ("DF118", "df 118#"),
        ("DF 118", "df 118#"),
        ("MS-Contin", "ms contin"),
        ("Tylenol #3", "tylenol 3#"),
        ("MORPHÍNE", "morphine"),
        ("---", ""),
    ],
)
def test_spelling_of(name: str, spelling: str) -> None:
    assert spelling_of(name) == spelling


@pytest.mark.parametrize(
    ("spelling", "key"),
    [("ms contin", "mscontin"), ("df 118#", "df118"), ("ms\u00b7contin", "mscontin")],
)
def test_lookup_key(spelling: str, key: str) -> None:
    assert lookup_key(spelling) == key


# -- Scan and Vocabulary.scan -------------------------------------------------------------

MORPHINE = OpioidMatch(Substance("morphine"), "morphine", "morphine 5 mg")
NALTREXONE = OpioidMatch(
    Substance("naltrexone", SubstanceKind.ANTAGONIST), "naltrexone", "naltrexone"
)


def test_a_scan_holds_its_fields_and_unpacks_in_order() -> None:
    scan = Scan([MORPHINE], [NALTREXONE], ["a note"])
    assert (scan.opioids, scan.antagonists, scan.unread) == (
        (MORPHINE,),
        (NALTREXONE,),
        ("a note",),
    )
    opioids, antagonists, unread = scan
    assert (opioids, antagonists, unread) == ((MORPHINE,), (NALTREXONE,), ("a note",))
    assert list(scan) == [(MORPHINE,), (NALTREXONE,), ("a note",)]
    assert Scan() == Scan((), (), ()) != Scan(unread=("a note",))
    with pytest.raises(AttributeError):
        scan.unread = ()  # type: ignore[misc]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"opioids": ["morphine"]},
            "matches must be a tuple or list of OpioidMatch, got list ['morphine']",
        ),
        ({"opioids": None}, "matches must be a tuple or list of OpioidMatch, got NoneType None"),
        (
            {"antagonists": (MORPHINE, "x")},
            "matches must be a tuple or list of OpioidMatch, got tuple",
        ),
        ({"unread": "a note"}, "unread must be a tuple or list of str, got str 'a note'"),
        ({"unread": [1]}, "unread must be a tuple or list of str, got list [1]"),
        (
            {"unread": ("a note", 1)},
            "unread must be a tuple or list of str, got tuple ('a note', 1)",
        ),
    ],
)
def test_a_scan_refuses_invalid_fields(fields: dict[str, object], message: str) -> None:
    with pytest.raises(LdnTypeError) as raised:
        Scan(**fields)  # type: ignore[arg-type]
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize(
    "entry",
    [
        "morphine 10 mg, naltrexone",
        "MS Contin",
        "",
        "1" * 100,
        "N02BE51 and morphine",
        Coding(ATC, "N02"),
        Coding(RXNORM, "42"),
        Medication("Narco-Kit", (Coding(ATC, "N07BB04"), Coding(RXNORM, "1"))),
        Medication(),
    ],
)
def test_scan_reports_what_read_reports(entry: str | Coding | Medication) -> None:
    vocabulary = small(codes=[KnownCode(RXNORM, "42", ("morphine",), "s")])
    scan = vocabulary.scan(entry)
    reading = vocabulary.read(entry)
    assert isinstance(scan, Scan)
    assert scan == Scan(reading.opioids, reading.antagonists, reading.unread)


def test_scan_splits_opioids_from_antagonists_once_each() -> None:
    opioids, antagonists, unread = small().scan("morphine, MS Contin, naltrexone, morfina")
    assert [(m.substance.name, m.matched) for m in opioids] == [("morphine", "morphine")]
    assert [m.substance.name for m in antagonists] == ["naltrexone"]
    assert unread == ()


def test_scan_remembers_each_text_once() -> None:
    vocabulary = small()
    first = vocabulary.scan("morphine 10 mg")
    assert vocabulary.scan("morphine 10 mg") == first
    assert vocabulary.scan(Medication("morphine 10 mg")) == first
    assert list(vocabulary._compiled().memo) == ["morphine 10 mg"]


@pytest.mark.parametrize("entry", [3, None, b"morphine", ["morphine"]])
def test_scan_refuses_what_is_not_an_entry(entry: object) -> None:
    with pytest.raises(LdnTypeError, match="medication must be a str, Coding or Medication"):
        small().scan(entry)  # type: ignore[arg-type]


# -- pins for the vocabulary's own checks (read afresh, not from an import-time cache) ----


def test_opioids_is_built_on_each_access_from_the_shipped_vocabulary() -> None:
    import ldn.opioids

    built = ldn.opioids.__getattr__("OPIOIDS")
    assert built
    assert {s.kind for s in built} == {SubstanceKind.OPIOID, SubstanceKind.PERIPHERAL_OPIOID}
    assert "morphine" in {s.name for s in built}
    assert "naltrexone" not in {s.name for s in built}
    with pytest.raises(AttributeError) as raised:
        ldn.opioids.__getattr__("OPIATES")
    assert str(raised.value) == "module 'ldn.opioids' has no attribute 'OPIATES'"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("substances", [1], "substances must be a tuple or list of Substance, got list [1]"),
        (
            "products",
            "MS Contin",
            "products must be a tuple or list of Product, got str 'MS Contin'",
        ),
        ("codes", [None], "codes must be a tuple or list of KnownCode, got list [None]"),
        ("sources", (3,), "sources must be a tuple or list of Source, got tuple (3,)"),
    ],
)
def test_a_vocabulary_checks_its_tables(field: str, value: object, message: str) -> None:
    with pytest.raises(LdnTypeError) as raised:
        small(**{field: value})
    assert str(raised.value) == message


def test_a_vocabulary_names_the_substance_listed_twice() -> None:
    twice = [
        Substance("codeine", SubstanceKind.OPIOID),
        Substance("morphine", SubstanceKind.OPIOID),
        Substance("morphine", SubstanceKind.OPIOID),
    ]
    with pytest.raises(ScreeningError) as raised:
        small(substances=twice, products=[])
    assert str(raised.value) == "substance names must be each listed once, got 'morphine'"


def test_a_product_of_unknown_substances_names_them_all() -> None:
    product = Product("Mystery", "US", ("abc", "xyz"), "s")
    with pytest.raises(ScreeningError) as raised:
        small(products=[product])
    assert str(raised.value) == (
        "substances of product 'Mystery' must be at least one substance of the vocabulary, "
        "or names whose every word its lexicon knows (else it would match nothing), "
        "got 'abc, xyz'"
    )


# Parts of the compiled matcher that only a freshly built vocabulary exercises (tests
# named by the mutants they were written against, 2026-12-03; see docs/quality.rst).


def test_a_release_word_is_read_only_as_a_whole_word() -> None:
    vocabulary = small(release_words=[ReleaseWord("er", "long", "s")])
    washouts = {
        text: [m.washout for m in vocabulary.read(text).opioids]
        for text in ("morphine ER", "morphine 10 mg powder", "morphine erase", "morphine-er")
    }
    assert washouts == {
        "morphine ER": [Washout.LONG],
        "morphine 10 mg powder": [Washout.SHORT],  # "er" ends a word: not the release word
        "morphine erase": [Washout.SHORT],  # "er" starts a word
        "morphine-er": [Washout.LONG],
    }


def test_a_product_of_a_longer_interval_gives_it_to_its_substance() -> None:
    vocabulary = small(products=[Product("Kapanol", "AU", ("morphine",), "s", washout="long")])
    (match,) = vocabulary.read("Kapanol 20 mg").opioids
    assert (match.product, match.washout) == ("Kapanol", Washout.LONG)
    (plain,) = vocabulary.read("morphine 20 mg").opioids
    assert plain.washout is Washout.SHORT


def test_an_atc_code_gives_its_substance_and_its_interval() -> None:
    vocabulary = small(
        substances=[Substance("methadone", SubstanceKind.OPIOID, (), ("N07BC02",), washout="long")],
        products=[],
    )
    (match,) = vocabulary.read(Coding(ATC, "N07BC02")).opioids
    assert (match.substance.name, match.matched, match.washout) == (
        "methadone",
        "N07BC02",
        Washout.LONG,
    )


def test_a_class_that_may_hold_an_opioid_is_noted_whatever_else_claims_it() -> None:
    """A vocabulary that lists the class on a substance of no opioid does not quiet it: a
    local table can add what it knows, never make a possible opioid pass in silence."""
    vocabulary = small(
        substances=[Substance("paracetamol", SubstanceKind.NEITHER, (), ("N02BE51",))],
        products=[],
    )
    assert vocabulary.read(Medication(codings=(Coding(ATC, "N02BE51"),))).unread == (
        "ATC N02BE51 is a combination class that may contain an opioid",
    )


def test_a_code_of_the_lexicon_accounts_for_the_words_of_its_entry() -> None:
    vocabulary = default_vocabulary()
    code = Coding(RXNORM, "20610")  # cetirizine, a code the lexicon knows
    assert vocabulary.lexicon is not None
    assert vocabulary.lexicon.codes[(code.system, code.code)] == "cetirizine"
    reading = vocabulary.read(Medication("qorvatix", codings=(code,)))
    assert (reading.opioids, reading.unread, reading.unknown) == ((), (), ())
    assert vocabulary.read("qorvatix").unknown == ("qorvatix",)


def test_a_long_text_that_names_no_medicine_is_quoted_whole_to_80_characters() -> None:
    text = " ".join(["pain tablets"] * 10)
    note = f"{text[:77] + '...'!r} names no medicine"
    assert default_vocabulary().read(text).unread == (note,)  # read as a Medication
    assert default_vocabulary().scan(text).unread == (note,)  # scanned as a str
    digits = "1" * 100
    assert default_vocabulary().scan(digits).unread == (
        f"nothing readable in {digits[:77] + '...'!r}",
    )


def test_the_words_of_a_product_of_no_opioid_are_known_words() -> None:
    """Closed world: a listed product of no opioid or antagonist is a known medicine."""
    from ldn.opioids import Lexicon

    vocabulary = small(
        substances=[
            Substance("morphine", SubstanceKind.OPIOID),
            Substance("cetirizine", SubstanceKind.NEITHER),
        ],
        products=[Product("Zyrtec", "US", ("cetirizine",), "s")],
        lexicon=Lexicon("l", frozenset({"tablet", "mg"})),
    )
    assert vocabulary.read("Zyrtec 10 mg tablet").unknown == ()
    assert vocabulary.read("cetirizine tablet").unknown == ()
    assert vocabulary.read("qorvatix tablet").unknown == ("qorvatix",)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Robitussin AC", "robitussin"),
        ("guaifenesin ac", "guaifenesin"),
        ("Siltussin AC syrup 100-10 mg/5 mL", "siltussin"),
        ("Robitussin-DAC", "robitussin"),
    ],
)
def test_ac_after_a_name_is_named_as_possibly_with_codeine(text: str, word: str) -> None:
    """US cough syrups name their codeine by "AC" ("DAC" with a decongestant): a list
    may hold one the vocabulary does not list, so the entry is named, never silent."""
    suffix = "DAC" if "dac" in text.lower() else "AC"
    reading = default_vocabulary().read(text)
    assert reading.opioids == ()
    assert reading.unread == (
        f"{suffix!r} after {word!r} may mean 'with codeine' (US cough syrups such as "
        "Robitussin AC): check the product",
    )


@pytest.mark.parametrize(
    "text",
    [
        "take 1 tab ac",
        "2 teaspoons ac",  # a unit the lexicon knows
        "metformin 500mg ac",
        "insulin aspart 4 units ac",
        "Cheratussin AC",  # the vocabulary knows it: codeine, blocked
        "paracetamol 500 mg bd",
        "acetaminophen",
    ],
)
def test_ac_as_directions_or_in_a_known_product_adds_no_note(text: str) -> None:
    reading = default_vocabulary().read(text)
    assert not [note for note in reading.unread if "with codeine" in note]


def test_ac_after_a_long_word_quotes_it_to_40_characters() -> None:
    word = "x" * 45
    assert default_vocabulary().scan(f"{word} ac").unread == (
        f"'AC' after {word[:37] + '...'!r} may mean 'with codeine' (US cough syrups such "
        "as Robitussin AC): check the product",
    )


def test_ac_after_a_direction_word_without_a_lexicon_adds_no_note() -> None:
    vocabulary = small()
    assert vocabulary.lexicon is None
    assert vocabulary.read("1 tab ac").unread == ()
    assert vocabulary.read("Robitussin AC").unread == (
        "'AC' after 'robitussin' may mean 'with codeine' (US cough syrups such as "
        "Robitussin AC): check the product",
    )


def test_a_spelling_two_substances_claim_reads_as_the_opioid_then_the_first() -> None:
    """LDN-OPIOID: whatever the order of the table, a shared spelling is the opioid's;
    between claims of one kind, the first listed stands."""
    from ldn.opioids._matcher import strongest_claims

    oxycodone = Substance("oxycodone", SubstanceKind.OPIOID, ("oxy",))
    decongestant = Substance("oxymetazoline", SubstanceKind.NEITHER, ("oxy",))
    codeine = Substance("codeine", SubstanceKind.OPIOID, ("shared",))
    morphine = Substance("morphine", SubstanceKind.OPIOID, ("shared",))
    for order in ((oxycodone, decongestant), (decongestant, oxycodone)):
        assert strongest_claims(order)["oxy"] is oxycodone
    assert strongest_claims((codeine, morphine))["shared"] is codeine
    assert strongest_claims((morphine, codeine))["shared"] is morphine
    vocabulary = small(substances=[oxycodone, decongestant], products=[])
    assert [m.substance.name for m in vocabulary.read("oxy 5 mg").opioids] == ["oxycodone"]


@pytest.mark.parametrize("text", ["10mgoxycodone", "Take 5mgOxycodone at night", "2.5mlmethadone"])
def test_a_dose_glued_before_a_name_is_split_off(text: str) -> None:
    vocabulary = small(
        substances=[
            Substance("oxycodone", SubstanceKind.OPIOID),
            Substance("methadone", SubstanceKind.OPIOID),
        ],
        products=[],
    )
    assert len(vocabulary.read(text).opioids) == 1


def test_the_unknown_words_of_every_text_of_an_entry_are_named() -> None:
    entry = Medication("qorvatix", codings=(Coding(RXNORM, "999999999", "zembrofil"),))
    assert entry.texts == ("qorvatix", "zembrofil")
    assert default_vocabulary().read(entry).unknown == ("qorvatix", "zembrofil")


def test_a_word_in_another_script_is_named_as_unknown() -> None:
    """A text of letters outside ASCII is read in full (the one-pass path reads ASCII
    words only): its words are named, not taken for a text with nothing readable."""
    reading = default_vocabulary().read("吗啡 10 mg")
    assert (reading.opioids, reading.unread, reading.unknown) == ((), (), ("吗啡",))


@pytest.mark.parametrize(
    ("text", "unread", "unknown"),
    [
        ("oxycodone qorvatix", (), ("qorvatix",)),
        (
            "oxycodone N02BE51",
            ("ATC N02BE51 is a combination class that may contain an opioid",),
            (),
        ),
    ],
)
def test_an_entry_that_names_an_opioid_keeps_its_notes_and_unknown_words(
    text: str, unread: tuple[str, ...], unknown: tuple[str, ...]
) -> None:
    vocabulary = default_vocabulary()
    for scan in (vocabulary.scan(text), vocabulary.read(text)):
        assert [m.substance.name for m in scan.opioids] == ["oxycodone"]
        assert (scan.unread, scan.unknown) == (unread, unknown)


def test_scan_remembers_each_entry_and_answers_from_the_memo() -> None:
    """The memos change the cost, never a result: a str entry is remembered by its text,
    any other entry by its text and codings, and a second scan is the remembered value."""
    vocabulary = small()
    text = vocabulary.scan("morphine 10 mg")
    coded = Medication("morphine", codings=(Coding(ATC, "N02AA01"),))
    entry = vocabulary.scan(coded)
    matcher = vocabulary._compiled()
    assert matcher.text_memo == {"morphine 10 mg": text}
    assert matcher.entry_memo == {("morphine", coded.codings): entry}
    assert vocabulary.scan("morphine 10 mg") is text
    assert vocabulary.scan(Medication("morphine", codings=(Coding(ATC, "N02AA01"),))) is entry


def test_scan_text_answers_from_its_memo_and_shares_the_plain_scans() -> None:
    """A text read once is answered from the memo; a plain ASCII text that names nothing
    is read in one pass and scans to a shared value (no new tuple per entry)."""
    from ldn.opioids._matcher import _KNOWN, _PLAIN

    matcher = small()._compiled()
    first = matcher.scan_text("morphine 5 mg")
    assert matcher.memo == {"morphine 5 mg": first}
    assert matcher.scan_text("morphine 5 mg") is first
    assert matcher.scan_text("take one at night") is _PLAIN[True]  # no lexicon: words
    assert matcher.scan_text("10 20") is _PLAIN[False]  # no letter
    shipped = attrs.evolve(default_vocabulary())._compiled()
    assert shipped.scan_text("paracetamol 500 mg tablet") is _KNOWN[False]
    assert shipped.scan_text("pain tablets") is _KNOWN[True]
