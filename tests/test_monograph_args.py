"""ldn.monograph: policies, rules and policy changes check their fields; limits hold exactly."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from ldn import (
    MONOGRAPH,
    RULES,
    Dose,
    InvalidPolicyError,
    LdnTypeError,
    Policy,
    PolicyChange,
    Rule,
    RuleId,
)
from ldn.monograph import FIGURE_TYPES, MAX_NAME_LENGTH

TRIAL = MONOGRAPH.derive(name="trial", reason="r", max_daily_dose="6")


def _fields(value: object) -> dict[str, Any]:
    return {f.name: getattr(value, f.name) for f in attrs.fields(type(value))}


class TestHostileInput:
    """Hostile input (issue 13, items 2 and 4): every field and argument is checked, and
    only LdnErrors escape, quickly, with short messages."""

    def test_the_monograph_name_is_reserved(self) -> None:
        fields = {f.name: getattr(MONOGRAPH, f.name) for f in attrs.fields(Policy)}
        assert Policy(**fields) == MONOGRAPH  # the monograph itself, rebuilt
        message = (
            r"^name of a policy other than the monograph's must be a name other than 'monograph'"
        )
        for name in ("monograph", "Monograph", " monograph ", "MONO\tGRAPH".replace("\t", "")):
            with pytest.raises(InvalidPolicyError, match=message):
                attrs.evolve(MONOGRAPH, name=name, max_daily_dose=Dose(6))
        trial = MONOGRAPH.derive(name="trial", reason="r", max_daily_dose="6")
        with pytest.raises(InvalidPolicyError, match=message):
            attrs.evolve(trial, name="monograph")
        with pytest.raises(InvalidPolicyError, match="a name other than"):
            trial.derive(name="MONOGRAPH", reason="r", max_daily_dose="5")
        with pytest.raises(InvalidPolicyError, match=message):
            Policy(**{**fields, "reason": "other words"})

    def test_a_derivation_chain_cannot_repeat_a_name(self) -> None:
        a = MONOGRAPH.derive(name="a", reason="r", max_daily_dose="6")
        b = a.derive(name="b", reason="r", max_daily_dose="5")
        assert b.lineage == ("monograph", "a")
        assert b.derived_from == "a"
        with pytest.raises(
            InvalidPolicyError,
            match=r"^name of policy 'A' must be a name not already used in its derivation "
            r"chain \(monograph -> a -> b\), got 'A'$",
        ):
            b.derive(name="A", reason="r", max_daily_dose="4")
        with pytest.raises(InvalidPolicyError, match="not already used"):
            attrs.evolve(b, name="a")

    def test_lineage_and_changes_must_agree(self) -> None:
        a = MONOGRAPH.derive(name="a", reason="r", max_daily_dose="6")
        with pytest.raises(InvalidPolicyError, match=r"^derived_from of policy 'a' must be"):
            attrs.evolve(a, derived_from="x")
        with pytest.raises(InvalidPolicyError, match=r"^changes of policy 'a' must be"):
            attrs.evolve(a, changes=())
        with pytest.raises(InvalidPolicyError, match=r"^changes of policy 'x' must be"):
            attrs.evolve(MONOGRAPH, name="x", changes=a.changes, max_daily_dose=Dose(6))
        with pytest.raises(
            InvalidPolicyError,
            match=r"^max_daily_dose of policy 'a' must be 6 mg, as its last recorded change",
        ):
            attrs.evolve(a, max_daily_dose=Dose(5))
        with pytest.raises(LdnTypeError, match=r"^changes must be a tuple or list of PolicyChange"):
            attrs.evolve(a, changes=("x",))
        with pytest.raises(LdnTypeError, match=r"^lineage must be a tuple or list of str"):
            attrs.evolve(a, lineage=[1])
        assert Policy(**{**_fields(a), "lineage": ["monograph"]}) == a  # lists become tuples

    def test_names_are_bounded(self) -> None:
        name = "n" * MAX_NAME_LENGTH
        assert MONOGRAPH.derive(name=name, reason="r", max_daily_dose="6").name == name
        with pytest.raises(InvalidPolicyError, match=r"^name must be at most 100 characters"):
            MONOGRAPH.derive(name=name + "n", reason="r", max_daily_dose="6")
        with pytest.raises(LdnTypeError, match=r"^name must be a non-empty str, got int 1$"):
            attrs.evolve(MONOGRAPH, name=1)

    def test_derive_checks_figure_types_before_comparing(self) -> None:
        with pytest.raises(LdnTypeError, match=r"^min_interval_days must be an int, got bool True"):
            MONOGRAPH.derive(name="n", reason="r", min_interval_days=True)
        with pytest.raises(LdnTypeError, match=r"^loperamide_blocks must be a bool, got int 1$"):
            MONOGRAPH.derive(name="n", reason="r", loperamide_blocks=1)
        with pytest.raises(LdnTypeError, match=r"^loperamide_blocks must be a bool, got int 1$"):
            attrs.evolve(MONOGRAPH, loperamide_blocks=1)
        with pytest.raises(InvalidPolicyError, match=r"^figure names must be among"):
            MONOGRAPH.derive(name="n", reason="r", **{"x" * 1000: 1})

    def test_rules_check_their_fields(self) -> None:
        rule = RULES[0]
        assert Rule("LDN-START", "t", "s", "x", ["start_min"]).id is RuleId.START
        for change, error in [
            ({"id": "LDN-X"}, InvalidPolicyError),
            ({"title": " "}, InvalidPolicyError),
            ({"section": None}, LdnTypeError),
            ({"figures": ("no_such_figure",)}, InvalidPolicyError),
            ({"figures": ("max_daily_dose", "max_daily_dose")}, InvalidPolicyError),
            ({"informational": 1}, LdnTypeError),
        ]:
            with pytest.raises(error):
                attrs.evolve(rule, **change)

    def test_policy_changes_check_their_fields(self) -> None:
        good = PolicyChange("max_daily_dose", Dose("4.5"), Dose(6), "LDN-DOSE-MAX")
        assert good.rule_id is RuleId.DOSE_MAX
        for change, error, message in [
            ({"figure": "nope"}, InvalidPolicyError, "^figure of a policy change must be one of"),
            ({"old": 4}, LdnTypeError, "^old value of max_daily_dose must be a Dose, got int 4$"),
            ({"new": True}, LdnTypeError, "^new value of max_daily_dose must be a Dose"),
            ({"new": Dose("4.5")}, InvalidPolicyError, "must be other than 4.5 mg, got 4.5 mg$"),
            (
                {"rule_id": RuleId.START},
                InvalidPolicyError,
                "^rule of figure max_daily_dose must be LDN-DOSE-MAX, got LDN-START$",
            ),
        ]:
            with pytest.raises(error, match=message):
                attrs.evolve(good, **change)
        days = PolicyChange("min_interval_days", 7, 10, RuleId.STEP_INTERVAL)
        with pytest.raises(LdnTypeError, match="must be a int, got bool True"):
            attrs.evolve(days, new=True)

    def test_figure_types_match_the_monograph(self) -> None:
        assert {name: type(getattr(MONOGRAPH, name)) for name in FIGURE_TYPES} == FIGURE_TYPES

    def test_huge_interval_message(self) -> None:
        with pytest.raises(Exception, match=r"got an int of about 5001 digits days"):
            MONOGRAPH.check_interval(10**5000)


class TestBoundaries:
    """Each limit holds exactly at its value and refuses just past it."""

    def test_review_day_366_is_allowed(self) -> None:
        assert MONOGRAPH.derive(name="x", reason="r", review_to_day=366).review_to_day == 366

    def test_typical_figures_may_coincide(self) -> None:
        policy = MONOGRAPH.derive(name="x", reason="r", typical_low="4.5", typical_high="4.5")
        assert policy.is_typical("4.5")
        assert not policy.is_typical("4.499")

    def test_typical_range_is_inclusive(self) -> None:
        assert MONOGRAPH.is_typical("1")
        assert MONOGRAPH.is_typical("5")
        assert not MONOGRAPH.is_typical("0.999")
        assert not MONOGRAPH.is_typical("5.001")

    def test_lineage_defaults_to_the_parent(self) -> None:
        for policy, lineage in ((TRIAL, ("monograph",)), (MONOGRAPH, ())):
            fields = {f.name: getattr(policy, f.name) for f in attrs.fields(Policy)}
            del fields["lineage"]
            assert Policy(**fields).lineage == lineage
            assert Policy(**fields) == policy

    def test_long_lists_of_names_are_cut_at_200_characters(self) -> None:
        long = MONOGRAPH
        for letter in "abcd":
            long = long.derive(
                name=letter * 90, reason="r", max_daily_dose=str(5 + len(long.lineage))
            )
        with pytest.raises(InvalidPolicyError) as raised:
            attrs.evolve(long, name="b" * 90)
        chain = raised.value.allowed.split("(", 1)[1].rstrip(")")
        assert len(chain) == 200
        assert chain.startswith("monograph -> aaaa")
        assert chain.endswith("...")
        with pytest.raises(InvalidPolicyError) as raised:
            MONOGRAPH.derive(name="n", reason="r", **{"x" * 1000: 1})
        assert raised.value.given == "x" * 197 + "..."

    def test_day_figures_name_themselves(self) -> None:
        with pytest.raises(LdnTypeError, match=r"^review_to_day must be an int, got str '5'$"):
            MONOGRAPH.derive(name="n", reason="r", review_to_day="5")
