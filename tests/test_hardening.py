"""Hostile input (issue 13, items 2 and 4): only LdnErrors, quickly, with short messages.

Every value class checks its fields, every public callable its arguments. What
was given is shown abbreviated, and showing it can never fail: huge ints and
Fractions, megabyte strings and objects whose repr raises are described safely.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from decimal import Context, Decimal, localcontext
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import find, given
from hypothesis import strategies as st

from ldn import (
    MONOGRAPH,
    ORAL_SYRINGES,
    RULES,
    Concentration,
    Dose,
    ExportError,
    Filler,
    FormulationError,
    InstructionLine,
    InvalidDoseError,
    InvalidPolicyError,
    LdnError,
    LdnTypeError,
    LiquidDose,
    OralLiquid,
    Policy,
    PolicyChange,
    ReviewWindow,
    Rule,
    RuleId,
    ScheduleError,
    Step,
    Syringe,
    Volume,
    capsules_for,
    choose_filler,
    screen,
    titrate,
)
from ldn import strategies as ldn_strategies
from ldn._checks import LIMIT, abbreviate, describe, iterable_of, quoted, shown
from ldn._exact import Bounds, exact_decimal
from ldn.dose import as_dose, as_volume
from ldn.errors import FIELD_LIMIT
from ldn.fhir import detected_issues, medication_request
from ldn.formulation import HANDLING, REPORTED_CAPSULE_COST, HandlingInstruction, ReportedCost
from ldn.monograph import FIGURE_TYPES, MAX_NAME_LENGTH
from ldn.schedule import MAX_PLAN_DAY

PLAN = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
LIQUID = OralLiquid.from_tablet()
#: The longest message any error may have: three bounded fields and a rule id.
MAX_MESSAGE = 3 * FIELD_LIMIT + 40


class BadRepr:
    def __repr__(self) -> str:
        raise RuntimeError("repr fails")

    __str__ = __repr__


class NotAStrRepr:
    def __repr__(self) -> Any:
        return 42


class HugeStr(str):
    def __str__(self) -> str:
        raise RuntimeError("str fails")


HOSTILE: list[object] = [
    None,
    True,
    0.5,
    float("nan"),
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("-Infinity"),
    Decimal("1E+999999"),
    10**5000,
    -(10**5000),
    2**100_000,
    Fraction(1, 2**100_000),
    Fraction(10**5000, 3),
    "x" * 1_000_000,
    "4.5" + "0" * 100_000,
    "\u0664.\u0665",  # Arabic-Indic digits
    "\ud800",
    "",
    b"4.5",
    [],
    [None],
    {"a": 1},
    object(),
    BadRepr(),
    NotAStrRepr(),
    dt.date.max,
    dt.datetime(2026, 1, 1),
    MONOGRAPH,
    PLAN,
]


def fails_well(call: Callable[[], object], seconds: float = 1.0) -> LdnError | None:
    """Run ``call``: it returns or raises an LdnError, within ``seconds``, with a short message."""
    caught: LdnError | None = None
    start = time.perf_counter()
    try:
        call()
    except LdnError as error:
        caught = error
    assert time.perf_counter() - start < seconds
    if caught is not None:
        assert isinstance(caught, ValueError | TypeError)
        assert len(str(caught)) <= MAX_MESSAGE, str(caught)[:200]
    return caught


class TestDescriptions:
    @pytest.mark.parametrize("value", HOSTILE, ids=lambda v: type(v).__name__)
    def test_never_fail_and_stay_short(self, value: object) -> None:
        for text in (describe(value), shown(value), quoted(value)):
            assert isinstance(text, str)
            assert len(text) <= LIMIT + 60

    def test_examples(self) -> None:
        assert describe(None) == "NoneType None"
        assert describe(BadRepr()).startswith("BadRepr <BadRepr instance at 0x")
        assert describe(NotAStrRepr()).startswith("NotAStrRepr <NotAStrRepr instance at 0x")
        broken = type("int", (), {"__repr__": lambda self: 1 / 0})()  # reprlib's int path
        assert describe(broken) == "int (whose repr failed)"
        assert describe(10**5000) == "int (an int of about 5001 digits)"
        assert shown(-(2**20_000)) == "a negative int of about 6021 digits"
        assert shown(Fraction(1, 2**20_000)) == "a Fraction, 1 over an int of about 6021 digits"
        assert describe(Fraction(2**20_000, 3)).endswith("digits over 3)")
        assert shown(Decimal("1e5")) == "1E+5"
        assert shown(Fraction(1, 3)) == "1/3"
        assert shown(dt.date(2026, 1, 2)) == "2026-01-02"
        assert shown(HugeStr("abc")) == "abc"  # a str is shown as itself, not through __str__
        assert shown(BadRepr()).startswith("BadRepr <BadRepr")
        assert shown([1, 2]) == "list [1, 2]"
        assert quoted("a" * 100) == "'" + "a" * 57 + "...'"
        assert abbreviate("abcdef", 5) == "ab..."
        assert abbreviate("abcde", 5) == "abcde"

    def test_a_str_subclass_whose_str_fails(self) -> None:
        class Weird(int):
            def __str__(self) -> str:
                raise RuntimeError

            __repr__ = __str__

        assert shown(Weird(3)).startswith("Weird <Weird instance at 0x")

    def test_iterable_of(self) -> None:
        assert iterable_of(iter(["1", "2"]), str, "n") == ("1", "2")
        with pytest.raises(LdnTypeError, match=r"^item of n must be a str, got int 2$"):
            iterable_of(["1", 2], str, "n")
        with pytest.raises(LdnTypeError, match=r"^n must be an iterable of str, got bytes"):
            iterable_of(b"12", str, "n")
        with pytest.raises(LdnTypeError, match=r"^n must be an iterable of str, got str"):
            iterable_of("12", str, "n")


class TestErrors:
    def test_fields_are_bounded_strs(self) -> None:
        error = LdnError("s" * 1000, 5, None, rule_id=7)  # type: ignore[arg-type]
        assert len(error.subject) == FIELD_LIMIT
        assert error.subject.endswith("...")
        assert (error.given, error.allowed, error.rule_id) == ("<int>", "<NoneType>", "<int>")
        assert str(error) == f"{error.subject} must be <NoneType>, got <int> [<int>]"
        assert LdnError("a", "b", "c").rule_id is None

    @pytest.mark.parametrize("value", HOSTILE, ids=lambda v: type(v).__name__)
    def test_every_entry_point_with_a_hostile_value(self, value: object) -> None:
        """Each argument of each entry point, in turn, given a hostile value."""
        any_: Any = value
        calls: list[Callable[[], object]] = [
            lambda: Dose(any_),
            lambda: Volume(any_),
            lambda: Dose.parse(any_),
            lambda: as_dose(any_),
            lambda: as_dose("1", any_),
            lambda: as_volume("1", any_),
            lambda: Dose(1).__format__(any_),
            lambda: Volume(1).__format__(any_),
            lambda: Dose(1) + any_,
            lambda: Dose(1) - any_,
            lambda: Dose(1) * any_,
            lambda: any_ * Dose(1),
            lambda: Dose(1) < any_,
            lambda: Volume(1) >= any_,
            lambda: MONOGRAPH.check_daily_dose(any_),
            lambda: MONOGRAPH.check_start_dose(any_),
            lambda: MONOGRAPH.check_interval(any_),
            lambda: MONOGRAPH.is_typical(any_),
            lambda: MONOGRAPH.rule(any_),
            lambda: MONOGRAPH.figures(any_),
            lambda: MONOGRAPH.derive(name=any_, reason="r", max_daily_dose="6"),
            lambda: MONOGRAPH.derive(name="n", reason=any_, max_daily_dose="6"),
            lambda: MONOGRAPH.derive(name="n", reason="r", max_daily_dose=any_),
            lambda: MONOGRAPH.derive(name="n", reason="r", min_interval_days=any_),
            lambda: MONOGRAPH.derive(name="n", reason="r", loperamide_blocks=any_),
            lambda: MONOGRAPH.derive(name="n", reason="r", liquid_water=any_),
            lambda: attrs.evolve(MONOGRAPH, name=any_),
            lambda: titrate(start=any_, step="1", interval_days=7, target="2"),
            lambda: titrate(start="1", step=any_, interval_days=7, target="2"),
            lambda: titrate(start="1", step="1", interval_days=any_, target="2"),
            lambda: titrate(start="1", step="1", interval_days=7, target=any_),
            lambda: titrate(start="1", step="1", interval_days=7, target="2", start_date=any_),
            lambda: titrate(start="1", step="1", interval_days=7, target="2", policy=any_),
            lambda: PLAN.dose_on(any_),
            lambda: PLAN.date_of(any_),
            lambda: PLAN.total_mg(0, any_),
            lambda: PLAN.step_back(any_),
            lambda: PLAN.hold(any_),
            lambda: PLAN.resume(any_),
            lambda: PLAN.hold(20).resume(42, target=any_),
            lambda: PLAN.instructions(any_),
            lambda: PLAN.instruction_text(lambda dose: any_),
            lambda: attrs.evolve(PLAN, start_date=any_),
            lambda: attrs.evolve(PLAN, steps=any_),
            lambda: attrs.evolve(PLAN, interval_days=any_),
            lambda: Step(any_, 0, None),
            lambda: Step("1", any_, None),
            lambda: Step("1", 0, any_),
            lambda: ReviewWindow(any_, 1),
            lambda: ReviewWindow(0, 1, any_, dt.date(2026, 1, 2)),
            lambda: InstructionLine(any_, None, "1 mg", "1 mg at bedtime"),
            lambda: InstructionLine("1", any_, "1 mg", "1 mg at bedtime"),
            lambda: InstructionLine("1", None, any_, "1 mg at bedtime"),
            lambda: InstructionLine("1", None, "1 mg", any_),
            lambda: Rule(any_, "t", "s", "x"),
            lambda: Rule(RuleId.START, any_, "s", "x"),
            lambda: Rule(RuleId.START, "t", "s", "x", any_),
            lambda: Rule(RuleId.START, "t", "s", "x", (), any_),
            lambda: PolicyChange(any_, Dose(1), Dose(2), RuleId.DOSE_MAX),
            lambda: PolicyChange("max_daily_dose", any_, Dose(2), RuleId.DOSE_MAX),
            lambda: PolicyChange("max_daily_dose", Dose(1), Dose(2), any_),
            lambda: choose_filler(any_),
            lambda: capsules_for(PLAN, any_),
            lambda: capsules_for(any_),
            lambda: Concentration(any_),
            lambda: Concentration.of(any_, "1"),
            lambda: LIQUID.concentration * any_,
            lambda: any_ * LIQUID.concentration,
            lambda: LIQUID.concentration < any_,
            lambda: Syringe(any_, "1"),
            lambda: ORAL_SYRINGES[0].holds(any_),
            lambda: ORAL_SYRINGES[0].measures(any_),
            lambda: HandlingInstruction(any_, "text"),
            lambda: HandlingInstruction("code", any_),
            lambda: HandlingInstruction("code", "text", any_),
            lambda: LiquidDose(any_, "9", ORAL_SYRINGES[3], LIQUID.concentration),
            lambda: LiquidDose("4.5", "9", any_, LIQUID.concentration),
            lambda: LiquidDose("4.5", "9", ORAL_SYRINGES[3], any_),
            lambda: OralLiquid.from_tablet(any_),
            lambda: OralLiquid.from_tablet(policy=any_),
            lambda: LIQUID.measure(any_),
            lambda: LIQUID.measure("1", any_),
            lambda: LIQUID.measure("1", [any_]),
            lambda: LIQUID.days_supply(any_),
            lambda: attrs.evolve(REPORTED_CAPSULE_COST, amount=any_),
            lambda: attrs.evolve(REPORTED_CAPSULE_COST, currency=any_),
            lambda: attrs.evolve(REPORTED_CAPSULE_COST, supply_days=any_),
            lambda: attrs.evolve(REPORTED_CAPSULE_COST, description=any_),
            lambda: attrs.evolve(REPORTED_CAPSULE_COST, recorded_on=any_),
            lambda: medication_request(any_, subject="Patient/1"),
            lambda: medication_request(PLAN, subject=any_),
            lambda: medication_request(PLAN, subject="Patient/1", formulation=any_),
            lambda: medication_request(PLAN, subject="Patient/1", version=any_),
            lambda: medication_request(PLAN, subject="Patient/1", status=any_),
            lambda: medication_request(PLAN, subject="Patient/1", intent=any_),
            lambda: detected_issues(any_, subject="Patient/1", identified=dt.date(2026, 3, 1)),
            lambda: ldn_strategies.doses(any_),
            lambda: ldn_strategies.half_mg_doses(any_),
        ]
        for call in calls:
            fails_well(call)


class TestQuantities:
    def test_a_huge_power_of_two_denominator_is_refused_at_once(self) -> None:
        error = fails_well(lambda: Dose(Fraction(1, 2**1_000_000)), seconds=0.1)
        assert isinstance(error, InvalidDoseError)
        assert str(error).endswith("got a Fraction, 1 over an int of about 301031 digits")

    def test_a_huge_int_is_refused_at_once(self) -> None:
        error = fails_well(lambda: Volume(10**100_000), seconds=0.1)
        assert str(error).endswith("got an int of about 100001 digits")

    def test_a_long_string_is_abbreviated(self) -> None:
        error = fails_well(lambda: Dose.parse("4.5 " + "m" * 100_000))
        assert isinstance(error, InvalidDoseError)
        assert len(str(error)) < 250

    @pytest.mark.parametrize(
        ("value", "given"),
        [
            (Decimal("NaN"), "NaN"),
            (Decimal("-Infinity"), "-Infinity"),
            (Decimal("sNaN"), "sNaN"),
            (Decimal("1E+999999"), "1E+999999"),
        ],
    )
    def test_non_finite_and_huge_decimals(self, value: Decimal, given: str) -> None:
        with pytest.raises(
            InvalidDoseError, match=rf"^dose in mg must be .*, got {re.escape(given)}$"
        ):
            Dose(value)

    def test_bounds_check_their_fields(self) -> None:
        assert Bounds("x", "mg", Decimal(10), Decimal("0.01")).maximum == 10
        for args, error in [
            (("", "mg", Decimal(1), Decimal(1)), LdnTypeError),
            (("x" * 41, "mg", Decimal(1), Decimal(1)), LdnTypeError),
            (("x", "mg", 1, Decimal(1)), LdnTypeError),
            (("x", "mg", Decimal(0), Decimal(1)), InvalidDoseError),
            (("x", "mg", Decimal("NaN"), Decimal(1)), InvalidDoseError),
            (("x", "mg", Decimal(1), Decimal("0.02")), InvalidDoseError),
            (("x", "mg", Decimal(1), Decimal(10)), InvalidDoseError),
            (("x", "mg", Decimal("1.5"), Decimal(1)), InvalidDoseError),
        ]:
            with pytest.raises(error):
                Bounds(*args)

    def test_as_dose_names_must_be_strs(self) -> None:
        with pytest.raises(LdnTypeError, match=r"^name must be a str, got int 3$"):
            as_dose("1", 3)  # type: ignore[arg-type]
        with pytest.raises(InvalidDoseError, match=r"^aaaa\S*\.\.\. in mg must be"):
            as_dose("0", "a" * 500)


class TestPolicies:
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


def _fields(value: object) -> dict[str, Any]:
    return {f.name: getattr(value, f.name) for f in attrs.fields(type(value))}


class TestPlans:
    def test_target_below_the_start_is_refused_by_the_constructor(self) -> None:
        with pytest.raises(
            ScheduleError, match=r"^target must be at least the start 1.5 mg, got 1 mg$"
        ):
            attrs.evolve(PLAN, steps=(Step("1.5", 0, None),), target=Dose(1))

    def test_no_dose_above_the_target(self) -> None:
        with pytest.raises(
            ScheduleError,
            match=r"^dose of step 4.5 mg from day 28 must be at most the target 3 mg, got 4.5 mg$",
        ):
            attrs.evolve(PLAN, target=Dose(3))

    @given(st.dates(dt.date(9999, 1, 1), dt.date.max))
    def test_start_dates_whose_plan_dates_overflow_are_refused_at_entry(
        self, start: dt.date
    ) -> None:
        fits = (dt.date.max - start).days >= PLAN.review_window.last_day  # day 70
        if fits:
            plan = attrs.evolve(PLAN, start_date=start)
            assert plan.review_window.last_date is not None
            plan.to_records()
            plan._repr_html_()
            medication_request(plan, subject="Patient/1")
            return
        for build in (
            lambda: attrs.evolve(PLAN, start_date=start),
            lambda: titrate(
                start="1.5", step="1.5", interval_days=14, target="4.5", start_date=start
            ),
        ):
            with pytest.raises(ScheduleError) as raised:
                build()
            assert raised.value.subject == "start_date"
            assert raised.value.allowed.startswith("on or before 9999-10-22, so that every date")
            assert raised.value.rule_id == "LDN-REVIEW"

    def test_date_of_beyond_the_calendar(self) -> None:
        plan = attrs.evolve(PLAN, start_date=dt.date(9999, 1, 1))
        assert plan.date_of(364) == dt.date.max
        with pytest.raises(
            ScheduleError,
            match=r"^plan day from 9999-01-01 must be at most 364 \(the calendar ends 9999-12-31\)",
        ):
            plan.date_of(365)

    def test_a_start_day_too_far_for_any_calendar(self) -> None:
        steps = (Step("1", 0, MAX_PLAN_DAY - 1), Step("1.5", MAX_PLAN_DAY, None))
        plan = attrs.evolve(PLAN, steps=steps)
        with pytest.raises(ScheduleError, match=r"must be on or before none, so that"):
            attrs.evolve(plan, start_date=dt.date(2026, 1, 1))

    def test_review_windows_check_their_fields(self) -> None:
        day = dt.date(2026, 1, 1)
        assert ReviewWindow(28, 42, day, day + dt.timedelta(14)).last_date == dt.date(2026, 1, 15)
        for args, message in [
            ((42, 28), "^last_day of a review window must be at least first_day 42, got 28"),
            ((28, 42, day), "^dates of a review window must be both dates or neither"),
            ((28, 42, day, day), r"^dates of a review window must be 14 days apart, as its days"),
            ((-1, 42), "^first_day must be from 0 to 3652058, got -1$"),
        ]:
            with pytest.raises(ScheduleError, match=message):
                ReviewWindow(*args)

    def test_instruction_lines_check_their_fields(self) -> None:
        line = PLAN.instructions()[0]
        assert line == InstructionLine("1.5", 14, "1.5 mg", "1.5 mg at bedtime for 14 days")
        for change, error, message in [
            ({"text": "3 mg at bedtime for 14 days"}, ScheduleError, "^instruction text must be"),
            ({"days": 0}, ScheduleError, "^days must be from 1 to 3652059, or None"),
            ({"days": None}, ScheduleError, "must be '1.5 mg at bedtime', got"),
            ({"amount": " "}, ScheduleError, "^amount must be a non-empty str"),
            ({"amount": 1}, LdnTypeError, "^amount must be a str, got int 1$"),
            ({"text": None}, LdnTypeError, "^text must be a str, got NoneType None$"),
            ({"days": 10**6 * 4}, ScheduleError, "^days must be from 1 to 3652059"),
        ]:
            with pytest.raises(error, match=message):
                attrs.evolve(line, **change)

    def test_instructions_need_a_callable_giving_strs(self) -> None:
        with pytest.raises(LdnTypeError, match=r"^amount must be a callable from Dose to str"):
            PLAN.instructions("mg")  # type: ignore[arg-type]
        with pytest.raises(
            LdnTypeError, match=r"^amount\(Dose\('1.5'\)\) must be a str, got int 3$"
        ):
            PLAN.instructions(lambda dose: 3)  # type: ignore[arg-type, return-value]

    def test_titrate_checks_the_policy_first(self) -> None:
        with pytest.raises(LdnTypeError, match=r"^policy must be a Policy, got NoneType None$"):
            titrate(start="1", step="1", interval_days=7, target="2", policy=None)  # type: ignore[arg-type]


class TestFormulations:
    def test_concentration_times_volume_in_both_orders(self) -> None:
        c = LIQUID.concentration
        assert c * Volume(9) == Volume(9) * c == Dose("4.5")
        with pytest.raises(LdnTypeError, match=r"^operand of Concentration \* must be a Volume"):
            c * Dose(1)  # type: ignore[operator]

    def test_concentrations_are_ordered_and_bounded(self) -> None:
        third, half = Concentration(Fraction(1, 3)), LIQUID.concentration
        assert third < half
        assert half >= Concentration(Fraction(1, 2))
        assert half <= Concentration(Fraction(1, 2))
        assert half > third
        assert not third > half
        assert not half < third
        assert not half <= third
        assert not third >= half
        assert not half < half
        assert not half > half
        assert Concentration(Fraction(10**12, 10**12 - 1)).mg_per_ml > 1
        with pytest.raises(FormulationError, match="at most 10\\*\\*12, got 1/1000000000001"):
            Concentration(Fraction(1, 10**12 + 1))
        with pytest.raises(FormulationError, match="a positive Fraction, got NoneType None"):
            Concentration(None)  # type: ignore[arg-type]

    def test_syringes_take_fractions_ints_and_volumes(self) -> None:
        syringe = ORAL_SYRINGES[0]  # 1 mL marked every 0.01 mL
        assert syringe.holds(1)
        assert syringe.holds(Volume("0.5"))
        assert syringe.measures(Fraction(1, 2))
        assert not syringe.measures(Fraction(1, 3))
        with pytest.raises(LdnTypeError, match=r"^volume in mL must be a Fraction, int or Volume"):
            syringe.holds(Decimal(1))  # type: ignore[arg-type]
        with pytest.raises(FormulationError, match=r"^volume in mL must be a positive Fraction"):
            syringe.holds(Fraction(1, 10**30))

    def test_liquid_doses_must_add_up(self) -> None:
        measured = LIQUID.measure("4.5")
        assert measured == LiquidDose("4.5", "9", ORAL_SYRINGES[3], LIQUID.concentration)
        with pytest.raises(
            FormulationError,
            match=r"^dose in 1 mL at 0.5 mg/mL must be 0.5 mg, what that volume holds, got 4.5 mg \[LDN-LIQUID\]$",
        ):
            attrs.evolve(measured, volume=Volume(1))
        with pytest.raises(FormulationError, match=r"^volume drawn with a 1 mL oral syringe"):
            LiquidDose("4.5", "9", ORAL_SYRINGES[0], LIQUID.concentration)
        with pytest.raises(LdnTypeError, match=r"^concentration must be a Concentration"):
            attrs.evolve(measured, concentration=Fraction(1, 2))

    def test_handling_instructions_check_their_fields(self) -> None:
        assert HANDLING[0].rule_id is RuleId.LIQUID
        assert HandlingInstruction("shake-well", "Shake.", "LDN-LIQUID").rule_id is RuleId.LIQUID
        for args, error in [
            (("Shake well", "Shake."), FormulationError),
            (("shake", " "), FormulationError),
            (("shake", "Shake.", "LDN-NOPE"), FormulationError),
            ((1, "Shake."), LdnTypeError),
        ]:
            with pytest.raises(error):
                HandlingInstruction(*args)

    def test_reported_costs_check_their_fields(self) -> None:
        for change, error in [
            ({"amount": 90}, LdnTypeError),
            ({"amount": Decimal(-1)}, FormulationError),
            ({"amount": Decimal("Infinity")}, FormulationError),
            ({"amount": Decimal(10**12 + 1)}, FormulationError),
            ({"currency": "nzd"}, FormulationError),
            ({"currency": None}, LdnTypeError),
            ({"supply_days": 0}, FormulationError),
            ({"supply_days": 3661}, FormulationError),
            ({"source": ""}, FormulationError),
            ({"recorded_on": dt.datetime(2026, 1, 1)}, LdnTypeError),
        ]:
            with pytest.raises(error):
                attrs.evolve(REPORTED_CAPSULE_COST, **change)
        cost = ReportedCost(Decimal(10**12), "NZD", 1, "d", "s", dt.date(2026, 1, 1))
        assert cost.per_day() == Decimal(10**12)

    def test_argument_types(self) -> None:
        with pytest.raises(LdnTypeError, match=r"^plan must be a TitrationPlan, got NoneType"):
            capsules_for(None)  # type: ignore[arg-type]
        with pytest.raises(LdnTypeError, match=r"^sensitivities must be a collection of fillers"):
            choose_filler(5)  # type: ignore[arg-type]
        with pytest.raises(LdnTypeError, match=r"^item of syringes must be a Syringe"):
            LIQUID.measure("1", [None])  # type: ignore[list-item]
        with pytest.raises(LdnTypeError, match=r"^policy must be a Policy, got str"):
            OralLiquid.from_tablet(policy="monograph")  # type: ignore[arg-type]
        assert choose_filler(iter(["cellulose"])) is Filler.SUCROSE


class TestExport:
    @pytest.mark.parametrize("value", [["R5"], {"R5"}, None, "r5"])
    def test_unhashable_or_wrong_choices(self, value: object) -> None:
        with pytest.raises(ExportError):
            medication_request(PLAN, subject="Patient/1", version=value)  # type: ignore[arg-type]
        with pytest.raises(ExportError):
            medication_request(PLAN, subject="Patient/1", status=value)  # type: ignore[arg-type]

    def test_detected_issues_need_a_report(self) -> None:
        with pytest.raises(LdnTypeError, match=r"^report must be a ScreeningReport"):
            detected_issues([], subject="Patient/1", identified=dt.date(2026, 3, 1))  # type: ignore[arg-type]
        report = screen(ldn_patient())
        assert detected_issues(report, subject="Patient/1", identified=dt.date(2026, 3, 1))


def ldn_patient() -> Any:
    from ldn import Patient

    return Patient(medications=["tramadol"], opioid_use=False)


class TestStrategies:
    def test_arguments_are_checked(self) -> None:
        with pytest.raises(
            InvalidDoseError, match=r"^high must be at least low \(2 mg\), got 1 mg$"
        ):
            ldn_strategies.doses(Dose(2), Dose(1))
        with pytest.raises(InvalidDoseError, match=r"^high must be at least 0.5 mg, got 0.1 mg$"):
            ldn_strategies.half_mg_doses(Dose("0.1"))
        with pytest.raises(LdnTypeError, match=r"^policy must be a Policy"):
            find(ldn_strategies.plans("monograph"), lambda plan: True)  # type: ignore[arg-type]
        with pytest.raises(LdnTypeError, match=r"^opioids must be True, False or None"):
            find(ldn_strategies.patients("yes"), lambda patient: True)  # type: ignore[arg-type]


TRIAL = MONOGRAPH.derive(name="trial", reason="r", max_daily_dose="6")

#: The exact message of each raise site added for hostile input (as tests/test_messages.py
#: does for the others): a message is part of the interface.
MESSAGES = [
    pytest.param(
        lambda: Bounds("x", "mg", Decimal(1), Decimal("0.02")),
        InvalidDoseError,
        "quantum of bounds must be a power of ten at most 1, got 0.02",
        id="Bounds quantum",
    ),
    pytest.param(
        lambda: Bounds("x", "mg", Decimal(10), Decimal(10)),
        InvalidDoseError,
        "quantum of bounds must be a power of ten at most 1, got 10",
        id="Bounds quantum above 1",
    ),
    pytest.param(
        lambda: Bounds("x", "mg", Decimal("1.5"), Decimal(1)),
        InvalidDoseError,
        "maximum of bounds must be a whole multiple of 1, got 1.5",
        id="Bounds maximum",
    ),
    pytest.param(
        lambda: Bounds("x", "mg", 1, Decimal(1)),
        LdnTypeError,
        "maximum must be a positive Decimal, got int 1",
        id="Bounds maximum type",
    ),
    pytest.param(
        lambda: Bounds("x", "mg", Decimal(0), Decimal(1)),
        InvalidDoseError,
        "maximum must be a positive Decimal, got 0",
        id="Bounds maximum zero",
    ),
    pytest.param(
        lambda: Bounds("x" * 41, "mg", Decimal(1), Decimal(1)),
        LdnTypeError,
        "what must be a non-empty str of at most 40 characters, got str 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'",
        id="Bounds what",
    ),
    pytest.param(
        lambda: Bounds("x", " ", Decimal(1), Decimal(1)),
        LdnTypeError,
        "unit must be a non-empty str of at most 40 characters, got str ' '",
        id="Bounds unit",
    ),
    pytest.param(
        lambda: Dose(Fraction(1, 3**40)),
        InvalidDoseError,
        "dose in mg must be a fraction with an exact decimal form, got Fraction(1/12157665459056928801)",
        id="Dose 64-bit denominator",
    ),
    pytest.param(
        lambda: Dose(Fraction(1, 3**41)),
        InvalidDoseError,
        "dose in mg must be greater than 0 mg and at most 1000 mg, in steps of 0.001 mg, got 1/36472996377170786403",
        id="Dose 65-bit denominator",
    ),
    pytest.param(
        lambda: Dose(Fraction(0)),
        InvalidDoseError,
        "dose in mg must be greater than 0 mg and at most 1000 mg, in steps of 0.001 mg, got 0",
        id="Dose Fraction 0",
    ),
    pytest.param(
        lambda: Dose(0),
        InvalidDoseError,
        "dose in mg must be greater than 0 mg and at most 1000 mg, in steps of 0.001 mg, got 0",
        id="Dose int 0",
    ),
    pytest.param(
        lambda: Dose("x" * 100),
        InvalidDoseError,
        "dose in mg must be a plain decimal number such as '0.5' or '4.5' (leading zero, no sign, no unit), got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'",
        id="Dose str long",
    ),
    pytest.param(
        lambda: Dose(1) < 1,
        LdnTypeError,
        "operand of Dose < must be a Dose, got int 1",
        id="Dose <",
    ),
    pytest.param(
        lambda: Dose(1) <= 1,
        LdnTypeError,
        "operand of Dose <= must be a Dose, got int 1",
        id="Dose <=",
    ),
    pytest.param(
        lambda: Dose(1) > 1,
        LdnTypeError,
        "operand of Dose > must be a Dose, got int 1",
        id="Dose >",
    ),
    pytest.param(
        lambda: Dose(1) >= 1,
        LdnTypeError,
        "operand of Dose >= must be a Dose, got int 1",
        id="Dose >=",
    ),
    pytest.param(
        lambda: Dose(1) - None,
        LdnTypeError,
        "operand of Dose - must be a Dose, got NoneType None",
        id="Dose -",
    ),
    pytest.param(
        lambda: Volume(1) < Dose(1),
        LdnTypeError,
        "value compared with a Volume must be a Volume, got Dose Dose('1')",
        id="Volume <",
    ),
    pytest.param(
        lambda: LIQUID.concentration < 1,
        LdnTypeError,
        "value compared with a Concentration must be a Concentration, got int 1",
        id="Concentration <",
    ),
    pytest.param(
        lambda: format(Dose(1), ".2f"),
        InvalidDoseError,
        "format spec of a dose must be fill, alignment and width below 1000 only, such as '>8' (a precision would cut the text, a number format would round), got str '.2f'",
        id="Dose format",
    ),
    pytest.param(
        lambda: format(Volume(1), "1000"),
        InvalidDoseError,
        "format spec of a volume must be fill, alignment and width below 1000 only, such as '>8' (a precision would cut the text, a number format would round), got str '1000'",
        id="Volume format",
    ),
    pytest.param(
        lambda: as_volume("0", "water_ml"),
        InvalidDoseError,
        "water_ml in mL must be greater than 0 mL and at most 10000 mL, in steps of 0.001 mL, got 0",
        id="as_volume name",
    ),
    pytest.param(
        lambda: as_volume("1", 3),  # type: ignore[arg-type]
        LdnTypeError,
        "name must be a str, got int 3",
        id="as_volume name type",
    ),
    pytest.param(
        lambda: Rule("LDN-X", "t", "s", "x"),
        InvalidPolicyError,
        "rule id must be one of LDN-DOSE-MAX, LDN-DOSE-TYPICAL, LDN-START, LDN-STEP-INTERVAL, LDN-TIMING, LDN-REVIEW, LDN-OPIOID, LDN-FILLER, LDN-LIQUID, LDN-HEPATIC, LDN-ADVERSE, LDN-FORMULATION, LDN-SUPPLY, LDN-ANTAGONIST, got 'LDN-X'",
        id="Rule id",
    ),
    pytest.param(
        lambda: Rule(RuleId.START, " ", "s", "x"),
        InvalidPolicyError,
        "title must be a non-empty str, got ' '",
        id="Rule title",
    ),
    pytest.param(
        lambda: Rule(RuleId.START, b"t", "s", "x"),  # type: ignore[arg-type]
        LdnTypeError,
        "title must be a non-empty str, got bytes b't'",
        id="Rule title type",
    ),
    pytest.param(
        lambda: Rule(RuleId.START, "t", "s", "x", ("start_min", "nope")),
        InvalidPolicyError,
        "figures must be distinct names of policy figures (see FIGURE_TYPES), got tuple ('start_min', 'nope')",
        id="Rule figures unknown",
    ),
    pytest.param(
        lambda: Rule(RuleId.START, "t", "s", "x", ["start_min", "start_min"]),
        InvalidPolicyError,
        "figures must be distinct names of policy figures (see FIGURE_TYPES), got list ['start_min', 'start_min']",
        id="Rule figures repeated",
    ),
    pytest.param(
        lambda: Rule(RuleId.START, "t", "s", "x", "start_min"),
        LdnTypeError,
        "figures must be a tuple or list of str, got str 'start_min'",
        id="Rule figures type",
    ),
    pytest.param(
        lambda: Rule(RuleId.START, "t", "s", "x", (), 1),
        LdnTypeError,
        "informational must be a bool, got int 1",
        id="Rule informational",
    ),
    pytest.param(
        lambda: PolicyChange("nope", Dose(1), Dose(2), RuleId.DOSE_MAX),
        InvalidPolicyError,
        "figure of a policy change must be one of max_daily_dose, typical_low, typical_high, typical_common, start_min, start_max, min_interval_days, max_interval_days, review_from_day, review_to_day, loperamide_blocks, liquid_tablet, liquid_water, got str 'nope'",
        id="PolicyChange figure",
    ),
    pytest.param(
        lambda: PolicyChange("max_daily_dose", 4, Dose(2), RuleId.DOSE_MAX),
        LdnTypeError,
        "old value of max_daily_dose must be a Dose, got int 4",
        id="PolicyChange old",
    ),
    pytest.param(
        lambda: PolicyChange("max_daily_dose", Dose(2), Dose(2), RuleId.DOSE_MAX),
        InvalidPolicyError,
        "new value of max_daily_dose must be other than 2 mg, got 2 mg",
        id="PolicyChange same",
    ),
    pytest.param(
        lambda: PolicyChange("max_daily_dose", Dose(1), Dose(2), "LDN-START"),
        InvalidPolicyError,
        "rule of figure max_daily_dose must be LDN-DOSE-MAX, got LDN-START",
        id="PolicyChange rule",
    ),
    pytest.param(
        lambda: PolicyChange("max_daily_dose", Dose(1), Dose(2), 5),
        InvalidPolicyError,
        "rule id must be one of LDN-DOSE-MAX, LDN-DOSE-TYPICAL, LDN-START, LDN-STEP-INTERVAL, LDN-TIMING, LDN-REVIEW, LDN-OPIOID, LDN-FILLER, LDN-LIQUID, LDN-HEPATIC, LDN-ADVERSE, LDN-FORMULATION, LDN-SUPPLY, LDN-ANTAGONIST, got int 5",
        id="PolicyChange rule unknown",
    ),
    pytest.param(
        lambda: attrs.evolve(MONOGRAPH, name=" MonoGraph ", max_daily_dose=Dose(6)),
        InvalidPolicyError,
        "name of a policy other than the monograph's must be a name other than 'monograph' (derive a named policy from MONOGRAPH), got ' MonoGraph '",
        id="Policy reserved",
    ),
    pytest.param(
        lambda: attrs.evolve(TRIAL, derived_from="x"),
        InvalidPolicyError,
        "derived_from of policy 'trial' must be the last name of its lineage ('monograph'), got 'x'",
        id="Policy derived_from",
    ),
    pytest.param(
        lambda: attrs.evolve(TRIAL, derived_from=5),
        LdnTypeError,
        "derived_from must be a non-empty str, got int 5",
        id="Policy derived_from type",
    ),
    pytest.param(
        lambda: attrs.evolve(TRIAL, derived_from=""),
        InvalidPolicyError,
        "derived_from must be a non-empty str, got ''",
        id="Policy derived_from empty",
    ),
    pytest.param(
        lambda: attrs.evolve(TRIAL.derive(name="b", reason="r", max_daily_dose="5"), name=" Trial"),
        InvalidPolicyError,
        "name of policy ' Trial' must be a name not already used in its derivation chain (monograph -> trial), got ' Trial'",
        id="Policy repeated name",
    ),
    pytest.param(
        lambda: attrs.evolve(MONOGRAPH, name="x", changes=TRIAL.changes, max_daily_dose=Dose(6)),
        InvalidPolicyError,
        "changes of policy 'x' must be at least one change on a derived policy and none on any other, got 1 changes",
        id="Policy changes without parent",
    ),
    pytest.param(
        lambda: attrs.evolve(TRIAL, changes=()),
        InvalidPolicyError,
        "changes of policy 'trial' must be at least one change on a derived policy and none on any other, got 0 changes",
        id="Policy parent without changes",
    ),
    pytest.param(
        lambda: attrs.evolve(TRIAL, max_daily_dose=Dose(5)),
        InvalidPolicyError,
        "max_daily_dose of policy 'trial' must be 6 mg, as its last recorded change says, got 5 mg",
        id="Policy change disagrees",
    ),
    pytest.param(
        lambda: attrs.evolve(MONOGRAPH, name="n" * 101),
        InvalidPolicyError,
        "name must be at most 100 characters, got 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn...'",
        id="Policy name long",
    ),
    pytest.param(
        lambda: attrs.evolve(MONOGRAPH, reason=None),
        LdnTypeError,
        "reason must be a non-empty str, got NoneType None",
        id="Policy reason type",
    ),
    pytest.param(
        lambda: MONOGRAPH.derive(name="n", reason=" ", max_daily_dose="6"),
        InvalidPolicyError,
        "reason for a derived policy must be a non-empty str, got ' '",
        id="Policy reason blank",
    ),
    pytest.param(
        lambda: TRIAL.derive(name="trial", reason="r", max_daily_dose="5"),
        InvalidPolicyError,
        "name of a derived policy must be a name other than 'trial', got 'trial'",
        id="Policy derive same name",
    ),
    pytest.param(
        lambda: MONOGRAPH.derive(name="n", reason="r", review_to_day=10**5000),
        InvalidPolicyError,
        "review_to_day must be between 0 and 366 days, got an int of about 5001 digits [LDN-REVIEW]",
        id="Policy derive review day",
    ),
    pytest.param(
        lambda: MONOGRAPH.rule(None),
        InvalidPolicyError,
        "rule id must be one of LDN-DOSE-MAX, LDN-DOSE-TYPICAL, LDN-START, LDN-STEP-INTERVAL, LDN-TIMING, LDN-REVIEW, LDN-OPIOID, LDN-FILLER, LDN-LIQUID, LDN-HEPATIC, LDN-ADVERSE, LDN-FORMULATION, LDN-SUPPLY, LDN-ANTAGONIST, got NoneType None",
        id="Policy rule",
    ),
    pytest.param(
        lambda: MONOGRAPH.check_interval(None),
        LdnTypeError,
        "interval in days must be an int, got NoneType None",
        id="check_interval",
    ),
    pytest.param(
        lambda: ReviewWindow(42, 28),
        ScheduleError,
        "last_day of a review window must be at least first_day 42, got 28 [LDN-REVIEW]",
        id="ReviewWindow order",
    ),
    pytest.param(
        lambda: ReviewWindow(28, 42, None, dt.date(2026, 1, 1)),
        ScheduleError,
        "dates of a review window must be both dates or neither, got None and 2026-01-01 [LDN-REVIEW]",
        id="ReviewWindow one date",
    ),
    pytest.param(
        lambda: ReviewWindow(28, 42, dt.date(2026, 1, 1), dt.date(2026, 1, 2)),
        ScheduleError,
        "dates of a review window must be 14 days apart, as its days are, got 2026-01-01 to 2026-01-02 (1 day apart) [LDN-REVIEW]",
        id="ReviewWindow span",
    ),
    pytest.param(
        lambda: ReviewWindow(28, 42, dt.datetime(2026, 1, 1), dt.date(2026, 1, 2)),
        LdnTypeError,
        "first_date must be a datetime.date, got datetime datetime.datetime(2026, 1, 1, 0, 0)",
        id="ReviewWindow date type",
    ),
    pytest.param(
        lambda: InstructionLine("1", 7, "1 mg", "1 mg at night"),
        ScheduleError,
        "instruction text must be '1 mg at bedtime for 7 days', got '1 mg at night' [LDN-TIMING]",
        id="InstructionLine text",
    ),
    pytest.param(
        lambda: InstructionLine("1", 7, "", " at bedtime for 7 days"),
        ScheduleError,
        "amount must be a non-empty str, got ''",
        id="InstructionLine amount",
    ),
    pytest.param(
        lambda: InstructionLine("1", 0, "1 mg", "1 mg at bedtime"),
        ScheduleError,
        "days must be from 1 to 3652059, or None (open-ended), got 0",
        id="InstructionLine days",
    ),
    pytest.param(
        lambda: InstructionLine("1", "7", "1 mg", "1 mg at bedtime"),
        LdnTypeError,
        "days must be an int, got str '7'",
        id="InstructionLine days type",
    ),
    pytest.param(
        lambda: InstructionLine("1", None, "1 mg", b"1 mg at bedtime"),
        LdnTypeError,
        "text must be a str, got bytes b'1 mg at bedtime'",
        id="InstructionLine text type",
    ),
    pytest.param(
        lambda: Step("1", 0, MAX_PLAN_DAY + 1),
        ScheduleError,
        "last_day must be from 0 to 3652058, got 3652059",
        id="Step day",
    ),
    pytest.param(
        lambda: Step("1", 5, 4),
        ScheduleError,
        "last_day must be at least 5, got 4",
        id="Step order",
    ),
    pytest.param(
        lambda: attrs.evolve(PLAN, start_date=dt.date(9999, 12, 1)),
        ScheduleError,
        "start_date must be on or before 9999-10-22, so that every date up to the review window (plan day 70) exists, got 9999-12-01 [LDN-REVIEW]",
        id="plan start_date",
    ),
    pytest.param(
        lambda: attrs.evolve(PLAN, start_date="2026-01-01"),
        LdnTypeError,
        "start_date must be a datetime.date, got str '2026-01-01'",
        id="plan start_date type",
    ),
    pytest.param(
        lambda: attrs.evolve(PLAN, start_date=dt.date(9999, 1, 1)).date_of(400),
        ScheduleError,
        "plan day from 9999-01-01 must be at most 364 (the calendar ends 9999-12-31), got 400",
        id="plan date_of",
    ),
    pytest.param(
        lambda: PLAN.dose_on(MAX_PLAN_DAY + 1),
        ScheduleError,
        "plan day must be at most 3652058 (the days a calendar holds), got 3652059",
        id="plan day",
    ),
    pytest.param(
        lambda: PLAN.total_mg(5, 4),
        ScheduleError,
        "last day of span must be on or after day 5, got 4",
        id="plan span",
    ),
    pytest.param(
        lambda: attrs.evolve(PLAN, steps=(Step("1.5", 0, None),), target=Dose(1)),
        ScheduleError,
        "target must be at least the start 1.5 mg, got 1 mg",
        id="plan target",
    ),
    pytest.param(
        lambda: PLAN.instructions("mg"),  # type: ignore[arg-type]
        LdnTypeError,
        "amount must be a callable from Dose to str, got str 'mg'",
        id="plan instructions",
    ),
    pytest.param(
        lambda: PLAN.instructions(lambda dose: None),
        LdnTypeError,
        "amount(Dose('1.5')) must be a str, got NoneType None",
        id="plan instructions str",
    ),
    pytest.param(
        lambda: titrate(start="1", step="1", interval_days=7, target="2", policy=None),
        LdnTypeError,
        "policy must be a Policy, got NoneType None",
        id="titrate policy",
    ),
    pytest.param(
        lambda: Concentration(Fraction(10**12 + 1, 3)),
        FormulationError,
        "concentration in mg/mL must be a Fraction whose numerator and denominator are at most 10**12, got 1000000000001/3",
        id="Concentration big",
    ),
    pytest.param(
        lambda: Concentration("1/2"),  # type: ignore[arg-type]
        FormulationError,
        "concentration in mg/mL must be a positive Fraction, got str '1/2'",
        id="Concentration type",
    ),
    pytest.param(
        lambda: LIQUID.concentration * 2,
        LdnTypeError,
        "operand of Concentration * must be a Volume, got int 2",
        id="Concentration *",
    ),
    pytest.param(
        lambda: ORAL_SYRINGES[0].holds("1"),  # type: ignore[arg-type]
        LdnTypeError,
        "volume in mL must be a Fraction, int or Volume, got str '1'",
        id="syringe holds type",
    ),
    pytest.param(
        lambda: ORAL_SYRINGES[0].holds(0),
        FormulationError,
        "volume in mL must be a positive Fraction with terms at most 10**24, got 0",
        id="syringe holds zero",
    ),
    pytest.param(
        lambda: ORAL_SYRINGES[0].holds(Fraction(1, 10**24 + 1)),
        FormulationError,
        "volume in mL must be a positive Fraction with terms at most 10**24, got 1/1000000000000000000000001",
        id="syringe holds big",
    ),
    pytest.param(
        lambda: HandlingInstruction("Shake well", "Shake."),
        FormulationError,
        "code must be lowercase words joined by '-', such as 'refrigerate', got 'Shake well'",
        id="HandlingInstruction code",
    ),
    pytest.param(
        lambda: HandlingInstruction(5, "Shake."),  # type: ignore[arg-type]
        LdnTypeError,
        "code must be a str, got int 5",
        id="HandlingInstruction code type",
    ),
    pytest.param(
        lambda: HandlingInstruction("shake", ""),
        FormulationError,
        "text must be a non-empty str, got ''",
        id="HandlingInstruction text",
    ),
    pytest.param(
        lambda: HandlingInstruction("shake", 1),
        LdnTypeError,
        "text must be a non-empty str, got int 1",
        id="HandlingInstruction text type",
    ),
    pytest.param(
        lambda: HandlingInstruction("shake", "Shake.", "LDN-NOPE"),
        FormulationError,
        "rule id must be one of LDN-DOSE-MAX, LDN-DOSE-TYPICAL, LDN-START, LDN-STEP-INTERVAL, LDN-TIMING, LDN-REVIEW, LDN-OPIOID, LDN-FILLER, LDN-LIQUID, LDN-HEPATIC, LDN-ADVERSE, LDN-FORMULATION, LDN-SUPPLY, LDN-ANTAGONIST, got 'LDN-NOPE'",
        id="HandlingInstruction rule",
    ),
    pytest.param(
        lambda: LiquidDose("4.5", "1", ORAL_SYRINGES[0], LIQUID.concentration),
        FormulationError,
        "dose in 1 mL at 0.5 mg/mL must be 0.5 mg, what that volume holds, got 4.5 mg [LDN-LIQUID]",
        id="LiquidDose dose",
    ),
    pytest.param(
        lambda: LiquidDose("4.5", "9", ORAL_SYRINGES[0], LIQUID.concentration),
        FormulationError,
        "volume drawn with a 1 mL oral syringe marked every 0.01 mL must be at most 1 mL, a multiple of 0.01 mL, got 9 mL [LDN-LIQUID]",
        id="LiquidDose syringe",
    ),
    pytest.param(
        lambda: LiquidDose("4.5", "9", "10 mL", LIQUID.concentration),  # type: ignore[arg-type]
        LdnTypeError,
        "syringe must be a Syringe, got str '10 mL'",
        id="LiquidDose syringe type",
    ),
    pytest.param(
        lambda: LiquidDose("4.5", "9", ORAL_SYRINGES[3], Fraction(1, 2)),  # type: ignore[arg-type]
        LdnTypeError,
        "concentration must be a Concentration, got Fraction Fraction(1, 2)",
        id="LiquidDose concentration type",
    ),
    pytest.param(
        lambda: OralLiquid.from_tablet(policy=None),
        LdnTypeError,
        "policy must be a Policy, got NoneType None",
        id="from_tablet policy",
    ),
    pytest.param(
        lambda: LIQUID.measure("1", None),
        LdnTypeError,
        "syringes must be an iterable of Syringe, got NoneType None",
        id="measure syringes",
    ),
    pytest.param(
        lambda: LIQUID.measure("1", [None]),
        LdnTypeError,
        "item of syringes must be a Syringe, got NoneType None",
        id="measure syringe item",
    ),
    pytest.param(
        lambda: attrs.evolve(REPORTED_CAPSULE_COST, amount=90),
        LdnTypeError,
        "amount must be a Decimal, got int 90",
        id="cost amount type",
    ),
    pytest.param(
        lambda: attrs.evolve(REPORTED_CAPSULE_COST, amount=Decimal(-1)),
        FormulationError,
        "amount must be a finite Decimal from 0 to 1,000,000,000,000, got -1",
        id="cost amount",
    ),
    pytest.param(
        lambda: attrs.evolve(REPORTED_CAPSULE_COST, currency=978),
        LdnTypeError,
        "currency must be a str, got int 978",
        id="cost currency type",
    ),
    pytest.param(
        lambda: attrs.evolve(REPORTED_CAPSULE_COST, currency="nzd"),
        FormulationError,
        "currency must be an ISO 4217 code such as 'NZD', got 'nzd'",
        id="cost currency",
    ),
    pytest.param(
        lambda: attrs.evolve(REPORTED_CAPSULE_COST, supply_days=3661),
        FormulationError,
        "supply_days must be from 1 to 3660 days, got 3661",
        id="cost days",
    ),
    pytest.param(
        lambda: attrs.evolve(REPORTED_CAPSULE_COST, supply_days=None),
        LdnTypeError,
        "supply_days must be an int, got NoneType None",
        id="cost days type",
    ),
    pytest.param(
        lambda: attrs.evolve(REPORTED_CAPSULE_COST, description=None),
        LdnTypeError,
        "description must be a non-empty str, got NoneType None",
        id="cost description type",
    ),
    pytest.param(
        lambda: attrs.evolve(REPORTED_CAPSULE_COST, source=" "),
        FormulationError,
        "source must be a non-empty str, got ' '",
        id="cost source",
    ),
    pytest.param(
        lambda: attrs.evolve(REPORTED_CAPSULE_COST, recorded_on=None),
        LdnTypeError,
        "recorded_on must be a datetime.date, got NoneType None",
        id="cost date",
    ),
    pytest.param(
        lambda: capsules_for("plan"),  # type: ignore[arg-type]
        LdnTypeError,
        "plan must be a TitrationPlan, got str 'plan'",
        id="capsules_for plan",
    ),
    pytest.param(
        lambda: choose_filler(None),
        LdnTypeError,
        "sensitivities must be a collection of fillers, not a str, got NoneType None",
        id="choose_filler",
    ),
    pytest.param(
        lambda: choose_filler(["starch"]),
        FormulationError,
        "filler must be one of cellulose, sucrose, ginger, got 'starch'",
        id="to_filler",
    ),
    pytest.param(
        lambda: medication_request(PLAN, subject="Patient/1", version=["R5"]),
        ExportError,
        "FHIR version must be 'R4', 'R4B' or 'R5', got list ['R5']",
        id="fhir version",
    ),
    pytest.param(
        lambda: medication_request(PLAN, subject=None),
        LdnTypeError,
        "subject must be a str such as 'Patient/123', got NoneType None",
        id="fhir subject",
    ),
    pytest.param(
        lambda: detected_issues([], subject="Patient/1", identified=dt.date(2026, 3, 1)),  # type: ignore[arg-type]
        LdnTypeError,
        "report must be a ScreeningReport, got list []",
        id="fhir report",
    ),
    pytest.param(
        lambda: find(ldn_strategies.titrate_kwargs(None), lambda kwargs: True),
        LdnTypeError,
        "policy must be a Policy, got NoneType None",
        id="strategies policy",
    ),
    pytest.param(
        lambda: find(ldn_strategies.plans(5), lambda plan: True),
        LdnTypeError,
        "policy must be a Policy, got int 5",
        id="strategies plans policy",
    ),
    pytest.param(
        lambda: ldn_strategies.doses(None),
        LdnTypeError,
        "low in mg must be an int, str, Decimal or Fraction, got NoneType None",
        id="strategies doses",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), MESSAGES)
def test_message(call: Callable[[], object], error: type[LdnError], message: str) -> None:
    with pytest.raises(LdnError) as raised:
        call()
    assert type(raised.value) is error
    assert str(raised.value) == message
    rule = re.search(r" \[(LDN-[A-Z-]+)\]$", message)
    assert raised.value.rule_id == (rule.group(1) if rule else None)


class TestBoundaries:
    """Each limit holds exactly at its value and refuses just past it."""

    def test_message_fields(self) -> None:
        kept = LdnError("s" * FIELD_LIMIT, "g", "a")
        assert kept.subject == "s" * FIELD_LIMIT
        cut = LdnError("s" * (FIELD_LIMIT + 1), "g", "a")
        assert cut.subject == "s" * (FIELD_LIMIT - 3) + "..."

    def test_int_sizes(self) -> None:
        assert shown(2**3999) == abbreviate(str(2**3999))  # 4000 bits: written out
        assert shown(2**4000) == "an int of about 1205 digits"  # 4001 bits: described
        assert shown(-1) == "-1"

    def test_volumes_for_syringes(self) -> None:
        assert ORAL_SYRINGES[0].holds(Fraction(1, 10**24))
        assert not ORAL_SYRINGES[0].measures(Fraction(1, 10**24))
        assert ORAL_SYRINGES[3].holds(10)
        assert not ORAL_SYRINGES[3].holds(Fraction(10**24, 10**23 - 1))

    def test_costs(self) -> None:
        for days in (1, 3660):
            assert attrs.evolve(REPORTED_CAPSULE_COST, supply_days=days).supply_days == days
        assert attrs.evolve(REPORTED_CAPSULE_COST, amount=Decimal(0)).per_day() == 0

    def test_bounds_words(self) -> None:
        assert Bounds("w" * 40, "mg", Decimal(1), Decimal(1)).what == "w" * 40
        assert Dose(Fraction(1000)) == Dose(1000)
        assert Volume(Fraction(10_000)) == Volume(10_000)
        assert Dose(Fraction(1, 1000)) == Dose("0.001")

    def test_instruction_days(self) -> None:
        for days in (1, MAX_PLAN_DAY + 1):
            text = f"1 mg at bedtime for {days} day" + ("" if days == 1 else "s")
            assert InstructionLine("1", days, "1 mg", text).days == days
        with pytest.raises(ScheduleError, match="from 1 to 3652059"):
            InstructionLine("1", MAX_PLAN_DAY + 2, "1 mg", "x")

    def test_the_last_start_date_a_plan_can_have(self) -> None:
        # maintenance from MAX_PLAN_DAY - 42 with a 42-day review window: the last needed day is
        # MAX_PLAN_DAY, so only 0001-01-01 can start it.
        steps = (Step("1", 0, MAX_PLAN_DAY - 43), Step("1.5", MAX_PLAN_DAY - 42, None))
        plan = attrs.evolve(PLAN, steps=steps)
        assert attrs.evolve(plan, start_date=dt.date.min).review_window.last_date == dt.date.max
        with pytest.raises(ScheduleError, match=r"must be on or before 0001-01-01, so that"):
            attrs.evolve(plan, start_date=dt.date(1, 1, 2))

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

    def test_a_fraction_at_the_size_limit_is_written_out(self) -> None:
        assert shown(Fraction(2**3999, 3)).startswith("659102046715471550051944897118")

    def test_fraction_parts_at_the_size_limit(self) -> None:
        text = shown(Fraction(2**3999, 3**5000))  # numerator 4000 bits, written out
        assert text.startswith("a Fraction, 6591020467154715500519448971182956")
        assert text.endswith("over an int of about 2386 digits")
        assert shown(Fraction(2**4000, 3**5000)).startswith("a Fraction, an int of about")

    def test_bounds_use_their_own_limit(self) -> None:
        tenths = Bounds("x", "mg", Decimal(2), Decimal("0.1"))
        assert exact_decimal(Fraction(3, 2), tenths) == Decimal("1.5")
        assert exact_decimal(2, tenths) == Decimal(2)
        with pytest.raises(InvalidDoseError, match=r"at most 2 mg, in steps of 0\.1 mg, got 3$"):
            exact_decimal(3, tenths)
        with pytest.raises(InvalidDoseError, match=r"got 21/10$"):
            exact_decimal(Fraction(21, 10), tenths)

    def test_a_decimal_is_described_with_capitals_whatever_the_context(self) -> None:
        with localcontext(Context(capitals=0)):
            assert describe(Decimal("1E+5")) == "Decimal Decimal('1E+5')"
            assert shown(Decimal("1E+5")) == "1E+5"

    def test_dose_comparisons_called_directly(self) -> None:
        assert Dose(2).__ge__(Dose(1)) is True
        assert Dose(1).__ge__(Dose(2)) is False
        assert Dose(2).__gt__(Dose(1)) is True
        assert Dose(1).__le__(Dose(1)) is True
        assert Dose(1).__lt__(Dose(1)) is False
