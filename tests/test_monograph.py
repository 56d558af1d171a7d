"""The monograph's rules as data, and policies derived from them."""

from __future__ import annotations

import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn import (
    MONOGRAPH,
    RULES,
    Dose,
    InvalidPolicyError,
    LdnTypeError,
    Policy,
    PolicyChange,
    PolicyViolationError,
    Rule,
    RuleId,
    Volume,
)
from ldn.monograph import REFERENCES, Reference, ReferenceKind
from ldn.strategies import doses, policies

POLICY_FIGURES = [
    f.name
    for f in attrs.fields(Policy)
    if f.name not in {"name", "reason", "derived_from", "changes", "lineage"}
]


class TestRulesAsData:
    def test_every_rule_id_has_one_rule(self) -> None:
        assert [rule.id for rule in RULES] == list(RuleId)

    def test_design_ids(self) -> None:
        assert {str(r) for r in RuleId} == {
            "LDN-DOSE-MAX",
            "LDN-DOSE-TYPICAL",
            "LDN-START",
            "LDN-STEP-INTERVAL",
            "LDN-TIMING",
            "LDN-REVIEW",
            "LDN-OPIOID",
            "LDN-FILLER",
            "LDN-LIQUID",
            "LDN-HEPATIC",
            "LDN-ADVERSE",
            "LDN-FORMULATION",
            "LDN-SUPPLY",
            "LDN-ANTAGONIST",
        }

    def test_every_figure_belongs_to_exactly_one_rule(self) -> None:
        named = [name for rule in RULES for name in rule.figures]
        assert sorted(named) == sorted(POLICY_FIGURES)

    def test_rules_have_text_and_sections(self) -> None:
        sections = {
            "Introduction",
            "Dosing",
            "Adverse Effects",
            "Dosing; Adverse Effects",
            "Clinical notes (not in the monograph)",
        }
        for rule in RULES:
            assert rule.title
            assert rule.statement.endswith(".")
            assert rule.section in sections

    def test_only_information_rules_never_block(self) -> None:
        informational = {rule.id for rule in RULES if rule.informational}
        assert informational == {
            RuleId.DOSE_TYPICAL,
            RuleId.REVIEW,
            RuleId.HEPATIC,
            RuleId.ADVERSE,
            RuleId.FORMULATION,
            RuleId.SUPPLY,
        }

    def test_monograph_figures(self) -> None:
        """The figures of DESIGN.md, one by one."""
        assert MONOGRAPH.figures(RuleId.DOSE_MAX) == {"max_daily_dose": Dose("4.5")}
        assert MONOGRAPH.figures("LDN-DOSE-TYPICAL") == {
            "typical_low": Dose(1),
            "typical_high": Dose(5),
            "typical_common": Dose("4.5"),
        }
        assert MONOGRAPH.figures(RuleId.START) == {
            "start_min": Dose("0.5"),
            "start_max": Dose("1.5"),
        }
        assert MONOGRAPH.figures(RuleId.STEP_INTERVAL) == {
            "min_interval_days": 7,
            "max_interval_days": 14,
        }
        assert MONOGRAPH.figures(RuleId.REVIEW) == {"review_from_day": 28, "review_to_day": 42}
        assert MONOGRAPH.figures(RuleId.LIQUID) == {
            "liquid_tablet": Dose(50),
            "liquid_water": Volume(100),
        }
        assert MONOGRAPH.figures(RuleId.OPIOID) == {"loperamide_blocks": True}
        assert MONOGRAPH.figures(RuleId.TIMING) == {}
        assert MONOGRAPH.rules is RULES
        assert MONOGRAPH.derived_from is None
        assert MONOGRAPH.changes == ()

    def test_unknown_rule_id(self) -> None:
        with pytest.raises(InvalidPolicyError, match="rule id must be one of LDN-DOSE-MAX"):
            MONOGRAPH.rule("LDN-NOPE")

    def test_repr_is_short(self) -> None:
        assert repr(MONOGRAPH) == (
            "Policy(name='monograph', max_daily_dose=Dose('4.5'), start_min=Dose('0.5'), "
            "start_max=Dose('1.5'), min_interval_days=7, max_interval_days=14)"
        )


class TestDoseChecks:
    @pytest.mark.rule("LDN-DOSE-MAX")
    @given(policies(), doses(high=Dose(20)))
    def test_daily_dose_allowed_exactly_up_to_the_maximum(self, policy: Policy, dose: Dose) -> None:
        """LDN-DOSE-MAX: a daily dose passes iff it is at most the policy maximum."""
        if dose <= policy.max_daily_dose:
            assert policy.check_daily_dose(dose) == dose
        else:
            with pytest.raises(PolicyViolationError) as raised:
                policy.check_daily_dose(dose)
            assert raised.value.rule_id == "LDN-DOSE-MAX"
            assert str(dose) in str(raised.value)
            assert str(policy.max_daily_dose) in str(raised.value)

    @pytest.mark.rule("LDN-DOSE-MAX")
    @given(doses(Dose("4.501"), Dose(1000)))
    def test_monograph_refuses_every_dose_above_4_5_mg(self, dose: Dose) -> None:
        with pytest.raises(PolicyViolationError, match=r"at most 4\.5 mg .*\[LDN-DOSE-MAX\]"):
            MONOGRAPH.check_daily_dose(dose)

    @pytest.mark.rule("LDN-START")
    @given(policies(), doses(high=Dose(20)))
    def test_start_dose_allowed_exactly_within_the_range(self, policy: Policy, dose: Dose) -> None:
        """LDN-START: a first dose passes iff start_min <= dose <= start_max."""
        if policy.start_min <= dose <= policy.start_max:
            assert policy.check_start_dose(dose) == dose
        else:
            with pytest.raises(PolicyViolationError) as raised:
                policy.check_start_dose(dose)
            assert raised.value.rule_id == "LDN-START"

    @pytest.mark.rule("LDN-START")
    @given(doses(Dose("0.5"), Dose("1.5")))
    def test_monograph_start_range_is_inclusive(self, dose: Dose) -> None:
        assert MONOGRAPH.check_start_dose(dose) == dose

    @pytest.mark.rule("LDN-START")
    @pytest.mark.parametrize("dose", ["0.499", "1.501", "0.25", "2", "4.5"])
    def test_monograph_start_outside(self, dose: str) -> None:
        with pytest.raises(PolicyViolationError, match=r"\[LDN-START\]"):
            MONOGRAPH.check_start_dose(dose)

    @pytest.mark.rule("LDN-DOSE-TYPICAL")
    @given(policies(), doses(high=Dose(20)))
    def test_typical_is_information_and_never_relaxes_the_maximum(
        self, policy: Policy, dose: Dose
    ) -> None:
        """LDN-DOSE-TYPICAL: typical range is informational; the maximum wins."""
        assert policy.is_typical(dose) == (policy.typical_low <= dose <= policy.typical_high)
        if policy.is_typical(dose) and dose > policy.max_daily_dose:
            with pytest.raises(PolicyViolationError, match="LDN-DOSE-MAX"):
                policy.check_daily_dose(dose)

    @pytest.mark.rule("LDN-DOSE-TYPICAL")
    def test_typical_range_above_maximum_is_still_refused(self) -> None:
        """5 mg is typical per the monograph yet above its 4.5 mg maximum."""
        assert MONOGRAPH.is_typical("5")
        with pytest.raises(PolicyViolationError, match="LDN-DOSE-MAX"):
            MONOGRAPH.check_daily_dose("5")

    @pytest.mark.rule("LDN-STEP-INTERVAL")
    @given(policies(), st.integers(-5, 40))
    def test_interval_allowed_exactly_within_the_range(self, policy: Policy, days: int) -> None:
        if policy.min_interval_days <= days <= policy.max_interval_days:
            assert policy.check_interval(days) == days
        else:
            with pytest.raises(PolicyViolationError, match=r"\[LDN-STEP-INTERVAL\]"):
                policy.check_interval(days)

    @pytest.mark.parametrize("days", [7.0, "7", True, None])
    def test_interval_type(self, days: object) -> None:
        with pytest.raises(LdnTypeError):
            MONOGRAPH.check_interval(days)  # type: ignore[arg-type]


class TestDerive:
    def test_trial_policy_records_the_change(self) -> None:
        trial = MONOGRAPH.derive(
            name="rct-6mg", reason="2024 fibromyalgia RCT used 6 mg", max_daily_dose="6"
        )
        assert trial.max_daily_dose == Dose(6)
        assert trial.derived_from == "monograph"
        assert trial.reason == "2024 fibromyalgia RCT used 6 mg"
        assert trial.changes == (
            PolicyChange("max_daily_dose", Dose("4.5"), Dose(6), RuleId.DOSE_MAX),
        )
        assert trial.check_daily_dose("6") == Dose(6)
        assert MONOGRAPH.max_daily_dose == Dose("4.5")  # the original is untouched

    def test_changes_accumulate_across_derivations(self) -> None:
        first = MONOGRAPH.derive(name="a", reason="r", max_daily_dose="6")
        second = first.derive(name="b", reason="r", loperamide_blocks=False)
        assert [c.figure for c in second.changes] == ["max_daily_dose", "loperamide_blocks"]
        assert second.derived_from == "a"

    @given(policies())
    def test_every_drawn_change_is_recorded(self, policy: Policy) -> None:
        recorded = {c.figure: c for c in policy.changes}
        for name in POLICY_FIGURES:
            if getattr(policy, name) != getattr(MONOGRAPH, name):
                assert recorded[name].new == getattr(policy, name)
                assert recorded[name].old == getattr(MONOGRAPH, name)
                assert recorded[name].rule_id == next(r.id for r in RULES if name in r.figures)
            else:
                assert name not in recorded

    @pytest.mark.parametrize(
        ("kwargs", "fragment"),
        [
            ({"name": "x", "reason": "", "max_daily_dose": "6"}, "reason for a derived policy"),
            ({"name": "x", "reason": "   ", "max_daily_dose": "6"}, "reason for a derived policy"),
            ({"name": "x", "reason": None, "max_daily_dose": "6"}, "reason for a derived policy"),
            ({"name": "monograph", "reason": "r", "max_daily_dose": "6"}, "name of a derived"),
            ({"name": "", "reason": "r", "max_daily_dose": "6"}, "name must be a non-empty str"),
            ({"name": "x", "reason": "r", "max_dose": "6"}, "figure names must be among"),
            ({"name": "x", "reason": "r"}, "none changed"),
            ({"name": "x", "reason": "r", "max_daily_dose": "4.5"}, "none changed"),
            ({"name": "x", "reason": "r", "max_daily_dose": "1"}, "start_max of policy 'x'"),
            ({"name": "x", "reason": "r", "start_min": "2"}, "start_min of policy 'x'"),
            ({"name": "x", "reason": "r", "typical_common": "6"}, "typical_common of policy"),
            ({"name": "x", "reason": "r", "typical_low": "4.6"}, "typical_low of policy"),
            ({"name": "x", "reason": "r", "min_interval_days": 15}, "min_interval_days of policy"),
            ({"name": "x", "reason": "r", "min_interval_days": 0}, "between 1 and 366"),
            ({"name": "x", "reason": "r", "review_from_day": 50}, "review_from_day of policy"),
            ({"name": "x", "reason": "r", "review_to_day": 400}, "between 0 and 366"),
        ],
    )
    def test_refused(self, kwargs: dict[str, object], fragment: str) -> None:
        with pytest.raises(InvalidPolicyError, match=fragment):
            MONOGRAPH.derive(**kwargs)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"max_daily_dose": 6.0},
            {"min_interval_days": "7"},
            {"min_interval_days": True},
            {"loperamide_blocks": 1},
        ],
    )
    def test_wrong_types(self, kwargs: dict[str, object]) -> None:
        with pytest.raises(LdnTypeError):
            MONOGRAPH.derive(name="x", reason="r", **kwargs)

    def test_invalid_figure_names_its_rule(self) -> None:
        with pytest.raises(InvalidPolicyError) as raised:
            MONOGRAPH.derive(name="x", reason="r", start_min="2")
        assert raised.value.rule_id == "LDN-START"


class TestReferences:
    def test_the_monograph_sources(self) -> None:
        """Item 6 of issue 12: the monograph, its two links and its two references."""
        by_id = {reference.id: reference for reference in REFERENCES}
        assert list(by_id) == [
            "monograph",
            "racgp-2023",
            "nz-medinfo-liquid-2023",
            "patten-2018",
            "bruun-2024",
        ]
        assert by_id["monograph"].link is None
        assert by_id["racgp-2023"].link == (
            "https://www1.racgp.org.au/ajgp/2023/april/"
            "low-dose-naltrexone-in-the-treatment-of-fibromyalg"
        )
        assert by_id["nz-medinfo-liquid-2023"].link.startswith(
            "https://www.medicinesinformation.co.nz/2023/07/05/naltrexone-oral-liquid-formula/"
        )
        assert by_id["patten-2018"].link == "https://pubmed.ncbi.nlm.nih.gov/29377216/"
        assert by_id["bruun-2024"].link == "https://doi.org/10.1016/S2665-9913(23)00278-3"
        assert by_id["bruun-2024"].kind is ReferenceKind.TRIAL

    def test_every_rule_cites_the_monograph_first(self) -> None:
        for rule in RULES:
            if rule.id is RuleId.ANTAGONIST:  # from clinical-notes.md, not the monograph
                assert rule.references == ()
                continue
            assert rule.sources[0].id == "monograph"
            assert len(set(rule.references)) == len(rule.references)
        liquid = MONOGRAPH.rule(RuleId.LIQUID)
        assert "nz-medinfo-liquid-2023" in liquid.references
        assert "bruun-2024" in MONOGRAPH.rule(RuleId.DOSE_MAX).references
        assert MONOGRAPH.rule(RuleId.SUPPLY).references == ("monograph",)

    @pytest.mark.parametrize(
        ("kwargs", "error", "fragment"),
        [
            ({"id": ""}, InvalidPolicyError, "id must be a non-empty str"),
            ({"title": None}, LdnTypeError, "title must be a non-empty str, got NoneType None"),
            ({"kind": "blog"}, InvalidPolicyError, "kind must be one of monograph, "),
            ({"kind": None}, InvalidPolicyError, "got None"),
            ({"url": None}, InvalidPolicyError, "locator of reference 'x' must be a url"),
            ({"url": "http://example.org"}, InvalidPolicyError, "an https:// URL"),
            ({"url": " "}, InvalidPolicyError, "url must be a non-empty str"),
        ],
    )
    def test_bad_references(self, kwargs: dict[str, object], error: type, fragment: str) -> None:
        fields: dict[str, object] = {
            "id": "x",
            "title": "A title",
            "kind": ReferenceKind.REVIEW,
            "url": "https://example.org",
        }
        with pytest.raises(error, match=re.escape(fragment)):
            Reference(**{**fields, **kwargs})  # type: ignore[arg-type]

    def test_links_in_order_of_preference(self) -> None:
        doi_only = Reference("a", "A", "trial", doi="10.1/x", pmid="1")
        assert doi_only.link == "https://doi.org/10.1/x"
        assert Reference("b", "B", "review", pmid="2").link == (
            "https://pubmed.ncbi.nlm.nih.gov/2/"
        )
        assert Reference("c", "C", "monograph").link is None

    @pytest.mark.parametrize(
        ("references", "error", "fragment"),
        [
            ("monograph", LdnTypeError, "a tuple or list of reference ids"),
            ((1,), LdnTypeError, "a tuple or list of reference ids"),
            (("nowhere",), InvalidPolicyError, "distinct ids among monograph"),
            (("monograph", "monograph"), InvalidPolicyError, "distinct ids"),
        ],
    )
    def test_rules_cite_known_sources(self, references: object, error: type, fragment: str) -> None:
        with pytest.raises(error, match=fragment):
            Rule(RuleId.TIMING, "t", "s", "x", references=references)  # type: ignore[arg-type]
        assert Rule(RuleId.TIMING, "t", "s", "x", references=["patten-2018"]).references == (
            "patten-2018",
        )
