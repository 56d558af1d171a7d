"""Policies: the figures that decide what ``ldn`` accepts, and the default one. Private.

Import these from :mod:`ldn.monograph`.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, NoReturn, TypeAlias

import attrs
from attrs import field, frozen

from ldn._checks import abbreviate, describe, int_arg, nonempty, quoted, shown, tuple_of
from ldn.dose import Dose, DoseInput, Volume, as_dose
from ldn.errors import InvalidPolicyError, LdnTypeError, PolicyViolationError
from ldn.monograph._display import policy_html, policy_text
from ldn.monograph._rules import FIGURE_TYPES, RULES, Rule, RuleId, Washout, to_rule_id, to_washout

__all__ = [
    "DEPOT_DAYS",
    "MAX_NAME_LENGTH",
    "MONOGRAPH",
    "MONOGRAPH_NAME",
    "Figure",
    "Policy",
    "PolicyChange",
]

#: The value of one policy figure.
Figure: TypeAlias = "Dose | Volume | int | bool"

#: The name of the default policy; no other policy may take it (in any case or spacing).
MONOGRAPH_NAME: Final = "monograph"
#: The longest policy name: names appear in every message about the policy.
MAX_NAME_LENGTH: Final = 100
#: The monograph policy's opioid-free interval after depot buprenorphine, in days (LDN-OPIOID-
#: FREE): five times 60 days, the top of the SUBLOCADE label's terminal half-life (43 to 60 days).
DEPOT_DAYS: Final = 300


def _nonempty(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    nonempty(value, attribute.name, InvalidPolicyError)


def _exact_mg(amount: object) -> Fraction | Decimal | None:
    """An amount given to a predicate, in mg, as an exact number; None for a Decimal NaN.

    A Decimal stays a Decimal: it compares exactly in any context, and a huge exponent costs
    nothing (its Fraction would be a huge int). A NaN would signal; no rule allows it.
    """
    if isinstance(amount, Dose):
        return amount.mg
    if isinstance(amount, Fraction):
        return amount
    if isinstance(amount, Decimal):
        return None if amount.is_nan() else amount
    raise LdnTypeError("amount", describe(amount), "a Dose, Decimal or Fraction")


def _bounded(amount: Fraction | Decimal) -> Fraction | None:
    """A Fraction of an amount whose scale a dose could have; None beyond (or infinite)."""
    exponent = 0 if isinstance(amount, Fraction) else amount.as_tuple().exponent
    return Fraction(amount) if isinstance(exponent, int) and -1000 <= exponent <= 1000 else None


def _within(amount: Fraction | Decimal | None, low: Dose | None, high: Dose) -> bool:
    """Whether ``low <= amount <= high`` (``low`` None: no lower bound), exactly."""
    if amount is None:
        return False
    if isinstance(amount, Fraction):
        return (low is None or Fraction(low.mg) <= amount) and amount <= Fraction(high.mg)
    return (low is None or low.mg <= amount) and amount <= high.mg


_RULE_BY_ID: Final = {rule.id: rule for rule in RULES}
_RULE_OF_FIGURE: Final = {name: rule.id for rule in RULES for name in rule.figures}


def _check_days(attribute: attrs.Attribute[int], value: object, minimum: int) -> None:
    """A whole number of days between ``minimum`` and 366."""
    int_arg(value, attribute.name)
    if not minimum <= value <= 366:  # type: ignore[operator]
        raise InvalidPolicyError(
            attribute.name,
            shown(value),
            f"between {minimum} and 366 days",
            rule_id=_RULE_OF_FIGURE[attribute.name],
        )


def _interval_days(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    _check_days(attribute, value, 1)


def _review_day(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    _check_days(attribute, value, 0)


def _flag(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise LdnTypeError(attribute.name, describe(value), "a bool")


def _name(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if len(nonempty(value, attribute.name, InvalidPolicyError)) > MAX_NAME_LENGTH:
        raise InvalidPolicyError(
            attribute.name, quoted(value), f"at most {MAX_NAME_LENGTH} characters"
        )


def _optional_name(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None:
        _name(instance, attribute, value)  # type: ignore[arg-type]


def _is_reserved(name: str) -> bool:
    return name.strip().casefold() == MONOGRAPH_NAME


@frozen
class PolicyChange:
    """One figure a derived policy changed, with the rule that figure belongs to.

    ``old`` and ``new`` differ and are of the figure's type; ``rule_id`` is the rule
    the figure belongs to (it may be given as its text).
    """

    figure: str
    old: Figure
    new: Figure
    rule_id: RuleId = field(converter=to_rule_id)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.figure, str) or self.figure not in FIGURE_TYPES:
            raise InvalidPolicyError(
                "figure of a policy change",
                describe(self.figure),
                f"one of {', '.join(FIGURE_TYPES)}",
            )
        kind = FIGURE_TYPES[self.figure]
        for which in ("old", "new"):
            value = getattr(self, which)
            if type(value) is not kind:
                raise LdnTypeError(
                    f"{which} value of {self.figure}", describe(value), f"a {kind.__name__}"
                )
        if self.old == self.new:
            raise InvalidPolicyError(
                f"new value of {self.figure}", shown(self.new), f"other than {shown(self.old)}"
            )
        if self.rule_id is not _RULE_OF_FIGURE[self.figure]:
            raise InvalidPolicyError(
                f"rule of figure {self.figure}",
                str(self.rule_id),
                str(_RULE_OF_FIGURE[self.figure]),
            )


def _figure_value(figure: str, value: object) -> Figure:
    """A figure given to :meth:`Policy.derive`, converted to the figure's type (ranges come later)."""
    kind = FIGURE_TYPES[figure]
    if kind is Dose:
        return Dose(value)
    if kind is Volume:
        return Volume(value)
    if kind is int:
        return int_arg(value, figure)
    if not isinstance(value, bool):
        raise LdnTypeError(figure, describe(value), "a bool")
    return value


def _changes(value: object) -> tuple[PolicyChange, ...]:
    return tuple_of(value, PolicyChange, "changes")


def _lineage(value: object) -> tuple[str, ...]:
    return tuple_of(value, str, "lineage")


def _lineage_default(policy: Policy) -> tuple[str, ...]:
    return () if policy.derived_from is None else (policy.derived_from,)


@frozen
class Policy:
    """The figures that decide what ``ldn`` accepts, each traceable to a :class:`Rule`.

    Build one with :meth:`derive` from :data:`MONOGRAPH`; the constructor is for
    the monograph itself and for tests.
    """

    name: str = field(validator=_name)
    reason: str = field(validator=_nonempty, repr=False)
    max_daily_dose: Dose = field(converter=Dose)
    typical_low: Dose = field(converter=Dose, repr=False)
    typical_high: Dose = field(converter=Dose, repr=False)
    typical_common: Dose = field(converter=Dose, repr=False)
    start_min: Dose = field(converter=Dose)
    start_max: Dose = field(converter=Dose)
    min_interval_days: int = field(validator=_interval_days)
    max_interval_days: int = field(validator=_interval_days)
    review_from_day: int = field(validator=_review_day, repr=False)
    review_to_day: int = field(validator=_review_day, repr=False)
    loperamide_blocks: bool = field(validator=_flag, repr=False)
    liquid_tablet: Dose = field(converter=Dose, repr=False)
    liquid_water: Volume = field(converter=Volume, repr=False)
    opioid_free_days: int = field(default=10, validator=_interval_days, repr=False)
    opioid_free_days_long: int = field(default=14, validator=_interval_days, repr=False)
    opioid_free_days_depot: int = field(default=DEPOT_DAYS, validator=_interval_days, repr=False)
    unrecognised_blocks: bool = field(default=False, validator=_flag, repr=False)
    dispense_days_default: int = field(default=30, validator=_interval_days, repr=False)
    confirmation_days: int = field(default=7, validator=_review_day, repr=False)
    continuation_days: int = field(default=7, validator=_review_day, repr=False)
    max_rise: Dose = field(default=Dose("1.5"), converter=Dose, repr=False)
    liquid_bud_days: int = field(default=14, validator=_interval_days, repr=False)
    switch_nights: int = field(default=14, validator=_interval_days, repr=False)
    derived_from: str | None = field(default=None, repr=False, validator=_optional_name)
    changes: tuple[PolicyChange, ...] = field(default=(), repr=False, converter=_changes)
    #: The names of the policies this one was derived through, the first first.
    lineage: tuple[str, ...] = field(
        default=attrs.Factory(_lineage_default, takes_self=True),
        repr=False,
        converter=_lineage,
    )

    __str__ = policy_text
    _repr_html_ = policy_html

    def __attrs_post_init__(self) -> None:
        self._check_name_and_lineage()
        self._check_changes()
        self._require(self.start_min <= self.start_max, "start_min", "start_max")
        self._require(self.start_max <= self.max_daily_dose, "start_max", "max_daily_dose")
        self._require(self.typical_low <= self.typical_common, "typical_low", "typical_common")
        self._require(self.typical_common <= self.typical_high, "typical_common", "typical_high")
        self._require(
            self.min_interval_days <= self.max_interval_days,
            "min_interval_days",
            "max_interval_days",
        )
        self._require(
            self.review_from_day <= self.review_to_day, "review_from_day", "review_to_day"
        )
        self._require(
            self.opioid_free_days <= self.opioid_free_days_long,
            "opioid_free_days",
            "opioid_free_days_long",
        )
        self._require(
            self.opioid_free_days_long <= self.opioid_free_days_depot,
            "opioid_free_days_long",
            "opioid_free_days_depot",
        )
        self._require(self.max_rise <= self.max_daily_dose, "max_rise", "max_daily_dose")

    def _check_name_and_lineage(self) -> None:
        if _is_reserved(self.name) and self != _DEFAULT.get(MONOGRAPH_NAME, self):
            raise InvalidPolicyError(
                "name of a policy other than the monograph's",
                quoted(self.name),
                f"a name other than {MONOGRAPH_NAME!r} (derive a named policy from MONOGRAPH)",
            )
        expected_parent = self.lineage[-1] if self.lineage else None
        if self.derived_from != expected_parent:
            raise InvalidPolicyError(
                f"derived_from of policy {self.name!r}",
                quoted(self.derived_from),
                f"the last name of its lineage ({quoted(expected_parent)})",
            )
        names = (*self.lineage, self.name)
        if len({" ".join(n.split()).casefold() for n in names}) != len(names):
            raise InvalidPolicyError(
                f"name of policy {self.name!r}",
                quoted(self.name),
                "a name not already used in its derivation chain "
                f"({abbreviate(' -> '.join(self.lineage), 200)})",
            )
        if (self.derived_from is None) != (not self.changes):
            raise InvalidPolicyError(
                f"changes of policy {self.name!r}",
                f"{len(self.changes)} changes",
                "at least one change on a derived policy and none on any other",
            )

    def _check_changes(self) -> None:
        """The last recorded change of each figure must give the figure its current value."""
        latest = {change.figure: change.new for change in self.changes}
        for figure, value in latest.items():
            if getattr(self, figure) != value:
                raise InvalidPolicyError(
                    f"{figure} of policy {self.name!r}",
                    shown(getattr(self, figure)),
                    f"{shown(value)}, as its last recorded change says",
                )

    def _require(self, holds: bool, lower: str, upper: str) -> None:
        if not holds:
            raise InvalidPolicyError(
                f"{lower} of policy {self.name!r}",
                str(getattr(self, lower)),
                f"at most {upper} ({getattr(self, upper)})",
                rule_id=_RULE_OF_FIGURE[lower],
            )

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules behind this policy's figures (the monograph's, for every policy)."""
        return RULES

    def rule(self, rule_id: RuleId | str) -> Rule:
        """Look up one rule by its id.

        >>> MONOGRAPH.rule("LDN-TIMING").title
        'Time of dosing'
        """
        return _RULE_BY_ID[to_rule_id(rule_id)]

    def figures(self, rule_id: RuleId | str) -> dict[str, Figure]:
        """The figures this policy holds for one rule, by name."""
        return {name: getattr(self, name) for name in self.rule(rule_id).figures}

    def derive(self, *, name: str, reason: str, **figures: object) -> Policy:
        """A new policy with other figures, a name of its own and a stated reason.

        Every changed figure is recorded in ``changes`` (with this policy's
        changes before it). Unknown figure names, an empty reason, a reused name
        and a derivation that changes nothing are refused.
        """
        if not isinstance(reason, str) or not reason.strip():
            raise InvalidPolicyError(
                "reason for a derived policy", quoted(reason), "a non-empty str"
            )
        if name == self.name:
            raise InvalidPolicyError(
                "name of a derived policy", quoted(name), f"a name other than {self.name!r}"
            )
        unknown = sorted(set(figures) - set(_RULE_OF_FIGURE))
        if unknown:
            raise InvalidPolicyError(
                "figure names",
                abbreviate(", ".join(unknown), 200),
                f"among {', '.join(sorted(_RULE_OF_FIGURE))}",
            )
        replaced: dict[str, Any] = {
            figure: _figure_value(figure, value) for figure, value in figures.items()
        }
        new_changes = tuple(
            PolicyChange(figure, getattr(self, figure), replaced[figure], rule_id)
            for figure, rule_id in _RULE_OF_FIGURE.items()
            if figure in replaced and getattr(self, figure) != replaced[figure]
        )
        if not new_changes:
            raise InvalidPolicyError(
                "figures of a derived policy",
                "none changed",
                f"at least one different from policy {self.name!r}",
            )
        return attrs.evolve(
            self,
            name=name,
            reason=reason,
            derived_from=self.name,
            lineage=(*self.lineage, self.name),
            changes=self.changes + new_changes,
            **replaced,
        )

    def _violation(self, subject: str, given: object, allowed: str, rule: RuleId) -> NoReturn:
        raise PolicyViolationError(
            subject, str(given), f"{allowed} under policy {self.name!r}", rule_id=rule
        )

    def allows_start(self, amount: Dose | Decimal | Fraction) -> bool:
        """Whether ``amount`` mg may be the first daily dose (LDN-START).

        True when ``start_min <= amount <= start_max``, compared exactly (a
        Fraction such as 1/3 mg included, whatever the caller's decimal context).
        Only the rule is asked: whether ``amount`` is a dose at all is for
        :class:`~ldn.Dose` to say.

        >>> MONOGRAPH.allows_start(Dose("0.5")), MONOGRAPH.allows_start(Fraction(2, 3))
        (True, True)
        >>> MONOGRAPH.allows_start(Fraction(1, 3)), MONOGRAPH.allows_start(Decimal("1.5001"))
        (False, False)
        """
        return _within(_exact_mg(amount), self.start_min, self.start_max)

    def allows_daily(self, amount: Dose | Decimal | Fraction) -> bool:
        """Whether ``amount`` mg may be taken in a day (LDN-DOSE-MAX).

        True when ``amount <= max_daily_dose``, compared exactly as
        :meth:`allows_start` compares.

        >>> MONOGRAPH.allows_daily(Dose("4.5")), MONOGRAPH.allows_daily(Decimal("4.5000001"))
        (True, False)
        """
        return _within(_exact_mg(amount), None, self.max_daily_dose)

    def allows_interval(self, days: int) -> bool:
        """Whether a titration may change its dose every ``days`` days (LDN-STEP-INTERVAL).

        True when ``min_interval_days <= days <= max_interval_days``.

        >>> [MONOGRAPH.allows_interval(days) for days in (6, 7, 14, 15)]
        [False, True, True, False]
        """
        int_arg(days, "days")
        return self.min_interval_days <= days <= self.max_interval_days

    def allows_rise_after(self, days: int) -> bool:
        """Whether a dose held for ``days`` days may rise (LDN-STEP-INTERVAL).

        True when ``days >= min_interval_days``: a dose is held at least that long.

        >>> MONOGRAPH.allows_rise_after(6), MONOGRAPH.allows_rise_after(30)
        (False, True)
        """
        int_arg(days, "days")
        return days >= self.min_interval_days

    def allows_rise(
        self, previous: Dose | Decimal | Fraction, following: Dose | Decimal | Fraction
    ) -> bool:
        """Whether a daily dose may rise from ``previous`` to ``following`` mg in one step
        (LDN-STEP-SIZE): by at most ``max_rise``, compared exactly; a fall always may.

        >>> MONOGRAPH.allows_rise(Dose("3"), Dose("4.5")), MONOGRAPH.allows_rise(Dose("1.5"), Dose("4.5"))
        (True, False)
        """
        before, after = _exact_mg(previous), _exact_mg(following)
        if before is None or after is None:
            return False  # a Decimal NaN: no rule allows it
        if after <= before:
            return True
        low, high = _bounded(before), _bounded(after)
        if low is None or high is None:
            return False  # an infinite or astronomically scaled amount: no dose
        return high - low <= Fraction(self.max_rise.mg)

    def continues_after(self, days: int) -> bool:
        """Whether an LDN order ``days`` days after LDN was last taken continues it
        (LDN-CONTINUE): ``0 <= days <= continuation_days``; after a longer gap it restarts.

        >>> [MONOGRAPH.continues_after(d) for d in (0, 7, 8)]
        [True, True, False]
        """
        int_arg(days, "days")
        return 0 <= days <= self.continuation_days

    def allows_timing(self, *, per_day: Fraction | int, at_bedtime: bool | None) -> bool:
        """Whether doses ``per_day`` times a day, at bedtime or not, keep to LDN-TIMING.

        True when ``per_day <= 1`` and ``at_bedtime`` is not False (None: the time
        of day is not stated, which the rule does not refuse).

        >>> MONOGRAPH.allows_timing(per_day=1, at_bedtime=True)
        True
        >>> MONOGRAPH.allows_timing(per_day=1, at_bedtime=None)
        True
        >>> MONOGRAPH.allows_timing(per_day=2, at_bedtime=True)
        False
        >>> MONOGRAPH.allows_timing(per_day=1, at_bedtime=False)
        False
        """
        if isinstance(per_day, bool) or not isinstance(per_day, Fraction | int):
            raise LdnTypeError("per_day", describe(per_day), "a Fraction or int")
        if at_bedtime is not None and not isinstance(at_bedtime, bool):
            raise LdnTypeError("at_bedtime", describe(at_bedtime), "a bool or None")
        return per_day <= 1 and at_bedtime is not False

    def opioid_free_interval(self, washout: Washout) -> int:
        """The days that must pass after an opioid of this ``washout`` before the first dose.

        >>> [MONOGRAPH.opioid_free_interval(w) for w in (Washout.SHORT, Washout.LONG)]
        [10, 14]
        """
        kind = to_washout(washout)
        if kind is Washout.SHORT:
            return self.opioid_free_days
        if kind is Washout.LONG:
            return self.opioid_free_days_long
        return self.opioid_free_days_depot

    def allows_start_after_opioid(self, days: int, washout: Washout) -> bool:
        """Whether a first dose ``days`` days after the last opioid keeps to LDN-OPIOID-FREE.

        ``days`` counts calendar days from the day the opioid was last taken to the day
        of the first dose: an opioid last taken on day D allows a first dose on day
        D + interval, not before (a negative ``days``, an opioid taken after the first
        dose, never allows it).

        >>> MONOGRAPH.allows_start_after_opioid(9, Washout.SHORT)
        False
        >>> MONOGRAPH.allows_start_after_opioid(10, Washout.SHORT)
        True
        >>> MONOGRAPH.allows_start_after_opioid(10, Washout.LONG)
        False
        """
        int_arg(days, "days")
        return days >= self.opioid_free_interval(washout)

    def allows_confirmation_age(self, days: int) -> bool:
        """Whether a record made ``days`` days before the first dose may confirm (LDN-CONFIRM).

        True when ``0 <= days <= confirmation_days``: a record from after the first
        dose, or older than the window, confirms nothing.

        >>> [MONOGRAPH.allows_confirmation_age(d) for d in (-1, 0, 7, 8)]
        [False, True, True, False]
        """
        int_arg(days, "days")
        return 0 <= days <= self.confirmation_days

    def check_daily_dose(self, dose: DoseInput) -> Dose:
        """Return the dose if this policy allows it as a daily dose, else raise (LDN-DOSE-MAX).

        >>> MONOGRAPH.check_daily_dose("4.5")
        Dose('4.5')
        >>> MONOGRAPH.check_daily_dose("6")
        Traceback (most recent call last):
        ...
        ldn.errors.PolicyViolationError: daily dose must be at most 4.5 mg under policy 'monograph', got 6 mg [LDN-DOSE-MAX]
        """
        checked = as_dose(dose)
        if not self.allows_daily(checked):
            self._violation(
                "daily dose", checked, f"at most {self.max_daily_dose}", RuleId.DOSE_MAX
            )
        return checked

    def check_start_dose(self, dose: DoseInput) -> Dose:
        """Return the dose if this policy allows it as a first dose, else raise (LDN-START)."""
        checked = as_dose(dose)
        if not self.allows_start(checked):
            self._violation(
                "starting dose",
                checked,
                f"between {self.start_min} and {self.start_max} inclusive",
                RuleId.START,
            )
        return checked

    def check_interval(self, days: int) -> int:
        """Return ``days`` if doses may change that often, else raise (LDN-STEP-INTERVAL)."""
        int_arg(days, "interval in days")
        if not self.allows_interval(days):
            self._violation(
                "interval between dose changes",
                f"{shown(days)} days",
                f"between {self.min_interval_days} and {self.max_interval_days} days",
                RuleId.STEP_INTERVAL,
            )
        return days

    def is_typical(self, dose: DoseInput) -> bool:
        """Whether a maintenance dose lies in the typical range (LDN-DOSE-TYPICAL; information only).

        >>> MONOGRAPH.is_typical("4.5"), MONOGRAPH.is_typical("0.5")
        (True, False)
        """
        return self.typical_low <= as_dose(dose) <= self.typical_high


#: The default policy once built: the only policy that may bear its name.
_DEFAULT: dict[str, Policy] = {}

#: The default policy: the monograph's own figures.
MONOGRAPH: Final = Policy(
    name=MONOGRAPH_NAME,
    reason="The figures of the low dose naltrexone monograph, unchanged.",
    max_daily_dose="4.5",
    typical_low="1",
    typical_high="5",
    typical_common="4.5",
    start_min="0.5",
    start_max="1.5",
    min_interval_days=7,
    max_interval_days=14,
    review_from_day=28,
    review_to_day=42,
    loperamide_blocks=False,
    liquid_tablet="50",
    liquid_water="100",
    opioid_free_days=10,
    opioid_free_days_long=14,
    opioid_free_days_depot=DEPOT_DAYS,
    unrecognised_blocks=False,
    dispense_days_default=30,
    confirmation_days=7,
    continuation_days=7,
    max_rise="1.5",
)
_DEFAULT[MONOGRAPH_NAME] = MONOGRAPH
