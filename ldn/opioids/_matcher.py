"""The compiled form of a vocabulary: one trie pattern, lookup tables and a memo of texts read.

Private: :class:`~ldn.opioids.Vocabulary` builds a :class:`Matcher` on first use and
reads entries through it (see :mod:`ldn.opioids` for how an entry is read).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final, TypeAlias

import attrs
from attrs import frozen

from ldn._checks import quoted
from ldn._matching import fold, lookup_key, spelling_of, trie_pattern
from ldn.medication import ATC, RXNORM, SNOMED_CT, Coding, Medication, MedicationInput
from ldn.monograph import Washout
from ldn.opioids._atc import atc_codes_in, atc_status
from ldn.opioids._values import (
    KnownCode,
    OpioidMatch,
    Product,
    ReleaseWord,
    Scan,
    Substance,
    SubstanceKind,
    longest,
)

__all__ = ["LEFT", "RIGHT", "Matcher", "TextScan"]

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
LEFT: Final = "(?<![a-z])"
#: A number, an optional space and a unit glued to the letters of a name.
_GLUED: Final = re.compile("([0-9] ?(?:" + "|".join(_GLUED_UNITS) + "))(?=[a-z])")
#: A name ends before a non-letter, after any glued salt, release or form words.
RIGHT: Final = "(?:" + "|".join(_GLUED_SUFFIXES) + ")*(?![a-z])"
#: Words around a generic term that reverse its meaning.
_NOT_BEFORE_TERM: Final = re.compile(r"non[^a-z0-9]*$")
_NOT_AFTER_TERM: Final = re.compile(r"[^a-z0-9]*(?:receptor[^a-z0-9]*)?antagonists?(?![a-z])")
_LETTER: Final = re.compile(r"[^\W\d_]")

#: What one text scans to: its matches, notes on the ATC classes it names, and
#: whether it has a letter.
TextScan: TypeAlias = "tuple[tuple[OpioidMatch, ...], tuple[str, ...], bool]"


@frozen
class _Target:
    substances: tuple[Substance, ...]
    product: str | None
    washout: Washout = Washout.SHORT


class Matcher:
    """The compiled form of a vocabulary: one trie pattern and lookup tables.

    Built from the vocabulary's parts (``by_name`` maps every name and synonym to its
    substance); it remembers the scans of up to ``memo_size`` distinct texts.
    """

    def __init__(
        self,
        *,
        substances: tuple[Substance, ...],
        products: tuple[Product, ...],
        codes: tuple[KnownCode, ...],
        terms: tuple[str, ...],
        by_name: Mapping[str, Substance],
        memo_size: int,
        release_words: tuple[ReleaseWord, ...] = (),
    ) -> None:
        targets: dict[str, list[_Target]] = {}
        spellings: set[str] = set()

        def add(name: str, target: _Target) -> None:
            spelling = spelling_of(name)
            spellings.add(spelling)
            targets.setdefault(lookup_key(spelling), []).append(target)

        for substance in substances:
            if substance.kind is not SubstanceKind.NEITHER:
                for name in substance.spellings:
                    add(name, _Target((substance,), None))
        for product in products:
            known = tuple(by_name[s] for s in product.substances if s in by_name)
            relevant = tuple(s for s in known if s.kind is not SubstanceKind.NEITHER)
            if relevant:
                add(product.name, _Target(relevant, product.name, product.washout))
        self.terms = frozenset(lookup_key(spelling_of(term)) for term in terms)
        for term in terms:
            spellings.add(spelling_of(term))
        self.targets = {key: tuple(found) for key, found in targets.items()}
        body = trie_pattern(sorted(spellings)).replace("\\#", "(?![0-9])")
        self.pattern = re.compile(LEFT + "(" + body + ")" + RIGHT)
        #: An ATC code to every substance whose row carries it (a combination code
        #: stands on each ingredient's row; every non-neither one is reported).
        self.atc: dict[str, tuple[Substance, ...]] = {}
        for substance in substances:
            for code in substance.atc_codes:
                self.atc[code] = (*self.atc.get(code, ()), substance)
        self.words: dict[str, list[ReleaseWord]] = {}
        for each in release_words:
            self.words.setdefault(lookup_key(spelling_of(each.word)), []).append(each)
        words = trie_pattern(sorted({spelling_of(w.word) for w in release_words}))
        self.word_pattern = re.compile(
            "(?<![a-z0-9])(" + words.replace("\\#", "(?![0-9])") + ")(?![a-z0-9])"
        )
        #: Each known code: its substances, and the washout its display's words give.
        self.codes: dict[tuple[str, str], tuple[tuple[Substance, ...], Washout]] = {}
        for known_code in codes:
            found = tuple(by_name[s] for s in known_code.substances if s in by_name)
            said = (known_code.display,) if known_code.display else ()
            washout = longest(*(w.washout for w in self._words(said) if w.substance is None))
            self.codes[(known_code.system, known_code.code)] = (found, washout)
        #: Scans of texts already read (bounded; emptied when full). A memo only:
        #: the same text always scans the same, so results never depend on it.
        self.memo: dict[str, TextScan] = {}
        #: Each coded entry's scan, by its text and codings (its status reads the same).
        self.entry_memo: dict[tuple[str | None, tuple[Coding, ...]], Scan] = {}
        self.memo_size = memo_size
        self.term_substance = Substance("opioid (unnamed)", sources=("mesh-opioid-analgesics",))
        self.group_substance = Substance("opioid (by ATC group)")  # the default kind: opioid

    def _words(self, texts: tuple[str, ...]) -> list[ReleaseWord]:
        """The release words found in ``texts``."""
        if not self.words:
            return []
        return [
            word
            for text in texts
            for hit in self.word_pattern.finditer(fold(text))
            for word in self.words[lookup_key(hit.group(1))]
        ]

    def _released(
        self, found: tuple[OpioidMatch, ...], texts: tuple[str, ...]
    ) -> tuple[OpioidMatch, ...]:
        """The matches with the washout the entry's release words add (LDN-OPIOID-FREE)."""
        words = self._words(texts) if found else []
        if not words:
            return found
        released = []
        for match in found:
            name = match.substance.name
            washout = longest(
                match.washout, *(w.washout for w in words if w.substance in (None, name))
            )
            released.append(attrs.evolve(match, washout=washout))
        return tuple(released)

    def scan(self, entry: MedicationInput) -> Scan:
        """What :meth:`~ldn.opioids.Vocabulary.scan` reports for one entry."""
        if isinstance(entry, str):
            found, always, readable = self.scan_text(entry)
            found = self._released(found, (entry,))
            if readable:
                return _split(found, always)
            return _split(found, (*always, f"nothing readable in {quoted(entry, 80)}"))
        medication = Medication.of(entry)
        key = (medication.text, medication.codings)
        known = self.entry_memo.get(key)
        if known is None:
            if len(self.entry_memo) >= self.memo_size:
                self.entry_memo.clear()
            known = self.entry_memo[key] = self._scan_medication(medication)
        return known

    def _scan_medication(self, medication: Medication) -> Scan:
        matches: list[OpioidMatch] = []
        notes: list[str] = []  # reported whatever else the entry holds
        unless_read: list[str] = []  # reported only when nothing else was read
        readable = False
        for text in medication.texts:
            found, always, text_readable = self.scan_text(text)
            matches += found
            notes += always
            readable = readable or text_readable
        for coding in medication.codings:
            readable = self._read_coding(coding, matches, notes, unless_read) or readable
        if not readable:
            notes += unless_read or [f"nothing readable in {quoted(str(medication), 80)}"]
        return _split(self._released(tuple(matches), medication.texts), tuple(notes))

    def scan_text(self, text: str) -> TextScan:
        """Matches in one text, notes on ATC classes it names, and whether it has a letter."""
        known = self.memo.get(text)
        if known is not None:
            return known
        folded = fold(text)
        found = self._names(text, folded)
        if _GLUED.search(folded):
            found += self._names(text, _GLUED.sub(r"\1 ", folded))
        always: list[str] = []
        for code in atc_codes_in(folded):
            found += self.match_atc(code, text, always, [])
        scanned = (tuple(found), tuple(always), _LETTER.search(folded) is not None)
        if len(self.memo) >= self.memo_size:
            self.memo.clear()
        self.memo[text] = scanned
        return scanned

    def _names(self, text: str, folded: str) -> list[OpioidMatch]:
        found: list[OpioidMatch] = []
        for hit in self.pattern.finditer(folded):
            key = lookup_key(hit.group(1))
            if key in self.terms:
                negated = _NOT_BEFORE_TERM.search(folded, 0, hit.start())
                if negated or _NOT_AFTER_TERM.match(folded, hit.end(1)):
                    continue
                found.append(OpioidMatch(self.term_substance, hit.group(1), text))
            for target in self.targets.get(key, ()):
                found += [
                    OpioidMatch(
                        s, hit.group(1), text, target.product, longest(s.washout, target.washout)
                    )
                    for s in target.substances
                ]
        return found

    def match_atc(
        self, code: str, via: str, always: list[str], unless_read: list[str]
    ) -> list[OpioidMatch]:
        """Matches for one ATC code; what it cannot decide goes to ``always`` or ``unless_read``."""
        if code in self.atc:
            return [
                OpioidMatch(substance, code, via, washout=substance.washout)
                for substance in self.atc[code]
                if substance.kind is not SubstanceKind.NEITHER
            ]
        status = atc_status(code)
        if status == "opioid":
            return [OpioidMatch(self.group_substance, code, via)]
        if status == "possible":
            always.append(f"ATC {code} is a combination class that may contain an opioid")
        elif status == "broad":
            unless_read.append(f"ATC {code} is a class above the opioid groups, not a drug")
        elif status == "invalid":
            unless_read.append(f"{code!r} is not an ATC code")
        return []

    def _read_coding(
        self,
        coding: Coding,
        found: list[OpioidMatch],
        always: list[str],
        unless_read: list[str],
    ) -> bool:
        """Add what one coding says; True when its code decided something."""
        if coding.system == ATC:
            before = len(unless_read)  # a class that may hide an opioid is read (and noted)
            found += self.match_atc(coding.code, coding.token, always, unless_read)
            return len(unless_read) == before
        known = self.codes.get((coding.system, coding.code))
        if known is None:
            system = {RXNORM: "RxNorm", SNOMED_CT: "SNOMED CT"}.get(coding.system, coding.system)
            unless_read.append(f"{system} code {coding.code!r} is not in the vocabulary")
            return False
        substances, washout = known
        found += [
            OpioidMatch(s, coding.code, coding.token, washout=longest(s.washout, washout))
            for s in substances
            if s.kind is not SubstanceKind.NEITHER
        ]
        return True


#: What most entries scan to: nothing found, nothing unread (a value, so one serves all).
_NOTHING: Final = Scan()


def _split(found: tuple[OpioidMatch, ...], unread: tuple[str, ...]) -> Scan:
    """Matches once per substance (first found first), opioids apart from antagonists."""
    if not found:
        return Scan((), (), unread) if unread else _NOTHING
    unique: dict[tuple[str, str], OpioidMatch] = {}
    for match in found:
        key = (match.substance.name, match.substance.kind)
        kept = unique.setdefault(key, match)
        if match.washout.rank > kept.washout.rank:  # the longest interval found stands
            unique[key] = attrs.evolve(kept, washout=match.washout)
    matches = unique.values()
    return Scan(
        tuple(m for m in matches if m.substance.kind is not SubstanceKind.ANTAGONIST),
        tuple(m for m in matches if m.substance.kind is SubstanceKind.ANTAGONIST),
        unread,
    )
