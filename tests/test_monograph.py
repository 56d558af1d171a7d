"""The monograph's rules as data, and policies derived from them."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_UP,
    ROUND_UP,
    Clamped,
    Context,
    Decimal,
    DivisionByZero,
    FloatOperation,
    Inexact,
    InvalidOperation,
    Overflow,
    Rounded,
    Subnormal,
    Underflow,
    localcontext,
)
from fractions import Fraction

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
            "LDN-OPIOID-FREE",
            "LDN-CONFIRM",
            "LDN-CONTINUE",
            "LDN-STEP-SIZE",
            "LDN-LIQUID-BUD",
            "LDN-SWITCH",
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
        assert MONOGRAPH.figures(RuleId.OPIOID) == {
            "loperamide_blocks": False,
            "unrecognised_blocks": False,
        }
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


#: Decimal contexts a host might set (low precision, any rounding, every signal
#: trapped): no predicate's answer may depend on them.
contexts = st.builds(
    Context,
    prec=st.integers(1, 28),
    rounding=st.sampled_from([ROUND_DOWN, ROUND_UP, ROUND_HALF_UP, ROUND_CEILING, ROUND_FLOOR]),
    traps=st.just(
        [
            Clamped,
            DivisionByZero,
            FloatOperation,
            Inexact,
            InvalidOperation,
            Overflow,
            Rounded,
            Subnormal,
            Underflow,
        ]
    ),
)
#: A context wide enough to add a hair to a bound exactly.
WIDE = Context(prec=100)
#: A hair: the smallest difference a predicate must see, as small as 1e-30 mg.
hairs = st.integers(1, 10**30).map(lambda denominator: Fraction(1, denominator))


def mg_amounts(*bounds: Dose) -> st.SearchStrategy[Dose | Decimal | Fraction]:
    """Amounts in mg in every accepted form: anywhere, and at or a hair off each bound."""
    near = st.tuples(st.sampled_from(bounds), st.integers(-1, 1), hairs).map(
        lambda drawn: Fraction(drawn[0].mg) + drawn[1] * drawn[2]
    )
    near_decimal = st.tuples(st.sampled_from(bounds), st.integers(-1, 1), st.integers(0, 60)).map(
        lambda drawn: WIDE.add(drawn[0].mg, Decimal(drawn[1]).scaleb(-drawn[2]))
    )
    return st.one_of(
        doses(high=Dose(20)),
        st.decimals(min_value=-1, max_value=20, allow_nan=False, allow_infinity=False),
        st.fractions(min_value=-1, max_value=20),
        near,
        near_decimal,
    )


def exactly(amount: Dose | Decimal | Fraction) -> Fraction:
    return Fraction(amount.mg if isinstance(amount, Dose) else amount)


class TestStartPredicate:
    """LDN-START: the first daily dose lies from start_min to start_max, both included."""

    @pytest.mark.rule("LDN-START")
    @given(policies(), st.data())
    def test_allows_start_is_the_range_compared_exactly(
        self, policy: Policy, data: st.DataObject
    ) -> None:
        amount = data.draw(mg_amounts(policy.start_min, policy.start_max))
        with localcontext(data.draw(contexts)):
            allowed = policy.allows_start(amount)
        low, high = Fraction(policy.start_min.mg), Fraction(policy.start_max.mg)
        assert allowed is (low <= exactly(amount) <= high)

    @pytest.mark.rule("LDN-START")
    @given(policies(), doses(high=Dose(20)))
    def test_check_start_dose_agrees_with_allows_start(self, policy: Policy, dose: Dose) -> None:
        allowed = policy.allows_start(dose)
        assert policy.allows_start(dose.mg) is allowed
        assert policy.allows_start(Fraction(dose.mg)) is allowed
        if allowed:
            assert policy.check_start_dose(dose) == dose
        else:
            with pytest.raises(PolicyViolationError, match=r"\[LDN-START\]"):
                policy.check_start_dose(dose)

    @pytest.mark.rule("LDN-START")
    @given(policies(), hairs)
    def test_both_bounds_are_in_and_a_hair_beyond_is_out(
        self, policy: Policy, hair: Fraction
    ) -> None:
        low, high = Fraction(policy.start_min.mg), Fraction(policy.start_max.mg)
        for inside in (policy.start_min, policy.start_max, policy.start_min.mg, low, high):
            assert policy.allows_start(inside)
        assert not policy.allows_start(low - hair)
        assert not policy.allows_start(high + hair)

    def test_a_third_of_a_milligram(self) -> None:
        assert not MONOGRAPH.allows_start(Fraction(1, 3))
        assert MONOGRAPH.allows_start(Fraction(2, 3))
        assert MONOGRAPH.allows_start(Fraction(4, 3))
        assert not MONOGRAPH.allows_start(Fraction(3, 2) + Fraction(1, 3 * 10**40))


class TestDailyPredicate:
    """LDN-DOSE-MAX: a daily dose is at most max_daily_dose."""

    @pytest.mark.rule("LDN-DOSE-MAX")
    @given(policies(), st.data())
    def test_allows_daily_is_the_maximum_compared_exactly(
        self, policy: Policy, data: st.DataObject
    ) -> None:
        amount = data.draw(mg_amounts(policy.max_daily_dose))
        with localcontext(data.draw(contexts)):
            allowed = policy.allows_daily(amount)
        assert allowed is (exactly(amount) <= Fraction(policy.max_daily_dose.mg))

    @pytest.mark.rule("LDN-DOSE-MAX")
    @given(policies(), doses(high=Dose(20)))
    def test_check_daily_dose_agrees_with_allows_daily(self, policy: Policy, dose: Dose) -> None:
        allowed = policy.allows_daily(dose)
        assert policy.allows_daily(dose.mg) is allowed
        assert policy.allows_daily(Fraction(dose.mg)) is allowed
        if allowed:
            assert policy.check_daily_dose(dose) == dose
        else:
            with pytest.raises(PolicyViolationError, match=r"\[LDN-DOSE-MAX\]"):
                policy.check_daily_dose(dose)

    @pytest.mark.rule("LDN-DOSE-MAX")
    @given(policies(), hairs)
    def test_the_maximum_is_in_and_a_hair_above_is_out(
        self, policy: Policy, hair: Fraction
    ) -> None:
        maximum = Fraction(policy.max_daily_dose.mg)
        for inside in (policy.max_daily_dose, policy.max_daily_dose.mg, maximum, maximum - hair):
            assert policy.allows_daily(inside)
        assert not policy.allows_daily(maximum + hair)

    @pytest.mark.parametrize(
        ("amount", "start", "daily"),
        [
            (Decimal("NaN"), False, False),
            (Decimal("-sNaN"), False, False),
            (Decimal("Infinity"), False, False),
            (Decimal("-Infinity"), False, True),  # the rule's bound only: not a dose check
            (Decimal("1E+999999999"), False, False),
            (Decimal("1E-999999999"), False, True),
            (Decimal("4.5" + "0" * 100_000 + "1"), False, False),
        ],
    )
    def test_decimals_of_any_size_are_compared_without_signals(
        self, amount: Decimal, start: bool, daily: bool
    ) -> None:
        """A NaN is in no range; huge and tiny exponents are compared at once, never expanded."""
        with localcontext(Context(prec=1, traps=[InvalidOperation, Inexact, Rounded])):
            assert MONOGRAPH.allows_start(amount) is start
            assert MONOGRAPH.allows_daily(amount) is daily


class TestIntervalPredicates:
    """LDN-STEP-INTERVAL: doses change no sooner than every min_interval_days days and no
    later than every max_interval_days days."""

    @pytest.mark.rule("LDN-STEP-INTERVAL")
    @given(policies(), st.integers(-5, 40))
    def test_allows_interval_is_the_range_and_check_interval_agrees(
        self, policy: Policy, days: int
    ) -> None:
        allowed = policy.allows_interval(days)
        assert allowed is (policy.min_interval_days <= days <= policy.max_interval_days)
        if allowed:
            assert policy.check_interval(days) == days
        else:
            with pytest.raises(PolicyViolationError, match=r"\[LDN-STEP-INTERVAL\]"):
                policy.check_interval(days)

    @pytest.mark.rule("LDN-STEP-INTERVAL")
    @given(policies(), st.integers(-5, 10**40))
    def test_a_dose_may_rise_once_held_the_shortest_interval(
        self, policy: Policy, days: int
    ) -> None:
        assert policy.allows_rise_after(days) is (days >= policy.min_interval_days)

    @pytest.mark.rule("LDN-STEP-INTERVAL")
    @given(policies())
    def test_exact_boundaries(self, policy: Policy) -> None:
        low, high = policy.min_interval_days, policy.max_interval_days
        assert [policy.allows_interval(d) for d in (low - 1, low, high, high + 1)] == [
            False,
            True,
            True,
            False,
        ]
        assert [policy.allows_rise_after(d) for d in (low - 1, low, high + 1)] == [
            False,
            True,
            True,
        ]


class TestTimingPredicate:
    """LDN-TIMING: one dose a day, taken at night, at bedtime."""

    @pytest.mark.rule("LDN-TIMING")
    @given(
        policies(),
        st.one_of(
            st.integers(-3, 5),
            st.fractions(-3, 5),
            st.integers(0, 10**6).map(lambda n: 1 + Fraction(n - 500_000, 10**30)),
        ),
        st.sampled_from([True, False, None]),
    )
    def test_at_most_once_a_day_and_never_away_from_bedtime(
        self, policy: Policy, per_day: Fraction | int, at_bedtime: bool | None
    ) -> None:
        allowed = policy.allows_timing(per_day=per_day, at_bedtime=at_bedtime)
        assert allowed is (per_day <= 1 and at_bedtime is not False)

    def test_exact_boundaries(self) -> None:
        assert MONOGRAPH.allows_timing(per_day=1, at_bedtime=True)
        assert MONOGRAPH.allows_timing(per_day=Fraction(1, 2), at_bedtime=None)
        assert not MONOGRAPH.allows_timing(per_day=1 + Fraction(1, 10**30), at_bedtime=True)
        assert not MONOGRAPH.allows_timing(per_day=1, at_bedtime=False)


class TestPredicateArguments:
    """A predicate refuses a wrong type with an LdnTypeError naming the argument, nothing else."""

    @pytest.mark.parametrize(
        ("call", "message"),
        [
            (
                lambda: MONOGRAPH.allows_start(4.5),
                "amount must be a Dose, Decimal or Fraction, got float 4.5",
            ),
            (
                lambda: MONOGRAPH.allows_start("1"),
                "amount must be a Dose, Decimal or Fraction, got str '1'",
            ),
            (
                lambda: MONOGRAPH.allows_start(1),
                "amount must be a Dose, Decimal or Fraction, got int 1",
            ),
            (
                lambda: MONOGRAPH.allows_daily(True),
                "amount must be a Dose, Decimal or Fraction, got bool True",
            ),
            (
                lambda: MONOGRAPH.allows_daily(None),
                "amount must be a Dose, Decimal or Fraction, got NoneType None",
            ),
            (lambda: MONOGRAPH.allows_interval(True), "days must be an int, got bool True"),
            (lambda: MONOGRAPH.allows_interval(7.0), "days must be an int, got float 7.0"),
            (lambda: MONOGRAPH.allows_rise_after("7"), "days must be an int, got str '7'"),
            (lambda: MONOGRAPH.allows_rise_after(False), "days must be an int, got bool False"),
            (
                lambda: MONOGRAPH.allows_timing(per_day=True, at_bedtime=True),
                "per_day must be a Fraction or int, got bool True",
            ),
            (
                lambda: MONOGRAPH.allows_timing(per_day=1.0, at_bedtime=True),
                "per_day must be a Fraction or int, got float 1.0",
            ),
            (
                lambda: MONOGRAPH.allows_timing(per_day=Decimal(1), at_bedtime=True),
                "per_day must be a Fraction or int, got Decimal Decimal('1')",
            ),
            (
                lambda: MONOGRAPH.allows_timing(per_day=1, at_bedtime=1),
                "at_bedtime must be a bool or None, got int 1",
            ),
            (
                lambda: MONOGRAPH.allows_timing(per_day=1, at_bedtime="yes"),
                "at_bedtime must be a bool or None, got str 'yes'",
            ),
        ],
    )
    def test_wrong_types(self, call: Callable[[], bool], message: str) -> None:
        with pytest.raises(LdnTypeError, match=f"^{re.escape(message)}$"):
            call()

    @pytest.mark.parametrize("days", [7.0, "7", True, None])
    def test_check_interval_keeps_its_own_message(self, days: object) -> None:
        with pytest.raises(LdnTypeError, match=r"^interval in days must be an int, got "):
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
        second = first.derive(name="b", reason="r", loperamide_blocks=True)
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
        assert list(by_id)[:5] == [
            "monograph",
            "racgp-2023",
            "nz-medinfo-liquid-2023",
            "patten-2018",
            "bruun-2024",
        ]
        # The rest back the rules taken from clinical-notes.md, never the monograph's own.
        cited_by_notes = {
            each
            for rule in RULES
            if rule.section.startswith("Clinical notes")
            for each in rule.references
        }
        assert set(list(by_id)[5:]) <= cited_by_notes
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
            if rule.section.startswith("Clinical notes"):  # not the monograph's
                assert "monograph" not in rule.references
                continue
            assert rule.sources[0].id == "monograph"
            assert len(set(rule.references)) == len(rule.references)
        liquid = MONOGRAPH.rule(RuleId.LIQUID)
        # Issue 21: the NZ formula is a preserved 1 mg/mL liquid, not the tablet in water.
        assert "nz-medinfo-liquid-2023" not in liquid.references
        assert "nz-medinfo-liquid-2023" not in MONOGRAPH.rule(RuleId.LIQUID_BUD).references
        assert MONOGRAPH.rule(RuleId.LIQUID_BUD).references == ("usp-795-summary",)
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
