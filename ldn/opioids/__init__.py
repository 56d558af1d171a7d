"""The screening vocabulary and how a medication-list entry is read against it (LDN-OPIOID, LDN-ANTAGONIST).

The vocabulary is data with sources (``ldn._vocabulary``): substances with their
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
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

import attrs
from attrs import field, frozen

from ldn._checks import describe, quoted, tuple_of
from ldn._matching import fold, spelling_of
from ldn.errors import LdnTypeError, ScreeningError
from ldn.medication import ATC, RXNORM, SNOMED_CT, Medication, MedicationInput
from ldn.medication import Coding as Coding  # resolves MedicationInput in runtime type hints
from ldn.opioids._atc import NON_OPIOID_CODES, atc_status
from ldn.opioids._lexicon import Lexicon, words_of
from ldn.opioids._matcher import Matcher, strongest_claims
from ldn.opioids._shipped import holds, shipped_lexicon, shipped_parts
from ldn.opioids._tables import CODE_COLUMNS, NAME_COLUMNS, code_records, name_records
from ldn.opioids._values import (
    KnownCode,
    OpioidMatch,
    Product,
    Reading,
    ReleaseWord,
    Scan,
    Source,
    Substance,
    SubstanceKind,
    check_name,
    longest,
    names_tuple,
)

__all__ = [
    "CODE_COLUMNS",
    "MARKETS",
    "NAME_COLUMNS",
    "NON_OPIOID_CODES",
    "OPIOIDS",
    "KnownCode",
    "Lexicon",
    "OpioidMatch",
    "Product",
    "Reading",
    "ReleaseWord",
    "Scan",
    "Source",
    "Substance",
    "SubstanceKind",
    "Vocabulary",
    "atc_status",
    "default_vocabulary",
    "find_opioids",
    "fold",
    "vocabulary_or_default",
]

#: The markets the shipped brand names come from.
MARKETS: Final = ("NZ", "AU", "UK", "US")
#: How many distinct texts one vocabulary remembers scanning.
_MEMO_SIZE: Final = 65_536
#: A memo's mark for a key not seen yet (its values may be None).
_UNSEEN: Final = object()


# -- the vocabulary ------------------------------------------------------------------


def _substances(value: object) -> tuple[Substance, ...]:
    return tuple_of(value, Substance, "substances")


def _products(value: object) -> tuple[Product, ...]:
    return tuple_of(value, Product, "products")


def _codes(value: object) -> tuple[KnownCode, ...]:
    return tuple_of(value, KnownCode, "codes")


def _sources(value: object) -> tuple[Source, ...]:
    return tuple_of(value, Source, "sources")


def _release_words(value: object) -> tuple[ReleaseWord, ...]:
    return tuple_of(value, ReleaseWord, "release_words")


def _lexicon(instance: object, attribute: attrs.Attribute[Lexicon | None], value: object) -> None:
    if value is not None and not isinstance(value, Lexicon):
        raise LdnTypeError("lexicon", describe(value), "a Lexicon or None")


@frozen
class Vocabulary:
    """Everything screening reads medication lists against, with the sources of every entry.

    Build the shipped one with :func:`default_vocabulary`; add a clinic's own
    names and codes with :meth:`extend`. Entries cannot be removed: a local list
    only ever adds what blocks.
    """

    name: str = field(validator=check_name)
    substances: tuple[Substance, ...] = field(converter=_substances)
    products: tuple[Product, ...] = field(default=(), converter=_products)
    codes: tuple[KnownCode, ...] = field(default=(), converter=_codes)
    sources: tuple[Source, ...] = field(default=(), converter=_sources)
    terms: tuple[str, ...] = field(default=(), converter=names_tuple)
    extends: str | None = None
    #: Dose-form words that lengthen the opioid-free interval (LDN-OPIOID-FREE).
    release_words: tuple[ReleaseWord, ...] = field(default=(), converter=_release_words)
    #: The known words of closed-world screening (None: entries are not checked word
    #: by word). Its words, those of the substances above that are neither opioid nor
    #: antagonist, of products of no opioid and of release words are accounted for; an
    #: opioid's or antagonist's own names count when they match whole.
    lexicon: Lexicon | None = field(default=None, validator=_lexicon, repr=False)
    _matcher: list[Matcher] = field(init=False, factory=list, eq=False, repr=False)
    _alone: dict[str, tuple[frozenset[str], frozenset[tuple[str, str]]]] = field(
        init=False, factory=dict, eq=False, repr=False
    )
    _alone_memo: dict[tuple[str, object], bool | None] = field(
        init=False, factory=dict, eq=False, repr=False
    )

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
            *(w.source for w in self.release_words),
        ]
        for source in cited:
            if source not in source_ids:
                raise ScreeningError(
                    f"source of a vocabulary entry in {self.name!r}",
                    repr(source),
                    "the id of one of the vocabulary's sources",
                )
        known = self.by_name()
        spellings = frozenset(spelling_of(name).rstrip("#") for name in known)
        entries = [(f"product {p.name!r}", p.substances) for p in self.products]
        entries += [(f"code {c.system}|{c.code}", c.substances) for c in self.codes]
        for what, substances in entries:
            if not any(
                name in known or holds(spelling_of(name).rstrip("#").split(), spellings)
                for name in substances
            ) and not self._all_known(substances):
                raise ScreeningError(
                    f"substances of {what}",
                    quoted(", ".join(substances), 200),
                    "at least one substance of the vocabulary, or names whose every word "
                    "its lexicon knows (else it would match nothing)",
                )

    def _all_known(self, names: tuple[str, ...]) -> bool:
        """Whether the lexicon accounts for every word of ``names`` (False without one)."""
        lexicon = self.lexicon
        return lexicon is not None and not any(lexicon.unknown_in(name) for name in names)

    def by_name(self) -> dict[str, Substance]:
        """Every substance by its name and by each synonym.

        A spelling two substances claim stands for the opioid among them (then a
        peripheral opioid, then an antagonist): no entry added to a vocabulary
        makes an opioid spelling read as anything else.
        """
        return strongest_claims(self.substances)

    def _compiled(self) -> Matcher:
        if not self._matcher:
            matcher = Matcher(
                substances=self.substances,
                products=self.products,
                codes=self.codes,
                terms=self.terms,
                by_name=self.by_name(),
                memo_size=_MEMO_SIZE,
                release_words=self.release_words,
                known_words=None if self.lexicon is None else self._known_words(self.lexicon),
                known_codes=None if self.lexicon is None else self.lexicon.codes,
                generic_words=frozenset()
                if self.lexicon is None
                else self.lexicon.generic
                | {word for w in self.release_words for word in words_of(w.word)},
            )
            self._matcher.append(matcher)
        return self._matcher[0]

    def _known_words(self, lexicon: Lexicon) -> frozenset[str]:
        """The lexicon's words, and those of the substances that are neither opioid nor
        antagonist and of the release words. An opioid's or antagonist's own names are
        not known words: they count when they match whole (so "Solpadeine" alone,
        a word only of "Solpadeine Max", is named, not taken as read)."""
        names = [
            spelling
            for s in self.substances
            if s.kind is SubstanceKind.NEITHER
            for spelling in s.spellings
        ]
        names += [w.word for w in self.release_words]
        return lexicon.adding(names).words

    def code_records(self) -> list[dict[str, str | None]]:
        """The codes of the vocabulary and its lexicon as a table (:data:`CODE_COLUMNS`).

        One record per code and substance; ``kind`` is a :class:`SubstanceKind`
        value, or ``medicine`` for a code the lexicon knows that names no opioid or
        antagonist. Join a cohort's coded rows to it; screen the rest as text.

        >>> rows = default_vocabulary().code_records()
        >>> [r for r in rows if r["code"] == "7804"][0]["substance"]
        'oxycodone'
        """
        return code_records(self)

    def name_records(self) -> list[dict[str, str | None]]:
        """The names as a table (:data:`NAME_COLUMNS`): every spelling and product.

        >>> rows = default_vocabulary().name_records()
        >>> sorted({r["substance"] for r in rows if r["name"] == "Panadeine"})
        ['codeine', 'paracetamol']
        """
        return name_records(self)

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
        release_words: Iterable[ReleaseWord] = (),
        names: Iterable[str] = (),
    ) -> Vocabulary:
        """A vocabulary with a clinic's own entries added; every entry names one of ``sources``.

        Extending only adds. A substance listed under a name the vocabulary has is
        merged into it (synonyms, codes and sources added; the stronger kind and the
        longer opioid-free interval kept); a spelling, brand or code an opioid
        claims stays an opioid whatever else an extension says it is. ``names`` are
        known non-opioid medicine names (local brands, supplements) added to the
        lexicon, so entries naming them are recognised (closed-world screening).

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
        local_names = names_tuple(list(_iterable("names", names)))
        lexicon = self.lexicon
        if local_names:
            lexicon = (
                Lexicon.of(name[:200], local_names)
                if lexicon is None
                else lexicon.adding(local_names)
            )
        return Vocabulary(
            name=name,
            substances=_merged(
                self.substances, _substances(list(_iterable("substances", substances)))
            ),
            products=self.products + _products(list(_iterable("products", products))),
            codes=self.codes + _codes(list(_iterable("codes", codes))),
            sources=own_sources,
            terms=self.terms + names_tuple(list(_iterable("terms", terms))),
            extends=self.name,
            release_words=self.release_words
            + _release_words(list(_iterable("release_words", release_words))),
            lexicon=lexicon,
        )

    def _others(self, name: str) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
        """The products and codes that hold ``name`` with another substance (built once)."""
        known = self._alone.get(name)
        if known is None:
            substance = self.by_name().get(name)
            own_atc = () if substance is None else substance.atc_codes
            products = frozenset(
                p.name for p in self.products if name in p.substances and p.substances != (name,)
            )
            codes = {(c.system, c.code) for c in self.codes if c.substances != (name,)}
            # WHO ATC: a fifth-level code numbered 50 or above is a combination.
            codes |= {
                (ATC, code) for code in own_atc if code[-2:].isdigit() and int(code[-2:]) >= 50
            }
            known = self._alone[name] = (products, frozenset(codes))
        return known

    def names_alone(self, entries: Iterable[MedicationInput], name: str) -> bool:
        """Whether ``entries`` name the substance ``name`` and no other opioid or antagonist.

        By text, product or code: a combination product, a code of another substance
        or of a combination, an ATC combination class that holds ``name``, or any
        opioid or other antagonist in the entries makes it False. The tables it
        needs are built once per vocabulary.

        >>> vocabulary = default_vocabulary()
        >>> vocabulary.names_alone(["LDN 1.5 mg capsules"], "naltrexone")
        True
        >>> vocabulary.names_alone(["Contrave 8/90"], "naltrexone")
        False
        """
        found = False
        for entry in entries:
            medication = Medication.of(entry)
            key = (name, (medication.text, medication.codings))
            verdict = self._alone_memo.get(key, _UNSEEN)
            if verdict is _UNSEEN:
                if len(self._alone_memo) >= _MEMO_SIZE:
                    self._alone_memo.clear()
                verdict = self._alone_memo[key] = self._names_alone(medication, name)
            if verdict is False:
                return False
            found = found or verdict is True
        return found

    def _names_alone(self, medication: Medication, name: str) -> bool | None:
        """One entry: False when it names anything but ``name``, True when it names
        ``name`` alone, None when it names neither."""
        products, codes = self._others(name)
        opioids, antagonists, _ = self.scan(medication)
        if opioids:
            return False
        for coding in medication.codings:
            if (coding.system, coding.code) in codes:
                return False
        for match in antagonists:
            if match.substance.name != name or match.product in products:
                return False
        return True if antagonists else None

    # -- reading entries ------------------------------------------------------------

    def read(self, entry: MedicationInput) -> Reading:
        """Read one medication-list entry: its text, its displays and its codes.

        ``unread`` reports an entry with nothing readable (no text with a letter,
        and no code the vocabulary can decide), and, always, an ATC combination
        class that may hide an opioid.
        """
        medication = Medication.of(entry)
        scan = self.scan(medication)
        return Reading(medication, scan.opioids, scan.antagonists, scan.unread, scan.unknown)

    def scan(self, entry: MedicationInput) -> Scan:
        """What :meth:`read` reports, without the entry: screening's fast path.

        A str is scanned as it is (no :class:`~ldn.medication.Medication` is
        built for it), and each text's scan is remembered, so a list that repeats
        an entry reads it once. The result unpacks as
        ``opioids, antagonists, unread``.

        >>> opioids, antagonists, unread = default_vocabulary().scan("Embeda (morphine/naltrexone)")
        >>> [m.substance.name for m in opioids], [m.substance.name for m in antagonists], unread
        (['morphine'], ['naltrexone'], ())
        >>> default_vocabulary().scan("N02BE51").unread
        ('ATC N02BE51 is a combination class that may contain an opioid',)
        """
        return self._compiled().scan(entry)


#: How strongly each kind claims a substance merged from two lists (the strongest stays).
_KIND_RANK: Final = (
    SubstanceKind.NEITHER,
    SubstanceKind.ANTAGONIST,
    SubstanceKind.PERIPHERAL_OPIOID,
    SubstanceKind.OPIOID,
)


def _merged(
    substances: tuple[Substance, ...], added: tuple[Substance, ...]
) -> tuple[Substance, ...]:
    """``substances`` with ``added``; one listed under a name already there is merged into it."""
    merged = {s.name: s for s in substances}
    for new in added:
        old = merged.get(new.name)
        if old is None:
            merged[new.name] = new
            continue
        merged[new.name] = Substance(
            old.name,
            max(old.kind, new.kind, key=_KIND_RANK.index),
            (*old.synonyms, *(s for s in new.synonyms if s not in old.synonyms)),
            (*old.atc_codes, *(c for c in new.atc_codes if c not in old.atc_codes)),
            (*old.sources, *(s for s in new.sources if s not in old.sources)),
            longest(old.washout, new.washout),
        )
    return tuple(merged.values())


def _iterable(what: str, value: object) -> Iterable[object]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise LdnTypeError(what, describe(value), "a collection")
    return value


# -- the shipped vocabulary -------------------------------------------------------------


def vocabulary_or_default(vocabulary: object) -> Vocabulary:
    """``vocabulary`` if it is a :class:`Vocabulary`; the shipped one for None.

    >>> vocabulary_or_default(None) is default_vocabulary()
    True
    """
    if vocabulary is None:
        return default_vocabulary()
    if not isinstance(vocabulary, Vocabulary):
        raise LdnTypeError("vocabulary", describe(vocabulary), "a Vocabulary or None")
    return vocabulary


@functools.cache
def default_vocabulary() -> Vocabulary:
    """The shipped vocabulary, built from ``ldn._vocabulary`` on first use (then cached)."""
    from ldn._vocabulary import washout
    from ldn._vocabulary.codes import CODES
    from ldn._vocabulary.codes import SOURCES as CODE_SOURCES
    from ldn._vocabulary.sources import SOURCES
    from ldn._vocabulary.substances import SOURCES as SUBSTANCE_SOURCES
    from ldn._vocabulary.substances import SUBSTANCES
    from ldn._vocabulary.terms import TERMS

    substances, products, brand_sources = shipped_parts()
    ingredient_codes = [
        KnownCode(system, code, (name,), sources[0])
        for name, _, _, _, rxnorm, snomed, sources in SUBSTANCES
        for system, code in ((RXNORM, rxnorm), (SNOMED_CT, snomed))
        if code
    ]
    lexicon, lexicon_products, lexicon_sources = shipped_lexicon()
    all_sources = {
        **SOURCES,
        **SUBSTANCE_SOURCES,
        **CODE_SOURCES,
        **brand_sources,
        **washout.SOURCES,
        **lexicon_sources,
    }
    return Vocabulary(
        name="ldn",
        substances=substances,
        products=[*products, *lexicon_products],
        codes=[
            *ingredient_codes,
            *(
                KnownCode(system, code, substances, source, display or None)
                for system, code, display, substances, source in CODES
            ),
        ],
        sources=[Source(key, *row) for key, row in all_sources.items()],
        terms=[term for term, _ in TERMS],
        release_words=[
            *(ReleaseWord(word, kind, ids[0]) for word, kind, ids in washout.WORDS),
            *(
                ReleaseWord(word, "depot", ids[0], "buprenorphine")
                for word, ids in washout.DEPOT_WORDS
            ),
        ],
        lexicon=lexicon,
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
