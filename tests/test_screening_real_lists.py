"""Screening real medication lists: brands, combinations, codes, Unicode variants, local lists.

The corpus tests read strings gathered from sources other than the vocabulary's
where possible (tests/corpus/), so recall is measured, not assumed.
"""

from __future__ import annotations

import importlib
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import strategies as st

from ldn import LdnError, LdnTypeError, Patient, ScreeningError, Severity, screen
from ldn.medication import ATC, RXNORM, SNOMED_CT, Coding, Medication, canonical_system
from ldn.opioids import (
    KnownCode,
    Product,
    Source,
    Substance,
    SubstanceKind,
    Vocabulary,
    atc_status,
    default_vocabulary,
    find_opioids,
)

# Slow (the real lists, vocabulary tables): .ci/run's slow stage runs it, not the README command.
pytestmark = pytest.mark.corpus

VOCABULARY = default_vocabulary()
CORPORA = ("brands_nz_au", "brands_uk", "brands_us")
BLOCKING = (SubstanceKind.OPIOID, SubstanceKind.PERIPHERAL_OPIOID)


def corpus_rows() -> list[tuple[str, str, str, tuple[str, ...], str]]:
    rows = []
    for name in CORPORA:
        rows += importlib.import_module(f"tests.corpus.{name}").CORPUS
    return rows


def brand_rows() -> list[tuple[str, str, tuple[str, ...], str, str]]:
    rows = []
    for name in CORPORA:
        rows += importlib.import_module(f"ldn._vocabulary.{name}").PRODUCTS
    return rows


def kind_of(substances: tuple[str, ...]) -> str:
    """The kind a product's substances give it: any opioid wins, then a peripheral one, then any antagonist."""
    known = VOCABULARY.by_name()
    kinds = {known[s].kind for s in substances if s in known}
    for kind in (SubstanceKind.OPIOID, SubstanceKind.PERIPHERAL_OPIOID, SubstanceKind.ANTAGONIST):
        if kind in kinds:
            return str(kind)
    return "neither"


def verdict(entry: str | Coding) -> str:
    reading = VOCABULARY.read(entry)
    kinds = {m.substance.kind for m in reading.opioids}
    if kinds - {SubstanceKind.PERIPHERAL_OPIOID}:
        return "opioid"
    if kinds:
        return "peripheral-opioid"
    return "antagonist" if reading.antagonists else "neither"


def expected_kind(declared: str, substances: tuple[str, ...]) -> str:
    """The kind a row declares; loperamide products, declared look-alikes, are peripheral opioids.

    The research brief listed loperamide with the look-alikes; the vocabulary
    reads it as a peripheral opioid (blocking is the policy's loperamide_blocks).
    """
    derived = kind_of(substances)
    if derived == "peripheral-opioid":
        assert declared in ("neither", "opioid"), substances
        return derived
    return declared


# -- the corpus: recall and false positives -------------------------------------------


@pytest.mark.rule("LDN-OPIOID")
@pytest.mark.parametrize(("text", "market", "kind", "substances", "source"), corpus_rows())
def test_corpus(
    text: str, market: str, kind: str, substances: tuple[str, ...], source: str
) -> None:
    """Every opioid entry blocks, every antagonist is flagged, nothing else is (per market)."""
    assert verdict(text) == expected_kind(kind, substances), (text, market, source)


def test_corpus_covers_every_market_and_kind() -> None:
    rows = corpus_rows()
    assert {market for _, market, *_ in rows} == {"NZ", "AU", "UK", "US"}
    assert {kind for _, _, kind, *_ in rows} == {"opioid", "antagonist", "neither"}
    assert len(rows) >= 300


#: Look-alikes and ordinary drugs that must never block (names close to opioid names,
#: antagonists that are not opioid use, and common co-medications).
LOOK_ALIKES = [
    "apomorphine 2 mg",
    "papaverine 40 mg",
    "dextromethorphan 15 mg",
    "noscapine",
    "lofexidine 0.2 mg",
    "naloxone 400 mcg",
    "Narcan nasal spray",
    "methylnaltrexone (Relistor) 12 mg",
    "naloxegol 25 mg",
    "Movantik 25 mg",
    "alvimopan",
    "morphology review",
    "codeine-free cough syrup?",
    "paracetamol 1 g",
    "ibuprofen 400 mg",
    "Nurofen 200 mg",
    "Panadol Osteo",
    "Tylenol 325 mg",
    "Tylenol Extra Strength",
    "amitriptyline 10 mg",
    "pregabalin 75 mg",
    "gabapentin 300 mg",
    "duloxetine 60 mg",
    "N06AA09",
    "R05DA09",
    "R05DA07",
    "N07BC04",
    "oxybutynin",
    "hydroxychloroquine",
    "non-opioid analgesic",
    "opioid antagonist",
    "carbamazepine",
    "metformin 500 mg",
]


@pytest.mark.rule("LDN-OPIOID")
@pytest.mark.parametrize("text", [t for t in LOOK_ALIKES if "codeine" not in t])
def test_look_alikes_never_block(text: str) -> None:
    assert VOCABULARY.read(text).opioids == ()
    assert screen(Patient(medications=[text], opioid_use=False)).may_start


def test_a_negated_or_free_mention_still_blocks() -> None:
    """Words around a name are not interpreted: the safe side."""
    for text in ("stopped oxycodone last year", "codeine-free cough syrup?", "no tramadol"):
        assert not screen(Patient(medications=[text], opioid_use=False)).may_start


# -- every entry of the vocabulary does what its kind says --------------------------------


@pytest.mark.rule("LDN-OPIOID")
def test_every_spelling_of_every_substance_is_read() -> None:
    for substance in VOCABULARY.substances:
        for spelling in substance.spellings:
            reading = VOCABULARY.read(f"x {spelling} 5 mg")
            found = {m.substance.name for m in (*reading.opioids, *reading.antagonists)}
            if substance.kind is SubstanceKind.NEITHER:
                assert not found, spelling
            else:
                assert substance.name in found, spelling


def test_every_atc_code_is_read_with_its_kind() -> None:
    """A combination code stands on each ingredient's row; every non-neither one is reported."""
    for substance in VOCABULARY.substances:
        for code in substance.atc_codes:
            reading = VOCABULARY.read(Coding(ATC, code))
            found = {m.substance.name for m in (*reading.opioids, *reading.antagonists)}
            carriers = {
                s.name
                for s in VOCABULARY.substances
                if code in s.atc_codes and s.kind is not SubstanceKind.NEITHER
            }
            assert found == carriers, code
            assert reading.unread == ()


def test_a_combination_code_with_an_antagonist_still_blocks() -> None:
    """N02AA55 (oxycodone and naloxone) stands on both rows: it reads as oxycodone."""
    assert [m.substance.name for m in VOCABULARY.read(Coding(ATC, "N02AA55")).opioids] == [
        "oxycodone"
    ]


@pytest.mark.rule("LDN-OPIOID")
def test_every_brand_blocks_or_flags_as_its_substances_say() -> None:
    rows = brand_rows()
    assert len(rows) >= 350
    for name, market, substances, declared, source in rows:
        kind = expected_kind(declared, substances)
        assert kind == kind_of(substances), (name, substances)
        assert verdict(name) == kind, (name, market, source)
        assert verdict(f"{name.upper()} 10 mg tablets") == kind, name


def test_every_shipped_code_is_read_without_its_display() -> None:
    assert len(VOCABULARY.codes) >= 1500
    for known in VOCABULARY.codes:
        assert verdict(Coding(known.system, known.code)) == kind_of(known.substances), known
        reading = VOCABULARY.read(Coding(known.system, known.code))
        assert reading.unread == ()


def test_every_brand_source_is_cited_with_a_url() -> None:
    """A public URL, a shared project document, or a file of this repository."""
    root = Path(__file__).resolve().parent.parent
    for source in VOCABULARY.sources:
        assert source.url.startswith(("http://", "https://", "shared/", "tools/")), source
        if source.url.startswith("tools/"):
            assert (root / source.url.split()[0]).is_file(), source


def test_naltrexone_50_mg_tablet_code() -> None:
    """clinical-notes.md: RxNorm 1483744 is the 50 mg tablet the liquid is made from."""
    reading = VOCABULARY.read(Coding(RXNORM, "1483744"))
    assert [m.substance.name for m in reading.antagonists] == ["naltrexone"]


# -- properties: any spelling, any case, any Unicode variant, any surroundings --------------

OPIOID_SPELLINGS = sorted(
    {
        *(sp for s in VOCABULARY.substances if s.kind in BLOCKING for sp in s.spellings),
        *(p.name for p in VOCABULARY.products if kind_of(p.substances) == "opioid"),
    }
)
ANTAGONIST_SPELLINGS = sorted(
    {
        *(
            sp
            for s in VOCABULARY.substances
            if s.kind is SubstanceKind.ANTAGONIST
            for sp in s.spellings
        ),
        *(p.name for p in VOCABULARY.products if kind_of(p.substances) == "antagonist"),
    }
)
INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
DASHES = ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\ufe63", "\uff0d"]


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@st.composite
def variants(draw: st.DrawFn, spellings: list[str]) -> tuple[str, str]:
    """A vocabulary spelling, varied as real lists vary it, inside non-letter surroundings."""
    spelling = draw(st.sampled_from(spellings))
    chars = [draw(st.sampled_from([c.lower(), c.upper()])) for c in spelling]
    text = "".join(c if c != "-" else draw(st.sampled_from(DASHES)) for c in chars)
    if draw(st.booleans()):
        text = _full_width(text)
    if draw(st.booleans()):  # accents: a combining mark after a letter
        text = "".join(c + ("\u0301" if c.isalpha() and draw(st.booleans()) else "") for c in text)
        text = unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), text)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(INVISIBLE)) + text[at:]
    around = st.text(st.characters(categories=["Nd", "Zs", "Po", "Ps", "Pe", "Sm"]), max_size=8)
    after = draw(around)
    if spelling[-1].isdigit():
        # "U-47700" then "0" is another number ("Tylenol #3" is not "#30"): no digit follows.
        after = after.lstrip("".join(c for c in after if unicodedata.category(c) == "Nd"))
    return spelling, draw(around) + text + after


@pytest.mark.parametrize(
    "text",
    ["N02-AA-01", "n02 aa01", "N02.AA.01", "n02aa01", "see N02AA01.", "N02A", "N02AX", "R05DA"],
)
def test_atc_codes_in_text_with_separators(text: str) -> None:
    assert VOCABULARY.read(text).opioids, text


@pytest.mark.parametrize(
    "text", ["A10BA02", "N06AA09", "B12A", "R05DA09", "N07BC04", "abc N02 xyz"]
)
def test_other_codes_in_text_pass(text: str) -> None:
    assert VOCABULARY.read(text).opioids == ()


# -- coded entries -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("N02A", "opioid"),
        ("N02AJ06", "opioid"),
        ("N02AX99", "opioid"),
        ("N01AH", "opioid"),
        ("R05FA02", "opioid"),
        ("R05DA20", "opioid"),
        ("R05DA", "opioid"),
        ("N07BC", "opioid"),
        ("A07DA", "opioid"),
        ("R05DA09", "not-opioid"),
        ("N07BC04", "not-opioid"),
        ("N02", "broad"),
        ("N", "broad"),
        ("R05D", "broad"),
        ("N07B", "broad"),
        ("N02BE51", "possible"),
        ("M01AE51", "possible"),
        ("N02BE01", "other"),
        ("N07BB04", "other"),
        ("N02AA0", "invalid"),
        ("02AA01", "invalid"),
        ("N02AA011", "invalid"),
    ],
)
def test_atc_hierarchy(code: str, status: str) -> None:
    assert atc_status(code) == status


def test_a_coding_without_text_is_read_by_its_code() -> None:
    report = screen(Patient(medications=[Coding(ATC, "N02AX02")], opioid_use=False))
    (finding,) = report.blocking
    assert finding.trigger == "http://www.whocc.no/atc|N02AX02"
    assert "tramadol" in finding.summary


@pytest.mark.rule("LDN-OPIOID")
@pytest.mark.parametrize(
    "entry",
    [
        Coding(RXNORM, "99999999"),
        Coding(SNOMED_CT, "123456789"),
        Coding("http://example.org/local", "X1"),
        Coding(ATC, "N02"),
        Coding(ATC, "not-a-code"),
        Medication(),
        Medication(text="   "),
        Medication(text="12345"),
        "",
    ],
)
def test_an_unreadable_entry_is_reported_never_passed_silently(entry: object) -> None:
    report = screen(Patient(medications=[entry], opioid_use=False))  # type: ignore[list-item]
    unrecognised = [f for f in report.findings if f.code == "medication-unrecognised"]
    assert len(unrecognised) == 1
    assert unrecognised[0].severity is Severity.CAUTION
    assert unrecognised[0].rule_id == "LDN-OPIOID"
    assert unrecognised[0].trigger


def test_an_unknown_code_with_readable_text_is_read_by_the_text() -> None:
    entry = Medication("amitriptyline 10 mg", (Coding(RXNORM, "99999999"),))
    assert screen(Patient(medications=[entry], opioid_use=False)).codes() == (
        "adverse-effects",
        "hepatic-information",
    )
    display = Coding(RXNORM, "99999999", "oxycodone 5 MG Oral Tablet")
    report = screen(Patient(medications=[display], opioid_use=False))
    assert report.blocking[0].trigger == "oxycodone 5 MG Oral Tablet"


def test_a_possible_combination_class_is_always_reported() -> None:
    entry = Medication("Panadol", (Coding(ATC, "N02BE51"),))
    report = screen(Patient(medications=[entry], opioid_use=False))
    assert "medication-unrecognised" in report.codes()
    assert report.may_start


def test_rxnorm_and_snomed_spellings_of_systems() -> None:
    assert canonical_system("urn:oid:2.16.840.1.113883.6.88") == RXNORM
    assert canonical_system(" HTTPS://SNOMED.INFO/SCT/ ") == SNOMED_CT
    assert canonical_system("http://www.whocc.no/atc") == ATC
    assert canonical_system("ATC") == ATC
    assert canonical_system("http://example.org/x") == "http://example.org/x"
    assert Coding(" urn:oid:2.16.840.1.113883.6.73 ", " n02aa01 ").token == f"{ATC}|N02AA01"
    assert Coding(RXNORM, "abc").code == "abc"


def test_an_opioid_with_an_antagonist_in_one_product() -> None:
    """Embeda (morphine/naltrexone) is opioid use and also an antagonist; Suboxone is opioid use."""
    report = screen(Patient(medications=["Embeda 20 mg/0.8 mg"], opioid_use=False))
    assert {"opioid-use", "opioid-antagonist"} <= set(report.codes())
    suboxone = VOCABULARY.read("Suboxone 8/2 mg film")
    assert [m.substance.name for m in suboxone.opioids] == ["buprenorphine"]
    assert suboxone.antagonists == ()


def test_finding_names_the_product_and_the_match() -> None:
    report = screen(Patient(medications=["OxyContin 10 mg"], opioid_use=False))
    (finding,) = report.blocking
    assert finding.trigger == "OxyContin 10 mg"
    assert "product OxyContin" in finding.message
    assert "opioid_use" not in finding.message
    assert "contradicts the record" in finding.message


def test_long_texts_are_abbreviated_in_findings() -> None:
    text = "oxycodone " + "x" * 5000
    (finding,) = screen(Patient(medications=[text], opioid_use=False)).blocking
    assert len(finding.message) < 400
    assert finding.trigger == text


def test_find_opioids_keeps_its_contract() -> None:
    assert [m.substance.name for m in find_opioids("oxycodone 5 mg / codeine")] == [
        "oxycodone",
        "codeine",
    ]
    assert find_opioids(Coding(ATC, "N02AX02"))[0].via == f"{ATC}|N02AX02"


# -- a local formulary ----------------------------------------------------------------------

LOCAL_SOURCE = Source(
    "clinic-2026", "Clinic formulary 2026", "internal document", "internal", "2026"
)


def test_a_clinic_adds_its_own_names_and_codes() -> None:
    local = VOCABULARY.extend(
        name="clinic",
        sources=[LOCAL_SOURCE],
        products=[Product("Kloxxo", "NZ", ("oxycodone",), "clinic-2026")],
        codes=[KnownCode("http://clinic.example/codes", "77", ("tramadol",), "clinic-2026")],
        substances=[Substance("oxyfoo", SubstanceKind.OPIOID, ("foozol",), (), ("clinic-2026",))],
        terms=["strong painkiller"],
    )
    assert local.extends == "ldn"
    for entry in (
        "Kloxxo 5 mg",
        Coding("http://clinic.example/codes", "77"),
        "foozol drops",
        "strong painkiller",
    ):
        assert not screen(
            Patient(medications=[entry], opioid_use=False), vocabulary=local
        ).may_start
        assert screen(Patient(medications=[entry], opioid_use=False)).may_start
    assert screen(Patient(medications=["OxyContin"], opioid_use=False), vocabulary=local).blocking


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: VOCABULARY.extend(name="ldn", sources=[]),
            ScreeningError,
            "name of an extended vocabulary must be a str other than 'ldn', got str 'ldn'",
        ),
        (
            lambda: VOCABULARY.extend(name=3, sources=[]),
            ScreeningError,
            "name of an extended vocabulary must be a str other than 'ldn', got int 3",
        ),
        (
            lambda: VOCABULARY.extend(name="x", sources="abc"),
            LdnTypeError,
            "sources must be a collection, got str 'abc'",
        ),
        (
            lambda: VOCABULARY.extend(
                name="x", sources=[], products=[Product("A", "NZ", ("oxycodone",), "nope")]
            ),
            ScreeningError,
            "source of a vocabulary entry in 'x' must be the id of one of the vocabulary's sources, got 'nope'",
        ),
        (
            lambda: VOCABULARY.extend(
                name="x",
                sources=[LOCAL_SOURCE],
                products=[Product("A", "NZ", ("unobtainium",), "clinic-2026")],
            ),
            ScreeningError,
            "substances of product 'A' must be at least one substance of the vocabulary, or names whose every word its lexicon knows (else it would match nothing), got 'unobtainium'",
        ),
        (
            lambda: VOCABULARY.extend(
                name="x",
                sources=[LOCAL_SOURCE],
                codes=[KnownCode(RXNORM, "1", ("zzz",), "clinic-2026")],
            ),
            ScreeningError,
            "substances of code http://www.nlm.nih.gov/research/umls/rxnorm|1 must be at least one substance of the vocabulary, or names whose every word its lexicon knows (else it would match nothing), got 'zzz'",
        ),
        (
            lambda: VOCABULARY.extend(name="x", sources=[LOCAL_SOURCE], terms=[""]),
            ScreeningError,
            "name must be a non-empty str of at most 500 characters, got str ''",
        ),
        (
            lambda: VOCABULARY.extend(name="x", sources=[1]),
            LdnTypeError,
            "sources must be a tuple or list of Source, got list [1]",
        ),
        (
            lambda: VOCABULARY.extend(name="x", sources=[], substances=3),
            LdnTypeError,
            "substances must be a collection, got int 3",
        ),
        (
            lambda: VOCABULARY.extend(name="x", sources=[], products="p"),
            LdnTypeError,
            "products must be a collection, got str 'p'",
        ),
        (
            lambda: VOCABULARY.extend(name="x", sources=[], codes=None),
            LdnTypeError,
            "codes must be a collection, got NoneType None",
        ),
        (
            lambda: VOCABULARY.extend(name="x", sources=[], terms="opioid"),
            LdnTypeError,
            "terms must be a collection, got str 'opioid'",
        ),
        (
            lambda: Source("", "t", "u"),
            ScreeningError,
            "id must be a non-empty str of at most 500 characters, got str ''",
        ),
        (
            lambda: Source("s", "t", ""),
            ScreeningError,
            "url must be a non-empty str of at most 2000 characters, got str ''",
        ),
        (
            lambda: Source("s", "t", "u", date=" "),
            ScreeningError,
            "date must be a non-empty str of at most 2000 characters, got str ' '",
        ),
        (
            lambda: Source("s", "t" * 2001, "u"),
            ScreeningError,
            "title must be a non-empty str of at most 2000 characters, got str 'tttttttttttttttttttttttttttttttttttttttttttttttttttttttt...",
        ),
        (
            lambda: Product("A", "", ("oxycodone",), "s"),
            ScreeningError,
            "market must be a non-empty str of at most 500 characters, got str ''",
        ),
        (
            lambda: Product("A", "NZ", ("oxycodone",), ""),
            ScreeningError,
            "source must be a non-empty str of at most 500 characters, got str ''",
        ),
        (
            lambda: Product("A" * 501, "NZ", ("oxycodone",), "s"),
            ScreeningError,
            "name must be a non-empty str of at most 500 characters, got str 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA...",
        ),
        (
            lambda: Product("A", "NZ", ("",), "s"),
            ScreeningError,
            "name must be a non-empty str of at most 500 characters, got str ''",
        ),
        (
            lambda: KnownCode("", "1", ("oxycodone",), "s"),
            ScreeningError,
            "system must be a non-empty str of at most 2000 characters, got str ''",
        ),
        (
            lambda: KnownCode(RXNORM, "", ("oxycodone",), "s"),
            ScreeningError,
            "code must be a non-empty str of at most 500 characters, got str ''",
        ),
        (
            lambda: KnownCode(RXNORM, "1", ("oxycodone",), "s", display=""),
            ScreeningError,
            "display must be a non-empty str of at most 2000 characters, got str ''",
        ),
        (
            lambda: Substance("x", synonyms=("",)),
            ScreeningError,
            "name must be a non-empty str of at most 500 characters, got str ''",
        ),
        (
            lambda: Substance("x", sources=(3,)),
            LdnTypeError,
            "names must be a tuple or list of str, got tuple (3,)",
        ),
        (
            lambda: Product("", "NZ", ("oxycodone",), "s"),
            ScreeningError,
            "name must be a non-empty str of at most 500 characters, got str ''",
        ),
        (
            lambda: Product("---", "NZ", ("oxycodone",), "s"),
            ScreeningError,
            "name must be a name with at least one letter or digit, got '---'",
        ),
        (
            lambda: Product("A", "NZ", (), "s"),
            ScreeningError,
            "substances of 'A' must be at least one, got none",
        ),
        (
            lambda: Product("A", "NZ", "oxycodone", "s"),
            LdnTypeError,
            "names must be a tuple or list of str, got str 'oxycodone'",
        ),
        (
            lambda: Product(None, "NZ", ("oxycodone",), "s"),
            LdnTypeError,
            "name must be a str, got NoneType None",
        ),
        (
            lambda: KnownCode(RXNORM, "1", (), "s"),
            ScreeningError,
            "substances of code '1' must be at least one, got none",
        ),
        (
            lambda: Substance("x", "agonist"),
            ScreeningError,
            "substance kind must be one of opioid, peripheral-opioid, antagonist, neither, got 'agonist'",
        ),
        (
            lambda: Substance("x", atc_codes=("N02",)),
            ScreeningError,
            "ATC code must be a 7-character ATC code such as N02AA01, got 'N02'",
        ),
        (
            lambda: Substance("x", atc_codes=("n02aa01",)),
            ScreeningError,
            "ATC code must be a 7-character ATC code such as N02AA01, got 'n02aa01'",
        ),
        (
            lambda: Source("s", "", "u"),
            ScreeningError,
            "title must be a non-empty str of at most 2000 characters, got str ''",
        ),
        (
            lambda: Source("s", "t", "u", licence=""),
            ScreeningError,
            "licence must be a non-empty str of at most 2000 characters, got str ''",
        ),
        (
            lambda: Vocabulary("v", substances=[Substance("a"), Substance("a")]),
            ScreeningError,
            "substance names must be each listed once, got 'a'",
        ),
        (
            lambda: VOCABULARY.substance("unobtainium"),
            ScreeningError,
            "substance must be a substance of vocabulary 'ldn', got str 'unobtainium'",
        ),
        (
            lambda: VOCABULARY.read(3),
            LdnTypeError,
            "medication must be a str, Coding or Medication, got int 3",
        ),
        (
            lambda: screen(Patient(), vocabulary="ldn"),
            LdnTypeError,
            "vocabulary must be a Vocabulary or None, got str 'ldn'",
        ),
        (
            lambda: screen(Patient(), policy=None),
            LdnTypeError,
            "policy must be a Policy, got NoneType None",
        ),
        (
            lambda: Patient(medications=Coding(ATC, "N02")),
            LdnTypeError,
            "medications must be a collection of str, Coding or Medication, not one, got Coding Coding(system='http://www.wh...c', code='N02', display=None)",
        ),
        (
            lambda: Patient(medications=[b"codeine"]),
            LdnTypeError,
            "medication must be a str, Coding or Medication, got bytes b'codeine'",
        ),
        (lambda: Coding(None, "1"), LdnTypeError, "coding system must be a str, got NoneType None"),
        (lambda: Coding(RXNORM, " "), ScreeningError, "code must be a non-empty code, got ' '"),
        (
            lambda: Coding(" ", "1"),
            ScreeningError,
            "coding system must be a non-empty code system URI, got ' '",
        ),
        (
            lambda: Coding(RXNORM, "1", display=3),
            LdnTypeError,
            "coding display must be a str, got int 3",
        ),
        (
            lambda: Coding(RXNORM, "1" * 20000),
            ScreeningError,
            "code must be at most 10000 characters, got str '11111111111111111111111111111111111111111111111111111111...",
        ),
        (
            lambda: Medication(text=b"x"),
            LdnTypeError,
            "medication text must be a str, got bytes b'x'",
        ),
        (
            lambda: Medication(codings=["N02"]),
            LdnTypeError,
            "codings must be a tuple or list of Coding, got list ['N02']",
        ),
        (
            lambda: Medication.of(None),
            LdnTypeError,
            "medication must be a str, Coding or Medication, got NoneType None",
        ),
    ],
)
def test_bad_input_gets_an_ldn_error(
    call: Callable[[], object], error: type[LdnError], message: str
) -> None:
    """Every word of these messages was read by a person; a change must be deliberate."""
    with pytest.raises(error) as raised:
        call()
    assert type(raised.value) is error
    assert len(str(raised.value)) < 400
    assert str(raised.value) == message


def test_vocabulary_is_built_once_and_matcher_lazily() -> None:
    assert default_vocabulary() is VOCABULARY
    fresh = Vocabulary("small", substances=[Substance("morphine")])
    assert fresh._matcher == []
    assert fresh.read("morphine").opioids
    assert len(fresh._matcher) == 1
    assert fresh == Vocabulary("small", substances=[Substance("morphine")])


def test_medication_values() -> None:
    entry = Medication("OxyContin", (Coding(RXNORM, "1", "oxycodone"),))
    assert entry.texts == ("OxyContin", "oxycodone")
    assert str(entry) == "OxyContin"
    assert str(Medication(codings=(Coding(RXNORM, "1"), Coding(ATC, "n02")))) == (
        f"{RXNORM}|1; {ATC}|N02"
    )
    assert str(Medication()) == "(empty entry)"
    assert Medication.of(entry) is entry
    assert Medication.of(Coding(ATC, "N02")) == Medication(codings=(Coding(ATC, "N02"),))
    assert str(Coding(RXNORM, "1", "x")) == f"{RXNORM}|1 (x)"


def test_the_pattern_is_trie_shaped() -> None:
    """No top-level alternation of thousands of spellings: shared prefixes are factored out."""
    pattern = VOCABULARY._compiled().pattern.pattern
    for name in ("oxycodone", "oxycontin", "oxynorm"):
        assert f"|{name}" not in pattern, name
        assert f"(?:{name}" not in pattern, name


def test_a_local_product_of_a_neither_substance_matches_nothing() -> None:
    local = VOCABULARY.extend(
        name="clinic",
        sources=[LOCAL_SOURCE],
        products=[Product("Naloxo-Kit", "NZ", ("naloxone",), "clinic-2026")],
    )
    reading = local.read("Naloxo-Kit")
    assert (reading.opioids, reading.antagonists, reading.unread) == ((), (), ())
    assert local.substance("oxycodone") is VOCABULARY.substance("oxycodone")


def test_a_non_ascii_separator_inside_a_brand_name() -> None:
    assert VOCABULARY.read("MS\u00b7Contin 30 mg").opioids[0].product == "MS Contin"


def test_the_memo_is_bounded_and_never_changes_a_result(monkeypatch: pytest.MonkeyPatch) -> None:
    import ldn.opioids

    monkeypatch.setattr(ldn.opioids, "_MEMO_SIZE", 2)
    fresh = Vocabulary("small", substances=[Substance("morphine")])
    texts = ["morphine 1", "aspirin", "morphine 2", "morphine 1"]
    first = [fresh.read(t) for t in texts]
    assert len(fresh._compiled().memo) <= 2
    assert [fresh.read(t) for t in texts] == first
    assert [bool(r.opioids) for r in first] == [True, False, True, True]


NEW_FINDINGS = [
    (
        ["naltrexone 50 mg"],
        (
            "opioid-antagonist",
            "caution",
            "Already takes an opioid antagonist (naltrexone): review",
            "'naltrexone 50 mg' contains naltrexone (matched 'naltrexone'), an opioid antagonist. "
            "Low dose naltrexone would duplicate or conflict with it; review before prescribing.",
            "LDN-ANTAGONIST",
            "naltrexone 50 mg",
        ),
    ),
    (
        [Medication(text="  ")],
        (
            "medication-unrecognised",
            "caution",
            "Medication entry not recognised: check it for opioids",
            "Screening could not tell whether '  ' contains an opioid: nothing readable in '  '. "
            "Check the entry by hand; it was not taken as opioid-free.",
            "LDN-OPIOID",
            "'  '",
        ),
    ),
    (
        [Medication()],
        (
            "medication-unrecognised",
            "caution",
            "Medication entry not recognised: check it for opioids",
            "Screening could not tell whether '(empty entry)' contains an opioid: nothing "
            "readable in '(empty entry)'. Check the entry by hand; it was not taken as opioid-free.",
            "LDN-OPIOID",
            "(empty entry)",
        ),
    ),
    (
        [Coding(RXNORM, "0")],
        (
            "medication-unrecognised",
            "caution",
            "Medication entry not recognised: check it for opioids",
            "Screening could not tell whether 'http://www.nlm.nih.gov/research/umls/rxnorm|0' "
            "contains an opioid: RxNorm code '0' is not in the vocabulary. Check the entry by "
            "hand; it was not taken as opioid-free.",
            "LDN-OPIOID",
            "http://www.nlm.nih.gov/research/umls/rxnorm|0",
        ),
    ),
]


@pytest.mark.parametrize(("medications", "expected"), NEW_FINDINGS)
def test_golden_new_findings(medications: list[object], expected: tuple[str, ...]) -> None:
    """Every word of these findings was read by a person; a change must be deliberate."""
    report = screen(Patient(medications=medications, opioid_use=False))  # type: ignore[arg-type]
    (finding,) = [f for f in report.findings if f.severity != "info"]
    got = (finding.code, str(finding.severity), finding.summary, finding.message)
    assert (*got, str(finding.rule_id), finding.trigger) == expected


@pytest.mark.parametrize(
    ("length", "shown"),
    [(60, "oxycodone " + "y" * 50), (61, "oxycodone " + "y" * 47 + "...")],
)
def test_texts_in_finding_messages_are_cut_at_60_characters(length: int, shown: str) -> None:
    text = "oxycodone " + "y" * (length - 10)
    (finding,) = screen(Patient(medications=[text], opioid_use=False)).blocking
    assert finding.message.startswith(f"{shown!r} contains oxycodone (matched 'oxycodone')")
    assert finding.trigger == text


def test_a_long_substance_name_is_cut_in_the_summary() -> None:
    name = "x" * 70
    local = VOCABULARY.extend(
        name="long", sources=[LOCAL_SOURCE], substances=[Substance(name, sources=("clinic-2026",))]
    )
    (finding,) = screen(Patient(medications=[name], opioid_use=False), vocabulary=local).blocking
    assert finding.summary == f"Opioid ({'x' * 59}\u2026) in the medication list: do not start"
