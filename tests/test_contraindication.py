"""Screening: the opioid vocabulary, findings, and the start verdict."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn import (
    MONOGRAPH,
    Filler,
    Finding,
    LdnError,
    LdnTypeError,
    Patient,
    RuleId,
    ScreeningError,
    ScreeningReport,
    Severity,
    screen,
)
from ldn.contraindication import SUMMARY_LIMIT
from ldn.opioids import NON_OPIOID_CODES, OPIOIDS, find_opioids
from ldn.strategies import patients

# (medication string, the opioid substance expected, or None for a non-opioid)
MEDICATIONS: list[tuple[str, str | None]] = [
    ("Codeine phosphate 30 mg", "codeine"),
    ("paracetamol/codeine", "codeine"),
    ("Paracetamol 500 mg + codeine 8 mg", "codeine"),
    ("CODEINE", "codeine"),
    ("co-codamol 30/500", "codeine"),
    ("Co-Codamol", "codeine"),
    ("N02AJ06", "codeine"),
    ("R05DA04", "codeine"),
    ("morphine sulfate 10 mg MR", "morphine"),
    ("Morphine", "morphine"),
    ("N02AA01", "morphine"),
    ("oxycodone hydrochloride 5mg", "oxycodone"),
    ("oxycodone/naloxone 10/5 mg", "oxycodone"),
    ("N02AJ17 oxycodone and paracetamol", "oxycodone"),
    ("hydromorphone 2 mg", "hydromorphone"),
    ("dihydrocodeine 30 mg", "dihydrocodeine"),
    ("tramadol 50 mg", "tramadol"),
    ("Tramadol HCl 100mg SR", "tramadol"),
    ("N02AX02", "tramadol"),
    ("n02ax02", "tramadol"),
    ("N02AJ13", "tramadol"),
    ("tapentadol 50 mg", "tapentadol"),
    ("fentanyl 25 mcg/h patch", "fentanyl"),
    ("N01AH01", "fentanyl"),
    ("buprenorphine 5 mcg/h patch", "buprenorphine"),
    ("buprenorphine/naloxone", "buprenorphine"),
    ("N07BC01", "buprenorphine"),
    ("methadone 10 mg/mL", "methadone"),
    ("N07BC02", "methadone"),
    ("pethidine 50 mg", "pethidine"),
    ("meperidine", "pethidine"),
    ("diamorphine", "diamorphine"),
    ("heroin", "diamorphine"),
    ("pholcodine linctus", "pholcodine"),
    ("hydrocodone", "hydrocodone"),
    ("tilidine", "tilidine"),
    ("pentazocine", "pentazocine"),
    ("nalbuphine", "nalbuphine"),
    ("butorphanol nasal", "butorphanol"),
    ("dextropropoxyphene", "dextropropoxyphene"),
    ("remifentanil", "remifentanil"),
    ("diphenoxylate/atropine", "diphenoxylate"),
    ("opium tincture", "opium"),
    ("ethylmorphine", "ethylmorphine"),
    ("levorphanol", "levorphanol"),
    ("Ibuprofen 200 mg; codeine 12.8 mg", "codeine"),
    # look-alikes and non-opioids: never flagged
    ("naltrexone 50 mg", None),
    ("Naltrexone", None),
    ("N07BB04", None),
    ("naloxone 400 mcg", None),
    ("V03AB15", None),
    ("naloxegol 25 mg", None),
    ("methylnaltrexone", None),
    ("alvimopan", None),
    ("A06AH01", None),
    ("lofexidine", None),
    ("N07BC04", None),
    ("dextromethorphan 15 mg", None),
    ("R05DA09", None),
    ("noscapine", None),
    ("R05DA07", None),
    ("apomorphine 2 mg", None),
    ("paracetamol 1 g", None),
    ("ibuprofen 400 mg", None),
    ("amitriptyline 10 mg", None),
    ("duloxetine 30 mg", None),
    ("pregabalin 75 mg", None),
    ("gabapentin 300 mg", None),
    ("ketamine", None),
    ("ketoprofen", None),
    ("methocarbamol", None),
    ("oxybutynin", None),
    ("hydroxychloroquine", None),
    ("N02BE01", None),
    ("", None),
]


class TestVocabulary:
    def test_table_is_large_enough(self) -> None:
        assert len(MEDICATIONS) >= 60
        assert sum(1 for _, s in MEDICATIONS if s is None) >= 25

    @pytest.mark.rule("LDN-OPIOID")
    @pytest.mark.parametrize(("medication", "substance"), MEDICATIONS)
    def test_table(self, medication: str, substance: str | None) -> None:
        found = [m.substance.name for m in find_opioids(medication)]
        assert found == ([] if substance is None else [substance])
        report = screen(Patient(medications=(medication,), opioid_use=False))
        assert report.may_start is (substance is None)

    def test_each_opioid_code_and_name_is_found(self) -> None:
        for substance in OPIOIDS:
            for text in (substance.name, *substance.synonyms, *substance.atc_codes):
                assert substance in [m.substance for m in find_opioids(f"x {text} 5 mg")], text

    def test_codes_are_well_formed_and_disjoint_from_non_opioids(self) -> None:
        codes = [code for s in OPIOIDS for code in s.atc_codes]
        # A combination code stands on each ingredient's row (R05DA05: opium and morphine).
        assert len(codes) - len(set(codes)) <= 3
        assert not set(codes) & NON_OPIOID_CODES
        assert all(len(code) == 7 for code in codes)

    @pytest.mark.parametrize("code", ["N02AJ99", "N02AX99", "R05DA20", "N07BC99", "N01AH99"])
    def test_unknown_codes_in_opioid_groups_are_flagged(self, code: str) -> None:
        (match,) = find_opioids(code)
        assert match.matched == code

    def test_a_combination_names_each_opioid_once(self) -> None:
        found = find_opioids("oxycodone 5 mg / codeine; N02AA05")
        assert [m.substance.name for m in found] == ["oxycodone", "codeine"]


@st.composite
def medication_lists(draw: st.DrawFn, opioids: bool) -> list[str]:
    pool = [m for m, s in MEDICATIONS if (s is not None) is opioids]
    return draw(st.lists(st.sampled_from(pool), max_size=8))


SAFE_LISTS = medication_lists(opioids=False)
OPIOID_ENTRIES = st.sampled_from([m for m, s in MEDICATIONS if s is not None])


class TestVerdict:
    @given(st.lists(st.sampled_from([m for m, _ in MEDICATIONS]), max_size=8), st.randoms())
    def test_order_never_changes_the_verdict(self, medications: list[str], rng: object) -> None:
        shuffled = list(medications)
        rng.shuffle(shuffled)  # type: ignore[attr-defined]
        first = screen(Patient(medications=medications, opioid_use=False))
        second = screen(Patient(medications=shuffled, opioid_use=False))
        assert first.may_start == second.may_start
        assert sorted(first.findings, key=repr) == sorted(second.findings, key=repr)

    def test_conflict_with_declared_status_is_an_opioid_finding(self) -> None:
        report = screen(Patient(medications=("tramadol 50 mg",), opioid_use=False))
        (finding,) = report.blocking
        assert finding.code == "opioid-use"
        assert "contradicts the record" in finding.message
        assert finding.rule_id == "LDN-OPIOID"

    def test_monograph_cautions_on_peripheral_opioids(self) -> None:
        for name in ("loperamide", "eluxadoline 100 mg", "trimebutine 200 mg"):
            report = screen(Patient(medications=(name,), opioid_use=False))
            assert report.may_start
            assert report.findings[0].code == "peripheral-opioid"
            assert report.findings[0].severity is Severity.CAUTION
        strict = MONOGRAPH.derive(
            name="gi", reason="gut-only opioids block", loperamide_blocks=True
        )
        for name in ("loperamide", "eluxadoline 100 mg", "trimebutine 200 mg"):
            report = screen(Patient(medications=(name,), opioid_use=False), strict)
            assert report.blocking[0].code == "opioid-use"


class TestFindings:
    def test_cellulose_sensitivity_advises_sucrose(self) -> None:
        report = screen(Patient(opioid_use=False, filler_sensitivities=["Cellulose"]))
        assert "Compound capsules with sucrose filler." in report.findings[0].message

    def test_findings_are_most_severe_first(self) -> None:
        report = screen(
            Patient(medications=("codeine",), opioid_use=None, filler_sensitivities=["cellulose"])
        )
        assert report.codes() == (
            "opioid-use",
            "opioid-use-unconfirmed",
            "filler-sensitivity",
            "adverse-effects",
            "hepatic-information",
        )
        assert report.policy_name == "monograph"

    @given(
        st.lists(st.text(max_size=300), max_size=5),
        st.sampled_from([True, False, None]),
        st.sets(st.sampled_from(sorted(Filler))),
    )
    def test_cds_cards(
        self, medications: list[str], status: bool | None, fillers: set[Filler]
    ) -> None:
        report = screen(
            Patient(medications=medications, opioid_use=status, filler_sensitivities=fillers)
        )
        for card, finding in zip(report.to_cds_cards("Clinic"), report.findings, strict=True):
            assert len(card["summary"]) < SUMMARY_LIMIT  # type: ignore[arg-type]
            assert card["indicator"] in {"info", "warning", "critical"}
            assert card["source"] == {"label": "Clinic"}
            assert str(finding.rule_id) in card["detail"]  # type: ignore[operator]
            assert (card["indicator"] == "critical") == (
                finding.severity is Severity.CONTRAINDICATION
            )

    def test_summary_limit(self) -> None:
        with pytest.raises(ScreeningError, match="under 140"):
            Finding("x", Severity.INFO, "s" * 140, "m", RuleId.ADVERSE)


class TestBadPatients:
    @pytest.mark.parametrize(
        "kwargs",
        [
            {"medications": "codeine"},
            {"medications": None},
            {"medications": [1]},
            {"medications": [None]},
            {"opioid_use": "no"},
            {"opioid_use": 0},
            {"filler_sensitivities": "cellulose"},
            {"filler_sensitivities": 3},
            {"filler_sensitivities": [None]},
        ],
    )
    def test_wrong_types(self, kwargs: dict[str, object]) -> None:
        with pytest.raises(LdnTypeError):
            Patient(**kwargs)  # type: ignore[arg-type]

    def test_unknown_filler(self) -> None:
        with pytest.raises(LdnError, match="filler must be a word that names one of cellulose"):
            Patient(filler_sensitivities=["xylitol"])

    @pytest.mark.rule("LDN-FILLER")
    def test_filler_words_are_read(self) -> None:
        """LDN-FILLER: any synonym of a filler, lactose included, is a sensitivity."""
        patient = Patient(filler_sensitivities=["lactose", "MCC", "Microcrystalline Cellulose"])
        assert patient.filler_sensitivities == {Filler.LACTOSE, Filler.CELLULOSE}
        assert Patient(filler_sensitivities=["sugar"]).filler_sensitivities == {Filler.SUCROSE}

    def test_unrecognised_allergies(self) -> None:
        patient = Patient(opioid_use=False, unrecognised_allergies=["gelatin"])
        report = screen(patient)
        (finding,) = [f for f in report.findings if f.code == "allergy-unrecognised"]
        assert (finding.severity, finding.rule_id, finding.trigger) == (
            "caution",
            "LDN-FILLER",
            "gelatin",
        )
        assert report.may_start
        assert "filler-sensitivity" not in report.codes()
        with pytest.raises(LdnTypeError, match="unrecognised_allergies must be a collection"):
            Patient(unrecognised_allergies="gelatin")  # type: ignore[arg-type]
        with pytest.raises(ScreeningError, match="unrecognised allergy"):
            Patient(unrecognised_allergies=[" "])

    def test_a_sucrose_sensitivity_says_nothing_of_the_liquid(self) -> None:
        (finding,) = [
            f
            for f in screen(Patient(opioid_use=False, filler_sensitivities=["sugar"])).findings
            if f.code == "filler-sensitivity"
        ]
        assert finding.message == (
            "The patient reacts to sucrose filler. Compound capsules with cellulose filler."
        )

    def test_screen_needs_a_patient(self) -> None:
        with pytest.raises(LdnTypeError, match="patient must be a Patient"):
            screen({"medications": []})  # type: ignore[arg-type]

    def test_defaults_are_unconfirmed(self) -> None:
        patient = Patient()
        assert patient.opioid_use is None
        assert not screen(patient).may_start

    @given(st.lists(st.text(), max_size=5))
    def test_fuzz_any_text_screens(self, medications: list[str]) -> None:
        report = screen(Patient(medications=medications, opioid_use=False))
        assert isinstance(report.may_start, bool)


class TestStrategies:
    @given(patients(opioids=True))
    def test_opioid_patients_never_start(self, patient: Patient) -> None:
        assert not screen(patient).may_start

    @given(patients(opioids=False))
    def test_clean_patients_start(self, patient: Patient) -> None:
        assert screen(patient).may_start


RELAXED = MONOGRAPH  # a peripheral opioid is a caution under the monograph policy

GOLDEN_REPORTS = [
    (
        Patient(
            medications=["tramadol 50 mg"],
            opioid_use=True,
            filler_sensitivities=["cellulose"],
            unrecognised_allergies=["AllergyIntolerance[2] (names 'hypromellose')"],
        ),
        MONOGRAPH,
        [
            (
                "opioid-use",
                "contraindication",
                "Takes opioids: do not start low dose naltrexone",
                "The patient is recorded as taking opioids. Naltrexone can precipitate acute opioid withdrawal; do not start while opioids are taken.",
                "LDN-OPIOID",
                "opioid_use=True",
            ),
            (
                "opioid-use",
                "contraindication",
                "Opioid (tramadol) in the medication list: do not start",
                "'tramadol 50 mg' contains tramadol (matched 'tramadol'). Naltrexone can precipitate acute opioid withdrawal.",
                "LDN-OPIOID",
                "tramadol 50 mg",
            ),
            (
                "allergy-unrecognised",
                "caution",
                "Allergy not recognised: check it against the capsule filler",
                "\"AllergyIntolerance[2] (names 'hypromellose')\" may be an allergy to an excipient, but it names no filler ldn knows (cellulose, sucrose, ginger, lactose). Check it by hand against the capsule filler and the tablets the oral liquid is made from (microcrystalline cellulose, lactose); it was not taken as no allergy.",
                "LDN-FILLER",
                "AllergyIntolerance[2] (names 'hypromellose')",
            ),
            (
                "filler-sensitivity",
                "caution",
                "Filler sensitivity (cellulose): choose another capsule filler",
                "The patient reacts to cellulose filler. Compound capsules with sucrose filler. The oral liquid made from naltrexone 50 mg tablets is no way round it: the tablets contain microcrystalline cellulose and lactose, which the liquid carries; use capsules.",
                "LDN-FILLER",
                "cellulose",
            ),
            (
                "adverse-effects",
                "info",
                "Counsel: vivid dreams, headache, nausea, insomnia; usually transient",
                "Tell the patient the common effects are vivid dreams, headache, nausea and insomnia, and that they usually settle. If they persist, step back to the last tolerated dose.",
                "LDN-ADVERSE",
                None,
            ),
            (
                "hepatic-information",
                "info",
                "Liver toxicity is not a significant concern at low dose",
                "Unlike the higher doses used for addiction, low dose naltrexone is not regarded as a significant liver risk. This is information, not a block.",
                "LDN-HEPATIC",
                None,
            ),
        ],
    ),
    (
        Patient(
            medications=["Codeine 30 mg"],
            opioid_use=False,
            filler_sensitivities=["cellulose", "sugar", "ginger", "milk sugar"],
        ),
        MONOGRAPH,
        [
            (
                "opioid-use",
                "contraindication",
                "Opioid (codeine) in the medication list: do not start",
                "'Codeine 30 mg' contains codeine (matched 'codeine'). Naltrexone can precipitate acute opioid withdrawal. This contradicts the record that the patient takes no opioids; resolve it.",
                "LDN-OPIOID",
                "Codeine 30 mg",
            ),
            (
                "filler-sensitivity",
                "caution",
                "Filler sensitivity (cellulose, ginger, lactose, sucrose): choose another capsule filler",
                "The patient reacts to cellulose, ginger, lactose, sucrose filler. No listed filler suits; agree another filler with the compounder. The oral liquid made from naltrexone 50 mg tablets is no way round it: the tablets contain microcrystalline cellulose and lactose, which the liquid carries; use capsules.",
                "LDN-FILLER",
                "cellulose, ginger, lactose, sucrose",
            ),
            (
                "adverse-effects",
                "info",
                "Counsel: vivid dreams, headache, nausea, insomnia; usually transient",
                "Tell the patient the common effects are vivid dreams, headache, nausea and insomnia, and that they usually settle. If they persist, step back to the last tolerated dose.",
                "LDN-ADVERSE",
                None,
            ),
            (
                "hepatic-information",
                "info",
                "Liver toxicity is not a significant concern at low dose",
                "Unlike the higher doses used for addiction, low dose naltrexone is not regarded as a significant liver risk. This is information, not a block.",
                "LDN-HEPATIC",
                None,
            ),
        ],
    ),
    (
        Patient(medications=["loperamide 2 mg"], opioid_use=None),
        RELAXED,
        [
            (
                "opioid-use-unconfirmed",
                "contraindication",
                "Opioid use not confirmed: confirm before starting",
                "Nobody has confirmed that the patient takes no opioids. Starting waits until that is confirmed; an unknown status is not taken as a no.",
                "LDN-OPIOID",
                "opioid_use=None",
            ),
            (
                "peripheral-opioid",
                "caution",
                "Peripheral opioid (loperamide) in the medication list",
                "'loperamide 2 mg' contains loperamide (matched 'loperamide'): an opioid acting mainly on the gut. Policy 'monograph' does not block on it; review.",
                "LDN-OPIOID",
                "loperamide 2 mg",
            ),
            (
                "adverse-effects",
                "info",
                "Counsel: vivid dreams, headache, nausea, insomnia; usually transient",
                "Tell the patient the common effects are vivid dreams, headache, nausea and insomnia, and that they usually settle. If they persist, step back to the last tolerated dose.",
                "LDN-ADVERSE",
                None,
            ),
            (
                "hepatic-information",
                "info",
                "Liver toxicity is not a significant concern at low dose",
                "Unlike the higher doses used for addiction, low dose naltrexone is not regarded as a significant liver risk. This is information, not a block.",
                "LDN-HEPATIC",
                None,
            ),
        ],
    ),
]


@pytest.mark.parametrize(("patient", "policy", "expected"), GOLDEN_REPORTS)
def test_golden_reports(
    patient: Patient, policy: object, expected: list[tuple[object, ...]]
) -> None:
    """Every word of these reports was read by a person; a change must be deliberate."""
    report = screen(patient, policy)  # type: ignore[arg-type]
    assert [
        (f.code, str(f.severity), f.summary, f.message, str(f.rule_id), f.trigger)
        for f in report.findings
    ] == expected


class TestHandBuiltValues:
    """Findings and reports built by callers get the same checks as screen()'s own."""

    def test_a_string_severity_still_blocks(self) -> None:
        finding = Finding("custom", "contraindication", "Blocks", "Blocks.", "LDN-OPIOID")  # type: ignore[arg-type]
        assert finding.severity is Severity.CONTRAINDICATION
        assert finding.rule_id is RuleId.OPIOID
        report = ScreeningReport([finding], "clinic")  # type: ignore[arg-type]
        assert report.findings == (finding,)
        assert not report.may_start

    @pytest.mark.parametrize(
        ("kwargs", "fragment"),
        [
            ({"severity": "severe"}, "severity must be one of contraindication, caution, info"),
            ({"rule_id": "LDN-NOPE"}, "rule_id must be one of LDN-DOSE-MAX"),
        ],
    )
    def test_unknown_members(self, kwargs: dict[str, str], fragment: str) -> None:
        values = {"severity": "info", "rule_id": "LDN-ADVERSE", **kwargs}
        with pytest.raises(ScreeningError, match=fragment):
            Finding("x", values["severity"], "s", "m", values["rule_id"])  # type: ignore[arg-type]

    @pytest.mark.parametrize("findings", ["text", [1], None])
    def test_reports_take_findings_only(self, findings: object) -> None:
        with pytest.raises(LdnTypeError, match="findings must be a tuple or list of Finding"):
            ScreeningReport(findings, "clinic")  # type: ignore[arg-type]


class TestDefaultsAndOrder:
    """Defaults and orders a plausible slip would change."""

    def test_findings_with_one_code_are_ordered_by_trigger(self) -> None:
        report = screen(Patient(medications=["tramadol 50 mg", "codeine 30 mg"], opioid_use=False))
        assert [f.trigger for f in report.blocking] == ["codeine 30 mg", "tramadol 50 mg"]

    def test_blocked_report_caption(self) -> None:
        markup = screen(Patient(opioid_use=None))._repr_html_()
        assert markup.startswith(
            "<table><caption>Screening under policy &#x27;monograph&#x27;: must not start</caption>"
        )


def test_a_findings_card_is_exactly_its_four_members() -> None:
    """Finding.to_cds_card and the CDS services share one renderer; this card has no uuid."""
    finding = screen(Patient(opioid_use=None)).blocking[0]
    assert finding.to_cds_card("clinic") == {
        "summary": "Opioid use not confirmed: confirm before starting",
        "indicator": "critical",
        "detail": f"{finding.message}\n\nRule: LDN-OPIOID",
        "source": {"label": "clinic"},
    }
