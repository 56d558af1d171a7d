"""Build the medicine lexicon (``ldn/_lexicon/*.py``) from public source files.

    python tools/build_lexicon.py --sources DIR          # rewrite ldn/_lexicon/*.py
    python tools/build_lexicon.py --sources DIR --check  # exit 1 if they are out of date
    python tools/build_lexicon.py                        # rewrite docs/lexicon.rst only
    python tools/build_lexicon.py --hand-words           # words.py from HAND_WORDS, no raw files
    python tools/build_lexicon.py --bnf-opioid-brands ZIP  # print the BNF's opioid brands
    python tools/build_lexicon.py --bnf-shortened ZIP    # words.py's SHORTENED from the BNF file

``--hand-words`` re-applies :data:`HAND_WORDS` to the shipped ``words.py`` (the words of
every other source are kept), so the hand list can change without the raw files; with
``--check`` it only says whether words.py is current. ``--bnf-opioid-brands`` reads the
BNF Code Information file below and prints the brands of its opioid presentations
(:func:`read_bnf_opioid_brands`), the rows of ``ldn/_vocabulary/brands_uk.py`` whose source
is ``nhsbsa-bnf-2020`` (those a spelling of the vocabulary did not already block) and, for
the brands marked long, of ``ldn/_vocabulary/washout.py``.

The raw files are not kept in the repository. Put them in one folder (``DIR``), under the
file names of :data:`INPUTS`; each is checked against the SHA-256 recorded there before
it is read, so the same inputs always give the same tables. A file that is missing or
differs stops the build and is named.

How to get each input
---------------------

``rxnorm-prescribable-20251006/<letter>.json`` (source ``rxnorm``)
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

``drugbank_vocabulary.csv`` (source ``drugbank``)
    The DrugBank vocabulary of DrugBank Open Data (CC0), "DrugBank Vocabulary" at
    https://go.drugbank.com/releases/latest#open-data (free download; the file inside the
    zip is ``drugbank vocabulary.csv``). The copy used is the one committed to
    https://github.com/samyama-ai/clinicaltrials-kg as ``data/drugbank_vocabulary.csv``
    (commit e6428440a317fd22a3463dde7a4ed9f2fb276d36, 19,842 drugs).

``easygp-pbs-data-20101003.sql`` (source ``pbs-2010-easygp``)
    The PBS Schedule of 2010 as imported into the drug tables of the easygp project:
    ``git -C easygp show f7ea5af820572c401e9570dc20796b42ebdae8f0:db/pbs-data.sql`` from
    https://github.com/ihaywood3/easygp. (The current PBS Schedule files, published at
    https://www.pbs.gov.au/info/browse/download under CC BY 4.0, could not be had here.)

``drug_named_entity_recognition-2.0.9-py3-none-any.whl`` (source ``dner``)
    ``pip download --no-deps drug-named-entity-recognition==2.0.9`` (PyPI, MIT); the
    dictionary ``drug_ner_dictionary.pkl.bz2`` inside it is read with an unpickler that
    builds plain data only.

``nhsbsa-bnf-code-information-20200205.zip`` (source ``nhsbsa-bnf``)
    The NHSBSA BNF Code Information of 2020-02-05 (OGL v3), as committed to
    https://github.com/muschitiello/PrescRiptionsData::

        git -C r show 9ef67dd197c9c25381eb1d32aac3104f9afada10:02_bnf/zip/20200205_1580915838473_BNF_Code_Information.zip > DIR/nhsbsa-bnf-code-information-20200205.zip

    (the current file is published by the NHSBSA at
    https://opendata.nhsbsa.net/dataset/bnf-code-information-current-year, which could not
    be reached here).

``hl7.fhir.r4b.core-4.3.0.tgz`` (source ``fhir-r4b-core``, and ``ucum-fhir``)
    ``npm pack hl7.fhir.r4b.core@4.3.0`` (npm registry; the same package the tests'
    FHIR validator fetches into ``.cache/fhir-packages/``), CC0.

``hl7.terminology.r4-7.0.1.tgz`` (source ``hl7-tho``)
    ``npm pack hl7.terminology.r4@7.0.1`` (npm registry), HL7 Terminology, CC0.

The generated modules hold, per market, one tab-separated table (``ROWS``: name, kind,
substances, market, source) and the sources it came from (``SOURCES``); see
``ldn/_lexicon/__init__.py`` and docs/lexicon.rst.
"""

from __future__ import annotations

import argparse
import ast
import bz2
import csv
import hashlib
import io
import json
import pickle
import re
import sys
import tarfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ldn" / "_lexicon"
if not PACKAGE.is_dir():  # beside an installed ldn (the wheel's test run): read its tables
    import ldn._lexicon

    PACKAGE = Path(ldn._lexicon.__file__).resolve().parent

from ldn.opioids import _shipped  # noqa: E402  (the word lists screening reads)

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
    "drugbank": Source(
        "DrugBank Open Data: DrugBank vocabulary (drugbank_vocabulary.csv: DrugBank ID, common "
        "name, synonyms), as committed to samyama-ai/clinicaltrials-kg @ e6428440a3",
        "https://go.drugbank.com/releases/latest#open-data",
        "DrugBank Open Data, CC0 1.0 (public domain dedication)",
        "file of 2026-04-02 (19,842 drugs)",
    ),
    "pbs-2010-easygp": Source(
        "Pharmaceutical Benefits Scheme (PBS) Schedule as of 2010 (Australian Government "
        "Department of Health): PBS products (generic names) and their brands, as imported "
        "into the drugs tables of the easygp project (ihaywood3/easygp db/pbs-data.sql "
        "@ f7ea5af820, 2010-10-03)",
        "https://www.pbs.gov.au/info/browse/download",
        "PBS data (c) Commonwealth of Australia, published by the Department of Health "
        "(current PBS data CC BY 4.0); the copy is part of easygp (GPL-3.0); names are used",
        "schedule of 2010; file of 2010-10-03",
    ),
    "dner": Source(
        "drug-named-entity-recognition 2.0.9 (Fast Data Science), its dictionary "
        "drug_ner_dictionary.pkl.bz2 of drug names compiled from DrugBank, MeSH, MedlinePlus, "
        "the NHS website and Wikipedia; used: NHS website medicines and their brands (UK), and "
        "the names of MedlinePlus medicines that no other source here knows (US; brand "
        "names of the US and of other countries)",
        "https://pypi.org/project/drug-named-entity-recognition/2.0.9/",
        "package MIT; names compiled from DrugBank Open Data (CC0), MeSH and MedlinePlus "
        "(NLM), the NHS website (Open Government Licence v3) and Wikipedia (CC BY-SA); "
        "names (facts) only",
        "release 2025-07-15",
    ),
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
        "v3-RouteOfAdministration (codes and names), v3-orderableDrugForm, v3-GTSAbbreviation, "
        "v3-TimingEvent, v3-ActSite (administration sites), v2-0162 (route of "
        "administration) and v2-0163 (body site), codes and names",
        "http://terminology.hl7.org/7.0.1",
        "THO is copyright 1989+ Health Level Seven International, made available under CC0",
        "published 2025-12-11",
    ),
    "nhsbsa-bnf": Source(
        "NHSBSA BNF Code Information, release of 2020-02-05 (BNF chapter to presentation, "
        "with names), as committed to muschitiello/PrescRiptionsData "
        "02_bnf/zip/20200205_1580915838473_BNF_Code_Information.zip @ 9ef67dd197: the brands "
        "of the branded presentations of BNF chapters 1-19 with their chemical substance",
        "https://www.nhsbsa.nhs.uk/prescription-data/understanding-our-data/bnf-classification",
        "NHSBSA data, Open Government Licence v3.0",
        "release 2020-02-05",
    ),
    "nhsbsa-bnf-shortened": Source(
        "NHSBSA BNF Code Information, release of 2020-02-05, as for nhsbsa-bnf: the "
        "shortened medicine words of its presentation names (the part before '_'), each "
        "the start of a word of the presentation's own chemical substance (Paracet, "
        "Levothyrox, Calc), none the start of an opioid's or antagonist's name, none from "
        "a chemical substance that names one, and in the sections where opioids are filed "
        "only from chemical substances of the lexicon's non-opioid rows",
        "https://www.nhsbsa.nhs.uk/prescription-data/understanding-our-data/bnf-classification",
        "NHSBSA data, Open Government Licence v3.0",
        "release 2020-02-05",
    ),
    "snomed-gps": Source(
        "SNOMED International Global Patient Set (GPS), September 2020 release (July 2020 "
        "SNOMED CT International Edition), as the HL7 Terminology 7.0.1 ValueSet "
        "snomed-intl-gps (26,158 concepts): the words of the preferred terms of its "
        "disorders and findings",
        "http://terminology.hl7.org/7.0.1/ValueSet-snomed-intl-gps.html",
        "GPS: Creative Commons Attribution 4.0 International (SNOMED International; SNOMED CT "
        "is (c) and (R) SNOMED International; no endorsement implied); ValueSet CC0 (THO)",
        "GPS 2020-09; ValueSet 2021-06-05; THO published 2025-12-11",
    ),
    "ldn-instruction-words": Source(
        "The project's own short list of ordinary English words of medication instructions "
        "(numbers, times of day, frequency words and common Latin abbreviations), device "
        "words, and the pharmacy abbreviations of dose forms that dispensing labels and "
        "prescribing lists use (inj, soln, susp, oint, ...), the BNF's shortened salt and "
        "ester words (tart, fumar, mesil, ...) and listing marks (Gppe, Import, BPC); no "
        "medicine name, no shortened medicine name, no misspelling",
        "tools/build_lexicon.py (HAND_WORDS)",
        "project's own list (same licence as the project)",
        "2026-12-04",
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
    "rxnorm": Source(
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
DRUGBANK = "drugbank_vocabulary.csv"
PBS2010 = "easygp-pbs-data-20101003.sql"
DNER = "drug_named_entity_recognition-2.0.9-py3-none-any.whl"
BNF = "nhsbsa-bnf-code-information-20200205.zip"
INPUTS: tuple[Input, ...] = (
    Input(BNF, "nhsbsa-bnf", "50479ffac87feb719559f98a9946987b43158d15ec557387a080cec4f0ba84da"),
    Input(DNER, "dner", "dc0c9cb4487b4cd31c123f941cd9d5edfc55facdb280ab65e7b2cd08d3fd391c"),
    Input(
        PBS2010,
        "pbs-2010-easygp",
        "dff8cab85bae74f98c4feeb5ba4a9491b3f37b382b44c36fe8e59c0e78d8afb9",
    ),
    Input(DRUGBANK, "drugbank", "b461bec3d0943ff41f74800b6d84aca3d403ea9ff3a94a0ce6226698d7e42dc0"),
    Input(R4B, "fhir-r4b-core", "2abd390aa5ad25eb269eb46dad45380db2fa7ba653e39926b75973475c3bc4ce"),
    Input(THO, "hl7-tho", "170c546f761fb51b3355788ca500206f6b772b21c57348c29205de85a6612baa"),
    Input(
        _RXN + "0-9.json",
        "rxnorm",
        "9b42cef7daa95fe5160e5be30f3a0c00e9c5230547db2b525119343e23b0551e",
    ),
    Input(
        _RXN + "B.json",
        "rxnorm",
        "e2ee3ffbb20be8287e6b545ff4b7e346af5ca9de445fd4052230349fc35c5a8a",
    ),
    Input(
        _RXN + "C.json",
        "rxnorm",
        "155185d9d10d1348901f66e84d9724bf4cf4f588fdba4799606bc99f95cca7a0",
    ),
    Input(
        _RXN + "D.json",
        "rxnorm",
        "19fab7a7403d27c1e17d90435e12e50da689ba002541da7cd89df19ed0b51905",
    ),
    Input(
        _RXN + "E.json",
        "rxnorm",
        "c6b19eb6828f825af8da1950c8e88e13e7c44298a77760b5059963bcb75ab7d6",
    ),
    Input(
        _RXN + "F.json",
        "rxnorm",
        "b87b298542f017dff2ca058325a1d40fa6d747845f58953105e0322fac9c1e46",
    ),
    Input(
        _RXN + "G.json",
        "rxnorm",
        "a89ba6c41e3a7566739235ca7d7bfbb8b8512cac61ca84ca7ecdcbc94b7e85c9",
    ),
    Input(
        _RXN + "H.json",
        "rxnorm",
        "c0c2a1a34e9e17a9b1439fe449129778671c79d66cce6a09a17017553af1610e",
    ),
    Input(
        _RXN + "I.json",
        "rxnorm",
        "e738a00381a0c7df955ff96bba95348b08207e7108d021c855e05d775779dde6",
    ),
    Input(
        _RXN + "J.json",
        "rxnorm",
        "98aa7d6468ad17ad976fe34e8a3bdcb750180c0044b8ae4becb3c61a2d3d6aa1",
    ),
    Input(
        _RXN + "K.json",
        "rxnorm",
        "d0c64ccfb1c25fd00f1daf4f494179b24f88d33f41885922cb13802afee2a6cb",
    ),
    Input(
        _RXN + "L.json",
        "rxnorm",
        "e210ede90a598fea2140c5125288814f8b58ddb064f30921f0ecfbfac652b6ac",
    ),
    Input(
        _RXN + "M.json",
        "rxnorm",
        "d131edb2aba5ac7ae22e136a0d4aa8ecbe360081c6d0fddc559503f795987510",
    ),
    Input(
        _RXN + "N.json",
        "rxnorm",
        "2aebda9b7a04b105534c2a015d7f868a1ea0ff1aaf974db4973471884623779b",
    ),
    Input(
        _RXN + "O.json",
        "rxnorm",
        "1bb9541c749aa92bd9ecb94c2bf46e2ba4a35837c8a5ae37b6e6c1c7cf10a9d6",
    ),
    Input(
        _RXN + "P.json",
        "rxnorm",
        "c72e1c6863277d11540a69f3c1d7050096e6ea2e4653ab18f7ea437e3232b460",
    ),
    Input(
        _RXN + "Q.json",
        "rxnorm",
        "cd9c944d8eadd45ffe1336ca7acd010cfd33dad742fd75f541f2bbf8ed7b7cc2",
    ),
    Input(
        _RXN + "R.json",
        "rxnorm",
        "23061ca191f94d4ab4373853b90b363c6ee8b57634ddf4def6a224dabedd2b0c",
    ),
    Input(
        _RXN + "S.json",
        "rxnorm",
        "b33311f462ba9ee43766bf212f3e6f86d940272741ac77ae080ea1ab79b084ba",
    ),
    Input(
        _RXN + "T.json",
        "rxnorm",
        "880735054e2456eae06c2e98d1328fa67dfede4e72bd0db0e0f2a3d5ad71ab7b",
    ),
    Input(
        _RXN + "U.json",
        "rxnorm",
        "a5d54247153303fc2e3c4a35369d4153baa021c87e3999614957fc17353ccaa1",
    ),
    Input(
        _RXN + "V.json",
        "rxnorm",
        "ed30d29c325c73012f6d0b110fb57e8e221885f6b466d994c3713eea95bd5fd8",
    ),
    Input(
        _RXN + "W.json",
        "rxnorm",
        "4f183ebbc87c8879c96c5644b950431895a6abdeb58b7e1c1c7f72ab37609727",
    ),
    Input(
        _RXN + "X.json",
        "rxnorm",
        "d8ffd2510d9492ef139c82578ce603f17cc822a5eb286a05596a2979aa19a1ac",
    ),
    Input(
        _RXN + "Y.json",
        "rxnorm",
        "2948b5e2707326f10564b4ca76fa41e10847c9f6a6500644ae6ab65761537d73",
    ),
    Input(
        _RXN + "Z.json",
        "rxnorm",
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
    it brands; each branded pack (BPCK, ``{...} Pack [Yaz 28 Day]``) gives a ``brand`` row
    of its bracketed brand (:func:`pack_brand`) with the substances of the drugs it packs.
    Codes: every IN, PIN, MIN, SCD, SBD, BN, GPCK and BPCK with its name.
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
                for pack in (*drug.get("GPCKs", ()), *drug.get("BPCKs", ())):
                    codes.append((RXNORM, pack["RXCUI"], pack["Name"], source))
                    brand = pack_brand(pack["Name"])
                    if brand:
                        rows.append(
                            (
                                brand,
                                "brand",
                                joined(pack_ingredients(pack["Name"], known) or ingredients),
                                "US",
                                source,
                            )
                        )
                for branded in drug.get("SBDs", ()):
                    codes.append((RXNORM, branded["RXCUI"], branded["Name"], source))
                    for brand in branded.get("BNs", ()):
                        codes.append((RXNORM, brand["RXCUI"], brand["Name"], source))
                        rows.append(
                            (brand_name(brand["Name"]), "brand", joined(ingredients), "US", source)
                        )
    return rows, codes


#: What a pack's bracketed brand adds after the brand: strengths and ratios
#: (``1.5/30``, ``150 MG /100 MG``), cycle lengths (``28 Day``, ``91-Day``), pack words
#: (``Pack``, ``Kit``, ``Dose Pack``, ``Taper``) and bracketed strengths.
_PACK_TAIL = re.compile(
    r"(?:\s+(?:\([^)]*\)|[\d.,/;]+(?:-Day)?|/|;|MG|ML|G|Day|Pack|Kit|Dose|Taper))+$",
    re.IGNORECASE,
)


def pack_brand(pack: str) -> str:
    """The brand of an RxNorm branded pack name (``{...} Pack [Junel Fe 1.5/30 28 Day]``
    gives ``Junel Fe``), or empty for a generic pack (no bracket)."""
    match = re.search(r"\s\[([^]]+)\]$", pack)
    if not match:
        return ""
    return _PACK_TAIL.sub("", " " + match.group(1)).strip()


def pack_ingredients(pack: str, known: frozenset[str] = frozenset()) -> list[str]:
    """The ingredient names of the drugs an RxNorm pack holds (``{24 (drospirenone 3 MG /
    ethinyl estradiol 0.02 MG Oral Tablet) / 4 (inert ingredients 1 MG Oral Tablet) }
    Pack``), each drug's ingredients by :func:`rxnorm_ingredients`; inert tablets give none."""
    names: list[str] = []
    for drug in re.findall(r"\d+ (?:\([\d.]+ \w+\) )?\(([^()]+)\)", pack.split("}")[0]):
        names += [n for n in rxnorm_ingredients(drug, known) if n.lower() != "inert ingredients"]
    return names


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


# -- DrugBank vocabulary ------------------------------------------------------------------

#: A systematic chemical name or a code, not a name a medication list uses: digits beside
#: brackets or commas (``3,6-diacetylmorphine``), or a code like ``ELGN-2112``.
_CHEMICAL = re.compile(r"\d.*[,()\[\]{}]|[,()\[\]{}].*\d|\d[,.]\d|^[A-Z]{1,6}[- ]?\d{2,}")


#: A short synonym or abbreviation (``INH``, ``AS``, ``pC``): too easily an ordinary word
#: or an instruction abbreviation of a medication line; left out.
_ABBREVIATION = re.compile(r"^(?:.{0,3}|[A-Z0-9-]{1,6})$")


def drugbank_name(text: str) -> str:
    """A DrugBank name fit for the lexicon, or empty: at most 60 characters, Latin
    letters, and no systematic chemical name or code."""
    name = clean(text)
    if not name or len(name) > 60 or _CHEMICAL.search(name):
        return ""
    if not all(c.isascii() or unicodedata.category(c).startswith(("L", "M")) for c in name):
        return ""
    if any(c >= "\u0370" for c in name):  # Greek, Cyrillic, CJK...: not a name of these markets
        return ""
    return name


def read_drugbank(files: list[bytes], source: str) -> tuple[list[Row], list[Code]]:
    """Substance rows from the DrugBank vocabulary: each drug's common name and each of its
    synonyms that is a name (not a systematic chemical name, code or abbreviation), all
    mapped to the common name. DrugBank is international; its rows carry the market ``US``."""
    rows: list[Row] = []
    for data in files:
        for record in csv.DictReader(io.StringIO(data.decode("utf-8"))):
            common = drugbank_name(record["Common name"])
            if not common:
                continue
            substance = joined([common])
            synonyms = (drugbank_name(s) for s in record["Synonyms"].split(" | "))
            names = [common, *(s for s in synonyms if not _ABBREVIATION.match(s))]
            rows.extend((n, "substance", substance, "US", source) for n in names if n)
    return rows, []


# -- PBS Schedule 2010 (easygp copy) ----------------------------------------------------


def _copy_blocks(text: str) -> dict[str, list[list[str]]]:
    """The rows of each ``COPY table (...) FROM stdin;`` block of a PostgreSQL dump."""
    blocks: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for line in text.splitlines():
        if current is None:
            match = re.match(r"COPY (\w+) \(", line)
            if match:
                current = blocks.setdefault(match.group(1), [])
        elif line == "\\.":
            current = None
        else:
            current.append(line.split("\t"))
    return blocks


#: What a PBS brand name glues on after the name: strengths, ratios, pack words.
_PBS_GLUED = re.compile(
    r"(?:[\s-]+(?:[\d.,/]+\s*(?:mg|mcg|microgram|g|ml|mL|%|units?|iu|IU)?(?:/[\d.,]+\s*"
    r"(?:mg|mcg|g|ml|mL)?)?|\d{5,}(?:/\d+)?))+$"
)


def read_pbs_easygp(files: list[bytes], source: str) -> tuple[list[Row], list[Code]]:
    """AU rows from the easygp copy of the 2010 PBS Schedule: each product's generic name
    (``CODEINE PHOSPHATE with PARACETAMOL``) is a ``substance`` row, its parts split at
    ``with``; each brand (``Panadeine Forte``, strengths taken off) is a
    ``brand`` row with those substances. Dressings and appliances (ATC V07) are left out."""
    rows: list[Row] = []
    blocks = _copy_blocks(files[0].decode("utf-8"))
    products = {}
    for pk, atc, name, *_ in blocks["product"]:
        if atc.startswith("V07"):
            continue
        parts = re.split(r"\s+with\s+", name, flags=re.IGNORECASE)
        products[pk] = joined(parts)
        rows.append((name.lower(), "substance", products[pk], "AU", source))
    for fk_product, _, brand, *_ in blocks["brand"]:
        if fk_product in products:
            name = _PBS_GLUED.sub("", brand).strip()
            rows.append((name, "brand", products[fk_product], "AU", source))
    return rows, []


# -- NHSBSA BNF code information ---------------------------------------------------------

#: A BNF chemical substance that is a group, not a substance (``Other Antacid &
#: Simeticone Preps``, ``Proprietary Co Prepn Bnf 0101010``): its brands are left out.
_BNF_GROUP = re.compile(r"Proprietary|Prepn|Preps|^Other |\bBnf\b", re.IGNORECASE)
#: The BNF sections where products that hold an opioid are filed, sometimes under another
#: of their substances (``Nurofen Plus`` under ibuprofen): antimotility drugs (0104),
#: cough and decongestant preparations (0309, 0310), analgesics (0407), substance
#: dependence (0410), NSAIDs (1001), anaesthesia (1501). No brand of these is taken, so
#: that no opioid's brand becomes a known word; nor is any brand of the same family
#: elsewhere (the same first word: ``Tixylix Decongestant`` beside ``Tixylix Night-Time``).
BNF_OPIOID_SECTIONS = ("0104", "0309", "0310", "0407", "0410", "1001", "1501")


def read_bnf(files: list[bytes], source: str, known: set[str]) -> list[Row]:
    """UK brand rows from the NHSBSA BNF Code Information: the brand of each branded
    presentation (presentation code not ``AA`` at characters 10-11) of BNF chapters 1-19
    (not appliances, dressings, stoma and incontinence products), outside the sections where
    opioids are filed (:data:`BNF_OPIOID_SECTIONS`), is the presentation name
    before ``_`` (``Zapain_Tab 30mg/500mg`` gives ``Zapain``), with its chemical substance
    before any bracket (``Co-codamol (Codeine Phos/Paracetamol)`` gives ``co-codamol``).

    Left out, so that the table says only what is certain: a brand that the BNF gives under
    more than one chemical substance (a maker's or pharmacy chain's name, ``Boots``,
    ``Lloyds``, put before many products), a chemical substance that is a group
    (:data:`_BNF_GROUP`), and a chemical substance with a word no other table knows
    (``known``: every word of their rows), as the BNF's shortened names are; and a brand
    with a word that is only the start of a known word (``Calc Carb``, ``Sod Bicarb``,
    ``Dexameth``): shortened names are named by screening, not learnt.
    """
    with zipfile.ZipFile(io.BytesIO(files[0])) as archive:
        (member,) = archive.namelist()
        text = archive.read(member).decode("latin-1")
    substances: dict[str, set[str]] = {}
    families: set[str] = set()  # first words of the brands of the opioid sections
    for record in csv.DictReader(io.StringIO(text)):
        code = record["BNF Presentation Code"]
        if code[9:11] == "AA" or not record["BNF Chapter Code"].isdigit():
            continue
        brand = clean(record["BNF Presentation"].split("_")[0])
        if code[:4] in BNF_OPIOID_SECTIONS:
            families.update(re.findall(r"[a-z]+", brand.lower())[:1])
            continue
        if int(record["BNF Chapter Code"]) > 19:
            continue
        substance = clean(record["BNF Chemical Substance"].split(" (")[0]).lower()
        if brand and substance:
            substances.setdefault(brand, set()).add(substance)
    shortened = {w[:end] for w in known for end in range(2, len(w))} - known
    rows: list[Row] = []
    for brand, held in substances.items():
        (substance,) = held if len(held) == 1 else ("",)
        if not substance or _BNF_GROUP.search(substance) or not letter_words(substance) <= known:
            continue
        if letter_words(brand) & shortened:  # "Calc Carb", "Dexameth", "Sod Bicarb"
            continue
        if brand.lower().startswith("gppe "):  # "Gppe Crm_Vasogen": the BNF's mark, no brand
            continue
        if set(re.findall(r"[a-z]+", brand.lower())[:1]) & families:  # "Tixylix", "Boots"
            continue
        rows.append((brand, "brand", substance, "UK", source))
    return rows


def read_bnf_shortened(
    data: bytes, known: Iterable[str], opioid_words: Iterable[str], plain: Iterable[str] = ()
) -> dict[str, str]:
    """The BNF's shortened medicine words (``{word: source id}``), for the list
    ``SHORTENED``: a word of a presentation name before ``_`` (``Paracet_Elix``, ``Calc
    Carb_Tab``) of three letters or more that begins, and is shorter than, a word of
    that presentation's own chemical substance (``Paracetamol``, ``Calcium carbonate``)
    which the lexicon knows (``known``), of no chemical substance with a word of
    ``opioid_words``; in the sections where opioids are filed
    (:data:`BNF_OPIOID_SECTIONS`), only of a chemical substance whose every word is a
    word of ``plain`` (the lexicon's rows that name no opioid: ``Paracetamol``), so an
    opioid the vocabulary lacks lends no word.

    Left out: a word that begins, or is, a word of ``opioid_words`` (every word of the
    vocabulary's opioid and antagonist names: ``Papaver`` begins ``papaveretum``,
    ``Dihydro`` begins ``dihydrocodeine``), so a truncated opioid name is still named;
    a word the lexicon knows already. A word may begin several known words (``Salic``:
    salicylic, salicylate): each is a medicine the lexicon knows. ``known`` holds the
    words of the lexicon's tables and of the other word lists (a shortened salt or
    form, ``Tart``, ``Inj``, stays in its own list).
    """
    known = frozenset(known)
    opioid_words = frozenset(opioid_words)
    plain = frozenset(plain)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        (member,) = archive.namelist()
        text = archive.read(member).decode("latin-1")
    learnt: set[str] = set()
    for record in csv.DictReader(io.StringIO(text)):
        code = record["BNF Presentation Code"]
        if not record["BNF Chapter Code"].isdigit():
            continue
        chemical = letter_words(record["BNF Chemical Substance"])
        if chemical & opioid_words or (code[:4] in BNF_OPIOID_SECTIONS and chemical - plain):
            continue
        for word in letter_words(record["BNF Presentation"].split("_")[0]):
            if len(word) < 3 or word in known:
                continue
            if any(w in known and len(w) > len(word) and w.startswith(word) for w in chemical):
                learnt.add(word)
    unsafe = {o[:end] for o in opioid_words for end in range(3, len(o) + 1)}
    return dict.fromkeys(sorted(learnt - unsafe), "nhsbsa-bnf-shortened")


def bnf_shortened_applied(text: str, data: bytes) -> str:
    """``words.py`` (its text) with ``SHORTENED`` read again from the BNF Code
    Information file ``data`` (:func:`read_bnf_shortened`), every other list kept:
    the known words are those of the shipped tables, the opioid words the vocabulary's."""
    import importlib

    lists = _word_lists(text)
    known: set[str] = set()
    for stem in table_stems():
        for row in parse_rows(importlib.import_module(f"ldn._lexicon.{stem}").ROWS):
            known |= letter_words(f"{row[0]} {row[2]}")
    known |= {word for name, words in lists.items() if name != "SHORTENED" for word in words}
    lists["SHORTENED"] = read_bnf_shortened(data, known, *opioid_words())
    return render_words(lists)


def opioid_words() -> tuple[set[str], set[str]]:
    """The words that may begin an opioid's or antagonist's name: every word of the
    vocabulary's names of those substances and of its products that hold one, but a
    word of a medicine row of the lexicon's tables that names none of them
    (``paracetamol`` of "Paracetamol and codeine", ``boots``); and those words of
    rows that name none."""
    import importlib

    from ldn.opioids import SubstanceKind
    from ldn.opioids._shipped import shipped_parts

    substances, products, _ = shipped_parts()
    named = {
        w
        for s in substances
        if s.kind is not SubstanceKind.NEITHER
        for n in s.spellings
        for w in letter_words(n)
    }
    words = named | {w for p in products for w in letter_words(p.name)}
    others: set[str] = set()
    for stem in table_stems():
        for row in parse_rows(importlib.import_module(f"ldn._lexicon.{stem}").ROWS):
            held = letter_words(f"{row[0]} {row[2]}")
            if not held & named:
                others |= held
    return words - others, others


# -- opioid brands of the BNF (for ldn/_vocabulary/brands_uk.py) ----------------------------

#: The BNF chemical substances (sections 1.4.2, 3.9.1-3.9.2, 4.7.1-4.7.2, 4.10.3, 15.1)
#: that hold an opioid or loperamide, each with the substances it holds (vocabulary names).
#: Groups that mix products with and without an opioid ("Paracetamol Combined
#: Preparations", "Analgesics with Anti-Emetics", "Other Antimotility Preps") are not here:
#: their brands are not known to hold one from the file alone.
BNF_OPIOID_CHEMICALS: dict[str, tuple[str, ...]] = {
    "Co-Phenotrope (Diphenox HCl/Atrop Sulph)": ("diphenoxylate", "atropine"),
    "Codeine Phosphate Compound Mixtures": ("codeine",),
    "Loperamide Hydrochloride": ("loperamide",),
    "Loperamide Hydrochloride & Simeticone": ("loperamide", "simeticone"),
    "Opium & Morphine": ("morphine", "opium"),
    "Codeine Phosphate": ("codeine",),
    "Diamorphine Hydrochloride": ("diamorphine",),
    "Methadone Hydrochloride": ("methadone",),
    "Pholcodine": ("pholcodine",),
    "Diphenhydramine HCl/Pholcodine": ("diphenhydramine", "pholcodine"),
    "Guaiacol & Codeine": ("guaiacol", "codeine"),
    "Powdered Opium": ("opium",),
    "Squill Opiate": ("opium", "squill"),
    "Aspirin & Papaveretum": ("aspirin", "papaveretum"),
    "Aspirin,Paracetamol & Codeine": ("aspirin", "paracetamol", "codeine"),
    "Aspirin,Phenacetin & Codeine(Codeine Co)": ("aspirin", "phenacetin", "codeine"),
    "Co-Codamol (Codeine Phos/Paracetamol)": ("codeine", "paracetamol"),
    "Co-Codaprin (Codeine Phos/Aspirin)": ("codeine", "aspirin"),
    "Co-Dydramol (Dihydrocodeine/Paracet)": ("dihydrocodeine", "paracetamol"),
    "Co-Proxamol (Dextroprop HCl/Paracet)": ("dextropropoxyphene", "paracetamol"),
    "Paracetamol & Codeine Phosphate": ("paracetamol", "codeine"),
    "Buprenorphine": ("buprenorphine",),
    "Butorphanol Tartrate": ("butorphanol",),
    "Dextromoramide Tartrate": ("dextromoramide",),
    "Dextropropoxyphene": ("dextropropoxyphene",),
    "Diamorphine Hydrochloride (Systemic)": ("diamorphine",),
    "Diamorphine Hydrochloride (Top)": ("diamorphine",),
    "Dihydrocodeine Tartrate": ("dihydrocodeine",),
    "Dipipanone Hydrochloride": ("dipipanone", "cyclizine"),
    "Fentanyl": ("fentanyl",),
    "Hydromorphone Hydrochloride": ("hydromorphone",),
    "Levorphanol Tartrate": ("levorphanol",),
    "Meptazinol Hydrochloride": ("meptazinol",),
    "Morphine": ("morphine",),
    "Morphine (Opium Tincture)": ("morphine", "opium"),
    "Morphine Anhydrous": ("morphine",),
    "Morphine Hydrochloride": ("morphine",),
    "Morphine Sulfate": ("morphine",),
    "Morphine Tartrate & Cyclizine Tartrate": ("morphine", "cyclizine"),
    "Nalbuphine Hydrochloride": ("nalbuphine",),
    "Oxycodone": ("oxycodone",),
    "Oxycodone HCl/Naloxone HCl": ("oxycodone", "naloxone"),
    "Oxycodone Hydrochloride": ("oxycodone",),
    "Papaveretum": ("papaveretum",),
    "Pentazocine Hydrochloride": ("pentazocine",),
    "Pentazocine Lactate": ("pentazocine",),
    "Pethidine Hydrochloride": ("pethidine",),
    "Phenazocine Hydrobromide": ("phenazocine",),
    "Phenoperidine Hydrochloride": ("phenoperidine",),
    "Tapentadol Hydrochloride": ("tapentadol",),
    "Tramadol Hydrochloride": ("tramadol",),
    "Buprenorph HCl/Naloxone HCl": ("buprenorphine", "naloxone"),
    "Buprenorphine Hydrochloride": ("buprenorphine",),
    "Levacetylmethadol Hydrochloride": ("levacetylmethadol",),
    "Alfentanil Hydrochloride": ("alfentanil",),
    "Fentanyl Citrate": ("fentanyl",),
    "Remifentanil Hydrochloride": ("remifentanil",),
}
#: The BNF sections (first four characters of the presentation code) read for opioid brands.
BNF_OPIOID_BRAND_SECTIONS = ("0104", "0309", "0407", "0410", "1501")
#: A name the BNF gives under more than this many chemical substances is a house name (a
#: pharmacy chain, wholesaler or maker: Boots, Lloyds, Numark, Potter's), not a product
#: family; from a house only the product it names is taken (``Boots Dental Pain Relief``).
BNF_HOUSE_SPAN = 10
#: Names the rule above would take that are not brands, each with why.
BNF_NOT_BRANDS: dict[str, str] = {
    "Martindale": "a maker's name before a presentation that names methadone",
    "Diarrhoea Relief": "words that say what the product is for, no name",
}
#: Where a house's product name ends: the first dose-form word or number.
_BNF_FORM = re.compile(
    r"\s(?:Tab|Tabs|Cap|Caps|Capl|Syr|Linct|Liq|Oral|Soln|Susp|Mix|Elix|Pastil|Loz|Inj|Sach"
    r"|Pdr|Comb|Pack|Instants|\d).*$"
)
#: Release and transdermal marks of BNF presentations (a brand that has only such
#: presentations takes the long opioid-free interval).
_BNF_LONG = re.compile(
    r"M/R|\bSR\b|\bXL\b|P/R|\bPR\b|Patch|T/Derm|Transdermal|Continus|\bret\b|24hr|Retard",
    re.IGNORECASE,
)

#: A BNF opioid brand row: (name, substances, long) - ``long``: every presentation of the
#: brand is modified release or transdermal.
BnfBrand = tuple[str, tuple[str, ...], bool]


def read_bnf_opioid_brands(data: bytes, others: Iterable[str] = ()) -> list[BnfBrand]:
    """The brands of the BNF's branded presentations that hold an opioid or loperamide.

    A presentation is branded when its code has no ``AA`` at characters 10-11; its brand
    is the presentation name before ``_``. A brand that the BNF gives under more than
    :data:`BNF_HOUSE_SPAN` chemical substances is a house name: then the brand is the
    house with the product words that follow it, up to the first dose form or number
    (``Boots_Dental Pain Relief Tab`` gives ``Boots Dental Pain Relief``). A product
    family (a name with products with and without an opioid: ``Tixylix``, ``Expulin``)
    is taken whole: a name claimed by an opioid counts as an opioid. Where ``others``
    (names of products known to hold no opioid, from the vocabulary's brand tables)
    names a product of the family (``Benylin Dry Coughs``, ``Feminax Ultra``), the family
    is taken as a house is, by the names of its opioid products (``Benylin Child Dry
    Cough``), so that the non-opioid product keeps its reading. ``Gppe`` names (the BNF's
    mark of a generic presentation) and :data:`BNF_NOT_BRANDS` are left out.
    """
    shared = {re.sub(r"[^a-z]+", " ", name.lower()).strip() for name in others}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        (member,) = archive.namelist()
        text = archive.read(member).decode("latin-1")
    records = list(csv.DictReader(io.StringIO(text)))
    spans: dict[str, set[str]] = {}
    for record in records:
        name = record["BNF Presentation"]
        if record["BNF Presentation Code"][9:11] != "AA" and "_" in name:
            spans.setdefault(clean(name.split("_")[0]), set()).add(record["BNF Chemical Substance"])
    held: dict[str, dict[str, None]] = {}
    forms: dict[str, list[bool]] = {}
    families: dict[str, set[str]] = {}
    heads: set[str] = set()
    for record in records:
        code, chemical = record["BNF Presentation Code"], record["BNF Chemical Substance"]
        name = record["BNF Presentation"]
        if (
            code[:4] not in BNF_OPIOID_BRAND_SECTIONS
            or chemical not in BNF_OPIOID_CHEMICALS
            or code[9:11] == "AA"
            or "_" not in name
        ):
            continue
        brand, rest = (clean(part) for part in name.split("_", 1))
        if brand.lower().startswith("gppe") or brand in BNF_NOT_BRANDS:
            continue
        product = clean(f"{brand} {_BNF_FORM.sub('', ' ' + rest)}")
        key = re.sub(r"[^a-z]+", " ", brand.lower()).strip()
        house = len(spans[brand]) > BNF_HOUSE_SPAN or any(
            name.startswith(key + " ") for name in shared
        )
        for each in [product] if house else [brand, product]:
            for substance in BNF_OPIOID_CHEMICALS[chemical]:
                held.setdefault(each, {})[substance] = None
            forms.setdefault(each, []).append(bool(_BNF_LONG.search(name.replace("_", " "))))
        heads.add(product if house else brand)
        if not house:
            families.setdefault(brand, set()).add(product)
    # A family's product is named on its own only where it holds other substances than
    # the family as a whole ("Diocalm Ultra", loperamide, beside "Diocalm", opium too).
    wanted = set(heads)
    for brand, products in families.items():
        wanted |= {p for p in products if set(held[p]) != set(held[brand])}
    return [(brand, tuple(held[brand]), all(forms[brand])) for brand in sorted(wanted)]


# -- drug-named-entity-recognition dictionary ---------------------------------------------


class _DataOnly(pickle.Unpickler):
    """An unpickler that builds plain data only (dicts, lists, strings, numbers): any
    class or function named in the stream is refused, so no code runs."""

    def find_class(self, module: str, name: str) -> object:
        raise SourceError(f"the dictionary names {module}.{name}: not plain data")


def read_dner(wheel: bytes, source: str, known: set[str]) -> dict[str, list[Row]]:
    """UK and US rows from the drug-named-entity-recognition dictionary.

    UK: each medicine with an NHS website page (``nhs_url``) is a ``substance`` row, and
    each variant of it the dictionary marks as a brand (``is_brand``) is a ``brand`` row.
    US: each name of a medicine with a MedlinePlus page (``medline_plus_id``) that no other
    source knows (``known``: every name and substance, casefolded) is a row: a ``substance`` row when it
    holds the medicine's name (a salt form), a ``brand`` row otherwise; such names are
    brand names, of the US (``Tylenol``, ``Lipitor``: brands that the RxNorm files here
    lack) and of other countries (``Tramal``), and they carry the market US. Names with a comma (``cidofovir, sodium salt``) and names that are
    not fit (:func:`drugbank_name`) are left out.
    """
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        data = bz2.decompress(
            archive.read("drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2")
        )
    dictionary = _DataOnly(io.BytesIO(data)).load()
    canonical = dictionary["drug_canonical_to_data"]
    variants = dictionary["drug_variant_to_canonical"]
    flags = dictionary["drug_variant_to_variant_data"]
    uk: list[Row] = []
    us: list[Row] = []
    for name, data_ in sorted(canonical.items()):
        substance = joined([name])
        if data_.get("nhs_url") and drugbank_name(name):
            uk.append((name, "substance", substance, "UK", source))
    for variant, names in sorted(variants.items()):
        if len(names) != 1 or not drugbank_name(variant) or _ABBREVIATION.match(variant):
            continue
        data_ = canonical.get(names[0], {})
        substance = joined([names[0]])
        if data_.get("nhs_url") and flags.get(variant, {}).get("is_brand"):
            uk.append((drugbank_name(variant), "brand", substance, "UK", source))
        if data_.get("medline_plus_id") and variant.casefold() not in known and "," not in variant:
            kind = "substance" if names[0] in variant else "brand"
            us.append((drugbank_name(variant), kind, substance, "US", source))
    return {"medicines_uk": uk, "medicines_us": us}


# -- word lists ---------------------------------------------------------------------------

#: The word lists of ``ldn/_lexicon/words.py``, in this order: those screening reads.
WORD_LISTS = _shipped.WORD_LISTS

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
        "bottle",
        "bottles",
        "carton",
        "cartons",
        "package",
        "pack",
        "packs",
        "box",
        "blister",
    ],
    "INSTRUCTIONS": [
        "affected",
        "area",
        "areas",
        "equivalent",
        "approximately",
        "taper",
        "hrs",
        "face",
        "set",
        "strong",
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
#: Pharmacy abbreviations of dose forms and packs, as dispensing labels and prescribing
#: lists write them; read as dose-form words.
FORM_ABBREVIATIONS: list[str] = [
    "inj",
    "soln",
    "susp",
    "dps",
    "oint",
    "crm",
    "vl",
    "amp",
    "amps",
    "pdr",
    "pdrs",
    "suppos",
    "supp",
    "pess",
    "sach",
    "sachets",
    "chble",
    "chew",
    "linct",
    "loz",
    "eff",
    "spy",
    "syrg",
    "applic",
    "vag",
    "nsl",
    "gran",
    "disp",
    "orodisp",
    "oromucosal",
    "gastro",
    "resistant",
    "actuation",
    "actuations",
    "pressurised",
    "diluent",
    "preservative",
    "filled",
    "prefilled",
]
HAND_WORDS["FORMS"] += FORM_ABBREVIATIONS

#: Words of prescribing lists and directions that the code systems used here lack, each
#: list with the flag-rate corpus entries that showed it (tests/corpus/real_lists.py). No
#: medicine name, no shortened medicine name (``Calc``, ``Sod``, ``Paracet``,
#: ``Dexameth`` and ``Papaver`` stay unknown: an entry that shortens its medicine is
#: named), no misspelling (``Atorvastaton``, ``pruritis``, ``tables`` stay unknown), and
#: no word of an opioid's spelling (a test checks it).
LIST_WORDS: dict[str, list[str]] = {
    # the anion or ester of a salt, as the BNF's presentation names shorten it
    # ("Ergotamine Tart", "Pergolide Mesil", "Flupentixol Decan"), and "HBr" (CMS)
    "SALTS": [
        "acet",
        "aceton",
        "bicarb",
        "bisulf",
        "brom",
        "capro",
        "decan",
        "diprop",
        "disod",
        "embon",
        "fumar",
        "glucon",
        "glycerophos",
        "hbr",
        "hydrob",
        "mesil",
        "nit",
        "oxal",
        "pentahyd",
        "tart",
        "trinit",
    ],
    # pack and dose-form abbreviations ("Elix", "Paed", "Pastil", "Mthwsh", "+ Dev",
    # "+ Dil", "Aero", "Plastr", "TabEff") and release or form marks ("XT", "macro")
    "FORMS": [
        "aero",
        "collod",
        "dev",
        "dil",
        "elix",
        "emulsif",
        "enemas",
        "liq",
        "macro",
        "medic",
        "mthwsh",
        "paed",
        "pastil",
        "plastr",
        "tabeff",
        "xt",
    ],
    "ROUTES": ["intracavernosal", "nasally"],
    "DEVICES": ["flextouch"],
    "UNITS": ["appful", "inch", "mega"],
    # the BNF's marks ("Gppe", "(Import)", "BPC", "Bnf'63", "CFF"), "Init Tt/Pack"
    # (treatment initiation pack), a gtt's "tt" once its "g" is read as a glued unit,
    # and words of directions ("wf": with food; "in office"; "continuing")
    "INSTRUCTIONS": [
        "analogue",
        "bnf",
        "bpc",
        "cff",
        "continuing",
        "gppe",
        "import",
        "init",
        "office",
        "removing",
        "tt",
        "wf",
    ],
    # conditions directions name ("prn SOB", "for allergic reaction")
    "INDICATIONS": ["allergic", "reaction", "sob"],
}
for _name, _more in LIST_WORDS.items():
    HAND_WORDS.setdefault(_name, []).extend(_more)


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


def spellings(salt: str) -> list[str]:
    """A salt word with its British and INN spellings, by rule: ``sulfate``, ``sulphate``;
    ``mesylate``, ``mesilate`` (``-sylate`` is ``-silate`` in modified INNs)."""
    forms = [salt]
    if "sulf" in salt:
        forms.append(salt.replace("sulf", "sulph"))
    if salt.endswith("sylate"):
        forms.append(salt[: -len("sylate")] + "silate")
    return forms


def plurals(word: str) -> list[str]:
    """A unit name with its plural and its British spelling (``liter``, ``liters``,
    ``litre``, ``litres``), by rule."""
    forms = [word, word + "s"]
    if word.endswith("liter"):
        forms += [word[:-2] + "re", word[:-2] + "res"]
    return forms


#: The semantic tags (the bracketed end of a SNOMED CT preferred term) whose words are
#: indication and symptom words: conditions and findings.
INDICATION_TAGS = ("disorder", "finding")
#: A disorder or finding about medicines or their use (``Opioid dependence``, ``Allergy to
#: penicillin``, ``Poisoning by narcotic``, ``Antidepressant overdose``): its words are not
#: taken unless an unrelated term also has them, so that no class of medicines
#: (``narcotic``, ``opiate``, ``hypnotic``) becomes an indication word.
_ABOUT_MEDICINES = re.compile(
    r"poison|overdos|dependen|abuse|misuse|withdraw|induced|allerg|intoleran|advers|caused by"
    r"|due to|\buser|\buse\b|intoxica|toxic|effect of|\bto\b|therap|treatment|medicat"
    r"|medicine|\bdrug|vaccin|immuni[sz]ation|contraindicat|prescri|dose|dosage|taking"
    r"|not given|declined|refused|seeking|smok|tobacco|alcohol|substance",
    re.IGNORECASE,
)
#: The semantic tags of medicines in SNOMED CT: a word of these is never an indication word.
MEDICINE_TAGS = (
    "substance",
    "product",
    "medicinal product",
    "medicinal product form",
    "clinical drug",
)


def letter_words(text: str) -> set[str]:
    """The lower-case runs of letters of a text, accents taken off (``Ménière`` gives
    ``meniere``)."""
    text = unicodedata.normalize("NFKD", text.lower())
    return set(re.findall(r"[a-z]+", "".join(c for c in text if not unicodedata.combining(c))))


def read_indications(tho: bytes, medicines: frozenset[str] | set[str]) -> list[str]:
    """The indication and symptom words of the SNOMED International GPS (in the HL7
    Terminology package): every word of three letters or more of a disorder's or a
    finding's term that is not about medicines or their use (:data:`_ABOUT_MEDICINES`),
    but no word of any medicine: none of ``medicines`` (every word of every
    row of the lexicon tables, names and substances, opioids' among them) and none of the
    GPS's own substances and products (``opioid``, ``sedative``, ``steroid``)."""
    gps = _members(tho, ["ValueSet-snomed-intl-gps.json"])["ValueSet-snomed-intl-gps.json"]
    by_tag: dict[str, set[str]] = {}
    for _, display in _concepts(gps):
        match = re.fullmatch(r"(.*) \(([^()]+)\)", display)
        if match and not (match.group(2) in INDICATION_TAGS and _ABOUT_MEDICINES.search(display)):
            by_tag.setdefault(match.group(2), set()).update(letter_words(match.group(1)))
    drugs = set().union(*(by_tag.get(tag, set()) for tag in MEDICINE_TAGS))
    found = set().union(*(by_tag.get(tag, set()) for tag in INDICATION_TAGS))
    return sorted(w for w in found - drugs - medicines if len(w) > 2)


def read_words(
    r4b: bytes, tho: bytes, rxnorm: list[bytes], medicines: frozenset[str] | set[str] = frozenset()
) -> dict[str, dict[str, str]]:
    """Each word list: ``{word: source id}``, from the FHIR R4B core package, the HL7
    Terminology, the RxNorm names, the SNOMED GPS and the project's own hand list (first
    source wins). ``medicines``: every word of the lexicon tables, which no word taken from
    a code of a site or route, nor an indication word, may be."""
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
            "CodeSystem-v3-ActSite.json",
            "CodeSystem-v2-0162.json",
            "CodeSystem-v2-0163.json",
        ],
    )
    for _, display in _concepts(core["CodeSystem-administrable-dose-form.json"]):
        add("FORMS", _words(display), "fhir-r4b-core")
    for _, display in _concepts(terms["CodeSystem-v3-orderableDrugForm.json"]):
        add("FORMS", _words(display), "hl7-tho")
    for code, display in _concepts(terms["CodeSystem-v3-RouteOfAdministration.json"]):
        add("ROUTES", _words(display), "hl7-tho")
        add("ROUTES", [c for c in _words(code) if c not in medicines], "hl7-tho")
    for code, display in _concepts(terms["CodeSystem-v2-0162.json"]):
        words = [*_words(code), *_words(display)]
        add("ROUTES", [w for w in words if w not in medicines], "hl7-tho")
    for name in ("CodeSystem-v3-ActSite.json", "CodeSystem-v2-0163.json"):
        for code, display in _concepts(terms[name]):  # sites: "OU", "both eyes"
            words = [*_words(code), *_words(display)]
            add("INSTRUCTIONS", [w for w in words if w not in medicines], "hl7-tho")
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
                    salts = filter(_SALT.match, name[len(base) :].split())
                    add("SALTS", (v for w in salts for v in spellings(w)), "rxnorm")
        for component in record.get("SCDCs", ()):
            for drug in component.get("SCDs", ()):
                units = re.findall(r"\s[\d.,]+\s([A-Z%][A-Z%_]*)(?=[\s/]|$)", drug["Name"])
                add("UNITS", (u.lower() for u in units), "rxnorm")
                if not drug["Name"].startswith("{"):
                    tail = re.split(r"\s[\d.,]+\s\S+", drug["Name"])[-1]
                    words = [w for w in tail.split() if not w.isupper()]
                    add("FORMS", _words(" ".join(words)), "rxnorm")
    for name, words in HAND_WORDS.items():
        add(name, words, "ldn-instruction-words")
    add("INDICATIONS", read_indications(tho, medicines), "snomed-gps")
    return lists


def hand_words_applied(text: str) -> str:
    """``words.py`` (its text) with :data:`HAND_WORDS` applied again, without the raw
    sources: the words of every other source are kept, the project's own are replaced
    by the list as it now stands, each taking the place the full build gives it (after
    the code systems' words, before the SNOMED GPS indications)."""
    hand = "ldn-instruction-words"
    lists = {
        name: {w: s for w, s in words.items() if s != hand}
        for name, words in _word_lists(text).items()
    }
    for name, words in HAND_WORDS.items():
        for word in words:
            if word and word.isascii() and "\t" not in word:
                if name == "INDICATIONS":
                    lists[name][word] = hand
                else:
                    lists[name].setdefault(word, hand)
    return render_words(lists)


def _word_lists(text: str) -> dict[str, dict[str, str]]:
    """Each word list of ``words.py`` (its text) as ``{word: source id}`` (a list the
    text lacks is empty)."""
    read: dict[str, dict[str, str]] = {name: {} for name in WORD_LISTS}
    for node in ast.parse(text).body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id in WORD_LISTS
            and node.value is not None
        ):
            read[node.target.id] = dict(ast.literal_eval(node.value))
    return read


def render_words(lists: dict[str, dict[str, str]]) -> str:
    """The text of ``ldn/_lexicon/words.py``."""
    used = sorted({source for words in lists.values() for source in words.values()})
    doc = [
        '"""The words of a medication line besides medicine names, each with its source.',
        "",
        "``SALTS`` (salt and ester words), ``UNITS`` (units of strength and amount),",
        "``FORMS`` (dose form words), ``ROUTES``, ``DEVICES`` (devices and containers) and",
        "``INSTRUCTIONS`` (common words of directions, sites of administration) and",
        "``INDICATIONS`` (words of conditions and symptoms that directions name, never a",
        "word of a medicine) and ``SHORTENED`` (the BNF's shortened medicine words, each the",
        "start of one word of a known medicine and of no opioid's name): tuples of",
        "``(word, source id)``,",
        "lower case, sorted. A word may stand in several lists.",
        "",
        _GENERATED,
        '"""',
    ]
    out = _head("\n".join(doc), ((key, SOURCES[key].as_tuple()) for key in used))
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
    codes: str = ""  # stem of the module that holds the table's codes, if any


TABLES: tuple[Table, ...] = (
    Table(
        "medicines_uk",
        "Medicines of the United Kingdom: the medicines of the NHS website and their brands,\n"
        "and the brands of the BNF's branded presentations with their chemical substance.\n\n"
        "From the drug-named-entity-recognition dictionary (NHS website names) and the NHSBSA\n"
        "BNF Code Information of 2020-02; dm+d could not be had (docs/lexicon.rst).",
        (),
    ),
    Table(
        "medicines_au",
        "Medicines of Australia: PBS products (generic names) and their brands, with their\n"
        "substances.\n\n"
        "From the PBS Schedule of 2010 (easygp copy); the current PBS Schedule and the AMT\n"
        "could not be had (docs/lexicon.rst).",
        ((PBS2010, read_pbs_easygp),),
    ),
    Table(
        "substances",
        "Substances of every market: international nonproprietary, common and chemical names\n"
        "with their synonyms (other languages' INN spellings, former names), each mapped to\n"
        "the substance's common name.\n\n"
        "From the DrugBank vocabulary (DrugBank Open Data, CC0). DrugBank belongs to no one\n"
        "market; its rows carry the market US.",
        ((DRUGBANK, read_drugbank),),
    ),
    Table(
        "medicines_us",
        "Medicines of the United States: substances and brand names, with their substances.\n\n"
        "From the RxNorm Current Prescribable Content (NLM), and brand names that RxNorm's\n"
        "files here lack (drug-named-entity-recognition dictionary; some are brands of other\n"
        "countries). The\n"
        "RxNorm codes (ingredients, clinical and branded drugs, brand names) with their names\n"
        "are in :mod:`ldn._lexicon.codes_rxnorm`.",
        ((_RXN, read_rxnorm),),
        codes="codes_rxnorm",
    ),
)

_KIND_ORDER = {kind: n for n, kind in enumerate(KINDS)}


#: The longest name kept: longer ones are lists of many substances (vaccines, amino acid
#: solutions), each of which has a row of its own.
MAX_NAME = 200


def merged(rows: Iterable[Row]) -> list[Row]:
    """One row per (casefolded name of at most :data:`MAX_NAME` characters, market): the first kind in :data:`KINDS` order, the
    substances of every duplicate (in order), and the first source; sorted."""
    best: dict[tuple[str, str], Row] = {}
    for raw in rows:
        name, kind, substances, market, source = raw
        name = clean(name)
        substances = joined(substances.split("|")) or joined([name])
        if not name or not substances or len(name) > MAX_NAME:
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


#: The last line of a generated module's docstring.
_GENERATED = "Generated by tools/build_lexicon.py from the sources in SOURCES; do not edit."


def _head(doc: str, sources: Iterable[tuple[str, tuple[str, str, str, str]]]) -> list[str]:
    """The first lines of a generated module: its docstring ``doc`` (quotes and all),
    its imports and ``SOURCES`` (``sources``: id and its four texts, in order)."""
    return [
        doc,
        "",
        "from __future__ import annotations",
        "",
        "from typing import Final",
        "",
        "# fmt: off",
        "SOURCES: Final[dict[str, tuple[str, str, str, str]]] = {",
        *(f"    {key!r}: {value!r}," for key, value in sources),
        "}",
    ]


def _module(doc: str, sources: Iterable[str], tables: dict[str, str]) -> str:
    """The text of a generated module: its docstring, SOURCES and each table string."""
    out = _head(
        f'"""{doc}\n\n{_GENERATED}\n"""',
        ((key, SOURCES[key].as_tuple()) for key in sorted(set(sources))),
    )
    for name, text in tables.items():
        out += ["", f"{name}: Final[str] = {text}"]
    out += ["# fmt: on", ""]
    return "\n".join(out)


def render(table: Table, rows: list[Row]) -> str:
    """The text of one generated table of medicines."""
    body = _string(["\t".join(HEADER), *("\t".join(r) for r in rows)])
    return _module(table.doc, (r[4] for r in rows), {"ROWS": body})


def render_codes(table: Table, codes: list[Code]) -> str:
    """The text of the module that holds a table's codes (read only for coded entries)."""
    doc = (
        f"Codes of the medicines of :mod:`ldn._lexicon.{table.stem}`, with their names:\n"
        "``CODES`` is a tab-separated table ``system, code, display, source``. Kept apart\n"
        "from the names, so that reading names does not load the codes."
    )
    body = _string(["\t".join(CODE_HEADER), *("\t".join(c) for c in codes)])
    return _module(doc, (c[3] for c in codes), {"CODES": body})


DERIVED = PACKAGE / "derived.py"
#: The header of ``PRODUCTS`` in :data:`DERIVED`.
DERIVED_HEADER = ("name", "market", "substances", "source", "washout")


def render_derived(reread: bool = False) -> str:
    """The text of ``ldn/_lexicon/derived.py``: what ``derive_lexicon`` gives for the
    shipped vocabulary, read by screening's first use instead of every row. With
    ``reread``, tables imported before are imported again (this run wrote them)."""
    if reread:
        for name in [m for m in sys.modules if m.startswith("ldn._lexicon.")]:
            del sys.modules[name]
    from ldn.opioids._shipped import derived_lexicon

    lexicon, products, sources = derived_lexicon()
    doc = (
        "What the shipped lexicon is read as: the known words (``WORDS``, one a line), those\n"
        "that name no medicine (``GENERIC``), the products of rows that name an opioid or an\n"
        "antagonist without a spelling of the vocabulary (``PRODUCTS``, tab-separated:\n"
        "``name, market, substances, source, washout``) and the sources of every table.\n"
        "Derived by ``ldn.opioids._shipped.derive_lexicon`` from the other tables and the\n"
        "vocabulary (``ldn._vocabulary``): rerun ``python tools/build_lexicon.py`` after\n"
        "changing either; a test derives it afresh and compares."
    )
    table = ["\t".join(DERIVED_HEADER)]
    table += [
        "\t".join((p.name, p.market, "|".join(p.substances), p.source, p.washout.value))
        for p in products
    ]
    out = _head(
        f'"""{doc}\n\nGenerated by tools/build_lexicon.py; do not edit.\n"""',
        sorted(sources.items()),
    )
    out += [
        "",
        f"WORDS: Final[str] = {_string(sorted(lexicon.words))}",
        "",
        f"GENERIC: Final[str] = {_string(sorted(lexicon.generic))}",
        "",
        f"PRODUCTS: Final[str] = {_string(table)}",
        "# fmt: on",
        "",
    ]
    return "\n".join(out)


def build(folder: Path) -> dict[Path, str]:
    """Every generated module (path and text) from the raw files in ``folder``."""
    tables: dict[str, tuple[list[Row], list[Code]]] = {}
    for table in TABLES:
        rows: list[Row] = []
        codes: list[Code] = []
        for prefix, reader in table.readers:
            items = [item for item in INPUTS if item.file.startswith(prefix)]
            more_rows, more_codes = reader([verified(folder, i) for i in items], items[0].source)
            rows += more_rows
            codes += more_codes
        tables[table.stem] = (rows, codes)
    by_file = {item.file: item for item in INPUTS}
    known = {r[0].casefold() for rows, _ in tables.values() for r in rows}
    known |= {s for rows, _ in tables.values() for r in rows for s in r[2].split("|")}
    for stem, more in read_dner(verified(folder, by_file[DNER]), "dner", known).items():
        tables[stem][0].extend(more)
    words = {w for rows, _ in tables.values() for r in rows for w in letter_words(f"{r[0]} {r[2]}")}
    tables["medicines_uk"][0].extend(
        read_bnf([verified(folder, by_file[BNF])], "nhsbsa-bnf", words)
    )
    texts = {}
    for table in TABLES:
        rows, codes = tables[table.stem]
        texts[PACKAGE / f"{table.stem}.py"] = render(table, merged(rows))
        if table.codes:
            texts[PACKAGE / f"{table.codes}.py"] = render_codes(table, merged_codes(codes))
    rxnorm = [verified(folder, i) for i in INPUTS if i.file.startswith(_RXN)]
    medicines = {
        w for rows, _ in tables.values() for r in rows for w in letter_words(f"{r[0]} {r[2]}")
    }
    lists = read_words(
        verified(folder, by_file[R4B]), verified(folder, by_file[THO]), rxnorm, medicines
    )
    listed = {word for words in lists.values() for word in words}  # a salt or form already
    lists["SHORTENED"] = read_bnf_shortened(
        verified(folder, by_file[BNF]), medicines | listed, *opioid_words()
    )
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
    (
        "NIH Dietary Supplement Label Database (US supplements)",
        "only reachable at the NIH site; no stored copy found",
    ),
    (
        "Current PBS Schedule text, XML or API files (AU; CC BY 4.0)",
        "only reachable at pbs.gov.au and data-api.health.gov.au; no stored copy found; the "
        "2010 schedule (easygp copy) stands in, so brands listed since 2010 are missing",
    ),
    (
        "Australian Medicines Terminology, AMT (AU)",
        "released through the NCTS, which needs an account and a licence agreement",
    ),
    (
        "NHS dictionary of medicines and devices, dm+d (UK; OGL)",
        "released through NHS TRUD, which needs an account; no public copy of its names found",
    ),
    (
        "Current NHSBSA BNF code information and the BNF SNOMED mapping (UK; OGL)",
        "only reachable at nhsbsa.nhs.uk; the release of 2020-02-05 (a stored copy) stands "
        "in, so brands listed since then are missing",
    ),
    (
        "NZULM / NZ Medicines Terminology, NZ Formulary, Pharmac Pharmaceutical Schedule (NZ)",
        "only reachable at their own sites; no stored copy found",
    ),
)

#: What the lexicon does not hold, or holds only in part (shown in docs/lexicon.rst).
LIMITS: tuple[str, ...] = (
    "- **New Zealand** has no table: no NZ product list could be had (below). NZ entries",
    "  are recognised through the substance names and the brands shared with other markets.",
    "- **United Kingdom**: the medicines of the NHS website and their brands, and the brands",
    "  of the BNF's branded presentations of 2020-02 (chapters 1-19, not the sections where",
    "  opioids are filed: analgesics, cough, antimotility, NSAIDs...) whose chemical substance",
    "  is one and is named in full; brands the BNF files under a group (``Other ... Preps``),",
    "  under a shortened substance name, or under several substances (makers' and pharmacy",
    "  chains' names) are left out, as are brands listed since 2020.",
    "- **Australia**: the PBS Schedule of 2010; brands listed since then are missing.",
    "- **United States**: the RxNorm file of ingredients beginning with A was missing, so",
    "  brands made only of such ingredients come from the supplementary dictionary",
    "  (``dner``) or not at all, and their RxNorm codes are missing.",
    "- The ``dner`` rows of the US table are names of MedlinePlus medicines that no other",
    "  source here knows: mostly brand names, some of other countries, all marked US.",
    "- No source here marks supplements or over-the-counter products: every row is a",
    "  ``substance`` or a ``brand``; vitamins, minerals and OTC brands are among them.",
    "- DrugBank synonyms include spellings of other languages (``Morfin``, ``Codein``):",
    "  they are recognised as the substance they name.",
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
as the source gives them (a substance row lists itself). Codes are kept apart, so that
reading names does not load them: ``codes_rxnorm.py`` holds ``CODES`` (``system, code,
display, source``), the RxNorm codes of the US table, so that a coded entry is
recognised by its code. Every row names its source; each source, with its licence or
terms and date, is listed below and in the module's ``SOURCES``.

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


def table_stems() -> list[str]:
    """The generated tables of medicines in ``ldn/_lexicon/`` (not the word lists)."""
    return sorted(
        p.stem
        for p in PACKAGE.glob("*.py")
        if p.stem not in ("__init__", "words", "derived") and not p.stem.startswith("codes_")
    )


def code_stems() -> list[str]:
    """The generated tables of codes in ``ldn/_lexicon/``."""
    return sorted(p.stem for p in PACKAGE.glob("codes_*.py"))


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
    per_source: dict[tuple[str, str], int] = {}
    codes: dict[str, int] = {}
    sources: dict[str, tuple[str, str, str, str]] = {}
    for stem in table_stems():
        module = importlib.import_module(f"ldn._lexicon.{stem}")
        sources.update(module.SOURCES)
        for row in parse_rows(module.ROWS):
            counts[row[3], row[1]] = counts.get((row[3], row[1]), 0) + 1
            per_source[stem, row[4]] = per_source.get((stem, row[4]), 0) + 1
    for stem in code_stems():
        module = importlib.import_module(f"ldn._lexicon.{stem}")
        sources.update(module.SOURCES)
        for code in parse_codes(module.CODES):
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
    lines += [
        "The substance table (``substances.py``, from DrugBank) belongs to no one market; its",
        "rows carry the market US, so they count there. Where two sources give the same name",
        "for the same market, the row keeps the first source and the substances of both.",
        "",
    ]
    lines += _table(
        "Rows per table and source",
        ["table", "source", "rows"],
        [[f"``{t}``", f"``{src}``", str(n)] for (t, src), n in sorted(per_source.items())],
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
        "route of administration, with the HL7 route codes such as ``SQ``), devices and",
        "containers (FHIR package types), instruction words (FHIR event timing, HL7 timing",
        "abbreviations and events, HL7 sites of administration such as ``OU``, both eyes) and",
        "indication words (``INDICATIONS``: the words of the disorders and findings of the",
        "SNOMED International Global Patient Set, CC BY 4.0, that directions name, as in",
        "``prn anxiety``; a word of any row of the tables, a word of a SNOMED substance or",
        "product, and a word only of terms about medicines or their use (dependence,",
        "poisoning, allergy to...) are left out, so that no medicine nor class of medicines",
        "(``narcotic``, ``opiate``) is an indication word). The",
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
    lines += ["Limits", "------", "", *LIMITS, ""]
    lines += ["What could not be had", "---------------------", ""]
    lines += _table(
        "Sources looked for and not used", ["source", "why"], [list(x) for x in NOT_HAD]
    )
    return "\n".join(lines).rstrip("\n") + "\n"


def others() -> list[str]:
    """The names of the products the vocabulary's brand tables list as holding no opioid
    (kind ``neither``, loperamide products left out)."""
    import importlib

    names = []
    for table in ("brands_nz_au", "brands_uk", "brands_us"):
        module = importlib.import_module(f"ldn._vocabulary.{table}")
        names += [
            name
            for name, _, substances, kind, _ in module.PRODUCTS
            if kind == "neither" and "loperamide" not in substances
        ]
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sources", type=Path, help="folder of raw files (without it: only docs/lexicon.rst)"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if a file differs")
    parser.add_argument(
        "--bnf-opioid-brands",
        type=Path,
        metavar="ZIP",
        help="print the opioid brands of the BNF Code Information file ZIP (name, substances, "
        "long) as Python tuples, for ldn/_vocabulary/brands_uk.py and washout.py",
    )
    parser.add_argument(
        "--bnf-shortened",
        type=Path,
        metavar="ZIP",
        help="rewrite the SHORTENED list of ldn/_lexicon/words.py from the BNF Code "
        "Information file ZIP (no other raw source needed)",
    )
    parser.add_argument(
        "--hand-words",
        action="store_true",
        help="rewrite ldn/_lexicon/words.py from HAND_WORDS (no raw sources needed)",
    )
    args = parser.parse_args(argv)
    if args.hand_words and not args.sources:
        words = PACKAGE / "words.py"
        text = hand_words_applied(words.read_text("utf-8"))
        if args.check:
            if text != words.read_text("utf-8"):
                print(f"{words.relative_to(ROOT)} is out of date", file=sys.stderr)
                return 1
        elif text != words.read_text("utf-8"):
            words.write_text(text, encoding="utf-8")
            print(f"wrote {words.relative_to(ROOT)}")
    if args.bnf_shortened and not args.sources:
        words = PACKAGE / "words.py"
        text = bnf_shortened_applied(words.read_text("utf-8"), args.bnf_shortened.read_bytes())
        if text != words.read_text("utf-8"):
            if args.check:
                print(f"{words.relative_to(ROOT)} is out of date", file=sys.stderr)
                return 1
            words.write_text(text, encoding="utf-8")
            print(f"wrote {words.relative_to(ROOT)}")
            sys.modules.pop("ldn._lexicon.words", None)  # the derived table reads it afresh
    if args.bnf_opioid_brands:
        for row in read_bnf_opioid_brands(args.bnf_opioid_brands.read_bytes(), others()):
            print(repr(row))
        return 0
    try:
        texts = build(args.sources) if args.sources else {}
    except SourceError as error:
        print(f"build_lexicon: {error}", file=sys.stderr)
        return 2
    stale = [p for p, t in texts.items() if not p.is_file() or p.read_text("utf-8") != t]
    written = bool(stale) and not args.check
    if written:
        for path in stale:
            path.write_text(texts[path], encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
        stale = []
    texts[DERIVED] = render_derived(reread=written)  # from the tables as written
    if not DERIVED.is_file() or DERIVED.read_text("utf-8") != texts[DERIVED]:
        stale.append(DERIVED)
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
