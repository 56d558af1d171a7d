"""Build the medicine lexicon (``ldn/_lexicon/*.py``) from public source files.

    python tools/build_lexicon.py --sources DIR          # rewrite ldn/_lexicon/*.py
    python tools/build_lexicon.py --sources DIR --check  # exit 1 if they are out of date
    python tools/build_lexicon.py                        # rewrite docs/lexicon.rst only

The raw files are not kept in the repository. Put them in one folder (``DIR``), under the
file names of :data:`INPUTS`; each is checked against the SHA-256 recorded there before
it is read, so the same inputs always give the same tables. A file that is missing or
differs stops the build and is named.

How to get each input
---------------------

``rxnorm-prescribable-20251006/<letter>.json`` (source ``rxnorm-prescribable``)
    The RxNorm Current Prescribable Content of 2025-10-06 (NLM; no licence needed for
    this subset), as per-letter JSON files that list each ingredient (IN, PIN, MIN) with
    its clinical drugs (SCD), branded drugs (SBD) and brand names (BN) and their RxCUIs.
    They were written by ``extract_rxnorm_ingredients.py`` of the public repository
    https://github.com/davidanderson3/rxnorm-ingredients from the NLM files
    ``RxNorm_full_prescribe_10062025.zip`` (RXNCONSO.RRF, RXNREL.RRF, RXNSAT.RRF) and
    published in its commit a8fcf13a679fa37073e8fa83e11d5e0d8cc07276 (removed later)::

        git clone https://github.com/davidanderson3/rxnorm-ingredients r
        for f in $(git -C r ls-tree --name-only a8fcf13a679f web/data/); do
            git -C r show a8fcf13a679f:$f > DIR/rxnorm-prescribable-20251006/$(basename $f)
        done

    ``A.json`` (the 509 ingredients whose names begin with A) is 4 MiB or more and could
    not be had here; the other 26 files are used. Ingredients beginning with A still
    appear where they are part of a combination listed under another letter.

The generated modules hold, per market, one tab-separated table (``ROWS``: name, kind,
substances, market, source) and the sources it came from (``SOURCES``); see
``ldn/_lexicon/__init__.py`` and docs/lexicon.rst.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import sys
import tarfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ldn" / "_lexicon"

HEADER = ("name", "kind", "substances", "market", "source")
KINDS = ("substance", "brand", "supplement", "otc")
MARKETS = ("NZ", "AU", "UK", "US")
CODE_HEADER = ("system", "code", "display", "source")
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"

#: A table row: (name, kind, substances joined by "|", market, source id).
Row = tuple[str, str, str, str, str]
#: A code row: (system, code, display, source id).
Code = tuple[str, str, str, str]


@dataclass(frozen=True)
class Source:
    """A public source: what it is, where it is, on what terms, and when it was seen."""

    title: str
    url: str
    licence: str
    date: str

    def as_tuple(self) -> tuple[str, str, str, str]:
        return (self.title, self.url, self.licence, self.date)


@dataclass(frozen=True)
class Input:
    """One raw file: its name under ``--sources``, its source id and its SHA-256."""

    file: str
    source: str
    sha256: str


SOURCES: dict[str, Source] = {
    "fhir-r4b-core": Source(
        "HL7 FHIR R4B core package hl7.fhir.r4b.core 4.3.0: CodeSystems administrable-dose-form "
        "(EDQM standard terms), event-timing, medicationknowledge-package-type; ValueSet "
        "timing-abbreviation",
        "http://hl7.org/fhir/R4B",
        "CC0-1.0 (FHIR core package licence)",
        "published 2022-05-28",
    ),
    "hl7-tho": Source(
        "HL7 Terminology (THO) 7.0.1, npm package hl7.terminology.r4: CodeSystems "
        "v3-RouteOfAdministration, v3-orderableDrugForm, v3-GTSAbbreviation, v3-TimingEvent",
        "http://terminology.hl7.org/7.0.1",
        "THO is copyright 1989+ Health Level Seven International, made available under CC0",
        "published 2025-12-11",
    ),
    "ldn-instruction-words": Source(
        "The project's own short list of ordinary English words of medication instructions "
        "(numbers, times of day, frequency words and common Latin abbreviations) and device "
        "words; no medicine name",
        "tools/build_lexicon.py (HAND_WORDS)",
        "project's own list (same licence as the project)",
        "2026-12-03",
    ),
    "ucum-fhir": Source(
        "UCUM units of the HL7 FHIR R4B ValueSet ucum-common (hl7.fhir.r4b.core 4.3.0): codes "
        "and names of units of mass, volume, amount, activity and per cent",
        "http://hl7.org/fhir/R4B/valueset-ucum-common.html",
        "UCUM copyright 1999-2013 Regenstrief Institute and the UCUM Organization, free to "
        "use under the UCUM terms of use (http://unitsofmeasure.org/trac/wiki/TermsOfUse); "
        "FHIR content CC0",
        "published 2022-05-28",
    ),
    "rxnorm-prescribable": Source(
        "RxNorm Current Prescribable Content, release 2025-10-06 (NLM), ingredients with "
        "their clinical drugs, branded drugs and brand names, as per-letter JSON written "
        "from RxNorm_full_prescribe_10062025.zip by davidanderson3/rxnorm-ingredients "
        "@ a8fcf13a67 (A.json not available)",
        "https://www.nlm.nih.gov/research/umls/rxnorm/docs/prescribe.html",
        "RxNorm Current Prescribable Content: free, no UMLS licence required; "
        "cite NLM as the source of RxNorm",
        "release 2025-10-06; files of 2025-11-20",
    ),
}

_RXN = "rxnorm-prescribable-20251006/"
R4B = "hl7.fhir.r4b.core-4.3.0.tgz"
THO = "hl7.terminology.r4-7.0.1.tgz"
INPUTS: tuple[Input, ...] = (
    Input(R4B, "fhir-r4b-core", "2abd390aa5ad25eb269eb46dad45380db2fa7ba653e39926b75973475c3bc4ce"),
    Input(THO, "hl7-tho", "170c546f761fb51b3355788ca500206f6b772b21c57348c29205de85a6612baa"),
    Input(
        _RXN + "0-9.json",
        "rxnorm-prescribable",
        "9b42cef7daa95fe5160e5be30f3a0c00e9c5230547db2b525119343e23b0551e",
    ),
    Input(
        _RXN + "B.json",
        "rxnorm-prescribable",
        "e2ee3ffbb20be8287e6b545ff4b7e346af5ca9de445fd4052230349fc35c5a8a",
    ),
    Input(
        _RXN + "C.json",
        "rxnorm-prescribable",
        "155185d9d10d1348901f66e84d9724bf4cf4f588fdba4799606bc99f95cca7a0",
    ),
    Input(
        _RXN + "D.json",
        "rxnorm-prescribable",
        "19fab7a7403d27c1e17d90435e12e50da689ba002541da7cd89df19ed0b51905",
    ),
    Input(
        _RXN + "E.json",
        "rxnorm-prescribable",
        "c6b19eb6828f825af8da1950c8e88e13e7c44298a77760b5059963bcb75ab7d6",
    ),
    Input(
        _RXN + "F.json",
        "rxnorm-prescribable",
        "b87b298542f017dff2ca058325a1d40fa6d747845f58953105e0322fac9c1e46",
    ),
    Input(
        _RXN + "G.json",
        "rxnorm-prescribable",
        "a89ba6c41e3a7566739235ca7d7bfbb8b8512cac61ca84ca7ecdcbc94b7e85c9",
    ),
    Input(
        _RXN + "H.json",
        "rxnorm-prescribable",
        "c0c2a1a34e9e17a9b1439fe449129778671c79d66cce6a09a17017553af1610e",
    ),
    Input(
        _RXN + "I.json",
        "rxnorm-prescribable",
        "e738a00381a0c7df955ff96bba95348b08207e7108d021c855e05d775779dde6",
    ),
    Input(
        _RXN + "J.json",
        "rxnorm-prescribable",
        "98aa7d6468ad17ad976fe34e8a3bdcb750180c0044b8ae4becb3c61a2d3d6aa1",
    ),
    Input(
        _RXN + "K.json",
        "rxnorm-prescribable",
        "d0c64ccfb1c25fd00f1daf4f494179b24f88d33f41885922cb13802afee2a6cb",
    ),
    Input(
        _RXN + "L.json",
        "rxnorm-prescribable",
        "e210ede90a598fea2140c5125288814f8b58ddb064f30921f0ecfbfac652b6ac",
    ),
    Input(
        _RXN + "M.json",
        "rxnorm-prescribable",
        "d131edb2aba5ac7ae22e136a0d4aa8ecbe360081c6d0fddc559503f795987510",
    ),
    Input(
        _RXN + "N.json",
        "rxnorm-prescribable",
        "2aebda9b7a04b105534c2a015d7f868a1ea0ff1aaf974db4973471884623779b",
    ),
    Input(
        _RXN + "O.json",
        "rxnorm-prescribable",
        "1bb9541c749aa92bd9ecb94c2bf46e2ba4a35837c8a5ae37b6e6c1c7cf10a9d6",
    ),
    Input(
        _RXN + "P.json",
        "rxnorm-prescribable",
        "c72e1c6863277d11540a69f3c1d7050096e6ea2e4653ab18f7ea437e3232b460",
    ),
    Input(
        _RXN + "Q.json",
        "rxnorm-prescribable",
        "cd9c944d8eadd45ffe1336ca7acd010cfd33dad742fd75f541f2bbf8ed7b7cc2",
    ),
    Input(
        _RXN + "R.json",
        "rxnorm-prescribable",
        "23061ca191f94d4ab4373853b90b363c6ee8b57634ddf4def6a224dabedd2b0c",
    ),
    Input(
        _RXN + "S.json",
        "rxnorm-prescribable",
        "b33311f462ba9ee43766bf212f3e6f86d940272741ac77ae080ea1ab79b084ba",
    ),
    Input(
        _RXN + "T.json",
        "rxnorm-prescribable",
        "880735054e2456eae06c2e98d1328fa67dfede4e72bd0db0e0f2a3d5ad71ab7b",
    ),
    Input(
        _RXN + "U.json",
        "rxnorm-prescribable",
        "a5d54247153303fc2e3c4a35369d4153baa021c87e3999614957fc17353ccaa1",
    ),
    Input(
        _RXN + "V.json",
        "rxnorm-prescribable",
        "ed30d29c325c73012f6d0b110fb57e8e221885f6b466d994c3713eea95bd5fd8",
    ),
    Input(
        _RXN + "W.json",
        "rxnorm-prescribable",
        "4f183ebbc87c8879c96c5644b950431895a6abdeb58b7e1c1c7f72ab37609727",
    ),
    Input(
        _RXN + "X.json",
        "rxnorm-prescribable",
        "d8ffd2510d9492ef139c82578ce603f17cc822a5eb286a05596a2979aa19a1ac",
    ),
    Input(
        _RXN + "Y.json",
        "rxnorm-prescribable",
        "2948b5e2707326f10564b4ca76fa41e10847c9f6a6500644ae6ab65761537d73",
    ),
    Input(
        _RXN + "Z.json",
        "rxnorm-prescribable",
        "3179f3c96794116885e933731f93060da9608cb3447a0a16eb1f724a43341ffa",
    ),
)


class SourceError(Exception):
    """A raw file is missing or is not the one recorded in :data:`INPUTS`."""


def verified(folder: Path, item: Input) -> bytes:
    """The bytes of one raw file, after its SHA-256 is checked against the manifest."""
    path = folder / item.file
    if not path.is_file():
        raise SourceError(f"{item.file}: missing under {folder} (source {item.source})")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != item.sha256:
        raise SourceError(f"{item.file}: SHA-256 {digest}, expected {item.sha256}")
    return data


# -- cleaning ---------------------------------------------------------------------------

_DASHES = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": "'",
        "\u201d": "'",
        '"': "'",
        "\u00ae": "",
        "\u2122": "",
    }
)


def clean(text: str) -> str:
    """One name as a table cell: NFKC, plain dashes and quotes, no marks (R), (TM), one
    space between words; empty when nothing is left or a character cannot stand in a
    cell or a Python string (tab, newline, backslash)."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    text = " ".join(text.split())
    if not text or "\\" in text or any(unicodedata.category(c)[0] == "C" for c in text):
        return ""
    return text


def joined(substances: Iterable[str]) -> str:
    """Lower-case substance names, each once, in order, joined by ``|``."""
    seen: dict[str, None] = {}
    for substance in substances:
        name = clean(substance).lower().replace("|", "/")
        if name:
            seen.setdefault(name, None)
    return "|".join(seen)


# -- RxNorm prescribable content ----------------------------------------------------------

_QUALIFIED = re.compile(r"^(?:[A-Z][A-Za-z-]*\s){1,3}(?=[\d.,]+ (?:HR|DAY|WEEK|MONTH|ML)\s)")
_QUANTITY = re.compile(
    r"^(?:(?:[\d.,]+ (?:MG|MCG|ML|G|L|HR|DAY|WEEK|MONTH|ACTUAT|UNT)(?:,| or)?|Dose)\s+)+"
)
_STRENGTH = re.compile(r"\s[\d.,]+(?:\s|$).*$")


def rxnorm_ingredients(clinical_drug: str, known: frozenset[str] = frozenset()) -> list[str]:
    """The ingredient names of an RxNorm clinical drug name, e.g. ``acetaminophen 325 MG /
    hydrocodone bitartrate 5 MG Oral Tablet`` gives ``acetaminophen``, ``hydrocodone
    bitartrate``. Packs (``{...} Pack``) give none. A qualifier before the ingredient
    (``Abuse-Deterrent``, ``Once-Daily``, ``24 HR``, ``1.5 ML``) is dropped: quantities by
    their form, words when the rest of the name is a ``known`` ingredient (lower case)."""
    if clinical_drug.startswith("{"):
        return []
    names = []
    for part in re.sub(r"\s*\[[^]]*\]", "", clinical_drug).split(" / "):
        part = _QUANTITY.sub("", _QUALIFIED.sub("", part.strip()))
        name = _STRENGTH.sub("", part).strip()
        words = name.split()
        for start in range(1, len(words)):
            if name.lower() in known:
                break
            rest = " ".join(words[start:])
            if rest.lower() in known:
                name = rest
                break
        if name and not name[0].isdigit():
            names.append(name)
    return names


def read_rxnorm(files: list[bytes], source: str) -> tuple[list[Row], list[Code]]:
    """Rows and codes from the per-letter RxNorm JSON files.

    Each ingredient (IN, PIN, MIN) is a ``substance`` row (a MIN's substances are its
    parts); each ingredient named in a clinical drug is a ``substance`` row too; each
    brand name (BN) is a ``brand`` row whose substances are those of the clinical drugs
    it brands. Codes: every IN, PIN, MIN, SCD, SBD, BN, GPCK and BPCK with its name.
    """
    records = [record for data in files for record in json.loads(data)]
    known = frozenset(
        name.lower()
        for record in records
        for name in (
            record["Name"],
            *(_STRENGTH.sub("", c["Name"]) for c in record.get("SCDCs", ())),
        )
    )
    rows: list[Row] = []
    codes: list[Code] = []
    for record in records:
        name = record["Name"]
        parts = name.split(" / ") if record["TTY"] == "MIN" else [name]
        rows.append((name, "substance", joined(parts), "US", source))
        codes.append((RXNORM, record["RXCUI"], name, source))
        for component in record.get("SCDCs", ()):
            for drug in component.get("SCDs", ()):
                ingredients = rxnorm_ingredients(drug["Name"], known)
                codes.append((RXNORM, drug["RXCUI"], drug["Name"], source))
                rows.extend((i, "substance", joined([i]), "US", source) for i in ingredients)
                for key in ("GPCKs", "BPCKs"):
                    codes.extend((RXNORM, p["RXCUI"], p["Name"], source) for p in drug.get(key, ()))
                for branded in drug.get("SBDs", ()):
                    codes.append((RXNORM, branded["RXCUI"], branded["Name"], source))
                    for brand in branded.get("BNs", ()):
                        codes.append((RXNORM, brand["RXCUI"], brand["Name"], source))
                        rows.append(
                            (brand_name(brand["Name"]), "brand", joined(ingredients), "US", source)
                        )
    return rows, codes


_GLUED = re.compile(
    r"(?:\s+Reformulated\s+[A-Z][a-z]{2}\s+\d{4}|\s+[\d.]+\s?%|\s+\d{4}(?:-\d{4})?"
    r"(?:\s+Southern Hemisphere)?)$"
)


def brand_name(name: str) -> str:
    """A brand name without what a source glues on: a reformulation date (``Rolaids
    Reformulated Aug 2006``), a trailing strength in per cent (``Aminosyn II 10 %``), a
    vaccine season (``Fluzone 2024-2025``)."""
    previous = None
    while previous != name:
        previous, name = name, _GLUED.sub("", name)
    return name


# -- word lists ---------------------------------------------------------------------------

#: The word lists of ``ldn/_lexicon/words.py``, in this order.
WORD_LISTS = ("SALTS", "UNITS", "FORMS", "ROUTES", "DEVICES", "INSTRUCTIONS")

#: Words added by hand (source ``ldn-instruction-words``): ordinary English words of
#: medication instructions, and device words the code systems used here lack. Never a
#: medicine name.
HAND_WORDS: dict[str, list[str]] = {
    "UNITS": [
        "mcg",
        "microgram",
        "micrograms",
        "milligrams",
        "grams",
        "millilitre",
        "millilitres",
        "ml",
        "mls",
        "units",
        "unit",
        "iu",
        "tsp",
        "teaspoon",
        "teaspoons",
        "tablespoon",
        "tablespoons",
        "drop",
        "drops",
        "puff",
        "puffs",
        "spray",
        "sprays",
    ],
    "FORMS": [
        "tab",
        "tabs",
        "tablet",
        "tablets",
        "cap",
        "caps",
        "capsule",
        "capsules",
        "liquid",
        "mixture",
        "syrup",
        "elixir",
        "linctus",
        "lozenge",
        "lozenges",
        "patch",
        "patches",
        "drops",
        "cream",
        "ointment",
        "gel",
        "lotion",
        "suppository",
        "suppositories",
        "pessary",
        "pessaries",
        "injection",
        "infusion",
        "solution",
        "suspension",
        "sachet",
        "sachets",
        "granules",
        "powder",
        "spray",
        "inhalation",
        "dispersible",
        "soluble",
        "effervescent",
        "chewable",
        "sublingual",
        "buccal",
        "modified",
        "release",
        "prolonged",
        "extended",
        "sustained",
        "controlled",
        "immediate",
        "delayed",
        "enteric",
        "coated",
        "film-coated",
        "orodispersible",
        "sr",
        "mr",
        "er",
        "xr",
        "xl",
        "cr",
        "la",
        "ir",
        "ec",
        "dr",
        "odt",
    ],
    "ROUTES": [
        "po",
        "oral",
        "orally",
        "topical",
        "topically",
        "sc",
        "subcut",
        "im",
        "iv",
        "sl",
        "pr",
        "pv",
        "inh",
        "neb",
    ],
    "DEVICES": [
        "inhaler",
        "inhalers",
        "spacer",
        "nebuliser",
        "nebulizer",
        "syringe",
        "syringes",
        "pen",
        "pens",
        "injector",
        "autoinjector",
        "auto-injector",
        "cartridge",
        "vial",
        "ampoule",
        "pump",
        "device",
        "applicator",
        "dispenser",
        "turbuhaler",
        "accuhaler",
        "evohaler",
        "autohaler",
    ],
    "INSTRUCTIONS": [
        "take",
        "takes",
        "taken",
        "give",
        "apply",
        "use",
        "inhale",
        "insert",
        "instil",
        "instill",
        "spray",
        "chew",
        "dissolve",
        "swallow",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "half",
        "quarter",
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "for",
        "with",
        "without",
        "in",
        "on",
        "at",
        "by",
        "per",
        "as",
        "if",
        "when",
        "until",
        "then",
        "up",
        "daily",
        "day",
        "days",
        "nightly",
        "weekly",
        "monthly",
        "once",
        "twice",
        "thrice",
        "times",
        "time",
        "every",
        "each",
        "other",
        "morning",
        "mornings",
        "night",
        "nights",
        "evening",
        "evenings",
        "bedtime",
        "noon",
        "midday",
        "hourly",
        "hours",
        "hour",
        "weeks",
        "week",
        "months",
        "needed",
        "required",
        "directed",
        "necessary",
        "prn",
        "stat",
        "bd",
        "bid",
        "tds",
        "tid",
        "qds",
        "qid",
        "od",
        "om",
        "on",
        "mane",
        "nocte",
        "qd",
        "qhs",
        "hs",
        "ac",
        "pc",
        "mdu",
        "max",
        "maximum",
        "dose",
        "pain",
        "sleep",
        "food",
        "meal",
        "meals",
        "mouth",
        "before",
        "after",
        "breakfast",
        "lunch",
        "dinner",
        "supper",
        "empty",
        "stomach",
        "short",
        "long",
        "term",
        "course",
        "reducing",
        "increase",
        "decrease",
        "starting",
        "start",
        "stop",
        "continue",
        "usual",
        "regular",
        "regularly",
        "only",
        "not",
        "exceed",
        "more",
        "than",
        "less",
    ],
}


def _words(text: str) -> list[str]:
    """The lower-case words of a display text (hyphenated words kept whole and split)."""
    text = unicodedata.normalize("NFKC", text).lower()
    found = re.findall(r"[a-z]+(?:-[a-z]+)+", text)
    return found + [w for w in re.findall(r"[a-z]+", text) if len(w) > 1 or w == "%"]


def _members(data: bytes, names: Iterable[str]) -> dict[str, object]:
    """JSON resources of a FHIR package (a .tgz), by file name under ``package/``."""
    wanted = {f"package/{n}" for n in names}
    out: dict[str, object] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            if member.name in wanted:
                handle = archive.extractfile(member)
                if handle is not None:
                    out[member.name.removeprefix("package/")] = json.load(handle)
    return out


def _concepts(resource: object) -> Iterator[tuple[str, str]]:
    """(code, display) of every selectable concept of a CodeSystem or ValueSet compose."""

    def walk(concepts: list[dict[str, object]]) -> Iterator[tuple[str, str]]:
        for concept in concepts:
            code = str(concept.get("code", ""))
            abstract = any(
                p.get("code") in ("notSelectable", "abstract") and p.get("valueBoolean")
                for p in concept.get("property", [])  # type: ignore[attr-defined]
            )
            if not code.startswith("_") and not abstract:
                yield code, str(concept.get("display") or "")
            yield from walk(concept.get("concept", []))  # type: ignore[arg-type]

    assert isinstance(resource, dict)
    yield from walk(resource.get("concept", []))
    for include in resource.get("compose", {}).get("include", []):
        yield from walk(include.get("concept", []))


_UNIT = re.compile(
    r"^(?:(?:kilo|milli|micro|nano|pico|deci|centi)?(?:gram|liter|mole|equivalent)"
    r"|(?:milli|kilo|mega)?(?:international )?unit|percent|drop)$"
)


#: A salt, ester or hydrate word (what a precise ingredient adds to its ingredient).
_SALT = re.compile(r"^[a-z]{2,}(?:ate|ide|ite|ium|ine|il|yl|ol|one|ous|ex|zinc)$|^zinc$")


def plurals(word: str) -> list[str]:
    """A unit name with its plural and its British spelling (``liter``, ``liters``,
    ``litre``, ``litres``), by rule."""
    forms = [word, word + "s"]
    if word.endswith("liter"):
        forms += [word[:-2] + "re", word[:-2] + "res"]
    return forms


def read_words(r4b: bytes, tho: bytes, rxnorm: list[bytes]) -> dict[str, dict[str, str]]:
    """Each word list: ``{word: source id}``, from the FHIR R4B core package, the HL7
    Terminology, the RxNorm names and the project's own hand list (first source wins)."""
    lists: dict[str, dict[str, str]] = {name: {} for name in WORD_LISTS}

    def add(name: str, words: Iterable[str], source: str) -> None:
        for word in words:
            if word and word.isascii() and "\t" not in word:
                lists[name].setdefault(word, source)

    core = _members(
        r4b,
        [
            "CodeSystem-administrable-dose-form.json",
            "CodeSystem-event-timing.json",
            "CodeSystem-medicationknowledge-package-type.json",
            "ValueSet-timing-abbreviation.json",
            "ValueSet-ucum-common.json",
        ],
    )
    terms = _members(
        tho,
        [
            "CodeSystem-v3-RouteOfAdministration.json",
            "CodeSystem-v3-orderableDrugForm.json",
            "CodeSystem-v3-GTSAbbreviation.json",
            "CodeSystem-v3-TimingEvent.json",
        ],
    )
    for _, display in _concepts(core["CodeSystem-administrable-dose-form.json"]):
        add("FORMS", _words(display), "fhir-r4b-core")
    for _, display in _concepts(terms["CodeSystem-v3-orderableDrugForm.json"]):
        add("FORMS", _words(display), "hl7-tho")
    for _, display in _concepts(terms["CodeSystem-v3-RouteOfAdministration.json"]):
        add("ROUTES", _words(display), "hl7-tho")
    for _, display in _concepts(core["CodeSystem-medicationknowledge-package-type.json"]):
        add("DEVICES", _words(display), "fhir-r4b-core")
    for code, display in _concepts(core["CodeSystem-event-timing.json"]):
        add("INSTRUCTIONS", [*_words(code), *_words(display)], "fhir-r4b-core")
    for code, display in _concepts(core["ValueSet-timing-abbreviation.json"]):
        add("INSTRUCTIONS", [*_words(code), *_words(display)], "fhir-r4b-core")
    for code, display in _concepts(terms["CodeSystem-v3-GTSAbbreviation.json"]):
        if not code.startswith("J"):  # holidays (JB, JE, JH...) are no instruction words
            add("INSTRUCTIONS", [*_words(code), *_words(display)], "hl7-tho")
    for code, _ in _concepts(terms["CodeSystem-v3-TimingEvent.json"]):
        add("INSTRUCTIONS", _words(code), "hl7-tho")
    for code, display in _concepts(core["ValueSet-ucum-common.json"]):
        if _UNIT.match(display.lower()):
            words = [w for d in [display.lower()] for w in plurals(d)] if " " not in display else []
            unit = code.lower().replace("[", "").replace("]", "")
            add("UNITS", [unit, *words, *_words(display)], "ucum-fhir")

    # RxNorm: salts are what a precise ingredient (PIN) adds to its ingredient (IN);
    # units and dose forms are what a clinical drug name (SCD) says after each strength.
    records = [record for data in rxnorm for record in json.loads(data)]
    bases = {r["Name"].lower() for r in records if r["TTY"] == "IN"}
    for record in records:
        name = record["Name"].lower()
        if record["TTY"] == "PIN":
            for base in bases:
                if name.startswith(base + " "):
                    add(
                        "SALTS",
                        filter(_SALT.match, name[len(base) :].split()),
                        "rxnorm-prescribable",
                    )
        for component in record.get("SCDCs", ()):
            for drug in component.get("SCDs", ()):
                units = re.findall(r"\s[\d.,]+\s([A-Z%][A-Z%_]*)(?=[\s/]|$)", drug["Name"])
                add("UNITS", (u.lower() for u in units), "rxnorm-prescribable")
                if not drug["Name"].startswith("{"):
                    tail = re.split(r"\s[\d.,]+\s\S+", drug["Name"])[-1]
                    words = [w for w in tail.split() if not w.isupper()]
                    add("FORMS", _words(" ".join(words)), "rxnorm-prescribable")
    for name, words in HAND_WORDS.items():
        add(name, words, "ldn-instruction-words")
    return lists


def render_words(lists: dict[str, dict[str, str]]) -> str:
    """The text of ``ldn/_lexicon/words.py``."""
    used = sorted({source for words in lists.values() for source in words.values()})
    out = [
        '"""The words of a medication line besides medicine names, each with its source.',
        "",
        "``SALTS`` (salt and ester words), ``UNITS`` (units of strength and amount),",
        "``FORMS`` (dose form words), ``ROUTES``, ``DEVICES`` (devices and containers) and",
        "``INSTRUCTIONS`` (common words of directions): tuples of ``(word, source id)``,",
        "lower case, sorted. A word may stand in several lists.",
        "",
        "Generated by tools/build_lexicon.py from the sources in SOURCES; do not edit.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Final",
        "",
        "# fmt: off",
        "SOURCES: Final[dict[str, tuple[str, str, str, str]]] = {",
        *(f"    {key!r}: {SOURCES[key].as_tuple()!r}," for key in used),
        "}",
    ]
    for name in WORD_LISTS:
        out += ["", f"{name}: Final[tuple[tuple[str, str], ...]] = ("]
        out += [f"    ({w!r}, {src!r})," for w, src in sorted(lists[name].items())]
        out += [")"]
    out += ["# fmt: on", ""]
    return "\n".join(out)


# -- tables -------------------------------------------------------------------------------

Reader = Callable[[list[bytes], str], tuple[list[Row], list[Code]]]


@dataclass(frozen=True)
class Table:
    """One generated module: its file stem, docstring, and the inputs and readers it uses."""

    stem: str
    doc: str
    readers: tuple[tuple[str, Reader], ...]  # (prefix of input file names, reader)
    codes: bool = False


TABLES: tuple[Table, ...] = (
    Table(
        "medicines_us",
        "Medicines of the United States: substances and brand names, with their substances.\n\n"
        "From the RxNorm Current Prescribable Content (NLM). ``CODES``: RxNorm codes\n"
        "(ingredients, clinical and branded drugs, packs, brand names) with their names.",
        ((_RXN, read_rxnorm),),
        codes=True,
    ),
)

_KIND_ORDER = {kind: n for n, kind in enumerate(KINDS)}


def merged(rows: Iterable[Row]) -> list[Row]:
    """One row per (casefolded name, market): the first kind in :data:`KINDS` order, the
    substances of every duplicate (in order), and the first source; sorted."""
    best: dict[tuple[str, str], Row] = {}
    for raw in rows:
        name, kind, substances, market, source = raw
        name = clean(name)
        substances = joined(substances.split("|")) or joined([name])
        if not name or not substances:
            continue
        key = (name.casefold(), market)
        old = best.get(key)
        if old is None:
            best[key] = (name, kind, substances, market, source)
            continue
        keep_kind = min(old[1], kind, key=_KIND_ORDER.__getitem__)
        best[key] = (
            old[0],
            keep_kind,
            joined([*old[2].split("|"), *substances.split("|")]),
            market,
            old[4],
        )
    return sorted(best.values(), key=lambda r: (r[0].casefold(), r[0], r[3]))


def merged_codes(codes: Iterable[Code]) -> list[Code]:
    """One row per (system, code), the first name seen; sorted by system and code."""
    best: dict[tuple[str, str], Code] = {}
    for system, code, display, source in codes:
        display = clean(display)
        if display:
            best.setdefault((system, code), (system, code, display, source))
    return sorted(best.values(), key=lambda c: (c[0], len(c[1]), c[1]))


def _string(lines: Iterable[str]) -> str:
    body = "\n".join(lines)
    if '"""' in body or "\\" in body:  # pragma: no cover - clean() removes both
        raise ValueError("a cell cannot stand in a triple-quoted string")
    return '"""\\\n' + body + '\n"""'


def render(table: Table, rows: list[Row], codes: list[Code]) -> str:
    """The text of one generated module."""
    used = sorted({r[4] for r in rows} | {c[3] for c in codes})
    out = [
        f'"""{table.doc}\n\nGenerated by tools/build_lexicon.py from the sources in SOURCES; do not edit.\n"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Final",
        "",
        "# fmt: off",
        "SOURCES: Final[dict[str, tuple[str, str, str, str]]] = {",
        *(f"    {key!r}: {SOURCES[key].as_tuple()!r}," for key in used),
        "}",
        "",
        "ROWS: Final[str] = " + _string(["\t".join(HEADER), *("\t".join(r) for r in rows)]),
    ]
    if table.codes:
        out += [
            "",
            "CODES: Final[str] = "
            + _string(["\t".join(CODE_HEADER), *("\t".join(c) for c in codes)]),
        ]
    out += ["# fmt: on", ""]
    return "\n".join(out)


def build(folder: Path) -> dict[Path, str]:
    """Every generated module (path and text) from the raw files in ``folder``."""
    texts = {}
    for table in TABLES:
        rows: list[Row] = []
        codes: list[Code] = []
        for prefix, reader in table.readers:
            items = [item for item in INPUTS if item.file.startswith(prefix)]
            more_rows, more_codes = reader([verified(folder, i) for i in items], items[0].source)
            rows += more_rows
            codes += more_codes
        texts[PACKAGE / f"{table.stem}.py"] = render(table, merged(rows), merged_codes(codes))
    by_file = {item.file: item for item in INPUTS}
    rxnorm = [verified(folder, i) for i in INPUTS if i.file.startswith(_RXN)]
    lists = read_words(verified(folder, by_file[R4B]), verified(folder, by_file[THO]), rxnorm)
    texts[PACKAGE / "words.py"] = render_words(lists)
    return texts


# -- reading the generated tables (used by the tests) -------------------------------------


def parse_rows(text: str) -> list[Row]:
    """The rows of a ``ROWS`` table; raises ValueError on a malformed line."""
    lines = text.splitlines()
    if not lines or tuple(lines[0].split("\t")) != HEADER:
        raise ValueError(f"header must be {HEADER}, got {lines[:1]}")
    rows: list[Row] = []
    for number, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        if len(cells) != len(HEADER) or any(not c or c != c.strip() for c in cells):
            raise ValueError(f"line {number}: 5 non-empty cells expected, got {cells}")
        name, kind, substances, market, source = cells
        if kind not in KINDS or market not in MARKETS:
            raise ValueError(f"line {number}: unknown kind or market in {cells}")
        if any(not s or s != s.lower() for s in substances.split("|")):
            raise ValueError(f"line {number}: substances must be lower case, got {substances}")
        rows.append((name, kind, substances, market, source))
    return rows


def parse_codes(text: str) -> list[Code]:
    """The rows of a ``CODES`` table; raises ValueError on a malformed line."""
    lines = text.splitlines()
    if not lines or tuple(lines[0].split("\t")) != CODE_HEADER:
        raise ValueError(f"header must be {CODE_HEADER}, got {lines[:1]}")
    codes: list[Code] = []
    for number, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        if len(cells) != len(CODE_HEADER) or any(not c for c in cells):
            raise ValueError(f"line {number}: 4 non-empty cells expected, got {cells}")
        codes.append((cells[0], cells[1], cells[2], cells[3]))
    return codes


# -- the documentation page --------------------------------------------------------------

DOCS = ROOT / "docs" / "lexicon.rst"

#: Sources looked for and not used, with the reason (shown in docs/lexicon.rst).
NOT_HAD: tuple[tuple[str, str], ...] = (
    (
        "FDA NDC Directory product file (US; public domain)",
        "only reachable at fda.gov, which this build machine cannot reach; no stored copy "
        "under 4 MiB was found (the product file is tens of MB)",
    ),
    (
        "RxNorm Current Prescribable Content, ingredients beginning with A (US)",
        "the per-letter file A.json is 4 MiB or more and was not in the stored snapshot; "
        "the official zip (RxNorm_full_prescribe) is only at nlm.nih.gov",
    ),
    (
        "Drugs@FDA and the Orange Book (US; public domain)",
        "only reachable at fda.gov; no complete stored copy found",
    ),
)

_PAGE_HEAD = """\
:orphan:

The medicine lexicon
====================

.. This page is generated by tools/build_lexicon.py; do not edit it by hand.

Screening is closed-world (see the design): a medication entry is either recognised or
named as ``medication-unrecognised``. The lexicon is what "recognised" rests on: the
names of the medicines of New Zealand, Australia, the United Kingdom and the United
States (substances, brand and trade names including branded generics, supplements and
over-the-counter products), each with its substances, and the other words of a
medication line (salts, units, dose forms, routes, devices and common instruction
words, ``ldn/_lexicon/words.py``).

The tables live in ``ldn/_lexicon/``, one module per market, as plain tab-separated
text: ``name, kind, substances, market, source``. ``kind`` is ``substance`` (an INN,
USAN, BAN, chemical name or salt form), ``brand`` (a brand, trade or branded-generic
name), ``supplement`` or ``otc``; ``substances`` are lower-case names joined by ``|``,
as the source gives them (a substance row lists itself). A module may also hold
``CODES`` (``system, code, display, source``), so that a coded entry is recognised by
its code. Every row names its source; each source, with its licence or terms and date,
is listed below and in the module's ``SOURCES``.

Regenerating
------------

The raw files are not kept in the repository. ``tools/build_lexicon.py`` says, for
each, where it is published and what to download; put them in one folder and run::

    python tools/build_lexicon.py --sources DIR          # rewrite ldn/_lexicon/ and this page
    python tools/build_lexicon.py --sources DIR --check  # exit 1 if anything is out of date

Each file is checked against the SHA-256 recorded in the script before it is read.
``tests/test_lexicon_data.py`` reads every row and code of every table and checks its
form, and that this page is current.
"""


def _table(title: str, header: list[str], rows: list[list[str]]) -> list[str]:
    out = [f".. list-table:: {title}", "   :header-rows: 1", ""]
    for row in [header, *rows]:
        out += [f"   * - {row[0]}", *(f"     - {cell}" for cell in row[1:])]
    return [*out, ""]


def render_docs() -> str:
    """docs/lexicon.rst from the generated modules (no raw file is needed)."""
    import importlib

    sys.path.insert(0, str(ROOT))
    counts: dict[tuple[str, str], int] = {}
    codes: dict[str, int] = {}
    sources: dict[str, tuple[str, str, str, str]] = {}
    for path in sorted(PACKAGE.glob("medicines_*.py")):
        module = importlib.import_module(f"ldn._lexicon.{path.stem}")
        sources.update(module.SOURCES)
        for row in parse_rows(module.ROWS):
            counts[row[3], row[1]] = counts.get((row[3], row[1]), 0) + 1
        for code in parse_codes(getattr(module, "CODES", "\t".join(CODE_HEADER))):
            codes[code[0]] = codes.get(code[0], 0) + 1
    markets = [m for m in MARKETS if any(k[0] == m for k in counts)]
    lines = [_PAGE_HEAD, "What it holds", "-------------", ""]
    lines += _table(
        "Rows per market and kind",
        ["market", *KINDS, "all"],
        [
            [
                m,
                *(str(counts.get((m, k), 0)) for k in KINDS),
                str(sum(counts.get((m, k), 0) for k in KINDS)),
            ]
            for m in markets
        ],
    )
    if codes:
        lines += _table(
            "Codes per system", ["system", "codes"], [[s, str(n)] for s, n in sorted(codes.items())]
        )
    words = importlib.import_module("ldn._lexicon.words")
    sources.update(words.SOURCES)
    per_list = []
    for name in WORD_LISTS:
        entries = getattr(words, name)
        by_source: dict[str, int] = {}
        for _, source in entries:
            by_source[source] = by_source.get(source, 0) + 1
        per_list.append(
            [
                f"``{name}``",
                str(len(entries)),
                ", ".join(f"{k} {v}" for k, v in sorted(by_source.items())),
            ]
        )
    lines += [
        "The word lists",
        "--------------",
        "",
        "``ldn/_lexicon/words.py`` holds the other words of a medication line, each with its",
        "source: salt words (what an RxNorm precise ingredient adds to its ingredient), units",
        "(UCUM units of mass, volume, amount and activity, with plurals and British spellings",
        "by rule, and the units RxNorm writes after a strength), dose form words (EDQM",
        "standard terms in FHIR, HL7 orderable drug forms, RxNorm dose forms), routes (HL7",
        "route of administration), devices and containers (FHIR package types) and",
        "instruction words (FHIR event timing, HL7 timing abbreviations and events). The",
        "project adds a short hand list of ordinary words (``ldn-instruction-words``: numbers,",
        "times of day, frequency words, common Latin abbreviations, device words); it names",
        "no medicine, and a test checks that.",
        "",
    ]
    lines += _table("Words per list and source", ["list", "words", "per source"], per_list)
    lines += ["Sources", "-------", ""]
    lines += _table(
        "Sources of the tables",
        ["id", "source", "licence or terms", "date"],
        [
            [f"``{key}``", f"`{t} <{u}>`__", lic, d]
            for key, (t, u, lic, d) in sorted(sources.items())
        ],
    )
    lines += ["What could not be had", "---------------------", ""]
    lines += _table(
        "Sources looked for and not used", ["source", "why"], [list(x) for x in NOT_HAD]
    )
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sources", type=Path, help="folder of raw files (without it: only docs/lexicon.rst)"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if a file differs")
    args = parser.parse_args(argv)
    try:
        texts = build(args.sources) if args.sources else {}
    except SourceError as error:
        print(f"build_lexicon: {error}", file=sys.stderr)
        return 2
    stale = [p for p, t in texts.items() if not p.is_file() or p.read_text("utf-8") != t]
    if args.check:
        stale += [DOCS] if not DOCS.is_file() or DOCS.read_text("utf-8") != render_docs() else []
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(texts[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    page = render_docs()
    if not DOCS.is_file() or DOCS.read_text("utf-8") != page:
        DOCS.write_text(page, encoding="utf-8")
        print(f"wrote {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
