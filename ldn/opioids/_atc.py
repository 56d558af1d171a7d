"""The WHO ATC hierarchy as screening reads it: opioid groups, known non-opioids, codes in text.

Private: the public names are re-exported by :mod:`ldn.opioids`.
"""

from __future__ import annotations

import re
from typing import Final

from ldn._checks import describe
from ldn.errors import LdnTypeError

__all__ = [
    "ATC_IN_TEXT",
    "ATC_SHAPE",
    "NON_OPIOID_CODES",
    "atc_codes_in",
    "atc_status",
]

#: An ATC code of any level (upper case, no separators): A, A07, A07D, A07DA, A07DA03.
ATC_SHAPE: Final = re.compile(r"[A-Z](?:[0-9]{2}(?:[A-Z](?:[A-Z](?:[0-9]{2})?)?)?)?")

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
    if not ATC_SHAPE.fullmatch(code):
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
ATC_IN_TEXT: Final = re.compile(
    rf"([a-z])(?<![a-z0-9][a-z]){_SEP}([0-9]{{2}}){_SEP}([a-z])(?:{_SEP}([a-z])(?:{_SEP}([0-9]{{2}}))?)?(?![a-z0-9])"
)


def atc_codes_in(folded: str) -> list[str]:
    """The ATC codes written in a folded text, upper case and without separators, in order.

    >>> atc_codes_in("n02-aa-01, r05 da09; n02")
    ['N02AA01', 'R05DA09']
    """
    return [
        "".join(part for part in hit.groups() if part).upper()
        for hit in ATC_IN_TEXT.finditer(folded)
    ]
