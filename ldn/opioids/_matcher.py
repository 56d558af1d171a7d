"""The compiled form of a vocabulary: one trie pattern, lookup tables and a memo of texts read.

Private: :class:`~ldn.opioids.Vocabulary` builds a :class:`Matcher` on first use and
reads entries through it (see :mod:`ldn.opioids` for how an entry is read).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final, TypeAlias, TypeVar

import attrs
from attrs import frozen

from ldn._checks import quoted
from ldn._matching import fold, lookup_key, spelling_of, trie_pattern
from ldn.medication import ATC, RXNORM, SNOMED_CT, Coding, Medication, MedicationInput
from ldn.monograph import Washout
from ldn.opioids._atc import ATC_IN_TEXT, atc_codes_in, atc_status
from ldn.opioids._lexicon import (
    GLUED_SUFFIXES,
    medicine_among,
    names_a_medicine,
    unknown_among,
    unknown_words,
    words_of,
)
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

#: A number and a unit glued before a name ("30mgcodeine").
_GLUED_UNITS: Final = ("mcg", "mg", "ml", "ug", "g")
#: A name starts after a non-letter. One cheap lookbehind per position: testing
#: for a glued unit there as well costs twice as much, so glued units are split off
#: beforehand, only in the rare text that has one (:data:`_GLUED`).
LEFT: Final = "(?<![a-z])"
#: A number, an optional space and a unit glued to the letters of a name.
_GLUED: Final = re.compile("([0-9] ?(?:" + "|".join(_GLUED_UNITS) + "))(?=[a-z])")
#: A digit where a glued unit (:data:`_GLUED`) or an ATC code may be read: before a
#: unit glued to a letter, or the first of two digits after a letter and at most one
#: separator (what :data:`~ldn.opioids._atc.ATC_IN_TEXT` needs to match).
_EXTRAS: Final = (
    "[0-9](?: ?(?:" + "|".join(_GLUED_UNITS) + r")[a-z]|(?<=(?<![a-z0-9])[a-z][0-9])[0-9]"
    r"|(?<=(?<![a-z0-9])[a-z][ .\-_/][0-9])[0-9])"
)
_EXTRAS_AHEAD: Final = re.compile(_EXTRAS)
#: A name ends before a non-letter, after any glued salt, release or form words.
RIGHT: Final = "(?:" + "|".join(GLUED_SUFFIXES) + ")*(?![a-z])"
#: Words around a generic term that reverse its meaning.
_NOT_BEFORE_TERM: Final = re.compile(r"non[^a-z0-9]*$")
_NOT_AFTER_TERM: Final = re.compile(r"[^a-z0-9]*(?:receptor[^a-z0-9]*)?antagonists?(?![a-z])")
_LETTER: Final = re.compile(r"[^\W\d_]")
#: "AC" or "DAC" after a word: in a US cough syrup's name, "with codeine" ("Robitussin
#: AC"; "DAC" adds a decongestant); in directions, "before meals" ("1 tab ac").
_AFTER_WORD_AC: Final = re.compile(r"(?<![a-z0-9])([a-z]+)[ \-]+(d?ac)(?![a-z0-9])")
#: Words before which "AC" is read as directions when the vocabulary has no lexicon
#: (with one, every word it knows as naming no medicine).
_DIRECTION_WORDS: Final = frozenset(
    {"tab", "tabs", "tablet", "tablets", "cap", "caps", "capsule", "capsules", "take"}
    | {"dose", "doses", "unit", "units", "mg", "ml", "mcg", "g", "daily"}
)

#: What one text scans to: its matches, notes on the ATC classes it names, whether
#: it has a letter, the words the lexicon does not account for, and whether it names
#: no medicine at all (its words all known, none a medicine's: "pain tablets").
TextScan: TypeAlias = "tuple[tuple[OpioidMatch, ...], tuple[str, ...], bool, tuple[str, ...], bool]"

#: How the kinds rank when several substances claim one spelling or code: an opioid
#: claim wins over any other, so no added entry makes an opioid read as anything else.
_RANK: Final = {
    SubstanceKind.OPIOID: 3,
    SubstanceKind.PERIPHERAL_OPIOID: 2,
    SubstanceKind.ANTAGONIST: 1,
    SubstanceKind.NEITHER: 0,
}

_K = TypeVar("_K")
_V = TypeVar("_V")


def strongest_claims(substances: tuple[Substance, ...]) -> dict[str, Substance]:
    """Every spelling to the substance claiming it, an opioid claim first (then the first)."""
    claims: dict[str, Substance] = {}
    for substance in substances:
        for spelling in substance.spellings:
            held = claims.get(spelling)
            if held is None or _RANK[substance.kind] > _RANK[held.kind]:
                claims[spelling] = substance
    return claims


@frozen
class _Target:
    substances: tuple[Substance, ...]
    product: str | None
    washout: Washout = Washout.SHORT
    #: Each substance with the longer of its own interval and the target's (built once).
    washouts: tuple[tuple[Substance, Washout], ...] = attrs.field(init=False)

    @washouts.default
    def _washouts(self) -> tuple[tuple[Substance, Washout], ...]:
        return tuple((s, longest(s.washout, self.washout)) for s in self.substances)


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
        known_words: frozenset[str] | None = None,
        known_codes: Mapping[tuple[str, str], str] | None = None,
        generic_words: frozenset[str] = frozenset(),
    ) -> None:
        #: Known words that name no medicine (units, forms, directions, ...).
        self.generic_words = generic_words
        #: The words closed-world screening accounts for (None: no such check).
        self.known_words = known_words
        plain: list[Product] = []  # products of no opioid or antagonist
        #: Codes of known medicines beyond the vocabulary's own, with their names.
        self.known_codes: Mapping[tuple[str, str], str] = (
            {} if known_codes is None else known_codes  # not read until a code is looked up
        )
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
        resolve = _Resolver(substances, by_name)
        for product in products:
            relevant = tuple(
                s for s in resolve(product.substances) if s.kind is not SubstanceKind.NEITHER
            )
            if relevant:
                add(product.name, _Target(relevant, product.name, product.washout))
            else:
                plain.append(product)
        if known_words is not None and plain:  # a product of no opioid: its words are known
            self.known_words = known_words | {
                word
                for product in plain
                for name in (product.name, *product.substances)
                for word in words_of(name)
            }
        self.term_substance = Substance("opioid (unnamed)", sources=("mesh-opioid-analgesics",))
        self.group_substance = Substance("opioid (by ATC group)")  # the default kind: opioid
        self.terms = frozenset(lookup_key(spelling_of(term)) for term in terms)
        for term in terms:
            spellings.add(spelling_of(term))
        self.targets = {key: tuple(found) for key, found in targets.items()}
        body = trie_pattern(sorted(spellings)).replace("\\#", "(?![0-9])")
        self.pattern = re.compile(LEFT + "(" + body + ")" + RIGHT)
        #: The same names, a glued unit or an ATC code ahead (an empty match), and
        #: words (runs of ASCII letters, the only group): what one pass over a folded
        #: ASCII text reads when it names nothing and holds neither (:meth:`_plain`).
        self.scanner = re.compile(f"{LEFT}(?:{body}){RIGHT}|(?={_EXTRAS})|([a-z]+)")
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
        #: Each known code: each of its substances with its opioid-free interval, the
        #: longest of the substance's own and what the code's display reads for it (a
        #: product it names, a release word), as the display would read as an entry.
        self.codes: dict[tuple[str, str], tuple[tuple[Substance, Washout], ...]] = {}
        listed: dict[tuple[str, str], tuple[list[Substance], list[str]]] = {}
        for known_code in codes:  # a code listed twice holds every substance listed
            held, said = listed.setdefault((known_code.system, known_code.code), ([], []))
            held += [s for s in resolve(known_code.substances) if s not in held]
            if known_code.display:
                said.append(known_code.display)
        for key, (held, said) in listed.items():
            read = self._released(
                tuple(m for text in said for m in self._names(text, fold(text))), tuple(said)
            )
            self.codes[key] = tuple(
                (s, longest(s.washout, *(m.washout for m in read if m.substance == s)))
                for s in held
            )
        #: Scans of texts already read (bounded; emptied when full). A memo only:
        #: the same text always scans the same, so results never depend on it.
        self.memo: dict[str, TextScan] = {}
        #: Each str entry's scan, by its text (a memo, as :attr:`memo`).
        self.text_memo: dict[str, Scan] = {}
        #: Each coded entry's scan, by its text and codings (its status reads the same).
        self.entry_memo: dict[tuple[str | None, tuple[Coding, ...]], Scan] = {}
        self.memo_size = memo_size

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
            scanned = self.text_memo.get(entry)
            if scanned is None:
                scanned = self._remember(self.text_memo, entry, self._scan_str(entry))
            return scanned
        medication = Medication.of(entry)
        key = (medication.text, medication.codings)
        known = self.entry_memo.get(key)
        if known is None:
            known = self._remember(self.entry_memo, key, self._scan_medication(medication))
        return known

    def _remember(self, memo: dict[_K, _V], key: _K, value: _V) -> _V:
        """Store ``value`` in one of the memos, emptying it first when it is full."""
        if len(memo) >= self.memo_size:
            memo.clear()
        memo[key] = value
        return value

    def _scan_str(self, entry: str) -> Scan:
        """The scan of an entry given as a str."""
        found, always, readable, unknown, nameless = self.scan_text(entry)
        if not found and readable and not (always or unknown or nameless):
            return _NOTHING  # what most entries scan to
        found = self._released(found, (entry,))
        if nameless:
            always = (*always, f"{quoted(entry, 80)} names no medicine")
        if readable:
            return _split(found, always, unknown)
        return _split(found, (*always, f"nothing readable in {quoted(entry, 80)}"), unknown)

    def _scan_medication(self, medication: Medication) -> Scan:
        matches: list[OpioidMatch] = []
        notes: list[str] = []  # reported whatever else the entry holds
        unless_read: list[str] = []  # reported only when nothing else was read
        unknown: list[str] = []  # words no known medicine or common word accounts for
        readable = False
        nameless: list[str] = []  # texts that name no medicine
        named = False
        for text in medication.texts:
            found, always, text_readable, text_unknown, text_nameless = self.scan_text(text)
            matches += found
            notes += always
            unknown += [word for word in text_unknown if word not in unknown]
            readable = readable or text_readable
            if text_nameless:
                nameless.append(text)
            elif text_readable:
                named = True
        coded = False  # a known code recognises the entry whatever its words
        for coding in medication.codings:
            coded = self._read_coding(coding, matches, notes, unless_read) or coded
        if not (readable or coded):
            notes += unless_read or [f"nothing readable in {quoted(str(medication), 80)}"]
        elif nameless and not (named or coded):
            notes.append(f"{quoted(nameless[0], 80)} names no medicine")
        return _split(
            self._released(tuple(matches), medication.texts),
            tuple(notes),
            () if coded else tuple(unknown),
        )

    def scan_text(self, text: str) -> TextScan:
        """What one text scans to (:data:`TextScan`); remembered, as a text always scans the same."""
        known = self.memo.get(text)
        if known is not None:
            return known
        folded = fold(text)
        scanned = self._plain(folded) if folded.isascii() else None
        if scanned is None:
            scanned = self._scan_folded(text, folded)
        if "ac" in folded and not scanned[0]:
            scanned = self._with_codeine(folded, scanned)
        return self._remember(self.memo, text, scanned)

    def _with_codeine(self, folded: str, scanned: TextScan) -> TextScan:
        """``scanned`` with a note when "AC" follows a word that is no direction: the
        name of a codeine syrup the vocabulary does not list reads as no opioid."""
        found, always, readable, unknown, _ = scanned
        for hit in _AFTER_WORD_AC.finditer(folded):
            word = hit.group(1)
            if word not in self.generic_words and word not in _DIRECTION_WORDS:
                note = (
                    f"{hit.group(2).upper()!r} after {quoted(word, 40)} may mean 'with "
                    "codeine' (US cough syrups such as Robitussin AC): check the product"
                )
                return found, (*always, note), readable, unknown, False
        return scanned

    def _plain(self, folded: str) -> TextScan | None:
        """The scan of a folded ASCII text that names nothing and holds no glued unit
        or ATC code, read in one pass (:attr:`scanner`); None for any other text.

        Its words are its runs of letters (no name starts inside one: a name starts
        after a non-letter), so it scans as :meth:`_scan_folded` would scan it.
        """
        words = self.scanner.findall(folded)
        if "" in words:  # a name, a glued unit or an ATC code: read in full
            return None
        known = self.known_words
        if not words or known is None:
            return _PLAIN[bool(words)]
        if known.issuperset(words):  # it names no medicine if its other words are letters
            others = set(words)
            others -= self.generic_words
            return _KNOWN[len("".join(others)) == len(others)]
        unknown = unknown_among(known, words)
        nameless = not unknown and not medicine_among(known, self.generic_words, words)
        return _NO_MATCHES, (), True, unknown, nameless

    def _scan_folded(self, text: str, folded: str) -> TextScan:
        """What one text scans to, read pass by pass (names, glued units, ATC codes, words)."""
        split = folded
        found = self._names(text, folded)
        extras = _EXTRAS_AHEAD.search(folded) is not None  # else no glued unit, no ATC code
        if extras and _GLUED.search(folded):
            split = _GLUED.sub(r"\1 ", folded)
            found += self._names(text, split)
        always: list[str] = []
        codes = atc_codes_in(folded) if extras else []
        for code in codes:
            found += self.match_atc(code, text, always, [])
        letter = _LETTER.search(folded) is not None
        unknown: tuple[str, ...] = ()
        nameless = False
        if self.known_words is not None:
            words = ATC_IN_TEXT.sub(" ", split) if codes else split
            matched = {word for match in found for word in words_of(match.matched)}
            unknown = unknown_words(self.known_words, words, matched)
            nameless = (
                letter
                and not (found or codes or unknown)
                and not names_a_medicine(self.known_words, self.generic_words, words)
            )
        return (tuple(found), tuple(always), letter, unknown, nameless)

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
                    OpioidMatch(s, hit.group(1), text, target.product, washout)
                    for s, washout in target.washouts
                ]
        return found

    def match_atc(
        self, code: str, via: str, always: list[str], unless_read: list[str]
    ) -> list[OpioidMatch]:
        """Matches for one ATC code; what it cannot decide goes to ``always`` or ``unless_read``."""
        claimed = [
            OpioidMatch(substance, code, via, washout=substance.washout)
            for substance in self.atc.get(code, ())
            if substance.kind is not SubstanceKind.NEITHER
        ]
        if claimed:
            return claimed
        # A class no listed opioid claims is read by the hierarchy, whatever else claims
        # it: an opioid group stays an opioid, a class that may hold one stays noted.
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
        if known is None and (coding.system, coding.code) in self.known_codes:
            # a code of the lexicon: known, and its name is read as any text is
            found += self.scan_text(self.known_codes[(coding.system, coding.code)])[0]
            return True
        if known is None:
            system = {RXNORM: "RxNorm", SNOMED_CT: "SNOMED CT"}.get(coding.system, coding.system)
            unless_read.append(f"{system} code {coding.code!r} is not in the vocabulary")
            return False
        found += [
            OpioidMatch(s, coding.code, coding.token, washout=washout)
            for s, washout in known
            if s.kind is not SubstanceKind.NEITHER
        ]
        return True


#: No matches (one tuple serves every text that names nothing).
_NO_MATCHES: Final[tuple[OpioidMatch, ...]] = ()

#: The scan of a text with no name, code or unknown word: without (False) and with
#: (True) a letter, for a vocabulary without a lexicon (and for a text of no letter).
_PLAIN: Final[tuple[TextScan, TextScan]] = (
    (_NO_MATCHES, (), False, (), False),
    (_NO_MATCHES, (), True, (), False),
)
#: The scan of a text whose every word the lexicon knows: naming a medicine (False)
#: or not (True: its words are all generic, or single letters).
_KNOWN: Final[tuple[TextScan, TextScan]] = (
    (_NO_MATCHES, (), True, (), False),
    (_NO_MATCHES, (), True, (), True),
)

#: What most entries scan to: nothing found, nothing unread (a value, so one serves all).
_NOTHING: Final = Scan()


def _split(
    found: tuple[OpioidMatch, ...], unread: tuple[str, ...], unknown: tuple[str, ...] = ()
) -> Scan:
    """Matches once per substance (first found first), opioids apart from antagonists."""
    if not found:
        return Scan((), (), unread, unknown) if unread or unknown else _NOTHING
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
        unknown,
    )


class _Resolver:
    """The substances a product's or code's substance names denote.

    A name the vocabulary lists stands for the substance claiming it (an opioid
    claim first); any other name ("tramadol hydrochloride") for every substance
    whose spelling it holds as a word, so a local entry naming an opioid in other
    words is still an opioid.
    """

    def __init__(self, substances: tuple[Substance, ...], by_name: Mapping[str, Substance]):
        self.by_name = by_name
        claims = strongest_claims(substances)
        self.by_key = {lookup_key(spelling_of(name)): s for name, s in claims.items()}
        body = trie_pattern(sorted({spelling_of(name) for name in claims}))
        self.pattern = re.compile(LEFT + "(" + body.replace("\\#", "(?![0-9])") + ")" + RIGHT)

    def __call__(self, names: tuple[str, ...]) -> tuple[Substance, ...]:
        found: list[Substance] = []
        for name in names:
            named = self.by_name.get(name)
            hits = (
                [named]
                if named is not None
                else [
                    self.by_key[lookup_key(h.group(1))] for h in self.pattern.finditer(fold(name))
                ]
            )
            found += [s for s in hits if s not in found]
        return tuple(found)
