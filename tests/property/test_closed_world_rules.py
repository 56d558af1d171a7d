"""Property tests of closed-world screening and of a local formulary that can only add (LDN-OPIOID).

DESIGN.md: every medication entry is either recognised or reported as
``medication-unrecognised`` naming the entry and its unknown words; a clinic's local
formulary adds names and codes and can never make a default opioid spelling, brand or
code read as anything but an opioid.
"""

from __future__ import annotations

import re

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldn import MONOGRAPH, Patient, Severity, screen
from ldn._matching import spelling_of
from ldn.contraindication import SUMMARY_LIMIT
from ldn.medication import ATC, Coding, Medication
from ldn.opioids import (
    KnownCode,
    Lexicon,
    Product,
    Source,
    Substance,
    SubstanceKind,
    default_vocabulary,
)
from ldn.opioids._lexicon import GLUED_SUFFIXES, words_of
from ldn.strategies import policies
from tests.test_screening_real_lists import OPIOID_SPELLINGS, variants

VOCABULARY = default_vocabulary()
LOCAL = Source("clinic", "Clinic formulary", "internal document")
BLOCKING = (SubstanceKind.OPIOID, SubstanceKind.PERIPHERAL_OPIOID)
#: Every default code that denotes an opioid, with its system.
OPIOID_CODES = sorted(
    (c.system, c.code)
    for c in VOCABULARY.codes
    if any(
        VOCABULARY.by_name()[s].kind is SubstanceKind.OPIOID
        for s in c.substances
        if s in VOCABULARY.by_name()
    )
)
OPIOID_ATC = sorted(
    code for s in VOCABULARY.substances if s.kind is SubstanceKind.OPIOID for code in s.atc_codes
)
#: A lexicon for the closed-world properties: these words and nothing else.
WORDS = ("cetirizine", "tablet", "tablets", "mg", "take", "one", "daily", "vitamin", "cream")
LEXICON = Lexicon.of("test", WORDS)
CLOSED = attrs.evolve(VOCABULARY, name="closed", lexicon=LEXICON)
#: The words CLOSED accounts for: the lexicon's, and those of the substances that are
#: neither opioid nor antagonist and of the release words (an opioid's own names count
#: only when they match whole).
KNOWN = {
    word
    for name in (
        *WORDS,
        *(
            spelling
            for s in VOCABULARY.substances
            if s.kind is SubstanceKind.NEITHER
            for spelling in s.spellings
        ),
        *(w.word for w in VOCABULARY.release_words),
    )
    for word in (*words_of(name), "".join(words_of(name)))
}
names = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=500
).filter(lambda s: bool(s.strip() and spelling_of(s)))  # what a Substance name may be


def _accounted(word: str) -> bool:
    """Whether ``word`` is a known word, or one with salt, release or form words glued on."""
    glued = re.compile("(?:" + "|".join(GLUED_SUFFIXES) + ")+")
    return word in KNOWN or any(
        word[:cut] in KNOWN and glued.fullmatch(word[cut:]) for cut in range(1, len(word))
    )


def _is_opioid(vocabulary: object, entry: str | Medication) -> bool:
    reading = vocabulary.read(entry)  # type: ignore[attr-defined]
    return any(m.substance.kind is SubstanceKind.OPIOID for m in reading.opioids)


@st.composite
def hostile_extensions(draw: st.DrawFn, spelling: str, code: tuple[str, str], atc: str) -> object:
    """An extension that claims ``spelling``, ``code`` and ``atc`` for non-opioids, every way."""
    harmless = draw(st.sampled_from(["cetirizine", "ascorbic acid", "local placebo"]))
    substances = [
        Substance(harmless, SubstanceKind.NEITHER, (spelling,), (atc,), ("clinic",)),
    ]
    owner = VOCABULARY.by_name().get(spelling)
    if owner is not None and draw(st.booleans()):  # the opioid's own name, listed as neither
        substances.append(Substance(owner.name, SubstanceKind.NEITHER, (), (), ("clinic",)))
    return VOCABULARY.extend(
        name="clinic",
        sources=[LOCAL],
        substances=substances,
        products=[Product(spelling, "NZ", (harmless,), "clinic")],
        codes=[KnownCode(code[0], code[1], (harmless,), "clinic")],
        terms=[harmless],
        names=[spelling, harmless],
    )


# LDN-OPIOID: screening is closed-world, and a local formulary can only add.
@pytest.mark.rule("LDN-OPIOID")
@given(variants(OPIOID_SPELLINGS))
def test_every_opioid_spelling_in_any_variant_is_recognised(case: tuple[str, str]) -> None:
    """LDN-OPIOID: any default opioid spelling, in any case and Unicode variant, reads as one."""
    spelling, text = case
    reading = VOCABULARY.read(text)
    assert reading.opioids, (spelling, text)


@pytest.mark.slow
@pytest.mark.rule("LDN-OPIOID")
@settings(max_examples=40)  # each example compiles a vocabulary
@given(
    st.sampled_from(OPIOID_SPELLINGS),
    st.sampled_from(OPIOID_CODES),
    st.sampled_from(OPIOID_ATC),
    st.data(),
)
def test_no_extension_unblocks_a_default_opioid(
    spelling: str, code: tuple[str, str], atc: str, data: st.DataObject
) -> None:
    """LDN-OPIOID: no extension makes a default opioid spelling, brand or code anything else."""
    extended = data.draw(hostile_extensions(spelling, code, atc))
    before = VOCABULARY.read(spelling).opioids
    assert extended.read(spelling).opioids  # type: ignore[attr-defined]
    assert {m.substance.kind for m in extended.read(spelling).opioids} >= {  # type: ignore[attr-defined]
        m.substance.kind for m in before
    }
    assert _is_opioid(extended, Medication(codings=(Coding(*code),)))
    assert _is_opioid(extended, Medication(codings=(Coding(ATC, atc),)))
    report = screen(Patient([spelling], opioid_use=False), vocabulary=extended)  # type: ignore[arg-type]
    assert {"opioid-use", "peripheral-opioid"} & set(report.codes())


@pytest.mark.slow
@pytest.mark.rule("LDN-OPIOID")
@settings(max_examples=40)  # each example compiles a vocabulary
@given(names, st.sampled_from(list(SubstanceKind)), policies())
def test_every_summary_stays_within_the_cds_limit(
    name: str, kind: SubstanceKind, policy: object
) -> None:
    """LDN-OPIOID: whatever a local vocabulary calls a substance, screening writes its findings."""
    local = VOCABULARY.extend(
        name="clinic",
        sources=[LOCAL],
        substances=[Substance(name, kind, (), (), ("clinic",))],
    )
    entries = [name, Medication(name, status="stopped")]
    report = screen(Patient(entries, opioid_use=False), policy, vocabulary=local)  # type: ignore[arg-type]
    assert all(len(f.summary) < SUMMARY_LIMIT for f in report.findings)


@pytest.mark.rule("LDN-OPIOID")
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6), st.integers(0, 999))
def test_a_text_of_known_words_is_recognised(words: list[str], number: int) -> None:
    """LDN-OPIOID: a text whose every word is accounted for is recognised."""
    text = f"{' '.join(words).title()} {number} mg"
    assert CLOSED.read(text).unknown == ()
    report = screen(Patient([text], opioid_use=False), vocabulary=CLOSED)
    assert "medication-unrecognised" not in report.codes()


@pytest.mark.rule("LDN-OPIOID")
@given(
    st.lists(st.sampled_from(WORDS), max_size=4),
    st.from_regex(r"[a-z]{2,12}", fullmatch=True).filter(lambda w: not _accounted(w)),
    policies(),
)
def test_an_unknown_word_is_named(words: list[str], unknown: str, policy: object) -> None:
    """LDN-OPIOID: an entry with a word nobody accounts for is named, with the word."""
    text = " ".join([*words, unknown.upper(), "10 mg"])
    reading = CLOSED.read(text)
    if reading.opioids or reading.antagonists:
        return  # a drawn word that names an opioid or antagonist is read as one
    assert unknown in reading.unknown
    report = screen(Patient([text], opioid_use=False), policy, vocabulary=CLOSED)  # type: ignore[arg-type]
    (finding,) = [f for f in report.findings if f.code == "medication-unrecognised"]
    assert repr(unknown) in finding.message
    assert finding.trigger == text
    blocks = policy.unrecognised_blocks  # type: ignore[attr-defined]
    assert (finding.severity is Severity.CONTRAINDICATION) is blocks
    assert report.may_start is not blocks


@pytest.mark.rule("LDN-OPIOID")
@given(st.sampled_from(["Zaldiar", "Qorvatix", "CODEI", "PROPROXYPHENE", "Morfinx"]))
def test_a_known_code_recognises_a_coded_entry(word: str) -> None:
    """LDN-OPIOID: a coded entry is recognised by a known code, else by its words."""
    coded = Medication(f"{word} tablet", codings=(Coding(ATC, "R06AE07"),))
    assert CLOSED.read(coded).unknown == ()
    uncoded = Medication(f"{word} tablet", codings=(Coding(ATC, "N02"),))
    assert CLOSED.read(uncoded).unknown == tuple(words_of(word))


def test_local_names_are_recognised_and_monograph_cautions() -> None:
    local = CLOSED.extend(name="clinic", sources=[LOCAL], names=["Vitaboost"])
    assert local.read("Vitaboost 1 tablet daily").unknown == ()
    report = screen(Patient(["Qorvatix 10 mg"], opioid_use=False), MONOGRAPH, vocabulary=CLOSED)
    (finding,) = [f for f in report.findings if f.code == "medication-unrecognised"]
    assert finding.severity is Severity.CAUTION
    assert report.may_start


def test_a_substance_listed_again_is_merged_and_keeps_the_stronger_kind() -> None:
    local = VOCABULARY.extend(
        name="clinic",
        sources=[LOCAL],
        substances=[
            Substance("morphine", SubstanceKind.NEITHER, ("morfina",), ("N02AA01",), ("clinic",)),
            Substance("cetirizine", SubstanceKind.NEITHER, (), (), ("clinic",)),
            Substance("cetirizine", SubstanceKind.ANTAGONIST, ("zyrtec-x",), (), ("clinic",)),
        ],
    )
    morphine = local.substance("morphine")
    assert morphine.kind is SubstanceKind.OPIOID
    assert "morfina" in morphine.synonyms
    assert morphine.sources[-1] == "clinic"
    assert [m.substance.name for m in local.read("Morfina 10 mg").opioids] == ["morphine"]
    assert local.substance("cetirizine").kind is SubstanceKind.ANTAGONIST
    assert len(local.substances) == len(VOCABULARY.substances) + 1


def test_a_local_product_named_in_other_words_is_read_through_them() -> None:
    local = VOCABULARY.extend(
        name="clinic",
        sources=[LOCAL],
        products=[Product("Zaldiar", "UK", ("tramadol hydrochloride", "paracetamol"), "clinic")],
    )
    (match,) = local.read("Zaldiar 37.5/325").opioids
    assert (match.substance.name, match.product) == ("tramadol", "Zaldiar")
