"""The fast paths of screening read every text as the full reading does.

:func:`~ldn._matching.fold` folds non-ASCII text through a translation table; it
must give what folding character by character gives. A plain ASCII text is read in
one pass (:meth:`Matcher._plain`); whenever that pass answers, its answer must be
what the pass-by-pass reading (:meth:`Matcher._scan_folded`) gives.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ldn._matching import _fold_char, fold
from ldn.medication import Medication
from ldn.opioids import Source, Substance, SubstanceKind, Vocabulary, default_vocabulary
from ldn.opioids._matcher import Matcher


def fold_by_character(text: str) -> str:
    """The folding of every earlier release: one Python call per character."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return unicodedata.normalize("NFC", "".join(map(_fold_char, decomposed)))


#: Characters folding changes or keeps: accents, marks, dashes, format characters,
#: look-alike letters, full-width and compatibility forms, spaces, other scripts.
_TRICKY = (
    "aeiouAEIOU -/.\u00e9\u00e0\u00f6\u00fc\u00df\u0130\u0301\u0308\u00ad\u200b\u200d"
    "\ufeff\u2010\u2011\u2013\u2014\u2212\u00a0\u2009\uff10\uff19\uff21\uff4d\u2122"
    "\u043e\u0430\u0435\u03bf\u03b1\u0434\ufb01\u1e9e\u0345\u03a3\u00c5\u212b\uac00\u1100"
)


@given(st.text())
@example("Paracétamol 500\u00a0mg")
@example("\uff2d\uff33 Contin \uff11\uff10 mg")
@example("co\u2011codamol")
@example("\u043exycodone")
def test_fold_is_folding_character_by_character(text: str) -> None:
    assert fold(text) == fold_by_character(text)


@given(st.text(alphabet=_TRICKY, max_size=30))
def test_fold_is_folding_character_by_character_on_characters_it_changes(text: str) -> None:
    assert fold(text) == fold_by_character(text)


def test_fold_remembers_each_character_it_met() -> None:
    from ldn._matching import _FOLD_TABLE

    text = "\u0441odeine\u00ad"
    assert fold(text) == "codeine"
    assert _FOLD_TABLE[ord("\u0441")] == "c"
    assert _FOLD_TABLE[ord("\u00ad")] == ""


# -- one pass over a plain text ------------------------------------------------------

#: Pieces of medication-list text: names (opioid and not), words the lexicon knows
#: and does not, units, numbers, ATC codes, single letters, separators.
_PIECES = (
    "codeine", "oxycodone", "morphine", "apomorphine", "tramadol", "ms", "contin",
    "oxycontin", "naltrexone", "paracetamol", "metformin", "tablets", "tab", "hcl", "er",
    "opioid", "opioids", "non", "antagonist", "receptor", "pain", "mg", "mcg", "ml", "g",
    "ug", "iu", "zaldiar", "qwzx", "a", "b", "n", "x", "1", "2", "10", "30", "500", "12",
    "n02aa01", "n02", "aa", "01", "r05da09", "n02be51", "df", "118", "tylenol", "#3",
    " ", " ", " ", "-", "/", ".", "_", ",", "(", ")", "",
)  # fmt: skip


@st.composite
def plain_texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.sampled_from(_PIECES), max_size=8))
    glue = draw(st.lists(st.sampled_from(["", " ", " ", "-", "/", ". "]), min_size=len(pieces)))
    return "".join(piece + sep for piece, sep in zip(pieces, glue, strict=False))


def small_vocabulary() -> Vocabulary:
    """A vocabulary without a lexicon: no word-by-word check."""
    return Vocabulary(
        "small",
        substances=[
            Substance("morphine", atc_codes=("N02AA01",)),
            Substance("naltrexone", SubstanceKind.ANTAGONIST),
        ],
        sources=[Source("s", "S", "test")],
        terms=["opioid"],
    )


@pytest.fixture(scope="module")
def matchers() -> tuple[Matcher, Matcher]:
    return default_vocabulary()._compiled(), small_vocabulary()._compiled()


@settings(max_examples=400)
@given(plain_texts() | st.text(alphabet="abcgmnlu0123 -./_", max_size=24))
@example("paracetamol 500 mg tablets")
@example("pain tablets")
@example("b 12")
@example("123")
@example("a b")
@example("qwzx 10 mg")
@example("30mgcodeine")
@example("n02aa01")
@example("n 02aa")
@example("e 10 mg")
def test_one_pass_reads_a_plain_text_as_the_full_reading(
    matchers: tuple[Matcher, Matcher], text: str
) -> None:
    folded = fold(text)
    for matcher in matchers:
        plain = matcher._plain(folded)
        assert plain is None or plain == matcher._scan_folded(text, folded), (text, plain)


def test_one_pass_answers_for_most_plain_texts(matchers: tuple[Matcher, Matcher]) -> None:
    shipped, small = matchers
    assert shipped._plain("paracetamol 500 mg tablets") == ((), (), True, (), False)
    assert shipped._plain("pain tablets") == ((), (), True, (), True)
    assert shipped._plain("qwzx 10 mg") == ((), (), True, ("qwzx",), False)
    assert shipped._plain("123") == small._plain("123") == ((), (), False, (), False)
    assert small._plain("aspirin") == ((), (), True, (), False)
    for read_in_full in ("codeine 30 mg", "30mgcodeine", "n02aa01", "b 12", "x12"):
        assert shipped._plain(read_in_full) is None, read_in_full


@given(plain_texts())
def test_a_str_entry_scans_as_its_medication(text: str) -> None:
    vocabulary = default_vocabulary()
    assert vocabulary.scan(text) == vocabulary.scan(Medication(text))


def test_the_memo_of_str_entries_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import ldn.opioids

    monkeypatch.setattr(ldn.opioids, "_MEMO_SIZE", 2)
    fresh = small_vocabulary()
    texts = ["morphine 1", "aspirin", "morphine 2", "morphine 1", "aspirin"]
    first = [fresh.scan(t) for t in texts]
    assert len(fresh._compiled().text_memo) <= 2
    assert [fresh.scan(t) for t in texts] == first
    assert [bool(s.opioids) for s in first] == [True, False, True, True, False]
