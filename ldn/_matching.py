"""Text normalisation and trie-shaped patterns for screening. Private: see :mod:`ldn.opioids`.

Every spelling of the vocabulary and every medication text goes through the same
:func:`fold`, so a name matches whatever case, width, accents, dashes or invisible
characters either side carries:

* NFKC (full-width and compatibility letters become plain ones), then case
  folding;
* accents are dropped (NFKD, combining marks removed);
* soft hyphens, zero-width characters and every other format character
  (Unicode category Cf) are dropped, since they sit inside words;
* every dash and hyphen (category Pd, and the minus sign) becomes ``-``;
* Cyrillic and Greek letters that look like Latin ones become the Latin
  letter, so a name pasted with a look-alike letter is still read (a subset of
  the Unicode confusables data, UTS #39: https://www.unicode.org/reports/tr39/).

Names are then found by one regular expression whose alternatives are arranged as
a trie (:func:`trie_pattern`): its cost grows with the text, not with the number
of spellings. Each spelling is keyed by :func:`spelling_of` (folded, its words
joined by one space) and looked up by :func:`lookup_key` (letters and digits only).

>>> fold("OXY\\u00adCODONE"), fold("\\uff2d\\uff33 Contin"), fold("co\\u2011codamol")
('oxycodone', 'ms contin', 'co-codamol')
>>> fold("\\u043exycodone")  # Cyrillic small o
'oxycodone'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Final, TypeAlias

from ldn._checks import describe
from ldn.errors import LdnTypeError

__all__ = ["SEPARATOR", "fold", "lookup_key", "spelling_of", "trie_pattern"]

#: Between the words of a multi-word spelling, text may hold any run of
#: non-alphanumeric characters, or nothing ("MS Contin", "MS-Contin", "MSContin").
SEPARATOR: Final = "[^a-z0-9]*"

#: Cyrillic and Greek letters whose lower-case glyphs match Latin ones (UTS #39
#: confusables, restricted to letters that look the same in common fonts).
_CONFUSABLES: Final = {
    # Cyrillic
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
    # Greek
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


def _fold_char(char: str) -> str:
    category = unicodedata.category(char)
    if category in ("Mn", "Cf"):
        return ""
    if category == "Pd" or char == "\u2212":
        return "-"
    return _CONFUSABLES.get(char, char)


class _FoldTable(dict[int, str]):
    """What each character becomes in :func:`fold` (:func:`_fold_char`), by code point,
    for :meth:`str.translate`: each character is looked up once, then remembered."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


#: The translation table of :func:`fold`, filled as characters are met.
_FOLD_TABLE: Final = _FoldTable()
#: A run of non-ASCII characters: the only ones :func:`_fold_char` may change.
_NON_ASCII: Final = re.compile("[^\x00-\x7f]+")


def _fold_run(run: re.Match[str]) -> str:
    return run.group().translate(_FOLD_TABLE)


def fold(text: str) -> str:
    """``text`` reduced to the form names are matched in (see the module docstring)."""
    if not isinstance(text, str):
        raise LdnTypeError("text", describe(text), "a str")
    if text.isascii():
        return text.lower()
    composed = unicodedata.normalize("NFKC", text)
    if composed.isascii():  # a no-break space, full-width digits: nothing else to fold
        return composed.lower()
    decomposed = unicodedata.normalize("NFKD", composed.casefold())
    return unicodedata.normalize("NFC", _NON_ASCII.sub(_fold_run, decomposed))


def spelling_of(name: str) -> str:
    """A vocabulary spelling as the matcher keys it: folded, words joined by one space.

    Letters and digits are separate words ("DF118" and "DF 118" are one spelling).
    A spelling that ends in a digit gets a final ``#`` so "Tylenol #3" never
    matches "Tylenol 325".

    >>> spelling_of("DF118"), spelling_of("MS-Contin")
    ('df 118#', 'ms contin')
    """
    words = re.findall(r"[a-z]+|[0-9]+", fold(name))
    spelled = " ".join(words)
    return f"{spelled}#" if spelled[-1:].isdigit() else spelled


#: ASCII characters other than letters and digits, to drop from a lookup key.
_NOT_ALNUM: Final = {c: None for c in range(128) if not chr(c).isalnum()}


def lookup_key(spelling: str) -> str:
    """The lookup key of a matched text or spelling: letters and digits only."""
    if spelling.isascii():
        return spelling.translate(_NOT_ALNUM)
    return re.sub(r"[^a-z0-9]", "", spelling)


#: A trie of characters; the key "" marks the end of a spelling.
_Node: TypeAlias = "dict[str, _Node]"


def _pattern_of(node: _Node) -> str:
    """The regex for a trie node; the key "" marks the end of a spelling."""
    ends = "" in node
    branches = [
        (SEPARATOR if char == " " else re.escape(char)) + _pattern_of(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?" if len(branches) > 1 or len(branches[0]) > 1 else f"{body}?"
    return body


def trie_pattern(spellings: Iterable[str]) -> str:
    """One regex matching exactly the given spellings (folded, non-empty), shaped as a trie.

    A space inside a spelling matches :data:`SEPARATOR`. Longer spellings are tried
    before their prefixes, and the regex engine backtracks to a prefix when a longer
    one fails what follows the pattern.

    >>> trie_pattern(["codeine", "co codamol", "cocaine"])
    '(?:co(?:[^a-z0-9]*codamol|caine|deine))'
    >>> bool(re.fullmatch(trie_pattern(["ab", "abc"]), "ab"))
    True
    """
    root: _Node = {}
    for spelling in spellings:
        node = root
        for char in spelling:
            node = node.setdefault(char, {})
        node[""] = {}
    return "(?:" + _pattern_of(root) + ")"
