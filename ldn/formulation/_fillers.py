"""Capsule fillers, the words that name them, and the choice among them (LDN-FILLER). Private.

Import these from :mod:`ldn.formulation`. Every word that names a filler, in a
patient's sensitivities, an allergy record or a product text, is read by
:meth:`Filler.named_in`, the one reading of filler words in ``ldn``.

The words of each filler and where they were read (all seen 2026-12-03; facts only,
no text copied; a licence is named where the page states one):

* cellulose: "microcrystalline cellulose", "cellulose, microcrystalline" (the bulk
  excipient's listed name in the openFDA NDC directory,
  https://api.fda.gov/drug/ndc.json, terms https://open.fda.gov/terms/; IFF's Avicel
  PH product pages, chemical name "Cellulose, Microcrystalline", Ph. Eur., JP and NF
  grades, https://answercenter.iff.com/products/avicel-ph-102); "Avicel" (same);
  "cellulose gel" and "E 460 (i)" (Commission Directive 2008/84/EC, annex I,
  E 460 (i) microcrystalline cellulose, synonym cellulose gel,
  https://legislation.gov.uk/eudr/2008/84/annex/I, Open Government Licence v3.0);
  "powdered cellulose", "E 460 (ii)" (Commission Regulation (EU) No 231/2012,
  E 460 (ii), as reproduced at
  http://cybercolloids.net/information/technical-articles/e-460ii-powdered-cellulose-eu-specification);
  "INS 460" (Codex GSFA index, "Microcrystalline cellulose (Cellulose gel)
  (460(i))", https://codex-cnt.sitefinity.cloud/codex-text/dbs/general-standard-for-food-additives-(gsfa)/food-additives-index/d/16);
  "MCC", "crystalline cellulose", "Emcocel", "Vivapur", "Ceolus" (synonyms listed at
  https://formulationbio.com/microcrystalline-cellulose-ph105-item-3339.html); UNII
  OP1R32D61U (HL7 ePI implementation guide, Ingredient "Microcrystalline cellulose",
  https://hl7.org/fhir/uv/emedicinal-product-info/Ingredient-1cdfb0bc-55f0-43ff-b750-8f3a0d9970bd.html).
* sucrose: "sucrose" (USP-NF monograph Sucrose: a sugar from Saccharum officinarum and
  Beta vulgaris, https://www.drugfuture.com/Pharmacopoeia/USP32/pub/data/v32270/usp32nf27s0_m78590.html);
  "sugar", "saccharose", "saccharum", "cane sugar", "beet sugar", "refined sugar"
  (synonyms listed at https://drugsdose.com/sucrose); UNII C151H8M554 (openFDA
  substance API, https://api.fda.gov/other/substance.json?search=unii%3AC151H8M554,
  CAS 57-50-1, terms https://open.fda.gov/terms/).
* ginger: "ginger" (USP-NF monograph Ginger: the dried rhizome of Zingiber officinale
  Roscoe, https://www.drugfuture.com/Pharmacopoeia/USP32/pub/data/v32270/usp32nf27s0_m34965.html;
  Health Canada NHPID monograph Ginger, http://webprod.hc-sc.gc.ca/nhpid-bdipsn/monoReq.do?id=99);
  "Zingiber officinale", "ginger rhizome" (same); "Zingiberis rhizoma" (the name of the
  European, US and other pharmacopoeias' monographs as tabled in PMC7943299,
  https://pmc.ncbi.nlm.nih.gov/articles/PMC7943299/table/tab7); "ginger root" (the
  old pharmacopoeial "Rhizoma (Radix) Zingiberis": radix is root,
  https://chestofbooks.com/health/materia-medica-drugs/Manual-Pharmacology/Zingiber-Ginger.html).
* lactose: "lactose", "lactose monohydrate" (USP-NF monograph Lactose Monohydrate: a
  disaccharide obtained from milk,
  https://www.drugfuture.com/Pharmacopoeia/USP35/data/v35300/usp35nf30s0_m44190.html);
  "lactose anhydrous", "anhydrous lactose" (DailyMed naltrexone label, setid
  74087d2f-468d-4de1-a2fc-a489d0f2abef, US government work); "milk sugar"
  (http://www.foodfacts.com/ci/ingredientsoverlay/lactose-monohydrate/3711);
  "lactosum monohydricum" (synonyms of the Handbook of Pharmaceutical Excipients entry
  "Lactose, Monohydrate", as read at https://www.scribd.com/document/621918813/Lactosa);
  "Cellactose" (a co-processed lactose and cellulose, so both fillers at once:
  excipient of the NZ Naltrexone Max Health 50 mg data sheet, Medsafe, as listed at
  https://myhealthbox.eu/en/naltrexone/5588798); UNII EWQ57Q8I5X (HL7 ePI
  implementation guide, Ingredient "Lactose Monohydrate",
  https://hl7.org/fhir/uv/emedicinal-product-info/Ingredient-7a3c0b14-2473-4541-9e45-a24d24cceddf.html;
  the HL7 FHIR SPL guide codes it in system http://fdasis.nlm.nih.gov).

Naltrexone 50 mg tablets contain microcrystalline cellulose and lactose: DailyMed
labels (setid 74087d2f-468d-4de1-a2fc-a489d0f2abef: lactose anhydrous and
microcrystalline cellulose; setid f9807ec0-3504-4c66-8efe-ea25f84c782b: lactose
monohydrate and microcrystalline cellulose; https://dailymed.nlm.nih.gov) and the NZ
Naltrexone Max Health data sheet (Cellactose 80, lactose monohydrate,
microcrystalline cellulose; "excipients with known effect: lactose"). The liquid
made by dispersing one carries them too (:attr:`Filler.in_tablet_liquid`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from ldn._checks import Choices, describe, quoted
from ldn.errors import FormulationError, LdnTypeError
from ldn.monograph import RuleId

__all__ = [
    "FILLER_CODES",
    "FILLER_PREFERENCE",
    "Filler",
    "FillerWords",
    "choose_filler",
    "suitable_filler",
    "to_filler",
]

#: The FHIR system URI of FDA Unique Ingredient Identifiers (UNII).
UNII_SYSTEM: Final = "http://fdasis.nlm.nih.gov"


class Filler(StrEnum, metaclass=Choices, error=FormulationError):
    """The inert powder that fills a compounded capsule.

    >>> Filler.named_in("Allergy: MICROCRYSTALLINE CELLULOSE (Avicel)")
    frozenset({<Filler.CELLULOSE: 'cellulose'>})
    >>> sorted(Filler.named_in("Cellactose 80; milk sugar intolerance"))
    [<Filler.CELLULOSE: 'cellulose'>, <Filler.LACTOSE: 'lactose'>]
    """

    CELLULOSE = "cellulose"
    SUCROSE = "sucrose"
    GINGER = "ginger"
    LACTOSE = "lactose"

    @property
    def synonyms(self) -> tuple[str, ...]:
        """Every word that names this filler, in :meth:`named_in`'s reading (its own name first).

        >>> Filler.LACTOSE.synonyms[:3]
        ('lactose', 'lactose monohydrate', 'anhydrous lactose')
        """
        return tuple(word for word, fillers in _WORDS if self in fillers)

    @property
    def in_tablet_liquid(self) -> bool:
        """Whether the oral liquid made from naltrexone 50 mg tablets contains this filler.

        The tablets contain microcrystalline cellulose and lactose (see the module's
        sources), and a tablet dispersed in water carries them into the liquid: a
        patient who reacts to either reacts to the tablet liquid too.

        >>> [f.value for f in Filler if f.in_tablet_liquid]
        ['cellulose', 'lactose']
        """
        return self in TABLET_EXCIPIENTS

    @property
    def words(self) -> FillerWords:
        """This filler's words as a pattern: ``search`` and ``sub`` read a text as :meth:`named_in` does."""
        return FillerWords(self)

    @classmethod
    def named_in(cls, text: str) -> frozenset[Filler]:
        """Every filler a text names by any of its :attr:`synonyms`, in any case.

        Words are whole words (``"methylcellulose"`` names none), spaces, commas
        and hyphens between them are free (``"E-460"``, ``"cellulose,
        microcrystalline"``), and the longest word wins where two overlap (``"milk
        sugar"`` is lactose, not sucrose).

        >>> Filler.named_in("lactose intolerance"), Filler.named_in("penicillin")
        (frozenset({<Filler.LACTOSE: 'lactose'>}), frozenset())
        """
        return frozenset(filler for _, fillers in _matches(_text(text)) for filler in fillers)

    @classmethod
    def other_excipients_in(cls, text: str) -> tuple[str, ...]:
        """The words of a text that look like an excipient but name no filler, as written.

        An allergy that names one of these, and no filler, is not silently dropped
        (``allergy-unrecognised``, LDN-FILLER): a substance used in capsules or
        tablets (``"hypromellose"``, ``"maize starch"``, ``"gelatin"``), milk, an E
        number, or, in a text that names no filler, the words "excipient", "filler"
        or "inactive ingredient".

        >>> Filler.other_excipients_in("Hypromellose; E 171; cellulose")
        ('Hypromellose', 'E 171')
        """
        checked = _text(text)
        taken = [match.span() for match in _FILLER_PATTERN.finditer(checked)]
        found: list[str] = []
        for match in _EXCIPIENT_PATTERN.finditer(checked):
            start, end = match.span()
            if any(start < right and left < end for left, right in taken):
                continue  # part of a filler's own word
            if taken and _GENERIC_PATTERN.fullmatch(match.group()):
                continue  # "cellulose filler": the generic word names the filler named
            if match.group() not in found:
                found.append(match.group())
        return tuple(found)

    @classmethod
    def set_of(cls, items: Iterable[Filler | str], *, name: str = "fillers") -> frozenset[Filler]:
        """Every filler a collection of fillers and texts names, each text read by :meth:`named_in`.

        A text that names no filler is refused (LDN-FILLER), as is a bare str (a
        collection is asked for); ``name`` names the argument in the error.

        >>> sorted(Filler.set_of(["MCC", "lactose monohydrate"]))
        [<Filler.CELLULOSE: 'cellulose'>, <Filler.LACTOSE: 'lactose'>]
        """
        if isinstance(items, str | bytes | bytearray) or not isinstance(items, Iterable):
            raise LdnTypeError(name, describe(items), "a collection of fillers, not a str")
        found: set[Filler] = set()
        for item in items:
            if isinstance(item, Filler):
                found.add(item)
                continue
            named = cls.named_in(_text(item, "filler"))
            if not named:
                raise FormulationError(
                    "filler",
                    quoted(item),
                    f"a word that names one of {', '.join(FILLER_PREFERENCE)} "
                    "(see Filler.synonyms)",
                    rule_id=RuleId.FILLER,
                )
            found |= named
        return frozenset(found)

    @classmethod
    def coded(cls, system: str, code: str) -> Filler | None:
        """The filler a coding names (``FILLER_CODES``), or None.

        >>> Filler.coded("http://fdasis.nlm.nih.gov", "OP1R32D61U")
        <Filler.CELLULOSE: 'cellulose'>
        """
        return FILLER_CODES.get((_text(system), _text(code).strip().upper()))


def _text(value: object, name: str = "filler text") -> str:
    if not isinstance(value, str):
        raise LdnTypeError(
            name, describe(value), "a Filler or str" if name == "filler" else "a str"
        )
    return value


#: The words that name each filler (one word may name two, as a co-processed
#: excipient does). Sources in the module docstring.
_WORDS: Final[tuple[tuple[str, frozenset[Filler]], ...]] = tuple(
    (word, frozenset(fillers))
    for word, fillers in (
        ("cellulose", (Filler.CELLULOSE,)),
        ("microcrystalline cellulose", (Filler.CELLULOSE,)),
        ("cellulose, microcrystalline", (Filler.CELLULOSE,)),
        ("MCC", (Filler.CELLULOSE,)),
        ("Avicel", (Filler.CELLULOSE,)),
        ("E 460", (Filler.CELLULOSE,)),
        ("E 460 i", (Filler.CELLULOSE,)),
        ("E 460 ii", (Filler.CELLULOSE,)),
        ("INS 460", (Filler.CELLULOSE,)),
        ("cellulose gel", (Filler.CELLULOSE,)),
        ("powdered cellulose", (Filler.CELLULOSE,)),
        ("crystalline cellulose", (Filler.CELLULOSE,)),
        ("Emcocel", (Filler.CELLULOSE,)),
        ("Vivapur", (Filler.CELLULOSE,)),
        ("Ceolus", (Filler.CELLULOSE,)),
        ("sucrose", (Filler.SUCROSE,)),
        ("sugar", (Filler.SUCROSE,)),
        ("saccharose", (Filler.SUCROSE,)),
        ("saccharum", (Filler.SUCROSE,)),
        ("cane sugar", (Filler.SUCROSE,)),
        ("beet sugar", (Filler.SUCROSE,)),
        ("refined sugar", (Filler.SUCROSE,)),
        ("ginger", (Filler.GINGER,)),
        ("ginger root", (Filler.GINGER,)),
        ("ginger rhizome", (Filler.GINGER,)),
        ("Zingiber officinale", (Filler.GINGER,)),
        ("Zingiberis rhizoma", (Filler.GINGER,)),
        ("lactose", (Filler.LACTOSE,)),
        ("lactose monohydrate", (Filler.LACTOSE,)),
        ("anhydrous lactose", (Filler.LACTOSE,)),
        ("lactose anhydrous", (Filler.LACTOSE,)),
        ("milk sugar", (Filler.LACTOSE,)),
        ("lactosum monohydricum", (Filler.LACTOSE,)),
        ("Cellactose", (Filler.CELLULOSE, Filler.LACTOSE)),
    )
)

#: Codings that name a filler: FDA UNII codes (sources in the module docstring).
FILLER_CODES: Final[Mapping[tuple[str, str], Filler]] = MappingProxyType(
    {
        (UNII_SYSTEM, "OP1R32D61U"): Filler.CELLULOSE,
        (UNII_SYSTEM, "C151H8M554"): Filler.SUCROSE,
        (UNII_SYSTEM, "EWQ57Q8I5X"): Filler.LACTOSE,
    }
)

#: The fillers naltrexone 50 mg tablets contain, and so the oral liquid made from them.
TABLET_EXCIPIENTS: Final = frozenset({Filler.CELLULOSE, Filler.LACTOSE})

_SEPARATOR: Final = r"[\s,\-]*"


def _word_pattern(word: str) -> str:
    """A word as a regular expression: its parts in any case, spaces, commas and hyphens free."""
    parts = [re.escape(part) for part in re.split(r"[\s,\-]+", word) if part]
    return _SEPARATOR.join(parts)


def _pattern(words: Iterable[str]) -> re.Pattern[str]:
    """One alternation of whole words, the longest first, so the longest overlap wins."""
    ordered = sorted(words, key=lambda word: (-len(word), word))
    alternatives = "|".join(f"({_word_pattern(word)})" for word in ordered)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


_ORDERED: Final = sorted(_WORDS, key=lambda item: (-len(item[0]), item[0]))
_FILLER_PATTERN: Final = _pattern(word for word, _ in _WORDS)

#: Words that say an allergy is to an excipient without naming one.
_GENERIC_PATTERN: Final = re.compile(
    r"excipients?|fillers?|inactive\s+ingredients?|binders?|diluents?", re.IGNORECASE
)

#: Words that look like an excipient (a substance used in capsules or tablets, milk,
#: an E number) but name no filler: an allergy naming one is reported, never dropped.
_EXCIPIENT_PATTERN: Final = re.compile(
    r"(?<!\w)(?:"
    r"excipients?|fillers?|inactive\s+ingredients?|binders?|diluents?"
    r"|\w*cellulose|\w*mellose|hpmc|\w*stearate|\w*dextrins?|\w*starch"
    r"|gelatine?|mannitol|sorbitol|xylitol|dextrose|glucose|fructose|maltose|lactitol"
    r"|talc|silica|silicon\s+dioxide|\w*povidone|titanium\s+dioxide|iron\s+oxides?"
    r"|macrogols?|polyethylene\s+glycol|polysorbates?|shellac|carnauba"
    r"|milk|dairy|whey|casein|gluten|wheat|maize|corn"
    r"|e[\s\-]?\d{3,4}[a-z]?|ins[\s\-]?\d{3,4}"
    r")(?!\w)",
    re.IGNORECASE,
)


def _matches(text: str) -> Iterable[tuple[re.Match[str], frozenset[Filler]]]:
    """Each filler word in a text, with the fillers it names (longest overlap first)."""
    for match in _FILLER_PATTERN.finditer(text):
        index = match.lastindex
        assert index is not None  # every alternative is a group
        yield match, _ORDERED[index - 1][1]


class FillerWords:
    """One filler's words in a text, read as :meth:`Filler.named_in` reads them.

    ``search`` and ``sub`` behave as a compiled pattern's do, so that a product
    text can be checked for a filler and rewritten to another one.

    >>> Filler.SUCROSE.words.sub("ginger", "LDN 1.5 mg caps (sugar; milk sugar)")
    'LDN 1.5 mg caps (ginger; milk sugar)'
    """

    __slots__ = ("filler",)

    def __init__(self, filler: Filler) -> None:
        self.filler = to_filler(filler)

    def __repr__(self) -> str:
        return f"FillerWords({self.filler!r})"

    def _own(self, text: str) -> list[re.Match[str]]:
        return [match for match, fillers in _matches(_text(text)) if self.filler in fillers]

    def search(self, text: str) -> re.Match[str] | None:
        """The first of this filler's words in ``text``, or None."""
        found = self._own(text)
        return found[0] if found else None

    def sub(self, replacement: str | Callable[[re.Match[str]], str], text: str) -> str:
        """``text`` with each of this filler's words replaced by ``replacement``."""
        pieces: list[str] = []
        end = 0
        for match in self._own(text):
            pieces.append(text[end : match.start()])
            pieces.append(replacement if isinstance(replacement, str) else replacement(match))
            end = match.end()
        pieces.append(text[end:])
        return "".join(pieces)


#: Fillers in order of preference (LDN-FILLER): the usual cellulose, then the two
#: alternatives the monograph names, then lactose. Lactose comes last: the monograph
#: does not name it, it is the one filler made from milk (lactose intolerance is
#: common, and milk-allergic patients are told to avoid it), and the tablet it would
#: replace already contains it; it is chosen only for a patient who reacts to the
#: other three.
FILLER_PREFERENCE: Final = (Filler.CELLULOSE, Filler.SUCROSE, Filler.GINGER, Filler.LACTOSE)


def to_filler(value: object) -> Filler:
    """A :class:`Filler` from itself or from a text that names exactly one filler.

    The text is read by :meth:`Filler.named_in` (``"Sucrose"``, ``"MCC"``,
    ``"milk sugar"``, any case).

    >>> to_filler("Avicel"), to_filler("milk sugar")
    (<Filler.CELLULOSE: 'cellulose'>, <Filler.LACTOSE: 'lactose'>)
    """
    if isinstance(value, Filler):
        return value
    if not isinstance(value, str):
        raise LdnTypeError("filler", describe(value), "a Filler or str")
    named = Filler.named_in(value)
    if len(named) != 1:
        raise FormulationError(
            "filler",
            quoted(value),
            f"a word that names one of {', '.join(FILLER_PREFERENCE)}",
            rule_id=RuleId.FILLER,
        )
    (filler,) = named
    return filler


def suitable_filler(sensitivities: Iterable[Filler | str]) -> Filler | None:
    """The preferred filler the patient is not sensitive to, or None if none suits (LDN-FILLER).

    The filler :func:`choose_filler` picks; where the patient reacts to every
    filler it returns None instead of raising. A wrong argument is refused as
    :func:`choose_filler` refuses it. Capsules only: a patient sensitive to a
    filler for which :attr:`Filler.in_tablet_liquid` is True (cellulose, lactose)
    reacts to the oral liquid made from tablets too.

    >>> suitable_filler(["cellulose"]), suitable_filler(["cellulose", "sucrose", "ginger"])
    (<Filler.SUCROSE: 'sucrose'>, <Filler.LACTOSE: 'lactose'>)
    >>> suitable_filler(list(Filler)) is None
    True
    """
    avoid = Filler.set_of(sensitivities, name="sensitivities")
    for filler in FILLER_PREFERENCE:
        if filler not in avoid:
            return filler
    return None


def choose_filler(sensitivities: Iterable[Filler | str]) -> Filler:
    """The preferred filler the patient is not sensitive to (LDN-FILLER).

    >>> choose_filler([]), choose_filler(["cellulose", "sucrose"])
    (<Filler.CELLULOSE: 'cellulose'>, <Filler.GINGER: 'ginger'>)
    """
    filler = suitable_filler(sensitivities)
    if filler is None:  # sensitive to every filler
        raise FormulationError(
            "filler sensitivities",
            ", ".join(sorted(FILLER_PREFERENCE)),
            f"fewer than all of {', '.join(FILLER_PREFERENCE)} "
            "(else agree a filler with the compounder)",
            rule_id=RuleId.FILLER,
        )
    return filler
