"""The screening vocabulary and how a medication-list entry is read against it (LDN-OPIOID, LDN-ANTAGONIST).

The vocabulary is data with sources (:mod:`ldn._vocabulary`): substances with their
WHO ATC codes and synonyms, brand and trade names per market, RxNorm and SNOMED CT
codes, and generic words such as "opioid". :func:`default_vocabulary` turns it into
a :class:`Vocabulary` on first use; a clinic adds its own names and codes with
:meth:`Vocabulary.extend`. :meth:`Vocabulary.read` reads one entry (a str, a
:class:`~ldn.medication.Coding` or a :class:`~ldn.medication.Medication`) and
returns a :class:`Reading`.

How an entry is read:

* **Text** (the entry's own text and every coding's display): names, brands and
  generic words are found as whole words after Unicode folding (case, width,
  accents, dashes, soft hyphens, zero-width and look-alike letters; see
  :func:`fold`). A salt, release or form suffix glued on is read
  ("TramadolHCl", "oxycodoneER", "morphinesulfate"), and so is a number and unit
  glued before ("30mgcodeine"). A name inside a longer word is not a match
  ("apomorphine" is not morphine). ATC codes inside text are read with or
  without separators ("N02-AA-01", "n02 aa01").
* **ATC codes**, by hierarchy: a code in an all-opioid group (N02A, N01AH,
  R05FA) is an opioid; in a mixed group (R05DA, N07BC, A07DA) a code is an
  opioid unless it is a known non-opioid such as dextromethorphan R05DA09 (the
  bare group prefix never clears a code). A code above those groups (N02, R05D)
  or a combination class that may hold an opioid (N02BE51, paracetamol
  combinations) cannot decide and is reported as unreadable.
* **RxNorm and SNOMED CT codes** through the list of codes the vocabulary ships.
* An entry with nothing readable (an unknown code and no text, an empty text)
  is reported, never passed silently.

Matching errs toward blocking: a negated mention ("stopped oxycodone") still
blocks, since words around a name are not interpreted. A reading of an opioid
and of an antagonist in the same entry (buprenorphine/naloxone) is opioid use.

>>> vocabulary = default_vocabulary()
>>> reading = vocabulary.read("OxyContin 10 mg")
>>> [(m.substance.name, m.matched) for m in reading.opioids]
[('oxycodone', 'oxycontin')]
>>> vocabulary.read("Tramadol\\u00adHCl 50mg").opioids[0].substance.name
'tramadol'
>>> vocabulary.read("apomorphine 2 mg").opioids, vocabulary.read("R05DA09").opioids
((), ())
>>> [m.substance.name for m in find_opioids("Paracetamol/codeine 500/30 mg")]
['codeine']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Final, TypeAlias

import attrs
from attrs import field, frozen

from ldn._checks import Choices, choice, describe, quoted, tuple_of
from ldn._matching import fold, trie_pattern
from ldn.errors import LdnTypeError, ScreeningError
from ldn.medication import ATC, RXNORM, SNOMED_CT, Coding, Medication, MedicationInput

__all__ = [
    "MARKETS",
    "NON_OPIOID_CODES",
    "OPIOIDS",
    "KnownCode",
    "OpioidMatch",
    "Product",
    "Reading",
    "Source",
    "Substance",
    "SubstanceKind",
    "Vocabulary",
    "atc_status",
    "default_vocabulary",
    "find_opioids",
    "fold",
]

#: The markets the shipped brand names come from.
MARKETS: Final = ("NZ", "AU", "UK", "US")


class SubstanceKind(StrEnum, metaclass=Choices, error=ScreeningError):
    """What a substance means for starting low dose naltrexone."""

    OPIOID = "opioid"
    PERIPHERAL_OPIOID = "peripheral-opioid"
    ANTAGONIST = "antagonist"
    NEITHER = "neither"


# -- value types ------------------------------------------------------------------


def _nonempty(what: str, value: object, limit: int = 500) -> str:
    if not isinstance(value, str):
        raise LdnTypeError(what, describe(value), "a str")
    if not value.strip() or len(value) > limit:
        raise ScreeningError(
            what, describe(value), f"a non-empty str of at most {limit} characters"
        )
    return value


def _name(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    _nonempty(attribute.name, value)
    if not _spelling(str(value)):
        raise ScreeningError("name", quoted(value), "a name with at least one letter or digit")


def _text_field(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    _nonempty(attribute.name, value, limit=2000)


def _optional_text(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None:
        _nonempty(attribute.name, value, limit=2000)


def _strings(value: object) -> tuple[str, ...]:
    items = tuple_of(value, str, "names")
    for item in items:
        _nonempty("name", item)
    return items


def _kind(value: object) -> SubstanceKind:
    return choice(value, SubstanceKind, "substance kind", ScreeningError)


_ATC_SHAPE: Final = re.compile(r"[A-Z](?:[0-9]{2}(?:[A-Z](?:[A-Z](?:[0-9]{2})?)?)?)?")


def _atc_codes(value: object) -> tuple[str, ...]:
    codes = tuple_of(value, str, "ATC codes")
    for code in codes:
        if len(code) != 7 or not _ATC_SHAPE.fullmatch(code):
            raise ScreeningError("ATC code", repr(code), "a 7-character ATC code such as N02AA01")
    return codes


@frozen
class Source:
    """A public source of vocabulary entries: what it is, where, under what terms, when."""

    id: str = field(validator=_name)
    title: str = field(validator=_text_field)
    url: str = field(validator=_text_field)
    licence: str | None = field(default=None, validator=_optional_text)
    date: str | None = field(default=None, validator=_optional_text)


@frozen
class Substance:
    """A substance screening knows: its name, kind, other names, ATC codes and sources."""

    name: str = field(validator=_name)
    kind: SubstanceKind = field(default=SubstanceKind.OPIOID, converter=_kind)
    synonyms: tuple[str, ...] = field(default=(), converter=_strings)
    atc_codes: tuple[str, ...] = field(default=(), converter=_atc_codes)
    sources: tuple[str, ...] = field(default=(), converter=_strings)

    @property
    def peripheral(self) -> bool:
        """Whether the substance acts on the gut only (blocking is a policy setting)."""
        return self.kind is SubstanceKind.PERIPHERAL_OPIOID

    @property
    def spellings(self) -> tuple[str, ...]:
        """The name and its synonyms."""
        return (self.name, *self.synonyms)


@frozen
class Product:
    """A brand or trade name, where it is sold, its active substances and its source."""

    name: str = field(validator=_name)
    market: str = field(validator=_name)
    substances: tuple[str, ...] = field(converter=_strings)
    source: str = field(validator=_name)

    def __attrs_post_init__(self) -> None:
        if not self.substances:
            raise ScreeningError(f"substances of {self.name!r}", "none", "at least one")


@frozen
class KnownCode:
    """A code (RxNorm, SNOMED CT, ...) known to denote a product with these substances."""

    system: str = field(validator=_text_field)
    code: str = field(validator=_name)
    substances: tuple[str, ...] = field(converter=_strings)
    source: str = field(validator=_name)
    display: str | None = field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "system", Coding(self.system, self.code).system)
        if not self.substances:
            raise ScreeningError(f"substances of code {self.code!r}", "none", "at least one")


def _via(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise LdnTypeError(attribute.name, describe(value), "a str")


def _substance(instance: object, attribute: attrs.Attribute[Substance], value: object) -> None:
    if not isinstance(value, Substance):
        raise LdnTypeError(attribute.name, describe(value), "a Substance")


def _entry(instance: object, attribute: attrs.Attribute[Medication], value: object) -> None:
    if not isinstance(value, Medication):
        raise LdnTypeError(attribute.name, describe(value), "a Medication")


def _matches(value: object) -> tuple[OpioidMatch, ...]:
    return tuple_of(value, OpioidMatch, "matches")


def _notes(value: object) -> tuple[str, ...]:
    return tuple_of(value, str, "unread")


@frozen
class OpioidMatch:
    """One substance found in an entry: the substance, the spelling or code that matched, and where.

    ``via`` is the text that matched, or the ``system|code`` token of the coding.
    ``product`` is the brand name when the match came through one.
    """

    substance: Substance = field(validator=_substance)
    matched: str = field(validator=_text_field)
    via: str = field(default="", validator=_via)
    product: str | None = field(default=None, validator=_optional_text)


@frozen
class Reading:
    """What the vocabulary read in one entry.

    ``opioids`` holds opioid and peripheral-opioid matches, ``antagonists`` the
    antagonists. ``unread`` says what could not be decided: why nothing in the
    entry could be read, or an ATC class that may hide an opioid (empty when
    everything was read).
    """

    entry: Medication = field(validator=_entry)
    opioids: tuple[OpioidMatch, ...] = field(default=(), converter=_matches)
    antagonists: tuple[OpioidMatch, ...] = field(default=(), converter=_matches)
    unread: tuple[str, ...] = field(default=(), converter=_notes)


# -- ATC hierarchy -----------------------------------------------------------------

#: Groups whose every substance is an opioid (N02AJ, N02AG and the other
#: combination codes lie inside N02A; R05FA: opium derivatives with
#: expectorants or mucolytics).
_OPIOID_GROUPS: Final = ("N02A", "N01AH", "R05FA")
#: Groups holding opioids beside non-opioids: a code is cleared only if known.
_MIXED_GROUPS: Final = ("R05DA", "N07BC", "A07DA")
#: Substance codes inside those groups that are not opioids.
NON_OPIOID_CODES: Final = frozenset({"R05DA07", "R05DA09", "R05DA11", "N07BC04"})
#: Combination classes that may or may not hold an opioid, depending on the product
#: (WHO ATC index: paracetamol, acetylsalicylic acid and ibuprofen combinations;
#: before the N02AJ group, codeine combinations were often coded there).
_POSSIBLE_OPIOID_CODES: Final = frozenset({"N02BE51", "N02BE71", "N02BA51", "N02BA71", "M01AE51"})


def atc_status(code: str) -> str:
    """How the ATC hierarchy reads a code (upper case, no separators).

    ``opioid``, ``not-opioid`` (a known non-opioid in a mixed group), ``broad`` (a
    class above the opioid groups: cannot decide), ``possible`` (a combination
    class that may hold an opioid), ``other`` (outside every opioid group), or
    ``invalid`` (not an ATC code). Substance codes of the vocabulary are looked up
    before this.

    >>> atc_status("N02AX"), atc_status("R05DA09"), atc_status("N02"), atc_status("N06AA09")
    ('opioid', 'not-opioid', 'broad', 'other')
    """
    if not isinstance(code, str):
        raise LdnTypeError("code", describe(code), "a str")
    if not _ATC_SHAPE.fullmatch(code):
        return "invalid"
    if code in NON_OPIOID_CODES:
        return "not-opioid"
    if code.startswith(_OPIOID_GROUPS + _MIXED_GROUPS):
        return "opioid"
    if code in _POSSIBLE_OPIOID_CODES:
        return "possible"
    if any(group.startswith(code) for group in _OPIOID_GROUPS + _MIXED_GROUPS):
        return "broad"
    return "other"


#: ATC codes inside free text: a letter, two digits, then one or two letters and
#: optionally two digits, each part optionally set off by a space, dot, dash,
#: underscore or slash. Level-2 codes ("N02") are not read from text.
_SEP: Final = r"[ .\-_/]?"
_ATC_IN_TEXT: Final = re.compile(
    rf"([a-z])(?<![a-z0-9][a-z]){_SEP}([0-9]{{2}}){_SEP}([a-z])(?:{_SEP}([a-z])(?:{_SEP}([0-9]{{2}}))?)?(?![a-z0-9])"
)

# -- matching text -------------------------------------------------------------------

#: Salt, release and form words that may be glued to the end of a name.
_GLUED_SUFFIXES: Final = (
    "hcl", "hbr", "hydrochloride", "hydrobromide", "bromide", "sulfate", "sulphate",
    "phosphate", "tartrate", "bitartrate", "citrate", "acetate", "napsylate", "mesylate",
    "fumarate", "maleate", "base", "er", "sr", "cr", "xr", "xl", "la", "mr", "ir", "cd",
    "dr", "pr", "retard", "tab", "tabs", "cap", "caps", "inj", "soln", "liq",
)  # fmt: skip
#: A number and a unit glued before a name ("30mgcodeine").
_GLUED_UNITS: Final = ("mcg", "mg", "ml", "ug", "g")
#: A name starts after a non-letter. One cheap lookbehind per position: testing
#: for a glued unit there as well costs twice as much, so glued units are split off
#: beforehand, only in the rare text that has one (:data:`_GLUED`).
_LEFT: Final = "(?<![a-z])"
#: A number, an optional space and a unit glued to the letters of a name.
_GLUED: Final = re.compile("([0-9] ?(?:" + "|".join(_GLUED_UNITS) + "))(?=[a-z])")
_RIGHT: Final = "(?:" + "|".join(_GLUED_SUFFIXES) + ")*(?![a-z])"
#: Words around a generic term that reverse its meaning.
_NOT_BEFORE_TERM: Final = re.compile(r"non[^a-z0-9]*$")
_NOT_AFTER_TERM: Final = re.compile(r"[^a-z0-9]*(?:receptor[^a-z0-9]*)?antagonists?(?![a-z])")


def _spelling(name: str) -> str:
    """A vocabulary spelling as the matcher keys it: folded, words joined by one space.

    Letters and digits are separate words ("DF118" and "DF 118" are one spelling).
    A spelling that ends in a digit gets a final ``#`` so "Tylenol #3" never
    matches "Tylenol 325".
    """
    words = re.findall(r"[a-z]+|[0-9]+", fold(name))
    spelled = " ".join(words)
    return f"{spelled}#" if spelled[-1:].isdigit() else spelled


#: ASCII characters other than letters and digits, to drop from a lookup key.
_NOT_ALNUM: Final = {c: None for c in range(128) if not chr(c).isalnum()}


def _key(spelling: str) -> str:
    """The lookup key of a matched text or spelling: letters and digits only."""
    if spelling.isascii():
        return spelling.translate(_NOT_ALNUM)
    return re.sub(r"[^a-z0-9]", "", spelling)


#: How many distinct texts one vocabulary remembers scanning.
_MEMO_SIZE: Final = 65_536
_DIGIT: Final = re.compile("[0-9]")
_LETTER: Final = re.compile(r"[^\W\d_]")


@frozen
class _Target:
    substances: tuple[Substance, ...]
    product: str | None


class _Matcher:
    """The compiled form of a vocabulary: one trie pattern and lookup tables."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        by_name = vocabulary.by_name()
        targets: dict[str, list[_Target]] = {}
        spellings: set[str] = set()

        def add(name: str, target: _Target) -> None:
            spelling = _spelling(name)
            spellings.add(spelling)
            targets.setdefault(_key(spelling), []).append(target)

        for substance in vocabulary.substances:
            if substance.kind is not SubstanceKind.NEITHER:
                for name in substance.spellings:
                    add(name, _Target((substance,), None))
        for product in vocabulary.products:
            known = tuple(by_name[s] for s in product.substances if s in by_name)
            relevant = tuple(s for s in known if s.kind is not SubstanceKind.NEITHER)
            if relevant:
                add(product.name, _Target(relevant, product.name))
        self.terms = frozenset(_key(_spelling(term)) for term in vocabulary.terms)
        for term in vocabulary.terms:
            spellings.add(_spelling(term))
        self.targets = {key: tuple(found) for key, found in targets.items()}
        body = trie_pattern(sorted(spellings)).replace("\\#", "(?![0-9])")
        self.pattern = re.compile(_LEFT + "(" + body + ")" + _RIGHT)
        #: An ATC code to every substance whose row carries it (a combination code
        #: stands on each ingredient's row; every non-neither one is reported).
        self.atc: dict[str, tuple[Substance, ...]] = {}
        for substance in vocabulary.substances:
            for code in substance.atc_codes:
                self.atc[code] = (*self.atc.get(code, ()), substance)
        self.codes: dict[tuple[str, str], tuple[Substance, ...]] = {}
        for known_code in vocabulary.codes:
            found = tuple(by_name[s] for s in known_code.substances if s in by_name)
            self.codes[(known_code.system, known_code.code)] = found
        #: Scans of texts already read (bounded; emptied when full). A memo only:
        #: the same text always scans the same, so results never depend on it.
        self.memo: dict[str, tuple[tuple[OpioidMatch, ...], tuple[str, ...], bool]] = {}
        self.term_substance = Substance("opioid (unnamed)", sources=("mesh-opioid-analgesics",))
        self.group_substance = Substance("opioid (by ATC group)")  # the default kind: opioid

    def scan_text(self, text: str) -> tuple[tuple[OpioidMatch, ...], tuple[str, ...], bool]:
        """Matches in one text, notes on ATC classes it names, and whether it has a letter."""
        known = self.memo.get(text)
        if known is not None:
            return known
        folded = fold(text)
        found = self._names(text, folded)
        if _GLUED.search(folded):
            found += self._names(text, _GLUED.sub(r"\1 ", folded))
        always: list[str] = []
        if _DIGIT.search(folded):
            for hit in _ATC_IN_TEXT.finditer(folded):
                code = "".join(part for part in hit.groups() if part).upper()
                found += _atc_matches(self, code, text, always, [])
        scanned = (tuple(found), tuple(always), _LETTER.search(folded) is not None)
        if len(self.memo) >= _MEMO_SIZE:
            self.memo.clear()
        self.memo[text] = scanned
        return scanned

    def _names(self, text: str, folded: str) -> list[OpioidMatch]:
        found: list[OpioidMatch] = []
        for hit in self.pattern.finditer(folded):
            key = _key(hit.group(1))
            if key in self.terms:
                negated = _NOT_BEFORE_TERM.search(folded, 0, hit.start())
                if negated or _NOT_AFTER_TERM.match(folded, hit.end(1)):
                    continue
                found.append(OpioidMatch(self.term_substance, hit.group(1), text))
            for target in self.targets.get(key, ()):
                found += [
                    OpioidMatch(s, hit.group(1), text, target.product) for s in target.substances
                ]
        return found


# -- the vocabulary ------------------------------------------------------------------


def _substances(value: object) -> tuple[Substance, ...]:
    return tuple_of(value, Substance, "substances")


def _products(value: object) -> tuple[Product, ...]:
    return tuple_of(value, Product, "products")


def _codes(value: object) -> tuple[KnownCode, ...]:
    return tuple_of(value, KnownCode, "codes")


def _sources(value: object) -> tuple[Source, ...]:
    return tuple_of(value, Source, "sources")


@frozen
class Vocabulary:
    """Everything screening reads medication lists against, with the sources of every entry.

    Build the shipped one with :func:`default_vocabulary`; add a clinic's own
    names and codes with :meth:`extend`. Entries cannot be removed: a local list
    only ever adds what blocks.
    """

    name: str = field(validator=_name)
    substances: tuple[Substance, ...] = field(converter=_substances)
    products: tuple[Product, ...] = field(default=(), converter=_products)
    codes: tuple[KnownCode, ...] = field(default=(), converter=_codes)
    sources: tuple[Source, ...] = field(default=(), converter=_sources)
    terms: tuple[str, ...] = field(default=(), converter=_strings)
    extends: str | None = None
    _matcher: list[_Matcher] = field(init=False, factory=list, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        source_ids = {s.id for s in self.sources}
        names = [s.name for s in self.substances]
        if len(set(names)) != len(names):
            duplicate = next(n for n in names if names.count(n) > 1)
            raise ScreeningError("substance names", repr(duplicate), "each listed once")
        cited = [
            *(each for s in self.substances for each in s.sources),
            *(p.source for p in self.products),
            *(c.source for c in self.codes),
        ]
        for source in cited:
            if source not in source_ids:
                raise ScreeningError(
                    f"source of a vocabulary entry in {self.name!r}",
                    repr(source),
                    "the id of one of the vocabulary's sources",
                )
        known = self.by_name()
        entries = [(f"product {p.name!r}", p.substances) for p in self.products]
        entries += [(f"code {c.system}|{c.code}", c.substances) for c in self.codes]
        for what, substances in entries:
            if not any(name in known for name in substances):
                raise ScreeningError(
                    f"substances of {what}",
                    ", ".join(substances),
                    "at least one substance of the vocabulary (else it would match nothing)",
                )

    def by_name(self) -> dict[str, Substance]:
        """Every substance by its name and by each synonym."""
        return {spelling: s for s in self.substances for spelling in s.spellings}

    def _compiled(self) -> _Matcher:
        if not self._matcher:
            self._matcher.append(_Matcher(self))
        return self._matcher[0]

    def substance(self, name: str) -> Substance:
        """A substance by name (lower case INN)."""
        for each in self.substances:
            if each.name == name:
                return each
        raise ScreeningError(
            "substance", describe(name), f"a substance of vocabulary {self.name!r}"
        )

    def extend(
        self,
        *,
        name: str,
        sources: Iterable[Source],
        substances: Iterable[Substance] = (),
        products: Iterable[Product] = (),
        codes: Iterable[KnownCode] = (),
        terms: Iterable[str] = (),
    ) -> Vocabulary:
        """A vocabulary with a clinic's own entries added; every entry names one of ``sources``.

        >>> local = default_vocabulary().extend(
        ...     name="clinic-formulary",
        ...     sources=[Source("clinic-2026", "Clinic formulary 2026", "internal document")],
        ...     products=[Product("Oxy-Clinic", "NZ", ("oxycodone",), "clinic-2026")],
        ... )
        >>> local.read("Oxy-Clinic 5 mg").opioids[0].product
        'Oxy-Clinic'
        """
        if not isinstance(name, str) or name == self.name:
            raise ScreeningError(
                "name of an extended vocabulary", describe(name), f"a str other than {self.name!r}"
            )
        own_sources = self.sources + _sources(list(_iterable("sources", sources)))
        return Vocabulary(
            name=name,
            substances=self.substances + _substances(list(_iterable("substances", substances))),
            products=self.products + _products(list(_iterable("products", products))),
            codes=self.codes + _codes(list(_iterable("codes", codes))),
            sources=own_sources,
            terms=self.terms + _strings(list(_iterable("terms", terms))),
            extends=self.name,
        )

    # -- reading entries ------------------------------------------------------------

    def read(self, entry: MedicationInput) -> Reading:
        """Read one medication-list entry: its text, its displays and its codes.

        ``unread`` reports an entry with nothing readable (no text with a letter,
        and no code the vocabulary can decide), and, always, an ATC combination
        class that may hide an opioid.
        """
        medication = Medication.of(entry)
        opioids, antagonists, unread = self._scan(medication)
        return Reading(medication, opioids, antagonists, unread)

    def _scan(self, entry: MedicationInput) -> _Scan:
        """What :meth:`read` reports, without building values: screening's fast path."""
        matcher = self._compiled()
        if isinstance(entry, str):
            found, always, readable = matcher.scan_text(entry)
            if readable:
                return _split(found, always)
            return _split(found, (*always, f"nothing readable in {quoted(entry, 80)}"))
        medication = Medication.of(entry)
        matches: list[OpioidMatch] = []
        notes: list[str] = []  # reported whatever else the entry holds
        unless_read: list[str] = []  # reported only when nothing else was read
        readable = False
        for text in medication.texts:
            found, always, text_readable = matcher.scan_text(text)
            matches += found
            notes += always
            readable = readable or text_readable
        for coding in medication.codings:
            readable = _read_coding(matcher, coding, matches, notes, unless_read) or readable
        if not readable:
            notes += unless_read or [f"nothing readable in {quoted(str(medication), 80)}"]
        return _split(tuple(matches), tuple(notes))


#: What a scan finds: opioid matches, antagonist matches, and what could not be decided.
_Scan: TypeAlias = "tuple[tuple[OpioidMatch, ...], tuple[OpioidMatch, ...], tuple[str, ...]]"


def _split(found: tuple[OpioidMatch, ...], unread: tuple[str, ...]) -> _Scan:
    """Matches once per substance (first found first), opioids apart from antagonists."""
    if not found:
        return (), (), unread
    unique: dict[tuple[str, str], OpioidMatch] = {}
    for match in found:
        unique.setdefault((match.substance.name, match.substance.kind), match)
    matches = unique.values()
    return (
        tuple(m for m in matches if m.substance.kind is not SubstanceKind.ANTAGONIST),
        tuple(m for m in matches if m.substance.kind is SubstanceKind.ANTAGONIST),
        unread,
    )


def _iterable(what: str, value: object) -> Iterable[object]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise LdnTypeError(what, describe(value), "a collection")
    return value


def _atc_matches(
    matcher: _Matcher, code: str, via: str, always: list[str], unless_read: list[str]
) -> list[OpioidMatch]:
    """Matches for one ATC code; what it cannot decide goes to ``always`` or ``unless_read``."""
    if code in matcher.atc:
        return [
            OpioidMatch(substance, code, via)
            for substance in matcher.atc[code]
            if substance.kind is not SubstanceKind.NEITHER
        ]
    status = atc_status(code)
    if status == "opioid":
        return [OpioidMatch(matcher.group_substance, code, via)]
    if status == "possible":
        always.append(f"ATC {code} is a combination class that may contain an opioid")
    elif status == "broad":
        unless_read.append(f"ATC {code} is a class above the opioid groups, not a drug")
    elif status == "invalid":
        unless_read.append(f"{code!r} is not an ATC code")
    return []


def _read_coding(
    matcher: _Matcher,
    coding: Coding,
    found: list[OpioidMatch],
    always: list[str],
    unless_read: list[str],
) -> bool:
    """Add what one coding says; True when its code decided something."""
    if coding.system == ATC:
        before = len(unless_read)  # a class that may hide an opioid is read (and noted)
        found += _atc_matches(matcher, coding.code, coding.token, always, unless_read)
        return len(unless_read) == before
    substances = matcher.codes.get((coding.system, coding.code))
    if substances is None:
        system = {RXNORM: "RxNorm", SNOMED_CT: "SNOMED CT"}.get(coding.system, coding.system)
        unless_read.append(f"{system} code {coding.code!r} is not in the vocabulary")
        return False
    found += [
        OpioidMatch(s, coding.code, coding.token)
        for s in substances
        if s.kind is not SubstanceKind.NEITHER
    ]
    return True


# -- the shipped vocabulary -------------------------------------------------------------


#: The data modules of :mod:`ldn._vocabulary` that hold brand and trade names.
_BRAND_TABLES: Final = ("brands_nz_au", "brands_uk", "brands_us")


def _brand_rows(
    readable: frozenset[str],
) -> tuple[list[Product], dict[str, tuple[str, str, str, str]]]:
    """Every brand row with a substance in ``readable``, and the sources they cite.

    What a row contains decides, not the kind it declares: a loperamide brand
    declared a look-alike is still read as loperamide. Rows with no such
    substance (look-alikes and naloxone-only controls) stay in the tables for
    the tests; the matcher has no use for them.
    """
    import importlib

    products: list[Product] = []
    sources: dict[str, tuple[str, str, str, str]] = {}
    for table in _BRAND_TABLES:
        module = importlib.import_module(f"ldn._vocabulary.{table}")
        sources.update(module.SOURCES)
        products += [
            Product(name, market, substances, source)
            for name, market, substances, _, source in module.PRODUCTS
            if readable.intersection(substances)
        ]
    return products, sources


@functools.cache
def default_vocabulary() -> Vocabulary:
    """The shipped vocabulary, built from :mod:`ldn._vocabulary` on first use (then cached)."""
    from ldn._vocabulary.codes import CODES
    from ldn._vocabulary.codes import SOURCES as CODE_SOURCES
    from ldn._vocabulary.sources import SOURCES
    from ldn._vocabulary.substances import SOURCES as SUBSTANCE_SOURCES
    from ldn._vocabulary.substances import SUBSTANCES
    from ldn._vocabulary.terms import TERMS

    readable = frozenset(
        spelling
        for name, kind, synonyms, *_ in SUBSTANCES
        if kind != SubstanceKind.NEITHER
        for spelling in (name, *synonyms)
    )
    products, brand_sources = _brand_rows(readable)
    ingredient_codes = [
        KnownCode(system, code, (name,), sources[0])
        for name, _, _, _, rxnorm, snomed, sources in SUBSTANCES
        for system, code in ((RXNORM, rxnorm), (SNOMED_CT, snomed))
        if code
    ]
    all_sources = {**SOURCES, **SUBSTANCE_SOURCES, **CODE_SOURCES, **brand_sources}
    return Vocabulary(
        name="ldn",
        substances=[
            Substance(name, kind, synonyms, atc, sources)
            for name, kind, synonyms, atc, _, _, sources in SUBSTANCES
        ],
        products=products,
        codes=[
            *ingredient_codes,
            *(
                KnownCode(system, code, substances, source, display or None)
                for system, code, display, substances, source in CODES
            ),
        ],
        sources=[Source(key, *row) for key, row in all_sources.items()],
        terms=[term for term, _ in TERMS],
    )


def find_opioids(medication: MedicationInput) -> tuple[OpioidMatch, ...]:
    """Every opioid the shipped vocabulary finds in one entry, once each, in order found."""
    return default_vocabulary().read(medication).opioids


if TYPE_CHECKING:
    #: Every opioid and peripheral opioid of the shipped vocabulary (built on first use).
    OPIOIDS: tuple[Substance, ...]


def __getattr__(name: str) -> object:
    """``OPIOIDS``, built from the shipped vocabulary on first use rather than at import."""
    if name == "OPIOIDS":
        return tuple(
            s
            for s in default_vocabulary().substances
            if s.kind in (SubstanceKind.OPIOID, SubstanceKind.PERIPHERAL_OPIOID)
        )
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
