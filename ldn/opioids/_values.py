"""The values of the screening vocabulary and of what it reads, with their validators.

Private: the public names are re-exported by :mod:`ldn.opioids`.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Any, TypeVar

import attrs
from attrs import field, frozen

from ldn._checks import Choices, choice, describe, quoted, tuple_of
from ldn._matching import spelling_of
from ldn.errors import LdnTypeError, ScreeningError
from ldn.medication import Coding, Medication
from ldn.monograph import Washout
from ldn.opioids._atc import ATC_SHAPE

__all__ = [
    "KnownCode",
    "OpioidMatch",
    "Product",
    "Reading",
    "ReleaseWord",
    "Scan",
    "Source",
    "Substance",
    "SubstanceKind",
    "check_name",
    "longest",
    "names_tuple",
]


class SubstanceKind(StrEnum, metaclass=Choices, error=ScreeningError):
    """What a substance means for starting low dose naltrexone."""

    OPIOID = "opioid"
    PERIPHERAL_OPIOID = "peripheral-opioid"
    ANTAGONIST = "antagonist"
    NEITHER = "neither"


# -- validators and converters -------------------------------------------------------


def _nonempty(what: str, value: object, limit: int = 500) -> str:
    if not isinstance(value, str):
        raise LdnTypeError(what, describe(value), "a str")
    if not value.strip() or len(value) > limit:
        raise ScreeningError(
            what, describe(value), f"a non-empty str of at most {limit} characters"
        )
    return value


def check_name(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    """An attrs validator: a non-empty str of at most 500 characters with a letter or digit."""
    _nonempty(attribute.name, value)
    if not spelling_of(str(value)):
        raise ScreeningError("name", quoted(value), "a name with at least one letter or digit")


def _text_field(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    _nonempty(attribute.name, value, limit=2000)


def _optional_text(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None:
        _nonempty(attribute.name, value, limit=2000)


def names_tuple(value: object) -> tuple[str, ...]:
    """An attrs converter: a tuple or list of names (each non-empty, at most 500 characters)."""
    items = tuple_of(value, str, "names")
    for item in items:
        _nonempty("name", item)
    return items


def _kind(value: object) -> SubstanceKind:
    return choice(value, SubstanceKind, "substance kind", ScreeningError)


def _washout(value: object) -> Washout:
    return choice(value, Washout, "washout", ScreeningError)


def longest(*washouts: Washout) -> Washout:
    """The washout with the longest interval among ``washouts`` (SHORT for none)."""
    return max(washouts, key=lambda w: w.rank, default=Washout.SHORT)


def _atc_codes(value: object) -> tuple[str, ...]:
    codes = tuple_of(value, str, "ATC codes")
    for code in codes:
        if len(code) != 7 or not ATC_SHAPE.fullmatch(code):
            raise ScreeningError("ATC code", repr(code), "a 7-character ATC code such as N02AA01")
    return codes


# -- the vocabulary's entries ----------------------------------------------------------


@frozen
class Source:
    """A public source of vocabulary entries: what it is, where, under what terms, when."""

    id: str = field(validator=check_name)
    title: str = field(validator=_text_field)
    url: str = field(validator=_text_field)
    licence: str | None = field(default=None, validator=_optional_text)
    date: str | None = field(default=None, validator=_optional_text)


@frozen
class Substance:
    """A substance screening knows: its name, kind, other names, ATC codes and sources."""

    name: str = field(validator=check_name)
    kind: SubstanceKind = field(default=SubstanceKind.OPIOID, converter=_kind)
    synonyms: tuple[str, ...] = field(default=(), converter=names_tuple)
    atc_codes: tuple[str, ...] = field(default=(), converter=_atc_codes)
    sources: tuple[str, ...] = field(default=(), converter=names_tuple)
    #: The opioid-free interval after it (LDN-OPIOID-FREE): LONG for methadone and
    #: buprenorphine, SHORT for the rest.
    washout: Washout = field(default=Washout.SHORT, converter=_washout)

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

    name: str = field(validator=check_name)
    market: str = field(validator=check_name)
    substances: tuple[str, ...] = field(converter=names_tuple)
    source: str = field(validator=check_name)
    #: The opioid-free interval after it: LONG for a modified-release, extended-release
    #: or transdermal product, DEPOT for depot buprenorphine, else SHORT.
    washout: Washout = field(default=Washout.SHORT, converter=_washout)

    def __attrs_post_init__(self) -> None:
        if not self.substances:
            raise ScreeningError(f"substances of {self.name!r}", "none", "at least one")


@frozen
class ReleaseWord:
    """A word of a dose form that lengthens the opioid-free interval, and its source.

    ``word`` is written as a spelling ("extended release" also reads
    "extended-release" and "ExtendedRelease"); in an entry with an opioid it gives
    ``washout``, for any opioid or, when ``substance`` is given, for that one only
    ("depot" beside buprenorphine).
    """

    word: str = field(validator=check_name)
    washout: Washout = field(converter=_washout)
    source: str = field(validator=check_name)
    substance: str | None = field(default=None, validator=_optional_text)


@frozen
class KnownCode:
    """A code (RxNorm, SNOMED CT, ...) known to denote a product with these substances."""

    system: str = field(validator=_text_field)
    code: str = field(validator=check_name)
    substances: tuple[str, ...] = field(converter=names_tuple)
    source: str = field(validator=check_name)
    display: str | None = field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "system", Coding(self.system, self.code).system)
        if not self.substances:
            raise ScreeningError(f"substances of code {self.code!r}", "none", "at least one")


# -- what the vocabulary reads -----------------------------------------------------------


def _via(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise LdnTypeError(attribute.name, describe(value), "a str")


def _substance(instance: object, attribute: attrs.Attribute[Substance], value: object) -> None:
    if not isinstance(value, Substance):
        raise LdnTypeError(attribute.name, describe(value), "a Substance")


def _entry(instance: object, attribute: attrs.Attribute[Medication], value: object) -> None:
    if not isinstance(value, Medication):
        raise LdnTypeError(attribute.name, describe(value), "a Medication")


T = TypeVar("T")


def _tuple(value: object, kind: type[T], name: str) -> tuple[T, ...]:
    """:func:`~ldn._checks.tuple_of`, with a fast path: screening builds a Scan per entry,
    and a tuple of exactly ``kind`` passes without a second copy."""
    if type(value) is tuple:
        for item in value:
            if type(item) is not kind:
                break
        else:
            return value
    return tuple_of(value, kind, name)


def _matches(value: object) -> tuple[OpioidMatch, ...]:
    return _tuple(value, OpioidMatch, "matches")


def _notes(value: object) -> tuple[str, ...]:
    return _tuple(value, str, "unread")


def _unknown(value: object) -> tuple[str, ...]:
    return _tuple(value, str, "unknown")


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
    #: The opioid-free interval after this match: the longest its substance, its
    #: product and the release words of the entry give (LDN-OPIOID-FREE).
    washout: Washout = field(default=Washout.SHORT, converter=_washout)


@frozen
class Reading:
    """What the vocabulary read in one entry.

    ``opioids`` holds opioid and peripheral-opioid matches, ``antagonists`` the
    antagonists. ``unread`` says what could not be decided: why nothing in the
    entry could be read, that its text names no medicine (closed-world screening),
    or an ATC class that may hide an opioid (empty when everything was read). ``unknown`` holds the words of the entry's texts that
    the vocabulary's lexicon does not account for (closed-world screening; empty
    when a code of the entry is known, or the vocabulary has no lexicon).
    """

    entry: Medication = field(validator=_entry)
    opioids: tuple[OpioidMatch, ...] = field(default=(), converter=_matches)
    antagonists: tuple[OpioidMatch, ...] = field(default=(), converter=_matches)
    unread: tuple[str, ...] = field(default=(), converter=_notes)
    unknown: tuple[str, ...] = field(default=(), converter=_unknown)


@frozen
class Scan:
    """What :meth:`Vocabulary.scan` finds in one entry: a :class:`Reading` without the entry.

    The fields mean what they mean in a :class:`Reading`. Iterating gives the first
    three fields in order, so ``opioids, antagonists, unread = vocabulary.scan(entry)``
    unpacks it (read them by name for their precise types; ``unknown`` by name only).

    >>> opioids, antagonists, unread = Scan(unread=["nothing readable in ''"])
    >>> opioids, antagonists, unread
    ((), (), ("nothing readable in ''",))
    """

    opioids: tuple[OpioidMatch, ...] = field(default=(), converter=_matches)
    antagonists: tuple[OpioidMatch, ...] = field(default=(), converter=_matches)
    unread: tuple[str, ...] = field(default=(), converter=_notes)
    unknown: tuple[str, ...] = field(default=(), converter=_unknown)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        """``opioids``, ``antagonists`` and ``unread``, in that order."""
        # Typed Any: a type checker gives each unpacked name the iterator's item type.
        return iter((self.opioids, self.antagonists, self.unread))
