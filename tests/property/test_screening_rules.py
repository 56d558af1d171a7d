"""Property tests of the screening rules: opioids, antagonists, fillers and the liver.

One class per rule id (DESIGN.md), its docstring the rule as ldn.RULES states it.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn import (
    MONOGRAPH,
    Filler,
    Patient,
    RuleId,
    Severity,
    screen,
)
from ldn.strategies import policies
from tests.test_contraindication import OPIOID_ENTRIES, SAFE_LISTS
from tests.test_screening_real_lists import (
    ANTAGONIST_SPELLINGS,
    LOOK_ALIKES,
    OPIOID_SPELLINGS,
    VOCABULARY,
    variants,
)

#: The monograph policy with peripheral opioids blocking too.
STRICT = MONOGRAPH.derive(name="strict", reason="peripheral opioids block", loperamide_blocks=True)


class TestLdnOpioid:
    """LDN-OPIOID (Concurrent opioids): As an opioid antagonist, naltrexone can bring on
    acute withdrawal in a patient taking opioids. Starting requires confirmation that the
    patient takes none; an unknown status is not taken as a no. Screening is closed-world:
    a medication entry it does not recognise is named for the prescriber to check, never
    passed. Opioids that act on the gut at ordinary doses (loperamide, eluxadoline,
    trimebutine) are a caution unless a policy makes them block."""

    @pytest.mark.rule("LDN-OPIOID")
    @given(SAFE_LISTS, OPIOID_ENTRIES, st.sampled_from([True, False, None]), st.data())
    def test_adding_an_opioid_always_blocks(
        self, safe: list[str], opioid: str, status: bool | None, data: st.DataObject
    ) -> None:
        """LDN-OPIOID: an opioid anywhere in any list blocks, whatever the declared status."""
        position = data.draw(st.integers(0, len(safe)))
        medications = [*safe[:position], opioid, *safe[position:]]
        report = screen(Patient(medications=medications, opioid_use=status))
        assert not report.may_start
        assert any(f.code == "opioid-use" and f.trigger == opioid for f in report.blocking)

    @pytest.mark.rule("LDN-OPIOID")
    @given(SAFE_LISTS, st.lists(st.sampled_from(sorted(Filler)), max_size=2))
    def test_no_opioids_and_confirmed_never_blocks(
        self, safe: list[str], fillers: list[Filler]
    ) -> None:
        """LDN-OPIOID: with every opioid removed and absence confirmed, nothing blocks."""
        report = screen(Patient(medications=safe, opioid_use=False, filler_sensitivities=fillers))
        assert report.may_start
        assert report.blocking == ()

    @pytest.mark.rule("LDN-OPIOID")
    @given(SAFE_LISTS)
    def test_unconfirmed_status_blocks_until_confirmed(self, safe: list[str]) -> None:
        """LDN-OPIOID: absence must be confirmed, not assumed."""
        report = screen(Patient(medications=safe, opioid_use=None))
        assert report.codes().count("opioid-use-unconfirmed") == 1
        assert not report.may_start
        assert screen(Patient(medications=safe, opioid_use=True)).blocking[0].code == "opioid-use"

    @pytest.mark.rule("LDN-OPIOID")
    @given(policies(), st.sampled_from(["loperamide 2 mg", "A07DA03", "loperamide oxide"]))
    def test_loperamide_is_a_policy_setting(self, policy: object, medication: str) -> None:
        report = screen(Patient(medications=(medication,), opioid_use=False), policy)  # type: ignore[arg-type]
        blocks = policy.loperamide_blocks  # type: ignore[attr-defined]
        assert report.may_start is not blocks
        code = "opioid-use" if blocks else "peripheral-opioid"
        assert code in report.codes()

    @pytest.mark.rule("LDN-OPIOID")
    @given(variants(OPIOID_SPELLINGS), st.sampled_from([True, False, None]))
    def test_any_variant_of_any_opioid_spelling_blocks(
        self, case: tuple[str, str], status: bool | None
    ) -> None:
        """LDN-OPIOID: case, width, accents, dashes, invisible characters and surroundings never hide it."""
        spelling, text = case
        report = screen(Patient(medications=[text], opioid_use=status), STRICT)
        assert not report.may_start, (spelling, text)
        assert "opioid-use" in report.codes()
        peripheral = all(m.substance.peripheral for m in VOCABULARY.read(spelling).opioids)
        expected = "peripheral-opioid" if peripheral else "opioid-use"
        assert expected in screen(Patient(medications=[text], opioid_use=status)).codes()

    @pytest.mark.rule("LDN-OPIOID")
    @given(
        st.sampled_from([t for t in LOOK_ALIKES if "codeine" not in t]),
        st.text(st.characters(categories=["Nd", "Zs", "Po"]), max_size=6),
    )
    def test_no_look_alike_blocks_in_any_surroundings(self, text: str, around: str) -> None:
        """LDN-OPIOID: look-alikes (apomorphine, dextromethorphan, noscapine, ...) never block."""
        entry = f"{around}{text}{around}"
        assert VOCABULARY.read(entry).opioids == (), entry

    @pytest.mark.rule("LDN-OPIOID")
    @given(
        st.sampled_from(["tramadol", "oxycodone", "morphine", "codeine", "hydromorphone"]),
        st.sampled_from(
            ["hcl", "HCl", "ER", "sr", "sulfate", "sulphate", "phosphate", "HClER", "CR"]
        ),
        st.sampled_from(["", "30mg", "5 mg", "10mcg", "2ml", "1g"]),
    )
    def test_glued_suffixes_and_prefixes_are_read(
        self, name: str, suffix: str, prefix: str
    ) -> None:
        """LDN-OPIOID: "TramadolHCl", "oxycodoneER", "30mgcodeine" are read."""
        text = f"{prefix}{name.capitalize()}{suffix}"
        assert [m.substance.name for m in VOCABULARY.read(text).opioids] == [name], text


class TestLdnAntagonist:
    """LDN-ANTAGONIST (Opioid antagonist already taken): A patient who already takes an
    opioid antagonist by mouth or injection (naltrexone in any product, nalmefene,
    samidorphan) is flagged for review: the new prescription would duplicate or conflict
    with it. Naloxone alone and the antagonists that act only on the gut are neither this
    nor opioid use."""

    @pytest.mark.rule("LDN-ANTAGONIST")
    @given(variants(ANTAGONIST_SPELLINGS))
    def test_any_variant_of_any_antagonist_is_flagged_not_blocked(
        self, case: tuple[str, str]
    ) -> None:
        """LDN-ANTAGONIST: an antagonist already taken is a caution naming the rule, never opioid use."""
        spelling, text = case
        report = screen(Patient(medications=[text], opioid_use=False))
        flagged = [f for f in report.findings if f.code == "opioid-antagonist"]
        assert flagged, (spelling, text)
        assert all(
            f.severity is Severity.CAUTION and f.rule_id == "LDN-ANTAGONIST" for f in flagged
        )
        assert report.may_start


class TestLdnFiller:
    """LDN-FILLER (Capsule filler): A patient who reacts to the usual cellulose filler of
    compounded capsules can have sucrose or ginger filler instead."""

    @pytest.mark.rule("LDN-FILLER")
    @given(st.sets(st.sampled_from(sorted(Filler)), min_size=1))
    def test_filler_sensitivity_is_advised_not_blocking(self, fillers: set[Filler]) -> None:
        """LDN-FILLER: a sensitivity gives a caution naming a filler the patient tolerates."""
        report = screen(Patient(opioid_use=False, filler_sensitivities=fillers))
        (finding,) = [f for f in report.findings if f.code == "filler-sensitivity"]
        assert finding.severity is Severity.CAUTION
        assert finding.rule_id == "LDN-FILLER"
        assert report.may_start
        suitable = [f for f in ("cellulose", "sucrose", "ginger", "lactose") if f not in fillers]
        if suitable:
            assert f"with {suitable[0]} filler" in finding.message
        else:
            assert "No listed filler suits" in finding.message


class TestLdnHepatic:
    """LDN-HEPATIC (Liver safety): Liver toxicity, a concern at the higher doses used for
    addiction, is not regarded as significant at low dose. This informs; it never blocks."""

    @pytest.mark.rule("LDN-HEPATIC")
    @given(st.sampled_from([True, False, None]), SAFE_LISTS)
    def test_hepatic_information_never_blocks(self, status: bool | None, safe: list[str]) -> None:
        """LDN-HEPATIC: always present as information, never a contraindication."""
        report = screen(Patient(medications=safe, opioid_use=status))
        (finding,) = [f for f in report.findings if f.rule_id == RuleId.HEPATIC]
        assert finding.severity is Severity.INFO
        assert finding not in report.blocking
