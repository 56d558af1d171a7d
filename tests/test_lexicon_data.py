"""The generated medicine lexicon (ldn/_lexicon/) is well formed, row by row.

The tables are written by tools/build_lexicon.py from raw public files that are not in the
repository, so ``--check`` cannot run here. Instead every row and code of every table is
read by the same parser the generator offers (:func:`build_lexicon.parse_rows`,
:func:`build_lexicon.parse_codes`), and its cells are checked: five columns, a known kind
and market, a source that the module's SOURCES names, non-empty lower-case substances,
one row per (name, market), the rows sorted; and the whole lexicon stays small.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

import ldn._lexicon
from ldn.opioids._lexicon import words_of

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from build_lexicon import (
    BNF_HOUSE_SPAN,
    CODE_HEADER,
    HAND_WORDS,
    HEADER,
    KINDS,
    MARKETS,
    MAX_NAME,
    WORD_LISTS,
    bnf_shortened_applied,
    brand_name,
    clean,
    code_stems,
    hand_words_applied,
    joined,
    merged,
    opioid_words,
    pack_brand,
    pack_ingredients,
    parse_codes,
    parse_rows,
    read_bnf_opioid_brands,
    read_bnf_shortened,
    render_docs,
    rxnorm_ingredients,
    spellings,
    table_stems,
)
from build_lexicon import main as build_main

# Slow (every lexicon row): .ci/run's slow stage runs it, the README test command does not.
pytestmark = pytest.mark.corpus

FOLDER = Path(ldn._lexicon.__file__).resolve().parent
#: Every generated table of medicines (the word lists have a module of their own).
TABLES = table_stems()
#: The whole lexicon, as text, stays under this many bytes (~8 MB).
MAX_BYTES = 8_000_000


def table(name: str) -> ModuleType:
    return importlib.import_module(f"ldn._lexicon.{name}")


def test_there_is_a_table_per_market() -> None:
    assert {"medicines_us", "substances"} <= set(TABLES)
    assert code_stems() == ["codes_rxnorm"]
    every = sorted(m.name for m in pkgutil.iter_modules([str(FOLDER)]))
    assert every == sorted([*TABLES, *code_stems(), "derived", "words"])


@pytest.mark.parametrize("name", TABLES)
def test_sources_are_four_texts_each(name: str) -> None:
    sources = table(name).SOURCES
    assert sources
    for key, value in sources.items():
        assert key == key.strip().lower()
        assert " " not in key
        assert len(value) == 4
        assert all(isinstance(v, str) and v.strip() for v in value)
        assert value[1].startswith(("http://", "https://", "tools/"))


@pytest.mark.parametrize("name", TABLES)
def test_every_row_is_well_formed(name: str) -> None:
    module = table(name)
    rows = parse_rows(module.ROWS)
    assert rows, "a table has rows"
    assert len(rows) == module.ROWS.count("\n") - 1  # every line is a row, none skipped
    assert {r[4] for r in rows} <= set(module.SOURCES)
    assert all(r[1] in KINDS and r[3] in MARKETS for r in rows)
    assert all(r[2] and all(s == s.lower() for s in r[2].split("|")) for r in rows)
    assert all(clean(r[0]) == r[0] for r in rows), "names are cleaned"
    assert all(len(r[0]) <= MAX_NAME for r in rows)
    keys = [(r[0].casefold(), r[3]) for r in rows]
    assert len(set(keys)) == len(keys), "one row per (name, market)"
    assert rows == merged(rows), "rows are merged and sorted as the generator leaves them"


@pytest.mark.parametrize("name", code_stems())
def test_every_code_is_well_formed(name: str) -> None:
    module = table(name)
    codes = parse_codes(module.CODES)
    assert len(codes) == module.CODES.count("\n") - 1
    assert {c[3] for c in codes} <= set(module.SOURCES)
    assert all(c[0].startswith("http") and c[1].strip() == c[1] and c[2] for c in codes)
    keys = [(c[0], c[1]) for c in codes]
    assert len(set(keys)) == len(keys), "one row per (system, code)"


def test_word_lists_are_well_formed() -> None:
    from ldn._lexicon import words

    assert words.SOURCES
    for name in WORD_LISTS:
        entries = getattr(words, name)
        assert entries, name
        assert [w for w, _ in entries] == sorted({w for w, _ in entries}), f"{name}: sorted, unique"
        for word, source in entries:
            assert word, name
            assert word == word.lower() == word.strip(), (name, word)
            assert "\t" not in word, (name, word)
            assert " " not in word, (name, word)
            assert source in words.SOURCES, (name, word, source)
    known = {name: {w for w, _ in getattr(words, name)} for name in WORD_LISTS}
    assert {"hydrochloride", "sulfate", "sulphate", "mesilate", "sodium", "bitartrate"} <= known[
        "SALTS"
    ]
    assert {
        "mg",
        "mcg",
        "microgram",
        "micrograms",
        "ml",
        "millilitre",
        "units",
        "iu",
        "%",
    } <= known["UNITS"]
    assert {"tablet", "capsule", "patch", "modified-release", "film-coated"} <= known["FORMS"]
    assert {"oral", "topical", "subcutaneous", "sublingual"} <= known["ROUTES"]
    assert {"inhaler", "syringe", "pen", "spacer", "nebuliser"} <= known["DEVICES"]
    assert {
        "take",
        "one",
        "two",
        "daily",
        "twice",
        "at",
        "bedtime",
        "night",
        "morning",
        "as",
        "needed",
        "prn",
        "bd",
        "tds",
        "qid",
        "mane",
        "nocte",
        "with",
        "food",
        "for",
        "pain",
        "and",
        "of",
        "the",
    } <= known["INSTRUCTIONS"]


def test_the_hand_list_names_no_medicine() -> None:
    medicines = {r[0].casefold() for n in TABLES for r in parse_rows(table(n).ROWS)}
    hand = {w for words in HAND_WORDS.values() for w in words}
    assert hand & medicines == set()


def test_the_indication_words_name_no_medicine() -> None:
    from ldn._lexicon import words
    from ldn.opioids import default_vocabulary

    indications = {w for w, _ in words.INDICATIONS}
    assert {"anxiety", "asthma", "insomnia", "angina", "dizziness", "pruritus"} <= indications
    # classes of medicines are left out with the terms about medicines and their use
    assert {
        "narcotic",
        "opiate",
        "opioid",
        "opioids",
        "medication",
        "hypnotic",
    } & indications == set()
    rows = [r for n in TABLES for r in parse_rows(table(n).ROWS)]
    assert {r[0].casefold() for r in rows} & indications == set()
    assert {w for r in rows for w in words_of(f"{r[0]} {r[2]}")} & indications == set()
    vocabulary = default_vocabulary()
    # no word of a substance's spelling (products are matched whole, whatever their words)
    spelled = {w for s in vocabulary.substances for n in s.spellings for w in words_of(n)}
    assert spelled & indications == set()


def test_the_lexicon_stays_small() -> None:
    size = sum(p.stat().st_size for p in FOLDER.glob("*.py"))
    assert size < MAX_BYTES, f"ldn/_lexicon/ holds {size} bytes, the limit is {MAX_BYTES}"


def test_known_products_are_there() -> None:
    rows = {(r[0].casefold(), r[3]): r for r in parse_rows(table("medicines_us").ROWS)}
    assert rows["norco", "US"][1:3] == ("brand", "acetaminophen|hydrocodone bitartrate")
    assert rows["oxycontin", "US"][2] == "oxycodone hydrochloride"
    assert rows["hydrocodone", "US"][1] == "substance"
    # a branded pack (BPCK) gives its brand, with the substances of the drugs it packs
    assert rows["yaz", "US"][1:3] == ("brand", "drospirenone|ethinyl estradiol")
    assert rows["errin", "US"][2] == "norethindrone"


def test_uk_brands_of_the_bnf_are_there_but_none_of_its_opioid_sections() -> None:
    rows = {r[0].casefold(): r for r in parse_rows(table("medicines_uk").ROWS)}
    assert rows["cordarone"][1:] == ("brand", "amiodarone hydrochloride", "UK", "nhsbsa-bnf")
    assert rows["abasaglar kwikpen"][2] == "insulin glargine"
    bnf = [r for r in rows.values() if r[4] == "nhsbsa-bnf"]
    # analgesics, cough preparations: none taken (Galcodine, Longtec, Zapain)
    assert {"galcodine", "longtec", "zapain"} & {r[0].casefold() for r in bnf} == set()
    # nor a brand of their families filed elsewhere (Tixylix Decongestant Inh, menthol)
    assert not [r for r in bnf if r[0].casefold().startswith(("tixylix", "boots", "solpadeine"))]
    # shortened names and the BNF's own marks are no brand ("ins" is a known word already)
    assert not [r for r in bnf if r[0].casefold().startswith(("calc ", "dexameth", "gppe "))]


@pytest.mark.parametrize(
    ("pack", "brand"),
    [
        ("{28 (norethindrone 0.35 MG Oral Tablet) } Pack [Errin 28 Day]", "Errin"),
        (
            "{21 (a 1 MG Oral Tablet) / 7 (b 75 MG Oral Tablet) } Pack [Junel Fe 1.5/30 28 Day]",
            "Junel Fe",
        ),
        ("{2 (c 150 MG Oral Tablet) } Pack [Paxlovid 150 MG /100 MG Dose Pack]", "Paxlovid"),
        ("{1 (d 1 MG Injection) } Pack [Hyqvia 2.5 G / 25 ML Kit]", "Hyqvia"),
        ("{91 (e 0.15 MG Oral Tablet) } Pack [Amethia Lo 91 Day]", "Amethia Lo"),
        ("{30 (quetiapine 25 MG Oral Tablet) } Pack", ""),
    ],
)
def test_the_brand_of_a_pack(pack: str, brand: str) -> None:
    assert pack_brand(pack) == brand


def test_the_ingredients_of_a_pack() -> None:
    pack = (
        "{24 (drospirenone 3 MG / ethinyl estradiol 0.02 MG Oral Tablet) / "
        "4 (inert ingredients 1 MG Oral Tablet) } Pack [Yaz 28 Day]"
    )
    assert pack_ingredients(pack) == ["drospirenone", "ethinyl estradiol"]
    assert pack_ingredients("{1 (60 ML) (urea 400 MG/ML Topical Cream) } Pack") == ["urea"]


# -- the parser and the cleaning refuse what they must ------------------------------------

GOOD = "\t".join(HEADER) + "\nNorco\tbrand\tacetaminophen|hydrocodone\tUS\tx"


def test_the_parser_reads_a_good_table() -> None:
    assert parse_rows(GOOD) == [("Norco", "brand", "acetaminophen|hydrocodone", "US", "x")]
    codes = "\t".join(CODE_HEADER) + "\nhttp://s\t1\tNorco\tx"
    assert parse_codes(codes) == [("http://s", "1", "Norco", "x")]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "name\tkind\n",
        GOOD + "\textra",
        GOOD.replace("brand", "pill"),
        GOOD.replace("US", "FR"),
        GOOD.replace("acetaminophen", "Acetaminophen"),
        GOOD.replace("acetaminophen|hydrocodone", "acetaminophen||x"),
        GOOD.replace("Norco", " Norco"),
        GOOD.replace("Norco", ""),
    ],
)
def test_the_parser_refuses_a_bad_table(text: str) -> None:
    with pytest.raises(ValueError, match=r"header|line 2"):
        parse_rows(text)


@pytest.mark.parametrize("text", ["", "system\tcode\n", "\t".join(CODE_HEADER) + "\na\t1\t\tx"])
def test_the_code_parser_refuses_a_bad_table(text: str) -> None:
    with pytest.raises(ValueError, match=r"header|line 2"):
        parse_codes(text)


def test_cleaning() -> None:
    assert clean("  Tylenol\u00ae  Extra\u2013Strength ") == "Tylenol Extra-Strength"
    assert clean("a\tb") == "a b"
    assert clean("a\\b") == ""
    assert clean("a\u200bb") == ""
    assert joined(["Codeine", "codeine", "", "Paracetamol"]) == "codeine|paracetamol"
    assert brand_name("Rolaids Reformulated Aug 2006") == "Rolaids"
    assert brand_name("Aminosyn II 10 %") == "Aminosyn II"
    assert brand_name("Fluzone 2024-2025") == "Fluzone"
    assert brand_name("Prevnar 20") == "Prevnar 20"
    assert spellings("sulfate") == ["sulfate", "sulphate"]
    assert spellings("mesylate") == ["mesylate", "mesilate"]
    assert spellings("maleate") == ["maleate"]


@pytest.mark.parametrize(
    ("drug", "ingredients"),
    [
        (
            "acetaminophen 325 MG / hydrocodone bitartrate 5 MG Oral Tablet",
            ["acetaminophen", "hydrocodone bitartrate"],
        ),
        (
            "Abuse-Deterrent 24 HR hydrocodone bitartrate 100 MG ER Tablet",
            ["hydrocodone bitartrate"],
        ),
        ("0.25 MG, 0.5 MG Dose 3 ML semaglutide 0.68 MG/ML Pen Injector", ["semaglutide"]),
        ("Once-Daily gabapentin 300 MG Oral Tablet", ["gabapentin"]),
        ("{30 (quetiapine 25 MG Oral Tablet) } Pack", []),
    ],
)
def test_ingredients_of_a_clinical_drug(drug: str, ingredients: list[str]) -> None:
    known = frozenset({"gabapentin", "hydrocodone bitartrate", "semaglutide"})
    assert rxnorm_ingredients(drug, known) == ingredients


def test_merging_keeps_the_first_kind_and_every_substance() -> None:
    rows = [
        ("Aspirin", "brand", "aspirin", "US", "b"),
        ("aspirin", "substance", "acetylsalicylic acid", "US", "a"),
        ("Zed", "otc", "", "US", "a"),
    ]
    assert merged(rows) == [
        ("Aspirin", "substance", "aspirin|acetylsalicylic acid", "US", "b"),
        ("Zed", "otc", "zed", "US", "a"),
    ]


def test_the_documentation_page_is_current() -> None:
    page = Path(__file__).resolve().parent.parent / "docs" / "lexicon.rst"
    assert page.read_text(encoding="utf-8") == render_docs(), (
        "docs/lexicon.rst is out of date: run python tools/build_lexicon.py"
    )


def test_no_hand_word_is_a_word_of_an_opioid_spelling() -> None:
    """A word added by hand is never a word of a spelling of an opioid (or of a
    peripheral opioid or antagonist): "Morph Sulf" keeps its opioid reading."""
    from ldn.opioids import default_vocabulary

    vocabulary = default_vocabulary()
    opioid_words = {
        w
        for s in vocabulary.substances
        if s.kind != "neither"
        for n in s.spellings
        for w in words_of(n)
    }
    # (products are matched whole, whatever their words: "Boots Dental Pain Relief")
    hand = {w for words in HAND_WORDS.values() for w in words}
    assert {"morph", "pholcod", "dextroprop", "papaveret"} <= opioid_words
    assert {"tart", "gppe", "elix"} <= hand
    assert hand & opioid_words == set()


def test_the_hand_words_rewrite_gives_the_shipped_word_lists() -> None:
    """``--hand-words`` rewrites words.py from HAND_WORDS alone: on the shipped file it
    changes nothing, so the shipped lists are what the hand list says."""
    text = (FOLDER / "words.py").read_text(encoding="utf-8")
    assert hand_words_applied(text) == text
    assert build_main(["--hand-words", "--check"]) == 0


def _bnf_zip(rows: list[tuple[str, str, str]]) -> bytes:
    """A BNF Code Information file of (presentation code, chemical substance, presentation)."""
    import csv
    import io
    import zipfile

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["BNF Chemical Substance", "BNF Presentation", "BNF Presentation Code", "BNF Chapter Code"]
    )
    for code, chemical, name in rows:
        writer.writerow([chemical, name, code, code[:2]])
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("bnf.csv", out.getvalue())
    return data.getvalue()


def test_the_opioid_brands_of_the_bnf() -> None:
    """Brands of opioid presentations; a house gives its products' names, a family with a
    product known to hold no opioid gives its opioid products' names, a family otherwise
    counts whole; only-modified-release brands are marked long; generic codes, Gppe
    marks and presentations of other substances give nothing."""
    codeine = "Co-Codamol (Codeine Phos/Paracetamol)"
    rows = [
        ("0407010F0BBAAAB", codeine, "Zapain_Tab 30mg/500mg"),
        ("0407010F0AAAAAA", codeine, "Co-Codamol_Tab 8mg/500mg"),
        ("0407010F0BCAAAB", codeine, "Boots_Dental Pain Relief Tab"),
        ("0309010X0BPAAAA", "Pholcodine", "Tixylix Daytime_Linct"),
        ("0309010X0BQAAAA", "Pholcodine", "Benylin_Child Dry Cough OralSoln 2mg/5ml"),
        ("0309020G0BGAAAF", "Guaifenesin", "Benylin_Chesty Cough Linct"),
        ("0407020Q0BCAAAA", "Oxycodone Hydrochloride", "Carexil_Tab 5mg M/R"),
        ("0407020Q0BCABAA", "Oxycodone Hydrochloride", "Carexil_Tab 10mg M/R"),
        ("0407020Q0BDAAAA", "Oxycodone Hydrochloride", "Gppe Cap_OxyNorm 5mg"),
        ("0104020L0BEAAAE", "Loperamide Hydrochloride", "Diocalm_Ultra Cap 2mg"),
        ("0104020N0BBAAAC", "Opium & Morphine", "Diocalm_Dual Action Tab Chble"),
        ("0407020A0BBAAAA", "Tramadol Hydrochloride", "Martindale_Tramadol Cap 50mg"),
    ]
    rows += [(f"1{n:02d}0000000BAAAA0", f"Other {n}", f"Boots_Thing {n} Tab") for n in range(12)]
    assert BNF_HOUSE_SPAN < 12
    brands = read_bnf_opioid_brands(_bnf_zip(rows), others=["Benylin Dry Coughs"])
    assert brands == [
        ("Benylin Child Dry Cough", ("pholcodine",), False),
        ("Boots Dental Pain Relief", ("codeine", "paracetamol"), False),
        ("Carexil", ("oxycodone",), True),
        ("Diocalm", ("loperamide", "morphine", "opium"), False),
        ("Diocalm Dual Action", ("morphine", "opium"), False),
        ("Diocalm Ultra", ("loperamide",), False),
        ("Tixylix Daytime", ("pholcodine",), False),
        ("Zapain", ("codeine", "paracetamol"), False),
    ]


# -- the BNF's shortened medicine words (SHORTENED) ----------------------------------------

_KNOWN = {"paracetamol", "calcium", "carbonate", "papaverine", "hydrochloride", "levothyroxine"}


def test_the_bnf_shortened_words_are_starts_of_their_own_chemical_names() -> None:
    rows = [
        ("0906040G0AAAAAA", "Calcium carbonate", "Calc Carb_Tab 1.25g"),
        ("0602010V0AAAAAA", "Levothyroxine sodium", "Levothyrox Sod_Cap 25mcg"),
        # a word the lexicon knows already, two letters, a word of another substance
        ("0602010V0AAABAA", "Levothyroxine sodium", "Levothyroxine Sod_Tab"),
        ("0602010V0AAACAA", "Levothyroxine sodium", "Le Thyro_Tab"),
        # not the start of a known word of its own chemical substance
        ("0906040G0AAABAA", "Calcium carbonate", "Calcichew_Tab"),
    ]
    learnt = read_bnf_shortened(_bnf_zip(rows), _KNOWN, {"codeine"})
    assert learnt == {
        "calc": "nhsbsa-bnf-shortened",
        "carb": "nhsbsa-bnf-shortened",
        "levothyrox": "nhsbsa-bnf-shortened",
    }


@pytest.mark.rule("LDN-OPIOID")
def test_no_bnf_shortened_word_begins_an_opioid_name_or_comes_from_one() -> None:
    rows = [
        # begins papaveretum (an opioid), though it shortens papaverine
        ("0410030P0AAAAAA", "Papaverine hydrochloride", "Papaver HCl_Inj 10mg/2ml"),
        # a chemical substance with an opioid's word lends none
        ("0407010F0AAAAAA", "Co-codamol (Codeine phosphate/Paracetamol)", "Paracet/Cod_Tab"),
        # in an opioid section, only a chemical substance of plain (non-opioid) words
        ("0407020Z0AAAAAA", "Zorbamorphine hydrochloride", "Zorbam HCl_Tab"),
        ("0407010H0AAAAAA", "Paracetamol", "Paracetam_Tab 500mg"),
    ]
    known = _KNOWN | {"zorbamorphine"}
    opioids = {"papaveretum", "codeine"}
    plain = {"paracetamol"}
    learnt = read_bnf_shortened(_bnf_zip(rows), known, opioids, plain)
    assert learnt == {"paracetam": "nhsbsa-bnf-shortened"}
    assert read_bnf_shortened(_bnf_zip(rows), known, opioids) == {}


@pytest.mark.rule("LDN-OPIOID")
def test_the_shipped_shortened_words_begin_no_opioid_name() -> None:
    """No word of the shipped SHORTENED list is the start of a word of an opioid's or
    antagonist's name (a truncated "Papaver", "Dihydro", "Codei" stays unknown, so an
    entry holding it is named), and screening names a truncated opioid name."""
    import ldn._lexicon.words as words
    from ldn.opioids import SubstanceKind, default_vocabulary

    shortened = {word for word, _ in words.SHORTENED}
    assert len(shortened) > 200
    assert {"paracet", "calc", "levothyrox", "salic"} <= shortened
    unsafe, _ = opioid_words()
    assert {"papaveretum", "codeine", "dihydrocodeine"} <= unsafe
    assert not any(o.startswith(w) for w in shortened for o in unsafe)
    vocabulary = default_vocabulary()
    names = {
        w
        for s in vocabulary.substances
        if s.kind is not SubstanceKind.NEITHER
        for n in s.spellings
        for w in words_of(n)
    }
    assert not any(n.startswith(w) for w in shortened for n in names)
    for truncated in ("Papaver HCl_Inj 10mg/2ml Amp", "Codei 30 mg tablets"):
        reading = vocabulary.read(truncated)
        assert reading.opioids or reading.unknown, truncated
    assert vocabulary.read("Paracet_Elix 500mg/5ml").unknown == ()


def test_the_shortened_rewrite_keeps_every_other_list() -> None:
    text = (FOLDER / "words.py").read_text(encoding="utf-8")
    rows = [("0407010H0AAAAAA", "Paracetamol", "Paracet_Elix 500mg/5ml")]
    rewritten = bnf_shortened_applied(text, _bnf_zip(rows))
    assert "('paracet', 'nhsbsa-bnf-shortened')" in rewritten
    assert "('calc', 'nhsbsa-bnf-shortened')" not in rewritten  # read afresh: only this file
    unchanged = [line for line in text.splitlines() if "nhsbsa-bnf-shortened" not in line]
    assert unchanged == [
        line for line in rewritten.splitlines() if "nhsbsa-bnf-shortened" not in line
    ]
