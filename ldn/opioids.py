"""The opioid vocabulary that screening matches medications against (LDN-OPIOID).

Substances and WHO ATC codes follow the groups listed in the project's clinical
notes (WHO ATC index, WHOCC). Verify the codes against the current WHOCC index
before a release.

Matching, by :func:`find_opioids`:

* Names are found inside free text, case-insensitively, as whole words, so salts,
  strengths, slashes and ``+`` do not matter ("Codeine phosphate 30 mg",
  "paracetamol/codeine") while look-alikes inside longer words do not match
  ("apomorphine" is not morphine).
* ATC codes are read as whole seven-character substance codes. A code in an
  all-opioid group (N02A, N01AH) always matches. In the mixed groups (R05DA,
  N07BC, A07DA) a code matches unless it is a known non-opioid (dextromethorphan
  R05DA09, noscapine R05DA07, dimemorfan R05DA11, lofexidine N07BC04): the
  bare group prefix is never enough to clear a code.
* Opioid antagonists (naltrexone, naloxone, methylnaltrexone, naloxegol,
  alvimopan, nalmefene) are never opioid use.
* Loperamide acts on the gut and barely enters the brain; whether it blocks
  starting is the policy's ``loperamide_blocks`` setting, so it is reported as
  ``peripheral``.

>>> [m.substance.name for m in find_opioids("Paracetamol/codeine 500/30 mg")]
['codeine']
>>> find_opioids("dextromethorphan 15 mg"), find_opioids("R05DA09")
((), ())
>>> find_opioids("N02AX02")[0].substance.name
'tramadol'
"""

from __future__ import annotations

import functools
import re
from typing import Final

from attrs import frozen

__all__ = [
    "NON_OPIOID_CODES",
    "OPIOIDS",
    "OpioidMatch",
    "Substance",
    "find_opioids",
]


@frozen
class Substance:
    """An opioid: its name, the ATC codes that denote it, and other names for it."""

    name: str
    atc_codes: tuple[str, ...]
    group: str
    synonyms: tuple[str, ...] = ()
    peripheral: bool = False


_N02AA = "N02AA natural opium alkaloids"
_N02AB = "N02AB phenylpiperidine derivatives"
_N02AC = "N02AC diphenylpropylamine derivatives"
_N02AD = "N02AD benzomorphan derivatives"
_N02AE = "N02AE oripavine derivatives"
_N02AF = "N02AF morphinan derivatives"
_N02AX = "N02AX other opioids"
_N07BC = "N07BC drugs used in opioid dependence"
_R05DA = "R05DA opium alkaloids and derivatives (cough)"
_N01AH = "N01AH opioid anaesthetics"
_A07DA = "A07DA antipropulsives"

#: Every opioid screening knows, by name. Combination codes (N02AG, N02AJ, ...)
#: are listed under the opioid they contain.
OPIOIDS: Final[tuple[Substance, ...]] = (
    Substance("morphine", ("N02AA01", "N02AA51", "N02AG01", "A07DA52"), _N02AA),
    Substance(
        "opium", ("N02AA02", "A07DA02", "R05DA05"), _N02AA, synonyms=("laudanum", "paregoric")
    ),
    Substance("hydromorphone", ("N02AA03", "N02AG04"), _N02AA),
    Substance("nicomorphine", ("N02AA04",), _N02AA),
    Substance(
        "oxycodone", ("N02AA05", "N02AA55", "N02AA56", "N02AJ17", "N02AJ18", "N02AJ19"), _N02AA
    ),
    Substance(
        "dihydrocodeine",
        ("N02AA08", "N02AA58", "N02AJ01", "N02AJ02", "N02AJ03"),
        _N02AA,
        synonyms=("co-dydramol", "codydramol"),
    ),
    Substance("papaveretum", ("N02AA10",), _N02AA),
    Substance("oxymorphone", ("N02AA11",), _N02AA),
    Substance(
        "codeine",
        ("N02AA59", "N02AA79", "N02AJ06", "N02AJ07", "N02AJ08", "N02AJ09", "R05DA04"),
        _N02AA,
        synonyms=("co-codamol", "cocodamol", "co-codaprin"),
    ),
    Substance("ketobemidone", ("N02AB01", "N02AG02"), _N02AB),
    Substance("pethidine", ("N02AB02", "N02AB52", "N02AG03"), _N02AB, synonyms=("meperidine",)),
    Substance("fentanyl", ("N02AB03", "N01AH01"), _N02AB),
    Substance("dextromoramide", ("N02AC01",), _N02AC),
    Substance("piritramide", ("N02AC03",), _N02AC),
    Substance(
        "dextropropoxyphene",
        ("N02AC04", "N02AC54"),
        _N02AC,
        synonyms=("propoxyphene", "co-proxamol", "coproxamol"),
    ),
    Substance("bezitramide", ("N02AC05",), _N02AC),
    Substance("methadone", ("N02AC52", "N07BC02"), _N02AC),
    Substance("pentazocine", ("N02AD01",), _N02AD),
    Substance("phenazocine", ("N02AD02",), _N02AD),
    Substance("buprenorphine", ("N02AE01", "N07BC01", "N07BC51"), _N02AE),
    Substance("butorphanol", ("N02AF01",), _N02AF),
    Substance("nalbuphine", ("N02AF02",), _N02AF),
    Substance("levorphanol", (), _N02AF),
    Substance("tilidine", ("N02AX01",), _N02AX, synonyms=("tilidate",)),
    Substance("tramadol", ("N02AX02", "N02AX52", "N02AJ13", "N02AJ14", "N02AJ15"), _N02AX),
    Substance("dezocine", ("N02AX03",), _N02AX),
    Substance("meptazinol", ("N02AX05",), _N02AX),
    Substance("tapentadol", ("N02AX06",), _N02AX),
    Substance("levacetylmethadol", ("N07BC03",), _N07BC, synonyms=("levomethadyl",)),
    Substance("levomethadone", ("N07BC05",), _N07BC),
    Substance("diamorphine", ("N07BC06",), _N07BC, synonyms=("heroin",)),
    Substance("ethylmorphine", ("R05DA01",), _R05DA),
    Substance("hydrocodone", ("R05DA03",), _R05DA),
    Substance("normethadone", ("R05DA06",), _R05DA),
    Substance("pholcodine", ("R05DA08",), _R05DA),
    Substance("thebacon", ("R05DA10",), _R05DA),
    Substance("acetyldihydrocodeine", ("R05DA12",), _R05DA),
    Substance("alfentanil", ("N01AH02",), _N01AH),
    Substance("sufentanil", ("N01AH03",), _N01AH),
    Substance("phenoperidine", ("N01AH04",), _N01AH),
    Substance("anileridine", ("N01AH05",), _N01AH),
    Substance("remifentanil", ("N01AH06",), _N01AH),
    Substance("diphenoxylate", ("A07DA01",), _A07DA),
    Substance("difenoxin", ("A07DA04",), _A07DA),
    Substance("loperamide", ("A07DA03", "A07DA05", "A07DA53"), _A07DA, peripheral=True),
)

#: Substance codes inside opioid-bearing ATC groups that are not opioids.
NON_OPIOID_CODES: Final = frozenset({"R05DA07", "R05DA09", "R05DA11", "N07BC04"})
#: ATC groups whose every substance is an opioid.
_OPIOID_GROUPS: Final = ("N02A", "N01AH")
#: ATC groups holding opioids beside non-opioids: a code is cleared only if known.
_MIXED_GROUPS: Final = ("R05DA", "N07BC", "A07DA")


@frozen
class OpioidMatch:
    """An opioid found in a medication string: the substance and the text that matched."""

    substance: Substance
    matched: str


_BY_NAME: Final = {
    spelling: substance
    for substance in OPIOIDS
    for spelling in (substance.name, *substance.synonyms)
}
_BY_CODE: Final = {code: substance for substance in OPIOIDS for code in substance.atc_codes}
_CODE_PATTERN: Final = re.compile(r"(?<![A-Z0-9])([A-Z][0-9]{2}[A-Z]{2}[0-9]{2})(?![A-Z0-9])")


@functools.cache
def _name_pattern() -> re.Pattern[str]:
    """One alternation of every spelling, longest first; compiled on first use, not at import."""
    spellings = sorted(_BY_NAME, key=len, reverse=True)
    return re.compile(r"(?<![a-z])(" + "|".join(map(re.escape, spellings)) + r")(?![a-z])")


_UNNAMED_GROUP_MEMBER: Final = Substance("opioid (by ATC group)", (), "ATC opioid group")


def _substance_of_code(code: str) -> Substance | None:
    if code in _BY_CODE:
        return _BY_CODE[code]
    if code in NON_OPIOID_CODES:
        return None
    if code.startswith(_OPIOID_GROUPS + _MIXED_GROUPS):
        return _UNNAMED_GROUP_MEMBER
    return None


def find_opioids(medication: str) -> tuple[OpioidMatch, ...]:
    """Every opioid named or coded in one medication string, once each, in order of appearance."""
    matches = [
        (found.start(), OpioidMatch(_BY_NAME[found.group(1)], found.group(1)))
        for found in _name_pattern().finditer(medication.lower())
    ]
    for found in _CODE_PATTERN.finditer(medication.upper()):
        substance = _substance_of_code(found.group(1))
        if substance is not None:
            matches.append((found.start(), OpioidMatch(substance, found.group(1))))
    unique: dict[str, OpioidMatch] = {}
    for _, match in sorted(matches, key=lambda pair: pair[0]):
        unique.setdefault(match.substance.name, match)
    return tuple(unique.values())
