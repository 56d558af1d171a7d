"""The known words of closed-world screening: every word a medication-list text may hold.

Private: :class:`~ldn.opioids.Lexicon` is re-exported by :mod:`ldn.opioids`.

A text is recognised when every word in it is accounted for: a word of a known
medicine's name (substance, brand, supplement, over-the-counter product), or a
salt, strength unit, dose form, route, device or common instruction word. Words
are runs of letters after :func:`~ldn._matching.fold`; digits, punctuation and
single letters ("vitamin B", "q4h") never name a medicine on their own, and a salt,
release or form suffix glued to a known word ("cetirizinehcl") is read as the two.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Final

import attrs
from attrs import field, frozen

from ldn._checks import describe, quoted
from ldn._matching import fold
from ldn.errors import LdnTypeError, ScreeningError

__all__ = [
    "GLUED_SUFFIXES",
    "WORD",
    "CodeTable",
    "Lexicon",
    "medicine_among",
    "names_a_medicine",
    "unknown_among",
    "unknown_words",
    "words_of",
]

#: A word: a run of letters (any script), after folding.
WORD: Final = re.compile(r"[^\W\d_]+")

#: Salt, release and form words that may be glued to the end of a name.
GLUED_SUFFIXES: Final = (
    "hcl", "hbr", "hydrochloride", "hydrobromide", "bromide", "sulfate", "sulphate",
    "phosphate", "tartrate", "bitartrate", "citrate", "acetate", "napsylate", "mesylate",
    "fumarate", "maleate", "base", "er", "sr", "cr", "xr", "xl", "la", "mr", "ir", "cd",
    "dr", "pr", "retard", "tab", "tabs", "cap", "caps", "inj", "soln", "liq",
)  # fmt: skip
_SUFFIXED: Final = re.compile("(.+?)(?:" + "|".join(GLUED_SUFFIXES) + ")+")


def words_of(text: str) -> list[str]:
    """The words of ``text`` as the lexicon keys them: folded runs of letters.

    >>> words_of("Co-Amoxiclav 500/125 mg TABLETS")
    ['co', 'amoxiclav', 'mg', 'tablets']
    """
    return WORD.findall(fold(text))


def _words(value: object) -> frozenset[str]:
    if not isinstance(value, frozenset):
        raise LdnTypeError("words of a lexicon", describe(value), "a frozenset of str")
    for word in value:
        if type(word) is not str:
            raise LdnTypeError("word of a lexicon", describe(word), "a str")
        if not (word.isascii() and word.isalpha() and word.islower()) and (
            not WORD.fullmatch(word) or fold(word) != word
        ):
            raise ScreeningError(
                "word of a lexicon", quoted(word, 60), "a folded run of letters (see words_of)"
            )
    return value


class CodeTable(Mapping[tuple[str, str], str]):
    """Codes of known medicines, read from a generated table on first use.

    ``load`` gives ``(system, code, display)`` rows; they are checked as any codes of
    a :class:`Lexicon` are when first looked up, so a lexicon's first use need not
    read tens of thousands of codes that a list of names never asks for.
    """

    def __init__(self, load: Callable[[], Iterable[tuple[str, str, str]]]) -> None:
        self._load = load
        self._table: Mapping[tuple[str, str], str] | None = None

    def _codes(self) -> Mapping[tuple[str, str], str]:
        if self._table is None:
            self._table = _checked({(s, c): d for s, c, d in self._load()})
        return self._table

    def __getitem__(self, key: tuple[str, str]) -> str:
        return self._codes()[key]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._codes())

    def __len__(self) -> int:
        return len(self._codes())

    def __contains__(self, key: object) -> bool:
        return key in self._codes()


def _codes(value: object) -> Mapping[tuple[str, str], str]:
    if isinstance(value, CodeTable):
        return value  # checked when first read
    if not isinstance(value, Mapping):
        raise LdnTypeError("codes of a lexicon", describe(value), "a mapping")
    checked = _checked(value)
    return checked if isinstance(checked, MappingProxyType) else MappingProxyType(dict(checked))


def _checked(value: Mapping[object, object]) -> Mapping[tuple[str, str], str]:
    for key, display in value.items():
        if (
            type(key) is not tuple
            or len(key) != 2
            or type(key[0]) is not str
            or type(key[1]) is not str
            or not (key[0] and key[1])
            or type(display) is not str
            or not display.strip()
        ):
            raise LdnTypeError(
                "code of a lexicon",
                describe(key),
                "a (system, code) pair of non-empty str mapped to a display str",
            )
    return value  # type: ignore[return-value]


def _name(value: object) -> str:
    if not isinstance(value, str):
        raise LdnTypeError("name of a lexicon", describe(value), "a str")
    if not value.strip() or len(value) > 200:
        raise ScreeningError(
            "name of a lexicon", quoted(value, 60), "a non-empty str of at most 200 characters"
        )
    return value


@frozen
class Lexicon:
    """The words closed-world screening accounts for (see :mod:`ldn.opioids`).

    Build one from names with :meth:`of`; :meth:`adding` gives one with more
    words. The shipped vocabulary carries the shipped lexicon
    (``default_vocabulary().lexicon``), built on first use.

    >>> lexicon = Lexicon.of("clinic", ["Cetirizine", "tablet", "mg", "Nature's Way Vitamin D3"])
    >>> lexicon.unknown_in("cetirizineHCl 10 mg tablet"), lexicon.unknown_in("Zaldiar tablet")
    ((), ('zaldiar',))
    """

    name: str = field(converter=_name)
    words: frozenset[str] = field(converter=_words, repr=False)
    #: Codes of known medicines, ``(system, code)`` to the name the code system gives
    #: it: a coded entry is recognised by one, and its name is read for opioids.
    codes: Mapping[tuple[str, str], str] = field(
        factory=lambda: MappingProxyType({}), converter=_codes, repr=False, eq=False
    )
    #: Known words that name no medicine (units, forms, routes, devices, directions,
    #: indications): a text of these words only ("pain tablets") names nothing to check.
    generic: frozenset[str] = field(factory=frozenset, converter=_words, repr=False)

    @classmethod
    def of(cls, name: str, names: Iterable[str]) -> Lexicon:
        """A lexicon of every word of ``names`` (and each multi-word name written as one word)."""
        return cls(name, _collect(names))

    def adding(self, names: Iterable[str]) -> Lexicon:
        """This lexicon with the words of ``names`` added (the same one when none is new)."""
        more = _collect(names) - self.words
        if not more:
            return self
        # Both parts are checked words (this lexicon's, and runs of letters found by
        # words_of): the union is not checked a second time, word by word.
        grown = object.__new__(Lexicon)
        for attribute in attrs.fields(Lexicon):  # every field as this one's, but the words
            object.__setattr__(grown, attribute.name, getattr(self, attribute.name))
        object.__setattr__(grown, "words", self.words | more)
        return grown

    def knows(self, word: str) -> bool:
        """Whether one folded word is accounted for (single letters always are)."""
        if not isinstance(word, str):
            raise LdnTypeError("word", describe(word), "a str")
        if len(word) == 1 or word in self.words:
            return True
        glued = _SUFFIXED.fullmatch(word)
        return glued is not None and glued.group(1) in self.words

    def unknown_in(self, text: str) -> tuple[str, ...]:
        """The words of ``text`` the lexicon does not account for, once each, in order."""
        return unknown_words(self.words, fold(text))


def _collect(names: Iterable[str]) -> frozenset[str]:
    if isinstance(names, str | bytes) or not isinstance(names, Iterable):
        raise LdnTypeError("names", describe(names), "a collection of str")
    words: set[str] = set()
    for name in names:
        if not isinstance(name, str):
            raise LdnTypeError("name", describe(name), "a str")
        found = words_of(name)
        words.update(found)
        if len(found) > 1:
            words.add("".join(found))
    return frozenset(words)


def names_a_medicine(words: frozenset[str], generic: frozenset[str], folded: str) -> bool:
    """Whether a folded text holds a known word that is not generic (a medicine's word)."""
    return medicine_among(words, generic, WORD.findall(folded))


def medicine_among(words: frozenset[str], generic: frozenset[str], found: list[str]) -> bool:
    """Whether the words ``found`` in a text hold a known one that is not generic."""
    for word in found:
        if len(word) == 1:
            continue
        glued = _SUFFIXED.fullmatch(word)
        stem = word if word in words or glued is None else glued.group(1)
        if stem in words and stem not in generic:
            return True
    return False


def unknown_words(
    words: frozenset[str], folded: str, matched: frozenset[str] | set[str] = frozenset()
) -> tuple[str, ...]:
    """The words of a folded text in neither ``words`` nor ``matched`` (the words of the
    names matched in it), once each, in the order found."""
    return unknown_among(words, WORD.findall(folded), matched)


def unknown_among(
    words: frozenset[str], found: list[str], matched: frozenset[str] | set[str] = frozenset()
) -> tuple[str, ...]:
    """The words ``found`` in a text that are in neither ``words`` nor ``matched``, once
    each, in order (as :func:`unknown_words`)."""
    unknown: list[str] = []
    for word in found:
        if len(word) == 1 or word in words or word in matched or word in unknown:
            continue
        glued = _SUFFIXED.fullmatch(word)
        if glued is None or (glued.group(1) not in words and glued.group(1) not in matched):
            unknown.append(word)
    return tuple(unknown)
